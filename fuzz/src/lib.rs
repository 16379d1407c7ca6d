//! The checks behind the fuzz targets (`fuzz_targets/`), one module per
//! target, so that the inputs kept in `regressions/` replay under plain
//! `cargo test` on stable Rust (`tests/regressions.rs`).

use std::alloc::System;

use stats_alloc::{StatsAlloc, INSTRUMENTED_SYSTEM};

/// Counts allocations, for the loaders' bound.
#[global_allocator]
pub static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// One module per fuzz target.
pub mod checks {
    pub mod align;
    pub mod engine;
    pub mod loaders;
    pub mod records;
    pub mod text;
}
