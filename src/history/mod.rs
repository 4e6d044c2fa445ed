//! The public change record (`history: git` in `site.yaml`): each recommendation's published
//! edits, read from the git history of the site folder and attached to the model.
//!
//! `git` reads the commits of the checked-out branch and the recommendation files each one
//! touched; every version of a file is read as the site reads it (`validate`), once per blob;
//! the versions are then replayed oldest first, following a recommendation from file to file
//! by its review and number (a renamed file keeps its record; a renumbered one too, while its
//! file stays). `compare` turns two versions into what a resident reads.
//!
//! Everything comes from commits, so the same commit builds the same record. Edits not yet
//! committed are shown only in the preview.

pub mod compare;
pub mod git;

use crate::diagnostics::{Diagnostic, Position};
use crate::load::{document, source};
use crate::model::history::{Change, Edit, Gone, HistorySource};
use crate::model::{Config, Recommendation, Site};
use compare::Questioned;
use git::{Commit, Missing, Repo};
use gix::ObjectId;
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

/// A version of a recommendation file as the site reads it; `None`: it has errors (a build
/// from that commit would have failed, so nothing of it was published).
type Version = Option<Arc<Recommendation>>;

/// What the preview keeps between rebuilds: the commits read and every version parsed, so a
/// new commit costs only its own files, and an edit only a comparison.
#[derive(Default)]
pub struct Cache {
    keep: bool,
    head: Option<ObjectId>,
    /// Newest first.
    commits: Vec<Commit>,
    versions: HashMap<ObjectId, Version>,
    /// The settings the versions were read with (the vocabulary and fields decide them).
    config: Option<Config>,
    /// The recommendation files of the commit checked out (for edits not yet committed).
    head_files: HashMap<String, ObjectId>,
}

impl Cache {
    /// Keeps nothing (a one-off build, `check`).
    pub fn none() -> Cache {
        Cache::default()
    }

    /// Keeps what was read for the next rebuild (the preview).
    pub fn new() -> Cache {
        Cache {
            keep: true,
            ..Cache::default()
        }
    }

    /// Whether the repository's checked-out commit is no longer the one last read (a commit
    /// made, a branch switched): the preview rebuilds, and edits it showed as not yet
    /// committed take their place in the record.
    pub fn moved(&self, root: &Path) -> bool {
        let Some(head) = self.head else {
            return false;
        };
        Repo::open(root)
            .and_then(|r| r.head())
            .is_ok_and(|now| now != head)
    }
}

/// A recommendation's review folder and number: what its record follows.
type Identity = (String, String);

/// The review folder of `content/<review>/recommendations/<file>.md`.
fn review_dir(path: &str) -> &str {
    path.split('/').nth(1).unwrap_or("")
}

fn identity(path: &str, rec: &Recommendation) -> Identity {
    (review_dir(path).to_string(), rec.number.text.clone())
}

/// One recommendation's record while the history is replayed.
#[derive(Default)]
struct Record {
    /// Its last published version; `None` while not on the site (removed, or a draft).
    last: Option<Arc<Recommendation>>,
    /// Its last title, for a removed recommendation's entry.
    title: String,
    /// Oldest first.
    changes: Vec<Change>,
    /// What a resident would question, with the commit that did it.
    questioned: Vec<(Questioned, String, Date)>,
}

/// Attach the change record to `site` when it asks for one. Returns what `check` says about
/// it: a history that cannot be read, a shallow clone, and the changes a resident would
/// question (`warnings`).
pub fn attach(
    root: &Path,
    site: &mut Site,
    cache: &mut Cache,
    preview: bool,
    warnings: bool,
) -> Vec<Diagnostic> {
    if site.config.history != HistorySource::Git {
        return Vec::new();
    }
    let mut diags = Vec::new();
    let records = match read(root, site, cache) {
        Ok(records) => records,
        Err(missing) => {
            if warnings {
                diags.push(unreadable(root, &missing));
            }
            *cache = Cache {
                keep: cache.keep,
                ..Cache::default()
            };
            return diags;
        }
    };
    site.reach.available = true;
    if let Some(oldest) = cache.commits.last().filter(|c| c.baseline) {
        site.reach.shallow_since = Some(oldest.date);
        if warnings {
            diags.push(
                Diagnostic::warning("site.yaml", history_key(root).0, format!(
                    "the repository is a shallow clone: changes before {} are not shown",
                    crate::model::PartialDate::from_date(oldest.date).human()
                ))
                .with_line(&history_key(root).1)
                .with_hint("clone with the full history (`git fetch --unshallow`) to publish the whole record"),
            );
        }
    }
    let uncommitted = if preview {
        Some(&cache.head_files)
    } else {
        None
    };
    place(
        site,
        records,
        uncommitted,
        &cache.versions,
        root,
        warnings,
        &mut diags,
    );
    if !cache.keep {
        *cache = Cache::default();
    }
    diags
}

