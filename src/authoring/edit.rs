//! `scrutiny edit <review>/<number> --title … --response … --lead-officer …`: change the values
//! of some fields of a recommendation, and no other byte of its file.
//!
//! Each value is read and checked as `new recommendation` reads it (the same flags, the same
//! messages); each edited key is written as `new` writes it, in place of the old key and its
//! value (a key not yet in the file goes where the field table puts it). The result is parsed
//! again: every other key must read back the same and the edited ones as given, and the file
//! must pass `check`, before it replaces the old one (see [`rewrite`](super::rewrite)).
//!
//! Status, target date, decision and number are not edited here: a status, a decision or a
//! revised target date is a dated update (`scrutiny update`), so the record keeps its history.

use super::emit::{self, Value};
use super::given::{self, Given};
use super::{arg_error, entry, one, update, Outcome, Report};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::load::frontmatter;
use crate::load::yaml::{self, Node, Value as Yaml};
use crate::model::fields::{self, Field, Kind};
use crate::model::Config;
use std::path::Path;

/// The arguments of `scrutiny edit`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Args<'a> {
    /// `<review>/<number>`
    pub target: &'a str,
    pub title: Option<&'a str>,
    /// The committee's words (`recommendation`).
    pub text: Option<&'a str>,
    pub theme: Option<&'a str>,
    /// Replaces the list when not empty.
    pub cabinet_members: &'a [String],
    pub lead_officers: &'a [String],
    pub response: Option<&'a str>,
    pub financial_impact: Option<&'a str>,
    pub timetable: Option<&'a str>,
    /// `--field KEY=VALUE`
    pub fields: &'a [String],
    /// `--clear KEY`: remove the key (an empty list, for people).
    pub clear: &'a [String],
    /// The file's fingerprint when it was shown to the person editing it (the preview's form).
    pub expect: Option<&'a str>,
    pub dry_run: bool,
}

/// One change: the field and its new value (`None` removes the key).
#[derive(Debug, Clone)]
pub struct Change {
    pub field: &'static Field,
    pub value: Option<Value>,
}

pub fn run(root: &Path, args: &Args) -> Outcome {
    super::require_site(root)?;
    let (review, number) = entry::parse_target(args.target)?;
    let config = super::site_config(root);
    let review_dir = super::require_review(root, review)?;
    let changes = changes(root, &review_dir, args, &config)?;
    let file = update::find(root, &review_dir, review, number)?;
    let what = summary(&changes);
    if args.dry_run {
        let text = crate::load::source::read(root, &file).map_err(one)?.text;
        let new_text = apply(&text, &file, &changes, &config)?;
        let mut report = Report::default();
        if new_text == text {
            report.notes.push(format!(
                "Dry run: {} already holds these values.",
                file.display()
            ));
        } else {
            report.preview = format!("==> {} <==\n{new_text}", file.display());
            report.notes.push(format!(
                "Dry run: would change {what}; nothing was written."
            ));
        }
        return Ok(report);
    }
    let changed = super::rewrite::rewrite(root, &file, args.expect, |text| {
        let new_text = apply(text, &file, &changes, &config)?;
        let changed = new_text != text;
        Ok((new_text, changed))
    })?;
    let mut report = Report::default();
    if changed {
        report.notes.push(format!("changed {what}"));
        report.written.push(file);
    } else {
        report.notes.push(format!(
            "{} already holds these values; nothing was written",
            file.display()
        ));
    }
    Ok(report)
}

