//! Theme files: templates and static assets, in layers. The default theme (built into the
//! binary, so a new site needs nothing else) is the first layer; each layer above replaces it
//! file by file: the site's own copy in `themes/default/`, the theme `site.yaml` names
//! (`themes/<name>/`), then the site's `templates/` and `static/` folders. A theme that
//! brings only `static/site.css` or only `templates/review.html` is complete.
//!
//! A template that a layer replaces stays reachable under a prefix, so a replacement can
//! extend the file it replaces and change one block: `default/<name>` is the default theme's
//! template (registered when a named theme is in use) and `theme/<name>` the theme's, before
//! the site's `templates/` (registered when the site has that folder).

use crate::diagnostics::{Diagnostic, Position};
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The prefixes under which replaced templates stay reachable (see the module's comment).
pub const DEFAULT_PREFIX: &str = "default/";
pub const THEME_PREFIX: &str = "theme/";

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

/// Load theme `name` for the site at `root`, layer by layer (see the module's comment).
pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
    let themes = root.join("themes");
    let default_dir = themes.join("default");
    let named_dir = themes.join(name);
    let mut folders = vec![themes.clone()];
    for dir in [&default_dir, &named_dir] {
        folders.extend([dir.clone(), dir.join("templates"), dir.join("static")]);
    }
    folders.extend([root.join("templates"), root.join("static")]);
    for folder in &folders {
        if let Some(refused) = outside_folder(root, folder) {
            return Err(refused);
        }
    }
    if name != "default" && !named_dir.is_dir() {
        return Err(Diagnostic::error(
            "site.yaml",
            Position::default(),
            format!("theme `{name}` not found"),
        )
        .with_hint(format!(
            "create themes/{name}/ (its templates/ and static/ files replace the default theme's, file by file), or use `theme: default`"
        )));
    }
    let mut theme = Theme::default();
    embedded(&mut theme);
    if default_dir.is_dir() {
        read_layer(root, &default_dir, &mut theme)?;
    }
    if name != "default" {
        let below = theme.templates.clone();
        read_layer(root, &named_dir, &mut theme)?;
        add_prefixed(&mut theme, DEFAULT_PREFIX, below);
    }
    let overrides = root.join("templates");
    if overrides.is_dir() {
        let below = theme.templates.clone();
        read_templates(root, &overrides, &mut theme.templates)?;
        add_prefixed(&mut theme, THEME_PREFIX, below);
    }
    read_assets(root, &root.join("static"), &mut theme.assets)?;
    Ok(theme)
}

/// One theme folder's `templates/` and `static/` over what is there already.
fn read_layer(root: &Path, dir: &Path, theme: &mut Theme) -> Result<(), Diagnostic> {
    read_templates(root, &dir.join("templates"), &mut theme.templates)?;
    read_assets(root, &dir.join("static"), &mut theme.assets)
}

/// Register `templates` (a layer as it was before the next one replaced some of its files)
/// under `prefix`.
fn add_prefixed(theme: &mut Theme, prefix: &str, templates: BTreeMap<String, TemplateSource>) {
    for (name, source) in templates {
        theme.templates.insert(format!("{prefix}{name}"), source);
    }
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

fn read_templates(
    root: &Path,
    templates: &Path,
    out: &mut BTreeMap<String, TemplateSource>,
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
        if key.starts_with(DEFAULT_PREFIX) || key.starts_with(THEME_PREFIX) {
            let folder = key.split('/').next().unwrap_or_default();
            return Err(Diagnostic::error(
                &origin,
                Position::default(),
                format!("a template folder may not be called `{folder}/`: the name is reserved"),
            )
            .with_hint("`default/` and `theme/` name the templates a layer replaces (docs/theming.md); rename the folder"));
        }
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
