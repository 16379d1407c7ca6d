//! `align` and what it answers: `Alignment`, `Paragraph`, `WordEdit`,
//! `SourceParagraph`, `Summary`.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use reprint::diff::{ReprintParagraph, SourceParagraph, Summary, WordEdit};
use reprint::{AlignConfig, Alignment};

use crate::dedup::quoted;
use crate::{name_of, non_negative, to_py_err};

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(align, m)?)?;
    m.add_class::<PyAlignment>()?;
    m.add_class::<PyParagraph>()?;
    m.add_class::<PyWordEdit>()?;
    m.add_class::<PySourceParagraph>()?;
    m.add_class::<PySummary>()?;
    Ok(())
}

/// The text of a byte range, or "" for a range that is not one (never the
/// case for the ranges `align` gives).
fn slice(text: &str, start: usize, end: usize) -> String {
    text.get(start..end).unwrap_or_default().to_owned()
}

/// Aligns `reprint` against `source`, paragraph by paragraph: which
/// reprint paragraphs were copied, edited (with word edits) or added, and
/// which source paragraphs were omitted.
///
/// Keywords left out keep the Rust defaults (shown); a bad value raises
/// ValueError.
/// `str()` of the result is the report the example deduper prints.
#[pyfunction]
#[pyo3(signature = (
    source,
    reprint,
    *,
    shingle_words = None,
    min_coverage = None,
    min_shared_words = None,
    anchor_words = None,
))]
#[pyo3(
    text_signature = "(source, reprint, *, shingle_words=3, min_coverage=0.5, min_shared_words=7, \
        anchor_words=10)"
)]
fn align(
    py: Python<'_>,
    source: String,
    reprint: String,
    shingle_words: Option<i64>,
    min_coverage: Option<f64>,
    min_shared_words: Option<i64>,
    anchor_words: Option<i64>,
) -> PyResult<PyAlignment> {
    let mut config = AlignConfig::default();
    if let Some(k) = shingle_words {
        config = config
            .with_shingle_words(non_negative("shingle_words", k)?)
            .map_err(to_py_err)?;
    }
    if let Some(x) = min_coverage {
        config = config.with_min_coverage(x).map_err(to_py_err)?;
    }
    if let Some(n) = min_shared_words {
        config = config
            .with_min_shared_words(non_negative("min_shared_words", n)?)
            .map_err(to_py_err)?;
    }
    if let Some(n) = anchor_words {
        config = config
            .with_anchor_words(non_negative("anchor_words", n)?)
            .map_err(to_py_err)?;
    }
    let inner = py.allow_threads(|| reprint::align(&source, &reprint, &config));
    Ok(PyAlignment {
        inner,
        source,
        reprint,
    })
}

/// The alignment of a reprint against its source (made by `align`).
///
/// `paragraphs` lists every reprint paragraph (copied, edited or added);
/// `omitted_source_paragraphs` the source paragraphs no reprint paragraph
/// uses; `summary` the counts and shares. Offsets are bytes into the UTF-8
/// texts; each object also carries its text. `str()` is the paragraph
/// report with inline word edits, `[-deleted-]{+inserted+}`; `to_dict()`
/// gives plain dicts and lists (for JSON).
#[pyclass(module = "reprint", name = "Alignment", frozen)]
pub struct PyAlignment {
    inner: Alignment,
    source: String,
    reprint: String,
}

#[pymethods]
impl PyAlignment {
    /// Every reprint paragraph (list of Paragraph), in order.
    #[getter]
    fn paragraphs(&self) -> Vec<PyParagraph> {
        self.inner
            .paragraphs
            .iter()
            .map(|p| PyParagraph::new(p, &self.source, &self.reprint))
            .collect()
    }

    /// Indexes of the source paragraphs no reprint paragraph uses.
    #[getter]
    fn omitted_source_paragraphs(&self) -> Vec<usize> {
        self.inner.omitted_source_paragraphs.clone()
    }

    /// Every source paragraph (list of SourceParagraph), in order, with the
    /// reprint paragraphs that use it.
    #[getter]
    fn source_paragraphs(&self) -> Vec<PySourceParagraph> {
        self.inner
            .source
            .iter()
            .map(|p| PySourceParagraph::new(p, &self.source))
            .collect()
    }

    /// Source paragraphs split over consecutive reprint paragraphs, as
    /// `(source_paragraph, [reprint_paragraph, ...])` tuples.
    #[getter]
    fn splits(&self) -> Vec<(usize, Vec<usize>)> {
        self.inner
            .splits
            .iter()
            .map(|s| (s.source_paragraph, s.reprint_paragraphs.clone()))
            .collect()
    }

    /// Word counts, shares and counts per kind (a Summary).
    #[getter]
    fn summary(&self) -> PySummary {
        PySummary::from(&self.inner.summary)
    }

