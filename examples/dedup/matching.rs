//! Feeding the documents to the engine, and what it found.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use reprint::dedup::Pair;
use reprint::stages::DocFingerprint;
use reprint::{Cluster, CopyGroup, Deduper, Document, Held};

use crate::input::{BoxError, Input};

/// More documents than this get a progress bar (when stderr is a terminal).
pub const PROGRESS_FROM: usize = 2000;

/// What the engine found about the documents read in this run.
#[derive(Debug)]
pub struct Outcome {
    /// Clusters with at least one member read in this run, in the engine's
    /// order (by first member added).
    pub clusters: Vec<Cluster>,
    /// Verified pairs with at least one side read in this run, when asked
    /// for (`--json`), but those of copies of one text; `--pairs` streams
    /// them all from the engine instead.
    pub pairs: Vec<Pair>,
    /// Groups of copies with a member read in this run (each two of them
    /// a pair), when asked for (`--json`).
    pub copies: Vec<CopyGroup>,
    /// Documents read in this run that are in no cluster, in input order.
    pub unmatched: Vec<String>,
    /// Clusters whose members all come from a loaded index (not reported).
    pub old_clusters: usize,
    /// The loaded index and how many documents it held.
    pub loaded: Option<(PathBuf, usize)>,
    /// Documents read that the index held with the same text: not added
    /// again.
    pub already_held: usize,
    /// Documents read that replaced the index's under the same id.
    pub replaced: usize,
    /// Documents the time window evicted.
    pub evicted: usize,
}

/// A progress bar on stderr, hidden unless it helps: stderr is a terminal,
/// not `quiet`, and there are more than [`PROGRESS_FROM`] items.
pub fn progress_bar(len: usize, quiet: bool, what: &'static str) -> ProgressBar {
    shown_bar(
        len as u64,
        quiet || len <= PROGRESS_FROM,
        "{msg:>9} [{bar:40}] {human_pos}/{human_len} ({elapsed} so far, about {eta} left)",
    )
    .with_message(what)
}

/// Inputs larger than this get a progress bar while they are read (when
/// stderr is a terminal).
pub const READ_PROGRESS_FROM: u64 = 64 << 20;

/// A progress bar in bytes on stderr for reading a file of `len` bytes,
/// hidden unless it helps: stderr is a terminal, not `quiet`, and the file
/// holds more than [`READ_PROGRESS_FROM`] bytes.
pub fn reading_bar(len: u64, quiet: bool) -> ProgressBar {
    shown_bar(
        len,
        quiet || len <= READ_PROGRESS_FROM,
        "  reading [{bar:30}] {binary_bytes}/{binary_total_bytes} (about {eta} left)",
    )
}

/// A bar of `len` steps drawn with `template` on stderr, unless `hide` or
/// stderr is not a terminal.
fn shown_bar(len: u64, hide: bool, template: &str) -> ProgressBar {
    if hide || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr()).with_style(style)
}

