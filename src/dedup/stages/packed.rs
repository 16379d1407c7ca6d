//! Sorted sets of 32-bit shingles packed at about 3 bytes a shingle
//! instead of 4, for the sets strings that a shuffling engine moves (the
//! bulk of what it moves).
//!
//! Shingles are uniform hashes, so in a set of `n` the gaps are about
//! 2^32 / n. Each shingle is split into its low `L = 32 - ⌈log2 n⌉` bits,
//! stored as they are, and its high bits, which are at most about `2n`
//! and stored in unary: shingle `i` sets bit `high + i` of a bit vector of
//! `n + 2^(32 - L)` bits (Elias and Fano's code). An article of 870
//! shingles takes 2,630 bytes instead of 3,480. Nothing is assumed about
//! the values: any strictly increasing set round-trips.
//!
//! # Layout
//!
//! The low bits of every shingle, in order, `L` bits each, least
//! significant bit first, padded to a whole byte; then the bit vector,
//! bit `p` in byte `p / 8` at `1 << (p % 8)`, padded to a whole byte.

/// The low bits stored as they are for a set of `n` shingles.
fn low_bits(n: usize) -> u32 {
    // ⌈log2 n⌉ for n ≥ 1; sets hold at most 2^32 shingles.
    let ceil_log2 = usize::BITS - n.saturating_sub(1).leading_zeros();
    32u32.saturating_sub(ceil_log2)
}

/// The lengths in bytes of the low bits and of the bit vector of a set of
/// `n` shingles.
fn parts_len(n: usize) -> (u64, u64) {
    if n == 0 {
        return (0, 0);
    }
    let l = u64::from(low_bits(n));
    let n = n as u64;
    ((n * l).div_ceil(8), (n + (1 << (32 - l))).div_ceil(8))
}

/// The bytes [`pack`] makes of a set of `n` shingles.
pub(crate) fn packed_len(n: usize) -> u64 {
    let (low, high) = parts_len(n);
    low + high
}

/// Appends `set` (strictly increasing) to `out`, packed.
pub(crate) fn pack(set: &[u32], out: &mut Vec<u8>) {
    let n = set.len();
    let (low_len, high_len) = parts_len(n);
    let start = out.len();
    out.resize(start + (low_len + high_len) as usize, 0);
    let (low, high) = out[start..].split_at_mut(low_len as usize);
    let l = low_bits(n);
    let mask = (1u64 << l) - 1;
    let (mut acc, mut held, mut at) = (0u64, 0u32, 0usize);
    for (i, &x) in set.iter().enumerate() {
        acc |= (u64::from(x) & mask) << held;
        held += l;
        while held >= 8 {
            low[at] = acc as u8;
            (acc, held, at) = (acc >> 8, held - 8, at + 1);
        }
        let p = (u64::from(x) >> l) + i as u64;
        high[(p / 8) as usize] |= 1 << (p % 8);
    }
    if held > 0 {
        low[at] = acc as u8;
    }
}

/// The set of `n` shingles that [`pack`] made `bytes` of, or `None` if
/// `bytes` are not that: the wrong length, another number of shingles, or
/// shingles not strictly increasing.
#[cfg(test)]
pub(crate) fn unpack(bytes: &[u8], n: usize) -> Option<Vec<u32>> {
    unpack_where(bytes, n, |_| true)
}

