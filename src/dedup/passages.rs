//! Cutting a document into passages: the units the LSH index stores.
//!
//! Passages follow paragraphs, because that is the unit outlets copy: a
//! paragraph shorter than `min_words` is merged with the paragraphs after it
//! until the passage is long enough; one longer than `max_words` is cut into
//! windows of `max_words` words (the last window takes the remainder if that
//! is shorter than `min_words`). A short tail at the end of the document
//! joins the passage before it.

use std::ops::Range;

use crate::text::Analysis;

/// Token ranges of the passages of an analyzed text, in order, covering every
/// token of every paragraph exactly once.
pub(crate) fn passages(doc: &Analysis, min_words: usize, max_words: usize) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut pending: Option<Range<usize>> = None;
    for p in &doc.paragraphs {
        let cur = match pending.take() {
            Some(r) => r.start..p.tokens.end,
            None => p.tokens.clone(),
        };
        if cur.len() < min_words {
            pending = Some(cur);
            continue;
        }
        cut(cur, min_words, max_words, &mut out);
    }
    if let Some(tail) = pending {
        match out.last_mut() {
            Some(last) if last.end == tail.start && last.len() + tail.len() <= max_words => {
                last.end = tail.end
            }
            _ => out.push(tail),
        }
    }
    out
}

fn cut(r: Range<usize>, min_words: usize, max_words: usize, out: &mut Vec<Range<usize>>) {
    let mut start = r.start;
    while r.end - start > max_words {
        let rest = r.end - start - max_words;
        if rest < min_words {
            break;
        }
        out.push(start..start + max_words);
        start += max_words;
    }
    out.push(start..r.end);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Tokenizer;

    fn para(n: usize) -> String {
        (0..n)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn lens(paras: &[usize], min: usize, max: usize) -> Vec<usize> {
        let text = paras
            .iter()
            .map(|&n| para(n))
            .collect::<Vec<_>>()
            .join("\n\n");
        let doc = Tokenizer::new().analyze(&text);
        let ps = passages(&doc, min, max);
        // Contiguous and complete.
        let mut at = 0;
        for p in &ps {
            assert_eq!(p.start, at);
            at = p.end;
        }
        assert_eq!(at, doc.tokens.len());
        ps.iter().map(|r| r.len()).collect()
    }

    #[test]
    fn merges_short_and_cuts_long() {
        assert_eq!(lens(&[30, 30], 20, 80), [30, 30]);
        assert_eq!(lens(&[5, 30, 30], 20, 80), [35, 30]);
        assert_eq!(lens(&[30, 5], 20, 80), [35]);
        assert_eq!(lens(&[200], 20, 80), [80, 80, 40]);
        assert_eq!(lens(&[170], 20, 80), [80, 90]);
        assert_eq!(lens(&[5, 5], 20, 80), [10]);
        assert_eq!(lens(&[80, 10], 20, 80), [80, 10]);
        assert!(lens(&[], 20, 80).is_empty());
    }
}
