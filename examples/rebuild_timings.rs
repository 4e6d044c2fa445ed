//! Phase timings of a preview rebuild after a one-file edit (in process, no HTTP).
//!
//! Usage: cargo run --release --example rebuild_timings -- <site dir>
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use scrutiny::pipeline::{Pipeline, Settings};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let site = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let settings = Settings::preview(jiff::civil::date(2026, 11, 26));
    let mut p = Pipeline::new();
    let t = Instant::now();
    let first = p.build(&site, settings);
    println!(
        "first build: {:.1} ms ({} files)",
        t.elapsed().as_secs_f64() * 1000.0,
        first.map(|b| b.output.files.len()).unwrap_or(0)
    );
    let file = walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .find(|p| {
            p.to_string_lossy().contains("/recommendations/")
                && p.extension().is_some_and(|e| e == "md")
        })
        .expect("a recommendation");
    let original = std::fs::read_to_string(&file).expect("read");
    let runs: usize = std::env::var("REBUILDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    for i in 0..runs {
        std::fs::write(
            &file,
            original.replacen("title: ", &format!("title: Edit {i} "), 1),
        )
        .expect("write");
        let t = Instant::now();
        // As the preview does: the watcher names the changed file.
        p.invalidate(&site, std::slice::from_ref(&file));
        match p.build(&site, settings) {
            Ok(b) => {
                println!("rebuild {i}: {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
                for (k, d) in &b.timings {
                    println!("  {k:<22} {:>8.1} ms", d.as_secs_f64() * 1000.0);
                }
            }
            Err(e) => println!("{}", e.render(false)),
        }
    }
    std::fs::write(&file, original).expect("restore");
}
