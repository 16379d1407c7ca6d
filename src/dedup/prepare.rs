//! The per-document work that needs no engine state, run in parallel for a
//! batch: tokens, the exact shingle set, passages and their index keys; and
//! the filter that then leaves out the boilerplate the engine has learnt.

use super::config::Machinery;
use super::passages::passages;
use super::Document;
use crate::hash::{anchor_key, char_hash};
use crate::lsh::band_keys;
use crate::radix::sort_u32;
use crate::shingle::Shingler;
use crate::text::{normalize, Analysis, Token, Tokenizer};
use std::cell::Cell;
use std::ops::Range;

/// A shingle hash folded to 32 bits: the form the engine stores. Two
/// distinct shingles of two documents collide with probability 2^-32, so a
/// pair of 1,000-shingle documents gets a false shared shingle about once
/// in 4,000 pairs: it changes no decision.
pub(crate) fn fold(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

/// A document fingerprinted: what every later stage needs of it (see
/// [`Stages::fingerprint`](super::stages::Stages::fingerprint)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocFingerprint {
    /// The document's id.
    pub id: String,
    /// When it was published (Unix seconds), if known.
    pub published: Option<i64>,
    /// A 64-bit hash of its text, by which the engine knows the same
    /// document read again (see [`Deduper::held`](crate::Deduper::held)).
    pub text_hash: u64,
    /// Its number of words (tokens), as
    /// [`count_words`](crate::text::count_words) counts them: for reports
    /// that state it once the text is dropped.
    pub words: usize,
    /// Its exact shingle set, for verification: each shingle hash folded
    /// to 32 bits, sorted, without duplicates.
    pub set: Vec<u32>,
    /// The index keys of its passages, in text order: one run of
    /// [`Stages::bands`](super::stages::Stages::bands) keys per passage
    /// (passage `p`'s key in band `b` is `keys[p * bands + b]`), its band
    /// keys and then its anchors.
    pub keys: Vec<u32>,
}

/// Each thread's buffers for [`prepare`], reused from one document to the
/// next: a document allocates only what it keeps. Besides saving the
/// allocations, this keeps the threads out of each other's way: the
/// system allocator takes a lock to free memory that another thread
/// allocated, and the in-order stage frees what the preparing threads
/// allocate.
#[derive(Debug)]
struct Scratch {
    analysis: Analysis,
    /// Room for the words the tokenizer copies to normalize.
    word: String,
    /// A passage's MinHash signature.
    signature: Vec<u32>,
    /// 64-bit shingle hashes in text order.
    hashes: Vec<u64>,
    /// Hashes of the characters of the words, for character shingles.
    chars: Vec<u64>,
    /// The folded shingles being sorted into the set.
    sorted: Vec<u32>,
    /// Room for the radix sort's passes.
    radix: Vec<u32>,
}

impl Scratch {
    const EMPTY: Scratch = Scratch {
        analysis: Analysis {
            tokens: Vec::new(),
            paragraphs: Vec::new(),
        },
        word: String::new(),
        signature: Vec::new(),
        chars: Vec::new(),
        hashes: Vec::new(),
        sorted: Vec::new(),
        radix: Vec::new(),
    };

    fn trim(&mut self) {
        trim_scratch(&mut self.analysis.tokens);
        trim_scratch(&mut self.analysis.paragraphs);
        trim_scratch(&mut self.signature);
        if self.word.capacity() > SCRATCH_KEEP {
            self.word = String::new();
        }
        trim_scratch(&mut self.hashes);
        trim_scratch(&mut self.chars);
        trim_scratch(&mut self.sorted);
        trim_scratch(&mut self.radix);
    }
}

thread_local! {
    static SCRATCH: Cell<Scratch> = const { Cell::new(Scratch::EMPTY) };
}

/// Largest scratch buffer kept for the next document, in bytes.
const SCRATCH_KEEP: usize = 1 << 20;

/// Frees scratch buffer `v` if a huge document grew it past
/// [`SCRATCH_KEEP`] bytes, rather than hold it for good.
pub(super) fn trim_scratch<T>(v: &mut Vec<T>) {
    if v.capacity() * std::mem::size_of::<T>() > SCRATCH_KEEP {
        *v = Vec::new();
    }
}

/// Tokens, shingles, passages and band keys of `doc`, with nothing left
/// out as boilerplate yet. Reads no engine
/// state, so a batch's next documents are prepared while the engine is
/// still busy with the earlier ones.
pub(crate) fn prepare(
    doc: &Document,
    m: &Machinery,
    min_words: usize,
    max_words: usize,
) -> DocFingerprint {
    prepare_with(doc, m, min_words, max_words, |_| ()).0
}

