//! What a site needs before it is published, beyond being valid: the public address its
//! feeds and sitemap are made from, a way for residents to report a problem, and a true
//! accessibility statement. Also reads `site.yaml`'s `accessibility:` and `licence:`.
//!
//! `build` and `check` apply [`requirements`]; the preview (`serve`) does not, so a new site
//! can be looked at before it has an address.

use super::fields::Fields;
use crate::diagnostics::{did_you_mean, Diagnostic, Position};
use crate::load::document::Document;
use crate::load::yaml::{Node, Value};
use crate::model::{Accessibility, Compliance, Config, Licence};

const ACCESSIBILITY_KEYS: &[&str] = &["status", "prepared", "reviewed", "known_issues"];
const LICENCE_KEYS: &[&str] = &["name", "url"];

/// The example `base_url` hints show.
const BASE_URL_EXAMPLE: &str = "base_url: https://www.example.gov.uk/scrutiny/";

/// `accessibility:` → what the statement says.
pub fn accessibility(doc: &Document, node: &Node, into: &mut Accessibility) -> Vec<Diagnostic> {
    let mut f = Fields::new(doc, node, ACCESSIBILITY_KEYS, "accessibility");
    if let Some(text) = f.string("status") {
        match Compliance::parse(&text) {
            Some(c) => into.status = c,
            None => {
                let keys = Compliance::ALL.map(Compliance::key);
                let valid = keys.map(|k| format!("`{k}`")).join(", ");
                let hint = match did_you_mean(&text, keys.to_vec()) {
                    Some(k) => format!("did you mean `{k}`? valid values are {valid}"),
                    None => format!("valid values are {valid}"),
                };
                let pos = f.key_pos("status");
                f.diags.push(
                    doc.locate(
                        Diagnostic::error(
                            &doc.source.file,
                            pos,
                            format!("unknown accessibility status `{text}`"),
                        )
                        .with_hint(hint),
                    ),
                );
            }
        }
    }
    into.prepared = f.date("prepared");
    into.reviewed = f.date("reviewed");
    into.known_issues = f.string_list("known_issues");
    f.finish()
}

/// `licence: { name, url }` → the licence of the content and data.
pub fn licence(doc: &Document, node: &Node, into: &mut Licence) -> Vec<Diagnostic> {
    let mut f = Fields::new(doc, node, LICENCE_KEYS, "licence");
    let name = f.required_string("name", "Open Government Licence v3.0");
    let url = f.required_string(
        "url",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    );
    let url = url.filter(|u| {
        let full = u.starts_with("https://") || u.starts_with("http://");
        if !full || !super::content::is_safe_url(u) {
            let pos = f.key_pos("url");
            f.diags.push(
                doc.locate(
                    Diagnostic::error(&doc.source.file, pos, format!("`{u}` is not a web address"))
                        .with_hint("write the full address of the licence, starting https://"),
                ),
            );
            return false;
        }
        true
    });
    if let (Some(name), Some(url)) = (name, url) {
        *into = Licence { name, url };
    }
    f.finish()
}

/// What `build` and `check` require of `site.yaml` (`doc`, when it could be read) beyond its
/// being valid: a full `base_url` (an error), and, as warnings, a contact route and an
/// accessibility statement that lists what it is not compliant with.
pub fn requirements(doc: Option<&Document>, config: &Config) -> Vec<Diagnostic> {
    let Some(doc) = doc else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if !(config.base_url.starts_with("https://") || config.base_url.starts_with("http://")) {
        if let Some(d) = base_url_needed(doc) {
            out.push(d);
        }
    }
    let c = &config.contact;
    if c.email.is_none() && c.phone.is_none() && c.url.is_none() {
        let at = key_pos(doc, "contact").unwrap_or_else(|| missing_key_pos(doc, "contact"));
        out.push(doc.locate(
            Diagnostic::warning(
                &doc.source.file,
                at,
                "no contact email, phone or web address: the accessibility statement cannot say \
                 how to report a problem or ask for another format",
            )
            .with_hint(
                "add e.g. `contact: { email: democratic.services@example.gov.uk }` (`phone:` and \
                 `url:` work too)",
            ),
        ));
    }
    let a = &config.accessibility;
    if a.status != Compliance::Full && a.known_issues.is_empty() {
        let at = accessibility_pos(doc, "status");
        out.push(doc.locate(
            Diagnostic::warning(
                &doc.source.file,
                at,
                format!(
                    "the accessibility statement says the site is {} but lists no known issues",
                    a.status.label()
                ),
            )
            .with_hint(
                "list what does not meet the standard under `known_issues:`, one `- ` line each",
            ),
        ));
    }
    out
}

/// The error for a `base_url` that is missing, empty or only a path; `None` when its value
/// is no address at all, which was reported when `site.yaml` was read.
fn base_url_needed(doc: &Document) -> Option<Diagnostic> {
    let node = key_node(doc, "base_url");
    let message = match node.map(|n| &n.value) {
        None | Some(Value::Null) => None,
        Some(Value::Str(s)) if s.trim().is_empty() => None,
        Some(Value::Str(s)) if s.trim().starts_with('/') => Some(format!(
            "`base_url` must be the site's full public address, found `{}`",
            s.trim()
        )),
        Some(_) => return None,
    };
    let message = message.unwrap_or_else(|| {
        "`base_url` is not set: feeds, the sitemap and links shared from the site need the \
         site's public address"
            .to_string()
    });
    let at = node.map_or_else(|| missing_key_pos(doc, "base_url"), |n| n.key_pos);
    Some(doc.locate(
        Diagnostic::error(&doc.source.file, at, message).with_hint(format!(
            "write the address the site will be published at, ending in /, e.g. \
             `{BASE_URL_EXAMPLE}` (`scrutiny serve` previews the site without it)"
        )),
    ))
}

/// Top-level `key`, if it is written (with a value or without).
fn key_node<'d>(doc: &'d Document, key: &str) -> Option<&'d Node> {
    match &doc.front.value {
        Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, n)| n),
        _ => None,
    }
}

/// Where top-level `key` is written, if it is.
fn key_pos(doc: &Document, key: &str) -> Option<Position> {
    key_node(doc, key).map(|n| n.key_pos)
}

/// `status` under `accessibility:`, else `accessibility:` itself.
fn accessibility_pos(doc: &Document, key: &str) -> Position {
    let Value::Map(entries) = &doc.front.value else {
        return Position::new(1, 1);
    };
    let Some((_, node)) = entries.iter().find(|(k, _)| k == "accessibility") else {
        return Position::new(1, 1);
    };
    match &node.value {
        Value::Map(inner) => inner
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, n)| n.key_pos)
            .unwrap_or(node.key_pos),
        _ => node.key_pos,
    }
}

/// Where a missing key would go: the commented-out line `# key: …` that `scrutiny init`
/// writes, else the first line.
fn missing_key_pos(doc: &Document, key: &str) -> Position {
    doc.source
        .text
        .lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix('#')
                .is_some_and(|rest| rest.trim_start().starts_with(&format!("{key}:")))
        })
        .map(|i| Position::new(i + 1, 1))
        .unwrap_or(Position::new(1, 1))
}
