//! Stages 2 and 4 for an engine that shuffles bytes between machines: each
//! document's passages routed to a partition by bucket ([`Stages::postings`]),
//! one partition's buckets grouped ([`Buckets`]), its common buckets
//! sampled and its candidate pairs counted, and one pair's counts from
//! every partition merged ([`merge_candidates`]).
//!
//! Rows of a few bytes each cost a shuffling engine more per row than the
//! work they carry; these byte strings hold thousands of postings each, so
//! the engine moves a few large values and Rust does the grouping. Nothing
//! here depends on how the documents were split into batches or partitions,
//! or in which order they came: the answer is the single-machine one.
//!
//! # Formats (all integers little-endian `u32`)
//!
//! - *Postings*: the number of ids, each as its length and UTF-8 bytes;
//!   the number of bands; the width `w` of a passage index, one byte (2 or
//!   4); then for each id in turn, the number of its postings and each as
//!   its key (`u32`) and its index (`w` bytes): `band + bands × passage`.
//!   About 6 bytes a posting.
//! - *Pair counts*: the number of pairs, each as the ids `a < b` (length
//!   and bytes), `na, nb`, then `na` passages of `a` and `nb` passages of
//!   `b` (both at least 1): the passages of each that meet the other in a
//!   bucket.
//!
//! An empty string holds nothing, in every format here and in the sets
//! module: the writers make one for each partition they have nothing for,
//! and the readers take it.

use std::collections::HashSet;

use super::{doc_part, sample_key, DocFingerprint, Stages};
use crate::{Error, Result};

/// The most documents the postings of one partition may name: a meet of
/// two ([`Meets`]) holds one's number in 31 bits.
const MAX_DOCS: usize = 1 << 31;

/// One passage of one document in one bucket: `(band, key, doc, passage)`.
type Posting = (u32, u32, u32, u32);

/// The partition, of `parts`, that bucket `(band, key)` goes to. Band keys
/// are uniform hashes, so the key's own bits spread them.
pub fn bucket_part(band: u32, key: u32, parts: usize) -> usize {
    let mixed = (u64::from(key) << 8 | u64::from(band & 0xff)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    ((mixed >> 32) % parts.max(1) as u64) as usize
}

/// The partition, of `parts`, that the counts of the pair of ids `a < b`
/// go to: the document partition ([`doc_part`]) of one of the two, which
/// a hash of both picks, so that a pair partition holds one of each
/// pair's sets already and each document's pairs still spread over the
/// partitions of its partners.
pub fn pair_part(a: &str, b: &str, parts: usize) -> usize {
    let h = xxhash_rust::xxh3::xxh3_64(a.as_bytes()) ^ sample_key(b).rotate_left(17);
    doc_part(if h & 1 == 0 { a } else { b }, parts)
}

impl Stages {
    /// Stage 2, map side: the postings of `prints` as `parts` byte strings
    /// (see the module for the format), string `i` holding the buckets
    /// that [`bucket_part`] sends to `i`. Empty strings hold nothing.
    pub fn postings(&self, prints: &[DocFingerprint], parts: usize) -> Vec<Vec<u8>> {
        let parts = parts.max(1);
        let bands = self.bands().max(1);
        // (doc, key, index), in document order.
        let mut posts: Vec<Vec<(u32, u32, usize)>> = vec![Vec::new(); parts];
        for (doc, print) in prints.iter().enumerate() {
            for (i, &key) in print.keys.iter().enumerate() {
                let band = (i % bands) as u32;
                posts[bucket_part(band, key, parts)].push((doc as u32, key, i));
            }
        }
        posts
            .into_iter()
            .map(|posts| {
                let docs: Vec<&[(u32, u32, usize)]> = posts.chunk_by(|x, y| x.0 == y.0).collect();
                let ids = docs.iter().map(|d| prints[d[0].0 as usize].id.as_str());
                PostingsWriter::new(ids, bands, posts.iter().map(|p| p.2).max())
                    .write(docs.iter().map(|d| d.iter().map(|&(_, key, i)| (key, i))))
            })
            .collect()
    }
}

/// Writes a postings string (see the module): the ids, then each one's
/// postings.
struct PostingsWriter {
    out: Vec<u8>,
    wide: bool,
}

impl PostingsWriter {
    /// A string for `ids`, of `bands` bands, whose highest passage index
    /// is `highest` (`None`: no postings, and an empty string).
    fn new<'a>(
        ids: impl ExactSizeIterator<Item = &'a str>,
        bands: usize,
        highest: Option<usize>,
    ) -> Self {
        let wide = highest.is_some_and(|i| i > usize::from(u16::MAX));
        let mut out = Vec::new();
        if highest.is_some() {
            put_ids(&mut out, ids);
            put(&mut out, bands);
            out.push(if wide { 4 } else { 2 });
        }
        PostingsWriter { out, wide }
    }

    /// The string, with each id's `(key, index)` postings in turn.
    fn write<P>(mut self, docs: impl Iterator<Item = P>) -> Vec<u8>
    where
        P: ExactSizeIterator<Item = (u32, usize)>,
    {
        if self.out.is_empty() {
            return self.out;
        }
        for posts in docs {
            put(&mut self.out, posts.len());
            for (key, i) in posts {
                self.out.extend_from_slice(&key.to_le_bytes());
                match self.wide {
                    true => self.out.extend_from_slice(&(i as u32).to_le_bytes()),
                    false => self.out.extend_from_slice(&(i as u16).to_le_bytes()),
                }
            }
        }
        self.out
    }
}

