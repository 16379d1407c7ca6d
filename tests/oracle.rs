//! The engine against an independent oracle: `reprint_testkit::naive::Reference`
//! verifies every pair of documents on exact sets built by the naive
//! tokenizer, with no passages, no index and no batches.
//!
//! Two kinds of corpus:
//!
//! - **Spliced**: documents made of whole paragraphs drawn from a shared
//!   pool or written fresh, each paragraph one passage of the engine (its
//!   length lies between the config's passage bounds). Two documents
//!   sharing text then share a whole passage, whose band keys are equal, so
//!   the index finds every related pair: pairs, figures and clusters must
//!   equal the reference's exactly, under random thresholds.
//! - **Generated**: small `reprint_testkit::generate` corpora (edited
//!   reprints, rivals, outlet boilerplate). The index may miss a pair there
//!   (edited passages collide with a probability), so every pair the engine
//!   reports must be the reference's, with the same figures and in the same
//!   order; the exact overlap of every pair of documents must be the
//!   reference's; and the clusters must be what the reference makes of the
//!   engine's pairs. With `passage_min_words` 1, every paragraph is a
//!   passage (or windows from its start), so a related pair sharing a
//!   whole paragraph of at least `shingle_size` words must be reported.
//!   (Evidence alone does not oblige the index: pairs with 88% of one
//!   document in the other, or 127 shared shingles, were missed at edit
//!   rates the generator allows.)
//!
//! Boilerplate learning removes shingles from the engine's sets, which the
//! reference does not model: both corpora run with `boilerplate_docs`
//! above the number of documents, so no bucket is judged.

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::sample::Index;
use reprint::dedup::{Cluster, Pair};
use reprint::text::paragraph_spans;
use reprint::{DedupConfig, Deduper, Document};
use reprint_testkit::naive::{self, Overlap, Reference};
use reprint_testkit::CorpusConfig;

/// More clusters than any corpus here has documents: no passage is ever
/// boilerplate.
const NEVER_BOILERPLATE: usize = 1 << 20;

// ---------------------------------------------------------------- strategies

/// Engine thresholds across their range, with passages of 15-30 to 40-80
/// words and no boilerplate learning.
fn dedup_config() -> impl Strategy<Value = DedupConfig> {
    (
        2usize..=7,
        15usize..=30,
        40usize..=80,
        1usize..=60,
        0.05f64..=0.9,
        0.3f64..=1.0,
        any::<u64>(),
    )
        .prop_map(
            |(k, min_words, max_words, min_shared, containment, duplicate, seed)| DedupConfig {
                shingle_size: k,
                passage_min_words: min_words,
                passage_max_words: max_words,
                min_shared_shingles: min_shared,
                min_containment: containment,
                duplicate_jaccard: duplicate,
                seed,
                boilerplate_docs: NEVER_BOILERPLATE,
                ..DedupConfig::default()
            },
        )
}

/// Where a paragraph of a spliced document comes from.
#[derive(Debug, Clone)]
enum Source {
    /// Paragraph `i` of the shared pool.
    Pool(Index),
    /// Text of its own.
    Fresh,
}

/// One spliced document: its paragraphs, how it writes words (case,
/// separators) and its publication time.
#[derive(Debug, Clone)]
struct Plan {
    paragraphs: Vec<Source>,
    style: u8,
    published: Option<i64>,
}

/// Spliced documents: 2 to 12, of 1 to 6 paragraphs each from a pool of 1
/// to 8 paragraphs (or fresh), a third of them exact copies of an earlier
/// one, published within a few seconds of each other (ties happen) or
/// undated.
fn spliced_plans() -> impl Strategy<Value = (usize, Vec<(Plan, Option<Index>)>)> {
    let source = prop_oneof![3 => any::<Index>().prop_map(Source::Pool), 1 => Just(Source::Fresh)];
    let plan = (
        prop::collection::vec(source, 1..=6),
        any::<u8>(),
        prop::option::weighted(0.8, 0i64..4),
    )
        .prop_map(|(paragraphs, style, published)| Plan {
            paragraphs,
            style,
            published,
        });
    let copy = prop::option::weighted(0.3, any::<Index>());
    (1usize..=8, prop::collection::vec((plan, copy), 2..=12))
}

