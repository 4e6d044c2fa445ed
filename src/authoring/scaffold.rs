//! `scrutiny new review|theme|recommendation`: a file with every key present, the next free
//! number or order, and a file name derived from the title. Never overwrites.

use super::emit::{self, ReviewSpec, ThemeSpec};
use super::{
    arg_error, atomic, existing, io_error, one, require_review, require_site, Outcome, Report,
};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Position};
use crate::load::document;
use crate::load::source::Source;
use crate::model::Slug;
use crate::validate::content;
use std::path::{Path, PathBuf};

pub(super) fn title_arg(title: &str) -> Result<&str, Diagnostics> {
    let t = title.trim();
    if t.is_empty() {
        return Err(one(arg_error(
            "the title is empty",
            "give a short title in quotes, e.g. \"Bystander training\"",
        )));
    }
    Ok(t)
}

/// Check a generated file with the real validator, then create it (never overwriting).
pub(super) fn create(
    root: &Path,
    rel: PathBuf,
    text: String,
    what: &str,
) -> Result<PathBuf, Diagnostics> {
    let doc = document::parse(
        Source {
            file: rel.clone(),
            text: text.clone(),
        },
        what,
    )
    .map_err(one)?;
    let diags = match what {
        "review" => content::review(&doc, "").2,
        "theme" => content::theme(&doc).1,
        _ => content::recommendation(&doc, &super::site_config(root)).1,
    };
    let mut errors = Diagnostics::new();
    diags
        .into_iter()
        .filter(Diagnostic::is_error)
        .for_each(|d| errors.push(d));
    if errors.has_errors() {
        return Err(errors);
    }
    let abs = root.join(&rel);
    if abs.exists() {
        return Err(one(Diagnostic::error(
            &rel,
            Position::default(),
            format!("refusing to overwrite {}", rel.display()),
        )
        .with_hint(
            "the file already exists; edit it, or choose another title",
        )));
    }
    atomic::create_new(&abs, text.as_bytes()).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            one(Diagnostic::error(
                &rel,
                Position::default(),
                format!("refusing to overwrite {}", rel.display()),
            ))
        } else {
            one(io_error(&rel, "create the file", &e))
        }
    })?;
    Ok(rel)
}

fn done(rel: PathBuf, note: String) -> Report {
    Report {
        written: vec![rel],
        notes: vec![note],
        ..Default::default()
    }
}

/// The arguments of `scrutiny new review`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReviewArgs<'a> {
    pub title: &'a str,
    /// The folder name; made from the title when not given.
    pub slug: Option<&'a str>,
    pub committee: Option<&'a str>,
    pub date: Option<&'a str>,
    pub reported_to: Option<&'a str>,
}

/// Text given, trimmed; nothing when empty.
fn given_text(t: Option<&str>) -> Option<String> {
    t.map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
}

/// `--slug`, which must already be a folder name; else one made from the title.
fn review_slug(args: &ReviewArgs, title: &str) -> Result<Slug, Diagnostics> {
    match args.slug.map(str::trim) {
        None => Ok(Slug::from_text(title)),
        Some(s) => Slug::parse(s).ok_or_else(|| {
            one(arg_error(
                format!("`{s}` is not a review folder name for --slug"),
                format!(
                    "use lower-case letters, digits and hyphens, e.g. --slug {}",
                    Slug::from_text(s)
                ),
            ))
        }),
    }
}

/// `scrutiny new review TITLE [--slug …] [--committee …] [--date …] [--reported-to …]`
pub fn review(root: &Path, args: &ReviewArgs) -> Outcome {
    require_site(root)?;
    let title = title_arg(args.title)?;
    let date = match args.date {
        Some(d) => Some(super::given::date_arg("--date", d).map_err(one)?),
        None => None,
    };
    let slug = review_slug(args, title)?;
    let dir = Path::new("content").join(slug.as_str());
    if root.join(&dir).join("_review.md").exists() {
        return Err(one(Diagnostic::error(
            dir.join("_review.md"),
            Position::default(),
            format!("review `{slug}` already exists"),
        )
        .with_hint("edit its _review.md, or choose another title (or --slug)")));
    }
    let text = emit::review(&ReviewSpec {
        title: title.to_string(),
        committee: given_text(args.committee),
        date,
        reported_to: given_text(args.reported_to),
        summary: None,
        introduction: String::new(),
    });
    let rel = create(root, dir.join("_review.md"), text, "review")?;
    for sub in ["themes", "recommendations"] {
        std::fs::create_dir_all(root.join(&dir).join(sub))
            .map_err(|e| one(io_error(&dir.join(sub), "create the folder", &e)))?;
    }
    Ok(done(
        rel,
        format!("Next: scrutiny new recommendation {slug} \"Short title\""),
    ))
}

/// `scrutiny new theme REVIEW TITLE [--outcome …]`
pub fn theme(root: &Path, review: &str, title: &str, outcome: Option<&str>) -> Outcome {
    require_site(root)?;
    let title = title_arg(title)?;
    let dir = require_review(root, review)?;
    let themes = existing::themes(root, &dir);
    let order = themes
        .iter()
        .filter_map(|t| t.order)
        .max()
        .map_or(1, |o| o.saturating_add(1));
    let slug = Slug::from_text(title);
    let text = emit::theme(&ThemeSpec {
        title: title.to_string(),
        outcome: outcome
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(str::to_string),
        order: Some(order),
        description: String::new(),
    });
    let rel = create(
        root,
        dir.join("themes").join(format!("{slug}.md")),
        text,
        "theme",
    )?;
    Ok(done(
        rel,
        format!("Recommendations join it with `theme: {slug}`"),
    ))
}

/// A theme given by slug (or by its title), or an error naming the themes there are.
pub(super) fn resolve_theme(root: &Path, dir: &Path, wanted: &str) -> Result<String, Diagnostics> {
    let themes = existing::themes(root, dir);
    if let Some(t) = themes.iter().find(|t| {
        t.slug == wanted
            || t.title
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(wanted))
    }) {
        return Ok(t.slug.clone());
    }
    let slugs: Vec<String> = themes.iter().map(|t| t.slug.clone()).collect();
    let hint = match did_you_mean(wanted, slugs.iter().map(String::as_str)) {
        Some(s) => format!("did you mean `{s}`?"),
        None if slugs.is_empty() => format!(
            "this review has no themes; create one with `scrutiny new theme {} \"{wanted}\"`",
            dir.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ),
        None => format!("this review's themes are {}", existing::list(&slugs)),
    };
    Err(one(arg_error(format!("theme `{wanted}` not found"), hint)))
}
