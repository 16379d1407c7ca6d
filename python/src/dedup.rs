//! `Deduper` and what it answers: `Match`, `Pair`, `CopyGroup`, `Cluster`,
//! `ClusterReprint`, `Overlap`, `Report`.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use reprint::{DedupConfig, Deduper};

use crate::{document, load_file, non_negative, save_file, to_py_err};

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyDeduper>()?;
    m.add_class::<PyMatch>()?;
    m.add_class::<PyPair>()?;
    m.add_class::<PyCopyGroup>()?;
    m.add_class::<PyCluster>()?;
    m.add_class::<PyClusterReprint>()?;
    m.add_class::<PyOverlap>()?;
    m.add_class::<PyReport>()?;
    Ok(())
}

/// A string as Python's `repr` writes it.
pub(crate) fn quoted(py: Python<'_>, s: &str) -> String {
    PyString::new(py, s)
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| format!("{s:?}"))
}

/// Finds reprints among documents added one at a time or in batches.
///
/// Every keyword is a field of the Rust `DedupConfig`, shown with its
/// default; one left out (or given as None) keeps the Rust default, and
/// `config` gives them all. A bad value raises ValueError naming the field.
///
/// Documents are `(id, text)` tuples or dicts
/// `{"id", "text", "published", "outlet"}` (`published`: Unix seconds or
/// an RFC 3339 string). A batch's answer depends on the set of documents,
/// not on their order: `add_batch` does the work in parallel, without the
/// GIL, and gives the same pairs and clusters in any order. Adding one by
/// one gives the same until text is common enough to be judged as
/// boilerplate (`boilerplate_docs`).
///
/// Threads: `query`, `pairs`, `clusters` and `report` may run from many
/// threads at once; a call that changes the engine (`add`, `add_batch`,
/// `remove`, ...) has it to itself, and another thread's call on the same
/// Deduper meanwhile raises RuntimeError ("Already mutably borrowed")
/// rather than wait. For a big corpus, `reserve(len(docs))` before
/// `add_batch` sizes the index once.
///
/// >>> d = Deduper()
/// >>> d.add_batch([("wire", wire_text), ("outlet", reprint_text)])
/// >>> [(p.id_a, p.id_b, p.relation) for p in d.pairs()]
#[pyclass(module = "reprint", name = "Deduper")]
pub struct PyDeduper {
    inner: Deduper,
}

