//! Word k-shingles and character n-grams as 64-bit hashes.
//!
//! A word shingle is `k` consecutive tokens. Its hash is computed from the
//! tokens' hashes ([`Token::hash`](crate::text::Token)), never by joining and
//! re-hashing strings: the token hash at position `j` is rotated left by
//! `13 j` bits, the rotated hashes are xored with the seed and the length,
//! and the result goes through a 64-bit finalizer. No two positions of a
//! shingle of up to 64 words share a rotation, so the combination is
//! order-sensitive (`a b` and `b a` differ) and a word repeated within a
//! shingle does not cancel out; longer shingles fold each token in with a
//! multiply-rotate step instead. The token hashes are uniform already, so the
//! shifts and xors do the combining and the finalizer's two multiplies are
//! the only ones per shingle.
//!
//! # Choosing `k`
//!
//! The default is [`DEFAULT_K`] = 5 words. On the seeds, 5-shingles separate
//! reprints from independent reports of the same event by a wide margin: the
//! wire story (000) and its partial reprint (001) share 224 distinct
//! 5-shingles, while two independent stories of the same event share at most
//! 4 (a short quote). With 3-shingles the independent stories share common
//! phrases ("president emmanuel macron", "said on tuesday") and the margin
//! narrows; with 8-shingles every edited word knocks out 8 shingles, so
//! lightly edited reprints lose most of their overlap.
//!
//! A text with fewer than `k` tokens (but at least one) yields one shingle
//! made of all its tokens, so short texts still have a fingerprint.
//!
//! # Example
//!
//! ```
//! use reprint::shingle::Shingler;
//! use reprint::text::Tokenizer;
//!
//! let tokens = Tokenizer::new().tokenize("one two three four five six");
//! let shingler = Shingler::new(5)?;
//! let shingles = shingler.shingles(&tokens);
//! assert_eq!(shingles.len(), 2);
//! # Ok::<(), reprint::Error>(())
//! ```

use crate::hash::{
    char_hash, shingle_chain, shingle_finish, shingle_rotate, shingle_start, MAX_ROTATED,
};
// The finalizer, for modules that combine hashes of their own (diff).
pub(crate) use crate::hash::mix64;
use crate::text::{normalize, Token};
use crate::{Error, Result};

/// Default shingle size in words.
pub const DEFAULT_K: usize = 5;

/// Default seed of the shingle hash (part of the on-disk format).
pub const DEFAULT_SHINGLE_SEED: u64 = crate::hash::SHINGLE_SEED; // "SHINGLE1"

/// Makes word shingles (and character n-grams) of a fixed size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shingler {
    k: usize,
    seed: u64,
}

impl Shingler {
    /// A shingler of `shingle_size` words with [`DEFAULT_SHINGLE_SEED`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] (parameter `shingle_size`) if `shingle_size`
    /// is 0.
    pub fn new(shingle_size: usize) -> Result<Self> {
        if shingle_size == 0 {
            return Err(Error::config("shingle_size", shingle_size, "at least 1"));
        }
        Ok(Shingler {
            k: shingle_size,
            seed: DEFAULT_SHINGLE_SEED,
        })
    }

    /// The same shingler with another seed (shingle hashes of different
    /// seeds are unrelated).
    pub fn with_seed(self, seed: u64) -> Self {
        Shingler { seed, ..self }
    }

    /// Shingle size in words (`shingle_size` of [`new`](Self::new)).
    pub fn k(&self) -> usize {
        self.k
    }

    /// Hash seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Number of shingles [`shingles`](Self::shingles) yields for `n` tokens.
    pub fn count(&self, n: usize) -> usize {
        match n {
            0 => 0,
            n if n < self.k => 1,
            n => n - self.k + 1,
        }
    }

    /// Hash of one shingle made of `tokens` (usually `k` of them).
    #[inline]
    pub fn hash_tokens(&self, tokens: &[Token]) -> u64 {
        self.hash_u64s(tokens.iter().map(|t| t.hash))
    }

    #[inline]
    fn hash_u64s(&self, hashes: impl ExactSizeIterator<Item = u64>) -> u64 {
        let n = hashes.len();
        let mut acc = shingle_start(self.seed, n);
        if n <= MAX_ROTATED {
            for (j, h) in hashes.enumerate() {
                acc = shingle_rotate(acc, j, h);
            }
        } else {
            for h in hashes {
                acc = shingle_chain(acc, h);
            }
        }
        shingle_finish(acc)
    }

