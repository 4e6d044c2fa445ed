//! Reading a plan's timetable as a target date. Plans word their timetables as officers
//! speak ("Throughout June", "June/July", "throughout the Municipal year", "Cabinet – 12
//! October 2011"); when a recommendation has no `due` date, the timetable is the only promise
//! the plan makes, and a site that ignored it would never call such an item late. A `due`
//! date always wins over the timetable.
//!
//! The rules, for a timetable without a `due`:
//! - A year in the text (`2024`) is the year meant; a day before a month name makes the
//!   date precise to the day.
//! - A date in figures is read day first, as UK plans write it (`31/03/2026`, `31.3.26`,
//!   `31-03-2026`), or as an ISO date (`2026-03-31`); a month and year in figures (`03/2026`)
//!   is that month. Read as words, such a date would leave only its year, and a target of
//!   "2026" would not be late until the year was out.
//! - A month or season without a year is read against the review's date (the plan's own
//!   year): a month earlier than the review's month means the next year.
//! - Of several months ("June/July", "April to June") the latest is the target.
//! - Seasons end with their last month: spring May, summer August, autumn November, winter
//!   the following February.
//! - "The municipal year" (May to April) ends at the end of the April after the review.
//! - Anything else ("Ongoing", "Completed", "As soon as possible") gives no date.

use super::PartialDate;

/// A target date read from a timetable, and whether its year came from the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Implied {
    pub due: PartialDate,
    /// The year was not written in the timetable: it is the plan's own year.
    pub year_from_review: bool,
}

/// Seasons by the month they end in; winter ends in the following February.
const SEASONS: [(&str, i8); 5] = [
    ("spring", 5),
    ("summer", 8),
    ("autumn", 11),
    ("fall", 11),
    ("winter", 14),
];

/// The target date `timetable` promises, read against the review's date.
pub fn implied_due(timetable: &str, review: Option<PartialDate>) -> Option<Implied> {
    let (figures, rest) = in_figures(timetable);
    // The words are read without the dates in figures, whose year alone would otherwise
    // stand for the whole date.
    let in_words = in_words(&rest, review);
    let Some(figures) = figures else {
        return in_words;
    };
    // The later of the two, as of several months named: a month in words may come after a
    // date in figures ("31/03/2026, then the autumn"), or be its year read again.
    let later = match in_words {
        Some(w) if w.due.end() > figures.end() => w,
        _ => Implied {
            due: figures,
            year_from_review: false,
        },
    };
    Some(later)
}

/// The latest date written in figures (day first or ISO, or a month and year), and the text
/// with each such date blanked out where it stands.
fn in_figures(text: &str) -> (Option<PartialDate>, String) {
    let mut rest = String::with_capacity(text.len());
    let mut latest: Option<PartialDate> = None;
    let mut start = None;
    let part = |c: char| c.is_ascii_digit() || matches!(c, '/' | '.' | '-');
    // Each run of digits and separators is one token; the end of the text closes the last.
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if part(c) && i < text.len() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            let token = &text[s..i];
            match super::date::in_figures(token) {
                Some(d) => {
                    rest.push(' ');
                    latest = Some(latest.map_or(d, |l| if d.end() > l.end() { d } else { l }));
                }
                None => rest.push_str(token),
            }
        }
        if i < text.len() {
            rest.push(c);
        }
    }
    (latest, rest)
}

/// The target date a timetable in words promises.
fn in_words(timetable: &str, review: Option<PartialDate>) -> Option<Implied> {
    let lower = timetable.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let year = written_year(&words);
    let Some((month, at)) = latest_month(&words) else {
        return without_month(year, review, lower.contains("municipal year"));
    };
    let (mut y, year_from_review) = match year {
        Some(y) => (y, false),
        None => {
            let review = review?;
            let mut y = review.year();
            // A month before the review's month is next year's.
            if let Some(rm) = review.month() {
                if month.min(12) < rm {
                    y = y.checked_add(1)?;
                }
            }
            (y, true)
        }
    };
    let mut m = month;
    if m > 12 {
        m -= 12;
        y = y.checked_add(1)?;
    }
    let text = match day_before(&words, at).filter(|_| month <= 12) {
        Some(d) => format!("{y:04}-{m:02}-{d:02}"),
        None => format!("{y:04}-{m:02}"),
    };
    let due = PartialDate::parse(&text)
        .or_else(|_| PartialDate::parse(&format!("{y:04}-{m:02}")))
        .ok()?;
    Some(Implied {
        due,
        year_from_review,
    })
}

/// The latest year written in the timetable (a plausible one).
fn written_year(words: &[&str]) -> Option<i16> {
    words
        .iter()
        .filter(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|w| w.parse::<i16>().ok())
        .filter(|y| (1990..=2200).contains(y))
        .max()
}

/// The latest month or season named: (month counted from January of the year meant, possibly
/// more than 12 for a winter, and the index of its word).
fn latest_month(words: &[&str]) -> Option<(i8, usize)> {
    let mut latest: Option<(i8, usize)> = None;
    for (i, w) in words.iter().enumerate() {
        let month = super::date::month_of_word(w)
            .or_else(|| SEASONS.iter().find(|(name, _)| w == name).map(|(_, m)| *m));
        if let Some(month) = month {
            if latest.is_none_or(|(m, _)| month >= m) {
                latest = Some((month, i));
            }
        }
    }
    latest
}

