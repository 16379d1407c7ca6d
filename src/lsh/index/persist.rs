//! Saving an [`LshIndex`] on its own (kind `LSH4` or `LSH8`), and its
//! payload, which a saved engine embeds.

use std::collections::HashSet;
use std::hash::Hash;

use super::band::Band;
use super::LshIndex;
use crate::hashing::IntBuild;
use crate::lsh::sorted::Keyed;
use crate::lsh::LshParams;
use crate::minhash::{SignatureParams, Variant};
use crate::par::prelude::*;
use crate::persist::{Decoder, Encoder, Persist};
use crate::Result;

/// Id types an [`LshIndex`] can be saved with: `u32` (kind `LSH4`, four
/// bytes an id) and `u64` (kind `LSH8`). Sealed: the crate implements it.
pub trait SavedId: sealed::Sealed + Copy + Eq + Hash + Ord + Default + Send + Sync {
    /// The kind tag of an index of these ids.
    #[doc(hidden)]
    const KIND: [u8; 4];
    /// Bytes an id takes in a saved index.
    #[doc(hidden)]
    const WIDTH: usize;
    /// The id widened to `u64`.
    #[doc(hidden)]
    fn to_u64(self) -> u64;
    /// The id of a `u64`, if it fits.
    #[doc(hidden)]
    fn from_u64(v: u64) -> Option<Self>;
}

mod sealed {
    /// Keeps [`SavedId`](super::SavedId) to the crate's implementations.
    pub trait Sealed {}
    impl Sealed for u32 {}
    impl Sealed for u64 {}
}

impl SavedId for u32 {
    const KIND: [u8; 4] = *b"LSH4";
    const WIDTH: usize = 4;
    fn to_u64(self) -> u64 {
        u64::from(self)
    }
    fn from_u64(v: u64) -> Option<Self> {
        u32::try_from(v).ok()
    }
}

impl SavedId for u64 {
    const KIND: [u8; 4] = *b"LSH8";
    const WIDTH: usize = 8;
    fn to_u64(self) -> u64 {
        self
    }
    fn from_u64(v: u64) -> Option<Self> {
        Some(v)
    }
}

/// Writes ids in their own width: `u32`s for `u32` ids (the layout of the
/// index inside a saved engine), `u64`s otherwise.
fn put_ids<Id: SavedId>(enc: &mut Encoder, ids: impl Iterator<Item = Id>) {
    let wide: Vec<u64> = ids.map(SavedId::to_u64).collect();
    if Id::KIND == u32::KIND {
        enc.put_u32s(&wide.iter().map(|&v| v as u32).collect::<Vec<u32>>());
    } else {
        enc.put_u64s(&wide);
    }
}

/// Reads ids written by [`put_ids`], each checked below `limit` if there
/// is one.
fn get_ids<Id: SavedId>(dec: &mut Decoder<'_>, limit: Option<u64>, what: &str) -> Result<Vec<Id>> {
    let n = dec.get_len(Id::WIDTH)?;
    let mut ids = Vec::with_capacity(n);
    get_id_items(dec, n, limit, what, |id| ids.push(id))?;
    Ok(ids)
}

/// Reads the entries of band `band`: its keys, then its ids (each below
/// `id_limit` if there is one), as written by `encode_payload`.
fn read_band<Id: SavedId>(
    dec: &mut Decoder<'_>,
    band: usize,
    id_limit: Option<u64>,
) -> Result<Vec<Keyed<Id>>> {
    let n = dec.get_len(4)?;
    let mut entries: Vec<Keyed<Id>> = Vec::with_capacity(n);
    dec.get_u32_items(n, |key| {
        entries.push(Keyed {
            key,
            id: Id::default(),
        })
    })?;
    if dec.get_len(Id::WIDTH)? != n || n >= u32::MAX as usize {
        return Err(dec.corrupt(format!("band {band}: inconsistent lengths")));
    }
    let mut next = entries.iter_mut();
    get_id_items(dec, n, id_limit, &format!("band {band}"), |id| {
        if let Some(e) = next.next() {
            e.id = id;
        }
    })?;
    Ok(entries)
}