/// The commits since the last read, every version parsed, and the records replayed.
fn read(root: &Path, site: &Site, cache: &mut Cache) -> Result<HashMap<Identity, Record>, Missing> {
    let repo = Repo::open(root)?;
    let head = repo.head()?;
    if cache.config.as_ref() != Some(&site.config) {
        cache.versions.clear();
        cache.config = Some(site.config.clone());
    }
    if cache.head != Some(head) {
        let known: std::collections::HashSet<ObjectId> =
            cache.commits.iter().map(|c| c.id).collect();
        let (mut fresh, stopped) = repo.commits_since(head, &|id| known.contains(id))?;
        // The chain goes on from the first known commit as it was read before.
        if let Some(k) = stopped {
            fresh.extend(cache.commits.iter().skip_while(|c| c.id != k).cloned());
        }
        cache.commits = fresh;
        cache.head = Some(head);
        cache.head_files = repo.files_at(head)?;
    }
    parse_versions(&repo, cache);
    Ok(replay(&cache.commits, &cache.versions, &site.config))
}

/// Every blob of the commits (and of the commit checked out) not parsed yet, in parallel.
fn parse_versions(repo: &Repo, cache: &mut Cache) {
    let mut wanted: BTreeMap<ObjectId, &str> = BTreeMap::new();
    let events = cache.commits.iter().flat_map(|c| &c.events);
    for e in events {
        for id in [e.old, e.new].into_iter().flatten() {
            if !cache.versions.contains_key(&id) {
                wanted.insert(id, &e.path);
            }
        }
    }
    for (path, id) in &cache.head_files {
        if !cache.versions.contains_key(id) {
            wanted.insert(*id, path);
        }
    }
    let Some(config) = cache.config.as_ref() else {
        return;
    };
    let wanted: Vec<(ObjectId, &str)> = wanted.into_iter().collect();
    let parsed: Vec<(ObjectId, Version)> = wanted
        .par_iter()
        .map_init(
            || repo.local(),
            |r, (id, path)| (*id, version(Repo::blob(r, *id), path, config)),
        )
        .collect();
    cache.versions.extend(parsed);
}

/// A blob read as the site reads a recommendation file.
fn version(bytes: Option<Vec<u8>>, path: &str, config: &Config) -> Version {
    let src = source::decode(Path::new(path), bytes?).ok()?;
    let doc = document::parse(src, "recommendation").ok()?;
    crate::validate::lone_recommendation(&doc, config).map(Arc::new)
}

