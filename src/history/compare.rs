//! Two versions of a recommendation compared as a resident reads them: the published fields
//! (from the field table, so a site's declared fields are compared too), in words; and the
//! changes a resident would question when no update explains them.

use super::text;
use crate::model::field::{FieldValue, Kind};
use crate::model::history::{Edit, Words, WordsKind};
use crate::model::{
    Answer, Config, Decision, PartialDate, Progress, Recommendation, Status, Theme, Update,
};

/// What one commit did to one recommendation.
#[derive(Debug, Default)]
pub struct Compared {
    pub edits: Vec<Edit>,
    /// It added an update (which has its own dated place on the page, and can explain the rest).
    pub added_update: bool,
}

/// The published differences from `old` to `new`, in the order of the fields. Whitespace and
/// YAML comments never count: values are compared as the site shows them.
pub fn compare(
    old: &Recommendation,
    new: &Recommendation,
    config: &Config,
    themes: &[Theme],
) -> Compared {
    let mut out = Compared::default();
    for field in config.fields.iter() {
        if !field.shown.published() || matches!(field.kind, Kind::Aliases | Kind::Flag) {
            continue;
        }
        let label = field.label;
        match field.kind {
            Kind::Updates => updates(&old.updates, &new.updates, &mut out),
            Kind::Markdown | Kind::Body => {
                let (a, b) = (prose(field.value(old)), prose(field.value(new)));
                out.edits.extend(prose_edit(label, a, b));
            }
            _ => {
                let a = shown(field.value(old), config, themes);
                let b = shown(field.value(new), config, themes);
                if a != b {
                    out.edits.push(Edit::Changed {
                        label: label.to_string(),
                        from: a,
                        to: b,
                    });
                }
            }
        }
    }
    out
}

/// Text with its runs of white space made one space, trimmed.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn prose(v: FieldValue<'_>) -> &str {
    match v {
        FieldValue::Text(t) => t,
        _ => "",
    }
}

/// A prose field's edit, unless the two texts differ only in white space.
pub fn prose_edit(label: &str, old: &str, new: &str) -> Option<Edit> {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    if a == b {
        return None;
    }
    Some(Edit::Prose {
        label: label.to_string(),
        words: words(&a, &b),
    })
}

