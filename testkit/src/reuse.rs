//! Reuse that is not a wire story's reprint: briefs, passages pasted into
//! long documents, follow-ups sharing a background paragraph, and reports
//! written from a template.
//!
//! - **Briefs.** A wire item of 20–60 words (a headline and one or two
//!   sentences), reprinted whole by several outlets with at most two word
//!   edits (a typo, a changed word), bare or in the outlet's boilerplate.
//! - **Pasted passages.** A passage of a given number of words pasted
//!   between the paragraphs of two or more long, otherwise unrelated
//!   articles of different outlets.
//! - **Follow-ups.** A wire story and a later story by the same wire about
//!   the same people that repeats one paragraph of the first verbatim, as
//!   background: a shared passage, not a reprint.
//! - **Templates.** An outlet's recurring report (weekly markets, weather):
//!   the same text each time, with other figures and names.

use super::articles::{house_style, own_body, text_words, wire_text, Wire};
use super::markov::Model;
use super::outlets::Outlet;
use super::rng::{derive, Rng};
use super::story::{fresh_number, generate_story, Para, Renderer, Style, Tok, Writer};

/// Renders text of the story with key `key`: its names and its words.
fn renderer<'a>(
    model: &'a Model,
    key: u64,
    numbers: &'a [String],
    style: &'a Style,
) -> Renderer<'a> {
    Renderer {
        model,
        key,
        content_key: key,
        numbers,
        style,
    }
}

/// Words a brief has at least, headline and dateline included.
pub(crate) const BRIEF_MIN_WORDS: usize = 20;
/// Words a brief has at most.
pub(crate) const BRIEF_MAX_WORDS: usize = 60;

/// A wire brief of 20–60 words (counted as [`text_words`] counts them): a
/// headline and one paragraph of one or two sentences after the dateline.
pub(crate) fn brief(model: &Model, key: u64, rng: &mut Rng, wire: Wire) -> String {
    let mut last = String::new();
    for _ in 0..200 {
        let mut w = Writer::new(model);
        let target = rng.range(BRIEF_MIN_WORDS, BRIEF_MAX_WORDS);
        let headline = w.headline(rng);
        let mut para: Para = vec![Tok::Dateline];
        // About 12 words go to the headline and 4 to the dateline.
        let rest = target.saturating_sub(16).max(6);
        if rest >= 16 && rng.chance(0.5) {
            w.sentence(rng, 6, rest / 2, &mut para);
            w.sentence(rng, 6, rest - rest / 2, &mut para);
        } else {
            w.sentence(rng, rest.saturating_sub(6).max(6), rest, &mut para);
        }
        // Rendered as the wire renders stories, without the contributor
        // line a story of this key might have.
        let style = Style::wire(wire.tag);
        let r = renderer(model, key, &w.numbers, &style);
        let mut render_rng = Rng::new(key, &[]);
        last.clear();
        r.render(&headline, &mut render_rng, &mut last);
        last.push_str("\n\n");
        r.render(&para, &mut render_rng, &mut last);
        if (BRIEF_MIN_WORDS..=BRIEF_MAX_WORDS).contains(&text_words(&last)) {
            break;
        }
    }
    last
}

