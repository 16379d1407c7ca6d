//! The deduper's JSON and HTML outputs: their shape, true spans, escaping.

use super::*;

pub(crate) fn json_of(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_slice(&o.stdout).expect("stdout is one JSON document")
}

pub(crate) fn ids(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_str().expect("an id").to_string())
        .collect()
}

/// `(start, end)` of each `{start, end}` object.
fn spans(v: &serde_json::Value) -> Vec<(usize, usize)> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|p| {
            let n = |k: &str| p[k].as_u64().expect("a byte offset") as usize;
            (n("start"), n("end"))
        })
        .collect()
}

#[test]
fn json_has_the_documented_shape_and_true_spans() {
    let v = json_of(&run(&["--json", "seeds"]));
    let texts: std::collections::HashMap<String, String> = v["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| {
            let id = d["id"].as_str().expect("id").to_string();
            let text = std::fs::read_to_string(Path::new("seeds").join(&id))
                .or_else(|_| {
                    std::fs::read_to_string(
                        Path::new(env!("CARGO_MANIFEST_DIR"))
                            .join("seeds")
                            .join(&id),
                    )
                })
                .expect("the seed file named by the id");
            // Paragraphs are the tokenizer's, as byte spans of the text.
            let expected: Vec<(usize, usize)> = reprint::Tokenizer::new()
                .analyze(&text)
                .paragraphs
                .iter()
                .map(|p| (p.span.start, p.span.end))
                .collect();
            assert_eq!(spans(&d["paragraphs"]), expected, "{id}");
            (id, text)
        })
        .collect();
    assert_eq!(texts.len(), 5);

    let clusters = v["clusters"].as_array().expect("clusters");
    assert_eq!(clusters.len(), 1);
    let c = &clusters[0];
    let short = |ids: Vec<String>| ids.iter().map(|s| s[..3].to_string()).collect::<Vec<_>>();
    assert_eq!(&c["source"].as_str().expect("source")[..3], "000");
    assert_eq!(short(ids(&c["members"])), ["000", "001", "003"]);
    assert_eq!(short(ids(&v["unmatched"])), ["002", "004"]);

    let source_id = c["source"].as_str().expect("source");
    let source_paragraphs = v["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .find(|d| d["id"] == source_id)
        .map(|d| spans(&d["paragraphs"]).len())
        .expect("the source is a document");
    let mut kinds = std::collections::BTreeSet::new();
    let reprints = c["reprints"].as_array().expect("reprints");
    assert_eq!(reprints.len(), 2);
    for r in reprints {
        let id = r["id"].as_str().expect("id");
        assert_eq!(r["relation"], "reprint", "{id}");
        for k in ["containment_of_source", "containment_in_source", "jaccard"] {
            let x = r[k].as_f64().expect(k);
            assert!(x > 0.0 && x <= 1.0, "{id} {k} = {x}");
        }
        let text = &texts[id];
        let paragraphs = r["paragraphs"].as_array().expect("paragraphs");
        let mut used = vec![false; source_paragraphs];
        for p in paragraphs {
            let kind = p["kind"].as_str().expect("kind");
            assert!(["copied", "edited", "added"].contains(&kind), "{kind}");
            kinds.insert(kind.to_string());
            let sim = p["similarity"].as_f64().expect("similarity");
            assert!((0.0..=1.0).contains(&sim));
            let sources = p["source_paragraphs"]
                .as_array()
                .expect("source_paragraphs");
            assert_eq!(sources.is_empty(), kind == "added", "{p}");
            for s in sources {
                used[s.as_u64().expect("an index") as usize] = true;
            }
        }
        // The reprint's paragraphs are its document's paragraphs.
        let doc = v["documents"]
            .as_array()
            .expect("documents")
            .iter()
            .find(|d| d["id"] == id)
            .expect("the reprint is a document");
        assert_eq!(spans(&r["paragraphs"]), spans(&doc["paragraphs"]));
        for (s, e) in spans(&r["paragraphs"]) {
            assert!(text.get(s..e).is_some_and(|t| !t.trim().is_empty()));
        }
        // Every source paragraph is used or omitted, never both.
        for o in r["omitted_source_paragraphs"].as_array().expect("omitted") {
            let o = o.as_u64().expect("an index") as usize;
            assert!(!used[o], "{id}: s{o} used and omitted");
            used[o] = true;
        }
        assert!(
            used.iter().all(|&u| u),
            "{id}: a source paragraph unaccounted for"
        );
    }
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["added", "copied", "edited"]
    );
}

