//! End-to-end tests of `scrutiny serve`: the real binary, on a temporary copy of the example
//! site, spoken to over plain TCP.

mod common;

use common::preview::{free_port, poll, request, send_raw, EventStream, Response, Server};
use common::{tree, Site};
use std::collections::BTreeSet;
use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

/// Recommendation 1 of the example site, its page and its title.
const REC1: &str =
    "content/safety-in-the-town-centre/recommendations/01-kent-police-press-office.md";
const REC1_PAGE: &str = "safety-in-the-town-centre/recommendations/1/";
const REC1_TITLE: &str = "Regular meetings with the Kent Police Press Office";
const REVIEW_PAGE: &str = "safety-in-the-town-centre/";
const SITE_CSS: &str = "themes/default/static/site.css";

/// How long a rebuild may take to reach a browser on a loaded machine.
const REBUILD: Duration = Duration::from_secs(20);

/// Start `serve` on a free port, with `extra` arguments.
fn serve(site: &Site, extra: &[&str]) -> Server {
    let port = free_port().to_string();
    let mut args = vec!["--port", port.as_str()];
    args.extend_from_slice(extra);
    Server::start(site.path(), &args)
}

/// Set front-matter field `key` of the file `rel` to `value` (replacing its whole line, whatever
/// its value was); the 1-based line it is on.
fn set_field(site: &Site, rel: &str, key: &str, value: &str) -> usize {
    let text = site.read(rel);
    let prefix = format!("{key}:");
    let i = text
        .lines()
        .position(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no `{key}:` line in {rel}:\n{text}"));
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[i] = format!("{key}: {value}");
    let mut out = lines.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    site.write(rel, out);
    i + 1
}

#[track_caller]
fn assert_status(r: &Response, status: u16, what: &str) {
    assert_eq!(
        r.status,
        status,
        "{what}: status {} with headers {:?} and body\n{}",
        r.status,
        r.headers,
        r.text().chars().take(2000).collect::<String>()
    );
}

#[track_caller]
fn assert_header_starts(r: &Response, name: &str, prefix: &str, what: &str) {
    let v = r.header(name);
    assert!(
        v.is_some_and(|v| v.starts_with(prefix)),
        "{what}: {name} is {v:?}, expected {prefix}…"
    );
}

#[test]
fn serves_the_example_site() {
    let site = Site::example();
    let s = serve(&site, &[]);
    assert_eq!(s.base, "/scrutiny/", "printed URL {}", s.url);

    // The home page.
    let home = s.get("/scrutiny/");
    assert_status(&home, 200, "home page");
    assert_header_starts(&home, "Content-Type", "text/html", "home page");
    assert!(home.text().contains("Scrutiny recommendations tracker"));
    assert_eq!(home.header("Cache-Control"), Some("no-cache"));
    let etag = home
        .header("ETag")
        .unwrap_or_else(|| panic!("no ETag on the home page: {:?}", home.headers))
        .to_string();
    // The preview's script is added, from a file (no inline script, for a strict CSP).
    assert!(
        home.text().contains("src=\"/scrutiny/__scrutiny/live.js\""),
        "no live-reload script in the home page"
    );
    let live = s.get("/scrutiny/__scrutiny/live.js");
    assert_status(&live, 200, "live.js");
    assert_header_starts(&live, "Content-Type", "text/javascript", "live.js");

    // A recommendation page.
    let rec = s.get(&s.page(REC1_PAGE));
    assert_status(&rec, 200, "recommendation page");
    assert_header_starts(&rec, "Content-Type", "text/html", "recommendation page");
    assert!(rec.text().contains(REC1_TITLE));
    assert!(
        rec.text().contains("standard agenda item"),
        "the officer response is on the page"
    );

    // The stylesheet, byte for byte as the theme has it.
    assert!(home.text().contains("href=\"/scrutiny/static/site.css"));
    let css = s.get("/scrutiny/static/site.css");
    assert_status(&css, 200, "site.css");
    assert_header_starts(&css, "Content-Type", "text/css", "site.css");
    assert_eq!(css.header("Cache-Control"), Some("no-cache"));
    assert!(css.header("ETag").is_some(), "no ETag on site.css");
    assert_eq!(css.text(), site.read(SITE_CSS));

    // HEAD: the same headers, no body.
    let head = request(s.port, "HEAD", "/scrutiny/", &[]).expect("HEAD /scrutiny/");
    assert_status(&head, 200, "HEAD home page");
    assert_header_starts(&head, "Content-Type", "text/html", "HEAD home page");
    assert_eq!(head.header("ETag"), Some(etag.as_str()));
    assert_eq!(head.header("Cache-Control"), Some("no-cache"));
    assert!(
        head.body.is_empty(),
        "HEAD sent a body of {} bytes",
        head.body.len()
    );
    if let Some(len) = head.header("Content-Length") {
        assert_eq!(len, home.body.len().to_string(), "HEAD Content-Length");
    }

    // A conditional GET with the ETag: 304 and no body; a stale ETag gets the page.
    let cond = request(s.port, "GET", "/scrutiny/", &[("If-None-Match", &etag)]).unwrap();
    assert_status(&cond, 304, "GET with If-None-Match");
    assert!(cond.body.is_empty());
    let stale = request(
        s.port,
        "GET",
        "/scrutiny/",
        &[("If-None-Match", "\"nope\"")],
    )
    .unwrap();
    assert_status(&stale, 200, "GET with a stale If-None-Match");

    // An unknown page: 404 with the site's own 404 page.
    let missing = s.get("/scrutiny/no-such-page/");
    assert_status(&missing, 404, "unknown page");
    assert_header_starts(&missing, "Content-Type", "text/html", "unknown page");
    assert!(
        missing.text().contains("Page not found")
            && missing.text().contains("If you typed the web address"),
        "404 is not the site's 404 page:\n{}",
        missing.text()
    );
    let missing_file = s.get("/scrutiny/static/no-such.css");
    assert_status(&missing_file, 404, "unknown file");

    // A folder without its slash redirects to the slash form.
    let redirect = s.get("/scrutiny/safety-in-the-town-centre");
    assert_status(&redirect, 301, "folder without slash");
    assert_eq!(
        redirect.header("Location"),
        Some("/scrutiny/safety-in-the-town-centre/")
    );
    let root = s.get("/scrutiny");
    assert_status(&root, 301, "base path without slash");
    assert_eq!(root.header("Location"), Some("/scrutiny/"));

    // Only GET and HEAD.
    let post = request(s.port, "POST", "/scrutiny/", &[("Content-Length", "0")]).unwrap();
    assert_status(&post, 405, "POST");
}

/// Strings that must never appear in an answer: content of files outside the rendered site.
fn secrets() -> Vec<String> {
    let mut out = vec![
        "root:".to_string(),
        "[package]".to_string(),
        "SECRET-OUTSIDE-THE-SITE".to_string(),
        "lead_officers:".to_string(), // the front matter of a source file
        "base_url: https://example.org/scrutiny/".to_string(), // site.yaml
    ];
    if let Some(first) = std::fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|t| t.lines().next().map(str::to_string))
    {
        out.push(first);
    }
    out
}

