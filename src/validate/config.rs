//! `site.yaml` → [`Config`].

use super::fields::Fields;
use crate::diagnostics::Diagnostic;
use crate::load::document::Document;
use crate::load::yaml::Node;
use crate::model::{Config, Contact};

const KEYS: &[&str] = &[
    "title",
    "organisation",
    "base_url",
    "language",
    "theme",
    "description",
    "awaiting_response_days",
    "stale_days",
    "vocabulary",
    "contact",
    "accessibility",
    "licence",
    "fields",
    "report",
    "roles",
    "import",
    "history",
];
const CONTACT_KEYS: &[&str] = &["email", "phone", "url", "address"];

pub fn config(doc: &Document) -> (Config, Vec<Diagnostic>) {
    let mut c = Config::default();
    let mut f = Fields::new(doc, &doc.front, KEYS, "site configuration");
    if let Some(t) = f.string("title") {
        c.title = t;
    }
    if let Some(o) = f.string("organisation") {
        c.organisation = o;
    }
    if let Some(l) = f.string("language") {
        c.language = l;
    }
    if let Some(t) = f.string("theme") {
        if let Some(t) = theme_name(doc, &mut f, t) {
            c.theme = t;
        }
    }
    c.description = f.string("description");
    if let Some(n) = f.int("awaiting_response_days") {
        c.awaiting_response_days = n.clamp(0, 3650);
    }
    if let Some(n) = f.int("stale_days") {
        c.stale_days = n.clamp(0, 36500);
    }
    if let Some(url) = f.string("base_url") {
        if let Some((base_url, base_path)) = base_url(doc, &mut f, &url) {
            c.base_url = base_url;
            c.base_path = base_path;
        }
    }
    if let Some(h) = f.choice("history", &["git", "off"]) {
        c.history = match h.as_str() {
            "git" => crate::model::history::HistorySource::Git,
            _ => crate::model::history::HistorySource::Off,
        };
    }
    let vocab = f.node("vocabulary");
    let contact = f.node("contact");
    let accessibility = f.node("accessibility");
    let licence = f.node("licence");
    let declared = f.node("fields");
    let report = f.node("report");
    let roles = f.node("roles");
    let import = f.node("import");
    let mut diags = f.finish();
    if let Some(node) = accessibility {
        diags.extend(super::publishing::accessibility(
            doc,
            node,
            &mut c.accessibility,
        ));
    }
    if let Some(node) = licence {
        diags.extend(super::publishing::licence(doc, node, &mut c.licence));
    }
    if let Some(node) = contact {
        diags.extend(contact_of(doc, node, &mut c.contact));
    }
    if let Some(v) = vocab {
        diags.extend(super::vocabulary::vocabulary(doc, v, &mut c.vocabulary));
    }
    // The report's columns and import's headings name fields, declared ones too.
    let steps: [(Option<&Node>, Step); 4] = [
        (declared, super::declared::fields),
        (report, super::declared::report),
        (roles, super::declared::roles),
        (import, super::declared::import),
    ];
    for (node, step) in steps {
        if let Some(node) = node {
            diags.extend(step(doc, node, &mut c));
        }
    }
    if !c.vocabulary.records_decisions {
        c.fields.hide("decision");
    }
    if report.is_none() {
        c.report.fit(&c.fields);
    }
    (c, diags)
}

type Step = fn(&Document, &Node, &mut Config) -> Vec<Diagnostic>;

/// A theme other than `default` must be a folder under the site's themes/: the error is at the
/// `theme:` line, as the other mistakes in site.yaml are.
pub fn theme_missing(root: &std::path::Path, doc: &Document, theme: &str) -> Option<Diagnostic> {
    if !no_theme_folder(root, theme) {
        return None;
    }
    let pos = match &doc.front.value {
        crate::load::yaml::Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k == "theme")
            .map(|(_, n)| n.pos)
            .unwrap_or_default(),
        _ => crate::diagnostics::Position::default(),
    };
    Some(doc.locate(
        Diagnostic::error(&doc.source.file, pos, format!("theme `{theme}` not found"))
            .with_hint(format!(
                "create themes/{theme}/ (its templates/ and static/ files replace the default theme's, file by file), or use `theme: default`"
            )),
    ))
}

/// Whether `theme` is one the site should have a folder for and does not.
pub fn no_theme_folder(root: &std::path::Path, theme: &str) -> bool {
    theme != "default" && !root.join("themes").join(theme).is_dir()
}

