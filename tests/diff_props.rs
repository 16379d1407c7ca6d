//! Properties of the paragraph alignment on generated texts.

use proptest::prelude::*;
use reprint::diff::{align, AlignConfig, AlignSource, Alignment, EditKind, Kind, Mapping};
use reprint::text::{normalize, Tokenizer};

/// Pseudo-words of three syllables: 1,000 of them, so two random paragraphs
/// share words but almost never a three-word phrase.
fn vocabulary() -> Vec<String> {
    const SYL: [&str; 10] = ["ka", "lo", "mi", "ne", "ru", "si", "ta", "vo", "ze", "pu"];
    let mut v = Vec::with_capacity(1000);
    for a in SYL {
        for b in SYL {
            for c in SYL {
                v.push(format!("{a}{b}{c}"));
            }
        }
    }
    v
}

/// Words that never occur in generated text, for substitutions.
fn replacement_word() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["Xylofon", "quärz", "Ångström", "ЖЖук", "zwölf"])
        .prop_map(str::to_string)
}

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(vocabulary())
}

/// A paragraph of 12 to 40 words, with some capitals and punctuation.
fn paragraph_text() -> impl Strategy<Value = String> {
    prop::collection::vec((word(), 0u8..10), 12..40).prop_map(|words| {
        let mut s = String::new();
        for (i, (w, style)) in words.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            match style {
                0 => {
                    let mut c = w.chars();
                    if let Some(f) = c.next() {
                        s.extend(f.to_uppercase());
                        s.push_str(c.as_str());
                    }
                }
                1 => s.push_str(&format!("“{w}”")),
                _ => s.push_str(w),
            }
            if *style == 2 {
                s.push(',');
            }
        }
        s.push('.');
        s
    })
}

/// A story of 2 to 8 paragraphs.
fn story() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(paragraph_text(), 2..8)
}

fn join(paragraphs: &[String]) -> String {
    paragraphs.join("\n\n")
}

/// Any text at all, paragraph breaks and odd chars included.
fn arbitrary_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        any::<String>(),
        "[a-zé’' .,\n—]{0,200}",
        prop::collection::vec(paragraph_text(), 0..4).prop_map(|p| p.join("\n \n")),
    ]
}

/// Checks every span of `a` against the two texts: on char boundaries,
/// inside the texts, paragraph spans as the tokenizer gives them, and edit
/// spans covering exactly the words they count.
fn check_spans(a: &Alignment, source: &str, reprint: &str) -> Result<(), TestCaseError> {
    let t = Tokenizer::new();
    let (sa, ra) = (t.analyze(source), t.analyze(reprint));
    prop_assert_eq!(a.paragraphs.len(), ra.paragraphs.len());
    prop_assert_eq!(a.source.len(), sa.paragraphs.len());
    for (p, q) in a.paragraphs.iter().zip(&ra.paragraphs) {
        prop_assert_eq!(p.start..p.end, q.span.clone());
    }
    for (p, q) in a.source.iter().zip(&sa.paragraphs) {
        prop_assert_eq!(p.start..p.end, q.span.clone());
    }
    let words = |text: &str, start: usize, end: usize| -> Result<usize, TestCaseError> {
        prop_assert!(start <= end && end <= text.len());
        prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        let n = normalize(&text[start..end]);
        Ok(if n.is_empty() {
            0
        } else {
            n.split(' ').count()
        })
    };
    for p in &a.paragraphs {
        prop_assert!((0.0..=1.0).contains(&p.similarity));
        for e in &p.edits {
            prop_assert_eq!(words(source, e.source.start, e.source.end)?, e.source_words);
            prop_assert_eq!(
                words(reprint, e.reprint.start, e.reprint.end)?,
                e.reprint_words
            );
            prop_assert!(p.start <= e.reprint.start && e.reprint.end <= p.end);
            let in_a_source = p
                .source_paragraphs
                .iter()
                .any(|&s| a.source[s].start <= e.source.start && e.source.end <= a.source[s].end);
            prop_assert!(
                in_a_source,
                "edit {:?} outside sources {:?}",
                e,
                p.source_paragraphs
            );
            match e.kind {
                EditKind::Insert => prop_assert!(e.source_words == 0 && e.reprint_words > 0),
                EditKind::Delete => prop_assert!(e.source_words > 0 && e.reprint_words == 0),
                _ => prop_assert!(e.source_words > 0 && e.reprint_words > 0),
            }
        }
    }
    Ok(())
}

