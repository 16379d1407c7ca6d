//! Paragraph matching: exact copies, accepted links, splits, merges, moves,
//! and the assembly of the [`Alignment`] (module docs of [`diff`](super),
//! steps 1, 3 and 4; the word diff of step 5 is run from here).

use std::ops::Range;

use super::blocks::{diff_block, ParaResult, Texts};
use super::similarity::{tokens_of, Link, Scratch, SourceIndex};
use super::words;
use super::{
    AlignConfig, Alignment, Kind, Mapping, ReprintParagraph, SourceParagraph, Split, Summary,
};
use crate::shingle::{mix64, Shingler};
use crate::text::{Analysis, Token};

/// The source's shingle index for [`align`], built once for any number of
/// reprints.
pub(crate) fn source_index(source: &Analysis, config: &AlignConfig) -> SourceIndex {
    let shingler = Shingler::new(config.shingle_words()).unwrap_or_default();
    SourceIndex::new(shingler, source)
}

/// Aligns `reprint` against `source`, whose [`source_index`] is `index`.
pub(crate) fn align(
    source_text: &str,
    source: &Analysis,
    index: &SourceIndex,
    reprint_text: &str,
    reprint: &Analysis,
    config: &AlignConfig,
) -> Alignment {
    let nr = reprint.paragraphs.len();
    let ns = source.paragraphs.len();
    let r_tokens = |r: usize| tokens_of(reprint, reprint.paragraphs[r].tokens.clone());
    let s_tokens = |s: usize| tokens_of(source, source.paragraphs[s].tokens.clone());

    // Step 1: identical paragraphs.
    let copies = exact_copies(source, reprint);

    // Step 2: shared passages of the other paragraphs.
    let mut scratch = Scratch::default();
    let links: Vec<Vec<Link>> = (0..nr)
        .map(|r| match copies[r] {
            Some(_) => Vec::new(),
            None => index.links(r_tokens(r), &mut scratch),
        })
        .collect();

    // Step 3: anchors first, then the links they support.
    let evidence =
        |r: usize, l: &Link| Evidence::of(l, r_tokens(r).len(), s_tokens(l.source).len(), config);
    let anchors: Vec<Vec<usize>> = (0..nr)
        .map(|r| match copies[r] {
            Some(s) if r_tokens(r).len() >= config.min_shared_words() => vec![s],
            Some(_) => Vec::new(),
            None => links[r]
                .iter()
                .filter(|l| evidence(r, l).anchor())
                .map(|l| l.source)
                .collect(),
        })
        .collect();
    let windows = windows(&anchors);
    let mut sources: Vec<Vec<Link>> = Vec::with_capacity(nr);
    for (r, r_links) in links.into_iter().enumerate() {
        let anchored = !anchors[r].is_empty();
        let accepted: Vec<Link> = r_links
            .into_iter()
            .filter(|l| {
                let e = evidence(r, l);
                e.anchor()
                    || (e.weak()
                        && (anchored || windows[r].as_ref().is_some_and(|w| w.contains(&l.source))))
            })
            .collect();
        sources.push(cover(accepted));
    }

    // Step 4: splits and the blocks to diff.
    let splits = find_splits(&copies, &sources);
    let mut results: Vec<ParaResult> = (0..nr).map(|_| ParaResult::default()).collect();
    let mut mapping = vec![Mapping::None; nr];
    let mut reused = vec![false; source.tokens.len()];
    let in_split: Vec<bool> = {
        let mut v = vec![false; nr];
        for sp in &splits {
            sp.reprint_paragraphs.iter().for_each(|&r| v[r] = true);
        }
        v
    };
    // Word ids for the diffs, shared by both texts.
    let mut interner = words::Interner::with_capacity(source.tokens.len());
    let source_ids: Vec<u32> = source.tokens.iter().map(|t| interner.id(t.hash)).collect();
    let reprint_ids: Vec<u32> = reprint.tokens.iter().map(|t| interner.id(t.hash)).collect();
    let texts = Texts {
        source_text,
        source,
        reprint_text,
        reprint,
        source_ids,
        reprint_ids,
        num_ids: interner.len(),
    };
    for r in 0..nr {
        if let Some(s) = copies[r] {
            let range = source.paragraphs[s].tokens.clone();
            results[r] = ParaResult {
                matched: r_tokens(r).len(),
                key: Some(range.start),
                ..ParaResult::default()
            };
            mark(&mut reused, range);
            mapping[r] = Mapping::Single;
        } else if !sources[r].is_empty() && !in_split[r] {
            let srcs: Vec<usize> = sources[r].iter().map(|l| l.source).collect();
            let out = diff_block(&texts, &[r], &srcs, &mut reused);
            mapping[r] = if srcs.len() > 1 {
                Mapping::Merge
            } else {
                Mapping::Single
            };
            results[r] = out.into_iter().next().unwrap_or_default();
        }
    }
    for sp in &splits {
        let out = diff_block(
            &texts,
            &sp.reprint_paragraphs,
            &[sp.source_paragraph],
            &mut reused,
        );
        for (&r, res) in sp.reprint_paragraphs.iter().zip(out) {
            results[r] = res;
            mapping[r] = Mapping::Split;
        }
    }

    // Moves: the longest chain of derived paragraphs whose first matched
    // source word never goes backwards.
    let derived: Vec<usize> = (0..nr).filter(|&r| mapping[r] != Mapping::None).collect();
    let keys: Vec<usize> = derived
        .iter()
        .map(|&r| {
            results[r].key.unwrap_or_else(|| {
                let s = copies[r].or_else(|| sources[r].first().map(|l| l.source));
                s.map_or(0, |s| source.paragraphs[s].tokens.start)
            })
        })
        .collect();
    let on_chain = longest_nondecreasing(&keys);
    let mut moved = vec![false; nr];
    for (x, &r) in derived.iter().enumerate() {
        moved[r] = !on_chain[x];
    }

    // Assembly.
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); ns];
    let mut paragraphs = Vec::with_capacity(nr);
    let mut taken_words = 0;
    for (r, res) in results.into_iter().enumerate() {
        let p = &reprint.paragraphs[r];
        let srcs: Vec<usize> = match copies[r] {
            Some(s) => vec![s],
            None => sources[r].iter().map(|l| l.source).collect(),
        };
        for &s in &srcs {
            users[s].push(r);
        }
        let kind = if copies[r].is_some() {
            Kind::Copied
        } else if srcs.is_empty() {
            Kind::Added
        } else {
            Kind::Edited
        };
        let n = r_tokens(r).len();
        if kind != Kind::Added {
            taken_words += res.matched;
        }
        let similarity = match kind {
            Kind::Copied => 1.0,
            Kind::Added => 0.0,
            Kind::Edited => {
                let denom = n + res.matched + res.replaced;
                if denom == 0 {
                    0.0
                } else {
                    (2 * res.matched) as f64 / denom as f64
                }
            }
        };
        paragraphs.push(ReprintParagraph {
            start: p.span.start,
            end: p.span.end,
            kind,
            source_paragraphs: srcs,
            similarity,
            mapping: mapping[r],
            moved: moved[r],
            edits: res.edits,
        });
    }
    let source_paragraphs: Vec<SourceParagraph> = source
        .paragraphs
        .iter()
        .zip(users)
        .map(|(p, users)| SourceParagraph {
            start: p.span.start,
            end: p.span.end,
            reprint_paragraphs: users,
        })
        .collect();
    let omitted: Vec<usize> = (0..ns)
        .filter(|&s| source_paragraphs[s].reprint_paragraphs.is_empty())
        .collect();

    let count = |k: Kind| paragraphs.iter().filter(|p| p.kind == k).count();
    let reused_words = reused.iter().filter(|&&b| b).count();
    let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let summary = Summary {
        reprint_words: reprint.tokens.len(),
        source_words: source.tokens.len(),
        taken_words,
        reused_words,
        taken_share: share(taken_words, reprint.tokens.len()),
        reused_share: share(reused_words, source.tokens.len()),
        copied: count(Kind::Copied),
        edited: count(Kind::Edited),
        added: count(Kind::Added),
        omitted: omitted.len(),
        splits: splits.len(),
        merges: paragraphs
            .iter()
            .filter(|p| p.mapping == Mapping::Merge)
            .count(),
        moved: moved.iter().filter(|&&m| m).count(),
    };
    Alignment {
        paragraphs,
        omitted_source_paragraphs: omitted,
        source: source_paragraphs,
        splits,
        summary,
    }
}

