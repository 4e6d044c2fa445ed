//! One CSV row → one recommendation. Nothing in a cell is dropped: what cannot be mapped to a
//! field goes into the response under a heading named after its column.

use super::cells;
use super::columns::Target;
use super::csvread::Row;
use super::emit::{RecSpec, UpdateSpec, Value};
use super::people;
use crate::diagnostics::{Diagnostic, Lines, Position};
use crate::model::fields::{self, Field, Kind};
use crate::model::status::or_list;
use crate::model::{Decision, PartialDate, Status, Vocabulary};
use std::path::Path;

/// What `import` writes for a decision the CSV does not give or that is not understood.
pub const DECISION: Decision = Decision::NOT_RECORDED;

/// What `import` writes for a status the CSV does not give or that is not understood: the
/// site's default status.
fn default_status(vocab: &Vocabulary) -> &'static str {
    vocab.default_status().map_or("", Status::key)
}

/// What one row says, before numbers and themes are settled across the file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowData {
    pub line: usize,
    pub review: Option<String>,
    pub review_title: Option<String>,
    pub theme_outcome: Option<String>,
    /// The fields' values, by key; the theme as the CSV names it.
    pub values: RecSpec,
    /// Warnings (a value that was not understood) and errors (a row that cannot be imported).
    pub diagnostics: Vec<Diagnostic>,
    /// Every value that was not taken as it stands, and what was done instead (for the dry run).
    pub notes: Vec<Note>,
}

/// A value `import` could not map as it stands: where it is, and what was done instead.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub line: usize,
    pub column: String,
    pub value: String,
    pub did: String,
}

impl RowData {
    /// The value of a text field.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.values.text(key)
    }

    fn note(&mut self, column: &str, value: &str, did: String) {
        self.notes.push(Note {
            line: self.line,
            column: column.to_string(),
            value: value.trim().to_string(),
            did,
        });
    }
}

/// Where the row is: the CSV file and its lines, for showing the row's.
pub struct Context<'a> {
    pub file: &'a Path,
    pub lines: &'a Lines<'a>,
    pub headers: &'a [String],
    pub fields: &'a [Option<Target>],
    /// Scrutiny's own export: people are split on `;` only.
    pub export: bool,
    /// The date of the plan's progress column (`--as-of`), which dates its updates.
    pub as_of: Option<PartialDate>,
    /// The site's statuses and decisions, which cells are read into.
    pub vocab: &'a Vocabulary,
}

impl Context<'_> {
    /// The header of the column that fills `key` (for notes), else the key.
    fn header_of(&self, key: &str) -> String {
        self.headers
            .iter()
            .zip(self.fields)
            .find(|(_, t)| matches!(t, Some(Target::Field(f)) if f.key == key))
            .map_or_else(|| key.to_string(), |(h, _)| h.clone())
    }

    /// Whether a column holds the decision (then a response's opening words never set it).
    fn has_decision_column(&self) -> bool {
        self.fields
            .iter()
            .any(|t| matches!(t, Some(Target::Field(f)) if f.kind == Kind::Decision))
    }
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A cell that is not understood, with what to tell the user.
struct NotUnderstood {
    what: &'static str,
    hint: String,
}

