//! Reading documents: directories of `.txt`/`.md` files, JSONL files, stdin.
//!
//! Every document remembers where it came from (`dir/a.txt`, `feed.jsonl:3`)
//! so that errors and duplicate ids can name the place. Nothing is dropped
//! without being counted in [`Stats`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use reprint::stages::{DocFingerprint, Stages};
use reprint::text::Analysis;
use reprint::{Document, Error};

use crate::matching::reading_bar;
use crate::record::{
    decode_file, line_at, looks_binary, parse_record, utf16_bom, Line, LineError, Lines,
    MAX_RECORD_BYTES,
};

/// JSONL lines parsed together on every core: at most this many...
const CHUNK_LINES: usize = 8_192;
/// ... or this many bytes of text, so that a chunk stays small beside the
/// documents kept.
const CHUNK_BYTES: usize = 64 << 20;

/// Bytes a JSONL input is read by: a megabyte, so that most lines (a few
/// kilobytes) are found whole in the buffer, with one system call per
/// hundreds of them.
const READ_BUFFER: usize = 1 << 20;

/// The next chunk of lines (see [`CHUNK_LINES`], [`CHUNK_BYTES`]), and
/// `Some` of the end of the input or of why no more can be read, when it
/// came.
fn read_chunk<R: BufRead>(lines: &mut Lines<R>) -> (Vec<Line>, Option<Result<(), LineError>>) {
    let (mut chunk, mut bytes) = (Vec::new(), 0);
    while chunk.len() < CHUNK_LINES && bytes < CHUNK_BYTES {
        match lines.next_line() {
            Ok(Some(line)) => {
                bytes += line.text.len();
                chunk.push(line);
            }
            Ok(None) => return (chunk, Some(Ok(()))),
            Err(e) => return (chunk, Some(Err(e))),
        }
    }
    (chunk, None)
}

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
    /// Documents skipped because they hold binary data (see
    /// [`looks_binary`]).
    pub binary: Vec<Origin>,
    /// Text files in a directory that were not read, and why: FIFOs,
    /// devices and sockets (reading them could block forever), broken
    /// symbolic links and loops of links.
    pub not_read: Vec<(Origin, String)>,
    /// Files in a directory that are neither `.txt` nor `.md` (hidden ones
    /// aside): not read.
    pub other_files: Vec<Origin>,
    /// Documents read again with the id and text of one read earlier in
    /// this run: not kept twice.
    pub repeated: Vec<Origin>,
    /// Documents that replaced one read earlier in this run under the same
    /// id (with `--replace`).
    pub replaced: Vec<Origin>,
}

/// Documents read from all inputs, in input order, with their origins.
#[derive(Debug, Default)]
pub struct Input {
    /// The documents.
    pub docs: Vec<Document>,
    /// Where each document came from (same order).
    pub origins: Vec<Origin>,
    /// The byte offset of each document's line in its JSONL file (0 for a
    /// whole file).
    offsets: Vec<u64>,
    /// Counts.
    pub stats: Stats,
    /// Index of each id in `docs`.
    by_id: HashMap<String, usize>,
    /// Put before the ids of the input being read.
    prefix: String,
    /// Dropped texts are read again ([`ReadOptions::reread`]).
    reread: bool,
    /// A second text under an id replaces the first.
    replace: bool,
    /// With `--pairs`, documents are fingerprinted as they are read and
    /// their texts dropped (see [`ReadOptions::fingerprint`]).
    stages: Option<Stages>,
    /// The fingerprints of `docs[..prints.len()]`, whose texts are dropped.
    prints: Vec<DocFingerprint>,
    /// The word count of each document.
    words: Vec<usize>,
    /// With [`ReadOptions::reread`], what a dropped text is read again by
    /// (one entry a document).
    dropped: Vec<Dropped>,
    /// The JSONL files read, open to read a line again (see [`Dropped`]).
    files: HashMap<PathBuf, fs::File>,
    /// Inputs that are not regular files (pipes, FIFOs, devices), whose
    /// texts cannot be read again: they are held.
    unseekable: std::collections::HashSet<PathBuf>,
}

