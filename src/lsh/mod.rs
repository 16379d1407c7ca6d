//! Locality-sensitive hashing indexes: candidates without comparing all pairs.
//!
//! - [`LshParams`] chooses `bands × rows` for a Jaccard threshold.
//! - [`LshIndex`] buckets MinHash signatures by band and returns the ids that
//!   share a band with a query: the candidates worth verifying.
//! - [`SimHashIndex`]: every stored SimHash within Hamming distance `k` of a
//!   query, exactly, with permuted tables (near-exact duplicates).
mod entries;
mod index;
mod params;
mod simhash_index;
mod sorted;
mod table;

pub(crate) use index::{band_keys, Runs};
pub use index::{LshIndex, SavedId};
pub use params::LshParams;
pub use simhash_index::{
    SimHashIndex, SimHashMatch, DEFAULT_MAX_DISTANCE, MAX_TABLES, SIMHASH_FORMAT_VERSION,
};
