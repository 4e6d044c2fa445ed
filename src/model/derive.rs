//! Derived facts: current status and target date, overdue, awaiting response, stale.

use super::{Config, Decision, Facts, PartialDate, Recommendation, Status, Update};
use jiff::civil::Date;
use jiff::ToSpan;

/// Order updates newest first; among equal dates the later entry in the file is newer.
pub fn sort_updates(updates: &mut [Update]) {
    updates.reverse();
    updates.sort_by_key(|u| std::cmp::Reverse(u.date.end()));
}

fn add_days(d: Date, days: i64) -> Date {
    d.checked_add(days.days()).unwrap_or(Date::MAX)
}

/// Compute the facts of one recommendation. `updates` must already be newest first.
pub fn facts(
    rec: &Recommendation,
    review_date: Option<PartialDate>,
    config: &Config,
    today: Date,
) -> Facts {
    let status = rec
        .updates
        .iter()
        .find_map(|u| u.status)
        .unwrap_or(rec.status);
    let due = rec.updates.iter().find_map(|u| u.due).or(rec.due);
    let revised_dues = rec
        .updates
        .iter()
        .rev()
        .filter_map(|u| u.due.map(|d| (u.date, d)))
        .collect();
    let done = config.vocabulary.is_done(status);
    let timetable_due = match due {
        Some(_) => None,
        None => rec
            .timetable
            .as_deref()
            .and_then(|t| super::timetable::implied_due(t, review_date)),
    };
    let target = due.or(timetable_due.map(|i| i.due));
    let ended = target.map(|d| d.end()).filter(|end| *end < today);
    let overdue = !done && rec.decision != Decision::NotAccepted && ended.is_some();
    let days_overdue = match ended {
        Some(end) if overdue => (today - end).get_days() as i64,
        _ => 0,
    };
    let placeholder_response =
        !rec.response.is_blank() && super::placeholder::placeholder(&rec.response.0).is_some();
    let placeholder_financial_impact = rec
        .financial_impact
        .as_deref()
        .is_some_and(|f| super::placeholder::placeholder(f).is_some());
    let response_due = review_date.map(|d| add_days(d.end(), config.awaiting_response_days));
    // Done work is not awaiting anything, whatever the decision column says (`check` warns
    // about the contradiction).
    let awaiting_response = rec.decision == Decision::AwaitingResponse
        && !done
        && response_due.is_some_and(|d| d < today);
    let last_updated = rec.updates.first().map(|u| u.date);
    let quiet_since = last_updated.or(review_date);
    let stale = rec.decision.expects_work()
        && !done
        && quiet_since.is_some_and(|d| add_days(d.end(), config.stale_days) < today);
    let no_target_date =
        rec.decision.expects_work() && !done && status != Status::Ongoing && target.is_none();
    Facts {
        status: Some(status),
        due,
        timetable_due,
        revised_dues,
        done,
        overdue,
        days_overdue,
        awaiting_response,
        response_due: response_due.filter(|_| awaiting_response),
        stale,
        quiet_since: quiet_since.filter(|_| stale),
        no_target_date,
        last_updated,
        placeholder_response,
        placeholder_financial_impact,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Markdown, Number, Slug};

    fn rec() -> Recommendation {
        Recommendation {
            number: Number::new("1"),
            slug: Slug::from_text("1"),
            title: "t".into(),
            recommendation: Markdown::default(),
            theme: None,
            cabinet_members: vec![],
            lead_officers: vec![],
            financial_impact: None,
            decision: Decision::Accepted,
            status: Status::InProgress,
            due: PartialDate::parse("2024-06").ok(),
            timetable: None,
            updates: vec![],
            draft: false,
            response: Markdown::default(),
            extra: Default::default(),
            file: "x.md".into(),
            facts: Facts::default(),
        }
    }

    fn upd(date: &str, status: Option<Status>, due: Option<&str>) -> Update {
        Update {
            date: PartialDate::parse(date).unwrap(),
            status,
            due: due.map(|d| PartialDate::parse(d).unwrap()),
            note: Markdown("n".into()),
            links: vec![],
        }
    }

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn overdue_only_after_the_whole_target_month() {
        let c = Config::default();
        let r = rec();
        assert!(!facts(&r, None, &c, day("2024-06-30")).overdue);
        let f = facts(&r, None, &c, day("2024-07-02"));
        assert!(f.overdue);
        assert_eq!(f.days_overdue, 2);
    }

    #[test]
    fn newest_update_sets_status_and_revised_target() {
        let c = Config::default();
        let mut r = rec();
        r.updates = vec![
            upd("2024-01-10", Some(Status::InProgress), None),
            upd("2024-05-01", None, Some("2024-12")),
            upd("2024-03-01", Some(Status::Completed), None),
        ];
        sort_updates(&mut r.updates);
        let f = facts(&r, None, &c, day("2025-01-15"));
        assert_eq!(f.status, Some(Status::Completed));
        assert_eq!(f.due.unwrap().to_string(), "2024-12");
        assert_eq!(f.revised_dues.len(), 1);
        assert!(f.done && !f.overdue && !f.stale);
        assert_eq!(f.last_updated.unwrap().to_string(), "2024-05-01");
    }

    #[test]
    fn awaiting_response_after_the_deadline_only() {
        let c = Config::default();
        let mut r = rec();
        r.decision = Decision::AwaitingResponse;
        let issued = PartialDate::parse("2024-01-01").ok();
        assert!(!facts(&r, issued, &c, day("2024-01-29")).awaiting_response);
        assert!(facts(&r, issued, &c, day("2024-01-30")).awaiting_response);
    }

    #[test]
    fn stale_counts_from_the_last_update_or_the_review() {
        let c = Config::default();
        let mut r = rec();
        r.due = None;
        let issued = PartialDate::parse("2024-01-01").ok();
        assert!(!facts(&r, issued, &c, day("2024-06-29")).stale);
        assert!(facts(&r, issued, &c, day("2024-06-30")).stale);
        r.updates = vec![upd("2024-06-01", None, None)];
        assert!(!facts(&r, issued, &c, day("2024-06-30")).stale);
    }
}
