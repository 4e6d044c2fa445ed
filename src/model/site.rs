//! Reviews, themes, recommendations, updates and people.

use super::{Accessibility, Decision, Licence, PartialDate, Slug, Status, Vocabulary};
use jiff::civil::Date;
use std::path::PathBuf;

/// Site-wide settings from `site.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub title: String,
    pub organisation: String,
    /// Always ends with `/`.
    pub base_url: String,
    /// The path part of `base_url`, e.g. `/scrutiny/`; always starts and ends with `/`.
    pub base_path: String,
    pub language: String,
    pub theme: String,
    pub description: Option<String>,
    pub awaiting_response_days: i64,
    pub stale_days: i64,
    pub vocabulary: Vocabulary,
    /// How residents reach the publisher (accessibility statement, footer).
    pub contact: Contact,
    /// What the accessibility statement says about the site.
    pub accessibility: Accessibility,
    /// The licence of the content and open data.
    pub licence: Licence,
    /// The recommendation fields: built in, then declared in `site.yaml`.
    pub fields: super::fields::Table,
    /// The committee report's heading and columns.
    pub report: Report,
    /// Roles renamed after a reshuffle: old name → new name. Records keep the old name; the
    /// new role's page lists both.
    pub renamed_roles: Vec<(String, String)>,
    /// More headings `import` reads as a field's column: field key → headings.
    pub import_headings: Vec<(&'static str, Vec<String>)>,
    /// Where the public change record comes from (`history: git`), if anywhere.
    pub history: super::history::HistorySource,
}

/// The committee report: the sentence under its heading and its columns, in order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// Under the heading; `None` is the SCRAIP wording.
    pub intro: Option<String>,
    pub columns: Vec<ReportColumn>,
}

/// One column of the committee report: a field (by key) and its heading.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReportColumn {
    pub key: &'static str,
    pub label: String,
}

impl Default for Report {
    /// A SCRAIP's columns, as the report has always printed them.
    fn default() -> Report {
        let columns = [
            ("recommendation", "Recommendation & intended outcome"),
            ("cabinet_members", "Cabinet Member"),
            ("financial_impact", "Financial impact"),
            ("response", "Officer response"),
            ("lead_officers", "Lead officer"),
            ("status", "Status"),
        ];
        Report {
            intro: None,
            columns: columns
                .into_iter()
                .map(|(key, label)| ReportColumn {
                    key,
                    label: label.into(),
                })
                .collect(),
        }
    }
}

impl Report {
    /// The default columns fitted to the site's fields: a hidden field's column left out, a
    /// relabelled field's heading the site's label.
    pub fn fit(&mut self, table: &super::fields::Table) {
        let builtin = super::fields::Table::default();
        self.columns.retain(|c| table.shows(c.key));
        for c in &mut self.columns {
            let (Some(now), Some(was)) = (table.get(c.key), builtin.get(c.key)) else {
                continue;
            };
            if now.label != was.label {
                c.label = now.label.to_string();
            }
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.columns.iter().any(|c| c.key == key)
    }
}

/// Contact details from `site.yaml`'s `contact:` mapping; every field optional.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Contact {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
    pub address: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Scrutiny recommendations".into(),
            organisation: String::new(),
            base_url: "/".into(),
            base_path: "/".into(),
            language: "en-GB".into(),
            theme: "default".into(),
            description: None,
            awaiting_response_days: 28,
            stale_days: 180,
            vocabulary: Vocabulary::default(),
            contact: Contact::default(),
            accessibility: Accessibility::default(),
            licence: Licence::default(),
            fields: Default::default(),
            report: Report::default(),
            renamed_roles: Vec::new(),
            import_headings: Vec::new(),
            history: Default::default(),
        }
    }
}

/// Markdown as the author wrote it; rendered (safely) by `text::markdown`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Markdown(pub String);

