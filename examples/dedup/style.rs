//! ANSI colours for the terminal report, on only when they help.

use std::io::IsTerminal;

use crate::cli::ColorChoice;

/// Wraps text in ANSI escapes when enabled.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    enabled: bool,
}

impl Style {
    /// Colour per `choice`: `auto` colours when stdout is a terminal and
    /// `NO_COLOR` is unset or empty (see no-color.org).
    pub fn new(choice: ColorChoice) -> Style {
        let enabled = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        Style { enabled }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.enabled {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    /// Headings.
    pub fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    /// Secondary text.
    pub fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    /// Copied text and inserted words.
    pub fn green(&self, s: &str) -> String {
        self.paint("32", s)
    }
    /// Edited text.
    pub fn yellow(&self, s: &str) -> String {
        self.paint("33", s)
    }
    /// Added text.
    pub fn cyan(&self, s: &str) -> String {
        self.paint("36", s)
    }
    /// Omitted text and removed words.
    pub fn red(&self, s: &str) -> String {
        self.paint("31", s)
    }
    /// Warnings.
    pub fn magenta(&self, s: &str) -> String {
        self.paint("35", s)
    }
}
