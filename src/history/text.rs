//! Two versions of a recommendation file told apart by their text, before any YAML is parsed:
//! most commits change only the response or only add an update, and neither needs the file
//! read as the site reads it (a tenth of the cost at 10,000 recommendations).

use crate::load::frontmatter;

/// A version of a file, split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The whole file (read as the site reads it only when a comparison needs it).
    pub text: String,
    /// The front matter; `None` when the file does not split (a version with errors).
    front: Option<std::ops::Range<usize>>,
    body: std::ops::Range<usize>,
    /// `draft: true` at the top level: not published.
    pub draft: bool,
    /// The `number:` as written (quotes taken off), to follow a file renamed and edited in
    /// one commit.
    pub number: Option<String>,
}

impl Text {
    pub fn new(bytes: &[u8]) -> Text {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let range = |part: &str| {
            let start = part.as_ptr() as usize - text.as_ptr() as usize;
            start..start + part.len()
        };
        match frontmatter::split(&text) {
            Ok(s) => Text {
                draft: s.front.lines().any(|l| {
                    let l = l.trim_end();
                    l == "draft: true" || l == "draft: yes"
                }),
                number: s.front.lines().find_map(|l| {
                    let v = l.strip_prefix("number:")?.trim();
                    Some(v.trim_matches(['"', '\'']).trim().to_string())
                }),
                front: Some(range(s.front)),
                body: range(s.body),
                text,
            },
            Err(_) => Text {
                front: None,
                body: 0..0,
                draft: false,
                number: None,
                text,
            },
        }
    }

    pub fn front(&self) -> Option<&str> {
        self.front.clone().map(|r| &self.text[r])
    }

    pub fn body(&self) -> &str {
        &self.text[self.body.clone()]
    }
}

/// What changed between two versions, as far as the text tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Difference {
    /// Only the body (the officer response).
    Body,
    /// Only new updates added (complete list items under `updates:`), and perhaps the body.
    UpdateAdded { body: bool },
    /// Anything else: both versions must be read as the site reads them.
    Fields,
}

pub fn difference(old: &Text, new: &Text) -> Difference {
    let (Some(a), Some(b)) = (old.front(), new.front()) else {
        return Difference::Fields;
    };
    let body = old.body() != new.body();
    if a == b {
        return Difference::Body;
    }
    if update_added(a, b) {
        return Difference::UpdateAdded { body };
    }
    Difference::Fields
}

/// Whether `new` is `old` with whole update items inserted under `updates:`.
fn update_added(old: &str, new: &str) -> bool {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    if b.len() <= a.len() {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let room = a.len() - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    if prefix + suffix != a.len() {
        return false; // something was changed, not only inserted
    }
    let inserted = &b[prefix..b.len() - suffix];
    let Some(first) = inserted.first() else {
        return false;
    };
    let indent = first.len() - first.trim_start().len();
    if !first.trim_start().starts_with("- date:") {
        return false;
    }
    // Every line of the item is inside it: more indented than its dash, or blank.
    let inside = |l: &&str| l.trim().is_empty() || l.len() - l.trim_start().len() > indent;
    if !inserted[1..].iter().all(inside) {
        return false;
    }
    // After it: another item of the same list, a top-level key, or the end.
    if let Some(next) = b.get(b.len() - suffix) {
        let next_indent = next.len() - next.trim_start().len();
        let same_list = next_indent == indent && next.trim_start().starts_with("- ");
        if !same_list && next_indent != 0 {
            return false;
        }
        if next_indent == 0 && next.starts_with("- ") && indent != 0 {
            return false;
        }
    }
    // The list it joins is `updates:`: the nearest top-level key above it.
    b[..prefix]
        .iter()
        .rev()
        .find(|l| !l.is_empty() && !l.starts_with([' ', '\t', '-', '#']))
        .is_some_and(|k| k.trim_end() == "updates:")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(front: &str, body: &str) -> Text {
        Text::new(format!("---\n{front}---\n{body}").as_bytes())
    }

    const BASE: &str = "number: 1\nstatus: in-progress\nupdates:\n  - date: 2025-01-05\n    note: Stalls surveyed.\ndue: 2025-12\n";

    #[test]
    fn an_update_appended_or_inserted_is_told_by_text() {
        let old = text(BASE, "Body.\n");
        let appended = BASE.replace(
            "    note: Stalls surveyed.\n",
            "    note: Stalls surveyed.\n  - date: 2025-03-14\n    status: completed\n    note: |\n      Traders consulted.\n",
        );
        assert_eq!(
            difference(&old, &text(&appended, "Body.\n")),
            Difference::UpdateAdded { body: false }
        );
        let first = BASE.replace(
            "updates:\n",
            "updates:\n  - date: 2024-12-01\n    note: Started.\n",
        );
        assert_eq!(
            difference(&old, &text(&first, "New body.\n")),
            Difference::UpdateAdded { body: true }
        );
    }

    #[test]
    fn anything_else_is_read_in_full() {
        let old = text(BASE, "Body.\n");
        // A key added to an existing update is an edit of it.
        let edited = BASE.replace(
            "    note: Stalls surveyed.\n",
            "    note: Stalls surveyed.\n    status: completed\n",
        );
        assert_eq!(
            difference(&old, &text(&edited, "Body.\n")),
            Difference::Fields
        );
        let moved = BASE.replace("due: 2025-12", "due: 2026-03");
        assert_eq!(
            difference(&old, &text(&moved, "Body.\n")),
            Difference::Fields
        );
        // An item-looking block in another list is not an update.
        let other = "number: 1\nlead_officers:\n  - Head of Place\n";
        let more = "number: 1\nlead_officers:\n  - Head of Place\n  - date: x\n";
        assert_eq!(
            difference(&text(other, ""), &text(more, "")),
            Difference::Fields
        );
        assert_eq!(
            difference(&old, &text(BASE, "Other body.\n")),
            Difference::Body
        );
    }
}
