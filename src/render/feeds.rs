//! Atom feeds of updates: site-wide, per review and per theme. The feed and each entry are
//! templates (`feed.xml`, `partials/feed_entry.xml`, `partials/feed_summary.xml`), so their
//! wording can be changed or translated like any page's; values are escaped with the `xml`
//! filter.

use super::incremental::Previous;
use super::view::Views;
use super::{put, templates};
use crate::diagnostics::Diagnostics;
use crate::load::theme::Theme;
use crate::model::{RecRef, Review, Site};
use crate::output::Sink;
use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Arc;

/// The most entries a feed carries (newest first).
pub const LIMIT: usize = 200;

/// The entries a review's or a theme's feed carries (newest first), unless more share the
/// date of the last: a feed reader that polls now and then must not miss part of the batch of
/// updates made for one committee meeting. The whole history is on the pages and in the data;
/// all 200 per review were 7 KB of the output for each recommendation at 10,000.
pub const REVIEW_LIMIT: usize = 50;

/// The same for a theme's feed, which follows a quarter of a review's recommendations or so.
pub const THEME_LIMIT: usize = 20;

/// How many of a feed's entries, dated `dates` (newest first), it carries: `limit`, and
/// those that share the last one's date, but never more than [`LIMIT`].
fn carried(dates: &[Date], limit: usize) -> usize {
    let Some(&last) = dates.get(limit.saturating_sub(1)) else {
        return dates.len();
    };
    let same_day = dates[limit..].iter().take_while(|&&d| d == last).count();
    (limit + same_day).min(LIMIT)
}

/// The updates of `recs`, newest first.
pub fn updates_of(site: &Site, recs: impl Iterator<Item = RecRef>) -> Vec<(RecRef, usize)> {
    let mut entries: Vec<(RecRef, usize)> = recs
        .flat_map(|r| (0..site.rec(r).updates.len()).map(move |i| (r, i)))
        .collect();
    entries.sort_by(|a, b| {
        let da = site.rec(a.0).updates[a.1].date.end();
        let db = site.rec(b.0).updates[b.1].date.end();
        db.cmp(&da).then(a.cmp(b))
    });
    entries
}

/// What a feed's template receives as `feed` (its entries come rendered, as `entries`).
#[derive(Serialize)]
struct FeedView<'a> {
    /// The review, and the theme, the feed is of (neither: the whole site's).
    review: Option<&'a str>,
    theme: Option<&'a str>,
    /// The feed's own address (also its id).
    self_url: String,
    /// The page the feed is about.
    page_url: String,
    /// The date of the newest entry (`YYYY-MM-DD`).
    updated: String,
    author: &'a str,
}

/// What an entry's templates receive as `e` (and `partials/feed_entry.xml`, as `summary`, the
/// entry's content rendered from `partials/feed_summary.xml`).
#[derive(Serialize)]
struct EntryView<'a> {
    number: &'a str,
    title: &'a str,
    /// The update's date as people read it, and as the id writes it.
    date: String,
    date_id: String,
    /// How many updates the recommendation had up to this one (stable as updates are added).
    ordinal: usize,
    /// The recommendation page's absolute address.
    url: String,
    updated: String,
    status: Option<&'a str>,
    due: Option<String>,
    note_html: String,
    /// Evidence links with absolute addresses; `web_links` are the http(s) ones, which a
    /// feed may also give as `<link rel="related">` (a `mailto:` one is in the content only).
    links: Vec<LinkView<'a>>,
    web_links: Vec<LinkView<'a>>,
}

#[derive(Serialize, Clone)]
struct LinkView<'a> {
    title: &'a str,
    url: String,
}

/// The feeds of one render: the views, the templates they are rendered with, and the previous
/// render's entries (the preview reuses an unchanged recommendation's).
pub struct Feeds<'a> {
    pub views: &'a Views<'a>,
    pub tera: &'a tera::Tera,
    pub theme: &'a Theme,
    pub previous: &'a Previous,
}

/// Rendered entries of one review, by (recommendation, update index).
pub type Entries = rustc_hash::FxHashMap<(usize, usize), Arc<str>>;

