//! A recommendation's page.

use crate::model::RecRef;
use crate::render::view::*;
use serde::Serialize;
use tera::Value;

pub(crate) fn page(v: &Views, r: RecRef) -> PageSpec {
    let review = &v.site.reviews[r.review];
    let rec = &review.recommendations[r.rec];
    let u = &v.urls;
    let slug = &review.slug;
    let url = u.rec(slug, &rec.slug);
    let theme = rec
        .theme
        .as_ref()
        .and_then(|ts| review.themes.iter().find(|t| &t.slug == ts));
    let mut meta = v.meta(
        "recommendation",
        format!("Recommendation {}: {}", rec.number.text, rec.title),
        v.text(&rec.recommendation.0)
            .chars()
            .take(DESCRIPTION_CHARS)
            .collect(),
        &url,
    );
    meta.breadcrumbs = v.review_crumbs(review);
    if let Some(t) = theme {
        meta.breadcrumbs
            .push(crumb(&t.title, u.theme(slug, &t.slug)));
        meta.feed = Some(crumb(
            &format!("Updates: {}", t.title),
            u.theme_feed(slug, &t.slug),
        ));
    } else {
        meta.feed = v.review_feed(review);
    }
    #[derive(Serialize)]
    struct ThemeLink<'a> {
        title: &'a str,
        url: String,
        outcome: Option<&'a str>,
    }
    let theme_v = theme.map(|t| ThemeLink {
        title: &t.title,
        url: u.theme(slug, &t.slug),
        outcome: t.outcome.as_deref(),
    });
    let spec = PageSpec {
        url,
        template: "recommendation.html",
        page: meta,
        vars: vec![
            ("review", v.review_brief(r.review)),
            ("theme", Value::from_serializable(&theme_v)),
            ("rec", v.rec_full(r)),
        ],
    };
    if let Some(shared) = &v.full {
        shared.done(r.review);
    }
    spec
}

/// A recommendation's earlier address: a page that says where it went and sends the browser
/// there (an address quoted in minutes or the press keeps working).
pub(crate) fn alias_page(v: &Views, r: RecRef, ai: usize) -> PageSpec {
    let review = &v.site.reviews[r.review];
    let rec = &review.recommendations[r.rec];
    let url = v.urls.alias(&rec.aliases[ai]);
    let to = v.urls.rec(&review.slug, &rec.slug);
    let title = format!("Recommendation {}: {}", rec.number.text, rec.title);
    let mut meta = v.meta(
        "redirect",
        format!("Moved: {title}"),
        format!("This page has moved to {title}."),
        &url,
    );
    meta.breadcrumbs = vec![v.home_crumb()];
    // Search engines file the page under its new address.
    meta.canonical = v.urls.absolute(&to);
    #[derive(Serialize)]
    struct Moved<'a> {
        title: &'a str,
        url: &'a str,
        absolute: String,
    }
    let moved = Moved {
        title: &title,
        url: &to,
        absolute: v.urls.absolute(&to),
    };
    PageSpec {
        url,
        template: "redirect.html",
        page: meta,
        vars: vec![("moved", Value::from_serializable(&moved))],
    }
}
