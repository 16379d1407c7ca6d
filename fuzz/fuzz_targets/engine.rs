#![no_main]
//! Fuzz target: see `reprint_fuzz::checks::engine`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| reprint_fuzz::checks::engine::check(data));