/// What a text dropped after fingerprinting is read again by, and what the
/// report needs of it without reading it.
#[derive(Debug)]
struct Dropped {
    /// The byte offset of its line in its JSONL file (see [`Origin`]).
    offset: u64,
    /// The hash of the text read, to know a file changed since.
    hash: u64,
    /// Its paragraphs that hold a word (see
    /// [`reprint::text::word_paragraph_spans`]).
    paragraphs: Spans,
}

/// Byte spans of a text, 32 bits each (a document is at most
/// [`MAX_RECORD_BYTES`]).
type Spans = Box<[(u32, u32)]>;

/// How to read.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions<'a> {
    /// Skip malformed JSONL lines instead of failing.
    pub skip_invalid: bool,
    /// A document whose id was read before with another text replaces it,
    /// instead of being an error.
    pub replace: bool,
    /// Put before every id; `{name}` stands for the input's own name
    /// (see [`input_name`]).
    pub id_prefix: Option<&'a str>,
    /// No progress bar while reading large files.
    pub quiet: bool,
    /// Fingerprint each document with these stages as it is read, and drop
    /// its text: for a run that shows no text (`--pairs`), which then holds
    /// one chunk of texts at a time instead of all of them.
    pub fingerprint: Option<&'a Stages>,
    /// With `fingerprint`: the texts will be asked for again
    /// ([`Input::text`]): note where each is in its file and its
    /// paragraphs, and keep those of standard input.
    pub reread: bool,
}

/// The name `{name}` stands for in an id prefix: a directory's own name, a
/// file's name without its extension, `stdin` for `-`. A path without a
/// last component (`.`, `..`) is named after the directory it resolves to.
pub fn input_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        return "stdin".to_string();
    }
    let resolved;
    let path = match path.file_name() {
        Some(_) => path,
        None => {
            resolved = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            &resolved
        }
    };
    let name = if path.is_dir() {
        path.file_name()
    } else {
        path.file_stem()
    };
    name.map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A JSONL record parsed: its document and whether its text looks like
