//! Gaps in a recommendation's record: what the plan leaves unsaid. One function decides them,
//! and both `check` (as warnings, located in the file) and the recommendation page (the "Gaps
//! in this record" panel) show its answer, so the two never disagree. Lateness (overdue,
//! stale, awaiting a response) is not a gap: pages show it once, at the top.

use super::placeholder::placeholder;
use super::{Answer, PartialDate, Recommendation};

/// One thing missing from a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gap {
    NoLeadOfficer,
    /// Agreed (or not recorded) with no officer response at all.
    NoResponse,
    /// Refused with no reason given.
    NotAcceptedWithoutReason,
    /// Template text left in a field: which field, and the phrase found.
    Placeholder {
        field: Field,
        phrase: String,
    },
    /// Work expected, not done, and no target date set or promised by the timetable.
    NoTargetDate,
    /// The plan does not say what the executive decided.
    DecisionNotRecorded,
    /// A target date moved by an update that gives no reason.
    RevisedWithoutReason {
        on: PartialDate,
    },
}

/// The field a placeholder was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Recommendation,
    Response,
    FinancialImpact,
    Update(PartialDate),
}

impl Field {
    pub fn name(self) -> String {
        match self {
            Field::Title => "title".into(),
            Field::Recommendation => "recommendation".into(),
            Field::Response => "officer response".into(),
            Field::FinancialImpact => "financial impact".into(),
            Field::Update(d) => format!("update of {}", d.human()),
        }
    }
}

impl Gap {
    /// The gap as a resident reads it on the recommendation page.
    pub fn sentence(&self) -> String {
        match self {
            Gap::NoLeadOfficer => "No lead officer is named.".into(),
            Gap::NoResponse => "No officer response has been published.".into(),
            Gap::NotAcceptedWithoutReason => {
                "The recommendation was not accepted, and no reason is given.".into()
            }
            Gap::Placeholder { field, phrase } => format!(
                "The {} is template text that was never replaced (“{phrase}”).",
                field.name()
            ),
            Gap::NoTargetDate => "No target date has been set.".into(),
            Gap::DecisionNotRecorded => {
                "The plan does not record what the executive decided.".into()
            }
            Gap::RevisedWithoutReason { on } => format!(
                "The target date was changed on {} without a reason.",
                on.human()
            ),
        }
    }
}

/// Every gap in `rec`'s record, in a fixed order.
pub fn gaps(rec: &Recommendation, table: &super::fields::Table) -> Vec<Gap> {
    let mut out = Vec::new();
    // A field the site's plan does not have (hidden in site.yaml) is never a gap.
    if rec.lead_officers.is_empty() && table.shows("lead_officers") {
        out.push(Gap::NoLeadOfficer);
    }
    if rec.facts.no_decision {
        out.push(Gap::DecisionNotRecorded);
    }
    // A tracker that records no decisions records no executive response either.
    let site_has_decisions = rec.decision.means() != Answer::NotRecorded || rec.facts.no_decision;
    if rec.response.is_blank() && table.shows("response") {
        match rec.decision.means() {
            Answer::Rejected => out.push(Gap::NotAcceptedWithoutReason),
            _ if rec.decision.expects_work() && site_has_decisions => out.push(Gap::NoResponse),
            _ => {}
        }
    }
    // The model has looked at the response and the financial impact already; the title and
    // the committee's words are short and looked at here.
    let fields = [
        (Field::Title, rec.title.as_str(), true),
        (Field::Recommendation, rec.recommendation.0.as_str(), true),
        (
            Field::Response,
            rec.response.0.as_str(),
            rec.facts.placeholder_response,
        ),
        (
            Field::FinancialImpact,
            rec.financial_impact.as_deref().unwrap_or(""),
            rec.facts.placeholder_financial_impact,
        ),
    ];
    for (field, text, suspect) in fields {
        if let Some(phrase) = placeholder(text).filter(|_| suspect) {
            out.push(Gap::Placeholder { field, phrase });
        }
    }
    for u in &rec.updates {
        if let Some(phrase) = placeholder(&u.note.0) {
            out.push(Gap::Placeholder {
                field: Field::Update(u.date),
                phrase,
            });
        }
    }
    if rec.facts.no_target_date {
        out.push(Gap::NoTargetDate);
    }
    for u in rec.updates.iter().rev() {
        if u.due.is_some() && u.note.is_blank() {
            out.push(Gap::RevisedWithoutReason { on: u.date });
        }
    }
    out
}
