//! What `site.yaml` adds to the content model: `fields:` (the site's own recommendation
//! fields), `report:` (the committee report's columns), `roles:` (renamed roles) and
//! `import:` (more column headings for `scrutiny import`).

use super::fields::Fields;
use crate::diagnostics::Diagnostic;
use crate::load::document::Document;
use crate::load::yaml::{Node, Value};
use crate::model::fields::{Column, Field, Kind, Scaffold, Shown, Store, Table};
use crate::model::status::{intern, or_list};
use crate::model::{Config, Report, ReportColumn};

const FIELD_KEYS: &[&str] = &[
    "key", "label", "type", "choices", "required", "shown", "headings",
];
/// What a site may change of a built-in field.
const BUILTIN_KEYS: &[&str] = &["key", "label", "shown", "headings"];
const TYPES: &[&str] = &["text", "number", "date", "link", "choice"];
const SHOWN: &[&str] = &["card", "page", "data"];
const REPORT_KEYS: &[&str] = &["intro", "columns"];
const IMPORT_KEYS: &[&str] = &["headings"];

/// `fields:` → the site's field table.
pub fn fields(doc: &Document, node: &Node, c: &mut Config) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let Value::Seq(items) = &node.value else {
        diags.push(doc.locate(
            Diagnostic::error(&doc.source.file, node.pos, format!("`fields` must be a list, found {}", node.value.kind()))
                .with_hint("e.g. `fields: [{ key: priority, label: Priority, type: choice, choices: [1, 2, 3] }]`"),
        ));
        return diags;
    };
    let mut declared: Vec<Field> = Vec::new();
    let mut changed: Vec<Field> = Vec::new();
    for item in items {
        let builtin = match &item.value {
            Value::Map(m) => m
                .iter()
                .find(|(k, _)| k == "key")
                .and_then(|(_, v)| match &v.value {
                    Value::Str(s) => Table::default().get(s.trim()),
                    _ => None,
                }),
            _ => None,
        };
        match builtin {
            Some(b) => {
                let mut f = Fields::new(doc, item, BUILTIN_KEYS, "field");
                if let Some(field) = built_in(&mut f, b, &changed) {
                    changed.push(field);
                }
                diags.extend(f.finish());
            }
            None => {
                let mut f = Fields::new(doc, item, FIELD_KEYS, "field");
                if let Some(field) = field(&mut f, &declared) {
                    declared.push(field);
                }
                diags.extend(f.finish());
            }
        }
    }
    c.fields = Table::with(changed, declared);
    diags
}

/// A built-in field as the site has it: its own label, its own headings for `import`, or
/// `shown: hidden` when the site's plan has no such column (a tracker with no financial
/// impact): no row on the pages, no gap reported, no column in the open data.
fn built_in(f: &mut Fields, b: &'static Field, earlier: &[Field]) -> Option<Field> {
    f.node("key");
    if earlier.iter().any(|e| e.key == b.key) {
        let pos = f.key_pos("key");
        f.error(
            pos,
            format!("the field `{}` is listed twice", b.key),
            "list each field once".into(),
        );
        return None;
    }
    let mut field = *b;
    if let Some(l) = f.string("label").filter(|l| !l.trim().is_empty()) {
        field.label = intern(l.trim());
    }
    if let Some(s) = f.string("shown") {
        let pos = f.key_pos("shown");
        match s.trim() {
            "hidden" if b.required => f.error(
                pos,
                format!("`{}` is required and cannot be hidden", b.key),
                "remove `shown: hidden`".into(),
            ),
            "hidden" => field.shown = Shown::Hidden,
            "card" => field.shown = Shown::Card,
            "page" => field.shown = Shown::Page,
            "data" => field.shown = Shown::Data,
            other => f.error(
                pos,
                format!("unknown place `{other}`"),
                "`shown` is `card`, `page`, `data` or `hidden`".into(),
            ),
        }
    }
    let headings = f.string_list("headings");
    if !headings.is_empty() {
        let mut all: Vec<&'static str> = b.synonyms.to_vec();
        all.extend(headings.iter().map(|h| intern(h)));
        field.synonyms = Box::leak(all.into_boxed_slice());
    }
    Some(field)
}

