//! `Stages`: the batch pipeline's stage functions ([`reprint::stages`]) on
//! plain Python values, for a driver that shuffles between them
//! (`reprint.spark`). Every call takes and returns whole batches, with the
//! GIL released and the work spread over rayon's threads.
//!
//! The values are what a data frame holds: a shingle set is `bytes` (its
//! 32-bit shingles, little-endian, sorted), band keys a `list[int]`, a
//! verified pair a tuple of the `--pairs` columns and both publication
//! times.

use std::collections::{HashMap, HashSet};

use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::PyBytes;
use rayon::prelude::*;
use reprint::stages::{self, Buckets, ClusterPlan, Clustering, DocKey, Edge, SetTable, Stages};
use reprint::{Overlap, Pair, Relation};

use crate::dedup::PyCluster;
use crate::document;
use crate::reading::{self, Read};
use crate::record::MAX_RECORD_BYTES;

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyStages>()?;
    m.add_class::<PyClusterPlans>()?;
    m.add_function(wrap_pyfunction!(pairs_tsv, m)?)?;
    Ok(())
}

/// A verified pair as a row: `id_a`, `id_b`, `relation`,
/// `containment_a_in_b`, `containment_b_in_a`, `jaccard`,
/// `shared_shingles`, `published_a`, `published_b`.
type PairRow = (
    String,
    String,
    String,
    f64,
    f64,
    f64,
    usize,
    Option<i64>,
    Option<i64>,
);

/// Two ids and their overlap: `a`, `b`, `shared_shingles`,
/// `containment_a_in_b`, `containment_b_in_a`, `jaccard`.
type PairOverlapRow = (String, String, usize, f64, f64, f64);

/// An overlap as a row: `shared_shingles`, `containment_a_in_b`,
/// `containment_b_in_a`, `jaccard`.
type OverlapRow = (usize, f64, f64, f64);

fn set_of(bytes: &[u8]) -> PyResult<Vec<u32>> {
    if !bytes.len().is_multiple_of(4) {
        return Err(PyValueError::new_err(format!(
            "a shingle set is 4 bytes per shingle, found {} bytes",
            bytes.len()
        )));
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

fn bytes_of(set: &[u32]) -> Vec<u8> {
    set.iter().flat_map(|s| s.to_le_bytes()).collect()
}

fn overlap_of((shared, a_in_b, b_in_a, jaccard): OverlapRow) -> Overlap {
    Overlap {
        shared,
        a_in_b,
        b_in_a,
        jaccard,
    }
}

fn relation_of(name: &str) -> PyResult<Relation> {
    match name {
        "duplicate" => Ok(Relation::Duplicate),
        "reprint" => Ok(Relation::Reprint),
        "shared_passage" => Ok(Relation::SharedPassage),
        other => Err(PyValueError::new_err(format!(
            "unknown relation {other:?}: expected duplicate, reprint or shared_passage"
        ))),
    }
}

/// What `fingerprint` gives: the ids, the postings strings, the sets
/// strings.
type Prints<'py> = (
    Vec<String>,
    Vec<Bound<'py, PyBytes>>,
    Vec<Bound<'py, PyBytes>>,
);

/// What `fingerprint_jsonl` gives: per document its id and line; the
/// postings and sets strings; per invalid line its number and why; the
/// numbers of the lines too long to read.
type JsonlPrints<'py> = (
    Vec<(String, u64)>,
    Vec<Bound<'py, PyBytes>>,
    Vec<Bound<'py, PyBytes>>,
    Vec<(u64, String)>,
    Vec<u64>,
);

/// What `buckets` gives: the samples, the pair counts strings, the common
/// buckets' postings.
type BucketPass<'py> = (
    Vec<(u32, u32, Vec<String>)>,
    Vec<Bound<'py, PyBytes>>,
    Bound<'py, PyBytes>,
);