/// The buckets of one partition: every posting sent to it, from every
/// batch, grouped by bucket. Documents are numbered in sample order (by
/// [`sample_key`], then id), so a bucket's first documents are its sample.
#[derive(Debug)]
pub struct Buckets {
    ids: Vec<String>,
    bands: u32,
    /// Grouped by bucket (by key, then band), each bucket sorted by
    /// document and passage, without repeats; only buckets of two
    /// documents or more.
    posts: Vec<Posting>,
}

impl Buckets {
    /// Groups the postings strings that [`Stages::postings`] made for one
    /// partition, in any number and order.
    ///
    /// # Errors
    ///
    /// [`Error::CorruptShuffle`] if a string is not postings.
    pub fn new<B: AsRef<[u8]>>(postings: &[B]) -> Result<Self> {
        let mut ids: Vec<&str> = Vec::new();
        let mut posts: Vec<Posting> = Vec::new();
        let mut bands = None;
        for bytes in postings.iter().map(AsRef::as_ref).filter(|b| !b.is_empty()) {
            let mut r = Reader::new(bytes, "postings");
            let first = ids.len();
            let n = r.count(4)?;
            for _ in 0..n {
                ids.push(r.str()?);
            }
            if ids.len() > MAX_DOCS {
                return Err(r.error(format!("more than {MAX_DOCS} documents")));
            }
            let here = r.u32()?;
            match *bands.get_or_insert(here) {
                0 => return Err(r.error("0 bands".to_string())),
                b if b != here => return Err(r.error(format!("{here} bands, others {b}"))),
                _ => {}
            }
            let wide = match r.take(1)?[0] {
                2 => false,
                4 => true,
                w => return Err(r.error(format!("passage index width {w}, expected 2 or 4"))),
            };
            for doc in first as u32..ids.len() as u32 {
                let k = r.count(if wide { 8 } else { 6 })?;
                posts.reserve(k);
                for _ in 0..k {
                    let key = r.u32()?;
                    let i = match wide {
                        true => r.u32()?,
                        false => u32::from(r.u16()?),
                    };
                    posts.push((i % here, key, doc, i / here));
                }
            }
            r.end()?;
        }
        // Number the documents in sample order; a document sent in two
        // strings is one document.
        let mut order: Vec<(u64, &str, u32)> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (sample_key(id), *id, i as u32))
            .collect();
        order.sort_unstable();
        let mut number = vec![0u32; ids.len()];
        let mut sorted: Vec<String> = Vec::with_capacity(ids.len());
        for &(_, id, i) in &order {
            if sorted.last().map(String::as_str) != Some(id) {
                sorted.push(id.to_string());
            }
            number[i as usize] = (sorted.len() - 1) as u32;
        }
        for p in &mut posts {
            p.2 = number[p.2 as usize];
        }
        // Grouped by key (uniform hashes: radix passes), then each run of
        // one key by band, document and passage.
        crate::radix::sort_by_key(&mut posts, &mut Vec::new(), |p| p.1);
        for run in posts.chunk_by_mut(|x, y| x.1 == y.1) {
            if run.len() > 1 {
                run.sort_unstable();
            }
        }
        posts.dedup();
        let mut kept = Vec::with_capacity(posts.len() / 4);
        for bucket in posts.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
            if bucket.first().map(|p| p.2) != bucket.last().map(|p| p.2) {
                kept.extend_from_slice(bucket);
            }
        }
        Ok(Buckets {
            ids: sorted,
            bands: bands.unwrap_or(1),
            posts: kept,
        })
    }

    /// The buckets that hold passages of two documents or more.
    pub fn len(&self) -> usize {
        self.buckets().count()
    }

    /// Whether no bucket holds passages of two documents.
    pub fn is_empty(&self) -> bool {
        self.posts.is_empty()
    }

    /// The common buckets (see [`Stages::is_common`]) and the others, apart;
    /// the dropped ones ([`Stages::is_dropped`]) in neither. Only a common
    /// bucket can be boilerplate, so a driver counts the others'
    /// candidates at once ([`candidates`](Self::candidates) with no
    /// boilerplate) and keeps the common ones, usually a small part, for
    /// after the verdicts ([`to_postings`](Self::to_postings)).
    pub fn split(self, stages: &Stages) -> (Buckets, Buckets) {
        let (mut common, mut rest) = (Vec::new(), Vec::new());
        for bucket in self.posts.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
            let mut docs = 1;
            for w in bucket.windows(2) {
                docs += usize::from(w[0].2 != w[1].2);
            }
            if stages.is_dropped(bucket[0].0 as usize, docs) {
                continue;
            }
            match stages.is_common(docs) {
                true => common.extend_from_slice(bucket),
                false => rest.extend_from_slice(bucket),
            }
        }
        let (ids, bands) = (self.ids, self.bands);
        (
            Buckets {
                ids: ids.clone(),
                bands,
                posts: common,
            },
            Buckets {
                ids,
                bands,
                posts: rest,
            },
        )
    }

    /// These buckets as one postings string (see the module), which
    /// [`Buckets::new`] reads back; only the documents they hold are named.
    pub fn to_postings(&self) -> Vec<u8> {
        let bands = self.bands.max(1) as usize;
        let mut posts: Vec<(u32, u32, usize)> = self
            .posts
            .iter()
            .map(|&(band, key, doc, passage)| (doc, key, band as usize + bands * passage as usize))
            .collect();
        posts.sort_unstable();
        let docs: Vec<&[(u32, u32, usize)]> = posts.chunk_by(|x, y| x.0 == y.0).collect();
        let ids = docs.iter().map(|d| self.ids[d[0].0 as usize].as_str());
        PostingsWriter::new(ids, bands, posts.iter().map(|p| p.2).max())
            .write(docs.iter().map(|d| d.iter().map(|&(_, key, i)| (key, i))))
    }

    fn buckets(&self) -> impl Iterator<Item = &[Posting]> {
        self.posts.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1))
    }

    /// Stage 2, reduce side: each common bucket (see
    /// [`Stages::is_common`]) that is not dropped ([`Stages::is_dropped`])
    /// as `(band, key, sample)`, the sample its first
    /// [`SAMPLE`](super::SAMPLE) documents by ([`sample_key`], id).
    pub fn samples(&self, stages: &Stages) -> Vec<(u32, u32, Vec<&str>)> {
        let mut out = Vec::new();
        for bucket in self.buckets() {
            let mut docs: Vec<u32> = bucket.iter().map(|p| p.2).collect();
            docs.dedup();
            if stages.is_common(docs.len()) && !stages.is_dropped(bucket[0].0 as usize, docs.len())
            {
                docs.truncate(super::SAMPLE);
                let sample = docs
                    .iter()
                    .map(|&d| self.ids[d as usize].as_str())
                    .collect();
                out.push((bucket[0].0, bucket[0].1, sample));
            }
        }
        out
    }

    /// Stage 4, first half: for every pair of documents that meet in a
    /// bucket here that is not in `boilerplate` (as `(band, key)`), the
    /// passages of each that meet the other, as `parts` pair-count strings
    /// (see the module), the pair of ids `a < b` in string [`pair_part`].
    pub fn candidates(&self, boilerplate: &HashSet<(u32, u32)>, parts: usize) -> Vec<Vec<u8>> {
        let parts = parts.max(1);
        let meets = Meets::of(self, boilerplate);
        // One string per part: its pair count, then its pairs.
        let mut out: Vec<(usize, Vec<u8>)> = vec![(0, Vec::new()); parts];
        for (a, meets) in meets.by_doc() {
            for pair in meets.chunk_by(|x, y| x >> 33 == y >> 33) {
                let b = (pair[0] >> 33) as usize;
                // The first `n0` (then the rest) are a's passages (then b's).
                let n0 = pair.partition_point(|m| m & 1 << 32 == 0);
                let (of_a, of_b) = pair.split_at(n0);
                let (a, b) = (&self.ids[a], &self.ids[b]);
                let (first, second, sides) = if a < b {
                    (a, b, [of_a, of_b])
                } else {
                    (b, a, [of_b, of_a])
                };
                let (count, body) = &mut out[pair_part(first, second, parts)];
                put_id(body, first);
                put_id(body, second);
                put(body, sides[0].len());
                put(body, sides[1].len());
                for side in sides {
                    for &m in side {
                        body.extend_from_slice(&(m as u32).to_le_bytes());
                    }
                }
                *count += 1;
            }
        }
        out.into_iter()
            .map(|(count, body)| {
                if count == 0 {
                    return Vec::new();
                }
                let mut bytes = Vec::with_capacity(body.len() + 4);
                put(&mut bytes, count);
                bytes.extend_from_slice(&body);
                bytes
            })
            .collect()
    }
}

