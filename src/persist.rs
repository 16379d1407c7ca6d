//! Versioned, checksummed binary encoding for saved indexes.
//!
//! Every saved index is one *frame*: a fixed header, a payload written with
//! [`Encoder`], and a checksum footer. All integers are little-endian.
//!
//! | offset      | size | field                                                   |
//! |-------------|------|---------------------------------------------------------|
//! | 0           | 4    | magic `b"RPRT"`                                         |
//! | 4           | 4    | kind: which structure the payload holds (`b"SIMH"`, …)  |
//! | 8           | 4    | format version of that kind, `u32`                      |
//! | 12          | 8    | payload length `n` in bytes, `u64`                      |
//! | 20          | `n`  | payload                                                 |
//! | 20 + `n`    | 8    | xxh3-64 (seed 0) of bytes `0 .. 20 + n`, `u64`          |
//!
//! Inside the payload, values carry no type tags: the reader calls the same
//! sequence of getters the writer called of putters. Fixed-size values are
//! their little-endian bytes (`f64` as its IEEE-754 bits); byte strings,
//! strings and slices are a `u64` count followed by the items.
//!
//! [`Decoder::open`] checks, in this order: the magic, the kind, the version
//! ([`Error::UnsupportedVersion`] on mismatch), that the length field matches
//! the file size exactly (so a truncated or extended file is caught before
//! the checksum), and the checksum. After that every getter still checks
//! bounds and returns [`Error::CorruptIndex`] with the absolute byte offset
//! of the failed read, so a decoder never panics on any input. Counts read
//! with [`Decoder::get_len`] are checked against the bytes remaining before
//! anything is allocated: a corrupt count cannot make the reader allocate
//! more than the file's own size.
//!
//! Files are written atomically by [`write_file`]: to a temporary file in the
//! same directory, synced, then renamed over the target, so a crash leaves
//! either the old file or the new one, never half of one.
//!
//! A round trip, as the crate's indexes use it:
//!
//! ```text
//! let mut enc = Encoder::new();
//! enc.put_u32(3);
//! enc.put_u64s(&ids);
//! let bytes = enc.finish(*b"SIMH", 1);
//!
//! let mut dec = Decoder::open(&bytes, *b"SIMH", 1, path)?;
//! let k = dec.get_u32()?;
//! let ids = dec.get_u64s()?;
//! dec.finish()?;
//! ```

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use xxhash_rust::xxh3::xxh3_64;

use crate::error::{Error, Result};

/// First four bytes of every file this crate writes.
pub(crate) const MAGIC: [u8; 4] = *b"RPRT";
/// Bytes before the payload: magic, kind, version, payload length.
pub(crate) const HEADER_LEN: usize = 20;
/// Bytes after the payload: the checksum.
pub(crate) const FOOTER_LEN: usize = 8;

/// Writes a payload, then frames it with header and checksum.
#[derive(Debug, Clone)]
pub(crate) struct Encoder {
    /// Header placeholder followed by the payload written so far.
    buf: Vec<u8>,
}

impl Default for Encoder {
    fn default() -> Self {
        Self::new()
    }
}

impl Encoder {
    /// An empty payload.
    pub(crate) fn new() -> Self {
        Encoder {
            buf: vec![0; HEADER_LEN],
        }
    }

