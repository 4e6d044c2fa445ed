//! What the site says about itself: the page that explains its feeds, and the facts the
//! accessibility statement and the footer show (compliance, dates, licence).

use crate::model::flags::Flag;
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

/// One review on `search/all/`: its title and every recommendation's number, title and status.
#[derive(Serialize)]
struct AllReview<'a> {
    title: &'a str,
    url: String,
    closed: bool,
    recs: Vec<AllRec<'a>>,
}

#[derive(Serialize)]
struct AllRec<'a> {
    number: &'a str,
    title: &'a str,
    url: String,
    status: &'a str,
    withdrawn: bool,
    /// The flags it carries, in its page's words: a reader of this list without JavaScript
    /// sees what is late as a search result would show it.
    flags: Vec<AllFlag>,
}

#[derive(Serialize)]
struct AllFlag {
    class: &'static str,
    phrase: String,
}

/// `search/all/`: a plain list of every recommendation by review, for readers without
/// JavaScript (search needs it) and for finding a recommendation by a word with the browser's
/// own find.
pub(crate) fn all_page(v: &Views) -> PageSpec {
    let site = v.site;
    let u = &v.urls;
    let reviews: Vec<AllReview> = site
        .reviews
        .iter()
        .map(|review| AllReview {
            title: &review.title,
            url: u.review(&review.slug),
            closed: review.closed.is_some(),
            recs: review
                .recommendations
                .iter()
                .map(|rec| AllRec {
                    number: &rec.number.text,
                    title: &rec.title,
                    url: u.rec(&review.slug, &rec.slug),
                    status: site
                        .config
                        .vocabulary
                        .status(rec.current_status())
                        .label
                        .as_str(),
                    withdrawn: rec.withdrawn.is_some(),
                    flags: Flag::shown(rec, &site.config)
                        // Withdrawn is said after the status already.
                        .filter(|f| *f != Flag::Withdrawn)
                        .map(|f| AllFlag {
                            class: f.class(),
                            phrase: f.phrase(rec, review),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let mut spec = super::fixed(
        v,
        "all",
        "all.html",
        "Every recommendation, by review",
        "The title of every recommendation, review by review, with its status.",
        u.all_recommendations(),
    );
    spec.vars
        .push(("all_reviews", Value::from_serializable(&reviews)));
    spec
}
