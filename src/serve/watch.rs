//! Watching the site's sources: content/, site.yaml, the theme, the site's templates and
//! static files. Reading a file (Access events), editor temp and swap files and paths the
//! site's `.gitignore` files ignore never trigger a rebuild.

use crate::load::is_ignored_name;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer_opt, DebounceEventResult, Debouncer, FileIdMap, NoCache,
};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// The folders watched recursively. The root itself is watched without recursion (for
/// `site.yaml`, and for these folders coming and going), never `public/` or `target/`.
const SOURCES: [&str; 4] = ["content", "themes", "templates", "static"];

/// Keeps the watcher alive; dropping it stops watching.
pub struct Watcher {
    inner: Inner,
    root: PathBuf,
    /// Which folder each of [`SOURCES`] was when it was last watched (`None`: not there).
    watched: [Option<Identity>; SOURCES.len()],
}

enum Inner {
    Native(Debouncer<notify::RecommendedWatcher, FileIdMap>),
    Poll(Debouncer<notify::PollWatcher, NoCache>),
}

/// The site's `.gitignore` files (the root's, and any inside the watched folders), matched as
/// git matches them: `!` takes a path back, `**` spans folders, a nested file's rules apply
/// below its folder and outrank those above, and nothing inside an ignored folder comes back.
#[derive(Debug, Default, Clone)]
pub struct Ignore {
    /// Each file's rules with its folder (relative to the site root), deepest first.
    files: Vec<(PathBuf, Gitignore)>,
}

impl Ignore {
    /// Read the `.gitignore` files of the site at `root`. Links and special files are not
    /// read, and a line git would not understand is skipped.
    pub fn read(root: &Path) -> Ignore {
        let mut folders = Vec::new();
        if is_plain_file(&root.join(".gitignore")) {
            folders.push(PathBuf::new());
        }
        for source in SOURCES {
            let nested = walkdir::WalkDir::new(root.join(source))
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && e.file_name() == ".gitignore");
            for entry in nested {
                if let Some(dir) = entry.path().parent() {
                    folders.push(dir.strip_prefix(root).unwrap_or(dir).to_path_buf());
                }
            }
        }
        let mut files: Vec<(PathBuf, Gitignore)> = folders
            .into_iter()
            .map(|dir| {
                let mut builder = GitignoreBuilder::new(root.join(&dir));
                // A bad line is skipped; the rest of the file still counts.
                let _ = builder.add(root.join(&dir).join(".gitignore"));
                let rules = builder.build().unwrap_or_else(|_| Gitignore::empty());
                (dir, rules)
            })
            .collect();
        files.sort_by_key(|(dir, _)| std::cmp::Reverse(dir.components().count()));
        Ignore { files }
    }

    /// Is `rel` (relative to the site root) ignored? A path is ignored when it or a folder
    /// holding it is.
    pub fn matches(&self, rel: &Path, is_dir: bool) -> bool {
        let parts: Vec<_> = rel.components().collect();
        let mut prefix = PathBuf::new();
        for (i, part) in parts.iter().enumerate() {
            prefix.push(part);
            let last = i + 1 == parts.len();
            if self.decides_ignored(&prefix, !last || is_dir) {
                return true;
            }
        }
        false
    }

    /// Git's answer for one path: the deepest `.gitignore` with a rule for it decides.
    fn decides_ignored(&self, path: &Path, is_dir: bool) -> bool {
        for (dir, rules) in &self.files {
            let Ok(inner) = path.strip_prefix(dir) else {
                continue;
            };
            if inner.as_os_str().is_empty() {
                continue;
            }
            match rules.matched(inner, is_dir) {
                ignore::Match::Ignore(_) => return true,
                ignore::Match::Whitelist(_) => return false,
                ignore::Match::None => {}
            }
        }
        false
    }
}

/// A regular file, not a link or a special file (a FIFO would block the read).
fn is_plain_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

/// Should a change at `path` trigger a rebuild?
pub fn relevant(root: &Path, path: &Path, ignore: &Ignore) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if is_ignored_name(&name) || name.ends_with(".kate-swp") || name == "4913" {
        return false;
    }
    let is_dir = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    if ignore.matches(rel, is_dir) {
        return false;
    }
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    SOURCES.contains(&first.as_str()) || rel == Path::new("site.yaml")
}

