//! The YAML-to-model loader: bytes → source → document → validated site → diagnostics; never panics.
//! The checks are in `fuzz/common/checks.rs`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

#[path = "../common/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::yaml_loader(data));
