//! `validate`: turn loaded files into the typed model, reporting every error and
//! accountability warning with its file, line and column.

pub mod accountability;
pub mod addresses;
pub mod config;
pub mod content;
pub mod fields;
pub mod people;
pub mod publishing;

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::load::document::Document;
use crate::load::Loaded;
use crate::model::derive;
use crate::model::{Config, Number, Recommendation, Review, Site, Slug};
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// What the model is built for.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub today: Date,
    /// Drafts are in the model (preview) or left out (build).
    pub include_drafts: bool,
    /// Accountability warnings wanted (`check`, `build`); the preview shows errors only.
    pub warnings: bool,
}

/// A file's warnings with what they were computed from: its document, the recommendation and
/// the review's date.
type CachedWarnings = (
    Arc<Document>,
    Recommendation,
    Option<String>,
    Vec<Diagnostic>,
);

/// Per-file results kept between preview rebuilds: a file whose parsed document is the same
/// (the loader's cache hands back the same `Arc`) is not read into fields again.
#[derive(Default)]
pub struct Cache {
    // Keyed by path, looked up for every file: FxHash (SipHash over paths was 0.4% of a build).
    recs: rustc_hash::FxHashMap<PathBuf, (Arc<Document>, content::RecDraft, Vec<Diagnostic>)>,
    /// Accountability warnings by file, with the recommendation they were computed for.
    warnings: rustc_hash::FxHashMap<PathBuf, CachedWarnings>,
    /// The configuration and date the warnings were computed with.
    config: Option<Config>,
    today: Option<Date>,
    /// Each review as validated last time, with the documents it was made from: a review
    /// whose files are all the same documents is reused whole.
    reviews: HashMap<String, CachedReview>,
    /// Nothing is kept for a next run (a one-off build or check): per-file work is handed
    /// over, not copied, so the content is not held twice.
    transient: bool,
}

struct CachedReview {
    docs: Vec<Arc<Document>>,
    review: Option<Arc<Review>>,
    diags: Vec<Diagnostic>,
    warnings: bool,
    include_drafts: bool,
}

/// Every document a review folder is made from, in order.
fn documents(files: &crate::load::ReviewFiles) -> Vec<Arc<Document>> {
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
    /// A cache that keeps nothing between runs.
    pub fn transient() -> Cache {
        Cache {
            transient: true,
            ..Cache::default()
        }
    }

    fn recommendation(&mut self, doc: &Arc<Document>) -> (content::RecDraft, Vec<Diagnostic>) {
        if self.transient {
            return match self.recs.remove(&doc.source.file) {
                Some((old, draft, diags)) if Arc::ptr_eq(&old, doc) => (draft, diags),
                _ => content::recommendation(doc),
            };
        }
        if let Some((old, draft, diags)) = self.recs.get(&doc.source.file) {
            if Arc::ptr_eq(old, doc) {
                return (draft.clone(), diags.clone());
            }
        }
        let (draft, diags) = content::recommendation(doc);
        self.recs.insert(
            doc.source.file.clone(),
            (doc.clone(), draft.clone(), diags.clone()),
        );
        (draft, diags)
    }

    /// Read every file not in the cache yet into fields, in parallel.
    fn prefill(&mut self, docs: &[Arc<Document>]) {
        let missing: Vec<&Arc<Document>> = docs
            .iter()
            .filter(|d| {
                !self
                    .recs
                    .get(&d.source.file)
                    .is_some_and(|(old, _, _)| Arc::ptr_eq(old, d))
            })
            .collect();
        let read: Vec<_> = missing
            .into_par_iter()
            .map(|d| (d.clone(), content::recommendation(d)))
            .collect();
        for (doc, (draft, diags)) in read {
            self.recs
                .insert(doc.source.file.clone(), (doc, draft, diags));
        }
    }

    /// The cached warnings of a recommendation, if it has not changed since.
    fn cached_warnings(&self, cx: &accountability::Context) -> Option<Vec<Diagnostic>> {
        let (doc, rec, date, w) = self.warnings.get(&cx.doc.source.file)?;
        (std::ptr::eq(Arc::as_ptr(doc), cx.doc) && rec == cx.rec && *date == cx.review_date)
            .then(|| w.clone())
    }
}