/// Start watching `root` (absolute and canonical: events carry paths under it); relevant
/// changed paths arrive on `tx` in debounced batches.
pub fn start(
    root: &Path,
    debounce: Duration,
    poll: bool,
    tx: Sender<Vec<PathBuf>>,
) -> notify::Result<Watcher> {
    let root_owned = root.to_path_buf();
    let mut ignore = Ignore::read(root);
    let handler = move |res: DebounceEventResult| {
        let Ok(events) = res else { return };
        // An edited `.gitignore` counts from this batch on.
        let gitignore_changed = events.iter().any(|e| {
            e.event
                .paths
                .iter()
                .any(|p| p.file_name().is_some_and(|n| n == ".gitignore"))
        });
        if gitignore_changed {
            ignore = Ignore::read(&root_owned);
        }
        let mut paths: Vec<PathBuf> = Vec::new();
        for e in events {
            if e.need_rescan() {
                // Events were lost: read every content file again.
                paths.push(root_owned.join("content"));
            }
            match e.event.kind {
                // Reading a file is not a change.
                EventKind::Access(_) => continue,
                // A folder's times change when files come and go in it; those files are
                // reported themselves. (A folder created, removed or renamed is kept.)
                EventKind::Modify(ModifyKind::Name(_)) => {}
                EventKind::Modify(_) if e.event.paths.iter().all(|p| p.is_dir()) => continue,
                _ => {}
            }
            paths.extend(
                e.event
                    .paths
                    .iter()
                    .filter(|p| relevant(&root_owned, p, &ignore))
                    .cloned(),
            );
        }
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            let _ = tx.send(paths);
        }
    };
    let debounce = debounce.max(Duration::from_millis(1));
    // Links are never followed: a link to a folder outside the site is not the site's.
    let config = notify::Config::default().with_follow_symlinks(false);
    let inner = if poll {
        let config = config
            .with_poll_interval(Duration::from_millis(250))
            .with_compare_contents(true);
        Inner::Poll(new_debouncer_opt(debounce, None, handler, NoCache, config)?)
    } else {
        Inner::Native(new_debouncer_opt(
            debounce,
            None,
            handler,
            FileIdMap::new(),
            config,
        )?)
    };
    let mut watcher = Watcher {
        inner,
        root: root.to_path_buf(),
        watched: [None; SOURCES.len()],
    };
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    watcher.refresh(&[])?;
    Ok(watcher)
}

/// A folder's identity: a folder deleted and made again under the same name is another one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Identity(u64, u64);

