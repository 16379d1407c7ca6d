//! [`DedupConfig`]: the knobs of the engine, with documented defaults.

use super::verify::Rule;
use crate::lsh::LshParams;
use crate::minhash::{MinHasher, SignatureParams, Variant};
use crate::shingle::Shingler;
use crate::{Error, Result};

/// Most MinHash values per passage: a passage of at most
/// `passage_max_words` words has no more distinct shingles than that, and
/// choosing the banding of 65,536 values took 40 seconds (a saved index
/// could ask for it).
const MAX_PASSAGE_PERMUTATIONS: usize = 1024;

/// Configuration of a [`Deduper`](super::Deduper).
///
/// The defaults are chosen from how news reprints behave, not tuned on a
/// corpus; each field says why. Set fields with struct update syntax:
///
/// ```
/// let config = reprint::DedupConfig { window: Some(2 * 86_400), ..Default::default() };
/// assert!(reprint::Deduper::new(config).is_ok());
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DedupConfig {
    /// Words per shingle. Default 5: long enough that two independent stories
    /// of one event share almost none (a shared quote gives a handful), short
    /// enough that an edited word spoils only 5 shingles.
    pub shingle_size: usize,
    /// When not 0, the shingles are character n-grams of this many
    /// characters instead of word shingles: one at the start of each word,
    /// over the text's words written without spaces (lower-cased, as the
    /// tokenizer normalizes them). Default 0 (word shingles). For OCR'd
    /// and lightly garbled text: a character misread breaks every word
    /// shingle over it (five words, about 30 characters) but only the
    /// n-grams over it, and a word split or two words joined by the
    /// scanner change one start at most. There is one shingle per word
    /// either way, so every count below keeps its meaning. Shorter n-grams
    /// survive more noise and find more stock phrases: 12 covers two or
    /// three words. See BENCHMARKS.md ("Reuse of every size") for recall
    /// both ways. From 4 to 64; `shingle_size` is unused then.
    pub shingle_chars: usize,
    /// Paragraphs shorter than this (in words) are merged with the next one
    /// into one passage. Default 20: a one-line caption or dateline says
    /// nothing on its own, but a brief or a one-paragraph lead merged with
    /// an outlet's own text collides too rarely with the wire's. On the
    /// test kit's corpora, 20 against 40 (with `passage_max_words` 80):
    /// briefs found 0.63 → 0.75, reprints keeping 10–20% 0.78 → 0.87, all
    /// reprints of the standard corpus 0.989 → 0.995, precision up, the
    /// same speed, and the index 18% larger (2.4 KB per 870-word article
    /// against 2.0 KB; `passage_max_words` 40 as well would take 3.9 KB).
    pub passage_min_words: usize,
    /// Paragraphs longer than this are cut into windows of this many words.
    /// Default 80: a long paragraph is indexed as several passages, so a
    /// reprint that keeps half of it still matches one.
    pub passage_max_words: usize,
    /// MinHash values per passage. Default 12: passages are short (20–80
    /// words), so a small one-permutation signature estimates them as well
    /// as their few shingles allow, and keeps the index small. At most 1,024.
    pub passage_num_perm: usize,
    /// Jaccard similarity at which two passages should share an LSH band.
    /// Default 0.3: an edited or split paragraph keeps 0.4–0.8 of its
    /// shingles; unrelated passages share none, so a low threshold costs
    /// little. With 12 values this gives 6 bands of 2 rows: a passage pair
    /// at Jaccard 0.3 is found by the bands with probability 0.43, at 0.5
    /// with 0.82 (the anchors below find most of the rest).
    pub passage_threshold: f64,
    /// Whether each passage is also indexed under two exact *anchors*: its
    /// first and its last shingle. Default true. Outlets copy whole
    /// paragraphs, and a passage starts and ends at a paragraph's edge, so
    /// a copied passage keeps its anchors unless an edit falls on its first
    /// or last words, however much its middle was edited or misread, where
    /// the bands need most of its shingles intact. An anchor held by
    /// [`boilerplate_docs`](Self::boilerplate_docs) documents or more (a
    /// stock opening, an outlet's standing line) is too common to be
    /// evidence and makes no candidates; the bands still judge those
    /// passages. On the test kit's reuse corpus (see BENCHMARKS.md, "Reuse
    /// of every size"), 6 bands and the anchors against the 8 bands of 16
    /// values before them: the same number of index keys, briefs copied
    /// with two edits found 0.970 → 0.988, OCR'd reprints 0.863 → 0.944,
    /// reports of one template 0.86 → 0.97, at the same precision.
    pub passage_anchors: bool,
    /// Seed of the passage MinHash.
    pub seed: u64,
    /// Passages of the new document that must hit another document for it to
    /// become a candidate. Default 1 (every candidate is verified exactly).
    pub min_shared_passages: usize,
    /// Distinct shingles two documents share, outside boilerplate, that
    /// relate them whatever their lengths. Default 25: a run of about 30
    /// words, two sentences. Independent reports of one event that share a
    /// quote share fewer (at most 4 between any two seed stories; a
    /// 14-word quote is 10).
    pub min_shared_shingles: usize,
    /// Share of the smaller document's shingles that relates two documents
    /// however few that is (down to 4 shingles, an eight-word run): the
    /// evidence for texts too short for
    /// [`min_shared_shingles`](Self::min_shared_shingles). Default 0.3: a
    /// 20-word brief (16 shingles) copied with two word edits keeps at least
    /// 6 of them (each edit breaks at most 5), 0.375; a long document never
    /// reaches it by stock phrases.
    pub min_shared_share: f64,
    /// Share of either document's shingles that must be found in the other
    /// for related documents to be a [`Reprint`](super::Relation::Reprint)
    /// when they share at least
    /// [`min_reprint_shingles`](Self::min_reprint_shingles); below it they
    /// share a passage ([`SharedPassage`](super::Relation::SharedPassage)).
    /// Default 0.15: a reprint that keeps 30% of a wire story and edits it
    /// keeps about a quarter of its shingles (the seeds' reprint 001 holds
    /// 15% of its source, and 25% of it is the source's); an outlet footer
    /// shared by two unrelated articles is usually well under this, and is
    /// learnt as boilerplate anyway.
    pub min_containment: f64,
    /// Shared shingles from which [`min_containment`](Self::min_containment)
    /// makes a reprint. With fewer, the shared text is a reprint only when
    /// it is at least [`min_shared_share`](Self::min_shared_share) of the
    /// smaller document (a brief copied whole, a short story). Default 100,
    /// about 100 words: more than a news paragraph runs (most run 20–80
    /// words). One paragraph that two full stories share (the background
    /// paragraph a follow-up repeats, a passage quoted) is then a shared
    /// passage however short the stories, while a reprint that keeps two
    /// paragraphs of a story is a reprint. On the test kit's reuse corpus
    /// (BENCHMARKS.md, "Reuse of every size"): follow-ups labelled reprint
    /// 10 of 60 → 0; reprints keeping 10–20% of a story labelled reprint
    /// 0.97 → 0.81 (the others are found as shared passages). 0 makes
    /// `min_containment` alone decide.
    pub min_reprint_shingles: usize,
    /// Jaccard similarity from which two documents are a
    /// [`Duplicate`](super::Relation::Duplicate). Default 0.8.
    pub duplicate_jaccard: f64,
    /// Index buckets (passages that collide) holding passages of this
    /// many documents are judged, on a sample of 16 of them, to be one
    /// story's or boilerplate (a footer, a comment policy, a newsletter
    /// box: text that many otherwise unrelated articles repeat). Default 16.
    /// Below it, shared text always counts: a footer shared by a handful
    /// of articles makes them share a passage. At it, a story's copies are
    /// told from a footer's hosts by what else they share (see
    /// [`boilerplate_clusters`](Self::boilerplate_clusters)). Lower finds
    /// footers in smaller feeds and judges more wire stories; a story whose
    /// copies keep little of it and add much of their own text can then be
    /// taken for boilerplate.
    pub boilerplate_docs: usize,
    /// A judged bucket (see [`boilerplate_docs`](Self::boilerplate_docs))
    /// whose sampled documents are of this many different stories is
    /// boilerplate: it stops making candidates, and the shingles that
    /// documents of this many stories hold stop counting as shared text.
    /// Two sampled documents are of one story when either is at least
    /// [`strong_link_containment`](Self::strong_link_containment) contained
    /// in the other, or when they are related once the text most of the
    /// sample shares is left out. Default 4. A wire story reprinted by
    /// hundreds of outlets is not affected: its reprints are of one story.
    /// A paragraph that many unrelated stories repeat word for word (a
    /// background paragraph pasted into each story of a series) is learnt
    /// too.
    pub boilerplate_clusters: usize,
    /// See [`boilerplate_clusters`](Self::boilerplate_clusters). Default
    /// 0.5: a document that is half another's text is a copy of it, not an
    /// article with the same footer.
    pub strong_link_containment: f64,
    /// When set, two documents published more than this many seconds
    /// apart are never paired, and a batch first evicts every document
    /// published more than this before the newest of the batch. Documents
    /// without a timestamp pair with all and are never evicted by time.
    /// Default `None`.
    pub window: Option<i64>,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            shingle_size: 5,
            shingle_chars: 0,
            passage_min_words: 20,
            passage_max_words: 80,
            passage_num_perm: 12,
            passage_threshold: 0.3,
            passage_anchors: true,
            seed: 1,
            min_shared_passages: 1,
            min_shared_shingles: 25,
            min_shared_share: 0.3,
            min_containment: 0.15,
            min_reprint_shingles: 100,
            duplicate_jaccard: 0.8,
            boilerplate_docs: 16,
            boilerplate_clusters: 4,
            strong_link_containment: 0.5,
            window: None,
        }
    }
}

