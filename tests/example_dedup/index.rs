//! Saved indexes across runs, and a generated corpus end to end.

use super::outputs::{ids, json_of};
use super::*;

#[test]
fn an_index_carries_today_into_tomorrow() {
    let dir = temp_dir("index");
    for (day, seeds) in [
        ("day1", ["000", "002"].as_slice()),
        ("day2", &["001", "003", "004"]),
    ] {
        std::fs::create_dir_all(dir.join(day)).unwrap();
        for s in seeds {
            let from = seed_path(s);
            std::fs::copy(&from, dir.join(day).join(from.file_name().unwrap())).unwrap();
        }
    }
    let o = run_in(&dir, &["--save-index", "news.idx", "day1"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Found 0 clusters"));
    assert!(stderr(&o).contains("saved the index (2 documents) to news.idx"));

    let o = run_in(&dir, &["--load-index", "news.idx", "--json", "day2"], b"");
    let v = json_of(&o);
    assert_eq!(v["summary"]["loaded_index"]["documents"], 2);
    let c = &v["clusters"][0];
    assert_eq!(&c["source"].as_str().expect("source")[..3], "000");
    for r in c["reprints"].as_array().expect("reprints") {
        // 000's text is not in this run: no diff, and the JSON says so.
        assert_eq!(r["texts_available"], false);
        assert!(r["paragraphs"].is_null());
    }
    assert_eq!(ids(&v["unmatched"]).len(), 1);

    let o = run_in(&dir, &["--load-index", "news.idx", "day2"], b"");
    let text = stdout(&o);
    assert!(
        text.contains("Matched against 2 documents of the index news.idx"),
        "{text}"
    );
    assert!(
        text.contains("(from the loaded index; text not available)"),
        "{text}"
    );

    // Day 1 again: its documents are held with the same text, not added
    // again, and the report is the same.
    let o = run_in(&dir, &["--load-index", "news.idx", "day1"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains(
            "2 documents were already in the index with the same text (not added again)."
        ),
        "{text}"
    );
    // One of them edited: the same id with another text is an error naming
    // both places, or replaces the index's with --replace.
    let edited = dir.join("day1").join(seed_path("002").file_name().unwrap());
    let mut text = std::fs::read_to_string(&edited).unwrap();
    text.push_str("\n\nCorrection: an earlier version misstated the date.\n");
    std::fs::write(&edited, text).unwrap();
    let o = run_in(&dir, &["--load-index", "news.idx", "day1"], b"");
    assert_fails_with(&o, "with another text: in day1/002_");
    assert_fails_with(
        &o,
        "and in the loaded index news.idx (--replace replaces the index's)",
    );
    let o = run_in(
        &dir,
        &["--load-index", "news.idx", "--replace", "day1"],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("1 document was already in the index with the same text (not added again); 1 replaced the index's."),
        "{}",
        stdout(&o)
    );
    // The index keeps its settings.
    let o = run_in(
        &dir,
        &["--load-index", "news.idx", "--shingle-size", "4", "day2"],
        b"",
    );
    assert_fails_with(&o, "--shingle-size 4 (the index has 5)");
    // Thresholds may change, for the documents of the run, and it says so.
    let o = run_in(
        &dir,
        &[
            "--load-index",
            "news.idx",
            "--min-containment",
            "0.3",
            "day2",
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "note: --min-containment 0.3 (the index has 0.15) for the documents added in this run"
        ),
        "{}",
        stderr(&o)
    );
}

/// Two days' directories with the same file names: ids collide, unless
/// prefixed with the directory's name.
#[test]
fn id_prefix_keeps_days_apart() {
    let dir = temp_dir("prefix");
    for day in ["monday", "tuesday"] {
        std::fs::create_dir_all(dir.join(day)).unwrap();
        std::fs::write(dir.join(day).join("story1.txt"), lone_text(day)).unwrap();
    }
    let o = run_in(&dir, &["monday", "tuesday"], b"");
    assert_fails_with(&o, "duplicate id \"story1.txt\" with another text: in monday/story1.txt and in tuesday/story1.txt");
    let o = run_in(
        &dir,
        &["--id-prefix", "{name}/", "--json", "monday", "tuesday"],
        b"",
    );
    let v = json_of(&o);
    assert_eq!(
        ids(&v["unmatched"]),
        ["monday/story1.txt", "tuesday/story1.txt"]
    );
}

/// The daily workflow with a week's window: Monday, Tuesday, and a day a
/// week later evicting both from the index it saves.
#[test]
fn a_window_keeps_a_week() {
    let dir = temp_dir("window");
    let day = |name: &str, date: &str, seeds: &[&str]| {
        let lines: Vec<String> = seeds
            .iter()
            .map(|s| {
                let path = seed_path(s);
                serde_json::json!({
                    "id": path.file_name().unwrap().to_str().unwrap(),
                    "text": std::fs::read_to_string(&path).unwrap(),
                    "published": format!("{date}T10:00:00Z"),
                })
                .to_string()
            })
            .collect();
        std::fs::write(dir.join(name), lines.join("\n")).unwrap();
    };
    day("monday.jsonl", "2022-02-07", &["000", "002"]);
    day("tuesday.jsonl", "2022-02-08", &["001", "003"]);
    day("later.jsonl", "2022-02-16", &["004"]);
    let args = [
        "--window",
        "7",
        "--load-index",
        "news.idx",
        "--save-index",
        "news.idx",
    ];
    let o = run_in(
        &dir,
        &["--window", "7", "--save-index", "news.idx", "monday.jsonl"],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run_in(&dir, &[&args[..], &["tuesday.jsonl"]].concat(), b"");
    assert!(stdout(&o).contains("Found 1 cluster"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("saved the index (4 documents)"),
        "{}",
        stderr(&o)
    );
    let week = std::fs::metadata(dir.join("news.idx")).unwrap().len();
    let o = run_in(&dir, &[&args[..], &["later.jsonl"]].concat(), b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("The window evicted 4 documents."),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("saved the index (1 document)"),
        "{}",
        stderr(&o)
    );
    let later = std::fs::metadata(dir.join("news.idx")).unwrap().len();
    assert!(later * 2 < week, "index {week} B, then {later} B");
}

#[test]
fn a_corrupt_index_is_refused_with_its_name() {
    let dir = temp_dir("corrupt");
    std::fs::write(dir.join("words.txt"), lone_text("w")).unwrap();
    let o = run_in(
        &dir,
        &["--quiet", "--save-index", "good.idx", "words.txt"],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(dir.join("good.idx")).unwrap();

    std::fs::write(dir.join("garbage.idx"), b"this is not an index at all").unwrap();
    let o = run_in(&dir, &["--load-index", "garbage.idx", "words.txt"], b"");
    assert_fails_with(&o, "cannot load the index: garbage.idx: corrupt index");

    std::fs::write(dir.join("short.idx"), &bytes[..bytes.len() / 2]).unwrap();
    let o = run_in(&dir, &["--load-index", "short.idx", "words.txt"], b"");
    assert_fails_with(&o, "short.idx: corrupt index");

    let mut flipped = bytes.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x40;
    std::fs::write(dir.join("flipped.idx"), &flipped).unwrap();
    let o = run_in(&dir, &["--load-index", "flipped.idx", "words.txt"], b"");
    assert_fails_with(&o, "flipped.idx: corrupt index");

    let o = run_in(&dir, &["--load-index", "missing.idx", "words.txt"], b"");
    assert_fails_with(&o, "cannot load the index: missing.idx");
}

/// A few thousand generated documents with known reprints: the run
/// completes and its clusters are the generated ones.
#[test]
fn generated_corpus_clusters_are_found() {
    use reprint_testkit::{generate, write_jsonl, CorpusConfig, Role};
    use std::collections::HashMap;

    let config = CorpusConfig::default()
        .with_total_docs(3000)
        .expect("a valid corpus config");
    let corpus = generate(&config).expect("generated");
    let dir = temp_dir("generated");
    let file = std::fs::File::create(dir.join("corpus.jsonl")).expect("created");
    write_jsonl(&corpus.docs, std::io::BufWriter::new(file)).expect("written");

    let o = run_in(&dir, &["--quiet", "--json", "corpus.jsonl"], b"");
    // The same bytes whatever the number of threads.
    let one = run_in(
        &dir,
        &["--quiet", "--json", "--threads", "1", "corpus.jsonl"],
        b"",
    );
    assert!(o.stdout == one.stdout, "output depends on the thread count");
    let v = json_of(&o);
    assert_eq!(v["summary"]["documents"], 3000);
    let clusters = v["clusters"].as_array().expect("clusters");
    let mut cluster_of: HashMap<String, usize> = HashMap::new();
    for (i, c) in clusters.iter().enumerate() {
        for m in ids(&c["members"]) {
            assert!(
                cluster_of.insert(m, i).is_none(),
                "a document in two clusters"
            );
        }
        for r in c["reprints"].as_array().expect("reprints") {
            assert_eq!(r["texts_available"], true);
            assert!(!r["paragraphs"].as_array().expect("paragraphs").is_empty());
        }
    }
    let unmatched = ids(&v["unmatched"]);
    assert_eq!(cluster_of.len() + unmatched.len(), 3000);

    // Every story whose reprints kept at least a fifth of it is one cluster,
    // led by the wire copy.
    let truth = corpus.truth.clusters(0.2);
    assert!(truth.len() > 300, "{} true clusters", truth.len());
    let whole: Vec<&Vec<&str>> = truth
        .iter()
        .filter(|members| {
            let first = cluster_of.get(members[0]);
            first.is_some() && members.iter().all(|m| cluster_of.get(*m) == first)
        })
        .collect();
    assert!(
        whole.len() * 100 >= truth.len() * 98,
        "{} of {} true clusters found whole",
        whole.len(),
        truth.len()
    );
    let wire_led = whole
        .iter()
        .filter(|members| {
            let c = &clusters[cluster_of[members[0]]];
            let source = c["source"].as_str().expect("source");
            corpus
                .doc(source)
                .is_some_and(|d| matches!(d.role, Role::Wire { .. }))
        })
        .count();
    assert!(
        wire_led * 100 >= whole.len() * 90,
        "{wire_led} of {} clusters led by their wire copy",
        whole.len()
    );

    // Rival reports and unrelated articles stay out of the stories' clusters.
    let story_of = |id: &str| match corpus.doc(id).map(|d| &d.role) {
        Some(Role::Wire { story } | Role::Reprint { story, .. }) => Some(*story),
        _ => None,
    };
    let mixed = clusters
        .iter()
        .filter(|c| {
            let members = ids(&c["members"]);
            let first = story_of(&members[0]);
            first.is_none() || members.iter().any(|m| story_of(m) != first)
        })
        .count();
    assert!(
        mixed * 100 <= clusters.len(),
        "{mixed} of {} clusters mix stories or hold rivals or unrelated articles",
        clusters.len()
    );

    // Outlets' boilerplate (corrections policy, newsletter box, related
    // links) is learnt: the added paragraphs that carry it read as
    // boilerplate. Each recurs in other documents, and none is text of a
    // wire story.
    let texts: HashMap<&str, &str> = (corpus.docs.iter())
        .map(|d| (d.id.as_str(), d.text.as_str()))
        .collect();
    let mut boilerplate = Vec::new();
    for r in clusters
        .iter()
        .flat_map(|c| c["reprints"].as_array().expect("reprints"))
    {
        let text = texts[r["id"].as_str().expect("id")];
        for p in r["paragraphs"].as_array().expect("paragraphs") {
            if p["boilerplate"] == true {
                assert_eq!(p["kind"], "added", "{p}");
                let span =
                    p["start"].as_u64().unwrap() as usize..p["end"].as_u64().unwrap() as usize;
                boilerplate.push(&text[span]);
            }
        }
    }
    assert!(
        boilerplate.len() > 100,
        "{} boilerplate paragraphs",
        boilerplate.len()
    );
    let wires: Vec<&str> = (corpus.docs.iter())
        .filter(|d| matches!(d.role, Role::Wire { .. }))
        .map(|d| d.text.as_str())
        .collect();
    let mut holders: HashMap<&str, usize> = HashMap::new();
    for b in &boilerplate {
        holders
            .entry(b)
            .or_insert_with(|| texts.values().filter(|t| t.contains(*b)).count());
        assert!(
            !wires.iter().any(|w| w.contains(*b)),
            "{b:?} is wire story text"
        );
    }
    // A short sentence made of phrases the stories' templates repeat across
    // stories may be learnt too (2 of 5,464 here).
    let once = (boilerplate.iter()).filter(|b| holders[*b] < 2).count();
    assert!(
        once * 100 <= boilerplate.len(),
        "{once} of {} boilerplate paragraphs are in no other document",
        boilerplate.len()
    );

    // More than 50 clusters: the terminal report is a summary, one line a
    // cluster; --full gives every diff, boilerplate marked, and a legend.
    let o = run_in(&dir, &["--quiet", "--color", "never", "corpus.jsonl"], b"");
    let text = stdout(&o);
    assert!(
        text.contains("clusters make a long report: this is its summary"),
        "{text}"
    );
    let lines = text
        .lines()
        .filter(|l| l.contains(". ") && l.contains(" · source "))
        .count();
    assert_eq!(lines, clusters.len());
    let o = run_in(
        &dir,
        &["--quiet", "--color", "never", "--full", "corpus.jsonl"],
        b"",
    );
    let text = stdout(&o);
    assert!(
        text.matches(" boilerplate: ").count() >= boilerplate.len(),
        "boilerplate rows"
    );
    assert!(
        text.trim_end().ends_with("[-dropped-] {+inserted+}"),
        "legend"
    );
    assert!(!text.contains(" 1.00"), "an edit shown 100% alike");
}
