//! The human report: what was read, each cluster with its reprints, and the
//! documents that match nothing.

use std::io::{self, Write};
use std::path::PathBuf;

use reprint::diff::{Mark, RenderItem};
use reprint::Cluster;

use crate::diffs::{Diff, Diffs};
use crate::input::{Input, Stats};
use crate::matching::Outcome;
use crate::sanitize::for_terminal;
use crate::style::Style;

/// Clusters above which the report is a summary unless `--full`.
pub const SUMMARY_ABOVE: usize = 50;

/// What the terminal report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every cluster with its diffs.
    Full,
    /// One line per cluster; `auto` when chosen for the report's size.
    Summary {
        /// Chosen because there are more than [`SUMMARY_ABOVE`] clusters.
        auto: bool,
    },
}

impl Mode {
    /// `--summary`, `--full`, or else by the number of clusters.
    pub fn choose(summary: bool, full: bool, clusters: usize) -> Mode {
        match (summary, full) {
            (true, _) => Mode::Summary { auto: false },
            (_, true) => Mode::Full,
            _ if clusters > SUMMARY_ABOVE => Mode::Summary { auto: true },
            _ => Mode::Full,
        }
    }
}

/// The line under a full report that says what its marks mean.
pub const LEGEND: &str = "Legend: = copied · ~ edited (r3 ← s4 0.80: reprint paragraph 3 \
    from source paragraph 4, 80% of its words alike) · + added · - source paragraph omitted · \
    [-dropped-] {+inserted+}";

/// Writes the whole report.
pub fn write(
    out: &mut dyn Write,
    style: &Style,
    inputs: &[PathBuf],
    input: &Input,
    outcome: &Outcome,
    diffs: &Diffs,
    mode: Mode,
) -> io::Result<()> {
    writeln!(out, "{}", style.bold(&read_line(inputs, &input.stats)))?;
    if let Some(line) = skipped_line(&input.stats) {
        writeln!(out, "{}", style.magenta(&line))?;
    }
    if let Some(line) = loaded_line(outcome) {
        writeln!(out, "{line}")?;
    }
    if let Some(line) = days_line(outcome) {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "{}", found_line(outcome))?;
    if let Mode::Summary { auto } = mode {
        return write_summary(out, style, input, outcome, auto);
    }
    for (i, (cluster, diffs)) in outcome.clusters.iter().zip(diffs).enumerate() {
        writeln!(out)?;
        write_cluster(out, style, i + 1, cluster, diffs, input)?;
    }
    if !outcome.unmatched.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            style.bold(&format!("Matching nothing ({})", outcome.unmatched.len()))
        )?;
        for id in &outcome.unmatched {
            writeln!(out, "  {}", describe(id, input))?;
        }
    }
    if !outcome.clusters.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", style.dim(LEGEND))?;
    }
    Ok(())
}

/// One line per cluster: `3 documents over 22 h · source id — “headline”
/// (outlet, time)`.
fn write_summary(
    out: &mut dyn Write,
    style: &Style,
    input: &Input,
    outcome: &Outcome,
    auto: bool,
) -> io::Result<()> {
    if outcome.clusters.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    if auto {
        writeln!(
            out,
            "{}",
            style.magenta(&format!(
                "{} clusters make a long report: this is its summary. --full prints every \
                 diff here; --html FILE or --json writes them to a file.",
                thousands(outcome.clusters.len())
            ))
        )?;
    }
    let width = outcome.clusters.len().to_string().len();
    for (i, c) in outcome.clusters.iter().enumerate() {
        let times: Vec<i64> = (c.members.iter())
            .filter_map(|m| input.doc(m)?.published)
            .collect();
        let span = match (times.iter().min(), times.iter().max()) {
            (Some(first), Some(last)) if last > first => {
                format!(" over {}", duration(last - first))
            }
            _ => String::new(),
        };
        writeln!(
            out,
            "{:>width$}. {}{span} · source {}",
            i + 1,
            style.bold(&plural(c.members.len(), "document")),
            describe(&c.source, input)
        )?;
    }
    Ok(())
}

