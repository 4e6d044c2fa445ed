//! Save-to-reload latency of `scrutiny serve`: the time from writing a recommendation file to
//! the Server-Sent Event arriving at a connected client; and save-to-complete, until the
//! feeds, data files and search index of that edit are served too (a request for
//! `sitemap.xml`, which the server answers once they are).
//!
//! Usage: cargo run --release --example serve_latency -- <site dir> [edits] [port]
//! (uses target/release/scrutiny; build it first with `cargo build --release`).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn base_path(site: &Path) -> String {
    let text = std::fs::read_to_string(site.join("site.yaml")).unwrap_or_default();
    let url = text
        .lines()
        .find_map(|l| l.strip_prefix("base_url:"))
        .map(|s| s.trim().trim_matches('"').to_string())
        .unwrap_or_default();
    let rest = url.split("://").nth(1).unwrap_or("");
    let path = rest.find('/').map(|i| &rest[i..]).unwrap_or("/");
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

fn first_recommendation(site: &Path) -> Option<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && p.to_string_lossy().contains("/recommendations/")
        })
        .collect();
    files.sort();
    files.into_iter().next()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(site) = args.get(1).map(PathBuf::from) else {
        eprintln!("usage: serve_latency <site dir> [edits] [port]");
        std::process::exit(2);
    };
    let edits: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20);
    let port: u16 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1311);
    let bin = std::env::var("SCRUTINY_BIN").unwrap_or_else(|_| "target/release/scrutiny".into());
    let base = base_path(&site);
    let Some(file) = first_recommendation(&site) else {
        eprintln!("no recommendation files under {}", site.display());
        std::process::exit(1);
    };
    let original = std::fs::read_to_string(&file).unwrap_or_default();

    let started = Instant::now();
    let child = Command::new(&bin)
        .args([
            "--root",
            &site.to_string_lossy(),
            "--today",
            "2026-11-26",
            "serve",
            "--port",
            &port.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {bin}: {e}"));
    let _server = Server(child);
    // Ready when the home page answers (the first build is done before the server accepts).
    let stream = loop {
        if let Ok(mut probe) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = write!(
                probe,
                "GET {base} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            );
            let mut first = String::new();
            if BufReader::new(probe).read_line(&mut first).is_ok() && first.contains("200") {
                if let Ok(s) = TcpStream::connect(("127.0.0.1", port)) {
                    break s;
                }
            }
        }
        if started.elapsed() > Duration::from_secs(300) {
            eprintln!("server did not start");
            std::process::exit(1);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let first_build = started.elapsed();
    let mut w = stream.try_clone().expect("clone stream");
    let _ = write!(w, "GET {base}__scrutiny/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");
    let (tx, rx) = mpsc::channel::<Instant>();
    std::thread::spawn(move || {
        let reader = BufReader::new(stream);
        for line in reader.lines() {
            let Ok(line) = line else { return };
            if line.starts_with("event:") && tx.send(Instant::now()).is_err() {
                return;
            }
        }
    });
    std::thread::sleep(Duration::from_millis(300));

    // The time until the whole site of the edit is served: a request for a file made after
    // the pages (the sitemap) is answered once it is.
    let complete = |t: Instant| -> f64 {
        if let Ok(mut probe) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = write!(
                probe,
                "GET {base}sitemap.xml HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            );
            let mut first = String::new();
            let _ = BufReader::new(probe).read_line(&mut first);
        }
        t.elapsed().as_secs_f64() * 1000.0
    };
    let mut samples = Vec::new();
    let mut completes = Vec::new();
    for i in 0..edits {
        let edited = original.replacen("title: ", &format!("title: Edit {i} "), 1);
        while rx.try_recv().is_ok() {}
        let t = Instant::now();
        std::fs::write(&file, &edited).expect("write");
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(arrived) => {
                samples.push(arrived.duration_since(t).as_secs_f64() * 1000.0);
                completes.push(complete(t));
            }
            Err(_) => eprintln!("edit {i}: no event within 30 s"),
        }
        // An editor pauses between saves; the next edit starts on a quiet server.
        std::thread::sleep(Duration::from_millis(250));
    }
    let _ = std::fs::write(&file, &original);
    samples.sort_by(|a, b| a.total_cmp(b));
    if samples.is_empty() {
        eprintln!("no samples");
        std::process::exit(1);
    }
    completes.sort_by(|a, b| a.total_cmp(b));
    let median = samples[samples.len() / 2];
    let p90 = samples[(samples.len() * 9 / 10).min(samples.len() - 1)];
    println!(
        "{}: first build + listen {:.0} ms; save-to-event over {} edits: median {:.1} ms, p90 {:.1} ms, min {:.1} ms, max {:.1} ms; save-to-complete median {:.1} ms",
        site.display(),
        first_build.as_secs_f64() * 1000.0,
        samples.len(),
        median,
        p90,
        samples[0],
        samples[samples.len() - 1],
        completes.get(completes.len() / 2).copied().unwrap_or(f64::NAN)
    );
}
