//! The corpus: configuration, plan, streaming generation, truth.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap};
use std::ops::RangeInclusive;
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::articles::{own_article, rival_text, text_words, wire_text, Wire};
use super::edits::{reprint, round4, EditParams};
use super::lexicon::SEEDS;
use super::markov::{model, Model};
use super::ocr::ocr;
use super::outlets::{outlets, Outlet};
use super::reuse::{brief, brief_reprint, follow_up, host_article, passage, template_reports};
use super::rng::{derive, Rng};
use super::story::generate_story;
use crate::rng::mix64;
use reprint::{Error, Result, Shingler, Tokenizer};

/// An [`Error::InvalidConfig`] for a generator setting.
fn config_error(
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

/// Derivation tags: every random choice is made from a stream derived from
/// the seed and one of these, plus the unit's coordinates.
const TAG_PLAN: u64 = 100;
const TAG_ORDER: u64 = 101;
const TAG_TIME: u64 = 102;
const TAG_STORY: u64 = 103;
const TAG_KEY: u64 = 104;
const TAG_REPRINT: u64 = 105;
const TAG_OWN: u64 = 106;
const TAG_RIVAL: u64 = 107;
const TAG_UNRELATED: u64 = 108;
const TAG_IDS: u64 = 109;
const TAG_BRIEF: u64 = 110;
const TAG_PASSAGE: u64 = 111;
const TAG_FOLLOW_UP: u64 = 112;
const TAG_TEMPLATE: u64 = 113;
const TAG_PARTIAL: u64 = 114;
const TAG_OCR: u64 = 115;

/// Story numbers of briefs start here, those of follow-ups at twice this
/// (generated stories are numbered from 1, at most 2^40).
const BRIEF_STORIES: u64 = 1 << 41;
const FOLLOW_UP_STORIES: u64 = 2 << 41;

/// Document id kinds (the top 4 bits of the hashed coordinates).
const ID_STORY: u64 = 1;
const ID_UNRELATED: u64 = 2;
const ID_BRIEF: u64 = 3;
const ID_HOST: u64 = 4;
const ID_FOLLOW_UP: u64 = 5;
const ID_TEMPLATE: u64 = 6;
/// Most documents in one group of briefs, hosts or template instances (ids
/// keep 8 bits for the document within a unit).
const MAX_GROUP: usize = 200;
/// Body words of an outlet's own article per paragraph, about: sizes the
/// long documents passages are pasted into.
const WORDS_PER_PARAGRAPH: usize = 40;

/// Rival reports may come out up to this long before the wire story.
const MAX_LEAD_SECS: i64 = 6 * 3600;
/// Reprints come out between 5 minutes and 36 hours after the wire story.
const REPRINT_DELAY_SECS: (i64, i64) = (300, 36 * 3600);
/// Units generated per parallel batch.
const BATCH: usize = 64;
/// Most reprints per story (ids keep 8 bits for the document within a story).
const MAX_REPRINTS: usize = 200;
/// Share of the documents that [`CorpusConfig::with_total_docs`] gives to
/// stories (wire copy, reprints and rivals); the rest are unrelated articles.
const STORY_DOC_SHARE: f64 = 0.7;

/// What to generate. `Default` gives about 3,500 documents.
///
/// Every field can be changed; [`generate`] and [`stream`] check them
/// (see [`CorpusConfig::validate`]).
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

/// The per-story plan: how many reprints, whether there is a rival.
#[derive(Debug, Clone, Copy)]
struct StoryPlan {
    reprints: usize,
    rival: bool,
}

impl StoryPlan {
    fn docs(self) -> usize {
        1 + self.reprints + usize::from(self.rival)
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

    fn story_plan(&self, story: u64) -> StoryPlan {
        let mut rng = Rng::new(self.seed, &[TAG_PLAN, story]);
        StoryPlan {
            reprints: rng.range(
                *self.reprints_per_story.start(),
                *self.reprints_per_story.end(),
            ),
            rival: rng.chance(self.rival_share),
        }
    }

    /// Documents of brief `b`: the wire copy and its reprints.
    fn brief_docs(&self, b: u64) -> usize {
        let r = &self.brief_reprints;
        1 + Rng::new(self.seed, &[TAG_PLAN, BRIEF_STORIES, b]).range(*r.start(), *r.end())
    }

    /// Documents passage `p` is pasted into.
    fn passage_docs(&self, p: u64) -> usize {
        let h = &self.passage_hosts;
        Rng::new(self.seed, &[TAG_PLAN, TAG_PASSAGE, p]).range(*h.start(), *h.end())
    }

    /// Instances of recurring report `t`.
    fn template_docs(&self, t: u64) -> usize {
        let r = &self.template_instances;
        Rng::new(self.seed, &[TAG_PLAN, TAG_TEMPLATE, t]).range(*r.start(), *r.end())
    }

    /// Documents of the briefs, pasted passages, follow-ups and reports.
    fn reuse_docs(&self) -> usize {
        let briefs: usize = (0..self.briefs as u64).map(|b| self.brief_docs(b)).sum();
        let hosts: usize = (0..self.passages as u64)
            .map(|p| self.passage_docs(p))
            .sum();
        let reports: usize = (0..self.templates as u64)
            .map(|t| self.template_docs(t))
            .sum();
        briefs + hosts + 2 * self.follow_ups + reports
    }

    /// Exact number of documents the config generates.
    pub fn planned_docs(&self) -> usize {
        let seed = if self.include_seed_story {
            SEEDS.len()
        } else {
            0
        };
        let stories: usize = (1..=self.stories as u64)
            .map(|s| self.story_plan(s).docs())
            .sum();
        seed + stories + self.unrelated_docs + self.reuse_docs()
    }

    /// The same config with `stories` and `unrelated_docs` set so that the
    /// corpus holds exactly `total` documents, about 70% of them in stories
    /// (wire copy, reprints, rivals). Briefs, pasted passages, follow-ups and
    /// reports keep their counts and come out of the total first. Set the
    /// seed and the story knobs first: the exact count depends on them.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] if the config is invalid or `total` is
    /// smaller than the seed story.
    pub fn with_total_docs(mut self, total: usize) -> Result<Self> {
        self.validate()?;
        let seed_docs = if self.include_seed_story {
            SEEDS.len()
        } else {
            0
        };
        let fixed = seed_docs + self.reuse_docs();
        if total < fixed || total > 1 << 40 {
            return Err(config_error(
                "total docs",
                total,
                "at least the seed story's and the reuse cases' documents, at most 2^40",
            ));
        }
        let rest = total - fixed;
        let r = &self.reprints_per_story;
        let per_story =
            1.0 + (*r.start() + *r.end()) as f64 / 2.0 + self.rival_share.clamp(0.0, 1.0);
        let mut stories = (rest as f64 * STORY_DOC_SHARE / per_story) as usize;
        let mut story_docs: usize = (1..=stories as u64)
            .map(|s| self.story_plan(s).docs())
            .sum();
        while story_docs > rest && stories > 0 {
            story_docs -= self.story_plan(stories as u64).docs();
            stories -= 1;
        }
        self.stories = stories;
        self.unrelated_docs = rest - story_docs;
        Ok(self)
    }
}

/// What a generated document is, in the truth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// The wire copy of story `story` (the seed story is story 0).
    Wire {
        /// Story number.
        story: u64,
    },
    /// An outlet's reprint of a wire story.
    Reprint {
        /// Story number.
        story: u64,
        /// Id of the wire copy.
        source: String,
        /// Fraction of the source's words the reprint carries, edited or
        /// not (0–1).
        kept: f64,
        /// For the reprint of a wire brief (which carries the whole brief):
        /// the number of word edits, 0–2. `None` for a story's reprint.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        brief_edits: Option<u32>,
    },
    /// An independent report of the same event: same people, fresh text,
    /// at most one short shared quotation. Not a reprint.
    Rival {
        /// Story number.
        story: u64,
        /// Id of the wire copy it is a rival of.
        source: String,
    },
    /// An outlet's own article, unrelated to every other document (except
    /// for the outlet's boilerplate).
    Unrelated,
    /// An outlet's own long article into which passage `passage` was
    /// pasted, as it was into other such articles (see
    /// [`GeneratedDoc::passages`]). Related to them by that passage only.
    Host {
        /// Passage number.
        passage: u64,
    },
    /// A later story by the wire of story `story` about the same people,
    /// repeating one paragraph of it verbatim as background: a shared
    /// passage, not a reprint.
    FollowUp {
        /// Story number of the earlier story.
        story: u64,
        /// Id of the earlier story's wire copy.
        source: String,
    },
    /// An instance of an outlet's recurring report: the same text as the
    /// other instances, with other figures and names. Related to them as a
    /// template, not a reprint.
    Template {
        /// Report number.
        template: u64,
        /// Instance number, 0 for the first published.
        instance: u64,
    },
}

/// How a document shares a passage with the others of its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassageKind {
    /// A passage pasted into long, otherwise unrelated documents
    /// ([`Role::Host`]).
    Pasted,
    /// A background paragraph a follow-up repeats from an earlier story
    /// ([`Role::FollowUp`]).
    Background,
    /// The text of a recurring report ([`Role::Template`]); the instances
    /// differ in figures and names, so the byte ranges cover different text.
    Template,
}

