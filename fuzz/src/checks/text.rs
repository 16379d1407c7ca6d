//! The text stage on arbitrary input: tokens and paragraphs keep byte spans
//! on char boundaries, in order, and cover each other as documented;
//! normalization is idempotent and yields one word per token.

use reprint::text::{normalize, paragraph_spans};
use reprint::Tokenizer;
use unicode_normalization::UnicodeNormalization;

/// Whether NFKC turns `c` into something else holding a character that is
/// neither alphanumeric nor a mark.
fn expands_to_non_word(c: char) -> bool {
    let mut nfkc = std::iter::once(c).nfkc();
    let changed = nfkc.clone().ne(std::iter::once(c));
    changed && nfkc.any(|x| !x.is_alphanumeric() && !is_mark(x))
}

/// Combining marks (the blocks NFKC output uses most).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{20D0}'..='\u{20FF}')
}

/// Checks the properties above on `data`.
pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    let tokenizer = Tokenizer::new();
    let analysis = tokenizer.analyze(text);

    let mut last_end = 0;
    for t in &analysis.tokens {
        assert!(t.start < t.end, "empty token {t:?}");
        assert!(t.start >= last_end, "tokens overlap or go back: {t:?}");
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        assert!(t.end <= text.len());
        last_end = t.end;
    }
    assert_eq!(tokenizer.tokenize(text), analysis.tokens);

    // Paragraphs: in order, on char boundaries, their token ranges
    // partitioning the tokens, each token inside its paragraph's span.
    let mut next_token = 0;
    let mut last_end = 0;
    for p in &analysis.paragraphs {
        assert!(
            p.span.start >= last_end && p.span.start < p.span.end,
            "{p:?}"
        );
        assert!(text.is_char_boundary(p.span.start) && text.is_char_boundary(p.span.end));
        assert_eq!(p.tokens.start, next_token, "tokens outside every paragraph");
        assert!(p.tokens.start < p.tokens.end, "paragraph without tokens");
        for t in &analysis.tokens[p.tokens.clone()] {
            assert!(
                p.span.start <= t.start && t.end <= p.span.end,
                "{t:?} outside {p:?}"
            );
        }
        next_token = p.tokens.end;
        last_end = p.span.end;
    }
    assert_eq!(next_token, analysis.tokens.len());

    let mut last_end = 0;
    for span in paragraph_spans(text) {
        assert!(span.start >= last_end && span.start <= span.end && span.end <= text.len());
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        last_end = span.end;
    }

    // Normalization: idempotent, one word per token, each word hashing to
    // its token's hash. Known to fail, and skipped until fixed, where a
    // character's compatibility form holds punctuation or a space (`⒒` is
    // `11.`, `¼` is `1⁄4`): see fuzz/known/text and docs/fuzzing.md.
    if text.chars().any(expands_to_non_word) {
        return;
    }
    let normal = normalize(text);
    assert_eq!(normalize(&normal), normal, "normalize is not idempotent");
    let words: Vec<&str> = if normal.is_empty() {
        Vec::new()
    } else {
        normal.split(' ').collect()
    };
    assert_eq!(words.len(), analysis.tokens.len(), "{normal:?}");
    for (w, t) in words.iter().zip(&analysis.tokens) {
        assert_eq!(tokenizer.hash_normalized(w), t.hash, "word {w:?}");
    }
}
