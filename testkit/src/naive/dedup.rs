//! A brute-force deduper: the definition the engine's pairs, figures and
//! clusters are checked against.

use std::collections::BTreeSet;

use reprint::text::Tokenizer;
use reprint::{DedupConfig, Document, Relation, Shingler};

use super::sets::Overlap;
use super::text::{fold, shingles, tokens};

/// Every document's exact shingle set, every pair of documents compared.
///
/// What [`Deduper`](reprint::Deduper) computes, the slow way: the words of
/// the whole text (the [naive tokenizer](super::words)), their word
/// shingles folded to 32 bits, one `BTreeSet` per document; each pair of
/// documents verified on those sets and classified by
/// [`DedupConfig`]'s thresholds. There are no passages, no index (so no
/// pair is missed) and no batches, and no boilerplate is ever learnt: the
/// engine agrees with it when its config cannot learn any
/// (`boilerplate_docs` above the number of documents) and its index
/// finds every related pair.
///
/// ```
/// use reprint::{DedupConfig, Document, Relation};
/// use reprint_testkit::naive::Reference;
///
/// let story = (0..60).map(|i| format!("word{i}")).collect::<Vec<_>>().join(" ");
/// let mut r = Reference::new(DedupConfig::default());
/// r.add(&Document::new("wire", story.clone()).with_published(1));
/// r.add(&Document::new("copy", format!("{story} and a few words more")).with_published(2));
/// let pairs = r.pairs();
/// assert_eq!(pairs.len(), 1);
/// assert_eq!((pairs[0].a.as_str(), pairs[0].relation), ("wire", Relation::Duplicate));
/// ```
#[derive(Debug, Clone)]
pub struct Reference {
    config: DedupConfig,
    tokenizer: Tokenizer,
    shingler: Shingler,
    docs: Vec<Held>,
}

#[derive(Debug, Clone)]
struct Held {
    id: String,
    published: Option<i64>,
    set: BTreeSet<u32>,
}

/// A related pair of documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// The earlier document: published first (undated documents last),
    /// then the smaller id.
    pub a: String,
    /// The later document.
    pub b: String,
    /// How they are related.
    pub relation: Relation,
    /// Their overlap, `a` first.
    pub overlap: Overlap,
}

/// A group of documents linked by pairs, with its source.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// The source's id.
    pub source: String,
    /// Every member but the source, by time published (undated last),
    /// then id.
    pub others: Vec<ClusterMember>,
}

/// A cluster member other than the source.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterMember {
    /// Its id.
    pub id: String,
    /// Its relation to the source, if their overlap alone makes one.
    pub relation: Option<Relation>,
    /// The overlap of the source (first) with it.
    pub overlap: Overlap,
    /// When `relation` is `None`, the member it shares the most with among
    /// the story pairs (the most shared shingles, then the earlier by time
    /// published, undated last, then id).
    pub via: Option<String>,
}

impl Reference {
    /// An empty reference deduper with the thresholds of `config`
    /// (`shingle_size`, `min_shared_shingles`, `min_containment`,
    /// `duplicate_jaccard`); the passage and boilerplate settings concern
    /// the engine's shortcuts and have no meaning here.
    ///
    /// # Panics
    ///
    /// If `config.window` is set: the reference holds every document.
    pub fn new(config: DedupConfig) -> Reference {
        assert!(config.window.is_none(), "the reference never evicts");
        let shingler = Shingler::new(config.shingle_size).expect("a valid shingle size");
        Reference {
            config,
            tokenizer: Tokenizer::new(),
            shingler,
            docs: Vec::new(),
        }
    }

    /// Adds a document.
    ///
    /// # Panics
    ///
    /// If a document with the same id is held.
    pub fn add(&mut self, doc: &Document) {
        assert!(
            self.docs.iter().all(|d| d.id != doc.id),
            "{} is held already",
            doc.id
        );
        let tokens = tokens(&doc.text, &self.tokenizer);
        let set = shingles(&tokens, &self.shingler)
            .into_iter()
            .map(fold)
            .collect();
        self.docs.push(Held {
            id: doc.id.clone(),
            published: doc.published,
            set,
        });
    }

    /// The exact overlap of documents `a` and `b`, `a` first.
    ///
    /// # Panics
    ///
    /// If either id is not held.
    pub fn overlap(&self, a: &str, b: &str) -> Overlap {
        Overlap::of(&self.docs[self.index(a)].set, &self.docs[self.index(b)].set)
    }

    /// The relation an overlap shows: a duplicate if any shingle is shared
    /// and the Jaccard similarity reaches `duplicate_jaccard`. Otherwise the
    /// two are related if they share at least `min_shared_shingles`, or at
    /// least 4 that are `min_shared_share` of the smaller document; related
    /// documents are a reprint if the share of the smaller found in the
    /// larger reaches `min_containment` and either they share at least
    /// `min_reprint_shingles` or that share reaches `min_shared_share`;
    /// they share a passage if not.
    pub fn classify(&self, o: &Overlap) -> Option<Relation> {
        let c = &self.config;
        let of_smaller = o.a_in_b.max(o.b_in_a);
        let related = o.shared >= c.min_shared_shingles
            || (o.shared >= 4 && of_smaller >= c.min_shared_share);
        if o.shared > 0 && o.jaccard >= c.duplicate_jaccard {
            Some(Relation::Duplicate)
        } else if !related {
            None
        } else if of_smaller >= c.min_containment
            && (o.shared >= c.min_reprint_shingles || of_smaller >= c.min_shared_share)
        {
            Some(Relation::Reprint)
        } else {
            Some(Relation::SharedPassage)
        }
    }

