//! The payload codec and the frame around it: [`Encoder`] writes, [`Decoder`]
//! reads and checks (see the [module docs](super) for the layout).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use crate::error::{Error, Result};

/// First four bytes of every file this crate writes.
pub(crate) const MAGIC: [u8; 4] = *b"RPRT";
/// Bytes before the payload: magic, kind, version, payload length.
pub(crate) const HEADER_LEN: usize = 20;
/// Bytes after the payload: the checksum.
pub(crate) const FOOTER_LEN: usize = 8;

/// Writes a payload, then frames it with header and checksum: into memory
/// ([`new`](Self::new), then [`finish`](Self::finish)), or streamed to a
/// writer ([`streaming`](Self::streaming), then
/// [`finish_stream`](Self::finish_stream)) a buffer at a time, so that
/// saving a large engine does not hold its whole file in memory.
pub(crate) struct Encoder<'w> {
    /// In memory: a header placeholder followed by the payload written so
    /// far. Streamed: the bytes not yet passed on.
    buf: Vec<u8>,
    sink: Sink<'w>,
}

/// Where a streaming encoder's bytes go.
enum Sink<'w> {
    /// Kept in `buf` for [`Encoder::finish`].
    Memory,
    /// Counted and dropped: the pass that learns the payload's length.
    Count(u64),
    /// Hashed and written; the first error is kept, and stops the writes.
    Stream {
        out: &'w mut dyn Write,
        hasher: Box<Xxh3>,
        written: u64,
        error: Option<io::Error>,
        /// The payload length the header gave.
        announced: u64,
    },
}

/// A streaming encoder passes its bytes on once it holds this many.
const STREAM_BUFFER: usize = 1 << 20;

impl std::fmt::Debug for Encoder<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder")
            .field("buffered", &self.buf.len())
            .finish()
    }
}

impl Default for Encoder<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'w> Encoder<'w> {
    /// An empty payload, kept in memory.
    pub(crate) fn new() -> Self {
        Encoder {
            buf: vec![0; HEADER_LEN],
            sink: Sink::Memory,
        }
    }

    /// An encoder that only counts the payload's bytes
    /// ([`counted`](Self::counted)).
    pub(crate) fn counting() -> Self {
        Encoder {
            buf: Vec::with_capacity(STREAM_BUFFER),
            sink: Sink::Count(0),
        }
    }

    /// The bytes a [`counting`](Self::counting) encoder was given.
    pub(crate) fn counted(&self) -> u64 {
        let passed = match self.sink {
            Sink::Count(n) => n,
            Sink::Memory | Sink::Stream { .. } => 0,
        };
        passed + self.buf.len() as u64
    }

    /// An encoder writing a frame of `kind` and `version` to `out`, whose
    /// payload will be `payload_len` bytes (from a counting pass): the
    /// header goes first.
    pub(crate) fn streaming(
        out: &'w mut dyn Write,
        kind: [u8; 4],
        version: u32,
        payload_len: u64,
    ) -> Self {
        let mut buf = Vec::with_capacity(STREAM_BUFFER);
        buf.extend_from_slice(&header(kind, version, payload_len));
        Encoder {
            buf,
            sink: Sink::Stream {
                out,
                hasher: Box::new(Xxh3::new()),
                written: 0,
                error: None,
                announced: payload_len,
            },
        }
    }

    /// Passes the buffered bytes on, if not kept in memory.
    fn spill(&mut self) {
        match &mut self.sink {
            Sink::Memory => return,
            Sink::Count(n) => *n += self.buf.len() as u64,
            Sink::Stream {
                out,
                hasher,
                written,
                error,
                ..
            } => {
                hasher.update(&self.buf);
                *written += self.buf.len() as u64;
                if error.is_none() {
                    *error = out.write_all(&self.buf).err();
                }
            }
        }
        self.buf.clear();
    }

