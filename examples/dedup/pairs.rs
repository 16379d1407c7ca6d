//! `--pairs`: the verified pairs as tab-separated values.

use std::io::{self, Write};

use reprint::dedup::Pair;

/// The header line's columns.
pub const HEADER: [&str; 7] = [
    "id_a",
    "id_b",
    "relation",
    "containment_a_in_b",
    "containment_b_in_a",
    "jaccard",
    "shared_shingles",
];

/// Writes a header line, then one line per pair, in the engine's order.
/// `containment_a_in_b` is the share of `a`'s shingles found in `b`.
pub fn write(out: &mut dyn Write, pairs: &[Pair]) -> io::Result<()> {
    writeln!(out, "{}", HEADER.join("\t"))?;
    for p in pairs {
        writeln!(
            out,
            "{}\t{}\t{}\t{:.4}\t{:.4}\t{:.4}\t{}",
            escape(&p.a),
            escape(&p.b),
            p.relation,
            p.overlap.a_in_b,
            p.overlap.b_in_a,
            p.overlap.jaccard,
            p.overlap.shared
        )?;
    }
    Ok(())
}

/// Escapes what would break a TSV field: `\` `\t` `\n` `\r`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use reprint::{Overlap, Relation};

    #[test]
    fn lines_and_escapes() {
        let pairs = [Pair {
            a: "a\tb".into(),
            b: "c\\d\ne".into(),
            relation: Relation::Reprint,
            overlap: Overlap {
                shared: 30,
                a_in_b: 0.5,
                b_in_a: 0.25,
                jaccard: 1.0 / 6.0,
            },
        }];
        let mut out = Vec::new();
        write(&mut out, &pairs).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0].split('\t').count(), 7);
        assert_eq!(
            lines[1],
            "a\\tb\tc\\\\d\\ne\treprint\t0.5000\t0.2500\t0.1667\t30"
        );
    }
}
