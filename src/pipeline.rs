//! The pipeline shared by `build`, `check` and `serve`: load → validate → render.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, theme};
use crate::model::Site;
use crate::output::{self, Output};
use crate::render;
use crate::validate::{self, Options};
use jiff::civil::Date;
use std::path::Path;
use std::time::{Duration, Instant};

/// What a run of the pipeline is for.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub today: Date,
    /// Rendering for the preview server: no asset hashes, pages kept between rebuilds.
    pub preview: bool,
    /// Drafts included (shown with a banner).
    pub drafts: bool,
}

impl Settings {
    /// What `build` publishes: no drafts, nothing kept.
    pub fn publish(today: Date) -> Settings {
        Settings {
            today,
            preview: false,
            drafts: false,
        }
    }

    /// What `serve` shows by default: drafts included, incremental rebuilds.
    pub fn preview(today: Date) -> Settings {
        Settings {
            today,
            preview: true,
            drafts: true,
        }
    }
}

/// The site's base path (`/scrutiny/`) from site.yaml alone, even when the content has errors;
/// `/` when site.yaml is missing or broken.
pub fn base_path(root: &Path) -> String {
    let Ok(src) = load::source::read(root, Path::new("site.yaml")) else {
        return "/".into();
    };
    let Ok(front) = load::yaml::parse(&src.text, 1, Path::new("site.yaml"), &src.text) else {
        return "/".into();
    };
    let doc = load::document::Document {
        source: src,
        front,
        body: String::new(),
        body_line: 0,
    };
    validate::config::config(&doc).0.base_path
}

/// A successful render, with how many warnings were found on the way (`build` only counts
/// them: showing them is `check`'s job).
pub struct Built {
    pub site: Site,
    pub output: Output,
    pub warnings: usize,
    pub timings: Vec<(&'static str, Duration)>,
}

/// Load and validate only (what `check` does). Drafts are validated too.
pub fn check(root: &Path, today: Date) -> (Site, Diagnostics) {
    let opts = Options {
        today,
        include_drafts: true,
        warnings: true,
    };
    let (site, mut diags, _) = load_and_validate(root, &opts, Warnings::Keep);
    if let Err(d) = theme::load(root, &site.config.theme) {
        diags.push(d);
        diags.sort();
    }
    (site, diags)
}

/// What a one-off run does with warnings: `check` keeps them to show them; `build` counts
/// each review's and drops them straight away (85,000 of them at 50,000 recommendations
/// were held and sorted only to be counted: peak memory 827–856 MB with them, 811–815 MB
/// without, in three pairs).
#[derive(Clone, Copy, PartialEq)]
enum Warnings {
    Keep,
    Count,
}

/// Load and validate one review folder at a time, keeping nothing for a next run (one-off
/// builds and `check`): each folder's parsed files are dropped as soon as its review is
/// made, so the parsed files of the whole site are never in memory together. Returns the
/// site, the diagnostics kept (sorted) and the number of warnings counted and dropped.
fn load_and_validate(
    root: &Path,
    opts: &Options,
    warnings: Warnings,
) -> (Site, Diagnostics, usize) {
    let (config_doc, mut diags) = load::config(root);
    let (config, more) = validate::site_config(config_doc.as_ref());
    diags.extend(more);
    // What publishing needs (a full base_url, a contact route); the preview goes without.
    let needed = validate::publishing::requirements(config_doc.as_ref(), &config, opts.warnings);
    needed.into_iter().for_each(|d| diags.push(d));
    let (validated, more) = load::each_review(root, &mut load::Cache::none(), |files| {
        let (review, found) = validate::review_alone(&files, &config, opts);
        if warnings == Warnings::Keep {
            return ((review, found), 0);
        }
        // Counted as `check` counts them: sorted and without duplicates.
        let mut found: Diagnostics = found.into_iter().collect();
        found.sort();
        let counted = found.warning_count();
        ((review, found.errors().into_vec()), counted)
    });
    diags.extend(more);
    let mut counted: usize = validated.iter().map(|(_, n)| n).sum();
    let validated = validated.into_iter().map(|(v, _)| v).collect();
    let site = validate::assemble(config, validated, opts, &mut diags);
    diags.sort();
    if warnings == Warnings::Count {
        counted += diags.warning_count();
        diags = diags.errors();
    }
    (site, diags, counted)
}

/// The pipeline with what it keeps between runs: parsed files and rendered pages. `build`
/// uses it once; `serve` keeps it and rebuilds after every change.
pub struct Pipeline {
    files: load::Cache,
    fields: validate::Cache,
    pages: render::Cache,
}

impl Default for Pipeline {
    fn default() -> Pipeline {
        Pipeline::new()
    }
}

impl Pipeline {
    pub fn new() -> Pipeline {
        Pipeline {
            files: load::Cache::new(),
            fields: validate::Cache::default(),
            pages: render::Cache::new(),
        }
    }

