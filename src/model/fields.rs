//! The recommendation's fields, in one table ([`FIELDS`]): for each key of a recommendation
//! file, what it holds, whether it must be there, where the site shows it, its column in the
//! open data, the headings `import` knows it by, and what `new` writes for it.
//!
//! Everything that lists the fields reads this table: `check`'s known keys and "did you mean"
//! hints (`validate/content.rs`), the open data's records and columns (`render/data/`),
//! `import`'s column headings (`authoring/columns.rs`, `rows.rs`), the files `new`, `init` and
//! `import` write (`authoring/emit.rs`), the keys `update` edits, and `rec.fields` in the
//! templates. The columns the open data works out rather than reads ([`DERIVED`]) are listed
//! next to it.
//!
//! Where the model has a struct field of its own for a field (code reasons about status, dates
//! and people), the table says how to read it ([`Store::Model`]); any other field is kept by key
//! in `Recommendation::extra` ([`Store::Extra`]). So a new field is one entry here, plus the
//! templates that show it. The table is a slice of values, not an enum: a field a site declares
//! in `site.yaml` can be one more `Field`, stored as `Extra`. What each column of the table
//! means is in [`super::field`].

pub use super::field::{
    Column, CsvColumn, Derived, Extra, ExtraValue, Fact, Field, FieldValue, Kind, Place, Scaffold,
    Shown, Store,
};
use std::sync::LazyLock;

fn text(value: Option<&str>) -> FieldValue<'_> {
    value.map_or(FieldValue::Absent, FieldValue::Text)
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
            "Recommendation made to",
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
        synonyms: &[
            "Responsible Officer",
            "Officer responsible",
            "Responsibility",
            "Officer",
            "Lead Officer/EM",
            // A tracker's "Lead" or "Owner" column names who does the work.
            "Lead",
            "Owner",
        ],
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
        synonyms: &[
            "Executive decision",
            "Cabinet decision",
            "Agreed",
            "Accepted",
        ],
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
        synonyms: &["Timescale", "Timeline", "Date", "Deadline"],
        scaffold: Scaffold::Blank("the plan's own words, e.g. By end of June"),
        store: Store::Model(|r| text(r.timetable.as_deref())),
    },
    Field {
        key: "withdrawn",
        label: "Withdrawn",
        kind: Kind::Date,
        required: false,
        shown: Shown::Card,
        column: Some(Column::new("Withdrawn")),
        synonyms: &[],
        scaffold: Scaffold::Omit,
        store: Store::Model(|r| r.withdrawn.map_or(FieldValue::Absent, FieldValue::Date)),
    },
    Field {
        key: "withdrawn_reason",
        label: "Why it was withdrawn",
        kind: Kind::Text,
        required: false,
        shown: Shown::Page,
        column: Some(Column::new("Withdrawn reason")),
        synonyms: &[],
        scaffold: Scaffold::Omit,
        store: Store::Model(|r| text(r.withdrawn_reason.as_deref())),
    },
    Field {
        key: "aliases",
        label: "Earlier addresses",
        kind: Kind::Aliases,
        required: false,
        shown: Shown::Data,
        column: None,
        synonyms: &[],
        scaffold: Scaffold::Omit,
        store: Store::Model(|r| FieldValue::Names(&r.aliases)),
    },
    Field {
        key: "response",
        label: "Officer response",
        kind: Kind::Body,
        required: false,
        shown: Shown::Page,
        column: Some(Column::new("Response").before("lead_officers")),
        synonyms: &[
            "Officer response",
            "Cabinet response",
            "Executive response",
            "Comments",
        ],
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
/// The key `scrutiny update --decision` sets.
pub const DECISION: &str = "decision";

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

/// The site's field table: the built-in fields ([`FIELDS`]), then the fields `site.yaml`
/// declares (kept by key, [`Store::Extra`]). Everything that lists a site's fields reads this.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    fields: Vec<&'static Field>,
    columns: Vec<CsvColumn>,
}

impl Default for Table {
    fn default() -> Table {
        Table {
            fields: FIELDS.iter().collect(),
            columns: csv_columns().to_vec(),
        }
    }
}

impl Table {
    /// The built-in fields and these declared ones. Declared fields live as long as the
    /// process (a handful, read again only when `site.yaml` changes).
    pub fn with_declared(declared: Vec<Field>) -> Table {
        Table::with(Vec::new(), declared)
    }

    /// The built-in fields with `changed` ones in their place (a site's own label for a
    /// built-in field, or `shown: hidden` for one its plan does not have), then `declared`.
    pub fn with(changed: Vec<Field>, declared: Vec<Field>) -> Table {
        let mut t = Table::default();
        for f in changed {
            if let Some(slot) = t.fields.iter_mut().find(|s| s.key == f.key) {
                *slot = Box::leak(Box::new(f));
            }
        }
        for f in declared {
            let f: &'static Field = Box::leak(Box::new(f));
            t.fields.push(f);
        }
        t.columns = columns(t.fields.iter().copied());
        t
    }

    pub fn iter(&self) -> impl Iterator<Item = &'static Field> + '_ {
        self.fields.iter().copied()
    }

    /// Hide a built-in field (a tracker that records no decisions has no decision column).
    pub fn hide(&mut self, key: &str) {
        if let Some(slot) = self.fields.iter_mut().find(|f| f.key == key) {
            let mut f = **slot;
            f.shown = Shown::Hidden;
            *slot = Box::leak(Box::new(f));
        }
        self.columns = columns(self.fields.iter().copied());
    }

    /// Whether the site shows this field anywhere (a built-in field a site's plan does not have
    /// is hidden: no row on the page, no gap reported).
    pub fn shows(&self, key: &str) -> bool {
        self.get(key).is_some_and(|f| f.shown != Shown::Hidden)
    }

    /// The fields the site declared, in `site.yaml`'s order.
    pub fn declared(&self) -> impl Iterator<Item = &'static Field> + '_ {
        self.fields[FIELDS.len()..].iter().copied()
    }

    pub fn get(&self, key: &str) -> Option<&'static Field> {
        self.iter().find(|f| f.key == key)
    }

    pub fn front_matter_keys(&self) -> Vec<&'static str> {
        self.iter()
            .filter(|f| f.in_front_matter())
            .map(|f| f.key)
            .collect()
    }

    /// The columns of the CSV files, as [`csv_columns`], with the declared fields after the
    /// plan's own.
    pub fn csv_columns(&self) -> &[CsvColumn] {
        &self.columns
    }
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
        header: "Closed without completion",
        fact: Fact::ClosedUnfinished,
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
        // The site-wide file's last column, the address of the review's full data: an import
        // of that file does not take it for the response.
        also: &["Review data"],
    },
];

/// The derived column of a fact.
pub fn derived(fact: Fact) -> &'static Derived {
    DERIVED
        .iter()
        .find(|d| d.fact == fact)
        .expect("every fact has a column")
}

/// The columns of the CSV files, in order: the first derived columns; the plan's fields in the
/// table's order (a column placed `before` another moved there: the order a committee reads
/// them); the facts worked out from them; the history; the last derived columns.
pub fn csv_columns() -> &'static [CsvColumn] {
    static COLUMNS: LazyLock<Vec<CsvColumn>> = LazyLock::new(|| columns(FIELDS.iter()));
    &COLUMNS
}

fn columns(fields: impl Iterator<Item = &'static Field> + Clone) -> Vec<CsvColumn> {
    let with_column = |history: bool| {
        fields
            .clone()
            .filter(move |f| f.column.is_some() && f.shown.published() && f.is_history() == history)
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
