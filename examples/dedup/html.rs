//! `--html FILE`: self-contained pages (inline CSS, no script, no network)
//! for a whole day: the first page holds a table of contents (one row per
//! cluster: its source's headline, outlet and time, its reprints, its time
//! span); each cluster shows a reuse map (one strip per reprint, one cell
//! per source paragraph: kept, edited or dropped) and, per reprint, source
//! and reprint side by side, collapsed until opened. Clusters go
//! [`CLUSTERS_PER_PAGE`] to a page (`FILE`, then `FILE-2.html`, …) so
//! that a day of ten thousand articles opens at once.
//!
//! Each row of a reprint's table is one reprint paragraph, with the source
//! paragraph(s) it derives from on the left (or nothing, when added); an
//! omitted source paragraph gets a row of its own, placed before the first
//! reprint paragraph that uses a later source paragraph. A source paragraph
//! used twice (split, moved) is shown in full once, and referred to after.
//! Words the reprint dropped or replaced are struck through on the source
//! side; words it inserted or substituted are highlighted on its side.
//!
//! Every piece of text, ids included, goes through [`escape`].

use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use reprint::dedup::ClusterReprint;
use reprint::diff::{EditKind, Kind, Mapping};
use reprint::Cluster;

use crate::diffs::{Diff, Diffs};
use crate::input::Input;
use crate::matching::Outcome;
use crate::report::{
    byline, days_line, duration, found_line, headline, loaded_line, paragraph_summary, percent,
    read_line, skipped_line,
};

