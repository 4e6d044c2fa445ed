//! The second round of trust problems: what a mistyped flag, a killed build, a hostile
//! `site.yaml` or two files wanting one address could do to a site, each reproduced end to end
//! with the real binary. docs/reliability.md keeps the table of classes.

mod common;

use common::{Site, MINIMAL_RECS};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Every file under `dir` with its bytes (empty when `dir` is missing).
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    if !dir.exists() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The names in `dir` that start with `prefix` (hidden work files a run may leave).
fn names_starting(dir: &Path, prefix: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect()
}

#[test]
fn a_mistyped_output_folder_never_deletes_files() {
    let site = Site::fixture("minimal");
    site.write("notes/thesis.txt", "years of work");
    site.write(
        "themes/mine/templates/base.html",
        "{% block x %}{% endblock %}",
    );
    let before = snapshot(site.path());
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("thesis.txt"), "elsewhere").unwrap();
    let outside_dir = outside.path().to_string_lossy().into_owned();
    for output in [
        "content",
        MINIMAL_RECS,
        "content/town-centre",
        "themes",
        "themes/mine",
        "site.yaml",
        ".",
        "..",
        "notes",
        "notes/thesis.txt",
        outside_dir.as_str(),
    ] {
        let run = site.run(&["build", "--output", output]);
        run.exits(1);
        assert!(
            run.stderr.contains("= help:") && run.stderr.contains("nothing was removed"),
            "--output {output}: the refusal says what to do\n{}",
            run.stderr
        );
        assert_eq!(
            snapshot(site.path()),
            before,
            "--output {output} changed the site"
        );
    }
    assert_eq!(
        std::fs::read_to_string(outside.path().join("thesis.txt")).unwrap(),
        "elsewhere"
    );
    // The refusal names what would have been lost.
    let run = site.run(&["build", "--output", "notes"]);
    assert!(run.stderr.contains("thesis.txt"), "{}", run.stderr);
    // A new folder, an empty one and an earlier output are fine, as is rebuilding.
    site.run(&["build", "--output", "out/site"]).exits(0);
    std::fs::create_dir_all(site.path().join("empty")).unwrap();
    site.run(&["build", "--output", "empty"]).exits(0);
    site.run(&["build"]).exits(0);
    site.run(&["build"]).exits(0);
    assert!(site.path().join("public/.scrutiny-output").is_file());
    assert!(site.path().join("public/index.html").is_file());
}

#[test]
fn an_output_made_before_markers_existed_is_still_replaced() {
    let site = Site::fixture("minimal");
    site.run(&["build"]).exits(0);
    std::fs::remove_file(site.path().join("public/.scrutiny-output")).unwrap();
    site.run(&["build"]).exits(0);
    assert!(site.path().join("public/.scrutiny-output").is_file());
}