#[track_caller]
fn assert_refused(port: u16, request_bytes: &[u8], secrets: &[String]) {
    let shown = String::from_utf8_lossy(request_bytes).into_owned();
    let r = send_raw(port, request_bytes).unwrap_or_else(|e| panic!("{shown:?}: {e}"));
    assert!(
        r.status == 400 || r.status == 404,
        "{shown:?} gave {} (expected 400 or 404):\n{}",
        r.status,
        r.text()
    );
    let body = r.text();
    for s in secrets {
        assert!(
            !body.contains(s.as_str()),
            "{shown:?} ({}) leaked {s:?}:\n{body}",
            r.status
        );
    }
}

#[test]
fn path_escapes_are_refused() {
    let site = Site::example();
    // Files just outside the rendered site, in the site folder.
    site.write("Cargo.toml", "[package]\nname = \"secret\"\n");
    site.write("secret.txt", "SECRET-OUTSIDE-THE-SITE\n");
    let s = serve(&site, &[]);
    let secrets = secrets();
    let port = s.port;
    let get = |path: &str| {
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")
    };

    let attempts = [
        "/scrutiny/../Cargo.toml".to_string(),
        "/scrutiny/../secret.txt".to_string(),
        "/scrutiny/static/../../Cargo.toml".to_string(),
        "/scrutiny/../../../../../../../../etc/passwd".to_string(),
        "/scrutiny/%2e%2e/Cargo.toml".to_string(),
        "/scrutiny/%2E%2E%2FCargo.toml".to_string(),
        "/scrutiny/.%2e/secret.txt".to_string(),
        "/scrutiny/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd".to_string(),
        "/scrutiny/..%5cCargo.toml".to_string(),
        "/scrutiny/..%5c..%5c..%5cetc%5cpasswd".to_string(),
        "/scrutiny/..\\Cargo.toml".to_string(),
        "/scrutiny/static\\..\\..\\secret.txt".to_string(),
        "//etc/passwd".to_string(),
        "/etc/passwd".to_string(),
        "/scrutiny//etc/passwd".to_string(),
        "/Cargo.toml".to_string(),
        "/secret.txt".to_string(),
        "/scrutiny/secret.txt".to_string(),
        "/scrutiny/site.yaml".to_string(),
        format!("/scrutiny/{REC1}"),
        "/scrutiny/content/safety-in-the-town-centre/_review.md".to_string(),
        format!("http://127.0.0.1:{port}/scrutiny/../Cargo.toml"),
        format!("http://127.0.0.1:{port}/etc/passwd"),
        "http://evil.example/scrutiny/../secret.txt".to_string(),
        "file:///etc/passwd".to_string(),
        "../Cargo.toml".to_string(),
        "/scrutiny/secret.txt%00.html".to_string(),
        "/scrutiny/%00../Cargo.toml".to_string(),
        "/scrutiny/%252e%252e/Cargo.toml".to_string(),
        "/scrutiny/%252e%252e%252fsecret.txt".to_string(),
        "/scrutiny/%c0%ae%c0%ae/Cargo.toml".to_string(),
        "/scrutiny/%zz/../Cargo.toml".to_string(),
        "/scrutiny/__scrutiny/../../Cargo.toml".to_string(),
        "/scrutiny/__scrutiny/%2e%2e/%2e%2e/secret.txt".to_string(),
        "/scrutiny/./../secret.txt".to_string(),
    ];
    for path in &attempts {
        assert_refused(port, get(path).as_bytes(), &secrets);
    }
    // HEAD and a query string change nothing.
    assert_refused(
        port,
        format!("HEAD /scrutiny/../Cargo.toml HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").as_bytes(),
        &secrets,
    );
    assert_refused(
        port,
        get("/scrutiny/../Cargo.toml?x=1").as_bytes(),
        &secrets,
    );

    // Symbolic links in the sources pointing outside the site are never served.
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        let p = site.path();
        symlink("/etc/passwd", p.join("content/passwd.txt")).unwrap();
        symlink(
            "/etc/passwd",
            p.join("content/safety-in-the-town-centre/passwd.md"),
        )
        .unwrap();
        symlink("/etc/passwd", p.join("themes/default/static/passwd.txt")).unwrap();
        symlink("/etc/passwd", p.join("themes/default/static/passwd.css")).unwrap();
        symlink("/etc", p.join("themes/default/static/etc")).unwrap();
        symlink(
            p.join("secret.txt"),
            p.join("themes/default/static/secret.txt"),
        )
        .unwrap();
        // The server notices the change (the link in content/ is an error, shown in the overlay)
        // and keeps serving the last good site.
        let noticed = poll(REBUILD, || {
            s.try_get("/scrutiny/")
                .is_ok_and(|r| r.text().contains("scrutiny-errors"))
        });
        assert!(
            noticed,
            "no rebuild after adding symbolic links\n--- stderr\n{}",
            s.stderr()
        );
        assert!(
            s.stderr().contains("symbolic link points outside the site"),
            "{}",
            s.stderr()
        );
        for path in [
            "/scrutiny/passwd.txt",
            "/scrutiny/content/passwd.txt",
            "/scrutiny/safety-in-the-town-centre/passwd.md",
            "/scrutiny/safety-in-the-town-centre/passwd/",
            "/scrutiny/static/passwd.txt",
            "/scrutiny/static/passwd.css",
            "/scrutiny/static/etc/passwd",
            "/scrutiny/static/secret.txt",
        ] {
            assert_refused(port, get(path).as_bytes(), &secrets);
        }
        // Every page, the overlay included, is free of the linked files' contents.
        for path in ["/scrutiny/", &s.page(REC1_PAGE)] {
            let r = s.get(path);
            assert_status(&r, 200, path);
            for secret in &secrets {
                assert!(
                    !r.text().contains(secret.as_str()),
                    "{path} leaked {secret:?}"
                );
            }
        }
    }
}

/// Wait for events until a `reload` after which `page` contains `want`. The server publishes
/// the new build before it tells browsers, so the page must be new when the event arrives; an
/// earlier reload may be for an intermediate state of the file (written in two steps).
fn reload_until_page_has(
    s: &Server,
    events: &common::preview::EventStream,
    page: &str,
    want: &str,
    timeout: Duration,
) -> Result<(), String> {
    let end = Instant::now() + timeout;
    let mut seen = Vec::new();
    loop {
        let left = end.saturating_duration_since(Instant::now());
        match events.next_event(left) {
            Some(ev) => {
                seen.push(ev.clone());
                if ev == "reload" && s.get(page).text().contains(want) {
                    return Ok(());
                }
            }
            None => {
                return Err(format!(
                    "no reload after which {page} contains {want:?} (events: {seen:?}; page now contains it: {})",
                    s.get(page).text().contains(want)
                ))
            }
        }
    }
}

