//! Flags: the derived facts a resident is warned about, each with its own list page. One
//! function ([`Flag::of`]) decides whether a recommendation carries a flag, and every view
//! (the recommendation page, cards, counts, list pages, search, the open data) asks it.
//! Flags overlap (a recommendation can be overdue and stale), so they are shown as "of
//! which" counts beside the exclusive counts by status.

use super::Recommendation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Flag {
    Overdue,
    Stale,
    Awaiting,
    NoTargetDate,
    NoDecision,
    ClosedUnfinished,
    Withdrawn,
}

impl Flag {
    pub const ALL: [Flag; 7] = [
        Flag::Overdue,
        Flag::Stale,
        Flag::Awaiting,
        Flag::NoTargetDate,
        Flag::NoDecision,
        Flag::ClosedUnfinished,
        Flag::Withdrawn,
    ];

    /// The list page's address segment (reserved as review names: see `validate::addresses`).
    pub fn key(self) -> &'static str {
        match self {
            Flag::Overdue => "overdue",
            Flag::Stale => "stale",
            Flag::Awaiting => "awaiting-response",
            Flag::NoTargetDate => "no-target-date",
            Flag::NoDecision => "no-decision",
            Flag::ClosedUnfinished => "closed",
            Flag::Withdrawn => "withdrawn",
        }
    }

    /// Whether a site has this list: a tracker that records no decisions has no list of
    /// recommendations without one, or awaiting one.
    pub fn applies(self, config: &super::Config) -> bool {
        !matches!(self, Flag::NoDecision | Flag::Awaiting) || config.vocabulary.records_decisions
    }

    /// Listed (with its count) even when nothing carries it: the warnings are; the groups of
    /// stopped work (closed, withdrawn) only when there is some.
    pub fn listed_when_none(self) -> bool {
        !matches!(self, Flag::ClosedUnfinished | Flag::Withdrawn)
    }

    /// How a count reads: "3 overdue", "2 with no progress reported".
    pub fn counted(self) -> &'static str {
        match self {
            Flag::Overdue => "overdue",
            Flag::Stale => "with no progress reported recently",
            Flag::Awaiting => "awaiting a response",
            Flag::NoTargetDate => "with no target date",
            Flag::NoDecision => "with no decision recorded",
            Flag::ClosedUnfinished => "closed without completion",
            Flag::Withdrawn => "withdrawn",
        }
    }

    /// The list page's heading.
    pub fn title(self) -> &'static str {
        match self {
            Flag::Overdue => "Overdue recommendations",
            Flag::Stale => "Recommendations with no progress reported recently",
            Flag::Awaiting => "Recommendations awaiting a response",
            Flag::NoTargetDate => "Recommendations with no target date",
            Flag::NoDecision => "Recommendations with no decision recorded",
            Flag::ClosedUnfinished => "Recommendations closed without completion",
            Flag::Withdrawn => "Withdrawn recommendations",
        }
    }

    /// The flag as a card says it, dated where it has a date ("Overdue since June 2023",
    /// "No progress reported since 20 October 2023"): the words of the default theme's
    /// `partials/flags.html`, for what is not a template (search results, the report's
    /// spreadsheet). `review` is the recommendation's own.
    pub fn phrase(self, rec: &Recommendation, review: &super::Review) -> String {
        let f = &rec.facts;
        let dated = |words: &str, date: Option<super::PartialDate>| match date {
            Some(d) => format!("{words} {}", d.human()),
            None => self.label().to_string(),
        };
        match self {
            Flag::Overdue => dated("Overdue since", f.target()),
            Flag::Stale => dated("No progress reported since", f.quiet_since),
            Flag::Awaiting => match f.response_due {
                Some(d) => format!(
                    "Awaiting a decision, due by {}",
                    super::PartialDate::from_date(d).human()
                ),
                None => "Awaiting a decision".into(),
            },
            Flag::ClosedUnfinished => dated("Closed without completion on", review.closed),
            Flag::Withdrawn => dated("Withdrawn on", rec.withdrawn),
            Flag::NoTargetDate | Flag::NoDecision => self.label().to_string(),
        }
    }

    /// The suffix of its `flag--` style in the default theme.
    pub fn class(self) -> &'static str {
        match self {
            Flag::Overdue => "overdue",
            Flag::Stale => "stale",
            Flag::Awaiting => "awaiting",
            Flag::NoTargetDate => "notarget",
            Flag::NoDecision => "nodecision",
            Flag::ClosedUnfinished => "closed",
            Flag::Withdrawn => "withdrawn",
        }
    }

    /// A tag's short text.
    pub fn label(self) -> &'static str {
        match self {
            Flag::Overdue => "Overdue",
            Flag::Stale => "No recent progress",
            Flag::Awaiting => "Awaiting response",
            Flag::NoTargetDate => "No target date",
            Flag::NoDecision => "Decision not recorded",
            Flag::ClosedUnfinished => "Closed without completion",
            Flag::Withdrawn => "Withdrawn",
        }
    }

    /// What a page says when nothing carries the flag.
    pub fn none(self, config: &super::Config) -> &'static str {
        let decided = config.vocabulary.records_decisions;
        match self {
            Flag::NoTargetDate if !decided => "Every open recommendation has a target date.",
            Flag::Overdue => "Nothing is overdue.",
            Flag::Stale => "Every open recommendation has had progress reported recently.",
            Flag::Awaiting => "No decision is overdue from the executive.",
            Flag::NoTargetDate => "Every agreed recommendation has a target date.",
            Flag::NoDecision => "Every recommendation records the executive's decision.",
            Flag::ClosedUnfinished => "No review was closed with work unfinished.",
            Flag::Withdrawn => "No recommendation has been withdrawn.",
        }
    }

    /// What the list holds, in one sentence (with the site's stale or awaiting limit). A
    /// tracker that records no decisions expects work of every recommendation.
    pub fn description(self, config: &super::Config) -> String {
        let (stale_days, awaiting_days) = (config.stale_days, config.awaiting_response_days);
        let agreed = if config.vocabulary.records_decisions {
            "Agreed recommendations"
        } else {
            "Recommendations"
        };
        match self {
            Flag::Overdue => "Recommendations whose target date (set, or promised by the plan's timetable) has passed and that are not done, longest overdue first.".into(),
            Flag::Stale => format!("{agreed}, not yet done, with no progress reported for more than {}, longest first.", days(stale_days)),
            Flag::Awaiting => format!("Recommendations with no decision from the executive more than {} after they were made.", days(awaiting_days)),
            Flag::NoTargetDate => format!("{agreed}, not yet done and not ongoing work, with no target date set and none in the plan's timetable."),
            Flag::NoDecision => "Recommendations whose plan does not record what the executive decided.".into(),
            Flag::ClosedUnfinished => "Recommendations whose review the committee closed before the work was done, with the state they were left in. They are not counted as done.".into(),
            Flag::Withdrawn => "Recommendations withdrawn after they were made, with the date and the reason.".into(),
        }
    }

    /// The flags a recommendation shows in a line beside its status (a search result, the
    /// committee report's files, the list of every recommendation): every one it carries but
    /// the missing decision, which those show in their own column or not at all.
    pub fn shown<'a>(
        rec: &'a Recommendation,
        config: &'a super::Config,
    ) -> impl Iterator<Item = Flag> + 'a {
        Flag::ALL
            .into_iter()
            .filter(move |f| *f != Flag::NoDecision && f.applies(config) && f.of(rec))
    }

    /// Whether `rec` carries this flag.
    pub fn of(self, rec: &Recommendation) -> bool {
        let f = &rec.facts;
        match self {
            Flag::Overdue => f.overdue,
            Flag::Stale => f.stale,
            Flag::Awaiting => f.awaiting_response,
            Flag::NoTargetDate => f.no_target_date,
            Flag::NoDecision => f.no_decision,
            Flag::ClosedUnfinished => f.closed_unfinished,
            Flag::Withdrawn => f.withdrawn,
        }
    }
}

/// "1 day", "28 days".
fn days(n: i64) -> String {
    format!(
        "{n} {}",
        crate::diagnostics::plural(n.unsigned_abs() as usize, "day")
    )
}
