//! The checks behind the fuzz targets (`fuzz_targets/`), one module per
//! target, so that the inputs kept in `regressions/` replay under plain
//! `cargo test` on stable Rust (`tests/regressions.rs`).

use std::alloc::System;

use stats_alloc::{StatsAlloc, INSTRUMENTED_SYSTEM};

/// Counts allocations, for the loaders' bound.
#[global_allocator]
pub static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// The file this process writes its inputs to for checks that read from
/// a file (`name` tells the checks apart): in memory (`/dev/shm`) where
/// there is one, ten times faster to write and read than a disk's page
/// cache here.
pub fn scratch_file(name: &str) -> std::path::PathBuf {
    let shm = std::path::Path::new("/dev/shm");
    let dir = match shm.is_dir() {
        true => shm.to_path_buf(),
        false => std::env::temp_dir(),
    };
    dir.join(format!("reprint-fuzz-{name}-{}", std::process::id()))
}

/// One module per fuzz target.
pub mod checks {
    pub mod align;
    pub mod engine;
    pub mod loaders;
    pub mod records;
    pub mod stages;
    pub mod text;
}
