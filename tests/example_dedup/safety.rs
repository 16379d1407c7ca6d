//! Issue 16, "What was seen": outputs that destroyed inputs, terminal
//! injection, hangs and unbounded memory. One test per item; each failed
//! on the deduper before the fix.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use super::*;

/// A JSONL line.
fn record(id: &str, text: &str) -> String {
    serde_json::json!({ "id": id, "text": text }).to_string() + "\n"
}

/// Runs the example in `dir` with a process of its own, for tests that
/// need its pid or feed it more than it reads.
fn spawn_in(dir: &Path, args: &[&str]) -> Child {
    Command::new(dedup_bin())
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the example starts")
}

/// Runs the example feeding `stdin` from a thread that stops quietly when
/// the example stops reading (it may refuse the input half-way).
fn run_feeding(dir: &Path, args: &[&str], stdin: Vec<u8>) -> Output {
    let mut child = spawn_in(dir, args);
    let mut pipe = child.stdin.take().expect("stdin piped");
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(&stdin);
    });
    let out = child.wait_with_output().expect("the example finishes");
    feeder.join().expect("the feeder ends");
    out
}

/// Names of the files in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("readable dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

// ---- 1. Outputs never destroy inputs ------------------------------------

/// `dedup --html feed.jsonl` and `dedup --save-index tuesday.jsonl` (the
/// output name forgotten) overwrote the feed and reported the seeds.
#[test]
fn an_option_that_swallowed_the_input_is_an_error_and_the_input_is_kept() {
    let dir = temp_dir("swallowed");
    let feed = record("a", &lone_text("a"));
    std::fs::write(dir.join("feed.jsonl"), &feed).unwrap();
    for option in ["--html", "--save-index"] {
        let o = run_in(&dir, &[option, "feed.jsonl"], b"");
        assert_fails_with(
            &o,
            &format!("{option} took feed.jsonl as the file to write"),
        );
        assert_eq!(stdout(&o), "", "the seeds were reported");
        assert_eq!(
            std::fs::read_to_string(dir.join("feed.jsonl")).unwrap(),
            feed
        );
    }
    // Any option without inputs: no silent fallback to the seeds.
    let o = run_in(&dir, &["--json"], b"");
    assert_fails_with(&o, "no INPUTS given (with options --json");
    assert_eq!(names(&dir), ["feed.jsonl"]);
}

/// `--html feed.jsonl feed.jsonl` overwrote its own input.
#[test]
fn an_input_is_never_an_output_even_with_force() {
    let dir = temp_dir("own-input");
    let feed = record("a", &lone_text("a"));
    std::fs::write(dir.join("feed.jsonl"), &feed).unwrap();
    std::fs::create_dir(dir.join("corpus")).unwrap();
    std::fs::write(dir.join("corpus/b.txt"), lone_text("b")).unwrap();
    for args in [
        &["--html", "feed.jsonl", "feed.jsonl"][..],
        &["--force", "--save-index", "./feed.jsonl", "feed.jsonl"],
        &["--force", "--html", "corpus/b.txt", "corpus"],
    ] {
        let o = run_in(&dir, args, b"");
        assert_fails_with(&o, "is also an input of this run");
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("feed.jsonl")).unwrap(),
        feed
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("corpus/b.txt")).unwrap(),
        lone_text("b")
    );
    assert_eq!(names(&dir), ["corpus", "feed.jsonl"], "temporary file left");
}

