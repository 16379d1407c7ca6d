//! A [`Corpus`] as bytes, and back: what [`Deduper::save`](crate::Deduper::save)
//! writes and [`Deduper::load`](crate::Deduper::load) reads.
//!
//! The file is one frame of the crate's binary format (see the `persist`
//! module: magic, kind `DEDP`, version, length, payload, xxh3 checksum).
//! The payload holds, in order: the hash scheme, the config (every field,
//! in declaration order: counts as `u64`, fractions as `f64`, the window
//! as a flag byte and an `i64`), the documents (id,
//! timestamp, text hash, shingle set, passage range, liveness: live only), the passage-to-document
//! map, the passage LSH index, the learnt boilerplate (in the order learnt), the index buckets
//! judged boilerplate and the verified pairs. Texts are not stored.
//!
//! Loading checks the frame, then every structural invariant the engine
//! relies on (sorted sets, ranges in bounds, links that end, unique ids),
//! so a damaged file is an [`Error::CorruptIndex`] naming the byte offset,
//! never a panic and never an engine that answers wrongly.

use std::collections::{BTreeSet, HashMap};

use xxhash_rust::xxh3::Xxh3Builder;

use super::{Corpus, PairRecord, StoredDoc};
use crate::dedup::boilerplate::Boilerplate;
use crate::dedup::verify::{Overlap, Relation};
use crate::dedup::DedupConfig;
use crate::lsh::LshIndex;
use crate::persist::{Decoder, Encoder, Persist};
use crate::{Error, Result};

/// Format version of saved engines; bump on any layout change. A change of
/// the hashes saved engines hold bumps the crate's hash scheme instead,
/// which every saved file records. Version 9: the passage index's bands
/// as sorted arrays instead of hash-table chains. Version 8: each document's holder and
/// fingerprint print (copies of one text are held once), and each pair's
/// passage count; a pair may join a text's copies. Version 7: the config's
/// `passage_anchors` (and two anchor keys per passage in the index) and
/// `min_reprint_shingles`.
/// Version 6: each document's text
/// hash, and only live documents (the engine is compacted as it is
/// saved). Version 5: the index buckets judged to
/// be boilerplate instead of the union-find of strong links, and the
/// config's `boilerplate_docs` instead of `strong_link_shingles` and its new
/// `shingle_chars`. Version 4: the config's
/// `min_shared_share`, and pairs that share a passage. Version 3: the hash
/// scheme recorded, and the config in the binary format instead of JSON.
/// Version 2 changed the token and shingle hashes. Earlier versions are
/// refused.
pub const FORMAT_VERSION: u32 = 9;

impl Persist for Corpus {
    const KIND: [u8; 4] = *b"DEDP";
    const VERSION: u32 = FORMAT_VERSION;

    fn encode(&self, enc: &mut Encoder) {
        if self.docs.len() != self.ids.len() {
            // Removed documents are not saved: a compacted copy is.
            let mut compact = self.clone();
            compact.compact();
            return compact.encode(enc);
        }
        put_config(enc, self.config());
        enc.put_len(self.docs.len());
        for d in &self.docs {
            enc.put_str(&d.id);
            match d.published {
                Some(t) => {
                    enc.put_u8(1);
                    enc.put_i64(t);
                }
                None => enc.put_u8(0),
            }
            enc.put_u64(d.text_hash);
            enc.put_u32s(&d.set);
            enc.put_u64(d.boilerplate_seen as u64);
            enc.put_u32(d.passages.start);
            enc.put_u32(d.passages.end);
            enc.put_u8(u8::from(d.alive));
            enc.put_u32(d.text);
            enc.put_u64(d.print as u64);
            enc.put_u64((d.print >> 64) as u64);
        }
        enc.put_u32s(&self.passage_doc);
        self.index.encode_payload(enc);
        enc.put_u32s(self.boilerplate.learnt());
        let mut buckets: Vec<u64> = self.boilerplate_buckets.iter().copied().collect();
        buckets.sort_unstable();
        enc.put_len(buckets.len());
        for b in buckets {
            enc.put_u64(b);
        }
        enc.put_len(self.pairs.len());
        for p in &self.pairs {
            enc.put_u32(p.a);
            enc.put_u32(p.b);
            enc.put_u8(match p.relation {
                Relation::Duplicate => 0,
                Relation::Reprint => 1,
                Relation::SharedPassage => 2,
            });
            enc.put_u64(p.overlap.shared as u64);
            enc.put_f64(p.overlap.a_in_b);
            enc.put_f64(p.overlap.b_in_a);
            enc.put_f64(p.overlap.jaccard);
            enc.put_u64(p.boilerplate_seen as u64);
            enc.put_u32(p.passages);
        }
    }

