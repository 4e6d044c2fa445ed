//! The one place that touches `serde_yaml` (archived upstream, so kept behind this seam).
//!
//! YAML is parsed into a small tree of [`Node`]s that carry their position in the original file.
//! serde_yaml does not expose positions of values, so they come from a line scanner over the
//! block-style YAML that front matter uses; anything it cannot place falls back to its parent.

use crate::diagnostics::{Diagnostic, Position};
// Paths of a few dozen keys per file, hashed many times each: a fast non-keyed hash.
type HashMap<K, V> = rustc_hash::FxHashMap<K, V>;
use std::path::Path;

/// A YAML value with the position of the key or item that introduced it.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    /// Where the value starts (or its key, when the value is on the following lines).
    pub pos: Position,
    /// Where the key (or list dash) that introduced this value is.
    pub key_pos: Position,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Value {
    /// The YAML type name an editor would recognise, for "expected …, found …" messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "a true/false value",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping of keys",
        }
    }
}

/// Parse `text` (front matter or a whole YAML file) whose first line is line `first_line` of
/// `file`. `source` is the whole file, used to show the offending line in errors.
pub fn parse(text: &str, first_line: usize, file: &Path, source: &str) -> Result<Node, Diagnostic> {
    let offset = first_line.saturating_sub(1);
    let parsed: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let message = clean_message(&e.to_string());
            let (line, column) = refined_location(text, &message)
                .or_else(|| e.location().map(|l| (l.line(), l.column())))
                .map(|(l, c)| (l + offset, c))
                .unwrap_or((first_line, 1));
            return Err(Diagnostic::error(
                file,
                Position::new(line, column),
                format!("invalid YAML: {message}"),
            )
            .with_source(source)
            .with_hint(yaml_hint(&message)));
        }
    };
    // Aliases (`*name`) can make a few bytes of YAML stand for gigabytes of values.
    let limit = 4 * text.len() + 65_536;
    let size = weight(&parsed, limit);
    if size > limit {
        return Err(Diagnostic::error(file, Position::new(first_line, 1), format!(
            "the YAML expands to more than {} KB, far more than the file holds (aliases repeating large values)",
            limit / 1024
        ))
        .with_source(source)
        .with_hint("write the values out plainly; front matter does not need `&anchors` and `*aliases`"));
    }
    let positions = index_positions(text, offset);
    let root = Position::new(first_line, 1);
    Ok(convert(parsed, &mut String::new(), root, &positions))
}

/// The size of a parsed value in bytes, approximately; stops counting past `limit`.
fn weight(v: &serde_yaml::Value, limit: usize) -> usize {
    let mut total = 0usize;
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        total += 8;
        match v {
            serde_yaml::Value::String(s) => total += s.len(),
            serde_yaml::Value::Sequence(items) => stack.extend(items.iter()),
            serde_yaml::Value::Mapping(m) => {
                for (k, v) in m {
                    stack.push(k);
                    stack.push(v);
                }
            }
            serde_yaml::Value::Tagged(t) => stack.push(&t.value),
            _ => {}
        }
        if total > limit {
            return total;
        }
    }
    total
}

/// Where the problem really is, for the errors libyaml places elsewhere (line and column
/// within `text`): a control character (reported as a byte offset, at the document's start)
/// and a duplicate key (reported at the mapping that holds it).
fn refined_location(text: &str, message: &str) -> Option<(usize, usize)> {
    if message.contains("control characters are not allowed") {
        let at = text.find(|c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))?;
        return Some(line_and_column(text, at));
    }
    let marker = "duplicate entry with key \"";
    let at = message.find(marker)? + marker.len();
    let key = message[at..].split('"').next()?;
    duplicate_key_line(text, key).map(|(line, indent)| (line, indent + 1))
}

