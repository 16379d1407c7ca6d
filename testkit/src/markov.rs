//! A word-level Markov chain trained on the seed articles.
//!
//! The chain supplies the *shape* of news prose: function words in their
//! usual places, sentence lengths, commas, possessives, where names and
//! figures go. It does not supply the content: every token is classed when
//! the chain is trained, and a story renders the classes its own way (see
//! `story.rs`): names become invented names, figures fresh figures, and
//! content words are remapped per story. That is what keeps two unrelated
//! stories from sharing passages although both come from one small chain.
//!
//! The chain is of order 2 with back-off to order 1: a context of two words
//! is used only when the training text continued it in at least
//! [`MIN_BRANCH`] different ways, otherwise the last word alone decides. A
//! pure order-2 chain on ~6,000 words mostly replays the training text.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::lexicon::{ABBREVIATIONS, SEEDS, STOP_WORDS, TITLE_WORDS};
use super::rng::Rng;

/// Fewest distinct continuations for an order-2 context to be used.
pub(crate) const MIN_BRANCH: usize = 3;

/// Token id of the sentence start (a sentinel, never rendered).
pub(crate) const START: u32 = 0;
/// Token id of the sentence end (a sentinel, never rendered).
pub(crate) const END: u32 = 1;

/// What a vocabulary entry is, which decides how a story renders it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// [`START`] or [`END`].
    Sentinel,
    /// A function word, rendered as is.
    Stop,
    /// A content word; the number is its suffix group (words are remapped
    /// within their group, so "-ing" stays "-ing").
    Content(u8),
    /// A capitalized name, replaced by an invented name per story.
    Name,
    /// An all-capitals abbreviation (NATO, U.S.), replaced per story.
    Acronym,
    /// A title, weekday or month, rendered as is.
    Title,
    /// A figure; its text is a template for fresh figures.
    Number,
    /// `'s`, attached to the previous word.
    Possessive,
    /// Punctuation inside a sentence (`,` `;` `:` `—`).
    Punct,
    /// Sentence-final punctuation (`.` `?` `!`).
    End,
}

/// Number of content suffix groups (see [`content_group`]).
pub(crate) const CONTENT_GROUPS: usize = 6;

/// One vocabulary entry.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) text: String,
    pub(crate) class: Class,
}

/// Successors of an order-2 context: a range into the flat successor list.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    len: u32,
}

/// The trained chain and its vocabulary.
#[derive(Debug)]
pub(crate) struct Model {
    pub(crate) vocab: Vec<Entry>,
    index: HashMap<String, u32>,
    /// Successors of each token (with repeats: sampling is proportional to
    /// the training counts).
    order1: Vec<Vec<u32>>,
    /// Successors of two-token contexts with at least [`MIN_BRANCH`]
    /// distinct continuations.
    order2: HashMap<u64, Span>,
    order2_flat: Vec<u32>,
    /// Content word ids by suffix group.
    pub(crate) groups: [Vec<u32>; CONTENT_GROUPS],
    /// Ids of frequently used tokens.
    pub(crate) comma: u32,
    pub(crate) period: u32,
    pub(crate) colon: u32,
    pub(crate) said: u32,
    pub(crate) possessive: u32,
    /// (first, last) name ids of the seed people found in the vocabulary.
    pub(crate) people: Vec<(u32, u32)>,
    /// For each token id, `2 * i` if it is the first name of `people[i]`,
    /// `2 * i + 1` if the last name, `u32::MAX` otherwise.
    pub(crate) person_slot: Vec<u32>,
}

/// The model trained on the embedded seeds, built once.
pub(crate) fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::train(SEEDS.iter().map(|s| s.text)))
}

