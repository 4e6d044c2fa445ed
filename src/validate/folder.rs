//! One review folder made into a review: the review itself, its themes, its recommendations
//! (each number once), their derived facts and their accountability warnings.

use super::{accountability, addresses, content, Cache, Fresh, Options, Validated};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::load::document::Document;
use crate::load::ReviewFiles;
use crate::model::derive;
use crate::model::{Config, Number, Recommendation, Review, Slug};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// One review folder validated, reusing what `cache` holds from the previous run (the
/// preview; [`Cache::none`] holds nothing). Returns the review with what was wrong in it, and
/// what the cache should keep of this run ([`Cache::keep`]).
pub fn review_folder(
    files: &ReviewFiles,
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

fn review(
    files: &ReviewFiles,
    config: &Config,
    opts: &Options,
    diags: &mut Diagnostics,
    cache: &Cache,
    fresh: &mut Fresh,
) -> Option<Review> {
    let (mut review, draft) = review_itself(files, diags);
    let drafts = cache.drafts(&files.recommendations, config, fresh);
    let to_warn = recommendations(files, &mut review, draft, drafts, opts, diags);
    // Derived facts (status, overdue, placeholder text …), in parallel: they scan every
    // response. The warnings read them.
    let mut recs = std::mem::take(&mut review.recommendations);
    recs.par_iter_mut()
        .for_each(|rec| rec.facts = derive::facts(rec, &review, config, opts.today));
    review.recommendations = recs;
    warn(&review, &to_warn, config, opts, cache, fresh, diags);
    review
        .recommendations
        .sort_by(|a, b| a.number.cmp(&b.number));
    (!draft || opts.include_drafts).then_some(review)
}

/// The review from `_review.md` (a placeholder titled by its folder when that is missing),
/// whether it is a draft, and its themes in order.
fn review_itself(files: &ReviewFiles, diags: &mut Diagnostics) -> (Review, bool) {
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
                file: dir.join("_review.md"),
                ..Review::default()
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
    (review, draft)
}

/// A recommendation to warn about: its document, its fields, and its index in the review.
type ToWarn<'f> = (&'f Arc<Document>, content::RecDraft, usize);

/// The review's recommendations, each number (and address) once. Returns the published ones
/// whose files have no errors, to warn about once their facts are known.
fn recommendations<'f>(
    files: &'f ReviewFiles,
    review: &mut Review,
    draft: bool,
    drafts: Vec<(content::RecDraft, Vec<Diagnostic>)>,
    opts: &Options,
    diags: &mut Diagnostics,
) -> Vec<ToWarn<'f>> {
    let mut numbers = Numbers::default();
    let mut to_warn = Vec::new();
    for (doc, (mut draft_rec, d)) in files.recommendations.iter().zip(drafts) {
        // A file with errors gets no accountability warnings: they would be about the
        // defaults that replaced the broken values, not about what the file says.
        let mut file_ok = !d.iter().any(|x| x.is_error());
        d.into_iter().for_each(|x| diags.push(x));
        let Some((number, slug)) = numbers.admit(doc, &draft_rec, &files.dir, diags) else {
            continue;
        };
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
        let mut rec = recommendation(doc, &mut draft_rec, number, slug, theme, draft);
        // An update dated after today is not published until its day (as a site generator
        // holds back a post dated in the future): counted now, a status written ahead of time
        // ("completed" next month) would take a late recommendation off the overdue list
        // today. `check` and `build` warn about it.
        rec.updates.retain(|u| u.date.start() <= opts.today);
        // Drafts are checked for errors only; published recommendations are also warned about.
        if !rec.draft && file_ok && opts.warnings {
            to_warn.push((doc, draft_rec, review.recommendations.len()));
        }
        if !rec.draft || opts.include_drafts {
            review.recommendations.push(rec);
        }
    }
    to_warn
}

/// The numbers and addresses taken so far in a review.
#[derive(Default)]
struct Numbers {
    seen: HashMap<Number, (PathBuf, Position)>,
    slugs: HashMap<Slug, PathBuf>,
}

impl Numbers {
    /// The recommendation's number and address, unless it has none or another file has it.
    fn admit(
        &mut self,
        doc: &Document,
        draft_rec: &content::RecDraft,
        dir: &str,
        diags: &mut Diagnostics,
    ) -> Option<(Number, Slug)> {
        let number = draft_rec.number.clone()?;
        if let Some((first, pos)) = self.seen.get(&number) {
            diags.push(doc.locate(
                Diagnostic::error(&doc.source.file, draft_rec.number_pos, format!("duplicate number `{}` in review `{}`", number.text, dir))
                    .with_related(format!("first used in {}:{}:{}", first.display(), pos.line, pos.column))
                    .with_hint("every recommendation in a review needs its own number; renumber one of the two files"),
            ));
            return None;
        }
        self.seen.insert(
            number.clone(),
            (doc.source.file.clone(), draft_rec.number_pos),
        );
        let slug = number.slug();
        if let Some(other) = self.slugs.get(&slug) {
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
            return None;
        }
        self.slugs.insert(slug.clone(), doc.source.file.clone());
        Some((number, slug))
    }
}

/// One recommendation file read on its own, outside its review (an earlier version of the
/// file, from the site's history): `None` when it has errors or no number. Its theme is the
/// slug as written; its facts are not derived.
pub fn lone_recommendation(doc: &Document, config: &Config) -> Option<Recommendation> {
    let (mut draft_rec, d) = content::recommendation(doc, config);
    if d.iter().any(|x| x.is_error()) {
        return None;
    }
    let number = draft_rec.number.clone()?;
    let slug = number.slug();
    let theme = draft_rec
        .theme
        .take()
        .map(|(name, _)| Slug::from_text(&name));
    Some(recommendation(
        doc,
        &mut draft_rec,
        number,
        slug,
        theme,
        false,
    ))
}

/// The model's recommendation from a file's fields (facts are derived later).
fn recommendation(
    doc: &Document,
    draft_rec: &mut content::RecDraft,
    number: Number,
    slug: Slug,
    theme: Option<Slug>,
    review_draft: bool,
) -> Recommendation {
    let mut updates: Vec<_> = draft_rec.updates.iter().map(|(u, _)| u.clone()).collect();
    derive::sort_updates(&mut updates);
    Recommendation {
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
        draft: draft_rec.draft || review_draft,
        withdrawn: draft_rec.withdrawn,
        withdrawn_reason: draft_rec.withdrawn_reason.clone(),
        aliases: draft_rec.aliases.clone(),
        alias_at: draft_rec.alias_at.clone(),
        response: crate::model::Markdown(crate::model::bidi::strip(doc.body.clone())),
        extra: draft_rec.extra.clone(),
        file: doc.source.file.clone(),
        facts: Default::default(),
        changes: Vec::new(),
    }
}

/// Accountability warnings, in parallel; unchanged recommendations reuse the last ones.
fn warn(
    review: &Review,
    to_warn: &[ToWarn],
    config: &Config,
    opts: &Options,
    cache: &Cache,
    fresh: &mut Fresh,
    diags: &mut Diagnostics,
) {
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
}
