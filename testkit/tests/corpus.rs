//! The synthetic corpus generator keeps its promises: deterministic, no
//! accidental passage sharing, reprints keep what the truth says, outlet
//! boilerplate recurs, JSONL round-trips.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use reprint::{shingle, Error, Shingler, Tokenizer};
use reprint_testkit::{
    generate, rfc3339, stream, write_jsonl, Corpus, CorpusConfig, GeneratedDoc, Role, Truth,
};

fn small(seed: u64, stories: usize) -> CorpusConfig {
    CorpusConfig {
        seed,
        stories,
        unrelated_docs: stories / 2,
        ..CorpusConfig::default()
    }
}

fn corpus(cfg: &CorpusConfig) -> Corpus {
    match generate(cfg) {
        Ok(c) => c,
        Err(e) => panic!("generate failed: {e}"),
    }
}

/// Sorted, deduplicated word 5-shingles of a text (the engine's default).
fn shingles(text: &str) -> Vec<u64> {
    let sh = Shingler::new(5).expect("k = 5 is valid");
    sh.shingle_set(&Tokenizer::new().tokenize(text))
}

/// |A ∩ B| / |A|.
fn containment(a: &[u64], b: &[u64]) -> f64 {
    shingle::intersection_len(a, b) as f64 / a.len().max(1) as f64
}

fn docs_by_id(c: &Corpus) -> BTreeMap<&str, &GeneratedDoc> {
    c.docs.iter().map(|d| (d.id.as_str(), d)).collect()
}

#[test]
fn same_seed_same_corpus_whatever_the_threads() {
    let cfg = small(7, 30);
    let a = corpus(&cfg);
    let b = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool")
        .install(|| corpus(&cfg));
    assert_eq!(a, b);
    let c = corpus(&small(8, 30));
    assert_ne!(a.docs, c.docs);
    // The streaming form yields the same documents.
    let streamed: Vec<GeneratedDoc> = stream(&cfg).expect("valid config").collect();
    assert_eq!(streamed, a.docs);
}

#[test]
fn unrelated_stories_share_almost_no_shingles() {
    let c = corpus(&small(11, 80));
    let wires: Vec<Vec<u64>> = c
        .docs
        .iter()
        .filter(|d| matches!(d.role, Role::Wire { story } if story != 0))
        .map(|d| shingles(&d.text))
        .collect();
    assert_eq!(wires.len(), 80);
    let mut sum = 0.0;
    let mut max: f64 = 0.0;
    let mut n = 0;
    for (i, a) in wires.iter().enumerate() {
        for (j, b) in wires.iter().enumerate() {
            if i != j {
                let x = containment(a, b);
                sum += x;
                max = max.max(x);
                n += 1;
            }
        }
    }
    let mean = sum / n as f64;
    eprintln!("unrelated wire stories: mean share of 5-shingles {mean:.6}, max {max:.6}");
    // Measured: mean ≈ 0.0001, max ≈ 0.005 (a few shingles of ~800).
    assert!(mean < 0.002, "mean share of 5-shingles {mean}");
    assert!(max < 0.02, "max share of 5-shingles {max}");

    // Nor do they copy the seed articles the chain was trained on.
    let seeds: Vec<Vec<u64>> = c
        .docs
        .iter()
        .filter(|d| d.id.contains('_'))
        .map(|d| shingles(&d.text))
        .collect();
    assert_eq!(seeds.len(), 5);
    for w in &wires {
        for s in &seeds {
            assert!(containment(w, s) < 0.02);
        }
    }
}

#[test]
fn rivals_share_a_quote_not_a_passage() {
    let cfg = CorpusConfig {
        rival_share: 1.0,
        ..small(12, 30)
    };
    let c = corpus(&cfg);
    let by_id = docs_by_id(&c);
    assert_eq!(c.truth.rivals.len(), 32); // 30 stories + seed 002 and 004
    let mut max_shared = 0;
    for r in c.truth.rivals.iter().filter(|r| r.story != 0) {
        let rival = shingles(&by_id[r.rival.as_str()].text);
        let wire = shingles(&by_id[r.source.as_str()].text);
        let shared = shingle::intersection_len(&rival, &wire);
        // A quotation of 5–14 words (1–10 shingles) plus its attribution.
        assert!((1..=20).contains(&shared), "rival shares {shared} shingles");
        max_shared = max_shared.max(shared);
    }
    eprintln!("rival reports share at most {max_shared} 5-shingles with their wire story");
}

