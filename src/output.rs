//! The output files of a render: the sink they are written to (memory for the preview and
//! tests, a staging folder for `build`) and the shared bytes the preview serves. A leaf module:
//! `render` writes into it, `write` and `serve` read from it.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

/// The rendered site: output path (relative, `/`-separated) → bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub files: BTreeMap<String, Bytes>,
    /// Time spent per phase, for `--timings` and the benchmarks.
    pub timings: Vec<(&'static str, Duration)>,
}

/// A short content hash for cache-busting asset URLs (FNV-1a; stable across builds).
pub fn short_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{:08x}", h as u32)
}

/// Where rendered files go: memory (preview, tests) or a staging folder (build).
pub trait Sink: Sync {
    /// Write a whole file.
    fn put(&self, path: String, bytes: Vec<u8>) -> std::io::Result<()>;
    /// Add to the end of a file (creating it), for files too large to hold at once.
    fn append(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;
    /// Many whole files the caller keeps too (the preview's pages): an in-memory sink shares
    /// them instead of copying.
    fn put_all_shared(&self, files: Vec<(String, Bytes)>) -> std::io::Result<()> {
        files
            .into_iter()
            .try_for_each(|(path, bytes)| self.put(path, bytes.to_vec()))
    }
}

/// File contents shared between the output and the preview's caches.
pub type Bytes = std::sync::Arc<[u8]>;

/// A sink that keeps every file in memory.
#[derive(Default)]
pub struct Collect(Mutex<BTreeMap<String, Stored>>);

/// A file in memory: shared with the preview's page cache, or built up by appends.
enum Stored {
    Shared(Bytes),
    Owned(Vec<u8>),
}

impl Collect {
    fn files(&self) -> std::io::Result<std::sync::MutexGuard<'_, BTreeMap<String, Stored>>> {
        self.0.lock().map_err(|_| std::io::Error::other("poisoned"))
    }

    /// A copy of what is in the sink now (pages are shared, not copied).
    pub fn files_so_far(&self) -> BTreeMap<String, Bytes> {
        match self.files() {
            Ok(files) => files
                .iter()
                .map(|(k, v)| match v {
                    Stored::Shared(b) => (k.clone(), b.clone()),
                    Stored::Owned(v) => (k.clone(), Bytes::from(v.as_slice())),
                })
                .collect(),
            Err(_) => BTreeMap::new(),
        }
    }

    pub fn into_files(self) -> BTreeMap<String, Bytes> {
        let files = self.0.into_inner().unwrap_or_else(|p| p.into_inner());
        files
            .into_iter()
            .map(|(k, v)| match v {
                Stored::Shared(b) => (k, b),
                Stored::Owned(v) => (k, Bytes::from(v)),
            })
            .collect()
    }
}

impl Sink for Collect {
    fn put(&self, path: String, mut bytes: Vec<u8>) -> std::io::Result<()> {
        // Pages arrive in buffers sized for their template's largest page; keep only the page.
        bytes.shrink_to_fit();
        self.files()?.insert(path, Stored::Owned(bytes));
        Ok(())
    }

    fn put_all_shared(&self, files: Vec<(String, Bytes)>) -> std::io::Result<()> {
        self.files()?
            .extend(files.into_iter().map(|(k, v)| (k, Stored::Shared(v))));
        Ok(())
    }

    fn append(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let mut files = self.files()?;
        let entry = files
            .entry(path.to_string())
            .or_insert_with(|| Stored::Owned(Vec::new()));
        match entry {
            Stored::Owned(v) => v.extend_from_slice(bytes),
            Stored::Shared(b) => {
                let mut v = b.to_vec();
                v.extend_from_slice(bytes);
                *entry = Stored::Owned(v);
            }
        }
        Ok(())
    }
}
