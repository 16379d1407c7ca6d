//! `reprint` finds news wire reprints and says what each outlet copied.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! text ─► text (normalize, tokens with spans, paragraphs) ─► shingle (u64 hashes)
//!      ─► minhash / simhash (fingerprints) ─► fingerprint (per document, in parallel)
//! ```
//!
//! # Example
//!
//! ```
//! use reprint::{Fingerprinter, MinHasher, Shingler, Variant};
//!
//! let wire = "French President Emmanuel Macron said Tuesday that Russian President \
//!             Vladimir Putin told him that Moscow would not further escalate the Ukraine crisis.";
//! let reprint = "France's President Emmanuel Macron has said Russia's President \
//!                Vladimir Putin told him Moscow would not further escalate the Ukraine crisis.";
//! let other = "Markets fell on Friday after the central bank raised interest rates again.";
//!
//! let f = Fingerprinter::new(Shingler::new(3)?, MinHasher::new(256)?.with_variant(Variant::OnePermutation));
//! let [a, b, c] = [wire, reprint, other].map(|t| f.fingerprint(t));
//! assert!(a.minhash.jaccard(&b.minhash)? > a.minhash.jaccard(&c.minhash)?);
//! assert!(a.simhash.distance(b.simhash) < a.simhash.distance(c.simhash));
//! # Ok::<(), reprint::Error>(())
//! ```
#![deny(missing_docs)]
// `deny`, not `forbid`: the MinHash kernel's runtime CPU dispatch holds the
// crate's only `unsafe` block, allowed in that one module (minhash::kernel).
#![deny(unsafe_code)]

pub mod dedup;
pub mod diff;
mod error;
pub mod fingerprint;
mod hashing;
pub mod lsh;
pub mod minhash;
mod persist;
pub mod shingle;
pub mod simhash;
pub mod testkit;
pub mod text;

pub use dedup::{Cluster, DedupConfig, Deduper, Document, Match, Relation};
pub use diff::{align, AlignConfig, Alignment};
pub use error::{Error, Result};
pub use fingerprint::{Fingerprint, Fingerprinter};
pub use lsh::{LshIndex, LshParams, SimHashIndex, SimHashMatch};
pub use minhash::{MinHasher, Signature, SignatureParams, Variant};
pub use shingle::Shingler;
pub use simhash::{SimHash, SimHasher};
pub use text::{Analysis, Paragraph, Token, Tokenizer};

/// The README's examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
