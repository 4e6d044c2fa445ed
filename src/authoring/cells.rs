//! Reading single spreadsheet cells: decisions and statuses as plans write them, dates in a
//! timetable, and a short title from the recommendation's words.

use crate::model::{Answer, Decision, PartialDate, Progress, Status, Vocabulary};

fn key_form(s: &str) -> String {
    s.trim()
        .trim_end_matches('.')
        .to_lowercase()
        .replace([' ', '_'], "-")
}

/// A decision key or label ("Accepted", "partially accepted", "Agreed"), in the default set.
pub fn decision(cell: &str) -> Option<Decision> {
    decision_in(cell, &Vocabulary::default())
}

/// A decision as a plan writes it, in the site's set: its own key or label, else a word
/// plans use for what one of its decisions means ("Yes", "In part", "Noted").
pub fn decision_in(cell: &str, vocab: &Vocabulary) -> Option<Decision> {
    let k = key_form(cell);
    if let Some(d) = vocab
        .parse_decision(&k)
        .or_else(|| vocab.parse_decision(cell))
    {
        return Some(d);
    }
    let means = match k.as_str() {
        "agreed" | "approved" | "yes" | "accept" | "accepted" => Answer::Accepted,
        "partially-agreed"
        | "partly-accepted"
        | "partly-agreed"
        | "accepted-in-part"
        | "agreed-in-part"
        | "in-part"
        | "partial"
        | "partially-accepted"
        | "agreed-in-principle"
        | "in-principle"
        | "accepted-in-principle" => Answer::PartlyAccepted,
        "noted" | "note" => Answer::Noted,
        "not-agreed" | "rejected" | "declined" | "no" | "not-approved" | "not-accepted" => {
            Answer::Rejected
        }
        "awaiting" | "pending" | "awaiting-decision" | "no-response" | "awaiting-response" => {
            Answer::Awaiting
        }
        _ => return None,
    };
    vocab.first_decision(means)
}

/// A status key or label ("In progress", "Complete", "On-going"), in the default set.
pub fn status(cell: &str) -> Option<Status> {
    status_in(cell, &Vocabulary::default())
}

/// A status as a plan writes it, in the site's set: its own key or label ("Green"), else a
/// word plans use for what one of its statuses means ("Complete", "Actioned", "On-going").
pub fn status_in(cell: &str, vocab: &Vocabulary) -> Option<Status> {
    let k = key_form(cell);
    if let Some(s) = vocab.parse_status(&k).or_else(|| vocab.parse_status(cell)) {
        return Some(s);
    }
    let means = match k.as_str() {
        "complete" | "completed" | "done" | "implemented" | "achieved" | "actioned" => {
            Progress::Done
        }
        "on-going" | "ongoing" | "continuing" => Progress::Ongoing,
        "started" | "underway" | "under-way" | "in-hand" | "in-progress" => Progress::Active,
        "not-yet-started" | "planned" | "not-started" => Progress::NotStarted,
        "not-proceeding-with" | "not-proceeding" | "withdrawn" | "not-progressed" => {
            Progress::NotProceeding
        }
        "paused" | "on-hold" => Progress::Paused,
        _ => return None,
    };
    vocab.first_status(means).or_else(|| match means {
        Progress::Ongoing => vocab.first_status(Progress::Active),
        _ => None,
    })
}

/// Yes or no ("Yes", "true", "N").
pub fn yes_no(cell: &str) -> Option<bool> {
    match key_form(cell).as_str() {
        "yes" | "y" | "true" => Some(true),
        "no" | "n" | "false" => Some(false),
        _ => None,
    }
}

fn month(word: &str) -> Option<u8> {
    crate::model::date::month_of_word(word).and_then(|m| u8::try_from(m).ok())
}

fn year(word: &str) -> Option<u16> {
    let w = word.trim_end_matches([',', '.']);
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
}

fn day(word: &str) -> Option<u8> {
    let w = word.to_lowercase();
    let w = w
        .trim_end_matches(',')
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th");
    (!w.is_empty() && w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
}

/// A timetable cell that is a date: "2023-10", "October 2023", "12 October 2023",
/// "31/10/2023" (day first, as in the UK), "By end of June 2024". `None` for anything else
/// ("Throughout June", "Cabinet – 12 October 2011", "ongoing").
pub fn timetable_date(cell: &str) -> Option<PartialDate> {
    let t = cell.trim().trim_end_matches('.');
    let lower = t.to_lowercase();
    let mut rest = t;
    for prefix in ["by the end of ", "by end of ", "end of ", "by "] {
        if lower.starts_with(prefix) {
            rest = &t[prefix.len()..];
            break;
        }
    }
    if let Ok(d) = PartialDate::parse(rest) {
        return Some(d);
    }
    let words: Vec<&str> = rest.split_whitespace().collect();
    let ymd = |y: u16, m: u8, d: Option<u8>| -> Option<PartialDate> {
        let text = match d {
            Some(d) => format!("{y:04}-{m:02}-{d:02}"),
            None => format!("{y:04}-{m:02}"),
        };
        PartialDate::parse(&text).ok()
    };
    match words.as_slice() {
        [m, y] => ymd(year(y)?, month(m)?, None),
        [d, m, y] => ymd(year(y)?, month(m)?, Some(day(d)?)),
        [one] => {
            let nums: Vec<&str> = one.split(['/', '.']).collect();
            match nums.as_slice() {
                [d, m, y] if y.len() == 4 => ymd(year(y)?, m.parse().ok()?, Some(day(d)?)),
                [m, y] if y.len() == 4 && m.len() <= 2 => ymd(year(y)?, m.parse().ok()?, None),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A short title from the recommendation: its first sentence, without a leading "To" or "That",
/// at most about 70 characters (cut at a word or a clause, never on a comma, with "…").
pub fn title_from(recommendation: &str) -> String {
    let first_line = recommendation.trim().lines().next().unwrap_or("").trim();
    let mut sentence = first_line;
    for sep in [". ", "; ", "? ", "! "] {
        if let Some(i) = sentence.find(sep) {
            sentence = &sentence[..i];
        }
    }
    let sentence = sentence
        .trim_end_matches(['.', ':', ';', ',', ' '])
        .trim_start_matches(['#', '>', '*', '-', ' ']);
    // A committee's "That the council …" and "To review …" are how a recommendation is moved,
    // not what it is about.
    let opening = ["To ", "That "]
        .iter()
        .find_map(|p| sentence.strip_prefix(p));
    let sentence = match opening {
        Some(rest) if !rest.is_empty() => {
            let mut c = rest.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        }
        _ => sentence.to_string(),
    };
    const MAX: usize = 70;
    if sentence.chars().count() <= MAX {
        return sentence;
    }
    // A long sentence reads best cut at its first clause, if that is long enough to mean something.
    if let Some(i) = sentence
        .find(", ")
        .filter(|i| (20..=MAX).contains(&sentence[..*i].chars().count()))
    {
        return sentence[..i].to_string();
    }
    let mut out = String::new();
    for word in sentence.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > MAX {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = sentence.chars().take(MAX).collect();
    }
    format!("{}…", out.trim_end_matches([',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    proptest::proptest! {
        #[test]
        fn never_panics(cell in "\\PC{0,80}") {
            let _ = timetable_date(&cell);
            let _ = decision(&cell);
            let _ = status(&cell);
            proptest::prop_assert!(title_from(&cell).chars().count() <= 71);
        }
    }
}
