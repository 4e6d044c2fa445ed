//! The values of a new recommendation given on the command line (`new recommendation --due …
//! --field key=value`), each read as its field's kind says and checked as `check` would, every
//! problem naming the flag it came from.

use super::arg_error;
use super::emit::{RecSpec, Value};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::model::fields::{self, Field, Kind, Table};
use crate::model::status::or_list;
use crate::model::{Decision, PartialDate, Status, Vocabulary};

/// One value as given: the flag that gave it (`--due`, `--field status`), the field, the text.
#[derive(Debug, Clone)]
pub struct Given {
    pub flag: String,
    pub field: &'static Field,
    pub text: String,
}

/// A dedicated flag's value for the field `key`, if given.
pub fn flag(flag: &str, key: &str, text: Option<&str>) -> Option<Given> {
    let field = fields::get(key)?;
    text.map(|text| Given {
        flag: flag.to_string(),
        field,
        text: text.to_string(),
    })
}

/// A repeatable flag's values (`--lead-officer A --lead-officer B`) as one list, if any.
pub fn people(flag_name: &str, key: &str, names: &[String]) -> Option<Given> {
    let joined = names.join("\n");
    flag(
        flag_name,
        key,
        (!names.is_empty()).then_some(joined.as_str()),
    )
}

/// Every `--field KEY=VALUE`, its key checked against the field table (with a "did you mean").
pub fn field_flags(pairs: &[String], table: &Table, errors: &mut Diagnostics) -> Vec<Given> {
    pairs
        .iter()
        .filter_map(|pair| {
            let Some((key, text)) = pair.split_once('=') else {
                errors.push(arg_error(
                    format!("--field `{pair}` is not KEY=VALUE"),
                    "write it like --field status=in-progress",
                ));
                return None;
            };
            let field = field_key(key.trim(), table, errors)?;
            Some(Given {
                flag: format!("--field {}", field.key),
                field,
                text: text.to_string(),
            })
        })
        .collect()
}

/// A key of the field table that a new file may be given (not the body's, not the updates).
fn field_key(key: &str, table: &Table, errors: &mut Diagnostics) -> Option<&'static Field> {
    let normal = key.to_lowercase().replace(['-', ' '], "_");
    let field = table.get(&normal);
    match field {
        Some(f) if f.kind == Kind::Updates => errors.push(arg_error(
            "--field cannot give updates",
            "create the recommendation, then add each update with `scrutiny update REVIEW/NUMBER --note …`",
        )),
        Some(f) if f.kind == Kind::Body => errors.push(arg_error(
            "--field cannot give the response (the file's body)",
            "use --response TEXT or --response-file FILE",
        )),
        Some(f) => return Some(f),
        None => {
            let keys: Vec<&str> = table
                .iter()
                .filter(|f| f.in_front_matter() && f.kind != Kind::Updates)
                .map(|f| f.key)
                .collect();
            let hint = match did_you_mean(&normal, keys.iter().copied()) {
                Some(k) => format!("did you mean `{k}`? the keys are {}", keys.join(", ")),
                None => format!("the keys are {}", keys.join(", ")),
            };
            errors.push(arg_error(format!("--field: unknown key `{key}`"), hint));
        }
    }
    None
}

/// Refuse a field given twice (by two flags, or a flag and `--field`).
pub fn refuse_twice(given: &[Given], errors: &mut Diagnostics) {
    for (i, g) in given.iter().enumerate() {
        if let Some(first) = given[..i].iter().find(|f| f.field.key == g.field.key) {
            errors.push(arg_error(
                format!(
                    "`{}` is given twice, by {} and {}",
                    g.field.key, first.flag, g.flag
                ),
                "give each field once",
            ));
        }
    }
}

/// The values as the file will hold them (the theme is resolved by the caller), or every
/// problem, each naming its flag with the fix.
pub fn values(given: &[Given], vocab: &Vocabulary, errors: &mut Diagnostics) -> RecSpec {
    let mut spec = RecSpec::default();
    for g in given {
        match value(g, vocab) {
            Ok(Some(v)) => spec.set(g.field.key, v),
            Ok(None) => {}
            Err(d) => errors.push(d),
        }
    }
    spec
}

