//! The passages two texts share, as byte ranges in both
//! (`reprint::dedup::aligned_passages`): on the seeds, on edited copies,
//! with character shingles, and on any text.

use proptest::prelude::*;
use reprint::dedup::aligned_passages;
use reprint::{DedupConfig, Deduper, Document};
use reprint_testkit::seed_documents;

/// The words of a byte range, lower-cased.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The wire story and its partial reprint share their copied paragraphs:
/// about as many shingles as the pair's verified overlap, each passage
/// the same words on both sides but for edits; the independent reports
/// share nothing the engine would count.
#[test]
fn the_seeds_reprint_shares_its_copied_paragraphs() {
    let seeds = seed_documents();
    let (wire, reprint) = (&seeds[0].text, &seeds[1].text);
    let config = DedupConfig::default();
    let passages = aligned_passages(wire, reprint, &config).unwrap();
    let mut engine = Deduper::new(config.clone()).unwrap();
    engine.add_batch(&seeds[..2]).unwrap();
    let shared = engine.overlap(&seeds[0].id, &seeds[1].id).unwrap().shared;
    let total: usize = passages.iter().map(|p| p.shingles).sum();
    assert!(passages.len() >= 5, "{passages:?}");
    assert!(
        total as f64 >= 0.8 * shared as f64 && total as f64 <= 1.2 * shared as f64,
        "{total} against {shared}"
    );
    assert!(passages.windows(2).all(|w| w[0].a.end <= w[1].a.start));
    for p in &passages {
        let (a, b) = (words(&wire[p.a.clone()]), words(&reprint[p.b.clone()]));
        let common = a.iter().filter(|w| b.contains(w)).count();
        assert!(
            common * 10 >= a.len() * 8,
            "{:?} / {:?}",
            &wire[p.a.clone()],
            &reprint[p.b.clone()]
        );
    }
    let independent = aligned_passages(&seeds[2].text, &seeds[4].text, &config).unwrap();
    let most = independent.iter().map(|p| p.shingles).max().unwrap_or(0);
    assert!(most < config.min_shared_shingles, "{independent:?}");
}

/// An edited word inside a copied paragraph leaves one passage: the runs
/// on both sides of the edit are joined.
#[test]
fn an_edit_does_not_split_a_passage() {
    let paragraph = "Officials said on Tuesday that the bridge over the river would stay \
        closed for at least three more weeks while engineers inspect the cables and \
        replace the damaged bearings under the eastern span of the old structure";
    let edited = paragraph.replace("three more weeks", "four more weeks");
    let a = format!("Our own opening line here.\n\n{paragraph}\n\nAnd a closing line of ours.");
    let b = format!("A different start entirely.\n\n{edited}\n\nNothing else in common.");
    let passages = aligned_passages(&a, &b, &DedupConfig::default()).unwrap();
    assert_eq!(passages.len(), 1, "{passages:?}");
    assert_eq!(&a[passages[0].a.clone()], paragraph);
    assert_eq!(&b[passages[0].b.clone()], edited);
}

/// With character shingles the passages of an OCR'd copy are found too.
#[test]
fn character_shingles_align_noisy_text() {
    let text = &seed_documents()[0].text;
    let noisy: String = text
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i % 31 == 30 && c.is_alphabetic() {
                'x'
            } else {
                c
            }
        })
        .collect();
    let covered = |config: &DedupConfig| -> usize {
        aligned_passages(text, &noisy, config)
            .unwrap()
            .iter()
            .map(|p| p.a.len())
            .sum()
    };
    let chars = DedupConfig {
        shingle_chars: 16,
        ..DedupConfig::default()
    };
    let (by_words, by_chars) = (covered(&DedupConfig::default()), covered(&chars));
    assert!(
        by_chars * 10 >= text.len() * 7,
        "{by_chars} of {}",
        text.len()
    );
    assert!(by_chars > by_words, "{by_chars} against {by_words}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any two texts: ranges in bounds, on char boundaries, in order of
    /// the first text, each passage holding enough shingles.
    #[test]
    fn ranges_are_valid_for_any_text(
        a in "\\PC{0,400}",
        b in "\\PC{0,400}",
        chars in prop_oneof![Just(0usize), 4usize..20],
        shared in "[a-z]{1,8}( [a-z]{1,8}){0,40}",
    ) {
        let (a, b) = (format!("{a} {shared}"), format!("{shared} {b}"));
        let config = DedupConfig { shingle_chars: chars, ..DedupConfig::default() };
        let passages = aligned_passages(&a, &b, &config).unwrap();
        for p in &passages {
            prop_assert!(p.a.start < p.a.end && p.a.end <= a.len());
            prop_assert!(p.b.start < p.b.end && p.b.end <= b.len());
            prop_assert!(a.is_char_boundary(p.a.start) && a.is_char_boundary(p.a.end));
            prop_assert!(b.is_char_boundary(p.b.start) && b.is_char_boundary(p.b.end));
            prop_assert!(p.shingles >= 4);
        }
        prop_assert!(passages.windows(2).all(|w| w[0].a.start <= w[1].a.start));
    }
}

#[test]
fn a_document_added_to_an_engine_can_be_aligned_with_its_match() {
    let seeds = seed_documents();
    let mut engine = Deduper::new(DedupConfig::default()).unwrap();
    let matches = engine.add_batch(&seeds).unwrap();
    let texts: std::collections::HashMap<&str, &Document> =
        seeds.iter().map(|d| (d.id.as_str(), d)).collect();
    for (doc, found) in seeds.iter().zip(&matches) {
        for m in found {
            let other = texts[m.id.as_str()];
            let passages = aligned_passages(&doc.text, &other.text, engine.config()).unwrap();
            assert!(!passages.is_empty(), "{} and {}", doc.id, m.id);
        }
    }
}
