//! Review, theme and recommendation files → model values, with every error found.

use super::fields::Fields;
use crate::diagnostics::{did_you_mean, Diagnostic, Position};
use crate::load::document::Document;
use crate::load::yaml::Node;
use crate::model::fields::{self, ExtraValue, Kind, Store};
use crate::model::{
    Config, Decision, Link, Markdown, Number, PartialDate, Review, Slug, Status, Theme, Update,
    Vocabulary,
};
use std::path::Path;

pub const REVIEW_KEYS: &[&str] = &[
    "title",
    "committee",
    "date",
    "reported_to",
    "summary",
    "closed",
    "closed_reason",
    "sources",
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
        closed: f.date("closed"),
        closed_reason: f.string("closed_reason").filter(|s| !s.trim().is_empty()),
        introduction: Markdown(crate::model::bidi::strip(doc.body.clone())),
        file: doc.source.file.clone(),
        ..Review::default()
    };
    let mut review = review;
    if review.closed_reason.is_some() && review.closed.is_none() {
        let pos = f.key_pos("closed_reason");
        f.error(
            pos,
            "`closed_reason` without a `closed` date".into(),
            "add the date the committee closed the review, e.g. `closed: 2025-03-12`".into(),
        );
    }
    // Without the date the committee made its recommendations, nothing can be called
    // awaiting a response, nor a recommendation never updated stale: lateness the site would
    // understate without a word. (An unreadable date is an error of its own.)
    let undated = review.date.is_none() && f.node("date").is_none();
    let undated_at = f.has_key_at("date").unwrap_or_else(|| f.position());
    let draft = f.bool("draft").unwrap_or(false);
    let sources = f.seq("sources");
    let mut diags = f.finish();
    if undated {
        diags.push(
            doc.locate(
                Diagnostic::warning(
                    &doc.source.file,
                    undated_at,
                    "the review has no `date`: no recommendation of it can be flagged as awaiting a \
                     response, and none that was never updated as stale",
                )
                .with_hint(
                    "add the date the committee made its recommendations, e.g. `date: 2023-04` \
                     (YYYY-MM-DD, YYYY-MM or YYYY)",
                ),
            ),
        );
    }
    review.sources = links(doc, sources, &mut diags);
    (review, draft, diags)
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
    pub withdrawn: Option<PartialDate>,
    pub withdrawn_reason: Option<String>,
    pub aliases: Vec<String>,
    pub aliases_pos: Position,
    /// Where each alias is written, and its line (for errors found once the site is assembled).
    pub alias_at: Vec<(Position, String)>,
    pub extra: fields::Extra,
}

/// Where each of `count` aliases is written: its list item, else the `aliases` key.
fn alias_positions(
    doc: &Document,
    node: Option<&Node>,
    count: usize,
    key: Position,
) -> Vec<Position> {
    let items: Vec<Position> = match node.map(|n| &n.value) {
        Some(crate::load::yaml::Value::Seq(items)) => items
            .iter()
            .filter(
                |i| matches!(&i.value, crate::load::yaml::Value::Str(s) if !s.trim().is_empty()),
            )
            .map(|i| i.pos)
            .collect(),
        _ => Vec::new(),
    };
    let _ = doc;
    (0..count)
        .map(|i| items.get(i).copied().unwrap_or(key))
        .collect()
}

/// `decision`, on a site that records decisions.
fn decision(f: &mut Fields, vocab: &Vocabulary) -> Option<Decision> {
    if !vocab.records_decisions {
        if let Some(pos) = f.has_key_at("decision") {
            f.node("decision");
            f.error(
                pos,
                "this site records no decisions (`decisions: none` in site.yaml)".into(),
                "remove the `decision` line, or list the site's decisions in site.yaml".into(),
            );
        }
        return None;
    }
    f.decision("decision", vocab)
}