#[test]
fn an_edit_reaches_the_page() {
    let site = Site::example();
    let s = serve(&site, &[]);
    let page = s.page(REC1_PAGE);
    assert!(s.get(&page).text().contains(REC1_TITLE));
    let events = s.events();

    let new_title = "Monthly meetings with the Kent Police Press Office (edited)";
    set_field(&site, REC1, "title", new_title);
    if let Err(e) = reload_until_page_has(&s, &events, &page, new_title, Duration::from_secs(10)) {
        panic!("{e}\n--- stderr\n{}", s.stderr());
    }
    let text = s.get(&page).text();
    assert!(
        !text.contains(REC1_TITLE),
        "the old title is still on the page"
    );
    assert!(
        !text.contains("scrutiny-errors"),
        "an overlay after a good edit:\n{text}"
    );
    // The pages that list it follow.
    let review = s.get(&s.page(REVIEW_PAGE));
    assert!(
        review.text().contains(new_title),
        "the review page still has the old title"
    );
    // The data files and search index follow the pages; asked for straight after the reload,
    // they are already the new ones (the request waits rather than get the old build).
    let data = s.get(&s.page("data/recommendations.json"));
    assert_status(&data, 200, "data/recommendations.json");
    assert!(
        data.text().contains(new_title),
        "the data file still has the old title"
    );
    assert!(s.stderr().contains("rebuilt in"), "{}", s.stderr());
}

/// `serve` prints its URL once it is ready: an edit saved at that moment must not be lost.
#[test]
fn an_edit_saved_as_soon_as_the_url_is_printed_is_not_lost() {
    let site = Site::example();
    let port = free_port().to_string();
    let mut s = Server::spawn(site.path(), &["--port", &port]);
    s.wait_for_url();
    let new_title = "Edited the moment the URL appeared";
    set_field(&site, REC1, "title", new_title);
    s.wait_answers();
    let page = s.page(REC1_PAGE);
    let reached = poll(REBUILD, || s.get(&page).text().contains(new_title));
    assert!(
        reached,
        "an edit saved just after `serve` printed its URL never reached the page\n--- stderr\n{}",
        s.stderr()
    );
}

#[test]
fn a_broken_edit_shows_the_overlay_and_keeps_the_last_good_site() {
    let site = Site::example();
    let s = serve(&site, &[]);
    let page = s.page(REC1_PAGE);
    let good = s.get(&page).text();
    assert!(!good.contains("scrutiny-errors"));
    let events = s.events();

    let line = set_field(&site, REC1, "status", "ongoin");
    let mut broken = String::new();
    let shown = poll(REBUILD, || {
        broken = s.get(&page).text();
        broken.contains("scrutiny-errors")
    });
    assert!(
        shown,
        "no overlay after a broken edit\n--- stderr\n{}",
        s.stderr()
    );
    assert_eq!(
        events.next_event(REBUILD).as_deref(),
        Some("reload"),
        "browsers are told to reload to show the overlay"
    );

    // The overlay: the diagnostic as `check` prints it, file:line:column, source line, hint.
    assert!(broken.contains("id=\"scrutiny-errors\""), "{broken}");
    assert!(broken.contains("unknown status `ongoin`"), "{broken}");
    assert!(
        broken.contains(&format!("{REC1}:{line}:")),
        "no {REC1}:{line}: in the overlay:\n{broken}"
    );
    assert!(
        broken.contains("status: ongoin"),
        "no source line in the overlay"
    );
    assert!(
        broken.contains("valid statuses are"),
        "no hint in the overlay"
    );
    // … over the last good content.
    assert!(
        broken.contains(REC1_TITLE),
        "the last good page is gone:\n{broken}"
    );
    assert!(broken.contains("standard agenda item"));
    // Every HTML page carries it, the 404 page too; other files are untouched.
    for path in ["/scrutiny/".to_string(), s.page(REVIEW_PAGE)] {
        let r = s.get(&path);
        assert_status(&r, 200, &path);
        assert!(r.text().contains("scrutiny-errors"), "no overlay on {path}");
    }
    let missing = s.get("/scrutiny/no-such-page/");
    assert_status(&missing, 404, "unknown page while broken");
    assert!(
        missing.text().contains("scrutiny-errors"),
        "no overlay on the 404 page"
    );
    let css = s.get("/scrutiny/static/site.css");
    assert_status(&css, 200, "site.css while broken");
    assert_eq!(css.text(), site.read(SITE_CSS));
    // The terminal shows the same diagnostic.
    let err = s.stderr();
    assert!(err.contains("unknown status `ongoin`"), "{err}");
    assert!(err.contains(&format!("--> {REC1}:{line}:")), "{err}");
    assert!(err.contains("Keeping the last good build"), "{err}");

    // The fix clears it.
    let rebuilt_before = s.stderr().matches("rebuilt in").count();
    set_field(&site, REC1, "status", "ongoing");
    let mut fixed = String::new();
    let cleared = poll(REBUILD, || {
        fixed = s.get(&page).text();
        !fixed.contains("scrutiny-errors")
    });
    assert!(
        cleared,
        "the overlay stayed after the fix:\n{fixed}\n--- stderr\n{}",
        s.stderr()
    );
    assert!(fixed.contains(REC1_TITLE));
    assert!(!s.get("/scrutiny/").text().contains("scrutiny-errors"));
    let reloaded = poll(REBUILD, || {
        events.next_event(Duration::from_millis(100)).as_deref() == Some("reload")
    });
    assert!(reloaded, "no reload event after the fix");
    assert!(
        poll(REBUILD, || s.stderr().matches("rebuilt in").count()
            > rebuilt_before),
        "no `rebuilt in` after the fix:\n{}",
        s.stderr()
    );
}

/// A site already broken when `serve` starts has no last good build: the browser must still
/// show the diagnostics, under the site's base path, and reload once the file is fixed.
#[test]
fn a_site_broken_at_start_shows_the_errors_and_recovers() {
    let site = Site::example();
    let line = set_field(&site, REC1, "status", "ongoin");
    let s = serve(&site, &[]);
    let located = format!("{REC1}:{line}:");
    // Collect every problem, so one run reports them all.
    let mut problems = Vec::new();

    if s.url != format!("http://127.0.0.1:{}/scrutiny/", s.port) {
        problems.push(format!(
            "printed URL {:?} lacks the base path /scrutiny/",
            s.url
        ));
    }
    for path in ["/scrutiny/".to_string(), format!("/scrutiny/{REC1_PAGE}")] {
        let r = s.get(&path);
        let text = r.text();
        if !(text.contains("scrutiny-errors")
            && text.contains(&located)
            && text.contains("valid statuses are"))
        {
            problems.push(format!(
                "GET {path} gave {} without the diagnostics ({located}): {:?}",
                r.status,
                text.chars().take(300).collect::<String>()
            ));
        }
    }
    let events = EventStream::open(s.port, "/scrutiny/__scrutiny/events");
    let connected = events
        .wait_line(|l| l.starts_with(':'), Duration::from_secs(10))
        .is_ok();
    if !connected {
        problems.push("/scrutiny/__scrutiny/events does not open while the site is broken, so browsers never learn of the fix".into());
    }
    if s.stderr().contains("Keeping the last good build") {
        problems
            .push("the terminal says it keeps \"the last good build\" when there is none".into());
    }

    // The fix brings the site up.
    set_field(&site, REC1, "status", "ongoing");
    let page = format!("/scrutiny/{REC1_PAGE}");
    let mut last = None;
    let up = poll(REBUILD, || {
        let r = s.get(&page);
        let ok = r.status == 200 && !r.text().contains("scrutiny-errors");
        last = Some(r);
        ok
    });
    assert!(
        up,
        "the site did not come up after the fix: {:?}\n--- stderr\n{}",
        last.map(|r| (r.status, r.text())),
        s.stderr()
    );
    assert!(s.get(&page).text().contains(REC1_TITLE));
    if connected && events.next_event(REBUILD).as_deref() != Some("reload") {
        problems.push("no reload event after the fix".into());
    }
    assert!(
        problems.is_empty(),
        "site broken at start:\n- {}\n--- stdout\n{}--- stderr\n{}",
        problems.join("\n- "),
        s.stdout(),
        s.stderr()
    );
}

