//! Which pages exist and what each template receives.

use super::view::{date, DateView, LinkView, TermView, Views};
use crate::model::{RecRef, Recommendation, Review, Role};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Value;

/// One page to render.
pub struct PageSpec {
    pub url: String,
    pub template: &'static str,
    pub page: PageMeta,
    pub vars: Vec<(&'static str, Value)>,
}

#[derive(Serialize, Clone)]
pub struct PageMeta {
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    pub url: String,
    pub canonical: String,
    pub feed: Option<Crumb>,
    pub breadcrumbs: Vec<Crumb>,
}

#[derive(Serialize, Clone)]
pub struct Crumb {
    pub title: String,
    pub url: String,
}

fn crumb(title: &str, url: String) -> Crumb {
    Crumb { title: title.to_string(), url }
}

impl<'s> Views<'s> {
    fn meta(&self, kind: &'static str, title: String, description: String, url: &str) -> PageMeta {
        PageMeta {
            kind,
            title,
            description,
            url: url.to_string(),
            canonical: self.urls.absolute(url),
            feed: Some(crumb("All updates", self.urls.feed())),
            breadcrumbs: Vec::new(),
        }
    }

    fn home_crumb(&self) -> Crumb {
        crumb("Home", self.urls.home())
    }

    fn review_crumbs(&self, review: &Review) -> Vec<Crumb> {
        vec![self.home_crumb(), crumb(&review.title, self.urls.review(&review.slug))]
    }
}

fn refs_of(review_idx: usize, review: &Review) -> impl Iterator<Item = RecRef> + '_ {
    (0..review.recommendations.len()).map(move |rec| RecRef { review: review_idx, rec })
}

#[derive(Serialize)]
struct ThemeView<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    outcome: Option<&'a str>,
    description_html: String,
    counts: Value,
    feed_url: String,
    recommendations: Value,
}

#[derive(Serialize)]
struct StatusPageLink<'a> {
    key: &'a str,
    label: &'a str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct PersonCount<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct ReviewView<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    committee: Option<&'a str>,
    date: Option<DateView>,
    reported_to: Option<&'a str>,
    summary: Option<&'a str>,
    introduction_html: String,
    counts: Value,
    report_url: String,
    feed_url: String,
    data_json_url: String,
    data_csv_url: String,
    themes: Vec<ThemeView<'a>>,
    recommendations: Value,
    status_pages: Vec<StatusPageLink<'a>>,
    people: Vec<PersonCount<'a>>,
}

#[derive(Serialize)]
struct ReviewBrief<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    committee: Option<&'a str>,
    date: Option<DateView>,
    reported_to: Option<&'a str>,
    report_url: String,
    feed_url: String,
}

#[derive(Serialize)]
struct UpdateView<'a> {
    date: DateView,
    status: Option<TermView<'a>>,
    due: Option<DateView>,
    note_html: String,
    links: Vec<LinkView<'a>>,
}

#[derive(Serialize)]
struct RevisedDue {
    on: DateView,
    due: DateView,
}

#[derive(Serialize)]
struct Neighbour<'a> {
    number: &'a str,
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct RecFull<'a> {
    #[serde(flatten)]
    card: Value,
    recommendation_html: String,
    response_html: String,
    financial_impact: Option<&'a str>,
    original_due: Option<DateView>,
    revised_dues: Vec<RevisedDue>,
    updates: Vec<UpdateView<'a>>,
    prev: Option<Neighbour<'a>>,
    next: Option<Neighbour<'a>>,
    feed_url: String,
    data_url: String,
    file: String,
}

#[derive(Serialize)]
struct UpdateEntry<'a> {
    date: DateView,
    rec: Value,
    status: Option<TermView<'a>>,
    due: Option<DateView>,
    note_html: String,
    links: Vec<LinkView<'a>>,
}

#[derive(Serialize)]
struct ReviewSummary<'a> {
    title: &'a str,
    url: String,
    committee: Option<&'a str>,
    date: Option<DateView>,
    reported_to: Option<&'a str>,
    summary: Option<&'a str>,
    counts: Value,
    report_url: String,
}

#[derive(Serialize)]
struct FilterView<'a> {
    kind: &'static str,
    key: &'a str,
    label: &'a str,
    scope_title: String,
    description: String,
    counts: Value,
    recommendations: Value,
    other: Vec<FilterLink<'a>>,
}

