//! Synthetic news corpora with known reprints, for tests and benchmarks.
//!
//! [`generate`] (or [`stream`], for corpora too big to hold twice) builds a
//! feed of news articles from a [`CorpusConfig`], deterministically from its
//! seed, together with the [`Truth`]: which documents reprint which wire
//! story, and how much of it each kept.
//!
//! [`naive`] holds the slow references the library is tested and benched
//! against: a tokenizer written from the normalization rules, exact
//! shingle sets and Jaccard, the textbook SimHash, and a brute-force
//! deduper that verifies every pair of documents.
//!
//! # What is in a corpus
//!
//! - **Wire stories.** Each has a headline, sometimes a photo caption, a
//!   dateline (`KESTOVA, Drelia (MP) —`), 1–4-sentence paragraphs, quotations
//!   with their attributions, and sometimes a contributor line.
//! - **Reprints** of each wire story by several outlets, with newsroom edits
//!   (see below). Each records the fraction of the source's words it kept,
//!   from about 10% to 100%.
//! - **Rival reports**: for some stories, an independent article about the
//!   same event (same people and places, fresh sentences) that quotes one
//!   short quotation (at most 14 words) of the wire story. Not reprints.
//! - **Unrelated articles**: outlets' own stories.
//! - **The real seed story** (optional, on by default): `seeds/000_…` as the
//!   wire story, `001_…` and `003_…` as its reprints, `002_…` and `004_…` as
//!   rival reports.
//!
//! Off by default (so default corpora stay as they were), and all on in
//! [`CorpusConfig::reuse_of_every_size`], reuse of other sizes and kinds:
//!
//! - **Briefs** ([`CorpusConfig::briefs`]): wire items of 20–60 words
//!   reprinted whole by several outlets with at most two word edits, bare
//!   or in the outlet's boilerplate ([`ReprintTruth::brief_edits`]).
//! - **Partial reprints** ([`CorpusConfig::partial_share`]): reprints
//!   keeping a prefix or a run of paragraphs, 5–30% of the story.
//! - **Pasted passages** ([`CorpusConfig::passages`]): a passage of 50–500
//!   words in two or more long, otherwise unrelated articles
//!   ([`Role::Host`]).
//! - **Follow-ups** ([`CorpusConfig::follow_ups`]): a later story by the
//!   same wire repeating one background paragraph verbatim
//!   ([`Role::FollowUp`]): a shared passage, not a reprint.
//! - **Recurring reports** ([`CorpusConfig::templates`]): the same text
//!   with other figures and names ([`Role::Template`]): a template, not a
//!   reprint.
//! - **OCR noise** ([`CorpusConfig::ocr_rate`]): look-alike substitutions,
//!   split and joined words, hyphenations at line ends, on reprints or on
//!   every document ([`GeneratedDoc::ocr_edits`]).
//!
//! Shared passages are recorded per document with their byte ranges
//! ([`GeneratedDoc::passages`], [`Truth::passages`]) and paired by
//! [`Truth::shared_passages`]; [`score_reuse`] gives recall case by case.
//!
//! Every outlet wraps everything it publishes in the same boilerplate:
//! header, newsletter sign-up, subscription pitch, copyright line, and a
//! comment policy shared verbatim across its media group; its reprints also
//! carry its "With files from {wire}" line. So unrelated articles of one
//! outlet (or group) share whole paragraphs, which must not link them.
//!
//! # How the text is made
//!
//! A word-level Markov chain (order 2 with back-off to order 1) trained on
//! the five seed articles gives sentences the shape of wire copy. A chain
//! trained on ~6,000 words would replay its training text, and two stories
//! drawn from it would share passages by accident; so the chain only gives
//! the shape, and each story fills it with its own content: every name
//! becomes an invented name (consistently within the story), every acronym
//! invented letters, every figure a fresh figure, and about 85% of content
//! words another content word of the same suffix group. Two unrelated
//! stories then share well under 1% of their word 5-shingles (the test
//! `unrelated_stories_share_almost_no_shingles` measures it), while the
//! function words, sentence shapes and stock phrasing stay those of news.
//!
//! # Reprint edits
//!
//! A reprint keeps a prefix of the wire story's paragraphs, a random subset,
//! or a prefix with a block moved; drops or keeps the headline, caption and
//! contributor line; trims the last paragraph; splits and merges
//! paragraphs; substitutes words; spells one person's name differently
//! (Zelensky / Zelenskyy); puts `Mr` or a title before surnames; changes
//! figures; uses straight or curly quotes and British or American spelling;
//! keeps, shortens or cuts the dateline; and adds its own paragraphs before,
//! inside and after the wire text, promos, a caption and its boilerplate.
//! `kept` counts the words of the source paragraphs carried over, edited or
//! not, over the source's words.
//!
//! # Determinism and speed
//!
//! Every story, reprint and article draws from its own SplitMix64 stream
//! derived from the seed and its coordinates, so the corpus is the same
//! whatever the thread count, and units are generated in parallel batches
//! (rayon). Documents come out in publication order; a wire story is always
//! published before its reprints.
//!
//! # Example
//!
//! ```
//! use reprint_testkit::{generate, CorpusConfig, Role};
//!
//! let config = CorpusConfig { stories: 5, unrelated_docs: 3, ..CorpusConfig::default() };
//! let corpus = generate(&config)?;
//! assert_eq!(corpus.docs.len(), config.planned_docs());
//! // The seed story: 001 reprints 000.
//! let pairs = corpus.truth.pairs(0.0);
//! assert!(pairs.contains(&("000_0a47ab44ad2963a8", "001_4c2b0efe4e2e1cd4")));
//! for doc in &corpus.docs {
//!     if let Role::Reprint { source, kept, .. } = &doc.role {
//!         let wire = corpus.doc(source).expect("the source is in the corpus");
//!         assert!(wire.published < doc.published && *kept > 0.0 && *kept <= 1.0);
//!     }
//! }
//! # Ok::<(), reprint::Error>(())
//! ```