    /// The alignment as plain dicts and lists: `paragraphs`,
    /// `omitted_source_paragraphs`, `source_paragraphs`, `splits`,
    /// `summary`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        let paragraphs = self
            .paragraphs()
            .iter()
            .map(|p| p.to_dict(py))
            .collect::<PyResult<Vec<_>>>()?;
        d.set_item("paragraphs", PyList::new(py, paragraphs)?)?;
        d.set_item(
            "omitted_source_paragraphs",
            &self.inner.omitted_source_paragraphs,
        )?;
        let sources = self
            .source_paragraphs()
            .iter()
            .map(|p| p.to_dict(py))
            .collect::<PyResult<Vec<_>>>()?;
        d.set_item("source_paragraphs", PyList::new(py, sources)?)?;
        let splits = PyList::empty(py);
        for s in &self.inner.splits {
            let split = PyDict::new(py);
            split.set_item("source_paragraph", s.source_paragraph)?;
            split.set_item("reprint_paragraphs", &s.reprint_paragraphs)?;
            splits.append(split)?;
        }
        d.set_item("splits", splits)?;
        d.set_item("summary", self.summary().to_dict(py)?)?;
        Ok(d)
    }

    /// The paragraph report: one line per paragraph (`=` copied, `~`
    /// edited, `+` added, `-` omitted source paragraph) with word edits
    /// inline.
    fn __str__(&self) -> String {
        self.inner.render(&self.source, &self.reprint).to_string()
    }

    fn __repr__(&self) -> String {
        let s = &self.inner.summary;
        format!(
            "<reprint.Alignment: {} copied, {} edited, {} added, {} omitted>",
            s.copied, s.edited, s.added, s.omitted
        )
    }
}

/// One paragraph of the reprint and where it came from.
#[pyclass(module = "reprint", name = "Paragraph", frozen, get_all)]
#[derive(Clone)]
pub struct PyParagraph {
    /// Byte offset of the paragraph in the reprint.
    start: usize,
    /// Byte offset just past the paragraph.
    end: usize,
    /// "copied", "edited" or "added".
    kind: String,
    /// Indexes of the source paragraphs it derives from, in the order the
    /// reprint uses them; empty when added.
    source_paragraphs: Vec<usize>,
    /// Word similarity to what it derives from: 1 when copied, 0 when added.
    similarity: f64,
    /// "single", "split" (a piece of a split source paragraph), "merge"
    /// (several source paragraphs) or "none" (added).
    mapping: String,
    /// Whether the paragraph is out of the source's order.
    moved: bool,
    /// Word edits (list of WordEdit), in reprint order; empty unless edited.
    edits: Vec<PyWordEdit>,
    /// The paragraph's text.
    text: String,
}

impl PyParagraph {
    fn new(p: &ReprintParagraph, source: &str, reprint: &str) -> Self {
        PyParagraph {
            start: p.start,
            end: p.end,
            kind: name_of(p.kind),
            source_paragraphs: p.source_paragraphs.clone(),
            similarity: p.similarity,
            mapping: name_of(p.mapping),
            moved: p.moved,
            edits: p
                .edits
                .iter()
                .map(|e| PyWordEdit::new(e, source, reprint))
                .collect(),
            text: slice(reprint, p.start, p.end),
        }
    }
}

#[pymethods]
impl PyParagraph {
    /// The paragraph's byte span in the reprint, `(start, end)`.
    #[getter]
    fn span(&self) -> (usize, usize) {
        (self.start, self.end)
    }

    /// The paragraph as a dict of its attributes (edits as dicts).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("kind", &self.kind)?;
        d.set_item("source_paragraphs", &self.source_paragraphs)?;
        d.set_item("similarity", self.similarity)?;
        d.set_item("mapping", &self.mapping)?;
        d.set_item("moved", self.moved)?;
        let edits = self
            .edits
            .iter()
            .map(|e| e.to_dict(py))
            .collect::<PyResult<Vec<_>>>()?;
        d.set_item("edits", PyList::new(py, edits)?)?;
        d.set_item("text", &self.text)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let from = if self.source_paragraphs.is_empty() {
            String::new()
        } else {
            format!(", source_paragraphs={:?}", self.source_paragraphs)
        };
        format!(
            "Paragraph(kind='{}', span=({}, {}){from}, similarity={:.2}, edits={})",
            self.kind,
            self.start,
            self.end,
            self.similarity,
            self.edits.len()
        )
    }
}

/// One word-level edit inside an edited paragraph. Spans are byte ranges
/// `(start, end)`; an insertion has an empty source span at the insertion
/// point, a deletion an empty reprint span.
#[pyclass(module = "reprint", name = "WordEdit", frozen, get_all)]
#[derive(Clone)]
pub struct PyWordEdit {
    /// "insert", "delete" or "substitute".
    kind: String,
    /// The source words' byte span.
    source: (usize, usize),
    /// The reprint words' byte span.
    reprint: (usize, usize),
    /// Number of source words.
    source_words: usize,
    /// Number of reprint words.
    reprint_words: usize,
    /// The source words ("" for an insertion).
    source_text: String,
    /// The reprint words ("" for a deletion).
    reprint_text: String,
}