#[derive(Serialize)]
struct FilterLink<'a> {
    label: &'a str,
    url: String,
    count: usize,
    current: bool,
}

#[derive(Serialize)]
struct PersonView<'a> {
    name: &'a str,
    url: String,
    roles: Vec<&'static str>,
    counts: Value,
    recommendations: Vec<Value>,
}

impl<'s> Views<'s> {
    fn update_views(&self, rec: &'s Recommendation) -> Vec<UpdateView<'s>> {
        rec.updates
            .iter()
            .map(|u| UpdateView {
                date: date(&u.date),
                status: u.status.map(|s| self.status_term(s)),
                due: u.due.as_ref().map(date),
                note_html: self.md(&u.note.0),
                links: u.links.iter().map(|l| LinkView { title: &l.title, url: l.url.clone() }).collect(),
            })
            .collect()
    }

    fn rec_full(&self, r: RecRef) -> Value {
        let review = &self.site.reviews[r.review];
        let rec = &review.recommendations[r.rec];
        let neighbour = |i: usize| {
            review.recommendations.get(i).map(|n| Neighbour {
                number: &n.number.text,
                title: &n.title,
                url: self.urls.rec(&review.slug, &n.slug),
            })
        };
        let full = RecFull {
            card: self.card(r),
            recommendation_html: self.md(&rec.recommendation.0),
            response_html: self.md(&rec.response.0),
            financial_impact: rec.financial_impact.as_deref(),
            original_due: rec.due.as_ref().map(date),
            revised_dues: rec.facts.revised_dues.iter().map(|(on, due)| RevisedDue { on: date(on), due: date(due) }).collect(),
            updates: self.update_views(rec),
            prev: r.rec.checked_sub(1).and_then(neighbour),
            next: neighbour(r.rec + 1),
            feed_url: match &rec.theme {
                Some(t) => self.urls.theme_feed(&review.slug, t),
                None => self.urls.review_feed(&review.slug),
            },
            data_url: self.urls.review_data_json(&review.slug),
            file: rec.file.to_string_lossy().replace('\\', "/"),
        };
        Value::from_serializable(&full)
    }

    fn review_view(&self, ri: usize, full_recs: bool) -> ReviewView<'s> {
        let review = &self.site.reviews[ri];
        let u = &self.urls;
        let slug = &review.slug;
        let themes = review
            .themes
            .iter()
            .map(|t| {
                let refs: Vec<RecRef> = refs_of(ri, review).filter(|r| self.site.rec(*r).theme.as_ref() == Some(&t.slug)).collect();
                ThemeView {
                    slug: t.slug.as_str(),
                    title: &t.title,
                    url: u.theme(slug, &t.slug),
                    outcome: t.outcome.as_deref(),
                    description_html: self.md(&t.description.0),
                    counts: self.counts(refs.iter().map(|r| self.site.rec(*r)), "in this theme", |k| u.review_status(slug, k)),
                    feed_url: u.theme_feed(slug, &t.slug),
                    recommendations: self.cards_of(refs.iter().copied()),
                }
            })
            .collect();
        let status_pages = self
            .site
            .config
            .vocabulary
            .statuses
            .iter()
            .map(|(s, t)| StatusPageLink {
                key: t.key,
                label: &t.label,
                url: u.review_status(slug, t.key),
                count: review.recommendations.iter().filter(|r| r.current_status() == *s).count(),
            })
            .collect();
        let mut people: BTreeMap<String, PersonCount> = BTreeMap::new();
        for rec in &review.recommendations {
            for name in rec.lead_officers.iter().chain(&rec.cabinet_members) {
                people
                    .entry(name.to_lowercase())
                    .or_insert_with(|| PersonCount { name, url: u.person(&crate::model::Slug::from_text(name)), count: 0 })
                    .count += 1;
            }
        }
        let recommendations = if full_recs {
            Value::from(refs_of(ri, review).map(|r| self.rec_full(r)).collect::<Vec<_>>())
        } else {
            self.cards_of(refs_of(ri, review))
        };
        ReviewView {
            slug: slug.as_str(),
            title: &review.title,
            url: u.review(slug),
            committee: review.committee.as_deref(),
            date: review.date.as_ref().map(date),
            reported_to: review.reported_to.as_deref(),
            summary: review.summary.as_deref(),
            introduction_html: self.md(&review.introduction.0),
            counts: self.counts(&review.recommendations, "in this review", |k| u.review_status(slug, k)),
            report_url: u.report(slug),
            feed_url: u.review_feed(slug),
            data_json_url: u.review_data_json(slug),
            data_csv_url: u.review_data_csv(slug),
            themes,
            recommendations,
            status_pages,
            people: people.into_values().collect(),
        }
    }

