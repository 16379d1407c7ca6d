//! The deduper a user runs first.
//!
//! ```text
//! cargo run --release --example dedup                      # the seed articles
//! cargo run --release --example dedup -- corpus/ feed.jsonl
//! cargo run --release --example dedup -- --json feed.jsonl > report.json
//! cargo run --release --example dedup -- --help
//! ```
//!
//! Reads documents (directories of `.txt`/`.md` files, JSONL files or
//! stdin), finds reprints with [`reprint::Deduper`], and reports each
//! cluster with its wire source, every reprint's overlap with it and the
//! paragraph diff; or writes JSON, TSV pairs or an HTML page.

mod cli;
mod diffs;
mod html;
mod input;
mod json;
mod matching;
mod pairs;
mod report;
mod rfc3339;
mod style;

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use reprint::{Deduper, Error};

use crate::cli::Cli;
use crate::input::{BoxError, Input, ReadOptions};
use crate::style::Style;

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(2)
    }
}

fn run() -> Result<(), BoxError> {
    let Cli { args, explicit } = Cli::parse();
    // Thousands of threads only take a minute to start, or fail to.
    const MAX_THREADS: usize = 1024;
    if args.threads > MAX_THREADS {
        return Err(format!(
            "invalid --threads {}: expected at most {MAX_THREADS}",
            args.threads
        )
        .into());
    }
    if args.threads > 0 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(args.threads)
            .build_global()?;
    }
    let inputs = if args.inputs.is_empty() {
        vec![seeds_dir()?]
    } else {
        args.inputs.clone()
    };
    let input = Input::read(
        &inputs,
        ReadOptions {
            skip_invalid: args.skip_invalid,
        },
        &mut io::stdin().lock(),
    )?;
    if !args.quiet {
        warn_skipped(&input);
    }
    let mut deduper = match &args.load_index {
        Some(path) => {
            let d = Deduper::load(path).map_err(|e| format!("cannot load the index: {e}"))?;
            let conflicts = cli::config_conflicts(&explicit, &args.dedup_config(), d.config());
            if !conflicts.is_empty() {
                return Err(format!(
                    "{} keeps the settings it was built with; these differ: {}",
                    path.display(),
                    conflicts.join(", ")
                )
                .into());
            }
            d
        }
        None => Deduper::new(args.dedup_config()).map_err(option_error)?,
    };
    let loaded = args
        .load_index
        .as_ref()
        .map(|path| (path.clone(), deduper.len()));
    let outcome = matching::run(&mut deduper, &input, loaded, args.quiet)?;
    if let Some(path) = &args.save_index {
        deduper
            .save(path)
            .map_err(|e| format!("cannot save the index: {e}"))?;
        if !args.quiet {
            eprintln!(
                "saved the index ({}) to {}",
                report::plural(deduper.len(), "document"),
                path.display()
            );
        }
    }

    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let written = if args.pairs {
        pairs::write(&mut out, &outcome.pairs)
    } else {
        let diffs = diffs::compute(&outcome, &input, args.quiet);
        if let Some(path) = &args.html {
            let page = html::page(&inputs, &input, &outcome, &diffs);
            std::fs::write(path, page)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            if !args.quiet {
                eprintln!("wrote {}", path.display());
            }
        }
        if args.json {
            json::write(&mut out, deduper.config(), &input, &outcome, &diffs)
        } else {
            let style = Style::new(args.color);
            report::write(&mut out, &style, &inputs, &input, &outcome, &diffs)
        }
    };
    match written.and_then(|()| out.flush()) {
        // `dedup | head` closes the pipe early: not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write to standard output: {e}").into()),
        Ok(()) => Ok(()),
    }
}

/// `seeds/` in the current directory, or else the crate's own.
fn seeds_dir() -> Result<PathBuf, BoxError> {
    let here = PathBuf::from("seeds");
    if here.is_dir() {
        return Ok(here);
    }
    let crate_seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    if crate_seeds.is_dir() {
        return Ok(crate_seeds);
    }
    Err(format!(
        "no inputs given, and no seeds/ directory here or in {}",
        env!("CARGO_MANIFEST_DIR")
    )
    .into())
}

/// Names the command-line option behind an invalid engine setting.
fn option_error(e: Error) -> BoxError {
    if let Error::InvalidConfig {
        param,
        value,
        expected,
    } = &e
    {
        let option = match *param {
            "shingle_size" => "--shingle-size",
            "passage_num_perm" => "--passage-permutations",
            "min_containment" => "--min-containment",
            "min_shared_shingles" => "--min-shared-shingles",
            "min_shared_share" => "--min-shared-share",
            "duplicate_jaccard" => "--duplicate-jaccard",
            _ => return Box::new(e),
        };
        return format!("invalid {option} {value}: expected {expected}").into();
    }
    Box::new(e)
}

/// One warning line per skipped or lossily decoded input, at most
/// `MAX_WARNINGS` of each kind (the summary counts them all).
fn warn_skipped(input: &Input) {
    const MAX_WARNINGS: usize = 10;
    let s = &input.stats;
    let lines = [
        (
            s.lossy
                .iter()
                .map(|o| format!("{o}: not valid UTF-8; bad bytes replaced by U+FFFD"))
                .collect::<Vec<_>>(),
            "not valid UTF-8",
        ),
        (
            s.empty
                .iter()
                .map(|o| format!("{o}: empty document (no words), skipped"))
                .collect(),
            "empty",
        ),
        (
            s.invalid
                .iter()
                .map(|(o, why)| format!("{o}: {why}; line skipped"))
                .collect(),
            "malformed",
        ),
    ];
    for (msgs, what) in lines {
        for m in msgs.iter().take(MAX_WARNINGS) {
            eprintln!("warning: {m}");
        }
        if msgs.len() > MAX_WARNINGS {
            eprintln!("warning: ... and {} more {what}", msgs.len() - MAX_WARNINGS);
        }
    }
}
