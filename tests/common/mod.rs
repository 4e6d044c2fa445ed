//! Shared helpers for the end-to-end tests: make a site in a temporary folder (from a fixture
//! under `tests/fixtures/` or from inline strings), run the real `scrutiny` binary on it, and
//! read the rustc-style diagnostics it prints.
#![allow(dead_code)] // each test crate uses a different subset

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// The date every run is measured against, so overdue / stale / awaiting facts are stable.
pub const TODAY: &str = "2026-11-26";

/// The review folder of the `minimal` fixture.
pub const MINIMAL_RECS: &str = "content/town-centre/recommendations";

/// The folder holding this crate: the example site.
pub fn example_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The diagnostics printed on stderr.
    pub fn diagnostics(&self) -> Vec<Diag> {
        parse_diagnostics(&self.stderr)
    }

    /// The one diagnostic of `severity` whose message contains `message`; fails the test with the
    /// whole output otherwise.
    pub fn find(&self, severity: Severity, message: &str) -> Diag {
        let all: Vec<Diag> = self
            .diagnostics()
            .into_iter()
            .filter(|d| d.severity == severity && d.message.contains(message))
            .collect();
        match all.len() {
            1 => all.into_iter().next().unwrap(),
            0 => panic!(
                "no {severity:?} containing {message:?} in:\n{}",
                self.stderr
            ),
            n => panic!(
                "{n} {severity:?}s containing {message:?} (expected one) in:\n{}",
                self.stderr
            ),
        }
    }

    /// Like [`Run::find`], among the diagnostics located in `file`.
    pub fn find_in(&self, file: &str, severity: Severity, message: &str) -> Diag {
        let all: Vec<Diag> = self
            .diagnostics()
            .into_iter()
            .filter(|d| d.severity == severity && d.message.contains(message) && d.file() == file)
            .collect();
        match all.len() {
            1 => all.into_iter().next().unwrap(),
            0 => panic!(
                "no {severity:?} containing {message:?} in {file}:\n{}",
                self.stderr
            ),
            n => panic!(
                "{n} {severity:?}s containing {message:?} in {file} (expected one):\n{}",
                self.stderr
            ),
        }
    }

    /// Whether any diagnostic of `severity` contains `message`.
    pub fn has(&self, severity: Severity, message: &str) -> bool {
        self.diagnostics()
            .iter()
            .any(|d| d.severity == severity && d.message.contains(message))
    }

    pub fn error(&self, message: &str) -> Diag {
        self.find(Severity::Error, message)
    }

    pub fn warning(&self, message: &str) -> Diag {
        self.find(Severity::Warning, message)
    }

    pub fn errors(&self) -> Vec<Diag> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect()
    }

    pub fn warnings(&self) -> Vec<Diag> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect()
    }

    /// Assert the exit code, showing the output when it is wrong.
    #[track_caller]
    pub fn exits(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Run the built binary with `--root <root> --today 2026-11-26` followed by `args`.
/// Every run is checked for a panic: a crash is never an acceptable answer to bad input.
pub fn run(root: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .arg("--root")
        .arg(root)
        .arg("--today")
        .arg(TODAY)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run the scrutiny binary");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && run.code != 101 && out.status.code().is_some(),
        "scrutiny crashed (exit {:?}):\n{}",
        out.status,
        run.stderr
    );
    assert!(
        !run.stderr.contains('\x1b'),
        "no colour when stderr is not a terminal:\n{}",
        run.stderr
    );
    run
}

/// A site in a temporary folder, deleted when dropped.
pub struct Site {
    dir: TempDir,
}

impl Site {
    /// A copy of `tests/fixtures/<name>/`.
    pub fn fixture(name: &str) -> Site {
        let from = example_root().join("tests/fixtures").join(name);
        assert!(from.is_dir(), "no fixture {}", from.display());
        let site = Site::empty();
        copy_dir(&from, site.path());
        site
    }

    /// A site made of `site.yaml` and `files` (path relative to the site root → contents).
    pub fn from_files(site_yaml: &str, files: &[(&str, &str)]) -> Site {
        let site = Site::empty();
        site.write("site.yaml", site_yaml);
        for (path, text) in files {
            site.write(path, text);
        }
        site
    }

