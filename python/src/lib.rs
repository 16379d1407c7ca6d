//! The Python bindings of `reprint`: the native module `reprint._reprint`,
//! re-exported by the Python package `reprint` (`python/reprint/`).
//!
//! Each class wraps one Rust type and converts at the edge: Python values
//! in, owned results out, the GIL released around the work. No engine logic
//! lives here (see `STYLE.md`, "Bindings stay thin"); the Rust tests cover
//! the engine and pytest (`python/tests/`) covers the conversions.

use std::path::{Path, PathBuf};

use pyo3::exceptions::{PyKeyError, PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;

mod dedup;
mod diff;
mod document;
mod pipeline;
mod reading;
mod stages;

// The example deduper's own code, so that what `python -m reprint.spark`
// reads and prints is what the deduper reads and prints: its JSONL record
// parser, and `--pairs` writer with its escaping.
#[path = "../../examples/dedup/pairs.rs"]
mod pairs;
#[allow(dead_code)] // The line reader: Spark reads the lines here.
#[path = "../../examples/dedup/record.rs"]
mod record;
#[allow(dead_code)] // The terminal escaping: only TSV is written here.
#[path = "../../examples/dedup/sanitize.rs"]
mod sanitize;

pyo3::create_exception!(
    reprint,
    IndexFormatError,
    PyValueError,
    "A saved index that cannot be read back: damaged or truncated, not an index, \
     written by another format version, or made with another hash scheme. \
     The message names the file and, for damage, the byte offset."
);

/// The Rust error as the Python exception a caller expects, with the Rust
/// message: `ValueError` for bad configuration or input, `KeyError` for an
/// unknown id, `OSError` (its errno subclass, with the file name) for a
/// file, `IndexFormatError` for an index that cannot be read back.
pub(crate) fn to_py_err(e: reprint::Error) -> PyErr {
    use reprint::Error as E;
    match e {
        E::Io { path, source } => {
            let message = source.to_string();
            match (source.raw_os_error(), path) {
                (Some(errno), Some(path)) => PyOSError::new_err((errno, message, path)),
                (Some(errno), None) => PyOSError::new_err((errno, message)),
                (None, Some(path)) => PyOSError::new_err(format!("{}: {message}", path.display())),
                (None, None) => PyOSError::new_err(message),
            }
        }
        E::CorruptIndex { .. } | E::UnsupportedVersion { .. } | E::HashSchemeMismatch { .. } => {
            IndexFormatError::new_err(e.to_string())
        }
        E::UnknownId { .. } => PyKeyError::new_err(e.to_string()),
        E::InvalidConfig { .. }
        | E::IncompatibleFingerprints { .. }
        | E::DuplicateId { .. }
        | E::InvalidRecord { .. }
        | E::InvalidTimestamp { .. }
        | E::CorruptShuffle { .. } => PyValueError::new_err(e.to_string()),
        // `Error` is non-exhaustive: a variant added later still arrives
        // as an exception with its message.
        e => PyRuntimeError::new_err(e.to_string()),
    }
}

/// Saves with the GIL released; an error as [`to_py_err`] converts it.
pub(crate) fn save_file(
    py: Python<'_>,
    path: PathBuf,
    save: impl FnOnce(&Path) -> reprint::Result<()> + Send,
) -> PyResult<()> {
    py.allow_threads(|| save(&path)).map_err(to_py_err)
}

/// Loads with the GIL released; an error as [`to_py_err`] converts it.
pub(crate) fn load_file<T: Send>(
    py: Python<'_>,
    path: PathBuf,
    load: impl FnOnce(&Path) -> reprint::Result<T> + Send,
) -> PyResult<T> {
    py.allow_threads(|| load(&path)).map_err(to_py_err)
}

/// `value` given a seed by `with_seed` when the caller gave one; else as
/// it is, with the library's default seed.
pub(crate) fn seeded<T>(value: T, seed: Option<u64>, with_seed: fn(T, u64) -> T) -> T {
    match seed {
        Some(s) => with_seed(value, s),
        None => value,
    }
}

/// A non-negative integer argument as a `usize`, or a `ValueError` worded
/// as the library words a bad configuration value.
pub(crate) fn non_negative(param: &str, value: i64) -> PyResult<usize> {
    usize::try_from(value).map_err(|_| {
        PyValueError::new_err(format!(
            "invalid {param} = {value}: expected a non-negative integer"
        ))
    })
}

/// The lowercase name of a field-less enum value (`Kind::Copied` is
/// `"copied"`), as the library's serde names spell them.
pub(crate) fn name_of(value: impl std::fmt::Debug) -> String {
    format!("{value:?}").to_lowercase()
}

#[pymodule]
fn _reprint(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("IndexFormatError", m.py().get_type::<IndexFormatError>())?;
    m.add_class::<document::PyDocument>()?;
    m.add_function(wrap_pyfunction!(reading::read_jsonl, m)?)?;
    dedup::register(m)?;
    diff::register(m)?;
    stages::register(m)?;
    pipeline::register(m)?;
    Ok(())
}
