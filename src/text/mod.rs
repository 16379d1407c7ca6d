//! Text normalization, word tokens with byte spans, and paragraphs.
//!
//! Everything downstream of this module works on [`Token`]s: a 64-bit hash
//! of the token's *normalized* form plus its byte span in the original text.
//! Nothing downstream re-parses text, and every span slices the original
//! string at char boundaries, so a caller can always highlight what matched.
//!
//! # Normalization
//!
//! Two spellings that a reader would call the same word get the same hash:
//!
//! - Unicode NFKC (`ﬁ` → `fi`, full-width `Ａ` → `A`, `²` → `2`), then
//!   lower-casing (`char::to_lowercase`, which covers the common case
//!   foldings; `ß` stays `ß`). A compatibility form that would be
//!   several words of a script written without spaces is not taken (`ำ`,
//!   `〸`, `ゟ` stay as they are: each is one word, its form would be two),
//!   and a word is folded once more where the first fold is not NFKC, so
//!   that normalizing is idempotent for every character.
//! - Apostrophes inside a word are dropped, whatever their shape: `can't`,
//!   `can’t`, `canʼt` are all `cant`; `Ukraine’s` is `ukraines`.
//! - Periods inside abbreviations are dropped (`U.S.` → `us`), but a period
//!   between digits is kept (`1.3` stays `1.3`, distinct from `13`); commas
//!   between digits are dropped (`100,000` → `100000`).
//! - Soft hyphens and zero-width characters inside a word are ignored.
//! - Everything else that is not a letter, digit or combining mark separates
//!   words and is dropped: quotes of any shape, dashes and hyphens, currency
//!   signs, brackets, non-breaking and other spaces.
//! - In scripts written without spaces between words (Chinese, Japanese
//!   kana, Thai, Lao, Myanmar, Khmer) every char is a token of its own, so
//!   word shingles there are char n-grams.
//!
//! Spelling variants that are different words (`Zelensky` / `Zelenskyy`) stay
//! different tokens: that is an edit, for the diff to report.
//!
//! # Speed
//!
//! Tokenizing is the first cost of every fingerprint, so the scanner has a
//! fast path: a run of ASCII letters and digits is found eight bytes at a
//! time, and a word that ends at a plain separator is hashed straight from
//! the text (or from a lower-cased copy on the stack), with no allocation.
//! Words that meet a joiner or a non-ASCII letter take the char-by-char path
//! that applies every rule above. Both paths are checked against the naive
//! tokenizer of the test kit (`reprint_testkit::naive`, the definition of
//! these rules in plain code) by property tests (`tests/fingerprint_props.rs`);
//! figures are in BENCHMARKS.md.
//!
//! # Paragraphs
//!
//! Paragraphs are separated by blank lines (lines holding only whitespace);
//! `\n` and `\r\n` line ends are both accepted. A text with no blank line
//! between any two lines of text (many feeds put one paragraph per line) has
//! one paragraph per line. A paragraph's span excludes its surrounding
//! whitespace. Paragraphs without a single word token (a `* * *` divider)
//! are not reported.
//!
//! # Example
//!
//! ```
//! use reprint::text::Tokenizer;
//!
//! let text = "Moscow has massed 100,000 troops near Ukraine’s borders.\r\n\r\nThe U.S. disagrees.";
//! let doc = Tokenizer::new().analyze(text);
//! assert_eq!(doc.paragraphs.len(), 2);
//! let words: Vec<&str> = doc.tokens.iter().map(|t| t.text(text)).collect();
//! assert_eq!(words[3], "100,000");
//! assert_eq!(words[6], "Ukraine’s");
//! assert_eq!(reprint::text::normalize("Ukraine’s U.S. $1.3 billion"), "ukraines us 1.3 billion");
//! ```

mod paragraphs;
mod scan;
#[cfg(test)]
mod tests;

use std::ops::Range;

pub use self::paragraphs::paragraph_spans;
use self::paragraphs::{paragraphs_into, with_words};
use self::scan::scan_words;
use crate::hash::{hash_word, hash_word_at};

/// Seed of the token hash. Token hashes are stored in saved indexes, so this
/// value is part of the on-disk format (the crate's hash scheme): changing it
/// changes every hash.
pub const DEFAULT_TOKEN_SEED: u64 = crate::hash::TOKEN_SEED; // "reprint\x01"

/// One word of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token {
    /// Byte offset of the token's first char in the original text.
    pub start: usize,
    /// Byte offset just past the token's last char.
    pub end: usize,
    /// Seeded hash of the normalized form (see [`Tokenizer::hash_normalized`]).
    pub hash: u64,
}

impl Token {
    /// The token's byte span in the original text.
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The token as written in `original` (the text it was read from).
    ///
    /// # Panics
    ///
    /// Panics if `original` is not the text the token came from and the span
    /// does not fit it; use `original.get(token.span())` to avoid that.
    pub fn text<'a>(&self, original: &'a str) -> &'a str {
        &original[self.span()]
    }
}

/// One paragraph of the original text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Paragraph {
    /// Byte span in the original text, without surrounding whitespace.
    pub span: Range<usize>,
    /// Range of indexes into [`Analysis::tokens`].
    pub tokens: Range<usize>,
}

/// A text split into tokens and paragraphs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// All word tokens, in text order.
    pub tokens: Vec<Token>,
    /// All paragraphs holding at least one token, in text order.
    pub paragraphs: Vec<Paragraph>,
}

impl Analysis {
    /// The tokens of paragraph `i`.
    ///
    /// # Panics
    ///
    /// Panics if `i >= self.paragraphs.len()`.
    pub fn paragraph_tokens(&self, i: usize) -> &[Token] {
        &self.tokens[self.paragraphs[i].tokens.clone()]
    }
}