    fn update_entries(&self, limit: usize) -> Vec<UpdateEntry<'s>> {
        let mut all: Vec<(RecRef, usize)> = Vec::new();
        for (r, rec) in self.site.all_recs() {
            for i in 0..rec.updates.len() {
                all.push((r, i));
            }
        }
        all.sort_by(|a, b| {
            let da = self.site.rec(a.0).updates[a.1].date.end();
            let db = self.site.rec(b.0).updates[b.1].date.end();
            db.cmp(&da).then(a.cmp(b))
        });
        all.into_iter()
            .take(limit)
            .map(|(r, i)| {
                let u = &self.site.rec(r).updates[i];
                UpdateEntry {
                    date: date(&u.date),
                    rec: self.card(r),
                    status: u.status.map(|s| self.status_term(s)),
                    due: u.due.as_ref().map(date),
                    note_html: self.md(&u.note.0),
                    links: u.links.iter().map(|l| LinkView { title: &l.title, url: l.url.clone() }).collect(),
                }
            })
            .collect()
    }

    /// Every page of the site.
    pub fn pages(&self) -> Vec<PageSpec> {
        let site = self.site;
        let u = &self.urls;
        let org = &site.config.organisation;
        let mut pages = Vec::new();

        // Home
        {
            let reviews: Vec<ReviewSummary> = site
                .reviews
                .iter()
                .map(|r| ReviewSummary {
                    title: &r.title,
                    url: u.review(&r.slug),
                    committee: r.committee.as_deref(),
                    date: r.date.as_ref().map(date),
                    reported_to: r.reported_to.as_deref(),
                    summary: r.summary.as_deref(),
                    counts: self.counts(&r.recommendations, "in this review", |k| u.review_status(&r.slug, k)),
                    report_url: u.report(&r.slug),
                })
                .collect();
            let overdue: Vec<RecRef> = site.all_recs().filter(|(_, r)| r.facts.overdue).map(|(r, _)| r).collect();
            let awaiting: Vec<RecRef> = site.all_recs().filter(|(_, r)| r.facts.awaiting_response).map(|(r, _)| r).collect();
            let url = u.home();
            let description = site
                .config
                .description
                .clone()
                .unwrap_or_else(|| format!("What {org} scrutiny committees recommended, what was agreed, who is responsible and what has happened since."));
            pages.push(PageSpec {
                template: "index.html",
                page: self.meta("home", site.config.title.clone(), description, &url),
                url,
                vars: vec![
                    ("reviews", Value::from_serializable(&reviews)),
                    ("counts", self.counts(site.all_recs().map(|(_, r)| r), "across all reviews", |k| u.status(k))),
                    ("overdue", self.cards_of(overdue)),
                    ("awaiting", self.cards_of(awaiting)),
                    ("recent_updates", Value::from_serializable(&self.update_entries(10))),
                ],
            });
        }

        // Per review: dashboard, report, themes, recommendations, status filters.
        let per_review: Vec<Vec<PageSpec>> = (0..site.reviews.len()).into_par_iter().map(|ri| self.review_pages(ri)).collect();
        pages.extend(per_review.into_iter().flatten());

        // Site-wide status filters.
        for (s, t) in &site.config.vocabulary.statuses {
            let refs: Vec<RecRef> = site.all_recs().filter(|(_, r)| r.current_status() == *s).map(|(r, _)| r).collect();
            let url = u.status(t.key);
            let other = site
                .config
                .vocabulary
                .statuses
                .iter()
                .map(|(s2, t2)| FilterLink {
                    label: &t2.label,
                    url: u.status(t2.key),
                    count: site.all_recs().filter(|(_, r)| r.current_status() == *s2).count(),
                    current: s2 == s,
                })
                .collect();
            let filter = FilterView {
                kind: "status",
                key: t.key,
                label: &t.label,
                scope_title: "All reviews".into(),
                description: format!("Recommendations whose current status is {}.", t.label.to_lowercase()),
                counts: self.counts(refs.iter().map(|r| site.rec(*r)), "with this status", |k| u.status(k)),
                recommendations: self.cards_of(refs.iter().copied()),
                other,
            };
            let mut meta = self.meta("filter", format!("{}: all reviews", t.label), filter.description.clone(), &url);
            meta.breadcrumbs = vec![self.home_crumb()];
            pages.push(PageSpec { url, template: "filter.html", page: meta, vars: vec![("filter", Value::from_serializable(&filter))] });
        }

        // People
        {
            #[derive(Serialize)]
            struct PersonSummary<'a> {
                name: &'a str,
                url: String,
                roles: Vec<&'static str>,
                counts: Value,
            }
            let summaries: Vec<PersonSummary> = site
                .people
                .iter()
                .map(|p| PersonSummary {
                    name: &p.name,
                    url: u.person(&p.slug),
                    roles: roles(&p.owns),
                    counts: self.counts(p.owns.iter().map(|(r, _)| site.rec(*r)), "", |k| u.status(k)),
                })
                .collect();
            let url = u.people();
            let mut meta = self.meta("people", "People responsible".into(), "Every cabinet member and lead officer named in the plans, with what each owns.".into(), &url);
            meta.breadcrumbs = vec![self.home_crumb()];
            pages.push(PageSpec { url, template: "people.html", page: meta, vars: vec![("people", Value::from_serializable(&summaries))] });
            for p in &site.people {
                let url = u.person(&p.slug);
                let view = PersonView {
                    name: &p.name,
                    url: url.clone(),
                    roles: roles(&p.owns),
                    counts: self.counts(p.owns.iter().map(|(r, _)| site.rec(*r)), "owned", |k| u.status(k)),
                    recommendations: p.owns.iter().map(|(r, role)| self.card_with_role(*r, *role)).collect(),
                };
                let mut meta = self.meta("person", p.name.clone(), format!("Recommendations {} is responsible for, and their status.", p.name), &url);
                meta.breadcrumbs = vec![self.home_crumb(), crumb("People", u.people())];
                pages.push(PageSpec { url, template: "person.html", page: meta, vars: vec![("person", Value::from_serializable(&view))] });
            }
        }

        // Updates, search, accessibility, 404
        {
            let url = u.updates();
            let mut meta = self.meta("updates", "Latest updates".into(), "Every progress update, newest first.".into(), &url);
            meta.breadcrumbs = vec![self.home_crumb()];
            pages.push(PageSpec { url, template: "updates.html", page: meta, vars: vec![("updates", Value::from_serializable(&self.update_entries(usize::MAX)))] });
            for (kind, template, title, description, url) in [
                ("search", "search.html", "Search recommendations", "Search every recommendation, response and update.", u.search()),
                ("accessibility", "accessibility.html", "Accessibility statement", "How accessible this website is and how to report a problem.", u.accessibility()),
                ("404", "404.html", "Page not found", "The page you were looking for could not be found.", u.not_found()),
            ] {
                let mut meta = self.meta(kind, title.into(), description.into(), &url);
                if kind != "404" {
                    meta.breadcrumbs = vec![self.home_crumb()];
                }
                pages.push(PageSpec { url, template, page: meta, vars: Vec::new() });
            }
        }
        pages
    }

    fn review_pages(&self, ri: usize) -> Vec<PageSpec> {
        let site = self.site;
        let review = &site.reviews[ri];
        let u = &self.urls;
        let slug = &review.slug;
        let mut pages = Vec::new();
        let review_feed = Some(crumb(&format!("Updates: {}", review.title), u.review_feed(slug)));
        let full_view = self.review_view(ri, false);
        // Pages below a review get only its brief facts, so an edit to one recommendation
        // does not change every other recommendation's page.
        let brief = Value::from_serializable(&ReviewBrief {
            slug: slug.as_str(),
            title: &review.title,
            url: u.review(slug),
            committee: review.committee.as_deref(),
            date: review.date.as_ref().map(date),
            reported_to: review.reported_to.as_deref(),
            report_url: u.report(slug),
            feed_url: u.review_feed(slug),
        });

        let url = u.review(slug);
        let mut meta = self.meta(
            "review",
            review.title.clone(),
            review.summary.clone().unwrap_or_else(|| format!("Recommendations of the review {} and their progress.", review.title)),
            &url,
        );
        meta.breadcrumbs = vec![self.home_crumb()];
        meta.feed = review_feed.clone();
        pages.push(PageSpec { url, template: "review.html", page: meta, vars: vec![("review", Value::from_serializable(&full_view))] });
        let themes_view = full_view.themes;

        let url = u.report(slug);
        let mut meta = self.meta("report", format!("Committee report: {}", review.title), format!("The action and implementation plan of {} in the committee's table format.", review.title), &url);
        meta.breadcrumbs = self.review_crumbs(review);
        meta.feed = review_feed.clone();
        pages.push(PageSpec { url, template: "report.html", page: meta, vars: vec![("review", Value::from_serializable(&self.review_view(ri, true)))] });

        for (t, tv) in review.themes.iter().zip(themes_view) {
            let url = u.theme(slug, &t.slug);
            let mut meta = self.meta("theme", t.title.clone(), t.outcome.clone().unwrap_or_else(|| format!("Recommendations in the theme {}.", t.title)), &url);
            meta.breadcrumbs = self.review_crumbs(review);
            meta.feed = Some(crumb(&format!("Updates: {}", t.title), u.theme_feed(slug, &t.slug)));
            pages.push(PageSpec { url, template: "theme.html", page: meta, vars: vec![("review", brief.clone()), ("theme", Value::from_serializable(&tv))] });
        }

        for (i, rec) in review.recommendations.iter().enumerate() {
            let r = RecRef { review: ri, rec: i };
            let url = u.rec(slug, &rec.slug);
            let theme = rec.theme.as_ref().and_then(|ts| review.themes.iter().find(|t| &t.slug == ts));
            let mut meta = self.meta(
                "recommendation",
                format!("Recommendation {}: {}", rec.number.text, rec.title),
                crate::render::markdown::to_text(&rec.recommendation.0).chars().take(200).collect(),
                &url,
            );
            meta.breadcrumbs = self.review_crumbs(review);
            if let Some(t) = theme {
                meta.breadcrumbs.push(crumb(&t.title, u.theme(slug, &t.slug)));
                meta.feed = Some(crumb(&format!("Updates: {}", t.title), u.theme_feed(slug, &t.slug)));
            } else {
                meta.feed = review_feed.clone();
            }
            let theme_v = theme.map(|t| LinkView { title: &t.title, url: u.theme(slug, &t.slug) });
            pages.push(PageSpec {
                url,
                template: "recommendation.html",
                page: meta,
                vars: vec![("review", brief.clone()), ("theme", Value::from_serializable(&theme_v)), ("rec", self.rec_full(r))],
            });
        }

        for (s, t) in &site.config.vocabulary.statuses {
            let refs: Vec<RecRef> = refs_of(ri, review).filter(|r| site.rec(*r).current_status() == *s).collect();
            let url = u.review_status(slug, t.key);
            let other = site
                .config
                .vocabulary
                .statuses
                .iter()
                .map(|(s2, t2)| FilterLink {
                    label: &t2.label,
                    url: u.review_status(slug, t2.key),
                    count: review.recommendations.iter().filter(|r| r.current_status() == *s2).count(),
                    current: s2 == s,
                })
                .collect();
            let filter = FilterView {
                kind: "status",
                key: t.key,
                label: &t.label,
                scope_title: review.title.clone(),
                description: format!("Recommendations of {} whose current status is {}.", review.title, t.label.to_lowercase()),
                counts: self.counts(refs.iter().map(|r| site.rec(*r)), "with this status", |k| u.review_status(slug, k)),
                recommendations: self.cards_of(refs.iter().copied()),
                other,
            };
            let mut meta = self.meta("filter", format!("{}: {}", t.label, review.title), filter.description.clone(), &url);
            meta.breadcrumbs = self.review_crumbs(review);
            meta.feed = review_feed.clone();
            pages.push(PageSpec { url, template: "filter.html", page: meta, vars: vec![("review", brief.clone()), ("filter", Value::from_serializable(&filter))] });
        }
        pages
    }
}

fn roles(owns: &[(RecRef, Role)]) -> Vec<&'static str> {
    let mut r: Vec<Role> = owns.iter().map(|(_, role)| *role).collect();
    r.sort();
    r.dedup();
    r.into_iter().map(Role::label).collect()
}
