//! The preview's incremental rebuild must give exactly what a fresh build gives.

use scrutiny::pipeline::{Pipeline, Settings};
use scrutiny::render::pages::PAGE_SIZE;
use std::collections::BTreeMap;
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

fn settings() -> Settings {
    Settings::preview(jiff::civil::date(2026, 11, 26))
}

fn fresh(root: &Path) -> BTreeMap<String, scrutiny::output::Bytes> {
    Pipeline::new()
        .build(root, settings())
        .map_err(|e| e.render(false))
        .unwrap()
        .output
        .files
}

fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    copy_dir(&root.join("content"), &dir.path().join("content"));
    dir
}

fn assert_same(
    incremental: &BTreeMap<String, scrutiny::output::Bytes>,
    full: &BTreeMap<String, scrutiny::output::Bytes>,
) {
    let a: Vec<&String> = incremental.keys().collect();
    let b: Vec<&String> = full.keys().collect();
    assert_eq!(a, b, "the same files");
    for (k, v) in full {
        assert!(
            incremental[k] == *v,
            "{k} differs between the incremental and the fresh build"
        );
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn incremental_rebuilds_match_fresh_builds_after_every_kind_of_edit() {
    let dir = example_copy();
    let root = dir.path();
    let recs = root.join("content/safety-in-the-town-centre/recommendations");
    let mut p = Pipeline::new();
    p.build(root, settings()).unwrap();

    // A title (its page, its neighbours' previous/next links, lists, data, search).
    edit(
        &recs.join("04-borough-insight-magazine.md"),
        "title: ",
        "title: Renamed ",
    );
    let inc = p.build(root, settings()).unwrap().output.files;
    assert!(String::from_utf8_lossy(
        &inc["safety-in-the-town-centre/recommendations/4/index.html"]
    )
    .contains("Renamed"));
    assert!(String::from_utf8_lossy(
        &inc["safety-in-the-town-centre/recommendations/5/index.html"]
    )
    .contains("Renamed"));
    assert_same(&inc, &fresh(root));

    // A status change with an update (counts, status pages, feeds, person pages).
    edit(
        &recs.join("04-borough-insight-magazine.md"),
        "status: in-progress",
        "status: completed\nupdates:\n  - date: 2023-10-20\n    status: completed\n    note: Published in the October edition.",
    );
    let inc = p.build(root, settings()).unwrap().output.files;
    assert_same(&inc, &fresh(root));

    // A new person.
    edit(
        &recs.join("06-train-ticket-checks.md"),
        "lead_officers: []",
        "lead_officers: [Head of Transport Policing]",
    );
    let inc = p.build(root, settings()).unwrap().output.files;
    assert!(inc
        .keys()
        .any(|k| k.starts_with("people/head-of-transport-policing/")));
    assert_same(&inc, &fresh(root));

    // A theme's outcome and the review's introduction.
    edit(
        &root.join("content/safety-in-the-town-centre/themes/future-actions.md"),
        "outcome: ",
        "outcome: Revised. ",
    );
    edit(
        &root.join("content/safety-in-the-town-centre/_review.md"),
        "---\n",
        "---\n",
    );
    let inc = p.build(root, settings()).unwrap().output.files;
    assert_same(&inc, &fresh(root));

    // The review's source documents alone: its page lists them.
    edit(
        &root.join("content/safety-in-the-town-centre/_review.md"),
        "---\n",
        "---\nsources:\n  - title: Committee minutes\n    url: https://example.org/minutes.pdf\n",
    );
    let inc = p.build(root, settings()).unwrap().output.files;
    assert!(
        String::from_utf8_lossy(&inc["safety-in-the-town-centre/index.html"])
            .contains("Committee minutes")
    );
    assert_same(&inc, &fresh(root));

    // A deleted recommendation.
    std::fs::remove_file(recs.join("15-post-review-rapporteur.md")).unwrap();
    let inc = p.build(root, settings()).unwrap().output.files;
    assert!(!inc.contains_key("safety-in-the-town-centre/recommendations/15/index.html"));
    assert_same(&inc, &fresh(root));

    // Site configuration.
    edit(&root.join("site.yaml"), "title: ", "title: Renamed ");
    let inc = p.build(root, settings()).unwrap().output.files;
    assert_same(&inc, &fresh(root));

    // A template of the cells every card row shares (rendered once per recommendation and
    // kept between rebuilds): every list shows the new cells.
    let partials = root.join("templates/partials");
    std::fs::create_dir_all(&partials).unwrap();
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/partials");
    let cells = std::fs::read_to_string(theme.join("card_cells.html")).unwrap();
    let marked = cells.replacen(
        "<td data-label=\"Decision\">",
        "<td data-label=\"Decision\">Edited ",
        1,
    );
    assert_ne!(cells, marked);
    std::fs::write(partials.join("card_cells.html"), marked).unwrap();
    let inc = p.build(root, settings()).unwrap().output.files;
    let review = String::from_utf8_lossy(&inc["safety-in-the-town-centre/index.html"]).into_owned();
    assert_eq!(
        review.matches("Edited ").count(),
        14,
        "every row of the review's table"
    );
    let person = inc
        .iter()
        .find(|(k, _)| k.starts_with("people/head-of-transport-policing/"))
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .unwrap();
    assert!(person.contains("Edited "));
    assert_same(&inc, &fresh(root));
}

#[test]
fn a_failed_rebuild_does_not_poison_the_next_one() {
    let dir = example_copy();
    let root = dir.path();
    let rec = root
        .join("content/safety-in-the-town-centre/recommendations/01-kent-police-press-office.md");
    let mut p = Pipeline::new();
    p.build(root, settings()).unwrap();
    edit(&rec, "status: ongoing", "status: bogus");
    assert!(p.build(root, settings()).is_err());
    edit(&rec, "status: bogus", "status: completed");
    let inc = p.build(root, settings()).unwrap().output.files;
    assert_same(&inc, &fresh(root));
}

/// A site large enough for every site-wide list to run over several pages.
fn generated_site(recs_per_review: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("site.yaml"),
        "title: Test tracker\norganisation: Test Council\nbase_url: https://example.org/\ncontact: { email: scrutiny@example.org }\n",
    )
    .unwrap();
    let statuses = ["not-started", "in-progress", "completed", "ongoing"];
    let decisions = ["accepted", "partially-accepted", "awaiting-response"];
    for review in ["alpha", "beta"] {
        let dir = root.join("content").join(review);
        std::fs::create_dir_all(dir.join("recommendations")).unwrap();
        std::fs::create_dir_all(dir.join("themes")).unwrap();
        std::fs::write(
            dir.join("_review.md"),
            format!(
                "---\ntitle: Review {review}\ncommittee: Scrutiny\ndate: 2023-04\n---\nIntro.\n"
            ),
        )
        .unwrap();
        for t in ["one", "two"] {
            std::fs::write(
                dir.join("themes").join(format!("{t}.md")),
                format!("---\ntitle: Theme {t}\noutcome: Better {t}.\n---\n"),
            )
            .unwrap();
        }
        for i in 1..=recs_per_review {
            let updates = if i % 3 == 0 {
                format!(
                    "updates:\n  - date: 2024-{:02}-10\n    note: Progress {i}.\n",
                    1 + i % 12
                )
            } else {
                String::new()
            };
            std::fs::write(
                dir.join("recommendations").join(format!("{i:03}.md")),
                format!(
                    "---\nnumber: {i}\ntitle: Recommendation {review} {i}\nrecommendation: Do thing {i}.\ntheme: {}\nlead_officers: [Officer {}]\ncabinet_members: [Member {}]\ndecision: {}\nstatus: {}\ndue: 2024-{:02}\n{updates}---\nResponse {i}.\n",
                    if i % 2 == 0 { "one" } else { "two" },
                    i % 4,
                    i % 3,
                    decisions[i % decisions.len()],
                    statuses[i % statuses.len()],
                    1 + i % 12,
                ),
            )
            .unwrap();
        }
    }
    dir
}

/// The preview's way: the watcher names what changed, then the pipeline rebuilds.
fn rebuild(
    p: &mut Pipeline,
    root: &Path,
    changed: &[&Path],
) -> BTreeMap<String, scrutiny::output::Bytes> {
    let changed: Vec<std::path::PathBuf> = changed.iter().map(|c| c.to_path_buf()).collect();
    p.invalidate(root, &changed);
    p.build(root, settings())
        .map_err(|e| e.render(false))
        .unwrap()
        .output
        .files
}

#[test]
fn incremental_rebuilds_of_paginated_lists_match_fresh_builds() {
    // In progress: a quarter of each review's recommendations, more than a page.
    let dir = generated_site(2 * PAGE_SIZE + 80);
    let root = dir.path();
    let recs = root.join("content/alpha/recommendations");
    let mut p = Pipeline::new();
    let first = p.build(root, settings()).unwrap().output.files;
    assert!(
        first.contains_key("status/in-progress/page/2/index.html"),
        "lists run over several pages"
    );

    let edits: Vec<(&str, &str, &str)> = vec![
        // The card only (title): every list page showing it, not the others.
        ("007.md", "title: ", "title: Renamed "),
        // The status: counts on every page of two status lists, the slices shift.
        ("010.md", "status: completed", "status: in-progress"),
        // Overdue and awaiting lists, decision counts.
        (
            "011.md",
            "decision: awaiting-response",
            "decision: accepted",
        ),
        // A person: the people index and two person pages.
        (
            "012.md",
            "lead_officers: [Officer 0]",
            "lead_officers: [Officer 9]",
        ),
        // An update: the updates pages shift by one.
        (
            "013.md",
            "status: in-progress\n",
            "status: in-progress\nupdates:\n  - date: 2026-01-05\n    note: Newest.\n",
        ),
    ];
    for (file, from, to) in edits {
        let path = recs.join(file);
        edit(&path, from, to);
        let inc = rebuild(&mut p, root, &[&path]);
        assert_same(&inc, &fresh(root));
    }

    // A new file and a deleted one: the watcher names paths the last walk did not see.
    let new = recs.join("999.md");
    std::fs::copy(recs.join("001.md"), &new).unwrap();
    edit(&new, "number: 1\n", "number: 999\n");
    let inc = rebuild(&mut p, root, &[&new]);
    assert!(inc.contains_key("alpha/recommendations/999/index.html"));
    assert_same(&inc, &fresh(root));
    std::fs::remove_file(recs.join("002.md")).unwrap();
    let inc = rebuild(&mut p, root, &[&recs.join("002.md")]);
    assert!(!inc.contains_key("alpha/recommendations/2/index.html"));
    assert_same(&inc, &fresh(root));
}

/// A list of hundreds of pages must not put a link to every page on every page: that made
/// each page of a 50,000-recommendation list 200 KB and the whole list quadratic.
#[test]
fn long_lists_show_a_short_pager_on_every_page() {
    // Completed: a quarter of each review's, ten pages or more.
    let site = generated_site(20 * PAGE_SIZE);
    let files = fresh(site.path());
    let page = |n: usize| -> String {
        let path = if n == 1 {
            "status/completed/index.html".to_string()
        } else {
            format!("status/completed/page/{n}/index.html")
        };
        String::from_utf8(
            files
                .get(&path)
                .unwrap_or_else(|| panic!("{path}"))
                .to_vec(),
        )
        .unwrap()
    };
    let total = (1..)
        .take_while(|n| {
            *n == 1 || files.contains_key(&format!("status/completed/page/{n}/index.html"))
        })
        .count();
    assert!(total >= 9, "the test needs a long list, got {total} pages");
    let pager = |html: &str| -> String {
        let start = html.find("<nav class=\"pagination\"").expect("a pager");
        let end = start + html[start..].find("</nav>").unwrap();
        html[start..end].to_string()
    };
    // Page 6 of 10 or more: 1 … 4 5 [6] 7 8 … (the last page).
    let sixth = pager(&page(6));
    for shown in [4, 5, 7, 8, total] {
        let href = format!("/status/completed/page/{shown}/\"");
        assert!(sixth.contains(&href), "page {shown} in {sixth}");
    }
    assert!(
        sixth.contains("href=\"/status/completed/\""),
        "page 1 in {sixth}"
    );
    assert!(sixth.contains("aria-current=\"page\"><span class=\"visually-hidden\">Page </span>6<"));
    for hidden in [2, 3] {
        let href = format!("/status/completed/page/{hidden}/\"");
        assert!(!sixth.contains(&href), "page {hidden} in {sixth}");
    }
    assert!(sixth.contains("…"));
    for n in 1..=total {
        let links = pager(&page(n)).matches("<li>").count();
        assert!(links <= 11, "page {n} of {total} has {links} pager items");
    }
}

/// A one-off build makes the search index before its pages, rendering each recommendation's
/// Markdown as the index reads it and caching only the start of its plain text; the preview
/// makes it after its pages from the whole cached texts. Both must give the same index (and
/// the build must not lose the words beyond the cut).
#[test]
fn a_build_and_the_preview_make_the_same_search_index() {
    let site = example_copy();
    let today = jiff::civil::date(2026, 11, 26);
    let search_files = |settings: Settings| -> BTreeMap<String, scrutiny::output::Bytes> {
        let files = Pipeline::new()
            .build(site.path(), settings)
            .map_err(|e| e.render(false))
            .unwrap()
            .output
            .files;
        files
            .into_iter()
            // The index's files (the search page itself links the assets, hashed in a build).
            .filter(|(path, _)| path.starts_with("search/") && !path.ends_with(".html"))
            .collect()
    };
    let built = search_files(Settings::publish(today));
    let previewed = search_files(Settings {
        drafts: false,
        ..Settings::preview(today)
    });
    assert!(
        built.len() > 3,
        "the index has shard files: {:?}",
        built.keys()
    );
    assert_same(&built, &previewed);
}

/// `build` and `check` load and validate one review folder at a time and drop its parsed
/// files as they go; the preview loads everything and keeps it. On a site with errors and
/// warnings of every kind, both ways must make the same site and report the same problems.
#[test]
fn review_by_review_loading_makes_the_same_site_and_problems_as_loading_everything() {
    use scrutiny::load;
    use scrutiny::validate::{self, Options};
    let dir = generated_site(12);
    let root = dir.path();
    let recs = root.join("content/alpha/recommendations");
    // A broken front matter, a duplicate number, an unknown theme, a missing lead officer.
    std::fs::write(
        recs.join("020.md"),
        "---\nnumber: 20\ntitle: [unclosed\n---\n",
    )
    .unwrap();
    std::fs::write(
        recs.join("021.md"),
        "---\nnumber: 3\ntitle: Again\nrecommendation: Do it.\n---\n",
    )
    .unwrap();
    edit(&recs.join("004.md"), "theme: one", "theme: nine");
    edit(&recs.join("005.md"), "lead_officers: [Officer 1]\n", "");
    // A folder without _review.md, and a file that belongs to no review.
    std::fs::create_dir_all(root.join("content/gamma/recommendations")).unwrap();
    std::fs::write(
        root.join("content/gamma/recommendations/001.md"),
        "---\nnumber: 1\ntitle: Orphan\nrecommendation: Do.\n---\n",
    )
    .unwrap();
    std::fs::write(root.join("content/stray.md"), "---\ntitle: x\n---\n").unwrap();
    let today = jiff::civil::date(2026, 11, 26);

    let (one_by_one, streamed) = scrutiny::pipeline::check(root, today);
    let (loaded, mut all_at_once) = load::load(root, &mut load::Cache::none());
    let (site, more) = validate::validate(
        &loaded,
        &Options {
            today,
            include_drafts: true,
            warnings: true,
        },
    );
    all_at_once.extend(more);
    all_at_once.sort();

    let report = streamed.render(false);
    for expected in [
        "invalid YAML",
        "duplicate number `3`",
        "nine",
        "no _review.md",
        "not part of any review",
    ] {
        assert!(
            report.contains(expected),
            "{expected} missing from:\n{report}"
        );
    }
    assert!(streamed.warning_count() > 0);
    assert_eq!(report, all_at_once.render(false));
    assert_eq!(one_by_one, site);
    assert_eq!(one_by_one.reviews.len(), 3, "alpha, beta and gamma");
}
