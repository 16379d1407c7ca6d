//! The codec's tests: layout, typed errors with offsets, and property
//! tests that no input makes a reader panic.

use std::path::Path;

use xxhash_rust::xxh3::xxh3_64;

use super::codec::{Decoder, Encoder, FOOTER_LEN, HEADER_LEN, MAGIC};
use super::Persist;
use crate::error::{Error, Result};
use crate::hash::HASH_SCHEME;
use proptest::prelude::*;

/// One value of each kind the codec writes.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    U8(u8),
    U32(u32),
    U64(u64),
    I64(i64),
    F64(u64), // bits, so NaN compares by bits
    Len(usize),
    Bytes(Vec<u8>),
    Str(String),
    U64s(Vec<u64>),
    U32s(Vec<u32>),
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<u8>().prop_map(Value::U8),
        any::<u32>().prop_map(Value::U32),
        any::<u64>().prop_map(Value::U64),
        any::<i64>().prop_map(Value::I64),
        any::<u64>().prop_map(Value::F64),
        (0usize..4).prop_map(Value::Len),
        proptest::collection::vec(any::<u8>(), 0..20).prop_map(Value::Bytes),
        ".{0,12}".prop_map(Value::Str),
        proptest::collection::vec(any::<u64>(), 0..10).prop_map(Value::U64s),
        proptest::collection::vec(any::<u32>(), 0..10).prop_map(Value::U32s),
    ]
}

fn put(enc: &mut Encoder, v: &Value) {
    match v {
        Value::U8(x) => enc.put_u8(*x),
        Value::U32(x) => enc.put_u32(*x),
        Value::U64(x) => enc.put_u64(*x),
        Value::I64(x) => enc.put_i64(*x),
        Value::F64(bits) => enc.put_f64(f64::from_bits(*bits)),
        Value::Len(n) => {
            // A count followed by that many bytes, as a caller would write it.
            enc.put_len(*n);
            for i in 0..*n {
                enc.put_u8(i as u8);
            }
        }
        Value::Bytes(b) => enc.put_bytes(b),
        Value::Str(s) => enc.put_str(s),
        Value::U64s(s) => enc.put_u64s(s),
        Value::U32s(s) => enc.put_u32s(s),
    }
}

/// Reads a value of the same kind as `like`.
fn get(dec: &mut Decoder<'_>, like: &Value) -> Result<Value> {
    Ok(match like {
        Value::U8(_) => Value::U8(dec.get_u8()?),
        Value::U32(_) => Value::U32(dec.get_u32()?),
        Value::U64(_) => Value::U64(dec.get_u64()?),
        Value::I64(_) => Value::I64(dec.get_i64()?),
        Value::F64(_) => Value::F64(dec.get_f64()?.to_bits()),
        Value::Len(_) => {
            let n = dec.get_len(1)?;
            for _ in 0..n {
                dec.get_u8()?;
            }
            Value::Len(n)
        }
        Value::Bytes(_) => Value::Bytes(dec.get_bytes()?),
        Value::Str(_) => Value::Str(dec.get_string()?),
        Value::U64s(_) => Value::U64s(dec.get_u64s()?),
        Value::U32s(_) => Value::U32s(dec.get_u32s()?),
    })
}

fn encode(values: &[Value], kind: [u8; 4], version: u32) -> Vec<u8> {
    let mut enc = Encoder::new();
    for v in values {
        put(&mut enc, v);
    }
    enc.finish(kind, version)
}

fn frame(payload: &[u8], kind: [u8; 4], version: u32) -> Vec<u8> {
    let mut b = MAGIC.to_vec();
    b.extend_from_slice(&kind);
    b.extend_from_slice(&version.to_le_bytes());
    b.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    b.extend_from_slice(payload);
    let c = xxh3_64(&b);
    b.extend_from_slice(&c.to_le_bytes());
    b
}

fn offset_of(e: &Error) -> Option<u64> {
    match e {
        Error::CorruptIndex { offset, .. } => Some(*offset),
        _ => None,
    }
}

/// A reader that gives at most `step` bytes a read, to walk a streamed
/// decoder's window over every boundary.
struct Trickle<'a> {
    bytes: &'a [u8],
    step: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.step).min(self.bytes.len());
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

