//! The people page and each person's page.

use super::pagination::*;
use crate::model::{RecRef, Role};
use crate::render::view::*;
use serde::Serialize;
use tera::Value;

#[derive(Serialize)]
pub(crate) struct PersonView<'a> {
    pub(crate) name: &'a str,
    pub(crate) url: String,
    pub(crate) roles: Vec<&'static str>,
    pub(crate) counts: Value,
    pub(crate) recommendations: Vec<Value>,
    /// A role renamed after a reshuffle: what it is called now.
    pub(crate) renamed_to: Option<PersonLink<'a>>,
    /// Its earlier names, whose recommendations are listed here too.
    pub(crate) formerly: Vec<PersonLink<'a>>,
}

pub(crate) fn people_page<'s>(v: &Views<'s>) -> PageSpec {
    #[derive(Serialize)]
    struct PersonSummary<'a> {
        name: &'a str,
        url: String,
        roles: Vec<&'static str>,
        counts: Value,
    }
    #[derive(Serialize)]
    struct NoOne {
        count: usize,
        counts: Value,
        recommendations: Value,
    }
    let site = v.site;
    let u = &v.urls;
    let summaries: Vec<PersonSummary> = site
        .people
        .iter()
        .map(|p| PersonSummary {
            name: &p.name,
            url: u.person(&p.slug),
            roles: roles(&p.owns),
            counts: v.counts(
                p.owns.iter().map(|(r, _)| site.rec(*r)),
                "",
                |k| u.status(k),
                |_| None,
            ),
        })
        .collect();
    // The recommendations that are on no one's page, as a group of their own.
    let unassigned = &v.lists.unassigned;
    let no_one = NoOne {
        count: unassigned.len(),
        counts: v.counts(
            unassigned.iter().map(|r| site.rec(*r)),
            "",
            |k| u.status(k),
            |_| None,
        ),
        recommendations: v.cards_of(unassigned.iter().copied()),
    };
    let url = u.people();
    let mut meta = v.meta(
        "people",
        "People responsible".into(),
        "Every cabinet member and lead officer named in the plans, with what each owns.".into(),
        &url,
    );
    meta.breadcrumbs = vec![v.home_crumb()];
    PageSpec {
        url,
        template: "people.html",
        page: meta,
        vars: vec![
            ("people", Value::from_serializable(&summaries)),
            ("no_one", Value::from_serializable(&no_one)),
        ],
    }
}

pub(crate) fn person_page(v: &Views, pi: usize, page: usize) -> PageSpec {
    let site = v.site;
    let u = &v.urls;
    let p = &site.people[pi];
    let base = u.person(&p.slug);
    let (range, pagination) = paginate(p.owns.len(), page, &base);
    let url = page_url(&base, page);
    let view = PersonView {
        name: &p.name,
        url: base.clone(),
        roles: roles(&p.owns),
        counts: v.list_counts(&base, || {
            v.counts(
                p.owns.iter().map(|(r, _)| site.rec(*r)),
                "owned",
                |k| u.status(k),
                |_| None,
            )
        }),
        recommendations: p.owns[range]
            .iter()
            .map(|(r, role)| v.card_with_role(*r, *role))
            .collect(),
        renamed_to: p.renamed_to.map(|i| v.person_link(&site.people[i])),
        formerly: p
            .formerly
            .iter()
            .map(|i| v.person_link(&site.people[*i]))
            .collect(),
    };
    let title = page_title(p.name.clone(), &pagination);
    let mut meta = v.meta(
        "person",
        title,
        format!(
            "Recommendations {} is responsible for, and their status.",
            p.name
        ),
        &url,
    );
    meta.breadcrumbs = vec![v.home_crumb(), crumb("People", u.people())];
    PageSpec {
        url,
        template: "person.html",
        page: meta,
        vars: vec![
            ("person", Value::from_serializable(&view)),
            ("pagination", pagination_value(&pagination)),
        ],
    }
}

pub(crate) fn roles(owns: &[(RecRef, Role)]) -> Vec<&'static str> {
    let mut r: Vec<Role> = owns.iter().map(|(_, role)| *role).collect();
    r.sort();
    r.dedup();
    r.into_iter().map(Role::label).collect()
}
