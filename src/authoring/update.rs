//! `scrutiny update <review>/<number>`: append a dated update to a recommendation, changing no
//! other byte of the file except, with `--status`, the value of its `status:` key and, with
//! `--decision`, its `decision:` line (added when the file has none).
//!
//! The new text is re-parsed and compared with the old one (every other key must read back the
//! same, the old updates unchanged, the new entry as intended) and validated before it replaces
//! the file. Writes are atomic and serialised through a lock file, and the file is re-read just
//! before the rename so an edit made meanwhile is never lost.

use super::emit::{update_entry, UpdateSpec};
use super::entry::{self, Args, Entry};
use super::{existing, one, splice, Outcome, Report};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::load::document;
use crate::load::frontmatter;
use crate::load::source::{self, Source};
use crate::load::yaml::{self, Node, Value};
use crate::model::fields;
use crate::model::{Config, Decision, Status, Update};
use crate::validate::content;
use jiff::civil::Date;
use std::path::{Path, PathBuf};

pub fn run(root: &Path, today: Date, args: &Args) -> Outcome {
    super::require_site(root)?;
    let note = if args.note == "-" {
        entry::read_stdin()?
    } else {
        args.note.to_string()
    };
    let (review, number) = entry::parse_target(args.target)?;
    let config = super::site_config(root);
    let planned = entry::entry(today, args, &note, &config.vocabulary)?;
    let spec = &planned.spec;
    let review_dir = super::require_review(root, review)?;
    let review_date = existing::review_date(root, &review_dir);
    entry::check_date(spec.date, review_date, today, args.allow_date)?;
    let file = find(root, &review_dir, review, number)?;
    if args.dry_run {
        return dry_run(root, &file, &planned, args, &config);
    }
    let status_changed = super::rewrite::rewrite(root, &file, args.expect, |text| {
        apply(text, &file, &planned, &config)
    })?;
    let mut report = Report {
        written: vec![file],
        ..Default::default()
    };
    report.notes.push(summary(&planned, Some(status_changed)));
    report.notes.extend(dated(args, spec));
    Ok(report)
}

/// What the update records: "added the update of 2024-06-30; status is now `completed`".
/// `status_changed` is `None` in a dry run.
fn summary(planned: &Entry, status_changed: Option<bool>) -> String {
    let spec = &planned.spec;
    let mut what = match status_changed {
        Some(_) => format!("added the update of {}", spec.date),
        None => format!("would add the update of {}", spec.date),
    };
    if let Some(s) = spec.status {
        what.push_str(&match status_changed {
            Some(true) => format!("; status is now `{s}`"),
            _ => format!(" with status `{s}`"),
        });
    }
    if let Some(d) = spec.due {
        what.push_str(&format!("; target date revised to {d}"));
    }
    if let Some(d) = planned.decision {
        what.push_str(&format!("; decision `{}`", d.key()));
    }
    what
}

/// Which date was used, when `--date` was not given.
fn dated(args: &Args, spec: &UpdateSpec) -> Option<String> {
    args.date
        .is_none()
        .then(|| format!("dated {} (today); use --date to back-fill", spec.date))
}

/// `--dry-run`: the entry that would be appended, and the file, checked as a real update is;
/// nothing is written.
fn dry_run(root: &Path, file: &Path, planned: &Entry, args: &Args, config: &Config) -> Outcome {
    let spec = &planned.spec;
    let text = source::read(root, file).map_err(one)?.text;
    apply(&text, file, planned, config)?;
    let mut report = Report {
        preview: format!(
            "==> {} <==\nupdates:\n{}",
            file.display(),
            update_entry(spec, 2, "\n")
        ),
        ..Default::default()
    };
    report.notes.push(summary(planned, None));
    report.notes.extend(dated(args, spec));
    report.notes.push(format!(
        "Dry run: nothing was written to {}.",
        file.display()
    ));
    Ok(report)
}