mod articles;
mod corpus;
mod edits;
mod eval;
mod json;
mod lexicon;
mod markov;
#[deny(missing_docs)]
pub mod naive;
mod ocr;
mod outlets;
mod reuse;
mod rng;
mod story;

pub use corpus::{
    generate, stream, Corpus, CorpusConfig, DocStream, GeneratedDoc, PassageKind, PassageSpan,
    PassageTruth, ReprintTruth, RivalTruth, Role, SharedPassage, Truth,
};
pub use eval::{
    score, score_reuse, story_of, CaseScore, KeptBucket, ReuseScores, Scores, KEPT_EDGES,
};
pub use json::{rfc3339, write_jsonl};

/// The five real articles of `seeds/` as documents, in file order, with
/// their file stems as ids (`000_0a47ab44ad2963a8`, …) and outlet names.
/// They are compiled in, so tests and examples need no files.
pub fn seed_documents() -> Vec<reprint::Document> {
    lexicon::SEEDS
        .iter()
        .map(|s| reprint::Document::new(s.id, s.text).with_outlet(s.outlet))
        .collect()
}

/// The first half of each document's paragraphs (rounded down), as a
/// document of its own with the id `half-{id}`: a partial reprint of each.
pub fn first_halves(docs: &[reprint::Document]) -> Vec<reprint::Document> {
    docs.iter()
        .map(|d| {
            let paras: Vec<&str> = d.text.split("\n\n").collect();
            reprint::Document::new(
                format!("half-{}", d.id),
                paras[..paras.len() / 2].join("\n\n"),
            )
        })
        .collect()
}

/// `items` in the order a Fisher-Yates shuffle driven by xorshift64 from
/// `seed` gives: the same order for the same seed, on every machine.
pub fn shuffled<T: Clone>(items: &[T], seed: u64) -> Vec<T> {
    let mut out = items.to_vec();
    let mut state = seed | 1;
    for i in (1..out.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.swap(i, (state % (i as u64 + 1)) as usize);
    }
    out
}
