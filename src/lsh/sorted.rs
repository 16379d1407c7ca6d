//! The settled part of an [`LshIndex`](super::LshIndex) band: its
//! `(key, id)` entries in one array sorted by key, found through a
//! directory on the keys' top bits.
//!
//! A hash table with chained entries (the band's other part, for what was
//! added lately) costs a 10-byte entry plus an 8-byte slot at most four
//! fifths full for each `(key, id)`: some 22 bytes for `u32` ids. Sorted,
//! the same pair is its 8 bytes plus a quarter of an 8-byte directory
//! slot, 10 bytes in all. A lookup reads the directory slot, then the run
//! of entries it points to (four on average); band keys are uniform
//! hashes, so the directory splits them evenly. Most keys looked up when
//! an entry is stored are absent, and the slot's mask of key bits tells
//! most of those so without the second read. The array is built once from
//! sorted input and only ever merged into a new one, so it holds no spare
//! room either.

use crate::prefetch::prefetch;

/// One `(band key, id)` pair of a band.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Keyed<Id> {
    pub key: u32,
    pub id: Id,
}

/// Entries per directory slot, on average: a lookup scans about this many.
const PER_SLOT: usize = 4;

/// A band's entries sorted by `(key, id)`, with a directory: slot `h`
/// holds the position of the first entry whose key's top `bits` bits are
/// `h` or more, and a mask of the next five bits of its keys, so that most
/// absent keys are told absent by the slot alone (a quarter of the keys
/// in a slot, four on average, light one bit of 32 each: one absent key
/// in nine reads the entries), without reading the entries.
#[derive(Debug, Clone)]
pub(super) struct SortedRun<Id> {
    entries: Vec<Keyed<Id>>,
    /// `[position, mask]` of each slot, then `[len, 0]`.
    dir: Vec<[u32; 2]>,
    /// `bits`, the slot bits: a key's slot is `key >> (32 - bits)`.
    bits: u32,
}

impl<Id> Default for SortedRun<Id> {
    fn default() -> Self {
        SortedRun {
            entries: Vec::new(),
            dir: Vec::new(),
            bits: 0,
        }
    }
}

impl<Id: Copy + Ord> SortedRun<Id> {
    /// The run of `entries`, which must be sorted by `(key, id)` and fewer
    /// than `2^32`.
    pub fn new(entries: Vec<Keyed<Id>>) -> Self {
        debug_assert!(entries.is_sorted());
        if entries.is_empty() {
            return SortedRun::default();
        }
        let mut bits = 0;
        while bits < 32 && PER_SLOT << bits < entries.len() {
            bits += 1;
        }
        let mut run = SortedRun {
            entries,
            dir: Vec::new(),
            bits,
        };
        let slots = 1usize << bits;
        let mut dir = vec![[0u32; 2]; slots + 1];
        // Each slot's position: the count of entries in slots before it.
        for e in &run.entries {
            let d = &mut dir[run.slot(e.key) + 1];
            d[0] += 1;
        }
        for e in &run.entries {
            dir[run.slot(e.key)][1] |= 1 << run.sub(e.key);
        }
        for h in 1..=slots {
            dir[h][0] += dir[h - 1][0];
        }
        dir[slots][1] = 0;
        run.dir = dir;
        run
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    #[inline]
    fn slot(&self, key: u32) -> usize {
        (u64::from(key) >> (32 - self.bits)) as usize
    }

    /// The five bits of `key` after its slot bits (fewer, then zeros, past
    /// the end).
    #[inline]
    fn sub(&self, key: u32) -> u32 {
        (u64::from(key) << self.bits) as u32 >> 27
    }

    /// The entries under `key`.
    #[inline]
    pub fn get(&self, key: u32) -> &[Keyed<Id>] {
        let h = self.slot(key);
        let (Some(&[lo, mask]), Some(&[hi, _])) = (self.dir.get(h), self.dir.get(h + 1)) else {
            return &[];
        };
        if mask >> self.sub(key) & 1 == 0 {
            return &[];
        }
        let run = &self.entries[lo as usize..hi as usize];
        let start = run.partition_point(|e| e.key < key);
        let len = run[start..].partition_point(|e| e.key == key);
        &run[start..start + len]
    }

    /// Starts loading the directory slot of `key`, for a [`get`](Self::get)
    /// a little later. Changes nothing.
    #[inline]
    pub fn prefetch(&self, key: u32) {
        if let Some(d) = self.dir.get(self.slot(key)) {
            prefetch(d);
        }
    }

    /// Starts loading the first entries of `key`'s directory slot, for a
    /// [`get`](Self::get) a little later; reads the slot, which an earlier
    /// [`prefetch`](Self::prefetch) should have brought in. Changes nothing.
    #[inline]
    pub fn prefetch_entries(&self, key: u32) {
        let first = self.dir.get(self.slot(key));
        if let Some(e) = first.and_then(|&[at, _]| self.entries.get(at as usize)) {
            prefetch(e);
        }
    }

    /// Every entry, sorted.
    pub fn entries(&self) -> &[Keyed<Id>] {
        &self.entries
    }

    /// The run of these entries and `more` (sorted), those `keep` refuses
    /// left out. Into an empty run, `more` goes as it is, not copied.
    pub fn merged(self, mut more: Vec<Keyed<Id>>, keep: impl Fn(Id) -> bool) -> Self {
        if self.entries.is_empty() {
            more.retain(|e| keep(e.id));
            more.shrink_to_fit();
            return SortedRun::new(more);
        }
        let mut out = merge(&self.entries, &more, keep);
        drop(self);
        drop(more);
        out.shrink_to_fit();
        SortedRun::new(out)
    }

    /// Renames every id by `rename` (the entries of a key sorted again).
    pub fn rename(&mut self, rename: impl Fn(Id) -> Id) {
        for e in &mut self.entries {
            e.id = rename(e.id);
        }
        sort_runs(&mut self.entries);
    }

    /// Heap bytes held.
    pub fn memory_bytes(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<Keyed<Id>>() + self.dir.capacity() * 8
    }
}

/// The entries of `a` and `b` (each sorted) in one sorted list, those
/// `keep` refuses left out.
pub(super) fn merge<Id: Copy + Ord>(
    a: &[Keyed<Id>],
    b: &[Keyed<Id>],
    keep: impl Fn(Id) -> bool,
) -> Vec<Keyed<Id>> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.iter().peekable(), b.iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if x <= y => a.next(),
            (Some(_), Some(_)) | (None, Some(_)) => b.next(),
            (Some(_), None) => a.next(),
            (None, None) => break,
        };
        if let Some(&e) = next.filter(|e| keep(e.id)) {
            out.push(e);
        }
    }
    out
}

