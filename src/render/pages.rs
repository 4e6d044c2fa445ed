//! Which pages exist and what each template receives.

use super::view::{date, DateView, LinkView, TermView, Views};
use crate::model::flags::Flag;
use crate::model::{RecRef, Recommendation, Review, Role, Status};
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
    /// URL of the main-navigation entry this page lies under, if any.
    pub section: Option<String>,
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
    Crumb {
        title: title.to_string(),
        url,
    }
}

impl<'s> Views<'s> {
    fn meta(&self, kind: &'static str, title: String, description: String, url: &str) -> PageMeta {
        PageMeta {
            kind,
            title,
            description,
            url: url.to_string(),
            section: self.urls.section(url),
            canonical: self.urls.absolute(url),
            feed: Some(crumb("All updates", self.urls.feed())),
            breadcrumbs: Vec::new(),
        }
    }

    fn home_crumb(&self) -> Crumb {
        crumb("Home", self.urls.home())
    }

    fn review_crumbs(&self, review: &Review) -> Vec<Crumb> {
        vec![
            self.home_crumb(),
            crumb(&review.title, self.urls.review(&review.slug)),
        ]
    }
}

fn refs_of(review_idx: usize, review: &Review) -> impl Iterator<Item = RecRef> + '_ {
    (0..review.recommendations.len()).map(move |rec| RecRef {
        review: review_idx,
        rec,
    })
}

#[derive(Serialize)]
struct ThemeView<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    outcome: Option<&'a str>,
    description_html: Value,
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
    introduction_html: Value,
    counts: Value,
    report_url: String,
    feed_url: String,
    data_json_url: String,
    data_csv_url: String,
    themes: Vec<ThemeView<'a>>,
    recommendations: Value,
    status_pages: Vec<StatusPageLink<'a>>,
    flag_pages: Vec<FilterLink<'a>>,
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
    note_html: Value,
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

/// What a recommendation page and the committee report show beyond the card. The card's keys,
/// the Markdown and this are merged into one map (not `serde(flatten)`, which would copy every
/// string of the card again).
#[derive(Serialize)]
struct RecExtra<'a> {
    financial_impact: Option<&'a str>,
    original_due: Option<DateView>,
    revised_dues: Vec<RevisedDue>,
    updates: Vec<UpdateView<'a>>,
    prev: Option<Neighbour<'a>>,
    next: Option<Neighbour<'a>>,
    feed_url: String,
    data_url: String,
    file: String,
    /// Gaps in the published record, in words a resident understands.
    gaps: Vec<String>,
}

#[derive(Serialize)]
struct UpdateEntry<'a> {
    #[serde(flatten)]
    update: UpdateView<'a>,
    rec: Value,
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
    /// The heading over the list: "6 recommendations in progress".
    heading: String,
    /// What the page says when the list is empty.
    empty: String,
    /// The heading of the links to the other lists of the same kind.
    other_heading: &'static str,
    other: Vec<FilterLink<'a>>,
}

/// "6 recommendations in progress", "4 recommendations overdue".
fn list_heading(n: usize, what: &str) -> String {
    format!(
        "{n} {} {what}",
        crate::diagnostics::plural(n, "recommendation")
    )
}

/// A flag's list on the home page: the first few, and a link to the whole list.
#[derive(Serialize)]
struct FlagSection {
    key: &'static str,
    title: &'static str,
    none: &'static str,
    description: String,
    total: usize,
    url: String,
    cards: Value,
}