/// A cell read as the kind of its field says; `Ok(None)` when it holds nothing.
fn cell(cx: &Context, field: &Field, value: &str) -> Result<Option<Value>, NotUnderstood> {
    let text = |t: &str| Value::Text(t.to_string());
    // Markdown keeps its inner lines as they are: only blank lines around it go.
    let markdown = || text(value.trim_end().trim_start_matches(['\n', '\r']));
    Ok(Some(match field.kind {
        Kind::Number => return Ok(non_empty(&cells::number_label(value)).map(Value::Text)),
        Kind::Text | Kind::Theme | Kind::Numeric | Kind::Link | Kind::Choice(_) => {
            return Ok(non_empty(value).map(Value::Text))
        }
        Kind::Aliases => Value::Names(people::split(value, cx.export)),
        Kind::Markdown | Kind::Body => markdown(),
        Kind::People => Value::Names(people::split(value, cx.export)),
        Kind::Decision => Value::Decision(cells::decision_word(value, cx.vocab).ok_or_else(
            || NotUnderstood {
                what: "the decision",
                hint: format!(
                    "valid decisions are {}; the file says `{}`",
                    or_list(cx.vocab.decision_keys()),
                    DECISION.key()
                ),
            },
        )?),
        Kind::Status => {
            Value::Status(
                cells::status_word(value, cx.vocab).ok_or_else(|| NotUnderstood {
                    what: "the status",
                    hint: format!(
                        "valid statuses are {}; the file says `{}`",
                        or_list(cx.vocab.status_keys()),
                        cx.vocab
                            .default_status()
                            .map_or("(none: give one)", Status::key)
                    ),
                })?,
            )
        }
        Kind::Date => {
            Value::Date(
                cells::timetable_date(value).ok_or_else(|| NotUnderstood {
                    what: "the date",
                    hint: "dates are written YYYY-MM-DD, YYYY-MM or YYYY, or like \"October 2023\""
                        .into(),
                })?,
            )
        }
        Kind::Flag => Value::Flag(cells::yes_no(value).ok_or_else(|| NotUnderstood {
            what: "the value",
            hint: "write yes or no".into(),
        })?),
        // A JSON list, which `read` reads with its own error.
        Kind::Updates => return Ok(None),
    }))
}

/// The cells of a row that go into the response: unmapped columns under their heading, and
/// the text of a decision read from its opening words.
#[derive(Default)]
struct Kept<'a> {
    under_heading: Vec<(&'a str, &'a str)>,
    decision_text: Option<&'a str>,
    progress: Option<&'a str>,
}

/// Read one row.
pub fn read(cx: &Context, row: &Row) -> RowData {
    let mut r = RowData {
        line: row.line,
        ..Default::default()
    };
    let mut kept = Kept::default();
    for ((header, target), value) in cx.headers.iter().zip(cx.fields).zip(&row.cells) {
        if cells::is_blank(value) {
            continue;
        }
        match target {
            None => kept.under_heading.push((header, value)),
            Some(Target::Field(f)) => read_field(cx, &mut r, &mut kept, (header, f), value),
            Some(Target::Review) => r.review = non_empty(value),
            Some(Target::ReviewTitle) => r.review_title = non_empty(value),
            Some(Target::ThemeOutcome) => r.theme_outcome = non_empty(value),
            Some(Target::Progress) => kept.progress = Some(value),
            Some(Target::Derived | Target::Skipped) => {}
        }
    }
    settle(cx, &mut r, kept);
    r
}

/// One mapped cell: its value, or (not understood) a warning, a note and the cell kept.
fn read_field<'a>(
    cx: &Context,
    r: &mut RowData,
    kept: &mut Kept<'a>,
    (header, field): (&'a str, &'static Field),
    value: &'a str,
) {
    let pos = Position::new(r.line, 1);
    if field.kind == Kind::Updates {
        match updates(value, cx.vocab) {
            Ok(u) => r.values.set(field.key, Value::Updates(u)),
            Err(e) => r.diagnostics.push(
                Diagnostic::error(cx.file, pos, format!("the updates in column `{header}` cannot be read: {e}"))
                    .with_line_of(cx.lines)
                    .with_hint("this column holds the updates as scrutiny exports them (a JSON list); map another column with --column"),
            ),
        }
        return;
    }
    match cell(cx, field, value) {
        Ok(Some(v)) => r.values.set(field.key, v),
        Ok(None) => {}
        Err(_) if field.kind == Kind::Decision && opening_decision(cx, r, header, value, false) => {
            kept.decision_text = Some(value);
        }
        Err(NotUnderstood { what, hint }) => {
            r.diagnostics.push(
                Diagnostic::warning(cx.file, pos, format!("{what} `{}` in column `{header}` is not understood; it is kept in the response", value.trim()))
                    .with_line_of(cx.lines)
                    .with_hint(hint),
            );
            let default = match field.kind {
                Kind::Decision => format!("; decision `{}`", DECISION.key()),
                Kind::Status => format!("; status `{}`", default_status(cx.vocab)),
                _ => String::new(),
            };
            r.note(
                header,
                value,
                format!("not understood: kept in the response under \"### {header}\"{default}"),
            );
            kept.under_heading.push((header, value));
        }
    }
}

