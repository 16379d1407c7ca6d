//! Paragraph alignment of a reprint against its source: what an outlet took
//! from the wire story, what it changed, and what it added.
//!
//! [`align`] reads both texts with [`Tokenizer`] and
//! reports, for every reprint paragraph, whether it was [`Copied`](Kind::Copied)
//! (same normalized words as a source paragraph), [`Edited`](Kind::Edited)
//! (derived from one or more source paragraphs, with word-level edits) or
//! [`Added`](Kind::Added); every source paragraph the reprint never uses is
//! omitted. Splits (one source paragraph becomes several consecutive reprint
//! paragraphs), merges (several source paragraphs in one reprint paragraph)
//! and moved paragraphs are recognised. Every paragraph and every edit
//! carries byte spans into the original texts, and the whole [`Alignment`]
//! serializes with serde.
//!
//! # Long paragraphs
//!
//! A paragraph of more than [`LONG_PARAGRAPH_WORDS`] words (a scanned page
//! column, a transcript, a feed that never breaks lines) is aligned as
//! windows of whole sentences of about [`WINDOW_WORDS`] words, each
//! reported as a paragraph: a passage copied into a long paragraph of
//! other text is then a window of its own, where the whole paragraph would
//! be too little covered to count as derived from anything.
//!
//! # Algorithm
//!
//! 1. **Identical paragraphs.** A reprint paragraph whose token hash sequence
//!    equals a source paragraph's is `Copied` (among several identical source
//!    paragraphs, the first one after the previous copy is taken, so a text
//!    aligned with itself maps paragraph `i` to paragraph `i`).
//! 2. **Shared passages.** Every remaining reprint paragraph is compared with
//!    every source paragraph through their word 3-grams (hashed by
//!    [`Shingler`](crate::Shingler) and looked up in a hash table of the
//!    source's 3-grams, so the cost is linear in the text). For each pair
//!    sharing any 3-gram we measure
//!    - *coverage* on each side: the share of the paragraph's **words** that
//!      lie inside a 3-gram the other paragraph also has. Words, not
//!      3-grams: one substituted word removes three 3-grams but only one
//!      covered word, so coverage degrades with the amount of editing, not
//!      three times faster; and words are the unit of the summary figures.
//!    - the *longest run*: the longest stretch of consecutive identical words
//!      the two paragraphs share.
//!
//!    Coverage is measured both ways because both shapes of reuse occur: a
//!    half of a split source paragraph is almost wholly *contained* in its
//!    source (high reprint-side coverage, low Jaccard), and a source paragraph
//!    merged into a longer reprint paragraph is contained in it.
//! 3. **Which pairs are derivations.** The evidence a pair can carry:
//!    - *mass*: at least [`min_coverage`](AlignConfig::min_coverage) (½) of
//!      the shorter paragraph is covered, and the shared text is at least
//!      [`min_shared_words`](AlignConfig::min_shared_words) (7) words, or
//!      both paragraphs are at least half covered (two short paragraphs that
//!      are mostly the same words).
//!    - *a long run*: at least [`anchor_words`](AlignConfig::anchor_words)
//!      (10) consecutive identical words.
//!    - *a half run*: a run of at least half the shorter paragraph.
//!
//!    The numbers come from what independent reports share. The seed
//!    stories of one event that are not reprints of each other share runs of
//!    at most six words (`to prevent an escalation and open`, `said it would
//!    take time to`, `macron told reporters on the plane`): seven shared
//!    words is more than a shared quote. Copied sentences run longer than
//!    ten words; the formulaic phrases that captions and headlines share
//!    (`French President Emmanuel Macron`, `in Kyiv, Ukraine, on Tuesday`)
//!    are three to five.
//!
//!    A pair with mass, a long run and seven shared words is an **anchor**,
//!    accepted on its own; so is an identical paragraph of at least seven
//!    words. A pair with any one kind of evidence is accepted when the
//!    reprint paragraph already has an anchor (the pair is then a further
//!    source of a merge), or when its source paragraph lies between the
//!    source paragraphs of the nearest anchored reprint paragraphs before
//!    and after it (both included): the gap-filling step of anchored diffs
//!    such as patience diff. That is what tells the rewritten headline of
//!    001 (its first paragraph, matching 000's first paragraph, before the
//!    first anchor) from 001's new photo caption, which shares as many
//!    words (names, titles, "in Kyiv, Ukraine, on Tuesday") with 000's
//!    caption but sits between reprint paragraphs taken from 000's
//!    paragraphs 3 and 5. A text pair without any anchor has no derived
//!    paragraph: that is how independent stories that share quotes stay
//!    apart. The price: a paragraph that moved far from its neighbours is
//!    found only if it carries an anchor of its own.
//!
//!    A further source of a merge must explain at least half of the words
//!    it covers that no better source already covers, so a source that
//!    repeats itself does not fake a merge.
//! 4. **Splits, merges, moves.** A reprint paragraph with several sources is
//!    a merge. Consecutive reprint paragraphs with the same single source,
//!    covering different parts of it, are a split. A paragraph is moved when
//!    it is not on the longest chain of derived paragraphs whose source
//!    positions never go backwards.
//! 5. **Word edits.** Each derived paragraph (a split: the pieces together;
//!    a merge: its sources in the order the reprint uses them) is diffed
//!    word by word on token hashes interned to `u32` (Myers' O(ND) algorithm
//!    in linear space, written for this crate; no diff dependency is needed
//!    for token sequences this short). A stretch of common words at most
//!    half as long as the changes on both sides of it is absorbed into them
//!    (a minimal diff of a rewritten sentence otherwise keeps stray `a`s and
//!    `the`s and reads as confetti). Other replaced runs (light edits, not
//!    rewrites) are then refined: words
//!    that are spelling variants of each other (a common subsequence of at
//!    least two thirds of their chars: `Zelensky`/`Zelenskyy`) become one-for-one
//!    substitutions, the rest stay insertions and deletions. A paragraph's
//!    similarity is `2·matched / (its words + the source words it replaces)`.
//!
//! Summary figures count words: the share of the reprint's words matched to
//! source words, and the share of the source's words reused.
//!
//! Cost: linear in the number of 3-grams for the matching, plus one small
//! diff per derived paragraph; two 1,000-word articles align in well under a
//! millisecond (see `BENCHMARKS.md`).
//!
//! # Example
//!
//! ```
//! use reprint::diff::{align, AlignConfig, Kind};
//!
//! let wire = "Moscow has massed more than 100,000 troops near Ukraine's borders, \
//!             but insists it has no plans to attack.\n\n\
//!             Macron met with Ukrainian President Volodymyr Zelensky amid mounting \
//!             fears of a Russian invasion of the country.\n\n\
//!             World leaders are trying to walk a diplomatic tightrope.";
//! let reprint = "President Macron met with Ukrainian President Volodymyr Zelenskyy amid \
//!                mounting fears of a Russian invasion of the country.\n\n\
//!                Moscow has massed more than 100,000 troops near Ukraine's borders, \
//!                but insists it has no plans to attack.\n\n\
//!                Listen to our podcast.";
//! let report = align(wire, reprint, &AlignConfig::default());
//! let kinds: Vec<Kind> = report.paragraphs.iter().map(|p| p.kind).collect();
//! assert_eq!(kinds, [Kind::Edited, Kind::Copied, Kind::Added]);
//! assert_eq!(report.omitted_source_paragraphs, [2]);
//! let edit = &report.paragraphs[0].edits[1];
//! assert_eq!(&wire[edit.source.range()], "Zelensky");
//! assert_eq!(&reprint[edit.reprint.range()], "Zelenskyy");
//! assert_eq!(report.summary.moved, 1);
//! println!("{}", report.render(wire, reprint));
//! ```

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use crate::text::{Analysis, Paragraph, Tokenizer};
use crate::{Error, Result};

