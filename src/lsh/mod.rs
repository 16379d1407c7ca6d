//! Locality-sensitive hashing indexes: candidates without comparing all pairs.
//!
//! - [`LshParams`] chooses `bands × rows` for a Jaccard threshold.
//! - [`LshIndex`] buckets MinHash signatures by band and returns the ids that
//!   share a band with a query: the candidates worth verifying.
mod index;
mod params;

pub(crate) use index::band_keys;
pub use index::LshIndex;
pub use params::LshParams;
