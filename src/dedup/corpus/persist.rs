//! A [`Corpus`] as bytes, and back: what [`Deduper::save`](crate::Deduper::save)
//! writes and [`Deduper::load`](crate::Deduper::load) reads.
//!
//! The file is one frame of the crate's binary format (see the `persist`
//! module: magic, kind `DEDP`, version, length, payload, xxh3 checksum).
//! The payload holds, in order: the config (as JSON), the documents (id,
//! timestamp, shingle set, passage range, liveness), the passage-to-document
//! map, the passage LSH index, the learnt boilerplate (in the order learnt), the union-find and the
//! verified pairs. Texts are not stored.
//!
//! Loading checks the frame, then every structural invariant the engine
//! relies on (sorted sets, ranges in bounds, links that end, unique ids),
//! so a damaged file is an [`Error::CorruptIndex`] naming the byte offset,
//! never a panic and never an engine that answers wrongly.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use xxhash_rust::xxh3::Xxh3Builder;

use super::{Corpus, PairRecord, StoredDoc};
use crate::dedup::boilerplate::Boilerplate;
use crate::dedup::cluster::UnionFind;
use crate::dedup::verify::{Overlap, Relation};
use crate::dedup::DedupConfig;
use crate::lsh::LshIndex;
use crate::persist::{Decoder, Encoder};
use crate::{Error, Result};

const KIND: [u8; 4] = *b"DEDP";
/// Format version of saved engines; bump on any layout change, and on any
/// change of the hashes saved engines hold. Version 2: token hashes from
/// [`Tokenizer::hash_normalized`](crate::text::Tokenizer::hash_normalized)'s
/// own short-word hash instead of xxh3, and shingle hashes that combine
/// token hashes by rotation (see [`crate::shingle`]); version 1 files are
/// refused.
pub const FORMAT_VERSION: u32 = 2;

impl Corpus {
    /// The corpus as bytes: see [`Deduper::to_bytes`](crate::Deduper::to_bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut enc = Encoder::new();
        let config = serde_json::to_string(&self.config).unwrap_or_default();
        enc.put_str(&config);
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
            enc.put_u32s(&d.set);
            enc.put_u64(d.boilerplate_seen as u64);
            enc.put_u32(d.passages.start);
            enc.put_u32(d.passages.end);
            enc.put_u8(u8::from(d.alive));
        }
        enc.put_u32s(&self.passage_doc);
        self.index.encode(&mut enc);
        enc.put_u32s(self.boilerplate.learnt());
        let (parent, size) = self.uf.parts();
        enc.put_u32s(parent);
        enc.put_u32s(size);
        enc.put_len(self.pairs.len());
        for p in &self.pairs {
            enc.put_u32(p.a);
            enc.put_u32(p.b);
            enc.put_u8(match p.relation {
                Relation::Duplicate => 0,
                Relation::Reprint => 1,
            });
            enc.put_u64(p.overlap.shared as u64);
            enc.put_f64(p.overlap.a_in_b);
            enc.put_f64(p.overlap.b_in_a);
            enc.put_f64(p.overlap.jaccard);
            enc.put_u64(p.boilerplate_seen as u64);
        }
        enc.finish(KIND, FORMAT_VERSION)
    }

    /// The corpus from bytes written by [`to_bytes`](Self::to_bytes); `path`
    /// names the file in errors.
    pub fn decode(bytes: &[u8], path: Option<&Path>) -> Result<Self> {
        let mut dec = Decoder::open(bytes, KIND, FORMAT_VERSION, path)?;
        let config: DedupConfig = serde_json::from_str(dec.get_str()?)
            .map_err(|e| dec.corrupt(format!("config: {e}")))?;
        let mut engine = Corpus::new(config).map_err(|e| dec.corrupt(format!("config: {e}")))?;

        // Each document takes at least 30 bytes.
        let n_docs = dec.get_len(30)?;
        if n_docs >= u32::MAX as usize {
            return Err(dec.corrupt("too many documents"));
        }
        let mut docs = Vec::with_capacity(n_docs);
        for _ in 0..n_docs {
            let id = dec.get_str()?.to_string();
            let published = match dec.get_u8()? {
                0 => None,
                1 => Some(dec.get_i64()?),
                f => return Err(dec.corrupt(format!("invalid timestamp flag {f}"))),
            };
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
            docs.push(StoredDoc {
                id,
                published,
                set: set.into(),
                boilerplate_seen,
                passages: start..end,
                alive,
            });
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

        let index = LshIndex::decode(&mut dec, passage_doc.len() as u32)?;
        if index.params() != engine.machinery.lsh {
            return Err(dec.corrupt("index banding differs from the config's"));
        }
        for (i, d) in docs.iter().enumerate() {
            if d.alive != d.passages.clone().all(|p| index.contains(p)) && !d.passages.is_empty() {
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

        let parent = dec.get_u32s()?;
        let size = dec.get_u32s()?;
        let uf = UnionFind::from_parts(parent, size, docs.len())
            .ok_or_else(|| dec.corrupt("invalid union-find"))?;

        let n_pairs = dec.get_len(49)?;
        let mut pairs = Vec::with_capacity(n_pairs);
        for _ in 0..n_pairs {
            let a = dec.get_u32()?;
            let b = dec.get_u32()?;
            let relation = match dec.get_u8()? {
                0 => Relation::Duplicate,
                1 => Relation::Reprint,
                r => return Err(dec.corrupt(format!("unknown relation {r}"))),
            };
            let shared = dec.get_u64()? as usize;
            let fractions = [dec.get_f64()?, dec.get_f64()?, dec.get_f64()?];
            if fractions.iter().any(|f| !(0.0..=1.0).contains(f)) {
                return Err(dec.corrupt("pair measure outside [0, 1]"));
            }
            let boilerplate_seen = dec.get_u64()? as usize;
            let live = |d: u32| docs.get(d as usize).is_some_and(|d| d.alive);
            let in_order = pairs
                .last()
                .is_none_or(|p: &PairRecord| (p.b, p.a) < (b, a));
            if a >= b || !in_order || !live(a) || !live(b) || boilerplate_seen > boilerplate.len() {
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
            });
        }
        dec.finish()?;

        let mut ids = HashMap::with_capacity_and_hasher(docs.len(), Xxh3Builder::new());
        let mut by_time = BTreeSet::new();
        for (i, d) in docs.iter().enumerate() {
            if !d.alive {
                continue;
            }
            if ids.insert(d.id.clone(), i as u32).is_some() {
                return Err(Error::CorruptIndex {
                    path: path.map(Path::to_path_buf),
                    offset: 0,
                    reason: format!("document id {:?} appears twice", d.id),
                });
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
        engine.uf = uf;
        engine.pairs = pairs;
        engine.by_time = by_time;
        Ok(engine)
    }
}