impl Feeds<'_> {
    fn render(&self, template: &str, ctx: &tera::Context) -> Result<String, Diagnostics> {
        self.tera
            .render(template, ctx)
            .map_err(|e| super::one(templates::to_diagnostic(&e, self.theme)))
    }

    /// An Atom feed around entries made by [`Feeds::entry`] (newest first); `newest` is the
    /// date of the first. A review's feed and its themes' feeds share their entries, so each
    /// is rendered once.
    fn feed<'e>(
        &self,
        newest: Option<Date>,
        entries: impl Iterator<Item = &'e str>,
        (review, theme): (Option<&str>, Option<&str>),
        self_url: &str,
        page_url: &str,
    ) -> Result<String, Diagnostics> {
        let views = self.views;
        let config = &views.site.config;
        let updated = newest.unwrap_or_else(|| newest_known(views));
        let author = if config.organisation.is_empty() {
            &config.title
        } else {
            &config.organisation
        };
        let feed = FeedView {
            review,
            theme,
            self_url: views.urls.absolute(self_url),
            page_url: views.urls.absolute(page_url),
            updated: updated.to_string(),
            author,
        };
        let entries: Vec<&str> = entries.take(LIMIT).collect();
        let mut ctx = tera::Context::new();
        ctx.insert("feed", &feed);
        ctx.insert("entries", &entries);
        self.render("feed.xml", &ctx)
    }

    /// The `<entry>` of update `i` of recommendation `r`: last time's, if the recommendation
    /// is unchanged.
    pub fn entry(&self, r: RecRef, i: usize) -> Result<Arc<str>, Diagnostics> {
        if let Some(kept) = self.previous.entry(r, i) {
            return Ok(kept);
        }
        let views = self.views;
        let (site, urls) = (views.site, &views.urls);
        let review = &site.reviews[r.review];
        let rec = site.rec(r);
        let u = &rec.updates[i];
        let url = urls.absolute(&urls.rec(&review.slug, &rec.slug));
        let links: Vec<LinkView> = u
            .links
            .iter()
            .map(|l| LinkView {
                title: &l.title,
                url: absolute_link(views, &l.url, &url),
            })
            .collect();
        let web_links = links
            .iter()
            .filter(|l| l.url.starts_with("https://") || l.url.starts_with("http://"))
            .cloned()
            .collect();
        let e = EntryView {
            number: &rec.number.text,
            title: &rec.title,
            date: u.date.human(),
            date_id: u.date.to_string(),
            ordinal: rec.updates.len() - i,
            url,
            updated: u.date.end().to_string(),
            status: u
                .status
                .map(|s| site.config.vocabulary.status(s).label.as_str()),
            due: u.due.map(|d| d.human()),
            note_html: views.md(&u.note.0).as_str().unwrap_or_default().to_string(),
            links,
            web_links,
        };
        let mut ctx = tera::Context::new();
        ctx.insert("e", &e);
        let summary = self.render("partials/feed_summary.xml", &ctx)?;
        ctx.insert("summary", &summary);
        Ok(self.render("partials/feed_entry.xml", &ctx)?.into())
    }

    /// The feeds phase: a feed per review and per theme, and the site-wide feed of updates.
    /// Returns each review's entries when the preview keeps them.
    pub fn write_files(&self, sink: &dyn Sink) -> Result<Vec<Entries>, Diagnostics> {
        let views = self.views;
        let (site, u) = (views.site, &views.urls);
        let kept: Vec<Entries> = site
            .reviews
            .par_iter()
            .enumerate()
            .map(|(ri, review)| self.review_feeds(ri, review, sink))
            .collect::<Result<_, _>>()?;
        let entry =
            |&(r, i): &(RecRef, usize)| match kept.get(r.review).and_then(|m| m.get(&(r.rec, i))) {
                Some(e) => Ok(e.clone()),
                None => self.entry(r, i),
            };
        let entries: Vec<Arc<str>> = views
            .lists
            .updates
            .iter()
            .take(LIMIT)
            .map(entry)
            .collect::<Result<_, _>>()?;
        let newest = (views.lists.updates.first()).map(|&(r, i)| site.rec(r).updates[i].date.end());
        let all = self.feed(
            newest,
            entries.iter().map(|e| &e[..]),
            (None, None),
            &u.feed(),
            &u.updates(),
        )?;
        put(sink, "updates.xml".into(), all.into_bytes())?;
        Ok(kept)
    }

    /// A review's feed and its themes' feeds. Each entry is rendered once, for both.
    fn review_feeds(
        &self,
        ri: usize,
        review: &Review,
        sink: &dyn Sink,
    ) -> Result<Entries, Diagnostics> {
        let (site, u) = (self.views.site, &self.views.urls);
        let slug = &review.slug;
        let in_review: Vec<(RecRef, usize)> = updates_of(
            site,
            (0..review.recommendations.len()).map(|rec| RecRef { review: ri, rec }),
        );
        let dates: Vec<Date> = in_review
            .iter()
            .map(|&(r, i)| site.rec(r).updates[i].date.end())
            .collect();
        let all: Vec<usize> = (0..in_review.len()).collect();
        let in_themes: Vec<Vec<usize>> = review
            .themes
            .iter()
            .map(|t| {
                let mut of_theme: Vec<usize> = all
                    .iter()
                    .copied()
                    .filter(|&k| site.rec(in_review[k].0).theme.as_ref() == Some(&t.slug))
                    .collect();
                let theme_dates: Vec<Date> = of_theme.iter().map(|&k| dates[k]).collect();
                of_theme.truncate(carried(&theme_dates, THEME_LIMIT));
                of_theme
            })
            .collect();
        // Entries are rendered once, for the feeds that carry them (and the newest 200, which
        // the site-wide feed may carry, when the preview keeps them).
        let in_review_feed = carried(&dates, REVIEW_LIMIT);
        let mut needed = vec![false; in_review.len()];
        let kept = if self.previous.keeps { LIMIT } else { 0 };
        needed[..in_review_feed.max(kept.min(in_review.len()))].fill(true);
        in_themes.iter().flatten().for_each(|&k| needed[k] = true);
        let entries: Vec<Option<Arc<str>>> = in_review
            .iter()
            .zip(&needed)
            .map(|(&(r, i), &need)| need.then(|| self.entry(r, i)).transpose())
            .collect::<Result<_, _>>()?;
        let entry = |k: usize| entries[k].as_deref().unwrap_or_default();
        let newest = |list: &[usize]| list.first().map(|&k| dates[k]);
        let review_feed = self.feed(
            newest(&all),
            (0..in_review_feed).map(entry),
            (Some(&review.title), None),
            &u.review_feed(slug),
            &u.review(slug),
        )?;
        put(
            sink,
            u.file_for(&u.review_feed(slug)),
            review_feed.into_bytes(),
        )?;
        for (t, in_theme) in review.themes.iter().zip(&in_themes) {
            let theme_feed = self.feed(
                newest(in_theme),
                in_theme.iter().map(|&k| entry(k)),
                (Some(&review.title), Some(&t.title)),
                &u.theme_feed(slug, &t.slug),
                &u.theme(slug, &t.slug),
            )?;
            let file = u.file_for(&u.theme_feed(slug, &t.slug));
            put(sink, file, theme_feed.into_bytes())?;
        }
        // A one-off build keeps nothing; the site-wide feed renders its own entries.
        if !self.previous.keeps {
            return Ok(Entries::default());
        }
        Ok(in_review
            .iter()
            .zip(entries)
            .filter_map(|(&(r, i), e)| Some(((r.rec, i), e?)))
            .collect())
    }
}

