//! The recommendation's fields, in one table ([`FIELDS`]): for each key of a recommendation
//! file, what it holds, whether it must be there, where the site shows it, its column in the
//! open data, the headings `import` knows it by, and what `new` writes for it.
//!
//! Everything that lists the fields reads this table: `check`'s known keys and "did you mean"
//! hints (`validate/content.rs`), the open data's records and columns (`render/data.rs`),
//! `import`'s column headings (`authoring/columns.rs`, `rows.rs`), the files `new`, `init` and
//! `import` write (`authoring/emit.rs`), the keys `update` edits, and `rec.fields` in the
//! templates. The columns the open data works out rather than reads ([`DERIVED`]) are listed
//! next to it.
//!
//! Where the model has a struct field of its own for a field (code reasons about status, dates
//! and people), the table says how to read it ([`Store::Model`]); any other field is kept by key
//! in `Recommendation::extra` ([`Store::Extra`]). So a new field is one entry here, plus the
//! templates that show it. The table is a slice of values, not an enum: a field a site declares
//! in `site.yaml` can be one more `Field`, stored as `Extra`.

use super::{Decision, PartialDate, Recommendation, Slug, Status, Update};
use std::sync::LazyLock;

/// What a field holds, which decides how it is read, written, imported and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The recommendation's number: a whole number, or text such as "3.2".
    Number,
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// The slug of one of the review's themes.
    Theme,
    /// A list of names (one name is accepted as a list of one).
    People,
    /// A date: YYYY-MM-DD, YYYY-MM or YYYY.
    Date,
    /// One of the decisions.
    Decision,
    /// One of the statuses.
    Status,
    /// Dated progress reports: the record's history.
    Updates,
    /// `true` or `false`.
    Flag,
    /// Not a front-matter key: the file's body, in Markdown.
    Body,
}

impl Kind {
    /// The name templates see (`site.fields[].kind`).
    pub fn key(self) -> &'static str {
        match self {
            Kind::Number => "number",
            Kind::Text => "text",
            Kind::Markdown => "markdown",
            Kind::Theme => "theme",
            Kind::People => "people",
            Kind::Date => "date",
            Kind::Decision => "decision",
            Kind::Status => "status",
            Kind::Updates => "updates",
            Kind::Flag => "flag",
            Kind::Body => "body",
        }
    }
}

/// Where the site shows a field. Each place includes the ones after it: what a card shows, the
/// page shows too, and every shown field is in the open data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// On the recommendation's card in every list.
    Card,
    /// On the recommendation's page and in the committee report.
    Page,
    /// Only in the open data (JSON and CSV).
    Data,
    /// Nowhere: it steers the build (`draft`).
    Hidden,
}

impl Shown {
    pub fn key(self) -> &'static str {
        match self {
            Shown::Card => "card",
            Shown::Page => "page",
            Shown::Data => "data",
            Shown::Hidden => "hidden",
        }
    }

    /// In the open data.
    pub fn published(self) -> bool {
        self != Shown::Hidden
    }

    /// On the site's pages (and so in `rec.fields`).
    pub fn on_pages(self) -> bool {
        matches!(self, Shown::Card | Shown::Page)
    }
}

/// A field's column in the CSV files: the header scrutiny writes, which `import` reads too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub header: &'static str,
    /// A committee's plan puts this column before another field's, out of the table's order.
    pub before: Option<&'static str>,
}

impl Column {
    pub const fn new(header: &'static str) -> Column {
        Column {
            header,
            before: None,
        }
    }

    /// The column comes before the column of the field `key`.
    pub const fn before(self, key: &'static str) -> Column {
        Column {
            header: self.header,
            before: Some(key),
        }
    }
}

