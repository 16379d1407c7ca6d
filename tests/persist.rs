//! Saving and loading a `SimHashIndex` and an `LshIndex`: round trips, and
//! typed errors (never a panic, never a silently wrong index) for damaged
//! files, old format versions and foreign hash schemes.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use reprint::lsh::{LshIndex, LshParams};
use reprint::{Error, Fingerprinter, MinHasher, SimHash, SimHashIndex, SimHashOrigin};
use xxhash_rust::xxh3::xxh3_64;

/// Bytes of the frame header: magic, kind, version, payload length.
const HEADER_LEN: usize = 20;
/// Bytes of a SimHash index payload before its layout: the hash scheme
/// (`u32`) and the origin (four `u64`s).
const PRE: usize = 4 + 32;
/// The hash scheme of this build, as files record it.
const HASH_SCHEME: u32 = 2;
/// The current format version of SimHash index files.
const SIMH_VERSION: u32 = 2;

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("persist-tests");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Fingerprints with planted neighbours at distances 0..=4, under sparse ids.
fn entries() -> impl Strategy<Value = Vec<(u64, u64)>> {
    proptest::collection::vec((any::<u64>(), 0u32..=4, any::<u64>()), 0..60).prop_map(|raw| {
        let mut out: Vec<(u64, u64)> = Vec::new();
        for (i, (fp, d, bits)) in raw.into_iter().enumerate() {
            let fp = match out.last() {
                Some(&(_, prev)) if d < 4 => {
                    // `d` low bits of `bits` picked as flips of the previous one.
                    let mut mask = 0u64;
                    let mut b = bits;
                    while mask.count_ones() < d {
                        mask |= 1 << (b % 64);
                        b = b.rotate_left(7) ^ 0x9E37_79B9_7F4A_7C15;
                    }
                    prev ^ mask
                }
                _ => fp,
            };
            out.push(((i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15), fp));
        }
        out
    })
}

fn build(k: u32, entries: &[(u64, u64)]) -> SimHashIndex {
    let mut index = SimHashIndex::new(k).unwrap();
    for &(id, fp) in entries {
        index.insert(id, SimHash(fp)).unwrap();
    }
    index
}

/// Every stored fingerprint and a few others as queries.
fn answers(index: &SimHashIndex, entries: &[(u64, u64)]) -> Vec<Vec<reprint::SimHashMatch>> {
    entries
        .iter()
        .flat_map(|&(_, fp)| [fp, fp ^ 1, fp ^ 0x8000_0000_0000_0101])
        .chain([0, u64::MAX])
        .map(|q| index.query(SimHash(q)))
        .collect()
}

/// `bytes` with its checksum footer recomputed, as a writer of a
/// deliberately different file would produce it.
fn reseal(mut bytes: Vec<u8>) -> Vec<u8> {
    let footer = bytes.len() - 8;
    let c = xxh3_64(&bytes[..footer]);
    bytes[footer..].copy_from_slice(&c.to_le_bytes());
    bytes
}