/// The recommendation file of `review` whose front matter `number` is `number`.
pub(super) fn find(
    root: &Path,
    review_dir: &Path,
    review: &str,
    number: &str,
) -> Result<PathBuf, Diagnostics> {
    let recs = existing::recommendations(root, review_dir);
    let matches: Vec<&existing::ExistingRec> = recs
        .iter()
        .filter(|r| {
            r.number
                .as_deref()
                .is_some_and(|n| existing::same_number(n, number))
        })
        .collect();
    match matches.as_slice() {
        [one_match] => Ok(one_match.file.clone()),
        [] => {
            let numbers: Vec<String> = recs.iter().filter_map(|r| r.number.clone()).collect();
            let hint = if numbers.is_empty() {
                format!("the review has no recommendations yet; add one with `scrutiny new recommendation {review} \"Title\"`")
            } else {
                format!(
                    "its recommendations are numbered {}",
                    existing::list(&numbers)
                )
            };
            let mut ds = one(Diagnostic::error(
                review_dir.join("recommendations"),
                Position::default(),
                format!("no recommendation numbered `{number}` in review `{review}`"),
            )
            .with_hint(hint));
            // Files that could not be read might be the one that was meant.
            for r in &recs {
                if let Err(d) = &r.parsed {
                    ds.push(d.clone());
                }
            }
            Err(ds)
        }
        many => {
            let files: Vec<String> = many.iter().map(|r| r.file.display().to_string()).collect();
            Err(one(Diagnostic::error(
                &many[0].file,
                Position::default(),
                format!("number `{number}` is used by {} files", many.len()),
            )
            .with_related(files.join(", "))
            .with_hint(
                "give each recommendation its own number, then run the update again",
            )))
        }
    }
}

/// The file's text with the entry appended to its updates (and, with a status, its `status:`
/// value changed; with a decision, its `decision:` line set). Pure: nothing is read or written. Refuses when the file has errors, when the
/// updates are not a block list, or when the result would not read back as intended.
/// `config` is the site's (its statuses and fields), which the file is checked against.
pub fn apply(
    text: &str,
    file: &Path,
    planned: &Entry,
    config: &Config,
) -> Result<(String, bool), Diagnostics> {
    let spec = &planned.spec;
    let (mut old_errors, old_updates) = check(text, file, config);
    if old_errors.has_errors() {
        old_errors.push(
            Diagnostic::error(
                file,
                Position::default(),
                "the update was not added: the file has errors",
            )
            .with_hint(
                "fix the errors above (`scrutiny check` lists them all), then run the update again",
            ),
        );
        return Err(old_errors);
    }
    let split = frontmatter::split(text).map_err(|_| {
        one(Diagnostic::error(
            file,
            Position::new(1, 1),
            "the file has no front matter",
        ))
    })?;
    let nl = if split.open.ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let new_front = splice::append_item(split.front, fields::UPDATES, nl, |indent| update_entry(spec, indent, nl)).map_err(|e| {
        let (line, msg) = match e {
            splice::SpliceError::FlowList(l) => (l, "`updates` is written on one line (`[ … ]`), so an entry cannot be added without rewriting it"),
            splice::SpliceError::NotAList(l) => (l, "`updates` is not a list"),
        };
        let line = line + split.front_line - 1;
        one(Diagnostic::error(file, Position::new(line, 1), msg).with_source(text).with_hint(
            "write the updates as a list, one `- date: …` entry per item (see docs/content-format.md#updates), then run the update again",
        ))
    })?;
    // The `status` key follows the current status: only when the new entry is the newest update
    // with a status (by date; on equal dates the later entry, which the new one is, wins).
    let newest = old_updates
        .iter()
        .all(|u| u.status.is_none() || u.date.end() <= spec.date.end());
    let (new_front, changed) = match spec
        .status
        .filter(|_| newest)
        .and_then(|s| splice::set_scalar(&new_front, fields::STATUS, s.key()))
    {
        Some(f) => (f, true),
        None => (new_front, false),
    };
    let new_front = match planned.decision {
        Some(d) => set_decision(&new_front, d, config, nl),
        None => new_front,
    };
    let new_text = [split.open, new_front.as_str(), split.close, split.body].concat();
    let old_tree = yaml::parse(split.front, split.front_line, file, text).map_err(one)?;
    let new_tree = yaml::parse(&new_front, split.front_line, file, &new_text).map_err(one)?;
    let entry_tree = yaml::parse(&update_entry(spec, 0, "\n"), 1, file, "").map_err(one)?;
    let status = if changed { spec.status } else { None };
    if !reads_as_intended(&old_tree, &new_tree, &entry_tree, status, planned.decision) {
        return Err(one(Diagnostic::error(file, Position::default(), "the update could not be added without changing other parts of the file")
            .with_hint("the file's layout is unusual; add the update by hand (see docs/content-format.md#updates)")));
    }
    let (new_errors, _) = check(&new_text, file, config);
    if new_errors.has_errors() {
        return Err(new_errors);
    }
    Ok((new_text, changed))
}

