//! What the engine answers: [`Match`] (a new document's verified relation
//! to an earlier one), [`Pair`] (a verified pair as reports list it) and
//! [`MemoryUsage`].

use super::cluster::Cluster;
use super::verify::{Overlap, Relation};

/// A verified relation between a newly added document and an earlier one.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Match {
    /// The earlier document's id.
    pub id: String,
    /// How the two are related.
    pub relation: Relation,
    /// The overlap, `a` being the new document and `b` the earlier one:
    /// `a_in_b` is the share of the new document found in the earlier.
    pub overlap: Overlap,
    /// Passages of the new document that hit the earlier one in the index.
    pub shared_passages: usize,
}

/// Memory held by a [`Deduper`](super::Deduper), in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MemoryUsage {
    /// The passage LSH tables and the passage-to-document map.
    pub index: usize,
    /// The exact shingle sets kept for verification (4 bytes per shingle).
    pub shingle_sets: usize,
    /// Ids, timestamps, pairs and bookkeeping.
    pub other: usize,
}

/// A verified pair of documents, as [`Deduper::pairs`](super::Deduper::pairs) lists them.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Pair {
    /// The document added first.
    pub a: String,
    /// The document added second.
    pub b: String,
    /// How the two are related.
    pub relation: Relation,
    /// The overlap of `a` and `b`.
    pub overlap: Overlap,
}

/// What [`Deduper::report`](super::Deduper::report) answers: the clusters
/// and the verified pairs, from one re-verification of the stored pairs.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Report {
    /// Groups of related documents, each with its likely source.
    pub clusters: Vec<Cluster>,
    /// Every verified pair, in the order found.
    pub pairs: Vec<Pair>,
}
