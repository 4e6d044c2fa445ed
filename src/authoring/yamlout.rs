//! Writing YAML values that read back exactly as given.
//!
//! Every representation is checked by parsing it back with the same YAML parser the loader uses;
//! when a friendlier form (plain, or a `|` block) would not read back unchanged, a double-quoted
//! string with escapes is written instead, which can hold any text.

use std::fmt::Write as _;

/// A one-line value for `key: <here>` or `- <here>`: plain when that reads back unchanged,
/// else double-quoted.
pub fn scalar(text: &str) -> String {
    if plain_reads_back(text) {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// What follows `key:` for a text value whose key is indented by `indent` spaces: a `|` block
/// (content indented two more spaces) for text with line breaks, else ` ` + [`scalar`].
/// Lines are joined with `nl`; there is no final line ending.
pub fn text_value(text: &str, indent: usize, nl: &str) -> String {
    if text.contains('\n') {
        block_value(text, indent, nl)
    } else {
        format!(" {}", scalar(text))
    }
}

/// Like [`text_value`] but always a `|` block when the text allows one (Markdown reads better
/// that way), falling back to a quoted string.
pub fn block_value(text: &str, indent: usize, nl: &str) -> String {
    match block(text) {
        Some(lines) => {
            let pad = " ".repeat(indent + 2);
            let mut out = String::new();
            for (i, line) in lines.iter().enumerate() {
                if i == 0 {
                    out.push(' ');
                    out.push_str(line);
                } else if line.is_empty() {
                    out.push_str(nl);
                } else {
                    out.push_str(nl);
                    out.push_str(&pad);
                    out.push_str(line);
                }
            }
            out
        }
        None => format!(" {}", quoted(text)),
    }
}

/// A double-quoted YAML string; any text can be written this way.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters YAML does not allow raw in a document, or reads as line breaks.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// The header and content lines of a `|` block (content relative to the key's indentation,
/// without the two-space step), or `None` when the text cannot be a block scalar.
fn block(text: &str) -> Option<Vec<String>> {
    if text.trim().is_empty()
        || text
            .chars()
            .any(|c| c != '\n' && c != '\t' && needs_escape(c))
    {
        return None;
    }
    let trailing = text.len() - text.trim_end_matches('\n').len();
    let chomp = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    let content = &text[..text.len() - trailing];
    let first_non_empty = content.split('\n').find(|l| !l.is_empty()).unwrap_or("");
    let indicator = if first_non_empty.starts_with(' ') {
        "2"
    } else {
        ""
    };
    let mut lines = vec![format!("|{indicator}{chomp}")];
    lines.extend(content.split('\n').map(str::to_string));
    // `|+` keeps the trailing line breaks as empty lines.
    lines.extend(std::iter::repeat_n(
        String::new(),
        trailing.saturating_sub(1),
    ));
    let candidate = {
        let mut doc = String::from("k:");
        for (i, l) in lines.iter().enumerate() {
            if i == 0 {
                doc.push(' ');
                doc.push_str(l);
            } else if !l.is_empty() {
                doc.push_str("\n  ");
                doc.push_str(l);
            } else {
                doc.push('\n');
            }
        }
        doc.push('\n');
        doc
    };
    reads_back(&candidate, text).then_some(lines)
}

fn plain_reads_back(text: &str) -> bool {
    if text.is_empty() || text.trim() != text || text.chars().any(|c| c == '\n' || needs_escape(c))
    {
        return false;
    }
    // Words other YAML readers (YAML 1.1) take for booleans or null stay quoted for them.
    const AMBIGUOUS: &[&str] = &[
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
    ];
    if AMBIGUOUS.contains(&text.to_lowercase().as_str()) {
        return false;
    }
    reads_back(&format!("k: {text}\n"), text) && reads_back_item(&format!("- {text}\n"), text)
}

/// Does `doc` (a one-key mapping `k: …`) parse to exactly `text`?
fn reads_back(doc: &str, text: &str) -> bool {
    match serde_yaml::from_str::<serde_yaml::Value>(doc) {
        Ok(serde_yaml::Value::Mapping(m)) => {
            m.len() == 1 && matches!(m.get("k"), Some(serde_yaml::Value::String(s)) if s == text)
        }
        _ => false,
    }
}

fn reads_back_item(doc: &str, text: &str) -> bool {
    match serde_yaml::from_str::<serde_yaml::Value>(doc) {
        Ok(serde_yaml::Value::Sequence(s)) => {
            s.len() == 1 && matches!(s.first(), Some(serde_yaml::Value::String(v)) if v == text)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse_value(doc: &str) -> serde_yaml::Value {
        let v: serde_yaml::Value = serde_yaml::from_str(doc).unwrap_or(serde_yaml::Value::Null);
        v.get("a")
            .and_then(|a| a.get("k"))
            .cloned()
            .unwrap_or(serde_yaml::Value::Null)
    }

    #[test]
    fn plain_when_safe_quoted_when_not() {
        assert_eq!(scalar("Communications Manager"), "Communications Manager");
        assert_eq!(scalar("Safety: the review"), "\"Safety: the review\"");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("3.2"), "\"3.2\"");
        assert_eq!(scalar("- a"), "\"- a\"");
        assert_eq!(scalar("a # b"), "\"a # b\"");
        assert_eq!(scalar(""), "\"\"");
        assert_eq!(scalar("Team’s 'plan'"), "Team’s 'plan'");
    }

    #[test]
    fn blocks_keep_trailing_newlines_and_leading_spaces() {
        assert_eq!(block_value("a\n\nb\n", 0, "\n"), " |\n  a\n\n  b");
        assert_eq!(block_value("a", 2, "\n"), " |-\n    a");
        assert_eq!(block_value("  code\nx\n", 0, "\n"), " |2\n    code\n  x");
        assert_eq!(block_value("bad\rline", 0, "\n"), " \"bad\\rline\"");
    }

    proptest! {
        #[test]
        fn scalars_read_back(text in any::<String>()) {
            let doc = format!("a:\n  k: {}\n", scalar(&text));
            prop_assert_eq!(parse_value(&doc), serde_yaml::Value::String(text));
        }

        #[test]
        fn nested_blocks_read_back(text in "(\\PC|[ \\n\\t\\r]){0,60}", crlf in any::<bool>()) {
            let nl = if crlf { "\r\n" } else { "\n" };
            let doc = format!("a:{nl}  k:{}{nl}  z: 1{nl}", block_value(&text, 2, nl));
            prop_assert_eq!(parse_value(&doc), serde_yaml::Value::String(text));
        }
    }
}
