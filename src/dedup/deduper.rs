//! [`Deduper`]: the engine a caller drives. Every public method is here;
//! the state is a [`Corpus`], the batch work is the [`pipeline`].

use std::collections::HashSet;
use std::path::Path;

use xxhash_rust::xxh3::Xxh3Builder;

use super::cluster::Cluster;
use super::config::DedupConfig;
use super::corpus::Corpus;
use super::pipeline;
use super::results::{CompactPairs, Held, Match, MemoryUsage, Pair, PairRef, Report};
use super::stages::{DocFingerprint, Stages};
use super::verify::Overlap;
use super::Document;
use crate::persist::Persist;
use crate::{Error, Result};

/// Finds reprints among documents added one at a time or in batches.
///
/// Each document is cut into passages (paragraphs, short ones merged, long
/// ones windowed); each passage's MinHash band keys go into an
/// [`LshIndex`](crate::LshIndex). Documents whose passages collide are
/// candidates, verified on exact shingle sets (containment both ways and
/// Jaccard) and classified as a [`Relation`](super::Relation) or rejected.
/// Index buckets holding passages of many otherwise unrelated documents are
/// learnt as boilerplate: they make no candidates and their text stops
/// counting. See [`DedupConfig`] for every threshold and why.
///
/// **One answer whatever the order.** The answer to a batch is defined on
/// the set of its documents (and those held): [`add_batch`](Self::add_batch)
/// gives the same pairs, relations, figures, clusters and sources for any
/// order of the same documents and any number of threads. Adding one by
/// one (or in several batches), in any order, gives the same as long as no
/// index bucket holds passages of
/// [`boilerplate_docs`](DedupConfig::boilerplate_docs) documents. Past
/// that, boilerplate is judged with each batch on the documents held then,
/// so a pair found through a bucket before it was judged boilerplate is
/// kept while it still shares enough text outside it (its figures are
/// always recomputed without the boilerplate); one batch of everything
/// gives the set's answer.
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
    corpus: Corpus,
}

