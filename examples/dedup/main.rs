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
mod output;
mod pairs;
mod record;
mod report;
mod sanitize;
mod style;

use rayon::prelude::*;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use reprint::{Deduper, Error};

use crate::cli::Cli;
use crate::input::{BoxError, Input, ReadOptions};
use crate::output::{Checks, Kind, Target};
use crate::sanitize::for_terminal;
use crate::style::Style;

fn main() {
    if let Err(e) = run() {
        // Messages quote paths, ids and lines of the input: escaped.
        eprintln!("error: {}", for_terminal(&e.to_string()));
        std::process::exit(2)
    }
}

fn run() -> Result<(), BoxError> {
    let Cli {
        args,
        explicit,
        given,
    } = Cli::parse();
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
    let inputs = if !args.inputs.is_empty() {
        args.inputs.clone()
    } else if given.is_empty() {
        vec![seeds_dir()?]
    } else {
        return Err(no_inputs(&args, &given).into());
    };
    // Every output is checked, and its temporary file made, before any work.
    let checks = Checks {
        inputs: &inputs,
        force: args.force,
    };
    let index_out = match &args.save_index {
        Some(path) => Some(Target::open("--save-index", path, Kind::Index, &checks)?),
        None => None,
    };
    let html_out = match &args.html {
        Some(path) => Some(Target::open("--html", path, Kind::Html, &checks)?),
        None => None,
    };
    if index_out.is_some() || html_out.is_some() {
        output::remove_on_signals()?;
    }
    let mut deduper = match &args.load_index {
        Some(path) => {
            let mut d = Deduper::load(path).map_err(|e| format!("cannot load the index: {e}"))?;
            match cli::loaded_config(&explicit, &args.dedup_config(), d.config()) {
                Err(fixed) => {
                    return Err(format!(
                        "{} keeps the fingerprint settings it was built with; these differ: {}",
                        path.display(),
                        fixed.join(", ")
                    )
                    .into())
                }
                Ok((config, changed)) => {
                    d.set_config(config).map_err(option_error)?;
                    if !changed.is_empty() && !args.quiet {
                        eprintln!(
                            "note: {} for the documents added in this run; \
                             pairs found before keep their verdicts",
                            changed.join(", ")
                        );
                    }
                }
            }
            d
        }
        None => Deduper::new(args.dedup_config()).map_err(option_error)?,
    };
    // `--pairs` shows no text: each document is fingerprinted as it is
    // read and its text dropped, so that the texts are never all held.
    // `--json` alone reads the texts it shows again from their files.
    let reread = args.json && !args.pairs && args.html.is_none();
    let stages = deduper.stages().clone();
    let mut input = Input::read(
        &inputs,
        ReadOptions {
            fingerprint: (args.pairs || reread).then_some(&stages),
            reread,
            skip_invalid: args.skip_invalid,
            replace: args.replace,
            id_prefix: args.id_prefix.as_deref(),
            quiet: args.quiet,
        },
        &mut io::stdin().lock(),
    )?;
    if !args.quiet {
        warn_skipped(&input);
    }
    let loaded = args
        .load_index
        .as_ref()
        .map(|path| (path.clone(), deduper.len()));
    let prints = input.take_prints();
    let outcome = matching::run(
        &mut deduper,
        &input,
        prints,
        loaded,
        args.replace,
        matching::Want {
            clusters: !args.pairs,
            pairs: args.json && !args.pairs,
        },
        args.quiet,
    )?;
    if let Some(target) = index_out {
        let shown = for_terminal(&target.path().display().to_string()).into_owned();
        target.commit_with(|out| deduper.write_to(out).map_err(io::Error::other))?;
        if !args.quiet {
            eprintln!(
                "saved the index ({}) to {shown}",
                report::plural(deduper.len(), "document"),
            );
        }
    }

    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let written = if args.pairs {
        // Streamed from the engine: a viral story's pairs are the square
        // of its copies, which the engine holds as one text.
        let here = |id: &str| input.doc(id).is_some();
        let from_index = args.load_index.is_some();
        write_pairs(&mut out, &deduper, |p| {
            !from_index || here(p.a) || here(p.b)
        })
    } else {
        let mode = report::Mode::choose(args.summary, args.full, outcome.clusters.len());
        // A summary alone shows no diff: none is computed; `--json` makes
        // its own a chunk at a time, unless the page needs them too.
        let diffs = if html_out.is_some() || (!args.json && mode == report::Mode::Full) {
            diffs::compute(&outcome, &input, &deduper, args.quiet)
        } else {
            Vec::new()
        };
        let html_out_made = html_out.is_some();
        if let Some(target) = html_out {
            let split = !target.in_place();
            let pages = html::pages(&inputs, &input, &outcome, &diffs, target.path(), split);
            let shown = for_terminal(&target.path().display().to_string()).into_owned();
            // The other pages first, checked as the first was: the first
            // page's links then lead to pages that are there.
            for (path, page) in pages.iter().skip(1) {
                Target::open("--html", path, Kind::Html, &checks)?.commit(page.as_bytes())?;
            }
            if let Some((_, first)) = pages.first() {
                target.commit(first.as_bytes())?;
            }
            if !args.quiet {
                match pages.len() {
                    1 => eprintln!("wrote {shown}"),
                    n => eprintln!(
                        "wrote {shown} and {} more pages beside it ({} clusters a page)",
                        n - 1,
                        html::CLUSTERS_PER_PAGE
                    ),
                }
            }
        }
        if args.json {
            let made = html_out_made.then_some(&diffs);
            json::write(&mut out, &deduper, &input, &outcome, made, args.quiet)
        } else {
            let style = Style::new(args.color);
            report::write(&mut out, &style, &inputs, &input, &outcome, &diffs, mode)
        }
    };
    let flushed = written.and_then(|()| out.flush());
    // The process ends here: the engine, the texts and the results (some
    // gigabytes in millions of allocations at a million documents, a
    // second to free one by one) are left to the operating system.
    std::mem::forget(deduper);
    std::mem::forget(input);
    std::mem::forget(outcome);
    match flushed {
        // `dedup | head` closes the pipe early: not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write to standard output: {e}").into()),
        Ok(()) => Ok(()),
    }
}