/// `45 min`, `22 h`, `3 days`: a time span read at a glance.
pub fn duration(secs: i64) -> String {
    match secs {
        s if s < 3_600 => format!("{} min", (s + 59) / 60),
        s if s < 48 * 3_600 => format!("{} h", (s + 1_800) / 3_600),
        s => format!("{} days", (s + 43_200) / 86_400),
    }
}

fn write_cluster(
    out: &mut dyn Write,
    style: &Style,
    number: usize,
    cluster: &Cluster,
    diffs: &[Option<Diff>],
    input: &Input,
) -> io::Result<()> {
    let rule = format!("── Cluster {number} · {} documents ", cluster.members.len());
    writeln!(out, "{}", style.bold(&format!("{rule:─<72}")))?;
    writeln!(
        out,
        "{} {}",
        style.bold("Source "),
        describe(&cluster.source, input)
    )?;
    for (r, diff) in cluster.reprints.iter().zip(diffs) {
        writeln!(out)?;
        let relation = match (r.relation, &r.via) {
            (Some(rel), _) => rel.to_string(),
            (None, Some(via)) => format!(
                "linked through {}, compared with it below",
                for_terminal(via)
            ),
            (None, None) => "linked through other members".to_string(),
        };
        writeln!(
            out,
            "  {} {}",
            style.bold("Reprint"),
            describe(&r.id, input)
        )?;
        writeln!(
            out,
            "    {} · holds {} of the source · {} of it is from the source · Jaccard {:.2} · {} shared shingles",
            style.bold(&relation),
            percent(r.overlap.a_in_b),
            percent(r.overlap.b_in_a),
            r.overlap.jaccard,
            r.overlap.shared
        )?;
        match diff {
            Some(d) => {
                writeln!(out, "    {}", paragraph_summary(d))?;
                let against = crate::diffs::against(cluster, r);
                let (Some(source), Some(reprint)) = (input.doc(against), input.doc(&r.id)) else {
                    continue;
                };
                write_diff(out, style, d, &source.text, &reprint.text)?;
            }
            None => writeln!(
                out,
                "    {}",
                style.dim("no paragraph diff: one of the texts is only in the loaded index")
            )?,
        }
    }
    Ok(())
}

/// "paragraphs: 6 copied, 3 edited, 12 added (2 of them boilerplate); 9
/// of the source omitted · reuses 31% of the source's words".
pub fn paragraph_summary(d: &Diff) -> String {
    let s = &d.alignment.summary;
    let boilerplate = match d.boilerplate_paragraphs() {
        0 => String::new(),
        n => format!(" ({n} of them boilerplate)"),
    };
    format!(
        "paragraphs: {} copied, {} edited, {} added{boilerplate}; {} of the source omitted · reuses {} of the source's words",
        s.copied,
        s.edited,
        s.added,
        s.omitted,
        percent(s.reused_share)
    )
}