/// A passage a document shares with the other documents of its group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassageSpan {
    /// What kind of sharing.
    pub kind: PassageKind,
    /// The group: passage, story or report number (unique per kind).
    pub group: u64,
    /// Words of the passage in this document (alphanumeric runs, before
    /// OCR noise).
    pub words: usize,
    /// Byte range of the passage in the document's text.
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
}

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

/// A reprint in the truth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReprintTruth {
    /// The reprint's id.
    pub reprint: String,
    /// The wire copy's id.
    pub source: String,
    /// Story number.
    pub story: u64,
    /// Fraction of the source's words kept (see [`Role::Reprint`]).
    pub kept: f64,
    /// Word edits of a brief's reprint (see [`Role::Reprint`]); `None` for
    /// a story's reprint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brief_edits: Option<u32>,
    /// Character edits the OCR channel made to the reprint (0: clean).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ocr_edits: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One document's share of a passage, in the truth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassageTruth {
    /// The document's id.
    pub doc: String,
    /// Where the passage is, and what kind of sharing.
    #[serde(flatten)]
    pub span: PassageSpan,
}

/// Two documents sharing a passage other than as a reprint, from
/// [`Truth::shared_passages`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedPassage<'a> {
    /// The document published first (or first recorded).
    pub a: &'a str,
    /// The other document.
    pub b: &'a str,
    /// What kind of sharing.
    pub kind: PassageKind,
    /// Words of the passage (the smaller count of the two documents).
    pub words: usize,
    /// Byte range of the passage in `a`.
    pub a_range: (usize, usize),
    /// Byte range of the passage in `b`.
    pub b_range: (usize, usize),
}

