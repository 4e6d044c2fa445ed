//! The front-matter splitter: never panics; split then join is the identity.
//! The checks are in `fuzz/common/checks.rs`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

#[path = "../common/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::frontmatter(data));
