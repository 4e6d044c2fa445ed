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
    let (site, mut diags, _) = load_and_validate(root, &opts, &mut Caches::none(), Warnings::Keep);
    // A missing theme folder is reported at its line in site.yaml; the templates of one that
    // is there are checked here.
    let missing = validate::config::no_theme_folder(root, &site.config.theme);
    if let (false, Err(d)) = (missing, theme::load(root, &site.config.theme)) {
        diags.push(d);
        diags.sort();
    }
    (site, diags)
}

/// What a run does with warnings: `check` keeps them to show them; `build` counts each
/// review's and drops them straight away (holding and sorting them only to count them cost
/// memory at 50,000 recommendations: docs/performance.md, "Measurements behind the code"); the
/// preview makes none.
#[derive(Clone, Copy, PartialEq)]
enum Warnings {
    Keep,
    Count,
}

/// What the stages keep between runs: nothing for a one-off build or `check`; parsed files,
/// validated reviews and rendered pages for the preview.
struct Caches {
    files: load::Cache,
    fields: validate::Cache,
    pages: Option<render::Cache>,
    history: crate::history::Cache,
    /// How long the last run spent reading the change record (`--timings`).
    history_time: Duration,
}

impl Caches {
    fn none() -> Caches {
        Caches {
            files: load::Cache::none(),
            fields: validate::Cache::none(),
            pages: None,
            history: crate::history::Cache::none(),
            history_time: Duration::ZERO,
        }
    }

    fn kept() -> Caches {
        Caches {
            files: load::Cache::new(),
            fields: validate::Cache::new(),
            pages: Some(render::Cache::new()),
            history: crate::history::Cache::new(),
            history_time: Duration::ZERO,
        }
    }
}

/// Load and validate one review folder at a time (in parallel), through the caches. Returns
/// the site, the diagnostics kept (sorted) and the number of warnings counted and dropped.
fn load_and_validate(
    root: &Path,
    opts: &Options,
    caches: &mut Caches,
    warnings: Warnings,
) -> (Site, Diagnostics, usize) {
    let (config_doc, mut diags) = load::config(root);
    let (config, more) = validate::site_config(config_doc.as_ref());
    diags.extend(more);
    if let Some(doc) = config_doc.as_ref() {
        validate::theme_missing(root, doc, &config.theme)
            .into_iter()
            .for_each(|d| diags.push(d));
    }
    // What publishing needs (a full base_url, a contact route): `check` and `build` say;
    // the preview (which wants no warnings) goes without.
    if opts.warnings {
        let needed = validate::publishing::requirements(config_doc.as_ref(), &config);
        needed.into_iter().for_each(|d| diags.push(d));
    }
    caches.fields.prepare(&config, opts.today);
    let fields = &caches.fields;
    let (validated, more) = load::each_review(root, &mut caches.files, |files| {
        let ((review, found), fresh) = validate::review_folder(&files, &config, opts, fields);
        if warnings == Warnings::Keep {
            return ((review, found), fresh, 0);
        }
        // Counted as `check` counts them: sorted and without duplicates.
        let mut found: Diagnostics = found.into_iter().collect();
        found.sort();
        let counted = found.warning_count();
        ((review, found.errors().into_vec()), fresh, counted)
    });
    diags.extend(more);
    let mut counted = 0;
    let mut made = Vec::with_capacity(validated.len());
    let mut kept = Vec::with_capacity(validated.len());
    for (v, fresh, n) in validated {
        made.push(v);
        kept.push(fresh);
        counted += n;
    }
    caches.fields.keep(kept);
    let mut site = validate::assemble(config, made, opts, &mut diags);
    let t = Instant::now();
    if !diags.has_errors() {
        // The preview (the only run without warnings) also shows edits not yet committed.
        let preview = !opts.warnings;
        let located = warnings == Warnings::Keep;
        let history = &mut caches.history;
        let found =
            crate::history::attach(root, &mut site, history, preview, opts.warnings, located);
        found.into_iter().for_each(|d| diags.push(d));
    }
    caches.history_time = t.elapsed();
    diags.sort();
    if warnings == Warnings::Count {
        counted += diags.warning_count();
        diags = diags.errors();
    }
    (site, diags, counted)
}

/// The pipeline with what it keeps between runs. `build` uses it once; `serve` keeps it and
/// rebuilds after every change. Only preview runs ([`Settings::preview`]) use the caches; a
/// one-off run keeps nothing, so a large site is never held twice.
pub struct Pipeline {
    caches: Caches,
}

impl Default for Pipeline {
    fn default() -> Pipeline {
        Pipeline::new()
    }
}

impl Pipeline {
    pub fn new() -> Pipeline {
        Pipeline {
            caches: Caches::kept(),
        }
    }

    /// Whether the site's git history moved since the last build read it (`history: git`).
    pub fn history_moved(&self, root: &Path) -> bool {
        self.caches.history.moved(root)
    }

    /// Forget what is cached of these changed files.
    pub fn invalidate(&mut self, root: &Path, paths: &[std::path::PathBuf]) {
        self.caches.files.invalidate(root, paths);
        self.caches
            .history
            .touched(self.caches.files.only_changed());
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
        let mut once = Caches::none();
        let caches = if settings.preview {
            &mut self.caches
        } else {
            &mut once
        };
        let opts = Options {
            today: settings.today,
            include_drafts: settings.drafts,
            // The preview reports errors only.
            warnings: !settings.preview,
        };
        let mut timings = Vec::new();
        let t = Instant::now();
        let (site, diags, counted) = load_and_validate(root, &opts, caches, Warnings::Count);
        timings.push(("load and validate", t.elapsed()));
        if site.config.history != crate::model::history::HistorySource::Off {
            timings.push(("  of which the change record", caches.history_time));
        }
        if diags.has_errors() {
            return Err(diags.errors());
        }
        let theme = theme::load(root, &site.config.theme).map_err(one)?;
        let t = Instant::now();
        let opts = render::Options {
            preview: settings.preview,
        };
        let phases = render::render_to(
            &site,
            &theme,
            &opts,
            caches.pages.as_mut(),
            sink,
            pages_done,
        )?;
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