/// [`prepare`], also giving `inspect` the text's analysis (tokens and
/// paragraphs) the fingerprint is made from.
pub(crate) fn prepare_with<R>(
    doc: &Document,
    m: &Machinery,
    min_words: usize,
    max_words: usize,
    inspect: impl FnOnce(&Analysis) -> R,
) -> (DocFingerprint, R) {
    let mut scratch = SCRATCH.replace(Scratch::EMPTY);
    let Scratch {
        analysis,
        word,
        signature,
        chars,
        hashes,
        sorted,
        radix,
    } = &mut scratch;
    Tokenizer::new().analyze_into(&doc.text, analysis, word);
    let inspected = inspect(analysis);
    hashes.clear();
    // Shingle i starts at token i and covers `k` tokens (or `chars`
    // characters, whatever the tokens).
    let k = match m.chars {
        0 => {
            m.shingler.shingles_into(&analysis.tokens, hashes);
            m.shingler.k()
        }
        n => {
            char_shingles_into(&doc.text, &analysis.tokens, n, &m.shingler, chars, hashes);
            1
        }
    };
    let ranges = passages(analysis, min_words, max_words);
    let mut keys = Vec::with_capacity(ranges.len() * m.keys_per_passage());
    for r in ranges {
        // Shingle i covers tokens i..i+k; a passage of fewer than k words
        // gets the one shingle that starts at its first token.
        let start = r.start.min(hashes.len());
        let end = (r.end.saturating_sub(k - 1))
            .max(start + 1)
            .min(hashes.len());
        if start >= end {
            continue;
        }
        m.minhasher
            .signature_into(hashes[start..end].iter().copied(), signature);
        keys.extend(band_keys(signature, m.lsh));
        // Its anchors: the first and the last shingle.
        let anchors = [hashes[start], hashes[end - 1]].map(anchor_key);
        keys.extend_from_slice(&anchors[..m.anchors]);
    }
    sorted.clear();
    sorted.extend(hashes.iter().map(|&h| fold(h)));
    sort_u32(sorted, radix);
    sorted.dedup();
    // Allocated at its size: stored as it is (see `StoredDoc::set`).
    let set = sorted.to_vec();
    let words = analysis.tokens.len();
    scratch.trim();
    SCRATCH.set(scratch);
    let print = DocFingerprint {
        id: doc.id.clone(),
        published: doc.published,
        text_hash: super::document::text_hash(&doc.text),
        words,
        set,
        keys,
    };
    (print, inspected)
}

/// Appends to `out` the character shingles of `text` (see
/// [`DedupConfig::shingle_chars`](crate::DedupConfig::shingle_chars)): for
/// each token from which `n` characters of the words, written without
/// spaces, remain, the hash of those `n` characters; a text of fewer than
/// `n` characters (but not empty) gives one shingle of all of them.
/// `chars` is scratch space.
fn char_shingles_into(
    text: &str,
    tokens: &[Token],
    n: usize,
    shingler: &Shingler,
    chars: &mut Vec<u64>,
    out: &mut Vec<u64>,
) {
    let starts = word_chars(text, tokens, chars);
    if chars.is_empty() {
        return;
    }
    if chars.len() < n {
        out.push(shingler.hash_chars(chars));
        return;
    }
    out.extend(
        starts
            .iter()
            .take_while(|&&s| s + n <= chars.len())
            .map(|&s| shingler.hash_chars(&chars[s..s + n])),
    );
}

/// Writes into `chars` (cleared first) the hashes of the characters of the
/// tokens' normalized words, without spaces; returns where each token's
/// characters start.
fn word_chars(text: &str, tokens: &[Token], chars: &mut Vec<u64>) -> Vec<usize> {
    chars.clear();
    let mut starts = Vec::with_capacity(tokens.len());
    for t in tokens {
        starts.push(chars.len());
        let word = text.get(t.span()).unwrap_or("");
        chars.extend(normalize(word).chars().filter(|c| *c != ' ').map(char_hash));
    }
    starts
}

