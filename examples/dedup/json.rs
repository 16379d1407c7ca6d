//! `--json`: one JSON document with everything the report shows.
//!
//! Byte offsets (`start`, `end`) point into each document's text as read
//! (after lossy UTF-8 decoding, if any); paragraphs are those of
//! `reprint::text::Tokenizer::new().analyze(text).paragraphs`, the split the
//! diff uses, so `source_paragraphs` and `omitted_source_paragraphs` index
//! the source's `paragraphs` list.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Write};

use rayon::prelude::*;
use reprint::dedup::{aligned_between, ShingledText};
use reprint::diff;
use reprint::{Cluster, DedupConfig, Deduper, Pair, Relation};
use serde::Serialize;

use crate::diffs::{Diff, Diffs};
use crate::input::{BoxError, Input, Origin};
use crate::matching::{progress_bar, Outcome};

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
fn json_pairs<'a>(
    pairs: &'a [Pair],
    input: &Input,
    config: &DedupConfig,
) -> io::Result<Vec<JsonPair<'a>>> {
    let ids = pairs.iter().flat_map(|p| [p.a.as_str(), p.b.as_str()]);
    let shingled: HashMap<&str, ShingledText> = texts(input, ids, false)?
        .into_iter()
        .filter_map(|(id, text)| Some((id, ShingledText::new(&text, config).ok()?)))
        .collect();
    let span = |r: std::ops::Range<usize>| Span {
        start: r.start,
        end: r.end,
    };
    Ok(pairs
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
        .collect())
}

/// The texts of `ids` that are at hand (read in this run, not only in a
/// loaded index), held or read again ([`Input::text`]), on every core
/// when `parallel`.
fn texts<'a, 'i>(
    input: &'i Input,
    ids: impl Iterator<Item = &'a str>,
    parallel: bool,
) -> io::Result<HashMap<&'a str, Cow<'i, str>>> {
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    let text = |id: &'a str| input.text(id).map(|t| t.map(|t| (id, t)));
    let texts: Result<HashMap<_, _>, BoxError> = match parallel {
        true => ids.into_par_iter().filter_map(text).collect(),
        false => ids.into_iter().filter_map(text).collect(),
    };
    texts.map_err(io::Error::other)
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

/// Elements serialized together on one core: enough to keep the cores
/// busy, few enough that a chunk's JSON stays small.
const ELEMENTS_PER_CHUNK: usize = 256;

/// Reprints whose diffs are made, written and dropped together: the
/// memory of `--json` is bounded by this, not by the corpus.
const REPRINTS_PER_CHUNK: usize = 8192;

/// Writes the report as one pretty-printed JSON document and a newline,
/// as it is made: the documents, clusters with their diffs and pairs with
/// their passages are made a chunk at a time on every core, written in
/// order, and dropped. `diffs` are the clusters' diffs when they were made
/// already (for `--html`); else they are made here.
pub fn write(
    out: &mut dyn Write,
    deduper: &Deduper,
    input: &Input,
    outcome: &Outcome,
    diffs: Option<&Diffs>,
    quiet: bool,
) -> io::Result<()> {
    let config = deduper.config();
    let mut report = Object::begin(out)?;
    report.field("summary", &summary(input, outcome))?;
    report.field("config", config)?;

    let mut documents = report.array("documents")?;
    let numbered: Vec<usize> = (0..input.docs.len()).collect();
    for chunk in numbered.chunks(REPRINTS_PER_CHUNK) {
        documents.elements(chunk, |&i| {
            let d = &input.docs[i];
            JsonDocument {
                id: &d.id,
                origin: input.origins[i].to_string(),
                outlet: d.outlet.as_deref(),
                published: d.published,
                words: input.words(i),
                paragraphs: (input.paragraphs(i).into_iter())
                    .map(|p| Span {
                        start: p.start,
                        end: p.end,
                    })
                    .collect(),
            }
        })?;
    }
    documents.end()?;

    let mut clusters = report.array("clusters")?;
    let reprints = outcome.clusters.iter().map(|c| c.reprints.len()).sum();
    let bar = progress_bar(reprints, quiet || diffs.is_some(), "diffing");
    for (first, chunk) in chunks_of_reprints(&outcome.clusters) {
        let made: Diffs;
        let chunk_diffs = match diffs {
            Some(d) => &d[first..first + chunk.len()],
            None => {
                let ids = chunk.iter().flat_map(|c| {
                    let reprints = c.reprints.iter();
                    let vias = reprints.clone().filter_map(|r| r.via.as_deref());
                    std::iter::once(c.source.as_str())
                        .chain(reprints.map(|r| r.id.as_str()))
                        .chain(vias)
                });
                let texts = texts(input, ids, true)?;
                let text = |id: &str| texts.get(id).map(|t| t.as_ref());
                made = (chunk.par_iter())
                    .map(|c| {
                        let d = crate::diffs::of_cluster(c, text, deduper);
                        bar.inc(c.reprints.len() as u64);
                        d
                    })
                    .collect();
                &made[..]
            }
        };
        let items: Vec<_> = chunk.iter().zip(chunk_diffs).collect();
        clusters.elements(&items, |(c, diffs)| cluster(c, diffs))?;
    }
    bar.finish_and_clear();
    clusters.end()?;

    let mut pairs = report.array("pairs")?;
    for chunk in outcome
        .pairs
        .chunks(PAIRS_PER_CHUNK * rayon::current_num_threads())
    {
        let parts: Vec<io::Result<Vec<u8>>> = (chunk.par_chunks(PAIRS_PER_CHUNK))
            .map(|pairs| serialized(&json_pairs(pairs, input, config)?))
            .collect();
        for part in parts {
            pairs.write(&part?)?;
        }
    }
    pairs.end()?;

    report.field(
        "copies",
        &(outcome.copies.iter())
            .map(|g| JsonCopies {
                ids: &g.ids,
                relation: g.relation,
                jaccard: g.overlap.jaccard,
                shared_shingles: g.overlap.shared,
            })
            .collect::<Vec<_>>(),
    )?;
    report.field("unmatched", &outcome.unmatched)?;
    report.end()
}

/// The clusters in runs of whole clusters of about [`REPRINTS_PER_CHUNK`]
/// reprints, each with the index of its first cluster.
fn chunks_of_reprints(clusters: &[Cluster]) -> impl Iterator<Item = (usize, &[Cluster])> {
    let mut first = 0;
    std::iter::from_fn(move || {
        if first == clusters.len() {
            return None;
        }
        let (mut end, mut reprints) = (first, 0);
        while end < clusters.len() && (end == first || reprints < REPRINTS_PER_CHUNK) {
            reprints += clusters[end].reprints.len().max(1);
            end += 1;
        }
        let chunk = (first, &clusters[first..end]);
        first = end;
        Some(chunk)
    })
}

fn cluster<'a>(c: &'a Cluster, diffs: &'a [Option<Diff>]) -> JsonCluster<'a> {
    JsonCluster {
        source: &c.source,
        members: &c.members,
        reprints: (c.reprints.iter())
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
    }
}

fn summary(input: &Input, outcome: &Outcome) -> Summary {
    let s = &input.stats;
    let places = |v: &[Origin]| v.iter().map(Origin::to_string).collect();
    Summary {
        documents: s.documents,
        words: s.words,
        files: s.files,
        skipped_empty: places(&s.empty),
        skipped_invalid: (s.invalid.iter())
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
    }
}

/// Two spaces a level, as `serde_json`'s pretty printer indents.
const INDENT: &[u8] = b"  ";

/// `values` pretty-printed as elements of a top-level array (two levels
/// deep), each after a `,` and a new line: the bytes the pretty printer
/// writes for them within the whole report.
fn serialized<T: Serialize>(values: &[T]) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    for v in values {
        out.push(b',');
        pretty_at(&mut out, v, 2)?;
    }
    Ok(out)
}