/// Decodes values like `like` from the frame `bytes` (kind `TEST`, version
/// 1), from memory or streamed `step` bytes a read, and closes the
/// decoder: what a load gives.
fn load_values(bytes: &[u8], like: &[Value], step: Option<usize>) -> Result<Vec<Value>> {
    let read = |dec: &mut Decoder<'_>| like.iter().map(|v| get(dec, v)).collect();
    match step {
        None => {
            let mut dec = Decoder::open(bytes, *b"TEST", 1, None)?;
            let values = read(&mut dec);
            dec.close(values)
        }
        Some(step) => {
            let mut reader = Trickle { bytes, step };
            let total = bytes.len() as u64;
            let mut dec = Decoder::open_stream(&mut reader, total, *b"TEST", 1, None)?;
            let values = read(&mut dec);
            dec.close(values)
        }
    }
}

#[test]
fn a_streamed_decoder_reads_values_longer_than_its_window() {
    let big: Vec<u32> = (0..700_000u32)
        .map(|i| i.wrapping_mul(0x9E37_79B9))
        .collect();
    let text = "wire ".repeat(500_000);
    let values = vec![
        Value::U32(7),
        Value::U32s(big),
        Value::Str(text),
        Value::U8(1),
    ];
    let bytes = encode(&values, *b"TEST", 1);
    for step in [usize::MAX, 4096, 999_983] {
        assert_eq!(load_values(&bytes, &values, Some(step)).unwrap(), values);
    }
}

#[test]
fn a_file_that_changes_while_it_is_read_is_an_error() {
    let values = vec![Value::U32s((0..10_000).collect())];
    let bytes = encode(&values, *b"TEST", 1);
    // Shorter than the length it was opened with: the read fails.
    let total = bytes.len() as u64;
    let mut short = Trickle {
        bytes: &bytes[..bytes.len() - 9],
        step: 512,
    };
    let mut dec = Decoder::open_stream(&mut short, total, *b"TEST", 1, None).unwrap();
    let read = get(&mut dec, &values[0]);
    let e = dec.close(read).unwrap_err();
    assert!(matches!(e, Error::Io { .. }), "{e:?}");
    // Longer: the bytes after the checksum are trailing data.
    let mut longer = bytes.clone();
    longer.push(0);
    let mut reader = Trickle {
        bytes: &longer,
        step: 512,
    };
    let mut dec = Decoder::open_stream(&mut reader, total, *b"TEST", 1, None).unwrap();
    let read = get(&mut dec, &values[0]);
    let e = dec.close(read).unwrap_err();
    assert!(e.to_string().contains("grew while it was read"), "{e}");
}

#[test]
fn layout_is_as_documented() {
    let mut enc = Encoder::new();
    enc.put_u32(7);
    enc.put_u64s(&[1, 2]);
    enc.put_str("é");
    let bytes = enc.finish(*b"TEST", 3);
    let payload: Vec<u8> = [
        &7u32.to_le_bytes()[..],
        &2u64.to_le_bytes(),
        &1u64.to_le_bytes(),
        &2u64.to_le_bytes(),
        &2u64.to_le_bytes(),
        "é".as_bytes(),
    ]
    .concat();
    assert_eq!(bytes, frame(&payload, *b"TEST", 3));
    assert_eq!(&bytes[0..4], b"RPRT");
    assert_eq!(&bytes[4..8], b"TEST");
    assert_eq!(bytes[8..12], 3u32.to_le_bytes());
    assert_eq!(bytes[12..20], (payload.len() as u64).to_le_bytes());
    assert_eq!(bytes.len(), HEADER_LEN + payload.len() + FOOTER_LEN);
    let footer = bytes.len() - 8;
    assert_eq!(bytes[footer..], xxh3_64(&bytes[..footer]).to_le_bytes());
}

#[test]
fn empty_payload_round_trips() {
    let bytes = Encoder::new().finish(*b"NONE", 0);
    assert_eq!(bytes.len(), HEADER_LEN + FOOTER_LEN);
    let dec = Decoder::open(&bytes, *b"NONE", 0, None).unwrap();
    assert_eq!(dec.remaining(), 0);
    dec.finish().unwrap();
}