#[cfg(unix)]
fn identity(path: &Path) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
    Some(Identity(m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<Identity> {
    let m = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
    let made = m
        .created()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .unwrap_or_default();
    Some(Identity(made.as_secs(), u64::from(made.subsec_nanos())))
}

impl Watcher {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match &mut self.inner {
            Inner::Native(d) => d.watch(path, mode),
            Inner::Poll(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) {
        let _ = match &mut self.inner {
            Inner::Native(d) => d.unwatch(path),
            Inner::Poll(d) => d.unwatch(path),
        };
    }

    /// Watch again each source folder that appeared, was replaced (deleted and made again,
    /// or renamed away and back) or is named in `changed`: a folder that vanished took its
    /// watch with it, and that watch would never see the new folder. Returns the folders
    /// watched anew or gone: everything under them must be read again, since files saved
    /// there before the watch began were not reported.
    ///
    /// It costs a `stat` per folder, so the preview also calls it when nothing was reported:
    /// a folder renamed away and back between two scans of the poll watcher leaves no event
    /// at all, though the rebuild in between found it gone and dropped its watch.
    pub fn refresh(&mut self, changed: &[PathBuf]) -> notify::Result<Vec<PathBuf>> {
        let mut renewed = Vec::new();
        for (i, name) in SOURCES.iter().enumerate() {
            let dir = self.root.join(name);
            let now = identity(&dir);
            if now == self.watched[i] && !changed.contains(&dir) {
                continue;
            }
            self.unwatch(&dir);
            let was = self.watched[i].take();
            if now.is_some() {
                self.watch(&dir, RecursiveMode::Recursive)?;
                self.watched[i] = now;
                renewed.push(dir);
            } else if was.is_some() {
                renewed.push(dir);
            }
        }
        Ok(renewed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site folder holding `files` (path → text), with `Ignore::read` of it.
    fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, Ignore) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let ignore = Ignore::read(dir.path());
        (dir, ignore)
    }

    #[test]
    fn only_sources_are_relevant() {
        let (dir, ig) = site(&[(".gitignore", "*.draft\nscratch\n")]);
        let root = dir.path();
        let relevant = |p: &str| relevant(root, &root.join(p), &ig);
        assert!(relevant("content/r/recommendations/1.md"));
        assert!(relevant("site.yaml"));
        assert!(relevant("themes/default/static/site.css"));
        assert!(relevant("templates/base.html"));
        assert!(relevant("static/logo.svg"));
        assert!(!relevant("public/index.html"));
        assert!(!relevant("content/r/.1.md.swp"));
        assert!(!relevant("content/r/1.md~"));
        assert!(!relevant("content/scratch/x.md"));
        assert!(!relevant("content/r/x.draft"));
    }

    #[test]
    fn gitignore_negation_double_star_and_nested_files_count_as_in_git() {
        let (dir, ig) = site(&[
            (
                ".gitignore",
                "*.draft\n!keep.draft\ncontent/**/notes/\n/content/old/\ncontent/archive/\n!content/archive/back.md\n",
            ),
            ("content/r/.gitignore", "local.md\n!special.draft\n"),
            ("content/r/sub/notes/x.md", ""),
        ]);
        let root = dir.path();
        let relevant = |p: &str| relevant(root, &root.join(p), &ig);
        // `!` takes a path back.
        assert!(!relevant("content/r/x.draft"));
        assert!(relevant("content/r/keep.draft"));
        // `**` spans any number of folders; `notes/` is a folder only.
        assert!(!relevant("content/r/sub/notes/x.md"));
        assert!(!relevant("content/notes/x.md"));
        assert!(relevant("content/r/notes.md"));
        // A leading `/` anchors the pattern to the file's folder.
        assert!(!relevant("content/old/x.md"));
        assert!(relevant("content/r/old/x.md"));
        // Nothing inside an ignored folder comes back, as in git.
        assert!(!relevant("content/archive/back.md"));
        // A nested file's rules apply below its folder, at any depth, and outrank the root's.
        assert!(!relevant("content/r/local.md"));
        assert!(!relevant("content/r/deeper/local.md"));
        assert!(relevant("content/r2/local.md"));
        assert!(relevant("content/r/special.draft"));
        assert!(!relevant("content/r2/special.draft"));
    }

    /// A folder renamed away and back between two scans leaves no event; `refresh` alone must
    /// see that the watch it dropped is needed again, and the new watch must report edits.
    #[test]
    fn refresh_reports_a_source_folder_gone_and_back_and_watches_it_again() {
        let (dir, _) = site(&[("content/r/_review.md", "a"), ("site.yaml", "")]);
        let root = dir.path().canonicalize().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let mut w = start(&root, Duration::from_millis(10), true, tx).unwrap();
        let content = root.join("content");
        let away = root.join("content-away");
        std::fs::rename(&content, &away).unwrap();
        assert_eq!(w.refresh(&[]).unwrap(), vec![content.clone()], "gone");
        assert_eq!(w.refresh(&[]).unwrap(), Vec::<PathBuf>::new(), "still gone");
        std::fs::rename(&away, &content).unwrap();
        assert_eq!(w.refresh(&[]).unwrap(), vec![content.clone()], "back");
        assert_eq!(w.refresh(&[]).unwrap(), Vec::<PathBuf>::new(), "unchanged");
        while rx.try_recv().is_ok() {}
        std::thread::sleep(Duration::from_millis(300));
        std::fs::write(content.join("r/_review.md"), "edited").unwrap();
        let edited = content.join("r/_review.md");
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let mut seen = false;
        while !seen && std::time::Instant::now() < deadline {
            if let Ok(paths) = rx.recv_timeout(Duration::from_millis(100)) {
                seen = paths.contains(&edited);
            }
        }
        assert!(seen, "an edit after the folder came back was not reported");
    }

    #[cfg(unix)]
    #[test]
    fn a_gitignore_that_is_a_link_or_a_fifo_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("rules"), "*.md\n").unwrap();
        std::os::unix::fs::symlink(outside.path().join("rules"), dir.path().join(".gitignore"))
            .unwrap();
        std::fs::create_dir_all(dir.path().join("content/r")).unwrap();
        let fifo = std::ffi::CString::new(
            dir.path()
                .join("content/r/.gitignore")
                .to_string_lossy()
                .as_bytes(),
        )
        .unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        let ig = Ignore::read(dir.path());
        let root = dir.path();
        assert!(relevant(root, &root.join("content/r/1.md"), &ig));
    }
}
