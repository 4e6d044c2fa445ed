//! What the site says about itself: the page that explains its feeds, and the facts the
//! accessibility statement and the footer show (compliance, dates, licence).

use crate::model::{Accessibility, Config};
use crate::render::view::{date, Crumb, DateView, PageMeta, PageSpec, Views};
use serde::Serialize;
use tera::Value;

/// How many of the newest updates the feeds page shows.
pub const LATEST: usize = 10;

/// `site.accessibility` in templates.
#[derive(Serialize)]
pub struct AccessibilityView<'a> {
    /// `fully-compliant`, `partially-compliant` or `not-compliant`.
    pub status: &'static str,
    /// "fully compliant", as the statement words it.
    pub status_label: &'static str,
    pub prepared: Option<DateView>,
    pub reviewed: Option<DateView>,
    pub known_issues: &'a [String],
}

pub fn accessibility(a: &Accessibility) -> AccessibilityView<'_> {
    AccessibilityView {
        status: a.status.key(),
        status_label: a.status.label(),
        prepared: a.prepared.as_ref().map(date),
        reviewed: a.reviewed.as_ref().map(date),
        known_issues: &a.known_issues,
    }
}

/// The description of the home page when `site.yaml` gives none.
pub fn default_description(config: &Config) -> String {
    let whose = match config.organisation.as_str() {
        "" => String::new(),
        org => format!("{org} "),
    };
    format!(
        "What {whose}scrutiny committees recommended, what was agreed, who is responsible and what has happened since."
    )
}

/// One feed the site publishes.
#[derive(Serialize)]
struct FeedLink {
    title: String,
    /// What it follows: "every review", a review, a theme.
    follows: &'static str,
    /// The feed's own (absolute) address, for a feed reader.
    url: String,
    /// The page whose updates it carries.
    page_url: String,
}

/// One of the newest updates.
#[derive(Serialize)]
struct Latest<'a> {
    date: DateView,
    number: &'a str,
    title: &'a str,
    url: String,
    review: &'a str,
    status: Option<&'a str>,
}

/// `feeds/`: what a feed is, how to follow one, every feed and the newest updates.
pub(crate) fn feeds_page(v: &Views) -> PageSpec {
    let site = v.site;
    let u = &v.urls;
    let mut feeds = vec![FeedLink {
        title: "All updates".into(),
        follows: "every review",
        url: u.absolute(&u.feed()),
        page_url: u.updates(),
    }];
    for review in &site.reviews {
        feeds.push(FeedLink {
            title: review.title.clone(),
            follows: "review",
            url: u.absolute(&u.review_feed(&review.slug)),
            page_url: u.review(&review.slug),
        });
        for t in &review.themes {
            feeds.push(FeedLink {
                title: format!("{}: {}", review.title, t.title),
                follows: "theme",
                url: u.absolute(&u.theme_feed(&review.slug, &t.slug)),
                page_url: u.theme(&review.slug, &t.slug),
            });
        }
    }
    let latest: Vec<Latest> = v
        .lists
        .updates
        .iter()
        .take(LATEST)
        .map(|&(r, i)| {
            let review = &site.reviews[r.review];
            let rec = site.rec(r);
            let update = &rec.updates[i];
            Latest {
                date: date(&update.date),
                number: &rec.number.text,
                title: &rec.title,
                url: u.rec(&review.slug, &rec.slug),
                review: &review.title,
                status: update
                    .status
                    .map(|s| site.config.vocabulary.status(s).label.as_str()),
            }
        })
        .collect();
    let url = u.feeds_page();
    let page = PageMeta {
        kind: "feeds",
        title: "Follow updates with a feed".into(),
        description:
            "What a news feed is, how to follow one in a feed reader, and every feed on this site."
                .into(),
        section: u.section(&url),
        canonical: u.absolute(&url),
        url: url.clone(),
        feed: Some(Crumb {
            title: "All updates".into(),
            url: u.feed(),
        }),
        breadcrumbs: vec![Crumb {
            title: "Home".into(),
            url: u.home(),
        }],
    };
    PageSpec {
        url,
        template: "feeds.html",
        page,
        vars: vec![
            ("feeds", Value::from_serializable(&feeds)),
            ("latest", Value::from_serializable(&latest)),
            ("updates_total", Value::from(v.lists.updates.len())),
        ],
    }
}