fn field(f: &mut Fields, earlier: &[Field]) -> Option<Field> {
    let made = declared_field(f, earlier);
    if made.is_none() {
        // An entry refused for its key: the rest of it is not looked at, nor reported.
        for k in FIELD_KEYS {
            f.node(k);
        }
    }
    made
}

fn declared_field(f: &mut Fields, earlier: &[Field]) -> Option<Field> {
    let key = f.required_string("key", "priority")?.trim().to_string();
    let key_pos = f.key_pos("key");
    let plain = key.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !plain {
        f.error(
            key_pos,
            format!("`{key}` is not a field key"),
            "keys are lower-case words joined by `_`, e.g. `minute_number`".into(),
        );
        return None;
    }
    let taken =
        super::content::UPDATE_KEYS.contains(&key.as_str()) || earlier.iter().any(|e| e.key == key);
    if taken {
        f.error(
            key_pos,
            format!("the field `{key}` already exists"),
            "choose another key: built-in fields are listed in docs/content-format.md".into(),
        );
        return None;
    }
    let label = f
        .string("label")
        .filter(|l| !l.trim().is_empty())
        .unwrap_or_else(|| key.replace('_', " "));
    let kind = kind(f)?;
    let shown = match f.string("shown") {
        None => Shown::Page,
        Some(s) => match s.trim() {
            "card" => Shown::Card,
            "page" => Shown::Page,
            "data" => Shown::Data,
            other => {
                let pos = f.key_pos("shown");
                f.error(
                    pos,
                    format!("unknown place `{other}`"),
                    format!("`shown` is {}", or_list(SHOWN.iter().copied())),
                );
                Shown::Page
            }
        },
    };
    let headings: Vec<&'static str> = f
        .string_list("headings")
        .iter()
        .map(|h| intern(h))
        .collect();
    let label = intern(&label);
    Some(Field {
        key: intern(&key),
        label,
        kind,
        required: f.bool("required").unwrap_or(false),
        shown,
        column: Some(Column::new(label)),
        synonyms: Box::leak(headings.into_boxed_slice()),
        scaffold: Scaffold::Omit,
        store: Store::Extra,
    })
}

fn kind(f: &mut Fields) -> Option<Kind> {
    let ty = f.string("type").unwrap_or_else(|| "text".into());
    let pos = f.key_pos("type");
    let kind = match ty.trim() {
        "text" => Kind::Text,
        "number" => Kind::Numeric,
        "date" => Kind::Date,
        "link" => Kind::Link,
        "choice" => {
            let choices = f.string_list("choices");
            if choices.is_empty() {
                let pos = f.key_pos("choices");
                f.error(
                    pos,
                    "a choice field needs its `choices`".into(),
                    "e.g. `choices: [High, Medium, Low]`".into(),
                );
                return None;
            }
            let choices: Vec<&'static str> = choices.iter().map(|c| intern(c)).collect();
            Kind::Choice(Box::leak(choices.into_boxed_slice()))
        }
        other => {
            let hint = super::fields::one_of(other, TYPES.to_vec(), "types");
            f.error(pos, format!("unknown field type `{other}`"), hint);
            return None;
        }
    };
    if !matches!(kind, Kind::Choice(_)) && f.has_key_at("choices").is_some() {
        let pos = f.key_pos("choices");
        f.node("choices");
        f.error(
            pos,
            "only a `type: choice` field has `choices`".into(),
            "add `type: choice`, or remove `choices`".into(),
        );
    }
    Some(kind)
}