/// Reads the `n` ids of a list written by [`put_ids`] whose count was
/// read, each checked below `limit` if there is one, giving each to `f`.
fn get_id_items<Id: SavedId>(
    dec: &mut Decoder<'_>,
    n: usize,
    limit: Option<u64>,
    what: &str,
    mut f: impl FnMut(Id),
) -> Result<()> {
    let at = dec.offset();
    let (mut i, mut bad) = (0u64, None);
    let mut take = |v: u64| {
        let in_range = limit.is_none_or(|limit| v < limit);
        match Id::from_u64(v).filter(|_| in_range) {
            Some(id) if bad.is_none() => f(id),
            Some(_) => {}
            None => {
                bad.get_or_insert((i, v));
            }
        }
        i += 1;
    };
    if Id::WIDTH == 4 {
        dec.get_u32_items(n, |v| take(u64::from(v)))?;
    } else {
        dec.get_u64_items(n, take)?;
    }
    match bad {
        None => Ok(()),
        Some((i, v)) => Err(dec.corrupt_at_offset(
            at + Id::WIDTH as u64 * i,
            format!("{what}: id {v} out of range"),
        )),
    }
}

impl<Id: SavedId> LshIndex<Id> {
    /// The index as bytes, in the crate's versioned, checksummed format
    /// (kind `LSH4` for `u32` ids, `LSH8` for `u64`): each band's entries
    /// sorted, so equal indexes give equal bytes, whatever the order the
    /// ids went in.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.to_frame()
    }

    /// An index from [`to_bytes`](Self::to_bytes) output.
    ///
    /// # Errors
    ///
    /// [`Error::CorruptIndex`](crate::Error::CorruptIndex) (with the byte offset) if the bytes are
    /// truncated, altered, not an index of these ids or break an invariant
    /// queries rely on; [`Error::UnsupportedVersion`](crate::Error::UnsupportedVersion) for another format
    /// version; [`Error::HashSchemeMismatch`](crate::Error::HashSchemeMismatch) if its band keys were made by
    /// other hash functions than this build's.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        Self::from_frame(bytes, None)
    }

    /// Writes the index to `path` atomically (a temporary file in the same
    /// directory, then a rename).
    ///
    /// # Errors
    ///
    /// [`Error::Io`](crate::Error::Io) naming `path`.
    pub fn save(&self, path: impl AsRef<std::path::Path>) -> Result<()> {
        self.save_file(path.as_ref())
    }

    /// Reads an index written by [`save`](Self::save).
    ///
    /// # Errors
    ///
    /// [`Error::Io`](crate::Error::Io) if the file cannot be read, otherwise as
    /// [`from_bytes`](Self::from_bytes), naming `path`.
    pub fn load(path: impl AsRef<std::path::Path>) -> Result<Self> {
        Self::load_file(path.as_ref())
    }

    /// Writes the index's payload (each band's entries sorted by key and
    /// id, so equal indexes give equal bytes); a saved engine embeds it.
    pub(crate) fn encode_payload(&self, enc: &mut Encoder) {
        enc.put_u32(self.params.bands as u32);
        enc.put_u32(self.params.rows as u32);
        match self.signature {
            None => enc.put_u8(0),
            Some(p) => {
                enc.put_u8(1);
                enc.put_u64(p.num_perm as u64);
                enc.put_u64(p.seed);
                enc.put_u8(match p.variant {
                    Variant::Classic => 0,
                    Variant::OnePermutation => 1,
                });
            }
        }
        for band in &self.bands {
            let entries = band.sorted();
            enc.put_u32s(&entries.iter().map(|e| e.key).collect::<Vec<u32>>());
            put_ids(enc, entries.iter().map(|e| e.id));
        }
        let sorted = |set: &HashSet<Id, IntBuild>| {
            let mut v: Vec<Id> = set.iter().copied().collect();
            v.sort_unstable();
            v
        };
        put_ids(enc, sorted(&self.live).into_iter());
        put_ids(enc, sorted(&self.dead).into_iter());
    }

    /// Reads a payload written by [`encode_payload`](Self::encode_payload),
    /// checking that each band is sorted (lookups rely on it) and every id
    /// is registered (and below `id_limit`, when there is one), so a
    /// corrupt file cannot make a query miss or return an unknown id.
    pub(crate) fn decode_payload(dec: &mut Decoder<'_>, id_limit: Option<u64>) -> Result<Self> {
        let bands = dec.get_u32()? as usize;
        let rows = dec.get_u32()? as usize;
        let params = LshParams::new(bands, rows).map_err(|e| dec.corrupt(e.to_string()))?;
        if bands > 1 << 16 || rows > 1 << 16 {
            return Err(dec.corrupt(format!("implausible banding {bands} x {rows}")));
        }
        let signature = match dec.get_u8()? {
            0 => None,
            1 => {
                let num_perm = dec.get_u64()? as usize;
                let seed = dec.get_u64()?;
                let variant = match dec.get_u8()? {
                    0 => Variant::Classic,
                    1 => Variant::OnePermutation,
                    v => return Err(dec.corrupt(format!("unknown MinHash variant {v}"))),
                };
                Some(SignatureParams {
                    num_perm,
                    seed,
                    variant,
                })
            }
            f => return Err(dec.corrupt(format!("invalid signature flag {f}"))),
        };
        // Each band is two lists of at least their 8-byte lengths: a count
        // of bands the bytes left cannot hold is refused before a band is
        // made (found by fuzzing: regressions/loaders/alloc-bands-past-the-end).
        if bands.saturating_mul(16) > dec.remaining() {
            let left = dec.remaining();
            return Err(dec.corrupt(format!("{bands} bands in {left} bytes")));
        }
        let mut index = LshIndex::new(params);
        index.signature = signature;
        // Each band is read here and checked and settled on another thread
        // while the next is read (a million documents: 140 million
        // entries). A band out of order is reported as it was read: the
        // first in band order, at the offset after its entries.
        let mut settled: Vec<Option<(u64, Option<usize>)>> = vec![None; bands];
        crate::par::scope(|s| -> Result<()> {
            for ((band, slot), out) in index.bands.iter_mut().enumerate().zip(&mut settled) {
                let entries = read_band(dec, band, id_limit)?;
                let at = dec.offset();
                s.spawn(move |_| {
                    let disorder = entries.windows(2).position(|w| w[0] >= w[1]);
                    if disorder.is_none() {
                        *slot = Band::from_sorted(entries);
                    }
                    *out = Some((at, disorder));
                });
            }
            // The live and removed ids, while the last bands settle.
            for (set, what) in [(&mut index.live, "live"), (&mut index.dead, "removed")] {
                let at = dec.offset();
                let ids = get_ids::<Id>(dec, id_limit, what)?;
                set.reserve(ids.len());
                for id in ids {
                    if !set.insert(id) {
                        let id = id.to_u64();
                        return Err(dec.corrupt_at_offset(at, format!("{what} id {id} twice")));
                    }
                }
            }
            Ok(())
        })?;
        for (band, out) in settled.into_iter().enumerate() {
            if let Some((at, Some(i))) = out {
                let reason = format!("band {band}: entry {} out of order", i + 1);
                return Err(dec.corrupt_at_offset(at, reason));
            }
        }
        if index.live.iter().any(|id| index.dead.contains(id)) {
            return Err(dec.corrupt("an id is both live and removed"));
        }
        if let Some(id) = index.unregistered_entry(id_limit) {
            let id = id.to_u64();
            return Err(dec.corrupt(format!("entry for unregistered id {id}")));
        }
        Ok(index)
    }

    /// A bit per id below `limit`, set for the ids held (bit `i % 64` of
    /// word `i / 64`); ids at or above `limit` are left out.
    pub(crate) fn live_bits(&self, limit: usize) -> Vec<u64> {
        let mut bits = vec![0u64; limit.div_ceil(64)];
        for id in &self.live {
            let i = id.to_u64();
            if i < limit as u64 {
                bits[(i / 64) as usize] |= 1 << (i % 64);
            }
        }
        bits
    }

    /// The id of an entry that is neither live nor removed, if any. With
    /// every id below `id_limit`, a bit per id tells registered ones (an
    /// index of a million documents holds some 80 million entries: a
    /// hash lookup for each was an eighth of loading).
    pub(super) fn unregistered_entry(&self, id_limit: Option<u64>) -> Option<Id> {
        let Some(limit) = id_limit.and_then(|l| usize::try_from(l).ok()) else {
            let mut entries = self.bands.iter().flat_map(Band::ids);
            return entries.find(|id| !self.live.contains(id) && !self.dead.contains(id));
        };
        let mut registered = vec![0u64; limit.div_ceil(64)];
        for id in self.live.iter().chain(&self.dead) {
            // Below the limit: checked as they were read.
            let i = id.to_u64() as usize;
            if let Some(w) = registered.get_mut(i / 64) {
                *w |= 1 << (i % 64);
            }
        }
        let unregistered = |id: &Id| {
            let i = id.to_u64() as usize;
            registered
                .get(i / 64)
                .is_none_or(|w| w & (1 << (i % 64)) == 0)
        };
        // Each band on its own thread; the first found in band order.
        let found: Vec<Option<Id>> = self
            .bands
            .par_iter()
            .map(|band| band.ids().find(&unregistered))
            .collect();
        found.into_iter().flatten().next()
    }
}

impl<Id: SavedId> Persist for LshIndex<Id> {
    const KIND: [u8; 4] = Id::KIND;
    const VERSION: u32 = 2;

    fn encode(&self, enc: &mut Encoder) {
        self.encode_payload(enc);
    }

    fn decode(dec: &mut Decoder<'_>) -> Result<Self> {
        Self::decode_payload(dec, None)
    }
}
