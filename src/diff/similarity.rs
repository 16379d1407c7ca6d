//! Shared passages between paragraphs: coverage and longest run, from word
//! shingles (see the module docs of [`diff`](super), steps 2 and 3).

use std::ops::Range;

use super::words::HashKeyed;
use crate::shingle::Shingler;
use crate::text::{Analysis, Token};

/// Shingles that occur at more source positions than this carry no
/// information about where a passage came from (a text repeating one phrase
/// hundreds of times); they are ignored, which also bounds the work on such
/// input. Histogram diff caps occurrences the same way.
const MAX_OCCURRENCES: usize = 64;

/// What one reprint paragraph shares with one source paragraph.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Link {
    /// Source paragraph index.
    pub source: usize,
    /// Reprint words inside a shared shingle.
    pub reprint_words: usize,
    /// Source words inside a shared shingle.
    pub source_words: usize,
    /// Longest run of consecutive shared words.
    pub run: usize,
    /// Position (in the reprint paragraph) of the first shared word.
    pub first: usize,
    /// The covered reprint words, as sorted disjoint ranges of positions in
    /// the reprint paragraph.
    pub covered: Vec<Range<usize>>,
    /// The covered source words, likewise, in the source paragraph.
    pub source_covered: Vec<Range<usize>>,
}

/// A table of the source's shingles, sorted by hash.
pub(crate) struct SourceIndex {
    shingler: Shingler,
    /// (shingle hash, source paragraph, position in the paragraph), sorted.
    entries: Vec<(u64, u32, u32)>,
    /// Where each shingle's entries are in `entries`.
    ranges: HashKeyed<(u32, u32)>,
    /// Word count of each source paragraph.
    lens: Vec<usize>,
}

impl SourceIndex {
    pub fn new(shingler: Shingler, source: &Analysis) -> Self {
        let mut entries = Vec::with_capacity(source.tokens.len());
        let mut hashes = Vec::new();
        let mut lens = Vec::with_capacity(source.paragraphs.len());
        for (s, p) in source.paragraphs.iter().enumerate() {
            let tokens = tokens_of(source, p.tokens.clone());
            lens.push(tokens.len());
            hashes.clear();
            shingler.shingles_into(tokens, &mut hashes);
            entries.extend(
                hashes
                    .iter()
                    .enumerate()
                    .map(|(i, &h)| (h, s as u32, i as u32)),
            );
        }
        entries.sort_unstable();
        // Drop over-frequent shingles.
        let mut kept = Vec::with_capacity(entries.len());
        let mut ranges = HashKeyed::default();
        ranges.reserve(entries.len());
        let mut i = 0;
        while i < entries.len() {
            let h = entries[i].0;
            let mut j = i;
            while j < entries.len() && entries[j].0 == h {
                j += 1;
            }
            if j - i <= MAX_OCCURRENCES {
                let start = kept.len() as u32;
                kept.extend_from_slice(&entries[i..j]);
                ranges.insert(h, (start, kept.len() as u32));
            }
            i = j;
        }
        SourceIndex {
            shingler,
            entries: kept,
            ranges,
            lens,
        }
    }

    fn lookup(&self, h: u64) -> &[(u64, u32, u32)] {
        match self.ranges.get(&h) {
            Some(&(lo, hi)) => self.entries.get(lo as usize..hi as usize).unwrap_or(&[]),
            None => &[],
        }
    }

