//! [`LshIndex`]: MinHash signatures bucketed by band, for candidate lookup.

use std::collections::HashSet;

use crate::par::prelude::*;
use smallvec::SmallVec;
use std::hash::Hash;

use crate::hashing::IntBuild;

use super::entries::{Entries, Entry, END};
use super::table::KeyTable;
use super::LshParams;
use crate::hash::band_key;
use crate::minhash::{Signature, SignatureParams};
use crate::{Error, Result};

mod persist;

pub use persist::SavedId;

/// How many items ahead a bulk insert prefetches a band's key slot: about
/// as many misses as a core keeps in flight.
const PREFETCH_AHEAD: usize = 16;

/// A MinHash LSH index: ids stored under the band keys of their signatures.
///
/// Each of the `bands` tables maps a band key (a 32-bit hash of `rows`
/// signature values) to a chain of ids; [`query`](Self::query) returns every
/// id that shares at least one band key with the query signature. Ids are
/// any small `Copy` key (`u32`, `u64`, …). The index does not keep
/// signatures: callers verify candidates themselves (on signatures or,
/// better, on exact sets).
///
/// Memory: about 20 bytes per (id, band) for `u32` ids, plus 6 bytes per id.
/// [`remove`](Self::remove) marks the id dead; its entries are dropped by
/// [`compact`](Self::compact), which runs by itself once a fifth of the
/// stored ids are dead, so removal is amortised O(bands).
///
/// All methods that read take `&self`; the index is `Send + Sync` when `Id`
/// is, so one index serves queries from many threads.
///
/// # Example
///
/// ```
/// use reprint::lsh::{LshIndex, LshParams};
/// use reprint::MinHasher;
///
/// let hasher = MinHasher::new(128)?;
/// let sig = |r: std::ops::Range<u64>| hasher.signature(r);
/// let mut index = LshIndex::new(LshParams::for_threshold(0.5, 128)?);
/// index.insert(1u32, &sig(0..1000))?;
/// index.insert(2u32, &sig(5000..6000))?;
/// assert_eq!(index.query(&sig(50..1000))?, vec![1]); // Jaccard 0.95
/// assert!(index.insert(1, &sig(0..10)).is_err());  // ids are unique
/// # Ok::<(), reprint::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct LshIndex<Id = u64> {
    params: LshParams,
    signature: Option<SignatureParams>,
    tables: Vec<KeyTable>,
    entries: Vec<Entries<Id>>,
    live: HashSet<Id, IntBuild>,
    dead: HashSet<Id, IntBuild>,
}

impl<Id: Copy + Eq + Hash + Ord> LshIndex<Id> {
    /// An empty index with this banding.
    pub fn new(params: LshParams) -> Self {
        LshIndex {
            params,
            signature: None,
            tables: (0..params.bands).map(|_| KeyTable::default()).collect(),
            entries: (0..params.bands).map(|_| Entries::new()).collect(),
            live: HashSet::default(),
            dead: HashSet::default(),
        }
    }

    /// The banding.
    pub fn params(&self) -> LshParams {
        self.params
    }

    /// Number of ids stored.
    pub fn len(&self) -> usize {
        self.live.len()
    }

    /// Whether no id is stored.
    pub fn is_empty(&self) -> bool {
        self.live.is_empty()
    }

    /// Whether `id` is stored.
    pub fn contains(&self, id: Id) -> bool {
        self.live.contains(&id)
    }

    /// The band keys of a signature, one per band.
    ///
    /// # Errors
    ///
    /// [`Error::IncompatibleFingerprints`] if the signature's parameters
    /// differ from those of the signatures already stored, or it is shorter
    /// than `bands * rows`.
    pub fn band_keys(&self, sig: &Signature) -> Result<Vec<u32>> {
        self.check(sig)?;
        Ok(self.keys(sig.values()).collect())
    }

    fn check(&self, sig: &Signature) -> Result<()> {
        let p = sig.params();
        if p.num_perm < self.params.num_perm_used() {
            return Err(Error::IncompatibleFingerprints {
                left: format!(
                    "LSH index of {} bands x {} rows",
                    self.params.bands, self.params.rows
                ),
                right: p.to_string(),
            });
        }
        match self.signature {
            Some(q) if q != p => Err(Error::IncompatibleFingerprints {
                left: q.to_string(),
                right: p.to_string(),
            }),
            _ => Ok(()),
        }
    }

