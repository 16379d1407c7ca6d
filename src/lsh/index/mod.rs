//! [`LshIndex`]: MinHash signatures bucketed by band, for candidate lookup.

use std::collections::HashSet;

use crate::par::prelude::*;
use std::hash::Hash;

use crate::hashing::IntBuild;

use super::sorted::{sort_keyed, Keyed};
use super::LshParams;
use crate::hash::band_key;
use crate::minhash::{Signature, SignatureParams};
use crate::{Error, Result};
use band::Band;

mod band;
mod batch;
mod persist;

pub(crate) use batch::{Batch, Runs};

pub use persist::SavedId;

/// How many items ahead a bulk insert prefetches a band's key slot: about
/// as many misses as a core keeps in flight.
const PREFETCH_AHEAD: usize = 16;

/// A MinHash LSH index: ids stored under the band keys of their signatures.
///
/// Each of the `bands` tables maps a band key (a 32-bit hash of `rows`
/// signature values) to the ids stored under it; [`query`](Self::query)
/// returns every id that shares at least one band key with the query
/// signature. Ids are any small `Copy` key (`u32`, `u64`, …). The index
/// does not keep signatures: callers verify candidates themselves (on
/// signatures or, better, on exact sets).
///
/// Memory: ids inserted one at a time or in small batches cost about 22
/// bytes per (id, band) for `u32` ids, in a hash table; a large batch (a
/// quarter or more of what the index holds) is sorted into one array per
/// band, at about 10 bytes per (id, band) (18 for `u64`), with what the
/// table held. Plus 6 bytes per id.
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
pub struct LshIndex<Id: Copy = u64> {
    params: LshParams,
    signature: Option<SignatureParams>,
    bands: Vec<Band<Id>>,
    live: HashSet<Id, IntBuild>,
    dead: HashSet<Id, IntBuild>,
}

impl<Id: Copy + Eq + Hash + Ord + Default> LshIndex<Id> {
    /// An empty index with this banding.
    pub fn new(params: LshParams) -> Self {
        LshIndex {
            params,
            signature: None,
            bands: (0..params.bands).map(|_| Band::new()).collect(),
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
            // Its old entries are still in the bands: drop them first.
            self.compact();
        }
        self.signature = Some(sig.params());
        let keys: Vec<u32> = self.keys(sig.values()).collect();
        self.insert_keys(id, &keys);
        Ok(())
    }

    /// Stores `id` under precomputed band keys (from [`band_keys`](Self::band_keys)).
    pub(crate) fn insert_keys(&mut self, id: Id, keys: &[u32]) {
        // The bands are independent: every lookup is asked for before one
        // is made.
        self.prefetch_keys(keys);
        for (band, &key) in self.bands.iter().zip(keys) {
            band.prefetch_entries(key);
            band.prefetch_chain(key);
        }
        for (band, &key) in self.bands.iter_mut().zip(keys) {
            band.push(key, id);
        }
        self.live.insert(id);
    }

