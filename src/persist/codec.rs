//! The payload codec and the frame around it: [`Encoder`] writes, [`Decoder`]
//! reads and checks (see the [module docs](super) for the layout).

use std::io::{self, Read, Write};
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

/// Bytes a decoder reading a file takes from it at a time.
const STREAM_CHUNK: usize = 1 << 20;

/// Reads a frame written by [`Encoder`], checking every byte it touches:
/// from a frame in memory ([`open`](Self::open)), or streamed from a file
/// a megabyte at a time ([`open_stream`](Self::open_stream)), so that
/// loading a large engine does not hold its whole file as well.
pub(crate) struct Decoder<'a> {
    input: Input<'a>,
    /// Payload bytes read.
    pos: usize,
    /// Payload bytes in all.
    len: usize,
    /// The file, for error messages.
    path: Option<PathBuf>,
}

/// Where a decoder's payload comes from.
enum Input<'a> {
    /// The payload in memory, its checksum already checked.
    Slice(&'a [u8]),
    /// The payload read as it is decoded, hashed as it is read; the
    /// checksum is checked at the end ([`Decoder::close`]).
    Stream(Box<Stream<'a>>),
}

/// A payload read from a reader into a window.
struct Stream<'a> {
    reader: &'a mut dyn Read,
    /// `window[start..end]` is read and not yet decoded.
    window: Vec<u8>,
    start: usize,
    end: usize,
    /// Payload bytes read from `reader` (all of them hashed).
    read: usize,
    hasher: Xxh3,
}

impl Stream<'_> {
    /// Makes the next `n` bytes (at most the `unread` payload bytes not yet
    /// read from the reader, plus the window's) available in the window.
    fn fill(&mut self, n: usize, unread: usize) -> io::Result<()> {
        if self.end - self.start < n {
            self.window.copy_within(self.start..self.end, 0);
            (self.end, self.start) = (self.end - self.start, 0);
            let want = n.max(STREAM_CHUNK).min(self.end + unread);
            if self.window.len() < want {
                self.window.resize(want, 0);
            }
            while self.end < n {
                let got = self.reader.read(&mut self.window[self.end..want])?;
                if got == 0 {
                    return Err(io::ErrorKind::UnexpectedEof.into());
                }
                self.hasher.update(&self.window[self.end..self.end + got]);
                (self.end, self.read) = (self.end + got, self.read + got);
            }
        }
        Ok(())
    }
}

impl std::fmt::Debug for Decoder<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decoder")
            .field("pos", &self.pos)
            .field("len", &self.len)
            .field("streamed", &matches!(self.input, Input::Stream(_)))
            .field("path", &self.path)
            .finish()
    }
}

/// The values of `bytes`, `N` bytes each.
fn values<'a, T: 'a, const N: usize>(
    bytes: &'a [u8],
    from: fn([u8; N]) -> T,
) -> impl Iterator<Item = T> + 'a {
    bytes.chunks_exact(N).map(move |c| {
        let mut a = [0u8; N];
        a.copy_from_slice(c);
        from(a)
    })
}

