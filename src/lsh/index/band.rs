//! One band of an [`LshIndex`](super::LshIndex): band keys to the ids
//! stored under them, in two parts.
//!
//! - The *settled* part ([`SortedRun`]): every entry in one array sorted
//!   by key, 10 bytes a `u32` entry. A large batch goes straight in: its
//!   entries sorted and merged with those already there.
//! - The *recent* part: a hash table of chains ([`KeyTable`] and
//!   [`Entries`]) and a log of its entries in order, some 28 bytes an
//!   entry, where a few entries at a time go in without moving the others.
//!   Once it holds more than a quarter of what is settled, it is merged in.
//!
//! Storing an entry in the recent part also asks the settled part whether
//! its key is there (the caller learns which buckets now hold two
//! entries); that and a lookup reading both parts are what small batches
//! pay for the memory a sorted array saves (BENCHMARKS.md, "lsh index").
//!
//! Each settled entry is copied again by each later merge, which comes
//! after a quarter as many entries again: five copies per entry in all,
//! sequential ones. Lookups read both parts; their order (which part, which
//! chain position) is not part of any answer.

use std::borrow::Cow;

use super::super::entries::{Entries, Entry, END};
use super::super::sorted::{sort_keyed, Keyed, SortedRun};
use super::super::table::KeyTable;

/// The recent part is merged in once it holds more entries than this and
/// more than a quarter of the settled part.
const RECENT_MIN: usize = 64;

#[derive(Debug, Clone)]
pub(super) struct Band<Id> {
    settled: SortedRun<Id>,
    table: KeyTable,
    recent: Entries<Id>,
    /// The recent part's entries in the order they came, with their keys:
    /// what a merge takes, read in one sweep rather than chain by chain.
    log: Vec<Keyed<Id>>,
}

impl<Id: Copy + Ord + Default> Band<Id> {
    pub fn new() -> Self {
        Band {
            settled: SortedRun::default(),
            table: KeyTable::default(),
            recent: Entries::new(),
            log: Vec::new(),
        }
    }

    /// A band of `entries`, sorted by `(key, id)`.
    pub fn from_sorted(entries: Vec<Keyed<Id>>) -> Self {
        Band {
            settled: SortedRun::new(entries),
            ..Band::new()
        }
    }

    /// Whether `adding` more entries make the recent part due to be
    /// merged in.
    pub fn settles_with(&self, adding: usize) -> bool {
        let recent = self.recent.len() as usize + adding;
        recent > RECENT_MIN && recent > self.settled.len() / 4
    }

    /// Whether some entry is under `key`.
    pub fn holds(&self, key: u32) -> bool {
        self.table.get(key).is_some() || self.settled.contains(key)
    }

    /// Stores `id` under `key` in the recent part; returns whether `key`
    /// held an entry already.
    #[inline]
    pub fn push(&mut self, key: u32, id: Id) -> bool {
        let next = self.table.replace(key, self.recent.len());
        self.recent.push(Entry { id, next });
        self.log.push(Keyed { key, id });
        next != END || self.settled.contains(key)
    }

    /// Merges the recent part and `more` (any order) into the settled
    /// part, leaving out the ids `keep` refuses.
    pub fn settle(&mut self, mut more: Vec<Keyed<Id>>, keep: impl Fn(Id) -> bool) {
        more.append(&mut self.log);
        // A large batch comes sorted, with no recent entries to add.
        if !more.is_sorted() {
            sort_keyed(&mut more);
        }
        self.table = KeyTable::default();
        self.recent = Entries::new();
        self.log = Vec::new();
        self.settled = std::mem::take(&mut self.settled).merged(more, keep);
    }

    /// Starts loading where a lookup of `key` begins. Changes nothing.
    #[inline]
    pub fn prefetch(&self, key: u32) {
        self.settled.prefetch(key);
        self.table.prefetch(key);
    }

    /// Starts loading the entries under `key`, once a [`prefetch`](Self::prefetch)
    /// of it has had time to load. Changes nothing.
    #[inline]
    pub fn prefetch_entries(&self, key: u32) {
        self.settled.prefetch_entries(key);
    }

    /// Calls `f` on the ids under `key` until it returns `false`; returns
    /// whether it never did.
    #[inline]
    pub fn walk(&self, key: u32, mut f: impl FnMut(Id) -> bool) -> bool {
        for e in self.settled.get(key) {
            if !f(e.id) {
                return false;
            }
        }
        let mut at = self.table.get(key).unwrap_or(END);
        while at != END {
            let e = self.recent.get(at);
            if !f(e.id) {
                return false;
            }
            at = e.next;
        }
        true
    }

    /// Every entry, sorted by `(key, id)`.
    pub fn sorted(&self) -> Cow<'_, [Keyed<Id>]> {
        if self.recent.len() == 0 {
            return Cow::Borrowed(self.settled.entries());
        }
        let mut band = self.clone();
        band.settle(Vec::new(), |_| true);
        Cow::Owned(band.settled.entries().to_vec())
    }

    /// Every id stored, in no particular order.
    pub fn ids(&self) -> impl Iterator<Item = Id> + '_ {
        let settled = self.settled.entries().iter().map(|e| e.id);
        settled.chain(self.log.iter().map(|e| e.id))
    }

    /// Renames every id by `rename`.
    pub fn rename(&mut self, rename: impl Fn(Id) -> Id) {
        self.settle(Vec::new(), |_| true);
        self.settled.rename(rename);
    }

    /// Heap bytes held.
    pub fn memory_bytes(&self) -> usize {
        self.settled.memory_bytes()
            + self.table.memory_bytes()
            + self.recent.memory_bytes()
            + self.log.capacity() * std::mem::size_of::<Keyed<Id>>()
    }
}
