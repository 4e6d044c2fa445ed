//! Writing review, theme and recommendation files in the content format, with values quoted so
//! they read back exactly (see [`yamlout`](super::yamlout)).

use super::yamlout::{block_value, scalar, text_value};
use crate::model::{Decision, PartialDate, Status};
use std::fmt::Write as _;

/// How much to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Every key, empty where unknown, with a short comment on what goes there (`new`).
    Scaffold,
    /// Only what is known (`import`); the people lists are always written.
    Known,
}

/// One dated update, as `scrutiny update` and `import` write it.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateSpec {
    pub date: PartialDate,
    pub status: Option<Status>,
    pub due: Option<PartialDate>,
    pub note: String,
    /// (title, url)
    pub links: Vec<(String, String)>,
}

/// A recommendation file's contents.
#[derive(Debug, Clone, PartialEq)]
pub struct RecSpec {
    pub number: String,
    pub title: String,
    pub recommendation: String,
    pub theme: Option<String>,
    pub cabinet_members: Vec<String>,
    pub lead_officers: Vec<String>,
    pub financial_impact: Option<String>,
    pub decision: Decision,
    pub status: Status,
    pub due: Option<PartialDate>,
    pub timetable: Option<String>,
    pub updates: Vec<UpdateSpec>,
    /// The officer response (the file's body).
    pub response: String,
}

/// `number` as written: a whole number plain, anything else (`3.2`) quoted so it stays text.
pub fn number_value(n: &str) -> String {
    let whole = !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
        && (n == "0" || !n.starts_with('0'))
        && n.parse::<i64>().is_ok();
    if whole {
        n.to_string()
    } else {
        scalar(n)
    }
}

/// The lines of one `updates:` entry, each indented by `indent` spaces and ending with `nl`.
pub fn update_entry(u: &UpdateSpec, indent: usize, nl: &str) -> String {
    let pad = " ".repeat(indent);
    let inner = " ".repeat(indent + 2);
    let mut out = format!("{pad}- date: {}{nl}", u.date);
    if let Some(s) = u.status {
        let _ = write!(out, "{inner}status: {}{nl}", s.key());
    }
    if let Some(d) = u.due {
        let _ = write!(out, "{inner}due: {d}{nl}");
    }
    if !u.note.trim().is_empty() {
        let note = format!("{}\n", u.note.trim_end());
        let _ = write!(
            out,
            "{inner}note:{}{nl}",
            block_value(&note, indent + 2, nl)
        );
    }
    if !u.links.is_empty() {
        let _ = write!(out, "{inner}links:{nl}");
        for (title, url) in &u.links {
            let _ = write!(out, "{inner}  - title: {}{nl}", scalar(title));
            let _ = write!(out, "{inner}    url: {}{nl}", scalar(url));
        }
    }
    out
}

fn people(out: &mut String, key: &str, names: &[String]) {
    if names.is_empty() {
        let _ = writeln!(out, "{key}: []");
    } else {
        let _ = writeln!(out, "{key}:");
        for n in names {
            let _ = writeln!(out, "  - {}", scalar(n));
        }
    }
}

fn optional(out: &mut String, style: Style, key: &str, value: Option<String>, comment: &str) {
    match (value, style) {
        (Some(v), _) => {
            let _ = writeln!(out, "{key}:{}", text_value(&v, 0, "\n"));
        }
        (None, Style::Scaffold) => {
            let _ = writeln!(out, "{:<20}# {comment}", format!("{key}:"));
        }
        (None, Style::Known) => {}
    }
}

fn body(out: &mut String, text: &str) {
    let text = text.trim_end();
    if !text.is_empty() {
        out.push_str(text);
        out.push('\n');
    }
}

/// A recommendation file.
pub fn recommendation(r: &RecSpec, style: Style) -> String {
    let mut out = String::from("---\n");
    let _ = writeln!(out, "number: {}", number_value(&r.number));
    let _ = writeln!(out, "title: {}", scalar(&r.title));
    let text = format!("{}\n", r.recommendation.trim_end());
    let _ = writeln!(out, "recommendation:{}", block_value(&text, 0, "\n"));
    optional(
        &mut out,
        style,
        "theme",
        r.theme.clone(),
        "the slug of one of this review's themes",
    );
    people(&mut out, "cabinet_members", &r.cabinet_members);
    people(&mut out, "lead_officers", &r.lead_officers);
    optional(
        &mut out,
        style,
        "financial_impact",
        r.financial_impact.clone(),
        "e.g. None, or the cost and who meets it",
    );
    let _ = writeln!(out, "decision: {}", r.decision.key());
    let _ = writeln!(out, "status: {}", r.status.key());
    optional(
        &mut out,
        style,
        "due",
        r.due.map(|d| d.to_string()),
        "target date: YYYY-MM-DD, YYYY-MM or YYYY",
    );
    optional(
        &mut out,
        style,
        "timetable",
        r.timetable.clone(),
        "the plan's own words, e.g. By end of June",
    );
    if r.updates.is_empty() {
        if style == Style::Scaffold {
            out.push_str("updates: []\n");
        }
    } else {
        out.push_str("updates:\n");
        for u in &r.updates {
            out.push_str(&update_entry(u, 2, "\n"));
        }
    }
    if style == Style::Scaffold {
        out.push_str("draft: false\n");
    }
    out.push_str("---\n");
    body(&mut out, &r.response);
    out
}

