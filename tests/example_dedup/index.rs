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

    // A document already in the index is a duplicate id.
    let o = run_in(&dir, &["--load-index", "news.idx", "day1"], b"");
    assert_fails_with(&o, "in day1/000_");
    assert_fails_with(&o, "and in the loaded index news.idx");
    // The index keeps its settings.
    let o = run_in(
        &dir,
        &["--load-index", "news.idx", "--shingle-size", "4", "day2"],
        b"",
    );
    assert_fails_with(&o, "--shingle-size 4 (the index has 5)");
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
}
