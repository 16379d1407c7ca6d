//! Reports of the corpus: verified pairs and clusters with their sources.
//!
//! Stored pairs were verified when their second document was added; the
//! boilerplate learnt since may have been part of what they shared, so every
//! report re-verifies them first (in parallel, exactly: see
//! `current_pairs`).

use crate::par::prelude::*;

use super::{Corpus, PairRecord};
use crate::dedup::cluster::{Cluster, Clustering, DocKey, Edge};
use crate::dedup::results::{Pair, Report};
use crate::dedup::verify::Overlap;
use crate::intersect::intersection_len;

/// Per held document in a stored pair, the learnt boilerplate its stored
/// set still holds (see [`Corpus::stale`]): found once per report, in
/// parallel, so that each pair re-verified costs one plain intersection.
struct Stale(Vec<Vec<u32>>);

impl Stale {
    fn of(engine: &Corpus) -> Stale {
        if engine.boilerplate.is_empty() {
            return Stale(Vec::new());
        }
        let mut paired = vec![false; engine.docs.len()];
        for p in &engine.pairs {
            paired[p.a as usize] = true;
            paired[p.b as usize] = true;
        }
        Stale(
            engine
                .docs
                .par_iter()
                .zip(paired)
                .map(|(d, paired)| match paired {
                    true => engine.stale(d),
                    false => Vec::new(),
                })
                .collect(),
        )
    }

    /// The learnt boilerplate document `d` (in a stored pair) holds.
    fn of_doc(&self, d: u32) -> &[u32] {
        self.0.get(d as usize).map_or(&[][..], |s| &s[..])
    }

    /// The overlap of held documents `a` and `b`, both in stored pairs.
    fn overlap(&self, engine: &Corpus, a: u32, b: u32) -> Overlap {
        let (da, db) = (&engine.docs[a as usize], &engine.docs[b as usize]);
        engine.overlap_stored(&da.set, &db.set, self.of_doc(a), self.of_doc(b))
    }
}

impl Corpus {
    /// The stored pairs, re-verified where boilerplate learnt since they were
    /// found changes their overlap: a pair that shared only what later proved
    /// to be a footer is dropped.
    fn current_pairs(&self, stale: &Stale) -> Vec<PairRecord> {
        let learnt = self.boilerplate.len();
        self.pairs
            .par_iter()
            .filter_map(|p| {
                let (da, db) = (&self.docs[p.a as usize], &self.docs[p.b as usize]);
                let unchanged = da.boilerplate_seen <= p.boilerplate_seen
                    && db.boilerplate_seen <= p.boilerplate_seen;
                if unchanged && p.boilerplate_seen == learnt {
                    return Some(*p);
                }
                let overlap = if unchanged {
                    // Both sets are as they were: what they share of the
                    // boilerplate learnt since is what both still hold of
                    // all learnt boilerplate (the newer document's set was
                    // clean when the pair was verified).
                    let (sa, sb) = (stale.of_doc(p.a), stale.of_doc(p.b));
                    let lost = intersection_len(sa, sb);
                    Overlap::from_counts(
                        p.overlap.shared - lost,
                        da.set.len() - sa.len(),
                        db.set.len() - sb.len(),
                    )
                } else {
                    stale.overlap(self, p.a, p.b)
                };
                let relation = self.stages.classify(&overlap)?;
                Some(PairRecord {
                    relation,
                    overlap,
                    boilerplate_seen: learnt,
                    ..*p
                })
            })
            .collect()
    }

    /// See [`Deduper::pairs`](crate::Deduper::pairs).
    pub fn pairs(&self) -> Vec<Pair> {
        self.pairs_of(&self.current_pairs(&Stale::of(self)))
    }

    /// See [`Deduper::report`](crate::Deduper::report).
    pub fn report(&self) -> Report {
        let stale = Stale::of(self);
        let current = self.current_pairs(&stale);
        Report {
            clusters: self.clusters_of(&current, &stale),
            pairs: self.pairs_of(&current),
        }
    }

    /// The order of held document `d` in reports (see [`DocKey::order`]).
    fn report_key(&self, d: u32) -> (i64, &str) {
        let doc = &self.docs[d as usize];
        DocKey {
            id: &doc.id,
            published: doc.published,
        }
        .order()
    }

    /// The pairs as reported: each oriented by
    /// [`Stages::pair`](crate::stages::Stages::pair), sorted by `a`, then
    /// `b` (see [`DocKey::order`]).
    fn pairs_of(&self, current: &[PairRecord]) -> Vec<Pair> {
        let mut out: Vec<(u32, u32, Pair)> = current
            .iter()
            .map(|p| {
                let (da, db) = (&self.docs[p.a as usize], &self.docs[p.b as usize]);
                let pair = self.stages.pair(
                    (&da.id, da.published),
                    (&db.id, db.published),
                    p.relation,
                    p.overlap,
                );
                match pair.a == da.id {
                    true => (p.a, p.b, pair),
                    false => (p.b, p.a, pair),
                }
            })
            .collect();
        out.par_sort_unstable_by(|x, y| {
            (self.report_key(x.0), self.report_key(x.1))
                .cmp(&(self.report_key(y.0), self.report_key(y.1)))
        });
        out.into_iter().map(|(_, _, p)| p).collect()
    }

    /// See [`Deduper::clusters`](crate::Deduper::clusters).
    pub fn clusters(&self) -> Vec<Cluster> {
        let stale = Stale::of(self);
        self.clusters_of(&self.current_pairs(&stale), &stale)
    }

    /// The clusters of the verified `pairs`, by the stage functions (see
    /// [`Stages::clusters`](crate::stages::Stages::clusters)); the overlap
    /// of a member with a source it is not paired with is computed here.
    fn clusters_of(&self, pairs: &[PairRecord], stale: &Stale) -> Vec<Cluster> {
        let docs = self.doc_keys();
        let edges: Vec<Edge> = pairs
            .iter()
            .map(|p| Edge {
                a: p.a,
                b: p.b,
                relation: p.relation,
                overlap: p.overlap,
            })
            .collect();
        let clustering = Clustering::new(&docs, &edges);
        self.stages
            .clusters(&docs, &clustering, |a, b| stale.overlap(self, a, b))
    }

    /// Every document held (or evicted), as reports know it.
    fn doc_keys(&self) -> Vec<DocKey<'_>> {
        self.docs
            .iter()
            .map(|d| DocKey {
                id: &d.id,
                published: d.published,
            })
            .collect()
    }
}
