//! `serve`: the preview. Builds in memory with the same pipeline as `build`, serves the last
//! good build from memory on loopback, rebuilds on save and tells browsers over SSE.
//!
//! `watch` finds what changed; [`Rebuilder`] rebuilds and publishes into `state`; `server`
//! accepts a bounded number of connections and reads each request (`request`) within limits;
//! `host` decides which `Host` names are answered; `http` answers from the current build.

pub mod editor;
pub mod host;
pub mod http;
pub mod overlay;
pub mod path;
pub mod request;
pub mod server;
pub mod state;
pub mod watch;

use crate::pipeline::{Pipeline, Settings};
use jiff::civil::Date;
use state::{Event, Snapshot, State};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const DEFAULT_PORT: u16 = 1111;

/// Bind the listener: an explicit port must be free; the default falls back to the next ones.
pub fn bind(ip: std::net::IpAddr, port: Option<u16>) -> Result<TcpListener, String> {
    match port {
        Some(p) => TcpListener::bind(SocketAddr::new(ip, p))
            .map_err(|e| format!("cannot listen on {ip}:{p}: {e}")),
        None => (DEFAULT_PORT..DEFAULT_PORT + 20)
            .find_map(|p| TcpListener::bind(SocketAddr::new(ip, p)).ok())
            .ok_or_else(|| {
                format!(
                    "ports {DEFAULT_PORT}–{} are all taken; pass --port",
                    DEFAULT_PORT + 19
                )
            }),
    }
}

/// The rebuild policy: build, swap, decide what browsers must do.
pub struct Rebuilder {
    root: PathBuf,
    settings: Settings,
    pipeline: Pipeline,
    state: Arc<State>,
    version: u64,
    follow: bool,
    editor: Arc<editor::Editor>,
}

impl Rebuilder {
    pub fn new(
        root: &Path,
        settings: Settings,
        state: Arc<State>,
        follow: bool,
        editor: Arc<editor::Editor>,
    ) -> Rebuilder {
        Rebuilder {
            root: root.to_path_buf(),
            settings,
            pipeline: Pipeline::new(),
            state,
            version: 0,
            follow,
            editor,
        }
    }

    /// Rebuild and publish. Returns the event sent to browsers and the terminal report.
    ///
    /// A good build is published in two steps: as soon as every page is rendered, the pages
    /// are swapped in and browsers are told; the feeds, data files and search index follow,
    /// and until they do, a request for one of them waits (it is never answered from the
    /// previous build).
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> (Option<Event>, String) {
        let start = Instant::now();
        self.version += 1;
        let old = self.state.snapshot();
        self.pipeline.invalidate(&self.root, changed);
        let mut event: Option<Event> = None;
        let mut signalled_ms = 0.0;
        let (state, version, follow) = (self.state.clone(), self.version, self.follow);
        let mut pages_done = |pages: std::collections::BTreeMap<String, crate::output::Bytes>,
                              site: &crate::model::Site| {
            // The new base path first: the pages published next live under it.
            let base = site.config.base_path.clone();
            *state.base_path.write().unwrap_or_else(|p| p.into_inner()) = base.clone();
            let ev = decide(&old, &pages, changed, follow, &base);
            state.publish(Snapshot {
                files: pages,
                errors: None,
                version,
                partial: true,
            });
            if let Some(ev) = &ev {
                state.broadcast(ev);
            }
            signalled_ms = start.elapsed().as_secs_f64() * 1000.0;
            event = ev;
        };
        match self
            .pipeline
            .build_staged(&self.root, self.settings, &mut pages_done)
        {
            Ok(built) => {
                self.editor
                    .set_targets(editor::targets::Targets::of(&built.site));
                self.state.publish(Snapshot {
                    files: built.output.files,
                    errors: None,
                    version: self.version,
                    partial: false,
                });
                let ms = start.elapsed().as_secs_f64() * 1000.0;
                let report = if event.is_some() {
                    format!("rebuilt in {ms:.0} ms (pages shown after {signalled_ms:.0} ms)")
                } else {
                    format!("rebuilt in {ms:.0} ms (nothing changed)")
                };
                (event, report)
            }
            Err(errors) => {
                let advice = if old.files.is_empty() {
                    // No good build yet: the browser shows the errors on every page.
                    *self
                        .state
                        .base_path
                        .write()
                        .unwrap_or_else(|p| p.into_inner()) =
                        crate::pipeline::base_path(&self.root);
                    "Nothing to serve until this is fixed; the browser shows the errors. Save a fix to rebuild."
                } else {
                    "Keeping the last good build; fix the error and save."
                };
                let report = format!("{}{}", errors.render(crate::diagnostics::colour()), advice);
                let files = old.files.clone();
                self.state.publish(Snapshot {
                    files,
                    errors: Some(errors),
                    version: self.version,
                    partial: false,
                });
                self.state.broadcast(&Event::Reload);
                (Some(Event::Reload), report)
            }
        }
    }
}

