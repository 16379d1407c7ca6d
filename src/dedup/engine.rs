//! [`Deduper`]: the engine a caller drives.

use std::cell::Cell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3Builder;

use super::batch::{among, Among, BatchTables, Numbering};
use super::boilerplate::Boilerplate;
use super::cluster::UnionFind;
use super::config::{DedupConfig, Machinery};
use super::lists::Lists;
use super::prepare::{prepare, trim_scratch, Prepared, PreparedPassage};
use super::spent::{current_owner, Mailboxes};
use super::verify::{Overlap, Relation};
use super::Document;
use crate::hashing::IntSet;
use crate::intersect::intersection_len;
use crate::lsh::LshIndex;
use crate::{Error, Result};

/// A verified relation between a newly added document and an earlier one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Match {
    /// The earlier document's id.
    pub id: String,
    /// How the two are related.
    pub relation: Relation,
    /// Distinct shingles both hold, boilerplate excluded.
    pub shared_shingles: usize,
    /// Share of the new document's shingles found in the earlier one.
    pub containment: f64,
    /// Share of the earlier document's shingles found in the new one.
    pub containment_other: f64,
    /// Jaccard similarity of the two shingle sets.
    pub jaccard: f64,
    /// Passages of the new document that hit the earlier one in the index.
    pub shared_passages: usize,
}

/// Memory held by a [`Deduper`], in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryUsage {
    /// The passage LSH tables and the passage-to-document map.
    pub index: usize,
    /// The exact shingle sets kept for verification (4 bytes per shingle).
    pub shingle_sets: usize,
    /// Ids, timestamps, pairs and bookkeeping.
    pub other: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct StoredDoc {
    pub id: String,
    pub published: Option<i64>,
    /// Folded shingles, sorted; learnt boilerplate removed when the document
    /// was added and whenever a boilerplate passage it holds was learnt.
    /// Shared with the batch that adds the document while it runs, so that
    /// storing the set copies nothing.
    pub set: Arc<Vec<u32>>,
    /// Number of learnt boilerplate shingles when `set` was last filtered:
    /// pairs verified before that are verified again when reported.
    pub boilerplate_seen: usize,
    pub passages: Range<u32>,
    pub alive: bool,
}

/// How many of the documents a boilerplate passage hit are asked which of
/// its shingles recur.
const RECUR_SAMPLE: usize = 8;

/// A batch document after the first parallel stage of
/// [`Deduper::add_batch`]. Overlaps are computed on its set, filtered by
/// the boilerplate learnt before the batch (and kept apart, in the batch's
/// `sets`, while the second stage reads it).
struct Staged {
    p: Prepared,
    /// Per passage: the documents it hits in the index as it was before the
    /// batch (sorted, without duplicates); none for a passage known to be
    /// boilerplate then.
    held_hits: Lists,
    /// The overlap with each held document hit, by document.
    overlaps: Vec<(u32, Overlap)>,
    /// The pool thread that staged it, to free `held_hits` and `overlaps`.
    owner: Option<usize>,
}

/// What the in-order stage is done with, sent back to the thread that
/// allocated it to be freed there (see [`spent`](super::spent)).
#[allow(dead_code)] // held only to be dropped
enum Spent {
    /// A prepared document's shingles and passages.
    Prepared(Vec<u32>, Vec<PreparedPassage>),
    /// A staged document's lookups.
    Staged(Lists, Vec<(u32, Overlap)>),
    /// A set replaced by a copy at its size.
    Set(Vec<u32>),
}

/// The in-order state of a batch being added.
struct Batch<'a> {
    /// Documents held before the batch: the batch's documents follow.
    held_docs: u32,
    numbering: &'a Numbering,
    /// The staged sets of the batch's documents (see [`Staged`]).
    sets: &'a [Arc<Vec<u32>>],
    /// Per passage of the batch, its passage id once it is indexed.
    pids: Vec<u32>,
    /// The batch's indexed passages, as (passage id, number in the batch),
    /// for the index once the batch ends.
    pending: Vec<(u32, u32)>,
    /// Whether documents were evicted during the batch: the staged lookups
    /// may name them.
    evicted: bool,
    /// Number of learnt boilerplate shingles when the batch was staged.
    staged_bp: usize,
    /// The shingles learnt since, sorted, and the number learnt when they
    /// were sorted.
    learnt: (usize, Vec<u32>),
    /// Per document of the batch added so far: the shingles dropped from
    /// its staged set as boilerplate learnt within the batch (sorted), and
    /// the number of learnt shingles when it was added.
    dropped: Vec<(Vec<u32>, usize)>,
    /// Where the documents' spent memory goes.
    spent: &'a Mailboxes<Spent>,
}

