//! View models: the model reshaped for templates (see docs/theming.md). Built once per render;
//! cards are converted to tera values once and shared (tera values are reference counted).

use super::chart::{self, Segment};
use crate::model::flags::Flag;
use crate::model::{
    Counts, Decision, PartialDate, Person, RecRef, Recommendation, Review, Role, Site, Status,
};
use crate::text::markdown;
use crate::urls::Urls;
use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

#[derive(Serialize, Clone)]
pub struct DateView {
    pub iso: String,
    pub human: String,
}

pub fn date(d: &PartialDate) -> DateView {
    DateView {
        iso: d.to_string(),
        human: d.human(),
    }
}

/// A stretch of time in words, for pages that say the date they are as of: "3 years 2
/// months", "5 months", "3 weeks", "4 days". Never a bare count of days past a month.
pub fn duration_words(from: jiff::civil::Date, to: jiff::civil::Date) -> String {
    let months = i32::from(to.year() - from.year()) * 12 + i32::from(to.month() - from.month())
        - i32::from(to.day() < from.day());
    let plural = |n: i32, word: &str| {
        format!(
            "{n} {}",
            crate::diagnostics::plural(n.unsigned_abs() as usize, word)
        )
    };
    if months >= 12 {
        let (y, m) = (months / 12, months % 12);
        if m == 0 {
            plural(y, "year")
        } else {
            format!("{} {}", plural(y, "year"), plural(m, "month"))
        }
    } else if months >= 1 {
        plural(months, "month")
    } else {
        let days = (to - from).get_days().max(0);
        if days >= 14 {
            plural(days / 7, "week")
        } else {
            plural(days, "day")
        }
    }
}

#[derive(Serialize, Clone)]
pub struct TermView<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub colour: &'a str,
    pub done: bool,
    pub url: String,
    /// Position in the vocabulary (1-based), for sorting tables by status.
    pub order: usize,
}

#[derive(Serialize)]
pub struct LinkView<'a> {
    pub title: &'a str,
    pub url: String,
}

#[derive(Serialize)]
pub struct PersonLink<'a> {
    pub name: &'a str,
    pub url: String,
}

#[derive(Serialize)]
struct StatusCount<'a> {
    key: &'a str,
    label: &'a str,
    colour: &'a str,
    count: usize,
    url: String,
    percent: f64,
}

#[derive(Serialize)]
struct DecisionCount<'a> {
    key: &'a str,
    label: &'a str,
    colour: &'a str,
    count: usize,
}

/// An "of which" count of a flag, linking to its list page where there is one.
#[derive(Serialize)]
struct FlagCount {
    key: &'static str,
    label: &'static str,
    counted: &'static str,
    count: usize,
    url: Option<String>,
}

#[derive(Serialize)]
struct CountsView<'a> {
    total: usize,
    done: usize,
    overdue: usize,
    awaiting_response: usize,
    stale: usize,
    no_target_date: usize,
    no_decision: usize,
    flags: Vec<FlagCount>,
    by_status: Vec<StatusCount<'a>>,
    by_decision: Vec<DecisionCount<'a>>,
    sentence: String,
    chart_svg: String,
}

/// A card's own fields. Its review, theme, status, decision and people are values shared by
/// every card that shows the same one ([`CardParts`]), added to the map after serialising.
#[derive(Serialize)]
struct Card<'a> {
    number: &'a str,
    title: &'a str,
    url: String,
    due: Option<DateView>,
    timetable: Option<&'a str>,
    /// The year a timetable without one was read in ("June/July" → 2023), when the target
    /// date comes from the timetable.
    timetable_year: Option<String>,
    /// The target the lateness questions use (set, else from the timetable).
    target: Option<DateView>,
    overdue: bool,
    /// How long overdue, in words: shown only on pages that state their "as of" date.
    overdue_for: Option<String>,
    awaiting_response: bool,
    /// The date the executive's response was due by.
    response_due: Option<DateView>,
    /// How long past that date, in words (as-of pages only).
    response_late_by: Option<String>,
    stale: bool,
    /// No progress reported since this date (the last update, or the review).
    quiet_since: Option<DateView>,
    /// How long without progress, in words (as-of pages only).
    quiet_for: Option<String>,
    no_target_date: bool,
    no_decision: bool,
    last_updated: Option<DateView>,
    draft: bool,
}

