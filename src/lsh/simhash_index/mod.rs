//! Exact Hamming-ball search over 64-bit SimHash fingerprints.
//!
//! See [`SimHashIndex`] for the algorithm, the choice of layout and the
//! memory figures.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::error::{Error, Result};
use crate::hash::mix64;
use crate::simhash::{SimHash, SimHashOrigin};

mod persist;

pub use persist::SIMHASH_FORMAT_VERSION;

/// The largest number of tables ([`SimHashIndex::tables`]) a layout may need.
pub const MAX_TABLES: usize = 256;

/// The default maximum distance, the usual near-duplicate cut-off.
pub const DEFAULT_MAX_DISTANCE: u32 = 3;

/// End of a chain.
const NIL: u32 = u32::MAX;

/// Most entries an index holds (slot numbers are `u32`, [`NIL`] excluded).
const MAX_ENTRIES: usize = (u32::MAX - 1) as usize;

/// Fewest bucket heads per table.
const MIN_BUCKET_BITS: u32 = 4;

/// The collection size the default layout is tuned for.
const TUNING_SIZE: f64 = (1u64 << 20) as f64;

/// A stored fingerprint within the query's distance.
///
/// Ordered by distance, then id: the order of [`SimHashIndex::query`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SimHashMatch {
    /// Hamming distance between the query and the stored fingerprint.
    pub distance: u32,
    /// The id the fingerprint was inserted with.
    pub id: u64,
}

/// Hashes `u64` ids with a fixed mixer: deterministic, and ids need no
/// protection from collision attacks here.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = mix64(self.0 ^ u64::from(*b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = mix64(self.0 ^ n);
    }
}

type IdMap = HashMap<u64, u32, BuildHasherDefault<IdHasher>>;

/// `C(n, r)`, saturating at `usize::MAX`.
fn binomial(n: u32, r: u32) -> usize {
    let r = r.min(n - r);
    let mut c: u128 = 1;
    for i in 0..r {
        c = c * u128::from(n - i) / u128::from(i + 1);
        if c > usize::MAX as u128 {
            return usize::MAX;
        }
    }
    c as usize
}

/// Masks of `blocks` contiguous blocks covering the 64 bits, widths
/// differing by at most one (the wider ones first, at the low bits).
fn block_masks(blocks: u32) -> Vec<u64> {
    let (width, extra) = (64 / blocks, 64 % blocks);
    let mut start = 0;
    (0..blocks)
        .map(|i| {
            let w = width + u32::from(i < extra);
            let mask = if w == 64 {
                u64::MAX
            } else {
                ((1u64 << w) - 1) << start
            };
            start += w;
            mask
        })
        .collect()
}

/// The key mask of every table: each `keep`-subset of the blocks, in
/// lexicographic order of block indices.
fn table_masks(blocks: &[u64], keep: usize) -> Vec<u64> {
    fn rec(blocks: &[u64], keep: usize, from: usize, acc: u64, out: &mut Vec<u64>) {
        if keep == 0 {
            out.push(acc);
            return;
        }
        for i in from..=blocks.len() - keep {
            rec(blocks, keep - 1, i + 1, acc | blocks[i], out);
        }
    }
    let mut out = Vec::new();
    rec(blocks, keep, 0, 0, &mut out);
    out
}

/// Estimated query cost of a layout at `n` fingerprints: per table, a probe
/// (counted as two candidate checks) plus the random candidates.
fn layout_cost(tables: &[u64], n: f64) -> f64 {
    tables
        .iter()
        .map(|m| 2.0 + n / 2f64.powi(m.count_ones() as i32))
        .sum()
}

