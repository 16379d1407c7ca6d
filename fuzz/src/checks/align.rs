//! `align` on arbitrary pairs (source and reprint split at the first NUL
//! byte): every paragraph of both sides is accounted for exactly once,
//! spans fall on char boundaries, the summary counts what is listed, and
//! rendering never panics.

use std::ops::Range;

use reprint::diff::{align, AlignConfig, Kind, LONG_PARAGRAPH_WORDS};
use reprint::{Analysis, Tokenizer};

/// Asserts that `spans` are `analysis`'s paragraphs, each long one (more
/// than [`LONG_PARAGRAPH_WORDS`] words) possibly cut into windows: in
/// order, the first starting where the paragraph starts, the last ending
/// where it ends, each after the one before.
fn covers(spans: &[Range<usize>], analysis: &Analysis, side: &str) {
    let mut next = spans.iter();
    for p in &analysis.paragraphs {
        let first = next
            .next()
            .unwrap_or_else(|| panic!("{side}: {:?} missing", p.span));
        assert_eq!(first.start, p.span.start, "{side}: {spans:?}");
        let mut last = first.clone();
        while last.end != p.span.end {
            assert!(
                p.tokens.len() > LONG_PARAGRAPH_WORDS,
                "{side}: short paragraph {:?} cut at {}",
                p.span,
                last.end
            );
            let window = next
                .next()
                .unwrap_or_else(|| panic!("{side}: {:?} not covered", p.span));
            assert!(
                last.end <= window.start && window.end <= p.span.end,
                "{side}: window {window:?} after {last:?} in {:?}",
                p.span
            );
            last = window.clone();
        }
    }
    assert!(
        next.next().is_none(),
        "{side}: more spans than paragraphs: {spans:?}"
    );
}

/// Checks the properties above on `data`.
pub fn check(data: &[u8]) {
    let cut = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let source = String::from_utf8_lossy(&data[..cut]);
    let reprint = String::from_utf8_lossy(data.get(cut + 1..).unwrap_or(&[]));
    let (source, reprint) = (source.as_ref(), reprint.as_ref());
    let a = align(source, reprint, &AlignConfig::default());

    let tokenizer = Tokenizer::new();
    let s = tokenizer.analyze(source);
    let r = tokenizer.analyze(reprint);
    // Each side's paragraphs, once each, with their spans: a paragraph of
    // more than LONG_PARAGRAPH_WORDS words as windows that cover it in
    // order, from its start to its end.
    let spans: Vec<_> = a.paragraphs.iter().map(|p| p.start..p.end).collect();
    covers(&spans, &r, "reprint paragraphs");
    let spans: Vec<_> = a.source.iter().map(|p| p.start..p.end).collect();
    covers(&spans, &s, "source paragraphs");

    // A source paragraph is omitted, or used by the reprint paragraphs
    // that name it, never both.
    let mut used_by = vec![Vec::new(); a.source.len()];
    for (i, p) in a.paragraphs.iter().enumerate() {
        assert_eq!(
            p.kind == Kind::Added,
            p.source_paragraphs.is_empty(),
            "{p:?}"
        );
        assert!((0.0..=1.0).contains(&p.similarity), "{p:?}");
        for &sp in &p.source_paragraphs {
            assert!(sp < a.source.len(), "{p:?}");
            if used_by[sp].last() != Some(&i) {
                used_by[sp].push(i);
            }
        }
        for e in &p.edits {
            assert!(e.source.end <= source.len() && e.reprint.end <= reprint.len());
            assert!(e.source.start <= e.source.end && e.reprint.start <= e.reprint.end);
            for at in [e.source.start, e.source.end] {
                assert!(source.is_char_boundary(at));
            }
            for at in [e.reprint.start, e.reprint.end] {
                assert!(reprint.is_char_boundary(at));
            }
        }
    }
    for (sp, users) in used_by.iter().enumerate() {
        let omitted = a.omitted_source_paragraphs.contains(&sp);
        assert_ne!(omitted, !users.is_empty(), "source paragraph {sp}");
        assert_eq!(
            &a.source[sp].reprint_paragraphs, users,
            "source paragraph {sp}"
        );
    }
    let m = &a.summary;
    assert_eq!(m.copied + m.edited + m.added, a.paragraphs.len());
    assert_eq!(m.omitted, a.omitted_source_paragraphs.len());
    assert!((0.0..=1.0).contains(&m.taken_share) && (0.0..=1.0).contains(&m.reused_share));
    let _ = a.render(source, reprint).to_string();
    let _ = a.to_string();
}
