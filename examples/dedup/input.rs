//! Reading documents: directories of `.txt`/`.md` files, JSONL files, stdin.
//!
//! Every document remembers where it came from (`dir/a.txt`, `feed.jsonl:3`)
//! so that errors and duplicate ids can name the place. Nothing is dropped
//! without being counted in [`Stats`].

use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use reprint::{Document, Error};
use serde::Deserialize;

use crate::rfc3339;

/// Boxed error for the example: every message says what and where.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Where a document was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A whole file.
    File(PathBuf),
    /// One line of a JSONL file (`None`: standard input), one-based.
    Line(Option<PathBuf>, u64),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(p) => write!(f, "{}", p.display()),
            Origin::Line(Some(p), n) => write!(f, "{}:{n}", p.display()),
            Origin::Line(None, n) => write!(f, "<stdin>:{n}"),
        }
    }
}

/// What was read, and what was skipped and why.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Documents kept.
    pub documents: usize,
    /// Words in the kept documents (as the engine's tokenizer counts them).
    pub words: usize,
    /// Files opened (text files and JSONL files, stdin counts as one).
    pub files: usize,
    /// Documents skipped because they are empty or hold no word.
    pub empty: Vec<Origin>,
    /// Malformed JSONL lines skipped (with `--skip-invalid`).
    pub invalid: Vec<(Origin, String)>,
    /// Files or lines that were not valid UTF-8 and were decoded lossily.
    pub lossy: Vec<Origin>,
}

/// Documents read from all inputs, in input order, with their origins.
#[derive(Debug, Default)]
pub struct Input {
    /// The documents.
    pub docs: Vec<Document>,
    /// Where each document came from (same order).
    pub origins: Vec<Origin>,
    /// Counts.
    pub stats: Stats,
    /// Index of each id in `docs`.
    by_id: HashMap<String, usize>,
}

/// How to read.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Skip malformed JSONL lines instead of failing.
    pub skip_invalid: bool,
}

impl Input {
    /// Reads every input in order. `-` is JSONL on `stdin`.
    ///
    /// # Errors
    ///
    /// A missing or unreadable path, a malformed JSONL line (unless
    /// `skip_invalid`), a duplicate id: each message names the place.
    pub fn read(
        inputs: &[PathBuf],
        options: ReadOptions,
        stdin: &mut dyn Read,
    ) -> Result<Input, BoxError> {
        let mut input = Input::default();
        for path in inputs {
            if path.as_os_str() == "-" {
                input.stats.files += 1;
                input.read_jsonl(None, BufReader::new(&mut *stdin), options)?;
                continue;
            }
            let meta = fs::metadata(path).map_err(|e| io_error(path, e))?;
            if meta.is_dir() {
                input.read_dir(path)?;
            } else if is_text_file(path) {
                input.read_text_file(path, path.display().to_string())?;
            } else {
                input.stats.files += 1;
                let file = fs::File::open(path).map_err(|e| io_error(path, e))?;
                input.read_jsonl(Some(path), BufReader::new(file), options)?;
            }
        }
        input.count_words();
        Ok(input)
    }

    /// Reads `.txt`/`.md` files under `dir`, sorted by id.
    fn read_dir(&mut self, dir: &Path) -> Result<(), BoxError> {
        let mut files = Vec::new();
        collect_text_files(dir, dir, &mut files)?;
        files.sort();
        for (id, path) in files {
            self.read_text_file(&path, id)?;
        }
        Ok(())
    }

    fn read_text_file(&mut self, path: &Path, id: String) -> Result<(), BoxError> {
        self.stats.files += 1;
        let bytes = fs::read(path).map_err(|e| io_error(path, e))?;
        let origin = Origin::File(path.to_path_buf());
        let text = self.decode(bytes, &origin);
        self.push(Document::new(id, text), origin)
    }

