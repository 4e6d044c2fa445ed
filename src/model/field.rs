//! What a recommendation field is: its kind, where it is shown, its column, what `new`
//! writes for it and where the model keeps its value; and what a column of the open data is.
//! The fields themselves are the table in [`super::fields`].

use super::{Decision, PartialDate, Recommendation, Slug, Status, Update};

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
    /// Earlier addresses of the recommendation's page, kept as redirects.
    Aliases,
    /// A number a site declares (e.g. a priority of 1 to 3).
    Numeric,
    /// A web address (a source document), shown as a link.
    Link,
    /// One of a site-declared list of values: a filter on the site.
    Choice(&'static [&'static str]),
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
            Kind::Aliases => "aliases",
            Kind::Numeric => "numeric",
            Kind::Link => "link",
            Kind::Choice(_) => "choice",
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
    /// Not written: a key used only when it applies (`withdrawn`).
    Omit,
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
    /// Everything but how the model stores it (a function cannot be compared).
    fn eq(&self, other: &Field) -> bool {
        self.key == other.key
            && self.label == other.label
            && self.kind == other.kind
            && self.required == other.required
            && self.shown == other.shown
            && self.column == other.column
            && self.synonyms == other.synonyms
    }
}

impl Field {
    /// What the site calls one value of it: the singular of a built-in people field's own
    /// label ("Lead officer"), and a label the site gave as it was given (a council that calls
    /// the column "Responsible officer(s)" keeps its wording). The one place this rule lives:
    /// `site.field.<key>.one` in templates.
    pub fn label_one(&self) -> &'static str {
        match self.label {
            "Lead officers" => "Lead officer",
            "Cabinet members" => "Cabinet member",
            label => label,
        }
    }

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

    /// Kept by key in `Recommendation::extra` (a field the site declared, or one the model
    /// has no struct field for).
    pub fn store_is_extra(&self) -> bool {
        matches!(self.store, Store::Extra)
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
            Kind::Text
                | Kind::Markdown
                | Kind::People
                | Kind::Date
                | Kind::Numeric
                | Kind::Link
                | Kind::Choice(_)
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

    pub fn iter(&self) -> impl Iterator<Item = &(&'static str, ExtraValue)> {
        self.0.iter()
    }

    pub fn insert(&mut self, key: &'static str, value: ExtraValue) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }
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
    ClosedUnfinished,
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