/// A timetable that names no month: the end of the municipal year, or a bare year.
fn without_month(
    year: Option<i16>,
    review: Option<PartialDate>,
    municipal: bool,
) -> Option<Implied> {
    if municipal {
        // The municipal year ends at the end of the April after the review.
        let base = year.or(review.map(|r| r.year()))?;
        let due = PartialDate::parse(&format!("{:04}-04", base.checked_add(1)?)).ok()?;
        return Some(Implied {
            due,
            year_from_review: year.is_none(),
        });
    }
    let y = year?;
    Some(Implied {
        due: PartialDate::parse(&format!("{y:04}")).ok()?,
        year_from_review: false,
    })
}

/// A day number just before the month name ("12 October 2011", "12th October").
fn day_before(words: &[&str], at: usize) -> Option<i8> {
    at.checked_sub(1)
        .and_then(|i| words.get(i))
        .and_then(|w| {
            w.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h'])
                .parse::<i8>()
                .ok()
        })
        .filter(|d| (1..=31).contains(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn due(timetable: &str, review: &str) -> Option<String> {
        implied_due(timetable, PartialDate::parse(review).ok()).map(|i| i.due.to_string())
    }

    #[test]
    fn the_example_plans_timetables() {
        assert_eq!(
            due("Throughout June", "2023-04").as_deref(),
            Some("2023-06")
        );
        assert_eq!(due("June/July", "2023-04").as_deref(), Some("2023-07"));
        assert_eq!(
            due("throughout the Municipal year", "2023-04").as_deref(),
            Some("2024-04")
        );
        assert_eq!(due("October 2023", "2023-04").as_deref(), Some("2023-10"));
    }

    #[test]
    fn years_days_seasons_and_the_turn_of_the_year() {
        assert_eq!(
            due("Cabinet – 12 October 2011", "2011-06").as_deref(),
            Some("2011-10-12")
        );
        assert_eq!(
            due("By end of March", "2023-04").as_deref(),
            Some("2024-03")
        );
        assert_eq!(due("Summer", "2023-04").as_deref(), Some("2023-08"));
        assert_eq!(due("Winter", "2023-04").as_deref(), Some("2024-02"));
        assert_eq!(
            due("April to June 2025", "2023-04").as_deref(),
            Some("2025-06")
        );
        assert_eq!(due("Sept", "2023-04").as_deref(), Some("2023-09"));
        assert_eq!(due("2025", "2023-04").as_deref(), Some("2025"));
    }

    #[test]
    fn dates_in_figures_are_read_day_first_or_as_iso() {
        for (t, want) in [
            ("31/03/2026", "2026-03-31"),
            ("By 31.3.26", "2026-03-31"),
            ("31-03-2026", "2026-03-31"),
            ("2026-03-31", "2026-03-31"),
            ("Report to Cabinet 5/11/2024.", "2024-11-05"),
            ("03/2026", "2026-03"),
            ("2026-03", "2026-03"),
            ("1/4/2025 to 30/9/2025", "2025-09-30"),
            ("31/03/2026, then autumn 2026", "2026-11"),
        ] {
            assert_eq!(due(t, "2023-04").as_deref(), Some(want), "{t}");
        }
        // Not dates: an impossible day, a financial year, a count.
        assert_eq!(due("31/02/2026", "2023-04").as_deref(), Some("2026"));
        assert_eq!(due("2024/25", "2023-04").as_deref(), Some("2024"));
        assert_eq!(due("2024-25", "2023-04").as_deref(), Some("2024"));
        assert_eq!(due("3/4 of the work", "2023-04"), None);
    }

    /// Each date in figures is blanked where it stands: a token before it that holds the same
    /// characters (`11/4/20255` holds `1/4/2025`) is left as it is, and so is the reading.
    #[test]
    fn a_date_in_figures_is_blanked_where_it_stands() {
        let (date, rest) = in_figures("ref 11/4/20255 then 1/4/2025 done");
        assert_eq!(date.map(|d| d.to_string()).as_deref(), Some("2025-04-01"));
        assert_eq!(rest, "ref 11/4/20255 then   done");
        let (date, rest) = in_figures("31/03/2026");
        assert_eq!(date.map(|d| d.to_string()).as_deref(), Some("2026-03-31"));
        assert_eq!(rest, " ");
        assert_eq!(in_figures("Café – June"), (None, "Café – June".to_string()));
    }

    #[test]
    fn words_that_are_not_dates_give_none() {
        for t in [
            "Ongoing",
            "Completed",
            "As soon as possible",
            "Marketing plan",
            "Mayor's office",
            "-",
        ] {
            assert_eq!(due(t, "2023-04"), None, "{t}");
        }
        assert_eq!(due("June", ""), None, "no review date, no year");
        let i = implied_due("June/July", PartialDate::parse("2023-04").ok()).unwrap();
        assert!(i.year_from_review);
    }
}