fn all_bytes<'py>(py: Python<'py>, strings: &[Vec<u8>]) -> Vec<Bound<'py, PyBytes>> {
    strings.iter().map(|b| PyBytes::new(py, b)).collect()
}

/// The sets of `ids` in `answers`, without the shingles `learnt`.
fn table_of<'a>(
    answers: &[PyBackedBytes],
    ids: impl Iterator<Item = &'a str>,
    learnt: &[u32],
) -> PyResult<SetTable> {
    let wanted: HashSet<&str> = ids.collect();
    SetTable::of(answers, |id| wanted.contains(id), learnt).map_err(crate::to_py_err)
}

/// The publication time and set of `id`, which the caller must have sent.
fn fetched<'t>(table: &'t SetTable, id: &str) -> PyResult<(Option<i64>, &'t [u32])> {
    table
        .get(id)
        .ok_or_else(|| PyKeyError::new_err(format!("no set was sent for the document {id:?}")))
}

/// The stage functions of one configuration (`Deduper.stages()` gives
/// them): what `Deduper.add_batch` runs, for a driver that runs them on
/// another engine and shuffles between them (see `reprint.spark`).
///
/// A shingle set is `bytes` (32-bit shingles, little-endian, sorted); a
/// verified pair a tuple `(id_a, id_b, relation, containment_a_in_b,
/// containment_b_in_a, jaccard, shared_shingles, published_a,
/// published_b)`, oriented and figured as `Deduper.pairs()` gives it.
#[pyclass(module = "reprint", name = "Stages", frozen)]
pub struct PyStages {
    inner: Stages,
    /// The threads of its calls, if not rayon's global pool.
    pool: Option<rayon::ThreadPool>,
}

impl PyStages {
    /// The stage functions of `inner`; each call spreads its work over
    /// `threads` threads (all cores if `None`).
    pub(crate) fn new(inner: Stages, threads: Option<usize>) -> PyResult<Self> {
        let pool = match threads {
            None => None,
            Some(0) => return Err(PyValueError::new_err("threads must be at least 1")),
            Some(n) => Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .map_err(|e| PyValueError::new_err(format!("cannot start {n} threads: {e}")))?,
            ),
        };
        Ok(PyStages { inner, pool })
    }

    /// Runs `work` without the GIL, on this object's threads.
    fn run<R: Send>(&self, py: Python<'_>, work: impl FnOnce() -> R + Send) -> R {
        py.allow_threads(|| match &self.pool {
            Some(pool) => pool.install(work),
            None => work(),
        })
    }

    /// [`fingerprint_jsonl`](Self::fingerprint_jsonl)'s work on numbered
    /// lines, read and parsed in parallel on its threads.
    fn jsonl_prints<'py>(
        &self,
        py: Python<'py>,
        lines: &[(u64, &[u8])],
        parts: usize,
    ) -> JsonlPrints<'py> {
        let inner = &self.inner;
        let (ids, postings, sets, invalid, too_long) = self.run(py, || {
            let read: Vec<Option<Read>> = lines
                .par_iter()
                .map(|&(n, bytes)| {
                    // The deduper's limit, line ending left out.
                    (bytes.len() <= MAX_RECORD_BYTES).then(|| reading::read_line(n, bytes))
                })
                .collect();
            let mut docs = Vec::with_capacity(lines.len());
            let (mut numbers, mut invalid, mut too_long) =
                (Vec::with_capacity(lines.len()), Vec::new(), Vec::new());
            for (&(n, _), r) in lines.iter().zip(read) {
                match r {
                    Some(Read::Doc(d)) => {
                        docs.push(d);
                        numbers.push(n);
                    }
                    Some(Read::Skip) => {}
                    Some(Read::Invalid(reason)) => invalid.push((n, reason)),
                    None => too_long.push(n),
                }
            }
            let prints = inner.fingerprint_all(&docs);
            let postings = inner.postings(&prints, parts);
            let sets = stages::set_strings(&prints, parts);
            let ids: Vec<(String, u64)> = prints.into_iter().map(|f| f.id).zip(numbers).collect();
            (ids, postings, sets, invalid, too_long)
        });
        let (postings, sets) = (all_bytes(py, &postings), all_bytes(py, &sets));
        (ids, postings, sets, invalid, too_long)
    }
}

