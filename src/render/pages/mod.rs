//! Which pages exist, their URLs, and which family builds each.

mod about;
mod changes;
mod home;
mod lists;
mod pagination;
mod people;
mod recommendation;
mod review;

use crate::model::flags::Flag;
use crate::model::{RecRef, Status};
use crate::render::view::*;
pub use about::{accessibility, default_description, AccessibilityView, LATEST};
use pagination::pages_for;
pub use pagination::PAGE_SIZE;
use tera::Value;

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
    /// A review's "Recent changes" page and its feed (`history: git`).
    Changes(usize),
    ChangesFeed(usize),
    People,
    Person(usize, usize),
    Updates(usize),
    Search,
    /// `search/all/`: every recommendation's title, by review (search without JavaScript).
    All,
    Feeds,
    Accessibility,
    NotFound,
    /// One page of the list of recommendations whose declared choice field (`Lists::by_choice`,
    /// by index) holds one of its choices (by index).
    Choice(usize, usize, usize),
    /// An earlier address of a recommendation (its `aliases`, by index): a page that sends
    /// readers on.
    Alias(RecRef, usize),
}

impl Job {
    /// The review this page belongs to, if it is one of a review's own pages.
    pub fn review(&self) -> Option<usize> {
        match *self {
            Job::Review(ri)
            | Job::Report(ri)
            | Job::Theme(ri, _)
            | Job::ReviewStatus(ri, _)
            | Job::ReviewFlagged(ri, _)
            | Job::Changes(ri)
            | Job::ChangesFeed(ri) => Some(ri),
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

/// Every page of the site, as cheap descriptions; contexts are built when rendering.
pub(crate) fn jobs(v: &Views) -> Vec<Job> {
    let site = v.site;
    let l = &v.lists;
    let mut jobs = vec![Job::Home, Job::People];
    for (ri, review) in site.reviews.iter().enumerate() {
        jobs.push(Job::Review(ri));
        jobs.push(Job::Report(ri));
        if site.reach.available {
            jobs.extend([Job::Changes(ri), Job::ChangesFeed(ri)]);
        }
        jobs.extend((0..review.themes.len()).map(|ti| Job::Theme(ri, ti)));
        jobs.extend(refs_of(ri, review).map(Job::Rec));
        jobs.extend(
            site.config
                .vocabulary
                .status_order()
                .map(|s| Job::ReviewStatus(ri, *s)),
        );
        jobs.extend(
            // A review's list of stopped work (closed, withdrawn) exists when it has some, as
            // its dashboard lists it only then; the warnings' lists always do ("none overdue"
            // is an answer a resident may have bookmarked).
            Flag::ALL
                .iter()
                .filter(|f| f.applies(&site.config))
                .filter(|f| f.listed_when_none() || review.recommendations.iter().any(|r| f.of(r)))
                .map(|f| Job::ReviewFlagged(ri, *f)),
        );
    }
    for (s, refs) in &l.by_status {
        jobs.extend((0..pages_for(refs.len())).map(|p| Job::Status(*s, p)));
    }
    for (flag, refs) in l.flagged.iter().filter(|(f, _)| f.applies(&site.config)) {
        jobs.extend((0..pages_for(refs.len())).map(|p| Job::Flagged(*flag, p)));
    }
    for (pi, p) in site.people.iter().enumerate() {
        jobs.extend((0..pages_for(p.owns.len())).map(|page| Job::Person(pi, page)));
    }
    jobs.extend((0..pages_for(l.updates.len())).map(Job::Updates));
    for (fi, (_, choices)) in l.by_choice.iter().enumerate() {
        for (ci, (_, refs)) in choices.iter().enumerate() {
            jobs.extend((0..pages_for(refs.len())).map(|p| Job::Choice(fi, ci, p)));
        }
    }
    for (r, rec) in site.all_recs() {
        jobs.extend((0..rec.aliases.len()).map(|ai| Job::Alias(r, ai)));
    }
    jobs.extend([
        Job::Search,
        Job::All,
        Job::Feeds,
        Job::Accessibility,
        Job::NotFound,
    ]);
    jobs
}

/// The URL, template and context of one page.
pub(crate) fn spec(v: &Views, job: &Job) -> PageSpec {
    match *job {
        Job::Home => home::page(v),
        Job::Review(ri) => review::review_page(v, ri),
        Job::Report(ri) => review::report_page(v, ri),
        Job::Theme(ri, ti) => review::theme_page(v, ri, ti),
        Job::Rec(r) => recommendation::page(v, r),
        Job::ReviewStatus(ri, s) => review::review_status_page(v, ri, s),
        Job::Status(s, page) => lists::status_page(v, s, page),
        Job::Flagged(flag, page) => lists::flag_page(v, flag, page),
        Job::ReviewFlagged(ri, flag) => review::review_flag_page(v, ri, flag),
        Job::Changes(ri) => changes::changes_page(v, ri),
        Job::ChangesFeed(ri) => changes::changes_feed(v, ri),
        Job::People => people::people_page(v),
        Job::Person(pi, page) => people::person_page(v, pi, page),
        Job::Updates(page) => lists::updates_page(v, page),
        Job::Search => {
            let mut spec = fixed(
                v,
                "search",
                "search.html",
                "Search recommendations",
                "Search every recommendation, response and update.",
                v.urls.search(),
            );
            let all = v.urls.all_recommendations();
            spec.vars.push(("all_url", Value::from_serializable(&all)));
            spec
        }
        Job::All => about::all_page(v),
        Job::Feeds => about::feeds_page(v),
        Job::Choice(fi, ci, page) => lists::choice_page(v, fi, ci, page),
        Job::Alias(r, ai) => recommendation::alias_page(v, r, ai),
        Job::Accessibility => fixed(
            v,
            "accessibility",
            "accessibility.html",
            "Accessibility statement",
            "How accessible this website is and how to report a problem.",
            v.urls.accessibility(),
        ),
        Job::NotFound => fixed(
            v,
            "404",
            "404.html",
            "Page not found",
            "The page you were looking for could not be found.",
            v.urls.not_found(),
        ),
    }
}

pub(crate) fn fixed(
    v: &Views,
    kind: &'static str,
    template: &'static str,
    title: &str,
    description: &str,
    url: String,
) -> PageSpec {
    let mut meta = v.meta(kind, title.into(), description.into(), &url);
    if kind != "404" {
        meta.breadcrumbs = vec![v.home_crumb()];
    }
    PageSpec {
        url,
        template,
        page: meta,
        vars: Vec::new(),
    }
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
}