/// A rival report in the truth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RivalTruth {
    /// The rival's id.
    pub rival: String,
    /// The wire copy's id.
    pub source: String,
    /// Story number.
    pub story: u64,
}

/// The known relations in a corpus: which documents reprint which (wire
/// stories and briefs alike), which are rival reports, and which share a
/// passage other than as a reprint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Truth {
    /// Number of documents recorded.
    pub docs: usize,
    /// Wire copies: (id, story).
    pub wires: Vec<(String, u64)>,
    /// Every reprint, in corpus order.
    pub reprints: Vec<ReprintTruth>,
    /// Every rival report, in corpus order.
    pub rivals: Vec<RivalTruth>,
    /// Every document's share of a passage shared other than as a reprint
    /// (pasted passages, follow-ups' background, reports' templates), in
    /// corpus order. Absent from JSON when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub passages: Vec<PassageTruth>,
}

impl Truth {
    /// The truth about `docs`.
    pub fn from_docs<'a>(docs: impl IntoIterator<Item = &'a GeneratedDoc>) -> Self {
        let mut t = Truth::default();
        for d in docs {
            t.record(d);
        }
        t
    }

    /// Adds what `doc` is (for building the truth while streaming).
    pub fn record(&mut self, doc: &GeneratedDoc) {
        self.docs += 1;
        match &doc.role {
            Role::Wire { story } => self.wires.push((doc.id.clone(), *story)),
            Role::Reprint {
                story,
                source,
                kept,
                brief_edits,
            } => self.reprints.push(ReprintTruth {
                reprint: doc.id.clone(),
                source: source.clone(),
                story: *story,
                kept: *kept,
                brief_edits: *brief_edits,
                ocr_edits: doc.ocr_edits,
            }),
            Role::Rival { story, source } => self.rivals.push(RivalTruth {
                rival: doc.id.clone(),
                source: source.clone(),
                story: *story,
            }),
            Role::Unrelated | Role::Host { .. } | Role::FollowUp { .. } | Role::Template { .. } => {
            }
        }
        self.passages
            .extend(doc.passages.iter().map(|span| PassageTruth {
                doc: doc.id.clone(),
                span: span.clone(),
            }));
    }

    /// Every pair of documents sharing a passage other than as a reprint:
    /// for each group, each pair of its documents in corpus order. Sorted
    /// by kind, then group, then corpus order.
    pub fn shared_passages(&self) -> Vec<SharedPassage<'_>> {
        let mut groups: BTreeMap<(PassageKind, u64), Vec<&PassageTruth>> = BTreeMap::new();
        for p in &self.passages {
            groups
                .entry((p.span.kind, p.span.group))
                .or_default()
                .push(p);
        }
        let mut out = Vec::new();
        for ((kind, _), members) in groups {
            for (i, a) in members.iter().enumerate() {
                for b in &members[i + 1..] {
                    out.push(SharedPassage {
                        a: &a.doc,
                        b: &b.doc,
                        kind,
                        words: a.span.words.min(b.span.words),
                        a_range: (a.span.start, a.span.end),
                        b_range: (b.span.start, b.span.end),
                    });
                }
            }
        }
        out
    }

    /// The true `(source, reprint)` pairs whose reprint kept at least
    /// `min_kept` of the source, sorted. Briefs' reprints are among them
    /// (they keep all of the brief); shared passages are not (see
    /// [`Truth::shared_passages`]).
    pub fn pairs(&self, min_kept: f64) -> Vec<(&str, &str)> {
        let mut out: Vec<(&str, &str)> = self
            .reprints
            .iter()
            .filter(|r| r.kept >= min_kept)
            .map(|r| (r.source.as_str(), r.reprint.as_str()))
            .collect();
        out.sort_unstable();
        out
    }

    /// Clusters: each wire copy with its reprints that kept at least
    /// `min_kept`; clusters of one document are left out. Each cluster is
    /// sorted, the list sorted by first member.
    pub fn clusters(&self, min_kept: f64) -> Vec<Vec<&str>> {
        let mut by_source: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for r in self.reprints.iter().filter(|r| r.kept >= min_kept) {
            by_source
                .entry(r.source.as_str())
                .or_insert_with(|| vec![r.source.as_str()])
                .push(r.reprint.as_str());
        }
        let mut out: Vec<Vec<&str>> = by_source
            .into_values()
            .map(|mut c| {
                c.sort_unstable();
                c
            })
            .collect();
        out.sort_unstable();
        out
    }

    /// The kept fraction of reprint `id`, `None` if it is not a reprint.
    pub fn kept(&self, id: &str) -> Option<f64> {
        self.reprints
            .iter()
            .find(|r| r.reprint == id)
            .map(|r| r.kept)
    }
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
pub fn generate(config: &CorpusConfig) -> Result<Corpus> {
    let docs: Vec<GeneratedDoc> = stream(config)?.collect();
    let truth = Truth::from_docs(&docs);
    Ok(Corpus { docs, truth })
}

