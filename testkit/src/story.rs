//! Stories as token lists, and their rendering to text.
//!
//! A story is generated once, as chain tokens ([`Tok`]), and rendered many
//! times: as the wire copy, and as each outlet's reprint with its own edits
//! (quote style, name spellings, honorifics, changed figures, substituted
//! words), which the [`Style`] of a rendering carries.
//!
//! A story's `key` decides how its tokens become words: every seed name maps
//! to an invented name, every acronym to invented letters, and most content
//! words to another content word of the same suffix group, all by hashing
//! `(key, token)`. So a story says "Osrel Vantik" wherever the chain says
//! "Macron", consistently, and an unrelated story says something else. A
//! rival report of the same event shares the key (same people, same place)
//! but not the sentences.

use super::lexicon::{CODAS, NAME_ENDINGS, ONSETS, VOWELS};
use super::markov::{Class, Model};
use super::rng::{derive, Rng};
use crate::rng::mix64;

/// One token of a generated story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A chain token (vocabulary id).
    W(u32),
    /// A figure: index into the story's numbers.
    Num(u32),
    /// Opening quotation mark.
    OpenQ,
    /// Closing quotation mark.
    CloseQ,
    /// The dateline (`CITY, Country (TAG) —`).
    Dateline,
}

/// A paragraph (or headline) of tokens.
pub(crate) type Para = Vec<Tok>;

/// Share of content words a story keeps as in the seeds (the rest are
/// remapped), out of 256.
const KEEP_CONTENT: u64 = 40;

/// Names a story uses besides its people: every other seed name maps to one
/// of these, so a story has a small cast of recurring names.
const OTHER_NAMES: u64 = 24;

/// Path tags for [`derive`], so that different uses of a key never collide.
const TAG_NAME: u64 = 1;
const TAG_CONTENT: u64 = 2;
const TAG_PLACE: u64 = 3;

/// A generated story.
#[derive(Debug, Clone)]
pub(crate) struct Story {
    /// Decides names and content words (see the module docs).
    pub(crate) key: u64,
    pub(crate) headline: Para,
    pub(crate) caption: Option<Para>,
    pub(crate) paras: Vec<Para>,
    /// Figures, referenced by [`Tok::Num`].
    pub(crate) numbers: Vec<String>,
    /// Quotations in the story (the words between the quote marks, at most
    /// 14 words, no figures).
    pub(crate) quotes: Vec<Para>,
}

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

/// A fresh figure shaped like `template`: years stay years, digits are
/// redrawn (no leading zero), separators and ordinal suffixes are kept right.
pub(crate) fn fresh_number(template: &str, rng: &mut Rng) -> String {
    let digits = template.bytes().filter(u8::is_ascii_digit).count();
    if digits == 4
        && template.len() == 4
        && (template.starts_with("19") || template.starts_with("20"))
    {
        return (1990 + rng.below(35)).to_string();
    }
    let mut out = String::with_capacity(template.len());
    let mut prev_digit = false;
    let mut after_point = false;
    for c in template.chars() {
        if c.is_ascii_digit() {
            let d = if prev_digit || after_point {
                rng.below(10)
            } else {
                1 + rng.below(9)
            };
            out.push(char::from(b'0' + d as u8));
            prev_digit = true;
        } else {
            after_point = c == '.' && prev_digit;
            prev_digit = false;
            out.push(c);
        }
    }
    fix_ordinal(&mut out);
    out
}

/// `21th` → `21st`: recomputes an ordinal suffix after its digits changed.
fn fix_ordinal(s: &mut String) {
    for suffix in ["st", "nd", "rd", "th"] {
        if let Some(num) = s.strip_suffix(suffix) {
            if let Some(n) = num
                .rsplit(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|d| d.parse::<u64>().ok())
            {
                let right = match (n % 10, n % 100) {
                    (_, 11..=13) => "th",
                    (1, _) => "st",
                    (2, _) => "nd",
                    (3, _) => "rd",
                    _ => "th",
                };
                let num = num.to_string();
                *s = num + right;
            }
            return;
        }
    }
}

