//! `render`: a pure function from the model and the theme to the set of output files, in memory.

pub mod about;
pub mod changes;
pub mod chart;
pub mod data;
pub mod feeds;
pub mod fields;
pub mod pages;
mod shared;
mod signature;
pub mod sitemap;
pub mod templates;
pub mod view;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::theme::Theme;
use crate::model::{RecRef, Site};
use crate::output::{short_hash, Bytes, Collect, Output, Sink};
use crate::search::index::DocText;
use crate::urls;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::time::{Duration, Instant};
use view::{date, DateView, TermView, Views};

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Rendering for the preview server (drafts shown, live reload).
    pub preview: bool,
}

#[derive(Serialize)]
struct NavLink {
    title: &'static str,
    url: String,
}

#[derive(Serialize)]
struct SiteView<'a> {
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
    accessibility: about::AccessibilityView<'a>,
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
    reviews: Vec<pages::Crumb>,
    /// The recommendation fields the pages show, in order (`rec.fields` holds their values).
    fields: Vec<fields::FieldView>,
}

/// What the preview server keeps between rebuilds so an edit re-renders only what changed:
/// rendered Markdown by source, and each page's context with its HTML. A page whose template
/// inputs are equal to last time is not rendered again.
#[derive(Default)]
pub struct Cache {
    markdown: view::MarkdownCache,
    pages: HashMap<pages::Job, CachedPage>,
    fingerprint: u64,
    /// The model of the previous render, to tell what changed.
    site: Option<Site>,
    /// Data rows by review and recommendation.
    rows: Vec<Vec<data::Row>>,
    /// Recommendation cards by review and recommendation.
    cards: Vec<Vec<tera::Value>>,
    /// Searchable text of each recommendation, by review and recommendation.
    search_texts: Vec<Vec<crate::search::index::DocText>>,
    /// Generation of each recommendation, by review and recommendation: kept while the
    /// recommendation (and its review's facts) stay the same, new when they change.
    generations: Vec<Vec<u64>>,
    next_generation: u64,
    /// The compiled templates, with the site's settings as their global context.
    tera: Option<tera::Tera>,
}

/// A rendered page as the preview keeps it, shared between rebuilds while it is unchanged.
type CachedPage = std::sync::Arc<PageEntry>;

