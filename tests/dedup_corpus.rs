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
