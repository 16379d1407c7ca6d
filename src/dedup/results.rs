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

impl Pair {
    /// The pair with borrowed ids.
    pub fn view(&self) -> PairRef<'_> {
        PairRef {
            a: &self.a,
            b: &self.b,
            relation: self.relation,
            overlap: self.overlap,
        }
    }
}

/// A verified pair as [`Deduper::for_each_pair`](super::Deduper::for_each_pair)
/// streams it: a [`Pair`] whose ids are borrowed from the engine.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairRef<'a> {
    /// The earlier document (see [`Pair::a`]).
    pub a: &'a str,
    /// The later document.
    pub b: &'a str,
    /// How the two are related.
    pub relation: Relation,
    /// The overlap of `a` and `b`.
    pub overlap: Overlap,
}

impl PairRef<'_> {
    /// The pair with owned ids.
    pub fn to_pair(&self) -> Pair {
        Pair {
            a: self.a.to_string(),
            b: self.b.to_string(),
            relation: self.relation,
            overlap: self.overlap,
        }
    }
}

/// Documents held as one text (their fingerprints are equal: see
/// [`Deduper::add_batch`](super::Deduper::add_batch)) that pair with each
/// other: every two of them are a verified pair with this relation and
/// overlap.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CopyGroup {
    /// The documents, in report order (by time published, undated last,
    /// then id).
    pub ids: Vec<String>,
    /// How each two of them are related.
    pub relation: Relation,
    /// The overlap of each two of them.
    pub overlap: Overlap,
}

/// The verified pairs, with those of copies of one text given as groups:
/// what [`Deduper::compact_pairs`](super::Deduper::compact_pairs) answers.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CompactPairs {
    /// The groups of copies, ordered by their first documents.
    pub copies: Vec<CopyGroup>,
    /// Every other pair, as [`Deduper::pairs`](super::Deduper::pairs)
    /// lists them.
    pub pairs: Vec<Pair>,
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
