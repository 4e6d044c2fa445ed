//! Accountability warnings: the gaps a scrutiny officer chases (they never stop a build).

use super::content::RecDraft;
use crate::diagnostics::{plural, Diagnostic, Position};
use crate::load::document::Document;
use crate::model::gaps::{gaps, Field, Gap};
use crate::model::{Answer, Config, PartialDate, Progress, Recommendation};
use jiff::civil::Date;

pub use crate::model::placeholder::placeholder;
#[cfg(test)]
use crate::model::placeholder::TEMPLATE_PHRASES;

/// Where `needle` first appears in the file (case-insensitive), or `fallback`.
fn find_in(doc: &Document, needle: &str, fallback: Position) -> Position {
    let n = needle.to_lowercase();
    let escaped: String = n.chars().flat_map(|c| ['\\', c]).collect();
    for (i, line) in doc.source.text.lines().enumerate() {
        let lower = line.to_lowercase();
        if let Some(col) = lower.find(&n).or_else(|| lower.find(&escaped)) {
            let column = line[..col.min(line.len())].chars().count() + 1;
            return Position::new(i + 1, column);
        }
    }
    fallback
}

pub struct Context<'a> {
    pub doc: &'a Document,
    pub draft: &'a RecDraft,
    pub rec: &'a Recommendation,
    pub config: &'a Config,
    /// The review's date as people read it ("April 2023"); also the warnings cache's key.
    pub review_date: Option<String>,
    pub review: Option<PartialDate>,
    pub today: Date,
}

/// The warnings of one recommendation: its gaps (the same list its page shows, from
/// [`gaps`]), its lateness, and where the record contradicts itself.
pub fn recommendation(cx: &Context) -> Vec<Diagnostic> {
    let Context {
        doc,
        draft,
        rec,
        config,
        ..
    } = cx;
    let file = &doc.source.file;
    let mut out = Vec::new();
    let mut warn = |pos: Position, msg: String, hint: &str| {
        out.push(doc.locate(Diagnostic::warning(file, pos, msg).with_hint(hint)));
    };
    let start = Position::new(1, 1);
    let or_start = |p: Position| if p == Position::default() { start } else { p };
    let n = &rec.number.text;

    for gap in gaps(rec, &config.fields) {
        match gap {
            Gap::NoLeadOfficer => warn(
                or_start(draft.lead_officers_pos),
                format!("recommendation {n} has no lead officer"),
                "name who is responsible, e.g. `lead_officers: [Communications Manager]`",
            ),
            Gap::DecisionNotRecorded => warn(
                start,
                format!("recommendation {n} does not record the executive's decision"),
                &format!(
                    "add `decision:` ({}); a missing decision is shown as \"Decision not recorded\"",
                    crate::model::status::or_list(cx.config.vocabulary.decision_keys())
                ),
            ),
            Gap::NoResponse => warn(
                start,
                format!("recommendation {n} has no officer response"),
                "write the response (what will be done, by whom, by when) in the body of the file, below the front matter",
            ),
            Gap::NotAcceptedWithoutReason => warn(
                or_start(draft.decision_pos),
                format!("recommendation {n} is not accepted but no reason is given"),
                "write the executive's reason in the body of the file, below the front matter",
            ),
            Gap::Placeholder { field, phrase } => {
                let needle = if phrase == "****" { "***" } else { phrase.as_str() };
                let pos = find_in(doc, needle, start);
                match field {
                    Field::Update(date) => warn(
                        pos,
                        format!("an update of {date} is placeholder text (`{phrase}`)"),
                        "write what happened, or remove the update",
                    ),
                    _ => warn(
                        pos,
                        format!(
                            "the {} of recommendation {n} is placeholder text (`{phrase}`)",
                            field.name()
                        ),
                        "replace the template text with the real answer, or leave the field out until it is known",
                    ),
                }
            }
            Gap::NoTargetDate => {
                let hint = match &rec.timetable {
                    Some(t) => format!("add `due:` with the date the timetable \"{t}\" means (YYYY-MM-DD, YYYY-MM or YYYY)"),
                    None => "add `due: YYYY-MM-DD` (or YYYY-MM, YYYY) so residents can see when to expect it".into(),
                };
                let what = if rec.decision.agreed() {
                    format!("is {} but has", rec.decision.key())
                } else {
                    "has".into()
                };
                warn(
                    or_start(draft.decision_pos),
                    format!("recommendation {n} {what} no target date"),
                    &hint,
                );
            }
            Gap::RevisedWithoutReason { on } => {
                let pos = draft
                    .updates
                    .iter()
                    .find(|(u, _)| u.date == on && u.due.is_some())
                    .map_or(start, |(_, p)| *p);
                warn(
                    pos,
                    format!("the target date of recommendation {n} was revised on {on} without a reason"),
                    "say why the date moved in the update's `note`",
                );
            }
        }
    }
    contradictions(cx, &mut warn);
    if rec.facts.overdue {
        let target = rec.facts.target().map(|d| d.human()).unwrap_or_default();
        let from = match (rec.facts.due, &rec.timetable) {
            (None, Some(t)) => format!(" (read from the timetable \"{t}\")"),
            _ => String::new(),
        };
        warn(
            or_start(draft.status_pos),
            format!(
                "recommendation {n} is overdue: due {target}{from}, {} {} ago, status {}",
                rec.facts.days_overdue,
                plural(rec.facts.days_overdue.unsigned_abs() as usize, "day"),
                rec.current_status()
            ),
            &format!(
                "add an update with progress, a revised `due` and its reason, or mark it {}",
                config
                    .vocabulary
                    .first_status(crate::model::Progress::Done)
                    .map_or("done", |s| s.key())
            ),
        );
    }
    if rec.facts.awaiting_response {
        let since = cx.review_date.clone().unwrap_or_default();
        warn(
            or_start(draft.decision_pos),
            format!(
                "recommendation {n} is still awaiting a response ({} {} allowed from {since})",
                config.awaiting_response_days,
                plural(config.awaiting_response_days.unsigned_abs() as usize, "day")
            ),
            "record the executive's decision with `decision:` and its response in the body",
        );
    }
    if rec.facts.stale {
        let since = match rec.facts.last_updated {
            Some(d) => format!("last update {}", d.human()),
            None => "never updated since the review".into(),
        };
        warn(
            or_start(draft.status_pos),
            format!(
                "recommendation {n} has had no update for over {} {} ({since})",
                config.stale_days,
                plural(config.stale_days.unsigned_abs() as usize, "day")
            ),
            "run `scrutiny update` with a progress note",
        );
    }
    out
}

