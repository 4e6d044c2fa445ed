//! Open data: one record per recommendation, as JSON and CSV.

mod files;

use crate::model::{RecRef, Site};
use crate::urls::Urls;
pub use files::write_files;
use serde::Serialize;

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

#[derive(Serialize)]
struct Record<'a> {
    review: &'a str,
    review_title: &'a str,
    committee: Option<&'a str>,
    review_date: Option<String>,
    reported_to: Option<&'a str>,
    number: &'a str,
    title: &'a str,
    recommendation: &'a str,
    theme: Option<&'a str>,
    theme_title: Option<&'a str>,
    theme_outcome: Option<&'a str>,
    /// Each person once, under the name their page shows.
    cabinet_members: Vec<&'a str>,
    lead_officers: Vec<&'a str>,
    financial_impact: Option<&'a str>,
    decision: &'a str,
    status: &'a str,
    due: Option<String>,
    timetable: Option<&'a str>,
    response: &'a str,
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
    last_updated: Option<String>,
    updates: Vec<UpdateRecord<'a>>,
    url: String,
}

fn record<'a>(site: &'a Site, urls: &Urls, r: RecRef) -> Record<'a> {
    let review = &site.reviews[r.review];
    let rec = site.rec(r);
    let theme = rec
        .theme
        .as_ref()
        .and_then(|t| review.themes.iter().find(|x| &x.slug == t));
    let current = rec.current_status();
    Record {
        review: review.slug.as_str(),
        review_title: &review.title,
        committee: review.committee.as_deref(),
        review_date: review.date.map(|d| d.to_string()),
        reported_to: review.reported_to.as_deref(),
        number: &rec.number.text,
        title: &rec.title,
        recommendation: rec.recommendation.0.trim_end(),
        theme: theme.map(|t| t.slug.as_str()),
        theme_title: theme.map(|t| t.title.as_str()),
        theme_outcome: theme.and_then(|t| t.outcome.as_deref()),
        cabinet_members: names(site, &rec.cabinet_members),
        lead_officers: names(site, &rec.lead_officers),
        financial_impact: rec.financial_impact.as_deref(),
        decision: rec.decision.key(),
        status: rec.status.key(),
        due: rec.due.map(|d| d.to_string()),
        timetable: rec.timetable.as_deref(),
        response: rec.response.0.trim(),
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
        last_updated: rec.facts.last_updated.map(|d| d.to_string()),
        updates: rec
            .updates
            .iter()
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
        url: urls.absolute(&urls.rec(&review.slug, &rec.slug)),
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
    for r in &site.reviews {
        let slug = r.slug.as_str();
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

/// The people `written` refers to, each once, by the name the site shows for them.
fn names<'a>(site: &'a Site, written: &[String]) -> Vec<&'a str> {
    site.people_in(written)
        .into_iter()
        .map(|i| site.people[i].name.as_str())
        .collect()
}

/// The CSV columns, in the order a committee reads them; import reads the same headers.
pub const CSV_HEADERS: &[&str] = &[
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
];

/// One recommendation's data: its JSON object and its CSV row, rendered once and reused by
/// the site-wide and per-review files (and, in the preview, by the next rebuild).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    pub json: String,
    pub csv: Vec<u8>,
}

pub fn row(site: &Site, urls: &Urls, r: RecRef) -> Row {
    let rec = record(site, urls, r);
    let json = crate::text::escape::json(&rec);
    let yes = |b: bool| if b { "yes" } else { "no" };
    let updates = if rec.updates.is_empty() {
        String::new()
    } else {
        serde_json::to_string(&rec.updates).unwrap_or_default()
    };
    let cabinet_members = rec.cabinet_members.join("; ");
    let lead_officers = rec.lead_officers.join("; ");
    let fields: [&str; 21] = [
        rec.review,
        rec.number,
        rec.title,
        rec.recommendation,
        rec.theme_title.unwrap_or(""),
        &cabinet_members,
        rec.financial_impact.unwrap_or(""),
        rec.response,
        &lead_officers,
        rec.decision,
        rec.status,
        rec.due.as_deref().unwrap_or(""),
        rec.timetable.unwrap_or(""),
        rec.current_status,
        rec.current_due.as_deref().unwrap_or(""),
        yes(rec.overdue),
        yes(rec.awaiting_response),
        yes(rec.stale),
        rec.last_updated.as_deref().unwrap_or(""),
        &updates,
        &rec.url,
    ];
    Row {
        json,
        csv: csv_line(&fields),
    }
}

fn csv_line(fields: &[&str]) -> Vec<u8> {
    // The writer's own buffer is sized to the line: its default is 8 KiB, for every row.
    let size = fields.iter().map(|f| f.len() + 3).sum::<usize>() + 2;
    let mut w = csv::WriterBuilder::new()
        .buffer_capacity(size)
        .from_writer(Vec::with_capacity(size));
    for f in fields {
        let _ = w.write_field(crate::text::spreadsheet::guard_cell(f).as_bytes());
    }
    let _ = w.write_record(None::<&[u8]>);
    w.into_inner().unwrap_or_default()
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

/// The header line of the CSV files.
pub fn csv_header() -> Vec<u8> {
    csv_line(CSV_HEADERS)
}

/// A CSV file: the header, then the rows.
pub fn csv<'a>(rows: impl IntoIterator<Item = &'a Row>) -> Vec<u8> {
    let mut out = csv_line(CSV_HEADERS);
    for r in rows {
        out.extend_from_slice(&r.csv);
    }
    out
}
