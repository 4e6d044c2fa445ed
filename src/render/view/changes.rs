//! A recommendation's change record for templates: each change dated, with its commit and its
//! edits as sentences; a prose edit with its difference, long unchanged stretches shortened.

use super::{date, DateView};
use crate::model::history::{Change, Edit, Words, WordsKind};
use crate::model::PartialDate;
use serde::Serialize;

#[derive(Serialize, Clone)]
pub(crate) struct ChangeView {
    pub(crate) date: DateView,
    /// The commit's short id; `None` for an edit not yet committed (the preview).
    pub(crate) commit: Option<String>,
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

/// Words of unchanged text shown on each side of an edit; a longer stretch is shortened to
/// this much at each end, with "…" between.
const CONTEXT_WORDS: usize = 12;

pub(crate) fn change_view(c: &Change) -> ChangeView {
    ChangeView {
        date: date(&PartialDate::from_date(c.date)),
        commit: c.commit.clone(),
        edits: c.edits.iter().map(edit_view).collect(),
    }
}

pub(crate) fn change_views(changes: &[Change]) -> Vec<ChangeView> {
    changes.iter().map(change_view).collect()
}

fn edit_view(e: &Edit) -> EditView {
    let words = match e {
        Edit::Prose { words, .. } => shortened(words),
        _ => Vec::new(),
    };
    EditView {
        sentence: e.sentence(),
        words,
    }
}

/// The difference with unchanged stretches cut to [`CONTEXT_WORDS`] at the ends that touch an
/// edit.
fn shortened(words: &[Words]) -> Vec<WordsView> {
    let last = words.len().saturating_sub(1);
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let text = if w.kind == WordsKind::Same {
                cut(&w.text, i > 0, i < last)
            } else {
                w.text.clone()
            };
            WordsView {
                kind: w.kind.key(),
                text,
            }
        })
        .collect()
}

/// `text` kept at its start (`head`: an edit comes before it) and its end (`tail`: one
/// comes after), `…` for the rest.
fn cut(text: &str, head: bool, tail: bool) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let keep = CONTEXT_WORDS * (usize::from(head) + usize::from(tail));
    if words.len() <= keep + 1 {
        return text.to_string();
    }
    let start = if head {
        words[..CONTEXT_WORDS].join(" ")
    } else {
        String::new()
    };
    let end = if tail {
        words[words.len() - CONTEXT_WORDS..].join(" ")
    } else {
        String::new()
    };
    match (head, tail) {
        (true, true) => format!("{start} … {end}"),
        (true, false) => format!("{start} …"),
        _ => format!("… {end}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_unchanged_text_is_cut_around_the_edit() {
        let long = (1..=40)
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let before = format!("{long} ");
        let end: Vec<String> = (30..=40).map(|n| n.to_string()).collect();
        assert_eq!(cut(&before, false, true), format!("… {} ", end.join(" ")));
        assert!(cut(&before, true, false).ends_with("12 …"));
        assert_eq!(cut("a b c", true, true), "a b c");
    }
}