    fn keys<'a>(&self, values: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
        band_keys(values, self.params)
    }

    /// Stores `id` under the band keys of `sig`.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateId`] if `id` is already stored;
    /// [`Error::IncompatibleFingerprints`] as for [`band_keys`](Self::band_keys).
    pub fn insert(&mut self, id: Id, sig: &Signature) -> Result<()>
    where
        Id: std::fmt::Debug,
    {
        self.check(sig)?;
        if self.live.contains(&id) {
            return Err(Error::DuplicateId {
                id: format!("{id:?}"),
            });
        }
        if self.dead.contains(&id) {
            // Its old entries are still in the chains: drop them first.
            self.compact();
        }
        self.signature = Some(sig.params());
        let keys: Vec<u32> = self.keys(sig.values()).collect();
        self.insert_keys(id, &keys);
        Ok(())
    }

    /// Stores `id` under precomputed band keys (from [`band_keys`](Self::band_keys)).
    pub(crate) fn insert_keys(&mut self, id: Id, keys: &[u32]) {
        for ((table, entries), &key) in self.tables.iter_mut().zip(&mut self.entries).zip(keys) {
            let next = table.replace(key, entries.len());
            entries.push(Entry { id, next });
        }
        self.live.insert(id);
    }

    /// Stores many ids under precomputed band keys, each band's table filled
    /// on its own rayon task if `parallel` (else all on the calling thread).
    /// The index ends as if [`insert_keys`](Self::insert_keys) was called on
    /// each item in order. Returns, per band, the keys that held an entry
    /// already when an item was stored under them (a key once per such
    /// item): the buckets that now hold two entries or more.
    pub(crate) fn insert_many_keys<K: AsRef<[u32]> + Sync>(
        &mut self,
        items: &[(Id, K)],
        parallel: bool,
    ) -> Vec<Vec<u32>>
    where
        Id: Send + Sync,
    {
        let fill = |band: usize, table: &mut KeyTable, entries: &mut Entries<Id>| {
            let mut repeated = Vec::new();
            let key = |i: usize| items.get(i).and_then(|(_, keys)| keys.as_ref().get(band));
            for (i, (id, keys)) in items.iter().enumerate() {
                if let Some(&ahead) = key(i + PREFETCH_AHEAD) {
                    table.prefetch(ahead);
                }
                let Some(&k) = keys.as_ref().get(band) else {
                    continue;
                };
                let next = table.replace(k, entries.len());
                if next != END {
                    repeated.push(k);
                }
                entries.push(Entry { id: *id, next });
            }
            repeated
        };
        let tables = self.tables.iter_mut().zip(self.entries.iter_mut());
        // A few items go in on the calling thread: waking a pool thread
        // costs more than the work.
        let repeated = match parallel {
            true => tables
                .collect::<Vec<_>>()
                .into_par_iter()
                .enumerate()
                .map(|(band, (table, entries))| fill(band, table, entries))
                .collect(),
            false => tables
                .enumerate()
                .map(|(band, (table, entries))| fill(band, table, entries))
                .collect(),
        };
        self.live.extend(items.iter().map(|(id, _)| *id));
        repeated
    }

    /// Makes room for `additional` more ids in each band's key table, so
    /// that inserting them does not grow the tables (a table that grows is
    /// copied into a new one twice its size). A hint: inserting more works
    /// as before.
    ///
    /// # Errors
    ///
    /// [`Error::CapacityExceeded`] when the room cannot be had: more ids
    /// than a band's chains can number (`2^32 − 1` entries), or tables the
    /// allocator refuses. The ids held and every answer stay as they were.
    pub fn reserve(&mut self, additional: usize) -> Result<()> {
        let refused = |reason: String| Error::CapacityExceeded {
            what: "ids",
            requested: additional,
            reason,
        };
        let most = END as usize;
        if self.live.len().saturating_add(additional) > most {
            return Err(refused(format!("an index holds at most {most} ids")));
        }
        for table in &mut self.tables {
            table.try_reserve(additional).map_err(refused)?;
        }
        self.live
            .try_reserve(additional)
            .map_err(|e| refused(e.to_string()))
    }

    /// Removes `id`.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`] if `id` is not stored.
    pub fn remove(&mut self, id: Id) -> Result<()>
    where
        Id: std::fmt::Debug,
    {
        if !self.live.remove(&id) {
            return Err(Error::UnknownId {
                id: format!("{id:?}"),
            });
        }
        self.dead.insert(id);
        if self.dead.len() * 4 > self.live.len() {
            self.compact();
        }
        Ok(())
    }

    /// Drops the entries of removed ids and releases their memory.
    pub fn compact(&mut self) {
        if self.dead.is_empty() {
            return;
        }
        for (table, entries) in self.tables.iter_mut().zip(&mut self.entries) {
            let old = std::mem::replace(entries, Entries::new());
            let mut keys: Vec<(u32, u32)> = table.iter().collect();
            keys.sort_unstable();
            table.clear();
            for (key, head) in keys {
                // Rebuild the chain in its original order (newest first).
                let mut chain = Vec::new();
                let mut at = head;
                while at != END {
                    let e = old.get(at);
                    if !self.dead.contains(&e.id) {
                        chain.push(e.id);
                    }
                    at = e.next;
                }
                let mut next = END;
                for &id in chain.iter().rev() {
                    let at = entries.len();
                    entries.push(Entry { id, next });
                    next = at;
                }
                if next != END {
                    table.replace(key, next);
                }
            }
            table.shrink_to_fit();
        }
        self.dead.clear();
    }

    /// Renames every id by `rename`, which must keep their order (`a < b`
    /// gives `rename(a) < rename(b)`), so that chains stay newest first.
    /// Compacts first: removed ids are dropped, not renamed.
    pub(crate) fn renumber(&mut self, rename: impl Fn(Id) -> Id) {
        self.compact();
        for entries in &mut self.entries {
            entries.rename(&rename);
        }
        self.live = self.live.iter().map(|&id| rename(id)).collect();
    }

    /// Ids sharing at least one band with `sig`, sorted, without duplicates.
    ///
    /// # Errors
    ///
    /// [`Error::IncompatibleFingerprints`] as for [`band_keys`](Self::band_keys).
    pub fn query(&self, sig: &Signature) -> Result<Vec<Id>> {
        self.check(sig)?;
        let keys: Vec<u32> = self.keys(sig.values()).collect();
        let mut out = Vec::new();
        self.query_keys_into(&keys, &mut out);
        Ok(out)
    }

    /// Ids sharing at least one of the precomputed band `keys`, sorted and
    /// deduplicated, written into `out` (cleared first).
    pub(crate) fn query_keys_into(&self, keys: &[u32], out: &mut Vec<Id>) {
        out.clear();
        self.prefetch_keys(keys);
        // The bands' chains are independent too: read every head, asking
        // for each chain's first entry, before walking one.
        let heads: SmallVec<[u32; 16]> = self
            .tables
            .iter()
            .zip(&self.entries)
            .zip(keys)
            .map(|((table, entries), &key)| {
                let head = table.get(key).unwrap_or(END);
                if head != END {
                    entries.prefetch(head);
                }
                head
            })
            .collect();
        for (entries, &head) in self.entries.iter().zip(&heads) {
            let mut at = head;
            while at != END {
                let e = entries.get(at);
                out.push(e.id);
                at = e.next;
            }
        }
        out.sort_unstable();
        out.dedup();
        if !self.dead.is_empty() {
            out.retain(|id| !self.dead.contains(id));
        }
    }

    /// Walks the live ids stored under `key` in band `band`, newest first,
    /// until `f` returns `false`.
    pub(crate) fn walk_bucket(&self, band: usize, key: u32, mut f: impl FnMut(Id) -> bool) {
        let (Some(table), Some(entries)) = (self.tables.get(band), self.entries.get(band)) else {
            return;
        };
        let mut at = table.get(key).unwrap_or(END);
        while at != END {
            let e = entries.get(at);
            if (self.dead.is_empty() || !self.dead.contains(&e.id)) && !f(e.id) {
                return;
            }
            at = e.next;
        }
    }

    /// Starts loading the table slots of band `keys`, for a
    /// [`query_keys_into`](Self::query_keys_into) of them a little later:
    /// the bands' slots are independent, so all are asked for before one
    /// is read. Changes nothing.
    pub(crate) fn prefetch_keys(&self, keys: &[u32]) {
        for (table, &key) in self.tables.iter().zip(keys) {
            table.prefetch(key);
        }
    }

    /// Approximate heap bytes used by the tables and id sets.
    pub fn memory_bytes(&self) -> usize {
        let table: usize = self.tables.iter().map(KeyTable::memory_bytes).sum();
        let entries: usize = self.entries.iter().map(Entries::memory_bytes).sum();
        let ids = (self.live.capacity() + self.dead.capacity()) * (std::mem::size_of::<Id>() + 1);
        table + entries + ids
    }
}

