//! The per-document work that needs no engine state, run in parallel for a
//! batch: tokens, the exact shingle set, passages and their band keys; and
//! the filter that then leaves out the boilerplate the engine has learnt.

use std::cell::Cell;
use std::ops::Range;

use smallvec::SmallVec;

use super::boilerplate::Boilerplate;
use super::config::Machinery;
use super::passages::passages;
use super::pipeline::current_owner;
use super::Document;
use crate::lsh::band_keys;
use crate::radix::sort_u32;
use crate::text::{Analysis, Tokenizer};

/// A shingle hash folded to 32 bits: the form the engine stores. Two
/// distinct shingles of two documents collide with probability 2^-32, so a
/// pair of 1,000-shingle documents gets a false shared shingle about once
/// in 4,000 pairs: it changes no decision.
pub(crate) fn fold(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

/// A document ready to be matched and inserted.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub id: String,
    pub published: Option<i64>,
    /// Folded shingles in text order (with repeats).
    pub shingles: Vec<u32>,
    /// Folded shingles, sorted and deduplicated, without the learnt
    /// boilerplate once [filtered](Prepared::filter).
    pub set: Vec<u32>,
    pub passages: Vec<PreparedPassage>,
    /// Number of learnt boilerplate shingles when last filtered: those are
    /// not in `set`, and `boilerplate` of each passage is as of then.
    pub filtered: usize,
    /// The pool thread that prepared it, to free `shingles` and `passages`
    /// (see `pipeline/spent.rs`).
    pub owner: Option<usize>,
}

/// One passage: its band keys and where its shingles lie in `shingles`.
#[derive(Debug, Clone)]
pub(crate) struct PreparedPassage {
    pub keys: SmallVec<[u32; 16]>,
    pub shingles: Range<usize>,
    /// Whether most of its shingles were learnt boilerplate when filtered.
    pub boilerplate: bool,
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
/// out as boilerplate yet (see [`Prepared::filter`]). Reads no engine
/// state, so a batch's next documents are prepared while the engine is
/// still busy with the earlier ones.
pub(crate) fn prepare(
    doc: &Document,
    m: &Machinery,
    min_words: usize,
    max_words: usize,
) -> Prepared {
    let mut scratch = SCRATCH.replace(Scratch::EMPTY);
    let Scratch {
        analysis,
        word,
        signature,
        hashes,
        sorted,
        radix,
    } = &mut scratch;
    Tokenizer::new().analyze_into(&doc.text, analysis, word);
    hashes.clear();
    m.shingler.shingles_into(&analysis.tokens, hashes);
    let shingles: Vec<u32> = hashes.iter().map(|&h| fold(h)).collect();
    let k = m.shingler.k();
    let ranges = passages(analysis, min_words, max_words);
    let mut out = Vec::with_capacity(ranges.len());
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
        out.push(PreparedPassage {
            keys: band_keys(signature, m.lsh).collect(),
            shingles: start..end,
            boilerplate: false,
        });
    }
    sorted.clear();
    sorted.extend_from_slice(&shingles);
    sort_u32(sorted, radix);
    sorted.dedup();
    // Allocated at its size: stored as it is (see `StoredDoc::set`).
    let set = sorted.to_vec();
    scratch.trim();
    SCRATCH.set(scratch);
    Prepared {
        id: doc.id.clone(),
        published: doc.published,
        shingles,
        set,
        passages: out,
        filtered: 0,
        owner: current_owner(),
    }
}

impl Prepared {
    /// Leaves the learnt boilerplate `bp` out of the set and marks the
    /// passages made mostly of it; returns whether the set lost shingles
    /// (it keeps the room they took). One membership test per distinct
    /// shingle; the passages are counted again only if the set lost some
    /// (most documents hold no boilerplate), and nothing is done if nothing
    /// was learnt since the last call.
    pub fn filter(&mut self, bp: &Boilerplate) -> bool {
        if bp.len() == self.filtered {
            return false;
        }
        self.filtered = bp.len();
        let before = self.set.len();
        self.set.retain(|&s| !bp.contains(s));
        if self.set.len() == before {
            // None of the shingles is learnt: the passages' counts of
            // learnt shingles are what they were.
            return false;
        }
        for i in 0..self.passages.len() {
            self.passages[i].boilerplate = self.is_boilerplate(i, bp);
        }
        true
    }

    /// Whether passage `i` is mostly learnt boilerplate `bp` (its
    /// `boilerplate` flag says whether it was when last filtered).
    pub fn is_boilerplate(&self, i: usize, bp: &Boilerplate) -> bool {
        let shingles = &self.shingles[self.passages[i].shingles.clone()];
        let known = shingles.iter().filter(|&&s| bp.contains(s)).count();
        2 * known >= shingles.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DedupConfig;

    fn prepared(text: &str) -> Prepared {
        let config = DedupConfig::default();
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
        assert!(long.shingles.len() > 20 * short.shingles.len());
        assert_eq!(again.shingles, short.shingles);
        assert_eq!(again.set, short.set);
        let keys = |p: &Prepared| -> Vec<Vec<u32>> {
            p.passages.iter().map(|q| q.keys.to_vec()).collect()
        };
        assert_eq!(keys(&again), keys(&short));
    }

    /// Filtering once by everything learnt equals filtering by each lesson
    /// in turn: the set loses exactly the learnt shingles, and a passage is
    /// marked when most of its shingles are learnt.
    #[test]
    fn filter_leaves_out_learnt_shingles_and_marks_passages() {
        let p = prepared(TEXT);
        assert_eq!(p.passages.len(), 2);
        let footer = p.shingles[p.passages[1].shingles.clone()].to_vec();
        let unrelated: Boilerplate = [1u32, 2, 3].into_iter().collect();
        let mut learnt: Boilerplate = [1u32, 2, 3].into_iter().collect();
        learnt.extend(footer.iter().copied());

        let mut once = p.clone();
        assert!(once.filter(&learnt));
        assert!(!once.filter(&learnt), "nothing learnt since");
        let mut twice = p.clone();
        assert!(!twice.filter(&unrelated));
        assert!(twice.passages.iter().all(|q| !q.boilerplate));
        assert_eq!(twice.set, p.set);
        assert!(twice.filter(&learnt));
        for q in [&once, &twice] {
            assert_eq!(q.filtered, learnt.len());
            assert!(!q.passages[0].boilerplate);
            assert!(q.passages[1].boilerplate);
            let want: Vec<u32> = p
                .set
                .iter()
                .copied()
                .filter(|s| !footer.contains(s))
                .collect();
            assert_eq!(q.set, want);
        }
    }
}