    /// Appends one byte.
    pub(crate) fn put_u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    /// Appends a `u32`, little-endian.
    pub(crate) fn put_u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// Appends a `u64`, little-endian.
    pub(crate) fn put_u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// Appends an `i64`, little-endian two's complement.
    pub(crate) fn put_i64(&mut self, v: i64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// Appends an `f64` as its IEEE-754 bits (NaN payloads survive).
    pub(crate) fn put_f64(&mut self, v: f64) {
        self.put_u64(v.to_bits());
    }

    /// Appends a count (as `u64`), for callers writing their own sequences;
    /// read it back with [`Decoder::get_len`].
    pub(crate) fn put_len(&mut self, n: usize) {
        self.put_u64(n as u64);
    }

    /// Appends a byte string: its length, then the bytes.
    pub(crate) fn put_bytes(&mut self, v: &[u8]) {
        self.put_len(v.len());
        self.buf.extend_from_slice(v);
    }

    /// Appends a UTF-8 string: its length in bytes, then the bytes.
    pub(crate) fn put_str(&mut self, v: &str) {
        self.put_bytes(v.as_bytes());
    }

    /// Appends a slice of `u64`: its length, then each value.
    pub(crate) fn put_u64s(&mut self, v: &[u64]) {
        self.put_len(v.len());
        self.buf.reserve(v.len() * 8);
        for x in v {
            self.put_u64(*x);
        }
    }

    /// Appends a slice of `u32`: its length, then each value.
    pub(crate) fn put_u32s(&mut self, v: &[u32]) {
        self.put_len(v.len());
        self.buf.reserve(v.len() * 4);
        for x in v {
            self.put_u32(*x);
        }
    }

    /// The complete frame: header for `kind` and `version`, the payload, and
    /// the checksum footer.
    pub(crate) fn finish(mut self, kind: [u8; 4], version: u32) -> Vec<u8> {
        let payload_len = (self.buf.len() - HEADER_LEN) as u64;
        self.buf[0..4].copy_from_slice(&MAGIC);
        self.buf[4..8].copy_from_slice(&kind);
        self.buf[8..12].copy_from_slice(&version.to_le_bytes());
        self.buf[12..20].copy_from_slice(&payload_len.to_le_bytes());
        let checksum = xxh3_64(&self.buf);
        self.buf.extend_from_slice(&checksum.to_le_bytes());
        self.buf
    }
}

/// Reads a frame written by [`Encoder`], checking every byte it touches.
#[derive(Debug, Clone)]
pub(crate) struct Decoder<'a> {
    /// The payload only (header and footer already checked).
    payload: &'a [u8],
    /// Next unread byte of `payload`.
    pos: usize,
    /// The file, for error messages.
    path: Option<PathBuf>,
}

/// Shows a four-byte kind tag readably: printable ASCII as is, the rest escaped.
fn show_tag(tag: &[u8]) -> String {
    tag.escape_ascii().to_string()
}

fn corrupt(path: Option<&Path>, offset: usize, reason: String) -> Error {
    Error::CorruptIndex {
        path: path.map(Path::to_path_buf),
        offset: offset as u64,
        reason,
    }
}

fn le_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes(b.try_into().ok()?))
}

fn le_u64(bytes: &[u8], at: usize) -> Option<u64> {
    let b = bytes.get(at..at.checked_add(8)?)?;
    Some(u64::from_le_bytes(b.try_into().ok()?))
}

