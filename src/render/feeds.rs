//! Atom feeds of updates: site-wide, per review and per theme.

use super::put;
use super::view::Views;
use crate::diagnostics::Diagnostics;
use crate::model::{RecRef, Review, Site};
use crate::output::Sink;
use crate::text::escape::xml as xml_escape;
use jiff::civil::Date;
use rayon::prelude::*;
use std::fmt::Write as _;

/// The most entries a feed carries (newest first).
pub const LIMIT: usize = 200;

/// The updates of `recs`, newest first, at most [`LIMIT`].
pub fn updates_of(site: &Site, recs: impl Iterator<Item = RecRef>) -> Vec<(RecRef, usize)> {
    let mut entries: Vec<(RecRef, usize)> = recs
        .flat_map(|r| (0..site.rec(r).updates.len()).map(move |i| (r, i)))
        .collect();
    entries.sort_by(|a, b| {
        let da = site.rec(a.0).updates[a.1].date.end();
        let db = site.rec(b.0).updates[b.1].date.end();
        db.cmp(&da).then(a.cmp(b))
    });
    entries.truncate(LIMIT);
    entries
}

/// An Atom feed of `entries` (already newest first).
pub fn atom(
    views: &Views,
    entries: &[(RecRef, usize)],
    title: &str,
    self_url: &str,
    page_url: &str,
) -> String {
    let rendered: Vec<String> = entries
        .iter()
        .take(LIMIT)
        .map(|&(r, i)| entry(views, r, i))
        .collect();
    let newest = entries
        .first()
        .map(|(r, i)| views.site.rec(*r).updates[*i].date.end());
    feed(
        views,
        newest,
        rendered.iter().map(String::as_str),
        title,
        self_url,
        page_url,
    )
}

