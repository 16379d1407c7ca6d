//! What the engine answers: [`Match`] (a new document's verified relation
//! to an earlier one), [`Pair`] (a verified pair as reports list it) and
//! [`MemoryUsage`].

use serde::{Deserialize, Serialize};

use super::verify::Relation;

/// A verified relation between a newly added document and an earlier one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Match {
    /// The earlier document's id.
    pub id: String,
    /// How the two are related.
    pub relation: Relation,
    /// Distinct shingles both hold, boilerplate excluded.
    pub shared_shingles: usize,
    /// Share of the new document's shingles found in the earlier one.
    pub containment: f64,
    /// Share of the earlier document's shingles found in the new one.
    pub containment_other: f64,
    /// Jaccard similarity of the two shingle sets.
    pub jaccard: f64,
    /// Passages of the new document that hit the earlier one in the index.
    pub shared_passages: usize,
}

/// Memory held by a [`Deduper`], in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryUsage {
    /// The passage LSH tables and the passage-to-document map.
    pub index: usize,
    /// The exact shingle sets kept for verification (4 bytes per shingle).
    pub shingle_sets: usize,
    /// Ids, timestamps, pairs and bookkeeping.
    pub other: usize,
}

/// A verified pair of documents, as [`Deduper::pairs`](super::Deduper::pairs) lists them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    /// The document added first.
    pub a: String,
    /// The document added second.
    pub b: String,
    /// How the two are related.
    pub relation: Relation,
    /// Distinct shingles both hold, boilerplate excluded.
    pub shared_shingles: usize,
    /// Share of `a`'s shingles found in `b`.
    pub containment_a: f64,
    /// Share of `b`'s shingles found in `a`.
    pub containment_b: f64,
    /// Jaccard similarity.
    pub jaccard: f64,
}