/// `report:` → the committee report's intro and columns (after `fields:`, whose keys it uses).
pub fn report(doc: &Document, node: &Node, c: &mut Config) -> Vec<Diagnostic> {
    let mut f = Fields::new(doc, node, REPORT_KEYS, "report");
    let intro = f.string("intro").filter(|s| !s.trim().is_empty());
    let items = f.seq("columns");
    let mut report = Report {
        intro,
        ..Report::default()
    };
    if !items.is_empty() {
        report.columns.clear();
    }
    for item in items {
        let (key, label, pos) = match &item.value {
            Value::Str(k) => (k.trim().to_string(), None, item.pos),
            Value::Map(m) if m.len() == 1 => {
                let (k, v) = &m[0];
                let label = match &v.value {
                    Value::Str(s) => Some(s.clone()),
                    Value::Null => None,
                    _ => None,
                };
                (k.trim().to_string(), label, v.key_pos)
            }
            _ => {
                f.error(
                    item.pos,
                    "each report column is a field key, or `key: Heading`".into(),
                    "e.g. `- lead_officers: Responsibility`".into(),
                );
                continue;
            }
        };
        let Some(field) = c.fields.get(&key).filter(|fl| reportable(fl)) else {
            let keys: Vec<&'static str> = c
                .fields
                .iter()
                .filter(|fl| reportable(fl))
                .map(|fl| fl.key)
                .collect();
            let hint = super::fields::one_of(&key, keys, "columns");
            f.error(
                pos,
                format!("`{key}` is not a field the report can show"),
                hint,
            );
            continue;
        };
        report.columns.push(ReportColumn {
            key: field.key,
            label: label.unwrap_or_else(|| field.label.to_string()),
        });
    }
    c.report = report;
    f.finish()
}

/// A field with one value per recommendation (not its history, not a build switch).
fn reportable(f: &Field) -> bool {
    !matches!(f.kind, Kind::Updates | Kind::Flag | Kind::Aliases)
}

/// `roles:` → renamed roles: `Old name: New name`.
pub fn roles(doc: &Document, node: &Node, c: &mut Config) -> Vec<Diagnostic> {
    let Value::Map(entries) = &node.value else {
        return vec![doc.locate(
            Diagnostic::error(
                &doc.source.file,
                node.pos,
                "`roles` must map old role names to new ones".to_string(),
            )
            .with_hint("e.g. `Cabinet Member for Housing and Health: Cabinet Member for Housing`"),
        )];
    };
    let mut diags = Vec::new();
    for (old, new) in entries {
        match &new.value {
            Value::Str(n) if !n.trim().is_empty() => c
                .renamed_roles
                .push((old.trim().to_string(), n.trim().to_string())),
            _ => diags.push(
                doc.locate(
                    Diagnostic::error(
                        &doc.source.file,
                        new.pos,
                        format!("`{old}` needs the role's new name"),
                    )
                    .with_hint(format!("write `{old}: The new role's name`")),
                ),
            ),
        }
    }
    diags
}

/// `import:` → `headings:`, more column headings per field key.
pub fn import(doc: &Document, node: &Node, c: &mut Config) -> Vec<Diagnostic> {
    let mut f = Fields::new(doc, node, IMPORT_KEYS, "import");
    let headings = f.node("headings");
    let mut diags = f.finish();
    let Some(node) = headings else { return diags };
    let Value::Map(entries) = &node.value else {
        diags.push(
            doc.locate(
                Diagnostic::error(
                    &doc.source.file,
                    node.pos,
                    "`headings` maps a field key to the headings it is known by".to_string(),
                )
                .with_hint("e.g. `lead_officers: [Responsibility, Lead Officer/EM]`"),
            ),
        );
        return diags;
    };
    for (key, list) in entries {
        let Some(field) = c.fields.get(key.trim()) else {
            let keys: Vec<&'static str> = c.fields.iter().map(|f| f.key).collect();
            let hint = super::fields::one_of(key, keys, "field keys");
            diags.push(
                doc.locate(
                    Diagnostic::error(
                        &doc.source.file,
                        list.key_pos,
                        format!("unknown field `{key}`"),
                    )
                    .with_hint(hint),
                ),
            );
            continue;
        };
        let names: Vec<String> = match &list.value {
            Value::Str(s) => vec![s.clone()],
            Value::Seq(items) => items
                .iter()
                .filter_map(|i| match &i.value {
                    Value::Str(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        c.import_headings.push((field.key, names));
    }
    diags
}