/// binary data, or what is wrong with the line.
type Parsed = Result<(Document, bool), String>;

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
        let mut input = Input {
            replace: options.replace,
            stages: options.fingerprint.cloned(),
            reread: options.reread && options.fingerprint.is_some(),
            ..Input::default()
        };
        for path in inputs {
            if let Some(prefix) = options.id_prefix {
                input.prefix = prefix.replace("{name}", &input_name(path));
            }
            if path.as_os_str() == "-" {
                input.stats.files += 1;
                input.read_jsonl(
                    None,
                    BufReader::with_capacity(READ_BUFFER, &mut *stdin),
                    options,
                )?;
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
                if input.reread && meta.is_file() {
                    let again = file.try_clone().map_err(|e| io_error(path, e))?;
                    input.files.insert(path.clone(), again);
                } else if !meta.is_file() {
                    input.unseekable.insert(path.clone());
                }
                let bar = reading_bar(meta.len(), options.quiet);
                input.read_jsonl(
                    Some(path),
                    BufReader::with_capacity(READ_BUFFER, bar.wrap_read(file)),
                    options,
                )?;
                bar.finish_and_clear();
            }
            input.fingerprint_tail();
        }
        input.count_words();
        Ok(input)
    }

    /// With [`ReadOptions::fingerprint`], fingerprints the documents read
    /// since the last call, in parallel, counts their words, and drops
    /// their texts.
    fn fingerprint_tail(&mut self) {
        let Some(stages) = &self.stages else { return };
        let from = self.prints.len();
        let reread = self.reread;
        let made: Vec<(DocFingerprint, Spans)> = self.docs[from..]
            .par_iter()
            .map(|d| match reread {
                true => stages.fingerprint_inspect(d, spans_of),
                false => (stages.fingerprint(d), Box::default()),
            })
            .collect();
        let held: Vec<bool> = (self.origins[from..].iter())
            .map(|o| self.held_texts(o))
            .collect();
        let docs = (self.docs[from..].iter_mut())
            .zip(held)
            .zip(&self.offsets[from..]);
        for (((doc, held), &offset), (print, paragraphs)) in docs.zip(made) {
            if reread {
                self.dropped.push(Dropped {
                    offset,
                    hash: print.text_hash,
                    paragraphs,
                });
            }
            // Standard input and pipes cannot be read again: their
            // texts are kept.
            if !(reread && held) {
                doc.text = String::new();
            }
            self.words.push(print.words);
            self.prints.push(print);
        }
    }

    /// The fingerprints of the documents, in their order, when they were
    /// made as the documents were read (their texts dropped); `None` when
    /// the texts are kept.
    pub fn take_prints(&mut self) -> Option<Vec<DocFingerprint>> {
        self.stages.as_ref()?;
        Some(std::mem::take(&mut self.prints))
    }

    /// Reads `.txt`/`.md` files under `dir`, sorted by id.
    fn read_dir(&mut self, dir: &Path) -> Result<(), BoxError> {
        let mut files = Vec::new();
        let stats = &mut self.stats;
        collect_text_files(
            dir,
            dir,
            &mut files,
            &mut stats.not_read,
            &mut stats.other_files,
        )?;
        files.sort();
        for (id, path) in files {
            self.read_text_file(&path, id)?;
        }
        Ok(())
    }

    fn read_text_file(&mut self, path: &Path, id: String) -> Result<(), BoxError> {
        self.stats.files += 1;
        let file = fs::File::open(path).map_err(|e| io_error(path, e))?;
        if !file.metadata().is_ok_and(|m| m.is_file()) {
            self.unseekable.insert(path.to_path_buf());
        }
        let mut bytes = Vec::new();
        // One byte more than allowed tells a file at the limit from one over.
        file.take(MAX_RECORD_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_error(path, e))?;
        if bytes.len() > MAX_RECORD_BYTES {
            return Err(format!(
                "{}: longer than {} bytes (the most one document may hold) \
                 from byte offset {MAX_RECORD_BYTES}",
                path.display(),
                MAX_RECORD_BYTES
            )
            .into());
        }
        let origin = Origin::File(path.to_path_buf());
        let (text, lossy) = decode_file(bytes);
        let binary = looks_binary(&text);
        self.keep(Document::new(id, text), (origin, 0), lossy, binary)
    }

    /// Reads JSONL from `reader`; `path` is `None` for stdin.
    fn read_jsonl(
        &mut self,
        path: Option<&Path>,
        reader: impl BufRead,
        options: ReadOptions,
    ) -> Result<(), BoxError> {
        let name = || match path {
            Some(p) => p.display().to_string(),
            None => "<stdin>".to_string(),
        };
        let mut reader = reader;
        if let Ok(start) = reader.fill_buf() {
            if utf16_bom(start).is_some() {
                return Err(format!(
                    "{}: UTF-16 text (it starts with a UTF-16 byte order mark); JSON Lines \
                     must be UTF-8: convert it, e.g. `iconv -f UTF-16 -t UTF-8`",
                    name()
                )
                .into());
            }
        }
        let mut lines = Lines::new(reader, MAX_RECORD_BYTES);
        let mut first_record = true;
        let mut next = Some(read_chunk(&mut lines));
        // Lines are read in order a chunk at a time on this thread, while
        // the chunk before is parsed and fingerprinted on the pool's, and
        // kept in order: the same documents, stats and first error as one
        // by one. With a pool of one thread, one after the other: one
        // thread means one core.
        let overlap = rayon::current_num_threads() > 1;
        while let Some((chunk, end)) = next.take() {
            let mut kept = Ok(());
            let take = || kept = self.take_chunk(path, chunk, &mut first_record, options);
            let mut read = || {
                if end.is_none() {
                    next = Some(read_chunk(&mut lines));
                }
            };
            match overlap {
                true => rayon::in_place_scope(|s| {
                    s.spawn(|_| take());
                    read();
                }),
                false => {
                    take();
                    read();
                }
            }
            kept?;
            match end {
                None => {}
                Some(Ok(())) => return Ok(()),
                Some(Err(LineError::Io(e))) => {
                    return Err(match path {
                        Some(p) => io_error(p, e),
                        None => format!("cannot read standard input: {e}").into(),
                    })
                }
                Some(Err(LineError::TooLong {
                    number,
                    offset,
                    limit,
                })) => {
                    return Err(format!(
                        "{}:{number}: line longer than {limit} bytes (the most one record \
                         may hold), starting at byte offset {offset}",
                        name()
                    )
                    .into())
                }
            }
        }
        Ok(())
    }

    /// Parses a chunk of lines, each record and the check of its text for
    /// binary data on every core, keeps their documents in order and
    /// fingerprints them.
    fn take_chunk(
        &mut self,
        path: Option<&Path>,
        chunk: Vec<Line>,
        first_record: &mut bool,
        options: ReadOptions,
    ) -> Result<(), BoxError> {
        let parsed: Vec<(Line, Option<Parsed>)> = chunk
            .into_par_iter()
            .map(|line| {
                let record = (!line.text.trim().is_empty()).then(|| {
                    parse_record(&line.text).map(|d| {
                        let binary = looks_binary(&d.text);
                        (d, binary)
                    })
                });
                (line, record)
            })
            .collect();
        for (line, record) in parsed {
            let Some(record) = record else { continue };
            self.take_record(path, line, record, first_record, options)?;
        }
        self.fingerprint_tail();
        Ok(())
    }

    /// Keeps the document of a (non-blank) JSONL line, or notes or refuses
    /// the line when its record is malformed.
    fn take_record(
        &mut self,
        path: Option<&Path>,
        line: Line,
        record: Parsed,
        first_record: &mut bool,
        options: ReadOptions,
    ) -> Result<(), BoxError> {
        let origin = Origin::Line(path.map(Path::to_path_buf), line.number);
        let looks_like_json = *first_record
            && matches!(
                line.text.trim_start().chars().next(),
                Some('{' | '[') | None
            );
        let not_json = *first_record && !looks_like_json;
        *first_record = false;
        match record.map_err(|reason| match not_json {
            // The first line is not JSON at all: the file is another kind.
            true => format!(
                "{reason}; this file does not look like JSON Lines (a text document \
                 needs the extension .txt or .md)"
            ),
            false => reason,
        }) {
            Ok((doc, binary)) => self.keep(doc, (origin, line.offset), line.lossy, binary),
            Err(reason) if options.skip_invalid => {
                if line.lossy {
                    self.stats.lossy.push(origin.clone());
                }
                self.stats.invalid.push((origin, reason));
                Ok(())
            }
            Err(reason) => Err(Box::new(Error::InvalidRecord {
                path: path.map(Path::to_path_buf),
                line: line.number,
                reason,
            })),
        }
    }

    /// Keeps `doc` (see [`push`](Self::push)) unless it is binary data;
    /// notes a lossy decoding.
    fn keep(
        &mut self,
        mut doc: Document,
        (origin, offset): (Origin, u64),
        lossy: bool,
        binary: bool,
    ) -> Result<(), BoxError> {
        doc.id.insert_str(0, &self.prefix);
        if binary {
            self.stats.binary.push(origin);
            return Ok(());
        }
        if lossy {
            self.stats.lossy.push(origin.clone());
        }
        self.push(doc, origin, offset)
    }

    /// Keeps `doc` unless it holds no word. An id read before: the same
    /// text is counted and not kept twice; another text replaces the first
    /// with `replace`, else is an error naming both places.
    fn push(&mut self, doc: Document, origin: Origin, offset: u64) -> Result<(), BoxError> {
        if let Some(&first) = self.by_id.get(&doc.id) {
            let same = match self.prints.get(first) {
                // Its text is dropped: its fingerprint has the text's hash.
                Some(print) => print.text_hash == doc.text_hash(),
                None => self.docs[first].text == doc.text,
            };
            if same {
                self.stats.repeated.push(origin);
                return Ok(());
            }
            if !self.replace {
                return Err(format!(
                    "duplicate id {:?} with another text: in {} and in {} \
                     (--replace keeps the later)",
                    doc.id, self.origins[first], origin
                )
                .into());
            }
            let keep_text = self.reread && self.held_texts(&origin);
            if let (Some(stages), Some(print)) = (&self.stages, self.prints.get_mut(first)) {
                let paragraphs;
                (*print, paragraphs) = stages.fingerprint_inspect(&doc, spans_of);
                self.words[first] = print.words;
                if let Some(dropped) = self.dropped.get_mut(first) {
                    *dropped = Dropped {
                        offset,
                        hash: print.text_hash,
                        paragraphs,
                    };
                }
                self.docs[first] = Document {
                    text: if keep_text { doc.text } else { String::new() },
                    ..doc
                };
            } else {
                self.docs[first] = doc;
            }
            self.origins[first] = origin.clone();
            self.offsets[first] = offset;
            self.stats.replaced.push(origin);
            return Ok(());
        }
        if !doc.text.chars().any(char::is_alphanumeric) {
            self.stats.empty.push(origin);
            return Ok(());
        }
        self.by_id.insert(doc.id.clone(), self.docs.len());
        self.docs.push(doc);
        self.origins.push(origin);
        self.offsets.push(offset);
        Ok(())
    }

    /// The document with this id, if it was read in this run.
    pub fn doc(&self, id: &str) -> Option<&Document> {
        self.by_id.get(id).map(|&i| &self.docs[i])
    }

    /// Counts words with the engine's tokenizer, in parallel, and drops the
    /// documents without a single word token (`* * *`) as empty.
    fn count_words(&mut self) {
        if self.stages.is_none() {
            self.words = (self.docs.par_iter())
                .map(|d| reprint::text::count_words(&d.text))
                .collect();
        }
        let keep: Vec<bool> = self.words.iter().map(|&n| n > 0).collect();
        if keep.contains(&false) {
            let empty = (self.origins.iter().zip(&keep)).filter(|(_, &k)| !k);
            self.stats.empty.extend(empty.map(|(o, _)| o.clone()));
            retain(&mut self.docs, &keep);
            retain(&mut self.origins, &keep);
            retain(&mut self.offsets, &keep);
            retain(&mut self.prints, &keep);
            retain(&mut self.dropped, &keep);
            retain(&mut self.words, &keep);
            self.by_id = (self.docs.iter().enumerate())
                .map(|(i, d)| (d.id.clone(), i))
                .collect();
        }
        self.stats.documents = self.docs.len();
        self.stats.words = self.words.iter().sum();
    }

    /// Whether texts read from `origin` are held when others are dropped
    /// ([`ReadOptions::reread`]): standard input's and those of inputs
    /// that are not regular files cannot be read again.
    fn held_texts(&self, origin: &Origin) -> bool {
        match origin {
            Origin::Line(None, _) => true,
            Origin::Line(Some(path), _) | Origin::File(path) => self.unseekable.contains(path),
        }
    }

    /// The number of words of document `i` (as the engine counts them).
    pub fn words(&self, i: usize) -> usize {
        self.words.get(i).copied().unwrap_or(0)
    }

    /// The paragraphs of document `i` that hold a word, as byte spans of
    /// its text (see [`reprint::text::word_paragraph_spans`]).
    pub fn paragraphs(&self, i: usize) -> Vec<Range<usize>> {
        match self.dropped.get(i) {
            Some(d) => (d.paragraphs.iter())
                .map(|&(start, end)| start as usize..end as usize)
                .collect(),
            None => reprint::text::word_paragraph_spans(&self.docs[i].text),
        }
    }

    /// The text of the document with this id, if it was read in this run:
    /// held, or read again from its file when it was dropped after
    /// fingerprinting ([`ReadOptions::reread`]).
    ///
    /// # Errors
    ///
    /// The file cannot be read again, or no longer holds the same text at
    /// the same place (it changed since): the message names the place.
    pub fn text(&self, id: &str) -> Option<Result<Cow<'_, str>, BoxError>> {
        let i = *self.by_id.get(id)?;
        let doc = &self.docs[i];
        // A document kept has a word, so an empty text is a dropped one.
        if !doc.text.is_empty() {
            return Some(Ok(Cow::Borrowed(&doc.text)));
        }
        let dropped = self.dropped.get(i)?;
        Some(self.read_again(i, dropped).map(Cow::Owned))
    }

    /// Reads the dropped text of document `i` again from its file.
    fn read_again(&self, i: usize, dropped: &Dropped) -> Result<String, BoxError> {
        let origin = &self.origins[i];
        let text = match origin {
            Origin::File(path) => {
                let bytes = fs::read(path).map_err(|e| io_error(path, e))?;
                decode_file(bytes).0
            }
            Origin::Line(Some(path), number) => {
                let file = (self.files.get(path))
                    .ok_or_else(|| format!("{origin}: its file is not open to read again"))?;
                let (line, _) = line_at(file, dropped.offset, *number == 1, MAX_RECORD_BYTES)
                    .map_err(|e| io_error(path, e))?;
                parse_record(&line)
                    .map_err(|why| format!("{origin}: changed since it was read: {why}"))?
                    .text
            }
            Origin::Line(None, _) => return Err(format!("{origin}: not held").into()),
        };
        let doc = reprint::Document::new("", text);
        if doc.text_hash() != dropped.hash {
            return Err(format!(
                "{origin}: changed since it was read (its text is needed again for the report)"
            )
            .into());
        }
        Ok(doc.text)
    }
}