/// A token of training text before it has an id.
#[derive(Debug, Clone)]
struct Raw {
    text: String,
    kind: RawKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RawKind {
    Word,
    Number,
    Possessive,
    Punct,
    End,
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Splits one line of training text into sentences of raw tokens. Quotes,
/// brackets, bullets and ellipses are dropped (a chain cannot balance them;
/// stories add quotes themselves).
fn scan_line(line: &str, sentences: &mut Vec<Vec<Raw>>) {
    let chars: Vec<char> = line.chars().collect();
    let mut current: Vec<Raw> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c.is_alphanumeric() || (c == '$' && next.is_some_and(|n| n.is_ascii_digit())) {
            let start = i;
            i += 1;
            while i < chars.len() {
                let c = chars[i];
                let prev = chars[i - 1];
                let next = chars.get(i + 1).copied();
                let joins = match c {
                    c if c.is_alphanumeric() || c == '%' => true,
                    '-' | '.' => prev.is_alphanumeric() && next.is_some_and(char::is_alphanumeric),
                    ',' => prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit()),
                    c if is_apostrophe(c) => {
                        prev.is_alphabetic() && next.is_some_and(char::is_alphabetic)
                    }
                    _ => false,
                };
                if !joins {
                    break;
                }
                i += 1;
            }
            let mut word: String = chars[start..i]
                .iter()
                .map(|&c| if is_apostrophe(c) { '\'' } else { c })
                .collect();
            // A final period belongs to abbreviations (U.S., Feb.).
            if chars.get(i) == Some(&'.')
                && (word.contains('.') || ABBREVIATIONS.contains(&word.as_str()))
            {
                word.push('.');
                i += 1;
            }
            let number = word.starts_with(|c: char| c.is_ascii_digit() || c == '$');
            if !number && word.len() > 2 && word.ends_with("'s") {
                word.truncate(word.len() - 2);
                current.push(Raw {
                    text: word,
                    kind: RawKind::Word,
                });
                current.push(Raw {
                    text: "'s".to_string(),
                    kind: RawKind::Possessive,
                });
            } else {
                current.push(Raw {
                    text: word,
                    kind: if number {
                        RawKind::Number
                    } else {
                        RawKind::Word
                    },
                });
            }
            continue;
        }
        match c {
            '.' if next == Some('.') => {
                // An ellipsis: skip it whole.
                while chars.get(i) == Some(&'.') {
                    i += 1;
                }
                continue;
            }
            '.' | '?' | '!' if !current.is_empty() => {
                current.push(Raw {
                    text: c.to_string(),
                    kind: RawKind::End,
                });
                sentences.push(std::mem::take(&mut current));
            }
            ',' | ';' | ':' | '—' | '–'
                if current.last().is_some_and(|r| r.kind != RawKind::Punct) =>
            {
                current.push(Raw {
                    text: if c == '–' { '—' } else { c }.to_string(),
                    kind: RawKind::Punct,
                });
            }
            _ => {}
        }
        i += 1;
    }
    // A line without final punctuation (a headline, a caption) is a sentence.
    while current.last().is_some_and(|r| r.kind == RawKind::Punct) {
        current.pop();
    }
    if current.len() >= 3 {
        current.push(Raw {
            text: ".".to_string(),
            kind: RawKind::End,
        });
        sentences.push(current);
    }
}

/// Whether a seed line is the seed outlets' boilerplate (comment policy,
/// newsletter, podcast promo, video blurbs), kept out of the chain so that
/// story text never echoes it.
fn is_boilerplate(line: &str) -> bool {
    const MARKERS: &[&str] = &[
        "comment",
        "Comment",
        "newsletter",
        "Sign up",
        "account",
        "podcast",
        "Podcast",
        "©",
        "WATCH",
        "Duration",
        "CBC",
        "ADVERTISEMENT",
        "Pseudonyms",
    ];
    MARKERS.iter().any(|m| line.contains(m))
}

/// The suffix group of a lower-case content word.
fn content_group(word: &str) -> u8 {
    if word.contains('-') {
        5
    } else if word.ends_with("ing") {
        0
    } else if word.ends_with("ed") {
        1
    } else if word.ends_with("ly") {
        2
    } else if word.ends_with('s') && !word.ends_with("ss") {
        3
    } else {
        4
    }
}

fn classify(word: &str, kind: RawKind) -> Class {
    match kind {
        RawKind::Number => Class::Number,
        RawKind::Possessive => Class::Possessive,
        RawKind::Punct => Class::Punct,
        RawKind::End => Class::End,
        RawKind::Word => {
            let first_upper = word.starts_with(char::is_uppercase);
            if TITLE_WORDS.contains(&word) {
                Class::Title
            } else if first_upper {
                let letters = word.chars().filter(|c| c.is_alphabetic()).count();
                if letters >= 2
                    && word
                        .chars()
                        .all(|c| c.is_uppercase() || c == '.' || c.is_ascii_digit())
                {
                    Class::Acronym
                } else {
                    Class::Name
                }
            } else if STOP_WORDS.contains(&word) || word.len() <= 2 {
                Class::Stop
            } else {
                Class::Content(content_group(word))
            }
        }
    }
}

