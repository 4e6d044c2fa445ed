//! Reading a file into text, reporting bytes that are not UTF-8 at their line and column.

use crate::diagnostics::{Diagnostic, Position};
use std::path::{Path, PathBuf};

/// A content file's text and its path relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub file: PathBuf,
    pub text: String,
}

/// Decode `bytes` as UTF-8 (a BOM is kept; the splitter skips it).
pub fn decode(file: &Path, bytes: Vec<u8>) -> Result<Source, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source {
            file: file.to_path_buf(),
            text,
        }),
        Err(e) => {
            let bytes = e.as_bytes();
            let bad = e.utf8_error().valid_up_to();
            let before = &bytes[..bad];
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = before
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&before[line_start..])
                .chars()
                .count()
                + 1;
            let lossy = String::from_utf8_lossy(bytes);
            Err(Diagnostic::error(
                file,
                Position::new(line, column),
                format!("the file is not valid UTF-8 (byte 0x{:02x})", bytes[bad]),
            )
            .with_source(&lossy)
            .with_hint("save the file as UTF-8 (in Word or Excel: \"Save as\" → \"UTF-8\")"))
        }
    }
}

/// The largest file the site reads. Officers' responses in real plans run to a few
/// kilobytes; Markdown's syntax tree costs up to 170 times a file's size in memory (an
/// 11 MB table peaked at 1.9 GB), so this bound keeps one file's cost bounded too.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// Why a file may not be read as part of the site, if it may not: the rule for every file
/// whose text can reach a page or a diagnostic (content, `site.yaml`, templates, assets).
/// A symbolic link is followed only to a regular file inside the site; anything that is not
/// a regular file (a FIFO, a device, `/proc`'s files) is never read, so a link to
/// `/proc/self/environ` or `/etc/passwd` can neither be published nor printed.
pub fn refusal(root: &Path, path: &Path) -> Option<Diagnostic> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let meta = std::fs::symlink_metadata(path).ok()?;
    if meta.file_type().is_symlink() {
        let root = root.canonicalize().ok()?;
        let message = match path.canonicalize() {
            Ok(t) if t.starts_with(&root) && t.is_file() => return None,
            Ok(t) if t.starts_with(&root) => "symbolic link does not lead to a file; not followed",
            _ => "symbolic link points outside the site; not followed",
        };
        return Some(
            Diagnostic::error(rel, Position::default(), message)
                .with_hint("copy the file into the site instead of linking to it"),
        );
    }
    (!meta.is_file()).then(|| {
        Diagnostic::error(rel, Position::default(), "not a regular file; not read")
            .with_hint("replace it with an ordinary text file")
    })
}

/// Read a file from disk under the site's rule for links ([`refusal`]); I/O errors become
/// diagnostics too.
pub fn read(root: &Path, rel: &Path) -> Result<Source, Diagnostic> {
    if let Some(refused) = refusal(root, &root.join(rel)) {
        return Err(refused);
    }
    if let Ok(meta) = std::fs::metadata(root.join(rel)) {
        if meta.len() > MAX_FILE_BYTES {
            return Err(Diagnostic::error(
                rel,
                Position::default(),
                format!(
                    "the file is {:.1} MB, larger than the {} MB a content file may be",
                    meta.len() as f64 / 1_048_576.0,
                    MAX_FILE_BYTES / 1_048_576
                ),
            )
            .with_hint("publish long documents (reports, minutes) elsewhere and link to them from an update's `links`"));
        }
    }
    match std::fs::read(root.join(rel)) {
        Ok(bytes) => decode(rel, bytes),
        Err(e) => Err(Diagnostic::error(
            rel,
            Position::default(),
            format!("cannot read the file: {e}"),
        )
        .with_hint("check the file exists and is readable")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_located() {
        let err = decode(Path::new("a.md"), b"---\ntitle: caf\xe9\n---\n".to_vec()).unwrap_err();
        assert_eq!(err.position, Position::new(2, 11));
        assert!(err.message.contains("0xe9"));
    }
}