/// `status`, else the site's not-started status; a site without one (a RAG tracker) needs
/// every recommendation to give its status.
fn status(f: &mut Fields, vocab: &Vocabulary) -> Status {
    let given = f.status("status", vocab);
    let fallback = vocab.default_status();
    if given.is_none() && fallback.is_none() && f.has_key_at("status").is_none() {
        let pos = f.position();
        let keys = crate::model::status::or_list(vocab.status_keys());
        f.error(pos, "missing required key `status`".into(), format!("this site's statuses have no “not started”, so each recommendation gives its own: {keys}"));
    }
    given
        .or(fallback)
        .or_else(|| vocab.statuses.first().map(|(s, _)| *s))
        .unwrap_or(Status::NOT_STARTED)
}

pub fn recommendation(doc: &Document, config: &Config) -> (RecDraft, Vec<Diagnostic>) {
    let keys = config.fields.front_matter_keys();
    let vocab = &config.vocabulary;
    let mut f = Fields::new(doc, &doc.front, &keys, "front matter");
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
        decision: decision(&mut f, vocab).unwrap_or(Decision::NOT_RECORDED),
        decision_pos,
        status: status(&mut f, vocab),
        status_pos,
        due: f.date("due"),
        timetable: f.string("timetable").filter(|s| !s.trim().is_empty()),
        updates: Vec::new(),
        draft: f.bool("draft").unwrap_or(false),
        withdrawn: f.date("withdrawn"),
        withdrawn_reason: f
            .string("withdrawn_reason")
            .filter(|s| !s.trim().is_empty()),
        aliases: f.string_list("aliases"),
        aliases_pos: f.key_pos("aliases"),
        alias_at: Vec::new(),
        extra: extra(&mut f, config),
    };
    let mut draft = draft;
    let at = alias_positions(
        doc,
        f.node("aliases"),
        draft.aliases.len(),
        draft.aliases_pos,
    );
    for (alias, pos) in std::mem::take(&mut draft.aliases).into_iter().zip(at) {
        if super::addresses::alias_is_valid(&alias) {
            let line = doc
                .source
                .text
                .lines()
                .nth(pos.line.saturating_sub(1))
                .unwrap_or("");
            draft.alias_at.push((pos, line.to_string()));
            draft.aliases.push(alias);
        } else {
            f.error(pos, format!("`{alias}` is not an address on this site"), "write the earlier address as a path under the site, e.g. `safety-in-the-town-centre/recommendations/3` (letters, digits, `-`, `_` and `/`)".into());
        }
    }
    if draft.withdrawn_reason.is_some() && draft.withdrawn.is_none() {
        let pos = f.key_pos("withdrawn_reason");
        f.error(
            pos,
            "`withdrawn_reason` without a `withdrawn` date".into(),
            "add the date it was withdrawn, e.g. `withdrawn: 2025-03-12`".into(),
        );
    }
    let items = f.seq("updates");
    let mut diags = f.finish();
    for item in items {
        if let Some(u) = update(doc, item, vocab, &mut diags) {
            draft.updates.push((u, item.key_pos));
        }
    }
    (draft, diags)
}

/// The fields kept by key, each read as its kind says.
fn extra(f: &mut Fields, config: &Config) -> fields::Extra {
    let mut out = fields::Extra::default();
    for field in config.fields.iter() {
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
            Kind::Numeric => f.number(key).map(ExtraValue::Text),
            Kind::Link => f.link(key).map(ExtraValue::Text),
            Kind::Choice(choices) => f.choice(key, choices).map(ExtraValue::Text),
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

fn update(
    doc: &Document,
    node: &Node,
    vocab: &Vocabulary,
    diags: &mut Vec<Diagnostic>,
) -> Option<Update> {
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
    let status = f.status("status", vocab);
    let due = f.date("due");
    let note = Markdown(f.string("note").unwrap_or_default());
    let link_nodes = f.seq("links");
    diags.extend(f.finish());
    let links = links(doc, link_nodes, diags);
    Some(Update {
        date: date?,
        status,
        due,
        note,
        links,
    })
}

/// `links:` or `sources:`: `{ title, url }` entries with safe addresses.
fn links(doc: &Document, nodes: &[Node], diags: &mut Vec<Diagnostic>) -> Vec<Link> {
    let mut links = Vec::new();
    for ln in nodes {
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
    links
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