fn check_layout(max_distance: u32, blocks: u32) -> Result<usize> {
    if max_distance >= 64 {
        return Err(Error::config(
            "max_distance",
            max_distance,
            "at most 63 bits (64 would match every fingerprint)",
        ));
    }
    if blocks <= max_distance || blocks > 64 {
        return Err(Error::config(
            "blocks",
            blocks,
            "more blocks than max_distance, and at most 64",
        ));
    }
    let tables = binomial(blocks, max_distance);
    if tables > MAX_TABLES {
        return Err(Error::config(
            "blocks",
            format!("{blocks} (C({blocks}, {max_distance}) = {tables} tables)"),
            "a layout of at most MAX_TABLES = 256 tables",
        ));
    }
    Ok(tables)
}

/// Every stored SimHash within a Hamming distance of a query, exactly.
///
/// The index finds every stored fingerprint within Hamming distance
/// `k` of a query, with permuted tables (Manku, Jain and Das Sarma,
/// *Detecting near-duplicates for web crawling*, WWW 2007). The 64 bits are
/// cut into `b > k` contiguous blocks. Two fingerprints at distance `≤ k`
/// differ in at most `k` blocks, so by pigeonhole they agree exactly on at
/// least `b − k` of them. The index keeps one table per choice of `b − k`
/// blocks, `C(b, k)` tables in all, keyed by the bits of those blocks; a
/// query looks up its own key in every table and checks each candidate's
/// exact distance. No neighbour is missed (it shares the key of at least one
/// table) and none is false (each is verified), so the answer equals a brute
/// force scan.
///
/// # Choosing the number of blocks
///
/// More blocks mean longer keys (fewer random candidates per lookup) but more
/// tables (more lookups and more memory). With `N` fingerprints of uniform
/// bits, a table keyed on `m` bits returns about `N / 2^m` random candidates.
/// [`SimHashIndex::new`] picks the `b` that minimises the estimated query
/// cost `Σ_tables (2 + N / 2^m)` at `N = 2^20` (a probe counted as two
/// candidate checks), with at most [`MAX_TABLES`] tables:
///
/// | k | blocks | tables | key bits | random candidates per query, N = 10⁶ | N = 10⁷ |
/// |---|--------|--------|----------|--------------------------------------|---------|
/// | 0 | 1      | 1      | 64       | 0                                    | 0       |
/// | 1 | 2      | 2      | 32       | 0.0005                               | 0.005   |
/// | 2 | 3      | 3      | 21–22    | 1.2                                  | 12      |
/// | 3 | 5      | 10     | 25–26    | 0.21                                 | 2.1     |
/// | 4 | 6      | 15     | 20–22    | 6.2                                  | 62      |
/// | 5 | 7      | 21     | 18–19    | 69                                   | 687     |
/// | 6 | 9      | 84     | 21–22    | 33                                   | 334     |
///
/// At the usual near-duplicate cut-off `k = 3` that is 10 lookups and a
/// fraction of a stray candidate per query for a million documents. For a
/// collection far larger than `2^20`, [`SimHashIndex::with_blocks`] with one
/// block more (`k = 3`, `b = 6`: 20 tables of 32 key bits) keeps lookups
/// selective at about 1.6 times the memory. Beyond `k ≈ 6` keys get short and the index
/// degrades towards a scan of the whole collection, however it is laid out:
/// SimHash is the wrong tool for loose similarity; use MinHash.
///
/// # Layout and memory
///
/// Entries live in dense slots (removal moves the last slot into the
/// hole). Each slot has its id and one row of `u32`s: the fingerprint, then
/// for every table a link to the next slot of its bucket chain, so a chain
/// step reads one row. Each table is an array of `u32` bucket heads, a power
/// of two at least the number of entries. A bucket is chosen by a hash of
/// the fingerprint's key bits, so its chain holds the entries with that key
/// plus those whose key hashes alike (about one per probe at full load);
/// the exact key is re-checked before the distance. Per fingerprint that is
/// 8 bytes of id, `8 + 4 × tables` bytes of row, 4 to 8 bytes of heads per
/// table and 20 to 40 bytes of id → slot map: 115 to 175 bytes at `k = 3`
/// (10 tables; 136 measured at a million entries), see
/// [`SimHashIndex::memory_bytes`]. Insertion is
/// amortised `O(tables)`; removal walks the chains of the removed entry's
/// buckets, `O(tables × bucket length)`, so removing one of many identical
/// fingerprints costs as many steps as there are copies.
///
/// Each neighbour is reported once: by the first table, in enumeration
/// order, whose blocks it agrees on, which the query decides from the
/// candidate's XOR with the query alone (no hash set of seen ids).
///
/// # Example
///
/// ```
/// use reprint::{SimHash, SimHashIndex, SimHashMatch};
///
/// let mut index = SimHashIndex::new(3)?;
/// index.insert(1, SimHash(0xDEAD_BEEF_0000_0000))?;
/// index.insert(2, SimHash(0xDEAD_BEEF_0000_0007))?; // 3 bits from id 1
/// index.insert(3, SimHash(0x0123_4567_89AB_CDEF))?;
///
/// let hits = index.query(SimHash(0xDEAD_BEEF_0000_0001));
/// assert_eq!(hits, vec![SimHashMatch { distance: 1, id: 1 }, SimHashMatch { distance: 2, id: 2 }]);
///
/// let bytes = index.to_bytes();
/// assert_eq!(SimHashIndex::from_bytes(&bytes)?.query(SimHash(0xDEAD_BEEF_0000_0001)), hits);
/// # Ok::<(), reprint::Error>(())
/// ```
///
/// Queries take `&self`; the index is `Send + Sync`, so one index serves
/// many threads.
#[derive(Debug, Clone)]
pub struct SimHashIndex {
    max_distance: u32,
    /// Bit mask of each block.
    block_masks: Vec<u64>,
    /// Key mask of each table, the union of its blocks.
    table_masks: Vec<u64>,
    /// Slot → id.
    ids: Vec<u64>,
    /// One row of `2 + tables` words per slot: the fingerprint (low, high
    /// half), then for each table the next slot in that table's bucket
    /// chain. A chain step reads one row, usually one cache line.
    rows: Vec<u32>,
    /// `table << bucket_bits | bucket` → first slot of the chain.
    heads: Vec<u32>,
    /// log2 of the number of buckets per table.
    bucket_bits: u32,
    /// Id → slot.
    slots: IdMap,
    /// How the stored fingerprints were made.
    origin: SimHashOrigin,
}

