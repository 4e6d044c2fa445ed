//! `load`: walk the site, read and split every file, parse front matter. No judgement here:
//! what the values mean is `validate`'s job.

pub mod document;
pub mod frontmatter;
pub mod source;
pub mod theme;
pub mod yaml;

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use document::Document;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// The files of one review folder.
#[derive(Debug, Clone, Default)]
pub struct ReviewFiles {
    /// The folder name, e.g. `safety-in-the-town-centre`.
    pub dir: String,
    pub review: Option<Arc<Document>>,
    pub themes: Vec<Arc<Document>>,
    pub recommendations: Vec<Arc<Document>>,
}

/// Everything read from disk.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Option<Document>,
    pub reviews: Vec<ReviewFiles>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Review,
    Theme,
    Recommendation,
}

impl Kind {
    fn what(self) -> &'static str {
        match self {
            Kind::Review => "review",
            Kind::Theme => "theme",
            Kind::Recommendation => "recommendation",
        }
    }
}

/// Parsed files kept between rebuilds of the preview server, keyed by path and stamped with
/// the file's modification time and length so an unchanged file is not parsed again.
#[derive(Debug, Default)]
pub struct Cache {
    // Paths hashed thousands of times per build: a fast non-keyed hash (FxHash).
    docs: rustc_hash::FxHashMap<PathBuf, (Stamp, Result<Arc<Document>, Diagnostic>)>,
    /// The files the last walk found, with what it reported.
    walked: Option<(Vec<Found>, Diagnostics)>,
    /// Set by [`Cache::invalidate`] when every changed path is a file the last walk found and
    /// that is still there: the next load re-reads those and does not walk the site again.
    only_changed: Option<Vec<PathBuf>>,
    /// Whether anything is kept for the next load ([`Cache::new`]; [`Cache::none`] keeps nothing).
    keep: bool,
}

impl Cache {
    /// Forget these files (absolute or root-relative paths), so the next load reads them again
    /// even if their modification time and length did not change.
    pub fn invalidate(&mut self, root: &Path, paths: &[PathBuf]) {
        let abs_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let mut known = Vec::new();
        let mut all_known = !paths.is_empty();
        for p in paths {
            let rel = p
                .strip_prefix(&abs_root)
                .or_else(|_| p.strip_prefix(root))
                .unwrap_or(p);
            self.docs.remove(rel);
            // site.yaml is read on every load; themes and templates are not content.
            if !rel.starts_with("content") {
                continue;
            }
            let walked: &[Found] = self.walked.as_ref().map_or(&[], |(f, _)| f);
            // Not following links: a file replaced by a link is for the walk to judge.
            let meta = std::fs::symlink_metadata(root.join(rel)).ok();
            if rel.extension().is_some_and(|e| e == "md") {
                if walked.iter().any(|f| f.0 == rel) && meta.is_some_and(|m| m.is_file()) {
                    known.push(rel.to_path_buf());
                } else {
                    all_known = false; // created, deleted, renamed or replaced by a link
                }
            } else if meta.is_some_and(|m| m.is_dir())
                || walked.iter().any(|f| f.0.starts_with(rel))
            {
                // A folder came, went or was renamed: nothing read from under it before is
                // trusted (a restored file can have the size and time of the one it replaces).
                self.docs.retain(|p, _| !p.starts_with(rel));
                all_known = false;
            }
            // Anything else (an editor's temporary file) is not content.
        }
        self.only_changed = all_known.then_some(known);
    }

    /// The content files the last [`Cache::invalidate`] named, when they are all it changed
    /// (root-relative); `None` when the next load walks the site again.
    pub fn only_changed(&self) -> Option<&[PathBuf]> {
        self.only_changed.as_deref()
    }
}

type Stamp = (Option<SystemTime>, u64);

fn stamp(path: &Path) -> Stamp {
    match std::fs::metadata(path) {
        Ok(m) => (m.modified().ok(), m.len()),
        Err(_) => (None, 0),
    }
}

/// Editor backups, swap files and hidden files are never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.starts_with("~$")
}

/// Classify `content/<review>/...` paths.
fn classify(rel: &Path) -> Option<(String, Kind)> {
    let parts: Vec<&str> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    match parts.as_slice() {
        ["content", review, "_review.md"] => Some((review.to_string(), Kind::Review)),
        ["content", review, "themes", f] if f.ends_with(".md") => {
            Some((review.to_string(), Kind::Theme))
        }
        ["content", review, "recommendations", f] if f.ends_with(".md") => {
            Some((review.to_string(), Kind::Recommendation))
        }
        _ => None,
    }
}

