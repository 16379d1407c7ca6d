//! The engine on the five real seed articles.

use reprint::{DedupConfig, Deduper, Document, Relation};

/// The seeds with their three-digit prefix as id.
fn seeds() -> Vec<Document> {
    reprint_testkit::seed_documents()
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

/// Feeds often put one paragraph per line, with no blank lines: the same
/// articles written that way cluster the same, and align paragraph by
/// paragraph.
#[test]
fn one_paragraph_per_line_gives_the_same_cluster() {
    let docs: Vec<Document> = seeds()
        .into_iter()
        .map(|d| {
            let lines: Vec<&str> = d.text.lines().filter(|l| !l.trim().is_empty()).collect();
            Document::new(d.id, lines.join("\n"))
        })
        .collect();
    let mut d = Deduper::new(DedupConfig::default()).unwrap();
    d.add_batch(&docs).unwrap();
    let clusters = d.clusters();
    assert_eq!(clusters.len(), 1);
    assert_eq!(clusters[0].source, "000");
    assert_eq!(clusters[0].members, ["000", "001", "003"]);
    let a = reprint::align(
        &docs[0].text,
        &docs[1].text,
        &reprint::AlignConfig::default(),
    );
    assert!(a.paragraphs.len() > 30, "{} paragraphs", a.paragraphs.len());
    assert!(a.summary.edited + a.summary.copied >= 12, "{:?}", a.summary);
}
