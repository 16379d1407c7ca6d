//! Python values to [`Document`]s: `(id, text)` pairs and dicts with
//! `id`, `text`, and optionally `published` and `outlet`.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyInt, PyList, PyString, PyTuple};
use reprint::Document;

/// One document from a Python value: a `(id, text)` tuple or list, or a
/// dict `{"id", "text", "published"?, "outlet"?}` (other keys ignored, as
/// the JSONL reader ignores them). Ids may be `str` or `int` (`str()`
/// converts them); `published` is Unix seconds (`int`) or an RFC 3339
/// string, or `None`.
pub(crate) fn extract(item: &Bound<'_, PyAny>) -> PyResult<Document> {
    if let Ok(doc) = item.downcast::<PyDocument>() {
        return Ok(doc.get().inner.clone());
    }
    if let Ok(dict) = item.downcast::<PyDict>() {
        // The keys are interned once, not made anew for each document.
        let py = item.py();
        let id = match field(dict, intern!(py, "id"))? {
            Some(v) => id(&v)?,
            None => return Err(PyValueError::new_err("missing field \"id\"")),
        };
        let text = match field(dict, intern!(py, "text"))? {
            Some(v) => text(&v)?,
            None => return Err(PyValueError::new_err("missing field \"text\"")),
        };
        let mut doc = Document::new(id, text);
        if let Some(v) = field(dict, intern!(py, "published"))? {
            doc = doc.with_published(published(&v)?);
        }
        if let Some(v) = field(dict, intern!(py, "outlet"))? {
            let outlet = v.downcast::<PyString>().map_err(|_| {
                PyTypeError::new_err(format!("\"outlet\" must be a str, found {}", type_name(&v)))
            })?;
            doc = doc.with_outlet(outlet.to_cow()?.into_owned());
        }
        return Ok(doc);
    }
    let pair = match (item.downcast::<PyTuple>(), item.downcast::<PyList>()) {
        (Ok(t), _) if t.len() == 2 => Some((t.get_item(0)?, t.get_item(1)?)),
        (_, Ok(l)) if l.len() == 2 => Some((l.get_item(0)?, l.get_item(1)?)),
        _ => None,
    };
    match pair {
        Some((i, t)) => Ok(Document::new(id(&i)?, text(&t)?)),
        None => Err(PyTypeError::new_err(format!(
            "a document is an (id, text) pair or a dict with \"id\" and \"text\", found {}",
            type_name(item)
        ))),
    }
}

/// A document as the engine takes it: what `reprint.read_jsonl` gives (its
/// fields read by the engine's own parser, handed to `add_batch` without
/// converting anything), or what a caller builds.
#[pyclass(name = "Document", module = "reprint", frozen)]
pub(crate) struct PyDocument {
    pub(crate) inner: Document,
}

#[pymethods]
impl PyDocument {
    /// Document(id, text, published=None, outlet=None): `id` a str or an
    /// int, `published` Unix seconds or an RFC 3339 string.
    #[new]
    #[pyo3(signature = (id, text, published = None, outlet = None))]
    fn new(
        id: &Bound<'_, PyAny>,
        text: &Bound<'_, PyAny>,
        published: Option<&Bound<'_, PyAny>>,
        outlet: Option<String>,
    ) -> PyResult<Self> {
        let mut inner = Document::new(self::id(id)?, self::text(text)?);
        if let Some(p) = published.filter(|p| !p.is_none()) {
            inner = inner.with_published(self::published(p)?);
        }
        if let Some(o) = outlet {
            inner = inner.with_outlet(o);
        }
        Ok(PyDocument { inner })
    }

    /// The id.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// The text.
    #[getter]
    fn text(&self) -> &str {
        &self.inner.text
    }

    /// When it was published, Unix seconds, or None.
    #[getter]
    fn published(&self) -> Option<i64> {
        self.inner.published
    }

    /// The outlet's name, or None.
    #[getter]
    fn outlet(&self) -> Option<&str> {
        self.inner.outlet.as_deref()
    }

    fn __repr__(&self) -> String {
        let words = self.inner.text.split_whitespace().count();
        format!(
            "Document(id={:?}, {words} words, published={}, outlet={:?})",
            self.inner.id,
            self.inner
                .published
                .map_or("None".to_string(), reprint::format_rfc3339),
            self.inner.outlet
        )
    }
}

/// A dict's value for `key`; None when missing or None.
fn field<'py>(
    dict: &Bound<'py, PyDict>,
    key: &Bound<'py, PyString>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    Ok(dict.get_item(key)?.filter(|v| !v.is_none()))
}

/// Documents from any iterable (a list, a generator), in order. An error
/// names the document's position in the iterable.
pub(crate) fn extract_all(iterable: &Bound<'_, PyAny>) -> PyResult<Vec<Document>> {
    let py = iterable.py();
    let mut docs = Vec::with_capacity(iterable.len().unwrap_or(0));
    for (i, item) in iterable.try_iter()?.enumerate() {
        let doc = extract(&item?).map_err(|e| {
            PyErr::from_type(e.get_type(py), format!("document {i}: {}", e.value(py)))
        })?;
        docs.push(doc);
    }
    Ok(docs)
}

/// What to query with: a text alone (no id needed), or a document.
pub(crate) fn extract_query(item: &Bound<'_, PyAny>) -> PyResult<Document> {
    match item.downcast::<PyString>() {
        Ok(s) => Ok(Document::new(String::new(), s.to_cow()?.into_owned())),
        Err(_) => extract(item),
    }
}

fn id(v: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = v.downcast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if v.is_instance_of::<PyInt>() {
        return Ok(v.str()?.to_cow()?.into_owned());
    }
    Err(PyTypeError::new_err(format!(
        "a document id must be a str or an int, found {}",
        type_name(v)
    )))
}

fn text(v: &Bound<'_, PyAny>) -> PyResult<String> {
    match v.downcast::<PyString>() {
        Ok(s) => Ok(s.to_cow()?.into_owned()),
        Err(_) => Err(PyTypeError::new_err(format!(
            "a document text must be a str, found {}",
            type_name(v)
        ))),
    }
}

/// Unix seconds from an `int`, or from an RFC 3339 string parsed as the
/// JSONL reader parses it.
pub(crate) fn published(v: &Bound<'_, PyAny>) -> PyResult<i64> {
    if let Ok(s) = v.downcast::<PyString>() {
        return reprint::parse_rfc3339(&s.to_cow()?)
            .map_err(|e| PyValueError::new_err(e.to_string()));
    }
    if v.is_instance_of::<PyInt>() {
        return v.extract::<i64>();
    }
    Err(PyTypeError::new_err(format!(
        "\"published\" must be Unix seconds (int) or an RFC 3339 string, found {}",
        type_name(v)
    )))
}

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an object".to_owned())
}