/// A value as a resident reads it; `None` when not given.
fn shown(v: FieldValue, config: &Config, themes: &[Theme]) -> Option<String> {
    let text = match v {
        FieldValue::Absent => return None,
        FieldValue::Text(t) => squeeze(t),
        FieldValue::Names(n) => n
            .iter()
            .map(|x| squeeze(x))
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        FieldValue::Date(d) => d.human(),
        FieldValue::Theme(slug) => themes
            .iter()
            .find(|t| t.slug == *slug)
            .map_or_else(|| slug.as_str().to_string(), |t| t.title.clone()),
        FieldValue::Decision(d) if d.means() == Answer::NotRecorded => return None,
        FieldValue::Decision(d) => config.vocabulary.decision(d).label.clone(),
        FieldValue::Status(s) => config.vocabulary.status(s).label.clone(),
        FieldValue::Flag(b) => if b { "yes" } else { "no" }.into(),
        FieldValue::Updates(_) => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// Updates matched by date (and order within a date): an edited or removed one is an edit; an
/// added one is not (it has its own dated place on the page).
fn updates(old: &[Update], new: &[Update], out: &mut Compared) {
    let (a, b) = (by_date(old), by_date(new));
    for (date, was) in &a {
        let now = b.get(date).map_or(&[][..], |v| &v[..]);
        for (i, u) in was.iter().enumerate() {
            match now.get(i) {
                Some(n) if same_update(u, n) => {}
                Some(_) => out.edits.push(Edit::UpdateEdited(*date)),
                None => out.edits.push(Edit::UpdateRemoved(*date)),
            }
        }
    }
    out.added_update = b
        .iter()
        .any(|(date, now)| now.len() > a.get(date).map_or(0, Vec::len));
}

/// Updates by date, oldest first within a date, so the n-th update of a day is the same one in
/// both versions.
fn by_date(list: &[Update]) -> std::collections::BTreeMap<PartialDate, Vec<&Update>> {
    let mut m: std::collections::BTreeMap<PartialDate, Vec<&Update>> = Default::default();
    for u in list.iter().rev() {
        m.entry(u.date).or_default().push(u);
    }
    m
}

fn same_update(a: &Update, b: &Update) -> bool {
    a.status == b.status
        && a.due == b.due
        && squeeze(&a.note.0) == squeeze(&b.note.0)
        && a.links == b.links
}

/// A prose field's difference, word by word (runs of the same kind joined), from its words
/// before and after (white space between words is one space).
pub fn words(a: &[&str], b: &[&str]) -> Vec<Words> {
    // The words both share at the start and the end are one unchanged run each: only the
    // middle is compared (an edit is usually a sentence in a long response).
    let (head, tail) = text::same_ends(a, b);
    let mut out: Vec<Words> = Vec::new();
    let mut push = |kind: WordsKind, text: &str| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(text),
            _ => out.push(Words {
                kind,
                text: text.to_string(),
            }),
        }
    };
    let joined = |w: &[&str]| w.join(" ");
    let (mid_a, mid_b) = (
        joined(&a[head..a.len() - tail]),
        joined(&b[head..b.len() - tail]),
    );
    if head > 0 {
        push(WordsKind::Same, &(joined(&a[..head]) + " "));
    }
    let diff = similar::TextDiff::from_words(&mid_a, &mid_b);
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            similar::ChangeTag::Equal => WordsKind::Same,
            similar::ChangeTag::Delete => WordsKind::Deleted,
            similar::ChangeTag::Insert => WordsKind::Inserted,
        };
        push(kind, change.value());
    }
    if tail > 0 {
        push(
            WordsKind::Same,
            &(" ".to_string() + &joined(&a[a.len() - tail..])),
        );
    }
    // A long unchanged stretch is kept only around the edits: that is what a resident reads
    // (and what is kept, on every page and between builds, is no more than that).
    let last = out.len().saturating_sub(1);
    for (i, w) in out.iter_mut().enumerate() {
        if w.kind == WordsKind::Same {
            if let Some(short) = cut(&w.text, i > 0, i < last) {
                w.text = short;
            }
        }
    }
    out
}

/// Words of unchanged text kept on each side of an edit; a longer stretch is shortened to
/// this much at each end, with "…" between.
const CONTEXT_WORDS: usize = 12;

/// `text` kept at its start (`head`: an edit comes before it) and its end (`tail`: one
/// comes after), `…` for the rest.
fn cut(text: &str, head: bool, tail: bool) -> Option<String> {
    // Counted and cut in place: the unchanged text is most of a long response.
    let keep = CONTEXT_WORDS * (usize::from(head) + usize::from(tail));
    let words = text.bytes().filter(|b| *b == b' ').count() + 1;
    if words <= keep + 1 {
        return None;
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
    Some(match (head, tail) {
        (true, true) => format!("{start} … {end}"),
        (true, false) => format!("{start} …"),
        _ => format!("… {end}"),
    })
}

/// A change a resident would question when no update explains it.
#[derive(Debug, Clone, PartialEq)]
pub struct Questioned {
    /// The front-matter key to point at.
    pub key: &'static str,
    pub what: String,
}

/// The front-matter key a stored question points at, as [`Questioned::key`] has it.
pub fn key_named(name: &str) -> Option<&'static str> {
    ["due", "decision", "status", "updates"]
        .into_iter()
        .find(|k| *k == name)
}

