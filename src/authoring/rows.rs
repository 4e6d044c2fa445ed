//! One CSV row → one recommendation. Nothing in a cell is dropped: what cannot be mapped to a
//! field goes into the response under a heading named after its column.

use super::cells;
use super::columns::Target;
use super::csvread::Row;
use super::emit::{RecSpec, UpdateSpec, Value};
use super::people;
use crate::diagnostics::{Diagnostic, Lines, Position};
use crate::model::fields::{self, Field, Kind};
use crate::model::{Decision, PartialDate, Status, Vocabulary};
use std::path::Path;

/// What `import` writes for a decision the CSV does not give or that is not understood.
pub const DECISION: Decision = Decision::NOT_RECORDED;
/// What `import` writes for a status the CSV does not give or that is not understood.
pub const STATUS: Status = Status::NOT_STARTED;

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
}

impl RowData {
    /// The value of a text field.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.values.text(key)
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
        Kind::Number => return Ok(non_empty(value.trim().trim_end_matches('.')).map(Value::Text)),
        Kind::Text | Kind::Theme | Kind::Numeric | Kind::Link | Kind::Choice(_) => {
            return Ok(non_empty(value).map(Value::Text))
        }
        Kind::Aliases => Value::Names(people::split(value, cx.export)),
        Kind::Markdown | Kind::Body => markdown(),
        Kind::People => Value::Names(people::split(value, cx.export)),
        Kind::Decision => Value::Decision(cells::decision(value).ok_or_else(|| NotUnderstood {
            what: "the decision",
            hint: format!(
                "valid decisions are {}; the file says `{}`",
                crate::model::status::or_list(Vocabulary::default().decision_keys()),
                DECISION.key()
            ),
        })?),
        Kind::Status => Value::Status(cells::status(value).ok_or_else(|| NotUnderstood {
            what: "the status",
            hint: format!(
                "valid statuses are {}; the file says `{}`",
                crate::model::status::or_list(Vocabulary::default().status_keys()),
                STATUS.key()
            ),
        })?),
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

/// Read one row.
pub fn read(cx: &Context, row: &Row) -> RowData {
    let mut r = RowData {
        line: row.line,
        ..Default::default()
    };
    let mut extras: Vec<(&str, &str)> = Vec::new();
    let pos = Position::new(row.line, 1);
    for ((header, target), cell_text) in cx.headers.iter().zip(cx.fields).zip(&row.cells) {
        let value = cell_text.as_str();
        if value.trim().is_empty() {
            continue;
        }
        let field = match target {
            None => {
                extras.push((header, value));
                continue;
            }
            Some(Target::Derived) => continue,
            Some(Target::Review) => {
                r.review = non_empty(value);
                continue;
            }
            Some(Target::ReviewTitle) => {
                r.review_title = non_empty(value);
                continue;
            }
            Some(Target::ThemeOutcome) => {
                r.theme_outcome = non_empty(value);
                continue;
            }
            Some(Target::Field(f)) => *f,
        };
        if field.kind == Kind::Updates {
            match updates(value) {
                Ok(u) => r.values.set(field.key, Value::Updates(u)),
                Err(e) => r.diagnostics.push(
                    Diagnostic::error(cx.file, pos, format!("the updates in column `{header}` cannot be read: {e}"))
                        .with_line_of(cx.lines)
                        .with_hint("this column holds the updates as scrutiny exports them (a JSON list); map another column with --column"),
                ),
            }
            continue;
        }
        match cell(cx, field, value) {
            Ok(Some(v)) => r.values.set(field.key, v),
            Ok(None) => {}
            Err(NotUnderstood { what, hint }) => {
                r.diagnostics.push(
                    Diagnostic::warning(cx.file, pos, format!("{what} `{}` in column `{header}` is not understood; it is kept in the response", value.trim()))
                        .with_line_of(cx.lines)
                        .with_hint(hint),
                );
                extras.push((header, value));
            }
        }
    }
    // A timetable that is a date is the target date, unless a column gives one.
    if r.values.get("due").is_none() {
        if let Some(due) = r.text("timetable").and_then(cells::timetable_date) {
            r.values.set("due", Value::Date(due));
        }
    }
    if r.text("recommendation").is_none_or(|t| t.trim().is_empty()) {
        r.diagnostics.push(
            Diagnostic::error(cx.file, pos, "this row has no recommendation text")
                .with_line_of(cx.lines)
                .with_hint("fill in the recommendation, delete the row, or map the right column with --column recommendation=Header"),
        );
    }
    let body = fields::body().key;
    let response = with_extras(r.text(body).unwrap_or(""), &extras);
    if response.is_empty() {
        r.values.remove(body);
    } else {
        r.values.set(body, Value::Text(response));
    }
    r
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
fn updates(cell: &str) -> Result<Vec<UpdateSpec>, String> {
    let list: Vec<JsonUpdate> = serde_json::from_str(cell.trim()).map_err(|e| e.to_string())?;
    list.into_iter()
        .map(|u| {
            let date = PartialDate::parse(&u.date)?;
            let status = match u.status.as_deref() {
                Some(s) => Some(
                    Vocabulary::default()
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
