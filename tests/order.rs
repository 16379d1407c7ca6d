//! One answer whatever the input order: `add_batch` of a set of documents
//! gives the same pairs, relations, figures, clusters and sources in any
//! order and with any number of threads; adding one by one, in any order,
//! gives the same as one batch while no index bucket is common enough to
//! be judged (see `DedupConfig::boilerplate_docs`).

use std::sync::OnceLock;

use proptest::prelude::*;
use reprint::{DedupConfig, Deduper, Document, Report};
use reprint_testkit::{generate, shuffled, CorpusConfig};

/// A corpus with reuse of every size (briefs, partial reprints, pasted
/// passages, OCR noise, follow-ups, templates) and outlet boilerplate.
fn corpus() -> &'static [Document] {
    static DOCS: OnceLock<Vec<Document>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let config = CorpusConfig::reuse_of_every_size()
            .with_total_docs(2_500)
            .unwrap();
        generate(&config).unwrap().documents()
    })
}

fn report(config: &DedupConfig, docs: &[Document], threads: usize) -> Report {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let mut engine = Deduper::new(config.clone()).unwrap();
    pool.install(|| {
        engine.add_batch(docs).unwrap();
        engine.report()
    })
}

/// The report of the corpus in its own order, on two threads.
fn reference() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| report(&DedupConfig::default(), corpus(), 2))
}

#[test]
fn the_reference_finds_reuse_and_learns_boilerplate() {
    let r = reference();
    assert!(r.pairs.len() > 1_500, "{}", r.pairs.len());
    assert!(r.clusters.len() > 300, "{}", r.clusters.len());
    // Outlet footers are learnt: without it, every outlet's articles
    // would pair up (tens of thousands of pairs).
    let config = DedupConfig {
        boilerplate_docs: usize::MAX,
        ..DedupConfig::default()
    };
    let unlearnt = report(&config, corpus(), 2);
    assert!(unlearnt.pairs.len() > 5 * r.pairs.len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    /// A permutation of the input, on one or two threads, gives the
    /// reference report exactly.
    #[test]
    fn a_permutation_of_the_input_gives_the_same_report(seed in any::<u64>(), threads in 1usize..=2) {
        let docs = shuffled(corpus(), seed);
        let got = report(&DedupConfig::default(), &docs, threads);
        prop_assert_eq!(&got.pairs, &reference().pairs);
        prop_assert_eq!(&got.clusters, &reference().clusters);
    }

    /// Without judged buckets, one by one in any order equals one batch:
    /// every colliding pair is found once, from the later document.
    #[test]
    fn one_by_one_in_any_order_equals_a_batch(seed in any::<u64>()) {
        let config = DedupConfig {
            boilerplate_docs: usize::MAX,
            ..DedupConfig::default()
        };
        let docs = &corpus()[..600];
        let batch = report(&config, docs, 2);
        let mut engine = Deduper::new(config).unwrap();
        for d in shuffled(docs, seed) {
            engine.add(&d).unwrap();
        }
        prop_assert_eq!(engine.report(), batch);
    }
}