/// The same figure with one digit changed (a "changed figure" edit).
pub(crate) fn change_number(number: &str, rng: &mut Rng) -> String {
    let positions: Vec<usize> = number
        .char_indices()
        .filter(|&(i, c)| c.is_ascii_digit() && i > 0)
        .map(|(i, _)| i)
        .collect();
    let mut bytes = number.as_bytes().to_vec();
    let pos = match rng.pick(&positions) {
        Some(&p) => p,
        None => match number.find(|c: char| c.is_ascii_digit()) {
            Some(p) => p,
            None => return format!("{number}0"),
        },
    };
    let old = bytes[pos] - b'0';
    let new = (old + 1 + rng.below(8) as u8) % 10;
    let new = if pos == 0 && new == 0 {
        1 + old % 9
    } else {
        new
    };
    bytes[pos] = b'0' + new;
    let mut s = String::from_utf8(bytes).unwrap_or_else(|_| number.to_string());
    fix_ordinal(&mut s);
    s
}

/// Appends an invented capitalized name drawn from `h`: two or three
/// open syllables, a closing consonant and sometimes a surname-like ending
/// (Karovin, Dresanov, Tulimberg).
pub(crate) fn push_name(out: &mut String, h: u64) {
    let mut state = h;
    let mut next = |n: usize| -> usize {
        state = mix64(state.wrapping_add(0x9E37_79B9_7F4A_7C15));
        ((u128::from(state) * n as u128) >> 64) as usize
    };
    let start = out.len();
    let syllables = 2 + usize::from(next(10) < 3);
    for _ in 0..syllables {
        out.push_str(ONSETS[next(ONSETS.len())]);
        out.push_str(VOWELS[next(VOWELS.len())]);
    }
    out.push_str(CODAS[next(CODAS.len())]);
    if next(4) == 0 {
        out.push_str(NAME_ENDINGS[next(NAME_ENDINGS.len())]);
    }
    if let Some(first) = out[start..].chars().next() {
        let upper = first.to_ascii_uppercase();
        out.replace_range(
            start..start + first.len_utf8(),
            upper.encode_utf8(&mut [0; 4]),
        );
    }
}

/// An invented name as a `String`.
pub(crate) fn name(h: u64) -> String {
    let mut s = String::new();
    push_name(&mut s, h);
    s
}

/// A misspelling of `name` as newsrooms make them (Zelensky / Zelenskyy):
/// doubles the last letter, doubles or undoubles an inner consonant, or
/// drops an inner "s".
pub(crate) fn spelling_variant(name: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = name.chars().collect();
    let n = chars.len();
    let mut candidates: Vec<String> = Vec::new();
    if let Some(&last) = chars.last() {
        let mut v = chars.clone();
        v.push(last);
        candidates.push(v.into_iter().collect());
    }
    for i in 1..n.saturating_sub(1) {
        let c = chars[i];
        if chars[i - 1] == c || c == 's' {
            let mut v = chars.clone();
            v.remove(i);
            candidates.push(v.into_iter().collect());
        } else if !"aeiou".contains(c) && c.is_ascii_lowercase() && chars[i + 1] != c {
            let mut v = chars.clone();
            v.insert(i, c);
            candidates.push(v.into_iter().collect());
        }
    }
    rng.pick(&candidates)
        .cloned()
        .unwrap_or_else(|| format!("{name}h"))
}

/// How the dateline is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DatelineStyle {
    /// `KESTOVA, Drelia (MP) — `
    Full,
    /// `KESTOVA, Drelia — `
    NoTag,
    /// Nothing.
    Omit,
}

/// The choices one rendering makes: an outlet's house style plus the edits
/// of one reprint.
#[derive(Debug, Clone)]
pub(crate) struct Style {
    /// Curly quotes and apostrophes, or straight ones.
    pub(crate) curly: bool,
    /// Put before a person's surname (`Mr`, `President`), at `honorific_rate`.
    pub(crate) honorific: Option<&'static str>,
    pub(crate) honorific_rate: f64,
    /// British spellings of content words.
    pub(crate) uk: bool,
    /// Probability that a content word is replaced by another one.
    pub(crate) substitute_rate: f64,
    pub(crate) dateline: DatelineStyle,
    /// Tag of the wire agency in the dateline.
    pub(crate) wire_tag: &'static str,
    /// Name ids rendered with a spelling variant: (id, text).
    pub(crate) variants: Vec<(u32, String)>,
    /// Figures rendered differently: (number index, text).
    pub(crate) changed_numbers: Vec<(u32, String)>,
}