mod blocks;
mod paragraphs;
mod render;
mod similarity;
mod words;

pub use render::{Mark, Render, RenderItem, Snippet};

/// Aligns `reprint` against `source`, tokenizing both with [`Tokenizer::new`].
///
/// See the [module docs](self) for the algorithm. Never panics; empty texts
/// give an empty alignment.
pub fn align(source: &str, reprint: &str, config: &AlignConfig) -> Alignment {
    let tokenizer = Tokenizer::new();
    let s = tokenizer.analyze(source);
    let r = tokenizer.analyze(reprint);
    align_analyzed(source, &s, reprint, &r, config)
}

/// Aligns texts that are already analyzed, for callers who tokenized once.
///
/// `source_analysis` must come from `source` and `reprint_analysis` from
/// `reprint`, made by tokenizers with the same seed. The texts are read only
/// to compare the spelling of replaced words. Given mismatched analyses the
/// result is meaningless but the call does not panic.
pub fn align_analyzed(
    source: &str,
    source_analysis: &Analysis,
    reprint: &str,
    reprint_analysis: &Analysis,
    config: &AlignConfig,
) -> Alignment {
    AlignSource::new(source, source_analysis, config).align(reprint, reprint_analysis)
}

/// A source prepared once to be aligned with many texts (a wire story with
/// each of its reprints): [`align`](Self::align) gives what
/// [`align_analyzed`] gives, without indexing the source's words again for
/// each reprint.
///
/// ```
/// use reprint::diff::{align_analyzed, AlignConfig, AlignSource};
/// use reprint::Tokenizer;
///
/// let wire = "Troops massed near the border on Monday.\n\nTalks resume on Friday in Geneva.";
/// let reprints = [
///     "Troops massed near the border on Monday.\n\nOur reporter adds more.",
///     "Talks resume on Friday in Geneva, officials said.",
/// ];
/// let (tokenizer, config) = (Tokenizer::new(), AlignConfig::default());
/// let analysis = tokenizer.analyze(wire);
/// let source = AlignSource::new(wire, &analysis, &config);
/// for reprint in reprints {
///     let r = tokenizer.analyze(reprint);
///     assert_eq!(source.align(reprint, &r), align_analyzed(wire, &analysis, reprint, &r, &config));
/// }
/// ```
pub struct AlignSource<'a> {
    text: &'a str,
    /// Its analysis, long paragraphs cut into windows of sentences.
    analysis: Cow<'a, Analysis>,
    index: similarity::SourceIndex,
    config: AlignConfig,
}