#[pymethods]
impl PyStages {
    /// Band keys per passage.
    #[getter]
    fn bands(&self) -> usize {
        self.inner.bands()
    }

    /// How many documents of a common bucket are judged: those first by
    /// `(sample_rank, id)`.
    #[getter]
    fn sample_size(&self) -> usize {
        stages::SAMPLE
    }

    /// A bucket holding passages of this many documents or more is common:
    /// it is judged (the config's `boilerplate_docs`).
    #[getter]
    fn common_docs(&self) -> usize {
        self.inner.config().boilerplate_docs
    }

    /// Stage 1 and the map sides of stages 2 and 5, for a batch of
    /// documents (`(id, text)` tuples or dicts with `id`, `text` and
    /// optionally `published`, as `add_batch` takes them): the ids, the
    /// batch's postings as `parts` byte strings (string `i` for bucket
    /// partition `i`) and its shingle sets as `parts` byte strings (string
    /// `i` for document partition `i`). Empty strings hold nothing.
    fn fingerprint<'py>(
        &self,
        py: Python<'py>,
        docs: &Bound<'py, PyAny>,
        parts: usize,
    ) -> PyResult<Prints<'py>> {
        let docs = document::extract_all(docs)?;
        let inner = &self.inner;
        let (ids, postings, sets) = self.run(py, || {
            let prints = inner.fingerprint_all(&docs);
            let postings = inner.postings(&prints, parts);
            let sets = stages::set_strings(&prints, parts);
            let ids: Vec<String> = prints.into_iter().map(|f| f.id).collect();
            (ids, postings, sets)
        });
        Ok((ids, all_bytes(py, &postings), all_bytes(py, &sets)))
    }

    /// `fingerprint` on lines of a JSONL file, read as the example deduper
    /// reads them: each `(line_number, raw_bytes)` (one-based numbers, the
    /// line without its ending). Gives per document `(id, line_number)`,
    /// the postings and sets strings, and per invalid line `(line_number,
    /// reason)`; lines the deduper passes over (blank, binary-looking, no
    /// words) give nothing; the numbers of lines longer than the deduper
    /// reads (64 MiB, the line ending left out) come last. The first line
    /// loses a UTF-8 byte order mark; bytes that are not UTF-8 become
    /// U+FFFD.
    fn fingerprint_jsonl<'py>(
        &self,
        py: Python<'py>,
        lines: Vec<(u64, PyBackedBytes)>,
        parts: usize,
    ) -> JsonlPrints<'py> {
        let lines: Vec<(u64, &[u8])> = lines.iter().map(|(n, b)| (*n, &b[..])).collect();
        self.jsonl_prints(py, &lines, parts)
    }

    /// `fingerprint_jsonl` on a block of whole lines of a JSONL file that
    /// starts at byte `offset` of the file: each line ends with a newline
    /// (the last may end at the end of the file instead), and is numbered
    /// by its position, the byte offset of its first byte plus one (so the
    /// file's first line is 1, and loses a byte order mark). Lines are read
    /// and parsed in parallel on the threads of this object.
    fn fingerprint_block<'py>(
        &self,
        py: Python<'py>,
        block: &[u8],
        offset: u64,
        parts: usize,
    ) -> JsonlPrints<'py> {
        let mut lines = Vec::new();
        let mut start = 0;
        while start < block.len() {
            let end = memchr::memchr(b'\n', &block[start..]).map_or(block.len(), |i| start + i);
            lines.push((offset + start as u64 + 1, &block[start..end]));
            start = end + 1;
        }
        self.jsonl_prints(py, &lines, parts)
    }

    /// Stages 2 and 4, reduce side, for the postings sent to one bucket
    /// partition (any number of strings from `fingerprint`): the common
    /// buckets' samples, as `(band, key, sample)` with the sample's ids;
    /// the pair counts of the other buckets (which cannot be boilerplate)
    /// as `parts` byte strings (string `i` for pair partition `i`); and the
    /// common buckets' postings as one string, for `candidates` once the
    /// verdicts are known.
    fn buckets<'py>(
        &self,
        py: Python<'py>,
        postings: Vec<PyBackedBytes>,
        parts: usize,
    ) -> PyResult<BucketPass<'py>> {
        let inner = &self.inner;
        let (samples, counts, common) = self
            .run(py, || {
                let (common, rest) = Buckets::new(&postings)?.split(inner);
                let samples: Vec<(u32, u32, Vec<String>)> = common
                    .samples(inner)
                    .into_iter()
                    .map(|(band, key, ids)| {
                        (band, key, ids.into_iter().map(str::to_string).collect())
                    })
                    .collect();
                let counts = rest.candidates(&HashSet::new(), parts);
                Ok((samples, counts, common.to_postings()))
            })
            .map_err(crate::to_py_err)?;
        Ok((samples, all_bytes(py, &counts), PyBytes::new(py, &common)))
    }

    /// Stage 4, first half: from the postings sent to one partition, the
    /// pairs that meet in a bucket not in `boilerplate` (`(band, key)`
    /// tuples), with the passages of each that meet the other, as `parts`
    /// byte strings, string `i` for partition `i` (empty when it has none).
    fn candidates<'py>(
        &self,
        py: Python<'py>,
        postings: Vec<PyBackedBytes>,
        boilerplate: Vec<(u32, u32)>,
        parts: usize,
    ) -> PyResult<Vec<Bound<'py, PyBytes>>> {
        let counts = self.run(py, || {
            let buckets = Buckets::new(&postings)?;
            let boilerplate: HashSet<(u32, u32)> = boilerplate.into_iter().collect();
            Ok(buckets.candidates(&boilerplate, parts))
        });
        let counts = counts.map_err(crate::to_py_err)?;
        Ok(counts.iter().map(|b| PyBytes::new(py, b)).collect())
    }

    /// Stage 4, second half: the pair counts sent to one partition (any
    /// number of strings from `candidates`) as candidate pairs `(id_a,
    /// id_b, shared_passages)`, `id_a < id_b`, sorted.
    #[staticmethod]
    fn merge_candidates(
        py: Python<'_>,
        counts: Vec<PyBackedBytes>,
    ) -> PyResult<Vec<(String, String, usize)>> {
        py.allow_threads(|| stages::merge_candidates(&counts))
            .map_err(crate::to_py_err)
    }

    /// Stage 3, for a batch of common buckets: each given as the shingle
    /// sets of its sample; the boilerplate shingles it shows (a set), or
    /// `None` if the bucket is one story's.
    fn boilerplate<'py>(
        &self,
        py: Python<'py>,
        samples: Vec<Vec<PyBackedBytes>>,
    ) -> PyResult<Vec<Option<Bound<'py, PyBytes>>>> {
        let sets: Vec<Vec<Vec<u32>>> = samples
            .iter()
            .map(|s| s.iter().map(|b| set_of(b)).collect())
            .collect::<PyResult<_>>()?;
        let inner = &self.inner;
        let verdicts: Vec<Option<Vec<u8>>> = self.run(py, || {
            use rayon::prelude::*;
            sets.par_iter()
                .map(|s| {
                    let s: Vec<&[u32]> = s.iter().map(Vec::as_slice).collect();
                    inner.boilerplate(&s).map(|b| bytes_of(&b))
                })
                .collect()
        });
        Ok(verdicts
            .into_iter()
            .map(|v| v.map(|b| PyBytes::new(py, &b)))
            .collect())
    }

    /// The sets `learnt` (verdicts of stage 3) as one set: every shingle
    /// learnt once, sorted.
    #[staticmethod]
    fn union<'py>(py: Python<'py>, learnt: Vec<PyBackedBytes>) -> PyResult<Bound<'py, PyBytes>> {
        let mut all = Vec::new();
        for b in &learnt {
            all.extend(set_of(b)?);
        }
        all.sort_unstable();
        all.dedup();
        Ok(PyBytes::new(py, &bytes_of(&all)))
    }

    /// The pair partition, of `parts`, of the pair of ids `a` and `b`
    /// (either order): the document partition of one of the two, so that
    /// it holds one of the pair's sets already (where `candidates` sends
    /// the pair's counts).
    #[staticmethod]
    fn pair_part(a: &str, b: &str, parts: usize) -> usize {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        stages::pair_part(a, b, parts)
    }

    /// Stage 5, pair side: the requests of pair partition `here` for the
    /// sets of `ids`, as `parts` byte strings (string `i` for document
    /// partition `i`). Unless `own`, the sets of document partition `here`
    /// are not asked for: give its sets strings to `verify` or `overlap`
    /// with the answers. (Asking for them too pays when few are wanted.)
    #[staticmethod]
    #[pyo3(signature = (ids, here, parts, own = false))]
    fn requests<'py>(
        py: Python<'py>,
        ids: Vec<String>,
        here: usize,
        parts: usize,
        own: bool,
    ) -> Vec<Bound<'py, PyBytes>> {
        let strings = stages::requests(ids.iter().map(String::as_str), here, parts, own);
        all_bytes(py, &strings)
    }

    /// Stage 5, document side: from one document partition's sets strings
    /// and the requests sent to it, the sets each pair partition asked
    /// for, as `parts` byte strings (string `k` for pair partition `k`).
    #[staticmethod]
    fn answer<'py>(
        py: Python<'py>,
        sets: Vec<PyBackedBytes>,
        requests: Vec<PyBackedBytes>,
        parts: usize,
    ) -> PyResult<Vec<Bound<'py, PyBytes>>> {
        let strings = py
            .allow_threads(|| stages::answer(&sets, &requests, parts))
            .map_err(crate::to_py_err)?;
        Ok(all_bytes(py, &strings))
    }

    /// Stage 5: each candidate `(id_a, id_b, shared_passages)` verified on
    /// the sets of `answers` (sets strings: the answers to the requests,
    /// and the pair partition's own document partition's sets) without the
    /// shingles `learnt`:
    /// the verified pairs, as rows, in the order given (the others — too
    /// few passages, outside the window, or not related — left out).
    fn verify(
        &self,
        py: Python<'_>,
        candidates: Vec<(String, String, usize)>,
        answers: Vec<PyBackedBytes>,
        learnt: PyBackedBytes,
    ) -> PyResult<Vec<PairRow>> {
        let learnt = set_of(&learnt)?;
        let inner = &self.inner;
        self.run(py, || {
            use rayon::prelude::*;
            let ids = candidates
                .iter()
                .flat_map(|(a, b, _)| [a.as_str(), b.as_str()]);
            let table = table_of(&answers, ids, &learnt)?;
            candidates
                .par_iter()
                .map(|(a, b, n)| {
                    let ((ta, sa), (tb, sb)) = (fetched(&table, a)?, fetched(&table, b)?);
                    if !inner.may_pair(*n, ta, tb) {
                        return Ok(None);
                    }
                    let Some((relation, overlap)) = inner.verify(sa, sb) else {
                        return Ok(None);
                    };
                    let p = inner.pair((a, ta), (b, tb), relation, overlap);
                    let (pa, pb) = if p.a == *a { (ta, tb) } else { (tb, ta) };
                    let o = p.overlap;
                    Ok(Some((
                        p.a,
                        p.b,
                        p.relation.to_string(),
                        o.a_in_b,
                        o.b_in_a,
                        o.jaccard,
                        o.shared,
                        pa,
                        pb,
                    )))
                })
                .filter_map(Result::transpose)
                .collect()
        })
    }

    /// The overlap of each pair `(a, b)` of ids, seen from `a`, on the sets
    /// of `answers` without the shingles `learnt`: `(a, b,
    /// shared_shingles, containment_a_in_b, containment_b_in_a, jaccard)`.
    #[staticmethod]
    fn overlap(
        py: Python<'_>,
        pairs: Vec<(String, String)>,
        answers: Vec<PyBackedBytes>,
        learnt: PyBackedBytes,
    ) -> PyResult<Vec<PairOverlapRow>> {
        let learnt = set_of(&learnt)?;
        py.allow_threads(|| {
            let ids = pairs.iter().flat_map(|(a, b)| [a.as_str(), b.as_str()]);
            let table = table_of(&answers, ids, &learnt)?;
            pairs
                .into_iter()
                .map(|(a, b)| {
                    let o = Overlap::of(fetched(&table, &a)?.1, fetched(&table, &b)?.1);
                    Ok((a, b, o.shared, o.a_in_b, o.b_in_a, o.jaccard))
                })
                .collect()
        })
    }

    /// The sets of `ids` found in `sets` (sets strings), as `(id, set)`
    /// with the set as `bytes`: what stage 3 judges a sample on.
    #[staticmethod]
    fn pick<'py>(
        py: Python<'py>,
        sets: Vec<PyBackedBytes>,
        ids: HashSet<String>,
    ) -> PyResult<Vec<(String, Bound<'py, PyBytes>)>> {
        let found = py.allow_threads(|| {
            // Only the sets asked for are decoded.
            let table =
                SetTable::of(&sets, |id| ids.contains(id), &[]).map_err(crate::to_py_err)?;
            let mut found: Vec<(String, Vec<u8>)> = ids
                .iter()
                .filter_map(|id| Some((id.clone(), bytes_of(table.get(id)?.1))))
                .collect();
            found.sort_unstable();
            Ok::<_, PyErr>(found)
        })?;
        Ok(found
            .into_iter()
            .map(|(id, set)| (id, PyBytes::new(py, &set)))
            .collect())
    }

    /// Stage 6, first half: the story clusters of verified pairs (rows as
    /// `verify` gives them, from any iterable, read one at a time: a
    /// generator keeps only the edges in memory), as `ClusterPlans`: each
    /// cluster's source and members, and the (source, member) pairs whose
    /// overlap only the shingle sets give.
    fn plan_clusters(&self, py: Python<'_>, pairs: &Bound<'_, PyAny>) -> PyResult<PyClusterPlans> {
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut docs: Vec<(String, Option<i64>)> = Vec::new();
        let mut number = |id: &str, published: Option<i64>| match index.get(id) {
            Some(&d) => d,
            None => {
                let d = docs.len() as u32;
                index.insert(id.to_string(), d);
                docs.push((id.to_string(), published));
                d
            }
        };
        let mut edges = Vec::new();
        for p in pairs.try_iter()? {
            let p: PairRow = p?.extract()?;
            let relation = relation_of(&p.2)?;
            if !relation.is_story() {
                continue;
            }
            edges.push(Edge {
                a: number(&p.0, p.7),
                b: number(&p.1, p.8),
                relation,
                overlap: overlap_of((p.6, p.3, p.4, p.5)),
            });
        }
        let clustering = self.run(py, || {
            let keys = doc_keys(&docs);
            Clustering::new(&keys, &edges)
        });
        Ok(PyClusterPlans {
            stages: self.inner.clone(),
            docs,
            index,
            clustering,
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "Stages(bands={}, sample_size={}, common_docs={})",
            self.bands(),
            self.sample_size(),
            self.common_docs()
        )
    }
}

