//! The plan of a corpus: how many documents each story, brief, passage
//! and recurring report makes, and so how many the config generates.

use super::config::config_error;
use super::tags::{BRIEF_STORIES, TAG_PASSAGE, TAG_PLAN, TAG_TEMPLATE};
use super::CorpusConfig;
use crate::lexicon::SEEDS;
use crate::rng::Rng;
use reprint::Result;

/// Share of the documents that [`CorpusConfig::with_total_docs`] gives to
/// stories (wire copy, reprints and rivals); the rest are unrelated articles.
const STORY_DOC_SHARE: f64 = 0.7;

/// The per-story plan: how many reprints, whether there is a rival.
#[derive(Debug, Clone, Copy)]
pub(super) struct StoryPlan {
    pub(super) reprints: usize,
    pub(super) rival: bool,
}

impl StoryPlan {
    pub(super) fn docs(self) -> usize {
        1 + self.reprints + usize::from(self.rival)
    }
}

impl CorpusConfig {
    pub(super) fn story_plan(&self, story: u64) -> StoryPlan {
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
    pub(super) fn brief_docs(&self, b: u64) -> usize {
        let r = &self.brief_reprints;
        1 + Rng::new(self.seed, &[TAG_PLAN, BRIEF_STORIES, b]).range(*r.start(), *r.end())
    }

    /// Documents passage `p` is pasted into.
    pub(super) fn passage_docs(&self, p: u64) -> usize {
        let h = &self.passage_hosts;
        Rng::new(self.seed, &[TAG_PLAN, TAG_PASSAGE, p]).range(*h.start(), *h.end())
    }

    /// Instances of recurring report `t`.
    pub(super) fn template_docs(&self, t: u64) -> usize {
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
    ///
    /// [`Error::InvalidConfig`]: reprint::Error::InvalidConfig
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
