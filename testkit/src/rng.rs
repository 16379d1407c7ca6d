//! A tiny seeded random number generator: SplitMix64 streams derived from a
//! seed and a path of integers.
//!
//! Every unit of the corpus (a story, one reprint of it, an outlet's own
//! article) draws from its own stream, derived from the corpus seed and the
//! unit's coordinates. Units are therefore independent of each other and of
//! the order (or thread) in which they are generated, which is what makes the
//! parallel, streaming generator deterministic.

/// The `fmix64` finalizer of MurmurHash3: every input bit affects every
/// output bit. (The same mixer as the library's shingle hashing; the corpus
/// only needs it to be fixed, so it lives here as its own copy.)
#[inline]
pub(crate) fn mix64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// One step of SplitMix64.
#[inline]
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    mix64(*state)
}

/// Odd constant used to separate the levels of a derivation path.
const PATH_MUL: u64 = 0xD1B5_4A32_D192_ED03;

/// Hash of `seed` and a path of integers; distinct paths give unrelated values.
#[inline]
pub(crate) fn derive(seed: u64, path: &[u64]) -> u64 {
    let mut h = mix64(seed ^ 0x7465_7374_6b69_7431); // "testkit1"
    for &p in path {
        h = mix64(h.wrapping_mul(PATH_MUL) ^ mix64(p.wrapping_add(0x9E37_79B9_7F4A_7C15)));
    }
    h
}

/// A SplitMix64 stream (Steele, Lea & Flood, 2014): 64-bit state, passes
/// BigCrush, more than enough for generating test text.
#[derive(Debug, Clone)]
pub(crate) struct Rng {
    state: u64,
}

impl Rng {
    /// The stream of `derive(seed, path)`.
    pub(crate) fn new(seed: u64, path: &[u64]) -> Self {
        Rng {
            state: derive(seed, path),
        }
    }

    /// Next 64 random bits.
    #[inline]
    pub(crate) fn next_u64(&mut self) -> u64 {
        splitmix64(&mut self.state)
    }

    /// Uniform in `0..n`, or 0 when `n == 0` (Lemire's multiply-shift; the
    /// bias, below 2^-40 for the sizes used here, does not matter).
    #[inline]
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi` (`lo` when `hi < lo`).
    #[inline]
    pub(crate) fn range(&mut self, lo: usize, hi: usize) -> usize {
        if hi <= lo {
            lo
        } else {
            lo + self.below(hi - lo + 1)
        }
    }

    /// Uniform in `[0, 1)`.
    #[inline]
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `[lo, hi)`.
    #[inline]
    pub(crate) fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// True with probability `p`.
    #[inline]
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A uniformly chosen element, `None` for an empty slice.
    #[inline]
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.below(items.len()))
        }
    }

    /// An index drawn with the given weights (`weights` non-empty, sum > 0;
    /// otherwise 0).
    pub(crate) fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = {
            let mut r = Rng::new(7, &[1, 2]);
            (0..8).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::new(7, &[1, 2]);
            (0..8).map(|_| r.next_u64()).collect()
        };
        let c: Vec<u64> = {
            let mut r = Rng::new(7, &[2, 1]);
            (0..8).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(derive(1, &[0]), derive(1, &[0, 0]));
    }

    #[test]
    fn below_and_range_stay_in_bounds_and_cover() {
        let mut r = Rng::new(3, &[]);
        let mut seen = [false; 5];
        for _ in 0..1000 {
            let x = r.range(2, 6);
            assert!((2..=6).contains(&x));
            seen[x - 2] = true;
            assert!(r.below(3) < 3);
            let u = r.unit();
            assert!((0.0..1.0).contains(&u));
        }
        assert!(seen.iter().all(|&s| s));
        assert_eq!(r.below(0), 0);
        assert_eq!(r.range(4, 4), 4);
    }

    #[test]
    fn weighted_follows_weights() {
        let mut r = Rng::new(5, &[]);
        let mut counts = [0usize; 3];
        for _ in 0..10_000 {
            counts[r.weighted(&[0.2, 0.0, 0.8])] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!((1_700..2_300).contains(&counts[0]), "{counts:?}");
    }
}
