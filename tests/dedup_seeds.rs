//! The engine on the five real seed articles.

use reprint::{DedupConfig, Deduper, Document, Relation};

/// The seeds with their three-digit prefix as id.
fn seeds() -> Vec<Document> {
    reprint::testkit::seed_documents()
        .into_iter()
        .map(|d| Document::new(&d.id[..3], d.text))
        .collect()
}

#[test]
fn one_cluster_with_the_wire_story_as_source() {
    let mut d = Deduper::new(DedupConfig::default()).unwrap();
    for doc in seeds() {
        let m = d.add(&doc).unwrap();
        eprintln!("{} -> {:?}", doc.id, m);
    }
    let clusters = d.clusters();
    assert_eq!(clusters.len(), 1, "{clusters:#?}");
    assert_eq!(clusters[0].source, "000");
    assert_eq!(clusters[0].members, ["000", "001", "003"]);
    for r in &clusters[0].reprints {
        assert_eq!(r.relation, Some(Relation::Reprint), "{r:?}");
    }
    for p in d.pairs() {
        assert!(
            !["002", "004"].contains(&p.a.as_str()) && !["002", "004"].contains(&p.b.as_str()),
            "{p:?}"
        );
    }
}

#[test]
fn order_does_not_change_the_clusters() {
    let mut docs = seeds();
    docs.reverse();
    let mut d = Deduper::new(DedupConfig::default()).unwrap();
    d.add_batch(&docs).unwrap();
    let clusters = d.clusters();
    assert_eq!(clusters.len(), 1);
    assert_eq!(clusters[0].source, "000");
    let mut members = clusters[0].members.clone();
    members.sort();
    assert_eq!(members, ["000", "001", "003"]);
}