impl DedupConfig {
    /// The verification rule of this config.
    pub(crate) fn rule(&self) -> Rule {
        Rule {
            min_shared: self.min_shared_shingles,
            min_shared_share: self.min_shared_share,
            min_containment: self.min_containment,
            min_reprint_shared: self.min_reprint_shingles,
            duplicate_jaccard: self.duplicate_jaccard,
        }
    }
}

/// The derived machinery of a valid config.
#[derive(Debug, Clone)]
pub(crate) struct Machinery {
    pub shingler: Shingler,
    /// Characters per shingle, or 0 for word shingles.
    pub chars: usize,
    pub minhasher: MinHasher,
    /// The banding of a passage's signature.
    pub lsh: LshParams,
    /// Anchors per passage: [`ANCHORS`] or 0.
    pub anchors: usize,
}

/// Anchors of a passage when
/// [`passage_anchors`](DedupConfig::passage_anchors) is set: its first and
/// its last shingle.
pub(crate) const ANCHORS: usize = 2;

impl Machinery {
    /// Index keys per passage: its band keys, then its anchors.
    pub fn keys_per_passage(&self) -> usize {
        self.lsh.bands + self.anchors
    }

    /// Whether the keys of index band `band` are anchors, not band keys.
    pub fn is_anchor_band(&self, band: usize) -> bool {
        band >= self.lsh.bands
    }