/// The parts of cards that many cards share, each made once as a tera value: a card holds a
/// reference to them rather than a copy (the copies were 16% of the heap's peak, at 10,000
/// and 50,000 recommendations alike).
struct CardParts {
    statuses: Vec<(Status, Value)>,
    decisions: Vec<(Decision, Value)>,
    /// `reviews[review]`: the review link and its themes' links.
    reviews: Vec<(Value, Vec<Value>)>,
    /// `people[i]`: the link to `site.people[i]`.
    people: Vec<Value>,
}

impl CardParts {
    fn new(v: &Views) -> CardParts {
        let site = v.site;
        let vocab = &site.config.vocabulary;
        let u = &v.urls;
        let link = |title: &str, url: String| Value::from_serializable(&LinkView { title, url });
        CardParts {
            statuses: vocab
                .statuses
                .keys()
                .map(|s| (*s, Value::from_serializable(&v.status_term(*s))))
                .collect(),
            decisions: vocab
                .decisions
                .keys()
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

/// Rendered Markdown, keyed by a hash of its source, kept between preview rebuilds.
// Keys are already hashes (aHash of the text): FxHash only mixes them.
pub type MarkdownCache = rustc_hash::FxHashMap<u64, Rendered>;

/// One Markdown text as HTML (a tera value, so every page that shows it shares one allocation)
/// and as plain text (page descriptions, the search index).
#[derive(Clone)]
pub struct Rendered {
    pub html: Value,
    pub text: std::sync::Arc<str>,
}

impl Rendered {
    fn of(md: &str) -> Rendered {
        let (html, text) = markdown::render(md);
        Rendered::new(&html, &text)
    }

    /// `html` as [`markdown::render`] made it, and its plain text (or the start of it).
    fn new(html: &str, text: &str) -> Rendered {
        Rendered {
            // Marked safe: made by scrutiny with raw HTML removed, so templates need no filter.
            html: Value::safe_string(html),
            text: text.into(),
        }
    }
}

/// The key of a text in the Markdown cache. Every page looks its texts up, so the hash must be
/// fast over kilobytes (aHash, about ten times SipHash's speed), and it must not collide
/// (64 bits of a keyed hash; fixed keys, as the cache lives in one process).
fn text_hash(text: &str) -> u64 {
    static KEYS: ahash::RandomState = ahash::RandomState::with_seeds(
        0x243f_6a88_85a3_08d3,
        0x1319_8a2e_0370_7344,
        0xa409_3822_299f_31d0,
        0x082e_fa98_ec4e_6c89,
    );
    KEYS.hash_one(text)
}

/// Every Markdown text of the site.
fn site_texts(site: &Site) -> impl Iterator<Item = &str> {
    site.reviews.iter().flat_map(|review| {
        std::iter::once(review.introduction.0.as_str())
            .chain(review.themes.iter().map(|t| t.description.0.as_str()))
            .chain(review.recommendations.iter().flat_map(|r| {
                [r.recommendation.0.as_str(), r.response.0.as_str()]
                    .into_iter()
                    .chain(r.updates.iter().map(|u| u.note.0.as_str()))
            }))
    })
}

/// Drop texts the site no longer has once they outnumber the ones it has, so a long preview
/// session holds at most about twice the site's Markdown. (Checking costs a hash of every
/// text, so it is done only then.)
pub fn prune_markdown(site: &Site, cache: &mut MarkdownCache) {
    let count = site_texts(site).count();
    if cache.len() <= 2 * count + 1024 {
        return;
    }
    let current: std::collections::HashSet<u64> = site_texts(site).map(text_hash).collect();
    cache.retain(|h, _| current.contains(h));
}

/// Render every Markdown text of the site that is not in `cache` yet (in parallel).
/// `known(review)` says what of a review the cache holds already from the previous render:
/// everything (`Some(true)`), its own texts but not its recommendations' (`Some(false)`), or
/// nothing (`None`); those texts are not even hashed again.
/// `recommendations: false` leaves out the recommendations' own texts (a one-off build renders
/// those as its search index reads them: [`render_for_index`]).
pub fn fill_markdown(
    site: &Site,
    cache: &mut MarkdownCache,
    known: &dyn Fn(usize) -> Option<bool>,
    recommendations: bool,
) {
    let mut texts: Vec<&str> = Vec::new();
    for (ri, review) in site.reviews.iter().enumerate() {
        let known = known(ri);
        if known == Some(true) {
            continue;
        }
        if known.is_none() {
            texts.push(&review.introduction.0);
            texts.extend(review.themes.iter().map(|t| t.description.0.as_str()));
        }
        if !recommendations {
            continue;
        }
        for r in &review.recommendations {
            texts.push(&r.recommendation.0);
            texts.push(&r.response.0);
            texts.extend(r.updates.iter().map(|u| u.note.0.as_str()));
        }
    }
    let missing: Vec<(u64, &str)> = texts
        .into_iter()
        .map(|t| (text_hash(t), t))
        .filter(|(h, _)| !cache.contains_key(h))
        .collect();
    let rendered: Vec<(u64, Rendered)> = missing
        .into_par_iter()
        .map(|(h, t)| (h, Rendered::of(t)))
        .collect();
    cache.extend(rendered);
}

fn vocab_order<'a, T: PartialEq + 'a>(mut keys: impl Iterator<Item = &'a T>, key: &T) -> usize {
    keys.position(|k| k == key).map_or(0, |i| i + 1)
}

/// The partial that renders a card's shared table cells (see [`Views::attach_cells`]).
pub const CARD_CELLS: &str = "partials/card_cells.html";
const CELLS_KEY: &str = "cells_html";

/// Shared view state for one render.
pub struct Views<'s> {
    pub site: &'s Site,
    pub urls: Urls,
    /// `cards[review][rec]`
    cards: Vec<Vec<Value>>,
    markdown: &'s MarkdownCache,
    pub lists: super::pages::Lists,
    /// Full recommendation views shared by a review's pages (one-off builds only).
    pub(super) full: Option<super::shared::SharedFull>,
    /// Each review's brief, made by the first page that needs it.
    pub(super) briefs: Vec<std::sync::OnceLock<Value>>,
    /// The counts of each paginated list, by its first page's URL (see [`Views::list_counts`]).
    list_counts: std::sync::Mutex<rustc_hash::FxHashMap<String, Value>>,
}

impl<'s> Views<'s> {
    /// `reuse` hands back a card from the previous render when its recommendation is unchanged.
    pub fn new(
        site: &'s Site,
        markdown: &'s MarkdownCache,
        reuse: &(dyn Fn(RecRef) -> Option<Value> + Sync),
    ) -> Views<'s> {
        let urls = Urls::new(&site.config.base_path, &site.config.base_url);
        let lists = super::pages::Lists::of(site);
        let mut v = Views {
            site,
            urls,
            cards: Vec::new(),
            markdown,
            lists,
            full: None,
            briefs: site.reviews.iter().map(|_| Default::default()).collect(),
            list_counts: Default::default(),
        };
        let parts = CardParts::new(&v);
        v.cards = site
            .reviews
            .par_iter()
            .enumerate()
            .map(|(ri, review)| {
                review
                    .recommendations
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        reuse(RecRef { review: ri, rec: i })
                            .unwrap_or_else(|| v.card_of(&parts, ri, review, r))
                    })
                    .collect()
            })
            .collect();
        v
    }

    /// Make each review's full recommendation views once, for both their pages and the
    /// report, and free them as the pages are done. For a one-off build that renders every
    /// page once; the preview renders only some.
    pub fn share_full_views(&mut self) {
        self.full = Some(super::shared::SharedFull::new(self.site));
    }

    pub fn status_term(&self, s: Status) -> TermView<'s> {
        let t = self.site.config.vocabulary.status(s);
        TermView {
            key: t.key,
            label: &t.label,
            colour: &t.colour,
            done: t.done,
            url: self.urls.status(t.key),
            order: vocab_order(self.site.config.vocabulary.statuses.keys(), &s),
        }
    }

    pub fn decision_term(&self, d: Decision) -> TermView<'s> {
        let t = self.site.config.vocabulary.decision(d);
        TermView {
            key: t.key,
            label: &t.label,
            colour: &t.colour,
            done: t.done,
            url: String::new(),
            order: vocab_order(self.site.config.vocabulary.decisions.keys(), &d),
        }
    }

    /// The counts of a whole list, made once for all its pages: every page of a long list
    /// shows them, and counting the list again for each page was quadratic (at 50,000
    /// recommendations the site-wide status lists run to hundreds of pages). Two threads may
    /// both make the same counts; they are equal.
    pub fn list_counts(&self, list_url: &str, make: impl FnOnce() -> Value) -> Value {
        if let Some(v) = self
            .list_counts
            .lock()
            .ok()
            .and_then(|m| m.get(list_url).cloned())
        {
            return v;
        }
        let v = make();
        if let Ok(mut m) = self.list_counts.lock() {
            m.insert(list_url.to_string(), v.clone());
        }
        v
    }

    /// A link to a person's page, under the name it shows.
    pub fn person_link<'p>(&self, p: &'p Person) -> PersonLink<'p> {
        PersonLink {
            name: &p.name,
            url: self.urls.person(&p.slug),
        }
    }

    /// Every person `names` refer to, each once, as links (a recommendation's own page and
    /// the committee report name them all).
    pub fn all_people(&self, names: &[String]) -> Value {
        let links: Vec<PersonLink> = self
            .site
            .people_in(names)
            .into_iter()
            .map(|i| self.person_link(&self.site.people[i]))
            .collect();
        Value::from_serializable(&links)
    }

    fn card_of(&self, parts: &CardParts, ri: usize, review: &Review, r: &Recommendation) -> Value {
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
                no_decision: r.decision == Decision::NotRecorded,
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
    pub fn attach_cells(&mut self, tera: &tera::Tera, all: bool) -> Result<(), tera::Error> {
        let key = tera::value::Key::from(CELLS_KEY);
        self.cards.par_iter_mut().try_for_each(|cards| {
            for card in cards.iter_mut() {
                let Some(map) = card.as_map() else { continue };
                if !all && map.contains_key(&key) {
                    continue;
                }
                let mut ctx = tera::Context::new();
                ctx.insert_value("c", card.clone());
                let html = tera.render(CARD_CELLS, &ctx)?;
                let mut map = map.clone();
                map.insert(CELLS_KEY.into(), Value::safe_string(&html));
                *card = Value::from(map);
            }
            Ok(())
        })
    }

    /// Every card, by review and recommendation (kept for the next preview render).
    /// Every card, `[review][rec]`, taken out of the views.
    pub fn into_cards(self) -> Vec<Vec<Value>> {
        self.cards
    }

    /// The card of one recommendation (cheap to clone).
    pub fn card(&self, r: RecRef) -> Value {
        self.cards[r.review][r.rec].clone()
    }

    /// A card with the owner's role, for person pages (the shared card plus one key).
    pub fn card_with_role(&self, r: RecRef, role: Role) -> Value {
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

    pub fn cards_of(&self, refs: impl IntoIterator<Item = RecRef>) -> Value {
        Value::from(refs.into_iter().map(|r| self.card(r)).collect::<Vec<_>>())
    }

    /// Counts with the chart and the sentence that is its text equivalent.
    pub fn counts<'a>(
        &self,
        recs: impl IntoIterator<Item = &'a Recommendation>,
        what: &str,
        status_url: impl Fn(&str) -> String,
        flag_url: impl Fn(Flag) -> Option<String>,
    ) -> Value {
        let c = Counts::of(recs);
        let vocab = &self.site.config.vocabulary;
        let by_status: Vec<StatusCount> = c
            .by_status
            .iter()
            .map(|(s, n)| {
                let t = vocab.status(*s);
                StatusCount {
                    key: t.key,
                    label: &t.label,
                    colour: &t.colour,
                    count: *n,
                    url: status_url(t.key),
                    percent: if c.total == 0 {
                        0.0
                    } else {
                        (1000.0 * *n as f64 / c.total as f64).round() / 10.0
                    },
                }
            })
            .collect();
        let by_decision = c
            .by_decision
            .iter()
            .map(|(d, n)| {
                let t = vocab.decision(*d);
                DecisionCount {
                    key: t.key,
                    label: &t.label,
                    colour: &t.colour,
                    count: *n,
                }
            })
            .collect();
        let sentence = sentence(&c, vocab, what);
        let segments: Vec<Segment> = by_status
            .iter()
            .map(|s| Segment {
                label: s.label,
                colour: s.colour,
                count: s.count,
            })
            .collect();
        let chart_svg = chart::stacked_bar(&sentence, &segments);
        let flags = Flag::ALL
            .iter()
            .map(|f| FlagCount {
                key: f.key(),
                label: f.label(),
                counted: f.counted(),
                count: c.flag(*f),
                url: flag_url(*f),
            })
            .collect();
        Value::from_serializable(&CountsView {
            total: c.total,
            done: c.done,
            overdue: c.flag(Flag::Overdue),
            awaiting_response: c.flag(Flag::Awaiting),
            stale: c.flag(Flag::Stale),
            no_target_date: c.flag(Flag::NoTargetDate),
            no_decision: c.flag(Flag::NoDecision),
            flags,
            by_status,
            by_decision,
            sentence,
            chart_svg,
        })
    }

    /// Markdown as HTML, from the cache filled before rendering (a shared string: cheap to
    /// clone into any number of page contexts).
    pub fn md(&self, text: &str) -> Value {
        match self.markdown.get(&text_hash(text)) {
            Some(r) => r.html.clone(),
            None => Value::safe_string(&markdown::to_html(text)),
        }
    }
}