    fn decode(dec: &mut Decoder<'_>) -> Result<Self> {
        let mut engine = get_config(dec)?;

        // Each document takes at least 58 bytes.
        let n_docs = dec.get_len(58)?;
        if n_docs >= u32::MAX as usize {
            return Err(dec.corrupt("too many documents"));
        }
        let mut docs = Vec::with_capacity(n_docs);
        let mut doc_offsets = Vec::with_capacity(n_docs);
        for _ in 0..n_docs {
            doc_offsets.push(dec.offset());
            let id = dec.get_string()?;
            let published = match dec.get_u8()? {
                0 => None,
                1 => Some(dec.get_i64()?),
                f => return Err(dec.corrupt(format!("invalid timestamp flag {f}"))),
            };
            let text_hash = dec.get_u64()?;
            let set = dec.get_u32s()?;
            if set.windows(2).any(|w| w[0] >= w[1]) {
                return Err(dec.corrupt(format!("shingle set of {id:?} is not sorted")));
            }
            let boilerplate_seen = dec.get_u64()? as usize;
            let start = dec.get_u32()?;
            let end = dec.get_u32()?;
            let alive = match dec.get_u8()? {
                0 => false,
                1 => true,
                f => return Err(dec.corrupt(format!("invalid liveness flag {f}"))),
            };
            let text = dec.get_u32()?;
            let print = u128::from(dec.get_u64()?) | (u128::from(dec.get_u64()?) << 64);
            docs.push(StoredDoc {
                key: crate::dedup::stages::sample_key(&id),
                id,
                published,
                text_hash,
                set: set.into(),
                boilerplate_seen,
                passages: start..end,
                alive,
                text,
                print,
            });
        }
        let mut copies = super::Copies::default();
        for (i, d) in docs.iter().enumerate() {
            let holder = docs.get(d.text as usize);
            let valid = match holder {
                _ if d.text as usize == i => true,
                Some(h) => {
                    h.text == d.text
                        && h.alive
                        && h.print == d.print
                        && d.set.is_empty()
                        && d.passages.is_empty()
                }
                None => false,
            };
            if !valid {
                return Err(dec.corrupt_at_offset(
                    doc_offsets[i],
                    format!("document {i} names an invalid holder {}", d.text),
                ));
            }
            if !d.alive {
                continue;
            }
            match d.text as usize == i {
                true => copies.register(d.print, i as u32),
                false => copies.add(d.text, i as u32),
            }
        }

        let passage_doc = dec.get_u32s()?;
        let mut next_passage = 0u32;
        for (i, d) in docs.iter().enumerate() {
            if d.passages.start != next_passage
                || d.passages.end < d.passages.start
                || d.passages.end as usize > passage_doc.len()
            {
                return Err(dec.corrupt(format!("passages of document {i} out of order")));
            }
            if passage_doc[d.passages.start as usize..d.passages.end as usize]
                .iter()
                .any(|&x| x as usize != i)
            {
                return Err(dec.corrupt(format!("passage map disagrees with document {i}")));
            }
            next_passage = d.passages.end;
        }
        if next_passage as usize != passage_doc.len() {
            return Err(dec.corrupt("passages without a document"));
        }

        let index = LshIndex::decode_payload(dec, Some(passage_doc.len() as u64))?;
        if index.params() != engine.machinery().index_params() {
            return Err(dec.corrupt("index banding differs from the config's"));
        }
        // A bit per passage, not a hash lookup: a million documents hold
        // some 20 million passages.
        let live = index.live_bits(passage_doc.len());
        let contains = |p: u32| live[p as usize / 64] & (1 << (p % 64)) != 0;
        for (i, d) in docs.iter().enumerate() {
            if d.alive != d.passages.clone().all(contains) && !d.passages.is_empty() {
                return Err(dec.corrupt(format!("index disagrees with document {i}")));
            }
        }

        let learnt = dec.get_u32s()?;
        let boilerplate: Boilerplate = learnt.iter().copied().collect();
        if boilerplate.len() != learnt.len() {
            return Err(dec.corrupt("a boilerplate shingle is learnt twice"));
        }
        if docs.iter().any(|d| d.boilerplate_seen > boilerplate.len()) {
            return Err(dec.corrupt("document filtered by unknown boilerplate"));
        }

        let n_buckets = dec.get_len(8)?;
        let mut boilerplate_buckets = crate::hashing::IntSet::default();
        let mut last = None;
        for _ in 0..n_buckets {
            let b = dec.get_u64()?;
            if last.is_some_and(|l| l >= b) || (b >> 32) as usize >= engine.stages().bands() {
                return Err(dec.corrupt(format!("invalid boilerplate bucket {b:#x}")));
            }
            last = Some(b);
            boilerplate_buckets.insert(b);
        }

        let n_pairs = dec.get_len(53)?;
        let mut pairs = Vec::with_capacity(n_pairs);
        for _ in 0..n_pairs {
            let a = dec.get_u32()?;
            let b = dec.get_u32()?;
            let relation = match dec.get_u8()? {
                0 => Relation::Duplicate,
                1 => Relation::Reprint,
                2 => Relation::SharedPassage,
                r => return Err(dec.corrupt(format!("unknown relation {r}"))),
            };
            let shared = dec.get_u64()? as usize;
            let fractions = [dec.get_f64()?, dec.get_f64()?, dec.get_f64()?];
            if fractions.iter().any(|f| !(0.0..=1.0).contains(f)) {
                return Err(dec.corrupt("pair measure outside [0, 1]"));
            }
            let boilerplate_seen = dec.get_u64()? as usize;
            let passages = dec.get_u32()?;
            let holds = |d: u32| {
                docs.get(d as usize)
                    .is_some_and(|doc| doc.alive && doc.text == d)
            };
            let in_order = pairs
                .last()
                .is_none_or(|p: &PairRecord| (p.b, p.a) < (b, a));
            let ends = a < b || (a == b && copies.weight(a) > 1);
            if !ends || !in_order || !holds(a) || !holds(b) || boilerplate_seen > boilerplate.len()
            {
                return Err(dec.corrupt(format!("invalid pair ({a}, {b})")));
            }
            pairs.push(PairRecord {
                a,
                b,
                relation,
                overlap: Overlap {
                    shared,
                    a_in_b: fractions[0],
                    b_in_a: fractions[1],
                    jaccard: fractions[2],
                },
                boilerplate_seen,
                passages,
            });
        }

        let mut ids = HashMap::with_capacity_and_hasher(docs.len(), Xxh3Builder::new());
        let mut by_time = BTreeSet::new();
        for (i, d) in docs.iter().enumerate() {
            if !d.alive {
                continue;
            }
            if ids.insert(d.id.clone(), i as u32).is_some() {
                return Err(dec.corrupt_at_offset(
                    doc_offsets[i],
                    format!("document id {:?} appears twice", d.id),
                ));
            }
            if let Some(t) = d.published {
                by_time.insert((t, i as u32));
            }
        }
        engine.docs = docs;
        engine.ids = ids;
        engine.passage_doc = passage_doc;
        engine.index = index;
        engine.boilerplate = boilerplate;
        engine.boilerplate_buckets = boilerplate_buckets;
        engine.pairs = pairs;
        engine.by_time = by_time;
        engine.copies = copies;
        engine.find_copied_buckets();
        Ok(engine)
    }
}