/// The paragraphs of an analyzed text (those holding a word).
fn spans_of(analysis: &Analysis) -> Spans {
    (analysis.paragraphs.iter())
        .map(|p| (p.span.start as u32, p.span.end as u32))
        .collect()
}

/// Keeps the items of `v` whose place in `keep` is true; `v` is left as it
/// is unless it has one item per place (a list not kept in this run is
/// empty).
fn retain<T>(v: &mut Vec<T>, keep: &[bool]) {
    if v.len() == keep.len() {
        let mut k = keep.iter();
        v.retain(|_| k.next().copied().unwrap_or(true));
    }
}

/// Whether `path` names a text document: `.txt` or `.md`, any case.
pub fn is_text_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
}

/// Text files under `dir` as (id relative to `root`, path). Symbolic links
/// to files are followed; to directories, not (no cycles). Text-named
/// entries that cannot be read as files go to `not_read` with the reason:
/// special files (a FIFO would block the run), broken links, link loops.
fn collect_text_files(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, PathBuf)>,
    not_read: &mut Vec<(Origin, String)>,
    other_files: &mut Vec<Origin>,
) -> Result<(), BoxError> {
    let entries = fs::read_dir(dir).map_err(|e| io_error(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io_error(dir, e))?;
        let path = entry.path();
        let file_type = entry.file_type().map_err(|e| io_error(&path, e))?;
        if file_type.is_dir() {
            collect_text_files(root, &path, out, not_read, other_files)?;
            continue;
        }
        if !is_text_file(&path) {
            // Hidden files (`.DS_Store`) are nobody's articles.
            if !entry.file_name().to_string_lossy().starts_with('.') {
                other_files.push(Origin::File(path));
            }
            continue;
        }
        let target = if file_type.is_symlink() {
            match fs::metadata(&path) {
                Ok(m) => m.file_type(),
                Err(e) => {
                    not_read.push((Origin::File(path), link_problem(&e)));
                    continue;
                }
            }
        } else {
            file_type
        };
        if target.is_dir() {
            // A link to a directory named like a text file: not followed.
            continue;
        }
        if !target.is_file() {
            not_read.push((Origin::File(path), special_kind(&target).to_string()));
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(&path);
        let id = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        out.push((id, path));
    }
    Ok(())
}

/// Why a symbolic link cannot be followed.
fn link_problem(e: &std::io::Error) -> String {
    // ELOOP: Linux 40, the BSDs and macOS 62.
    const ELOOP: [i32; 2] = [40, 62];
    if e.kind() == std::io::ErrorKind::NotFound {
        "broken symbolic link (its target does not exist)".to_string()
    } else if e.raw_os_error().is_some_and(|c| ELOOP.contains(&c)) {
        "loop of symbolic links".to_string()
    } else {
        format!("cannot follow the symbolic link: {e}")
    }
}

/// What kind of special file `t` is.
#[cfg(unix)]
fn special_kind(t: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a FIFO (named pipe), not a regular file"
    } else if t.is_socket() {
        "a socket, not a regular file"
    } else if t.is_char_device() || t.is_block_device() {
        "a device, not a regular file"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &fs::FileType) -> &'static str {
    "not a regular file"
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

    fn read_str(jsonl: &str, skip_invalid: bool) -> Result<Input, BoxError> {
        Input::read(
            &[PathBuf::from("-")],
            ReadOptions {
                skip_invalid,
                ..ReadOptions::default()
            },
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

    /// Records parsed a chunk at a time across cores come out as one by
    /// one: in order, the first malformed line named, a malformed line
    /// before an overlong one reported first.
    #[test]
    fn chunks_keep_order_and_the_first_error() {
        let line = |i: usize| format!("{{\"id\":\"d{i}\",\"text\":\"word{i} here\"}}\n");
        let n = CHUNK_LINES * 2 + 17;
        let jsonl: String = (0..n).map(line).collect();
        let input = read_str(&jsonl, false).unwrap();
        assert_eq!(input.docs.len(), n);
        assert!(input
            .docs
            .iter()
            .enumerate()
            .all(|(i, d)| d.id == format!("d{i}")));

        let mut bad: Vec<String> = (0..n).map(line).collect();
        bad[CHUNK_LINES + 5] = "{oops\n".to_string();
        bad[CHUNK_LINES + 9] = "{also bad\n".to_string();
        let e = read_str(&bad.concat(), false).unwrap_err().to_string();
        assert!(
            e.starts_with(&format!("<stdin>:{}: invalid JSON", CHUNK_LINES + 6)),
            "{e}"
        );

        let mut long: Vec<String> = (0..40).map(line).collect();
        long[3] = "{oops\n".to_string();
        long[30] = format!("{}\n", "x".repeat(MAX_RECORD_BYTES + 1));
        let e = read_str(&long.concat(), false).unwrap_err().to_string();
        assert!(e.starts_with("<stdin>:4: invalid JSON"), "{e}");
    }

    /// With `--pairs`, documents are fingerprinted as they are read and
    /// their texts dropped; repeats, replacements and empty documents are
    /// told apart as with the texts held, the fingerprints in step.
    #[test]
    fn fingerprinting_while_reading_drops_the_texts() {
        let engine = reprint::Deduper::new(reprint::DedupConfig::default()).unwrap();
        let stages = engine.stages();
        let jsonl = "{\"id\":\"a\",\"text\":\"one two three\"}\n\
                     {\"id\":\"b\",\"text\":\"* * *\"}\n\
                     {\"id\":\"a\",\"text\":\"one two three\"}\n\
                     {\"id\":\"c\",\"text\":\"four five\"}\n\
                     {\"id\":\"c\",\"text\":\"four five six\"}\n";
        let options = ReadOptions {
            fingerprint: Some(stages),
            replace: true,
            ..ReadOptions::default()
        };
        let mut input = Input::read(&[PathBuf::from("-")], options, &mut jsonl.as_bytes()).unwrap();
        let ids: Vec<&str> = input.docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        assert!(input.docs.iter().all(|d| d.text.is_empty()));
        assert_eq!(input.stats.repeated, [Origin::Line(None, 3)]);
        assert_eq!(input.stats.replaced, [Origin::Line(None, 5)]);
        assert_eq!(input.stats.empty, [Origin::Line(None, 2)]);
        assert_eq!(input.stats.words, 6);
        let prints = input.take_prints().unwrap();
        let expected = [
            stages.fingerprint(&Document::new("a", "one two three")),
            stages.fingerprint(&Document::new("c", "four five six")),
        ];
        assert_eq!(prints, expected);
        // Without the option, nothing is fingerprinted and texts stay.
        let mut kept = read_str("{\"id\":\"a\",\"text\":\"x y\"}\n", false).unwrap();
        assert_eq!(kept.docs[0].text, "x y");
        assert!(kept.take_prints().is_none());
    }

    #[test]
    fn duplicate_ids_name_both_places() {
        let e = read_str(
            "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"a\",\"text\":\"y\"}\n",
            false,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            e,
            "duplicate id \"a\" with another text: in <stdin>:1 and in <stdin>:2 \
             (--replace keeps the later)"
        );
    }

    #[test]
    fn the_same_document_twice_is_kept_once_and_counted() {
        let jsonl = "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"x\"}\n{\"id\":\"a\",\"text\":\"x\"}\n";
        let input = read_str(jsonl, false).unwrap();
        assert_eq!(input.docs.len(), 2);
        assert_eq!(input.stats.repeated, [Origin::Line(None, 3)]);
    }

    #[test]
    fn replace_keeps_the_later_text() {
        let jsonl = "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"a\",\"text\":\"y\"}\n";
        let options = ReadOptions {
            replace: true,
            ..ReadOptions::default()
        };
        let input = Input::read(&[PathBuf::from("-")], options, &mut jsonl.as_bytes()).unwrap();
        assert_eq!(input.docs.len(), 1);
        assert_eq!(input.docs[0].text, "y");
        assert_eq!(input.origins[0], Origin::Line(None, 2));
        assert_eq!(input.stats.replaced, [Origin::Line(None, 2)]);
    }

    /// Texts dropped after fingerprinting are read again from their files
    /// (a JSONL line, a whole text file), standard input's are kept, and a
    /// file changed since is an error naming the place.
    #[test]
    fn dropped_texts_are_read_again_or_refused_when_changed() {
        let engine = reprint::Deduper::new(reprint::DedupConfig::default()).unwrap();
        let dir = std::env::temp_dir().join(format!("reprint-reread-{}", std::process::id()));
        fs::create_dir_all(dir.join("texts")).unwrap();
        let feed = dir.join("feed.jsonl");
        fs::write(
            &feed,
            "{\"id\":\"a\",\"text\":\"one two\"}\r\n\n{\"id\":\"b\",\"text\":\"three\"}",
        )
        .unwrap();
        fs::write(dir.join("texts").join("c.txt"), "four five").unwrap();
        let options = ReadOptions {
            fingerprint: Some(engine.stages()),
            reread: true,
            ..ReadOptions::default()
        };
        let inputs = [feed.clone(), dir.join("texts"), PathBuf::from("-")];
        let stdin = "{\"id\":\"d\",\"text\":\"six\"}\n";
        let input = Input::read(&inputs, options, &mut stdin.as_bytes()).unwrap();
        assert!(input.docs[..3].iter().all(|d| d.text.is_empty()));
        assert_eq!(input.docs[3].text, "six");
        let text = |id| {
            input
                .text(id)
                .map(|t| t.map(|t| t.into_owned()).map_err(|e| e.to_string()))
        };
        assert_eq!(text("a"), Some(Ok("one two".to_string())));
        assert_eq!(text("b"), Some(Ok("three".to_string())));
        assert_eq!(text("c.txt"), Some(Ok("four five".to_string())));
        assert_eq!(text("d"), Some(Ok("six".to_string())));
        assert_eq!(text("e"), None);
        assert_eq!(input.words(0), 2);
        assert_eq!(input.paragraphs(2), vec![0..9]);
        // Changed since: another text at the same place, or a shorter file.
        fs::write(&feed, "{\"id\":\"a\",\"text\":\"one too\"}\n").unwrap();
        fs::write(dir.join("texts").join("c.txt"), "four").unwrap();
        for (id, place) in [
            ("a", "feed.jsonl:1"),
            ("b", "feed.jsonl:3"),
            ("c.txt", "c.txt"),
        ] {
            let e = text(id).unwrap().unwrap_err();
            assert!(
                e.contains(place) && e.contains("changed since it was read"),
                "{e}"
            );
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn id_prefix_names_each_input() {
        let dir = std::env::temp_dir().join(format!("reprint-prefix-{}", std::process::id()));
        for day in ["monday", "tuesday"] {
            fs::create_dir_all(dir.join(day)).unwrap();
            fs::write(dir.join(day).join("story1.txt"), format!("{day} story")).unwrap();
        }
        fs::write(dir.join("feed.jsonl"), "{\"id\":\"a\",\"text\":\"x\"}\n").unwrap();
        let inputs = [
            dir.join("monday"),
            dir.join("tuesday"),
            dir.join("feed.jsonl"),
        ];
        let options = ReadOptions {
            id_prefix: Some("{name}/"),
            ..ReadOptions::default()
        };
        let input = Input::read(&inputs, options, &mut std::io::empty()).unwrap();
        let ids: Vec<&str> = input.docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["monday/story1.txt", "tuesday/story1.txt", "feed/a"]);
        // Without a prefix the two days collide.
        let e = Input::read(&inputs[..2], ReadOptions::default(), &mut std::io::empty())
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("duplicate id \"story1.txt\""), "{e}");
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(input_name(Path::new("-")), "stdin");
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
