//! Locality-sensitive hashing indexes (work in progress).
//!
//! - [`SimHashIndex`]: every stored SimHash within Hamming distance `k` of a
//!   query, exactly, with permuted tables (near-exact duplicates).

mod simhash_index;

pub use simhash_index::*;