/// What `scrutiny new` (and `init`) writes for a field it was given no value for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scaffold {
    /// The command always gives one (the number, the title, the placeholder words).
    Given,
    /// `key:` left empty, with a comment saying what goes there.
    Blank(&'static str),
    /// `key: <this YAML value>`.
    Value(&'static str),
}

/// Where the model keeps a field's value.
#[derive(Clone, Copy)]
pub enum Store {
    /// In a struct field of `Recommendation`, read by `validate/content.rs`; the function gives
    /// its value.
    Model(fn(&Recommendation) -> FieldValue<'_>),
    /// By key in `Recommendation::extra`, read and written by kind.
    Extra,
}

/// One recommendation field.
#[derive(Clone, Copy)]
pub struct Field {
    /// The front-matter key (for the body, the name of its column and JSON key).
    pub key: &'static str,
    /// What the site calls it.
    pub label: &'static str,
    pub kind: Kind,
    /// A file without it is an error.
    pub required: bool,
    pub shown: Shown,
    /// Its column in the CSV files, if it has one.
    pub column: Option<Column>,
    /// Other headings councils give its column, for `import` (matched ignoring case,
    /// punctuation, `&`/"and" and a plural).
    pub synonyms: &'static [&'static str],
    pub scaffold: Scaffold,
    pub store: Store,
}

impl std::fmt::Debug for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Field").field("key", &self.key).finish()
    }
}

impl PartialEq for Field {
    fn eq(&self, other: &Field) -> bool {
        self.key == other.key
    }
}

impl Field {
    /// Its value in a recommendation.
    pub fn value<'a>(&self, rec: &'a Recommendation) -> FieldValue<'a> {
        match self.store {
            Store::Model(get) => get(rec),
            Store::Extra => rec
                .extra
                .get(self.key)
                .map_or(FieldValue::Absent, ExtraValue::view),
        }
    }

    /// A key of the front matter (every field but the body).
    pub fn in_front_matter(&self) -> bool {
        self.kind != Kind::Body
    }

    /// Part of the record's history, which the open data puts after the facts worked out
    /// from the plan.
    pub fn is_history(&self) -> bool {
        self.kind == Kind::Updates
    }

    /// The headings `import` knows its column by: its own column's, then the synonyms.
    pub fn headings(&self) -> impl Iterator<Item = &'static str> {
        self.column
            .map(|c| c.header)
            .into_iter()
            .chain(self.synonyms.iter().copied())
    }

    /// `import` can fill it from a column.
    pub fn importable(&self) -> bool {
        self.headings().next().is_some()
    }
}

