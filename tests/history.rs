//! The public change record (`history: git`): a git repository made from a fixture site, with
//! edits committed on known dates, built and checked. The page's change list, the review's
//! Recent changes page, its feed, the open data and `check`'s warnings are compared exactly.

mod common;

use common::{page_text, Severity, Site};
use scrutiny::pipeline::{Pipeline, Settings};
use std::path::Path;
use std::process::Command;

const SITE: &str = "\
title: History test
organisation: Test Borough Council
base_url: https://example.org/scrutiny/
language: en-GB
contact:
  email: scrutiny@example.org
history: git
";

const RECS: &str = "content/town/recommendations";

const REVIEW: &str = "---\ntitle: Town Centre\ncommittee: Overview and Scrutiny Committee\ndate: 2024-11\n---\nThe review.\n";

/// The fixture site with the review and these recommendation files (name, text), as a new
/// git repository with its first commit on 10 January 2025 (returned: its short id).
fn town(recs: &[(&str, String)]) -> (Site, String) {
    let mut files: Vec<(String, String)> = vec![("content/town/_review.md".into(), REVIEW.into())];
    files.extend(
        recs.iter()
            .map(|(name, text)| (format!("{RECS}/{name}"), text.clone())),
    );
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = Site::from_files(SITE, &refs);
    git(site.path(), "2025-01-10", &["init", "-q"]);
    let first = commit(&site, "2025-01-10", "The action plan as agreed");
    (site, first)
}

fn rec(number: u32, title: &str, extra: &str, body: &str) -> String {
    format!(
        "---\nnumber: {number}\ntitle: {title}\nrecommendation: |\n  That the Council acts on {title}.\n\
         cabinet_members:\n  - Cabinet Member for Place\nlead_officers:\n  - Head of Place\n\
         financial_impact: None\ndecision: accepted\n{extra}---\n{body}\n"
    )
}