#[test]
fn header_errors_are_typed_and_placed() {
    let bytes = encode(&[Value::U64(9)], *b"SIMH", 2);
    let path = Path::new("idx.bin");

    let e = Decoder::open(&bytes, *b"SIMH", 1, Some(path)).unwrap_err();
    assert!(
        matches!(&e, Error::UnsupportedVersion { found: 2, expected: 1, path: Some(p) } if p == path),
        "{e:?}"
    );

    let e = Decoder::open(&bytes, *b"LSHX", 2, Some(path)).unwrap_err();
    assert_eq!(offset_of(&e), Some(4), "{e}");
    assert!(e.to_string().contains("\"SIMH\""), "{e}");
    assert!(e.to_string().starts_with("idx.bin: "), "{e}");

    let mut bad = bytes.clone();
    bad[1] = 0xff;
    let e = Decoder::open(&bad, *b"SIMH", 2, None).unwrap_err();
    assert_eq!(offset_of(&e), Some(0), "{e}");
    assert!(e.to_string().contains("R\\xffRT"), "{e}");

    let mut bad = bytes.clone();
    bad[HEADER_LEN] ^= 1;
    let e = Decoder::open(&bad, *b"SIMH", 2, None).unwrap_err();
    assert_eq!(offset_of(&e), Some((bytes.len() - 8) as u64), "{e}");
    assert!(e.to_string().contains("checksum"), "{e}");

    let mut longer = bytes.clone();
    longer.push(0);
    let e = Decoder::open(&longer, *b"SIMH", 2, None).unwrap_err();
    assert_eq!(offset_of(&e), Some(12), "{e}");
    assert!(e.to_string().contains("trailing"), "{e}");

    for cut in 0..bytes.len() {
        let e = Decoder::open(&bytes[..cut], *b"SIMH", 2, None).unwrap_err();
        assert!(offset_of(&e).is_some(), "cut at {cut}: {e:?}");
    }
}

#[test]
fn getters_report_truncation_with_absolute_offsets() {
    let bytes = frame(&[1, 2, 3], *b"TEST", 1);
    let mut dec = Decoder::open(&bytes, *b"TEST", 1, None).unwrap();
    assert_eq!(dec.get_u8().unwrap(), 1);
    let e = dec.get_u32().unwrap_err();
    assert_eq!(offset_of(&e), Some(HEADER_LEN as u64 + 1), "{e}");
    // A failed read consumes nothing.
    assert_eq!(dec.remaining(), 2);
    let e = dec.finish().unwrap_err();
    assert_eq!(offset_of(&e), Some(HEADER_LEN as u64 + 1), "{e}");
}

#[test]
fn huge_counts_are_rejected_before_allocating() {
    let mut payload = u64::MAX.to_le_bytes().to_vec();
    payload.extend_from_slice(&[0; 16]);
    let bytes = frame(&payload, *b"TEST", 1);
    for read in [
        |d: &mut Decoder<'_>| d.get_u64s().map(drop),
        |d: &mut Decoder<'_>| d.get_u32s().map(drop),
        |d: &mut Decoder<'_>| d.get_bytes().map(drop),
        |d: &mut Decoder<'_>| d.get_string().map(drop),
        |d: &mut Decoder<'_>| d.get_len(1).map(drop),
    ] {
        let mut dec = Decoder::open(&bytes, *b"TEST", 1, None).unwrap();
        let e = read(&mut dec).unwrap_err();
        assert_eq!(offset_of(&e), Some(HEADER_LEN as u64), "{e}");
    }
    // Two u64s fit in the 16 bytes left, three do not.
    let mut payload = 2u64.to_le_bytes().to_vec();
    payload.extend_from_slice(&[0; 16]);
    let bytes = frame(&payload, *b"TEST", 1);
    let mut dec = Decoder::open(&bytes, *b"TEST", 1, None).unwrap();
    assert_eq!(dec.get_u64s().unwrap(), vec![0, 0]);
    dec.finish().unwrap();
    let mut dec = Decoder::open(&bytes, *b"TEST", 1, None).unwrap();
    assert!(dec.get_len(9).is_err());
}

#[test]
fn invalid_utf8_is_corrupt() {
    let mut payload = 2u64.to_le_bytes().to_vec();
    payload.extend_from_slice(&[b'a', 0xff]);
    let bytes = frame(&payload, *b"TEST", 1);
    let mut dec = Decoder::open(&bytes, *b"TEST", 1, None).unwrap();
    let e = dec.get_string().unwrap_err();
    assert_eq!(offset_of(&e), Some(HEADER_LEN as u64 + 9), "{e}");
    assert!(e.to_string().contains("UTF-8"), "{e}");
}

