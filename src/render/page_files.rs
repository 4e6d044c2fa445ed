//! The pages phase: every page's context built and rendered through its template, on every
//! core. A page the previous render made from the same inputs is reused (the preview); a
//! build streams each page out as soon as it is rendered.

use super::incremental::{signature, CachedPage, PageEntry, Previous};
use super::pages::{self, Job};
use super::view::Views;
use super::{templates, write_error};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::theme::Theme;
use crate::model::Site;
use crate::output::{Bytes, Sink};
use rayon::prelude::*;
use std::collections::HashMap;

/// A page of this render: kept for the next preview rebuild, or streamed out by a build.
enum Page {
    Kept(CachedPage),
    Streamed { canonical: String },
}

type Rendered = Result<(Job, Page), Diagnostic>;

/// What the pages phase gives: the pages to keep (the preview), and every page's canonical URL
/// for the sitemap, in no particular order.
pub struct Done {
    pub kept: HashMap<Job, CachedPage>,
    pub sitemap: Vec<String>,
}

/// What the pages are rendered with.
pub struct Pages<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub views: &'a Views<'a>,
    pub tera: &'a tera::Tera,
    pub previous: &'a Previous,
    pub sink: &'a dyn Sink,
}

impl Pages<'_> {
    /// Render every page. Errors (template errors) are gathered, sorted and returned together.
    pub fn render(&self) -> Result<Done, Diagnostics> {
        let list_facts = if self.previous.keeps {
            signature::ListFacts::of(self.site, &self.views.lists)
        } else {
            signature::ListFacts::default()
        };
        let sizes = PageSizes::default();
        // A review's pages go to one thread together, in runs of at most 128, so that the full
        // views they share (`shared`) are alive only while their review is being rendered.
        let groups = pages::group_by_review(pages::jobs(self.views), 128);
        let rendered: Vec<Rendered> = groups
            .into_par_iter()
            // Each group may be stolen by an idle thread: left to rayon's adaptive splitting,
            // a quarter of the pages could stay on one thread after the rest were done.
            .with_max_len(1)
            .flat_map_iter(|group| {
                let (list_facts, sizes) = (&list_facts, &sizes);
                group
                    .into_iter()
                    .map(move |job| self.page(job, list_facts, sizes))
            })
            .collect();
        self.collect(rendered)
    }

    /// One page: reused when its inputs are the same as last time, else rendered.
    fn page(&self, job: Job, list_facts: &signature::ListFacts, sizes: &PageSizes) -> Rendered {
        let previous = self.previous;
        if let Some(old) = previous.unchanged_page(&job) {
            return Ok((job, Page::Kept(old.clone())));
        }
        // Site-wide lists: the same signature as last time means the same page.
        let signature = previous
            .keeps
            .then(|| {
                let generation = |r| previous.generation(r);
                signature::of(&job, self.site, &self.views.lists, list_facts, &generation)
            })
            .flatten();
        if let Some(old) = previous.same_signature(&job, signature) {
            return Ok((job, Page::Kept(old.clone())));
        }
        let spec = pages::spec(self.views, &job);
        let page = tera::Value::from_serializable(&spec.page);
        let canonical = spec.page.canonical;
        let file = self.views.urls.file_for(&spec.url);
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
        if let Some(old) = previous.pages.get(&job) {
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
        // Rendered into a buffer as large as the largest page of its template so far: growing
        // it from the template's own size copied every page again.
        let mut html = Vec::with_capacity(sizes.hint(spec.template));
        self.tera
            .render_to(spec.template, &ctx, &mut html)
            .map_err(|e| templates::to_diagnostic(&e, self.theme))?;
        sizes.saw(spec.template, html.len());
        if previous.keeps {
            // The preview keeps the page (shared with the output it serves; the shared copy
            // is exactly the page's size).
            let html = Bytes::from(html);
            let vars = spec.vars.clone();
            Ok((job, Page::Kept(entry(page, vars, html).into())))
        } else {
            self.sink
                .put(file.clone(), html)
                .map_err(|e| write_error(&spec.url, e))?;
            Ok((job, Page::Streamed { canonical }))
        }
    }

    /// Hand the kept pages to the sink (shared, not copied) and list every page for the sitemap.
    fn collect(&self, rendered: Vec<Rendered>) -> Result<Done, Diagnostics> {
        let mut kept = HashMap::new();
        let mut diags = Diagnostics::new();
        let mut sitemap: Vec<String> = Vec::new();
        let mut files: Vec<(String, Bytes)> = Vec::new();
        for r in rendered {
            let (job, page) = match r {
                Ok(done) => done,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            };
            let in_sitemap = !matches!(job, Job::NotFound | Job::Alias(..) | Job::ChangesFeed(_));
            match page {
                Page::Kept(entry) => {
                    if in_sitemap {
                        sitemap.push(entry.canonical.clone());
                    }
                    files.push((entry.file.clone(), entry.html.clone()));
                    kept.insert(job, entry);
                }
                Page::Streamed { canonical } => {
                    if in_sitemap {
                        sitemap.push(canonical);
                    }
                }
            }
        }
        self.sink
            .put_all_shared(files)
            .map_err(|e| super::one(write_error("pages", e)))?;
        if !diags.is_empty() {
            diags.sort();
            return Err(diags);
        }
        Ok(Done { kept, sitemap })
    }
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
