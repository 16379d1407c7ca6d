//! The diff on the five seed articles, checked against a hand-made ground
//! truth (`tests/fixtures/seeds_truth.json`, written by reading the articles).

use std::collections::BTreeSet;

use reprint::diff::{align, align_analyzed, AlignConfig, Alignment, EditKind, Kind, Mapping};
use reprint::text::Tokenizer;
use serde_json::Value;

const SOURCE: &str = "000_0a47ab44ad2963a8.txt";

fn seed(name: &str) -> String {
    let path = format!("{}/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn truth() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seeds_truth.json"
    );
    let text = std::fs::read_to_string(path).expect("truth file");
    serde_json::from_str(&text).expect("truth file is JSON")
}

fn aligned(name: &str) -> (String, String, Alignment) {
    let source = seed(SOURCE);
    let reprint = seed(name);
    let a = align(&source, &reprint, &AlignConfig::default());
    (source, reprint, a)
}

fn indexes(v: &Value) -> BTreeSet<usize> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_u64().expect("index") as usize)
        .collect()
}

/// Share of the non-ambiguous paragraphs where the alignment agrees with the
/// truth: same status (derived or added) and, when derived, the same set of
/// source paragraphs.
fn agreement(name: &str) -> (usize, usize, Vec<String>) {
    let truth = truth();
    let entry = &truth["reprints"][name];
    let (_, reprint, a) = aligned(name);
    let doc = Tokenizer::new().analyze(&reprint);
    let rows = entry["paragraphs"].as_array().expect("paragraphs");
    assert_eq!(rows.len(), a.paragraphs.len(), "{name}: paragraph count");
    let (mut scored, mut agreed, mut misses) = (0, 0, Vec::new());
    for row in rows {
        let i = row["paragraph"].as_u64().expect("paragraph") as usize;
        let starts = row["starts"].as_str().expect("starts");
        let text = &reprint[doc.paragraphs[i].span.clone()];
        let words: Vec<&str> = text.split_whitespace().take(5).collect();
        assert_eq!(words.join(" "), starts, "{name}[{i}]: indexes drifted");
        let status = row["status"].as_str().expect("status");
        if status == "ambiguous" {
            continue;
        }
        scored += 1;
        let p = &a.paragraphs[i];
        let got: BTreeSet<usize> = p.source_paragraphs.iter().copied().collect();
        let want = indexes(&row["source_paragraphs"]);
        let ok = match status {
            "added" => p.kind == Kind::Added,
            "derived" => p.kind != Kind::Added && got == want,
            other => panic!("unknown status {other}"),
        };
        if ok {
            agreed += 1;
        } else {
            misses.push(format!(
                "{name}[{i}]: truth {status} {want:?}, got {:?} {got:?}",
                p.kind
            ));
        }
    }
    (agreed, scored, misses)
}

#[test]
fn reprints_agree_with_the_hand_checked_truth() {
    for name in ["001_4c2b0efe4e2e1cd4.txt", "003_af013e9569bd9990.txt"] {
        let (agreed, scored, misses) = agreement(name);
        eprintln!("{name}: {agreed}/{scored} non-ambiguous paragraphs agree");
        assert!(scored >= 30, "{name}: only {scored} scored paragraphs");
        assert!(
            agreed as f64 >= 0.95 * scored as f64,
            "{name}: {agreed}/{scored} agree; misses: {misses:#?}"
        );
    }
}

#[test]
fn splits_and_merges_match_the_truth() {
    let truth = truth();
    for name in ["001_4c2b0efe4e2e1cd4.txt", "003_af013e9569bd9990.txt"] {
        let (_, _, a) = aligned(name);
        let entry = &truth["reprints"][name];
        let want: Vec<(usize, Vec<usize>)> = entry["splits"]
            .as_array()
            .expect("splits")
            .iter()
            .map(|s| {
                let src = s["source_paragraph"].as_u64().expect("source") as usize;
                (src, indexes(&s["reprint_paragraphs"]).into_iter().collect())
            })
            .collect();
        let got: Vec<(usize, Vec<usize>)> = a
            .splits
            .iter()
            .map(|s| (s.source_paragraph, s.reprint_paragraphs.clone()))
            .collect();
        assert_eq!(got, want, "{name}: splits");
        let merges: BTreeSet<usize> = (0..a.paragraphs.len())
            .filter(|&i| a.paragraphs[i].mapping == Mapping::Merge)
            .collect();
        assert_eq!(merges, indexes(&entry["merges"]), "{name}: merges");
        assert_eq!(a.summary.splits, a.splits.len());
        assert_eq!(a.summary.merges, merges.len());
    }
}

