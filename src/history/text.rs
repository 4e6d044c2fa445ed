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
                // `draft: true` as YAML reads it (a comment after it, any of its spellings).
                draft: s.front.lines().any(|l| {
                    l.strip_prefix("draft:").is_some_and(|v| {
                        let v = v.split('#').next().unwrap_or("").trim();
                        matches!(v, "true" | "True" | "TRUE")
                    })
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
    /// One top-level `key: value` line changed (and perhaps the body): `line` is its index
    /// in both front matters.
    OneLine { line: usize, body: bool },
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
    if let Some(line) = one_line(a, b) {
        return Difference::OneLine { line, body };
    }
    Difference::Fields
}

/// The index of the only line that differs, when both are a plain one-line value of the same
/// top-level key (`due: 2025-03` → `due: 2025-09`), not continued on the next line.
fn one_line(old: &str, new: &str) -> Option<usize> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    if a.len() != b.len() {
        return None;
    }
    let mut differ = a.iter().zip(&b).enumerate().filter(|(_, (x, y))| x != y);
    let (i, _) = differ.next()?;
    if differ.next().is_some() {
        return None;
    }
    let continued = |l: &[&str]| l.get(i + 1).is_some_and(|n| n.starts_with([' ', '\t']));
    let (ka, _) = key_value(a[i])?;
    let (kb, _) = key_value(b[i])?;
    (ka == kb && !continued(&a) && !continued(&b)).then_some(i)
}

/// A top-level `key: value` line whose value is a plain or simply quoted scalar on this line:
/// the key and the value as YAML reads it. `None` for anything YAML could read otherwise
/// (a block, a list, an anchor, a comment, an escape).
pub fn key_value(line: &str) -> Option<(&str, String)> {
    if line.starts_with([' ', '\t', '-', '#']) {
        return None;
    }
    let (key, value) = line.split_once(':')?;
    let key = key.trim_end();
    if key.is_empty() || !key.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') {
        return None;
    }
    let value = value.trim();
    // A comment, or a plain word YAML reads as no value or as true or false: left to the
    // full read.
    let not_text = matches!(
        value,
        "~" | "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
    );
    if not_text
        || value.contains(" #")
        || value.contains("\t#")
        || value.starts_with(['|', '>', '[', '{', '&', '*', '!', '%', '@', '`', '#'])
    {
        return None;
    }
    let plain = |v: &str| !v.contains(": ") && !v.ends_with(':');
    match value.as_bytes().first() {
        Some(b'"') => {
            let inner = value.strip_prefix('"')?.strip_suffix('"')?;
            (!inner.contains(['"', '\\'])).then(|| (key, inner.to_string()))
        }
        Some(b'\'') => {
            let inner = value.strip_prefix('\'')?.strip_suffix('\'')?;
            (!inner.contains('\'')).then(|| (key, inner.to_string()))
        }
        _ => plain(value).then(|| (key, value.to_string())),
    }
}

/// Whether a front matter sets `key` inside its updates (an update's `status:` or `due:`),
/// so the current value is not the top-level key's.
pub fn updates_set(front: &str, key: &str) -> bool {
    front.lines().any(|l| {
        let t = l.trim_start();
        l.starts_with([' ', '\t', '-'])
            && (t.starts_with(key) || t.strip_prefix("- ").is_some_and(|r| r.starts_with(key)))
    })
}

/// How many items `a` and `b` share at their start, and then at their end (the two never
/// overlap, so the rest of each is what differs).
pub fn same_ends<T: PartialEq>(a: &[T], b: &[T]) -> (usize, usize) {
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let room = a.len().min(b.len()) - head;
    let tail = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    (head, tail)
}

/// Whether `new` is `old` with whole update items inserted under `updates:`.
fn update_added(old: &str, new: &str) -> bool {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    if b.len() <= a.len() {
        return false;
    }
    let (prefix, suffix) = same_ends(&a, &b);
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
    fn one_plain_value_changed_is_told_by_text() {
        let old = text(BASE, "Body.\n");
        let moved = BASE.replace("due: 2025-12", "due: 2026-03");
        assert_eq!(
            difference(&old, &text(&moved, "Body.\n")),
            Difference::OneLine {
                line: 5,
                body: false
            }
        );
        assert_eq!(
            key_value("title: \"A: b\""),
            Some(("title", "A: b".to_string()))
        );
        assert_eq!(key_value("title: A: b"), None);
        assert_eq!(key_value("due: 2025-03 # moved"), None);
        assert_eq!(key_value("due: 2025-03\t# moved"), None);
        // No value, or true or false, to YAML: the full read says what the site makes of it.
        assert_eq!(key_value("financial_impact: ~"), None);
        assert_eq!(key_value("financial_impact: null"), None);
        assert_eq!(key_value("financial_impact: False"), None);
        assert!(Text::new(b"---\nnumber: 1\ndraft: True # until Cabinet\n---\n").draft);
        assert!(!Text::new(b"---\nnumber: 1\ndraft: false\n---\n").draft);
        assert_eq!(key_value("recommendation: |"), None);
        assert_eq!(key_value("  status: completed"), None);
        assert!(updates_set(BASE, "note:"));
        assert!(!updates_set(BASE, "status:"));
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
        let moved = BASE
            .replace("due: 2025-12", "due: 2026-03")
            .replace("status: in-progress", "status: completed");
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
