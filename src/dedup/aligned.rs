//! The passages two texts share, as byte ranges in each: what a verified
//! pair's shared shingles look like in the texts (passim calls them aligned
//! spans).
//!
//! The engine keeps shingle sets, not texts; a caller that holds the texts
//! (the example deduper does) asks for a pair's passages with
//! [`aligned_passages`].

use std::ops::Range;

use super::config::DedupConfig;
use super::prepare::shingles_with_tokens;
use crate::text::{Token, Tokenizer};
use crate::Result;

/// A passage two texts share.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AlignedPassage {
    /// Its bytes in the first text, from the first shared shingle's first
    /// word to the last one's last word.
    pub a: Range<usize>,
    /// Its bytes in the second text.
    pub b: Range<usize>,
    /// Shingles of the first text's passage found at the matching place in
    /// the second.
    pub shingles: usize,
}

/// Shingles that occur more often than this in the second text (a
/// repeated refrain, a table) are not used to align.
const MAX_REPEATS: usize = 8;

/// The passages `a` and `b` share under `config`'s shingles, in the order
/// of `a`: runs of shingles found in both in the same order, joined across
/// gaps of up to `shingle_size + 2` shingles on both sides (an edited word
/// breaks `shingle_size` of them), and kept when they hold at least 4
/// shared shingles (an eight-word run, the least evidence the engine
/// counts). Learnt boilerplate is not known here: a footer both texts end
/// with is a passage too. To align one text with many, shingle each once
/// ([`ShingledText`]) and use [`aligned_between`].
///
/// # Errors
///
/// [`Error::InvalidConfig`](crate::Error::InvalidConfig) for an invalid
/// config.
///
/// # Example
///
/// ```
/// use reprint::dedup::aligned_passages;
/// use reprint::DedupConfig;
///
/// let wire = "The storm cut power to forty thousand homes across the region on Tuesday night.";
/// let page = format!("Local news. {wire} More on page two.");
/// let passages = aligned_passages(wire, &page, &DedupConfig::default())?;
/// assert_eq!(passages.len(), 1);
/// assert_eq!(&page[passages[0].b.clone()], "The storm cut power to forty thousand homes across the region on Tuesday night");
/// # Ok::<(), reprint::Error>(())
/// ```
pub fn aligned_passages(a: &str, b: &str, config: &DedupConfig) -> Result<Vec<AlignedPassage>> {
    let (a, b) = (ShingledText::new(a, config)?, ShingledText::new(b, config)?);
    Ok(aligned_between(&a, &b))
}

/// A text's shingles in order, each with the tokens it covers, made once
/// to be aligned with many texts ([`aligned_between`]).
#[derive(Debug, Clone)]
pub struct ShingledText {
    tokens: Vec<Token>,
    covers: Vec<Range<usize>>,
    /// (hash, position), sorted.
    sorted: Vec<(u64, u32)>,
    /// The shingle size of the config (the gap a word edit makes).
    k: usize,
}

impl ShingledText {
    /// `text` shingled as `config` shingles documents.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`](crate::Error::InvalidConfig) for an invalid
    /// config.
    pub fn new(text: &str, config: &DedupConfig) -> Result<Self> {
        let (shingler, chars) = config.shingling()?;
        let tokens = Tokenizer::new().tokenize(text);
        let (hashes, covers) = shingles_with_tokens(text, &tokens, &shingler, chars);
        let mut sorted: Vec<(u64, u32)> = hashes
            .iter()
            .enumerate()
            .map(|(i, &h)| (h, i as u32))
            .collect();
        sorted.sort_unstable();
        Ok(ShingledText {
            tokens,
            covers,
            sorted,
            k: shingler.k(),
        })
    }

    /// The bytes of shingles `first..=last`.
    fn bytes(&self, first: usize, last: usize) -> Range<usize> {
        let start = self.tokens[self.covers[first].start].start;
        let end = self.tokens[self.covers[last].end - 1].end;
        start..end
    }
}

/// A run of shingles shared in order: `a` and `b` are the first shingles,
/// `len` the shingles shared, `a_end` and `b_end` one past the last.
#[derive(Debug, Clone, Copy)]
struct Run {
    a: usize,
    b: usize,
    a_end: usize,
    b_end: usize,
    len: usize,
}

/// The passages texts shingled under one config share (see
/// [`aligned_passages`]); texts shingled under different configs share
/// nothing.
pub fn aligned_between(sa: &ShingledText, sb: &ShingledText) -> Vec<AlignedPassage> {
    // Every shingle of `a` found in `b`, as its diagonal `j - i` and `i`
    // packed in one word (`j` follows), sorted: a merge of the two sorted
    // lists. Positions are below 2^31 (a text is at most a few hundred
    // million shingles long), so the biased diagonal fits 32 bits.
    const BIAS: i64 = 1 << 31;
    let mut matches: Vec<u64> = Vec::new();
    let (xs, ys) = (&sa.sorted, &sb.sorted);
    let (mut i, mut j) = (0, 0);
    while i < xs.len() && j < ys.len() {
        let h = xs[i].0;
        match h.cmp(&ys[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let a_end = i + xs[i..].iter().take_while(|x| x.0 == h).count();
                let b_end = j + ys[j..].iter().take_while(|y| y.0 == h).count();
                if b_end - j <= MAX_REPEATS {
                    for &(_, pa) in &xs[i..a_end] {
                        for &(_, pb) in &ys[j..b_end] {
                            let diagonal = (i64::from(pb) - i64::from(pa) + BIAS) as u64;
                            matches.push(diagonal << 32 | u64::from(pa));
                        }
                    }
                }
                (i, j) = (a_end, b_end);
            }
        }
    }
    matches.sort_unstable();
    // Consecutive matches on one diagonal make a run.
    let mut runs: Vec<Run> = Vec::new();
    for m in matches {
        let i = (m & u64::from(u32::MAX)) as usize;
        let d = (m >> 32) as i64 - BIAS;
        let j = (i as i64 + d) as usize;
        match runs.last_mut() {
            Some(r) if r.b as i64 - r.a as i64 == d && r.a_end == i => {
                r.a_end = i + 1;
                r.b_end = j + 1;
                r.len += 1;
            }
            _ => runs.push(Run {
                a: i,
                b: j,
                a_end: i + 1,
                b_end: j + 1,
                len: 1,
            }),
        }
    }
    // Runs in order on both sides, close on both, join.
    runs.sort_unstable_by_key(|r| (r.a, r.b));
    let gap = sa.k + 2;
    let mut joined: Vec<Run> = Vec::new();
    for r in runs {
        match joined.last_mut() {
            Some(p)
                if r.a >= p.a_end
                    && r.b >= p.b_end
                    && r.a - p.a_end <= gap
                    && r.b - p.b_end <= gap =>
            {
                p.a_end = r.a_end;
                p.b_end = r.b_end;
                p.len += r.len;
            }
            _ => joined.push(r),
        }
    }
    joined
        .into_iter()
        .filter(|r| r.len >= super::verify::MIN_SHORT_SHARED)
        .map(|r| AlignedPassage {
            a: sa.bytes(r.a, r.a_end - 1),
            b: sb.bytes(r.b, r.b_end - 1),
            shingles: r.len,
        })
        .collect()
}