/// The diff module's rendering, indented, its marks coloured, without its
/// own summary lines (the line above says the same); an added paragraph
/// that is learnt boilerplate is dimmed and says so.
fn write_diff(
    out: &mut dyn Write,
    style: &Style,
    d: &Diff,
    source: &str,
    reprint: &str,
) -> io::Result<()> {
    let mut line = String::new();
    let mut in_body = false;
    // Reprint paragraphs come in order, each after its marker.
    let mut paragraph = 0;
    let mut boilerplate = false;
    for item in d.alignment.render(source, reprint).items() {
        match item {
            RenderItem::Summary(_) => continue,
            RenderItem::Newline => {
                if in_body {
                    writeln!(out, "    {line}")?;
                }
                line.clear();
                continue;
            }
            RenderItem::Marker(m) => {
                in_body = true;
                boilerplate = false;
                if m != Mark::Omitted {
                    boilerplate = d.boilerplate.get(paragraph).copied().unwrap_or(false);
                    paragraph += 1;
                }
                let symbol = m.symbol().to_string();
                line.push_str(&match m {
                    Mark::Copied => style.green(&symbol),
                    Mark::Edited => style.yellow(&symbol),
                    Mark::Added if boilerplate => style.dim(&symbol),
                    Mark::Added => style.cyan(&symbol),
                    _ => style.red(&symbol),
                });
                line.push(' ');
            }
            RenderItem::Label(l) if boilerplate => {
                line.push_str(&style.dim(&format!("{l} boilerplate:")));
                line.push(' ');
            }
            RenderItem::Label(l) => {
                line.push_str(&style.dim(&format!("{l}:")));
                line.push(' ');
            }
            RenderItem::Text(t) if boilerplate => {
                line.push_str(&style.dim(&for_terminal(&t.to_string())))
            }
            RenderItem::Text(t) => line.push_str(&for_terminal(&t.to_string())),
            RenderItem::Deleted(t) => {
                let t = t.to_string();
                line.push_str(&style.red(&format!("[-{}-]", for_terminal(&t))));
            }
            RenderItem::Inserted(t) => {
                let t = t.to_string();
                line.push_str(&style.green(&format!("{{+{}+}}", for_terminal(&t))));
            }
            _ => {}
        }
    }
    if in_body && !line.is_empty() {
        writeln!(out, "    {line}")?;
    }
    Ok(())
}

/// `id — “headline” (outlet, time)`, each part when known, control
/// characters escaped.
fn describe(id: &str, input: &Input) -> String {
    let shown = for_terminal(id);
    let Some(doc) = input.doc(id) else {
        return format!("{shown} (from the loaded index; text not available)");
    };
    let mut line = shown.into_owned();
    if let Some(h) = headline(&doc.text) {
        line.push_str(&format!(" — “{}”", for_terminal(&h)));
    }
    if let Some(m) = byline(doc) {
        line.push_str(&format!(" ({})", for_terminal(&m)));
    }
    line
}

/// Characters of a headline shown beside an id at most.
const HEADLINE_CHARS: usize = 80;

/// The first line of `text` of three words or more (a line of one or two,
/// `ADVERTISEMENT` or `Share`, is page furniture more often than a
/// headline), else the first that holds a letter or digit; its spaces
/// collapsed, cut at [`HEADLINE_CHARS`] characters with `…`: what a reader
/// recognises an article by (files and feeds have ids like
/// `000_0a47ab44ad2963a8.txt`).
pub fn headline(text: &str) -> Option<String> {
    let word = |w: &&str| w.chars().any(char::is_alphanumeric);
    let wordy = |l: &&str| l.split_whitespace().filter(word).count() >= 3;
    let line = (text.lines().find(wordy))
        .or_else(|| text.lines().find(|l| l.chars().any(char::is_alphanumeric)))?;
    let words: Vec<&str> = line.split_whitespace().collect();
    let line = words.join(" ");
    Some(match line.char_indices().nth(HEADLINE_CHARS) {
        Some((cut, _)) => format!("{}…", line[..cut].trim_end()),
        None => line,
    })
}