/// Sorts `v` by `(key, id)`: by key in radix passes (keys are uniform
/// hashes), then each run of one key by id.
pub(super) fn sort_keyed<Id: Copy + Default + Ord>(v: &mut Vec<Keyed<Id>>) {
    crate::radix::sort_by_key(v, &mut Vec::new(), |e| e.key);
    sort_runs(v);
}

/// Sorts each run of one key by id, in `v` sorted by key.
fn sort_runs<Id: Copy + Ord>(v: &mut [Keyed<Id>]) {
    for run in v.chunk_by_mut(|x, y| x.key == y.key) {
        if run.len() > 1 {
            run.sort_unstable();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Lookups answer as a filter over the entries would, for keys in
        /// every part of the range, runs of one key, empty runs; merging
        /// gives the run of the union.
        #[test]
        fn finds_what_a_scan_finds(
            keys in prop::collection::vec((any::<u32>(), 0u32..8, 0u32..50), 0..300),
            more in prop::collection::vec((any::<u32>(), 0u32..50), 0..100),
        ) {
            // Some keys crowd one value, some the ends of the range.
            let key = |k: u32, crowd: u32| match crowd {
                0 => 7,
                1 => u32::MAX - k % 4,
                2 => k % 4,
                _ => k,
            };
            let mut all: Vec<Keyed<u32>> = keys.iter().map(|&(k, c, id)| Keyed { key: key(k, c), id }).collect();
            sort_keyed(&mut all);
            all.dedup();
            let run = SortedRun::new(all.clone());
            let probes = all.iter().map(|e| e.key).chain([0, 1, 7, u32::MAX, u32::MAX / 2]);
            for k in probes.clone() {
                run.prefetch(k);
                run.prefetch_entries(k);
                let want: Vec<Keyed<u32>> = all.iter().copied().filter(|e| e.key == k).collect();
                prop_assert_eq!(run.get(k), &want[..]);
            }
            let mut extra: Vec<Keyed<u32>> = more.iter().map(|&(k, id)| Keyed { key: k, id: id + 100 }).collect();
            sort_keyed(&mut extra);
            let merged = run.merged(extra.clone(), |id| id % 3 != 0);
            let mut want: Vec<Keyed<u32>> = all.iter().chain(&extra).copied().filter(|e| e.id % 3 != 0).collect();
            want.sort_unstable();
            prop_assert_eq!(merged.entries(), &want[..]);
            for k in probes.chain(extra.iter().map(|e| e.key)) {
                let want: Vec<Keyed<u32>> = want.iter().copied().filter(|e| e.key == k).collect();
                prop_assert_eq!(merged.get(k), &want[..]);
            }
        }
    }

    #[test]
    fn an_empty_run_finds_nothing() {
        let run = SortedRun::<u32>::new(Vec::new());
        run.prefetch(3);
        assert!(run.get(3).is_empty());
        assert_eq!((run.len(), run.memory_bytes()), (0, 0));
        let one = run.merged(vec![Keyed { key: 3, id: 1 }], |_| true);
        assert_eq!(one.get(3), &[Keyed { key: 3, id: 1 }]);
        assert!(one.get(u32::MAX).is_empty());
    }
}
