//! Signatures of the site-wide list pages, so the preview can tell that a page is unchanged
//! without building its context.
//!
//! A list page shows counts over its whole list and the cards of one slice of it. Its
//! signature hashes what those depend on: for every recommendation in the list, the facts the
//! counts read (hashed once per list, [`ListFacts`]); for the slice, each recommendation's
//! *generation* (a number that changes whenever the recommendation or its review's facts
//! change, see `Cache` in `render`); and the list's length (pagination). Everything else a list page shows comes from the site's
//! configuration and the templates, which invalidate every page when they change.

use crate::model::{RecRef, Recommendation, Site};
use crate::render::lists::Lists;
use crate::render::pages::{Job, PAGE_SIZE};
use std::hash::{Hash, Hasher};

/// The facts `Counts::in_vocabulary` reads.
fn count_facts(rec: &Recommendation, h: &mut impl Hasher) {
    (
        rec.current_status(),
        rec.decision,
        rec.facts.done,
        rec.facts.overdue,
        rec.facts.awaiting_response,
        rec.facts.stale,
        rec.facts.no_target_date,
    )
        .hash(h);
}

fn slice<T>(all: &[T], page: usize) -> &[T] {
    let start = (page * PAGE_SIZE).min(all.len());
    &all[start..(start + PAGE_SIZE).min(all.len())]
}

/// What every page of a list shares: a hash of the counting facts of the whole list. Made once
/// per render, so a list's pages cost their slice each, not the whole list each.
#[derive(Default)]
pub struct ListFacts {
    by_status: std::collections::BTreeMap<crate::model::Status, u64>,
    flagged: std::collections::BTreeMap<crate::model::flags::Flag, u64>,
    /// By person, in `site.people` order: what they own, in which role, and its counting facts.
    people: Vec<u64>,
}

fn facts_of<'a>(site: &Site, refs: impl IntoIterator<Item = &'a RecRef>) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    for r in refs {
        count_facts(site.rec(*r), &mut h);
    }
    h.finish()
}

impl ListFacts {
    pub fn of(site: &Site, lists: &Lists) -> ListFacts {
        ListFacts {
            by_status: lists
                .by_status
                .iter()
                .map(|(s, refs)| (*s, facts_of(site, refs)))
                .collect(),
            flagged: lists
                .flagged
                .iter()
                .map(|(f, refs)| (*f, facts_of(site, refs)))
                .collect(),
            people: site
                .people
                .iter()
                .map(|p| {
                    let mut h = rustc_hash::FxHasher::default();
                    (&p.owns, facts_of(site, p.owns.iter().map(|(r, _)| r))).hash(&mut h);
                    h.finish()
                })
                .collect(),
        }
    }
}

/// The signature of a site-wide page, or `None` for pages that are always built (the home
/// page) or judged otherwise (a review's pages, by comparing the review).
pub fn of(
    job: &Job,
    site: &Site,
    lists: &Lists,
    facts: &ListFacts,
    generation: &dyn Fn(RecRef) -> u64,
) -> Option<u64> {
    let mut h = rustc_hash::FxHasher::default();
    std::mem::discriminant(job).hash(&mut h);
    let list = |refs: &[RecRef], facts: u64, page: usize, h: &mut rustc_hash::FxHasher| {
        (page, refs.len(), facts).hash(h);
        for r in slice(refs, page) {
            (r, generation(*r)).hash(h);
        }
    };
    match *job {
        Job::Status(s, page) => {
            s.hash(&mut h);
            // The links to the other statuses show their counts.
            for refs in lists.by_status.values() {
                refs.len().hash(&mut h);
            }
            list(
                &lists.by_status.get(&s)?[..],
                *facts.by_status.get(&s)?,
                page,
                &mut h,
            );
        }
        Job::Flagged(flag, page) => {
            flag.hash(&mut h);
            // The links to the other lists show their counts.
            for refs in lists.flagged.values() {
                refs.len().hash(&mut h);
            }
            list(
                &lists.flagged.get(&flag)?[..],
                *facts.flagged.get(&flag)?,
                page,
                &mut h,
            );
        }
        Job::Person(pi, page) => {
            let p = site.people.get(pi)?;
            (&p.slug, &p.name, page, p.owns.len(), facts.people.get(pi)?).hash(&mut h);
            for (r, _) in slice(&p.owns, page) {
                generation(*r).hash(&mut h);
            }
        }
        Job::People => {
            for (p, f) in site.people.iter().zip(&facts.people) {
                (&p.slug, &p.name, f).hash(&mut h);
            }
            // The recommendations that name no one, with their cards.
            lists.unassigned.len().hash(&mut h);
            for r in &lists.unassigned {
                (r, generation(*r)).hash(&mut h);
            }
        }
        Job::Updates(page) => {
            (page, lists.updates.len()).hash(&mut h);
            for (r, i) in slice(&lists.updates, page) {
                (r, i, generation(*r)).hash(&mut h);
            }
        }
        Job::Search | Job::Accessibility | Job::NotFound => {}
        Job::Home
        | Job::Choice(..)
        | Job::Alias(..)
        | Job::All
        | Job::Feeds
        | Job::Review(_)
        | Job::Report(_)
        | Job::Theme(..)
        | Job::Rec(_)
        | Job::ReviewStatus(..)
        | Job::ReviewFlagged(..)
        | Job::Changes(_)
        | Job::ChangesFeed(_) => return None,
    }
    Some(h.finish())
}
