//! Naive references: slow, obviously correct definitions that the
//! library's fast paths are tested and benched against.
//!
//! Each function here is written from the documented rules, in the plainest
//! form: chars in a `Vec`, sets in a `BTreeSet`, every pair of documents
//! compared. None of it is fast and none of it should be: when a fast path
//! and its reference disagree, the reference is the one to believe.
//!
//! - [`words`] and [`tokens`]: the tokenizer, from the normalization rules
//!   of [`reprint::text`].
//! - [`shingles`] and [`fold`]: word k-shingles over those tokens, one
//!   window at a time, and the 32-bit form the engine stores.
//! - [`jaccard`] and [`Overlap`]: exact set similarity.
//! - [`classic_minhash`]: the classic MinHash signature, every permutation
//!   a pass over every shingle.
//! - [`simhash`]: the textbook SimHash.
//! - [`Reference`]: a brute-force deduper (every pair verified, no index, no
//!   batches) with the engine's classification rule, clusters and source
//!   choice.
//!
//! The hashes are the library's own where they are part of its format: a
//! word's hash is [`Tokenizer::hash_normalized`](reprint::text::Tokenizer::hash_normalized)
//! of its normalized form and a shingle's is
//! [`Shingler::hash_tokens`](reprint::Shingler::hash_tokens) of its window,
//! both public functions of one value. Those two are definitions (seeded
//! mixes of documented shape whose constants the saved format fixes), not
//! fast paths; what is checked here is everything around them.

mod dedup;
mod minhash;
mod sets;
mod simhash;
mod text;

pub use dedup::{Cluster, ClusterMember, Pair, Reference};
pub use minhash::classic_minhash;
pub use sets::{jaccard, Overlap};
pub use simhash::{fmix64, simhash};
pub use text::{fold, is_word_char, shingles, tokens, words, Word};
