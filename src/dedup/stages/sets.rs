//! Stages 5 and 6 for an engine that shuffles bytes: the shingle sets
//! brought to the pairs that need them. Candidate pairs sit in pair
//! partitions, the sets in document partitions ([`doc_part`]); each pair
//! partition asks for the sets of its documents ([`requests`]), each
//! document partition answers ([`answer`]), and the answers with the
//! pair partition's own document partition make a [`SetTable`] beside the
//! pairs. A pair partition is the document partition of one of each of
//! its pairs ([`pair_part`](super::pair_part)), so only the other set
//! travels, once to each partition that needs it, as part of a few large
//! byte strings.
//!
//! # Formats (integers little-endian)
//!
//! - *Sets* (what [`set_strings`] and [`answer`] make): a `u32` count, then
//!   per document its id (`u32` length, UTF-8 bytes), a `u8` that is 1 when
//!   a publication time follows, an `i64` time (0 when there is none), a
//!   `u32` shingle count and the shingles, sorted and packed at about 3
//!   bytes each (see the `packed` module).
//! - *Requests*: a `u32` count, then per document its id and the `u32`
//!   pair partition that asks for it.

use std::collections::{HashMap, HashSet};

use super::packed::{pack, packed_len, unpack_where};
use super::shuffle::{put, put_id, Reader};
use super::{sample_key, DocFingerprint};
use crate::{Error, Result};

/// The document partition, of `parts`, that holds the set of `id`.
pub fn doc_part(id: &str, parts: usize) -> usize {
    (sample_key(id).rotate_left(29) % parts.max(1) as u64) as usize
}

/// The shingle sets of `prints` as `parts` sets strings, string `i`
/// holding the documents [`doc_part`] sends to `i` (empty when none).
pub fn set_strings(prints: &[DocFingerprint], parts: usize) -> Vec<Vec<u8>> {
    let parts = parts.max(1);
    let mut out: Vec<(usize, Vec<u8>)> = vec![(0, Vec::new()); parts];
    for p in prints {
        let (count, body) = &mut out[doc_part(&p.id, parts)];
        put_set(body, &p.id, p.published, &p.set);
        *count += 1;
    }
    out.into_iter().map(|(n, body)| counted(n, body)).collect()
}

/// The requests of the pair partition `here` for the sets of `ids` (each
/// once), as `parts` requests strings by [`doc_part`]. Unless `own`, the
/// sets of document partition `here` are not asked for: the pair partition
/// reads them where they are (a driver gives them to [`SetTable::of`]
/// beside the answers). Asking for them too costs a shuffle of the sets
/// asked for instead of a read of the whole partition, which pays when few
/// are wanted.
pub fn requests<'a>(
    ids: impl IntoIterator<Item = &'a str>,
    here: usize,
    parts: usize,
    own: bool,
) -> Vec<Vec<u8>> {
    let parts = parts.max(1);
    let mut ids: Vec<&str> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out: Vec<(usize, Vec<u8>)> = vec![(0, Vec::new()); parts];
    for id in ids {
        let part = doc_part(id, parts);
        if part == here && !own {
            continue;
        }
        let (count, body) = &mut out[part];
        put_id(body, id);
        put(body, here);
        *count += 1;
    }
    out.into_iter().map(|(n, body)| counted(n, body)).collect()
}

/// One document partition's answer: from its sets strings and the requests
/// sent to it, the sets each pair partition asked for, as `parts` sets
/// strings (string `k` for pair partition `k`).
///
/// # Errors
///
/// [`Error::CorruptShuffle`](crate::Error::CorruptShuffle) if a string is not what it should be, or a
/// request names a document no set string holds.
pub fn answer<S: AsRef<[u8]>, R: AsRef<[u8]>>(
    sets: &[S],
    requests: &[R],
    parts: usize,
) -> Result<Vec<Vec<u8>>> {
    let parts = parts.max(1);
    let mut held: HashMap<&str, &[u8]> = HashMap::new();
    for bytes in sets.iter().map(AsRef::as_ref).filter(|b| !b.is_empty()) {
        let mut r = Reader::new(bytes, "sets");
        let n = r.count(17)?;
        for _ in 0..n {
            let start = r.at;
            let (id, _, _, _) = read_entry(&mut r)?;
            held.insert(id, &bytes[start..r.at]);
        }
        r.end()?;
    }
    let mut out: Vec<(usize, Vec<u8>)> = vec![(0, Vec::new()); parts];
    // Each pair partition asks for a set once: a repeat would be sent
    // again, so a few bytes of requests could ask for any amount.
    let mut asked: HashSet<(&str, usize)> = HashSet::new();
    for bytes in requests.iter().map(AsRef::as_ref).filter(|b| !b.is_empty()) {
        let mut r = Reader::new(bytes, "requests");
        let n = r.count(8)?;
        for _ in 0..n {
            let id = r.str()?;
            let k = r.u32()? as usize;
            let Some(set) = held.get(id) else {
                return Err(r.error(format!("no set string holds the document {id:?}")));
            };
            if k >= parts {
                return Err(r.error(format!("partition {k} of {parts}")));
            }
            if !asked.insert((id, k)) {
                return Err(r.error(format!("partition {k} asks for {id:?} twice")));
            }
            out[k].1.extend_from_slice(set);
            out[k].0 += 1;
        }
        r.end()?;
    }
    Ok(out.into_iter().map(|(n, body)| counted(n, body)).collect())
}

