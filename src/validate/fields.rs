//! Reading typed values out of a front-matter mapping, collecting every problem with its
//! position instead of stopping at the first.

use crate::diagnostics::{did_you_mean, Diagnostic, Position};
use crate::load::document::Document;
use crate::load::yaml::{Node, Value};
use crate::model::status::or_list;
use crate::model::{Decision, PartialDate, Status, Vocabulary};

/// At most this many problems are reported per mapping.
const MAX_SHOWN: usize = 100;

/// The keys of one mapping (a file's front matter, or one update entry).
pub struct Fields<'a> {
    doc: &'a Document,
    entries: Vec<(&'a str, &'a Node)>,
    used: Vec<bool>,
    allowed: &'a [&'static str],
    at: Position,
    /// Problems found so far; the caller drains them.
    pub diags: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    /// `what` names the mapping in messages ("front matter", "update").
    pub fn new(
        doc: &'a Document,
        node: &'a Node,
        allowed: &'a [&'static str],
        what: &str,
    ) -> Fields<'a> {
        let mut diags = Vec::new();
        let entries: Vec<(&str, &Node)> = match &node.value {
            Value::Map(m) => m.iter().map(|(k, v)| (k.as_str(), v)).collect(),
            Value::Null => Vec::new(),
            other => {
                diags.push(
                    doc.locate(
                        Diagnostic::error(
                            &doc.source.file,
                            node.pos,
                            format!(
                                "the {what} must be `key: value` lines, found {}",
                                other.kind()
                            ),
                        )
                        .with_hint(format!("valid keys are {}", list(allowed))),
                    ),
                );
                Vec::new()
            }
        };
        let used = vec![false; entries.len()];
        Fields {
            doc,
            entries,
            used,
            allowed,
            at: node.pos,
            diags,
        }
    }

    pub fn file(&self) -> &'a Document {
        self.doc
    }

    /// Report a problem at `pos` (capped at [`MAX_SHOWN`] per mapping).
    pub fn error(&mut self, pos: Position, message: String, hint: String) {
        // A file with thousands of problems is reported in part: each shown line costs a scan of
        // the file, and nobody reads past the first screens.
        if self.diags.len() >= MAX_SHOWN {
            self.diags.truncate(MAX_SHOWN);
            if self.diags.len() == MAX_SHOWN {
                let more = Diagnostic::error(
                    &self.doc.source.file,
                    pos,
                    "more problems in this file are not shown",
                )
                .with_hint("fix the problems above and run `scrutiny check` again");
                self.diags.push(more);
            }
            return;
        }
        let d = Diagnostic::error(&self.doc.source.file, pos, message).with_hint(hint);
        self.diags.push(self.doc.locate(d));
    }

    /// The raw node of `key`, marking it as known.
    pub fn node(&mut self, key: &str) -> Option<&'a Node> {
        let i = self.entries.iter().position(|(k, _)| *k == key)?;
        self.used[i] = true;
        let node = self.entries[i].1;
        (!matches!(node.value, Value::Null)).then_some(node)
    }

    /// Position of `key` if present, else of the mapping.
    pub fn key_pos(&self, key: &str) -> Position {
        self.entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, n)| n.key_pos)
            .unwrap_or(self.at)
    }

    /// Position of `key` only if the mapping has it.
    pub fn has_key_at(&self, key: &str) -> Option<Position> {
        self.entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, n)| n.key_pos)
    }

    pub fn position(&self) -> Position {
        self.at
    }

    fn wrong_type(&mut self, key: &str, node: &Node, expected: &str, example: &str) {
        self.error(
            node.pos,
            format!("`{key}` must be {expected}, found {}", node.value.kind()),
            format!("write it like `{key}: {example}`"),
        );
    }

    pub fn string(&mut self, key: &str) -> Option<String> {
        let node = self.node(key)?;
        match &node.value {
            Value::Str(s) => Some(crate::model::bidi::strip(s.clone())),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => {
                self.wrong_type(key, node, "text", "some text");
                None
            }
        }
    }

    /// A required text value: missing or blank is an error.
    pub fn required_string(&mut self, key: &str, example: &str) -> Option<String> {
        let entry = self
            .entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, n)| *n);
        match (self.string(key), entry) {
            (Some(s), _) if !s.trim().is_empty() => Some(s),
            (None, Some(n)) if !matches!(n.value, Value::Null) => None, // wrong type, reported
            (_, Some(n)) => {
                self.error(
                    n.key_pos,
                    format!("`{key}` is empty"),
                    format!("write it like `{key}: {example}`"),
                );
                None
            }
            (_, None) => {
                let at = self.at;
                self.error(
                    at,
                    format!("missing required key `{key}`"),
                    format!("add a line `{key}: {example}`"),
                );
                None
            }
        }
    }

    /// A list of names; a single string is accepted as a list of one.
    pub fn string_list(&mut self, key: &str) -> Vec<String> {
        let Some(node) = self.node(key) else {
            return Vec::new();
        };
        match &node.value {
            Value::Str(s) => vec![crate::model::bidi::strip(s.trim().to_string())]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect(),
            Value::Seq(items) => {
                let mut out = Vec::new();
                for item in items {
                    match &item.value {
                        Value::Str(s) if !s.trim().is_empty() => {
                            out.push(crate::model::bidi::strip(s.trim().to_string()))
                        }
                        Value::Null => {}
                        Value::Str(_) => {}
                        _ => self.error(
                            item.pos,
                            format!(
                                "each entry of `{key}` must be a name, found {}",
                                item.value.kind()
                            ),
                            format!(
                                "write one name per line under `{key}:`, each starting with `- `"
                            ),
                        ),
                    }
                }
                out
            }
            _ => {
                self.wrong_type(key, node, "a list of names", "[Name One, Name Two]");
                Vec::new()
            }
        }
    }

    pub fn date(&mut self, key: &str) -> Option<PartialDate> {
        let node = self.node(key)?;
        let text = match &node.value {
            Value::Str(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            _ => {
                self.wrong_type(key, node, "a date", "2024-06-30");
                return None;
            }
        };
        match PartialDate::parse(&text) {
            Ok(d) => Some(d),
            Err(e) => {
                // A date as people write it ("31/03/2024", "March 2025") gets its form suggested.
                let hint = match crate::model::date::as_written(&text) {
                    Some(d) => format!(
                        "did you mean `{key}: {d}`? dates are written YYYY-MM-DD, YYYY-MM or YYYY"
                    ),
                    None => "dates are written YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2024-06-30, 2024-06 or 2024".into(),
                };
                self.error(node.pos, format!("invalid date for `{key}`: {e}"), hint);
                None
            }
        }
    }

    pub fn status(&mut self, key: &str, vocab: &Vocabulary) -> Option<Status> {
        let node = self.node(key)?;
        let text = self.string(key)?;
        vocab.parse_status(&text).or_else(|| {
            let hint = one_of_or(
                &text,
                crate::model::words::status_word(&text, vocab).map(Status::key),
                vocab.status_keys().collect(),
                "statuses",
            );
            self.error(node.pos, format!("unknown status `{text}`"), hint);
            None
        })
    }

    pub fn decision(&mut self, key: &str, vocab: &Vocabulary) -> Option<Decision> {
        let node = self.node(key)?;
        let text = self.string(key)?;
        vocab.parse_decision(&text).or_else(|| {
            let hint = one_of_or(
                &text,
                crate::model::words::decision_word(&text, vocab).map(Decision::key),
                vocab.decision_keys().collect(),
                "decisions",
            );
            self.error(node.pos, format!("unknown decision `{text}`"), hint);
            None
        })
    }

    /// A number (a site-declared `type: number` field), kept as written.
    pub fn number(&mut self, key: &str) -> Option<String> {
        let node = self.node(key)?;
        let text = self.string(key)?;
        if text.trim().parse::<f64>().is_ok_and(f64::is_finite) {
            return Some(text.trim().to_string());
        }
        self.error(
            node.pos,
            format!("`{key}` must be a number, found `{text}`"),
            format!("write it like `{key}: 2`"),
        );
        None
    }

    /// A web address (a site-declared `type: link` field).
    pub fn link(&mut self, key: &str) -> Option<String> {
        let node = self.node(key)?;
        let text = self.string(key)?.trim().to_string();
        if text.is_empty() {
            return None;
        }
        if crate::validate::content::is_safe_url(&text) && !text.contains(char::is_whitespace) {
            return Some(text);
        }
        self.error(
            node.pos,
            format!("`{key}` is not a web address: `{text}`"),
            "write a full address starting with https:// (spaces written as %20)".into(),
        );
        None
    }

    /// One of a site-declared field's choices, matched ignoring case, kept as declared.
    pub fn choice(&mut self, key: &str, choices: &[&'static str]) -> Option<String> {
        let node = self.node(key)?;
        let text = self.string(key)?;
        if let Some(c) = choices.iter().find(|c| c.eq_ignore_ascii_case(text.trim())) {
            return Some(c.to_string());
        }
        let hint = one_of(&text, choices.to_vec(), "values");
        self.error(
            node.pos,
            format!("`{text}` is not one of the choices for `{key}`"),
            hint,
        );
        None
    }

    pub fn bool(&mut self, key: &str) -> Option<bool> {
        let node = self.node(key)?;
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.wrong_type(key, node, "true or false", "true");
                None
            }
        }
    }

    pub fn int(&mut self, key: &str) -> Option<i64> {
        let node = self.node(key)?;
        match node.value {
            Value::Int(i) => Some(i),
            _ => {
                self.wrong_type(key, node, "a whole number", "1");
                None
            }
        }
    }

    /// The items of a list value.
    pub fn seq(&mut self, key: &str) -> &'a [Node] {
        let Some(node) = self.node(key) else {
            return &[];
        };
        match &node.value {
            Value::Seq(items) => items,
            _ => {
                self.wrong_type(key, node, "a list", "[...]");
                &[]
            }
        }
    }

    /// Report keys nobody asked for, with the closest valid key.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        let unknown: Vec<(String, Position)> = self
            .entries
            .iter()
            .zip(&self.used)
            .filter(|(_, used)| !**used)
            .map(|((k, n), _)| (k.to_string(), n.key_pos))
            .collect();
        for (key, pos) in unknown {
            let hint = match did_you_mean(&key, self.allowed.iter().copied()) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("valid keys are {}", list(self.allowed)),
            };
            self.error(pos, format!("unknown key `{key}`"), hint);
        }
        self.diags
    }
}

fn list(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "did you mean `x`? valid statuses are …" (the site's own set).
pub fn one_of(text: &str, keys: Vec<&'static str>, what: &str) -> String {
    one_of_or(text, None, keys, what)
}

/// [`one_of`], suggesting `meant` (what the words mean, `done` → `completed`) before the
/// closest spelling.
fn one_of_or(text: &str, meant: Option<&str>, keys: Vec<&'static str>, what: &str) -> String {
    let valid = or_list(keys.iter().copied());
    match meant.or_else(|| did_you_mean(text, keys)) {
        Some(k) => format!("did you mean `{k}`? valid {what} are {valid}"),
        None => format!("valid {what} are {valid}"),
    }
}