impl SimHashIndex {
    /// An empty index finding fingerprints within `max_distance` bits, with
    /// the number of blocks chosen for that distance (see the table in the
    /// [type docs](SimHashIndex)).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] if `max_distance` is 64 or more.
    pub fn new(max_distance: u32) -> Result<Self> {
        if max_distance >= 64 {
            // Reported by check_layout with the parameter's name.
            check_layout(max_distance, 64)?;
        }
        let keep_cost = |blocks: u32| {
            let masks = block_masks(blocks);
            let tables = table_masks(&masks, (blocks - max_distance) as usize);
            (layout_cost(&tables, TUNING_SIZE), tables.len())
        };
        let mut best: Option<(f64, usize, u32)> = None;
        for blocks in max_distance + 1..=64 {
            if binomial(blocks, max_distance) > MAX_TABLES {
                break;
            }
            let (cost, tables) = keep_cost(blocks);
            if best.is_none_or(|(c, t, _)| (cost, tables) < (c, t)) {
                best = Some((cost, tables, blocks));
            }
        }
        // blocks = max_distance + 1 gives max_distance + 1 <= 64 tables, so
        // there is always a candidate.
        let blocks = best.map_or(max_distance + 1, |(_, _, b)| b);
        Self::with_blocks(max_distance, blocks)
    }