impl Markdown {
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub config: Config,
    /// Shared, so the preview can keep an unchanged review from one rebuild to the next.
    pub reviews: Vec<std::sync::Arc<Review>>,
    /// Everyone named, in the order of their names (see [`super::people`]).
    pub people: Vec<Person>,
    /// Each name as written on a recommendation → its person in `people`.
    pub person_of_name: rustc_hash::FxHashMap<String, usize>,
    pub today: Date,
    /// How far back the change record reaches (`history: git`).
    pub reach: super::history::Reach,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Review {
    pub slug: Slug,
    pub title: String,
    pub committee: Option<String>,
    pub date: Option<PartialDate>,
    pub reported_to: Option<String>,
    pub summary: Option<String>,
    /// The committee signed the review off: unfinished work is shown as closed without
    /// completion, no longer as overdue, stale or awaiting.
    pub closed: Option<PartialDate>,
    pub closed_reason: Option<String>,
    /// The review's source documents (agenda item, minutes, report).
    pub sources: Vec<Link>,
    pub introduction: Markdown,
    /// Sorted by `order`, then title.
    pub themes: Vec<Theme>,
    /// Sorted by number.
    pub recommendations: Vec<Recommendation>,
    /// Recommendations whose files were removed, with their change records (`history: git`).
    pub gone: Vec<super::history::Gone>,
    pub file: PathBuf,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub slug: Slug,
    pub title: String,
    pub outcome: Option<String>,
    pub order: Option<i64>,
    pub description: Markdown,
    pub file: PathBuf,
}

/// A recommendation number as the plan writes it: "5", "3.2", "2b", "SC18", "SR (25/26) 01".
/// Sorts naturally: runs of digits by their value, other text case-insensitively, a number
/// before text (1, 2, 2a, 2b, 3.2, 3.10, 10, SC9, SC10).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Number {
    pub text: String,
    key: Vec<Run>,
}

/// A run of a number's text: digits, or anything else (lower-cased). Separators (`.`, `-`,
/// spaces, brackets, `/`) end a run and are not compared.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Run {
    Digits(u64),
    Text(String),
}

fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Vec<Run>| {
        if current.is_empty() {
            return;
        }
        let run = if current.bytes().all(|b| b.is_ascii_digit()) {
            Run::Digits(current.parse().unwrap_or(u64::MAX))
        } else {
            Run::Text(current.to_lowercase())
        };
        out.push(run);
        current.clear();
    };
    for c in text.chars() {
        let separator = !c.is_alphanumeric();
        let switches = current
            .chars()
            .last()
            .is_some_and(|last| last.is_ascii_digit() != c.is_ascii_digit());
        if separator || switches {
            flush(&mut current, &mut out);
        }
        if !separator {
            current.push(c);
        }
    }
    flush(&mut current, &mut out);
    out
}

impl Number {
    pub fn new(text: &str) -> Number {
        let text = text.trim().to_string();
        let key = runs(&text);
        Number { text, key }
    }

