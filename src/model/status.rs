//! What was decided, and where the work stands. The keys are the site's own (the five statuses
//! and five decisions below are the default set); what the code reasons about is the *meaning*
//! each key is given ([`Progress`], [`Answer`]), so a RAG tracker's "green" and the default
//! "completed" both end the work.

use std::collections::HashSet;
use std::fmt;
use std::sync::{Mutex, OnceLock};

/// What a status means for the derived facts (overdue, stale, counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Progress {
    /// Agreed work not begun.
    NotStarted,
    /// Work under way (a RAG rating's amber and red are both active).
    Active,
    /// Continuing work with no end date (never asked for a target date).
    Ongoing,
    /// Stopped for now: not overdue or stale, counted on its own.
    Paused,
    /// Finished.
    Done,
    /// Will not be done: ends the work without completing it.
    NotProceeding,
}

/// What a decision means for the derived facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Answer {
    Accepted,
    /// Agreed in part, or in principle: work is still expected.
    PartlyAccepted,
    /// Noted without a commitment: no work expected, no reason required.
    Noted,
    Rejected,
    Awaiting,
    /// The plan does not record a decision (also what a missing `decision` means).
    NotRecorded,
}

impl Progress {
    pub const ALL: [Progress; 6] = [
        Progress::NotStarted,
        Progress::Active,
        Progress::Ongoing,
        Progress::Paused,
        Progress::Done,
        Progress::NotProceeding,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Progress::NotStarted => "not-started",
            Progress::Active => "active",
            Progress::Ongoing => "ongoing",
            Progress::Paused => "paused",
            Progress::Done => "done",
            Progress::NotProceeding => "not-proceeding",
        }
    }

    /// The work has ended (done, or not proceeding): never overdue or stale.
    pub fn ends_work(self) -> bool {
        matches!(self, Progress::Done | Progress::NotProceeding)
    }
}

impl Answer {
    pub const ALL: [Answer; 6] = [
        Answer::Accepted,
        Answer::PartlyAccepted,
        Answer::Noted,
        Answer::Rejected,
        Answer::Awaiting,
        Answer::NotRecorded,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Answer::Accepted => "accepted",
            Answer::PartlyAccepted => "partly-accepted",
            Answer::Noted => "noted",
            Answer::Rejected => "rejected",
            Answer::Awaiting => "awaiting",
            Answer::NotRecorded => "not-recorded",
        }
    }
}

/// `"a, b or c"` for hints.
pub fn or_list<'a>(keys: impl IntoIterator<Item = &'a str>) -> String {
    let keys: Vec<String> = keys.into_iter().map(|k| format!("`{k}`")).collect();
    match keys.split_last() {
        None => "none".into(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {}", rest.join(", "), last),
    }
}

/// A key the site defined, kept for the life of the process. Vocabularies are a few dozen
/// short words, read again only when `site.yaml` changes, and each distinct word is kept
/// once; in exchange a status is `Copy` and needs no vocabulary to print its key.
pub fn intern(key: &str) -> &'static str {
    static KEYS: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut keys = match KEYS.get_or_init(Default::default).lock() {
        Ok(k) => k,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(k) = keys.get(key) {
        return k;
    }
    let k: &'static str = Box::leak(key.to_owned().into_boxed_str());
    keys.insert(k);
    k
}

macro_rules! site_term {
    ($(#[$meta:meta])* $name:ident, $means:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name {
            key: &'static str,
            means: $means,
        }

        impl $name {
            pub fn new(key: &str, means: $means) -> $name {
                $name { key: intern(key), means }
            }

            /// The key written in front matter and used in URLs.
            pub fn key(self) -> &'static str {
                self.key
            }

            pub fn means(self) -> $means {
                self.means
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.key == other.key
            }
        }
        impl Eq for $name {}
        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }
        impl Ord for $name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.key.cmp(other.key)
            }
        }
        impl std::hash::Hash for $name {
            fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
                self.key.hash(h)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.key)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.key)
            }
        }
    };
}

