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
    // Counted and cut in place: the unchanged text is most of a long response, on every page
    // that shows the change.
    let keep = CONTEXT_WORDS * (usize::from(head) + usize::from(tail));
    let words = text.bytes().filter(|b| *b == b' ').count() + 1;
    if words <= keep + 1 {
        return text.to_string();
    }
    let start = if head {
        let end = text.match_indices(' ').nth(CONTEXT_WORDS - 1);
        &text[..end.map_or(text.len(), |(i, _)| i)]
    } else {
        ""
    };
    let end = if tail {
        let begin = text.rmatch_indices(' ').nth(CONTEXT_WORDS - 1);
        &text[begin.map_or(0, |(i, _)| i + 1)..]
    } else {
        ""
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
        let start: Vec<String> = (1..=12).map(|n| n.to_string()).collect();
        assert_eq!(cut(&before, true, false), format!("{} …", start.join(" ")));
        assert_eq!(
            cut(&before, true, true),
            format!("{} … {} ", start.join(" "), end.join(" "))
        );
        assert_eq!(cut("a b c", true, true), "a b c");
    }
}