impl<'a> Decoder<'a> {
    /// Checks the frame around `bytes` and positions the decoder at the start
    /// of the payload.
    ///
    /// # Errors
    ///
    /// [`Error::CorruptIndex`] (with `path` and the byte offset) if the magic
    /// or the kind differ, the file is truncated or has trailing bytes, or
    /// the checksum does not match; [`Error::UnsupportedVersion`] if the
    /// version differs from `version`.
    pub(crate) fn open(
        bytes: &'a [u8],
        kind: [u8; 4],
        version: u32,
        path: Option<&Path>,
    ) -> Result<Decoder<'a>> {
        let short = |at: usize, what: &str| {
            corrupt(
                path,
                bytes.len(),
                format!(
                    "file ends after {} bytes, inside the {what} (bytes {at}..{})",
                    bytes.len(),
                    at + 4
                ),
            )
        };
        match bytes.get(0..4) {
            None => return Err(short(0, "magic")),
            Some(m) if m != MAGIC => {
                return Err(corrupt(
                    path,
                    0,
                    format!(
                        "not a reprint index: magic is \"{}\", expected \"{}\"",
                        show_tag(m),
                        show_tag(&MAGIC)
                    ),
                ))
            }
            Some(_) => {}
        }
        match bytes.get(4..8) {
            None => return Err(short(4, "kind tag")),
            Some(k) if k != kind => {
                return Err(corrupt(
                    path,
                    4,
                    format!(
                        "holds a \"{}\" structure, expected \"{}\"",
                        show_tag(k),
                        show_tag(&kind)
                    ),
                ))
            }
            Some(_) => {}
        }
        let found = le_u32(bytes, 8).ok_or_else(|| short(8, "format version"))?;
        if found != version {
            return Err(Error::UnsupportedVersion {
                path: path.map(Path::to_path_buf),
                found,
                expected: version,
            });
        }
        let payload_len = le_u64(bytes, 12).ok_or_else(|| {
            corrupt(
                path,
                bytes.len(),
                format!(
                    "file ends after {} bytes, inside the payload length (bytes 12..20)",
                    bytes.len()
                ),
            )
        })?;
        let available = (bytes.len() - HEADER_LEN) as u64;
        if payload_len.checked_add(FOOTER_LEN as u64) != Some(available) {
            let reason = if available < (FOOTER_LEN as u64).saturating_add(payload_len) {
                format!(
                    "truncated: header announces a {payload_len}-byte payload and an \
                     {FOOTER_LEN}-byte checksum, but only {available} bytes follow the header"
                )
            } else {
                format!(
                    "trailing data: header announces a {payload_len}-byte payload and an \
                     {FOOTER_LEN}-byte checksum, but {available} bytes follow the header"
                )
            };
            return Err(corrupt(path, 12, reason));
        }
        // available == payload_len + 8 fits in usize because it is a slice length.
        let footer = bytes.len() - FOOTER_LEN;
        let stored = le_u64(bytes, footer)
            .ok_or_else(|| corrupt(path, footer, "missing checksum".to_string()))?;
        let computed = xxh3_64(&bytes[..footer]);
        if stored != computed {
            return Err(corrupt(
                path,
                footer,
                format!(
                    "checksum mismatch: file says {stored:#018x}, contents hash to {computed:#018x}"
                ),
            ));
        }
        Ok(Decoder {
            payload: &bytes[HEADER_LEN..footer],
            pos: 0,
            path: path.map(Path::to_path_buf),
        })
    }

    /// An [`Error::CorruptIndex`] at the current position, for callers whose
    /// own validation of decoded values fails (a duplicate id, an
    /// out-of-range parameter).
    pub(crate) fn corrupt(&self, reason: impl Into<String>) -> Error {
        self.corrupt_at(self.pos, reason.into())
    }

    /// An [`Error::CorruptIndex`] at payload position `pos`.
    fn corrupt_at(&self, pos: usize, reason: String) -> Error {
        corrupt(self.path.as_deref(), HEADER_LEN + pos, reason)
    }

    /// Absolute offset in the file of the next unread byte.
    pub(crate) fn offset(&self) -> u64 {
        (HEADER_LEN + self.pos) as u64
    }

    /// Payload bytes not read yet.
    pub(crate) fn remaining(&self) -> usize {
        self.payload.len() - self.pos
    }

    /// The next `n` bytes, or an error naming `what` was being read.
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(self.corrupt_at(
                self.pos,
                format!(
                    "payload ends inside {what}: needs {n} bytes, {} remain",
                    self.remaining()
                ),
            ));
        }
        let s = &self.payload[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn take_array<const N: usize>(&mut self, what: &str) -> Result<[u8; N]> {
        let s = self.take(N, what)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }

    /// Reads one byte.
    pub(crate) fn get_u8(&mut self) -> Result<u8> {
        Ok(self.take_array::<1>("a u8")?[0])
    }

    /// Reads a little-endian `u32`.
    pub(crate) fn get_u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.take_array("a u32")?))
    }

    /// Reads a little-endian `u64`.
    pub(crate) fn get_u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.take_array("a u64")?))
    }

    /// Reads a little-endian `i64`.
    pub(crate) fn get_i64(&mut self) -> Result<i64> {
        Ok(i64::from_le_bytes(self.take_array("an i64")?))
    }

    /// Reads an `f64` from its IEEE-754 bits.
    pub(crate) fn get_f64(&mut self) -> Result<f64> {
        Ok(f64::from_bits(u64::from_le_bytes(
            self.take_array("an f64")?,
        )))
    }

    /// Reads a count written by [`Encoder::put_len`] (or the count prefix of
    /// a sequence) and checks that `count` items of at least `item_bytes`
    /// bytes each fit in the payload bytes remaining, so the count is safe to
    /// allocate for. An `item_bytes` of 0 is treated as 1.
    ///
    /// # Errors
    ///
    /// [`Error::CorruptIndex`] if the count is truncated or too large.
    pub(crate) fn get_len(&mut self, item_bytes: usize) -> Result<usize> {
        let at = self.pos;
        let count = u64::from_le_bytes(self.take_array("a count")?);
        let item_bytes = item_bytes.max(1) as u64;
        let remaining = self.remaining() as u64;
        if count > remaining / item_bytes {
            return Err(self.corrupt_at(
                at,
                format!(
                    "count {count} of {item_bytes}-byte items does not fit in the \
                     {remaining} payload bytes remaining"
                ),
            ));
        }
        // count <= remaining, which is a slice length, so it fits in usize.
        Ok(count as usize)
    }

    /// Reads a byte string written by [`Encoder::put_bytes`].
    pub(crate) fn get_bytes(&mut self) -> Result<&'a [u8]> {
        let n = self.get_len(1)?;
        self.take(n, "a byte string")
    }

    /// Reads a UTF-8 string written by [`Encoder::put_str`].
    ///
    /// # Errors
    ///
    /// [`Error::CorruptIndex`] if truncated or not valid UTF-8.
    pub(crate) fn get_str(&mut self) -> Result<&'a str> {
        let at = self.pos;
        let b = self.get_bytes()?;
        std::str::from_utf8(b).map_err(|e| {
            self.corrupt_at(
                at + 8 + e.valid_up_to(),
                format!("string is not valid UTF-8: {e}"),
            )
        })
    }

    /// Reads a slice written by [`Encoder::put_u64s`].
    pub(crate) fn get_u64s(&mut self) -> Result<Vec<u64>> {
        let n = self.get_len(8)?;
        let b = self.take(n * 8, "a u64 sequence")?;
        Ok(b.chunks_exact(8)
            .map(|c| {
                let mut a = [0u8; 8];
                a.copy_from_slice(c);
                u64::from_le_bytes(a)
            })
            .collect())
    }

    /// Reads a slice written by [`Encoder::put_u32s`].
    pub(crate) fn get_u32s(&mut self) -> Result<Vec<u32>> {
        let n = self.get_len(4)?;
        let b = self.take(n * 4, "a u32 sequence")?;
        Ok(b.chunks_exact(4)
            .map(|c| {
                let mut a = [0u8; 4];
                a.copy_from_slice(c);
                u32::from_le_bytes(a)
            })
            .collect())
    }

    /// Ends decoding.
    ///
    /// # Errors
    ///
    /// [`Error::CorruptIndex`] if payload bytes remain unread (the file was
    /// written by something else than what reads it).
    pub(crate) fn finish(self) -> Result<()> {
        if self.remaining() != 0 {
            return Err(self.corrupt_at(
                self.pos,
                format!(
                    "{} unread bytes at the end of the payload",
                    self.remaining()
                ),
            ));
        }
        Ok(())
    }
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: Some(path.to_path_buf()),
        source,
    }
}

