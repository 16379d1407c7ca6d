//! Unit tests of the tokenizer, its scanner and paragraphs.

use super::paragraphs::*;
use super::scan::*;
use super::*;
use crate::hash::{hash_word, hash_word_at, FOLD_ALNUM, SHORT_WORD};
use proptest::prelude::*;
use unicode_normalization::char::is_combining_mark;

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
    let text =
        "First line\r\nstill first.\r\n\r\n  Second \u{2014} para.\r\n \r\n\r\n* * *\r\n\r\nThird";
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
                        assert_eq!(alnum_run(&bytes, j), naive(&bytes, j), "{bytes:?} from {j}");
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

/// Normalization is idempotent for every character, alone, inside words
/// and before combining marks. Found by fuzzing: `⒒` is `11.`, whose word
/// was `11.` while the text `11.` gives `11`; `ำ` is `ํา`, which the
/// scanner cuts into two words; `ﱞﱞ` leaves marks out of canonical order
/// once its spaces are dropped; `Ŀ́` lowercases to a form NFKC composes.
#[test]
fn normalizing_is_idempotent_for_every_character() {
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        for text in [
            c.to_string(),
            format!("a{c}b"),
            format!("1{c}2"),
            format!("{c}{c}"),
            format!("ก{c}"),
            format!("{c}\u{301}"),
            format!("{c}\u{345}\u{301}"),
            // Before a word's letters (found by fuzzing: U+FF9F, a
            // halfwidth kana mark, made one word with them; its form
            // U+309A, a kana mark, is a word of its own).
            format!("{c}t"),
            format!("{c}ab"),
            format!("{c} ab"),
        ] {
            let once = normalize(&text);
            assert_eq!(normalize(&once), once, "{text:?} (U+{:04X})", c as u32);
        }
    }
}

/// [`keeps_own_form`] holds exactly the word chars whose compatibility form
/// holds a letter (not a mark) of a script written without spaces, where
/// the char is one word and its form would be several, or the char is not
/// of such a script and its form is.
#[test]
fn own_form_table_follows_its_rule() {
    use unicode_normalization::UnicodeNormalization;
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let form: Vec<char> = std::iter::once(c).nfkc().collect();
        let cut = is_word_char(c)
            && form != [c]
            && form
                .iter()
                .any(|&x| is_unspaced(x) && !is_combining_mark(x))
            && (form.len() > 1 || !is_unspaced(c));
        assert_eq!(keeps_own_form(c), cut, "U+{:04X} {form:?}", c as u32);
    }
}