/// Writes every field of `config`, in declaration order.
fn put_config(enc: &mut Encoder, config: &DedupConfig) {
    // Destructured, so that a new field does not compile until it is saved.
    let DedupConfig {
        shingle_size,
        shingle_chars,
        passage_min_words,
        passage_max_words,
        passage_num_perm,
        passage_threshold,
        passage_anchors,
        seed,
        min_shared_passages,
        min_shared_shingles,
        min_shared_share,
        min_containment,
        min_reprint_shingles,
        duplicate_jaccard,
        boilerplate_docs,
        boilerplate_clusters,
        strong_link_containment,
        window,
    } = *config;
    for n in [
        shingle_size,
        shingle_chars,
        passage_min_words,
        passage_max_words,
        passage_num_perm,
    ] {
        enc.put_u64(n as u64);
    }
    enc.put_f64(passage_threshold);
    enc.put_u8(u8::from(passage_anchors));
    enc.put_u64(seed);
    for n in [min_shared_passages, min_shared_shingles] {
        enc.put_u64(n as u64);
    }
    enc.put_f64(min_shared_share);
    enc.put_f64(min_containment);
    enc.put_u64(min_reprint_shingles as u64);
    enc.put_f64(duplicate_jaccard);
    for n in [boilerplate_docs, boilerplate_clusters] {
        enc.put_u64(n as u64);
    }
    enc.put_f64(strong_link_containment);
    match window {
        Some(w) => {
            enc.put_u8(1);
            enc.put_i64(w);
        }
        None => enc.put_u8(0),
    }
}

