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
//!   foldings; `ß` stays `ß`).
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
//! that applies every rule above. Both paths are checked against a naive
//! reference implementation by property tests (`tests/fingerprint_props.rs`);
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

use std::ops::Range;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::hash::{hash_word, hash_word_at, FoldCase, FOLD_ALNUM, SHORT_WORD};

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

/// Byte spans of the paragraphs of `text` (see the module docs), including
/// paragraphs without word tokens.
pub fn paragraph_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    for_each_paragraph(text, |span| spans.push(span));
    spans
}

/// The trimmed spans of the non-blank lines of `text`, each with whether a
/// blank line comes before it (after an earlier non-blank line).
fn nonblank_lines(text: &str) -> impl Iterator<Item = (Range<usize>, bool)> + '_ {
    let mut line_start = 0;
    let mut blank_seen = false;
    let mut any_line = false;
    std::iter::from_fn(move || {
        while line_start < text.len() {
            let start = line_start;
            let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            let line = &text[start..line_end];
            line_start = line_end + 1;
            let trimmed = line.trim();
            if trimmed.is_empty() {
                blank_seen = true;
                continue;
            }
            let s = start + (line.len() - line.trim_start().len());
            let after_blank = blank_seen && any_line;
            (blank_seen, any_line) = (false, true);
            return Some((s..s + trimmed.len(), after_blank));
        }
        None
    })
}

/// Calls `f` with the span of each paragraph of `text`, in order (see
/// [`paragraph_spans`]); allocates nothing.
fn for_each_paragraph(text: &str, mut f: impl FnMut(Range<usize>)) {
    // Without any blank line between text, each line is a paragraph.
    let by_line = !nonblank_lines(text).any(|(_, after_blank)| after_blank);
    let mut current: Option<Range<usize>> = None;
    for (line, after_blank) in nonblank_lines(text) {
        match current.as_mut() {
            Some(p) if !after_blank && !by_line => p.end = line.end,
            _ => {
                if let Some(done) = current.replace(line) {
                    f(done);
                }
            }
        }
    }
    if let Some(done) = current {
        f(done);
    }
}

/// Writes the paragraphs of `text` that hold some of its `tokens` into
/// `out` (cleared first).
fn paragraphs_into(text: &str, tokens: &[Token], out: &mut Vec<Paragraph>) {
    out.clear();
    let mut t = 0;
    for_each_paragraph(text, |span| {
        while t < tokens.len() && tokens[t].start < span.start {
            t += 1;
        }
        let first = t;
        while t < tokens.len() && tokens[t].end <= span.end {
            t += 1;
        }
        if t > first {
            out.push(Paragraph {
                span,
                tokens: first..t,
            });
        }
    });
}

/// `x` with its ASCII upper-case letters lowered (setting bit 5 of an
/// upper-case ASCII letter lowers it); other bytes, UTF-8 ones among them,
/// are left alone.
#[inline(always)]
fn lower_ascii(x: u64) -> u64 {
    x | (swar_caps(x) >> 2)
}

/// Chars of scripts written without spaces between words (Chinese,
/// Japanese kana, Thai, Lao, Myanmar, Khmer): each is a token of its own, so
/// word shingles of such text are char n-grams instead of one giant token.
fn is_unspaced(c: char) -> bool {
    matches!(
        u32::from(c),
        0x0E00..=0x0EFF // Thai, Lao
            | 0x1000..=0x109F // Myanmar
            | 0x1780..=0x17FF // Khmer
            | 0x3040..=0x30FF // Hiragana, Katakana
            | 0x3400..=0x4DBF // CJK Extension A
            | 0x4E00..=0x9FFF // CJK Unified Ideographs
            | 0xF900..=0xFAFF // CJK Compatibility Ideographs
            | 0xFF66..=0xFF9D // Halfwidth Katakana
            | 0x20000..=0x3134F // CJK Extensions B to G
    )
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Shortcut for the non-ASCII chars news text is full of (no-break
    // space, curly quotes, dashes, ellipsis, zero-width chars): none of
    // them is a letter, digit or mark (checked by a unit test), and the
    // Unicode table lookups below are slow.
    if c == '\u{A0}' || ('\u{2000}'..='\u{206F}').contains(&c) {
        return false;
    }
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '\u{FF07}'
    )
}

