//! The public change record (`history: git` in `site.yaml`): each recommendation's published
//! edits, read from the git history of the site folder and attached to the model.
//!
//! `git` reads the commits of the checked-out branch and the recommendation files each one
//! touched. The commits are replayed oldest first into lineages, following a recommendation
//! from file to file by its review and number (a renamed file keeps its record; a renumbered
//! one too, while its file stays). Each lineage is then followed on its own, in parallel: its
//! versions read, told apart by text (`text`), read as the site reads them (`validate`) only
//! where that is not enough, and put into words (`compare`).
//!
//! Everything comes from commits, so the same commit builds the same record. Edits not yet
//! committed are shown only in the preview.

pub mod compare;
pub mod git;
mod store;
pub mod text;

use crate::diagnostics::{Diagnostic, Position};
use crate::load::{document, source};
use crate::model::history::{Change, Edit, Gone, HistorySource};
use crate::model::{Config, Recommendation, Site};
use compare::Questioned;
use git::{Commit, Missing, Repo};
use gix::ObjectId;
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use store::{Named, Store};
use text::{Difference, Text};

/// A version of a recommendation file as the site reads it; `None`: it has errors (a build
/// from that commit would have failed, so nothing of it was published).
type Version = Option<Arc<Recommendation>>;

/// What the preview keeps between rebuilds: the commits read, the versions parsed and each
/// record in words, so a new commit costs only its own files, and an edit only a comparison.
#[derive(Default)]
pub struct Cache {
    keep: bool,
    head: Option<ObjectId>,
    /// Newest first.
    commits: Vec<Commit>,
    versions: HashMap<ObjectId, Version>,
    /// The preview: each recommendation file's stamp when last compared with the commit
    /// checked out, and whether it differed; and the files that differ now.
    stamps: HashMap<String, (Option<std::time::SystemTime>, u64, ObjectId, bool)>,
    differs: std::collections::HashSet<String>,
    /// The settings the versions were read with (the vocabulary and fields decide them).
    config: Option<Config>,
    /// The recommendation files of the commit checked out (for edits not yet committed).
    head_files: HashMap<String, ObjectId>,
    /// Each record in words by its key ([`store::key`]), so a rebuild puts into words only
    /// the records a new commit touched.
    told: HashMap<String, (Told, Named)>,
    /// Each review as validated and as placed with its record, by folder.
    placed: Placed,
    /// The lineages of the commit checked out, and their keys.
    lineages: Option<Lines>,
    /// The preview: the files saved since the last rebuild, when the watcher named them all
    /// (`None`: every file is compared with the commit again).
    touched: Option<std::collections::HashSet<String>>,
}

/// The lineages of a commit, and their keys.
type Lines = (ObjectId, Arc<Vec<Lineage>>, Arc<Vec<String>>);

