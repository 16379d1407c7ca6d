//! Text from inputs made safe to print: control characters and escape
//! sequences are shown as escapes, so an id or a text cannot move the
//! cursor, retitle the window, clear the screen or overwrite a line. Only
//! the report's own colours reach the terminal as escape sequences.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` is shown escaped: C0 controls (tab and newline included),
/// DEL, C1 controls (U+0080 to U+009F, 8-bit CSI among them), and the
/// bidirectional overrides and isolates that reorder what follows them.
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `c` written as an escape: `\n`, `\r`, `\t`, `\x1b`, `\u{202e}`.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// `s` with every control character, escape sequence introducer and
/// bidirectional override escaped; borrowed when there is none.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` as one TSV field: as [`for_terminal`], with backslashes doubled so
/// that the escapes can be undone.
pub fn for_tsv(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c == '\\' || is_unsafe(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if is_unsafe(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_escape_sequences_are_shown_escaped() {
        assert!(matches!(for_terminal("plain café"), Cow::Borrowed(_)));
        assert_eq!(
            for_terminal("a\x1b]0;owned\x07b\x1b[2J\rc\nd\te\u{9b}f\u{202e}g\x7f"),
            "a\\x1b]0;owned\\x07b\\x1b[2J\\rc\\nd\\te\\u{9b}f\\u{202e}g\\x7f"
        );
        assert_eq!(for_terminal("back\\slash"), "back\\slash");
    }

    #[test]
    fn tsv_fields_escape_backslashes_too() {
        assert_eq!(for_tsv("a\tb\\c\nd\x1b[31m"), "a\\tb\\\\c\\nd\\x1b[31m");
        assert!(matches!(for_tsv("plain"), Cow::Borrowed(_)));
    }
}
