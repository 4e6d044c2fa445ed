//! Review, theme and recommendation files → model values, with every error found.

use super::fields::Fields;
use crate::diagnostics::{did_you_mean, Diagnostic, Position};
use crate::load::document::Document;
use crate::load::yaml::Node;
use crate::model::fields::{self, ExtraValue, Kind, Store};
use crate::model::{
    Decision, Link, Markdown, Number, PartialDate, Review, Slug, Status, Theme, Update,
};
use std::path::Path;

pub const REVIEW_KEYS: &[&str] = &[
    "title",
    "committee",
    "date",
    "reported_to",
    "summary",
    "draft",
];
pub const THEME_KEYS: &[&str] = &["title", "outcome", "order"];
pub const UPDATE_KEYS: &[&str] = &["date", "status", "due", "note", "links"];
pub const LINK_KEYS: &[&str] = &["title", "url"];

pub fn review(doc: &Document, dir: &str) -> (Review, bool, Vec<Diagnostic>) {
    let mut f = Fields::new(doc, &doc.front, REVIEW_KEYS, "front matter");
    let title = f
        .required_string("title", "Safety in the Town Centre")
        .unwrap_or_else(|| dir.to_string());
    let review = Review {
        slug: Slug::from_text(dir),
        title,
        committee: f.string("committee"),
        date: f.date("date"),
        reported_to: f.string("reported_to"),
        summary: f.string("summary"),
        introduction: Markdown(crate::model::bidi::strip(doc.body.clone())),
        themes: Vec::new(),
        recommendations: Vec::new(),
        file: doc.source.file.clone(),
    };
    let draft = f.bool("draft").unwrap_or(false);
    (review, draft, f.finish())
}

pub fn theme(doc: &Document) -> (Theme, Vec<Diagnostic>) {
    let mut f = Fields::new(doc, &doc.front, THEME_KEYS, "front matter");
    let stem = file_stem(&doc.source.file);
    let title = f
        .required_string("title", "Greater Communications")
        .unwrap_or_else(|| stem.clone());
    let theme = Theme {
        slug: Slug::from_text(&stem),
        title,
        outcome: f.string("outcome"),
        order: f.int("order"),
        description: Markdown(crate::model::bidi::strip(doc.body.clone())),
        file: doc.source.file.clone(),
    };
    (theme, f.finish())
}

fn file_stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A recommendation as read, before cross-file checks (theme, duplicate numbers). The fields
/// the model keeps in struct fields are read one by one below; the others, by kind, into
/// `extra` ([`fields::FIELDS`] lists them all).
#[derive(Clone)]
pub struct RecDraft {
    pub number: Option<Number>,
    pub number_pos: Position,
    pub title: String,
    pub recommendation: Markdown,
    pub theme: Option<(String, Position)>,
    pub cabinet_members: Vec<String>,
    pub lead_officers: Vec<String>,
    pub lead_officers_pos: Position,
    pub financial_impact: Option<String>,
    pub decision: Decision,
    pub decision_pos: Position,
    pub status: Status,
    pub status_pos: Position,
    pub due: Option<PartialDate>,
    pub timetable: Option<String>,
    pub updates: Vec<(Update, Position)>,
    pub draft: bool,
    pub extra: fields::Extra,
}

pub fn recommendation(doc: &Document) -> (RecDraft, Vec<Diagnostic>) {
    let mut f = Fields::new(doc, &doc.front, fields::front_matter_keys(), "front matter");
    let number_pos = f.key_pos("number");
    let number = f.required_string("number", "1").map(|n| Number::new(&n));
    let title = f
        .required_string("title", "A short title")
        .unwrap_or_default();
    let recommendation = Markdown(
        f.required_string("recommendation", "The committee's exact words")
            .unwrap_or_default(),
    );
    let theme_pos = f.node("theme").map(|n| n.pos).unwrap_or_default();
    let theme = f.string("theme").map(|t| (t.trim().to_string(), theme_pos));
    let lead_officers_pos = f.key_pos("lead_officers");
    let decision_pos = f.key_pos("decision");
    // Default (0:0) when absent: the accountability checks test for a written `status` key.
    let status_pos = f.has_key_at("status").unwrap_or_default();
    let draft = RecDraft {
        number,
        number_pos,
        title,
        recommendation,
        theme,
        cabinet_members: f.string_list("cabinet_members"),
        lead_officers: f.string_list("lead_officers"),
        lead_officers_pos,
        financial_impact: f
            .string("financial_impact")
            .filter(|s| !s.trim().is_empty()),
        decision: f.decision("decision").unwrap_or(Decision::NotRecorded),
        decision_pos,
        status: f.status("status").unwrap_or(Status::NotStarted),
        status_pos,
        due: f.date("due"),
        timetable: f.string("timetable").filter(|s| !s.trim().is_empty()),
        updates: Vec::new(),
        draft: f.bool("draft").unwrap_or(false),
        extra: extra(&mut f),
    };
    let items = f.seq("updates");
    let mut diags = f.finish();
    let mut draft = draft;
    for item in items {
        if let Some(u) = update(doc, item, &mut diags) {
            draft.updates.push((u, item.key_pos));
        }
    }
    (draft, diags)
}