fn doc_keys(docs: &[(String, Option<i64>)]) -> Vec<DocKey<'_>> {
    docs.iter()
        .map(|(id, published)| DocKey {
            id,
            published: *published,
        })
        .collect()
}

/// The story clusters of a set of verified pairs, before each member is
/// compared with its source (`Stages.plan_clusters` makes them).
#[pyclass(module = "reprint", name = "ClusterPlans", frozen)]
pub struct PyClusterPlans {
    stages: Stages,
    docs: Vec<(String, Option<i64>)>,
    index: HashMap<String, u32>,
    clustering: Clustering,
}

#[pymethods]
impl PyClusterPlans {
    /// The (source, member) id pairs whose overlap `finish` needs: members
    /// linked to their cluster only through other members.
    fn missing(&self) -> Vec<(String, String)> {
        let id = |d: u32| self.docs[d as usize].0.clone();
        self.clustering
            .missing()
            .into_iter()
            .map(|(s, m)| (id(s), id(m)))
            .collect()
    }

    /// The clusters (list of Cluster, as `Deduper.clusters()` gives them),
    /// given `overlaps`: a dict from each (source, member) pair of
    /// `missing()` to its overlap `(shared_shingles, containment_a_in_b,
    /// containment_b_in_a, jaccard)` seen from the source. Raises KeyError
    /// naming a pair that is missing from it.
    fn finish(
        &self,
        py: Python<'_>,
        overlaps: HashMap<(String, String), OverlapRow>,
    ) -> PyResult<Vec<PyCluster>> {
        let mut known: HashMap<(u32, u32), Overlap> = HashMap::with_capacity(overlaps.len());
        for ((s, m), o) in &overlaps {
            if let (Some(&s), Some(&m)) = (self.index.get(s), self.index.get(m)) {
                known.insert((s, m), overlap_of(*o));
            }
        }
        let id = |d: u32| &self.docs[d as usize].0;
        if let Some((s, m)) = self
            .clustering
            .missing()
            .into_iter()
            .find(|k| !known.contains_key(k))
        {
            return Err(PyKeyError::new_err(format!(
                "no overlap given for the source {:?} and the member {:?}",
                id(s),
                id(m)
            )));
        }
        let clusters = py.allow_threads(|| {
            let keys = doc_keys(&self.docs);
            self.stages.clusters(&keys, &self.clustering, |s, m| {
                known
                    .get(&(s, m))
                    .copied()
                    .unwrap_or_else(|| Overlap::of(&[], &[]))
            })
        });
        Ok(clusters.into_iter().map(PyCluster::from).collect())
    }

