//! Tokenizer throughput, as the fastest of many short runs.
//!
//! ```sh
//! cargo run --release --example bench_tokenize -- [--reps 200] [--docs 300]
//! ```
//!
//! Tokenizes the seed articles followed by `--docs` generated ones (about
//! 1.7 MB with the defaults), `--reps` times, and prints the fastest run.
//! A run takes a few milliseconds, so the fastest of a few hundred is one
//! the machine's neighbours left alone: on a shared virtual machine it
//! varies by less than 1% between invocations, where a criterion benchmark
//! of the same work varied by 5-20%. Build two versions and alternate them
//! to compare a change.

use std::time::Instant;

use reprint::Tokenizer;
use reprint_testkit::{self as testkit, CorpusConfig};

fn arg(args: &[String], name: &str, default: usize) -> Result<usize, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(default),
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("{name} needs a number")),
    }
}

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let reps = arg(&args, "--reps", 200)?.max(1);
    let docs = arg(&args, "--docs", 300)?;
    let mut text = String::new();
    for d in testkit::seed_documents() {
        text.push_str(&d.text);
        text.push_str("\n\n");
    }
    if docs > 0 {
        let corpus = testkit::generate(&CorpusConfig::default().with_total_docs(docs)?)?;
        for d in &corpus.docs {
            text.push_str(&d.text);
            text.push_str("\n\n");
        }
    }
    let tokenizer = Tokenizer::new();
    let mut tokens = Vec::new();
    let mut best = f64::MAX;
    for _ in 0..reps {
        let start = Instant::now();
        tokens.clear();
        tokenizer.tokenize_into(&text, &mut tokens);
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{} bytes, {} tokens: fastest of {reps} runs {:.3} ms, {:.0} MB/s",
        text.len(),
        tokens.len(),
        best * 1e3,
        text.len() as f64 / best / 1e6
    );
    Ok(())
}
