//! Choosing the banding of an LSH index: `bands` × `rows`.
//!
//! A MinHash signature is cut into `bands` bands of `rows` values; two sets
//! become candidates when any band agrees entirely. For sets of Jaccard
//! similarity `s` that happens with probability
//!
//! ```text
//! P(s) = 1 - (1 - s^rows)^bands
//! ```
//!
//! an S-curve whose steep part sits near `(1 / bands)^(1 / rows)`.
//! [`LshParams::for_threshold`] picks, among all `bands * rows <= num_perm`,
//! the pair minimising
//!
//! ```text
//! fp_weight * ∫₀ᵗ P(s) ds  +  fn_weight * ∫ₜ¹ (1 - P(s)) ds
//! ```
//!
//! (the false-positive area below the threshold `t` and the false-negative
//! area above it), with both weights 0.5 by default; the integrals are
//! computed with Simpson's rule over 256 intervals. Raise `fn_weight` when a
//! missed pair costs more than a wasted verification, as it does when every
//! candidate is verified exactly, as the dedup engine does.
//!
//! Values chosen for 128 permutations with equal weights, and the
//! probability that a pair becomes a candidate at a few similarities:
//!
//! | threshold | bands × rows | P(0.3) | P(0.5) | P(0.8) |
//! |---|---|---|---|---|
//! | 0.3 | 37 × 3 | 0.64 | 0.99 | 1.00 |
//! | 0.5 | 25 × 5 | 0.06 | 0.55 | 1.00 |
//! | 0.8 | 9 × 13 | 0.00 | 0.00 | 0.40 |
//!
//! (Each row is checked by a unit test of this module.)
//!
//! # Example
//!
//! ```
//! use reprint::lsh::LshParams;
//!
//! let p = LshParams::for_threshold(0.5, 128)?;
//! assert!(p.bands * p.rows <= 128);
//! assert!(p.probability(0.8) > 0.9 && p.probability(0.2) < 0.01);
//! # Ok::<(), reprint::Error>(())
//! ```

use crate::minhash::MAX_NUM_PERM;
use crate::{Error, Result};

/// The banding of an [`LshIndex`](super::LshIndex).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LshParams {
    /// Number of bands (hash tables).
    pub bands: usize,
    /// Signature values per band.
    pub rows: usize,
}

impl LshParams {
    /// Exactly `bands` × `rows`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] if either is 0, or if `bands × rows` is
    /// above [`MAX_NUM_PERM`] (no signature has more values to band).
    pub fn new(bands: usize, rows: usize) -> Result<Self> {
        if bands == 0 {
            return Err(Error::config("bands", bands, "at least 1"));
        }
        if rows == 0 {
            return Err(Error::config("rows", rows, "at least 1"));
        }
        if bands.checked_mul(rows).is_none_or(|n| n > MAX_NUM_PERM) {
            return Err(Error::config(
                "bands",
                format!("{bands} (x {rows} rows)"),
                "bands x rows at most 65536, a signature's most values",
            ));
        }
        Ok(LshParams { bands, rows })
    }

    /// The banding for `num_perm` permutations that best separates pairs
    /// above `threshold` from pairs below it, false positives and false
    /// negatives weighted equally (see the module docs).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] if `threshold` is not strictly between 0 and
    /// 1, or `num_perm` is 0.
    pub fn for_threshold(threshold: f64, num_perm: usize) -> Result<Self> {
        Self::for_threshold_weighted(threshold, num_perm, 0.5, 0.5)
    }

    /// As [`for_threshold`](Self::for_threshold), with explicit weights of
    /// the false-positive and false-negative areas.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] if `threshold` is not strictly between 0 and
    /// 1, `num_perm` is 0, or a weight is negative, not finite, or both are 0.
    pub fn for_threshold_weighted(
        threshold: f64,
        num_perm: usize,
        fp_weight: f64,
        fn_weight: f64,
    ) -> Result<Self> {
        if !(threshold > 0.0 && threshold < 1.0) {
            return Err(Error::config(
                "threshold",
                threshold,
                "strictly between 0 and 1",
            ));
        }
        if num_perm == 0 {
            return Err(Error::config("num_perm", num_perm, "at least 1"));
        }
        for (name, w) in [("fp_weight", fp_weight), ("fn_weight", fn_weight)] {
            if !(w.is_finite() && w >= 0.0) {
                return Err(Error::config(name, w, "a finite number >= 0"));
            }
        }
        if fp_weight + fn_weight == 0.0 {
            return Err(Error::config(
                "fn_weight",
                fn_weight,
                "greater than 0 when fp_weight is 0",
            ));
        }
        let mut best = LshParams { bands: 1, rows: 1 };
        let mut best_cost = f64::INFINITY;
        for bands in 1..=num_perm {
            for rows in 1..=num_perm / bands {
                let p = LshParams { bands, rows };
                let fp = integrate(|s| p.probability(s), 0.0, threshold);
                let fneg = integrate(|s| 1.0 - p.probability(s), threshold, 1.0);
                let cost = fp_weight * fp + fn_weight * fneg;
                if cost < best_cost {
                    best_cost = cost;
                    best = p;
                }
            }
        }
        Ok(best)
    }

