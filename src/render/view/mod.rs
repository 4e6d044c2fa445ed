//! View models: the model reshaped for templates (see docs/theming.md). Built once per render;
//! cards are converted to tera values once and shared (tera values are reference counted).

mod card;
mod changes;
mod counts;
mod markdown_cache;
mod page;
mod record;
mod review;

use card::CardParts;
pub use card::{CARD_CELLS, CARD_PEOPLE};
pub(crate) use changes::*;
pub use markdown_cache::*;
pub use page::*;
pub(crate) use record::*;
pub(crate) use review::*;

use crate::model::{Decision, PartialDate, Person, RecRef, Site, Status};
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
    /// What the term means to the site's facts (`done`, `paused`, `accepted` …).
    pub means: &'a str,
    /// What it stands for, when the site says (a RAG rating's meaning).
    pub description: Option<&'a str>,
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

/// Shared view state for one render.
pub struct Views<'s> {
    pub site: &'s Site,
    pub urls: Urls,
    /// `cards[review][rec]`
    pub(crate) cards: Vec<Vec<Value>>,
    pub(crate) markdown: &'s MarkdownCache,
    pub lists: crate::render::lists::Lists,
    /// Full recommendation views shared by a review's pages (one-off builds only).
    pub(crate) full: Option<crate::render::shared::SharedFull>,
    /// Each review's brief, made by the first page that needs it.
    pub(crate) briefs: Vec<std::sync::OnceLock<Value>>,
    /// The counts of each paginated list, by its first page's URL (see [`Views::list_counts`]).
    pub(crate) list_counts: std::sync::Mutex<rustc_hash::FxHashMap<String, Value>>,
}

pub(crate) fn vocab_order<'a, T: PartialEq + 'a>(
    mut keys: impl Iterator<Item = &'a T>,
    key: &T,
) -> usize {
    keys.position(|k| k == key).map_or(0, |i| i + 1)
}

impl<'s> Views<'s> {
    /// `reuse` hands back a card from the previous render when its recommendation is unchanged.
    pub(crate) fn new(
        site: &'s Site,
        markdown: &'s MarkdownCache,
        reuse: &(dyn Fn(RecRef) -> Option<Value> + Sync),
    ) -> Views<'s> {
        let urls = Urls::new(&site.config.base_path, &site.config.base_url);
        let lists = crate::render::lists::Lists::of(site);
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
    pub(crate) fn share_full_views(&mut self) {
        self.full = Some(crate::render::shared::SharedFull::new(self.site));
    }

    pub(crate) fn status_term(&self, s: Status) -> TermView<'s> {
        let t = self.site.config.vocabulary.status(s);
        TermView {
            key: t.key,
            label: &t.label,
            colour: &t.colour,
            done: t.done,
            means: t.means,
            description: t.description.as_deref(),
            url: self.urls.status(t.key),
            order: vocab_order(self.site.config.vocabulary.status_order(), &s),
        }
    }

    pub(crate) fn decision_term(&self, d: Decision) -> TermView<'s> {
        let t = self.site.config.vocabulary.decision(d);
        TermView {
            key: t.key,
            label: &t.label,
            colour: &t.colour,
            done: t.done,
            means: t.means,
            description: t.description.as_deref(),
            url: String::new(),
            order: vocab_order(self.site.config.vocabulary.decision_order(), &d),
        }
    }

    /// A link to a person's page, under the name it shows.
    pub(crate) fn person_link<'p>(&self, p: &'p Person) -> PersonLink<'p> {
        PersonLink {
            name: &p.name,
            url: self.urls.person(&p.slug),
        }
    }

    /// Every person `names` refer to, each once, as links (a recommendation's own page and
    /// the committee report name them all).
    pub(crate) fn all_people(&self, names: &[String]) -> Value {
        let links: Vec<PersonLink> = self
            .site
            .people_in(names)
            .into_iter()
            .map(|i| self.person_link(&self.site.people[i]))
            .collect();
        Value::from_serializable(&links)
    }

    /// Markdown as HTML, from the cache filled before rendering (a shared string: cheap to
    /// clone into any number of page contexts).
    pub(crate) fn md(&self, text: &str) -> Value {
        match self.markdown.get(&text_hash(text)) {
            Some(r) => r.html.clone(),
            None => Value::safe_string(&markdown::to_html(text)),
        }
    }

    pub(crate) fn text(&self, md: &str) -> String {
        plain_text(self.markdown, md)
    }
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
}