#[test]
fn zelensky_paragraph_of_000_is_split_in_001() {
    let (source, reprint, a) = aligned("001_4c2b0efe4e2e1cd4.txt");
    let split = a
        .splits
        .iter()
        .find(|s| s.source_paragraph == 5)
        .expect("000[5] reported as split");
    assert_eq!(split.reprint_paragraphs, [7, 8]);
    for &r in &split.reprint_paragraphs {
        let p = &a.paragraphs[r];
        assert_eq!(p.kind, Kind::Edited);
        assert_eq!(p.mapping, Mapping::Split);
        assert_eq!(p.source_paragraphs, [5]);
    }
    assert!(reprint[a.paragraphs[7].start..a.paragraphs[7].end].contains("Zelenskyy"));
    assert!(reprint[a.paragraphs[8].start..a.paragraphs[8].end].starts_with("Moscow has massed"));
    assert_eq!(a.source[5].reprint_paragraphs, [7, 8]);
    assert!(source[a.source[5].start..a.source[5].end].contains("100,000 troops"));
}

#[test]
fn zelensky_to_zelenskyy_is_a_substitution_with_spans() {
    let (source, reprint, a) = aligned("001_4c2b0efe4e2e1cd4.txt");
    let mut found = 0;
    for (i, p) in a.paragraphs.iter().enumerate() {
        for e in &p.edits {
            if e.kind == EditKind::Substitute && &source[e.source.range()] == "Zelensky" {
                assert_eq!(&reprint[e.reprint.range()], "Zelenskyy", "r{i}");
                assert_eq!((e.source_words, e.reprint_words), (1, 1));
                assert!(p.start <= e.reprint.start && e.reprint.end <= p.end);
                let within_source = p.source_paragraphs.iter().any(|&s| {
                    a.source[s].start <= e.source.start && e.source.end <= a.source[s].end
                });
                assert!(within_source, "r{i}: source span outside its paragraphs");
                found += 1;
            }
        }
    }
    // 001 paragraphs 7, 10, 14, 17 and 18 all spell it Zelenskyy.
    assert_eq!(found, 5);
    let text = a.render(&source, &reprint).to_string();
    assert!(text.contains("[-Zelensky-]{+Zelenskyy+}"), "{text}");
}

#[test]
fn figures_changed_in_003_are_word_edits() {
    let (source, reprint, a) = aligned("003_af013e9569bd9990.txt");
    let p = &a.paragraphs[13];
    assert_eq!(p.source_paragraphs, [16]);
    let pairs: Vec<(&str, &str)> = p
        .edits
        .iter()
        .map(|e| (&source[e.source.range()], &reprint[e.reprint.range()]))
        .collect();
    assert!(pairs.contains(&("1.3", "1.2")), "{pairs:?}");
    assert!(pairs.iter().any(|(_, r)| r.contains("euros")), "{pairs:?}");
    // Boilerplate at the end is added.
    for r in 46..a.paragraphs.len() {
        assert_eq!(a.paragraphs[r].kind, Kind::Added, "r{r}");
    }
}

#[test]
fn independent_stories_share_no_paragraph() {
    let truth = truth();
    for name in truth["independent"].as_array().expect("independent") {
        let name = name.as_str().expect("name");
        let (_, _, a) = aligned(name);
        for (i, p) in a.paragraphs.iter().enumerate() {
            assert_eq!(p.kind, Kind::Added, "{name}[{i}] {p:?}");
        }
        assert_eq!(a.summary.taken_words, 0, "{name}");
        assert_eq!(a.omitted_source_paragraphs.len(), a.source.len(), "{name}");
    }
}

#[test]
fn json_has_the_agreed_shape_and_round_trips() {
    let (_, _, a) = aligned("003_af013e9569bd9990.txt");
    let json = serde_json::to_value(&a).expect("serialize");
    let paragraphs = json["paragraphs"].as_array().expect("paragraphs");
    assert_eq!(paragraphs.len(), a.paragraphs.len());
    for p in paragraphs {
        assert!(p["start"].is_u64() && p["end"].is_u64());
        let kind = p["kind"].as_str().expect("kind");
        assert!(["copied", "edited", "added"].contains(&kind), "{kind}");
        assert!(p["source_paragraphs"].is_array());
        let sim = p["similarity"].as_f64().expect("similarity");
        assert!((0.0..=1.0).contains(&sim));
        assert_eq!(
            kind == "added",
            p["source_paragraphs"]
                .as_array()
                .is_some_and(|v| v.is_empty())
        );
    }
    assert_eq!(
        indexes(&json["omitted_source_paragraphs"]),
        a.omitted_source_paragraphs.iter().copied().collect()
    );
    let back: Alignment = serde_json::from_value(json).expect("deserialize");
    assert_eq!(back, a);
}