/// Documents per chunk of [`Deduper::add_batch`]: each chunk is prepared
/// (tokens, shingles, band keys: the bulk of the work) while the engine adds
/// the chunk before, so the in-order stage and the index inserts of one
/// chunk overlap with the next chunk's preparation on the other threads.
/// Smaller chunks overlap more of a batch; larger ones share more of the
/// lookups through [`BatchTables`].
const PIPELINE_CHUNK: usize = 128;

/// Each thread's buffers for [`Deduper::stage`], reused from one document
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

/// Passages per document [`Deduper::reserve`] assumes before any document
/// is held: a 700-word article cut into passages of 40 to 80 words.
const PASSAGES_PER_DOC_GUESS: usize = 16;

/// A batch passage not indexed (yet, or ever).
const NOT_INDEXED: u32 = u32::MAX;

/// What the index says about a new document's passages.
#[derive(Debug, Default)]
struct Scan {
    /// Candidate documents and how many passages hit each, by document.
    hits: Vec<(u32, usize)>,
    /// Passages to insert into the index.
    indexed: Vec<usize>,
    /// Passages found to be boilerplate: the range of the shingles that
    /// touch them, and the documents they hit (which hold the same
    /// boilerplate).
    boilerplate: Vec<(Range<usize>, Vec<u32>)>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct PairRecord {
    pub a: u32,
    pub b: u32,
    pub relation: Relation,
    pub overlap: Overlap,
    /// Number of learnt boilerplate shingles when the pair was verified.
    pub boilerplate_seen: usize,
}

/// Finds reprints among documents added one at a time or in batches.
///
/// Each document is cut into passages (paragraphs, short ones merged, long
/// ones windowed); each passage's MinHash band keys go into an [`LshIndex`].
/// A new document's passages query the index; the documents they hit are
/// candidates, verified on exact shingle sets (containment both ways and
/// Jaccard) and classified as a [`Relation`] or rejected. Passages that link
/// many unrelated clusters are learnt as boilerplate and ignored from then
/// on. See [`DedupConfig`] for every threshold and why.
///
/// Adding is query-then-insert, so a live stream gets each article's matches
/// against everything before it as it arrives; [`add_batch`](Self::add_batch)
/// does the per-document work in parallel and gives the same result as adding
/// one by one.
///
/// # Example
///
/// ```
/// use reprint::{Deduper, DedupConfig, Document, Relation};
///
/// let wire = "French President Emmanuel Macron said Tuesday that Russian President Vladimir \
///     Putin told him that Moscow would not further escalate the Ukraine crisis.\n\n\
///     Macron also said it would take time to find a diplomatic solution to the rising \
///     tensions, which represent the biggest security crisis between Russia and the West.";
/// let reprint = format!("{wire}\n\nSign up for our newsletter to get the news every morning.");
///
/// let mut dedup = Deduper::new(DedupConfig::default())?;
/// assert!(dedup.add(&Document::new("ap", wire).with_published(1_644_300_000))?.is_empty());
/// let matches = dedup.add(&Document::new("outlet", reprint).with_published(1_644_303_600))?;
/// assert_eq!(matches[0].id, "ap");
/// assert_eq!(matches[0].relation, Relation::Duplicate);
/// assert_eq!(dedup.clusters()[0].source, "ap");
/// # Ok::<(), reprint::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Deduper {
    pub(crate) config: DedupConfig,
    pub(crate) machinery: Machinery,
    pub(crate) docs: Vec<StoredDoc>,
    pub(crate) ids: HashMap<String, u32, Xxh3Builder>,
    pub(crate) passage_doc: Vec<u32>,
    pub(crate) index: LshIndex<u32>,
    pub(crate) boilerplate: Boilerplate,
    pub(crate) uf: UnionFind,
    pub(crate) pairs: Vec<PairRecord>,
    pub(crate) by_time: BTreeSet<(i64, u32)>,
}