/// Run git in `dir` with a fixed identity and date, and no user or system configuration.
fn git(dir: &Path, date: &str, args: &[&str]) -> String {
    let stamp = format!("{date}T10:00:00+01:00");
    let out = Command::new("git")
        .args(["-c", "init.defaultBranch=main", "-c", "core.autocrlf=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Democratic Services")
        .env("GIT_AUTHOR_EMAIL", "ds@example.org")
        .env("GIT_COMMITTER_NAME", "Democratic Services")
        .env("GIT_COMMITTER_EMAIL", "ds@example.org")
        .env("GIT_AUTHOR_DATE", &stamp)
        .env("GIT_COMMITTER_DATE", &stamp)
        .output()
        .expect("git is installed (the tests make repositories with it)");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn commit(site: &Site, date: &str, message: &str) -> String {
    git(site.path(), date, &["add", "-A"]);
    git(site.path(), date, &["commit", "-q", "-m", message]);
    git(site.path(), date, &["rev-parse", "--short=7", "HEAD"])
}

/// The fixture's history: four commits, each edit of the list in one of them.
struct Repo {
    site: Site,
    /// Short ids of the four commits, oldest first.
    ids: [String; 4],
}

fn repository() -> Repo {
    let site = Site::from_files(
        SITE,
        &[
            ("content/town/_review.md", REVIEW),
            (
                &format!("{RECS}/01-lighting.md"),
                &rec(1, "Lighting", "status: in-progress\ndue: 2025-03\n", "The lights will be surveyed."),
            ),
            (
                &format!("{RECS}/02-cctv.md"),
                &rec(2, "CCTV", "status: completed\ndue: 2025-02\n", "The cameras were replaced."),
            ),
            (
                &format!("{RECS}/03-parking.md"),
                &rec(3, "Parking", "status: in-progress\ndue: 2025-12\n", "The car park survey will be ready in May."),
            ),
            (
                &format!("{RECS}/04-markets.md"),
                &rec(4, "Markets", "status: in-progress\ndue: 2025-12\nupdates:\n  - date: 2025-01-05\n    note: Stalls surveyed.\n", "The market will be reviewed."),
            ),
            (
                &format!("{RECS}/05-signs.md"),
                &rec(5, "Signs", "status: in-progress\ndue: 2025-12\n", "New signs are planned."),
            ),
            (
                &format!("{RECS}/06-benches.md"),
                &rec(6, "Benches", "status: not-started\ndue: 2025-12\n", "Benches will be added."),
            ),
        ],
    );
    git(site.path(), "2025-01-10", &["init", "-q"]);
    let c1 = commit(&site, "2025-01-10", "The action plan as agreed");
    // The target date moved later and the status moved back, with no update saying why.
    site.edit(
        &format!("{RECS}/01-lighting.md"),
        "due: 2025-03",
        "due: 2025-09",
    );
    site.edit(
        &format!("{RECS}/02-cctv.md"),
        "status: completed",
        "status: in-progress",
    );
    let c2 = commit(&site, "2025-02-12", "Dates and statuses");
    // A response rewritten (in a file renamed in the same commit); only an update added; only
    // a comment and white space changed.
    let parking = site.read(&format!("{RECS}/03-parking.md"));
    site.remove(&format!("{RECS}/03-parking.md"));
    site.write(
        &format!("{RECS}/03-car-parks.md"),
        parking.replace("ready in May.", "ready in June, after the consultation."),
    );
    site.edit(
        &format!("{RECS}/04-markets.md"),
        "    note: Stalls surveyed.\n",
        "    note: Stalls surveyed.\n  - date: 2025-03-14\n    note: Traders consulted.\n",
    );
    site.edit(
        &format!("{RECS}/05-signs.md"),
        "status: in-progress\n",
        "# checked at the March meeting\nstatus:   in-progress\n",
    );
    site.edit(
        &format!("{RECS}/05-signs.md"),
        "New signs are planned.",
        "New signs are planned.  \n\n",
    );
    let c3 = commit(&site, "2025-03-14", "March updates");
    // A recommendation removed; a published update edited.
    site.remove(&format!("{RECS}/06-benches.md"));
    site.edit(
        &format!("{RECS}/04-markets.md"),
        "note: Stalls surveyed.",
        "note: All stalls surveyed.",
    );
    let c4 = commit(&site, "2025-04-15", "April corrections");
    Repo {
        site,
        ids: [c1, c2, c3, c4],
    }
}

/// The change list of a recommendation page as text: one line per change.
fn changes_on(page: &str) -> Vec<String> {
    let Some(start) = page.find("<h2 id=\"changes\">") else {
        return Vec::new();
    };
    let section = &page[start..];
    let end = section
        .find("<h2>Follow and reuse")
        .unwrap_or(section.len());
    let end = section[..end].rfind("</ol>").unwrap_or(end);
    section[..end]
        .split("<li class=\"changes__item\" id=\"change-")
        .skip(1)
        .map(|item| {
            // Each change's id is its commit (where the Recent changes page links).
            let (id, item) = item.split_once("\">").unwrap_or(("", item));
            let named = match id {
                "uncommitted" => item.contains("Not yet committed"),
                commit => item.contains(&format!("<code>{commit}</code>")),
            };
            assert!(named, "change id {id:?} is not its commit: {item}");
            let item = item
                .split("<details class=\"diff\">")
                .next()
                .unwrap_or(item);
            page_text(item)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn the_record_of_each_recommendation_lists_its_published_edits_and_nothing_else() {
    let repo = repository();
    let site = &repo.site;
    let [c1, c2, c3, c4] = &repo.ids;
    site.run(&["build"]).exits(0);
    let page = |n: u32| site.read(&format!("public/town/recommendations/{n}/index.html"));
    assert_eq!(
        changes_on(&page(1)),
        [
            format!("12 February 2025 commit {c2} Target date changed from March 2025 to September 2025"),
            format!("10 January 2025 commit {c1} Published on this site"),
        ]
    );
    assert_eq!(
        changes_on(&page(2)),
        [
            format!("12 February 2025 commit {c2} Status changed from Completed to In progress"),
            format!("10 January 2025 commit {c1} Published on this site"),
        ]
    );
    // The response rewritten in a renamed file: the record followed the recommendation.
    assert_eq!(
        changes_on(&page(3)),
        [
            format!("14 March 2025 commit {c3} Officer response edited"),
            format!("10 January 2025 commit {c1} Published on this site"),
        ]
    );
    let diff = page(3);
    assert!(
        diff.contains("<del><span class=\"visually-hidden\">[removed: </span>May.<span class=\"visually-hidden\">]</span></del><ins><span class=\"visually-hidden\">[added: </span>June, after the consultation.<span class=\"visually-hidden\">]</span></ins>"),
        "the difference marks removed and added words in text as well as style"
    );
    // Only an update added (c3) is not an edit; the published update edited later is.
    assert_eq!(
        changes_on(&page(4)),
        [
            format!("15 April 2025 commit {c4} Update of 5 January 2025 edited"),
            format!("10 January 2025 commit {c1} Published on this site"),
        ]
    );
    // Only a comment and white space changed: nothing to list.
    assert_eq!(
        changes_on(&page(5)),
        [format!(
            "10 January 2025 commit {c1} Published on this site"
        )]
    );
    // The review's page of recent changes, removed recommendation included, newest first.
    let recent = page_text(&site.read("public/town/changes/index.html"));
    let recent = recent.split_whitespace().collect::<Vec<_>>().join(" ");
    // One entry per commit, newest first, naming each record it changed.
    for line in [
        format!("15 April 2025 commit {c4} Recommendation 4: Markets Update of 5 January 2025 edited Recommendation 6: Benches (no longer on this site) Removed from this site 14 March 2025"),
        format!("14 March 2025 commit {c3} Recommendation 3: Parking Officer response edited ( see the difference on the page of recommendation 3 )"),
        format!("12 February 2025 commit {c2} Recommendation 1: Lighting Target date changed from March 2025 to September 2025 Recommendation 2: CCTV Status changed from Completed to In progress 10 January 2025"),
        format!("10 January 2025 commit {c1} Recommendation 1: Lighting Published on this site Recommendation 2: CCTV Published on this site"),
    ] {
        assert!(recent.contains(&line), "Recent changes lacks {line:?}:\n{recent}");
    }
    // The list links to the difference on the record's page rather than repeat it.
    let raw = site.read("public/town/changes/index.html");
    let rec3 = site.read("public/town/recommendations/3/index.html");
    assert!(
        raw.contains(&format!(
            "/recommendations/3/#change-{c3}\">see the difference"
        )),
        "{raw}"
    );
    assert!(!raw.contains("<details class=\"diff\">"));
    assert!(rec3.contains(&format!("id=\"change-{c3}\"")));
    assert!(rec3.contains("<details class=\"diff\">"));
    let dashboard = site.read("public/town/index.html");
    assert!(dashboard.contains("<a href=\"/scrutiny/town/changes/\">Recent changes</a>"));
}

#[test]
fn the_feed_and_the_open_data_carry_the_same_changes() {
    let repo = repository();
    let site = &repo.site;
    let [c1, c2, c3, c4] = &repo.ids;
    site.run(&["build"]).exits(0);
    let feed = site.read("public/town/changes/feed.xml");
    let titles: Vec<&str> = feed
        .split("<title>")
        .skip(2)
        .map(|t| t.split("</title>").next().unwrap())
        .collect();
    let mut expected = vec![
        "Recommendation 4: Markets (changed 15 April 2025)",
        "Recommendation 6: Benches (changed 15 April 2025)",
        "Recommendation 3: Parking (changed 14 March 2025)",
        "Recommendation 1: Lighting (changed 12 February 2025)",
        "Recommendation 2: CCTV (changed 12 February 2025)",
    ];
    let published = [
        "Recommendation 1: Lighting (changed 10 January 2025)",
        "Recommendation 2: CCTV (changed 10 January 2025)",
        "Recommendation 3: Parking (changed 10 January 2025)",
        "Recommendation 4: Markets (changed 10 January 2025)",
        "Recommendation 5: Signs (changed 10 January 2025)",
        "Recommendation 6: Benches (changed 10 January 2025)",
    ];
    expected.extend(published);
    assert_eq!(titles, expected);
    assert!(feed.contains("<updated>2025-04-15T00:00:00Z</updated>"));
    assert!(feed.contains(&format!(
        "<id>https://example.org/scrutiny/town/recommendations/1/#change-{c2}</id>"
    )));
    assert!(feed.contains(
        "<content type=\"html\">&lt;ul&gt;&lt;li&gt;Target date changed from March 2025 to September 2025&lt;/li&gt;&lt;/ul&gt;</content>"
    ));

    let data: serde_json::Value =
        serde_json::from_str(&site.read("public/data/changes/town.json")).unwrap();
    let rows: Vec<String> = data
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let edits: Vec<String> = c["edits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    format!(
                        "{}|{}|{}|{}",
                        e["kind"].as_str().unwrap(),
                        e["field"],
                        e["from"],
                        e["to"]
                    )
                })
                .collect();
            format!(
                "{} {} {} {}",
                c["date"].as_str().unwrap(),
                c["commit"].as_str().unwrap(),
                c["number"].as_str().unwrap(),
                edits.join(";")
            )
        })
        .collect();
    assert_eq!(
        &rows[..5],
        [
            format!("2025-04-15 {c4} 4 update-edited|null|null|null"),
            format!("2025-04-15 {c4} 6 removed|null|null|null"),
            format!("2025-03-14 {c3} 3 edited|\"Officer response\"|null|null"),
            format!("2025-02-12 {c2} 1 changed|\"Target date\"|\"March 2025\"|\"September 2025\""),
            format!("2025-02-12 {c2} 2 changed|\"Status\"|\"Completed\"|\"In progress\""),
        ]
    );
    assert_eq!(
        rows.len(),
        11,
        "five edits and six records published: {rows:#?}"
    );
    assert!(rows[5..]
        .iter()
        .all(|r| r.starts_with(&format!("2025-01-10 {c1} "))
            && r.ends_with("published|null|null|null")));
    assert_eq!(
        data[1]["url"],
        serde_json::Value::Null,
        "a removed recommendation has no page"
    );
    let package = site.read("public/data/index.json");
    assert!(package.contains("\"path\":\"https://example.org/scrutiny/data/changes/town.json\""));
}

#[test]
fn check_warns_about_a_later_date_or_a_step_back_that_no_update_explains() {
    let repo = repository();
    let site = &repo.site;
    let c2 = &repo.ids[1];
    let run = site.check();
    let about_history: Vec<_> = run
        .warnings()
        .into_iter()
        .filter(|d| d.message.contains(" in commit "))
        .collect();
    assert_eq!(about_history.len(), 2, "{:#?}", about_history);
    run.find(
        Severity::Warning,
        &format!("recommendation 1: target date moved later from March 2025 to September 2025 in commit {c2} (12 February 2025), with no update explaining it"),
    )
    .at(&format!("{RECS}/01-lighting.md"), 13, 1)
    .shows("due: 2025-09")
    .helps("add an update saying why");
    run.find(
        Severity::Warning,
        &format!("recommendation 2: status moved back from Completed to In progress in commit {c2} (12 February 2025), with no update explaining it"),
    )
    .at(&format!("{RECS}/02-cctv.md"), 12, 1)
    .shows("status: in-progress");
    // An update dated since the change explains it: the warning goes.
    site.edit(
        &format!("{RECS}/01-lighting.md"),
        "due: 2025-09\n",
        "due: 2025-09\nupdates:\n  - date: 2025-02-20\n    note: The survey waits for the new contract.\n",
    );
    let run = site.check();
    assert!(!run.has(
        Severity::Warning,
        "recommendation 1: target date moved later"
    ));
    assert!(run.has(Severity::Warning, "recommendation 2: status moved back"));
}

#[test]
fn edits_not_yet_committed_show_only_in_the_preview() {
    let repo = repository();
    let site = &repo.site;
    site.edit(
        &format!("{RECS}/01-lighting.md"),
        "title: Lighting",
        "title: Street lighting",
    );
    site.run(&["build"]).exits(0);
    let built = site.read("public/town/recommendations/1/index.html");
    assert!(!built.contains("Not yet committed"));
    assert!(!built.contains("Title changed"));
    let today = jiff::civil::date(2026, 11, 26);
    let preview = Pipeline::new()
        .build(site.path(), Settings::preview(today))
        .unwrap_or_else(|d| panic!("{}", d.render(false)));
    let page = String::from_utf8_lossy(&preview.output.files["town/recommendations/1/index.html"])
        .into_owned();
    assert_eq!(
        changes_on(&page)[0],
        "26 November 2026 Not yet committed Title changed from Lighting to Street lighting"
    );
}

#[test]
fn the_same_commit_builds_the_same_bytes() {
    let repo = repository();
    let site = &repo.site;
    let a = site.path().join("out-a");
    let b = site.path().join("out-b");
    site.run(&["build", "--output", a.to_str().unwrap()])
        .exits(0);
    site.run(&["build", "--output", b.to_str().unwrap()])
        .exits(0);
    // The outputs are not ignored by git here: the second build sees the first's folder as
    // untracked files, which must not matter.
    assert_eq!(common::tree(&a), common::tree(&b));
}

#[test]
fn a_shallow_clone_shows_what_it_has_and_says_where_it_starts() {
    let repo = repository();
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.site.path().display());
    git(
        clone.path(),
        "2025-05-01",
        &["clone", "-q", "--depth", "2", &url, "site"],
    );
    let root = clone.path().join("site");
    let run = common::run(&root, &["check"]);
    run.find(
        Severity::Warning,
        "the repository is a shallow clone: changes before 14 March 2025 are not shown",
    )
    .at("site.yaml", 7, 1);
    common::run(&root, &["build"]).exits(0);
    let page = |n: u32| {
        std::fs::read_to_string(root.join(format!("public/town/recommendations/{n}/index.html")))
            .unwrap()
    };
    // Only the newest commit's edits are known; the boundary commit is the baseline.
    assert_eq!(
        changes_on(&page(4)),
        [format!(
            "15 April 2025 commit {} Update of 5 January 2025 edited",
            repo.ids[3]
        )]
    );
    assert!(page(4).contains(
        "(from <time datetime=\"2025-03-14\">14 March 2025</time>; earlier changes are not shown)"
    ));
    assert!(changes_on(&page(1)).is_empty());
}

