//! JSONL records: lines read with a bound on their length, decoded, and
//! parsed into documents; and the test that tells text from binary data.
//!
//! This module needs only `reprint`, `serde_json` and `memchr`, so that the
//! fuzz target `fuzz_targets/records.rs` and the Python package's
//! `read_jsonl` can include it by path and read bytes exactly as the
//! deduper does.

use std::io::{self, BufRead};

use reprint::Document;

/// The longest input the deduper reads as one document, in bytes: a JSONL
/// line (its newline not counted) or a `.txt` / `.md` file. A news article
/// is 5 to 50 KB; 64 MiB leaves room for any real document and stops a
/// stream without newlines (`/dev/zero`) before it fills the memory.
pub const MAX_RECORD_BYTES: usize = 64 << 20;

/// One line of a JSONL stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// One-based line number.
    pub number: u64,
    /// Byte offset of the line's start in the stream.
    pub offset: u64,
    /// The line without its line ending (and, on the first line, without a
    /// UTF-8 byte order mark), decoded lossily.
    pub text: String,
    /// Whether it was not valid UTF-8 (bad bytes became U+FFFD).
    pub lossy: bool,
}

/// Why the next line could not be read.
#[derive(Debug)]
pub enum LineError {
    /// The reader failed.
    Io(io::Error),
    /// The line is longer than the limit; it starts at `offset`.
    TooLong {
        /// One-based line number.
        number: u64,
        /// Byte offset of the line's start.
        offset: u64,
        /// The limit, in bytes.
        limit: usize,
    },
}

/// Lines of at most `limit` bytes from a reader.
#[derive(Debug)]
pub struct Lines<R> {
    reader: R,
    limit: usize,
    number: u64,
    offset: u64,
    buf: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    /// Reads `reader`'s lines, refusing any longer than `limit` bytes.
    pub fn new(reader: R, limit: usize) -> Self {
        Lines {
            reader,
            limit,
            number: 0,
            offset: 0,
            buf: Vec::new(),
        }
    }

    /// The next line, or `None` at the end of the stream.
    ///
    /// # Errors
    ///
    /// [`LineError::Io`] from the reader; [`LineError::TooLong`] as soon
    /// as a line passes the limit (the rest of it is not read).
    pub fn next_line(&mut self) -> Result<Option<Line>, LineError> {
        self.buf.clear();
        let start = self.offset;
        let mut ended = false;
        while !ended {
            let available = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(LineError::Io(e)),
            };
            if available.is_empty() {
                break;
            }
            let (take, content) = match memchr::memchr(b'\n', available) {
                Some(at) => {
                    ended = true;
                    (at + 1, at)
                }
                None => (available.len(), available.len()),
            };
            if self.buf.len().saturating_add(content) > self.limit {
                return Err(LineError::TooLong {
                    number: self.number + 1,
                    offset: start,
                    limit: self.limit,
                });
            }
            self.buf.extend_from_slice(&available[..content]);
            self.reader.consume(take);
            self.offset += take as u64;
        }
        if !ended && self.buf.is_empty() && self.offset == start {
            return Ok(None);
        }
        self.number += 1;
        if self.buf.last() == Some(&b'\r') {
            self.buf.pop();
        }
        let mut bytes = std::mem::take(&mut self.buf);
        if self.number == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        let (text, lossy) = decode(bytes);
        Ok(Some(Line {
            number: self.number,
            offset: start,
            text,
            lossy,
        }))
    }
}

