//! What the preview adds to every HTML page: the live-reload script and, after a failed
//! build, an overlay with the diagnostics exactly as `check` prints them.

use crate::diagnostics::Diagnostics;

pub const LIVE_JS: &str = include_str!("assets/live.js");
pub const OVERLAY_CSS: &str = include_str!("assets/overlay.css");

use crate::text::escape::xml as escape;

/// The overlay markup for a failed build (plain text diagnostics, escaped).
pub fn overlay(errors: &Diagnostics) -> String {
    format!(
        "<div class=\"scrutiny-overlay\" role=\"alert\" id=\"scrutiny-errors\"><h2>The site could not be rebuilt: {}</h2><p>You are seeing the last good build. Fix the problem and save; this message clears itself.</p><pre>{}</pre></div>",
        escape(&errors.error_summary()),
        escape(&errors.render(false))
    )
}

/// Add the preview's script (and overlay) to an HTML page.
pub fn inject(html: &[u8], base: &str, errors: Option<&Diagnostics>) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let head = format!(
        "<link rel=\"stylesheet\" href=\"{base}__scrutiny/overlay.css\"><script src=\"{base}__scrutiny/live.js\" data-events=\"{base}__scrutiny/events\" defer></script>"
    );
    let mut out = match text.find("</head>") {
        Some(i) => format!("{}{}{}", &text[..i], head, &text[i..]),
        None => format!("{head}{text}"),
    };
    if let Some(errs) = errors {
        let o = overlay(errs);
        out = match out
            .find("<body")
            .and_then(|i| out[i..].find('>').map(|j| i + j + 1))
        {
            Some(at) => format!("{}{}{}", &out[..at], o, &out[at..]),
            None => format!("{o}{out}"),
        };
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, Position};

    #[test]
    fn overlay_is_escaped_and_placed_after_body() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error(
            "content/<x>.md",
            Position::new(2, 3),
            "bad <script>",
        ));
        let html = inject(
            b"<html><head></head><body class=\"a\"><p>hi</p></body></html>",
            "/",
            Some(&d),
        );
        let s = String::from_utf8(html).unwrap();
        assert!(s.contains("<body class=\"a\"><div class=\"scrutiny-overlay\""));
        assert!(s.contains("content/&lt;x&gt;.md:2:3"));
        assert!(!s.contains("<script>"));
        assert!(s.contains("__scrutiny/live.js"));
    }
}