    /// A copy of the example site (site.yaml, content/ and themes/ of this repository).
    pub fn example() -> Site {
        let site = Site::empty();
        let root = example_root();
        std::fs::copy(root.join("site.yaml"), site.path().join("site.yaml")).unwrap();
        copy_dir(&root.join("content"), &site.path().join("content"));
        if root.join("themes").is_dir() {
            copy_dir(&root.join("themes"), &site.path().join("themes"));
        }
        site
    }

    fn empty() -> Site {
        Site {
            dir: tempfile::Builder::new()
                .prefix("scrutiny-test-")
                .tempdir()
                .expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Write (or overwrite) a file, creating its folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Site {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Rewrite a file by replacing `from` (which must occur in it) with `to`.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Site {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, text.replacen(from, to, 1))
    }

    pub fn remove(&self, rel: &str) -> &Site {
        let p = self.path().join(rel);
        if p.is_dir() {
            std::fs::remove_dir_all(p).unwrap();
        } else {
            std::fs::remove_file(p).unwrap();
        }
        self
    }

    /// Run the binary on this site.
    pub fn run(&self, args: &[&str]) -> Run {
        run(self.path(), args)
    }

    pub fn check(&self) -> Run {
        self.run(&["check"])
    }
}

/// Copy `tests/fixtures/<name>` into a temporary folder and run the binary on it.
pub fn run_fixture(name: &str, args: &[&str]) -> (Site, Run) {
    let site = Site::fixture(name);
    let run = site.run(args);
    (site, run)
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// The 1-based line of the first line of `text` containing `needle`.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle:?} not found"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One diagnostic as printed:
///
/// ```text
/// error: unknown key `lead_oficers`
///  --> content/r/recommendations/01-x.md:9:1
///   |
/// 9 | lead_oficers: []
///   | ^
///   = help: did you mean `lead_officers`?
/// ```
#[derive(Debug, Clone)]
pub struct Diag {
    pub severity: Severity,
    pub message: String,
    /// `file:line:column`, or just `file` for problems with no position.
    pub location: String,
    /// The line number in the gutter and the source line shown.
    pub source: Option<(usize, String)>,
    /// The caret's column (1-based, in characters of the source line).
    pub caret: Option<usize>,
    /// `= …` notes other than the help, e.g. "first used in …".
    pub notes: Vec<String>,
    pub help: Option<String>,
}

impl Diag {
    /// Assert the location, and that the line shown and the caret agree with it.
    #[track_caller]
    pub fn at(&self, file: &str, line: usize, column: usize) -> &Self {
        assert_eq!(
            self.location,
            format!("{file}:{line}:{column}"),
            "location of {self:#?}"
        );
        if let Some((shown, text)) = &self.source {
            assert_eq!(*shown, line, "gutter line number of {self:#?}");
            let caret = self.caret.expect("a caret under the source line");
            assert_eq!(
                caret,
                column.min(text.chars().count() + 1),
                "caret of {self:#?}"
            );
        }
        self
    }

    /// Assert the offending line shown.
    #[track_caller]
    pub fn shows(&self, line_text: &str) -> &Self {
        let shown = self.source.as_ref().map(|(_, t)| t.as_str());
        assert_eq!(shown, Some(line_text), "source line of {self:#?}");
        self
    }

    /// Assert the help contains `text`.
    #[track_caller]
    pub fn helps(&self, text: &str) -> &Self {
        let help = self
            .help
            .as_deref()
            .unwrap_or_else(|| panic!("no help in {self:#?}"));
        assert!(help.contains(text), "help {help:?} should contain {text:?}");
        self
    }

    /// Assert a `= …` note contains `text`.
    #[track_caller]
    pub fn notes(&self, text: &str) -> &Self {
        assert!(
            self.notes.iter().any(|n| n.contains(text)),
            "no note containing {text:?} in {self:#?}"
        );
        self
    }

    /// The file part of the location.
    pub fn file(&self) -> &str {
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        let mut parts = self.location.rsplitn(3, ':');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(c), Some(l), Some(f)) if digits(c) && digits(l) => f,
            _ => &self.location,
        }
    }
}

/// Read every diagnostic in `stderr` (blocks separated by blank lines).
pub fn parse_diagnostics(stderr: &str) -> Vec<Diag> {
    let mut out = Vec::new();
    for block in stderr.split("\n\n") {
        let mut lines = block.lines().skip_while(|l| l.trim().is_empty());
        let Some(head) = lines.next() else { continue };
        let (severity, message) = if let Some(m) = head.strip_prefix("error: ") {
            (Severity::Error, m)
        } else if let Some(m) = head.strip_prefix("warning: ") {
            (Severity::Warning, m)
        } else {
            continue;
        };
        let mut d = Diag {
            severity,
            message: message.to_string(),
            location: String::new(),
            source: None,
            caret: None,
            notes: Vec::new(),
            help: None,
        };
        for line in lines {
            let t = line.trim_start();
            if let Some(loc) = t.strip_prefix("--> ") {
                d.location = loc.trim().to_string();
            } else if let Some(h) = t.strip_prefix("= help: ") {
                d.help = Some(h.to_string());
            } else if let Some(n) = t.strip_prefix("= ") {
                d.notes.push(n.to_string());
            } else if let Some((num, text)) = t
                .split_once(" | ")
                .filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty())
            {
                d.source = Some((num.parse().unwrap(), text.to_string()));
            } else if let Some(rest) = t.strip_prefix("| ") {
                if let Some(i) = rest.find('^') {
                    d.caret = Some(rest[..i].chars().count() + 1);
                }
            }
        }
        out.push(d);
    }
    out
}