const CSS: &str = "
:root { --copied: #dff3e4; --copied-edge: #2e8b57; --edited: #fff3c4; --edited-edge: #b8860b;
        --added: #dde9fb; --added-edge: #3568c0; --omitted: #fbe0e0; --omitted-edge: #b03030; }
body { font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 0 auto; max-width: 1500px;
       padding: 1em 2em; color: #1d1d1f; background: #fff; }
h1 { font-size: 1.6em; margin: 0.2em 0; }
h2 { font-size: 1.3em; border-bottom: 2px solid #444; padding-bottom: 0.2em; margin-top: 2em; }
h3 { font-size: 1.1em; margin: 1.5em 0 0.3em; }
.doc-id { font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace; font-size: 0.95em; }
.figures { margin: 0.15em 0; color: #333; }
.note, .skipped { color: #7a2e7a; }
.legend span, .legend del, .legend ins { padding: 0.1em 0.5em; margin-right: 0.4em; border-radius: 3px; }
table.diff { border-collapse: collapse; width: 100%; table-layout: fixed; margin-top: 0.6em; }
table.diff th { text-align: left; background: #f2f2f2; padding: 0.3em 0.6em; }
table.diff td { vertical-align: top; padding: 0.35em 0.6em; border-top: 1px solid #e4e4e4;
                white-space: pre-wrap; overflow-wrap: anywhere; }
table.diff td.none { background: repeating-linear-gradient(135deg, #fafafa, #fafafa 6px, #f1f1f1 6px, #f1f1f1 12px); }
tr.copied td.rep, tr.copied td.src { background: var(--copied); }
tr.edited td.rep, tr.edited td.src { background: var(--edited); }
tr.added td.rep { background: var(--added); }
tr.boilerplate td.rep { background: #eeeeee; color: #666; }
tr.omitted td.src { background: var(--omitted); color: #5a2020; }
tr.copied td:first-child { border-left: 4px solid var(--copied-edge); }
tr.edited td:first-child { border-left: 4px solid var(--edited-edge); }
tr.added td:first-child { border-left: 4px solid var(--added-edge); }
tr.boilerplate td:first-child { border-left: 4px solid #999; }
tr.omitted td:first-child { border-left: 4px solid var(--omitted-edge); }
.legend .copied { background: var(--copied); } .legend .edited { background: var(--edited); }
.legend .added { background: var(--added); } .legend .omitted { background: var(--omitted); }
.legend .boilerplate { background: #eeeeee; color: #666; }
.pn { font: 0.8em ui-monospace, Menlo, monospace; color: #666; margin-right: 0.4em; white-space: nowrap; }
.label { font-size: 0.8em; color: #555; margin-right: 0.4em; white-space: nowrap; }
.para + .para { margin-top: 0.5em; }
.seen { color: #777; font-style: italic; }
del { background: #f5b5b5; text-decoration: line-through; text-decoration-color: #902020; }
ins { background: #9fe0ae; text-decoration: none; font-weight: 600; }
ul.unmatched { columns: 2; }
nav.pages { margin: 0.8em 0; }
nav.pages a { margin-right: 1em; }
table.toc { border-collapse: collapse; width: 100%; margin: 0.6em 0 1.2em; }
table.toc th, table.toc td { text-align: left; padding: 0.2em 0.6em; border-top: 1px solid #e4e4e4; vertical-align: top; }
table.toc th { background: #f2f2f2; }
table.toc td.n { text-align: right; white-space: nowrap; }
.map { margin: 0.5em 0 0.8em; }
.strip { display: flex; align-items: center; gap: 0.6em; margin: 2px 0; }
.strip .who { flex: 0 0 16em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-size: 0.85em; }
.cells { display: flex; gap: 1px; flex: 1 1 auto; }
.cells i { flex: 1 1 0; max-width: 22px; min-width: 3px; height: 14px; border-radius: 2px; }
.cells i.k { background: var(--copied-edge); } .cells i.e { background: #e0b020; } .cells i.d { background: #e3e3e3; }
.legend i { display: inline-block; width: 14px; height: 12px; border-radius: 2px; margin: 0 0.2em 0 0.5em; vertical-align: -1px; }
.legend i.k { background: var(--copied-edge); } .legend i.e { background: #e0b020; } .legend i.d { background: #e3e3e3; }
details.diff > summary { cursor: pointer; color: #3568c0; margin: 0.3em 0; }
";

/// Clusters per page: a day of 10,000 articles (about 2,000 clusters) makes
/// pages a browser opens at once, where one page of every diff was 83 MB.
pub const CLUSTERS_PER_PAGE: usize = 50;

/// The files of a report of `pages` pages written to `path`: `path`, then
/// `STEM-2.EXT`, `STEM-3.EXT`, … beside it.
pub fn page_paths(path: &Path, pages: usize) -> Vec<PathBuf> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".to_string());
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (0..pages.max(1))
        .map(|k| match k {
            0 => path.to_path_buf(),
            k => path.with_file_name(format!("{stem}-{}{ext}", k + 1)),
        })
        .collect()
}

/// The report as pages, each with the file it goes to (see
/// [`page_paths`]); one page with every cluster when not `split` (the
/// standard output).
pub fn pages(
    inputs: &[PathBuf],
    input: &Input,
    outcome: &Outcome,
    diffs: &Diffs,
    path: &Path,
    split: bool,
) -> Vec<(PathBuf, String)> {
    let per_page = if split {
        CLUSTERS_PER_PAGE
    } else {
        outcome.clusters.len().max(1)
    };
    let n_pages = outcome.clusters.len().div_ceil(per_page).max(1);
    let paths = page_paths(path, n_pages);
    let names: Vec<String> = (paths.iter())
        .map(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    let page_of = |cluster: usize| cluster / per_page;
    let link = |cluster: usize| {
        format!(
            "{}#cluster-{}",
            escape(&names[page_of(cluster)]),
            cluster + 1
        )
    };
    let title = format!(
        "reprint: {} found among {} documents",
        crate::report::plural(outcome.clusters.len(), "cluster"),
        input.stats.documents
    );
    let nav = |k: usize| -> String {
        if n_pages == 1 {
            return String::new();
        }
        let first = k * per_page + 1;
        let last = ((k + 1) * per_page).min(outcome.clusters.len());
        let mut nav = format!(
            "<nav class=\"pages\">Page {} of {n_pages}: clusters {first}–{last}. ",
            k + 1
        );
        if k > 0 {
            let _ = write!(
                nav,
                "<a href=\"{}#contents\">Contents</a>",
                escape(&names[0])
            );
            let _ = write!(
                nav,
                "<a href=\"{}\">← Previous page</a>",
                escape(&names[k - 1])
            );
        }
        if k + 1 < n_pages {
            let _ = write!(nav, "<a href=\"{}\">Next page →</a>", escape(&names[k + 1]));
        }
        nav.push_str("</nav>\n");
        nav
    };
    let mut out = Vec::with_capacity(n_pages);
    for (k, path) in paths.into_iter().enumerate() {
        let mut h = String::new();
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header>\n<h1>Reprints</h1>\n",
            escape(&title),
            if k > 0 { format!(" (page {})", k + 1) } else { String::new() }
        );
        if k == 0 {
            write_front(&mut h, inputs, input, outcome, &link);
        }
        h.push_str(LEGEND);
        h.push_str("</header>\n");
        h.push_str(&nav(k));
        h.push_str("<main>\n");
        let range = k * per_page..((k + 1) * per_page).min(outcome.clusters.len());
        for i in range {
            let empty = Vec::new();
            let cluster_diffs = diffs.get(i).unwrap_or(&empty);
            write_cluster(&mut h, i + 1, &outcome.clusters[i], cluster_diffs, input);
        }
        if k + 1 == n_pages && !outcome.unmatched.is_empty() {
            let _ = writeln!(
                h,
                "<section class=\"unmatched-docs\">\n<h2>Matching nothing ({})</h2>\n<ul class=\"unmatched\">",
                outcome.unmatched.len()
            );
            for id in &outcome.unmatched {
                let _ = writeln!(
                    h,
                    "<li class=\"doc-id\" data-id=\"{0}\">{0}</li>",
                    escape(id)
                );
            }
            h.push_str("</ul>\n</section>\n");
        }
        h.push_str("</main>\n");
        h.push_str(&nav(k));
        h.push_str("</body>\n</html>\n");
        out.push((path, h));
    }
    out
}

/// What the marks and colours mean.
const LEGEND: &str = "<p class=\"legend\">Paragraphs: <span class=\"copied\">copied</span>\
    <span class=\"edited\">edited</span><span class=\"added\">added</span>\
    <span class=\"boilerplate\">added boilerplate (learnt: seen in many documents)</span>\
    <span class=\"omitted\">omitted from the source</span> Words: \
    <del>dropped or replaced</del><ins>inserted or substituted</ins><br>\
    Reuse maps: one strip per reprint, one cell per source paragraph:\
    <i class=\"k\"></i>kept<i class=\"e\"></i>edited<i class=\"d\"></i>dropped</p>\n";

/// The first page's summary lines and table of contents: one row per
/// cluster, linking to it (`link(i)` for cluster `i`).
fn write_front(
    h: &mut String,
    inputs: &[PathBuf],
    input: &Input,
    outcome: &Outcome,
    link: &dyn Fn(usize) -> String,
) {
    let _ = writeln!(
        h,
        "<p class=\"read\">{}</p>",
        escape(&read_line(inputs, &input.stats))
    );
    if let Some(line) = skipped_line(&input.stats) {
        let _ = writeln!(h, "<p class=\"skipped\">{}</p>", escape(&line));
    }
    for line in [loaded_line(outcome), days_line(outcome)]
        .into_iter()
        .flatten()
    {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", escape(&line));
    }
    let _ = writeln!(h, "<p class=\"found\">{}</p>", escape(&found_line(outcome)));
    if outcome.clusters.is_empty() {
        return;
    }
    h.push_str(
        "<table class=\"toc\" id=\"contents\">\n<thead><tr><th>#</th><th>Source</th>\
         <th>Outlet, published</th><th>Reprints</th><th>Time span</th></tr></thead>\n<tbody>\n",
    );
    for (i, c) in outcome.clusters.iter().enumerate() {
        let doc = input.doc(&c.source);
        let title = match doc.and_then(|d| headline(&d.text)) {
            Some(h) => h,
            None => c.source.clone(),
        };
        let times: Vec<i64> = (c.members.iter())
            .filter_map(|m| input.doc(m)?.published)
            .collect();
        let span = match (times.iter().min(), times.iter().max()) {
            (Some(first), Some(last)) if last > first => duration(last - first),
            _ => String::new(),
        };
        let _ = writeln!(
            h,
            "<tr class=\"toc-row\"><td class=\"n\"><a href=\"{}\">{}</a></td>\
             <td><a href=\"{}\" title=\"{}\">{}</a></td><td>{}</td><td class=\"n\">{}</td>\
             <td>{}</td></tr>",
            link(i),
            i + 1,
            link(i),
            escape(&c.source),
            escape(&title),
            escape(&doc.and_then(byline).unwrap_or_default()),
            c.reprints.len(),
            escape(&span)
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

fn write_cluster(
    h: &mut String,
    number: usize,
    cluster: &Cluster,
    diffs: &[Option<Diff>],
    input: &Input,
) {
    let _ = write!(
        h,
        "<section class=\"cluster\" id=\"cluster-{number}\" data-source=\"{}\">\n\
         <h2>Cluster {number} · {} documents</h2>\n\
         <p class=\"figures\">Source: {}</p>\n",
        escape(&cluster.source),
        cluster.members.len(),
        describe(&cluster.source, input)
    );
    write_map(h, number, cluster, diffs, input);
    for (i, (r, diff)) in cluster.reprints.iter().zip(diffs).enumerate() {
        let relation = match (r.relation, &r.via) {
            (Some(rel), _) => rel.to_string(),
            (None, Some(via)) => format!("linked through {via}, compared with it below"),
            (None, None) => "linked through other members".to_string(),
        };
        let _ = write!(
            h,
            "<article class=\"reprint\" id=\"cluster-{number}-reprint-{}\" data-id=\"{}\" data-relation=\"{}\">\n\
             <h3>Reprint {}</h3>\n\
             <p class=\"figures\"><b>{}</b> · holds {} of the source · {} of it is from the source · \
             Jaccard {:.2} · {} shared shingles</p>\n",
            i + 1,
            escape(&r.id),
            escape(&relation),
            describe(&r.id, input),
            escape(&relation),
            percent(r.overlap.a_in_b),
            percent(r.overlap.b_in_a),
            r.overlap.jaccard,
            r.overlap.shared
        );
        let against = crate::diffs::against(cluster, r);
        match (diff, input.doc(against), input.doc(&r.id)) {
            (Some(d), Some(source), Some(reprint)) => {
                let _ = writeln!(h, "<p class=\"figures\">{}</p>", escape(&paragraph_summary(d)));
                h.push_str("<details class=\"diff\"><summary>Paragraph diff</summary>\n");
                write_table(h, d, against, &source.text, r, &reprint.text);
                h.push_str("</details>\n");
            }
            _ => h.push_str(
                "<p class=\"note\">No paragraph diff: one of the texts is only in the loaded index.</p>\n",
            ),
        }
        h.push_str("</article>\n");
    }
    h.push_str("</section>\n");
}

/// The cluster's reuse map: one strip per reprint, one cell per paragraph
/// of the document it is compared with, kept (copied), edited or dropped;
/// a picture of what each outlet took, read at a glance.
fn write_map(
    h: &mut String,
    number: usize,
    cluster: &Cluster,
    diffs: &[Option<Diff>],
    input: &Input,
) {
    h.push_str("<div class=\"map\">\n");
    for (i, (r, diff)) in cluster.reprints.iter().zip(diffs).enumerate() {
        let who = match input.doc(&r.id).and_then(|d| d.outlet.clone()) {
            Some(outlet) => format!("{outlet} · {}", r.id),
            None => r.id.clone(),
        };
        let _ = write!(
            h,
            "<div class=\"strip\"><a class=\"who\" href=\"#cluster-{number}-reprint-{}\" title=\"{}\">{}</a>\
             <span class=\"cells\">",
            i + 1,
            escape(&r.id),
            escape(&who)
        );
        match diff {
            Some(d) => {
                // Dropped unless a reprint paragraph derives from it; kept
                // wins over edited when both do.
                let mut cells = vec!['d'; d.alignment.source.len()];
                for p in &d.alignment.paragraphs {
                    let mark = match p.kind {
                        Kind::Copied => 'k',
                        Kind::Edited => 'e',
                        _ => continue,
                    };
                    for &s in &p.source_paragraphs {
                        if let Some(c) = cells.get_mut(s) {
                            if *c != 'k' {
                                *c = mark;
                            }
                        }
                    }
                }
                for c in cells {
                    let _ = write!(h, "<i class=\"{c}\"></i>");
                }
            }
            None => h.push_str("(text only in the loaded index)"),
        }
        h.push_str("</span></div>\n");
    }
    h.push_str("</div>\n");
}

/// `<span class=doc-id>id</span> <span class=headline>…</span> (outlet,
/// time)`, escaped, each part when known.
fn describe(id: &str, input: &Input) -> String {
    let mut s = format!("<span class=\"doc-id\">{}</span>", escape(id));
    match input.doc(id) {
        None => s.push_str(" (from the loaded index; text not available)"),
        Some(doc) => {
            if let Some(h) = headline(&doc.text) {
                let _ = write!(s, " <span class=\"headline\">{}</span>", escape(&h));
            }
            if let Some(m) = byline(doc) {
                let _ = write!(s, " <span class=\"byline\">({})</span>", escape(&m));
            }
        }
    }
    s
}

fn write_table(
    h: &mut String,
    d: &Diff,
    source_id: &str,
    source: &str,
    r: &ClusterReprint,
    reprint: &str,
) {
    let _ = write!(
        h,
        "<table class=\"diff\">\n<thead><tr><th>Source <span class=\"doc-id\">{}</span></th>\
         <th>Reprint <span class=\"doc-id\">{}</span></th></tr></thead>\n<tbody>\n",
        escape(source_id),
        escape(&r.id)
    );
    let a = &d.alignment;
    // Words the reprint dropped or replaced, by source byte range.
    let mut source_marks: Vec<Range<usize>> = a
        .paragraphs
        .iter()
        .flat_map(|p| &p.edits)
        .filter(|e| e.kind != EditKind::Insert)
        .map(|e| e.source.range())
        .collect();
    source_marks.sort_by_key(|r| (r.start, r.end));
    let mut shown: HashSet<usize> = HashSet::new();
    let mut omitted = a.omitted_source_paragraphs.iter().copied().peekable();
    let omitted_row = |h: &mut String, s: usize| {
        if let Some(p) = a.source.get(s) {
            let _ = writeln!(
                h,
                "<tr class=\"omitted\" data-kind=\"omitted\"><td class=\"src\"><span class=\"pn\">s{s}</span>\
                 <span class=\"label\">omitted</span>{}</td><td class=\"rep none\"></td></tr>",
                marked(source, p.start..p.end, &[], "del")
            );
        }
    };
    for (i, p) in a.paragraphs.iter().enumerate() {
        if let (Some(&first), false) = (p.source_paragraphs.iter().min(), p.moved) {
            while let Some(s) = omitted.next_if(|&s| s < first) {
                omitted_row(h, s);
            }
        }
        let boilerplate = d.boilerplate.get(i).copied().unwrap_or(false);
        let kind = match p.kind {
            Kind::Copied => "copied",
            Kind::Edited => "edited",
            _ if boilerplate => "boilerplate",
            _ => "added",
        };
        let _ = write!(h, "<tr class=\"{kind}\" data-kind=\"{kind}\">");
        if p.source_paragraphs.is_empty() {
            h.push_str("<td class=\"src none\"></td>");
        } else {
            h.push_str("<td class=\"src\">");
            for &s in &p.source_paragraphs {
                let Some(sp) = a.source.get(s) else { continue };
                if shown.insert(s) {
                    let _ = write!(
                        h,
                        "<div class=\"para\"><span class=\"pn\">s{s}</span>{}</div>",
                        marked(source, sp.start..sp.end, &source_marks, "del")
                    );
                } else {
                    let _ = write!(
                        h,
                        "<div class=\"para seen\"><span class=\"pn\">s{s}</span>\
                         (its text is shown beside an earlier paragraph of the reprint, \
                         which also takes from it)</div>"
                    );
                }
            }
            h.push_str("</td>");
        }
        let mut label = match p.kind {
            Kind::Copied => "copied".to_string(),
            Kind::Edited => format!("edited, {}% alike", p.similarity_percent()),
            _ if boilerplate => "added: boilerplate (seen in many documents)".to_string(),
            _ => "added".to_string(),
        };
        match p.mapping {
            Mapping::Split => label.push_str(", split"),
            Mapping::Merge => label.push_str(", merged"),
            _ => {}
        }
        if p.moved {
            label.push_str(", moved");
        }
        let reprint_marks: Vec<Range<usize>> = p
            .edits
            .iter()
            .filter(|e| e.kind != EditKind::Delete)
            .map(|e| e.reprint.range())
            .collect();
        let _ = writeln!(
            h,
            "<td class=\"rep\"><span class=\"pn\">r{i}</span><span class=\"label\">{}</span>{}</td></tr>",
            escape(&label),
            marked(reprint, p.start..p.end, &reprint_marks, "ins")
        );
    }
    for s in omitted {
        omitted_row(h, s);
    }
    h.push_str("</tbody>\n</table>\n");
}

/// The escaped text of `span`, with the parts in `marks` (sorted) wrapped in
/// `<tag>`. Marks outside the span, empty, overlapping an earlier one, or not
/// on char boundaries are left out; the text itself is never lost.
fn marked(text: &str, span: Range<usize>, marks: &[Range<usize>], tag: &str) -> String {
    let Some(whole) = text.get(span.clone()) else {
        return String::new();
    };
    let mut out = String::with_capacity(whole.len() + 16);
    let mut pos = span.start;
    for m in marks {
        let (start, end) = (m.start.max(pos), m.end.min(span.end));
        if start >= end || m.start < pos {
            continue;
        }
        let (Some(before), Some(inside)) = (text.get(pos..start), text.get(start..end)) else {
            continue;
        };
        out.push_str(&escape(before));
        let _ = write!(out, "<{tag}>{}</{tag}>", escape(inside));
        pos = end;
    }
    out.push_str(&escape(text.get(pos..span.end).unwrap_or("")));
    out
}

/// HTML-escapes text for element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_that_matters() {
        assert_eq!(
            escape(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
    }

    #[test]
    fn marks_are_clipped_and_escaped() {
        let text = "a <b> c dé e";
        // Paragraph "<b> c dé", marks on "<b>", on "dé" and one straddling the end.
        let out = marked(text, 2..11, &[2..5, 8..11, 10..14], "del");
        assert_eq!(out, "<del>&lt;b&gt;</del> c <del>dé</del>");
        // A mark inside a multi-byte char is skipped, the text kept.
        assert_eq!(
            marked(text, 8..11, &[Range { start: 9, end: 10 }], "ins"),
            "dé"
        );
        assert_eq!(marked(text, 8..40, &[], "ins"), "");
    }

    #[test]
    fn pages_sit_beside_the_first() {
        let paths = page_paths(Path::new("out/day.html"), 3);
        assert_eq!(
            paths,
            [
                PathBuf::from("out/day.html"),
                PathBuf::from("out/day-2.html"),
                PathBuf::from("out/day-3.html")
            ]
        );
        assert_eq!(
            page_paths(Path::new("report"), 2)[1],
            PathBuf::from("report-2")
        );
        assert_eq!(
            page_paths(Path::new("a.html"), 0),
            [PathBuf::from("a.html")]
        );
    }
}