/// A field's value as the model holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldValue<'a> {
    /// Not given.
    Absent,
    Text(&'a str),
    Names(&'a [String]),
    Date(PartialDate),
    Theme(&'a Slug),
    Decision(Decision),
    Status(Status),
    Updates(&'a [Update]),
    Flag(bool),
}

fn text(value: Option<&str>) -> FieldValue<'_> {
    value.map_or(FieldValue::Absent, FieldValue::Text)
}

/// The value of a field kept by key ([`Store::Extra`]).
#[derive(Debug, Clone, PartialEq)]
pub enum ExtraValue {
    /// Text or Markdown.
    Text(String),
    Names(Vec<String>),
    Date(PartialDate),
}

impl ExtraValue {
    pub fn view(&self) -> FieldValue<'_> {
        match self {
            ExtraValue::Text(t) => FieldValue::Text(t),
            ExtraValue::Names(n) => FieldValue::Names(n),
            ExtraValue::Date(d) => FieldValue::Date(*d),
        }
    }

    /// The kinds a field kept by key may have.
    pub fn holds(kind: Kind) -> bool {
        matches!(
            kind,
            Kind::Text | Kind::Markdown | Kind::People | Kind::Date
        )
    }
}

/// The values of the fields kept by key, in the order they were read. Empty (and without an
/// allocation) while every field has a struct field of its own.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Extra(Vec<(&'static str, ExtraValue)>);

impl Extra {
    pub fn get(&self, key: &str) -> Option<&ExtraValue> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    pub fn insert(&mut self, key: &'static str, value: ExtraValue) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }
}

/// The text `scrutiny new` puts in `recommendation`: `check` reports it as placeholder text
/// until it is replaced.
pub const PLACEHOLDER: &str = "[Insert the committee's exact words here.]";

/// Every field of a recommendation, in the order of a file's front matter (the order `new`
/// writes the keys, `check` lists them and the JSON records hold them; the body, `response`,
/// is in that order among them).
pub const FIELDS: &[Field] = &[
    Field {
        key: "number",
        label: "Number",
        kind: Kind::Number,
        required: true,
        shown: Shown::Card,
        column: Some(Column::new("Number")),
        synonyms: &[
            "No",
            "Ref",
            "Reference",
            "Recommendation number",
            "Recommendation no",
            "Rec no",
        ],
        scaffold: Scaffold::Given,
        store: Store::Model(|r| FieldValue::Text(&r.number.text)),
    },
    Field {
        key: "title",
        label: "Title",
        kind: Kind::Text,
        required: true,
        shown: Shown::Card,
        column: Some(Column::new("Title")),
        synonyms: &["Short title"],
        scaffold: Scaffold::Given,
        store: Store::Model(|r| FieldValue::Text(&r.title)),
    },
    Field {
        key: "recommendation",
        label: "Recommendation",
        kind: Kind::Markdown,
        required: true,
        shown: Shown::Page,
        column: Some(Column::new("Recommendation")),
        synonyms: &[
            "Recommendation & Intended Outcomes",
            "Recommended action",
            "Scrutiny recommendation",
        ],
        scaffold: Scaffold::Given,
        store: Store::Model(|r| FieldValue::Text(&r.recommendation.0)),
    },
    Field {
        key: "theme",
        label: "Theme",
        kind: Kind::Theme,
        required: false,
        shown: Shown::Card,
        column: Some(Column::new("Theme")),
        synonyms: &["Theme title"],
        scaffold: Scaffold::Blank("the slug of one of this review's themes"),
        store: Store::Model(|r| {
            r.theme
                .as_ref()
                .map_or(FieldValue::Absent, FieldValue::Theme)
        }),
    },
    Field {
        key: "cabinet_members",
        label: "Cabinet members",
        kind: Kind::People,
        required: false,
        shown: Shown::Card,
        column: Some(Column::new("Cabinet Member")),
        synonyms: &[
            "Relevant Cabinet Member",
            "Lead Cabinet Member",
            "Portfolio Holder",
            "Lead Member",
        ],
        scaffold: Scaffold::Value("[]"),
        store: Store::Model(|r| FieldValue::Names(&r.cabinet_members)),
    },
    Field {
        key: "lead_officers",
        label: "Lead officers",
        kind: Kind::People,
        required: false,
        shown: Shown::Card,
        column: Some(Column::new("Lead Officer")),
        synonyms: &["Responsible Officer"],
        scaffold: Scaffold::Value("[]"),
        store: Store::Model(|r| FieldValue::Names(&r.lead_officers)),
    },
    Field {
        key: "financial_impact",
        label: "Financial impact",
        kind: Kind::Text,
        required: false,
        shown: Shown::Page,
        // A SCRAIP gives the financial impact and the response before the lead officer.
        column: Some(Column::new("Financial impact").before("lead_officers")),
        synonyms: &["Financial implications"],
        scaffold: Scaffold::Blank("e.g. None, or the cost and who meets it"),
        store: Store::Model(|r| text(r.financial_impact.as_deref())),
    },
    Field {
        key: "decision",
        label: "Decision",
        kind: Kind::Decision,
        required: false,
        shown: Shown::Card,
        column: Some(Column::new("Decision")),
        synonyms: &["Executive decision", "Cabinet decision"],
        scaffold: Scaffold::Value("awaiting-response"),
        store: Store::Model(|r| FieldValue::Decision(r.decision)),
    },
    Field {
        key: STATUS,
        label: "Status",
        kind: Kind::Status,
        required: false,
        shown: Shown::Card,
        column: Some(Column::new("Status")),
        synonyms: &[],
        scaffold: Scaffold::Value("not-started"),
        store: Store::Model(|r| FieldValue::Status(r.status)),
    },
    Field {
        key: "due",
        label: "Target date",
        kind: Kind::Date,
        required: false,
        shown: Shown::Card,
        column: Some(Column::new("Due")),
        synonyms: &["Due date", "Target date"],
        scaffold: Scaffold::Blank("target date: YYYY-MM-DD, YYYY-MM or YYYY"),
        store: Store::Model(|r| r.due.map_or(FieldValue::Absent, FieldValue::Date)),
    },
    Field {
        key: "timetable",
        label: "Timetable",
        kind: Kind::Text,
        required: false,
        shown: Shown::Card,
        column: Some(Column::new("Timetable")),
        synonyms: &["Timescale", "Timeline"],
        scaffold: Scaffold::Blank("the plan's own words, e.g. By end of June"),
        store: Store::Model(|r| text(r.timetable.as_deref())),
    },
    Field {
        key: "response",
        label: "Officer response",
        kind: Kind::Body,
        required: false,
        shown: Shown::Page,
        column: Some(Column::new("Response").before("lead_officers")),
        synonyms: &["Officer response", "Executive response", "Cabinet response"],
        scaffold: Scaffold::Given,
        store: Store::Model(|r| FieldValue::Text(&r.response.0)),
    },
    Field {
        key: UPDATES,
        label: "Updates",
        kind: Kind::Updates,
        required: false,
        shown: Shown::Page,
        column: Some(Column::new("Updates")),
        synonyms: &[],
        scaffold: Scaffold::Value("[]"),
        store: Store::Model(|r| FieldValue::Updates(&r.updates)),
    },
    Field {
        key: "draft",
        label: "Draft",
        kind: Kind::Flag,
        required: false,
        shown: Shown::Hidden,
        column: None,
        synonyms: &[],
        scaffold: Scaffold::Value("false"),
        store: Store::Model(|r| FieldValue::Flag(r.draft)),
    },
];

/// The key of the list `scrutiny update` appends to.
pub const UPDATES: &str = "updates";
/// The key `scrutiny update --status` changes.
pub const STATUS: &str = "status";

/// The field with this key.
pub fn get(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key == key)
}

/// The field that is the file's body.
pub fn body() -> &'static Field {
    static BODY: LazyLock<&'static Field> = LazyLock::new(|| {
        FIELDS
            .iter()
            .find(|f| f.kind == Kind::Body)
            .expect("the table has a body")
    });
    &BODY
}

