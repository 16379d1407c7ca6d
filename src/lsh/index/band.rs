//! One band of an [`LshIndex`](super::LshIndex): band keys to the ids
//! stored under them, in two parts.
//!
//! - The *settled* part ([`SortedRun`]): every entry in one array sorted
//!   by key, 10 bytes a `u32` entry. A large batch goes straight in: its
//!   entries sorted and merged with those already there.
//! - The *recent* part: a hash table of chains ([`KeyTable`] and
//!   [`Entries`]), some 22 bytes an entry, where small batches go in without moving the others, until a
//!   large one comes.
//!
//! A large batch (a quarter or more of what the band holds: a corpus added
//! at once, a day's articles on a saved index of a few days) takes the
//! sorted path; an index fed one document at a time stays a hash table,
//! whose inserts and lookups read one part and are the fastest (a sorted
//! part makes every small insert ask it whether the key is there, and
//! every lookup read both parts: BENCHMARKS.md, "lsh index"). Each merge
//! copies what is settled, and comes only once what is held has grown by
//! a quarter. Lookups read both parts; their order (which part, which
//! chain position) is not part of any answer.

use std::borrow::Cow;

use super::super::entries::{Entries, Entry, END, MANY};
use super::super::sorted::{merge, sort_keyed, Keyed, SortedRun};
use super::super::table::KeyTable;

/// A bucket size as [`Entry::held`] tells it, `u32::MAX` for [`MANY`].
fn widened(held: u16) -> u32 {
    match held {
        MANY => u32::MAX,
        n => u32::from(n),
    }
}

/// A batch of more entries than this, and a quarter or more of what a
/// band holds, is merged into the settled part: some 3,700 articles of
/// 17.5 passages. Smaller batches cost less in the table, and a settled
/// part made of them only taxes the table's inserts and lookups (adding
/// 100k articles in batches of 1,024 took 8% longer when the first five
/// batches were merged). The unit tests use a small bound, so that their
/// batches take both paths.
#[cfg(not(test))]
const LARGE_BATCH: usize = 1 << 16;
#[cfg(test)]
const LARGE_BATCH: usize = 64;

#[derive(Debug, Clone)]
pub(super) struct Band<Id: Copy> {
    settled: SortedRun<Id>,
    table: KeyTable,
    recent: Entries<Id>,
}

impl<Id: Copy + Ord + Default> Band<Id> {
    pub fn new() -> Self {
        Band {
            settled: SortedRun::default(),
            table: KeyTable::default(),
            recent: Entries::new(),
        }
    }

    /// A band of `entries`, sorted by `(key, id)`.
    pub fn from_sorted(entries: Vec<Keyed<Id>>) -> Self {
        Band {
            settled: SortedRun::new(entries),
            ..Band::new()
        }
    }

    /// Whether a batch of `adding` entries is large enough to be merged
    /// into the settled part (with the recent part): more than a few, and
    /// a quarter or more of what the band holds. Smaller batches go into
    /// the recent part, however many of them come.
    pub fn settles_with(&self, adding: usize) -> bool {
        let held = self.settled.len() + self.recent.len() as usize;
        adding > LARGE_BATCH && adding >= held / 4
    }

    /// How many entries are under `key` (those of removed ids not yet
    /// compacted away included), or `u32::MAX` for more than the recent
    /// part counts (see [`MANY`]).
    pub fn count(&self, key: u32) -> u32 {
        match self.table.get(key) {
            Some(head) => widened(self.recent.get(head).held),
            None => self.settled.get(key).len() as u32,
        }
    }

    /// Stores `id` under `key` in the recent part; returns how many
    /// entries `key` holds now (see [`count`](Self::count)).
    #[inline]
    pub fn push(&mut self, key: u32, id: Id) -> u32 {
        let next = self.table.replace(key, self.recent.len());
        let before = match next {
            END => self.settled.get(key).len(),
            head => usize::from(self.recent.get(head).held),
        };
        let held = u16::try_from(before + 1).unwrap_or(MANY);
        self.recent.push(Entry { id, next, held });
        widened(held)
    }

    /// Merges the recent part and `more` (any order) into the settled
    /// part, leaving out the ids `keep` refuses.
    pub fn settle(&mut self, mut more: Vec<Keyed<Id>>, keep: impl Fn(Id) -> bool) {
        self.recent_into(&mut more);
        // A large batch comes sorted, with no recent entries to add.
        if !more.is_sorted() {
            sort_keyed(&mut more);
        }
        self.table = KeyTable::default();
        self.recent = Entries::new();
        self.settled = std::mem::take(&mut self.settled).merged(more, keep);
    }

    /// Appends the recent part's entries to `out`, chain by chain.
    fn recent_into(&self, out: &mut Vec<Keyed<Id>>) {
        for (key, head) in self.table.iter() {
            let mut at = head;
            while at != END {
                let e = self.recent.get(at);
                out.push(Keyed { key, id: e.id });
                at = e.next;
            }
        }
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

    /// Starts loading the first entry of `key`'s chain in the recent part;
    /// reads its slot, which a [`prefetch`](Self::prefetch) should have
    /// brought in. Changes nothing.
    #[inline]
    pub fn prefetch_chain(&self, key: u32) {
        if let Some(head) = self.table.get(key) {
            self.recent.prefetch(head);
        }
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
        let mut recent = Vec::with_capacity(self.recent.len() as usize);
        self.recent_into(&mut recent);
        sort_keyed(&mut recent);
        Cow::Owned(merge(self.settled.entries(), &recent, |_| true))
    }

    /// Every id stored, in no particular order.
    pub fn ids(&self) -> impl Iterator<Item = Id> + '_ {
        let settled = self.settled.entries().iter().map(|e| e.id);
        settled.chain((0..self.recent.len()).map(|at| self.recent.get(at).id))
    }

    /// Renames every id by `rename`.
    pub fn rename(&mut self, rename: impl Fn(Id) -> Id) {
        self.settle(Vec::new(), |_| true);
        self.settled.rename(rename);
    }

    /// Heap bytes held.
    pub fn memory_bytes(&self) -> usize {
        self.settled.memory_bytes() + self.table.memory_bytes() + self.recent.memory_bytes()
    }
}