    /// Hash of one character n-gram, from its characters' hashes.
    #[inline]
    pub(crate) fn hash_chars(&self, chars: &[u64]) -> u64 {
        self.hash_u64s(chars.iter().copied())
    }

    /// The shingle hashes of `tokens`, in text order (with repeats).
    pub fn shingles(&self, tokens: &[Token]) -> Vec<u64> {
        let mut out = Vec::with_capacity(self.count(tokens.len()));
        self.shingles_into(tokens, &mut out);
        out
    }

    /// Appends the shingle hashes of `tokens` to `out`.
    pub fn shingles_into(&self, tokens: &[Token], out: &mut Vec<u64>) {
        if tokens.is_empty() {
            return;
        }
        if tokens.len() < self.k {
            out.push(self.hash_tokens(tokens));
            return;
        }
        // The common sizes get a loop the compiler unrolls (same values).
        match self.k {
            1 => self.shingles_fixed::<1>(tokens, out),
            2 => self.shingles_fixed::<2>(tokens, out),
            3 => self.shingles_fixed::<3>(tokens, out),
            4 => self.shingles_fixed::<4>(tokens, out),
            5 => self.shingles_fixed::<5>(tokens, out),
            6 => self.shingles_fixed::<6>(tokens, out),
            7 => self.shingles_fixed::<7>(tokens, out),
            8 => self.shingles_fixed::<8>(tokens, out),
            k => out.extend(tokens.windows(k).map(|w| self.hash_tokens(w))),
        }
    }

    /// [`shingles_into`](Self::shingles_into) for `K == self.k`, with
    /// `tokens.len() >= K`.
    #[inline]
    fn shingles_fixed<const K: usize>(&self, tokens: &[Token], out: &mut Vec<u64>) {
        const { assert!(K <= MAX_ROTATED) };
        let acc = shingle_start(self.seed, K);
        out.extend(tokens.windows(K).map(|w| {
            let mut acc = acc;
            for (j, t) in w[..K].iter().enumerate() {
                acc = shingle_rotate(acc, j, t.hash);
            }
            shingle_finish(acc)
        }));
    }

