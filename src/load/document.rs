//! One content file → its front matter as a YAML tree and its Markdown body.

use super::frontmatter::{self, SplitError};
use super::source::Source;
use super::yaml::{self, Node};
use crate::diagnostics::{Diagnostic, Position};

/// A parsed content file.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub source: Source,
    pub front: Node,
    pub body: String,
    pub body_line: usize,
}

impl Document {
    /// Attach this file's source line to a diagnostic located in it.
    pub fn locate(&self, d: Diagnostic) -> Diagnostic {
        d.with_source(&self.source.text)
    }
}

/// Split and parse a content file. `what` names it in messages ("recommendation").
pub fn parse(source: Source, what: &str) -> Result<Document, Diagnostic> {
    let file = source.file.clone();
    let split = match frontmatter::split(&source.text) {
        Ok(s) => s,
        Err(SplitError::Empty) => return Err(Diagnostic::error(
            &file,
            Position::new(1, 1),
            format!("the {what} file is empty"),
        )
        .with_hint(
            "start the file with `---`, the keys, then `---` (`scrutiny new` writes one for you)",
        )),
        Err(SplitError::NoFrontMatter) => {
            return Err(Diagnostic::error(
                &file,
                Position::new(1, 1),
                "the file does not start with front matter",
            )
            .with_source(&source.text)
            .with_hint(
                "the first line must be `---`, followed by `key: value` lines and a closing `---`",
            ))
        }
        Err(SplitError::Unclosed { lines }) => {
            return Err(Diagnostic::error(
                &file,
                Position::new(1, 1),
                "the front matter opened here is never closed",
            )
            .with_source(&source.text)
            .with_hint(format!(
            "add a line `---` after the last key (the file has {lines} lines and none is `---`)"
        )))
        }
    };
    let front = yaml::parse(split.front, split.front_line, &file, &source.text)?;
    let body = split.body.to_string();
    let body_line = split.body_line;
    Ok(Document {
        source,
        front,
        body,
        body_line,
    })
}
