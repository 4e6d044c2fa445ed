//! Which CSV column holds which field: header names as councils write them (matched ignoring
//! case, punctuation and a plural "/s"), the headers of scrutiny's own CSV export, and
//! `--column key=Header` overrides.

use super::arg_error;
use crate::diagnostics::{did_you_mean, Diagnostics};

/// A field a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Review,
    ReviewTitle,
    Number,
    Title,
    Recommendation,
    Theme,
    ThemeOutcome,
    CabinetMembers,
    LeadOfficers,
    FinancialImpact,
    Response,
    Decision,
    Status,
    Due,
    Timetable,
    Updates,
    /// A column of scrutiny's export that is worked out again from the content (current status,
    /// overdue, URL, …): read past, never imported.
    Derived,
}

impl Field {
    /// Keys accepted by `--column key=Header`.
    pub const KEYS: &'static [(&'static str, Field)] = &[
        ("number", Field::Number),
        ("title", Field::Title),
        ("recommendation", Field::Recommendation),
        ("theme", Field::Theme),
        ("theme_outcome", Field::ThemeOutcome),
        ("cabinet_members", Field::CabinetMembers),
        ("lead_officers", Field::LeadOfficers),
        ("financial_impact", Field::FinancialImpact),
        ("response", Field::Response),
        ("decision", Field::Decision),
        ("status", Field::Status),
        ("due", Field::Due),
        ("timetable", Field::Timetable),
        ("updates", Field::Updates),
        ("review", Field::Review),
        ("review_title", Field::ReviewTitle),
    ];
}

/// Known header names, normalised (see [`normalise`]).
const NAMES: &[(&str, Field)] = &[
    ("review", Field::Review),
    ("number", Field::Number),
    ("no", Field::Number),
    ("ref", Field::Number),
    ("reference", Field::Number),
    ("recommendation number", Field::Number),
    ("recommendation no", Field::Number),
    ("rec no", Field::Number),
    ("title", Field::Title),
    ("short title", Field::Title),
    ("recommendation", Field::Recommendation),
    ("recommendation and intended outcome", Field::Recommendation),
    (
        "recommendation and intended outcomes",
        Field::Recommendation,
    ),
    ("recommended action", Field::Recommendation),
    ("scrutiny recommendation", Field::Recommendation),
    ("theme", Field::Theme),
    ("theme title", Field::Theme),
    ("theme outcome", Field::ThemeOutcome),
    ("intended outcome", Field::ThemeOutcome),
    ("intended overall outcome", Field::ThemeOutcome),
    ("cabinet member", Field::CabinetMembers),
    ("relevant cabinet member", Field::CabinetMembers),
    ("lead cabinet member", Field::CabinetMembers),
    ("portfolio holder", Field::CabinetMembers),
    ("lead member", Field::CabinetMembers),
    ("lead officer", Field::LeadOfficers),
    ("responsible officer", Field::LeadOfficers),
    ("financial impact", Field::FinancialImpact),
    ("financial implication", Field::FinancialImpact),
    ("response", Field::Response),
    ("officer response", Field::Response),
    ("executive response", Field::Response),
    ("cabinet response", Field::Response),
    ("decision", Field::Decision),
    ("executive decision", Field::Decision),
    ("cabinet decision", Field::Decision),
    ("status", Field::Status),
    ("due", Field::Due),
    ("due date", Field::Due),
    ("target date", Field::Due),
    ("timetable", Field::Timetable),
    ("timescale", Field::Timetable),
    ("timeline", Field::Timetable),
    ("updates", Field::Updates),
    ("review title", Field::ReviewTitle),
    ("current status", Field::Derived),
    ("current status label", Field::Derived),
    ("current due", Field::Derived),
    ("overdue", Field::Derived),
    ("days overdue", Field::Derived),
    ("awaiting response", Field::Derived),
    ("stale", Field::Derived),
    ("done", Field::Derived),
    ("last updated", Field::Derived),
    ("url", Field::Derived),
];