fn corrupt_offset(r: reprint::Result<SimHashIndex>) -> u64 {
    match r {
        Err(Error::CorruptIndex { offset, .. }) => offset,
        other => panic!("expected CorruptIndex, got {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn save_then_load_answers_identically(entries in entries(), k in 0u32..=5) {
        let index = build(k, &entries);
        let path = scratch(&format!("roundtrip-{k}.simh"));
        index.save(&path).unwrap();
        let loaded = SimHashIndex::load(&path).unwrap();
        prop_assert_eq!(
            (loaded.max_distance(), loaded.blocks(), loaded.len()),
            (index.max_distance(), index.blocks(), index.len())
        );
        for &(id, fp) in &entries {
            prop_assert_eq!(loaded.get(id), Some(SimHash(fp)));
        }
        prop_assert_eq!(answers(&loaded, &entries), answers(&index, &entries));
        prop_assert_eq!(loaded.to_bytes(), index.to_bytes());
    }

    #[test]
    fn bytes_do_not_depend_on_insertion_order(entries in entries()) {
        let forward = build(3, &entries);
        let mut reversed = entries.clone();
        reversed.reverse();
        let backward = build(3, &reversed);
        prop_assert_eq!(forward.to_bytes(), backward.to_bytes());
    }

    #[test]
    fn flipped_bytes_are_detected(entries in entries(),
                                  flips in proptest::collection::vec((any::<prop::sample::Index>(), 1u8..), 1..4)) {
        let index = build(3, &entries);
        let mut bytes = index.to_bytes();
        let original = bytes.clone();
        for (at, xor) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= xor;
        }
        match SimHashIndex::from_bytes(&bytes) {
            Err(Error::CorruptIndex { .. } | Error::UnsupportedVersion { .. } | Error::HashSchemeMismatch { .. }) => {}
            // Flips can cancel out; only then may the load succeed, and it
            // must then be the same index.
            Ok(loaded) => {
                prop_assert_eq!(&bytes, &original);
                prop_assert_eq!(answers(&loaded, &entries), answers(&index, &entries));
            }
            Err(e) => prop_assert!(false, "unexpected error {:?}", e),
        }
    }

    #[test]
    fn truncations_are_detected(entries in entries(), cut in any::<prop::sample::Index>()) {
        let bytes = build(2, &entries).to_bytes();
        let cut = cut.index(bytes.len());
        corrupt_offset(SimHashIndex::from_bytes(&bytes[..cut]));
    }

    #[test]
    fn resealed_garbage_payloads_never_panic(k in 0u32..70, blocks in 0u32..70,
                                             tail in proptest::collection::vec(any::<u8>(), 0..80)) {
        // A valid frame (checksum correct) around hostile contents: the
        // decoder's own validation must catch it.
        let valid = SimHashIndex::default().to_bytes();
        let mut payload = valid[HEADER_LEN..HEADER_LEN + PRE].to_vec();
        payload.extend_from_slice(&k.to_le_bytes());
        payload.extend_from_slice(&blocks.to_le_bytes());
        payload.extend_from_slice(&tail);
        let mut bytes = b"RPRTSIMH".to_vec();
        bytes.extend_from_slice(&SIMH_VERSION.to_le_bytes());
        bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&payload);
        bytes.extend_from_slice(&[0; 8]);
        let bytes = reseal(bytes);
        if let Ok(index) = SimHashIndex::from_bytes(&bytes) {
            // Only a well-formed payload loads, and it re-encodes to itself.
            prop_assert_eq!(index.to_bytes(), bytes);
        }
    }
}

#[test]
fn every_truncation_is_corrupt_and_placed() {
    let entries: Vec<(u64, u64)> = (0..5).map(|i| (i, i * 0x0101_0101)).collect();
    let bytes = build(3, &entries).to_bytes();
    assert_eq!(bytes.len(), HEADER_LEN + PRE + 8 + 2 * (8 + 5 * 8) + 8);
    for cut in 0..bytes.len() {
        let offset = corrupt_offset(SimHashIndex::from_bytes(&bytes[..cut]));
        assert!(offset <= cut as u64, "cut {cut}, offset {offset}");
    }
    let mut longer = bytes.clone();
    longer.extend_from_slice(b"junk");
    corrupt_offset(SimHashIndex::from_bytes(&longer));
    assert!(SimHashIndex::from_bytes(&bytes).is_ok());
}

#[test]
fn wrong_version_is_unsupported() {
    assert_eq!(reprint::lsh::SIMHASH_FORMAT_VERSION, SIMH_VERSION);
    let mut bytes = build(3, &[(1, 2)]).to_bytes();
    bytes[8..12].copy_from_slice(&3u32.to_le_bytes());
    for b in [bytes.clone(), reseal(bytes)] {
        match SimHashIndex::from_bytes(&b) {
            Err(Error::UnsupportedVersion {
                found: 3,
                expected: SIMH_VERSION,
                path: None,
            }) => {}
            other => panic!("expected UnsupportedVersion, got {other:?}"),
        }
    }
}

/// A version 1 file, as the previous format wrote it (no hash scheme, no
/// origin: its fingerprints may come from the old token hash), is refused
/// with an error naming the file and both versions.
#[test]
fn version_1_files_are_refused() {
    let mut payload = 3u32.to_le_bytes().to_vec();
    payload.extend_from_slice(&5u32.to_le_bytes());
    for seq in [[7u64], [0xDEAD_BEEF]] {
        payload.extend_from_slice(&1u64.to_le_bytes());
        payload.extend_from_slice(&seq[0].to_le_bytes());
    }
    let mut v1 = b"RPRTSIMH".to_vec();
    v1.extend_from_slice(&1u32.to_le_bytes());
    v1.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    v1.extend_from_slice(&payload);
    v1.extend_from_slice(&[0; 8]);
    let v1 = reseal(v1);
    let path = scratch("old.simh");
    std::fs::write(&path, &v1).unwrap();
    let e = SimHashIndex::load(&path).unwrap_err();
    assert!(
        matches!(&e, Error::UnsupportedVersion { found: 1, expected: SIMH_VERSION, path: Some(p) } if *p == path),
        "{e:?}"
    );
    let msg = e.to_string();
    assert!(
        msg.contains("old.simh") && msg.contains("version 1") && msg.contains("version 2"),
        "{msg}"
    );
}

