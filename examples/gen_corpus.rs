//! Writes a synthetic news corpus as JSONL, and its truth as JSON.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --docs 100000 --seed 1 \
//!     --out corpus.jsonl --truth truth.json
//! ```
//!
//! Each JSONL line is `{"id", "text", "outlet", "published"}` with
//! `published` in RFC 3339; the truth lists every wire story, reprint (with
//! its source and kept fraction) and rival report, and every shared passage
//! (with its byte range in each document) when there are any. Without `--docs` the
//! default config (about 3,500 documents) is used; `--out -` writes to
//! standard output. Bad arguments print a message and exit with status 2.
//!
//! Reuse beyond story reprints (issue 12) is off unless asked for:
//! `--reuse-of-every-size` starts from `CorpusConfig::reuse_of_every_size()`
//! (briefs, partial reprints, pasted passages, follow-ups, reports, OCR
//! noise), and each case has its own flag, applied after the preset:
//!
//! ```text
//! --briefs N            wire briefs of 20-60 words, each reprinted 2-5 times
//! --partial-share F     share of story reprints keeping 5-30% of the story
//! --passages N          passages of 50-500 words pasted into 2-3 long articles
//! --follow-ups N        stories repeating one background paragraph of another
//! --templates N         recurring reports, same text with other figures
//! --ocr-rate F          OCR noise, character edits per character (e.g. 0.03)
//! --ocr-share F         share of reprints that get the noise (default 1)
//! --ocr-all             also every other document
//! ```
//!
//! `--docs N` then sizes the stories and unrelated articles around the
//! reuse cases so that the total is N.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use reprint_testkit::{stream, CorpusConfig, PassageKind, Truth};

const USAGE: &str = "usage: gen_corpus [--docs N] [--seed S] [--no-seed-story] \
                     [--reuse-of-every-size] [--briefs N] [--partial-share F] \
                     [--passages N] [--follow-ups N] [--templates N] [--ocr-rate F] \
                     [--ocr-share F] [--ocr-all] --out FILE.jsonl [--truth FILE.json]";

struct Args {
    docs: Option<usize>,
    seed: u64,
    seed_story: bool,
    preset: bool,
    reuse: Reuse,
    out: PathBuf,
    truth: Option<PathBuf>,
}

/// The reuse-case flags given, each overriding the base config.
#[derive(Default)]
struct Reuse {
    briefs: Option<usize>,
    partial_share: Option<f64>,
    passages: Option<usize>,
    follow_ups: Option<usize>,
    templates: Option<usize>,
    ocr_rate: Option<f64>,
    ocr_share: Option<f64>,
    ocr_all: bool,
}

impl Reuse {
    fn apply(&self, c: &mut CorpusConfig) {
        c.briefs = self.briefs.unwrap_or(c.briefs);
        c.partial_share = self.partial_share.unwrap_or(c.partial_share);
        c.passages = self.passages.unwrap_or(c.passages);
        c.follow_ups = self.follow_ups.unwrap_or(c.follow_ups);
        c.templates = self.templates.unwrap_or(c.templates);
        c.ocr_rate = self.ocr_rate.unwrap_or(c.ocr_rate);
        c.ocr_share = self.ocr_share.unwrap_or(c.ocr_share);
        c.ocr_all |= self.ocr_all;
    }
}

/// Parses a flag's value, naming the flag and what it wanted on failure.
fn parsed<T: std::str::FromStr>(flag: &str, v: &str, what: &str) -> Result<T, String> {
    v.parse().map_err(|_| format!("{flag}: not {what}: {v}"))
}

fn parse_args() -> Result<Args, String> {
    let mut docs = None;
    let mut seed = 1;
    let mut seed_story = true;
    let mut preset = false;
    let mut reuse = Reuse::default();
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
            "--reuse-of-every-size" => preset = true,
            "--ocr-all" => reuse.ocr_all = true,
            "--briefs" | "--passages" | "--follow-ups" | "--templates" => {
                let n = Some(parsed(&arg, &value(&arg)?, "a count")?);
                match arg.as_str() {
                    "--briefs" => reuse.briefs = n,
                    "--passages" => reuse.passages = n,
                    "--follow-ups" => reuse.follow_ups = n,
                    _ => reuse.templates = n,
                }
            }
            "--partial-share" | "--ocr-rate" | "--ocr-share" => {
                let f = Some(parsed(&arg, &value(&arg)?, "a number")?);
                match arg.as_str() {
                    "--partial-share" => reuse.partial_share = f,
                    "--ocr-rate" => reuse.ocr_rate = f,
                    _ => reuse.ocr_share = f,
                }
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let out = out.ok_or("--out is required")?;
    Ok(Args {
        docs,
        seed,
        seed_story,
        preset,
        reuse,
        out,
        truth,
    })
}

fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let base = if args.preset {
        CorpusConfig::reuse_of_every_size()
    } else {
        CorpusConfig::default()
    };
    let mut config = CorpusConfig {
        seed: args.seed,
        include_seed_story: args.seed_story,
        ..base
    };
    args.reuse.apply(&mut config);
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
    let shared = truth.shared_passages();
    if !shared.is_empty() || config.briefs > 0 || config.ocr_rate > 0.0 {
        let count = |kind| shared.iter().filter(|p| p.kind == kind).count();
        eprintln!(
            "reuse: {} brief reprints, {} OCR'd reprints; shared-passage pairs: \
             {} pasted, {} background, {} template",
            truth
                .reprints
                .iter()
                .filter(|r| r.brief_edits.is_some())
                .count(),
            truth.reprints.iter().filter(|r| r.ocr_edits > 0).count(),
            count(PassageKind::Pasted),
            count(PassageKind::Background),
            count(PassageKind::Template),
        );
    }
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
