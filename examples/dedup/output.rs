//! Output files (`--save-index`, `--html`): checked before any work is
//! done, written atomically at the end, never over an input.
//!
//! [`Target::open`] follows symbolic links to the real file, refuses a
//! directory, a special file (unless it is this process's standard output,
//! a pipe or terminal), an input of this run, and an existing file of
//! another kind than the one being written (an index only replaces an
//! index, recognised by its header; HTML only replaces HTML) unless
//! `--force`. It then creates the temporary file the output will be
//! written to, in the real file's directory, so an unwritable place is
//! found before the work rather than after it. [`Target::commit`] fills
//! the temporary file, gives it the replaced file's permissions (and, for
//! root, its owner), syncs it and renames it over the real file.
//!
//! The temporary file is removed when the run fails (the [`Target`] is
//! dropped) and on SIGINT or SIGTERM ([`remove_on_signals`]). Only
//! SIGKILL or a crash of the machine can leave it behind: a hidden
//! `.NAME.PID-N.tmp` beside the target.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use crate::input::{is_text_file, BoxError};
use crate::sanitize::for_terminal;

/// The first bytes of every index `Deduper::save` writes: the crate's frame
/// magic, then the engine's kind tag.
const INDEX_HEADER: &[u8] = b"RPRTDEDP";

/// How many symbolic links are followed before giving up (as Linux does).
const MAX_LINKS: usize = 40;

/// What an output file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A saved engine (`--save-index`).
    Index,
    /// The HTML page (`--html`).
    Html,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Index => "an index",
            Kind::Html => "an HTML page",
        }
    }

    /// Whether a file starting with `head` holds this kind of output.
    fn recognises(self, head: &[u8]) -> bool {
        match self {
            Kind::Index => head.starts_with(INDEX_HEADER),
            Kind::Html => is_html(head),
        }
    }
}

/// An output file checked and ready to be written.
#[derive(Debug)]
pub struct Target {
    /// The option that named it, for messages (`--html`).
    option: &'static str,
    /// The path as given.
    given: PathBuf,
    /// The file the path leads to, symbolic links followed.
    real: PathBuf,
    /// The existing file's permissions and owner, to keep.
    existing: Option<fs::Metadata>,
    /// Where the bytes go before the rename; `None` when the target is
    /// written in place (the standard output's pipe or terminal).
    temp: Option<TempFile>,
}

/// What [`Target::open`] checks a path against.
#[derive(Debug)]
pub struct Checks<'a> {
    /// The run's inputs (`-` is standard input and is skipped).
    pub inputs: &'a [PathBuf],
    /// Replace an existing file of another kind.
    pub force: bool,
}

impl Target {
    /// Checks `given` as the output of `option` and creates its temporary
    /// file.
    ///
    /// # Errors
    ///
    /// A message naming the option and the path: a missing directory, a
    /// directory or special file, an input of this run, an existing file of
    /// another kind (without `force`), a directory where no file can be
    /// created, a loop of symbolic links.
    pub fn open(
        option: &'static str,
        given: &Path,
        kind: Kind,
        checks: &Checks<'_>,
    ) -> Result<Target, BoxError> {
        let shown = for_terminal(&given.display().to_string()).into_owned();
        let fail = |why: String| -> BoxError { format!("{option} {shown}: {why}").into() };
        let real = follow_links(given).map_err(fail)?;
        let real_shown = if real == given {
            String::new()
        } else {
            format!(
                " (a symbolic link to {})",
                for_terminal(&real.display().to_string())
            )
        };
        let existing = match fs::metadata(&real) {
            Ok(m) => Some(m),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(fail(format!("cannot inspect it{real_shown}: {e}"))),
        };
        let mut target = Target {
            option,
            given: given.to_path_buf(),
            real,
            existing: None,
            temp: None,
        };
        if let Some(meta) = existing {
            if meta.is_dir() {
                return Err(fail(format!("is a directory{real_shown}")));
            }
            if !meta.is_file() {
                if is_our_stdout(&meta) {
                    // `--html /dev/stdout` into a pipe or onto the terminal.
                    return Ok(target);
                }
                return Err(fail(format!(
                    "is not a regular file (a device, FIFO or socket){real_shown}; \
                     it is not replaced"
                )));
            }
            if let Some(input) = input_holding(&target.real, &meta, checks.inputs) {
                return Err(fail(format!(
                    "is also an input of this run ({}){real_shown}; it is not overwritten",
                    for_terminal(&input.display().to_string())
                )));
            }
            let head = read_head(&target.real).map_err(|e| fail(format!("cannot read it: {e}")))?;
            if !head.is_empty() && !kind.recognises(&head) && !checks.force {
                return Err(fail(format!(
                    "exists{real_shown} and is not {} ({}); it is not overwritten: \
                     name another file, or give --force to replace it",
                    kind.noun(),
                    describe_head(&head)
                )));
            }
            target.existing = Some(meta);
        } else {
            let dir = parent_dir(&target.real);
            if !dir.is_dir() {
                return Err(fail(format!(
                    "no directory {}{real_shown}",
                    for_terminal(&dir.display().to_string())
                )));
            }
        }
        let temp = TempFile::create(&target.real).map_err(|e| {
            fail(format!(
                "cannot create a file in {}: {e}",
                for_terminal(&parent_dir(&target.real).display().to_string())
            ))
        })?;
        target.temp = Some(temp);
        Ok(target)
    }