impl Deduper {
    /// An empty engine.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] naming the first invalid field.
    pub fn new(config: DedupConfig) -> Result<Self> {
        let machinery = config.machinery()?;
        let index = LshIndex::new(machinery.lsh);
        Ok(Deduper {
            config,
            machinery,
            docs: Vec::new(),
            ids: HashMap::with_hasher(Xxh3Builder::new()),
            passage_doc: Vec::new(),
            index,
            boilerplate: Boilerplate::default(),
            uf: UnionFind::default(),
            pairs: Vec::new(),
            by_time: BTreeSet::new(),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &DedupConfig {
        &self.config
    }

    /// Number of documents held.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether no document is held.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Whether a document with this id is held.
    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains_key(id)
    }

    /// Makes room for `additional` more documents, as `Vec::reserve` does:
    /// a hint for a caller that knows how many are coming (a corpus loaded
    /// at once), so that the index's band tables, which otherwise double
    /// as they fill (a copy into fresh memory each time), are sized once.
    /// Passages per document are estimated from the documents held, or
    /// taken as 16 (a 700-word article) before any. Adding more, or fewer,
    /// documents works as without it; results are the same.
    ///
    /// ```
    /// use reprint::{DedupConfig, Deduper, Document};
    ///
    /// let docs: Vec<Document> = (0..3)
    ///     .map(|i| Document::new(format!("d{i}"), "Some article text."))
    ///     .collect();
    /// let mut engine = Deduper::new(DedupConfig::default())?;
    /// engine.reserve(docs.len());
    /// engine.add_batch(&docs)?;
    /// assert_eq!(engine.len(), 3);
    /// # Ok::<(), reprint::Error>(())
    /// ```
    pub fn reserve(&mut self, additional: usize) {
        let per_doc = match self.docs.len() {
            0 => PASSAGES_PER_DOC_GUESS,
            held => self.passage_doc.len().div_ceil(held),
        };
        let passages = additional.saturating_mul(per_doc);
        self.docs.reserve(additional);
        self.ids.reserve(additional);
        self.passage_doc.reserve(passages);
        self.index.reserve(passages);
    }

    /// Adds a document and returns its verified matches among the documents
    /// added before it, in the order those were added.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateId`] if a document with this id is held; nothing is
    /// added then.
    pub fn add(&mut self, doc: &Document) -> Result<Vec<Match>> {
        if self.ids.contains_key(&doc.id) {
            return Err(Error::DuplicateId { id: doc.id.clone() });
        }
        let mut out = self.add_batch(std::slice::from_ref(doc))?;
        Ok(out.pop().unwrap_or_default())
    }

    /// Adds documents in order, doing most of the work in parallel with
    /// rayon. The result, and the engine's state, are the same as calling
    /// [`add`](Self::add) on each in order, whatever the number of threads.
    ///
    /// The documents go in chunks of 128. Each chunk's tokens, shingles
    /// and signatures are computed in parallel while the engine adds the
    /// chunk before it (a thread done with that while the engine is still
    /// busy starts on the chunk after). Then, in parallel for each document
    /// of the chunk: the boilerplate learnt so far left out, the lookup of its
    /// passages in the index as it was before the chunk, and the exact
    /// verification against the documents found. Then the same among the
    /// chunk's earlier documents, in parallel with the in-order stage that
    /// follows it document by document: boilerplate learning, the passages
    /// that learning leaves out, corrections of the parallel stages'
    /// overlaps for the boilerplate learnt since (or verification again, if
    /// a stored set changed otherwise), clustering links. Finally the
    /// chunk's passages go into the index.
    ///
    /// A batch of a thousand documents or more keeps two threads busy; a
    /// live stream gets the same matches from [`add`](Self::add), one
    /// document at a time.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateId`] if an id is already held or appears twice in
    /// `docs`; nothing is added then.
    pub fn add_batch(&mut self, docs: &[Document]) -> Result<Vec<Vec<Match>>> {
        let mut seen = HashSet::with_capacity_and_hasher(docs.len(), Xxh3Builder::new());
        for d in docs {
            if self.ids.contains_key(&d.id) || !seen.insert(d.id.as_str()) {
                return Err(Error::DuplicateId { id: d.id.clone() });
            }
        }
        // Chunk after chunk; each chunk's documents are prepared while the
        // engine adds the chunk before (see `PIPELINE_CHUNK`).
        let machinery = self.machinery.clone();
        let (min, max) = (self.config.passage_min_words, self.config.passage_max_words);
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
                out.extend(self.add_prepared(chunk, &spent));
                break;
            };
            let (matches, (next, next_ahead)) = rayon::join(
                || {
                    let matches = self.add_prepared(chunk, &spent);
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
        Ok(out)
    }

    /// Adds prepared documents (with new, distinct ids) as one batch: see
    /// [`add_batch`](Self::add_batch).
    fn add_prepared(
        &mut self,
        prepared: Vec<Prepared>,
        spent: &Mailboxes<Spent>,
    ) -> Vec<Vec<Match>> {
        let mut staged: Vec<Staged> = prepared
            .into_par_iter()
            .map(|p| {
                spent.empty_mine();
                self.stage(p, spent)
            })
            .collect();
        let numbering = Numbering::new(staged.iter().map(|s| s.p.passages.len()));
        let parallel = numbering.len() >= PARALLEL_MIN_PASSAGES;
        let tables = self.batch_tables(&staged, &numbering, parallel);
        // The band keys of every passage, for the index at the end.
        let mut keys = Lists::with_capacity(numbering.len());
        for passage in staged.iter().flat_map(|s| &s.p.passages) {
            keys.push(&passage.keys);
        }
        let sets: Vec<Arc<Vec<u32>>> = staged
            .iter_mut()
            .map(|s| Arc::new(std::mem::take(&mut s.p.set)))
            .collect();
        let clusters = self.config.boilerplate_clusters;
        let among = |d: usize| among(d, &sets, &tables, &numbering, clusters);
        let done: Vec<OnceLock<Among>> = (0..staged.len()).map(|_| OnceLock::new()).collect();
        let mut batch = Batch {
            held_docs: self.docs.len() as u32,
            pids: vec![NOT_INDEXED; numbering.len()],
            pending: Vec::with_capacity(numbering.len()),
            evicted: false,
            numbering: &numbering,
            sets: &sets,
            staged_bp: self.boilerplate.len(),
            learnt: (self.boilerplate.len(), Vec::new()),
            dropped: Vec::with_capacity(staged.len()),
            spent,
        };
        self.docs.reserve(staged.len());
        self.passage_doc.reserve(numbering.len());
        // The second parallel stage runs ahead of the in-order one: each
        // document's lookups among the earlier ones are done by whichever
        // side needs them first (on one thread, the in-order side does them
        // all), so neither waits for a task that no thread has taken.
        let in_order = || -> Vec<Vec<Match>> {
            staged
                .into_iter()
                .enumerate()
                .map(|(d, s)| self.add_staged(s, done[d].get_or_init(|| among(d)), &mut batch))
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
                rayon::join(in_order, ahead).0
            }
        };
        let pending: Vec<(u32, &[u32])> = batch
            .pending
            .iter()
            .filter(|&&(pid, _)| self.docs[self.passage_doc[pid as usize] as usize].alive)
            .map(|&(pid, p)| (pid, keys.get(p as usize)))
            .collect();
        self.index.insert_many_keys(&pending, parallel);
        out
    }

    /// The first parallel stage of adding a prepared document (see
    /// [`add_batch`](Self::add_batch)): its set filtered, and its passages
    /// looked up among the documents held.
    fn stage(&self, mut p: Prepared, spent: &Mailboxes<Spent>) -> Staged {
        if p.filter(&self.boilerplate) {
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
                self.index.prefetch_keys(&next.keys);
            }
            hits.clear();
            if !passage.boilerplate {
                self.held_docs_into(&passage.keys, pids, hits);
                docs.extend_from_slice(hits);
            }
            held.push(hits);
        }
        docs.sort_unstable();
        docs.dedup();
        let overlaps = docs
            .iter()
            .map(|&d| (d, self.overlap_clean(&p.set, &self.docs[d as usize].set)))
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
    /// [`among`]). Passages that were boilerplate at the first stage are
    /// neither looked up nor found.
    fn batch_tables(
        &self,
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
            self.machinery.lsh.bands,
            numbering.len(),
            |p| keys[p as usize],
            parallel,
        )
    }

    /// `doc` prepared, without the boilerplate learnt so far.
    fn prepare(&self, doc: &Document) -> Prepared {
        let mut p = prepare(
            doc,
            &self.machinery,
            self.config.passage_min_words,
            self.config.passage_max_words,
        );
        p.filter(&self.boilerplate);
        p
    }

    /// Verified matches of `doc` among the documents held, without adding
    /// it: for matching today's articles against an index of yesterday's.
    /// Takes `&self`, so many threads can query one engine at once.
    pub fn query(&self, doc: &Document) -> Vec<Match> {
        let mut p = self.prepare(doc);
        let scan = self.scan(&p);
        let set = self.clean_prepared(&mut p, &scan.boilerplate);
        scan.hits
            .iter()
            .filter_map(|&(other, shared)| self.verify(&set, other, shared).map(|(m, _)| m))
            .collect()
    }

    /// The in-order stage of adding a staged document.
    fn add_staged(&mut self, staged: Staged, among: &Among, batch: &mut Batch) -> Vec<Match> {
        let Staged {
            p,
            held_hits,
            overlaps,
            owner,
        } = staged;
        let (batch_hits, batch_overlaps) = (&among.hits, &among.overlaps);
        if let (Some(window), Some(t)) = (self.config.window, p.published) {
            batch.evicted |= self.evict_before(t.saturating_sub(window)) > 0;
        }
        let doc = self.docs.len() as u32;
        let at = (doc - batch.held_docs) as usize;
        // Boilerplate learnt since the parallel stage: drop it from the set,
        // keeping what was dropped to correct the stage's overlaps. If none
        // of it is in this document, its passages are boilerplate or not as
        // they were at the stage.
        let mut set = Arc::clone(&batch.sets[at]);
        let mut dropped = Vec::new();
        debug_assert_eq!(p.filtered, batch.staged_bp);
        if intersection_len(&set, self.learnt_in_batch(batch)) > 0 {
            self.drop_learnt(&mut set, p.filtered, &mut dropped);
        }
        let as_staged = dropped.is_empty();
        let scan = self.scan_with(
            &p,
            |i| match as_staged {
                true => p.passages[i].boilerplate,
                false => p.is_boilerplate(i, &self.boilerplate),
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
                    docs.retain(|&d| self.docs[d as usize].alive);
                }
            },
        );
        let learnt = self.boilerplate.len();
        for (r, hit) in &scan.boilerplate {
            self.learn_boilerplate(&p.shingles[r.clone()], hit);
        }
        if self.boilerplate.len() != learnt {
            self.drop_learnt(&mut set, learnt, &mut dropped);
            dropped.sort_unstable();
        }
        let mut matches = Vec::new();
        for &(other, shared_passages) in &scan.hits {
            let known = if other < batch.held_docs {
                overlaps
                    .binary_search_by_key(&other, |&(d, _)| d)
                    .ok()
                    .filter(|_| self.docs[other as usize].boilerplate_seen <= p.filtered)
                    .map(|i| (overlaps[i].1, &[][..]))
            } else {
                // An earlier document of the batch: its stored set is its
                // staged set without what it dropped, unless boilerplate it
                // holds was learnt after it was added.
                let (other_dropped, seen) = &batch.dropped[(other - batch.held_docs) as usize];
                batch_overlaps
                    .binary_search_by_key(&(other - batch.held_docs), |&(d, _)| d)
                    .ok()
                    .filter(|_| self.docs[other as usize].boilerplate_seen == *seen)
                    .map(|i| (batch_overlaps[i].1, &other_dropped[..]))
            }
            .map(|(staged, other_dropped)| {
                self.restage(staged, other, &set, &dropped, other_dropped)
            });
            let verified = match known {
                Some(overlap) => self.classify(overlap, other, shared_passages),
                None => self.verify(&set, other, shared_passages),
            };
            if let Some((m, overlap)) = verified {
                // Stored older-first: `a` is the earlier document.
                self.pairs.push(PairRecord {
                    a: other,
                    b: doc,
                    relation: m.relation,
                    overlap: Overlap {
                        containment_a: overlap.containment_b,
                        containment_b: overlap.containment_a,
                        ..overlap
                    },
                    boilerplate_seen: self.boilerplate.len(),
                });
                matches.push(m);
            }
        }

        self.uf.push();
        for m in &self.pairs[self.pairs.len() - matches.len()..] {
            let o = &m.overlap;
            if o.shared >= self.config.strong_link_shingles
                || o.containment_a.max(o.containment_b) >= self.config.strong_link_containment
            {
                self.uf.union(m.a, m.b);
            }
        }
        let first = self.passage_doc.len() as u32;
        for i in scan.indexed {
            let pid = self.passage_doc.len() as u32;
            batch.pids[batch.numbering.passage(at, i) as usize] = pid;
            batch.pending.push((pid, batch.numbering.passage(at, i)));
            self.passage_doc.push(doc);
        }
        batch.dropped.push((dropped, self.boilerplate.len()));
        if let Some(t) = p.published {
            self.by_time.insert((t, doc));
        }
        self.ids.insert(p.id.clone(), doc);
        self.docs.push(StoredDoc {
            id: p.id,
            published: p.published,
            set,
            boilerplate_seen: self.boilerplate.len(),
            passages: first..self.passage_doc.len() as u32,
            alive: true,
        });
        let spent = batch.spent;
        spent.send(p.owner, Spent::Prepared(p.shingles, p.passages));
        spent.send(owner, Spent::Staged(held_hits, overlaps));
        matches
    }