/// Generates the corpus lazily, in publication order, holding only the
/// documents of the last two days of the timeline in memory (for 100k-document
/// corpora written straight to disk).
///
/// # Errors
///
/// [`Error::InvalidConfig`] if the config is invalid.
pub fn stream(config: &CorpusConfig) -> Result<DocStream> {
    config.validate()?;
    let mut units: Vec<Unit> = (1..=config.stories as u64)
        .map(Unit::Story)
        .chain((0..config.unrelated_docs as u64).map(Unit::Unrelated))
        .chain((0..config.briefs as u64).map(Unit::Brief))
        .chain((0..config.passages as u64).map(Unit::Passage))
        .chain((0..config.follow_ups as u64).map(Unit::FollowUp))
        .chain((0..config.templates as u64).map(Unit::Template))
        .collect();
    Rng::new(config.seed, &[TAG_ORDER]).shuffle(&mut units);
    if config.include_seed_story {
        units.insert(0, Unit::Seed);
    }
    let remaining = config.planned_docs();
    Ok(DocStream {
        ctx: Ctx {
            model: model(),
            outlets: outlets(config.seed, config.outlets),
            config: config.clone(),
        },
        units,
        next_unit: 0,
        heap: BinaryHeap::new(),
        remaining,
    })
}

/// One slot of the timeline: a story (with its reprints and rival), the
/// seed story, one unrelated article, a brief with its reprints, the
/// articles sharing a pasted passage, a story with its follow-up, or a
/// recurring report's instances.
#[derive(Debug, Clone, Copy)]
enum Unit {
    Seed,
    Story(u64),
    Unrelated(u64),
    Brief(u64),
    Passage(u64),
    FollowUp(u64),
    Template(u64),
}

/// What every unit's generation reads.
#[derive(Debug)]
struct Ctx {
    model: &'static Model,
    outlets: Vec<Outlet>,
    config: CorpusConfig,
}

/// A generated document waiting for its turn in publication order.
#[derive(Debug)]
struct Pending {
    published: i64,
    seq: u64,
    doc: GeneratedDoc,
}

impl PartialEq for Pending {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Pending {}
impl PartialOrd for Pending {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Pending {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.published, self.seq).cmp(&(other.published, other.seq))
    }
}

