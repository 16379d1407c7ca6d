//! JSONL lines read as the example deduper reads them, for
//! `python -m reprint.spark`: the deduper's own record parser
//! (`examples/dedup/record.rs`, included by path in `lib.rs`) and its rules
//! for what is kept (`examples/dedup/input.rs`).

use reprint::Document;

use crate::record::{decode, looks_binary, parse_record};

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
    if text.trim().is_empty() {
        return Read::Skip;
    }
    match parse_record(&text) {
        Err(reason) => Read::Invalid(reason),
        Ok(doc) if looks_binary(&doc.text) => Read::Skip,
        Ok(doc) if !doc.text.chars().any(char::is_alphanumeric) => Read::Skip,
        Ok(doc) => Read::Doc(doc),
    }
}
