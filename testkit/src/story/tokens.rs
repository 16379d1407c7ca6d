//! The tokens of a story, and what a paragraph of them measures.

use crate::markov::{Class, Model};

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