/// Where the documents of one partition's buckets meet: for each document
/// `a`, every `(b, side, passage)` with `b > a` a document it shares a
/// bucket with and `side` 0 for a passage of `a` (1 for one of `b`), as
/// `b << 33 | side << 32 | passage`, sorted, without repeats (a passage
/// meets the other document in many bands).
///
/// The meets are put in place by document in two counting passes over the
/// buckets, then each document's are sorted as plain integers: several
/// times faster than sorting `(a, b, side, passage)` tuples all together,
/// in half the memory.
struct Meets {
    /// Each document's meets: `meets[ranges[a].0..ranges[a].1]`.
    ranges: Vec<(usize, usize)>,
    meets: Vec<u64>,
}

impl Meets {
    /// The meets in `buckets`, those of `boilerplate` (as `(band, key)`)
    /// left out.
    fn of(buckets: &Buckets, boilerplate: &HashSet<(u32, u32)>) -> Self {
        let docs = buckets.ids.len();
        let kept = || {
            buckets
                .buckets()
                .filter(|b| !boilerplate.contains(&(b[0].0, b[0].1)))
        };
        // Calls `f(a, meet)` for each meet of a bucket.
        fn each(bucket: &[Posting], f: &mut impl FnMut(usize, u64)) {
            for &(_, _, d, p) in bucket {
                for &(_, _, o, _) in bucket {
                    if o != d {
                        let (a, b, side) = if d < o { (d, o, 0) } else { (o, d, 1) };
                        f(a as usize, u64::from(b) << 33 | side << 32 | u64::from(p));
                    }
                }
            }
        }
        let mut next = vec![0usize; docs + 1];
        for bucket in kept() {
            each(bucket, &mut |a, _| next[a + 1] += 1);
        }
        for a in 0..docs {
            next[a + 1] += next[a];
        }
        let mut ranges: Vec<(usize, usize)> = next.windows(2).map(|w| (w[0], w[1])).collect();
        let mut meets = vec![0u64; next[docs]];
        for bucket in kept() {
            each(bucket, &mut |a, m| {
                meets[next[a]] = m;
                next[a] += 1;
            });
        }
        for (start, end) in &mut ranges {
            let run = &mut meets[*start..*end];
            run.sort_unstable();
            // The distinct ones first.
            let mut kept = 0;
            for i in 0..run.len() {
                if i == 0 || run[i] != run[kept - 1] {
                    run[kept] = run[i];
                    kept += 1;
                }
            }
            *end = *start + kept;
        }
        Meets { ranges, meets }
    }