/// `AP, 2022-02-08 10:00 UTC`: the outlet and the time published, those
/// known.
pub fn byline(doc: &reprint::Document) -> Option<String> {
    let time = doc.published.map(|t| {
        let stamp = reprint::format_rfc3339(t);
        // `2022-02-08T10:00:00Z` read at a glance; other years as they are.
        match (stamp.get(..10), stamp.get(11..16)) {
            (Some(day), Some(minute)) if stamp.len() == 20 => format!("{day} {minute} UTC"),
            _ => stamp,
        }
    });
    let parts: Vec<String> = doc.outlet.iter().cloned().chain(time).collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// "Read 5 documents (3,912 words) from seeds/ (5 files)."
pub fn read_line(inputs: &[PathBuf], stats: &Stats) -> String {
    let from = match inputs {
        [one] if one.as_os_str() == "-" => "standard input".to_string(),
        [one] => for_terminal(&one.display().to_string()).into_owned(),
        many => format!("{} inputs", many.len()),
    };
    format!(
        "Read {} ({} words) from {from} ({}).",
        plural(stats.documents, "document"),
        thousands(stats.words),
        plural(stats.files, "file")
    )
}

/// "Skipped 1 empty document and 2 malformed lines; 1 input was not UTF-8
/// (decoded lossily)." or `None` when nothing was skipped.
pub fn skipped_line(stats: &Stats) -> Option<String> {
    let mut skipped = Vec::new();
    if !stats.empty.is_empty() {
        skipped.push(format!(
            "{} (no words)",
            plural(stats.empty.len(), "empty document")
        ));
    }
    if !stats.invalid.is_empty() {
        skipped.push(plural(stats.invalid.len(), "malformed line"));
    }
    if !stats.binary.is_empty() {
        skipped.push(format!(
            "{} (binary data)",
            plural(stats.binary.len(), "document")
        ));
    }
    if !stats.other_files.is_empty() {
        skipped.push(format!(
            "{} (not .txt or .md)",
            plural(stats.other_files.len(), "other file")
        ));
    }
    if !stats.repeated.is_empty() {
        skipped.push(format!(
            "{} read twice (same id and text, kept once)",
            plural(stats.repeated.len(), "document")
        ));
    }
    match stats.not_read.len() {
        0 => {}
        1 => skipped.push("1 special file or broken link".to_string()),
        n => skipped.push(format!("{} special files or broken links", thousands(n))),
    }
    let mut parts = Vec::new();
    if !skipped.is_empty() {
        let last = skipped.pop().unwrap_or_default();
        let list = match skipped.is_empty() {
            true => last,
            false => format!("{} and {last}", skipped.join(", ")),
        };
        parts.push(format!("Skipped {list}"));
    }
    if !stats.replaced.is_empty() {
        parts.push(format!(
            "{} an earlier one with the same id (--replace)",
            match stats.replaced.len() {
                1 => "1 document replaced".to_string(),
                n => format!("{} documents replaced", thousands(n)),
            }
        ));
    }
    if !stats.lossy.is_empty() {
        parts.push(format!(
            "{} not valid UTF-8 (bad bytes replaced by U+FFFD)",
            match stats.lossy.len() {
                1 => "1 input was".to_string(),
                n => format!("{n} inputs were"),
            }
        ));
    }
    if parts.is_empty() {
        None
    } else {
        Some(format!("{}.", parts.join("; ")))
    }
}

/// "Matched against 5 documents of the index day1.idx (texts not kept)."
pub fn loaded_line(outcome: &Outcome) -> Option<String> {
    outcome.loaded.as_ref().map(|(path, n)| {
        format!(
            "Matched against {} of the index {} (their texts are not kept: no diff for them).",
            plural(*n, "document"),
            for_terminal(&path.display().to_string())
        )
    })
}

/// "3 documents were already in the index with the same text (not added
/// again); 1 replaced the index's; the window evicted 120." or `None`.
pub fn days_line(outcome: &Outcome) -> Option<String> {
    let mut parts = Vec::new();
    match outcome.already_held {
        0 => {}
        1 => parts.push(
            "1 document was already in the index with the same text (not added again)".to_string(),
        ),
        n => parts.push(format!(
            "{} documents were already in the index with the same text (not added again)",
            thousands(n)
        )),
    }
    if outcome.replaced > 0 {
        parts.push(format!(
            "{} replaced the index's",
            thousands(outcome.replaced)
        ));
    }
    if outcome.evicted > 0 {
        parts.push(format!(
            "the window evicted {}",
            plural(outcome.evicted, "document")
        ));
    }
    if parts.is_empty() {
        return None;
    }
    let mut line = parts.join("; ");
    line[..1].make_ascii_uppercase();
    line.push('.');
    Some(line)
}

pub fn found_line(outcome: &Outcome) -> String {
    let clustered: usize = outcome.clusters.iter().map(|c| c.members.len()).sum();
    let mut line = format!(
        "Found {} ({} in all); {} nothing.",
        plural(outcome.clusters.len(), "cluster"),
        plural(clustered, "document"),
        match outcome.unmatched.len() {
            1 => "1 document matches".to_string(),
            n => format!("{} documents match", thousands(n)),
        }
    );
    if outcome.old_clusters > 0 {
        line.push_str(&format!(
            " {} only among documents of the loaded index not shown.",
            plural(outcome.old_clusters, "cluster")
        ));
    }
    line
}

/// "1 document", "2 documents".
pub fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{} {what}s", thousands(n))
    }
}

