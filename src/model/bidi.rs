//! Text direction controls that can make published text say something else. The explicit
//! embeddings and overrides (U+202A–U+202E) reorder the characters after them as displayed:
//! "Done {RLO}detelpmoc ton{PDF} ok" shows as "Done not completed ok" while its text says the
//! opposite. They are removed from every value the site shows, so what a resident reads is
//! what the file says. Isolates (U+2066–U+2069) and marks, which right-to-left text needs and
//! which cannot reverse a word, are kept.

use std::borrow::Cow;

/// `text` without embedding and override controls.
pub fn without_overrides(text: &str) -> Cow<'_, str> {
    // Each is encoded E2 80 AA..AE: look only where an E2 byte stands.
    let bytes = text.as_bytes();
    let found = memchr::memchr_iter(0xE2, bytes)
        .any(|i| bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xAA..=0xAE)));
    if !found {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter(|c| !matches!(c, '\u{202a}'..='\u{202e}'))
            .collect(),
    )
}

/// The same, for an owned value (no copy when there is nothing to remove).
pub fn strip(text: String) -> String {
    match without_overrides(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(s) => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_are_removed_and_everything_else_kept() {
        assert_eq!(
            without_overrides("Done \u{202e}detelpmoc ton\u{202c} ok"),
            "Done detelpmoc ton ok"
        );
        let kept = "it’s \u{2067}שלום\u{2069} \u{200f}";
        assert!(matches!(without_overrides(kept), Cow::Borrowed(_)));
    }
}