/// An existing file is replaced only by output of its kind, unless --force.
#[test]
fn only_an_index_replaces_an_index_and_only_html_replaces_html() {
    let dir = temp_dir("kinds");
    std::fs::write(dir.join("words.txt"), lone_text("w")).unwrap();
    let notes = "my notes, not an index\n";
    std::fs::write(dir.join("notes.idx"), notes).unwrap();
    let o = run_in(&dir, &["--save-index", "notes.idx", "words.txt"], b"");
    assert_fails_with(&o, "--save-index notes.idx: exists and is not an index");
    assert_fails_with(&o, "--force");
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.idx")).unwrap(),
        notes
    );

    // An index replaces an index; HTML replaces HTML (the second time).
    let both = [
        "-q",
        "--save-index",
        "a.idx",
        "--html",
        "a.html",
        "words.txt",
    ];
    for _ in 0..2 {
        let o = run_in(&dir, &both, b"");
        assert!(o.status.success(), "{}", stderr(&o));
    }
    // Not the one for the other.
    let o = run_in(&dir, &["--html", "a.idx", "words.txt"], b"");
    assert_fails_with(
        &o,
        "--html a.idx: exists and is not an HTML page (it is an index)",
    );
    let o = run_in(&dir, &["--save-index", "a.html", "words.txt"], b"");
    assert_fails_with(&o, "is not an index (it is an HTML page)");

    // --force replaces, and the result is a loadable index.
    let o = run_in(
        &dir,
        &["-q", "--force", "--save-index", "notes.idx", "words.txt"],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::write(dir.join("more.txt"), lone_text("m")).unwrap();
    let o = run_in(&dir, &["--load-index", "notes.idx", "more.txt"], b"");
    assert!(
        stdout(&o).contains("Matched against 1 document"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        names(&dir),
        ["a.html", "a.idx", "more.txt", "notes.idx", "words.txt"]
    );
}

/// `--save-index /dev/null` made /dev/null a regular file (as root): a
/// special file is not replaced. A FIFO stands in for the device here, so
/// that a failing test cannot damage the machine.
#[cfg(unix)]
#[test]
fn a_special_file_is_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = temp_dir("special");
    std::fs::write(dir.join("words.txt"), lone_text("w")).unwrap();
    let made = Command::new("mkfifo").arg(dir.join("pipe")).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    for option in ["--save-index", "--html"] {
        let o = run_in(&dir, &[option, "pipe", "words.txt"], b"");
        assert_fails_with(&o, &format!("{option} pipe: is not a regular file"));
        let kind = std::fs::symlink_metadata(dir.join("pipe"))
            .unwrap()
            .file_type();
        assert!(kind.is_fifo(), "the FIFO was replaced");
    }
    let o = run_in(&dir, &["--save-index", ".", "words.txt"], b"");
    assert_fails_with(&o, "--save-index .: is a directory");
}

