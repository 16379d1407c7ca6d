//! Lookups among the documents of one batch, done in parallel alongside the
//! in-order stage of [`Deduper::add_batch`](crate::Deduper::add_batch).
//!
//! Adding one by one, each document's passages query an index holding the
//! passages of the batch's earlier documents. The same hits come from one
//! table per band of every `(band key, passage)` of the batch, sorted: the
//! passages before a passage under the same key are exactly the earlier
//! passages sharing that band with it. The tables are sorted one band per
//! rayon task, and each document reads its hits ([`among`]) on its own
//! task, so the in-order stage only filters them (passages it finds to be
//! boilerplate are not indexed, evicted documents leave).

use std::sync::Arc;

use crate::par::prelude::*;

use crate::dedup::lists::Lists;
use crate::dedup::verify::Overlap;
use crate::radix::sort_by_high_half;

/// Numbers the passages of a batch in order, document by document.
#[derive(Debug)]
pub(super) struct Numbering {
    /// Per document of the batch, the number of its first passage; one more
    /// entry at the end, the total.
    first: Vec<u32>,
    /// Per passage, the document of the batch it belongs to.
    owner: Vec<u32>,
}

impl Numbering {
    pub fn new(passages_per_doc: impl Iterator<Item = usize>) -> Numbering {
        let mut first = vec![0u32];
        let mut owner = Vec::new();
        for (d, n) in passages_per_doc.enumerate() {
            owner.extend(std::iter::repeat_n(d as u32, n));
            first.push(owner.len() as u32);
        }
        Numbering { first, owner }
    }

    /// Number of passages in the batch.
    pub fn len(&self) -> usize {
        self.owner.len()
    }

    /// The numbers of the passages of batch document `doc`.
    pub fn passages(&self, doc: usize) -> std::ops::Range<u32> {
        self.first[doc]..self.first[doc + 1]
    }

    /// The number of passage `i` of batch document `doc`.
    pub fn passage(&self, doc: usize, i: usize) -> u32 {
        self.first[doc] + i as u32
    }

    /// The batch document passage `p` belongs to.
    pub fn owner(&self, p: u32) -> u32 {
        self.owner[p as usize]
    }
}

/// One sorted table per band of the batch's `(key, passage)` entries.
#[derive(Debug)]
pub(super) struct BatchTables {
    /// Per band, `key << 32 | passage`, sorted.
    bands: Vec<Vec<u64>>,
    /// Per band and passage, the position of its entry in `bands`, or
    /// `u32::MAX` for a passage without keys.
    at: Vec<Vec<u32>>,
}

impl BatchTables {
    /// The tables of a batch whose passage `p` has band keys `keys(p)`
    /// (empty for a passage that is not to be looked up nor found), a band
    /// per rayon task if `parallel` (else all on the calling thread).
    pub fn build<'a>(
        bands: usize,
        passages: usize,
        keys: impl Fn(u32) -> &'a [u32] + Sync,
        parallel: bool,
    ) -> BatchTables {
        let (bands, at) = (0..bands)
            .into_par_iter()
            .with_min_len(if parallel { 1 } else { bands.max(1) })
            .map(|band| {
                let mut table: Vec<u64> = (0..passages as u32)
                    .filter_map(|p| {
                        keys(p)
                            .get(band)
                            .map(|&k| u64::from(k) << 32 | u64::from(p))
                    })
                    .collect();
                sort_by_high_half(&mut table);
                let mut at = vec![u32::MAX; passages];
                for (i, &e) in table.iter().enumerate() {
                    at[e as u32 as usize] = i as u32;
                }
                (table, at)
            })
            .unzip();
        BatchTables { bands, at }
    }

    /// The earlier passages sharing a band key with passage `p`, sorted,
    /// without duplicates, written into `out` (cleared first).
    pub fn earlier_into(&self, p: u32, out: &mut Vec<u32>) {
        out.clear();
        for (table, at) in self.bands.iter().zip(&self.at) {
            let i = at[p as usize];
            if i == u32::MAX {
                continue;
            }
            let key = table[i as usize] >> 32;
            out.extend(
                table[..i as usize]
                    .iter()
                    .rev()
                    .take_while(|&&e| e >> 32 == key)
                    .map(|&e| e as u32),
            );
        }
        out.sort_unstable();
        out.dedup();
    }
}