/// The shingles of `tokens` of `text` in text order, as the engine makes
/// them, each with the range of tokens it covers.
pub(crate) fn shingles_with_tokens(
    text: &str,
    tokens: &[Token],
    shingler: &Shingler,
    chars_per_shingle: usize,
) -> (Vec<u64>, Vec<Range<usize>>) {
    let mut hashes = Vec::new();
    let covers = match chars_per_shingle {
        0 => {
            shingler.shingles_into(tokens, &mut hashes);
            let k = shingler.k();
            (0..hashes.len())
                .map(|i| i..(i + k).min(tokens.len()))
                .collect()
        }
        n => {
            let mut chars = Vec::new();
            char_shingles_into(text, tokens, n, shingler, &mut chars, &mut hashes);
            let starts = word_chars(text, tokens, &mut chars);
            (0..hashes.len())
                .map(|i| {
                    let last = starts.get(i).map_or(chars.len(), |&s| s + n - 1);
                    // The token holding the n-gram's last character.
                    let end = starts.partition_point(|&s| s <= last).max(i + 1);
                    match hashes.len() == 1 && chars.len() < n {
                        true => 0..tokens.len(),
                        false => i..end.min(tokens.len()),
                    }
                })
                .collect()
        }
    };
    (hashes, covers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DedupConfig;

    fn prepared(text: &str) -> DocFingerprint {
        prepared_with(text, &DedupConfig::default())
    }

    fn prepared_with(text: &str, config: &DedupConfig) -> DocFingerprint {
        let m = config.machinery().unwrap();
        let doc = Document::new("d", text);
        prepare(&doc, &m, config.passage_min_words, config.passage_max_words)
    }

    const TEXT: &str = "The storm reached the coast on Tuesday night and cut power to \
        forty thousand homes across the region, officials said, adding that crews from \
        three states were on their way and that most customers should have electricity \
        again by the weekend, though rural areas could wait longer.\n\n\
        Sign up for our newsletter to get the day's top stories in your inbox every \
        morning, and follow us on social media for live updates, photographs and video \
        from our reporters in the field. Our journalism depends on readers like you: \
        subscribe today for unlimited access to every story we publish.";

    /// The thread's reused buffers leave nothing of one document in the
    /// next: a long document, then a short one, gives what the short one
    /// gives on its own.
    #[test]
    fn reused_buffers_carry_nothing_over() {
        let short = prepared(TEXT);
        let long = prepared(&TEXT.repeat(40));
        let again = prepared(TEXT);
        assert_eq!(
            short.keys.len(),
            2 * 8,
            "two passages of 6 band keys and 2 anchors"
        );
        assert!(long.keys.len() > 20 * short.keys.len());
        assert_eq!(again.set, short.set);
        assert_eq!(short.words, crate::text::count_words(TEXT));
        assert_eq!(again.keys, short.keys);
    }

    /// A passage's anchors are its first and its last shingle: a copy of
    /// the paragraph whose middle was rewritten keeps both, and its band
    /// keys change. Without anchors, a passage has its band keys only.
    #[test]
    fn anchors_are_a_passages_first_and_last_shingles() {
        let para = |middle: &str| {
            format!(
                "The storm reached the coast on Tuesday night and {middle}, officials                  said, and most customers should have power again by the weekend."
            )
        };
        let a = prepared(&para("cut power to forty thousand homes across the region"));
        let b = prepared(&para("left thousands of families in the dark for days"));
        let m = DedupConfig::default().machinery().unwrap();
        let (bands, keys) = (m.lsh.bands, m.keys_per_passage());
        assert_eq!(
            (a.keys.len(), b.keys.len()),
            (keys, keys),
            "one passage each"
        );
        assert_eq!(a.keys[bands..], b.keys[bands..], "the same anchors");
        assert_ne!(a.keys[..bands], b.keys[..bands]);
        let c = prepared(
            &para("cut power to forty thousand homes across the region").replace("weekend", "week"),
        );
        assert_eq!(c.keys[bands], a.keys[bands], "the same first shingle");
        assert_ne!(c.keys[bands + 1], a.keys[bands + 1], "another last shingle");
        let without = DedupConfig {
            passage_anchors: false,
            ..DedupConfig::default()
        };
        let plain = prepared_with(&para("cut"), &without);
        assert_eq!(plain.keys.len(), bands);
    }

    /// Character shingles: one per word start with `n` characters left;
    /// two words joined by the scanner lose one start and change no other
    /// shingle; a text shorter than `n` gives one shingle.
    #[test]
    fn character_shingles_start_at_words() {
        let shingler = Shingler::default();
        let shingles = |text: &str, n: usize| {
            let tokens = Tokenizer::new().tokenize(text);
            let mut out = Vec::new();
            char_shingles_into(text, &tokens, n, &shingler, &mut Vec::new(), &mut out);
            out
        };
        let clean = shingles("The quick brown fox jumps over", 8);
        assert_eq!(clean.len(), 5, "starts 0, 3, 8, 13 and 16 of 25 characters");
        let joined = shingles("The QUICKbrown fox, jumps over", 8);
        assert_eq!(joined.len(), 4);
        assert!(joined.iter().all(|h| clean.contains(h)));
        assert_eq!(shingles("Tiny text", 20).len(), 1);
        assert!(shingles("", 8).is_empty());
    }
}
