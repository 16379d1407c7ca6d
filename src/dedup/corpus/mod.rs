//! The documents a [`Deduper`](super::Deduper) holds and what is known
//! about them: their exact shingle sets, the passage index, the learnt
//! boilerplate, the verified pairs and the union-find of strong links.
//!
//! [`Corpus`] keeps its fields to itself: the batch pipeline
//! ([`pipeline`](super::pipeline)) reads and changes it through the methods
//! below, and its reports and saved form live in the submodules `report`
//! and `persist`.

mod buckets;
mod copies;
mod persist;
mod report;

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

use xxhash_rust::xxh3::Xxh3Builder;

use super::boilerplate::Boilerplate;
use super::config::{DedupConfig, Machinery};
use super::results::{Match, MemoryUsage};
use super::stages::{sample_key, DocFingerprint, Stages};
use super::verify::{Overlap, Relation};
use super::Document;
use crate::hashing::IntSet;
use crate::intersect::intersection_len;
use crate::lsh::{LshIndex, Runs};
use crate::par::prelude::*;
use crate::{Error, Result};

pub use buckets::{AnyBucket, BucketFilter, SharedBucket};
pub(super) use copies::print;
pub use persist::FORMAT_VERSION;

use copies::Copies;

/// How many passages ahead a lookup starts loading the filter bits and
/// the index slots of a passage's buckets ...
const KEYS_AHEAD: usize = 2;
/// ... and their entries, which the slots locate.
const ENTRIES_AHEAD: usize = 1;

/// A document held.
#[derive(Debug, Clone)]
pub(super) struct StoredDoc {
    pub id: String,
    /// A hash of the id: the order in which documents are sampled (see
    /// `pipeline/common.rs`), which must not depend on the order they came in.
    pub key: u64,
    pub published: Option<i64>,
    /// [`text_hash`](super::document::text_hash) of its text: re-adding
    /// the same text under the same id is recognised by it.
    pub text_hash: u64,
    /// Folded shingles, sorted; learnt boilerplate removed when it was
    /// learnt from a passage of this document, or when the document came
    /// after it was learnt.
    pub set: Arc<Vec<u32>>,
    /// Number of learnt boilerplate shingles when `set` was last filtered:
    /// pairs verified before that are verified again when reported.
    boilerplate_seen: usize,
    passages: Range<u32>,
    alive: bool,
    /// The holder of its text (see `copies.rs`): itself, or the document
    /// whose set and passages stand for it. A copy's own set is empty and
    /// it has no passages.
    pub text: u32,
    /// Its fingerprint as one number ([`print`]), by which a copy finds
    /// its holder.
    print: u128,
}

/// A verified pair of texts, as stored: `a` and `b` are holders (see
/// `copies.rs`), `a` numbered before `b` or the same (the copies of one
/// text with each other), and `overlap` is seen from `a`. It stands for
/// every pair of a document of `a`'s text and one of `b`'s.
#[derive(Debug, Clone, Copy)]
pub(super) struct PairRecord {
    pub a: u32,
    pub b: u32,
    pub relation: Relation,
    pub overlap: Overlap,
    /// Number of learnt boilerplate shingles when the pair was verified.
    pub boilerplate_seen: usize,
    /// The passages of either that hit the other (the larger count).
    pub passages: u32,
}

/// Passages per document [`Corpus::reserve`] assumes before any document
/// is held: a 700-word article cut into passages of 40 to 80 words.
const PASSAGES_PER_DOC_GUESS: usize = 16;

/// A bucket of the passage index: band and key, as one number.
pub(super) fn bucket(band: usize, key: u32) -> u64 {
    ((band as u64) << 32) | u64::from(key)
}

/// The state of a [`Deduper`](super::Deduper). Documents have dense ids
/// (`u32`) in the order they were added; passages have dense ids in the
/// order they were indexed, so a passage's document is known from a table.
#[derive(Debug, Clone)]
pub(super) struct Corpus {
    stages: Stages,
    docs: Vec<StoredDoc>,
    ids: HashMap<String, u32, Xxh3Builder>,
    passage_doc: Vec<u32>,
    index: LshIndex<u32>,
    boilerplate: Boilerplate,
    /// The index buckets found to be boilerplate: they make no candidates.
    boilerplate_buckets: IntSet<u64>,
    /// The index buckets that hold (or held) a passage of a text that had
    /// copies before the batch being added: the only ones whose documents,
    /// each copy counted, can outnumber their passages (see
    /// [`may_hold`](Self::may_hold)). A batch's own are noted once it is
    /// judged: it judges them all.
    pub(super) copied_buckets: IntSet<u64>,
    pairs: Vec<PairRecord>,
    by_time: BTreeSet<(i64, u32)>,
    copies: Copies,
}

