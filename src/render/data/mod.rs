//! Open data: one record per recommendation, as JSON and CSV.
//!
//! Each review's files (`data/<review>.json`, `.csv`) hold every field of its records. The
//! site-wide files (`data/recommendations.json`, `.csv`) hold one record per recommendation
//! too, with every field but the long texts (the officer response and the dated updates, which
//! were 60% of their bytes) and the address of the review's file that has them: one table of
//! the whole tracker a spreadsheet opens, without a second copy of every text.

pub mod changes;
mod files;

use crate::model::fields::{self, CsvColumn, Fact, Field, FieldValue, Kind};
use crate::model::{RecRef, Site, Theme};
use crate::urls::Urls;
pub use files::write_files;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

#[derive(Serialize)]
struct UpdateRecord<'a> {
    date: String,
    status: Option<&'a str>,
    due: Option<String>,
    note: &'a str,
    links: Vec<LinkRecord<'a>>,
}

#[derive(Serialize)]
struct LinkRecord<'a> {
    title: &'a str,
    url: &'a str,
}

/// The review a record belongs to.
#[derive(Serialize)]
struct ReviewPart<'a> {
    review: &'a str,
    review_title: &'a str,
    committee: Option<&'a str>,
    review_date: Option<String>,
    reported_to: Option<&'a str>,
    review_closed: Option<String>,
}

/// What is worked out from the plan and today's date.
#[derive(Serialize)]
struct FactsPart<'a> {
    current_status: &'a str,
    current_status_label: &'a str,
    current_due: Option<String>,
    done: bool,
    /// The target the lateness questions use: `current_due`, else the timetable's date.
    target: Option<String>,
    target_from_timetable: bool,
    overdue: bool,
    /// The target that has passed (a date, not a count of days, so the file changes only
    /// when a fact does).
    overdue_since: Option<String>,
    awaiting_response: bool,
    stale: bool,
    /// No progress reported since this date, when stale.
    no_progress_since: Option<String>,
    no_target_date: bool,
    paused: bool,
    /// Unfinished when its review was closed.
    closed_without_completion: bool,
    last_updated: Option<String>,
}

/// One field's value as the open data gives it.
enum Data<'a> {
    Null,
    Str(&'a str),
    Owned(String),
    /// Each person once, under the name their page shows.
    Names(Vec<&'a str>),
    /// The theme's slug, title and outcome (JSON keys `theme`, `theme_title`, `theme_outcome`).
    Theme(Option<&'a Theme>),
    Updates(Vec<UpdateRecord<'a>>),
    Flag(bool),
}

impl Serialize for Data<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Data::Null | Data::Theme(None) => s.serialize_none(),
            Data::Str(t) => s.serialize_str(t),
            Data::Owned(t) => s.serialize_str(t),
            Data::Names(n) => n.serialize(s),
            Data::Theme(Some(t)) => s.serialize_str(t.slug.as_str()),
            Data::Updates(u) => u.serialize(s),
            Data::Flag(b) => s.serialize_bool(*b),
        }
    }
}

impl Data<'_> {
    /// The CSV cell.
    fn cell(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Data::Null | Data::Theme(None) => "".into(),
            Data::Str(t) => (*t).into(),
            Data::Owned(t) => t.as_str().into(),
            Data::Names(n) => n.join("; ").into(),
            Data::Theme(Some(t)) => t.title.as_str().into(),
            Data::Updates(u) if u.is_empty() => "".into(),
            Data::Updates(u) => serde_json::to_string(u).unwrap_or_default().into(),
            Data::Flag(b) => yes(*b).into(),
        }
    }
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// Fields with their values, serialised as the JSON keys of the record they are flattened into.
struct Entries<'r, 'a>(Vec<&'r (&'static Field, Data<'a>)>);

impl Serialize for Entries<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (field, data) in &self.0 {
            m.serialize_entry(field.key, data)?;
            if let (Kind::Theme, Data::Theme(theme)) = (field.kind, data) {
                m.serialize_entry(&format!("{}_title", field.key), &theme.map(|t| &t.title))?;
                let outcome = theme.and_then(|t| t.outcome.as_deref());
                m.serialize_entry(&format!("{}_outcome", field.key), &outcome)?;
            }
        }
        m.end()
    }
}

