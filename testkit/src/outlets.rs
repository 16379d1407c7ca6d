//! Outlets, their house style and their boilerplate.
//!
//! Every outlet wraps every article it publishes (reprints, rival reports
//! and its own unrelated articles alike) in the same header and footer:
//! newsletter sign-up, subscription pitch, copyright line, and a comment
//! policy shared verbatim by all outlets of its media group. Reprints also
//! get the outlet's "With files from …" line. A shared footer is exactly the
//! kind of text that would chain unrelated stories in a naive engine.

use std::collections::BTreeSet;

use super::lexicon::{
    COMMENT_POLICIES, FILES_FROM, FOOTERS, HEADERS, NEWSLETTERS, OUTLET_SUFFIXES, PHOTO_CREDITS,
    WEEKDAYS,
};
use super::rng::{derive, Rng};
use super::story::name;

/// Outlets per media group.
const GROUP_SIZE: usize = 4;

/// A news outlet.
#[derive(Debug, Clone)]
pub(crate) struct Outlet {
    pub(crate) name: String,
    /// Header line above every article.
    pub(crate) header: Option<String>,
    /// Footer paragraphs under every article.
    pub(crate) footer: Vec<String>,
    /// "With files from {wire}" template, under every reprint.
    pub(crate) files_from: &'static str,
    /// Photo credit template (`{name}`, `{outlet}`, `{wire}`).
    pub(crate) photo_credit: &'static str,
    /// Curly quotes or straight ones.
    pub(crate) curly: bool,
    /// `Mr` / `Mr.` before surnames, or nothing.
    pub(crate) honorific: Option<&'static str>,
    /// British spellings.
    pub(crate) uk: bool,
}

fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    let mut s = template.to_string();
    for (k, v) in pairs {
        s = s.replace(k, v);
    }
    s
}

/// The `n` outlets of a corpus made with `seed`.
pub(crate) fn outlets(seed: u64, n: usize) -> Vec<Outlet> {
    let mut names = BTreeSet::new();
    let groups: Vec<(String, usize)> = (0..n.div_ceil(GROUP_SIZE))
        .map(|g| {
            let mut rng = Rng::new(seed, &[10, g as u64]);
            let group = format!("{} Media", name(rng.next_u64()));
            (group, rng.below(COMMENT_POLICIES.len()))
        })
        .collect();
    (0..n)
        .map(|i| {
            let mut rng = Rng::new(seed, &[11, i as u64]);
            let name = loop {
                let city = name(rng.next_u64());
                let suffix = rng.pick(OUTLET_SUFFIXES).copied().unwrap_or("News");
                let candidate = format!("The {city} {suffix}");
                if names.insert(candidate.clone()) {
                    break candidate;
                }
            };
            let (group, policy) = &groups[i / GROUP_SIZE];
            let year = (2020 + rng.below(5)).to_string();
            let newsletter = rng.pick(NEWSLETTERS).copied().unwrap_or("News");
            let day = rng.pick(WEEKDAYS).copied().unwrap_or("Monday");
            let pairs = [
                ("{outlet}", name.as_str()),
                ("{group}", group.as_str()),
                ("{newsletter}", newsletter),
                ("{day}", day),
                ("{year}", year.as_str()),
            ];
            let header = rng
                .chance(0.4)
                .then(|| fill(rng.pick(HEADERS).copied().unwrap_or(""), &pairs));
            let mut footers: Vec<usize> = (0..FOOTERS.len()).collect();
            rng.shuffle(&mut footers);
            let count = rng.range(1, 3);
            let mut footer: Vec<String> = footers[..count]
                .iter()
                .map(|&f| fill(FOOTERS[f], &pairs))
                .collect();
            // Most outlets of a group carry the group's comment policy.
            if rng.chance(0.75) {
                footer.push(fill(COMMENT_POLICIES[*policy], &pairs));
            }
            let uk = rng.chance(0.25);
            Outlet {
                header,
                footer,
                files_from: rng
                    .pick(FILES_FROM)
                    .copied()
                    .unwrap_or("With files from {wire}"),
                photo_credit: rng.pick(PHOTO_CREDITS).copied().unwrap_or("({name})"),
                curly: rng.chance(0.6),
                honorific: match rng.weighted(&[0.55, 0.3, 0.15]) {
                    0 => None,
                    1 => Some("Mr"),
                    _ => Some("Mr."),
                },
                uk,
                name,
            }
        })
        .collect()
}

impl Outlet {
    /// The photo credit for a photographer and a wire agency.
    pub(crate) fn credit(&self, photographer: &str, wire: &str) -> String {
        fill(
            self.photo_credit,
            &[
                ("{name}", photographer),
                ("{outlet}", self.name.as_str()),
                ("{wire}", wire),
            ],
        )
    }

    /// The "With files from" line for a wire agency.
    pub(crate) fn files_from(&self, wire: &str) -> String {
        fill(self.files_from, &[("{wire}", wire)])
    }

    /// Joins the outlet's header, `body` paragraphs and footer into a text.
    pub(crate) fn wrap(&self, body: &[String], extra_footer: Option<String>) -> String {
        let mut parts: Vec<&str> = Vec::with_capacity(body.len() + 6);
        if let Some(h) = &self.header {
            parts.push(h);
        }
        parts.extend(body.iter().map(String::as_str));
        if let Some(e) = &extra_footer {
            parts.push(e);
        }
        parts.extend(self.footer.iter().map(String::as_str));
        parts.join("\n\n")
    }

    /// [`Outlet::wrap`], with the byte range of each `body` paragraph in
    /// the text.
    pub(crate) fn wrap_spans(
        &self,
        body: &[String],
        extra_footer: Option<String>,
    ) -> (String, Vec<(usize, usize)>) {
        let mut at = self.header.as_ref().map_or(0, |h| h.len() + 2);
        let spans = body
            .iter()
            .map(|p| {
                let span = (at, at + p.len());
                at = span.1 + 2;
                span
            })
            .collect();
        (self.wrap(body, extra_footer), spans)
    }
}

/// A photographer's name: first and last, from a story key.
pub(crate) fn photographer(key: u64) -> String {
    format!(
        "{} {}",
        name(derive(key, &[20, 0])),
        name(derive(key, &[20, 1]))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlets_are_distinct_and_groups_share_policies() {
        let list = outlets(3, 12);
        let names: BTreeSet<&str> = list.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names.len(), 12);
        assert!(list.iter().all(|o| !o.footer.is_empty()));
        // Each outlet's text is filled: no template slot left.
        for o in &list {
            let text = o.wrap(&["Body.".to_string()], Some(o.files_from("Atlas Wire")));
            assert!(!text.contains('{'), "{text}");
            assert!(text.contains("Body."));
        }
        assert_eq!(outlets(3, 12)[5].footer, list[5].footer);
    }
}