    /// The links of one reprint paragraph (given by its tokens), sorted by
    /// source paragraph. `scratch` buffers are reused across calls.
    pub fn links(&self, tokens: &[Token], scratch: &mut Scratch) -> Vec<Link> {
        let k = self.shingler.k();
        scratch.hashes.clear();
        self.shingler.shingles_into(tokens, &mut scratch.hashes);
        let width_r = k.min(tokens.len());
        scratch.matches.clear();
        for (i, &h) in scratch.hashes.iter().enumerate() {
            for &(_, s, pos) in self.lookup(h) {
                scratch.matches.push((s, i as u32, pos));
            }
        }
        scratch.matches.sort_unstable();
        let mut out = Vec::new();
        let matches = &scratch.matches;
        let mut g = 0;
        while g < matches.len() {
            let s = matches[g].0;
            let mut e = g;
            while e < matches.len() && matches[e].0 == s {
                e += 1;
            }
            let group = &matches[g..e];
            let width_s = k.min(self.lens[s as usize]);
            // Sorted by reprint position already.
            let covered = union(group.iter().map(|m| m.1 as usize), width_r);
            scratch.positions.clear();
            scratch.positions.extend(group.iter().map(|m| m.2 as usize));
            scratch.positions.sort_unstable();
            let source_covered = union(scratch.positions.iter().copied(), width_s);
            // Longest diagonal: consecutive (i, pos), (i+1, pos+1).
            scratch.diagonals.clear();
            scratch
                .diagonals
                .extend(group.iter().map(|m| (i64::from(m.2) - i64::from(m.1), m.1)));
            scratch.diagonals.sort_unstable();
            let mut best = 0;
            let mut len = 0;
            for (x, pair) in scratch.diagonals.iter().enumerate() {
                let continues = x > 0 && {
                    let prev = scratch.diagonals[x - 1];
                    prev.0 == pair.0 && prev.1 + 1 == pair.1
                };
                len = if continues { len + 1 } else { 1 };
                best = best.max(len);
            }
            let run = if best == 0 {
                0
            } else {
                best + width_r.min(width_s) - 1
            };
            out.push(Link {
                source: s as usize,
                reprint_words: covered.iter().map(|r| r.len()).sum(),
                source_words: source_covered.iter().map(|r| r.len()).sum(),
                run,
                first: group.iter().map(|m| m.1 as usize).min().unwrap_or(0),
                covered,
                source_covered,
            });
            g = e;
        }
        out
    }
}

/// Reusable buffers for [`SourceIndex::links`].
#[derive(Default)]
pub(crate) struct Scratch {
    hashes: Vec<u64>,
    matches: Vec<(u32, u32, u32)>,
    positions: Vec<usize>,
    diagonals: Vec<(i64, u32)>,
}

/// The union of the ranges `start..start + width` for sorted starts.
fn union(starts: impl Iterator<Item = usize>, width: usize) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for s in starts {
        let e = s + width;
        match out.last_mut() {
            Some(last) if s <= last.end => last.end = last.end.max(e),
            _ => out.push(s..e),
        }
    }
    out
}

/// The tokens in `range`, or none if the analysis is inconsistent.
pub(crate) fn tokens_of(a: &Analysis, range: Range<usize>) -> &[Token] {
    a.tokens.get(range).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Tokenizer;

    #[test]
    fn coverage_and_run() {
        let t = Tokenizer::new();
        let source = t.analyze(
            "Moscow has massed more than 100,000 troops near Ukraine's borders, but insists it has no plans to attack.\n\nOther words entirely here.",
        );
        let index = SourceIndex::new(Shingler::new(3).unwrap(), &source);
        let reprint = t.tokenize("Moscow has massed over 100,000 troops near Ukraine's borders.");
        let links = index.links(&reprint, &mut Scratch::default());
        assert_eq!(links.len(), 1);
        let l = &links[0];
        assert_eq!(l.source, 0);
        // "moscow has massed" + "100000 troops near ukraines borders"
        assert_eq!(l.reprint_words, 3 + 5);
        assert_eq!(l.source_words, 8);
        assert_eq!(l.run, 5);
        assert_eq!(l.covered, vec![0..3, 4..9]);
        assert_eq!(l.first, 0);
    }

    #[test]
    fn union_merges_overlaps() {
        assert_eq!(union([0, 1, 2, 7].into_iter(), 3), vec![0..5, 7..10]);
        assert!(union(std::iter::empty(), 3).is_empty());
    }
}
