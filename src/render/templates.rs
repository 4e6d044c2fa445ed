//! Compiling the theme's templates once per render, and turning tera's errors into diagnostics.

use crate::diagnostics::{Diagnostic, Position};
use crate::load::theme::Theme;
use std::path::PathBuf;

/// Compile every template of the theme.
pub fn compile(theme: &Theme) -> Result<tera::Tera, Diagnostic> {
    let mut tera = tera::Tera::new();
    // HTML templates escape every value; the feed templates (`.xml`) escape with the `xml`
    // filter, which also drops the characters XML forbids.
    tera.autoescape_on([".html"]);
    tera.register_filter("xml", |s: &str, _: tera::Kwargs, _: &tera::State| {
        crate::text::escape::xml(s)
    });
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
    // The located report may be the error itself or one of its sources.
    let mut report = None;
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = current {
        if let Some(te) = err.downcast_ref::<tera::Error>() {
            if let tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) = te.kind()
            {
                report = Some(r);
                break;
            }
        }
        current = err.source();
    }
    if report.is_none() {
        if let Some(d) = from_text_report(&e.to_string(), theme) {
            return d;
        }
    }
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

/// tera reports some errors (unknown filters, tests, functions) only as text in its own
/// format: `error: MESSAGE` then ` --> NAME:LINE:COLUMN`. Read the first one back.
fn from_text_report(text: &str, theme: &Theme) -> Option<Diagnostic> {
    let mut lines = text.lines();
    let message = lines.next()?.trim().strip_prefix("error: ")?.to_string();
    let at = lines.find_map(|l| l.trim().strip_prefix("--> "))?;
    let mut parts = at.rsplitn(3, ':');
    let column: usize = parts.next()?.parse().ok()?;
    let line: usize = parts.next()?.parse().ok()?;
    let name = parts.next()?;
    let (file, source) = match theme.templates.get(name) {
        Some(t) => (t.origin.clone(), t.text.as_str()),
        None => (PathBuf::from(name), ""),
    };
    Some(
        Diagnostic::error(
            file,
            Position::new(line, column),
            format!("template error: {message}"),
        )
        .with_source(source)
        .with_hint("see docs/theming.md for the variables, filters and tests templates can use"),
    )
}