#[pymethods]
impl PyDeduper {
    #[new]
    #[pyo3(signature = (
        *,
        shingle_size = None,
        shingle_chars = None,
        passage_min_words = None,
        passage_max_words = None,
        passage_num_perm = None,
        passage_threshold = None,
        passage_anchors = None,
        seed = None,
        min_shared_passages = None,
        min_shared_shingles = None,
        min_shared_share = None,
        min_containment = None,
        min_reprint_shingles = None,
        duplicate_jaccard = None,
        boilerplate_docs = None,
        boilerplate_clusters = None,
        strong_link_containment = None,
        window = None,
    ))]
    // The defaults `help()` and `inspect.signature` show: the Rust ones (a
    // test compares them with `config`).
    #[pyo3(
        text_signature = "(*, shingle_size=5, shingle_chars=0, passage_min_words=20, passage_max_words=80, \
        passage_num_perm=12, passage_threshold=0.3, passage_anchors=True, seed=1, min_shared_passages=1, \
        min_shared_shingles=25, min_shared_share=0.3, min_containment=0.15, min_reprint_shingles=100, duplicate_jaccard=0.8, \
        boilerplate_docs=16, boilerplate_clusters=4, strong_link_containment=0.5, \
        window=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        shingle_size: Option<i64>,
        shingle_chars: Option<i64>,
        passage_min_words: Option<i64>,
        passage_max_words: Option<i64>,
        passage_num_perm: Option<i64>,
        passage_threshold: Option<f64>,
        passage_anchors: Option<bool>,
        seed: Option<u64>,
        min_shared_passages: Option<i64>,
        min_shared_shingles: Option<i64>,
        min_shared_share: Option<f64>,
        min_containment: Option<f64>,
        min_reprint_shingles: Option<i64>,
        duplicate_jaccard: Option<f64>,
        boilerplate_docs: Option<i64>,
        boilerplate_clusters: Option<i64>,
        strong_link_containment: Option<f64>,
        window: Option<i64>,
    ) -> PyResult<Self> {
        let d = DedupConfig::default();
        let count = |name: &str, v: Option<i64>, default: usize| match v {
            Some(v) => non_negative(name, v),
            None => Ok(default),
        };
        let config = DedupConfig {
            shingle_size: count("shingle_size", shingle_size, d.shingle_size)?,
            shingle_chars: count("shingle_chars", shingle_chars, d.shingle_chars)?,
            passage_min_words: count("passage_min_words", passage_min_words, d.passage_min_words)?,
            passage_max_words: count("passage_max_words", passage_max_words, d.passage_max_words)?,
            passage_num_perm: count("passage_num_perm", passage_num_perm, d.passage_num_perm)?,
            passage_threshold: passage_threshold.unwrap_or(d.passage_threshold),
            passage_anchors: passage_anchors.unwrap_or(d.passage_anchors),
            seed: seed.unwrap_or(d.seed),
            min_shared_passages: count(
                "min_shared_passages",
                min_shared_passages,
                d.min_shared_passages,
            )?,
            min_shared_shingles: count(
                "min_shared_shingles",
                min_shared_shingles,
                d.min_shared_shingles,
            )?,
            min_shared_share: min_shared_share.unwrap_or(d.min_shared_share),
            min_containment: min_containment.unwrap_or(d.min_containment),
            min_reprint_shingles: count(
                "min_reprint_shingles",
                min_reprint_shingles,
                d.min_reprint_shingles,
            )?,
            duplicate_jaccard: duplicate_jaccard.unwrap_or(d.duplicate_jaccard),
            boilerplate_docs: count("boilerplate_docs", boilerplate_docs, d.boilerplate_docs)?,
            boilerplate_clusters: count(
                "boilerplate_clusters",
                boilerplate_clusters,
                d.boilerplate_clusters,
            )?,
            strong_link_containment: strong_link_containment.unwrap_or(d.strong_link_containment),
            window: window.or(d.window),
        };
        Ok(PyDeduper {
            inner: Deduper::new(config).map_err(to_py_err)?,
        })
    }

    /// The configuration, as a dict of every field.
    #[getter]
    fn config<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let c = self.inner.config();
        let d = PyDict::new(py);
        d.set_item("shingle_size", c.shingle_size)?;
        d.set_item("shingle_chars", c.shingle_chars)?;
        d.set_item("passage_min_words", c.passage_min_words)?;
        d.set_item("passage_max_words", c.passage_max_words)?;
        d.set_item("passage_num_perm", c.passage_num_perm)?;
        d.set_item("passage_threshold", c.passage_threshold)?;
        d.set_item("passage_anchors", c.passage_anchors)?;
        d.set_item("seed", c.seed)?;
        d.set_item("min_shared_passages", c.min_shared_passages)?;
        d.set_item("min_shared_shingles", c.min_shared_shingles)?;
        d.set_item("min_shared_share", c.min_shared_share)?;
        d.set_item("min_containment", c.min_containment)?;
        d.set_item("min_reprint_shingles", c.min_reprint_shingles)?;
        d.set_item("duplicate_jaccard", c.duplicate_jaccard)?;
        d.set_item("boilerplate_docs", c.boilerplate_docs)?;
        d.set_item("boilerplate_clusters", c.boilerplate_clusters)?;
        d.set_item("strong_link_containment", c.strong_link_containment)?;
        d.set_item("window", c.window)?;
        Ok(d)
    }

    /// The stage functions of this configuration (a Stages): what
    /// `add_batch` runs, for a driver that runs them elsewhere
    /// (`reprint.spark`). Each call spreads its work over `threads`
    /// threads, by default every core; an engine that already runs one
    /// task per core (Spark) wants 1.
    ///
    /// Raises ValueError if `threads` is 0.
    #[pyo3(signature = (threads = None))]
    fn stages(&self, threads: Option<usize>) -> PyResult<crate::pipeline::PyStages> {
        crate::pipeline::PyStages::new(self.inner.stages().clone(), threads)
    }

    /// Adds one document and returns its matches (list of Match) among the
    /// documents held, by id.
    ///
    /// Raises ValueError if its id is already held (nothing is added).
    fn add(&mut self, py: Python<'_>, doc: &Bound<'_, PyAny>) -> PyResult<Vec<PyMatch>> {
        let doc = document::extract(doc)?;
        let inner = &mut self.inner;
        let matches = py.allow_threads(|| inner.add(&doc)).map_err(to_py_err)?;
        Ok(matches.into_iter().map(PyMatch::from).collect())
    }

    /// Adds documents from any iterable (a list, a generator), and returns
    /// each document's matches among the documents held and the batch's
    /// others (a list of lists of Match, each by id).
    ///
    /// The work runs in parallel on rayon's threads with the GIL released;
    /// the result does not depend on the order of the documents. Raises ValueError if an
    /// id is already held or appears twice (nothing is added then), and
    /// TypeError / ValueError naming the position of a malformed document.
    fn add_batch(
        &mut self,
        py: Python<'_>,
        docs: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<Vec<PyMatch>>> {
        let docs = document::extract_all(docs)?;
        let inner = &mut self.inner;
        let matches = py
            .allow_threads(|| inner.add_batch(&docs))
            .map_err(to_py_err)?;
        Ok(matches
            .into_iter()
            .map(|m| m.into_iter().map(PyMatch::from).collect())
            .collect())
    }

    /// Adds documents from any iterable, as `add_batch`, without listing
    /// each one's matches: the same engine, for a caller that asks for
    /// pairs or clusters at the end. Copies of one text (documents with
    /// the same words) are held once, so a story carried verbatim by
    /// 10,000 outlets costs 10,000 documents here, where its matches
    /// would be 100 million. Raises as `add_batch` does.
    fn extend(&mut self, py: Python<'_>, docs: &Bound<'_, PyAny>) -> PyResult<()> {
        let docs = document::extract_all(docs)?;
        let inner = &mut self.inner;
        py.allow_threads(|| inner.extend(&docs)).map_err(to_py_err)
    }

    /// Matches (list of Match) of a text, or of a document, among the
    /// documents held, without adding it. Releases the GIL, so several
    /// Python threads can query one Deduper at once.
    fn query(&self, py: Python<'_>, doc: &Bound<'_, PyAny>) -> PyResult<Vec<PyMatch>> {
        let doc = document::extract_query(doc)?;
        let inner = &self.inner;
        let matches = py.allow_threads(|| inner.query(&doc));
        Ok(matches.into_iter().map(PyMatch::from).collect())
    }

    /// The verified pairs (list of Pair) among the documents held, sorted
    /// by `id_a`, then `id_b` (see Pair): the pairs, relations and figures
    /// the example deduper's `--pairs` writes.
    fn pairs(&self, py: Python<'_>) -> Vec<PyPair> {
        let inner = &self.inner;
        let pairs = py.allow_threads(|| inner.pairs());
        pairs.into_iter().map(PyPair::from).collect()
    }

    /// The verified pairs in a form that grows with the documents, not
    /// with the pairs: (copies, pairs). `copies` (list of CopyGroup) are
    /// the groups of documents with the same words, which the engine holds
    /// once: every two ids of a group are a pair with the group's figures.
    /// `pairs` (list of Pair) are every other pair, as `pairs()` lists
    /// them.
    fn compact_pairs(&self, py: Python<'_>) -> (Vec<PyCopyGroup>, Vec<PyPair>) {
        let inner = &self.inner;
        let compact = py.allow_threads(|| inner.compact_pairs());
        (
            compact.copies.into_iter().map(PyCopyGroup::from).collect(),
            compact.pairs.into_iter().map(PyPair::from).collect(),
        )
    }

    /// Groups of related documents (list of Cluster), each with its likely
    /// wire source, ordered by their sources (by time published, undated
    /// last, then id).
    fn clusters(&self, py: Python<'_>) -> Vec<PyCluster> {
        let inner = &self.inner;
        let clusters = py.allow_threads(|| inner.clusters());
        clusters.into_iter().map(PyCluster::from).collect()
    }

    /// The clusters and the pairs together (a Report), computed once.
    fn report(&self, py: Python<'_>) -> PyResult<PyReport> {
        let inner = &self.inner;
        let report = py.allow_threads(|| inner.report());
        let clusters = report.clusters.into_iter().map(PyCluster::from);
        let pairs = report.pairs.into_iter().map(PyPair::from);
        Ok(PyReport {
            clusters: PyList::new(py, clusters)?.unbind(),
            pairs: PyList::new(py, pairs)?.unbind(),
        })
    }

    /// The exact overlap (an Overlap) of two held documents, `a` and `b`
    /// in the order given. Raises KeyError if either id is not held.
    fn overlap(&self, a: &str, b: &str) -> PyResult<PyOverlap> {
        self.inner
            .overlap(a, b)
            .map(PyOverlap::from)
            .map_err(to_py_err)
    }

    /// The passages texts `a` and `b` share under this engine's shingles,
    /// in the order of `a`: a list of `((a_start, a_end), (b_start, b_end),
    /// shingles)`, offsets in bytes of the UTF-8 texts (as `align` gives
    /// them). The engine keeps no texts: give it those of a pair it found.
    fn aligned_passages(
        &self,
        py: Python<'_>,
        a: &str,
        b: &str,
    ) -> PyResult<Vec<PyAlignedPassage>> {
        let config = self.inner.config();
        let passages = py
            .allow_threads(|| reprint::dedup::aligned_passages(a, b, config))
            .map_err(to_py_err)?;
        Ok(passages
            .into_iter()
            .map(|p| ((p.a.start, p.a.end), (p.b.start, p.b.end), p.shingles))
            .collect())
    }

    /// What the engine holds under a document's id: "absent", "same_text"
    /// (adding it again would change nothing) or "other_text". Takes what
    /// `add` takes; the check to make before adding a feed that may repeat
    /// what is held, since `add_batch` refuses an id already held.
    fn held(&self, doc: &Bound<'_, PyAny>) -> PyResult<&'static str> {
        let doc = document::extract(doc)?;
        Ok(match self.inner.held(&doc) {
            reprint::Held::Absent => "absent",
            reprint::Held::SameText => "same_text",
            reprint::Held::OtherText => "other_text",
        })
    }

    /// Takes other settings from now on, as keyword arguments (those of
    /// the constructor), the others kept: the thresholds, the boilerplate
    /// rule and `window` may change, for the documents added from now on;
    /// the fingerprint settings (`shingle_size`, `shingle_chars`,
    /// `passage_min_words`, `passage_max_words`, `passage_num_perm`,
    /// `passage_threshold`, `passage_anchors`, `seed`) may not. Raises ValueError naming the
    /// setting (nothing changes then), TypeError for an unknown one.
    #[pyo3(signature = (**settings))]
    fn set_config(&mut self, settings: Option<&Bound<'_, PyDict>>) -> PyResult<()> {
        let mut c = self.inner.config().clone();
        for (key, value) in settings.into_iter().flatten() {
            let key: String = key.extract()?;
            let count = |v: &Bound<'_, PyAny>| non_negative(&key, v.extract::<i64>()?);
            match key.as_str() {
                "shingle_size" => c.shingle_size = count(&value)?,
                "shingle_chars" => c.shingle_chars = count(&value)?,
                "passage_min_words" => c.passage_min_words = count(&value)?,
                "passage_max_words" => c.passage_max_words = count(&value)?,
                "passage_num_perm" => c.passage_num_perm = count(&value)?,
                "passage_threshold" => c.passage_threshold = value.extract()?,
                "passage_anchors" => c.passage_anchors = value.extract()?,
                "seed" => c.seed = value.extract()?,
                "min_shared_passages" => c.min_shared_passages = count(&value)?,
                "min_shared_shingles" => c.min_shared_shingles = count(&value)?,
                "min_shared_share" => c.min_shared_share = value.extract()?,
                "min_containment" => c.min_containment = value.extract()?,
                "min_reprint_shingles" => c.min_reprint_shingles = count(&value)?,
                "duplicate_jaccard" => c.duplicate_jaccard = value.extract()?,
                "boilerplate_docs" => c.boilerplate_docs = count(&value)?,
                "boilerplate_clusters" => c.boilerplate_clusters = count(&value)?,
                "strong_link_containment" => c.strong_link_containment = value.extract()?,
                "window" => c.window = value.extract()?,
                _ => {
                    return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                        "set_config() got an unexpected keyword argument '{key}'"
                    )))
                }
            }
        }
        self.inner.set_config(c).map_err(to_py_err)
    }

    /// Releases what removed and evicted documents still hold (it runs by
    /// itself once a fifth of the documents are removed, and on `save`).
    fn compact(&mut self) {
        self.inner.compact();
    }

    /// Removes a document: it stops matching, and leaves pairs and
    /// clusters. Raises KeyError if no document has this id.
    fn remove(&mut self, id: &str) -> PyResult<()> {
        self.inner.remove(id).map_err(to_py_err)
    }

    /// Removes every document published before `t` (Unix seconds);
    /// documents without a timestamp stay. Returns how many were removed.
    fn evict_before(&mut self, t: i64) -> usize {
        self.inner.evict_before(t)
    }

    /// Makes room for `n` more documents, so that the index's tables are
    /// sized once for a corpus added in big `add_batch` calls instead of
    /// doubling as they fill. A hint: results do not change. Raises
    /// `MemoryError` (nothing changed) when the room cannot be had.
    fn reserve(&mut self, n: i64) -> PyResult<()> {
        self.inner
            .reserve(non_negative("n", n)?)
            .map_err(|e| match e {
                e @ reprint::Error::CapacityExceeded { .. } => {
                    pyo3::exceptions::PyMemoryError::new_err(e.to_string())
                }
                e => to_py_err(e),
            })
    }

    /// Memory held, in bytes, by part: a dict with `index`,
    /// `shingle_sets` and `other`.
    fn memory<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let m = self.inner.memory();
        let d = PyDict::new(py);
        d.set_item("index", m.index)?;
        d.set_item("shingle_sets", m.shingle_sets)?;
        d.set_item("other", m.other)?;
        Ok(d)
    }

    /// Saves the engine to `path` (str or os.PathLike), atomically.
    /// Raises OSError naming the file.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        save_file(py, path, |p| self.inner.save(p))
    }

    /// Loads an engine saved by `save`. Raises OSError if the file cannot
    /// be read, IndexFormatError if it is damaged, not an index, of another
    /// format version or of another hash scheme.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = load_file(py, path, |p| Deduper::load(p))?;
        Ok(PyDeduper { inner })
    }

    /// The engine as bytes, as `save` writes them.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let inner = &self.inner;
        let bytes = py.allow_threads(|| inner.to_bytes());
        PyBytes::new(py, &bytes)
    }

    /// An engine from bytes written by `to_bytes`; raises IndexFormatError
    /// as `load` does.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: &[u8]) -> PyResult<Self> {
        let inner = py
            .allow_threads(|| Deduper::from_bytes(data))
            .map_err(to_py_err)?;
        Ok(PyDeduper { inner })
    }

    /// Pickling goes through `to_bytes` / `from_bytes`.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let from_bytes = py.get_type::<PyDeduper>().getattr("from_bytes")?;
        let bytes = slf.borrow().to_bytes(py);
        PyTuple::new(
            py,
            [from_bytes.into_any(), PyTuple::new(py, [bytes])?.into_any()],
        )
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __contains__(&self, id: &str) -> bool {
        self.inner.contains(id)
    }

    fn __repr__(&self) -> String {
        let n = self.inner.len();
        format!(
            "<reprint.Deduper holding {n} document{}>",
            if n == 1 { "" } else { "s" }
        )
    }
}

