//! Clusters with their likely wire source, from verified pairs: union-find
//! over documents, the choice of each cluster's source, and each member
//! compared with it.

use super::verify::{Overlap, Relation, Rule};
use crate::par::prelude::*;

/// Members whose shared-text sum is within this factor of the best are all
/// candidate sources; publication time picks among them.
const SOURCE_TOLERANCE: f64 = 0.9;

/// Disjoint sets over dense document indexes, with path halving and union
/// by size. The smaller index becomes the root on ties, so results do not
/// depend on the order of unions.
#[derive(Debug, Clone, Default)]
pub(crate) struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    pub fn with_len(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    pub fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    pub fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (big, small) = match self.size[ra as usize].cmp(&self.size[rb as usize]) {
            std::cmp::Ordering::Greater => (ra, rb),
            std::cmp::Ordering::Less => (rb, ra),
            std::cmp::Ordering::Equal => (ra.min(rb), ra.max(rb)),
        };
        self.parent[small as usize] = big;
        self.size[big as usize] = self.size[big as usize].saturating_add(self.size[small as usize]);
    }
}

/// A group of documents linked by verified relations.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Cluster {
    /// The likely wire source: among the members whose shingles shared
    /// over all their pairs come within 10% of the most any member shares,
    /// the earliest published; then the larger shared sum, then the member
    /// in which the others' text is most contained, then the smaller id
    /// (see [`Deduper::clusters`](super::Deduper::clusters)).
    pub source: String,
    /// All members, the source first, then by time published (undated
    /// last), then id.
    pub members: Vec<String>,
    /// Every member but the source, with its overlap with the source.
    pub reprints: Vec<ClusterReprint>,
}

/// A cluster member other than the source, compared with the source.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ClusterReprint {
    /// The member's id.
    pub id: String,
    /// Its relation to the source; `None` when it is linked to the cluster
    /// only through other members (the overlap with the source alone does
    /// not pass verification).
    pub relation: Option<Relation>,
    /// The overlap, `a` being the source and `b` this member: `a_in_b` is
    /// the share of the source found in this document, `b_in_a` the share
    /// of this document found in the source.
    pub overlap: Overlap,
    /// When `relation` is `None`: the member this one is related to most
    /// (the most shared shingles, then the earlier published, then the
    /// smaller id), through which it joined the cluster, to compare it
    /// with instead of the source.
    pub via: Option<String>,
}

/// What reports need to know of a document: its id and when it was
/// published. Documents are numbered by their place in a table of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocKey<'a> {
    /// The document's id.
    pub id: &'a str,
    /// When it was published (Unix seconds), if known.
    pub published: Option<i64>,
}

impl<'a> DocKey<'a> {
    /// The order of documents in reports, which does not depend on the
    /// order they were added: by time published (undated last), then id.
    pub fn order(&self) -> (i64, &'a str) {
        (self.published.unwrap_or(i64::MAX), self.id)
    }
}

/// A verified pair of documents `a` and `b` (their places in a table of
/// [`DocKey`]s), with its relation and its overlap seen from `a`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    /// One document.
    pub a: u32,
    /// The other.
    pub b: u32,
    /// How they are related.
    pub relation: Relation,
    /// Their overlap, `a_in_b` being the share of `a` found in `b`.
    pub overlap: Overlap,
}

/// One cluster before its members are compared with its source: the
/// source, and the other members in report order (see [`DocKey::order`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterPlan {
    /// The likely wire source (see [`Cluster::source`]).
    pub source: u32,
    /// Every other member.
    pub others: Vec<u32>,
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

/// A share in [0, 1] as a whole number of billionths.
fn billionths(share: f64) -> u64 {
    (share * 1e9).round() as u64
}

