//! Command-line options (clap derive) and the engine config they make.

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, ValueEnum};
use reprint::DedupConfig;

/// Finds news wire reprints among articles and shows, paragraph by
/// paragraph, what each outlet copied from the wire story and what it added.
///
/// INPUTS are read in the order given; each may be
///
///   - a directory: every `.txt` and `.md` file under it (recursively) is one
///     document, its id the path relative to the directory (`/`-separated),
///     read in sorted order; other files are not read, and are counted
///     (hidden ones aside);
///
///   - a `.txt` or `.md` file: one document, its id the path as given;
///
///   - any other file, or `-` for standard input: JSON Lines, one object per
///     line: {"id": "...", "text": "...", "outlet": "...", "published":
///     "2022-02-08T10:00:00Z"}. `outlet` and `published` are optional;
///     `id` is a string or a whole number; `published` is an RFC 3339
///     timestamp (or a number of Unix seconds); other fields are ignored;
///     blank lines are skipped. A JSON array or a UTF-16 file is refused
///     with a word on converting it.
///
/// With no arguments at all, the five seed articles in `seeds/` are read
/// (from the current directory, or else from the crate's own). Options
/// without INPUTS are an error: `--html feed.jsonl` has taken the feed as
/// its output file.
///
/// Output files (--save-index, --html) are checked before any work: an
/// input of the run is never overwritten, and an existing file is replaced
/// only by output of its kind (an index by an index, recognised by its
/// header; HTML by HTML) unless --force. They are written to a temporary
/// file beside the target (symbolic links followed to the real file,
/// whose permissions are kept), then renamed over it; the temporary file
/// is removed on any error and on SIGINT or SIGTERM.
///
/// A JSONL line or a text file may hold at most 64 MiB (67,108,864 bytes);
/// a longer one is an error naming the file, the line and the byte offset
/// where it starts. Binary data (a NUL byte, or more than a tenth of
/// control characters and bytes that are not UTF-8) is skipped with a
/// warning. In a directory, FIFOs, devices, sockets, broken symbolic
/// links and loops of links named like text files are skipped with a
/// warning. Everything skipped is counted in the summary. Ids and texts
/// are printed with control characters escaped (`\x1b`, `\r`), so input
/// cannot move the cursor or retitle the terminal.
///
/// A text file that starts with a UTF-16 byte order mark is read as
/// UTF-16. Text that is not valid UTF-8 is decoded lossily (each bad byte becomes
/// U+FFFD) with a warning naming the file (and line): one stray byte in a
/// scraped article should not stop a run, and the warning says where to look.
/// Documents that are empty or hold no word are skipped and counted.
/// Everything read, skipped and why is counted in the summary.
///
/// Day after day: a document read again with the id and the very text of
/// one already held (in the --load-index index, or earlier in this run) is
/// not added again, and counted; the same id with another text is an
/// error naming both places, unless --replace. Ids from two days'
/// directories stay apart with --id-prefix '{name}/' (`monday/story1.txt`
/// and `tuesday/story1.txt`). --window 7 keeps a week: documents published
/// more than 7 days before the newest one read are evicted, and the saved
/// index holds only the documents kept.
///
/// Exit status: 0 on success, 2 on any error (a missing or unreadable input,
/// a malformed JSON line without --skip-invalid, a duplicate id with another
/// text, a corrupt index), with a message on stderr naming the file and line.
#[derive(Debug, Parser)]
#[command(name = "dedup", version, verbatim_doc_comment)]
pub struct Args {
    /// Directories, `.txt`/`.md` files, JSONL files, or `-` for JSONL on stdin.
    #[arg(value_name = "INPUTS")]
    pub inputs: Vec<PathBuf>,

    /// Print a summary instead of the report: the counts, and one line per
    /// cluster (its size, its time span, its source with headline, outlet
    /// and time). Above 50 clusters the report is this summary by itself;
    /// --full prints every diff, --html FILE and --json write them.
    #[arg(long, conflicts_with_all = ["json", "pairs", "full"])]
    pub summary: bool,