    /// Stores many ids under precomputed band keys, each band's table filled
    /// on its own rayon task if `parallel` (else all on the calling thread).
    /// The index ends as if [`insert_keys`](Self::insert_keys) was called on
    /// each item in order. Returns, per band, the buckets that took an
    /// item and now hold two entries or more, as `(key, entries held)`
    /// sorted by key (the entries of removed ids not yet compacted away
    /// count): sizes known without walking a bucket.
    pub(crate) fn insert_many_keys<B: Batch<Id> + ?Sized>(
        &mut self,
        items: &B,
        parallel: bool,
    ) -> Vec<Vec<(u32, u32)>>
    where
        Id: Send + Sync,
    {
        // The bands due to be merged into take the items' keys sorted. On
        // one thread they are gathered in one pass over the items, each
        // item's keys read once; in parallel, each band gathers its own.
        let n = items.len();
        let settles: Vec<bool> = (self.bands.iter())
            .map(|band| band.settles_with(n))
            .collect();
        let gather = |at: usize| -> Vec<Keyed<Id>> {
            let mut out = Vec::with_capacity(n);
            out.extend(
                (items.items()).filter_map(|(id, keys)| keys.get(at).map(|&key| Keyed { key, id })),
            );
            out
        };
        let mut gathered: Vec<Option<Vec<Keyed<Id>>>> = (settles.iter())
            .map(|&settles| (settles && !parallel).then(|| Vec::with_capacity(n)))
            .collect();
        if gathered.iter().any(Option::is_some) {
            for (id, keys) in items.items() {
                for (to, &key) in gathered.iter_mut().zip(keys) {
                    if let Some(to) = to {
                        to.push(Keyed { key, id });
                    }
                }
            }
        }
        let fill = |at: usize, band: &mut Band<Id>, new: Option<Vec<Keyed<Id>>>| {
            let mut repeated = Vec::new();
            let new = new.or_else(|| (parallel && settles[at]).then(|| gather(at)));
            if let Some(mut new) = new {
                // Sorted and merged in, with what waited in the table.
                sort_keyed(&mut new);
                for run in new.chunk_by(|x, y| x.key == y.key) {
                    let k = run[0].key;
                    let held = (run.len() as u32).saturating_add(band.count(k));
                    if held > 1 {
                        repeated.push((k, held));
                    }
                }
                band.settle(new, |_| true);
                return repeated;
            }
            let key_of = |(_, keys): (Id, &[u32])| keys.get(at).copied();
            let mut ahead = items.items().skip(PREFETCH_AHEAD);
            // Half as far ahead, the sorted part's entries, whose place the
            // directory slot fetched for the item further ahead gives.
            let mut half = items.items().skip(PREFETCH_AHEAD / 2);
            for (id, keys) in items.items() {
                if let Some(k) = ahead.next().and_then(key_of) {
                    band.prefetch(k);
                }
                if let Some(k) = half.next().and_then(key_of) {
                    band.prefetch_entries(k);
                    band.prefetch_chain(k);
                }
                if let Some(&k) = keys.get(at) {
                    let held = band.push(k, id);
                    if held > 1 {
                        repeated.push((k, held));
                    }
                }
            }
            // A bucket's last push saw it whole: sorted stably, the last
            // of each key's run.
            crate::radix::sort_by_key(&mut repeated, &mut Vec::new(), |(k, _)| k);
            repeated.dedup_by(|later, earlier| {
                let same = later.0 == earlier.0;
                if same {
                    earlier.1 = later.1;
                }
                same
            });
            repeated
        };
        // A few items go in on the calling thread: waking a pool thread
        // costs more than the work.
        let bands = self.bands.iter_mut().zip(gathered);
        let repeated = match parallel {
            true => (bands.collect::<Vec<_>>().into_par_iter().enumerate())
                .map(|(at, (band, new))| fill(at, band, new))
                .collect(),
            false => (bands.enumerate())
                .map(|(at, (band, new))| fill(at, band, new))
                .collect(),
        };
        self.live.reserve(n);
        self.live.extend(items.items().map(|(id, _)| id));
        repeated
    }

