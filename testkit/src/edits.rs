//! Reprints: a wire story as one outlet publishes it, with newsroom edits.
//!
//! What an outlet does to wire copy, each step drawn at random:
//!
//! - **Selection.** It keeps a target fraction of the body (drawn between
//!   `min_kept` and 1, with a third of reprints near-complete): a prefix of
//!   the paragraphs, a random subset in order, or a prefix with one block of
//!   paragraphs moved to the end. The headline, caption and contributor line
//!   are kept or dropped separately; the last kept paragraph may be trimmed
//!   to its first sentence.
//! - **Structure.** Paragraphs are split in two at a sentence boundary, or
//!   two neighbours merged.
//! - **Words.** Content words substituted, one person's name spelt
//!   differently throughout (Zelensky / Zelenskyy), `Mr` or a title put
//!   before surnames, some figures changed, straight or curly quotes,
//!   British spellings, the dateline kept, stripped of its wire tag, or cut.
//! - **Additions.** The outlet's own paragraphs before, inside and after the
//!   wire text (text unrelated to the story, or a fresh lede about it),
//!   "READ MORE" promos, its own photo caption, and its boilerplate.
//!
//! The *kept* fraction recorded in the truth is the number of words of the
//! source paragraphs the reprint carries (edited or not) over the source's
//! words. Word edits do not lower it; they lower what an exact-match measure
//! sees, by a few shingles per edit.

use super::articles::{house_style, text_words, trailer, SourceWords, Wire};
use super::lexicon::{PERSON_TITLES, PROMOS};
use super::markov::Model;
use super::outlets::{photographer, Outlet};
use super::rng::{derive, Rng};
use super::story::{
    change_number, sentence_ends, spelling_variant, word_count, DatelineStyle, Para, Renderer,
    Story, Style, Tok, Writer,
};

/// Knobs of the reprint edits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EditParams {
    /// Lowest kept fraction of the body a reprint aims at.
    pub(crate) min_kept: f64,
    /// Multiplies the probability of every structural and word edit.
    pub(crate) edit_rate: f64,
    /// For a partial reprint, the range its target fraction of the body is
    /// drawn from (`None` for the usual mix). A partial reprint keeps a
    /// prefix of the paragraphs, or a run of them starting anywhere.
    pub(crate) partial: Option<(f64, f64)>,
}

/// One block of a reprint's body, before rendering.
enum Block {
    /// Source text (counts as kept), rendered with the reprint's edits.
    Source(Para),
    /// Fresh text about the same story (same names), not kept.
    Fresh(Para),
    /// Text unrelated to the story.
    Own(Para),
    /// Ready text.
    Text(String),
}

/// A reprint and the fraction of the source's words it kept.
pub(crate) struct Reprint {
    pub(crate) text: String,
    pub(crate) kept: f64,
}

/// `x` rounded to 4 decimals: the truth's precision (word counts are
/// approximate anyway), and short in JSON.
pub(crate) fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

fn p(rate: f64, edit_rate: f64) -> f64 {
    (rate * edit_rate).clamp(0.0, 1.0)
}

