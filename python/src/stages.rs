//! The pipeline's stages, for callers who build their own: `Tokenizer`,
//! `Shingler`, `MinHasher` and `Signature`, `LshIndex`, `SimHasher`,
//! `SimHashIndex`, and `Fingerprinter` running the first ones together. Tokens are `(start, end, hash)` tuples (byte offsets
//! into the UTF-8 text), shingles and fingerprints plain ints.

use std::path::PathBuf;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use reprint::lsh::SimHashIndex;
use reprint::minhash::{SignatureParams, Variant};
use reprint::{
    Fingerprinter, LshIndex, LshParams, MinHasher, Shingler, SimHash, SimHasher, Token, Tokenizer,
};

use crate::{load_file, name_of, non_negative, save_file, seeded, to_py_err};

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTokenizer>()?;
    m.add_class::<PyShingler>()?;
    m.add_class::<PyMinHasher>()?;
    m.add_class::<PySignature>()?;
    m.add_class::<PyLshIndex>()?;
    m.add_class::<PySimHasher>()?;
    m.add_class::<PySimHashIndex>()?;
    m.add_class::<PyFingerprinter>()?;
    m.add_class::<PyFingerprint>()?;
    Ok(())
}

/// A token as Python sees it: `(start, end, hash)`.
type TokenTuple = (usize, usize, u64);

/// Splits text into word tokens with byte spans and seeded hashes of their
/// normalized form (NFKC, case, quotes and dashes folded), and into
/// paragraphs. Tokenizer(seed=None): None keeps the default seed, the one
/// the Deduper uses.
#[pyclass(module = "reprint", name = "Tokenizer", frozen)]
pub struct PyTokenizer {
    inner: Tokenizer,
}

#[pymethods]
impl PyTokenizer {
    #[new]
    #[pyo3(signature = (seed = None))]
    fn new(seed: Option<u64>) -> Self {
        PyTokenizer {
            inner: seeded(Tokenizer::new(), seed, Tokenizer::with_seed),
        }
    }

    /// The seed of the token hashes.
    #[getter]
    fn seed(&self) -> u64 {
        self.inner.seed()
    }

    /// The word tokens of `text`, as `(start, end, hash)` tuples in text
    /// order; `start` and `end` are byte offsets into the UTF-8 text.
    fn tokenize(&self, py: Python<'_>, text: &str) -> Vec<TokenTuple> {
        let tokens = py.allow_threads(|| self.inner.tokenize(text));
        tokens.iter().map(|t| (t.start, t.end, t.hash)).collect()
    }

    /// The paragraphs of `text` that hold a word, as `(start, end)` byte
    /// spans without surrounding whitespace.
    fn paragraphs(&self, py: Python<'_>, text: &str) -> Vec<(usize, usize)> {
        let analysis = py.allow_threads(|| self.inner.analyze(text));
        analysis
            .paragraphs
            .iter()
            .map(|p| (p.span.start, p.span.end))
            .collect()
    }

    /// The hash of an already normalized word (lower case, NFKC, quotes
    /// folded): the hash of every token with this normalized form.
    /// Upper-case letters hash apart.
    fn hash_normalized(&self, word: &str) -> u64 {
        self.inner.hash_normalized(word)
    }

    fn __repr__(&self) -> String {
        format!("Tokenizer(seed={})", self.inner.seed())
    }
}

/// Tokens from a text (tokenized by the default Tokenizer) or from
/// `(start, end, hash)` tuples a Tokenizer made.
fn tokens(py: Python<'_>, input: &Bound<'_, PyAny>) -> PyResult<Vec<Token>> {
    if let Ok(text) = input.downcast::<PyString>() {
        let text = text.to_cow()?;
        return Ok(py.allow_threads(|| Tokenizer::new().tokenize(&text)));
    }
    let tuples: Vec<TokenTuple> = input.extract()?;
    Ok(tuples
        .into_iter()
        .map(|(start, end, hash)| Token { start, end, hash })
        .collect())
}

