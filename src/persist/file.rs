//! Atomic file writes and files opened for reading, with errors naming the
//! file.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Result};

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: Some(path.to_path_buf()),
        source,
    }
}

/// Distinguishes temporary files of concurrent writers in one process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes what `fill` writes to `path` atomically: to a temporary file in
/// the same directory (through a buffer), synced to disk, then renamed
/// over `path`. On failure the temporary file is removed and `path` is
/// left as it was.
///
/// # Errors
///
/// [`Error::Io`] naming `path` (the target, not the temporary file).
pub(crate) fn write_file_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let name = path.file_name().ok_or_else(|| {
        io_error(
            path,
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "the path does not name a file",
            ),
        )
    })?;
    let mut tmp_name = OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(
        ".{}-{}.tmp",
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let tmp = path.with_file_name(tmp_name);
    let written = (|| -> std::io::Result<()> {
        let mut out = BufWriter::new(File::create(&tmp)?);
        fill(&mut out)?;
        let f = out
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        // Best effort: the temporary file may not exist if creating it failed.
        let _ = fs::remove_file(&tmp);
        return Err(io_error(path, e));
    }
    Ok(())
}

/// A file opened for reading: a regular file, with its length in bytes,
/// or anything else (a pipe, a device: `--load-index <(zcat idx.gz)`),
/// read whole, since its length is not known before its end.
pub(crate) enum Opened {
    Regular(File, u64),
    Read(Vec<u8>),
}

/// Opens a file for reading (see [`Opened`]).
///
/// # Errors
///
/// [`Error::Io`] naming `path`.
pub(crate) fn open_file(path: &Path) -> Result<Opened> {
    let mut file = File::open(path).map_err(|e| io_error(path, e))?;
    let meta = file.metadata().map_err(|e| io_error(path, e))?;
    if meta.is_file() {
        return Ok(Opened::Regular(file, meta.len()));
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(|e| io_error(path, e))?;
    Ok(Opened::Read(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn scratch_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("reprint-persist-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn files_are_replaced_atomically_and_errors_name_the_path() {
        let dir = scratch_dir("files");
        let path = dir.join("index.bin");
        let write_file = |path: &Path, bytes: &[u8]| write_file_with(path, |w| w.write_all(bytes));
        write_file(&path, b"first").unwrap();
        write_file(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![OsString::from("index.bin")], "temp file left");

        let missing = dir.join("no-such-dir").join("index.bin");
        let e = write_file(&missing, b"x").unwrap_err();
        assert!(
            matches!(&e, Error::Io { path: Some(p), .. } if *p == missing),
            "{e:?}"
        );
        assert!(e.to_string().contains("no-such-dir"), "{e}");
        let Err(e) = open_file(&missing) else {
            panic!("a missing file opened")
        };
        assert!(
            matches!(&e, Error::Io { path: Some(p), .. } if *p == missing),
            "{e:?}"
        );
        let e = write_file(Path::new("/"), b"x").unwrap_err();
        assert!(matches!(&e, Error::Io { .. }), "{e:?}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
