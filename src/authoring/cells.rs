//! Reading single spreadsheet cells: decisions and statuses as plans write them, dates in a
//! timetable, and a short title from the recommendation's words.

use crate::model::{Decision, PartialDate, Vocabulary};

use crate::model::words::key_form;
pub use crate::model::words::{
    decision, decision_in, decision_word, is_status_label, status, status_in, status_word,
};

/// The decision a text opens with: "Agreed. A review will …", "Not agreed at this time",
/// "Yes – subject to funding". The opening words (up to three, before any punctuation) must be
/// a decision; with `short_words: false` a bare "Yes" or "No" does not count (a response may
/// open "No further action …").
pub fn leading_decision(
    text: &str,
    short_words: bool,
    vocab: &Vocabulary,
) -> Option<(Decision, String)> {
    let head = text
        .trim()
        .split(['.', ',', ';', ':', '-', '–', '—', '(', '\n'])
        .next()
        .unwrap_or("");
    let words: Vec<&str> = head.split_whitespace().collect();
    (1..=words.len().min(4)).rev().find_map(|n| {
        let opening = words[..n].join(" ");
        let short = matches!(key_form(&opening).as_str(), "yes" | "no" | "y" | "n");
        if short && !short_words {
            return None;
        }
        decision_word(&opening, vocab).map(|d| (d, opening))
    })
}

/// A number as a plan labels it, without the punctuation around it: "a)" and "(i)" are `a`
/// and `i`, "3." is `3`; anything else ("SR (25/26) 01", "2b", "SC18") is kept as written.
pub fn number_label(cell: &str) -> String {
    let t = cell.trim();
    let inner = t
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .filter(|r| !r.contains(['(', ')']));
    let t = match inner {
        Some(r) => r,
        None if !t.contains('(') => t.trim_end_matches(')'),
        None => t,
    };
    t.trim_end_matches('.').trim().to_string()
}

/// A cell that says there is nothing: empty, or only a dash ("-", "–", "—").
pub fn is_blank(cell: &str) -> bool {
    cell.trim().chars().all(|c| matches!(c, '-' | '–' | '—'))
}

/// Yes or no ("Yes", "true", "N").
pub fn yes_no(cell: &str) -> Option<bool> {
    match key_form(cell).as_str() {
        "yes" | "y" | "true" => Some(true),
        "no" | "n" | "false" => Some(false),
        _ => None,
    }
}

/// A timetable cell that is a date ([`crate::model::date::as_written`]).
pub fn timetable_date(cell: &str) -> Option<PartialDate> {
    crate::model::date::as_written(cell)
}

/// Words that end a title badly when it is cut short ("Review the provision of…").
const WEAK_ENDINGS: &[&str] = &[
    "a", "about", "across", "all", "an", "and", "any", "are", "as", "at", "be", "been", "between",
    "by", "each", "every", "for", "from", "her", "his", "in", "into", "is", "its", "of", "on",
    "or", "over", "per", "so", "than", "that", "the", "their", "these", "this", "those", "to",
    "under", "was", "were", "which", "who", "with", "within", "without",
];

/// A short title from the recommendation: its first sentence, without a leading "To" or "That",
/// at most about 70 characters, cut at a clause or between words (never inside a word, never
/// after a comma, semicolon or colon), with "…" when cut.
pub fn title_from(recommendation: &str) -> String {
    let sentence = first_sentence(recommendation);
    let sentence = without_opening(sentence);
    const MAX: usize = 70;
    if sentence.chars().count() <= MAX {
        return sentence;
    }
    // A long sentence reads best cut at its first clause, if that is long enough to mean something.
    if let Some(i) = sentence
        .find(", ")
        .filter(|i| (20..=MAX).contains(&sentence[..*i].chars().count()))
    {
        return tidy_end(&sentence[..i]).to_string();
    }
    let mut words: Vec<&str> = Vec::new();
    let mut len = 0;
    for word in sentence.split_whitespace() {
        let extra = word.chars().count() + usize::from(!words.is_empty());
        if !words.is_empty() && len + extra > MAX {
            break;
        }
        words.push(word);
        len += extra;
    }
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| WEAK_ENDINGS.contains(&tidy_end(w).to_lowercase().as_str()))
    {
        words.pop();
    }
    let cut = tidy_end(&words.join(" ")).to_string();
    if cut == sentence {
        cut
    } else {
        cut + "…"
    }
}

