//! The text stage on arbitrary input: tokens and paragraphs keep byte spans
//! on char boundaries, in order, and cover each other as documented;
//! normalization is idempotent and yields one word per token; the
//! paragraphs and word count found without hashing are the same.

use reprint::text::{count_words, normalize, paragraph_spans, word_paragraph_spans};
use reprint::Tokenizer;

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
    // The same paragraphs and word count found without hashing.
    let spans = word_paragraph_spans(text);
    assert!(spans.iter().eq(analysis.paragraphs.iter().map(|p| &p.span)));
    assert_eq!(count_words(text), analysis.tokens.len());

    let mut last_end = 0;
    for span in paragraph_spans(text) {
        assert!(span.start >= last_end && span.start <= span.end && span.end <= text.len());
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        last_end = span.end;
    }

    // Normalization: idempotent, one word per token, each word hashing to
    // its token's hash.
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
