//! Versioned, checksummed binary encoding for saved indexes, and the
//! [`Persist`] trait every saved type implements.
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
//! A file is not read whole: [`Decoder::open_stream`] checks the header,
//! then reads the payload a megabyte at a time as it is decoded, hashing
//! it as it goes, and [`Decoder::close`] checks the checksum once the
//! payload is read. A damaged file gives the same error either way (the
//! checksum error comes first, whatever the payload decoded to), and
//! loading needs the memory of what is loaded, not that and the file too.
//!
//! Files are written atomically by [`write_file_with`]: to a temporary file in the
//! same directory, synced, then renamed over the target, so a crash leaves
//! either the old file or the new one, never half of one.
//!
//! # Saved types
//!
//! Each saved type implements [`Persist`]: its kind tag, its format version
//! and the code that writes and reads its payload. The trait's provided
//! methods do the rest, the same way for every type: the payload starts with
//! the hash scheme ([`crate::hash::HASH_SCHEME`]) the values were made
//! under, checked on load before anything else of the payload is read
//! ([`Error::HashSchemeMismatch`]); the frame is checked as above; a payload
//! not read to its end is corrupt; files are written atomically.
//!
//! | type                   | kind   | version | since                                   |
//! |------------------------|--------|---------|-----------------------------------------|
//! | `Deduper`              | `DEDP` | 9       | 9: index bands saved sorted             |
//! | `SimHashIndex`         | `SIMH` | 2       | 2: hash scheme and fingerprint origin   |
//! | `LshIndex<u32>`        | `LSH4` | 2       | 2: each band's entries sorted by key    |
//! | `LshIndex<u64>`        | `LSH8` | 2       | 2: each band's entries sorted by key    |
//!
//! Earlier versions are refused with [`Error::UnsupportedVersion`]
//! (`LSH4`/`LSH8` 1 and `DEDP` 8 and before held each band as hash-table
//! chains); `DEDP`
//! 2 held its config as JSON and no hash scheme, `SIMH` 1 recorded neither
//! the scheme nor how its fingerprints were made, so an index saved before
//! the token hash changed would have loaded and answered wrongly.
//!
//! A type's payload, as [`Persist::encode`] writes it:
//!
//! ```text
//! fn encode(&self, enc: &mut Encoder) {
//!     enc.put_u32(self.max_distance);
//!     enc.put_u64s(&self.ids);
//! }
//! fn decode(dec: &mut Decoder<'_>) -> Result<Self> {
//!     let max_distance = dec.get_u32()?;
//!     let ids = dec.get_u64s()?;
//!     Ok(Self { max_distance, ids })
//! }
//! ```

use std::path::Path;

use crate::error::{Error, Result};
use crate::hash::HASH_SCHEME;

mod codec;
mod file;
#[cfg(test)]
mod tests;

pub(crate) use codec::{Decoder, Encoder};
pub(crate) use file::{open_file, write_file_with, Opened};

/// A type saved as one frame of the crate's format (see the module docs).
///
/// Implementors write and read their payload only; the provided methods
/// frame it, record and check the hash scheme, check the frame, and write
/// files atomically. Public `save` / `load` / `to_bytes` / `from_bytes`
/// methods of each type delegate here.
pub(crate) trait Persist: Sized {
    /// The four-byte tag saying which structure a file holds.
    const KIND: [u8; 4];
    /// The format version of this kind's payload; bump on any layout change.
    const VERSION: u32;

    /// Writes the payload (after the hash scheme, which the caller wrote).
    fn encode(&self, enc: &mut Encoder);

    /// Reads a payload written by [`encode`](Self::encode), checking every
    /// invariant the type relies on.
    ///
    /// # Errors
    ///
    /// [`Error::CorruptIndex`] with the offset of what is wrong.
    fn decode(dec: &mut Decoder<'_>) -> Result<Self>;

    /// The whole frame: header, hash scheme, payload, checksum.
    fn to_frame(&self) -> Vec<u8> {
        let mut enc = Encoder::new();
        enc.put_u32(HASH_SCHEME);
        self.encode(&mut enc);
        enc.finish(Self::KIND, Self::VERSION)
    }

    /// A value from a frame written by [`to_frame`](Self::to_frame); `path`
    /// names the file in errors.
    ///
    /// # Errors
    ///
    /// [`Error::CorruptIndex`] if the frame or the payload is damaged,
    /// [`Error::UnsupportedVersion`] for another format version,
    /// [`Error::HashSchemeMismatch`] for another hash scheme.
    fn from_frame(bytes: &[u8], path: Option<&Path>) -> Result<Self> {
        let mut dec = Decoder::open(bytes, Self::KIND, Self::VERSION, path)?;
        let value = Self::decode_checked(&mut dec, path);
        dec.close(value)
    }

    /// The hash scheme, checked, then the payload.
    fn decode_checked(dec: &mut Decoder<'_>, path: Option<&Path>) -> Result<Self> {
        let found = dec.get_u32()?;
        if found != HASH_SCHEME {
            return Err(Error::HashSchemeMismatch {
                path: path.map(Path::to_path_buf),
                found,
                expected: HASH_SCHEME,
            });
        }
        Self::decode(dec)
    }

    /// Writes the frame [`to_frame`](Self::to_frame) makes to `out`, a
    /// buffer at a time: the payload is encoded twice, once to learn its
    /// length (which the header gives) and once to write it, instead of
    /// being held whole.
    ///
    /// # Errors
    ///
    /// The first error of `out`.
    fn write_frame(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut count = Encoder::counting();
        count.put_u32(HASH_SCHEME);
        self.encode(&mut count);
        let mut enc = Encoder::streaming(out, Self::KIND, Self::VERSION, count.counted());
        enc.put_u32(HASH_SCHEME);
        self.encode(&mut enc);
        enc.finish_stream()
    }

    /// Writes the frame to `path` atomically, streamed (see
    /// [`write_frame`](Self::write_frame)).
    ///
    /// # Errors
    ///
    /// [`Error::Io`] naming `path`.
    fn save_file(&self, path: &Path) -> Result<()> {
        write_file_with(path, |out| self.write_frame(out))
    }

    /// Reads a value saved by [`save_file`](Self::save_file): a regular
    /// file a megabyte at a time as it is decoded
    /// ([`Decoder::open_stream`]), anything else (a pipe, a device) whole
    /// first, its length being unknown before its end.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] naming `path`, or as [`from_frame`](Self::from_frame).
    fn load_file(path: &Path) -> Result<Self> {
        let (mut file, len) = match open_file(path)? {
            Opened::Regular(file, len) => (file, len),
            Opened::Read(bytes) => return Self::from_frame(&bytes, Some(path)),
        };
        let mut dec = Decoder::open_stream(&mut file, len, Self::KIND, Self::VERSION, Some(path))?;
        let value = Self::decode_checked(&mut dec, Some(path));
        dec.close(value)
    }
}
