//! Writing review, theme and recommendation files in the content format, with values quoted so
//! they read back exactly (see [`yamlout`](super::yamlout)).

use super::yamlout::{block_value, scalar, text_value};
use crate::model::fields::{self, Field, Kind, Scaffold};
use crate::model::{Config, Decision, PartialDate, Status};
use std::fmt::Write as _;

/// How much to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Every key, empty where unknown, with a short comment on what goes there (`new`).
    Scaffold,
    /// Only what is known (`import`); the people lists are always written.
    Known,
}

/// One dated update, as `scrutiny update` and `import` write it.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateSpec {
    pub date: PartialDate,
    pub status: Option<Status>,
    pub due: Option<PartialDate>,
    pub note: String,
    /// (title, url)
    pub links: Vec<(String, String)>,
}

/// A value to write for a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// For the text kinds: number, text, Markdown, theme and the body.
    Text(String),
    Names(Vec<String>),
    Date(PartialDate),
    Decision(Decision),
    Status(Status),
    Updates(Vec<UpdateSpec>),
    Flag(bool),
}

/// A recommendation file's contents: the values given, by field key (the officer response,
/// the file's body, under `response`). [`recommendation`] writes them in the field table's
/// order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RecSpec {
    values: Vec<(&'static str, Value)>,
}

impl RecSpec {
    /// Set the value of the field `key` (a key of the site's field table, declared fields
    /// included).
    pub fn set(&mut self, key: &'static str, value: Value) {
        match self.values.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.values.push((key, value)),
        }
    }

    pub fn with(mut self, key: &'static str, value: Value) -> RecSpec {
        self.set(key, value);
        self
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.values.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The value of a text field.
    pub fn text(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(Value::Text(t)) => Some(t),
            _ => None,
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let i = self.values.iter().position(|(k, _)| *k == key)?;
        Some(self.values.remove(i).1)
    }
}

/// `number` as written: a whole number plain, anything else (`3.2`) quoted so it stays text.
pub fn number_value(n: &str) -> String {
    let whole = !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
        && (n == "0" || !n.starts_with('0'))
        && n.parse::<i64>().is_ok();
    if whole {
        n.to_string()
    } else {
        scalar(n)
    }
}

/// The lines of one `updates:` entry, each indented by `indent` spaces and ending with `nl`.
pub fn update_entry(u: &UpdateSpec, indent: usize, nl: &str) -> String {
    let pad = " ".repeat(indent);
    let inner = " ".repeat(indent + 2);
    let mut out = format!("{pad}- date: {}{nl}", u.date);
    if let Some(s) = u.status {
        let _ = write!(out, "{inner}status: {}{nl}", s.key());
    }
    if let Some(d) = u.due {
        let _ = write!(out, "{inner}due: {d}{nl}");
    }
    if !u.note.trim().is_empty() {
        let note = format!("{}\n", u.note.trim_end());
        let _ = write!(
            out,
            "{inner}note:{}{nl}",
            block_value(&note, indent + 2, nl)
        );
    }
    if !u.links.is_empty() {
        let _ = write!(out, "{inner}links:{nl}");
        for (title, url) in &u.links {
            let _ = write!(out, "{inner}  - title: {}{nl}", scalar(title));
            let _ = write!(out, "{inner}    url: {}{nl}", scalar(url));
        }
    }
    out
}

fn people(out: &mut String, key: &str, names: &[String]) {
    if names.is_empty() {
        let _ = writeln!(out, "{key}: []");
    } else {
        let _ = writeln!(out, "{key}:");
        for n in names {
            let _ = writeln!(out, "  - {}", scalar(n));
        }
    }
}

fn optional(out: &mut String, style: Style, key: &str, value: Option<String>, comment: &str) {
    match (value, style) {
        (Some(v), _) => {
            let _ = writeln!(out, "{key}:{}", text_value(&v, 0, "\n"));
        }
        (None, Style::Scaffold) => blank(out, key, comment),
        (None, Style::Known) => {}
    }
}

/// `key:` with nothing after it but a comment on what goes there.
fn blank(out: &mut String, key: &str, comment: &str) {
    let _ = writeln!(out, "{:<20}# {comment}", format!("{key}:"));
}

fn body(out: &mut String, text: &str) {
    let text = text.trim_end();
    if !text.is_empty() {
        out.push_str(text);
        out.push('\n');
    }
}

