//! The documents of each unit of the timeline: a story with its reprints
//! and rival, an unrelated article, a brief with its reprints, the hosts of
//! a pasted passage, a story with its follow-up, a recurring report.

use super::seed::seed_docs;
use super::stream::{Ctx, Pending, Unit, MAX_LEAD_SECS};
use super::tags::{
    BRIEF_STORIES, FOLLOW_UP_STORIES, ID_BRIEF, ID_FOLLOW_UP, ID_HOST, ID_STORY, ID_TEMPLATE,
    ID_UNRELATED, TAG_BRIEF, TAG_FOLLOW_UP, TAG_KEY, TAG_OWN, TAG_PARTIAL, TAG_PASSAGE,
    TAG_REPRINT, TAG_RIVAL, TAG_STORY, TAG_TEMPLATE, TAG_UNRELATED,
};
use super::{GeneratedDoc, PassageKind, PassageSpan, Role};
use crate::articles::{own_article, rival_text, text_words, wire_text, Wire};
use crate::edits::{reprint, EditParams};
use crate::reuse::{brief, brief_reprint, follow_up, host_article, passage, template_reports};
use crate::rng::{derive, Rng};
use crate::story::generate_story;

/// Body words of an outlet's own article per paragraph, about: sizes the
/// long documents passages are pasted into.
const WORDS_PER_PARAGRAPH: usize = 40;

/// Reprints come out between 5 minutes and 36 hours after the wire story.
const REPRINT_DELAY_SECS: (i64, i64) = (300, 36 * 3600);

impl Ctx {
    pub(super) fn clean_unit_docs(&self, pos: usize, unit: Unit) -> Vec<Pending> {
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