/// Word k-shingles as 64-bit hashes, made from token hashes.
/// Shingler(shingle_size=5, seed=None): k words per shingle.
#[pyclass(module = "reprint", name = "Shingler", frozen)]
pub struct PyShingler {
    inner: Shingler,
}

#[pymethods]
impl PyShingler {
    #[new]
    #[pyo3(signature = (shingle_size = 5, seed = None))]
    fn new(shingle_size: i64, seed: Option<u64>) -> PyResult<Self> {
        let k = non_negative("shingle_size", shingle_size)?;
        let inner = Shingler::new(k).map_err(to_py_err)?;
        Ok(PyShingler {
            inner: seeded(inner, seed, Shingler::with_seed),
        })
    }

    /// Words per shingle.
    #[getter]
    fn k(&self) -> usize {
        self.inner.k()
    }

    /// The seed of the shingle hashes.
    #[getter]
    fn seed(&self) -> u64 {
        self.inner.seed()
    }

    /// The shingle hashes of a text or of a Tokenizer's tokens, in text
    /// order, with repeats.
    fn shingles(&self, py: Python<'_>, tokens_or_text: &Bound<'_, PyAny>) -> PyResult<Vec<u64>> {
        let tokens = tokens(py, tokens_or_text)?;
        Ok(py.allow_threads(|| self.inner.shingles(&tokens)))
    }

    /// The distinct shingle hashes of a text or of tokens, sorted.
    fn shingle_set(&self, py: Python<'_>, tokens_or_text: &Bound<'_, PyAny>) -> PyResult<Vec<u64>> {
        let tokens = tokens(py, tokens_or_text)?;
        Ok(py.allow_threads(|| self.inner.shingle_set(&tokens)))
    }

    /// Hashes of the character k-grams of the normalized text (for short
    /// texts such as headlines).
    fn char_ngrams(&self, py: Python<'_>, text: &str) -> Vec<u64> {
        py.allow_threads(|| self.inner.char_ngrams(text))
    }

    fn __repr__(&self) -> String {
        format!("Shingler(k={}, seed={})", self.inner.k(), self.inner.seed())
    }
}

fn variant(name: &str) -> PyResult<Variant> {
    match name {
        "classic" => Ok(Variant::Classic),
        "one_permutation" | "one-permutation" => Ok(Variant::OnePermutation),
        other => Err(PyValueError::new_err(format!(
            "invalid variant = {other:?}: expected \"classic\" or \"one_permutation\""
        ))),
    }
}

/// MinHash signatures of shingle sets. MinHasher(num_perm=128, seed=None,
/// variant="classic"); variant "one_permutation" is one-permutation
/// hashing with optimal densification.
#[pyclass(module = "reprint", name = "MinHasher", frozen)]
pub struct PyMinHasher {
    inner: MinHasher,
}

#[pymethods]
impl PyMinHasher {
    #[new]
    #[pyo3(signature = (num_perm = 128, seed = None, variant = "classic"))]
    fn new(num_perm: i64, seed: Option<u64>, variant: &str) -> PyResult<Self> {
        let inner = MinHasher::new(non_negative("num_perm", num_perm)?)
            .map_err(to_py_err)?
            .with_variant(self::variant(variant)?);
        Ok(PyMinHasher {
            inner: seeded(inner, seed, MinHasher::with_seed),
        })
    }

    /// Values per signature.
    #[getter]
    fn num_perm(&self) -> usize {
        self.inner.params().num_perm
    }

    /// Seed of the hash functions.
    #[getter]
    fn seed(&self) -> u64 {
        self.inner.params().seed
    }

    /// "classic" or "one_permutation".
    #[getter]
    fn variant(&self) -> String {
        variant_name(self.inner.params())
    }

    /// The signature (a Signature) of a set of shingle hashes (any iterable
    /// of ints; repeats do not matter).
    fn signature(&self, py: Python<'_>, shingles: Vec<u64>) -> PySignature {
        let inner = py.allow_threads(|| self.inner.signature(shingles));
        PySignature { inner }
    }

