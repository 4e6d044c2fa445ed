//! `write`: put a rendered site on disk atomically. Files go to a staging folder beside the
//! output; only when every file is written is the staging folder switched in, in one step
//! (`renameat2(RENAME_EXCHANGE)` on Linux), so a reader never finds the output missing and a
//! failed or killed build never touches the last good output.
//!
//! One build writes an output at a time: a build holds an operating-system lock on
//! `.NAME.lock` beside the output from before it stages anything until the previous output
//! is removed, and a second build of the same output waits for it ([`crate::lock`]).
//!
//! Before anything is written, [`check_destination`] refuses an output folder that would
//! destroy the site or anything scrutiny did not make: the whole folder is replaced on every
//! build, so it must hold nothing but an earlier output.

use crate::lock::Lock;
use crate::output::{Output, Sink};
use rayon::prelude::*;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The file every output folder carries, so a later build knows the folder is its own to
/// replace. Its text says so to a person who finds it.
pub const MARKER: &str = ".scrutiny-output";
const MARKER_TEXT: &str = "This folder is made by `scrutiny build`, which replaces all of it on every build.\nKeep nothing else here.\n";

/// Why an output folder is refused: what is wrong and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub problem: String,
    pub hint: String,
}

/// Decide whether the folder `dest` may be replaced by the build of the site at `root`.
/// Refused: the site folder itself or a folder holding it, anything inside `content/`,
/// `themes/`, `templates/` or `static/`, a file, a folder holding a `site.yaml`, and an existing folder
/// that is neither empty nor an earlier output (it has no marker file).
pub fn check_destination(root: &Path, dest: &Path) -> Result<(), Refusal> {
    let shown = dest.display().to_string();
    let refuse = |problem: String, hint: &str| {
        Err(Refusal {
            problem,
            hint: hint.to_string(),
        })
    };
    let root = absolute(root);
    let dest_abs = absolute(dest);
    if root == dest_abs || root.starts_with(&dest_abs) {
        return refuse(
            format!("the output folder `{shown}` is the site folder or holds it; the build replaces the whole output folder"),
            "build into a folder of its own, e.g. `--output public`",
        );
    }
    for source in ["content", "themes", "templates", "static"] {
        if dest_abs.starts_with(root.join(source)) {
            return refuse(
                format!("the output folder `{shown}` is inside the site's {source}/ folder; the build would replace it"),
                "build into a folder of its own, e.g. `--output public`",
            );
        }
    }
    if dest_abs == root.join("site.yaml") {
        return refuse(
            format!("the output `{shown}` is the site's configuration file"),
            "build into a folder of its own, e.g. `--output public`",
        );
    }
    let meta = match std::fs::metadata(&dest_abs) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return refuse(
                format!("cannot look at the output folder `{shown}`: {e}"),
                "check the folder's permissions",
            )
        }
    };
    if !meta.is_dir() {
        return refuse(
            format!("the output `{shown}` is a file, not a folder"),
            "name a folder that does not exist yet (it is created), or move the file away",
        );
    }
    if dest_abs.join("site.yaml").exists() || dest_abs.join("content").is_dir() {
        return refuse(
            format!("the output folder `{shown}` holds a site (site.yaml or content/); the build replaces the whole output folder"),
            "build into a folder of its own, e.g. `--output public`",
        );
    }
    if dest_abs.join(MARKER).is_file() || looks_like_earlier_output(&dest_abs) {
        return Ok(());
    }
    let mut entries = match std::fs::read_dir(&dest_abs) {
        Ok(e) => e,
        Err(e) => {
            return refuse(
                format!("cannot read the output folder `{shown}`: {e}"),
                "check the folder's permissions",
            )
        }
    };
    match entries.next() {
        None => Ok(()),
        Some(first) => {
            let example = first
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .unwrap_or_default();
            refuse(
                format!("the output folder `{shown}` already holds files scrutiny did not make (such as `{}`); the build replaces the whole output folder", crate::diagnostics::printable(&example)),
                "choose a new or empty folder, or empty this one yourself if nothing in it is needed",
            )
        }
    }
}