impl Corpus {
    /// An empty corpus.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] naming the first invalid field.
    pub fn new(config: DedupConfig) -> Result<Self> {
        let stages = Stages::new(config)?;
        let index = LshIndex::new(stages.machinery().index_params());
        Ok(Corpus {
            stages,
            docs: Vec::new(),
            ids: HashMap::with_hasher(Xxh3Builder::new()),
            passage_doc: Vec::new(),
            index,
            boilerplate: Boilerplate::default(),
            boilerplate_buckets: IntSet::default(),
            copied_buckets: IntSet::default(),
            pairs: Vec::new(),
            by_time: BTreeSet::new(),
            copies: Copies::default(),
        })
    }

    pub fn config(&self) -> &DedupConfig {
        self.stages.config()
    }

    /// Takes `config` from now on; its fingerprint settings must be the
    /// held documents' (see [`Deduper::set_config`](crate::Deduper::set_config)).
    pub fn set_config(&mut self, config: DedupConfig) -> Result<()> {
        let held = self.config();
        let (c, h) = (&config, held);
        macro_rules! each {
            ($($field:ident),*) => {
                [$((stringify!($field), c.$field.to_string(), h.$field.to_string())),*]
            };
        }
        let fingerprint = each!(
            shingle_size,
            shingle_chars,
            passage_min_words,
            passage_max_words,
            passage_num_perm,
            passage_threshold,
            passage_anchors,
            seed
        );
        if let Some((param, value, _)) = fingerprint.into_iter().find(|(_, new, old)| new != old) {
            return Err(Error::config(
                param,
                value,
                "the value the held documents were fingerprinted with \
                 (a fingerprint setting cannot change once documents are held)",
            ));
        }
        self.stages = Stages::new(config)?;
        Ok(())
    }

    pub fn machinery(&self) -> &Machinery {
        self.stages.machinery()
    }