impl Style {
    /// The wire's own style: curly quotes, no edits.
    pub(crate) fn wire(wire_tag: &'static str) -> Self {
        Style {
            curly: true,
            honorific: None,
            honorific_rate: 0.0,
            uk: false,
            substitute_rate: 0.0,
            dateline: DatelineStyle::Full,
            wire_tag,
            variants: Vec::new(),
            changed_numbers: Vec::new(),
        }
    }
}

/// Renders token paragraphs of one story in one style.
pub(crate) struct Renderer<'a> {
    pub(crate) model: &'a Model,
    /// Decides names, acronyms and the dateline.
    pub(crate) key: u64,
    /// Decides content words (the key, except for rival reports).
    pub(crate) content_key: u64,
    pub(crate) numbers: &'a [String],
    pub(crate) style: &'a Style,
}

impl Renderer<'_> {
    /// The hash of the name a story with this key uses for seed name `id`:
    /// seed people get their own slots, other names share a small cast.
    fn name_hash(&self, id: u32) -> u64 {
        let slot = match self.model.person_slot.get(id as usize) {
            Some(&s) if s != u32::MAX => u64::from(s),
            _ => 1_000 + derive(self.key, &[TAG_NAME, u64::from(id)]) % OTHER_NAMES,
        };
        derive(self.key, &[TAG_NAME, 1 << 32, slot])
    }

    fn push_story_name(&self, id: u32, out: &mut String) {
        if let Some((_, v)) = self.style.variants.iter().find(|(v, _)| *v == id) {
            out.push_str(v);
        } else {
            push_name(out, self.name_hash(id));
        }
    }

    /// The story's name for seed name `id`, without variants.
    pub(crate) fn story_name(&self, id: u32) -> String {
        name(self.name_hash(id))
    }

    fn push_acronym(&self, id: u32, original: &str, out: &mut String) {
        let h = derive(self.key, &[TAG_NAME, u64::from(id)]);
        let len = 2 + (h % 3) as usize;
        let dotted = original.contains('.');
        for i in 0..len {
            let letter = b'A' + ((h >> (8 + 5 * i)) % 26) as u8;
            out.push(char::from(letter));
            if dotted {
                out.push('.');
            }
        }
    }

    fn content_word(&self, id: u32, group: u8, rng: &mut Rng) -> &str {
        let m = self.model;
        let group = &m.groups[usize::from(group)];
        let target = if self.style.substitute_rate > 0.0 && rng.chance(self.style.substitute_rate) {
            rng.pick(group).copied().unwrap_or(id)
        } else {
            let h = derive(self.content_key, &[TAG_CONTENT, u64::from(id)]);
            if h & 0xff < KEEP_CONTENT || group.is_empty() {
                id
            } else {
                group[((u128::from(h >> 8) * group.len() as u128) >> 56) as usize]
            }
        };
        &m.vocab[target as usize].text
    }

    /// The dateline place: (CITY, Country).
    fn place(&self) -> (String, String) {
        let city = name(derive(self.key, &[TAG_PLACE, 0])).to_uppercase();
        let country = name(derive(self.key, &[TAG_PLACE, 1]));
        (city, country)
    }

    /// Appends the text of `para` to `out`.
    pub(crate) fn render(&self, para: &[Tok], rng: &mut Rng, out: &mut String) {
        let m = self.model;
        let style = self.style;
        let mut cap = true;
        let mut glue = true; // no space before the next piece
        let mut prev: Option<u32> = None;
        for &tok in para {
            match tok {
                Tok::Dateline => {
                    if style.dateline == DatelineStyle::Omit {
                        continue;
                    }
                    space(out, &mut glue);
                    let (city, country) = self.place();
                    out.push_str(&city);
                    out.push_str(", ");
                    out.push_str(&country);
                    if style.dateline == DatelineStyle::Full {
                        out.push_str(" (");
                        out.push_str(style.wire_tag);
                        out.push(')');
                    }
                    out.push_str(" —");
                    cap = true;
                }
                Tok::OpenQ => {
                    space(out, &mut glue);
                    out.push(if style.curly { '“' } else { '"' });
                    glue = true;
                    cap = true;
                }
                Tok::CloseQ => {
                    out.push(if style.curly { '”' } else { '"' });
                    glue = false;
                }
                Tok::Num(i) => {
                    space(out, &mut glue);
                    match style.changed_numbers.iter().find(|(n, _)| *n == i) {
                        Some((_, text)) => out.push_str(text),
                        None => out.push_str(self.numbers.get(i as usize).map_or("0", |s| s)),
                    }
                    cap = false;
                }
                Tok::W(id) => {
                    let entry = &m.vocab[id as usize];
                    match entry.class {
                        Class::Sentinel => {}
                        Class::Punct => {
                            if entry.text == "—" {
                                space(out, &mut glue);
                            }
                            out.push_str(&entry.text);
                            glue = false;
                        }
                        Class::End => {
                            out.push_str(&entry.text);
                            glue = false;
                            cap = true;
                        }
                        Class::Possessive => {
                            out.push_str(if style.curly { "’s" } else { "'s" });
                            glue = false;
                        }
                        Class::Name => {
                            space(out, &mut glue);
                            if let Some(h) = style.honorific {
                                let is_surname = m.people.iter().any(|&(_, l)| l == id);
                                let after_first =
                                    m.people.iter().any(|&(f, l)| l == id && prev == Some(f));
                                let after_title = prev.is_some_and(|p| m.class(p) == Class::Title);
                                if is_surname
                                    && !after_first
                                    && !after_title
                                    && rng.chance(style.honorific_rate)
                                {
                                    out.push_str(h);
                                    out.push(' ');
                                }
                            }
                            self.push_story_name(id, out);
                            cap = false;
                        }
                        Class::Acronym => {
                            space(out, &mut glue);
                            self.push_acronym(id, &entry.text, out);
                            cap = false;
                        }
                        Class::Title | Class::Stop => {
                            space(out, &mut glue);
                            push_word(out, &entry.text, cap, style.curly);
                            cap = false;
                        }
                        Class::Content(g) => {
                            space(out, &mut glue);
                            let word = self.content_word(id, g, rng);
                            if style.uk {
                                let uk = uk_spelling(word);
                                push_word(out, &uk, cap, style.curly);
                            } else {
                                push_word(out, word, cap, style.curly);
                            }
                            cap = false;
                        }
                        Class::Number => {
                            // Numbers are stored as `Tok::Num`; a bare number
                            // token renders as its template.
                            space(out, &mut glue);
                            out.push_str(&entry.text);
                            cap = false;
                        }
                    }
                    prev = Some(id);
                    continue;
                }
            }
            prev = None;
        }
    }
}