/// Build the site from what was loaded. The site holds everything that was valid; the
/// diagnostics hold every problem (errors mean the site must not be published).
pub fn validate(loaded: &Loaded, opts: &Options) -> (Site, Diagnostics) {
    validate_cached(loaded, opts, &mut Cache::transient())
}

/// [`validate`], reusing per-file work from `cache`.
pub fn validate_cached(loaded: &Loaded, opts: &Options, cache: &mut Cache) -> (Site, Diagnostics) {
    // Forget files that are gone (only worth a look when the cache holds more files than
    // there are; a renamed file's old entry is never used again either way).
    let files: usize = loaded.reviews.iter().map(|r| r.recommendations.len()).sum();
    if cache.recs.len() > files || cache.warnings.len() > files {
        let present: rustc_hash::FxHashSet<&PathBuf> = loaded
            .reviews
            .iter()
            .flat_map(|r| r.recommendations.iter().map(|d| &d.source.file))
            .collect();
        cache.recs.retain(|path, _| present.contains(path));
        cache.warnings.retain(|path, _| present.contains(path));
    }
    let (config, mut diags) = site_config(loaded.config.as_ref());
    if cache.config.as_ref() != Some(&config) || cache.today != Some(opts.today) {
        cache.warnings.clear();
        cache.reviews.clear();
        cache.config = Some(config.clone());
        cache.today = Some(opts.today);
    }
    cache
        .reviews
        .retain(|dir, _| loaded.reviews.iter().any(|f| &f.dir == dir));
    // A one-off build or check keeps nothing: every review is validated on its own, in
    // parallel. The preview reuses what it can from its cache, one review after another.
    let validated: Vec<(Option<Arc<Review>>, Vec<Diagnostic>)> = if cache.transient {
        loaded
            .reviews
            .par_iter()
            .map(|files| review_alone(files, &config, opts))
            .collect()
    } else {
        loaded
            .reviews
            .iter()
            .map(|files| validate_review(files, &config, opts, cache))
            .collect()
    };
    let site = assemble(config, validated, opts, &mut diags);
    diags.sort();
    (site, diags)
}

/// A review folder made into a review (None when it is a draft left out), with what was
/// wrong in it.
pub type Validated = (Option<Arc<Review>>, Vec<Diagnostic>);

/// The site's settings from site.yaml (the defaults when it is missing or broken).
pub fn site_config(doc: Option<&Document>) -> (Config, Diagnostics) {
    let mut diags = Diagnostics::new();
    let config = match doc {
        Some(doc) => {
            let (c, d) = config::config(doc);
            d.into_iter().for_each(|x| diags.push(x));
            c
        }
        None => Config::default(),
    };
    (config, diags)
}

/// One review folder validated on its own, keeping nothing for a next run (one-off builds
/// and `check`).
pub fn review_alone(
    files: &crate::load::ReviewFiles,
    config: &Config,
    opts: &Options,
) -> Validated {
    let mut d = Diagnostics::new();
    let made = review(files, config, opts, &mut d, &mut Cache::transient());
    (made.map(Arc::new), d.into_vec())
}

/// The site from its validated reviews, in folder order, with everyone who owns a
/// recommendation. Each review's diagnostics join `diags` (unsorted), and so do the warnings
/// about people written in more than one way, when warnings are wanted.
pub fn assemble(
    config: Config,
    validated: Vec<Validated>,
    opts: &Options,
    diags: &mut Diagnostics,
) -> Site {
    let mut reviews = Vec::new();
    for (made, review_diags) in validated {
        review_diags.into_iter().for_each(|x| diags.push(x));
        reviews.extend(made);
    }
    addresses::reviews(&reviews, diags);
    let mut site = Site {
        config,
        reviews,
        people: Vec::new(),
        person_of_name: Default::default(),
        today: opts.today,
    };
    let gathered = crate::model::people::gather(&site);
    if opts.warnings {
        for m in &gathered.merged {
            people::merged(m).into_iter().for_each(|d| diags.push(d));
        }
    }
    site.people = gathered.people;
    site.person_of_name = gathered.by_name;
    site
}