    /// The order of documents in reports: by time published (undated
    /// last), then id; it does not depend on the order they were added.
    fn key(&self, d: usize) -> (i64, &str) {
        (self.docs[d].published.unwrap_or(i64::MAX), &self.docs[d].id)
    }

    /// Every related pair, the earlier document (see [`Pair::a`]) first,
    /// sorted by it and then by the later one.
    pub fn pairs(&self) -> Vec<Pair> {
        let mut out = Vec::new();
        for j in 0..self.docs.len() {
            for i in 0..j {
                let (i, j) = match self.key(i) < self.key(j) {
                    true => (i, j),
                    false => (j, i),
                };
                let (a, b) = (&self.docs[i], &self.docs[j]);
                let overlap = Overlap::of(&a.set, &b.set);
                if let Some(relation) = self.classify(&overlap) {
                    out.push((
                        i,
                        j,
                        Pair {
                            a: a.id.clone(),
                            b: b.id.clone(),
                            relation,
                            overlap,
                        },
                    ));
                }
            }
        }
        out.sort_by(|x, y| (self.key(x.0), self.key(x.1)).cmp(&(self.key(y.0), self.key(y.1))));
        out.into_iter().map(|(_, _, p)| p).collect()
    }

    /// The clusters `pairs` make (the reference's own [`pairs`](Self::pairs),
    /// or any list): documents connected by duplicates and reprints (a
    /// shared passage does not make one story), in the order of their
    /// sources (by time published, undated last, then id).
    ///
    /// The source is the member holding the most shared text: each member
    /// scores the shingles it shares, summed over its pairs; those within
    /// 10% of the best score are candidates, and the earliest published
    /// candidate (a document without a time counts as the latest) is the
    /// source; ties go to the higher score, then to the larger sum over its
    /// pairs of the other document's share found in it, then to the smaller
    /// id.
    ///
    /// # Panics
    ///
    /// If a pair names a document not held.
    pub fn clusters(&self, pairs: &[Pair]) -> Vec<Cluster> {
        let pairs: Vec<&Pair> = pairs.iter().filter(|p| p.relation.is_story()).collect();
        let n = self.docs.len();
        let mut root: Vec<usize> = (0..n).collect();
        let mut shared = vec![0usize; n];
        // Shares in billionths: the sum is exact in any order.
        let billionths = |x: f64| (x * 1e9).round() as u64;
        let mut contains = vec![0u64; n];
        for p in &pairs {
            let (a, b) = (self.index(&p.a), self.index(&p.b));
            let (ra, rb) = (find(&root, a), find(&root, b));
            root[ra.max(rb)] = ra.min(rb);
            shared[a] += p.overlap.shared;
            shared[b] += p.overlap.shared;
            contains[a] += billionths(p.overlap.b_in_a);
            contains[b] += billionths(p.overlap.a_in_b);
        }
        let paired: BTreeSet<usize> = pairs
            .iter()
            .flat_map(|p| [self.index(&p.a), self.index(&p.b)])
            .collect();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for &d in &paired {
            match groups
                .iter_mut()
                .find(|g| find(&root, g[0]) == find(&root, d))
            {
                Some(g) => g.push(d),
                None => groups.push(vec![d]),
            }
        }
        let mut clusters: Vec<(usize, Cluster)> = groups
            .iter()
            .map(|members| {
                let best = members.iter().map(|&d| shared[d]).max().unwrap_or(0);
                let time = |d: usize| self.docs[d].published.unwrap_or(i64::MAX);
                let source = members
                    .iter()
                    .copied()
                    .filter(|&d| shared[d] as f64 >= 0.9 * best as f64)
                    .min_by(|&x, &y| {
                        time(x)
                            .cmp(&time(y))
                            .then(shared[y].cmp(&shared[x]))
                            .then(contains[y].cmp(&contains[x]))
                            .then(self.docs[x].id.cmp(&self.docs[y].id))
                    })
                    .expect("a cluster has members");
                let src = &self.docs[source];
                let mut others: Vec<usize> =
                    members.iter().copied().filter(|&d| d != source).collect();
                others.sort_by(|&x, &y| self.key(x).cmp(&self.key(y)));
                let cluster = Cluster {
                    source: src.id.clone(),
                    others: others
                        .iter()
                        .map(|&d| {
                            let overlap = Overlap::of(&src.set, &self.docs[d].set);
                            let relation = self.classify(&overlap);
                            let id = &self.docs[d].id;
                            let via = match relation {
                                Some(_) => None,
                                None => pairs
                                    .iter()
                                    .filter_map(|p| match (&p.a == id, &p.b == id) {
                                        (true, _) => Some((&p.b, p.overlap.shared)),
                                        (_, true) => Some((&p.a, p.overlap.shared)),
                                        _ => None,
                                    })
                                    .min_by(|x, y| {
                                        y.1.cmp(&x.1).then_with(|| {
                                            self.key(self.index(x.0))
                                                .cmp(&self.key(self.index(y.0)))
                                        })
                                    })
                                    .map(|(o, _)| o.clone()),
                            };
                            ClusterMember {
                                id: id.clone(),
                                relation,
                                overlap,
                                via,
                            }
                        })
                        .collect(),
                };
                (source, cluster)
            })
            .collect();
        clusters.sort_by(|x, y| self.key(x.0).cmp(&self.key(y.0)));
        clusters.into_iter().map(|(_, c)| c).collect()
    }

    fn index(&self, id: &str) -> usize {
        self.docs
            .iter()
            .position(|d| d.id == id)
            .unwrap_or_else(|| panic!("{id} is not held"))
    }
}

/// The root of `x` in a forest given by parent links.
fn find(parent: &[usize], mut x: usize) -> usize {
    while parent[x] != x {
        x = parent[x];
    }
    x
}
