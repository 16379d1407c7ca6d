//! The batch pipeline of [`Deduper::add_batch`](crate::Deduper::add_batch).
//!
//! `add_batch` must give exactly what adding one by one gives, so the work
//! is split by what it reads. The batch goes in chunks of
//! [`PIPELINE_CHUNK`] documents, each added as below, and the next chunk is
//! prepared beside them (`rayon::join`).
//!
//! 0. [`prepare`](super::prepare): per document, in parallel, reading no
//!    engine state (tokens, shingles, the sorted set, passage band keys).
//! 1. [`stage`](mod@stage): per document, in parallel, reading the corpus as it was
//!    before the chunk: learnt boilerplate left out, passages looked up in
//!    the index, verification against the held documents found.
//! 2. [`among`](mod@among): per document, in parallel, the same among the chunk's
//!    earlier documents, from one sorted table per band of the chunk.
//! 3. [`in_order`]: per document, in order: boilerplate learning, the
//!    corrections it makes to the parallel stages' overlaps, pairs and
//!    clustering links, the document stored.
//! 4. The chunk's passages go into the index, in parallel per band.
//!
//! Stage 2 runs alongside stage 3: each document's result is computed by
//! whichever side asks first. [`spent`] sends memory back to the thread
//! that allocated it, to be freed there.

mod among;
mod in_order;
mod spent;

pub(super) use self::spent::current_owner;
mod stage;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use crate::par::prelude::*;

use self::among::{among, Among, Numbering};
use self::in_order::Batch;
use self::spent::Mailboxes;
use self::stage::Staged;
use super::corpus::Corpus;
use super::lists::Lists;
use super::prepare::{prepare, Prepared, PreparedPassage};
use super::results::Match;
use super::verify::Overlap;
use super::Document;

/// What the in-order stage is done with, sent back to the thread that
/// allocated it to be freed there (see [`spent`]).
#[allow(dead_code)] // held only to be dropped
enum Spent {
    /// A prepared document's shingles and passages.
    Prepared(Vec<u32>, Vec<PreparedPassage>),
    /// A staged document's lookups.
    Staged(Lists, Vec<(u32, Overlap)>),
    /// A set replaced by a copy at its size.
    Set(Vec<u32>),
}

/// Documents per chunk of [`add_batch`]: each chunk is prepared
/// (tokens, shingles, band keys: the bulk of the work) while the engine adds
/// the chunk before, so the in-order stage and the index inserts of one
/// chunk overlap with the next chunk's preparation on the other threads.
/// Smaller chunks overlap more of a batch; larger ones share more of the
/// lookups through [`BatchTables`](among::BatchTables).
const PIPELINE_CHUNK: usize = 128;

/// The documents of `chunk` prepared in parallel by `prepare`, but for
/// those prepared ahead (`ahead`: empty, or one entry per document).
fn complete(
    chunk: &[Document],
    ahead: Vec<Option<Prepared>>,
    prepare: &(impl Fn(&Document) -> Prepared + Sync),
) -> Vec<Prepared> {
    if ahead.is_empty() {
        return chunk.par_iter().map(prepare).collect();
    }
    debug_assert_eq!(ahead.len(), chunk.len());
    ahead
        .into_par_iter()
        .zip(chunk)
        .map(|(p, d)| p.unwrap_or_else(|| prepare(d)))
        .collect()
}

/// Chunks with fewer passages than this (a few documents: `add` is a
/// batch of one) build their batch tables, look up among themselves and
/// insert into the index on the calling thread: waking another thread for
/// a few microseconds of work costs more than the work.
const PARALLEL_MIN_PASSAGES: usize = 64;

/// A batch passage not indexed (yet, or ever).
const NOT_INDEXED: u32 = u32::MAX;

/// Adds `docs` (with new, distinct ids) to `corpus` in order: see
/// [`Deduper::add_batch`](crate::Deduper::add_batch).
pub(super) fn add_batch(corpus: &mut Corpus, docs: &[Document]) -> Vec<Vec<Match>> {
    // Chunk after chunk; each chunk's documents are prepared while the
    // engine adds the chunk before (see `PIPELINE_CHUNK`).
    let machinery = corpus.machinery().clone();
    let (min, max) = (
        corpus.config().passage_min_words,
        corpus.config().passage_max_words,
    );
    // Two items per document, and a chunk or two in flight.
    let spent = Mailboxes::new(4 * PIPELINE_CHUNK);
    let prepare_one = |d: &Document| {
        spent.empty_mine();
        prepare(d, &machinery, min, max)
    };
    let complete = |chunk, ahead| complete(chunk, ahead, &prepare_one);
    let mut chunks = docs.chunks(PIPELINE_CHUNK);
    let mut current = chunks.next().map(|c| complete(c, Vec::new()));
    let mut following = chunks.next();
    let mut ahead: Vec<Option<Prepared>> = Vec::new();
    let mut out = Vec::with_capacity(docs.len());
    while let Some(chunk) = current.take() {
        let after = chunks.next();
        let busy = AtomicBool::new(true);
        let ahead_now = std::mem::take(&mut ahead);
        let Some(following_now) = following else {
            // The last chunk: nothing to prepare beside it.
            out.extend(add_prepared(corpus, chunk, &spent));
            break;
        };
        let (matches, (next, next_ahead)) = crate::par::join(
            || {
                let matches = add_prepared(corpus, chunk, &spent);
                busy.store(false, Ordering::Relaxed);
                matches
            },
            || {
                let next = complete(following_now, ahead_now);
                // A thread done with the next chunk while the engine
                // is still busy (in its in-order stage, say) prepares
                // the chunk after rather than wait; once the engine is
                // done, the rest is left for the next round.
                let ahead = after.map_or_else(Vec::new, |c| {
                    c.par_iter()
                        .map(|d| busy.load(Ordering::Relaxed).then(|| prepare_one(d)))
                        .collect()
                });
                (Some(next), ahead)
            },
        );
        out.extend(matches);
        (current, following, ahead) = (next, after, next_ahead);
    }
    out
}

