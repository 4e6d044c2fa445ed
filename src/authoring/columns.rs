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
    /// What has been done since the plan was agreed ("Outcome", "Action taken", "Progress"):
    /// a dated update (dated by `--as-of`), not the response.
    Progress,
    /// Left out with `--skip`: neither imported nor reported.
    Skipped,
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
            | (Progress, Progress)
            | (Skipped, Skipped)
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
    (
        "progress",
        Target::Progress,
        &[
            "Progress",
            "Outcome",
            "Action taken",
            "Actions taken",
            "Progress update",
            "Progress to date",
        ],
    ),
];

impl Target {
    /// What the column fills, as the dry run names it.
    pub fn describe(&self) -> String {
        match self {
            Target::Field(f) if f.kind == fields::Kind::Body => "response (the file's body)".into(),
            Target::Field(f) => f.key.to_string(),
            Target::Review => "the review (rows of other reviews are left out)".into(),
            Target::ReviewTitle => "the review's title".into(),
            Target::ThemeOutcome => "the theme's outcome".into(),
            Target::Progress => "an update dated --as-of".into(),
            Target::Skipped => "skipped (--skip)".into(),
            Target::Derived => "worked out again (not imported)".into(),
        }
    }
}

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

/// What a header names, if it is a known heading (singular or plural), as written or without
/// a note in brackets: "Accepted (Y/N)" is "Accepted", "Progress update (Jan 2025)" is
/// "Progress update".
pub fn field_of(header: &str) -> Option<Target> {
    let named = |header: &str| {
        let n = normalise(header);
        let one = singular(&n);
        headings()
            .find(|(name, _)| {
                let name = normalise(name);
                name == n || singular(&name) == one
            })
            .map(|(_, t)| t)
    };
    named(header).or_else(|| {
        let (plain, note) = bracketed(header)?;
        named(plain).filter(|_| !note.is_empty())
    })
}

/// A heading and the note in brackets at its end: "Progress update (Jan 2025)" is
/// ("Progress update", "Jan 2025"). `None` without one.
pub fn bracketed(header: &str) -> Option<(&str, &str)> {
    let t = header.trim();
    let (open, close) = match t.chars().last()? {
        ')' => ('(', ')'),
        ']' => ('[', ']'),
        _ => return None,
    };
    let at = t.rfind(open)?;
    let plain = t[..at].trim();
    (!plain.is_empty()).then(|| (plain, t[at + 1..t.len() - close.len_utf8()].trim()))
}

/// Does this header row look like scrutiny's own export? (Then people are split on `;` only.)
pub fn is_export(headers: &[String]) -> bool {
    let has = |fact| {
        let h = fields::derived(fact).header;
        headers.iter().any(|x| x.eq_ignore_ascii_case(h))
    };
    has(fields::Fact::Url) && has(fields::Fact::CurrentStatus)
}