    /// An empty index finding fingerprints within `max_distance` bits, with
    /// the 64 bits cut into `blocks` blocks: `C(blocks, max_distance)` tables
    /// keyed on about `64 × (blocks − max_distance) / blocks` bits.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] if `max_distance` is 64 or more, `blocks` is
    /// not in `max_distance + 1 ..= 64`, or the layout needs more than
    /// [`MAX_TABLES`] tables.
    pub fn with_blocks(max_distance: u32, blocks: u32) -> Result<Self> {
        let tables = check_layout(max_distance, blocks)?;
        let block_masks = block_masks(blocks);
        let table_masks = table_masks(&block_masks, (blocks - max_distance) as usize);
        debug_assert_eq!(table_masks.len(), tables);
        Ok(SimHashIndex {
            max_distance,
            block_masks,
            table_masks,
            ids: Vec::new(),
            rows: Vec::new(),
            heads: vec![NIL; tables << MIN_BUCKET_BITS],
            bucket_bits: MIN_BUCKET_BITS,
            slots: IdMap::default(),
            origin: SimHashOrigin::default(),
        })
    }

    /// The same index, recording that its fingerprints are made as `origin`
    /// says (by default [`SimHashOrigin::default`], that of
    /// [`Fingerprinter::default`](crate::Fingerprinter)). The origin is saved
    /// with the index; check it after loading with
    /// [`check_origin`](Self::check_origin).
    ///
    /// ```
    /// use reprint::{Fingerprinter, SimHashIndex, SimHasher};
    ///
    /// let mut f = Fingerprinter::default();
    /// f.simhasher = SimHasher::new().with_seed(7);
    /// let index = SimHashIndex::new(3)?.with_origin(f.simhash_origin());
    /// let loaded = SimHashIndex::from_bytes(&index.to_bytes())?;
    /// assert!(loaded.check_origin(f.simhash_origin()).is_ok());
    /// assert!(loaded.check_origin(Fingerprinter::default().simhash_origin()).is_err());
    /// # Ok::<(), reprint::Error>(())
    /// ```
    pub fn with_origin(self, origin: SimHashOrigin) -> Self {
        SimHashIndex { origin, ..self }
    }

    /// How the stored fingerprints were made (see
    /// [`with_origin`](Self::with_origin)).
    pub fn origin(&self) -> SimHashOrigin {
        self.origin
    }

    /// Checks that fingerprints made as `origin` says can be compared with
    /// the stored ones.
    ///
    /// # Errors
    ///
    /// [`Error::IncompatibleFingerprints`] naming both origins if they differ.
    pub fn check_origin(&self, origin: SimHashOrigin) -> Result<()> {
        if origin == self.origin {
            return Ok(());
        }
        Err(Error::IncompatibleFingerprints {
            left: format!("index of {}", self.origin),
            right: origin.to_string(),
        })
    }

    /// The largest distance a query reports.
    pub fn max_distance(&self) -> u32 {
        self.max_distance
    }

    /// The number of blocks the 64 bits are cut into.
    pub fn blocks(&self) -> u32 {
        self.block_masks.len() as u32
    }

    /// The number of tables, `C(blocks, max_distance)`.
    pub fn tables(&self) -> usize {
        self.table_masks.len()
    }

    /// The shortest and longest table key, in bits.
    pub fn key_bits(&self) -> (u32, u32) {
        let bits = self.table_masks.iter().map(|m| m.count_ones());
        (bits.clone().min().unwrap_or(64), bits.max().unwrap_or(64))
    }

    /// Number of stored fingerprints.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the index holds no fingerprint.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Whether `id` is stored.
    pub fn contains(&self, id: u64) -> bool {
        self.slots.contains_key(&id)
    }

    /// The fingerprint stored under `id`.
    pub fn get(&self, id: u64) -> Option<SimHash> {
        self.slots.get(&id).map(|&s| SimHash(self.fp(s as usize)))
    }

