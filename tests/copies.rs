//! Copies of one text (documents with equal fingerprints) are held once
//! and answered for one by one: removing, evicting, saving and adding in
//! batches give what an engine of the remaining documents gives.

use reprint::{DedupConfig, Deduper, Document, Relation};

fn seed(name: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let path = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))
        .unwrap();
    std::fs::read_to_string(path).unwrap()
}

/// Six copies of the wire story (two with other spacing), its two
/// reprints and two unrelated articles, with times.
fn docs() -> Vec<Document> {
    let wire = seed("000");
    let mut docs: Vec<Document> = (0..6)
        .map(|i| {
            let text = match i % 3 {
                0 => wire.replace("\n\n", "\n\n\n"),
                _ => wire.clone(),
            };
            Document::new(format!("copy{i}"), text).with_published(1_000 + 10 * i as i64)
        })
        .collect();
    for (i, name) in ["001", "002", "003", "004"].into_iter().enumerate() {
        docs.push(Document::new(name, seed(name)).with_published(2_000 + i as i64));
    }
    docs
}

fn engine_of(docs: &[Document]) -> Deduper {
    let mut engine = Deduper::new(DedupConfig::default()).unwrap();
    engine.extend(docs).unwrap();
    engine
}

#[test]
fn copies_pair_with_each_other_and_with_their_texts_partners() {
    let engine = engine_of(&docs());
    let pairs = engine.pairs();
    let copies = |p: &&reprint::Pair| p.a.starts_with("copy") && p.b.starts_with("copy");
    assert_eq!(pairs.iter().filter(copies).count(), 15);
    assert!(pairs
        .iter()
        .filter(copies)
        .all(|p| p.relation == Relation::Duplicate && p.overlap.jaccard == 1.0));
    // Each copy pairs with the reprints 001 and 003, as the wire does.
    for i in 0..6 {
        for other in ["001", "003"] {
            let id = format!("copy{i}");
            assert!(
                pairs.iter().any(|p| p.a == id && p.b == other),
                "{id} {other}"
            );
        }
    }
    let clusters = engine.clusters();
    assert_eq!(clusters.len(), 1);
    assert_eq!(clusters[0].source, "copy0");
    assert_eq!(clusters[0].members.len(), 8);
    // A query meets each copy, and each copy's overlap is its text's.
    let probe = Document::new("probe", seed("000"));
    let ids: Vec<String> = engine.query(&probe).into_iter().map(|m| m.id).collect();
    let mut expected: Vec<String> = (0..6).map(|i| format!("copy{i}")).collect();
    expected.extend(["001".to_string(), "003".to_string()]);
    expected.sort();
    assert_eq!(ids, expected);
    assert_eq!(engine.overlap("copy1", "copy4").unwrap().jaccard, 1.0);
    assert_eq!(
        engine.overlap("copy4", "003").unwrap(),
        engine.overlap("copy0", "003").unwrap()
    );
    let compact = engine.compact_pairs();
    assert_eq!(compact.copies.len(), 1);
    assert_eq!(compact.copies[0].ids.len(), 6);
    assert_eq!(compact.pairs.len() + 15, pairs.len());
}

/// Whichever copy holds the text, removing copies one by one (and the
/// saved engine after each removal) answers as an engine built from the
/// documents left.
#[test]
fn removing_copies_answers_as_the_documents_left() {
    let all = docs();
    for order in [[0, 1, 2, 3, 4, 5], [5, 3, 1, 0, 2, 4], [2, 0, 4, 5, 1, 3]] {
        let mut engine = engine_of(&all);
        let mut left = all.clone();
        for i in order {
            let id = format!("copy{i}");
            engine.remove(&id).unwrap();
            left.retain(|d| d.id != id);
            let fresh = engine_of(&left);
            assert_eq!(engine.report(), fresh.report(), "{order:?} after {id}");
            let loaded = Deduper::from_bytes(&engine.to_bytes()).unwrap();
            assert_eq!(loaded.report(), fresh.report());
        }
    }
}

/// Evicting the first copies by time promotes a later one.
#[test]
fn evicting_copies_answers_as_the_documents_left() {
    let all = docs();
    let mut engine = engine_of(&all);
    assert_eq!(engine.evict_before(1_025), 3);
    let left: Vec<Document> = all
        .into_iter()
        .filter(|d| d.published >= Some(1_025))
        .collect();
    assert_eq!(engine.report(), engine_of(&left).report());
}

/// Copies that come in later batches, one at a time, join the text held:
/// the same answer as one batch, and each added copy's matches name every
/// document its text pairs with.
#[test]
fn copies_added_later_join_their_text() {
    let all = docs();
    let whole = engine_of(&all);
    let mut engine = Deduper::new(DedupConfig::default()).unwrap();
    engine.extend(&all[6..]).unwrap();
    engine.add(&all[0]).unwrap();
    for (i, doc) in all[1..6].iter().enumerate() {
        let matches = engine.add(doc).unwrap();
        let ids: Vec<&str> = matches.iter().map(|m| m.id.as_str()).collect();
        let mut expected: Vec<String> = (0..=i).map(|j| format!("copy{j}")).collect();
        expected.extend(["001".to_string(), "003".to_string()]);
        expected.sort();
        assert_eq!(ids, expected);
    }
    assert_eq!(engine.pairs(), whole.pairs());
    assert_eq!(engine.clusters(), whole.clusters());
    assert_eq!(
        Deduper::from_bytes(&engine.to_bytes()).unwrap().report(),
        whole.report()
    );
}

/// With a window, copies are one text only when published at the same
/// second, so a pair is never reported across the window.
#[test]
fn with_a_window_copies_keep_their_own_times() {
    let wire = seed("000");
    let docs = [
        Document::new("a", wire.clone()).with_published(0),
        Document::new("b", wire.clone()).with_published(100),
        Document::new("c", wire.clone()).with_published(10_000),
        Document::new("d", wire).with_published(10_000),
    ];
    let config = DedupConfig {
        window: Some(1_000),
        ..DedupConfig::default()
    };
    let mut engine = Deduper::new(config.clone()).unwrap();
    engine.extend(&docs).unwrap();
    let pairs: Vec<(String, String)> = engine.pairs().into_iter().map(|p| (p.a, p.b)).collect();
    // Copies 100 s apart pair, copies 10,000 s apart do not.
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(pairs, [pair("a", "b"), pair("c", "d")]);
    let mut engine = Deduper::new(config).unwrap();
    engine.extend(&docs[..2]).unwrap();
    // The second batch evicts the first (its newest is at 10,000).
    engine.extend(&docs[2..]).unwrap();
    let pairs: Vec<(String, String)> = engine.pairs().into_iter().map(|p| (p.a, p.b)).collect();
    assert_eq!(pairs, [pair("c", "d")]);
}
