//! The dedup engine: passages, candidates, verification, clusters.
//!
//! ```text
//! Document ─► passages (paragraphs, short merged, long windowed)
//!          ─► one-permutation MinHash per passage ─► band keys ─► LshIndex (passage ids)
//!          ─► candidate documents (passages that hit them)
//!          ─► verify on exact shingle sets (containment both ways, Jaccard) ─► Relation
//!          ─► union-find over story relations ─► clusters with a source
//! ```
//!
//! Why passages: whole-document similarity misses partial reprints. In the
//! seeds, the wire story 000 and its reprint 001 have a document Jaccard of
//! about 0.1 (001 keeps the first half of 000 and adds its own material), so
//! a document-level LSH at any useful threshold never pairs them. Their
//! shared paragraphs, however, are near-identical passages that collide in
//! the passage index, and exact verification then sees that a quarter of
//! 001 comes from 000.
//!
//! Why learn boilerplate: outlets wrap every article in the same footer.
//! An index bucket holding passages of many documents (by default 16) is
//! judged on a sample of them: if they are of several stories that nothing
//! else relates (by default 4), the bucket is a footer, not a story: it
//! makes no candidates, and the text its documents of different stories
//! share stops counting. A wire story reprinted by hundreds of outlets is
//! safe, because its reprints are of one story.
//!
//! Invariants: a batch's answer is a function of the set of documents
//! (held and new), not of their order: every stage is per document, per
//! index bucket or per pair, and every output is sorted by a key of its
//! own (times and ids), so results depend neither on input order nor on
//! hash-map order or thread count. Internal ids are dense and follow
//! insertion order, but no answer depends on them.
//!
//! Layout: [`Deduper`] (`deduper.rs`) is the public face and holds a
//! `Corpus` (`corpus/`: the documents held, the index, learnt boilerplate
//! and judged buckets, pairs; its reports and saved form); `pipeline/` adds
//! a batch to it in stages; `prepare.rs` is the per-document work that
//! reads no engine state; `verify.rs` the exact overlap and the relation it
//! makes.
mod aligned;
mod boilerplate;
mod cluster;
mod config;
mod corpus;
mod deduper;
mod document;
mod passages;
mod pipeline;
mod prepare;
mod results;
mod rfc3339;
pub mod stages;
mod verdict;
mod verify;

pub use aligned::{aligned_between, aligned_passages, AlignedPassage, ShingledText};
pub use cluster::{Cluster, ClusterReprint};
pub use config::DedupConfig;
pub use corpus::FORMAT_VERSION;
pub use deduper::Deduper;
pub use document::Document;
pub use results::{CompactPairs, CopyGroup, Held, Match, MemoryUsage, Pair, PairRef, Report};
pub use rfc3339::{format_rfc3339, parse_rfc3339};
pub use stages::Stages;
pub use verify::{Overlap, Relation};