/// One value read as its field's kind; `None` when empty.
fn value(g: &Given, vocab: &Vocabulary) -> Result<Option<Value>, Diagnostic> {
    let t = g.text.trim();
    if t.is_empty() && g.field.kind != Kind::People {
        return Ok(None);
    }
    Ok(Some(match g.field.kind {
        Kind::Number | Kind::Text | Kind::Theme => Value::Text(t.to_string()),
        Kind::Markdown | Kind::Body => Value::Text(g.text.replace("\r\n", "\n")),
        Kind::People => Value::Names(
            g.text
                .split(['\n', ';'])
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .collect(),
        ),
        Kind::Date => Value::Date(date_arg(&g.flag, t)?),
        Kind::Decision => Value::Decision(decision_arg(&g.flag, t, vocab)?),
        Kind::Status => Value::Status(status_arg(&g.flag, t, vocab)?),
        Kind::Numeric => Value::Text(numeric_arg(&g.flag, t)?),
        Kind::Link => Value::Text(link_arg(&g.flag, t)?),
        Kind::Choice(choices) => Value::Text(choice_arg(&g.flag, t, choices)?),
        Kind::Aliases => Value::Names(
            t.split([',', ';', '\n'])
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect(),
        ),
        Kind::Flag => Value::Flag(super::cells::yes_no(t).ok_or_else(|| {
            arg_error(
                format!("`{t}` for {} is not true or false", g.flag),
                format!("write {}=true or {}=false", g.flag, g.flag),
            )
        })?),
        Kind::Updates => return Ok(None),
    }))
}

/// A date as the content format writes it; a date written as plans do gets its key suggested.
pub fn date_arg(flag: &str, t: &str) -> Result<PartialDate, Diagnostic> {
    PartialDate::parse(t).map_err(|e| {
        let hint = match super::cells::timetable_date(t) {
            Some(d) => format!(
                "did you mean {}? dates are written YYYY-MM-DD, YYYY-MM or YYYY",
                typed(flag, &d.to_string())
            ),
            None => {
                "dates are written YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2025-03-31, 2025-03 or 2025"
                    .into()
            }
        };
        arg_error(format!("invalid date for {flag}: {e}"), hint)
    })
}

/// A decision of the site's vocabulary (its key or label); the word a plan would use gets the
/// key suggested.
pub fn decision_arg(flag: &str, t: &str, vocab: &Vocabulary) -> Result<Decision, Diagnostic> {
    if !vocab.records_decisions {
        return Err(arg_error(
            format!("{flag}: this site records no decisions (`decisions: none` in site.yaml)"),
            format!("leave out {flag}"),
        ));
    }
    if let Some(d) = vocab.parse_decision(t) {
        return Ok(d);
    }
    let close = super::cells::decision_word(t, vocab)
        .map(Decision::key)
        .or_else(|| did_you_mean(t, vocab.decision_keys()));
    Err(unknown(
        "decision",
        flag,
        t,
        close,
        &or_list(vocab.decision_keys()),
    ))
}

/// A status of the site's vocabulary (its key or label).
pub fn status_arg(flag: &str, t: &str, vocab: &Vocabulary) -> Result<Status, Diagnostic> {
    if let Some(s) = vocab.parse_status(t) {
        return Ok(s);
    }
    let close = super::cells::status_word(t, vocab)
        .map(Status::key)
        .or_else(|| did_you_mean(t, vocab.status_keys()));
    Err(unknown(
        "status",
        flag,
        t,
        close,
        &or_list(vocab.status_keys()),
    ))
}

/// A number, for a site-declared `type: number` field.
fn numeric_arg(flag: &str, t: &str) -> Result<String, Diagnostic> {
    match t.parse::<f64>() {
        Ok(n) if n.is_finite() => Ok(t.to_string()),
        _ => Err(arg_error(
            format!("`{t}` for {flag} is not a number"),
            format!("write a number, e.g. {flag}=2"),
        )),
    }
}

