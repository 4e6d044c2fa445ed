//! The data phase: the open data files written out, a few reviews at a time.

use super::{csv, json, package, row, summary_csv_header, Row, PACKAGE};
use crate::diagnostics::Diagnostics;
use crate::model::{RecRef, Site};
use crate::output::Sink;
use crate::render::incremental::Previous;
use crate::render::{append, put};
use crate::urls::Urls;
use rayon::prelude::*;

/// The data phase: the site-wide and per-review JSON and CSV files and the data package.
/// Reviews are done a few at a time and the site-wide files are appended to, so a large site
/// never holds every row (or a whole site-wide file) in memory at once. Returns the rows when
/// the preview keeps them for its next rebuild.
pub fn write_files(
    site: &Site,
    u: &Urls,
    previous: &Previous,
    sink: &dyn Sink,
) -> Result<Vec<Vec<Row>>, Diagnostics> {
    // One data row per recommendation, reused from the previous preview render when unchanged.
    let row_of = |r: RecRef| previous.row(r).unwrap_or_else(|| row(site, u, r));
    let mut rows: Vec<Vec<Row>> = Vec::new();
    let (json_path, csv_path) = ("data/recommendations.json", "data/recommendations.csv");
    append(sink, json_path, b"[")?;
    append(sink, csv_path, &summary_csv_header(&site.config.fields))?;
    let mut first = true;
    let order: Vec<usize> = (0..site.reviews.len()).collect();
    for chunk in order.chunks(4) {
        let chunk_rows: Vec<Vec<Row>> = chunk
            .par_iter()
            .map(|&ri| {
                (0..site.reviews[ri].recommendations.len())
                    .map(|rec| row_of(RecRef { review: ri, rec }))
                    .collect()
            })
            .collect();
        let (mut json_part, mut csv_part) = (Vec::new(), Vec::new());
        for row in chunk_rows.iter().flatten() {
            if !first {
                json_part.push(b',');
            }
            first = false;
            json_part.extend_from_slice(row.summary_json.as_bytes());
            csv_part.extend_from_slice(&row.summary_csv);
        }
        append(sink, json_path, &json_part)?;
        append(sink, csv_path, &csv_part)?;
        chunk
            .par_iter()
            .zip(&chunk_rows)
            .try_for_each(|(&ri, review_rows)| {
                let slug = &site.reviews[ri].slug;
                put(
                    sink,
                    u.file_for(&u.review_data_json(slug)),
                    json(review_rows),
                )?;
                if site.reach.available {
                    put(
                        sink,
                        u.file_for(&u.review_changes_data(slug)),
                        super::changes::review_changes(&site.reviews[ri], u),
                    )?;
                }
                put(
                    sink,
                    u.file_for(&u.review_data_csv(slug)),
                    csv(&site.config.fields, review_rows),
                )
            })?;
        if previous.keeps {
            rows.extend(chunk_rows);
        }
    }
    append(sink, json_path, b"]\n")?;
    put(sink, PACKAGE.into(), package(site, u))?;
    Ok(rows)
}
