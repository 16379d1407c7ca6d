//! The reuse cases of issue 12 are generated as specified: briefs, partial
//! reprints, passages pasted into long documents, OCR noise, follow-ups and
//! recurring reports; deterministically; and default corpora are the ones
//! generated before these cases existed.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use reprint::{shingle, Shingler, Tokenizer};
use reprint_testkit::{
    generate, score_reuse, stream, Corpus, CorpusConfig, GeneratedDoc, PassageKind, PassageTruth,
    Role, Truth,
};

fn corpus(cfg: &CorpusConfig) -> Corpus {
    match generate(cfg) {
        Ok(c) => c,
        Err(e) => panic!("generate failed: {e}"),
    }
}

/// A small corpus with every reuse case on, OCR off.
fn small_reuse(seed: u64) -> CorpusConfig {
    CorpusConfig {
        seed,
        stories: 20,
        unrelated_docs: 10,
        briefs: 30,
        partial_share: 0.5,
        passages: 8,
        follow_ups: 10,
        templates: 6,
        ..CorpusConfig::default()
    }
}

/// Words as the generator counts them: alphanumeric runs.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

fn by_id(c: &Corpus) -> BTreeMap<&str, &GeneratedDoc> {
    c.docs.iter().map(|d| (d.id.as_str(), d)).collect()
}

/// The truth's passage entries of one kind.
fn passages_of(c: &Corpus, kind: PassageKind) -> impl Iterator<Item = &PassageTruth> {
    c.truth.passages.iter().filter(move |p| p.span.kind == kind)
}

/// 64-bit FNV-1a.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn default_corpora_are_unchanged() {
    // `gen_corpus --docs 3000 --seed 5 --out a.jsonl --truth t.json`, run
    // before the reuse cases were added: FNV-1a of the JSONL file and of
    // the truth's JSON (without its final newline).
    let cfg = CorpusConfig {
        seed: 5,
        ..CorpusConfig::default()
    }
    .with_total_docs(3000)
    .expect("a valid size");
    let mut jsonl = Vec::new();
    let mut truth = Truth::default();
    for doc in stream(&cfg).expect("a valid config") {
        jsonl.extend_from_slice(doc.to_json_line().as_bytes());
        jsonl.push(b'\n');
        truth.record(&doc);
    }
    assert_eq!(jsonl.len(), 17_346_034);
    assert_eq!(fnv(&jsonl), 0x6acc_4470_2987_59f9);
    let truth_json = serde_json::to_vec(&truth).expect("the truth serializes");
    assert_eq!(truth_json.len() + 1, 146_199);
    assert_eq!(fnv(&truth_json), 0x0c7d_2edb_c784_9f25);
    assert!(truth.passages.is_empty());
}

#[test]
fn reuse_corpora_are_deterministic_and_consistent() {
    let cfg = CorpusConfig {
        ocr_rate: 0.03,
        ocr_share: 0.5,
        ocr_all: true,
        ..small_reuse(21)
    };
    let a = corpus(&cfg);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build();
    assert_eq!(pool.expect("a one-thread pool").install(|| corpus(&cfg)), a);
    let streamed: Vec<GeneratedDoc> = stream(&cfg).expect("valid config").collect();
    assert_eq!(streamed, a.docs);
    assert_eq!(Truth::from_docs(&streamed), a.truth);
    assert_ne!(corpus(&small_reuse(22)).docs, a.docs);

    assert_eq!(a.docs.len(), cfg.planned_docs());
    assert!(a.docs.windows(2).all(|w| w[0].published <= w[1].published));
    let ids: HashSet<&str> = a.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids.len(), a.docs.len());
    // Every case is there.
    let t = &a.truth;
    assert!(t.reprints.iter().any(|r| r.brief_edits.is_some()));
    for kind in [
        PassageKind::Pasted,
        PassageKind::Background,
        PassageKind::Template,
    ] {
        assert!(t.shared_passages().iter().any(|p| p.kind == kind));
    }
    // The truth round-trips through JSON.
    let json = serde_json::to_string(t).expect("serializes");
    let back: Truth = serde_json::from_str(&json).expect("parses");
    assert_eq!(&back, t);
    // `with_total_docs` sizes the stories around the reuse cases.
    let sized = cfg
        .clone()
        .with_total_docs(400)
        .expect("room for the cases");
    assert_eq!(sized.planned_docs(), 400);
    assert!(cfg.clone().with_total_docs(50).is_err());
}