impl<'a> AlignSource<'a> {
    /// `source`, analyzed as `analysis` (by a tokenizer with the seed the
    /// reprints' analyses will have), prepared for alignments under
    /// `config`.
    pub fn new(source: &'a str, analysis: &'a Analysis, config: &AlignConfig) -> Self {
        let analysis = windowed(source, analysis);
        let index = paragraphs::source_index(&analysis, config);
        AlignSource {
            text: source,
            analysis,
            index,
            config: *config,
        }
    }

    /// Aligns `reprint`, analyzed as `analysis`, against the source (as
    /// [`align_analyzed`] does; mismatched analyses give a meaningless
    /// result but no panic).
    pub fn align(&self, reprint: &str, analysis: &Analysis) -> Alignment {
        let r = windowed(reprint, analysis);
        paragraphs::align(
            self.text,
            &self.analysis,
            &self.index,
            reprint,
            &r,
            &self.config,
        )
    }
}

impl fmt::Debug for AlignSource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlignSource")
            .field("paragraphs", &self.analysis.paragraphs.len())
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// Paragraphs of more words than this are aligned as windows of sentences
/// (see the module docs). News paragraphs stay well under it (the longest
/// of the seeds, a block of bullet points, has 220 words); a scanned page
/// column or a feed without line breaks does not.
pub const LONG_PARAGRAPH_WORDS: usize = 300;

