//! Paragraph diffs of every reprint against its cluster's source.

use rayon::prelude::*;
use reprint::diff::{AlignConfig, AlignSource, Alignment, Kind};
use reprint::{Cluster, ClusterReprint, Deduper, Tokenizer};

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
    let reprints = outcome.clusters.iter().map(|c| c.reprints.len()).sum();
    let bar = progress_bar(reprints, quiet, "diffing");
    let diffs = (outcome.clusters.par_iter())
        .map(|cluster| {
            let diffs = of_cluster(
                cluster,
                |id| input.doc(id).map(|d| d.text.as_str()),
                deduper,
            );
            bar.inc(cluster.reprints.len() as u64);
            diffs
        })
        .collect();
    bar.finish_and_clear();
    diffs
}

/// The diffs of `cluster`'s reprints (see [`compute`]), with `text` giving
/// each document's text when it is at hand. The source is analyzed and
/// indexed once ([`AlignSource`]); the reprints are aligned in parallel.
pub fn of_cluster<'t>(
    cluster: &Cluster,
    text: impl Fn(&str) -> Option<&'t str> + Sync,
    deduper: &Deduper,
) -> Vec<Option<Diff>> {
    let (tokenizer, config) = (Tokenizer::new(), AlignConfig::default());
    let source_text = text(&cluster.source);
    let analysis = source_text.map(|t| tokenizer.analyze(t));
    let source = (source_text.zip(analysis.as_ref())).map(|(t, a)| AlignSource::new(t, a, &config));
    (cluster.reprints.par_iter())
        .map(|r| {
            let reprint = text(&r.id)?;
            let reprint_analysis = tokenizer.analyze(reprint);
            let alignment = match &r.via {
                None => source.as_ref()?.align(reprint, &reprint_analysis),
                Some(id) => {
                    let t = text(id)?;
                    let via = tokenizer.analyze(t);
                    AlignSource::new(t, &via, &config).align(reprint, &reprint_analysis)
                }
            };
            Some(diff(alignment, reprint, deduper))
        })
        .collect()
}

/// The diff of `reprint` aligned as `alignment`.
fn diff(alignment: Alignment, reprint: &str, deduper: &Deduper) -> Diff {
    let boilerplate = (alignment.paragraphs.iter())
        .map(|p| {
            p.kind == Kind::Added
                && reprint
                    .get(p.start..p.end)
                    .is_some_and(|text| deduper.boilerplate_share(text) >= BOILERPLATE_SHARE)
        })
        .collect();
    Diff {
        alignment,
        boilerplate,
    }
}