    /// Print the whole report, every cluster with its diffs, however many
    /// clusters there are.
    #[arg(long, conflicts_with_all = ["json", "pairs"])]
    pub full: bool,

    /// Write one JSON document to stdout instead of the report: documents
    /// with their paragraphs' byte spans, clusters with each reprint's
    /// paragraph alignment, and the unmatched ids.
    #[arg(long, conflicts_with = "pairs")]
    pub json: bool,

    /// Write the verified pairs to stdout as tab-separated lines, after a
    /// header line: id_a, id_b, relation, containment of a in b, containment
    /// of b in a, Jaccard, shared shingles. No diffs are computed. Tabs,
    /// newlines, backslashes and other control characters in ids are
    /// written as \t, \n, \\ and \xHH (or \u{HHHH}).
    #[arg(long)]
    pub pairs: bool,

    /// Also write a self-contained HTML page (no scripts, no network) with
    /// each cluster and, per reprint, source and reprint side by side.
    #[arg(long, value_name = "FILE", conflicts_with = "pairs")]
    pub html: Option<PathBuf>,

    /// A reprint must hold this share of the source's text, or the source
    /// this share of the reprint's (containment, either way); related
    /// documents below it share a passage.
    #[arg(long, value_name = "SHARE", default_value_t = DedupConfig::default().min_containment)]
    pub min_containment: f64,

    /// Shared text shorter than this many shingles (about a paragraph) is
    /// a reprint only when it is --min-shared-share of the smaller
    /// document: one paragraph shared by two stories is a shared passage.
    #[arg(long, value_name = "N", default_value_t = DedupConfig::default().min_reprint_shingles)]
    pub min_reprint_shingles: usize,

    /// Two documents sharing at least this many distinct word shingles
    /// (boilerplate excluded) are related; a shared quote gives fewer.
    #[arg(long, value_name = "N", default_value_t = DedupConfig::default().min_shared_shingles)]
    pub min_shared_shingles: usize,

    /// Two documents sharing this share of the smaller one's shingles are
    /// related however few that is (at least 4): how briefs are matched.
    #[arg(long, value_name = "SHARE", default_value_t = DedupConfig::default().min_shared_share)]
    pub min_shared_share: f64,

    /// Jaccard similarity from which two documents are duplicates rather than
    /// a reprint.
    #[arg(long, value_name = "SHARE", default_value_t = DedupConfig::default().duplicate_jaccard)]
    pub duplicate_jaccard: f64,

    /// Words per shingle.
    #[arg(long, value_name = "K", default_value_t = DedupConfig::default().shingle_size)]
    pub shingle_size: usize,

    /// Shingles of N characters at each word start instead of words: for
    /// OCR'd or garbled text (16 is a good start; 0 keeps word shingles).
    #[arg(long, value_name = "N", default_value_t = DedupConfig::default().shingle_chars)]
    pub shingle_chars: usize,

    /// Index buckets holding passages of this many documents are judged
    /// to be one story's or boilerplate (footers, comment policies).
    #[arg(long, value_name = "N", default_value_t = DedupConfig::default().boilerplate_docs)]
    pub boilerplate_docs: usize,

    /// MinHash values per passage: more finds edited passages more surely
    /// and makes a bigger index.
    #[arg(long, value_name = "N", default_value_t = DedupConfig::default().passage_num_perm)]
    pub passage_permutations: usize,