/// A batch document against the batch's earlier documents: the second
/// parallel stage of [`Deduper::add_batch`](crate::Deduper::add_batch).
#[derive(Debug)]
pub(super) struct Among {
    /// Per passage: the earlier passages of the batch it hits, by their
    /// numbers in the batch (sorted).
    pub hits: Lists,
    /// The overlap with each earlier document of the batch hit, by its
    /// position in the batch.
    pub overlaps: Vec<(u32, Overlap)>,
}

/// Batch document `d` against the batch's earlier documents, as if they
/// were held: the second parallel stage of [`Deduper::add_batch`](crate::Deduper::add_batch), reading
/// only the staged `sets` and the batch's [`BatchTables`].
///
/// Overlaps are computed ahead only for documents hit by a passage that
/// hits fewer earlier documents than make boilerplate (`clusters`,
/// [`DedupConfig::boilerplate_clusters`](crate::DedupConfig::boilerplate_clusters)): one that hits more may be learnt
/// as boilerplate in order, and a footer new to the engine hits every
/// document of the batch that carries it, so computing all its pairs ahead
/// would cost the square of their number. The in-order stage verifies the
/// rare candidates left out.
pub(super) fn among(
    d: usize,
    sets: &[Arc<Vec<u32>>],
    tables: &BatchTables,
    numbering: &Numbering,
    clusters: usize,
) -> Among {
    let passages = numbering.passages(d);
    let mut hits = Lists::with_capacity(passages.len());
    let (mut docs, mut found, mut owners) = (Vec::new(), Vec::new(), Vec::new());
    for p in passages {
        found.clear();
        tables.earlier_into(p, &mut found);
        hits.push(&found);
        // Passage numbers follow document order.
        owners.clear();
        owners.extend(found.iter().map(|&p| numbering.owner(p)));
        owners.dedup();
        if owners.len() < clusters {
            docs.extend_from_slice(&owners);
        }
    }
    docs.sort_unstable();
    docs.dedup();
    let overlaps = docs
        .into_iter()
        .map(|o| (o, Overlap::of(&sets[d], &sets[o as usize])))
        .collect();
    Among { hits, overlaps }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsh::{LshIndex, LshParams};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The tables give what an index of the earlier passages gives.
        #[test]
        fn tables_equal_an_index_filled_in_order(
            keys in proptest::collection::vec(
                proptest::option::weighted(0.9, proptest::collection::vec(0u32..6, 4)),
                0..60,
            )
        ) {
            let params = LshParams { bands: 4, rows: 1 };
            let keys: Vec<Vec<u32>> = keys.into_iter().map(Option::unwrap_or_default).collect();
            let tables = BatchTables::build(4, keys.len(), |p| &keys[p as usize], keys.len().is_multiple_of(2));
            let mut index = LshIndex::new(params);
            let (mut want, mut got) = (Vec::new(), Vec::new());
            for (p, k) in keys.iter().enumerate() {
                tables.earlier_into(p as u32, &mut got);
                if k.is_empty() {
                    prop_assert!(got.is_empty());
                    continue;
                }
                index.query_keys_into(k, &mut want);
                prop_assert_eq!(&got, &want);
                index.insert_keys(p as u32, k);
            }
        }
    }

    #[test]
    fn numbering() {
        let n = Numbering::new([2, 0, 3].into_iter());
        assert_eq!(n.len(), 5);
        assert_eq!(n.passage(2, 1), 3);
        assert_eq!(n.owner(3), 2);
        assert_eq!(n.owner(1), 0);
    }
}