fn line_and_column(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// The line (1-based) and indentation of the second `key:` in one block mapping: keys are
/// tracked per indentation, a line less indented closes the deeper mappings, and `- ` starts
/// a new mapping inside a list. Lines of block scalars (`|`, `>`) are skipped.
fn duplicate_key_line(text: &str, key: &str) -> Option<(usize, usize)> {
    let mut open: Vec<(usize, Vec<&str>)> = Vec::new();
    let mut scalar_above: Option<usize> = None;
    for (i, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_start_matches(' ');
        if trimmed.trim().is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut indent = raw.len() - trimmed.len();
        if scalar_above.is_some_and(|at| indent > at) {
            continue;
        }
        scalar_above = None;
        let mut rest = trimmed;
        open.retain(|(at, _)| *at <= indent);
        while let Some(item) = rest.strip_prefix("- ") {
            indent += 2 + (item.len() - item.trim_start_matches(' ').len());
            rest = item.trim_start_matches(' ');
            open.retain(|(at, _)| *at < indent);
        }
        let Some((found, value)) = key_of(rest) else {
            continue;
        };
        if matches!(value.trim().chars().next(), Some('|' | '>')) {
            scalar_above = Some(indent);
        }
        match open.iter_mut().find(|(at, _)| *at == indent) {
            Some((_, keys)) if keys.contains(&found) && found == key => {
                return Some((i + 1, indent))
            }
            Some((_, keys)) => keys.push(found),
            None => open.push((indent, vec![found])),
        }
    }
    None
}

fn clean_message(msg: &str) -> String {
    // serde_yaml appends " at line X column Y" relative to the fragment; we show our own.
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn yaml_hint(message: &str) -> String {
    if message.contains("mapping values are not allowed") {
        "a value containing `: ` must be quoted, e.g. title: \"Safety: the review\"".into()
    } else if message.contains("tab") {
        "YAML indentation must use spaces, not tabs".into()
    } else if message.contains("did not find expected")
        || message.contains("could not find expected")
    {
        "check the indentation and that every quote and bracket is closed".into()
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        "the YAML is nested or aliased too deeply; write the values out plainly".into()
    } else {
        "front matter is YAML: `key: value` lines between two `---` lines".into()
    }
}

/// `path` is the dotted path of `v` (`updates.0.status`), extended and restored in place.
fn convert(
    v: serde_yaml::Value,
    path: &mut String,
    fallback: Position,
    pos: &HashMap<String, Spot>,
) -> Node {
    let spot = pos.get(path.as_str()).copied().unwrap_or_default();
    let here = spot.value.unwrap_or(fallback);
    let key_pos = spot.key.unwrap_or(here);
    let child = |v, key: Option<&str>, index: usize, path: &mut String| {
        let len = path.len();
        if len > 0 {
            path.push('.');
        }
        match key {
            Some(k) => path.push_str(k),
            None => {
                use std::fmt::Write as _;
                let _ = write!(path, "{index}");
            }
        }
        let node = convert(v, path, here, pos);
        path.truncate(len);
        node
    };
    let value = match v {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_yaml::Value::String(s) => Value::Str(s),
        serde_yaml::Value::Sequence(items) => Value::Seq(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| child(item, None, i, path))
                .collect(),
        ),
        serde_yaml::Value::Mapping(map) => Value::Map(
            map.into_iter()
                .map(|(k, v)| {
                    let key = scalar_key(k);
                    let node = child(v, Some(&key), 0, path);
                    (key, node)
                })
                .collect(),
        ),
        serde_yaml::Value::Tagged(t) => return convert(t.value, path, fallback, pos),
    };
    Node {
        value,
        pos: here,
        key_pos,
    }
}

/// Where a path's value starts, and where its key (or list dash) is.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Spot {
    value: Option<Position>,
    key: Option<Position>,
}

impl Spot {
    fn at(value: Position, key: Position) -> Spot {
        Spot {
            value: Some(value),
            key: Some(key),
        }
    }
}

fn scalar_key(k: serde_yaml::Value) -> String {
    match k {
        serde_yaml::Value::String(s) => s,
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Null => "null".into(),
        _ => "<complex key>".into(),
    }
}

fn join(path: &str, seg: &str) -> String {
    if path.is_empty() {
        seg.to_string()
    } else {
        [path, ".", seg].concat()
    }
}

#[derive(Debug)]
struct Frame {
    indent: usize,
    path: String,
    seq: bool,
    next: usize,
}

