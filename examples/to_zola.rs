//! Copies a site made by `gen_site` into a Zola site's content folder, for the side-by-side
//! benchmark only (`scripts/bench.sh`). Zola reads the same Markdown, but its front matter is
//! TOML with a fixed set of keys: a recommendation's own fields go under `[extra]`, its status,
//! decision and people become taxonomies (as in `benches/hugo/`), and each review's
//! `_review.md` becomes the section's `_index.md`.
//!
//! Usage: cargo run --release --example to_zola -- <gen_site dir> <zola content dir>

use serde_yaml::Value;
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(from), Some(to)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: to_zola <gen_site dir> <zola content dir>");
        std::process::exit(2);
    };
    if let Err(e) = convert(&Path::new(from).join("content"), Path::new(to)) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn convert(from: &Path, to: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry?;
        let rel = entry.path().strip_prefix(from)?;
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(to.join(rel))?;
            // Sub-folders of a review pass their pages up to the review's section.
            if rel.components().count() == 2 {
                std::fs::write(
                    to.join(rel).join("_index.md"),
                    "+++\ntransparent = true\n+++\n",
                )?;
            }
            continue;
        }
        let text = std::fs::read_to_string(entry.path())?;
        let Some((yaml, body)) = text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---\n"))
        else {
            continue;
        };
        let front: serde_yaml::Mapping = serde_yaml::from_str(yaml)?;
        let (name, section) = match rel.file_name().and_then(|n| n.to_str()) {
            Some("_review.md") => ("_index.md", true),
            Some(n) => (n, false),
            None => continue,
        };
        let out = rel.with_file_name(name);
        std::fs::write(
            to.join(out),
            format!("+++\n{}+++\n{body}", toml(&front, section)),
        )?;
        pages += 1;
    }
    eprintln!("converted {pages} files to {}", to.display());
    Ok(())
}

const TAXONOMIES: &[&str] = &["status", "decision", "lead_officers", "cabinet_members"];

/// The TOML front matter Zola reads for one file.
fn toml(front: &serde_yaml::Mapping, section: bool) -> String {
    let mut out = String::new();
    let title = front.get("title").and_then(Value::as_str).unwrap_or("");
    let _ = writeln!(out, "title = {}", string(title));
    if section {
        let _ = writeln!(out, "sort_by = \"title\"");
    }
    let mut taxonomies = String::new();
    let mut extra = String::new();
    let mut tables = String::new();
    for (k, v) in front {
        let Some(key) = k.as_str() else { continue };
        if key == "title" {
            continue;
        }
        if !section && TAXONOMIES.contains(&key) {
            let terms: Vec<String> = match v {
                Value::Sequence(s) => s.iter().filter_map(Value::as_str).map(string).collect(),
                Value::String(s) => vec![string(s)],
                _ => Vec::new(),
            };
            let _ = writeln!(taxonomies, "{key} = [{}]", terms.join(", "));
        }
        match v {
            Value::Sequence(items) if items.iter().any(Value::is_mapping) => {
                for item in items {
                    let _ = writeln!(tables, "[[extra.{key}]]");
                    if let Value::Mapping(m) = item {
                        for (ik, iv) in m {
                            if let (Some(ik), Some(iv)) = (ik.as_str(), inline(iv)) {
                                let _ = writeln!(tables, "{ik} = {iv}");
                            }
                        }
                    }
                }
            }
            _ => {
                if let Some(value) = inline(v) {
                    let _ = writeln!(extra, "{key} = {value}");
                }
            }
        }
    }
    if !taxonomies.is_empty() {
        let _ = write!(out, "[taxonomies]\n{taxonomies}");
    }
    let _ = write!(out, "[extra]\n{extra}{tables}");
    out
}

/// A value written inline (a string, number, boolean, or an array or table of them).
fn inline(v: &Value) -> Option<String> {
    Some(match v {
        Value::String(s) => string(s),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Sequence(items) => format!(
            "[{}]",
            items
                .iter()
                .filter_map(inline)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Mapping(m) => format!(
            "{{ {} }}",
            m.iter()
                .filter_map(|(k, v)| Some(format!("{} = {}", k.as_str()?, inline(v)?)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => return None,
    })
}

/// A TOML basic string.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
