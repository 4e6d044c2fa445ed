//! `write`: put a rendered site on disk atomically. Files go to a staging folder beside the
//! output; only when every file is written is the staging folder swapped in. A failed build
//! therefore never touches the last good output.

use crate::render::{Output, Sink};
use rayon::prelude::*;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

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
/// `commit` swaps it in. Dropped without `commit`, it removes itself and the destination is
/// untouched.
pub struct Staging {
    dest: PathBuf,
    staging: PathBuf,
    old: PathBuf,
    dirs: Mutex<rustc_hash::FxHashSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    pub fn new(dest: &Path) -> io::Result<Staging> {
        let parent = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let pid = std::process::id();
        let staging = parent.join(format!(".{name}.staging-{pid}"));
        let old = parent.join(format!(".{name}.old-{pid}"));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        Ok(Staging {
            dest: dest.to_path_buf(),
            staging,
            old,
            dirs: Mutex::new(Default::default()),
            committed: false,
        })
    }

    /// Swap the staging folder in place of the destination. The previous output is moved
    /// aside, not deleted: call [`Retired::remove`] when convenient (deleting thousands of files
    /// can take longer than the build).
    pub fn commit(mut self) -> io::Result<Retired> {
        swap(&self.staging, &self.dest, &self.old)?;
        self.committed = true;
        Ok(Retired(self.old.clone()))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

impl Staging {
    /// Where `path` goes in the staging folder; refused if it would leave it.
    fn target(&self, path: &str) -> io::Result<PathBuf> {
        let rel = safe_relative(path).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output: {path}"),
            )
        })?;
        Ok(self.staging.join(rel))
    }
}

impl Sink for Staging {
    fn put(&self, path: String, bytes: Vec<u8>) -> io::Result<()> {
        let full = self.target(&path)?;
        if let Some(dir) = full.parent() {
            let known = self.dirs.lock().map(|d| d.contains(dir)).unwrap_or(false);
            if !known {
                std::fs::create_dir_all(dir)?;
                if let Ok(mut d) = self.dirs.lock() {
                    d.insert(dir.to_path_buf());
                }
            }
        }
        std::fs::write(full, bytes)
    }

    fn append(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        use std::io::Write as _;
        let full = self.target(path)?;
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(full)?
            .write_all(bytes)
    }
}

/// The previous output, moved aside by [`Staging::commit`].
#[must_use = "the previous output stays on disk until removed"]
pub struct Retired(PathBuf);

impl Retired {
    /// Delete the previous output (files in parallel). Failing to delete it loses nothing.
    pub fn remove(self) {
        let files: Vec<PathBuf> = walkdir::WalkDir::new(&self.0)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .map(|e| e.into_path())
            .collect();
        files.par_iter().for_each(|f| {
            let _ = std::fs::remove_file(f);
        });
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Write an in-memory `output` to `dest`, replacing its previous contents in one step.
pub fn write(output: &Output, dest: &Path) -> io::Result<()> {
    let staging = Staging::new(dest)?;
    output
        .files
        .par_iter()
        .try_for_each(|(path, bytes)| staging.put(path.clone(), bytes.to_vec()))?;
    staging.commit()?.remove();
    Ok(())
}

fn swap(staging: &Path, dest: &Path, old: &Path) -> io::Result<()> {
    let had_old = dest.exists();
    if had_old {
        if old.exists() {
            std::fs::remove_dir_all(old)?;
        }
        std::fs::rename(dest, old)?;
    }
    if let Err(e) = std::fs::rename(staging, dest) {
        if had_old {
            let _ = std::fs::rename(old, dest);
        }
        return Err(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let mut bad = Output::default();
        bad.files.insert("ok.html".into(), b"two".to_vec().into());
        bad.files
            .insert("../escape.html".into(), b"x".to_vec().into());
        assert!(write(&bad, &dest).is_err());
        assert_eq!(std::fs::read(dest.join("index.html")).unwrap(), b"one");
        assert!(!dir.path().join("escape.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folder cleaned up");
    }
}