/// The errors of a recommendation's text, and its updates as read.
pub(super) fn check(text: &str, file: &Path, config: &Config) -> (Diagnostics, Vec<Update>) {
    let mut ds = Diagnostics::new();
    let source = Source {
        file: file.to_path_buf(),
        text: text.to_string(),
    };
    match document::parse(source, "recommendation") {
        Ok(doc) => {
            let (draft, diags) = content::recommendation(&doc, config);
            diags
                .into_iter()
                .filter(Diagnostic::is_error)
                .for_each(|d| ds.push(d));
            (ds, draft.updates.into_iter().map(|(u, _)| u).collect())
        }
        Err(d) => {
            ds.push(d);
            (ds, Vec::new())
        }
    }
}

/// The `decision:` value set to `d` (its quotes and comment kept), or a `decision:` line added
/// where the field table puts it.
fn set_decision(front: &str, d: Decision, config: &Config, nl: &str) -> String {
    if let Some(f) = splice::set_scalar(front, fields::DECISION, d.key()) {
        return f;
    }
    let later: Vec<&str> = config
        .fields
        .front_matter_keys()
        .iter()
        .skip_while(|k| **k != fields::DECISION)
        .skip(1)
        .copied()
        .collect();
    let line = format!("{}: {}{nl}", fields::DECISION, d.key());
    splice::replace_key(front, fields::DECISION, Some(&line), &later, nl)
}

/// Every key reads back the same except `updates` (one entry more, the old ones unchanged) and,
/// when given, `status` (now the new status) and `decision` (now the new decision, wherever the
/// key was added).
fn reads_as_intended(
    old: &Node,
    new: &Node,
    entry: &Node,
    status: Option<Status>,
    decision: Option<Decision>,
) -> bool {
    let (Value::Map(old), Value::Map(new), Value::Seq(entry)) =
        (&old.value, &new.value, &entry.value)
    else {
        return matches!(old.value, Value::Null)
            && matches!(&new.value, Value::Map(m) if m.len() == 1);
    };
    let Some(entry) = entry.first() else {
        return false;
    };
    let mut expected: Vec<(String, Value)> = old
        .iter()
        .map(|(k, v)| (k.clone(), v.value.clone()))
        .collect();
    match expected.iter_mut().find(|(k, _)| k == fields::UPDATES) {
        Some((_, Value::Seq(items))) => items.push(entry.clone()),
        Some((_, v @ Value::Null)) => *v = Value::Seq(vec![entry.clone()]),
        Some(_) => return false,
        None => expected.push((fields::UPDATES.into(), Value::Seq(vec![entry.clone()]))),
    }
    if let Some(s) = status {
        match expected.iter_mut().find(|(k, _)| k == fields::STATUS) {
            Some((_, v)) => *v = Value::Str(s.key().to_string()),
            None => return false,
        }
    }
    let mut new: Vec<&(String, Node)> = new.iter().collect();
    if let Some(d) = decision {
        // Compared apart from the others: a key that was missing is added in the field order.
        expected.retain(|(k, _)| k != fields::DECISION);
        let Some(at) = new.iter().position(|(k, _)| k == fields::DECISION) else {
            return false;
        };
        if !matches!(&new.remove(at).1.value, Value::Str(v) if v == d.key()) {
            return false;
        }
    }
    expected.len() == new.len()
        && expected
            .iter()
            .zip(new)
            .all(|((ek, ev), (nk, nv))| ek == nk && same(ev, &nv.value))
}