impl Deduper {
    /// An empty engine.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] naming the first invalid field.
    pub fn new(config: DedupConfig) -> Result<Self> {
        Ok(Deduper {
            corpus: Corpus::new(config)?,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &DedupConfig {
        self.corpus.config()
    }

    /// Takes `config` from now on, for an engine loaded with
    /// [`load`](Self::load) and run with other thresholds (the deduper's
    /// options on a loaded index). The verification thresholds, the
    /// boilerplate rule and the [`window`](DedupConfig::window) may
    /// change; they apply to documents added from now on (pairs already
    /// found keep their verdicts). The fingerprint settings
    /// (`shingle_size`, `shingle_chars`, `passage_min_words`,
    /// `passage_max_words`, `passage_num_perm`, `passage_threshold`,
    /// `passage_anchors`, `seed`) may not: the held documents were fingerprinted with them.
    ///
    /// ```
    /// use reprint::{DedupConfig, Deduper, Error};
    ///
    /// let mut engine = Deduper::new(DedupConfig::default())?;
    /// engine.set_config(DedupConfig { min_containment: 0.3, ..DedupConfig::default() })?;
    /// assert_eq!(engine.config().min_containment, 0.3);
    /// let e = engine.set_config(DedupConfig { shingle_size: 4, ..DedupConfig::default() });
    /// assert!(matches!(e, Err(Error::InvalidConfig { param: "shingle_size", .. })));
    /// assert_eq!(engine.config().min_containment, 0.3, "unchanged on error");
    /// # Ok::<(), reprint::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] naming the first invalid field or the
    /// first fingerprint setting that differs; nothing changes then.
    pub fn set_config(&mut self, config: DedupConfig) -> Result<()> {
        self.corpus.set_config(config)
    }

    /// The stage functions of this engine's configuration: what
    /// [`add_batch`](Self::add_batch) runs, for a driver of one's own (see
    /// [`stages`](crate::stages)).
    pub fn stages(&self) -> &Stages {
        self.corpus.stages()
    }

    /// Number of documents held.
    pub fn len(&self) -> usize {
        self.corpus.len()
    }

    /// Whether no document is held.
    pub fn is_empty(&self) -> bool {
        self.corpus.len() == 0
    }

    /// Whether a document with this id is held.
    pub fn contains(&self, id: &str) -> bool {
        self.corpus.contains(id)
    }

    /// Whether a document with `doc`'s id is held, and with the same text
    /// (compared by a 64-bit hash of the text): the check a caller makes
    /// before adding a feed that may repeat what is held, since
    /// [`add_batch`](Self::add_batch) refuses an id already held.
    ///
    /// ```
    /// use reprint::{DedupConfig, Deduper, Document, Held};
    ///
    /// let mut engine = Deduper::new(DedupConfig::default())?;
    /// engine.add(&Document::new("ap-1", "The council voted on Monday."))?;
    /// assert_eq!(engine.held(&Document::new("ap-1", "The council voted on Monday.")), Held::SameText);
    /// assert_eq!(engine.held(&Document::new("ap-1", "The council met.")), Held::OtherText);
    /// assert_eq!(engine.held(&Document::new("ap-2", "The council met.")), Held::Absent);
    /// # Ok::<(), reprint::Error>(())
    /// ```
    pub fn held(&self, doc: &Document) -> Held {
        match self.corpus.same_text(doc) {
            None => Held::Absent,
            Some(true) => Held::SameText,
            Some(false) => Held::OtherText,
        }
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
    /// engine.reserve(docs.len())?;
    /// engine.add_batch(&docs)?;
    /// assert_eq!(engine.len(), 3);
    /// # Ok::<(), reprint::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::CapacityExceeded`] when the room cannot be had: more than
    /// `2^32 − 1` documents or passages in all, or memory the allocator
    /// refuses (`reserve(usize::MAX)`, `reserve(1 << 40)`). The documents
    /// held and every result stay as they were.
    pub fn reserve(&mut self, additional: usize) -> Result<()> {
        self.corpus.reserve(additional)
    }

    /// Adds a document and returns its verified matches among the documents
    /// held, by id (a batch of one: see [`add_batch`](Self::add_batch)).
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateId`] if a document with this id is held; nothing is
    /// added then.
    pub fn add(&mut self, doc: &Document) -> Result<Vec<Match>> {
        let mut out = self.add_batch(std::slice::from_ref(doc))?;
        Ok(out.pop().unwrap_or_default())
    }

    /// Adds documents, doing the work in parallel with rayon, and returns
    /// each document's verified matches among the documents held and the
    /// batch's others (both sides of a pair get it), by id. The result, and
    /// the engine's state, do not depend on the order of `docs` or the
    /// number of threads.
    ///
    /// The stages (see `dedup/pipeline`): every document is fingerprinted
    /// in parallel (tokens, shingle set, passage band keys); all are stored
    /// and their passages indexed; index buckets that now hold passages of
    /// [`boilerplate_docs`](DedupConfig::boilerplate_docs) documents or
    /// more are judged, in parallel, to be one story's or boilerplate; each
    /// document's passages are looked up in parallel, outside boilerplate
    /// buckets, and the candidate pairs, merged, are verified exactly in
    /// parallel. With [`window`](DedupConfig::window) set, documents
    /// published more than the window before the newest of the batch are
    /// evicted first.
    ///
    /// Copies are held once: documents whose fingerprints are equal (the
    /// same exact shingle set and passage keys, as a story carried
    /// verbatim, whatever its spacing) are one text, whose first copy
    /// (by a hash of the id) holds the set and the passages and whose
    /// others name it. Every answer is as if each were held: buckets
    /// count and sample each copy, every copy pairs with every other and
    /// with each document its text pairs with. So `n` copies cost `n`
    /// documents, not `n²` verified pairs (list them with
    /// [`for_each_pair`](Self::for_each_pair) or
    /// [`compact_pairs`](Self::compact_pairs); the matches this returns
    /// are `n²` too: [`extend`](Self::extend) leaves them out). With a
    /// window, copies are one text only when published at the same
    /// second.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateId`] if an id is already held or appears twice in
    /// `docs`; nothing is added then.
    pub fn add_batch(&mut self, docs: &[Document]) -> Result<Vec<Vec<Match>>> {
        self.check_new(docs.iter().map(|d| d.id.as_str()))?;
        Ok(pipeline::add_batch(&mut self.corpus, docs, true))
    }

    /// [`add_batch`](Self::add_batch) in two steps, for a caller that reads
    /// more text than it wants to hold: fingerprint the documents as they
    /// are read ([`Stages::fingerprint`], pure and thread-safe, through
    /// [`stages`](Self::stages)), drop their texts, then add the
    /// fingerprints at once. Same answer, same state, as `add_batch` of
    /// the documents (the engine keeps no texts either way).
    ///
    /// ```
    /// use reprint::{DedupConfig, Deduper, Document};
    ///
    /// let mut a = Deduper::new(DedupConfig::default())?;
    /// let mut b = a.clone();
    /// let docs = vec![Document::new("x", "One story, told once."), Document::new("y", "Another.")];
    /// let fingerprints: Vec<_> = docs.iter().map(|d| b.stages().fingerprint(d)).collect();
    /// assert_eq!(a.add_batch(&docs)?, b.add_fingerprints(fingerprints)?);
    /// assert_eq!(a.report(), b.report());
    /// # Ok::<(), reprint::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`add_batch`](Self::add_batch).
    pub fn add_fingerprints(
        &mut self,
        fingerprints: Vec<DocFingerprint>,
    ) -> Result<Vec<Vec<Match>>> {
        self.check_new(fingerprints.iter().map(|d| d.id.as_str()))?;
        Ok(pipeline::add_fingerprints(
            &mut self.corpus,
            fingerprints,
            true,
        ))
    }

    /// [`add_batch`](Self::add_batch) without the matches: the same
    /// answer and state, for a caller that asks for pairs or clusters at
    /// the end. Listing each document's matches costs as much as the
    /// pairs (the square of the copies of a viral story); this does not.
    ///
    /// # Errors
    ///
    /// As [`add_batch`](Self::add_batch).
    pub fn extend(&mut self, docs: &[Document]) -> Result<()> {
        self.check_new(docs.iter().map(|d| d.id.as_str()))?;
        pipeline::add_batch(&mut self.corpus, docs, false);
        Ok(())
    }

    /// [`add_fingerprints`](Self::add_fingerprints) without the matches,
    /// as [`extend`](Self::extend).
    ///
    /// # Errors
    ///
    /// As [`add_batch`](Self::add_batch).
    pub fn extend_fingerprints(&mut self, fingerprints: Vec<DocFingerprint>) -> Result<()> {
        self.check_new(fingerprints.iter().map(|d| d.id.as_str()))?;
        pipeline::add_fingerprints(&mut self.corpus, fingerprints, false);
        Ok(())
    }

    /// [`Error::DuplicateId`] for the first id held or given twice.
    fn check_new<'a>(&self, ids: impl ExactSizeIterator<Item = &'a str>) -> Result<()> {
        let mut seen = HashSet::with_capacity_and_hasher(ids.len(), Xxh3Builder::new());
        for id in ids {
            if self.corpus.contains(id) || !seen.insert(id) {
                return Err(Error::DuplicateId { id: id.to_string() });
            }
        }
        Ok(())
    }

    /// [`held`](Self::held) of the document `fingerprint` was made from.
    pub fn held_fingerprint(&self, fingerprint: &DocFingerprint) -> Held {
        match self
            .corpus
            .same_hash(&fingerprint.id, fingerprint.text_hash)
        {
            None => Held::Absent,
            Some(true) => Held::SameText,
            Some(false) => Held::OtherText,
        }
    }

    /// Verified matches of `doc` among the documents held, without adding
    /// it: for matching today's articles against an index of yesterday's.
    /// Takes `&self`, so many threads can query one engine at once.
    pub fn query(&self, doc: &Document) -> Vec<Match> {
        self.corpus.query(doc)
    }

    /// Removes a document: it stops matching, and leaves pairs and clusters.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`] if no document has this id.
    pub fn remove(&mut self, id: &str) -> Result<()> {
        self.corpus.remove(id)
    }

    /// Removes every document published before `t` (Unix seconds); documents
    /// without a timestamp stay. Returns how many were removed.
    pub fn evict_before(&mut self, t: i64) -> usize {
        self.corpus.evict_before(t)
    }

    /// The share of `text`'s shingles (as this engine makes them) that it
    /// has learnt to be boilerplate (see
    /// [`boilerplate_docs`](DedupConfig::boilerplate_docs)): near 1 for an
    /// outlet's newsletter box or comment policy once the engine has seen
    /// it in many documents, 0 for story text. Reports use it to show such
    /// a paragraph as boilerplate rather than as text an outlet added.
    ///
    /// ```
    /// use reprint::{DedupConfig, Deduper};
    ///
    /// let engine = Deduper::new(DedupConfig::default())?;
    /// assert_eq!(engine.boilerplate_share("Sign up for our newsletter."), 0.0);
    /// # Ok::<(), reprint::Error>(())
    /// ```
    pub fn boilerplate_share(&self, text: &str) -> f64 {
        self.corpus.boilerplate_share(text)
    }

    /// Releases what removed and evicted documents still hold: the held
    /// documents are numbered again densely. Runs by itself once a fifth
    /// of the documents are removed, and on [`save`](Self::save) (which
    /// writes only held documents); answers do not change.
    pub fn compact(&mut self) {
        self.corpus.compact();
    }

    /// The exact overlap of two held documents (boilerplate excluded).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`] if either id is not held.
    pub fn overlap(&self, a: &str, b: &str) -> Result<Overlap> {
        self.corpus.overlap(a, b)
    }

    /// The verified pairs among the documents held, each with its earlier
    /// document (published first, undated last, then the smaller id) as
    /// [`Pair::a`], sorted by `a`, then `b`.
    ///
    /// Pairs are re-verified against the boilerplate learnt since they were
    /// found, so a pair may leave this list as the engine learns. The
    /// re-verification runs in parallel with rayon; the list is the same
    /// whatever the number of threads.
    pub fn pairs(&self) -> Vec<Pair> {
        self.corpus.pairs()
    }

    /// [`pairs`](Self::pairs) one at a time, in the same order, without
    /// holding them: `n` copies of one story are `n (n - 1) / 2` pairs,
    /// and the engine holds them as one text (see
    /// [`add_batch`](Self::add_batch)), so this takes memory for the
    /// documents, not for the pairs.
    ///
    /// ```
    /// use reprint::{DedupConfig, Deduper, Document, Relation};
    ///
    /// let story = "Moscow has massed more than 100,000 troops near Ukraine's borders, \
    ///     but insists it has no plans to attack, officials said on Tuesday.";
    /// let mut engine = Deduper::new(DedupConfig::default())?;
    /// let copies: Vec<_> = (0..4).map(|i| Document::new(format!("copy{i}"), story)).collect();
    /// engine.extend(&copies)?;
    /// let mut n = 0;
    /// engine.for_each_pair(|pair| {
    ///     assert_eq!(pair.relation, Relation::Duplicate);
    ///     n += 1;
    /// });
    /// assert_eq!(n, 6);
    /// assert_eq!(engine.clusters()[0].members.len(), 4);
    /// # Ok::<(), reprint::Error>(())
    /// ```
    pub fn for_each_pair<'a>(&'a self, f: impl FnMut(PairRef<'a>)) {
        self.corpus.for_each_pair(f)
    }

    /// [`pairs`](Self::pairs) in a form that grows with the documents, not
    /// with the pairs: the pairs of copies of one text (documents whose
    /// fingerprints are equal) as one group each, and every other
    /// pair as `pairs` lists it ([`CopyGroup`](crate::CopyGroup)). Each two ids of a group, with the
    /// group's relation and overlap, are the pairs left out.
    ///
    /// ```
    /// use reprint::{DedupConfig, Deduper, Document};
    ///
    /// let story = "Moscow has massed more than 100,000 troops near Ukraine's borders, \
    ///     but insists it has no plans to attack, officials said on Tuesday.";
    /// let mut engine = Deduper::new(DedupConfig::default())?;
    /// let mut docs: Vec<_> = (0..3).map(|i| Document::new(format!("copy{i}"), story)).collect();
    /// docs.push(Document::new("edited", format!("{story} More follows.")));
    /// engine.extend(&docs)?;
    /// let compact = engine.compact_pairs();
    /// assert_eq!(compact.copies[0].ids, ["copy0", "copy1", "copy2"]);
    /// assert_eq!(compact.pairs.len(), 3); // each copy with "edited"
    /// assert_eq!(engine.pairs().len(), 3 + 3);
    /// # Ok::<(), reprint::Error>(())
    /// ```
    pub fn compact_pairs(&self) -> CompactPairs {
        self.corpus.compact_pairs()
    }

    /// Groups of related documents, each with its likely wire source.
    ///
    /// Documents are grouped by union-find over the verified pairs. The
    /// source is the member that holds the most of the text the members
    /// share: the largest sum, over its pairs, of shingles shared. A wire
    /// story shares with every reprint all that the reprint kept, while two
    /// reprints share only what both kept. But reprints that keep nearly all
    /// of the story also share their edits and their media group's
    /// boilerplate, so among near-complete copies the sums differ by a few
    /// percent only: every member within 10% of the best sum is a candidate,
    /// and the earliest published candidate wins (in a pair the sums are
    /// equal, so publication time decides). Then the larger sum, then the
    /// member in which the others' text is most contained, then the smaller
    /// id.
    ///
    /// Clusters are ordered by their sources (by time published, undated
    /// last, then id); documents in no pair are in no cluster. Computed in parallel with rayon, with
    /// the same result whatever the number of threads.
    pub fn clusters(&self) -> Vec<Cluster> {
        self.corpus.clusters()
    }

    /// The clusters and the verified pairs together: as
    /// [`clusters`](Self::clusters) and [`pairs`](Self::pairs), re-verifying
    /// the stored pairs once instead of twice.
    pub fn report(&self) -> Report {
        self.corpus.report()
    }

    /// Memory held, by part.
    pub fn memory(&self) -> MemoryUsage {
        self.corpus.memory()
    }

    /// Saves the engine to `path`, atomically (a temporary file renamed over
    /// the target).
    ///
    /// # Errors
    ///
    /// [`Error::Io`] naming the path.
    ///
    /// # Example
    ///
    /// ```
    /// use reprint::{Deduper, DedupConfig, Document};
    ///
    /// let dir = std::env::temp_dir().join(format!("reprint-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// let path = dir.join("today.idx");
    /// let story = "Moscow has massed more than 100,000 troops near Ukraine's borders, \
    ///              but insists it has no plans to attack, officials said on Tuesday.";
    /// let mut today = Deduper::new(DedupConfig::default())?;
    /// today.add(&Document::new("wire", story))?;
    /// today.save(&path)?;
    ///
    /// let mut tomorrow = Deduper::load(&path)?;
    /// let matches = tomorrow.add(&Document::new("reprint", story))?;
    /// assert_eq!(matches[0].id, "wire");
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        self.corpus.save_file(path.as_ref())
    }

    /// Loads an engine saved by [`save`](Self::save). The file is read a
    /// megabyte at a time as it is decoded, so loading needs the memory
    /// of the engine, not of the engine and its file; its checksum is
    /// checked once it is read, and a damaged file gives the checksum
    /// error whatever else is wrong with it.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if the file cannot be read; [`Error::UnsupportedVersion`]
    /// if it was written by another format version;
    /// [`Error::HashSchemeMismatch`] if its hashes were made by other hash
    /// functions than this build's; [`Error::CorruptIndex`] (with the byte
    /// offset) if it is truncated, damaged or not an index.
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        Ok(Deduper {
            corpus: Corpus::load_file(path.as_ref())?,
        })
    }

