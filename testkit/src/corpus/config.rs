//! [`CorpusConfig`]: what to generate, its presets and its validation.

use std::ops::RangeInclusive;

use reprint::{Error, Result};

/// An [`Error::InvalidConfig`] for a generator setting.
pub(super) fn config_error(
    param: &'static str,
    value: impl std::fmt::Display,
    expected: &'static str,
) -> Error {
    Error::InvalidConfig {
        param,
        value: value.to_string(),
        expected,
    }
}

/// Most documents in one group of briefs, hosts or template instances (ids
/// keep 8 bits for the document within a unit).
const MAX_GROUP: usize = 200;

/// Most reprints per story (ids keep 8 bits for the document within a story).
const MAX_REPRINTS: usize = 200;

/// What to generate. `Default` gives about 3,500 documents.
///
/// Every field can be changed; [`generate`] and [`stream`] check them
/// (see [`CorpusConfig::validate`]).
///
/// [`generate`]: crate::generate
/// [`stream`]: crate::stream
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusConfig {
    /// Seed of every random choice: the same config gives the same corpus.
    pub seed: u64,
    /// Number of generated wire stories (not counting the seed story).
    pub stories: usize,
    /// Reprints per wire story, each by a different outlet (uniform in the
    /// range; 0 leaves a story unreprinted).
    pub reprints_per_story: RangeInclusive<usize>,
    /// Share of stories that also get an independent rival report quoting
    /// a short quotation (at most 14 words) of the wire story.
    pub rival_share: f64,
    /// Number of outlets' own articles, unrelated to any story.
    pub unrelated_docs: usize,
    /// Number of outlets. Must exceed the most reprints per story.
    pub outlets: usize,
    /// Body paragraphs of a wire story (of 1–4 sentences each).
    pub story_paragraphs: RangeInclusive<usize>,
    /// Lowest fraction of a wire story a reprint aims to keep (0–1).
    pub min_kept: f64,
    /// Scales the probability of every reprint edit (1 is the default mix;
    /// 0 leaves kept paragraphs verbatim, up to quotes and spellings of the
    /// outlet's house style).
    pub edit_rate: f64,
    /// Include the real seed articles as one story: `000_…` the wire story,
    /// `001_…` and `003_…` its reprints, `002_…` and `004_…` rival reports.
    pub include_seed_story: bool,
    /// Unix time of the first document.
    pub start: i64,
    /// Seconds between consecutive stories or unrelated articles.
    pub spacing_secs: i64,
    /// Number of wire briefs: items of 20–60 words (a headline and one or
    /// two sentences) reprinted whole, with at most two word edits, by
    /// [`brief_reprints`](Self::brief_reprints) outlets. 0 (the default)
    /// makes none.
    pub briefs: usize,
    /// Reprints per brief, each by a different outlet.
    pub brief_reprints: RangeInclusive<usize>,
    /// Share of story reprints that are *partial*: they aim at a fraction of
    /// the story's body drawn from [`partial_kept`](Self::partial_kept)
    /// instead of the usual mix. 0 (the default) makes none.
    pub partial_share: f64,
    /// Target fraction of the body a partial reprint keeps (the kept
    /// fraction recorded, which counts the headline if kept, comes close).
    pub partial_kept: RangeInclusive<f64>,
    /// Number of passages pasted into long unrelated documents: each is a
    /// passage of [`passage_words`](Self::passage_words) words found in
    /// [`passage_hosts`](Self::passage_hosts) outlets' own articles of
    /// [`host_words`](Self::host_words) words or so. 0 (the default) makes
    /// none.
    pub passages: usize,
    /// Words of a pasted passage (exactly, as alphanumeric runs).
    pub passage_words: RangeInclusive<usize>,
    /// Documents a passage is pasted into (at least 2).
    pub passage_hosts: RangeInclusive<usize>,
    /// Approximate words of a document a passage is pasted into.
    pub host_words: RangeInclusive<usize>,
    /// Number of follow-ups: pairs of a wire story and a later story by the
    /// same wire that repeats one of its paragraphs verbatim as background
    /// (a shared passage, not a reprint). 0 (the default) makes none.
    pub follow_ups: usize,
    /// Number of recurring reports: an outlet's report text published
    /// [`template_instances`](Self::template_instances) times with other
    /// figures and names (related as a template, not a reprint). 0 (the
    /// default) makes none.
    pub templates: usize,
    /// Instances of each recurring report, a week apart.
    pub template_instances: RangeInclusive<usize>,
    /// OCR noise: expected character edits per character (0.02–0.05 is
    /// typical of scanned newspapers) of look-alike substitutions, split and
    /// joined words and hyphenations at line ends (see
    /// [`GeneratedDoc::ocr_edits`]). 0 (the default) leaves text clean.
    ///
    /// [`GeneratedDoc::ocr_edits`]: crate::GeneratedDoc::ocr_edits
    pub ocr_rate: f64,
    /// Share of reprints (of stories and briefs) that go through the OCR
    /// channel, when `ocr_rate > 0`.
    pub ocr_share: f64,
    /// Also put every other document (wire copy, rivals, unrelated and
    /// long articles, follow-ups, reports) through the OCR channel.
    pub ocr_all: bool,
}

impl Default for CorpusConfig {
    fn default() -> Self {
        CorpusConfig {
            seed: 1,
            stories: 600,
            reprints_per_story: 0..=6,
            rival_share: 0.25,
            unrelated_docs: 900,
            outlets: 40,
            story_paragraphs: 12..=31,
            min_kept: 0.1,
            edit_rate: 1.0,
            include_seed_story: true,
            start: 1_644_310_800, // 2022-02-08T09:00:00Z
            spacing_secs: 240,
            briefs: 0,
            brief_reprints: 2..=5,
            partial_share: 0.0,
            partial_kept: 0.05..=0.3,
            passages: 0,
            passage_words: 50..=500,
            passage_hosts: 2..=3,
            host_words: 2_000..=6_000,
            follow_ups: 0,
            templates: 0,
            template_instances: 3..=6,
            ocr_rate: 0.0,
            ocr_share: 1.0,
            ocr_all: false,
        }
    }
}

