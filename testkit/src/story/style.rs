//! The choices one rendering makes: house style and a reprint's edits.

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
