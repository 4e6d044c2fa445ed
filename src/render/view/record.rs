//! A recommendation's full view (its page and the committee report) and its updates.

use super::{date, refs_of, DateView, LinkView, TermView, Views};
use crate::model::{RecRef, Recommendation};
use serde::Serialize;
use tera::Value;

#[derive(Serialize)]
pub(crate) struct UpdateView<'a> {
    pub(crate) date: DateView,
    pub(crate) status: Option<TermView<'a>>,
    pub(crate) due: Option<DateView>,
    pub(crate) note_html: Value,
    pub(crate) links: Vec<LinkView<'a>>,
}

#[derive(Serialize)]
pub(crate) struct RevisedDue {
    pub(crate) on: DateView,
    pub(crate) due: DateView,
}

#[derive(Serialize)]
pub(crate) struct Neighbour<'a> {
    pub(crate) number: &'a str,
    pub(crate) title: &'a str,
    pub(crate) url: String,
}

/// What a recommendation page and the committee report show beyond the card. The card's keys,
/// the Markdown and this are merged into one map (not `serde(flatten)`, which would copy every
/// string of the card again).
#[derive(Serialize)]
pub(crate) struct RecExtra<'a> {
    pub(crate) financial_impact: Option<&'a str>,
    pub(crate) withdrawn_reason: Option<&'a str>,
    pub(crate) original_due: Option<DateView>,
    pub(crate) revised_dues: Vec<RevisedDue>,
    pub(crate) updates: Vec<UpdateView<'a>>,
    pub(crate) prev: Option<Neighbour<'a>>,
    pub(crate) next: Option<Neighbour<'a>>,
    pub(crate) feed_url: String,
    pub(crate) data_url: String,
    pub(crate) file: String,
    /// Gaps in the published record, in words a resident understands.
    pub(crate) gaps: Vec<String>,
    /// Its change record, newest first (`history: git`).
    pub(crate) changes: Vec<super::ChangeView>,
}

#[derive(Serialize)]
pub(crate) struct UpdateEntry<'a> {
    #[serde(flatten)]
    pub(crate) update: UpdateView<'a>,
    pub(crate) rec: Value,
    /// The start of the note as plain text, for lists that link to the update rather than
    /// repeat it (the site's updates list).
    pub(crate) excerpt: String,
}

/// How much of a note the updates list shows (in characters, cut at a word).
pub(crate) const EXCERPT_CHARS: usize = 160;

impl<'s> Views<'s> {
    pub(crate) fn update_view(&self, u: &'s crate::model::Update) -> UpdateView<'s> {
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

    pub(crate) fn update_views(&self, rec: &'s Recommendation) -> Vec<UpdateView<'s>> {
        rec.updates.iter().map(|u| self.update_view(u)).collect()
    }

    /// Everything about one recommendation: its page and the committee report.
    pub(crate) fn rec_full(&self, r: RecRef) -> Value {
        match &self.full {
            Some(shared) => shared.get(r.review, || self.make_full_of(r.review))[r.rec].clone(),
            None => self.make_full(r),
        }
    }

    /// The full views of every recommendation of review `ri`.
    pub(crate) fn full_of(&self, ri: usize) -> Vec<Value> {
        match &self.full {
            Some(shared) => shared.get(ri, || self.make_full_of(ri)).to_vec(),
            None => self.make_full_of(ri),
        }
    }

    pub(crate) fn make_full_of(&self, ri: usize) -> Vec<Value> {
        refs_of(ri, &self.site.reviews[ri])
            .map(|r| self.make_full(r))
            .collect()
    }

    pub(crate) fn make_full(&self, r: RecRef) -> Value {
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
            withdrawn_reason: rec.withdrawn_reason.as_deref(),
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
            gaps: gaps(rec, &self.site.config.fields),
            changes: super::change_views(&rec.changes),
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

    pub(crate) fn update_entry(&self, r: RecRef, i: usize) -> UpdateEntry<'s> {
        let u = &self.site.rec(r).updates[i];
        UpdateEntry {
            update: self.update_view(u),
            rec: self.card(r),
            excerpt: crate::search::shard::summary(&self.text(&u.note.0), EXCERPT_CHARS),
        }
    }
}

/// What is missing from a recommendation's record, as a resident would put it: the same
/// list `check` warns about (one function decides both).
pub(crate) fn gaps(rec: &Recommendation, table: &crate::model::fields::Table) -> Vec<String> {
    crate::model::gaps::gaps(rec, table)
        .iter()
        .map(crate::model::gaps::Gap::sentence)
        .collect()
}
