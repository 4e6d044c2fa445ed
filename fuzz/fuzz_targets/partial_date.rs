//! `PartialDate::parse`: never panics; accepted dates round-trip and start <= end.
//! The checks are in `fuzz/common/checks.rs`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

#[path = "../common/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::partial_date(data));
