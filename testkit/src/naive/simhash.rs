//! The textbook SimHash (Charikar, 2002).

/// The SimHash of a multiset of feature hashes, as
/// [`SimHasher::simhash`](reprint::SimHasher::simhash) defines it: each
/// occurrence of a feature is mixed with the seed (`fmix64(feature ^
/// seed)`, the MurmurHash3 finalizer) and adds +1 to each of 64 sums
/// where its mixed hash has the bit set, -1 where not; bit `b` of the
/// result is set when sum `b` is positive. No features give 0.
pub fn simhash(seed: u64, features: &[u64]) -> u64 {
    let mut sums = [0i64; 64];
    for &f in features {
        let h = fmix64(f ^ seed);
        for (bit, sum) in sums.iter_mut().enumerate() {
            *sum += if h >> bit & 1 == 1 { 1 } else { -1 };
        }
    }
    let mut out = 0u64;
    for (bit, &sum) in sums.iter().enumerate() {
        if sum > 0 {
            out |= 1 << bit;
        }
    }
    out
}

/// The MurmurHash3 64-bit finalizer: a bijection on `u64` in which every
/// input bit affects every output bit (the generator's own mixer).
pub fn fmix64(x: u64) -> u64 {
    crate::rng::mix64(x)
}
