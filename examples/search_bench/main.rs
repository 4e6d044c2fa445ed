//! Search index benchmark on a synthetic council site (see docs/search.md).
//!
//! ```text
//! cargo run --release --example search_bench -- [RECOMMENDATIONS] [--out DIR] [--no-node]
//!     [--cards PER_SHARD] [--shard BYTES] [--cap POSTINGS] [--profile]
//! ```
//!
//! Builds the index of a generated site of RECOMMENDATIONS (default 10,000) recommendations of
//! about 300 words, and reports build time, files, and sizes raw and gzipped. Unless `--no-node`,
//! it then runs `harness.mjs` under node: the real `search.js` client with a fetch that reads
//! the built files, reporting bytes, requests and sequential rounds of first queries (cold
//! cache, with filters) and query times for common and rare words.

mod corpus;

use flate2::write::GzEncoder;
use flate2::Compression;
use scrutiny::search::{build_with, Settings};
use scrutiny::urls::Urls;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

fn gz(bytes: &[u8]) -> usize {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    if e.write_all(bytes).is_err() {
        return bytes.len();
    }
    e.finish().map(|v| v.len()).unwrap_or(bytes.len())
}

/// CPU time (user + system) of this process so far, from /proc (Linux); zero elsewhere.
fn cpu_time() -> std::time::Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    // Fields 14 and 15 of stat (utime, stime; field 3 is the first after the name), in clock
    // ticks of 1/100 s.
    let field = |i: usize| {
        f.get(i - 3)
            .and_then(|x| x.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let ticks = field(14) + field(15);
    std::time::Duration::from_millis(ticks * 10)
}

fn kb(n: usize) -> String {
    format!("{:.1} KB", n as f64 / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args
        .first()
        .and_then(|a| a.replace('_', "").parse().ok())
        .unwrap_or(10_000);
    let out: Option<PathBuf> = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let node = !args.iter().any(|a| a == "--no-node");
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<usize>().ok())
    };
    let mut settings = Settings::default();
    settings.cards_per_shard = opt("--cards").unwrap_or(settings.cards_per_shard);
    settings.shard_bytes = opt("--shard").unwrap_or(settings.shard_bytes);
    settings.cap = opt("--cap").unwrap_or(settings.cap);

    let t = Instant::now();
    let site = corpus::site(n, 42);
    println!("corpus: {} recommendations in {} reviews, {:.0} words each, {} people (generated in {:.2?})",
        site.all_recs().count(), site.reviews.len(), corpus::words_per_rec(&site), site.people.len(), t.elapsed());
    let urls = Urls::new(&site.config.base_path, &site.config.base_url);
    if args.iter().any(|a| a == "--profile") {
        profile(&site);
    }

    let mut times = Vec::new();
    let mut built = build_with(&site, &urls, &settings);
    let cpu0 = cpu_time();
    for _ in 0..5 {
        let t = Instant::now();
        built = build_with(&site, &urls, &settings);
        times.push(t.elapsed());
    }
    let cpu = (cpu_time() - cpu0) / 5;
    times.sort();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "index build: wall min {:.0?}, median {:.0?}; CPU {:.0?} per build (5 runs, {} threads, load average {})",
        times[0],
        times[2],
        cpu,
        rayon::current_num_threads(),
        load.split_whitespace().next().unwrap_or("?")
    );

    let s = &built.stats;
    println!(
        "terms: {} ({} capped at {} postings), postings: {} ({:.1} per recommendation)",
        s.terms,
        s.capped_terms,
        settings.cap,
        s.postings,
        s.postings as f64 / s.docs as f64
    );
    let mut by_kind: std::collections::BTreeMap<&str, (usize, usize, usize, usize)> =
        Default::default();
    for (path, bytes) in &built.files {
        let kind = match path.rsplit('/').next().and_then(|f| f.split('-').next()) {
            Some("t") => "term shards",
            Some("c") => "card shards",
            Some("f") => "facets",
            Some("s") => "sort keys",
            Some("n") => "names",
            _ => "manifest",
        };
        let g = gz(bytes);
        let e = by_kind.entry(kind).or_default();
        e.0 += 1;
        e.1 += bytes.len();
        e.2 += g;
        e.3 = e.3.max(g);
    }
    println!(
        "{:<12} {:>6} {:>11} {:>11} {:>12}",
        "kind", "files", "raw", "gzip", "largest gz"
    );
    for (k, (files, raw, g, max)) in &by_kind {
        println!(
            "{:<12} {:>6} {:>11} {:>11} {:>12}",
            k,
            files,
            kb(*raw),
            kb(*g),
            kb(*max)
        );
    }
    let words = by_kind.get("term shards").copied().unwrap_or_default();
    println!(
        "word index: {:.0} B per recommendation gzipped ({:.0} B raw)",
        words.2 as f64 / s.docs as f64,
        words.1 as f64 / s.docs as f64
    );
    let files = built.files.len();
    println!(
        "files: {} for {} recommendations (one per {:.1})",
        files,
        s.docs,
        s.docs as f64 / files as f64
    );

    let dir = match out {
        Some(d) => d,
        None => std::env::temp_dir().join(format!("scrutiny-search-bench-{n}")),
    };
    let _ = std::fs::remove_dir_all(dir.join("search"));
    for (path, bytes) in &built.files {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        if let Err(e) = std::fs::write(&p, bytes) {
            eprintln!("cannot write {}: {e}", p.display());
            return;
        }
    }
    println!("index written to {}", dir.display());
    if node {
        let harness =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/search_bench/harness.mjs");
        match std::process::Command::new("node")
            .arg(harness)
            .arg(&dir)
            .status()
        {
            Ok(st) if st.success() => {}
            Ok(st) => eprintln!("node harness failed: {st}"),
            Err(e) => eprintln!("node not available ({e}): skipping client measurements"),
        }
    }
}

/// Time the phases of the build separately (`--profile`).
fn profile(site: &scrutiny::model::Site) {
    use rayon::prelude::*;
    use scrutiny::search::index;
    let recs: Vec<_> = site.all_recs().map(|(_, r)| r).collect();
    let t = Instant::now();
    let texts: Vec<_> = recs.par_iter().map(|r| index::doc_text(r)).collect();
    println!("  doc_text: {:.0?}", t.elapsed());
    let t = Instant::now();
    let terms = index::invert(&texts, 4096);
    println!("  invert: {:.0?} ({} terms)", t.elapsed(), terms.len());
}