#[test]
fn reprints_keep_the_recorded_fraction() {
    for edit_rate in [1.0, 0.0] {
        let cfg = CorpusConfig {
            edit_rate,
            ..small(13, 40)
        };
        let c = corpus(&cfg);
        let by_id = docs_by_id(&c);
        let mut ratios = Vec::new();
        let (mut low, mut high) = (0, 0);
        for r in c.truth.reprints.iter().filter(|r| r.story != 0) {
            let src = shingles(&by_id[r.source.as_str()].text);
            let rep = shingles(&by_id[r.reprint.as_str()].text);
            let measured = containment(&src, &rep);
            // Never more than recorded (up to word-count rounding) ...
            assert!(
                measured <= r.kept + 0.03,
                "measured {measured} > kept {}",
                r.kept
            );
            // ... and less only by what edits break: each edited word kills
            // up to 5 shingles, each cut between paragraphs 4, a dropped
            // dateline 3 words.
            let floor = if edit_rate > 0.0 { 0.5 } else { 0.75 };
            assert!(
                measured >= floor * r.kept - 0.01,
                "edit rate {edit_rate}: measured {measured} < {floor} × kept {}",
                r.kept
            );
            ratios.push(measured / r.kept);
            low += usize::from(r.kept < 0.3);
            high += usize::from(r.kept > 0.9);
        }
        let mean = ratios.iter().sum::<f64>() / ratios.len() as f64;
        let min = ratios.iter().copied().fold(f64::INFINITY, f64::min);
        eprintln!("edit rate {edit_rate}: measured/kept mean {mean:.3}, min {min:.3}");
        let floor = if edit_rate > 0.0 { 0.8 } else { 0.9 };
        assert!(
            mean > floor,
            "edit rate {edit_rate}: mean measured/kept {mean}"
        );
        assert!(
            low > 5 && high > 5,
            "kept fractions cover the range: {low} {high}"
        );
    }
}

#[test]
fn outlet_boilerplate_recurs_across_its_articles() {
    let c = corpus(&small(14, 60));
    let mut by_outlet: BTreeMap<&str, Vec<&GeneratedDoc>> = BTreeMap::new();
    for d in c.docs.iter().filter(|d| !d.id.contains('_')) {
        if !matches!(d.role, Role::Wire { .. }) {
            by_outlet.entry(d.outlet.as_str()).or_default().push(d);
        }
    }
    let paragraphs = |d: &GeneratedDoc| -> BTreeSet<String> {
        d.text
            .split("\n\n")
            .filter(|p| p.split_whitespace().count() >= 10)
            .map(str::to_string)
            .collect()
    };
    let mut checked = 0;
    let mut outlets_of_paragraph: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for (outlet, docs) in &by_outlet {
        let mut common = paragraphs(docs[0]);
        for d in &docs[1..] {
            let p = paragraphs(d);
            common.retain(|x| p.contains(x));
        }
        if docs.len() >= 3 && docs.iter().any(|d| d.role == Role::Unrelated) {
            assert!(
                !common.is_empty(),
                "{outlet}: no footer common to its {} articles",
                docs.len()
            );
            checked += 1;
        }
        for p in common {
            outlets_of_paragraph.entry(p).or_default().insert(outlet);
        }
    }
    assert!(checked >= 10, "only {checked} outlets checked");
    // A media group's comment policy is shared across outlets.
    assert!(outlets_of_paragraph.values().any(|o| o.len() >= 2));
    // Wire copy carries no outlet boilerplate.
    for d in c
        .docs
        .iter()
        .filter(|d| matches!(d.role, Role::Wire { story } if story != 0))
    {
        for p in outlets_of_paragraph.keys() {
            assert!(!d.text.contains(p.as_str()));
        }
    }
}

#[test]
fn documents_come_in_publication_order_with_unique_ids() {
    let c = corpus(&small(15, 50));
    assert!(c.docs.windows(2).all(|w| w[0].published <= w[1].published));
    let ids: HashSet<&str> = c.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids.len(), c.docs.len());
    let by_id = docs_by_id(&c);
    for r in &c.truth.reprints {
        assert!(by_id[r.source.as_str()].published < by_id[r.reprint.as_str()].published);
        assert_ne!(
            by_id[r.source.as_str()].outlet,
            by_id[r.reprint.as_str()].outlet
        );
        assert!(r.kept > 0.0 && r.kept <= 1.0);
    }
    assert_eq!(c.truth, Truth::from_docs(&c.docs));
}

