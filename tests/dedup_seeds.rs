//! The engine on the five real seed articles.

use reprint::{DedupConfig, Deduper, Document, Relation};

fn seeds() -> Vec<Document> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("seeds/ exists")
        .map(|e| {
            e.expect("readable entry")
                .file_name()
                .into_string()
                .expect("utf-8 name")
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let text = std::fs::read_to_string(format!("{dir}/{n}")).expect("readable seed");
            Document::new(&n[..3], text)
        })
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
