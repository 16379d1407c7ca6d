//! The stages of a batch as functions of plain data, for callers that run
//! them on an engine of their own (the PySpark driver of the Python
//! package shuffles between them). [`Deduper::add_batch`] is the other
//! driver of these same functions: both give one answer.
//!
//! The answer to a batch added to an empty engine, stage by stage:
//!
//! 1. **Fingerprint** every document ([`Stages::fingerprint`]): its exact
//!    shingle set and the index keys of its passages (band keys, then
//!    anchors: see [`passage_anchors`](DedupConfig::passage_anchors)).
//! 2. **Buckets.** Passage `p` of document `d` is in bucket `(band, key)`
//!    for each index band. A bucket holding passages of
//!    [`boilerplate_docs`](DedupConfig::boilerplate_docs) documents or more
//!    is *common* ([`Stages::is_common`]): a common bucket of anchors is
//!    dropped ([`Stages::is_dropped`]: it makes no candidates), any other
//!    is judged on its [`SAMPLE`] documents that come first by
//!    ([`sample_key`], id).
//! 3. **Verdict** ([`Stages::boilerplate`]) on the sample's shingle sets:
//!    one story's passage (the bucket stays), or boilerplate (the bucket
//!    makes no candidates and the verdict's shingles are learnt). Every
//!    set then leaves out every shingle learnt ([`without`]).
//! 4. **Candidates.** Two documents are a candidate pair when a passage of
//!    one shares a bucket that is not boilerplate with a passage of the
//!    other. Its *shared passages* count is, for whichever of the two has
//!    more, the number of its passages that share such a bucket with the
//!    other. ([`Stages::may_pair`] then applies
//!    [`min_shared_passages`](DedupConfig::min_shared_passages) and the
//!    [`window`](DedupConfig::window).)
//! 5. **Verify** each candidate on the two sets ([`Stages::verify`]) and
//!    orient it ([`Stages::pair`]).
//! 6. **Clusters** from the verified pairs ([`Clustering`], then
//!    [`Stages::clusters`]).
//!
//! # Example
//!
//! The stages run by hand give what [`Deduper`] gives:
//!
//! ```
//! use reprint::stages::Stages;
//! use reprint::{DedupConfig, Deduper, Document};
//!
//! let story = "Moscow has massed more than 100,000 troops near Ukraine's borders, \
//!     but insists it has no plans to attack, officials said on Tuesday.";
//! let docs = [
//!     Document::new("wire", story).with_published(100),
//!     Document::new("outlet", format!("{story}\n\nRead more on our site.")).with_published(200),
//! ];
//! let stages = Stages::new(DedupConfig::default())?;
//! let prints: Vec<_> = docs.iter().map(|d| stages.fingerprint(d)).collect();
//! // No bucket here holds 16 documents: nothing is judged, nothing learnt.
//! let (a, b) = (&prints[0], &prints[1]);
//! let shared = a.keys.iter().filter(|k| b.keys.contains(k)).count();
//! assert!(shared > 0 && stages.may_pair(1, a.published, b.published));
//! let (relation, overlap) = stages.verify(&a.set, &b.set).unwrap();
//! let pair = stages.pair((&b.id, b.published), (&a.id, a.published), relation, overlap.swapped());
//! assert_eq!((pair.a.as_str(), pair.b.as_str()), ("wire", "outlet"));
//!
//! let mut engine = Deduper::new(DedupConfig::default())?;
//! engine.add_batch(&docs)?;
//! assert_eq!(engine.pairs(), [pair]);
//! # Ok::<(), reprint::Error>(())
//! ```
//!
//! [`Deduper`]: super::Deduper
//! [`Deduper::add_batch`]: super::Deduper::add_batch

use super::cluster::Cluster;
use super::config::{DedupConfig, Machinery};
use super::prepare::{prepare, prepare_with};
use super::results::Pair;
use super::verdict::{boilerplate_of, VerdictRule};
use super::verify::{Overlap, Relation, Rule};
use super::Document;
use crate::par::prelude::*;
use crate::Result;

