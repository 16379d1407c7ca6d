//! Step 5 of the alignment: the word diff of a block of derived reprint
//! paragraphs against their source paragraphs, refined where a replaced
//! run is short enough to compare word by word.

use std::ops::Range;

use super::words::{self, Hunk};
use super::{EditKind, Span, WordEdit};
use crate::text::{normalize, Analysis, Token};

/// Refinement of a replaced run compares every word pair; above this many
/// pairs the run is reported as one substitution.
const MAX_REFINE_CELLS: usize = 4096;

/// Both texts, their analyses, and their tokens' word ids.
pub(super) struct Texts<'a> {
    pub(super) source_text: &'a str,
    pub(super) source: &'a Analysis,
    pub(super) reprint_text: &'a str,
    pub(super) reprint: &'a Analysis,
    pub(super) source_ids: Vec<u32>,
    pub(super) reprint_ids: Vec<u32>,
    pub(super) num_ids: usize,
}

/// The diff results of one reprint paragraph.
#[derive(Default)]
pub(super) struct ParaResult {
    pub(super) edits: Vec<WordEdit>,
    /// Reprint words matched to source words.
    pub(super) matched: usize,
    /// Source words in this paragraph's edits.
    pub(super) replaced: usize,
    /// Global index of the first matched source token, in reprint order.
    pub(super) key: Option<usize>,
}

/// One side of a block: the global indexes of its tokens, and for each the
/// block piece (paragraph) it belongs to.
pub(super) struct Side {
    pub(super) idx: Vec<usize>,
    pub(super) piece: Vec<usize>,
}

impl Side {
    fn new(analysis: &Analysis, paragraphs: &[usize]) -> Self {
        let mut side = Side {
            idx: Vec::new(),
            piece: Vec::new(),
        };
        for (piece, &p) in paragraphs.iter().enumerate() {
            for i in analysis.paragraphs[p].tokens.clone() {
                if i < analysis.tokens.len() {
                    side.idx.push(i);
                    side.piece.push(piece);
                }
            }
        }
        side
    }

    /// Splits `range` where it crosses from one piece to the next.
    fn cut(&self, range: &Range<usize>) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = range.start;
        for x in range.start + 1..range.end {
            if self.piece[x] != self.piece[x - 1] {
                out.push(start..x);
                start = x;
            }
        }
        if start < range.end {
            out.push(start..range.end);
        }
        out
    }
}

/// Diffs the reprint paragraphs `reprints` (consecutive pieces, or one
/// paragraph) against the source paragraphs `sources` concatenated in the
/// given order; returns one result per reprint paragraph.
pub(super) fn diff_block(
    t: &Texts<'_>,
    reprints: &[usize],
    sources: &[usize],
    reused: &mut [bool],
) -> Vec<ParaResult> {
    let src = Side::new(t.source, sources);
    let rep = Side::new(t.reprint, reprints);
    let a: Vec<u32> = src.idx.iter().map(|&i| t.source_ids[i]).collect();
    let b: Vec<u32> = rep.idx.iter().map(|&i| t.reprint_ids[i]).collect();
    let mut out: Vec<ParaResult> = reprints.iter().map(|_| ParaResult::default()).collect();
    let block = Block {
        s_tok: src.idx.iter().map(|&i| t.source.tokens[i]).collect(),
        r_tok: rep.idx.iter().map(|&i| t.reprint.tokens[i]).collect(),
        src,
        rep,
    };
    let (mut x, mut y) = (0, 0);
    for (h, rewrite) in words::absorb_short_equalities(words::diff_ids(&a, &b, t.num_ids)) {
        block.record_equal(x..h.a.start, y..h.b.start, &mut out, reused);
        // Spelling variants are looked for in light edits only: inside a
        // rewritten sentence, two words that look alike do so by chance.
        let subs = if rewrite {
            vec![h.clone()]
        } else {
            refine(t, &block, &h)
        };
        for sub in subs {
            block.push_edit(&sub, &mut out);
        }
        x = h.a.end;
        y = h.b.end;
    }
    block.record_equal(x..a.len(), y..b.len(), &mut out, reused);
    out
}

/// The two sides of a block with their tokens.
pub(super) struct Block {
    pub(super) src: Side,
    pub(super) rep: Side,
    pub(super) s_tok: Vec<Token>,
    pub(super) r_tok: Vec<Token>,
}

