//! The entry lists of the recent part of an [`LshIndex`](super::LshIndex)
//! band (see `index/band.rs`), stored in fixed-size chunks.
//!
//! Entries are appended a few at a time between two merges into the
//! band's sorted part. Chunks of 4,096 entries are never moved as the list
//! grows (a growing `Vec` copies itself into fresh pages each time it
//! doubles), and only the last one is partly unused (32 KiB at most per
//! band for `u32` ids).

/// One stored `(band key, id)` pair; `next` links the entries of a bucket,
/// newest first, and `held` is how many entries the bucket held once this
/// one was stored (those of the band's sorted part included; [`MANY`] for
/// that many or more): the head's is the bucket's size, known without
/// walking the chain. Packed: ten bytes for `u32` ids, not twelve.
#[derive(Debug, Clone, Copy)]
#[repr(C, packed(2))]
pub(super) struct Entry<Id> {
    pub id: Id,
    pub next: u32,
    pub held: u16,
}

/// The [`Entry::held`] of a bucket of this many entries or more.
pub(super) const MANY: u16 = u16::MAX;

/// The end of a bucket's chain.
pub(super) const END: u32 = u32::MAX;

const CHUNK_BITS: u32 = 12;
const CHUNK: usize = 1 << CHUNK_BITS;

/// Entries addressed by their `u32` position, in order of insertion.
#[derive(Debug, Clone)]
pub(super) struct Entries<Id: Copy> {
    chunks: Vec<Vec<Entry<Id>>>,
    len: usize,
}

impl<Id: Copy> Entries<Id> {
    pub fn new() -> Self {
        Entries {
            chunks: Vec::new(),
            len: 0,
        }
    }

    /// Appends `e` at position [`len`](Self::len).
    pub fn push(&mut self, e: Entry<Id>) {
        if self.len.is_multiple_of(CHUNK) {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        if let Some(last) = self.chunks.last_mut() {
            last.push(e);
        }
        self.len += 1;
    }

    /// The position the next entry gets.
    pub fn len(&self) -> u32 {
        self.len as u32
    }

    /// The entry at position `at` (below [`len`](Self::len)).
    #[inline]
    pub fn get(&self, at: u32) -> Entry<Id> {
        self.chunks[(at >> CHUNK_BITS) as usize][at as usize & (CHUNK - 1)]
    }

    /// Starts loading the entry at position `at` (below
    /// [`len`](Self::len)) for a [`get`](Self::get) a little later.
    #[inline]
    pub fn prefetch(&self, at: u32) {
        let chunk = self.chunks.get((at >> CHUNK_BITS) as usize);
        if let Some(e) = chunk.and_then(|c| c.get(at as usize & (CHUNK - 1))) {
            crate::prefetch::prefetch(e);
        }
    }

    /// Heap bytes held.
    pub fn memory_bytes(&self) -> usize {
        self.chunks.capacity() * std::mem::size_of::<Vec<Entry<Id>>>()
            + self
                .chunks
                .iter()
                .map(|c| c.capacity() * std::mem::size_of::<Entry<Id>>())
                .sum::<usize>()
    }
}

impl<Id: Copy> FromIterator<Entry<Id>> for Entries<Id> {
    fn from_iter<I: IntoIterator<Item = Entry<Id>>>(iter: I) -> Self {
        let mut entries = Entries::new();
        for e in iter {
            entries.push(e);
        }
        entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_survive_chunk_boundaries() {
        let mut e = Entries::new();
        for i in 0..(3 * CHUNK as u32 + 5) {
            assert_eq!(e.len(), i);
            e.push(Entry {
                id: i,
                next: END,
                held: 1,
            });
        }
        for at in [0, CHUNK as u32 - 1, CHUNK as u32, 3 * CHUNK as u32 + 4] {
            assert_eq!({ e.get(at).id }, at);
        }
        assert!((0..e.len())
            .map(|at| e.get(at).id)
            .eq(0..3 * CHUNK as u32 + 5));
    }
}