/// The front-matter keys, in the table's order (for hints: "valid keys are …").
pub fn front_matter_keys() -> &'static [&'static str] {
    static KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        FIELDS
            .iter()
            .filter(|f| f.in_front_matter())
            .map(|f| f.key)
            .collect()
    });
    &KEYS
}

/// A column of the open data that is worked out, not written in the recommendation's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Derived {
    pub header: &'static str,
    pub fact: Fact,
    pub place: Place,
    /// Other headings of the same fact (scrutiny's JSON keys, older exports), which `import`
    /// reads past as it does the column.
    pub also: &'static [&'static str],
}

/// What a derived column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    /// The review's folder name.
    Review,
    CurrentStatus,
    CurrentDue,
    Overdue,
    AwaitingResponse,
    Stale,
    LastUpdated,
    /// The recommendation's page.
    Url,
}

/// Where a derived column goes among the fields' columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Before the fields.
    First,
    /// After the plan's fields, before the history (`updates`).
    Facts,
    /// After everything.
    Last,
}

/// The derived columns of the CSV files, in order within their places.
pub const DERIVED: &[Derived] = &[
    Derived {
        header: "Review",
        fact: Fact::Review,
        place: Place::First,
        also: &[],
    },
    Derived {
        header: "Current status",
        fact: Fact::CurrentStatus,
        place: Place::Facts,
        also: &["Current status label", "Done"],
    },
    Derived {
        header: "Current due",
        fact: Fact::CurrentDue,
        place: Place::Facts,
        also: &[],
    },
    Derived {
        header: "Overdue",
        fact: Fact::Overdue,
        place: Place::Facts,
        also: &["Days overdue"],
    },
    Derived {
        header: "Awaiting response",
        fact: Fact::AwaitingResponse,
        place: Place::Facts,
        also: &[],
    },
    Derived {
        header: "Stale",
        fact: Fact::Stale,
        place: Place::Facts,
        also: &[],
    },
    Derived {
        header: "Last updated",
        fact: Fact::LastUpdated,
        place: Place::Facts,
        also: &[],
    },
    Derived {
        header: "URL",
        fact: Fact::Url,
        place: Place::Last,
        also: &[],
    },
];