/// Headings a site adds to the built-in ones: a key `--column` takes (a field of the table,
/// which will include the fields a site declares) and headings of its column. The synonyms a
/// site configures in `site.yaml` arrive here, and are matched before the built-in headings.
pub type SiteHeadings<'a> = &'a [(&'a str, &'a [&'a str])];

/// How the columns are to be mapped, besides their names.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// `--column key=Header`
    pub overrides: &'a [String],
    /// `--skip Header`
    pub skip: &'a [String],
    /// Headings from the site's configuration: its declared fields' and its synonyms.
    pub site: SiteHeadings<'a>,
    /// The fields `site.yaml` declares, which `--column` and the site's headings may name.
    pub declared: &'a [&'static fields::Field],
}

/// Each column's target (`None`: not understood, kept in the response under its header).
/// `--skip` and `--column` come first, then the site's headings and the built-in ones (a field
/// claimed by two columns goes to the first); a column of references with no heading, first
/// in the file, is the number.
pub fn map(
    headers: &[String],
    blank: &[bool],
    opts: &Options,
) -> Result<Vec<Option<Target>>, Diagnostics> {
    let mut errors = Diagnostics::new();
    let mut targets: Vec<Option<Target>> = vec![None; headers.len()];
    // What each flag gave each column, so a second flag for one column (or a second column
    // for one key) is an error rather than silently the last one given.
    let mut given: Vec<Option<String>> = vec![None; headers.len()];
    for s in opts.skip {
        if let Some(i) = column_named(headers, s, "--skip", &mut errors) {
            targets[i] = Some(Target::Skipped);
            given[i] = Some(format!("--skip {s}"));
        }
    }
    for o in opts.overrides {
        let Some((i, t)) = override_of(headers, o, opts.declared, &mut errors) else {
            continue;
        };
        if let Some(first) = &given[i] {
            errors.push(arg_error(
                format!("--column {o}: the column `{}` is already given by {first}", headers[i]),
                "a column fills one field: keep one of the two (a date in a timetable column also fills `due`)",
            ));
            continue;
        }
        let many = t == Target::Skipped || t == Target::Derived;
        if let Some(j) = targets.iter().position(|x| !many && *x == Some(t)) {
            errors.push(arg_error(
                format!(
                    "--column {o}: that key is already given the column `{}`",
                    headers[j]
                ),
                "a field is filled from one column: keep one of the two",
            ));
            continue;
        }
        targets[i] = Some(t);
        given[i] = Some(format!("--column {o}"));
    }
    let site = site_headings(opts.site, opts.declared, &mut errors);
    if errors.has_errors() {
        return Err(errors);
    }
    let forced: Vec<bool> = targets.iter().map(Option::is_some).collect();
    let export = is_export(headers);
    for (i, h) in headers.iter().enumerate() {
        if forced[i] || blank.get(i).copied().unwrap_or(false) {
            continue;
        }
        let found = site
            .iter()
            .find(|(name, _)| same_heading(name, h))
            .map(|(_, t)| *t)
            .or_else(|| field_of(h))
            // Only scrutiny's own export holds updates as a list: a council's "Update" or
            // "Updates" column is what has been done, written as text.
            .map(|t| match t {
                Target::Field(f) if f.kind == fields::Kind::Updates && !export => Target::Progress,
                t => t,
            });
        if let Some(f) = found {
            if f == Target::Derived || !targets.contains(&Some(f)) {
                targets[i] = Some(f);
            }
        }
    }
    if let (Some(number), Some(true), Some(None)) = (
        fields::get("number"),
        blank.first(),
        targets.first().copied(),
    ) {
        if !targets.contains(&Some(Target::Field(number))) {
            targets[0] = Some(Target::Field(number));
        }
    }
    Ok(targets)
}

/// Two headings that name one column: equal when normalised, or as singulars.
fn same_heading(a: &str, b: &str) -> bool {
    let (a, b) = (normalise(a), normalise(b));
    a == b || singular(&a) == singular(&b)
}

/// The column a `--column` or `--skip` names (ignoring case and punctuation).
fn column_named(
    headers: &[String],
    name: &str,
    flag: &str,
    errors: &mut Diagnostics,
) -> Option<usize> {
    let name = name.trim();
    let found = headers
        .iter()
        .position(|h| h.eq_ignore_ascii_case(name))
        .or_else(|| headers.iter().position(|h| normalise(h) == normalise(name)));
    if found.is_none() {
        let hint = match did_you_mean(name, headers.iter().map(String::as_str)) {
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
            format!("{flag}: the CSV has no column `{name}`"),
            hint,
        ));
    }
    found
}