    /// Reads JSONL from `reader`; `path` is `None` for stdin.
    fn read_jsonl(
        &mut self,
        path: Option<&Path>,
        mut reader: impl BufRead,
        options: ReadOptions,
    ) -> Result<(), BoxError> {
        let mut buf = Vec::new();
        let mut line_no = 0u64;
        loop {
            buf.clear();
            let n = reader.read_until(b'\n', &mut buf).map_err(|e| match path {
                Some(p) => io_error(p, e),
                None => format!("cannot read standard input: {e}").into(),
            })?;
            if n == 0 {
                return Ok(());
            }
            line_no += 1;
            let origin = Origin::Line(path.map(Path::to_path_buf), line_no);
            let mut bytes = std::mem::take(&mut buf);
            while bytes.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
                bytes.pop();
            }
            if line_no == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
                bytes.drain(..3);
            }
            let line = self.decode(bytes, &origin);
            if line.trim().is_empty() {
                continue;
            }
            match parse_record(&line) {
                Ok(doc) => self.push(doc, origin)?,
                Err(reason) if options.skip_invalid => self.stats.invalid.push((origin, reason)),
                Err(reason) => {
                    return Err(Box::new(Error::InvalidRecord {
                        path: path.map(Path::to_path_buf),
                        line: line_no,
                        reason,
                    }))
                }
            }
        }
    }

    /// UTF-8 text from `bytes`, lossily (noted in the stats) when invalid.
    fn decode(&mut self, bytes: Vec<u8>, origin: &Origin) -> String {
        match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                self.stats.lossy.push(origin.clone());
                String::from_utf8_lossy(e.as_bytes()).into_owned()
            }
        }
    }

    /// Keeps `doc` unless it holds no word; fails on a duplicate id.
    fn push(&mut self, doc: Document, origin: Origin) -> Result<(), BoxError> {
        if let Some(&first) = self.by_id.get(&doc.id) {
            return Err(format!(
                "duplicate id {:?}: in {} and in {}",
                doc.id, self.origins[first], origin
            )
            .into());
        }
        if !doc.text.chars().any(char::is_alphanumeric) {
            self.stats.empty.push(origin);
            return Ok(());
        }
        self.by_id.insert(doc.id.clone(), self.docs.len());
        self.docs.push(doc);
        self.origins.push(origin);
        Ok(())
    }

    /// The document with this id, if it was read in this run.
    pub fn doc(&self, id: &str) -> Option<&Document> {
        self.by_id.get(id).map(|&i| &self.docs[i])
    }

    /// Counts words with the engine's tokenizer, in parallel, and drops the
    /// documents without a single word token (`* * *`) as empty.
    fn count_words(&mut self) {
        use rayon::prelude::*;
        let tokenizer = reprint::Tokenizer::new();
        let counts: Vec<usize> = self
            .docs
            .par_iter()
            .map(|d| tokenizer.tokenize(&d.text).len())
            .collect();
        if counts.contains(&0) {
            let mut keep = counts.iter().map(|&n| n > 0);
            let mut origins = std::mem::take(&mut self.origins).into_iter();
            let docs = std::mem::take(&mut self.docs);
            for doc in docs {
                let (Some(k), Some(o)) = (keep.next(), origins.next()) else {
                    break;
                };
                if k {
                    self.docs.push(doc);
                    self.origins.push(o);
                } else {
                    self.stats.empty.push(o);
                }
            }
            self.by_id = (self.docs.iter().enumerate())
                .map(|(i, d)| (d.id.clone(), i))
                .collect();
        }
        self.stats.documents = self.docs.len();
        self.stats.words = counts.iter().sum();
    }
}

/// One JSONL record.
#[derive(Deserialize)]
struct Record {
    id: String,
    text: String,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default)]
    published: Option<serde_json::Value>,
}

/// Parses one JSONL line into a document, or says what is wrong with it.
fn parse_record(line: &str) -> Result<Document, String> {
    let r: Record = serde_json::from_str(line).map_err(|e| {
        // serde_json appends " at line 1 column N"; the line is ours to give.
        let msg = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let msg = msg.strip_suffix(&suffix).unwrap_or(&msg);
        format!("invalid JSON record (column {}): {msg}", e.column())
    })?;
    if r.id.is_empty() {
        return Err("empty \"id\"".to_string());
    }
    let published =
        match r.published {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(s)) => Some(rfc3339::parse(&s)?),
            Some(serde_json::Value::Number(n)) => Some(n.as_i64().ok_or_else(|| {
                format!("\"published\" {n} is not a whole number of Unix seconds")
            })?),
            Some(other) => {
                return Err(format!(
                    "\"published\" must be an RFC 3339 string, found {other}"
                ))
            }
        };
    Ok(Document {
        id: r.id,
        text: r.text,
        published,
        outlet: r.outlet,
    })
}