/// The evidence a link carries (module docs, step 3).
struct Evidence {
    /// Half the shorter side covered, and enough shared words.
    mass: bool,
    /// A shared run of at least `anchor_words` words.
    long_run: bool,
    /// A shared run of at least half the shorter paragraph.
    half_run: bool,
    /// At least `min_shared_words` shared words on both sides.
    substantial: bool,
}

impl Evidence {
    fn of(l: &Link, r_len: usize, s_len: usize, c: &AlignConfig) -> Self {
        let cov = |w: usize, n: usize| if n == 0 { 0.0 } else { w as f64 / n as f64 };
        let cov_r = cov(l.reprint_words, r_len);
        let cov_s = cov(l.source_words, s_len);
        let t = c.min_coverage();
        let substantial = l.reprint_words.min(l.source_words) >= c.min_shared_words();
        Evidence {
            mass: cov_r.max(cov_s) >= t && (substantial || cov_r.min(cov_s) >= t),
            long_run: l.run >= c.anchor_words(),
            half_run: l.run > 0 && 2 * l.run >= r_len.min(s_len),
            substantial,
        }
    }

    /// Accepted on its own.
    fn anchor(&self) -> bool {
        self.mass && self.long_run && self.substantial
    }

    /// Accepted where the anchors around it allow.
    fn weak(&self) -> bool {
        self.mass || self.long_run || self.half_run
    }
}