/// The target `key` names for `flag`, or an error with the closest key.
fn key_target(
    key: &str,
    flag: &str,
    declared: &[&'static fields::Field],
    errors: &mut Diagnostics,
) -> Option<Target> {
    let mut keys = keys();
    keys.extend(declared.iter().map(|f| (f.key, Target::Field(f))));
    let key_n = key.trim().to_lowercase().replace(['-', ' '], "_");
    if let Some((_, t)) = keys.iter().find(|(k, _)| *k == key_n) {
        return Some(*t);
    }
    let names: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
    let hint = match did_you_mean(&key_n, names.iter().copied()) {
        Some(k) => format!("did you mean `{k}`?"),
        None => format!("the keys are {}", names.join(", ")),
    };
    errors.push(arg_error(
        format!("{flag}: unknown key `{}`", key.trim()),
        hint,
    ));
    None
}

/// `--column key=Header`: the column and what it fills.
fn override_of(
    headers: &[String],
    o: &str,
    declared: &[&'static fields::Field],
    errors: &mut Diagnostics,
) -> Option<(usize, Target)> {
    let Some((key, header)) = o.split_once('=') else {
        errors.push(arg_error(
            format!("--column `{o}` is not key=Header"),
            "write it like --column recommendation=\"Recommendation & Intended Outcomes\"",
        ));
        return None;
    };
    let target = key_target(key, "--column", declared, errors);
    let column = column_named(headers, header, "--column", errors);
    Some((column?, target?))
}

/// The site's headings with their targets.
fn site_headings<'a>(
    site: SiteHeadings<'a>,
    declared: &[&'static fields::Field],
    errors: &mut Diagnostics,
) -> Vec<(&'a str, Target)> {
    site.iter()
        .filter_map(|(key, names)| {
            let t = key_target(key, "site headings", declared, errors)?;
            Some(names.iter().map(move |n| (*n, t)))
        })
        .flatten()
        .collect()
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
        let opts = Options {
            overrides: &["response=officer comments".into()],
            ..Default::default()
        };
        let m = map(&headers, &[false; 3], &opts).unwrap();
        assert_eq!(m, [None, field("response"), None]);
    }

    /// A council's "Update" column is progress text; only scrutiny's export (with its URL and
    /// current status columns) holds the updates as a list.
    #[test]
    fn an_update_column_is_progress_except_in_an_export() {
        let m = map(
            &h(&["No.", "Recommendation", "Update"]),
            &[false; 3],
            &Options::default(),
        )
        .unwrap();
        assert_eq!(m[2], Some(Target::Progress));
        let export = h(&[
            "Number",
            "Recommendation",
            "Updates",
            "URL",
            "Current status",
        ]);
        let m = map(&export, &[false; 5], &Options::default()).unwrap();
        assert_eq!(m[2], field("updates"));
    }

    /// Two flags for one column, or two columns for one key: an error naming both, not the
    /// last one silently kept.
    #[test]
    fn a_column_or_key_given_twice_is_an_error() {
        let headers = h(&["Recommendation", "Deadline", "Owner"]);
        let twice = ["due=Deadline".to_string(), "timetable=Deadline".into()];
        let opts = Options {
            overrides: &twice,
            ..Default::default()
        };
        let text = map(&headers, &[false; 3], &opts).unwrap_err().render(false);
        assert!(
            text.contains("--column timetable=Deadline: the column `Deadline` is already given by --column due=Deadline"),
            "{text}"
        );
        let skip = ["Owner".to_string()];
        let both = ["lead_officers=Owner".to_string()];
        let opts = Options {
            overrides: &both,
            skip: &skip,
            ..Default::default()
        };
        let text = map(&headers, &[false; 3], &opts).unwrap_err().render(false);
        assert!(text.contains("already given by --skip Owner"), "{text}");
        let two_columns = ["due=Deadline".to_string(), "due=Owner".into()];
        let opts = Options {
            overrides: &two_columns,
            ..Default::default()
        };
        let text = map(&headers, &[false; 3], &opts).unwrap_err().render(false);
        assert!(
            text.contains("--column due=Owner: that key is already given the column `Deadline`"),
            "{text}"
        );
    }

    #[test]
    fn bad_overrides_suggest_the_closest() {
        let overrides = [
            "lead_oficers=Owner".to_string(),
            "title=Titel".into(),
            "x".into(),
        ];
        let skip = ["Ownr".to_string()];
        let opts = Options {
            overrides: &overrides,
            skip: &skip,
            ..Default::default()
        };
        let err = map(&h(&["Recommendation", "Owner"]), &[false; 2], &opts).unwrap_err();
        let text = err.render(false);
        assert!(text.contains("did you mean `lead_officers`?"), "{text}");
        assert!(text.contains("no column `Titel`"), "{text}");
        assert!(text.contains("not key=Header"), "{text}");
        assert!(
            text.contains("--skip: the CSV has no column `Ownr`"),
            "{text}"
        );
    }

    #[test]
    fn a_blank_first_heading_is_the_number_and_site_headings_come_first() {
        let headers = h(&["Column 1", "Recommendation", "Outcome", "Owner"]);
        let owner: &[&str] = &["Owner"];
        let site = [("lead_officers", owner)];
        let opts = Options {
            site: &site,
            ..Default::default()
        };
        let m = map(&headers, &[true, false, false, false], &opts).unwrap();
        assert_eq!(
            m,
            [
                field("number"),
                field("recommendation"),
                Some(Target::Progress),
                field("lead_officers")
            ]
        );
        let m = map(
            &h(&["Ref", "Column 2"]),
            &[false, true],
            &Options::default(),
        )
        .unwrap();
        assert_eq!(m, [field("number"), None]);
    }
}
