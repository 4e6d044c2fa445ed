//! The change record kept between builds, in the repository's own folder
//! (`.git/scrutiny/change-record-<site>.json`), so that a build reads again only the records a new
//! commit touched. A record's words depend only on its versions, the commits that made them and
//! the site's settings, so each is stored under a key made of those: a record a commit touched,
//! or settings changed, has a new key and is put into words again.
//!
//! The folder is git's, so the file is never committed or published. A file that cannot be
//! read, or was written by another format or release, is ignored and written again; one that
//! cannot be written leaves the build as it was.

use super::compare::{self, Questioned};
use super::git::Commit;
use super::{End, Lineage, Told};
use crate::model::history::Change;
use crate::model::Config;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Raised when what is stored, or how a record is put into words, changes.
const FORMAT: u32 = 1;

/// A removed recommendation's number and title, from its last published version.
pub type Named = Option<(String, String)>;

/// The records of an earlier build, by key.
pub struct Store {
    path: PathBuf,
    settings: String,
    entries: HashMap<String, Entry>,
}

#[derive(Serialize, Deserialize)]
struct File<E> {
    format: u32,
    scrutiny: String,
    settings: String,
    records: Vec<E>,
}

#[derive(Deserialize)]
struct Entry {
    key: String,
    changes: Vec<Change>,
    questioned: Vec<Question>,
    last: Named,
}

#[derive(Serialize)]
struct EntryOut<'a> {
    key: &'a str,
    changes: &'a [Change],
    questioned: Vec<Question>,
    last: &'a Named,
}

#[derive(Serialize, Deserialize)]
struct Question {
    key: String,
    what: String,
    commit: String,
    date: Date,
}

impl Store {
    /// The stored records of the site at `prefix` in this repository, if they were made with
    /// these settings.
    pub(super) fn open(git_dir: &Path, prefix: &Path, config: &Config) -> Store {
        // A repository may hold several sites: one file each.
        let site = fingerprint(prefix.to_string_lossy().as_bytes());
        let name = format!("change-record-{}.json", &site[..site.len().min(12)]);
        let path = git_dir.join("scrutiny").join(name);
        let settings = fingerprint(format!("{config:?}").as_bytes());
        let entries: HashMap<String, Entry> = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<File<Entry>>(&bytes).ok())
            .filter(|f| {
                f.format == FORMAT
                    && f.scrutiny == env!("CARGO_PKG_VERSION")
                    && f.settings == settings
            })
            .map(|f| f.records.into_iter().map(|e| (e.key.clone(), e)).collect())
            .unwrap_or_default();
        Store {
            path,
            settings,
            entries,
        }
    }

    /// A record stored under `key`, taken out of the store.
    pub(super) fn take(&mut self, key: &str) -> Option<(Told, Named)> {
        let e = self.entries.remove(key)?;
        let mut questioned = Vec::with_capacity(e.questioned.len());
        for q in e.questioned {
            // A key this release does not point at: the entry is not used.
            let key = compare::key_named(&q.key)?;
            let question = Questioned { key, what: q.what };
            questioned.push((question, q.commit, q.date));
        }
        let told = Told {
            changes: e.changes,
            questioned,
        };
        Some((told, e.last))
    }

    /// Writes this build's records in place of the file read, unless each was taken from it
    /// (`fresh`: how many were not) and none is left over. Errors are ignored: the next build
    /// reads the history again.
    pub(super) fn save(self, records: &[(&str, &Told, &Named)], fresh: usize) {
        if fresh == 0 && self.entries.is_empty() {
            return;
        }
        let _ = self.write(records);
    }

    fn write(&self, records: &[(&str, &Told, &Named)]) -> std::io::Result<()> {
        let file = File {
            format: FORMAT,
            scrutiny: env!("CARGO_PKG_VERSION").to_string(),
            settings: self.settings.clone(),
            records: records
                .iter()
                .map(|(key, told, last)| EntryOut {
                    key,
                    changes: &told.changes,
                    questioned: told
                        .questioned
                        .iter()
                        .map(|(q, commit, date)| Question {
                            key: q.key.to_string(),
                            what: q.what.clone(),
                            commit: commit.clone(),
                            date: *date,
                        })
                        .collect(),
                    last,
                })
                .collect(),
        };
        let bytes = serde_json::to_vec(&file).map_err(std::io::Error::other)?;
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        // Written beside it and renamed, so a build stopped half-way leaves the old file.
        let tmp = dir.join(format!("change-record.{}.tmp", std::process::id()));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, &self.path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}

/// A record's key: every version of its file and the commit that made it, and where it ends.
pub(super) fn key(line: &Lineage, commits: &[Commit]) -> String {
    let mut h = gix::hash::hasher(gix::hash::Kind::Sha1);
    for &(commit, blob, baseline) in &line.states {
        h.update(commits[commit].id.as_bytes());
        match blob {
            Some(b) => h.update(b.as_bytes()),
            None => h.update(b"-"),
        }
        h.update(if baseline { b"b" } else { b"c" });
    }
    match &line.end {
        End::Here(path) => {
            h.update(b"here:");
            h.update(path.as_bytes());
        }
        End::Gone(path, blob) => {
            h.update(b"gone:");
            h.update(path.as_bytes());
            h.update(blob.as_bytes());
        }
    }
    h.try_finalize()
        .map(|id| id.to_string())
        .unwrap_or_default()
}

fn fingerprint(bytes: &[u8]) -> String {
    let mut h = gix::hash::hasher(gix::hash::Kind::Sha1);
    h.update(bytes);
    h.try_finalize()
        .map(|id| id.to_string())
        .unwrap_or_default()
}
