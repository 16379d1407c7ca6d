//! The real seed story: the five seed articles as story 0.

use std::sync::OnceLock;

use super::{GeneratedDoc, Role};
use crate::edits::round4;
use crate::lexicon::SEEDS;
use reprint::{Shingler, Tokenizer};

/// The seed articles as documents of story 0, published on their day.
pub(super) fn seed_docs(base: i64) -> Vec<GeneratedDoc> {
    let kept = seed_kept();
    let wire = SEEDS[0].id.to_string();
    // Hours after `base` (09:00 UTC on the start day by default).
    let offsets = [5, 7, 4, 9, 8];
    SEEDS
        .iter()
        .zip(offsets)
        .enumerate()
        .map(|(i, (s, h))| GeneratedDoc {
            id: s.id.to_string(),
            text: s.text.to_string(),
            outlet: s.outlet.to_string(),
            published: base.saturating_add(h * 3600),
            role: match i {
                0 => Role::Wire { story: 0 },
                1 => Role::Reprint {
                    story: 0,
                    source: wire.clone(),
                    kept: kept[0],
                    brief_edits: None,
                },
                3 => Role::Reprint {
                    story: 0,
                    source: wire.clone(),
                    kept: kept[1],
                    brief_edits: None,
                },
                _ => Role::Rival {
                    story: 0,
                    source: wire.clone(),
                },
            },
            passages: Vec::new(),
            ocr_edits: 0,
        })
        .collect()
}

/// Kept fractions of the real reprints 001 and 003 of seed 000: the words
/// of 000's paragraphs that the reprint carries, a paragraph counting as
/// carried when at least half of its word 3-shingles occur in the reprint.
fn seed_kept() -> [f64; 2] {
    static KEPT: OnceLock<[f64; 2]> = OnceLock::new();
    *KEPT.get_or_init(|| {
        let tok = Tokenizer::new();
        let Ok(sh) = Shingler::new(3) else {
            return [0.0; 2];
        };
        let src_text = SEEDS[0].text;
        let src = tok.analyze(src_text);
        let kept_of = |reprint: &str| -> f64 {
            let rep = sh.shingle_set(&tok.tokenize(reprint));
            let mut kept = 0usize;
            for i in 0..src.paragraphs.len() {
                let toks = src.paragraph_tokens(i);
                let set = sh.shingle_set(toks);
                let found = set.iter().filter(|h| rep.binary_search(h).is_ok()).count();
                if found * 2 >= set.len() {
                    kept += toks.len();
                }
            }
            round4(kept as f64 / src.tokens.len().max(1) as f64)
        };
        [kept_of(SEEDS[1].text), kept_of(SEEDS[3].text)]
    })
}