/// A web address, for a site-declared `type: link` field (spaces written as `%20`).
fn link_arg(flag: &str, t: &str) -> Result<String, Diagnostic> {
    let url = t.replace(' ', "%20");
    if crate::validate::content::is_safe_url(&url) {
        Ok(url)
    } else {
        Err(arg_error(
            format!("`{t}` for {flag} is not a web address"),
            "write a full address starting with https://",
        ))
    }
}

/// One of a site-declared choice field's values (ignoring case).
fn choice_arg(flag: &str, t: &str, choices: &[&'static str]) -> Result<String, Diagnostic> {
    choices
        .iter()
        .find(|c| c.eq_ignore_ascii_case(t))
        .map(|c| c.to_string())
        .ok_or_else(|| {
            arg_error(
                format!("`{t}` for {flag} is not one of its choices"),
                format!("the choices are {}", or_list(choices.iter().copied())),
            )
        })
}

/// The flag with a value, as it would be typed: `--due 2025-03`, `--field due=2025-03`.
fn typed(flag: &str, value: &str) -> String {
    if flag.starts_with("--field ") {
        format!("{flag}={value}")
    } else {
        format!("{flag} {value}")
    }
}

fn unknown(what: &str, flag: &str, t: &str, close: Option<&str>, valid: &str) -> Diagnostic {
    let plural = if what == "status" {
        "statuses"
    } else {
        "decisions"
    };
    let hint = match close {
        Some(k) => format!(
            "did you mean {}? valid {plural} are {valid}",
            typed(flag, k)
        ),
        None => format!("valid {plural} are {valid}"),
    };
    arg_error(format!("unknown {what} `{t}` for {flag}"), hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn given(flag_name: &str, key: &str, text: &str) -> Given {
        flag(flag_name, key, Some(text)).unwrap()
    }

    #[test]
    fn values_are_read_by_kind_and_errors_name_the_flag() {
        let mut errors = Diagnostics::new();
        let spec = values(
            &[
                given("--due", "due", "2025-03"),
                given("--decision", "decision", "Partially accepted"),
                given("--field status", "status", "ongoing"),
            ],
            &Vocabulary::default(),
            &mut errors,
        );
        assert!(errors.is_empty());
        assert_eq!(
            spec.get("decision"),
            Some(&Value::Decision(Decision::PARTIALLY_ACCEPTED))
        );
        let mut errors = Diagnostics::new();
        values(
            &[
                given("--due", "due", "March 2025"),
                given("--decision", "decision", "agreed"),
                given("--field status", "status", "finished-ish"),
            ],
            &Vocabulary::default(),
            &mut errors,
        );
        let text = errors.render(false);
        for needle in [
            "invalid date for --due",
            "did you mean --due 2025-03?",
            "unknown decision `agreed` for --decision",
            "did you mean --decision accepted?",
            "unknown status `finished-ish` for --field status",
        ] {
            assert!(text.contains(needle), "{needle} missing from\n{text}");
        }
    }

    #[test]
    fn field_keys_are_checked_and_given_once() {
        let mut errors = Diagnostics::new();
        let pairs = [
            "lead-officers=Head of Housing".to_string(),
            "statsu=completed".into(),
            "updates=x".into(),
            "nothing".into(),
        ];
        let mut g = field_flags(&pairs, &Table::default(), &mut errors);
        g.push(given("--lead-officer", "lead_officers", "Jo"));
        refuse_twice(&g, &mut errors);
        let text = errors.render(false);
        for needle in [
            "unknown key `statsu`",
            "did you mean `status`?",
            "cannot give updates",
            "not KEY=VALUE",
            "`lead_officers` is given twice, by --field lead_officers and --lead-officer",
        ] {
            assert!(text.contains(needle), "{needle} missing from\n{text}");
        }
    }
}
