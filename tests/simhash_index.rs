//! `SimHashIndex` against a brute-force scan, under inserts, removals and
//! concurrent queries.

use std::collections::BTreeMap;

use proptest::prelude::*;
use reprint::{Error, Fingerprinter, SimHash, SimHashIndex, SimHashMatch};

/// The reference: scan everything.
fn brute_force(stored: &BTreeMap<u64, u64>, query: u64, k: u32) -> Vec<SimHashMatch> {
    let mut out: Vec<SimHashMatch> = stored
        .iter()
        .map(|(&id, &fp)| SimHashMatch {
            distance: (fp ^ query).count_ones(),
            id,
        })
        .filter(|m| m.distance <= k)
        .collect();
    out.sort();
    out
}

/// A small deterministic generator for the bits to flip.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `fp` with exactly `d` distinct bits flipped.
fn flip(fp: u64, d: u32, seed: u64) -> u64 {
    let mut state = seed;
    let mut mask = 0u64;
    while mask.count_ones() < d {
        mask |= 1 << (next(&mut state) % 64);
    }
    fp ^ mask
}

/// Random fingerprints plus near neighbours of some of them, planted at
/// every distance from 0 to `k + 1` (so the boundary is exercised from both
/// sides).
fn planted_corpus(k: u32) -> impl Strategy<Value = Vec<u64>> {
    (
        proptest::collection::vec(any::<u64>(), 1..40),
        proptest::collection::vec(
            (any::<prop::sample::Index>(), 0..=k + 1, any::<u64>()),
            0..80,
        ),
    )
        .prop_map(|(mut fps, plants)| {
            for (at, d, seed) in plants {
                let base = fps[at.index(fps.len())];
                fps.push(flip(base, d, seed));
            }
            fps
        })
}

/// Queries: every stored fingerprint, neighbours of some at distances up to
/// `k + 1`, and unrelated ones.
fn queries(stored: &BTreeMap<u64, u64>, k: u32, salt: u64) -> Vec<u64> {
    let fps: Vec<u64> = stored.values().copied().collect();
    let mut qs = fps.clone();
    for (i, &fp) in fps.iter().enumerate().take(30) {
        qs.push(flip(fp, i as u32 % (k + 2), salt ^ i as u64));
    }
    let mut state = salt;
    qs.extend((0..10).map(|_| next(&mut state)));
    qs
}

/// Layouts under test: the default one for several distances, and explicit
/// ones with fewer and more blocks.
fn layouts() -> Vec<(u32, Option<u32>)> {
    vec![
        (0, None),
        (1, None),
        (2, None),
        (3, None),
        (4, None),
        (6, None),
        (3, Some(4)),
        (3, Some(6)),
        (1, Some(64)),
        (5, Some(6)),
    ]
}

fn make(k: u32, blocks: Option<u32>) -> SimHashIndex {
    match blocks {
        None => SimHashIndex::new(k).unwrap(),
        Some(b) => SimHashIndex::with_blocks(k, b).unwrap(),
    }
}