/// The smallest saved type: what the trait's provided methods add around
/// any payload.
#[derive(Debug, PartialEq)]
struct Pair(u32, String);

impl Persist for Pair {
    const KIND: [u8; 4] = *b"PAIR";
    const VERSION: u32 = 7;

    fn encode(&self, enc: &mut Encoder) {
        enc.put_u32(self.0);
        enc.put_str(&self.1);
    }

    fn decode(dec: &mut Decoder<'_>) -> Result<Self> {
        Ok(Pair(dec.get_u32()?, dec.get_string()?))
    }
}

/// A pipe (`--load-index <(zcat idx.gz)`) has no length before its end:
/// it is read whole, then decoded, and loads as the file it carries.
#[cfg(unix)]
#[test]
fn a_frame_loads_from_a_pipe() {
    let value = Pair(11, "a pipe".into());
    let dir = std::env::temp_dir().join(format!("reprint-persist-fifo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("pair.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo failed");
    let bytes = value.to_frame();
    let (to, frame) = (fifo.clone(), bytes.clone());
    let writer = std::thread::spawn(move || std::fs::write(&to, &frame).unwrap());
    assert_eq!(Pair::load_file(&fifo).unwrap(), value);
    writer.join().unwrap();
    // Damaged, it fails as a damaged file does.
    let mut damaged = bytes;
    damaged[HEADER_LEN + 5] ^= 1;
    let (to, frame) = (fifo.clone(), damaged.clone());
    let writer = std::thread::spawn(move || std::fs::write(&to, &frame).unwrap());
    let e = Pair::load_file(&fifo).unwrap_err();
    writer.join().unwrap();
    assert!(e.to_string().contains("checksum mismatch"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn persist_frames_the_payload_after_the_hash_scheme() {
    let value = Pair(3, "wire".into());
    let bytes = value.to_frame();
    let mut dec = Decoder::open(&bytes, *b"PAIR", 7, None).unwrap();
    assert_eq!(dec.get_u32().unwrap(), HASH_SCHEME);
    assert_eq!(Pair::from_frame(&bytes, None).unwrap(), value);

    let dir = std::env::temp_dir().join(format!("reprint-persist-trait-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("pair.bin");
    value.save_file(&path).unwrap();
    assert_eq!(Pair::load_file(&path).unwrap(), value);

    // Another hash scheme, a payload with bytes left over, another version.
    let mut enc = Encoder::new();
    enc.put_u32(HASH_SCHEME + 1);
    value.encode(&mut enc);
    std::fs::write(&path, enc.finish(*b"PAIR", 7)).unwrap();
    let e = Pair::load_file(&path).unwrap_err();
    assert!(
        matches!(&e, Error::HashSchemeMismatch { found, expected, path: Some(p) } if *found == HASH_SCHEME + 1 && *expected == HASH_SCHEME && *p == path),
        "{e:?}"
    );
    let mut enc = Encoder::new();
    enc.put_u32(HASH_SCHEME);
    value.encode(&mut enc);
    enc.put_u8(0);
    let e = Pair::from_frame(&enc.finish(*b"PAIR", 7), None).unwrap_err();
    assert!(e.to_string().contains("1 unread bytes"), "{e}");
    let mut enc = Encoder::new();
    enc.put_u32(HASH_SCHEME);
    value.encode(&mut enc);
    let e = Pair::from_frame(&enc.finish(*b"PAIR", 6), None).unwrap_err();
    assert!(
        matches!(
            e,
            Error::UnsupportedVersion {
                found: 6,
                expected: 7,
                ..
            }
        ),
        "{e:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs reads chosen by `ops` until one fails; must never panic.
fn drive(dec: &mut Decoder<'_>, ops: &[u8]) {
    for op in ops {
        let r = match op % 10 {
            0 => dec.get_u8().map(drop),
            1 => dec.get_u32().map(drop),
            2 => dec.get_u64().map(drop),
            3 => dec.get_i64().map(drop),
            4 => dec.get_f64().map(drop),
            5 => dec.get_len(usize::from(*op)).map(drop),
            6 => dec.get_bytes().map(drop),
            7 => dec.get_string().map(drop),
            8 => dec.get_u64s().map(drop),
            _ => dec.get_u32s().map(drop),
        };
        if let Err(e) = r {
            assert!(offset_of(&e).is_some(), "{e:?}");
            return;
        }
    }
    let _ = dec.finish();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn values_round_trip(values in proptest::collection::vec(value(), 0..24),
                         kind in any::<[u8; 4]>(), version in any::<u32>()) {
        let bytes = encode(&values, kind, version);
        let mut dec = Decoder::open(&bytes, kind, version, None).unwrap();
        for v in &values {
            prop_assert_eq!(&get(&mut dec, v).unwrap(), v);
        }
        prop_assert_eq!(dec.remaining(), 0);
        dec.finish().unwrap();
    }

    #[test]
    fn open_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..64),
                                            ops in proptest::collection::vec(any::<u8>(), 0..16)) {
        // With or without a valid magic, almost all of these fail in open.
        let mut with_magic = MAGIC.to_vec();
        with_magic.extend_from_slice(&bytes);
        for b in [&bytes, &with_magic] {
            if let Ok(mut dec) = Decoder::open(b, *b"TEST", 1, None) {
                drive(&mut dec, &ops);
            }
        }
    }

    #[test]
    fn getters_never_panic_on_arbitrary_payloads(payload in proptest::collection::vec(any::<u8>(), 0..96),
                                                 ops in proptest::collection::vec(any::<u8>(), 0..16)) {
        // A valid frame around garbage: every getter runs on hostile data.
        let bytes = frame(&payload, *b"TEST", 1);
        let mut dec = Decoder::open(&bytes, *b"TEST", 1, None).unwrap();
        drive(&mut dec, &ops);
    }

    #[test]
    fn any_single_byte_change_is_detected(values in proptest::collection::vec(value(), 1..8),
                                          at in any::<prop::sample::Index>(), xor in 1u8..) {
        let mut bytes = encode(&values, *b"TEST", 1);
        let i = at.index(bytes.len());
        bytes[i] ^= xor;
        let e = Decoder::open(&bytes, *b"TEST", 1, None).unwrap_err();
        let typed = matches!(e, Error::CorruptIndex { .. } | Error::UnsupportedVersion { .. });
        prop_assert!(typed, "{:?}", e);
    }
    /// Streamed, a frame gives what it gives from memory, whatever the
    /// reads' sizes: the same values, or the same error (a changed byte
    /// is a checksum error either way, found after decoding when streamed).
    #[test]
    fn streamed_frames_load_as_frames_in_memory(values in proptest::collection::vec(value(), 0..12),
                                                step in 1usize..64,
                                                flip in proptest::option::of((any::<prop::sample::Index>(), 1u8..))) {
        let mut bytes = encode(&values, *b"TEST", 1);
        if let Some((at, xor)) = flip {
            let i = at.index(bytes.len());
            bytes[i] ^= xor;
        }
        let from_memory = load_values(&bytes, &values, None).map_err(|e| e.to_string());
        let streamed = load_values(&bytes, &values, Some(step)).map_err(|e| e.to_string());
        prop_assert_eq!(&streamed, &from_memory);
        if flip.is_none() {
            prop_assert_eq!(streamed, Ok(values));
        }
    }

    /// Any sequence of reads on any payload gives the same answers
    /// streamed as from memory.
    #[test]
    fn streamed_getters_answer_as_getters_in_memory(payload in proptest::collection::vec(any::<u8>(), 0..96),
                                                    ops in proptest::collection::vec(any::<u8>(), 0..16),
                                                    step in 1usize..40) {
        let bytes = frame(&payload, *b"TEST", 1);
        let like: Vec<Value> = ops.iter().map(|op| match op % 10 {
            0 => Value::U8(0),
            1 => Value::U32(0),
            2 => Value::U64(0),
            3 => Value::I64(0),
            4 => Value::F64(0),
            5 => Value::Len(0),
            6 => Value::Bytes(Vec::new()),
            7 => Value::Str(String::new()),
            8 => Value::U64s(Vec::new()),
            _ => Value::U32s(Vec::new()),
        }).collect();
        let from_memory = load_values(&bytes, &like, None).map_err(|e| e.to_string());
        let streamed = load_values(&bytes, &like, Some(step)).map_err(|e| e.to_string());
        prop_assert_eq!(streamed, from_memory);
    }
}
