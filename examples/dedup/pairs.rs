//! `--pairs`: the verified pairs as tab-separated values.

use std::io::{self, Write};

use reprint::dedup::Pair;

use crate::sanitize::for_tsv;

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
            for_tsv(&p.a),
            for_tsv(&p.b),
            p.relation,
            p.overlap.a_in_b,
            p.overlap.b_in_a,
            p.overlap.jaccard,
            p.overlap.shared
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reprint::{Overlap, Relation};

    #[test]
    fn lines_and_escapes() {
        let pairs = [Pair {
            a: "a\tb".into(),
            b: "c\\d\ne\x1b[2J".into(),
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
            "a\\tb\tc\\\\d\\ne\\x1b[2J\treprint\t0.5000\t0.2500\t0.1667\t30"
        );
    }
}