fn lowercase_first(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(f) => f.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Model {
    /// Trains the chain on `texts` (paragraphs separated by line breaks).
    pub(crate) fn train<'a>(texts: impl IntoIterator<Item = &'a str>) -> Model {
        let mut sentences: Vec<Vec<Raw>> = Vec::new();
        for text in texts {
            for line in text.lines().filter(|l| !is_boilerplate(l)) {
                scan_line(line, &mut sentences);
            }
        }
        // Words seen in lower case anywhere: a capitalized sentence-initial
        // occurrence of one of them is the same word ("The" is "the").
        let mut lower: std::collections::HashSet<String> = std::collections::HashSet::new();
        for s in &sentences {
            for r in s {
                if r.kind == RawKind::Word && r.text.starts_with(char::is_lowercase) {
                    lower.insert(r.text.clone());
                }
            }
        }
        // A capitalized function word anywhere ("in The Times") is the
        // function word.
        for s in &mut sentences {
            for (i, r) in s.iter_mut().enumerate() {
                if r.kind == RawKind::Word
                    && r.text.starts_with(char::is_uppercase)
                    && !TITLE_WORDS.contains(&r.text.as_str())
                {
                    let l = lowercase_first(&r.text);
                    if STOP_WORDS.contains(&l.as_str()) || (i == 0 && lower.contains(&l)) {
                        r.text = l;
                    }
                }
            }
        }

        let mut model = Model {
            vocab: vec![
                Entry {
                    text: String::new(),
                    class: Class::Sentinel,
                },
                Entry {
                    text: String::new(),
                    class: Class::Sentinel,
                },
            ],
            index: HashMap::new(),
            order1: Vec::new(),
            order2: HashMap::new(),
            order2_flat: Vec::new(),
            groups: Default::default(),
            comma: 0,
            period: 0,
            colon: 0,
            said: 0,
            possessive: 0,
            people: Vec::new(),
            person_slot: Vec::new(),
        };
        let mut order2: HashMap<u64, Vec<u32>> = HashMap::new();
        let mut order2_keys: Vec<u64> = Vec::new();
        for s in &sentences {
            let mut prev2 = START;
            let mut prev1 = START;
            for r in s.iter().map(Some).chain(std::iter::once(None)) {
                let id = match r {
                    Some(r) => model.intern(&r.text, classify(&r.text, r.kind)),
                    None => END,
                };
                model.push_order1(prev1, id);
                let key = (u64::from(prev2) << 32) | u64::from(prev1);
                let succ = order2.entry(key).or_insert_with(|| {
                    order2_keys.push(key);
                    Vec::new()
                });
                succ.push(id);
                prev2 = prev1;
                prev1 = id;
            }
        }
        for key in order2_keys {
            let Some(succ) = order2.get(&key) else {
                continue;
            };
            let mut distinct = succ.clone();
            distinct.sort_unstable();
            distinct.dedup();
            if distinct.len() >= MIN_BRANCH {
                let span = Span {
                    start: model.order2_flat.len() as u32,
                    len: succ.len() as u32,
                };
                model.order2_flat.extend_from_slice(succ);
                model.order2.insert(key, span);
            }
        }
        for (id, e) in model.vocab.iter().enumerate() {
            if let Class::Content(g) = e.class {
                model.groups[usize::from(g)].push(id as u32);
            }
        }
        model.comma = model.intern(",", Class::Punct);
        model.period = model.intern(".", Class::End);
        model.colon = model.intern(":", Class::Punct);
        model.said = model.intern("said", Class::Stop);
        model.possessive = model.intern("'s", Class::Possessive);
        model.people = crate::lexicon::SEED_PEOPLE
            .iter()
            .filter_map(|(f, l)| Some((*model.index.get(*f)?, *model.index.get(*l)?)))
            .collect();
        model.person_slot = vec![u32::MAX; model.vocab.len()];
        for (i, &(first, last)) in model.people.iter().enumerate() {
            model.person_slot[first as usize] = 2 * i as u32;
            model.person_slot[last as usize] = 2 * i as u32 + 1;
        }
        model
    }

    fn intern(&mut self, text: &str, class: Class) -> u32 {
        if let Some(&id) = self.index.get(text) {
            return id;
        }
        let id = self.vocab.len() as u32;
        self.vocab.push(Entry {
            text: text.to_string(),
            class,
        });
        self.index.insert(text.to_string(), id);
        id
    }

    fn push_order1(&mut self, prev: u32, next: u32) {
        let prev = prev as usize;
        if self.order1.len() <= prev {
            self.order1.resize(prev + 1, Vec::new());
        }
        self.order1[prev].push(next);
    }

    /// The class of token `id`.
    #[inline]
    pub(crate) fn class(&self, id: u32) -> Class {
        self.vocab
            .get(id as usize)
            .map_or(Class::Sentinel, |e| e.class)
    }

    /// Whether token `id` renders as a word (not punctuation).
    #[inline]
    pub(crate) fn is_word(&self, id: u32) -> bool {
        matches!(
            self.class(id),
            Class::Stop
                | Class::Content(_)
                | Class::Name
                | Class::Acronym
                | Class::Title
                | Class::Number
        )
    }

    fn successors(&self, prev2: u32, prev1: u32) -> &[u32] {
        let key = (u64::from(prev2) << 32) | u64::from(prev1);
        if let Some(span) = self.order2.get(&key) {
            let start = span.start as usize;
            return &self.order2_flat[start..start + span.len as usize];
        }
        self.order1.get(prev1 as usize).map_or(&[], Vec::as_slice)
    }

    /// Appends one sentence of `min_words..=max_words` words to `out`, ending
    /// with sentence punctuation. Gives up after a few tries and keeps the
    /// last attempt (never empty).
    pub(crate) fn sentence(
        &self,
        rng: &mut Rng,
        min_words: usize,
        max_words: usize,
        out: &mut Vec<u32>,
    ) {
        let base = out.len();
        for _ in 0..12 {
            out.truncate(base);
            let mut words = 0;
            let (mut prev2, mut prev1) = (START, START);
            while let Some(&next) = rng.pick(self.successors(prev2, prev1)) {
                if next == END {
                    break;
                }
                if self.is_word(next) {
                    if words == max_words {
                        break;
                    }
                    words += 1;
                }
                out.push(next);
                prev2 = prev1;
                prev1 = next;
            }
            while out.len() > base
                && matches!(self.class(out[out.len() - 1]), Class::Punct | Class::End)
            {
                out.pop();
            }
            if words >= min_words && out.len() > base {
                break;
            }
        }
        if out.len() == base {
            out.push(self.said);
        }
        out.push(self.period);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn training_classes_the_seed_vocabulary() {
        let m = model();
        let class_of = |w: &str| m.index.get(w).map(|&id| m.class(id));
        assert_eq!(class_of("Macron"), Some(Class::Name));
        assert_eq!(class_of("NATO"), Some(Class::Acronym));
        assert_eq!(class_of("U.S."), Some(Class::Acronym));
        assert_eq!(class_of("the"), Some(Class::Stop));
        assert_eq!(class_of("The"), None, "sentence-initial 'The' is 'the'");
        assert_eq!(class_of("Tuesday"), Some(Class::Title));
        assert_eq!(class_of("100,000"), Some(Class::Number));
        assert_eq!(class_of("$1.3"), Some(Class::Number));
        assert_eq!(class_of("troops"), Some(Class::Content(3)));
        assert_eq!(class_of("'s"), Some(Class::Possessive));
        assert!(m.people.len() >= 8, "{:?}", m.people);
        assert!(m.vocab.len() > 1_000);
    }

    #[test]
    fn sentences_respect_word_bounds() {
        let m = model();
        let mut rng = Rng::new(1, &[]);
        for _ in 0..200 {
            let mut s = Vec::new();
            m.sentence(&mut rng, 4, 12, &mut s);
            let words = s.iter().filter(|&&t| m.is_word(t)).count();
            assert!((1..=12).contains(&words), "{words}");
            assert_eq!(s.last(), Some(&m.period));
        }
    }
}
