//! The home page.

use super::HOME_LIMIT;
use crate::model::flags::Flag;
use crate::render::view::*;
use serde::Serialize;
use tera::Value;

#[derive(Serialize)]
pub(crate) struct ReviewSummary<'a> {
    #[serde(flatten)]
    pub(crate) brief: ReviewBrief<'a>,
    pub(crate) summary: Option<&'a str>,
    pub(crate) counts: Value,
}

/// A flag's list on the home page: the first few, and a link to the whole list.
#[derive(Serialize)]
pub(crate) struct FlagSection {
    pub(crate) key: &'static str,
    pub(crate) title: &'static str,
    pub(crate) none: &'static str,
    pub(crate) description: String,
    pub(crate) total: usize,
    pub(crate) url: String,
    pub(crate) cards: Value,
}

/// The flags the home page lists recommendations of, in this order.
pub(crate) const HOME_FLAGS: [Flag; 4] = [
    Flag::Overdue,
    Flag::Awaiting,
    Flag::Stale,
    Flag::NoTargetDate,
];

pub(crate) fn page(v: &Views) -> PageSpec {
    let site = v.site;
    let u = &v.urls;
    let reviews: Vec<ReviewSummary> = site
        .reviews
        .iter()
        .enumerate()
        .map(|(ri, r)| ReviewSummary {
            brief: v.brief(ri),
            summary: r.summary.as_deref(),
            counts: v.counts(
                &r.recommendations,
                "in this review",
                |k| u.review_status(&r.slug, k),
                |f| Some(u.review_flag(&r.slug, f)),
            ),
        })
        .collect();
    let url = u.home();
    let description = site
        .config
        .description
        .clone()
        .unwrap_or_else(|| super::about::default_description(&site.config));
    let l = &v.lists;
    let recent: Vec<UpdateEntry> = l
        .updates
        .iter()
        .take(HOME_LIMIT)
        .map(|(r, i)| v.update_entry(*r, *i))
        .collect();
    let flagged: Vec<FlagSection> = HOME_FLAGS
        .iter()
        .filter(|f| f.applies(&site.config))
        .map(|flag| {
            let refs = &l.flagged[flag];
            FlagSection {
                key: flag.key(),
                title: flag.title(),
                none: flag.none(&site.config),
                description: flag.description(&site.config),
                total: refs.len(),
                url: u.flag(*flag),
                cards: v.cards_of(refs.iter().take(HOME_LIMIT).copied()),
            }
        })
        .collect();
    PageSpec {
        template: "index.html",
        page: v.meta("home", site.config.title.clone(), description, &url),
        url,
        vars: vec![
            ("reviews", Value::from_serializable(&reviews)),
            (
                "counts",
                v.counts(
                    site.all_recs().map(|(_, r)| r),
                    "across all reviews",
                    |k| u.status(k),
                    |f| Some(u.flag(f)),
                ),
            ),
            ("flagged", Value::from_serializable(&flagged)),
            ("recent_updates", Value::from_serializable(&recent)),
        ],
    }
}
