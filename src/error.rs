//! The crate's error type: what went wrong, and where.

use std::fmt;
use std::path::PathBuf;

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in `reprint`.
///
/// Each variant carries the context a caller needs to report the problem:
/// the parameter and value for a bad configuration, the file and byte offset
/// for a corrupt index, the line for a malformed input record.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A configuration value is outside the range the algorithm accepts.
    InvalidConfig {
        /// The parameter's name, as in the config struct or builder.
        param: &'static str,
        /// The rejected value, formatted.
        value: String,
        /// What the parameter must satisfy.
        expected: &'static str,
    },
    /// Two fingerprints made with different parameters were compared.
    IncompatibleFingerprints {
        /// Parameters of the left-hand operand.
        left: String,
        /// Parameters of the right-hand operand.
        right: String,
    },
    /// An id was inserted that is already present.
    DuplicateId {
        /// The id, formatted.
        id: String,
    },
    /// An id was looked up or removed that is not present.
    UnknownId {
        /// The id, formatted.
        id: String,
    },
    /// An I/O operation failed.
    Io {
        /// The file involved, when there is one.
        path: Option<PathBuf>,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A saved index could not be read back.
    CorruptIndex {
        /// The file, when reading from one.
        path: Option<PathBuf>,
        /// Byte offset in the file where the problem was found.
        offset: u64,
        /// What was wrong.
        reason: String,
    },
    /// A saved index was written by an incompatible format version.
    UnsupportedVersion {
        /// The file, when reading from one.
        path: Option<PathBuf>,
        /// The version found in the file.
        found: u32,
        /// The version this build reads.
        expected: u32,
    },
    /// A saved index was made under another hash scheme: its fingerprints,
    /// shingle sets or band keys were computed by hash functions this build
    /// does not have, so it would answer wrongly. Rebuild it from the texts.
    HashSchemeMismatch {
        /// The file, when reading from one.
        path: Option<PathBuf>,
        /// The hash scheme recorded in the file.
        found: u32,
        /// The hash scheme of this build.
        expected: u32,
    },
    /// Room was asked for more items than can be held: more than the
    /// structure can number, or more memory than can be allocated.
    /// Nothing was changed.
    CapacityExceeded {
        /// What was to be held: `"documents"`, `"passages"`, `"band keys"`,
        /// `"fingerprints"`, `"ids"`.
        what: &'static str,
        /// How many more were asked for.
        requested: usize,
        /// Why they cannot be held.
        reason: String,
    },
    /// Bytes handed to a stage of [`stages`](crate::stages) (postings or
    /// pair counts, as another machine made them) are not what that stage
    /// reads.
    CorruptShuffle {
        /// What the bytes should have been: `"postings"`, `"pair counts"`.
        what: &'static str,
        /// Byte offset where the problem was found.
        offset: usize,
        /// What was wrong.
        reason: String,
    },
    /// A timestamp is not RFC 3339 (see [`parse_rfc3339`](crate::parse_rfc3339)).
    InvalidTimestamp {
        /// The text given.
        text: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An input record (for example one JSONL line) could not be parsed.
    InvalidRecord {
        /// The file, or `None` for standard input.
        path: Option<PathBuf>,
        /// One-based line number.
        line: u64,
        /// What was wrong.
        reason: String,
    },
}

impl Error {
    /// Shorthand for [`Error::InvalidConfig`].
    pub(crate) fn config(
        param: &'static str,
        value: impl fmt::Display,
        expected: &'static str,
    ) -> Self {
        Error::InvalidConfig {
            param,
            value: value.to_string(),
            expected,
        }
    }
}

fn path_prefix(path: &Option<PathBuf>) -> String {
    match path {
        Some(p) => format!("{}: ", p.display()),
        None => String::new(),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidConfig {
                param,
                value,
                expected,
            } => write!(f, "invalid {param} = {value}: expected {expected}"),
            Error::IncompatibleFingerprints { left, right } => write!(
                f,
                "fingerprints made with different parameters cannot be compared ({left} vs {right})"
            ),
            Error::DuplicateId { id } => write!(f, "id {id} is already present"),
            Error::UnknownId { id } => write!(f, "id {id} is not present"),
            Error::Io { path, source } => write!(f, "{}{source}", path_prefix(path)),
            Error::CorruptIndex {
                path,
                offset,
                reason,
            } => write!(
                f,
                "{}corrupt index at byte {offset}: {reason}",
                path_prefix(path)
            ),
            Error::UnsupportedVersion {
                path,
                found,
                expected,
            } => write!(
                f,
                "{}index format version {found} is not supported (this build reads version {expected})",
                path_prefix(path)
            ),
            Error::HashSchemeMismatch {
                path,
                found,
                expected,
            } => write!(
                f,
                "{}index made with hash scheme {found}, but this build hashes with scheme \
                 {expected}: its hashes cannot be compared with this build's; rebuild it",
                path_prefix(path)
            ),
            Error::CapacityExceeded {
                what,
                requested,
                reason,
            } => write!(f, "cannot make room for {requested} more {what}: {reason}"),
            Error::CorruptShuffle {
                what,
                offset,
                reason,
            } => write!(f, "corrupt {what} at byte {offset}: {reason}"),
            Error::InvalidTimestamp { text, reason } => {
                write!(f, "invalid RFC 3339 timestamp {text:?}: {reason}")
            }
            Error::InvalidRecord { path, line, reason } => {
                let name = match path {
                    Some(p) => p.display().to_string(),
                    None => "<stdin>".to_string(),
                };
                write!(f, "{name}:{line}: {reason}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl Error {
    /// [`Error::CapacityExceeded`] for `requested` more `what` that an
    /// allocation refused.
    pub(crate) fn no_memory(
        what: &'static str,
        requested: usize,
        e: std::collections::TryReserveError,
    ) -> Self {
        Error::CapacityExceeded {
            what,
            requested,
            reason: e.to_string(),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(source: std::io::Error) -> Self {
        Error::Io { path: None, source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_place() {
        let e = Error::CorruptIndex {
            path: Some("idx.bin".into()),
            offset: 17,
            reason: "checksum mismatch".into(),
        };
        assert_eq!(
            e.to_string(),
            "idx.bin: corrupt index at byte 17: checksum mismatch"
        );
        let e = Error::InvalidRecord {
            path: None,
            line: 3,
            reason: "missing field `id`".into(),
        };
        assert_eq!(e.to_string(), "<stdin>:3: missing field `id`");
        let e = Error::CapacityExceeded {
            what: "documents",
            requested: 5,
            reason: "out of memory".into(),
        };
        assert_eq!(
            e.to_string(),
            "cannot make room for 5 more documents: out of memory"
        );
        let e = Error::config("num_perm", 0, "at least 1");
        assert_eq!(e.to_string(), "invalid num_perm = 0: expected at least 1");
    }
}