/// The line of `file` that starts at byte `offset`, read again as
/// [`Lines`] read it (`first`: it is the file's first line, whose UTF-8
/// byte order mark is dropped), and whether it was decoded lossily. Reads
/// at an offset, so threads may read lines of one file at once.
///
/// # Errors
///
/// The file cannot be read, or the line is longer than `limit` bytes.
pub fn line_at(
    file: &std::fs::File,
    offset: u64,
    first: bool,
    limit: usize,
) -> io::Result<(String, bool)> {
    const BLOCK: usize = 64 << 10;
    let mut bytes = Vec::new();
    let mut block = vec![0; BLOCK];
    loop {
        let read = match read_at(file, &mut block, offset + bytes.len() as u64) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let got = &block[..read];
        let end = memchr::memchr(b'\n', got);
        bytes.extend_from_slice(&got[..end.unwrap_or(read)]);
        if bytes.len() > limit {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("the line at byte offset {offset} is longer than {limit} bytes"),
            ));
        }
        if end.is_some() || read == 0 {
            break;
        }
    }
    if bytes.last() == Some(&b'\r') {
        bytes.pop();
    }
    if first && bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    Ok(decode(bytes))
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

/// The text of a whole file: UTF-16 when it starts with a UTF-16 byte
/// order mark (Windows editors save so), else as [`decode`] reads it; and
/// whether it had to be decoded lossily.
pub fn decode_file(bytes: Vec<u8>) -> (String, bool) {
    let units = |b: &[u8], unit: fn([u8; 2]) -> u16| {
        let (pairs, odd) = (b.chunks_exact(2), b.len() % 2 == 1);
        let mut lossy = odd;
        let text: String = char::decode_utf16(pairs.map(|p| unit([p[0], p[1]])))
            .map(|c| {
                c.unwrap_or_else(|_| {
                    lossy = true;
                    char::REPLACEMENT_CHARACTER
                })
            })
            .collect();
        (text, lossy)
    };
    match utf16_bom(&bytes) {
        Some(Utf16::Le) => units(&bytes[2..], u16::from_le_bytes),
        Some(Utf16::Be) => units(&bytes[2..], u16::from_be_bytes),
        None => decode(bytes),
    }
}

/// The byte order of UTF-16 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utf16 {
    /// Little-endian: the byte order mark is `FF FE`.
    Le,
    /// Big-endian: `FE FF`.
    Be,
}

/// The UTF-16 byte order mark `bytes` start with, if any.
pub fn utf16_bom(bytes: &[u8]) -> Option<Utf16> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(Utf16::Le),
        [0xFE, 0xFF, ..] => Some(Utf16::Be),
        _ => None,
    }
}

/// UTF-8 text from `bytes`, and whether it had to be decoded lossily.
pub fn decode(bytes: Vec<u8>) -> (String, bool) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    }
}

/// Whether a decoded text is binary data rather than writing: it holds a
/// NUL, or more than a tenth of its characters, and at least
/// [`MIN_ODD`] of them, are control characters (tab, line breaks and form
/// feed aside) or U+FFFD (bytes that were not UTF-8). A Latin-1 article
/// has a few bad bytes among thousands, a short Latin-1 line one or two;
/// an image, an archive or an executable has NULs or mostly bad bytes.
pub fn looks_binary(text: &str) -> bool {
    // Most texts hold none of the bytes an odd character starts with (an
    // ASCII control, DEL, 0xC2 before a C1 control, 0xEF before U+FFFD):
    // one pass over the bytes, in blocks the compiler vectorizes, says so.
    let may_be_odd = |b: u8| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) | matches!(b, 0x7f | 0xc2 | 0xef)
    };
    if !text
        .as_bytes()
        .chunks(64)
        .any(|block| block.iter().fold(false, |seen, &b| seen | may_be_odd(b)))
    {
        return false;
    }
    let mut total = 0usize;
    let mut odd = 0usize;
    for c in text.chars() {
        if c == '\0' {
            return true;
        }
        total += 1;
        if c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c')) {
            odd += 1;
        }
    }
    odd >= MIN_ODD && odd.saturating_mul(10) > total
}

/// Fewer odd characters than this never make a text binary (`caf\xe9`).
pub const MIN_ODD: usize = 8;