/// The one special file accepted: this run's own standard output, a pipe
/// here, named as `/dev/stdout`.
#[cfg(target_os = "linux")]
#[test]
fn html_may_go_to_standard_output_by_name() {
    let o = run(&["-q", "--json", "--html", "/dev/stdout", "seeds"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("<!DOCTYPE html>"),
        "{}",
        &out[..out.len().min(200)]
    );
    assert!(out.contains("</html>") && out.contains("\"clusters\""));
}

/// A symlinked index stayed a link to a stale target, and 0600 became
/// 0644: the real file is replaced, with its permissions.
#[cfg(unix)]
#[test]
fn a_linked_index_is_saved_to_its_target_with_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("links");
    std::fs::create_dir(dir.join("store")).unwrap();
    std::fs::write(dir.join("one.txt"), lone_text("one")).unwrap();
    std::fs::write(dir.join("two.txt"), lone_text("two")).unwrap();
    let o = run_in(
        &dir,
        &["-q", "--save-index", "store/real.idx", "one.txt"],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let real = dir.join("store/real.idx");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::symlink("store/real.idx", dir.join("news.idx")).unwrap();

    let o = run_in(
        &dir,
        &[
            "-q",
            "--load-index",
            "news.idx",
            "--save-index",
            "news.idx",
            "two.txt",
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let link = std::fs::symlink_metadata(dir.join("news.idx")).unwrap();
    assert!(link.file_type().is_symlink(), "the link became a file");
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "permissions of the index changed");
    // The target holds both days.
    std::fs::write(dir.join("three.txt"), lone_text("three")).unwrap();
    let o = run_in(&dir, &["--load-index", "store/real.idx", "three.txt"], b"");
    assert!(
        stdout(&o).contains("Matched against 2 documents"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        names(&dir.join("store")),
        ["real.idx"],
        "temporary file left"
    );
}

/// An unwritable output was found only after the work, when part of it
/// (the index) had been written: now before any.
#[test]
fn an_unwritable_output_is_found_before_any_work() {
    let dir = temp_dir("unwritable");
    std::fs::write(dir.join("words.txt"), lone_text("w")).unwrap();
    let o = run_in(
        &dir,
        &[
            "--save-index",
            "day.idx",
            "--html",
            "no/such/dir/page.html",
            "words.txt",
        ],
        b"",
    );
    assert_fails_with(&o, "--html no/such/dir/page.html: no directory no/such/dir");
    assert_eq!(
        names(&dir),
        ["words.txt"],
        "the index was written, or a temporary file left"
    );
    // And before reading: a bad input is not even looked at.
    let o = run_in(&dir, &["--html", "no/dir/page.html", "missing.jsonl"], b"");
    assert_fails_with(&o, "--html no/dir/page.html");
}

/// A failed run leaves no temporary file behind.
#[test]
fn a_failed_run_removes_its_temporary_files() {
    let dir = temp_dir("failed");
    std::fs::write(dir.join("bad.jsonl"), "{oops\n").unwrap();
    let o = run_in(
        &dir,
        &["--save-index", "x.idx", "--html", "x.html", "bad.jsonl"],
        b"",
    );
    assert_fails_with(&o, "bad.jsonl:1: invalid JSON record");
    assert_eq!(names(&dir), ["bad.jsonl"]);
}

/// SIGINT and SIGTERM remove the temporary file (a stopped save left a
/// hidden 10 MB one). The run is held reading standard input while its
/// temporary file exists, then stopped.
#[cfg(unix)]
#[test]
fn a_signal_removes_the_temporary_file() {
    for (signal, code) in [("TERM", 143), ("INT", 130)] {
        let dir = temp_dir("signal");
        let mut child = spawn_in(&dir, &["--save-index", "out.idx", "-"]);
        // The temporary file is made before input is read. Polling for it
        // is bounded only so that a broken build fails instead of hanging.
        let mut seen = false;
        for _ in 0..3000 {
            if names(&dir).iter().any(|n| n.starts_with(".out.idx.")) {
                seen = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        if !seen {
            let _ = child.kill();
            panic!("no temporary file appeared: {:?}", names(&dir));
        }
        // Held open until the run has stopped: `wait_with_output` would
        // close it, and the run, reading end of input, could finish before
        // the signal's handler.
        let stdin = child.stdin.take();
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status();
        assert!(killed.is_ok_and(|s| s.success()), "kill -{signal}");
        let o = child.wait_with_output().expect("the example stops");
        drop(stdin);
        assert_eq!(o.status.code(), Some(code), "{}", stderr(&o));
        assert!(names(&dir).is_empty(), "left behind: {:?}", names(&dir));
    }
}

// ---- 2. Terminal injection ----------------------------------------------

/// The two documents of a reprint pair whose ids and texts carry escape
/// sequences, a carriage return and a bidirectional override.
fn hostile_feed() -> String {
    let words = lone_text("t");
    record(
        "wire\x1b]0;pwned\x07",
        &format!("{words} \x1b[2J cleared\r over\u{202e}written"),
    ) + &record("copy\x1b[31m", &format!("{words} \x1b[2J cleared\r over"))
}

#[test]
fn ids_and_texts_reach_the_terminal_escaped() {
    let dir = temp_dir("terminal");
    std::fs::write(dir.join("feed.jsonl"), hostile_feed()).unwrap();
    let o = run_in(&dir, &["--color", "never", "feed.jsonl"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Found 1 cluster"), "{text}");
    for raw in ['\x1b', '\x07', '\r', '\u{202e}'] {
        assert!(
            !text.contains(raw),
            "{raw:?} reached the terminal: {text:?}"
        );
    }
    assert!(text.contains("wire\\x1b]0;pwned\\x07"), "{text}");
    assert!(text.contains("copy\\x1b[31m"), "{text}");
    assert!(text.contains("\\x1b[2J cleared"), "{text}");

    // With colour, every escape sequence is one of ours (SGR: ESC [ n m).
    let o = run_in(&dir, &["--color", "always", "feed.jsonl"], b"");
    let text = stdout(&o);
    for (at, _) in text.match_indices('\x1b') {
        let rest = &text[at + 1..];
        let sgr = rest.strip_prefix('[').and_then(|r| {
            let digits = r.chars().take_while(char::is_ascii_digit).count();
            (digits > 0 && r[digits..].starts_with('m')).then_some(())
        });
        assert!(
            sgr.is_some(),
            "a foreign escape: {:?}",
            &rest[..rest.len().min(12)]
        );
    }

    // Warnings and errors on stderr too.
    // A file name with an escape sequence, in a warning and an error.
    std::fs::create_dir(dir.join("d")).unwrap();
    std::fs::write(dir.join("d/e\x1b[2J.txt"), "").unwrap();
    let o = run_in(&dir, &["d", "feed.jsonl"], b"");
    let e = stderr(&o);
    assert!(!e.contains('\x1b'), "{e:?}");
    assert!(
        e.contains("warning: d/e\\x1b[2J.txt: empty document"),
        "{e}"
    );
    let o = run_in(&dir, &["d/e\x1b[2J.txt/nothing"], b"");
    let e = stderr(&o);
    assert!(!e.contains('\x1b'), "{e:?}");
    assert!(e.contains("cannot read d/e\\x1b[2J.txt/nothing"), "{e}");
}

#[test]
fn tsv_fields_escape_control_bytes() {
    let dir = temp_dir("tsv");
    std::fs::write(dir.join("feed.jsonl"), hostile_feed()).unwrap();
    let o = run_in(&dir, &["--pairs", "feed.jsonl"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
    let line = text.lines().nth(1).expect("one pair");
    let fields: Vec<&str> = line.split('\t').collect();
    assert_eq!(fields.len(), 7, "{line:?}");
    // Undated, the pair comes in id order.
    assert_eq!(fields[0], "copy\\x1b[31m");
    assert_eq!(fields[1], "wire\\x1b]0;pwned\\x07");
}

/// Binary files named `.txt` were reported as reprints of each other and
/// dumped control bytes: they are skipped, with a warning, and counted.
#[test]
fn binary_input_is_skipped_with_a_warning_and_counted() {
    let dir = temp_dir("binary");
    let blob: Vec<u8> = (0..4000u32).map(|i| (i * 7 % 256) as u8).collect();
    std::fs::write(dir.join("a.txt"), &blob).unwrap();
    std::fs::write(dir.join("b.txt"), &blob).unwrap();
    std::fs::write(dir.join("words.txt"), lone_text("w")).unwrap();
    let line = serde_json::json!({"id": "nul", "text": format!("{} \u{0} x", lone_text("n"))});
    let o = run_in(&dir, &[".", "-"], format!("{line}\n").as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("Read 1 document"), "{text}");
    assert!(text.contains("Found 0 clusters"), "{text}");
    assert!(text.contains("Skipped 3 documents (binary data)"), "{text}");
    let e = stderr(&o);
    for place in ["./a.txt", "./b.txt", "<stdin>:1"] {
        assert!(e.contains(&format!("warning: {place}: binary data")), "{e}");
    }
    assert!(!e.contains("not valid UTF-8"), "{e}");
}

// ---- 3. Hangs and unbounded memory ---------------------------------------

/// A FIFO named `.txt` in an input directory hung the run.
#[cfg(unix)]
#[test]
fn a_fifo_in_a_directory_is_skipped_with_a_warning() {
    let dir = temp_dir("fifo");
    std::fs::write(dir.join("words.txt"), lone_text("w")).unwrap();
    let made = Command::new("mkfifo").arg(dir.join("pipe.txt")).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let mut child = spawn_in(&dir, &["."]);
    drop(child.stdin.take());
    // A build that opens the FIFO would wait for a writer for ever: after
    // a while, one is given (and closed) so that the test fails instead.
    let mut done = false;
    for _ in 0..3000 {
        if child.try_wait().expect("waitable").is_some() {
            done = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    if !done {
        drop(
            std::fs::OpenOptions::new()
                .write(true)
                .open(dir.join("pipe.txt")),
        );
    }
    let o = child.wait_with_output().expect("the example finishes");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("warning: ./pipe.txt: a FIFO (named pipe), not a regular file; skipped"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).starts_with("Read 1 document"), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("1 special file or broken link"),
        "{}",
        stdout(&o)
    );
}

/// One dangling symbolic link aborted a directory run; a loop of links
/// is as harmless.
#[cfg(unix)]
#[test]
fn dangling_links_and_loops_in_a_directory_are_warnings() {
    let dir = temp_dir("links-in");
    std::fs::write(dir.join("words.txt"), lone_text("w")).unwrap();
    std::os::unix::fs::symlink("gone.txt", dir.join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink("loop2.txt", dir.join("loop1.txt")).unwrap();
    std::os::unix::fs::symlink("loop1.txt", dir.join("loop2.txt")).unwrap();
    std::os::unix::fs::symlink("words.txt", dir.join("alias.md")).unwrap();
    let o = run_in(&dir, &["."], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("warning: ./dangling.txt: broken symbolic link"),
        "{e}"
    );
    assert!(
        e.contains("warning: ./loop1.txt: loop of symbolic links"),
        "{e}"
    );
    assert!(
        e.contains("warning: ./loop2.txt: loop of symbolic links"),
        "{e}"
    );
    let text = stdout(&o);
    // The good link is followed: the same words twice make a duplicate.
    assert!(text.starts_with("Read 2 documents"), "{text}");
    assert!(text.contains("3 special files or broken links"), "{text}");
}

/// Input without a newline (`/dev/zero`) grew without bound: a record is
/// refused once past the documented limit, naming where it starts.
#[test]
fn an_overlong_line_is_refused_at_the_limit() {
    const LIMIT: usize = 64 << 20;
    let dir = temp_dir("long-line");
    let mut feed = record("a", &lone_text("a")).into_bytes();
    let start = feed.len();
    feed.resize(start + LIMIT + 4096, b'x');
    let o = run_feeding(&dir, &["-"], feed);
    assert_fails_with(
        &o,
        &format!(
            "<stdin>:2: line longer than {LIMIT} bytes (the most one record may hold), \
             starting at byte offset {start}"
        ),
    );
    // A text file over the limit (sparse: no disk is used).
    let big = std::fs::File::create(dir.join("big.txt")).unwrap();
    big.set_len(LIMIT as u64 + 1).unwrap();
    drop(big);
    let o = run_in(&dir, &["big.txt"], b"");
    assert_fails_with(&o, &format!("big.txt: longer than {LIMIT} bytes"));
}
