//! `validate`: turn loaded files into the typed model, reporting every error and
//! accountability warning with its file, line and column.

pub mod accountability;
pub mod addresses;
mod cache;
pub mod config;
pub mod content;
mod declared;
pub mod fields;
mod folder;
pub mod people;
pub mod publishing;
pub mod vocabulary;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::document::Document;
use crate::load::Loaded;
use crate::model::{Config, Review, Site};
pub use cache::{Cache, Fresh};
pub use config::theme_missing;
pub use folder::{lone_recommendation, review_folder};
use jiff::civil::Date;
use rayon::prelude::*;
use std::sync::Arc;

/// What the model is built for.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub today: Date,
    /// Drafts are in the model (preview) or left out (build).
    pub include_drafts: bool,
    /// Accountability warnings wanted (`check`, `build`); the preview shows errors only.
    pub warnings: bool,
}

/// Build the site from what was loaded, all at once (authoring and tests; the pipeline goes
/// folder by folder with [`review_folder`]). The site holds everything that was valid; the
/// diagnostics hold every problem (errors mean the site must not be published).
pub fn validate(loaded: &Loaded, opts: &Options) -> (Site, Diagnostics) {
    let (config, mut diags) = site_config(loaded.config.as_ref());
    let cache = Cache::none();
    let validated: Vec<Validated> = loaded
        .reviews
        .par_iter()
        .map(|files| review_folder(files, &config, opts, &cache).0)
        .collect();
    let site = assemble(config, validated, opts, &mut diags);
    diags.sort();
    (site, diags)
}

/// A review folder made into a review (None when it is a draft left out), with what was
/// wrong in it.
pub type Validated = (Option<Arc<Review>>, Vec<Diagnostic>);

/// The site's settings from site.yaml (the defaults when it is missing or broken).
pub fn site_config(doc: Option<&Document>) -> (Config, Diagnostics) {
    let mut diags = Diagnostics::new();
    let config = match doc {
        Some(doc) => {
            let (c, d) = config::config(doc);
            d.into_iter().for_each(|x| diags.push(x));
            c
        }
        None => Config::default(),
    };
    (config, diags)
}

/// The site from its validated reviews, in folder order, with everyone who owns a
/// recommendation. Each review's diagnostics join `diags` (unsorted), and so do the warnings
/// about people written in more than one way, when warnings are wanted.
pub fn assemble(
    config: Config,
    validated: Vec<Validated>,
    opts: &Options,
    diags: &mut Diagnostics,
) -> Site {
    let mut reviews = Vec::new();
    for (made, review_diags) in validated {
        review_diags.into_iter().for_each(|x| diags.push(x));
        reviews.extend(made);
    }
    addresses::reviews(&reviews, diags);
    addresses::aliases(&reviews, diags);
    let mut site = Site {
        config,
        reviews,
        people: Vec::new(),
        person_of_name: Default::default(),
        today: opts.today,
        reach: Default::default(),
    };
    let gathered = crate::model::people::gather(&site);
    if opts.warnings {
        for m in &gathered.merged {
            people::merged(m).into_iter().for_each(|d| diags.push(d));
        }
    }
    site.people = gathered.people;
    site.person_of_name = gathered.by_name;
    site
}
