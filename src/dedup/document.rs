//! [`Document`]: what a caller adds to the engine.

/// One article.
///
/// With the `serde` feature it reads the project's JSON Lines records as
/// they are: the id a string or a whole number, `published` an RFC 3339
/// string (see [`parse_rfc3339`](crate::parse_rfc3339)) or Unix seconds,
/// `published` and `outlet` optional, other fields ignored. It writes
/// `published` as Unix seconds.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// let line = r#"{"id": 17, "text": "Hello.", "published": "2022-02-08T10:00:00Z", "url": "x"}"#;
/// let doc: reprint::Document = serde_json::from_str(line).unwrap();
/// assert_eq!((doc.id.as_str(), doc.published), ("17", Some(1_644_314_400)));
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Document {
    /// Unique id (a URL, a file path, a database key).
    #[cfg_attr(feature = "serde", serde(deserialize_with = "fields::id"))]
    pub id: String,
    /// The article's text; paragraphs separated by blank lines.
    pub text: String,
    /// Publication time, Unix seconds. Breaks ties when choosing a cluster's
    /// source, and drives eviction when a window is configured.
    #[cfg_attr(
        feature = "serde",
        serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "fields::published"
        )
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

    /// The hash of its text the engine keeps to know the same document
    /// read again (see [`Deduper::held`](crate::Deduper::held)): 64 bits of
    /// xxh3, so two different texts share one with probability 2^-64.
    pub fn text_hash(&self) -> u64 {
        text_hash(&self.text)
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

/// How a [`Document`]'s fields are read from records written by people and
/// by other programs.
#[cfg(feature = "serde")]
mod fields {
    use serde::de::{Deserialize, Deserializer, Error};

    /// A string, or a whole number written as its decimal digits.
    pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Id {
            Text(String),
            Signed(i64),
            Unsigned(u64),
        }
        match Id::deserialize(d) {
            Ok(Id::Text(s)) => Ok(s),
            Ok(Id::Signed(n)) => Ok(n.to_string()),
            Ok(Id::Unsigned(n)) => Ok(n.to_string()),
            Err(_) => Err(D::Error::custom(
                "\"id\" must be a string or a whole number",
            )),
        }
    }

    /// An RFC 3339 string, Unix seconds, or null.
    pub fn published<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Time {
            Seconds(i64),
            Text(String),
        }
        match Option::<Time>::deserialize(d) {
            Ok(None) => Ok(None),
            Ok(Some(Time::Seconds(t))) => Ok(Some(t)),
            Ok(Some(Time::Text(s))) => crate::parse_rfc3339(&s).map(Some).map_err(D::Error::custom),
            Err(_) => Err(D::Error::custom(
                "\"published\" must be an RFC 3339 string or a whole number of Unix seconds",
            )),
        }
    }
}