/// For each reprint paragraph, the source paragraphs that a weak link may
/// point into: from the first source of the nearest anchored paragraph
/// before it to the last source of the nearest anchored paragraph after it,
/// both included. `None` when there is no anchored paragraph at all.
fn windows(anchors: &[Vec<usize>]) -> Vec<Option<Range<usize>>> {
    let n = anchors.len();
    let mut prev: Vec<Option<usize>> = vec![None; n];
    let mut last = None;
    for r in 0..n {
        prev[r] = last;
        if let Some(&m) = anchors[r].iter().min() {
            last = Some(m);
        }
    }
    let mut next: Vec<Option<usize>> = vec![None; n];
    let mut last = None;
    for r in (0..n).rev() {
        next[r] = last;
        if let Some(&m) = anchors[r].iter().max() {
            last = Some(m);
        }
    }
    (0..n)
        .map(|r| match (prev[r], next[r]) {
            (None, None) => None,
            (lo, hi) => {
                let lo = lo.unwrap_or(0);
                let hi = hi.unwrap_or(usize::MAX);
                let (lo, hi) = (lo.min(hi), lo.max(hi));
                Some(lo..hi.saturating_add(1))
            }
        })
        .collect()
}

/// Keeps the links that explain words of the paragraph no better link
/// explains (at least half of their own covered words), best first; returns
/// them in the order the reprint uses them.
fn cover(mut links: Vec<Link>) -> Vec<Link> {
    if links.len() <= 1 {
        return links;
    }
    links.sort_by(|a, b| {
        b.reprint_words
            .cmp(&a.reprint_words)
            .then(a.source.cmp(&b.source))
    });
    let mut covered: Vec<Range<usize>> = Vec::new();
    let mut kept = Vec::new();
    for l in links {
        let old = overlap(&l.covered, &covered);
        if kept.is_empty() || 2 * (l.reprint_words - old.min(l.reprint_words)) >= l.reprint_words {
            covered.extend(l.covered.iter().cloned());
            covered.sort_by_key(|r| r.start);
            covered = merge_ranges(covered);
            kept.push(l);
        }
    }
    kept.sort_by_key(|l| (l.first, l.source));
    kept
}

/// Total length of the intersection of two sorted lists of disjoint ranges.
fn overlap(a: &[Range<usize>], b: &[Range<usize>]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let lo = a[i].start.max(b[j].start);
        let hi = a[i].end.min(b[j].end);
        n += hi.saturating_sub(lo);
        if a[i].end < b[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
    n
}

fn merge_ranges(sorted: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Consecutive edited paragraphs with the same single source, each covering
/// a different part of it (less than half of the smaller coverage shared).
fn find_splits(copies: &[Option<usize>], sources: &[Vec<Link>]) -> Vec<Split> {
    let single = |r: usize| match (copies[r], sources[r].as_slice()) {
        (None, [l]) => Some(l),
        _ => None,
    };
    let mut out = Vec::new();
    let mut r = 0;
    while r < sources.len() {
        let Some(first) = single(r) else {
            r += 1;
            continue;
        };
        let mut group = vec![r];
        let mut prev = first;
        let mut next = r + 1;
        while let Some(l) = single_at(next, sources.len(), &single) {
            let shared = overlap(&prev.source_covered, &l.source_covered);
            let smaller = prev.source_words.min(l.source_words);
            if l.source != first.source || 2 * shared >= smaller.max(1) {
                break;
            }
            group.push(next);
            prev = l;
            next += 1;
        }
        if group.len() >= 2 {
            out.push(Split {
                source_paragraph: first.source,
                reprint_paragraphs: group,
            });
        }
        r = next;
    }
    out
}

fn single_at<'a>(
    r: usize,
    n: usize,
    single: &impl Fn(usize) -> Option<&'a Link>,
) -> Option<&'a Link> {
    if r < n {
        single(r)
    } else {
        None
    }
}

