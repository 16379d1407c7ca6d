//! The hash functions saved files depend on, in one place.
//!
//! Every hash whose values end up in a saved file, or decide which bucket a
//! saved value sits in, is defined here: the word hash of the tokenizer, the
//! combination of word hashes into a shingle hash, the MinHash permutations
//! and one-permutation binning, the LSH band keys and SimHash's feature mix.
//! A saved engine holds shingle sets and band keys; a saved SimHash index
//! holds fingerprints; none of them can be recomputed from the file, so a
//! file read by a build whose hashes differ would answer wrongly without
//! failing.
//!
//! **Changing any function or constant in this module changes saved files:
//! bump [`HASH_SCHEME`].** Every saved type records the scheme it was made
//! under, and loading a file of another scheme is
//! [`Error::HashSchemeMismatch`](crate::Error::HashSchemeMismatch). The
//! default seeds (`DEFAULT_*_SEED` in [`text`](crate::text),
//! [`shingle`](crate::shingle), [`minhash`](crate::minhash)) are part of the
//! scheme too, and so is the classic MinHash kernel's multiply-add-shift
//! (`minhash::kernel`, kept beside its CPU dispatch). The tests
//! `signature_values_are_stable` (minhash), `scheme_values_are_stable`
//! (below) and the seeds' expected output pin the values.
//!
//! These are fixed functions with fixed constants, never `RandomState`: the
//! same input hashes alike in every process. Hashes that never leave memory
//! (hash-map hashers, the SimHash index's buckets, the file checksum) live
//! with their users.
//!
//! The functions keep the inline attributes they had beside their users
//! (the word hash's short path and the shingle combination
//! `#[inline(always)]`, the long-word path none), so moving them here left
//! the tokenizer's and shingler's code as it was.

/// Version of the hash scheme: the functions and constants of this module
/// and the default seeds. Recorded in every saved file.
///
/// - 1: token hashes were seeded xxh3 of the normalized word; shingle
///   hashes a multiply chain over the token hashes.
/// - 2 (current): token hashes of up to 16 bytes are two folded
///   multiplies over the zero-padded word ([`hash_short`]); shingle hashes
///   combine token hashes by rotation ([`shingle_rotate`]).
pub(crate) const HASH_SCHEME: u32 = 2;

/// Seed of the token hash: `"reprint\x01"`.
pub(crate) const TOKEN_SEED: u64 = 0x7265_7072_696e_7401;

/// Seed of the shingle hash: `"SHINGLE1"`.
pub(crate) const SHINGLE_SEED: u64 = 0x5348_494e_474c_4531;

/// Seed of the MinHash permutations.
pub(crate) const MINHASH_SEED: u64 = 1;

/// Golden-ratio multiplier (`2^64 / φ`, odd).
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// A 64-bit finalizer (the `fmix64` step of MurmurHash3): every input bit
/// affects every output bit.
#[inline]
pub(crate) fn mix64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    x
}

/// SplitMix64: expands one seed into a stream of well-mixed 64-bit values.
#[inline]
pub(crate) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(GOLDEN);
    mix64(*state)
}

// ---------------------------------------------------------------------------
// Token hash.

/// Longest word hashed by [`hash_short`]; longer ones go to xxh3.
pub(crate) const SHORT_WORD: usize = 16;
const K0: u64 = 0xa076_1d64_78bd_642f;
const K1: u64 = 0xe703_7ed1_a0b4_28db;
const K2: u64 = 0x8ebc_6af0_9c88_c6e3;