/// One front-matter key with its value, as the field's kind is written (lines ending `\n`).
pub fn key_lines(field: &Field, v: &Value) -> String {
    let mut out = String::new();
    value(&mut out, field, v);
    out
}

/// One front-matter key with its value, as the field's kind is written.
fn value(out: &mut String, field: &Field, value: &Value) {
    let key = field.key;
    match (field.kind, value) {
        (Kind::Number, Value::Text(n)) => {
            let _ = writeln!(out, "{key}: {}", number_value(n));
        }
        (Kind::Markdown, Value::Text(t)) => {
            let text = format!("{}\n", t.trim_end());
            let _ = writeln!(out, "{key}:{}", block_value(&text, 0, "\n"));
        }
        (_, Value::Text(t)) => {
            let _ = writeln!(out, "{key}:{}", text_value(t, 0, "\n"));
        }
        (_, Value::Names(names)) => people(out, key, names),
        (_, Value::Date(d)) => {
            let _ = writeln!(out, "{key}:{}", text_value(&d.to_string(), 0, "\n"));
        }
        (_, Value::Decision(d)) => {
            let _ = writeln!(out, "{key}: {}", d.key());
        }
        (_, Value::Status(s)) => {
            let _ = writeln!(out, "{key}: {}", s.key());
        }
        (_, Value::Updates(updates)) => {
            let _ = writeln!(out, "{key}:");
            for u in updates {
                out.push_str(&update_entry(u, 2, "\n"));
            }
        }
        (_, Value::Flag(b)) => {
            let _ = writeln!(out, "{key}: {b}");
        }
    }
}

/// A front-matter key no value was given for: in a scaffold, what the table says `new`
/// writes; otherwise nothing, except an empty list of people (`[]`: a missing person is a gap
/// `check` reports, and the line shows where to name them).
fn absent(out: &mut String, field: &Field, style: Style, config: &Config) {
    let vocab = &config.vocabulary;
    // The scaffold's default decision and status are the site's own (a RAG tracker has no
    // "not started": the line asks for one of its ratings).
    let own = match (style, field.kind) {
        (Style::Scaffold, Kind::Decision) => Some(
            vocab
                .first_decision(crate::model::Answer::Awaiting)
                .map(|d| d.key())
                .ok_or_else(|| format!("one of {}", plain_list(vocab.decision_keys()))),
        ),
        (Style::Scaffold, Kind::Status) => Some(
            vocab
                .default_status()
                .map(|s| s.key())
                .ok_or_else(|| format!("one of {}", plain_list(vocab.status_keys()))),
        ),
        _ => None,
    };
    match own {
        Some(Ok(key)) => {
            let _ = writeln!(out, "{}: {key}", field.key);
            return;
        }
        Some(Err(comment)) => {
            blank(out, field.key, &comment);
            return;
        }
        None => {}
    }
    match (style, field.scaffold) {
        (Style::Scaffold, Scaffold::Blank(comment)) => blank(out, field.key, comment),
        (Style::Scaffold, Scaffold::Value(yaml)) => {
            let _ = writeln!(out, "{}: {yaml}", field.key);
        }
        (Style::Known, _) if field.kind == Kind::People => people(out, field.key, &[]),
        _ => {}
    }
}

/// A recommendation file: every front-matter key of the field table, in its order, then the
/// body.
pub fn recommendation(r: &RecSpec, style: Style, config: &Config) -> String {
    let mut out = String::from("---\n");
    for field in config.fields.iter().filter(|f| f.in_front_matter()) {
        // A tracker that records no decisions has no `decision` key, and a field the site's
        // plan does not have (hidden in site.yaml) is written only when given.
        let hidden = field.shown == fields::Shown::Hidden && field.key != "draft";
        if hidden && r.get(field.key).is_none() {
            continue;
        }
        match r.get(field.key) {
            // An empty list is written as if not given.
            Some(Value::Updates(u)) if u.is_empty() => absent(&mut out, field, style, config),
            Some(v) => value(&mut out, field, v),
            None => absent(&mut out, field, style, config),
        }
    }
    out.push_str("---\n");
    body(&mut out, r.text(fields::body().key).unwrap_or(""));
    out
}

/// "a, b or c", as a YAML comment can say it.
fn plain_list<'a>(keys: impl Iterator<Item = &'a str>) -> String {
    crate::model::status::or_list(keys).replace('`', "")
}

