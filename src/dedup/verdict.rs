//! The boilerplate verdict on a common bucket's sample: one story's
//! passage, or a footer (see `pipeline/common.rs` for how buckets are
//! chosen and sampled, and [`Stages::boilerplate`](super::Stages::boilerplate)).

use super::cluster::UnionFind;
use super::verify::{Overlap, Rule};
use crate::radix::sort_u32;

/// The thresholds a verdict reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct VerdictRule {
    /// Stories a sample must span to be boilerplate.
    pub stories: usize,
    /// Share of a document that recurring text must be for it to count
    /// as a copy of that text.
    pub copy_share: f64,
    /// The verification rule that relates two documents.
    pub rule: Rule,
}

/// The boilerplate the sampled documents' shingle `sets` show, or `None`
/// if they are of fewer than `stories` stories: the text that recurs in
/// `stories` of them or more is left out; two are of one story when
/// related by the verification rule on what remains, or when both are
/// copies of the recurring text (a viral story's copies; briefs that are
/// mostly their footer). If they span `stories` stories, the shingles that
/// two stories or more hold are the boilerplate. The answer depends on the
/// sets alone, not on their order.
pub(crate) fn boilerplate_of(sets: &[&[u32]], v: &VerdictRule) -> Option<Vec<u32>> {
    let n = sets.len();
    if n < v.stories {
        return None;
    }
    let shared = held_by(sets.iter().copied(), v.stories);
    let rest: Vec<Vec<u32>> = sets.iter().map(|s| without(s, &shared)).collect();
    let copy: Vec<bool> = sets
        .iter()
        .zip(&rest)
        .map(|(s, r)| (s.len() - r.len()) as f64 >= v.copy_share * s.len() as f64)
        .collect();
    let mut uf = UnionFind::with_len(n);
    for i in 0..n {
        for j in i + 1..n {
            let one_story =
                (copy[i] && copy[j]) || Overlap::of(&rest[i], &rest[j]).classify(&v.rule).is_some();
            if one_story {
                uf.union(i as u32, j as u32);
            }
        }
    }
    let story: Vec<u32> = (0..n as u32).map(|i| uf.find(i)).collect();
    let mut roots = story.clone();
    roots.sort_unstable();
    roots.dedup();
    if roots.len() < v.stories {
        return None;
    }
    // Each story's text once, then what two stories or more hold.
    let mut texts: Vec<Vec<u32>> = Vec::new();
    let mut by_story: Vec<(u32, usize)> = story.iter().copied().zip(0..).collect();
    by_story.sort_unstable();
    for run in by_story.chunk_by(|x, y| x.0 == y.0) {
        let mut text: Vec<u32> = run
            .iter()
            .flat_map(|&(_, i)| sets[i].iter().copied())
            .collect();
        sort_u32(&mut text, &mut Vec::new());
        text.dedup();
        texts.push(text);
    }
    Some(held_by(texts.iter().map(Vec::as_slice), 2))
}

/// The values that at least `n` of the sorted, deduplicated `sets` hold,
/// sorted.
fn held_by<'a>(sets: impl Iterator<Item = &'a [u32]>, n: usize) -> Vec<u32> {
    let mut all: Vec<u32> = sets.flatten().copied().collect();
    sort_u32(&mut all, &mut Vec::new());
    all.chunk_by(|a, b| a == b)
        .filter(|run| run.len() >= n)
        .map(|run| run[0])
        .collect()
}

/// The values of sorted set `a` not in sorted set `b`: a shingle set
/// without the boilerplate learnt.
pub fn without(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len());
    let mut j = 0;
    for &x in a {
        while j < b.len() && b[j] < x {
            j += 1;
        }
        if b.get(j) != Some(&x) {
            out.push(x);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> VerdictRule {
        VerdictRule {
            stories: 4,
            copy_share: 0.8,
            rule: Rule {
                min_shared: 25,
                min_shared_share: 0.3,
                min_containment: 0.15,
                min_reprint_shared: 100,
                duplicate_jaccard: 0.8,
            },
        }
    }

    /// Six unrelated stories with one footer: the footer is boilerplate;
    /// six copies of one story with the footer are one story; the answer
    /// does not depend on the order of the sets.
    #[test]
    fn a_footer_over_stories_is_boilerplate_and_copies_are_not() {
        let footer: Vec<u32> = (1_000_000..1_000_030).collect();
        let story = |i: u32| -> Vec<u32> {
            let mut s: Vec<u32> = (i * 1000..i * 1000 + 200).chain(footer.clone()).collect();
            s.sort_unstable();
            s
        };
        let stories: Vec<Vec<u32>> = (0..6).map(story).collect();
        let sets: Vec<&[u32]> = stories.iter().map(Vec::as_slice).collect();
        assert_eq!(boilerplate_of(&sets, &rule()), Some(footer.clone()));
        let mut reversed = sets.clone();
        reversed.reverse();
        assert_eq!(boilerplate_of(&reversed, &rule()), Some(footer));
        let copies: Vec<&[u32]> = (0..6).map(|_| stories[0].as_slice()).collect();
        assert_eq!(boilerplate_of(&copies, &rule()), None);
        assert_eq!(
            boilerplate_of(&sets[..3], &rule()),
            None,
            "too few to judge"
        );
    }

    #[test]
    fn without_gives_the_same_answer_as_a_filter() {
        // Sets of every relative size, from a fixed xorshift stream.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |bound: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound) as u32
        };
        for (na, nb, range) in [
            (0, 5, 10),
            (5, 0, 10),
            (50, 5_000, 20_000),
            (5_000, 50, 20_000),
            (300, 300, 600),
        ] {
            let mut set = |n: usize| {
                let mut v: Vec<u32> = (0..n).map(|_| next(range)).collect();
                v.sort_unstable();
                v.dedup();
                v
            };
            let (a, b) = (set(na), set(nb));
            let naive: Vec<u32> = a
                .iter()
                .copied()
                .filter(|x| b.binary_search(x).is_err())
                .collect();
            assert_eq!(without(&a, &b), naive, "{na} {nb}");
        }
    }

    #[test]
    fn without_leaves_out_the_second_set() {
        assert_eq!(without(&[1, 3, 5, 7], &[0, 3, 4, 7, 9]), [1, 5]);
        assert_eq!(without(&[1, 2], &[]), [1, 2]);
        assert!(without(&[], &[1]).is_empty());
    }
}
