//! Union-find over documents, and clusters with their likely wire source.

use super::verify::{Overlap, Relation};

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
