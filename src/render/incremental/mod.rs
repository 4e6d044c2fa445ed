//! What the preview reuses between rebuilds, in one place.
//!
//! A render starts by taking [`Previous`] out of the [`Cache`] (or [`Previous::nothing`] for a
//! one-off build) and ends by handing what it made back with [`Cache::keep`]. The phases ask
//! `Previous` for an unchanged recommendation's card, data row, search text or page; with
//! nothing kept, every answer is "make it again", so the phases have no build-or-preview
//! branches of their own.

pub mod changes;
pub mod signature;

use super::data::Row;
use super::feeds::Entries;
use super::pages::Job;
use super::view::MarkdownCache;
use crate::model::{RecRef, Site};
use crate::output::Bytes;
use crate::search::index::DocText;
use changes::Changes;
use std::collections::HashMap;

/// What the preview keeps between rebuilds so an edit re-renders only what changed: rendered
/// Markdown by source, each page's context with its HTML, and each recommendation's card,
/// data row and search text. A page whose template inputs are equal to last time is not
/// rendered again.
#[derive(Default)]
pub struct Cache {
    kept: Option<Kept>,
    next_generation: u64,
}

/// A rendered page as the preview keeps it, shared between rebuilds while it is unchanged.
pub type CachedPage = std::sync::Arc<PageEntry>;

pub struct PageEntry {
    pub url: String,
    /// Its output file (`x/index.html`).
    pub file: String,
    pub canonical: String,
    pub template: &'static str,
    pub page: tera::Value,
    pub vars: Vec<(&'static str, tera::Value)>,
    pub html: Bytes,
    /// The signature of a site-wide list page (see `signature`).
    pub signature: Option<u64>,
}

/// Everything one render leaves for the next.
pub struct Kept {
    /// The model rendered, to tell what changed.
    pub site: Site,
    pub markdown: MarkdownCache,
    pub pages: HashMap<Job, CachedPage>,
    /// The hash of the templates and the site-wide settings the pages were rendered with.
    pub fingerprint: u64,
    /// The compiled templates, with the site's settings as their global context.
    pub tera: tera::Tera,
    /// Data rows, cards and searchable texts by review and recommendation.
    pub rows: Vec<Vec<Row>>,
    pub cards: Vec<Vec<tera::Value>>,
    pub texts: Vec<Vec<DocText>>,
    /// Each review's rendered feed entries.
    pub entries: Vec<Entries>,
    /// Generation of each recommendation, by review and recommendation: kept while the
    /// recommendation (and its review's facts) stay the same, new when they change.
    pub generations: Vec<Vec<u64>>,
}

/// The previous render as this one sees it.
#[derive(Default)]
pub struct Previous {
    /// Whether this render's results are kept for the next (the preview).
    pub keeps: bool,
    /// What changed since the previous render; `None`: everything is new.
    pub changes: Option<Changes>,
    pub markdown: MarkdownCache,
    pub pages: HashMap<Job, CachedPage>,
    fingerprint: Option<u64>,
    tera: Option<tera::Tera>,
    rows: Vec<Vec<Row>>,
    cards: Vec<Vec<tera::Value>>,
    texts: Vec<Vec<DocText>>,
    entries: Vec<Entries>,
    /// This render's generation of each recommendation (the preview only).
    pub generations: Vec<Vec<u64>>,
}

impl Previous {
    /// A one-off build: nothing to reuse, nothing kept.
    pub fn nothing() -> Previous {
        Previous::default()
    }

    pub fn rec_unchanged(&self, r: RecRef) -> bool {
        self.changes.as_ref().is_some_and(|c| c.rec_unchanged(r))
    }

    /// Whether review `ri` is unchanged (`None`: no previous render to compare with).
    pub fn review_unchanged(&self, ri: usize) -> Option<bool> {
        self.changes.as_ref().and_then(|c| c.review_unchanged(ri))
    }