    /// Appends `bytes`, passing the buffer on when it is full.
    #[inline]
    fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= STREAM_BUFFER {
            self.spill();
        }
    }

    /// Appends one byte.
    pub(crate) fn put_u8(&mut self, v: u8) {
        self.push(&[v]);
    }

    /// Appends a `u32`, little-endian.
    pub(crate) fn put_u32(&mut self, v: u32) {
        self.push(&v.to_le_bytes());
    }

    /// Appends a `u64`, little-endian.
    pub(crate) fn put_u64(&mut self, v: u64) {
        self.push(&v.to_le_bytes());
    }

    /// Appends an `i64`, little-endian two's complement.
    pub(crate) fn put_i64(&mut self, v: i64) {
        self.push(&v.to_le_bytes());
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
        self.push(v);
    }

    /// Appends a UTF-8 string: its length in bytes, then the bytes.
    pub(crate) fn put_str(&mut self, v: &str) {
        self.put_bytes(v.as_bytes());
    }

    /// Appends a slice of `u64`: its length, then each value.
    pub(crate) fn put_u64s(&mut self, v: &[u64]) {
        self.put_seq(v, u64::to_le_bytes);
    }

    /// Appends a slice of `u32`: its length, then each value.
    pub(crate) fn put_u32s(&mut self, v: &[u32]) {
        self.put_seq(v, u32::to_le_bytes);
    }

    /// Appends a slice: its length, then each value's `N` bytes, a
    /// buffer's worth at a time.
    fn put_seq<T: Copy, const N: usize>(&mut self, v: &[T], bytes: fn(T) -> [u8; N]) {
        self.put_len(v.len());
        for part in v.chunks(STREAM_BUFFER / N) {
            self.buf.reserve(part.len() * N);
            for &x in part {
                self.buf.extend_from_slice(&bytes(x));
            }
            if self.buf.len() >= STREAM_BUFFER {
                self.spill();
            }
        }
    }

    /// The complete frame: header for `kind` and `version`, the payload, and
    /// the checksum footer.
    pub(crate) fn finish(mut self, kind: [u8; 4], version: u32) -> Vec<u8> {
        let payload_len = (self.buf.len() - HEADER_LEN) as u64;
        self.buf[..HEADER_LEN].copy_from_slice(&header(kind, version, payload_len));
        let checksum = xxh3_64(&self.buf);
        self.buf.extend_from_slice(&checksum.to_le_bytes());
        self.buf
    }

    /// Ends a [`streaming`](Self::streaming) frame: the rest of the
    /// payload, then the checksum.
    ///
    /// # Errors
    ///
    /// The first error of the writer, or [`io::ErrorKind::InvalidData`]
    /// if the payload was not the length announced in the header.
    pub(crate) fn finish_stream(mut self) -> io::Result<()> {
        self.spill();
        let Sink::Stream {
            out,
            hasher,
            written,
            error,
            announced,
        } = self.sink
        else {
            return Err(io::Error::other("not a streaming encoder"));
        };
        if let Some(e) = error {
            return Err(e);
        }
        if written != HEADER_LEN as u64 + announced {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "a payload of {announced} bytes was announced, {} were written",
                    written.saturating_sub(HEADER_LEN as u64)
                ),
            ));
        }
        out.write_all(&hasher.digest().to_le_bytes())?;
        out.flush()
    }
}

/// The frame's header: magic, kind, version, payload length.
fn header(kind: [u8; 4], version: u32, payload_len: u64) -> [u8; HEADER_LEN] {
    let mut h = [0; HEADER_LEN];
    h[0..4].copy_from_slice(&MAGIC);
    h[4..8].copy_from_slice(&kind);
    h[8..12].copy_from_slice(&version.to_le_bytes());
    h[12..20].copy_from_slice(&payload_len.to_le_bytes());
    h
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
        // A four-byte tag at `at` that must equal `want`; `says` words the
        // mismatch from the tag found and the one expected.
        let tag =
            |at: usize, want: &[u8; 4], what: &str, says: fn(String, String) -> String| match bytes
                .get(at..at + 4)
            {
                None => Err(short(at, what)),
                Some(t) if t != want => Err(corrupt(path, at, says(show_tag(t), show_tag(want)))),
                Some(_) => Ok(()),
            };
        tag(0, &MAGIC, "magic", |found, want| {
            format!("not a reprint index: magic is \"{found}\", expected \"{want}\"")
        })?;
        tag(4, &kind, "kind tag", |found, want| {
            format!("holds a \"{found}\" structure, expected \"{want}\"")
        })?;
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

    /// An [`Error::CorruptIndex`] at `offset`, an absolute file offset taken
    /// earlier with [`offset`](Self::offset), for a problem found after
    /// reading on (two counts that disagree, a duplicate found later).
    pub(crate) fn corrupt_at_offset(&self, offset: u64, reason: impl Into<String>) -> Error {
        Error::CorruptIndex {
            path: self.path.clone(),
            offset,
            reason: reason.into(),
        }
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
        self.get_seq("a u64 sequence", u64::from_le_bytes)
    }

    /// Reads a slice written by [`Encoder::put_u32s`].
    pub(crate) fn get_u32s(&mut self) -> Result<Vec<u32>> {
        self.get_seq("a u32 sequence", u32::from_le_bytes)
    }

    /// Reads a count, then that many values of `N` bytes each.
    fn get_seq<T, const N: usize>(&mut self, what: &str, from: fn([u8; N]) -> T) -> Result<Vec<T>> {
        let n = self.get_len(N)?;
        let b = self.take(n * N, what)?;
        Ok(b.chunks_exact(N)
            .map(|c| {
                let mut a = [0u8; N];
                a.copy_from_slice(c);
                from(a)
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
