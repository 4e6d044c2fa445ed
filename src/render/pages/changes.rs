//! A review's "Recent changes" page and its Atom feed (`history: git`): every published edit of
//! its records, newest first, removed recommendations included.

use crate::model::history::Change;
use crate::model::{Number, PartialDate, Slug};
use crate::render::view::*;
use serde::Serialize;
use tera::Value;

/// How many changes the feed carries (the page lists them all).
pub const FEED_LIMIT: usize = 50;

#[derive(Serialize)]
struct ChangeEntry {
    number: String,
    title: String,
    /// Its page; `None` once its file was removed.
    url: Option<String>,
    /// The page's address in full (the feed's links).
    absolute_url: String,
    /// The feed entry's id: the page's address and the commit (and, for a removed
    /// recommendation, which has no page, its number).
    id: String,
    change: ChangeView,
}

/// Review `ri`'s changes, newest first (then by number): every one, or (`feed`) the newest
/// committed ones the feed carries.
fn entries<'s>(v: &Views<'s>, ri: usize, feed: bool) -> Vec<ChangeEntry> {
    let review = &v.site.reviews[ri];
    // Sorted first, and only the changes shown made into views.
    let mut all: Vec<(&Change, Number, &str, &str, Option<&Slug>)> = Vec::new();
    for rec in &review.recommendations {
        for c in &rec.changes {
            let n = &rec.number.text;
            all.push((c, Number::new(n), n, &rec.title, Some(&rec.slug)));
        }
    }
    for gone in &review.gone {
        for c in &gone.changes {
            all.push((
                c,
                Number::new(&gone.number),
                &gone.number,
                &gone.title,
                None,
            ));
        }
    }
    // Not yet committed first, then by date; one day's changes by number.
    all.sort_by(|a, b| {
        (a.0.committed(), std::cmp::Reverse(a.0.date), &a.1).cmp(&(
            b.0.committed(),
            std::cmp::Reverse(b.0.date),
            &b.1,
        ))
    });
    if feed {
        all.retain(|e| e.0.committed());
        all.truncate(FEED_LIMIT);
    }
    let entry = |c: &'s Change, number: &str, title: &str, url: Option<String>| {
        let absolute_url = v.urls.absolute(
            url.as_deref()
                .unwrap_or(&v.urls.review_changes(&review.slug)),
        );
        let commit = c.commit.as_deref().unwrap_or("");
        let id = match url {
            Some(_) => format!("{absolute_url}#change-{commit}"),
            None => format!(
                "{absolute_url}#change-{commit}-{}",
                crate::model::Slug::from_text(number)
            ),
        };
        ChangeEntry {
            number: number.to_string(),
            title: title.to_string(),
            url,
            absolute_url,
            id,
            change: change_view(c),
        }
    };
    all.into_iter()
        .map(|(c, _, number, title, slug)| {
            let url = slug.map(|s| v.urls.rec(&review.slug, s));
            entry(c, number, title, url)
        })
        .collect()
}

/// One commit's changes on the Recent changes page: its date and id, then each record it
/// changed.
#[derive(Serialize)]
struct CommitGroup {
    date: DateView,
    commit: Option<String>,
    records: Vec<ChangeEntry>,
}

/// Each commit once, where its first entry comes (two commits of one day would otherwise
/// take turns, their entries being sorted by number within the day).
fn by_commit(entries: Vec<ChangeEntry>) -> Vec<CommitGroup> {
    let mut groups: Vec<CommitGroup> = Vec::new();
    let mut at: std::collections::HashMap<(Option<String>, String), usize> = Default::default();
    for e in entries {
        let key = (e.change.commit.clone(), e.change.date.iso.clone());
        match at.get(&key) {
            Some(&i) => groups[i].records.push(e),
            None => {
                at.insert(key, groups.len());
                groups.push(CommitGroup {
                    date: e.change.date.clone(),
                    commit: e.change.commit.clone(),
                    records: vec![e],
                });
            }
        }
    }
    groups
}

pub(crate) fn changes_page(v: &Views, ri: usize) -> PageSpec {
    let review = &v.site.reviews[ri];
    let url = v.urls.review_changes(&review.slug);
    let mut meta = v.meta(
        "changes",
        format!("Recent changes: {}", review.title),
        format!(
            "Every published edit of the recommendations of {}, dated, newest first.",
            review.title
        ),
        &url,
    );
    meta.breadcrumbs = v.review_crumbs(review);
    meta.feed = Some(crumb(
        &format!("Changes: {}", review.title),
        v.urls.review_changes_feed(&review.slug),
    ));
    PageSpec {
        url,
        template: "changes.html",
        page: meta,
        vars: vec![
            ("review", v.review_brief(ri)),
            (
                "commits",
                Value::from_serializable(&by_commit(entries(v, ri, false))),
            ),
        ],
    }
}

#[derive(Serialize)]
struct FeedView {
    self_url: String,
    page_url: String,
    /// The newest change's date (the review's date, or 1970, with none): the same commit
    /// gives the same feed.
    updated: String,
}

pub(crate) fn changes_feed(v: &Views, ri: usize) -> PageSpec {
    let review = &v.site.reviews[ri];
    let url = v.urls.review_changes_feed(&review.slug);
    let entries = entries(v, ri, true);
    let updated = entries
        .iter()
        .map(|e| e.change.date.iso.clone())
        .max()
        .or_else(|| {
            review
                .date
                .map(|d| PartialDate::from_date(d.start()).to_string())
        })
        .unwrap_or_else(|| "1970-01-01".into());
    let feed = FeedView {
        self_url: v.urls.absolute(&url),
        page_url: v.urls.absolute(&v.urls.review_changes(&review.slug)),
        updated,
    };
    let meta = v.meta(
        "changes-feed",
        format!("Changes: {}", review.title),
        String::new(),
        &url,
    );
    PageSpec {
        url,
        template: "changes.xml",
        page: meta,
        vars: vec![
            ("review", v.review_brief(ri)),
            ("feed", Value::from_serializable(&feed)),
            ("entries", Value::from_serializable(&entries)),
        ],
    }
}