/// "the title and the lead officers".
fn summary(changes: &[Change]) -> String {
    let names: Vec<String> = changes
        .iter()
        .map(|c| format!("the {}", c.field.label.to_lowercase()))
        .collect();
    match names.as_slice() {
        [] => "nothing".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The changes the flags ask for, every value checked as `new recommendation` checks it.
fn changes(
    root: &Path,
    review_dir: &Path,
    args: &Args,
    config: &Config,
) -> Result<Vec<Change>, Diagnostics> {
    let mut errors = Diagnostics::new();
    let mut given: Vec<Given> = [
        given::flag("--title", "title", args.title),
        given::flag("--text", "recommendation", args.text),
        given::flag("--theme", "theme", args.theme),
        given::people("--cabinet-member", "cabinet_members", args.cabinet_members),
        given::people("--lead-officer", "lead_officers", args.lead_officers),
        given::flag("--response", "response", args.response),
        given::flag(
            "--financial-impact",
            "financial_impact",
            args.financial_impact,
        ),
        given::flag("--timetable", "timetable", args.timetable),
    ]
    .into_iter()
    .flatten()
    .collect();
    given.extend(given::field_flags(args.fields, &config.fields, &mut errors));
    for key in args.clear {
        match config
            .fields
            .get(&key.trim().to_lowercase().replace(['-', ' '], "_"))
        {
            Some(field) => given.push(Given {
                flag: format!("--clear {}", field.key),
                field,
                text: String::new(),
            }),
            None => errors.push(arg_error(
                format!("--clear: unknown key `{key}`"),
                format!("the keys are {}", editable(config).join(", ")),
            )),
        }
    }
    for g in &given {
        if let Some(why) = not_here(g.field) {
            errors.push(arg_error(
                format!("{} cannot change `{}`", g.flag, g.field.key),
                why,
            ));
        }
    }
    given::refuse_twice(&given, &mut errors);
    if given.is_empty() && errors.is_empty() {
        errors.push(arg_error(
            "nothing to change",
            "give the new values, e.g. --title \"Bystander training\" or --lead-officer \"Head of Housing\"",
        ));
    }
    let mut spec = given::values(&given, &config.vocabulary, &mut errors);
    if errors.has_errors() {
        return Err(errors);
    }
    if let Some(t) = spec.text("theme").map(str::to_string) {
        spec.set(
            "theme",
            Value::Text(super::scaffold::resolve_theme(root, review_dir, &t)?),
        );
    }
    Ok(given
        .iter()
        .map(|g| Change {
            field: g.field,
            value: spec
                .get(g.field.key)
                .cloned()
                .filter(|v| !matches!(v, Value::Names(n) if n.is_empty())),
        })
        .map(|mut c| {
            // Clearing a list of people leaves `[]`: the line shows where to name them.
            if c.value.is_none() && c.field.kind == Kind::People {
                c.value = Some(Value::Names(Vec::new()));
            }
            c
        })
        .collect())
}

/// Why a field is not changed by `edit`, if it is not.
fn not_here(field: &Field) -> Option<&'static str> {
    match field.kind {
        Kind::Status => Some("a status changes with a dated update: `scrutiny update REVIEW/NUMBER --status KEY --note …`"),
        Kind::Updates => Some("add an update with `scrutiny update REVIEW/NUMBER --note …`; earlier updates are the record and are edited in the file"),
        Kind::Decision => Some("the executive's decision changes with a dated update: `scrutiny update REVIEW/NUMBER --decision KEY --note …`"),
        Kind::Number => Some("the number is the recommendation's address: rename it in the file, with `aliases:` for the old address"),
        _ if field.key == "due" => Some("a target date is revised with a dated update and its reason: `scrutiny update REVIEW/NUMBER --due DATE --reason … --note …`"),
        _ => None,
    }
}

/// The keys `edit` changes.
pub fn editable(config: &Config) -> Vec<&'static str> {
    config
        .fields
        .iter()
        .filter(|f| not_here(f).is_none())
        .map(|f| f.key)
        .collect()
}

/// The file's text with `changes` made. Pure. Refuses when the front matter cannot be read,
/// when the result would not read back as intended, or when it would not pass `check`.
pub fn apply(
    text: &str,
    file: &Path,
    changes: &[Change],
    config: &Config,
) -> Result<String, Diagnostics> {
    let split = frontmatter::split(text).map_err(|_| {
        one(
            Diagnostic::error(file, Position::new(1, 1), "the file has no front matter")
                .with_hint("start the file with `---`, the keys, then `---`"),
        )
    })?;
    let nl = if split.open.ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let old_tree = yaml::parse(split.front, split.front_line, file, text).map_err(one)?;
    let order = config.fields.front_matter_keys();
    let mut front = split.front.to_string();
    let mut body = split.body.to_string();
    for c in changes {
        if c.field.kind == Kind::Body {
            let t = match &c.value {
                Some(Value::Text(t)) => t.trim_end().replace("\r\n", "\n"),
                _ => String::new(),
            };
            body = if t.is_empty() {
                String::new()
            } else {
                format!("{}{nl}", t.replace('\n', nl))
            };
            continue;
        }
        let lines = c
            .value
            .as_ref()
            .map(|v| emit::key_lines(c.field, v).replace('\n', nl));
        let later: Vec<&str> = order
            .iter()
            .skip_while(|k| **k != c.field.key)
            .skip(1)
            .copied()
            .collect();
        front = super::splice::replace_key(&front, c.field.key, lines.as_deref(), &later, nl);
    }
    let new_text = [split.open, front.as_str(), split.close, body.as_str()].concat();
    let new_tree = yaml::parse(&front, split.front_line, file, &new_text).map_err(one)?;
    if !reads_as_intended(&old_tree, &new_tree, changes, file) {
        return Err(one(Diagnostic::error(
            file,
            Position::default(),
            "the change could not be made without changing other parts of the file",
        )
        .with_hint(
            "the file's layout is unusual; make the change by hand (see docs/content-format.md)",
        )));
    }
    let (errors, _) = update::check(&new_text, file, config);
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(new_text)
}

