//! Every file loader on arbitrary and mutated bytes: a typed error or a
//! valid object, never a panic, and never more allocation than a small
//! multiple of the input's size. The first byte picks the loader and
//! whether the rest is taken as it is (checksum and all) or reframed:
//! length field and checksum recomputed, so that mutations reach the
//! payload decoders instead of stopping at the checksum. The same bytes
//! written to a file and loaded from it (read a window at a time, the
//! checksum checked at the end) give the same object or the same error.

use std::path::Path;

use reprint::{Deduper, Error, LshIndex, SimHashIndex};
use stats_alloc::Region;
use xxhash_rust::xxh3::xxh3_64;

use crate::GLOBAL;

/// Header bytes before the payload, checksum bytes after it.
const HEADER: usize = 20;
const FOOTER: usize = 8;

/// Bytes a loader may allocate in all (not only at once): this many per
/// input byte, plus a fixed allowance: empty structures, and the engine a
/// saved config asks for before anything is added to it (2.6 MB at the
/// most permutations a config may ask for, 65,536; found by this target:
/// regressions/loaders/alloc-config-65536-permutations).
const PER_BYTE: usize = 64;
const FIXED: usize = 4 << 20;

/// `bytes` with the length field and checksum made to fit.
fn reframe(bytes: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    if b.len() < HEADER + FOOTER {
        return b;
    }
    let payload = (b.len() - HEADER - FOOTER) as u64;
    b[12..20].copy_from_slice(&payload.to_le_bytes());
    let end = b.len() - FOOTER;
    let sum = xxh3_64(&b[..end]);
    b[end..].copy_from_slice(&sum.to_le_bytes());
    b
}

/// What an error says, without the file it names (the same bytes from
/// memory name none).
fn shape(e: &Error) -> String {
    match e {
        Error::CorruptIndex { offset, reason, .. } => format!("corrupt at {offset}: {reason}"),
        Error::UnsupportedVersion { found, expected, .. } => {
            format!("version {found}, expected {expected}")
        }
        Error::HashSchemeMismatch { found, expected, .. } => {
            format!("hash scheme {found}, expected {expected}")
        }
        e => format!("{e:?}"),
    }
}

/// Loads with `load` (from memory) and `load_file` (the same bytes from
/// a file), checks the allocation bound of each, that both give the same
/// object or the same error, the error's type, and that a loaded object
/// saves to bytes that load again to the same.
fn check_loader<T>(
    bytes: &[u8],
    load: impl Fn(&[u8]) -> reprint::Result<T>,
    load_file: impl Fn(&Path) -> reprint::Result<T>,
    save: impl Fn(&T) -> Vec<u8>,
) {
    let bound = PER_BYTE * bytes.len() + FIXED;
    let bounded = |what: &str, allocated: usize| {
        assert!(
            allocated <= bound,
            "{what}: {allocated} bytes allocated for {} input bytes",
            bytes.len()
        );
    };
    let region = Region::new(GLOBAL);
    let loaded = load(bytes);
    bounded("from memory", region.change().bytes_allocated);
    let path = crate::scratch_file("loaders.bin");
    std::fs::write(&path, bytes).expect("the scratch file is writable");
    let region = Region::new(GLOBAL);
    let streamed = load_file(&path);
    bounded("from a file", region.change().bytes_allocated);
    match (&loaded, &streamed) {
        (Ok(a), Ok(b)) => assert!(save(a) == save(b), "a file loads another object"),
        (Err(a), Err(b)) => assert_eq!(shape(a), shape(b), "a file fails otherwise"),
        (a, b) => panic!(
            "from memory {:?}, from a file {:?}",
            a.as_ref().err(),
            b.as_ref().err()
        ),
    }
    match loaded {
        Ok(object) => {
            let again = save(&object);
            let reloaded = load(&again).expect("a loaded object's bytes load");
            assert!(save(&reloaded) == again, "not a fixed point");
        }
        Err(
            Error::CorruptIndex { .. }
            | Error::UnsupportedVersion { .. }
            | Error::HashSchemeMismatch { .. },
        ) => {}
        Err(e) => panic!("unexpected error type: {e:?}"),
    }
}

/// Checks the properties above on `data`.
pub fn check(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let bytes = if pick & 4 != 0 {
        reframe(rest)
    } else {
        rest.to_vec()
    };
    match pick & 3 {
        0 => check_loader(&bytes, Deduper::from_bytes, |p: &Path| Deduper::load(p), Deduper::to_bytes),
        1 => check_loader(
            &bytes,
            LshIndex::<u32>::from_bytes,
            |p: &Path| LshIndex::<u32>::load(p),
            LshIndex::to_bytes,
        ),
        2 => check_loader(
            &bytes,
            LshIndex::<u64>::from_bytes,
            |p: &Path| LshIndex::<u64>::load(p),
            LshIndex::to_bytes,
        ),
        _ => check_loader(
            &bytes,
            SimHashIndex::from_bytes,
            |p: &Path| SimHashIndex::load(p),
            SimHashIndex::to_bytes,
        ),
    }
}
