//! The engine under arbitrary operation sequences: add, add_batch, query,
//! remove, evict, reserve, report, save → load. No panic; errors exactly
//! when documented (duplicate or unknown ids); a batch answers as adding
//! one by one (a twin engine does that), each pair within it seen from both
//! sides; a loaded engine writes the same
//! bytes and answers exactly as the one saved.

use std::collections::BTreeSet;

use arbitrary::Arbitrary;
use reprint::{DedupConfig, Deduper, Document, Error, Match};

/// Words the documents are made of: few, so documents share passages.
const VOCABULARY: [&str; 24] = [
    "the",
    "wire",
    "story",
    "said",
    "minister",
    "on",
    "tuesday",
    "police",
    "court",
    "of",
    "a",
    "report",
    "in",
    "city",
    "council",
    "vote",
    "new",
    "plan",
    "and",
    "to",
    "Ünïcode",
    "“quoted”",
    "U.S.",
    "2022",
];

#[derive(Arbitrary, Debug, Clone)]
pub(crate) struct Doc {
    pub(crate) id: u8,
    /// Indexes into the vocabulary; 255 starts a paragraph.
    pub(crate) words: Vec<u8>,
    /// A run of the vocabulary repeated, so long documents are cheap.
    pub(crate) repeat: u8,
    pub(crate) published: Option<i16>,
}

#[derive(Arbitrary, Debug)]
enum Op {
    Add(Doc),
    AddBatch(Vec<Doc>),
    Query(Doc),
    Remove(u8),
    Evict(i16),
    Reserve(u16),
    Report,
    SaveLoad(Doc),
}

/// A config and the operations to run on an engine made with it.
#[derive(Arbitrary, Debug)]
pub struct Run {
    /// Few shared shingles make pairs: more of the engine is reached.
    low_thresholds: bool,
    window: Option<u16>,
    ops: Vec<Op>,
}

pub(crate) fn document(d: &Doc) -> Document {
    let mut text = String::new();
    for _ in 0..=d.repeat % 8 {
        for &w in &d.words {
            if w == 255 {
                text.push_str("\n\n");
            } else {
                text.push_str(VOCABULARY[w as usize % VOCABULARY.len()]);
                text.push(' ');
            }
        }
    }
    let doc = Document::new(format!("d{}", d.id % 32), text);
    match d.published {
        Some(t) => doc.with_published(i64::from(t)),
        None => doc,
    }
}

fn same(a: &Deduper, b: &Deduper) {
    assert_eq!(a.len(), b.len());
    assert_eq!(format!("{:?}", a.report()), format!("{:?}", b.report()));
}

/// `matches` with their shared passages left uncounted: the figure that a
/// batch counts from both sides of a pair, one by one from the later.
fn uncounted(matches: &[Match]) -> Vec<Match> {
    let uncounted = |m: &Match| Match {
        shared_passages: 0,
        ..m.clone()
    };
    matches.iter().map(uncounted).collect()
}