/// The band keys of signature values: band `i` hashes `values[i*rows..(i+1)*rows]`.
pub(crate) fn band_keys(values: &[u32], params: LshParams) -> impl Iterator<Item = u32> + '_ {
    values
        .chunks_exact(params.rows)
        .take(params.bands)
        .enumerate()
        .map(|(band, vals)| band_key(band, vals))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::minhash::MinHasher;

    fn index() -> (MinHasher, LshIndex<u32>) {
        let h = MinHasher::new(64).unwrap();
        (h, LshIndex::new(LshParams::new(16, 4).unwrap()))
    }

    /// Loading refuses an entry whose id is neither live nor removed,
    /// through the bit per id (ids under a limit) and through the sets.
    #[test]
    fn an_entry_of_an_unregistered_id_is_found() {
        let (h, mut idx) = index();
        idx.insert(3, &h.signature(0..500u64)).unwrap();
        idx.insert(70, &h.signature(9_000..9_500u64)).unwrap();
        idx.remove(3).unwrap();
        assert_eq!(idx.unregistered_entry(Some(71)), None);
        assert_eq!(idx.unregistered_entry(None), None);
        idx.live.remove(&70);
        assert_eq!(idx.unregistered_entry(Some(71)), Some(70));
        assert_eq!(idx.unregistered_entry(None), Some(70));
        let bytes = idx.to_bytes();
        let e = LshIndex::<u32>::from_bytes(&bytes).unwrap_err();
        assert!(
            e.to_string().contains("entry for unregistered id 70"),
            "{e}"
        );
    }

    #[test]
    fn insert_query_remove() {
        let (h, mut idx) = index();
        let a = h.signature(0..500u64);
        let b = h.signature(10_000..10_500u64);
        idx.insert(7, &a).unwrap();
        idx.insert(9, &b).unwrap();
        assert_eq!(idx.len(), 2);
        assert_eq!(idx.query(&a).unwrap(), vec![7]);
        assert_eq!(idx.query(&h.signature(20..500u64)).unwrap(), vec![7]);
        assert!(matches!(idx.insert(7, &b), Err(Error::DuplicateId { .. })));
        idx.remove(7).unwrap();
        assert!(matches!(idx.remove(7), Err(Error::UnknownId { .. })));
        assert!(idx.query(&a).unwrap().is_empty());
        // Re-inserting a removed id under another signature forgets the old one.
        idx.insert(7, &b).unwrap();
        assert!(idx.query(&a).unwrap().is_empty());
        assert_eq!(idx.query(&b).unwrap(), vec![7, 9]);
    }

    #[test]
    fn reserving_more_than_can_be_held_is_an_error() {
        let (h, mut idx) = index();
        let a = h.signature(0..500u64);
        idx.insert(7, &a).unwrap();
        for n in [usize::MAX, 1 << 40] {
            let e = idx.reserve(n).unwrap_err();
            assert!(
                matches!(&e, Error::CapacityExceeded { what: "ids", requested, .. } if *requested == n),
                "{e:?}"
            );
        }
        idx.reserve(1000).unwrap();
        assert_eq!(idx.query(&a).unwrap(), vec![7]);
    }

    #[test]
    fn mismatched_signatures_are_errors() {
        let (h, mut idx) = index();
        idx.insert(1, &h.signature(0..10u64)).unwrap();
        let other = MinHasher::new(64).unwrap().with_seed(5).signature(0..10u64);
        assert!(matches!(
            idx.query(&other),
            Err(Error::IncompatibleFingerprints { .. })
        ));
        let short = MinHasher::new(32).unwrap().signature(0..10u64);
        let mut fresh: LshIndex<u32> = LshIndex::new(LshParams::new(16, 4).unwrap());
        assert!(fresh.insert(1, &short).is_err());
    }

    proptest::proptest! {
        /// Bulk inserts (prefetching ahead) leave the index that inserting
        /// one by one leaves: same answers, same bytes. Few distinct keys,
        /// so chains are long.
        #[test]
        fn bulk_insert_equals_one_by_one(
            keys in proptest::collection::vec(proptest::collection::vec(0u32..40, 0..5), 0..200),
            keys_parallel in proptest::bool::ANY,
        ) {
            let params = LshParams::new(4, 1).unwrap();
            let items: Vec<(u32, Vec<u32>)> = keys.into_iter().enumerate().map(|(i, k)| (i as u32, k)).collect();
            let mut bulk = LshIndex::new(params);
            bulk.insert_many_keys(&items, keys_parallel);
            let mut one = LshIndex::new(params);
            for (id, k) in &items {
                one.insert_keys(*id, k);
            }
            let bytes = |index: &LshIndex<u32>| {
                index.to_bytes()
            };
            proptest::prop_assert_eq!(bytes(&bulk), bytes(&one));
            for key in 0..40 {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                bulk.query_keys_into(&[key, key, key, key], &mut a);
                one.query_keys_into(&[key, key, key, key], &mut b);
                proptest::prop_assert_eq!(a, b);
            }
        }
    }

    #[test]
    fn compaction_keeps_live_ids() {
        let (h, mut idx) = index();
        let sig = h.signature(0..100u64);
        for id in 0..50u32 {
            idx.insert(id, &sig).unwrap();
        }
        for id in (0..50u32).filter(|i| i % 3 != 0) {
            idx.remove(id).unwrap();
        }
        idx.compact();
        let want: Vec<u32> = (0..50).filter(|i| i % 3 == 0).collect();
        assert_eq!(idx.query(&sig).unwrap(), want);
        assert_eq!(idx.len(), want.len());
    }
}
