//! Partial dates: council papers say "2024", "June 2024" or "2024-06-30".

use jiff::civil::Date;
use std::fmt;

/// A date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    year: i16,
    month: Option<i8>,
    day: Option<i8>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The month a word names ("June", "jun", "Sept.", "september,"), not one that merely starts
/// like one ("marketing", "mayor", "decide"): a full name, its first three letters, or "sept".
pub fn month_of_word(word: &str) -> Option<i8> {
    let w = word.trim_end_matches([',', '.']).to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .map(|m| m.to_lowercase())
        .position(|m| m.starts_with(&w) && (w.len() == 3 || w.len() == m.len() || w == "sept"))
        .map(|i| i as i8 + 1)
}

impl PartialDate {
    /// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(s: &str) -> Result<PartialDate, String> {
        let s = s.trim();
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize, what: &str| -> Result<i32, String> {
            if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "`{s}` is not a date: the {what} must be {len} digits"
                ));
            }
            p.parse::<i32>().map_err(|_| format!("`{s}` is not a date"))
        };
        let year = match parts.first() {
            Some(y) => num(y, 4, "year")?,
            None => return Err(format!("`{s}` is not a date")),
        };
        if !(1000..=9999).contains(&year) {
            return Err(format!("`{s}` is not a date: the year is out of range"));
        }
        let month = match parts.get(1) {
            Some(m) => {
                let m = num(m, 2, "month")?;
                if !(1..=12).contains(&m) {
                    return Err(format!("`{s}` is not a date: month {m} does not exist"));
                }
                Some(m as i8)
            }
            None => None,
        };
        let day = match parts.get(2) {
            Some(d) => {
                let d = num(d, 2, "day")?;
                let m = month.unwrap_or(1);
                if Date::new(year as i16, m, d as i8).is_err() {
                    return Err(format!(
                        "`{s}` is not a date: {} {} has no day {d}",
                        MONTHS[(m - 1) as usize],
                        year
                    ));
                }
                Some(d as i8)
            }
            None => None,
        };
        if parts.len() > 3 {
            return Err(format!("`{s}` is not a date"));
        }
        Ok(PartialDate {
            year: year as i16,
            month,
            day,
        })
    }

    pub fn from_date(d: Date) -> PartialDate {
        PartialDate {
            year: d.year(),
            month: Some(d.month()),
            day: Some(d.day()),
        }
    }

    pub fn year(&self) -> i16 {
        self.year
    }

    pub fn month(&self) -> Option<i8> {
        self.month
    }

    pub fn is_full(&self) -> bool {
        self.day.is_some()
    }

    /// The first day the date could mean.
    pub fn start(&self) -> Date {
        Date::new(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1)).unwrap_or(Date::MIN)
    }

    /// The last day the date could mean: "due 2024-06" is met on 30 June 2024.
    pub fn end(&self) -> Date {
        match (self.month, self.day) {
            (Some(m), Some(d)) => Date::new(self.year, m, d).unwrap_or(Date::MAX),
            (Some(m), None) => Date::new(self.year, m, 1)
                .map(|d| d.last_of_month())
                .unwrap_or(Date::MAX),
            _ => Date::new(self.year, 12, 31).unwrap_or(Date::MAX),
        }
    }

    /// For a human: "30 June 2024", "June 2024", "2024".
    pub fn human(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{} {} {}", d, MONTHS[(m - 1) as usize], self.year),
            (Some(m), None) => format!("{} {}", MONTHS[(m - 1) as usize], self.year),
            _ => self.year.to_string(),
        }
    }
}

impl fmt::Display for PartialDate {
    /// The ISO form it was written in, valid for `<time datetime>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The ISO form back (the change record kept between builds stores dates so).
impl<'de> serde::Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        PartialDate::parse(&s).map_err(serde::de::Error::custom)
    }
}

