//! What `import --dry-run` prints before the files: which column fills which field, the
//! columns left unmapped, and every value that was not taken as it stands.

use super::cells;
use super::columns::Target;
use super::csvread::Table;
use super::rows::{Note, RowData};
use std::fmt::Write as _;
use std::path::Path;

/// One column of the CSV as the import reads it.
pub struct Column<'a> {
    pub header: &'a str,
    pub target: Option<Target>,
    /// No row has a value in it.
    pub empty: bool,
}

/// The mapping and the values not taken as they stand, as aligned text.
pub fn report(
    file: &str,
    columns: &[Column],
    notes: &[Note],
    as_of: Option<crate::model::PartialDate>,
) -> String {
    let mut out = format!("Columns of {file}:\n");
    let width = columns
        .iter()
        .map(|c| c.header.chars().count())
        .max()
        .unwrap_or(0);
    for c in columns {
        let _ = writeln!(out, "  {:<width$}  → {}", c.header, what(c, as_of));
    }
    let unmapped: Vec<&str> = columns
        .iter()
        .filter(|c| c.target.is_none() && !c.empty)
        .map(|c| c.header)
        .collect();
    if !unmapped.is_empty() {
        let skips: Vec<String> = unmapped
            .iter()
            .map(|h| format!("--skip {}", quoted(h)))
            .collect();
        let _ = writeln!(
            out,
            "Unmapped: {} (map with --column KEY=HEADER, or leave out with {})",
            unmapped.join(", "),
            skips.join(" ")
        );
    }
    out.push_str(&values(notes));
    out
}

/// What the dry run says a column does; a progress column's date as a date, whether it came
/// from --as-of or the column's heading ("Progress (Jan 2025)").
fn what(c: &Column, as_of: Option<crate::model::PartialDate>) -> String {
    match (&c.target, as_of) {
        _ if c.empty => "empty: nothing to import".into(),
        (Some(Target::Progress), Some(d)) => format!("an update dated {d}"),
        (Some(t), _) => t.describe(),
        (None, _) => format!(
            "not mapped: kept in the response under \"### {}\"",
            c.header
        ),
    }
}

/// A header as typed on a command line.
fn quoted(h: &str) -> String {
    if h.chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
    {
        h.to_string()
    } else {
        format!("\"{h}\"")
    }
}

/// The table of values not taken as they stand.
fn values(notes: &[Note]) -> String {
    if notes.is_empty() {
        return "Every value was understood.\n".into();
    }
    let rows: Vec<[String; 4]> = notes
        .iter()
        .map(|n| {
            [
                n.line.to_string(),
                n.column.clone(),
                short(&n.value),
                n.did.clone(),
            ]
        })
        .collect();
    let head = ["line", "column", "value", "what was done instead"];
    let w = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain(std::iter::once(head[i].len()))
            .max()
            .unwrap_or(0)
    };
    let (w0, w1, w2) = (w(0), w(1), w(2));
    let mut out = String::from("Values not taken as they stand:\n");
    for r in std::iter::once(head.map(str::to_string)).chain(rows) {
        let _ = writeln!(
            out,
            "  {:<w0$}  {:<w1$}  {:<w2$}  {}",
            r[0], r[1], r[2], r[3]
        );
    }
    out
}

/// A value on one line, at most 32 characters.
fn short(value: &str) -> String {
    let one_line = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= 32 {
        return one_line;
    }
    let cut: String = one_line.chars().take(31).collect();
    format!("{}…", cut.trim_end())
}

/// The dry run's table: each column's target and the values not taken as they stand.
pub fn mapping(
    csv: &Path,
    table: &Table,
    fields: &[Option<Target>],
    data: &[RowData],
    as_of: Option<crate::model::PartialDate>,
) -> String {
    let cols: Vec<Column> = table
        .headers
        .iter()
        .zip(fields)
        .enumerate()
        .map(|(i, (header, target))| Column {
            header,
            target: *target,
            empty: table
                .rows
                .iter()
                .all(|r| r.cells.get(i).is_none_or(|c| cells::is_blank(c))),
        })
        .collect();
    let notes: Vec<Note> = data.iter().flat_map(|r| r.notes.clone()).collect();
    let name = csv.file_name().map_or_else(
        || csv.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    report(&name, &cols, &notes, as_of) + "\n"
}

/// After a real import: the columns kept in the responses under their headings, if any.
pub fn unmapped_note(table: &Table, fields: &[Option<Target>]) -> Option<String> {
    let unmapped: Vec<&str> = table
        .headers
        .iter()
        .zip(fields)
        .enumerate()
        .filter(|(i, (_, t))| {
            t.is_none()
                && table
                    .rows
                    .iter()
                    .any(|r| r.cells.get(*i).is_some_and(|c| !cells::is_blank(c)))
        })
        .map(|(_, (h, _))| h.as_str())
        .collect();
    (!unmapped.is_empty()).then(|| {
        format!(
            "Not mapped, kept in the responses under their headings: {} (leave a column out with --skip COLUMN)",
            unmapped.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_lists_columns_unmapped_and_values() {
        let columns = [
            Column {
                header: "Recommendation",
                target: crate::model::fields::get("recommendation").map(Target::Field),
                empty: false,
            },
            Column {
                header: "Priority level",
                target: None,
                empty: false,
            },
            Column {
                header: "Column 8",
                target: None,
                empty: true,
            },
        ];
        let notes = [Note {
            line: 3,
            column: "Agreed".into(),
            value: "Noted".into(),
            did: "kept".into(),
        }];
        let text = report("plan.csv", &columns, &notes, None);
        assert_eq!(
            text,
            "Columns of plan.csv:\n  \
             Recommendation  → recommendation\n  \
             Priority level  → not mapped: kept in the response under \"### Priority level\"\n  \
             Column 8        → empty: nothing to import\n\
             Unmapped: Priority level (map with --column KEY=HEADER, or leave out with --skip \"Priority level\")\n\
             Values not taken as they stand:\n  \
             line  column  value  what was done instead\n  \
             3     Agreed  Noted  kept\n"
        );
    }
}