/// Every file under `dir` (relative path with `/` → bytes), for comparing output trees.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// `scrutiny serve` as a child process, a minimal HTTP/1.1 client over a raw `TcpStream` (so
/// nothing normalises `..` or percent escapes) and a Server-Sent Events reader.
pub mod preview {
    use super::TODAY;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::path::Path;
    use std::process::{Child, Command, ExitStatus, Stdio};
    use std::sync::{mpsc, Arc, Mutex};
    use std::time::{Duration, Instant};

    /// How long a server may take to build the site and answer, on a loaded machine.
    pub const STARTUP: Duration = Duration::from_secs(60);

    /// A port that was free a moment ago (bind port 0 and release it).
    pub fn free_port() -> u16 {
        TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("bind 127.0.0.1:0")
            .port()
    }

    /// Call `f` until it returns true or `timeout` passes; whether it ever did.
    pub fn poll(timeout: Duration, f: impl FnMut() -> bool) -> bool {
        poll_every(Duration::from_millis(25), timeout, f)
    }

    /// [`poll`], checking every `interval`.
    pub fn poll_every(interval: Duration, timeout: Duration, mut f: impl FnMut() -> bool) -> bool {
        let end = Instant::now() + timeout;
        loop {
            if f() {
                return true;
            }
            if Instant::now() >= end {
                return false;
            }
            std::thread::sleep(interval);
        }
    }

    /// One HTTP response, body de-chunked.
    #[derive(Debug, Clone)]
    pub struct Response {
        pub status: u16,
        pub headers: Vec<(String, String)>,
        pub body: Vec<u8>,
    }

    impl Response {
        /// The first header called `name` (case-insensitive).
        pub fn header(&self, name: &str) -> Option<&str> {
            self.headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        }

        pub fn text(&self) -> String {
            String::from_utf8_lossy(&self.body).into_owned()
        }
    }

    /// Send `request` verbatim to 127.0.0.1:`port` and read the response to the end (send
    /// `Connection: close`). `Err` when nothing parseable came back.
    pub fn send_raw(port: u16, request: &[u8]) -> Result<Response, String> {
        let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect: {e}"))?;
        s.set_read_timeout(Some(Duration::from_secs(30))).ok();
        s.set_write_timeout(Some(Duration::from_secs(30))).ok();
        s.write_all(request).map_err(|e| format!("write: {e}"))?;
        let mut raw = Vec::new();
        if let Err(e) = s.read_to_end(&mut raw) {
            if raw.is_empty() {
                return Err(format!("read: {e}"));
            }
        }
        parse_response(&raw)
    }

    /// `METHOD path HTTP/1.1` with `Host`, `Connection: close` and `headers`.
    pub fn request(
        port: u16,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
    ) -> Result<Response, String> {
        let mut req =
            format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        send_raw(port, req.as_bytes())
    }