fn check_against_brute_force(index: &SimHashIndex, stored: &BTreeMap<u64, u64>, salt: u64) {
    let k = index.max_distance();
    assert_eq!(index.len(), stored.len());
    for q in queries(stored, k, salt) {
        assert_eq!(
            index.query(SimHash(q)),
            brute_force(stored, q, k),
            "query {q:#018x}, k = {k}, blocks = {}",
            index.blocks()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn queries_equal_brute_force(fps in planted_corpus(6), salt in any::<u64>()) {
        for (k, blocks) in layouts() {
            let mut index = make(k, blocks);
            let mut stored = BTreeMap::new();
            for (i, &fp) in fps.iter().enumerate() {
                // Sparse, unordered ids.
                let id = (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D);
                index.insert(id, SimHash(fp)).unwrap();
                stored.insert(id, fp);
            }
            check_against_brute_force(&index, &stored, salt);
        }
    }

    #[test]
    fn removals_keep_queries_exact(fps in planted_corpus(3),
                                   removals in proptest::collection::vec(any::<prop::sample::Index>(), 0..60),
                                   salt in any::<u64>()) {
        for (k, blocks) in [(3, None), (2, None), (3, Some(6))] {
            let mut index = make(k, blocks);
            let mut stored = BTreeMap::new();
            for (i, &fp) in fps.iter().enumerate() {
                index.insert(i as u64, SimHash(fp)).unwrap();
                stored.insert(i as u64, fp);
            }
            for (n, at) in removals.iter().enumerate() {
                let id = at.index(fps.len()) as u64;
                match stored.remove(&id) {
                    Some(fp) => prop_assert_eq!(index.remove(id).unwrap(), SimHash(fp)),
                    None => {
                        let unknown = matches!(index.remove(id), Err(Error::UnknownId { .. }));
                        prop_assert!(unknown);
                    }
                }
                if n % 3 == 0 {
                    // Re-insert under a fresh id: slots get reused.
                    let fresh = 1_000 + n as u64;
                    let fp = flip(fps[at.index(fps.len())], n as u32 % 5, salt);
                    index.insert(fresh, SimHash(fp)).unwrap();
                    stored.insert(fresh, fp);
                }
            }
            prop_assert_eq!(index.is_empty(), stored.is_empty());
            for (&id, &fp) in &stored {
                prop_assert_eq!(index.get(id), Some(SimHash(fp)));
            }
            check_against_brute_force(&index, &stored, salt);
        }
    }
}

#[test]
fn growing_and_shrinking_keeps_queries_exact() {
    let mut index = SimHashIndex::new(3).unwrap();
    let mut stored = BTreeMap::new();
    let mut state = 7;
    for id in 0..3_000u64 {
        let fp = if id % 4 == 0 {
            next(&mut state)
        } else {
            flip(stored[&(id - id % 4)], (id % 4) as u32 + 1, id)
        };
        index.insert(id, SimHash(fp)).unwrap();
        stored.insert(id, fp);
    }
    check_against_brute_force(&index, &stored, 1);
    let grown = index.memory_bytes();
    for id in (0..3_000u64).filter(|id| id % 10 != 0) {
        index.remove(id).unwrap();
        stored.remove(&id);
    }
    check_against_brute_force(&index, &stored, 2);
    assert!(index.memory_bytes() < grown, "bucket heads were not shrunk");
}

#[test]
fn identical_fingerprints_are_all_found_once() {
    let mut index = SimHashIndex::new(3).unwrap();
    for id in 0..500 {
        index.insert(id, SimHash(42)).unwrap();
    }
    index.insert(999, SimHash(42 ^ 0b111)).unwrap();
    let hits = index.query(SimHash(42));
    assert_eq!(hits.len(), 501);
    assert!(hits[..500]
        .iter()
        .zip(0..)
        .all(|(m, id)| m.id == id && m.distance == 0));
    assert_eq!(
        hits[500],
        SimHashMatch {
            distance: 3,
            id: 999
        }
    );
    for id in (0..500).step_by(2) {
        index.remove(id).unwrap();
    }
    assert_eq!(index.query(SimHash(42)).len(), 251);
}

#[test]
fn concurrent_queries_equal_serial_ones() {
    let mut index = SimHashIndex::new(3).unwrap();
    let mut state = 11;
    let mut fps = Vec::new();
    for id in 0..4_000u64 {
        let fp = if id % 2 == 0 {
            next(&mut state)
        } else {
            flip(fps[id as usize - 1], (id % 5) as u32, id)
        };
        fps.push(fp);
        index.insert(id, SimHash(fp)).unwrap();
    }
    let queries: Vec<SimHash> = fps
        .iter()
        .enumerate()
        .map(|(i, &fp)| SimHash(flip(fp, i as u32 % 4, !(i as u64))))
        .collect();
    let serial: Vec<Vec<SimHashMatch>> = queries.iter().map(|&q| index.query(q)).collect();
    assert!(serial.iter().all(|hits| !hits.is_empty()));
    assert!(serial.iter().any(|hits| hits.len() > 1));
    let index = &index;
    let parallel: Vec<Vec<SimHashMatch>> = std::thread::scope(|scope| {
        let handles: Vec<_> = queries
            .chunks(queries.len() / 4)
            .map(|chunk| {
                scope.spawn(move || {
                    let mut buf = Vec::new();
                    chunk
                        .iter()
                        .map(|&q| {
                            index.query_into(q, &mut buf);
                            buf.clone()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert_eq!(parallel, serial);
}

#[test]
fn index_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<SimHashIndex>();
}

#[test]
fn bad_layouts_and_ids_are_typed_errors() {
    let param = |r: reprint::Result<SimHashIndex>| match r {
        Err(Error::InvalidConfig { param, .. }) => param,
        other => panic!("expected InvalidConfig, got {other:?}"),
    };
    assert_eq!(param(SimHashIndex::new(64)), "max_distance");
    assert_eq!(param(SimHashIndex::new(u32::MAX)), "max_distance");
    assert_eq!(param(SimHashIndex::with_blocks(64, 64)), "max_distance");
    assert_eq!(param(SimHashIndex::with_blocks(3, 3)), "blocks");
    assert_eq!(param(SimHashIndex::with_blocks(3, 0)), "blocks");
    assert_eq!(param(SimHashIndex::with_blocks(3, 65)), "blocks");
    // C(64, 10) tables.
    assert_eq!(param(SimHashIndex::with_blocks(10, 64)), "blocks");
    assert!(SimHashIndex::with_blocks(63, 64).is_ok());

    let mut index = SimHashIndex::default();
    assert_eq!(
        (index.max_distance(), index.blocks(), index.tables()),
        (3, 5, 10)
    );
    index.insert(7, SimHash(1)).unwrap();
    let e = index.insert(7, SimHash(2)).unwrap_err();
    assert!(
        matches!(&e, Error::DuplicateId { id } if id == "7"),
        "{e:?}"
    );
    assert_eq!(
        index.get(7),
        Some(SimHash(1)),
        "a rejected insert changed the entry"
    );
    let e = index.remove(8).unwrap_err();
    assert!(matches!(&e, Error::UnknownId { id } if id == "8"), "{e:?}");
    assert_eq!(index.remove(7).unwrap(), SimHash(1));
    assert!(index.is_empty() && !index.contains(7));
    assert!(index.query(SimHash(1)).is_empty());
}

#[test]
fn the_widest_layout_is_still_exact() {
    // k = 63: 64 tables keyed on one bit each, every fingerprint but the
    // complement matches.
    let mut index = SimHashIndex::new(63).unwrap();
    let mut stored = BTreeMap::new();
    let mut state = 3;
    for id in 0..200 {
        let fp = next(&mut state);
        index.insert(id, SimHash(fp)).unwrap();
        stored.insert(id, fp);
    }
    let q = stored[&0];
    index.insert(200, SimHash(!q)).unwrap();
    stored.insert(200, !q);
    let hits = index.query(SimHash(q));
    assert_eq!(hits, brute_force(&stored, q, 63));
    assert_eq!(hits.len(), 200);
}

fn seed_texts() -> Vec<String> {
    reprint_testkit::seed_documents()
        .into_iter()
        .map(|d| d.text)
        .collect()
}

#[test]
fn seeds_find_themselves_and_their_lightly_edited_copies() {
    let f = Fingerprinter::default();
    let texts = seed_texts();
    assert_eq!(texts.len(), 5);
    let mut index = SimHashIndex::new(3).unwrap();
    let mut stored = BTreeMap::new();
    for (id, text) in texts.iter().enumerate() {
        let fp = f.fingerprint(text).simhash;
        index.insert(id as u64, fp).unwrap();
        stored.insert(id as u64, fp.0);
    }
    // The wire story with one word changed, as a copy editor would.
    let edited = texts[0].replacen("Tuesday", "Wednesday", 1);
    assert_ne!(edited, texts[0]);
    let copy = f.fingerprint(&edited).simhash;
    for q in stored.values().copied().chain([copy.0]) {
        assert_eq!(index.query(SimHash(q)), brute_force(&stored, q, 3));
    }
    for (id, fp) in &stored {
        assert!(index.query(SimHash(*fp)).contains(&SimHashMatch {
            distance: 0,
            id: *id
        }));
    }
    let hits = index.query(copy);
    assert_eq!(hits.first().map(|m| m.id), Some(0), "{hits:?}");
    // Independent stories of the same event are far apart.
    assert!(index.query(SimHash(stored[&2])).iter().all(|m| m.id != 0));
}

/// An index of the seeds made by a fingerprinter with its own seeds and
/// shingle size says so in its file: after loading, it answers as before
/// and accepts queries from that fingerprinter only.
#[test]
fn a_saved_index_remembers_how_its_fingerprints_were_made() {
    let mut f = Fingerprinter::new(
        reprint::Shingler::new(4).unwrap().with_seed(3),
        reprint::MinHasher::default(),
    )
    .with_seed(9);
    f.tokenizer = f.tokenizer.with_seed(5);
    let origin = f.simhash_origin();
    assert_eq!(
        (
            origin.token_seed,
            origin.shingle_size,
            origin.shingle_seed,
            origin.simhash_seed
        ),
        (5, 4, 3, 9)
    );
    let mut index = SimHashIndex::new(3).unwrap().with_origin(origin);
    let texts = seed_texts();
    for (id, text) in texts.iter().enumerate() {
        index
            .insert(id as u64, f.fingerprint(text).simhash)
            .unwrap();
    }
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("seeds-origin.simh");
    index.save(&path).unwrap();
    let loaded = SimHashIndex::load(&path).unwrap();
    assert_eq!(loaded.origin(), origin);
    loaded.check_origin(f.simhash_origin()).unwrap();
    for text in &texts {
        let q = f.fingerprint(text).simhash;
        assert_eq!(loaded.query(q), index.query(q));
    }
    // The default fingerprinter's SimHashes are other numbers entirely.
    let e = loaded
        .check_origin(Fingerprinter::default().simhash_origin())
        .unwrap_err();
    assert!(matches!(e, Error::IncompatibleFingerprints { .. }), "{e:?}");
    assert!(e.to_string().contains("4-shingles"), "{e}");
}
