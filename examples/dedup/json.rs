//! `--json`: one JSON document with everything the report shows.
//!
//! Byte offsets (`start`, `end`) point into each document's text as read
//! (after lossy UTF-8 decoding, if any); paragraphs are those of
//! `reprint::text::Tokenizer::new().analyze(text).paragraphs`, the split the
//! diff uses, so `source_paragraphs` and `omitted_source_paragraphs` index
//! the source's `paragraphs` list.

use std::collections::HashMap;
use std::io::{self, Write};

use rayon::prelude::*;
use reprint::dedup::{aligned_between, ShingledText};
use reprint::diff;
use reprint::{DedupConfig, Pair, Relation, Tokenizer};
use serde::Serialize;

use crate::diffs::{Diff, Diffs};
use crate::input::{Input, Origin};
use crate::matching::Outcome;

#[derive(Serialize)]
struct Report<'a> {
    summary: Summary,
    config: &'a DedupConfig,
    documents: Vec<JsonDocument<'a>>,
    clusters: Vec<JsonCluster<'a>>,
    pairs: Vec<JsonPair<'a>>,
    copies: Vec<JsonCopies<'a>>,
    unmatched: &'a [String],
}

/// Documents with the same words (equal fingerprints), each two of them a
/// verified pair with these figures: the pairs `pairs` leaves out.
#[derive(Serialize)]
struct JsonCopies<'a> {
    ids: &'a [String],
    relation: Relation,
    jaccard: f64,
    shared_shingles: usize,
}

/// Pairs aligned together: each text in them shingled once (a pair list is
/// sorted by its first document, so a wire story's pairs mostly fall in one
/// chunk), the memory bounded by the chunk.
const PAIRS_PER_CHUNK: usize = 2048;

/// `pairs` with the passages each pair's texts share.
fn json_pairs<'a>(pairs: &'a [Pair], input: &Input, config: &DedupConfig) -> Vec<JsonPair<'a>> {
    let mut ids: Vec<&str> = pairs
        .iter()
        .flat_map(|p| [p.a.as_str(), p.b.as_str()])
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let shingled: HashMap<&str, ShingledText> = ids
        .into_iter()
        .filter_map(|id| {
            let doc = input.doc(id)?;
            Some((id, ShingledText::new(&doc.text, config).ok()?))
        })
        .collect();
    let span = |r: std::ops::Range<usize>| Span {
        start: r.start,
        end: r.end,
    };
    pairs
        .iter()
        .map(|p| JsonPair {
            id_a: &p.a,
            id_b: &p.b,
            relation: p.relation,
            containment_a_in_b: p.overlap.a_in_b,
            containment_b_in_a: p.overlap.b_in_a,
            jaccard: p.overlap.jaccard,
            shared_shingles: p.overlap.shared,
            passages: match (shingled.get(p.a.as_str()), shingled.get(p.b.as_str())) {
                (Some(a), Some(b)) => Some(
                    aligned_between(a, b)
                        .into_iter()
                        .map(|x| JsonPassage {
                            a: span(x.a),
                            b: span(x.b),
                            shingles: x.shingles,
                        })
                        .collect(),
                ),
                _ => None,
            },
        })
        .collect()
}

/// A verified pair, as `--pairs` lists it, with the passages the two texts
/// share (`null` when a text is only in a loaded index).
#[derive(Serialize)]
struct JsonPair<'a> {
    id_a: &'a str,
    id_b: &'a str,
    relation: Relation,
    containment_a_in_b: f64,
    containment_b_in_a: f64,
    jaccard: f64,
    shared_shingles: usize,
    passages: Option<Vec<JsonPassage>>,
}

#[derive(Serialize)]
struct JsonPassage {
    a: Span,
    b: Span,
    shingles: usize,
}

#[derive(Serialize)]
struct Summary {
    documents: usize,
    words: usize,
    files: usize,
    skipped_empty: Vec<String>,
    skipped_invalid: Vec<Skipped>,
    decoded_lossily: Vec<String>,
    /// Files in input directories that are not `.txt` or `.md`: not read.
    other_files: Vec<String>,
    /// Read again with the id and text of a document read before: kept once.
    repeated: Vec<String>,
    /// Replaced a document read before under the same id (`--replace`).
    replaced: Vec<String>,
    /// Held by the loaded index with the same text: not added again.
    already_in_index: usize,
    /// Replaced the loaded index's document under the same id.
    replaced_in_index: usize,
    /// Evicted by the time window (`--window`).
    evicted: usize,
    clusters: usize,
    clusters_only_in_loaded_index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    loaded_index: Option<LoadedIndex>,
}

#[derive(Serialize)]
struct LoadedIndex {
    path: String,
    documents: usize,
}

#[derive(Serialize)]
struct Skipped {
    place: String,
    reason: String,
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    id: &'a str,
    origin: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    outlet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<i64>,
    words: usize,
    paragraphs: Vec<Span>,
}

#[derive(Serialize)]
struct Span {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct JsonCluster<'a> {
    source: &'a str,
    members: &'a [String],
    reprints: Vec<JsonReprint<'a>>,
}