/// What browsers must do after a build whose pages and assets are `pages`: nothing, swap
/// the stylesheets, reload, or (following edits) go to the page that changed.
fn decide(
    old: &Snapshot,
    pages: &std::collections::BTreeMap<String, crate::output::Bytes>,
    sources: &[PathBuf],
    follow: bool,
    base: &str,
) -> Option<Event> {
    let changed_files: Vec<&String> = pages
        .iter()
        // Pages reused from the cache are the same allocation: no byte comparison.
        .filter(|(k, v)| {
            !old.files
                .get(*k)
                .is_some_and(|o| std::sync::Arc::ptr_eq(o, v) || o == *v)
        })
        .map(|(k, _)| k)
        // A page that is gone (the feeds and data files are not in `pages` yet).
        .chain(
            old.files
                .keys()
                .filter(|k| k.ends_with(".html") && !pages.contains_key(*k)),
        )
        .collect();
    let had_errors = old.errors.is_some();
    if changed_files.is_empty() && !had_errors {
        None
    } else if !had_errors && changed_files.iter().all(|k| k.ends_with(".css")) {
        Some(Event::Css)
    } else if follow {
        follow_target(&changed_files, sources, base)
            .map(Event::Goto)
            .or(Some(Event::Reload))
    } else {
        Some(Event::Reload)
    }
}

/// The recommendation page that changed, for browsers following edits.
fn follow_target(changed_files: &[&String], _sources: &[PathBuf], base: &str) -> Option<String> {
    let pages: Vec<&&String> = changed_files
        .iter()
        .filter(|k| k.contains("/recommendations/") && k.ends_with("index.html"))
        .collect();
    match pages.as_slice() {
        [one] => Some(format!("{base}{}", one.trim_end_matches("index.html"))),
        _ => None,
    }
}

/// How the preview runs (the command line's `serve` flags).
#[derive(Debug, Clone)]
pub struct Options {
    pub port: Option<u16>,
    pub bind: std::net::IpAddr,
    pub drafts: bool,
    pub poll: bool,
    pub debounce: Duration,
    pub follow: bool,
    pub allow_hosts: Vec<String>,
    /// No browser editor.
    pub read_only: bool,
}

pub fn run(root: &Path, today: Date, args: &Options) -> i32 {
    match start(root, today, args) {
        Ok((rebuilder, watcher, rx)) => {
            watch_until_stopped(rebuilder, watcher, rx);
            eprintln!("Stopped.");
            0
        }
        Err(message) => {
            eprintln!("{message}");
            1
        }
    }
}

type Changes = mpsc::Receiver<Vec<PathBuf>>;