    /// Index each passage under its first and last shingle as well (exact
    /// anchors: copies whose middle was edited or misread). `false` turns
    /// them off.
    #[arg(long, value_name = "BOOL", default_value_t = DedupConfig::default().passage_anchors,
          action = clap::ArgAction::Set)]
    pub passage_anchors: bool,

    /// Match against the documents of an index saved by an earlier run
    /// (--save-index), then add this run's documents to it: yesterday's
    /// index, today's articles. The index keeps fingerprints, not texts:
    /// clusters involving its documents are reported, paragraph diffs only
    /// for pairs whose two texts are read in this run. The index keeps the
    /// fingerprint settings it was built with (--shingle-size,
    /// --shingle-chars, --passage-permutations): another value is an error.
    /// The thresholds (--min-containment, --min-reprint-shingles, --min-shared-shingles,
    /// --min-shared-share, --duplicate-jaccard, --boilerplate-docs) and
    /// --window may change: they apply to the documents added in this run.
    #[arg(long, value_name = "FILE")]
    pub load_index: Option<PathBuf>,

    /// Save the engine (the loaded index, if any, plus this run's documents)
    /// to FILE after matching, for a later --load-index. The file is written
    /// atomically, so FILE may be the --load-index file.
    #[arg(long, value_name = "FILE")]
    pub save_index: Option<PathBuf>,

    /// Keep only documents published within DAYS (a decimal number) of
    /// the newest document read: older ones, in the index or read, are
    /// evicted before matching, and the saved index does not hold them.
    /// Documents without a publication time are never evicted.
    #[arg(long, value_name = "DAYS", value_parser = parse_days)]
    pub window: Option<f64>,

    /// Put PREFIX before every id read; `{name}` in it stands for the
    /// input's own name (a directory's name, a file's name without its
    /// extension, `stdin` for `-`): `--id-prefix '{name}/'` gives
    /// `monday/story1.txt`.
    #[arg(long, value_name = "PREFIX")]
    pub id_prefix: Option<String>,

    /// A document whose id is held (in the loaded index, or read earlier in
    /// this run) with another text replaces it, instead of being an error.
    #[arg(long)]
    pub replace: bool,

    /// Replace an existing --save-index or --html file even when it does
    /// not hold output of that kind (an input of the run is never replaced).
    #[arg(long)]
    pub force: bool,

    /// Worker threads for fingerprinting and diffs (0: one per core; at
    /// most 1024). With more than one, the main thread reads the input
    /// beside them.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,

    /// No progress bar and no warnings on stderr (errors are still printed;
    /// the summary still counts everything skipped).
    #[arg(long, short)]
    pub quiet: bool,

    /// Skip malformed JSON lines (counted in the summary) instead of stopping
    /// at the first.
    #[arg(long)]
    pub skip_invalid: bool,

    /// When to colour the report: auto (when stdout is a terminal and
    /// NO_COLOR is not set), always, never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// When to colour the human report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and `NO_COLOR` is unset or empty.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Parses `--window DAYS`: a finite number of days above 0, at most
/// about 292 billion years in seconds.
fn parse_days(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(d) if d > 0.0 && d.is_finite() && d * 86_400.0 < i64::MAX as f64 => Ok(d),
        _ => Err(format!("expected a number of days above 0, got {s:?}")),
    }
}

/// The engine options, with which of them were given on the command line.
const CONFIG_OPTIONS: [&str; 11] = [
    "min_containment",
    "min_reprint_shingles",
    "min_shared_shingles",
    "min_shared_share",
    "duplicate_jaccard",
    "shingle_size",
    "shingle_chars",
    "boilerplate_docs",
    "passage_permutations",
    "passage_anchors",
    "window",
];

/// The engine options the documents held were fingerprinted with: fixed
/// once an index is built.
const FINGERPRINT_OPTIONS: [&str; 4] = [
    "shingle_size",
    "shingle_chars",
    "passage_permutations",
    "passage_anchors",
];

/// Parsed arguments plus the names of the engine options set explicitly.
#[derive(Debug)]
pub struct Cli {
    /// The options.
    pub args: Args,
    /// Engine options given on the command line (not defaults).
    pub explicit: Vec<&'static str>,
    /// Options given on the command line, as typed (`--html`), in order.
    pub given: Vec<String>,
}

impl Cli {
    /// Parses `std::env::args`, exiting with clap's usage message on error.
    pub fn parse() -> Cli {
        Cli::from_matches(Args::command().get_matches())
    }

