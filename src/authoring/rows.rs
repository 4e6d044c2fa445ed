//! One CSV row → one recommendation. Nothing in a cell is dropped: what cannot be mapped to a
//! field goes into the response under a heading named after its column.

use super::cells;
use super::columns::Field;
use super::csvread::Row;
use super::emit::UpdateSpec;
use super::people;
use crate::diagnostics::{Diagnostic, Lines, Position};
use crate::model::{Decision, PartialDate, Status};
use std::path::Path;

/// What one row says, before numbers and themes are settled across the file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowData {
    pub line: usize,
    pub review: Option<String>,
    pub review_title: Option<String>,
    pub number: Option<String>,
    pub title: Option<String>,
    pub recommendation: String,
    pub theme: Option<String>,
    pub theme_outcome: Option<String>,
    pub cabinet_members: Vec<String>,
    pub lead_officers: Vec<String>,
    pub financial_impact: Option<String>,
    pub decision: Option<Decision>,
    pub status: Option<Status>,
    pub due: Option<PartialDate>,
    pub timetable: Option<String>,
    pub updates: Vec<UpdateSpec>,
    pub response: String,
    /// Warnings (a value that was not understood) and errors (a row that cannot be imported).
    pub diagnostics: Vec<Diagnostic>,
}

/// Where the row is: the CSV file and its lines, for showing the row's.
pub struct Context<'a> {
    pub file: &'a Path,
    pub lines: &'a Lines<'a>,
    pub headers: &'a [String],
    pub fields: &'a [Option<Field>],
    /// Scrutiny's own export: people are split on `;` only.
    pub export: bool,
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Read one row.
pub fn read(cx: &Context, row: &Row) -> RowData {
    let mut r = RowData {
        line: row.line,
        ..Default::default()
    };
    let mut extras: Vec<(&str, &str)> = Vec::new();
    let mut timetable_due = None;
    let pos = Position::new(row.line, 1);
    let warn = |r: &mut RowData, header: &str, value: &str, what: &str, hint: String| {
        r.diagnostics.push(
            Diagnostic::warning(cx.file, pos, format!("{what} `{}` in column `{header}` is not understood; it is kept in the response", value.trim()))
                .with_line_of(cx.lines)
                .with_hint(hint),
        );
    };
    for ((header, field), cell) in cx.headers.iter().zip(cx.fields).zip(&row.cells) {
        let value = cell.as_str();
        if value.trim().is_empty() {
            continue;
        }
        match field {
            None => extras.push((header, value)),
            Some(Field::Derived) => {}
            Some(Field::Review) => r.review = non_empty(value),
            Some(Field::ReviewTitle) => r.review_title = non_empty(value),
            Some(Field::Number) => r.number = non_empty(value.trim().trim_end_matches('.')),
            Some(Field::Title) => r.title = non_empty(value),
            Some(Field::Recommendation) => r.recommendation = value.trim_end().trim_start_matches(['\n', '\r']).to_string(),
            Some(Field::Theme) => r.theme = non_empty(value),
            Some(Field::ThemeOutcome) => r.theme_outcome = non_empty(value),
            Some(Field::CabinetMembers) => r.cabinet_members = people::split(value, cx.export),
            Some(Field::LeadOfficers) => r.lead_officers = people::split(value, cx.export),
            Some(Field::FinancialImpact) => r.financial_impact = non_empty(value),
            Some(Field::Response) => r.response = value.trim_end().trim_start_matches(['\n', '\r']).to_string(),
            Some(Field::Decision) => match cells::decision(value) {
                Some(d) => r.decision = Some(d),
                None => {
                    warn(&mut r, header, value, "the decision", format!("valid decisions are {}; the file says `awaiting-response`", Decision::valid_list()));
                    extras.push((header, value));
                }
            },
            Some(Field::Status) => match cells::status(value) {
                Some(s) => r.status = Some(s),
                None => {
                    warn(&mut r, header, value, "the status", format!("valid statuses are {}; the file says `not-started`", Status::valid_list()));
                    extras.push((header, value));
                }
            },
            Some(Field::Due) => match cells::timetable_date(value) {
                Some(d) => r.due = Some(d),
                None => {
                    warn(&mut r, header, value, "the date", "dates are written YYYY-MM-DD, YYYY-MM or YYYY, or like \"October 2023\"".into());
                    extras.push((header, value));
                }
            },
            Some(Field::Timetable) => {
                r.timetable = non_empty(value);
                timetable_due = cells::timetable_date(value);
            }
            Some(Field::Updates) => match updates(value) {
                Ok(u) => r.updates = u,
                Err(e) => r.diagnostics.push(
                    Diagnostic::error(cx.file, pos, format!("the updates in column `{header}` cannot be read: {e}"))
                        .with_line_of(cx.lines)
                        .with_hint("this column holds the updates as scrutiny exports them (a JSON list); map another column with --column"),
                ),
            },
        }
    }
    if r.due.is_none() {
        r.due = timetable_due;
    }
    if r.recommendation.trim().is_empty() {
        r.diagnostics.push(
            Diagnostic::error(cx.file, pos, "this row has no recommendation text")
                .with_line_of(cx.lines)
                .with_hint("fill in the recommendation, delete the row, or map the right column with --column recommendation=Header"),
        );
    }
    r.response = with_extras(&r.response, &extras);
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
                Some(s) => Some(Status::parse(s).ok_or_else(|| format!("unknown status `{s}`"))?),
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
        let fields: Vec<Option<Field>> = headers
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
            r.response,
            "We will.\n\n### Notes\n\nAsk Jo\n\n### Status\n\nSort of"
        );
        assert_eq!(r.status, None);
        assert_eq!(r.diagnostics.len(), 1);
        assert!(!r.diagnostics[0].is_error());
    }

    #[test]
    fn a_timetable_that_is_a_date_fills_due() {
        let r = row(&["Recommendation", "Timetable"], &["Do it", "October 2023"]);
        assert_eq!(r.due.map(|d| d.to_string()).as_deref(), Some("2023-10"));
        assert_eq!(r.timetable.as_deref(), Some("October 2023"));
        let r = row(
            &["Recommendation", "Timetable"],
            &["Do it", "Throughout June"],
        );
        assert_eq!(r.due, None);
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
        assert_eq!(r.updates.len(), 1);
        assert_eq!(r.updates[0].status, Some(Status::Completed));
        let r = row(
            &["Recommendation", "Updates"],
            &["Do it", "[{\"date\":\"June\"}]"],
        );
        assert!(r.diagnostics.iter().any(Diagnostic::is_error));
    }
}