/// Where the record says two things that cannot both be true.
fn contradictions(cx: &Context, warn: &mut impl FnMut(Position, String, &str)) {
    let (rec, draft) = (cx.rec, cx.draft);
    let start = Position::new(1, 1);
    let n = &rec.number.text;
    if let Some(newest) = rec
        .updates
        .iter()
        .find_map(|u| u.status.map(|s| (u.date, s)))
    {
        if newest.1 != rec.status && draft.status_pos != Position::default() {
            warn(
                draft.status_pos,
                format!(
                    "`status: {}` contradicts the newest update ({}: {})",
                    rec.status, newest.0, newest.1
                ),
                &format!(
                    "set `status: {}`, or add an update that records the change",
                    newest.1
                ),
            );
        }
    }
    let decision_pos = if draft.decision_pos == Position::default() {
        start
    } else {
        draft.decision_pos
    };
    let status = rec.current_status();
    let label = cx.config.vocabulary.status(status).label.to_lowercase();
    if rec.facts.done && (rec.decision.means() == Answer::Awaiting || rec.facts.no_decision) {
        warn(
            decision_pos,
            format!("recommendation {n} is {label} but no decision is recorded"),
            "record what the executive decided with `decision:`",
        );
    } else if rec.decision.means() == Answer::Awaiting
        && (status.means() != Progress::NotStarted
            || rec.updates.iter().any(|u| u.status.is_some()))
    {
        warn(
            decision_pos,
            format!("recommendation {n} records progress ({label}) while awaiting a response"),
            "record the executive's decision with `decision:`; work under way means one was made",
        );
    }
    // Misdated updates: each one located, up to a few; a file of thousands gets one line more.
    let early: Vec<_> = draft
        .updates
        .iter()
        .filter(|(u, _)| cx.review.is_some_and(|r| u.date.end() < r.start()))
        .collect();
    let late: Vec<_> = draft
        .updates
        .iter()
        .filter(|(u, _)| u.date.start() > cx.today)
        .collect();
    let review = cx.review_date.clone().unwrap_or_default();
    for (found, when, hint) in [
        (
            &early,
            format!("before the review ({review})"),
            "check the update's `date` (YYYY-MM-DD)",
        ),
        (
            &late,
            format!(
                "after today ({}): it is not published, nor its status or target date counted, until then",
                cx.today
            ),
            "check the update's `date`; an update records what has already happened",
        ),
    ] {
        for (u, pos) in found.iter().take(MISDATED_SHOWN) {
            warn(
                *pos,
                format!(
                    "an update of recommendation {n} is dated {}, {when}",
                    u.date
                ),
                hint,
            );
        }
        if let Some((_, pos)) = found.get(MISDATED_SHOWN) {
            warn(
                *pos,
                format!(
                    "{} more updates of recommendation {n} are dated {when}",
                    found.len() - MISDATED_SHOWN
                ),
                hint,
            );
        }
    }
}

/// How many misdated updates of one recommendation are named one by one.
const MISDATED_SHOWN: usize = 5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_placeholders_but_not_answers() {
        assert!(placeholder("**** We are discussing with the team ***").is_some());
        assert!(placeholder("\\*\\*\\*\\* We are discussing \\*\\*\\*").is_some());
        assert!(placeholder("Explanation provided as applicable").is_some());
        assert!(placeholder("Budget TBC").is_some());
        assert!(placeholder("None").is_none());
        assert!(placeholder("The Town Centre Task Force meet monthly").is_none());
        assert!(placeholder("").is_none());
        assert!(placeholder("Cost: tbc.").is_some());
        assert!(placeholder("The TBCA report").is_none());
        assert!(placeholder("Plan – tbc – soon").is_some());
        assert!(placeholder("Budget: To Be Confirmed").as_deref() == Some("to be confirmed"));
    }

    /// The plain reading of the rule: lowercase the text, look for each phrase in list order.
    fn reference(text: &str) -> bool {
        let lower = text.replace('\\', "").trim().to_lowercase();
        if lower.is_empty() {
            return false;
        }
        if lower.contains("***") || lower.chars().all(|c| !c.is_alphanumeric()) {
            return true;
        }
        TEMPLATE_PHRASES
            .iter()
            .any(|p| p.len() > 3 && lower.contains(p))
            || lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w.len() == 3 && TEMPLATE_PHRASES.contains(&w))
    }

    proptest::proptest! {
        #[test]
        fn one_pass_scan_agrees_with_the_plain_rule(
            words in proptest::collection::vec(
                "(TBC|tbc|xxx|XXX|To Be Confirmed|\\[insert|lorem ipsum|budget|é|–|\\*|ok|[a-z]{1,4}|[ .,:;'\\-]{1,2})",
                0..12,
            )
        ) {
            let text = words.concat();
            proptest::prop_assert_eq!(placeholder(&text).is_some(), reference(&text), "{:?}", text);
        }
    }
}