/// What an empty feed gives as its `<updated>`: the newest update anywhere on the site, else
/// the newest review's date (its first day: a month is not over yet), else the Unix epoch. Never the build date, so rebuilding content
/// that has not changed gives byte-identical feeds.
fn newest_known(views: &Views) -> Date {
    let site = views.site;
    let newest_update = views
        .lists
        .updates
        .first()
        .map(|&(r, i)| site.rec(r).updates[i].date.end());
    newest_update
        .or_else(|| {
            site.reviews
                .iter()
                .filter_map(|r| r.date)
                .map(|d| d.start())
                .max()
        })
        .unwrap_or(Date::constant(1970, 1, 1))
}

/// An evidence link's address as a feed reader needs it: absolute. Root-relative (`/x`)
/// addresses are on the site's host, `#x` ones on the recommendation's page; `mailto:` is
/// kept as written.
fn absolute_link(views: &Views, url: &str, rec_url: &str) -> String {
    let url = url.trim();
    if let Some(fragment) = url.strip_prefix('#') {
        return format!("{rec_url}#{fragment}");
    }
    if url.starts_with('/') && !url.starts_with("//") {
        let base = views.urls.absolute(&views.urls.home());
        // The scheme and host of `base_url` (nothing in a preview without one).
        let origin = match base.find("://") {
            Some(s) => base[s + 3..]
                .find('/')
                .map_or(&base[..], |i| &base[..s + 3 + i]),
            None => "",
        };
        return format!("{origin}{url}");
    }
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_carries_its_limit_and_the_rest_of_the_last_day() {
        let d = |day: i8| Date::constant(2026, 11, day);
        let dates = [d(9), d(8), d(8), d(8), d(7), d(6)];
        assert_eq!(carried(&dates, 1), 1);
        assert_eq!(carried(&dates, 2), 4, "the 8th is carried whole");
        assert_eq!(carried(&dates, 4), 4);
        assert_eq!(carried(&dates, 5), 5);
        assert_eq!(carried(&dates, 10), 6, "all there are");
        assert_eq!(carried(&[], 10), 0);
        let one_day = vec![d(1); 300];
        assert_eq!(
            carried(&one_day, 50),
            LIMIT,
            "never more than the site-wide limit"
        );
    }
}