    /// The parameters of the passage index: a band per key of a passage.
    pub fn index_params(&self) -> LshParams {
        LshParams {
            bands: self.keys_per_passage(),
            rows: self.lsh.rows,
        }
    }
}

impl DedupConfig {
    /// Checks the shingle fields and builds the shingler: with the
    /// characters per shingle (0 for words), all that shingling a text
    /// takes.
    pub(crate) fn shingling(&self) -> Result<(Shingler, usize)> {
        let shingler = Shingler::new(self.shingle_size).map_err(renamed("shingle_size"))?;
        if self.shingle_chars != 0 && !(4..=64).contains(&self.shingle_chars) {
            return Err(Error::config(
                "shingle_chars",
                self.shingle_chars,
                "0 (word shingles) or 4 to 64",
            ));
        }
        Ok((shingler, self.shingle_chars))
    }

    /// Checks every field and builds the hashers.
    pub(crate) fn machinery(&self) -> Result<Machinery> {
        let (shingler, _) = self.shingling()?;
        if self.passage_min_words == 0 {
            return Err(Error::config("passage_min_words", 0, "at least 1"));
        }
        if self.passage_max_words < self.passage_min_words {
            return Err(Error::config(
                "passage_max_words",
                self.passage_max_words,
                "at least passage_min_words",
            ));
        }
        if self.passage_num_perm > MAX_PASSAGE_PERMUTATIONS {
            return Err(Error::config(
                "passage_num_perm",
                self.passage_num_perm,
                "at most 1024",
            ));
        }
        let minhasher = MinHasher::from_params(SignatureParams {
            num_perm: self.passage_num_perm,
            seed: self.seed,
            variant: Variant::OnePermutation,
        })
        .map_err(renamed("passage_num_perm"))?;
        let lsh = LshParams::for_threshold(self.passage_threshold, self.passage_num_perm).map_err(
            |e| match e {
                Error::InvalidConfig {
                    param: "threshold", ..
                } => renamed("passage_threshold")(e),
                e => renamed("passage_num_perm")(e),
            },
        )?;
        if self.min_shared_passages == 0 {
            return Err(Error::config("min_shared_passages", 0, "at least 1"));
        }
        if self.min_shared_shingles == 0 {
            return Err(Error::config("min_shared_shingles", 0, "at least 1"));
        }
        for (name, v) in [
            ("min_shared_share", self.min_shared_share),
            ("min_containment", self.min_containment),
            ("duplicate_jaccard", self.duplicate_jaccard),
            ("strong_link_containment", self.strong_link_containment),
        ] {
            if !(v > 0.0 && v <= 1.0) {
                return Err(Error::config(name, v, "in (0, 1]"));
            }
        }
        if self.boilerplate_clusters < 2 {
            return Err(Error::config(
                "boilerplate_clusters",
                self.boilerplate_clusters,
                "at least 2",
            ));
        }
        if self.boilerplate_docs < self.boilerplate_clusters {
            return Err(Error::config(
                "boilerplate_docs",
                self.boilerplate_docs,
                "at least boilerplate_clusters",
            ));
        }
        if let Some(w) = self.window {
            if w < 0 {
                return Err(Error::config("window", w, "at least 0 seconds"));
            }
        }
        Ok(Machinery {
            shingler,
            chars: self.shingle_chars,
            minhasher,
            lsh,
            anchors: if self.passage_anchors { ANCHORS } else { 0 },
        })
    }
}