#[test]
fn a_stylesheet_change_swaps_css_without_reload() {
    stylesheet_change_swaps_css(&[]);
}

/// Hiding drafts must not turn the rest of the preview off: a CSS edit is still swapped in.
#[test]
fn a_stylesheet_change_swaps_css_without_reload_with_no_drafts() {
    stylesheet_change_swaps_css(&["--no-drafts"]);
}

fn stylesheet_change_swaps_css(extra: &[&str]) {
    let site = Site::example();
    assert!(
        site.path().join(SITE_CSS).is_file(),
        "Site::example() copies themes/"
    );
    let s = serve(&site, extra);
    let events = s.events();

    let marker = ".scrutiny-test-marker { color: rebeccapurple; }";
    let css = site.read(SITE_CSS);
    site.write(SITE_CSS, format!("{css}\n{marker}\n"));
    let first = events.next_event(REBUILD);
    assert_eq!(
        first.as_deref(),
        Some("css"),
        "a stylesheet edit (serve {extra:?}) should swap the CSS, not reload\n--- stderr\n{}",
        s.stderr()
    );
    let served = poll(REBUILD, || {
        s.get("/scrutiny/static/site.css").text().contains(marker)
    });
    assert!(served, "the new stylesheet is not served");
    // Nothing else is sent for that edit.
    if let Some(ev) = events.next_event(Duration::from_secs(1)) {
        assert_eq!(ev, "css", "a stylesheet edit also sent `{ev}`");
    }
    assert!(!s.get("/scrutiny/").text().contains("scrutiny-errors"));
}

/// The site's own `static/` folder is watched, even when it is made while serving: its
/// stylesheet replaces the theme's, and files the site's `.gitignore` ignores there are not.
#[test]
fn a_site_static_folder_made_while_serving_is_served_over_the_theme() {
    let site = Site::fixture("minimal");
    site.write(".gitignore", "static/**/*.scratch.css\n");
    let s = serve(&site, &[]);
    let marker = ".site-own { color: rebeccapurple; }";
    site.write("static/site.css", format!("{marker}\n"));
    let served = poll(REBUILD, || {
        s.get("/scrutiny/static/site.css").text().contains(marker)
    });
    assert!(
        served,
        "the site's stylesheet is not served\n{}",
        s.stderr()
    );
    // Let the rebuilds of that save finish before counting them.
    std::thread::sleep(Duration::from_millis(500));
    let rebuilds = s.stderr().matches("rebuilt in").count();
    site.write("static/new.scratch.css", "ignored");
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(
        s.stderr().matches("rebuilt in").count(),
        rebuilds,
        "an ignored file rebuilt the site\n{}",
        s.stderr()
    );
}

#[test]
fn default_port_falls_back_when_taken() {
    let site = Site::example();
    let _held = match TcpListener::bind("127.0.0.1:1111") {
        Ok(l) => l,
        Err(e) => {
            eprintln!("skipped: cannot hold 127.0.0.1:1111 for the test ({e})");
            return;
        }
    };
    let s = Server::start(site.path(), &[]);
    let err = s.stderr();
    let chosen: u16 = err
        .lines()
        .find_map(|l| {
            l.strip_prefix("port 1111 is taken; using ")
                .and_then(|rest| rest.strip_suffix(" instead"))
        })
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no \"port 1111 is taken; using N instead\" in:\n{err}"));
    assert!((1112..1131).contains(&chosen), "chose {chosen}");
    assert_eq!(
        s.port, chosen,
        "the URL printed ({}) uses the chosen port",
        s.url
    );
    let home = s.get("/scrutiny/");
    assert_status(&home, 200, "home page on the fallback port");
    drop(s);

    // An explicit port that is taken is an error naming it.
    let held = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port();
    let mut s = Server::spawn(site.path(), &["--port", &port.to_string()]);
    let status = s.wait_exit(Duration::from_secs(30)).unwrap_or_else(|| {
        panic!(
            "serve on a taken --port {port} did not exit\n{}",
            s.stderr()
        )
    });
    assert!(!status.success(), "exit status {status:?}");
    let err = s.stderr();
    assert!(err.contains("error"), "{err}");
    assert!(
        err.contains(&port.to_string()),
        "the error does not name port {port}:\n{err}"
    );
    assert!(!s.stdout().contains("Serving"), "{}", s.stdout());
}

/// Deleting a recommendation removes its page; renaming its file keeps it.
#[test]
fn deleted_and_renamed_files_are_handled() {
    let site = Site::example();
    let s = serve(&site, &[]);
    let rec15 = "content/safety-in-the-town-centre/recommendations/15-post-review-rapporteur.md";
    let page15 = s.page("safety-in-the-town-centre/recommendations/15/");
    assert_status(&s.get(&page15), 200, "recommendation 15");
    site.remove(rec15);
    let gone = poll(REBUILD, || s.get(&page15).status == 404);
    assert!(
        gone,
        "the page of a deleted recommendation is still served\n--- stderr\n{}",
        s.stderr()
    );
    assert!(!s.get("/scrutiny/").text().contains("scrutiny-errors"));

    let from = site.path().join(REC1);
    let to = from.with_file_name("01-renamed.md");
    std::fs::rename(&from, &to).unwrap();
    let new_title = "Renamed and retitled";
    set_field(
        &site,
        "content/safety-in-the-town-centre/recommendations/01-renamed.md",
        "title",
        new_title,
    );
    let page = s.page(REC1_PAGE);
    let moved = poll(REBUILD, || {
        let r = s.get(&page);
        r.status == 200 && r.text().contains(new_title) && !r.text().contains("scrutiny-errors")
    });
    assert!(
        moved,
        "a renamed recommendation file is not followed: {:?}\n--- stderr\n{}",
        s.get(&page).status,
        s.stderr()
    );
}

/// Clients that never finish their request, and open event streams, do not stop others
/// being served.
#[test]
fn slow_clients_do_not_stall_the_server() {
    use std::io::Write;
    let site = Site::example();
    let s = serve(&site, &[]);
    let mut stalled = Vec::new();
    for _ in 0..24 {
        let mut c = std::net::TcpStream::connect(("127.0.0.1", s.port)).unwrap();
        c.write_all(b"GET /scrutiny/ HTTP/1.1\r\nHost: x\r\n")
            .unwrap();
        stalled.push(c);
    }
    let streams: Vec<EventStream> = (0..12)
        .map(|_| EventStream::open(s.port, "/scrutiny/__scrutiny/events"))
        .collect();
    let start = Instant::now();
    let answers: Vec<_> = (0..16)
        .map(|_| {
            let port = s.port;
            std::thread::spawn(move || request(port, "GET", "/scrutiny/", &[]).map(|r| r.status))
        })
        .collect();
    for a in answers {
        assert_eq!(a.join().unwrap(), Ok(200));
    }
    assert!(
        start.elapsed() < Duration::from_secs(15),
        "16 requests took {:?} with slow clients connected",
        start.elapsed()
    );
    drop(streams);
    drop(stalled);
}