/// The derived column of a fact.
pub fn derived(fact: Fact) -> &'static Derived {
    DERIVED
        .iter()
        .find(|d| d.fact == fact)
        .expect("every fact has a column")
}

/// One column of the CSV files.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CsvColumn {
    Field(&'static Field),
    Derived(&'static Derived),
}

impl CsvColumn {
    pub fn header(&self) -> &'static str {
        match self {
            CsvColumn::Field(f) => f.column.map_or("", |c| c.header),
            CsvColumn::Derived(d) => d.header,
        }
    }
}

/// The columns of the CSV files, in order: the first derived columns; the plan's fields in the
/// table's order (a column placed `before` another moved there: the order a committee reads
/// them); the facts worked out from them; the history; the last derived columns.
pub fn csv_columns() -> &'static [CsvColumn] {
    static COLUMNS: LazyLock<Vec<CsvColumn>> = LazyLock::new(|| {
        let with_column = |history: bool| {
            FIELDS
                .iter()
                .filter(move |f| f.column.is_some() && f.is_history() == history)
        };
        let mut plan: Vec<&'static Field> = with_column(false)
            .filter(|f| f.column.and_then(|c| c.before).is_none())
            .collect();
        for moved in with_column(false) {
            if let Some(anchor) = moved.column.and_then(|c| c.before) {
                let at = plan
                    .iter()
                    .position(|f| f.key == anchor)
                    .unwrap_or(plan.len());
                plan.insert(at, moved);
            }
        }
        let derived = |place: Place| {
            DERIVED
                .iter()
                .filter(move |d| d.place == place)
                .map(CsvColumn::Derived)
        };
        derived(Place::First)
            .chain(plan.into_iter().map(CsvColumn::Field))
            .chain(derived(Place::Facts))
            .chain(with_column(true).map(CsvColumn::Field))
            .chain(derived(Place::Last))
            .collect()
    });
    &COLUMNS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_every_column_has_a_place() {
        let mut keys: Vec<&str> = FIELDS.iter().map(|f| f.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), FIELDS.len());
        let columns = csv_columns();
        for f in FIELDS.iter().filter(|f| f.column.is_some()) {
            let n = columns
                .iter()
                .filter(|c| **c == CsvColumn::Field(f))
                .count();
            assert_eq!(n, 1, "{}", f.key);
            if let Some(anchor) = f.column.and_then(|c| c.before) {
                assert!(
                    get(anchor).and_then(|a| a.column).is_some(),
                    "{} is placed before `{anchor}`, which has no column",
                    f.key
                );
            }
        }
        assert_eq!(
            columns.len(),
            DERIVED.len() + FIELDS.iter().filter(|f| f.column.is_some()).count()
        );
    }

    #[test]
    fn fields_kept_by_key_have_a_kind_that_can_be_kept_so() {
        for f in FIELDS {
            if matches!(f.store, Store::Extra) {
                assert!(ExtraValue::holds(f.kind), "{}", f.key);
            }
        }
        assert_eq!(body().key, "response");
        assert_eq!(FIELDS.iter().filter(|f| f.kind == Kind::Body).count(), 1);
    }

    #[test]
    fn the_csv_columns_read_as_a_committee_reads_a_plan() {
        // The CSV files are published: their columns keep their order (a new field's column
        // may come between them).
        let headers: Vec<&str> = csv_columns().iter().map(CsvColumn::header).collect();
        let mut rest = headers.iter();
        for expected in [
            "Review",
            "Number",
            "Title",
            "Recommendation",
            "Theme",
            "Cabinet Member",
            "Financial impact",
            "Response",
            "Lead Officer",
            "Decision",
            "Status",
            "Due",
            "Timetable",
            "Current status",
            "Current due",
            "Overdue",
            "Awaiting response",
            "Stale",
            "Last updated",
            "Updates",
            "URL",
        ] {
            assert!(
                rest.any(|h| *h == expected),
                "`{expected}` missing or out of order in {headers:?}"
            );
        }
        assert_eq!(headers.first(), Some(&"Review"));
        assert_eq!(headers.last(), Some(&"URL"));
    }
}