/// A reader polling the output during builds always finds a complete folder.
#[test]
fn the_output_never_disappears_while_builds_replace_it() {
    let site = Site::fixture("minimal");
    site.run(&["build"]).exits(0);
    let index = site.path().join("public/index.html");
    let stop = Arc::new(AtomicBool::new(false));
    let (misses, looks) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let reader = {
        let (stop, misses, looks, index) =
            (stop.clone(), misses.clone(), looks.clone(), index.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if !index.is_file() {
                    misses.fetch_add(1, Ordering::Relaxed);
                }
                looks.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    for _ in 0..40 {
        site.run(&["build"]).exits(0);
    }
    stop.store(true, Ordering::Relaxed);
    reader.join().unwrap();
    assert!(looks.load(Ordering::Relaxed) > 1000);
    assert_eq!(
        misses.load(Ordering::Relaxed),
        0,
        "public/ was missing during a build"
    );
    let leftovers = names_starting(site.path(), ".public");
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Builds killed at any moment leave the last good output in place, and the next build
/// removes their work folders.
#[test]
fn killed_builds_leave_the_output_and_their_leftovers_are_removed() {
    let site = Site::fixture("minimal");
    // Enough pages that a build takes a while to write.
    let template = site.read(&format!("{MINIMAL_RECS}/01-street-lighting.md"));
    for n in 100..400 {
        let text = template.replacen("number: 1", &format!("number: {n}"), 1);
        site.write(&format!("{MINIMAL_RECS}/{n}.md"), text);
    }
    site.run(&["build"]).exits(0);
    let good = site.read("public/index.html");
    for delay_ms in [5u64, 20, 40, 80, 120, 160, 200, 300] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_scrutiny"))
            .args(["--root"])
            .arg(site.path())
            .args(["--today", common::TODAY, "build"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(
            site.read("public/index.html"),
            good,
            "killed after {delay_ms} ms"
        );
    }
    site.run(&["build"]).exits(0);
    let leftovers = names_starting(site.path(), ".public");
    assert!(
        leftovers.is_empty(),
        "work folders of killed builds remain: {leftovers:?}"
    );
}

/// Two builds of one output never write it at once: while one holds the output's lock, a
/// second waits, and says so. A held lock is never taken, however old its file looks (the
/// rule it replaces stole any lock older than 60 seconds).
#[test]
fn a_build_waits_for_a_running_build_of_the_same_output_however_old_its_lock() {
    let site = Site::fixture("minimal");
    // This test stands in for a build that has been running for ten years.
    let lock_path = site.path().join(".public.lock");
    let held = std::fs::File::create(&lock_path).unwrap();
    held.try_lock().expect("the lock is free");
    let long_ago = std::time::SystemTime::now() - Duration::from_secs(10 * 365 * 86_400);
    held.set_modified(long_ago).unwrap();

    let stderr_path = site.path().join("build-stderr.txt");
    let mut second = Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .arg("--root")
        .arg(site.path())
        .args(["--today", common::TODAY, "build"])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    let said = || std::fs::read_to_string(&stderr_path).unwrap_or_default();
    let told = common::preview::poll(Duration::from_secs(20), || {
        said().contains("Waiting for another build of public to finish")
    });
    assert!(told, "the second build says it waits: {}", said());
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        second.try_wait().unwrap().is_none(),
        "the second build took a held lock: {}",
        said()
    );
    assert!(!site.path().join("public").exists(), "nothing written yet");
    assert!(lock_path.exists(), "the holder's lock file is left alone");

    drop(held);
    let done = common::preview::poll(Duration::from_secs(60), || {
        second.try_wait().unwrap().is_some()
    });
    assert!(done, "the second build ends once the lock is free");
    assert!(second.wait().unwrap().success(), "{}", said());
    assert!(site.path().join("public/index.html").is_file());
    let left = names_starting(site.path(), ".public");
    assert!(left.is_empty(), "{left:?}");
}

/// Run the binary with an extra environment variable, as CI would hold a secret.
fn run_with_secret(site: &Site, args: &[&str]) -> common::Run {
    let out = Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .arg("--root")
        .arg(site.path())
        .args(["--today", common::TODAY])
        .args(args)
        .env("NO_COLOR", "1")
        .env("DEPLOY_TOKEN", "s3cr3t-deploy-token-value")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_linked_site_yaml_is_never_read_or_printed() {
    for target in ["/proc/self/environ", "/etc/passwd"] {
        let site = Site::fixture("minimal");
        std::fs::remove_file(site.path().join("site.yaml")).unwrap();
        std::os::unix::fs::symlink(target, site.path().join("site.yaml")).unwrap();
        for command in ["check", "build"] {
            let run = run_with_secret(&site, &[command]);
            assert_eq!(
                run.code, 1,
                "{command} with site.yaml → {target}\n{}",
                run.stderr
            );
            let all = format!("{}{}", run.stdout, run.stderr);
            assert!(!all.contains("s3cr3t") && !all.contains("root:"), "{all}");
            assert!(
                all.contains("site.yaml") && all.contains("symbolic link"),
                "{all}"
            );
        }
        assert!(!site.path().join("public").exists());
    }
}

#[test]
fn a_special_file_as_site_yaml_is_refused_without_waiting() {
    let site = Site::fixture("minimal");
    std::fs::remove_file(site.path().join("site.yaml")).unwrap();
    let made = Command::new("mkfifo")
        .arg(site.path().join("site.yaml"))
        .status();
    if !made.map(|s| s.success()).unwrap_or(false) {
        return; // no mkfifo on this system
    }
    let run = site.run(&["check"]);
    run.exits(1);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
}

#[test]
fn theme_files_linked_out_of_the_site_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("base.html"), "SECRET-TEMPLATE {{ x }").unwrap();
    // A template linked to a file outside the site.
    let site = Site::fixture("minimal");
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", site.path().join("templates/base.html")).unwrap();
    let run = run_with_secret(&site, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("templates/base.html") && !run.stderr.contains("root:"));
    // A whole theme folder linked outside.
    let site = Site::fixture("minimal");
    site.edit("site.yaml", "title:", "theme: linked\ntitle:");
    std::fs::create_dir_all(site.path().join("themes")).unwrap();
    std::fs::create_dir_all(outside.path().join("templates")).unwrap();
    std::fs::rename(
        outside.path().join("base.html"),
        outside.path().join("templates/base.html"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path().join("themes/linked")).unwrap();
    let run = run_with_secret(&site, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("themes/linked") && !run.stderr.contains("SECRET-TEMPLATE"),
        "{}",
        run.stderr
    );
    // A template linked to a file inside the site is followed.
    let site = Site::fixture("minimal");
    site.write(
        "shared/tag.html",
        "<strong class=\"tag tag--{{ t.key }}\">LINKED-TAG {{ t.label }}</strong>",
    );
    std::fs::create_dir_all(site.path().join("templates/partials")).unwrap();
    std::os::unix::fs::symlink(
        site.path().join("shared/tag.html"),
        site.path().join("templates/partials/tag.html"),
    )
    .unwrap();
    site.run(&["build"]).exits(0);
    assert!(site
        .read("public/town-centre/recommendations/1/index.html")
        .contains("LINKED-TAG"));
}

#[test]
fn a_diagnostic_quotes_at_most_the_start_of_one_line() {
    let site = Site::fixture("minimal");
    let long = format!("title: [{} TAIL-OF-LINE]]\n", "x".repeat(100_000));
    site.write("site.yaml", long);
    let run = site.check();
    run.exits(1);
    assert!(
        run.stderr.len() < 4_000,
        "{} bytes of diagnostics",
        run.stderr.len()
    );
    assert!(
        run.stderr.contains("site.yaml:1:") && !run.stderr.contains("TAIL-OF-LINE"),
        "{}",
        run.stderr
    );
}

#[test]
fn control_characters_in_names_never_reach_the_terminal() {
    let site = Site::fixture("minimal");
    site.write(
        "content/town-centre/recommendations/\x1b]0;pwned\x07\x1b[2J.md",
        "---\nnumber: [\n---\n",
    );
    let run = site.check();
    run.exits(1);
    assert!(
        !run.stderr.contains('\x1b') && !run.stderr.contains('\x07'),
        "{:?}",
        run.stderr
    );
    assert!(run.stderr.contains("\u{fffd}]0;pwned"), "{}", run.stderr);
}

/// A copy of the `minimal` fixture's review under another folder name.
fn copy_review(site: &Site, to: &str) {
    let from = site.path().join("content/town-centre");
    for entry in walkdir::WalkDir::new(&from)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(&from)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            site.write(
                &format!("content/{to}/{rel}"),
                std::fs::read(entry.path()).unwrap(),
            );
        }
    }
}

#[test]
fn review_folders_that_take_a_site_page_address_are_refused() {
    for name in [
        "recommendations",
        "search",
        "people",
        "updates",
        "accessibility",
        "static",
        "data",
        "Status",
    ] {
        let site = Site::fixture("minimal");
        copy_review(&site, name);
        let run = site.run(&["build"]);
        run.exits(1);
        let folder = format!("content/{name}");
        assert_eq!(
            run.error("is one the site uses for its own pages").file(),
            folder
        );
        assert!(
            !site.path().join("public").exists(),
            "{name}: nothing is published"
        );
    }
}

#[test]
fn two_sources_with_one_address_are_refused_naming_both() {
    let site = Site::fixture("minimal");
    copy_review(&site, "town_centre");
    let run = site.run(&["build"]);
    run.exits(1);
    let e = run.error("gives the same address `town-centre/`");
    assert_eq!(e.file(), "content/town_centre");
    assert!(e.message.contains("content/town-centre"), "{}", e.message);

    let site = Site::fixture("minimal");
    let themes = site.path().join("content/town-centre/themes");
    let first = std::fs::read_dir(&themes)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let stem = first.file_stem().unwrap().to_string_lossy().into_owned();
    let shouting = format!("{} .md", stem.to_uppercase().replace('-', " "));
    site.write(
        &format!("content/town-centre/themes/{shouting}"),
        "---\ntitle: Another theme\n---\n",
    );
    let run = site.run(&["build"]);
    run.exits(1);
    let e = run.error(&format!("gives the same address `themes/{stem}/`"));
    assert!(
        e.file().contains(&shouting) || e.message.contains(&shouting),
        "{e:?}"
    );
}

/// Whatever note `update` accepts, the next `update` works too.
#[test]
fn every_note_update_accepts_allows_the_next_update() {
    let notes = [
        "Launched.\n#MaidstoneSafer",
        "Progress so far.\n\n# Next steps",
        "# Heading only",
        "- a list item\n- another",
        "key: value\n---\n...",
        "  indented start\nplain",
        "ends with a hash #",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "> quoted\n>\n> # quoted heading",
        "trailing spaces   \n\n\n",
        "tab\tinside",
    ];
    let mut accepted = 0;
    for (i, note) in notes.iter().enumerate() {
        let site = Site::fixture("minimal");
        let first = site.run(&[
            "update",
            "town-centre/1",
            "--note",
            note,
            "--date",
            "2026-11-20",
        ]);
        if first.code != 0 {
            continue; // refused up front: nothing to follow
        }
        accepted += 1;
        site.run(&[
            "update",
            "town-centre/1",
            "--note",
            "Next.",
            "--date",
            "2026-11-21",
        ])
        .exits(0);
        site.check().exits(0);
        let text = site.read(&format!("{MINIMAL_RECS}/01-street-lighting.md"));
        let first_line = note.lines().last().unwrap_or("").trim();
        assert!(
            text.find(first_line).unwrap_or(0) < text.find("Next.").unwrap(),
            "note {i}: {text}"
        );
    }
    assert_eq!(accepted, notes.len(), "every note here is a valid note");
}

/// What a killed `update` leaves (its lock file, a temporary file) never blocks the next.
#[test]
fn a_killed_update_never_blocks_the_next_one() {
    let site = Site::fixture("minimal");
    let dir = site.path().join(MINIMAL_RECS);
    std::fs::write(dir.join(".01-street-lighting.md.lock"), "999999999\n").unwrap();
    std::fs::write(
        dir.join(".01-street-lighting.md.999999999.0.tmp"),
        "half a file",
    )
    .unwrap();
    let started = std::time::Instant::now();
    site.run(&[
        "update",
        "town-centre/1",
        "--note",
        "After a crash.",
        "--date",
        "2026-11-20",
    ])
    .exits(0);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "waited for a dead run's lock"
    );
    let left = names_starting(&dir, ".");
    assert!(left.is_empty(), "{left:?}");
}