site_term!(
    /// Where the work on a recommendation stands: one of the site's statuses.
    Status,
    Progress
);
site_term!(
    /// The executive's answer to a recommendation: one of the site's decisions.
    Decision,
    Answer
);

impl Status {
    pub const NOT_STARTED: Status = Status {
        key: "not-started",
        means: Progress::NotStarted,
    };
    pub const IN_PROGRESS: Status = Status {
        key: "in-progress",
        means: Progress::Active,
    };
    pub const ONGOING: Status = Status {
        key: "ongoing",
        means: Progress::Ongoing,
    };
    pub const COMPLETED: Status = Status {
        key: "completed",
        means: Progress::Done,
    };
    pub const NOT_PROCEEDING: Status = Status {
        key: "not-proceeding",
        means: Progress::NotProceeding,
    };

    /// The default set, with its labels and colours (≥ 4.5:1 against white text).
    pub const DEFAULTS: [(Status, &'static str, &'static str); 5] = [
        (Status::NOT_STARTED, "Not started", "#505a5f"),
        (Status::IN_PROGRESS, "In progress", "#1d70b8"),
        (Status::ONGOING, "Ongoing", "#5c3f8f"),
        (Status::COMPLETED, "Completed", "#00703c"),
        (Status::NOT_PROCEEDING, "Not proceeding", "#6f2c1a"),
    ];

    /// Whether the work counts as finished (not overdue, not stale).
    pub fn done(self) -> bool {
        self.means.ends_work()
    }
}

impl Decision {
    pub const ACCEPTED: Decision = Decision {
        key: "accepted",
        means: Answer::Accepted,
    };
    pub const PARTIALLY_ACCEPTED: Decision = Decision {
        key: "partially-accepted",
        means: Answer::PartlyAccepted,
    };
    pub const NOT_ACCEPTED: Decision = Decision {
        key: "not-accepted",
        means: Answer::Rejected,
    };
    pub const AWAITING_RESPONSE: Decision = Decision {
        key: "awaiting-response",
        means: Answer::Awaiting,
    };
    /// What a missing `decision` means, on every site.
    pub const NOT_RECORDED: Decision = Decision {
        key: "not-recorded",
        means: Answer::NotRecorded,
    };

    pub const DEFAULTS: [(Decision, &'static str, &'static str); 5] = [
        (Decision::ACCEPTED, "Accepted", "#00703c"),
        (
            Decision::PARTIALLY_ACCEPTED,
            "Partially accepted",
            "#1d70b8",
        ),
        (Decision::NOT_ACCEPTED, "Not accepted", "#6f2c1a"),
        (Decision::AWAITING_RESPONSE, "Awaiting response", "#505a5f"),
        (Decision::NOT_RECORDED, "Decision not recorded", "#505a5f"),
    ];

    /// The executive agreed to act, in whole or in part.
    pub fn agreed(self) -> bool {
        matches!(self.means, Answer::Accepted | Answer::PartlyAccepted)
    }

    /// Work is expected: agreed, or the plan does not record a decision (a tracker of
    /// statuses only); not when refused, noted or still awaiting an answer.
    pub fn expects_work(self) -> bool {
        matches!(
            self.means,
            Answer::Accepted | Answer::PartlyAccepted | Answer::NotRecorded
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_keys_compare_by_key_and_keep_their_meaning() {
        let green = Status::new("green", Progress::Done);
        assert_eq!(green, Status::new("green", Progress::Done));
        assert_ne!(green, Status::COMPLETED);
        assert!(green.done());
        assert_eq!(green.key(), "green");
        assert_eq!(Status::new("completed", Progress::Done), Status::COMPLETED);
        assert!(!Status::new("paused", Progress::Paused).done());
    }

    #[test]
    fn lists_read_well() {
        assert_eq!(or_list(["a", "b", "c"]), "`a`, `b` or `c`");
        assert_eq!(or_list(["a"]), "`a`");
        assert_eq!(or_list([]), "none");
    }
}