    /// Signatures of many shingle sets, computed in parallel without the
    /// GIL, in input order.
    fn signatures(&self, py: Python<'_>, sets: Vec<Vec<u64>>) -> Vec<PySignature> {
        let sigs = py.allow_threads(|| self.inner.par_signatures(&sets));
        sigs.into_iter()
            .map(|inner| PySignature { inner })
            .collect()
    }

    fn __repr__(&self) -> String {
        let p = self.inner.params();
        format!(
            "MinHasher(num_perm={}, seed={}, variant='{}')",
            p.num_perm,
            p.seed,
            variant_name(p)
        )
    }
}

fn variant_name(p: SignatureParams) -> String {
    match p.variant {
        Variant::OnePermutation => "one_permutation".to_owned(),
        v => name_of(v),
    }
}

/// A MinHash signature; compares only with signatures of the same
/// parameters (else ValueError).
#[pyclass(module = "reprint", name = "Signature", frozen, eq)]
#[derive(PartialEq)]
pub struct PySignature {
    inner: reprint::Signature,
}

#[pymethods]
impl PySignature {
    /// The signature's values.
    #[getter]
    fn values(&self) -> Vec<u32> {
        self.inner.values().to_vec()
    }

    /// Whether it was made from an empty set.
    fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    /// Estimated Jaccard similarity of the two sets. Raises ValueError if
    /// the signatures were made with different parameters.
    fn jaccard(&self, other: &PySignature) -> PyResult<f64> {
        self.inner.jaccard(&other.inner).map_err(to_py_err)
    }

    fn __len__(&self) -> usize {
        self.inner.values().len()
    }

    fn __repr__(&self) -> String {
        let p = self.inner.params();
        format!(
            "<reprint.Signature: {} values, seed {}, {}>",
            p.num_perm,
            p.seed,
            variant_name(p)
        )
    }
}

/// An LSH index of MinHash signatures under int ids: bands of `rows`
/// values each, a candidate when any band is equal.
///
/// LshIndex(threshold=None, num_perm=None, *, bands=None, rows=None):
/// either the Jaccard threshold and the signatures' num_perm (bands and
/// rows chosen for that threshold), or bands and rows.
#[pyclass(module = "reprint", name = "LshIndex")]
pub struct PyLshIndex {
    inner: LshIndex<u64>,
}

#[pymethods]
impl PyLshIndex {
    #[new]
    #[pyo3(signature = (threshold = None, num_perm = None, *, bands = None, rows = None))]
    fn new(
        threshold: Option<f64>,
        num_perm: Option<i64>,
        bands: Option<i64>,
        rows: Option<i64>,
    ) -> PyResult<Self> {
        let params = match (threshold, num_perm, bands, rows) {
            (Some(t), Some(n), None, None) => {
                LshParams::for_threshold(t, non_negative("num_perm", n)?)
            }
            (None, None, Some(b), Some(r)) => {
                LshParams::new(non_negative("bands", b)?, non_negative("rows", r)?)
            }
            _ => {
                return Err(PyValueError::new_err(
                    "give either threshold and num_perm, or bands and rows",
                ))
            }
        }
        .map_err(to_py_err)?;
        Ok(PyLshIndex {
            inner: LshIndex::new(params),
        })
    }

    /// Number of bands.
    #[getter]
    fn bands(&self) -> usize {
        self.inner.params().bands
    }

    /// Signature values per band.
    #[getter]
    fn rows(&self) -> usize {
        self.inner.params().rows
    }

    /// Stores `id` under the band keys of `signature`. Raises ValueError if
    /// the id is already stored or the signature does not fit the index.
    fn insert(&mut self, id: u64, signature: &PySignature) -> PyResult<()> {
        self.inner.insert(id, &signature.inner).map_err(to_py_err)
    }

    /// Removes `id`; KeyError if it is not stored.
    fn remove(&mut self, id: u64) -> PyResult<()> {
        self.inner.remove(id).map_err(to_py_err)
    }

    /// The ids sharing a band with `signature`, sorted.
    fn query(&self, py: Python<'_>, signature: &PySignature) -> PyResult<Vec<u64>> {
        let inner = &self.inner;
        py.allow_threads(|| inner.query(&signature.inner))
            .map_err(to_py_err)
    }

