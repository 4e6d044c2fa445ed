//! The Markdown renderer: no `<script>`, script URL or event handler in the HTML; `to_text` never panics.
//! The checks are in `fuzz/common/checks.rs`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

#[path = "../common/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::markdown(data));
