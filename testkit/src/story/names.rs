//! Invented names, and newsroom misspellings of them.

use crate::lexicon::{CODAS, NAME_ENDINGS, ONSETS, VOWELS};
use crate::rng::{mix64, Rng};

/// Appends an invented capitalized name drawn from `h`: two or three
/// open syllables, a closing consonant and sometimes a surname-like ending
/// (Karovin, Dresanov, Tulimberg).
pub(super) fn push_name(out: &mut String, h: u64) {
    let mut state = h;
    let mut next = |n: usize| -> usize {
        state = mix64(state.wrapping_add(0x9E37_79B9_7F4A_7C15));
        ((u128::from(state) * n as u128) >> 64) as usize
    };
    let start = out.len();
    let syllables = 2 + usize::from(next(10) < 3);
    for _ in 0..syllables {
        out.push_str(ONSETS[next(ONSETS.len())]);
        out.push_str(VOWELS[next(VOWELS.len())]);
    }
    out.push_str(CODAS[next(CODAS.len())]);
    if next(4) == 0 {
        out.push_str(NAME_ENDINGS[next(NAME_ENDINGS.len())]);
    }
    if let Some(first) = out[start..].chars().next() {
        let upper = first.to_ascii_uppercase();
        out.replace_range(
            start..start + first.len_utf8(),
            upper.encode_utf8(&mut [0; 4]),
        );
    }
}

/// An invented name as a `String`.
pub(crate) fn name(h: u64) -> String {
    let mut s = String::new();
    push_name(&mut s, h);
    s
}

/// A misspelling of `name` as newsrooms make them (Zelensky / Zelenskyy):
/// doubles the last letter, doubles or undoubles an inner consonant, or
/// drops an inner "s".
pub(crate) fn spelling_variant(name: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = name.chars().collect();
    let n = chars.len();
    let mut candidates: Vec<String> = Vec::new();
    if let Some(&last) = chars.last() {
        let mut v = chars.clone();
        v.push(last);
        candidates.push(v.into_iter().collect());
    }
    for i in 1..n.saturating_sub(1) {
        let c = chars[i];
        if chars[i - 1] == c || c == 's' {
            let mut v = chars.clone();
            v.remove(i);
            candidates.push(v.into_iter().collect());
        } else if !"aeiou".contains(c) && c.is_ascii_lowercase() && chars[i + 1] != c {
            let mut v = chars.clone();
            v.insert(i, c);
            candidates.push(v.into_iter().collect());
        }
    }
    rng.pick(&candidates)
        .cloned()
        .unwrap_or_else(|| format!("{name}h"))
}
