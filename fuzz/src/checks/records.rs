//! The deduper's JSONL reader (examples/dedup/record.rs, the same file)
//! on arbitrary bytes: lines come out numbered, at increasing offsets, as
//! the bytes between line breaks; a line over the limit stops the stream
//! where it starts; parsing a record never panics; and a line read again
//! at its offset in a file (as `--json` reads a dropped text again) is
//! the line read in the stream, or the same refusal.

#[allow(dead_code)]
#[path = "../../../examples/dedup/record.rs"]
pub mod record;

use record::{line_at, looks_binary, parse_record, LineError, Lines};

/// Checks the properties above on `data`.
pub fn check(data: &[u8]) {
    // The first byte picks the limit, so that the limit is reached often.
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let limit = usize::from(pick) * 16;
    // A reader handing out a few bytes at a time, as a pipe may.
    let reader = std::io::BufReader::with_capacity(1 + usize::from(pick % 7), bytes);
    let mut lines = Lines::new(reader, limit);
    let path = crate::scratch_file("records.jsonl");
    std::fs::write(&path, bytes).expect("the scratch file is writable");
    let file = std::fs::File::open(&path).expect("the scratch file is readable");
    let mut expect_number = 1;
    let mut expect_offset = 0u64;
    loop {
        match lines.next_line() {
            Ok(Some(line)) => {
                assert_eq!(line.number, expect_number);
                assert_eq!(line.offset, expect_offset);
                let rest = &bytes[line.offset as usize..];
                let raw = match rest.iter().position(|&b| b == b'\n') {
                    Some(at) => &rest[..at],
                    None => rest,
                };
                assert!(raw.len() <= limit, "a line over the limit was read");
                let mut content = raw.strip_suffix(b"\r").unwrap_or(raw);
                if line.number == 1 {
                    content = content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(content);
                }
                assert_eq!(line.lossy, std::str::from_utf8(content).is_err());
                assert_eq!(line.text, String::from_utf8_lossy(content));
                let again = line_at(&file, line.offset, line.number == 1, limit)
                    .expect("a line read once reads again");
                assert_eq!(
                    again,
                    (line.text.clone(), line.lossy),
                    "read again otherwise"
                );
                expect_number += 1;
                expect_offset += raw.len() as u64 + u64::from(raw.len() < rest.len());
                if let Ok(doc) = parse_record(&line.text) {
                    assert!(!doc.id.is_empty());
                    let _ = looks_binary(&doc.text);
                }
            }
            Ok(None) => {
                assert_eq!(expect_offset, bytes.len() as u64);
                break;
            }
            Err(LineError::TooLong {
                number,
                offset,
                limit: l,
            }) => {
                assert_eq!((number, offset, l), (expect_number, expect_offset, limit));
                let rest = &bytes[offset as usize..];
                let len = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
                assert!(len > limit, "a line within the limit was refused");
                assert!(
                    line_at(&file, offset, number == 1, limit).is_err(),
                    "a line over the limit read again"
                );
                break;
            }
            Err(LineError::Io(e)) => panic!("reading a slice failed: {e}"),
        }
    }
}