mod packed;
mod sets;
mod shuffle;

pub use super::cluster::{ClusterPlan, Clustering, DocKey, Edge};
pub use super::prepare::DocFingerprint;
pub use super::verdict::without;
pub use sets::{answer, doc_part, requests, set_strings, SetTable};
pub use shuffle::{bucket_part, merge_candidates, pair_part, Buckets};

/// Documents of a common bucket that are judged: those that come first by
/// ([`sample_key`], id). A choice that does not depend on the order the
/// documents came in.
pub const SAMPLE: usize = 16;

/// The order in which a common bucket's documents are sampled: a hash of
/// the id (ties, which a 64-bit hash makes rare, go by the id).
pub fn sample_key(id: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id.as_bytes())
}

/// The stage functions under one [`DedupConfig`]; see the module.
#[derive(Debug, Clone)]
pub struct Stages {
    config: DedupConfig,
    machinery: Machinery,
    rule: Rule,
}

impl Stages {
    /// The stages of `config`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`](crate::Error::InvalidConfig) naming the
    /// first invalid field.
    pub fn new(config: DedupConfig) -> Result<Self> {
        let machinery = config.machinery()?;
        let rule = config.rule();
        Ok(Stages {
            config,
            machinery,
            rule,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &DedupConfig {
        &self.config
    }

    pub(crate) fn machinery(&self) -> &Machinery {
        &self.machinery
    }

    /// Index keys per passage (its band keys, then its anchors): the
    /// bands of the passage index.
    pub fn bands(&self) -> usize {
        self.machinery.keys_per_passage()
    }

    /// Stage 1: the document's shingle set and passage band keys. Reads
    /// nothing but the document.
    pub fn fingerprint(&self, doc: &Document) -> DocFingerprint {
        prepare(
            doc,
            &self.machinery,
            self.config.passage_min_words,
            self.config.passage_max_words,
        )
    }

    /// [`fingerprint`](Self::fingerprint), also giving `inspect` the
    /// document's tokens and paragraphs as the fingerprint is made from
    /// them (what [`Tokenizer::analyze`](crate::Tokenizer::analyze) gives),
    /// for a caller that reports them without tokenizing the text again.
    ///
    /// ```
    /// use reprint::{stages::Stages, DedupConfig, Document};
    ///
    /// let stages = Stages::new(DedupConfig::default())?;
    /// let doc = Document::new("a", "Troops massed.\n\nThe U.S. disagrees.");
    /// let (print, paragraphs) = stages.fingerprint_inspect(&doc, |a| a.paragraphs.len());
    /// assert_eq!((print.words, paragraphs), (5, 2));
    /// # Ok::<(), reprint::Error>(())
    /// ```
    pub fn fingerprint_inspect<R>(
        &self,
        doc: &Document,
        inspect: impl FnOnce(&crate::text::Analysis) -> R,
    ) -> (DocFingerprint, R) {
        prepare_with(
            doc,
            &self.machinery,
            self.config.passage_min_words,
            self.config.passage_max_words,
            inspect,
        )
    }

    /// [`fingerprint`](Self::fingerprint) of every document, in parallel
    /// with rayon, in the order given.
    pub fn fingerprint_all(&self, docs: &[Document]) -> Vec<DocFingerprint> {
        crate::par::map(docs, docs.len() > 1, |d| self.fingerprint(d))
    }

    /// Stage 2: whether a bucket holding passages of `docs` distinct
    /// documents is judged.
    pub fn is_common(&self, docs: usize) -> bool {
        docs >= self.config.boilerplate_docs
    }

    /// Stage 2: whether a bucket of index band `band` holding passages of
    /// `docs` distinct documents is dropped unjudged: a common bucket of
    /// anchors, text too common to be evidence of copying (a stock
    /// opening, an outlet's standing line). It makes no candidates and
    /// teaches nothing; the passages' band keys still count.
    pub fn is_dropped(&self, band: usize, docs: usize) -> bool {
        self.machinery.is_anchor_band(band) && self.is_common(docs)
    }

    /// Stage 3: the verdict on a common bucket, from the shingle sets of
    /// its sample (as fingerprinted, before anything is learnt): the
    /// shingles it shows to be boilerplate (sorted), or `None` if the
    /// bucket is one story's. The answer depends on the sets, not their
    /// order.
    ///
    /// The text that recurs in
    /// [`boilerplate_clusters`](DedupConfig::boilerplate_clusters) of the
    /// sets or more is left out. Two sampled documents are of one story
    /// when they are related by the verification rule on what remains, or
    /// when at least
    /// [`strong_link_containment`](DedupConfig::strong_link_containment) of
    /// each is recurring text (a viral story's copies; briefs that are
    /// mostly their footer). Footers are all their hosts share, while
    /// reprints of one story share more, or are copies of it. If the
    /// sample spans `boilerplate_clusters` stories, the bucket is
    /// boilerplate, and the shingles two of its stories hold are learnt.
    pub fn boilerplate(&self, sample: &[&[u32]]) -> Option<Vec<u32>> {
        let rule = VerdictRule {
            stories: self.config.boilerplate_clusters,
            copy_share: self.config.strong_link_containment,
            rule: self.rule,
        };
        boilerplate_of(sample, &rule)
    }

    /// Stage 4: whether a candidate pair with `shared_passages` passages
    /// in common, of documents published at `a` and `b`, is verified:
    /// enough passages, and both within the window of each other when
    /// both times are known.
    pub fn may_pair(&self, shared_passages: usize, a: Option<i64>, b: Option<i64>) -> bool {
        shared_passages >= self.config.min_shared_passages
            && match (self.config.window, a, b) {
                (Some(w), Some(a), Some(b)) => a.abs_diff(b) <= w.unsigned_abs(),
                _ => true,
            }
    }

    /// Stage 5: the exact overlap of two shingle sets (learnt boilerplate
    /// left out) and the relation it makes, or `None` if they are not
    /// related.
    pub fn verify(&self, a: &[u32], b: &[u32]) -> Option<(Relation, Overlap)> {
        let overlap = Overlap::of(a, b);
        Some((self.classify(&overlap)?, overlap))
    }

    /// The relation an overlap makes under this configuration, if any.
    pub fn classify(&self, overlap: &Overlap) -> Option<Relation> {
        overlap.classify(&self.rule)
    }

    /// A verified pair as reports list it: `a` the earlier (published
    /// first, undated last, then the smaller id), the overlap seen from it.
    /// Each document is given as (id, published); `overlap` is seen from
    /// `x`.
    pub fn pair(
        &self,
        x: (&str, Option<i64>),
        y: (&str, Option<i64>),
        relation: Relation,
        overlap: Overlap,
    ) -> Pair {
        let (a, b, overlap) = match order(y) < order(x) {
            false => (x, y, overlap),
            true => (y, x, overlap.swapped()),
        };
        Pair {
            a: a.0.to_string(),
            b: b.0.to_string(),
            relation,
            overlap,
        }
    }

    /// Stage 6: the clusters of `clustering` (built on `docs`), each member
    /// compared with its source, in parallel; `overlap(source, member)` is
    /// asked for the pairs of [`Clustering::missing`] only.
    pub fn clusters(
        &self,
        docs: &[DocKey<'_>],
        clustering: &Clustering,
        overlap: impl Fn(u32, u32) -> Overlap + Sync,
    ) -> Vec<Cluster> {
        clustering
            .plans()
            .par_iter()
            .map(|plan| clustering.cluster(docs, plan, &self.rule, &overlap))
            .collect()
    }
}

/// A document given as (id, published) in report order (see
/// [`DocKey::order`]).
fn order((id, published): (&str, Option<i64>)) -> (i64, &str) {
    DocKey { id, published }.order()
}
