//! Rendering token paragraphs to text in one [`Style`].

use super::names::{name, push_name};
use super::{DatelineStyle, Style, Tok};
use crate::markov::{Class, Model};
use crate::rng::{derive, Rng};

/// Share of content words a story keeps as in the seeds (the rest are
/// remapped), out of 256.
const KEEP_CONTENT: u64 = 40;

/// Names a story uses besides its people: every other seed name maps to one
/// of these, so a story has a small cast of recurring names.
const OTHER_NAMES: u64 = 24;

/// Path tags for [`derive()`], so that different uses of a key never collide.
const TAG_NAME: u64 = 1;
const TAG_CONTENT: u64 = 2;
const TAG_PLACE: u64 = 3;

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