/// The fields kept by key, each read as its kind says.
fn extra(f: &mut Fields) -> fields::Extra {
    let mut out = fields::Extra::default();
    for field in fields::FIELDS {
        if !matches!(field.store, Store::Extra) {
            continue;
        }
        let key = field.key;
        let value = match field.kind {
            Kind::Text | Kind::Markdown if field.required => {
                f.required_string(key, "some text").map(ExtraValue::Text)
            }
            Kind::Text | Kind::Markdown => f
                .string(key)
                .filter(|s| !s.trim().is_empty())
                .map(ExtraValue::Text),
            Kind::Date => f.date(key).map(ExtraValue::Date),
            Kind::People => Some(f.string_list(key))
                .filter(|names| !names.is_empty())
                .map(ExtraValue::Names),
            // Not kept by key (the table's tests hold that no such field is).
            _ => None,
        };
        if let Some(v) = value {
            out.insert(key, v);
        }
    }
    out
}

fn update(doc: &Document, node: &Node, diags: &mut Vec<Diagnostic>) -> Option<Update> {
    let mut f = Fields::new(doc, node, UPDATE_KEYS, "update");
    let date = f.date("date");
    if date.is_none() && f.node("date").is_none() {
        let pos = f.position();
        f.diags.push(
            doc.locate(
                Diagnostic::error(&doc.source.file, pos, "this update has no `date`")
                    .with_hint("every update needs the day it was made, e.g. `date: 2024-06-30`"),
            ),
        );
    }
    let status = f.status("status");
    let due = f.date("due");
    let note = Markdown(f.string("note").unwrap_or_default());
    let link_nodes = f.seq("links");
    diags.extend(f.finish());
    let mut links = Vec::new();
    for ln in link_nodes {
        let mut lf = Fields::new(doc, ln, LINK_KEYS, "link");
        let url = lf.required_string("url", "https://example.org/minutes.pdf");
        let title = lf.string("title");
        let url_pos = lf.node("url").map(|n| n.pos).unwrap_or(ln.pos);
        diags.extend(lf.finish());
        if let Some(url) = url {
            if !is_safe_url(&url) {
                diags.push(doc.locate(
                    Diagnostic::error(&doc.source.file, url_pos, format!("link `{url}` is not a web address"))
                        .with_hint("links must start with https://, http://, mailto: or / (javascript: and data: links are not allowed)"),
                ));
                continue;
            }
            links.push(Link {
                title: title.unwrap_or_else(|| url.clone()),
                url,
            });
        }
    }
    Some(Update {
        date: date?,
        status,
        due,
        note,
        links,
    })
}

/// Only web, mail and site-relative links are published.
pub fn is_safe_url(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    u.starts_with("https://")
        || u.starts_with("http://")
        || u.starts_with("mailto:")
        || (u.starts_with('/') && !u.starts_with("//"))
        || u.starts_with('#')
}

/// Resolve `theme:` against the review's themes.
pub fn resolve_theme(
    doc: &Document,
    name: &str,
    pos: Position,
    themes: &[Theme],
) -> Result<Slug, Diagnostic> {
    if let Some(t) = themes.iter().find(|t| t.slug.as_str() == name) {
        return Ok(t.slug.clone());
    }
    let review_dir = doc
        .source
        .file
        .parent()
        .and_then(Path::parent)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let d = if themes.is_empty() {
        Diagnostic::error(
            &doc.source.file,
            pos,
            format!("theme `{name}` not found: this review has no themes"),
        )
        .with_hint(format!(
            "create {review_dir}/themes/{name}.md, or remove the `theme` line"
        ))
    } else {
        let slugs: Vec<&str> = themes.iter().map(|t| t.slug.as_str()).collect();
        let hint = match did_you_mean(name, slugs.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "this review's themes are {}",
                slugs
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        Diagnostic::error(&doc.source.file, pos, format!("theme `{name}` not found"))
            .with_hint(hint)
    };
    Err(doc.locate(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links_are_safe() {
        assert!(is_safe_url("https://maidstone.gov.uk/x"));
        assert!(is_safe_url("/scrutiny/x/"));
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url(" JavaScript:alert(1)"));
        assert!(!is_safe_url("data:text/html,x"));
        assert!(!is_safe_url("//evil.example"));
    }
}