/// A small generated corpus: 1-3 stories of 2-8 paragraphs with 0-3
/// reprints each, 0-3 unrelated articles, the seed story or not.
fn small_corpus() -> impl Strategy<Value = CorpusConfig> {
    (
        any::<u64>(),
        1usize..=3,
        0usize..=3,
        any::<bool>(),
        0.0f64..=2.0,
        0.0f64..=1.0,
    )
        .prop_map(
            |(seed, stories, unrelated, seeds, edit_rate, rival_share)| CorpusConfig {
                seed,
                stories,
                reprints_per_story: 0..=3,
                rival_share,
                unrelated_docs: unrelated,
                outlets: 5,
                story_paragraphs: 2..=8,
                edit_rate,
                include_seed_story: seeds,
                ..CorpusConfig::default()
            },
        )
}

// ---------------------------------------------------------------- corpora

/// Word `i` of paragraph `name`, written in `style` (case and separator
/// vary; the normalized word does not).
fn word(name: &str, i: usize, style: u8) -> String {
    let w = format!("{name}w{i}");
    let w = match (style as usize + i) % 3 {
        0 => w.to_uppercase(),
        1 => w,
        // Quoted, with a soft hyphen inside: the same normalized word.
        _ => format!("“{}\u{AD}{}”", &w[..2], &w[2..]),
    };
    let sep = [" ", ", ", " — ", ". ", "\u{a0}"][(style as usize + 7 * i) % 5];
    w + sep
}

/// A paragraph of `len` words named `name`, in `style`.
fn paragraph(name: &str, len: usize, style: u8) -> String {
    (0..len).map(|i| word(name, i, style)).collect()
}

/// The spliced documents of `plans`, with paragraphs as long as
/// `config`'s passage bounds allow (so each is one passage).
fn spliced_docs(
    config: &DedupConfig,
    pool: usize,
    plans: &[(Plan, Option<Index>)],
) -> Vec<Document> {
    let len = |n: usize| {
        let span = config.passage_max_words - config.passage_min_words + 1;
        config.passage_min_words + n * 7 % span
    };
    let mut docs: Vec<Document> = Vec::new();
    for (d, (plan, copy)) in plans.iter().enumerate() {
        let text = match copy {
            Some(i) if !docs.is_empty() => docs[i.index(docs.len())].text.clone(),
            _ => plan
                .paragraphs
                .iter()
                .enumerate()
                .map(|(p, source)| match source {
                    Source::Pool(i) => {
                        let n = i.index(pool);
                        paragraph(&format!("pool{n}"), len(n), plan.style)
                    }
                    Source::Fresh => paragraph(&format!("doc{d}para{p}"), len(d + p), plan.style),
                })
                .collect::<Vec<_>>()
                .join("\n\n"),
        };
        let doc = Document::new(format!("d{d}"), text);
        docs.push(match plan.published {
            Some(t) => doc.with_published(t),
            None => doc,
        });
    }
    docs
}

/// The paragraphs of `text` of at least `k` words, as their normalized words.
fn paragraphs(text: &str, k: usize) -> BTreeSet<Vec<String>> {
    paragraph_spans(text)
        .into_iter()
        .map(|span| {
            naive::words(&text[span])
                .into_iter()
                .map(|w| w.normalized)
                .collect::<Vec<_>>()
        })
        .filter(|words| words.len() >= k)
        .collect()
}

/// The engine after adding `docs` in batches of `chunk`, and its report.
fn engine_report(
    config: &DedupConfig,
    docs: &[Document],
    chunk: usize,
) -> Result<(Deduper, Vec<Cluster>, Vec<Pair>), TestCaseError> {
    let mut engine = Deduper::new(config.clone())?;
    for batch in docs.chunks(chunk.max(1)) {
        engine.add_batch(batch)?;
    }
    let reprint::Report { clusters, pairs } = engine.report();
    prop_assert_eq!(&pairs, &engine.pairs());
    Ok((engine, clusters, pairs))
}

fn reference(config: &DedupConfig, docs: &[Document]) -> Reference {
    let mut r = Reference::new(config.clone());
    for d in docs {
        r.add(d);
    }
    r
}

// ---------------------------------------------------------------- the engine's figures in the reference's terms

fn overlap(o: reprint::dedup::Overlap) -> Overlap {
    Overlap {
        shared: o.shared,
        a_in_b: o.a_in_b,
        b_in_a: o.b_in_a,
        jaccard: o.jaccard,
    }
}

fn pair(p: &Pair) -> naive::Pair {
    naive::Pair {
        a: p.a.clone(),
        b: p.b.clone(),
        relation: p.relation,
        overlap: overlap(p.overlap),
    }
}