/// A review as validated, and as the change record placed it (the preview reuses the placed
/// one while both stay the same).
type Placed = HashMap<String, (Arc<crate::model::Review>, Arc<crate::model::Review>)>;

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

    /// The preview: these files were saved (`None`: the site is walked again, and any file may
    /// have changed).
    pub fn touched(&mut self, files: Option<&[std::path::PathBuf]>) {
        match (files, self.touched.as_mut()) {
            (Some(files), Some(set)) => set.extend(files.iter().map(|f| path_string(f))),
            _ => self.touched = None,
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

/// The review folder of `content/<review>/recommendations/<file>.md`.
fn review_dir(path: &str) -> &str {
    path.split('/').nth(1).unwrap_or("")
}

/// One record while its lineage is followed.
#[derive(Default)]
struct Record {
    /// Its last published version; `None` while not on the site (removed, or a draft).
    last: Option<ObjectId>,
    /// Oldest first: each commit's comparison, made once every version needed is read.
    pending: Vec<Pending>,
}

/// What one commit did to one record, before it is put into words.
#[derive(Clone)]
struct Pending {
    commit: usize,
    what: Step,
}

#[derive(Clone, Copy)]
enum Step {
    Added,
    Removed,
    /// From one published version to the next.
    Edited(ObjectId, ObjectId, Difference),
}

/// A record's changes in words, and what a resident would question.
#[derive(Default, Clone)]
struct Told {
    /// Oldest first.
    changes: Vec<Change>,
    questioned: Vec<(Questioned, String, Date)>,
}

/// The replayed history: the records of the files there now, by path, and of the files
/// removed (with their last version's number and title).
struct Replayed {
    records: HashMap<String, Told>,
    gone: Vec<(String, Named, Told)>,
}

/// Attach the change record to `site` when it asks for one. Returns what `check` says about
/// it: a history that cannot be read, a shallow clone, and the changes a resident would
/// question (`warnings`; `located`: each at its key, with its line, for `check` to show).
pub fn attach(
    root: &Path,
    site: &mut Site,
    cache: &mut Cache,
    preview: bool,
    warnings: bool,
    located: bool,
) -> Vec<Diagnostic> {
    if site.config.history != HistorySource::Git {
        return Vec::new();
    }
    let mut diags = Vec::new();
    // `check` (the run that places its warnings) writes nothing: it reads what a build kept.
    let replayed = match read(root, site, cache, preview, !located) {
        Ok(r) => r,
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
    let t = std::time::Instant::now();
    let uncommitted = preview.then_some((&cache.head_files, &cache.differs, &cache.versions));
    let placed = cache.keep.then_some(&mut cache.placed);
    place(
        site,
        replayed,
        uncommitted,
        placed,
        root,
        (warnings, located),
        &mut diags,
    );
    debug_time("placed", t);
    if !cache.keep {
        *cache = Cache::default();
    }
    diags
}

/// The commits since the last read, and each record replayed and put into words (`keep`: the
/// records are kept for the next build).
fn read(
    root: &Path,
    site: &Site,
    cache: &mut Cache,
    preview: bool,
    keep: bool,
) -> Result<Replayed, Missing> {
    let t0 = std::time::Instant::now();
    let repo = Repo::open(root)?;
    let head = repo.head()?;
    if cache.config.as_ref() != Some(&site.config) {
        cache.versions.clear();
        cache.told.clear();
        cache.config = Some(site.config.clone());
    }
    let moved = cache.head != Some(head);
    if moved {
        cache.touched = None;
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
    debug_time("commits walked", t0);
    let t = std::time::Instant::now();
    // The lineages and their keys depend on the commits alone: the preview keeps them until
    // another commit is checked out.
    let (lines, keys) = match &cache.lineages {
        Some((at, lines, keys)) if *at == head => (lines.clone(), keys.clone()),
        _ => {
            let lines = lineages(&cache.commits, &numbers(&repo, &cache.commits));
            let keys: Vec<String> = lines
                .par_iter()
                .map(|l| store::key(l, &cache.commits))
                .collect();
            let made = (Arc::new(lines), Arc::new(keys));
            if cache.keep {
                cache.lineages = Some((head, made.0.clone(), made.1.clone()));
            }
            made
        }
    };
    debug_time("lineages followed", t);
    let t = std::time::Instant::now();
    let config = &site.config;
    let (commits, known) = (&cache.commits, &cache.versions);
    // The records no commit touched since the last build come from the store; the preview
    // keeps its own in memory, and reads the store only while it has none (when it starts,
    // or after the settings changed), so it starts as fast as a build.
    let mut store = cache
        .told
        .is_empty()
        .then(|| Store::open(&repo.git_dir(), repo.prefix(), config));
    let stored: Vec<Option<(Told, Named)>> = match store.as_mut() {
        Some(s) => keys.iter().map(|k| s.take(k)).collect(),
        None => keys.iter().map(|k| cache.told.get(k).cloned()).collect(),
    };
    let fresh = lines.len() - stored.iter().flatten().count();
    debug_time("stored records read", t);
    let t = std::time::Instant::now();
    let chunk = lines
        .len()
        .div_ceil(rayon::current_num_threads() * 4)
        .max(1);
    let mut stored = stored.into_iter();
    let todo: Vec<(&Lineage, Option<(Told, Named)>)> =
        lines.iter().map(|l| (l, stored.next().flatten())).collect();
    let followed: Vec<Followed> = todo
        .into_par_iter()
        .chunks(chunk)
        .flat_map_iter(|chunk| {
            // One repository handle for the chunk, made only if a record is not stored.
            let mut r = None;
            chunk
                .into_iter()
                .map(|(l, stored)| match stored {
                    Some((told, last)) => Followed {
                        end: l.end.clone(),
                        told,
                        last,
                        parsed: Vec::new(),
                    },
                    None => {
                        let r = r.get_or_insert_with(|| repo.local());
                        follow(l, commits, r, known, config)
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect();
    debug_time("replayed and put into words", t);
    if let Some(store) = store.filter(|_| keep) {
        let t = std::time::Instant::now();
        let records: Vec<(&str, &Told, &Named)> = keys
            .iter()
            .zip(&followed)
            .map(|(k, f)| (k.as_str(), &f.told, &f.last))
            .collect();
        store.save(&records, fresh);
        debug_time("stored", t);
    }
    let t = std::time::Instant::now();
    // Kept again only when a record was put into words (the others are there already; a key
    // gone means a new one came).
    if cache.keep && (fresh > 0 || cache.told.len() != keys.len()) {
        cache.told = keys
            .iter()
            .zip(&followed)
            .map(|(k, f)| (k.clone(), (f.told.clone(), f.last.clone())))
            .collect();
    }
    let mut records = HashMap::new();
    let mut gone = Vec::new();
    for f in followed {
        if cache.keep {
            cache.versions.extend(f.parsed);
        }
        match f.end {
            End::Here(path) => {
                records.insert(path, f.told);
            }
            End::Gone(path, _) => gone.push((path, f.last, f.told)),
        }
    }
    debug_time("kept", t);
    let t = std::time::Instant::now();
    if preview {
        worktree(root, cache);
        let differs = cache.differs.iter();
        let wanted = differs.filter_map(|p| cache.head_files.get(p).copied());
        parse_versions(&repo, cache, wanted.collect());
    }
    debug_time("files compared with the commit", t);
    Ok(Replayed { records, gone })
}

/// `SCRUTINY_HISTORY_TIMINGS=1`: where the change record's time goes (docs/performance.md).
fn debug_time(what: &str, since: std::time::Instant) {
    if std::env::var_os("SCRUTINY_HISTORY_TIMINGS").is_some() {
        eprintln!(
            "  change record: {what} {:.1} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// These blobs' texts, split, in parallel.
fn read_blobs(repo: &Repo, mut wanted: Vec<ObjectId>) -> Vec<(ObjectId, Arc<Text>)> {
    wanted.sort();
    wanted.dedup();
    // A few chunks a thread, each with one repository handle (a handle is costly to make).
    let chunk = wanted
        .len()
        .div_ceil(rayon::current_num_threads() * 4)
        .max(1);
    wanted
        .par_chunks(chunk)
        .flat_map_iter(|ids| {
            let r = repo.local();
            ids.iter()
                .map(|id| (*id, blob_text(&r, *id)))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn blob_text(repo: &gix::Repository, id: ObjectId) -> Arc<Text> {
    Arc::new(Repo::blob(repo, id, Text::new).unwrap_or_else(|| Text::new(b"")))
}

/// The preview: which recommendation files differ from the commit checked out. A file is
/// compared again only when its modification time or length changed, by its blob id (the
/// hash git would give its bytes), so no version is read from the repository to tell.
fn worktree(root: &Path, cache: &mut Cache) {
    let Cache {
        head_files,
        stamps,
        differs,
        touched,
        ..
    } = cache;
    // Only the files saved since the last rebuild, when the watcher named them; after that,
    // files saved from now on.
    let only = touched.replace(Default::default());
    let files: Vec<(&String, &ObjectId)> = match &only {
        Some(saved) => saved
            .iter()
            .filter_map(|p| head_files.get_key_value(p))
            .collect(),
        None => {
            differs.clear();
            head_files.iter().collect()
        }
    };
    // A `stat` each, in parallel; a file is read only when its stamp changed.
    let seen: Vec<_> = files
        .par_iter()
        .map(|&(path, blob)| {
            let meta = std::fs::metadata(root.join(path)).ok();
            let stamp = meta
                .as_ref()
                .map_or((None, 0), |m| (m.modified().ok(), m.len()));
            if let Some((t, len, b, differ)) = stamps.get(path) {
                if (*t, *len) == stamp && stamp.0.is_some() && b == blob {
                    return (path, blob, stamp, *differ, false);
                }
            }
            let now = std::fs::read(root.join(path)).ok().and_then(|bytes| {
                gix::objs::compute_hash(gix::hash::Kind::Sha1, gix::objs::Kind::Blob, &bytes).ok()
            });
            let differ = now.as_ref() != Some(blob);
            (path, blob, stamp, differ, true)
        })
        .collect();
    for (path, blob, stamp, differ, compared) in seen {
        if compared {
            stamps.insert(path.clone(), (stamp.0, stamp.1, *blob, differ));
        }
        if differ {
            differs.insert(path.clone());
        } else {
            differs.remove(path);
        }
    }
}

/// These versions read as the site reads a recommendation file (those not read before).
fn parse_versions(repo: &Repo, cache: &mut Cache, mut wanted: Vec<ObjectId>) {
    wanted.retain(|id| !cache.versions.contains_key(id));
    let Some(config) = cache.config.as_ref() else {
        return;
    };
    let parsed: Vec<(ObjectId, Version)> = read_blobs(repo, wanted)
        .into_par_iter()
        .map(|(id, t)| (id, version(&t.text, config)))
        .collect();
    cache.versions.extend(parsed);
}

/// A version read as the site reads a recommendation file.
fn version(text: &str, config: &Config) -> Version {
    let src = source::Source {
        file: "recommendation.md".into(),
        text: text.to_string(),
    };
    let doc = document::parse(src, "recommendation").ok()?;
    crate::validate::lone_recommendation(&doc, config).map(Arc::new)
}

/// One record's file through the commits, oldest first: what each commit left of it (`None`:
/// removed), and where it ends. A file renamed in a commit takes its record with it.
#[derive(Default)]
struct Lineage {
    /// (commit, blob, whether the commit is a shallow clone's oldest)
    states: Vec<(usize, Option<ObjectId>, bool)>,
    end: End,
}

#[derive(Clone)]
enum End {
    /// The file is there now, at this path.
    Here(String),
    /// Removed from the site from this path; the blob it had when removed.
    Gone(String, ObjectId),
}

impl Default for End {
    fn default() -> End {
        End::Here(String::new())
    }
}

/// The `number:` of each version a rename needs told apart: the files added in a commit that
/// also removed some (a file renamed and edited keeps its record by review and number).
fn numbers(repo: &Repo, commits: &[Commit]) -> HashMap<ObjectId, Option<String>> {
    let mut wanted = Vec::new();
    for c in commits {
        let removes = c.events.iter().any(|e| e.old.is_some() && e.new.is_none());
        let adds = c.events.iter().any(|e| e.old.is_none() && e.new.is_some());
        if removes && adds {
            wanted.extend(c.events.iter().flat_map(|e| e.old.xor(e.new)));
        }
    }
    read_blobs(repo, wanted)
        .into_iter()
        .map(|(id, t)| (id, t.number.clone()))
        .collect()
}

/// The commits replayed oldest first into each record's lineage: which files carry it, by
/// path, until now or until it was removed (a path used again later starts a new record).
fn lineages(commits: &[Commit], numbers: &HashMap<ObjectId, Option<String>>) -> Vec<Lineage> {
    let mut lines: Vec<Lineage> = Vec::new();
    let mut live: HashMap<String, usize> = HashMap::new();
    let start = |lines: &mut Vec<Lineage>| {
        lines.push(Lineage::default());
        lines.len() - 1
    };
    for (ci, commit) in commits.iter().enumerate().rev() {
        let base = commit.baseline;
        let mut removed: Vec<(&str, ObjectId)> = Vec::new();
        let mut added: Vec<(&str, ObjectId)> = Vec::new();
        for e in &commit.events {
            match (e.old, e.new) {
                (Some(old), None) => removed.push((&e.path, old)),
                (None, Some(new)) => added.push((&e.path, new)),
                (_, new) => {
                    let i = match live.get(&e.path) {
                        Some(i) => *i,
                        None => {
                            let i = start(&mut lines);
                            live.insert(e.path.clone(), i);
                            i
                        }
                    };
                    lines[i].states.push((ci, new, base));
                }
            }
        }
        // Review folders renamed in this commit: a file moved from one to the other unchanged.
        let gone_by_blob: HashMap<ObjectId, &str> = removed.iter().map(|(p, b)| (*b, *p)).collect();
        let mut folders: Vec<(&str, &str)> = Vec::new();
        for (path, blob) in &added {
            if let Some(p) = gone_by_blob.get(blob) {
                let pair = (review_dir(p), review_dir(path));
                if pair.0 != pair.1 && !folders.contains(&pair) {
                    folders.push(pair);
                }
            }
        }
        let same_review = |old: &str, new: &str| {
            review_dir(old) == review_dir(new)
                || folders.contains(&(review_dir(old), review_dir(new)))
        };
        for (path, blob) in added {
            // A file removed in the same commit with the same bytes: the record moved to a
            // new name (a review folder renamed moves them all).
            let number = |id: &ObjectId| numbers.get(id).cloned().flatten();
            let moved = removed.iter().position(|(_, b)| *b == blob).or_else(|| {
                // Or one of the same review (or of its folder renamed) with the same number:
                // renamed and edited.
                let n = number(&blob)?;
                removed
                    .iter()
                    .position(|(p, b)| same_review(p, path) && number(b).as_ref() == Some(&n))
            });
            let i = moved
                .and_then(|m| live.remove(removed.remove(m).0))
                .unwrap_or_else(|| start(&mut lines));
            lines[i].states.push((ci, Some(blob), base));
            live.insert(path.to_string(), i);
        }
        for (path, old) in removed {
            let i = live.remove(path).unwrap_or_else(|| start(&mut lines));
            lines[i].states.push((ci, None, base));
            lines[i].end = End::Gone(path.to_string(), old);
        }
    }
    for (path, i) in live {
        lines[i].end = End::Here(path);
    }
    lines
}

/// A lineage followed: its record in words, the versions read for it (the preview keeps them),
/// and, for one removed, its last published version (for its number and title).
struct Followed {
    end: End,
    told: Told,
    last: Named,
    parsed: Vec<(ObjectId, Version)>,
}

/// One record replayed: each commit's step told apart by text, then put into words. Its texts
/// are read here and dropped with it, so a build holds a few at a time, not every version of
/// every file.
fn follow(
    line: &Lineage,
    commits: &[Commit],
    repo: &gix::Repository,
    known: &HashMap<ObjectId, Version>,
    config: &Config,
) -> Followed {
    let mut texts: HashMap<ObjectId, Arc<Text>> = HashMap::new();
    // Newest first: a pack stores the newest version whole and older ones as deltas of it.
    let ids = line.states.iter().rev().filter_map(|s| s.1);
    let gone_blob = match &line.end {
        End::Gone(_, old) => Some(*old),
        End::Here(_) => None,
    };
    for id in ids.chain(gone_blob) {
        if let std::collections::hash_map::Entry::Vacant(v) = texts.entry(id) {
            v.insert(blob_text(repo, id));
        }
    }
    let draft = |id: &ObjectId| texts.get(id).is_none_or(|t| t.draft);
    let mut record = Record::default();
    let mut last = None;
    for &(commit, now, baseline) in &line.states {
        if now.is_none() {
            last = record.last.or(gone_blob);
        }
        let now = now.filter(|id| !draft(id));
        let what = match (record.last, now) {
            (None, Some(_)) => Some(Step::Added),
            (Some(_), None) => Some(Step::Removed),
            (Some(a), Some(b)) if a != b => {
                let d = match (texts.get(&a), texts.get(&b)) {
                    (Some(x), Some(y)) => text::difference(x, y),
                    _ => Difference::Fields,
                };
                Some(Step::Edited(a, b, d))
            }
            _ => None,
        };
        record.last = now;
        if let Some(what) = what.filter(|_| !baseline) {
            record.pending.push(Pending { commit, what });
        }
    }
    // Only the versions a comparison needs are read as the site reads them.
    let mut wanted: Vec<ObjectId> = Vec::new();
    for p in &record.pending {
        match p.what {
            Step::Edited(a, b, Difference::Fields) => wanted.extend([a, b]),
            Step::Edited(a, b, Difference::OneLine { line, .. })
                if one_line(&texts, (a, b), line, config).is_none() =>
            {
                wanted.extend([a, b]);
            }
            _ => {}
        }
    }
    wanted.extend(last);
    wanted.sort();
    wanted.dedup();
    let mut versions: HashMap<ObjectId, Version> = HashMap::new();
    let mut parsed = Vec::new();
    for id in wanted {
        let v = match known.get(&id) {
            Some(v) => v.clone(),
            None => {
                let v = texts.get(&id).and_then(|t| version(&t.text, config));
                parsed.push((id, v.clone()));
                v
            }
        };
        versions.insert(id, v);
    }
    let told = tell(&record, commits, &versions, &texts, config);
    Followed {
        last: last
            .and_then(|id| versions.get(&id).cloned().flatten())
            .map(|v| (v.number.text.clone(), v.title.clone())),
        end: line.end.clone(),
        told,
        parsed,
    }
}

/// The one line two versions differ in, read as values (see [`compare::one_value`]).
fn one_line(
    texts: &HashMap<ObjectId, Arc<Text>>,
    (a, b): (ObjectId, ObjectId),
    line: usize,
    config: &Config,
) -> Option<(Vec<Edit>, Vec<Questioned>)> {
    let (x, y) = (texts.get(&a)?.front()?, texts.get(&b)?.front()?);
    let (key, old) = text::key_value(x.lines().nth(line)?)?;
    let (_, new) = text::key_value(y.lines().nth(line)?)?;
    compare::one_value(key, (&old, &new), (x, y), config)
}

/// A record's steps in words, and the questions a resident would ask of them.
fn tell(
    record: &Record,
    commits: &[Commit],
    versions: &HashMap<ObjectId, Version>,
    texts: &HashMap<ObjectId, Arc<Text>>,
    config: &Config,
) -> Told {
    let mut told = Told::default();
    let no_themes: &[crate::model::Theme] = &[];
    let response = config
        .fields
        .iter()
        .find(|f| f.kind == crate::model::field::Kind::Body && f.shown.published());
    // A version read as the site reads it (read now if no comparison asked for it before).
    let get = |id: ObjectId| -> Version {
        match versions.get(&id) {
            Some(v) => v.clone(),
            None => texts.get(&id).and_then(|t| version(&t.text, config)),
        }
    };
    // The last published version before one with errors: a version with errors published
    // nothing, so the next good one is compared with this.
    let mut carry: Option<ObjectId> = None;
    for p in &record.pending {
        let commit = &commits[p.commit];
        // Both versions read in full and compared; `None` when one has errors (it published
        // nothing).
        let full = |a: ObjectId, b: ObjectId, told: &mut Told| -> Option<Vec<Edit>> {
            let (old, new) = (get(a)?, get(b)?);
            let c = compare::compare(&old, &new, config, no_themes);
            if !c.added_update {
                for q in compare::questioned(&old, &new, config) {
                    told.questioned.push((q, commit.short.clone(), commit.date));
                }
            }
            Some(c.edits)
        };
        let what = match (carry, p.what) {
            (Some(good), Step::Edited(_, b, _)) => Step::Edited(good, b, Difference::Fields),
            (_, what) => what,
        };
        carry = None;
        let edits = match what {
            Step::Added => vec![Edit::Added],
            Step::Removed => vec![Edit::Removed],
            Step::Edited(a, b, Difference::Body | Difference::UpdateAdded { body: true }) => {
                let (Some(x), Some(y)) = (texts.get(&a), texts.get(&b)) else {
                    continue;
                };
                match response {
                    Some(f) => compare::prose_edit(f.label, x.body(), y.body())
                        .into_iter()
                        .collect(),
                    None => Vec::new(),
                }
            }
            Step::Edited(_, _, Difference::UpdateAdded { body: false }) => Vec::new(),
            Step::Edited(a, b, Difference::OneLine { line, body }) => {
                match one_line(texts, (a, b), line, config) {
                    Some((mut edits, questions)) => {
                        for q in questions {
                            told.questioned.push((q, commit.short.clone(), commit.date));
                        }
                        if body {
                            if let (Some(f), Some(x), Some(y)) =
                                (response, texts.get(&a), texts.get(&b))
                            {
                                edits.extend(compare::prose_edit(f.label, x.body(), y.body()));
                            }
                        }
                        edits
                    }
                    None => match full(a, b, &mut told) {
                        Some(edits) => edits,
                        None => {
                            carry = get(a).is_some().then_some(a);
                            continue;
                        }
                    },
                }
            }
            Step::Edited(a, b, Difference::Fields) => match full(a, b, &mut told) {
                Some(edits) => edits,
                None => {
                    carry = get(a).is_some().then_some(a);
                    continue;
                }
            },
        };
        if !edits.is_empty() {
            told.changes.push(Change {
                date: commit.date,
                commit: Some(commit.short.clone()),
                edits,
            });
        }
    }
    told
}

/// The preview: the files of the commit checked out, those that differ from it now, and the
/// versions read.
type Uncommitted<'a> = (
    &'a HashMap<String, ObjectId>,
    &'a std::collections::HashSet<String>,
    &'a HashMap<ObjectId, Version>,
);

/// The records onto the site's recommendations (newest first), removed ones onto their
/// reviews, and edits not yet committed (the preview) on top.
fn place(
    site: &mut Site,
    mut replayed: Replayed,
    uncommitted: Option<Uncommitted>,
    mut placed: Option<&mut Placed>,
    root: &Path,
    (warnings, located): (bool, bool),
    diags: &mut Vec<Diagnostic>,
) {
    let config = site.config.clone();
    let today = site.today;
    for review in &mut site.reviews {
        let dir = review_dir(&path_string(&review.file)).to_string();
        let themes = &review.themes;
        let mut records: Vec<Vec<Change>> = Vec::with_capacity(review.recommendations.len());
        for rec in &review.recommendations {
            let path = path_string(&rec.file);
            let told = replayed.records.remove(&path).unwrap_or_default();
            let mut changes: Vec<Change> = told.changes;
            // Theme titles as the review has them now.
            for c in &mut changes {
                name_themes(&mut c.edits, themes);
            }
            changes.reverse();
            if let Some((head_files, differs, versions)) = uncommitted {
                let at_head = head_files.get(&path);
                let edits = match at_head {
                    _ if rec.draft => Vec::new(),
                    None => vec![Edit::Added],
                    Some(_) if !differs.contains(&path) => Vec::new(),
                    Some(blob) => match versions.get(blob).and_then(Option::as_ref) {
                        Some(old) if !old.draft => {
                            compare::compare(old, rec, &config, themes).edits
                        }
                        Some(_) => vec![Edit::Added],
                        None => Vec::new(),
                    },
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
                for (q, short, date) in &told.questioned {
                    // An update dated since explains it.
                    if rec.updates.iter().any(|u| u.date.end() >= *date) {
                        continue;
                    }
                    diags.push(questioned(root, rec, q, (short, *date), located));
                }
            }
            records.push(changes);
        }
        let mut gone: Vec<Gone> = Vec::new();
        for (path, last, told) in &replayed.gone {
            if review_dir(path) != dir || told.changes.is_empty() {
                continue;
            }
            let file = path.rsplit('/').next().unwrap_or(path);
            let mut changes = told.changes.clone();
            changes.reverse();
            let (number, title) = last
                .clone()
                .unwrap_or_else(|| (file.trim_end_matches(".md").to_string(), String::new()));
            gone.push(Gone {
                number,
                title,
                changes,
            });
        }
        gone.sort_by(|a, b| {
            crate::model::Number::new(&a.number).cmp(&crate::model::Number::new(&b.number))
        });
        // The preview: the review as placed last time, if it and its record are the same (the
        // renderer then sees the same shared value, and skips its pages).
        if let Some((input, output)) = placed.as_ref().and_then(|p| p.get(&dir)) {
            let same = Arc::ptr_eq(input, review)
                && output.gone == gone
                && output
                    .recommendations
                    .iter()
                    .zip(&records)
                    .all(|(r, c)| r.changes == *c);
            if same {
                *review = output.clone();
                continue;
            }
        }
        let input = review.clone();
        let r = Arc::make_mut(review);
        for (rec, changes) in r.recommendations.iter_mut().zip(records) {
            rec.changes = changes;
        }
        r.gone = gone;
        if let Some(p) = placed.as_mut() {
            p.insert(dir, (input, review.clone()));
        }
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

/// A change a resident would question, at its key in the file as it is now (`located`: a
/// build only counts its warnings, and does not read the files again to place them).
fn questioned(
    root: &Path,
    rec: &Recommendation,
    q: &Questioned,
    (short, date): (&str, Date),
    located: bool,
) -> Diagnostic {
    let when = crate::model::PartialDate::from_date(date).human();
    let message = format!(
        "recommendation {}: {} in commit {short} ({when}), with no update explaining it",
        rec.number.text, q.what
    );
    let mut pos = Position::new(1, 1);
    let mut text = None;
    if let Some(src) = located
        .then(|| source::read(root, &rec.file).ok())
        .flatten()
    {
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
