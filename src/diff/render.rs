//! Plain-text rendering of an [`Alignment`], as a list of items a caller can
//! style (the terminal report is those items written plainly).

use std::fmt;

use super::{Alignment, EditKind, Kind, Mapping, ReprintParagraph};

/// Longest paragraph text shown whole, in chars.
const PARAGRAPH_CHARS: usize = 110;
/// Longest unchanged stretch shown whole between two edits, in chars.
const CONTEXT_CHARS: usize = 60;
/// Longest inserted or deleted text shown whole, in chars.
const EDIT_CHARS: usize = 70;

/// The marker at the start of a paragraph line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Mark {
    /// A copied reprint paragraph: `=`.
    Copied,
    /// An edited reprint paragraph: `~`.
    Edited,
    /// An added reprint paragraph: `+`.
    Added,
    /// An omitted source paragraph: `-`.
    Omitted,
}

impl Mark {
    /// The plain marker char.
    pub fn symbol(self) -> char {
        match self {
            Mark::Copied => '=',
            Mark::Edited => '~',
            Mark::Added => '+',
            Mark::Omitted => '-',
        }
    }
}

impl From<Kind> for Mark {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Copied => Mark::Copied,
            Kind::Edited => Mark::Edited,
            Kind::Added => Mark::Added,
        }
    }
}

/// A piece of original text, possibly abbreviated to its head and tail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snippet<'a> {
    /// The beginning (the whole text when not abbreviated).
    pub head: &'a str,
    /// Whether text was left out between `head` and `tail`.
    pub elided: bool,
    /// The end (empty when not abbreviated).
    pub tail: &'a str,
}

impl fmt::Display for Snippet<'_> {
    /// Writes the snippet on one line: runs of whitespace (line breaks
    /// included) become one space, an elision becomes ` … `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_collapsed(f, self.head)?;
        if self.elided {
            match (self.head.is_empty(), self.tail.is_empty()) {
                (true, _) => f.write_str("… ")?,
                (false, true) => f.write_str(" …")?,
                (false, false) => f.write_str(" … ")?,
            }
        }
        write_collapsed(f, self.tail)
    }
}