/// One review through the preview's cache: reused whole when its files are the same
/// documents as last time.
fn validate_review(
    files: &crate::load::ReviewFiles,
    config: &Config,
    opts: &Options,
    cache: &mut Cache,
) -> (Option<Arc<Review>>, Vec<Diagnostic>) {
    let docs = documents(files);
    let reusable = cache.reviews.get(&files.dir).filter(|c| {
        same_documents(&c.docs, &docs)
            && c.warnings == opts.warnings
            && c.include_drafts == opts.include_drafts
    });
    match reusable {
        Some(c) => (c.review.clone(), c.diags.clone()),
        None => {
            let mut d = Diagnostics::new();
            let made = review(files, config, opts, &mut d, cache).map(Arc::new);
            let d: Vec<Diagnostic> = d.iter().cloned().collect();
            cache.reviews.insert(
                files.dir.clone(),
                CachedReview {
                    docs,
                    review: made.clone(),
                    diags: d.clone(),
                    warnings: opts.warnings,
                    include_drafts: opts.include_drafts,
                },
            );
            (made, d)
        }
    }
}

fn review(
    files: &crate::load::ReviewFiles,
    config: &Config,
    opts: &Options,
    diags: &mut Diagnostics,
    cache: &mut Cache,
) -> Option<Review> {
    let dir = PathBuf::from("content").join(&files.dir);
    let (mut review, draft) = match &files.review {
        Some(doc) => {
            let (r, draft, d) = content::review(doc, &files.dir);
            d.into_iter().for_each(|x| diags.push(x));
            (r, draft)
        }
        None => {
            diags.push(
                Diagnostic::error(dir.join("_review.md"), Position::default(), format!("the review folder `{}` has no _review.md", files.dir))
                    .with_hint("create it with `title`, `committee`, `date` and `reported_to` (or run `scrutiny new review`)"),
            );
            let placeholder = Review {
                slug: Slug::from_text(&files.dir),
                title: files.dir.clone(),
                committee: None,
                date: None,
                reported_to: None,
                summary: None,
                introduction: Default::default(),
                themes: Vec::new(),
                recommendations: Vec::new(),
                file: dir.join("_review.md"),
            };
            (placeholder, false)
        }
    };
    if Slug::parse(&files.dir).is_none() {
        diags.push(
            Diagnostic::warning(
                &dir,
                Position::default(),
                format!(
                    "folder name `{}` is not a URL slug; its pages use `{}`",
                    files.dir, review.slug
                ),
            )
            .with_hint(format!(
                "rename the folder to `{}` so addresses match file names",
                review.slug
            )),
        );
    }

    for doc in &files.themes {
        let (t, d) = content::theme(doc);
        d.into_iter().for_each(|x| diags.push(x));
        review.themes.push(t);
    }
    review.themes.sort_by(|a, b| {
        (a.order.unwrap_or(i64::MAX), &a.title).cmp(&(b.order.unwrap_or(i64::MAX), &b.title))
    });
    addresses::themes(&review, diags);

    let mut seen: HashMap<Number, (PathBuf, Position)> = HashMap::new();
    let mut seen_slugs: HashMap<Slug, PathBuf> = HashMap::new();
    cache.prefill(&files.recommendations);
    // Recommendations to warn about: (document, fields, index in the review).
    let mut to_warn: Vec<(&Arc<Document>, content::RecDraft, usize)> = Vec::new();
    for doc in &files.recommendations {
        let (mut draft_rec, d) = cache.recommendation(doc);
        // A file with errors gets no accountability warnings: they would be about the
        // defaults that replaced the broken values, not about what the file says.
        let mut file_ok = !d.iter().any(|x| x.is_error());
        d.into_iter().for_each(|x| diags.push(x));
        let Some(number) = draft_rec.number.clone() else {
            continue;
        };
        if let Some((first, pos)) = seen.get(&number) {
            diags.push(doc.locate(
                Diagnostic::error(&doc.source.file, draft_rec.number_pos, format!("duplicate number `{}` in review `{}`", number.text, files.dir))
                    .with_related(format!("first used in {}:{}:{}", first.display(), pos.line, pos.column))
                    .with_hint("every recommendation in a review needs its own number; renumber one of the two files"),
            ));
            continue;
        }
        seen.insert(
            number.clone(),
            (doc.source.file.clone(), draft_rec.number_pos),
        );
        let slug = number.slug();
        if let Some(other) = seen_slugs.get(&slug) {
            diags.push(
                doc.locate(
                    Diagnostic::error(
                        &doc.source.file,
                        draft_rec.number_pos,
                        format!(
                            "number `{}` gives the same address as {}",
                            number.text,
                            other.display()
                        ),
                    )
                    .with_hint("use numbers that differ by more than punctuation"),
                ),
            );
            continue;
        }
        seen_slugs.insert(slug.clone(), doc.source.file.clone());
        let theme = match draft_rec.theme.take() {
            Some((name, pos)) => match content::resolve_theme(doc, &name, pos, &review.themes) {
                Ok(s) => Some(s),
                Err(d) => {
                    diags.push(d);
                    file_ok = false;
                    None
                }
            },
            None => None,
        };
        let mut updates: Vec<_> = draft_rec.updates.iter().map(|(u, _)| u.clone()).collect();
        derive::sort_updates(&mut updates);
        let rec = Recommendation {
            number,
            slug,
            title: std::mem::take(&mut draft_rec.title),
            recommendation: std::mem::take(&mut draft_rec.recommendation),
            theme,
            cabinet_members: draft_rec.cabinet_members.clone(),
            lead_officers: draft_rec.lead_officers.clone(),
            financial_impact: draft_rec.financial_impact.clone(),
            decision: draft_rec.decision,
            status: draft_rec.status,
            due: draft_rec.due,
            timetable: draft_rec.timetable.clone(),
            updates,
            draft: draft_rec.draft || draft,
            response: crate::model::Markdown(crate::model::bidi::strip(doc.body.clone())),
            extra: draft_rec.extra.clone(),
            file: doc.source.file.clone(),
            facts: Default::default(),
        };
        // Drafts are checked for errors only; published recommendations are also warned about.
        if !rec.draft && file_ok && opts.warnings {
            to_warn.push((doc, draft_rec, review.recommendations.len()));
        }
        if !rec.draft || opts.include_drafts {
            review.recommendations.push(rec);
        }
    }
    // Derived facts (status, overdue, placeholder text …), in parallel: they scan every
    // response. The warnings below read them.
    let date = review.date;
    review
        .recommendations
        .par_iter_mut()
        .for_each(|rec| rec.facts = derive::facts(rec, date, config, opts.today));
    // Accountability warnings, in parallel; unchanged recommendations reuse the last ones.
    let review_date = review.date.map(|d| d.human());
    let shared: &Cache = cache;
    let warned: Vec<(Vec<Diagnostic>, bool)> = to_warn
        .par_iter()
        .map(|(doc, draft, i)| {
            let cx = accountability::Context {
                doc,
                draft,
                rec: &review.recommendations[*i],
                config,
                review_date: review_date.clone(),
                review: review.date,
                today: opts.today,
            };
            match shared.cached_warnings(&cx) {
                Some(w) => (w, false),
                None => (accountability::recommendation(&cx), true),
            }
        })
        .collect();
    for ((doc, _, i), (w, fresh)) in to_warn.iter().zip(warned) {
        if fresh && !cache.transient {
            let entry = (
                (*doc).clone(),
                review.recommendations[*i].clone(),
                review_date.clone(),
                w.clone(),
            );
            cache.warnings.insert(doc.source.file.clone(), entry);
        }
        w.into_iter().for_each(|x| diags.push(x));
    }
    review
        .recommendations
        .sort_by(|a, b| a.number.cmp(&b.number));
    (!draft || opts.include_drafts).then_some(review)
}