/// How much of a text's plain text a page description shows (in characters).
pub const DESCRIPTION_CHARS: usize = 200;

/// One Markdown text of a recommendation, for a one-off build's search index: its whole plain
/// text for the index, and its cache entry, which keeps the HTML and only the start of the
/// plain text that page descriptions show. The whole plain text of every recommendation was
/// held for the search index alone (122 MB at 50,000 recommendations, by massif).
pub fn render_for_index(md: &str) -> (String, (u64, Rendered)) {
    let (html, text) = markdown::render(md);
    let start = match text.char_indices().nth(DESCRIPTION_CHARS) {
        Some((cut, _)) => &text[..cut],
        None => &text,
    };
    let entry = Rendered::new(&html, start);
    (text, (text_hash(md), entry))
}

/// Markdown as plain text, from the cache when it holds the text.
pub fn plain_text(cache: &MarkdownCache, md: &str) -> String {
    match cache.get(&text_hash(md)) {
        Some(r) => r.text.to_string(),
        None => markdown::to_text(md),
    }
}

impl Views<'_> {
    pub fn text(&self, md: &str) -> String {
        plain_text(self.markdown, md)
    }
}

/// "15 recommendations: 3 completed, 9 in progress, 3 not started."
fn sentence(c: &Counts, vocab: &crate::model::Vocabulary, what: &str) -> String {
    if c.total == 0 {
        return format!("No recommendations {what}.");
    }
    let parts: Vec<String> = c
        .by_status
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {}", vocab.status(*s).label.to_lowercase()))
        .collect();
    let what = if what.is_empty() {
        String::new()
    } else {
        format!(" {what}")
    };
    let mut s = format!(
        "{} {}{what}: {}.",
        c.total,
        crate::diagnostics::plural(c.total, "recommendation"),
        parts.join(", ")
    );
    let flagged: Vec<String> = Flag::ALL
        .iter()
        .filter(|f| c.flag(**f) > 0)
        .map(|f| format!("{} {}", c.flag(*f), f.counted()))
        .collect();
    if !flagged.is_empty() {
        s.push_str(&format!(" Of these: {}.", flagged.join(", ")));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_words() {
        let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
        assert_eq!(
            duration_words(d("2023-10-31"), d("2026-12-03")),
            "3 years 1 month"
        );
        assert_eq!(duration_words(d("2023-07-31"), d("2024-07-31")), "1 year");
        assert_eq!(duration_words(d("2026-09-30"), d("2026-12-03")), "2 months");
        assert_eq!(duration_words(d("2026-11-10"), d("2026-12-03")), "3 weeks");
        assert_eq!(duration_words(d("2026-12-02"), d("2026-12-03")), "1 day");
    }

    #[test]
    fn markdown_of_texts_the_site_no_longer_has_is_dropped_once_it_outnumbers_the_rest() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (site, _) = crate::pipeline::check(root, jiff::civil::date(2026, 11, 26));
        let mut cache = MarkdownCache::default();
        fill_markdown(&site, &mut cache, &|_| None, true);
        let current = cache.len();
        assert!(current > 15, "the example's texts are in the cache");
        // A long session: texts edited away, fewer than twice the site's.
        let stale = |i: u64| (u64::MAX - i, Rendered::of("an old version"));
        cache.extend((0..100).map(stale));
        prune_markdown(&site, &mut cache);
        assert_eq!(cache.len(), current + 100, "a few stale texts are kept");
        // Many more: dropped, and every current text stays.
        cache.extend((0..5000).map(stale));
        prune_markdown(&site, &mut cache);
        assert_eq!(cache.len(), current);
        assert!(site_texts(&site).all(|t| cache.contains_key(&text_hash(t))));
    }
}