/// The listening sockets for `port` in /proc/net/tcp or tcp6: local addresses in hex.
fn listening(table: &str, port: u16) -> Vec<String> {
    let text = std::fs::read_to_string(table).unwrap_or_default();
    let want = format!("{port:04X}");
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let (addr, p) = f.get(1)?.rsplit_once(':')?;
            (p == want && f.get(3) == Some(&"0A")).then(|| addr.to_string())
        })
        .collect()
}

#[test]
fn listens_on_loopback_only() {
    let site = Site::example();
    let s = serve(&site, &[]);
    assert_eq!(s.url, format!("http://127.0.0.1:{}/scrutiny/", s.port));
    assert!(
        s.stdout()
            .lines()
            .any(|l| l.starts_with("Serving ") && l.contains(&format!(" at {}", s.url))),
        "{}",
        s.stdout()
    );
    assert_status(&s.get("/scrutiny/"), 200, "home page");

    if Path::new("/proc/net/tcp").exists() {
        let v4 = listening("/proc/net/tcp", s.port);
        assert_eq!(
            v4,
            vec!["0100007F".to_string()],
            "IPv4 listeners on port {}",
            s.port
        );
        let v6 = listening("/proc/net/tcp6", s.port);
        assert!(v6.is_empty(), "IPv6 listeners on port {}: {v6:?}", s.port);
    } else {
        eprintln!("no /proc/net/tcp; checking by connecting only");
    }
    // A non-loopback address of this machine, if it has one, must not answer.
    let outward = std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|u| u.connect("192.0.2.1:9").map(|_| u))
        .and_then(|u| u.local_addr())
        .map(|a| a.ip())
        .ok()
        .filter(|ip| !ip.is_loopback() && !ip.is_unspecified());
    if let Some(ip) = outward {
        let r = std::net::TcpStream::connect_timeout(
            &std::net::SocketAddr::new(ip, s.port),
            Duration::from_secs(3),
        );
        assert!(r.is_err(), "the preview answers on {ip}:{}", s.port);
    }
}

fn make_draft(site: &Site) {
    site.edit(REC1, "---\n", "---\ndraft: true\n");
}

#[test]
fn drafts_are_shown_in_preview_with_a_banner() {
    let site = Site::example();
    make_draft(&site);

    let s = serve(&site, &[]);
    let page = s.get(&s.page(REC1_PAGE));
    assert_status(&page, 200, "a draft in the preview");
    assert!(page.text().contains(REC1_TITLE));
    assert!(
        page.text().contains("Draft – not published"),
        "no draft banner:\n{}",
        page.text()
    );
    drop(s);

    let s = serve(&site, &["--no-drafts"]);
    let page = s.get(&s.page(REC1_PAGE));
    assert_status(&page, 404, "a draft with --no-drafts");
    let review = s.get(&s.page(REVIEW_PAGE));
    assert_status(&review, 200, "review page with --no-drafts");
    assert!(
        !review.text().contains(REC1_TITLE),
        "the review page lists the draft"
    );
    // The other recommendations are still there.
    assert_status(
        &s.get(&s.page("safety-in-the-town-centre/recommendations/2/")),
        200,
        "recommendation 2 with --no-drafts",
    );
}