    /// Whether the bytes go straight to the standard output (its pipe or
    /// terminal) rather than to a file.
    pub fn in_place(&self) -> bool {
        self.temp.is_none()
    }

    /// The path as the user gave it.
    pub fn path(&self) -> &Path {
        &self.given
    }

    /// Writes `bytes` and puts them in place of the target: the temporary
    /// file is filled, given the replaced file's permissions, synced and
    /// renamed over the real file (or, for the standard output's pipe or
    /// terminal, `bytes` are written to it).
    ///
    /// # Errors
    ///
    /// A message naming the option and path; the temporary file is removed
    /// and the target left as it was.
    pub fn commit(self, bytes: &[u8]) -> Result<(), BoxError> {
        self.commit_with(|out| out.write_all(bytes))
    }

    /// As [`commit`](Self::commit), with what `write` writes: a large
    /// output is written as it is made, never held whole.
    ///
    /// # Errors
    ///
    /// As [`commit`](Self::commit).
    pub fn commit_with(
        mut self,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), BoxError> {
        let fail = |e: io::Error| -> BoxError {
            format!(
                "{} {}: cannot write it: {e}",
                self.option,
                for_terminal(&self.given.display().to_string())
            )
            .into()
        };
        let Some(temp) = self.temp.take() else {
            let mut out = OpenOptions::new()
                .write(true)
                .open(&self.real)
                .map_err(fail)?;
            return write(&mut out).and_then(|()| out.flush()).map_err(fail);
        };
        temp.fill(write, self.existing.as_ref()).map_err(fail)?;
        temp.rename_to(&self.real).map_err(fail)
    }
}

/// The file `path` leads to: each symbolic link replaced by its target
/// (relative targets against the link's directory) until a path that is
/// not a link, or does not exist.
fn follow_links(path: &Path) -> Result<PathBuf, String> {
    let mut p = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&p) {
            // A link to a pipe or terminal (`/dev/stdout`, whose target
            // `/proc/self/fd/1` names no file but `pipe:[…]`) is opened
            // through the link itself.
            Ok(m) if m.file_type().is_symlink() && is_special(&p) => return Ok(p),
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&p).map_err(|e| format!("cannot read the link: {e}"))?;
                p = if to.is_absolute() {
                    to
                } else {
                    parent_dir(&p).join(to)
                };
            }
            _ => return Ok(p),
        }
    }
    Err(format!(
        "more than {MAX_LINKS} symbolic links in a row (a loop?)"
    ))
}

/// Whether `path`, links followed, is something other than a regular file
/// or a directory.
fn is_special(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// The directory a file is in (`.` for a bare name).
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The input that is, or (a text file in an input directory) would be read
/// as, the file `real` with metadata `meta`.
fn input_holding<'a>(real: &Path, meta: &fs::Metadata, inputs: &'a [PathBuf]) -> Option<&'a Path> {
    let canonical = fs::canonicalize(real).ok();
    inputs
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .find(|input| {
            let Ok(m) = fs::metadata(input) else {
                return false;
            };
            if m.is_dir() {
                let dir = fs::canonicalize(input).ok();
                return is_text_file(real)
                    && matches!((&canonical, &dir), (Some(c), Some(d)) if c.starts_with(d));
            }
            same_file(meta, &m)
        })
        .map(PathBuf::as_path)
}

#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    false
}

/// Whether `meta` is the pipe or terminal this process's standard output
/// writes to.
#[cfg(unix)]
fn is_our_stdout(meta: &fs::Metadata) -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if !(kind.is_fifo() || kind.is_char_device()) {
        return false;
    }
    let Ok(fd) = io::stdout().as_fd().try_clone_to_owned() else {
        return false;
    };
    File::from(fd)
        .metadata()
        .is_ok_and(|ours| same_file(meta, &ours))
}

#[cfg(not(unix))]
fn is_our_stdout(_: &fs::Metadata) -> bool {
    false
}

/// The first bytes of a file, enough to tell its kind.
fn read_head(path: &Path) -> io::Result<Vec<u8>> {
    let mut head = Vec::new();
    File::open(path)?.take(512).read_to_end(&mut head)?;
    Ok(head)
}

