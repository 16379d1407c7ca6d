//! The human report: what was read, each cluster with its reprints, and the
//! documents that match nothing.

use std::io::{self, Write};
use std::path::PathBuf;

use reprint::Cluster;

use crate::input::{Input, Stats};
use crate::matching::Outcome;
use crate::style::Style;

/// Writes the whole report.
pub fn write(
    out: &mut dyn Write,
    style: &Style,
    inputs: &[PathBuf],
    input: &Input,
    outcome: &Outcome,
) -> io::Result<()> {
    writeln!(out, "{}", style.bold(&read_line(inputs, &input.stats)))?;
    if let Some(line) = skipped_line(&input.stats) {
        writeln!(out, "{}", style.magenta(&line))?;
    }
    writeln!(out, "{}", found_line(outcome))?;
    for (i, cluster) in outcome.clusters.iter().enumerate() {
        writeln!(out)?;
        write_cluster(out, style, i + 1, cluster, input)?;
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
    Ok(())
}

fn write_cluster(
    out: &mut dyn Write,
    style: &Style,
    number: usize,
    cluster: &Cluster,
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
    for r in &cluster.reprints {
        writeln!(out)?;
        let relation = match r.relation {
            Some(rel) => rel.to_string(),
            None => "linked through other members".to_string(),
        };
        writeln!(
            out,
            "  {} {}",
            style.bold("Reprint"),
            describe(&r.id, input)
        )?;
        writeln!(
            out,
            "    {} · has {} of the source · {} of it is in the source · Jaccard {:.2} · {} shared shingles",
            style.bold(&relation),
            percent(r.containment_of_source),
            percent(r.containment_in_source),
            r.jaccard,
            r.shared_shingles
        )?;
    }
    Ok(())
}

/// "id (outlet, 2022-02-08)" or "id".
fn describe(id: &str, input: &Input) -> String {
    match input.doc(id) {
        None => format!("{id} (from the loaded index; text not available)"),
        Some(doc) => match &doc.outlet {
            Some(outlet) => format!("{id} ({outlet})"),
            None => id.to_string(),
        },
    }
}

/// "Read 5 documents (3,912 words) from seeds/ (5 files)."
pub fn read_line(inputs: &[PathBuf], stats: &Stats) -> String {
    let from = match inputs {
        [one] if one.as_os_str() == "-" => "standard input".to_string(),
        [one] => one.display().to_string(),
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
    let mut parts = Vec::new();
    if !skipped.is_empty() {
        parts.push(format!("Skipped {}", skipped.join(" and ")));
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

fn found_line(outcome: &Outcome) -> String {
    let clustered: usize = outcome.clusters.iter().map(|c| c.members.len()).sum();
    let mut line = format!(
        "Found {} ({} in all); {} nothing.",
        plural(outcome.clusters.len(), "cluster"),
        plural(clustered, "document"),
        match outcome.unmatched.len() {
            1 => "1 document matches".to_string(),
            n => format!("{n} documents match"),
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
        if i > 0 && (digits.len() - i) % 3 == 0 {
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
    }
}