/// `seeds/` in the current directory, or else the repository's own (beside
/// `cli/`, the deduper's manifest).
fn seeds_dir() -> Result<PathBuf, BoxError> {
    let here = PathBuf::from("seeds");
    if here.is_dir() {
        return Ok(here);
    }
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let crate_seeds = repository.join("seeds");
    if crate_seeds.is_dir() {
        return Ok(crate_seeds);
    }
    Err(format!(
        "no inputs given, and no seeds/ directory here or in {}",
        repository.display()
    )
    .into())
}

/// Why a run with options but no INPUTS is refused: the seeds are read
/// only when nothing at all is given, and an option taking a file may
/// have taken the input as its value.
fn no_inputs(args: &cli::Args, given: &[String]) -> String {
    let swallowed = [
        ("--html", &args.html),
        ("--save-index", &args.save_index),
        ("--load-index", &args.load_index),
    ]
    .into_iter()
    .filter_map(|(option, path)| path.as_ref().map(|p| (option, p)))
    .find(|(option, p)| *option != "--load-index" && p.exists());
    let shown = |p: &PathBuf| for_terminal(&p.display().to_string()).into_owned();
    match swallowed {
        Some((option, path)) => format!(
            "no INPUTS given: {option} took {} as the file to write; \
             name the output file first (`{option} OUT {}`), \
             or name the inputs after it",
            shown(path),
            shown(path)
        ),
        _ => format!(
            "no INPUTS given (with options {}; the seed articles are read only \
             when no option is given): name the directories or files to read, \
             e.g. `seeds`",
            given.join(" ")
        ),
    }
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
            "shingle_chars" => "--shingle-chars",
            "boilerplate_docs" => "--boilerplate-docs",
            "passage_num_perm" => "--passage-permutations",
            "min_containment" => "--min-containment",
            "min_reprint_shingles" => "--min-reprint-shingles",
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
        (
            s.binary
                .iter()
                .map(|o| format!("{o}: binary data (NUL bytes or mostly not text), skipped"))
                .collect(),
            "binary",
        ),
        (
            s.other_files
                .iter()
                .map(|o| format!("{o}: not a .txt or .md file; not read"))
                .collect(),
            "other files",
        ),
        (
            s.not_read
                .iter()
                .map(|(o, why)| format!("{o}: {why}; skipped"))
                .collect(),
            "unreadable",
        ),
    ];
    for (msgs, what) in lines {
        for m in msgs.iter().take(MAX_WARNINGS) {
            // Paths and lines of the input: escaped.
            eprintln!("warning: {}", for_terminal(m));
        }
        if msgs.len() > MAX_WARNINGS {
            eprintln!("warning: ... and {} more {what}", msgs.len() - MAX_WARNINGS);
        }
    }
}

/// `--pairs`: the header, then each pair of `deduper` that `keep` keeps,
/// in the engine's order, as the engine lists them (none is held).
fn write_pairs(
    out: &mut dyn Write,
    deduper: &Deduper,
    keep: impl Fn(&reprint::PairRef<'_>) -> bool,
) -> io::Result<()> {
    pairs::header(out)?;
    // Pairs come in order from the engine; a batch of them is formatted
    // on every core and written in order (a viral story's pairs are tens
    // of millions of lines).
    const BATCH: usize = 1 << 16;
    let mut batch = Vec::with_capacity(BATCH);
    let mut written = Ok(());
    deduper.for_each_pair(|p| {
        if written.is_ok() && keep(&p) {
            batch.push(p);
            if batch.len() == BATCH {
                written = write_pair_lines(out, &mut batch);
            }
        }
    });
    written.and_then(|()| write_pair_lines(out, &mut batch))
}

/// Writes the lines of `batch`, formatted in parallel, in order, and
/// empties it.
fn write_pair_lines(out: &mut dyn Write, batch: &mut Vec<reprint::PairRef<'_>>) -> io::Result<()> {
    let parts: Vec<io::Result<Vec<u8>>> = batch
        .par_chunks(1024)
        .map(|chunk| {
            let mut part = Vec::with_capacity(chunk.len() * 64);
            chunk.iter().try_for_each(|p| pairs::line(&mut part, p))?;
            Ok(part)
        })
        .collect();
    batch.clear();
    parts.into_iter().try_for_each(|part| out.write_all(&part?))
}
