//! What changed since the previous render, so the preview can skip pages whose inputs are the
//! same without even building their context.

use crate::model::{RecRef, Review, Site};
use crate::render::pages::Job;

/// Per review and per recommendation: equal to the previous render's?
pub struct Changes {
    /// Nothing at all changed.
    pub nothing: bool,
    /// The review and every recommendation in it are unchanged.
    review_same: Vec<bool>,
    /// The review's own facts and themes are unchanged (its recommendations may not be).
    review_meta_same: Vec<bool>,
    rec_same: Vec<Vec<bool>>,
}

/// Everything of a review but its recommendations (and its file's path, which no page shows).
/// Written as a full destructuring so that a field added to `Review` must be placed here.
fn meta_equal(a: &Review, b: &Review) -> bool {
    let Review {
        slug,
        title,
        committee,
        date,
        reported_to,
        summary,
        closed,
        closed_reason,
        sources,
        introduction,
        themes,
        recommendations: _,
        gone,
        file: _,
    } = a;
    *slug == b.slug
        && *title == b.title
        && *committee == b.committee
        && *date == b.date
        && *reported_to == b.reported_to
        && *summary == b.summary
        && *closed == b.closed
        && *closed_reason == b.closed_reason
        && *sources == b.sources
        && *introduction == b.introduction
        && *themes == b.themes
        && *gone == b.gone
}

/// The same people under the same names and addresses: every card links its people by the
/// name and address their page has, so a card can be kept only while those stay the same
/// (a new spelling elsewhere can change the name shown; a new person, an address).
fn same_people(a: &Site, b: &Site) -> bool {
    a.people.len() == b.people.len()
        && a.people
            .iter()
            .zip(&b.people)
            .all(|(x, y)| x.slug == y.slug && x.name == y.name && x.spellings == y.spellings)
}

impl Changes {
    /// `None` when nothing can be reused (first render, or the site's shape changed).
    pub fn between(prev: Option<&Site>, site: &Site) -> Option<Changes> {
        let prev = prev?;
        if prev.config != site.config
            || prev.today != site.today
            || prev.reach != site.reach
            || prev.reviews.len() != site.reviews.len()
            || !same_people(prev, site)
        {
            return None;
        }
        let mut c = Changes {
            nothing: true,
            review_same: Vec::new(),
            review_meta_same: Vec::new(),
            rec_same: Vec::new(),
        };
        for (a, b) in prev.reviews.iter().zip(&site.reviews) {
            // The preview keeps an unchanged review as the same shared value.
            if std::sync::Arc::ptr_eq(a, b) {
                c.review_same.push(true);
                c.review_meta_same.push(true);
                c.rec_same.push(vec![true; b.recommendations.len()]);
                continue;
            }
            if a.slug != b.slug {
                return None;
            }
            let meta = meta_equal(a, b);
            let same_count = a.recommendations.len() == b.recommendations.len();
            let recs: Vec<bool> = b
                .recommendations
                .iter()
                .enumerate()
                .map(|(i, r)| same_count && a.recommendations.get(i) == Some(r))
                .collect();
            let all = meta && same_count && recs.iter().all(|x| *x);
            c.nothing &= all;
            c.review_same.push(all);
            c.review_meta_same.push(meta);
            c.rec_same.push(recs);
        }
        c.nothing &= prev.people == site.people;
        Some(c)
    }

    /// For Markdown: `Some(true)` when the review and all its recommendations are unchanged,
    /// `Some(false)` when only the review's own texts are, `None` when those changed too.
    pub fn review_unchanged(&self, ri: usize) -> Option<bool> {
        if *self.review_same.get(ri)? {
            Some(true)
        } else if *self.review_meta_same.get(ri)? {
            Some(false)
        } else {
            None
        }
    }

    fn rec(&self, r: RecRef) -> bool {
        self.rec_same
            .get(r.review)
            .and_then(|v| v.get(r.rec))
            .copied()
            .unwrap_or(false)
    }

    /// Is this recommendation (and its review's facts) unchanged? Used for data records.
    pub fn rec_unchanged(&self, r: RecRef) -> bool {
        self.review_meta_same
            .get(r.review)
            .copied()
            .unwrap_or(false)
            && self.rec(r)
    }

    /// Can this page be reused as it was, without building its context?
    pub fn unchanged(&self, job: &Job) -> bool {
        if self.nothing {
            return true;
        }
        let review = |ri: usize| self.review_same.get(ri).copied().unwrap_or(false);
        match *job {
            // A recommendation page shows its neighbours' numbers and titles too.
            Job::Rec(r) => {
                let prev_ok = r.rec == 0
                    || self.rec(RecRef {
                        review: r.review,
                        rec: r.rec - 1,
                    });
                let next = RecRef {
                    review: r.review,
                    rec: r.rec + 1,
                };
                let next_ok = self
                    .rec_same
                    .get(r.review)
                    .is_none_or(|v| r.rec + 1 >= v.len())
                    || self.rec(next);
                self.rec_unchanged(r) && prev_ok && next_ok
            }
            Job::Review(ri)
            | Job::Report(ri)
            | Job::Theme(ri, _)
            | Job::ReviewStatus(ri, _)
            | Job::Changes(ri)
            | Job::ChangesFeed(ri) => review(ri),
            // Site-wide pages: their context is built and compared.
            _ => false,
        }
    }
}
