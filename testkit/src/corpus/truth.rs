//! The truth: what each generated document is ([`Role`], [`PassageSpan`]),
//! and the known relations of a corpus ([`Truth`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::GeneratedDoc;

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