#[test]
fn without_git_or_without_the_setting_there_is_no_change_record() {
    // `history: git` in a folder that is not a repository: a warning, and the site as before.
    let plain = Site::from_files(
        SITE,
        &[
            (
                "content/town/_review.md",
                "---\ntitle: Town Centre\ndate: 2024-11\n---\n",
            ),
            (
                &format!("{RECS}/01-lighting.md"),
                &rec(
                    1,
                    "Lighting",
                    "status: in-progress\ndue: 2025-03\n",
                    "Text.",
                ),
            ),
        ],
    );
    plain
        .check()
        .find(
            Severity::Warning,
            "`history: git` is set but the site folder is not in a git repository",
        )
        .at("site.yaml", 7, 1)
        .shows("history: git");
    plain.run(&["build"]).exits(0);
    assert!(!plain
        .read("public/town/recommendations/1/index.html")
        .contains("Changes to this record"));
    assert!(!plain.path().join("public/town/changes").exists());

    // A repository whose site does not ask for its history publishes none of it.
    let repo = repository();
    repo.site.edit("site.yaml", "history: git\n", "");
    repo.site.run(&["build"]).exits(0);
    assert!(!repo
        .site
        .read("public/town/recommendations/1/index.html")
        .contains("Changes to this record"));
    assert!(!repo.site.path().join("public/town/changes").exists());
    assert!(!repo.site.path().join("public/data/changes").exists());
}