impl Block {
    /// Counts matched pairs (the gaps between hunks).
    fn record_equal(
        &self,
        x: Range<usize>,
        y: Range<usize>,
        out: &mut [ParaResult],
        reused: &mut [bool],
    ) {
        for (i, j) in x.zip(y) {
            let res = &mut out[self.rep.piece[j]];
            res.matched += 1;
            res.key.get_or_insert(self.src.idx[i]);
            if let Some(bit) = reused.get_mut(self.src.idx[i]) {
                *bit = true;
            }
        }
    }

    /// The source span of block positions `a`: the words, or the position
    /// after the word before (an insertion point).
    fn source_span(&self, a: &Range<usize>) -> Span {
        span_of(&self.s_tok, a)
    }

    /// Records one hunk as word edits. Each side is cut where it crosses a
    /// paragraph boundary, and the parts are paired in order, so every edit
    /// lies within one source and one reprint paragraph; a part left over on
    /// one side becomes an insertion or deletion. A deletion belongs to the
    /// reprint paragraph of the word before it (the first paragraph at the
    /// start of the block).
    fn push_edit(&self, h: &Hunk, out: &mut [ParaResult]) {
        let a_parts = self.src.cut(&h.a);
        let b_parts = self.rep.cut(&h.b);
        for k in 0..a_parts.len().max(b_parts.len()) {
            let a = a_parts.get(k).cloned().unwrap_or(h.a.end..h.a.end);
            let b = b_parts.get(k).cloned().unwrap_or(h.b.end..h.b.end);
            if a.is_empty() && b.is_empty() {
                continue;
            }
            let piece = if !b.is_empty() {
                self.rep.piece[b.start]
            } else if b.start > 0 {
                self.rep.piece[b.start - 1]
            } else if let Some(&p) = self.rep.piece.first() {
                p
            } else {
                return;
            };
            let kind = match (a.is_empty(), b.is_empty()) {
                (true, _) => EditKind::Insert,
                (_, true) => EditKind::Delete,
                _ => EditKind::Substitute,
            };
            let res = &mut out[piece];
            res.replaced += a.len();
            res.edits.push(WordEdit {
                kind,
                source: self.source_span(&a),
                reprint: span_of(&self.r_tok, &b),
                source_words: a.len(),
                reprint_words: b.len(),
            });
        }
    }
}

/// The byte span of `tokens[range]`; for an empty range, the position just
/// after the token before it (or before the first token).
pub(super) fn span_of(tokens: &[Token], range: &Range<usize>) -> Span {
    if !range.is_empty() {
        return Span {
            start: tokens[range.start].start,
            end: tokens[range.end - 1].end,
        };
    }
    let at = if range.start > 0 {
        tokens[range.start - 1].end
    } else {
        tokens.first().map_or(0, |t| t.start)
    };
    Span { start: at, end: at }
}

/// Splits a replacement into word substitutions where words on the two
/// sides are spelling variants (see [`words::refine`]).
pub(super) fn refine(t: &Texts<'_>, block: &Block, h: &Hunk) -> Vec<Hunk> {
    if h.a.is_empty() || h.b.is_empty() || h.a.len() * h.b.len() > MAX_REFINE_CELLS {
        return vec![h.clone()];
    }
    let word = |text: &str, tok: &Token| -> Vec<char> {
        normalize(text.get(tok.span()).unwrap_or(""))
            .chars()
            .collect()
    };
    let sa: Vec<Vec<char>> = block.s_tok[h.a.clone()]
        .iter()
        .map(|tok| word(t.source_text, tok))
        .collect();
    let sb: Vec<Vec<char>> = block.r_tok[h.b.clone()]
        .iter()
        .map(|tok| word(t.reprint_text, tok))
        .collect();
    words::refine(sa.len(), sb.len(), MAX_REFINE_CELLS, |i, j| {
        words::spelling_variants(&sa[i], &sb[j])
    })
    .into_iter()
    .map(|sub| Hunk {
        a: h.a.start + sub.a.start..h.a.start + sub.a.end,
        b: h.b.start + sub.b.start..h.b.start + sub.b.end,
    })
    .collect()
}
