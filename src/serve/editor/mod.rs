//! The browser editor: in the preview only, forms that add a progress update, edit a
//! recommendation, add a recommendation and add a review. A save runs the same code as
//! `scrutiny update`, `edit`, `new recommendation` and `new review` (the same checks,
//! messages, lock and atomic write), waits for the rebuild, and shows the page with a banner
//! naming the file changed.
//!
//! `guard` decides who may use it; `targets` maps page addresses to files through the
//! model; `forms` draws the forms; `pages` builds each form and runs each save; `saves` waits
//! for the rebuild.

pub mod forms;
pub mod guard;
pub mod pages;
pub mod saves;
pub mod targets;

use super::http::Response;
use super::request::Request;
use crate::text::escape::xml as esc;
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use targets::Targets;

/// The editor's stylesheet and script (progressive: the forms work without it).
pub const EDITOR_CSS: &str = include_str!("../assets/editor.css");
pub const EDITOR_JS: &str = include_str!("../assets/editor.js");

/// What a save did, shown once on the page it leads to.
#[derive(Debug, Clone)]
pub struct Flash {
    /// Relative to the site root.
    pub file: PathBuf,
    pub summary: String,
    /// A commit message, when the site is in a git repository.
    pub commit: Option<String>,
}

pub struct Editor {
    pub root: PathBuf,
    pub today: Date,
    pub token: String,
    /// False with `--read-only`.
    pub enabled: bool,
    /// Whether the site folder is inside a git repository.
    pub git: bool,
    targets: RwLock<Arc<Targets>>,
    pub saves: saves::Saves,
    flashes: Mutex<(u64, BTreeMap<u64, Flash>)>,
}

impl Editor {
    pub fn new(root: &Path, today: Date, enabled: bool) -> Editor {
        Editor {
            root: root.to_path_buf(),
            today,
            token: guard::new_token(),
            enabled,
            git: root.ancestors().any(|d| d.join(".git").exists()),
            targets: RwLock::default(),
            saves: saves::Saves::default(),
            flashes: Mutex::default(),
        }
    }

    /// After each good build: the pages and files that can be edited now.
    pub fn set_targets(&self, t: Targets) {
        *self.targets.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(t);
    }

