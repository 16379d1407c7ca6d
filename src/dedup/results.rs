//! What the engine answers: [`Match`] (a document's verified relation to
//! another), [`Pair`] (a verified pair as reports list it) and
//! [`MemoryUsage`].

use super::cluster::Cluster;
use super::verify::{Overlap, Relation};

/// A verified relation between a document added (or queried) and another.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Match {
    /// The other document's id.
    pub id: String,
    /// How the two are related.
    pub relation: Relation,
    /// The overlap, `a` being the document added and `b` the other one:
    /// `a_in_b` is the share of the document added found in the other.
    pub overlap: Overlap,
    /// Passages of either document that hit the other in the index: of the
    /// one with more, when both are of one batch; of the document added,
    /// against one held before its batch.
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
    /// The earlier document: published first (undated documents last),
    /// then the smaller id. The order does not depend on the order the
    /// documents were added.
    pub a: String,
    /// The later document.
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
    /// Every verified pair, sorted by `a`, then `b` (see [`Pair::a`]).
    pub pairs: Vec<Pair>,
}

/// What a [`Deduper`](crate::Deduper) holds under a document's id (see
/// [`Deduper::held`](crate::Deduper::held)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Held {
    /// No document has this id.
    Absent,
    /// A document with this id and this very text: adding it again would
    /// change nothing (a day's feed read twice).
    SameText,
    /// A document with this id and another text.
    OtherText,
}
