//! Accountability warnings: the gaps a scrutiny officer chases (they never stop a build).

use super::content::RecDraft;
use crate::diagnostics::{Diagnostic, Position};
use crate::load::document::Document;
use crate::model::{Config, Decision, Recommendation, Status};

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
    pub review_date: Option<String>,
}

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
    let n = &rec.number.text;

    if rec.lead_officers.is_empty() {
        let pos = if draft.lead_officers_pos == Position::default() {
            start
        } else {
            draft.lead_officers_pos
        };
        warn(
            pos,
            format!("recommendation {n} has no lead officer"),
            "name who is responsible, e.g. `lead_officers: [Communications Manager]`",
        );
    }
    // The model has looked at the response and the financial impact already: only a text it
    // found to be placeholder is scanned again, for the phrase.
    let fields: [(&str, &str, bool); 4] = [
        (
            "officer response",
            rec.response.0.as_str(),
            rec.facts.placeholder_response,
        ),
        (
            "financial impact",
            rec.financial_impact.as_deref().unwrap_or(""),
            rec.facts.placeholder_financial_impact,
        ),
        ("title", rec.title.as_str(), true),
        ("recommendation", rec.recommendation.0.as_str(), true),
    ];
    for (what, text, _) in fields.iter().filter(|f| f.2) {
        if let Some(p) = placeholder(text) {
            let needle = if p == "****" { "***" } else { p.as_str() };
            let pos = find_in(doc, needle, start);
            warn(pos, format!("the {what} of recommendation {n} is placeholder text (`{p}`)"), "replace the template text with the real answer, or leave the field out until it is known");
        }
    }
    for u in &rec.updates {
        if let Some(p) = placeholder(&u.note.0) {
            let pos = find_in(doc, if p == "****" { "***" } else { &p }, start);
            warn(
                pos,
                format!("an update of {} is placeholder text (`{p}`)", u.date),
                "write what happened, or remove the update",
            );
        }
    }
    let agreed = matches!(
        rec.decision,
        Decision::Accepted | Decision::PartiallyAccepted
    );
    if agreed
        && rec.facts.due.is_none()
        && !rec.facts.done
        && rec.current_status() != Status::Ongoing
    {
        let hint = match &rec.timetable {
            Some(t) => format!("add `due:` with the date the timetable \"{t}\" means (YYYY-MM-DD, YYYY-MM or YYYY)"),
            None => "add `due: YYYY-MM-DD` (or YYYY-MM, YYYY) so residents can see when to expect it".into(),
        };
        warn(
            draft.decision_pos,
            format!(
                "recommendation {n} is {} but has no target date",
                rec.decision.key()
            ),
            &hint,
        );
    }
    if rec.decision == Decision::NotAccepted && rec.response.is_blank() {
        warn(
            draft.decision_pos,
            format!("recommendation {n} is not accepted but no reason is given"),
            "write the executive's reason in the body of the file, below the front matter",
        );
    }
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
    for (u, pos) in &draft.updates {
        if u.due.is_some() && u.note.is_blank() {
            warn(
                *pos,
                format!(
                    "the target date of recommendation {n} was revised on {} without a reason",
                    u.date
                ),
                "say why the date moved in the update's `note`",
            );
        }
    }
    if rec.facts.overdue {
        let due = rec.facts.due.map(|d| d.human()).unwrap_or_default();
        warn(
            draft.status_pos.max(start),
            format!(
                "recommendation {n} is overdue: due {due}, {} days ago, status {}",
                rec.facts.days_overdue,
                rec.current_status()
            ),
            "add an update with progress, a revised `due` and its reason, or mark it completed",
        );
    }
    if rec.facts.awaiting_response {
        let since = cx.review_date.clone().unwrap_or_default();
        warn(
            draft.decision_pos.max(start),
            format!(
                "recommendation {n} is still awaiting a response ({} days allowed from {since})",
                config.awaiting_response_days
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
            draft.status_pos.max(start),
            format!(
                "recommendation {n} has had no update for over {} days ({since})",
                config.stale_days
            ),
            "run `scrutiny update` with a progress note",
        );
    }
    out
}

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
