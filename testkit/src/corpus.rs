//! The corpus: configuration, plan, streaming generation, truth.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap};
use std::ops::RangeInclusive;
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::articles::{own_article, rival_text, wire_text, Wire};
use super::edits::{reprint, round4, EditParams};
use super::lexicon::SEEDS;
use super::markov::{model, Model};
use super::outlets::{outlets, Outlet};
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
        for (name, v) in [
            ("rival_share", self.rival_share),
            ("min_kept", self.min_kept),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(config_error(name, v, "a fraction in [0, 1]"));
            }
        }
        if !(0.0..=10.0).contains(&self.edit_rate) {
            return Err(config_error("edit_rate", self.edit_rate, "in [0, 10]"));
        }
        if self.stories > 1 << 40 || self.unrelated_docs > 1 << 40 {
            return Err(config_error(
                "stories",
                self.stories.max(self.unrelated_docs),
                "stories and unrelated_docs at most 2^40",
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
        seed + stories + self.unrelated_docs
    }

    /// The same config with `stories` and `unrelated_docs` set so that the
    /// corpus holds exactly `total` documents, about 70% of them in stories
    /// (wire copy, reprints, rivals). Set the seed and the story knobs first:
    /// the exact count depends on them.
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
        if total < seed_docs || total > 1 << 40 {
            return Err(config_error(
                "total docs",
                total,
                "at least the 5 seed documents (or include_seed_story = false), at most 2^40",
            ));
        }
        let rest = total - seed_docs;
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

/// The known relations in a corpus: which documents reprint which.
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
            } => self.reprints.push(ReprintTruth {
                reprint: doc.id.clone(),
                source: source.clone(),
                story: *story,
                kept: *kept,
            }),
            Role::Rival { story, source } => self.rivals.push(RivalTruth {
                rival: doc.id.clone(),
                source: source.clone(),
                story: *story,
            }),
            Role::Unrelated => {}
        }
    }

    /// The true `(source, reprint)` pairs whose reprint kept at least
    /// `min_kept` of the source, sorted.
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
/// seed story, or one unrelated article.
#[derive(Debug, Clone, Copy)]
enum Unit {
    Seed,
    Story(u64),
    Unrelated(u64),
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
                        id: self.doc_id(2, u, 0),
                        text,
                        outlet: outlet.name.clone(),
                        published: base,
                        role: Role::Unrelated,
                    },
                }]
            }
            Unit::Story(s) => self.story_docs(s, base, pos),
        }
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
        let wire_id = self.doc_id(1, s, 0);
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
        };
        for k in 1..=plan.reprints {
            let mut r = Rng::new(c.seed, &[TAG_REPRINT, s, k as u64]);
            let outlet = &self.outlets[chosen[k - 1]];
            let own_key = derive(c.seed, &[TAG_OWN, s, k as u64]);
            let delay = r.range(REPRINT_DELAY_SECS.0 as usize, REPRINT_DELAY_SECS.1 as usize);
            let published = base.saturating_add(delay as i64);
            let rep = reprint(m, &story, wire, outlet, &mut r, own_key, params);
            out.push(Pending {
                published,
                seq: seq(k),
                doc: GeneratedDoc {
                    id: self.doc_id(1, s, k as u64),
                    text: rep.text,
                    outlet: outlet.name.clone(),
                    published,
                    role: Role::Reprint {
                        story: s,
                        source: wire_id.clone(),
                        kept: rep.kept,
                    },
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
                    id: self.doc_id(1, s, 255),
                    text,
                    outlet: outlet.name.clone(),
                    published,
                    role: Role::Rival {
                        story: s,
                        source: wire_id,
                    },
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
                },
                3 => Role::Reprint {
                    story: 0,
                    source: wire.clone(),
                    kept: kept[1],
                },
                _ => Role::Rival {
                    story: 0,
                    source: wire.clone(),
                },
            },
        })
        .collect()
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
