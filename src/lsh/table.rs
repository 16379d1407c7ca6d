//! The key table of the recent part of an [`LshIndex`](super::LshIndex)
//! band (see `index/band.rs`): each band key mapped to the newest entry of
//! its chain.
//!
//! Open addressing with linear probing: one 8-byte slot holds a key and its
//! chain head, so a lookup reads one cache line where a general hash map
//! reads a control byte and a bucket in two places. Band keys are uniform
//! hashes already, so a key's home slot is its position in the key range
//! scaled to the table (`key * capacity >> 32`). An empty slot is all
//! zeros. A new table is filled with zeros explicitly rather than taken as
//! a zeroed allocation: the system would map a large zeroed allocation to
//! its shared zero page, so the first lookup of a page (a read) and then
//! the first insert into it (a write) would fault twice, the second time
//! flushing the page from the other threads' address translation caches,
//! an interrupt on every other core running the process.
//!
//! [`prefetch`](KeyTable::prefetch) asks for a key's slot ahead of its
//! lookup (see [`crate::prefetch`]).

use super::entries::END;
use crate::prefetch::prefetch;

/// A slot: the key in the high half, the chain head plus one in the low
/// half; zero when empty (a present key's head is never [`END`]).
type Slot = u64;

#[inline(always)]
fn slot(key: u32, head: u32) -> Slot {
    u64::from(key) << 32 | u64::from(head + 1)
}

#[inline(always)]
fn key_of(s: Slot) -> u32 {
    (s >> 32) as u32
}

/// The head in slot `s`, or [`END`] for an empty slot.
#[inline(always)]
fn head_of(s: Slot) -> u32 {
    (s as u32).wrapping_sub(1)
}

/// Whether `len` keys fit in `cap` slots: at most four fifths full, so probe
/// runs stay short (at four fifths, a lookup of an absent key reads about
/// 13 slots on average, two cache lines). No keys fit in no slots.
fn fits(len: usize, cap: usize) -> bool {
    // In u128: no overflow whatever `len` a caller asks room for.
    5 * len as u128 <= 4 * cap as u128
}

/// The capacity after `cap`: twice as large, so a table is between two and
/// four fifths full.
fn grown(cap: usize) -> usize {
    (2 * cap).max(16)
}

/// Band keys to chain heads. A present key's head is never [`END`].
#[derive(Debug, Clone, Default)]
pub(super) struct KeyTable {
    slots: Vec<Slot>,
    len: usize,
}

impl KeyTable {
    #[inline]
    fn home(&self, key: u32) -> usize {
        ((u64::from(key) * self.slots.len() as u64) >> 32) as usize
    }

    /// The slot holding `key`, or the empty slot where it would go. The
    /// table is never full.
    #[inline]
    fn find(&self, key: u32) -> usize {
        let mut at = self.home(key);
        loop {
            let s = self.slots[at];
            if s == 0 || key_of(s) == key {
                return at;
            }
            at += 1;
            if at == self.slots.len() {
                at = 0;
            }
        }
    }

    /// The head stored under `key`.
    #[inline]
    pub fn get(&self, key: u32) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let head = head_of(self.slots[self.find(key)]);
        (head != END).then_some(head)
    }

    /// Stores `head` (not [`END`]) under `key`; returns the head it replaces,
    /// or [`END`] if the key is new.
    #[inline]
    pub fn replace(&mut self, key: u32, head: u32) -> u32 {
        debug_assert_ne!(head, END);
        if !fits(self.len + 1, self.slots.len()) {
            self.resize(grown(self.slots.len()));
        }
        let at = self.find(key);
        let old = head_of(self.slots[at]);
        self.slots[at] = slot(key, head);
        if old == END {
            self.len += 1;
        }
        old
    }

    /// Starts loading the slot where a lookup of `key` begins, so that a
    /// [`get`](Self::get) or [`replace`](Self::replace) of it a little later
    /// finds it in cache. Changes nothing.
    #[inline]
    pub fn prefetch(&self, key: u32) {
        if let Some(s) = self.slots.get(self.home(key)) {
            prefetch(s);
        }
    }

    /// Every key with its head, in slot order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.slots
            .iter()
            .filter(|&&s| s != 0)
            .map(|&s| (key_of(s), head_of(s)))
    }

    /// Moves the keys into a new table of `cap` slots.
    // Zeros written on purpose, not mapped (see the module documentation).
    #[allow(clippy::slow_vector_initialization)]
    fn resize(&mut self, cap: usize) {
        let mut slots = Vec::with_capacity(cap);
        // Written, not `vec![0; cap]`: see the module documentation.
        slots.resize(cap, 0);
        let old = std::mem::replace(&mut self.slots, slots);
        // Slot order is nearly key order, and so is the new table's: the
        // moves sweep it front to back.
        for s in old.into_iter().filter(|&s| s != 0) {
            let at = self.find(key_of(s));
            self.slots[at] = s;
        }
    }

    /// Heap bytes held.
    pub fn memory_bytes(&self) -> usize {
        self.slots.capacity() * std::mem::size_of::<Slot>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    proptest! {
        /// The table answers as a `HashMap` given the same operations,
        /// through growth and wrap-around at the end.
        #[test]
        fn behaves_as_a_map(
            ops in prop::collection::vec((any::<u32>(), 0u32..1000), 0..400),
            crowd_the_end in any::<bool>(),
        ) {
            let mut table = KeyTable::default();
            let mut map: HashMap<u32, u32> = HashMap::new();
            for (key, head) in ops {
                // Keys near u32::MAX all go home to the last slots.
                let key = if crowd_the_end { u32::MAX - key % 64 } else { key };
                table.prefetch(key);
                prop_assert_eq!(table.replace(key, head), map.insert(key, head).unwrap_or(END));
                let other = key.wrapping_add(1);
                prop_assert_eq!(table.get(other), map.get(&other).copied());
            }
            for (&k, &h) in &map {
                prop_assert_eq!(table.get(k), Some(h));
            }
            let mut listed: Vec<(u32, u32)> = table.iter().collect();
            listed.sort_unstable();
            let mut want: Vec<(u32, u32)> = map.into_iter().collect();
            want.sort_unstable();
            prop_assert_eq!(listed, want);
        }
    }

    #[test]
    fn empty_table_finds_nothing() {
        let mut t = KeyTable::default();
        t.prefetch(7);
        assert_eq!(t.get(7), None);
        assert_eq!(t.memory_bytes(), 0);
        assert_eq!(t.replace(7, 3), END);
        assert_eq!(t.get(7), Some(3));
    }
}
