//! The site's statuses and decisions: the default set, overridden or replaced in site.yaml.

use super::status::{Answer, Decision, Progress, Status};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Term {
    pub key: &'static str,
    pub label: String,
    pub colour: String,
    /// Whether the status ends the work (statuses only).
    pub done: bool,
    /// What the term means to the derived facts (`done`, `paused`, `accepted`, …).
    pub means: &'static str,
    /// What the term stands for, e.g. a RAG rating's "achieved, monitoring no longer required".
    pub description: Option<String>,
}

/// At most this many statuses, and as many decisions: the search index keeps each in 3 bits.
pub const MAX_TERMS: usize = 8;

#[derive(Debug, Clone, PartialEq)]
pub struct Vocabulary {
    /// In the site's order (lists, charts and filters follow it).
    pub statuses: Vec<(Status, Term)>,
    /// In the site's order; always ends with, or contains, the not-recorded decision.
    pub decisions: Vec<(Decision, Term)>,
    /// False for a tracker of statuses only: no `decision` key, no decision shown.
    pub records_decisions: bool,
    fallback: Term,
}

impl Term {
    pub fn new(key: &'static str, label: &str, colour: &str) -> Term {
        Term {
            key,
            label: label.into(),
            colour: colour.into(),
            done: false,
            means: "",
            description: None,
        }
    }

    pub fn of_status(s: Status, label: &str, colour: &str) -> Term {
        Term {
            done: s.done(),
            means: s.means().key(),
            ..Term::new(s.key(), label, colour)
        }
    }

    pub fn of_decision(d: Decision, label: &str, colour: &str) -> Term {
        Term {
            means: d.means().key(),
            ..Term::new(d.key(), label, colour)
        }
    }
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary {
            statuses: Status::DEFAULTS
                .iter()
                .map(|(s, l, c)| (*s, Term::of_status(*s, l, c)))
                .collect(),
            decisions: Decision::DEFAULTS
                .iter()
                .map(|(d, l, c)| (*d, Term::of_decision(*d, l, c)))
                .collect(),
            records_decisions: true,
            fallback: Term::new("unknown", "Unknown", "#505a5f"),
        }
    }
}

impl Vocabulary {
    pub fn status(&self, s: Status) -> &Term {
        // Validation admits only the site's own statuses, so the fallback is never shown.
        self.statuses
            .iter()
            .find(|(k, _)| *k == s)
            .map_or(&self.fallback, |(_, t)| t)
    }

    pub fn decision(&self, d: Decision) -> &Term {
        self.decisions
            .iter()
            .find(|(k, _)| *k == d)
            .map_or(&self.fallback, |(_, t)| t)
    }

    /// The status a key (or label) written in content names, case-insensitively.
    pub fn parse_status(&self, text: &str) -> Option<Status> {
        find(&self.statuses, text)
    }

    pub fn parse_decision(&self, text: &str) -> Option<Decision> {
        find(&self.decisions, text)
    }

    /// The statuses in the site's order.
    pub fn status_order(&self) -> impl Iterator<Item = &Status> + Clone + '_ {
        self.statuses.iter().map(|(s, _)| s)
    }

    pub fn decision_order(&self) -> impl Iterator<Item = &Decision> + Clone + '_ {
        self.decisions.iter().map(|(d, _)| d)
    }

    /// Every term, statuses then decisions.
    pub fn terms(&self) -> impl Iterator<Item = &Term> + '_ {
        self.statuses
            .iter()
            .map(|(_, t)| t)
            .chain(self.decisions.iter().map(|(_, t)| t))
    }

    pub fn status_keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.statuses.iter().map(|(s, _)| s.key())
    }

    /// The decisions an editor may write (the not-recorded one is what leaving it out means).
    pub fn decision_keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.decisions
            .iter()
            .filter(|(d, _)| *d != Decision::NOT_RECORDED)
            .map(|(d, _)| d.key())
    }

    /// What a recommendation without a `status` has: the first not-started status, if the
    /// site has one (a RAG tracker has none, so each recommendation must give its rating).
    pub fn default_status(&self) -> Option<Status> {
        self.first_status(Progress::NotStarted)
    }

    pub fn first_status(&self, means: Progress) -> Option<Status> {
        self.statuses
            .iter()
            .map(|(s, _)| *s)
            .find(|s| s.means() == means)
    }

    pub fn first_decision(&self, means: Answer) -> Option<Decision> {
        self.decisions
            .iter()
            .map(|(d, _)| *d)
            .find(|d| d.means() == means)
    }

    /// Replace the whole set of statuses (site.yaml's list form).
    pub fn set_statuses(&mut self, terms: Vec<(Status, Term)>) {
        self.statuses = terms;
    }

    /// Replace the whole set of decisions; the not-recorded decision is kept, last, unless
    /// the site names one of its own meaning.
    pub fn set_decisions(&mut self, mut terms: Vec<(Decision, Term)>) {
        if !terms.iter().any(|(d, _)| *d == Decision::NOT_RECORDED) {
            let (d, l, c) = Decision::DEFAULTS[4];
            terms.push((d, Term::of_decision(d, l, c)));
        }
        self.decisions = terms;
    }

    /// A tracker of statuses only.
    pub fn no_decisions(&mut self) {
        self.set_decisions(Vec::new());
        self.records_decisions = false;
    }
}

fn find<K: Copy>(terms: &[(K, Term)], text: &str) -> Option<K> {
    let text = text.trim();
    terms
        .iter()
        .find(|(_, t)| t.key.eq_ignore_ascii_case(text))
        .or_else(|| {
            terms
                .iter()
                .find(|(_, t)| t.label.eq_ignore_ascii_case(text))
        })
        .map(|(k, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_by_key_or_label() {
        let v = Vocabulary::default();
        assert_eq!(v.parse_status("Completed"), Some(Status::COMPLETED));
        assert_eq!(v.parse_status("in-progress"), Some(Status::IN_PROGRESS));
        assert_eq!(v.parse_status("done"), None);
        assert_eq!(v.default_status(), Some(Status::NOT_STARTED));
        assert_eq!(v.decision_keys().count(), 4);
    }

    #[test]
    fn a_tracker_without_decisions_keeps_only_not_recorded() {
        let mut v = Vocabulary::default();
        v.no_decisions();
        assert_eq!(v.decisions.len(), 1);
        assert_eq!(v.decision_keys().count(), 0);
        assert_eq!(v.parse_decision("accepted"), None);
    }
}