/// A review's `_review.md`.
pub struct ReviewSpec {
    pub title: String,
    pub committee: Option<String>,
    pub date: Option<PartialDate>,
    pub reported_to: Option<String>,
    pub summary: Option<String>,
    pub introduction: String,
}

pub fn review(r: &ReviewSpec) -> String {
    let mut out = String::from("---\n");
    let _ = writeln!(out, "title: {}", scalar(&r.title));
    let s = Style::Scaffold;
    optional(
        &mut out,
        s,
        "committee",
        r.committee.clone(),
        "e.g. Overview and Scrutiny Committee",
    );
    optional(
        &mut out,
        s,
        "date",
        r.date.map(|d| d.to_string()),
        "when the recommendations were issued: YYYY-MM-DD, YYYY-MM or YYYY",
    );
    optional(
        &mut out,
        s,
        "reported_to",
        r.reported_to.clone(),
        "e.g. Cabinet",
    );
    optional(
        &mut out,
        s,
        "summary",
        r.summary.clone(),
        "one sentence for lists, feeds and search results",
    );
    out.push_str("---\n");
    body(&mut out, &r.introduction);
    out
}

/// A theme file.
pub struct ThemeSpec {
    pub title: String,
    pub outcome: Option<String>,
    pub order: Option<i64>,
    pub description: String,
}

pub fn theme(t: &ThemeSpec) -> String {
    let mut out = String::from("---\n");
    let _ = writeln!(out, "title: {}", scalar(&t.title));
    optional(
        &mut out,
        Style::Scaffold,
        "outcome",
        t.outcome.clone(),
        "the intended overall outcome, as the plan words it",
    );
    match t.order {
        Some(o) => {
            let _ = writeln!(out, "order: {o}");
        }
        None => optional(
            &mut out,
            Style::Scaffold,
            "order",
            None,
            "position among the review's themes, lowest first",
        ),
    }
    out.push_str("---\n");
    body(&mut out, &t.description);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{document, source::Source};
    use crate::validate::content;
    use std::path::PathBuf;

    fn spec() -> RecSpec {
        RecSpec {
            number: "3.2".into(),
            title: "Safety: the review".into(),
            recommendation: "That Kent Police be requested to:\n\na. Promote\n".into(),
            theme: None,
            cabinet_members: vec!["Cabinet Member for Communities, Leisure and Arts".into()],
            lead_officers: vec![],
            financial_impact: Some("None".into()),
            decision: Decision::Accepted,
            status: Status::InProgress,
            due: PartialDate::parse("2024-06").ok(),
            timetable: Some("By end of June: \"maybe\"".into()),
            updates: vec![UpdateSpec {
                date: PartialDate::parse("2024-01-02").unwrap(),
                status: Some(Status::Completed),
                due: None,
                note: "Done # really".into(),
                links: vec![("Minutes: 2 Jan".into(), "https://example.org/?a=b#c".into())],
            }],
            response: "The answer.\n\n---\n\nMore.".into(),
        }
    }

    #[test]
    fn written_recommendations_validate_and_read_back() {
        for style in [Style::Scaffold, Style::Known] {
            let text = recommendation(&spec(), style);
            let doc = document::parse(
                Source {
                    file: PathBuf::from("r.md"),
                    text: text.clone(),
                },
                "recommendation",
            )
            .unwrap();
            let (draft, diags) = content::recommendation(&doc);
            assert!(diags.is_empty(), "{text}\n{diags:?}");
            assert_eq!(draft.number.unwrap().text, "3.2");
            assert_eq!(draft.title, "Safety: the review");
            assert_eq!(
                draft.recommendation.0,
                "That Kent Police be requested to:\n\na. Promote\n"
            );
            assert_eq!(
                draft.timetable.as_deref(),
                Some("By end of June: \"maybe\"")
            );
            assert_eq!(draft.updates[0].0.note.0, "Done # really\n");
            assert_eq!(
                draft.updates[0].0.links[0].url,
                "https://example.org/?a=b#c"
            );
            assert_eq!(doc.body, "The answer.\n\n---\n\nMore.\n");
        }
    }
}