/// A document's verified relation to another one, `id`.
///
/// `a` is the document added (or queried) and `b` the other one `id`:
/// `containment_a_in_b` is the share of the document's shingles found in
/// the other.
#[pyclass(module = "reprint", name = "Match", frozen, eq, get_all)]
#[derive(Clone, PartialEq)]
pub struct PyMatch {
    /// The other document's id.
    id: String,
    /// "duplicate", "reprint" or "shared_passage".
    relation: String,
    /// Share of the document's shingles found in the other.
    containment_a_in_b: f64,
    /// Share of the other document's shingles found in this one.
    containment_b_in_a: f64,
    /// Jaccard similarity of the two shingle sets.
    jaccard: f64,
    /// Distinct shingles both hold (boilerplate excluded).
    shared_shingles: usize,
    /// Passages of either document that hit the other in the index (of
    /// the one with more; of the document added, against one held before
    /// its batch).
    shared_passages: usize,
}

impl From<reprint::Match> for PyMatch {
    fn from(m: reprint::Match) -> Self {
        PyMatch {
            id: m.id,
            relation: m.relation.to_string(),
            containment_a_in_b: m.overlap.a_in_b,
            containment_b_in_a: m.overlap.b_in_a,
            jaccard: m.overlap.jaccard,
            shared_shingles: m.overlap.shared,
            shared_passages: m.shared_passages,
        }
    }
}