/// One recommendation in the open data: its review, the plan's fields in the table's order,
/// the facts worked out from them, its history, its address.
#[derive(Serialize)]
struct Record<'r, 'a> {
    #[serde(flatten)]
    review: ReviewPart<'a>,
    #[serde(flatten)]
    plan: Entries<'r, 'a>,
    #[serde(flatten)]
    facts: FactsPart<'a>,
    #[serde(flatten)]
    history: Entries<'r, 'a>,
    url: &'r str,
}

/// One recommendation in the site-wide files: its [`Record`] without the long texts, with
/// how many updates it has and where its full record is.
#[derive(Serialize)]
struct Summary<'r, 'a> {
    #[serde(flatten)]
    review: &'r ReviewPart<'a>,
    #[serde(flatten)]
    plan: Entries<'r, 'a>,
    #[serde(flatten)]
    facts: &'r FactsPart<'a>,
    update_count: usize,
    url: &'r str,
    review_data: &'r str,
}

/// Whether a field's values are left out of the site-wide files (see the module's comment).
fn long_text(field: &Field) -> bool {
    matches!(field.kind, Kind::Body | Kind::Updates)
}

/// The CSV columns of the site-wide files: the review files' columns without the long texts,
/// then the address of the review's full data.
pub fn summary_columns(table: &fields::Table) -> impl Iterator<Item = &CsvColumn> + Clone {
    table
        .csv_columns()
        .iter()
        .filter(|c| !matches!(c, CsvColumn::Field(f) if long_text(f)))
}

/// The header of the site-wide column for the review's full data (which `import` knows it
/// has nothing to take from: see `fields::DERIVED`).
const REVIEW_DATA_HEADER: &str = "Review data";

/// A field's value in the open data.
fn data<'a>(
    site: &'a Site,
    review: &'a crate::model::Review,
    field: &Field,
    value: FieldValue<'a>,
) -> Data<'a> {
    match value {
        FieldValue::Absent => match field.kind {
            Kind::Theme => Data::Theme(None),
            _ => Data::Null,
        },
        FieldValue::Text(t) => Data::Str(match field.kind {
            Kind::Body => t.trim(),
            Kind::Markdown => t.trim_end(),
            _ => t,
        }),
        FieldValue::Names(n) => Data::Names(site.shown_names(n)),
        FieldValue::Date(d) => Data::Owned(d.to_string()),
        FieldValue::Theme(slug) => Data::Theme(review.themes.iter().find(|t| &t.slug == slug)),
        FieldValue::Decision(d) => Data::Str(d.key()),
        FieldValue::Status(s) => Data::Str(s.key()),
        FieldValue::Updates(us) => Data::Updates(
            us.iter()
                .map(|u| UpdateRecord {
                    date: u.date.to_string(),
                    status: u.status.map(|s| s.key()),
                    due: u.due.map(|d| d.to_string()),
                    note: u.note.0.trim(),
                    links: u
                        .links
                        .iter()
                        .map(|l| LinkRecord {
                            title: &l.title,
                            url: &l.url,
                        })
                        .collect(),
                })
                .collect(),
        ),
        FieldValue::Flag(b) => Data::Flag(b),
    }
}

/// Where the data package (what the data files are, their licence, when they were made) is.
/// `index` is a reserved review name, so no review's own `data/<review>.json` can take it.
pub const PACKAGE: &str = "data/index.json";

#[derive(Serialize)]
struct Package<'a> {
    name: &'static str,
    title: &'a str,
    publisher: Option<&'a str>,
    homepage: String,
    licence: &'a crate::model::Licence,
    /// The build's "today" (`--today`, `SOURCE_DATE_EPOCH`), so a rebuild gives the same file.
    generated: String,
    /// The licence as the Frictionless Data Package standard names it.
    licenses: [PackageLicence<'a>; 1],
    resources: Vec<Resource>,
    reviews: Vec<ReviewRecord<'a>>,
}

#[derive(Serialize)]
struct PackageLicence<'a> {
    path: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct Resource {
    name: String,
    path: String,
    format: &'static str,
    mediatype: &'static str,
}

#[derive(Serialize)]
struct ReviewRecord<'a> {
    review: &'a str,
    title: &'a str,
    committee: Option<&'a str>,
    date: Option<String>,
    reported_to: Option<&'a str>,
    recommendations: usize,
    url: String,
    json: String,
    csv: String,
}

