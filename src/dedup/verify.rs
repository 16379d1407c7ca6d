//! Verification of a candidate pair on exact shingle sets.

use crate::intersect::intersection_len;

/// How two documents are related.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Relation {
    /// Near-identical: Jaccard similarity of the shingle sets at least
    /// [`DedupConfig::duplicate_jaccard`](super::DedupConfig::duplicate_jaccard).
    Duplicate,
    /// A substantial part of one document is found in the other: at least
    /// [`DedupConfig::min_containment`](super::DedupConfig::min_containment)
    /// of the smaller one and more than a paragraph
    /// ([`DedupConfig::min_reprint_shingles`](super::DedupConfig::min_reprint_shingles)),
    /// or [`DedupConfig::min_shared_share`](super::DedupConfig::min_shared_share)
    /// of it however short.
    Reprint,
    /// A passage of one is found in the other, a small share of both: a
    /// background paragraph a follow-up repeats, a passage quoted or pasted
    /// into a long text. Reported as a pair; never joins story clusters.
    SharedPassage,
}

impl Relation {
    /// Whether the relation makes two documents one story: duplicates and
    /// reprints join clusters, shared passages do not.
    pub fn is_story(self) -> bool {
        matches!(self, Relation::Duplicate | Relation::Reprint)
    }
}

impl std::fmt::Display for Relation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Relation::Duplicate => "duplicate",
            Relation::Reprint => "reprint",
            Relation::SharedPassage => "shared_passage",
        })
    }
}

/// Fewest shared shingles that count as evidence through
/// [`Rule::min_shared_share`] alone: four 5-shingles are an eight-word
/// run, longer than the stock phrases two unrelated short items share.
pub(crate) const MIN_SHORT_SHARED: usize = 4;

/// When an overlap relates two documents, and how: the verification
/// thresholds of [`DedupConfig`](super::DedupConfig).
///
/// Evidence scales with the text: two documents are related when they
/// share an absolute amount of text (`min_shared` shingles, about two
/// sentences) *or* a large share of the smaller one (`min_shared_share`, so
/// that a 25-word brief copied with a typo, which has fewer shingles than
/// `min_shared`, is still found). Related documents are duplicates when
/// their sets are nearly equal, reprints when the shared text is a large
/// share of the smaller (`min_shared_share`) or a substantial share
/// (`min_containment`) longer than a paragraph (`min_reprint_shared`), and
/// otherwise share a passage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rule {
    pub min_shared: usize,
    pub min_shared_share: f64,
    pub min_containment: f64,
    pub min_reprint_shared: usize,
    pub duplicate_jaccard: f64,
}

/// The exact overlap of two documents' shingle sets (boilerplate
/// excluded): the figures every result of the engine carries ([`Match`],
/// [`Pair`], [`ClusterReprint`]), each saying which document is `a` and
/// which is `b`.
///
/// [`Match`]: super::Match
/// [`Pair`]: super::Pair
/// [`ClusterReprint`]: super::ClusterReprint
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Overlap {
    /// Distinct shingles both documents hold.
    pub shared: usize,
    /// Containment of `a` in `b`: the share of `a`'s shingles found in `b`.
    pub a_in_b: f64,
    /// Containment of `b` in `a`: the share of `b`'s shingles found in `a`.
    pub b_in_a: f64,
    /// Jaccard similarity of the two sets.
    pub jaccard: f64,
}

impl Overlap {
    /// The same overlap seen from the other side: `a` and `b` swapped.
    pub fn swapped(self) -> Overlap {
        Overlap {
            a_in_b: self.b_in_a,
            b_in_a: self.a_in_b,
            ..self
        }
    }

    /// The overlap of two shingle sets, each sorted and without
    /// duplicates (as [`DocFingerprint::set`](super::stages::DocFingerprint::set)
    /// holds them).
    pub fn of(a: &[u32], b: &[u32]) -> Overlap {
        Overlap::from_counts(intersection_len(a, b), a.len(), b.len())
    }

    /// Overlap of sets of sizes `len_a` and `len_b` sharing `shared` elements.
    pub(crate) fn from_counts(shared: usize, len_a: usize, len_b: usize) -> Overlap {
        let ratio = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
        Overlap {
            shared,
            a_in_b: ratio(shared, len_a),
            b_in_a: ratio(shared, len_b),
            jaccard: ratio(shared, (len_a + len_b).saturating_sub(shared)),
        }
    }

