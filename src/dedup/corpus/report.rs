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

/// A share in [0, 1] as a whole number of billionths.
fn billionths(share: f64) -> u64 {
    (share * 1e9).round() as u64
}

/// How much of the cluster's shared text a member holds.
#[derive(Debug, Clone, Copy, Default)]
struct Score {
    /// Shingles shared, summed over the member's pairs.
    shared: usize,
    /// Share of the other document found in this one, summed over pairs,
    /// in billionths, so that the sum is exact whatever the order of the
    /// pairs.
    contains: u64,
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

    /// The order of documents in reports, which does not depend on the
    /// order they were added: by time published (undated last), then id.
    fn report_key(&self, d: u32) -> (i64, &str) {
        let doc = &self.docs[d as usize];
        (doc.published.unwrap_or(i64::MAX), &doc.id)
    }

    /// The pairs as reported: each with its earlier document (by
    /// [`report_key`](Self::report_key)) as `a`, sorted by `a`, then `b`.
    fn pairs_of(&self, current: &[PairRecord]) -> Vec<Pair> {
        let mut out: Vec<(u32, u32, Pair)> = current
            .iter()
            .map(|p| {
                let swap = self.report_key(p.b) < self.report_key(p.a);
                let (a, b, overlap) = match swap {
                    false => (p.a, p.b, p.overlap),
                    true => (p.b, p.a, p.overlap.swapped()),
                };
                let pair = Pair {
                    a: self.docs[a as usize].id.clone(),
                    b: self.docs[b as usize].id.clone(),
                    relation: p.relation,
                    overlap,
                };
                (a, b, pair)
            })
            .collect();
        out.par_sort_unstable_by(|x, y| {
            (self.report_key(x.0), self.report_key(x.1))
                .cmp(&(self.report_key(y.0), self.report_key(y.1)))
        });
        out.into_iter().map(|(_, _, p)| p).collect()
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
            score[p.a as usize].contains += billionths(p.overlap.b_in_a);
            score[p.b as usize].contains += billionths(p.overlap.a_in_b);
        }
        let mut groups: IntMap<u32, Vec<u32>> = IntMap::default();
        for p in pairs {
            for d in [p.a, p.b] {
                groups.entry(uf.find(d)).or_default().push(d);
            }
        }
        let groups: Vec<Vec<u32>> = groups
            .into_values()
            .map(|mut g| {
                g.sort_unstable();
                g.dedup();
                g
            })
            .collect();
        let mut clusters: Vec<(u32, Cluster)> = groups
            .into_par_iter()
            .map(|members| self.cluster(&members, &score, pairs, stale))
            .collect();
        clusters.par_sort_unstable_by(|x, y| self.report_key(x.0).cmp(&self.report_key(y.0)));
        clusters.into_iter().map(|(_, c)| c).collect()
    }

    /// The document `d` shares the most with among its story `pairs`:
    /// the most shared shingles, then the earlier (see
    /// [`report_key`](Self::report_key)).
    fn closest(&self, d: u32, pairs: &[PairRecord]) -> Option<String> {
        pairs
            .iter()
            .filter_map(|p| match (p.a == d, p.b == d) {
                (true, _) => Some((p.b, p.overlap.shared)),
                (_, true) => Some((p.a, p.overlap.shared)),
                _ => None,
            })
            .min_by(|x, y| {
                y.1.cmp(&x.1)
                    .then_with(|| self.report_key(x.0).cmp(&self.report_key(y.0)))
            })
            .map(|(o, _)| self.docs[o as usize].id.clone())
    }

    fn cluster(
        &self,
        members: &[u32],
        score: &[Score],
        pairs: &[PairRecord],
        stale: &Stale,
    ) -> (u32, Cluster) {
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
                    .then(sy.contains.cmp(&sx.contains))
                    .then(self.docs[x as usize].id.cmp(&self.docs[y as usize].id))
            })
            .unwrap_or(members[0]);
        let mut others: Vec<u32> = members.iter().copied().filter(|&d| d != source).collect();
        others.sort_unstable_by(|&x, &y| self.report_key(x).cmp(&self.report_key(y)));
        let reprints = others
            .iter()
            .map(|&d| {
                let o = self.overlap_in(source, d, pairs, stale);
                let relation = o.classify(&self.config.rule());
                ClusterReprint {
                    id: self.docs[d as usize].id.clone(),
                    relation,
                    overlap: o,
                    via: match relation {
                        Some(_) => None,
                        None => self.closest(d, pairs),
                    },
                }
            })
            .collect();
        let mut ids = vec![self.docs[source as usize].id.clone()];
        ids.extend(others.iter().map(|&d| self.docs[d as usize].id.clone()));
        let cluster = Cluster {
            source: self.docs[source as usize].id.clone(),
            members: ids,
            reprints,
        };
        (source, cluster)
    }
}