/// `data/index.json` (a Frictionless Data Package descriptor): the open data files with their licence and the date they were
/// made, and each review's title, committee, date and `reported_to`. The data files
/// themselves stay lists of records, as their readers expect.
pub fn package(site: &Site, urls: &Urls) -> Vec<u8> {
    let c = &site.config;
    let abs = |url: String| urls.absolute(&url);
    let resource = |name: String, url: String, json: bool| Resource {
        name,
        path: abs(url),
        format: if json { "json" } else { "csv" },
        mediatype: if json { "application/json" } else { "text/csv" },
    };
    let mut resources = vec![
        resource("recommendations-json".into(), urls.data_json(), true),
        resource("recommendations-csv".into(), urls.data_csv(), false),
    ];
    let history = site.reach.available;
    for r in &site.reviews {
        let slug = r.slug.as_str();
        if history {
            resources.push(resource(
                format!("{slug}-changes-json"),
                urls.review_changes_data(&r.slug),
                true,
            ));
        }
        resources.push(resource(
            format!("{slug}-json"),
            urls.review_data_json(&r.slug),
            true,
        ));
        resources.push(resource(
            format!("{slug}-csv"),
            urls.review_data_csv(&r.slug),
            false,
        ));
    }
    let package = Package {
        name: "scrutiny-recommendations",
        title: &c.title,
        publisher: Some(c.organisation.as_str()).filter(|o| !o.is_empty()),
        homepage: abs(urls.home()),
        licence: &c.licence,
        generated: site.today.to_string(),
        licenses: [PackageLicence {
            path: &c.licence.url,
            title: &c.licence.name,
        }],
        resources,
        reviews: site
            .reviews
            .iter()
            .map(|r| ReviewRecord {
                review: r.slug.as_str(),
                title: &r.title,
                committee: r.committee.as_deref(),
                date: r.date.map(|d| d.to_string()),
                reported_to: r.reported_to.as_deref(),
                recommendations: r.recommendations.len(),
                url: abs(urls.review(&r.slug)),
                json: abs(urls.review_data_json(&r.slug)),
                csv: abs(urls.review_data_csv(&r.slug)),
            })
            .collect(),
    };
    let mut out = crate::text::escape::json(&package).into_bytes();
    out.push(b'\n');
    out
}

/// One recommendation's data: its JSON object and its CSV row, rendered once and reused by
/// the site-wide and per-review files (and, in the preview, by the next rebuild).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    pub json: String,
    pub csv: Vec<u8>,
    /// The record as the site-wide files give it.
    pub summary_json: String,
    pub summary_csv: Vec<u8>,
}

