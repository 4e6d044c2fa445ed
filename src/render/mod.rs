//! `render`: the model and the theme → every output file, written into a [`Sink`].
//!
//! A render is a short list of phases, each its own module:
//!
//! | phase | module | makes |
//! |---|---|---|
//! | prepare | [`view`], [`context`] | Markdown, cards and lists; the `site` context; compiled templates |
//! | pages | [`page_files`], [`pages`] | every HTML page (home, reviews, recommendations, lists, people, report, about) |
//! | assets | here | the theme's static files and the vocabulary stylesheet |
//! | data | [`data`], [`report_files`] | the JSON and CSV files and the data package; each committee report as CSV and DOCX |
//! | feeds | [`feeds`] | the Atom feeds |
//! | search | [`search_files`] | the search index |
//! | sitemap | [`sitemap`] | sitemap.xml |
//!
//! A one-off build ([`render_once`]) streams pages out as they are rendered and keeps nothing.
//! The preview ([`render_again`]) reuses what [`incremental`] kept from its previous render and
//! keeps what this one makes. Both run the same phases; they differ in order (a build makes
//! the search index first and the data alongside the pages, to keep its peak memory down; the
//! preview shows the pages before the rest) and in what is kept.

pub mod chart;
pub mod context;
pub mod data;
pub mod feeds;
pub mod fields;
pub mod incremental;
pub mod lists;
mod page_files;
pub mod pages;
pub mod report_files;
mod search_files;
mod shared;
pub mod sitemap;
pub mod templates;
pub mod view;

pub use incremental::Cache;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::theme::Theme;
use crate::model::Site;
use crate::output::Sink;
use context::SiteView;
use incremental::{Kept, Previous};
use page_files::Pages;
use std::time::{Duration, Instant};
use view::{MarkdownCache, Views};

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Rendering for the preview server (drafts shown, live reload).
    pub preview: bool,
}

/// Time spent per phase, for `--timings` and the benchmarks.
pub type Timings = Vec<(&'static str, Duration)>;

/// Render every file into `sink`. With a cache (the preview), what did not change since the
/// previous render is reused and what this one makes is kept for the next.
///
/// `pages_done` is called (by the preview) once every page and asset is in the sink, before
/// the feeds, data files, sitemap and search index: the preview shows the new pages while
/// those follow.
pub fn render_to(
    site: &Site,
    theme: &Theme,
    opts: &Options,
    cache: Option<&mut Cache>,
    sink: &dyn Sink,
    pages_done: &mut dyn FnMut(&Site),
) -> Result<Timings, Diagnostics> {
    match cache {
        None => render_once(site, theme, opts, sink),
        Some(cache) => render_again(site, theme, opts, cache, sink, pages_done),
    }
}

/// A one-off build: the search index first (rendering the recommendations' Markdown as it
/// reads them), then the pages with the data files and feeds alongside (their serial parts
/// fill the gaps the pages leave on the cores), then the sitemap.
fn render_once(
    site: &Site,
    theme: &Theme,
    opts: &Options,
    sink: &dyn Sink,
) -> Result<Timings, Diagnostics> {
    let mut timings = Timings::new();
    let start = Instant::now();
    let mut previous = Previous::nothing();
    let mut markdown = MarkdownCache::default();
    // Reviews' and themes' texts; the recommendations' are rendered by the search index.
    view::fill_markdown(site, &mut markdown, &|_| None, false);
    let urls = crate::urls::Urls::new(&site.config.base_path, &site.config.base_url);
    let t = Instant::now();
    search_files::write_rendering(site, &urls, &mut markdown, sink)?;
    let search_time = t.elapsed();
    let prepared = prepare(site, theme, opts, &markdown, &mut previous, true)?;
    timings.push(("templates", start.elapsed().saturating_sub(search_time)));

    let t = Instant::now();
    let pages = prepared.pages(site, theme, &previous, sink);
    let (done, rest) = rayon::join(
        || pages.render(),
        || -> Result<Duration, Diagnostics> {
            write_assets(theme, &prepared.vocabulary_css, sink)?;
            let t = Instant::now();
            data::write_files(site, &prepared.views.urls, &previous, sink)?;
            report_files::write_files(&prepared.views, &prepared.views.urls, sink)?;
            prepared.feeds(theme, &previous).write_files(sink)?;
            Ok(t.elapsed())
        },
    );
    let done = done?;
    timings.push(("pages, with data and feeds alongside", t.elapsed()));
    timings.push(("feeds, data", rest?));
    timings.push(("search index, with Markdown", search_time));
    sitemap::write_file(done.sitemap, sink)?;
    // Freeing the views, texts and templates takes a single thread a while on a large site;
    // a thread of their own does it while the build is published.
    let Prepared { views, tera, .. } = prepared;
    free_later((views.into_cards(), markdown, tera));
    Ok(timings)
}

/// A preview rebuild: the pages first (handed to `pages_done`, so the browser reloads), then
/// the data files, feeds, search index and sitemap; everything made is kept in `cache`.
fn render_again(
    site: &Site,
    theme: &Theme,
    opts: &Options,
    cache: &mut Cache,
    sink: &dyn Sink,
    pages_done: &mut dyn FnMut(&Site),
) -> Result<Timings, Diagnostics> {
    let mut timings = Timings::new();
    let start = Instant::now();
    let mut previous = cache.previous(site);
    let mut markdown = std::mem::take(&mut previous.markdown);
    view::fill_markdown(
        site,
        &mut markdown,
        &|ri| previous.review_unchanged(ri),
        true,
    );
    let prepared = prepare(site, theme, opts, &markdown, &mut previous, false)?;
    timings.push(("templates", start.elapsed()));

    let t = Instant::now();
    let done = prepared.pages(site, theme, &previous, sink).render()?;
    write_assets(theme, &prepared.vocabulary_css, sink)?;
    timings.push(("pages", t.elapsed()));
    pages_done(site);

    let t = Instant::now();
    let rows = data::write_files(site, &prepared.views.urls, &previous, sink)?;
    report_files::write_files(&prepared.views, &prepared.views.urls, sink)?;
    let entries = prepared.feeds(theme, &previous).write_files(sink)?;
    timings.push(("feeds, data", t.elapsed()));
    let t = Instant::now();
    let urls = &prepared.views.urls;
    let texts = search_files::write_reusing(site, urls, &markdown, &previous, sink)?;
    timings.push(("search index", t.elapsed()));
    sitemap::write_file(done.sitemap, sink)?;

    let Prepared {
        views,
        tera,
        fingerprint,
        ..
    } = prepared;
    let cards = views.into_cards();
    let mut texts = texts.into_iter();
    let texts = site
        .reviews
        .iter()
        .map(|r| texts.by_ref().take(r.recommendations.len()).collect())
        .collect();
    view::prune_markdown(site, &mut markdown);
    let generations = std::mem::take(&mut previous.generations);
    drop(previous);
    cache.keep(Kept {
        site: site.clone(),
        markdown,
        pages: done.kept,
        fingerprint,
        tera,
        rows,
        cards,
        texts,
        entries,
        generations,
    });
    Ok(timings)
}

/// What every page is rendered from.
struct Prepared<'s> {
    views: Views<'s>,
    tera: tera::Tera,
    fingerprint: u64,
    vocabulary_css: String,
}