fn month(word: &str) -> Option<u8> {
    month_of_word(word).and_then(|m| u8::try_from(m).ok())
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

/// "Mar-25" (how a spreadsheet shows a month, `mmm-yy`) or "Mar-2025": (year, month). A
/// two-digit year is in this century.
fn month_dash_year(cell: &str) -> Option<(u16, u8)> {
    let (m, y) = cell.split_once('-')?;
    let month = month(m)?;
    let y = y.trim();
    let year = match y.len() {
        2 if y.bytes().all(|b| b.is_ascii_digit()) => 2000 + y.parse::<u16>().ok()?,
        _ => year(y)?,
    };
    Some((year, month))
}

/// One token as a date in figures, if it is one: day first as UK plans and people write it
/// (`31/03/2026`, `31.3.26`, `31-03-2026`, a two-digit year in this century), ISO
/// (`2026-03-31`, `2026-03`), or a month and year (`03/2026`). Not `2024/25` or `2024-25`, a
/// financial year. Surrounding punctuation is ignored (`31/03/2026.`).
pub fn in_figures(token: &str) -> Option<PartialDate> {
    let token = token.trim_matches(|c: char| !c.is_ascii_digit());
    let sep = token.chars().find(|c| !c.is_ascii_digit())?;
    let parts: Vec<&str> = token.split(sep).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let year = |y: &str| {
        match y.len() {
            4 => y.parse::<i16>().ok(),
            // "31/03/26": this century.
            2 => y.parse::<i16>().ok().map(|y| 2000 + y),
            _ => None,
        }
        .filter(|y| (1990..=2200).contains(y))
    };
    let num = |n: &str| (n.len() <= 2).then(|| n.parse::<i8>().ok()).flatten();
    let text = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => format!("{:04}-{:02}-{:02}", year(y)?, num(m)?, num(d)?),
        [d, m, y] => format!("{:04}-{:02}-{:02}", year(y)?, num(m)?, num(d)?),
        // "03/2026"; "2026-03" (ISO). Not "2024/25" or "2024-25", a financial year.
        [m, y] if y.len() == 4 && sep != '.' => format!("{:04}-{:02}", year(y)?, num(m)?),
        [y, m] if y.len() == 4 && sep == '-' => format!("{:04}-{:02}", year(y)?, num(m)?),
        _ => return None,
    };
    PartialDate::parse(&text).ok()
}

/// A date as plans and people write it (a timetable cell, a date typed by hand): "2023-10", "October 2023", "Mar-25", "12 October 2023",
/// "31/10/2023" (day first, as in the UK), "By end of June 2024". `None` for anything else
/// ("Throughout June", "Cabinet – 12 October 2011", "ongoing").
pub fn as_written(cell: &str) -> Option<PartialDate> {
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
    if let Some(d) = month_dash_year(rest) {
        return ymd(d.0, d.1, None);
    }
    match words.as_slice() {
        [m, y] => ymd(year(y)?, month(m)?, None),
        [d, m, y] => ymd(year(y)?, month(m)?, Some(day(d)?)),
        [one] => in_figures(one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A date typed as people write it is read as the timetable reads it: one reader of
    /// dates in figures for both.
    #[test]
    fn a_date_as_written_in_figures_reads_as_the_timetable_does() {
        for (t, want) in [
            ("31/03/2026", Some("2026-03-31")),
            ("31.3.26", Some("2026-03-31")),
            ("31-03-2026", Some("2026-03-31")),
            ("31/03/26", Some("2026-03-31")),
            ("03/2026", Some("2026-03")),
            ("By 31/03/2026", Some("2026-03-31")),
            ("2026-03-31", Some("2026-03-31")),
            ("2024/25", None),
            ("31/02/2026", None),
            ("3/4", None),
        ] {
            assert_eq!(as_written(t).map(|d| d.to_string()).as_deref(), want, "{t}");
        }
    }

    #[test]
    fn parses_year_month_and_day_precision() {
        assert_eq!(PartialDate::parse("2024").unwrap().to_string(), "2024");
        assert_eq!(PartialDate::parse("2024-06").unwrap().human(), "June 2024");
        assert_eq!(
            PartialDate::parse("2024-06-30").unwrap().human(),
            "30 June 2024"
        );
    }

    #[test]
    fn end_of_a_partial_date_is_the_last_day_it_covers() {
        assert_eq!(
            PartialDate::parse("2024-02").unwrap().end().to_string(),
            "2024-02-29"
        );
        assert_eq!(
            PartialDate::parse("2023").unwrap().end().to_string(),
            "2023-12-31"
        );
        assert_eq!(
            PartialDate::parse("2023-04").unwrap().start().to_string(),
            "2023-04-01"
        );
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        for bad in [
            "2023-02-30",
            "2023-13",
            "23-01-01",
            "2023/01/01",
            "June 2023",
            "",
            "2023-1-1",
            "2023-01-01-01",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad}");
        }
        assert!(PartialDate::parse("2023-02-30")
            .unwrap_err()
            .contains("February 2023 has no day 30"));
    }

    proptest! {
        #[test]
        fn parse_never_panics_and_round_trips(s in "\\PC{0,12}") {
            if let Ok(d) = PartialDate::parse(&s) {
                prop_assert_eq!(PartialDate::parse(&d.to_string()).unwrap(), d);
                prop_assert!(d.start() <= d.end());
            }
        }
    }
}