/// The story clusters of a set of verified pairs: connected components of
/// the duplicate and reprint pairs (a shared passage never joins two
/// stories), each with its source and members in report order.
///
/// Building one needs only the pairs; comparing each member with its
/// source (`Stages::clusters` does it) needs the overlap of the two, which
/// a story pair gives when there is one, and which the caller computes for
/// the [`missing`](Self::missing) others (a member linked to the cluster
/// through other members). A distributed run builds this on the pairs
/// alone and computes the missing overlaps where the shingle sets are.
///
/// Inside, documents are grouped into *texts*: the engine holds copies of
/// one text once (see [`Deduper`](super::Deduper)), and an edge between
/// two texts stands for an edge between each document of one and each of
/// the other, so that a story of `n` copies costs `n`, not `n²`.
#[derive(Debug, Clone)]
pub struct Clustering {
    /// Per document, its text (the document that stands for it), or
    /// `u32::MAX` for a document that is no longer held.
    texts: Vec<u32>,
    /// The story pairs of texts, each with `a <= b` (`a == b`: the copies
    /// of one text with each other), sorted by `(a, b)`.
    edges: Vec<Edge>,
    /// Per text, its story pairs' other texts and shingles shared
    /// (compressed rows: those of `t` are `adjacent[starts[t]..starts[t + 1]]`).
    starts: Vec<usize>,
    adjacent: Vec<(u32, usize)>,
    /// The documents of each text in a story pair, by text (compressed
    /// rows as `starts`).
    member_starts: Vec<usize>,
    members: Vec<u32>,
    plans: Vec<ClusterPlan>,
}

