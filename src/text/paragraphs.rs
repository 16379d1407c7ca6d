//! Paragraphs: blank-line separated, or one per line when a text has no
//! blank line between lines of text.

use std::ops::Range;

use super::{Paragraph, Token};

/// Byte spans of the paragraphs of `text` (see the module docs), including
/// paragraphs without word tokens.
pub fn paragraph_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    for_each_paragraph(text, |span| spans.push(span));
    spans
}

/// The trimmed spans of the non-blank lines of `text`, each with whether a
/// blank line comes before it (after an earlier non-blank line).
pub(super) fn nonblank_lines(text: &str) -> impl Iterator<Item = (Range<usize>, bool)> + '_ {
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
pub(super) fn for_each_paragraph(text: &str, mut f: impl FnMut(Range<usize>)) {
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
pub(super) fn paragraphs_into(text: &str, tokens: &[Token], out: &mut Vec<Paragraph>) {
    out.clear();
    with_words(
        text,
        tokens,
        |t| (t.start, t.end),
        |span, tokens| out.push(Paragraph { span, tokens }),
    );
}

/// Calls `f` with the span of each paragraph of `text` that holds some of
/// its `words` (in text order, `bounds` giving each one's start and end),
/// and the range of those words.
pub(super) fn with_words<W>(
    text: &str,
    words: &[W],
    bounds: impl Fn(&W) -> (usize, usize),
    mut f: impl FnMut(Range<usize>, Range<usize>),
) {
    let mut t = 0;
    for_each_paragraph(text, |span| {
        while t < words.len() && bounds(&words[t]).0 < span.start {
            t += 1;
        }
        let first = t;
        while t < words.len() && bounds(&words[t]).1 <= span.end {
            t += 1;
        }
        if t > first {
            f(span, first..t);
        }
    });
}