fn cluster(c: &Cluster) -> Result<naive::Cluster, TestCaseError> {
    prop_assert_eq!(&c.members[0], &c.source);
    let others: Vec<&String> = c.reprints.iter().map(|r| &r.id).collect();
    prop_assert_eq!(&c.members[1..].iter().collect::<Vec<_>>(), &others);
    Ok(naive::Cluster {
        source: c.source.clone(),
        others: c
            .reprints
            .iter()
            .map(|r| naive::ClusterMember {
                id: r.id.clone(),
                relation: r.relation,
                overlap: overlap(r.overlap),
                via: r.via.clone(),
            })
            .collect(),
    })
}

fn clusters(cs: &[Cluster]) -> Result<Vec<naive::Cluster>, TestCaseError> {
    cs.iter().map(cluster).collect()
}

// ---------------------------------------------------------------- tests

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// On spliced corpora the index finds every related pair: the engine's
    /// pairs, figures and clusters are the reference's, exactly.
    #[test]
    fn spliced_corpora_equal_the_reference(
        config in dedup_config(),
        (pool, plans) in spliced_plans(),
        chunk in 1usize..=12,
    ) {
        let docs = spliced_docs(&config, pool, &plans);
        let (_, engine_clusters, engine_pairs) = engine_report(&config, &docs, chunk)?;
        let r = reference(&config, &docs);
        let want = r.pairs();
        let got: Vec<naive::Pair> = engine_pairs.iter().map(pair).collect();
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(clusters(&engine_clusters)?, r.clusters(&want));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// On generated corpora every pair the engine reports is the
    /// reference's, with the same figures, in the same order; with
    /// one-paragraph passages, every related pair sharing a paragraph is
    /// reported; every pair of documents has the reference's exact overlap;
    /// and the clusters are what the reference makes of the engine's pairs.
    #[test]
    fn generated_corpora_agree_with_the_reference(
        corpus in small_corpus(),
        k in 3usize..=6,
        min_words in prop_oneof![Just(1usize), 20usize..=40],
        chunk in 1usize..=40,
    ) {
        let config = DedupConfig {
            shingle_size: k,
            passage_min_words: min_words,
            boilerplate_docs: NEVER_BOILERPLATE,
            ..DedupConfig::default()
        };
        let docs = reprint_testkit::generate(&corpus)?.documents();
        let (engine, engine_clusters, engine_pairs) = engine_report(&config, &docs, chunk)?;
        let r = reference(&config, &docs);
        let want = r.pairs();
        let got: Vec<naive::Pair> = engine_pairs.iter().map(pair).collect();

        // The engine's pairs: a subsequence of the reference's, equal where
        // they meet.
        let mut rest = want.iter();
        for p in &got {
            let found = rest.by_ref().find(|q| (&q.a, &q.b) == (&p.a, &p.b));
            prop_assert_eq!(Some(p), found, "not the reference's pair, or out of order");
        }
        if config.passage_min_words == 1 {
            let text = |id: &str| docs.iter().find(|d| d.id == id).map_or("", |d| &d.text);
            for q in &want {
                let (a, b) = (paragraphs(text(&q.a), k), paragraphs(text(&q.b), k));
                if !a.is_disjoint(&b) {
                    prop_assert!(got.contains(q), "a pair sharing a paragraph missed: {:?}", q);
                }
            }
        }
        for (j, b) in docs.iter().enumerate() {
            for a in &docs[..j] {
                prop_assert_eq!(overlap(engine.overlap(&a.id, &b.id)?), r.overlap(&a.id, &b.id));
            }
        }
        prop_assert_eq!(clusters(&engine_clusters)?, r.clusters(&got));
    }
}

/// The seeds, the real articles: the wire story 000 and its reprints 001
/// and 003, whatever the batch size.
#[test]
fn seed_articles_equal_the_reference() {
    let config = DedupConfig {
        boilerplate_docs: NEVER_BOILERPLATE,
        ..DedupConfig::default()
    };
    let docs = reprint_testkit::seed_documents();
    let r = reference(&config, &docs);
    let want = r.pairs();
    assert!(want.len() >= 2, "{want:?}");
    for chunk in [1, docs.len()] {
        let (_, engine_clusters, engine_pairs) = engine_report(&config, &docs, chunk).unwrap();
        let got: Vec<naive::Pair> = engine_pairs.iter().map(pair).collect();
        assert_eq!(got, want);
        assert_eq!(clusters(&engine_clusters).unwrap(), r.clusters(&want));
    }
}
