//! Behaviour of the dedup engine beyond the seeds: ids, removal, eviction,
//! batches, concurrent queries.

use proptest::prelude::*;
use reprint::{DedupConfig, Deduper, Document, Error, Relation};

/// Paragraphs of the real seed articles: news text with real quirks.
fn seed_paragraphs() -> Vec<String> {
    reprint_testkit::seed_documents()
        .iter()
        .flat_map(|d| {
            d.text
                .split("\n\n")
                .map(str::trim)
                .filter(|s| s.split_whitespace().count() >= 25)
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A paragraph of `n` words that occur nowhere else (word i of story s).
fn fresh_paragraph(story: usize, para: usize, n: usize) -> String {
    (0..n)
        .map(|i| format!("s{story}p{para}w{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn story(s: usize, paras: usize) -> Vec<String> {
    (0..paras).map(|p| fresh_paragraph(s, p, 40)).collect()
}

fn engine() -> Deduper {
    Deduper::new(DedupConfig::default()).unwrap()
}

fn engine_with(config: &DedupConfig) -> Deduper {
    Deduper::new(config.clone()).unwrap()
}

#[test]
fn duplicate_ids_are_errors_and_add_nothing() {
    let mut d = engine();
    d.add(&Document::new("a", story(0, 3).join("\n\n")))
        .unwrap();
    assert!(matches!(
        d.add(&Document::new("a", "other")),
        Err(Error::DuplicateId { .. })
    ));
    let batch = [
        Document::new("b", "x y z"),
        Document::new("c", "x"),
        Document::new("b", "again"),
    ];
    assert!(matches!(d.add_batch(&batch), Err(Error::DuplicateId { id }) if id == "b"));
    assert_eq!(d.len(), 1);
    assert!(!d.contains("c"));
}

#[test]
fn removed_documents_stop_matching() {
    let mut d = engine();
    let wire = story(1, 6).join("\n\n");
    d.add(&Document::new("wire", wire.clone())).unwrap();
    d.add(&Document::new("copy", wire.clone())).unwrap();
    assert_eq!(d.clusters().len(), 1);
    d.remove("wire").unwrap();
    assert!(matches!(d.remove("wire"), Err(Error::UnknownId { .. })));
    assert!(d.clusters().is_empty());
    assert!(d.pairs().is_empty());
    let m = d.add(&Document::new("third", wire)).unwrap();
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].id, "copy");
    assert_eq!(m[0].relation, Relation::Duplicate);
}

#[test]
fn window_evicts_old_documents() {
    let config = DedupConfig {
        window: Some(3600),
        ..DedupConfig::default()
    };
    let mut d = Deduper::new(config).unwrap();
    let wire = story(2, 5).join("\n\n");
    d.add(&Document::new("old", wire.clone()).with_published(0))
        .unwrap();
    d.add(&Document::new("undated", wire.clone())).unwrap();
    // Within the hour: matches both.
    let m = d
        .add(&Document::new("soon", wire.clone()).with_published(1800))
        .unwrap();
    assert_eq!(m.len(), 2);
    // Two hours later, "old" is gone, "soon" (1800) too; "undated" stays.
    let m = d
        .add(&Document::new("late", wire).with_published(7200 + 1801))
        .unwrap();
    let ids: Vec<&str> = m.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["undated"]);
    assert!(!d.contains("old") && !d.contains("soon"));
    assert_eq!(d.evict_before(i64::MAX), 1);
    assert_eq!(d.len(), 1);
}

#[test]
fn shared_quote_is_not_a_reprint() {
    let mut d = engine();
    let quote = "“For me it was about arranging things to prevent an escalation and open up new avenues,” Macron told reporters.";
    let a = format!(
        "{}\n\n{quote}\n\n{}",
        story(3, 4).join("\n\n"),
        fresh_paragraph(3, 9, 30)
    );
    let b = format!(
        "{}\n\n{quote}\n\n{}",
        story(4, 4).join("\n\n"),
        fresh_paragraph(4, 9, 30)
    );
    d.add(&Document::new("a", a)).unwrap();
    assert!(d.add(&Document::new("b", b)).unwrap().is_empty());
}

#[test]
fn shared_footer_does_not_chain_unrelated_stories() {
    let footer = "Sign up for our morning newsletter to get the day's top stories delivered to your inbox. \
        We welcome comments that are civil and on topic; comments are moderated and may take a while to appear.";
    let mut d = engine();
    for s in 0..40 {
        // Short articles: the footer is a fifth of each.
        let text = format!("{}\n\n{footer}", story(100 + s, 3).join("\n\n"));
        d.add(&Document::new(format!("doc{s}"), text)).unwrap();
    }
    let biggest = d
        .clusters()
        .iter()
        .map(|c| c.members.len())
        .max()
        .unwrap_or(0);
    assert!(biggest <= 4, "a footer chained {biggest} stories");
    // And a real reprint among them is still found.
    let wire = story(100, 3).join("\n\n");
    let m = d
        .add(&Document::new("reprint", format!("{wire}\n\n{footer}")))
        .unwrap();
    assert!(m.iter().any(|m| m.id == "doc0"), "{m:?}");
}

#[test]
fn queries_from_many_threads() {
    let paras = seed_paragraphs();
    let mut d = engine();
    for (i, chunk) in paras.chunks(4).enumerate() {
        d.add(&Document::new(format!("d{i}"), chunk.join("\n\n")))
            .unwrap();
    }
    let queries: Vec<Document> = paras
        .chunks(3)
        .enumerate()
        .map(|(i, c)| Document::new(format!("q{i}"), c.join("\n\n")))
        .collect();
    let serial: Vec<_> = queries.iter().map(|q| d.query(q)).collect();
    assert!(serial.iter().any(|m| !m.is_empty()));
    let d = &d;
    std::thread::scope(|s| {
        let hs: Vec<_> = (0..2)
            .map(|t| {
                let queries = &queries;
                s.spawn(move || {
                    queries
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i % 2 == t)
                        .map(|(i, q)| (i, d.query(q)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in hs {
            for (i, got) in h.join().unwrap() {
                assert_eq!(got, serial[i]);
            }
        }
    });
}

/// Documents made of random seed paragraphs and fresh ones, so that some
/// pairs share passages and most do not.
fn corpus() -> impl Strategy<Value = Vec<Document>> {
    let n = seed_paragraphs().len();
    proptest::collection::vec(
        proptest::collection::vec(prop_oneof![(0..n).prop_map(Some), Just(None)], 1..8),
        1..25,
    )
    .prop_map(|docs| {
        let paras = seed_paragraphs();
        docs.into_iter()
            .enumerate()
            .map(|(i, picks)| {
                let text: Vec<String> = picks
                    .into_iter()
                    .enumerate()
                    .map(|(j, p)| {
                        p.map_or_else(|| fresh_paragraph(1000 + i, j, 30), |k| paras[k].clone())
                    })
                    .collect();
                Document::new(format!("doc{i}"), text.join("\n\n"))
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// `add_batch` gives the same on 1 and 2 threads and in reverse
    /// order; each document's matches with the documents before it are
    /// those adding one by one gives, while no bucket is common enough to
    /// be judged (see `DedupConfig::boilerplate_docs`), and so are the
    /// reports.
    #[test]
    fn batch_equals_sequential(docs in corpus()) {
        let config = DedupConfig { boilerplate_docs: usize::MAX, ..DedupConfig::default() };
        let mut one = Deduper::new(config.clone()).unwrap();
        let serial: Vec<_> = docs.iter().map(|d| one.add(d).unwrap()).collect();
        let figures = |m: &[reprint::Match]| -> Vec<(String, Relation, reprint::Overlap)> {
            m.iter().map(|m| (m.id.clone(), m.relation, m.overlap)).collect()
        };
        let reversed: Vec<Document> = docs.iter().rev().cloned().collect();
        for (threads, docs) in [(1, &docs), (2, &docs), (2, &reversed)] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let mut batch = Deduper::new(config.clone()).unwrap();
            let got = pool.install(|| batch.add_batch(docs)).unwrap();
            for (d, matches) in docs.iter().zip(&got) {
                // Every pair is reported on both sides.
                for m in matches {
                    let back = &got[docs.iter().position(|x| x.id == m.id).unwrap()];
                    prop_assert!(back.iter().any(|b| b.id == d.id && b.overlap == m.overlap.swapped()));
                }
            }
            prop_assert_eq!(batch.report(), one.report());
        }
        let got = engine_with(&config).add_batch(&docs).unwrap();
        for (i, matches) in got.iter().enumerate() {
            let earlier: Vec<reprint::Match> = matches
                .iter()
                .filter(|m| docs[..i].iter().any(|d| d.id == m.id))
                .cloned()
                .collect();
            prop_assert_eq!(figures(&earlier), figures(&serial[i]));
        }
    }

    /// With a time window, no reported pair spans more than the window, in
    /// a batch or one by one, and a batch's answer does not depend on the
    /// order of its documents.
    #[test]
    fn the_window_bounds_every_pair(
        docs in corpus(),
        gaps in proptest::collection::vec(0i64..3, 25),
        undated in proptest::collection::vec(any::<bool>(), 25),
    ) {
        let config = DedupConfig { window: Some(2), ..DedupConfig::default() };
        let mut t = 0;
        let docs: Vec<Document> = docs
            .into_iter()
            .enumerate()
            .map(|(i, d)| {
                t += gaps[i];
                if undated[i] { d } else { d.with_published(t) }
            })
            .collect();
        let time = |id: &str| docs.iter().find(|d| d.id == id).and_then(|d| d.published);
        let mut one = Deduper::new(config.clone()).unwrap();
        for d in &docs {
            one.add(d).unwrap();
        }
        let mut batch = Deduper::new(config.clone()).unwrap();
        batch.add_batch(&docs).unwrap();
        let mut reversed = Deduper::new(config.clone()).unwrap();
        reversed.add_batch(&docs.iter().rev().cloned().collect::<Vec<_>>()).unwrap();
        prop_assert_eq!(batch.report(), reversed.report());
        for p in batch.pairs().iter().chain(&one.pairs()) {
            if let (Some(a), Some(b)) = (time(&p.a), time(&p.b)) {
                prop_assert!((a - b).abs() <= 2, "{:?}", p);
            }
        }
    }

    /// Adding a document twice (under another id) finds the first as a
    /// duplicate, when the document has text of its own. (Text that only
    /// repeats paragraphs found in many unrelated stories is learnt as
    /// boilerplate and stops counting, see
    /// `DedupConfig::boilerplate_clusters`: the generated documents mix the
    /// same few seed paragraphs, so that happens here.)
    #[test]
    fn exact_copy_is_a_duplicate(mut docs in corpus()) {
        docs[0].text = format!("{}\n\n{}", fresh_paragraph(999, 0, 30), docs[0].text);
        let mut d = engine();
        d.add_batch(&docs).unwrap();
        let copy = Document::new("copy", docs[0].text.clone());
        let m = d.add(&copy).unwrap();
        prop_assert!(m.iter().any(|m| m.id == "doc0" && m.relation == Relation::Duplicate), "{:?}", m);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// No panic on any text: empty, whitespace, punctuation, any Unicode,
    /// long single tokens; and every stage round-trips.
    #[test]
    fn arbitrary_texts_never_panic(texts in proptest::collection::vec(
        prop_oneof![
            any::<String>(),
            Just(String::new()),
            Just(" \n\n\r\n \t ".to_string()),
            "[a-z]{1,12}( [a-z]{1,12}){0,80}",
            "\\PC{0,300}",
            Just("x".repeat(10_000)),
        ],
        1..12,
    )) {
        let docs: Vec<Document> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Document::new(format!("d{i}"), t.clone()))
            .collect();
        let mut d = engine();
        d.add_batch(&docs).unwrap();
        let report = d.report();
        let loaded = Deduper::from_bytes(&d.to_bytes()).unwrap();
        prop_assert_eq!(loaded.report(), report);
        for doc in &docs {
            let _ = d.query(doc);
            let a = reprint::align(&docs[0].text, &doc.text, &reprint::AlignConfig::default());
            let _ = a.render(&docs[0].text, &doc.text).to_string();
        }
    }
}

/// A member related to the cluster only through another member is
/// compared with that one: `via` names it (and only for such members).
#[test]
fn a_member_joined_through_another_names_it() {
    // A chain: a shares 3 paragraphs with b, b 4 with c, c 4 with d; c
    // shares the most and is the source, a shares nothing with it.
    let a = story(1, 6);
    let b: Vec<String> = a[3..].iter().cloned().chain(story(2, 4)).collect();
    let c: Vec<String> = story(2, 4).into_iter().chain(story(3, 4)).collect();
    let d: Vec<String> = story(3, 4).into_iter().chain(story(4, 3)).collect();
    let docs: Vec<Document> = [("a", a), ("b", b), ("c", c), ("d", d)]
        .into_iter()
        .map(|(id, paras)| Document::new(id, paras.join("\n\n")))
        .collect();
    let mut engine = engine();
    engine.add_batch(&docs).unwrap();
    let clusters = engine.clusters();
    assert_eq!(clusters.len(), 1, "{clusters:?}");
    let cluster = &clusters[0];
    assert_eq!(cluster.source, "c");
    let member = |id: &str| cluster.reprints.iter().find(|r| r.id == id).unwrap();
    for direct in ["b", "d"] {
        assert!(member(direct).relation.is_some());
        assert_eq!(member(direct).via, None);
    }
    assert_eq!(member("a").relation, None);
    assert_eq!(member("a").via.as_deref(), Some("b"));
}
