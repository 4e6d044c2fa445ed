//! The pipeline shared by `build`, `check` and `serve`: load → validate → render.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, theme, Cache};
use crate::model::Site;
use crate::render::{self, Output};
use crate::validate::{self, Options};
use jiff::civil::Date;
use std::path::Path;
use std::time::{Duration, Instant};

/// What a run of the pipeline is for.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub today: Date,
    /// Preview: drafts included and shown with a banner.
    pub preview: bool,
}

/// A successful render with the warnings found on the way.
pub struct Built {
    pub site: Site,
    pub output: Output,
    pub warnings: Diagnostics,
    pub timings: Vec<(&'static str, Duration)>,
}

/// Load and validate only (what `check` does). Drafts are validated too.
pub fn check(root: &Path, today: Date) -> (Site, Diagnostics) {
    let mut cache = Cache::default();
    let (loaded, mut diags) = load::load(root, &mut cache);
    let (site, more) = validate::validate(&loaded, &Options { today, include_drafts: true });
    diags.extend(more);
    if let Err(d) = theme::load(root, &site.config.theme) {
        diags.push(d);
    }
    diags.sort();
    (site, diags)
}

/// The pipeline with what it keeps between runs: parsed files and rendered pages. `build`
/// uses it once; `serve` keeps it and rebuilds after every change.
#[derive(Default)]
pub struct Pipeline {
    files: Cache,
    pages: render::Cache,
}

impl Pipeline {
    pub fn new() -> Pipeline {
        Pipeline::default()
    }

    /// Load, validate and render. Errors (content or template) mean no output.
    pub fn build(&mut self, root: &Path, settings: Settings) -> Result<Built, Diagnostics> {
        let mut timings = Vec::new();
        let t = Instant::now();
        let (loaded, mut diags) = load::load(root, &mut self.files);
        timings.push(("load", t.elapsed()));
        let t = Instant::now();
        let (site, more) = validate::validate(&loaded, &Options { today: settings.today, include_drafts: settings.preview });
        diags.extend(more);
        diags.sort();
        timings.push(("validate", t.elapsed()));
        if diags.has_errors() {
            return Err(diags.errors());
        }
        let theme = theme::load(root, &site.config.theme).map_err(one)?;
        let t = Instant::now();
        let output = render::render_cached(&site, &theme, &render::Options { preview: settings.preview }, &mut self.pages)?;
        timings.push(("render", t.elapsed()));
        timings.extend(output.timings.iter().map(|(k, d)| (*k, *d)));
        Ok(Built { site, output, warnings: diags, timings })
    }
}

fn one(d: Diagnostic) -> Diagnostics {
    let mut ds = Diagnostics::new();
    ds.push(d);
    ds
}