    /// Saves the index to `path`; OSError naming the file.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        save_file(py, path, |p| self.inner.save(p))
    }

    /// Loads an index saved by `save`; OSError, or IndexFormatError for a
    /// damaged, foreign or other-version file.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = load_file(py, path, |p| LshIndex::load(p))?;
        Ok(PyLshIndex { inner })
    }

    /// The index as bytes, as `save` writes them.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.to_bytes())
    }

    /// An index from `to_bytes`'s bytes; IndexFormatError if damaged.
    #[staticmethod]
    fn from_bytes(data: &[u8]) -> PyResult<Self> {
        let inner = LshIndex::from_bytes(data).map_err(to_py_err)?;
        Ok(PyLshIndex { inner })
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __contains__(&self, id: u64) -> bool {
        self.inner.contains(id)
    }

    fn __repr__(&self) -> String {
        let p = self.inner.params();
        format!(
            "<reprint.LshIndex: {} bands x {} rows, {} ids>",
            p.bands,
            p.rows,
            self.inner.len()
        )
    }
}

/// 64-bit weighted SimHash of features (shingle hashes, each weighted by
/// its count). SimHasher(seed=None).
#[pyclass(module = "reprint", name = "SimHasher", frozen)]
pub struct PySimHasher {
    inner: SimHasher,
}

#[pymethods]
impl PySimHasher {
    #[new]
    #[pyo3(signature = (seed = None))]
    fn new(seed: Option<u64>) -> Self {
        PySimHasher {
            inner: seeded(SimHasher::new(), seed, SimHasher::with_seed),
        }
    }

    /// The seed of the feature mix.
    #[getter]
    fn seed(&self) -> u64 {
        self.inner.seed()
    }

    /// The SimHash (an int of 64 bits) of features (any iterable of ints;
    /// repeats weigh).
    fn simhash(&self, py: Python<'_>, features: Vec<u64>) -> u64 {
        py.allow_threads(|| self.inner.simhash(features).0)
    }

    /// Hamming distance between two SimHashes.
    #[staticmethod]
    fn distance(a: u64, b: u64) -> u32 {
        SimHash(a).distance(SimHash(b))
    }

    fn __repr__(&self) -> String {
        format!("SimHasher(seed={})", self.inner.seed())
    }
}

/// An index of SimHashes under int ids, finding every stored fingerprint
/// within `max_distance` bits of a query, exactly.
/// SimHashIndex(max_distance, blocks=None).
#[pyclass(module = "reprint", name = "SimHashIndex")]
pub struct PySimHashIndex {
    inner: SimHashIndex,
}

#[pymethods]
impl PySimHashIndex {
    #[new]
    #[pyo3(signature = (max_distance, blocks = None))]
    fn new(max_distance: u32, blocks: Option<u32>) -> PyResult<Self> {
        let inner = match blocks {
            Some(b) => SimHashIndex::with_blocks(max_distance, b),
            None => SimHashIndex::new(max_distance),
        }
        .map_err(to_py_err)?;
        Ok(PySimHashIndex { inner })
    }

    /// The largest distance a query finds.
    #[getter]
    fn max_distance(&self) -> u32 {
        self.inner.max_distance()
    }

    /// Stores `fingerprint` under `id`; ValueError if the id is stored.
    fn insert(&mut self, id: u64, fingerprint: u64) -> PyResult<()> {
        self.inner
            .insert(id, SimHash(fingerprint))
            .map_err(to_py_err)
    }

    /// Removes `id` and returns its fingerprint; KeyError if not stored.
    fn remove(&mut self, id: u64) -> PyResult<u64> {
        self.inner.remove(id).map(|s| s.0).map_err(to_py_err)
    }

    /// The stored fingerprint of `id`, or None.
    fn get(&self, id: u64) -> Option<u64> {
        self.inner.get(id).map(|s| s.0)
    }

