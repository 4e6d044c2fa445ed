//! `scrutiny new recommendation REVIEW TITLE [--number …] [--text …] [--due …] [--field k=v]…`:
//! every field as a flag, each checked as `check` would before the file is written; the number
//! is the plan's own label, unique within the review whatever its case.

use super::emit::{self, RecSpec, Style, Value};
use super::given::{self, Given};
use super::scaffold::{create, resolve_theme, title_arg};
use super::{arg_error, existing, one, require_review, require_site, Outcome, Report};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::model::fields::PLACEHOLDER;
use std::path::{Path, PathBuf};

/// The arguments of `scrutiny new recommendation`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Args<'a> {
    pub review: &'a str,
    pub title: &'a str,
    pub number: Option<&'a str>,
    /// The committee's words (`recommendation`).
    pub text: Option<&'a str>,
    pub theme: Option<&'a str>,
    pub cabinet_members: &'a [String],
    pub lead_officers: &'a [String],
    pub decision: Option<&'a str>,
    pub response: Option<&'a str>,
    pub response_file: Option<&'a Path>,
    pub due: Option<&'a str>,
    pub timetable: Option<&'a str>,
    pub financial_impact: Option<&'a str>,
    /// `--field KEY=VALUE`
    pub fields: &'a [String],
}

pub fn run(root: &Path, args: &Args) -> Outcome {
    require_site(root)?;
    let title = title_arg(args.title)?;
    let dir = require_review(root, args.review)?;
    let response = response(args)?;
    let config = super::site_config(root);
    let mut errors = Diagnostics::new();
    let mut given = flags(args, title, response.as_deref());
    given.extend(given::field_flags(args.fields, &config.fields, &mut errors));
    given::refuse_twice(&given, &mut errors);
    let mut spec = given::values(&given, &config.vocabulary, &mut errors);
    if errors.has_errors() {
        return Err(errors);
    }
    if let Some(t) = spec.text("theme").map(str::to_string) {
        spec.set("theme", Value::Text(resolve_theme(root, &dir, &t)?));
    }
    let number = number(root, &dir, spec.text("number"))?;
    spec.set("number", Value::Text(number.clone()));
    if spec.text("recommendation").is_none() {
        spec.set("recommendation", Value::Text(PLACEHOLDER.into()));
    }
    let name = existing::recommendation_file_name(&number, title);
    let text = emit::recommendation(&spec, Style::Scaffold, &config);
    let rel = create(
        root,
        dir.join("recommendations").join(name),
        text,
        "recommendation",
    )?;
    Ok(Report {
        written: vec![rel],
        notes: vec![next_step(&number, &spec)],
        ..Default::default()
    })
}

/// The dedicated flags as values given, the title among them.
fn flags(args: &Args, title: &str, response: Option<&str>) -> Vec<Given> {
    [
        given::flag("TITLE", "title", Some(title)),
        given::flag("--number", "number", args.number),
        given::flag("--text", "recommendation", args.text),
        given::flag("--theme", "theme", args.theme),
        given::people("--cabinet-member", "cabinet_members", args.cabinet_members),
        given::people("--lead-officer", "lead_officers", args.lead_officers),
        given::flag("--decision", "decision", args.decision),
        given::flag(
            if args.response_file.is_some() {
                "--response-file"
            } else {
                "--response"
            },
            "response",
            response,
        ),
        given::flag("--due", "due", args.due),
        given::flag("--timetable", "timetable", args.timetable),
        given::flag(
            "--financial-impact",
            "financial_impact",
            args.financial_impact,
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// `--response`, or the text of `--response-file`.
fn response(args: &Args) -> Result<Option<String>, Diagnostics> {
    let Some(file) = args.response_file else {
        return Ok(args.response.map(str::to_string));
    };
    let bytes = std::fs::read(file).map_err(|e| {
        one(arg_error(
            format!("cannot read --response-file `{}`: {e}", file.display()),
            "give the path of a text file holding the officer response (Markdown)",
        ))
    })?;
    String::from_utf8(bytes).map(Some).map_err(|_| {
        one(arg_error(
            format!("--response-file `{}` is not UTF-8 text", file.display()),
            "save the response as UTF-8 text (or Markdown)",
        ))
    })
}

/// The number given (unique within the review, compared without regard to case), else the
/// next free whole number.
fn number(root: &Path, dir: &Path, given: Option<&str>) -> Result<String, Diagnostics> {
    let recs = existing::recommendations(root, dir);
    let Some(wanted) = given else {
        return Ok(existing::next_number(recs.into_iter().filter_map(|r| r.number)).to_string());
    };
    let key = existing::number_key(wanted);
    let taken: Option<(PathBuf, String)> = recs.into_iter().find_map(|r| {
        let n = r.number?;
        (existing::number_key(&n) == key).then_some((r.file, n))
    });
    match taken {
        None => Ok(wanted.to_string()),
        Some((file, n)) => Err(one(Diagnostic::error(
            &file,
            Position::default(),
            format!("recommendation number `{wanted}` is already used by {} (number `{n}`)", file.display()),
        )
        .with_hint("numbers are unique within a review, whatever their case; give another --number, or leave it out for the next free number"))),
    }
}

/// What to do next: fill in what was not given.
fn next_step(number: &str, spec: &RecSpec) -> String {
    if spec.text("recommendation") == Some(PLACEHOLDER) {
        format!("Recommendation {number}: write the committee's words, the people and the response in this file (or give them with --text, --lead-officer, --response …)")
    } else {
        format!("Recommendation {number} written; `scrutiny check` lists anything it still lacks")
    }
}