#[pymethods]
impl PyMatch {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Match(id={}, relation={}, containment_a_in_b={:.4}, containment_b_in_a={:.4}, \
             jaccard={:.4}, shared_shingles={}, shared_passages={})",
            quoted(py, &self.id),
            quoted(py, &self.relation),
            self.containment_a_in_b,
            self.containment_b_in_a,
            self.jaccard,
            self.shared_shingles,
            self.shared_passages
        )
    }
}

/// A passage two texts share, as `aligned_passages` gives it: the byte
/// span in each text and the shingles found in both.
type PyAlignedPassage = ((usize, usize), (usize, usize), usize);

/// A verified pair of documents: `id_a` is the earlier (published first,
/// undated last, then the smaller id), `id_b` the later.
///
/// The same pair, relation and figures as a line of the example deduper's
/// `--pairs` TSV.
#[pyclass(module = "reprint", name = "Pair", frozen, eq, get_all)]
#[derive(Clone, PartialEq)]
pub struct PyPair {
    /// The earlier document.
    id_a: String,
    /// The later document.
    id_b: String,
    /// "duplicate", "reprint" or "shared_passage".
    relation: String,
    /// Share of `id_a`'s shingles found in `id_b`.
    containment_a_in_b: f64,
    /// Share of `id_b`'s shingles found in `id_a`.
    containment_b_in_a: f64,
    /// Jaccard similarity of the two shingle sets.
    jaccard: f64,
    /// Distinct shingles both hold (boilerplate excluded).
    shared_shingles: usize,
}