    /// Forget what is cached of these changed files.
    pub fn invalidate(&mut self, root: &Path, paths: &[std::path::PathBuf]) {
        self.files.invalidate(root, paths);
    }

    /// Load, validate and render into memory (the preview and tests).
    pub fn build(&mut self, root: &Path, settings: Settings) -> Result<Built, Diagnostics> {
        self.build_staged(root, settings, &mut |_, _| {})
    }

    /// [`Pipeline::build`], handing `pages_done` every page and asset as soon as they are
    /// rendered, before the feeds, data files and search index (the preview shows them first).
    pub fn build_staged(
        &mut self,
        root: &Path,
        settings: Settings,
        pages_done: &mut dyn FnMut(std::collections::BTreeMap<String, output::Bytes>, &Site),
    ) -> Result<Built, Diagnostics> {
        let sink = output::Collect::default();
        let mut built = self.build_to(root, settings, &sink, &mut |site| {
            pages_done(sink.files_so_far(), site)
        })?;
        built.output.files = sink.into_files();
        Ok(built)
    }

    /// Load, validate and render every file into `sink` (`build` streams into a staging
    /// folder). Errors (content or template) mean the sink must be discarded.
    pub fn build_to(
        &mut self,
        root: &Path,
        settings: Settings,
        sink: &dyn output::Sink,
        pages_done: &mut dyn FnMut(&Site),
    ) -> Result<Built, Diagnostics> {
        let mut timings = Vec::new();
        let opts = Options {
            today: settings.today,
            include_drafts: settings.drafts,
            // The preview reports errors only.
            warnings: !settings.preview,
        };
        let (site, diags, counted) = if settings.preview {
            // The preview keeps parsed files and validated reviews for its next rebuild.
            let t = Instant::now();
            let (loaded, mut diags) = load::load(root, &mut self.files);
            timings.push(("load", t.elapsed()));
            let t = Instant::now();
            let (site, more) = validate::validate_cached(&loaded, &opts, &mut self.fields);
            diags.extend(more);
            diags.sort();
            timings.push(("validate", t.elapsed()));
            (site, diags, 0)
        } else {
            let t = Instant::now();
            let made = load_and_validate(root, &opts, Warnings::Count);
            timings.push(("load and validate", t.elapsed()));
            made
        };
        if diags.has_errors() {
            return Err(diags.errors());
        }
        let theme = theme::load(root, &site.config.theme).map_err(one)?;
        let t = Instant::now();
        let opts = render::Options {
            preview: settings.preview,
        };
        // Only the preview keeps rendered pages between runs.
        let cache = settings.preview.then_some(&mut self.pages);
        let phases = render::render_to(&site, &theme, &opts, cache, sink, pages_done)?;
        timings.push(("render", t.elapsed()));
        timings.extend(phases.iter().map(|(k, d)| (*k, *d)));
        Ok(Built {
            site,
            output: Output::default(),
            warnings: counted + diags.warning_count(),
            timings,
        })
    }
}

fn one(d: Diagnostic) -> Diagnostics {
    let mut ds = Diagnostics::new();
    ds.push(d);
    ds
}
