//! Writes a synthetic news corpus as JSONL, and its truth as JSON.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --docs 100000 --seed 1 \
//!     --out corpus.jsonl --truth truth.json
//! ```
//!
//! Each JSONL line is `{"id", "text", "outlet", "published"}` with
//! `published` in RFC 3339; the truth lists every wire story, reprint (with
//! its source and kept fraction) and rival report. Without `--docs` the
//! default config (about 3,500 documents) is used; `--out -` writes to
//! standard output. Bad arguments print a message and exit with status 2.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use reprint_testkit::{stream, CorpusConfig, Truth};

const USAGE: &str = "usage: gen_corpus [--docs N] [--seed S] [--no-seed-story] \
                     --out FILE.jsonl [--truth FILE.json]";

struct Args {
    docs: Option<usize>,
    seed: u64,
    seed_story: bool,
    out: PathBuf,
    truth: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut docs = None;
    let mut seed = 1;
    let mut seed_story = true;
    let mut out = None;
    let mut truth = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--docs" => {
                let v = value("--docs")?;
                docs = Some(v.parse().map_err(|_| format!("--docs: not a count: {v}"))?);
            }
            "--seed" => {
                let v = value("--seed")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed: not an integer: {v}"))?;
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--truth" => truth = Some(PathBuf::from(value("--truth")?)),
            "--no-seed-story" => seed_story = false,
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let out = out.ok_or("--out is required")?;
    Ok(Args {
        docs,
        seed,
        seed_story,
        out,
        truth,
    })
}

fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let mut config = CorpusConfig {
        seed: args.seed,
        include_seed_story: args.seed_story,
        ..CorpusConfig::default()
    };
    if let Some(n) = args.docs {
        config = config.with_total_docs(n)?;
    }
    let started = Instant::now();
    let docs = stream(&config)?;
    let sink: Box<dyn Write> = if args.out.as_os_str() == "-" {
        Box::new(io::stdout().lock())
    } else {
        let file = File::create(&args.out)
            .map_err(|e| format!("cannot create {}: {e}", args.out.display()))?;
        Box::new(file)
    };
    let mut out = BufWriter::with_capacity(1 << 20, sink);
    let mut truth = Truth::default();
    let mut bytes = 0usize;
    for doc in docs {
        let line = doc.to_json_line();
        bytes += doc.text.len();
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
        truth.record(&doc);
    }
    out.flush()?;
    let secs = started.elapsed().as_secs_f64();
    if let Some(path) = &args.truth {
        let file =
            File::create(path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        let mut w = BufWriter::new(file);
        serde_json::to_writer(&mut w, &truth)?;
        w.write_all(b"\n")?;
        w.flush()?;
    }
    eprintln!(
        "{} documents ({} stories, {} reprints, {} rivals), {:.1} MB of text in {:.2} s: \
         {:.0} docs/s, {:.1} MB/s",
        truth.docs,
        truth.wires.len(),
        truth.reprints.len(),
        truth.rivals.len(),
        bytes as f64 / 1e6,
        secs,
        truth.docs as f64 / secs,
        bytes as f64 / 1e6 / secs,
    );
    Ok(())
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            std::process::exit(2);
        }
    };
    if let Err(e) = run(args) {
        // A closed pipe (`gen_corpus --out - | head`) is the reader's choice.
        if e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
        {
            return;
        }
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}
