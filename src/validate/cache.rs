//! What validation keeps between preview rebuilds: each review as validated with the
//! documents it was made from, each recommendation file read into fields, and each file's
//! accountability warnings. A file whose parsed document is the same (the loader hands back
//! the same `Arc` for an unchanged file) is not read again.
//!
//! Review folders are validated in parallel against a read-only cache; each hands back what
//! it made ([`Fresh`]), and [`Cache::keep`] stores that after the run. [`Cache::none`] keeps
//! nothing (one-off builds and `check`).

use super::{accountability, content, Options, Validated};
use crate::diagnostics::Diagnostic;
use crate::load::document::Document;
use crate::load::ReviewFiles;
use crate::model::{Config, Recommendation, Review};
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// A recommendation file read into fields, with the document it was read from.
type CachedRec = (Arc<Document>, content::RecDraft, Vec<Diagnostic>);

/// A file's warnings with what they were computed from: its document, the recommendation and
/// the review's date.
type CachedWarnings = (
    Arc<Document>,
    Recommendation,
    Option<String>,
    Vec<Diagnostic>,
);

pub struct CachedReview {
    docs: Vec<Arc<Document>>,
    review: Option<Arc<Review>>,
    diags: Vec<Diagnostic>,
    warnings: bool,
    include_drafts: bool,
}

#[derive(Default)]
pub struct Cache {
    /// Whether anything is kept ([`Cache::new`]).
    keep: bool,
    // Keyed by path, looked up for every file: a fast non-keyed hash (FxHash).
    recs: rustc_hash::FxHashMap<PathBuf, CachedRec>,
    /// Accountability warnings by file, with the recommendation they were computed for.
    warnings: rustc_hash::FxHashMap<PathBuf, CachedWarnings>,
    /// The configuration and date the warnings were computed with.
    config: Option<Config>,
    today: Option<Date>,
    /// Each review as validated last time, by folder.
    reviews: HashMap<String, CachedReview>,
}

/// What one review folder's validation made, for the cache to keep.
pub struct Fresh {
    keep: bool,
    dir: String,
    /// The folder's recommendation files (the cache forgets files that are gone).
    files: Vec<Arc<Document>>,
    review: Option<CachedReview>,
    recs: Vec<(PathBuf, CachedRec)>,
    warnings: Vec<(PathBuf, CachedWarnings)>,
}

/// Every document a review folder is made from, in order.
fn documents(files: &ReviewFiles) -> Vec<Arc<Document>> {
    files
        .review
        .iter()
        .chain(&files.themes)
        .chain(&files.recommendations)
        .cloned()
        .collect()
}

/// The same parsed documents (not just equal ones: a re-read file is a new document).
fn same_documents(a: &[Arc<Document>], b: &[Arc<Document>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| Arc::ptr_eq(x, y))
}

impl Cache {
    /// A cache that keeps nothing between runs (one-off builds and `check`).
    pub fn none() -> Cache {
        Cache::default()
    }

    /// A cache that keeps what each run made for the next (the preview).
    pub fn new() -> Cache {
        Cache {
            keep: true,
            ..Cache::default()
        }
    }

    /// Before a run: warnings and reviews validated with other settings or another date are
    /// forgotten.
    pub fn prepare(&mut self, config: &Config, today: Date) {
        if self.config.as_ref() != Some(config) || self.today != Some(today) {
            self.warnings.clear();
            self.reviews.clear();
            // A file is read against the site's vocabulary and fields.
            if self.config.as_ref().is_some_and(|c| !same_model(c, config)) {
                self.recs.clear();
            }
            self.config = Some(config.clone());
            self.today = Some(today);
        }
    }

