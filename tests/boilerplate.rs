//! A long footer shared by thousands of otherwise unrelated articles never
//! links them: the clusters are those of the same articles without it.

use std::collections::BTreeSet;

use reprint::{DedupConfig, Deduper, Document};
use reprint_testkit::{generate, CorpusConfig};

/// Seed 003's closing boilerplate: newsletter box, comment policy and
/// membership pitch, about 136 words.
fn footer() -> String {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/003_af013e9569bd9990.txt"
    ))
    .unwrap();
    let at = text.find("Add some").expect("the footer starts there");
    text[at..].to_string()
}

/// The clusters, as sets of member sets.
fn clusters(docs: &[Document]) -> BTreeSet<BTreeSet<String>> {
    let mut engine = Deduper::new(DedupConfig::default()).unwrap();
    engine.add_batch(docs).unwrap();
    engine
        .clusters()
        .into_iter()
        .map(|c| c.members.into_iter().collect())
        .collect()
}

#[test]
fn a_footer_on_three_thousand_articles_links_none_of_them() {
    let footer = footer();
    assert!(footer.split_whitespace().count() > 120);
    let corpus = generate(&CorpusConfig::default().with_total_docs(3_000).unwrap()).unwrap();
    let plain = corpus.documents();
    let wrapped: Vec<Document> = plain
        .iter()
        .map(|d| Document {
            text: format!("{}\n\n{footer}", d.text),
            ..d.clone()
        })
        .collect();
    let (without, with) = (clusters(&plain), clusters(&wrapped));
    let largest = with.iter().map(BTreeSet::len).max().unwrap_or(0);
    assert!(largest < 50, "one cluster of {largest}");
    assert_eq!(without, with);
}