/// `update` on a recommendation that is a link inside the site updates the file it leads
/// to, and the link stays a link; a link leading out of the site is refused.
#[test]
fn update_writes_through_a_link_and_refuses_one_out_of_the_site() {
    let site = Site::fixture("minimal");
    let rec = site.path().join(MINIMAL_RECS).join("01-street-lighting.md");
    std::fs::create_dir_all(site.path().join("shared")).unwrap();
    std::fs::rename(&rec, site.path().join("shared/lighting.md")).unwrap();
    std::os::unix::fs::symlink("../../../shared/lighting.md", &rec).unwrap();
    site.run(&[
        "update",
        "town-centre/1",
        "--note",
        "Through the link.",
        "--date",
        "2026-11-20",
    ])
    .exits(0);
    assert!(std::fs::symlink_metadata(&rec)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(site
        .read("shared/lighting.md")
        .contains("Through the link."));

    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("lighting.md");
    std::fs::copy(site.path().join("shared/lighting.md"), &target).unwrap();
    std::fs::remove_file(&rec).unwrap();
    std::os::unix::fs::symlink(&target, &rec).unwrap();
    let before = std::fs::read(&target).unwrap();
    let run = site.run(&[
        "update",
        "town-centre/1",
        "--note",
        "Out.",
        "--date",
        "2026-11-21",
    ]);
    run.exits(1);
    assert_eq!(std::fs::read(&target).unwrap(), before);
}

#[test]
fn noncharacters_in_a_title_never_break_a_feed() {
    let site = Site::fixture("minimal");
    site.edit(
        &format!("{MINIMAL_RECS}/01-street-lighting.md"),
        "title: Brighter street lighting",
        "title: \"Brighter \\uFFFE street \\uFFFF lighting\"",
    );
    site.run(&["build"]).exits(0);
    let mut feeds = 0;
    for (path, bytes) in snapshot(&site.path().join("public")) {
        if path.ends_with(".xml") {
            feeds += 1;
            let text = String::from_utf8(bytes).unwrap();
            assert!(!text.contains(['\u{fffe}', '\u{ffff}']), "{path}");
        }
    }
    assert!(feeds >= 3, "{feeds} XML files");
    assert!(site
        .read("public/updates.xml")
        .contains("Brighter  street  lighting"));
}

#[test]
fn direction_overrides_cannot_make_a_title_read_otherwise() {
    let site = Site::fixture("minimal");
    site.edit(
        &format!("{MINIMAL_RECS}/01-street-lighting.md"),
        "title: Brighter street lighting",
        "title: \"Done \\u202Edetelpmoc ton\\u202C ok\"",
    );
    site.run(&["build"]).exits(0);
    for (path, bytes) in snapshot(&site.path().join("public")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(['\u{202e}', '\u{202c}']), "{path}");
    }
    assert!(site
        .read("public/town-centre/recommendations/1/index.html")
        .contains("Done detelpmoc ton ok"));
}