    /// The URL segment: the number itself when URL-safe, else a slug of it.
    pub fn slug(&self) -> Slug {
        Slug::from_text(&self.text.replace('.', "-"))
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // Numbers that differ only in case or separators are still told apart, by their text.
        self.key
            .cmp(&other.key)
            .then_with(|| self.text.cmp(&other.text))
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    pub date: PartialDate,
    pub status: Option<Status>,
    /// A revised target date; the note must give the reason.
    pub due: Option<PartialDate>,
    pub note: Markdown,
    pub links: Vec<Link>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    pub number: Number,
    pub slug: Slug,
    pub title: String,
    pub recommendation: Markdown,
    pub theme: Option<Slug>,
    pub cabinet_members: Vec<String>,
    pub lead_officers: Vec<String>,
    pub financial_impact: Option<String>,
    pub decision: Decision,
    /// The `status` key as written (the current status is in `facts`).
    pub status: Status,
    pub due: Option<PartialDate>,
    pub timetable: Option<String>,
    /// Newest first.
    pub updates: Vec<Update>,
    pub draft: bool,
    /// Withdrawn on this date: it keeps its page, saying so, and is no longer late.
    pub withdrawn: Option<PartialDate>,
    pub withdrawn_reason: Option<String>,
    /// Earlier addresses (paths under the site, e.g. `safety/3/`) that redirect to its page.
    pub aliases: Vec<String>,
    /// Where each alias is written in the file (position, line), for errors found later.
    pub alias_at: Vec<(crate::diagnostics::Position, String)>,
    pub response: Markdown,
    /// The fields the model has no struct field for, by key. The field table
    /// ([`super::fields::FIELDS`]) is the list of fields; the struct fields above are the ones
    /// code reasons about.
    pub extra: super::fields::Extra,
    pub file: PathBuf,
    pub facts: Facts,
    /// Its public change record, newest first (empty unless the site has `history: git`).
    pub changes: Vec<super::history::Change>,
}

/// What is derived from the content and today's date.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facts {
    pub status: Option<Status>,
    /// The current target date as set (`due`, or the newest revision in an update).
    pub due: Option<PartialDate>,
    /// Without a set date, the date the plan's timetable promises ([`super::timetable`]).
    pub timetable_due: Option<super::timetable::Implied>,
    /// Every revised target date, oldest first, with the date of the update that set it.
    pub revised_dues: Vec<(PartialDate, PartialDate)>,
    pub done: bool,
    /// Its status means paused: not late while paused, counted on its own.
    pub paused: bool,
    /// Unfinished when its review was closed: shown with its final state, never as done.
    pub closed_unfinished: bool,
    /// Withdrawn (see `Recommendation::withdrawn`).
    pub withdrawn: bool,
    /// The site records decisions and this one's is not recorded.
    pub no_decision: bool,
    /// Past its target (set or from the timetable) and not done.
    pub overdue: bool,
    /// Days since the target date ended, for ordering lists; pages say the date instead.
    pub days_overdue: i64,
    /// The executive's decision was due (`awaiting_response_days` after the review) and is
    /// still not given.
    pub awaiting_response: bool,
    /// The last day the response was due by, when one is awaited.
    pub response_due: Option<jiff::civil::Date>,
    /// No progress reported for `stale_days`.
    pub stale: bool,
    /// Since when nothing was reported: the last update, else the review's date.
    pub quiet_since: Option<PartialDate>,
    /// Agreed (or not recorded), not done, not ongoing work, and no target date at all:
    /// neither set nor in the timetable.
    pub no_target_date: bool,
    pub last_updated: Option<PartialDate>,
    /// The officer response is template text nobody replaced.
    pub placeholder_response: bool,
    /// The financial impact is a template phrase.
    pub placeholder_financial_impact: bool,
}

impl Facts {
    /// The target the lateness questions use: the set date, else the timetable's.
    pub fn target(&self) -> Option<PartialDate> {
        self.due.or(self.timetable_due.map(|i| i.due))
    }
}

impl Recommendation {
    pub fn current_status(&self) -> Status {
        self.facts.status.unwrap_or(self.status)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    CabinetMember,
    LeadOfficer,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::CabinetMember => "Cabinet member",
            Role::LeadOfficer => "Lead officer",
        }
    }
}

/// Where a recommendation lives: indexes into `Site::reviews` and its `recommendations`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecRef {
    pub review: usize,
    pub rec: usize,
}

/// One person, however their name is written (see [`super::people::person_key`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub slug: Slug,
    /// The spelling shown everywhere: the one written most often.
    pub name: String,
    /// Every spelling written, sorted.
    pub spellings: Vec<String>,
    /// What they own, in site order; a renamed role's page lists its former name's too.
    pub owns: Vec<(RecRef, Role)>,
    /// A role renamed after a reshuffle (`roles:` in site.yaml): the role it is now.
    pub renamed_to: Option<usize>,
    /// The names this role had before (their people), whose recommendations it lists too.
    pub formerly: Vec<usize>,
}

impl Site {
    pub fn rec(&self, r: RecRef) -> &Recommendation {
        &self.reviews[r.review].recommendations[r.rec]
    }

    /// The person a name as written on one of the site's recommendations refers to.
    pub fn person(&self, name: &str) -> Option<&Person> {
        self.person_of_name.get(name).map(|i| &self.people[*i])
    }