    /// Each document with meets, and its meets.
    fn by_doc(&self) -> impl Iterator<Item = (usize, &[u64])> {
        self.ranges
            .iter()
            .enumerate()
            .filter(|(_, r)| r.1 > r.0)
            .map(|(a, &(start, end))| (a, &self.meets[start..end]))
    }
}

/// Stage 4, second half: the candidate pairs of the pair-count strings that
/// [`Buckets::candidates`] sent to one partition, as `(a, b, shared
/// passages)` with ids `a < b`, sorted: for whichever of the two has more,
/// the number of its passages that meet the other.
///
/// # Errors
///
/// [`Error::CorruptShuffle`] if a string is not pair counts.
pub fn merge_candidates<B: AsRef<[u8]>>(counts: &[B]) -> Result<Vec<(String, String, usize)>> {
    // Each pair as sent by one partition: its ids, and where its passages
    // (`na` of `a`, then `nb` of `b`) lie in `passages`.
    let mut sent: Vec<(&str, &str, usize, usize, usize)> = Vec::new();
    let mut passages: Vec<u32> = Vec::new();
    for bytes in counts.iter().map(AsRef::as_ref).filter(|b| !b.is_empty()) {
        let mut r = Reader::new(bytes, "pair counts");
        let n = r.count(16)?;
        sent.reserve(n);
        for _ in 0..n {
            let (a, b) = (r.str()?, r.str()?);
            if a >= b {
                return Err(r.error(format!("the ids {a:?}, {b:?} are not in order")));
            }
            let (na, nb) = (r.count(4)?, r.count(4)?);
            if na == 0 || nb == 0 {
                return Err(r.error(format!("{na} and {nb} passages meet")));
            }
            let start = passages.len();
            for _ in 0..na.saturating_add(nb) {
                passages.push(r.u32()?);
            }
            sent.push((a, b, start, na, nb));
        }
        r.end()?;
    }
    sent.sort_unstable_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)));
    let mut out = Vec::new();
    let mut side: Vec<u32> = Vec::new();
    for pair in sent.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
        // For whichever of the two has more, its distinct passages.
        let mut most = 0;
        for first in [true, false] {
            side.clear();
            for &(_, _, start, na, nb) in pair {
                let (from, n) = if first { (start, na) } else { (start + na, nb) };
                side.extend_from_slice(&passages[from..from + n]);
            }
            side.sort_unstable();
            side.dedup();
            most = most.max(side.len());
        }
        out.push((pair[0].0.to_string(), pair[0].1.to_string(), most));
    }
    Ok(out)
}

