//! Exact set similarity.

use std::collections::BTreeSet;

/// Exact Jaccard similarity `|a ∩ b| / |a ∪ b|` (0 when both are empty).
pub fn jaccard<T: Ord>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> f64 {
    Overlap::of(a, b).jaccard
}

/// The exact overlap of two sets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Overlap {
    /// Elements both hold.
    pub shared: usize,
    /// Share of the first set found in the second (0 if the first is empty).
    pub a_in_b: f64,
    /// Share of the second set found in the first (0 if the second is empty).
    pub b_in_a: f64,
    /// Jaccard similarity (0 if both are empty).
    pub jaccard: f64,
}

impl Overlap {
    /// The overlap of `a` and `b`.
    pub fn of<T: Ord>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> Overlap {
        let shared = a.intersection(b).count();
        let union = a.union(b).count();
        Overlap {
            shared,
            a_in_b: ratio(shared, a.len()),
            b_in_a: ratio(shared, b.len()),
            jaccard: ratio(shared, union),
        }
    }

    /// The same overlap seen from the other side.
    pub fn swapped(self) -> Overlap {
        Overlap {
            a_in_b: self.b_in_a,
            b_in_a: self.a_in_b,
            ..self
        }
    }
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}
