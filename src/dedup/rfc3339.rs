//! RFC 3339 timestamps to Unix seconds: the `published` time of a
//! [`Document`](super::Document) as feeds and the project's JSONL write it.
//!
//! Twenty lines of date arithmetic do not justify a date-time crate: the
//! format is fixed (`YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`), and the only
//! computation is days since 1970 from a Gregorian date.

use crate::{Error, Result};

/// Parses an RFC 3339 timestamp (`2022-02-08T10:00:00Z`,
/// `2022-02-08t10:00:00.250+01:00`, or with a space instead of `T`) to Unix
/// seconds; a fraction of a second is dropped, a leap second (`:60`) counts
/// as the next second.
///
/// ```
/// assert_eq!(reprint::parse_rfc3339("2022-02-08T11:00:00+01:00")?, 1_644_314_400);
/// assert!(reprint::parse_rfc3339("08/02/2022").is_err());
/// # Ok::<(), reprint::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidTimestamp`] saying what is wrong when the text is not
/// one.
pub fn parse_rfc3339(s: &str) -> Result<i64> {
    parse(s).map_err(|reason| Error::InvalidTimestamp {
        text: s.to_string(),
        reason,
    })
}

/// [`parse_rfc3339`], with what is wrong as a message.
fn parse(s: &str) -> std::result::Result<i64, String> {
    let err = |what: &str| what.to_string();
    let b = s.as_bytes();
    if b.len() < 20 {
        return Err(err("too short (expected YYYY-MM-DDTHH:MM:SSZ)"));
    }
    let num = |r: std::ops::Range<usize>, what: &str| -> std::result::Result<i64, String> {
        let digits = &b[r];
        if !digits.iter().all(u8::is_ascii_digit) {
            return Err(err(&format!("{what} is not a number")));
        }
        Ok(digits
            .iter()
            .fold(0i64, |n, &d| n * 10 + i64::from(d - b'0')))
    };
    let expect = |i: usize, allowed: &[u8], what: &str| -> std::result::Result<(), String> {
        if allowed.contains(&b[i]) {
            Ok(())
        } else {
            Err(err(&format!("expected {what} at position {}", i + 1)))
        }
    };
    let year = num(0..4, "year")?;
    expect(4, b"-", "'-'")?;
    let month = num(5..7, "month")?;
    expect(7, b"-", "'-'")?;
    let day = num(8..10, "day")?;
    expect(10, b"Tt ", "'T'")?;
    let hour = num(11..13, "hour")?;
    expect(13, b":", "':'")?;
    let minute = num(14..16, "minute")?;
    expect(16, b":", "':'")?;
    let second = num(17..19, "second")?;
    if !(1..=12).contains(&month) {
        return Err(err("month out of range"));
    }
    if day < 1 || day > days_in_month(year, month) {
        return Err(err("day out of range"));
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Err(err("time out of range"));
    }
    let mut i = 19;
    if b[i] == b'.' {
        i += 1;
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return Err(err("empty fraction of a second"));
        }
        i += digits;
    }
    let offset = match b.get(i..) {
        Some(b"Z" | b"z") => 0,
        Some(rest) if rest.len() == 6 && (rest[0] == b'+' || rest[0] == b'-') => {
            expect(i + 3, b":", "':' in the offset")?;
            let (h, m) = (
                num(i + 1..i + 3, "offset hour")?,
                num(i + 4..i + 6, "offset minute")?,
            );
            if h > 23 || m > 59 {
                return Err(err("offset out of range"));
            }
            let sign = if rest[0] == b'-' { -1 } else { 1 };
            sign * (h * 3600 + m * 60)
        }
        _ => return Err(err("expected 'Z' or an offset like +01:00 at the end")),
    };
    let days = days_from_civil(year, month, day);
    Ok(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

/// Unix seconds as an RFC 3339 timestamp in UTC (`2022-02-08T10:00:00Z`),
/// the inverse of [`parse_rfc3339`] for whole seconds. Years outside
/// 0000–9999 (more than 250,000 years away) are written with as many
/// digits as they take, and a sign when negative.
///
/// ```
/// assert_eq!(reprint::format_rfc3339(1_644_314_400), "2022-02-08T10:00:00Z");
/// assert_eq!(reprint::parse_rfc3339(&reprint::format_rfc3339(-1))?, -1);
/// # Ok::<(), reprint::Error>(())
/// ```
pub fn format_rfc3339(t: i64) -> String {
    let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    let year = if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else {
        y.to_string()
    };
    format!(
        "{year}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// The Gregorian date `days` after 1970-01-01: the inverse of
/// [`days_from_civil`], in the same eras of 400 years.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097; // 0..=146_096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // 0..=365
    let mp = (5 * doy + 2) / 153; // March = 0
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given Gregorian date: count from 0000-03-01
/// so that the leap day ends each year, in eras of 400 years (146,097 days).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // 0..=399
    let mp = (m + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        assert_eq!(parse("1970-01-01T00:00:00Z"), Ok(0));
        assert_eq!(parse("2000-02-29T00:00:00Z"), Ok(951_782_400));
        assert_eq!(parse("1969-12-31T23:59:59Z"), Ok(-1));
        assert_eq!(parse("2022-02-08T10:00:00Z"), Ok(1_644_314_400));
        assert_eq!(parse("2022-02-08T11:00:00+01:00"), Ok(1_644_314_400));
        assert_eq!(parse("2022-02-08t04:30:00.999-05:30"), Ok(1_644_314_400));
        assert_eq!(parse("2022-02-08 10:00:00z"), Ok(1_644_314_400));
        assert_eq!(parse("2016-12-31T23:59:60Z"), Ok(1_483_228_800));
    }

    #[test]
    fn every_day_of_four_centuries_follows_the_previous() {
        let mut expected = days_from_civil(1900, 1, 1);
        for y in 1900..2300 {
            for m in 1..=12 {
                for d in 1..=days_in_month(y, m) {
                    assert_eq!(days_from_civil(y, m, d), expected, "{y}-{m}-{d}");
                    expected += 1;
                }
            }
        }
    }

    #[test]
    fn formatting_is_the_inverse_of_parsing() {
        for t in [
            0,
            -1,
            951_782_400,
            1_644_314_400,
            1_483_228_799,
            -62_167_219_200, // 0000-01-01
            253_402_300_799, // 9999-12-31T23:59:59
        ] {
            assert_eq!(parse_rfc3339(&format_rfc3339(t)).ok(), Some(t), "{t}");
        }
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339(-1), "1969-12-31T23:59:59Z");
        // Every day of four centuries, at a second before midnight.
        let first = days_from_civil(1900, 1, 1);
        for day in first..first + 146_097 {
            let t = day * 86_400 + 86_399;
            assert_eq!(parse_rfc3339(&format_rfc3339(t)).ok(), Some(t), "{t}");
        }
        // The far past and future do not panic.
        for t in [i64::MIN, i64::MAX] {
            assert!(!format_rfc3339(t).is_empty());
        }
    }

    #[test]
    fn malformed_ones_say_why() {
        for (s, why) in [
            ("2022-02-08", "too short"),
            ("2022-02-30T10:00:00Z", "day out of range"),
            ("2021-02-29T10:00:00Z", "day out of range"),
            ("2022-13-08T10:00:00Z", "month out of range"),
            ("2022-02-08T24:00:00Z", "time out of range"),
            ("2022-02-08T10:00:00", "too short"),
            ("2022-02-08T10:00:00+0100", "expected 'Z'"),
            ("2022-02-08T10:00:00.Z", "empty fraction"),
            ("2022-02-08X10:00:00Z", "expected 'T'"),
            ("20a2-02-08T10:00:00Z", "year is not a number"),
            ("2022-02-08T10:00:00Zjunk", "expected 'Z'"),
            ("2022-02-08T10:00:00+01:60", "offset out of range"),
            ("2022-02-08T10:00:00+١١:00", "expected 'Z'"),
        ] {
            let e = parse_rfc3339(s).unwrap_err().to_string();
            assert!(e.contains(why), "{s}: {e}");
            assert!(
                e.starts_with(&format!("invalid RFC 3339 timestamp {s:?}: ")),
                "{e}"
            );
        }
    }
}
