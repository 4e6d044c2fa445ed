//! Answering one request from the in-memory site.

use super::editor::{self, Editor};
use super::host::{self, Hosts};
use super::overlay;
use super::path::{content_type, resolve, Resolved};
use super::request::Request;
use super::state::{Snapshot, State};
use std::io::Write;
use std::time::Duration;

const TEXT: &str = "text/plain; charset=utf-8";
const HTML: &str = "text/html; charset=utf-8";

/// A complete response (the preview's pages are small and in memory: no streaming).
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    /// A response with the headers every answer carries.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                ("Cache-Control", "no-cache".to_string()),
                ("X-Content-Type-Options", "nosniff".to_string()),
            ],
            body: body.into(),
        }
    }

    /// A short plain-text answer.
    pub fn text(status: u16, body: &str) -> Response {
        Response::new(status, TEXT, format!("{body}\n"))
    }

    pub fn with(mut self, name: &'static str, value: &str) -> Response {
        // Never a line break in a header value, whatever a value was made from.
        self.headers
            .push((name, value.replace(|c: char| c.is_control(), "")));
        self
    }

    /// Write the response; without the body for HEAD. `close` announces that the connection
    /// ends after it.
    pub fn write_to(
        &self,
        w: &mut impl Write,
        head_only: bool,
        close: bool,
    ) -> std::io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        // A 304 has no body and says nothing of the length of the one it stands for.
        if self.status != 304 {
            head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        }
        if close {
            head.push_str("Connection: close\r\n");
        }
        head.push_str("\r\n");
        let mut out = head.into_bytes();
        if !head_only && self.status != 304 {
            out.extend_from_slice(&self.body);
        }
        w.write_all(&out)?;
        w.flush()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        404 => "Not Found",
        303 => "See Other",
        403 => "Forbidden",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Content Too Large",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// What to do with a request.
#[derive(Debug)]
pub enum Reply {
    Send(Response),
    /// Turn the connection into a live-reload stream.
    Events,
}

/// Who sent a request, and what with.
pub struct Caller<'a> {
    pub peer: std::net::IpAddr,
    /// The request's body (a form), when it was read.
    pub body: &'a [u8],
    pub editor: &'a Editor,
}

/// Answer `req` from the current build.
pub fn answer(req: &Request, state: &State, hosts: &Hosts, caller: &Caller) -> Reply {
    match req.header("Host") {
        None => {
            return Reply::Send(Response::text(
                400,
                "bad request: the Host header is missing",
            ))
        }
        Some(h) if !hosts.allows(h) => {
            return Reply::Send(Response::new(421, TEXT, host::refusal(h)));
        }
        Some(_) => {}
    }
    let base = state.base();
    let url = req.target.as_str();
    let path = url.split('?').next().unwrap_or("");
    if let Some(rest) = path.strip_prefix(&format!("{base}__scrutiny/edit/")) {
        let page = |key: &str| state.snapshot().files.get(key).map(|b| b.to_vec());
        return Reply::Send(caller.editor.answer(
            req,
            caller.body,
            caller.peer,
            &base,
            rest,
            &page,
        ));
    }
    if !matches!(req.method.as_str(), "GET" | "HEAD") {
        return Reply::Send(Response::text(405, "method not allowed").with("Allow", "GET, HEAD"));
    }
    if let Some(rest) = path.strip_prefix(&format!("{base}__scrutiny/")) {
        return Reply::Send(match rest {
            "events" if req.method == "GET" => return Reply::Events,
            "events" => Response::new(200, "text/event-stream", Vec::new()),
            "live.js" => Response::new(200, "text/javascript; charset=utf-8", overlay::LIVE_JS),
            "overlay.css" => Response::new(200, "text/css; charset=utf-8", overlay::OVERLAY_CSS),
            "editor.css" => Response::new(200, "text/css; charset=utf-8", editor::EDITOR_CSS),
            "editor.js" => Response::new(200, "text/javascript; charset=utf-8", editor::EDITOR_JS),
            _ => not_found(state),
        });
    }
    Reply::Send(file(req, state, &base, caller))
}

fn file(req: &Request, state: &State, base: &str, caller: &Caller) -> Response {
    let url = req.target.as_str();
    let mut snap = state.snapshot();
    let found = |snap: &Snapshot| {
        matches!(resolve(url, base, |k| snap.files.contains_key(k)),
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
            let body = overlay::inject(page.as_bytes(), base, Some(errors));
            return Response::new(500, HTML, body);
        }
    }
    match resolve(url, base, |k| snap.files.contains_key(k)) {
        Resolved::Refused => Response::text(400, "bad request"),
        Resolved::Outside => not_found(state),
        Resolved::Redirect(to) => Response::new(301, TEXT, Vec::new()).with("Location", &to),
        Resolved::UnderBase(to) => Response::new(302, TEXT, Vec::new()).with("Location", &to),
        Resolved::File(key) => match snap.files.get(&key) {
            Some(bytes) => {
                // The content hash (and the error state, which changes what HTML pages carry).
                let etag = format!(
                    "\"{}{}\"",
                    crate::output::short_hash(bytes),
                    match &snap.errors {
                        Some(_) => format!("-e{}", snap.version),
                        None => String::new(),
                    }
                );
                if req.header("If-None-Match") == Some(etag.as_str()) {
                    return Response::new(304, content_type(&key), Vec::new()).with("ETag", &etag);
                }
                let body = if key.ends_with(".html") {
                    let page = if caller.editor.offered(caller.peer) {
                        let query = url.split_once('?').map_or("", |(_, q)| q);
                        caller.editor.decorate(bytes, &key, query, base)
                    } else {
                        bytes.to_vec()
                    };
                    overlay::inject(&page, base, snap.errors.as_ref())
                } else {
                    bytes.to_vec()
                };
                Response::new(200, content_type(&key), body).with("ETag", &etag)
            }
            None => not_found(state),
        },
    }
}

fn not_found(state: &State) -> Response {
    let snap = state.snapshot();
    match snap.files.get("404.html") {
        Some(b) => Response::new(
            404,
            HTML,
            overlay::inject(b, &state.base(), snap.errors.as_ref()),
        ),
        None => Response::new(404, HTML, "not found\n"),
    }
}