/// Parses one JSONL line into a document (the library's `Document`
/// deserializer: the id a string or a whole number, `published` RFC 3339
/// or Unix seconds, other fields ignored), or says what is wrong with it.
pub fn parse_record(line: &str) -> Result<Document, String> {
    let doc: Document = serde_json::from_str(line).map_err(|e| {
        // serde_json appends " at line 1 column N"; the line is ours to give.
        let msg = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let msg = msg.strip_suffix(&suffix).unwrap_or(&msg);
        if line.trim_start().starts_with('[') {
            return "a JSON array, not one object: the deduper reads JSON Lines, one \
                    object per line (`jq -c '.[]' FILE` writes an array so)"
                .to_string();
        }
        match e.classify() {
            // Valid JSON that is not a document: the field says what.
            serde_json::error::Category::Data => format!("{msg} (column {})", e.column()),
            _ => format!("invalid JSON record (column {}): {msg}", e.column()),
        }
    })?;
    if doc.id.is_empty() {
        return Err("empty \"id\"".to_string());
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records() {
        let d = parse_record(
            r#"{"id":"a","text":"Hi there","outlet":"AP","published":"2022-02-08T10:00:00Z","url":"x"}"#,
        )
        .unwrap();
        assert_eq!(d.id, "a");
        assert_eq!(d.published, Some(1_644_314_400));
        assert_eq!(d.outlet.as_deref(), Some("AP"));
        let d = parse_record(r#"{"id":"b","text":"x","published":12}"#).unwrap();
        assert_eq!(d.published, Some(12));
        let d = parse_record(r#"{"id":"b","text":"x","published":null}"#).unwrap();
        assert_eq!(d.published, None);
        // Numeric ids, as databases export them.
        let d = parse_record(r#"{"id":17,"text":"x"}"#).unwrap();
        assert_eq!(d.id, "17");
        let d = parse_record(r#"{"id":-3,"text":"x"}"#).unwrap();
        assert_eq!(d.id, "-3");
    }

    #[test]
    fn utf16_files_are_decoded() {
        let text = "Caf\u{e9} \u{1F4F0}\n\nsecond";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode_file(le.clone()), (text.to_string(), false));
        assert_eq!(decode_file(be), (text.to_string(), false));
        // An unpaired surrogate or an odd byte: replaced, and said.
        let mut broken = le;
        broken.extend_from_slice(&[0x00, 0xD8, 0x41]);
        let (decoded, lossy) = decode_file(broken);
        assert!(lossy && decoded.ends_with('\u{FFFD}'), "{decoded:?}");
        assert_eq!(decode_file(b"plain".to_vec()), ("plain".to_string(), false));
    }

    #[test]
    fn bad_records_say_why() {
        for (line, why) in [
            (r#"{"id":"a"}"#, "missing field `text`"),
            (
                r#"{"id":1.5,"text":"x"}"#,
                "\"id\" must be a string or a whole number",
            ),
            (
                r#"{"id":null,"text":"x"}"#,
                "\"id\" must be a string or a whole number",
            ),
            (r#"{"id":"a","text":"x""#, "column 20): EOF"),
            (r#"{"id":"","text":"x"}"#, "empty \"id\""),
            (
                r#"{"id":"a","text":"x","published":"yesterday"}"#,
                "RFC 3339",
            ),
            (r#"{"id":"a","text":"x","published":1.5}"#, "whole number"),
            (
                r#"{"id":"a","text":"x","published":[]}"#,
                "must be an RFC 3339",
            ),
            ("[1,2]", "a JSON array, not one object"),
            (r#"[{"id":"a","text":"x"},"#, "jq -c"),
        ] {
            let e = parse_record(line).unwrap_err();
            assert!(e.contains(why), "{line}: {e}");
            assert!(!e.contains("line 1"), "{e}");
        }
    }

    fn lines(bytes: &[u8], limit: usize) -> Vec<Result<Line, String>> {
        let mut lines = Lines::new(bytes, limit);
        let mut out = Vec::new();
        loop {
            match lines.next_line() {
                Ok(Some(l)) => out.push(Ok(l)),
                Ok(None) => return out,
                Err(LineError::TooLong {
                    number,
                    offset,
                    limit,
                }) => {
                    out.push(Err(format!("line {number} at {offset} over {limit}")));
                    return out;
                }
                Err(LineError::Io(e)) => {
                    out.push(Err(e.to_string()));
                    return out;
                }
            }
        }
    }

    #[test]
    fn lines_keep_numbers_and_offsets_and_drop_endings() {
        let got = lines(b"\xEF\xBB\xBFab\r\n\ncaf\xe9\nlast", 10);
        let want = [
            (1, 0, "ab", false),
            (2, 7, "", false),
            (3, 8, "caf\u{FFFD}", true),
            (4, 13, "last", false),
        ];
        assert_eq!(got.len(), want.len());
        for (g, (number, offset, text, lossy)) in got.into_iter().zip(want) {
            let g = g.unwrap();
            assert_eq!(
                (g.number, g.offset, g.text.as_str(), g.lossy),
                (number, offset, text, lossy)
            );
        }
        assert!(lines(b"", 10).is_empty());
        assert_eq!(lines(b"\n", 10).len(), 1);
    }

    #[test]
    fn a_line_over_the_limit_is_refused_where_it_starts() {
        // Exactly the limit is fine, with or without its newline.
        assert_eq!(lines(b"12345\n123456", 6).len(), 2);
        let got = lines(b"12345\n1234567\nx", 6);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].as_ref().unwrap_err(), "line 2 at 6 over 6");
        // A reader handing out one byte at a time: the same.
        let slow = io::BufReader::with_capacity(1, &b"12345\n1234567\nx"[..]);
        let mut l = Lines::new(slow, 6);
        assert_eq!(l.next_line().unwrap().unwrap().text, "12345");
        assert!(matches!(
            l.next_line(),
            Err(LineError::TooLong {
                number: 2,
                offset: 6,
                ..
            })
        ));
    }

    #[test]
    fn binary_is_told_from_text() {
        assert!(!looks_binary("An article.\n\nWith\tparagraphs.\x0c"));
        assert!(!looks_binary(""));
        assert!(looks_binary("text\0more text"));
        // A Latin-1 article: a few bad bytes among many.
        let latin1 = format!("{} caf\u{FFFD} cr\u{FFFD}me", "word ".repeat(40));
        assert!(!looks_binary(&latin1));
        assert!(!looks_binary("caf\u{FFFD}"));
        // Mostly bad bytes and escapes.
        assert!(looks_binary(
            &"\u{FFFD}\u{FFFD}\x1b\x01ab\u{FFFD}".repeat(3)
        ));
        assert!(!looks_binary("\u{FFFD}\u{FFFD}\x1b\x01ab\u{FFFD}"));
    }

    /// The byte pre-check never changes the answer: every odd character
    /// (C0 and C1 controls, DEL, U+FFFD) among ordinary text, mixed at
    /// every density, is judged as character by character.
    #[test]
    fn the_byte_check_agrees_with_the_characters() {
        let by_chars = |text: &str| {
            let (mut total, mut odd) = (0usize, 0usize);
            for c in text.chars() {
                if c == '\0' {
                    return true;
                }
                total += 1;
                odd += usize::from(
                    c == '\u{FFFD}'
                        || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c')),
                );
            }
            odd >= MIN_ODD && odd * 10 > total
        };
        let odd = ["\x01", "\x1b", "\x7f", "\u{80}", "\u{9f}", "\u{FFFD}", "\0"];
        let plain = ["a", "é", "©", "\u{FFFC}", "€", "\n", "\t", "\u{a0}", " "];
        for (i, o) in odd.iter().enumerate() {
            for (j, p) in plain.iter().enumerate() {
                for every in [1, 2, 3, 9, 10, 11, 50] {
                    let text: String = (0..200)
                        .map(|k| if k % every == (i + j) % every { *o } else { *p })
                        .collect();
                    assert_eq!(looks_binary(&text), by_chars(&text), "{o:?} {p:?} {every}");
                }
            }
        }
    }
}
