//! Safe file writes: new files never overwrite, replacements are atomic, and concurrent
//! `scrutiny update` runs on one file take turns through a lock file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// A lock file is considered abandoned (a crashed run) after this long.
const STALE_AFTER: Duration = Duration::from_secs(60);

/// Held while a file is being updated; the lock file is removed when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

/// `dir/.name.suffix`: hidden, so the loader and the preview server ignore it.
fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.{suffix}"))
}

/// Where the lock for `target` lives.
pub fn lock_path(target: &Path) -> PathBuf {
    sibling(target, "lock")
}

impl Lock {
    /// Wait up to `timeout` for the lock on `target`.
    pub fn acquire(target: &Path, timeout: Duration) -> io::Result<Lock> {
        let path = lock_path(target);
        let start = Instant::now();
        loop {
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut f) => {
                    let _ = writeln!(f, "{}", std::process::id());
                    return Ok(Lock { path });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    if is_stale(&path) {
                        let _ = fs::remove_file(&path);
                        continue;
                    }
                    if start.elapsed() > timeout {
                        return Err(io::Error::new(
                            io::ErrorKind::WouldBlock,
                            "the file is locked by another update",
                        ));
                    }
                    std::thread::sleep(Duration::from_millis(15));
                }
                Err(e) => return Err(e),
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn is_stale(path: &Path) -> bool {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|age| age > STALE_AFTER)
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Replace `target` with `contents` atomically: write a temporary file in the same folder,
/// flush it to disk, keep the original's permissions, then rename it over the original.
/// Readers see the old file or the new one, never a mix.
pub fn replace(target: &Path, contents: &[u8]) -> io::Result<()> {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = sibling(target, &format!("{}.{n}.tmp", std::process::id()));
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        if let Ok(meta) = fs::metadata(target) {
            let _ = fs::set_permissions(&tmp, meta.permissions());
        }
        drop(f);
        fs::rename(&tmp, target)?;
        sync_dir(target);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Make the rename durable (best effort; not every platform can open a directory).
fn sync_dir(target: &Path) {
    if let Some(dir) = target.parent() {
        if let Ok(d) = File::open(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        }) {
            let _ = d.sync_all();
        }
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

    #[test]
    fn lock_is_exclusive_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.md");
        let lock = Lock::acquire(&f, Duration::from_secs(1)).unwrap();
        assert!(lock.path().exists());
        assert!(Lock::acquire(&f, Duration::from_millis(50)).is_err());
        drop(lock);
        assert!(Lock::acquire(&f, Duration::from_millis(50)).is_ok());
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
