//! The naive tokenizer and shingler, written from the rules of
//! [`reprint::text`] and [`reprint::shingle`], one rule per line, on a `Vec`
//! of chars.

use reprint::text::{Token, Tokenizer};
use reprint::Shingler;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// One word of a text: its byte span and its normalized form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte offset of its first char.
    pub start: usize,
    /// Byte offset just past its last char.
    pub end: usize,
    /// The normalized form the word's hash is computed from.
    pub normalized: String,
}

/// Letters, digits and (non-ASCII) combining marks make up words.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || mark(c)
}

fn mark(c: char) -> bool {
    !c.is_ascii() && is_combining_mark(c)
}

/// Scripts written without spaces: every char is a word by itself (with the
/// combining marks after it).
fn unspaced(c: char) -> bool {
    let c = c as u32;
    (0x0E00..=0x0EFF).contains(&c)
        || (0x1000..=0x109F).contains(&c)
        || (0x1780..=0x17FF).contains(&c)
        || (0x3040..=0x30FF).contains(&c)
        || (0x3400..=0x4DBF).contains(&c)
        || (0x4E00..=0x9FFF).contains(&c)
        || (0xF900..=0xFAFF).contains(&c)
        || (0xFF66..=0xFF9D).contains(&c)
        || (0x20000..=0x3134F).contains(&c)
}

/// Whether NFKC would turn word char `c` into several words: its form
/// holds a letter (not a mark) of an unspaced script, and `c` is one word
/// while its form is several, or `c` is not unspaced. Such a char is kept
/// as it is.
fn keeps_own_form(c: char) -> bool {
    let form: Vec<char> = std::iter::once(c).nfkc().collect();
    is_word_char(c)
        && form != [c]
        && form.iter().any(|&x| unspaced(x) && !mark(x))
        && (form.len() > 1 || !unspaced(c))
}

/// A word's chars in NFKC (but for [`keeps_own_form`] chars), lowercased,
/// keeping word chars and full stops.
fn fold_word(word: &str) -> Vec<char> {
    let mut out = Vec::new();
    let mut run = String::new();
    for c in word.chars() {
        if keeps_own_form(c) {
            out.extend(run.nfkc().flat_map(char::to_lowercase));
            run.clear();
            out.push(c);
        } else {
            run.push(c);
        }
    }
    out.extend(run.nfkc().flat_map(char::to_lowercase));
    out.into_iter()
        .filter(|&c| is_word_char(c) || c == '.')
        .collect()
}

/// What a non-word char does between two word chars.
enum Role {
    Break,
    Drop,
    Keep(char),
}

fn role(prev: char, c: char, next: char) -> Role {
    let apostrophe = [
        '\'', '\u{2019}', '\u{2018}', '\u{02BC}', '\u{2032}', '\u{FF07}',
    ];
    let invisible = [
        '\u{00AD}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}',
    ];
    let between_digits = prev.is_ascii_digit() && next.is_ascii_digit();
    if apostrophe.contains(&c) || invisible.contains(&c) {
        Role::Drop
    } else if c == '.' && between_digits {
        Role::Keep('.')
    } else if c == '.' || (c == ',' && between_digits) {
        Role::Drop
    } else {
        Role::Break
    }
}

/// Every word of `text`, in order.
pub fn words(text: &str) -> Vec<Word> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        if !is_word_char(chars[i].1) {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut raw = String::new();
        let mut last = i;
        let mut j = i;
        if unspaced(chars[i].1) {
            raw.push(chars[i].1);
            j += 1;
            while j < n && mark(chars[j].1) {
                raw.push(chars[j].1);
                last = j;
                j += 1;
            }
        }
        while j < n && !unspaced(chars[i].1) {
            let c = chars[j].1;
            if j > i && unspaced(c) && !mark(c) {
                break;
            }
            if is_word_char(c) {
                raw.push(c);
                last = j;
                j += 1;
                continue;
            }
            let joins = j > i && j + 1 < n && is_word_char(chars[j + 1].1);
            if !joins {
                break;
            }
            match role(chars[j - 1].1, c, chars[j + 1].1) {
                Role::Break => break,
                Role::Drop => {}
                Role::Keep(k) => raw.push(k),
            }
            j += 1;
        }
        let end = chars[last].0 + chars[last].1.len_utf8();
        let mut folded = fold_word(&raw);
        // Folded again where the first fold is not NFKC (marks left out of
        // canonical order, a lowercase form NFKC composes).
        let first: String = folded.iter().collect();
        if !unicode_normalization::is_nfkc(&first) {
            folded = fold_word(&first);
        }
        // A full stop stays only between two ASCII digits.
        let mut normalized = String::new();
        for (k, &c) in folded.iter().enumerate() {
            let before = k > 0 && folded[k - 1].is_ascii_digit();
            let after = k + 1 < folded.len() && folded[k + 1].is_ascii_digit();
            if c != '.' || (before && after) {
                normalized.push(c);
            }
        }
        if !normalized.is_empty() {
            out.push(Word {
                start,
                end,
                normalized,
            });
        }
        i = j;
    }
    out
}

/// The tokens of `text`: its [`words`], each hashed by `tokenizer` from
/// its normalized form.
pub fn tokens(text: &str, tokenizer: &Tokenizer) -> Vec<Token> {
    words(text)
        .into_iter()
        .map(|w| Token {
            start: w.start,
            end: w.end,
            hash: tokenizer.hash_normalized(&w.normalized),
        })
        .collect()
}

/// The word shingles of `tokens` in text order: every window of `k`
/// tokens, or one shingle of all the tokens when there are fewer than `k`
/// (but at least one).
pub fn shingles(tokens: &[Token], shingler: &Shingler) -> Vec<u64> {
    let k = shingler.k();
    if tokens.is_empty() {
        Vec::new()
    } else if tokens.len() < k {
        vec![shingler.hash_tokens(tokens)]
    } else {
        (0..=tokens.len() - k)
            .map(|i| shingler.hash_tokens(&tokens[i..i + k]))
            .collect()
    }
}

/// A shingle hash folded to the 32 bits the engine stores: its two halves
/// xored.
pub fn fold(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}
