//! Stage 1 of a batch: per document, in parallel, against the corpus as it
//! was before the chunk: the learnt boilerplate left out of its set, its
//! passages looked up in the index, and the exact overlap with every held
//! document found.

use std::cell::Cell;

use super::among::{BatchTables, Numbering};
use super::spent::{current_owner, Mailboxes};
use super::Spent;
use crate::dedup::corpus::Corpus;
use crate::dedup::lists::Lists;
use crate::dedup::prepare::{trim_scratch, Prepared};
use crate::dedup::verify::Overlap;

/// A batch document after the first parallel stage. Overlaps are computed on its set, filtered by
/// the boilerplate learnt before the batch (and kept apart, in the batch's
/// `sets`, while the second stage reads it).
pub(super) struct Staged {
    pub p: Prepared,
    /// Per passage: the documents it hits in the index as it was before the
    /// batch (sorted, without duplicates); none for a passage known to be
    /// boilerplate then.
    pub held_hits: Lists,
    /// The overlap with each held document hit, by document.
    pub overlaps: Vec<(u32, Overlap)>,
    /// The pool thread that staged it, to free `held_hits` and `overlaps`.
    pub owner: Option<usize>,
}

/// Each thread's buffers for [`stage`], reused from one document
/// to the next (see `prepare::Scratch` for why).
#[derive(Debug)]
struct Lookups {
    /// The held documents each passage hits.
    held: Lists,
    /// The held documents any passage hits.
    docs: Vec<u32>,
    /// Passage ids a lookup returns.
    pids: Vec<u32>,
    /// The held documents one passage hits.
    hits: Vec<u32>,
}

impl Lookups {
    const EMPTY: Lookups = Lookups {
        held: Lists::new(),
        docs: Vec::new(),
        pids: Vec::new(),
        hits: Vec::new(),
    };

    fn trim(&mut self) {
        self.held.trim();
        trim_scratch(&mut self.docs);
        trim_scratch(&mut self.pids);
        trim_scratch(&mut self.hits);
    }
}

thread_local! {
    static LOOKUPS: Cell<Lookups> = const { Cell::new(Lookups::EMPTY) };
}

/// The first parallel stage of adding a prepared document (see
/// [`add_batch`](super::add_batch)): its set filtered, and its passages
/// looked up among the documents `corpus` holds.
pub(super) fn stage(corpus: &Corpus, mut p: Prepared, spent: &Mailboxes<Spent>) -> Staged {
    if p.filter(corpus.boilerplate()) {
        // The set is stored as it is: copied at its size here, the
        // old one sent back to the thread that allocated it.
        let exact = p.set.to_vec();
        spent.send(p.owner, Spent::Set(std::mem::replace(&mut p.set, exact)));
    }
    let mut scratch = LOOKUPS.replace(Lookups::EMPTY);
    let Lookups {
        held,
        docs,
        pids,
        hits,
    } = &mut scratch;
    held.clear();
    docs.clear();
    for (i, passage) in p.passages.iter().enumerate() {
        // The next passage's slots load while this one is looked up.
        if let Some(next) = p.passages.get(i + 1).filter(|n| !n.boilerplate) {
            corpus.prefetch_keys(&next.keys);
        }
        hits.clear();
        if !passage.boilerplate {
            corpus.held_docs_into(&passage.keys, pids, hits);
            docs.extend_from_slice(hits);
        }
        held.push(hits);
    }
    docs.sort_unstable();
    docs.dedup();
    let overlaps = docs
        .iter()
        .map(|&d| (d, corpus.overlap_with(&p.set, d)))
        .collect();
    // Copied out at its size; the buffers stay with the thread.
    let held_hits = held.clone();
    scratch.trim();
    LOOKUPS.set(scratch);
    Staged {
        p,
        held_hits,
        overlaps,
        owner: current_owner(),
    }
}

/// The tables for the second parallel stage of adding a batch (see
/// [`among`](super::among::among)). Passages that were boilerplate at the first stage are
/// neither looked up nor found.
pub(super) fn batch_tables(
    corpus: &Corpus,
    staged: &[Staged],
    numbering: &Numbering,
    parallel: bool,
) -> BatchTables {
    let no_keys: &[u32] = &[];
    let keys: Vec<&[u32]> = staged
        .iter()
        .flat_map(|s| {
            s.p.passages
                .iter()
                .map(move |passage| match passage.boilerplate {
                    true => no_keys,
                    false => &passage.keys[..],
                })
        })
        .collect();
    BatchTables::build(
        corpus.machinery().lsh.bands,
        numbering.len(),
        |p| keys[p as usize],
        parallel,
    )
}