impl CorpusConfig {
    /// Reuse of every size: the default corpus (same seed, stories and
    /// unrelated articles) plus every case the default leaves out, for
    /// measuring recall case by case (see [`score_reuse`](crate::score_reuse)):
    ///
    /// - 300 wire briefs of 20–60 words, each reprinted by 2–5 outlets with
    ///   at most two word edits;
    /// - a quarter of story reprints partial, keeping 5–30% of the story;
    /// - 60 passages of 50–500 words, each pasted into 2–3 unrelated
    ///   articles of 2,000–6,000 words;
    /// - 60 follow-ups sharing one background paragraph with an earlier
    ///   story;
    /// - 30 recurring reports of 3–6 instances each;
    /// - OCR noise at 3% of characters on a third of the reprints.
    ///
    /// About 5,200 documents.
    ///
    /// ```
    /// use reprint_testkit::CorpusConfig;
    ///
    /// let config = CorpusConfig::reuse_of_every_size();
    /// assert_eq!(config.briefs, 300);
    /// let smaller = config.with_total_docs(3_000)?;
    /// assert_eq!(smaller.planned_docs(), 3_000);
    /// # Ok::<(), reprint::Error>(())
    /// ```
    pub fn reuse_of_every_size() -> Self {
        CorpusConfig {
            briefs: 300,
            partial_share: 0.25,
            passages: 60,
            follow_ups: 60,
            templates: 30,
            ocr_rate: 0.03,
            ocr_share: 1.0 / 3.0,
            ..CorpusConfig::default()
        }
    }

    /// Checks every field.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] naming the first field out of range.
    pub fn validate(&self) -> Result<()> {
        let r = &self.reprints_per_story;
        if r.start() > r.end() || *r.end() > MAX_REPRINTS {
            return Err(config_error(
                "reprints_per_story",
                format!("{}..={}", r.start(), r.end()),
                "a non-empty range ending at most at 200",
            ));
        }
        if self.outlets <= *r.end() || self.outlets > 1_000_000 {
            return Err(config_error(
                "outlets",
                self.outlets,
                "more than the most reprints per story, and at most 1,000,000",
            ));
        }
        let p = &self.story_paragraphs;
        if *p.start() < 2 || p.start() > p.end() || *p.end() > 1_000 {
            return Err(config_error(
                "story_paragraphs",
                format!("{}..={}", p.start(), p.end()),
                "a range within 2..=1000",
            ));
        }
        // Briefs' reprints and a passage's hosts are by distinct outlets;
        // a report's instances by one.
        for (name, r, used, distinct) in [
            ("brief_reprints", &self.brief_reprints, self.briefs, true),
            ("passage_hosts", &self.passage_hosts, self.passages, true),
            (
                "template_instances",
                &self.template_instances,
                self.templates,
                false,
            ),
        ] {
            let least = usize::from(name == "passage_hosts") * 2;
            if *r.start() < least
                || r.start() > r.end()
                || *r.end() > MAX_GROUP
                || (used > 0 && distinct && *r.end() > self.outlets)
            {
                return Err(config_error(
                    name,
                    format!("{}..={}", r.start(), r.end()),
                    "a non-empty range ending at most at 200 and at the outlets \
                     (passage_hosts from 2)",
                ));
            }
        }
        for (name, r, lo, hi) in [
            ("passage_words", &self.passage_words, 1, 100_000),
            ("host_words", &self.host_words, 100, 1_000_000),
        ] {
            if *r.start() < lo || r.start() > r.end() || *r.end() > hi {
                return Err(config_error(
                    name,
                    format!("{}..={}", r.start(), r.end()),
                    "a non-empty range of sensible sizes (passages 1..=100000, hosts 100..=1000000 words)",
                ));
            }
        }
        let k = &self.partial_kept;
        if !(0.0 < *k.start() && k.start() <= k.end() && *k.end() <= 1.0) {
            return Err(config_error(
                "partial_kept",
                format!("{}..={}", k.start(), k.end()),
                "a non-empty range of fractions within (0, 1]",
            ));
        }
        for (name, v) in [
            ("rival_share", self.rival_share),
            ("min_kept", self.min_kept),
            ("partial_share", self.partial_share),
            ("ocr_rate", self.ocr_rate),
            ("ocr_share", self.ocr_share),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(config_error(name, v, "a fraction in [0, 1]"));
            }
        }
        if !(0.0..=10.0).contains(&self.edit_rate) {
            return Err(config_error("edit_rate", self.edit_rate, "in [0, 10]"));
        }
        let most = [
            self.stories,
            self.unrelated_docs,
            self.briefs,
            self.passages,
            self.follow_ups,
            self.templates,
        ]
        .into_iter()
        .max()
        .unwrap_or(0);
        if most > 1 << 40 {
            return Err(config_error(
                "stories",
                most,
                "stories, unrelated_docs, briefs, passages, follow_ups and templates at most 2^40",
            ));
        }
        if !(0..=4_000_000_000).contains(&self.start) {
            return Err(config_error(
                "start",
                self.start,
                "unix seconds in 1970..2096",
            ));
        }
        if !(1..=86_400 * 365).contains(&self.spacing_secs) {
            return Err(config_error(
                "spacing_secs",
                self.spacing_secs,
                "1 second to 1 year",
            ));
        }
        Ok(())
    }
}
