//! The timeline: units in a shuffled order, generated in parallel batches
//! and handed out in publication order ([`DocStream`]), OCR noise included.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::tags::{TAG_IDS, TAG_OCR, TAG_ORDER, TAG_TIME};
use super::{CorpusConfig, GeneratedDoc, Role};
use crate::markov::{model, Model};
use crate::ocr::ocr;
use crate::outlets::{outlets, Outlet};
use crate::rng::{derive, mix64, Rng};
use reprint::Result;

/// Rival reports may come out up to this long before the wire story.
pub(super) const MAX_LEAD_SECS: i64 = 6 * 3600;

/// Units generated per parallel batch.
const BATCH: usize = 64;

/// Generates the corpus lazily, in publication order, holding only the
/// documents of the last two days of the timeline in memory (for 100k-document
/// corpora written straight to disk).
///
/// # Errors
///
/// [`Error::InvalidConfig`] if the config is invalid.
///
/// [`Error::InvalidConfig`]: reprint::Error::InvalidConfig
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
pub(super) enum Unit {
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
pub(super) struct Ctx {
    pub(super) model: &'static Model,
    pub(super) outlets: Vec<Outlet>,
    pub(super) config: CorpusConfig,
}

/// A generated document waiting for its turn in publication order.
#[derive(Debug)]
pub(super) struct Pending {
    pub(super) published: i64,
    pub(super) seq: u64,
    pub(super) doc: GeneratedDoc,
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
    pub(super) fn unit_time(&self, pos: usize) -> i64 {
        let c = &self.config;
        let jitter = (derive(c.seed, &[TAG_TIME, pos as u64]) % c.spacing_secs as u64) as i64;
        c.start
            .saturating_add((pos as i64).saturating_mul(c.spacing_secs))
            .saturating_add(jitter)
    }

    /// A unique id: a bijective hash of the document's coordinates.
    pub(super) fn doc_id(&self, kind: u64, index: u64, k: u64) -> String {
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
