//! Saving and loading the engine: round trips, and damaged files.

use proptest::prelude::*;
use reprint::{DedupConfig, Deduper, Document, Error};

fn seeds() -> Vec<Document> {
    reprint_testkit::seed_documents()
        .into_iter()
        .enumerate()
        .map(|(i, d)| d.with_published(1_644_300_000 + i as i64 * 60))
        .collect()
}

/// An engine holding the seeds plus a few variants, one of them removed.
fn engine() -> Deduper {
    let mut d = Deduper::new(DedupConfig::default()).unwrap();
    let docs = seeds();
    d.add_batch(&docs).unwrap();
    let halves: Vec<Document> = docs
        .iter()
        .map(|doc| {
            let paras: Vec<&str> = doc.text.split("\n\n").collect();
            Document::new(
                format!("half-{}", doc.id),
                paras[..paras.len() / 2].join("\n\n"),
            )
        })
        .collect();
    d.add_batch(&halves).unwrap();
    d.remove("half-004_9933503ff4774b73").unwrap();
    d
}

fn probes() -> Vec<Document> {
    seeds()
        .into_iter()
        .map(|d| {
            let text: String = d.text.lines().rev().collect::<Vec<_>>().join("\n");
            Document::new(format!("probe-{}", d.id), text)
        })
        .collect()
}

#[test]
fn round_trip_gives_identical_answers() {
    let d = engine();
    let dir = std::env::temp_dir().join(format!("reprint-persist-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("engine.idx");
    d.save(&path).unwrap();
    let loaded = Deduper::load(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();

    assert_eq!(loaded.len(), d.len());
    assert_eq!(loaded.clusters(), d.clusters());
    assert_eq!(loaded.pairs(), d.pairs());
    assert_eq!(loaded.to_bytes(), d.to_bytes(), "saving is deterministic");
    for p in probes() {
        assert_eq!(loaded.query(&p), d.query(&p));
    }
    // And it keeps working: adding gives the same matches.
    let (mut a, mut b) = (d, loaded);
    for p in probes() {
        assert_eq!(a.add(&p).unwrap(), b.add(&p).unwrap());
    }
}

#[test]
fn wrong_version_and_missing_file_are_typed_errors() {
    let mut bytes = engine().to_bytes();
    bytes[8] = 99; // version field
    assert!(matches!(
        Deduper::from_bytes(&bytes),
        Err(Error::UnsupportedVersion { found: 99, .. })
    ));
    let missing = Deduper::load("/nonexistent/dir/engine.idx").unwrap_err();
    assert!(matches!(missing, Error::Io { .. }));
    assert!(missing.to_string().contains("/nonexistent/dir/engine.idx"));
    assert!(matches!(
        Deduper::from_bytes(b"not an index at all"),
        Err(Error::CorruptIndex { .. })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Truncations never panic and are always detected.
    #[test]
    fn truncation_is_an_error(cut in 0.0f64..1.0) {
        let bytes = engine().to_bytes();
        let n = (bytes.len() as f64 * cut) as usize;
        prop_assert!(Deduper::from_bytes(&bytes[..n]).is_err());
    }

    /// Byte flips never panic: they error, or (where a flip cannot be
    /// detected) load an engine that still answers queries.
    #[test]
    fn flips_never_panic(flips in proptest::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..4)) {
        let mut bytes = engine().to_bytes();
        for (at, x) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= x;
        }
        if let Ok(d) = Deduper::from_bytes(&bytes) {
            for p in probes() {
                let _ = d.query(&p);
            }
            let _ = d.clusters();
        }
    }
}

/// Rewrites the checksum footer so that damage inside the payload reaches
/// the structural checks instead of stopping at the checksum.
fn reseal(bytes: &mut [u8]) {
    let n = bytes.len() - 8;
    let sum = xxhash_rust::xxh3::xxh3_64(&bytes[..n]);
    bytes[n..].copy_from_slice(&sum.to_le_bytes());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Damage behind a valid checksum (a buggy writer, a malicious file)
    /// never panics, and an engine that loads still answers.
    #[test]
    fn resealed_damage_never_panics(flips in proptest::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..4)) {
        let mut bytes = engine().to_bytes();
        let payload = 20..bytes.len() - 8;
        for (at, x) in flips {
            let i = payload.start + at.index(payload.len());
            bytes[i] ^= x;
        }
        reseal(&mut bytes);
        if let Ok(mut d) = Deduper::from_bytes(&bytes) {
            for p in probes() {
                let _ = d.query(&p);
                let _ = d.add(&p);
            }
            let _ = d.clusters();
            let _ = d.pairs();
        }
    }
}