/// Reads a config written by [`put_config`] and returns an empty engine
/// for it. Every field is checked as [`Deduper::new`](crate::Deduper::new) checks it; an invalid
/// one is an [`Error::CorruptIndex`] at its offset, naming it.
fn get_config(dec: &mut Decoder<'_>) -> Result<Corpus> {
    // Where each field starts, for errors found once all are read.
    let mut at: Vec<(&'static str, u64)> = Vec::with_capacity(17);
    let at = &mut at;
    // Fields are read in the order written, which is the struct's.
    let config = DedupConfig {
        shingle_size: field(dec, at, "shingle_size", count)?,
        shingle_chars: field(dec, at, "shingle_chars", count)?,
        passage_min_words: field(dec, at, "passage_min_words", count)?,
        passage_max_words: field(dec, at, "passage_max_words", count)?,
        passage_num_perm: field(dec, at, "passage_num_perm", count)?,
        passage_threshold: field(dec, at, "passage_threshold", Decoder::get_f64)?,
        passage_anchors: field(dec, at, "passage_anchors", |dec| {
            let start = dec.offset();
            match dec.get_u8()? {
                0 => Ok(false),
                1 => Ok(true),
                f => Err(dec.corrupt_at_offset(start, format!("invalid flag {f}"))),
            }
        })?,
        seed: field(dec, at, "seed", Decoder::get_u64)?,
        min_shared_passages: field(dec, at, "min_shared_passages", count)?,
        min_shared_shingles: field(dec, at, "min_shared_shingles", count)?,
        min_shared_share: field(dec, at, "min_shared_share", Decoder::get_f64)?,
        min_containment: field(dec, at, "min_containment", Decoder::get_f64)?,
        min_reprint_shingles: field(dec, at, "min_reprint_shingles", count)?,
        duplicate_jaccard: field(dec, at, "duplicate_jaccard", Decoder::get_f64)?,
        boilerplate_docs: field(dec, at, "boilerplate_docs", count)?,
        boilerplate_clusters: field(dec, at, "boilerplate_clusters", count)?,
        strong_link_containment: field(dec, at, "strong_link_containment", Decoder::get_f64)?,
        window: field(dec, at, "window", |dec| match dec.get_u8()? {
            0 => Ok(None),
            1 => Ok(Some(dec.get_i64()?)),
            f => Err(dec.corrupt(format!("invalid flag {f}"))),
        })?,
    };
    Corpus::new(config).map_err(|e| match e {
        Error::InvalidConfig {
            param,
            value,
            expected,
        } => {
            let offset = at
                .iter()
                .find(|(field, _)| *field == param)
                .map_or(dec.offset(), |&(_, offset)| offset);
            dec.corrupt_at_offset(
                offset,
                format!("config field `{param}` = {value}: expected {expected}"),
            )
        }
        other => other,
    })
}

/// Reads config field `name` with `read`, noting where it starts in `at`;
/// a read that fails names the field.
fn field<'a, T>(
    dec: &mut Decoder<'a>,
    at: &mut Vec<(&'static str, u64)>,
    name: &'static str,
    read: impl FnOnce(&mut Decoder<'a>) -> Result<T>,
) -> Result<T> {
    at.push((name, dec.offset()));
    read(dec).map_err(|e| match e {
        Error::CorruptIndex {
            path,
            offset,
            reason,
        } => Error::CorruptIndex {
            path,
            offset,
            reason: format!("config field `{name}`: {reason}"),
        },
        other => other,
    })
}

/// Reads a count saved as `u64`.
fn count(dec: &mut Decoder<'_>) -> Result<usize> {
    let v = dec.get_u64()?;
    usize::try_from(v).map_err(|_| dec.corrupt(format!("{v} does not fit this machine's usize")))
}