/// One item of a rendered report, in order. Written plainly by
/// [`Render`]'s `Display`; a caller that wants colour matches on them.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum RenderItem<'a> {
    /// A line of summary figures (no trailing newline).
    Summary(String),
    /// The start of a paragraph line.
    Marker(Mark),
    /// The paragraph's number, sources and figures, e.g. `r7 ← s5 split 0.91`.
    Label(String),
    /// Text of the paragraph shown as it is (unchanged, copied, added or omitted).
    Text(Snippet<'a>),
    /// Source words the reprint dropped or replaced.
    Deleted(Snippet<'a>),
    /// Reprint words not in the source.
    Inserted(Snippet<'a>),
    /// End of a line.
    Newline,
}

/// Omitted source paragraphs in a row of at least this many are reported on
/// one line (`s16–s35 omitted (20 paragraphs): …`).
const OMITTED_RUN: usize = 4;

/// Runs of consecutive numbers in a sorted list.
fn runs(sorted: &[usize]) -> impl Iterator<Item = &[usize]> {
    sorted.chunk_by(|a, b| b == &(a + 1))
}

/// A report of an alignment with the paragraphs' text: see
/// [`Alignment::render`].
///
/// `Display` writes one line per paragraph: a marker (`=` copied, `~` edited,
/// `+` added, `-` omitted source paragraph), a label, and the text, with word
/// edits inline as `[-deleted-]{+inserted+}`; long stretches are abbreviated
/// with `…`, and four or more omitted source paragraphs in a row share one
/// line. [`items`](Self::items) yields the same content for styling.
#[derive(Debug, Clone, Copy)]
pub struct Render<'a> {
    alignment: &'a Alignment,
    source: &'a str,
    reprint: &'a str,
}

impl<'a> Render<'a> {
    pub(crate) fn new(alignment: &'a Alignment, source: &'a str, reprint: &'a str) -> Self {
        Render {
            alignment,
            source,
            reprint,
        }
    }

    /// The report as items, in order.
    ///
    /// # Example
    ///
    /// Styling the report, here with ANSI colours:
    ///
    /// ```
    /// use reprint::diff::{align, AlignConfig, Mark, RenderItem};
    ///
    /// let source = "Macron met with Ukrainian President Volodymyr Zelensky amid mounting fears of a Russian invasion of the country.";
    /// let reprint = "Macron met with Ukrainian President Volodymyr Zelenskyy amid mounting fears of a Russian invasion of the country.";
    /// let report = align(source, reprint, &AlignConfig::default());
    /// let mut out = String::new();
    /// for item in report.render(source, reprint).items() {
    ///     match item {
    ///         RenderItem::Marker(Mark::Added) => out.push_str("\x1b[32m+\x1b[0m "),
    ///         RenderItem::Marker(m) => out.push_str(&format!("{} ", m.symbol())),
    ///         RenderItem::Deleted(s) => out.push_str(&format!("\x1b[31m{s}\x1b[0m")),
    ///         RenderItem::Inserted(s) => out.push_str(&format!("\x1b[32m{s}\x1b[0m")),
    ///         RenderItem::Text(s) => out.push_str(&s.to_string()),
    ///         RenderItem::Label(l) => out.push_str(&format!("{l}: ")),
    ///         RenderItem::Summary(l) => out.push_str(&l),
    ///         RenderItem::Newline => out.push('\n'),
    ///         _ => {}
    ///     }
    /// }
    /// assert!(out.contains("\x1b[31mZelensky\x1b[0m\x1b[32mZelenskyy\x1b[0m"));
    /// ```
    pub fn items(&self) -> Vec<RenderItem<'a>> {
        let a = self.alignment;
        let mut out = Vec::new();
        for line in summary_text(a) {
            out.push(RenderItem::Summary(line));
            out.push(RenderItem::Newline);
        }
        out.push(RenderItem::Newline);
        for (i, p) in a.paragraphs.iter().enumerate() {
            out.push(RenderItem::Marker(p.kind.into()));
            let mut label = format!("r{i}");
            if p.kind != Kind::Added {
                label.push(' ');
                label.push_str(&self::label(p));
            }
            out.push(RenderItem::Label(label));
            if p.kind == Kind::Edited {
                self.edited(p, &mut out);
            } else {
                let text = slice(self.reprint, p.start, p.end);
                out.push(RenderItem::Text(abbreviate(text, PARAGRAPH_CHARS)));
            }
            out.push(RenderItem::Newline);
        }
        for run in runs(&a.omitted_source_paragraphs) {
            let (first, last) = (run[0], run[run.len() - 1]);
            let Some(p) = a.source.get(first) else {
                continue;
            };
            out.push(RenderItem::Marker(Mark::Omitted));
            let text = slice(self.source, p.start, p.end);
            if run.len() >= OMITTED_RUN {
                // A long omitted stretch (a trimmed tail) takes one line.
                out.push(RenderItem::Label(format!(
                    "s{first}–s{last} omitted ({} paragraphs)",
                    run.len()
                )));
                out.push(RenderItem::Text(abbreviate(text, PARAGRAPH_CHARS / 2)));
                out.push(RenderItem::Newline);
                continue;
            }
            out.push(RenderItem::Label(format!("s{first} omitted")));
            out.push(RenderItem::Text(abbreviate(text, PARAGRAPH_CHARS)));
            out.push(RenderItem::Newline);
            for &s in &run[1..] {
                let Some(p) = a.source.get(s) else { continue };
                out.push(RenderItem::Marker(Mark::Omitted));
                out.push(RenderItem::Label(format!("s{s} omitted")));
                let text = slice(self.source, p.start, p.end);
                out.push(RenderItem::Text(abbreviate(text, PARAGRAPH_CHARS)));
                out.push(RenderItem::Newline);
            }
        }
        out
    }

    fn edited(&self, p: &ReprintParagraph, out: &mut Vec<RenderItem<'a>>) {
        let mut pos = p.start;
        for (n, e) in p.edits.iter().enumerate() {
            let start = e.reprint.start.max(pos);
            let gap = slice(self.reprint, pos, start);
            if !gap.is_empty() {
                let s = if n == 0 {
                    tail_only(gap, CONTEXT_CHARS / 2)
                } else {
                    abbreviate(gap, CONTEXT_CHARS)
                };
                out.push(RenderItem::Text(s));
            }
            // A deletion sits right after the previous word: keep it apart.
            let glued = start > p.start && !gap.ends_with(char::is_whitespace);
            if e.kind == EditKind::Delete && glued {
                out.push(RenderItem::Text(whole(" ")));
            }
            let deleted = slice(self.source, e.source.start, e.source.end);
            let inserted = slice(self.reprint, e.reprint.start, e.reprint.end);
            if e.kind != EditKind::Insert {
                out.push(RenderItem::Deleted(abbreviate(deleted, EDIT_CHARS)));
            }
            if e.kind != EditKind::Delete {
                out.push(RenderItem::Inserted(abbreviate(inserted, EDIT_CHARS)));
            }
            pos = pos.max(e.reprint.end);
        }
        let rest = slice(self.reprint, pos, p.end);
        if !rest.is_empty() {
            let s = if p.edits.is_empty() {
                abbreviate(rest, PARAGRAPH_CHARS)
            } else {
                head_only(rest, CONTEXT_CHARS / 2)
            };
            out.push(RenderItem::Text(s));
        }
    }
}

