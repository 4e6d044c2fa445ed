//! Site-wide lists: by status, by flag, and every update.

use super::pagination::*;
use crate::model::flags::Flag;
use crate::model::{RecRef, Status};
use crate::render::view::*;
use serde::Serialize;
use tera::Value;

#[derive(Serialize)]
pub(crate) struct FilterView<'a> {
    pub(crate) kind: &'static str,
    pub(crate) key: &'a str,
    pub(crate) label: &'a str,
    pub(crate) scope_title: String,
    pub(crate) description: String,
    pub(crate) counts: Value,
    pub(crate) recommendations: Value,
    /// The heading over the list: "6 recommendations in progress".
    pub(crate) heading: String,
    /// What the page says when the list is empty.
    pub(crate) empty: String,
    /// The heading of the links to the other lists of the same kind.
    pub(crate) other_heading: &'static str,
    pub(crate) other: Vec<FilterLink<'a>>,
}

/// "6 recommendations in progress", "4 recommendations overdue".
pub(crate) fn list_heading(n: usize, what: &str) -> String {
    format!(
        "{n} {} {what}",
        crate::diagnostics::plural(n, "recommendation")
    )
}

pub(crate) struct ListPage<'a> {
    pub(crate) kind: &'static str,
    pub(crate) key: &'a str,
    pub(crate) label: &'a str,
    pub(crate) title: String,
    pub(crate) description: String,
    /// How the list's count reads after "N recommendations".
    pub(crate) counted: String,
    pub(crate) empty: String,
    pub(crate) base_url: String,
    pub(crate) refs: &'a [RecRef],
    pub(crate) page: usize,
    pub(crate) other_heading: &'static str,
    pub(crate) other: Vec<FilterLink<'a>>,
}

/// A site-wide list of recommendations, one page of it.
pub(crate) fn list_page(v: &Views, l: ListPage) -> PageSpec {
    let u = &v.urls;
    let (range, pagination) = paginate(l.refs.len(), l.page, &l.base_url);
    let url = page_url(&l.base_url, l.page);
    let filter = FilterView {
        kind: l.kind,
        key: l.key,
        label: l.label,
        scope_title: "All reviews".into(),
        description: l.description.clone(),
        counts: v.list_counts(&l.base_url, || {
            v.counts(
                l.refs.iter().map(|r| v.site.rec(*r)),
                "in this list",
                |k| u.status(k),
                |_| None,
            )
        }),
        recommendations: v.cards_of(l.refs[range].iter().copied()),
        heading: list_heading(l.refs.len(), &l.counted),
        empty: l.empty,
        other_heading: l.other_heading,
        other: l.other,
    };
    let title = page_title(l.title, &pagination);
    let mut meta = v.meta("filter", title, l.description, &url);
    meta.breadcrumbs = vec![v.home_crumb()];
    PageSpec {
        url,
        template: "filter.html",
        page: meta,
        vars: vec![
            ("filter", Value::from_serializable(&filter)),
            ("pagination", pagination_value(&pagination)),
        ],
    }
}

pub(crate) fn updates_page(v: &Views, page: usize) -> PageSpec {
    let u = &v.urls;
    let base = u.updates();
    let all = &v.lists.updates;
    let (range, pagination) = paginate(all.len(), page, &base);
    let url = page_url(&base, page);
    let entries: Vec<UpdateEntry> = all[range]
        .iter()
        .map(|(r, i)| v.update_entry(*r, *i))
        .collect();
    let mut meta = v.meta(
        "updates",
        page_title("Latest updates".into(), &pagination),
        "Every progress update, newest first.".into(),
        &url,
    );
    meta.breadcrumbs = vec![v.home_crumb()];
    PageSpec {
        url,
        template: "updates.html",
        page: meta,
        vars: vec![
            ("updates", Value::from_serializable(&entries)),
            ("pagination", pagination_value(&pagination)),
        ],
    }
}

/// One page of the site-wide list of recommendations with status `s`.
pub(crate) fn status_page(v: &Views, s: Status, page: usize) -> PageSpec {
    let t = v.site.config.vocabulary.status(s);
    let refs = &v.lists.by_status[&s];
    let other = v
        .lists
        .by_status
        .iter()
        .map(|(s2, r2)| {
            let t2 = v.site.config.vocabulary.status(*s2);
            FilterLink {
                label: &t2.label,
                url: v.urls.status(t2.key),
                count: r2.len(),
                current: *s2 == s,
            }
        })
        .collect();
    let description = format!(
        "Recommendations whose current status is {}.",
        t.label.to_lowercase()
    );
    list_page(
        v,
        ListPage {
            kind: "status",
            key: t.key,
            label: &t.label,
            title: format!("{}: all reviews", t.label),
            description,
            counted: t.label.to_lowercase(),
            empty: "There are no recommendations with this status.".into(),
            base_url: v.urls.status(t.key),
            refs,
            page,
            other_heading: "Show recommendations by status",
            other,
        },
    )
}

/// One page of the site-wide list of recommendations carrying `flag`.
pub(crate) fn flag_page(v: &Views, flag: Flag, page: usize) -> PageSpec {
    list_page(
        v,
        ListPage {
            kind: "flag",
            key: flag.key(),
            label: flag.label(),
            title: flag.title().into(),
            description: flag.description(&v.site.config),
            counted: flag.counted().into(),
            empty: flag.none(&v.site.config).into(),
            base_url: v.urls.flag(flag),
            refs: &v.lists.flagged[&flag],
            page,
            other_heading: "Other lists",
            other: v.flag_links(None, Some(flag)),
        },
    )
}

/// One page of the list of recommendations whose declared choice field holds one choice, with
/// links to the field's other choices.
pub(crate) fn choice_page(v: &Views, fi: usize, ci: usize, page: usize) -> PageSpec {
    let (key, choices) = &v.lists.by_choice[fi];
    let (choice, refs) = &choices[ci];
    let label = v.site.config.fields.get(key).map_or(*key, |f| f.label);
    let other = choices
        .iter()
        .enumerate()
        .map(|(i, (c, r))| FilterLink {
            label: c,
            url: v.urls.choice(key, c),
            count: r.len(),
            current: i == ci,
        })
        .collect();
    list_page(
        v,
        ListPage {
            kind: "choice",
            key: choice,
            label: choice,
            title: format!("{label}: {choice}"),
            description: format!(
                "Recommendations whose {} is {choice}.",
                label.to_lowercase()
            ),
            counted: format!("with {} {choice}", label.to_lowercase()),
            empty: format!("No recommendation has {} {choice}.", label.to_lowercase()),
            base_url: v.urls.choice(key, choice),
            refs,
            page,
            other_heading: "Show recommendations by this field",
            other,
        },
    )
}
