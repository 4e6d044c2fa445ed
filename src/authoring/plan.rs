//! What the CSV's columns hold, checked before any row is read: a column of recommendations,
//! and the date of a progress column (`--as-of`).

use super::columns::Target;
use super::csvread::Table;
use super::{arg_error, one};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::model::PartialDate;
use jiff::civil::Date;
use std::path::Path;

/// An import needs a column of recommendations; without one, say which columns there are.
pub fn needs_recommendations(
    csv: &Path,
    table: &Table,
    fields: &[Option<Target>],
) -> Result<(), Diagnostics> {
    let holds_recommendations = fields
        .iter()
        .any(|t| matches!(t, Some(Target::Field(f)) if f.key == "recommendation"));
    if holds_recommendations {
        return Ok(());
    }
    let cols = table
        .headers
        .iter()
        .map(|h| format!("`{h}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Err(one(Diagnostic::error(
        csv,
        Position::new(1, 1),
        "no column holds the recommendations",
    )
    .with_source(&table.text)
    .with_hint(format!(
        "the columns are {cols}; name the right one with --column recommendation=\"Header\""
    ))))
}

/// The date a progress heading's note gives: "Jan 2025", "as at 31/01/2025", "January 2025
/// update".
fn heading_date(note: &str) -> Option<PartialDate> {
    let lower = note.to_lowercase();
    let mut t = lower.as_str();
    for prefix in ["as at ", "as of ", "at ", "update "] {
        t = t.strip_prefix(prefix).unwrap_or(t);
    }
    let t = t.strip_suffix(" update").unwrap_or(t);
    crate::model::date::as_written(t)
}

/// `--as-of`: required when a column holds progress (its text becomes an update, and an
/// update needs the date it was true on), never after today.
pub fn as_of(
    given: Option<&str>,
    today: Date,
    table: &Table,
    fields: &[Option<Target>],
) -> Result<Option<PartialDate>, Diagnostics> {
    let progress = table
        .headers
        .iter()
        .zip(fields)
        .find(|(_, t)| **t == Some(Target::Progress))
        .map(|(h, _)| h);
    // "Progress update (Jan 2025)": the heading dates its column.
    let headed = progress
        .and_then(|h| super::columns::bracketed(h))
        .and_then(|(_, note)| heading_date(note));
    let args_given = given.is_some();
    let Some(given) = given
        .map(str::to_string)
        .or_else(|| headed.map(|d| d.to_string()))
    else {
        return match progress {
            None => Ok(None),
            Some(h) => Err(one(arg_error(
                format!("the column `{h}` holds progress, which becomes an update dated --as-of, and --as-of is not given"),
                format!("add --as-of YYYY-MM-DD, the date the plan's progress was reported (so old progress never looks fresh), or leave the column out with --skip \"{h}\""),
            ))),
        };
    };
    let date = PartialDate::parse(&given).map_err(|e| {
        one(arg_error(
            format!("invalid date for --as-of: {e}"),
            "write the date the progress was reported, YYYY-MM-DD, YYYY-MM or YYYY, e.g. --as-of 2025-06-30",
        ))
    })?;
    if date.start() > today {
        // Said of what gave the date: the flag, or the column's heading.
        let from = match (args_given, progress) {
            (false, Some(h)) => format!("the date in the heading `{h}`, {date},"),
            _ => format!("--as-of {date}"),
        };
        return Err(one(arg_error(
            format!("{from} is after today ({today})"),
            "give the date the plan's progress was reported, which has passed (--as-of DATE)",
        )));
    }
    if progress.is_none() {
        return Err(one(arg_error(
            "--as-of dates the plan's progress column, but no column holds progress",
            "leave out --as-of, or name the progress column with --column progress=\"Header\"",
        )));
    }
    Ok(Some(date))
}