    /// The people `names` (as written on a recommendation) refer to, each once, in order, as
    /// indexes into `people`.
    pub fn people_in(&self, names: &[String]) -> Vec<usize> {
        let found = names
            .iter()
            .filter_map(|n| self.person_of_name.get(n.as_str()).copied());
        let mut out: Vec<usize> = Vec::with_capacity(names.len());
        // A few names (nearly always): compared with those kept; thousands: a set.
        if names.len() <= 16 {
            for i in found {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
        } else {
            let mut seen: rustc_hash::FxHashSet<usize> = Default::default();
            out.extend(found.filter(|i| seen.insert(*i)));
        }
        out
    }

    /// The names the site shows for `written` (as written on a recommendation): each person
    /// once, under the name their page shows. A name that is no one's page (a field the people
    /// pages do not list) is kept as written.
    pub fn shown_names<'a>(&'a self, written: &'a [String]) -> Vec<&'a str> {
        if written.iter().all(|n| self.person_of_name.contains_key(n)) {
            return self
                .people_in(written)
                .into_iter()
                .map(|i| self.people[i].name.as_str())
                .collect();
        }
        let mut out: Vec<&str> = Vec::with_capacity(written.len());
        for name in written {
            let shown = self.person(name).map_or(name.as_str(), |p| p.name.as_str());
            if !out.contains(&shown) {
                out.push(shown);
            }
        }
        out
    }

    pub fn all_recs(&self) -> impl Iterator<Item = (RecRef, &Recommendation)> {
        self.reviews.iter().enumerate().flat_map(|(ri, review)| {
            review
                .recommendations
                .iter()
                .enumerate()
                .map(move |(i, r)| (RecRef { review: ri, rec: i }, r))
        })
    }
}

/// Counts of recommendations by current status (never a percentage that treats "not reported" as 0).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Counts {
    pub total: usize,
    pub by_status: Vec<(Status, usize)>,
    pub by_decision: Vec<(Decision, usize)>,
    pub done: usize,
    /// How many carry each flag, in [`Flag::ALL`] order ("of which" counts: they overlap).
    pub flags: [usize; super::flags::Flag::ALL.len()],
}

impl Counts {
    pub fn flag(&self, flag: super::flags::Flag) -> usize {
        let at = super::flags::Flag::ALL.iter().position(|f| *f == flag);
        at.map_or(0, |i| self.flags[i])
    }

    /// Counts by the site's statuses and decisions, in its order.
    pub fn in_vocabulary<'a>(
        recs: impl IntoIterator<Item = &'a Recommendation>,
        vocab: &Vocabulary,
    ) -> Counts {
        let mut by_status: Vec<(Status, usize)> =
            vocab.statuses.iter().map(|(s, _)| (*s, 0)).collect();
        let mut by_decision: Vec<(Decision, usize)> =
            vocab.decisions.iter().map(|(d, _)| (*d, 0)).collect();
        let mut c = Counts::default();
        for r in recs {
            c.total += 1;
            let s = r.current_status();
            if let Some(slot) = by_status.iter_mut().find(|(k, _)| *k == s) {
                slot.1 += 1;
            }
            if let Some(slot) = by_decision.iter_mut().find(|(k, _)| *k == r.decision) {
                slot.1 += 1;
            }
            c.done += usize::from(r.facts.done);
            for (n, flag) in c.flags.iter_mut().zip(super::flags::Flag::ALL) {
                *n += usize::from(flag.of(r));
            }
        }
        c.by_status = by_status;
        c.by_decision = by_decision;
        c
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn numbers_sort_as_a_plan_reads_them() {
        let written = [
            "SC10",
            "10",
            "3.10",
            "2b",
            "SC9",
            "1",
            "3.2",
            "2a",
            "2",
            "b)",
            "a)",
            "SR (25/26) 02",
            "SR (25/26) 01",
        ];
        let mut numbers: Vec<Number> = written.iter().map(|t| Number::new(t)).collect();
        numbers.sort();
        let sorted: Vec<&str> = numbers.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(
            sorted,
            [
                "1",
                "2",
                "2a",
                "2b",
                "3.2",
                "3.10",
                "10",
                "a)",
                "b)",
                "SC9",
                "SC10",
                "SR (25/26) 01",
                "SR (25/26) 02"
            ]
        );
        assert!(Number::new("sc9") != Number::new("SC9"));
        assert_ne!(
            Number::new("sc9").cmp(&Number::new("SC9")),
            std::cmp::Ordering::Equal
        );
    }

    use super::*;

    #[test]
    fn numbers_sort_numerically() {
        let mut v = [
            Number::new("10"),
            Number::new("3.2"),
            Number::new("3.10"),
            Number::new("2"),
        ];
        v.sort();
        let t: Vec<&str> = v.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(t, ["2", "3.2", "3.10", "10"]);
        assert_eq!(Number::new("3.2").slug().as_str(), "3-2");
    }
}
