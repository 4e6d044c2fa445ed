//! A recommendation's change record for templates: each change dated, with its commit and its
//! edits as sentences; a prose edit with its difference, long unchanged stretches shortened.

use super::{date, DateView};
use crate::model::history::{Change, Edit};
use crate::model::PartialDate;
use serde::Serialize;

#[derive(Serialize, Clone)]
pub(crate) struct ChangeView {
    pub(crate) date: DateView,
    /// The commit's short id; `None` for an edit not yet committed (the preview).
    pub(crate) commit: Option<String>,
    /// The change's id on the record's page (`change-<commit>`, `change-uncommitted`), where
    /// the Recent changes page links for its difference.
    pub(crate) anchor: String,
    pub(crate) edits: Vec<EditView>,
}

#[derive(Serialize, Clone)]
pub(crate) struct EditView {
    pub(crate) sentence: String,
    /// For a prose edit: the text with deletions and insertions marked.
    pub(crate) words: Vec<WordsView>,
}

#[derive(Serialize, Clone)]
pub(crate) struct WordsView {
    pub(crate) kind: &'static str,
    pub(crate) text: String,
}

pub(crate) fn change_view(c: &Change) -> ChangeView {
    ChangeView {
        date: date(&PartialDate::from_date(c.date)),
        commit: c.commit.clone(),
        anchor: format!("change-{}", c.commit.as_deref().unwrap_or("uncommitted")),
        edits: c.edits.iter().map(edit_view).collect(),
    }
}

pub(crate) fn change_views(changes: &[Change]) -> Vec<ChangeView> {
    changes.iter().map(change_view).collect()
}

fn edit_view(e: &Edit) -> EditView {
    let words = match e {
        Edit::Prose { words, .. } => words
            .iter()
            .map(|w| WordsView {
                kind: w.kind.key(),
                text: w.text.clone(),
            })
            .collect(),
        _ => Vec::new(),
    };
    EditView {
        sentence: e.sentence(),
        words,
    }
}