/// The sets a pair partition was sent, by id: each document's publication
/// time and shingle set.
#[derive(Debug, Default)]
pub struct SetTable {
    sets: HashMap<String, (Option<i64>, Vec<u32>)>,
}

impl SetTable {
    /// The sets of `answers` (sets strings, from [`answer`] or
    /// [`set_strings`]).
    ///
    /// # Errors
    ///
    /// [`Error::CorruptShuffle`](crate::Error::CorruptShuffle) if a string is not sets.
    pub fn new<B: AsRef<[u8]>>(answers: &[B]) -> Result<Self> {
        Self::of(answers, |_| true, &[])
    }

    /// The sets of `strings` whose ids are `wanted`, without the shingles
    /// of `learnt` (sorted); the others are read past without being
    /// decoded (a pair partition's own document partition holds many it
    /// does not need).
    ///
    /// # Errors
    ///
    /// [`Error::CorruptShuffle`](crate::Error::CorruptShuffle) if a string is not sets.
    pub fn of<B: AsRef<[u8]>>(
        strings: &[B],
        wanted: impl Fn(&str) -> bool,
        learnt: &[u32],
    ) -> Result<Self> {
        let filter = Filter::new(learnt);
        let mut sets = HashMap::new();
        for bytes in strings.iter().map(AsRef::as_ref).filter(|b| !b.is_empty()) {
            let mut r = Reader::new(bytes, "sets");
            let n = r.count(17)?;
            for _ in 0..n {
                let (id, published, n, shingles) = read_entry(&mut r)?;
                if wanted(id) {
                    let set = match learnt.is_empty() {
                        true => unpack_where(shingles, n, |_| true),
                        false => {
                            let mut from = 0;
                            unpack_where(shingles, n, |x| !filter.holds_rising(x, &mut from))
                        }
                    };
                    let set = set.ok_or_else(|| not_a_set(&r, id, n))?;
                    sets.insert(id.to_string(), (published, set));
                }
            }
            r.end()?;
        }
        Ok(SetTable { sets })
    }

    /// The publication time and set of `id`, if it was sent.
    pub fn get(&self, id: &str) -> Option<(Option<i64>, &[u32])> {
        self.sets.get(id).map(|(p, s)| (*p, s.as_slice()))
    }

    /// How many documents it holds.
    pub fn len(&self) -> usize {
        self.sets.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.sets.is_empty()
    }
}

/// A sorted set with one bit per slot in front: shingles are uniform
/// hashes, so most that are not in it are turned away by one bit test on a
/// table of about 16 bits per member (read once per shingle of every set,
/// where a merge would walk the whole learnt set for each).
struct Filter<'a> {
    shift: u32,
    bits: Vec<u64>,
    set: &'a [u32],
}

impl<'a> Filter<'a> {
    fn new(set: &'a [u32]) -> Self {
        let slots = (16 * set.len()).next_power_of_two().clamp(64, 1 << 26);
        let shift = 32 - slots.trailing_zeros();
        let mut bits = vec![0u64; slots / 64];
        for &x in set {
            let slot = (x >> shift) as usize;
            bits[slot / 64] |= 1 << (slot % 64);
        }
        Filter { shift, bits, set }
    }

