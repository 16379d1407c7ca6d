//! The batch pipeline of [`Deduper::add_batch`](crate::Deduper::add_batch).
//!
//! A batch's answer is defined on the set of documents, not on the order
//! they come in: every stage is a function of the documents (held and new)
//! alone, and its parallel work is merged in an order of its own.
//!
//! Each stage's decisions are the functions of [`stages`](super::stages),
//! which a distributed driver runs too; this module is the single-machine
//! driver: an LSH index instead of a shuffle by band key.
//!
//! 1. [`Stages::fingerprint`](super::stages::Stages::fingerprint): per
//!    document, in parallel: shingle set, passages and their band keys.
//! 2. The documents are stored and all their passages go into the index,
//!    in parallel per band.
//! 3. [`common`]: index buckets the batch added to that now hold passages
//!    of many documents are judged, per bucket and in parallel: the passage of one story
//!    (its copies make no boilerplate), or boilerplate (a footer: it makes
//!    no candidates, and its shingles stop counting as shared text).
//! 4. [`candidates`]: per document, in parallel, the documents its passages
//!    hit outside boilerplate buckets; merged into unique pairs, each
//!    verified exactly, in parallel.
//! 5. The verified pairs are stored in a fixed order.

mod candidates;
mod common;

use std::sync::Arc;

use super::corpus::Corpus;
use super::results::Match;
use super::stages::DocFingerprint;
use super::Document;

/// Batches with fewer passages than this (a few documents: `add` is a
/// batch of one) insert into the index on the calling thread: waking
/// another thread for a few microseconds of work costs more than the work.
const PARALLEL_MIN_PASSAGES: usize = 64;

/// Adds `docs` (with new, distinct ids) to `corpus`: see
/// [`Deduper::add_batch`](crate::Deduper::add_batch).
pub(super) fn add_batch(corpus: &mut Corpus, docs: &[Document]) -> Vec<Vec<Match>> {
    let prepared = corpus.stages().fingerprint_all(docs);
    add_fingerprints(corpus, prepared)
}

/// [`Deduper::add_fingerprints`](crate::Deduper::add_fingerprints):
/// [`add_batch`] from the documents' fingerprints.
pub(super) fn add_fingerprints(
    corpus: &mut Corpus,
    mut prepared: Vec<DocFingerprint>,
) -> Vec<Vec<Match>> {
    if prepared.is_empty() {
        return Vec::new();
    }
    if let (Some(window), Some(newest)) = (
        corpus.config().window,
        prepared.iter().filter_map(|d| d.published).max(),
    ) {
        corpus.evict_before(newest.saturating_sub(window));
    }
    let bp = corpus.boilerplate();
    if !bp.is_empty() {
        let parallel = prepared.len() > 1;
        crate::par::for_each_mut(&mut prepared, parallel, |p| {
            p.set.retain(|&s| !bp.contains(s))
        });
    }

    // Stored, and every passage indexed, before anything is looked up: each
    // document meets all the others, whatever their order.
    let first = corpus.next_doc();
    let bands = corpus.stages().bands();
    let passages: usize = prepared.iter().map(|p| p.keys.len() / bands).sum();
    corpus.reserve_exact(prepared.len(), passages);
    let mut keys = Vec::with_capacity(prepared.len());
    let mut pids = Vec::with_capacity(prepared.len());
    for p in prepared {
        let n = p.keys.len() / bands;
        pids.push(corpus.push(p.id, p.published, p.text_hash, Arc::new(p.set), n));
        keys.push(p.keys);
    }
    let indexed = pids
        .iter()
        .zip(&keys)
        .flat_map(|(ids, k)| ids.clone().zip(k.chunks_exact(bands)));
    let parallel = passages >= PARALLEL_MIN_PASSAGES;
    let shared = corpus.index_passages(indexed, parallel);

    let filter = candidates::SharedBuckets::new(bands, &shared);
    common::judge(corpus, shared, first, parallel);
    candidates::pair(corpus, &keys, &filter, first, parallel)
}