/// Characters that are invisible inside a word.
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// What a non-word char between two word chars does to the token.
enum Joiner {
    /// Not a joiner: the word ends here.
    Break,
    /// Part of the word, dropped from the normalized form.
    Skip,
    /// Part of the word, kept as this char.
    Keep(char),
}

fn joiner(c: char, prev: char, next: char) -> Joiner {
    if is_apostrophe(c) || is_ignorable(c) {
        return Joiner::Skip;
    }
    let digits = prev.is_ascii_digit() && next.is_ascii_digit();
    match c {
        '.' if digits => Joiner::Keep('.'),
        '.' => Joiner::Skip,
        ',' if digits => Joiner::Skip,
        _ => Joiner::Break,
    }
}

/// Calls `emit(start, end, tail, len, fold)` for every word of `text`: its
/// normalized form (UTF-8) is `tail[..len]`, each byte or-ed with `fold`
/// (see [`FoldCase`]: the fast path leaves a short ASCII word as written,
/// whatever its case, and says so with [`FOLD_ALNUM`]).
///
/// `buf` is scratch space, reused across words.
///
/// Three paths give the same result, from fastest to most general:
///
/// 1. a run of ASCII letters and digits ([`alnum_run`], eight bytes at a
///    time) that [`ends_word`] at a separator: the word is the text itself
///    (up to 16 bytes) or its lower-cased copy on the stack
///    ([`ascii_lowercase`]); this is most words of an English news story;
/// 2. an ASCII word with joiners (`U.S.`, `100,000`, `can’t`):
///    [`ascii_word`], bytewise, into `buf`;
/// 3. a word with a non-ASCII letter, digit or mark, handed from its first
///    byte to [`general_word`], which decodes chars and applies NFKC and
///    full lower-casing.
///
/// The property tests check the result against a naive reference.
#[inline]
fn scan_words(
    text: &str,
    buf: &mut String,
    mut emit: impl FnMut(usize, usize, &[u8], usize, FoldCase),
) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut lower = [0u8; LOWER_MAX];
    while let Some(&b) = bytes.get(i) {
        let start = i;
        // Each branch moves `i` past a word or a separator, and yields the
        // word's end and its normalized form as `tail[..len]` (the hash may
        // read on past it); one call site for `emit`, so the compiler
        // inlines it.
        let (end, tail, len, fold): (usize, &[u8], usize, FoldCase) = if b.is_ascii() {
            if ASCII_CLASS[usize::from(b)] & ALNUM == 0 {
                i += 1;
                continue;
            }
            // Most words are one run of letters and digits that ends at a
            // char that cannot join it to more word chars. Up to 16 bytes,
            // the word is hashed from the text as it is, upper case and
            // all: the hash lower-cases ASCII letters itself, so that no
            // branch depends on the case.
            let (end, _) = alnum_run(bytes, i);
            let simple = ends_word(text, end);
            if simple && end - start <= SHORT_WORD {
                i = end;
                (end, &bytes[start..], end - start, FOLD_ALNUM)
            } else if simple && ascii_lowercase(bytes, start, end, &mut lower) {
                i = end;
                (end, &lower[..], end - start, 0)
            } else {
                match ascii_word(text, start, buf) {
                    Some(AsciiWord::Borrowed(end)) => {
                        i = end;
                        (end, &bytes[start..], end - start, 0)
                    }
                    Some(AsciiWord::Buffered(end)) => {
                        i = end;
                        (end, buf.as_bytes(), buf.len(), 0)
                    }
                    None => match general_word(text, start, buf) {
                        (end, true) => {
                            i = end;
                            (end, buf.as_bytes(), buf.len(), 0)
                        }
                        (end, false) => {
                            i = end;
                            continue;
                        }
                    },
                }
            }
        } else {
            // A non-ASCII char: `i` is on a char boundary, as every step
            // moves by whole chars or ASCII bytes.
            match text.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) if is_word_char(c) => match general_word(text, start, buf) {
                    (end, true) => {
                        i = end;
                        (end, buf.as_bytes(), buf.len(), 0)
                    }
                    (end, false) => {
                        i = end;
                        continue;
                    }
                },
                Some(c) => {
                    i += c.len_utf8();
                    continue;
                }
                None => {
                    i += 1;
                    continue;
                }
            }
        };
        emit(start, end, tail, len, fold);
    }
}