#[test]
fn base_url_with_a_fragment_query_password_or_space_is_refused_at_its_line() {
    for url in [
        "https://example.org/scrutiny/#top",
        "https://example.org/?page=1",
        "https://user:pass@example.org/",
        "https://example.org/my scrutiny/",
    ] {
        let site = Site::fixture("minimal");
        let yaml = site.read("site.yaml");
        let kept: String = yaml
            .lines()
            .filter(|l| !l.starts_with("base_url:"))
            .map(|l| format!("{l}\n"))
            .collect();
        site.write("site.yaml", format!("{kept}base_url: \"{url}\"\n"));
        let run = site.check();
        run.exits(1);
        let line = kept.lines().count() + 1;
        let e = run.error("`base_url` may not contain");
        assert_eq!(e.file(), "site.yaml");
        assert!(
            e.location.starts_with(&format!("site.yaml:{line}:")),
            "{url}: {e:?}"
        );
    }
}

#[test]
fn a_title_that_looks_like_a_guarded_formula_survives_export_and_import() {
    let site = Site::fixture("minimal");
    site.edit(
        &format!("{MINIMAL_RECS}/01-street-lighting.md"),
        "title: Brighter street lighting",
        "title: \"'=1+1\"",
    );
    site.run(&["build"]).exits(0);
    let csv = site.path().join("public/data/town-centre.csv");
    site.run(&[
        "import",
        csv.to_str().unwrap(),
        "--review",
        "round-trip",
        "--title",
        "Round trip",
    ])
    .exits(0);
    let imported = std::fs::read_dir(site.path().join("content/round-trip/recommendations"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .find(|t| t.contains("=1+1"))
        .expect("the recommendation was imported");
    assert!(imported.contains("'=1+1"), "{imported}");
    assert!(!imported.contains("''=1+1"), "{imported}");
}
