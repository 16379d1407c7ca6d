#![no_main]
//! Fuzz target: see `reprint_fuzz::checks::stages`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| reprint_fuzz::checks::stages::check(data));
