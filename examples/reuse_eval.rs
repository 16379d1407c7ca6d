//! Recall and precision of the engine on reuse of every size: briefs,
//! partial reprints, passages pasted into long documents, OCR noise,
//! follow-ups and templates (`CorpusConfig::reuse_of_every_size`).
//!
//! ```sh
//! cargo run --release --example reuse_eval -- [--docs 8000] [--seed 1] [--shingle-size 5] [--shingle-chars 0] [--min-shared-shingles 25] [--passage-min-words 40] [--passage-max-words 80] [--passage-permutations 16] [--passage-threshold 0.3] [--missed 10]
//! ```
//!
//! `--missed N` also prints, for up to N missed true pairs of each kind,
//! the exact overlap the engine computes for them (why they were missed).
//!
//! Generates the corpus (not timed), adds it to a [`Deduper`] with the
//! default config (or the options given), and prints, per case of the
//! generator's truth, how many true pairs were found and how many of a
//! follow-up's or a template's pairs were called a reprint; then the
//! precision of all reported pairs: a pair is right when both documents
//! carry the same story's wire text, or when the truth records a passage
//! they share.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use reprint::{DedupConfig, Deduper};
use reprint_testkit::{self as testkit, CaseScore, CorpusConfig};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

fn arg<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> Result<T, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(default),
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("{name} needs a value")),
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let defaults = DedupConfig::default();
    let config = DedupConfig {
        shingle_size: arg(&args, "--shingle-size", defaults.shingle_size)?,
        shingle_chars: arg(&args, "--shingle-chars", defaults.shingle_chars)?,
        min_shared_shingles: arg(&args, "--min-shared-shingles", defaults.min_shared_shingles)?,
        passage_min_words: arg(&args, "--passage-min-words", defaults.passage_min_words)?,
        passage_max_words: arg(&args, "--passage-max-words", defaults.passage_max_words)?,
        passage_num_perm: arg(&args, "--passage-permutations", defaults.passage_num_perm)?,
        passage_threshold: arg(&args, "--passage-threshold", defaults.passage_threshold)?,
        passage_anchors: arg(&args, "--passage-anchors", defaults.passage_anchors)?,
        min_containment: arg(&args, "--min-containment", defaults.min_containment)?,
        min_reprint_shingles: arg(
            &args,
            "--min-reprint-shingles",
            defaults.min_reprint_shingles,
        )?,
        boilerplate_clusters: arg(
            &args,
            "--boilerplate-clusters",
            defaults.boilerplate_clusters,
        )?,
        ..defaults
    };
    let corpus_config = CorpusConfig {
        seed: arg(&args, "--seed", 1)?,
        ..CorpusConfig::reuse_of_every_size()
    }
    .with_total_docs(arg(&args, "--docs", 8_000)?)?;
    let corpus = testkit::generate(&corpus_config)?;
    let docs = corpus.documents();

    let start = Instant::now();
    let mut engine = Deduper::new(config)?;
    engine.add_batch(&docs)?;
    let pairs = engine.pairs();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} documents, {} pairs reported in {secs:.2} s",
        docs.len(),
        pairs.len()
    );

    let found = pairs
        .iter()
        .map(|p| (p.a.as_str(), p.b.as_str(), Some(relation(p.relation))));
    let scores = testkit::score_reuse(&corpus.truth, found);
    let line = |name: &str, s: &CaseScore| {
        println!(
            "  {name:<28} {:>5} of {:>5} found (recall {:.3}); {} called a reprint",
            s.found,
            s.true_pairs,
            s.recall(),
            s.labelled_reprint
        )
    };
    line("story reprints", &scores.story_reprints);
    for b in &scores.by_kept {
        line(
            &format!(
                "  kept {:.0}-{:.0}%",
                b.min_kept * 100.0,
                b.max_kept * 100.0
            ),
            &b.score,
        );
    }
    line("briefs", &scores.briefs);
    line("OCR'd reprints", &scores.ocr);
    line("passages in long documents", &scores.pasted);
    line("follow-ups (background)", &scores.background);
    line("templates", &scores.templates);

    let missed: usize = arg(&args, "--missed", 0)?;
    if missed > 0 {
        let reported: HashSet<(&str, &str)> = pairs
            .iter()
            .flat_map(|p| [(p.a.as_str(), p.b.as_str()), (p.b.as_str(), p.a.as_str())])
            .collect();
        let mut shown: HashMap<String, usize> = HashMap::new();
        let mut show = |kind: String, a: &str, b: &str| -> Result<(), reprint::Error> {
            let n = shown.entry(kind.clone()).or_default();
            if *n < missed && !reported.contains(&(a, b)) {
                *n += 1;
                let o = engine.overlap(a, b)?;
                println!(
                    "  missed {kind}: {a} {b}: shared {}, {:.2} of a in b, {:.2} of b in a, Jaccard {:.2}",
                    o.shared, o.a_in_b, o.b_in_a, o.jaccard
                );
            }
            Ok(())
        };
        for r in &corpus.truth.reprints {
            let kind = match (r.brief_edits, r.ocr_edits) {
                (Some(e), _) => format!("brief ({e} edits)"),
                (None, 0) => format!("reprint kept {:.0}%", (r.kept * 10.0).floor() * 10.0),
                (None, _) => "OCR'd reprint".to_string(),
            };
            show(kind, &r.source, &r.reprint)?;
        }
        for s in corpus.truth.shared_passages() {
            show(format!("{:?} ({} words)", s.kind, s.words), s.a, s.b)?;
        }
    }

    let story: HashMap<&str, Option<u64>> = corpus
        .docs
        .iter()
        .map(|d| (d.id.as_str(), testkit::story_of(d)))
        .collect();
    let shared: HashSet<(&str, &str)> = corpus
        .truth
        .shared_passages()
        .iter()
        .flat_map(|s| [(s.a, s.b), (s.b, s.a)])
        .collect();
    let is_true = |p: &&reprint::dedup::Pair| {
        let same_story = matches!(
            (story.get(p.a.as_str()), story.get(p.b.as_str())),
            (Some(Some(x)), Some(Some(y))) if x == y
        );
        same_story || shared.contains(&(p.a.as_str(), p.b.as_str()))
    };
    let right = pairs.iter().filter(is_true).count();
    let wrong: usize = arg(&args, "--wrong", 0)?;
    for p in pairs.iter().filter(|p| !is_true(p)).take(wrong) {
        let o = p.overlap;
        println!(
            "  wrong {:?}: {} {}: shared {}, {:.2} of a in b, {:.2} of b in a, Jaccard {:.2}",
            p.relation, p.a, p.b, o.shared, o.a_in_b, o.b_in_a, o.jaccard
        );
    }
    println!(
        "precision {:.4} ({right} of {} reported pairs are true)",
        right as f64 / pairs.len().max(1) as f64,
        pairs.len()
    );
    Ok(())
}

fn relation(r: reprint::Relation) -> &'static str {
    match r {
        reprint::Relation::Duplicate => "duplicate",
        reprint::Relation::Reprint => "reprint",
        reprint::Relation::SharedPassage => "shared passage",
        _ => "other",
    }
}