    /// Number of clusters.
    fn __len__(&self) -> usize {
        self.clustering.plans().len()
    }

    fn __repr__(&self) -> String {
        let plans: &[ClusterPlan] = self.clustering.plans();
        format!(
            "ClusterPlans({} clusters, {} members to compare)",
            plans.len(),
            self.clustering.missing().len()
        )
    }
}

/// The `--pairs` lines of the example deduper for verified pairs (rows as
/// `Stages.verify` gives them, in report order): a header line, then one
/// line per pair, exactly as the deduper writes them.
#[pyfunction]
fn pairs_tsv(pairs: Vec<PairRow>) -> PyResult<String> {
    let pairs: Vec<Pair> = pairs
        .into_iter()
        .map(|p| {
            Ok(Pair {
                a: p.0,
                b: p.1,
                relation: relation_of(&p.2)?,
                overlap: overlap_of((p.6, p.3, p.4, p.5)),
            })
        })
        .collect::<PyResult<_>>()?;
    let mut out = Vec::new();
    let error = |e: std::io::Error| PyValueError::new_err(e.to_string());
    crate::pairs::header(&mut out).map_err(error)?;
    for p in &pairs {
        crate::pairs::line(&mut out, &p.view()).map_err(error)?;
    }
    String::from_utf8(out).map_err(|e| PyValueError::new_err(e.to_string()))
}
