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
//!
//! - [`tokens`]: the tokens of a story and what they measure;
//! - [`writer`]: generating a story's tokens from the chain;
//! - [`numbers`]: fresh and changed figures;
//! - [`names`]: invented names and their misspellings;
//! - [`style`]: the choices of one rendering;
//! - [`render`]: tokens to text.

mod names;
mod numbers;
mod render;
mod style;
#[cfg(test)]
mod tests;
mod tokens;
mod writer;

pub(crate) use names::{name, spelling_variant};
pub(crate) use numbers::{change_number, fresh_number};
pub(crate) use render::Renderer;
pub(crate) use style::{DatelineStyle, Style};
pub(crate) use tokens::{sentence_ends, word_count, Para, Tok};
pub(crate) use writer::{generate_story, Writer};

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