    /// Makes room for `additional` more ids in the set of ids held (the
    /// bands' arrays are sized as they are merged). A hint: inserting more
    /// works as before.
    ///
    /// # Errors
    ///
    /// [`Error::CapacityExceeded`] when the room cannot be had: more ids
    /// than a band can number (`2^32 − 1` entries), or memory the
    /// allocator refuses. The ids held and every answer stay as they were.
    pub fn reserve(&mut self, additional: usize) -> Result<()> {
        let refused = |reason: String| Error::CapacityExceeded {
            what: "ids",
            requested: additional,
            reason,
        };
        let most = u32::MAX as usize;
        if self.live.len().saturating_add(additional) > most {
            return Err(refused(format!("an index holds at most {most} ids")));
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
        let dead = &self.dead;
        for band in &mut self.bands {
            band.settle(Vec::new(), |id| !dead.contains(&id));
        }
        self.dead.clear();
    }

    /// Renames every id by `rename`, which must not give two ids one
    /// name. Compacts first: removed ids are dropped, not renamed.
    pub(crate) fn renumber(&mut self, rename: impl Fn(Id) -> Id) {
        self.compact();
        for band in &mut self.bands {
            band.rename(&rename);
        }
        self.live = self.live.iter().map(|&id| rename(id)).collect();
    }

    /// The buckets, as `(band, key)`, that hold an id `wanted` accepts,
    /// removed ids included: a pass over every entry.
    pub(crate) fn buckets_holding(&self, wanted: impl Fn(Id) -> bool) -> Vec<(usize, u32)> {
        let mut out = Vec::new();
        for (at, band) in self.bands.iter().enumerate() {
            let entries = band.sorted();
            let held = entries.iter().filter(|e| wanted(e.id));
            out.extend(held.map(|e| (at, e.key)));
        }
        out.dedup();
        out
    }

    /// How many entries bucket `(band, key)` holds, as an insert tells it.
    #[cfg(test)]
    pub(crate) fn bucket_len(&self, band: usize, key: u32) -> u32 {
        self.bands[band].count(key)
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
        // The bands are independent: where each one's entries are is
        // asked for, then the entries, before one is read.
        self.prefetch_keys(keys);
        self.prefetch_entries(keys);
        for (band, &key) in self.bands.iter().zip(keys) {
            band.prefetch_chain(key);
        }
        for (band, &key) in self.bands.iter().zip(keys) {
            band.walk(key, |id| {
                out.push(id);
                true
            });
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
        if let Some(band) = self.bands.get(band) {
            band.walk(key, |id| {
                (!self.dead.is_empty() && self.dead.contains(&id)) || f(id)
            });
        }
    }

    /// Starts loading the table slots of band `keys`, for a
    /// [`query_keys_into`](Self::query_keys_into) of them a little later:
    /// the bands' slots are independent, so all are asked for before one
    /// is read. Changes nothing.
    pub(crate) fn prefetch_keys(&self, keys: &[u32]) {
        for (band, &key) in self.bands.iter().zip(keys) {
            band.prefetch(key);
        }
    }

    /// Starts loading the entries under band `keys`, a step after
    /// [`prefetch_keys`](Self::prefetch_keys) of them (which loads where
    /// they are found). Changes nothing.
    pub(crate) fn prefetch_entries(&self, keys: &[u32]) {
        for (band, &key) in self.bands.iter().zip(keys) {
            band.prefetch_entries(key);
        }
    }

    /// Approximate heap bytes used by the tables and id sets.
    pub fn memory_bytes(&self) -> usize {
        let bands: usize = self.bands.iter().map(Band::memory_bytes).sum();
        let ids = (self.live.capacity() + self.dead.capacity()) * (std::mem::size_of::<Id>() + 1);
        bands + ids
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
            bulk.insert_many_keys(&items[..], keys_parallel);
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

    #[derive(Debug, Clone)]
    enum Op {
        One(Vec<u32>),
        Many(Vec<Vec<u32>>),
        Remove(usize),
        Compact,
        Reload,
    }

    fn op() -> impl proptest::strategy::Strategy<Value = Op> {
        use proptest::prelude::*;
        let keys = || proptest::collection::vec(0u32..60, 4);
        prop_oneof![
            4 => keys().prop_map(Op::One),
            2 => proptest::collection::vec(keys(), 0..150).prop_map(Op::Many),
            2 => any::<usize>().prop_map(Op::Remove),
            1 => Just(Op::Compact),
            1 => Just(Op::Reload),
        ]
    }

    proptest::proptest! {
        /// Through inserts one at a time and in batches of every size (the
        /// table part, merges into the sorted part), removals, compaction
        /// and a save and load, the index answers as a list of the live
        /// ids' keys would, and its bytes are those of an index holding
        /// only the live ids, however it got there.
        #[test]
        fn answers_as_a_list_of_keys(ops in proptest::collection::vec(op(), 0..40)) {
            let params = LshParams::new(4, 1).unwrap();
            let mut index: LshIndex<u32> = LshIndex::new(params);
            let mut live: Vec<(u32, Vec<u32>)> = Vec::new();
            let mut next = 0u32;
            for op in ops {
                match op {
                    Op::One(keys) => {
                        index.insert_keys(next, &keys);
                        live.push((next, keys));
                        next += 1;
                    }
                    Op::Many(batch) => {
                        let items: Vec<(u32, Vec<u32>)> = batch
                            .into_iter()
                            .enumerate()
                            .map(|(i, k)| (next + i as u32, k))
                            .collect();
                        let before = index.clone();
                        let shared = index.insert_many_keys(&items[..], next.is_multiple_of(2));
                        // Each bucket the batch took that holds two entries
                        // or more, once, with its size: removed ids not yet
                        // compacted away count, as they do in the bands.
                        for (band, got) in shared.into_iter().enumerate() {
                            let mut want: Vec<(u32, u32)> = items
                                .iter()
                                .map(|(_, keys)| keys[band])
                                .map(|k| {
                                    let stored = before.bands[band].count(k);
                                    let added = items.iter().filter(|(_, l)| l[band] == k).count();
                                    (k, stored + added as u32)
                                })
                                .filter(|&(_, held)| held > 1)
                                .collect();
                            want.sort_unstable();
                            want.dedup();
                            proptest::prop_assert_eq!(&got, &want);
                            for &(k, held) in &got {
                                proptest::prop_assert_eq!(index.bands[band].count(k), held);
                                let live_held = live
                                    .iter()
                                    .chain(&items)
                                    .filter(|(_, l)| l[band] == k)
                                    .count();
                                proptest::prop_assert!(live_held as u32 <= held);
                            }
                        }
                        next += items.len() as u32;
                        live.extend(items);
                    }
                    Op::Remove(i) if !live.is_empty() => {
                        let (id, _) = live.remove(i % live.len());
                        index.remove(id).unwrap();
                    }
                    Op::Remove(_) => {}
                    Op::Compact => index.compact(),
                    Op::Reload => index = LshIndex::from_bytes(&index.to_bytes()).unwrap(),
                }
                for key in 0..60 {
                    let mut got = Vec::new();
                    index.query_keys_into(&[key, key + 1, key, key + 2], &mut got);
                    let mut want: Vec<u32> = live
                        .iter()
                        .filter(|(_, k)| k[0] == key || k[1] == key + 1 || k[2] == key || k[3] == key + 2)
                        .map(|(id, _)| *id)
                        .collect();
                    want.sort_unstable();
                    proptest::prop_assert_eq!(got, want);
                }
            }
            index.compact();
            let mut fresh = LshIndex::new(params);
            for (id, keys) in &live {
                fresh.insert_keys(*id, keys);
            }
            proptest::prop_assert_eq!(index.to_bytes(), fresh.to_bytes());
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