impl Clustering {
    /// The clusters of the story pairs among `edges` (each naming
    /// documents of `docs`). Clusters are ordered by their sources (see
    /// [`DocKey::order`]); a document in no story pair is in no cluster.
    /// The result does not depend on the order of `edges`.
    ///
    /// The source is the member that holds the most of the text the
    /// members share: the largest sum, over its pairs, of shingles shared.
    /// Every member within 10% of the best sum is a candidate, and the
    /// earliest published candidate wins; then the larger sum, then the
    /// member in which the others' text is most contained, then the
    /// smaller id. (See [`Deduper::clusters`](super::Deduper::clusters)
    /// for why.)
    pub fn new(docs: &[DocKey<'_>], edges: &[Edge]) -> Clustering {
        let texts: Vec<u32> = (0..docs.len() as u32).collect();
        Clustering::with_texts(docs, edges, texts)
    }

    /// [`new`](Self::new) where document `d` is a copy of the text
    /// `texts[d]` (a document of it, standing for it: `texts[t] == t`), or
    /// not held (`u32::MAX`), and `edges` join texts: an edge `(a, b)`
    /// stands for one between each document of `a`'s text and each of
    /// `b`'s, and `(a, a)` for one between each two documents of `a`'s.
    pub(crate) fn with_texts(docs: &[DocKey<'_>], edges: &[Edge], texts: Vec<u32>) -> Clustering {
        let n = docs.len();
        let mut weight = vec![0u32; n];
        for &t in texts.iter().filter(|&&t| t != u32::MAX) {
            weight[t as usize] += 1;
        }
        let mut story: Vec<Edge> = edges
            .iter()
            .filter(|e| e.relation.is_story() && (e.a != e.b || weight[e.a as usize] > 1))
            .map(|e| match e.a <= e.b {
                true => *e,
                false => Edge {
                    a: e.b,
                    b: e.a,
                    overlap: e.overlap.swapped(),
                    ..*e
                },
            })
            .collect();
        story.par_sort_unstable_by_key(|e| (e.a, e.b));
        story.dedup_by_key(|e| (e.a, e.b));
        let mut uf = UnionFind::with_len(n);
        let mut score = vec![Score::default(); n];
        let mut degree = vec![0usize; n + 1];
        for e in &story {
            uf.union(e.a, e.b);
            // Each document of one text pairs with each of the other (with
            // each other one, for the copies of one text).
            let (wa, wb) = (weight[e.a as usize] as usize, weight[e.b as usize] as usize);
            let (times_a, times_b) = match e.a == e.b {
                true => (wa - 1, 0),
                false => (wb, wa),
            };
            score[e.a as usize].shared += times_a * e.overlap.shared;
            score[e.b as usize].shared += times_b * e.overlap.shared;
            score[e.a as usize].contains += times_a as u64 * billionths(e.overlap.b_in_a);
            score[e.b as usize].contains += times_b as u64 * billionths(e.overlap.a_in_b);
            degree[e.a as usize + 1] += 1;
            if e.a != e.b {
                degree[e.b as usize + 1] += 1;
            }
        }
        let starts = prefix_sums(degree);
        let mut adjacent = vec![(0u32, 0usize); starts[n]];
        let mut next = starts.clone();
        for e in &story {
            for (d, o) in [(e.a, e.b), (e.b, e.a)] {
                adjacent[next[d as usize]] = (o, e.overlap.shared);
                next[d as usize] += 1;
                if e.a == e.b {
                    break;
                }
            }
        }
        // The documents of each text in a story pair.
        let paired: Vec<bool> = (0..n).map(|t| starts[t + 1] > starts[t]).collect();
        let mut counts = vec![0usize; n + 1];
        for &t in texts
            .iter()
            .filter(|&&t| t != u32::MAX && paired[t as usize])
        {
            counts[t as usize + 1] += 1;
        }
        let member_starts = prefix_sums(counts);
        let mut members = vec![0u32; member_starts[n]];
        let mut next = member_starts.clone();
        for (d, &t) in texts.iter().enumerate() {
            if t != u32::MAX && paired[t as usize] {
                members[next[t as usize]] = d as u32;
                next[t as usize] += 1;
            }
        }
        // Each component's texts, in text order.
        let mut roots: Vec<(u32, u32)> = (0..n as u32)
            .filter(|&t| paired[t as usize])
            .map(|t| (uf.find(t), t))
            .collect();
        roots.par_sort_unstable();
        let groups: Vec<Vec<u32>> = roots
            .chunk_by(|x, y| x.0 == y.0)
            .map(|run| {
                run.iter()
                    .flat_map(|&(_, t)| {
                        members[member_starts[t as usize]..member_starts[t as usize + 1]]
                            .iter()
                            .copied()
                    })
                    .collect()
            })
            .collect();
        let text_score = |d: u32| score[texts[d as usize] as usize];
        let mut plans: Vec<ClusterPlan> = groups
            .into_par_iter()
            .map(|g| plan(docs, &g, &text_score))
            .collect();
        plans.par_sort_unstable_by(|x, y| {
            docs[x.source as usize]
                .order()
                .cmp(&docs[y.source as usize].order())
        });
        Clustering {
            texts,
            edges: story,
            starts,
            adjacent,
            member_starts,
            members,
            plans,
        }
    }

    /// The clusters, ordered by their sources.
    pub fn plans(&self) -> &[ClusterPlan] {
        &self.plans
    }

    /// The overlap of documents `a` and `b` seen from `a`, if they are a
    /// story pair.
    pub fn story_overlap(&self, a: u32, b: u32) -> Option<Overlap> {
        let (ta, tb) = (*self.texts.get(a as usize)?, *self.texts.get(b as usize)?);
        if a == b || ta == u32::MAX || tb == u32::MAX {
            return None;
        }
        let key = (ta.min(tb), ta.max(tb));
        let i = self.edges.binary_search_by_key(&key, |e| (e.a, e.b)).ok()?;
        let o = self.edges[i].overlap;
        Some(if ta <= tb { o } else { o.swapped() })
    }

    /// The documents of text `t` (empty unless it is in a story pair).
    fn members_of(&self, t: u32) -> &[u32] {
        &self.members[self.member_starts[t as usize]..self.member_starts[t as usize + 1]]
    }

    /// The (source, member) pairs of every cluster that are not story
    /// pairs: their overlap is needed to compare the member with its
    /// source, and only the shingle sets give it.
    pub fn missing(&self) -> Vec<(u32, u32)> {
        self.plans
            .iter()
            .flat_map(|p| p.others.iter().map(move |&d| (p.source, d)))
            .filter(|&(s, d)| self.story_overlap(s, d).is_none())
            .collect()
    }

    /// The cluster of `plan`, each member compared with the source:
    /// `overlap(source, member)` is asked for the [`missing`](Self::missing)
    /// ones only. `rule` says which relation an overlap makes.
    pub(crate) fn cluster(
        &self,
        docs: &[DocKey<'_>],
        plan: &ClusterPlan,
        rule: &Rule,
        overlap: impl Fn(u32, u32) -> Overlap,
    ) -> Cluster {
        let id = |d: u32| docs[d as usize].id.to_string();
        let reprints = plan
            .others
            .iter()
            .map(|&d| {
                let o = self
                    .story_overlap(plan.source, d)
                    .unwrap_or_else(|| overlap(plan.source, d));
                let relation = o.classify(rule);
                ClusterReprint {
                    id: id(d),
                    relation,
                    overlap: o,
                    via: match relation {
                        Some(_) => None,
                        None => self.closest(docs, d).map(id),
                    },
                }
            })
            .collect();
        let mut members = vec![id(plan.source)];
        members.extend(plan.others.iter().map(|&d| id(d)));
        Cluster {
            source: id(plan.source),
            members,
            reprints,
        }
    }

    /// The document `d` shares the most with among its story pairs: the
    /// most shared shingles, then the earlier (see [`DocKey::order`]).
    fn closest(&self, docs: &[DocKey<'_>], d: u32) -> Option<u32> {
        let t = *self.texts.get(d as usize)?;
        if t == u32::MAX {
            return None;
        }
        let (from, to) = (self.starts[t as usize], self.starts[t as usize + 1]);
        self.adjacent[from..to]
            .iter()
            .flat_map(|&(o, shared)| {
                self.members_of(o)
                    .iter()
                    .filter(move |&&m| m != d)
                    .map(move |&m| (m, shared))
            })
            .min_by(|x, y| {
                y.1.cmp(&x.1)
                    .then_with(|| docs[x.0 as usize].order().cmp(&docs[y.0 as usize].order()))
            })
            .map(|(o, _)| o)
    }
}

/// Running sums: `counts[i]` becomes the sum of `counts[..=i]`.
fn prefix_sums(mut counts: Vec<usize>) -> Vec<usize> {
    for d in 1..counts.len() {
        counts[d] += counts[d - 1];
    }
    counts
}

/// The source of the component `members` and its others in report order.
fn plan(docs: &[DocKey<'_>], members: &[u32], score: &impl Fn(u32) -> Score) -> ClusterPlan {
    let time = |d: u32| docs[d as usize].published.unwrap_or(i64::MAX);
    let best = members.iter().map(|&d| score(d).shared).max().unwrap_or(0);
    let source = members
        .iter()
        .copied()
        .filter(|&d| score(d).shared as f64 >= SOURCE_TOLERANCE * best as f64)
        .min_by(|&x, &y| {
            let (sx, sy) = (score(x), score(y));
            time(x)
                .cmp(&time(y))
                .then(sy.shared.cmp(&sx.shared))
                .then(sy.contains.cmp(&sx.contains))
                .then(docs[x as usize].id.cmp(docs[y as usize].id))
        })
        .unwrap_or(members[0]);
    let mut others: Vec<u32> = members.iter().copied().filter(|&d| d != source).collect();
    others.sort_unstable_by(|&x, &y| docs[x as usize].order().cmp(&docs[y as usize].order()));
    ClusterPlan { source, others }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_find_groups() {
        let mut uf = UnionFind::with_len(6);
        uf.union(4, 5);
        uf.union(1, 5);
        uf.union(0, 2);
        assert_eq!(uf.find(1), uf.find(4));
        assert_ne!(uf.find(0), uf.find(1));
        assert_eq!(uf.find(3), 3);
    }
}