/// Byte ranges of the words of `text` (alphanumeric runs, as
/// [`text_words`] counts them).
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// `text` with `edits` word edits: a typo (two letters swapped, or one
/// doubled) or a word changed for another of the vocabulary. Only words of
/// four or more ASCII letters are edited, each at most once.
pub(crate) fn edit_words(model: &Model, text: &str, edits: usize, rng: &mut Rng) -> String {
    let mut spans: Vec<(usize, usize)> = word_spans(text)
        .into_iter()
        .filter(|&(a, b)| b - a >= 4 && text[a..b].bytes().all(|c| c.is_ascii_alphabetic()))
        .collect();
    let mut chosen = Vec::with_capacity(edits);
    for _ in 0..edits {
        if spans.is_empty() {
            break;
        }
        chosen.push(spans.swap_remove(rng.below(spans.len())));
    }
    chosen.sort_unstable();
    let mut out = String::with_capacity(text.len() + 8);
    let mut at = 0;
    for (a, b) in chosen {
        out.push_str(&text[at..a]);
        let word = &text[a..b];
        let bytes = word.as_bytes();
        if rng.chance(0.5) {
            // A typo inside the word: swap two different neighbours, or
            // double a letter when they are the same.
            let i = rng.range(1, bytes.len() - 2);
            let mut typo = bytes.to_vec();
            if typo[i] != typo[i + 1] {
                typo.swap(i, i + 1);
            } else {
                typo.insert(i, typo[i]);
            }
            out.push_str(&String::from_utf8_lossy(&typo));
        } else {
            // Another single word (one alphanumeric run, so that the word
            // count stays).
            let other = (0..16)
                .filter_map(|_| {
                    let group = &model.groups[rng.below(model.groups.len())];
                    rng.pick(group)
                        .map(|&id| model.vocab[id as usize].text.as_str())
                })
                .find(|w| {
                    !w.is_empty()
                        && w.chars().all(char::is_alphabetic)
                        && !w.eq_ignore_ascii_case(word)
                })
                .unwrap_or("reportedly");
            out.push_str(other);
        }
        at = b;
    }
    out.push_str(&text[at..]);
    out
}

/// An outlet's copy of a brief: the brief with `edits` word edits, bare or
/// (half the time) in the outlet's boilerplate with its "With files from"
/// line.
pub(crate) fn brief_reprint(
    model: &Model,
    brief: &str,
    wire: Wire,
    outlet: &Outlet,
    edits: usize,
    rng: &mut Rng,
) -> String {
    let text = edit_words(model, brief, edits, rng);
    if rng.chance(0.5) {
        let paras: Vec<String> = text.split("\n\n").map(str::to_string).collect();
        outlet.wrap(&paras, Some(outlet.files_from(wire.name)))
    } else {
        text
    }
}

/// `text` cut after its `words`-th word, with a period if the cut left none.
fn cut_words(text: &str, words: usize) -> String {
    let spans = word_spans(text);
    let Some(&(_, end)) = spans.get(words.wrapping_sub(1)) else {
        return text.to_string();
    };
    let mut out = text[..end].to_string();
    out.push('.');
    out
}

/// A passage of exactly `words` words (as [`text_words`] counts them), in
/// paragraphs, about a subject of its own.
pub(crate) fn passage(model: &Model, key: u64, rng: &mut Rng, words: usize) -> Vec<String> {
    let mut w = Writer::new(model);
    let mut paras: Vec<Para> = Vec::new();
    let mut count = 0;
    let style = Style::wire("");
    let mut out: Vec<String> = Vec::new();
    while count < words {
        paras.push(w.paragraph(rng, 0.1));
        let r = renderer(model, key, &w.numbers, &style);
        let mut s = String::new();
        if let Some(p) = paras.last() {
            r.render(p, rng, &mut s);
        }
        let n = text_words(&s);
        if count + n > words {
            s = cut_words(&s, words - count);
        }
        count += text_words(&s);
        out.push(s);
    }
    out
}

/// A long article of an outlet's own with `passage` pasted between two of
/// its paragraphs: the text and the passage's byte range in it.
pub(crate) fn host_article(
    model: &Model,
    key: u64,
    outlet: &Outlet,
    rng: &mut Rng,
    paragraphs: usize,
    passage: &[String],
) -> (String, (usize, usize)) {
    let mut body = own_body(model, key, outlet, rng, paragraphs);
    let at = rng.range(1, body.len());
    body.splice(at..at, passage.iter().cloned());
    let (text, spans) = outlet.wrap_spans(&body, None);
    let range = (spans[at].0, spans[at + passage.len() - 1].1);
    (text, range)
}

