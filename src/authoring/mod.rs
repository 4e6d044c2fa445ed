//! Authoring: `init`, `new`, `update` and `import` — writing content for people who should never
//! have to hand-edit YAML.
//!
//! Every command either does all of its work or none of it: arguments and generated text are
//! validated with the same loader and validator as `build` before anything is written, and
//! problems come back as [`Diagnostics`].

pub mod atomic;
pub mod cells;
pub mod columns;
pub mod csvread;
pub mod dryrun;
pub mod edit;
pub mod emit;
pub mod entry;
pub mod existing;
pub mod given;
pub mod import;
pub mod init;
pub mod newrec;
pub mod people;
pub mod plan;
pub mod rewrite;
pub mod rows;
pub mod scaffold;
pub mod splice;
pub mod update;
pub mod yamlout;

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use std::path::{Path, PathBuf};

/// What a command did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files created or changed, relative to the site root.
    pub written: Vec<PathBuf>,
    /// Lines to print after the paths (summaries, next steps).
    pub notes: Vec<String>,
    /// Problems that did not stop the command.
    pub warnings: Diagnostics,
    /// `--dry-run`: the files that would have been written, with their contents.
    pub preview: String,
}

/// The site's configuration (its statuses, decisions and declared fields), so what a command
/// writes is checked as `check` would; the defaults when `site.yaml` is missing or broken
/// (`check` reports that).
pub fn site_config(root: &Path) -> crate::model::Config {
    let (doc, _) = crate::load::config(root);
    crate::validate::site_config(doc.as_ref()).0
}

/// A command's result: what it did, or why it refused.
pub type Outcome = Result<Report, Diagnostics>;

/// One diagnostic as a list.
pub fn one(d: Diagnostic) -> Diagnostics {
    let mut ds = Diagnostics::new();
    ds.push(d);
    ds
}

/// An error about a command-line argument: there is no file to point at.
pub fn arg_error(message: impl Into<String>, hint: impl Into<String>) -> Diagnostic {
    Diagnostic::error("command line", Position::default(), message).with_hint(hint)
}

/// An I/O failure on `path`.
pub fn io_error(path: &Path, action: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, Position::default(), format!("cannot {action}: {e}"))
        .with_hint("check the folder exists and you may write to it; nothing else was changed")
}

/// Refuse to work outside a site.
pub fn require_site(root: &Path) -> Result<(), Diagnostics> {
    if root.join("site.yaml").is_file() {
        return Ok(());
    }
    Err(one(Diagnostic::error("site.yaml", Position::default(), format!("no site found in `{}`", root.display()))
        .with_hint("run this in a site folder (one with site.yaml), pass `--root FOLDER`, or create a site with `scrutiny init FOLDER`")))
}

/// `content/<review>`, if that review exists; else an error with the closest review name.
pub fn require_review(root: &Path, review: &str) -> Result<PathBuf, Diagnostics> {
    let rel = Path::new("content").join(review);
    let valid_name =
        !review.is_empty() && !review.contains(['/', '\\']) && review != "." && review != "..";
    if valid_name && root.join(&rel).is_dir() {
        return Ok(rel);
    }
    let reviews = existing::review_dirs(root);
    let hint = match crate::diagnostics::did_you_mean(review, reviews.iter().map(String::as_str)) {
        Some(s) => format!("did you mean `{s}`?"),
        None if reviews.is_empty() => {
            "this site has no reviews yet; create one with `scrutiny new review \"Title\"`".into()
        }
        None => format!("the reviews are {}", existing::list(&reviews)),
    };
    Err(one(Diagnostic::error(
        &rel,
        Position::default(),
        format!("review `{review}` not found"),
    )
    .with_hint(hint)))
}
