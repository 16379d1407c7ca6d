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

const BLOCK: usize = 4;

/// Calls `found(x)` for every `x` in both `a` and `b`, in increasing order.
#[inline]
fn for_each_common<T: Copy + Ord>(a: &[T], b: &[T], mut found: impl FnMut(T)) {
    let (mut i, mut j) = (0, 0);
    while i + BLOCK <= a.len() && j + BLOCK <= b.len() {
        let (x, y) = (&a[i..i + BLOCK], &b[j..j + BLOCK]);
        let mut mask = 0u32;
        for (k, &v) in x.iter().enumerate() {
            let hit = y.iter().fold(false, |acc, &w| acc | (v == w));
            mask |= u32::from(hit) << k;
        }
        while mask != 0 {
            found(x[mask.trailing_zeros() as usize]);
            mask &= mask - 1;
        }
        let (xl, yl) = (x[BLOCK - 1], y[BLOCK - 1]);
        i += BLOCK * usize::from(xl <= yl);
        j += BLOCK * usize::from(yl <= xl);
    }
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        if x == y {
            found(x);
        }
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
}

/// Size of the intersection of two sorted, deduplicated sets.
pub(crate) fn intersection_len<T: Copy + Ord>(a: &[T], b: &[T]) -> usize {
    let mut n = 0;
    for_each_common(a, b, |_| n += 1);
    n
}

/// Size of the intersection of two sorted, deduplicated sets, not counting
/// the elements for which `excluded` holds (asked of common elements only).
pub(crate) fn intersection_len_excluding<T: Copy + Ord>(
    a: &[T],
    b: &[T],
    excluded: impl Fn(T) -> bool,
) -> usize {
    let mut n = 0;
    for_each_common(a, b, |x| n += usize::from(!excluded(x)));
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hashing::IntSet;
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
            let mut got = Vec::new();
            for_each_common(&a, &b, |x| got.push(x));
            prop_assert_eq!(&got, &naive(&a, &b));
            prop_assert_eq!(intersection_len(&a, &b), got.len());
            let exclude: IntSet<u32> = a.iter().copied().filter(|x| x % 3 == 0).collect();
            prop_assert_eq!(
                intersection_len_excluding(&a, &b, |x| exclude.contains(&x)),
                got.iter().filter(|x| *x % 3 != 0).count()
            );
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
