//! Candidate pairs of a batch, verified: each document's passages looked
//! up in the index (which holds the whole batch), the hits merged into
//! unique pairs, each pair verified exactly once.

use std::collections::HashMap;

use crate::dedup::corpus::{BucketFilter, Corpus, SharedBucket};
use crate::dedup::results::Match;
use crate::dedup::verify::{Overlap, Relation};
use crate::hashing::{IntBuild, IntSet};
use crate::par::prelude::*;

/// Most bits per band of [`SharedBuckets`]: 2^24 (2 MiB), indexed by the
/// top bits of a (uniform) band key. With a million shared buckets in a
/// band, 6% of the bits are set.
const MAX_SHARED_BITS: u32 = 24;

/// The buckets that hold two passages or more, as a filter with one bit
/// per slot and band: most of a batch's passages are in a bucket of their
/// own, which a lookup then skips at the cost of a bit test in a table
/// that stays in cache. Each band gets about 16 bits per shared bucket (so
/// that a batch of one document allocates next to nothing), at most
/// 2^[`MAX_SHARED_BITS`].
pub(super) struct SharedBuckets {
    /// Per band: the number of bits (a power of two), and the bits.
    bands: Vec<(u32, Vec<u64>)>,
}

impl SharedBuckets {
    /// The filter of `shared` buckets over `bands` bands.
    pub fn new(bands: usize, shared: &[SharedBucket]) -> Self {
        let mut counts = vec![0usize; bands];
        for b in shared {
            counts[b.band as usize] += 1;
        }
        let mut out: Vec<(u32, Vec<u64>)> = counts
            .iter()
            .map(|&n| {
                let bits = (16 * n)
                    .next_power_of_two()
                    .trailing_zeros()
                    .clamp(6, MAX_SHARED_BITS);
                (bits, vec![0u64; 1 << (bits - 6)])
            })
            .collect();
        for b in shared {
            let (bits, words) = &mut out[b.band as usize];
            let (word, mask) = Self::slot(*bits, b.key);
            words[word] |= mask;
        }
        SharedBuckets { bands: out }
    }

    #[inline]
    fn slot(bits: u32, key: u32) -> (usize, u64) {
        let bit = key >> (32 - bits);
        ((bit >> 6) as usize, 1 << (bit & 63))
    }
}

impl BucketFilter for SharedBuckets {
    /// Whether bucket `(band, key)` may be shared: false only if it is not.
    #[inline]
    fn may_hold(&self, band: usize, key: u32) -> bool {
        let (bits, words) = &self.bands[band];
        let (word, mask) = Self::slot(*bits, key);
        words[word] & mask != 0
    }

    /// The table is some megabytes at a million documents: its bits are
    /// loaded ahead, as the index's slots are.
    #[inline]
    fn prefetch(&self, band: usize, key: u32) {
        let (bits, words) = &self.bands[band];
        crate::prefetch::prefetch(&words[Self::slot(*bits, key).0]);
    }
}

/// A verified pair: texts `a < b`, the relation, the overlap seen from
/// `a`, and the passages of either that hit the other.
type Verified = (u32, u32, Relation, Overlap, usize);

