//! Candidate pairs of a batch, verified: each document's passages looked
//! up in the index (which holds the whole batch), the hits merged into
//! unique pairs, each pair verified exactly once.

use crate::dedup::corpus::Corpus;
use crate::dedup::results::Match;
use crate::dedup::verify::{Overlap, Relation};

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
    /// The filter of `shared` buckets, as (band, key, _), over `bands`
    /// bands.
    pub fn new(bands: usize, shared: &[(usize, u32, usize)]) -> Self {
        let mut counts = vec![0usize; bands];
        for &(band, _, _) in shared {
            counts[band] += 1;
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
        for &(band, key, _) in shared {
            let (bits, words) = &mut out[band];
            let (word, mask) = Self::slot(*bits, key);
            words[word] |= mask;
        }
        SharedBuckets { bands: out }
    }

    #[inline]
    fn slot(bits: u32, key: u32) -> (usize, u64) {
        let bit = key >> (32 - bits);
        ((bit >> 6) as usize, 1 << (bit & 63))
    }

    /// Whether bucket `(band, key)` may be shared: false only if it is not.
    #[inline]
    pub fn may_hold(&self, band: usize, key: u32) -> bool {
        let (bits, words) = &self.bands[band];
        let (word, mask) = Self::slot(*bits, key);
        words[word] & mask != 0
    }
}

/// A verified pair: documents `a < b`, the relation, the overlap seen from
/// `a`, and the passages of either that hit the other.
type Verified = (u32, u32, Relation, Overlap, usize);

/// Finds, verifies and stores the pairs of the batch's documents (from
/// `first` on, with passage band `keys`) with each other and with the
/// documents held; `shared` holds the buckets that hold two passages or
/// more. Returns each batch document's matches, by id.
pub(super) fn pair(
    corpus: &mut Corpus,
    keys: &[Vec<u32>],
    shared: &SharedBuckets,
    first: u32,
    parallel: bool,
) -> Vec<Vec<Match>> {
    let held: &Corpus = corpus;
    let batch: Vec<(u32, &Vec<u32>)> = (first..).zip(keys).collect();
    let found: Vec<Vec<(u32, u32, usize)>> = crate::par::map(&batch, parallel, |&(d, k)| {
        let mut hits = Vec::new();
        held.hits_into(
            k,
            Some(d),
            |band, key| shared.may_hold(band, key),
            &mut hits,
        );
        hits.into_iter()
            .map(|(o, n)| (o.min(d), o.max(d), n))
            .collect()
    });
    let mut candidates: Vec<(u32, u32, usize)> = found.into_iter().flatten().collect();
    // A pair of two batch documents is found from both sides: it counts
    // the passages of whichever side has more hitting the other.
    crate::par::sort(&mut candidates, parallel);
    let stages = held.stages();
    let runs: Vec<&[(u32, u32, usize)]> = candidates
        .chunk_by(|x, y| (x.0, x.1) == (y.0, y.1))
        .collect();
    let mut verified: Vec<Verified> = crate::par::map(&runs, parallel, |run| {
        let &(a, b, n) = run.last()?;
        if !stages.may_pair(n, held.published(a), held.published(b)) {
            return None;
        }
        let overlap = held.overlap_docs(a, b);
        Some((a, b, stages.classify(&overlap)?, overlap, n))
    })
    .into_iter()
    .flatten()
    .collect();
    // Stored pairs are sorted by their later document.
    verified.sort_unstable_by_key(|v| (v.1, v.0));
    let mut out = vec![Vec::new(); keys.len()];
    for &(a, b, relation, overlap, shared_passages) in &verified {
        corpus.record_pair(a, b, relation, overlap);
        let matched = |id: u32, overlap: Overlap| Match {
            id: corpus.id(id).to_string(),
            relation,
            overlap,
            shared_passages,
        };
        out[(b - first) as usize].push(matched(a, overlap.swapped()));
        if a >= first {
            out[(a - first) as usize].push(matched(b, overlap));
        }
    }
    for matches in &mut out {
        matches.sort_unstable_by(|x, y| x.id.cmp(&y.id));
    }
    out
}