    /// Parses the given arguments (the first is the program name).
    #[cfg(test)]
    pub fn try_parse_from<I: IntoIterator<Item = &'static str>>(it: I) -> Result<Cli, clap::Error> {
        Ok(Cli::from_matches(Args::command().try_get_matches_from(it)?))
    }

    fn from_matches(m: ArgMatches) -> Cli {
        let explicit = CONFIG_OPTIONS
            .into_iter()
            .filter(|name| m.value_source(name) == Some(ValueSource::CommandLine))
            .collect();
        let mut given: Vec<(usize, String)> = Args::command()
            .get_arguments()
            .filter(|a| !a.is_positional())
            .filter(|a| m.value_source(a.get_id().as_str()) == Some(ValueSource::CommandLine))
            .filter_map(|a| {
                let at = m.index_of(a.get_id().as_str()).unwrap_or(0);
                a.get_long().map(|long| (at, format!("--{long}")))
            })
            .collect();
        given.sort();
        let given = given.into_iter().map(|(_, name)| name).collect();
        let args = match Args::from_arg_matches(&m) {
            Ok(a) => a,
            Err(e) => e.exit(),
        };
        Cli {
            args,
            explicit,
            given,
        }
    }
}

impl Args {
    /// The engine config these options ask for (validated by the engine).
    pub fn dedup_config(&self) -> DedupConfig {
        DedupConfig {
            min_containment: self.min_containment,
            min_reprint_shingles: self.min_reprint_shingles,
            min_shared_shingles: self.min_shared_shingles,
            min_shared_share: self.min_shared_share,
            duplicate_jaccard: self.duplicate_jaccard,
            shingle_size: self.shingle_size,
            shingle_chars: self.shingle_chars,
            boilerplate_docs: self.boilerplate_docs,
            passage_num_perm: self.passage_permutations,
            passage_anchors: self.passage_anchors,
            window: self.window.map(|days| (days * 86_400.0).round() as i64),
            ..DedupConfig::default()
        }
    }
}

