//! Watching the site's sources: content/, site.yaml, the theme, site templates and static files. Reading a
//! file (Access events), editor temp and swap files and `.gitignore`d paths never trigger a
//! rebuild.

use crate::load::is_ignored_name;
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

/// Simple `.gitignore` rules: `name`, `*.ext`, `dir/` and `/anchored` patterns.
#[derive(Debug, Default, Clone)]
pub struct Ignore {
    patterns: Vec<String>,
}

impl Ignore {
    pub fn read(root: &Path) -> Ignore {
        let text = std::fs::read_to_string(root.join(".gitignore")).unwrap_or_default();
        Ignore {
            patterns: text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('!'))
                .map(|l| l.trim_start_matches('/').trim_end_matches('/').to_string())
                .collect(),
        }
    }

    /// Does any component of `rel` match a pattern?
    pub fn matches(&self, rel: &Path) -> bool {
        let rel_s = rel.to_string_lossy().replace('\\', "/");
        rel.components().any(|c| {
            let name = c.as_os_str().to_string_lossy();
            self.patterns.iter().any(|p| match p.strip_prefix('*') {
                Some(suffix) => name.ends_with(suffix),
                None => name == *p,
            })
        }) || self
            .patterns
            .iter()
            .any(|p| p.contains('/') && rel_s.starts_with(p.as_str()))
    }
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
    if ignore.matches(rel) {
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
    let ignore = Ignore::read(root);
    let handler = move |res: DebounceEventResult| {
        let Ok(events) = res else { return };
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
    /// watched anew: everything under them must be read again, since files saved there
    /// before the watch began were not reported.
    pub fn refresh(&mut self, changed: &[PathBuf]) -> notify::Result<Vec<PathBuf>> {
        let mut renewed = Vec::new();
        for (i, name) in SOURCES.iter().enumerate() {
            let dir = self.root.join(name);
            let now = identity(&dir);
            if now == self.watched[i] && !changed.contains(&dir) {
                continue;
            }
            self.unwatch(&dir);
            self.watched[i] = None;
            if now.is_some() {
                self.watch(&dir, RecursiveMode::Recursive)?;
                self.watched[i] = now;
                renewed.push(dir);
            }
        }
        Ok(renewed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_are_relevant() {
        let root = Path::new("/site");
        let ig = Ignore {
            patterns: vec!["*.draft".into(), "scratch".into()],
        };
        assert!(relevant(
            root,
            Path::new("/site/content/r/recommendations/1.md"),
            &ig
        ));
        assert!(relevant(root, Path::new("/site/site.yaml"), &ig));
        assert!(relevant(
            root,
            Path::new("/site/themes/default/static/site.css"),
            &ig
        ));
        assert!(!relevant(root, Path::new("/site/public/index.html"), &ig));
        assert!(!relevant(root, Path::new("/site/content/r/.1.md.swp"), &ig));
        assert!(!relevant(root, Path::new("/site/content/r/1.md~"), &ig));
        assert!(!relevant(
            root,
            Path::new("/site/content/scratch/x.md"),
            &ig
        ));
        assert!(!relevant(root, Path::new("/site/content/r/x.draft"), &ig));
    }
}