/// Map dotted paths (`updates.0.status`) to where their value starts in the file.
fn index_positions(text: &str, line_offset: usize) -> HashMap<String, Spot> {
    let mut ix = Indexer::default();
    for (i, raw) in text.lines().enumerate() {
        ix.line(i + 1 + line_offset, raw.trim_end_matches('\r'));
    }
    ix.out
}

/// A line-by-line reading of front matter's block structure (what serde_yaml does not report):
/// the open mappings and sequences, and the key whose value starts on a later line.
#[derive(Default)]
struct Indexer {
    out: HashMap<String, Spot>,
    stack: Vec<Frame>,
    /// The path of the last key whose value is on the following lines.
    pending: Option<(String, usize)>,
    /// The indent of a key whose block scalar (`|`, `>`) is being skipped.
    block_scalar: Option<usize>,
}

/// What to do with the rest of a line after a sequence item's dash.
enum AfterItem {
    Done,
    /// `- key: value`: a mapping starts inside the item, at this column.
    Key(usize),
}

impl Indexer {
    fn line(&mut self, line_no: usize, line: &str) {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if let Some(bs) = self.block_scalar {
            if rest.is_empty() || indent > bs {
                return;
            }
            self.block_scalar = None;
        }
        if rest.is_empty() || rest.starts_with('#') {
            return;
        }
        let top_indent = self.stack.last().map(|f| f.indent);
        if self.pending.is_none()
            && top_indent.is_some_and(|t| indent > t)
            && !rest.starts_with("- ")
            && rest != "-"
        {
            // Continuation of a multi-line plain or quoted scalar.
            return;
        }
        let (mut col, mut rest) = (indent, rest);
        loop {
            let is_item = rest.starts_with("- ") || rest == "-";
            let pending = self.pending.is_some();
            while self.stack.last().is_some_and(|f| {
                f.indent > col || (f.indent == col && f.seq != is_item && !pending)
            }) {
                self.stack.pop();
            }
            if !is_item {
                self.key(line_no, col, rest);
                return;
            }
            match self.item(line_no, col, rest) {
                AfterItem::Done => return,
                AfterItem::Key(value_col) => {
                    rest = &rest[value_col - col..];
                    col = value_col;
                }
            }
        }
    }

    /// A sequence item (`- …`) at `col`.
    fn item(&mut self, line_no: usize, col: usize, rest: &str) -> AfterItem {
        let item_path = match self.stack.last_mut() {
            Some(f) if f.seq && f.indent == col => {
                let p = join(&f.path, &f.next.to_string());
                f.next += 1;
                p
            }
            _ => {
                let parent = self.pending.take().map(|(p, _)| p).unwrap_or_default();
                let p = join(&parent, "0");
                self.stack.push(Frame {
                    indent: col,
                    path: parent,
                    seq: true,
                    next: 1,
                });
                p
            }
        };
        self.pending = None;
        let after = rest[1..].trim_start_matches(' ');
        let value_col = col + (rest.len() - after.len());
        self.out.insert(
            item_path.clone(),
            Spot::at(
                Position::new(line_no, value_col + 1),
                Position::new(line_no, col + 1),
            ),
        );
        if after.is_empty() {
            self.pending = Some((item_path, col));
            return AfterItem::Done;
        }
        if key_of(after).is_some() {
            self.pending = Some((item_path, col));
            return AfterItem::Key(value_col);
        }
        AfterItem::Done
    }

    /// A `key: value` line (or the part of a line after `- `) at `col`.
    fn key(&mut self, line_no: usize, col: usize, rest: &str) {
        let Some((key, value)) = key_of(rest) else {
            return;
        };
        let parent = match self.stack.last() {
            Some(f) if !f.seq && f.indent == col => f.path.clone(),
            _ => {
                let parent = self.pending.take().map(|(p, _)| p).unwrap_or_default();
                self.stack.push(Frame {
                    indent: col,
                    path: parent.clone(),
                    seq: false,
                    next: 0,
                });
                parent
            }
        };
        self.pending = None;
        let path = join(&parent, key);
        let key_at = Position::new(line_no, col + 1);
        let value_trim = value.trim_start_matches(' ');
        let value_col = col + (rest.len() - value_trim.len());
        if value_trim.is_empty() || value_trim.starts_with('#') {
            self.out.insert(path.clone(), Spot::at(key_at, key_at));
            self.pending = Some((path, col));
        } else {
            let at = Position::new(line_no, value_col + 1);
            self.out.insert(path, Spot::at(at, key_at));
            if value_trim.starts_with('|') || value_trim.starts_with('>') {
                self.block_scalar = Some(col);
            }
        }
    }
}