/// What in `old` → `new` moved the wrong way: the target date later, the decision or the
/// status backwards (by what they mean, so a site's own vocabulary is judged the same way).
pub fn questioned(old: &Recommendation, new: &Recommendation, config: &Config) -> Vec<Questioned> {
    let due = |r: &Recommendation| r.updates.iter().find_map(|u| u.due).or(r.due);
    let status = |r: &Recommendation| r.updates.iter().find_map(|u| u.status).unwrap_or(r.status);
    let (a, b) = (status(old), status(new));
    let status_key = if new.updates.iter().any(|u| u.status == Some(b)) {
        "updates"
    } else {
        "status"
    };
    [
        due_later(due(old), due(new)),
        decision_back(old.decision, new.decision, config),
        status_back(a, b, status_key, config),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The target date moved later.
pub fn due_later(a: Option<PartialDate>, b: Option<PartialDate>) -> Option<Questioned> {
    let (a, b) = (a?, b?);
    (b.end() > a.end()).then(|| Questioned {
        key: "due",
        what: format!(
            "target date moved later from {} to {}",
            a.human(),
            b.human()
        ),
    })
}

/// The decision moved back (accepted → partly accepted → noted → rejected); no decision yet
/// is no step.
pub fn decision_back(a: Decision, b: Decision, config: &Config) -> Option<Questioned> {
    let rank = |a: Answer| match a {
        Answer::Accepted => Some(3),
        Answer::PartlyAccepted => Some(2),
        Answer::Noted => Some(1),
        Answer::Rejected => Some(0),
        Answer::Awaiting | Answer::NotRecorded => None,
    };
    let (x, y) = (rank(a.means())?, rank(b.means())?);
    let v = &config.vocabulary;
    (y < x).then(|| Questioned {
        key: "decision",
        what: format!(
            "decision moved back from {} to {}",
            v.decision(a).label,
            v.decision(b).label
        ),
    })
}

/// The status moved back (done → under way → not started); paused and not proceeding are no
/// step either way.
pub fn status_back(a: Status, b: Status, key: &'static str, config: &Config) -> Option<Questioned> {
    let rank = |p: Progress| match p {
        Progress::NotStarted => Some(0),
        Progress::Active | Progress::Ongoing => Some(1),
        Progress::Done => Some(2),
        Progress::Paused | Progress::NotProceeding => None,
    };
    let (x, y) = (rank(a.means())?, rank(b.means())?);
    let v = &config.vocabulary;
    (y < x).then(|| Questioned {
        key,
        what: format!(
            "status moved back from {} to {}",
            v.status(a).label,
            v.status(b).label
        ),
    })
}

/// One top-level value changed (`key: old` → `key: new`, found by text): its edit and what
/// a resident would question, read as the site reads the values. `None` when the key or a
/// value needs the whole file read (a field of another kind, a value the site would refuse).
pub fn one_value(
    key: &str,
    (old, new): (&str, &str),
    (old_front, new_front): (&str, &str),
    config: &Config,
) -> Option<(Vec<Edit>, Vec<Questioned>)> {
    let field = config.fields.get(key)?;
    let blank = |v: &str| v.trim().is_empty();
    if !field.shown.published()
        || field.store_is_extra()
        || (field.required && (blank(old) || blank(new)))
    {
        return None;
    }
    let v = &config.vocabulary;
    // Each value as shown, and what it means for the questions.
    let mut questions = Vec::new();
    let (from, to) = match field.kind {
        Kind::Text => (
            (!blank(old)).then(|| squeeze(old)),
            (!blank(new)).then(|| squeeze(new)),
        ),
        Kind::Date => {
            let date = |s: &str| -> Option<Option<PartialDate>> {
                if blank(s) {
                    Some(None)
                } else {
                    PartialDate::parse(s).ok().map(Some)
                }
            };
            let (a, b) = (date(old)?, date(new)?);
            if key == "due"
                && !text::updates_set(old_front, "due:")
                && !text::updates_set(new_front, "due:")
            {
                questions.extend(due_later(a, b));
            }
            (a.map(|d| d.human()), b.map(|d| d.human()))
        }
        Kind::Status => {
            let (a, b) = (v.parse_status(old)?, v.parse_status(new)?);
            if !text::updates_set(old_front, "status:") && !text::updates_set(new_front, "status:")
            {
                questions.extend(status_back(a, b, "status", config));
            }
            (
                Some(v.status(a).label.clone()),
                Some(v.status(b).label.clone()),
            )
        }
        Kind::Decision => {
            let (a, b) = (v.parse_decision(old)?, v.parse_decision(new)?);
            questions.extend(decision_back(a, b, config));
            let shown = |d: Decision| {
                (d.means() != Answer::NotRecorded).then(|| v.decision(d).label.clone())
            };
            (shown(a), shown(b))
        }
        _ => return None,
    };
    let edits = if from == to {
        Vec::new()
    } else {
        vec![Edit::Changed {
            label: field.label.to_string(),
            from,
            to,
        }]
    };
    Some((edits, questions))
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
        assert_eq!(
            cut(&before, false, true),
            Some(format!("… {} ", end.join(" ")))
        );
        let start: Vec<String> = (1..=12).map(|n| n.to_string()).collect();
        assert_eq!(
            cut(&before, true, false),
            Some(format!("{} …", start.join(" ")))
        );
        assert_eq!(
            cut(&before, true, true),
            Some(format!("{} … {} ", start.join(" "), end.join(" ")))
        );
        assert_eq!(cut("a b c", true, true), None);
        // In a difference: the unchanged start and end around an inserted sentence.
        let old: Vec<String> = (1..=40).map(|n| n.to_string()).collect();
        let mut new = old.clone();
        new.insert(20, "inserted".into());
        let (a, b): (Vec<&str>, Vec<&str>) = (
            old.iter().map(String::as_str).collect(),
            new.iter().map(String::as_str).collect(),
        );
        let w = words(&a, &b);
        let texts: Vec<(&str, &str)> = w.iter().map(|w| (w.kind.key(), w.text.as_str())).collect();
        assert_eq!(
            texts,
            [
                ("same", "… 10 11 12 13 14 15 16 17 18 19 20 "),
                ("inserted", "inserted"),
                ("same", " 21 22 23 24 25 26 27 28 29 30 31 …"),
            ]
        );
    }

    fn split_words(old: &str, new: &str) -> Vec<Words> {
        let a: Vec<&str> = old.split_whitespace().collect();
        let b: Vec<&str> = new.split_whitespace().collect();
        words(&a, &b)
    }

    #[test]
    fn words_mark_what_was_deleted_and_inserted() {
        let w = split_words(
            "The plan will be ready in May.",
            "The plan will be ready in June.",
        );
        let kinds: Vec<_> = w.iter().map(|x| (x.kind, x.text.as_str())).collect();
        assert_eq!(
            kinds,
            vec![
                (WordsKind::Same, "The plan will be ready in "),
                (WordsKind::Deleted, "May."),
                (WordsKind::Inserted, "June."),
            ]
        );
    }

    #[test]
    fn words_added_at_the_end_or_the_start_are_one_run() {
        let kinds = |w: Vec<Words>| -> Vec<(WordsKind, String)> {
            w.into_iter().map(|x| (x.kind, x.text)).collect()
        };
        assert_eq!(
            kinds(split_words(
                "The plan is ready.",
                "The plan is ready. It was agreed."
            )),
            vec![
                (WordsKind::Same, "The plan is ready. ".to_string()),
                (WordsKind::Inserted, "It was agreed.".to_string()),
            ]
        );
        assert_eq!(
            kinds(split_words("plan ready", "The plan ready")),
            vec![
                (WordsKind::Inserted, "The".to_string()),
                (WordsKind::Same, " plan ready".to_string()),
            ]
        );
    }

    #[test]
    fn white_space_is_not_an_edit() {
        assert_eq!(squeeze("  a\n  b \t c "), "a b c");
    }
}