/// `site.yaml`, parsed (None, with the error, when it is missing or broken).
pub fn config(root: &Path) -> (Option<Document>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let config_path = Path::new("site.yaml");
    if let Some(refused) = source::refusal(root, &root.join(config_path)) {
        diags.push(refused);
        return (None, diags);
    }
    if !root.join(config_path).is_file() {
        diags.push(
            Diagnostic::error(config_path, Position::default(), "site.yaml not found").with_hint(
                "run `scrutiny init DIR` to create a site, or pass `--root` pointing at one",
            ),
        );
        return (None, diags);
    }
    let doc = source::read(root, config_path).and_then(|src| {
        let front = yaml::parse(&src.text, 1, config_path, &src.text)?;
        Ok(Document {
            source: src,
            front,
            body: String::new(),
            body_line: 0,
        })
    });
    match doc {
        Ok(doc) => (Some(doc), diags),
        Err(d) => {
            diags.push(d);
            (None, diags)
        }
    }
}

/// `content/`, or an error when there is none.
fn content_dir(root: &Path, diags: &mut Diagnostics) -> Option<PathBuf> {
    let content = root.join("content");
    if content.is_dir() {
        return Some(content);
    }
    diags.push(
        Diagnostic::error(
            "content",
            Position::default(),
            "the content/ folder is missing",
        )
        .with_hint("create content/<review-slug>/_review.md (or run `scrutiny new review`)"),
    );
    None
}

fn parse_file(root: &Path, rel: &Path, kind: Kind) -> Result<Arc<Document>, Diagnostic> {
    source::read(root, rel)
        .and_then(|src| document::parse(src, kind.what()))
        .map(Arc::new)
}

/// Load the content one review folder at a time, handing each to `each`; results come back
/// in folder order. Folders are loaded in parallel, and the files of each one too.
///
/// `cache` is what the preview keeps between rebuilds: files unchanged since they were
/// parsed are not parsed again, and after an edit of files the last walk found only those
/// are read. A one-off build or `check` passes [`Cache::none`], which keeps nothing: each
/// folder's parsed files are dropped as soon as `each` is done with them, so the parsed
/// files of the whole site are never held at once (why: docs/performance.md, "Peak memory").
pub fn each_review<R: Send>(
    root: &Path,
    cache: &mut Cache,
    each: impl Fn(ReviewFiles) -> R + Sync,
) -> (Vec<R>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let Some(content) = content_dir(root, &mut diags) else {
        return (Vec::new(), diags);
    };
    let (files, walk_diags, walked_again) = cache.files(root, &content);
    diags.extend(walk_diags.clone());
    let mut folders: BTreeMap<&str, Vec<&Found>> = BTreeMap::new();
    for f in &files {
        folders.entry(f.1.as_str()).or_default().push(f);
    }
    let folders: Vec<(&str, Vec<&Found>)> = folders.into_iter().collect();
    let (docs, keep) = (&cache.docs, cache.keep);
    // Each folder: its results, its files' errors, and the files parsed anew (for the cache).
    type Parsed = (PathBuf, Stamp, Result<Arc<Document>, Diagnostic>);
    let done: Vec<(R, Vec<Diagnostic>, Vec<Parsed>)> = folders
        .into_par_iter()
        .map(|(dir, found)| {
            let parsed: Vec<(Result<Arc<Document>, Diagnostic>, bool)> = found
                .par_iter()
                .map(|(rel, _, kind, st)| match docs.get(rel) {
                    // The cached parse stands.
                    Some((old, doc)) if old == st && st.0.is_some() => (doc.clone(), false),
                    _ => (parse_file(root, rel, *kind), true),
                })
                .collect();
            let mut folder = ReviewFiles {
                dir: dir.to_string(),
                ..Default::default()
            };
            let mut errors = Vec::new();
            let mut fresh = Vec::new();
            for ((rel, _, kind, st), (doc, new)) in found.iter().zip(parsed) {
                if new && keep {
                    fresh.push((rel.clone(), *st, doc.clone()));
                }
                match doc {
                    Ok(doc) => folder.add(*kind, doc),
                    Err(d) => errors.push(d),
                }
            }
            (each(folder), errors, fresh)
        })
        .collect();
    let mut results = Vec::with_capacity(done.len());
    let mut fresh_docs = Vec::new();
    for (r, errors, fresh) in done {
        results.push(r);
        errors.into_iter().for_each(|d| diags.push(d));
        fresh_docs.extend(fresh);
    }
    if walked_again {
        // Forget files that are gone.
        let present: rustc_hash::FxHashSet<&PathBuf> = files.iter().map(|f| &f.0).collect();
        cache.docs.retain(|path, _| present.contains(path));
    }
    for (rel, st, doc) in fresh_docs {
        cache.docs.insert(rel, (st, doc));
    }
    if keep {
        cache.walked = Some((files, walk_diags));
    }
    (results, diags)
}

