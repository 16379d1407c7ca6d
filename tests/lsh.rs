//! Properties of the MinHash LSH index.

use proptest::prelude::*;
use reprint::lsh::{LshIndex, LshParams};
use reprint::{MinHasher, Variant};

/// A random set of `n` distinct shingle hashes, from a seed.
fn set_from(seed: u64, n: usize) -> Vec<u64> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z ^ (z >> 27)
        })
        .collect()
}

/// Two sets of `n` elements each with Jaccard similarity `j`: they share
/// `s` elements where s / (2n - s) = j.
fn pair_with_jaccard(seed: u64, n: usize, j: f64) -> (Vec<u64>, Vec<u64>) {
    let shared = ((2.0 * n as f64 * j) / (1.0 + j)).round() as usize;
    let all = set_from(seed, 2 * n - shared);
    let a = all[..n].to_vec();
    let b = all[n - shared..].to_vec();
    (a, b)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Pairs far above the threshold are (almost) always candidates: at
    /// Jaccard 0.8 with threshold 0.5 and 128 permutations (25 bands x 5
    /// rows) the S-curve gives 1 - 5e-5, so two misses among 20 pairs would
    /// be a bug.
    #[test]
    fn recall_far_above_threshold(seed in any::<u64>(), n in 50usize..400, variant in prop_oneof![Just(Variant::Classic), Just(Variant::OnePermutation)]) {
        let h = MinHasher::new(128).unwrap().with_variant(variant).with_seed(seed);
        let params = LshParams::for_threshold(0.5, 128).unwrap();
        prop_assert!(params.probability(0.8) > 0.9999);
        let mut index = LshIndex::new(params);
        let mut queries = Vec::new();
        for i in 0..20u64 {
            let (a, b) = pair_with_jaccard(seed ^ (i << 40), n, 0.8);
            index.insert(i, &h.signature(a)).unwrap();
            queries.push((i, h.signature(b)));
        }
        let missed = queries.iter().filter(|(i, q)| !index.query(q).unwrap().contains(i)).count();
        prop_assert!(missed <= 1, "missed {} of 20", missed);
    }

    /// Unrelated sets (Jaccard 0) are almost never candidates of each other.
    #[test]
    fn unrelated_sets_rarely_collide(seed in any::<u64>()) {
        let h = MinHasher::new(128).unwrap();
        let mut index = LshIndex::new(LshParams::for_threshold(0.5, 128).unwrap());
        for i in 0..50u64 {
            index.insert(i, &h.signature(set_from(seed.wrapping_add(i * 1_000_003), 200))).unwrap();
        }
        let q = h.signature(set_from(!seed, 200));
        prop_assert!(index.query(&q).unwrap().len() <= 1);
    }

    /// Query results are sorted, without duplicates, and only live ids.
    #[test]
    fn results_sorted_unique_live(seed in any::<u64>(), removed in proptest::collection::vec(0u32..30, 0..15)) {
        let h = MinHasher::new(32).unwrap();
        let mut index = LshIndex::new(LshParams::new(16, 2).unwrap());
        let sig = h.signature(set_from(seed, 100));
        for i in 0..30u32 {
            index.insert(i, &sig).unwrap();
        }
        let mut gone = std::collections::BTreeSet::new();
        for r in removed {
            if gone.insert(r) {
                index.remove(r).unwrap();
            } else {
                prop_assert!(index.remove(r).is_err());
            }
        }
        let want: Vec<u32> = (0..30).filter(|i| !gone.contains(i)).collect();
        prop_assert_eq!(index.query(&sig).unwrap(), want);
        prop_assert_eq!(index.len(), 30 - gone.len());
    }
}

/// One index answers queries from several threads at once through `&self`.
#[test]
fn concurrent_queries_agree_with_serial() {
    let h = MinHasher::new(128).unwrap();
    let mut index = LshIndex::new(LshParams::for_threshold(0.5, 128).unwrap());
    let mut queries = Vec::new();
    for i in 0..500u64 {
        let (a, b) = pair_with_jaccard(i, 150, 0.7);
        index.insert(i, &h.signature(a)).unwrap();
        queries.push(h.signature(b));
    }
    let serial: Vec<Vec<u64>> = queries.iter().map(|q| index.query(q).unwrap()).collect();
    let index = &index;
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let queries = &queries;
                s.spawn(move || {
                    queries
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i % 4 == t)
                        .map(|(i, q)| (i, index.query(q).unwrap()))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            for (i, got) in h.join().unwrap() {
                assert_eq!(got, serial[i]);
            }
        }
    });
    let found = serial
        .iter()
        .enumerate()
        .filter(|(i, r)| r.contains(&(*i as u64)))
        .count();
    assert!(found >= 490, "found {found} of 500");
}