pub(super) fn put(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u32).to_le_bytes());
}

pub(super) fn put_id(out: &mut Vec<u8>, id: &str) {
    put(out, id.len());
    out.extend_from_slice(id.as_bytes());
}

fn put_ids<'a>(out: &mut Vec<u8>, ids: impl ExactSizeIterator<Item = &'a str>) {
    put(out, ids.len());
    for id in ids {
        put_id(out, id);
    }
}

/// Reads the strings of this module, each failure an error at its offset.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    pub(super) at: usize,
    what: &'static str,
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8], what: &'static str) -> Self {
        Reader { bytes, at: 0, what }
    }

    pub(super) fn error(&self, reason: String) -> Error {
        Error::CorruptShuffle {
            what: self.what,
            offset: self.at,
            reason,
        }
    }

    pub(super) fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        match self.bytes.get(self.at..self.at.saturating_add(n)) {
            Some(s) => {
                self.at += n;
                Ok(s)
            }
            None => Err(self.error(format!(
                "{n} bytes wanted, {} left",
                self.bytes.len() - self.at
            ))),
        }
    }

    /// Nothing may follow the last item.
    pub(super) fn end(&self) -> Result<()> {
        match self.bytes.len() - self.at {
            0 => Ok(()),
            n => Err(self.error(format!("{n} bytes after the last item"))),
        }
    }

    fn u16(&mut self) -> Result<u16> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    pub(super) fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A count of items of at least `size` bytes each, refused if the
    /// bytes left cannot hold them (so nothing is allocated for a lie).
    pub(super) fn count(&mut self, size: usize) -> Result<usize> {
        let n = self.u32()? as usize;
        if n.saturating_mul(size) > self.bytes.len() - self.at {
            return Err(self.error(format!("{n} items cannot fit in the bytes left")));
        }
        Ok(n)
    }

    pub(super) fn str(&mut self) -> Result<&'a str> {
        let len = self.u32()? as usize;
        let at = self.at;
        let bytes = self.take(len)?;
        std::str::from_utf8(bytes).map_err(|e| {
            let mut at_id = self.error(format!("an id is not UTF-8: {e}"));
            if let Error::CorruptShuffle { offset, .. } = &mut at_id {
                *offset = at;
            }
            at_id
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bucket's postings as `(band, key, id, passage)`, sorted.
    fn named(b: &Buckets) -> Vec<(u32, u32, &str, u32)> {
        let mut v: Vec<_> = b
            .posts
            .iter()
            .map(|&(band, key, doc, passage)| (band, key, b.ids[doc as usize].as_str(), passage))
            .collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn passage_indexes_past_two_bytes_are_written_four_bytes_wide() {
        let bands = 4;
        let far = 70_000 * bands + 1; // band 1, passage 70,000
        let posts: [&[(u32, usize)]; 2] = [&[(9, far), (5, 2)], &[(9, 1)]];
        let bytes = PostingsWriter::new(["a", "b"].into_iter(), bands, Some(far))
            .write(posts.iter().map(|p| p.iter().copied()));
        let b = Buckets::new(&[&bytes]).unwrap();
        // Bucket (1, 9) holds both documents; (2, 5) only one, and is left out.
        assert_eq!(named(&b), [(1, 9, "a", 70_000), (1, 9, "b", 0)]);
        let again = Buckets::new(&[b.to_postings()]).unwrap();
        assert_eq!(named(&again), named(&b));
        // Two bytes suffice below 65,536.
        let narrow = PostingsWriter::new(["a"].into_iter(), bands, Some(7))
            .write([[(9u32, 7usize)].into_iter()].into_iter());
        // Ids (4 + 5 + 5), bands (4), then the width byte.
        assert_eq!((bytes.len(), bytes[18]), (51, 4));
        assert_eq!((narrow.len(), narrow[13]), (24, 2));
    }

    #[test]
    fn empty_strings_hold_nothing() {
        let none: [&[u8]; 2] = [&[], &[]];
        assert!(Buckets::new(&none).unwrap().is_empty());
        assert!(merge_candidates(&none).unwrap().is_empty());
        let one = PostingsWriter::new(["a", "b"].into_iter(), 4, Some(1))
            .write([[(9u32, 1usize)].into_iter(), [(9u32, 1usize)].into_iter()].into_iter());
        let with_empties = Buckets::new(&[&[][..], &one, &[]]).unwrap();
        assert_eq!(named(&with_empties), [(1, 9, "a", 0), (1, 9, "b", 0)]);
    }

    #[test]
    fn pair_counts_out_of_order_or_without_passages_are_refused() {
        let counts = |a: &str, b: &str, na: usize, nb: usize| {
            let mut s = Vec::new();
            put(&mut s, 1);
            put_id(&mut s, a);
            put_id(&mut s, b);
            put(&mut s, na);
            put(&mut s, nb);
            (0..na + nb).for_each(|p| put(&mut s, p));
            s
        };
        assert_eq!(
            merge_candidates(&[counts("a", "b", 2, 1)]).unwrap(),
            [("a".into(), "b".into(), 2)]
        );
        for (bad, why) in [
            (counts("b", "a", 1, 1), "not in order"),
            (counts("a", "a", 1, 1), "not in order"),
            (counts("a", "b", 0, 1), "0 and 1 passages meet"),
        ] {
            let e = merge_candidates(&[bad]).unwrap_err().to_string();
            assert!(e.contains(why), "{e}");
        }
    }

    #[test]
    fn strings_that_disagree_on_the_bands_are_an_error() {
        let one = |bands| {
            PostingsWriter::new(["a"].into_iter(), bands, Some(1))
                .write([[(9u32, 1usize)].into_iter()].into_iter())
        };
        let e = Buckets::new(&[one(4), one(8)]).unwrap_err().to_string();
        assert!(e.contains("8 bands, others 4"), "{e}");
    }
}
