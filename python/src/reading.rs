//! JSONL read as the example deduper reads it, for `reprint.read_jsonl`
//! and `python -m reprint.spark`: the deduper's own line reader and record
//! parser (`examples/dedup/record.rs`, included by path in `lib.rs`) and
//! its rules for what is kept (`examples/dedup/input.rs`).

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;
use rayon::prelude::*;
use reprint::Document;

use crate::document::PyDocument;
use crate::record::{decode, looks_binary, parse_record, LineError, Lines, MAX_RECORD_BYTES};

/// What one line gives.
pub(crate) enum Read {
    /// A document to keep.
    Doc(Document),
    /// A line the deduper passes over: blank, binary-looking or wordless.
    Skip,
    /// A line that is not a record, with the reason.
    Invalid(String),
}

/// Line `number` (one-based) of a JSONL file, `bytes` without its line
/// ending, as the deduper reads it.
pub(crate) fn read_line(number: u64, bytes: &[u8]) -> Read {
    let bytes = match number == 1 {
        true => bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes),
        false => bytes,
    };
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    let (text, _lossy) = decode(bytes.to_vec());
    read_text(&text)
}

/// A line's text (decoded, without its line ending), as the deduper reads
/// it.
fn read_text(text: &str) -> Read {
    if text.trim().is_empty() {
        return Read::Skip;
    }
    match parse_record(text) {
        Err(reason) => Read::Invalid(reason),
        Ok(doc) if looks_binary(&doc.text) => Read::Skip,
        Ok(doc) if !doc.text.chars().any(char::is_alphanumeric) => Read::Skip,
        Ok(doc) => Read::Doc(doc),
    }
}

/// Lines parsed together, in parallel: enough to keep both cores busy, few
/// enough to hold.
const LINES_PER_CHUNK: usize = 8_192;

/// Every document of a JSONL file, read and parsed as the example deduper
/// reads them (in parallel, without the GIL), as `Document`s.
///
/// Blank lines, binary data and documents without a word are passed over,
/// as the deduper passes over them. `skip_invalid` passes over malformed
/// lines too; else the first is a ValueError naming the file and line, as
/// is a line over 64 MiB. OSError when the file cannot be read.
#[pyfunction]
#[pyo3(signature = (path, *, skip_invalid = false))]
pub(crate) fn read_jsonl(
    py: Python<'_>,
    path: PathBuf,
    skip_invalid: bool,
) -> PyResult<Bound<'_, PyList>> {
    let docs = py.allow_threads(|| read_docs(&path, skip_invalid))?;
    PyList::new(py, docs.into_iter().map(|inner| PyDocument { inner }))
}

/// [`read_jsonl`]'s work.
fn read_docs(path: &Path, skip_invalid: bool) -> PyResult<Vec<Document>> {
    let file = File::open(path).map_err(|e| os_error(path, e))?;
    let mut lines = Lines::new(BufReader::with_capacity(1 << 20, file), MAX_RECORD_BYTES);
    let name = path.display();
    let mut docs = Vec::new();
    let mut chunk = Vec::with_capacity(LINES_PER_CHUNK);
    loop {
        let next = match lines.next_line() {
            Ok(line) => line,
            Err(LineError::Io(e)) => return Err(os_error(path, e)),
            Err(LineError::TooLong {
                number,
                offset,
                limit,
            }) => {
                return Err(PyValueError::new_err(format!(
                    "{name}:{number}: line longer than {limit} bytes (the most one record \
                     may hold), starting at byte offset {offset}"
                )))
            }
        };
        let done = next.is_none();
        chunk.extend(next);
        if chunk.len() == LINES_PER_CHUNK || (done && !chunk.is_empty()) {
            let read: Vec<(u64, Read)> = std::mem::take(&mut chunk)
                .into_par_iter()
                .map(|line| (line.number, read_text(&line.text)))
                .collect();
            for (number, r) in read {
                match r {
                    Read::Doc(doc) => docs.push(doc),
                    Read::Skip => {}
                    Read::Invalid(_) if skip_invalid => {}
                    Read::Invalid(why) => {
                        return Err(PyValueError::new_err(format!("{name}:{number}: {why}")))
                    }
                }
            }
        }
        if done {
            return Ok(docs);
        }
    }
}

/// An OSError with the errno and the file name.
fn os_error(path: &Path, e: std::io::Error) -> PyErr {
    crate::to_py_err(reprint::Error::Io {
        path: Some(path.to_path_buf()),
        source: e,
    })
}
