//! Watching the site's sources: content/, site.yaml, the theme and site templates. Reading a
//! file (Access events), editor temp and swap files and `.gitignore`d paths never trigger a
//! rebuild.

use crate::load::is_ignored_name;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer_opt, DebounceEventResult, Debouncer, FileIdMap, NoCache,
};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// Keeps the watcher alive; dropping it stops watching.
pub enum Watcher {
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
    matches!(first.as_str(), "content" | "themes" | "templates") || rel == Path::new("site.yaml")
}

/// Start watching; relevant changed paths arrive on `tx` in debounced batches.
pub fn start(
    root: &Path,
    debounce: Duration,
    poll: bool,
    tx: Sender<Vec<PathBuf>>,
) -> notify::Result<Watcher> {
    // Events carry absolute paths; compare against the absolute root.
    let root_owned = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let ignore = Ignore::read(root);
    let handler = move |res: DebounceEventResult| {
        let Ok(events) = res else { return };
        let mut paths: Vec<PathBuf> = events
            .into_iter()
            .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
            .flat_map(|e| e.event.paths.clone())
            .filter(|p| relevant(&root_owned, p, &ignore))
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            let _ = tx.send(paths);
        }
    };
    let debounce = debounce.max(Duration::from_millis(1));
    let mut watcher = if poll {
        let config = notify::Config::default()
            .with_poll_interval(Duration::from_millis(250))
            .with_compare_contents(true);
        Watcher::Poll(new_debouncer_opt(debounce, None, handler, NoCache, config)?)
    } else {
        Watcher::Native(new_debouncer_opt(
            debounce,
            None,
            handler,
            FileIdMap::new(),
            notify::Config::default(),
        )?)
    };
    // Watch the root non-recursively (site.yaml, and folders created later) and each source
    // folder recursively; never public/ or target/.
    let mut watch = |p: &Path, mode: RecursiveMode| -> notify::Result<()> {
        match &mut watcher {
            Watcher::Native(d) => d.watch(p, mode),
            Watcher::Poll(d) => d.watch(p, mode),
        }
    };
    watch(root, RecursiveMode::NonRecursive)?;
    for dir in ["content", "themes", "templates"] {
        let p = root.join(dir);
        if p.is_dir() {
            watch(&p, RecursiveMode::Recursive)?;
        }
    }
    Ok(watcher)
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
