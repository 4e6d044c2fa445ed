//! Reading the site's git history with `gix`: the commits of the branch that is checked out
//! (first parent only: a merge is dated when it reached the branch, as its readers saw it), and
//! for each, the recommendation files it added, changed or removed.

use gix::ObjectId;
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A recommendation file's blob before and after a commit; `None`: not there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEvent {
    /// Relative to the site folder: `content/<review>/recommendations/<file>.md`.
    pub path: String,
    pub old: Option<ObjectId>,
    pub new: Option<ObjectId>,
}

/// One commit of the branch, with the recommendation files it touched.
#[derive(Debug, Clone)]
pub struct Commit {
    pub id: ObjectId,
    pub short: String,
    /// The committer's date in the committer's time zone: when the edit reached the branch.
    pub date: Date,
    pub events: Vec<FileEvent>,
    /// A shallow clone's oldest commit: its files (as `events` that add them) are where the
    /// known history starts, not changes.
    pub baseline: bool,
}

/// The repository the site is in, opened.
pub struct Repo {
    repo: gix::ThreadSafeRepository,
    /// The site folder's path inside the repository ("" at its top).
    prefix: PathBuf,
}

/// Why there is no history to read.
#[derive(Debug)]
pub enum Missing {
    /// The site folder is not in a git repository.
    NotARepository,
    /// The repository has no commits yet.
    NoCommits,
    /// Reading failed: the repository is damaged or of an unsupported kind.
    Broken(String),
}

impl Repo {
    /// The repository the site folder `root` is in.
    pub fn open(root: &Path) -> Result<Repo, Missing> {
        let repo = gix::discover(root).map_err(|_| Missing::NotARepository)?;
        let workdir = repo
            .workdir()
            .ok_or(Missing::NotARepository)?
            .canonicalize()
            .map_err(|e| Missing::Broken(e.to_string()))?;
        let root = root
            .canonicalize()
            .map_err(|e| Missing::Broken(e.to_string()))?;
        let prefix = root
            .strip_prefix(&workdir)
            .map_err(|_| Missing::NotARepository)?
            .to_path_buf();
        Ok(Repo {
            repo: repo.into_sync(),
            prefix,
        })
    }

    /// A handle for this thread. Each one has its own pack cache: make one per thread of a
    /// parallel read, not one per item.
    pub fn local(&self) -> gix::Repository {
        self.repo.to_thread_local()
    }

    /// The repository's own folder (`.git`; a linked worktree's shared one).
    pub fn git_dir(&self) -> PathBuf {
        self.local().common_dir().to_path_buf()
    }

    /// The site folder's path inside the repository ("" at its top).
    pub fn prefix(&self) -> &Path {
        &self.prefix
    }

    /// The commit checked out, if there is one.
    pub fn head(&self) -> Result<ObjectId, Missing> {
        let repo = self.local();
        let head = repo.head_id().map_err(|_| Missing::NoCommits)?;
        Ok(head.detach())
    }

    /// The shallow clone's boundary commits (none in a full clone).
    pub fn shallow(&self) -> Vec<ObjectId> {
        let repo = self.local();
        match repo.shallow_commits() {
            Ok(Some(list)) => list.iter().copied().collect(),
            _ => Vec::new(),
        }
    }

    /// The content folder's tree in a commit.
    fn content_tree(
        &self,
        repo: &gix::Repository,
        commit: ObjectId,
    ) -> Result<Option<ObjectId>, Missing> {
        let commit = repo.find_commit(commit).map_err(broken)?;
        let tree = commit.tree().map_err(broken)?;
        let entry = tree
            .lookup_entry_by_path(self.prefix.join("content"))
            .map_err(broken)?;
        Ok(entry.filter(|e| e.mode().is_tree()).map(|e| e.object_id()))
    }

    /// The branch's commits from `head` back to the first `known` one (a commit already read,
    /// returned second) or to the start of the history, newest first, each with the files it
    /// touched. A shallow clone's boundary commit has no parent here: its files are the
    /// baseline, not changes.
    pub fn commits_since(
        &self,
        head: ObjectId,
        known: &dyn Fn(&ObjectId) -> bool,
    ) -> Result<(Vec<Commit>, Option<ObjectId>), Missing> {
        let repo = self.local();
        let shallow = self.shallow();
        // The chain first (commit objects only), then each commit's files compared with its
        // parent's, in parallel.
        let mut chain: Vec<(ObjectId, Date, Option<ObjectId>)> = Vec::new();
        let mut stopped = None;
        let mut next = Some(head);
        while let Some(id) = next {
            if known(&id) {
                stopped = Some(id);
                break;
            }
            let commit = repo.find_commit(id).map_err(broken)?;
            let time = commit.time().map_err(broken)?;
            let parent = if shallow.contains(&id) {
                None
            } else {
                commit.parent_ids().next().map(|p| p.detach())
            };
            chain.push((id, date_of(time), parent));
            next = parent;
        }
        let handle = || {
            let mut repo = self.local();
            // Each commit's trees are read twice (as the commit and as its child's parent).
            repo.object_cache_size_if_unset(4 * 1024 * 1024);
            repo
        };
        let out = chain
            .par_iter()
            .map_init(handle, |repo, &(id, date, parent)| {
                let this = self.content_tree(repo, id)?;
                let mut events = Vec::new();
                match parent {
                    Some(p) => {
                        let before = self.content_tree(repo, p)?;
                        if before != this {
                            content_events(repo, before, this, &mut events)?;
                        }
                    }
                    // The first commit: every file in it was added. At a shallow boundary the
                    // commit's own changes are unknown: its files are only the baseline.
                    None => content_events(repo, None, this, &mut events)?,
                }
                Ok(Commit {
                    id,
                    short: id.to_hex_with_len(7).to_string(),
                    date,
                    events,
                    baseline: parent.is_none() && shallow.contains(&id),
                })
            })
            .collect::<Result<Vec<Commit>, Missing>>()?;
        Ok((out, stopped))
    }