#[test]
fn html_page_holds_the_cluster_side_by_side_and_escapes_text() {
    let dir = temp_dir("html");
    let page = dir.join("report.html");
    let o = run(&["--quiet", "--html", page.to_str().expect("utf-8"), "seeds"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&page).expect("the page is written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"));
    assert_eq!(html.matches("<section class=\"cluster\"").count(), 1);
    assert!(html.contains("data-source=\"000_"));
    assert_eq!(html.matches("<article class=\"reprint\"").count(), 2);
    for id in ["001_", "003_"] {
        assert!(html.contains(&format!("data-id=\"{id}")), "{id}");
    }
    for kind in ["copied", "edited", "added", "omitted"] {
        assert!(html.contains(&format!("<tr class=\"{kind}\"")), "{kind}");
    }
    assert!(html.contains("<del>") && html.contains("<ins>"));

    // Tags in ids and texts stay text.
    let words = lone_text("h");
    let jsonl = format!(
        "{{\"id\":\"<script>x</script>\",\"text\":\"<b>bold</b> & {words}\"}}\n\
         {{\"id\":\"<i>two</i>\",\"text\":\"{words} \\\"quoted\\\"\",\"outlet\":\"<Outlet>\"}}\n"
    );
    let o = run_in(
        &dir,
        &["--quiet", "--html", "hostile.html", "-"],
        jsonl.as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(dir.join("hostile.html")).expect("written");
    assert!(!html.contains("<script>x") && !html.contains("<b>bold") && !html.contains("<i>two"));
    assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"));
    assert!(html.contains("b&gt;bold&lt;/b") && html.contains("&gt; &amp; hw0"));
    assert!(html.contains("(&lt;Outlet&gt;)"));
}

/// A member linked to its cluster only through another is diffed against
/// that one: the JSON names it (`compared_with`) and the diff finds text
/// copied from it, not an all-added page.
#[test]
fn a_member_joined_through_another_is_compared_with_it() {
    let dir = temp_dir("via");
    let para = |tag: &str, n: usize| -> Vec<String> {
        (0..n)
            .map(|p| {
                (0..40)
                    .map(|w| format!("{tag}p{p}w{w}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    // A chain: a shares 3 paragraphs with b, b 4 with c, c 4 with d; c is
    // the source, a shares nothing with it.
    let a = para("one", 6);
    let b: Vec<String> = a[3..].iter().cloned().chain(para("two", 4)).collect();
    let c: Vec<String> = para("two", 4).into_iter().chain(para("three", 4)).collect();
    let d: Vec<String> = para("three", 4)
        .into_iter()
        .chain(para("four", 3))
        .collect();
    let jsonl: String = [("a", a), ("b", b), ("c", c), ("d", d)]
        .iter()
        .map(|(id, paras)| {
            format!(
                "{{\"id\":\"{id}\",\"text\":\"{}\"}}\n",
                paras.join("\\n\\n")
            )
        })
        .collect();
    let v = json_of(&run_in(&dir, &["--json", "-"], jsonl.as_bytes()));
    let cluster = &v["clusters"][0];
    assert_eq!(cluster["source"], "c");
    let reprints = cluster["reprints"].as_array().expect("reprints");
    let a = reprints
        .iter()
        .find(|r| r["id"] == "a")
        .expect("a is a member");
    assert!(a["relation"].is_null(), "{a}");
    assert_eq!(a["compared_with"], "b");
    assert_eq!(a["diff_summary"]["copied"], 3, "{a}");
    let b = reprints
        .iter()
        .find(|r| r["id"] == "b")
        .expect("b is a member");
    assert_eq!(b["compared_with"], "c");
}

/// `--json` lists the pairs of `--pairs`, each with the passages the two
/// texts share: byte ranges of the same words in both.
#[test]
fn json_pairs_carry_their_shared_passages() {
    let v = json_of(&run(&["--json", "seeds"]));
    let tsv = stdout(&run(&["--pairs", "seeds"]));
    let pairs = v["pairs"].as_array().expect("pairs");
    assert_eq!(pairs.len(), tsv.lines().count() - 1);
    let text = |id: &str| std::fs::read_to_string(seed_path(&id[..3])).expect("a seed");
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    for p in pairs {
        let (a, b) = (
            text(p["id_a"].as_str().expect("id")),
            text(p["id_b"].as_str().expect("id")),
        );
        let passages = p["passages"].as_array().expect("passages");
        assert!(!passages.is_empty(), "{p}");
        for x in passages {
            let span = |s: &serde_json::Value| {
                s["start"].as_u64().expect("offset") as usize
                    ..s["end"].as_u64().expect("offset") as usize
            };
            let (wa, wb) = (words(&a[span(&x["a"])]), words(&b[span(&x["b"])]));
            let common = wa.iter().filter(|w| wb.contains(w)).count();
            assert!(common * 10 >= wa.len() * 7, "{x}");
        }
    }
}

/// `--json` alone drops each text once it is fingerprinted and reads the
/// texts it shows again from the file: the report is byte for byte the one
/// made with every text held (as `--html` holds them), through a byte order
/// mark, CRLF line ends, bytes that are not UTF-8 and a replaced document.
#[test]
fn json_reading_texts_again_equals_json_holding_them() {
    let dir = temp_dir("json-reread");
    let mut jsonl = b"\xEF\xBB\xBF".to_vec();
    for (i, prefix) in ["000", "001", "002", "003", "004"].iter().enumerate() {
        let text = std::fs::read_to_string(seed_path(prefix)).expect("seed");
        let record = serde_json::json!({ "id": prefix, "text": text }).to_string();
        jsonl.extend_from_slice(record.as_bytes());
        jsonl.extend_from_slice(if i % 2 == 0 { b"\r\n" } else { b"\n" });
    }
    // A Latin-1 byte in a reprint of 000, and 002 read again with another
    // text (kept with --replace).
    let text = std::fs::read_to_string(seed_path("001")).expect("seed");
    let record = serde_json::json!({ "id": "001b", "text": format!("Caf\u{1}{text}") }).to_string();
    jsonl.extend_from_slice(record.as_bytes());
    let latin1 = jsonl.len() - record.len() + record.find("\\u0001").expect("marked");
    jsonl.splice(latin1..latin1 + 6, [0xE9]);
    jsonl.push(b'\n');
    let text = std::fs::read_to_string(seed_path("000")).expect("seed");
    let replaced = serde_json::json!({ "id": "002", "text": format!("{text}\n\nA line of ours.") });
    jsonl.extend_from_slice(replaced.to_string().as_bytes());
    jsonl.push(b'\n');
    std::fs::write(dir.join("feed.jsonl"), &jsonl).expect("feed written");

    let again = run_in(&dir, &["--json", "--replace", "feed.jsonl"], b"");
    let held = run_in(
        &dir,
        &["--json", "--replace", "--html", "page.html", "feed.jsonl"],
        b"",
    );
    let v = json_of(&again);
    assert!(
        v["summary"]["decoded_lossily"][0] == "feed.jsonl:6",
        "{}",
        v["summary"]
    );
    assert_eq!(v["summary"]["replaced"][0], "feed.jsonl:7");
    assert!(
        v["clusters"][0]["reprints"]
            .as_array()
            .expect("reprints")
            .len()
            >= 3
    );
    assert_eq!(stdout(&again), stdout(&json_of_ok(held)));
}

fn json_of_ok(o: Output) -> Output {
    assert!(o.status.success(), "{}", stderr(&o));
    o
}

/// A feed read from a pipe (`--json <(zcat feed.jsonl.gz)`) cannot be
/// read again: its texts are held, and the report is the one of the same
/// feed in a regular file.
#[cfg(unix)]
#[test]
fn json_of_a_feed_from_a_pipe_holds_its_texts() {
    let (file_dir, pipe_dir) = (temp_dir("json-file"), temp_dir("json-pipe"));
    let jsonl: String = ["000", "001", "003"]
        .iter()
        .map(|prefix| {
            let text = std::fs::read_to_string(seed_path(prefix)).expect("seed");
            format!("{}\n", serde_json::json!({ "id": prefix, "text": text }))
        })
        .collect();
    std::fs::write(file_dir.join("feed.jsonl"), &jsonl).expect("feed written");
    let fifo = pipe_dir.join("feed.jsonl");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    // Opening the FIFO to write waits for the deduper to open it to read.
    let writer = std::thread::spawn(move || std::fs::write(fifo, jsonl));
    let from_pipe = run_in(&pipe_dir, &["--json", "feed.jsonl"], b"");
    let v = json_of(&from_pipe);
    writer
        .join()
        .expect("the writer ends")
        .expect("the feed is written");
    assert_eq!(
        v["clusters"][0]["reprints"].as_array().map(Vec::len),
        Some(2)
    );
    let from_file = run_in(&file_dir, &["--json", "feed.jsonl"], b"");
    assert_eq!(stdout(&from_pipe), stdout(&json_of_ok(from_file)));
}