/// Distinguishes temporary files of concurrent writers in one process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to `path` atomically: to a temporary file in the same
/// directory, synced to disk, then renamed over `path`. On failure the
/// temporary file is removed and `path` is left as it was.
///
/// # Errors
///
/// [`Error::Io`] naming `path` (the target, not the temporary file).
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.file_name().ok_or_else(|| {
        io_error(
            path,
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "the path does not name a file",
            ),
        )
    })?;
    let mut tmp_name = OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(
        ".{}-{}.tmp",
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let tmp = path.with_file_name(tmp_name);
    let written = (|| -> std::io::Result<()> {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        // Best effort: the temporary file may not exist if creating it failed.
        let _ = fs::remove_file(&tmp);
        return Err(io_error(path, e));
    }
    Ok(())
}

/// Reads a whole file.
///
/// # Errors
///
/// [`Error::Io`] naming `path`.
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|e| io_error(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// One value of each kind the codec writes.
    #[derive(Debug, Clone, PartialEq)]
    enum Value {
        U8(u8),
        U32(u32),
        U64(u64),
        I64(i64),
        F64(u64), // bits, so NaN compares by bits
        Len(usize),
        Bytes(Vec<u8>),
        Str(String),
        U64s(Vec<u64>),
        U32s(Vec<u32>),
    }

    fn value() -> impl Strategy<Value = Value> {
        prop_oneof![
            any::<u8>().prop_map(Value::U8),
            any::<u32>().prop_map(Value::U32),
            any::<u64>().prop_map(Value::U64),
            any::<i64>().prop_map(Value::I64),
            any::<u64>().prop_map(Value::F64),
            (0usize..4).prop_map(Value::Len),
            proptest::collection::vec(any::<u8>(), 0..20).prop_map(Value::Bytes),
            ".{0,12}".prop_map(Value::Str),
            proptest::collection::vec(any::<u64>(), 0..10).prop_map(Value::U64s),
            proptest::collection::vec(any::<u32>(), 0..10).prop_map(Value::U32s),
        ]
    }

    fn put(enc: &mut Encoder, v: &Value) {
        match v {
            Value::U8(x) => enc.put_u8(*x),
            Value::U32(x) => enc.put_u32(*x),
            Value::U64(x) => enc.put_u64(*x),
            Value::I64(x) => enc.put_i64(*x),
            Value::F64(bits) => enc.put_f64(f64::from_bits(*bits)),
            Value::Len(n) => {
                // A count followed by that many bytes, as a caller would write it.
                enc.put_len(*n);
                for i in 0..*n {
                    enc.put_u8(i as u8);
                }
            }
            Value::Bytes(b) => enc.put_bytes(b),
            Value::Str(s) => enc.put_str(s),
            Value::U64s(s) => enc.put_u64s(s),
            Value::U32s(s) => enc.put_u32s(s),
        }
    }

    /// Reads a value of the same kind as `like`.
    fn get(dec: &mut Decoder<'_>, like: &Value) -> Result<Value> {
        Ok(match like {
            Value::U8(_) => Value::U8(dec.get_u8()?),
            Value::U32(_) => Value::U32(dec.get_u32()?),
            Value::U64(_) => Value::U64(dec.get_u64()?),
            Value::I64(_) => Value::I64(dec.get_i64()?),
            Value::F64(_) => Value::F64(dec.get_f64()?.to_bits()),
            Value::Len(_) => {
                let n = dec.get_len(1)?;
                for _ in 0..n {
                    dec.get_u8()?;
                }
                Value::Len(n)
            }
            Value::Bytes(_) => Value::Bytes(dec.get_bytes()?.to_vec()),
            Value::Str(_) => Value::Str(dec.get_str()?.to_string()),
            Value::U64s(_) => Value::U64s(dec.get_u64s()?),
            Value::U32s(_) => Value::U32s(dec.get_u32s()?),
        })
    }

    fn encode(values: &[Value], kind: [u8; 4], version: u32) -> Vec<u8> {
        let mut enc = Encoder::new();
        for v in values {
            put(&mut enc, v);
        }
        enc.finish(kind, version)
    }

    fn frame(payload: &[u8], kind: [u8; 4], version: u32) -> Vec<u8> {
        let mut b = MAGIC.to_vec();
        b.extend_from_slice(&kind);
        b.extend_from_slice(&version.to_le_bytes());
        b.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        b.extend_from_slice(payload);
        let c = xxh3_64(&b);
        b.extend_from_slice(&c.to_le_bytes());
        b
    }

    fn offset_of(e: &Error) -> Option<u64> {
        match e {
            Error::CorruptIndex { offset, .. } => Some(*offset),
            _ => None,
        }
    }

    #[test]
    fn layout_is_as_documented() {
        let mut enc = Encoder::new();
        enc.put_u32(7);
        enc.put_u64s(&[1, 2]);
        enc.put_str("é");
        let bytes = enc.finish(*b"TEST", 3);
        let payload: Vec<u8> = [
            &7u32.to_le_bytes()[..],
            &2u64.to_le_bytes(),
            &1u64.to_le_bytes(),
            &2u64.to_le_bytes(),
            &2u64.to_le_bytes(),
            "é".as_bytes(),
        ]
        .concat();
        assert_eq!(bytes, frame(&payload, *b"TEST", 3));
        assert_eq!(&bytes[0..4], b"RPRT");
        assert_eq!(&bytes[4..8], b"TEST");
        assert_eq!(bytes[8..12], 3u32.to_le_bytes());
        assert_eq!(bytes[12..20], (payload.len() as u64).to_le_bytes());
        assert_eq!(bytes.len(), HEADER_LEN + payload.len() + FOOTER_LEN);
        let footer = bytes.len() - 8;
        assert_eq!(bytes[footer..], xxh3_64(&bytes[..footer]).to_le_bytes());
    }

    #[test]
    fn empty_payload_round_trips() {
        let bytes = Encoder::new().finish(*b"NONE", 0);
        assert_eq!(bytes.len(), HEADER_LEN + FOOTER_LEN);
        let dec = Decoder::open(&bytes, *b"NONE", 0, None).unwrap();
        assert_eq!(dec.remaining(), 0);
        dec.finish().unwrap();
    }

    #[test]
    fn header_errors_are_typed_and_placed() {
        let bytes = encode(&[Value::U64(9)], *b"SIMH", 2);
        let path = Path::new("idx.bin");

        let e = Decoder::open(&bytes, *b"SIMH", 1, Some(path)).unwrap_err();
        assert!(
            matches!(&e, Error::UnsupportedVersion { found: 2, expected: 1, path: Some(p) } if p == path),
            "{e:?}"
        );

        let e = Decoder::open(&bytes, *b"LSHX", 2, Some(path)).unwrap_err();
        assert_eq!(offset_of(&e), Some(4), "{e}");
        assert!(e.to_string().contains("\"SIMH\""), "{e}");
        assert!(e.to_string().starts_with("idx.bin: "), "{e}");

        let mut bad = bytes.clone();
        bad[1] = 0xff;
        let e = Decoder::open(&bad, *b"SIMH", 2, None).unwrap_err();
        assert_eq!(offset_of(&e), Some(0), "{e}");
        assert!(e.to_string().contains("R\\xffRT"), "{e}");

        let mut bad = bytes.clone();
        bad[HEADER_LEN] ^= 1;
        let e = Decoder::open(&bad, *b"SIMH", 2, None).unwrap_err();
        assert_eq!(offset_of(&e), Some((bytes.len() - 8) as u64), "{e}");
        assert!(e.to_string().contains("checksum"), "{e}");

        let mut longer = bytes.clone();
        longer.push(0);
        let e = Decoder::open(&longer, *b"SIMH", 2, None).unwrap_err();
        assert_eq!(offset_of(&e), Some(12), "{e}");
        assert!(e.to_string().contains("trailing"), "{e}");

        for cut in 0..bytes.len() {
            let e = Decoder::open(&bytes[..cut], *b"SIMH", 2, None).unwrap_err();
            assert!(offset_of(&e).is_some(), "cut at {cut}: {e:?}");
        }
    }

    #[test]
    fn getters_report_truncation_with_absolute_offsets() {
        let bytes = frame(&[1, 2, 3], *b"TEST", 1);
        let mut dec = Decoder::open(&bytes, *b"TEST", 1, None).unwrap();
        assert_eq!(dec.get_u8().unwrap(), 1);
        let e = dec.get_u32().unwrap_err();
        assert_eq!(offset_of(&e), Some(HEADER_LEN as u64 + 1), "{e}");
        // A failed read consumes nothing.
        assert_eq!(dec.remaining(), 2);
        let e = dec.clone().finish().unwrap_err();
        assert_eq!(offset_of(&e), Some(HEADER_LEN as u64 + 1), "{e}");
    }

    #[test]
    fn huge_counts_are_rejected_before_allocating() {
        let mut payload = u64::MAX.to_le_bytes().to_vec();
        payload.extend_from_slice(&[0; 16]);
        let bytes = frame(&payload, *b"TEST", 1);
        for read in [
            |d: &mut Decoder<'_>| d.get_u64s().map(drop),
            |d: &mut Decoder<'_>| d.get_u32s().map(drop),
            |d: &mut Decoder<'_>| d.get_bytes().map(drop),
            |d: &mut Decoder<'_>| d.get_str().map(drop),
            |d: &mut Decoder<'_>| d.get_len(1).map(drop),
        ] {
            let mut dec = Decoder::open(&bytes, *b"TEST", 1, None).unwrap();
            let e = read(&mut dec).unwrap_err();
            assert_eq!(offset_of(&e), Some(HEADER_LEN as u64), "{e}");
        }
        // Two u64s fit in the 16 bytes left, three do not.
        let mut payload = 2u64.to_le_bytes().to_vec();
        payload.extend_from_slice(&[0; 16]);
        let bytes = frame(&payload, *b"TEST", 1);
        let mut dec = Decoder::open(&bytes, *b"TEST", 1, None).unwrap();
        assert_eq!(dec.get_u64s().unwrap(), vec![0, 0]);
        dec.finish().unwrap();
        let mut dec = Decoder::open(&bytes, *b"TEST", 1, None).unwrap();
        assert!(dec.get_len(9).is_err());
    }

    #[test]
    fn invalid_utf8_is_corrupt() {
        let mut payload = 2u64.to_le_bytes().to_vec();
        payload.extend_from_slice(&[b'a', 0xff]);
        let bytes = frame(&payload, *b"TEST", 1);
        let mut dec = Decoder::open(&bytes, *b"TEST", 1, None).unwrap();
        let e = dec.get_str().unwrap_err();
        assert_eq!(offset_of(&e), Some(HEADER_LEN as u64 + 9), "{e}");
        assert!(e.to_string().contains("UTF-8"), "{e}");
    }

    fn scratch_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("reprint-persist-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn files_are_replaced_atomically_and_errors_name_the_path() {
        let dir = scratch_dir("files");
        let path = dir.join("index.bin");
        write_file(&path, b"first").unwrap();
        write_file(&path, b"second").unwrap();
        assert_eq!(read_file(&path).unwrap(), b"second");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![OsString::from("index.bin")], "temp file left");

        let missing = dir.join("no-such-dir").join("index.bin");
        let e = write_file(&missing, b"x").unwrap_err();
        assert!(
            matches!(&e, Error::Io { path: Some(p), .. } if *p == missing),
            "{e:?}"
        );
        assert!(e.to_string().contains("no-such-dir"), "{e}");
        let e = read_file(&missing).unwrap_err();
        assert!(
            matches!(&e, Error::Io { path: Some(p), .. } if *p == missing),
            "{e:?}"
        );
        let e = write_file(Path::new("/"), b"x").unwrap_err();
        assert!(matches!(&e, Error::Io { .. }), "{e:?}");
        fs::remove_dir_all(&dir).unwrap();
    }

    /// Runs reads chosen by `ops` until one fails; must never panic.
    fn drive(dec: &mut Decoder<'_>, ops: &[u8]) {
        for op in ops {
            let r = match op % 10 {
                0 => dec.get_u8().map(drop),
                1 => dec.get_u32().map(drop),
                2 => dec.get_u64().map(drop),
                3 => dec.get_i64().map(drop),
                4 => dec.get_f64().map(drop),
                5 => dec.get_len(usize::from(*op)).map(drop),
                6 => dec.get_bytes().map(drop),
                7 => dec.get_str().map(drop),
                8 => dec.get_u64s().map(drop),
                _ => dec.get_u32s().map(drop),
            };
            if let Err(e) = r {
                assert!(offset_of(&e).is_some(), "{e:?}");
                return;
            }
        }
        let _ = dec.clone().finish();
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn values_round_trip(values in proptest::collection::vec(value(), 0..24),
                             kind in any::<[u8; 4]>(), version in any::<u32>()) {
            let bytes = encode(&values, kind, version);
            let mut dec = Decoder::open(&bytes, kind, version, None).unwrap();
            for v in &values {
                prop_assert_eq!(&get(&mut dec, v).unwrap(), v);
            }
            prop_assert_eq!(dec.remaining(), 0);
            dec.finish().unwrap();
        }

        #[test]
        fn open_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..64),
                                                ops in proptest::collection::vec(any::<u8>(), 0..16)) {
            // With or without a valid magic, almost all of these fail in open.
            let mut with_magic = MAGIC.to_vec();
            with_magic.extend_from_slice(&bytes);
            for b in [&bytes, &with_magic] {
                if let Ok(mut dec) = Decoder::open(b, *b"TEST", 1, None) {
                    drive(&mut dec, &ops);
                }
            }
        }

        #[test]
        fn getters_never_panic_on_arbitrary_payloads(payload in proptest::collection::vec(any::<u8>(), 0..96),
                                                     ops in proptest::collection::vec(any::<u8>(), 0..16)) {
            // A valid frame around garbage: every getter runs on hostile data.
            let bytes = frame(&payload, *b"TEST", 1);
            let mut dec = Decoder::open(&bytes, *b"TEST", 1, None).unwrap();
            drive(&mut dec, &ops);
        }

        #[test]
        fn any_single_byte_change_is_detected(values in proptest::collection::vec(value(), 1..8),
                                              at in any::<prop::sample::Index>(), xor in 1u8..) {
            let mut bytes = encode(&values, *b"TEST", 1);
            let i = at.index(bytes.len());
            bytes[i] ^= xor;
            let e = Decoder::open(&bytes, *b"TEST", 1, None).unwrap_err();
            let typed = matches!(e, Error::CorruptIndex { .. } | Error::UnsupportedVersion { .. });
            prop_assert!(typed, "{:?}", e);
        }
    }
}
