//! Reports of the corpus: verified pairs and clusters with their sources.
//!
//! Stored pairs were verified when their second document was added; the
//! boilerplate learnt since may have been part of what they shared, so every
//! report re-verifies them first (in parallel, exactly: see
//! `current_pairs`).

use crate::par::prelude::*;

use super::{Corpus, PairRecord};
use crate::dedup::cluster::{Cluster, Clustering, DocKey, Edge};
use crate::dedup::results::{CompactPairs, CopyGroup, Pair, PairRef, Report};
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

    /// See [`Deduper::for_each_pair`](crate::Deduper::for_each_pair).
    pub fn for_each_pair<'a>(&'a self, mut f: impl FnMut(PairRef<'a>)) {
        let current = self.current_pairs(&Stale::of(self));
        let expansion = Expansion::new(self, &current);
        for &a in &expansion.order {
            expansion.pairs_of(a, true, &mut f);
        }
    }

    /// See [`Deduper::compact_pairs`](crate::Deduper::compact_pairs).
    pub fn compact_pairs(&self) -> CompactPairs {
        let current = self.current_pairs(&Stale::of(self));
        let expansion = Expansion::new(self, &current);
        // Ordered by their first documents' places in report order.
        let mut groups: Vec<(u32, &PairRecord)> = current
            .iter()
            .filter(|p| p.a == p.b)
            .map(|p| (expansion.rank[expansion.docs_of(&p.a)[0] as usize], p))
            .collect();
        groups.sort_unstable_by_key(|g| g.0);
        let copies = groups
            .into_iter()
            .map(|(_, p)| CopyGroup {
                ids: expansion
                    .docs_of(&p.a)
                    .iter()
                    .map(|&d| self.id(d).to_string())
                    .collect(),
                relation: p.relation,
                overlap: p.overlap,
            })
            .collect();
        CompactPairs {
            copies,
            pairs: self.pairs_in(&expansion, false),
        }
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

    /// The pairs of documents that the pairs of texts `current` stand
    /// for, as reported: each oriented as
    /// [`Stages::pair`](crate::stages::Stages::pair) orients it, sorted by
    /// `a`, then `b` (see [`DocKey::order`]). In parallel, in chunks of
    /// `a`s, in an order that does not depend on the threads.
    fn pairs_of(&self, current: &[PairRecord]) -> Vec<Pair> {
        self.pairs_in(&Expansion::new(self, current), true)
    }

    /// The pairs of `expansion` as [`pairs_of`](Self::pairs_of) lists
    /// them; those of two copies of one text only with `copies`.
    fn pairs_in(&self, expansion: &Expansion<'_, '_>, copies: bool) -> Vec<Pair> {
        let chunk = expansion.order.len().div_ceil(256).max(64);
        let chunks: Vec<Vec<Pair>> = expansion
            .order
            .par_chunks(chunk)
            .map(|docs| {
                let mut out = Vec::new();
                for &a in docs {
                    expansion.pairs_of(a, copies, &mut |p| out.push(p.to_pair()));
                }
                out
            })
            .collect();
        chunks.into_iter().flatten().collect()
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
        let clustering = Clustering::with_texts(&docs, &edges, self.texts());
        self.stages.clusters(&docs, &clustering, |a, b| {
            stale.overlap(self, self.text(a), self.text(b))
        })
    }

    /// Per document, its text, or `u32::MAX` for a document no longer held.
    fn texts(&self) -> Vec<u32> {
        self.docs
            .iter()
            .map(|d| if d.alive { d.text } else { u32::MAX })
            .collect()
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

/// The pairs of documents that pairs of texts stand for, listed one
/// document at a time in report order.
struct Expansion<'c, 'p> {
    corpus: &'c Corpus,
    pairs: &'p [PairRecord],
    /// The documents of every paired text, in report order.
    order: Vec<u32>,
    /// Per document, its place in `order` (`u32::MAX`: in no pair).
    rank: Vec<u32>,
    /// Per text, the pairs it is in (compressed rows over document
    /// numbers: those of `t` are `by_text[starts[t]..starts[t + 1]]`).
    starts: Vec<u32>,
    by_text: Vec<u32>,
    /// Per text with copies, its documents in report order.
    copies: std::collections::HashMap<u32, Vec<u32>>,
}

impl<'c, 'p> Expansion<'c, 'p> {
    fn new(corpus: &'c Corpus, pairs: &'p [PairRecord]) -> Self {
        let n = corpus.docs.len();
        let mut counts = vec![0u32; n + 1];
        for p in pairs {
            counts[p.a as usize + 1] += 1;
            if p.a != p.b {
                counts[p.b as usize + 1] += 1;
            }
        }
        for t in 1..counts.len() {
            counts[t] += counts[t - 1];
        }
        let starts = counts;
        let mut by_text = vec![0u32; starts[n] as usize];
        let mut next = starts.clone();
        for (i, p) in pairs.iter().enumerate() {
            for t in [p.a, p.b] {
                by_text[next[t as usize] as usize] = i as u32;
                next[t as usize] += 1;
                if p.a == p.b {
                    break;
                }
            }
        }
        let mut order: Vec<u32> = (0..n as u32)
            .filter(|&t| starts[t as usize + 1] > starts[t as usize])
            .flat_map(|t| corpus.docs_of(t))
            .collect();
        order.par_sort_unstable_by(|&x, &y| corpus.report_key(x).cmp(&corpus.report_key(y)));
        let mut rank = vec![u32::MAX; n];
        for (r, &d) in order.iter().enumerate() {
            rank[d as usize] = r as u32;
        }
        let mut copies = std::collections::HashMap::new();
        for t in (0..n as u32).filter(|&t| starts[t as usize + 1] > starts[t as usize]) {
            if !corpus.copies_of(t).is_empty() {
                let mut docs: Vec<u32> = corpus.docs_of(t).collect();
                docs.sort_unstable_by_key(|&d| rank[d as usize]);
                copies.insert(t, docs);
            }
        }
        Expansion {
            corpus,
            pairs,
            order,
            rank,
            starts,
            by_text,
            copies,
        }
    }

    /// The documents of text `t`, in report order.
    fn docs_of<'a>(&'a self, t: &'a u32) -> &'a [u32] {
        self.copies
            .get(t)
            .map_or(std::slice::from_ref(t), Vec::as_slice)
    }

    /// Calls `f` with the pairs whose earlier document is `a`, in order;
    /// those of two copies of one text only with `copies`.
    fn pairs_of(&self, a: u32, copies: bool, f: &mut impl FnMut(PairRef<'c>)) {
        let corpus = self.corpus;
        let (text, here) = (corpus.text(a), self.rank[a as usize]);
        let records = &self.by_text
            [self.starts[text as usize] as usize..self.starts[text as usize + 1] as usize];
        let mut later: Vec<(u32, u32, u32)> = Vec::new();
        for &i in records {
            let p = &self.pairs[i as usize];
            if p.a == p.b && !copies {
                continue;
            }
            let other = if p.a == text { p.b } else { p.a };
            let docs = self.docs_of(&other);
            let from = docs.partition_point(|&d| self.rank[d as usize] <= here);
            later.extend(docs[from..].iter().map(|&d| (self.rank[d as usize], d, i)));
        }
        if records.len() > 1 {
            // Sorted runs, one per pair of texts: merged.
            later.sort();
        }
        let id_a = corpus.id(a);
        for (_, b, i) in later {
            let p = &self.pairs[i as usize];
            f(PairRef {
                a: id_a,
                b: corpus.id(b),
                relation: p.relation,
                overlap: if p.a == text {
                    p.overlap
                } else {
                    p.overlap.swapped()
                },
            });
        }
    }
}