impl From<reprint::Pair> for PyPair {
    fn from(p: reprint::Pair) -> Self {
        PyPair {
            id_a: p.a,
            id_b: p.b,
            relation: p.relation.to_string(),
            containment_a_in_b: p.overlap.a_in_b,
            containment_b_in_a: p.overlap.b_in_a,
            jaccard: p.overlap.jaccard,
            shared_shingles: p.overlap.shared,
        }
    }
}

#[pymethods]
impl PyPair {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Pair(id_a={}, id_b={}, relation={}, containment_a_in_b={:.4}, \
             containment_b_in_a={:.4}, jaccard={:.4}, shared_shingles={})",
            quoted(py, &self.id_a),
            quoted(py, &self.id_b),
            quoted(py, &self.relation),
            self.containment_a_in_b,
            self.containment_b_in_a,
            self.jaccard,
            self.shared_shingles
        )
    }
}

/// Documents with the same words (equal fingerprints), held once by the
/// engine: every two of `ids` are a verified pair with this relation and
/// these figures (`Deduper.compact_pairs`).
#[pyclass(module = "reprint", name = "CopyGroup", frozen, eq, get_all)]
#[derive(Clone, PartialEq)]
pub struct PyCopyGroup {
    /// The documents, in report order (by time published, undated last,
    /// then id).
    ids: Vec<String>,
    /// "duplicate" (or "reprint" for very short texts).
    relation: String,
    /// Share of one's shingles found in another (1.0).
    containment_a_in_b: f64,
    /// The same, seen from the other (1.0).
    containment_b_in_a: f64,
    /// Jaccard similarity of two of them (1.0).
    jaccard: f64,
    /// Distinct shingles each two share (boilerplate excluded).
    shared_shingles: usize,
}

