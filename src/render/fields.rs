//! The field table as templates see it: `site.fields` (which fields the pages show, in the
//! table's order, with their labels) and `rec.fields` (each one's value as shown), so a theme
//! can show any field without knowing it by name.

use super::view::Views;
use crate::model::fields::{Field, FieldValue, Kind, Table};
use crate::model::RecRef;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Value;

/// One field of `site.fields`.
#[derive(Serialize)]
pub struct FieldView {
    key: &'static str,
    label: &'static str,
    /// The label for one value ("Lead officer"): [`Field::label_one`].
    one: &'static str,
    kind: &'static str,
    /// "card" or "page": where the default theme shows it.
    shown: &'static str,
    /// Declared in `site.yaml` (the default theme lists these on the page by themselves).
    declared: bool,
    /// A choice field's values.
    choices: &'static [&'static str],
}

/// The fields the pages show: every field shown on a card or a page, but the updates (a
/// timeline, `rec.updates`, not one value).
fn on_pages(table: &Table) -> impl Iterator<Item = &'static Field> + '_ {
    table
        .iter()
        .filter(|f| f.shown.on_pages() && f.kind != Kind::Updates)
}

/// `site.field`: every field of the table by key, hidden ones too (`shown: "hidden"`), so a
/// template can ask whether the site has a field and what it calls it.
pub fn by_key(table: &Table) -> BTreeMap<&'static str, FieldView> {
    let declared: Vec<&str> = table.declared().map(|f| f.key).collect();
    table
        .iter()
        .map(|f| (f.key, view(f, declared.contains(&f.key))))
        .collect()
}

fn view(f: &'static Field, declared: bool) -> FieldView {
    FieldView {
        key: f.key,
        label: f.label,
        one: f.label_one(),
        kind: f.kind.key(),
        shown: f.shown.key(),
        declared,
        choices: match f.kind {
            Kind::Choice(c) => c,
            _ => &[],
        },
    }
}

/// `site.fields`, in the table's order.
pub fn views(table: &Table) -> Vec<FieldView> {
    let declared: Vec<&str> = table.declared().map(|f| f.key).collect();
    on_pages(table)
        .map(|f| view(f, declared.contains(&f.key)))
        .collect()
}

impl Views<'_> {
    /// `rec.fields`: each field of [`views`] by key → its value as a page shows it (text;
    /// Markdown as HTML; people by the names their pages show, joined with commas; dates, the
    /// theme, the decision and the status in words), or null when not given. The status is the one
    /// written in the file; the current status is `rec.status`.
    pub fn field_values(&self, r: RecRef) -> Value {
        let review = &self.site.reviews[r.review];
        let rec = &review.recommendations[r.rec];
        let vocab = &self.site.config.vocabulary;
        let values: BTreeMap<&'static str, Value> = on_pages(&self.site.config.fields)
            .map(|f| {
                let value = match f.value(rec) {
                    FieldValue::Absent | FieldValue::Updates(_) => Value::none(),
                    FieldValue::Text(t) if matches!(f.kind, Kind::Markdown | Kind::Body) => {
                        self.md(t)
                    }
                    FieldValue::Text(t) => Value::from(t),
                    FieldValue::Names(names) => {
                        Value::from(self.site.shown_names(names).join(", "))
                    }
                    FieldValue::Date(d) => Value::from(d.human()),
                    FieldValue::Theme(slug) => review
                        .themes
                        .iter()
                        .find(|t| &t.slug == slug)
                        .map_or_else(|| Value::from(slug.as_str()), |t| Value::from(&*t.title)),
                    FieldValue::Decision(d) => Value::from(&*vocab.decision(d).label),
                    FieldValue::Status(s) => Value::from(&*vocab.status(s).label),
                    FieldValue::Flag(b) => Value::from(b),
                };
                (f.key, value)
            })
            .collect();
        Value::from(values)
    }
}