impl fmt::Display for Render<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for item in self.items() {
            match item {
                RenderItem::Summary(s) => f.write_str(&s)?,
                RenderItem::Marker(m) => write!(f, "{} ", m.symbol())?,
                RenderItem::Label(l) => write!(f, "{l}: ")?,
                RenderItem::Text(s) => write!(f, "{s}")?,
                RenderItem::Deleted(s) => write!(f, "[-{s}-]")?,
                RenderItem::Inserted(s) => write!(f, "{{+{s}+}}")?,
                RenderItem::Newline => f.write_str("\n")?,
            }
        }
        Ok(())
    }
}

/// `← s2,s4 merge 0.87 moved`: sources and figures of a derived paragraph.
pub(crate) fn label(p: &ReprintParagraph) -> String {
    let sources: Vec<String> = p
        .source_paragraphs
        .iter()
        .map(|s| format!("s{s}"))
        .collect();
    let mut l = format!("← {}", sources.join(","));
    match p.mapping {
        Mapping::Split => l.push_str(" split"),
        Mapping::Merge => l.push_str(" merge"),
        _ => {}
    }
    if p.kind == Kind::Edited {
        l.push_str(&format!(" 0.{:02}", p.similarity_percent()));
    }
    if p.moved {
        l.push_str(" moved");
    }
    l
}

fn summary_text(a: &Alignment) -> Vec<String> {
    let s = &a.summary;
    vec![
        format!(
            "reprint: {} paragraphs, {} words; source: {} paragraphs, {} words",
            a.paragraphs.len(),
            s.reprint_words,
            a.source.len(),
            s.source_words
        ),
        format!(
            "taken from the source: {:.1}% of the reprint's words; reused: {:.1}% of the source's words",
            100.0 * s.taken_share,
            100.0 * s.reused_share
        ),
        format!(
            "copied {}, edited {}, added {}, omitted {}; splits {}, merges {}, moved {}",
            s.copied, s.edited, s.added, s.omitted, s.splits, s.merges, s.moved
        ),
    ]
}

pub(crate) fn summary_lines(a: &Alignment, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    for line in summary_text(a) {
        writeln!(f, "{line}")?;
    }
    Ok(())
}