    /// The boilerplate learnt since the batch was staged, sorted: a quick
    /// test (one fast intersection) of whether a document holds any.
    fn learnt_in_batch<'a>(&self, batch: &'a mut Batch) -> &'a [u32] {
        if batch.learnt.0 != self.boilerplate.len() {
            let mut learnt = self.boilerplate.since(batch.staged_bp).to_vec();
            learnt.sort_unstable();
            batch.learnt = (self.boilerplate.len(), learnt);
        }
        &batch.learnt.1
    }

    /// Drops from `set` the boilerplate learnt since `filtered` shingles were
    /// learnt, adding what it drops to `dropped`.
    fn drop_learnt(&self, set: &mut Arc<Vec<u32>>, filtered: usize, dropped: &mut Vec<u32>) {
        if self.boilerplate.len() == filtered {
            return;
        }
        Arc::make_mut(set).retain(|&s| {
            let keep = !self.boilerplate.contains(s);
            if !keep {
                dropped.push(s);
            }
            keep
        });
    }

    /// The exact set of `p` (prepared by this engine as it is, so without
    /// learnt boilerplate) without the shingles of the `extra` passages
    /// either (boilerplate found but not yet learnt).
    fn clean_prepared(&self, p: &mut Prepared, extra: &[(Range<usize>, Vec<u32>)]) -> Vec<u32> {
        let mut set = std::mem::take(&mut p.set);
        if !extra.is_empty() {
            let extra: IntSet<u32> = extra
                .iter()
                .flat_map(|(r, hit)| self.recurring(&p.shingles[r.clone()], hit))
                .collect();
            set.retain(|s| !extra.contains(s));
        }
        // Prepared by this `&self`: nothing was learnt since.
        debug_assert_eq!(self.boilerplate.len(), p.filtered);
        set
    }

    /// The overlap of a new document with `other`, from the `staged` one
    /// computed on both staged sets in a parallel stage. Since, boilerplate
    /// was learnt: the new document `dropped` some of its shingles (its set
    /// is now `set`), `other` dropped `other_dropped` (an earlier document
    /// of the batch; none for a held one, which was already filtered). A
    /// shared shingle is lost if the new document dropped it and `other`
    /// held it (kept or dropped it); one that only `other` dropped was learnt
    /// before the new document filtered its set, so it dropped it too.
    ///
    /// The caller checks that `other`'s set has not changed otherwise.
    fn restage(
        &self,
        staged: Overlap,
        other: u32,
        set: &[u32],
        dropped: &[u32],
        other_dropped: &[u32],
    ) -> Overlap {
        let o = &self.docs[other as usize];
        let lost = dropped
            .iter()
            .filter(|x| o.set.binary_search(x).is_ok() || other_dropped.binary_search(x).is_ok())
            .count();
        Overlap::from_counts(staged.shared - lost, set.len(), o.set.len())
    }

    /// Verifies the pair (new document with shingle `set`, free of learnt
    /// boilerplate, and `other`).
    fn verify(&self, set: &[u32], other: u32, shared_passages: usize) -> Option<(Match, Overlap)> {
        let overlap = self.overlap_clean(set, &self.docs[other as usize].set);
        self.classify(overlap, other, shared_passages)
    }

    /// The match an overlap with `other` makes, if it passes verification.
    fn classify(
        &self,
        overlap: Overlap,
        other: u32,
        shared_passages: usize,
    ) -> Option<(Match, Overlap)> {
        let o = &self.docs[other as usize];
        let relation = overlap.classify(
            self.config.min_shared_shingles,
            self.config.min_containment,
            self.config.duplicate_jaccard,
        )?;
        let m = Match {
            id: o.id.clone(),
            relation,
            shared_shingles: overlap.shared,
            containment: overlap.containment_a,
            containment_other: overlap.containment_b,
            jaccard: overlap.jaccard,
            shared_passages,
        };
        Some((m, overlap))
    }

    /// Looks up the passages of `p` in the index: see [`scan_with`](Self::scan_with).
    fn scan(&self, p: &Prepared) -> Scan {
        let mut pids = Vec::new();
        self.scan_with(
            p,
            |i| p.passages[i].boilerplate,
            |i, docs| self.held_docs_into(&p.passages[i].keys, &mut pids, docs),
        )
    }

    /// Appends to the empty `docs` the held documents a passage with band
    /// `keys` hits, sorted, without duplicates (`pids` is scratch space).
    fn held_docs_into(&self, keys: &[u32], pids: &mut Vec<u32>, docs: &mut Vec<u32>) {
        self.index.query_keys_into(keys, pids);
        // Passage ids follow document order: `docs` comes out sorted.
        docs.extend(pids.iter().map(|&pid| self.passage_doc[pid as usize]));
        docs.dedup();
    }

    /// Looks up the passages of `p`: candidate documents (with the number of
    /// passages hitting each, in document order), the passages worth
    /// indexing, and the passages that turn out to be boilerplate. Passages
    /// for which `is_boilerplate(i)` holds are skipped; `lookup(i, docs)`
    /// writes the documents that passage `i` hits into `docs` (empty), sorted
    /// and without duplicates.
    fn scan_with(
        &self,
        p: &Prepared,
        is_boilerplate: impl Fn(usize) -> bool,
        mut lookup: impl FnMut(usize, &mut Vec<u32>),
    ) -> Scan {
        let mut scan = Scan::default();
        let (mut hits, mut docs, mut roots) = (Vec::new(), Vec::new(), Vec::new());
        for (i, passage) in p.passages.iter().enumerate() {
            if is_boilerplate(i) {
                continue;
            }
            docs.clear();
            lookup(i, &mut docs);
            roots.clear();
            roots.extend(docs.iter().map(|&d| self.uf.root(d)));
            roots.sort_unstable();
            roots.dedup();
            if roots.len() >= self.config.boilerplate_clusters {
                // Every shingle touching the passage: those that run across
                // its edges recur too when the text around it does (a credit
                // line before a footer, one footer paragraph after another).
                let reach = self.machinery.shingler.k() - 1;
                let touching = passage.shingles.start.saturating_sub(reach)
                    ..(passage.shingles.end + reach).min(p.shingles.len());
                scan.boilerplate.push((touching, docs.clone()));
                continue;
            }
            hits.extend_from_slice(&docs);
            scan.indexed.push(i);
        }
        // Each passage names a document once: the length of its run in the
        // sorted list is the number of passages hitting it.
        hits.sort_unstable();
        scan.hits = hits
            .chunk_by(|a, b| a == b)
            .filter(|run| run.len() >= self.config.min_shared_passages)
            .map(|run| (run[0], run.len()))
            .collect();
        scan
    }

    /// The shingles of a boilerplate passage that recur: those at least two
    /// of the documents it `hit` hold. A passage is often a footer merged
    /// with the article's last paragraph; only the footer recurs, and the
    /// article's own words must stay countable for its reprints.
    ///
    /// Shingles already learnt are skipped, and the first [`RECUR_SAMPLE`]
    /// documents hit are asked: boilerplate is in nearly all of them.
    fn recurring(&self, shingles: &[u32], hit: &[u32]) -> Vec<u32> {
        let sample = &hit[..hit.len().min(RECUR_SAMPLE)];
        shingles
            .iter()
            .copied()
            .filter(|&s| !self.boilerplate.contains(s))
            .filter(|s| {
                sample
                    .iter()
                    .filter(|&&d| self.docs[d as usize].set.binary_search(s).is_ok())
                    .take(2)
                    .count()
                    == 2
            })
            .collect()
    }

    /// Learns the recurring shingles of a boilerplate passage (see
    /// [`recurring`](Self::recurring)), and drops them from the sets of the
    /// documents the passage hit (those hold the same boilerplate).
    ///
    /// Documents the passage did not hit keep any of these shingles they
    /// hold in their stored sets: shared counts exclude all learnt
    /// boilerplate exactly (see [`overlap_stored`](Self::overlap_stored)), but
    /// such a document's set size still counts them. Filtering every stored
    /// set on every lesson would cost a pass over the whole corpus.
    fn learn_boilerplate(&mut self, shingles: &[u32], hit: &[u32]) {
        let learnt = self.recurring(shingles, hit);
        let before = self.boilerplate.len();
        self.boilerplate.extend(learnt);
        if self.boilerplate.len() == before {
            // Known already: the sets were filtered when it was learnt.
            return;
        }
        let bp = &self.boilerplate;
        for &doc in hit {
            let d = &mut self.docs[doc as usize];
            Arc::make_mut(&mut d.set).retain(|&s| !bp.contains(s));
            d.boilerplate_seen = bp.len();
        }
    }

    /// Removes a document: it stops matching, and leaves pairs and clusters.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`] if no document has this id.
    pub fn remove(&mut self, id: &str) -> Result<()> {
        let Some(&doc) = self.ids.get(id) else {
            return Err(Error::UnknownId { id: id.to_string() });
        };
        self.remove_doc(doc);
        self.pairs.retain(|p| p.a != doc && p.b != doc);
        Ok(())
    }

    /// Removes every document published before `t` (Unix seconds); documents
    /// without a timestamp stay. Returns how many were removed.
    pub fn evict_before(&mut self, t: i64) -> usize {
        let old: Vec<u32> = self.by_time.range(..(t, 0)).map(|&(_, d)| d).collect();
        for &d in &old {
            self.remove_doc(d);
        }
        if !old.is_empty() {
            let docs = &self.docs;
            self.pairs
                .retain(|p| docs[p.a as usize].alive && docs[p.b as usize].alive);
        }
        old.len()
    }

    fn remove_doc(&mut self, doc: u32) {
        let d = &mut self.docs[doc as usize];
        d.alive = false;
        d.set = Arc::default();
        self.ids.remove(&d.id);
        if let Some(t) = d.published {
            self.by_time.remove(&(t, doc));
        }
        for pid in d.passages.clone() {
            // Every passage of a live document is in the index.
            let _ = self.index.remove(pid);
        }
    }

    /// The exact overlap of two held documents (boilerplate excluded).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`] if either id is not held.
    pub fn overlap(&self, a: &str, b: &str) -> Result<Overlap> {
        let find = |id: &str| {
            self.ids
                .get(id)
                .copied()
                .ok_or_else(|| Error::UnknownId { id: id.to_string() })
        };
        let (a, b) = (find(a)?, find(b)?);
        let (a, b) = (&self.docs[a as usize].set, &self.docs[b as usize].set);
        Ok(self.overlap_stored(a, b, &self.stale(a), &self.stale(b)))
    }

    /// The learnt boilerplate a stored set still holds, sorted: usually
    /// none (see [`learn_boilerplate`](Self::learn_boilerplate)).
    pub(super) fn stale(&self, set: &[u32]) -> Vec<u32> {
        if self.boilerplate.is_empty() {
            return Vec::new();
        }
        set.iter()
            .copied()
            .filter(|&s| self.boilerplate.contains(s))
            .collect()
    }

    /// The overlap of two stored sets `a` and `b`, learnt boilerplate
    /// excluded from the shared count: `stale_a` and `stale_b` are the
    /// boilerplate each still holds ([`stale`](Self::stale)), and what both
    /// hold of it is all the boilerplate they share.
    pub(super) fn overlap_stored(
        &self,
        a: &[u32],
        b: &[u32],
        stale_a: &[u32],
        stale_b: &[u32],
    ) -> Overlap {
        let shared = intersection_len(a, b) - intersection_len(stale_a, stale_b);
        Overlap::from_counts(shared, a.len(), b.len())
    }

    /// The overlap of a new document's set `clean`, which holds no learnt
    /// boilerplate, with a stored set: what they share is in `clean`, so it
    /// is boilerplate-free with no per-shingle test (the hot path of
    /// verification).
    fn overlap_clean(&self, clean: &[u32], stored: &[u32]) -> Overlap {
        debug_assert!(!clean.iter().any(|&s| self.boilerplate.contains(s)));
        Overlap::of(clean, stored)
    }

    /// Memory held, by part.
    pub fn memory(&self) -> MemoryUsage {
        let sets = self.docs.iter().map(|d| d.set.capacity() * 4).sum();
        let index = self.index.memory_bytes() + self.passage_doc.capacity() * 4;
        let other = self.docs.capacity() * std::mem::size_of::<StoredDoc>()
            + self.docs.iter().map(|d| d.id.capacity()).sum::<usize>()
            + self.ids.capacity() * (std::mem::size_of::<(String, u32)>() + 1)
            + self.pairs.capacity() * std::mem::size_of::<PairRecord>()
            + self.boilerplate.memory_bytes()
            // Each set's shared header: two counts and the `Vec`.
            + self.docs.len() * (2 * std::mem::size_of::<usize>() + std::mem::size_of::<Vec<u32>>())
            + self.docs.len() * 8;
        MemoryUsage {
            index,
            shingle_sets: sets,
            other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three paragraphs of words found nowhere else, and one paragraph
    /// shared by every document (so lookups find earlier ones).
    fn doc(i: usize, published: i64) -> Document {
        let mut paras: Vec<String> = (0..3)
            .map(|p| {
                (0..45)
                    .map(|w| format!("d{i}p{p}w{w}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        paras.push(
            (0..45)
                .map(|w| format!("shared{w}"))
                .collect::<Vec<_>>()
                .join(" "),
        );
        Document::new(format!("doc{i}"), paras.join("\n\n")).with_published(published)
    }

    /// Exactly the passages of live documents are in the index.
    fn index_matches_live_docs(d: &Deduper) -> bool {
        (0..d.passage_doc.len() as u32)
            .all(|pid| d.index.contains(pid) == d.docs[d.passage_doc[pid as usize] as usize].alive)
    }

    /// Reserving room changes no result, and the index's tables do not
    /// grow while the documents reserved for go in.
    #[test]
    fn reserve_sizes_the_tables_and_changes_nothing() {
        let docs: Vec<Document> = (0..40).map(|i| doc(i, i as i64)).collect();
        let mut plain = Deduper::new(DedupConfig::default()).unwrap();
        let mut roomy = Deduper::new(DedupConfig::default()).unwrap();
        roomy.reserve(docs.len());
        let (a, b) = (
            plain.add_batch(&docs).unwrap(),
            roomy.add_batch(&docs).unwrap(),
        );
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        assert_eq!(
            format!("{:?}", plain.report()),
            format!("{:?}", roomy.report())
        );
        assert_eq!(plain.to_bytes(), roomy.to_bytes());
        // At most 4 passages a document (the shared one, learnt as
        // boilerplate, leaves some out), fewer than guessed: the reserved
        // tables are the larger.
        assert!(roomy.passage_doc.len() <= 4 * docs.len());
        let index = |d: &Deduper| d.index.memory_bytes();
        assert!(index(&roomy) > index(&plain));
        // Once documents are held, the estimate comes from them.
        let mut more = plain.clone();
        let before = index(&more);
        more.reserve(10_000);
        assert!(index(&more) > before);
        more.reserve(0);
        assert_eq!(
            format!("{:?}", more.report()),
            format!("{:?}", plain.report())
        );
    }

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

    #[test]
    fn documents_evicted_within_a_batch_leave_the_index() {
        let config = DedupConfig {
            window: Some(10),
            ..DedupConfig::default()
        };
        // Every fifth document
        // jumps past the window and evicts the ones before it.
        let docs: Vec<Document> = (0..2000).map(|i| doc(i, (i / 5 * 11) as i64)).collect();
        let mut batch = Deduper::new(config.clone()).unwrap();
        batch.add_batch(&docs).unwrap();
        let mut one = Deduper::new(config).unwrap();
        for d in &docs {
            one.add(d).unwrap();
        }
        assert!(batch.passage_doc.len() > 4000);
        assert!(batch.len() < 10 && batch.len() == one.len());
        assert!(index_matches_live_docs(&batch));
        assert!(index_matches_live_docs(&one));
    }
}