    pub fn targets(&self) -> Arc<Targets> {
        self.targets
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Whether a connection from `peer` is offered the editor.
    pub fn offered(&self, peer: IpAddr) -> bool {
        self.enabled && guard::local_peer(peer)
    }

    fn remember(&self, flash: Flash) -> u64 {
        let mut f = self.flashes.lock().unwrap_or_else(|p| p.into_inner());
        f.0 += 1;
        let id = f.0;
        f.1.insert(id, flash);
        // Keep the last few: a reload of the page shows its banner again.
        while f.1.len() > 50 {
            f.1.pop_first();
        }
        id
    }

    fn flash(&self, id: u64) -> Option<Flash> {
        self.flashes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .1
            .get(&id)
            .cloned()
    }

    /// Answer a request under `{base}__scrutiny/edit/` (`rest` is what follows), with the
    /// page HTML of the current build to draw the form in.
    pub fn answer(
        &self,
        req: &Request,
        body: &[u8],
        peer: IpAddr,
        base: &str,
        rest: &str,
        page_html: &dyn Fn(&str) -> Option<Vec<u8>>,
    ) -> Response {
        if !self.enabled {
            return Response::text(
                404,
                "The browser editor is off: this preview was started with --read-only.",
            );
        }
        if !guard::local_peer(peer) {
            return Response::text(403, "The browser editor is offered only on the computer running `scrutiny serve` (a loopback address), never over the network.");
        }
        let rest = rest.split(['?', '#']).next().unwrap_or("");
        let (action, page) = rest.split_once('/').unwrap_or((rest, ""));
        let targets = self.targets();
        let Some(kind) = pages::Kind::find(action, page, &targets) else {
            return Response::text(404, "There is nothing to edit at this address: the page may have moved. Go back to the site and follow the editor's link again.");
        };
        let cx = pages::Context {
            editor: self,
            targets: &targets,
            base,
            page,
        };
        let outcome = match req.method.as_str() {
            "GET" | "HEAD" => pages::form(&cx, &kind),
            "POST" => {
                let fields: BTreeMap<String, String> =
                    form_urlencoded::parse(body).into_owned().collect();
                if let Some(why) =
                    guard::refuse_write(req, &self.token, fields.get("token").map(String::as_str))
                {
                    return Response::text(403, &format!("Not saved: {why}. Nothing was written."));
                }
                pages::save(&cx, &kind, &fields)
            }
            _ => return Response::text(405, "method not allowed").with("Allow", "GET, HEAD, POST"),
        };
        match outcome {
            pages::Outcome::Form {
                status,
                title,
                html,
            } => {
                let page_key = format!("{}index.html", kind.page_shown(page));
                let shell = page_html(&page_key).or_else(|| page_html("index.html"));
                let body = wrap(shell.as_deref(), &title, &html, base);
                Response::new(status, "text/html; charset=utf-8", body)
            }
            pages::Outcome::Saved { flash, page } => {
                let id = self.remember(flash);
                Response::new(303, "text/plain; charset=utf-8", Vec::new())
                    .with("Location", &format!("{base}{page}?saved={id}"))
            }
        }
    }

    /// A page as the editor shows it: a bar of editor links after `<main>`, and the banner of
    /// a save when the address carries one (`?saved=N`).
    pub fn decorate(&self, html: &[u8], key: &str, query: &str, base: &str) -> Vec<u8> {
        let page = key.strip_suffix("index.html").unwrap_or(key);
        let targets = self.targets();
        let mut links: Vec<(String, &str)> = Vec::new();
        if targets.recs.contains_key(page) {
            links.push((
                format!("{base}__scrutiny/edit/update/{page}"),
                "Add a progress update",
            ));
            links.push((
                format!("{base}__scrutiny/edit/edit/{page}"),
                "Edit this recommendation",
            ));
        }
        if targets.reviews.contains_key(page) {
            links.push((
                format!("{base}__scrutiny/edit/new-recommendation/{page}"),
                "Add a recommendation",
            ));
        }
        if page.is_empty() {
            links.push((format!("{base}__scrutiny/edit/new-review/"), "Add a review"));
        }
        let banner = query
            .split('&')
            .find_map(|p| p.strip_prefix("saved="))
            .and_then(|id| id.parse().ok())
            .and_then(|id| self.flash(id))
            .map(|f| banner(&f))
            .unwrap_or_default();
        if links.is_empty() && banner.is_empty() {
            return html.to_vec();
        }
        let bar = if links.is_empty() {
            String::new()
        } else {
            let items: String = links
                .iter()
                .map(|(href, label)| format!("<li><a href=\"{}\">{label}</a></li>", esc(href)))
                .collect();
            format!("<nav class=\"scrutiny-editbar\" aria-label=\"Preview editor\"><p>Preview editor (only on this computer):</p><ul>{items}</ul></nav>")
        };
        let text = String::from_utf8_lossy(html);
        let head = format!("<link rel=\"stylesheet\" href=\"{base}__scrutiny/editor.css\">");
        let text = match text.find("</head>") {
            Some(i) => format!("{}{head}{}", &text[..i], &text[i..]),
            None => text.into_owned(),
        };
        insert_in_main(&text, &format!("{banner}{bar}")).into_bytes()
    }
}

/// The success banner (GOV.UK's notification banner, success variant).
fn banner(f: &Flash) -> String {
    let file = f.file.display().to_string();
    let commit = match &f.commit {
        Some(msg) => format!(
            "<p>This site is kept in git. Nothing has been committed or published; when you are ready:</p><pre class=\"scrutiny-commit\"><code>git add {}\ngit commit -m {}</code></pre>",
            esc(&shell_quote(&file)),
            esc(&shell_quote(msg))
        ),
        None => String::new(),
    };
    format!(
        "<div class=\"scrutiny-saved\" role=\"status\" tabindex=\"-1\" id=\"scrutiny-saved\"><h2>Saved</h2><p><code>{}</code>: {}.</p>{commit}</div>",
        esc(&file),
        esc(&f.summary)
    )
}

pub(crate) fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `text` in single quotes for a POSIX shell.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// `insert` placed just inside the page's `<main …>`.
fn insert_in_main(html: &str, insert: &str) -> String {
    match html
        .find("<main")
        .and_then(|i| html[i..].find('>').map(|j| i + j + 1))
    {
        Some(at) => format!("{}{insert}{}", &html[..at], &html[at..]),
        None => format!("{insert}{html}"),
    }
}

/// A form drawn inside a page of the site: its `<main>` replaced, its title changed.
fn wrap(shell: Option<&[u8]>, title: &str, form: &str, base: &str) -> Vec<u8> {
    let head = format!(
        "<link rel=\"stylesheet\" href=\"{base}__scrutiny/editor.css\"><script src=\"{base}__scrutiny/editor.js\" defer></script>"
    );
    let Some(shell) = shell else {
        return format!("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title>{head}</head><body><main id=\"main\" tabindex=\"-1\">{form}</main></body></html>", esc(title)).into_bytes();
    };
    let html = String::from_utf8_lossy(shell);
    let mut html = html.into_owned();
    if let (Some(a), Some(b)) = (html.find("<title>"), html.find("</title>")) {
        if a < b {
            html = format!("{}<title>{}{}", &html[..a], esc(title), &html[b..]);
        }
    }
    if let Some(i) = html.find("</head>") {
        html.insert_str(i, &head);
    }
    let open_end = html
        .find("<main")
        .and_then(|i| html[i..].find('>').map(|j| i + j + 1));
    let close = html.rfind("</main>");
    match (open_end, close) {
        (Some(a), Some(b)) if a <= b => format!("{}{form}{}", &html[..a], &html[b..]).into_bytes(),
        _ => insert_in_main(&html, form).into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_replaces_the_main_content_and_title() {
        let shell = b"<html><head><title>Old</title></head><body><main id=\"main\"><p>page</p></main><footer>f</footer></body></html>";
        let out = String::from_utf8(wrap(Some(shell), "Add <x>", "<form></form>", "/s/")).unwrap();
        assert!(out.contains("<title>Add &lt;x&gt;</title>"));
        assert!(out.contains("<main id=\"main\"><form></form></main><footer>f</footer>"));
        assert!(out.contains("/s/__scrutiny/editor.css"));
    }

    #[test]
    fn the_commit_command_is_quoted_for_the_shell() {
        let b = banner(&Flash {
            file: "content/a b/it's.md".into(),
            summary: "added the update".into(),
            commit: Some("Update of 3 May: it's done".into()),
        });
        assert!(
            b.contains("git add &apos;content/a b/it&apos;\\&apos;&apos;s.md&apos;"),
            "{b}"
        );
        assert!(b.contains("s.md</code>: added the update."), "{b}");
    }
}