/// A file of the current version whose payload says another hash scheme
/// (a build that hashes differently) is refused, naming both schemes.
#[test]
fn foreign_hash_scheme_is_refused() {
    let mut bytes = build(3, &[(1, 2)]).to_bytes();
    assert_eq!(bytes[HEADER_LEN..HEADER_LEN + 4], HASH_SCHEME.to_le_bytes());
    for foreign in [1u32, 3, u32::MAX] {
        bytes[HEADER_LEN..HEADER_LEN + 4].copy_from_slice(&foreign.to_le_bytes());
        let bytes = reseal(bytes.clone());
        let path = scratch("foreign.simh");
        std::fs::write(&path, &bytes).unwrap();
        let e = SimHashIndex::load(&path).unwrap_err();
        assert!(
            matches!(&e, Error::HashSchemeMismatch { found, expected: HASH_SCHEME, path: Some(p) } if *found == foreign && *p == path),
            "{e:?}"
        );
        assert!(e.to_string().contains("foreign.simh"), "{e}");
        assert!(e.to_string().contains(&format!("scheme {foreign}")), "{e}");
    }
}

/// The origin of the fingerprints is saved, and checked on demand.
#[test]
fn origin_round_trips_and_is_checked() {
    let origin = SimHashOrigin {
        token_seed: 11,
        shingle_size: 3,
        shingle_seed: 13,
        simhash_seed: 17,
    };
    let index = build(3, &[(1, 2), (5, 9)]).with_origin(origin);
    let path = scratch("origin.simh");
    index.save(&path).unwrap();
    let loaded = SimHashIndex::load(&path).unwrap();
    assert_eq!(loaded.origin(), origin);
    assert_eq!(loaded.to_bytes(), index.to_bytes());
    loaded.check_origin(origin).unwrap();
    let default = Fingerprinter::default().simhash_origin();
    assert_eq!(SimHashIndex::default().origin(), default);
    assert!(matches!(
        loaded.check_origin(default),
        Err(Error::IncompatibleFingerprints { .. })
    ));
    // A shingle size of 0 cannot have made fingerprints.
    let mut bytes = index.to_bytes();
    let size_at = HEADER_LEN + 4 + 8;
    bytes[size_at..size_at + 8].copy_from_slice(&0u64.to_le_bytes());
    assert_eq!(
        corrupt_offset(SimHashIndex::from_bytes(&reseal(bytes))),
        size_at as u64
    );
}

/// An `LshIndex` of `u32` or `u64` ids saves and loads with the same
/// answers and bytes; one of the other id width is refused by its kind.
#[test]
fn lsh_indexes_round_trip() {
    let hasher = MinHasher::new(64).unwrap();
    let params = LshParams::new(16, 4).unwrap();
    let sets: Vec<std::ops::Range<u64>> = (0..30u64).map(|i| i * 40..i * 40 + 200).collect();
    let mut narrow: LshIndex<u32> = LshIndex::new(params);
    let mut wide: LshIndex<u64> = LshIndex::new(params);
    for (i, set) in sets.iter().enumerate() {
        let sig = hasher.signature(set.clone());
        narrow.insert(i as u32, &sig).unwrap();
        wide.insert(u64::MAX - i as u64, &sig).unwrap();
    }
    narrow.remove(3).unwrap();
    wide.remove(u64::MAX - 3).unwrap();
    let path = scratch("narrow.lsh");
    narrow.save(&path).unwrap();
    let narrow_back = LshIndex::<u32>::load(&path).unwrap();
    let wide_back = LshIndex::<u64>::from_bytes(&wide.to_bytes()).unwrap();
    assert_eq!(narrow_back.to_bytes(), narrow.to_bytes());
    assert_eq!(wide_back.to_bytes(), wide.to_bytes());
    assert_eq!(&narrow.to_bytes()[4..8], b"LSH4");
    assert_eq!(&wide.to_bytes()[4..8], b"LSH8");
    for set in &sets {
        let sig = hasher.signature(set.clone());
        assert_eq!(
            narrow_back.query(&sig).unwrap(),
            narrow.query(&sig).unwrap()
        );
        assert_eq!(wide_back.query(&sig).unwrap(), wide.query(&sig).unwrap());
    }
    // Signatures of other parameters are still refused after loading.
    let other = MinHasher::new(64).unwrap().with_seed(9).signature(0..10u64);
    assert!(narrow_back.query(&other).is_err());
    let e = LshIndex::<u64>::load(&path).unwrap_err();
    assert!(matches!(&e, Error::CorruptIndex { offset: 4, .. }), "{e:?}");
    // And a foreign hash scheme: its band keys are other numbers.
    let mut bytes = narrow.to_bytes();
    bytes[HEADER_LEN..HEADER_LEN + 4].copy_from_slice(&1u32.to_le_bytes());
    assert!(matches!(
        LshIndex::<u32>::from_bytes(&reseal(bytes)),
        Err(Error::HashSchemeMismatch { found: 1, .. })
    ));
}

