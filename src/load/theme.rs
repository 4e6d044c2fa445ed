//! Theme files: templates and static assets. A site's `templates/` folder overrides the theme's
//! templates file by file; the default theme is also built into the binary so a new site needs
//! nothing else.

use crate::diagnostics::{Diagnostic, Position};
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A template's text and where it came from (for error messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSource {
    pub text: String,
    pub origin: PathBuf,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Theme {
    /// Template name (`recommendation.html`, `partials/tag.html`) → source.
    pub templates: BTreeMap<String, TemplateSource>,
    /// Output path under the site (`static/site.css`) → bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
}

/// Load theme `name` for the site at `root`.
pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
    let mut theme = Theme::default();
    let dir = root.join("themes").join(name);
    let folders = [
        root.join("themes"),
        dir.clone(),
        dir.join("templates"),
        dir.join("static"),
        root.join("templates"),
    ];
    for folder in folders {
        if let Some(refused) = outside_folder(root, &folder) {
            return Err(refused);
        }
    }
    if dir.is_dir() {
        read_dir_into(&dir, &dir.join("templates"), &mut theme.templates, root)?;
        read_assets(root, &dir.join("static"), &mut theme.assets)?;
    } else if name == "default" {
        embedded(&mut theme);
    } else {
        return Err(Diagnostic::error(
            "site.yaml",
            Position::default(),
            format!("theme `{name}` not found"),
        )
        .with_hint(format!(
            "create themes/{name}/templates/, or use `theme: default`"
        )));
    }
    let overrides = root.join("templates");
    if overrides.is_dir() {
        read_dir_into(&overrides, &overrides, &mut theme.templates, root)?;
    }
    Ok(theme)
}

fn embedded(theme: &mut Theme) {
    fn visit(dir: &Dir<'static>, theme: &mut Theme) {
        for f in dir.files() {
            let p = f.path().to_string_lossy().replace('\\', "/");
            if let Some(name) = p.strip_prefix("templates/") {
                if let Some(text) = f.contents_utf8() {
                    theme.templates.insert(
                        name.to_string(),
                        TemplateSource {
                            text: text.to_string(),
                            origin: PathBuf::from("themes/default").join(&p),
                        },
                    );
                }
            } else if p.starts_with("static/") {
                theme.assets.insert(p, f.contents().to_vec());
            }
        }
        for d in dir.dirs() {
            visit(d, theme);
        }
    }
    visit(&DEFAULT_THEME, theme);
}

fn read_dir_into(
    _theme_dir: &Path,
    templates: &Path,
    out: &mut BTreeMap<String, TemplateSource>,
    root: &Path,
) -> Result<(), Diagnostic> {
    if !templates.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(templates).sort_by_file_name() {
        let entry =
            entry.map_err(|e| Diagnostic::error(templates, Position::default(), e.to_string()))?;
        if !readable(root, &entry)? {
            continue;
        }
        let rel = entry.path().strip_prefix(templates).unwrap_or(entry.path());
        let key = rel.to_string_lossy().replace('\\', "/");
        let origin = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        let text = std::fs::read_to_string(entry.path()).map_err(|e| {
            Diagnostic::error(
                &origin,
                Position::default(),
                format!("cannot read template: {e}"),
            )
            .with_hint("templates must be UTF-8 text files")
        })?;
        out.insert(key, TemplateSource { text, origin });
    }
    Ok(())
}

/// A theme folder that is a link leading out of the site (its files could be anything).
fn outside_folder(root: &Path, folder: &Path) -> Option<Diagnostic> {
    let meta = std::fs::symlink_metadata(folder).ok()?;
    if !meta.file_type().is_symlink() {
        return None;
    }
    let root_canon = root.canonicalize().ok()?;
    let inside = folder
        .canonicalize()
        .map(|t| t.starts_with(&root_canon) && t.is_dir())
        .unwrap_or(false);
    (!inside).then(|| {
        Diagnostic::error(
            folder.strip_prefix(root).unwrap_or(folder),
            Position::default(),
            "symbolic link points outside the site; not followed",
        )
        .with_hint("copy the theme into the site instead of linking to it")
    })
}

/// Whether a walked theme entry is a file to read: ignored names and folders are skipped; a
/// link is read only when it leads to a regular file inside the site, and is an error
/// otherwise, like a link in content/.
fn readable(root: &Path, entry: &walkdir::DirEntry) -> Result<bool, Diagnostic> {
    if super::is_ignored_name(&entry.file_name().to_string_lossy()) || entry.file_type().is_dir() {
        return Ok(false);
    }
    match super::source::refusal(root, entry.path()) {
        Some(refused) => Err(refused),
        None => Ok(true),
    }
}

fn read_assets(
    root: &Path,
    dir: &Path,
    out: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(), Diagnostic> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry =
            entry.map_err(|e| Diagnostic::error(dir, Position::default(), e.to_string()))?;
        if !readable(root, &entry)? {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let key = format!("static/{}", rel.to_string_lossy().replace('\\', "/"));
        let bytes = std::fs::read(entry.path()).map_err(|e| {
            Diagnostic::error(
                entry.path(),
                Position::default(),
                format!("cannot read asset: {e}"),
            )
        })?;
        out.insert(key, bytes);
    }
    Ok(())
}
