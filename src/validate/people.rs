//! Warnings about people: one person whose name is written in more than one way.

use crate::diagnostics::{Diagnostic, Position};
use crate::model::people::{Merged, Spelling};

/// One warning per spelling other than the one shown, in the first file that writes it,
/// naming both spellings and the files each is written in: merging two names is never silent.
pub fn merged(m: &Merged) -> Vec<Diagnostic> {
    let Some(shown) = m.spellings.first() else {
        return Vec::new();
    };
    m.spellings[1..]
        .iter()
        .filter_map(|other| {
            let file = other.files.first()?;
            let message = format!(
                "\"{}\" is taken to be the same person as \"{}\"",
                other.text, shown.text
            );
            Some(
                Diagnostic::warning(file, Position::default(), message)
                    .with_related(format!("{}; {}", written_in(shown), written_in(other)))
                    .with_hint(format!(
                        "names that differ only in case, surrounding spaces or final punctuation are one person, shown as \"{}\"; write it the same way everywhere, or tell two people apart, e.g. \"{} (North)\"",
                        m.shown, m.shown
                    )),
            )
        })
        .collect()
}

/// `"Head of Housing" in a.md, b.md and 3 more files`
fn written_in(s: &Spelling) -> String {
    let files: Vec<String> = s
        .files
        .iter()
        .map(|f| f.to_string_lossy().replace('\\', "/"))
        .collect();
    let more = match s.more_files {
        0 => String::new(),
        n => format!(" and {n} more {}", crate::diagnostics::plural(n, "file")),
    };
    format!("\"{}\" in {}{more}", s.text, files.join(", "))
}