/// Pushes a separating space unless glued to the previous piece.
#[inline]
fn space(out: &mut String, glue: &mut bool) {
    if !*glue {
        out.push(' ');
    }
    *glue = false;
}

/// Pushes a word, capitalized if `cap`, with curly apostrophes if `curly`.
fn push_word(out: &mut String, word: &str, cap: bool, curly: bool) {
    let mut chars = word.chars();
    if cap {
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
        }
    }
    for c in chars {
        if c == '\'' && curly {
            out.push('’');
        } else {
            out.push(c);
        }
    }
}

/// British spelling of a few common American forms.
fn uk_spelling(word: &str) -> std::borrow::Cow<'_, str> {
    const WORDS: &[(&str, &str)] = &[
        ("defense", "defence"),
        ("center", "centre"),
        ("neighbor", "neighbour"),
        ("labor", "labour"),
        ("favor", "favour"),
        ("program", "programme"),
        ("maneuvers", "manoeuvres"),
        ("fueling", "fuelling"),
        ("traveling", "travelling"),
        ("advisor", "adviser"),
        ("advisors", "advisers"),
    ];
    if let Some((_, uk)) = WORDS.iter().find(|(us, _)| *us == word) {
        return (*uk).into();
    }
    for (us, uk) in [
        ("izing", "ising"),
        ("ized", "ised"),
        ("izes", "ises"),
        ("ize", "ise"),
    ] {
        if let Some(stem) = word.strip_suffix(us) {
            if stem.len() >= 3 {
                return format!("{stem}{uk}").into();
            }
        }
    }
    word.into()
}