/// The first source paragraph identical (same token hashes) to each reprint
/// paragraph, preferring the first one after the previous copy.
fn exact_copies(source: &Analysis, reprint: &Analysis) -> Vec<Option<usize>> {
    let seq = |tokens: &[Token]| {
        tokens.iter().fold(tokens.len() as u64, |acc, t| {
            mix64(acc ^ t.hash).rotate_left(17)
        })
    };
    let mut table: Vec<(u64, usize)> = (0..source.paragraphs.len())
        .map(|s| {
            (
                seq(tokens_of(source, source.paragraphs[s].tokens.clone())),
                s,
            )
        })
        .collect();
    table.sort_unstable();
    let mut last: Option<usize> = None;
    let mut out = Vec::with_capacity(reprint.paragraphs.len());
    for p in &reprint.paragraphs {
        let tokens = tokens_of(reprint, p.tokens.clone());
        let h = seq(tokens);
        let lo = table.partition_point(|e| e.0 < h);
        let same = |s: usize| {
            let other = tokens_of(source, source.paragraphs[s].tokens.clone());
            !tokens.is_empty()
                && other.len() == tokens.len()
                && other.iter().zip(tokens).all(|(a, b)| a.hash == b.hash)
        };
        let candidates = table[lo..]
            .iter()
            .take_while(|e| e.0 == h)
            .map(|e| e.1)
            .filter(|&s| same(s));
        let mut first = None;
        let mut after = None;
        for s in candidates {
            first = first.or(Some(s));
            if after.is_none() && last.is_none_or(|l| s > l) {
                after = Some(s);
            }
        }
        let pick = after.or(first);
        if pick.is_some() {
            last = pick;
        }
        out.push(pick);
    }
    out
}

/// Marks, for the longest non-decreasing subsequence of `keys`, which
/// elements are on it (patience sorting with back links; ties go to the
/// earliest element, so the result is deterministic).
fn longest_nondecreasing(keys: &[usize]) -> Vec<bool> {
    let mut tails: Vec<usize> = Vec::new(); // indexes into keys
    let mut back: Vec<Option<usize>> = vec![None; keys.len()];
    for (i, &k) in keys.iter().enumerate() {
        let pos = tails.partition_point(|&t| keys[t] <= k);
        back[i] = pos.checked_sub(1).map(|p| tails[p]);
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut on = vec![false; keys.len()];
    let mut cur = tails.last().copied();
    while let Some(i) = cur {
        on[i] = true;
        cur = back[i];
    }
    on
}

fn mark(bits: &mut [bool], range: Range<usize>) {
    if let Some(b) = bits.get_mut(range) {
        b.iter_mut().for_each(|x| *x = true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lnds_marks_the_chain() {
        assert_eq!(
            longest_nondecreasing(&[0, 2, 1, 3, 3]),
            [true, false, true, true, true]
        );
        assert!(longest_nondecreasing(&[]).is_empty());
        assert_eq!(
            longest_nondecreasing(&[5, 1])
                .iter()
                .filter(|&&b| b)
                .count(),
            1
        );
    }

    #[test]
    fn window_bounds() {
        let w = windows(&[vec![], vec![4], vec![], vec![8], vec![]]);
        assert_eq!(w[0], Some(0..5));
        assert_eq!(w[2], Some(4..9));
        assert_eq!(w[4], Some(8..usize::MAX));
        assert_eq!(windows(&[vec![], vec![]]), vec![None, None]);
    }

    #[test]
    fn overlap_of_ranges() {
        let (a, b) = (vec![0..5, 8..10], vec![3..9, 20..22]);
        assert_eq!(overlap(&a, &b), 3);
        assert_eq!(overlap(&[], &b), 0);
    }
}