    /// Probability that two sets of Jaccard similarity `s` share a band.
    pub fn probability(&self, s: f64) -> f64 {
        // A similarity outside [0, 1] is taken at the nearest end, and NaN
        // (no similarity known) as 0, so the answer is always in [0, 1].
        let s = if s.is_nan() { 0.0 } else { s.clamp(0.0, 1.0) };
        let p = 1.0 - (1.0 - s.powi(self.rows as i32)).powi(self.bands as i32);
        p.clamp(0.0, 1.0)
    }

    /// Signature values used: `bands * rows`.
    pub fn num_perm_used(&self) -> usize {
        self.bands * self.rows
    }
}

/// Simpson's rule over 256 intervals.
fn integrate(f: impl Fn(f64) -> f64, a: f64, b: f64) -> f64 {
    const N: usize = 256;
    let h = (b - a) / N as f64;
    let mut sum = f(a) + f(b);
    for i in 1..N {
        let w = if i % 2 == 1 { 4.0 } else { 2.0 };
        sum += w * f(a + i as f64 * h);
    }
    sum * h / 3.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_similarity_that_is_not_a_number_has_probability_zero() {
        for p in [
            LshParams::new(20, 5).unwrap(),
            LshParams::new(1 << 16, 1).unwrap(),
        ] {
            assert_eq!(p.probability(f64::NAN), 0.0);
            assert_eq!(p.probability(-3.0), 0.0);
            assert_eq!(p.probability(f64::INFINITY), 1.0);
            assert_eq!(p.probability(f64::NEG_INFINITY), 0.0);
        }
    }

    /// Bandings no signature can fill are refused, so probabilities stay
    /// in [0, 1] (bands once wrapped to a negative exponent).
    #[test]
    fn oversized_bandings_are_errors() {
        assert!(LshParams::new(usize::MAX, 2).is_err());
        assert!(LshParams::new(2, usize::MAX).is_err());
        assert!(LshParams::new(1 << 40, 1).is_err());
        assert!(LshParams::new(1 << 16, 2).is_err());
        let most = LshParams::new(1 << 16, 1).unwrap();
        for s in [0.0, 0.001, 0.5, 1.0] {
            let p = most.probability(s);
            assert!((0.0..=1.0).contains(&p), "{s}: {p}");
        }
    }

    #[test]
    fn documented_table() {
        let rows = [
            (0.3, (37, 3), [0.64, 0.99, 1.00]),
            (0.5, (25, 5), [0.06, 0.55, 1.00]),
            (0.8, (9, 13), [0.00, 0.00, 0.40]),
        ];
        for (t, (b, r), probs) in rows {
            let p = LshParams::for_threshold(t, 128).unwrap();
            assert_eq!((p.bands, p.rows), (b, r), "threshold {t}");
            for (s, want) in [0.3, 0.5, 0.8].into_iter().zip(probs) {
                let got = p.probability(s);
                assert!((got - want).abs() < 0.006, "t={t} P({s}) = {got:.3}");
            }
        }
    }

    #[test]
    fn invalid_inputs() {
        assert!(LshParams::for_threshold(0.0, 128).is_err());
        assert!(LshParams::for_threshold(1.0, 128).is_err());
        assert!(LshParams::for_threshold(f64::NAN, 128).is_err());
        assert!(LshParams::for_threshold(0.5, 0).is_err());
        assert!(LshParams::for_threshold_weighted(0.5, 64, -1.0, 1.0).is_err());
        assert!(LshParams::for_threshold_weighted(0.5, 64, 0.0, 0.0).is_err());
        assert!(LshParams::new(0, 3).is_err());
        assert!(LshParams::new(3, 0).is_err());
    }

    #[test]
    fn weighting_false_negatives_lowers_the_curve() {
        let even = LshParams::for_threshold(0.5, 128).unwrap();
        let recall = LshParams::for_threshold_weighted(0.5, 128, 0.1, 0.9).unwrap();
        assert!(recall.probability(0.5) > even.probability(0.5));
    }

    #[test]
    fn integration_is_accurate() {
        assert!((integrate(|x| x * x, 0.0, 1.0) - 1.0 / 3.0).abs() < 1e-9);
    }
}