/// A theme is a folder name under themes/, never a path that could lead out of the site.
fn theme_name(doc: &Document, f: &mut Fields, t: String) -> Option<String> {
    let plain = !t.is_empty()
        && !t.starts_with('.')
        && t.chars()
            .all(|ch| ch.is_alphanumeric() || ch == '-' || ch == '_');
    if plain {
        return Some(t);
    }
    let pos = f.key_pos("theme");
    f.diags.push(doc.locate(
        Diagnostic::error(&doc.source.file, pos, format!("`{t}` is not a theme name"))
            .with_hint("a theme is a folder name under themes/ (letters, digits, `-`, `_`), e.g. `theme: default`"),
    ));
    None
}

/// The site's public address and its path, or an error at `base_url`.
fn base_url(doc: &Document, f: &mut Fields, url: &str) -> Option<(String, String)> {
    match normalise_base_url(url) {
        Ok(both) => Some(both),
        Err(msg) => {
            let pos = f.key_pos("base_url");
            f.diags.push(doc.locate(
                Diagnostic::error(&doc.source.file, pos, msg)
                    .with_hint("write the address the site is published at, e.g. `base_url: https://example.org/scrutiny/`"),
            ));
            None
        }
    }
}

/// The `contact:` mapping.
fn contact_of(doc: &Document, node: &Node, contact: &mut Contact) -> Vec<Diagnostic> {
    let mut cf = Fields::new(doc, node, CONTACT_KEYS, "contact");
    contact.email = cf.string("email");
    contact.phone = cf.string("phone");
    contact.address = cf.string("address");
    if let Some(url) = cf.string("url") {
        if crate::validate::content::is_safe_url(&url) {
            contact.url = Some(url);
        } else {
            let pos = cf.key_pos("url");
            cf.diags.push(
                doc.locate(
                    Diagnostic::error(
                        &doc.source.file,
                        pos,
                        format!("`{url}` is not a web address"),
                    )
                    .with_hint("write a full address such as https://www.example.gov.uk/contact"),
                ),
            );
        }
    }
    cf.finish()
}

/// `https://x.org/scrutiny` → (`https://x.org/scrutiny/`, `/scrutiny/`). A bare `/` is allowed.
pub fn normalise_base_url(url: &str) -> Result<(String, String), String> {
    let url = url.trim();
    // Every address on the site is this one plus a path: a fragment, a query, a password or
    // a space in it would break (or leak into) every link, feed id and sitemap entry.
    if let Some(bad) = url.chars().find(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '#' | '?' | '\\' | '"' | '<' | '>' | '`' | '{' | '}' | '|' | '^'
            )
    }) {
        let what = match bad {
            '#' => "a fragment (`#…`)".to_string(),
            '?' => "a query (`?…`)".to_string(),
            c if c.is_whitespace() => "a space".to_string(),
            c => format!("the character `{}`", c.escape_default()),
        };
        return Err(format!("`base_url` may not contain {what}: `{url}`"));
    }
    let mut with_slash = url.to_string();
    if !with_slash.ends_with('/') {
        with_slash.push('/');
    }
    if with_slash.starts_with('/') {
        return Ok((with_slash.clone(), with_slash));
    }
    let rest = with_slash
        .strip_prefix("https://")
        .or_else(|| with_slash.strip_prefix("http://"))
        .ok_or_else(|| format!("`base_url` must start with https:// or http://, found `{url}`"))?;
    let path = match rest.find('/') {
        Some(i) => rest[i..].to_string(),
        None => "/".to_string(),
    };
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err(format!("`base_url` has no host name: `{url}`"));
    }
    if host.contains('@') {
        return Err(format!(
            "`base_url` may not contain a user name or password (`…@`): `{url}`"
        ));
    }
    Ok((with_slash, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_its_sub_path() {
        assert_eq!(
            normalise_base_url("https://x.org/scrutiny").unwrap(),
            ("https://x.org/scrutiny/".into(), "/scrutiny/".into())
        );
        assert_eq!(normalise_base_url("https://x.org").unwrap().1, "/");
        assert!(normalise_base_url("x.org").is_err());
    }

    #[test]
    fn base_url_refuses_fragments_queries_passwords_and_spaces() {
        for url in [
            "https://x.org/scrutiny/#top",
            "https://x.org/?page=1",
            "https://user:pass@x.org/",
            "https://x.org/my site/",
            "https://x.org/a\"b/",
        ] {
            assert!(normalise_base_url(url).is_err(), "{url}");
        }
        assert!(normalise_base_url("https://x.org:8443/a-b_c~d/%20/").is_ok());
    }
}