/// A decision read from a text's opening words ("Agreed. A review will …"): set, with a note.
/// In a decision column a bare "Yes" or "No" counts; in a response (read only when no column
/// holds the decision), the dry run says where the decision came from.
fn opening_decision(
    cx: &Context,
    r: &mut RowData,
    header: &str,
    text: &str,
    in_response: bool,
) -> bool {
    let Some((decision, words)) = cells::leading_decision(text, !in_response, cx.vocab) else {
        return false;
    };
    r.values.set("decision", Value::Decision(decision));
    let why = if in_response {
        "no decision column is mapped, so the "
    } else {
        ""
    };
    r.note(
        header,
        text,
        format!(
            "{why}decision `{}` is read from the opening words \"{words}\"; the text stays in the response",
            decision.key()
        ),
    );
    true
}

/// What a row says once every cell is read: the target date and status a timetable gives, a
/// decision a response opens with (when no column gives one), the progress as an update, and
/// the response with everything kept.
fn settle(cx: &Context, r: &mut RowData, kept: Kept) {
    let timetable = r.text("timetable").map(str::to_string);
    if let Some(t) = &timetable {
        timetable_facts(cx, r, &cx.header_of("timetable"), t);
    }
    let body = fields::body().key;
    let response = r.text(body).map(str::to_string);
    if let (Some(text), false) = (&response, cx.has_decision_column()) {
        if r.values.get("decision").is_none() {
            opening_decision(cx, r, &cx.header_of(body), text, true);
        }
    }
    if let (Some(text), Some(date)) = (kept.progress, cx.as_of) {
        progress_update(cx, r, text, date);
    }
    if r.text("recommendation").is_none_or(|t| t.trim().is_empty()) {
        r.diagnostics.push(
            Diagnostic::error(cx.file, Position::new(r.line, 1), "this row has no recommendation text")
                .with_line_of(cx.lines)
                .with_hint("fill in the recommendation, delete the row, or map the right column with --column recommendation=Header"),
        );
    }
    let mut text = response.unwrap_or_default();
    if let Some(d) = kept.decision_text {
        text = if text.trim().is_empty() {
            d.trim().to_string()
        } else {
            format!("{}\n\n{}", d.trim(), text.trim_start())
        };
    }
    let text = with_extras(&text, &kept.under_heading);
    if text.is_empty() {
        r.values.remove(body);
    } else {
        r.values.set(body, Value::Text(text));
    }
}

/// A timetable that is a date is the target date (unless a column gives one); one that says
/// where the work stands ("Completed", "On-going") is the status (unless a column gives one).
fn timetable_facts(cx: &Context, r: &mut RowData, header: &str, timetable: &str) {
    if r.values.get("due").is_none() {
        if let Some(due) = cells::timetable_date(timetable) {
            r.values.set("due", Value::Date(due));
        }
    }
    if let (Some(s), None) = (
        cells::status_word(timetable, cx.vocab),
        r.values.get("status"),
    ) {
        r.values.set("status", Value::Status(s));
        r.note(
            header,
            timetable,
            format!(
                "also read as status `{}`; the timetable is kept as written",
                s.key()
            ),
        );
    }
}

/// The progress column's text as an update dated `date`, with the row's status (or the
/// status the text names, which then becomes the row's).
fn progress_update(cx: &Context, r: &mut RowData, text: &str, date: PartialDate) {
    let status = match r.values.get("status") {
        Some(Value::Status(s)) => Some(*s),
        _ => cells::status_word(text, cx.vocab),
    };
    if let (Some(s), None) = (status, r.values.get("status")) {
        r.values.set("status", Value::Status(s));
    }
    let mut list = match r.values.remove(fields::UPDATES) {
        Some(Value::Updates(u)) => u,
        _ => Vec::new(),
    };
    // A cell that is only the status's own label ("Not proceeding") says nothing the status
    // change does not: the update records the change without repeating it as its note. (A
    // plan's own word, "Actioned", is kept: it is how the plan put it.)
    let note = match status {
        Some(s) if cells::is_status_label(text, s, cx.vocab) => String::new(),
        _ => text.trim().to_string(),
    };
    list.push(UpdateSpec {
        date,
        status,
        due: None,
        note,
        links: Vec::new(),
    });
    r.values.set(fields::UPDATES, Value::Updates(list));
}