impl From<reprint::CopyGroup> for PyCopyGroup {
    fn from(g: reprint::CopyGroup) -> Self {
        PyCopyGroup {
            ids: g.ids,
            relation: g.relation.to_string(),
            containment_a_in_b: g.overlap.a_in_b,
            containment_b_in_a: g.overlap.b_in_a,
            jaccard: g.overlap.jaccard,
            shared_shingles: g.overlap.shared,
        }
    }
}

#[pymethods]
impl PyCopyGroup {
    fn __repr__(&self) -> String {
        format!(
            "CopyGroup({} documents, relation={:?}, jaccard={:.4}, shared_shingles={})",
            self.ids.len(),
            self.relation,
            self.jaccard,
            self.shared_shingles
        )
    }
}

/// The exact overlap of two documents' shingle sets (boilerplate
/// excluded), `a` and `b` as the call that made it says.
#[pyclass(module = "reprint", name = "Overlap", frozen, eq, get_all)]
#[derive(Clone, PartialEq)]
pub struct PyOverlap {
    /// Share of `a`'s shingles found in `b`.
    containment_a_in_b: f64,
    /// Share of `b`'s shingles found in `a`.
    containment_b_in_a: f64,
    /// Jaccard similarity of the two sets.
    jaccard: f64,
    /// Distinct shingles both hold.
    shared_shingles: usize,
}

