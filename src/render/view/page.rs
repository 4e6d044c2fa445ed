//! What every page carries: its URL, template, title, description and breadcrumbs.

use super::Views;
use crate::model::Review;
use serde::Serialize;
use tera::Value;

/// One page to render.
pub struct PageSpec {
    pub url: String,
    pub template: &'static str,
    pub page: PageMeta,
    pub vars: Vec<(&'static str, Value)>,
}

#[derive(Serialize, Clone)]
pub struct PageMeta {
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    pub url: String,
    /// URL of the main-navigation entry this page lies under, if any.
    pub section: Option<String>,
    pub canonical: String,
    pub feed: Option<Crumb>,
    pub breadcrumbs: Vec<Crumb>,
}

#[derive(Serialize, Clone)]
pub struct Crumb {
    pub title: String,
    pub url: String,
}

pub(crate) fn crumb(title: &str, url: String) -> Crumb {
    Crumb {
        title: title.to_string(),
        url,
    }
}

impl<'s> Views<'s> {
    pub(crate) fn meta(
        &self,
        kind: &'static str,
        title: String,
        description: String,
        url: &str,
    ) -> PageMeta {
        PageMeta {
            kind,
            title,
            description,
            url: url.to_string(),
            section: self.urls.section(url),
            canonical: self.urls.absolute(url),
            feed: Some(crumb("All updates", self.urls.feed())),
            breadcrumbs: Vec::new(),
        }
    }

    pub(crate) fn home_crumb(&self) -> Crumb {
        crumb("Home", self.urls.home())
    }

    pub(crate) fn review_crumbs(&self, review: &Review) -> Vec<Crumb> {
        vec![
            self.home_crumb(),
            crumb(&review.title, self.urls.review(&review.slug)),
        ]
    }
}