    /// The stage functions of the configuration.
    pub fn stages(&self) -> &Stages {
        &self.stages
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

    /// The boilerplate learnt so far.
    pub fn boilerplate(&self) -> &Boilerplate {
        &self.boilerplate
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

    /// `doc` prepared, its set without the boilerplate learnt so far.
    fn prepare(&self, doc: &Document) -> DocFingerprint {
        let mut p = self.stages.fingerprint(doc);
        if !self.boilerplate.is_empty() {
            p.set.retain(|&s| !self.boilerplate.contains(s));
        }
        p
    }

    /// Verified matches of `doc` among the documents held, without adding
    /// it: for matching today's articles against an index of yesterday's.
    /// Takes `&self`, so many threads can query one engine at once. Sorted
    /// by id.
    pub fn query(&self, doc: &Document) -> Vec<Match> {
        let p = self.prepare(doc);
        let mut hits = Vec::new();
        self.hits_into(&p.keys, None, &AnyBucket, &mut hits);
        let mut out: Vec<Match> = hits
            .iter()
            .filter(|&&(other, n)| {
                self.stages
                    .may_pair(n, p.published, self.docs[other as usize].published)
            })
            .filter_map(|&(other, shared_passages)| {
                let o = &self.docs[other as usize];
                // The set is free of learnt boilerplate, so is what it shares.
                let (relation, overlap) = self.stages.verify(&p.set, &o.set)?;
                Some((other, relation, overlap, shared_passages))
            })
            .flat_map(|(other, relation, overlap, shared_passages)| {
                self.docs_of(other).map(move |d| Match {
                    id: self.docs[d as usize].id.clone(),
                    relation,
                    overlap,
                    shared_passages,
                })
            })
            .collect();
        out.sort_unstable_by(|x, y| x.id.cmp(&y.id));
        out
    }

    /// The documents that passages hit in the index, with the number of
    /// passages hitting each, by document: `keys` holds the passages' band
    /// keys, one run of `bands` per passage. Buckets learnt as boilerplate
    /// are not looked in, nor those `filter` says cannot hold others;
    /// `except` (the document itself) is left out.
    pub fn hits_into(
        &self,
        keys: &[u32],
        except: Option<u32>,
        filter: &impl BucketFilter,
        out: &mut Vec<(u32, usize)>,
    ) {
        let bands = self.stages.bands();
        let (mut all, mut docs) = (Vec::new(), Vec::new());
        let passages: Vec<&[u32]> = keys.chunks_exact(bands).collect();
        let prefetch = |passage: &[u32]| {
            for (band, &key) in passage.iter().enumerate() {
                filter.prefetch(band, key);
            }
            self.index.prefetch_keys(passage);
        };
        for first in passages.iter().take(KEYS_AHEAD) {
            prefetch(first);
        }
        for (i, passage) in passages.iter().enumerate() {
            // Two passages ahead, their filter bits and where their
            // entries are found load; one ahead, the entries themselves:
            // both while this one is walked.
            if let Some(ahead) = passages.get(i + KEYS_AHEAD) {
                prefetch(ahead);
            }
            if let Some(next) = passages.get(i + ENTRIES_AHEAD) {
                self.index.prefetch_entries(next);
            }
            docs.clear();
            for (band, &key) in passage.iter().enumerate() {
                if !filter.may_hold(band, key) || self.is_boilerplate_bucket(band, key) {
                    continue;
                }
                self.index.walk_bucket(band, key, |pid| {
                    docs.push(self.passage_doc[pid as usize]);
                    true
                });
            }
            docs.sort_unstable();
            docs.dedup();
            all.extend(docs.iter().copied().filter(|&d| Some(d) != except));
        }
        // Each passage names a document once: the length of its run in the
        // sorted list is the number of passages hitting it.
        all.sort_unstable();
        out.clear();
        out.extend(all.chunk_by(|a, b| a == b).map(|run| (run[0], run.len())));
    }

    /// Whether bucket `(band, key)` of the index holds passages of at
    /// least `n` documents, each copy of a text counted (it stops counting
    /// there).
    pub fn bucket_holds(&self, band: usize, key: u32, n: usize) -> bool {
        let mut seen: smallvec::SmallVec<[u32; 32]> = smallvec::SmallVec::new();
        let mut docs = 0;
        self.index.walk_bucket(band, key, |pid| {
            let d = self.passage_doc[pid as usize];
            if !seen.contains(&d) {
                seen.push(d);
                docs += self.copies.weight(d);
            }
            docs < n
        });
        docs >= n
    }

    /// Whether bucket `(band, key)`, holding `held` passages, may hold
    /// passages of `n` documents or more, each copy of a text counted: a
    /// bound that walks nothing, for [`bucket_holds`](Self::bucket_holds)
    /// to settle.
    pub fn may_hold(&self, band: usize, key: u32, held: u32, n: usize) -> bool {
        held as usize >= n
            || (!self.copied_buckets.is_empty() && self.copied_buckets.contains(&bucket(band, key)))
    }

    /// Notes that the text with these passage keys (`bands` a passage, in
    /// band order) has copies: its buckets' documents outnumber their
    /// passages.
    pub fn note_copied(&mut self, keys: &[u32]) {
        let bands = self.stages.bands();
        for passage in keys.chunks_exact(bands) {
            for (band, &key) in passage.iter().enumerate() {
                self.copied_buckets.insert(bucket(band, key));
            }
        }
    }

    /// The buckets of the texts that have copies, found in the index (a
    /// loaded corpus's: they are not saved).
    fn find_copied_buckets(&mut self) {
        self.copied_buckets.clear();
        if self.copies.is_empty() {
            return;
        }
        let (docs, passage_doc, copies) = (&self.docs, &self.passage_doc, &self.copies);
        let copied = |pid: u32| {
            let doc = passage_doc[pid as usize];
            docs[doc as usize].alive && !copies.of(doc).is_empty()
        };
        let found = self.index.buckets_holding(copied);
        self.copied_buckets = found.into_iter().map(|(b, k)| bucket(b, k)).collect();
    }

    /// Writes into `out` (cleared first) the documents with a passage in
    /// bucket `(band, key)`, every copy of their texts with them, sorted,
    /// without duplicates.
    pub fn bucket_docs(&self, band: usize, key: u32, out: &mut Vec<u32>) {
        out.clear();
        self.index.walk_bucket(band, key, |pid| {
            out.push(self.passage_doc[pid as usize]);
            true
        });
        out.sort_unstable();
        out.dedup();
        if !self.copies.is_empty() {
            for i in 0..out.len() {
                out.extend_from_slice(self.copies.of(out[i]));
            }
            out.sort_unstable();
        }
    }

    /// The holder of `doc`'s text (see `copies.rs`).
    pub fn text(&self, doc: u32) -> u32 {
        self.docs[doc as usize].text
    }

    /// The live documents of holder `holder`'s text: itself, then its
    /// copies in the order they were added.
    pub fn docs_of(&self, holder: u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::once(holder).chain(self.copies.of(holder).iter().copied())
    }

    /// The copies of holder `holder`'s text, itself left out.
    pub fn copies_of(&self, holder: u32) -> &[u32] {
        self.copies.of(holder)
    }

    /// The live holder of a text with this print, if any.
    pub fn holder_of(&self, print: u128) -> Option<u32> {
        self.copies
            .holder(print)
            .filter(|&h| self.docs[h as usize].print == print && self.docs[h as usize].alive)
    }

    /// The sorting key of held document `doc` for sampling.
    pub fn sample_key(&self, doc: u32) -> (u64, &str) {
        let d = &self.docs[doc as usize];
        (d.key, &d.id)
    }

    /// The id of `doc`.
    pub fn id(&self, doc: u32) -> &str {
        &self.docs[doc as usize].id
    }

    /// When `doc` was published.
    pub fn published(&self, doc: u32) -> Option<i64> {
        self.docs[doc as usize].published
    }

    /// The stored shingle set of `doc`: its text's.
    pub fn set(&self, doc: u32) -> &[u32] {
        &self.docs[self.text(doc) as usize].set
    }

    /// Whether index bucket `(band, key)` was judged boilerplate.
    pub fn is_boilerplate_bucket(&self, band: usize, key: u32) -> bool {
        !self.boilerplate_buckets.is_empty()
            && self.boilerplate_buckets.contains(&bucket(band, key))
    }

    /// Marks index bucket `(band, key)` as boilerplate or not.
    pub fn mark_bucket(&mut self, band: usize, key: u32, boilerplate: bool) {
        match boilerplate {
            true => self.boilerplate_buckets.insert(bucket(band, key)),
            false => self.boilerplate_buckets.remove(&bucket(band, key)),
        };
    }

    /// Learns `shingles` as boilerplate and drops the shingles learnt from
    /// the sets of `docs` (those known to hold them) and of the documents
    /// from `from_doc` on (the batch being added).
    pub fn learn(&mut self, shingles: &[u32], docs: &[u32], from_doc: u32) {
        self.boilerplate.extend(shingles.iter().copied());
        let bp = &self.boilerplate;
        let filter = |d: &mut StoredDoc| {
            if d.boilerplate_seen != bp.len() {
                // A bit test in cache drops them faster than a search of
                // the few found.
                if !bp.held_in(&d.set, d.boilerplate_seen).is_empty() {
                    Arc::make_mut(&mut d.set).retain(|&s| !bp.contains(s));
                }
                d.boilerplate_seen = bp.len();
            }
        };
        for &doc in docs {
            filter(&mut self.docs[doc as usize]);
        }
        self.docs[from_doc as usize..]
            .par_iter_mut()
            .for_each(filter);
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
        let mut moved = HashMap::default();
        self.remove_doc(doc, &mut moved);
        self.settle_pairs(&moved);
        self.compact_if_sparse();
        Ok(())
    }

    /// Removes every document published before `t` (Unix seconds); documents
    /// without a timestamp stay. Returns how many were removed.
    pub fn evict_before(&mut self, t: i64) -> usize {
        let old: Vec<u32> = self.by_time.range(..(t, 0)).map(|&(_, d)| d).collect();
        let mut moved = HashMap::default();
        for &d in &old {
            self.remove_doc(d, &mut moved);
        }
        if !old.is_empty() {
            self.settle_pairs(&moved);
            self.compact_if_sparse();
        }
        old.len()
    }

    /// The pairs once documents are removed: those of texts no document
    /// holds any longer go, and so do those of a text's copies with each
    /// other once one copy is left; a text whose holder was removed is
    /// held by the holder in `moved` (old to new).
    fn settle_pairs(&mut self, moved: &HashMap<u32, u32>) {
        let (docs, copies) = (&self.docs, &self.copies);
        let holder = |mut d: u32| {
            while let Some(&next) = moved.get(&d) {
                d = next;
            }
            d
        };
        self.pairs.retain_mut(|p| {
            (p.a, p.b) = (holder(p.a), holder(p.b));
            if p.a > p.b {
                (p.a, p.b, p.overlap) = (p.b, p.a, p.overlap.swapped());
            }
            let live = |d: u32| docs[d as usize].alive;
            live(p.a) && live(p.b) && (p.a != p.b || copies.weight(p.a) > 1)
        });
        if !moved.is_empty() {
            self.pairs.sort_unstable_by_key(|p| (p.b, p.a));
        }
    }
    /// Whether `doc`'s text is the text held under its id: `None` when no
    /// document has the id.
    pub fn same_text(&self, doc: &Document) -> Option<bool> {
        self.same_hash(&doc.id, super::document::text_hash(&doc.text))
    }

    /// Whether the text held under `id` has the hash `text_hash`: `None`
    /// when no document has the id.
    pub fn same_hash(&self, id: &str, text_hash: u64) -> Option<bool> {
        let &held = self.ids.get(id)?;
        Some(self.docs[held as usize].text_hash == text_hash)
    }

    /// The share of `text`'s shingles that are learnt boilerplate.
    pub fn boilerplate_share(&self, text: &str) -> f64 {
        if self.boilerplate.is_empty() {
            return 0.0;
        }
        let set = self.stages.fingerprint(&Document::new("", text)).set;
        let learnt = set
            .iter()
            .filter(|&&x| self.boilerplate.contains(x))
            .count();
        if set.is_empty() {
            0.0
        } else {
            learnt as f64 / set.len() as f64
        }
    }

    /// Compacts once a fifth of the documents numbered are removed: memory
    /// held for removed documents stays within a quarter of the live ones',
    /// and each removal costs amortised O(1) renumbering.
    fn compact_if_sparse(&mut self) {
        let removed = self.docs.len() - self.ids.len();
        if removed * 4 > self.ids.len() {
            self.compact();
        }
    }

    /// Forgets removed documents: the live ones are numbered again densely,
    /// in the same order (so every "added before" stays true), with their
    /// passages, and the index, the pairs and the time order follow. What
    /// the engine answers does not change; the memory and the saved file
    /// of removed documents are released.
    pub fn compact(&mut self) {
        if self.docs.len() == self.ids.len() {
            return;
        }
        let mut doc_to = vec![u32::MAX; self.docs.len()];
        let mut passage_to = vec![u32::MAX; self.passage_doc.len()];
        let mut passage_doc = Vec::with_capacity(self.passage_doc.len());
        let mut docs = Vec::with_capacity(self.ids.len());
        for (old, mut d) in std::mem::take(&mut self.docs).into_iter().enumerate() {
            if !d.alive {
                continue;
            }
            let new = docs.len() as u32;
            doc_to[old] = new;
            let first = passage_doc.len() as u32;
            for p in d.passages.clone() {
                passage_to[p as usize] = passage_doc.len() as u32;
                passage_doc.push(new);
            }
            d.passages = first..passage_doc.len() as u32;
            docs.push(d);
        }
        self.docs = docs;
        self.passage_doc = passage_doc;
        self.index.renumber(|p| passage_to[p as usize]);
        for doc in self.ids.values_mut() {
            *doc = doc_to[*doc as usize];
        }
        self.by_time = self
            .by_time
            .iter()
            .map(|&(t, d)| (t, doc_to[d as usize]))
            .collect();
        for p in &mut self.pairs {
            (p.a, p.b) = (doc_to[p.a as usize], doc_to[p.b as usize]);
        }
        for d in &mut self.docs {
            d.text = doc_to[d.text as usize];
        }
        self.copies.renumber(&doc_to);
    }

    /// Removes `doc`. If it held a text that has copies, the first copy
    /// takes over the set and the passages, and `moved` records it; the
    /// pairs are left to [`settle_pairs`](Self::settle_pairs).
    fn remove_doc(&mut self, doc: u32, moved: &mut HashMap<u32, u32>) {
        let d = &mut self.docs[doc as usize];
        d.alive = false;
        self.ids.remove(&d.id);
        if let Some(t) = d.published {
            self.by_time.remove(&(t, doc));
        }
        let (holder, print) = (d.text, d.print);
        if holder != doc {
            self.copies.remove(holder, doc);
            return;
        }
        let set = std::mem::take(&mut d.set);
        let passages = std::mem::replace(&mut d.passages, 0..0);
        let seen = d.boilerplate_seen;
        let Some((next, others)) = self.copies.promote(doc, print) else {
            self.copies.unregister(print, doc);
            for pid in passages {
                // Every passage of a live document is in the index.
                let _ = self.index.remove(pid);
            }
            return;
        };
        for &o in others {
            self.docs[o as usize].text = next;
        }
        for pid in passages.clone() {
            self.passage_doc[pid as usize] = next;
        }
        let n = &mut self.docs[next as usize];
        (n.text, n.set, n.passages, n.boilerplate_seen) = (next, set, passages, seen);
        moved.insert(doc, next);
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
        Ok(self.overlap_docs(a, b))
    }

    /// The learnt boilerplate a stored document's set still holds, sorted:
    /// usually none (see [`learn`](Self::learn)). A set filtered since the
    /// last shingle was learnt holds none, and is not read.
    fn stale(&self, doc: &StoredDoc) -> Vec<u32> {
        self.boilerplate.held_in(&doc.set, doc.boilerplate_seen)
    }

    /// The overlap of two stored sets `a` and `b`, learnt boilerplate left
    /// out: `stale_a` and `stale_b` are the boilerplate each still holds
    /// ([`stale`](Self::stale)), and what both hold of it is all the
    /// boilerplate they share.
    fn overlap_stored(&self, a: &[u32], b: &[u32], stale_a: &[u32], stale_b: &[u32]) -> Overlap {
        let shared = intersection_len(a, b) - intersection_len(stale_a, stale_b);
        Overlap::from_counts(shared, a.len() - stale_a.len(), b.len() - stale_b.len())
    }

    /// The overlap of held documents `a` and `b` (their texts'), learnt
    /// boilerplate left out.
    pub fn overlap_docs(&self, a: u32, b: u32) -> Overlap {
        let (a, b) = (self.text(a), self.text(b));
        let (a, b) = (&self.docs[a as usize], &self.docs[b as usize]);
        self.overlap_stored(&a.set, &b.set, &self.stale(a), &self.stale(b))
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
            + self.copies.memory_bytes()
            + self.copied_buckets.capacity() * 9
            // Each set's shared header: two counts and the `Vec`.
            + self.docs.len() * (2 * std::mem::size_of::<usize>() + std::mem::size_of::<Vec<u32>>())
            + self.docs.len() * 8;
        MemoryUsage {
            index,
            shingle_sets: sets,
            other,
        }
    }

    /// Stores a verified pair of texts: `a` was added before `b` (or is
    /// `b`: its copies), `overlap` is seen from `a`, and `passages` of
    /// either hit the other.
    pub fn record_pair(
        &mut self,
        a: u32,
        b: u32,
        relation: Relation,
        overlap: Overlap,
        passages: usize,
    ) {
        debug_assert!(a <= b);
        self.pairs.push(PairRecord {
            a,
            b,
            relation,
            overlap,
            boilerplate_seen: self.boilerplate.len(),
            passages: u32::try_from(passages).unwrap_or(u32::MAX),
        });
    }

    /// Number of pairs stored.
    pub fn pair_count(&self) -> usize {
        self.pairs.len()
    }

    /// The pairs stored, sorted by their later text.
    pub(super) fn pair_records(&self) -> &[PairRecord] {
        &self.pairs
    }

    /// Keeps the pairs sorted by their later text once those from `from`
    /// on (a batch's) are stored: the copies of a text pair under its
    /// holder's number, which may be earlier than the batch's.
    pub fn settle_order(&mut self, from: usize) {
        let key = |p: &PairRecord| (p.b, p.a);
        if !self.pairs[from.saturating_sub(1)..].is_sorted_by_key(key) {
            self.pairs.sort_unstable_by_key(key);
        }
    }

    /// Adds the next document, the holder of a new text with `passages`
    /// passages and fingerprint `print`: gives the passages ids, returned
    /// (they go into the index with [`index_passages`](Self::index_passages)).
    pub fn push(
        &mut self,
        id: String,
        published: Option<i64>,
        text_hash: u64,
        set: Arc<Vec<u32>>,
        passages: usize,
        print: u128,
    ) -> Range<u32> {
        let doc = self.next_doc();
        let first = self.passage_doc.len() as u32;
        self.passage_doc.extend(std::iter::repeat_n(doc, passages));
        self.copies.register(print, doc);
        self.push_doc(StoredDoc {
            key: sample_key(&id),
            id,
            published,
            text_hash,
            set,
            boilerplate_seen: self.boilerplate.len(),
            passages: first..self.passage_doc.len() as u32,
            alive: true,
            text: doc,
            print,
        });
        first..self.passage_doc.len() as u32
    }

    /// Adds the next document, a copy of the text `holder` holds.
    pub fn push_copy(&mut self, id: String, published: Option<i64>, text_hash: u64, holder: u32) {
        let doc = self.next_doc();
        let at = self.passage_doc.len() as u32;
        self.copies.add(holder, doc);
        let print = self.docs[holder as usize].print;
        self.push_doc(StoredDoc {
            key: sample_key(&id),
            id,
            published,
            text_hash,
            set: Arc::default(),
            boilerplate_seen: self.boilerplate.len(),
            passages: at..at,
            alive: true,
            text: holder,
            print,
        });
    }

    fn push_doc(&mut self, d: StoredDoc) {
        let doc = self.next_doc();
        if let Some(t) = d.published {
            self.by_time.insert((t, doc));
        }
        self.ids.insert(d.id.clone(), doc);
        self.docs.push(d);
    }

    /// Inserts passages into the index, as runs of documents' passages
    /// (the first passage's id, and the band keys of the document's
    /// passages, `bands` a passage), but for those of documents evicted
    /// since they were given ids. Returns the buckets that now hold two
    /// passages or more and took one of these, sorted by band and key,
    /// without duplicates (see [`SharedBucket`]).
    pub fn index_passages(&mut self, runs: &[(u32, &[u32])], parallel: bool) -> Vec<SharedBucket> {
        let (docs, passage_doc) = (&self.docs, &self.passage_doc);
        let stride = self.stages.bands();
        let alive = |&&(first, keys): &&(u32, &[u32])| {
            keys.is_empty() || docs[passage_doc[first as usize] as usize].alive
        };
        let live: Vec<(u32, &[u32])> = runs.iter().filter(alive).copied().collect();
        let len = live.iter().map(|(_, keys)| keys.len() / stride).sum();
        let batch = Runs {
            runs: &live,
            stride,
            len,
        };
        let shared_per_band = self.index.insert_many_keys(&batch, parallel);
        let mut shared = Vec::with_capacity(shared_per_band.iter().map(Vec::len).sum());
        for (band, buckets) in (0u32..).zip(shared_per_band) {
            let buckets = buckets.into_iter();
            shared.extend(buckets.map(|(key, held)| SharedBucket { band, key, held }));
        }
        shared
    }

    /// Number of passages ever given ids.
    #[cfg(test)]
    pub fn passages(&self) -> usize {
        self.passage_doc.len()
    }

    /// Whether no bucket of the index holds passages of `n` documents or
    /// more (each copy counted) where [`may_hold`](Self::may_hold), on the
    /// size an insert tells, says it cannot.
    #[cfg(test)]
    pub fn size_bound_holds(&self, n: usize) -> bool {
        let buckets = self.index.buckets_holding(|_| true);
        buckets.iter().all(|&(band, key)| {
            let held = self.index.bucket_len(band, key);
            !self.bucket_holds(band, key, n) || self.may_hold(band, key, held, n)
        })
    }

    /// Whether exactly the passages of live documents are in the index.
    #[cfg(test)]
    pub fn index_matches_live_docs(&self) -> bool {
        (0..self.passage_doc.len() as u32).all(|pid| {
            self.index.contains(pid) == self.docs[self.passage_doc[pid as usize] as usize].alive
        })
    }
}
