//! What `scrutiny update`'s arguments describe: which recommendation, and the entry to
//! append (its date, status, revised target date, note and links) with, when the executive has
//! answered, the decision it records; every problem named with its flag and the fix.

use super::emit::UpdateSpec;
use super::{arg_error, given, one};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Decision, PartialDate, Vocabulary};
use crate::validate::content;
use jiff::civil::Date;
use std::io::Read as _;

/// The arguments of `scrutiny update`.
#[derive(Debug, Clone, Copy)]
pub struct Args<'a> {
    /// `<review>/<number>`
    pub target: &'a str,
    /// The note, or `-` for standard input.
    pub note: &'a str,
    pub status: Option<&'a str>,
    /// The executive's decision, recorded by this update (the `decision:` key follows it).
    pub decision: Option<&'a str>,
    pub due: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub date: Option<&'a str>,
    pub links: &'a [String],
    /// Allow a date before the review's or after today.
    pub allow_date: bool,
    /// Show the entry, write nothing.
    pub dry_run: bool,
    /// The file's fingerprint when it was shown to the person making the update (the
    /// preview's form): nothing is written if it has changed since.
    pub expect: Option<&'a str>,
}

pub fn read_stdin() -> Result<String, Diagnostics> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes).map_err(|e| {
        one(arg_error(
            format!("cannot read the note from standard input: {e}"),
            "pipe the note in, e.g. `scrutiny update r/4 --note - < note.md`",
        ))
    })?;
    String::from_utf8(bytes).map_err(|_| {
        one(arg_error(
            "the note on standard input is not valid UTF-8",
            "save the note as UTF-8 text",
        ))
    })
}

/// `safety-in-the-town-centre/4` → (`safety-in-the-town-centre`, `4`). A review folder has no
/// `/` in its name, so everything after the first is the number (`york/SR (25/26) 01`).
pub fn parse_target(target: &str) -> Result<(&str, &str), Diagnostics> {
    match target.split_once('/') {
        Some((r, n)) if !r.trim().is_empty() && !n.trim().is_empty() => Ok((r.trim(), n.trim())),
        _ => Err(one(arg_error(
            format!("`{target}` does not name a recommendation"),
            "write the review folder and the recommendation's number, e.g. `safety-in-the-town-centre/4`",
        ))),
    }
}

/// What an update records: the entry appended to `updates`, and the decision it sets.
#[derive(Debug, Clone)]
pub struct Entry {
    pub spec: UpdateSpec,
    pub decision: Option<Decision>,
}

/// The update entry the arguments describe, or every problem with them.
pub fn entry(
    today: Date,
    args: &Args,
    note: &str,
    vocab: &Vocabulary,
) -> Result<Entry, Diagnostics> {
    let mut errors = Diagnostics::new();
    let date = args
        .date
        .and_then(|d| kept(given::date_arg("--date", d), &mut errors))
        .unwrap_or_else(|| PartialDate::from_date(today));
    let due = args
        .due
        .and_then(|d| kept(given::date_arg("--due", d), &mut errors));
    let status = args
        .status
        .and_then(|s| kept(given::status_arg("--status", s, vocab), &mut errors));
    let decision = args
        .decision
        .and_then(|d| kept(given::decision_arg("--decision", d, vocab), &mut errors));
    let mut note = note
        .replace("\r\n", "\n")
        .trim_end()
        .trim_start_matches('\n')
        .to_string();
    if note.trim().is_empty() {
        errors.push(arg_error(
            "the note is empty",
            "say what happened, e.g. --note \"Published in the October edition.\"",
        ));
    }
    match (args.due, args.reason.map(str::trim)) {
        (Some(_), None) | (Some(_), Some("")) => errors.push(arg_error(
            "--due revises the target date, so it needs --reason",
            "add --reason \"why the date moved\"; it is recorded in the note, as the content format requires",
        )),
        (None, Some(_)) => errors.push(arg_error("--reason explains a revised target date, but there is no --due", "add --due YYYY-MM-DD, or leave out --reason")),
        (Some(_), Some(reason)) => note = format!("{note}\n\nTarget date revised: {reason}"),
        (None, None) => {}
    }
    // The decision is said in the entry too, so the timeline shows when it was given.
    if let Some(d) = decision {
        note = format!("{note}\n\nDecision: {}.", vocab.decision(d).label);
    }
    let links = args
        .links
        .iter()
        .filter_map(|l| link_arg(l, &mut errors))
        .collect();
    if errors.is_empty() {
        Ok(Entry {
            spec: UpdateSpec {
                date,
                status,
                due,
                note,
                links,
            },
            decision,
        })
    } else {
        Err(errors)
    }
}

