//! Labels, colours and done-ness of statuses and decisions; defaults overridable in site.yaml.

use super::status::{Decision, Status};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Term {
    pub key: &'static str,
    pub label: String,
    pub colour: String,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Vocabulary {
    pub statuses: BTreeMap<Status, Term>,
    pub decisions: BTreeMap<Decision, Term>,
}

impl Default for Vocabulary {
    fn default() -> Self {
        let statuses = Status::ALL
            .iter()
            .map(|s| {
                (
                    *s,
                    Term {
                        key: s.key(),
                        label: s.default_label().into(),
                        colour: s.default_colour().into(),
                        done: s.default_done(),
                    },
                )
            })
            .collect();
        let decisions = Decision::ALL
            .iter()
            .map(|d| {
                (
                    *d,
                    Term {
                        key: d.key(),
                        label: d.default_label().into(),
                        colour: d.default_colour().into(),
                        done: false,
                    },
                )
            })
            .collect();
        Vocabulary {
            statuses,
            decisions,
        }
    }
}

impl Vocabulary {
    pub fn status(&self, s: Status) -> &Term {
        // Every status is in the map by construction (Default fills all of them).
        &self.statuses[&s]
    }

    pub fn decision(&self, d: Decision) -> &Term {
        &self.decisions[&d]
    }

    pub fn is_done(&self, s: Status) -> bool {
        self.status(s).done
    }
}
