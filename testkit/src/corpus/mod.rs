//! The corpus: configuration, plan, streaming generation, truth.
//!
//! - [`config`]: [`CorpusConfig`], its presets and validation;
//! - [`plan`]: how many documents each unit of the timeline makes;
//! - [`tags`]: derivation tags, story-number ranges and id kinds;
//! - [`stream`](mod@stream): the timeline, generated lazily in publication
//!   order;
//! - [`units`]: the documents of each kind of unit;
//! - [`seed`]: the real seed story;
//! - [`truth`]: what each document is, and the truth of a corpus.

mod config;
mod plan;
mod seed;
mod stream;
mod tags;
mod truth;
mod units;

pub use config::CorpusConfig;
pub use stream::{stream, DocStream};
pub use truth::{
    PassageKind, PassageSpan, PassageTruth, ReprintTruth, RivalTruth, Role, SharedPassage, Truth,
};

use reprint::Result;

/// One generated document.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedDoc {
    /// Unique id: 16 hex digits, or the file stem of a seed article.
    pub id: String,
    /// The article, paragraphs separated by blank lines.
    pub text: String,
    /// Outlet name.
    pub outlet: String,
    /// Publication time, unix seconds.
    pub published: i64,
    /// What the document is (the truth about it).
    pub role: Role,
    /// The passages it shares with other documents other than as a reprint
    /// (empty unless the config asks for pasted passages, follow-ups or
    /// reports).
    pub passages: Vec<PassageSpan>,
    /// Character edits the OCR channel made to the text (0 when it is
    /// clean): substitutions, split and joined words, hyphenations.
    pub ocr_edits: usize,
}

/// A generated corpus and its truth.
#[derive(Debug, Clone, PartialEq)]
pub struct Corpus {
    /// The documents, by publication time.
    pub docs: Vec<GeneratedDoc>,
    /// What each document is.
    pub truth: Truth,
}

impl Corpus {
    /// The documents as the engine takes them: id, text, publication time
    /// and outlet.
    ///
    /// ```
    /// use reprint_testkit::{generate, CorpusConfig};
    ///
    /// let corpus = generate(&CorpusConfig::default().with_total_docs(20)?)?;
    /// let docs = corpus.documents();
    /// assert_eq!(docs[0].id, corpus.docs[0].id);
    /// assert_eq!(docs[0].published, Some(corpus.docs[0].published));
    /// # Ok::<(), reprint::Error>(())
    /// ```
    pub fn documents(&self) -> Vec<reprint::Document> {
        self.docs
            .iter()
            .map(|d| {
                reprint::Document::new(d.id.clone(), d.text.clone())
                    .with_published(d.published)
                    .with_outlet(d.outlet.clone())
            })
            .collect()
    }

    /// The document with id `id`.
    pub fn doc(&self, id: &str) -> Option<&GeneratedDoc> {
        self.docs.iter().find(|d| d.id == id)
    }
}

/// Generates the whole corpus in memory.
///
/// # Errors
///
/// [`Error::InvalidConfig`] if the config is invalid (see
/// [`CorpusConfig::validate`]).
///
/// [`Error::InvalidConfig`]: reprint::Error::InvalidConfig
pub fn generate(config: &CorpusConfig) -> Result<Corpus> {
    let docs: Vec<GeneratedDoc> = stream(config)?.collect();
    let truth = Truth::from_docs(&docs);
    Ok(Corpus { docs, truth })
}