/// The commits replayed oldest first into each recommendation's record.
fn replay(
    commits: &[Commit],
    versions: &HashMap<ObjectId, Version>,
    config: &Config,
) -> HashMap<Identity, Record> {
    let mut records: HashMap<Identity, Record> = HashMap::new();
    // Which record each file held when last read.
    let mut at_path: HashMap<String, Identity> = HashMap::new();
    let get = |id: Option<ObjectId>| -> Option<&Arc<Recommendation>> {
        id.and_then(|id| versions.get(&id)).and_then(Option::as_ref)
    };
    let no_themes: &[crate::model::Theme] = &[];
    for commit in commits.iter().rev() {
        // What this commit did, per record: its version after the commit (None: removed).
        let mut touched: BTreeMap<Identity, (Option<Arc<Recommendation>>, Option<Identity>)> =
            BTreeMap::new();
        // Files removed, to pair with files added under another name (a rename).
        let mut removed: Vec<(Identity, Option<ObjectId>)> = Vec::new();
        let mut added: Vec<(&str, Option<ObjectId>)> = Vec::new();
        for e in &commit.events {
            match (e.old, e.new) {
                (_, None) => {
                    if let Some(was) = at_path.remove(&e.path) {
                        removed.push((was, e.old));
                    }
                }
                (None, Some(_)) => added.push((&e.path, e.new)),
                (Some(_), Some(_)) => {
                    // A version with errors published nothing: the record stays as it was.
                    let Some(now) = get(e.new) else { continue };
                    let id = identity(&e.path, now);
                    let was = at_path.insert(e.path.clone(), id.clone());
                    touched.insert(id, (Some(now.clone()), was));
                }
            }
        }
        for (path, blob) in added {
            let Some(now) = get(blob) else { continue };
            let id = identity(path, now);
            at_path.insert(path.to_string(), id.clone());
            // A file removed in the same commit that held this record, or the same bytes: the
            // record moved to a new file name.
            let moved = removed
                .iter()
                .position(|(was, b)| *was == id || (b.is_some() && *b == blob))
                .map(|i| removed.remove(i).0);
            touched.insert(id, (Some(now.clone()), moved));
        }
        for (was, _) in removed {
            // Still held by another file (a copy removed): not gone.
            if !at_path.values().any(|v| *v == was) && !touched.contains_key(&was) {
                touched.insert(was, (None, None));
            }
        }
        for (id, (now, was)) in touched {
            // Renumbered in the same file: the record moves with it.
            if let Some(was) = was.filter(|w| *w != id) {
                if let Some(moved) = records.remove(&was) {
                    let target = records.entry(id.clone()).or_default();
                    if target.last.is_none() && target.changes.is_empty() {
                        *target = moved;
                    }
                }
            }
            let record = records.entry(id).or_default();
            let now = now.filter(|r| !r.draft);
            let mut edits = Vec::new();
            match (&record.last, &now) {
                (None, Some(_)) => edits.push(Edit::Added),
                (Some(_), None) => edits.push(Edit::Removed),
                (Some(old), Some(new)) => {
                    let c = compare::compare(old, new, config, no_themes);
                    if !c.added_update {
                        for q in compare::questioned(old, new, config) {
                            record
                                .questioned
                                .push((q, commit.short.clone(), commit.date));
                        }
                    }
                    edits = c.edits;
                }
                (None, None) => {}
            }
            if let Some(n) = &now {
                record.title = n.title.clone();
            }
            record.last = now;
            if !edits.is_empty() && !commit.baseline {
                record.changes.push(Change {
                    date: commit.date,
                    commit: Some(commit.short.clone()),
                    edits,
                });
            }
        }
    }
    records
}

/// The records onto the site's recommendations (newest first), removed ones onto their
/// reviews, and edits not yet committed (the preview) on top.
fn place(
    site: &mut Site,
    mut records: HashMap<Identity, Record>,
    uncommitted: Option<&HashMap<String, ObjectId>>,
    versions: &HashMap<ObjectId, Version>,
    root: &Path,
    warnings: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let config = site.config.clone();
    let today = site.today;
    for review in &mut site.reviews {
        let dir = review_dir(&path_string(&review.file)).to_string();
        let review = Arc::make_mut(review);
        let themes = review.themes.clone();
        for rec in &mut review.recommendations {
            let id = (dir.clone(), rec.number.text.clone());
            let record = records.remove(&id).unwrap_or_default();
            let mut changes: Vec<Change> = record.changes;
            // Theme titles as the review has them now.
            for c in &mut changes {
                name_themes(&mut c.edits, &themes);
            }
            changes.reverse();
            if let Some(head_files) = uncommitted {
                let path = path_string(&rec.file);
                let at_head = head_files
                    .get(&path)
                    .and_then(|b| versions.get(b))
                    .and_then(Option::as_ref)
                    .filter(|r| !r.draft);
                let edits = match at_head {
                    Some(old) => compare::compare(old, rec, &config, &themes).edits,
                    None if !rec.draft => vec![Edit::Added],
                    None => Vec::new(),
                };
                if !edits.is_empty() {
                    changes.insert(
                        0,
                        Change {
                            date: today,
                            commit: None,
                            edits,
                        },
                    );
                }
            }
            if warnings {
                for (q, short, date) in &record.questioned {
                    // An update dated since explains it.
                    if rec.updates.iter().any(|u| u.date.end() >= *date) {
                        continue;
                    }
                    diags.push(questioned(root, rec, q, short, *date));
                }
            }
            rec.changes = changes;
        }
        let mut gone: Vec<Gone> = records
            .iter()
            .filter(|((d, _), r)| *d == dir && r.last.is_none() && !r.changes.is_empty())
            .map(|((_, number), r)| {
                let mut changes = r.changes.clone();
                changes.reverse();
                Gone {
                    number: number.clone(),
                    title: r.title.clone(),
                    changes,
                }
            })
            .collect();
        gone.sort_by(|a, b| {
            crate::model::Number::new(&a.number).cmp(&crate::model::Number::new(&b.number))
        });
        review.gone = gone;
    }
}

