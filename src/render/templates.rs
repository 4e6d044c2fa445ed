//! Compiling the theme's templates once per render, and turning tera's errors into diagnostics.

use crate::diagnostics::{Diagnostic, Position};
use crate::load::theme::Theme;
use std::path::PathBuf;

/// Compile every template of the theme.
pub fn compile(theme: &Theme) -> Result<tera::Tera, Diagnostic> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    let sources: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(n, s)| (n.as_str(), s.text.as_str()))
        .collect();
    tera.add_raw_templates(sources)
        .map_err(|e| to_diagnostic(&e, theme))?;
    Ok(tera)
}

/// A tera error → a diagnostic at the template's file, line and column.
pub fn to_diagnostic(e: &tera::Error, theme: &Theme) -> Diagnostic {
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let Some(r) = report else {
        let mut msg = e.to_string();
        let mut src = std::error::Error::source(e);
        while let Some(s) = src {
            msg.push_str(": ");
            msg.push_str(&s.to_string());
            src = s.source();
        }
        return Diagnostic::error(
            "themes",
            Position::default(),
            format!("template error: {msg}"),
        )
        .with_hint("check the template named in the message");
    };
    let (file, text) = match theme.templates.get(r.filename()) {
        Some(t) => (t.origin.clone(), t.text.as_str()),
        None => (PathBuf::from(r.filename()), ""),
    };
    let span = r.span();
    Diagnostic::error(
        file,
        Position::new(span.start_line, span.start_col + 1),
        format!("template error: {}", r.message()),
    )
    .with_source(text)
    .with_hint("see docs/theming.md for the variables each template receives")
}
