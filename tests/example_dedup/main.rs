//! The example deduper (`examples/dedup/`) run as a user runs it: on the
//! seeds, on bad input, and (with the JSON output) checked for its shape.
//!
//! Cargo gives integration tests no path to an example's binary, so the
//! first test to need it builds it with the same cargo, profile and target
//! directory as this test binary (a no-op under `cargo test`, which has
//! built the examples already), then runs `target/<profile>/examples/dedup`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The example's binary, built on first use.
fn dedup_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        // This test runs from target/<profile>/deps/.
        let exe = std::env::current_exe().expect("test binary path");
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("target/<profile>/deps/<test>");
        let target_dir = profile_dir.parent().expect("target/<profile>");
        let profile = match profile_dir.file_name().and_then(|n| n.to_str()) {
            Some("debug") => "dev",
            Some(p) => p,
            None => panic!("unexpected target layout: {}", exe.display()),
        };
        let status = Command::new(env!("CARGO"))
            .args([
                "build",
                "--quiet",
                "--example",
                "dedup",
                "--profile",
                profile,
            ])
            .env("CARGO_TARGET_DIR", target_dir)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building the dedup example failed");
        let bin = profile_dir
            .join("examples")
            .join(format!("dedup{}", std::env::consts::EXE_SUFFIX));
        assert!(bin.is_file(), "{} missing after the build", bin.display());
        bin
    })
}

/// Runs the example with `args` in `dir`, feeding `stdin`.
fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(dedup_bin())
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the example starts");
    let mut pipe = child.stdin.take().expect("stdin piped");
    pipe.write_all(stdin).expect("stdin written");
    drop(pipe);
    child.wait_with_output().expect("the example finishes")
}

/// Runs the example in the crate's directory.
fn run(args: &[&str]) -> Output {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, b"")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh empty directory under the system temp dir, removed when dropped
/// (kept, and named, when the test fails).
struct TempDir(PathBuf);