    /// Approximate heap bytes held by the index (arrays by capacity, the id
    /// map by its bucket count); divide by [`len`](Self::len) for bytes per
    /// fingerprint.
    pub fn memory_bytes(&self) -> usize {
        let id_map_entry = std::mem::size_of::<(u64, u32)>() + 1;
        self.ids.capacity() * 8
            + self.rows.capacity() * 4
            + self.heads.capacity() * 4
            + self.slots.capacity() * id_map_entry * 8 / 7
            + (self.block_masks.capacity() + self.table_masks.capacity()) * 8
    }

    /// The bucket of fingerprint `fp` in table `t`.
    #[inline]
    fn bucket(&self, t: usize, fp: u64) -> usize {
        let key = fp & self.table_masks[t];
        // Different tables can share a key value; the table number keeps
        // their bucket patterns independent.
        let h = mix64(key ^ (t as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        (t << self.bucket_bits) | (h >> (64 - self.bucket_bits)) as usize
    }

    /// Words per row of `rows`.
    #[inline]
    fn stride(&self) -> usize {
        self.table_masks.len() + 2
    }

    /// The fingerprint in slot `s`.
    #[inline]
    fn fp(&self, s: usize) -> u64 {
        let at = s * self.stride();
        u64::from(self.rows[at]) | u64::from(self.rows[at + 1]) << 32
    }

    /// Index in `rows` of slot `s`'s link in table `t`.
    #[inline]
    fn link_at(&self, s: usize, t: usize) -> usize {
        s * self.stride() + 2 + t
    }

    /// Puts slot `s` at the head of its chain in every table.
    fn link(&mut self, s: usize) {
        let fp = self.fp(s);
        for t in 0..self.tables() {
            let b = self.bucket(t, fp);
            let at = self.link_at(s, t);
            self.rows[at] = self.heads[b];
            self.heads[b] = s as u32;
        }
    }

    /// Takes slot `s` out of its chain in every table.
    fn unlink(&mut self, s: usize) {
        let fp = self.fp(s);
        for t in 0..self.tables() {
            let b = self.bucket(t, fp);
            let after = self.rows[self.link_at(s, t)];
            if self.heads[b] == s as u32 {
                self.heads[b] = after;
                continue;
            }
            let mut cur = self.heads[b];
            while cur != NIL {
                let at = self.link_at(cur as usize, t);
                let link = &mut self.rows[at];
                if *link == s as u32 {
                    *link = after;
                    break;
                }
                cur = *link;
            }
            debug_assert!(cur != NIL, "slot {s} missing from table {t}");
        }
    }

    /// Rebuilds every chain with `2^bucket_bits` buckets per table.
    fn rehash(&mut self, bucket_bits: u32) {
        self.bucket_bits = bucket_bits;
        self.heads.clear();
        self.heads.resize(self.tables() << bucket_bits, NIL);
        for s in 0..self.len() {
            self.link(s);
        }
    }

    /// Reserves room for `additional` more fingerprints.
    ///
    /// # Errors
    ///
    /// [`Error::CapacityExceeded`] when the room cannot be had: more than
    /// `2^32 − 2` fingerprints in all, or memory the allocator refuses.
    /// The fingerprints held and every answer stay as they were.
    pub fn reserve(&mut self, additional: usize) -> Result<()> {
        let refused = |reason: String| Error::CapacityExceeded {
            what: "fingerprints",
            requested: additional,
            reason,
        };
        let want = self.len().saturating_add(additional);
        if want > MAX_ENTRIES {
            return Err(refused(format!(
                "an index holds at most {MAX_ENTRIES} fingerprints"
            )));
        }
        let more = want - self.len();
        let words = more.saturating_mul(self.stride());
        let bits = want
            .next_power_of_two()
            .trailing_zeros()
            .max(MIN_BUCKET_BITS);
        let heads = self.tables() << bits;
        let no_memory = |e: std::collections::TryReserveError| refused(e.to_string());
        self.ids.try_reserve(more).map_err(no_memory)?;
        self.rows.try_reserve(words).map_err(no_memory)?;
        self.slots.try_reserve(more).map_err(no_memory)?;
        if bits > self.bucket_bits {
            self.heads
                .try_reserve(heads.saturating_sub(self.heads.len()))
                .map_err(no_memory)?;
            self.rehash(bits);
        }
        Ok(())
    }

    /// Stores fingerprint `fp` under `id`.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateId`] if `id` is already stored;
    /// [`Error::InvalidConfig`] (parameter `len`) if the index already
    /// holds `2^32 − 2` fingerprints.
    pub fn insert(&mut self, id: u64, fp: SimHash) -> Result<()> {
        if self.slots.contains_key(&id) {
            return Err(Error::DuplicateId { id: id.to_string() });
        }
        let s = self.len();
        if s >= MAX_ENTRIES {
            return Err(Error::config(
                "len",
                s,
                "at most 2^32 - 2 fingerprints per SimHashIndex",
            ));
        }
        if s + 1 > 1usize << self.bucket_bits {
            self.rehash(self.bucket_bits + 1);
        }
        self.ids.push(id);
        self.rows.push(fp.0 as u32);
        self.rows.push((fp.0 >> 32) as u32);
        self.rows.resize(self.rows.len() + self.tables(), NIL);
        self.slots.insert(id, s as u32);
        self.link(s);
        Ok(())
    }

    /// Removes the fingerprint stored under `id` and returns it.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`] if `id` is not stored.
    pub fn remove(&mut self, id: u64) -> Result<SimHash> {
        let s = self
            .slots
            .remove(&id)
            .ok_or_else(|| Error::UnknownId { id: id.to_string() })? as usize;
        let fp = SimHash(self.fp(s));
        self.unlink(s);
        let last = self.len() - 1;
        let stride = self.stride();
        if s != last {
            // Move the last slot into the hole, keeping the arrays dense.
            self.unlink(last);
            self.ids[s] = self.ids[last];
            self.rows
                .copy_within(last * stride..last * stride + 2, s * stride);
            self.link(s);
            self.slots.insert(self.ids[s], s as u32);
        }
        self.ids.pop();
        self.rows.truncate(last * stride);
        if self.len() < (1usize << self.bucket_bits) / 4 && self.bucket_bits > MIN_BUCKET_BITS {
            // Give memory back after mass removals; growing again needs the
            // length to double first, so this cannot thrash.
            self.rehash(self.bucket_bits - 1);
        }
        Ok(fp)
    }

    /// Every stored fingerprint within [`max_distance`](Self::max_distance)
    /// of `query`, sorted by distance then id; exactly the fingerprints a
    /// brute-force scan finds.
    pub fn query(&self, query: SimHash) -> Vec<SimHashMatch> {
        let mut out = Vec::new();
        self.query_into(query, &mut out);
        out
    }

    /// [`query`](Self::query) into a caller's buffer (cleared first), to
    /// reuse its allocation across queries.
    pub fn query_into(&self, query: SimHash, out: &mut Vec<SimHashMatch>) {
        out.clear();
        let q = query.0;
        let stride = self.stride();
        for (t, &mask) in self.table_masks.iter().enumerate() {
            let mut s = self.heads[self.bucket(t, q)];
            while s != NIL {
                let slot = s as usize;
                let row = &self.rows[slot * stride..slot * stride + stride];
                let x = q ^ (u64::from(row[0]) | u64::from(row[1]) << 32);
                if x & mask == 0 {
                    let distance = x.count_ones();
                    if distance <= self.max_distance && self.first_table(x) == mask {
                        out.push(SimHashMatch {
                            distance,
                            id: self.ids[slot],
                        });
                    }
                }
                s = row[2 + t];
            }
        }
        out.sort_unstable();
    }

    /// The key mask of the first table (in enumeration order) on whose
    /// blocks two fingerprints differing by `x` agree. Called only when they
    /// agree on at least `blocks − max_distance` blocks.
    fn first_table(&self, x: u64) -> u64 {
        let mut need = self.blocks() - self.max_distance;
        let mut mask = 0;
        for &b in &self.block_masks {
            if x & b == 0 {
                mask |= b;
                need -= 1;
                if need == 0 {
                    break;
                }
            }
        }
        mask
    }
}

impl Default for SimHashIndex {
    /// An index for [`DEFAULT_MAX_DISTANCE`] (3): 5 blocks, 10 tables.
    fn default() -> Self {
        // 3 < 64 always gives a layout.
        match Self::new(DEFAULT_MAX_DISTANCE) {
            Ok(index) => index,
            Err(_) => unreachable!("the default layout is valid"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserving_more_than_can_be_held_is_an_error() {
        let mut idx = SimHashIndex::new(3).unwrap();
        idx.insert(1, SimHash(0xF0F0)).unwrap();
        for n in [usize::MAX, 1 << 40] {
            let e = idx.reserve(n).unwrap_err();
            assert!(
                matches!(&e, Error::CapacityExceeded { what: "fingerprints", requested, .. } if *requested == n),
                "{e:?}"
            );
        }
        idx.reserve(5000).unwrap();
        let ids: Vec<u64> = idx.query(SimHash(0xF0F1)).iter().map(|m| m.id).collect();
        assert_eq!(ids, vec![1]);
    }

    #[test]
    fn blocks_cover_the_word_once() {
        for b in 1..=64 {
            let masks = block_masks(b);
            assert_eq!(masks.len(), b as usize);
            assert_eq!(masks.iter().fold(0, |a, m| a | m), u64::MAX);
            assert_eq!(masks.iter().map(|m| m.count_ones()).sum::<u32>(), 64);
            let widths: Vec<u32> = masks.iter().map(|m| m.count_ones()).collect();
            assert!(widths.iter().max().unwrap() - widths.iter().min().unwrap() <= 1);
        }
    }

    #[test]
    fn tables_are_every_subset_in_order() {
        let masks = block_masks(5);
        let t = table_masks(&masks, 2);
        assert_eq!(t.len(), 10);
        assert_eq!(t[0], masks[0] | masks[1]);
        assert_eq!(t[1], masks[0] | masks[2]);
        assert_eq!(t[9], masks[3] | masks[4]);
        assert_eq!(binomial(64, 32), 1_832_624_140_942_590_534);
        assert_eq!(binomial(6, 3), 20);
    }

    /// The numbers in the table of the type docs.
    #[test]
    fn default_layouts_match_the_docs() {
        // (k, blocks, tables, key bits, random candidates per query at 10^6 and 10^7)
        let expect = [
            (0, 1, 1, (64, 64), 0.0, 0.0),
            (1, 2, 2, (32, 32), 0.0005, 0.005),
            (2, 3, 3, (21, 22), 1.2, 12.0),
            (3, 5, 10, (25, 26), 0.21, 2.1),
            (4, 6, 15, (20, 22), 6.2, 62.0),
            (5, 7, 21, (18, 19), 69.0, 687.0),
            (6, 9, 84, (21, 22), 33.0, 334.0),
        ];
        for (k, blocks, tables, bits, at_1m, at_10m) in expect {
            let index = SimHashIndex::new(k).unwrap();
            assert_eq!(
                (index.blocks(), index.tables(), index.key_bits()),
                (blocks, tables, bits),
                "k = {k}"
            );
            let per_query = |n: f64| layout_cost(&index.table_masks, n) - 2.0 * tables as f64;
            for (n, doc) in [(1e6, at_1m), (1e7, at_10m)] {
                let got = per_query(n);
                assert!(
                    (got - doc).abs() <= 0.02 * doc.max(0.1),
                    "k = {k}, n = {n}: {got}"
                );
            }
        }
        for k in 0..64 {
            let index = SimHashIndex::new(k).unwrap();
            assert!(index.tables() <= MAX_TABLES && index.blocks() > k);
        }
    }
}
