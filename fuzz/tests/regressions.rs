//! Replays every input kept in `fuzz/regressions/<target>/` (crashes found
//! by fuzzing, once fixed) and the seed corpora, if made, through the
//! target's checks: `cargo test --manifest-path fuzz/Cargo.toml`.

use std::path::Path;

use reprint_fuzz::checks;

/// One replay at a time: the loaders' check counts every allocation of
/// the process, so a test running beside it would be counted too.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn replay(target: &str, check: fn(&[u8])) {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut replayed = 0;
    for dir in [
        root.join("regressions").join(target),
        root.join("corpus").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            let keep = dir.ends_with(target)
                && dir.parent().is_some_and(|p| p.ends_with("regressions"))
                || path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("seed-"));
            if !keep {
                continue;
            }
            let bytes = std::fs::read(&path).expect("a readable input");
            eprintln!("{target}: {}", path.display());
            check(&bytes);
            replayed += 1;
        }
    }
    eprintln!("{target}: {replayed} inputs replayed");
}

#[test]
fn text() {
    replay("text", checks::text::check);
}

#[test]
fn align() {
    replay("align", checks::align::check);
}

#[test]
fn engine() {
    replay("engine", checks::engine::check);
}

#[test]
fn loaders() {
    replay("loaders", checks::loaders::check);
}

#[test]
fn records() {
    replay("records", checks::records::check);
}

#[test]
fn stages() {
    replay("stages", checks::stages::check);
}