    /// Each recommendation file of a commit's content folder, by path.
    pub fn files_at(&self, commit: ObjectId) -> Result<HashMap<String, ObjectId>, Missing> {
        let repo = self.local();
        let tree = self.content_tree(&repo, commit)?;
        let mut events = Vec::new();
        content_events(&repo, None, tree, &mut events)?;
        Ok(events
            .into_iter()
            .filter_map(|e| Some((e.path, e.new?)))
            .collect())
    }

    /// A blob's bytes, handed to `read` (the buffer goes back to the handle for the next
    /// blob: taking it would make every read a fresh, zeroed allocation).
    pub fn blob<T>(
        repo: &gix::Repository,
        id: ObjectId,
        read: impl FnOnce(&[u8]) -> T,
    ) -> Option<T> {
        let blob = repo.find_blob(id).ok()?;
        Some(read(&blob.data))
    }
}

fn broken(e: impl std::fmt::Display) -> Missing {
    Missing::Broken(e.to_string())
}

/// The civil date of a commit time in its own time zone.
fn date_of(time: gix::date::Time) -> Date {
    let local = time.seconds.saturating_add(i64::from(time.offset));
    jiff::Timestamp::from_second(local)
        .map(|t| jiff::tz::TimeZone::UTC.to_datetime(t).date())
        .unwrap_or(Date::constant(1970, 1, 1))
}

/// A tree's entries: name, id, whether it is a folder.
fn entries(
    repo: &gix::Repository,
    tree: Option<ObjectId>,
) -> Result<Vec<(String, ObjectId, bool)>, Missing> {
    let Some(tree) = tree else {
        return Ok(Vec::new());
    };
    let tree = repo.find_tree(tree).map_err(broken)?;
    let decoded = tree.decode().map_err(broken)?;
    Ok(decoded
        .entries
        .iter()
        .map(|e| {
            (
                String::from_utf8_lossy(e.filename).into_owned(),
                e.oid.to_owned(),
                e.mode.is_tree(),
            )
        })
        .collect())
}

/// A tree entry: its id and whether it is a folder.
type Entry = Option<(ObjectId, bool)>;

/// Pairs of entries by name: (name, before, after).
type Paired = Vec<(String, Entry, Entry)>;

fn paired(
    repo: &gix::Repository,
    before: Option<ObjectId>,
    after: Option<ObjectId>,
) -> Result<Paired, Missing> {
    let mut by_name: std::collections::BTreeMap<String, (Entry, Entry)> = Default::default();
    for (name, id, dir) in entries(repo, before)? {
        by_name.entry(name).or_default().0 = Some((id, dir));
    }
    for (name, id, dir) in entries(repo, after)? {
        by_name.entry(name).or_default().1 = Some((id, dir));
    }
    Ok(by_name
        .into_iter()
        .filter(|(_, (a, b))| a != b)
        .map(|(n, (a, b))| (n, a, b))
        .collect())
}

/// The recommendation files that differ between two content trees (either may be absent):
/// `<review>/recommendations/<file>.md`, skipping unchanged folders without reading them.
fn content_events(
    repo: &gix::Repository,
    before: Option<ObjectId>,
    after: Option<ObjectId>,
    out: &mut Vec<FileEvent>,
) -> Result<(), Missing> {
    let dir = |e: Entry| e.filter(|(_, d)| *d).map(|(id, _)| id);
    let blob = |e: Entry| e.filter(|(_, d)| !*d).map(|(id, _)| id);
    for (review, a, b) in paired(repo, before, after)? {
        if crate::load::is_ignored_name(&review) {
            continue;
        }
        let recs = |tree: Option<ObjectId>| -> Result<Option<ObjectId>, Missing> {
            Ok(entries(repo, tree)?
                .into_iter()
                .find(|(n, _, d)| n == "recommendations" && *d)
                .map(|(_, id, _)| id))
        };
        let (ra, rb) = (recs(dir(a))?, recs(dir(b))?);
        if ra == rb {
            continue;
        }
        for (file, fa, fb) in paired(repo, ra, rb)? {
            if !file.ends_with(".md") || crate::load::is_ignored_name(&file) {
                continue;
            }
            let (old, new) = (blob(fa), blob(fb));
            if old != new {
                out.push(FileEvent {
                    path: format!("content/{review}/recommendations/{file}"),
                    old,
                    new,
                });
            }
        }
    }
    Ok(())
}
