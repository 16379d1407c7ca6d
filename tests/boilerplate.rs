//! A long footer shared by thousands of otherwise unrelated articles never
//! links them: the clusters are those of the same articles without it.

use std::collections::BTreeSet;

use reprint::{DedupConfig, Deduper, Document};
use reprint_testkit::{generate, CorpusConfig, Role};

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

/// `docs`, each with `footer` as its last paragraph.
fn with_footer(docs: &[Document], footer: &str) -> Vec<Document> {
    docs.iter()
        .map(|d| Document {
            text: format!("{}\n\n{footer}", d.text),
            ..d.clone()
        })
        .collect()
}

/// The engine holding `docs`.
fn engine(docs: &[Document]) -> Deduper {
    let mut engine = Deduper::new(DedupConfig::default()).unwrap();
    engine.add_batch(docs).unwrap();
    engine
}

/// The clusters, as sets of member sets.
fn clusters(docs: &[Document]) -> BTreeSet<BTreeSet<String>> {
    engine(docs)
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
    let wrapped = with_footer(&plain, &footer);
    let (without, with) = (clusters(&plain), clusters(&wrapped));
    let largest = with.iter().map(BTreeSet::len).max().unwrap_or(0);
    assert!(largest < 50, "one cluster of {largest}");
    assert_eq!(without, with);
}

/// The footer, learnt, reads as boilerplate: every paragraph of it is
/// mostly learnt shingles, and no paragraph of a wire story is (reprints
/// carry their outlets' own boilerplate, learnt too).
#[test]
fn a_learnt_footer_reads_as_boilerplate_and_stories_do_not() {
    let footer = footer();
    let corpus = generate(&CorpusConfig::default().with_total_docs(400).unwrap()).unwrap();
    let plain = corpus.documents();
    let wrapped = with_footer(&plain, &footer);
    let engine = engine(&wrapped);
    for paragraph in footer
        .split("\n\n")
        .filter(|p| p.split_whitespace().count() >= 5)
    {
        let share = engine.boilerplate_share(paragraph);
        assert!(share >= 0.5, "{share:.2} of {paragraph:?}");
    }
    let story_paragraphs = (corpus.docs.iter())
        .filter(|d| matches!(d.role, Role::Wire { .. }))
        .flat_map(|d| d.text.split("\n\n"))
        .take(500);
    let shares: Vec<f64> = story_paragraphs
        .map(|p| engine.boilerplate_share(p))
        .collect();
    assert_eq!(shares.len(), 500);
    // The generator's stories reuse a few sentence templates across
    // stories ("X said he had told him during their ... session Monday"):
    // text that recurs across unrelated documents, which the engine may
    // learn. Nearly every story paragraph stays story text.
    let flagged = shares.iter().filter(|&&s| s >= 0.5).count();
    assert!(
        flagged <= 10,
        "{flagged} of 500 story paragraphs read as boilerplate"
    );
    // Nothing is learnt without the footer.
    assert_eq!(self::engine(&plain[..50]).boilerplate_share(&footer), 0.0);
}