    /// The engine as bytes, as [`save`](Self::save) writes them.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.corpus.to_frame()
    }

    /// Writes the engine to `out`: the bytes of [`to_bytes`](Self::to_bytes),
    /// a megabyte at a time, so that a large engine's file is never held
    /// whole in memory (they are encoded twice: once to learn their
    /// length, which comes first). [`save`](Self::save) writes its file
    /// this way.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] with the first error of `out`.
    pub fn write_to(&self, mut out: impl std::io::Write) -> Result<()> {
        (self.corpus.write_frame(&mut out)).map_err(|source| Error::Io { path: None, source })
    }

    /// Loads an engine from bytes written by [`to_bytes`](Self::to_bytes).
    ///
    /// # Errors
    ///
    /// As [`load`](Self::load), without a path in the messages.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        Ok(Deduper {
            corpus: Corpus::from_frame(bytes, None)?,
        })
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Three paragraphs of words found nowhere else, and one paragraph
    /// shared by every document (so lookups find earlier ones).
    pub(in crate::dedup) fn doc(i: usize, published: i64) -> Document {
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

    /// Reserving room changes no result, and the index's tables do not
    /// grow while the documents reserved for go in.
    #[test]
    fn reserve_sizes_the_tables_and_changes_nothing() {
        let docs: Vec<Document> = (0..40).map(|i| doc(i, i as i64)).collect();
        let mut plain = Deduper::new(DedupConfig::default()).unwrap();
        let mut roomy = Deduper::new(DedupConfig::default()).unwrap();
        roomy.reserve(docs.len()).unwrap();
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
        assert!(roomy.corpus.passages() <= 4 * docs.len());
        let index = |d: &Deduper| d.corpus.memory().index;
        assert!(index(&roomy) > index(&plain));
        // Once documents are held, the estimate comes from them.
        let mut more = plain.clone();
        let before = index(&more);
        more.reserve(10_000).unwrap();
        assert!(index(&more) > before);
        more.reserve(0).unwrap();
        assert_eq!(
            format!("{:?}", more.report()),
            format!("{:?}", plain.report())
        );
    }

    /// `reserve(usize::MAX)` panicked and `reserve(1 << 40)` aborted on
    /// allocation (issue 16): both are now errors that change nothing.
    #[test]
    fn reserving_more_than_can_be_held_is_an_error() {
        let docs: Vec<Document> = (0..5).map(|i| doc(i, i as i64)).collect();
        let mut engine = Deduper::new(DedupConfig::default()).unwrap();
        engine.add_batch(&docs[..3]).unwrap();
        let before = engine.to_bytes();
        for n in [usize::MAX, 1 << 40, u32::MAX as usize] {
            let e = engine.reserve(n).unwrap_err();
            assert!(
                matches!(&e, Error::CapacityExceeded { what: "documents", requested, .. } if *requested == n),
                "{e:?}"
            );
            assert!(e.to_string().starts_with("cannot make room for"), "{e}");
        }
        assert_eq!(engine.to_bytes(), before);
        engine.reserve(10).unwrap();
        let matches = engine.add_batch(&docs[3..]).unwrap();
        assert_eq!(matches.len(), 2);
        assert_eq!(engine.len(), 5);
    }

    /// The bound that spares the judging of common buckets a walk of
    /// every shared bucket never leaves one out: copies of a text count,
    /// whether they came in an earlier batch or before a save and load.
    #[test]
    fn bucket_sizes_bound_the_documents_each_copy_counted() {
        let copy = |i: usize, id: &str| Document::new(id, doc(i, 0).text);
        let mut d = Deduper::new(DedupConfig::default()).unwrap();
        let first = [doc(0, 0), copy(0, "c0"), copy(0, "c1"), copy(0, "c2")];
        d.add_batch(&first).unwrap();
        d.add_batch(&[doc(1, 0), doc(2, 0)]).unwrap();
        let mut d = Deduper::from_bytes(&d.to_bytes()).unwrap();
        d.add_batch(&[doc(3, 0), copy(1, "c3")]).unwrap();
        // The shared paragraph's buckets: 4 passages, 9 documents.
        assert!(!d.corpus.copied_buckets.is_empty());
        for n in 1..=12 {
            assert!(d.corpus.size_bound_holds(n), "{n}");
        }
        // Without the buckets of copied texts, the bound would fail.
        let mut bare = d.clone();
        bare.corpus.copied_buckets.clear();
        assert!(!(5..=9).all(|n| bare.corpus.size_bound_holds(n)));
    }

    /// Documents published further apart than the window never pair, in
    /// a batch or across batches; a batch first evicts what the window of
    /// its newest document leaves behind, and the index forgets it.
    #[test]
    fn the_window_bounds_pairs_and_evicts_before_a_batch() {
        let config = DedupConfig {
            window: Some(10),
            ..DedupConfig::default()
        };
        let mut d = Deduper::new(config).unwrap();
        let first: Vec<Document> = [0, 5, 20]
            .iter()
            .enumerate()
            .map(|(i, &t)| doc(i, t))
            .collect();
        d.add_batch(&first).unwrap();
        let pairs: Vec<(String, String)> = d.pairs().into_iter().map(|p| (p.a, p.b)).collect();
        assert_eq!(pairs, [("doc0".to_string(), "doc1".to_string())]);
        let matches = d.add_batch(&[doc(3, 25)]).unwrap();
        assert!(!d.contains("doc0") && !d.contains("doc1") && d.contains("doc2"));
        let ids: Vec<&str> = matches[0].iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["doc2"]);
        assert!(d.corpus.index_matches_live_docs());
        // Documents without a time pair with all, and stay.
        let mut undated = doc(4, 0);
        undated.published = None;
        let matches = d.add(&undated).unwrap();
        assert_eq!(matches.len(), 2);
    }
}