impl<'s> Prepared<'s> {
    fn feeds<'a>(&'a self, theme: &'a Theme, previous: &'a Previous) -> feeds::Feeds<'a> {
        feeds::Feeds {
            views: &self.views,
            tera: &self.tera,
            theme,
            previous,
        }
    }

    fn pages<'a>(
        &'a self,
        site: &'a Site,
        theme: &'a Theme,
        previous: &'a Previous,
        sink: &'a dyn Sink,
    ) -> Pages<'a> {
        Pages {
            site,
            theme,
            views: &self.views,
            tera: &self.tera,
            previous,
            sink,
        }
    }
}

/// The prepare phase: cards and lists (an unchanged recommendation's card is reused), the
/// `site` context, and the templates (reused while they and the settings are unchanged).
/// `share_full` makes each review's full recommendation views once for its pages and its
/// report (a one-off build, which renders every page once).
fn prepare<'s>(
    site: &'s Site,
    theme: &Theme,
    opts: &Options,
    markdown: &'s MarkdownCache,
    previous: &mut Previous,
    share_full: bool,
) -> Result<Prepared<'s>, Diagnostics> {
    let mut views = Views::new(site, markdown, &|r| previous.card(r));
    if share_full {
        views.share_full_views();
    }
    let vocabulary_css = context::vocabulary_css(&site.config.vocabulary);
    let site_view = SiteView::new(site, theme, &views, &vocabulary_css, opts.preview);
    let fingerprint = site_view.fingerprint(theme);
    let tera = match previous.templates(fingerprint) {
        Some(t) => t,
        None => site_view.compile(theme)?,
    };
    // Shared card cells: rendered again for every card when the templates or settings changed.
    if theme.templates.contains_key(view::CARD_CELLS) {
        views
            .attach_cells(&tera, previous.pages.is_empty())
            .map_err(|e| one(templates::to_diagnostic(&e, theme)))?;
    }
    Ok(Prepared {
        views,
        tera,
        fingerprint,
        vocabulary_css,
    })
}

/// The assets phase: the theme's static files and the generated vocabulary stylesheet (which
/// a theme or site file of the same name does not replace: the pages link it by its hash).
fn write_assets(theme: &Theme, vocabulary_css: &str, sink: &dyn Sink) -> Result<(), Diagnostics> {
    for (path, bytes) in &theme.assets {
        if path != context::VOCABULARY_CSS {
            put(sink, path.clone(), bytes.clone())?;
        }
    }
    let css = vocabulary_css.as_bytes().to_vec();
    put(sink, context::VOCABULARY_CSS.into(), css)
}

/// Write a whole file, as a diagnostic when that fails.
pub(crate) fn put(sink: &dyn Sink, path: String, bytes: Vec<u8>) -> Result<(), Diagnostics> {
    sink.put(path.clone(), bytes)
        .map_err(|e| one(write_error(&path, e)))
}

/// Add to the end of a file, as a diagnostic when that fails.
pub(crate) fn append(sink: &dyn Sink, path: &str, bytes: &[u8]) -> Result<(), Diagnostics> {
    sink.append(path, bytes)
        .map_err(|e| one(write_error(path, e)))
}

/// Drop `t` on a thread of its own.
pub fn free_later<T: Send + 'static>(t: T) {
    std::thread::spawn(move || drop(t));
}

pub(crate) fn one(d: Diagnostic) -> Diagnostics {
    let mut ds = Diagnostics::new();
    ds.push(d);
    ds
}

pub(crate) fn write_error(what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(
        what,
        crate::diagnostics::Position::default(),
        format!("cannot write the output: {e}"),
    )
    .with_hint("check there is free disk space and that the output folder is writable")
}