/// The response followed by each unmapped cell under `### <Header>`.
fn with_extras(response: &str, extras: &[(&str, &str)]) -> String {
    let mut out = response.trim_end().to_string();
    for (header, value) in extras {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&format!("### {}\n\n{}", header.trim(), value.trim()));
    }
    out
}

#[derive(serde::Deserialize)]
struct JsonUpdate {
    date: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    due: Option<String>,
    #[serde(default)]
    note: String,
    #[serde(default)]
    links: Vec<JsonLink>,
}

#[derive(serde::Deserialize)]
struct JsonLink {
    #[serde(default)]
    title: String,
    url: String,
}

/// The `Updates` column of scrutiny's export: a JSON list of updates.
fn updates(cell: &str, vocab: &Vocabulary) -> Result<Vec<UpdateSpec>, String> {
    let list: Vec<JsonUpdate> = serde_json::from_str(cell.trim()).map_err(|e| e.to_string())?;
    list.into_iter()
        .map(|u| {
            let date = PartialDate::parse(&u.date)?;
            let status = match u.status.as_deref() {
                Some(s) => Some(
                    vocab
                        .parse_status(s)
                        .ok_or_else(|| format!("unknown status `{s}`"))?,
                ),
                None => None,
            };
            let due = u.due.as_deref().map(PartialDate::parse).transpose()?;
            let links = u
                .links
                .into_iter()
                .map(|l| {
                    (
                        if l.title.is_empty() {
                            l.url.clone()
                        } else {
                            l.title
                        },
                        l.url,
                    )
                })
                .collect();
            Ok(UpdateSpec {
                date,
                status,
                due,
                note: u.note,
                links,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(headers: &[&str], cells: &[&str]) -> RowData {
        let headers: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
        let fields: Vec<Option<Target>> = headers
            .iter()
            .map(|h| super::super::columns::field_of(h))
            .collect();
        let cx = Context {
            file: Path::new("p.csv"),
            lines: &Lines::new(""),
            headers: &headers,
            fields: &fields,
            export: false,
            vocab: &Vocabulary::default(),
            as_of: PartialDate::parse("2025-06-30").ok(),
        };
        read(
            &cx,
            &Row {
                line: 2,
                cells: cells.iter().map(|s| s.to_string()).collect(),
            },
        )
    }

    #[test]
    fn unknown_columns_and_values_are_kept_in_the_response() {
        let r = row(
            &["Recommendation", "Response", "Notes", "Status"],
            &["Do it", "We will.", "Ask Jo", "Sort of"],
        );
        assert_eq!(
            r.text("response"),
            Some("We will.\n\n### Notes\n\nAsk Jo\n\n### Status\n\nSort of")
        );
        assert_eq!(r.values.get("status"), None);
        assert_eq!(r.diagnostics.len(), 1);
        assert!(!r.diagnostics[0].is_error());
    }

    #[test]
    fn a_timetable_that_is_a_date_fills_due() {
        let r = row(&["Recommendation", "Timetable"], &["Do it", "October 2023"]);
        assert_eq!(
            r.values.get("due"),
            Some(&Value::Date(PartialDate::parse("2023-10").unwrap()))
        );
        assert_eq!(r.text("timetable"), Some("October 2023"));
        let r = row(
            &["Recommendation", "Timetable"],
            &["Do it", "Throughout June"],
        );
        assert_eq!(r.values.get("due"), None);
    }

    #[test]
    fn a_row_without_recommendation_is_an_error() {
        let r = row(&["Recommendation", "Response"], &["", "x"]);
        assert!(r
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.position.line == 2));
    }

    #[test]
    fn exported_updates_are_read_back() {
        let cell = r#"[{"date":"2024-01-02","status":"completed","due":null,"note":"Done","links":[{"title":"M","url":"https://x.org"}]}]"#;
        let r = row(&["Recommendation", "Updates"], &["Do it", cell]);
        let Some(Value::Updates(u)) = r.values.get("updates") else {
            panic!("no updates: {r:?}");
        };
        assert_eq!(u.len(), 1);
        assert_eq!(u[0].status, Some(Status::COMPLETED));
        let r = row(
            &["Recommendation", "Updates"],
            &["Do it", "[{\"date\":\"June\"}]"],
        );
        assert!(r.diagnostics.iter().any(Diagnostic::is_error));
    }
}