fn kinds(a: &Alignment) -> Vec<Kind> {
    a.paragraphs.iter().map(|p| p.kind).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_text_aligned_with_itself_is_all_copied(paragraphs in story()) {
        let text = join(&paragraphs);
        let a = align(&text, &text, &AlignConfig::default());
        prop_assert_eq!(kinds(&a), vec![Kind::Copied; paragraphs.len()]);
        for (i, p) in a.paragraphs.iter().enumerate() {
            prop_assert_eq!(&p.source_paragraphs, &vec![i]);
            prop_assert!(!p.moved);
            prop_assert_eq!(p.similarity, 1.0);
        }
        prop_assert!(a.omitted_source_paragraphs.is_empty());
        prop_assert_eq!(a.summary.taken_share, 1.0);
        prop_assert_eq!(a.summary.reused_share, 1.0);
        check_spans(&a, &text, &text)?;
    }

    #[test]
    fn unrelated_texts_are_added_and_omitted(a in story(), b in story()) {
        let (source, reprint) = (join(&a), join(&b));
        let al = align(&source, &reprint, &AlignConfig::default());
        prop_assert_eq!(kinds(&al), vec![Kind::Added; b.len()]);
        prop_assert_eq!(al.omitted_source_paragraphs, (0..a.len()).collect::<Vec<_>>());
        prop_assert_eq!(al.summary.taken_words, 0);
    }

    #[test]
    fn deleting_a_paragraph_omits_exactly_it(paragraphs in story(), k in any::<prop::sample::Index>()) {
        let k = k.index(paragraphs.len());
        let source = join(&paragraphs);
        let mut kept = paragraphs.clone();
        kept.remove(k);
        let reprint = join(&kept);
        let a = align(&source, &reprint, &AlignConfig::default());
        prop_assert_eq!(kinds(&a), vec![Kind::Copied; kept.len()]);
        for (i, p) in a.paragraphs.iter().enumerate() {
            let s = if i < k { i } else { i + 1 };
            prop_assert_eq!(&p.source_paragraphs, &vec![s]);
        }
        prop_assert_eq!(a.omitted_source_paragraphs, vec![k]);
        prop_assert_eq!(a.summary.moved, 0);
    }

    #[test]
    fn inserting_a_paragraph_adds_exactly_it(
        paragraphs in story(),
        new in paragraph_text(),
        k in any::<prop::sample::Index>(),
    ) {
        let k = k.index(paragraphs.len() + 1);
        let source = join(&paragraphs);
        let mut longer = paragraphs.clone();
        longer.insert(k, new);
        let reprint = join(&longer);
        let a = align(&source, &reprint, &AlignConfig::default());
        for (i, p) in a.paragraphs.iter().enumerate() {
            if i == k {
                prop_assert_eq!(p.kind, Kind::Added);
            } else {
                prop_assert_eq!(p.kind, Kind::Copied);
                let s = if i < k { i } else { i - 1 };
                prop_assert_eq!(&p.source_paragraphs, &vec![s]);
            }
        }
        prop_assert!(a.omitted_source_paragraphs.is_empty());
    }

    #[test]
    fn editing_a_word_shows_exactly_that_substitution(
        paragraphs in story(),
        k in any::<prop::sample::Index>(),
        w in any::<prop::sample::Index>(),
        replacement in replacement_word(),
    ) {
        let k = k.index(paragraphs.len());
        let source = join(&paragraphs);
        let mut words: Vec<String> = paragraphs[k].split(' ').map(str::to_string).collect();
        let w = w.index(words.len());
        let old = words[w].clone();
        // Keep the punctuation around the word, replace its letters.
        let letters: String = old.chars().filter(|c| c.is_alphabetic()).collect();
        words[w] = old.replacen(&letters, &replacement, 1);
        let mut edited = paragraphs.clone();
        edited[k] = words.join(" ");
        let reprint = join(&edited);
        let a = align(&source, &reprint, &AlignConfig::default());
        for (i, p) in a.paragraphs.iter().enumerate() {
            prop_assert_eq!(&p.source_paragraphs, &vec![i]);
            if i != k {
                prop_assert_eq!(p.kind, Kind::Copied);
                continue;
            }
            prop_assert_eq!(p.kind, Kind::Edited);
            prop_assert_eq!(p.mapping, Mapping::Single);
            prop_assert_eq!(p.edits.len(), 1);
            let e = &p.edits[0];
            prop_assert_eq!(e.kind, EditKind::Substitute);
            prop_assert_eq!(&source[e.source.range()], letters.as_str());
            prop_assert_eq!(&reprint[e.reprint.range()], replacement.as_str());
            let n = paragraphs[k].split(' ').count() as f64;
            prop_assert!((p.similarity - (n - 1.0) / n).abs() < 1e-9);
        }
        prop_assert!(a.omitted_source_paragraphs.is_empty());
        check_spans(&a, &source, &reprint)?;
    }

    #[test]
    fn splitting_a_paragraph_is_reported_as_a_split(
        paragraphs in story(),
        k in any::<prop::sample::Index>(),
        cut in 0.3f64..0.7,
    ) {
        let k = k.index(paragraphs.len());
        let source = join(&paragraphs);
        let words: Vec<&str> = paragraphs[k].split(' ').collect();
        let at = ((words.len() as f64 * cut) as usize).clamp(1, words.len() - 1);
        let mut edited = paragraphs.clone();
        let tail = words[at..].join(" ");
        edited[k] = words[..at].join(" ");
        edited.insert(k + 1, tail);
        let reprint = join(&edited);
        let a = align(&source, &reprint, &AlignConfig::default());
        prop_assert_eq!(a.splits.len(), 1);
        prop_assert_eq!(a.splits[0].source_paragraph, k);
        prop_assert_eq!(&a.splits[0].reprint_paragraphs, &vec![k, k + 1]);
        prop_assert!(a.omitted_source_paragraphs.is_empty());
        check_spans(&a, &source, &reprint)?;
    }

    #[test]
    fn merging_two_paragraphs_is_reported_as_a_merge(
        paragraphs in story(),
        k in any::<prop::sample::Index>(),
    ) {
        let k = k.index(paragraphs.len() - 1);
        let source = join(&paragraphs);
        let mut edited = paragraphs.clone();
        let next = edited.remove(k + 1);
        edited[k] = format!("{} {next}", edited[k]);
        let reprint = join(&edited);
        let a = align(&source, &reprint, &AlignConfig::default());
        let p = &a.paragraphs[k];
        prop_assert_eq!(p.kind, Kind::Edited);
        prop_assert_eq!(p.mapping, Mapping::Merge);
        prop_assert_eq!(&p.source_paragraphs, &vec![k, k + 1]);
        prop_assert_eq!(a.summary.merges, 1);
        prop_assert!(a.omitted_source_paragraphs.is_empty());
        check_spans(&a, &source, &reprint)?;
    }

    #[test]
    fn swapping_two_paragraphs_flags_a_move(
        paragraphs in story(),
        k in any::<prop::sample::Index>(),
    ) {
        let k = k.index(paragraphs.len() - 1);
        let source = join(&paragraphs);
        let mut edited = paragraphs.clone();
        edited.swap(k, k + 1);
        let reprint = join(&edited);
        let a = align(&source, &reprint, &AlignConfig::default());
        prop_assert_eq!(kinds(&a), vec![Kind::Copied; paragraphs.len()]);
        prop_assert_eq!(a.summary.moved, 1);
        prop_assert!(a.paragraphs[k].moved || a.paragraphs[k + 1].moved);
    }

    #[test]
    fn random_edits_keep_spans_valid(
        paragraphs in story(),
        ops in prop::collection::vec((0u8..4, any::<prop::sample::Index>(), word()), 0..12),
    ) {
        let source = join(&paragraphs);
        let mut words: Vec<String> = source.split(' ').map(str::to_string).collect();
        for (op, at, w) in ops {
            let i = at.index(words.len().max(1)).min(words.len());
            match op {
                0 if i < words.len() => { words.remove(i); }
                1 => words.insert(i, w),
                2 if i < words.len() => words[i] = w,
                _ => words.insert(i, "\n\n".to_string()),
            }
        }
        let reprint = words.join(" ");
        let a = align(&source, &reprint, &AlignConfig::default());
        check_spans(&a, &source, &reprint)?;
        let _ = a.render(&source, &reprint).to_string();
    }

    /// A source prepared once aligns each of several reprints as
    /// `align` does, whatever was aligned with it before.
    #[test]
    fn a_prepared_source_aligns_as_align(
        paragraphs in story(),
        reprints in prop::collection::vec(
            prop::collection::vec((any::<prop::sample::Index>(), word()), 0..6), 1..4),
        k in 1usize..6,
    ) {
        let source = join(&paragraphs);
        let config = AlignConfig::default().with_shingle_words(k).expect("valid k");
        let tokenizer = Tokenizer::new();
        let analysis = tokenizer.analyze(&source);
        let prepared = AlignSource::new(&source, &analysis, &config);
        for edits in reprints {
            let mut words: Vec<String> = source.split(' ').map(str::to_string).collect();
            for (at, w) in edits {
                let i = at.index(words.len().max(1)).min(words.len().saturating_sub(1));
                if let Some(slot) = words.get_mut(i) { *slot = w; }
            }
            let reprint = words.join(" ");
            let a = prepared.align(&reprint, &tokenizer.analyze(&reprint));
            prop_assert_eq!(a, align(&source, &reprint, &config));
        }
    }

    #[test]
    fn no_panic_on_arbitrary_strings(source in arbitrary_text(), reprint in arbitrary_text(), k in 1usize..6) {
        let config = AlignConfig::default().with_shingle_words(k).expect("valid k");
        for (s, r) in [(&source, &reprint), (&reprint, &source), (&source, &source)] {
            let a = align(s, r, &config);
            check_spans(&a, s, r)?;
            let _ = a.to_string();
            let _ = a.render(s, r).to_string();
            let json = serde_json::to_string(&a).expect("serialize");
            let back: Alignment = serde_json::from_str(&json).expect("deserialize");
            prop_assert_eq!(back, a);
        }
    }
}

#[test]
fn empty_texts() {
    let a = align("", "", &AlignConfig::default());
    assert!(a.paragraphs.is_empty() && a.source.is_empty());
    assert_eq!(a.summary.taken_share, 0.0);
    let a = align("One paragraph here.", "", &AlignConfig::default());
    assert_eq!(a.omitted_source_paragraphs, [0]);
    let a = align("", "One paragraph here.", &AlignConfig::default());
    assert_eq!(kinds(&a), [Kind::Added]);
    // Rendering a report against the wrong texts does not panic.
    let _ = a.render("", "").to_string();
}

#[test]
fn invalid_config_is_an_error() {
    assert!(AlignConfig::default().with_shingle_words(0).is_err());
    assert!(AlignConfig::default().with_min_coverage(0.0).is_err());
    assert!(AlignConfig::default().with_min_coverage(f64::NAN).is_err());
    assert!(AlignConfig::default().with_min_coverage(1.5).is_err());
    assert!(AlignConfig::default().with_min_shared_words(0).is_err());
    assert!(AlignConfig::default().with_anchor_words(0).is_err());
    let c = AlignConfig::default().with_anchor_words(12).expect("valid");
    assert_eq!(c.anchor_words(), 12);
}
