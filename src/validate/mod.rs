//! `validate`: turn loaded files into the typed model, reporting every error and
//! accountability warning with its file, line and column.

pub mod accountability;
pub mod addresses;
mod cache;
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
pub use cache::{Cache, Fresh};
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

/// Build the site from what was loaded, all at once (authoring and tests; the pipeline goes
/// folder by folder with [`review_folder`]). The site holds everything that was valid; the
/// diagnostics hold every problem (errors mean the site must not be published).
pub fn validate(loaded: &Loaded, opts: &Options) -> (Site, Diagnostics) {
    let (config, mut diags) = site_config(loaded.config.as_ref());
    let cache = Cache::none();
    let validated: Vec<Validated> = loaded
        .reviews
        .par_iter()
        .map(|files| review_folder(files, &config, opts, &cache).0)
        .collect();
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

/// One review folder validated, reusing what `cache` holds from the previous run (the
/// preview; [`Cache::none`] holds nothing). Returns the review with what was wrong in it, and
/// what the cache should keep of this run ([`Cache::keep`]).
pub fn review_folder(
    files: &crate::load::ReviewFiles,
    config: &Config,
    opts: &Options,
    cache: &Cache,
) -> (Validated, Fresh) {
    let mut fresh = cache.fresh(files);
    if let Some(reused) = cache.reviewed(files, opts) {
        return (reused, fresh);
    }
    let mut d = Diagnostics::new();
    let made = review(files, config, opts, &mut d, cache, &mut fresh).map(Arc::new);
    let d = d.into_vec();
    fresh.reviewed(files, opts, &made, &d);
    ((made, d), fresh)
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

fn review(
    files: &crate::load::ReviewFiles,
    config: &Config,
    opts: &Options,
    diags: &mut Diagnostics,
    cache: &Cache,
    fresh: &mut Fresh,
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
    let drafts = cache.drafts(&files.recommendations, fresh);
    // Recommendations to warn about: (document, fields, index in the review).
    let mut to_warn: Vec<(&Arc<Document>, content::RecDraft, usize)> = Vec::new();
    for (doc, (mut draft_rec, d)) in files.recommendations.iter().zip(drafts) {
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
            match cache.cached_warnings(&cx) {
                Some(w) => (w, false),
                None => (accountability::recommendation(&cx), true),
            }
        })
        .collect();
    for ((doc, _, i), (w, new)) in to_warn.iter().zip(warned) {
        if new {
            let rec = &review.recommendations[*i];
            fresh.warned(doc, rec, &review_date, &w);
        }
        w.into_iter().for_each(|x| diags.push(x));
    }
    review
        .recommendations
        .sort_by(|a, b| a.number.cmp(&b.number));
    (!draft || opts.include_drafts).then_some(review)
}
