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

use std::collections::HashMap;
use std::sync::Arc;

use super::corpus::{print, Corpus, SharedBucket};
use super::results::Match;
use super::stages::{sample_key, DocFingerprint};
use super::Document;

/// Batches with fewer passages than this (a few documents: `add` is a
/// batch of one) insert into the index on the calling thread: waking
/// another thread for a few microseconds of work costs more than the work.
const PARALLEL_MIN_PASSAGES: usize = 64;

/// Adds `docs` (with new, distinct ids) to `corpus`: see
/// [`Deduper::add_batch`](crate::Deduper::add_batch). Returns each
/// document's matches when `matches` is set, nothing otherwise.
pub(super) fn add_batch(corpus: &mut Corpus, docs: &[Document], matches: bool) -> Vec<Vec<Match>> {
    let prepared = corpus.stages().fingerprint_all(docs);
    add_fingerprints(corpus, prepared, matches)
}

/// Where a batch document goes: a new text it holds, or a copy of a text
/// held before the batch or of another batch document's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Holds,
    CopyOfHeld(u32),
    CopyOf(usize),
}

impl Place {
    /// The holder of a copy's text (`doc_of`: the batch documents'
    /// numbers, holders' first), or `None` for a holder.
    fn holder(self, doc_of: &[u32]) -> Option<u32> {
        match self {
            Place::Holds => None,
            Place::CopyOfHeld(h) => Some(h),
            Place::CopyOf(j) => Some(doc_of[j]),
        }
    }
}

/// Each batch document's place. Copies of a text new with the batch are
/// held by the one whose id comes first by ([`sample_key`], id), so that
/// the choice does not depend on the order of the batch.
fn places(corpus: &Corpus, prepared: &[DocFingerprint], prints: &[u128]) -> Vec<Place> {
    let key = |i: usize| (sample_key(&prepared[i].id), prepared[i].id.as_str());
    let mut first: HashMap<u128, usize> = HashMap::new();
    let mut out: Vec<Place> = prints
        .iter()
        .enumerate()
        .map(|(i, &print)| match corpus.holder_of(print) {
            Some(h) => Place::CopyOfHeld(h),
            None => {
                let best = first.entry(print).or_insert(i);
                if key(i) < key(*best) {
                    *best = i;
                }
                Place::Holds
            }
        })
        .collect();
    for (i, place) in out.iter_mut().enumerate() {
        if *place == Place::Holds {
            let best = first[&prints[i]];
            if best != i {
                *place = Place::CopyOf(best);
            }
        }
    }
    out
}

/// [`Deduper::add_fingerprints`](crate::Deduper::add_fingerprints):
/// [`add_batch`] from the documents' fingerprints.
pub(super) fn add_fingerprints(
    corpus: &mut Corpus,
    mut prepared: Vec<DocFingerprint>,
    matches: bool,
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
    let parallel_docs = prepared.len() > 1;
    if !bp.is_empty() {
        crate::par::for_each_mut(&mut prepared, parallel_docs, |p| {
            p.set.retain(|&s| !bp.contains(s))
        });
    }
    // Copies of one text (see `corpus/copies.rs`) are held once.
    let timed = corpus.config().window.is_some();
    let prints: Vec<u128> = crate::par::map(&prepared, parallel_docs, |p| {
        print(&p.set, &p.keys, p.published.filter(|_| timed))
    });
    let places = places(corpus, &prepared, &prints);

    // Stored, and every passage indexed, before anything is looked up: each
    // document meets all the others, whatever their order. Holders first,
    // then copies, which name them.
    let first = corpus.next_doc();
    let bands = corpus.stages().bands();
    let passages: usize = prepared
        .iter()
        .zip(&places)
        .filter(|(_, &place)| place == Place::Holds)
        .map(|(p, _)| p.keys.len() / bands)
        .sum();
    corpus.reserve_exact(prepared.len(), passages);
    let mut doc_of = vec![0u32; prepared.len()];
    let mut keys: Vec<Vec<u32>> = vec![Vec::new(); prepared.len()];
    let mut pids = Vec::new();
    for (i, p) in prepared.iter_mut().enumerate() {
        if places[i] == Place::Holds {
            let n = p.keys.len() / bands;
            let (id, set) = (std::mem::take(&mut p.id), std::mem::take(&mut p.set));
            doc_of[i] = corpus.next_doc();
            let ids = corpus.push(id, p.published, p.text_hash, Arc::new(set), n, prints[i]);
            pids.push(ids);
        }
        keys[i] = std::mem::take(&mut p.keys);
    }
    // The texts that gain copies: holder, a batch document of the text
    // (for its keys), and whether the text had copies before the batch.
    let mut grown: Vec<(u32, usize, bool)> = places
        .iter()
        .enumerate()
        .filter_map(|(i, &place)| {
            let h = place.holder(&doc_of)?;
            Some((h, i, !corpus.copies_of(h).is_empty()))
        })
        .collect();
    grown.sort_unstable_by_key(|g| g.0);
    grown.dedup_by_key(|g| g.0);
    for (i, p) in prepared.into_iter().enumerate() {
        if let Some(h) = places[i].holder(&doc_of) {
            doc_of[i] = corpus.next_doc();
            corpus.push_copy(p.id, p.published, p.text_hash, h);
        }
    }
    let holds: Vec<(u32, &[u32])> = places
        .iter()
        .zip(&keys)
        .zip(&doc_of)
        .filter(|((&place, _), _)| place == Place::Holds)
        .map(|((_, k), &d)| (d, k.as_slice()))
        .collect();
    // Each holder's passages have consecutive ids from its first.
    let runs: Vec<(u32, &[u32])> = (pids.iter().zip(&holds))
        .map(|(ids, &(_, k))| (ids.start, k))
        .collect();
    let parallel = passages >= PARALLEL_MIN_PASSAGES;
    let mut shared = corpus.index_passages(&runs, parallel);
    // A text that gains copies has more documents in each of its buckets:
    // they are shared buckets, judged however few passages they hold (a
    // size of `u32::MAX` says so; the corpus notes them once judged).
    for &(_, i, _) in &grown {
        for k in keys[i].chunks_exact(bands) {
            for (band, &key) in (0u32..).zip(k) {
                shared.push(SharedBucket {
                    band,
                    key,
                    held: u32::MAX,
                });
            }
        }
    }
    if !grown.is_empty() {
        shared.sort_unstable_by(|x, y| {
            (x.band, x.key)
                .cmp(&(y.band, y.key))
                .then(y.held.cmp(&x.held))
        });
        shared.dedup_by_key(|x| (x.band, x.key));
    }

    let filter = candidates::SharedBuckets::new(bands, &shared);
    common::judge(corpus, shared, first, parallel);
    for &(_, i, _) in &grown {
        corpus.note_copied(&keys[i]);
    }
    let before = corpus.pair_count();
    candidates::pair(corpus, &holds, &filter, parallel);
    // Copies pair with each other once their text first has copies (the
    // passages that could pair them only ever lose buckets to
    // boilerplate, so a text that had copies unpaired keeps them so).
    let new_copies: Vec<(u32, &[u32])> = grown
        .iter()
        .filter(|&&(_, _, had)| !had)
        .map(|&(h, i, _)| (h, keys[i].as_slice()))
        .collect();
    candidates::pair_copies(corpus, &new_copies);
    corpus.settle_order(before);
    match matches {
        true => candidates::matches(corpus, &doc_of, before),
        false => Vec::new(),
    }
}