/// An [`Error::InvalidConfig`] from a building block, renamed to the
/// config field the caller set (`shingle_size`, not the shingler's `k`).
fn renamed(field: &'static str) -> impl Fn(Error) -> Error {
    move |e| match e {
        Error::InvalidConfig {
            value, expected, ..
        } => Error::InvalidConfig {
            param: field,
            value,
            expected,
        },
        e => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_bad_values_are_named() {
        let m = DedupConfig::default().machinery().unwrap();
        assert_eq!((m.lsh.bands, m.lsh.rows, m.anchors), (6, 2, 2));
        assert_eq!(m.index_params().bands, 8);
        let bad = |f: fn(&mut DedupConfig)| {
            let mut c = DedupConfig::default();
            f(&mut c);
            match c.machinery() {
                Err(Error::InvalidConfig { param, .. }) => param,
                other => panic!("expected an error, got {other:?}"),
            }
        };
        assert_eq!(bad(|c| c.shingle_size = 0), "shingle_size");
        assert_eq!(bad(|c| c.passage_num_perm = 0), "passage_num_perm");
        assert_eq!(bad(|c| c.passage_num_perm = 1025), "passage_num_perm");
        assert_eq!(bad(|c| c.passage_threshold = 1.5), "passage_threshold");
        assert_eq!(bad(|c| c.passage_max_words = 5), "passage_max_words");
        assert_eq!(bad(|c| c.min_containment = 0.0), "min_containment");
        assert_eq!(bad(|c| c.boilerplate_clusters = 1), "boilerplate_clusters");
        assert_eq!(bad(|c| c.boilerplate_docs = 3), "boilerplate_docs");
        assert_eq!(bad(|c| c.window = Some(-1)), "window");
        assert_eq!(bad(|c| c.shingle_chars = 3), "shingle_chars");
        assert_eq!(bad(|c| c.shingle_chars = 65), "shingle_chars");
    }
}