/// 12345 → "12,345".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// 0.253 → "25%".
pub fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Origin;

    #[test]
    fn the_report_is_a_summary_when_asked_or_long() {
        assert_eq!(Mode::choose(false, false, SUMMARY_ABOVE), Mode::Full);
        assert_eq!(
            Mode::choose(false, false, SUMMARY_ABOVE + 1),
            Mode::Summary { auto: true }
        );
        assert_eq!(Mode::choose(false, true, 10_000), Mode::Full);
        assert_eq!(Mode::choose(true, false, 1), Mode::Summary { auto: false });
        assert_eq!(duration(59), "1 min");
        assert_eq!(duration(22 * 3_600 + 600), "22 h");
        assert_eq!(duration(3 * 86_400), "3 days");
    }

    #[test]
    fn headlines_and_bylines() {
        assert_eq!(
            headline("ADVERTISEMENT\n\n  Macron   says  Putin\ttold him\nbody").as_deref(),
            Some("Macron says Putin told him")
        );
        assert_eq!(headline("\n* * *\nBrief\n").as_deref(), Some("Brief"));
        assert_eq!(headline(" \n—\n"), None);
        let long = "word ".repeat(40);
        let h = headline(&long).unwrap_or_default();
        assert_eq!(h.chars().count(), HEADLINE_CHARS, "{h}");
        assert!(h.ends_with("word…"), "{h}");
        let doc = reprint::Document::new("a", "x");
        assert_eq!(byline(&doc), None);
        let doc = doc.with_outlet("AP").with_published(1_644_314_400);
        assert_eq!(byline(&doc).as_deref(), Some("AP, 2022-02-08 10:00 UTC"));
    }

    #[test]
    fn numbers() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(plural(1, "file"), "1 file");
        assert_eq!(plural(1200, "file"), "1,200 files");
        assert_eq!(percent(0.253), "25%");
    }

    #[test]
    fn summary_lines() {
        let mut stats = Stats {
            documents: 3,
            words: 1500,
            files: 2,
            ..Stats::default()
        };
        assert_eq!(
            read_line(&["a".into(), "-".into()], &stats),
            "Read 3 documents (1,500 words) from 2 inputs (2 files)."
        );
        assert_eq!(skipped_line(&stats), None);
        stats.empty.push(Origin::File("x.txt".into()));
        stats.invalid.push((Origin::Line(None, 2), "bad".into()));
        stats.invalid.push((Origin::Line(None, 3), "bad".into()));
        stats.lossy.push(Origin::File("y.txt".into()));
        assert_eq!(
            skipped_line(&stats).unwrap(),
            "Skipped 1 empty document (no words) and 2 malformed lines; \
             1 input was not valid UTF-8 (bad bytes replaced by U+FFFD)."
        );
        stats.binary.push(Origin::File("z.txt".into()));
        stats
            .not_read
            .push((Origin::File("f.txt".into()), "a FIFO".into()));
        assert_eq!(
            skipped_line(&stats).unwrap(),
            "Skipped 1 empty document (no words), 2 malformed lines, \
             1 document (binary data) and 1 special file or broken link; \
             1 input was not valid UTF-8 (bad bytes replaced by U+FFFD)."
        );
    }
}
