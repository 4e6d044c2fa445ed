//! A review's pages: the review, its committee report, its themes and its status and flag lists.

use super::lists::{list_heading, FilterView};
use crate::model::flags::Flag;
use crate::model::{RecRef, Status};
use crate::render::lists::order_flagged;
use crate::render::view::*;
use tera::Value;

pub(crate) fn review_page(v: &Views, ri: usize) -> PageSpec {
    let review = &v.site.reviews[ri];
    let url = v.urls.review(&review.slug);
    let summary = review.summary.clone().unwrap_or_else(|| {
        format!(
            "Recommendations of the review {} and their progress.",
            review.title
        )
    });
    let mut meta = v.meta("review", review.title.clone(), summary, &url);
    meta.breadcrumbs = vec![v.home_crumb()];
    meta.feed = v.review_feed(review);
    PageSpec {
        url,
        template: "review.html",
        page: meta,
        vars: vec![(
            "review",
            Value::from_serializable(&v.review_view(ri, false)),
        )],
    }
}

pub(crate) fn report_page<'s>(v: &Views<'s>, ri: usize) -> PageSpec {
    let review = &v.site.reviews[ri];
    let url = v.urls.report(&review.slug);
    let mut meta = v.meta(
        "report",
        format!("Committee report: {}", review.title),
        format!(
            "The action and implementation plan of {} in the committee's table format.",
            review.title
        ),
        &url,
    );
    meta.breadcrumbs = v.review_crumbs(review);
    meta.feed = v.review_feed(review);
    let spec = PageSpec {
        url,
        template: "report.html",
        page: meta,
        vars: vec![("review", Value::from_serializable(&v.review_view(ri, true)))],
    };
    if let Some(shared) = &v.full {
        shared.done(ri);
    }
    spec
}

pub(crate) fn theme_page(v: &Views, ri: usize, ti: usize) -> PageSpec {
    let review = &v.site.reviews[ri];
    let t = &review.themes[ti];
    let u = &v.urls;
    let slug = &review.slug;
    let tv = v.theme_view(ri, ti);
    let url = tv.url.clone();
    let mut meta = v.meta(
        "theme",
        t.title.clone(),
        t.outcome
            .clone()
            .unwrap_or_else(|| format!("Recommendations in the theme {}.", t.title)),
        &url,
    );
    meta.breadcrumbs = v.review_crumbs(review);
    meta.feed = Some(crumb(
        &format!("Updates: {}", t.title),
        u.theme_feed(slug, &t.slug),
    ));
    PageSpec {
        url,
        template: "theme.html",
        page: meta,
        vars: vec![
            ("review", v.review_brief(ri)),
            ("theme", Value::from_serializable(&tv)),
        ],
    }
}

pub(crate) fn review_status_page(v: &Views, ri: usize, s: Status) -> PageSpec {
    let site = v.site;
    let review = &site.reviews[ri];
    let u = &v.urls;
    let slug = &review.slug;
    let t = site.config.vocabulary.status(s);
    let refs: Vec<RecRef> = refs_of(ri, review)
        .filter(|r| site.rec(*r).current_status() == s)
        .collect();
    let url = u.review_status(slug, t.key);
    let other = site
        .config
        .vocabulary
        .statuses
        .iter()
        .map(|(s2, t2)| FilterLink {
            label: &t2.label,
            url: u.review_status(slug, t2.key),
            count: review
                .recommendations
                .iter()
                .filter(|r| r.current_status() == *s2)
                .count(),
            current: *s2 == s,
        })
        .collect();
    let filter = FilterView {
        kind: "status",
        key: t.key,
        label: &t.label,
        scope_title: review.title.clone(),
        description: format!(
            "Recommendations of {} whose current status is {}.",
            review.title,
            t.label.to_lowercase()
        ),
        counts: v.counts(
            refs.iter().map(|r| site.rec(*r)),
            "with this status",
            |k| u.review_status(slug, k),
            |_| None,
        ),
        recommendations: v.cards_of(refs.iter().copied()),
        heading: list_heading(refs.len(), &t.label.to_lowercase()),
        empty: "There are no recommendations with this status.".into(),
        other_heading: "Show recommendations by status",
        other,
    };
    review_list_page(v, ri, url, format!("{}: {}", t.label, review.title), filter)
}

/// One of a review's list pages (by status, by flag): `filter` under the review's
/// breadcrumbs and feed.
pub(crate) fn review_list_page(
    v: &Views,
    ri: usize,
    url: String,
    title: String,
    filter: FilterView,
) -> PageSpec {
    let review = &v.site.reviews[ri];
    let mut meta = v.meta("filter", title, filter.description.clone(), &url);
    meta.breadcrumbs = v.review_crumbs(review);
    meta.feed = v.review_feed(review);
    PageSpec {
        url,
        template: "filter.html",
        page: meta,
        vars: vec![
            ("review", v.review_brief(ri)),
            ("filter", Value::from_serializable(&filter)),
            ("pagination", Value::none()),
        ],
    }
}

/// A review's list of its recommendations carrying `flag`.
pub(crate) fn review_flag_page<'s>(v: &Views<'s>, ri: usize, flag: Flag) -> PageSpec {
    let site = v.site;
    let review = &site.reviews[ri];
    let mut refs: Vec<RecRef> = refs_of(ri, review)
        .filter(|r| flag.of(site.rec(*r)))
        .collect();
    order_flagged(site, flag, &mut refs);
    let url = v.urls.review_flag(&review.slug, flag);
    let description = flag.description(&site.config);
    let filter = FilterView {
        kind: "flag",
        key: flag.key(),
        label: flag.label(),
        scope_title: review.title.clone(),
        description,
        counts: v.counts(
            refs.iter().map(|r| site.rec(*r)),
            "in this list",
            |k| v.urls.review_status(&review.slug, k),
            |_| None,
        ),
        recommendations: v.cards_of(refs.iter().copied()),
        heading: list_heading(refs.len(), flag.counted()),
        empty: flag.none(&v.site.config).into(),
        other_heading: "Other lists",
        other: v.flag_links(Some(ri), Some(flag)),
    };
    review_list_page(
        v,
        ri,
        url,
        format!("{}: {}", flag.label(), review.title),
        filter,
    )
}