impl PyWordEdit {
    fn new(e: &WordEdit, source: &str, reprint: &str) -> Self {
        PyWordEdit {
            kind: name_of(e.kind),
            source: (e.source.start, e.source.end),
            reprint: (e.reprint.start, e.reprint.end),
            source_words: e.source_words,
            reprint_words: e.reprint_words,
            source_text: slice(source, e.source.start, e.source.end),
            reprint_text: slice(reprint, e.reprint.start, e.reprint.end),
        }
    }
}

#[pymethods]
impl PyWordEdit {
    /// The edit as a dict of its attributes.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("kind", &self.kind)?;
        d.set_item("source", self.source)?;
        d.set_item("reprint", self.reprint)?;
        d.set_item("source_words", self.source_words)?;
        d.set_item("reprint_words", self.reprint_words)?;
        d.set_item("source_text", &self.source_text)?;
        d.set_item("reprint_text", &self.reprint_text)?;
        Ok(d)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "WordEdit(kind='{}', source_text={}, reprint_text={})",
            self.kind,
            quoted(py, &self.source_text),
            quoted(py, &self.reprint_text)
        )
    }
}

/// One paragraph of the source and the reprint paragraphs that use it.
#[pyclass(module = "reprint", name = "SourceParagraph", frozen, get_all)]
#[derive(Clone)]
pub struct PySourceParagraph {
    /// Byte offset of the paragraph in the source.
    start: usize,
    /// Byte offset just past the paragraph.
    end: usize,
    /// Indexes of the reprint paragraphs derived from it; empty when omitted.
    reprint_paragraphs: Vec<usize>,
    /// The paragraph's text.
    text: String,
}

impl PySourceParagraph {
    fn new(p: &SourceParagraph, source: &str) -> Self {
        PySourceParagraph {
            start: p.start,
            end: p.end,
            reprint_paragraphs: p.reprint_paragraphs.clone(),
            text: slice(source, p.start, p.end),
        }
    }
}

#[pymethods]
impl PySourceParagraph {
    /// The paragraph as a dict of its attributes.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("reprint_paragraphs", &self.reprint_paragraphs)?;
        d.set_item("text", &self.text)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "SourceParagraph(span=({}, {}), reprint_paragraphs={:?})",
            self.start, self.end, self.reprint_paragraphs
        )
    }
}

/// Figures for the whole reprint.
#[pyclass(module = "reprint", name = "Summary", frozen, get_all)]
#[derive(Clone)]
pub struct PySummary {
    /// Words in the reprint.
    reprint_words: usize,
    /// Words in the source.
    source_words: usize,
    /// Reprint words matched to source words.
    taken_words: usize,
    /// Distinct source words matched by some reprint word.
    reused_words: usize,
    /// taken_words / reprint_words: the share of the reprint from the source.
    taken_share: f64,
    /// reused_words / source_words: the share of the source reused.
    reused_share: f64,
    /// Copied reprint paragraphs.
    copied: usize,
    /// Edited reprint paragraphs.
    edited: usize,
    /// Added reprint paragraphs.
    added: usize,
    /// Omitted source paragraphs.
    omitted: usize,
    /// Source paragraphs split in the reprint.
    splits: usize,
    /// Reprint paragraphs merging several source paragraphs.
    merges: usize,
    /// Derived reprint paragraphs out of the source's order.
    moved: usize,
}

impl From<&Summary> for PySummary {
    fn from(s: &Summary) -> Self {
        PySummary {
            reprint_words: s.reprint_words,
            source_words: s.source_words,
            taken_words: s.taken_words,
            reused_words: s.reused_words,
            taken_share: s.taken_share,
            reused_share: s.reused_share,
            copied: s.copied,
            edited: s.edited,
            added: s.added,
            omitted: s.omitted,
            splits: s.splits,
            merges: s.merges,
            moved: s.moved,
        }
    }
}

#[pymethods]
impl PySummary {
    /// The summary as a dict of its attributes.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("reprint_words", self.reprint_words)?;
        d.set_item("source_words", self.source_words)?;
        d.set_item("taken_words", self.taken_words)?;
        d.set_item("reused_words", self.reused_words)?;
        d.set_item("taken_share", self.taken_share)?;
        d.set_item("reused_share", self.reused_share)?;
        d.set_item("copied", self.copied)?;
        d.set_item("edited", self.edited)?;
        d.set_item("added", self.added)?;
        d.set_item("omitted", self.omitted)?;
        d.set_item("splits", self.splits)?;
        d.set_item("merges", self.merges)?;
        d.set_item("moved", self.moved)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "Summary(copied={}, edited={}, added={}, omitted={}, taken_share={:.2}, \
             reused_share={:.2})",
            self.copied, self.edited, self.added, self.omitted, self.taken_share, self.reused_share
        )
    }
}