/// Runs the operations of `run`, checking each answer.
pub fn run(run: Run) {
    let mut config = DedupConfig::default();
    if run.low_thresholds {
        config.min_shared_shingles = 4;
        config.min_containment = 0.05;
    }
    config.window = run.window.map(i64::from);
    let Ok(mut engine) = Deduper::new(config) else {
        return;
    };
    let mut twin = engine.clone();
    // Whether a batch stored pairs with their passages counted from both
    // sides, where the twin counted them from the later side only.
    let mut counted_apart = false;
    for op in run.ops.iter().take(64) {
        match op {
            Op::Add(d) => {
                let doc = document(d);
                let held = engine.contains(&doc.id);
                let got = engine.add(&doc);
                assert_eq!(
                    held,
                    matches!(got, Err(Error::DuplicateId { .. })),
                    "{got:?}"
                );
                let again = twin.add(&doc);
                match (&got, &again, counted_apart) {
                    // A copy of a text held answers with its text's pairs,
                    // as they were counted.
                    (Ok(got), Ok(again), true) => {
                        assert_eq!(
                            format!("{:?}", uncounted(got)),
                            format!("{:?}", uncounted(again))
                        );
                        for (g, a) in got.iter().zip(again) {
                            assert!(g.shared_passages >= a.shared_passages, "{g:?} {a:?}");
                        }
                    }
                    _ => assert_eq!(format!("{got:?}"), format!("{again:?}")),
                }
            }
            Op::AddBatch(docs) => {
                let mut seen = BTreeSet::new();
                let docs: Vec<Document> = docs
                    .iter()
                    .take(16)
                    .map(document)
                    .filter(|d| !engine.contains(&d.id) && seen.insert(d.id.clone()))
                    .collect();
                let got = engine.add_batch(&docs).expect("fresh, distinct ids");
                if engine.config().window.is_some() {
                    // With a window, a batch evicts once, by its newest
                    // document, before it is added (its answer must not
                    // depend on its order); one by one evicts as each
                    // comes. Not the same by design: the twin follows.
                    twin = engine.clone();
                    counted_apart = false;
                    continue;
                }
                let one_by_one: Vec<Vec<Match>> = docs
                    .iter()
                    .map(|d| twin.add(d).expect("fresh id"))
                    .collect();
                // A batch is judged as a set: both sides of a pair in it
                // get the match, where one by one only the later does.
                let mut expected = one_by_one.clone();
                for (j, matches) in one_by_one.iter().enumerate() {
                    for m in matches {
                        if let Some(i) = docs[..j].iter().position(|d| d.id == m.id) {
                            expected[i].push(Match {
                                id: docs[j].id.clone(),
                                overlap: m.overlap.swapped(),
                                ..m.clone()
                            });
                        }
                    }
                }
                for e in &mut expected {
                    e.sort_by(|x, y| x.id.cmp(&y.id));
                }
                // Within a batch, a pair's shared passages are counted from
                // whichever side has more; one by one, from the later side.
                let figures = |all: &[Vec<Match>]| -> Vec<Vec<Match>> {
                    all.iter().map(|ms| uncounted(ms)).collect()
                };
                assert_eq!(
                    format!("{:?}", figures(&got)),
                    format!("{:?}", figures(&expected))
                );
                for (g, e) in got.iter().flatten().zip(expected.iter().flatten()) {
                    assert!(g.shared_passages >= e.shared_passages, "{g:?} {e:?}");
                }
                counted_apart = true;
            }
            Op::Query(d) => {
                let doc = document(d);
                assert_eq!(
                    format!("{:?}", engine.query(&doc)),
                    format!("{:?}", twin.query(&doc))
                );
            }
            Op::Remove(id) => {
                let id = format!("d{}", id % 32);
                let held = engine.contains(&id);
                let got = engine.remove(&id);
                assert_eq!(held, got.is_ok(), "{got:?}");
                assert_eq!(!held, matches!(got, Err(Error::UnknownId { .. })));
                let _ = twin.remove(&id);
            }
            Op::Evict(t) => {
                let n = engine.evict_before(i64::from(*t));
                assert_eq!(n, twin.evict_before(i64::from(*t)));
            }
            Op::Reserve(n) => {
                engine.reserve(usize::from(*n)).expect("a small reserve");
                assert!(engine.reserve(usize::MAX).is_err());
            }
            Op::Report => same(&engine, &twin),
            Op::SaveLoad(probe) => {
                let bytes = engine.to_bytes();
                let loaded = Deduper::from_bytes(&bytes).expect("its own bytes load");
                assert!(loaded.to_bytes() == bytes, "saved again, other bytes");
                same(&loaded, &engine);
                let probe = document(probe);
                assert_eq!(
                    format!("{:?}", loaded.query(&probe)),
                    format!("{:?}", engine.query(&probe))
                );
                engine = loaded;
            }
        }
    }
    same(&engine, &twin);
}

/// [`run`] on the operations `data` decodes to, as the fuzz target
/// decodes them.
pub fn check(data: &[u8]) {
    if let Ok(r) = Run::arbitrary_take_rest(arbitrary::Unstructured::new(data)) {
        run(r);
    }
}