/// [`unpack`], keeping only the shingles `keep` accepts (all of them are
/// read and checked, and given to `keep` in increasing order).
pub(crate) fn unpack_where(
    bytes: &[u8],
    n: usize,
    mut keep: impl FnMut(u32) -> bool,
) -> Option<Vec<u32>> {
    if bytes.len() as u64 != packed_len(n) {
        return None;
    }
    let (low_len, _) = parts_len(n);
    let (low, high) = bytes.split_at(low_len as usize);
    let l = low_bits(n);
    let mask = (1u64 << l) - 1;
    // The low bits of shingle `i`: one 8-byte read from the byte that holds
    // its first bit (at most 7 + 32 bits are wanted).
    let low_of = |i: usize| -> u64 {
        let bit = i * l as usize;
        let (at, shift) = (bit / 8, bit % 8);
        let rest = low.get(at..).unwrap_or_default();
        // A fixed-size read (one load), except within 8 bytes of the end.
        let word = match rest.first_chunk::<8>() {
            Some(&b) => b,
            None => {
                let mut word = [0u8; 8];
                word[..rest.len()].copy_from_slice(rest);
                word
            }
        };
        (u64::from_le_bytes(word) >> shift) & mask
    };
    let mut out: Vec<u32> = Vec::with_capacity(n);
    // Shingles read so far, and the last one.
    let (mut i, mut last) = (0usize, None::<u32>);
    let words = high.chunks_exact(8);
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    let whole = words.map(|b| {
        let mut word = [0u8; 8];
        word.copy_from_slice(b);
        word
    });
    for (w, word) in whole.chain([tail]).enumerate() {
        let mut word = u64::from_le_bytes(word);
        while word != 0 {
            if i == n {
                return None;
            }
            // The i-th set bit is at p ≥ i.
            let p = w as u64 * 64 + u64::from(word.trailing_zeros());
            word &= word - 1;
            let x = u32::try_from((p - i as u64) << l | low_of(i)).ok()?;
            if last.is_some_and(|last| last >= x) {
                return None;
            }
            (i, last) = (i + 1, Some(x));
            if keep(x) {
                out.push(x);
            }
        }
    }
    (i == n).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn round_trip(set: &[u32]) -> Option<Vec<u32>> {
        let mut bytes = vec![7u8]; // packing appends
        pack(set, &mut bytes);
        assert_eq!(bytes.len() as u64, 1 + packed_len(set.len()));
        unpack(&bytes[1..], set.len())
    }

    #[test]
    fn edges_round_trip() {
        for set in [
            vec![],
            vec![0],
            vec![u32::MAX],
            vec![0, u32::MAX],
            (0..1000).collect(),
            (u32::MAX - 999..=u32::MAX).collect(),
            (0..5000).map(|i| i * 858_993).collect(),
        ] {
            assert_eq!(round_trip(&set).as_deref(), Some(set.as_slice()));
        }
    }

    #[test]
    fn an_article_takes_about_three_bytes_a_shingle() {
        assert_eq!(packed_len(870), 2393 + 237);
        assert!(packed_len(100_000) < 3 * 100_000 + 100_000 / 4);
    }

    #[test]
    fn damage_is_refused() {
        let set: Vec<u32> = (0..100).map(|i| i * 40_000_000).collect();
        let mut bytes = Vec::new();
        pack(&set, &mut bytes);
        assert_eq!(unpack(&bytes, 99), None);
        assert_eq!(unpack(&bytes[1..], 100), None);
        // A bit of the vector cleared: a shingle short.
        let mut short = bytes.clone();
        let Some(last) = short.iter().rposition(|&b| b != 0) else {
            panic!("no bit set");
        };
        short[last] &= short[last] - 1;
        assert_eq!(unpack(&short, 100), None);
        // A bit of the padding set: one too many.
        let mut long = bytes;
        let end = long.len() - 1;
        long[end] |= 0x80;
        assert_eq!(unpack(&long, 100), None);
    }

    proptest! {
        #[test]
        fn sets_round_trip(mut set in prop::collection::vec(any::<u32>(), 0..3000)) {
            set.sort_unstable();
            set.dedup();
            prop_assert_eq!(round_trip(&set), Some(set));
        }

        #[test]
        fn dense_sets_round_trip(start in any::<u32>(), len in 0usize..3000, step in 1u32..64) {
            let set: Vec<u32> = (0..len as u64)
                .map(|i| u64::from(start) + i * u64::from(step))
                .take_while(|&x| x <= u64::from(u32::MAX))
                .map(|x| x as u32)
                .collect();
            prop_assert_eq!(round_trip(&set), Some(set));
        }

        #[test]
        fn any_bytes_give_a_sorted_set_or_none(
            (n, bytes) in (0usize..400).prop_flat_map(|n| {
                (Just(n), prop::collection::vec(any::<u8>(), packed_len(n) as usize))
            }),
        ) {
            if let Some(set) = unpack(&bytes, n) {
                prop_assert_eq!(set.len(), n);
                prop_assert!(set.windows(2).all(|w| w[0] < w[1]));
            }
        }
    }
}