/// Whether a word whose last char ends at byte `end` certainly ends there:
/// the next char is not a word char, nor a joiner followed by one. When
/// unsure (`false`), the caller takes the careful path.
#[inline(always)]
fn ends_word(text: &str, end: usize) -> bool {
    let bytes = text.as_bytes();
    let Some(&c) = bytes.get(end) else {
        return true;
    };
    let width = if c.is_ascii() {
        if !matches!(c, b'\'' | b'.' | b',') {
            return true;
        }
        1
    } else {
        match text.get(end..).and_then(|rest| rest.chars().next()) {
            Some(ch) if is_word_char(ch) => return false,
            Some(ch) if is_apostrophe(ch) || is_ignorable(ch) => ch.len_utf8(),
            _ => return true,
        }
    };
    // A possible joiner: the word goes on if a word char (ASCII letter or
    // digit, or any non-ASCII char, to be safe) follows.
    match bytes.get(end + width) {
        Some(&n) => ASCII_CLASS[usize::from(n)] & ALNUM == 0 && n.is_ascii(),
        None => true,
    }
}

/// Longest word [`ascii_lowercase`] lowers on the stack.
const LOWER_MAX: usize = 32;

/// Writes the lower-cased ASCII word `bytes[start..end]` to the start of
/// `out`; `false` (and nothing to use) when it is longer than [`LOWER_MAX`]
/// or too close to the end of the text (it reads [`LOWER_MAX`] bytes from
/// `start`, eight at a time).
#[inline(always)]
fn ascii_lowercase(bytes: &[u8], start: usize, end: usize, out: &mut [u8; LOWER_MAX]) -> bool {
    let Some(src) = bytes.get(start..start + LOWER_MAX) else {
        return false;
    };
    if end - start > LOWER_MAX {
        return false;
    }
    for (o, s) in out.chunks_exact_mut(8).zip(src.chunks_exact(8)) {
        let mut x = [0u8; 8];
        x.copy_from_slice(s);
        let x = u64::from_le_bytes(x);
        o.copy_from_slice(&lower_ascii(x).to_le_bytes());
    }
    true
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Per byte of `v` (each below 0x80), bit 7 of the result is set iff the
/// byte is at least `lo`; no carry crosses into the next byte.
#[inline(always)]
fn swar_at_least(v: u64, lo: u8) -> u64 {
    v + (0x80 - u64::from(lo)) * ONES
}

/// Bit 7 set in each byte of `x` that is an ASCII upper-case letter.
#[inline(always)]
fn swar_caps(x: u64) -> u64 {
    let v = x & !HIGH;
    swar_at_least(v, b'A') & !swar_at_least(v, b'Z' + 1) & !x & HIGH
}

/// Bit 7 set in each byte of `x` that is an ASCII letter or digit.
#[inline(always)]
fn swar_alnum(x: u64) -> u64 {
    let v = x & !HIGH;
    let folded = v | (0x20 * ONES);
    let letter = swar_at_least(folded, b'a') & !swar_at_least(folded, b'z' + 1);
    let digit = swar_at_least(v, b'0') & !swar_at_least(v, b'9' + 1);
    (letter | digit) & !x & HIGH
}

/// [`ASCII_CLASS`] bit: an ASCII letter or digit.
const ALNUM: u8 = 1;
/// [`ASCII_CLASS`] bit: an ASCII upper-case letter.
const UPPER: u8 = 2;

/// Class bits of each byte value (0 for non-ASCII bytes), for the ASCII
/// word scanner's inner loop: one load instead of three range checks.
static ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = ALNUM;
        }
        if c.is_ascii_uppercase() {
            t[b] |= UPPER;
        }
        b += 1;
    }
    t
};

