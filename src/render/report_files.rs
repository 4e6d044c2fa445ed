//! The committee report as files for an agenda pack: a CSV and an editable Word document
//! (`.docx`), with the site's report columns in the site's order (`report:` in site.yaml), the
//! same table the report page prints. Cells are plain text; the flags a resident is warned
//! about (overdue, stale, closed without completion …) are written out in words in the status
//! cell, or in the first cell when the report has no status column.

use crate::diagnostics::Diagnostics;
use crate::model::fields::FieldValue;
use crate::model::flags::Flag;
use crate::model::{Recommendation, Review, Site};
use crate::output::Sink;
use crate::render::put;
use crate::render::view::Views;
use crate::urls::Urls;
use docx_rs::{
    Docx, PageMargin, PageOrientationType, Paragraph, Run, Table, TableCell, TableRow, WidthType,
};
use rayon::prelude::*;

/// Write every review's report as CSV and DOCX. The texts come from the render's Markdown
/// cache (`views`), not parsed again.
pub fn write_files(views: &Views, u: &Urls, sink: &dyn Sink) -> Result<(), Diagnostics> {
    let site = views.site;
    site.reviews.par_iter().try_for_each(|review| {
        let table = table(views, review);
        put(
            sink,
            u.file_for(&u.report_file(&review.slug, "csv")),
            csv(&table),
        )?;
        put(
            sink,
            u.file_for(&u.report_file(&review.slug, "docx")),
            docx(site, review, &table),
        )
    })
}

/// The report as text: the header, then one row per recommendation.
pub struct Text {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

pub(crate) fn table(views: &Views, review: &Review) -> Text {
    let site = views.site;
    let plain = |md: &str| views.text(md);
    let report = &site.config.report;
    Text {
        header: report.columns.iter().map(|c| c.label.clone()).collect(),
        rows: review
            .recommendations
            .iter()
            .map(|rec| {
                report
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| cell(site, &plain, review, rec, c.key, i == 0))
                    .collect()
            })
            .collect(),
    }
}

fn cell(
    site: &Site,
    plain: &dyn Fn(&str) -> String,
    review: &Review,
    rec: &Recommendation,
    key: &str,
    first: bool,
) -> String {
    let report = &site.config.report;
    let vocab = &site.config.vocabulary;
    let mut text = match key {
        "number" => rec.number.text.clone(),
        "recommendation" if !report.has("number") => {
            format!("{}. {}", rec.number.text, plain(&rec.recommendation.0))
        }
        "recommendation" => plain(&rec.recommendation.0),
        "response" => {
            let mut t = plain(&rec.response.0).trim().to_string();
            if let Some(u) = rec.updates.first() {
                if !t.is_empty() {
                    t.push_str("\n\n");
                }
                let (on, note) = (u.date.human(), plain(&u.note.0));
                t.push_str(&format!("Latest update, {on}: {note}"));
            }
            if t.is_empty() {
                t = "No response published".into();
            }
            t
        }
        "status" => {
            let mut t = vocab.status(rec.current_status()).label.clone();
            if vocab.records_decisions && !report.has("decision") {
                t.push_str(&format!(
                    "\nDecision: {}",
                    vocab.decision(rec.decision).label
                ));
            }
            if !report.has("due") && !report.has("timetable") {
                t.push_str(&format!("\nTarget: {}", target(rec)));
            }
            t
        }
        "due" | "timetable" => target(rec),
        _ => field(site, plain, review, rec, key),
    };
    if key == "status" || (first && !report.has("status")) {
        let flags = flags(rec, review, &site.config);
        if !report.has("status") {
            text.push_str(&format!(
                "\nStatus: {}",
                vocab.status(rec.current_status()).label
            ));
        }
        if !flags.is_empty() {
            text.push_str(&format!("\n{flags}"));
        }
    }
    text
}

/// Any other column: the field's value as text.
fn field(
    site: &Site,
    plain: &dyn Fn(&str) -> String,
    review: &Review,
    rec: &Recommendation,
    key: &str,
) -> String {
    let Some(f) = site.config.fields.get(key) else {
        return String::new();
    };
    let vocab = &site.config.vocabulary;
    match f.value(rec) {
        FieldValue::Absent | FieldValue::Updates(_) => String::new(),
        FieldValue::Text(t) => plain(t),
        FieldValue::Names(n) => site.shown_names(n).join(", "),
        FieldValue::Date(d) => d.human(),
        FieldValue::Theme(slug) => review
            .themes
            .iter()
            .find(|t| &t.slug == slug)
            .map_or_else(|| slug.as_str().to_string(), |t| t.title.clone()),
        FieldValue::Decision(d) => vocab.decision(d).label.clone(),
        FieldValue::Status(s) => vocab.status(s).label.clone(),
        FieldValue::Flag(b) => if b { "Yes" } else { "No" }.into(),
    }
}

