#![cfg(unix)]
//! A rebuild writes only the files whose bytes changed: every other file of the previous output
//! is kept as it was (the same file, with its modification time), so a host's sync tool or a
//! cache sees only real changes; files no longer produced are gone.

mod common;

use common::Site;
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// Every file of the output (the marker left out) with its identity: device, inode and
/// modification time.
fn identities(dir: &Path) -> BTreeMap<String, (u64, u64, i64)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != ".scrutiny-output")
        .map(|e| {
            let m = e.metadata().unwrap();
            let rel = e.path().strip_prefix(dir).unwrap();
            let key = rel.to_string_lossy().replace('\\', "/");
            (
                key,
                (m.dev(), m.ino(), m.mtime_nsec() + m.mtime() * 1_000_000_000),
            )
        })
        .collect()
}

#[test]
fn a_rebuild_without_changes_writes_no_file_and_keeps_every_file_as_it_was() {
    let site = Site::fixture("minimal");
    let first = site.run(&["build"]);
    first.exits(0);
    let before = identities(&site.path().join("public"));
    assert!(
        first
            .stdout
            .contains(&format!("{} files written, 0 unchanged", before.len())),
        "{}",
        first.stdout
    );
    let again = site.run(&["build"]);
    again.exits(0);
    assert!(
        again
            .stdout
            .contains(&format!("0 files written, {} unchanged", before.len())),
        "{}",
        again.stdout
    );
    assert_eq!(identities(&site.path().join("public")), before);
}

#[test]
fn an_edit_rewrites_only_the_files_whose_bytes_changed_and_a_removed_page_is_gone() {
    let site = Site::fixture("minimal");
    site.run(&["build"]).exits(0);
    let public = site.path().join("public");
    let before_bytes = common::tree(&public);
    let before = identities(&public);
    site.edit(
        "content/town-centre/recommendations/02-cctv-report.md",
        "title: A report on CCTV coverage",
        "title: A report on CCTV coverage at night",
    );
    site.remove("content/town-centre/recommendations/01-street-lighting.md");
    let r = site.run(&["build"]);
    r.exits(0);
    let after_bytes = common::tree(&public);
    let after = identities(&public);

    let changed: Vec<&String> = after_bytes
        .iter()
        .filter(|(k, v)| before_bytes.get(*k) != Some(v))
        .map(|(k, _)| k)
        .filter(|k| k.as_str() != ".scrutiny-output")
        .collect();
    assert!(!changed.is_empty());
    for (path, id) in &after {
        let same_bytes = !changed.contains(&path);
        assert_eq!(
            before.get(path) == Some(id),
            same_bytes,
            "{path}: kept as it was exactly when its bytes are unchanged"
        );
    }
    let unchanged = after.len() - changed.len();
    assert!(
        r.stdout.contains(&format!(
            "{} files written, {unchanged} unchanged",
            changed.len()
        )),
        "{}\nchanged: {changed:?}",
        r.stdout
    );
    let removed_page = "town-centre/recommendations/1/index.html";
    assert!(before.contains_key(removed_page));
    assert!(
        !after.contains_key(removed_page),
        "a page no longer made is gone"
    );
}