/// The end of the run of ASCII letters and digits starting at `j`, and
/// whether it holds an upper-case letter.
///
/// Sixteen bytes at a time with SWAR arithmetic: the end of a word is found
/// with one `trailing_zeros` of the two halves' stop bits, so no branch
/// depends on whether the word is shorter than eight bytes (a branch that
/// went the wrong way for one word in four). Bytewise for the last fifteen
/// bytes of the text.
#[inline(always)]
fn alnum_run(bytes: &[u8], mut j: usize) -> (usize, bool) {
    let mut upper = false;
    while let Some(chunk) = bytes.get(j..j + 16) {
        let Ok(chunk) = <[u8; 16]>::try_from(chunk) else {
            break;
        };
        let x = u128::from_le_bytes(chunk);
        let (lo, hi) = (x as u64, (x >> 64) as u64);
        let stop = u128::from(!swar_alnum(lo) & HIGH) | u128::from(!swar_alnum(hi) & HIGH) << 64;
        let caps = u128::from(swar_caps(lo)) | u128::from(swar_caps(hi)) << 64;
        if stop == 0 {
            upper |= caps != 0;
            j += 16;
            continue;
        }
        let n = stop.trailing_zeros() / 8; // 0..=15
        let in_word = (1u128 << (8 * n)) - 1;
        upper |= caps & in_word != 0;
        return (j + n as usize, upper);
    }
    while let Some(&b) = bytes.get(j) {
        let c = ASCII_CLASS[usize::from(b)];
        if c & ALNUM == 0 {
            break;
        }
        upper |= c & UPPER != 0;
        j += 1;
    }
    (j, upper)
}

/// Where [`ascii_word`] left the normalized form of a word ending at the
/// given byte offset.
enum AsciiWord {
    /// The normalized form is the original text: lower case, no joiners.
    Borrowed(usize),
    /// The normalized form is in the buffer.
    Buffered(usize),
}

/// Scans the ASCII word starting at `start` (an ASCII letter or digit).
///
/// Returns `None`, having consumed nothing, when the word holds a char this
/// path does not handle (a non-ASCII word char, or a joiner next to one).
#[inline(always)]
fn ascii_word(text: &str, start: usize, buf: &mut String) -> Option<AsciiWord> {
    let bytes = text.as_bytes();
    // `start..run` is the prefix copied verbatim; `buffered` once a joiner
    // or an upper-case letter forced a copy into `buf`.
    let mut buffered = false;
    let mut j = start;
    loop {
        // A run of ASCII letters and digits.
        let run = j;
        let upper;
        (j, upper) = alnum_run(bytes, j);
        if upper && !buffered {
            buf.clear();
            buf.push_str(&text[start..run]);
            buffered = true;
        }
        if buffered {
            let from = buf.len();
            buf.push_str(&text[run..j]);
            buf[from..].make_ascii_lowercase();
        }
        let end = j;
        let done = || {
            Some(if buffered {
                AsciiWord::Buffered(end)
            } else {
                AsciiWord::Borrowed(end)
            })
        };
        let Some(&c) = bytes.get(j) else {
            return done();
        };
        // A joiner counts only between two word chars; `bytes[j - 1]` is one.
        let prev = bytes[j - 1];
        let (width, next) = if c.is_ascii() {
            if !matches!(c, b'\'' | b'.' | b',') {
                return done();
            }
            (1, bytes.get(j + 1).copied())
        } else {
            let rest = text.get(j..)?;
            let mut chars = rest.chars();
            let ch = chars.next()?;
            if is_word_char(ch) {
                return None;
            }
            if !(is_apostrophe(ch) || is_ignorable(ch)) {
                return done();
            }
            (ch.len_utf8(), rest.as_bytes().get(ch.len_utf8()).copied())
        };
        let next = match next {
            Some(n) if n.is_ascii_alphanumeric() => n,
            // Possibly a non-ASCII word char after a joiner: not ours.
            Some(n) if !n.is_ascii() && c != b',' => return None,
            _ => return done(),
        };
        let digits = prev.is_ascii_digit() && next.is_ascii_digit();
        let keep = match c {
            b'.' if digits => Some('.'),
            b',' if !digits => return done(),
            _ => None, // apostrophes, invisible chars, other periods and commas
        };
        if !buffered {
            buf.clear();
            buf.push_str(&text[start..end]);
            buffered = true;
        }
        buf.extend(keep);
        j += width;
    }
}