/// Every path under `dir` (folders too) with the contents of files.
fn listing(
    dir: &Path,
) -> (
    BTreeSet<String>,
    std::collections::BTreeMap<String, Vec<u8>>,
) {
    let paths = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| {
            e.unwrap()
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    (paths, tree(dir))
}

#[test]
fn ctrl_c_stops_cleanly() {
    let site = Site::example();
    let before = listing(site.path());
    let mut s = serve(&site, &[]);
    assert_status(&s.get("/scrutiny/"), 200, "home page");
    // A browser with the page open keeps an event stream connected.
    let _events = s.events();

    let kill = std::process::Command::new("kill")
        .args(["-INT", &s.pid().to_string()])
        .status()
        .expect("run kill -INT");
    assert!(kill.success());
    let status = s.wait_exit(Duration::from_secs(5)).unwrap_or_else(|| {
        panic!(
            "serve still running 5 s after SIGINT\n--- stderr\n{}",
            s.stderr()
        )
    });
    assert_eq!(
        status.code(),
        Some(0),
        "exit status {status:?}\n{}",
        s.stderr()
    );
    assert!(s.stderr().contains("Stopped."), "{}", s.stderr());
    let after = listing(site.path());
    assert_eq!(
        before.0, after.0,
        "files appeared or vanished in the site folder"
    );
    assert!(before.1 == after.1, "files in the site folder changed");
    assert!(!site.path().join("public").exists());
}

// ---------------------------------------------------------------------------------------------
// Watching: every watcher, every way of giving the root, every way editors save.

#[derive(Clone, Copy, Debug)]
enum Watcher {
    Native,
    Poll,
}

#[derive(Clone, Copy, Debug)]
enum RootArg {
    Absolute,
    /// Relative to the working folder, as `--root .` (the default) is.
    Relative,
}

const WATCHERS: [(Watcher, RootArg); 4] = [
    (Watcher::Native, RootArg::Absolute),
    (Watcher::Native, RootArg::Relative),
    (Watcher::Poll, RootArg::Absolute),
    (Watcher::Poll, RootArg::Relative),
];

/// `path` relative to this process's working folder (the crate root under `cargo test`), e.g.
/// `../../tmp/scrutiny-test-x`; the server inherits the working folder.
fn relative(path: &Path) -> std::path::PathBuf {
    let cwd = std::env::current_dir().unwrap().canonicalize().unwrap();
    let path = path.canonicalize().unwrap();
    let common = cwd
        .components()
        .zip(path.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = std::path::PathBuf::new();
    for _ in cwd.components().skip(common) {
        out.push("..");
    }
    for c in path.components().skip(common) {
        out.push(c);
    }
    assert!(out.is_relative(), "{}", out.display());
    out
}

fn serve_watching(site: &Site, watcher: Watcher, root: RootArg) -> Server {
    let port = free_port().to_string();
    let mut args = vec!["--port", port.as_str()];
    if let Watcher::Poll = watcher {
        args.push("--poll");
    }
    let root = match root {
        RootArg::Absolute => site.path().to_path_buf(),
        RootArg::Relative => relative(site.path()),
    };
    let s = Server::start(&root, &args);
    // The first build's report is read from stderr by another thread: wait for it, so that a
    // test counting rebuilds does not count the first build as one.
    assert!(
        poll(REBUILD, || s.stderr().contains("rebuilt in")),
        "the first build was not reported\n{}",
        s.stderr()
    );
    s
}

/// Wait until `page` has `want` and no error overlay; fail naming `what`.
#[track_caller]
fn expect_page(s: &Server, page: &str, want: &str, what: &str) {
    let mut last = String::new();
    let ok = poll(REBUILD, || {
        last = s.get(page).text();
        last.contains(want) && !last.contains("scrutiny-errors")
    });
    assert!(
        ok,
        "{what}: {page} never showed {want:?} without errors (it has it: {}, overlay: {})\n--- stderr\n{}",
        last.contains(want),
        last.contains("scrutiny-errors"),
        s.stderr()
    );
}

/// `text` with front-matter field `key` set to `value`.
fn with_field(text: &str, key: &str, value: &str) -> String {
    let prefix = format!("{key}:");
    let mut out: Vec<String> = text.lines().map(str::to_string).collect();
    let i = out.iter().position(|l| l.starts_with(&prefix)).unwrap();
    out[i] = format!("{key}: {value}");
    out.join("\n") + "\n"
}

#[test]
fn every_way_of_saving_reaches_the_page_with_either_watcher_and_any_root() {
    for (watcher, root) in WATCHERS {
        let what = format!("{watcher:?} watcher, {root:?} root");
        let site = Site::example();
        let s = serve_watching(&site, watcher, root);
        let page = s.page(REC1_PAGE);
        let path = site.path().join(REC1);

        // Reading every source never rebuilds.
        let before = s.stderr().matches("rebuilt in").count();
        for entry in walkdir::WalkDir::new(site.path()) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                std::fs::read(entry.path()).unwrap();
            }
        }
        std::thread::sleep(Duration::from_millis(1200));
        assert_eq!(
            s.stderr().matches("rebuilt in").count(),
            before,
            "{what}: reading the sources triggered a rebuild:\n{}",
            s.stderr()
        );

        // Written in place.
        let title = format!("Saved in place ({what})");
        set_field(&site, REC1, "title", &title);
        expect_page(&s, &page, &title, &format!("{what}, saved in place"));

        // Written to a temporary file, then renamed over the original (most editors' safe
        // save), with a hidden and with a visible temporary name.
        for temp in [
            ".01-kent-police-press-office.md.tmp1234",
            "01-kent-police-press-office.md.new",
        ] {
            let title = format!("Renamed over from {temp} ({what})");
            let temp = path.with_file_name(temp);
            std::fs::write(&temp, with_field(&site.read(REC1), "title", &title)).unwrap();
            std::fs::rename(&temp, &path).unwrap();
            expect_page(&s, &page, &title, &format!("{what}, renamed over"));
        }

        // Vim: the original renamed to a backup, a new file written, the backup removed.
        let title = format!("Saved as vim does ({what})");
        let backup = path.with_file_name("01-kent-police-press-office.md~");
        let text = with_field(&site.read(REC1), "title", &title);
        std::fs::rename(&path, &backup).unwrap();
        std::fs::write(&path, text).unwrap();
        std::fs::remove_file(&backup).unwrap();
        expect_page(&s, &page, &title, &format!("{what}, saved as vim does"));

        // Truncated, then written a moment later (the empty file may be built in between).
        let title = format!("Truncated then written ({what})");
        let text = with_field(&site.read(REC1), "title", &title);
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&path)
            .unwrap();
        std::thread::sleep(Duration::from_millis(400));
        std::io::Write::write_all(&mut f, text.as_bytes()).unwrap();
        drop(f);
        expect_page(
            &s,
            &page,
            &title,
            &format!("{what}, truncated then written"),
        );
    }
}

/// Copy `from` to `to`, keeping modification times (as `cp -a` and backup tools do).
fn copy_keeping_times(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
            let modified = entry.metadata().unwrap().modified().unwrap();
            std::fs::File::options()
                .write(true)
                .open(&dest)
                .unwrap()
                .set_modified(modified)
                .unwrap();
        }
    }
}

#[test]
fn a_deleted_and_restored_folder_is_watched_and_read_again() {
    const REC2: &str =
        "content/safety-in-the-town-centre/recommendations/02-annual-community-safety-partnership-event.md";
    const REC2_PAGE: &str = "safety-in-the-town-centre/recommendations/2/";
    for (watcher, root) in WATCHERS {
        let what = format!("{watcher:?} watcher, {root:?} root");
        let site = Site::example();
        let s = serve_watching(&site, watcher, root);
        let page = s.page(REC1_PAGE);
        let missing = || s.stderr().matches("the content/ folder is missing").count();

        // A backup of content/ in which recommendation 2 differs from the served one but has
        // its size and modification time (a restored file is read again even then).
        let backup = tempfile::tempdir().unwrap();
        let saved = backup.path().join("content");
        copy_keeping_times(&site.path().join("content"), &saved);
        let rec2 = saved.join(REC2.strip_prefix("content/").unwrap());
        let modified = std::fs::metadata(&rec2).unwrap().modified().unwrap();
        let text = std::fs::read_to_string(&rec2).unwrap();
        assert!(text.contains("An annual Community"), "{text}");
        std::fs::write(
            &rec2,
            text.replacen("An annual Community", "A yearly Community", 1),
        )
        .unwrap();
        std::fs::File::options()
            .write(true)
            .open(&rec2)
            .unwrap()
            .set_modified(modified)
            .unwrap();

        // `rm -rf content`, noticed, then the backup moved back in one step (`mv`).
        let before = missing();
        site.remove("content");
        assert!(
            poll(REBUILD, || missing() > before),
            "{what}: the deletion of content/ was not noticed\n{}",
            s.stderr()
        );
        let staged = site.path().join("content.restoring");
        copy_keeping_times(&saved, &staged);
        std::fs::rename(&staged, site.path().join("content")).unwrap();
        expect_page(
            &s,
            &s.page(REC2_PAGE),
            "A yearly Community",
            &format!("{what}, restored"),
        );
        // Edits after the restore are seen.
        let title = format!("Edited after the restore ({what})");
        set_field(&site, REC1, "title", &title);
        expect_page(
            &s,
            &page,
            &title,
            &format!("{what}, edited after the restore"),
        );
        // A later rebuild (site.yaml saved) keeps them.
        let rebuilt = s.stderr().matches("rebuilt in").count();
        site.write("site.yaml", site.read("site.yaml") + "\n");
        assert!(
            poll(REBUILD, || s.stderr().matches("rebuilt in").count()
                > rebuilt),
            "{what}: saving site.yaml did not rebuild\n{}",
            s.stderr()
        );
        expect_page(&s, &page, &title, &format!("{what}, after a later rebuild"));

        // A review folder deleted and restored (as `git checkout` or a sync tool does).
        let review = site.path().join("content/safety-in-the-town-centre");
        let review_copy = backup.path().join("review");
        copy_keeping_times(&review, &review_copy);
        site.remove("content/safety-in-the-town-centre");
        assert!(
            poll(REBUILD, || s.get(&page).status == 404),
            "{what}: the deletion of the review folder was not noticed\n{}",
            s.stderr()
        );
        copy_keeping_times(&review_copy, &review);
        let title = format!("Edited after the review came back ({what})");
        set_field(&site, REC1, "title", &title);
        expect_page(
            &s,
            &page,
            &title,
            &format!("{what}, review folder restored"),
        );

        // content/ renamed away and back.
        let before = missing();
        let away = site.path().join("content-away");
        std::fs::rename(site.path().join("content"), &away).unwrap();
        assert!(
            poll(REBUILD, || missing() > before),
            "{what}: content/ renamed away was not noticed\n{}",
            s.stderr()
        );
        std::fs::rename(&away, site.path().join("content")).unwrap();
        std::thread::sleep(Duration::from_millis(500));
        let title = format!("Edited after content/ came back ({what})");
        set_field(&site, REC1, "title", &title);
        expect_page(&s, &page, &title, &format!("{what}, renamed away and back"));
    }
}