/// An output written before outputs were marked: its data files and search manifest.
fn looks_like_earlier_output(dir: &Path) -> bool {
    dir.join("data/recommendations.json").is_file()
        && dir.join("search/manifest.json").is_file()
        && dir.join("sitemap.xml").is_file()
}

/// `path` made absolute and clean, through symbolic links as far as it exists (the part that
/// does not exist yet is appended as written, `.` and `..` resolved).
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let parts: Vec<Component> = joined.components().collect();
    for split in (1..=parts.len()).rev() {
        let Ok(mut out) = parts[..split].iter().collect::<PathBuf>().canonicalize() else {
            continue;
        };
        for part in &parts[split..] {
            match part {
                Component::ParentDir => {
                    out.pop();
                }
                Component::Normal(name) => out.push(name),
                _ => {}
            }
        }
        return out;
    }
    joined
}

/// Refuse output paths that could escape the output folder.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    if p.components().all(|c| matches!(c, Component::Normal(_))) && !path.contains('\\') {
        Some(p.to_path_buf())
    } else {
        None
    }
}

/// A staging folder beside the destination. Files are written into it as they are rendered;
/// `commit` switches it in. Dropped without `commit`, it removes itself and the destination
/// is untouched. It holds the output's lock.
pub struct Staging {
    dest: PathBuf,
    staging: PathBuf,
    dirs: Mutex<rustc_hash::FxHashSet<PathBuf>>,
    committed: bool,
    lock: Option<Lock>,
    /// The previous output, when there is one: a file with the same bytes there is linked into
    /// the staging folder instead of written again.
    previous: Option<PathBuf>,
    /// Files written anew, and files kept from the previous output.
    written: AtomicUsize,
    kept: AtomicUsize,
    /// Files built up by appends, compared with the previous output's when the build is done.
    appended: Mutex<Vec<PathBuf>>,
}

/// How many of a build's files changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Changed {
    pub written: usize,
    pub kept: usize,
}

impl Staging {
    /// Take the lock of `dest` (when another build holds it, `waiting` is called, then this
    /// waits for that build to end), remove what killed builds left beside it, and make the
    /// staging folder.
    pub fn new(dest: &Path, waiting: impl FnOnce()) -> io::Result<Staging> {
        let parent = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let lock_path = parent.join(format!(".{name}.lock"));
        let lock = match Lock::try_acquire(&lock_path)? {
            Some(lock) => lock,
            None => {
                waiting();
                Lock::wait(&lock_path)?
            }
        };
        remove_leftovers(&parent, &name);
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        let previous = dest.join(MARKER).is_file().then(|| dest.to_path_buf());
        // The marker too keeps its identity from build to build (a sync tool sees no change).
        let old_marker = dest.join(MARKER);
        let regular = std::fs::symlink_metadata(&old_marker).is_ok_and(|m| m.is_file());
        let kept_marker = regular
            && std::fs::read(&old_marker).is_ok_and(|b| b == MARKER_TEXT.as_bytes())
            && std::fs::hard_link(&old_marker, staging.join(MARKER)).is_ok();
        if !kept_marker {
            std::fs::write(staging.join(MARKER), MARKER_TEXT)?;
        }
        Ok(Staging {
            dest: dest.to_path_buf(),
            staging,
            dirs: Mutex::new(Default::default()),
            committed: false,
            lock: Some(lock),
            previous,
            written: AtomicUsize::new(0),
            kept: AtomicUsize::new(0),
            appended: Mutex::new(Vec::new()),
        })
    }

    /// How many files were written anew and how many kept from the previous output so far.
    pub fn changed(&self) -> Changed {
        Changed {
            written: self.written.load(Ordering::Relaxed),
            kept: self.kept.load(Ordering::Relaxed),
        }
    }

