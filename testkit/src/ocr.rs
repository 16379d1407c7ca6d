//! An OCR noise channel: what a scanner's text recognition does to print.
//!
//! Errors arrive at a configured *rate*: the expected number of character
//! edits (as Levenshtein distance counts them) per character of the input.
//! Each error is one of:
//!
//! - **a look-alike substitution** (weight 0.6): `e`/`c`, `rn`/`m`, `l`/`1`,
//!   `O`/`0`, `h`/`b`, `u`/`n`, `i`/`l`, `S`/`5`, `B`/`8`, `cl`/`d`, …
//!   (one or two edits);
//! - **a split word** (0.12): a space inside a word (one edit);
//! - **joined words** (0.12): the space between two words dropped (one edit);
//! - **a hyphenation at a line end** (0.16): `exam-\nple`, as when a column's
//!   line breaks are kept (two edits).
//!
//! Errors are drawn position by position and each waits for the next place
//! it applies to (a join waits for a space between letters), so the rate
//! holds whatever the text; at most one error is made at a position. Paragraph breaks are left alone. Everything is
//! drawn from the given [`Rng`], so the channel is deterministic.

use super::rng::Rng;

/// Look-alike substitutions: (printed, recognised), both directions listed
/// where OCR confuses both ways.
const CONFUSIONS: &[(&str, &str)] = &[
    ("e", "c"),
    ("c", "e"),
    ("rn", "m"),
    ("m", "rn"),
    ("l", "1"),
    ("1", "l"),
    ("O", "0"),
    ("0", "O"),
    ("h", "b"),
    ("u", "n"),
    ("n", "u"),
    ("i", "l"),
    ("I", "l"),
    ("S", "5"),
    ("B", "8"),
    ("cl", "d"),
    ("d", "cl"),
    ("a", "o"),
    ("t", "f"),
    ("f", "t"),
    ("s", "a"),
    ("v", "y"),
];

/// Error kinds and their weights (substitution, split, join, hyphenation).
const KIND_WEIGHTS: [f64; 4] = [0.6, 0.12, 0.12, 0.16];

/// Expected edits of one error: substitutions cost 1 or 2 (about a tenth of
/// those made change the length), splits and joins 1, hyphenations 2.
const MEAN_EDITS: f64 = 0.6 * 1.1 + 0.12 + 0.12 + 0.16 * 2.0;

/// The text after the channel, with how many errors were made and where the
/// marked byte offsets of the input went.
#[derive(Debug, Clone)]
pub(crate) struct Noisy {
    pub(crate) text: String,
    /// Number of character edits made (an upper bound of the Levenshtein
    /// distance to the input).
    pub(crate) edits: usize,
}

fn is_letter(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphabetic)
}

/// Runs `text` through the channel at `rate` edits per character. Each
/// offset in `marks` (a char boundary of `text`, in any order) is replaced
/// by the matching offset of the output, so that byte ranges can follow the
/// text they delimit.
pub(crate) fn ocr(text: &str, rate: f64, rng: &mut Rng, marks: &mut [usize]) -> Noisy {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut new_marks: Vec<Option<usize>> = vec![None; marks.len()];
    let p_error = (rate / MEAN_EDITS).clamp(0.0, 1.0);
    // Errors drawn and not yet made, by kind.
    let mut pending = [0usize; 4];
    let mut edits = 0;
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut i = 0;
    while i < chars.len() {
        let (offset, c) = chars[i];
        for (m, new) in marks.iter().zip(new_marks.iter_mut()) {
            if *m == offset {
                *new = Some(out.len());
            }
        }
        if rng.chance(p_error) {
            pending[rng.weighted(&KIND_WEIGHTS)] += 1;
        }
        let prev = i.checked_sub(1).and_then(at);
        let mut consumed = 0;
        // At most one error here: the first waiting kind that applies.
        for (kind, waiting) in pending.iter_mut().enumerate() {
            if *waiting == 0 {
                continue;
            }
            let applied = match kind {
                0 => {
                    let rest = &text[offset..];
                    let hits: Vec<&(&str, &str)> = CONFUSIONS
                        .iter()
                        .filter(|(from, _)| rest.starts_with(from))
                        .collect();
                    rng.pick(&hits).is_some_and(|&&(from, to)| {
                        out.push_str(to);
                        edits += from.len().max(to.len());
                        consumed = from.chars().count();
                        true
                    })
                }
                1 if is_letter(prev) && c.is_alphabetic() => {
                    out.push(' ');
                    edits += 1;
                    true
                }
                2 if c == ' ' && is_letter(prev) && is_letter(at(i + 1)) => {
                    edits += 1;
                    consumed = 1;
                    true
                }
                3 if is_letter(prev)
                    && is_letter(i.checked_sub(2).and_then(at))
                    && c.is_alphabetic()
                    && is_letter(at(i + 1)) =>
                {
                    out.push_str("-\n");
                    edits += 2;
                    true
                }
                _ => false,
            };
            if applied {
                *waiting -= 1;
                break;
            }
        }
        if consumed == 0 {
            out.push(c);
            consumed = 1;
        }
        // Marks inside a consumed multi-character confusion map to its end.
        for k in 1..consumed {
            if let Some(&(o, _)) = chars.get(i + k) {
                for (m, new) in marks.iter().zip(new_marks.iter_mut()) {
                    if *m == o {
                        *new = Some(out.len());
                    }
                }
            }
        }
        i += consumed;
    }
    for (m, new) in marks.iter_mut().zip(new_marks) {
        *m = new.unwrap_or(out.len());
    }
    Noisy { text: out, edits }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_follow_the_text_and_rate_zero_is_identity() {
        let text =
            "The examination of the modern harbour closed on Monday.\n\nSecond paragraph here.";
        let mut marks = [0, 4, text.find("\n\n").unwrap_or(0), text.len()];
        let clean = ocr(text, 0.0, &mut Rng::new(1, &[]), &mut marks.clone());
        assert_eq!(clean.text, text);
        assert_eq!(clean.edits, 0);
        let noisy = ocr(text, 0.3, &mut Rng::new(1, &[]), &mut marks);
        assert_ne!(noisy.text, text);
        assert!(noisy.edits > 0);
        assert_eq!(marks[0], 0);
        assert_eq!(marks[3], noisy.text.len());
        assert_eq!(&noisy.text[marks[2]..marks[2] + 2], "\n\n");
    }
}
