//! Safe file writes: new files never overwrite, replacements are atomic, and concurrent
//! `scrutiny update` runs on one file take turns through a lock file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Held while a file is being updated: an operating-system lock on a lock file beside it,
/// which the system releases when the process ends, however it ends (a killed run never
/// blocks the next one). The lock file is removed when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    _file: File,
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
    /// Wait up to `timeout` for the lock on `target`. Temporary files that a killed run left
    /// beside `target` are removed once the lock is held.
    pub fn acquire(target: &Path, timeout: Duration) -> io::Result<Lock> {
        let path = lock_path(target);
        let start = Instant::now();
        loop {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)?;
            match file.try_lock() {
                // The holder before us may have removed the lock file as it finished: a lock
                // on a removed file locks nothing, so start again with the file now there.
                Ok(()) if same_file(&file, &path) => {
                    remove_dead_temporaries(target);
                    return Ok(Lock { path, _file: file });
                }
                Ok(()) => continue,
                Err(fs::TryLockError::WouldBlock) => {
                    if start.elapsed() > timeout {
                        return Err(io::Error::new(
                            io::ErrorKind::WouldBlock,
                            "the file is locked by another update",
                        ));
                    }
                    std::thread::sleep(Duration::from_millis(15));
                }
                Err(fs::TryLockError::Error(e)) => return Err(e),
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Whether the open `file` is still the one at `path`.
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// `.NAME.PID.N.tmp` files beside `target` whose process is gone (a run killed between
/// writing its temporary file and renaming it).
fn remove_dead_temporaries(target: &Path) {
    let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else {
        return;
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|n| n.strip_suffix(".tmp"))
        else {
            continue;
        };
        let pid = rest.split('.').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| pid != std::process::id() && !crate::write::process_alive(pid)) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked; the lock goes with the file handle just after.
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