/// The documents of a corpus in publication order (ties broken by the
/// timeline), generated in parallel batches. Made by [`stream`].
#[derive(Debug)]
pub struct DocStream {
    ctx: Ctx,
    units: Vec<Unit>,
    next_unit: usize,
    heap: BinaryHeap<Reverse<Pending>>,
    remaining: usize,
}

impl Iterator for DocStream {
    type Item = GeneratedDoc;

    fn next(&mut self) -> Option<GeneratedDoc> {
        loop {
            let done = self.next_unit >= self.units.len();
            // Documents of later units are published after this watermark.
            let watermark = self
                .ctx
                .config
                .start
                .saturating_add(
                    (self.next_unit as i64).saturating_mul(self.ctx.config.spacing_secs),
                )
                .saturating_sub(MAX_LEAD_SECS);
            if let Some(Reverse(top)) = self.heap.peek() {
                if done || top.published < watermark {
                    let Reverse(p) = self.heap.pop()?;
                    self.remaining = self.remaining.saturating_sub(1);
                    return Some(p.doc);
                }
            }
            if done {
                return None;
            }
            let end = (self.next_unit + BATCH).min(self.units.len());
            let ctx = &self.ctx;
            let units = &self.units;
            let batch: Vec<Vec<Pending>> = (self.next_unit..end)
                .into_par_iter()
                .map(|pos| ctx.unit_docs(pos, units[pos]))
                .collect();
            self.heap.extend(batch.into_iter().flatten().map(Reverse));
            self.next_unit = end;
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for DocStream {}

impl Ctx {
    fn unit_time(&self, pos: usize) -> i64 {
        let c = &self.config;
        let jitter = (derive(c.seed, &[TAG_TIME, pos as u64]) % c.spacing_secs as u64) as i64;
        c.start
            .saturating_add((pos as i64).saturating_mul(c.spacing_secs))
            .saturating_add(jitter)
    }

    /// A unique id: a bijective hash of the document's coordinates.
    fn doc_id(&self, kind: u64, index: u64, k: u64) -> String {
        let x = (kind << 60) | (index << 8) | k;
        format!("{:016x}", mix64(x ^ derive(self.config.seed, &[TAG_IDS])))
    }

    fn unit_docs(&self, pos: usize, unit: Unit) -> Vec<Pending> {
        let mut docs = self.clean_unit_docs(pos, unit);
        let c = &self.config;
        if c.ocr_rate > 0.0 {
            for p in &mut docs {
                let mut rng = Rng::new(c.seed, &[TAG_OCR, p.seq]);
                let noisy = if matches!(p.doc.role, Role::Reprint { .. }) {
                    rng.chance(c.ocr_share)
                } else {
                    c.ocr_all
                };
                if noisy {
                    add_ocr_noise(&mut p.doc, c.ocr_rate, &mut rng);
                }
            }
        }
        docs
    }

    fn clean_unit_docs(&self, pos: usize, unit: Unit) -> Vec<Pending> {
        let base = self.unit_time(pos);
        let seq = |k: usize| ((pos as u64) << 8) | k as u64;
        match unit {
            Unit::Seed => seed_docs(base)
                .into_iter()
                .enumerate()
                .map(|(k, doc)| Pending {
                    published: doc.published,
                    seq: seq(k),
                    doc,
                })
                .collect(),
            Unit::Unrelated(u) => {
                let c = &self.config;
                let mut rng = Rng::new(c.seed, &[TAG_UNRELATED, u]);
                let outlet = &self.outlets[rng.below(self.outlets.len())];
                let key = derive(c.seed, &[TAG_UNRELATED, u, 1]);
                let paras = rng.range(*c.story_paragraphs.start(), *c.story_paragraphs.end());
                let text = own_article(self.model, key, outlet, &mut rng, paras);
                vec![Pending {
                    published: base,
                    seq: seq(0),
                    doc: GeneratedDoc {
                        id: self.doc_id(ID_UNRELATED, u, 0),
                        text,
                        outlet: outlet.name.clone(),
                        published: base,
                        role: Role::Unrelated,
                        passages: Vec::new(),
                        ocr_edits: 0,
                    },
                }]
            }
            Unit::Story(s) => self.story_docs(s, base, pos),
            Unit::Brief(b) => self.brief_docs(b, base, pos),
            Unit::Passage(p) => self.host_docs(p, base, pos),
            Unit::FollowUp(f) => self.follow_up_docs(f, base, pos),
            Unit::Template(t) => self.template_docs(t, base, pos),
        }
    }

    /// `n` distinct outlets.
    fn distinct_outlets(&self, rng: &mut Rng, n: usize) -> Vec<usize> {
        let mut chosen: Vec<usize> = Vec::with_capacity(n);
        while chosen.len() < n {
            let o = rng.below(self.outlets.len());
            if !chosen.contains(&o) {
                chosen.push(o);
            }
        }
        chosen
    }

    fn brief_docs(&self, b: u64, base: i64, pos: usize) -> Vec<Pending> {
        let c = &self.config;
        let m = self.model;
        let story = BRIEF_STORIES + b;
        let mut rng = Rng::new(c.seed, &[TAG_BRIEF, b]);
        let wire = Wire::nth(rng.below(3));
        let key = derive(c.seed, &[TAG_KEY, story]);
        let text = brief(m, key, &mut rng, wire);
        let wire_id = self.doc_id(ID_BRIEF, b, 0);
        let docs = c.brief_docs(b);
        let chosen = self.distinct_outlets(&mut rng, docs - 1);
        let mut out = Vec::with_capacity(docs);
        for (k, &o) in chosen.iter().enumerate() {
            let k = k as u64 + 1;
            let mut r = Rng::new(c.seed, &[TAG_BRIEF, b, k]);
            let outlet = &self.outlets[o];
            let edits = r.weighted(&[0.4, 0.35, 0.25]);
            let delay = r.range(REPRINT_DELAY_SECS.0 as usize, REPRINT_DELAY_SECS.1 as usize);
            let published = base.saturating_add(delay as i64);
            out.push(Pending {
                published,
                seq: ((pos as u64) << 8) | k,
                doc: GeneratedDoc {
                    id: self.doc_id(ID_BRIEF, b, k),
                    text: brief_reprint(m, &text, wire, outlet, edits, &mut r),
                    outlet: outlet.name.clone(),
                    published,
                    role: Role::Reprint {
                        story,
                        source: wire_id.clone(),
                        kept: 1.0,
                        brief_edits: Some(edits as u32),
                    },
                    passages: Vec::new(),
                    ocr_edits: 0,
                },
            });
        }
        out.insert(
            0,
            Pending {
                published: base,
                seq: (pos as u64) << 8,
                doc: GeneratedDoc {
                    id: wire_id,
                    text,
                    outlet: wire.name.to_string(),
                    published: base,
                    role: Role::Wire { story },
                    passages: Vec::new(),
                    ocr_edits: 0,
                },
            },
        );
        out
    }

    fn host_docs(&self, p: u64, base: i64, pos: usize) -> Vec<Pending> {
        let c = &self.config;
        let m = self.model;
        let mut rng = Rng::new(c.seed, &[TAG_PASSAGE, p]);
        let words = rng.range(*c.passage_words.start(), *c.passage_words.end());
        let text = passage(m, derive(c.seed, &[TAG_PASSAGE, p, 0]), &mut rng, words);
        let hosts = c.passage_docs(p);
        let chosen = self.distinct_outlets(&mut rng, hosts);
        chosen
            .iter()
            .enumerate()
            .map(|(k, &o)| {
                let k = k as u64;
                let mut r = Rng::new(c.seed, &[TAG_PASSAGE, p, k + 1]);
                let outlet = &self.outlets[o];
                let host_words = r.range(*c.host_words.start(), *c.host_words.end());
                let paras = (host_words / WORDS_PER_PARAGRAPH).max(2);
                let key = derive(c.seed, &[TAG_PASSAGE, p, k + 1, 1]);
                let (text, (start, end)) = host_article(m, key, outlet, &mut r, paras, &text);
                let published = if k == 0 {
                    base
                } else {
                    base.saturating_add(r.range(3600, 7 * 86_400) as i64)
                };
                Pending {
                    published,
                    seq: ((pos as u64) << 8) | k,
                    doc: GeneratedDoc {
                        id: self.doc_id(ID_HOST, p, k),
                        text,
                        outlet: outlet.name.clone(),
                        published,
                        role: Role::Host { passage: p },
                        passages: vec![PassageSpan {
                            kind: PassageKind::Pasted,
                            group: p,
                            words,
                            start,
                            end,
                        }],
                        ocr_edits: 0,
                    },
                }
            })
            .collect()
    }

    fn follow_up_docs(&self, f: u64, base: i64, pos: usize) -> Vec<Pending> {
        let c = &self.config;
        let story = FOLLOW_UP_STORIES + f;
        let mut rng = Rng::new(c.seed, &[TAG_FOLLOW_UP, f]);
        let wire = Wire::nth(rng.below(3));
        let paras = rng.range(*c.story_paragraphs.start(), *c.story_paragraphs.end());
        let key = derive(c.seed, &[TAG_KEY, story]);
        let fu = follow_up(self.model, key, &mut rng, wire, paras);
        let later = base.saturating_add(rng.range(6 * 3600, 72 * 3600) as i64);
        let first_id = self.doc_id(ID_FOLLOW_UP, f, 0);
        let span = |(start, end): (usize, usize)| PassageSpan {
            kind: PassageKind::Background,
            group: f,
            words: fu.words,
            start,
            end,
        };
        vec![
            Pending {
                published: base,
                seq: (pos as u64) << 8,
                doc: GeneratedDoc {
                    id: first_id.clone(),
                    text: fu.first,
                    outlet: wire.name.to_string(),
                    published: base,
                    role: Role::Wire { story },
                    passages: vec![span(fu.first_range)],
                    ocr_edits: 0,
                },
            },
            Pending {
                published: later,
                seq: ((pos as u64) << 8) | 1,
                doc: GeneratedDoc {
                    id: self.doc_id(ID_FOLLOW_UP, f, 1),
                    text: fu.second,
                    outlet: wire.name.to_string(),
                    published: later,
                    role: Role::FollowUp {
                        story,
                        source: first_id,
                    },
                    passages: vec![span(fu.second_range)],
                    ocr_edits: 0,
                },
            },
        ]
    }

    fn template_docs(&self, t: u64, base: i64, pos: usize) -> Vec<Pending> {
        let c = &self.config;
        let mut rng = Rng::new(c.seed, &[TAG_TEMPLATE, t]);
        let outlet = &self.outlets[rng.below(self.outlets.len())];
        let key = derive(c.seed, &[TAG_TEMPLATE, t, 0]);
        let reports = template_reports(self.model, key, outlet, &mut rng, c.template_docs(t));
        reports
            .into_iter()
            .enumerate()
            .map(|(i, (text, (start, end)))| {
                let i = i as u64;
                let published = base.saturating_add(i as i64 * 7 * 86_400);
                Pending {
                    published,
                    seq: ((pos as u64) << 8) | i,
                    doc: GeneratedDoc {
                        id: self.doc_id(ID_TEMPLATE, t, i),
                        passages: vec![PassageSpan {
                            kind: PassageKind::Template,
                            group: t,
                            words: text_words(&text[start..end]),
                            start,
                            end,
                        }],
                        text,
                        outlet: outlet.name.clone(),
                        published,
                        role: Role::Template {
                            template: t,
                            instance: i,
                        },
                        ocr_edits: 0,
                    },
                }
            })
            .collect()
    }

    fn story_docs(&self, s: u64, base: i64, pos: usize) -> Vec<Pending> {
        let c = &self.config;
        let m = self.model;
        let plan = c.story_plan(s);
        let mut rng = Rng::new(c.seed, &[TAG_STORY, s]);
        let key = derive(c.seed, &[TAG_KEY, s]);
        let wire = Wire::nth(rng.below(3));
        let paras = rng.range(*c.story_paragraphs.start(), *c.story_paragraphs.end());
        let caption = rng.chance(0.5);
        let story = generate_story(m, key, &mut rng, paras, true, caption);
        let wire_id = self.doc_id(ID_STORY, s, 0);
        let seq = |k: usize| ((pos as u64) << 8) | k as u64;
        let mut out = Vec::with_capacity(plan.docs());
        out.push(Pending {
            published: base,
            seq: seq(0),
            doc: GeneratedDoc {
                id: wire_id.clone(),
                text: wire_text(m, &story, wire),
                outlet: wire.name.to_string(),
                published: base,
                role: Role::Wire { story: s },
                passages: Vec::new(),
                ocr_edits: 0,
            },
        });
        // Distinct outlets for the reprints and the rival.
        let wanted = plan.reprints + usize::from(plan.rival);
        let mut chosen: Vec<usize> = Vec::with_capacity(wanted);
        while chosen.len() < wanted {
            let o = rng.below(self.outlets.len());
            if !chosen.contains(&o) {
                chosen.push(o);
            }
        }
        let params = EditParams {
            min_kept: c.min_kept,
            edit_rate: c.edit_rate,
            partial: None,
        };
        for k in 1..=plan.reprints {
            let mut r = Rng::new(c.seed, &[TAG_REPRINT, s, k as u64]);
            let outlet = &self.outlets[chosen[k - 1]];
            let own_key = derive(c.seed, &[TAG_OWN, s, k as u64]);
            let delay = r.range(REPRINT_DELAY_SECS.0 as usize, REPRINT_DELAY_SECS.1 as usize);
            let published = base.saturating_add(delay as i64);
            let partial = c.partial_share > 0.0
                && Rng::new(c.seed, &[TAG_PARTIAL, s, k as u64]).chance(c.partial_share);
            let params = EditParams {
                partial: partial.then(|| (*c.partial_kept.start(), *c.partial_kept.end())),
                ..params
            };
            let rep = reprint(m, &story, wire, outlet, &mut r, own_key, params);
            out.push(Pending {
                published,
                seq: seq(k),
                doc: GeneratedDoc {
                    id: self.doc_id(ID_STORY, s, k as u64),
                    text: rep.text,
                    outlet: outlet.name.clone(),
                    published,
                    role: Role::Reprint {
                        story: s,
                        source: wire_id.clone(),
                        kept: rep.kept,
                        brief_edits: None,
                    },
                    passages: Vec::new(),
                    ocr_edits: 0,
                },
            });
        }
        if plan.rival {
            let mut r = Rng::new(c.seed, &[TAG_RIVAL, s]);
            let outlet = &self.outlets[chosen[plan.reprints]];
            let published = base
                .saturating_sub(MAX_LEAD_SECS)
                .saturating_add(r.range(0, 30 * 3600) as i64);
            let paras = r.range(*c.story_paragraphs.start(), *c.story_paragraphs.end());
            let text = rival_text(m, &story, wire, outlet, &mut r, paras);
            out.push(Pending {
                published,
                seq: seq(255),
                doc: GeneratedDoc {
                    id: self.doc_id(ID_STORY, s, 255),
                    text,
                    outlet: outlet.name.clone(),
                    published,
                    role: Role::Rival {
                        story: s,
                        source: wire_id,
                    },
                    passages: Vec::new(),
                    ocr_edits: 0,
                },
            });
        }
        out
    }
}

/// The seed articles as documents of story 0, published on their day.
fn seed_docs(base: i64) -> Vec<GeneratedDoc> {
    let kept = seed_kept();
    let wire = SEEDS[0].id.to_string();
    // Hours after `base` (09:00 UTC on the start day by default).
    let offsets = [5, 7, 4, 9, 8];
    SEEDS
        .iter()
        .zip(offsets)
        .enumerate()
        .map(|(i, (s, h))| GeneratedDoc {
            id: s.id.to_string(),
            text: s.text.to_string(),
            outlet: s.outlet.to_string(),
            published: base.saturating_add(h * 3600),
            role: match i {
                0 => Role::Wire { story: 0 },
                1 => Role::Reprint {
                    story: 0,
                    source: wire.clone(),
                    kept: kept[0],
                    brief_edits: None,
                },
                3 => Role::Reprint {
                    story: 0,
                    source: wire.clone(),
                    kept: kept[1],
                    brief_edits: None,
                },
                _ => Role::Rival {
                    story: 0,
                    source: wire.clone(),
                },
            },
            passages: Vec::new(),
            ocr_edits: 0,
        })
        .collect()
}

/// Puts `doc` through the OCR channel, moving its passages' byte ranges
/// with the text.
fn add_ocr_noise(doc: &mut GeneratedDoc, rate: f64, rng: &mut Rng) {
    let mut marks: Vec<usize> = doc.passages.iter().flat_map(|p| [p.start, p.end]).collect();
    let noisy = ocr(&doc.text, rate, rng, &mut marks);
    for (p, m) in doc.passages.iter_mut().zip(marks.chunks_exact(2)) {
        p.start = m[0];
        p.end = m[1];
    }
    doc.text = noisy.text;
    doc.ocr_edits = noisy.edits;
}

/// Kept fractions of the real reprints 001 and 003 of seed 000: the words
/// of 000's paragraphs that the reprint carries, a paragraph counting as
/// carried when at least half of its word 3-shingles occur in the reprint.
pub(crate) fn seed_kept() -> [f64; 2] {
    static KEPT: OnceLock<[f64; 2]> = OnceLock::new();
    *KEPT.get_or_init(|| {
        let tok = Tokenizer::new();
        let Ok(sh) = Shingler::new(3) else {
            return [0.0; 2];
        };
        let src_text = SEEDS[0].text;
        let src = tok.analyze(src_text);
        let kept_of = |reprint: &str| -> f64 {
            let rep = sh.shingle_set(&tok.tokenize(reprint));
            let mut kept = 0usize;
            for i in 0..src.paragraphs.len() {
                let toks = src.paragraph_tokens(i);
                let set = sh.shingle_set(toks);
                let found = set.iter().filter(|h| rep.binary_search(h).is_ok()).count();
                if found * 2 >= set.len() {
                    kept += toks.len();
                }
            }
            round4(kept as f64 / src.tokens.len().max(1) as f64)
        };
        [kept_of(SEEDS[1].text), kept_of(SEEDS[3].text)]
    })
}