    /// Whether the set holds `x`, for `x` rising from one call to the next
    /// with the same `from` (0 at first): the search walks on from where the
    /// last one ended, in steps that double, instead of searching the whole
    /// set (which misses the cache at every step of a large one).
    #[inline]
    fn holds_rising(&self, x: u32, from: &mut usize) -> bool {
        let slot = (x >> self.shift) as usize;
        if self.bits[slot / 64] & (1 << (slot % 64)) == 0 {
            return false;
        }
        let rest = self.set.get(*from..).unwrap_or_default();
        // The first `hi` hold the first member not below x, if any does.
        let mut hi = 1;
        while hi < rest.len() && rest[hi - 1] < x {
            hi *= 2;
        }
        let at = rest[..hi.min(rest.len())].partition_point(|&y| y < x);
        *from += at;
        rest.get(at) == Some(&x)
    }
}

fn counted(n: usize, body: Vec<u8>) -> Vec<u8> {
    if n == 0 {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(body.len() + 4);
    put(&mut out, n);
    out.extend_from_slice(&body);
    out
}

fn put_set(out: &mut Vec<u8>, id: &str, published: Option<i64>, set: &[u32]) {
    put_id(out, id);
    out.push(u8::from(published.is_some()));
    out.extend_from_slice(&published.unwrap_or(0).to_le_bytes());
    put(out, set.len());
    pack(set, out);
}

/// One document of a sets string: its id, publication time, shingle count
/// and the bytes of its packed shingles.
fn read_entry<'a>(r: &mut Reader<'a>) -> Result<(&'a str, Option<i64>, usize, &'a [u8])> {
    let id = r.str()?;
    let flag = r.take(1)?[0];
    let t = r.take(8)?;
    let t = i64::from_le_bytes([t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]]);
    let published = match flag {
        0 => None,
        1 => Some(t),
        f => return Err(r.error(format!("publication flag {f}, expected 0 or 1"))),
    };
    let n = r.u32()? as usize;
    let len = usize::try_from(packed_len(n)).unwrap_or(usize::MAX);
    Ok((id, published, n, r.take(len)?))
}

/// The error for a set of `id` whose bytes are not `n` packed shingles.
fn not_a_set(r: &Reader<'_>, id: &str, n: usize) -> Error {
    r.error(format!(
        "the set of {id:?} is not {n} packed sorted shingles"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn print(id: &str, set: Vec<u32>) -> DocFingerprint {
        DocFingerprint {
            id: id.to_string(),
            published: Some(7),
            text_hash: 0,
            words: set.len(),
            set,
            keys: Vec::new(),
        }
    }

    #[test]
    fn empty_strings_hold_nothing() {
        let none: [&[u8]; 2] = [&[], &[]];
        assert!(SetTable::new(&none).unwrap().is_empty());
        let answered = answer(&none, &none, 3).unwrap();
        assert_eq!(answered, vec![Vec::<u8>::new(); 3]);
        let sets = set_strings(&[print("a", vec![1, 5, 9])], 1);
        let table = SetTable::new(&[&[][..], &sets[0]]).unwrap();
        assert_eq!(table.get("a"), Some((Some(7), &[1, 5, 9][..])));
    }

    proptest::proptest! {
        /// Walking on from the last answer finds exactly the members, for
        /// any rising queries (members or not, near or far apart).
        #[test]
        fn the_filter_holds_its_members_and_no_other(
            set in proptest::collection::btree_set(proptest::prelude::any::<u32>(), 0..2000),
            others in proptest::collection::btree_set(proptest::prelude::any::<u32>(), 0..2000),
        ) {
            let set: Vec<u32> = set.into_iter().collect();
            let filter = Filter::new(&set);
            let mut queries: Vec<u32> = others.into_iter().chain(set.iter().copied()).collect();
            queries.sort_unstable();
            queries.dedup();
            let mut from = 0;
            for x in queries {
                proptest::prop_assert_eq!(
                    filter.holds_rising(x, &mut from),
                    set.binary_search(&x).is_ok()
                );
            }
        }
    }

    #[test]
    fn a_set_asked_for_twice_by_one_partition_is_refused() {
        let sets = set_strings(&[print("a", vec![1, 5, 9])], 1);
        let asked = requests(["a"], 1, 1, true);
        // Once from each of two partitions: sent to each.
        let twice = [asked[0].clone(), requests(["a"], 0, 1, true)[0].clone()];
        let out = answer(&sets, &twice, 2).unwrap();
        assert!(out.iter().all(|s| SetTable::new(&[s]).unwrap().len() == 1));
        // Twice from one: a corrupt request.
        let e = answer(&sets, &[&asked[0], &asked[0]], 2).unwrap_err();
        assert!(
            e.to_string().contains("partition 1 asks for \"a\" twice"),
            "{e}"
        );
    }
}
