//! The passages two texts share, as byte ranges in each: what a verified
//! pair's shared shingles look like in the texts (passim calls them aligned
//! spans).
//!
//! The engine keeps shingle sets, not texts; a caller that holds the texts
//! (the example deduper does) asks for a pair's passages with
//! [`aligned_passages`].

use std::collections::HashMap;
use std::ops::Range;

use super::config::{DedupConfig, Machinery};
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
/// with is a passage too.
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
    let m = config.machinery()?;
    Ok(align_texts(a, b, &m))
}

/// A text's shingles in order, each with the tokens it covers.
struct Shingled {
    tokens: Vec<Token>,
    hashes: Vec<u64>,
    covers: Vec<Range<usize>>,
}

impl Shingled {
    fn of(text: &str, m: &Machinery) -> Self {
        let tokens = Tokenizer::new().tokenize(text);
        let (hashes, covers) = shingles_with_tokens(text, &tokens, m);
        Shingled {
            tokens,
            hashes,
            covers,
        }
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

fn align_texts(a: &str, b: &str, m: &Machinery) -> Vec<AlignedPassage> {
    let (sa, sb) = (Shingled::of(a, m), Shingled::of(b, m));
    let mut at: HashMap<u64, Vec<usize>> = HashMap::new();
    for (j, &h) in sb.hashes.iter().enumerate() {
        at.entry(h).or_default().push(j);
    }
    // Every shingle of `a` found in `b`, as (diagonal, i, j).
    let mut matches: Vec<(isize, usize, usize)> = Vec::new();
    for (i, h) in sa.hashes.iter().enumerate() {
        if let Some(js) = at.get(h).filter(|js| js.len() <= MAX_REPEATS) {
            matches.extend(js.iter().map(|&j| (j as isize - i as isize, i, j)));
        }
    }
    matches.sort_unstable();
    // Consecutive matches on one diagonal make a run.
    let mut runs: Vec<Run> = Vec::new();
    for (d, i, j) in matches {
        match runs.last_mut() {
            Some(r) if r.b as isize - r.a as isize == d && r.a_end == i => {
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
    let gap = m.shingler.k() + 2;
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