/// A review's `_review.md`.
pub struct ReviewSpec {
    pub title: String,
    pub committee: Option<String>,
    pub date: Option<PartialDate>,
    pub reported_to: Option<String>,
    pub summary: Option<String>,
    pub introduction: String,
}

pub fn review(r: &ReviewSpec) -> String {
    let mut out = String::from("---\n");
    let _ = writeln!(out, "title: {}", scalar(&r.title));
    let s = Style::Scaffold;
    optional(
        &mut out,
        s,
        "committee",
        r.committee.clone(),
        "e.g. Overview and Scrutiny Committee",
    );
    optional(
        &mut out,
        s,
        "date",
        r.date.map(|d| d.to_string()),
        "when the recommendations were issued: YYYY-MM-DD, YYYY-MM or YYYY",
    );
    optional(
        &mut out,
        s,
        "reported_to",
        r.reported_to.clone(),
        "e.g. Cabinet",
    );
    optional(
        &mut out,
        s,
        "summary",
        r.summary.clone(),
        "one sentence for lists, feeds and search results",
    );
    out.push_str("---\n");
    body(&mut out, &r.introduction);
    out
}

/// A theme file.
pub struct ThemeSpec {
    pub title: String,
    pub outcome: Option<String>,
    pub order: Option<i64>,
    pub description: String,
}

pub fn theme(t: &ThemeSpec) -> String {
    let mut out = String::from("---\n");
    let _ = writeln!(out, "title: {}", scalar(&t.title));
    optional(
        &mut out,
        Style::Scaffold,
        "outcome",
        t.outcome.clone(),
        "the intended overall outcome, as the plan words it",
    );
    match t.order {
        Some(o) => {
            let _ = writeln!(out, "order: {o}");
        }
        None => optional(
            &mut out,
            Style::Scaffold,
            "order",
            None,
            "position among the review's themes, lowest first",
        ),
    }
    out.push_str("---\n");
    body(&mut out, &t.description);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{document, source::Source};
    use crate::validate::content;
    use std::path::PathBuf;

    fn spec() -> RecSpec {
        let t = |s: &str| Value::Text(s.into());
        RecSpec::default()
            .with("number", t("3.2"))
            .with("title", t("Safety: the review"))
            .with(
                "recommendation",
                t("That Kent Police be requested to:\n\na. Promote\n"),
            )
            .with(
                "cabinet_members",
                Value::Names(vec![
                    "Cabinet Member for Communities, Leisure and Arts".into()
                ]),
            )
            .with("lead_officers", Value::Names(vec![]))
            .with("financial_impact", t("None"))
            .with("decision", Value::Decision(Decision::ACCEPTED))
            .with("status", Value::Status(Status::IN_PROGRESS))
            .with("due", Value::Date(PartialDate::parse("2024-06").unwrap()))
            .with("timetable", t("By end of June: \"maybe\""))
            .with(
                "updates",
                Value::Updates(vec![UpdateSpec {
                    date: PartialDate::parse("2024-01-02").unwrap(),
                    status: Some(Status::COMPLETED),
                    due: None,
                    note: "Done # really".into(),
                    links: vec![("Minutes: 2 Jan".into(), "https://example.org/?a=b#c".into())],
                }]),
            )
            .with("response", t("The answer.\n\n---\n\nMore."))
    }

    #[test]
    fn written_recommendations_validate_and_read_back() {
        for style in [Style::Scaffold, Style::Known] {
            let text = recommendation(&spec(), style, &Config::default());
            let doc = document::parse(
                Source {
                    file: PathBuf::from("r.md"),
                    text: text.clone(),
                },
                "recommendation",
            )
            .unwrap();
            let (draft, diags) = content::recommendation(&doc, &crate::model::Config::default());
            assert!(diags.is_empty(), "{text}\n{diags:?}");
            assert_eq!(draft.number.unwrap().text, "3.2");
            assert_eq!(draft.title, "Safety: the review");
            assert_eq!(
                draft.recommendation.0,
                "That Kent Police be requested to:\n\na. Promote\n"
            );
            assert_eq!(
                draft.timetable.as_deref(),
                Some("By end of June: \"maybe\"")
            );
            assert_eq!(draft.updates[0].0.note.0, "Done # really\n");
            assert_eq!(
                draft.updates[0].0.links[0].url,
                "https://example.org/?a=b#c"
            );
            assert_eq!(doc.body, "The answer.\n\n---\n\nMore.\n");
        }
    }
}