impl From<reprint::Overlap> for PyOverlap {
    fn from(o: reprint::Overlap) -> Self {
        PyOverlap {
            containment_a_in_b: o.a_in_b,
            containment_b_in_a: o.b_in_a,
            jaccard: o.jaccard,
            shared_shingles: o.shared,
        }
    }
}

#[pymethods]
impl PyOverlap {
    fn __repr__(&self) -> String {
        format!(
            "Overlap(containment_a_in_b={:.4}, containment_b_in_a={:.4}, jaccard={:.4}, \
             shared_shingles={})",
            self.containment_a_in_b, self.containment_b_in_a, self.jaccard, self.shared_shingles
        )
    }
}

/// A group of documents linked by verified relations, around its likely
/// wire source.
#[pyclass(module = "reprint", name = "Cluster", frozen, eq, get_all)]
#[derive(Clone, PartialEq)]
pub struct PyCluster {
    /// The likely wire source's id.
    source: String,
    /// Every member's id: the source first, then by time published
    /// (undated last), then id.
    members: Vec<String>,
    /// Every member but the source (list of ClusterReprint), compared with
    /// the source.
    reprints: Vec<PyClusterReprint>,
}

impl From<reprint::Cluster> for PyCluster {
    fn from(c: reprint::Cluster) -> Self {
        PyCluster {
            source: c.source,
            members: c.members,
            reprints: c.reprints.into_iter().map(PyClusterReprint::from).collect(),
        }
    }
}

