//! [`Document`]: what a caller adds to the engine.

/// One article.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Document {
    /// Unique id (a URL, a file path, a database key).
    pub id: String,
    /// The article's text; paragraphs separated by blank lines.
    pub text: String,
    /// Publication time, Unix seconds. Breaks ties when choosing a cluster's
    /// source, and drives eviction when a window is configured.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub published: Option<i64>,
    /// The outlet's name, for reports.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub outlet: Option<String>,
}

impl Document {
    /// A document with an id and a text, no timestamp, no outlet.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            text: text.into(),
            published: None,
            outlet: None,
        }
    }

    /// The same document with a publication time (Unix seconds).
    pub fn with_published(self, published: i64) -> Self {
        Document {
            published: Some(published),
            ..self
        }
    }

    /// The same document with an outlet name.
    pub fn with_outlet(self, outlet: impl Into<String>) -> Self {
        Document {
            outlet: Some(outlet.into()),
            ..self
        }
    }
}

/// A 64-bit hash of a text's bytes (xxh3): two different texts share one
/// with probability 2^-64.
pub(crate) fn text_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}
