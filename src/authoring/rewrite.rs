//! Replacing an existing content file with an edited copy: under the file's lock, atomically,
//! and never over a change somebody else saved meanwhile.
//!
//! `update` and `edit` (and the preview's forms, which run them) all come through [`rewrite`].
//! The file is read, edited, read again just before the rename, and replaced only when both
//! reads agree; a caller that showed the file to a person earlier passes the fingerprint of
//! what was shown, and the file is left alone if it is no longer that.

use super::{atomic, io_error, one};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::load::source;
use std::path::Path;
use std::time::Duration;

/// How long to wait for another writer of the same file to finish.
const LOCK_TIMEOUT: Duration = Duration::from_secs(20);

/// A file's contents in a few characters: its length and a 64-bit FNV-1a hash, enough to
/// tell that a file changed between a form being opened and saved.
pub fn fingerprint(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{}-{h:016x}", bytes.len())
}

/// Lock `file` (relative to `root`), read it, `edit` its text, check it is unchanged, replace
/// it. With `expect`, the file must still have that [`fingerprint`]. Returns what `edit`
/// returned beside the new text.
pub fn rewrite<T>(
    root: &Path,
    file: &Path,
    expect: Option<&str>,
    edit: impl Fn(&str) -> Result<(String, T), Diagnostics>,
) -> Result<T, Diagnostics> {
    // A link is refused unless it leads to a file inside the site, and then the file it
    // leads to is edited: replacing the link with a copy would cut it silently.
    if let Some(refused) = source::refusal(root, &root.join(file)) {
        return Err(one(refused));
    }
    let abs = root
        .join(file)
        .canonicalize()
        .map_err(|e| one(io_error(file, "find the file", &e)))?;
    let lock = atomic::lock(&abs, LOCK_TIMEOUT).map_err(|e| {
        if e.kind() != std::io::ErrorKind::WouldBlock {
            return one(io_error(file, "lock the file for writing", &e));
        }
        one(Diagnostic::error(
            file,
            Position::default(),
            "another change to this file is still being written",
        )
        .with_hint("try again in a moment (the lock is released when the other writer ends, even if it is killed)"))
    })?;
    for _attempt in 0..5 {
        let before = std::fs::read(&abs).map_err(|e| one(io_error(file, "read the file", &e)))?;
        if expect.is_some_and(|e| e != fingerprint(&before)) {
            return Err(one(changed_meanwhile(file)));
        }
        let text = source::decode(file, before.clone()).map_err(one)?.text;
        let (new_text, result) = edit(&text)?;
        // Compare and swap: somebody's editor may have saved the file meanwhile.
        let now = std::fs::read(&abs).map_err(|e| one(io_error(file, "read the file", &e)))?;
        if now != before {
            if expect.is_some() {
                return Err(one(changed_meanwhile(file)));
            }
            continue;
        }
        atomic::replace(&abs, new_text.as_bytes())
            .map_err(|e| one(io_error(file, "write the file", &e)))?;
        drop(lock);
        return Ok(result);
    }
    Err(one(Diagnostic::error(
        file,
        Position::default(),
        "the file kept changing while the change was being written",
    )
    .with_hint(
        "save and close the file in your editor, then try again",
    )))
}

/// The refusal when the file is no longer what the person editing it saw.
pub fn changed_meanwhile(file: &Path) -> Diagnostic {
    Diagnostic::error(
        file,
        Position::default(),
        "this file was changed after the form was opened (in an editor, or in another tab), so nothing was saved",
    )
    .with_hint("copy anything you typed that you want to keep, open the form again to see the file as it is now, and make your change there")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_differ_for_any_change() {
        assert_eq!(fingerprint(b"abc"), fingerprint(b"abc"));
        assert_ne!(fingerprint(b"abc"), fingerprint(b"abd"));
        assert_ne!(fingerprint(b"abc"), fingerprint(b"abc\n"));
        assert!(fingerprint(b"").starts_with("0-"));
    }

    #[test]
    fn a_file_changed_since_it_was_shown_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.md"), "one\n").unwrap();
        let shown = fingerprint(b"one\n");
        std::fs::write(root.join("a.md"), "two\n").unwrap();
        let err = rewrite(root, Path::new("a.md"), Some(&shown), |t| {
            Ok((format!("{t}three\n"), ()))
        })
        .unwrap_err();
        assert!(err
            .render(false)
            .contains("changed after the form was opened"));
        assert_eq!(std::fs::read_to_string(root.join("a.md")).unwrap(), "two\n");
        let now = fingerprint(b"two\n");
        rewrite(root, Path::new("a.md"), Some(&now), |t| {
            Ok((format!("{t}three\n"), ()))
        })
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join("a.md")).unwrap(),
            "two\nthree\n"
        );
    }
}