    /// Every stored `(id, distance)` within `max_distance` bits of
    /// `fingerprint`, by distance then id.
    fn query(&self, py: Python<'_>, fingerprint: u64) -> Vec<(u64, u32)> {
        let inner = &self.inner;
        let found = py.allow_threads(|| inner.query(SimHash(fingerprint)));
        found.into_iter().map(|m| (m.id, m.distance)).collect()
    }

    /// Saves the index to `path`; OSError naming the file.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        save_file(py, path, |p| self.inner.save(p))
    }

    /// Loads an index saved by `save`; OSError, or IndexFormatError.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = load_file(py, path, |p| SimHashIndex::load(p))?;
        Ok(PySimHashIndex { inner })
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __contains__(&self, id: u64) -> bool {
        self.inner.contains(id)
    }

    fn __repr__(&self) -> String {
        format!(
            "<reprint.SimHashIndex: within {} bits, {} ids>",
            self.inner.max_distance(),
            self.inner.len()
        )
    }
}

/// Tokenizer, Shingler, MinHasher and SimHasher run together: a text's
/// MinHash signature and SimHash in one pass.
///
/// Fingerprinter(shingler=None, minhasher=None, seed=None): None keeps the
/// defaults (word 5-shingles, 128-permutation classic MinHash); `seed`
/// reseeds the MinHasher and the SimHasher.
#[pyclass(module = "reprint", name = "Fingerprinter", frozen)]
pub struct PyFingerprinter {
    inner: Fingerprinter,
}

#[pymethods]
impl PyFingerprinter {
    #[new]
    #[pyo3(signature = (shingler = None, minhasher = None, seed = None))]
    fn new(
        shingler: Option<&PyShingler>,
        minhasher: Option<&PyMinHasher>,
        seed: Option<u64>,
    ) -> Self {
        let inner = Fingerprinter::new(
            shingler.map(|s| s.inner).unwrap_or_default(),
            minhasher.map(|m| m.inner.clone()).unwrap_or_default(),
        );
        PyFingerprinter {
            inner: seeded(inner, seed, Fingerprinter::with_seed),
        }
    }

    /// The fingerprints (a Fingerprint) of one text.
    fn fingerprint(&self, py: Python<'_>, text: &str) -> PyFingerprint {
        PyFingerprint::from(py.allow_threads(|| self.inner.fingerprint(text)))
    }

    /// The fingerprints of many texts, in parallel without the GIL, in
    /// input order.
    fn fingerprints(&self, py: Python<'_>, texts: Vec<String>) -> Vec<PyFingerprint> {
        let all = py.allow_threads(|| self.inner.par_fingerprint(&texts));
        all.into_iter().map(PyFingerprint::from).collect()
    }

    fn __repr__(&self) -> String {
        let p = self.inner.minhasher.params();
        format!(
            "<reprint.Fingerprinter: {}-word shingles, {} MinHash of {} values, seed {}>",
            self.inner.shingler.k(),
            variant_name(p),
            p.num_perm,
            p.seed
        )
    }
}

/// The fingerprints of one text.
#[pyclass(module = "reprint", name = "Fingerprint", frozen)]
pub struct PyFingerprint {
    inner: reprint::Fingerprint,
}

impl From<reprint::Fingerprint> for PyFingerprint {
    fn from(inner: reprint::Fingerprint) -> Self {
        PyFingerprint { inner }
    }
}

#[pymethods]
impl PyFingerprint {
    /// MinHash signature of the text's word shingles (a Signature).
    #[getter]
    fn minhash(&self) -> PySignature {
        PySignature {
            inner: self.inner.minhash.clone(),
        }
    }

    /// SimHash of the word shingles, weighted by frequency (an int).
    #[getter]
    fn simhash(&self) -> u64 {
        self.inner.simhash.0
    }

    /// Number of word tokens.
    #[getter]
    fn tokens(&self) -> usize {
        self.inner.tokens
    }

    /// Number of word shingles (with repeats).
    #[getter]
    fn shingles(&self) -> usize {
        self.inner.shingles
    }

    fn __repr__(&self) -> String {
        format!(
            "Fingerprint(simhash={:#018x}, tokens={}, shingles={})",
            self.inner.simhash.0, self.inner.tokens, self.inner.shingles
        )
    }
}