/// What the engine options given explicitly ask of an index loaded with
/// `loaded`: the config to run with (the index's, with the given options
/// that may change applied), the notes on those that change
/// (`--min-containment 0.3 (the index has 0.15)`), or the fingerprint
/// options whose value differs, as an error.
pub fn loaded_config(
    explicit: &[&'static str],
    wanted: &DedupConfig,
    loaded: &DedupConfig,
) -> Result<(DedupConfig, Vec<String>), Vec<String>> {
    let differing = config_conflicts(explicit, wanted, loaded);
    let (fixed, changed): (Vec<_>, Vec<_>) = differing
        .into_iter()
        .partition(|(name, _)| FINGERPRINT_OPTIONS.contains(name));
    if !fixed.is_empty() {
        return Err(fixed.into_iter().map(|(_, note)| note).collect());
    }
    let mut config = loaded.clone();
    for (name, _) in &changed {
        match *name {
            "min_containment" => config.min_containment = wanted.min_containment,
            "min_reprint_shingles" => config.min_reprint_shingles = wanted.min_reprint_shingles,
            "min_shared_shingles" => config.min_shared_shingles = wanted.min_shared_shingles,
            "min_shared_share" => config.min_shared_share = wanted.min_shared_share,
            "duplicate_jaccard" => config.duplicate_jaccard = wanted.duplicate_jaccard,
            "boilerplate_docs" => config.boilerplate_docs = wanted.boilerplate_docs,
            "window" => config.window = wanted.window,
            _ => {}
        }
    }
    Ok((config, changed.into_iter().map(|(_, note)| note).collect()))
}

/// The engine options given explicitly whose value differs from the loaded
/// index's, each with its note: `--shingle-size 4 (the index has 5)`.
fn config_conflicts(
    explicit: &[&'static str],
    wanted: &DedupConfig,
    loaded: &DedupConfig,
) -> Vec<(&'static str, String)> {
    let values = |c: &DedupConfig, name: &str| match name {
        "min_containment" => c.min_containment.to_string(),
        "min_reprint_shingles" => c.min_reprint_shingles.to_string(),
        "min_shared_shingles" => c.min_shared_shingles.to_string(),
        "min_shared_share" => c.min_shared_share.to_string(),
        "duplicate_jaccard" => c.duplicate_jaccard.to_string(),
        "shingle_size" => c.shingle_size.to_string(),
        "shingle_chars" => c.shingle_chars.to_string(),
        "boilerplate_docs" => c.boilerplate_docs.to_string(),
        "passage_permutations" => c.passage_num_perm.to_string(),
        "passage_anchors" => c.passage_anchors.to_string(),
        "window" => match c.window {
            Some(secs) => format!("{} days", secs as f64 / 86_400.0),
            None => "none".to_string(),
        },
        _ => String::new(),
    };
    explicit
        .iter()
        .filter(|name| values(wanted, name) != values(loaded, name))
        .map(|&name| {
            let note = format!(
                "--{} {} (the index has {})",
                name.replace('_', "-"),
                values(wanted, name),
                values(loaded, name)
            );
            (name, note)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_engine_defaults() {
        let cli = Cli::try_parse_from(["dedup"]).unwrap();
        assert_eq!(cli.args.dedup_config(), DedupConfig::default());
        assert!(cli.explicit.is_empty());
        assert!(cli.args.inputs.is_empty());
    }

    #[test]
    fn explicit_options_are_noted() {
        let cli = Cli::try_parse_from(["dedup", "--shingle-size", "4", "a", "-"]).unwrap();
        assert_eq!(cli.explicit, ["shingle_size"]);
        assert_eq!(cli.args.dedup_config().shingle_size, 4);
        assert_eq!(cli.args.inputs, [PathBuf::from("a"), PathBuf::from("-")]);
    }

    #[test]
    fn a_loaded_index_keeps_its_fingerprint_settings() {
        let loaded = DedupConfig::default();
        let cli =
            Cli::try_parse_from(["dedup", "--shingle-size", "4", "--min-containment", "0.15"])
                .unwrap();
        let wanted = cli.args.dedup_config();
        assert_eq!(
            loaded_config(&cli.explicit, &wanted, &loaded).unwrap_err(),
            ["--shingle-size 4 (the index has 5)"]
        );
        let (config, notes) = loaded_config(&[], &wanted, &loaded).unwrap();
        assert_eq!((config, notes.len()), (loaded, 0));
    }

    #[test]
    fn a_loaded_index_takes_new_thresholds_and_window() {
        let loaded = DedupConfig {
            boilerplate_docs: 9,
            ..DedupConfig::default()
        };
        let cli =
            Cli::try_parse_from(["dedup", "--min-containment", "0.3", "--window", "7"]).unwrap();
        let (config, notes) =
            loaded_config(&cli.explicit, &cli.args.dedup_config(), &loaded).unwrap();
        assert_eq!(config.min_containment, 0.3);
        assert_eq!(config.window, Some(7 * 86_400));
        assert_eq!(config.boilerplate_docs, 9, "not given: the index's");
        assert_eq!(
            notes,
            [
                "--min-containment 0.3 (the index has 0.15)",
                "--window 7 days (the index has none)"
            ]
        );
    }

    #[test]
    fn window_takes_positive_days() {
        let cli = Cli::try_parse_from(["dedup", "--window", "0.5", "x"]).unwrap();
        assert_eq!(cli.args.dedup_config().window, Some(43_200));
        for bad in ["0", "-1", "NaN", "inf", "1e300", "week"] {
            assert!(
                Cli::try_parse_from(["dedup", "--window", bad, "x"]).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn given_options_are_listed_in_order() {
        let cli = Cli::try_parse_from(["dedup", "-q", "--html", "feed.jsonl", "--json"]).unwrap();
        assert_eq!(cli.given, ["--quiet", "--html", "--json"]);
        assert!(Cli::try_parse_from(["dedup"]).unwrap().given.is_empty());
    }

    #[test]
    fn json_and_pairs_conflict() {
        assert!(Cli::try_parse_from(["dedup", "--json", "--pairs"]).is_err());
    }

    #[test]
    fn command_is_well_formed() {
        Args::command().debug_assert();
    }
}
