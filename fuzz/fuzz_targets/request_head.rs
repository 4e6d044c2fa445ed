//! The preview server's request-head reader (`serve::request::read`), fed arbitrary bytes as a
//! connection: no panic, at most `MAX_HEAD` bytes per head, no CR/LF in what it parses.
//! The checks are in `fuzz/common/checks.rs`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

#[path = "../common/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::request_head(data));