#[test]
fn wrong_kind_or_magic_is_corrupt() {
    let bytes = build(3, &[(1, 2)]).to_bytes();
    let mut kind = bytes.clone();
    kind[4..8].copy_from_slice(b"LSHX");
    assert_eq!(corrupt_offset(SimHashIndex::from_bytes(&reseal(kind))), 4);
    let mut magic = bytes.clone();
    magic[0..4].copy_from_slice(b"JUNK");
    assert_eq!(corrupt_offset(SimHashIndex::from_bytes(&reseal(magic))), 0);
    assert_eq!(corrupt_offset(SimHashIndex::from_bytes(b"")), 0);
    assert_eq!(
        corrupt_offset(SimHashIndex::from_bytes(b"{\"json\": true}")),
        0
    );
}

#[test]
fn semantic_damage_under_a_valid_checksum_is_corrupt() {
    let entries = [(1u64, 10u64), (2, 20), (3, 30)];
    let bytes = build(3, &entries).to_bytes();
    let ids_at = HEADER_LEN + PRE + 8 + 8;
    // Duplicate id: 1, 1, 3.
    let mut dup = bytes.clone();
    dup[ids_at + 8..ids_at + 16].copy_from_slice(&1u64.to_le_bytes());
    let offset = corrupt_offset(SimHashIndex::from_bytes(&reseal(dup)));
    assert_eq!(offset, (ids_at + 8) as u64);
    // An impossible layout: k = 3 with 3 blocks.
    let mut layout = bytes.clone();
    let layout_at = HEADER_LEN + PRE;
    layout[layout_at + 4..layout_at + 8].copy_from_slice(&3u32.to_le_bytes());
    let e = SimHashIndex::from_bytes(&reseal(layout)).unwrap_err();
    assert!(
        matches!(&e, Error::CorruptIndex { offset, reason, .. } if *offset == layout_at as u64 && reason.contains("blocks")),
        "{e:?}"
    );
    // A count claiming 2^60 ids.
    let mut count = bytes.clone();
    count[layout_at + 8..layout_at + 16].copy_from_slice(&(1u64 << 60).to_le_bytes());
    let offset = corrupt_offset(SimHashIndex::from_bytes(&reseal(count)));
    assert_eq!(offset, (layout_at + 8) as u64);
}

#[test]
fn file_errors_name_the_path() {
    let index = build(3, &[(1, 2), (3, 4)]);
    let path = scratch("named.simh");
    index.save(&path).unwrap();
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x40;
    std::fs::write(&path, &bytes).unwrap();
    let e = SimHashIndex::load(&path).unwrap_err();
    assert!(
        matches!(&e, Error::CorruptIndex { path: Some(p), .. } if *p == path),
        "{e:?}"
    );
    assert!(e.to_string().contains("named.simh"), "{e}");

    // Saving over the damaged file replaces it whole.
    index.save(&path).unwrap();
    assert_eq!(SimHashIndex::load(&path).unwrap().len(), 2);

    let missing = scratch("no-such-dir/x.simh");
    let e = SimHashIndex::load(&missing).unwrap_err();
    assert!(
        matches!(&e, Error::Io { path: Some(p), .. } if *p == missing),
        "{e:?}"
    );
    let e = index.save(&missing).unwrap_err();
    assert!(e.to_string().contains("no-such-dir"), "{e}");
}
