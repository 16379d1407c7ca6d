//! Index buckets that hold passages of many documents: the passage of one
//! story (a wire story's reprints), or boilerplate (a footer, a comment
//! policy, a newsletter box) that would otherwise link everything it is in.
//!
//! A bucket holding passages of at least
//! [`boilerplate_docs`](crate::DedupConfig::boilerplate_docs) documents is
//! judged on a sample of them: the [`SAMPLE`] documents whose ids hash
//! lowest (a choice that does not depend on the order they came in). The text that recurs in the sample is what `boilerplate_clusters` of
//! its documents or more hold. Two sampled documents are of one story when
//! they are related by the verification rule on what remains once the
//! recurring text is left out, or when both are copies of the recurring
//! text (at least
//! [`strong_link_containment`](crate::DedupConfig::strong_link_containment)
//! of each is recurring text: a viral story's copies; briefs that are
//! mostly their footer). Footers are all their hosts share (an outlet's,
//! its media group's, a wire's credit line: each recurs at its own rate);
//! reprints of one story share more, or are copies of it. If the sample spans at
//! least [`boilerplate_clusters`](crate::DedupConfig::boilerplate_clusters)
//! stories, the bucket is boilerplate: it makes no candidates, and the
//! shingles that documents of that many stories hold are learnt (they stop
//! counting as shared text everywhere).
//!
//! A common bucket of anchors (see
//! [`passage_anchors`](crate::DedupConfig::passage_anchors)) is not judged:
//! it is dropped, as a boilerplate bucket that teaches nothing.

use crate::dedup::corpus::{Corpus, SharedBucket};
use crate::dedup::stages::SAMPLE;

/// A common bucket: band, key, the documents it holds and its sample.
struct Common {
    band: usize,
    key: u32,
    docs: Vec<u32>,
    /// Empty for a dropped bucket (a common one of anchors); a judged
    /// bucket's sample holds `boilerplate_docs` (at least 2) documents.
    sample: Vec<u32>,
}

/// Judges the `shared` buckets (holding two passages or more, one of them
/// the batch's: see [`Corpus::index_passages`]) that hold passages of many
/// documents; learns the boilerplate found and drops it from the sets of
/// the documents that hold it (the batch's documents are those from
/// `first` on).
pub(super) fn judge(corpus: &mut Corpus, shared: Vec<SharedBucket>, first: u32, parallel: bool) {
    let many = corpus.config().boilerplate_docs;
    let held: &Corpus = corpus;
    // A bucket judged boilerplate stays so: only new common buckets, and
    // those judged one story's, are judged (again). Most shared buckets
    // hold too few passages to be common, and are not walked.
    let common: Vec<Common> = crate::par::filter_map(&shared, parallel, |b| {
        let (band, key) = (b.band as usize, b.key);
        if !held.may_hold(band, key, b.held, many)
            || held.is_boilerplate_bucket(band, key)
            || !held.bucket_holds(band, key, many)
        {
            return None;
        }
        let mut docs = Vec::new();
        if held.stages().is_dropped(band, many) {
            // An anchor this common: dropped, no sample to judge.
            return Some(Common {
                band,
                key,
                docs,
                sample: Vec::new(),
            });
        }
        held.bucket_docs(band, key, &mut docs);
        let sample = sample(held, &docs);
        Some(Common {
            band,
            key,
            docs,
            sample,
        })
    });
    if common.is_empty() {
        return;
    }
    let (dropped, mut common): (Vec<Common>, Vec<Common>) =
        common.into_iter().partition(|c| c.sample.is_empty());
    let mut marks: Vec<(usize, u32, bool)> =
        dropped.iter().map(|c| (c.band, c.key, true)).collect();
    // The buckets of one footer have one sample: judged once.
    common.sort_unstable_by(|x, y| x.sample.cmp(&y.sample));
    let groups: Vec<&[Common]> = common.chunk_by(|x, y| x.sample == y.sample).collect();
    let verdicts: Vec<Option<Vec<u32>>> =
        crate::par::map(&groups, parallel, |g| boilerplate_of(held, &g[0].sample));
    let (mut learnt, mut holders) = (Vec::new(), Vec::new());
    for (g, verdict) in groups.iter().zip(&verdicts) {
        for c in g.iter() {
            marks.push((c.band, c.key, verdict.is_some()));
            if let Some(shingles) = verdict {
                learnt.extend_from_slice(shingles);
                holders.extend(c.docs.iter().copied().filter(|&d| d < first));
            }
        }
    }
    learnt.sort_unstable();
    learnt.dedup();
    for (band, key, boilerplate) in marks {
        corpus.mark_bucket(band, key, boilerplate);
    }
    if !learnt.is_empty() {
        corpus.learn(&learnt, &holders, first);
    }
}

/// The [`SAMPLE`] documents of `docs` whose ids hash lowest, sorted.
fn sample(corpus: &Corpus, docs: &[u32]) -> Vec<u32> {
    let mut by_key: Vec<u32> = docs.to_vec();
    let order = |x: &u32, y: &u32| corpus.sample_key(*x).cmp(&corpus.sample_key(*y));
    if by_key.len() > SAMPLE {
        by_key.select_nth_unstable_by(SAMPLE, order);
        by_key.truncate(SAMPLE);
    }
    by_key.sort_unstable();
    by_key
}

/// The verdict on a common bucket with this `sample`: see
/// [`Stages::boilerplate`](crate::stages::Stages::boilerplate).
fn boilerplate_of(corpus: &Corpus, sample: &[u32]) -> Option<Vec<u32>> {
    let sets: Vec<&[u32]> = sample.iter().map(|&d| corpus.set(d)).collect();
    corpus.stages().boilerplate(&sets)
}