#[test]
fn a_version_with_errors_published_nothing_and_the_next_good_one_is_compared_with_the_last() {
    let (site, c1) = town(&[
        (
            "01-lighting.md",
            rec(
                1,
                "Lighting",
                "status: in-progress\ndue: 2025-03\n",
                "The lights will be surveyed.",
            ),
        ),
        (
            "02-cctv.md",
            rec(
                2,
                "CCTV",
                "status: completed\ndue: 2025-02\n",
                "The cameras were replaced.",
            ),
        ),
    ]);
    // A date moved later with a typo in the same commit: a build of it fails.
    site.edit(
        &format!("{RECS}/01-lighting.md"),
        "due: 2025-03",
        "due: 2025-09",
    );
    site.edit(
        &format!("{RECS}/01-lighting.md"),
        "status: in-progress",
        "status: in-progess",
    );
    // A status moved back in one line, misspelt.
    site.edit(
        &format!("{RECS}/02-cctv.md"),
        "status: completed",
        "status: in-progess",
    );
    commit(&site, "2025-02-12", "Dates, with a typo");
    // The typos mended: what the site publishes changed here, against the last good version.
    site.edit(
        &format!("{RECS}/01-lighting.md"),
        "status: in-progess",
        "status: in-progress",
    );
    site.edit(
        &format!("{RECS}/02-cctv.md"),
        "status: in-progess",
        "status: in-progress",
    );
    let c3 = commit(&site, "2025-02-13", "Typos mended");
    site.run(&["build"]).exits(0);
    let page = |n: u32| site.read(&format!("public/town/recommendations/{n}/index.html"));
    assert_eq!(
        changes_on(&page(1)),
        [
            format!("13 February 2025 commit {c3} Target date changed from March 2025 to September 2025"),
            format!("10 January 2025 commit {c1} Published on this site"),
        ]
    );
    assert_eq!(
        changes_on(&page(2)),
        [
            format!("13 February 2025 commit {c3} Status changed from Completed to In progress"),
            format!("10 January 2025 commit {c1} Published on this site"),
        ]
    );
    let run = site.check();
    assert!(run.has(
        Severity::Warning,
        &format!("recommendation 1: target date moved later from March 2025 to September 2025 in commit {c3} (13 February 2025)")
    ));
    assert!(run.has(
        Severity::Warning,
        &format!("recommendation 2: status moved back from Completed to In progress in commit {c3} (13 February 2025)")
    ));
}

