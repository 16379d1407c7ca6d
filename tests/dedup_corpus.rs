//! The engine on a generated corpus of a few thousand news articles with
//! known reprints, outlet boilerplate and rival reports.

use std::collections::HashMap;

use reprint::{DedupConfig, Deduper};
use reprint_testkit::{self as testkit, CorpusConfig};

#[test]
fn recall_and_precision_on_generated_corpus() {
    let corpus = testkit::generate(&CorpusConfig::default()).unwrap();
    assert!(corpus.docs.len() > 3000);
    let docs = corpus.documents();
    let mut engine = Deduper::new(DedupConfig::default()).unwrap();
    engine.add_batch(&docs).unwrap();

    let stories: HashMap<String, Option<u64>> = corpus
        .docs
        .iter()
        .map(|d| (d.id.clone(), testkit::story_of(d)))
        .collect();
    let pairs = engine.pairs();
    let s = testkit::score(
        &corpus.truth,
        &stories,
        pairs.iter().map(|p| (p.a.as_str(), p.b.as_str())),
        0.3,
    );
    assert!(s.true_pairs > 1000, "{s:?}");
    // Reported figures are exact: they equal a fresh computation.
    for p in &pairs {
        let o = engine.overlap(&p.a, &p.b).unwrap();
        assert_eq!(o, p.overlap, "{p:?}");
    }
    assert!(s.recall() >= 0.98, "{s:?}");
    assert!(s.precision() >= 0.98, "{s:?}");

    // Every wire story with a reprint that kept 30% is the source of its cluster.
    let clusters = engine.clusters();
    let report = engine.report();
    assert_eq!((&report.clusters, &report.pairs), (&clusters, &pairs));
    let source_of: HashMap<&str, &str> = clusters
        .iter()
        .flat_map(|c| {
            c.members
                .iter()
                .map(move |m| (m.as_str(), c.source.as_str()))
        })
        .collect();
    let truth_pairs = corpus.truth.pairs(0.3);
    let right_source = truth_pairs
        .iter()
        .filter(|(wire, reprint)| source_of.get(reprint) == Some(wire))
        .count();
    assert!(
        right_source as f64 >= 0.98 * truth_pairs.len() as f64,
        "{right_source} of {} reprints have their wire story as cluster source",
        truth_pairs.len()
    );
    // No cluster mixes stories: boilerplate did not chain anything.
    for c in &clusters {
        let first = stories[&c.members[0]];
        assert!(c.members.iter().all(|m| stories[m] == first), "{c:?}");
    }
}

/// Batches give exactly what adding one by one gives, on a corpus where
/// boilerplate is learnt in the middle of batches (outlet footers), with
/// several thread counts.
#[test]
fn batches_equal_one_by_one_while_boilerplate_is_learnt() {
    let corpus =
        testkit::generate(&CorpusConfig::default().with_total_docs(1_500).unwrap()).unwrap();
    let docs = corpus.documents();
    let mut one = Deduper::new(DedupConfig::default()).unwrap();
    let serial: Vec<_> = docs.iter().map(|d| one.add(d).unwrap()).collect();
    assert!(serial.iter().filter(|m| !m.is_empty()).count() > 200);
    for (threads, chunk) in [(1, 300), (2, 300), (2, 1024)] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let mut batched = Deduper::new(DedupConfig::default()).unwrap();
        let got: Vec<_> = pool.install(|| {
            docs.chunks(chunk)
                .flat_map(|c| batched.add_batch(c).unwrap())
                .collect()
        });
        assert_eq!(got, serial, "{threads} threads, chunks of {chunk}");
        assert_eq!(batched.pairs(), one.pairs());
        assert_eq!(batched.clusters(), one.clusters());
        assert_eq!(batched.to_bytes(), one.to_bytes());
    }
}