    /// An empty record of what validating `files` makes.
    pub(super) fn fresh(&self, files: &ReviewFiles) -> Fresh {
        Fresh {
            keep: self.keep,
            dir: files.dir.clone(),
            files: if self.keep {
                files.recommendations.clone()
            } else {
                Vec::new()
            },
            review: None,
            recs: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The review as validated last time, if its files are the same documents and it was
    /// validated with the same options.
    pub(super) fn reviewed(&self, files: &ReviewFiles, opts: &Options) -> Option<Validated> {
        let c = self.reviews.get(&files.dir)?;
        let same = same_documents(&c.docs, &documents(files))
            && c.warnings == opts.warnings
            && c.include_drafts == opts.include_drafts;
        same.then(|| (c.review.clone(), c.diags.clone()))
    }

    /// Every recommendation file read into fields (in parallel), reusing files read last time.
    pub(super) fn drafts(
        &self,
        docs: &[Arc<Document>],
        config: &Config,
        fresh: &mut Fresh,
    ) -> Vec<(content::RecDraft, Vec<Diagnostic>)> {
        let read: Vec<((content::RecDraft, Vec<Diagnostic>), bool)> = docs
            .par_iter()
            .map(|d| match self.recs.get(&d.source.file) {
                Some((old, draft, diags)) if Arc::ptr_eq(old, d) => {
                    ((draft.clone(), diags.clone()), false)
                }
                _ => (content::recommendation(d, config), true),
            })
            .collect();
        read.into_iter()
            .zip(docs)
            .map(|((made, new), doc)| {
                if new && fresh.keep {
                    let entry = (doc.clone(), made.0.clone(), made.1.clone());
                    fresh.recs.push((doc.source.file.clone(), entry));
                }
                made
            })
            .collect()
    }

    /// The cached warnings of a recommendation, if it has not changed since.
    pub(super) fn cached_warnings(&self, cx: &accountability::Context) -> Option<Vec<Diagnostic>> {
        let (doc, rec, date, w) = self.warnings.get(&cx.doc.source.file)?;
        (std::ptr::eq(Arc::as_ptr(doc), cx.doc) && rec == cx.rec && *date == cx.review_date)
            .then(|| w.clone())
    }

    /// After a run: keep what the folders made, and forget folders and files that are gone.
    pub fn keep(&mut self, made: Vec<Fresh>) {
        if !self.keep {
            return;
        }
        // Forget files that are gone (only worth a look when the cache holds more files than
        // there are; a renamed file's old entry is never used again either way).
        let files: usize = made.iter().map(|f| f.files.len()).sum();
        if self.recs.len() > files || self.warnings.len() > files {
            let present: rustc_hash::FxHashSet<&PathBuf> = made
                .iter()
                .flat_map(|f| f.files.iter().map(|d| &d.source.file))
                .collect();
            self.recs.retain(|path, _| present.contains(path));
            self.warnings.retain(|path, _| present.contains(path));
        }
        let dirs: rustc_hash::FxHashSet<&str> = made.iter().map(|f| f.dir.as_str()).collect();
        self.reviews.retain(|dir, _| dirs.contains(dir.as_str()));
        for f in made {
            self.recs.extend(f.recs);
            self.warnings.extend(f.warnings);
            if let Some(review) = f.review {
                self.reviews.insert(f.dir, review);
            }
        }
    }
}

impl Fresh {
    /// A review made anew: kept whole for the next run.
    pub(super) fn reviewed(
        &mut self,
        files: &ReviewFiles,
        opts: &Options,
        review: &Option<Arc<Review>>,
        diags: &[Diagnostic],
    ) {
        if self.keep {
            self.review = Some(CachedReview {
                docs: documents(files),
                review: review.clone(),
                diags: diags.to_vec(),
                warnings: opts.warnings,
                include_drafts: opts.include_drafts,
            });
        }
    }

    /// A recommendation's warnings made anew.
    pub(super) fn warned(
        &mut self,
        doc: &Arc<Document>,
        rec: &Recommendation,
        review_date: &Option<String>,
        warnings: &[Diagnostic],
    ) {
        if self.keep {
            let entry = (
                doc.clone(),
                rec.clone(),
                review_date.clone(),
                warnings.to_vec(),
            );
            self.warnings.push((doc.source.file.clone(), entry));
        }
    }
}

/// Whether two configurations read recommendation files alike.
fn same_model(a: &Config, b: &Config) -> bool {
    a.vocabulary == b.vocabulary && a.fields == b.fields
}