// ---------------------------------------------------------------------------------------------
// Symbolic links

/// `build` refuses a recommendation that is a link leading out of the site; a preview already
/// running must refuse it the same way when the file is replaced by such a link, however the
/// link is made, and never show the linked text.
#[cfg(unix)]
#[test]
fn a_recommendation_replaced_by_a_link_out_of_the_site_is_refused_as_build_refuses_it() {
    use std::os::unix::fs::symlink;
    let site = Site::example();
    let outside = tempfile::tempdir().unwrap();
    let secret_title = "LINKED-SECRET-TITLE";
    let linked = outside.path().join("linked.md");
    std::fs::write(
        &linked,
        with_field(&site.read(REC1), "title", secret_title) + "\nLINKED-SECRET-BODY\n",
    )
    .unwrap();
    let original = site.read(REC1);
    let path = site.path().join(REC1);
    let s = serve(&site, &[]);
    let page = s.page(REC1_PAGE);

    // `ln -sf` (remove, then link), and a link made aside and renamed over the file.
    let ways: [(&str, &dyn Fn()); 2] = [
        ("ln -sf", &|| {
            std::fs::remove_file(&path).unwrap();
            symlink(&linked, &path).unwrap();
        }),
        ("renamed over", &|| {
            let aside = path.with_file_name("link-aside.tmp");
            symlink(&linked, &aside).unwrap();
            std::fs::rename(&aside, &path).unwrap();
        }),
    ];
    for (how, replace) in ways {
        let errors_before = s.stderr().matches("symbolic link").count();
        replace();
        assert!(
            poll(REBUILD, || s.stderr().matches("symbolic link").count()
                > errors_before),
            "{how}: the preview did not report the link\n--- stderr\n{}",
            s.stderr()
        );
        // The same diagnostic as `build`.
        let out = tempfile::tempdir().unwrap();
        let out_dir = out.path().join("public");
        let build = site.run(&["build", "--output", out_dir.to_str().unwrap()]);
        build.exits(1);
        let expected = build.error("symbolic link");
        let err = s.stderr();
        let mut lines = vec![
            format!("error: {}", expected.message),
            format!("--> {}", expected.location),
        ];
        lines.extend(expected.help.iter().map(|h| format!("= help: {h}")));
        for line in lines {
            assert!(
                err.contains(&line),
                "{how}: the preview does not print build's `{line}`:\n{err}\n--- build\n{}",
                build.stderr
            );
        }
        // The overlay shows it over the last good page; the linked text is nowhere.
        let r = s.get(&page);
        assert!(r.text().contains("scrutiny-errors"), "{how}: no overlay");
        assert!(
            r.text().contains(&expected.message),
            "{how}: overlay lacks the message"
        );
        for p in [
            page.clone(),
            s.page(REVIEW_PAGE),
            s.page("data/recommendations.json"),
            s.page("data/recommendations.csv"),
            s.page("updates.xml"),
        ] {
            let text = s.get(&p).text();
            for secret in [secret_title, "LINKED-SECRET-BODY"] {
                assert!(
                    !text.contains(secret),
                    "{how}: {p} shows the linked text {secret}"
                );
            }
        }
        // Put the file back.
        std::fs::remove_file(&path).unwrap();
        std::fs::write(&path, &original).unwrap();
        expect_page(&s, &page, REC1_TITLE, &format!("{how}: file put back"));
    }
}

// ---------------------------------------------------------------------------------------------
// The HTTP surface: Host names, limits, the server root.

/// GET `path` with `Host: host` (or no Host at all), over a raw connection.
fn get_with_host(port: u16, version: &str, path: &str, host: Option<&str>) -> Response {
    let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    let req = format!("GET {path} {version}\r\n{host}Connection: close\r\n\r\n");
    send_raw(port, req.as_bytes()).unwrap_or_else(|e| panic!("GET {path} with {host:?}: {e}"))
}

#[test]
fn only_loopback_and_allowed_host_names_are_answered() {
    let site = Site::example();
    make_draft(&site);
    let s = serve(&site, &["--allow-host", "phone.example.test"]);
    let port = s.port;
    let page = s.page(REC1_PAGE);
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("preview.localhost:{port}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{port}"),
        format!("127.1.2.3:{port}"),
        "[::1]".to_string(),
        format!("[::1]:{port}"),
        format!("phone.example.test:{port}"),
        "PHONE.example.test".to_string(),
    ] {
        let r = get_with_host(port, "HTTP/1.1", &page, Some(&host));
        assert_status(&r, 200, &format!("Host: {host}"));
        assert!(r.text().contains(REC1_TITLE), "Host: {host}");
    }
    // DNS rebinding: another site's name pointed at 127.0.0.1.
    for host in [
        "rebind.attacker.example".to_string(),
        format!("rebind.attacker.example:{port}"),
        format!("localhost.attacker.example:{port}"),
        format!("127.0.0.1.attacker.example:{port}"),
        format!("phone.example.test.attacker.example:{port}"),
        format!("10.1.2.3:{port}"),
        format!("[::2]:{port}"),
        "localhost:1:2".to_string(),
        String::new(),
    ] {
        for path in [
            page.clone(),
            s.page("data/recommendations.json"),
            s.page("__scrutiny/events"),
            "/".to_string(),
        ] {
            let r = get_with_host(port, "HTTP/1.1", &path, Some(&host));
            assert_status(&r, 421, &format!("GET {path} with Host: {host}"));
            assert_header_starts(&r, "Content-Type", "text/plain", "421");
            assert!(r.text().contains("--allow-host"), "{}", r.text());
            assert!(
                !r.text().contains(REC1_TITLE),
                "{path} with Host: {host} leaked the draft"
            );
        }
    }
    let r = get_with_host(
        port,
        "HTTP/1.1",
        &page,
        Some("rebind.attacker.example:1111"),
    );
    assert!(
        r.text()
            .contains("scrutiny serve --allow-host rebind.attacker.example\n"),
        "{}",
        r.text()
    );
    // No Host header, in either version; two of them.
    for version in ["HTTP/1.0", "HTTP/1.1"] {
        let r = get_with_host(port, version, &page, None);
        assert_status(&r, 400, &format!("{version} without Host"));
        assert!(!r.text().contains(REC1_TITLE));
    }
    let two = format!(
        "GET {page} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: rebind.attacker.example\r\nConnection: close\r\n\r\n"
    );
    assert_status(
        &send_raw(port, two.as_bytes()).unwrap(),
        400,
        "two Host headers",
    );
    // The server still answers.
    assert_status(&s.get(&page), 200, "after the refusals");
}

