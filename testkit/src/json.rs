//! JSONL output and RFC 3339 timestamps.

use std::io::Write;

use serde::Serialize;

use super::corpus::GeneratedDoc;
use reprint::{Error, Result};

/// Formats unix seconds as an RFC 3339 UTC timestamp, `YYYY-MM-DDTHH:MM:SSZ`.
///
/// Uses the proleptic Gregorian calendar (days to civil date by eras of
/// 400 years, as in Howard Hinnant's `civil_from_days`). Every `i64` is
/// accepted; years outside 0000–9999, which RFC 3339 cannot express, are
/// written with a sign and as many digits as needed (ISO 8601 expanded form).
///
/// ```
/// use reprint_testkit::rfc3339;
///
/// assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
/// assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
/// assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
/// ```
pub fn rfc3339(unix_secs: i64) -> String {
    let days = unix_secs.div_euclid(86_400);
    let secs = unix_secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let (hh, mm, ss) = (secs / 3600, secs / 60 % 60, secs % 60);
    if (0..=9999).contains(&y) {
        format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
    } else {
        format!("{y:+05}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
    }
}

/// (year, month 1–12, day 1–31) of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Shift the epoch to 0000-03-01, so that leap days end each 4-year
    // cycle; an era is 400 years = 146,097 days.
    let z = i128::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of era, 0..=146_096
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of year from March 1
    let mp = (5 * doy + 2) / 153; // month from March, 0..=11
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i128::from(m <= 2);
    (y as i64, m, d)
}

#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    text: &'a str,
    outlet: &'a str,
    published: String,
}

impl GeneratedDoc {
    /// The document as one JSON object on one line (no trailing newline):
    /// `{"id", "text", "outlet", "published"}` with `published` in RFC 3339.
    /// The role is not written: it is the truth, kept apart.
    pub fn to_json_line(&self) -> String {
        let line = Line {
            id: &self.id,
            text: &self.text,
            outlet: &self.outlet,
            published: rfc3339(self.published),
        };
        // Serializing strings and a struct of strings cannot fail.
        serde_json::to_string(&line).unwrap_or_default()
    }
}

/// Writes `docs` as JSONL, one [`GeneratedDoc::to_json_line`] per line.
/// Returns the number of documents written.
///
/// # Errors
///
/// [`Error::Io`] if writing fails.
pub fn write_jsonl<'a, W: Write>(
    docs: impl IntoIterator<Item = &'a GeneratedDoc>,
    mut out: W,
) -> Result<usize> {
    let io = |source| Error::Io { path: None, source };
    let mut n = 0;
    for doc in docs {
        out.write_all(doc.to_json_line().as_bytes()).map_err(io)?;
        out.write_all(b"\n").map_err(io)?;
        n += 1;
    }
    out.flush().map_err(io)?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Days since 1970-01-01 of a civil date, the naive way: count days.
    fn naive_days(y: i64, m: u32, d: u32) -> i64 {
        let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let len = |y: i64, m: u32| match m {
            2 if leap(y) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let mut days = 0i64;
        if y >= 1970 {
            for yy in 1970..y {
                days += if leap(yy) { 366 } else { 365 };
            }
        } else {
            for yy in y..1970 {
                days -= if leap(yy) { 366 } else { 365 };
            }
        }
        for mm in 1..m {
            days += len(y, mm);
        }
        days + i64::from(d) - 1
    }

    #[test]
    fn civil_dates_match_day_counting() {
        for (y, m, d) in [
            (1970, 1, 1),
            (1969, 12, 31),
            (2000, 2, 29),
            (2000, 3, 1),
            (1900, 3, 1),
            (2100, 2, 28),
            (2022, 2, 8),
            (1600, 1, 1),
            (9999, 12, 31),
        ] {
            assert_eq!(civil_from_days(naive_days(y, m, d)), (y, m, d));
        }
    }

    #[test]
    fn known_timestamps() {
        assert_eq!(rfc3339(1_644_310_800), "2022-02-08T09:00:00Z");
        assert_eq!(rfc3339(1_709_208_000), "2024-02-29T12:00:00Z");
        assert_eq!(rfc3339(253_402_300_799), "9999-12-31T23:59:59Z");
        assert_eq!(rfc3339(-62_135_596_800), "0001-01-01T00:00:00Z");
        assert_eq!(rfc3339(253_402_300_800), "+10000-01-01T00:00:00Z");
        // No panic at the extremes.
        assert!(!rfc3339(i64::MIN).is_empty());
        assert!(!rfc3339(i64::MAX).is_empty());
    }
}
