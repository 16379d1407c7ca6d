//! An engine kept day after day: what it holds is recognised when a feed
//! repeats it, and a time window really releases what it evicts (memory
//! and the saved file), without changing any answer.

use reprint::{DedupConfig, Deduper, Document, Held};

const DAY: i64 = 86_400;

/// `n` documents of 300 words drawn from a 5,000-word vocabulary, all
/// alike in size and sharing nothing, published on `day`.
fn day_of_news(day: i64, n: usize) -> Vec<Document> {
    let mut state = day as u64;
    let mut next_word = move || {
        // SplitMix64.
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        format!("w{}", (z ^ (z >> 31)) % 5_000)
    };
    (0..n)
        .map(|i| {
            let words: Vec<String> = (0..300).map(|_| next_word()).collect();
            Document::new(format!("d{day:03}-{i:03}"), words.join(" "))
                .with_published(day * DAY + i as i64)
        })
        .collect()
}

fn total(engine: &Deduper) -> usize {
    let m = engine.memory();
    m.index + m.shingle_sets + m.other
}

#[test]
fn held_tells_the_same_text_from_another() {
    let docs = day_of_news(1, 20);
    let mut engine = Deduper::new(DedupConfig::default()).unwrap();
    engine.add_batch(&docs).unwrap();
    let edited = Document::new(docs[3].id.clone(), format!("{} more", docs[3].text));
    let fresh = Document::new("elsewhere", docs[3].text.clone());
    let check = |e: &Deduper| {
        assert_eq!(e.held(&docs[3]), Held::SameText);
        assert_eq!(e.held(&edited), Held::OtherText);
        assert_eq!(e.held(&fresh), Held::Absent);
    };
    check(&engine);
    // The text hash is saved with the document.
    check(&Deduper::from_bytes(&engine.to_bytes()).unwrap());
    // A removed document is not held.
    engine.remove(&docs[3].id).unwrap();
    assert_eq!(engine.held(&docs[3]), Held::Absent);
}

/// Forty days of forty documents through a two-day window: the engine
/// holds about three days, and its memory and saved file stay the size
/// of three days (they grew by every evicted document before).
#[test]
fn a_window_keeps_memory_and_file_flat() {
    let config = DedupConfig {
        window: Some(2 * DAY),
        ..DedupConfig::default()
    };
    let mut engine = Deduper::new(config).unwrap();
    let mut sizes = Vec::new();
    for day in 0..40 {
        engine.add_batch(&day_of_news(day, 40)).unwrap();
        if day == 9 || day == 39 {
            assert!(engine.len() <= 3 * 40, "{} held", engine.len());
            sizes.push((engine.to_bytes().len(), total(&engine)));
        }
    }
    let (file10, mem10) = sizes[0];
    let (file40, mem40) = sizes[1];
    assert!(
        file40 as f64 <= 1.05 * file10 as f64,
        "file {file10} B at day 10, {file40} B at day 40"
    );
    assert!(
        mem40 as f64 <= 1.2 * mem10 as f64,
        "memory {mem10} B at day 10, {mem40} B at day 40"
    );
}

/// Compacting renumbers what is held and changes no answer: reports,
/// queries, the saved bytes, and what later additions match.
#[test]
fn compacting_changes_no_answer() {
    let mut docs = reprint_testkit::seed_documents();
    let halves = reprint_testkit::first_halves(&docs);
    docs.extend(day_of_news(0, 60));
    let mut engine = Deduper::new(DedupConfig::default()).unwrap();
    engine.add_batch(&docs).unwrap();
    engine.add_batch(&halves[..3]).unwrap();
    // Few enough that the engine does not compact by itself.
    for d in docs.iter().skip(1).step_by(6) {
        engine.remove(&d.id).unwrap();
    }
    let mut compacted = engine.clone();
    compacted.compact();

    assert_eq!(compacted.report(), engine.report());
    assert_eq!(compacted.to_bytes(), engine.to_bytes());
    assert!(total(&compacted) < total(&engine));
    for d in docs.iter().chain(&halves) {
        assert_eq!(compacted.query(d), engine.query(d), "{}", d.id);
        assert_eq!(compacted.held(d), engine.held(d));
    }
    let later = &halves[3..];
    assert_eq!(
        compacted.add_batch(later).unwrap(),
        engine.add_batch(later).unwrap()
    );
    assert_eq!(compacted.report(), engine.report());
}