/// Words a window of a long paragraph reaches before it ends at the next
/// sentence end (or, in a run of text without one, is cut).
pub const WINDOW_WORDS: usize = 60;

/// `analysis` with its long paragraphs cut into windows of sentences.
fn windowed<'a>(text: &str, analysis: &'a Analysis) -> Cow<'a, Analysis> {
    let long = |p: &Paragraph| p.tokens.len() > LONG_PARAGRAPH_WORDS;
    if !analysis.paragraphs.iter().any(long) {
        return Cow::Borrowed(analysis);
    }
    let tokens = &analysis.tokens;
    let mut paragraphs = Vec::with_capacity(analysis.paragraphs.len());
    for p in &analysis.paragraphs {
        if !long(p) {
            paragraphs.push(p.clone());
            continue;
        }
        let mut start = p.tokens.start;
        for t in p.tokens.clone() {
            let words = t + 1 - start;
            let last = t + 1 == p.tokens.end;
            // A sentence ends where the text between this word and the next
            // holds a full stop, a question or an exclamation mark.
            let gap = match last {
                true => "",
                false => text.get(tokens[t].end..tokens[t + 1].start).unwrap_or(""),
            };
            let sentence_end = gap.contains(['.', '!', '?']);
            let rest = p.tokens.end - (t + 1);
            let cut = (words >= WINDOW_WORDS && sentence_end && rest >= WINDOW_WORDS / 2)
                || words >= 2 * WINDOW_WORDS
                || last;
            if cut {
                // The first window starts where the paragraph does, the last
                // ends where it does; a sentence keeps its closing mark.
                let from = match start == p.tokens.start {
                    true => p.span.start,
                    false => tokens[start].start,
                };
                let to = match (last, gap.find(['.', '!', '?'])) {
                    (true, _) => p.span.end,
                    (false, Some(i)) if sentence_end => tokens[t].end + i + 1,
                    _ => tokens[t].end,
                };
                paragraphs.push(Paragraph {
                    span: from..to,
                    tokens: start..t + 1,
                });
                start = t + 1;
            }
        }
    }
    Cow::Owned(Analysis {
        tokens: analysis.tokens.clone(),
        paragraphs,
    })
}

/// Thresholds of the alignment, with the defaults the module docs justify.
///
/// Built with [`AlignConfig::default`] and the validating `with_*` setters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlignConfig {
    shingle_words: usize,
    min_coverage: f64,
    min_shared_words: usize,
    anchor_words: usize,
}

impl Default for AlignConfig {
    fn default() -> Self {
        AlignConfig {
            shingle_words: 3,
            min_coverage: 0.5,
            min_shared_words: 7,
            anchor_words: 10,
        }
    }
}

impl AlignConfig {
    /// Same as [`AlignConfig::default`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Words per shingle used to find shared passages (default 3).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] unless `1 <= k <= 16`.
    pub fn with_shingle_words(self, k: usize) -> Result<Self> {
        if !(1..=16).contains(&k) {
            return Err(Error::config("shingle_words", k, "between 1 and 16"));
        }
        Ok(AlignConfig {
            shingle_words: k,
            ..self
        })
    }

    /// Share of the shorter paragraph that must be shared text (default 0.5).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] unless `0 < x <= 1`.
    pub fn with_min_coverage(self, x: f64) -> Result<Self> {
        if !(x > 0.0 && x <= 1.0) {
            return Err(Error::config("min_coverage", x, "in (0, 1]"));
        }
        Ok(AlignConfig {
            min_coverage: x,
            ..self
        })
    }

    /// Fewest shared words that make a pair of paragraphs related, unless
    /// both are mostly shared (default 7).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] if `n` is 0.
    pub fn with_min_shared_words(self, n: usize) -> Result<Self> {
        if n == 0 {
            return Err(Error::config("min_shared_words", n, "at least 1"));
        }
        Ok(AlignConfig {
            min_shared_words: n,
            ..self
        })
    }