/// Number of words `para` renders to (approximately: a hyphenated word
/// counts once, the dateline as three words).
pub(crate) fn word_count(model: &Model, para: &[Tok]) -> usize {
    para.iter()
        .map(|t| match *t {
            Tok::W(id) => usize::from(model.is_word(id)),
            Tok::Num(_) => 1,
            Tok::Dateline => 3,
            Tok::OpenQ | Tok::CloseQ => 0,
        })
        .sum()
}

/// Token index just past each sentence end in `para` (the last one is
/// `para.len()` when the paragraph ends with a sentence).
pub(crate) fn sentence_ends(model: &Model, para: &[Tok]) -> Vec<usize> {
    let mut ends = Vec::new();
    for (i, t) in para.iter().enumerate() {
        if let Tok::W(id) = *t {
            if model.class(id) == Class::End {
                // A closing quote right after belongs to the sentence.
                let end = if para.get(i + 1) == Some(&Tok::CloseQ) {
                    i + 2
                } else {
                    i + 1
                };
                ends.push(end);
            }
        }
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markov::model;

    #[test]
    fn numbers_keep_their_shape() {
        let mut rng = Rng::new(9, &[]);
        for t in [
            "100,000", "1.3", "70%", "$1.3", "82nd", "14-15", "2014", "5",
        ] {
            for _ in 0..20 {
                let n = fresh_number(t, &mut rng);
                assert_eq!(n.len(), t.len(), "{t} -> {n}");
                assert!(!n.starts_with('0'), "{t} -> {n}");
                let c = change_number(&n, &mut rng);
                assert_ne!(c, n);
            }
        }
        let mut s = "21th".to_string();
        fix_ordinal(&mut s);
        assert_eq!(s, "21st");
        let mut s = "112nd".to_string();
        fix_ordinal(&mut s);
        assert_eq!(s, "112th");
    }

    #[test]
    fn spelling_variants_differ_slightly() {
        let mut rng = Rng::new(2, &[]);
        for n in ["Zelensky", "Vantik", "Osso", "Ab"] {
            for _ in 0..10 {
                let v = spelling_variant(n, &mut rng);
                assert_ne!(v, n);
                assert!(v.len().abs_diff(n.len()) == 1, "{n} -> {v}");
            }
        }
    }

    #[test]
    fn names_are_capitalized_and_varied() {
        let names: std::collections::BTreeSet<String> = (0..1000).map(name).collect();
        assert!(names.len() > 990);
        assert!(names
            .iter()
            .all(|n| n.starts_with(|c: char| c.is_ascii_uppercase()) && n.len() >= 3));
    }

    #[test]
    fn rendering_is_spaced_and_styled() {
        let m = model();
        let mut rng = Rng::new(4, &[]);
        let story = generate_story(m, 77, &mut rng, 12, true, true);
        let style = Style::wire("MP");
        let r = Renderer {
            model: m,
            key: story.key,
            content_key: story.key,
            numbers: &story.numbers,
            style: &style,
        };
        let mut text = String::new();
        r.render(&story.paras[0], &mut rng, &mut text);
        assert!(text.contains("(MP) — "), "{text}");
        assert!(!text.contains("  ") && !text.contains(" ,") && !text.contains(" ."));
        let mut all = String::new();
        for p in &story.paras {
            r.render(p, &mut rng, &mut all);
            all.push('\n');
        }
        assert!(
            !all.contains('"') && !all.contains(" ”") && !all.contains("“ "),
            "{all}"
        );
        let straight = Style {
            curly: false,
            ..style.clone()
        };
        let r2 = Renderer {
            style: &straight,
            ..r
        };
        let mut plain = String::new();
        for p in &story.paras {
            r2.render(p, &mut rng, &mut plain);
            plain.push('\n');
        }
        assert!(!plain.contains('“') && !plain.contains('’'));
    }
}
