//! Safe file writes: new files never overwrite, replacements are atomic, and concurrent
//! `scrutiny update` runs on one file take turns through a lock file beside it.

use crate::lock::Lock;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `dir/.name.suffix`: hidden, so the loader and the preview server ignore it.
fn sibling(target: &Path, suffix: &str) -> PathBuf {
    target.with_file_name(format!(".{}.{suffix}", file_name(target)))
}

fn file_name(target: &Path) -> String {
    target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The folder holding `target` (`.` for a bare file name).
fn folder(target: &Path) -> &Path {
    match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Where the lock for `target` lives.
pub fn lock_path(target: &Path) -> PathBuf {
    sibling(target, "lock")
}

/// Wait up to `timeout` for the lock on `target` (an operating-system lock on
/// `.NAME.lock` beside it: see [`crate::lock`]). Once it is held, the temporary files a
/// killed run left beside `target` are removed: every [`replace`] of `target` runs under
/// this lock, so no live run is writing one.
pub fn lock(target: &Path, timeout: Duration) -> io::Result<Lock> {
    let lock = Lock::acquire(&lock_path(target), timeout)?;
    remove_dead_temporaries(target);
    Ok(lock)
}

/// `.NAME.*.tmp` files beside `target`: [`replace`]'s temporary files, left by a run killed
/// between writing one and renaming it.
fn remove_dead_temporaries(target: &Path) {
    let prefix = format!(".{}.", file_name(target));
    let Ok(entries) = fs::read_dir(folder(target)) else {
        return;
    };
    for entry in entries.flatten() {
        let is_temporary = entry
            .file_name()
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .is_some_and(|rest| rest.ends_with(".tmp"));
        if is_temporary && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Replace `target` with `contents` atomically: a temporary file in the same folder
/// (`.NAME.XXXXXX.tmp`), flushed to disk and given the original's permissions, is renamed
/// over the original. Readers see the old file or the new one, never a mix. Call it with
/// the file's [`lock`] held.
pub fn replace(target: &Path, contents: &[u8]) -> io::Result<()> {
    let prefix = format!(".{}.", file_name(target));
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // Without an original, what a newly created file would get (umask applies).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(folder(target))?;
    tmp.write_all(contents)?;
    if let Ok(meta) = fs::metadata(target) {
        let _ = tmp.as_file().set_permissions(meta.permissions());
    }
    tmp.as_file().sync_all()?;
    // On failure the temporary file is removed as `tmp` is dropped.
    tmp.persist(target).map_err(|e| e.error)?;
    sync_dir(target);
    Ok(())
}

/// Make the rename durable (best effort; not every platform can open a directory).
fn sync_dir(target: &Path) {
    if let Ok(d) = File::open(folder(target)) {
        let _ = d.sync_all();
    }
}

/// Create `path` (and its folders) with `contents`; fails if it already exists.
pub fn create_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let mut f = OpenOptions::new().write(true).create_new(true).open(path)?;
    let written = f.write_all(contents).and_then(|_| f.sync_all());
    if written.is_err() {
        drop(f);
        let _ = fs::remove_file(path);
    }
    written
}

/// Create every file or none: on the first failure, the files already created are removed.
pub fn create_all(files: &[(PathBuf, String)]) -> Result<(), (PathBuf, io::Error)> {
    let mut done: Vec<&Path> = Vec::new();
    for (path, text) in files {
        if let Err(e) = create_new(path, text.as_bytes()) {
            for p in done.iter().rev() {
                let _ = fs::remove_file(p);
            }
            return Err((path.clone(), e));
        }
        done.push(path);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_keeps_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.md");
        fs::write(&f, "old").unwrap();
        replace(&f, b"new").unwrap();
        assert_eq!(fs::read_to_string(&f).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn replace_keeps_the_original_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.md");
        fs::write(&f, "old").unwrap();
        fs::set_permissions(&f, fs::Permissions::from_mode(0o640)).unwrap();
        replace(&f, b"new").unwrap();
        let mode = fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn the_lock_is_exclusive_and_clears_temporaries_of_killed_runs() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.md");
        fs::write(&f, "text").unwrap();
        fs::write(dir.path().join(".a.md.x1Yz9Q.tmp"), "half").unwrap();
        fs::write(dir.path().join(".a.md.999999999.0.tmp"), "half").unwrap();
        fs::write(dir.path().join(".b.md.x1Yz9Q.tmp"), "another file's").unwrap();
        let held = lock(&f, Duration::from_secs(1)).unwrap();
        assert_eq!(held.path(), lock_path(&f));
        assert!(lock(&f, Duration::from_millis(50)).is_err());
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [".a.md.lock", ".b.md.x1Yz9Q.tmp", "a.md"]);
        drop(held);
        assert!(lock(&f, Duration::from_millis(50)).is_ok());
    }

    #[test]
    fn create_new_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("x").join("a.md");
        create_new(&f, b"one").unwrap();
        assert!(create_new(&f, b"two").is_err());
        assert_eq!(fs::read_to_string(&f).unwrap(), "one");
    }
}