/// Splits text into normalized, hashed word tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tokenizer {
    seed: u64,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Self::new()
    }
}

impl Tokenizer {
    /// A tokenizer with [`DEFAULT_TOKEN_SEED`].
    pub fn new() -> Self {
        Tokenizer {
            seed: DEFAULT_TOKEN_SEED,
        }
    }

    /// The same tokenizer hashing with another seed: every
    /// [`Token::hash`] changes (token hashes of different seeds are
    /// unrelated); spans and paragraphs do not.
    ///
    /// ```
    /// use reprint::Tokenizer;
    ///
    /// let seeded = Tokenizer::new().with_seed(7);
    /// assert_eq!(seeded.seed(), 7);
    /// assert_ne!(seeded.tokenize("wire")[0].hash, Tokenizer::new().tokenize("wire")[0].hash);
    /// ```
    pub fn with_seed(self, seed: u64) -> Self {
        Tokenizer { seed }
    }

    /// The hash seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Hash of an already normalized word (as [`normalize`] yields it): the
    /// [`Token::hash`] of a word with this normalized form.
    ///
    /// A word of up to 16 bytes (nearly every word) is read as two
    /// little-endian 64-bit halves, zero-padded, and mixed with two folded
    /// 64×64→128-bit multiplies with its length and the seed; a longer one is
    /// hashed with seeded xxh3. The short path has no branch on the length,
    /// and the tokenizer hashes a short run of ASCII letters and digits
    /// straight from the text, whatever its case, with two unaligned loads,
    /// an or that sets bit 5 of each byte (lowering a letter, leaving a
    /// digit) and a mask. `word` must be normalized: upper-case letters
    /// hash apart. Token hashes are stored in saved engines, so this
    /// function is part of the on-disk format (it lives in the crate's hash
    /// module, whose hash scheme every saved file records).
    pub fn hash_normalized(&self, word: &str) -> u64 {
        hash_word(word.as_bytes(), self.seed)
    }

    /// The word tokens of `text`, in order.
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::with_capacity(text.len() / 6);
        self.tokenize_into(text, &mut out);
        out
    }

    /// Appends the word tokens of `text` to `out`, reusing its allocation.
    pub fn tokenize_into(&self, text: &str, out: &mut Vec<Token>) {
        self.tokenize_with(text, out, &mut String::new());
    }

    /// [`tokenize_into`](Self::tokenize_into), with `buf` as room for the
    /// words that need copying to normalize.
    fn tokenize_with(&self, text: &str, out: &mut Vec<Token>, buf: &mut String) {
        scan_words(text, buf, |start, end, tail, len, fold| {
            out.push(Token {
                start,
                end,
                hash: hash_word_at(tail, len, self.seed, fold),
            })
        });
    }

    /// Tokens and paragraphs of `text`.
    pub fn analyze(&self, text: &str) -> Analysis {
        let mut analysis = Analysis {
            tokens: Vec::with_capacity(text.len() / 6),
            paragraphs: Vec::new(),
        };
        self.analyze_into(text, &mut analysis, &mut String::new());
        analysis
    }

    /// [`analyze`](Self::analyze), written into `analysis` (its contents
    /// replaced) to reuse its allocations; `buf` is room for the words that
    /// need copying to normalize.
    pub(crate) fn analyze_into(&self, text: &str, analysis: &mut Analysis, buf: &mut String) {
        analysis.tokens.clear();
        self.tokenize_with(text, &mut analysis.tokens, buf);
        paragraphs_into(text, &analysis.tokens, &mut analysis.paragraphs);
    }
}

/// The number of word tokens in `text`: what
/// [`Tokenizer::tokenize`]`(text).len()` gives, without hashing a word.
///
/// ```
/// assert_eq!(reprint::text::count_words("U.S. troops — 100,000 of them."), 5);
/// assert_eq!(reprint::text::count_words("* * *"), 0);
/// ```
pub fn count_words(text: &str) -> usize {
    let mut n = 0;
    scan_words(text, &mut String::new(), |_, _, _, _, _| n += 1);
    n
}

/// The byte spans of the paragraphs of `text` that hold a word: those of
/// [`Tokenizer::analyze`]`(text).paragraphs`, found without hashing a word.
///
/// ```
/// let text = "Troops massed.\n\n* * *\n\nThe U.S. disagrees.";
/// let spans = reprint::text::word_paragraph_spans(text);
/// assert_eq!(spans, [0..14, 23..42]);
/// let analysis = reprint::Tokenizer::new().analyze(text);
/// assert!(spans.iter().eq(analysis.paragraphs.iter().map(|p| &p.span)));
/// ```
pub fn word_paragraph_spans(text: &str) -> Vec<Range<usize>> {
    let mut words = Vec::with_capacity(text.len() / 6);
    scan_words(text, &mut String::new(), |start, end, _, _, _| {
        words.push((start, end))
    });
    let mut spans = Vec::new();
    with_words(text, &words, |&w| w, |span, _| spans.push(span));
    spans
}

/// The normalized form of `text`: its words, normalized, joined by one space.
///
/// This is what the token hashes are computed from.
///
/// ```
/// assert_eq!(reprint::text::normalize("“Can’t” — U.S. Ｎａｔｏ"), "cant us nato");
/// ```
pub fn normalize(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    let mut buf = String::new();
    scan_words(text, &mut buf, |_, _, tail, len, _| {
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend(tail[..len].iter().map(u8::to_ascii_lowercase));
    });
    // Every word is UTF-8 (a slice of `text`, ASCII, or a `String`), and so
    // is their concatenation; the lossy branch is never taken.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