/// A spinner on stderr for work that reports no progress, hidden unless
/// it helps (as [`progress_bar`]).
pub fn spinner(len: usize, quiet: bool, what: &'static str) -> ProgressBar {
    if quiet || len <= PROGRESS_FROM || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
        .with_message(format!("{what} {len} documents"));
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// What a run shows, so what [`run`] collects.
#[derive(Debug, Clone, Copy)]
pub struct Want {
    /// The clusters (the report, `--json`, `--html`).
    pub clusters: bool,
    /// The pairs as a list (`--json`).
    pub pairs: bool,
}

/// Adds every document of `input` to `deduper` as one batch, then collects
/// what `want` asks for: the clusters that involve them (and so the
/// documents in none), the pairs. `loaded` names the index the
/// engine was loaded from, with its number of documents. A document the
/// index holds with the same text is not added again; with another text,
/// it replaces the index's with `replace`.
///
/// # Errors
///
/// A document whose id the (loaded) index holds with another text,
/// without `replace`.
pub fn run(
    deduper: &mut Deduper,
    input: &Input,
    prints: Option<Vec<DocFingerprint>>,
    loaded: Option<(PathBuf, usize)>,
    replace: bool,
    want: Want,
    quiet: bool,
) -> Result<Outcome, BoxError> {
    let (mut fresh, mut already_held, mut replaced) = (Vec::new(), 0, 0);
    for (i, (doc, origin)) in input.docs.iter().zip(&input.origins).enumerate() {
        let held = match &prints {
            Some(prints) => deduper.held_fingerprint(&prints[i]),
            None => deduper.held(doc),
        };
        match held {
            Held::Absent => fresh.push(i),
            Held::SameText => already_held += 1,
            Held::OtherText if replace => {
                deduper.remove(&doc.id)?;
                replaced += 1;
                fresh.push(i);
            }
            Held::OtherText => {
                let index = match &loaded {
                    Some((path, _)) => format!("the loaded index {}", path.display()),
                    None => "the index".to_string(),
                };
                return Err(format!(
                    "duplicate id {:?} with another text: in {origin} and in {index} \
                     (--replace replaces the index's)",
                    doc.id
                )
                .into());
            }
        }
    }
    // One batch: its answer is the set's, whatever the order of the input
    // (the engine splits the work itself).
    let expected = deduper.len() + fresh.len();
    deduper.reserve(fresh.len())?;
    let spinner = spinner(fresh.len(), quiet, "matching");
    let all = fresh.len() == input.docs.len();
    match prints {
        Some(prints) if all => deduper.extend_fingerprints(prints)?,
        Some(mut prints) => {
            let keep: std::collections::HashSet<usize> = fresh.into_iter().collect();
            let mut i = 0;
            prints.retain(|_| {
                i += 1;
                keep.contains(&(i - 1))
            });
            deduper.extend_fingerprints(prints)?
        }
        None if all => deduper.extend(&input.docs)?,
        None => {
            let docs: Vec<Document> = fresh.iter().map(|&i| input.docs[i].clone()).collect();
            deduper.extend(&docs)?
        }
    };
    spinner.finish_and_clear();
    // What the window evicted: what was held and what was added, less what
    // is held now.
    let evicted = expected.saturating_sub(deduper.len());

    let here = |id: &str| input.doc(id).is_some();
    let (all_pairs, all_copies) = match want.pairs {
        true => {
            let compact = deduper.compact_pairs();
            (compact.pairs, compact.copies)
        }
        false => (Vec::new(), Vec::new()),
    };
    // Each asks the engine to re-verify its stored pairs: only what is
    // shown is asked for (`--pairs` streams them itself).
    let all_clusters = match want.clusters {
        true => deduper.clusters(),
        false => Vec::new(),
    };
    let (clusters, old): (Vec<Cluster>, Vec<Cluster>) = all_clusters
        .into_iter()
        .partition(|c| c.members.iter().any(|m| here(m)));
    let pairs = all_pairs
        .into_iter()
        .filter(|p| here(&p.a) || here(&p.b))
        .collect();
    let copies = all_copies
        .into_iter()
        .filter(|g| g.ids.iter().any(|id| here(id)))
        .collect();
    let clustered: HashSet<&str> = clusters
        .iter()
        .flat_map(|c| c.members.iter().map(String::as_str))
        .collect();
    let unmatched = input
        .docs
        .iter()
        .filter(|d| !clustered.contains(d.id.as_str()))
        .map(|d| d.id.clone())
        .collect();
    Ok(Outcome {
        clusters,
        pairs,
        copies,
        unmatched,
        old_clusters: old.len(),
        loaded,
        already_held,
        replaced,
        evicted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bar only where it helps: never with --quiet, never for a small
    /// file, never when stderr is not a terminal (as under `cargo test`).
    #[test]
    fn bars_show_only_where_they_help() {
        assert!(reading_bar(READ_PROGRESS_FROM * 2, true).is_hidden());
        assert!(reading_bar(READ_PROGRESS_FROM, false).is_hidden());
        assert!(progress_bar(PROGRESS_FROM, false, "diffing").is_hidden());
        if !std::io::stderr().is_terminal() {
            assert!(reading_bar(READ_PROGRESS_FROM * 2, false).is_hidden());
        }
    }
}
