//! The learnt boilerplate: shingles that never count as shared text.

use crate::hashing::IntSet;

/// Bits of the membership filter: 2^21 bits (256 KiB), indexed by the top
/// 21 bits of a (uniform) shingle hash. With 30,000 learnt shingles, 1.4% of
/// the bits are set, so 98.6% of the lookups of shingles that are not
/// boilerplate end at one bit test in cache, without touching the hash set.
const FILTER_BITS: u32 = 21;

/// A set of folded shingle hashes with a one-bit-per-slot filter in front.
#[derive(Debug, Clone, Default)]
pub(crate) struct Boilerplate {
    set: IntSet<u32>,
    /// Empty until the first shingle is learnt.
    filter: Vec<u64>,
    /// Every learnt shingle once, in the order learnt: counts of learnt
    /// shingles (`boilerplate_seen`) index into it.
    log: Vec<u32>,
}

impl Boilerplate {
    #[inline]
    fn slot(x: u32) -> (usize, u64) {
        let bit = x >> (32 - FILTER_BITS);
        ((bit >> 6) as usize, 1u64 << (bit & 63))
    }

    /// Whether `x` is learnt boilerplate.
    #[inline]
    pub fn contains(&self, x: u32) -> bool {
        let (word, mask) = Self::slot(x);
        match self.filter.get(word) {
            Some(w) if w & mask != 0 => self.set.contains(&x),
            _ => false,
        }
    }

    /// Learns `xs`.
    pub fn extend(&mut self, xs: impl IntoIterator<Item = u32>) {
        if self.filter.is_empty() {
            self.filter = vec![0; 1 << (FILTER_BITS - 6)];
        }
        for x in xs {
            let (word, mask) = Self::slot(x);
            self.filter[word] |= mask;
            if self.set.insert(x) {
                self.log.push(x);
            }
        }
    }

    /// The learnt shingles a sorted `set` holds, sorted, given that it
    /// holds none of the first `seen` learnt (it was filtered then). A few
    /// learnt since are each looked up in the set; many, and each shingle
    /// of the set is looked up among them.
    pub fn held_in(&self, set: &[u32], seen: usize) -> Vec<u32> {
        let since = self.log.get(seen..).unwrap_or_default();
        if since.is_empty() {
            return Vec::new();
        }
        // A binary search of the set costs about as many steps as
        // `LOOKUP_COST` lookups of a shingle here.
        const LOOKUP_COST: usize = 16;
        if since.len() * LOOKUP_COST > set.len() {
            return set.iter().copied().filter(|&s| self.contains(s)).collect();
        }
        let mut held: Vec<u32> = (since.iter().copied())
            .filter(|s| set.binary_search(s).is_ok())
            .collect();
        held.sort_unstable();
        held
    }

    /// Number of learnt shingles.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// Whether nothing is learnt.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    /// The learnt shingles in the order learnt (for saving).
    pub fn learnt(&self) -> &[u32] {
        &self.log
    }

    /// Heap bytes.
    pub fn memory_bytes(&self) -> usize {
        self.set.capacity() * 5 + self.filter.capacity() * 8 + self.log.capacity() * 4
    }
}

impl FromIterator<u32> for Boilerplate {
    fn from_iter<I: IntoIterator<Item = u32>>(iter: I) -> Self {
        let mut b = Boilerplate::default();
        b.extend(iter);
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn membership_matches_the_set() {
        let learnt: Vec<u32> = (0..5000u32).map(|i| i.wrapping_mul(0x9E37_79B9)).collect();
        let b: Boilerplate = learnt.iter().copied().collect();
        assert_eq!(b.len(), 5000);
        for &x in &learnt {
            assert!(b.contains(x));
        }
        let others = (0..100_000u32).map(|i| i.wrapping_mul(0x85EB_CA6B) ^ 1);
        for x in others {
            assert_eq!(b.contains(x), learnt.contains(&x));
        }
        assert!(!Boilerplate::default().contains(7));
        let mut b = b;
        b.extend([learnt[0], 42, learnt[1], 43]);
        assert_eq!(b.learnt()[5000..], [42, 43]);
    }

    proptest::proptest! {
        /// What a set filtered at some point holds of the boilerplate is
        /// what a scan of it finds, on either path.
        #[test]
        fn held_in_equals_a_scan(
            learnt in proptest::collection::vec(0u32..2_000, 0..300),
            set in proptest::collection::btree_set(0u32..2_000, 0..400),
            seen_share in 0.0f64..=1.0,
        ) {
            let b: Boilerplate = learnt.iter().copied().collect();
            let seen = (b.len() as f64 * seen_share) as usize;
            // The set as filtered when `seen` shingles were learnt.
            let early = &b.learnt()[..seen];
            let set: Vec<u32> = set.into_iter().filter(|s| !early.contains(s)).collect();
            let want: Vec<u32> = set.iter().copied().filter(|&s| b.contains(s)).collect();
            proptest::prop_assert_eq!(b.held_in(&set, seen), want);
        }
    }
}