/// Adds prepared documents (with new, distinct ids) as one batch: see
/// [`add_batch`].
fn add_prepared(
    corpus: &mut Corpus,
    prepared: Vec<Prepared>,
    spent: &Mailboxes<Spent>,
) -> Vec<Vec<Match>> {
    let held: &Corpus = corpus;
    let mut staged: Vec<Staged> = prepared
        .into_par_iter()
        .map(|p| {
            spent.empty_mine();
            stage::stage(held, p, spent)
        })
        .collect();
    let numbering = Numbering::new(staged.iter().map(|s| s.p.passages.len()));
    let parallel = numbering.len() >= PARALLEL_MIN_PASSAGES;
    let tables = stage::batch_tables(corpus, &staged, &numbering, parallel);
    // The band keys of every passage, for the index at the end.
    let mut keys = Lists::with_capacity(numbering.len());
    for passage in staged.iter().flat_map(|s| &s.p.passages) {
        keys.push(&passage.keys);
    }
    let sets: Vec<Arc<Vec<u32>>> = staged
        .iter_mut()
        .map(|s| Arc::new(std::mem::take(&mut s.p.set)))
        .collect();
    let clusters = corpus.config().boilerplate_clusters;
    let among = |d: usize| among(d, &sets, &tables, &numbering, clusters);
    let done: Vec<OnceLock<Among>> = (0..staged.len()).map(|_| OnceLock::new()).collect();
    let mut batch = Batch {
        held_docs: corpus.next_doc(),
        pids: vec![NOT_INDEXED; numbering.len()],
        pending: Vec::with_capacity(numbering.len()),
        evicted: false,
        numbering: &numbering,
        sets: &sets,
        staged_bp: corpus.boilerplate().len(),
        learnt: (corpus.boilerplate().len(), Vec::new()),
        dropped: Vec::with_capacity(staged.len()),
        spent,
    };
    corpus.reserve_exact(staged.len(), numbering.len());
    // The second parallel stage runs ahead of the in-order one: each
    // document's lookups among the earlier ones are done by whichever
    // side needs them first (on one thread, the in-order side does them
    // all), so neither waits for a task that no thread has taken.
    let in_order = || -> Vec<Vec<Match>> {
        staged
            .into_iter()
            .enumerate()
            .map(|(d, s)| {
                in_order::add_staged(corpus, s, done[d].get_or_init(|| among(d)), &mut batch)
            })
            .collect()
    };
    let out = match parallel {
        false => in_order(),
        true => {
            let ahead = || {
                (0..done.len()).into_par_iter().for_each(|d| {
                    done[d].get_or_init(|| among(d));
                })
            };
            crate::par::join(in_order, ahead).0
        }
    };
    let pending = batch
        .pending
        .iter()
        .map(|&(pid, p)| (pid, keys.get(p as usize)));
    corpus.index_passages(pending, parallel);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedup::deduper::tests::doc;
    use crate::dedup::DedupConfig;

    /// Documents prepared ahead are taken as they are, the others
    /// prepared: in order either way.
    #[test]
    fn chunks_complete_what_was_prepared_ahead() {
        let config = DedupConfig::default();
        let m = config.machinery().unwrap();
        let (min, max) = (config.passage_min_words, config.passage_max_words);
        let docs: Vec<Document> = (0..5).map(|i| doc(i, 0)).collect();
        let fresh = |d: &Document| prepare(d, &m, min, max);
        let mut marked = fresh(&docs[2]);
        marked.filtered = 99;
        let ahead = vec![None, None, Some(marked), None, Some(fresh(&docs[4]))];
        for (ahead, marked) in [(ahead, Some(2)), (Vec::new(), None)] {
            let got = complete(&docs, ahead, &fresh);
            let ids: Vec<&str> = got.iter().map(|p| p.id.as_str()).collect();
            assert_eq!(ids, ["doc0", "doc1", "doc2", "doc3", "doc4"]);
            for (i, p) in got.iter().enumerate() {
                assert_eq!(p.set, fresh(&docs[i]).set);
                assert_eq!(p.filtered == 99, marked == Some(i), "doc {i}");
            }
        }
    }
}
