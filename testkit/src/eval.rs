//! Scoring an engine's pairs against the truth of a generated corpus: as a
//! whole ([`score`]) and reuse case by case ([`score_reuse`]).

use std::collections::{HashMap, HashSet};

use super::{GeneratedDoc, PassageKind, Role, Truth};

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

/// One reuse case's count: how many true pairs, how many were found, how
/// many of those were labelled a reprint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CaseScore {
    /// True pairs of the case.
    pub true_pairs: usize,
    /// Of those, how many were found (as a pair, in either order, whatever
    /// the label).
    pub found: usize,
    /// Of those found, how many were labelled `reprint` (compared without
    /// case). A follow-up's or a report's pair so labelled is wrong.
    pub labelled_reprint: usize,
}

impl CaseScore {
    /// `found / true_pairs` (1 when there is nothing to find).
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.true_pairs)
    }

    fn add(&mut self, found: Option<bool>) {
        self.true_pairs += 1;
        if let Some(reprint) = found {
            self.found += 1;
            self.labelled_reprint += usize::from(reprint);
        }
    }
}

/// Story reprints whose kept fraction is in `min_kept..max_kept` (the last
/// bucket includes 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeptBucket {
    /// Lowest kept fraction of the bucket.
    pub min_kept: f64,
    /// Kept fractions below this (or up to 1 in the last bucket).
    pub max_kept: f64,
    /// The bucket's count.
    pub score: CaseScore,
}

/// Bucket edges of [`ReuseScores::by_kept`].
pub const KEPT_EDGES: [f64; 7] = [0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0];

/// Recall case by case on a corpus with the reuse cases of
/// [`CorpusConfig::reuse_of_every_size`](crate::CorpusConfig::reuse_of_every_size).
/// Made by [`score_reuse`].
#[derive(Debug, Clone, PartialEq)]
pub struct ReuseScores {
    /// (wire, reprint) pairs of stories, with clean text (briefs and OCR'd
    /// reprints excluded).
    pub story_reprints: CaseScore,
    /// The same by kept fraction, in the buckets of [`KEPT_EDGES`].
    pub by_kept: Vec<KeptBucket>,
    /// (wire, reprint) pairs of briefs, with clean text (OCR'd ones
    /// excluded).
    pub briefs: CaseScore,
    /// (wire, reprint) pairs, of stories or briefs, whose reprint went
    /// through the OCR channel (counted here only).
    pub ocr: CaseScore,
    /// Pairs of long documents sharing a pasted passage.
    pub pasted: CaseScore,
    /// Pairs of a story and its follow-up (a shared background paragraph;
    /// never a reprint).
    pub background: CaseScore,
    /// Pairs of instances of a recurring report (a template; never a
    /// reprint).
    pub templates: CaseScore,
}

impl ReuseScores {
    /// Pairs labelled `reprint` that are a follow-up's or a report's: each
    /// is a wrong label.
    pub fn mislabelled(&self) -> usize {
        self.background.labelled_reprint + self.templates.labelled_reprint
    }
}

/// Scores `found` pairs `(id_a, id_b, label)` case by case against the
/// truth. The label is whatever the engine calls the relation (`reprint`,
/// `duplicate`, a shared passage…), or `None`; only `reprint` (without
/// case) is looked at, to count follow-ups and reports wrongly labelled a
/// reprint. A pair found twice counts once, as a reprint if either label
/// says so.
///
/// ```
/// use reprint_testkit::{generate, score_reuse, CorpusConfig};
///
/// let config = CorpusConfig { follow_ups: 2, ..CorpusConfig::default().with_total_docs(30)? };
/// let corpus = generate(&config)?;
/// let shared = corpus.truth.shared_passages();
/// let found = shared.iter().map(|p| (p.a, p.b, Some("reprint")));
/// let scores = score_reuse(&corpus.truth, found);
/// assert_eq!(scores.background.recall(), 1.0);
/// assert_eq!(scores.mislabelled(), 2);
/// assert_eq!(scores.story_reprints.found, 0);
/// # Ok::<(), reprint::Error>(())
/// ```
pub fn score_reuse<'a>(
    truth: &Truth,
    found: impl IntoIterator<Item = (&'a str, &'a str, Option<&'a str>)>,
) -> ReuseScores {
    let mut labels: HashMap<(&str, &str), bool> = HashMap::new();
    for (a, b, label) in found {
        let reprint = label.is_some_and(|l| l.eq_ignore_ascii_case("reprint"));
        let key = if a <= b { (a, b) } else { (b, a) };
        *labels.entry(key).or_default() |= reprint;
    }
    let lookup = |a: &str, b: &str| -> Option<bool> {
        let key = if a <= b { (a, b) } else { (b, a) };
        labels.get(&key).copied()
    };
    let mut s = ReuseScores {
        story_reprints: CaseScore::default(),
        by_kept: KEPT_EDGES
            .windows(2)
            .map(|w| KeptBucket {
                min_kept: w[0],
                max_kept: w[1],
                score: CaseScore::default(),
            })
            .collect(),
        briefs: CaseScore::default(),
        ocr: CaseScore::default(),
        pasted: CaseScore::default(),
        background: CaseScore::default(),
        templates: CaseScore::default(),
    };
    let last = s.by_kept.len() - 1;
    for r in &truth.reprints {
        let hit = lookup(&r.source, &r.reprint);
        if r.ocr_edits > 0 {
            s.ocr.add(hit);
        } else if r.brief_edits.is_some() {
            s.briefs.add(hit);
        } else {
            s.story_reprints.add(hit);
            if let Some(b) = s.by_kept.iter_mut().enumerate().find_map(|(i, b)| {
                (r.kept >= b.min_kept && (r.kept < b.max_kept || i == last)).then_some(b)
            }) {
                b.score.add(hit);
            }
        }
    }
    for p in truth.shared_passages() {
        let hit = lookup(p.a, p.b);
        match p.kind {
            PassageKind::Pasted => s.pasted.add(hit),
            PassageKind::Background => s.background.add(hit),
            PassageKind::Template => s.templates.add(hit),
        }
    }
    s
}