#[pymethods]
impl PyCluster {
    fn __len__(&self) -> usize {
        self.members.len()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let members: Vec<String> = self.members.iter().map(|m| quoted(py, m)).collect();
        format!(
            "Cluster(source={}, members=[{}])",
            quoted(py, &self.source),
            members.join(", ")
        )
    }
}

/// A cluster member other than the source, compared with the source: `a`
/// is the source, `b` this member, so `containment_a_in_b` is the share of
/// the source found in this document.
#[pyclass(module = "reprint", name = "ClusterReprint", frozen, eq, get_all)]
#[derive(Clone, PartialEq)]
pub struct PyClusterReprint {
    /// The member's id.
    id: String,
    /// "duplicate", "reprint" or "shared_passage". None when the member is linked to the
    /// cluster only through other members.
    relation: Option<String>,
    /// Share of the source's shingles found in this document.
    containment_a_in_b: f64,
    /// Share of this document's shingles found in the source.
    containment_b_in_a: f64,
    /// Jaccard similarity with the source.
    jaccard: f64,
    /// Distinct shingles shared with the source.
    shared_shingles: usize,
    /// When `relation` is None: the member it is related to most, through
    /// which it joined the cluster (compare it with that one).
    via: Option<String>,
}

impl From<reprint::ClusterReprint> for PyClusterReprint {
    fn from(r: reprint::ClusterReprint) -> Self {
        PyClusterReprint {
            id: r.id,
            relation: r.relation.map(|x| x.to_string()),
            containment_a_in_b: r.overlap.a_in_b,
            containment_b_in_a: r.overlap.b_in_a,
            jaccard: r.overlap.jaccard,
            shared_shingles: r.overlap.shared,
            via: r.via,
        }
    }
}

#[pymethods]
impl PyClusterReprint {
    fn __repr__(&self, py: Python<'_>) -> String {
        let relation = match &self.relation {
            Some(r) => quoted(py, r),
            None => "None".to_owned(),
        };
        let via = match &self.via {
            Some(v) => quoted(py, v),
            None => "None".to_owned(),
        };
        format!(
            "ClusterReprint(id={}, relation={relation}, containment_a_in_b={:.4}, \
             containment_b_in_a={:.4}, jaccard={:.4}, shared_shingles={}, via={via})",
            quoted(py, &self.id),
            self.containment_a_in_b,
            self.containment_b_in_a,
            self.jaccard,
            self.shared_shingles
        )
    }
}

/// The clusters and the verified pairs, from one re-verification of the
/// stored pairs (`Deduper.report()`).
#[pyclass(module = "reprint", name = "Report", frozen)]
pub struct PyReport {
    clusters: Py<PyList>,
    pairs: Py<PyList>,
}

#[pymethods]
impl PyReport {
    /// Groups of related documents (list of Cluster).
    #[getter]
    fn clusters(&self, py: Python<'_>) -> Py<PyList> {
        self.clusters.clone_ref(py)
    }

    /// Every verified pair (list of Pair), sorted by `id_a`, then `id_b`.
    #[getter]
    fn pairs(&self, py: Python<'_>) -> Py<PyList> {
        self.pairs.clone_ref(py)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Report({} clusters, {} pairs)",
            self.clusters.bind(py).len(),
            self.pairs.bind(py).len()
        )
    }
}
