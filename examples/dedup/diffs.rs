//! Paragraph diffs of every reprint against its cluster's source.

use rayon::prelude::*;
use reprint::diff::{align, AlignConfig, Alignment};

use crate::input::Input;
use crate::matching::{progress_bar, Outcome};

/// `diffs[c][r]`: the alignment of reprint `r` of cluster `c` against the
/// cluster's source, or `None` when either text is not at hand (it is only
/// in a loaded index).
pub type Diffs = Vec<Vec<Option<Alignment>>>;

/// Aligns every reprint with its source, in parallel; the result does not
/// depend on the number of threads.
pub fn compute(outcome: &Outcome, input: &Input, quiet: bool) -> Diffs {
    let config = AlignConfig::default();
    let jobs: Vec<(usize, Option<(&str, &str)>)> = outcome
        .clusters
        .iter()
        .enumerate()
        .flat_map(|(c, cluster)| {
            let source = input.doc(&cluster.source).map(|d| d.text.as_str());
            cluster.reprints.iter().map(move |r| {
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