/// Threads of process `pid`, from /proc (None where there is no /proc).
fn threads(pid: u32) -> Option<usize> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
}

/// Read a response head (to the blank line) from a raw stream.
fn read_head(c: &mut std::net::TcpStream) -> String {
    use std::io::Read;
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match c.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// Browsers (or a page opening many tabs) connecting hundreds of live-reload streams get a
/// bounded number; the rest are told to retry, the server keeps a bounded number of threads
/// and keeps answering.
#[test]
fn live_reload_streams_are_capped_and_the_server_stays_responsive() {
    use std::io::Write;
    const CLIENTS: usize = 200;
    let site = Site::example();
    let s = serve(&site, &[]);
    let port = s.port;
    let baseline = threads(s.pid());
    let start = Instant::now();
    let mut streams = Vec::new();
    let (mut connected, mut refused) = (Vec::new(), 0);
    for i in 0..CLIENTS {
        let mut c = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(
            c,
            "GET /scrutiny/__scrutiny/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let head = read_head(&mut c);
        if head.starts_with("HTTP/1.1 200") {
            connected.push(i);
        } else if head.starts_with("HTTP/1.1 503") {
            assert!(
                head.contains("Retry-After:"),
                "503 without Retry-After:\n{head}"
            );
            refused += 1;
        } else {
            panic!("event stream {i}: {head:?}\n--- stderr\n{}", s.stderr());
        }
        streams.push(c);
    }
    let opened = start.elapsed();
    let peak = threads(s.pid());
    eprintln!(
        "{CLIENTS} event streams: {} connected, {refused} refused with 503, in {opened:?}; threads {baseline:?} before, {peak:?} with them open",
        connected.len()
    );
    assert!(
        refused > 0,
        "all {CLIENTS} event streams were kept open: no cap"
    );
    assert!(!connected.is_empty(), "no event stream was accepted");
    if let (Some(before), Some(peak)) = (baseline, peak) {
        assert!(
            peak <= before + 64,
            "{peak} threads with {CLIENTS} event streams open ({before} before)"
        );
    }
    // Still answering, promptly.
    let t = Instant::now();
    assert_status(&s.get("/scrutiny/"), 200, "home page with the streams open");
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "took {:?}",
        t.elapsed()
    );
    // An edit still reaches the connected streams.
    let first = streams.swap_remove(connected[0]);
    let events = std::io::BufReader::new(first);
    set_field(&site, REC1, "title", "Edited with many streams open");
    let reloaded = std::io::BufRead::lines(events)
        .map_while(Result::ok)
        .any(|l| l.starts_with("event: reload"));
    assert!(reloaded, "a connected stream got no reload\n{}", s.stderr());
    // Once they close, new streams are accepted again.
    drop(streams);
    let reopened = poll(Duration::from_secs(20), || {
        let mut c = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            c,
            "GET /scrutiny/__scrutiny/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        )
        .unwrap();
        read_head(&mut c).starts_with("HTTP/1.1 200")
    });
    assert!(reopened, "no event stream accepted after the others closed");
}

/// VmHWM (peak resident memory) of process `pid`, in kB.
fn peak_memory_kb(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[test]
fn oversized_request_heads_are_refused() {
    let site = Site::example();
    let s = serve(&site, &[]);
    let port = s.port;
    let memory_before = peak_memory_kb(s.pid());
    let host = format!("Host: 127.0.0.1:{port}\r\n");
    let huge_header = format!(
        "GET /scrutiny/ HTTP/1.1\r\n{host}X-Big: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(10 << 20)
    );
    let many_headers = format!(
        "GET /scrutiny/ HTTP/1.1\r\n{host}{}Connection: close\r\n\r\n",
        "X-Many: 0123456789\r\n".repeat(2000)
    );
    let long_line = format!(
        "GET /scrutiny/?{} HTTP/1.1\r\n{host}Connection: close\r\n\r\n",
        "q".repeat(20 << 10)
    );
    for (what, req) in [
        ("a 10 MB header", huge_header),
        ("2,000 headers", many_headers),
        ("a 20 KB request line", long_line),
    ] {
        let r = send_raw(port, req.as_bytes()).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_status(&r, 431, what);
    }
    eprintln!(
        "peak memory: {memory_before:?} kB before, {:?} kB after a 10 MB header",
        peak_memory_kb(s.pid())
    );
    // A head just under the limit is fine.
    let fine = format!(
        "GET /scrutiny/ HTTP/1.1\r\n{host}X-Fine: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(12 << 10)
    );
    assert_status(
        &send_raw(port, fine.as_bytes()).unwrap(),
        200,
        "a 12 KB header",
    );
    assert_status(&s.get("/scrutiny/"), 200, "after the refusals");
}

#[test]
fn one_connection_carries_several_requests() {
    use std::io::{Read, Write};
    let site = Site::example();
    let s = serve(&site, &[]);
    let port = s.port;
    let mut c = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    // Pipelined: both sent before either answer is read.
    write!(
        c,
        "GET /scrutiny/static/site.css HTTP/1.1\r\nHost: localhost:{port}\r\n\r\nHEAD /scrutiny/ HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut all = Vec::new();
    c.read_to_end(&mut all).unwrap();
    let text = String::from_utf8_lossy(&all);
    assert_eq!(text.matches("HTTP/1.1 200 OK\r\n").count(), 2, "{text}");
    assert!(
        text.contains(&site.read(SITE_CSS)),
        "the stylesheet is not in the first answer"
    );
    assert!(text.ends_with("\r\n\r\n"), "the HEAD answer has a body");
}

#[test]
fn the_server_root_redirects_to_the_base_path() {
    let site = Site::example();
    let icon = b"\x00\x00\x01\x00 not a real icon";
    site.write("themes/default/static/favicon.ico", icon);
    let s = serve(&site, &[]);
    assert_eq!(s.base, "/scrutiny/");
    for (from, to) in [
        ("/", "/scrutiny/"),
        ("/?utm=1", "/scrutiny/"),
        (
            "/safety-in-the-town-centre/",
            "/scrutiny/safety-in-the-town-centre/",
        ),
        (
            "/safety-in-the-town-centre",
            "/scrutiny/safety-in-the-town-centre/",
        ),
        ("/favicon.ico", "/scrutiny/static/favicon.ico"),
    ] {
        let r = s.get(from);
        assert_status(&r, 302, from);
        assert_eq!(r.header("Location"), Some(to), "{from}");
    }
    let head = request(s.port, "HEAD", "/", &[]).unwrap();
    assert_status(&head, 302, "HEAD /");
    assert_status(&s.get("/scrutiny/"), 200, "the base path");
    let fav = s.get("/scrutiny/static/favicon.ico");
    assert_status(&fav, 200, "the favicon");
    assert_header_starts(&fav, "Content-Type", "image/x-icon", "the favicon");
    assert_eq!(fav.body, icon);
    // Outside the base path with no page for it: the site's 404 page.
    let missing = s.get("/no-such-page/");
    assert_status(&missing, 404, "/no-such-page/");
    assert!(missing.text().contains("Page not found"));
}
