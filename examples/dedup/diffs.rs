//! Paragraph diffs of every reprint against its cluster's source.

use rayon::prelude::*;
use reprint::diff::{align, AlignConfig, Alignment};
use reprint::{Cluster, ClusterReprint};

use crate::input::Input;
use crate::matching::{progress_bar, Outcome};

/// `diffs[c][r]`: the alignment of reprint `r` of cluster `c` against the
/// document it is compared with (see [`against`]), or `None` when either
/// text is not at hand (it is only in a loaded index).
pub type Diffs = Vec<Vec<Option<Alignment>>>;

/// The document reprint `r` of `cluster` is aligned against: the source,
/// or, for a member related to the cluster only through another member,
/// that member.
pub fn against<'a>(cluster: &'a Cluster, r: &'a ClusterReprint) -> &'a str {
    r.via.as_deref().unwrap_or(&cluster.source)
}

/// Aligns every reprint with the document it is compared with (see
/// [`against`]), in parallel; the result does not depend on the number of
/// threads.
pub fn compute(outcome: &Outcome, input: &Input, quiet: bool) -> Diffs {
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
    let aligned: Vec<(usize, Option<Alignment>)> = jobs
        .par_iter()
        .map(|&(c, texts)| {
            let a = texts.map(|(s, r)| align(s, r, &config));
            bar.inc(1);
            (c, a)
        })
        .collect();
    bar.finish_and_clear();
    let mut diffs: Diffs = outcome.clusters.iter().map(|_| Vec::new()).collect();
    for (c, a) in aligned {
        diffs[c].push(a);
    }
    diffs
}