    /// Length in words of a shared run that counts as a copied passage
    /// (default 10).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] if `n` is 0.
    pub fn with_anchor_words(self, n: usize) -> Result<Self> {
        if n == 0 {
            return Err(Error::config("anchor_words", n, "at least 1"));
        }
        Ok(AlignConfig {
            anchor_words: n,
            ..self
        })
    }

    /// Words per shingle.
    pub fn shingle_words(&self) -> usize {
        self.shingle_words
    }

    /// Required coverage of the shorter paragraph.
    pub fn min_coverage(&self) -> f64 {
        self.min_coverage
    }

    /// Fewest shared words.
    pub fn min_shared_words(&self) -> usize {
        self.min_shared_words
    }

    /// Length of a shared run that counts as a copied passage.
    pub fn anchor_words(&self) -> usize {
        self.anchor_words
    }
}

/// A byte range in one of the original texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset just past the last byte (`start` for an empty span, which
    /// marks a position).
    pub end: usize,
}

impl Span {
    /// The span as a `Range`, to slice the text with.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Whether the span is empty (a position between words).
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span {
            start: r.start,
            end: r.end,
        }
    }
}

/// What became of a reprint paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[non_exhaustive]
pub enum Kind {
    /// The same words as one source paragraph (after normalization).
    Copied,
    /// Derived from one or more source paragraphs, with changes.
    Edited,
    /// Not from the source.
    Added,
}

/// How a derived reprint paragraph relates to its source paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[non_exhaustive]
pub enum Mapping {
    /// An added paragraph: no source.
    None,
    /// One source paragraph, one reprint paragraph.
    Single,
    /// One piece of a source paragraph split over consecutive reprint
    /// paragraphs (see [`Alignment::splits`]).
    Split,
    /// Several source paragraphs merged into this one.
    Merge,
}

/// What kind of word edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[non_exhaustive]
pub enum EditKind {
    /// Words only in the reprint.
    Insert,
    /// Words only in the source.
    Delete,
    /// Source words replaced by reprint words.
    Substitute,
}

/// One word-level edit inside an edited paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WordEdit {
    /// Insertion, deletion or substitution.
    pub kind: EditKind,
    /// The source words (an empty span, at the insertion point, for an
    /// insertion).
    pub source: Span,
    /// The reprint words (an empty span, where the deleted words were, for
    /// a deletion).
    pub reprint: Span,
    /// Number of source words.
    pub source_words: usize,
    /// Number of reprint words.
    pub reprint_words: usize,
}

/// One paragraph of the reprint and where it came from.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ReprintParagraph {
    /// Byte offset of the paragraph in the reprint.
    pub start: usize,
    /// Byte offset just past the paragraph.
    pub end: usize,
    /// Copied, edited or added.
    pub kind: Kind,
    /// Indexes of the source paragraphs it derives from (into the source's
    /// [`Analysis::paragraphs`]), in the order the reprint uses them; empty
    /// when added.
    pub source_paragraphs: Vec<usize>,
    /// Word similarity to what it derives from: 1 when copied, 0 when added.
    pub similarity: f64,
    /// Single, split piece, merge, or none.
    pub mapping: Mapping,
    /// Whether the paragraph is out of the source's order.
    pub moved: bool,
    /// Word edits, in reprint order (empty unless edited).
    pub edits: Vec<WordEdit>,
}

impl ReprintParagraph {
    /// [`similarity`](Self::similarity) in whole percent as a reader should
    /// see it: 100 only when copied, at most 99 when edited (rounded down,
    /// so an edit never reads "100% alike"), 0 when added.
    ///
    /// ```
    /// use reprint::diff::{Kind, Mapping, ReprintParagraph};
    ///
    /// let mut p = ReprintParagraph {
    ///     start: 0,
    ///     end: 10,
    ///     kind: Kind::Edited,
    ///     source_paragraphs: vec![0],
    ///     similarity: 0.996,
    ///     mapping: Mapping::Single,
    ///     moved: false,
    ///     edits: Vec::new(),
    /// };
    /// assert_eq!(p.similarity_percent(), 99);
    /// p.kind = Kind::Copied;
    /// assert_eq!(p.similarity_percent(), 100);
    /// ```
    pub fn similarity_percent(&self) -> u32 {
        match self.kind {
            Kind::Copied => 100,
            Kind::Edited => ((self.similarity * 100.0).floor() as u32).min(99),
            Kind::Added => 0,
        }
    }

