//! A review's view: its themes, counts, status and flag pages, and the people it names.

use super::{crumb, date, Crumb, DateView, Views};
use crate::model::flags::Flag;
use crate::model::{RecRef, Review};
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Value;

pub(crate) fn refs_of(review_idx: usize, review: &Review) -> impl Iterator<Item = RecRef> + '_ {
    (0..review.recommendations.len()).map(move |rec| RecRef {
        review: review_idx,
        rec,
    })
}

#[derive(Serialize)]
pub(crate) struct ThemeView<'a> {
    pub(crate) slug: &'a str,
    pub(crate) title: &'a str,
    pub(crate) url: String,
    pub(crate) outcome: Option<&'a str>,
    pub(crate) description_html: Value,
    pub(crate) counts: Value,
    pub(crate) feed_url: String,
    pub(crate) recommendations: Value,
}

#[derive(Serialize)]
pub(crate) struct StatusPageLink<'a> {
    pub(crate) key: &'a str,
    pub(crate) label: &'a str,
    pub(crate) url: String,
    pub(crate) count: usize,
}

#[derive(Serialize)]
pub(crate) struct PersonCount<'a> {
    pub(crate) name: &'a str,
    pub(crate) url: String,
    pub(crate) count: usize,
}

#[derive(Serialize)]
pub(crate) struct ReviewView<'a> {
    #[serde(flatten)]
    pub(crate) brief: ReviewBrief<'a>,
    pub(crate) summary: Option<&'a str>,
    pub(crate) introduction_html: Value,
    pub(crate) counts: Value,
    pub(crate) data_json_url: String,
    pub(crate) data_csv_url: String,
    pub(crate) themes: Vec<ThemeView<'a>>,
    pub(crate) recommendations: Value,
    pub(crate) status_pages: Vec<StatusPageLink<'a>>,
    pub(crate) flag_pages: Vec<FilterLink<'a>>,
    pub(crate) people: Vec<PersonCount<'a>>,
}

#[derive(Serialize)]
pub(crate) struct ReviewBrief<'a> {
    pub(crate) slug: &'a str,
    pub(crate) title: &'a str,
    pub(crate) url: String,
    pub(crate) committee: Option<&'a str>,
    pub(crate) date: Option<DateView>,
    pub(crate) reported_to: Option<&'a str>,
    /// When the committee closed the review, and why.
    pub(crate) closed: Option<DateView>,
    pub(crate) closed_reason: Option<&'a str>,
    pub(crate) sources: &'a [crate::model::Link],
    pub(crate) report_url: String,
    pub(crate) report_csv_url: String,
    pub(crate) report_docx_url: String,
    pub(crate) feed_url: String,
    /// The "Recent changes" page and its feed (`history: git`).
    pub(crate) changes_url: Option<String>,
    pub(crate) changes_feed_url: Option<String>,
    pub(crate) changes_data_url: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct FilterLink<'a> {
    pub(crate) label: &'a str,
    pub(crate) url: String,
    pub(crate) count: usize,
    pub(crate) current: bool,
}

impl<'s> Views<'s> {
    /// A theme with its outcome, counts and the cards of its recommendations.
    pub(crate) fn theme_view(&self, ri: usize, ti: usize) -> ThemeView<'s> {
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

    pub(crate) fn review_view(&self, ri: usize, full_recs: bool) -> ReviewView<'s> {
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
            brief: self.brief(ri),
            summary: review.summary.as_deref(),
            introduction_html: self.md(&review.introduction.0),
            counts: self.counts(
                &review.recommendations,
                "in this review",
                |k| u.review_status(slug, k),
                |f| Some(u.review_flag(slug, f)),
            ),
            data_json_url: u.review_data_json(slug),
            data_csv_url: u.review_data_csv(slug),

            themes,
            recommendations,
            status_pages,
            flag_pages: self.flag_links(Some(ri), None),
            people: people.into_values().collect(),
        }
    }

    /// What a page of review `ri` shows about the review (made once per review, for all of
    /// its recommendation and theme pages).
    pub(crate) fn review_brief(&self, ri: usize) -> Value {
        self.briefs[ri]
            .get_or_init(|| self.make_review_brief(ri))
            .clone()
    }

    pub(crate) fn make_review_brief(&self, ri: usize) -> Value {
        Value::from_serializable(&self.brief(ri))
    }

    /// What every view of a review starts with: its title, committee, dates and addresses.
    pub(crate) fn brief(&self, ri: usize) -> ReviewBrief<'s> {
        let review = &self.site.reviews[ri];
        let u = &self.urls;
        let slug = &review.slug;
        let history = self.site.reach.available;
        ReviewBrief {
            slug: slug.as_str(),
            title: &review.title,
            url: u.review(slug),
            committee: review.committee.as_deref(),
            date: review.date.as_ref().map(date),
            reported_to: review.reported_to.as_deref(),
            closed: review.closed.as_ref().map(date),
            closed_reason: review.closed_reason.as_deref(),
            sources: &review.sources,
            report_url: u.report(slug),
            report_csv_url: u.report_file(slug, "csv"),
            report_docx_url: u.report_file(slug, "docx"),
            feed_url: u.review_feed(slug),
            changes_url: history.then(|| u.review_changes(slug)),
            changes_feed_url: history.then(|| u.review_changes_feed(slug)),
            changes_data_url: history.then(|| u.review_changes_data(slug)),
        }
    }

    pub(crate) fn review_feed(&self, review: &Review) -> Option<Crumb> {
        Some(crumb(
            &format!("Updates: {}", review.title),
            self.urls.review_feed(&review.slug),
        ))
    }

    /// Links to the lists of every flag, site-wide or of review `ri`, with their counts.
    pub(crate) fn flag_links(
        &self,
        ri: Option<usize>,
        current: Option<Flag>,
    ) -> Vec<FilterLink<'s>> {
        let config = &self.site.config;
        Flag::ALL
            .iter()
            .filter(|f| f.applies(config))
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
            .zip(Flag::ALL.iter().filter(|f| f.applies(config)))
            .filter(|(link, f)| link.count > 0 || link.current || f.listed_when_none())
            .map(|(link, _)| link)
            .collect()
    }
}