#[test]
fn recent_changes_lists_each_commit_once_and_the_feed_gives_each_entry_its_own_id() {
    let (site, _) = town(&[
        (
            "01-lighting.md",
            rec(1, "Lighting", "status: in-progress\n", "One."),
        ),
        (
            "02-cctv.md",
            rec(2, "CCTV", "status: in-progress\n", "Two."),
        ),
        (
            "03-parking.md",
            rec(3, "Parking", "status: in-progress\n", "Three."),
        ),
    ]);
    // Two commits on one day: the first changes 1 and 3, the second 2.
    site.edit(
        &format!("{RECS}/01-lighting.md"),
        "title: Lighting",
        "title: Street lighting",
    );
    site.edit(
        &format!("{RECS}/03-parking.md"),
        "title: Parking",
        "title: Car parking",
    );
    let x = commit(&site, "2025-02-12", "Titles");
    site.edit(
        &format!("{RECS}/02-cctv.md"),
        "title: CCTV",
        "title: Cameras",
    );
    let y = commit(&site, "2025-02-12", "Another title");
    // Two recommendations removed in one commit.
    std::fs::remove_file(site.path().join(format!("{RECS}/02-cctv.md"))).unwrap();
    std::fs::remove_file(site.path().join(format!("{RECS}/03-parking.md"))).unwrap();
    let z = commit(
        &site,
        "2025-03-01",
        "Two recommendations withdrawn from the plan",
    );
    site.run(&["build"]).exits(0);
    let recent = page_text(&site.read("public/town/changes/index.html"));
    for id in [&x, &y, &z] {
        assert_eq!(
            recent.matches(&format!("commit {id}")).count(),
            1,
            "{id} in:\n{recent}"
        );
    }
    let feed = site.read("public/town/changes/feed.xml");
    let ids: Vec<&str> = feed
        .split("<id>")
        .skip(2)
        .map(|t| t.split("</id>").next().unwrap())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:#?}");
    assert!(
        ids.contains(&format!("https://example.org/scrutiny/town/changes/#change-{z}-2").as_str()),
        "{ids:#?}"
    );
}

