//! The Markdown renderer: whatever an author (or an attacker) writes, the HTML has no
//! `<script>`, no script URL in a link and no event-handler attribute, and the plain-text form
//! never panics.
#![no_main]

#[path = "../common/html_scan.rs"]
mod html_scan;

use libfuzzer_sys::fuzz_target;
use scrutiny::render::markdown::{to_html, to_text};

fuzz_target!(|data: &[u8]| {
    let Ok(md) = std::str::from_utf8(data) else {
        return;
    };
    let html = to_html(md);
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "<script in the HTML of {md:?}:\n{html}"
    );
    let problems = html_scan::problems(&html, html_scan::Mode::Fragment);
    assert!(
        problems.is_empty(),
        "unsafe HTML from {md:?}:\n{}\n{html}",
        problems.join("\n")
    );
    let text = to_text(md);
    assert!(!text.contains('\n'), "to_text gives one line");
});