#[derive(Serialize)]
struct JsonReprint<'a> {
    id: &'a str,
    /// `null` when linked to the cluster only through other members.
    relation: Option<Relation>,
    /// The document the diff is against: the source, or for a member
    /// linked only through another, that member.
    compared_with: &'a str,
    containment_of_source: f64,
    containment_in_source: f64,
    jaccard: f64,
    shared_shingles: usize,
    /// Whether both texts were read in this run (else no diff: `null`s).
    texts_available: bool,
    paragraphs: Option<Vec<JsonParagraph<'a>>>,
    omitted_source_paragraphs: Option<&'a [usize]>,
    splits: Option<&'a [diff::Split]>,
    diff_summary: Option<&'a diff::Summary>,
}

#[derive(Serialize)]
struct JsonParagraph<'a> {
    start: usize,
    end: usize,
    kind: diff::Kind,
    source_paragraphs: &'a [usize],
    similarity: f64,
    relation: diff::Mapping,
    moved: bool,
    /// An added paragraph made mostly of boilerplate the engine has learnt.
    boilerplate: bool,
    edits: &'a [diff::WordEdit],
}

fn paragraphs(d: &Diff) -> Vec<JsonParagraph<'_>> {
    (d.alignment.paragraphs.iter())
        .zip(&d.boilerplate)
        .map(|(p, &boilerplate)| JsonParagraph {
            start: p.start,
            end: p.end,
            kind: p.kind,
            source_paragraphs: &p.source_paragraphs,
            similarity: p.similarity,
            relation: p.mapping,
            moved: p.moved,
            boilerplate,
            edits: &p.edits,
        })
        .collect()
}

/// Writes the report as one pretty-printed JSON document and a newline.
pub fn write(
    out: &mut dyn Write,
    config: &DedupConfig,
    input: &Input,
    outcome: &Outcome,
    diffs: &Diffs,
) -> io::Result<()> {
    let tokenizer = Tokenizer::new();
    let documents = input
        .docs
        .par_iter()
        .zip(&input.origins)
        .map(|(d, origin)| {
            let a = tokenizer.analyze(&d.text);
            JsonDocument {
                id: &d.id,
                origin: origin.to_string(),
                outlet: d.outlet.as_deref(),
                published: d.published,
                words: a.tokens.len(),
                paragraphs: a
                    .paragraphs
                    .iter()
                    .map(|p| Span {
                        start: p.span.start,
                        end: p.span.end,
                    })
                    .collect(),
            }
        })
        .collect();
    let clusters = outcome
        .clusters
        .iter()
        .zip(diffs)
        .map(|(c, diffs)| JsonCluster {
            source: &c.source,
            members: &c.members,
            reprints: c
                .reprints
                .iter()
                .zip(diffs)
                .map(|(r, d)| JsonReprint {
                    id: &r.id,
                    relation: r.relation,
                    compared_with: crate::diffs::against(c, r),
                    containment_of_source: r.overlap.a_in_b,
                    containment_in_source: r.overlap.b_in_a,
                    jaccard: r.overlap.jaccard,
                    shared_shingles: r.overlap.shared,
                    texts_available: d.is_some(),
                    paragraphs: d.as_ref().map(paragraphs),
                    omitted_source_paragraphs: d
                        .as_ref()
                        .map(|d| d.alignment.omitted_source_paragraphs.as_slice()),
                    splits: d.as_ref().map(|d| d.alignment.splits.as_slice()),
                    diff_summary: d.as_ref().map(|d| &d.alignment.summary),
                })
                .collect(),
        })
        .collect();
    let pairs = outcome
        .pairs
        .par_chunks(PAIRS_PER_CHUNK)
        .flat_map_iter(|chunk| json_pairs(chunk, input, config))
        .collect();
    let s = &input.stats;
    let places = |v: &[Origin]| v.iter().map(Origin::to_string).collect();
    let report = Report {
        summary: Summary {
            documents: s.documents,
            words: s.words,
            files: s.files,
            skipped_empty: places(&s.empty),
            skipped_invalid: s
                .invalid
                .iter()
                .map(|(o, why)| Skipped {
                    place: o.to_string(),
                    reason: why.clone(),
                })
                .collect(),
            decoded_lossily: places(&s.lossy),
            other_files: places(&s.other_files),
            repeated: places(&s.repeated),
            replaced: places(&s.replaced),
            already_in_index: outcome.already_held,
            replaced_in_index: outcome.replaced,
            evicted: outcome.evicted,
            clusters: outcome.clusters.len(),
            clusters_only_in_loaded_index: outcome.old_clusters,
            loaded_index: outcome.loaded.as_ref().map(|(p, n)| LoadedIndex {
                path: p.display().to_string(),
                documents: *n,
            }),
        },
        config,
        documents,
        clusters,
        pairs,
        copies: outcome
            .copies
            .iter()
            .map(|g| JsonCopies {
                ids: &g.ids,
                relation: g.relation,
                jaccard: g.overlap.jaccard,
                shared_shingles: g.overlap.shared,
            })
            .collect(),
        unmatched: &outcome.unmatched,
    };
    serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::from)?;
    writeln!(out)
}