    /// The card of an unchanged recommendation.
    pub fn card(&self, r: RecRef) -> Option<tera::Value> {
        self.from(&self.cards, r)
    }

    /// The data row of an unchanged recommendation.
    pub fn row(&self, r: RecRef) -> Option<Row> {
        self.from(&self.rows, r)
    }

    /// The searchable text of an unchanged recommendation.
    pub fn text(&self, r: RecRef) -> Option<DocText> {
        self.from(&self.texts, r)
    }

    fn from<T: Clone>(&self, all: &[Vec<T>], r: RecRef) -> Option<T> {
        let value = all.get(r.review)?.get(r.rec)?;
        self.rec_unchanged(r).then(|| value.clone())
    }

    /// The feed entry of update `i` of an unchanged recommendation.
    pub fn entry(&self, r: RecRef, i: usize) -> Option<std::sync::Arc<str>> {
        let kept = self.entries.get(r.review)?.get(&(r.rec, i))?;
        self.rec_unchanged(r).then(|| kept.clone())
    }

    pub fn generation(&self, r: RecRef) -> u64 {
        self.generations[r.review][r.rec]
    }

    /// The compiled templates, if the templates and site settings (`fingerprint`) are the same
    /// as last time; otherwise every kept page is forgotten too.
    pub fn templates(&mut self, fingerprint: u64) -> Option<tera::Tera> {
        if self.fingerprint != Some(fingerprint) {
            self.pages.clear();
            self.tera = None;
        }
        self.tera.take()
    }

    /// A page of a review whose recommendations are all unchanged is as it was.
    pub fn unchanged_page(&self, job: &Job) -> Option<&CachedPage> {
        let unchanged = self.changes.as_ref().is_some_and(|c| c.unchanged(job));
        unchanged.then(|| self.pages.get(job)).flatten()
    }

    /// A site-wide list page whose signature is the same as last time.
    pub fn same_signature(&self, job: &Job, signature: Option<u64>) -> Option<&CachedPage> {
        let sig = signature.filter(|_| self.changes.is_some())?;
        self.pages.get(job).filter(|o| o.signature == Some(sig))
    }
}

impl Cache {
    pub fn new() -> Cache {
        Cache::default()
    }

    /// Take what the previous render left, compared with `site`.
    pub fn previous(&mut self, site: &Site) -> Previous {
        let Some(kept) = self.kept.take() else {
            let generations = self.generations(site, &[], None);
            return Previous {
                keeps: true,
                generations,
                ..Previous::default()
            };
        };
        let changes = if kept.pages.is_empty() {
            None
        } else {
            Changes::between(Some(&kept.site), site)
        };
        let generations = self.generations(site, &kept.generations, changes.as_ref());
        Previous {
            keeps: true,
            changes,
            markdown: kept.markdown,
            pages: kept.pages,
            fingerprint: Some(kept.fingerprint),
            tera: Some(kept.tera),
            rows: kept.rows,
            cards: kept.cards,
            texts: kept.texts,
            entries: kept.entries,
            generations,
        }
    }

    /// A recommendation keeps its generation while it is unchanged; a changed one gets a new one.
    fn generations(
        &mut self,
        site: &Site,
        old: &[Vec<u64>],
        changes: Option<&Changes>,
    ) -> Vec<Vec<u64>> {
        let next = &mut self.next_generation;
        let mut generation = |r: RecRef| match old.get(r.review).and_then(|v| v.get(r.rec)) {
            Some(g) if changes.is_some_and(|c| c.rec_unchanged(r)) => *g,
            _ => {
                *next += 1;
                *next
            }
        };
        site.reviews
            .iter()
            .enumerate()
            .map(|(ri, review)| {
                (0..review.recommendations.len())
                    .map(|rec| generation(RecRef { review: ri, rec }))
                    .collect()
            })
            .collect()
    }

    /// Keep this render's results for the next.
    pub fn keep(&mut self, kept: Kept) {
        self.kept = Some(kept);
    }
}
