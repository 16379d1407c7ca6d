//! The classic MinHash signature, one permutation at a time.

use super::simhash::fmix64;

/// The values of a classic MinHash signature as
/// [`MinHasher`](reprint::MinHasher) (`Variant::Classic`) defines them:
/// permutation `i` hashes each shingle, folded to 32 bits (its halves
/// xored), as `(a_i * x + b_i) mod 2^64 >> 32` and keeps the minimum;
/// `a_i` (made odd) and `b_i` are drawn in turn from a SplitMix64 stream
/// seeded with `seed`. No shingles give `u32::MAX` everywhere.
pub fn classic_minhash(num_perm: usize, seed: u64, shingles: &[u64]) -> Vec<u32> {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        fmix64(state)
    };
    let mut out = Vec::with_capacity(num_perm);
    for _ in 0..num_perm {
        let a = next() | 1;
        let b = next();
        let min = shingles
            .iter()
            .map(|&s| {
                let x = u64::from((s ^ (s >> 32)) as u32);
                (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32
            })
            .min();
        out.push(min.unwrap_or(u32::MAX));
    }
    out
}
