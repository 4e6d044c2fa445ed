//! Recommendation cards: made once per recommendation and shared by every list that shows it.

use super::*;
use crate::model::{Decision, RecRef, Recommendation, Review, Role, Status};
use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

/// A card's own fields. Its review, theme, status, decision and people are values shared by
/// every card that shows the same one ([`CardParts`]), added to the map after serialising.
#[derive(Serialize)]
pub(crate) struct Card<'a> {
    pub(crate) number: &'a str,
    pub(crate) title: &'a str,
    pub(crate) url: String,
    pub(crate) due: Option<DateView>,
    pub(crate) timetable: Option<&'a str>,
    /// The year a timetable without one was read in ("June/July" → 2023), when the target
    /// date comes from the timetable.
    pub(crate) timetable_year: Option<String>,
    /// The target the lateness questions use (set, else from the timetable).
    pub(crate) target: Option<DateView>,
    pub(crate) overdue: bool,
    /// How long overdue, in words: shown only on pages that state their "as of" date.
    pub(crate) overdue_for: Option<String>,
    pub(crate) awaiting_response: bool,
    /// The date the executive's response was due by.
    pub(crate) response_due: Option<DateView>,
    /// How long past that date, in words (as-of pages only).
    pub(crate) response_late_by: Option<String>,
    pub(crate) stale: bool,
    /// No progress reported since this date (the last update, or the review).
    pub(crate) quiet_since: Option<DateView>,
    /// How long without progress, in words (as-of pages only).
    pub(crate) quiet_for: Option<String>,
    pub(crate) no_target_date: bool,
    pub(crate) no_decision: bool,
    /// The day its review was closed, when the work was left unfinished.
    pub(crate) closed_unfinished: Option<DateView>,
    pub(crate) withdrawn: Option<DateView>,
    pub(crate) last_updated: Option<DateView>,
    pub(crate) draft: bool,
}

/// The parts of cards that many cards share, each made once as a tera value: a card holds a
/// reference to them rather than a copy (the copies were a large share of the heap's peak:
/// docs/performance.md, "Measurements behind the code").
pub(crate) struct CardParts {
    pub(crate) statuses: Vec<(Status, Value)>,
    pub(crate) decisions: Vec<(Decision, Value)>,
    /// `reviews[review]`: the review link and its themes' links.
    pub(crate) reviews: Vec<(Value, Vec<Value>)>,
    /// `people[i]`: the link to `site.people[i]`.
    pub(crate) people: Vec<Value>,
}

impl CardParts {
    pub(crate) fn new(v: &Views) -> CardParts {
        let site = v.site;
        let vocab = &site.config.vocabulary;
        let u = &v.urls;
        let link = |title: &str, url: String| Value::from_serializable(&LinkView { title, url });
        CardParts {
            statuses: vocab
                .status_order()
                .map(|s| (*s, Value::from_serializable(&v.status_term(*s))))
                .collect(),
            decisions: vocab
                .decision_order()
                .map(|d| (*d, Value::from_serializable(&v.decision_term(*d))))
                .collect(),
            reviews: site
                .reviews
                .iter()
                .map(|r| {
                    let themes = r
                        .themes
                        .iter()
                        .map(|t| link(&t.title, u.theme(&r.slug, &t.slug)))
                        .collect();
                    (link(&r.title, u.review(&r.slug)), themes)
                })
                .collect(),
            people: site
                .people
                .iter()
                .map(|p| Value::from_serializable(&v.person_link(p)))
                .collect(),
        }
    }

    fn status(&self, v: &Views, s: Status) -> Value {
        match self.statuses.iter().find(|(k, _)| *k == s) {
            Some((_, value)) => value.clone(),
            None => Value::from_serializable(&v.status_term(s)),
        }
    }

    fn decision(&self, v: &Views, d: Decision) -> Value {
        match self.decisions.iter().find(|(k, _)| *k == d) {
            Some((_, value)) => value.clone(),
            None => Value::from_serializable(&v.decision_term(d)),
        }
    }

    /// The first [`CARD_PEOPLE`] people `names` refer to, as links, and how many more there are.
    fn people(&self, v: &Views, names: &[String]) -> (Value, usize) {
        let people = v.site.people_in(names);
        let links: Vec<Value> = people
            .iter()
            .take(CARD_PEOPLE)
            .map(|i| self.people[*i].clone())
            .collect();
        (Value::from(links), people.len().saturating_sub(CARD_PEOPLE))
    }
}

/// How many of a recommendation's people a card names; the rest are counted ("and 12 others")
/// and named on the recommendation's own page. Every person's page shows the card, so naming
/// them all made output grow with the square of the people on one recommendation.
pub const CARD_PEOPLE: usize = 5;

/// The partial that renders a card's shared table cells (see [`Views::attach_cells`]).
pub const CARD_CELLS: &str = "partials/card_cells.html";

pub(crate) const CELLS_KEY: &str = "cells_html";

/// The partial that renders a card's lead officer cell, which person pages leave out (a
/// person's page lists what they own, not everyone they share it with).
pub const CARD_LEADS: &str = "partials/card_leads.html";

pub(crate) const LEADS_KEY: &str = "leads_html";

/// The partial that renders a card's target date cell (after the lead officer's).
pub const CARD_TARGET: &str = "partials/card_target.html";

pub(crate) const TARGET_KEY: &str = "target_html";

