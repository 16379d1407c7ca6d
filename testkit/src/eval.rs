//! Scoring an engine's pairs against the truth of a generated corpus.

use std::collections::{HashMap, HashSet};

use super::{GeneratedDoc, Role, Truth};

/// Precision and recall of found pairs against a corpus's truth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// True (wire, reprint) pairs whose reprint kept at least the threshold.
    pub true_pairs: usize,
    /// Of those, how many were found (as a pair, in either order).
    pub found_true: usize,
    /// Pairs reported.
    pub reported: usize,
    /// Reported pairs that are wrong: the two documents are not the wire
    /// copy and a reprint of one story, nor two reprints of one story.
    pub wrong: usize,
}

impl Scores {
    /// `found_true / true_pairs` (1 when there is nothing to find).
    pub fn recall(&self) -> f64 {
        ratio(self.found_true, self.true_pairs)
    }

    /// `(reported - wrong) / reported` (1 when nothing is reported).
    pub fn precision(&self) -> f64 {
        ratio(self.reported - self.wrong, self.reported)
    }
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 {
        1.0
    } else {
        n as f64 / d as f64
    }
}

/// Which story a document belongs to as wire copy or reprint (rivals and
/// unrelated articles belong to none).
pub fn story_of(doc: &GeneratedDoc) -> Option<u64> {
    match doc.role {
        Role::Wire { story } | Role::Reprint { story, .. } => Some(story),
        _ => None,
    }
}

/// Scores `reported` pairs of document ids.
///
/// Recall counts the true `(wire, reprint)` pairs with `kept >= min_kept`
/// found among the reported pairs. Precision counts a reported pair as
/// right when both documents carry the same story's wire text: the wire copy
/// and a reprint (whatever it kept), or two reprints of the same story
/// (they share the wire text both kept). `stories` maps ids to
/// [`story_of`]; ids missing from it belong to no story.
pub fn score<'a>(
    truth: &Truth,
    stories: &HashMap<String, Option<u64>>,
    reported: impl IntoIterator<Item = (&'a str, &'a str)>,
    min_kept: f64,
) -> Scores {
    let mut found: HashSet<(&str, &str)> = HashSet::new();
    let mut wrong = 0;
    let mut n = 0;
    for (a, b) in reported {
        n += 1;
        let sa = stories.get(a).copied().flatten();
        let sb = stories.get(b).copied().flatten();
        if sa.is_none() || sa != sb {
            wrong += 1;
        }
        found.insert(if a <= b { (a, b) } else { (b, a) });
    }
    let pairs = truth.pairs(min_kept);
    let found_true = pairs
        .iter()
        .filter(|&&(s, r)| found.contains(&if s <= r { (s, r) } else { (r, s) }))
        .count();
    Scores {
        true_pairs: pairs.len(),
        found_true,
        reported: n,
        wrong,
    }
}
