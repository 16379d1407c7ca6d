//! Stage 3 of a batch: per document, in order. Boilerplate learnt since
//! stage 1 is dropped from the document's set (and the stages' overlaps
//! corrected exactly for it, or verified again where the other document's
//! set changed otherwise); its passages are counted against the clusters
//! they hit and boilerplate is learnt; its pairs are stored, its strong
//! links join clusters, and its indexed passages are queued for the index.

use std::sync::Arc;

use super::among::{Among, Numbering};
use super::spent::Mailboxes;
use super::stage::Staged;
use super::{Spent, NOT_INDEXED};
use crate::dedup::boilerplate::Boilerplate;
use crate::dedup::corpus::Corpus;
use crate::dedup::results::Match;
use crate::intersect::intersection_len;

/// The in-order state of a batch being added.
pub(super) struct Batch<'a> {
    /// Documents held before the batch: the batch's documents follow.
    pub held_docs: u32,
    pub numbering: &'a Numbering,
    /// The staged sets of the batch's documents (see [`Staged`]).
    pub sets: &'a [Arc<Vec<u32>>],
    /// Per passage of the batch, its passage id once it is indexed.
    pub pids: Vec<u32>,
    /// The batch's indexed passages, as (passage id, number in the batch),
    /// for the index once the batch ends.
    pub pending: Vec<(u32, u32)>,
    /// Whether documents were evicted during the batch: the staged lookups
    /// may name them.
    pub evicted: bool,
    /// Number of learnt boilerplate shingles when the batch was staged.
    pub staged_bp: usize,
    /// The shingles learnt since, sorted, and the number learnt when they
    /// were sorted.
    pub learnt: (usize, Vec<u32>),
    /// Per document of the batch added so far: the shingles dropped from
    /// its staged set as boilerplate learnt within the batch (sorted), and
    /// the number of learnt shingles when it was added.
    pub dropped: Vec<(Vec<u32>, usize)>,
    /// Where the documents' spent memory goes.
    pub spent: &'a Mailboxes<Spent>,
}

/// The in-order stage of adding a staged document.
pub(super) fn add_staged(
    corpus: &mut Corpus,
    staged: Staged,
    among: &Among,
    batch: &mut Batch,
) -> Vec<Match> {
    let Staged {
        p,
        held_hits,
        overlaps,
        owner,
    } = staged;
    let (batch_hits, batch_overlaps) = (&among.hits, &among.overlaps);
    if let (Some(window), Some(t)) = (corpus.config().window, p.published) {
        batch.evicted |= corpus.evict_before(t.saturating_sub(window)) > 0;
    }
    let doc = corpus.next_doc();
    let at = (doc - batch.held_docs) as usize;
    // Boilerplate learnt since the parallel stage: drop it from the set,
    // keeping what was dropped to correct the stage's overlaps. If none
    // of it is in this document, its passages are boilerplate or not as
    // they were at the stage.
    let mut set = Arc::clone(&batch.sets[at]);
    let mut dropped = Vec::new();
    debug_assert_eq!(p.filtered, batch.staged_bp);
    if intersection_len(&set, batch.learnt_since_staged(corpus.boilerplate())) > 0 {
        drop_learnt(corpus.boilerplate(), &mut set, p.filtered, &mut dropped);
    }
    let as_staged = dropped.is_empty();
    let scan = corpus.scan_with(
        &p,
        |i| match as_staged {
            true => p.passages[i].boilerplate,
            false => p.is_boilerplate(i, corpus.boilerplate()),
        },
        |i, docs| {
            docs.extend_from_slice(held_hits.get(i));
            // Batch passages get ids in their order, after the held
            // ones; those not indexed go, and their documents follow
            // the held ones in order.
            let hits = batch_hits
                .get(i)
                .iter()
                .filter(|&&b| batch.pids[b as usize] != NOT_INDEXED)
                .map(|&b| batch.held_docs + batch.numbering.owner(b));
            docs.extend(hits);
            docs.dedup();
            if batch.evicted {
                docs.retain(|&d| corpus.is_alive(d));
            }
        },
    );
    let learnt = corpus.boilerplate().len();
    for (r, hit) in &scan.boilerplate {
        corpus.learn_boilerplate(&p.shingles[r.clone()], hit);
    }
    if corpus.boilerplate().len() != learnt {
        drop_learnt(corpus.boilerplate(), &mut set, learnt, &mut dropped);
        dropped.sort_unstable();
    }
    let mut matches = Vec::new();
    for &(other, shared_passages) in &scan.hits {
        let known = if other < batch.held_docs {
            overlaps
                .binary_search_by_key(&other, |&(d, _)| d)
                .ok()
                .filter(|_| corpus.boilerplate_seen(other) <= p.filtered)
                .map(|i| (overlaps[i].1, &[][..]))
        } else {
            // An earlier document of the batch: its stored set is its
            // staged set without what it dropped, unless boilerplate it
            // holds was learnt after it was added.
            let (other_dropped, seen) = &batch.dropped[(other - batch.held_docs) as usize];
            batch_overlaps
                .binary_search_by_key(&(other - batch.held_docs), |&(d, _)| d)
                .ok()
                .filter(|_| corpus.boilerplate_seen(other) == *seen)
                .map(|i| (batch_overlaps[i].1, &other_dropped[..]))
        }
        .map(|(staged, other_dropped)| {
            corpus.restage(staged, other, &set, &dropped, other_dropped)
        });
        let verified = match known {
            Some(overlap) => corpus.classify(overlap, other, shared_passages),
            None => corpus.verify(&set, other, shared_passages),
        };
        if let Some((m, overlap)) = verified {
            corpus.record_pair(other, doc, m.relation, overlap);
            matches.push(m);
        }
    }
    let pids = corpus.push(p.id, p.published, set, scan.indexed.len());
    for (i, pid) in scan.indexed.into_iter().zip(pids) {
        batch.pids[batch.numbering.passage(at, i) as usize] = pid;
        batch.pending.push((pid, batch.numbering.passage(at, i)));
    }
    batch.dropped.push((dropped, corpus.boilerplate().len()));
    let spent = batch.spent;
    spent.send(p.owner, Spent::Prepared(p.shingles, p.passages));
    spent.send(owner, Spent::Staged(held_hits, overlaps));
    matches
}

impl Batch<'_> {
    /// The boilerplate `bp` learnt since the batch was staged, sorted: a
    /// quick test (one fast intersection) of whether a document holds any.
    fn learnt_since_staged(&mut self, bp: &Boilerplate) -> &[u32] {
        if self.learnt.0 != bp.len() {
            let mut learnt = bp.since(self.staged_bp).to_vec();
            learnt.sort_unstable();
            self.learnt = (bp.len(), learnt);
        }
        &self.learnt.1
    }
}

/// Drops from `set` the boilerplate `bp` learnt since `filtered` shingles
/// were learnt, adding what it drops to `dropped`.
fn drop_learnt(bp: &Boilerplate, set: &mut Arc<Vec<u32>>, filtered: usize, dropped: &mut Vec<u32>) {
    if bp.len() == filtered {
        return;
    }
    Arc::make_mut(set).retain(|&s| {
        let keep = !bp.contains(s);
        if !keep {
            dropped.push(s);
        }
        keep
    });
}