impl ReviewFiles {
    fn add(&mut self, kind: Kind, doc: Arc<Document>) {
        match kind {
            Kind::Review => self.review = Some(doc),
            Kind::Theme => self.themes.push(doc),
            Kind::Recommendation => self.recommendations.push(doc),
        }
    }
}

/// Load `site.yaml` and every content file under `root`, all at once (authoring and tests;
/// the pipeline goes folder by folder with [`each_review`]).
pub fn load(root: &Path, cache: &mut Cache) -> (Loaded, Diagnostics) {
    let (config, mut diags) = config(root);
    let (reviews, more) = each_review(root, cache, |files| files);
    diags.extend(more);
    (Loaded { config, reviews }, diags)
}

impl Cache {
    /// A cache that keeps nothing (one-off builds and `check`).
    pub fn none() -> Cache {
        Cache::default()
    }

    /// A cache that keeps parsed files for the next load (the preview).
    pub fn new() -> Cache {
        Cache {
            keep: true,
            ..Cache::default()
        }
    }

    /// The content's files, with what the walk reported, and whether content/ was walked
    /// again. After an edit of files the last walk found, that walk still lists the site:
    /// only the edited files are stamped again (their cache entries were dropped). Anything
    /// else (a file created, deleted or renamed, a first build) walks content/ again.
    fn files(&mut self, root: &Path, content: &Path) -> (Vec<Found>, Diagnostics, bool) {
        if !self.keep {
            let (files, d) = walk(root, content);
            return (files, d, true);
        }
        let changed = self.only_changed.take();
        match (&changed, self.walked.take()) {
            (Some(changed), Some((mut files, d))) => {
                for f in files.iter_mut().filter(|f| changed.contains(&f.0)) {
                    f.3 = stamp(&root.join(&f.0));
                }
                (files, d, false)
            }
            _ => {
                let (mut files, d) = walk(root, content);
                // Modification times and sizes, on every core (one `stat` per file).
                files
                    .par_iter_mut()
                    .for_each(|f| f.3 = stamp(&root.join(&f.0)));
                (files, d, true)
            }
        }
    }
}

type Found = (PathBuf, String, Kind, Stamp);

/// Walk content/, never following a symlink out of the site root. Files are not stamped yet.
fn walk(root: &Path, content: &Path) -> (Vec<Found>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut files = Vec::new();
    let root_canon = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walker = walkdir::WalkDir::new(content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e
                    .path()
                    .map(|p| rel_to(root, p))
                    .unwrap_or_else(|| PathBuf::from("content"));
                diags.push(Diagnostic::error(
                    p,
                    Position::default(),
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        let rel = rel_to(root, path);
        if entry.file_type().is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(&root_canon) && target.is_file() => {}
                Ok(target) if target.starts_with(&root_canon) => continue,
                _ => {
                    diags.push(
                        Diagnostic::error(
                            &rel,
                            Position::default(),
                            "symbolic link points outside the site; not followed",
                        )
                        .with_hint("copy the file into content/ instead of linking to it"),
                    );
                    continue;
                }
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        let Some(name) = entry.file_name().to_str() else {
            if rel.to_string_lossy().ends_with(".md") {
                diags.push(
                    Diagnostic::error(
                        &rel,
                        Position::default(),
                        "the file name is not valid UTF-8",
                    )
                    .with_hint("rename the file using plain letters, digits and hyphens"),
                );
            }
            continue;
        };
        if !name.ends_with(".md") {
            continue;
        }
        match classify(&rel) {
            Some((review, kind)) => files.push((rel, review, kind, (None, 0))),
            None => diags.push(
                Diagnostic::warning(&rel, Position::default(), "this Markdown file is not part of any review and is ignored")
                    .with_hint("recommendations go in content/<review>/recommendations/, themes in content/<review>/themes/, and the review itself in content/<review>/_review.md"),
            ),
        }
    }
    (files, diags)
}

/// How many recommendation files `content/` holds, for `check`'s count: a file with no number,
/// or another file's number, is not in the site it checked.
pub fn recommendation_files(root: &Path) -> usize {
    let (files, _) = walk(root, &root.join("content"));
    files
        .iter()
        .filter(|f| matches!(f.2, Kind::Recommendation))
        .count()
}

fn rel_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}