/// Builds one outlet's reprint of `story`.
pub(crate) fn reprint(
    model: &Model,
    story: &Story,
    wire: Wire,
    outlet: &Outlet,
    rng: &mut Rng,
    own_key: u64,
    params: EditParams,
) -> Reprint {
    let er = params.edit_rate;
    let words = SourceWords::of(model, story, wire);
    let total = words.total().max(1);
    let body_total: usize = words.body.iter().sum();
    let n = story.paras.len();

    // Selection.
    let (f, mode) = if let Some((lo, hi)) = params.partial {
        let f = rng.uniform(lo.clamp(0.0, 1.0), hi.clamp(lo, 1.0));
        (f, if rng.chance(0.5) { 0 } else { 3 })
    } else {
        let lo = params.min_kept.clamp(0.0, 1.0);
        let f = if rng.chance(0.3) || lo >= 0.9 {
            rng.uniform(lo.max(0.9), 1.0)
        } else {
            rng.uniform(lo, 0.9)
        };
        (f, rng.weighted(&[0.55, 0.25, 0.2]))
    };
    let mut sel: Vec<usize> = if mode == 1 {
        (0..n).filter(|_| rng.chance(f)).collect()
    } else {
        // A run of paragraphs from the first (modes 0 and 2) or from
        // anywhere (mode 3, partial reprints only).
        let first = if mode == 3 { rng.below(n) } else { 0 };
        let target = f * body_total as f64;
        // A partial reprint keeps at least the low end of its range.
        let floor = params.partial.map_or(0.0, |(lo, _)| lo * body_total as f64);
        let mut acc = 0.0;
        let mut k = first;
        while k < n && (acc < floor || acc + words.body[k] as f64 / 2.0 < target) {
            acc += words.body[k] as f64;
            k += 1;
        }
        if mode == 3 && k == first {
            acc += words.body[k] as f64;
            k += 1;
        }
        // A run that met the end of the story too soon grows backwards.
        let mut first = first;
        while acc < floor && first > 0 {
            first -= 1;
            acc += words.body[first] as f64;
        }
        (first..k).collect()
    };
    if sel.is_empty() {
        sel.push(0);
    }
    if mode == 2 && sel.len() >= 5 {
        let len = rng.range(2, 3);
        let a = rng.range(1, sel.len() - len - 1);
        sel[a..].rotate_left(len);
    }
    let keep_headline = rng.chance(0.55);
    let keep_caption = story.caption.is_some() && rng.chance(0.3);
    let keep_trailer = sel.last() == Some(&(n - 1)) && rng.chance(0.5);

    let mut blocks: Vec<Block> = sel
        .iter()
        .map(|&i| Block::Source(story.paras[i].clone()))
        .collect();
    // Trimmed tail (not of a partial reprint, which keeps whole paragraphs).
    if rng.chance(0.3) && params.partial.is_none() {
        if let Some(Block::Source(last)) = blocks.last_mut() {
            let ends = sentence_ends(model, last);
            if ends.len() >= 2 {
                last.truncate(ends[0]);
            }
        }
    }
    // Splits and merges.
    let mut i = 0;
    while i < blocks.len() {
        if let Block::Source(para) = &blocks[i] {
            let ends = sentence_ends(model, para);
            if ends.len() >= 2 && rng.chance(p(0.12, er)) {
                let at = ends[rng.below(ends.len() - 1)];
                let tail = para[at..].to_vec();
                if let Block::Source(para) = &mut blocks[i] {
                    para.truncate(at);
                }
                blocks.insert(i + 1, Block::Source(tail));
                i += 2;
                continue;
            }
        }
        if i + 1 < blocks.len()
            && matches!(
                (&blocks[i], &blocks[i + 1]),
                (Block::Source(_), Block::Source(_))
            )
            && rng.chance(p(0.06, er))
        {
            if let Block::Source(next) = blocks.remove(i + 1) {
                if let Block::Source(para) = &mut blocks[i] {
                    para.extend(next);
                }
            }
        }
        i += 1;
    }
    let mut kept_words: usize = blocks
        .iter()
        .map(|b| match b {
            Block::Source(para) => word_count(model, para),
            _ => 0,
        })
        .sum();

    // Own material.
    let mut w = Writer::new(model);
    let own = |w: &mut Writer<'_>, rng: &mut Rng| Block::Own(w.paragraph(rng, 0.1));
    if rng.chance(0.2) {
        let lede = if rng.chance(0.5) {
            Block::Fresh(w.paragraph(rng, 0.0))
        } else {
            own(&mut w, rng)
        };
        blocks.insert(0, lede);
    }
    let inside = rng.below(3);
    for _ in 0..inside {
        let at = rng.range(1, blocks.len());
        let b = own(&mut w, rng);
        blocks.insert(at, b);
    }
    if rng.chance(0.3) && blocks.len() > 2 {
        let at = rng.range(1, blocks.len() - 1);
        let promo = rng.pick(PROMOS).copied().unwrap_or("READ MORE:");
        let headline = w.headline(rng);
        blocks.insert(at, Block::Text(promo.replace("{outlet}", &outlet.name)));
        blocks.insert(at + 1, Block::Own(headline));
    }
    if rng.chance(0.6) {
        for _ in 0..rng.range(1, 6) {
            let b = own(&mut w, rng);
            blocks.push(b);
        }
    }

    // Word-level edits of the source text.
    let mut style = Style {
        substitute_rate: p(rng.uniform(0.0, 0.03), er),
        dateline: match rng.weighted(&[0.3, 0.3, 0.4]) {
            0 => DatelineStyle::Full,
            1 => DatelineStyle::NoTag,
            _ => DatelineStyle::Omit,
        },
        ..house_style(outlet, wire)
    };
    if style.honorific.is_none() && rng.chance(p(0.3, er)) {
        style.honorific = rng.pick(PERSON_TITLES).copied();
    }
    style.honorific_rate = if style.honorific.is_some() {
        p(rng.uniform(0.2, 0.8), er)
    } else {
        0.0
    };
    let src_renderer_base = Renderer {
        model,
        key: story.key,
        content_key: story.key,
        numbers: &story.numbers,
        style: &style,
    };
    if rng.chance(p(0.35, er)) {
        let present: Vec<u32> = model
            .people
            .iter()
            .map(|&(_, last)| last)
            .filter(|&last| {
                blocks.iter().any(|b| match b {
                    Block::Source(para) => para.contains(&Tok::W(last)),
                    _ => false,
                })
            })
            .collect();
        if let Some(&last) = rng.pick(&present) {
            let variant = spelling_variant(&src_renderer_base.story_name(last), rng);
            style.variants.push((last, variant));
        }
    }
    for b in &blocks {
        if let Block::Source(para) = b {
            for t in para {
                if let Tok::Num(i) = *t {
                    if rng.chance(p(0.08, er)) {
                        if let Some(old) = story.numbers.get(i as usize) {
                            let new = change_number(old, rng);
                            style.changed_numbers.push((i, new));
                        }
                    }
                }
            }
        }
    }

    // Headline and caption.
    let headline = if keep_headline {
        kept_words += words.headline;
        Block::Source(story.headline.clone())
    } else {
        Block::Fresh(w.headline(rng))
    };
    let caption = if keep_caption {
        kept_words += words.caption;
        story.caption.clone().map(|c| (c, true))
    } else if rng.chance(0.4) {
        let mut c = Vec::new();
        w.sentence(rng, 8, 20, &mut c);
        Some((c, false))
    } else {
        None
    };
    let trailer_text = if keep_trailer {
        let t = trailer(story);
        kept_words += t.as_deref().map_or(0, text_words);
        t
    } else {
        None
    };

    // Rendering.
    let plain = house_style(outlet, wire);
    let src = Renderer {
        model,
        key: story.key,
        content_key: story.key,
        numbers: &story.numbers,
        style: &style,
    };
    let fresh = Renderer {
        model,
        key: story.key,
        content_key: derive(own_key, &[31]),
        numbers: &w.numbers,
        style: &plain,
    };
    let own_r = Renderer {
        model,
        key: own_key,
        content_key: own_key,
        numbers: &w.numbers,
        style: &plain,
    };
    let render = |b: &Block, rng: &mut Rng| -> String {
        let mut s = String::new();
        match b {
            Block::Source(para) => src.render(para, rng, &mut s),
            Block::Fresh(para) => fresh.render(para, rng, &mut s),
            Block::Own(para) => own_r.render(para, rng, &mut s),
            Block::Text(t) => s.push_str(t),
        }
        s
    };
    let mut body = Vec::with_capacity(blocks.len() + 3);
    body.push(render(&headline, rng));
    if let Some((c, from_source)) = caption {
        let mut s = if from_source {
            render(&Block::Source(c), rng)
        } else {
            render(&Block::Fresh(c), rng)
        };
        s.push(' ');
        s.push_str(&outlet.credit(&photographer(story.key), wire.name));
        body.push(s);
    }
    for b in &blocks {
        body.push(render(b, rng));
    }
    if let Some(t) = trailer_text {
        body.push(t);
    }
    let text = outlet.wrap(&body, Some(outlet.files_from(wire.name)));
    Reprint {
        text,
        kept: round4((kept_words as f64 / total as f64).min(1.0)),
    }
}