/// A wire story and its follow-up: both texts, the byte range of the
/// shared background paragraph in each, and its words.
pub(crate) struct FollowUp {
    pub(crate) first: String,
    pub(crate) second: String,
    pub(crate) first_range: (usize, usize),
    pub(crate) second_range: (usize, usize),
    pub(crate) words: usize,
}

/// Byte range of paragraph `i` of a text whose paragraphs are separated by
/// blank lines.
fn para_range(paras: &[&str], i: usize) -> (usize, usize) {
    let start: usize = paras[..i].iter().map(|p| p.len() + 2).sum();
    (start, start + paras[i].len())
}

/// A wire story of `paragraphs` paragraphs, and a later story of the same
/// wire about the same people and place (fresh sentences) that repeats one
/// of the first story's body paragraphs verbatim as background.
pub(crate) fn follow_up(
    model: &Model,
    key: u64,
    rng: &mut Rng,
    wire: Wire,
    paragraphs: usize,
) -> FollowUp {
    let story = generate_story(model, key, rng, paragraphs, true, false);
    let first = wire_text(model, &story, wire);
    let first_paras: Vec<&str> = first.split("\n\n").collect();
    // Background: a body paragraph after the lede (paragraph 0 is the
    // headline, 1 the lede), preferring one of 20 words or more.
    let body = 2..1 + story.paras.len();
    let long: Vec<usize> = body
        .clone()
        .filter(|&i| text_words(first_paras[i]) >= 20)
        .collect();
    let pool: Vec<usize> = if long.is_empty() {
        body.collect()
    } else {
        long
    };
    let bg = rng.pick(&pool).copied().unwrap_or(1);
    let background = first_paras[bg].to_string();

    let mut w = Writer::new(model);
    let mut paras: Vec<Para> = vec![w.headline(rng)];
    let mut lede = vec![Tok::Dateline];
    w.sentence(rng, 12, 34, &mut lede);
    paras.push(lede);
    for _ in 0..rng.range(3, paragraphs.max(4)) {
        paras.push(w.paragraph(rng, 0.12));
    }
    let style = Style::wire(wire.tag);
    let r = Renderer {
        model,
        key,
        content_key: derive(key, &[40]),
        numbers: &w.numbers,
        style: &style,
    };
    let mut texts: Vec<String> = paras
        .iter()
        .map(|p| {
            let mut s = String::new();
            r.render(p, rng, &mut s);
            s
        })
        .collect();
    let at = rng.range(2, texts.len());
    texts.insert(at, background);
    let second = texts.join("\n\n");
    let second_paras: Vec<&str> = second.split("\n\n").collect();
    FollowUp {
        first_range: para_range(&first_paras, bg),
        second_range: para_range(&second_paras, at),
        words: text_words(first_paras[bg]),
        first,
        second,
    }
}

/// A recurring report of `outlet`: a short text rendered `instances` times
/// with other figures and other names (same words otherwise). Each instance
/// with the byte range of its report text (headline to last paragraph,
/// without the outlet's boilerplate).
pub(crate) fn template_reports(
    model: &Model,
    key: u64,
    outlet: &Outlet,
    rng: &mut Rng,
    instances: usize,
) -> Vec<(String, (usize, usize))> {
    let paragraphs = rng.range(3, 6);
    let story = generate_story(model, key, rng, paragraphs, false, false);
    let style = house_style(outlet, Wire::nth(0));
    (0..instances)
        .map(|i| {
            let numbers: Vec<String> = story.numbers.iter().map(|n| fresh_number(n, rng)).collect();
            let r = Renderer {
                model,
                key: derive(key, &[50, i as u64]),
                content_key: key,
                numbers: &numbers,
                style: &style,
            };
            let body: Vec<String> = std::iter::once(&story.headline)
                .chain(&story.paras)
                .map(|p| {
                    let mut s = String::new();
                    r.render(p, rng, &mut s);
                    s
                })
                .collect();
            let (text, spans) = outlet.wrap_spans(&body, None);
            let range = (spans[0].0, spans[spans.len() - 1].1);
            (text, range)
        })
        .collect()
}
