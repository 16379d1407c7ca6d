//! End-to-end benchmark of the dedup engine on a generated corpus.
//!
//! ```sh
//! cargo run --release --example bench_corpus -- --docs 10000 [--threads 1] [--seed 1] [--edit-rate 1.0]
//! ```
//!
//! Generates `--docs` documents with `reprint::testkit` (not timed), feeds
//! them to a [`Deduper`] in batches of 1,024 (timed: fingerprinting, index,
//! verification), computes the clusters (timed), and prints documents/s,
//! MB/s, peak memory, index bytes per document, and precision and recall of
//! the verified pairs against the generator's truth.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use reprint::testkit::{self, CorpusConfig, Truth};
use reprint::{DedupConfig, Deduper, Document};

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
            .ok_or_else(|| format!("{name} needs a numeric value")),
    }
}

/// Peak resident memory of this process so far, in bytes (Linux only).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let docs: usize = arg(&args, "--docs", 10_000)?;
    let threads: usize = arg(&args, "--threads", 0)?;
    let seed: u64 = arg(&args, "--seed", 1)?;
    let edit_rate: f64 = arg(&args, "--edit-rate", 1.0)?;
    if threads > 0 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()?;
    }
    let corpus = CorpusConfig {
        seed,
        edit_rate,
        ..CorpusConfig::default()
    }
    .with_total_docs(docs)?;

    let mut engine = Deduper::new(DedupConfig::default())?;
    let mut truth = Truth::default();
    let mut stories = HashMap::new();
    let (mut bytes, mut n) = (0usize, 0usize);
    let mut timed = Duration::ZERO;
    let rss_before = peak_rss().unwrap_or(0);
    let mut stream = testkit::stream(&corpus)?;
    loop {
        let batch: Vec<_> = stream.by_ref().take(1024).collect();
        if batch.is_empty() {
            break;
        }
        let input: Vec<Document> = batch
            .iter()
            .map(|d| {
                truth.record(d);
                stories.insert(d.id.clone(), testkit::story_of(d));
                bytes += d.text.len();
                n += 1;
                Document::new(d.id.clone(), d.text.clone())
                    .with_published(d.published)
                    .with_outlet(d.outlet.clone())
            })
            .collect();
        let t = Instant::now();
        engine.add_batch(&input)?;
        timed += t.elapsed();
    }
    let t = Instant::now();
    let clusters = engine.clusters();
    let pairs = engine.pairs();
    timed += t.elapsed();

    let secs = timed.as_secs_f64();
    let mem = engine.memory();
    let scores = testkit::score(
        &truth,
        &stories,
        pairs.iter().map(|p| (p.a.as_str(), p.b.as_str())),
        0.3,
    );
    let mb = bytes as f64 / 1e6;
    println!(
        "docs {n}  text {mb:.1} MB  threads {}",
        rayon::current_num_threads()
    );
    println!(
        "engine time {secs:.2} s  {:.0} docs/s  {:.1} MB/s",
        n as f64 / secs,
        mb / secs
    );
    println!(
        "memory: index {:.0} B/doc  shingle sets {:.0} B/doc  other {:.0} B/doc  peak RSS {:.0} MB (at start {:.0} MB)",
        mem.index as f64 / n as f64,
        mem.shingle_sets as f64 / n as f64,
        mem.other as f64 / n as f64,
        peak_rss().unwrap_or(0) as f64 / 1e6,
        rss_before as f64 / 1e6,
    );
    println!(
        "pairs {}  clusters {}  true pairs (kept >= 0.3) {}  found {}  wrong {}",
        scores.reported,
        clusters.len(),
        scores.true_pairs,
        scores.found_true,
        scores.wrong
    );
    println!(
        "recall {:.4}  precision {:.4}",
        scores.recall(),
        scores.precision()
    );
    Ok(())
}