/// Lower case, `&` as "and", "Officer/s" and "Member(s)" as singular, punctuation as spaces.
pub fn normalise(header: &str) -> String {
    let lower = header
        .to_lowercase()
        .replace('&', " and ")
        .replace("(s)", "")
        .replace("/s", "")
        .replace('’', "'");
    let cleaned: String = lower
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The field a header names, if it is a known name (singular or plural).
pub fn field_of(header: &str) -> Option<Field> {
    let n = normalise(header);
    let singular = n.strip_suffix('s').unwrap_or(&n);
    NAMES
        .iter()
        .find(|(name, _)| *name == n || *name == singular)
        .map(|(_, f)| *f)
}

/// Does this header row look like scrutiny's own export? (Then people are split on `;` only.)
pub fn is_export(headers: &[String]) -> bool {
    let has = |h: &str| headers.iter().any(|x| x.eq_ignore_ascii_case(h));
    has("URL") && has("Current status")
}

/// Each column's field (`None`: not understood, kept in the response under its header).
/// A field claimed by two columns goes to the first; `--column` mappings win over names.
pub fn map(headers: &[String], overrides: &[String]) -> Result<Vec<Option<Field>>, Diagnostics> {
    let mut errors = Diagnostics::new();
    let mut forced: Vec<(usize, Field)> = Vec::new();
    for o in overrides {
        let Some((key, header)) = o.split_once('=') else {
            errors.push(arg_error(
                format!("--column `{o}` is not key=Header"),
                "write it like --column recommendation=\"Recommendation & Intended Outcomes\"",
            ));
            continue;
        };
        let key_n = key.trim().to_lowercase().replace(['-', ' '], "_");
        let Some(field) = Field::KEYS
            .iter()
            .find(|(k, _)| *k == key_n)
            .map(|(_, f)| *f)
        else {
            let keys: Vec<&str> = Field::KEYS.iter().map(|(k, _)| *k).collect();
            let hint = match did_you_mean(&key_n, keys.iter().copied()) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("the keys are {}", keys.join(", ")),
            };
            errors.push(arg_error(
                format!("--column: unknown key `{}`", key.trim()),
                hint,
            ));
            continue;
        };
        match headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(header.trim()))
        {
            Some(i) => forced.push((i, field)),
            None => {
                let hint = match did_you_mean(header.trim(), headers.iter().map(String::as_str)) {
                    Some(h) => format!("did you mean `{h}`?"),
                    None => format!(
                        "the CSV's columns are {}",
                        headers
                            .iter()
                            .map(|h| format!("`{h}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                errors.push(arg_error(
                    format!("--column: the CSV has no column `{}`", header.trim()),
                    hint,
                ));
            }
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    let mut fields: Vec<Option<Field>> = vec![None; headers.len()];
    for (i, f) in &forced {
        fields[*i] = Some(*f);
    }
    for (i, h) in headers.iter().enumerate() {
        if forced.iter().any(|(j, _)| *j == i) {
            continue;
        }
        if let Some(f) = field_of(h) {
            let taken = f != Field::Derived && fields.contains(&Some(f));
            if !taken {
                fields[i] = Some(f);
            }
        }
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn council_headers_and_variants_are_recognised() {
        assert_eq!(
            field_of("Recommendation & Intended Outcomes"),
            Some(Field::Recommendation)
        );
        assert_eq!(
            field_of("Relevant Cabinet Member"),
            Some(Field::CabinetMembers)
        );
        assert_eq!(field_of("Officer Response/s"), Some(Field::Response));
        assert_eq!(field_of("Lead Officer/s"), Some(Field::LeadOfficers));
        assert_eq!(field_of("LEAD OFFICERS"), Some(Field::LeadOfficers));
        assert_eq!(field_of("Financial impacts"), Some(Field::FinancialImpact));
        assert_eq!(field_of("Timetable"), Some(Field::Timetable));
        assert_eq!(field_of("Notes"), None);
        for column in crate::model::fields::csv_columns() {
            assert!(field_of(column.header()).is_some(), "{}", column.header());
        }
    }

    #[test]
    fn overrides_win_and_duplicates_stay_unmapped() {
        let headers = h(&["Response", "Officer comments", "Response"]);
        let m = map(&headers, &["response=officer comments".into()]).unwrap();
        assert_eq!(m, [None, Some(Field::Response), None]);
    }

    #[test]
    fn bad_overrides_suggest_the_closest() {
        let err = map(
            &h(&["Recommendation", "Owner"]),
            &[
                "lead_oficers=Owner".into(),
                "title=Titel".into(),
                "x".into(),
            ],
        )
        .unwrap_err();
        let text = err.render(false);
        assert!(text.contains("did you mean `lead_officers`?"), "{text}");
        assert!(text.contains("no column `Titel`"), "{text}");
        assert!(text.contains("not key=Header"), "{text}");
    }
}