pub fn row(site: &Site, urls: &Urls, r: RecRef) -> Row {
    let review = &site.reviews[r.review];
    let rec = site.rec(r);
    let current = rec.current_status();
    let values: Vec<(&'static Field, Data)> = site
        .config
        .fields
        .iter()
        .filter(|f| f.shown.published())
        .map(|f| (f, data(site, review, f, f.value(rec))))
        .collect();
    let part = |history: bool| {
        Entries(
            values
                .iter()
                .filter(|(f, _)| f.is_history() == history)
                .collect(),
        )
    };
    let url = urls.absolute(&urls.rec(&review.slug, &rec.slug));
    let facts = FactsPart {
        current_status: current.key(),
        current_status_label: &site.config.vocabulary.status(current).label,
        current_due: rec.facts.due.map(|d| d.to_string()),
        done: rec.facts.done,
        target: rec.facts.target().map(|d| d.to_string()),
        target_from_timetable: rec.facts.due.is_none() && rec.facts.timetable_due.is_some(),
        overdue: rec.facts.overdue,
        overdue_since: rec
            .facts
            .target()
            .filter(|_| rec.facts.overdue)
            .map(|d| d.to_string()),
        awaiting_response: rec.facts.awaiting_response,
        stale: rec.facts.stale,
        no_progress_since: rec.facts.quiet_since.map(|d| d.to_string()),
        no_target_date: rec.facts.no_target_date,
        paused: rec.facts.paused,
        closed_without_completion: rec.facts.closed_unfinished,
        last_updated: rec.facts.last_updated.map(|d| d.to_string()),
    };
    let review_data = urls.absolute(&urls.review_data_json(&review.slug));
    let cell = |c: &CsvColumn| -> std::borrow::Cow<str> {
        match c {
            CsvColumn::Field(f) => values
                .iter()
                .find(|(v, _)| v.key == f.key)
                .map_or("".into(), |(_, d)| d.cell()),
            CsvColumn::Derived(d) => match d.fact {
                Fact::Review => review.slug.as_str().into(),
                Fact::CurrentStatus => facts.current_status.into(),
                Fact::CurrentDue => facts.current_due.as_deref().unwrap_or("").into(),
                Fact::Overdue => yes(facts.overdue).into(),
                Fact::AwaitingResponse => yes(facts.awaiting_response).into(),
                Fact::Stale => yes(facts.stale).into(),
                Fact::ClosedUnfinished => yes(facts.closed_without_completion).into(),
                Fact::LastUpdated => facts.last_updated.as_deref().unwrap_or("").into(),
                Fact::Url => url.as_str().into(),
            },
        }
    };
    let cells: Vec<std::borrow::Cow<str>> =
        site.config.fields.csv_columns().iter().map(cell).collect();
    let csv = csv_line(cells.iter().map(|c| c.as_ref()));
    let summary_cells: Vec<std::borrow::Cow<str>> = summary_columns(&site.config.fields)
        .map(cell)
        .chain(std::iter::once(review_data.as_str().into()))
        .collect();
    let summary_csv = csv_line(summary_cells.iter().map(|c| c.as_ref()));
    let record = Record {
        review: ReviewPart {
            review: review.slug.as_str(),
            review_title: &review.title,
            committee: review.committee.as_deref(),
            review_date: review.date.map(|d| d.to_string()),
            reported_to: review.reported_to.as_deref(),
            review_closed: review.closed.map(|d| d.to_string()),
        },
        plan: part(false),
        facts,
        history: part(true),
        url: &url,
    };
    let summary = Summary {
        review: &record.review,
        plan: Entries(
            values
                .iter()
                .filter(|(f, _)| !f.is_history() && !long_text(f))
                .collect(),
        ),
        facts: &record.facts,
        update_count: rec.updates.len(),
        url: &url,
        review_data: &review_data,
    };
    Row {
        json: crate::text::escape::json(&record),
        csv,
        summary_json: crate::text::escape::json(&summary),
        summary_csv,
    }
}

fn csv_line<'a>(fields: impl Iterator<Item = &'a str> + Clone) -> Vec<u8> {
    // The writer's own buffer is sized to the line: its default is 8 KiB, for every row.
    let size = fields.clone().map(|f| f.len() + 3).sum::<usize>() + 2;
    let mut w = csv::WriterBuilder::new()
        .buffer_capacity(size)
        .from_writer(Vec::with_capacity(size));
    for f in fields {
        let _ = w.write_field(crate::text::spreadsheet::guard_cell(f).as_bytes());
    }
    let _ = w.write_record(None::<&[u8]>);
    w.into_inner().unwrap_or_default()
}

/// The header line of the site-wide CSV file.
pub fn summary_csv_header(table: &fields::Table) -> Vec<u8> {
    csv_line(
        summary_columns(table)
            .map(CsvColumn::header)
            .chain(std::iter::once(REVIEW_DATA_HEADER)),
    )
}

/// A JSON array of the rows' objects.
pub fn json<'a>(rows: impl IntoIterator<Item = &'a Row>) -> Vec<u8> {
    let mut out = Vec::from(&b"["[..]);
    for (i, r) in rows.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(r.json.as_bytes());
    }
    out.extend_from_slice(b"]\n");
    out
}

/// The header line of the CSV files, from the site's field table and the derived columns.
pub fn csv_header(table: &fields::Table) -> Vec<u8> {
    csv_line(table.csv_columns().iter().map(CsvColumn::header))
}

/// A CSV file: the header, then the rows.
pub fn csv<'a>(table: &fields::Table, rows: impl IntoIterator<Item = &'a Row>) -> Vec<u8> {
    let mut out = csv_header(table);
    for r in rows {
        out.extend_from_slice(&r.csv);
    }
    out
}