    /// The relation this overlap shows under `rule`, if any (see
    /// [`Rule`]).
    pub(crate) fn classify(&self, rule: &Rule) -> Option<Relation> {
        // The share of the smaller document found in the larger.
        let of_smaller = self.a_in_b.max(self.b_in_a);
        let evidence = self.shared >= rule.min_shared
            || (self.shared >= MIN_SHORT_SHARED && of_smaller >= rule.min_shared_share);
        if self.shared > 0 && self.jaccard >= rule.duplicate_jaccard {
            Some(Relation::Duplicate)
        } else if !evidence {
            None
        } else if of_smaller >= rule.min_containment
            && (self.shared >= rule.min_reprint_shared || of_smaller >= rule.min_shared_share)
        {
            Some(Relation::Reprint)
        } else {
            Some(Relation::SharedPassage)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(min_shared: usize, min_containment: f64) -> Rule {
        Rule {
            min_shared,
            min_shared_share: 0.3,
            min_containment,
            min_reprint_shared: 25,
            duplicate_jaccard: 0.8,
        }
    }

    #[test]
    fn classification() {
        let a: Vec<u32> = (0..100).collect();
        let o = Overlap::of(&a, &a);
        assert_eq!(o.classify(&rule(25, 0.15)), Some(Relation::Duplicate));
        let b: Vec<u32> = (70..400).collect(); // shares 30 of a's 100
        let o = Overlap::of(&a, &b);
        assert_eq!(o.shared, 30);
        assert_eq!(o.classify(&rule(25, 0.15)), Some(Relation::Reprint));
        // 30% of the smaller is evidence on its own.
        assert_eq!(o.classify(&rule(31, 0.15)), Some(Relation::Reprint));
        assert_eq!(o.classify(&rule(25, 0.5)), Some(Relation::SharedPassage));
        // A passage of 30 shingles in two long documents.
        let long_a: Vec<u32> = (0..1000).collect();
        let long_b: Vec<u32> = (970..3000).collect();
        let o = Overlap::of(&long_a, &long_b);
        assert_eq!(o.classify(&rule(25, 0.15)), Some(Relation::SharedPassage));
        assert_eq!(o.classify(&rule(31, 0.15)), None);
    }

    /// One paragraph's worth shared by two longer texts is a shared passage
    /// even at a substantial share of the smaller; more is a reprint.
    #[test]
    fn a_paragraph_is_a_passage_and_more_is_a_reprint() {
        let rule = Rule {
            min_reprint_shared: 100,
            ..rule(25, 0.15)
        };
        let follow_up: Vec<u32> = (0..400).collect();
        let original: Vec<u32> = (320..1000).collect(); // 80 shared, 0.2 of the smaller
        let o = Overlap::of(&follow_up, &original);
        assert_eq!(o.classify(&rule), Some(Relation::SharedPassage));
        let reprint: Vec<u32> = (280..1000).collect(); // 120 shared, 0.3 of the smaller
        assert_eq!(
            Overlap::of(&follow_up, &reprint).classify(&rule),
            Some(Relation::Reprint)
        );
        let two_paragraphs: Vec<u32> = (0..600).chain(5000..5110).collect(); // 110, 0.18
        let o = Overlap::of(&two_paragraphs, &(490..3000).collect::<Vec<u32>>());
        assert!(
            o.b_in_a < 0.15 && o.a_in_b < 0.3 && o.a_in_b >= 0.15,
            "{o:?}"
        );
        assert_eq!(o.classify(&rule), Some(Relation::Reprint));
    }

    /// A short text is related by a share of it, down to four shingles.
    #[test]
    fn short_texts_are_related_by_their_share() {
        let brief: Vec<u32> = (0..16).collect();
        let copy: Vec<u32> = (0..6).chain(100..400).collect(); // 6 of 16 kept
        let o = Overlap::of(&brief, &copy);
        assert_eq!(o.classify(&rule(25, 0.15)), Some(Relation::Reprint));
        let phrase: Vec<u32> = (0..3).chain(100..400).collect(); // 3 shared
        assert_eq!(Overlap::of(&brief, &phrase).classify(&rule(25, 0.15)), None);
        let headline: Vec<u32> = (0..4).collect();
        assert_eq!(
            Overlap::of(&headline, &headline).classify(&rule(25, 0.15)),
            Some(Relation::Duplicate)
        );
    }
}
