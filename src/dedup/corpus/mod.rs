//! The documents a [`Deduper`](super::Deduper) holds and what is known
//! about them: their exact shingle sets, the passage index, the learnt
//! boilerplate, the verified pairs and the union-find of strong links.
//!
//! [`Corpus`] keeps its fields to itself: the batch pipeline
//! ([`pipeline`](super::pipeline)) reads and changes it through the methods
//! below, and its reports and saved form live in the submodules `report`
//! and `persist`.

mod persist;
mod report;

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

use xxhash_rust::xxh3::Xxh3Builder;

use super::boilerplate::Boilerplate;
use super::cluster::UnionFind;
use super::config::{DedupConfig, Machinery};
use super::prepare::{prepare, Prepared};
use super::results::{Match, MemoryUsage};
use super::verify::{Overlap, Relation};
use super::Document;
use crate::hashing::IntSet;
use crate::intersect::intersection_len;
use crate::lsh::LshIndex;
use crate::{Error, Result};

pub use persist::FORMAT_VERSION;

/// A document held.
#[derive(Debug, Clone)]
struct StoredDoc {
    id: String,
    published: Option<i64>,
    /// Folded shingles, sorted; learnt boilerplate removed when the document
    /// was added and whenever a boilerplate passage it holds was learnt.
    /// Shared with the batch that adds the document while it runs, so that
    /// storing the set copies nothing.
    set: Arc<Vec<u32>>,
    /// Number of learnt boilerplate shingles when `set` was last filtered:
    /// pairs verified before that are verified again when reported.
    boilerplate_seen: usize,
    passages: Range<u32>,
    alive: bool,
}

/// A verified pair as stored: `a` was added before `b`.
#[derive(Debug, Clone, Copy)]
pub(super) struct PairRecord {
    pub a: u32,
    pub b: u32,
    pub relation: Relation,
    pub overlap: Overlap,
    /// Number of learnt boilerplate shingles when the pair was verified.
    pub boilerplate_seen: usize,
}

/// How many of the documents a boilerplate passage hit are asked which of
/// its shingles recur.
const RECUR_SAMPLE: usize = 8;

/// Passages per document [`Corpus::reserve`] assumes before any document
/// is held: a 700-word article cut into passages of 40 to 80 words.
const PASSAGES_PER_DOC_GUESS: usize = 16;

/// What the index says about a new document's passages.
#[derive(Debug, Default)]
pub(super) struct Scan {
    /// Candidate documents and how many passages hit each, by document.
    pub hits: Vec<(u32, usize)>,
    /// Passages to insert into the index.
    pub indexed: Vec<usize>,
    /// Passages found to be boilerplate: the range of the shingles that
    /// touch them, and the documents they hit (which hold the same
    /// boilerplate).
    pub boilerplate: Vec<(Range<usize>, Vec<u32>)>,
}

/// The state of a [`Deduper`](super::Deduper). Documents have dense ids
/// (`u32`) in the order they were added; passages have dense ids in the
/// order they were indexed, so a passage's document is known from a table
/// and passage ids follow document order.
#[derive(Debug, Clone)]
pub(super) struct Corpus {
    config: DedupConfig,
    machinery: Machinery,
    docs: Vec<StoredDoc>,
    ids: HashMap<String, u32, Xxh3Builder>,
    passage_doc: Vec<u32>,
    index: LshIndex<u32>,
    boilerplate: Boilerplate,
    uf: UnionFind,
    pairs: Vec<PairRecord>,
    by_time: BTreeSet<(i64, u32)>,
}

