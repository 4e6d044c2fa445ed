//! The site-wide context every template receives as `site` (title, navigation, asset URLs,
//! vocabulary), the generated vocabulary stylesheet, and the compiled templates.

use super::view::{date, DateView, TermView, Views};
use super::{one, pages, templates};
use crate::diagnostics::Diagnostics;
use crate::load::theme::Theme;
use crate::model::Site;
use crate::output::short_hash;
use serde::Serialize;
use std::hash::{Hash, Hasher};

#[derive(Serialize)]
struct NavLink {
    title: &'static str,
    url: String,
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    title: &'a str,
    organisation: &'a str,
    language: &'a str,
    description: Option<&'a str>,
    base_url: &'a str,
    root: String,
    today: DateView,
    /// The feeds page (HTML), where a person clicking "Updates feed" should land.
    feed_url: String,
    /// The site-wide Atom feed itself.
    feed_xml_url: String,
    favicon_url: Option<String>,
    licence: &'a crate::model::Licence,
    accessibility: super::pages::AccessibilityView<'a>,
    data_json_url: String,
    data_csv_url: String,
    nav: Vec<NavLink>,
    css_url: String,
    js_url: String,
    search_url: String,
    search_js_url: String,
    updates_url: String,
    people_url: String,
    accessibility_url: String,
    overdue_url: String,
    awaiting_url: String,
    vocabulary_css_url: String,
    contact: &'a crate::model::Contact,
    stale_days: i64,
    awaiting_response_days: i64,
    statuses: Vec<TermView<'a>>,
    decisions: Vec<TermView<'a>>,
    preview: bool,
    reviews: Vec<super::view::Crumb>,
    /// The recommendation fields the pages show, in order (`rec.fields` holds their values).
    fields: Vec<super::fields::FieldView>,
    /// Every field by key, hidden ones too: `site.field.lead_officers.label`.
    field: std::collections::BTreeMap<&'static str, super::fields::FieldView>,
    /// Each declared choice field with the list page of each of its choices (site-wide counts).
    choice_lists: Vec<ChoiceList>,
    /// Whether any review has themes (lists show no Theme column otherwise).
    has_themes: bool,
    /// False for a tracker that records no decisions: no decision column or filter.
    records_decisions: bool,
    /// The committee report's intro and columns.
    report: ReportView<'a>,
    /// The site publishes its change record (`history: git`).
    history: bool,
    /// The change record starts here (a shallow clone's history).
    history_since: Option<DateView>,
}

/// A declared choice field's list pages: `site.choice_lists`.
#[derive(Serialize)]
struct ChoiceList {
    key: &'static str,
    label: &'static str,
    choices: Vec<ChoiceLink>,
}

#[derive(Serialize)]
struct ChoiceLink {
    label: &'static str,
    url: String,
    count: usize,
}

fn choice_lists(site: &Site, views: &Views) -> Vec<ChoiceList> {
    views
        .lists
        .by_choice
        .iter()
        .map(|(key, choices)| ChoiceList {
            key,
            label: site.config.fields.get(key).map_or(*key, |f| f.label),
            choices: choices
                .iter()
                .map(|(c, refs)| ChoiceLink {
                    label: c,
                    url: views.urls.choice(key, c),
                    count: refs.len(),
                })
                .collect(),
        })
        .collect()
}

/// `site.report`: the site's columns, and which composite cells the default theme fills.
#[derive(Serialize)]
struct ReportView<'a> {
    intro: Option<&'a str>,
    columns: &'a [crate::model::ReportColumn],
    has_number: bool,
    has_status: bool,
    has_decision: bool,
    has_target: bool,
}

