//! Copies: documents whose fingerprints are equal (the same exact shingle
//! set and the same passage keys) are one *text* to the engine.
//!
//! A wire story carried verbatim by many outlets, or fed twice under two
//! ids, gives documents that every stage treats alike: they hit the same
//! buckets, verify alike against every other document, and share all
//! their text with each other. The engine holds such a text once: its
//! first copy, the *holder*, keeps the shingle set and the passages in the
//! index; every other copy is a document (id, time) that names its holder.
//! Pairs are stored between texts and listed between documents when
//! reported, so `n` copies cost `n` documents, not `n²` verified pairs.
//!
//! What is reported does not change: a bucket counts each copy as a
//! document, a sample of a bucket draws from every copy, and a pair of
//! texts stands for each pair of their documents. With a
//! [`window`](crate::DedupConfig::window), only copies published at the
//! same second are one text, so that a pair of texts is a pair of
//! documents within the window or none.

use std::collections::HashMap;

use xxhash_rust::xxh3::Xxh3;

use crate::hashing::IntBuild;

/// A document's fingerprint as one number: equal for copies, and for
/// nothing else but with a chance of 2^-128.
pub(in crate::dedup) fn print(set: &[u32], keys: &[u32], published: Option<i64>) -> u128 {
    let mut h = Xxh3::new();
    for part in [set, keys] {
        h.update(&(part.len() as u64).to_le_bytes());
        // Through a stack buffer: one update per 64 values, not per value.
        let mut buf = [0u8; 256];
        for chunk in part.chunks(64) {
            for (b, x) in buf.chunks_exact_mut(4).zip(chunk) {
                b.copy_from_slice(&x.to_le_bytes());
            }
            h.update(&buf[..chunk.len() * 4]);
        }
    }
    if let Some(t) = published {
        h.update(&t.to_le_bytes());
    }
    h.digest128()
}

/// The texts held by more than one document, and where to find a text by
/// its print.
#[derive(Debug, Clone, Default)]
pub(super) struct Copies {
    /// Live holders by the low half of their print (the whole print is in
    /// the holder's document).
    by_print: HashMap<u64, u32, IntBuild>,
    /// Per holder with copies: the other live documents of its text, in
    /// the order they were added.
    others: HashMap<u32, Vec<u32>, IntBuild>,
}

impl Copies {
    /// The holder registered under `print`'s low half, if any; the caller
    /// checks the whole print.
    pub fn holder(&self, print: u128) -> Option<u32> {
        self.by_print.get(&(print as u64)).copied()
    }

    /// Registers `holder` as the text of `print`, unless another holds it.
    pub fn register(&mut self, print: u128, holder: u32) {
        self.by_print.entry(print as u64).or_insert(holder);
    }

    /// Forgets `holder` as the text of `print`.
    pub fn unregister(&mut self, print: u128, holder: u32) {
        if self.by_print.get(&(print as u64)) == Some(&holder) {
            self.by_print.remove(&(print as u64));
        }
    }

    /// Adds `doc` as a copy of `holder`'s text.
    pub fn add(&mut self, holder: u32, doc: u32) {
        self.others.entry(holder).or_default().push(doc);
    }

    /// The other live documents of `holder`'s text.
    pub fn of(&self, holder: u32) -> &[u32] {
        self.others.get(&holder).map_or(&[], Vec::as_slice)
    }

    /// Number of live documents of `holder`'s text.
    pub fn weight(&self, holder: u32) -> usize {
        1 + self.of(holder).len()
    }

    /// Whether any text has copies.
    pub fn is_empty(&self) -> bool {
        self.others.is_empty()
    }

    /// Removes copy `doc` of `holder`'s text; returns whether the text is
    /// left with no copy.
    pub fn remove(&mut self, holder: u32, doc: u32) -> bool {
        let Some(others) = self.others.get_mut(&holder) else {
            return true;
        };
        others.retain(|&d| d != doc);
        if others.is_empty() {
            self.others.remove(&holder);
            return true;
        }
        false
    }

    /// The holder of a text with copies is removed: its first copy takes
    /// over. Returns the new holder and the text's other copies.
    pub fn promote(&mut self, holder: u32, print: u128) -> Option<(u32, &[u32])> {
        let mut others = self.others.remove(&holder)?;
        let next = others.remove(0);
        self.unregister(print, holder);
        self.by_print.insert(print as u64, next);
        if others.is_empty() {
            return Some((next, &[]));
        }
        let others = self.others.entry(next).or_insert(others);
        Some((next, others.as_slice()))
    }

    /// Numbers documents again (`to[old]` is the new number of a live
    /// one), keeping their order.
    pub fn renumber(&mut self, to: &[u32]) {
        for holder in self.by_print.values_mut() {
            *holder = to[*holder as usize];
        }
        self.others = std::mem::take(&mut self.others)
            .into_iter()
            .map(|(h, mut docs)| {
                for d in &mut docs {
                    *d = to[*d as usize];
                }
                (to[h as usize], docs)
            })
            .collect();
    }

    /// Bytes held.
    pub fn memory_bytes(&self) -> usize {
        self.by_print.capacity() * 13
            + self.others.capacity() * 33
            + self
                .others
                .values()
                .map(|v| v.capacity() * 4)
                .sum::<usize>()
    }
}
