//! A review's change record as open data (`history: git`): `data/changes/<review>.json`, every
//! published edit of its recommendations, removed ones included, newest first.

use crate::model::history::{Change, Edit};
use crate::model::{Number, Review};
use crate::urls::Urls;
use serde::Serialize;

#[derive(Serialize)]
struct ChangeRecord<'a> {
    number: &'a str,
    title: &'a str,
    /// The recommendation's page; `null` once its file was removed.
    url: Option<String>,
    date: String,
    commit: Option<&'a str>,
    edits: Vec<EditRecord<'a>>,
}

#[derive(Serialize)]
struct EditRecord<'a> {
    /// `published`, `removed`, `changed`, `edited` (prose), `update-edited`, `update-removed`.
    kind: &'static str,
    /// The field's label, for `changed` and `edited`.
    field: Option<&'a str>,
    from: Option<&'a str>,
    to: Option<&'a str>,
    /// The date of the update, for `update-edited` and `update-removed`.
    update: Option<String>,
    /// The edit in words, as the page says it.
    text: String,
}

fn edit_record(e: &Edit) -> EditRecord<'_> {
    let mut r = EditRecord {
        kind: "",
        field: None,
        from: None,
        to: None,
        update: None,
        text: e.sentence(),
    };
    match e {
        Edit::Added => r.kind = "published",
        Edit::Removed => r.kind = "removed",
        Edit::Changed { label, from, to } => {
            r.kind = "changed";
            r.field = Some(label);
            r.from = from.as_deref();
            r.to = to.as_deref();
        }
        Edit::Prose { label, .. } => {
            r.kind = "edited";
            r.field = Some(label);
        }
        Edit::UpdateEdited(d) => {
            r.kind = "update-edited";
            r.update = Some(d.to_string());
        }
        Edit::UpdateRemoved(d) => {
            r.kind = "update-removed";
            r.update = Some(d.to_string());
        }
    }
    r
}

/// The review's changes as JSON: newest first, a day's by number. Edits not yet committed
/// (the preview) are left out.
pub fn review_changes<'a>(review: &'a Review, urls: &Urls) -> Vec<u8> {
    let mut all: Vec<(&Change, Number, ChangeRecord)> = Vec::new();
    let mut push = |c: &'a Change, number: &'a str, title: &'a str, url: Option<String>| {
        let record = ChangeRecord {
            number,
            title,
            url,
            date: c.date.to_string(),
            commit: c.commit.as_deref(),
            edits: c.edits.iter().map(edit_record).collect(),
        };
        all.push((c, Number::new(number), record));
    };
    for rec in &review.recommendations {
        let url = urls.absolute(&urls.rec(&review.slug, &rec.slug));
        for c in rec.changes.iter().filter(|c| c.committed()) {
            push(c, &rec.number.text, &rec.title, Some(url.clone()));
        }
    }
    for gone in &review.gone {
        for c in gone.changes.iter().filter(|c| c.committed()) {
            push(c, &gone.number, &gone.title, None);
        }
    }
    all.sort_by(|a, b| {
        (std::cmp::Reverse(a.0.date), &a.1).cmp(&(std::cmp::Reverse(b.0.date), &b.1))
    });
    let records: Vec<ChangeRecord> = all.into_iter().map(|(_, _, r)| r).collect();
    let mut out = crate::text::escape::json(&records).into_bytes();
    out.push(b'\n');
    out
}
