//! `--pairs`: the verified pairs as tab-separated values.

use std::io::{self, Write};

use reprint::PairRef;

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

/// The header line.
pub fn header(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", HEADER.join("\t"))
}

/// One pair's line. `containment_a_in_b` is the share of `a`'s shingles
/// found in `b`.
pub fn line(out: &mut dyn Write, p: &PairRef<'_>) -> io::Result<()> {
    writeln!(
        out,
        "{}\t{}\t{}\t{:.4}\t{:.4}\t{:.4}\t{}",
        for_tsv(p.a),
        for_tsv(p.b),
        p.relation,
        p.overlap.a_in_b,
        p.overlap.b_in_a,
        p.overlap.jaccard,
        p.overlap.shared
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reprint::{Overlap, Relation};

    #[test]
    fn lines_and_escapes() {
        let pair = PairRef {
            a: "a\tb",
            b: "c\\d\ne\x1b[2J",
            relation: Relation::Reprint,
            overlap: Overlap {
                shared: 30,
                a_in_b: 0.5,
                b_in_a: 0.25,
                jaccard: 1.0 / 6.0,
            },
        };
        let mut out = Vec::new();
        header(&mut out).unwrap();
        line(&mut out, &pair).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0].split('\t').count(), 7);
        assert_eq!(
            lines[1],
            "a\\tb\tc\\\\d\\ne\\x1b[2J\treprint\t0.5000\t0.2500\t0.1667\t30"
        );
    }
}