impl TempDir {
    fn join(&self, p: impl AsRef<Path>) -> PathBuf {
        self.0.join(p)
    }
}

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("test files kept in {}", self.0.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn temp_dir(name: &str) -> TempDir {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "reprint-example-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    TempDir(dir)
}

fn seed_path(prefix: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    std::fs::read_dir(&dir)
        .expect("seeds/")
        .map(|e| e.expect("entry").path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .expect("seed file")
}

/// A document that matches nothing: words that occur nowhere else.
fn lone_text(tag: &str) -> String {
    (0..60)
        .map(|i| format!("{tag}w{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn assert_fails_with(o: &Output, needle: &str) {
    assert_eq!(o.status.code(), Some(2), "stderr: {}", stderr(o));
    let e = stderr(o);
    assert!(e.starts_with("error: "), "{e}");
    assert!(e.contains(needle), "expected {needle:?} in {e:?}");
}

#[test]
fn default_run_reports_the_seed_cluster() {
    // From a directory without seeds/, the crate's own seeds are read.
    let dir = temp_dir("default");
    let o = run_in(&dir, &[], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(!text.contains('\x1b'), "no colour when stdout is a pipe");
    assert!(text.starts_with("Read 5 documents ("), "{text}");
    assert!(text.contains("Found 1 cluster (3 documents in all); 2 documents match nothing."));
    let source = text.find("Source  000_").expect("source line");
    let r1 = text.find("Reprint 001_").expect("reprint 001");
    let r3 = text.find("Reprint 003_").expect("reprint 003");
    let unmatched = text
        .find("Matching nothing (2)")
        .expect("unmatched section");
    assert!(source < r1 && r1 < r3 && r3 < unmatched, "{text}");
    let tail = &text[unmatched..];
    assert!(tail.contains("002_") && tail.contains("004_"), "{tail}");
    // Every id with its headline; a legend under the report.
    assert!(
        text.contains("Source  000_0a47ab44ad2963a8.txt — “France’s Macron says Putin told him Russia will not escalate the Ukraine crisis”"),
        "{text}"
    );
    assert!(text.contains("004_9933503ff4774b73.txt — “Russia Undercuts Macron’s Report of Putin Deal on Ukraine”"), "{text}");
    assert!(
        text.trim_end().ends_with("[-dropped-] {+inserted+}"),
        "{text}"
    );
    assert!(text.contains("\nLegend: = copied · ~ edited"), "{text}");

    // --summary: the counts and one line per cluster, no diff.
    let o = run(&["--summary", "seeds"]);
    let summary = stdout(&o);
    assert!(
        summary.contains("\n1. 3 documents · source 000_0a47ab44ad2963a8.txt — “France’s Macron"),
        "{summary}"
    );
    assert!(
        !summary.contains("Reprint") && !summary.contains("Legend"),
        "{summary}"
    );
}

#[test]
fn colour_is_forced_or_refused_on_request() {
    let o = run(&["--color", "always", "seeds"]);
    assert!(stdout(&o).contains("\x1b[1m"));
    let o = run(&["--color", "never", "seeds"]);
    assert!(!stdout(&o).contains('\x1b'));
}

#[test]
fn pairs_are_tab_separated() {
    let o = run(&["--pairs", "seeds"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines[0][0], "id_a");
    let pairs: Vec<(&str, &str)> = lines[1..]
        .iter()
        .map(|l| {
            assert_eq!(l.len(), 7, "{l:?}");
            assert!(["reprint", "duplicate"].contains(&l[2]));
            for x in &l[3..6] {
                let v: f64 = x.parse().expect("a number");
                assert!((0.0..=1.0).contains(&v));
            }
            (&l[0][..3], &l[1][..3])
        })
        .collect();
    assert!(pairs.contains(&("000", "001")) && pairs.contains(&("000", "003")));
    assert!(pairs
        .iter()
        .all(|&(a, b)| ![a, b].contains(&"002") && ![a, b].contains(&"004")));
}

#[test]
fn missing_input_is_named() {
    let o = run(&["seeds", "no/such/dir"]);
    assert_fails_with(&o, "cannot read no/such/dir: no such file or directory");
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_named() {
    let dir = temp_dir("unreadable");
    std::fs::write(dir.join("a.txt"), lone_text("a")).unwrap();
    // A dangling link cannot be read, even by root (permissions would not
    // stop a test running as root). Named as an input, it is an error; in
    // a directory, a warning (see safety.rs).
    std::os::unix::fs::symlink(dir.join("gone.txt"), dir.join("b.txt")).unwrap();
    let o = run_in(&dir, &["a.txt", "./b.txt"], b"");
    assert_fails_with(&o, "cannot read ./b.txt");
}

#[test]
fn non_utf8_text_is_decoded_lossily_with_a_warning() {
    let dir = temp_dir("latin1");
    let mut bytes = lone_text("x").into_bytes();
    bytes.extend_from_slice(b" caf\xe9 cr\xe8me");
    std::fs::write(dir.join("latin1.txt"), bytes).unwrap();
    std::fs::write(dir.join("ok.md"), lone_text("y")).unwrap();
    let o = run_in(&dir, &["."], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: ./latin1.txt: not valid UTF-8"),
        "{}",
        stderr(&o)
    );
    let text = stdout(&o);
    assert!(text.starts_with("Read 2 documents"), "{text}");
    assert!(text.contains("1 input was not valid UTF-8"), "{text}");
    // --quiet drops the warning, not the count.
    let o = run_in(&dir, &["--quiet", "."], b"");
    assert_eq!(stderr(&o), "");
    assert!(stdout(&o).contains("1 input was not valid UTF-8"));
}

#[test]
fn empty_documents_are_skipped_and_counted() {
    let dir = temp_dir("empty");
    std::fs::write(dir.join("blank.txt"), " \n\n\t\n").unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(dir.join("words.txt"), lone_text("w")).unwrap();
    let jsonl = format!(
        "{{\"id\":\"j1\",\"text\":\"   \"}}\n{{\"id\":\"j2\",\"text\":\"{}\"}}\n",
        lone_text("j")
    );
    let o = run_in(&dir, &[".", "-"], jsonl.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("Read 2 documents (120 words)"), "{text}");
    assert!(
        text.contains("Skipped 3 empty documents (no words)."),
        "{text}"
    );
    let e = stderr(&o);
    for place in ["./blank.txt", "./empty.txt", "<stdin>:1"] {
        assert!(
            e.contains(&format!("warning: {place}: empty document")),
            "{e}"
        );
    }
}

#[test]
fn malformed_jsonl_line_is_named_or_skipped_on_request() {
    let dir = temp_dir("jsonl");
    let good = |id: &str| format!("{{\"id\":\"{id}\",\"text\":\"{}\"}}", lone_text(id));
    let jsonl = [
        good("a"),
        String::new(),
        "{\"id\": \"b\", \"text\": }".to_string(),
        good("c"),
        "{\"id\":\"d\",\"text\":\"x\",\"published\":\"2022-02-30T10:00:00Z\"}".to_string(),
    ]
    .join("\n");
    std::fs::write(dir.join("feed.jsonl"), &jsonl).unwrap();
    let o = run_in(&dir, &["feed.jsonl"], b"");
    assert_fails_with(&o, "feed.jsonl:3: invalid JSON record");

    let o = run_in(&dir, &["--skip-invalid", "feed.jsonl"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("Read 2 documents"), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("Skipped 2 malformed lines."),
        "{}",
        stdout(&o)
    );
    let e = stderr(&o);
    assert!(
        e.contains("warning: feed.jsonl:3: invalid JSON record"),
        "{e}"
    );
    assert!(
        e.contains("warning: feed.jsonl:5: invalid RFC 3339 timestamp"),
        "{e}"
    );

    // The same from standard input.
    let o = run_in(&dir, &["-"], jsonl.as_bytes());
    assert_fails_with(&o, "<stdin>:3: invalid JSON record");
}

#[test]
fn invalid_timestamp_is_a_malformed_line() {
    let dir = temp_dir("timestamp");
    let line = format!(
        "{{\"id\":\"a\",\"text\":\"{}\",\"published\":\"08/02/2022\"}}\n",
        lone_text("a")
    );
    std::fs::write(dir.join("t.jsonl"), line).unwrap();
    let o = run_in(&dir, &["t.jsonl"], b"");
    assert_fails_with(&o, "t.jsonl:1: invalid RFC 3339 timestamp \"08/02/2022\"");
}

#[test]
fn duplicate_ids_name_both_places() {
    let dir = temp_dir("dup");
    std::fs::create_dir_all(dir.join("b")).unwrap();
    std::fs::write(dir.join("b/c.txt"), lone_text("c")).unwrap();
    let jsonl = format!(
        "{{\"id\":\"x\",\"text\":\"{}\"}}\n{{\"id\":\"y\",\"text\":\"{}\"}}\n{{\"id\":\"b/c.txt\",\"text\":\"{}\"}}\n",
        lone_text("x"),
        lone_text("y"),
        lone_text("z")
    );
    std::fs::write(dir.join("a.jsonl"), jsonl).unwrap();
    let o = run_in(&dir, &["a.jsonl", "."], b"");
    assert_fails_with(
        &o,
        "duplicate id \"b/c.txt\" with another text: in a.jsonl:3 and in ./b/c.txt",
    );
}

/// Inputs of other shapes than expected say what they are: a JSON array,
/// UTF-16 JSON Lines, a text file without the .txt extension, an HTML file
/// in a directory. UTF-16 text files and numeric ids are simply read.
#[test]
fn unusual_inputs_say_what_they_are() {
    let dir = temp_dir("unusual");
    let record = |id: &str| format!("{{\"id\":\"{id}\",\"text\":\"{}\"}}", lone_text(id));
    std::fs::write(
        dir.join("array.json"),
        format!("[{}, {}]", record("a"), record("b")),
    )
    .unwrap();
    let o = run_in(&dir, &["array.json"], b"");
    assert_fails_with(&o, "array.json:1: a JSON array, not one object");

    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(record("c").encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(dir.join("feed16.jsonl"), &utf16).unwrap();
    let o = run_in(&dir, &["feed16.jsonl"], b"");
    assert_fails_with(&o, "feed16.jsonl: UTF-16 text");

    std::fs::write(dir.join("story.text"), lone_text("s")).unwrap();
    let o = run_in(&dir, &["story.text"], b"");
    assert_fails_with(&o, "story.text:1: invalid JSON record");
    assert_fails_with(
        &o,
        "does not look like JSON Lines (a text document needs the extension .txt or .md)",
    );

    // A day's folder: a UTF-16 article (a reprint of the seed wire story),
    // the wire story, a web page and a hidden file.
    let day = dir.join("day");
    std::fs::create_dir_all(&day).unwrap();
    let wire = std::fs::read_to_string(seed_path("000")).unwrap();
    let reprint = std::fs::read_to_string(seed_path("001")).unwrap();
    std::fs::write(day.join("wire.txt"), &wire).unwrap();
    let reprint16: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(reprint.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    std::fs::write(day.join("reprint.txt"), reprint16).unwrap();
    std::fs::write(day.join("page.html"), "<p>hi</p>").unwrap();
    std::fs::write(day.join(".DS_Store"), [0u8, 1, 2]).unwrap();
    let o = run_in(&dir, &["--json", "day"], b"");
    let v = outputs::json_of(&o);
    assert_eq!(
        v["clusters"][0]["members"].as_array().map(Vec::len),
        Some(2),
        "{v}"
    );
    assert_eq!(
        v["summary"]["other_files"],
        serde_json::json!(["day/page.html"])
    );
    assert!(
        stderr(&o).contains("warning: day/page.html: not a .txt or .md file; not read"),
        "{}",
        stderr(&o)
    );
    let o = run_in(&dir, &["day"], b"");
    assert!(
        stdout(&o).contains("Skipped 1 other file (not .txt or .md)."),
        "{}",
        stdout(&o)
    );

    // Numeric ids, as databases export them.
    std::fs::write(
        dir.join("db.jsonl"),
        format!("{{\"id\":17,\"text\":\"{}\"}}\n", lone_text("n")),
    )
    .unwrap();
    let v = outputs::json_of(&run_in(&dir, &["--json", "db.jsonl"], b""));
    assert_eq!(v["unmatched"], serde_json::json!(["17"]));
}

#[test]
fn bad_option_values_name_the_option() {
    let o = run(&["--min-containment", "1.5", "seeds"]);
    assert_fails_with(&o, "invalid --min-containment 1.5: expected in (0, 1]");
    let o = run(&["--shingle-size", "0", "seeds"]);
    assert_fails_with(&o, "--shingle-size");
    let o = run(&["--shingle-chars", "3", "seeds"]);
    assert_fails_with(
        &o,
        "invalid --shingle-chars 3: expected 0 (word shingles) or 4 to 64",
    );
    let o = run(&["--boilerplate-docs", "2", "seeds"]);
    assert_fails_with(&o, "invalid --boilerplate-docs 2");
    // Thousands of threads would only spend a minute starting up.
    let o = run(&["--threads", "20000"]);
    assert_fails_with(&o, "--threads");
}

#[test]
fn a_single_text_file_is_one_document() {
    let seed = seed_path("000");
    let o = run(&[seed.to_str().expect("utf-8 path")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("Read 1 document ("),
        "{}",
        stdout(&o)
    );
}

mod index;
mod outputs;
mod safety;