impl Corpus {
    /// An empty corpus.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] naming the first invalid field.
    pub fn new(config: DedupConfig) -> Result<Self> {
        let machinery = config.machinery()?;
        let index = LshIndex::new(machinery.lsh);
        Ok(Corpus {
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

    pub fn config(&self) -> &DedupConfig {
        &self.config
    }

    pub fn machinery(&self) -> &Machinery {
        &self.machinery
    }

    /// Number of live documents.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains_key(id)
    }

    /// The id the next document added gets: documents ever added.
    pub fn next_doc(&self) -> u32 {
        self.docs.len() as u32
    }

    pub fn is_alive(&self, doc: u32) -> bool {
        self.docs[doc as usize].alive
    }

    /// The boilerplate learnt so far.
    pub fn boilerplate(&self) -> &Boilerplate {
        &self.boilerplate
    }

    /// Number of learnt boilerplate shingles when `doc`'s set was last
    /// filtered.
    pub fn boilerplate_seen(&self, doc: u32) -> usize {
        self.docs[doc as usize].boilerplate_seen
    }

    /// Asks the cache for the index slots of a passage's band `keys`.
    pub fn prefetch_keys(&self, keys: &[u32]) {
        self.index.prefetch_keys(keys);
    }

    /// Makes room for `additional` more documents; see
    /// [`Deduper::reserve`](super::Deduper::reserve).
    pub fn reserve(&mut self, additional: usize) -> crate::Result<()> {
        let per_doc = match self.docs.len() {
            0 => PASSAGES_PER_DOC_GUESS,
            held => self.passage_doc.len().div_ceil(held),
        };
        // Documents and passages are numbered with `u32`.
        let most = u32::MAX as usize;
        if self.docs.len().saturating_add(additional) > most {
            return Err(crate::Error::CapacityExceeded {
                what: "documents",
                requested: additional,
                reason: format!("an engine holds at most {most} documents"),
            });
        }
        let passages = additional
            .saturating_mul(per_doc)
            .min(most - self.passage_doc.len());
        let docs = |e| crate::Error::no_memory("documents", additional, e);
        self.docs.try_reserve(additional).map_err(docs)?;
        self.ids.try_reserve(additional).map_err(docs)?;
        let passage_room = |e| crate::Error::no_memory("passages", passages, e);
        self.passage_doc
            .try_reserve(passages)
            .map_err(passage_room)?;
        self.index.reserve(passages)
    }

    /// Makes room for `docs` more documents with `passages` passages.
    pub fn reserve_exact(&mut self, docs: usize, passages: usize) {
        self.docs.reserve(docs);
        self.passage_doc.reserve(passages);
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
    pub fn restage(
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
    pub fn verify(
        &self,
        set: &[u32],
        other: u32,
        shared_passages: usize,
    ) -> Option<(Match, Overlap)> {
        let overlap = self.overlap_clean(set, &self.docs[other as usize].set);
        self.classify(overlap, other, shared_passages)
    }

    /// The match an overlap with `other` makes, if it passes verification.
    pub fn classify(
        &self,
        overlap: Overlap,
        other: u32,
        shared_passages: usize,
    ) -> Option<(Match, Overlap)> {
        let o = &self.docs[other as usize];
        let relation = overlap.classify(&self.config.rule())?;
        let m = Match {
            id: o.id.clone(),
            relation,
            overlap,
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
    pub fn held_docs_into(&self, keys: &[u32], pids: &mut Vec<u32>, docs: &mut Vec<u32>) {
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
    pub fn scan_with(
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
    pub fn learn_boilerplate(&mut self, shingles: &[u32], hit: &[u32]) {
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
    fn stale(&self, set: &[u32]) -> Vec<u32> {
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
    fn overlap_stored(&self, a: &[u32], b: &[u32], stale_a: &[u32], stale_b: &[u32]) -> Overlap {
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

    /// The overlap of a set free of learnt boilerplate with held document
    /// `doc`'s (see [`overlap_clean`](Self::overlap_clean)).
    pub fn overlap_with(&self, clean: &[u32], doc: u32) -> Overlap {
        self.overlap_clean(clean, &self.docs[doc as usize].set)
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

    /// Stores a verified pair of the document being added (`b`, the next
    /// document) with an earlier one (`a`): `overlap` is seen from `b`.
    pub fn record_pair(&mut self, a: u32, b: u32, relation: Relation, overlap: Overlap) {
        // Stored older-first: `a` is the earlier document.
        self.pairs.push(PairRecord {
            a,
            b,
            relation,
            overlap: overlap.swapped(),
            boilerplate_seen: self.boilerplate.len(),
        });
    }

    /// Adds the next document, whose pairs [`record_pair`](Self::record_pair)
    /// stored: links it to the clusters it shares strong evidence with, and
    /// gives ids to its `indexed` passages, returned (they go into the index
    /// with [`index_passages`](Self::index_passages)).
    pub fn push(
        &mut self,
        id: String,
        published: Option<i64>,
        set: Arc<Vec<u32>>,
        indexed: usize,
    ) -> Range<u32> {
        let doc = self.next_doc();
        let first_pair =
            self.pairs.len() - self.pairs.iter().rev().take_while(|p| p.b == doc).count();
        self.uf.push();
        for m in &self.pairs[first_pair..] {
            let o = &m.overlap;
            // Only a story relation is a strong link: a passage shared, however
            // long, is what a footer is.
            if !m.relation.is_story() {
                continue;
            }
            if o.shared >= self.config.strong_link_shingles
                || o.a_in_b.max(o.b_in_a) >= self.config.strong_link_containment
            {
                self.uf.union(m.a, m.b);
            }
        }
        let first = self.passage_doc.len() as u32;
        self.passage_doc.extend(std::iter::repeat_n(doc, indexed));
        if let Some(t) = published {
            self.by_time.insert((t, doc));
        }
        self.ids.insert(id.clone(), doc);
        self.docs.push(StoredDoc {
            id,
            published,
            set,
            boilerplate_seen: self.boilerplate.len(),
            passages: first..self.passage_doc.len() as u32,
            alive: true,
        });
        first..self.passage_doc.len() as u32
    }

    /// Inserts passages into the index, as (passage id, band keys), but for
    /// those of documents evicted since they were given ids.
    pub fn index_passages<'a>(
        &mut self,
        passages: impl Iterator<Item = (u32, &'a [u32])>,
        parallel: bool,
    ) {
        let (docs, passage_doc) = (&self.docs, &self.passage_doc);
        let live: Vec<(u32, &[u32])> = passages
            .filter(|&(pid, _)| docs[passage_doc[pid as usize] as usize].alive)
            .collect();
        self.index.insert_many_keys(&live, parallel);
    }

    /// Number of passages ever given ids.
    #[cfg(test)]
    pub fn passages(&self) -> usize {
        self.passage_doc.len()
    }

    /// Whether exactly the passages of live documents are in the index.
    #[cfg(test)]
    pub fn index_matches_live_docs(&self) -> bool {
        (0..self.passage_doc.len() as u32).all(|pid| {
            self.index.contains(pid) == self.docs[self.passage_doc[pid as usize] as usize].alive
        })
    }
}