/// Listen, watch, build once and start serving. Errors are the lines to print.
fn start(
    root: &Path,
    today: Date,
    args: &Options,
) -> Result<(Rebuilder, watch::Watcher, Changes), String> {
    // One absolute, link-free spelling of the root: watchers report paths under the folder
    // they watch, and comparing those with a relative root (`--root .`) matched nothing.
    let shown = root;
    let root = root.canonicalize().map_err(|e| {
        format!(
            "error: cannot open the site folder {}: {e}",
            shown.display()
        )
    })?;
    let root = root.as_path();
    let listener = bind(args.bind, args.port).map_err(|e| format!("error: {e}"))?;
    let addr = listener.local_addr().map_err(|e| format!("error: {e}"))?;
    let state = Arc::new(State::default());
    let settings = Settings {
        drafts: args.drafts,
        ..Settings::preview(today)
    };
    let editor = Arc::new(editor::Editor::new(root, today, !args.read_only));
    let mut rebuilder = Rebuilder::new(root, settings, state.clone(), args.follow, editor.clone());
    // Watch before the first build, so an edit saved while it runs is not missed.
    let (tx, rx) = mpsc::channel();
    editor.saves.connect(tx.clone());
    let watcher = watch::start(root, args.debounce, args.poll, tx).map_err(|e| {
        format!(
            "error: cannot watch {}: {e}\nhint: try `scrutiny serve --poll`",
            shown.display()
        )
    })?;
    let (_, report) = rebuilder.rebuild(&[]);
    eprintln!("{report}");

    let hosts = host::Hosts::new(args.bind, &args.allow_hosts);
    server::spawn(listener, state.clone(), hosts, editor.clone())
        .map_err(|e| format!("error: {e}"))?;
    if args.port.is_none() && addr.port() != DEFAULT_PORT {
        eprintln!(
            "port {DEFAULT_PORT} is taken; using {} instead",
            addr.port()
        );
    }
    println!(
        "Serving {} at http://{}{}  (Ctrl-C to stop)",
        shown.display(),
        addr,
        state.base()
    );
    Ok((rebuilder, watcher, rx))
}

/// Rebuild after every batch of changes until Ctrl-C.
fn watch_until_stopped(mut rebuilder: Rebuilder, mut watcher: watch::Watcher, rx: Changes) {
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }
    // Quiet spells counted, to look at the site's git history about once a second: a commit
    // changes no file the watcher follows, yet changes the record (`history: git`).
    let mut quiet = 0u32;
    // Said once, not at every quiet spell.
    let mut last_watch_error: Option<String> = None;
    while !stop.load(Ordering::SeqCst) {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(paths) => {
                // Coalesce anything else that arrived meanwhile, and note which saves of the
                // browser editor this rebuild will show.
                let editor = rebuilder.editor.clone();
                let (mut paths, ticket) = editor.saves.batch(&rx, paths);
                // A source folder deleted and made again is watched again (before the
                // rebuild reads it, so nothing saved from now on is missed).
                match watcher.refresh(&paths) {
                    Ok(renewed) => paths.extend(renewed),
                    Err(e) => eprintln!("warning: cannot watch a source folder again: {e}"),
                }
                let (_, report) = rebuilder.rebuild(&paths);
                editor.saves.built(ticket);
                eprintln!("{report}");
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                // A source folder that came back with no event reported (see `refresh`).
                // One that went is reported by the watcher itself.
                match watcher.refresh(&[]) {
                    Ok(renewed) if renewed.iter().any(|dir| dir.is_dir()) => {
                        let (_, report) = rebuilder.rebuild(&renewed);
                        eprintln!("{report}");
                        continue;
                    }
                    Ok(_) => {}
                    Err(e) => {
                        let e = e.to_string();
                        if last_watch_error.as_ref() != Some(&e) {
                            eprintln!("warning: cannot watch a source folder again: {e}");
                            last_watch_error = Some(e);
                        }
                    }
                }
                quiet += 1;
                if quiet.is_multiple_of(5) && rebuilder.pipeline.history_moved(&rebuilder.root) {
                    let (_, report) = rebuilder.rebuild(&[]);
                    eprintln!("{report}");
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
}
