//! Verification of a candidate pair on exact shingle sets.

use crate::intersect::intersection_len;

/// How two documents are related.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Relation {
    /// Near-identical: Jaccard similarity of the shingle sets at least
    /// [`DedupConfig::duplicate_jaccard`](super::DedupConfig::duplicate_jaccard).
    Duplicate,
    /// A substantial part of one document is found in the other.
    Reprint,
}

impl std::fmt::Display for Relation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Relation::Duplicate => "duplicate",
            Relation::Reprint => "reprint",
        })
    }
}

/// The exact overlap of two documents' shingle sets (boilerplate
/// excluded): the figures every result of the engine carries ([`Match`],
/// [`Pair`], [`ClusterReprint`]), each saying which document is `a` and
/// which is `b`.
///
/// [`Match`]: super::Match
/// [`Pair`]: super::Pair
/// [`ClusterReprint`]: super::ClusterReprint
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Overlap {
    /// Distinct shingles both documents hold.
    pub shared: usize,
    /// Containment of `a` in `b`: the share of `a`'s shingles found in `b`.
    pub a_in_b: f64,
    /// Containment of `b` in `a`: the share of `b`'s shingles found in `a`.
    pub b_in_a: f64,
    /// Jaccard similarity of the two sets.
    pub jaccard: f64,
}

impl Overlap {
    /// The same overlap seen from the other side: `a` and `b` swapped.
    pub fn swapped(self) -> Overlap {
        Overlap {
            a_in_b: self.b_in_a,
            b_in_a: self.a_in_b,
            ..self
        }
    }

    /// Overlap of two sorted, deduplicated sets.
    pub(crate) fn of(a: &[u32], b: &[u32]) -> Overlap {
        Overlap::from_counts(intersection_len(a, b), a.len(), b.len())
    }

    /// Overlap of sets of sizes `len_a` and `len_b` sharing `shared` elements.
    pub(crate) fn from_counts(shared: usize, len_a: usize, len_b: usize) -> Overlap {
        let ratio = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
        Overlap {
            shared,
            a_in_b: ratio(shared, len_a),
            b_in_a: ratio(shared, len_b),
            jaccard: ratio(shared, (len_a + len_b).saturating_sub(shared)),
        }
    }

    /// The relation this overlap shows, if any.
    pub(crate) fn classify(
        &self,
        min_shared: usize,
        min_containment: f64,
        duplicate_jaccard: f64,
    ) -> Option<Relation> {
        if self.shared > 0 && self.jaccard >= duplicate_jaccard {
            Some(Relation::Duplicate)
        } else if self.shared >= min_shared && self.a_in_b.max(self.b_in_a) >= min_containment {
            Some(Relation::Reprint)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification() {
        let a: Vec<u32> = (0..100).collect();
        let o = Overlap::of(&a, &a);
        assert_eq!(o.classify(25, 0.15, 0.8), Some(Relation::Duplicate));
        let b: Vec<u32> = (70..400).collect(); // shares 30 of a's 100
        let o = Overlap::of(&a, &b);
        assert_eq!(o.shared, 30);
        assert_eq!(o.classify(25, 0.15, 0.8), Some(Relation::Reprint));
        assert_eq!(o.classify(31, 0.15, 0.8), None);
        assert_eq!(o.classify(25, 0.5, 0.8), None);
    }
}