/// The recommendation's first sentence (of its first line), without list or heading marks.
fn first_sentence(recommendation: &str) -> &str {
    let first_line = recommendation.trim().lines().next().unwrap_or("").trim();
    let mut sentence = first_line;
    for sep in [". ", "; ", "? ", "! "] {
        if let Some(i) = sentence.find(sep) {
            sentence = &sentence[..i];
        }
    }
    tidy_end(sentence).trim_start_matches(['#', '>', '*', '-', ' '])
}

/// Without what a title must not end on: punctuation that leads on, spaces, an open bracket.
fn tidy_end(s: &str) -> &str {
    s.trim_end_matches(['.', ':', ';', ',', ' ', '-', '–', '—', '(', '/', '&'])
}

/// A committee's "That the council …" and "To review …" are how a recommendation is moved,
/// not what it is about: without them, and with a capital letter.
fn without_opening(sentence: &str) -> String {
    let opening = ["to ", "that "].iter().find_map(|p| {
        let head = sentence.get(..p.len())?;
        head.eq_ignore_ascii_case(p)
            .then(|| sentence[p.len()..].trim_start())
    });
    match opening {
        Some(rest) if !rest.is_empty() => {
            let mut c = rest.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        }
        _ => sentence.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Progress, Status};

    fn d(s: &str) -> Option<String> {
        timetable_date(s).map(|d| d.to_string())
    }

    #[test]
    fn timetables_that_are_dates() {
        assert_eq!(d("October 2023").as_deref(), Some("2023-10"));
        assert_eq!(d("Oct 2023").as_deref(), Some("2023-10"));
        assert_eq!(d("12th October 2023").as_deref(), Some("2023-10-12"));
        assert_eq!(d("31/10/2023").as_deref(), Some("2023-10-31"));
        assert_eq!(d("By end of June 2024").as_deref(), Some("2024-06"));
        assert_eq!(d("2024").as_deref(), Some("2024"));
        assert_eq!(d("2024-06-30").as_deref(), Some("2024-06-30"));
    }

    #[test]
    fn timetables_that_are_not_dates() {
        for t in [
            "Throughout June",
            "June/July",
            "throughout the Municipal year",
            "Cabinet – 12 October 2011",
            "31/02/2024",
            "Ongoing",
            "",
        ] {
            assert_eq!(d(t), None, "{t}");
        }
    }

    #[test]
    fn decisions_and_statuses_as_plans_write_them() {
        assert_eq!(
            decision("Partially Accepted"),
            Some(Decision::PARTIALLY_ACCEPTED)
        );
        assert_eq!(decision("Agreed."), Some(Decision::ACCEPTED));
        assert_eq!(decision("maybe"), None);
        assert_eq!(status("In Progress"), Some(Status::IN_PROGRESS));
        assert_eq!(status("Complete"), Some(Status::COMPLETED));
        assert_eq!(status("not_started"), Some(Status::NOT_STARTED));
    }

    #[test]
    fn titles_come_from_the_first_sentence() {
        assert_eq!(
            title_from("To continue regular meetings with the Kent Police Press Office"),
            "Continue regular meetings with the Kent Police Press Office"
        );
        assert_eq!(
            title_from("That Kent Police be requested to:\n\na. Promote"),
            "Kent Police be requested to"
        );
        let long = title_from("That the questions contained within the annual survey on town centre safety be reviewed, to ensure that the questions contained be used");
        assert!(long.ends_with('…') && long.chars().count() <= 71, "{long}");
        assert!(!long.starts_with("That") && !long.contains(",…"), "{long}");
    }

    #[test]
    fn spreadsheet_months_and_dashes() {
        assert_eq!(d("Mar-25").as_deref(), Some("2025-03"));
        assert_eq!(d("March-2025").as_deref(), Some("2025-03"));
        assert_eq!(d("March 2025").as_deref(), Some("2025-03"));
        assert_eq!(d("-"), None);
        assert!(is_blank(" - ") && is_blank("–") && is_blank(""));
        assert!(!is_blank("On-going"));
    }

    #[test]
    fn plan_words_for_decisions_and_statuses() {
        let v = Vocabulary::default();
        assert_eq!(
            decision_word("In part", &v),
            Some(Decision::PARTIALLY_ACCEPTED)
        );
        assert_eq!(
            decision_word("Agreed in principle", &v),
            Some(Decision::ACCEPTED)
        );
        assert_eq!(decision_word("Noted", &v), None);
        assert_eq!(status_word("Actioned.", &v), Some(Status::COMPLETED));
        assert_eq!(status_word("Pending", &v), Some(Status::NOT_STARTED));
        assert_eq!(status_word("On-going", &v), Some(Status::ONGOING));
        assert_eq!(status_word("Green", &v), None);
        let lead = |t: &str, short| leading_decision(t, short, &v).map(|(d, _)| d);
        assert_eq!(
            lead("Agreed. A review will report.", false),
            Some(Decision::ACCEPTED)
        );
        assert_eq!(
            lead("Not agreed at this time", false),
            Some(Decision::NOT_ACCEPTED)
        );
        assert_eq!(lead("No further action is needed", false), None);
        assert_eq!(
            lead("Yes – subject to funding", true),
            Some(Decision::ACCEPTED)
        );
        assert_eq!(lead("The council agreed", true), None);
        // A RAG tracker's own words, and plan words mapped to what its terms mean.
        let mut rag = Vocabulary::default();
        rag.set_statuses(vec![
            (
                Status::new("green", Progress::Done),
                crate::model::Term::new("green", "Green", "#00703c"),
            ),
            (
                Status::new("amber", Progress::Active),
                crate::model::Term::new("amber", "Amber", "#8a4b00"),
            ),
            (
                Status::new("paused", Progress::Paused),
                crate::model::Term::new("paused", "Paused", "#505a5f"),
            ),
        ]);
        assert_eq!(status_word("Green", &rag).map(Status::key), Some("green"));
        assert_eq!(
            status_word("Actioned.", &rag).map(Status::key),
            Some("green")
        );
        assert_eq!(
            status_word("On hold", &rag).map(Status::key),
            Some("paused")
        );
        assert_eq!(
            status_word("On-going", &rag).map(Status::key),
            Some("amber")
        );
    }

    #[test]
    fn labels_lose_their_punctuation() {
        assert_eq!(number_label("a)"), "a");
        assert_eq!(number_label("(i)"), "i");
        assert_eq!(number_label("3."), "3");
        assert_eq!(number_label("SR (25/26) 01"), "SR (25/26) 01");
        assert_eq!(number_label(" SC18 "), "SC18");
    }

    #[test]
    fn titles_never_end_mid_word_or_on_a_comma() {
        let t = title_from("That the Council reviews its CCTV provision, with the police and partners across the island and its town centres");
        assert_eq!(t, "The Council reviews its CCTV provision");
        let t = title_from("That the Council reviews its CCTV provision across the island and the town centres, with the police");
        assert_eq!(
            t,
            "The Council reviews its CCTV provision across the island and the town…"
        );
        let t = title_from("that officers write to every resident of the borough about the scheme and the changes to collections and the");
        assert!(
            t.starts_with("Officers write") && t.ends_with("about the scheme…"),
            "{t}"
        );
        let t = title_from(&format!("To {}", "x".repeat(90)));
        assert_eq!(t, "X".to_string() + &"x".repeat(89));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(cell in "\\PC{0,80}") {
            let _ = timetable_date(&cell);
            let _ = decision(&cell);
            let _ = status(&cell);
            let _ = number_label(&cell);
            let _ = leading_decision(&cell, true, &Vocabulary::default());
            let title = title_from(&cell);
            proptest::prop_assert!(![",…", ";…", ":…"].iter().any(|e| title.ends_with(e)), "{}", title);
            if title.split_whitespace().count() > 1 {
                proptest::prop_assert!(title.chars().count() <= 71, "{}", title);
            }
        }
    }
}