/// `key: value` → (key, value). Only plain keys (what front matter uses) are recognised.
fn key_of(s: &str) -> Option<(&str, &str)> {
    let end = s.find(':')?;
    let key = &s[..end];
    let after = &s[end + 1..];
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    let key = key.trim_end();
    let key = key.trim_matches(|c| c == '"' || c == '\'');
    if key.is_empty() || key.contains(['{', '[', '#']) {
        return None;
    }
    Some((key, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where each path's value starts.
    fn positions(text: &str) -> HashMap<String, Position> {
        index_positions(text, 1)
            .into_iter()
            .filter_map(|(k, s)| Some((k, s.value?)))
            .collect()
    }

    #[test]
    fn locates_top_level_keys_and_list_items() {
        let p = positions("number: 3\ntitle: x\nrecommendation: |\n  a: b\n  c\nlead_officers:\n  - A\n  - B\nstatus: done\n");
        assert_eq!(p["number"], Position::new(2, 9));
        assert_eq!(p["recommendation"], Position::new(4, 17));
        assert_eq!(p["lead_officers"], Position::new(7, 1));
        assert_eq!(p["lead_officers.1"], Position::new(9, 5));
        assert_eq!(p["status"], Position::new(10, 9));
        assert!(!p.contains_key("a"));
    }

    #[test]
    fn locates_keys_inside_update_items() {
        let text = "updates:\n- date: 2024-01-02\n  status: dun\n  note: hi\n- date: 2024-02-03\n  links:\n    - title: x\n      url: y\ndraft: true\n";
        let p = positions(text);
        assert_eq!(p["updates.0.date"], Position::new(3, 9));
        assert_eq!(p["updates.0.status"], Position::new(4, 11));
        assert_eq!(p["updates.1.date"], Position::new(6, 9));
        assert_eq!(p["updates.1.links.0.url"], Position::new(9, 12));
        assert_eq!(p["draft"], Position::new(10, 8));
    }

    #[test]
    fn duplicate_keys_and_control_characters_are_reported_where_they_are() {
        let text = "number: 2\ntitle: A\nupdates:\n  - date: 2024-01-01\n    note: |\n      title: not a key\n  - date: 2024-02-01\ntitle: B\n";
        let err = parse(text, 2, Path::new("a.md"), &format!("---\n{text}")).unwrap_err();
        assert_eq!(err.position, Position::new(9, 1), "{err:?}");
        let text = "number: 2\nupdates:\n  - date: 2024-01-01\n    date: 2024-01-02\n";
        let err = parse(text, 2, Path::new("a.md"), &format!("---\n{text}")).unwrap_err();
        assert_eq!(err.position, Position::new(5, 5), "{err:?}");
        let text = "number: 2\ntitle: bad \u{1} here\n";
        let err = parse(text, 2, Path::new("a.md"), &format!("---\n{text}")).unwrap_err();
        assert_eq!(err.position, Position::new(3, 12), "{err:?}");
    }

    #[test]
    fn syntax_error_is_reported_at_the_file_line() {
        let source = "---\ntitle: a\nstatus: [\n---\n";
        let err = parse("title: a\nstatus: [\n", 2, Path::new("x.md"), source).unwrap_err();
        assert!(err.position.line >= 3, "{err:?}");
        assert!(err.message.starts_with("invalid YAML"));
    }

    #[test]
    fn billion_laughs_is_refused_or_bounded() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            text.push_str(&format!(
                "{name}: &{name} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n",
                p = prev
            ));
        }
        let _ = parse(&text, 1, Path::new("x.md"), &text);
    }
}
