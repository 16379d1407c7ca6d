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

use serde::{Deserialize, Serialize};

use crate::shingle::mix64;

/// A 64-bit SimHash fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SimHash(pub u64);

impl SimHash {
    /// Number of differing bits.
    #[inline]
    pub fn distance(self, other: SimHash) -> u32 {
        (self.0 ^ other.0).count_ones()
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

    /// The same hasher with another seed (feature hashes are re-mixed with it).
    pub fn with_seed(seed: u64) -> Self {
        SimHasher { seed }
    }

    /// The SimHash of a multiset of feature hashes (shingles or tokens),
    /// each weighted by how often it occurs. Order does not matter. An empty
    /// input gives `SimHash(0)`.
    pub fn simhash(&self, features: impl IntoIterator<Item = u64>) -> SimHash {
        let mut features: Vec<u64> = features.into_iter().collect();
        features.sort_unstable();
        let mut sums = [0i64; 64];
        let mut i = 0;
        while i < features.len() {
            let f = features[i];
            let mut j = i + 1;
            while j < features.len() && features[j] == f {
                j += 1;
            }
            let weight = (j - i) as i64;
            accumulate(&mut sums, mix64(f ^ self.seed), weight);
            i = j;
        }
        let mut bits = 0u64;
        for (bit, &s) in sums.iter().enumerate() {
            bits |= u64::from(s > 0) << bit;
        }
        SimHash(bits)
    }
}

/// Adds `+weight` to `sums[b]` where bit `b` of `h` is set, `-weight` where
/// it is clear. Branch-free over 64 lanes: vectorises.
#[inline]
fn accumulate(sums: &mut [i64; 64], h: u64, weight: i64) {
    for (bit, s) in sums.iter_mut().enumerate() {
        let set = ((h >> bit) & 1) as i64; // 0 or 1
        *s += (2 * set - 1) * weight;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
