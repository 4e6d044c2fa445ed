//! What the browser editor can edit, read from the last good build's model: each
//! recommendation page and review page by its address, with the file behind it. A request
//! names a page; only a page found here leads to a file, so no path from a request reaches
//! the file system.

use crate::model::fields::{Field, Kind};
use crate::model::Site;
use crate::urls::Urls;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A recommendation page.
#[derive(Debug, Clone)]
pub struct Rec {
    pub review: String,
    pub number: String,
    pub title: String,
    /// Relative to the site root.
    pub file: PathBuf,
    pub status_label: String,
    pub decision_label: String,
}

/// A review page.
#[derive(Debug, Clone)]
pub struct Review {
    pub slug: String,
    pub title: String,
    /// (folder name, title)
    pub themes: Vec<(String, String)>,
    pub file: PathBuf,
}

/// Everything the forms need from the site.
#[derive(Debug, Clone, Default)]
pub struct Targets {
    /// By page address under the base path (`review/recommendations/3/`).
    pub recs: BTreeMap<String, Rec>,
    /// By page address under the base path (`review/`).
    pub reviews: BTreeMap<String, Review>,
    /// (key, label), in the site's order.
    pub statuses: Vec<(String, String)>,
    pub decisions: Vec<(String, String)>,
    pub records_decisions: bool,
    /// The fields the site declares in site.yaml.
    pub declared: Vec<&'static Field>,
    /// Labels of the built-in fields, as the site names them.
    pub labels: BTreeMap<&'static str, &'static str>,
    pub hidden: Vec<&'static str>,
}

impl Targets {
    pub fn of(site: &Site) -> Targets {
        let cfg = &site.config;
        let urls = Urls::new(&cfg.base_path, &cfg.base_url);
        let under = |url: String| url.strip_prefix(&cfg.base_path).unwrap_or(&url).to_string();
        let vocab = &cfg.vocabulary;
        let mut t = Targets {
            statuses: vocab
                .statuses
                .iter()
                .map(|(s, term)| (s.key().to_string(), term.label.clone()))
                .collect(),
            decisions: vocab
                .decisions
                .iter()
                .map(|(d, term)| (d.key().to_string(), term.label.clone()))
                .collect(),
            records_decisions: vocab.records_decisions,
            declared: cfg.fields.declared().collect(),
            labels: cfg.fields.iter().map(|f| (f.key, f.label)).collect(),
            hidden: cfg
                .fields
                .iter()
                .filter(|f| f.shown == crate::model::fields::Shown::Hidden)
                .map(|f| f.key)
                .collect(),
            ..Targets::default()
        };
        for review in &site.reviews {
            t.reviews.insert(
                under(urls.review(&review.slug)),
                Review {
                    slug: review.slug.as_str().to_string(),
                    title: review.title.clone(),
                    themes: review
                        .themes
                        .iter()
                        .map(|th| (th.slug.as_str().to_string(), th.title.clone()))
                        .collect(),
                    file: review.file.clone(),
                },
            );
            for rec in &review.recommendations {
                t.recs.insert(
                    under(urls.rec(&review.slug, &rec.slug)),
                    Rec {
                        review: review.slug.as_str().to_string(),
                        number: rec.number.text.clone(),
                        title: rec.title.clone(),
                        file: rec.file.clone(),
                        status_label: vocab.status(rec.status).label.clone(),
                        decision_label: vocab.decision(rec.decision).label.clone(),
                    },
                );
            }
        }
        t
    }

    /// The label the site gives a built-in field.
    pub fn label(&self, key: &str) -> String {
        self.labels
            .get(key)
            .map_or_else(|| key.to_string(), |l| l.to_string())
    }

    /// Whether the site hides a built-in field.
    pub fn shows(&self, key: &str) -> bool {
        !self.hidden.contains(&key)
    }
}

/// Declared fields a form can hold as one line of text or a choice.
pub fn form_kind(field: &Field) -> bool {
    matches!(
        field.kind,
        Kind::Text | Kind::Numeric | Kind::Date | Kind::Link | Kind::Choice(_)
    )
}
