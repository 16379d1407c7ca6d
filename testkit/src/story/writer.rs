//! Generating a story's tokens: sentences from the chain, quotations with
//! their attributions, fresh figures.

use super::numbers::fresh_number;
use super::{Para, Story, Tok};
use crate::markov::{Class, Model};
use crate::rng::Rng;

/// How the text of a paragraph is generated.
pub(crate) struct Writer<'a> {
    pub(crate) model: &'a Model,
    pub(crate) numbers: Vec<String>,
    pub(crate) quotes: Vec<Para>,
    buf: Vec<u32>,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(model: &'a Model) -> Self {
        Writer {
            model,
            numbers: Vec::new(),
            quotes: Vec::new(),
            buf: Vec::new(),
        }
    }

    /// Appends chain tokens to `out`, turning figures into fresh numbers.
    fn push_tokens(&mut self, rng: &mut Rng, out: &mut Para) {
        for &id in &self.buf {
            if self.model.class(id) == Class::Number {
                let text = &self.model.vocab[id as usize].text;
                self.numbers.push(fresh_number(text, rng));
                out.push(Tok::Num(self.numbers.len() as u32 - 1));
            } else {
                out.push(Tok::W(id));
            }
        }
    }

    /// One sentence of `min..=max` words.
    pub(crate) fn sentence(&mut self, rng: &mut Rng, min: usize, max: usize, out: &mut Para) {
        self.buf.clear();
        self.model.sentence(rng, min, max, &mut self.buf);
        self.push_tokens(rng, out);
    }

    /// A headline: a short sentence without its final period.
    pub(crate) fn headline(&mut self, rng: &mut Rng) -> Para {
        let mut out = Vec::new();
        self.sentence(rng, 6, 13, &mut out);
        out.pop();
        out
    }

    /// A paragraph of 1–4 sentences, or (with probability `quote_rate`) a
    /// quotation with its attribution.
    pub(crate) fn paragraph(&mut self, rng: &mut Rng, quote_rate: f64) -> Para {
        let mut out = Vec::new();
        if rng.chance(quote_rate) && !self.model.people.is_empty() {
            self.quote_paragraph(rng, &mut out);
            if rng.chance(0.3) {
                self.sentence(rng, 6, 30, &mut out);
            }
            return out;
        }
        let n = 1 + rng.weighted(&[0.35, 0.35, 0.2, 0.1]);
        for _ in 0..n {
            self.sentence(rng, 6, 34, &mut out);
        }
        out
    }

    /// The words of a quotation: 5–14 words, no figures.
    fn quote_words(&mut self, rng: &mut Rng) -> Para {
        let m = self.model;
        for _ in 0..8 {
            self.buf.clear();
            m.sentence(rng, 5, 14, &mut self.buf);
            self.buf.pop(); // the period
            if !self.buf.iter().any(|&t| m.class(t) == Class::Number) {
                break;
            }
        }
        self.buf.retain(|&t| m.class(t) != Class::Number);
        self.buf.iter().map(|&t| Tok::W(t)).collect()
    }

    /// `“…,” Last said.` or `Last said: “….”` or `“…,” said First Last.`
    fn quote_paragraph(&mut self, rng: &mut Rng, out: &mut Para) {
        let m = self.model;
        let quote = self.quote_words(rng);
        self.quotes.push(quote.clone());
        let Some(&(first, last)) = rng.pick(&m.people) else {
            return;
        };
        let mut speaker = Vec::new();
        if rng.chance(0.3) {
            speaker.push(Tok::W(first));
        }
        speaker.push(Tok::W(last));
        match rng.below(3) {
            0 => {
                out.push(Tok::OpenQ);
                out.extend_from_slice(&quote);
                out.push(Tok::W(m.comma));
                out.push(Tok::CloseQ);
                out.extend_from_slice(&speaker);
                out.push(Tok::W(m.said));
                out.push(Tok::W(m.period));
            }
            1 => {
                out.extend_from_slice(&speaker);
                out.push(Tok::W(m.said));
                out.push(Tok::W(m.colon));
                out.push(Tok::OpenQ);
                out.extend_from_slice(&quote);
                out.push(Tok::W(m.period));
                out.push(Tok::CloseQ);
            }
            _ => {
                out.push(Tok::OpenQ);
                out.extend_from_slice(&quote);
                out.push(Tok::W(m.comma));
                out.push(Tok::CloseQ);
                out.push(Tok::W(m.said));
                out.push(Tok::W(first));
                out.push(Tok::W(last));
                out.push(Tok::W(m.period));
            }
        }
    }

    /// A paragraph holding a given quotation (for rival reports).
    pub(crate) fn paragraph_with_quote(&mut self, rng: &mut Rng, quote: &Para) -> Para {
        let m = self.model;
        let mut out = Vec::new();
        let Some(&(_, last)) = rng.pick(&m.people) else {
            return out;
        };
        out.push(Tok::W(last));
        out.push(Tok::W(m.said));
        out.push(Tok::W(m.colon));
        out.push(Tok::OpenQ);
        out.extend_from_slice(quote);
        out.push(Tok::W(m.period));
        out.push(Tok::CloseQ);
        out
    }
}

/// Generates a story of `paragraphs` body paragraphs.
pub(crate) fn generate_story(
    model: &Model,
    key: u64,
    rng: &mut Rng,
    paragraphs: usize,
    dateline: bool,
    caption: bool,
) -> Story {
    let mut w = Writer::new(model);
    let headline = w.headline(rng);
    let caption = caption.then(|| {
        let mut c = Vec::new();
        w.sentence(rng, 8, 20, &mut c);
        c
    });
    let mut paras = Vec::with_capacity(paragraphs);
    for i in 0..paragraphs {
        let mut p = w.paragraph(rng, if i == 0 { 0.0 } else { 0.15 });
        if i == 0 && dateline {
            p.insert(0, Tok::Dateline);
        }
        paras.push(p);
    }
    // Every story of some length quotes someone (rivals share a quotation).
    if w.quotes.is_empty() && paragraphs >= 3 {
        let at = rng.range(1, paragraphs - 1);
        let mut q = Vec::new();
        w.quote_paragraph(rng, &mut q);
        paras[at] = q;
    }
    Story {
        key,
        headline,
        caption,
        paras,
        numbers: w.numbers,
        quotes: w.quotes,
    }
}
