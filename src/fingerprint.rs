//! Whole-document fingerprints, one at a time or a batch in parallel.
//!
//! A [`Fingerprinter`] runs the first stages of the pipeline on a text:
//! tokenize ([`crate::text`]), shingle ([`crate::shingle`]), then MinHash
//! ([`crate::minhash`]) and SimHash ([`crate::simhash`]) over the shingles.
//!
//! # Example
//!
//! ```
//! use reprint::Fingerprinter;
//!
//! let f = Fingerprinter::default();
//! let docs = ["Macron met with Ukrainian President Volodymyr Zelensky amid mounting fears.",
//!             "President Macron met with Ukrainian President Volodymyr Zelenskyy on Tuesday amid mounting fears."];
//! let prints = f.par_fingerprint(&docs);
//! assert_eq!(prints[0], f.fingerprint(docs[0]));
//! let j = prints[0].minhash.jaccard(&prints[1].minhash)?;
//! assert!(j > 0.1 && j < 0.9);
//! # Ok::<(), reprint::Error>(())
//! ```

use crate::par::prelude::*;

use crate::minhash::{MinHasher, Signature};
use crate::shingle::Shingler;
use crate::simhash::{SimHash, SimHashOrigin, SimHasher};
use crate::text::{Token, Tokenizer};

/// The fingerprints of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// MinHash signature of the document's word shingles.
    pub minhash: Signature,
    /// SimHash of the document's word shingles, weighted by frequency.
    pub simhash: SimHash,
    /// Number of word tokens.
    pub tokens: usize,
    /// Number of word shingles (with repeats).
    pub shingles: usize,
}

/// Tokenizer, shingler, MinHasher and SimHasher, run together.
#[derive(Debug, Clone)]
pub struct Fingerprinter {
    /// Word tokenizer.
    pub tokenizer: Tokenizer,
    /// Word shingler.
    pub shingler: Shingler,
    /// MinHash scheme.
    pub minhasher: MinHasher,
    /// SimHash scheme.
    pub simhasher: SimHasher,
}

impl Default for Fingerprinter {
    /// Word 5-shingles, 128-permutation classic MinHash, SimHash with seed 0.
    fn default() -> Self {
        Fingerprinter::new(Shingler::default(), MinHasher::default())
    }
}

impl Default for MinHasher {
    /// 128 permutations, classic variant, [`DEFAULT_MINHASH_SEED`](crate::minhash::DEFAULT_MINHASH_SEED).
    fn default() -> Self {
        MinHasher::from_params(crate::minhash::SignatureParams {
            num_perm: crate::minhash::DEFAULT_NUM_PERM,
            seed: crate::minhash::DEFAULT_MINHASH_SEED,
            variant: crate::minhash::Variant::Classic,
        })
        .unwrap_or_else(|_| unreachable!("default parameters are valid"))
    }
}

impl Fingerprinter {
    /// A fingerprinter with the default tokenizer and SimHasher.
    pub fn new(shingler: Shingler, minhasher: MinHasher) -> Self {
        Fingerprinter {
            tokenizer: Tokenizer::new(),
            shingler,
            minhasher,
            simhasher: SimHasher::new(),
        }
    }

    /// The same fingerprinter with its MinHasher and SimHasher seeded by
    /// `seed` (the tokenizer and shingler keep theirs; set those through
    /// their own `with_seed` on the public fields). Fingerprints of
    /// different seeds are unrelated.
    ///
    /// ```
    /// use reprint::Fingerprinter;
    ///
    /// let f = Fingerprinter::default().with_seed(7);
    /// assert_eq!((f.minhasher.params().seed, f.simhasher.seed()), (7, 7));
    /// ```
    pub fn with_seed(self, seed: u64) -> Self {
        Fingerprinter {
            minhasher: self.minhasher.with_seed(seed),
            simhasher: self.simhasher.with_seed(seed),
            ..self
        }
    }

    /// How this fingerprinter's SimHashes are made: give it to
    /// [`SimHashIndex::with_origin`](crate::SimHashIndex::with_origin) so
    /// that a saved index says so.
    pub fn simhash_origin(&self) -> SimHashOrigin {
        SimHashOrigin {
            token_seed: self.tokenizer.seed(),
            shingle_size: self.shingler.k(),
            shingle_seed: self.shingler.seed(),
            simhash_seed: self.simhasher.seed(),
        }
    }

    /// Fingerprints of one text.
    pub fn fingerprint(&self, text: &str) -> Fingerprint {
        let mut tokens = Vec::new();
        let mut shingles = Vec::new();
        self.fingerprint_with(text, &mut tokens, &mut shingles)
    }

    /// Fingerprints of many texts, in parallel with rayon, in input order.
    /// Identical to calling [`fingerprint`](Self::fingerprint) on each.
    pub fn par_fingerprint<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Fingerprint> {
        texts
            .par_iter()
            .map_init(
                || (Vec::new(), Vec::new()),
                |(tokens, shingles), t| self.fingerprint_with(t.as_ref(), tokens, shingles),
            )
            .collect()
    }

    fn fingerprint_with(
        &self,
        text: &str,
        tokens: &mut Vec<Token>,
        shingles: &mut Vec<u64>,
    ) -> Fingerprint {
        tokens.clear();
        shingles.clear();
        self.tokenizer.tokenize_into(text, tokens);
        self.shingler.shingles_into(tokens, shingles);
        Fingerprint {
            minhash: self.minhasher.signature(shingles.iter().copied()),
            simhash: self.simhasher.simhash(shingles.iter().copied()),
            tokens: tokens.len(),
            shingles: shingles.len(),
        }
    }
}