    /// The paragraph's byte span in the reprint.
    pub fn span(&self) -> Span {
        Span {
            start: self.start,
            end: self.end,
        }
    }
}

/// One paragraph of the source and the reprint paragraphs that use it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SourceParagraph {
    /// Byte offset of the paragraph in the source.
    pub start: usize,
    /// Byte offset just past the paragraph.
    pub end: usize,
    /// Indexes of the reprint paragraphs derived from it; empty when omitted.
    pub reprint_paragraphs: Vec<usize>,
}

/// A source paragraph split over consecutive reprint paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Split {
    /// Index of the source paragraph.
    pub source_paragraph: usize,
    /// Indexes of the reprint paragraphs, in order (at least two).
    pub reprint_paragraphs: Vec<usize>,
}

/// Figures for the whole reprint.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Summary {
    /// Words in the reprint.
    pub reprint_words: usize,
    /// Words in the source.
    pub source_words: usize,
    /// Reprint words matched to source words.
    pub taken_words: usize,
    /// Distinct source words matched by some reprint word.
    pub reused_words: usize,
    /// `taken_words / reprint_words`: the share of the reprint from the source.
    pub taken_share: f64,
    /// `reused_words / source_words`: the share of the source reused.
    pub reused_share: f64,
    /// Copied reprint paragraphs.
    pub copied: usize,
    /// Edited reprint paragraphs.
    pub edited: usize,
    /// Added reprint paragraphs.
    pub added: usize,
    /// Omitted source paragraphs.
    pub omitted: usize,
    /// Source paragraphs split in the reprint.
    pub splits: usize,
    /// Reprint paragraphs merging several source paragraphs.
    pub merges: usize,
    /// Derived reprint paragraphs out of the source's order.
    pub moved: usize,
}

/// The alignment of a reprint against its source.
///
/// `Display` prints a compact report without the texts; [`render`](Self::render)
/// prints the paragraphs themselves with their word edits.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Alignment {
    /// Every reprint paragraph, in order (as [`Analysis::paragraphs`]).
    pub paragraphs: Vec<ReprintParagraph>,
    /// Indexes of the source paragraphs no reprint paragraph uses.
    pub omitted_source_paragraphs: Vec<usize>,
    /// Every source paragraph, in order, with its users.
    pub source: Vec<SourceParagraph>,
    /// Source paragraphs split over consecutive reprint paragraphs.
    pub splits: Vec<Split>,
    /// Word counts, shares and counts per kind.
    pub summary: Summary,
}

impl Alignment {
    /// A report of the paragraphs with their text, markers and inline word
    /// edits; see [`Render`].
    pub fn render<'a>(&'a self, source: &'a str, reprint: &'a str) -> Render<'a> {
        Render::new(self, source, reprint)
    }
}

impl fmt::Display for Alignment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        render::summary_lines(self, f)?;
        for (i, p) in self.paragraphs.iter().enumerate() {
            write!(
                f,
                "{} r{i:<3} {:>6}..{:<6}",
                Mark::from(p.kind).symbol(),
                p.start,
                p.end
            )?;
            if p.kind != Kind::Added {
                write!(f, " {}", render::label(p))?;
                if !p.edits.is_empty() {
                    write!(f, ", {} edits", p.edits.len())?;
                }
            }
            writeln!(f)?;
        }
        for &s in &self.omitted_source_paragraphs {
            if let Some(p) = self.source.get(s) {
                writeln!(f, "- s{s:<3} {:>6}..{:<6} omitted", p.start, p.end)?;
            }
        }
        Ok(())
    }
}