#[test]
fn a_draft_publishes_from_when_it_is_lifted_and_a_path_used_again_starts_a_new_record() {
    let (site, c1) = town(&[
        (
            "01-lighting.md",
            rec(
                1,
                "Lighting",
                "status: in-progress\ndue: 2025-03\n",
                "Surveyed.",
            ),
        ),
        (
            "02-signs.md",
            rec(
                2,
                "Signs",
                "draft: true # until Cabinet\nstatus: in-progress\ndue: 2025-03\n",
                "Planned.",
            ),
        ),
    ]);
    // While a draft, its edits are not published; a recommendation removed.
    site.edit(
        &format!("{RECS}/02-signs.md"),
        "due: 2025-03",
        "due: 2025-06",
    );
    site.remove(&format!("{RECS}/01-lighting.md"));
    let c2 = commit(&site, "2025-02-12", "Drafting");
    // The draft lifted; a new recommendation in the removed one's file.
    site.edit(
        &format!("{RECS}/02-signs.md"),
        "draft: true # until Cabinet\n",
        "",
    );
    site.write(
        &format!("{RECS}/01-lighting.md"),
        rec(
            7,
            "Lamps",
            "status: not-started\ndue: 2025-12\n",
            "New lamps.",
        ),
    );
    let c3 = commit(&site, "2025-03-14", "Agreed at Cabinet");
    site.edit(
        &format!("{RECS}/02-signs.md"),
        "due: 2025-06",
        "due: 2025-09",
    );
    let c4 = commit(&site, "2025-04-15", "Dates");
    site.run(&["build"]).exits(0);
    let page = |n: u32| site.read(&format!("public/town/recommendations/{n}/index.html"));
    assert_eq!(
        changes_on(&page(2)),
        [
            format!(
                "15 April 2025 commit {c4} Target date changed from June 2025 to September 2025"
            ),
            format!("14 March 2025 commit {c3} Published on this site"),
        ],
        "the draft's own edit is not listed, and it was published when the draft was lifted"
    );
    assert_eq!(
        changes_on(&page(7)),
        [format!("14 March 2025 commit {c3} Published on this site")],
        "a new recommendation in a file used before does not take the old record"
    );
    let recent = page_text(&site.read("public/town/changes/index.html"));
    let recent = recent.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in [
        format!("12 February 2025 commit {c2} Recommendation 1: Lighting (no longer on this site) Removed from this site 10 January 2025"),
        format!("10 January 2025 commit {c1} Recommendation 1: Lighting (no longer on this site) Published on this site"),
    ] {
        assert!(recent.contains(&line), "Recent changes lacks {line:?}:\n{recent}");
    }
    assert!(
        !recent.contains("Recommendation 2: Signs Published on this site 10 January"),
        "a draft is not published:\n{recent}"
    );
}