impl<'s> Views<'s> {
    pub(crate) fn card_of(
        &self,
        parts: &CardParts,
        ri: usize,
        review: &Review,
        r: &Recommendation,
    ) -> Value {
        let own =
            Card {
                number: &r.number.text,
                title: &r.title,
                url: self.urls.rec(&review.slug, &r.slug),
                due: r.facts.due.as_ref().map(date),
                timetable: r.timetable.as_deref(),
                timetable_year: r.facts.timetable_due.filter(|i| i.year_from_review).map(
                    |i| match r.timetable.as_deref() {
                        // "The municipal year" is a span: say where it ends.
                        Some(t) if t.to_lowercase().contains("municipal year") => {
                            format!("to {}", i.due.human())
                        }
                        _ => i.due.year().to_string(),
                    },
                ),
                target: r.facts.target().as_ref().map(date),
                overdue: r.facts.overdue,
                overdue_for: r
                    .facts
                    .target()
                    .filter(|_| r.facts.overdue)
                    .map(|t| duration_words(t.end(), self.site.today)),
                awaiting_response: r.facts.awaiting_response,
                response_due: r
                    .facts
                    .response_due
                    .map(|d| date(&PartialDate::from_date(d))),
                response_late_by: r
                    .facts
                    .response_due
                    .map(|d| duration_words(d, self.site.today)),
                stale: r.facts.stale,
                quiet_since: r.facts.quiet_since.as_ref().map(date),
                quiet_for: r
                    .facts
                    .quiet_since
                    .map(|d| duration_words(d.end(), self.site.today)),
                no_target_date: r.facts.no_target_date,
                no_decision: r.facts.no_decision,
                closed_unfinished: review
                    .closed
                    .as_ref()
                    .filter(|_| r.facts.closed_unfinished)
                    .map(date),
                withdrawn: r.withdrawn.as_ref().map(date),
                last_updated: r.facts.last_updated.as_ref().map(date),
                draft: r.draft,
            };
        let mut map = Value::from_serializable(&own)
            .into_map()
            .unwrap_or_default();
        map.reserve(8);
        let (review_link, theme_links) = &parts.reviews[ri];
        let theme = r
            .theme
            .as_ref()
            .and_then(|slug| review.themes.iter().position(|t| &t.slug == slug))
            .and_then(|ti| theme_links.get(ti).cloned())
            .unwrap_or_else(Value::none);
        map.insert("review".into(), review_link.clone());
        map.insert("theme".into(), theme);
        map.insert("status".into(), parts.status(self, r.current_status()));
        map.insert("decision".into(), parts.decision(self, r.decision));
        let (leads, more_leads) = parts.people(self, &r.lead_officers);
        let (members, more_members) = parts.people(self, &r.cabinet_members);
        map.insert("lead_officers".into(), leads);
        map.insert("lead_officers_more".into(), Value::from(more_leads));
        map.insert("cabinet_members".into(), members);
        map.insert("cabinet_members_more".into(), Value::from(more_members));
        Value::from(map)
    }

    /// Render each card's `cells_html` once: the table cells a card shows the same way on
    /// every list (status, decision, lead officer, target date), from [`CARD_CELLS`]. A
    /// recommendation is listed about six times (its review, theme and status pages, the
    /// site-wide status page, each of its people); the cells were rendered for each.
    ///
    /// Cards handed back from the previous render keep theirs unless `all` is set (the
    /// templates or the site settings changed).
    pub(crate) fn attach_cells(&mut self, tera: &tera::Tera, all: bool) -> Result<(), tera::Error> {
        let key = tera::value::Key::from(CELLS_KEY);
        let decisions = self.site.config.vocabulary.records_decisions;
        let leads = self.site.config.fields.get("lead_officers");
        let leads_shown = self.site.config.fields.shows("lead_officers");
        let leads_label = leads.map_or("Lead officer", |f| f.label_one());
        self.cards.par_iter_mut().try_for_each(|cards| {
            for card in cards.iter_mut() {
                let Some(map) = card.as_map() else { continue };
                if !all && map.contains_key(&key) {
                    continue;
                }
                let mut ctx = tera::Context::new();
                ctx.insert_value("c", card.clone());
                ctx.insert("records_decisions", &decisions);
                ctx.insert("lead_officers_shown", &leads_shown);
                ctx.insert("lead_officers_label", &leads_label);
                let html = tera.render(CARD_CELLS, &ctx)?;
                // The default theme has all three partials, so every theme does.
                let leads = match leads_shown {
                    true => tera.render(CARD_LEADS, &ctx)?,
                    false => String::new(),
                };
                let target = tera.render(CARD_TARGET, &ctx)?;
                let mut map = map.clone();
                map.insert(CELLS_KEY.into(), Value::safe_string(&html));
                map.insert(LEADS_KEY.into(), Value::safe_string(&leads));
                map.insert(TARGET_KEY.into(), Value::safe_string(&target));
                *card = Value::from(map);
            }
            Ok(())
        })
    }

    /// Every card, by review and recommendation (kept for the next preview render).
    /// Every card, `[review][rec]`, taken out of the views.
    pub(crate) fn into_cards(self) -> Vec<Vec<Value>> {
        self.cards
    }

    /// The card of one recommendation (cheap to clone).
    pub(crate) fn card(&self, r: RecRef) -> Value {
        self.cards[r.review][r.rec].clone()
    }

    /// A card with the owner's role, for person pages (the shared card plus one key).
    pub(crate) fn card_with_role(&self, r: RecRef, role: Role) -> Value {
        let card = self.card(r);
        match card.as_map() {
            Some(m) => {
                let mut m = m.clone();
                m.insert("role".into(), Value::from(role.label()));
                Value::from(m)
            }
            None => card,
        }
    }

    pub(crate) fn cards_of(&self, refs: impl IntoIterator<Item = RecRef>) -> Value {
        Value::from(refs.into_iter().map(|r| self.card(r)).collect::<Vec<_>>())
    }
}