    /// The files built by appends (the site-wide data files): one whose bytes are the previous
    /// output's is replaced by a link to that file.
    fn keep_unchanged_appended(&self) {
        let appended =
            std::mem::take(&mut *self.appended.lock().unwrap_or_else(|p| p.into_inner()));
        for rel in appended {
            let full = self.staging.join(&rel);
            let linked = full.with_extension("kept");
            let staged = std::fs::File::open(&full);
            let kept = staged.is_ok_and(|f| self.keep_unchanged(&rel, &linked, f))
                && std::fs::rename(&linked, &full).is_ok();
            if kept {
                self.kept.fetch_add(1, Ordering::Relaxed);
            } else {
                let _ = std::fs::remove_file(&linked);
                self.written.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Link the previous output's file at `rel` to `full` when its bytes are `bytes`. A file
    /// that did not change then keeps its identity and modification time, so hosts' sync tools
    /// and caches see only real changes, and the disk writes only what changed. Only a regular
    /// file of the previous output is linked, never a link found there.
    fn keep_unchanged(&self, rel: &Path, full: &Path, new: impl io::Read) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        let old = previous.join(rel);
        let regular = std::fs::symlink_metadata(&old).is_ok_and(|m| m.is_file());
        let same = regular && std::fs::File::open(&old).is_ok_and(|f| same_bytes(f, new));
        same && std::fs::hard_link(&old, full).is_ok()
    }

    /// Switch the staging folder in place of the destination. The previous output is kept
    /// aside, not deleted: call [`Retired::remove`] when convenient (deleting thousands of
    /// files can take longer than the build). The lock goes with it, until it is removed.
    pub fn commit(mut self) -> io::Result<Retired> {
        self.keep_unchanged_appended();
        let old = switch(&self.staging, &self.dest)?;
        self.committed = true;
        Ok(Retired {
            old,
            _lock: self.lock.take(),
            changed: self.changed(),
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Remove the staging and old folders that builds killed before they could clean up left
/// beside the output: `.NAME.staging-PID` and `.NAME.old-PID`. Called with the output's lock
/// held, so no live build is using one.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.staging-"), format!(".{name}.old-")];
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let is_leftover = prefixes
            .iter()
            .filter_map(|p| file_name.strip_prefix(p.as_str()))
            .any(|pid| pid.parse::<u32>().is_ok());
        let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
        if is_leftover && is_dir {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

impl Staging {
    /// Where `path` goes in the staging folder; refused if it would leave it.
    fn target(&self, path: &str) -> io::Result<(PathBuf, PathBuf)> {
        let rel = safe_relative(path).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output: {path}"),
            )
        })?;
        Ok((self.staging.join(&rel), rel))
    }
}

impl Sink for Staging {
    fn put(&self, path: String, bytes: Vec<u8>) -> io::Result<()> {
        let (full, rel) = self.target(&path)?;
        if let Some(dir) = full.parent() {
            let known = self.dirs.lock().map(|d| d.contains(dir)).unwrap_or(false);
            if !known {
                std::fs::create_dir_all(dir)?;
                if let Ok(mut d) = self.dirs.lock() {
                    d.insert(dir.to_path_buf());
                }
            }
        }
        let same_size = self.previous.as_ref().is_some_and(|p| {
            std::fs::symlink_metadata(p.join(&rel)).is_ok_and(|m| m.len() == bytes.len() as u64)
        });
        if same_size && self.keep_unchanged(&rel, &full, bytes.as_slice()) {
            self.kept.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        std::fs::write(full, bytes)
    }

    fn append(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        use std::io::Write as _;
        let (full, rel) = self.target(path)?;
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir)?;
        }
        if let Ok(mut appended) = self.appended.lock() {
            if !appended.contains(&rel) {
                appended.push(rel);
            }
        }
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(full)?
            .write_all(bytes)
    }
}

/// Whether two readers give the same bytes, compared a block at a time (the site-wide data
/// files run to tens of megabytes: neither is read whole into memory).
fn same_bytes(a: impl io::Read, b: impl io::Read) -> bool {
    use io::BufRead as _;
    let mut a = io::BufReader::with_capacity(64 * 1024, a);
    let mut b = io::BufReader::with_capacity(64 * 1024, b);
    loop {
        let (Ok(x), Ok(y)) = (a.fill_buf(), b.fill_buf()) else {
            return false;
        };
        if x.is_empty() || y.is_empty() {
            return x.is_empty() && y.is_empty();
        }
        let n = x.len().min(y.len());
        if x[..n] != y[..n] {
            return false;
        }
        a.consume(n);
        b.consume(n);
    }
}

/// The previous output, moved aside by [`Staging::commit`] (nothing when there was none),
/// with the output's lock: the next build starts when it is removed.
#[must_use = "the previous output stays on disk until removed"]
pub struct Retired {
    old: Option<PathBuf>,
    _lock: Option<Lock>,
    /// How many of the build's files were written anew and how many kept unchanged.
    pub changed: Changed,
}

impl Retired {
    /// Delete the previous output (files in parallel), then release the lock. Failing to
    /// delete it loses nothing; a later build removes what is left.
    pub fn remove(self) {
        let Some(dir) = &self.old else {
            return;
        };
        let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .map(|e| e.into_path())
            .collect();
        files.par_iter().for_each(|f| {
            let _ = std::fs::remove_file(f);
        });
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Write an in-memory `output` to `dest`, replacing its previous contents in one step.
pub fn write(output: &Output, dest: &Path) -> io::Result<()> {
    let staging = Staging::new(dest, || {})?;
    output
        .files
        .par_iter()
        .try_for_each(|(path, bytes)| staging.put(path.clone(), bytes.to_vec()))?;
    staging.commit()?.remove();
    Ok(())
}

/// Put the folder `staging` at `dest`. Returns where the previous output now is, to delete.
///
/// Where the system can exchange two paths in one step (Linux 3.15+, on the file systems that
/// support `RENAME_EXCHANGE`: ext4, xfs, btrfs, tmpfs and most others), `dest` is always a
/// real, complete folder: readers see the old output or the new one, never neither. Elsewhere
/// the fallback is two renames (the old output aside, the new one in); between them, for a
/// moment, `dest` does not exist, and a build killed in that moment leaves the last good
/// output in `.NAME.old-PID` beside it.
fn switch(staging: &Path, dest: &Path) -> io::Result<Option<PathBuf>> {
    match std::fs::symlink_metadata(dest) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            std::fs::rename(staging, dest)?;
            return Ok(None);
        }
        Err(e) => return Err(e),
        Ok(_) => {}
    }
    match exchange(staging, dest) {
        // The staging path now holds the previous output.
        Ok(()) => return Ok(Some(staging.to_path_buf())),
        Err(e) if !exchange_unsupported(&e) => return Err(e),
        Err(_) => {}
    }
    let old = match (dest.parent(), dest.file_name()) {
        (Some(parent), Some(name)) => parent.join(format!(
            ".{}.old-{}",
            name.to_string_lossy(),
            std::process::id()
        )),
        _ => return Err(io::Error::other("the output has no parent folder")),
    };
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    std::fs::rename(dest, &old)?;
    if let Err(e) = std::fs::rename(staging, dest) {
        let _ = std::fs::rename(&old, dest);
        return Err(e);
    }
    Ok(Some(old))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let path = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a path holds a NUL byte"))
    };
    let (a, b) = (path(a)?, path(b)?);
    // SAFETY: both are valid NUL-terminated paths, relative to the working folder.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The errors that mean "this system or file system cannot exchange", not "this failed".
fn exchange_unsupported(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(
        e.raw_os_error(),
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
    ) {
        return true;
    }
    e.kind() == io::ErrorKind::Unsupported
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_bytes_compares_whole_contents_block_by_block() {
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        assert!(same_bytes(&big[..], &big[..]));
        assert!(!same_bytes(&big[..], &big[..big.len() - 1]));
        assert!(!same_bytes(&big[..1], &big[..]));
        let mut changed = big.clone();
        changed[150_000] ^= 1;
        assert!(!same_bytes(&big[..], &changed[..]));
        assert!(same_bytes(&b""[..], &b""[..]));
    }

    #[test]
    fn refuses_paths_outside_the_output() {
        assert!(safe_relative("a/b.html").is_some());
        assert!(safe_relative("../x").is_none());
        assert!(safe_relative("/etc/passwd").is_none());
        assert!(safe_relative("a\\..\\b").is_none());
    }

    #[test]
    fn replaces_the_output_and_keeps_it_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("public");
        let mut out = Output::default();
        out.files
            .insert("index.html".into(), b"one".to_vec().into());
        write(&out, &dest).unwrap();
        assert_eq!(std::fs::read(dest.join("index.html")).unwrap(), b"one");
        assert!(dest.join(MARKER).is_file());
        let mut bad = Output::default();
        bad.files.insert("ok.html".into(), b"two".to_vec().into());
        bad.files
            .insert("../escape.html".into(), b"x".to_vec().into());
        assert!(write(&bad, &dest).is_err());
        assert_eq!(std::fs::read(dest.join("index.html")).unwrap(), b"one");
        assert!(!dir.path().join("escape.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folder cleaned up");
        let mut two = Output::default();
        two.files
            .insert("index.html".into(), b"two".to_vec().into());
        write(&two, &dest).unwrap();
        assert_eq!(std::fs::read(dest.join("index.html")).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "the previous output is removed");
    }

    #[test]
    fn leftovers_of_killed_builds_are_removed_by_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dir.path().join(".public.staging-999999999");
        let dead_old = dir.path().join(".public.old-999999998");
        let other = dir.path().join(".notes.old-999999999");
        let not_ours = dir.path().join(".public.staging-notes");
        for d in [&dead, &dead_old, &other, &not_ours] {
            std::fs::create_dir_all(d.join("sub")).unwrap();
        }
        let staging = Staging::new(&dir.path().join("public"), || {}).unwrap();
        assert!(!dead.exists() && !dead_old.exists());
        assert!(other.exists() && not_ours.exists());
        drop(staging);
        assert!(
            !dir.path().join(".public.lock").exists(),
            "the lock file goes with the build"
        );
    }

    #[test]
    fn a_second_build_of_one_output_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("public");
        let first = Staging::new(&dest, || {}).unwrap();
        first.put("index.html".into(), b"one".to_vec()).unwrap();
        let (told, waiting) = std::sync::mpsc::channel();
        let second = {
            let dest = dest.clone();
            std::thread::spawn(move || {
                let staging = Staging::new(&dest, move || told.send(()).unwrap())?;
                staging.put("index.html".into(), b"two".to_vec())?;
                staging.commit().map(Retired::remove)
            })
        };
        waiting
            .recv_timeout(std::time::Duration::from_secs(5))
            .expect("the second build is told it waits");
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(!second.is_finished(), "the second build waits");
        assert!(
            first.staging.exists(),
            "the first build's work is left alone"
        );
        // The first build's output is in place while it still holds the lock (its previous
        // output is not removed yet); the second build goes on only once that is done.
        let retired = first.commit().unwrap();
        assert_eq!(std::fs::read(dest.join("index.html")).unwrap(), b"one");
        retired.remove();
        second.join().unwrap().unwrap();
        assert_eq!(std::fs::read(dest.join("index.html")).unwrap(), b"two");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "only the output is left: {left:?}");
    }