#[test]
fn total_docs_is_exact() {
    for total in [5, 6, 50, 777] {
        let cfg = CorpusConfig::default()
            .with_total_docs(total)
            .expect("a valid total");
        assert_eq!(cfg.planned_docs(), total);
        let s = stream(&cfg).expect("valid config");
        assert_eq!(s.len(), total);
        assert_eq!(s.count(), total);
    }
    let no_seed = CorpusConfig {
        include_seed_story: false,
        ..CorpusConfig::default()
    };
    assert_eq!(
        no_seed
            .clone()
            .with_total_docs(0)
            .map(|c| c.planned_docs())
            .ok(),
        Some(0)
    );
    assert!(matches!(
        CorpusConfig::default().with_total_docs(4),
        Err(Error::InvalidConfig { .. })
    ));
}

#[test]
fn bad_configs_are_rejected() {
    let bad = [
        CorpusConfig {
            outlets: 6,
            ..CorpusConfig::default()
        },
        CorpusConfig {
            story_paragraphs: 1..=5,
            ..CorpusConfig::default()
        },
        CorpusConfig {
            reprints_per_story: std::ops::RangeInclusive::new(5, 2),
            ..CorpusConfig::default()
        },
        CorpusConfig {
            min_kept: 1.5,
            ..CorpusConfig::default()
        },
        CorpusConfig {
            edit_rate: f64::NAN,
            ..CorpusConfig::default()
        },
        CorpusConfig {
            spacing_secs: 0,
            ..CorpusConfig::default()
        },
    ];
    for cfg in bad {
        assert!(
            matches!(generate(&cfg), Err(Error::InvalidConfig { .. })),
            "{cfg:?}"
        );
    }
}

#[test]
fn seed_story_is_in_the_truth() {
    let c = corpus(&small(16, 3));
    let s = |n: &str| -> &str {
        c.docs
            .iter()
            .find(|d| d.id.starts_with(n))
            .map(|d| d.id.as_str())
            .expect("seed present")
    };
    let pairs = c.truth.pairs(0.0);
    assert!(pairs.contains(&(s("000"), s("001"))));
    assert!(pairs.contains(&(s("000"), s("003"))));
    for independent in ["002", "004"] {
        assert!(!pairs.iter().any(|&(_, r)| r == s(independent)));
        assert!(c.truth.rivals.iter().any(|r| r.rival == s(independent)));
    }
    let k1 = c.truth.kept(s("001")).expect("001 is a reprint");
    let k3 = c.truth.kept(s("003")).expect("003 is a reprint");
    // 001 carries the first third of 000, 003 most of it.
    assert!((0.15..0.5).contains(&k1), "001 kept {k1}");
    assert!((0.6..1.0).contains(&k3), "003 kept {k3}");
    assert!(c.truth.kept(s("002")).is_none());
}

#[test]
fn truth_pairs_and_clusters_follow_the_threshold() {
    let c = corpus(&small(17, 30));
    let t = &c.truth;
    let all = t.pairs(0.0);
    let strong = t.pairs(0.3);
    assert_eq!(all.len(), t.reprints.len());
    assert!(strong.len() < all.len() && !strong.is_empty());
    assert!(strong.windows(2).all(|w| w[0] < w[1]));
    for (src, rep) in &strong {
        assert!(t.kept(rep).is_some_and(|k| k >= 0.3));
        assert!(t.wires.iter().any(|(w, _)| w == src));
    }
    let clusters = t.clusters(0.3);
    let members: usize = clusters.iter().map(|c| c.len() - 1).sum();
    assert_eq!(members, strong.len());
    assert!(clusters
        .iter()
        .all(|c| c.len() >= 2 && c.windows(2).all(|w| w[0] < w[1])));
    let json = serde_json::to_string(t).expect("truth serializes");
    let back: Truth = serde_json::from_str(&json).expect("truth parses back");
    assert_eq!(back.wires, t.wires);
    assert_eq!(back.rivals, t.rivals);
    assert_eq!(back.reprints.len(), t.reprints.len());
    for (b, r) in back.reprints.iter().zip(&t.reprints) {
        assert_eq!(
            (&b.reprint, &b.source, b.story),
            (&r.reprint, &r.source, r.story)
        );
        // JSON float parsing may differ in the last bit.
        assert!((b.kept - r.kept).abs() < 1e-12);
    }
}