/// Scans the word starting at `start` (a word char) char by char, leaves
/// its normalized form in `buf`, and returns the offset just past it and
/// whether the normalized form is not empty (only then is it a token).
fn general_word(text: &str, start: usize, buf: &mut String) -> (usize, bool) {
    let Some(rest) = text.get(start..) else {
        return (text.len(), false);
    };
    let mut chars = rest.char_indices().map(|(i, c)| (start + i, c)).peekable();
    let Some((_, c)) = chars.next() else {
        return (text.len(), false);
    };
    buf.clear();
    let mut ascii = c.is_ascii();
    buf.push(c);
    let mut end = start + c.len_utf8();
    let mut prev = c;
    let single = is_unspaced(c);
    while let Some(&(i, n)) = chars.peek() {
        if single || is_unspaced(n) {
            // A char of a script written without spaces is a word of its
            // own, with the combining marks that follow it.
            if n.is_ascii() || !is_combining_mark(n) {
                break;
            }
        }
        if is_word_char(n) {
            ascii &= n.is_ascii();
            buf.push(n);
            prev = n;
            end = i + n.len_utf8();
            chars.next();
            continue;
        }
        // A joiner counts only when a word char follows right after it.
        let after = i + n.len_utf8();
        let next = match text.get(after..).and_then(|s| s.chars().next()) {
            Some(x) if is_word_char(x) => x,
            _ => break,
        };
        match joiner(n, prev, next) {
            Joiner::Break => break,
            Joiner::Skip => {}
            Joiner::Keep(k) => buf.push(k),
        }
        chars.next();
    }
    debug_assert!(text.is_char_boundary(end));
    if ascii {
        buf.make_ascii_lowercase();
    } else {
        *buf = buf
            .nfkc()
            .flat_map(char::to_lowercase)
            .filter(|&x| is_word_char(x) || x == '.')
            .collect();
    }
    (end, !buf.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Hashing a word in place (reading past it) equals hashing a copy.
        #[test]
        fn word_hash_in_place_equals_copy(tail in proptest::collection::vec(any::<u8>(), 0..40), len in 0usize..40, seed in any::<u64>()) {
            let len = len.min(tail.len());
            prop_assert_eq!(hash_word_at(&tail, len, seed, 0), hash_word(&tail[..len], seed));
            // A run of ASCII letters and digits read as written hashes as
            // its lower-case form.
            let alnum: Vec<u8> = tail.iter().map(|&b| b"aZ09xQ"[usize::from(b) % 6]).collect();
            let lower = alnum.to_ascii_lowercase();
            let short = len.min(SHORT_WORD);
            prop_assert_eq!(hash_word_at(&alnum, short, seed, FOLD_ALNUM), hash_word(&lower[..short], seed));
        }
    }

    /// Every distinct word of the seeds (and each with one byte changed at
    /// every position up to 16, and cut short by one byte) hashes apart.
    #[test]
    fn word_hashes_of_the_seeds_are_distinct() {
        let seeds = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")).unwrap();
        let mut words: Vec<Vec<u8>> = seeds
            .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
            .flat_map(|text| {
                normalize(&text)
                    .split(' ')
                    .map(|w| w.as_bytes().to_vec())
                    .collect::<Vec<_>>()
            })
            .collect();
        words.sort_unstable();
        words.dedup();
        let mut variants = words.clone();
        for w in &words {
            for i in 0..w.len().min(SHORT_WORD) {
                let mut v = w.clone();
                v[i] ^= 1;
                variants.push(v);
            }
            variants.push(w[..w.len() - 1].to_vec());
        }
        variants.sort_unstable();
        variants.dedup();
        let mut hashes: Vec<u64> = variants
            .iter()
            .map(|w| hash_word(w, DEFAULT_TOKEN_SEED))
            .collect();
        hashes.sort_unstable();
        hashes.dedup();
        assert!(words.len() > 1000);
        assert_eq!(hashes.len(), variants.len());
    }

    fn words(text: &str) -> Vec<String> {
        normalize(text).split(' ').map(str::to_string).collect()
    }

    fn spans(text: &str) -> Vec<&str> {
        Tokenizer::new()
            .tokenize(text)
            .iter()
            .map(|t| t.text(text))
            .collect()
    }

    #[test]
    fn quotes_and_apostrophes_fold() {
        let t = Tokenizer::new();
        let curly = t.tokenize("Ukraine’s borders “in the current situation”");
        let straight = t.tokenize("Ukraine's borders \"in the current situation\"");
        let h = |v: &[Token]| v.iter().map(|t| t.hash).collect::<Vec<_>>();
        assert_eq!(h(&curly), h(&straight));
        assert_eq!(
            words("Moscow and Paris can’t be"),
            ["moscow", "and", "paris", "cant", "be"]
        );
        assert_eq!(
            spans("‘new military initiatives’"),
            ["new", "military", "initiatives"]
        );
    }

    #[test]
    fn spelling_variants_stay_distinct() {
        let t = Tokenizer::new();
        let a = t.tokenize("Zelensky");
        let b = t.tokenize("Zelenskyy");
        assert_ne!(a[0].hash, b[0].hash);
        assert_eq!(words("ZELENSKY Zelensky"), ["zelensky", "zelensky"]);
    }

    #[test]
    fn dashes_separate_words() {
        assert_eq!(
            words("Eastern Europe — demands that de-escalating"),
            ["eastern", "europe", "demands", "that", "de", "escalating"]
        );
        assert_eq!(spans("Europe—demands"), ["Europe", "demands"]);
    }

    #[test]
    fn numbers_and_abbreviations() {
        assert_eq!(words("$1.3 billion"), ["1.3", "billion"]);
        assert_eq!(spans("$1.3 billion"), ["1.3", "billion"]);
        assert_eq!(
            words("more than 100,000 troops"),
            ["more", "than", "100000", "troops"]
        );
        assert_eq!(words("the U.S. and NATO."), ["the", "us", "and", "nato"]);
        assert_eq!(spans("the U.S. and"), ["the", "U.S", "and"]);
        assert_ne!(normalize("1.3"), normalize("13"));
        assert_eq!(words("end. Next"), ["end", "next"]);
    }

    #[test]
    fn unicode_forms_fold() {
        assert_eq!(normalize("ﬁnal Ｎａｔｏ"), "final nato");
        // NFC é and NFD e + combining acute are the same word.
        assert_eq!(normalize("caf\u{e9}"), normalize("cafe\u{301}"));
        assert_eq!(spans("cafe\u{301} au"), ["cafe\u{301}", "au"]);
        // Non-breaking, zero-width and soft-hyphen characters.
        assert_eq!(
            words("spokesperson\u{a0}Dmitry"),
            ["spokesperson", "dmitry"]
        );
        assert_eq!(
            words("Kre\u{200b}mlin Kreml\u{ad}in"),
            ["kremlin", "kremlin"]
        );
        assert_eq!(words("Ελλάδα Москва"), ["ελλάδα", "москва"]);
    }

    #[test]
    fn unspaced_scripts_are_one_token_per_char() {
        assert_eq!(normalize("新华社北京电"), "新 华 社 北 京 电");
        assert_eq!(
            normalize("Reuters报道 東京タワー"),
            "reuters 报 道 東 京 タ ワ ー"
        );
        assert_eq!(spans("abc中文"), ["abc", "中", "文"]);
        // Halfwidth katakana fold to fullwidth.
        assert_eq!(normalize("ｶﾀ"), normalize("カタ"));
        // Spaced scripts keep whole words.
        assert_eq!(normalize("Москва Ελλάδα"), "москва ελλάδα");
    }

    #[test]
    fn one_paragraph_per_line_without_blank_lines() {
        let text = "First paragraph here.\nSecond one.\r\n  Third one.  \n";
        let spans: Vec<&str> = paragraph_spans(text)
            .iter()
            .map(|r| &text[r.clone()])
            .collect();
        assert_eq!(
            spans,
            ["First paragraph here.", "Second one.", "Third one."]
        );
        // Leading and trailing blank lines do not make it blank-line separated.
        let text = "\n\nOne.\nTwo.\n\n";
        assert_eq!(paragraph_spans(text).len(), 2);
        // One blank line anywhere between text: lines join into paragraphs.
        let text = "A caption\nwith two lines.\n\nBody.";
        assert_eq!(paragraph_spans(text).len(), 2);
    }

    #[test]
    fn crlf_paragraphs() {
        let text = "First line\r\nstill first.\r\n\r\n  Second \u{2014} para.\r\n \r\n\r\n* * *\r\n\r\nThird";
        let doc = Tokenizer::new().analyze(text);
        let paras: Vec<&str> = doc
            .paragraphs
            .iter()
            .map(|p| &text[p.span.clone()])
            .collect();
        assert_eq!(
            paras,
            [
                "First line\r\nstill first.",
                "Second \u{2014} para.",
                "Third"
            ]
        );
        assert_eq!(paragraph_spans(text).len(), 4);
        assert_eq!(doc.paragraph_tokens(1).len(), 2);
        let covered: usize = doc.paragraphs.iter().map(|p| p.tokens.len()).sum();
        assert_eq!(covered, doc.tokens.len());
    }

    #[test]
    fn seed_quirks() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/seeds/000_0a47ab44ad2963a8.txt"
        ))
        .unwrap();
        let doc = Tokenizer::new().analyze(&text);
        assert!(doc.tokens.len() > 1000);
        for t in &doc.tokens {
            let s = text.get(t.span()).expect("span on char boundaries");
            assert!(!s.is_empty());
            assert!(s.chars().next().is_some_and(is_word_char));
            assert!(s.chars().last().is_some_and(is_word_char));
        }
        assert!(normalize(&text).contains("kremlin spokesman dmitry peskov said that in the current situation moscow and paris cant be reaching any deals"));
        assert!(doc.paragraphs.len() >= 15);
    }

    #[test]
    fn word_char_shortcut_is_exact() {
        for c in ['\u{A0}'].into_iter().chain('\u{2000}'..='\u{206F}') {
            assert!(!(c.is_alphanumeric() || is_combining_mark(c)), "{c:?}");
            assert!(!is_word_char(c));
        }
        for b in 0..=255u8 {
            let c = char::from(b);
            let expect = c.is_alphanumeric() || (!c.is_ascii() && is_combining_mark(c));
            assert_eq!(is_word_char(c), expect, "{c:?}");
            if c.is_ascii() {
                assert_eq!(ASCII_CLASS[usize::from(b)] & ALNUM != 0, expect);
                assert_eq!(
                    ASCII_CLASS[usize::from(b)] & UPPER != 0,
                    c.is_ascii_uppercase()
                );
            } else {
                assert_eq!(ASCII_CLASS[usize::from(b)], 0);
            }
        }
    }

    #[test]
    fn alnum_run_matches_a_bytewise_scan() {
        let naive = |bytes: &[u8], j: usize| {
            let n = bytes[j..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            (j + n, bytes[j..j + n].iter().any(u8::is_ascii_uppercase))
        };
        for b in 0..=255u8 {
            for filler in [b'a', b'Q', b'7'] {
                for len in [1, 7, 8, 9, 15, 16, 17, 33] {
                    for at in 0..len {
                        let mut bytes = vec![filler; len];
                        bytes[at] = b;
                        // An upper-case letter after the stop must not count.
                        bytes.push(b' ');
                        bytes.push(b'Z');
                        for j in [0, at] {
                            assert_eq!(
                                alnum_run(&bytes, j),
                                naive(&bytes, j),
                                "{bytes:?} from {j}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn empty_and_punctuation_only() {
        assert!(Tokenizer::new().tokenize("").is_empty());
        assert!(Tokenizer::new()
            .analyze(" — “ ” ... \n\n ***")
            .paragraphs
            .is_empty());
        assert_eq!(spans("'quoted'"), ["quoted"]);
        assert_eq!(spans("a"), ["a"]);
    }
}
