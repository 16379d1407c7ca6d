//! 64-bit SimHash over weighted features, and Hamming distance.
//!
//! SimHash (Charikar, 2002) sums, for each of the 64 bit positions, `+w` for
//! every feature whose hash has that bit set and `-w` otherwise, `w` being
//! the feature's weight; the fingerprint keeps the sign of each sum. Texts
//! that share most of their weighted features get fingerprints a small
//! Hamming distance apart. Here the weight is the feature's term frequency
//! (how often its hash occurs in the input).
//!
//! Use it for near-exact duplicates (the same story with a changed word or
//! two): a Hamming distance of at most 3 out of 64 is the usual cut-off.
//! Partial reprints are MinHash's and the passage index's job.
//!
//! # Example
//!
//! ```
//! use reprint::simhash::SimHasher;
//! use reprint::shingle::Shingler;
//! use reprint::text::Tokenizer;
//!
//! let features = |s: &str| Shingler::new(2).unwrap().shingles(&Tokenizer::new().tokenize(s));
//! let h = SimHasher::new();
//! let a = h.simhash(features("the quick brown fox jumps over the lazy dog by the river bank today"));
//! let b = h.simhash(features("the quick brown fox jumps over the lazy cat by the river bank today"));
//! let c = h.simhash(features("markets fell sharply on friday after the central bank raised rates"));
//! assert!(a.distance(b) < a.distance(c));
//! ```

use std::fmt;

use crate::hash::simhash_feature;
use crate::shingle::{DEFAULT_K, DEFAULT_SHINGLE_SEED};
use crate::text::DEFAULT_TOKEN_SEED;

/// A 64-bit SimHash fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct SimHash(pub u64);

impl SimHash {
    /// Number of differing bits.
    #[inline]
    pub fn distance(self, other: SimHash) -> u32 {
        (self.0 ^ other.0).count_ones()
    }
}

/// How SimHash fingerprints were made: the seeds and the shingle size of
/// the tokenizer, shingler and SimHasher that computed them (see
/// [`Fingerprinter::simhash_origin`](crate::Fingerprinter::simhash_origin)).
///
/// Fingerprints of different origins are unrelated numbers: their distance
/// means nothing. A [`SimHashIndex`](crate::SimHashIndex) records the origin
/// of what it holds, in memory and in its file, so that a loaded index can
/// be checked against the fingerprinter about to query it
/// ([`SimHashIndex::check_origin`](crate::SimHashIndex::check_origin)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SimHashOrigin {
    /// The tokenizer's seed ([`Tokenizer::seed`](crate::Tokenizer::seed)).
    pub token_seed: u64,
    /// Words per shingle ([`Shingler::k`](crate::Shingler::k)).
    pub shingle_size: usize,
    /// The shingler's seed ([`Shingler::seed`](crate::Shingler::seed)).
    pub shingle_seed: u64,
    /// The SimHasher's seed ([`SimHasher::seed`]).
    pub simhash_seed: u64,
}

impl Default for SimHashOrigin {
    /// The origin of [`Fingerprinter::default`](crate::Fingerprinter)'s
    /// SimHashes: default seeds, word 5-shingles, SimHash seed 0.
    fn default() -> Self {
        SimHashOrigin {
            token_seed: DEFAULT_TOKEN_SEED,
            shingle_size: DEFAULT_K,
            shingle_seed: DEFAULT_SHINGLE_SEED,
            simhash_seed: 0,
        }
    }
}

impl fmt::Display for SimHashOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SimHash of word {}-shingles, token seed {:#x}, shingle seed {:#x}, SimHash seed {:#x}",
            self.shingle_size, self.token_seed, self.shingle_seed, self.simhash_seed
        )
    }
}

/// Computes [`SimHash`]es of weighted features.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SimHasher {
    seed: u64,
}

impl SimHasher {
    /// A SimHasher with seed 0.
    pub fn new() -> Self {
        SimHasher { seed: 0 }
    }

    /// The same hasher with another seed (feature hashes are re-mixed with
    /// it, so fingerprints of different seeds are unrelated).
    pub fn with_seed(self, seed: u64) -> Self {
        SimHasher { seed }
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The SimHash of a multiset of feature hashes (shingles or tokens),
    /// each weighted by how often it occurs. Order does not matter. An empty
    /// input gives `SimHash(0)`.
    ///
    /// Weighting a feature by its count is the same as adding each
    /// occurrence with weight 1, so bit `b` is set iff more than half of
    /// the occurrences have bit `b` set in their mixed hash. The count per
    /// bit is kept in byte-wide counters packed eight to a `u64` (SWAR) and
    /// flushed every 255 features: eight shift-mask-adds per feature, with
    /// no sort and no allocation.
    pub fn simhash(&self, features: impl IntoIterator<Item = u64>) -> SimHash {
        const ONES: u64 = 0x0101_0101_0101_0101;
        // Byte `i` of `lanes[j]` counts bit `8 * i + j` since the last flush.
        let mut lanes = [0u64; 8];
        let mut pending = 0;
        let mut counts = [0u64; 64];
        let mut total = 0u64;
        for f in features {
            let h = simhash_feature(f, self.seed);
            for (j, lane) in lanes.iter_mut().enumerate() {
                *lane += (h >> j) & ONES;
            }
            pending += 1;
            if pending == 255 {
                flush(&mut lanes, &mut counts);
                total += pending;
                pending = 0;
            }
        }
        flush(&mut lanes, &mut counts);
        total += pending;
        let mut bits = 0u64;
        for (bit, &c) in counts.iter().enumerate() {
            bits |= u64::from(2 * c > total) << bit;
        }
        SimHash(bits)
    }
}

/// Adds the byte counters of `lanes` to `counts` and clears them.
#[inline]
fn flush(lanes: &mut [u64; 8], counts: &mut [u64; 64]) {
    for (j, lane) in lanes.iter_mut().enumerate() {
        for i in 0..8 {
            counts[8 * i + j] += (*lane >> (8 * i)) & 0xff;
        }
        *lane = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::mix64;

    #[test]
    fn identical_and_empty() {
        let h = SimHasher::new();
        assert_eq!(h.simhash([1u64, 2, 3]), h.simhash([3u64, 2, 1]));
        assert_eq!(h.simhash([]), SimHash(0));
        assert_eq!(SimHash(0b1011).distance(SimHash(0b0001)), 2);
    }

    #[test]
    fn one_feature_is_its_mixed_hash() {
        let h = SimHasher::new();
        assert_eq!(h.simhash([7u64]).0, mix64(7));
    }

    #[test]
    fn weight_matters() {
        let h = SimHasher::new();
        // Two features: the one repeated three times wins every bit.
        assert_eq!(h.simhash([7u64, 7, 7, 9]).0, mix64(7));
    }
}
