//! Paragraph diffs of every reprint against its cluster's source.

use rayon::prelude::*;
use reprint::diff::{align, AlignConfig, Alignment, Kind};
use reprint::{Cluster, ClusterReprint, Deduper};

use crate::input::Input;
use crate::matching::{progress_bar, Outcome};

/// `diffs[c][r]`: the diff of reprint `r` of cluster `c` against the
/// document it is compared with (see [`against`]), or `None` when either
/// text is not at hand (it is only in a loaded index).
pub type Diffs = Vec<Vec<Option<Diff>>>;

/// A reprint's paragraph alignment, and which of its added paragraphs are
/// boilerplate the engine has learnt (an outlet's newsletter box or comment
/// policy, seen in many documents), not text the outlet wrote.
#[derive(Debug)]
pub struct Diff {
    /// The alignment.
    pub alignment: Alignment,
    /// Per reprint paragraph: added, and half or more of its shingles
    /// learnt boilerplate ([`Deduper::boilerplate_share`]).
    pub boilerplate: Vec<bool>,
}

impl Diff {
    /// Added paragraphs that are learnt boilerplate.
    pub fn boilerplate_paragraphs(&self) -> usize {
        self.boilerplate.iter().filter(|&&b| b).count()
    }
}

/// The share of learnt boilerplate shingles from which an added paragraph
/// is shown as boilerplate.
const BOILERPLATE_SHARE: f64 = 0.5;

/// The document reprint `r` of `cluster` is aligned against: the source,
/// or, for a member related to the cluster only through another member,
/// that member.
pub fn against<'a>(cluster: &'a Cluster, r: &'a ClusterReprint) -> &'a str {
    r.via.as_deref().unwrap_or(&cluster.source)
}

/// Aligns every reprint with the document it is compared with (see
/// [`against`]), in parallel; the result does not depend on the number of
/// threads.
pub fn compute(outcome: &Outcome, input: &Input, deduper: &Deduper, quiet: bool) -> Diffs {
    let config = AlignConfig::default();
    let jobs: Vec<(usize, Option<(&str, &str)>)> = outcome
        .clusters
        .iter()
        .enumerate()
        .flat_map(|(c, cluster)| {
            cluster.reprints.iter().map(move |r| {
                let source = input.doc(against(cluster, r)).map(|d| d.text.as_str());
                let texts = match (source, input.doc(&r.id)) {
                    (Some(s), Some(d)) => Some((s, d.text.as_str())),
                    _ => None,
                };
                (c, texts)
            })
        })
        .collect();
    let bar = progress_bar(jobs.len(), quiet, "diffing");
    let aligned: Vec<(usize, Option<Diff>)> = jobs
        .par_iter()
        .map(|&(c, texts)| {
            let diff = texts.map(|(source, reprint)| {
                let alignment = align(source, reprint, &config);
                let boilerplate = (alignment.paragraphs.iter())
                    .map(|p| {
                        p.kind == Kind::Added
                            && reprint.get(p.start..p.end).is_some_and(|text| {
                                deduper.boilerplate_share(text) >= BOILERPLATE_SHARE
                            })
                    })
                    .collect();
                Diff {
                    alignment,
                    boilerplate,
                }
            });
            bar.inc(1);
            (c, diff)
        })
        .collect();
    bar.finish_and_clear();
    let mut diffs: Diffs = outcome.clusters.iter().map(|_| Vec::new()).collect();
    for (c, a) in aligned {
        diffs[c].push(a);
    }
    diffs
}
