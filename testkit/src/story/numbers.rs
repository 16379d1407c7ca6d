//! Figures: fresh ones shaped like the chain's, and changed ones.

use crate::rng::Rng;

/// A fresh figure shaped like `template`: years stay years, digits are
/// redrawn (no leading zero), separators and ordinal suffixes are kept right.
pub(crate) fn fresh_number(template: &str, rng: &mut Rng) -> String {
    let digits = template.bytes().filter(u8::is_ascii_digit).count();
    if digits == 4
        && template.len() == 4
        && (template.starts_with("19") || template.starts_with("20"))
    {
        return (1990 + rng.below(35)).to_string();
    }
    let mut out = String::with_capacity(template.len());
    let mut prev_digit = false;
    let mut after_point = false;
    for c in template.chars() {
        if c.is_ascii_digit() {
            let d = if prev_digit || after_point {
                rng.below(10)
            } else {
                1 + rng.below(9)
            };
            out.push(char::from(b'0' + d as u8));
            prev_digit = true;
        } else {
            after_point = c == '.' && prev_digit;
            prev_digit = false;
            out.push(c);
        }
    }
    fix_ordinal(&mut out);
    out
}

/// `21th` → `21st`: recomputes an ordinal suffix after its digits changed.
pub(super) fn fix_ordinal(s: &mut String) {
    for suffix in ["st", "nd", "rd", "th"] {
        if let Some(num) = s.strip_suffix(suffix) {
            if let Some(n) = num
                .rsplit(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|d| d.parse::<u64>().ok())
            {
                let right = match (n % 10, n % 100) {
                    (_, 11..=13) => "th",
                    (1, _) => "st",
                    (2, _) => "nd",
                    (3, _) => "rd",
                    _ => "th",
                };
                let num = num.to_string();
                *s = num + right;
            }
            return;
        }
    }
}

/// The same figure with one digit changed (a "changed figure" edit).
pub(crate) fn change_number(number: &str, rng: &mut Rng) -> String {
    let positions: Vec<usize> = number
        .char_indices()
        .filter(|&(i, c)| c.is_ascii_digit() && i > 0)
        .map(|(i, _)| i)
        .collect();
    let mut bytes = number.as_bytes().to_vec();
    let pos = match rng.pick(&positions) {
        Some(&p) => p,
        None => match number.find(|c: char| c.is_ascii_digit()) {
            Some(p) => p,
            None => return format!("{number}0"),
        },
    };
    let old = bytes[pos] - b'0';
    let new = (old + 1 + rng.below(8) as u8) % 10;
    let new = if pos == 0 && new == 0 {
        1 + old % 9
    } else {
        new
    };
    bytes[pos] = b'0' + new;
    let mut s = String::from_utf8(bytes).unwrap_or_else(|_| number.to_string());
    fix_ordinal(&mut s);
    s
}