/// An Atom feed around entries made by [`entry`] (newest first); `newest` is the date of the
/// first. A review's feed and its themes' feeds share their entries, so each is written once.
pub fn feed<'e>(
    views: &Views,
    newest: Option<jiff::civil::Date>,
    entries: impl Iterator<Item = &'e str>,
    title: &str,
    self_url: &str,
    page_url: &str,
) -> String {
    let site = views.site;
    let urls = &views.urls;
    let updated = newest.unwrap_or_else(|| newest_known(views));
    let mut x = String::with_capacity(4096);
    x.push_str(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    let _ = writeln!(x, " xml:lang=\"{}\">", xml_escape(&site.config.language));
    let _ = writeln!(x, "  <title>{}</title>", xml_escape(title));
    let _ = writeln!(x, "  <id>{}</id>", xml_escape(&urls.absolute(self_url)));
    let _ = writeln!(
        x,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml_escape(&urls.absolute(self_url))
    );
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(&urls.absolute(page_url))
    );
    let _ = writeln!(x, "  <updated>{updated}T00:00:00Z</updated>");
    let author = if site.config.organisation.is_empty() {
        &site.config.title
    } else {
        &site.config.organisation
    };
    let _ = writeln!(x, "  <author><name>{}</name></author>", xml_escape(author));
    for e in entries.take(LIMIT) {
        x.push_str(e);
    }
    x.push_str("</feed>\n");
    x
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

/// The `<entry>` of update `i` of recommendation `r`.
pub fn entry(views: &Views, r: RecRef, i: usize) -> String {
    let site = views.site;
    let urls = &views.urls;
    let review = &site.reviews[r.review];
    let rec = site.rec(r);
    let u = &rec.updates[i];
    let rec_url = urls.absolute(&urls.rec(&review.slug, &rec.slug));
    let mut summary = String::new();
    if let Some(s) = u.status {
        let _ = write!(
            summary,
            "<p>Status: {}</p>",
            xml_escape(&site.config.vocabulary.status(s).label)
        );
    }
    if let Some(d) = u.due {
        let _ = write!(
            summary,
            "<p>Revised target date: {}</p>",
            xml_escape(&d.human())
        );
    }
    summary.push_str(views.md(&u.note.0).as_str().unwrap_or_default());
    let links: Vec<(&str, String)> = u
        .links
        .iter()
        .map(|l| (l.title.as_str(), absolute_link(views, &l.url, &rec_url)))
        .collect();
    if !links.is_empty() {
        summary.push_str("<p>Evidence:</p><ul>");
        for (title, url) in &links {
            let _ = write!(
                summary,
                "<li><a href=\"{}\">{}</a></li>",
                xml_escape(url),
                xml_escape(title)
            );
        }
        summary.push_str("</ul>");
    }
    let mut x = String::with_capacity(summary.len() + 512);
    x.push_str("  <entry>\n");
    let _ = writeln!(
        x,
        "    <title>{}</title>",
        xml_escape(&format!(
            "Recommendation {}: {} ({})",
            rec.number.text,
            rec.title,
            u.date.human()
        ))
    );
    let _ = writeln!(
        x,
        "    <id>{}#update-{}-{}</id>",
        xml_escape(&rec_url),
        u.date,
        rec.updates.len() - i
    );
    let _ = writeln!(
        x,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(&rec_url)
    );
    for (title, url) in &links {
        // A feed's links are web addresses; a `mailto:` one is in the content only.
        if url.starts_with("https://") || url.starts_with("http://") {
            let _ = writeln!(
                x,
                "    <link rel=\"related\" href=\"{}\" title=\"{}\"/>",
                xml_escape(url),
                xml_escape(title)
            );
        }
    }
    let _ = writeln!(x, "    <updated>{}T00:00:00Z</updated>", u.date.end());
    let _ = writeln!(
        x,
        "    <content type=\"html\">{}</content>",
        xml_escape(&summary)
    );
    x.push_str("  </entry>\n");
    x
}

/// The feeds phase: the site-wide feed of updates, and a feed per review and per theme.
pub fn write_files(site: &Site, views: &Views, sink: &dyn Sink) -> Result<(), Diagnostics> {
    let u = &views.urls;
    let title = &site.config.title;
    let site_updates: Vec<(RecRef, usize)> =
        views.lists.updates.iter().take(LIMIT).copied().collect();
    let all = atom(
        views,
        &site_updates,
        &format!("{title}: all updates"),
        &u.feed(),
        &u.updates(),
    );
    put(sink, "updates.xml".into(), all.into_bytes())?;
    site.reviews
        .par_iter()
        .enumerate()
        .try_for_each(|(ri, review)| review_feeds(site, views, ri, review, sink))
}

/// A review's feed and its themes' feeds. Each entry is written once, for both.
fn review_feeds(
    site: &Site,
    views: &Views,
    ri: usize,
    review: &Review,
    sink: &dyn Sink,
) -> Result<(), Diagnostics> {
    let u = &views.urls;
    let slug = &review.slug;
    let in_review: Vec<(RecRef, usize)> = updates_of(
        site,
        (0..review.recommendations.len()).map(|rec| RecRef { review: ri, rec }),
    );
    let entries: Vec<String> = in_review.iter().map(|&(r, i)| entry(views, r, i)).collect();
    let newest = |list: &[usize]| {
        list.first().map(|&k| {
            let (r, i) = in_review[k];
            site.rec(r).updates[i].date.end()
        })
    };
    let all: Vec<usize> = (0..in_review.len()).collect();
    let review_feed = feed(
        views,
        newest(&all),
        entries.iter().map(String::as_str),
        &format!("{}: updates", review.title),
        &u.review_feed(slug),
        &u.review(slug),
    );
    put(
        sink,
        u.file_for(&u.review_feed(slug)),
        review_feed.into_bytes(),
    )?;
    for t in &review.themes {
        let in_theme: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&k| site.rec(in_review[k].0).theme.as_ref() == Some(&t.slug))
            .collect();
        let theme_feed = feed(
            views,
            newest(&in_theme),
            in_theme.iter().map(|&k| entries[k].as_str()),
            &format!("{}: {} updates", review.title, t.title),
            &u.theme_feed(slug, &t.slug),
            &u.theme(slug, &t.slug),
        );
        put(
            sink,
            u.file_for(&u.theme_feed(slug, &t.slug)),
            theme_feed.into_bytes(),
        )?;
    }
    Ok(())
}