/// Every key not changed reads back the same; each changed key reads back as written alone.
fn reads_as_intended(old: &Node, new: &Node, changes: &[Change], file: &Path) -> bool {
    let entries = |n: &Node| match &n.value {
        Yaml::Map(m) => Some(m.clone()),
        Yaml::Null => Some(Vec::new()),
        _ => None,
    };
    let (Some(old), Some(new)) = (entries(old), entries(new)) else {
        return false;
    };
    let edited = |k: &str| changes.iter().any(|c| c.field.key == k);
    let kept = |m: &[(String, Node)]| -> Vec<(String, Yaml)> {
        m.iter()
            .filter(|(k, _)| !edited(k))
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect()
    };
    let (a, b) = (kept(&old), kept(&new));
    if a.len() != b.len()
        || !a
            .iter()
            .zip(&b)
            .all(|((ka, va), (kb, vb))| ka == kb && update::same(va, vb))
    {
        return false;
    }
    changes
        .iter()
        .filter(|c| c.field.kind != Kind::Body)
        .all(|c| {
            let now = new
                .iter()
                .find(|(k, _)| k == c.field.key)
                .map(|(_, v)| &v.value);
            match (&c.value, now) {
                (None, None) => true,
                (Some(v), Some(now)) => {
                    let alone = emit::key_lines(c.field, v);
                    match yaml::parse(&alone, 1, file, "").map(|n| n.value) {
                        Ok(Yaml::Map(m)) => m
                            .first()
                            .is_some_and(|(_, want)| update::same(&want.value, now)),
                        _ => false,
                    }
                }
                _ => false,
            }
        })
}

/// The current values of a recommendation file's editable fields as text (people one per
/// line, the body for `response`), for a form.
pub fn current(text: &str) -> Vec<(String, String)> {
    let Ok(split) = frontmatter::split(text) else {
        return Vec::new();
    };
    let mut out = vec![(
        fields::body().key.to_string(),
        split.body.trim_end().to_string(),
    )];
    if let Ok(Node {
        value: Yaml::Map(m),
        ..
    }) = yaml::parse(split.front, split.front_line, Path::new(""), text)
    {
        for (k, v) in m {
            let t = match v.value {
                Yaml::Str(s) => s,
                Yaml::Int(i) => i.to_string(),
                Yaml::Float(f) => f.to_string(),
                Yaml::Bool(b) => b.to_string(),
                Yaml::Seq(items) => items
                    .iter()
                    .filter_map(|i| match &i.value {
                        Yaml::Str(s) => Some(s.clone()),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                _ => continue,
            };
            out.push((k, t.trim_end().to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const REC: &str = "---\n# a comment\nnumber: 4\ntitle: 'Old: title' # keep?\nrecommendation: |\n  Words.\nlead_officers:\n  - A\n  - B\nstatus: in-progress # key\n---\nBody\n\nmore\n";

    fn change(key: &str, value: Option<Value>) -> Change {
        Change {
            field: fields::get(key).unwrap(),
            value,
        }
    }

    #[test]
    fn only_the_edited_keys_change() {
        let out = apply(
            REC,
            Path::new("r.md"),
            &[
                change("title", Some(Value::Text("New title".into()))),
                change("lead_officers", Some(Value::Names(vec!["C".into()]))),
                change("timetable", Some(Value::Text("By March".into()))),
            ],
            &Config::default(),
        )
        .unwrap();
        assert_eq!(
            out,
            "---\n# a comment\nnumber: 4\ntitle: New title\nrecommendation: |\n  Words.\nlead_officers:\n  - C\nstatus: in-progress # key\ntimetable: By March\n---\nBody\n\nmore\n"
        );
    }

    #[test]
    fn the_body_is_the_response_and_crlf_stays() {
        let crlf = REC.replace('\n', "\r\n");
        let out = apply(
            &crlf,
            Path::new("r.md"),
            &[change(
                "response",
                Some(Value::Text("New\nresponse".into())),
            )],
            &Config::default(),
        )
        .unwrap();
        assert!(out.ends_with("---\r\nNew\r\nresponse\r\n"), "{out:?}");
        assert_eq!(out.matches('\n').count(), out.matches("\r\n").count());
    }

    #[test]
    fn an_edit_that_breaks_the_file_is_refused() {
        let err = apply(
            REC,
            Path::new("r.md"),
            &[change("title", None)],
            &Config::default(),
        )
        .unwrap_err();
        assert!(err.render(false).contains("title"), "{}", err.render(false));
    }

    #[test]
    fn current_values_read_as_a_form_shows_them() {
        let v = current(REC);
        let get = |k: &str| v.iter().find(|(x, _)| x == k).map(|(_, t)| t.as_str());
        assert_eq!(get("title"), Some("Old: title"));
        assert_eq!(get("lead_officers"), Some("A\nB"));
        assert_eq!(get("response"), Some("Body\n\nmore"));
        assert_eq!(get("recommendation"), Some("Words."));
    }
}