    #[test]
    fn destinations_that_would_lose_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content/review")).unwrap();
        std::fs::create_dir_all(root.join("themes/mine")).unwrap();
        std::fs::write(root.join("site.yaml"), "title: x\n").unwrap();
        std::fs::create_dir_all(root.join("notes")).unwrap();
        std::fs::write(root.join("notes/thesis.txt"), "years of work").unwrap();
        std::fs::create_dir_all(root.join("empty")).unwrap();
        let refused = |out: &str| check_destination(&root, &root.join(out)).is_err();
        for out in [
            ".",
            "..",
            "content",
            "content/review",
            "content/new",
            "themes",
            "themes/mine",
            "site.yaml",
            "notes",
            "notes/thesis.txt",
        ] {
            assert!(refused(out), "{out} should be refused");
        }
        for out in ["public", "empty", "out/site", "../elsewhere"] {
            assert!(!refused(out), "{out} should be allowed");
        }
        let mut out = Output::default();
        out.files.insert("index.html".into(), b"x".to_vec().into());
        write(&out, &root.join("public")).unwrap();
        assert!(!refused("public"), "an earlier output may be replaced");
        assert!(check_destination(&root, &root)
            .unwrap_err()
            .problem
            .contains("site folder"));
        let notes = check_destination(&root, &root.join("notes")).unwrap_err();
        assert!(notes.problem.contains("thesis.txt"), "{}", notes.problem);
    }
}