fn target(rec: &Recommendation) -> String {
    match (rec.facts.due, rec.timetable.as_deref()) {
        (Some(d), Some(t)) if !t.trim().eq_ignore_ascii_case(&d.human()) => {
            format!("{} (“{t}”)", d.human())
        }
        (Some(d), _) => d.human(),
        (None, Some(t)) => format!("“{t}”"),
        (None, None) => "Not set".into(),
    }
}

/// The flags `rec` carries, as its pages say them ("Overdue since June 2023; No progress
/// reported since April 2023").
fn flags(rec: &Recommendation, review: &Review, config: &crate::model::Config) -> String {
    let mut words: Vec<String> = Flag::shown(rec, config)
        .map(|f| f.phrase(rec, review))
        .collect();
    if rec.draft {
        words.insert(0, "Draft – not published".into());
    }
    words.join("; ")
}

fn csv(t: &Text) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let guard = |cells: &[String]| -> Vec<String> {
        cells
            .iter()
            .map(|c| crate::text::spreadsheet::guard_cell(c).into_owned())
            .collect()
    };
    let _ = w.write_record(guard(&t.header));
    for row in &t.rows {
        let _ = w.write_record(guard(row));
    }
    w.into_inner().unwrap_or_default()
}

/// A4 landscape, in twentieths of a point.
const A4_LONG: u32 = 16838;
const A4_SHORT: u32 = 11906;
const MARGIN: i32 = 720;

fn docx(site: &Site, review: &Review, t: &Text) -> Vec<u8> {
    let width = (A4_LONG as i32 - 2 * MARGIN).max(1) as usize;
    let columns = t.header.len().max(1);
    let para = |text: &str, bold: bool| {
        // Line breaks inside a cell become breaks in one paragraph per block of text.
        let mut p = Paragraph::new();
        for (i, line) in text.lines().enumerate() {
            let mut run = Run::new();
            if i > 0 {
                run = run.add_break(docx_rs::BreakType::TextWrapping);
            }
            run = run.add_text(line);
            if bold {
                run = run.bold();
            }
            p = p.add_run(run);
        }
        p
    };
    let cell = |text: &str, bold: bool| {
        TableCell::new()
            .width(width / columns, WidthType::Dxa)
            .add_paragraph(para(text, bold))
    };
    let mut rows = vec![TableRow::new(
        t.header.iter().map(|h| cell(h, true)).collect(),
    )];
    rows.extend(
        t.rows
            .iter()
            .map(|r| TableRow::new(r.iter().map(|c| cell(c, false)).collect()).cant_split()),
    );
    let title = format!("{}: committee report", review.title);
    let intro = site.config.report.intro.clone().unwrap_or_else(|| {
        format!(
            "Scrutiny Committee Recommendation Action and Implementation Plan for the review into {}.",
            review.title
        )
    });
    let mut doc = Docx::new()
        .page_size(A4_LONG, A4_SHORT)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN),
        )
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(&title).bold().size(32)));
    if let Some(c) = &review.committee {
        doc = doc.add_paragraph(para(c, false));
    }
    doc = doc
        .add_paragraph(para(&intro, false))
        .add_paragraph(para(
            &format!(
                "Position as of {}.",
                crate::model::PartialDate::from_date(site.today).human()
            ),
            false,
        ))
        .add_table(
            Table::new(rows)
                .set_grid(vec![width / columns; columns])
                .width(width, WidthType::Dxa),
        );
    let mut out = std::io::Cursor::new(Vec::with_capacity(64 * 1024 + t.rows.len() * 4096));
    // Writing into memory cannot fail but for a bug in the zip writer; an empty file is then
    // published rather than stopping the build.
    // Built into memory first: packing straight into the archive writes each XML token
    // separately and took a fifth longer.
    let _ = doc.build().pack(&mut out);
    let stored = out.into_inner();
    deflate(&stored).unwrap_or(stored)
}

/// The same archive with every part deflated. No clock is read: the parts keep the fixed
/// 1980 date, so a build's bytes depend on the content alone.
fn deflate(stored: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(stored))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(stored.len() / 3)));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        // The fastest level: a report's XML is repetitive markup that any level shrinks to
        // about a quarter, and level 6 took a tenth of a 10,000-recommendation build.
        .compression_level(Some(1));
    let mut buf = Vec::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i)?;
        if part.is_dir() {
            continue;
        }
        buf.clear();
        part.read_to_end(&mut buf)?;
        out.start_file(part.name().to_string(), options)?;
        out.write_all(&buf)?;
    }
    Ok(out.finish()?.into_inner())
}