/// The value, or none with its error recorded.
fn kept<T>(r: Result<T, Diagnostic>, errors: &mut Diagnostics) -> Option<T> {
    r.map_err(|e| errors.push(e)).ok()
}

/// `--link TITLE=URL`: the title and a safe address (its spaces written `%20`), or an error.
fn link_arg(l: &str, errors: &mut Diagnostics) -> Option<(String, String)> {
    match l.split_once('=') {
        Some((t, u))
            if !t.trim().is_empty() && content::is_safe_url(u.trim()) && !u.trim().is_empty() =>
        {
            Some((t.trim().to_string(), u.trim().replace(' ', "%20")))
        }
        Some((t, u)) if !t.trim().is_empty() && !u.trim().is_empty() => {
            errors.push(arg_error(
                format!("--link `{l}`: `{}` is not a web address this site can link to", u.trim()),
                "write an address starting with https://, http://, mailto: or / (an address on this site, e.g. /data/minutes.pdf)",
            ));
            None
        }
        _ => {
            errors.push(arg_error(
                format!("--link `{l}` is not TITLE=URL"),
                "write it like --link \"Cabinet minutes, 12 October=https://example.org/minutes.pdf\"",
            ));
            None
        }
    }
}

/// An update is dated within the review's life: not before the review's date, not after
/// today, unless `--allow-date` says the date is meant.
pub fn check_date(
    date: PartialDate,
    review: Option<PartialDate>,
    today: Date,
    allow: bool,
) -> Result<(), Diagnostics> {
    if allow {
        return Ok(());
    }
    if let Some(r) = review.filter(|r| date.end() < r.start()) {
        return Err(one(arg_error(
            format!("the update's date {date} is before the review's date ({r})"),
            "check --date; if the update really is older than the review, add --allow-date",
        )));
    }
    if date.start() > today {
        return Err(one(arg_error(
            format!("the update's date {date} is after today ({today})"),
            "an update records what has happened: check --date (or --today); to record it anyway, add --allow-date",
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_errors_are_all_reported() {
        let links = vec![
            "no equals sign".to_string(),
            "X=javascript:alert(1)".to_string(),
        ];
        let args = Args {
            target: "r/1",
            note: "",
            status: Some("done"),
            decision: Some("agreed"),
            due: Some("2024-13"),
            reason: None,
            date: Some("June"),
            links: &links,
            allow_date: false,
            dry_run: false,
            expect: None,
        };
        let err = entry(
            Date::constant(2024, 1, 1),
            &args,
            "",
            &Vocabulary::default(),
        )
        .unwrap_err();
        let text = err.render(false);
        for needle in [
            "unknown status `done`",
            "valid statuses are",
            "unknown decision `agreed`",
            "invalid date for --due",
            "invalid date for --date",
            "needs --reason",
            "the note is empty",
            "not TITLE=URL",
            "is not a web address this site can link to",
        ] {
            assert!(text.contains(needle), "{needle} missing from\n{text}");
        }
    }

    #[test]
    fn dates_stay_within_the_review_and_today() {
        let d = |s: &str| PartialDate::parse(s).unwrap();
        let today = Date::constant(2024, 6, 1);
        let review = Some(d("2023-04-15"));
        assert!(check_date(d("2023-04"), review, today, false).is_ok());
        assert!(check_date(d("2024-06"), review, today, false).is_ok());
        let text = |r: Result<(), Diagnostics>| r.unwrap_err().render(false);
        assert!(text(check_date(d("2023-03-31"), review, today, false))
            .contains("before the review's date (2023-04-15)"));
        assert!(text(check_date(d("2024-06-02"), review, today, false)).contains("--allow-date"));
        assert!(check_date(d("2024-06-02"), review, today, true).is_ok());
    }

    #[test]
    fn link_spaces_are_encoded() {
        let mut errors = Diagnostics::new();
        let l = link_arg("Minutes=https://example.org/a b.pdf", &mut errors);
        assert_eq!(
            l,
            Some(("Minutes".into(), "https://example.org/a%20b.pdf".into()))
        );
        assert!(link_arg("M=minutes.pdf", &mut errors).is_none());
        assert!(errors.render(false).contains("--link `M=minutes.pdf`"));
    }

    #[test]
    fn targets_name_a_review_and_a_number() {
        assert_eq!(parse_target("a/3.2").unwrap(), ("a", "3.2"));
        assert!(parse_target("a").is_err());
        assert!(parse_target("a/").is_err());
        assert_eq!(
            parse_target("york/SR (25/26) 01").unwrap(),
            ("york", "SR (25/26) 01")
        );
    }
}