#[test]
fn briefs_are_short_and_reprinted_with_at_most_two_word_edits() {
    let c = corpus(&small_reuse(3));
    let docs = by_id(&c);
    let mut reprints_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut edits_seen = [0usize; 3];
    for r in c.truth.reprints.iter().filter(|r| r.brief_edits.is_some()) {
        let edits = r.brief_edits.unwrap_or(0) as usize;
        assert!(edits <= 2, "{edits} edits");
        edits_seen[edits] += 1;
        assert_eq!(r.kept, 1.0);
        let wire = docs[r.source.as_str()];
        let reprint = docs[r.reprint.as_str()];
        let ww = words(&wire.text);
        assert!(
            (20..=60).contains(&ww.len()),
            "a brief of {} words",
            ww.len()
        );
        // The brief is in the reprint, up to the edits: the word-level edit
        // distance from the brief to the best-matching run of the reprint.
        let rw = words(&reprint.text);
        let distance = substring_distance(&ww, &rw);
        assert!(
            distance <= edits,
            "{distance} word edits for {edits} recorded:\n{}\n---\n{}",
            wire.text,
            reprint.text
        );
        if edits > 0 {
            assert!(distance > 0, "a recorded edit changed nothing");
        }
        assert!(reprint.published > wire.published);
        assert!(reprints_of
            .entry(r.source.as_str())
            .or_default()
            .insert(reprint.outlet.as_str()));
    }
    // 30 briefs of 2–5 reprints each, by distinct outlets; every edit count
    // occurs; some are bare and some in boilerplate.
    assert_eq!(reprints_of.len(), 30);
    assert!(reprints_of.values().all(|o| (2..=5).contains(&o.len())));
    assert!(edits_seen.iter().all(|&n| n > 5), "{edits_seen:?}");
    let bare = c
        .truth
        .reprints
        .iter()
        .filter(|r| r.brief_edits.is_some())
        .filter(|r| words(&docs[r.reprint.as_str()].text).len() <= 62)
        .count();
    assert!(bare > 10 && bare < 90, "{bare} bare brief reprints");
}