/// The flags the home page lists recommendations of, in this order.
const HOME_FLAGS: [Flag; 4] = [
    Flag::Overdue,
    Flag::Awaiting,
    Flag::Stale,
    Flag::NoTargetDate,
];

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
    fn update_view(&self, u: &'s crate::model::Update) -> UpdateView<'s> {
        UpdateView {
            date: date(&u.date),
            status: u.status.map(|s| self.status_term(s)),
            due: u.due.as_ref().map(date),
            note_html: self.md(&u.note.0),
            links: u
                .links
                .iter()
                .map(|l| LinkView {
                    title: &l.title,
                    url: l.url.clone(),
                })
                .collect(),
        }
    }

    fn update_views(&self, rec: &'s Recommendation) -> Vec<UpdateView<'s>> {
        rec.updates.iter().map(|u| self.update_view(u)).collect()
    }

    /// Everything about one recommendation: its page and the committee report.
    fn rec_full(&self, r: RecRef) -> Value {
        match &self.full {
            Some(shared) => shared.get(r.review, || self.make_full_of(r.review))[r.rec].clone(),
            None => self.make_full(r),
        }
    }

    /// The full views of every recommendation of review `ri`.
    fn full_of(&self, ri: usize) -> Vec<Value> {
        match &self.full {
            Some(shared) => shared.get(ri, || self.make_full_of(ri)).to_vec(),
            None => self.make_full_of(ri),
        }
    }

    fn make_full_of(&self, ri: usize) -> Vec<Value> {
        refs_of(ri, &self.site.reviews[ri])
            .map(|r| self.make_full(r))
            .collect()
    }

    fn make_full(&self, r: RecRef) -> Value {
        let review = &self.site.reviews[r.review];
        let rec = &review.recommendations[r.rec];
        let neighbour = |i: usize| {
            review.recommendations.get(i).map(|n| Neighbour {
                number: &n.number.text,
                title: &n.title,
                url: self.urls.rec(&review.slug, &n.slug),
            })
        };
        let extra = RecExtra {
            financial_impact: rec.financial_impact.as_deref(),
            original_due: rec.due.as_ref().map(date),
            revised_dues: rec
                .facts
                .revised_dues
                .iter()
                .map(|(on, due)| RevisedDue {
                    on: date(on),
                    due: date(due),
                })
                .collect(),
            updates: self.update_views(rec),
            prev: r.rec.checked_sub(1).and_then(neighbour),
            next: neighbour(r.rec + 1),
            feed_url: match &rec.theme {
                Some(t) => self.urls.theme_feed(&review.slug, t),
                None => self.urls.review_feed(&review.slug),
            },
            data_url: self.urls.review_data_json(&review.slug),
            file: rec.file.to_string_lossy().replace('\\', "/"),
            gaps: gaps(rec),
        };
        let card = self.card(r);
        let mut map = card.as_map().cloned().unwrap_or_default();
        if let Some(extra) = Value::from_serializable(&extra).as_map() {
            map.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        // The card names the first few people; the page and the report name everyone.
        map.insert("lead_officers".into(), self.all_people(&rec.lead_officers));
        map.insert("lead_officers_more".into(), Value::from(0));
        map.insert(
            "cabinet_members".into(),
            self.all_people(&rec.cabinet_members),
        );
        map.insert("cabinet_members_more".into(), Value::from(0));
        map.insert("recommendation_html".into(), self.md(&rec.recommendation.0));
        map.insert("response_html".into(), self.md(&rec.response.0));
        map.insert("fields".into(), self.field_values(r));
        Value::from(map)
    }

    /// A theme with its outcome, counts and the cards of its recommendations.
    fn theme_view(&self, ri: usize, ti: usize) -> ThemeView<'s> {
        let review = &self.site.reviews[ri];
        let t = &review.themes[ti];
        let u = &self.urls;
        let slug = &review.slug;
        let refs: Vec<RecRef> = refs_of(ri, review)
            .filter(|r| self.site.rec(*r).theme.as_ref() == Some(&t.slug))
            .collect();
        ThemeView {
            slug: t.slug.as_str(),
            title: &t.title,
            url: u.theme(slug, &t.slug),
            outcome: t.outcome.as_deref(),
            description_html: self.md(&t.description.0),
            counts: self.counts(
                refs.iter().map(|r| self.site.rec(*r)),
                "in this theme",
                |k| u.review_status(slug, k),
                |_| None,
            ),
            feed_url: u.theme_feed(slug, &t.slug),
            recommendations: self.cards_of(refs.iter().copied()),
        }
    }

    fn review_view(&self, ri: usize, full_recs: bool) -> ReviewView<'s> {
        let review = &self.site.reviews[ri];
        let u = &self.urls;
        let slug = &review.slug;
        let themes = (0..review.themes.len())
            .map(|ti| self.theme_view(ri, ti))
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
                count: review
                    .recommendations
                    .iter()
                    .filter(|r| r.current_status() == *s)
                    .count(),
            })
            .collect();
        // By person, in the order of their names: how many of the review's recommendations
        // each is named on.
        let mut people: BTreeMap<usize, PersonCount> = BTreeMap::new();
        for rec in &review.recommendations {
            let mut named = self.site.people_in(&rec.lead_officers);
            named.extend(self.site.people_in(&rec.cabinet_members));
            named.sort_unstable();
            named.dedup();
            for pi in named {
                people
                    .entry(pi)
                    .or_insert_with(|| {
                        let link = self.person_link(&self.site.people[pi]);
                        PersonCount {
                            name: link.name,
                            url: link.url,
                            count: 0,
                        }
                    })
                    .count += 1;
            }
        }
        let recommendations = if full_recs {
            Value::from(self.full_of(ri))
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
            counts: self.counts(
                &review.recommendations,
                "in this review",
                |k| u.review_status(slug, k),
                |f| Some(u.review_flag(slug, f)),
            ),
            report_url: u.report(slug),
            feed_url: u.review_feed(slug),
            data_json_url: u.review_data_json(slug),
            data_csv_url: u.review_data_csv(slug),
            themes,
            recommendations,
            status_pages,
            flag_pages: self.flag_links(Some(ri), None),
            people: people.into_values().collect(),
        }
    }

    fn update_entry(&self, r: RecRef, i: usize) -> UpdateEntry<'s> {
        UpdateEntry {
            update: self.update_view(&self.site.rec(r).updates[i]),
            rec: self.card(r),
        }
    }

    /// Every page of the site, as cheap descriptions; contexts are built when rendering.
    pub fn jobs(&self) -> Vec<Job> {
        let site = self.site;
        let l = &self.lists;
        let mut jobs = vec![Job::Home, Job::People];
        for (ri, review) in site.reviews.iter().enumerate() {
            jobs.push(Job::Review(ri));
            jobs.push(Job::Report(ri));
            jobs.extend((0..review.themes.len()).map(|ti| Job::Theme(ri, ti)));
            jobs.extend(refs_of(ri, review).map(Job::Rec));
            jobs.extend(
                site.config
                    .vocabulary
                    .statuses
                    .keys()
                    .map(|s| Job::ReviewStatus(ri, *s)),
            );
            jobs.extend(Flag::ALL.iter().map(|f| Job::ReviewFlagged(ri, *f)));
        }
        for (s, refs) in &l.by_status {
            jobs.extend((0..pages_for(refs.len())).map(|p| Job::Status(*s, p)));
        }
        for (flag, refs) in &l.flagged {
            jobs.extend((0..pages_for(refs.len())).map(|p| Job::Flagged(*flag, p)));
        }
        for (pi, p) in site.people.iter().enumerate() {
            jobs.extend((0..pages_for(p.owns.len())).map(|page| Job::Person(pi, page)));
        }
        jobs.extend((0..pages_for(l.updates.len())).map(Job::Updates));
        jobs.extend([Job::Search, Job::Feeds, Job::Accessibility, Job::NotFound]);
        jobs
    }

    /// The URL of a page, without building its context.
    pub fn job_url(&self, job: &Job) -> String {
        let u = &self.urls;
        let reviews = &self.site.reviews;
        match *job {
            Job::Home => u.home(),
            Job::Review(ri) => u.review(&reviews[ri].slug),
            Job::Report(ri) => u.report(&reviews[ri].slug),
            Job::Theme(ri, ti) => u.theme(&reviews[ri].slug, &reviews[ri].themes[ti].slug),
            Job::Rec(r) => u.rec(&reviews[r.review].slug, &self.site.rec(r).slug),
            Job::ReviewStatus(ri, s) => u.review_status(&reviews[ri].slug, s.key()),
            Job::Status(s, p) => page_url(&u.status(s.key()), p),
            Job::Flagged(f, p) => page_url(&u.flag(f), p),
            Job::ReviewFlagged(ri, f) => u.review_flag(&reviews[ri].slug, f),
            Job::People => u.people(),
            Job::Person(pi, p) => page_url(&u.person(&self.site.people[pi].slug), p),
            Job::Updates(p) => page_url(&u.updates(), p),
            Job::Search => u.search(),
            Job::Feeds => u.feeds_page(),
            Job::Accessibility => u.accessibility(),
            Job::NotFound => u.not_found(),
        }
    }

    /// The URL, template and context of one page.
    pub fn spec(&self, job: &Job) -> PageSpec {
        match *job {
            Job::Home => self.home(),
            Job::Review(ri) => self.review_page(ri),
            Job::Report(ri) => self.report_page(ri),
            Job::Theme(ri, ti) => self.theme_page(ri, ti),
            Job::Rec(r) => self.rec_page(r),
            Job::ReviewStatus(ri, s) => self.review_status_page(ri, s),
            Job::Status(s, page) => {
                let t = self.site.config.vocabulary.status(s);
                let refs = &self.lists.by_status[&s];
                let other = self
                    .lists
                    .by_status
                    .iter()
                    .map(|(s2, r2)| {
                        let t2 = self.site.config.vocabulary.status(*s2);
                        FilterLink {
                            label: &t2.label,
                            url: self.urls.status(t2.key),
                            count: r2.len(),
                            current: *s2 == s,
                        }
                    })
                    .collect();
                let description = format!(
                    "Recommendations whose current status is {}.",
                    t.label.to_lowercase()
                );
                self.list_page(ListPage {
                    kind: "status",
                    key: t.key,
                    label: &t.label,
                    title: format!("{}: all reviews", t.label),
                    description,
                    counted: t.label.to_lowercase(),
                    empty: "There are no recommendations with this status.".into(),
                    base_url: self.urls.status(t.key),
                    refs,
                    page,
                    other_heading: "Show recommendations by status",
                    other,
                })
            }
            Job::Flagged(flag, page) => self.list_page(ListPage {
                kind: "flag",
                key: flag.key(),
                label: flag.label(),
                title: flag.title().into(),
                description: flag.description(
                    self.site.config.stale_days,
                    self.site.config.awaiting_response_days,
                ),
                counted: flag.counted().into(),
                empty: flag.none().into(),
                base_url: self.urls.flag(flag),
                refs: &self.lists.flagged[&flag],
                page,
                other_heading: "Other lists",
                other: self.flag_links(None, Some(flag)),
            }),
            Job::ReviewFlagged(ri, flag) => self.review_flag_page(ri, flag),
            Job::People => self.people_page(),
            Job::Person(pi, page) => self.person_page(pi, page),
            Job::Updates(page) => self.updates_page(page),
            Job::Search => self.fixed(
                "search",
                "search.html",
                "Search recommendations",
                "Search every recommendation, response and update.",
                self.urls.search(),
            ),
            Job::Feeds => self.feeds_page(),
            Job::Accessibility => self.fixed(
                "accessibility",
                "accessibility.html",
                "Accessibility statement",
                "How accessible this website is and how to report a problem.",
                self.urls.accessibility(),
            ),
            Job::NotFound => self.fixed(
                "404",
                "404.html",
                "Page not found",
                "The page you were looking for could not be found.",
                self.urls.not_found(),
            ),
        }
    }

    fn fixed(
        &self,
        kind: &'static str,
        template: &'static str,
        title: &str,
        description: &str,
        url: String,
    ) -> PageSpec {
        let mut meta = self.meta(kind, title.into(), description.into(), &url);
        if kind != "404" {
            meta.breadcrumbs = vec![self.home_crumb()];
        }
        PageSpec {
            url,
            template,
            page: meta,
            vars: Vec::new(),
        }
    }

    fn home(&self) -> PageSpec {
        let site = self.site;
        let u = &self.urls;
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
                counts: self.counts(
                    &r.recommendations,
                    "in this review",
                    |k| u.review_status(&r.slug, k),
                    |f| Some(u.review_flag(&r.slug, f)),
                ),
                report_url: u.report(&r.slug),
            })
            .collect();
        let url = u.home();
        let description = site
            .config
            .description
            .clone()
            .unwrap_or_else(|| super::about::default_description(&site.config));
        let l = &self.lists;
        let recent: Vec<UpdateEntry> = l
            .updates
            .iter()
            .take(HOME_LIMIT)
            .map(|(r, i)| self.update_entry(*r, *i))
            .collect();
        let flagged: Vec<FlagSection> = HOME_FLAGS
            .iter()
            .map(|flag| {
                let refs = &l.flagged[flag];
                FlagSection {
                    key: flag.key(),
                    title: flag.title(),
                    none: flag.none(),
                    description: flag
                        .description(site.config.stale_days, site.config.awaiting_response_days),
                    total: refs.len(),
                    url: u.flag(*flag),
                    cards: self.cards_of(refs.iter().take(HOME_LIMIT).copied()),
                }
            })
            .collect();
        PageSpec {
            template: "index.html",
            page: self.meta("home", site.config.title.clone(), description, &url),
            url,
            vars: vec![
                ("reviews", Value::from_serializable(&reviews)),
                (
                    "counts",
                    self.counts(
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

    /// What a page of review `ri` shows about the review (made once per review, for all of
    /// its recommendation and theme pages).
    fn review_brief(&self, ri: usize) -> Value {
        self.briefs[ri]
            .get_or_init(|| self.make_review_brief(ri))
            .clone()
    }

    fn make_review_brief(&self, ri: usize) -> Value {
        let review = &self.site.reviews[ri];
        let u = &self.urls;
        let slug = &review.slug;
        Value::from_serializable(&ReviewBrief {
            slug: slug.as_str(),
            title: &review.title,
            url: u.review(slug),
            committee: review.committee.as_deref(),
            date: review.date.as_ref().map(date),
            reported_to: review.reported_to.as_deref(),
            report_url: u.report(slug),
            feed_url: u.review_feed(slug),
        })
    }

    fn review_feed(&self, review: &Review) -> Option<Crumb> {
        Some(crumb(
            &format!("Updates: {}", review.title),
            self.urls.review_feed(&review.slug),
        ))
    }

    fn review_page(&self, ri: usize) -> PageSpec {
        let review = &self.site.reviews[ri];
        let url = self.urls.review(&review.slug);
        let summary = review.summary.clone().unwrap_or_else(|| {
            format!(
                "Recommendations of the review {} and their progress.",
                review.title
            )
        });
        let mut meta = self.meta("review", review.title.clone(), summary, &url);
        meta.breadcrumbs = vec![self.home_crumb()];
        meta.feed = self.review_feed(review);
        PageSpec {
            url,
            template: "review.html",
            page: meta,
            vars: vec![(
                "review",
                Value::from_serializable(&self.review_view(ri, false)),
            )],
        }
    }

    fn report_page(&self, ri: usize) -> PageSpec {
        let review = &self.site.reviews[ri];
        let url = self.urls.report(&review.slug);
        let mut meta = self.meta(
            "report",
            format!("Committee report: {}", review.title),
            format!(
                "The action and implementation plan of {} in the committee's table format.",
                review.title
            ),
            &url,
        );
        meta.breadcrumbs = self.review_crumbs(review);
        meta.feed = self.review_feed(review);
        let spec = PageSpec {
            url,
            template: "report.html",
            page: meta,
            vars: vec![(
                "review",
                Value::from_serializable(&self.review_view(ri, true)),
            )],
        };
        if let Some(shared) = &self.full {
            shared.done(ri);
        }
        spec
    }

    fn theme_page(&self, ri: usize, ti: usize) -> PageSpec {
        let review = &self.site.reviews[ri];
        let t = &review.themes[ti];
        let u = &self.urls;
        let slug = &review.slug;
        let tv = self.theme_view(ri, ti);
        let url = tv.url.clone();
        let mut meta = self.meta(
            "theme",
            t.title.clone(),
            t.outcome
                .clone()
                .unwrap_or_else(|| format!("Recommendations in the theme {}.", t.title)),
            &url,
        );
        meta.breadcrumbs = self.review_crumbs(review);
        meta.feed = Some(crumb(
            &format!("Updates: {}", t.title),
            u.theme_feed(slug, &t.slug),
        ));
        PageSpec {
            url,
            template: "theme.html",
            page: meta,
            vars: vec![
                ("review", self.review_brief(ri)),
                ("theme", Value::from_serializable(&tv)),
            ],
        }
    }

    fn rec_page(&self, r: RecRef) -> PageSpec {
        let review = &self.site.reviews[r.review];
        let rec = &review.recommendations[r.rec];
        let u = &self.urls;
        let slug = &review.slug;
        let url = u.rec(slug, &rec.slug);
        let theme = rec
            .theme
            .as_ref()
            .and_then(|ts| review.themes.iter().find(|t| &t.slug == ts));
        let mut meta = self.meta(
            "recommendation",
            format!("Recommendation {}: {}", rec.number.text, rec.title),
            self.text(&rec.recommendation.0)
                .chars()
                .take(super::view::DESCRIPTION_CHARS)
                .collect(),
            &url,
        );
        meta.breadcrumbs = self.review_crumbs(review);
        if let Some(t) = theme {
            meta.breadcrumbs
                .push(crumb(&t.title, u.theme(slug, &t.slug)));
            meta.feed = Some(crumb(
                &format!("Updates: {}", t.title),
                u.theme_feed(slug, &t.slug),
            ));
        } else {
            meta.feed = self.review_feed(review);
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
                ("review", self.review_brief(r.review)),
                ("theme", Value::from_serializable(&theme_v)),
                ("rec", self.rec_full(r)),
            ],
        };
        if let Some(shared) = &self.full {
            shared.done(r.review);
        }
        spec
    }

    fn review_status_page(&self, ri: usize, s: Status) -> PageSpec {
        let site = self.site;
        let review = &site.reviews[ri];
        let u = &self.urls;
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
            counts: self.counts(
                refs.iter().map(|r| site.rec(*r)),
                "with this status",
                |k| u.review_status(slug, k),
                |_| None,
            ),
            recommendations: self.cards_of(refs.iter().copied()),
            heading: list_heading(refs.len(), &t.label.to_lowercase()),
            empty: "There are no recommendations with this status.".into(),
            other_heading: "Show recommendations by status",
            other,
        };
        self.review_list_page(ri, url, format!("{}: {}", t.label, review.title), filter)
    }

    /// One of a review's list pages (by status, by flag): `filter` under the review's
    /// breadcrumbs and feed.
    fn review_list_page(
        &self,
        ri: usize,
        url: String,
        title: String,
        filter: FilterView,
    ) -> PageSpec {
        let review = &self.site.reviews[ri];
        let mut meta = self.meta("filter", title, filter.description.clone(), &url);
        meta.breadcrumbs = self.review_crumbs(review);
        meta.feed = self.review_feed(review);
        PageSpec {
            url,
            template: "filter.html",
            page: meta,
            vars: vec![
                ("review", self.review_brief(ri)),
                ("filter", Value::from_serializable(&filter)),
                ("pagination", Value::none()),
            ],
        }
    }

    /// Links to the lists of every flag, site-wide or of review `ri`, with their counts.
    fn flag_links(&self, ri: Option<usize>, current: Option<Flag>) -> Vec<FilterLink<'s>> {
        Flag::ALL
            .iter()
            .map(|f| {
                let (url, count) = match ri {
                    Some(ri) => {
                        let review = &self.site.reviews[ri];
                        (
                            self.urls.review_flag(&review.slug, *f),
                            review.recommendations.iter().filter(|r| f.of(r)).count(),
                        )
                    }
                    None => (self.urls.flag(*f), self.lists.flagged[f].len()),
                };
                FilterLink {
                    label: f.label(),
                    url,
                    count,
                    current: Some(*f) == current,
                }
            })
            .collect()
    }

    /// A review's list of its recommendations carrying `flag`.
    fn review_flag_page(&self, ri: usize, flag: Flag) -> PageSpec {
        let site = self.site;
        let review = &site.reviews[ri];
        let mut refs: Vec<RecRef> = refs_of(ri, review)
            .filter(|r| flag.of(site.rec(*r)))
            .collect();
        order_flagged(site, flag, &mut refs);
        let url = self.urls.review_flag(&review.slug, flag);
        let description =
            flag.description(site.config.stale_days, site.config.awaiting_response_days);
        let filter = FilterView {
            kind: "flag",
            key: flag.key(),
            label: flag.label(),
            scope_title: review.title.clone(),
            description,
            counts: self.counts(
                refs.iter().map(|r| site.rec(*r)),
                "in this list",
                |k| self.urls.review_status(&review.slug, k),
                |_| None,
            ),
            recommendations: self.cards_of(refs.iter().copied()),
            heading: list_heading(refs.len(), flag.counted()),
            empty: flag.none().into(),
            other_heading: "Other lists",
            other: self.flag_links(Some(ri), Some(flag)),
        };
        self.review_list_page(
            ri,
            url,
            format!("{}: {}", flag.label(), review.title),
            filter,
        )
    }

    /// A site-wide list of recommendations, one page of it.
    fn list_page(&self, l: ListPage) -> PageSpec {
        let u = &self.urls;
        let (range, pagination) = paginate(l.refs.len(), l.page, &l.base_url);
        let url = page_url(&l.base_url, l.page);
        let filter = FilterView {
            kind: l.kind,
            key: l.key,
            label: l.label,
            scope_title: "All reviews".into(),
            description: l.description.clone(),
            counts: self.list_counts(&l.base_url, || {
                self.counts(
                    l.refs.iter().map(|r| self.site.rec(*r)),
                    "in this list",
                    |k| u.status(k),
                    |_| None,
                )
            }),
            recommendations: self.cards_of(l.refs[range].iter().copied()),
            heading: list_heading(l.refs.len(), &l.counted),
            empty: l.empty,
            other_heading: l.other_heading,
            other: l.other,
        };
        let title = page_title(l.title, &pagination);
        let mut meta = self.meta("filter", title, l.description, &url);
        meta.breadcrumbs = vec![self.home_crumb()];
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

    fn people_page(&self) -> PageSpec {
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
        let site = self.site;
        let u = &self.urls;
        let summaries: Vec<PersonSummary> = site
            .people
            .iter()
            .map(|p| PersonSummary {
                name: &p.name,
                url: u.person(&p.slug),
                roles: roles(&p.owns),
                counts: self.counts(
                    p.owns.iter().map(|(r, _)| site.rec(*r)),
                    "",
                    |k| u.status(k),
                    |_| None,
                ),
            })
            .collect();
        // The recommendations that are on no one's page, as a group of their own.
        let unassigned = &self.lists.unassigned;
        let no_one = NoOne {
            count: unassigned.len(),
            counts: self.counts(
                unassigned.iter().map(|r| site.rec(*r)),
                "",
                |k| u.status(k),
                |_| None,
            ),
            recommendations: self.cards_of(unassigned.iter().copied()),
        };
        let url = u.people();
        let mut meta = self.meta(
            "people",
            "People responsible".into(),
            "Every cabinet member and lead officer named in the plans, with what each owns.".into(),
            &url,
        );
        meta.breadcrumbs = vec![self.home_crumb()];
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

    fn person_page(&self, pi: usize, page: usize) -> PageSpec {
        let site = self.site;
        let u = &self.urls;
        let p = &site.people[pi];
        let base = u.person(&p.slug);
        let (range, pagination) = paginate(p.owns.len(), page, &base);
        let url = page_url(&base, page);
        let view = PersonView {
            name: &p.name,
            url: base.clone(),
            roles: roles(&p.owns),
            counts: self.list_counts(&base, || {
                self.counts(
                    p.owns.iter().map(|(r, _)| site.rec(*r)),
                    "owned",
                    |k| u.status(k),
                    |_| None,
                )
            }),
            recommendations: p.owns[range]
                .iter()
                .map(|(r, role)| self.card_with_role(*r, *role))
                .collect(),
        };
        let title = page_title(p.name.clone(), &pagination);
        let mut meta = self.meta(
            "person",
            title,
            format!(
                "Recommendations {} is responsible for, and their status.",
                p.name
            ),
            &url,
        );
        meta.breadcrumbs = vec![self.home_crumb(), crumb("People", u.people())];
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

    fn updates_page(&self, page: usize) -> PageSpec {
        let u = &self.urls;
        let base = u.updates();
        let all = &self.lists.updates;
        let (range, pagination) = paginate(all.len(), page, &base);
        let url = page_url(&base, page);
        let entries: Vec<UpdateEntry> = all[range]
            .iter()
            .map(|(r, i)| self.update_entry(*r, *i))
            .collect();
        let mut meta = self.meta(
            "updates",
            page_title("Latest updates".into(), &pagination),
            "Every progress update, newest first.".into(),
            &url,
        );
        meta.breadcrumbs = vec![self.home_crumb()];
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
}

/// How many items a list page holds before it continues on the next page.
pub const PAGE_SIZE: usize = 50;
/// How many overdue, awaiting and recent items the home page shows before "See all".
pub const HOME_LIMIT: usize = 10;

/// One page of the site, described cheaply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    Home,
    Review(usize),
    Report(usize),
    Theme(usize, usize),
    Rec(RecRef),
    ReviewStatus(usize, Status),
    Status(Status, usize),
    /// A site-wide list of flagged recommendations, one page of it.
    Flagged(Flag, usize),
    /// A review's list of its flagged recommendations.
    ReviewFlagged(usize, Flag),
    People,
    Person(usize, usize),
    Updates(usize),
    Search,
    Feeds,
    Accessibility,
    NotFound,
}

impl Job {
    /// The review this page belongs to, if it is one of a review's own pages.
    pub fn review(&self) -> Option<usize> {
        match *self {
            Job::Review(ri)
            | Job::Report(ri)
            | Job::Theme(ri, _)
            | Job::ReviewStatus(ri, _)
            | Job::ReviewFlagged(ri, _) => Some(ri),
            Job::Rec(r) => Some(r.review),
            _ => None,
        }
    }
}

/// `jobs` in groups: consecutive pages of one review together (at most `max` a group), every
/// other page alone.
pub fn group_by_review(jobs: Vec<Job>, max: usize) -> Vec<Vec<Job>> {
    let mut groups: Vec<Vec<Job>> = Vec::new();
    for job in jobs {
        match groups.last_mut() {
            Some(g)
                if g.len() < max
                    && job.review().is_some()
                    && g.last().and_then(Job::review) == job.review() =>
            {
                g.push(job)
            }
            _ => groups.push(vec![job]),
        }
    }
    groups
}

struct ListPage<'a> {
    kind: &'static str,
    key: &'a str,
    label: &'a str,
    title: String,
    description: String,
    /// How the list's count reads after "N recommendations".
    counted: String,
    empty: String,
    base_url: String,
    refs: &'a [RecRef],
    page: usize,
    other_heading: &'static str,
    other: Vec<FilterLink<'a>>,
}

/// Site-wide lists, computed once per render.
#[derive(Default)]
pub struct Lists {
    pub by_status: BTreeMap<Status, Vec<RecRef>>,
    /// Every flag's recommendations (all flags present): overdue and stale ones longest
    /// first, the others in site order.
    pub flagged: BTreeMap<Flag, Vec<RecRef>>,
    /// Every update, newest first: (recommendation, index into its updates).
    pub updates: Vec<(RecRef, usize)>,
    /// The recommendations that name no one (no cabinet member, no lead officer).
    pub unassigned: Vec<RecRef>,
}

impl Lists {
    pub fn of(site: &crate::model::Site) -> Lists {
        let mut l = Lists::default();
        for s in site.config.vocabulary.statuses.keys() {
            l.by_status.insert(*s, Vec::new());
        }
        for (r, rec) in site.all_recs() {
            l.by_status.entry(rec.current_status()).or_default().push(r);
            for flag in Flag::ALL {
                if flag.of(rec) {
                    l.flagged.entry(flag).or_default().push(r);
                }
            }
            l.updates.extend((0..rec.updates.len()).map(|i| (r, i)));
            if rec.cabinet_members.is_empty() && rec.lead_officers.is_empty() {
                l.unassigned.push(r);
            }
        }
        for flag in Flag::ALL {
            l.flagged.entry(flag).or_default();
        }
        for (flag, refs) in l.flagged.iter_mut() {
            order_flagged(site, *flag, refs);
        }
        // Newest first (ties in site order). Each update's date is worked out once, not in
        // every comparison, and the tens of thousands of them are sorted on every core.
        let mut keyed: Vec<_> = l
            .updates
            .par_iter()
            .map(|&(r, i)| (std::cmp::Reverse(site.rec(r).updates[i].date.end()), (r, i)))
            .collect();
        keyed.par_sort_unstable();
        l.updates = keyed.into_iter().map(|(_, u)| u).collect();
        l
    }
}

/// The order of a flag's list: the longest overdue, and the longest without progress, first;
/// the others in site order.
fn order_flagged(site: &crate::model::Site, flag: Flag, refs: &mut [RecRef]) {
    match flag {
        Flag::Overdue => refs.sort_by_key(|r| std::cmp::Reverse(site.rec(*r).facts.days_overdue)),
        Flag::Stale => refs.sort_by_key(|r| site.rec(*r).facts.quiet_since.map(|d| d.end())),
        _ => {}
    }
}

fn pages_for(n: usize) -> usize {
    n.div_ceil(PAGE_SIZE).max(1)
}

/// `/x/` for page 0, `/x/page/2/` for page 1, …
fn page_url(base: &str, page: usize) -> String {
    if page == 0 {
        base.to_string()
    } else {
        format!("{base}page/{}/", page + 1)
    }
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
    /// Stands for the pages left out between its neighbours (shown as "…"; no number or url).
    gap: bool,
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

fn paginate(n: usize, page: usize, base: &str) -> (std::ops::Range<usize>, Option<Pagination>) {
    let total = pages_for(n);
    let start = (page * PAGE_SIZE).min(n);
    let end = (start + PAGE_SIZE).min(n);
    if total == 1 {
        return (start..end, None);
    }
    let p = Pagination {
        current: page + 1,
        total,
        prev: page.checked_sub(1).map(|p| page_url(base, p)),
        next: (page + 1 < total).then(|| page_url(base, page + 1)),
        pages: page_window(total, page)
            .into_iter()
            .map(|i| match i {
                Some(i) => PageLink {
                    number: i + 1,
                    url: page_url(base, i),
                    current: i == page,
                    gap: false,
                },
                None => PageLink {
                    number: 0,
                    url: String::new(),
                    current: false,
                    gap: true,
                },
            })
            .collect(),
    };
    (start..end, Some(p))
}

/// The page links a pager shows: the first and last page, and two either side of `page`
/// (0-based); `None` where pages are left out. A list of 50,000 stays a short row of links on
/// every page, not 1,000 links on each of 1,000 pages.
fn page_window(total: usize, page: usize) -> Vec<Option<usize>> {
    let near = |i: usize| i == 0 || i + 1 == total || i.abs_diff(page) <= 2;
    let mut out = Vec::new();
    let mut i = 0;
    while i < total {
        if near(i) {
            out.push(Some(i));
            i += 1;
            continue;
        }
        // A gap of one page shows that page instead of "…".
        let next = (i..total).find(|&j| near(j)).unwrap_or(total);
        if next - i == 1 {
            out.push(Some(i));
        } else {
            out.push(None);
        }
        i = next;
    }
    out
}

fn pagination_value(p: &Option<Pagination>) -> Value {
    match p {
        Some(p) => Value::from_serializable(p),
        None => Value::none(),
    }
}

fn page_title(title: String, p: &Option<Pagination>) -> String {
    match p {
        Some(p) if p.current > 1 => format!("{title} (page {} of {})", p.current, p.total),
        _ => title,
    }
}

/// What is missing from a recommendation's record, as a resident would put it: the same
/// list `check` warns about (one function decides both).
fn gaps(rec: &Recommendation) -> Vec<String> {
    crate::model::gaps::gaps(rec)
        .iter()
        .map(crate::model::gaps::Gap::sentence)
        .collect()
}

fn roles(owns: &[(RecRef, Role)]) -> Vec<&'static str> {
    let mut r: Vec<Role> = owns.iter().map(|(_, role)| *role).collect();
    r.sort();
    r.dedup();
    r.into_iter().map(Role::label).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reviews_pages_are_grouped_and_site_pages_stand_alone() {
        let rec = |review, rec| Job::Rec(RecRef { review, rec });
        let jobs = vec![
            Job::Home,
            Job::Review(0),
            Job::Report(0),
            rec(0, 0),
            rec(0, 1),
            rec(0, 2),
            Job::Review(1),
            rec(1, 0),
            Job::People,
            Job::Search,
        ];
        let groups = group_by_review(jobs.clone(), 3);
        assert_eq!(
            groups,
            vec![
                vec![Job::Home],
                vec![Job::Review(0), Job::Report(0), rec(0, 0)],
                vec![rec(0, 1), rec(0, 2)],
                vec![Job::Review(1), rec(1, 0)],
                vec![Job::People],
                vec![Job::Search],
            ]
        );
        assert_eq!(groups.concat(), jobs, "nothing is lost or reordered");
    }

    #[test]
    fn pagers_show_the_ends_and_the_pages_near_the_current_one() {
        let shown = |total, page| -> String {
            page_window(total, page)
                .iter()
                .map(|p| p.map_or("…".to_string(), |i| (i + 1).to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(shown(1, 0), "1");
        assert_eq!(shown(7, 0), "1 2 3 … 7");
        assert_eq!(shown(7, 3), "1 2 3 4 5 6 7");
        assert_eq!(shown(8, 5), "1 … 4 5 6 7 8");
        assert_eq!(shown(2000, 999), "1 … 998 999 1000 1001 1002 … 2000");
        assert_eq!(shown(2000, 1999), "1 … 1998 1999 2000");
        assert_eq!(shown(6, 2), "1 2 3 4 5 6");
        for total in 1..60 {
            for page in 0..total {
                let w = page_window(total, page);
                assert!(w.len() <= 9, "{total} {page}: {w:?}");
                assert!(
                    w.contains(&Some(page)) && w.contains(&Some(0)) && w.contains(&Some(total - 1))
                );
                let numbers: Vec<usize> = w.iter().flatten().copied().collect();
                assert!(numbers.windows(2).all(|p| p[0] < p[1]));
                assert!(
                    w.windows(2).all(|p| p[0].is_some() || p[1].is_some()),
                    "no two gaps in a row"
                );
            }
        }
    }
}
