//! Least-significant-digit radix sorts on 32-bit keys: four passes of 8
//! bits, the four histograms counted in one pass. For the few hundred to
//! tens of thousands of hashes the engine sorts at a time (the shingles of
//! an article, the band keys of a batch) this takes about a third of the
//! time of a comparison sort; short inputs use `sort_unstable`.

/// Below this length a comparison sort is faster than four passes.
const SHORT: usize = 128;

/// Sorts `v` by `key`, stably, four passes of 8 bits.
#[inline(always)]
fn sort_by_u32_key<T: Copy + Default>(v: &mut Vec<T>, key: impl Fn(T) -> u32) {
    let mut counts = [[0usize; 256]; 4];
    for &x in v.iter() {
        let k = key(x);
        for (d, c) in counts.iter_mut().enumerate() {
            c[((k >> (8 * d)) & 0xff) as usize] += 1;
        }
    }
    let mut scratch = vec![T::default(); v.len()];
    for (d, c) in counts.iter().enumerate() {
        // Exclusive prefix sums: where each digit's run starts.
        let mut starts = [0usize; 256];
        let mut sum = 0;
        for (s, &n) in starts.iter_mut().zip(c) {
            *s = sum;
            sum += n;
        }
        for &x in v.iter() {
            let digit = ((key(x) >> (8 * d)) & 0xff) as usize;
            scratch[starts[digit]] = x;
            starts[digit] += 1;
        }
        std::mem::swap(v, &mut scratch);
    }
}

/// Sorts `v` ascending.
pub(crate) fn sort_u32(v: &mut Vec<u32>) {
    if v.len() < SHORT {
        v.sort_unstable();
    } else {
        sort_by_u32_key(v, |x| x);
    }
}

/// Sorts `v` by the high 32 bits, keeping the order of equal ones: if the
/// low 32 bits ascend in `v` (entries pushed in order), `v` ends sorted.
pub(crate) fn sort_by_high_half(v: &mut Vec<u64>) {
    if v.len() < SHORT {
        v.sort_by_key(|&x| x >> 32);
    } else {
        sort_by_u32_key(v, |x| (x >> 32) as u32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn sorts_u32(mut v in proptest::collection::vec(any::<u32>(), 0..2000)) {
            let mut want = v.clone();
            want.sort_unstable();
            sort_u32(&mut v);
            prop_assert_eq!(v, want);
        }

        /// Stable on the high half: entries with ascending low halves
        /// (few distinct keys, so that ties are many) end fully sorted.
        #[test]
        fn sorts_by_high_half_stably(keys in proptest::collection::vec(0u64..20, 0..2000)) {
            let mut v: Vec<u64> = keys.iter().enumerate().map(|(i, &k)| k << 32 | i as u64).collect();
            let mut want = v.clone();
            want.sort_unstable();
            sort_by_high_half(&mut v);
            prop_assert_eq!(v, want);
        }
    }
}