/// Equal values, ignoring where they are in the file.
pub(super) fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Seq(x), Value::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(&p.value, &q.value))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kp, p), (kq, q))| kp == kq && same(&p.value, &q.value))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PartialDate;

    fn spec(status: Option<Status>) -> Entry {
        Entry {
            spec: UpdateSpec {
                date: PartialDate::parse("2024-06-30").unwrap(),
                status,
                due: None,
                note: "Done: see *minutes*\n\n---\nwith a rule".into(),
                links: vec![("Minutes".into(), "https://example.org/m?a=b".into())],
            },
            decision: None,
        }
    }

    #[test]
    fn a_decision_sets_the_decision_line_or_adds_it_in_field_order() {
        let mut planned = spec(None);
        planned.decision = Some(Decision::PARTIALLY_ACCEPTED);
        let with = REC.replace("status:", "decision: 'awaiting-response' # asked\nstatus:");
        let (out, _) = apply(&with, Path::new("r.md"), &planned, &Config::default()).unwrap();
        assert!(
            out.contains("\ndecision: 'partially-accepted' # asked\nstatus:"),
            "{out}"
        );
        let (out, _) = apply(REC, Path::new("r.md"), &planned, &Config::default()).unwrap();
        let decision = out.find("\ndecision: partially-accepted\n").expect(&out);
        assert!(
            decision < out.find("\nstatus:").unwrap(),
            "before status:\n{out}"
        );
        assert_eq!(
            out.replace("decision: partially-accepted\n", ""),
            apply(REC, Path::new("r.md"), &spec(None), &Config::default())
                .unwrap()
                .0,
            "no other byte changes"
        );
    }

    const REC: &str = "---\n# a comment\nnumber: 4\ntitle: 'Quoted: title'\nrecommendation: |\n  Words.\nstatus: \"in-progress\" # key\n---\nBody\n---\nmore\n";

    #[test]
    fn inserts_only_the_entry_and_the_status_value() {
        let (out, changed) = apply(
            REC,
            Path::new("r.md"),
            &spec(Some(Status::COMPLETED)),
            &Config::default(),
        )
        .unwrap();
        assert!(changed);
        let expected = REC
            .replace("\"in-progress\"", "\"completed\"")
            .replace("# key\n---", "# key\nupdates:\n  - date: 2024-06-30\n    status: completed\n    note: |\n      Done: see *minutes*\n\n      ---\n      with a rule\n    links:\n      - title: Minutes\n        url: https://example.org/m?a=b\n---");
        assert_eq!(out, expected);
    }

    #[test]
    fn a_backdated_status_leaves_the_status_key_alone() {
        let rec = "---\nnumber: 1\ntitle: T\nrecommendation: R\nstatus: completed\nupdates:\n  - date: 2024-07-01\n    status: completed\n---\n";
        let (out, changed) = apply(
            rec,
            Path::new("r.md"),
            &spec(Some(Status::IN_PROGRESS)),
            &Config::default(),
        )
        .unwrap();
        assert!(!changed);
        assert!(out.contains("\nstatus: completed\n"));
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let crlf = format!("\u{feff}{}", REC.replace('\n', "\r\n"));
        let (out, _) = apply(&crlf, Path::new("r.md"), &spec(None), &Config::default()).unwrap();
        assert!(out.starts_with('\u{feff}'));
        assert_eq!(out.matches('\n').count(), out.matches("\r\n").count());
    }

    #[test]
    fn refuses_files_with_errors() {
        let bad = REC.replace("status:", "statsu:");
        let err = apply(&bad, Path::new("r.md"), &spec(None), &Config::default()).unwrap_err();
        assert!(
            err.render(false).contains("unknown key `statsu`"),
            "{}",
            err.render(false)
        );
    }

    proptest::proptest! {
        #[test]
        fn apply_never_panics_and_keeps_the_body(body in "\\PC{0,40}", front in "([a-z_]{1,8}: [a-z0-9\\[\\]'\" -]{0,10}\n){0,6}") {
            let text = format!("---\nnumber: 1\ntitle: T\nrecommendation: R\n{front}---\n{body}");
            if let Ok((out, _)) = apply(&text, Path::new("r.md"), &spec(None), &Config::default()) {
                let tail = format!("---\n{body}");
                proptest::prop_assert!(out.ends_with(&tail));
            }
        }
    }
}
