//! Saving a [`SimHashIndex`]: kind `SIMH`, version
//! [`SIMHASH_FORMAT_VERSION`].

use std::path::Path;

use super::SimHashIndex;
use crate::error::Result;
use crate::persist::{Decoder, Encoder, Persist};
use crate::simhash::{SimHash, SimHashOrigin};

/// Format version of a saved [`SimHashIndex`]. Version 2 records the
/// crate's hash scheme and the [`SimHashOrigin`] of the fingerprints;
/// version 1 files recorded neither (an index saved before the token hash
/// changed loaded and answered wrongly) and are refused.
pub const SIMHASH_FORMAT_VERSION: u32 = 2;

impl SimHashIndex {
    /// The index as bytes, in the crate's versioned, checksummed format
    /// (kind `SIMH`, see [`save`](Self::save)). The same contents give the
    /// same bytes whatever the order of insertion.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.to_frame()
    }

    /// An index from [`to_bytes`](Self::to_bytes) output.
    ///
    /// # Errors
    ///
    /// [`Error::CorruptIndex`](crate::Error::CorruptIndex) if the bytes are truncated, altered, or not a
    /// SimHash index; [`Error::UnsupportedVersion`](crate::Error::UnsupportedVersion) if written by another
    /// format version; [`Error::HashSchemeMismatch`](crate::Error::HashSchemeMismatch) if its fingerprints
    /// were made by other hash functions than this build's.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        Self::from_frame(bytes, None)
    }

    /// Writes the index to `path` atomically (a temporary file in the same
    /// directory, then a rename). Format: the crate's frame (magic `RPRT`,
    /// kind `SIMH`, version [`SIMHASH_FORMAT_VERSION`], payload length,
    /// payload, xxh3-64 checksum), and a payload of the hash scheme
    /// (`u32`), the [`origin`](Self::origin) (token seed, shingle size,
    /// shingle seed, SimHash seed, each a `u64`), `max_distance: u32`,
    /// `blocks: u32`, then the ids in increasing order and their
    /// fingerprints, each as a `u64` count and little-endian `u64`s.
    ///
    /// # Errors
    ///
    /// [`Error::Io`](crate::Error::Io) naming `path`.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        self.save_file(path.as_ref())
    }

    /// Reads an index written by [`save`](Self::save).
    ///
    /// # Errors
    ///
    /// [`Error::Io`](crate::Error::Io) if the file cannot be read; [`Error::CorruptIndex`](crate::Error::CorruptIndex),
    /// [`Error::UnsupportedVersion`](crate::Error::UnsupportedVersion) or [`Error::HashSchemeMismatch`](crate::Error::HashSchemeMismatch) as for
    /// [`from_bytes`](Self::from_bytes), naming `path`.
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        Self::load_file(path.as_ref())
    }
}

impl Persist for SimHashIndex {
    const KIND: [u8; 4] = *b"SIMH";
    const VERSION: u32 = SIMHASH_FORMAT_VERSION;

    fn encode(&self, enc: &mut Encoder) {
        let mut entries: Vec<(u64, u64)> = self
            .ids
            .iter()
            .enumerate()
            .map(|(s, &id)| (id, self.fp(s)))
            .collect();
        entries.sort_unstable();
        let (ids, fps): (Vec<u64>, Vec<u64>) = entries.into_iter().unzip();
        let o = self.origin;
        enc.put_u64(o.token_seed);
        enc.put_u64(o.shingle_size as u64);
        enc.put_u64(o.shingle_seed);
        enc.put_u64(o.simhash_seed);
        enc.put_u32(self.max_distance);
        enc.put_u32(self.blocks());
        enc.put_u64s(&ids);
        enc.put_u64s(&fps);
    }

    fn decode(dec: &mut Decoder<'_>) -> Result<Self> {
        let token_seed = dec.get_u64()?;
        let size_at = dec.offset();
        let shingle_size = usize::try_from(dec.get_u64()?)
            .ok()
            .filter(|&k| k > 0)
            .ok_or_else(|| dec.corrupt_at_offset(size_at, "shingle_size is 0 or too large"))?;
        let origin = SimHashOrigin {
            token_seed,
            shingle_size,
            shingle_seed: dec.get_u64()?,
            simhash_seed: dec.get_u64()?,
        };
        let layout_at = dec.offset();
        let max_distance = dec.get_u32()?;
        let blocks = dec.get_u32()?;
        let index = Self::with_blocks(max_distance, blocks)
            .map_err(|e| dec.corrupt_at_offset(layout_at, format!("bad layout: {e}")))?;
        let mut index = index.with_origin(origin);
        let ids_at = dec.offset();
        let ids = dec.get_u64s()?;
        let fps_at = dec.offset();
        let fps = dec.get_u64s()?;
        if fps.len() != ids.len() {
            return Err(dec.corrupt_at_offset(
                fps_at,
                format!("{} ids but {} fingerprints", ids.len(), fps.len()),
            ));
        }
        if let Some(i) = ids.windows(2).position(|w| w[0] >= w[1]) {
            return Err(dec.corrupt_at_offset(
                ids_at + 8 * (i as u64 + 2),
                format!(
                    "ids are not strictly increasing: {} then {}",
                    ids[i],
                    ids[i + 1]
                ),
            ));
        }
        index.reserve(ids.len())?;
        for (id, fp) in ids.into_iter().zip(fps) {
            index.insert(id, SimHash(fp))?;
        }
        Ok(index)
    }
}
