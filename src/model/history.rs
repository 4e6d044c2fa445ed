//! A recommendation's public change record: what each published edit of its file changed,
//! in words a resident understands. Made from the site's git history (`src/history/`) when
//! the site asks for it (`history: git`).

use super::PartialDate;
use jiff::civil::Date;

/// Whether the site publishes its change history (`history:` in `site.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HistorySource {
    /// No change history (the default).
    #[default]
    Off,
    /// From the git repository the site folder is in.
    Git,
}

/// The edits one commit made to one recommendation's published fields.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Change {
    /// The commit's date, in its committer's time zone.
    pub date: Date,
    /// The commit's short id; `None` for an edit not yet committed (shown in the preview only).
    pub commit: Option<String>,
    pub edits: Vec<Edit>,
}

impl Change {
    /// An edit not yet committed (the preview).
    pub fn committed(&self) -> bool {
        self.commit.is_some()
    }
}

/// One edit, in the order of the file's fields.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Edit {
    /// The recommendation was published (its file added, or its draft flag removed).
    Added,
    /// Its file was removed from the site (or made a draft again).
    Removed,
    /// A field's value changed; `None` is "not given".
    Changed {
        label: String,
        from: Option<String>,
        to: Option<String>,
    },
    /// A prose field (Markdown) was edited: the difference word by word.
    Prose {
        label: String,
        words: Vec<Words>,
    },
    /// An update already published was edited, or removed.
    UpdateEdited(PartialDate),
    UpdateRemoved(PartialDate),
}

/// A run of words in a prose field's difference.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Words {
    pub kind: WordsKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum WordsKind {
    Same,
    Deleted,
    Inserted,
}

impl WordsKind {
    pub fn key(self) -> &'static str {
        match self {
            WordsKind::Same => "same",
            WordsKind::Deleted => "deleted",
            WordsKind::Inserted => "inserted",
        }
    }
}

impl Edit {
    /// The edit as a sentence: "Target date changed from October 2023 to March 2024".
    pub fn sentence(&self) -> String {
        match self {
            Edit::Added => "Published on this site".into(),
            Edit::Removed => "Removed from this site".into(),
            Edit::Changed {
                label,
                from: Some(from),
                to: Some(to),
            } => format!("{label} changed from {from} to {to}"),
            Edit::Changed {
                label,
                from: None,
                to: Some(to),
            } => format!("{label} set to {to}"),
            Edit::Changed {
                label,
                from: Some(from),
                to: None,
            } => format!("{label} removed (was {from})"),
            Edit::Changed { label, .. } => format!("{label} changed"),
            Edit::Prose { label, .. } => format!("{label} edited"),
            Edit::UpdateEdited(d) => format!("Update of {} edited", d.human()),
            Edit::UpdateRemoved(d) => format!("Update of {} removed", d.human()),
        }
    }
}

/// A recommendation whose file was removed from the site: its record of changes stays on its
/// review's "Recent changes" page and in the open data.
#[derive(Debug, Clone, PartialEq)]
pub struct Gone {
    pub number: String,
    pub title: String,
    /// Newest first; the first is its removal.
    pub changes: Vec<Change>,
}

/// What the site's history says about the site as a whole.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reach {
    /// The site asks for its history and it was read: the pages of the change record are made.
    pub available: bool,
    /// The history is a shallow clone's: nothing before this commit's date is known.
    pub shallow_since: Option<Date>,
}