#[test]
fn summary_is_consistent() {
    for name in ["001_4c2b0efe4e2e1cd4.txt", "003_af013e9569bd9990.txt"] {
        let (_, _, a) = aligned(name);
        let s = &a.summary;
        let count = |k: Kind| a.paragraphs.iter().filter(|p| p.kind == k).count();
        assert_eq!(s.copied, count(Kind::Copied));
        assert_eq!(s.edited, count(Kind::Edited));
        assert_eq!(s.added, count(Kind::Added));
        assert_eq!(s.omitted, a.omitted_source_paragraphs.len());
        assert_eq!(s.moved, a.paragraphs.iter().filter(|p| p.moved).count());
        assert!(s.taken_words <= s.reprint_words && s.reused_words <= s.source_words);
        assert!((0.0..=1.0).contains(&s.taken_share) && (0.0..=1.0).contains(&s.reused_share));
        // Every matched reprint word is in a copied or edited paragraph.
        let derived_words: usize = {
            let doc = Tokenizer::new().analyze(&seed(name));
            a.paragraphs
                .iter()
                .zip(&doc.paragraphs)
                .filter(|(p, _)| p.kind != Kind::Added)
                .map(|(_, d)| d.tokens.len())
                .sum()
        };
        assert!(s.taken_words <= derived_words && s.taken_words * 10 >= derived_words * 7);
    }
    // 003 reprints most of the wire story, 001 its first half.
    let (_, _, a1) = aligned("001_4c2b0efe4e2e1cd4.txt");
    let (_, _, a3) = aligned("003_af013e9569bd9990.txt");
    assert!(a3.summary.reused_share > 0.5 && a1.summary.reused_share < 0.4);
}

#[test]
fn the_reordered_paragraph_of_001_is_flagged_moved() {
    // 000[3] (time to find a diplomatic solution) comes after 000[4] in 001.
    let (_, _, a) = aligned("001_4c2b0efe4e2e1cd4.txt");
    let moved: Vec<usize> = (0..a.paragraphs.len())
        .filter(|&i| a.paragraphs[i].moved)
        .collect();
    assert_eq!(moved, [5]);
}

#[test]
fn analyzed_variant_and_repeated_calls_agree() {
    let source = seed(SOURCE);
    let reprint = seed("003_af013e9569bd9990.txt");
    let t = Tokenizer::new();
    let (sa, ra) = (t.analyze(&source), t.analyze(&reprint));
    let config = AlignConfig::default();
    let a = align_analyzed(&source, &sa, &reprint, &ra, &config);
    assert_eq!(a, align(&source, &reprint, &config));
    assert_eq!(a, align_analyzed(&source, &sa, &reprint, &ra, &config));
    let text = a.render(&source, &reprint).to_string();
    assert_eq!(
        text.lines().filter(|l| l.starts_with("- s")).count(),
        a.summary.omitted
    );
    assert!(a.to_string().contains("merge"));
}

/// A passage copied into a long paragraph of other text (a scanned page
/// column; seed 000 run together without paragraph breaks as the source)
/// is found: long paragraphs are aligned as windows of sentences, and the
/// windows holding the copied sentences are derived from the source's.
#[test]
fn a_passage_inside_long_paragraphs_is_aligned() {
    let wire = seed("000_0a47ab44ad2963a8.txt");
    let source: String = wire.split_whitespace().collect::<Vec<_>>().join(" ");
    let sentences: Vec<&str> = source.split_inclusive(". ").collect();
    assert!(sentences.len() > 20);
    let copied = sentences[10..13].concat();
    let own = |tag: &str| {
        (0..320)
            .map(|i| format!("{tag}{i}{}", if i % 12 == 11 { "." } else { "" }))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let page = format!("{} {} {}", own("before"), copied.trim(), own("after"));
    let a = align(&source, &page, &AlignConfig::default());
    let derived: Vec<_> = a
        .paragraphs
        .iter()
        .filter(|p| p.kind != Kind::Added)
        .collect();
    assert!(!derived.is_empty(), "{:?}", a.summary);
    // The derived windows hold the copied sentences, and little else.
    let held: usize = derived.iter().map(|p| p.end - p.start).sum();
    assert!(held < 3 * copied.len(), "{held} bytes for {}", copied.len());
    for p in &derived {
        let text = &page[p.span().range()];
        assert!(
            copied.split_whitespace().any(|w| text.contains(w)),
            "{text}"
        );
    }
    // Every window is one paragraph of the report, and they tile the page.
    assert!(a.paragraphs.len() >= 5);
    assert!(a.paragraphs.windows(2).all(|w| w[0].end <= w[1].start));
}