impl<'a> ReportView<'a> {
    fn new(r: &'a crate::model::Report) -> ReportView<'a> {
        ReportView {
            intro: r.intro.as_deref(),
            columns: &r.columns,
            has_number: r.has("number"),
            has_status: r.has("status"),
            has_decision: r.has("decision"),
            has_target: r.has("due") || r.has("timetable"),
        }
    }
}

impl<'a> SiteView<'a> {
    /// `vocabulary_css` is the generated stylesheet ([`vocabulary_css`]); in the preview,
    /// asset URLs carry no hash so that a CSS edit changes only the CSS file (and browsers can
    /// swap the stylesheet without reloading). One line per key of the context: the function
    /// is as long as that list.
    pub fn new(
        site: &'a Site,
        theme: &Theme,
        views: &Views<'a>,
        vocabulary_css: &str,
        preview: bool,
    ) -> SiteView<'a> {
        let u = &views.urls;
        let hash_of = |p: &str| {
            if preview {
                String::new()
            } else {
                theme
                    .assets
                    .get(p)
                    .map(|b| short_hash(b))
                    .unwrap_or_default()
            }
        };
        let vocab = &site.config.vocabulary;
        SiteView {
            title: &site.config.title,
            organisation: &site.config.organisation,
            language: &site.config.language,
            description: site.config.description.as_deref(),
            base_url: &site.config.base_url,
            root: u.home(),
            today: date(&crate::model::PartialDate::from_date(site.today)),
            feed_url: u.feeds_page(),
            feed_xml_url: u.feed(),
            favicon_url: theme
                .assets
                .contains_key("static/favicon.svg")
                .then(|| u.asset("static/favicon.svg", &hash_of("static/favicon.svg"))),
            licence: &site.config.licence,
            accessibility: pages::accessibility(&site.config.accessibility),
            data_json_url: u.data_json(),
            data_csv_url: u.data_csv(),
            nav: u
                .nav()
                .into_iter()
                .map(|(title, url)| NavLink { title, url })
                .collect(),
            css_url: u.asset("static/site.css", &hash_of("static/site.css")),
            js_url: u.asset("static/site.js", &hash_of("static/site.js")),
            search_url: u.search(),
            search_js_url: u.asset("static/search.js", &hash_of("static/search.js")),
            updates_url: u.updates(),
            people_url: u.people(),
            accessibility_url: u.accessibility(),
            overdue_url: u.overdue(),
            awaiting_url: u.awaiting(),
            vocabulary_css_url: u.asset(
                VOCABULARY_CSS,
                &if preview {
                    String::new()
                } else {
                    short_hash(vocabulary_css.as_bytes())
                },
            ),
            contact: &site.config.contact,
            stale_days: site.config.stale_days,
            awaiting_response_days: site.config.awaiting_response_days,
            statuses: vocab
                .status_order()
                .map(|s| views.status_term(*s))
                .collect(),
            decisions: vocab
                .decision_order()
                .map(|d| views.decision_term(*d))
                .collect(),
            preview,
            reviews: site
                .reviews
                .iter()
                .map(|r| super::view::Crumb {
                    title: r.title.clone(),
                    url: u.review(&r.slug),
                })
                .collect(),
            fields: super::fields::views(&site.config.fields),
            field: super::fields::by_key(&site.config.fields),
            choice_lists: choice_lists(site, views),
            has_themes: site.reviews.iter().any(|r| !r.themes.is_empty()),
            records_decisions: vocab.records_decisions,
            report: ReportView::new(&site.config.report),
            history: site.reach.available,
            history_since: site
                .reach
                .shallow_since
                .map(|d| date(&crate::model::PartialDate::from_date(d))),
        }
    }

    /// A hash of this context and the templates: while it stays the same, a page whose own
    /// context is unchanged renders to the same HTML.
    pub fn fingerprint(&self, theme: &Theme) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        serde_json::to_string(self).unwrap_or_default().hash(&mut h);
        for (name, t) in &theme.templates {
            name.hash(&mut h);
            t.text.hash(&mut h);
        }
        h.finish()
    }

    /// The theme's templates compiled, with this context as their global `site`.
    pub fn compile(&self, theme: &Theme) -> Result<tera::Tera, Diagnostics> {
        let mut t = templates::compile(theme).map_err(one)?;
        t.global_context().insert("site", self);
        Ok(t)
    }
}

/// Where the generated vocabulary stylesheet is published.
pub const VOCABULARY_CSS: &str = "static/vocabulary.css";

/// Tag colours from the vocabulary (defaults or site.yaml overrides), so a colour changed in
/// `site.yaml` reaches the pages without editing the theme's stylesheet.
pub fn vocabulary_css(vocab: &crate::model::Vocabulary) -> String {
    let mut css = String::from("/* Generated from the status and decision vocabulary. */\n");
    for t in vocab.terms() {
        css.push_str(&format!(
            ".tag--{}{{background:{};color:#fff}}\n",
            t.key, t.colour
        ));
    }
    css
}