struct PageEntry {
    url: String,
    /// Its output file (`x/index.html`).
    file: String,
    canonical: String,
    template: &'static str,
    page: tera::Value,
    vars: Vec<(&'static str, tera::Value)>,
    html: Bytes,
    /// The signature of a site-wide list page (see `signature`).
    signature: Option<u64>,
}

/// A page of this render: kept for the next preview rebuild, or streamed out by a build.
enum Page {
    Kept(CachedPage),
    Streamed { canonical: String },
}

/// Render the whole site into memory (a fresh cache: nothing reused).
pub fn render(site: &Site, theme: &Theme, opts: &Options) -> Result<Output, Diagnostics> {
    let sink = Collect::default();
    let timings = render_to(site, theme, opts, None, &sink, &mut |_| {})?;
    Ok(Output {
        files: sink.into_files(),
        timings,
    })
}

/// Render into memory, reusing what `cache` holds from the previous render (the preview).
pub fn render_cached(
    site: &Site,
    theme: &Theme,
    opts: &Options,
    cache: &mut Cache,
) -> Result<Output, Diagnostics> {
    let sink = Collect::default();
    let timings = render_to(site, theme, opts, Some(cache), &sink, &mut |_| {})?;
    Ok(Output {
        files: sink.into_files(),
        timings,
    })
}

type Timings = Vec<(&'static str, Duration)>;

/// Render every file into `sink`. With a cache, pages whose inputs did not change are reused.
///
/// `pages_done` is called once every page and asset is in the sink, before the feeds, data
/// files, sitemap and search index: the preview shows the new pages while those follow.
pub fn render_to(
    site: &Site,
    theme: &Theme,
    opts: &Options,
    mut cache: Option<&mut Cache>,
    sink: &dyn Sink,
    pages_done: &mut dyn FnMut(&Site),
) -> Result<Timings, Diagnostics> {
    let mut timings = Vec::new();
    let t0 = Instant::now();
    let mut markdown = cache
        .as_deref_mut()
        .map(|c| std::mem::take(&mut c.markdown))
        .unwrap_or_default();
    // What changed since the previous preview render (None: reuse nothing).
    let changes = match cache.as_deref() {
        Some(c) if !c.pages.is_empty() => changes::Changes::between(c.site.as_ref(), site),
        _ => None,
    };
    // The texts of unchanged recommendations and reviews are in the cache already.
    // A one-off build renders the recommendations' texts with its search index, below.
    view::fill_markdown(
        site,
        &mut markdown,
        &|ri| changes.as_ref().and_then(|c| c.review_unchanged(ri)),
        cache.is_some(),
    );
    let put = |path: String, bytes: Vec<u8>| -> Result<(), Diagnostics> {
        sink.put(path.clone(), bytes)
            .map_err(|e| one(write_error(&path, e)))
    };
    // A one-off build makes the search index first, rendering each recommendation's Markdown
    // as the index reads it: the index takes the whole plain text, the Markdown cache keeps
    // the HTML and the start of the text that page descriptions show, so the plain text of
    // the whole site is never held at once. The preview keeps every text (a rebuild
    // re-indexes from them) and indexes after the pages.
    let early_search = if cache.is_none() {
        let urls = urls::Urls::new(&site.config.base_path, &site.config.base_url);
        let rendered = std::sync::Mutex::new(Vec::new());
        let text_of = |r: RecRef| {
            let entries = std::cell::RefCell::new(Vec::new());
            let doc = crate::search::index::doc_text_with(site.rec(r), &|md| {
                let (text, entry) = view::render_for_index(md);
                entries.borrow_mut().push(entry);
                text
            });
            if let Ok(mut all) = rendered.lock() {
                all.extend(entries.into_inner());
            }
            Some(doc)
        };
        let (_, time) = search_index(site, &urls, &markdown, &text_of, false, &put)?;
        markdown.extend(rendered.into_inner().unwrap_or_default());
        Some(time)
    } else {
        None
    };
    let generations: Vec<Vec<u64>> = match cache.as_deref_mut() {
        Some(c) => {
            let old = std::mem::take(&mut c.generations);
            let next = &mut c.next_generation;
            site.reviews
                .iter()
                .enumerate()
                .map(|(ri, review)| {
                    (0..review.recommendations.len())
                        .map(|rec| {
                            let r = RecRef { review: ri, rec };
                            match old.get(ri).and_then(|v| v.get(rec)) {
                                Some(g) if changes.as_ref().is_some_and(|c| c.rec_unchanged(r)) => {
                                    *g
                                }
                                _ => {
                                    *next += 1;
                                    *next
                                }
                            }
                        })
                        .collect()
                })
                .collect()
        }
        None => Vec::new(),
    };
    let generation = |r: RecRef| -> u64 { generations[r.review][r.rec] };
    let old_cards = cache
        .as_deref_mut()
        .map(|c| std::mem::take(&mut c.cards))
        .unwrap_or_default();
    let reuse = |r: RecRef| -> Option<tera::Value> {
        let c = changes.as_ref()?;
        if !c.rec_unchanged(r) {
            return None;
        }
        old_cards.get(r.review)?.get(r.rec).cloned()
    };
    let mut views = Views::new(site, &markdown, &reuse);
    if cache.is_none() {
        views.share_full_views();
    }
    let urls = views.urls.clone();
    let u = &urls;
    // In the preview, asset URLs carry no hash so that a CSS edit changes only the CSS file
    // (and browsers can swap the stylesheet without reloading).
    let hash_of = |p: &str| {
        if opts.preview {
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
    let vocabulary_css = vocabulary_css(vocab);
    let site_view = SiteView {
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
        accessibility: about::accessibility(&site.config.accessibility),
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
            "static/vocabulary.css",
            &if opts.preview {
                String::new()
            } else {
                short_hash(vocabulary_css.as_bytes())
            },
        ),
        contact: &site.config.contact,
        stale_days: site.config.stale_days,
        awaiting_response_days: site.config.awaiting_response_days,
        statuses: vocab
            .statuses
            .keys()
            .map(|s| views.status_term(*s))
            .collect(),
        decisions: vocab
            .decisions
            .keys()
            .map(|d| views.decision_term(*d))
            .collect(),
        preview: opts.preview,
        reviews: site
            .reviews
            .iter()
            .map(|r| pages::Crumb {
                title: r.title.clone(),
                url: u.review(&r.slug),
            })
            .collect(),
        fields: fields::views(),
    };
    let fingerprint = {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        serde_json::to_string(&site_view)
            .unwrap_or_default()
            .hash(&mut h);
        for (name, t) in &theme.templates {
            name.hash(&mut h);
            t.text.hash(&mut h);
        }
        h.finish()
    };
    let previous: HashMap<pages::Job, CachedPage> = match cache.as_deref_mut() {
        Some(c) if c.fingerprint == fingerprint => std::mem::take(&mut c.pages),
        Some(c) => {
            c.fingerprint = fingerprint;
            c.tera = None;
            HashMap::new()
        }
        None => HashMap::new(),
    };
    // The same templates and site settings as last time: the compiled templates are reused.
    let tera = match cache.as_deref_mut().and_then(|c| c.tera.take()) {
        Some(t) => t,
        None => {
            let mut t = templates::compile(theme).map_err(one)?;
            t.global_context().insert("site", &site_view);
            t
        }
    };
    // Shared card cells: rendered again for every card when the templates or settings changed.
    if theme.templates.contains_key(view::CARD_CELLS) {
        views
            .attach_cells(&tera, previous.is_empty())
            .map_err(|e| one(templates::to_diagnostic(&e, theme)))?;
    }
    let views = views;
    // Markdown, templates and cards (the search index made meanwhile is reported on its own).
    let early = early_search.unwrap_or_default();
    timings.push(("templates", t0.elapsed().saturating_sub(early)));

    let t1 = Instant::now();
    let jobs = views.jobs();

    timings.push(("page list", t1.elapsed()));

    let t2 = Instant::now();
    let keep = cache.is_some();
    let list_facts = if keep {
        signature::ListFacts::of(site, &views.lists)
    } else {
        signature::ListFacts::default()
    };
    type Rendered = Result<(pages::Job, Page), Diagnostic>;
    let sizes = PageSizes::default();
    // A review's pages go to one thread together, in runs of at most 128, so that the full
    // views they share (`shared`) are alive only while their review is being rendered.
    let groups = pages::group_by_review(jobs, 128);
    let render_pages = || -> Vec<Rendered> {
        groups
            .into_par_iter()
            // Each group may be stolen by an idle thread: left to rayon's adaptive splitting,
            // a quarter of the pages could stay on one thread after the rest were done.
            .with_max_len(1)
            .flat_map_iter(|group| {
                group.into_iter().map(|job| {
                    // A page of a review whose recommendations are all unchanged is as it was.
                    if changes.as_ref().is_some_and(|c| c.unchanged(&job)) {
                        if let Some(old) = previous.get(&job) {
                            return Ok((job, Page::Kept(old.clone())));
                        }
                    }
                    // Site-wide lists: the same signature as last time means the same page.
                    let signature = keep
                        .then(|| signature::of(&job, site, &views.lists, &list_facts, &generation))
                        .flatten();
                    if let Some(sig) = signature.filter(|_| changes.is_some()) {
                        if let Some(old) = previous.get(&job).filter(|o| o.signature == Some(sig)) {
                            return Ok((job, Page::Kept(old.clone())));
                        }
                    }
                    let spec = views.spec(&job);
                    let page = tera::Value::from_serializable(&spec.page);
                    let canonical = spec.page.canonical;
                    let file = u.file_for(&spec.url);
                    let entry = |page, vars, html| PageEntry {
                        url: spec.url.clone(),
                        file: file.clone(),
                        canonical: canonical.clone(),
                        template: spec.template,
                        page,
                        vars,
                        html,
                        signature,
                    };
                    // Otherwise the page's context is compared with last time's.
                    if let Some(old) = previous.get(&job) {
                        if old.url == spec.url
                            && old.template == spec.template
                            && old.page == page
                            && old.vars == spec.vars
                        {
                            let html = old.html.clone();
                            return Ok((job, Page::Kept(entry(page, spec.vars, html).into())));
                        }
                    }
                    let mut ctx = tera::Context::new();
                    ctx.insert_value("page", page.clone());
                    for (k, v) in &spec.vars {
                        ctx.insert_value(*k, v.clone());
                    }
                    // Rendered into a buffer as large as the largest page of its template so
                    // far: growing it from the template's own size copied every page again.
                    let mut html = Vec::with_capacity(sizes.hint(spec.template));
                    tera.render_to(spec.template, &ctx, &mut html)
                        .map_err(|e| templates::to_diagnostic(&e, theme))?;
                    sizes.saw(spec.template, html.len());
                    if keep {
                        // The preview keeps the page (shared with the output it serves; the
                        // shared copy is exactly the page's size).
                        let html = Bytes::from(html);
                        let vars = spec.vars.clone();
                        Ok((job, Page::Kept(entry(page, vars, html).into())))
                    } else {
                        // A build streams it out.
                        sink.put(file.clone(), html)
                            .map_err(|e| write_error(&spec.url, e))?;
                        Ok((job, Page::Streamed { canonical }))
                    }
                })
            })
            .collect()
    };
    // Pages rendered, kept for the next preview rebuild and listed for the sitemap.
    type Processed = (HashMap<pages::Job, CachedPage>, Vec<String>);
    let process = |rendered: Vec<Rendered>| -> Result<Processed, Diagnostics> {
        let mut next_pages = HashMap::new();
        let mut diags = Diagnostics::new();
        let mut sitemap_urls: Vec<String> = Vec::new();
        let mut kept: Vec<(String, Bytes)> = Vec::new();
        for r in rendered {
            match r {
                Ok((job, page)) => {
                    let in_sitemap = job != pages::Job::NotFound;
                    match page {
                        Page::Kept(entry) => {
                            if in_sitemap {
                                sitemap_urls.push(entry.canonical.clone());
                            }
                            kept.push((entry.file.clone(), entry.html.clone()));
                            next_pages.insert(job, entry);
                        }
                        Page::Streamed { canonical } => {
                            if in_sitemap {
                                sitemap_urls.push(canonical);
                            }
                        }
                    }
                }
                Err(d) => diags.push(d),
            }
        }
        sink.put_all_shared(kept)
            .map_err(|e| one(write_error("pages", e)))?;
        if !diags.is_empty() {
            diags.sort();
            return Err(diags);
        }
        Ok((next_pages, sitemap_urls))
    };
    let assets = || -> Result<(), Diagnostics> {
        put(
            "static/vocabulary.css".into(),
            vocabulary_css.clone().into_bytes(),
        )?;
        for (path, bytes) in &theme.assets {
            put(path.clone(), bytes.clone())?;
        }
        Ok(())
    };
    // One data row per recommendation and the text of each for search, reused from the
    // previous preview render when unchanged.
    let old_rows = cache
        .as_deref_mut()
        .map(|c| std::mem::take(&mut c.rows))
        .unwrap_or_default();
    let old_texts = cache
        .as_deref_mut()
        .map(|c| std::mem::take(&mut c.search_texts))
        .unwrap_or_default();
    // Data files and feeds: what the pages do not need.
    let data_and_feeds = || -> Result<(Vec<Vec<data::Row>>, Duration), Diagnostics> {
        let t3 = Instant::now();
        let title = &site.config.title;
        // One data row per recommendation, reused from the previous preview render when unchanged.
        let row_of = |r: RecRef| -> data::Row {
            let reusable = changes.as_ref().is_some_and(|c| c.rec_unchanged(r));
            match old_rows.get(r.review).and_then(|v| v.get(r.rec)) {
                Some(old) if reusable => old.clone(),
                _ => data::row(site, u, r),
            }
        };
        // Reviews are done a few at a time and the site-wide files are appended to, so a large
        // site never holds every row (or the whole site-wide file) in memory at once.
        let mut rows: Vec<Vec<data::Row>> = Vec::new();
        let (json_path, csv_path) = ("data/recommendations.json", "data/recommendations.csv");
        let append = |path: &str, bytes: &[u8]| {
            sink.append(path, bytes)
                .map_err(|e| one(write_error(path, e)))
        };
        append(json_path, b"[")?;
        append(csv_path, &data::csv_header())?;
        let mut first = true;
        let order: Vec<usize> = (0..site.reviews.len()).collect();
        for chunk in order.chunks(4) {
            let chunk_rows: Vec<Vec<data::Row>> = chunk
                .par_iter()
                .map(|&ri| {
                    (0..site.reviews[ri].recommendations.len())
                        .map(|rec| row_of(RecRef { review: ri, rec }))
                        .collect()
                })
                .collect();
            let (mut json_part, mut csv_part) = (Vec::new(), Vec::new());
            for row in chunk_rows.iter().flatten() {
                if !first {
                    json_part.push(b',');
                }
                first = false;
                json_part.extend_from_slice(row.json.as_bytes());
                csv_part.extend_from_slice(&row.csv);
            }
            append(json_path, &json_part)?;
            append(csv_path, &csv_part)?;
            chunk
                .par_iter()
                .zip(&chunk_rows)
                .try_for_each(|(&ri, review_rows)| {
                    let slug = &site.reviews[ri].slug;
                    put(
                        u.file_for(&u.review_data_json(slug)),
                        data::json(review_rows),
                    )?;
                    put(u.file_for(&u.review_data_csv(slug)), data::csv(review_rows))
                })?;
            if keep {
                rows.extend(chunk_rows);
            }
        }
        append(json_path, b"]\n")?;
        put(data::PACKAGE.into(), data::package(site, u))?;
        let site_updates: Vec<(RecRef, usize)> = views
            .lists
            .updates
            .iter()
            .take(feeds::LIMIT)
            .copied()
            .collect();
        put(
            "updates.xml".into(),
            feeds::atom(
                &views,
                &site_updates,
                &format!("{title}: all updates"),
                &u.feed(),
                &u.updates(),
            )
            .into_bytes(),
        )?;
        site.reviews
            .par_iter()
            .enumerate()
            .try_for_each(|(ri, review)| {
                let slug = &review.slug;
                let in_review: Vec<(RecRef, usize)> = feeds::updates_of(
                    site,
                    (0..review.recommendations.len()).map(|rec| RecRef { review: ri, rec }),
                );
                // Each entry is written once, for the review's feed and its theme's.
                let entries: Vec<String> = in_review
                    .iter()
                    .map(|&(r, i)| feeds::entry(&views, r, i))
                    .collect();
                let newest = |list: &[usize]| {
                    list.first().map(|&k| {
                        let (r, i) = in_review[k];
                        site.rec(r).updates[i].date.end()
                    })
                };
                let all: Vec<usize> = (0..in_review.len()).collect();
                let feed = feeds::feed(
                    &views,
                    newest(&all),
                    entries.iter().map(String::as_str),
                    &format!("{}: updates", review.title),
                    &u.review_feed(slug),
                    &u.review(slug),
                );
                put(u.file_for(&u.review_feed(slug)), feed.into_bytes())?;
                for t in &review.themes {
                    let in_theme: Vec<usize> = all
                        .iter()
                        .copied()
                        .filter(|&k| site.rec(in_review[k].0).theme.as_ref() == Some(&t.slug))
                        .collect();
                    let feed = feeds::feed(
                        &views,
                        newest(&in_theme),
                        in_theme.iter().map(|&k| entries[k].as_str()),
                        &format!("{}: {} updates", review.title, t.title),
                        &u.theme_feed(slug, &t.slug),
                        &u.theme(slug, &t.slug),
                    );
                    put(u.file_for(&u.theme_feed(slug, &t.slug)), feed.into_bytes())?;
                }
                Ok(())
            })?;
        Ok((rows, t3.elapsed()))
    };
    // The search index.
    // The preview's search index: unchanged recommendations keep last time's text.
    let search = || {
        let unchanged_text = |r: RecRef| {
            let unchanged = changes.as_ref().is_some_and(|c| c.rec_unchanged(r));
            let old = old_texts.get(r.review).and_then(|v| v.get(r.rec));
            old.filter(|_| unchanged).cloned()
        };
        search_index(site, u, &markdown, &unchanged_text, keep, &put)
    };
    // The preview shows the pages as soon as they are ready, then makes the data files, feeds
    // and search index; a build (its search index made already) makes the data files and
    // feeds alongside the pages (their serial parts fill the gaps the pages leave on the
    // cores; they run one after another, so their memory is not all held at once).
    let ((next_pages, mut sitemap_urls), (rows, data_time)) = if keep {
        let pages = process(render_pages())?;
        assets()?;
        timings.push(("pages", t2.elapsed()));
        pages_done(site);
        (pages, data_and_feeds()?)
    } else {
        let (rendered, rest) = rayon::join(render_pages, || -> Result<_, Diagnostics> {
            assets()?;
            data_and_feeds()
        });
        let pages = process(rendered)?;
        timings.push(("pages, with data and feeds alongside", t2.elapsed()));
        (pages, rest?)
    };
    let (texts, search_time) = match early_search {
        Some(time) => (Vec::new(), time),
        None => search()?,
    };
    drop(previous);
    drop(old_rows);
    drop(old_texts);
    timings.push(("feeds, data", data_time));
    timings.push(match early_search {
        // A build's search index phase renders the recommendations' Markdown too.
        Some(_) => ("search index, with Markdown", search_time),
        None => ("search index", search_time),
    });
    sitemap_urls.sort();
    put(
        "sitemap.xml".into(),
        sitemap::sitemap(sitemap_urls.iter().map(String::as_str)).into_bytes(),
    )?;
    let cards = views.into_cards();
    drop(old_cards);
    if let Some(c) = cache {
        c.cards = cards;
        // The index returns texts in site order; keep them by review.
        let mut texts = texts.into_iter();
        c.search_texts = site
            .reviews
            .iter()
            .map(|r| texts.by_ref().take(r.recommendations.len()).collect())
            .collect();
        c.pages = next_pages;
        let mut markdown = markdown;
        view::prune_markdown(site, &mut markdown);
        c.markdown = markdown;
        c.site = Some(site.clone());
        c.rows = rows;
        c.generations = generations;
        c.tera = Some(tera);
    } else {
        // A one-off build is done with its views, texts and templates. Freeing them took a
        // single thread 50 ms at 10,000 recommendations; a thread of their own does it while
        // the build is published (or the process exits first).
        free_later((cards, texts, markdown, tera, rows));
    }
    Ok(timings)
}

/// Make the search index and write its files through `put`. Each recommendation's text is
/// `reuse`d when that hands one back, else made from the plain text the Markdown cache holds
/// (one Markdown parse per text). Returns the texts when `keep` is set.
fn search_index(
    site: &Site,
    u: &urls::Urls,
    markdown: &view::MarkdownCache,
    reuse: &(dyn Fn(RecRef) -> Option<DocText> + Sync),
    keep: bool,
    put: &dyn Fn(String, Vec<u8>) -> Result<(), Diagnostics>,
) -> Result<(Vec<DocText>, Duration), Diagnostics> {
    let t = Instant::now();
    let text = |r: RecRef| {
        reuse(r).or_else(|| {
            Some(crate::search::index::doc_text_with(site.rec(r), &|md| {
                view::plain_text(markdown, md)
            }))
        })
    };
    let (index, texts) =
        crate::search::build_reusing(site, u, &crate::search::Settings::default(), &text, keep);
    for (path, bytes) in index.files {
        put(path, bytes)?;
    }
    Ok((texts, t.elapsed()))
}

/// The largest page each template has produced in this render (at most 4 MB is reserved).
#[derive(Default)]
struct PageSizes(std::sync::Mutex<HashMap<&'static str, usize>>);

impl PageSizes {
    fn hint(&self, template: &str) -> usize {
        let seen = self
            .0
            .lock()
            .map(|m| m.get(template).copied())
            .ok()
            .flatten();
        seen.unwrap_or(16 * 1024).min(4 << 20)
    }

    fn saw(&self, template: &'static str, len: usize) {
        if let Ok(mut m) = self.0.lock() {
            let e = m.entry(template).or_insert(0);
            *e = (*e).max(len);
        }
    }
}

/// Drop `t` on a thread of its own.
pub fn free_later<T: Send + 'static>(t: T) {
    std::thread::spawn(move || drop(t));
}

/// Tag colours from the vocabulary (defaults or site.yaml overrides), so a colour changed in
/// `site.yaml` reaches the pages without editing the theme's stylesheet.
fn vocabulary_css(vocab: &crate::model::Vocabulary) -> String {
    let mut css = String::from("/* Generated from the status and decision vocabulary. */\n");
    for t in vocab.statuses.values().chain(vocab.decisions.values()) {
        css.push_str(&format!(
            ".tag--{}{{background:{};color:#fff}}\n",
            t.key, t.colour
        ));
    }
    css
}

fn one(d: Diagnostic) -> Diagnostics {
    let mut ds = Diagnostics::new();
    ds.push(d);
    ds
}

fn write_error(what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(
        what,
        crate::diagnostics::Position::default(),
        format!("cannot write the output: {e}"),
    )
    .with_hint("check there is free disk space and that the output folder is writable")
}
