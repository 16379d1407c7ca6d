//! Intersections of sorted, deduplicated sets: the inner loop of
//! verification (on 32-bit folded shingles) and of exact Jaccard (on 64-bit
//! shingles).
//!
//! A plain merge compares one pair per step and is bound by the latency of
//! its own index updates. Here both sets are walked in blocks of four: each
//! step compares a block of `a` with a block of `b` all-pairs (16
//! comparisons the compiler turns into a few vector instructions), then
//! advances the block whose last element is smaller (or both, if equal).
//! No match is missed or counted twice: when a block is left behind, every
//! element of the other set that could equal one of its elements lies in
//! the current block of the other set, already compared. The tails are
//! finished by a scalar merge.
//!
//! Each step adds the 16 comparisons up, with no branch on the data: on
//! 900-element sets this runs at about 0.7 ns per element, where handing
//! each match to a callback ran at 2.5 ns (which bits matched is an
//! unpredictable branch). So there is only a count here: a caller that
//! must not count some elements (learnt boilerplate) subtracts the
//! intersection of the few such elements each set holds.

const BLOCK: usize = 4;

/// Size of the intersection of two sorted, deduplicated sets.
pub(crate) fn intersection_len<T: Copy + Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i..i + BLOCK), b.get(j..j + BLOCK)) {
        let (Ok(x), Ok(y)) = (<&[T; BLOCK]>::try_from(x), <&[T; BLOCK]>::try_from(y)) else {
            break;
        };
        for &v in x {
            for &w in y {
                n += usize::from(v == w);
            }
        }
        let (xl, yl) = (x[BLOCK - 1], y[BLOCK - 1]);
        i += BLOCK * usize::from(xl <= yl);
        j += BLOCK * usize::from(yl <= xl);
    }
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn naive(a: &[u32], b: &[u32]) -> Vec<u32> {
        a.iter().copied().filter(|x| b.contains(x)).collect()
    }

    fn sorted_set() -> impl Strategy<Value = Vec<u32>> {
        proptest::collection::btree_set(0u32..300, 0..120).prop_map(|s| s.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn blocked_merge_equals_naive(a in sorted_set(), b in sorted_set()) {
            prop_assert_eq!(intersection_len(&a, &b), naive(&a, &b).len());
        }
    }

    #[test]
    fn edges() {
        assert_eq!(intersection_len(&[], &[1, 2, 3, 4, 5]), 0);
        let a: Vec<u32> = (0..1000).collect();
        assert_eq!(intersection_len(&a, &a), 1000);
        let odd: Vec<u32> = (0..1000).map(|x| 2 * x + 1).collect();
        let even: Vec<u32> = (0..1000).map(|x| 2 * x).collect();
        assert_eq!(intersection_len(&odd, &even), 0);
        assert_eq!(intersection_len(&[u32::MAX], &[u32::MAX]), 1);
    }
}