    fn parse_response(raw: &[u8]) -> Result<Response, String> {
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or_else(|| format!("no end of headers in {:?}", String::from_utf8_lossy(raw)))?;
        let head = String::from_utf8_lossy(&raw[..end]).into_owned();
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or("");
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("bad status line {status_line:?}"))?;
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        let mut body = raw[end + 4..].to_vec();
        let chunked = headers.iter().any(|(k, v)| {
            k.eq_ignore_ascii_case("Transfer-Encoding") && v.eq_ignore_ascii_case("chunked")
        });
        if chunked && !body.is_empty() {
            body = dechunk(&body)?;
        }
        Ok(Response {
            status,
            headers,
            body,
        })
    }

    fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        loop {
            let eol = data
                .windows(2)
                .position(|w| w == b"\r\n")
                .ok_or("truncated chunk size")?;
            let size_text = String::from_utf8_lossy(&data[..eol]);
            let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|_| format!("bad chunk size {size_text:?}"))?;
            data = &data[eol + 2..];
            if size == 0 {
                return Ok(out);
            }
            if data.len() < size + 2 {
                return Err("truncated chunk".into());
            }
            out.extend_from_slice(&data[..size]);
            data = &data[size + 2..];
        }
    }

    /// A `scrutiny serve` child process; killed when dropped.
    pub struct Server {
        child: Child,
        /// The port it listens on, and the site's base path (`/scrutiny/`), from the printed URL.
        pub port: u16,
        pub base: String,
        /// The URL it printed.
        pub url: String,
        stdout: Arc<Mutex<String>>,
        stderr: Arc<Mutex<String>>,
    }

    impl Server {
        /// Run `scrutiny --root <root> --today 2026-11-26 serve <args>` without waiting for it.
        pub fn spawn(root: &Path, args: &[&str]) -> Server {
            let mut child = Command::new(env!("CARGO_BIN_EXE_scrutiny"))
                .arg("--root")
                .arg(root)
                .arg("--today")
                .arg(TODAY)
                .arg("serve")
                .args(args)
                .env("NO_COLOR", "1")
                .env_remove("SOURCE_DATE_EPOCH")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start scrutiny serve");
            let stdout = Arc::new(Mutex::new(String::new()));
            let stderr = Arc::new(Mutex::new(String::new()));
            pump(child.stdout.take().unwrap(), stdout.clone());
            pump(child.stderr.take().unwrap(), stderr.clone());
            Server {
                child,
                port: 0,
                base: String::new(),
                url: String::new(),
                stdout,
                stderr,
            }
        }

        /// Start the server and wait until it has printed its URL and answers HTTP.
        pub fn start(root: &Path, args: &[&str]) -> Server {
            let mut server = Server::spawn(root, args);
            server.wait_for_url();
            server.wait_answers();
            server
        }

        /// Wait (checking every 2 ms) until the server has printed `Serving … at <url>`; set
        /// `port`, `base` and `url` from it.
        pub fn wait_for_url(&mut self) {
            let server = self;
            let mut url = None;
            let printed = poll_every(Duration::from_millis(2), STARTUP, || {
                url = server
                    .stdout()
                    .lines()
                    .find(|l| l.starts_with("Serving "))
                    .and_then(|l| l.split(" at ").nth(1))
                    .and_then(|rest| rest.split_whitespace().next())
                    .map(str::to_string);
                url.is_some() || server.exited().is_some()
            });
            let Some(url) = url else {
                panic!(
                    "serve did not print its URL (printed: {printed}, exit: {:?})\n--- stdout\n{}\n--- stderr\n{}",
                    server.exited(),
                    server.stdout(),
                    server.stderr()
                )
            };
            let rest = url
                .strip_prefix("http://")
                .unwrap_or_else(|| panic!("URL {url:?} is not http://"));
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            server.port = authority
                .rsplit(':')
                .next()
                .and_then(|p| p.parse().ok())
                .unwrap_or_else(|| panic!("no port in {url:?}"));
            server.base = if path.is_empty() {
                "/".into()
            } else {
                path.to_string()
            };
            server.url = url;
        }

        /// Wait until the server answers a request for its base path.
        pub fn wait_answers(&self) {
            let answered = poll(STARTUP, || self.try_get(&self.base).is_ok());
            assert!(
                answered,
                "serve printed {} but does not answer\n--- stderr\n{}",
                self.url,
                self.stderr()
            );
        }

        pub fn pid(&self) -> u32 {
            self.child.id()
        }

        pub fn stdout(&self) -> String {
            self.stdout.lock().unwrap().clone()
        }

        pub fn stderr(&self) -> String {
            self.stderr.lock().unwrap().clone()
        }

        /// The exit status, if it has exited.
        pub fn exited(&mut self) -> Option<ExitStatus> {
            self.child.try_wait().ok().flatten()
        }

        /// Wait up to `timeout` for the process to exit, then for its output to be read.
        pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
            let mut status = None;
            poll(timeout, || {
                status = self.exited();
                status.is_some()
            });
            if status.is_some() {
                // Let the pump threads drain the pipes.
                std::thread::sleep(Duration::from_millis(100));
            }
            status
        }

        pub fn try_get(&self, path: &str) -> Result<Response, String> {
            request(self.port, "GET", path, &[])
        }

        /// GET `path`, failing the test when there is no parseable answer.
        #[track_caller]
        pub fn get(&self, path: &str) -> Response {
            self.try_get(path)
                .unwrap_or_else(|e| panic!("GET {path}: {e}\n--- stderr\n{}", self.stderr()))
        }

        /// `base` + `rel`, e.g. `page("static/site.css")`.
        pub fn page(&self, rel: &str) -> String {
            format!("{}{rel}", self.base)
        }

        /// Connect a Server-Sent Events client to `<base>__scrutiny/events` and wait for the
        /// stream to open.
        pub fn events(&self) -> EventStream {
            let stream = EventStream::open(self.port, &self.page("__scrutiny/events"));
            stream
                .wait_line(|l| l.starts_with(':'), Duration::from_secs(30))
                .unwrap_or_else(|seen| {
                    panic!(
                        "the event stream did not open; read {seen:?}\n--- stderr\n{}",
                        self.stderr()
                    )
                });
            stream
        }
    }

    impl Drop for Server {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
            if !std::thread::panicking() {
                let err = self.stderr();
                assert!(!err.contains("panicked"), "scrutiny serve panicked:\n{err}");
            }
        }
    }

    fn pump(mut from: impl Read + Send + 'static, into: Arc<Mutex<String>>) {
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match from.read(&mut buf) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => into
                        .lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buf[..n])),
                }
            }
        });
    }

    /// A raw Server-Sent Events client: each line received arrives on a channel.
    pub struct EventStream {
        lines: mpsc::Receiver<String>,
        stream: TcpStream,
    }

    impl EventStream {
        pub fn open(port: u16, path: &str) -> EventStream {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect for events");
            stream
                .write_all(
                    format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n")
                        .as_bytes(),
                )
                .expect("send the events request");
            let reader = stream.try_clone().expect("clone the events stream");
            let (tx, rx) = mpsc::channel();
            std::thread::spawn(move || {
                for line in BufReader::new(reader).lines() {
                    match line {
                        Ok(l) => {
                            if tx.send(l).is_err() {
                                return;
                            }
                        }
                        Err(_) => return,
                    }
                }
            });
            EventStream { lines: rx, stream }
        }

        /// Read lines until one satisfies `f` (returned), or `Err` with the lines seen.
        pub fn wait_line(
            &self,
            f: impl Fn(&str) -> bool,
            timeout: Duration,
        ) -> Result<String, Vec<String>> {
            let end = Instant::now() + timeout;
            let mut seen = Vec::new();
            loop {
                let left = end.saturating_duration_since(Instant::now());
                match self.lines.recv_timeout(left) {
                    Ok(l) if f(&l) => return Ok(l),
                    Ok(l) => seen.push(l),
                    Err(_) => return Err(seen),
                }
            }
        }

        /// The name of the next event (`reload`, `css`, `goto`) within `timeout`.
        pub fn next_event(&self, timeout: Duration) -> Option<String> {
            self.wait_line(|l| l.starts_with("event:"), timeout)
                .ok()
                .map(|l| l["event:".len()..].trim().to_string())
        }
    }

    impl Drop for EventStream {
        fn drop(&mut self) {
            let _ = self.stream.shutdown(std::net::Shutdown::Both);
        }
    }
}

/// An HTML page with its tags dropped (each replaced by a space); character references are
/// left as they are.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whitespace collapsed to single spaces, none at either end.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The visible text of an HTML page: tags dropped, the common character references decoded,
/// whitespace collapsed.
pub fn page_text(html: &str) -> String {
    collapse(
        &strip_tags(html)
            .replace("&amp;", "&")
            .replace("&#x27;", "'")
            .replace("&quot;", "\""),
    )
}
