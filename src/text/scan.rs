//! The word scanner: finds words and hashes their normalized form, with a
//! fast path for runs of ASCII letters and digits (eight bytes at a time,
//! hashed straight from the text) and a char-by-char path that applies
//! every normalization rule.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization};

use crate::hash::{FoldCase, FOLD_ALNUM, SHORT_WORD};

/// `x` with its ASCII upper-case letters lowered (setting bit 5 of an
/// upper-case ASCII letter lowers it); other bytes, UTF-8 ones among them,
/// are left alone.
#[inline(always)]
pub(super) fn lower_ascii(x: u64) -> u64 {
    x | (swar_caps(x) >> 2)
}

/// Chars of scripts written without spaces between words (Chinese,
/// Japanese kana, Thai, Lao, Myanmar, Khmer): each is a token of its own, so
/// word shingles of such text are char n-grams instead of one giant token.
pub(super) fn is_unspaced(c: char) -> bool {
    matches!(
        u32::from(c),
        0x0E00..=0x0EFF // Thai, Lao
            | 0x1000..=0x109F // Myanmar
            | 0x1780..=0x17FF // Khmer
            | 0x3040..=0x30FF // Hiragana, Katakana
            | 0x3400..=0x4DBF // CJK Extension A
            | 0x4E00..=0x9FFF // CJK Unified Ideographs
            | 0xF900..=0xFAFF // CJK Compatibility Ideographs
            | 0xFF66..=0xFF9F // Halfwidth Katakana and its sound marks
            | 0x20000..=0x3134F // CJK Extensions B to G
    )
}

pub(super) fn is_word_char(c: char) -> bool {
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

pub(super) fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '\u{FF07}'
    )
}

/// Characters that are invisible inside a word.
pub(super) fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// What a non-word char between two word chars does to the token.
pub(super) enum Joiner {
    /// Not a joiner: the word ends here.
    Break,
    /// Part of the word, dropped from the normalized form.
    Skip,
    /// Part of the word, kept as this char.
    Keep(char),
}

pub(super) fn joiner(c: char, prev: char, next: char) -> Joiner {
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
pub(super) fn scan_words(
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
pub(super) fn ends_word(text: &str, end: usize) -> bool {
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
pub(super) const LOWER_MAX: usize = 32;

/// Writes the lower-cased ASCII word `bytes[start..end]` to the start of
/// `out`; `false` (and nothing to use) when it is longer than [`LOWER_MAX`]
/// or too close to the end of the text (it reads [`LOWER_MAX`] bytes from
/// `start`, eight at a time).
#[inline(always)]
pub(super) fn ascii_lowercase(
    bytes: &[u8],
    start: usize,
    end: usize,
    out: &mut [u8; LOWER_MAX],
) -> bool {
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

pub(super) const ONES: u64 = 0x0101_0101_0101_0101;
pub(super) const HIGH: u64 = 0x8080_8080_8080_8080;

/// Per byte of `v` (each below 0x80), bit 7 of the result is set iff the
/// byte is at least `lo`; no carry crosses into the next byte.
#[inline(always)]
pub(super) fn swar_at_least(v: u64, lo: u8) -> u64 {
    v + (0x80 - u64::from(lo)) * ONES
}

/// Bit 7 set in each byte of `x` that is an ASCII upper-case letter.
#[inline(always)]
pub(super) fn swar_caps(x: u64) -> u64 {
    let v = x & !HIGH;
    swar_at_least(v, b'A') & !swar_at_least(v, b'Z' + 1) & !x & HIGH
}

/// Bit 7 set in each byte of `x` that is an ASCII letter or digit.
#[inline(always)]
pub(super) fn swar_alnum(x: u64) -> u64 {
    let v = x & !HIGH;
    let folded = v | (0x20 * ONES);
    let letter = swar_at_least(folded, b'a') & !swar_at_least(folded, b'z' + 1);
    let digit = swar_at_least(v, b'0') & !swar_at_least(v, b'9' + 1);
    (letter | digit) & !x & HIGH
}

/// [`ASCII_CLASS`] bit: an ASCII letter or digit.
pub(super) const ALNUM: u8 = 1;
/// [`ASCII_CLASS`] bit: an ASCII upper-case letter.
pub(super) const UPPER: u8 = 2;

/// Class bits of each byte value (0 for non-ASCII bytes), for the ASCII
/// word scanner's inner loop: one load instead of three range checks.
pub(super) static ASCII_CLASS: [u8; 256] = {
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
pub(super) fn alnum_run(bytes: &[u8], mut j: usize) -> (usize, bool) {
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
pub(super) enum AsciiWord {
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
pub(super) fn ascii_word(text: &str, start: usize, buf: &mut String) -> Option<AsciiWord> {
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
pub(super) fn general_word(text: &str, start: usize, buf: &mut String) -> (usize, bool) {
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
        let mut folded = fold(buf.as_str());
        // Taking marks out of a word can leave them out of canonical
        // order (`ﱞﱞ`), and lowercasing can leave a form NFKC composes
        // (`Ŀ́`): fold once more, so the word normalizes to itself.
        if unicode_normalization::is_nfkc_quick(folded.iter().copied()) != IsNormalized::Yes {
            let once: String = folded.iter().collect();
            folded = fold(&once);
        }
        // A full stop that NFKC made (`⒒` is `11.`) follows the joiner rule
        // of the text: kept between two ASCII digits, else left out, so the
        // normalized word normalizes to itself.
        buf.clear();
        buf.extend(folded.iter().enumerate().filter_map(|(k, &x)| {
            let digits = |j: Option<usize>| {
                j.and_then(|j| folded.get(j))
                    .is_some_and(char::is_ascii_digit)
            };
            (x != '.' || (digits(k.checked_sub(1)) && digits(Some(k + 1)))).then_some(x)
        }));
    }
    (end, !buf.is_empty())
}

/// A word's characters in NFKC, lowercased, with only word chars and full
/// stops kept; a char of [`keeps_own_form`] stays as it is.
fn fold(word: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(word.len());
    let mut from = 0;
    for (i, c) in word.char_indices().filter(|&(_, c)| keeps_own_form(c)) {
        out.extend(word[from..i].nfkc().flat_map(char::to_lowercase));
        out.push(c);
        from = i + c.len_utf8();
    }
    out.extend(word[from..].nfkc().flat_map(char::to_lowercase));
    out.retain(|&x| is_word_char(x) || x == '.');
    out
}

/// The word chars whose compatibility form holds a letter of a script
/// written without spaces where the char itself is one word and its form
/// would be several (Thai and Lao SARA AM, Lao ligatures, kana
/// ligatures, Han numerals written as symbols): the scanner cuts such a
/// form into several words, which one word's normalization cannot do, so
/// NFKC leaves them as they are. `own_form_table_follows_its_rule` (tests)
/// derives this table from Unicode.
const OWN_FORM: [(char, char); 9] = [
    ('\u{0E33}', '\u{0E33}'),
    ('\u{0EB3}', '\u{0EB3}'),
    ('\u{0EDC}', '\u{0EDD}'),
    ('\u{3038}', '\u{303A}'),
    ('\u{309F}', '\u{309F}'),
    ('\u{30FF}', '\u{30FF}'),
    ('\u{3192}', '\u{3195}'),
    ('\u{3220}', '\u{3229}'),
    ('\u{3280}', '\u{3289}'),
];

/// Whether `c` is one of [`OWN_FORM`].
pub(super) fn keeps_own_form(c: char) -> bool {
    ('\u{0E33}'..='\u{3289}').contains(&c)
        && OWN_FORM.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
}