fn is_text_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
}

/// Text files under `dir` as (id relative to `root`, path). Symbolic links
/// to files are followed; to directories, not (no cycles).
fn collect_text_files(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, PathBuf)>,
) -> Result<(), BoxError> {
    let entries = fs::read_dir(dir).map_err(|e| io_error(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io_error(dir, e))?;
        let path = entry.path();
        let file_type = entry.file_type().map_err(|e| io_error(&path, e))?;
        if file_type.is_dir() {
            collect_text_files(root, &path, out)?;
        } else if is_text_file(&path) {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let id = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((id, path));
        }
    }
    Ok(())
}

fn io_error(path: &Path, e: std::io::Error) -> BoxError {
    let what = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    format!("cannot read {}: {what}", path.display()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records() {
        let d = parse_record(
            r#"{"id":"a","text":"Hi there","outlet":"AP","published":"2022-02-08T10:00:00Z","url":"x"}"#,
        )
        .unwrap();
        assert_eq!(d.id, "a");
        assert_eq!(d.published, Some(1_644_314_400));
        assert_eq!(d.outlet.as_deref(), Some("AP"));
        let d = parse_record(r#"{"id":"b","text":"x","published":12}"#).unwrap();
        assert_eq!(d.published, Some(12));
        let d = parse_record(r#"{"id":"b","text":"x","published":null}"#).unwrap();
        assert_eq!(d.published, None);
    }

    #[test]
    fn bad_records_say_why() {
        for (line, why) in [
            (r#"{"id":"a"}"#, "missing field `text`"),
            (r#"{"id":1,"text":"x"}"#, "invalid type"),
            (r#"{"id":"a","text":"x""#, "column 20): EOF"),
            (r#"{"id":"","text":"x"}"#, "empty \"id\""),
            (
                r#"{"id":"a","text":"x","published":"yesterday"}"#,
                "RFC 3339",
            ),
            (r#"{"id":"a","text":"x","published":1.5}"#, "whole number"),
            (
                r#"{"id":"a","text":"x","published":[]}"#,
                "must be an RFC 3339",
            ),
            ("[1,2]", "invalid type"),
        ] {
            let e = parse_record(line).unwrap_err();
            assert!(e.contains(why), "{line}: {e}");
            assert!(!e.contains("line 1"), "{e}");
        }
    }

    fn read_str(jsonl: &str, skip_invalid: bool) -> Result<Input, BoxError> {
        Input::read(
            &[PathBuf::from("-")],
            ReadOptions { skip_invalid },
            &mut jsonl.as_bytes(),
        )
    }

    #[test]
    fn stdin_jsonl_with_line_numbers() {
        let jsonl = "\u{feff}{\"id\":\"a\",\"text\":\"one two\"}\r\n\n{\"id\":\"b\",\"text\":\"  \"}\n{\"id\":\"c\",\"text\":\"* * *\"}\n{oops\n{\"id\":\"d\",\"text\":\"three\"}";
        let e = read_str(jsonl, false).unwrap_err().to_string();
        assert!(e.starts_with("<stdin>:5: invalid JSON"), "{e}");
        let input = read_str(jsonl, true).unwrap();
        let ids: Vec<_> = input.docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "d"]);
        assert_eq!(input.stats.words, 3);
        assert_eq!(
            input.stats.empty,
            [Origin::Line(None, 3), Origin::Line(None, 4)]
        );
        assert_eq!(input.stats.invalid.len(), 1);
        assert_eq!(input.stats.invalid[0].0.to_string(), "<stdin>:5");
    }

    #[test]
    fn duplicate_ids_name_both_places() {
        let e = read_str(
            "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"a\",\"text\":\"y\"}\n",
            false,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(e, "duplicate id \"a\": in <stdin>:1 and in <stdin>:2");
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily_and_noted() {
        let mut bytes = b"{\"id\":\"a\",\"text\":\"caf".to_vec();
        bytes.extend_from_slice(b"\xe9\"}\n");
        let input = Input::read(
            &[PathBuf::from("-")],
            ReadOptions::default(),
            &mut bytes.as_slice(),
        )
        .unwrap();
        assert_eq!(input.docs[0].text, "caf\u{fffd}");
        assert_eq!(input.stats.lossy, [Origin::Line(None, 1)]);
    }
}
