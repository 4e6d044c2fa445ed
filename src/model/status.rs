//! The contract's fixed vocabularies: what was decided, and where the work stands.

use std::fmt;

macro_rules! keyed_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $key:literal, $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The key written in front matter and used in URLs.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// The default label shown to residents.
            pub fn default_label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.key().eq_ignore_ascii_case(s))
            }

            /// "a, b or c" for hints.
            pub fn valid_list() -> String {
                let keys: Vec<String> = Self::ALL.iter().map(|v| format!("`{}`", v.key())).collect();
                let (last, rest) = keys.split_last().expect("non-empty vocabulary");
                format!("{} or {}", rest.join(", "), last)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.key())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.key())
            }
        }
    };
}

keyed_enum!(
    /// Where the work on a recommendation stands.
    Status {
        NotStarted => "not-started", "Not started",
        InProgress => "in-progress", "In progress",
        Ongoing => "ongoing", "Ongoing",
        Completed => "completed", "Completed",
        NotProceeding => "not-proceeding", "Not proceeding",
    }
);

keyed_enum!(
    /// The executive's answer to a recommendation.
    Decision {
        Accepted => "accepted", "Accepted",
        PartiallyAccepted => "partially-accepted", "Partially accepted",
        NotAccepted => "not-accepted", "Not accepted",
        AwaitingResponse => "awaiting-response", "Awaiting response",
        NotRecorded => "not-recorded", "Decision not recorded",
    }
);

impl Status {
    /// Default tag colours (background), chosen for ≥ 4.5:1 contrast with white text.
    pub fn default_colour(self) -> &'static str {
        match self {
            Status::NotStarted => "#505a5f",
            Status::InProgress => "#1d70b8",
            Status::Ongoing => "#5c3f8f",
            Status::Completed => "#00703c",
            Status::NotProceeding => "#6f2c1a",
        }
    }

    /// Whether the work counts as finished by default (not overdue, not stale).
    pub fn default_done(self) -> bool {
        matches!(self, Status::Completed | Status::NotProceeding)
    }
}

impl Decision {
    /// The executive agreed to act, in whole or in part.
    pub fn agreed(self) -> bool {
        matches!(self, Decision::Accepted | Decision::PartiallyAccepted)
    }

    /// Work is expected: agreed, or the plan does not record a decision (a tracker of
    /// statuses only); not when refused or still awaiting an answer.
    pub fn expects_work(self) -> bool {
        matches!(
            self,
            Decision::Accepted | Decision::PartiallyAccepted | Decision::NotRecorded
        )
    }

    pub fn default_colour(self) -> &'static str {
        match self {
            Decision::Accepted => "#00703c",
            Decision::PartiallyAccepted => "#1d70b8",
            Decision::NotAccepted => "#6f2c1a",
            Decision::AwaitingResponse => "#505a5f",
            Decision::NotRecorded => "#505a5f",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_list_reads_well() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.key()), Some(*s));
        }
        assert_eq!(Decision::parse("Accepted"), Some(Decision::Accepted));
        assert_eq!(Status::parse("done"), None);
        assert!(Status::valid_list().ends_with("or `not-proceeding`"));
    }
}
