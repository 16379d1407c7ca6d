//! The per-document work that needs no engine state, run in parallel for a
//! batch: tokens, the exact shingle set, passages and their band keys; and
//! the filter that then leaves out the boilerplate the engine has learnt.

use std::cell::Cell;
use std::ops::Range;

use smallvec::SmallVec;

use super::boilerplate::Boilerplate;
use super::config::Machinery;
use super::passages::passages;
use super::Document;
use crate::lsh::band_keys;
use crate::radix::sort_u32;
use crate::text::{Token, Tokenizer};

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
}

/// One passage: its band keys and where its shingles lie in `shingles`.
#[derive(Debug, Clone)]
pub(crate) struct PreparedPassage {
    pub keys: SmallVec<[u32; 16]>,
    pub shingles: Range<usize>,
    /// Whether most of its shingles were learnt boilerplate when filtered.
    pub boilerplate: bool,
}

thread_local! {
    /// Each thread's token buffer for [`prepare`], reused from one
    /// document to the next.
    static TOKENS: Cell<Vec<Token>> = const { Cell::new(Vec::new()) };
    /// Each thread's shingle hash buffer for [`prepare`].
    static HASHES: Cell<Vec<u64>> = const { Cell::new(Vec::new()) };
}

/// Largest buffer kept for the next document, in bytes: a huge document's
/// buffers are freed, not held by the thread for good.
const SCRATCH_KEEP: usize = 1 << 20;

/// Keeps `v` in `slot` for the next document, unless it is large.
fn keep_scratch<T>(slot: &'static std::thread::LocalKey<Cell<Vec<T>>>, v: Vec<T>) {
    if v.capacity() * std::mem::size_of::<T>() <= SCRATCH_KEEP {
        slot.set(v);
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
    // The tokens and hashes are dropped at the end: each thread reuses
    // its buffers rather than allocating 30 KB a document.
    let (tokens, mut hashes) = (TOKENS.take(), HASHES.take());
    let analysis = Tokenizer::new().analyze_reusing(&doc.text, tokens);
    hashes.clear();
    m.shingler.shingles_into(&analysis.tokens, &mut hashes);
    let shingles: Vec<u32> = hashes.iter().map(|&h| fold(h)).collect();
    let k = m.shingler.k();
    let mut out = Vec::new();
    for r in passages(&analysis, min_words, max_words) {
        // Shingle i covers tokens i..i+k; a passage of fewer than k words
        // gets the one shingle that starts at its first token.
        let start = r.start.min(hashes.len());
        let end = (r.end.saturating_sub(k - 1))
            .max(start + 1)
            .min(hashes.len());
        if start >= end {
            continue;
        }
        let sig = m.minhasher.signature(hashes[start..end].iter().copied());
        out.push(PreparedPassage {
            keys: band_keys(sig.values(), m.lsh).collect(),
            shingles: start..end,
            boilerplate: false,
        });
    }
    let mut set = shingles.clone();
    sort_u32(&mut set);
    set.dedup();
    keep_scratch(&TOKENS, analysis.tokens);
    keep_scratch(&HASHES, hashes);
    Prepared {
        id: doc.id.clone(),
        published: doc.published,
        shingles,
        set,
        passages: out,
        filtered: 0,
    }
}

impl Prepared {
    /// Leaves the learnt boilerplate `bp` out of the set and marks the
    /// passages made mostly of it. One membership test per distinct
    /// shingle; the passages are counted again only if the set lost some
    /// (most documents hold no boilerplate), and nothing is done if nothing
    /// was learnt since the last call.
    pub fn filter(&mut self, bp: &Boilerplate) {
        if bp.len() == self.filtered {
            return;
        }
        self.filtered = bp.len();
        let before = self.set.len();
        self.set.retain(|&s| !bp.contains(s));
        if self.set.len() == before {
            // None of the shingles is learnt: the passages' counts of
            // learnt shingles are what they were.
            return;
        }
        for i in 0..self.passages.len() {
            self.passages[i].boilerplate = self.is_boilerplate(i, bp);
        }
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
        once.filter(&learnt);
        let mut twice = p.clone();
        twice.filter(&unrelated);
        assert!(twice.passages.iter().all(|q| !q.boilerplate));
        assert_eq!(twice.set, p.set);
        twice.filter(&learnt);
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
