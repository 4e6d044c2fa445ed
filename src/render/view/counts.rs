//! Counts by status, decision and flag, with a sentence for screen readers.

use super::*;
use crate::model::flags::Flag;
use crate::model::{Counts, Recommendation};
use crate::render::chart::{self, Segment};
use serde::Serialize;
use tera::Value;

#[derive(Serialize)]
pub(crate) struct StatusCount<'a> {
    pub(crate) key: &'a str,
    pub(crate) label: &'a str,
    pub(crate) colour: &'a str,
    pub(crate) count: usize,
    pub(crate) url: String,
    pub(crate) percent: f64,
    /// What the status stands for, when the site says (a RAG rating's meaning).
    pub(crate) description: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct DecisionCount<'a> {
    pub(crate) key: &'a str,
    pub(crate) label: &'a str,
    pub(crate) colour: &'a str,
    pub(crate) count: usize,
}

/// An "of which" count of a flag, linking to its list page where there is one.
#[derive(Serialize)]
pub(crate) struct FlagCount {
    pub(crate) key: &'static str,
    pub(crate) label: &'static str,
    pub(crate) counted: &'static str,
    pub(crate) count: usize,
    pub(crate) url: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct CountsView<'a> {
    pub(crate) total: usize,
    pub(crate) done: usize,
    pub(crate) overdue: usize,
    pub(crate) awaiting_response: usize,
    pub(crate) stale: usize,
    pub(crate) no_target_date: usize,
    pub(crate) no_decision: usize,
    pub(crate) closed_unfinished: usize,
    pub(crate) withdrawn: usize,
    pub(crate) flags: Vec<FlagCount>,
    pub(crate) by_status: Vec<StatusCount<'a>>,
    pub(crate) by_decision: Vec<DecisionCount<'a>>,
    pub(crate) sentence: String,
    pub(crate) chart_svg: String,
}

impl<'s> Views<'s> {
    /// The counts of a whole list, made once for all its pages: every page of a long list
    /// shows them, and counting the list again for each page was quadratic (at 50,000
    /// recommendations the site-wide status lists run to hundreds of pages). Two threads may
    /// both make the same counts; they are equal.
    pub(crate) fn list_counts(&self, list_url: &str, make: impl FnOnce() -> Value) -> Value {
        if let Some(v) = self
            .list_counts
            .lock()
            .ok()
            .and_then(|m| m.get(list_url).cloned())
        {
            return v;
        }
        let v = make();
        if let Ok(mut m) = self.list_counts.lock() {
            m.insert(list_url.to_string(), v.clone());
        }
        v
    }

    /// Counts with the chart and the sentence that is its text equivalent.
    pub(crate) fn counts<'a>(
        &self,
        recs: impl IntoIterator<Item = &'a Recommendation>,
        what: &str,
        status_url: impl Fn(&str) -> String,
        flag_url: impl Fn(Flag) -> Option<String>,
    ) -> Value {
        let c = Counts::in_vocabulary(recs, &self.site.config.vocabulary);
        let vocab = &self.site.config.vocabulary;
        let by_status: Vec<StatusCount> = c
            .by_status
            .iter()
            .map(|(s, n)| {
                let t = vocab.status(*s);
                StatusCount {
                    key: t.key,
                    label: &t.label,
                    colour: &t.colour,
                    count: *n,
                    url: status_url(t.key),
                    description: t.description.as_deref(),
                    percent: if c.total == 0 {
                        0.0
                    } else {
                        (1000.0 * *n as f64 / c.total as f64).round() / 10.0
                    },
                }
            })
            .collect();
        let by_decision = c
            .by_decision
            .iter()
            .map(|(d, n)| {
                let t = vocab.decision(*d);
                DecisionCount {
                    key: t.key,
                    label: &t.label,
                    colour: &t.colour,
                    count: *n,
                }
            })
            .collect();
        let sentence = sentence(&c, vocab, what);
        let segments: Vec<Segment> = by_status
            .iter()
            .map(|s| Segment {
                label: s.label,
                colour: s.colour,
                count: s.count,
            })
            .collect();
        let chart_svg = chart::stacked_bar(&sentence, &segments);
        let flags = Flag::ALL
            .iter()
            .map(|f| FlagCount {
                key: f.key(),
                label: f.label(),
                counted: f.counted(),
                count: c.flag(*f),
                url: flag_url(*f),
            })
            .collect();
        Value::from_serializable(&CountsView {
            total: c.total,
            done: c.done,
            overdue: c.flag(Flag::Overdue),
            awaiting_response: c.flag(Flag::Awaiting),
            stale: c.flag(Flag::Stale),
            no_target_date: c.flag(Flag::NoTargetDate),
            no_decision: c.flag(Flag::NoDecision),
            closed_unfinished: c.flag(Flag::ClosedUnfinished),
            withdrawn: c.flag(Flag::Withdrawn),
            flags,
            by_status,
            by_decision,
            sentence,
            chart_svg,
        })
    }
}

/// "15 recommendations: 3 completed, 9 in progress, 3 not started."
pub(crate) fn sentence(c: &Counts, vocab: &crate::model::Vocabulary, what: &str) -> String {
    if c.total == 0 {
        return format!("No recommendations {what}.");
    }
    let parts: Vec<String> = c
        .by_status
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {}", vocab.status(*s).label.to_lowercase()))
        .collect();
    let what = if what.is_empty() {
        String::new()
    } else {
        format!(" {what}")
    };
    let mut s = format!(
        "{} {}{what}: {}.",
        c.total,
        crate::diagnostics::plural(c.total, "recommendation"),
        parts.join(", ")
    );
    let flagged: Vec<String> = Flag::ALL
        .iter()
        .filter(|f| c.flag(**f) > 0)
        .map(|f| format!("{} {}", c.flag(*f), f.counted()))
        .collect();
    if !flagged.is_empty() {
        s.push_str(&format!(" Of these: {}.", flagged.join(", ")));
    }
    s
}
