//! Decisions and statuses as plans write them: a site's own keys and labels, then the words
//! councils use for what each means ("Agreed", "Complete", "On-going", "Done"). `import` reads
//! cells with these, the command line suggests from them, and `check` suggests from them for a
//! front-matter value it does not know (`status: done` → `completed`).

use crate::model::{Answer, Decision, Progress, Status, Vocabulary};

/// A cell's words as a key: trimmed, lower case, spaces and underscores as hyphens.
pub fn key_form(s: &str) -> String {
    s.trim()
        .trim_end_matches('.')
        .to_lowercase()
        .replace([' ', '_'], "-")
}

/// A decision key or label ("Accepted", "partially accepted", "Agreed"), in the default set.
pub fn decision(cell: &str) -> Option<Decision> {
    decision_in(cell, &Vocabulary::default())
}

/// A decision as a plan writes it, in the site's set: its own key or label, else a word
/// plans use for what one of its decisions means ("Yes", "In part", "Noted").
pub fn decision_in(cell: &str, vocab: &Vocabulary) -> Option<Decision> {
    let k = key_form(cell);
    if let Some(d) = vocab
        .parse_decision(&k)
        .or_else(|| vocab.parse_decision(cell))
    {
        return Some(d);
    }
    let means = match k.as_str() {
        // "Y" and "N": a decision column headed "Accepted (Y/N)".
        "agreed" | "approved" | "yes" | "y" | "accept" | "accepted" => Answer::Accepted,
        "partially-agreed" | "partly-accepted" | "partly-agreed" | "accepted-in-part"
        | "agreed-in-part" | "in-part" | "partial" | "partially-accepted" | "partially"
        | "partly" => Answer::PartlyAccepted,
        // Agreed, with the detail still to settle: the executive has said yes.
        "agreed-in-principle" | "in-principle" | "accepted-in-principle" => Answer::Accepted,
        "noted" | "note" => Answer::Noted,
        "not-agreed" | "rejected" | "declined" | "no" | "n" | "not-approved" | "not-accepted" => {
            Answer::Rejected
        }
        "awaiting" | "pending" | "awaiting-decision" | "no-response" | "awaiting-response" => {
            Answer::Awaiting
        }
        _ => return None,
    };
    vocab.first_decision(means)
}

/// A status key or label ("In progress", "Complete", "On-going"), in the default set.
pub fn status(cell: &str) -> Option<Status> {
    status_in(cell, &Vocabulary::default())
}

/// A status as a plan writes it, in the site's set: its own key or label ("Green"), else a
/// word plans use for what one of its statuses means ("Complete", "Actioned", "On-going").
pub fn status_in(cell: &str, vocab: &Vocabulary) -> Option<Status> {
    let k = key_form(cell);
    if let Some(s) = vocab.parse_status(&k).or_else(|| vocab.parse_status(cell)) {
        return Some(s);
    }
    let means = match k.as_str() {
        "complete" | "completed" | "done" | "implemented" | "achieved" | "actioned" => {
            Progress::Done
        }
        "on-going" | "ongoing" | "continuing" => Progress::Ongoing,
        "started" | "underway" | "under-way" | "in-hand" | "in-progress" => Progress::Active,
        "not-yet-started" | "planned" | "not-started" => Progress::NotStarted,
        "not-proceeding-with" | "not-proceeding" | "withdrawn" | "not-progressed" => {
            Progress::NotProceeding
        }
        "paused" | "on-hold" => Progress::Paused,
        _ => return None,
    };
    vocab.first_status(means).or_else(|| match means {
        Progress::Ongoing => vocab.first_status(Progress::Active),
        _ => None,
    })
}

/// Words plans use for a decision that are neither a key nor a label of the default decisions.
/// (A site's own decisions, such as `noted`, are found by [`decision`] first.)
const DECISION_WORDS: &[(&str, Answer)] = &[
    ("supported", Answer::Accepted),
    ("partly", Answer::PartlyAccepted),
    ("part-agreed", Answer::PartlyAccepted),
    ("not-supported", Answer::Rejected),
];

/// Words plans use for where the work stands that are neither a key nor a label of the default
/// statuses. (A site's own statuses, such as RAG ratings, are found by [`status`] first.)
const STATUS_WORDS: &[(&str, Progress)] = &[
    ("finished", Progress::Done),
    ("delivered", Progress::Done),
    ("pending", Progress::NotStarted),
    ("not-yet-actioned", Progress::NotStarted),
    ("in-train", Progress::Active),
    ("on-track", Progress::Active),
];

/// A decision as a plan writes it: [`decision`] (the vocabulary's keys and labels and the common
/// words), else one of [`DECISION_WORDS`]. This is where the site's vocabulary reaches `import`.
pub fn decision_word(cell: &str, vocab: &Vocabulary) -> Option<Decision> {
    let k = key_form(cell);
    decision_in(cell, vocab).or_else(|| {
        DECISION_WORDS
            .iter()
            .find(|(w, _)| *w == k)
            .and_then(|(_, means)| vocab.first_decision(*means))
    })
}

/// Whether `cell` is just `status`'s key or label ("Not proceeding", "not-proceeding").
pub fn is_status_label(cell: &str, status: Status, vocab: &Vocabulary) -> bool {
    let k = key_form(cell);
    k == status.key() || k == key_form(&vocab.status(status).label)
}

/// A status as a plan writes it: [`status`], else one of [`STATUS_WORDS`].
pub fn status_word(cell: &str, vocab: &Vocabulary) -> Option<Status> {
    let k = key_form(cell);
    status_in(cell, vocab).or_else(|| {
        STATUS_WORDS
            .iter()
            .find(|(w, _)| *w == k)
            .and_then(|(_, means)| vocab.first_status(*means))
    })
}