/// The 128-bit product of `a` and `b`, its halves xored.
#[inline(always)]
fn folded_multiply(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

/// The low `n` bytes of `x` (all of them from 8 up).
#[inline(always)]
fn low_bytes(x: u64, n: usize) -> u64 {
    x & u64::MAX.checked_shr(64 - 8 * n.min(8) as u32).unwrap_or(0)
}

/// Bits set in every byte of a word before it is hashed: [`FOLD_ALNUM`]
/// for a run of ASCII letters and digits read straight from the text,
/// whatever its case; 0 for a normalized form.
pub(crate) type FoldCase = u64;

/// [`FoldCase`] of a word of ASCII letters and digits: setting bit 5 of
/// every byte lowers a letter and leaves a digit as it is.
pub(crate) const FOLD_ALNUM: FoldCase = 0x2020_2020_2020_2020;

/// The hash of the normalized word `block[..len]` of at most
/// [`SHORT_WORD`] bytes (what follows in `block` is ignored), each of its
/// bytes or-ed with `fold` (see [`FoldCase`]).
#[inline(always)]
pub(crate) fn hash_short(block: &[u8; SHORT_WORD], len: usize, seed: u64, fold: FoldCase) -> u64 {
    let mut half = [0u8; 8];
    half.copy_from_slice(&block[..8]);
    let lo = low_bytes(u64::from_le_bytes(half) | fold, len);
    half.copy_from_slice(&block[8..]);
    let hi = low_bytes(u64::from_le_bytes(half) | fold, len.saturating_sub(8));
    let h = folded_multiply(lo ^ seed ^ K0, hi ^ K1);
    folded_multiply(h ^ K2, len as u64 ^ seed ^ K0)
}

/// The token hash of the normalized word `word` (see
/// [`Tokenizer::hash_normalized`](crate::text::Tokenizer::hash_normalized)).
pub(crate) fn hash_word(word: &[u8], seed: u64) -> u64 {
    hash_folded(word, seed, 0)
}

/// [`hash_word`] of `word` with `fold` applied (see [`FoldCase`]): only a
/// word of at most [`SHORT_WORD`] bytes is folded, so a longer one must
/// come normalized.
pub(crate) fn hash_folded(word: &[u8], seed: u64, fold: FoldCase) -> u64 {
    if word.len() > SHORT_WORD {
        debug_assert_eq!(fold, 0, "a long word comes normalized");
        return xxhash_rust::xxh3::xxh3_64_with_seed(word, seed);
    }
    let mut block = [0u8; SHORT_WORD];
    block[..word.len()].copy_from_slice(word);
    hash_short(&block, word.len(), seed, fold)
}

/// [`hash_folded`] of `tail[..len]`, reading the 16 bytes from the start
/// of `tail` when there are that many: no copy, no branch on the length.
#[inline(always)]
pub(crate) fn hash_word_at(tail: &[u8], len: usize, seed: u64, fold: FoldCase) -> u64 {
    match tail.get(..SHORT_WORD) {
        Some(block) if len <= SHORT_WORD => {
            let mut b = [0u8; SHORT_WORD];
            b.copy_from_slice(block);
            hash_short(&b, len, seed, fold)
        }
        _ => hash_folded(&tail[..len], seed, fold),
    }
}

// ---------------------------------------------------------------------------
// Shingle hash: token hashes combined (see the `shingle` module docs).

/// Bits the token hash at position `j` of a shingle is rotated by, times `j`:
/// odd, so positions `0..64` get 64 different rotations.
const ROTATION: u32 = 13;

/// Longest shingle combined by rotations; longer ones by [`shingle_chain`].
pub(crate) const MAX_ROTATED: usize = 64;

/// The accumulator a shingle of `n` tokens starts from.
#[inline(always)]
pub(crate) fn shingle_start(seed: u64, n: usize) -> u64 {
    seed ^ (n as u64).wrapping_mul(GOLDEN)
}

/// Folds the token hash `h` at position `j < MAX_ROTATED` into `acc`.
#[inline(always)]
pub(crate) fn shingle_rotate(acc: u64, j: usize, h: u64) -> u64 {
    acc ^ h.rotate_left(ROTATION * j as u32)
}

/// Folds the next token hash `h` of a shingle longer than [`MAX_ROTATED`]
/// into `acc`.
#[inline(always)]
pub(crate) fn shingle_chain(acc: u64, h: u64) -> u64 {
    (acc ^ h).wrapping_mul(GOLDEN).rotate_left(29)
}

/// The hash of a shingle whose accumulator is `acc`.
#[inline(always)]
pub(crate) fn shingle_finish(acc: u64) -> u64 {
    mix64(acc)
}

/// The hash of one char of a character n-gram, before combination.
#[inline]
pub(crate) fn char_hash(c: char) -> u64 {
    mix64(c as u64)
}

// ---------------------------------------------------------------------------
// MinHash.

/// The multipliers (odd) and additive terms of the `num_perm` classic
/// MinHash functions of `seed`, drawn in pairs from [`splitmix64`].
pub(crate) fn minhash_permutations(seed: u64, num_perm: usize) -> (Vec<u64>, Vec<u64>) {
    let mut state = seed;
    (0..num_perm)
        .map(|_| (splitmix64(&mut state) | 1, splitmix64(&mut state)))
        .unzip()
}

/// Folds a 64-bit shingle hash to the 32-bit key of the classic hash family.
#[inline]
pub(crate) fn fold32(x: u64) -> u32 {
    (x ^ (x >> 32)) as u32
}

/// The salt of one-permutation hashing with `seed` (`"OPH1"` mixed in).
#[inline]
pub(crate) fn oph_salt(seed: u64) -> u64 {
    mix64(seed ^ 0x4f50_4831)
}

/// The one-permutation hash of a shingle: its high half picks the bin
/// ([`oph_bin`]), its low half competes for the bin's minimum.
#[inline]
pub(crate) fn oph_hash(x: u64, salt: u64) -> u64 {
    mix64(x ^ salt)
}

/// The bin among `bins` of a hash (its high 32 bits scaled, no division).
#[inline]
pub(crate) fn oph_bin(h: u64, bins: u64) -> usize {
    (((h >> 32) * bins) >> 32) as usize
}

/// The hash an empty bin `i` probes with on `attempt` (optimal
/// densification); [`oph_bin`] of it is the bin it copies from if filled.
#[inline]
pub(crate) fn oph_probe(salt: u64, i: usize, attempt: u64) -> u64 {
    mix64(salt ^ ((i as u64) << 32 | attempt))
}

// ---------------------------------------------------------------------------
// LSH band keys and SimHash.

/// The key of band `band` of a signature, whose values in that band are
/// `rows`.
#[inline]
pub(crate) fn band_key(band: usize, rows: &[u32]) -> u32 {
    let mut acc = (band as u64).wrapping_mul(0xA076_1D64_78BD_642F);
    for &v in rows {
        acc = (acc ^ u64::from(v)).wrapping_mul(GOLDEN).rotate_left(31);
    }
    (mix64(acc) >> 32) as u32
}

/// The index key of a passage's anchor, one of its shingles' hashes (see
/// [`DedupConfig::passage_anchors`](crate::DedupConfig::passage_anchors)).
/// It is the anchor bands' own, so it never equals a band key by design.
#[inline]
pub(crate) fn anchor_key(shingle: u64) -> u32 {
    (mix64(shingle ^ 0x414e_4348_4f52_3031) >> 32) as u32
}

/// The hash SimHash counts the bits of, for feature `f` and `seed`.
#[inline]
pub(crate) fn simhash_feature(f: u64, seed: u64) -> u64 {
    mix64(f ^ seed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values of every function here, computed once: a change to any of
    /// them fails this test, and needs a [`HASH_SCHEME`] bump.
    #[test]
    fn scheme_values_are_stable() {
        assert_eq!(HASH_SCHEME, 2);
        let got = [
            hash_word(b"reprint", TOKEN_SEED),
            hash_word(b"internationalisation", TOKEN_SEED),
            hash_word_at(b"WIRE story", 4, TOKEN_SEED, FOLD_ALNUM),
            shingle_finish(shingle_rotate(shingle_start(SHINGLE_SEED, 2), 1, 7)),
            shingle_finish(shingle_chain(shingle_start(SHINGLE_SEED, 65), 7)),
            char_hash('é'),
            minhash_permutations(MINHASH_SEED, 2).0[1],
            minhash_permutations(MINHASH_SEED, 2).1[1],
            u64::from(fold32(0x1234_5678_9abc_def0)),
            oph_hash(42, oph_salt(MINHASH_SEED)),
            oph_bin(u64::MAX, 16) as u64,
            oph_probe(oph_salt(7), 3, 1),
            u64::from(band_key(3, &[1, 2])),
            simhash_feature(7, 0),
            u64::from(anchor_key(7)),
        ];
        assert_eq!(got, STABLE);
        assert_eq!(
            hash_word_at(b"WIRE story", 4, TOKEN_SEED, FOLD_ALNUM),
            hash_word(b"wire", TOKEN_SEED)
        );
    }

    const STABLE: [u64; 15] = [
        0xd64e51089b93b4b2,
        0xa459147b38412694,
        0xb9da1ad02be8285,
        0x4e04fb8b49a96490,
        0x92bf9e8c6f7d66a,
        0xd1d9544addf596c7,
        0xa288ccdc266474e3,
        0x1991df90c96fbf6c,
        0x88888888,
        0x9e69b9c444b0b0e5,
        0xf,
        0xab691ba76bf8436,
        0xfb220f04,
        0x740729cbe468d1dd,
        0xbe1c_cbb5,
    ];
}
