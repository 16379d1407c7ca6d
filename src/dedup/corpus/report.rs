//! Reports of the corpus: verified pairs and clusters with their sources.
//!
//! Stored pairs were verified when their second document was added; the
//! boilerplate learnt since may have been part of what they shared, so every
//! report re-verifies them first (in parallel, exactly: see
//! `current_pairs`).

use crate::par::prelude::*;

use super::{Corpus, PairRecord};
use crate::dedup::cluster::{Cluster, ClusterReprint, UnionFind};
use crate::dedup::results::{Pair, Report};
use crate::dedup::verify::Overlap;
use crate::hashing::IntMap;
use crate::intersect::intersection_len;

/// Members whose shared-text sum is within this factor of the best are all
/// candidate sources; publication time picks among them.
const SOURCE_TOLERANCE: f64 = 0.9;

/// How much of the cluster's shared text a member holds.
#[derive(Debug, Clone, Copy, Default)]
struct Score {
    /// Shingles shared, summed over the member's pairs.
    shared: usize,
    /// Share of the other document found in this one, summed over pairs.
    contains: f64,
}

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
                    true => engine.stale(&d.set),
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
                    let lost = intersection_len(stale.of_doc(p.a), stale.of_doc(p.b));
                    Overlap::from_counts(p.overlap.shared - lost, da.set.len(), db.set.len())
                } else {
                    stale.overlap(self, p.a, p.b)
                };
                let relation = overlap.classify(&self.config.rule())?;
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

    fn pairs_of(&self, current: &[PairRecord]) -> Vec<Pair> {
        current
            .iter()
            .map(|p| Pair {
                a: self.docs[p.a as usize].id.clone(),
                b: self.docs[p.b as usize].id.clone(),
                relation: p.relation,
                overlap: p.overlap,
            })
            .collect()
    }

    /// The overlap of held documents `a` and `b` (`containment_a` is the
    /// share of `a` found in `b`): from their verified pair in `pairs`
    /// (sorted by `b`, then `a`, as they are stored) when there is one,
    /// computed otherwise.
    fn overlap_in(&self, a: u32, b: u32, pairs: &[PairRecord], stale: &Stale) -> Overlap {
        let key = (a.max(b), a.min(b));
        match pairs.binary_search_by_key(&key, |p| (p.b, p.a)) {
            Ok(i) if a < b => pairs[i].overlap,
            Ok(i) => {
                let o = pairs[i].overlap;
                o.swapped()
            }
            Err(_) => stale.overlap(self, a, b),
        }
    }

    /// See [`Deduper::clusters`](crate::Deduper::clusters).
    pub fn clusters(&self) -> Vec<Cluster> {
        let stale = Stale::of(self);
        self.clusters_of(&self.current_pairs(&stale), &stale)
    }

    fn clusters_of(&self, pairs: &[PairRecord], stale: &Stale) -> Vec<Cluster> {
        // Stories join on duplicates and reprints only: a shared passage is
        // reported as a pair, never as one story.
        let pairs: Vec<PairRecord> = pairs
            .iter()
            .filter(|p| p.relation.is_story())
            .copied()
            .collect();
        let pairs = &pairs[..];
        let mut uf = UnionFind::with_len(self.docs.len());
        let mut score = vec![Score::default(); self.docs.len()];
        for p in pairs {
            uf.union(p.a, p.b);
            score[p.a as usize].shared += p.overlap.shared;
            score[p.b as usize].shared += p.overlap.shared;
            score[p.a as usize].contains += p.overlap.b_in_a;
            score[p.b as usize].contains += p.overlap.a_in_b;
        }
        let mut groups: IntMap<u32, Vec<u32>> = IntMap::default();
        for p in pairs {
            for d in [p.a, p.b] {
                groups.entry(uf.find(d)).or_default().push(d);
            }
        }
        let mut groups: Vec<Vec<u32>> = groups
            .into_values()
            .map(|mut g| {
                g.sort_unstable();
                g.dedup();
                g
            })
            .collect();
        groups.sort_unstable_by_key(|g| g[0]);
        groups
            .into_par_iter()
            .map(|members| self.cluster(&members, &score, pairs, stale))
            .collect()
    }

    fn cluster(
        &self,
        members: &[u32],
        score: &[Score],
        pairs: &[PairRecord],
        stale: &Stale,
    ) -> Cluster {
        let time = |d: u32| self.docs[d as usize].published.unwrap_or(i64::MAX);
        let best = members
            .iter()
            .map(|&d| score[d as usize].shared)
            .max()
            .unwrap_or(0);
        let source = members
            .iter()
            .copied()
            .filter(|&d| score[d as usize].shared as f64 >= SOURCE_TOLERANCE * best as f64)
            .min_by(|&x, &y| {
                let (sx, sy) = (score[x as usize], score[y as usize]);
                time(x)
                    .cmp(&time(y))
                    .then(sy.shared.cmp(&sx.shared))
                    .then(sy.contains.total_cmp(&sx.contains))
                    .then(x.cmp(&y))
            })
            .unwrap_or(members[0]);
        let reprints = members
            .iter()
            .filter(|&&d| d != source)
            .map(|&d| {
                let o = self.overlap_in(source, d, pairs, stale);
                ClusterReprint {
                    id: self.docs[d as usize].id.clone(),
                    relation: o.classify(&self.config.rule()),
                    overlap: o,
                }
            })
            .collect();
        let mut ids = vec![self.docs[source as usize].id.clone()];
        ids.extend(
            members
                .iter()
                .filter(|&&d| d != source)
                .map(|&d| self.docs[d as usize].id.clone()),
        );
        Cluster {
            source: self.docs[source as usize].id.clone(),
            members: ids,
            reprints,
        }
    }
}