/// Finds, verifies and stores the pairs of the batch's new texts (held by
/// `texts`, with their passage keys) with each other and with the texts
/// held; `shared` holds the buckets that hold two passages or more.
pub(super) fn pair(
    corpus: &mut Corpus,
    texts: &[(u32, &[u32])],
    shared: &SharedBuckets,
    parallel: bool,
) {
    let held: &Corpus = corpus;
    // A candidate: texts a < b, and how many passages of the text that
    // looked hit the other (a count of one text's passages fits a u32).
    let found: Vec<Vec<(u32, u32, u32)>> = crate::par::map(texts, parallel, |&(d, k)| {
        let mut hits = Vec::new();
        held.hits_into(k, Some(d), shared, &mut hits);
        hits.into_iter()
            .map(|(o, n)| (o.min(d), o.max(d), n as u32))
            .collect()
    });
    // Sized once, each text's list freed as it is moved in: at a million
    // documents these are tens of millions of candidates.
    let mut candidates = Vec::with_capacity(found.iter().map(Vec::len).sum());
    for f in found {
        candidates.extend(f);
    }
    // A pair of two batch documents is found from both sides: it counts
    // the passages of whichever side has more hitting the other.
    crate::par::sort(&mut candidates, parallel);
    let stages = held.stages();
    let verify = |run: &[(u32, u32, u32)]| {
        let &(a, b, n) = run.last()?;
        let n = n as usize;
        if !stages.may_pair(n, held.published(a), held.published(b)) {
            return None;
        }
        let overlap = held.overlap_docs(a, b);
        Some((a, b, stages.classify(&overlap)?, overlap, n))
    };
    let same_pair = |x: &(u32, u32, u32), y: &(u32, u32, u32)| (x.0, x.1) == (y.0, y.1);
    let mut verified: Vec<Verified> = match parallel {
        true => candidates
            .par_chunk_by(same_pair)
            .filter_map(verify)
            .collect(),
        false => candidates.chunk_by(same_pair).filter_map(verify).collect(),
    };
    // Stored pairs are sorted by their later text.
    verified.sort_unstable_by_key(|v| (v.1, v.0));
    for &(a, b, relation, overlap, passages) in &verified {
        corpus.record_pair(a, b, relation, overlap, passages);
    }
}

/// Pairs the copies of each text in `texts` (held by the first, with the
/// passage keys of the second) with each other, for texts that had none
/// before the batch: as two documents of the text would pair, on the
/// passages that have a bucket that is not boilerplate.
pub(super) fn pair_copies(corpus: &mut Corpus, texts: &[(u32, &[u32])]) {
    let bands = corpus.stages().bands();
    for &(holder, keys) in texts {
        let passages = keys
            .chunks_exact(bands)
            .filter(|p| {
                p.iter()
                    .enumerate()
                    .any(|(band, &key)| !corpus.is_boilerplate_bucket(band, key))
            })
            .count();
        let time = corpus.published(holder);
        if !corpus.stages().may_pair(passages, time, time) {
            continue;
        }
        let overlap = corpus.overlap_docs(holder, holder);
        if let Some(relation) = corpus.stages().classify(&overlap) {
            corpus.record_pair(holder, holder, relation, overlap, passages);
        }
    }
}

/// Each batch document's matches (the batch's documents are `docs`, in
/// the order given; the pairs recorded from `from` on are the batch's),
/// by id.
pub(super) fn matches(corpus: &Corpus, docs: &[u32], from: usize) -> Vec<Vec<Match>> {
    let first = docs.iter().copied().min().unwrap_or(0);
    // A copy of a text held before the batch matches what its text does.
    let old: IntSet<u32> = docs
        .iter()
        .map(|&d| corpus.text(d))
        .filter(|&t| t < first)
        .collect();
    let mut by_text: HashMap<u32, Vec<usize>, IntBuild> = HashMap::default();
    let records = corpus.pair_records();
    let start = if old.is_empty() { from } else { 0 };
    for (i, p) in records.iter().enumerate().skip(start) {
        let new = i >= from;
        for t in [p.a, p.b] {
            if new || old.contains(&t) {
                by_text.entry(t).or_default().push(i);
            }
            if p.a == p.b {
                break;
            }
        }
    }
    crate::par::map(docs, docs.len() > 1, |&d| {
        let text = corpus.text(d);
        let mut out = Vec::new();
        for &i in by_text.get(&text).map_or(&[][..], Vec::as_slice) {
            let p = &records[i];
            let (other, overlap) = match p.a == text {
                true => (p.b, p.overlap),
                false => (p.a, p.overlap.swapped()),
            };
            out.extend(corpus.docs_of(other).filter(|&o| o != d).map(|o| Match {
                id: corpus.id(o).to_string(),
                relation: p.relation,
                overlap,
                shared_passages: p.passages as usize,
            }));
        }
        out.sort_unstable_by(|x, y| x.id.cmp(&y.id));
        out
    })
}