    /// The distinct shingle hashes of `tokens`, sorted ascending: the exact
    /// set that Jaccard and containment are computed on.
    pub fn shingle_set(&self, tokens: &[Token]) -> Vec<u64> {
        let mut v = self.shingles(tokens);
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Hashes of the character `k`-grams of the normalized text (words joined
    /// by one space, see [`normalize`]); a text shorter than `k` chars but not
    /// empty yields one n-gram. Useful for short texts such as headlines.
    pub fn char_ngrams(&self, text: &str) -> Vec<u64> {
        let chars: Vec<u64> = normalize(text).chars().map(char_hash).collect();
        if chars.is_empty() {
            return Vec::new();
        }
        if chars.len() < self.k {
            return vec![self.hash_u64s(chars.iter().copied())];
        }
        chars
            .windows(self.k)
            .map(|w| self.hash_u64s(w.iter().copied()))
            .collect()
    }
}

impl Default for Shingler {
    fn default() -> Self {
        Shingler {
            k: DEFAULT_K,
            seed: DEFAULT_SHINGLE_SEED,
        }
    }
}

/// Size of the intersection of two sorted, deduplicated slices.
pub fn intersection_len(a: &[u64], b: &[u64]) -> usize {
    crate::intersect::intersection_len(a, b)
}

/// Exact Jaccard similarity of two sorted, deduplicated sets (0 when both are empty).
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let inter = intersection_len(a, b);
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Tokenizer;

    fn set(text: &str, k: usize) -> Vec<u64> {
        Shingler::new(k)
            .unwrap()
            .shingle_set(&Tokenizer::new().tokenize(text))
    }

    #[test]
    fn zero_shingle_size_is_an_error() {
        assert!(matches!(
            Shingler::new(0),
            Err(Error::InvalidConfig {
                param: "shingle_size",
                ..
            })
        ));
    }

    #[test]
    fn counts_and_short_texts() {
        let s = Shingler::new(3).unwrap();
        let toks = Tokenizer::new().tokenize("a b c d");
        assert_eq!(s.shingles(&toks).len(), 2);
        assert_eq!(s.shingles(&toks[..2]).len(), 1);
        assert!(s.shingles(&[]).is_empty());
        assert_eq!(s.count(4), 2);
        assert_eq!(s.char_ngrams("ab").len(), 1);
        assert_eq!(s.char_ngrams("abcd").len(), 2);
        assert!(s.char_ngrams(" — ").is_empty());
    }

    #[test]
    fn unrolled_sizes_match_the_generic_hash() {
        let toks = Tokenizer::new()
            .tokenize("one two three four five six seven eight nine ten eleven twelve thirteen");
        for k in 1..=12 {
            let s = Shingler::new(k).unwrap().with_seed(k as u64);
            let expected: Vec<u64> = toks.windows(k).map(|w| s.hash_tokens(w)).collect();
            assert_eq!(s.shingles(&toks), expected, "k = {k}");
        }
    }

    #[test]
    fn order_and_normalization() {
        assert_ne!(set("a b c", 3), set("c b a", 3));
        assert_eq!(set("Can’t stop “now”", 3), set("can't STOP \"now\"", 3));
        let s = Shingler::new(3).unwrap();
        assert_ne!(
            s.hash_tokens(&Tokenizer::new().tokenize("a b c")),
            s.with_seed(1)
                .hash_tokens(&Tokenizer::new().tokenize("a b c"))
        );
    }

    /// Shingles of up to 64 words (rotations) and longer (multiply chain)
    /// tell apart every order and every repetition of a few words: 300
    /// windows over a text of 3 distinct words, all distinct sequences, give
    /// 300 distinct hashes; a word repeated 64 or 65 apart does not cancel.
    #[test]
    fn orders_and_repetitions_hash_apart() {
        let words = ["red", "green", "blue"];
        let text: Vec<&str> = (0..400u64)
            .map(|i| words[(crate::shingle::mix64(i) % 3) as usize])
            .collect();
        let toks = Tokenizer::new().tokenize(&text.join(" "));
        for k in [5, 12, 64, 65, 80] {
            let s = Shingler::new(k).unwrap();
            let windows: std::collections::HashSet<Vec<u64>> = toks
                .windows(k)
                .map(|w| w.iter().map(|t| t.hash).collect())
                .collect();
            let hashes: std::collections::HashSet<u64> = s.shingles(&toks).into_iter().collect();
            assert_eq!(hashes.len(), windows.len(), "k = {k}");
        }
        // The same two words at positions 0 and 64 (or 65) of a shingle,
        // with the rest fixed: changing both must change the hash.
        for k in [65, 66] {
            let s = Shingler::new(k).unwrap();
            let mut a: Vec<&str> = vec!["x"; k];
            let mut b = a.clone();
            a[0] = "red";
            a[k - 1] = "red";
            b[0] = "blue";
            b[k - 1] = "blue";
            let tok = |v: &[&str]| Tokenizer::new().tokenize(&v.join(" "));
            assert_ne!(s.hash_tokens(&tok(&a)), s.hash_tokens(&tok(&b)));
        }
        let s = Shingler::new(64).unwrap();
        let mut a: Vec<&str> = vec!["x"; 64];
        let mut b = a.clone();
        (a[0], a[63], b[0], b[63]) = ("red", "red", "blue", "blue");
        let tok = |v: &[&str]| Tokenizer::new().tokenize(&v.join(" "));
        assert_ne!(s.hash_tokens(&tok(&a)), s.hash_tokens(&tok(&b)));
    }

    #[test]
    fn seeds_margin_between_reprints_and_independent_stories() {
        let read = |n: &str| {
            let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/");
            let name = std::fs::read_dir(dir)
                .unwrap()
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().into_string().unwrap())
                .find(|f| f.starts_with(n))
                .unwrap();
            set(&std::fs::read_to_string(format!("{dir}{name}")).unwrap(), 5)
        };
        let docs: Vec<Vec<u64>> = ["000", "001", "002", "003", "004"]
            .iter()
            .map(|n| read(n))
            .collect();
        let shared = |a: usize, b: usize| intersection_len(&docs[a], &docs[b]);
        assert!(shared(0, 1) > 200, "000/001 share {}", shared(0, 1));
        assert!(shared(0, 3) > 300, "000/003 share {}", shared(0, 3));
        for (a, b) in [(0, 2), (0, 4), (2, 4), (1, 2), (3, 4)] {
            assert!(shared(a, b) <= 10, "{a}/{b} share {}", shared(a, b));
        }
        assert!(jaccard(&docs[0], &docs[1]) < 0.2);
    }
}
