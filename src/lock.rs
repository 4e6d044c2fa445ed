//! An operating-system lock on a lock file (`flock` on Unix, `LockFileEx` on Windows, through
//! `std::fs::File::try_lock`). The lock is held for as long as the [`Lock`] lives and the
//! system releases it when the process ends, however it ends: a killed run never blocks the
//! next one, and a live run's lock is never taken from it, however long it has been held.
//! Nothing about the lock file (its age, its text) is ever read.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A held lock. Dropping it removes the lock file and releases the lock.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    _file: File,
}

impl Lock {
    /// Take the lock at `path` if no one holds it; `Ok(None)` when someone does (another
    /// process, or another handle in this one).
    pub fn try_acquire(path: &Path) -> io::Result<Option<Lock>> {
        loop {
            let file = open(path)?;
            match file.try_lock() {
                Ok(()) if same_file(&file, path) => return Ok(Some(Lock::held(path, file))),
                // The holder before us removed the lock file as it finished: a lock on a
                // removed file locks nothing, so start again with the file now there.
                Ok(()) => continue,
                Err(TryLockError::WouldBlock) => return Ok(None),
                Err(TryLockError::Error(e)) => return Err(e),
            }
        }
    }

    /// Wait up to `timeout` for the lock at `path`; an error of kind `WouldBlock` when it is
    /// still held after that.
    pub fn acquire(path: &Path, timeout: Duration) -> io::Result<Lock> {
        let start = Instant::now();
        loop {
            if let Some(lock) = Lock::try_acquire(path)? {
                return Ok(lock);
            }
            if start.elapsed() > timeout {
                return Err(io::Error::new(
                    io::ErrorKind::WouldBlock,
                    format!("{} is locked by another run", path.display()),
                ));
            }
            std::thread::sleep(Duration::from_millis(15));
        }
    }

    /// Wait for the lock at `path` for as long as it is held.
    pub fn wait(path: &Path) -> io::Result<Lock> {
        loop {
            let file = open(path)?;
            file.lock()?;
            if same_file(&file, path) {
                return Ok(Lock::held(path, file));
            }
        }
    }

    fn held(path: &Path, file: File) -> Lock {
        Lock {
            path: path.to_path_buf(),
            _file: file,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked; the lock goes with the file handle just after.
        let _ = fs::remove_file(&self.path);
    }
}

fn open(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_is_exclusive_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".a.lock");
        let lock = Lock::try_acquire(&path).unwrap().expect("free");
        assert!(lock.path().exists());
        assert!(Lock::try_acquire(&path).unwrap().is_none());
        assert!(Lock::acquire(&path, Duration::from_millis(50)).is_err());
        drop(lock);
        assert!(!path.exists(), "the lock file is removed");
        assert!(Lock::acquire(&path, Duration::from_millis(50)).is_ok());
    }

    #[test]
    fn a_held_lock_is_never_taken_however_old_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".a.lock");
        let lock = Lock::try_acquire(&path).unwrap().expect("free");
        // A lock file last touched ten years ago, held all along.
        let long_ago = std::time::SystemTime::now() - Duration::from_secs(10 * 365 * 86_400);
        File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        assert!(Lock::try_acquire(&path).unwrap().is_none());
        assert!(Lock::acquire(&path, Duration::from_millis(100)).is_err());
        assert!(path.exists(), "the holder's lock file is left alone");
        drop(lock);
        assert!(Lock::try_acquire(&path).unwrap().is_some());
    }

    #[test]
    fn a_lock_file_left_by_a_dead_run_is_free() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".a.lock");
        fs::write(&path, "999999999\n").unwrap();
        assert!(Lock::try_acquire(&path).unwrap().is_some());
    }

    #[test]
    fn a_waiting_run_gets_the_lock_when_the_holder_finishes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".a.lock");
        let lock = Lock::try_acquire(&path).unwrap().expect("free");
        let waiter = {
            let path = path.clone();
            std::thread::spawn(move || Lock::wait(&path).map(|l| l.path().to_path_buf()))
        };
        std::thread::sleep(Duration::from_millis(100));
        assert!(!waiter.is_finished(), "the lock is held");
        drop(lock);
        assert_eq!(waiter.join().unwrap().unwrap(), path);
    }
}
