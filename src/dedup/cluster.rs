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

    /// The parent and size arrays, for saving.
    pub fn parts(&self) -> (&[u32], &[u32]) {
        (&self.parent, &self.size)
    }

    /// Rebuilds from saved arrays of length `n`; `None` unless every parent
    /// is in range and every path ends at a root (no cycles).
    pub fn from_parts(parent: Vec<u32>, size: Vec<u32>, n: usize) -> Option<Self> {
        if parent.len() != n || size.len() != n || parent.iter().any(|&p| p as usize >= n) {
            return None;
        }
        // 0 = unvisited, 1 = on the current path, 2 = reaches a root.
        let mut state = vec![0u8; n];
        let mut path = Vec::new();
        for start in 0..n {
            let mut x = start;
            while state[x] == 0 {
                state[x] = 1;
                path.push(x);
                let p = parent[x] as usize;
                if p == x {
                    break;
                }
                x = p;
            }
            if state[x] == 1 && parent[x] as usize != x {
                return None; // came back to the current path: a cycle
            }
            for &y in &path {
                state[y] = 2;
            }
            path.clear();
        }
        Some(UnionFind { parent, size })
    }

    pub fn push(&mut self) {
        self.parent.push(self.parent.len() as u32);
        self.size.push(1);
    }

    pub fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    /// The root of `x`, without path compression (for `&self` readers).
    pub fn root(&self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            x = self.parent[x as usize];
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
    /// in which the others' text is most contained, then the one added
    /// first (see [`Deduper::clusters`](super::Deduper::clusters)).
    pub source: String,
    /// All members, the source first, then in the order they were added.
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
        uf.push();
        assert_eq!(uf.find(6), 6);
        let (p, s) = uf.parts();
        assert!(UnionFind::from_parts(p.to_vec(), s.to_vec(), 7).is_some());
        assert!(UnionFind::from_parts(vec![1, 0], vec![1, 1], 2).is_none());
        assert!(UnionFind::from_parts(vec![0, 2, 1], vec![1, 1, 1], 3).is_none());
        assert!(UnionFind::from_parts(vec![0, 5], vec![1, 1], 2).is_none());
        assert!(UnionFind::from_parts(vec![1, 1, 1], vec![1, 3, 1], 3).is_some());
    }
}
