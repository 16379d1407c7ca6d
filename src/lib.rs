//! `reprint` finds news wire reprints and says what each outlet copied.
//!
//! Give it articles (one at a time, as a stream, or in batches); it finds
//! which are reprints of which — including partial reprints wrapped in an
//! outlet's own material, which whole-document similarity misses — clusters
//! them around their likely wire source, and aligns each reprint with its
//! source paragraph by paragraph: copied, edited (with word edits), added,
//! omitted.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! text ─► text (normalize, tokens with byte spans, paragraphs) ─► shingle (u64 hashes)
//!      ─► minhash / simhash (fingerprints) ─► lsh (LshIndex, SimHashIndex)
//!      ─► dedup (passages, candidates, exact verification, boilerplate, clusters, save/load)
//!      ─► diff (paragraph alignment, word edits, report)
//! ```
//!
//! Which to use:
//!
//! - To find reprints in a feed: [`Deduper`] ([`DedupConfig`] documents
//!   every default and why). It indexes *passages*, so a reprint that keeps
//!   a third of a story is found, and verifies every candidate exactly.
//! - To say what a reprint took: [`align`] ([`diff`]).
//! - For the building blocks: [`Fingerprinter`] (MinHash and SimHash of
//!   whole texts, in parallel), [`LshIndex`] with [`LshParams`] chosen for a
//!   Jaccard threshold (near-duplicates at document level), [`SimHashIndex`]
//!   (near-exact duplicates within a few bits).
//!
//! # Example
//!
//! ```
//! use reprint::{align, AlignConfig, DedupConfig, Deduper, Document};
//!
//! let wire = "French President Emmanuel Macron said Tuesday that Russian President Vladimir \
//!     Putin told him that Moscow would not further escalate the Ukraine crisis.\n\n\
//!     Macron met with Ukrainian President Volodymyr Zelensky amid mounting fears of a \
//!     Russian invasion. Moscow has massed more than 100,000 troops near the border, \
//!     but insists it has no plans to attack, and the Kremlin denied reports of a deal.";
//! let reprint = "President Macron met with Ukrainian President Volodymyr Zelenskyy amid mounting \
//!     fears of a Russian invasion. Moscow has massed more than 100,000 troops near the border, \
//!     but insists it has no plans to attack, and the Kremlin denied reports of a deal.\n\n\
//!     Listen to our podcast on the crisis, out every Friday.";
//! let rival = "Markets fell on Friday after the central bank raised interest rates again.";
//!
//! let mut dedup = Deduper::new(DedupConfig::default())?;
//! let docs = [Document::new("wire", wire), Document::new("outlet", reprint), Document::new("rival", rival)];
//! let matches = dedup.add_batch(&docs)?;
//! assert_eq!(matches[1][0].id, "wire");
//! assert!(matches[2].is_empty());
//! assert_eq!(dedup.clusters()[0].members, ["wire", "outlet"]);
//!
//! let alignment = align(wire, reprint, &AlignConfig::default());
//! assert_eq!((alignment.summary.edited, alignment.summary.added, alignment.summary.omitted), (1, 1, 1));
//! println!("{}", alignment.render(wire, reprint)); // ~ r0 ← s1 …: {+President+} Macron met with … [-Zelensky-]{+Zelenskyy+} …
//! # Ok::<(), reprint::Error>(())
//! ```
#![deny(missing_docs)]
// `deny`, not `forbid`: two `unsafe` blocks are allowed where they are, each
// with its benchmark: the MinHash kernel's runtime CPU dispatch
// (minhash::kernel) and the cache prefetch hint (prefetch).
#![deny(unsafe_code)]

pub mod dedup;
pub mod diff;
mod error;
pub mod fingerprint;
mod hash;
mod hashing;
mod intersect;
pub mod lsh;
pub mod minhash;
mod par;
mod persist;
mod prefetch;
mod radix;
pub mod shingle;
pub mod simhash;
pub mod text;

pub use dedup::stages;
pub use dedup::{
    aligned_passages, format_rfc3339, parse_rfc3339, AlignedPassage, Cluster, ClusterReprint,
    CompactPairs, CopyGroup, DedupConfig, Deduper, Document, Held, Match, MemoryUsage, Overlap,
    Pair, PairRef, Relation, Report,
};
pub use diff::{align, AlignConfig, Alignment};
pub use error::{Error, Result};
pub use fingerprint::{Fingerprint, Fingerprinter};
pub use lsh::{LshIndex, LshParams, SimHashIndex, SimHashMatch};
pub use minhash::{MinHasher, Signature, SignatureParams, Variant};
pub use shingle::Shingler;
pub use simhash::{SimHash, SimHashOrigin, SimHasher};
pub use text::{Analysis, Paragraph, Token, Tokenizer};

/// The README's examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
