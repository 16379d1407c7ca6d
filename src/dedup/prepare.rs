//! The per-document work that needs no engine state, run in parallel for a
//! batch: tokens, the exact shingle set, passages and their band keys.

use std::ops::Range;

use smallvec::SmallVec;

use super::config::Machinery;
use super::passages::passages;
use super::Document;
use crate::lsh::band_keys;
use crate::text::Tokenizer;

/// A shingle hash folded to 32 bits: the form the engine stores. Two
/// distinct shingles of two documents collide with probability 2^-32, so a
/// pair of 1,000-shingle documents gets a false shared shingle about once
/// in 4,000 pairs: it changes no decision.
pub(crate) fn fold(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

/// A document ready to be matched and inserted.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub id: String,
    pub published: Option<i64>,
    /// Folded shingles in text order (with repeats).
    pub shingles: Vec<u32>,
    /// Folded shingles, sorted and deduplicated.
    pub set: Vec<u32>,
    pub passages: Vec<PreparedPassage>,
    /// Learnt boilerplate shingles already filtered out of `set`.
    pub filtered: usize,
}

/// One passage: its band keys and where its shingles lie in `shingles`.
#[derive(Debug, Clone)]
pub(crate) struct PreparedPassage {
    pub keys: SmallVec<[u32; 16]>,
    pub shingles: Range<usize>,
}

/// Sorts `v` ascending: a least-significant-digit radix sort (four passes
/// of 8 bits, the four histograms counted in one pass) for the few hundred
/// to few thousand shingles of an article, where it takes about a third of
/// the time of a comparison sort; `sort_unstable` for short inputs.
pub(crate) fn sort_u32(v: &mut Vec<u32>) {
    if v.len() < 128 {
        v.sort_unstable();
        return;
    }
    let mut counts = [[0usize; 256]; 4];
    for &x in v.iter() {
        for (d, c) in counts.iter_mut().enumerate() {
            c[((x >> (8 * d)) & 0xff) as usize] += 1;
        }
    }
    let mut scratch = vec![0u32; v.len()];
    for (d, c) in counts.iter().enumerate() {
        // Exclusive prefix sums: where each digit's run starts.
        let mut starts = [0usize; 256];
        let mut sum = 0;
        for (s, &n) in starts.iter_mut().zip(c) {
            *s = sum;
            sum += n;
        }
        for &x in v.iter() {
            let digit = ((x >> (8 * d)) & 0xff) as usize;
            scratch[starts[digit]] = x;
            starts[digit] += 1;
        }
        std::mem::swap(v, &mut scratch);
    }
}

pub(crate) fn prepare(
    doc: &Document,
    m: &Machinery,
    min_words: usize,
    max_words: usize,
) -> Prepared {
    let analysis = Tokenizer::new().analyze(&doc.text);
    let hashes = m.shingler.shingles(&analysis.tokens);
    let shingles: Vec<u32> = hashes.iter().map(|&h| fold(h)).collect();
    let k = m.shingler.k();
    let mut out = Vec::new();
    for r in passages(&analysis, min_words, max_words) {
        // Shingle i covers tokens i..i+k; a passage of fewer than k words
        // gets the one shingle that starts at its first token.
        let start = r.start.min(hashes.len());
        let end = (r.end.saturating_sub(k - 1))
            .max(start + 1)
            .min(hashes.len());
        if start >= end {
            continue;
        }
        let sig = m.minhasher.signature(hashes[start..end].iter().copied());
        out.push(PreparedPassage {
            keys: band_keys(sig.values(), m.lsh).collect(),
            shingles: start..end,
        });
    }
    let mut set = shingles.clone();
    sort_u32(&mut set);
    set.dedup();
    Prepared {
        id: doc.id.clone(),
        published: doc.published,
        shingles,
        set,
        passages: out,
        filtered: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn radix_sort_sorts(mut v in proptest::collection::vec(any::<u32>(), 0..2000)) {
            let mut want = v.clone();
            want.sort_unstable();
            sort_u32(&mut v);
            prop_assert_eq!(v, want);
        }
    }
}