#[test]
fn a_review_folder_renamed_keeps_every_record() {
    let (site, c1) = town(&[
        (
            "01-lighting.md",
            rec(
                1,
                "Lighting",
                "status: in-progress\ndue: 2025-03\n",
                "Surveyed.",
            ),
        ),
        (
            "02-signs.md",
            rec(
                2,
                "Signs",
                "status: in-progress\ndue: 2025-03\n",
                "Planned.",
            ),
        ),
    ]);
    git(
        site.path(),
        "2025-02-12",
        &["mv", "content/town", "content/centre"],
    );
    site.edit(
        "content/centre/recommendations/02-signs.md",
        "status: in-progress",
        "status: not-started",
    );
    let c2 = commit(&site, "2025-02-12", "The review renamed");
    site.run(&["build"]).exits(0);
    let page = |n: u32| site.read(&format!("public/centre/recommendations/{n}/index.html"));
    assert_eq!(
        changes_on(&page(1)),
        [format!(
            "10 January 2025 commit {c1} Published on this site"
        )],
        "moved unchanged: no edit"
    );
    assert_eq!(
        changes_on(&page(2)),
        [
            format!("12 February 2025 commit {c2} Status changed from In progress to Not started"),
            format!("10 January 2025 commit {c1} Published on this site"),
        ],
        "moved and edited in one commit: followed by its review and number"
    );
}

#[test]
fn the_record_kept_between_builds_gives_the_same_pages_and_follows_new_commits() {
    let repo = repository();
    let site = &repo.site;
    let store = site.path().join(".git/scrutiny");
    let out = |name: &str| site.path().join(name);
    site.run(&["build", "--output", out("cold").to_str().unwrap()])
        .exits(0);
    let files: Vec<_> = std::fs::read_dir(&store)
        .expect("the first build keeps the record in .git/scrutiny")
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let kept = &files[0];
    // Read from what was kept: the same bytes as read from the commits.
    site.run(&["build", "--output", out("warm").to_str().unwrap()])
        .exits(0);
    assert_eq!(common::tree(&out("cold")), common::tree(&out("warm")));
    // A damaged file is read past, and written again.
    std::fs::write(kept, "{\"format\": 1, \"records\": [{\"key\"").unwrap();
    site.run(&["build", "--output", out("damaged").to_str().unwrap()])
        .exits(0);
    assert_eq!(common::tree(&out("cold")), common::tree(&out("damaged")));
    let again = std::fs::read_to_string(kept).unwrap();
    assert!(
        again.contains("\"records\":[{"),
        "written again: {again:.80}"
    );
    // check reads it too, and says the same.
    let warnings = |s: &Site| {
        s.run(&["check"])
            .diagnostics()
            .into_iter()
            .filter(|d| d.severity == Severity::Warning && d.message.contains("in commit"))
            .map(|d| format!("{} {} {:?}", d.location, d.message, d.source))
            .collect::<Vec<_>>()
    };
    let before = warnings(site);
    assert_eq!(before.len(), 2, "{before:?}");
    std::fs::remove_dir_all(&store).unwrap();
    assert_eq!(warnings(site), before, "check from the commits");
    assert!(!store.exists(), "check writes nothing");
    // The preview starts from it as well: it keeps the record when it reads the commits, and
    // the next preview takes it from there (a word changed in the file shows it was read).
    let today = jiff::civil::date(2025, 6, 1);
    let preview = |file: &str| {
        let built = Pipeline::new()
            .build(site.path(), Settings::preview(today))
            .expect("the preview builds");
        String::from_utf8_lossy(&built.output.files[file]).into_owned()
    };
    let first = preview("town/recommendations/1/index.html");
    assert!(first.contains("Target date changed from March 2025 to September 2025"));
    let kept = std::fs::read_dir(&store)
        .expect("the preview keeps the record")
        .next();
    let kept = kept.unwrap().unwrap().path();
    let text = std::fs::read_to_string(&kept).unwrap();
    let c2 = &repo.ids[1];
    let stored = format!("\"commit\":\"{c2}\"");
    assert!(text.contains(&stored), "{text:.200}");
    std::fs::write(&kept, text.replace(&stored, "\"commit\":\"0000000\"")).unwrap();
    let second = preview("town/recommendations/1/index.html");
    assert_eq!(
        second,
        first.replace(c2.as_str(), "0000000"),
        "the second preview took the record from the file"
    );
    std::fs::remove_dir_all(&store).unwrap();

    // A commit after the record was kept: its record is read again, the others are kept.
    site.edit(
        &format!("{RECS}/05-signs.md"),
        "due: 2025-12",
        "due: 2026-06",
    );
    let c5 = commit(site, "2025-05-20", "Signs later");
    site.run(&["build"]).exits(0);
    let page = |n: u32| site.read(&format!("public/town/recommendations/{n}/index.html"));
    assert_eq!(
        changes_on(&page(5))[0],
        format!("20 May 2025 commit {c5} Target date changed from December 2025 to June 2026")
    );
    for n in [1, 2, 4] {
        assert_eq!(
            page(n),
            std::fs::read_to_string(
                out("cold").join(format!("town/recommendations/{n}/index.html"))
            )
            .unwrap(),
            "recommendation {n}: no new commit, the same page"
        );
    }
    // Settings that change the words (a status's label): every record is put into words again.
    let yaml = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!("{yaml}vocabulary:\n  statuses:\n    in-progress: {{ label: \"Under way\" }}\n"),
    );
    site.run(&["build"]).exits(0);
    assert!(
        changes_on(&page(2))[0].ends_with("Status changed from Completed to Under way"),
        "{:?}",
        changes_on(&page(2))
    );
}

