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
    write!(out, "{}\t{}\t{}", for_tsv(p.a), for_tsv(p.b), p.relation)?;
    for share in [p.overlap.a_in_b, p.overlap.b_in_a, p.overlap.jaccard] {
        out.write_all(b"\t")?;
        fixed4(out, share)?;
    }
    writeln!(out, "\t{}", p.overlap.shared)
}

/// Writes `v` as `format!("{v:.4}")` does, without its exact decimal
/// expansion where that cannot change the digits: `v * 10^4` is within a
/// rounding error (under 10^-11 for a share) of its exact value, so it
/// rounds to the same integer unless its fraction is about one half;
/// such ties, and values that are not shares (negative, NaN), are
/// formatted as before.
/// Formatting the three shares was most of the time of a `--pairs` run
/// with millions of pairs.
fn fixed4(out: &mut dyn Write, v: f64) -> io::Result<()> {
    let scaled = v * 1e4;
    let fraction = scaled - scaled.floor();
    let share = v.is_sign_positive() && (0.0..=1e4).contains(&scaled);
    if !share || (fraction - 0.5).abs() < 1e-6 {
        return write!(out, "{v:.4}");
    }
    let n = scaled.round() as u32;
    write!(out, "{}.{:04}", n / 10_000, n % 10_000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reprint::{Overlap, Relation};

    /// The shares as `{:.4}` writes them: every ratio of two counts up to
    /// 700, the ties of the fifth decimal and their neighbours, and the
    /// ends of the range.
    #[test]
    fn shares_are_written_as_format_writes_them() {
        let mut values = vec![0.0, 1.0, 0.5, 1e-300, 1.0 - f64::EPSILON, -0.0];
        for d in 1..=700u32 {
            values.extend((0..=d).map(|n| f64::from(n) / f64::from(d)));
        }
        for k in 0..=20_000u32 {
            let tie = f64::from(k) / 20_000.0;
            values.extend([tie, tie.next_up(), tie.next_down()]);
        }
        for v in values {
            let mut out = Vec::new();
            fixed4(&mut out, v).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), format!("{v:.4}"), "{v:e}");
        }
    }

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