#[test]
fn jsonl_lines_parse_back() {
    let c = corpus(&small(18, 10));
    let mut buf = Vec::new();
    let n = write_jsonl(&c.docs, &mut buf).expect("writing to a Vec");
    assert_eq!(n, c.docs.len());
    let text = String::from_utf8(buf).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), c.docs.len());
    for (line, doc) in lines.iter().zip(&c.docs) {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON object");
        let obj = v.as_object().expect("an object");
        let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 4, "{keys:?}");
        assert_eq!(obj["id"], doc.id.as_str());
        assert_eq!(obj["text"], doc.text.as_str());
        assert_eq!(obj["outlet"], doc.outlet.as_str());
        assert_eq!(obj["published"], rfc3339(doc.published).as_str());
    }
}

#[test]
fn rfc3339_of_known_timestamps() {
    assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    assert_eq!(rfc3339(1_644_310_800), "2022-02-08T09:00:00Z");
    assert_eq!(rfc3339(951_868_799), "2000-02-29T23:59:59Z");
    assert_eq!(rfc3339(4_107_542_400), "2100-03-01T00:00:00Z");
    assert_eq!(rfc3339(-86_400), "1969-12-31T00:00:00Z");
}

#[test]
fn reprints_carry_newsroom_edits() {
    let c = corpus(&small(19, 60));
    let reprints: Vec<&GeneratedDoc> = c
        .docs
        .iter()
        .filter(|d| matches!(d.role, Role::Reprint { story, .. } if story != 0))
        .collect();
    let count = |f: &dyn Fn(&str) -> bool| reprints.iter().filter(|d| f(&d.text)).count();
    let straight = count(&|t| t.contains('"'));
    let mr = count(&|t| t.contains("Mr ") || t.contains("Mr. "));
    let files_from =
        count(&|t| t.contains("With files from") || t.contains("contributed to this report"));
    assert!(straight > 10 && straight < reprints.len(), "{straight}");
    assert!(mr > 5, "{mr}");
    assert!(files_from > reprints.len() / 2, "{files_from}");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Small but arbitrary corpus configurations.
    fn small_config() -> impl Strategy<Value = CorpusConfig> {
        (
            any::<u64>(),
            0usize..5,
            (0usize..4, 0usize..4),
            0usize..4,
            (2usize..6, 0usize..10),
            (0.0f64..=1.0, 0.0f64..=1.0, 0.0f64..=3.0),
            any::<bool>(),
        )
            .prop_map(
                |(seed, stories, (r0, r1), unrelated, (p0, p1), (rival, min_kept, edit), seeds)| {
                    let (r0, r1) = (r0.min(r1), r0.max(r1));
                    CorpusConfig {
                        seed,
                        stories,
                        reprints_per_story: r0..=r1,
                        rival_share: rival,
                        unrelated_docs: unrelated,
                        outlets: r1 + 1 + (seed % 3) as usize,
                        story_paragraphs: p0..=p0 + p1,
                        min_kept,
                        edit_rate: edit,
                        include_seed_story: seeds,
                        ..CorpusConfig::default()
                    }
                },
            )
    }

    /// Unix seconds of a civil date, by the textbook formula.
    fn unix_of(y: i64, m: i64, d: i64, hh: i64, mm: i64, ss: i64) -> i64 {
        let (y, m) = if m <= 2 { (y - 1, m + 12) } else { (y, m) };
        let days = 365 * y + y.div_euclid(4) - y.div_euclid(100)
            + y.div_euclid(400)
            + (153 * (m - 3) + 2) / 5
            + d
            - 719_469;
        days * 86_400 + hh * 3600 + mm * 60 + ss
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn any_small_config_gives_a_consistent_corpus(cfg in small_config()) {
            let c = generate(&cfg).expect("a valid config");
            prop_assert_eq!(c.docs.len(), cfg.planned_docs());
            prop_assert!(c.docs.windows(2).all(|w| w[0].published <= w[1].published));
            let ids: HashSet<&str> = c.docs.iter().map(|d| d.id.as_str()).collect();
            prop_assert_eq!(ids.len(), c.docs.len());
            for d in &c.docs {
                prop_assert!(!d.text.trim().is_empty());
                if let Role::Reprint { kept, .. } = d.role {
                    prop_assert!(kept > 0.0 && kept <= 1.0);
                }
            }
        }

        #[test]
        fn rfc3339_round_trips(secs in -62_135_596_800i64..253_402_300_800) {
            let s = rfc3339(secs);
            let num = |r: std::ops::Range<usize>| s[r].parse::<i64>().expect("digits");
            prop_assert_eq!(s.len(), 20);
            let back = unix_of(num(0..4), num(5..7), num(8..10), num(11..13), num(14..16), num(17..19));
            prop_assert_eq!(back, secs);
        }
    }
}