/// "Theme changed from greater-communications to …": the slugs as the theme's title.
fn name_themes(edits: &mut [Edit], themes: &[crate::model::Theme]) {
    let title = |v: &mut Option<String>| {
        if let Some(t) = v
            .as_ref()
            .and_then(|s| themes.iter().find(|t| t.slug.as_str() == s))
        {
            *v = Some(t.title.clone());
        }
    };
    for e in edits {
        if let Edit::Changed { label, from, to } = e {
            if label == "Theme" {
                title(from);
                title(to);
            }
        }
    }
}

fn path_string(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// A change a resident would question, at its key in the file as it is now.
fn questioned(
    root: &Path,
    rec: &Recommendation,
    q: &Questioned,
    short: &str,
    date: Date,
) -> Diagnostic {
    let when = crate::model::PartialDate::from_date(date).human();
    let message = format!(
        "recommendation {}: {} in commit {short} ({when}), with no update explaining it",
        rec.number.text, q.what
    );
    let mut pos = Position::new(1, 1);
    let mut text = None;
    if let Ok(src) = source::read(root, &rec.file) {
        if let Ok(doc) = document::parse(src.clone(), "recommendation") {
            if let crate::load::yaml::Value::Map(entries) = &doc.front.value {
                if let Some((_, n)) = entries.iter().find(|(k, _)| k == q.key) {
                    pos = n.key_pos;
                }
            }
        }
        text = Some(src.text);
    }
    let d = Diagnostic::warning(&rec.file, pos, message).with_hint(
        "residents see this change in the record; add an update saying why (`scrutiny update`), dated today",
    );
    match text {
        Some(t) => d.with_source(&t),
        None => d,
    }
}

/// Where `history:` is in site.yaml, and its line.
fn history_key(root: &Path) -> (Position, String) {
    let text = std::fs::read_to_string(root.join("site.yaml")).unwrap_or_default();
    text.lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("history:"))
        .map_or((Position::new(1, 1), String::new()), |(i, l)| {
            (Position::new(i + 1, 1), l.to_string())
        })
}

/// `history: git` with no history to read.
fn unreadable(root: &Path, missing: &Missing) -> Diagnostic {
    let (pos, line) = history_key(root);
    let (message, hint) = match missing {
        Missing::NotARepository => (
            "`history: git` is set but the site folder is not in a git repository: no change record is published".to_string(),
            "run `git init` and commit the site, or remove the `history` line".to_string(),
        ),
        Missing::NoCommits => (
            "`history: git` is set but the repository has no commits yet: no change record is published".to_string(),
            "commit the site (`git add -A && git commit`)".to_string(),
        ),
        Missing::Broken(e) => (
            format!("`history: git` is set but the repository cannot be read: {e}"),
            "check the repository with `git fsck`".to_string(),
        ),
    };
    Diagnostic::warning("site.yaml", pos, message)
        .with_line(&line)
        .with_hint(hint)
}
