//! Whole articles: wire copy, rival reports and outlets' own articles.
//! (Reprints, the edited copies of wire stories, are in `edits.rs`.)

use super::lexicon::WIRES;
use super::markov::Model;
use super::outlets::{photographer, Outlet};
use super::rng::{derive, Rng};
use super::story::{generate_story, name, word_count, Para, Renderer, Story, Style, Writer};

/// A wire agency.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wire {
    pub(crate) name: &'static str,
    pub(crate) tag: &'static str,
}

impl Wire {
    /// Wire agency number `i` (modulo the number of agencies).
    pub(crate) fn nth(i: usize) -> Wire {
        let (name, tag) = WIRES[i % WIRES.len()];
        Wire { name, tag }
    }
}

/// The wire's photo credit: `(Photographer/Wire)`.
pub(crate) fn wire_credit(story: &Story, wire: Wire) -> String {
    format!("({}/{})", photographer(story.key), wire.name)
}

/// The line crediting a second reporter, present in some wire stories.
pub(crate) fn trailer(story: &Story) -> Option<String> {
    derive(story.key, &[21]).is_multiple_of(3).then(|| {
        format!(
            "{} {} in {} contributed to this report.",
            name(derive(story.key, &[22, 0])),
            name(derive(story.key, &[22, 1])),
            name(derive(story.key, &[22, 2])),
        )
    })
}

/// Number of words in plain text (alphanumeric runs, as the tokenizer
/// roughly counts them).
pub(crate) fn text_words(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
}

/// The source text's word counts: (headline, caption, body paragraphs,
/// trailer).
pub(crate) struct SourceWords {
    pub(crate) headline: usize,
    pub(crate) caption: usize,
    pub(crate) body: Vec<usize>,
    pub(crate) trailer: usize,
}

impl SourceWords {
    pub(crate) fn of(model: &Model, story: &Story, wire: Wire) -> Self {
        SourceWords {
            headline: word_count(model, &story.headline),
            caption: story.caption.as_ref().map_or(0, |c| {
                word_count(model, c) + text_words(&wire_credit(story, wire))
            }),
            body: story.paras.iter().map(|p| word_count(model, p)).collect(),
            trailer: trailer(story).map_or(0, |t| text_words(&t)),
        }
    }

    pub(crate) fn total(&self) -> usize {
        self.headline + self.caption + self.body.iter().sum::<usize>() + self.trailer
    }
}

/// The wire copy of `story`: headline, caption, dateline and body, trailer.
pub(crate) fn wire_text(model: &Model, story: &Story, wire: Wire) -> String {
    let style = Style::wire(wire.tag);
    let r = Renderer {
        model,
        key: story.key,
        content_key: story.key,
        numbers: &story.numbers,
        style: &style,
    };
    let mut rng = Rng::new(story.key, &[]);
    let mut out = String::with_capacity(story.paras.len() * 240);
    r.render(&story.headline, &mut rng, &mut out);
    if let Some(c) = &story.caption {
        out.push_str("\n\n");
        r.render(c, &mut rng, &mut out);
        out.push(' ');
        out.push_str(&wire_credit(story, wire));
    }
    for p in &story.paras {
        out.push_str("\n\n");
        r.render(p, &mut rng, &mut out);
    }
    if let Some(t) = trailer(story) {
        out.push_str("\n\n");
        out.push_str(&t);
    }
    out
}

/// The house style of an outlet, without reprint edits.
pub(crate) fn house_style(outlet: &Outlet, wire: Wire) -> Style {
    Style {
        curly: outlet.curly,
        honorific: outlet.honorific,
        honorific_rate: if outlet.honorific.is_some() { 0.5 } else { 0.0 },
        uk: outlet.uk,
        ..Style::wire(wire.tag)
    }
}

/// Renders paragraphs with `r`, one string each.
fn render_all(r: &Renderer<'_>, paras: &[Para], rng: &mut Rng) -> Vec<String> {
    paras
        .iter()
        .map(|p| {
            let mut s = String::new();
            r.render(p, rng, &mut s);
            s
        })
        .collect()
}

/// An independent report of the same event as `story` (same people and
/// places, fresh sentences) that quotes one short quotation of the wire
/// story, if it has any.
pub(crate) fn rival_text(
    model: &Model,
    story: &Story,
    wire: Wire,
    outlet: &Outlet,
    rng: &mut Rng,
    paragraphs: usize,
) -> String {
    let mut w = Writer::new(model);
    let mut paras: Vec<Para> = vec![w.headline(rng)];
    for _ in 0..paragraphs.max(2) {
        paras.push(w.paragraph(rng, 0.12));
    }
    let quoted_at = rng.pick(&story.quotes).map(|q| {
        let at = rng.range(2, paras.len());
        let quoted = w.paragraph_with_quote(rng, q);
        paras.insert(at, quoted);
        at
    });
    // Same people and places as the wire story (same key), but its own
    // words (another content key), except in the shared quotation.
    let style = house_style(outlet, wire);
    let own_words = Renderer {
        model,
        key: story.key,
        content_key: derive(story.key, &[30]),
        numbers: &w.numbers,
        style: &style,
    };
    let story_words = Renderer {
        content_key: story.key,
        ..own_words
    };
    let body: Vec<String> = paras
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut s = String::new();
            let r = if Some(i) == quoted_at {
                &story_words
            } else {
                &own_words
            };
            r.render(p, rng, &mut s);
            s
        })
        .collect();
    outlet.wrap(&body, None)
}

/// An outlet's own article on its own subject, with its boilerplate.
pub(crate) fn own_article(
    model: &Model,
    key: u64,
    outlet: &Outlet,
    rng: &mut Rng,
    paragraphs: usize,
) -> String {
    outlet.wrap(&own_body(model, key, outlet, rng, paragraphs), None)
}

/// The paragraphs of [`own_article`] (headline, caption, body), before the
/// outlet wraps them.
pub(crate) fn own_body(
    model: &Model,
    key: u64,
    outlet: &Outlet,
    rng: &mut Rng,
    paragraphs: usize,
) -> Vec<String> {
    let caption = rng.chance(0.4);
    let story = generate_story(model, key, rng, paragraphs, false, caption);
    let style = house_style(outlet, Wire::nth(0));
    let r = Renderer {
        model,
        key,
        content_key: key,
        numbers: &story.numbers,
        style: &style,
    };
    let mut body = Vec::with_capacity(story.paras.len() + 2);
    body.extend(render_all(&r, std::slice::from_ref(&story.headline), rng));
    if let Some(c) = &story.caption {
        let mut s = String::new();
        r.render(c, rng, &mut s);
        s.push(' ');
        s.push_str(&outlet.credit(&photographer(key), &outlet.name));
        body.push(s);
    }
    body.extend(render_all(&r, &story.paras, rng));
    body
}