fn io_error(path: Option<&Path>, source: io::Error) -> Error {
    Error::Io {
        path: path.map(Path::to_path_buf),
        source,
    }
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

/// Checks the header of a frame of `total` bytes, given its first
/// `min(total, HEADER_LEN)` bytes `head`; returns the payload length.
fn check_header(
    head: &[u8],
    total: u64,
    kind: [u8; 4],
    version: u32,
    path: Option<&Path>,
) -> Result<usize> {
    let end = total.min(usize::MAX as u64) as usize;
    let short = |at: usize, what: &str| {
        corrupt(
            path,
            end,
            format!(
                "file ends after {total} bytes, inside the {what} (bytes {at}..{})",
                at + 4
            ),
        )
    };
    // A four-byte tag at `at` that must equal `want`; `says` words the
    // mismatch from the tag found and the one expected.
    let tag = |at: usize, want: &[u8; 4], what: &str, says: fn(String, String) -> String| match head
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
    let found = le_u32(head, 8).ok_or_else(|| short(8, "format version"))?;
    if found != version {
        return Err(Error::UnsupportedVersion {
            path: path.map(Path::to_path_buf),
            found,
            expected: version,
        });
    }
    let payload_len = le_u64(head, 12).ok_or_else(|| {
        corrupt(
            path,
            end,
            format!("file ends after {total} bytes, inside the payload length (bytes 12..20)"),
        )
    })?;
    let available = total - HEADER_LEN as u64;
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
    usize::try_from(payload_len).map_err(|_| {
        corrupt(
            path,
            12,
            format!("a {payload_len}-byte payload does not fit in this machine's memory"),
        )
    })
}

/// The checksum error for a frame whose bytes up to the footer (at
/// `footer`) hash to `computed` and whose footer says `stored`, if they
/// differ.
fn checksum_error(stored: u64, computed: u64, footer: usize, path: Option<&Path>) -> Option<Error> {
    (stored != computed).then(|| {
        corrupt(
            path,
            footer,
            format!(
                "checksum mismatch: file says {stored:#018x}, contents hash to {computed:#018x}"
            ),
        )
    })
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
        let head = &bytes[..bytes.len().min(HEADER_LEN)];
        let len = check_header(head, bytes.len() as u64, kind, version, path)?;
        // The header checked that the payload and the footer follow it.
        let footer = HEADER_LEN + len;
        let stored = le_u64(bytes, footer)
            .ok_or_else(|| corrupt(path, footer, "missing checksum".to_string()))?;
        if let Some(e) = checksum_error(stored, xxh3_64(&bytes[..footer]), footer, path) {
            return Err(e);
        }
        Ok(Decoder {
            input: Input::Slice(&bytes[HEADER_LEN..footer]),
            pos: 0,
            len,
            path: path.map(Path::to_path_buf),
        })
    }

    /// Checks the header of the frame of `total` bytes that `reader` holds
    /// and positions the decoder at the start of its payload, which it
    /// then reads as it is decoded. The checksum is checked by
    /// [`close`](Self::close), which must end the decoding.
    ///
    /// # Errors
    ///
    /// As [`open`](Self::open) for the header; [`Error::Io`] naming `path`
    /// if the reader fails.
    pub(crate) fn open_stream(
        reader: &'a mut dyn Read,
        total: u64,
        kind: [u8; 4],
        version: u32,
        path: Option<&Path>,
    ) -> Result<Decoder<'a>> {
        let mut head = [0u8; HEADER_LEN];
        let n = total.min(HEADER_LEN as u64) as usize;
        reader
            .read_exact(&mut head[..n])
            .map_err(|e| io_error(path, e))?;
        let len = check_header(&head[..n], total, kind, version, path)?;
        let mut hasher = Xxh3::new();
        hasher.update(&head);
        Ok(Decoder {
            input: Input::Stream(Box::new(Stream {
                reader,
                window: Vec::new(),
                start: 0,
                end: 0,
                read: 0,
                hasher,
            })),
            pos: 0,
            len,
            path: path.map(Path::to_path_buf),
        })
    }

    /// Ends decoding with what the payload decoded to. A streamed frame's
    /// checksum is checked here, after the rest of its payload is read: a
    /// frame that fails it gives the checksum error whatever the payload
    /// decoded to, as [`open`](Self::open) does before decoding. Then a
    /// payload not read to its end is an error ([`finish`](Self::finish)).
    ///
    /// # Errors
    ///
    /// The checksum error, else `decoded`'s error, else
    /// [`finish`](Self::finish)'s; [`Error::Io`] if reading the rest fails.
    pub(crate) fn close<T>(mut self, decoded: Result<T>) -> Result<T> {
        let path = self.path.as_deref();
        if let Input::Stream(stream) = &mut self.input {
            let footer = HEADER_LEN + self.len;
            let io = |e| io_error(path, e);
            // What decoding left unread, hashed; then the checksum.
            let mut rest = self.len - stream.read;
            if stream.window.len() < rest.min(STREAM_CHUNK) {
                stream.window.resize(rest.min(STREAM_CHUNK), 0);
            }
            while rest > 0 {
                let part = &mut stream.window[..rest.min(STREAM_CHUNK)];
                stream.reader.read_exact(part).map_err(io)?;
                stream.hasher.update(part);
                rest -= part.len();
            }
            let mut stored = [0u8; FOOTER_LEN];
            stream.reader.read_exact(&mut stored).map_err(io)?;
            let computed = stream.hasher.digest();
            if let Some(e) = checksum_error(u64::from_le_bytes(stored), computed, footer, path) {
                return Err(e);
            }
            if stream.reader.read(&mut [0u8; 1]).map_err(io)? != 0 {
                let reason = "trailing data: the file grew while it was read".to_string();
                return Err(corrupt(path, footer + FOOTER_LEN, reason));
            }
        }
        let value = decoded?;
        self.finish()?;
        Ok(value)
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
        self.len - self.pos
    }

    /// The next `n` bytes, or an error naming `what` was being read.
    fn take(&mut self, n: usize, what: &str) -> Result<&[u8]> {
        if n > self.remaining() {
            return Err(self.corrupt_at(
                self.pos,
                format!(
                    "payload ends inside {what}: needs {n} bytes, {} remain",
                    self.remaining()
                ),
            ));
        }
        let s = match &mut self.input {
            Input::Slice(payload) => &payload[self.pos..self.pos + n],
            Input::Stream(stream) => {
                let unread = self.len - stream.read;
                if let Err(e) = stream.fill(n, unread) {
                    return Err(io_error(self.path.as_deref(), e));
                }
                stream.start += n;
                &stream.window[stream.start - n..stream.start]
            }
        };
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
    pub(crate) fn get_bytes(&mut self) -> Result<Vec<u8>> {
        let n = self.get_len(1)?;
        Ok(self.take(n, "a byte string")?.to_vec())
    }

    /// Reads a UTF-8 string written by [`Encoder::put_str`].
    ///
    /// # Errors
    ///
    /// [`Error::CorruptIndex`] if truncated or not valid UTF-8.
    pub(crate) fn get_string(&mut self) -> Result<String> {
        let at = self.pos;
        String::from_utf8(self.get_bytes()?).map_err(|e| {
            let e = e.utf8_error();
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
        let mut out = Vec::with_capacity(n);
        // `extend` from an iterator of known length: one loop the compiler
        // turns into wide loads, not a push per value.
        self.get_windows::<N>(n, what, |bytes| out.extend(values(bytes, from)))?;
        Ok(out)
    }

    /// Reads the `n` items of a `u32` sequence whose count
    /// ([`get_len`](Self::get_len)`(4)`) was read, giving each to `f` in
    /// order: for callers that place them themselves, without a `Vec` of
    /// their own.
    pub(crate) fn get_u32_items(&mut self, n: usize, f: impl FnMut(u32)) -> Result<()> {
        self.get_items(n, "a u32 sequence", u32::from_le_bytes, f)
    }

    /// As [`get_u32_items`](Self::get_u32_items), for a `u64` sequence.
    pub(crate) fn get_u64_items(&mut self, n: usize, f: impl FnMut(u64)) -> Result<()> {
        self.get_items(n, "a u64 sequence", u64::from_le_bytes, f)
    }

    /// Reads `n` values of `N` bytes each, giving each to `f`.
    fn get_items<T, const N: usize>(
        &mut self,
        n: usize,
        what: &str,
        from: fn([u8; N]) -> T,
        mut f: impl FnMut(T),
    ) -> Result<()> {
        self.get_windows::<N>(n, what, |bytes| values(bytes, from).for_each(&mut f))
    }

    /// Reads `n` values of `N` bytes each, giving `f` their bytes a window
    /// at a time (a streamed sequence is not held whole).
    fn get_windows<const N: usize>(
        &mut self,
        n: usize,
        what: &str,
        mut f: impl FnMut(&[u8]),
    ) -> Result<()> {
        let per_part = (STREAM_CHUNK / N).max(1);
        let mut left = n;
        while left > 0 {
            let part = left.min(per_part);
            f(self.take(part * N, what)?);
            left -= part;
        }
        Ok(())
    }

    /// Ends decoding.
    ///
    /// # Errors
    ///
    /// [`Error::CorruptIndex`] if payload bytes remain unread (the file was
    /// written by something else than what reads it).
    pub(crate) fn finish(&self) -> Result<()> {
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