/// `text[start..end]`, or `""` if the span does not fit the text.
fn slice(text: &str, start: usize, end: usize) -> &str {
    text.get(start..end).unwrap_or("")
}

fn whole(text: &str) -> Snippet<'_> {
    Snippet {
        head: text,
        elided: false,
        tail: "",
    }
}

/// The text, or its first ~⅔ and last ~⅓ of `max` chars cut at spaces.
fn abbreviate(text: &str, max: usize) -> Snippet<'_> {
    if text.chars().count() <= max {
        return whole(text);
    }
    let head = cut_head(text, max * 2 / 3);
    let tail = cut_tail(text, max / 3);
    Snippet {
        head,
        elided: true,
        tail,
    }
}

/// The last ~`max` chars, after an elision.
fn tail_only(text: &str, max: usize) -> Snippet<'_> {
    if text.chars().count() <= max {
        return whole(text);
    }
    Snippet {
        head: "",
        elided: true,
        tail: cut_tail(text, max),
    }
}

/// The first ~`max` chars, before an elision.
fn head_only(text: &str, max: usize) -> Snippet<'_> {
    if text.chars().count() <= max {
        return whole(text);
    }
    Snippet {
        head: cut_head(text, max),
        elided: true,
        tail: "",
    }
}

/// At most `max` leading chars, cut after the last whitespace if there is one.
fn cut_head(text: &str, max: usize) -> &str {
    let end = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let head = &text[..end];
    match head.rfind(char::is_whitespace) {
        Some(i) if i > 0 => head[..i].trim_end(),
        _ => head,
    }
}

/// At most `max` trailing chars, cut before the first whitespace if there is one.
fn cut_tail(text: &str, max: usize) -> &str {
    let n = text.chars().count();
    let start = text
        .char_indices()
        .nth(n.saturating_sub(max))
        .map_or(text.len(), |(i, _)| i);
    let tail = &text[start..];
    match tail.find(char::is_whitespace) {
        Some(i) if i + 1 < tail.len() => tail[i..].trim_start(),
        _ => tail,
    }
}

fn write_collapsed(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !space {
                f.write_str(" ")?;
            }
            space = true;
        } else {
            write!(f, "{c}")?;
            space = false;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn omitted_runs_share_a_line() {
        let got: Vec<&[usize]> = runs(&[1, 2, 3, 7, 9, 10]).collect();
        assert_eq!(got, [&[1, 2, 3][..], &[7], &[9, 10]]);
        let paras: Vec<String> = (0..12)
            .map(|i| {
                format!(
                    "Paragraph number {i} of the wire story says something new about topic {i}."
                )
            })
            .collect();
        let source = paras.join("\n\n");
        let reprint = paras[..3].join("\n\n");
        let a = crate::diff::align(&source, &reprint, &crate::diff::AlignConfig::default());
        let text = a.render(&source, &reprint).to_string();
        assert!(text.contains("s3–s11 omitted (9 paragraphs)"), "{text}");
        assert_eq!(
            text.lines().filter(|l| l.starts_with("- ")).count(),
            1,
            "{text}"
        );
    }

    #[test]
    fn abbreviation_cuts_at_spaces_and_char_boundaries() {
        let t = "één twee drie vier vijf zes zeven acht negen tien elf twaalf";
        let s = abbreviate(t, 20);
        assert!(s.elided);
        assert!(t.starts_with(s.head) && t.ends_with(s.tail));
        assert!(!s.head.ends_with(' ') && !s.tail.starts_with(' '));
        assert_eq!(abbreviate("short", 20), whole("short"));
        assert_eq!(format!("{}", whole("a \n\n b")), "a b");
        let h = head_only("ééééééééééé", 3);
        assert_eq!(h.head, "ééé");
        assert_eq!(tail_only("ééééé", 2).tail, "éé");
    }
}
