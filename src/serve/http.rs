//! Answering requests from the in-memory site.

use super::overlay;
use super::path::{content_type, resolve, Resolved};
use super::state::{Event, State};
use std::io::Write;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, StatusCode};

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn respond(req: Request, status: u16, ctype: &str, body: Vec<u8>, extra: &[(&str, &str)]) {
    let head_only = *req.method() == Method::Head;
    let len = body.len();
    let mut resp = Response::from_data(if head_only { Vec::new() } else { body })
        .with_status_code(StatusCode(status));
    for h in [
        ("Content-Type", ctype),
        ("Cache-Control", "no-cache"),
        ("X-Content-Type-Options", "nosniff"),
    ]
    .iter()
    .chain(extra)
    {
        if let Some(h) = header(h.0, h.1) {
            resp.add_header(h);
        }
    }
    if head_only {
        if let Some(h) = header("Content-Length", &len.to_string()) {
            resp.add_header(h);
        }
    }
    let _ = req.respond(resp);
}

/// Handle one request. Server-Sent Events streams get their own thread.
pub fn handle(req: Request, state: &Arc<State>) {
    if !matches!(req.method(), Method::Get | Method::Head) {
        respond(
            req,
            405,
            "text/plain; charset=utf-8",
            b"method not allowed\n".to_vec(),
            &[("Allow", "GET, HEAD")],
        );
        return;
    }
    let base = state.base();
    let url = req.url().to_string();
    let path = url.split('?').next().unwrap_or("");
    if let Some(rest) = path.strip_prefix(&format!("{base}__scrutiny/")) {
        match rest {
            "events" => {
                let state = state.clone();
                std::thread::spawn(move || events(req, &state));
            }
            "live.js" => respond(
                req,
                200,
                "text/javascript; charset=utf-8",
                overlay::LIVE_JS.as_bytes().to_vec(),
                &[],
            ),
            "overlay.css" => respond(
                req,
                200,
                "text/css; charset=utf-8",
                overlay::OVERLAY_CSS.as_bytes().to_vec(),
                &[],
            ),
            _ => not_found(req, state),
        }
        return;
    }
    let mut snap = state.snapshot();
    let found = |snap: &super::state::Snapshot| {
        matches!(resolve(&url, &base, |k| snap.files.contains_key(k)),
            Resolved::File(k) if snap.files.contains_key(&k))
    };
    if snap.partial && !found(&snap) {
        // The new pages are in but the feeds, data files and search index are still being
        // made: wait for them rather than answer from a half-built site.
        snap = state.complete_snapshot(Duration::from_secs(10));
    }
    if snap.files.is_empty() {
        // The first build failed: there is no site yet, only the errors to show.
        if let Some(errors) = &snap.errors {
            let page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body><main><h1>The site could not be built</h1></main></body></html>";
            let body = overlay::inject(page.as_bytes(), &base, Some(errors));
            respond(req, 500, "text/html; charset=utf-8", body, &[]);
            return;
        }
    }
    match resolve(&url, &base, |k| snap.files.contains_key(k)) {
        Resolved::Refused => respond(
            req,
            400,
            "text/plain; charset=utf-8",
            b"bad request\n".to_vec(),
            &[],
        ),
        Resolved::Redirect(to) => respond(
            req,
            301,
            "text/plain; charset=utf-8",
            Vec::new(),
            &[("Location", &to)],
        ),
        Resolved::File(key) => match snap.files.get(&key) {
            Some(bytes) => {
                // The content hash (and the error state, which changes what HTML pages carry).
                let etag = format!(
                    "\"{}{}\"",
                    crate::render::short_hash(bytes),
                    match &snap.errors {
                        Some(_) => format!("-e{}", snap.version),
                        None => String::new(),
                    }
                );
                let matches = req
                    .headers()
                    .iter()
                    .any(|h| h.field.equiv("If-None-Match") && h.value.as_str() == etag);
                if matches {
                    respond(req, 304, content_type(&key), Vec::new(), &[("ETag", &etag)]);
                    return;
                }
                let body = if key.ends_with(".html") {
                    overlay::inject(bytes, &base, snap.errors.as_ref())
                } else {
                    bytes.to_vec()
                };
                respond(req, 200, content_type(&key), body, &[("ETag", &etag)]);
            }
            None => not_found(req, state),
        },
    }
}

fn not_found(req: Request, state: &Arc<State>) {
    let snap = state.snapshot();
    let body = match snap.files.get("404.html") {
        Some(b) => overlay::inject(b, &state.base(), snap.errors.as_ref()),
        None => b"not found\n".to_vec(),
    };
    respond(req, 404, "text/html; charset=utf-8", body, &[]);
}

/// A Server-Sent Events stream: tiny_http's `Response` buffers, so write the raw stream.
fn events(req: Request, state: &Arc<State>) {
    let (tx, rx) = mpsc::channel::<Event>();
    state.subscribe(tx);
    let mut w = req.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n: connected\n\n";
    if w.write_all(head.as_bytes())
        .and_then(|_| w.flush())
        .is_err()
    {
        return;
    }
    loop {
        let frame = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(ev) => ev.frame(),
            Err(mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if w.write_all(frame.as_bytes())
            .and_then(|_| w.flush())
            .is_err()
        {
            return;
        }
    }
}
