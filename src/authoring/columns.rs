//! Which CSV column holds which field: the headings of the field table (each field's own
//! column and the names councils give it, [`fields::FIELDS`]), the columns of scrutiny's export
//! that are worked out again ([`fields::DERIVED`]), a few that are not a recommendation's, and
//! `--column key=Header` overrides. Headings are matched ignoring case, punctuation and a
//! plural "/s".

use super::arg_error;
use crate::diagnostics::{did_you_mean, Diagnostics};
use crate::model::fields::{self, Field};

/// What a column can fill.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// A recommendation's field.
    Field(&'static Field),
    /// The review the row belongs to (scrutiny's export of several reviews).
    Review,
    /// The review's title, for a new review.
    ReviewTitle,
    /// The theme's intended outcome, for a new theme file.
    ThemeOutcome,
    /// A column of scrutiny's export that is worked out again from the content (current status,
    /// overdue, URL, …): read past, never imported.
    Derived,
}

impl PartialEq for Target {
    fn eq(&self, other: &Target) -> bool {
        use Target::*;
        match (self, other) {
            (Field(a), Field(b)) => a.key == b.key,
            (Review, Review)
            | (ReviewTitle, ReviewTitle)
            | (ThemeOutcome, ThemeOutcome)
            | (Derived, Derived) => true,
            _ => false,
        }
    }
}

/// The columns that are not a recommendation's fields: `--column` key, target and headings
/// (the review's is the export's `Review` column, [`fields::Fact::Review`]).
const OTHERS: &[(&str, Target, &[&str])] = &[
    ("review", Target::Review, &[]),
    ("review_title", Target::ReviewTitle, &["Review title"]),
    (
        "theme_outcome",
        Target::ThemeOutcome,
        &[
            "Theme outcome",
            "Intended outcome",
            "Intended overall outcome",
        ],
    ),
];

/// The keys `--column key=Header` accepts, with what they fill: the importable fields in the
/// table's order, then the others.
pub fn keys() -> Vec<(&'static str, Target)> {
    fields::FIELDS
        .iter()
        .filter(|f| f.importable())
        .map(|f| (f.key, Target::Field(f)))
        .chain(OTHERS.iter().map(|(k, t, _)| (*k, *t)))
        .collect()
}

/// Every heading known, with its target: the fields' first, then the others', then the
/// worked-out columns'.
fn headings() -> impl Iterator<Item = (&'static str, Target)> {
    let fields = fields::FIELDS
        .iter()
        .flat_map(|f| f.headings().map(move |h| (h, Target::Field(f))));
    let others = OTHERS
        .iter()
        .flat_map(|(_, t, names)| names.iter().map(move |h| (*h, *t)));
    let derived = fields::DERIVED.iter().flat_map(|d| {
        // The export's review column says which review a row belongs to.
        let target = match d.fact {
            fields::Fact::Review => Target::Review,
            _ => Target::Derived,
        };
        std::iter::once(d.header)
            .chain(d.also.iter().copied())
            .map(move |h| (h, target))
    });
    fields.chain(others).chain(derived)
}

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

/// A normalised heading without a final plural "s".
fn singular(normalised: &str) -> &str {
    normalised.strip_suffix('s').unwrap_or(normalised)
}

/// What a header names, if it is a known heading (singular or plural).
pub fn field_of(header: &str) -> Option<Target> {
    let n = normalise(header);
    let one = singular(&n);
    headings()
        .find(|(name, _)| {
            let name = normalise(name);
            name == n || singular(&name) == one
        })
        .map(|(_, t)| t)
}

/// Does this header row look like scrutiny's own export? (Then people are split on `;` only.)
pub fn is_export(headers: &[String]) -> bool {
    let has = |fact| {
        let h = fields::derived(fact).header;
        headers.iter().any(|x| x.eq_ignore_ascii_case(h))
    };
    has(fields::Fact::Url) && has(fields::Fact::CurrentStatus)
}

/// Each column's field (`None`: not understood, kept in the response under its header).
/// A field claimed by two columns goes to the first; `--column` mappings win over names.
pub fn map(headers: &[String], overrides: &[String]) -> Result<Vec<Option<Target>>, Diagnostics> {
    let mut errors = Diagnostics::new();
    let mut forced: Vec<(usize, Target)> = Vec::new();
    let keys = keys();
    for o in overrides {
        let Some((key, header)) = o.split_once('=') else {
            errors.push(arg_error(
                format!("--column `{o}` is not key=Header"),
                "write it like --column recommendation=\"Recommendation & Intended Outcomes\"",
            ));
            continue;
        };
        let key_n = key.trim().to_lowercase().replace(['-', ' '], "_");
        let Some(field) = keys.iter().find(|(k, _)| *k == key_n).map(|(_, f)| *f) else {
            let keys: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
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
    let mut fields: Vec<Option<Target>> = vec![None; headers.len()];
    for (i, f) in &forced {
        fields[*i] = Some(*f);
    }
    for (i, h) in headers.iter().enumerate() {
        if forced.iter().any(|(j, _)| *j == i) {
            continue;
        }
        if let Some(f) = field_of(h) {
            let taken = f != Target::Derived && fields.contains(&Some(f));
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

    fn field(key: &str) -> Option<Target> {
        fields::get(key).map(Target::Field)
    }

    #[test]
    fn council_headers_and_variants_are_recognised() {
        assert_eq!(
            field_of("Recommendation & Intended Outcomes"),
            field("recommendation")
        );
        assert_eq!(
            field_of("Recommendation and intended outcome"),
            field("recommendation")
        );
        assert_eq!(
            field_of("Relevant Cabinet Member"),
            field("cabinet_members")
        );
        assert_eq!(field_of("Officer Response/s"), field("response"));
        assert_eq!(field_of("Lead Officer/s"), field("lead_officers"));
        assert_eq!(field_of("LEAD OFFICERS"), field("lead_officers"));
        assert_eq!(field_of("Financial impacts"), field("financial_impact"));
        assert_eq!(field_of("Financial implication"), field("financial_impact"));
        assert_eq!(field_of("Timetable"), field("timetable"));
        assert_eq!(field_of("Intended outcome"), Some(Target::ThemeOutcome));
        assert_eq!(field_of("Days overdue"), Some(Target::Derived));
        assert_eq!(field_of("Review"), Some(Target::Review));
        assert_eq!(field_of("Notes"), None);
        for column in crate::model::fields::csv_columns() {
            assert!(field_of(column.header()).is_some(), "{}", column.header());
        }
    }

    #[test]
    fn no_heading_names_two_things() {
        let all: Vec<(&str, Target)> = headings().collect();
        for (i, (a, ta)) in all.iter().enumerate() {
            for (b, tb) in &all[i + 1..] {
                let (na, nb) = (normalise(a), normalise(b));
                if singular(&na) == singular(&nb) {
                    assert_eq!(ta, tb, "`{a}` and `{b}` are one heading");
                }
            }
        }
    }

    #[test]
    fn overrides_win_and_duplicates_stay_unmapped() {
        let headers = h(&["Response", "Officer comments", "Response"]);
        let m = map(&headers, &["response=officer comments".into()]).unwrap();
        assert_eq!(m, [None, field("response"), None]);
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
