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
/// kilobytes; Markdown's syntax tree costs many times a file's size in memory
/// (docs/performance.md, "Measurements behind the code"), so this bound keeps one file's
/// cost bounded too.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// Why a file may not be read as part of the site, if it may not: the rule for every file
/// whose text can reach a page or a diagnostic (content, `site.yaml`, templates, assets).
/// A symbolic link is followed only to a regular file inside the site; anything that is not
/// a regular file (a FIFO, a device, `/proc`'s files) is never read, so a link to
/// `/proc/self/environ` or `/etc/passwd` can neither be published nor printed.
pub fn refusal(root: &Path, path: &Path) -> Option<Diagnostic> {
    inspect(root, path).err()
}

/// [`refusal`]'s check, telling a file that may be read whether it is a link (`Ok(true)`).
/// A path that cannot be looked at passes: reading it reports why.
fn inspect(root: &Path, path: &Path) -> Result<bool, Diagnostic> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(false);
    };
    if meta.file_type().is_symlink() {
        let Ok(root) = root.canonicalize() else {
            return Ok(true);
        };
        let message = match path.canonicalize() {
            Ok(t) if t.starts_with(&root) && t.is_file() => return Ok(true),
            Ok(t) if t.starts_with(&root) => "symbolic link does not lead to a file; not followed",
            _ => "symbolic link points outside the site; not followed",
        };
        return Err(Diagnostic::error(rel, Position::default(), message)
            .with_hint("copy the file into the site instead of linking to it"));
    }
    if !meta.is_file() {
        return Err(
            Diagnostic::error(rel, Position::default(), "not a regular file; not read")
                .with_hint("replace it with an ordinary text file"),
        );
    }
    Ok(false)
}

/// Read a file from disk under the site's rule for links ([`refusal`]) and its size limit;
/// I/O errors become diagnostics too. The file is opened once: its size comes from the
/// handle, and a file that was not a link when it was checked is opened without following
/// links, so one swapped in between the check and the read is refused, not followed.
pub fn read(root: &Path, rel: &Path) -> Result<Source, Diagnostic> {
    use std::io::Read as _;
    let path = root.join(rel);
    let is_link = inspect(root, &path)?;
    let io_error = |e: std::io::Error| {
        Diagnostic::error(
            rel,
            Position::default(),
            format!("cannot read the file: {e}"),
        )
        .with_hint("check the file exists and is readable")
    };
    let mut file = open_checked(&path, is_link).map_err(io_error)?;
    let mut bytes = Vec::new();
    (&mut file)
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = file.metadata().map_or(bytes.len() as u64, |m| m.len());
        return Err(Diagnostic::error(
            rel,
            Position::default(),
            format!(
                "the file is {:.1} MB, larger than the {} MB a content file may be",
                size as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
        )
        .with_hint("publish long documents (reports, minutes) elsewhere and link to them from an update's `links`"));
    }
    decode(rel, bytes)
}

/// Open `path`, which [`refusal`] has let through: a link (already checked to lead to a file
/// inside the site) is followed; anything else is opened without following links.
fn open_checked(path: &Path, is_link: bool) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    if !is_link {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    #[cfg(not(unix))]
    let _ = is_link;
    options.open(path)
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