/// Whether `head` starts an HTML page (after a byte order mark, blanks and
/// comments are not looked through).
fn is_html(head: &[u8]) -> bool {
    let start = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = &start[start.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
    let lower: Vec<u8> = start.iter().take(14).map(u8::to_ascii_lowercase).collect();
    lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html")
}

/// What an existing file seems to hold, for the refusal message.
fn describe_head(head: &[u8]) -> String {
    if head.starts_with(INDEX_HEADER) {
        return "it is an index".to_string();
    }
    if is_html(head) {
        return "it is an HTML page".to_string();
    }
    if head.contains(&0) {
        return "it holds binary data".to_string();
    }
    let first = String::from_utf8_lossy(head);
    let first: String = first
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(40)
        .collect();
    format!("it starts with \"{}\"", for_terminal(&first))
}

/// Temporary files that exist now, removed by the signal handler.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Distinguishes the temporary files of one process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    // A poisoned list is still a list of files to remove.
    PENDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Removes every temporary file on SIGINT or SIGTERM, then exits with
/// 128 + the signal's number, as the default action would report. The
/// handler is signal-hook's: the signal only wakes a thread of ours, which
/// does the removal outside signal context.
///
/// # Errors
///
/// The handlers cannot be installed.
#[cfg(unix)]
pub fn remove_on_signals() -> Result<(), BoxError> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])
        .map_err(|e| format!("cannot install the signal handlers: {e}"))?;
    std::thread::Builder::new()
        .name("signals".to_string())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // The lock is held to the end: no temporary file is
                // created or renamed after this point.
                let files = pending();
                for path in files.iter() {
                    let _ = fs::remove_file(path);
                }
                std::process::exit(128 + signal);
            }
        })
        .map_err(|e| format!("cannot start the signal thread: {e}"))?;
    Ok(())
}

/// Without Unix signals, nothing to install.
#[cfg(not(unix))]
pub fn remove_on_signals() -> Result<(), BoxError> {
    Ok(())
}

/// A temporary file beside its target, removed unless renamed.
#[derive(Debug)]
struct TempFile {
    path: PathBuf,
    file: Option<File>,
}

impl TempFile {
    /// Creates `.NAME.PID-N.tmp` in `real`'s directory (never an existing
    /// file), registered for removal on signals.
    fn create(real: &Path) -> io::Result<TempFile> {
        let name = real.file_name().ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "the path does not name a file")
        })?;
        let mut tmp = OsString::from(".");
        tmp.push(name);
        tmp.push(format!(
            ".{}-{}.tmp",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let path = parent_dir(real).join(tmp);
        // Created under the lock, so a signal never misses it.
        let mut files = pending();
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        files.push(path.clone());
        Ok(TempFile {
            path,
            file: Some(file),
        })
    }

    /// Writes what `write` writes, keeps `existing`'s permissions (and,
    /// when allowed, owner), and syncs.
    fn fill(
        &self,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
        existing: Option<&fs::Metadata>,
    ) -> io::Result<()> {
        let Some(mut file) = self.file.as_ref() else {
            return Err(io::Error::other("the temporary file is closed"));
        };
        let mut out = io::BufWriter::new(&mut file);
        write(&mut out)?;
        out.flush()?;
        drop(out);
        if let Some(meta) = existing {
            file.set_permissions(meta.permissions())?;
            keep_owner(file, meta);
        }
        file.sync_all()
    }

    /// Renames the file over `real`, and syncs the directory (best effort).
    fn rename_to(mut self, real: &Path) -> io::Result<()> {
        drop(self.file.take());
        let mut files = pending();
        fs::rename(&self.path, real)?;
        files.retain(|p| *p != self.path);
        drop(files);
        // Renamed: nothing for `drop` to remove.
        self.path = PathBuf::new();
        if let Ok(dir) = File::open(parent_dir(real)) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

/// Gives `file` the owner of the file it replaces; only root may, and
/// for others the new file is theirs anyway, so failure is ignored.
#[cfg(unix)]
fn keep_owner(file: &File, meta: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_: &File, _: &fs::Metadata) {}

impl Drop for TempFile {
    fn drop(&mut self) {
        if self.path.as_os_str().is_empty() {
            return;
        }
        drop(self.file.take());
        let mut files = pending();
        let _ = fs::remove_file(&self.path);
        files.retain(|p| *p != self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_told_by_their_first_bytes() {
        assert!(Kind::Index.recognises(b"RPRTDEDP\x01\x00"));
        assert!(!Kind::Index.recognises(b"RPRTLSHI"));
        assert!(!Kind::Index.recognises(b"{\"id\":\"a\"}"));
        assert!(Kind::Html.recognises(b"\xEF\xBB\xBF\n  <!DOCTYPE html>\n<html>"));
        assert!(Kind::Html.recognises(b"<HTML><body>"));
        assert!(!Kind::Html.recognises(b"{\"id\":\"a\",\"text\":\"<html>\"}"));
        assert_eq!(
            describe_head(b"{\"id\":\"a\"}\n{\"id\":\"b\"}"),
            "it starts with \"{\"id\":\"a\"}\""
        );
        assert_eq!(describe_head(b"ab\0cd"), "it holds binary data");
        assert_eq!(describe_head(b"RPRTDEDP"), "it is an index");
        assert_eq!(
            describe_head(b"\x1b]0;pwned\x07"),
            "it starts with \"\\x1b]0;pwned\\x07\""
        );
    }

    #[test]
    fn parent_of_a_bare_name_is_here() {
        assert_eq!(parent_dir(Path::new("a.idx")), PathBuf::from("."));
        assert_eq!(parent_dir(Path::new("d/a.idx")), PathBuf::from("d"));
    }
}
