//! Derived facts: current status and target date, overdue, awaiting response, stale.

use super::{Answer, Config, Facts, Progress, Recommendation, Review, Update};
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
pub fn facts(rec: &Recommendation, review: &Review, config: &Config, today: Date) -> Facts {
    let review_date = review.date;
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
    let done = status.done();
    let paused = status.means() == Progress::Paused;
    // Work that stopped without ending: the review was closed, or the recommendation
    // withdrawn, or the work paused. Not late; each has its own visible count instead.
    let withdrawn = rec.withdrawn.is_some();
    let closed_unfinished = !done && !withdrawn && review.closed.is_some();
    let stopped = done || paused || withdrawn || closed_unfinished;
    let timetable_due = match due {
        Some(_) => None,
        None => rec
            .timetable
            .as_deref()
            .and_then(|t| super::timetable::implied_due(t, review_date)),
    };
    let target = due.or(timetable_due.map(|i| i.due));
    let ended = target.map(|d| d.end()).filter(|end| *end < today);
    let overdue = !stopped && rec.decision.means() != Answer::Rejected && ended.is_some();
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
    let awaiting_response = rec.decision.means() == Answer::Awaiting
        && !done
        && !withdrawn
        && !closed_unfinished
        && response_due.is_some_and(|d| d < today);
    let last_updated = rec.updates.first().map(|u| u.date);
    let quiet_since = last_updated.or(review_date);
    let stale = rec.decision.expects_work()
        && !stopped
        && quiet_since.is_some_and(|d| add_days(d.end(), config.stale_days) < today);
    let no_target_date = rec.decision.expects_work()
        && !stopped
        && status.means() != Progress::Ongoing
        && target.is_none();
    let no_decision =
        config.vocabulary.records_decisions && rec.decision.means() == Answer::NotRecorded;
    Facts {
        status: Some(status),
        due,
        timetable_due,
        revised_dues,
        done,
        paused,
        closed_unfinished,
        withdrawn,
        no_decision,
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
    use crate::model::{Decision, Markdown, Number, PartialDate, Slug, Status};

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
            decision: Decision::ACCEPTED,
            status: Status::IN_PROGRESS,
            due: PartialDate::parse("2024-06").ok(),
            timetable: None,
            updates: vec![],
            draft: false,
            withdrawn: None,
            withdrawn_reason: None,
            aliases: vec![],
            alias_at: vec![],
            response: Markdown::default(),
            extra: Default::default(),
            file: "x.md".into(),
            facts: Facts::default(),
            changes: Vec::new(),
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

    fn issued(date: Option<&str>) -> Review {
        Review {
            date: date.map(|d| PartialDate::parse(d).unwrap()),
            ..Review::default()
        }
    }

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn overdue_only_after_the_whole_target_month() {
        let c = Config::default();
        let r = rec();
        assert!(!facts(&r, &issued(None), &c, day("2024-06-30")).overdue);
        let f = facts(&r, &issued(None), &c, day("2024-07-02"));
        assert!(f.overdue);
        assert_eq!(f.days_overdue, 2);
    }

    #[test]
    fn newest_update_sets_status_and_revised_target() {
        let c = Config::default();
        let mut r = rec();
        r.updates = vec![
            upd("2024-01-10", Some(Status::IN_PROGRESS), None),
            upd("2024-05-01", None, Some("2024-12")),
            upd("2024-03-01", Some(Status::COMPLETED), None),
        ];
        sort_updates(&mut r.updates);
        let f = facts(&r, &issued(None), &c, day("2025-01-15"));
        assert_eq!(f.status, Some(Status::COMPLETED));
        assert_eq!(f.due.unwrap().to_string(), "2024-12");
        assert_eq!(f.revised_dues.len(), 1);
        assert!(f.done && !f.overdue && !f.stale);
        assert_eq!(f.last_updated.unwrap().to_string(), "2024-05-01");
    }

    #[test]
    fn awaiting_response_after_the_deadline_only() {
        let c = Config::default();
        let mut r = rec();
        r.decision = Decision::AWAITING_RESPONSE;
        let issued = &issued(Some("2024-01-01"));
        assert!(!facts(&r, issued, &c, day("2024-01-29")).awaiting_response);
        assert!(facts(&r, issued, &c, day("2024-01-30")).awaiting_response);
    }

    #[test]
    fn stale_counts_from_the_last_update_or_the_review() {
        let c = Config::default();
        let mut r = rec();
        r.due = None;
        let issued = &issued(Some("2024-01-01"));
        assert!(!facts(&r, issued, &c, day("2024-06-29")).stale);
        assert!(facts(&r, issued, &c, day("2024-06-30")).stale);
        r.updates = vec![upd("2024-06-01", None, None)];
        assert!(!facts(&r, issued, &c, day("2024-06-30")).stale);
    }

    #[test]
    fn stopped_work_is_never_late_but_never_done() {
        let c = Config::default();
        let late = day("2025-06-01");
        let mut closed = issued(Some("2024-01-01"));
        closed.closed = PartialDate::parse("2025-03-12").ok();
        let f = facts(&rec(), &closed, &c, late);
        assert!(f.closed_unfinished && !f.done && !f.overdue && !f.stale);
        let mut r = rec();
        r.status = Status::COMPLETED;
        assert!(!facts(&r, &closed, &c, late).closed_unfinished);
        let mut r = rec();
        r.status = Status::new("paused", Progress::Paused);
        let f = facts(&r, &issued(None), &c, late);
        assert!(f.paused && !f.overdue && !f.no_target_date && !f.done);
        let mut r = rec();
        r.withdrawn = PartialDate::parse("2024-05").ok();
        let f = facts(&r, &issued(None), &c, late);
        assert!(f.withdrawn && !f.overdue && !f.closed_unfinished);
    }

    #[test]
    fn a_tracker_without_decisions_flags_none_missing() {
        let mut c = Config::default();
        let mut r = rec();
        r.decision = Decision::NOT_RECORDED;
        assert!(facts(&r, &issued(None), &c, day("2024-01-01")).no_decision);
        c.vocabulary.no_decisions();
        assert!(!facts(&r, &issued(None), &c, day("2024-01-01")).no_decision);
    }
}