/// Appends a new line, the indent of `depth` levels and `value`
/// pretty-printed at that depth. A pretty JSON text has new lines only
/// between its tokens (a string's are escaped), so each is followed by the
/// indent.
fn pretty_at<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T, depth: usize) -> io::Result<()> {
    let mut value_json = Vec::new();
    serde_json::to_writer_pretty(&mut value_json, value).map_err(io::Error::from)?;
    out.push(b'\n');
    out.extend(std::iter::repeat_n(INDENT, depth).flatten());
    let mut lines = value_json.split(|&b| b == b'\n');
    if let Some(first) = lines.next() {
        out.extend_from_slice(first);
    }
    for line in lines {
        out.push(b'\n');
        out.extend(std::iter::repeat_n(INDENT, depth).flatten());
        out.extend_from_slice(line);
    }
    Ok(())
}

/// The report's top-level object, written a field at a time.
struct Object<'w> {
    out: &'w mut dyn Write,
    fields: usize,
}

impl<'w> Object<'w> {
    fn begin(out: &'w mut dyn Write) -> io::Result<Self> {
        out.write_all(b"{")?;
        Ok(Object { out, fields: 0 })
    }

    fn key(&mut self, name: &str) -> io::Result<()> {
        let comma = if self.fields == 0 { "" } else { "," };
        self.fields += 1;
        write!(self.out, "{comma}\n  \"{name}\": ")
    }

    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> io::Result<()> {
        self.key(name)?;
        let mut json = Vec::new();
        pretty_at(&mut json, value, 1)?;
        // Without the new line and indent: the value follows its key.
        self.out.write_all(&json[1 + INDENT.len()..])
    }

    fn array(&mut self, name: &str) -> io::Result<Array<'_, 'w>> {
        self.key(name)?;
        self.out.write_all(b"[")?;
        Ok(Array {
            object: self,
            empty: true,
        })
    }

    fn end(self) -> io::Result<()> {
        self.out.write_all(b"\n}\n")
    }
}

/// An array field of the report, written a chunk of elements at a time.
struct Array<'o, 'w> {
    object: &'o mut Object<'w>,
    empty: bool,
}

impl Array<'_, '_> {
    /// Writes `items` as the next elements, each made by `element` and
    /// serialized on every core, in order.
    fn elements<I: Sync, T: Serialize>(
        &mut self,
        items: &[I],
        element: impl Fn(&I) -> T + Sync,
    ) -> io::Result<()> {
        let parts: Vec<io::Result<Vec<u8>>> = (items.par_chunks(ELEMENTS_PER_CHUNK))
            .map(|chunk| serialized(&chunk.iter().map(&element).collect::<Vec<_>>()))
            .collect();
        parts.into_iter().try_for_each(|part| self.write(&part?))
    }

    /// Writes elements as [`serialized`] gives them (each after a comma).
    fn write(&mut self, part: &[u8]) -> io::Result<()> {
        let part = match self.empty {
            // The first element has no comma before it.
            true => part.get(1..).unwrap_or_default(),
            false => part,
        };
        self.empty &= part.is_empty();
        self.object.out.write_all(part)
    }

    fn end(self) -> io::Result<()> {
        match self.empty {
            true => self.object.out.write_all(b"]"),
            false => self.object.out.write_all(b"\n  ]"),
        }
    }
}