/// Fewest word substitutions, insertions and deletions turning `needle`
/// into some run of consecutive words of `hay`.
fn substring_distance(needle: &[&str], hay: &[&str]) -> usize {
    let mut prev = vec![0usize; hay.len() + 1];
    for (i, n) in needle.iter().enumerate() {
        let mut cur = vec![i + 1; hay.len() + 1];
        for (j, h) in hay.iter().enumerate() {
            let sub = prev[j] + usize::from(n != h);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev.into_iter().min().unwrap_or(0)
}

#[test]
fn partial_reprints_keep_five_to_thirty_percent() {
    let cfg = CorpusConfig {
        partial_share: 1.0,
        briefs: 0,
        passages: 0,
        follow_ups: 0,
        templates: 0,
        stories: 60,
        ..small_reuse(4)
    };
    let c = corpus(&cfg);
    let kept: Vec<f64> = c
        .truth
        .reprints
        .iter()
        .filter(|r| r.story != 0)
        .map(|r| r.kept)
        .collect();
    assert!(kept.len() > 100);
    let (lo, hi) = kept
        .iter()
        .fold((1.0f64, 0.0f64), |(lo, hi), &k| (lo.min(k), hi.max(k)));
    let in_range = kept.iter().filter(|&&k| (0.05..=0.3).contains(&k)).count();
    eprintln!(
        "partial reprints: kept {lo:.3}..{hi:.3}, {in_range} of {} in 5–30%",
        kept.len()
    );
    // Whole paragraphs and the headline take a few above 30%.
    assert!(lo >= 0.04 && hi <= 0.36, "kept {lo}..{hi}");
    assert!(
        in_range * 100 >= kept.len() * 93,
        "{in_range} of {}",
        kept.len()
    );
    // The whole range is reached.
    for (a, b) in [(0.05, 0.1), (0.1, 0.2), (0.2, 0.3)] {
        let n = kept.iter().filter(|&&k| k >= a && k < b).count();
        assert!(n * 10 >= kept.len(), "{n} reprints keep {a}–{b}");
    }
    // And the default mix never goes that low so often.
    let default = corpus(&CorpusConfig {
        partial_share: 0.0,
        ..cfg
    });
    let low = default
        .truth
        .reprints
        .iter()
        .filter(|r| r.kept < 0.1)
        .count();
    assert!(low * 10 < default.truth.reprints.len());
}

#[test]
fn pasted_passages_are_in_every_long_host() {
    let c = corpus(&small_reuse(5));
    let docs = by_id(&c);
    let mut groups: BTreeMap<u64, Vec<&str>> = BTreeMap::new();
    for p in passages_of(&c, PassageKind::Pasted) {
        let doc = docs[p.doc.as_str()];
        assert_eq!(
            doc.role,
            Role::Host {
                passage: p.span.group
            }
        );
        let text = &doc.text[p.span.start..p.span.end];
        assert_eq!(words(text).len(), p.span.words);
        assert!((50..=500).contains(&p.span.words), "{} words", p.span.words);
        let host_words = words(&doc.text).len();
        assert!(host_words >= 1_500, "a host of {host_words} words");
        assert_eq!(doc.text.matches(text).count(), 1);
        groups.entry(p.span.group).or_default().push(text);
    }
    assert_eq!(groups.len(), 8);
    for texts in groups.values() {
        assert!((2..=3).contains(&texts.len()));
        assert!(texts.iter().all(|t| t == &texts[0]), "the same passage");
    }
    let pairs = c.truth.shared_passages();
    let pasted: Vec<_> = pairs
        .iter()
        .filter(|p| p.kind == PassageKind::Pasted)
        .collect();
    assert_eq!(
        pasted.len(),
        groups
            .values()
            .map(|g| g.len() * (g.len() - 1) / 2)
            .sum::<usize>()
    );
    for p in pasted {
        let (a, b) = (docs[p.a], docs[p.b]);
        assert_ne!(a.outlet, b.outlet);
        assert_eq!(
            &a.text[p.a_range.0..p.a_range.1],
            &b.text[p.b_range.0..p.b_range.1]
        );
    }
}

#[test]
fn follow_ups_share_exactly_one_paragraph() {
    let c = corpus(&small_reuse(6));
    let docs = by_id(&c);
    let reprint_pairs: HashSet<(&str, &str)> = c.truth.pairs(0.0).into_iter().collect();
    let mut n = 0;
    for p in c
        .truth
        .shared_passages()
        .into_iter()
        .filter(|p| p.kind == PassageKind::Background)
    {
        n += 1;
        let (first, later) = (docs[p.a], docs[p.b]);
        assert!(matches!(first.role, Role::Wire { .. }));
        assert!(matches!(&later.role, Role::FollowUp { source, .. } if source == &first.id));
        assert!(later.published > first.published);
        assert_eq!(first.outlet, later.outlet);
        let paras = |t: &str| -> HashSet<String> { t.split("\n\n").map(str::to_string).collect() };
        let shared: Vec<String> = paras(&first.text)
            .intersection(&paras(&later.text))
            .cloned()
            .collect();
        assert_eq!(shared.len(), 1, "shared paragraphs: {shared:?}");
        let background = &first.text[p.a_range.0..p.a_range.1];
        assert_eq!(shared[0], background);
        assert_eq!(&later.text[p.b_range.0..p.b_range.1], background);
        assert_eq!(words(background).len(), p.words);
        assert!(!reprint_pairs.contains(&(p.a, p.b)));
    }
    assert_eq!(n, 10);
}

/// Sorted word 5-shingles.
fn shingles(text: &str) -> Vec<u64> {
    let sh = Shingler::new(5).expect("k = 5 is valid");
    sh.shingle_set(&Tokenizer::new().tokenize(text))
}

#[test]
fn reports_repeat_a_template_with_other_figures_and_names() {
    let c = corpus(&small_reuse(7));
    let docs = by_id(&c);
    let mut groups: BTreeMap<u64, Vec<&GeneratedDoc>> = BTreeMap::new();
    for p in passages_of(&c, PassageKind::Template) {
        groups
            .entry(p.span.group)
            .or_default()
            .push(docs[p.doc.as_str()]);
    }
    assert_eq!(groups.len(), 6);
    let mut shares = Vec::new();
    for reports in groups.values() {
        assert!((3..=6).contains(&reports.len()));
        for (i, a) in reports.iter().enumerate() {
            assert!(matches!(a.role, Role::Template { instance, .. } if instance == i as u64));
            for b in &reports[i + 1..] {
                assert_ne!(a.text, b.text);
                assert_eq!(a.outlet, b.outlet);
                assert!(b.published >= a.published + 7 * 86_400);
                let (sa, sb) = (shingles(&a.text), shingles(&b.text));
                let share =
                    shingle::intersection_len(&sa, &sb) as f64 / sa.len().min(sb.len()) as f64;
                shares.push(share);
            }
        }
    }
    let mean = shares.iter().sum::<f64>() / shares.len() as f64;
    eprintln!("report instances share {mean:.3} of their 5-shingles on average");
    // Much of the text is common, but not all of it.
    assert!(mean > 0.3 && shares.iter().all(|&s| s < 0.98), "{shares:?}");
}

/// Character-level Levenshtein distance between `a` and `b` if it is at
/// most `band`, else more than `band` (only cells within `band` of the
/// diagonal are computed).
fn levenshtein_within(a: &[char], b: &[char], band: usize) -> usize {
    let far = band + 1;
    let mut prev: Vec<usize> = (0..=b.len()).map(|j| j.min(far)).collect();
    let mut cur = vec![far; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        let row = i + 1;
        let lo = row.saturating_sub(band);
        let hi = (row + band).min(b.len());
        if lo > b.len() {
            return far;
        }
        if lo == 0 {
            cur[0] = row.min(far);
        } else {
            cur[lo - 1] = far;
        }
        for j in lo.max(1)..=hi {
            let sub = prev[j - 1] + usize::from(*ca != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1).min(far);
        }
        if hi < b.len() {
            cur[hi + 1] = far;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[test]
fn ocr_noise_has_the_configured_rate() {
    let clean_cfg = CorpusConfig {
        stories: 12,
        unrelated_docs: 4,
        briefs: 5,
        ..CorpusConfig::default()
    };
    let clean = corpus(&clean_cfg);
    for rate in [0.02, 0.05] {
        let cfg = CorpusConfig {
            ocr_rate: rate,
            ocr_share: 0.5,
            ..clean_cfg.clone()
        };
        let noisy = corpus(&cfg);
        assert_eq!(noisy.docs.len(), clean.docs.len());
        let (mut dist, mut chars, mut measured, mut hyphenated) = (0, 0, 0, 0);
        let mut noised = 0;
        for (c, n) in clean.docs.iter().zip(&noisy.docs) {
            assert_eq!(c.id, n.id);
            let is_reprint = matches!(c.role, Role::Reprint { .. });
            if n.ocr_edits == 0 {
                assert_eq!(c.text, n.text, "only reprints get noise");
                continue;
            }
            assert!(is_reprint);
            noised += 1;
            hyphenated += usize::from(n.text.contains("-\n"));
            if measured < 40 {
                measured += 1;
                let (a, b): (Vec<char>, Vec<char>) =
                    (c.text.chars().collect(), n.text.chars().collect());
                let d = levenshtein_within(&a, &b, n.ocr_edits);
                assert!(d <= n.ocr_edits && d * 10 >= n.ocr_edits * 8);
                dist += d;
                chars += a.len();
            }
        }
        let measured_rate = dist as f64 / chars as f64;
        eprintln!("OCR rate {rate}: measured {measured_rate:.4} over {measured} documents");
        assert!(
            (measured_rate - rate).abs() <= rate * 0.25,
            "measured {measured_rate} for {rate}"
        );
        let reprints = clean
            .docs
            .iter()
            .filter(|d| matches!(d.role, Role::Reprint { .. }))
            .count();
        assert!(noised * 10 >= reprints * 3 && noised * 10 <= reprints * 7);
        assert!(
            hyphenated * 2 >= noised,
            "{hyphenated} of {noised} hyphenated"
        );
        // The truth says which reprints are noisy.
        let truth_noisy = noisy
            .truth
            .reprints
            .iter()
            .filter(|r| r.ocr_edits > 0)
            .count();
        assert_eq!(truth_noisy, noised);
    }
    // With `ocr_all`, every document, and passages' ranges move with the text.
    let cfg = CorpusConfig {
        ocr_rate: 0.04,
        ocr_all: true,
        ..small_reuse(8)
    };
    let noisy = corpus(&cfg);
    let clean_left: Vec<(&str, &Role, usize)> = noisy
        .docs
        .iter()
        .filter(|d| d.ocr_edits == 0)
        .map(|d| (d.id.as_str(), &d.role, d.text.len()))
        .collect();
    assert!(clean_left.is_empty(), "{clean_left:?}");
    let clean = corpus(&small_reuse(8));
    let clean_docs = by_id(&clean);
    for (n, p) in noisy
        .docs
        .iter()
        .flat_map(|d| d.passages.iter().map(move |p| (d, p)))
    {
        let c = clean_docs[n.id.as_str()];
        let cp = c
            .passages
            .iter()
            .find(|q| q.kind == p.kind)
            .expect("same passages");
        let before = &c.text[cp.start..cp.end];
        let after = &n.text[p.start..p.end];
        // The noisy range holds the noisy passage: about as long, and its
        // first and last words mostly recognisable.
        let ratio = after.len() as f64 / before.len() as f64;
        assert!(
            (0.9..1.15).contains(&ratio),
            "{ratio}: {before:?} -> {after:?}"
        );
    }
}

#[test]
fn reuse_scores_count_each_case() {
    let c = corpus(&CorpusConfig {
        ocr_rate: 0.03,
        ocr_share: 0.5,
        ..small_reuse(9)
    });
    let t = &c.truth;
    // Everything found, labelled as it is.
    let mut found: Vec<(&str, &str, Option<&str>)> = t
        .pairs(0.0)
        .into_iter()
        .map(|(a, b)| (b, a, Some("Reprint")))
        .collect();
    let shared = t.shared_passages();
    found.extend(shared.iter().map(|p| (p.a, p.b, Some("shared_passage"))));
    let s = score_reuse(t, found.iter().copied());
    for case in [
        s.story_reprints,
        s.briefs,
        s.ocr,
        s.pasted,
        s.background,
        s.templates,
    ] {
        assert!(case.true_pairs > 0);
        assert_eq!(case.recall(), 1.0);
    }
    assert_eq!(s.mislabelled(), 0);
    let bucketed: usize = s.by_kept.iter().map(|b| b.score.true_pairs).sum();
    assert_eq!(bucketed, s.story_reprints.true_pairs);
    assert!(
        s.by_kept[1].score.true_pairs > 0,
        "partial reprints keeping 5–10%"
    );
    // Nothing found; then follow-ups found as reprints.
    let none = score_reuse(t, []);
    assert_eq!(none.briefs.found, 0);
    assert_eq!(none.pasted.recall(), 0.0);
    let wrong = score_reuse(
        t,
        shared
            .iter()
            .filter(|p| p.kind == PassageKind::Background)
            .map(|p| (p.a, p.b, None))
            .chain([(shared[0].a, shared[0].b, Some("REPRINT"))]),
    );
    assert_eq!(wrong.background.recall(), 1.0);
    assert_eq!(wrong.pasted.found + wrong.templates.found, 1);
    assert_eq!(
        wrong.mislabelled(),
        usize::from(shared[0].kind != PassageKind::Pasted)
    );
}

#[test]
fn bad_reuse_settings_are_rejected() {
    let base = small_reuse(10);
    let with = |change: fn(&mut CorpusConfig)| {
        let mut c = base.clone();
        change(&mut c);
        c
    };
    let bad = [
        with(|c| c.passage_hosts = 1..=3),
        with(|c| c.partial_kept = 0.0..=0.3),
        with(|c| c.partial_kept = 0.3..=0.2),
        with(|c| c.ocr_rate = 1.5),
        with(|c| c.passage_words = 0..=10),
        with(|c| c.brief_reprints = 2..=41),
        with(|c| c.template_instances = 3..=201),
    ];
    for cfg in bad {
        assert!(cfg.validate().is_err(), "{cfg:?}");
        assert!(generate(&cfg).is_err());
    }
    // Reprints of briefs need distinct outlets only when there are briefs.
    let no_briefs = with(|c| {
        c.briefs = 0;
        c.brief_reprints = 2..=41;
    });
    assert!(no_briefs.validate().is_ok());
    assert!(base.validate().is_ok());
}