#[test]
fn the_preview_follows_edits_and_commits_from_rebuild_to_rebuild() {
    let repo = repository();
    let site = &repo.site;
    let today = jiff::civil::date(2026, 11, 26);
    let mut preview = Pipeline::new();
    let file = site.path().join(format!("{RECS}/01-lighting.md"));
    let mut build = |changed: &[std::path::PathBuf]| {
        preview.invalidate(site.path(), changed);
        let b = preview
            .build(site.path(), Settings::preview(today))
            .unwrap_or_else(|d| panic!("{}", d.render(false)));
        let page = |n: u32| {
            String::from_utf8_lossy(
                &b.output.files[&format!("town/recommendations/{n}/index.html")],
            )
            .into_owned()
        };
        (page(1), page(4))
    };
    let (first, markets) = build(&[]);
    assert!(!first.contains("Not yet committed"));
    site.edit(
        &format!("{RECS}/01-lighting.md"),
        "title: Lighting",
        "title: Street lighting",
    );
    let (edited, same) = build(std::slice::from_ref(&file));
    assert_eq!(
        changes_on(&edited)[0],
        "26 November 2026 Not yet committed Title changed from Lighting to Street lighting"
    );
    assert_eq!(same, markets, "a record not edited is the same page");
    site.edit(
        &format!("{RECS}/01-lighting.md"),
        "title: Street lighting",
        "title: Lighting",
    );
    let (undone, _) = build(std::slice::from_ref(&file));
    assert_eq!(undone, first, "the edit undone: the page as it was");
    site.edit(
        &format!("{RECS}/01-lighting.md"),
        "title: Lighting",
        "title: Street lighting",
    );
    let (_, _) = build(std::slice::from_ref(&file));
    // A commit changes no file: the preview rebuilds because the commit checked out moved.
    let c5 = commit(site, "2025-05-20", "Lighting renamed");
    let (committed, same) = build(&[]);
    assert_eq!(
        changes_on(&committed)[0],
        format!("20 May 2025 commit {c5} Title changed from Lighting to Street lighting")
    );
    assert!(!committed.contains("Not yet committed"));
    assert_eq!(same, markets);
    // What the preview shows of a commit is what a build publishes.
    site.run(&["build"]).exits(0);
    let built = site.read("public/town/recommendations/1/index.html");
    assert_eq!(changes_on(&committed), changes_on(&built));
    assert_eq!(changes_on(&committed).len(), 3);
}
