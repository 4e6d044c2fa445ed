//! A true public record: lateness and staleness shown where residents look, in dated words;
//! the gaps a page lists are the gaps `check` reports; no claim the source does not make.

mod common;

use common::{Severity, Site, MINIMAL_RECS};
use std::collections::BTreeMap;

const EXAMPLE_REVIEW: &str = "safety-in-the-town-centre";

use common::page_text as text;

fn page(site: &Site, rel: &str) -> String {
    site.read(&format!("public/{rel}"))
}

fn built_example() -> Site {
    let site = Site::example();
    site.run(&["build"]).exits(0);
    site
}

#[test]
fn the_home_page_counts_every_flag_and_links_its_list() {
    let site = built_example();
    let home = page(&site, "index.html");
    for (n, what, list) in [
        (4, "overdue", "overdue/"),
        (14, "with no progress reported recently", "stale/"),
        (1, "awaiting a response", "awaiting-response/"),
        (3, "with no target date", "no-target-date/"),
    ] {
        let link = format!(
            "<span class=\"figures__n\">{n}</span> <a href=\"/scrutiny/{list}\">{what}</a>"
        );
        assert!(home.contains(&link), "home lacks {link}");
        let list_page = text(&page(&site, &format!("{list}index.html")));
        let heading = format!("{n} recommendation{} {what}", if n == 1 { "" } else { "s" });
        assert!(
            list_page.contains(&heading),
            "{list}: {heading}\n{list_page}"
        );
        let review_list = text(&page(&site, &format!("{EXAMPLE_REVIEW}/{list}index.html")));
        assert!(review_list.contains(&heading), "review {list}: {heading}");
    }
    // The exclusive counts by status add up to the total.
    let t = text(&home);
    assert!(
        t.contains(
            "15 recommendations 2 not started 6 in progress 7 ongoing 0 completed 0 not proceeding"
        ),
        "{t}"
    );
}

#[test]
fn lateness_is_told_in_dates_never_in_counts_of_days() {
    let site = built_example();
    let days = day_count_in();
    for (path, bytes) in common::tree(&site.path().join("public")) {
        if !path.ends_with(".html") {
            continue;
        }
        let t = text(&String::from_utf8_lossy(&bytes));
        assert!(!t.contains("Overdue by"), "{path}");
        if let Some(found) = days(&t) {
            panic!("{path} counts days: {found}");
        }
    }
    let rec4 = text(&page(
        &site,
        &format!("{EXAMPLE_REVIEW}/recommendations/4/index.html"),
    ));
    assert!(rec4.contains("Overdue since October 2023"), "{rec4}");
    assert!(
        rec4.contains("No progress reported since April 2023"),
        "{rec4}"
    );
    // A recommendation page states no duration, so it stays true without a rebuild …
    assert!(!rec4.contains("3 years"), "{rec4}");
    // … while the home page, which says the date it is as of, gives one in words.
    let home = text(&page(&site, "index.html"));
    assert!(
        home.contains("Overdue since October 2023 (3 years)"),
        "{home}"
    );
    assert!(
        home.contains("Awaiting a decision, due by 28 May 2023 (3 years 5 months late)"),
        "{home}"
    );
    let rec13 = text(&page(
        &site,
        &format!("{EXAMPLE_REVIEW}/recommendations/13/index.html"),
    ));
    assert!(
        rec13.contains("Awaiting a decision, due by 28 May 2023") && !rec13.contains("late)"),
        "{rec13}"
    );
}

/// A number of two or more digits followed by "day"/"days": the wording the site avoids.
fn day_count_in() -> impl Fn(&str) -> Option<String> {
    |t: &str| {
        let words: Vec<&str> = t.split(' ').collect();
        words
            .windows(2)
            .find_map(|w| {
                let n = w[0].trim_start_matches('(');
                (n.len() >= 3 && n.bytes().all(|b| b.is_ascii_digit()) && w[1].starts_with("day"))
                    .then(|| format!("{} {}", w[0], w[1]))
            })
            .filter(|found| {
                // A rule ("no progress reported for more than 180 days") is not a count.
                !t.contains(&format!("more than {found}"))
            })
    }
}

#[test]
fn a_timetable_without_a_year_is_read_against_the_review_and_says_so() {
    let site = built_example();
    let rec6 = text(&page(
        &site,
        &format!("{EXAMPLE_REVIEW}/recommendations/6/index.html"),
    ));
    assert!(
        rec6.contains("Timetable in the plan: “June/July” (2023)"),
        "{rec6}"
    );
    assert!(rec6.contains("Overdue since July 2023"), "{rec6}");
    let rec11 = text(&page(
        &site,
        &format!("{EXAMPLE_REVIEW}/recommendations/11/index.html"),
    ));
    assert!(
        rec11.contains("“throughout the Municipal year” (to April 2024)"),
        "{rec11}"
    );
    assert!(rec11.contains("Overdue since April 2024"), "{rec11}");
    // A due date wins over the timetable.
    let site = Site::fixture("minimal");
    site.edit(
        &format!("{MINIMAL_RECS}/01-street-lighting.md"),
        "timetable: By end of March 2027",
        "timetable: June 2020",
    );
    site.run(&["build"]).exits(0);
    let rec1 = text(&page(&site, "town-centre/recommendations/1/index.html"));
    assert!(!rec1.contains("Overdue since June 2020"), "{rec1}");
}

/// A timetable written as a date in figures, day first as UK plans write it, is that day: read
/// as words, only its year would be left, and the recommendation would not be late until the
/// year was out.
#[test]
fn a_timetable_date_in_figures_is_read_day_first() {
    let site = Site::fixture("minimal");
    let file = format!("{MINIMAL_RECS}/01-street-lighting.md");
    site.edit(&file, "due: 2027-03\n", "");
    site.edit(
        &file,
        "timetable: By end of March 2027",
        "timetable: 31/03/2026",
    );
    site.run(&["build"]).exits(0);
    let rec1 = text(&page(&site, "town-centre/recommendations/1/index.html"));
    assert!(rec1.contains("Overdue since 31 March 2026"), "{rec1}");
    let data = site.read("public/data/town-centre.json");
    assert!(data.contains("\"overdue_since\":\"2026-03-31\""), "{data}");
}

/// The gap kinds `check` reports, by file.
fn gap_warnings(site: &Site) -> BTreeMap<String, usize> {
    const GAP_MESSAGES: [&str; 7] = [
        "has no lead officer",
        "does not record the executive's decision",
        "has no officer response",
        "is not accepted but no reason is given",
        "placeholder text",
        "no target date",
        "without a reason",
    ];
    let mut by_file = BTreeMap::new();
    for d in site.check().diagnostics() {
        if d.severity == Severity::Warning && GAP_MESSAGES.iter().any(|m| d.message.contains(m)) {
            *by_file.entry(d.file().to_string()).or_insert(0) += 1;
        }
    }
    by_file
}

#[test]
fn every_gap_panel_lists_exactly_what_check_reports() {
    let site = built_example();
    let warned = gap_warnings(&site);
    let recs = site
        .path()
        .join(format!("content/{EXAMPLE_REVIEW}/recommendations"));
    let mut panels = 0;
    for entry in std::fs::read_dir(&recs).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        let number = source
            .lines()
            .find_map(|l| l.strip_prefix("number: "))
            .unwrap()
            .trim_matches('"')
            .to_string();
        let html = page(
            &site,
            &format!("{EXAMPLE_REVIEW}/recommendations/{number}/index.html"),
        );
        let items = match html.split_once("<h2>Gaps in this record</h2>") {
            Some((_, rest)) => rest.split("</ul>").next().unwrap().matches("<li>").count(),
            None => 0,
        };
        panels += usize::from(items > 0);
        let file = format!(
            "content/{EXAMPLE_REVIEW}/recommendations/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        assert_eq!(items, warned.get(&file).copied().unwrap_or(0), "{file}");
        // Lateness is shown once, at the top, never in the panel.
        if let Some((_, rest)) = html.split_once("Gaps in this record") {
            let panel = rest.split("</div>").next().unwrap();
            assert!(
                !panel.contains("Overdue") && !panel.contains("No progress reported"),
                "{file}"
            );
        }
    }
    assert!(panels >= 5, "the example has gaps on {panels} pages");
}

#[test]
fn a_scaffolded_recommendation_shows_its_template_text_as_a_gap() {
    let site = Site::fixture("minimal");
    site.run(&["new", "recommendation", "town-centre", "Bystander training"])
        .exits(0);
    let warned = gap_warnings(&site);
    site.run(&["build", "--today", "2026-11-26"]).exits(0);
    let (file, n) = warned
        .iter()
        .find(|(f, _)| f.contains("bystander"))
        .expect("check warns about the new file");
    let number = site
        .read(file)
        .lines()
        .find_map(|l| {
            l.strip_prefix("number: ")
                .map(|n| n.trim_matches('"').to_string())
        })
        .unwrap();
    let html = page(
        &site,
        &format!("town-centre/recommendations/{number}/index.html"),
    );
    let panel = text(
        html.split_once("Gaps in this record")
            .unwrap()
            .1
            .split("</ul>")
            .next()
            .unwrap(),
    );
    assert!(
        panel.contains("[Insert the committee's exact words here.]") || panel.contains("[insert"),
        "{panel}"
    );
    assert_eq!(
        html.split_once("Gaps in this record")
            .unwrap()
            .1
            .split("</ul>")
            .next()
            .unwrap()
            .matches("<li>")
            .count(),
        *n
    );
}

#[test]
fn a_tracker_with_no_decision_column_never_claims_a_response_is_awaited() {
    let site = Site::fixture("minimal");
    let csv = site.path().join("tracker.csv");
    std::fs::write(
        &csv,
        "No.,Recommendation,Status\n1,That the council publish the plan.,Completed\n2,That the council train staff.,In progress\n3,That the council report back.,Not started\n",
    )
    .unwrap();
    site.run(&[
        "import",
        csv.to_str().unwrap(),
        "--review",
        "tracker",
        "--title",
        "A tracker",
    ])
    .exits(0);
    let review = site.read("content/tracker/_review.md");
    let dated: String = review
        .lines()
        .map(|l| {
            if l.starts_with("date:") {
                "date: 2024-01".to_string()
            } else {
                l.to_string()
            }
        })
        .map(|l| l + "\n")
        .collect();
    site.write("content/tracker/_review.md", dated);
    site.run(&["build"]).exits(0);
    for n in ["1", "2", "3"] {
        let t = text(&page(
            &site,
            &format!("tracker/recommendations/{n}/index.html"),
        ));
        assert!(!t.contains("Awaiting"), "recommendation {n}: {t}");
        assert!(
            t.contains("Decision not recorded"),
            "recommendation {n}: {t}"
        );
    }
    let review = text(&page(&site, "tracker/index.html"));
    assert!(!review.contains("awaiting a response"), "{review}");
    let check = site.check();
    assert!(check.has(
        Severity::Warning,
        "does not record the executive's decision"
    ));
    assert!(check.has(
        Severity::Warning,
        "is completed but no decision is recorded"
    ));
}

#[test]
fn check_warns_where_the_record_contradicts_itself() {
    let site = Site::fixture("minimal");
    let file = format!("{MINIMAL_RECS}/01-street-lighting.md");
    let text = site.read(&file);
    let decision = text
        .lines()
        .find(|l| l.starts_with("decision:"))
        .unwrap()
        .to_string();
    site.edit(&file, &decision, "decision: awaiting-response");
    site.edit(&file, "  - date: 2026-10-05", "  - date: 2019-01-05");
    site.edit(&file, "  - date: 2026-11-02", "  - date: 2027-03-02");
    let check = site.check();
    check
        .warning("records progress (in progress) while awaiting a response")
        .at(&file, common::line_of(&site.read(&file), "decision:"), 1);
    check.warning("is dated 2019-01-05, before the review");
    check.warning("is dated 2027-03-02, after today");
    site.run(&["build"]).exits(0);
    let page = self::text(&page(&site, "town-centre/recommendations/1/index.html"));
    assert!(page.contains("In progress"), "{page}");
}

/// An update dated after today is held back until its day: a status written ahead of time does
/// not take a late recommendation off the overdue list, and the update is on no page, feed or
/// data file until then. The build says so.
#[test]
fn an_update_dated_after_today_is_not_published_until_its_day() {
    let site = Site::fixture("minimal");
    let file = format!("{MINIMAL_RECS}/01-street-lighting.md");
    site.edit(&file, "due: 2027-03", "due: 2026-06");
    site.edit(
        &file,
        "updates:\n",
        "updates:\n  - date: 2026-12-17\n    status: completed\n    note: The new lamps were switched on.\n",
    );
    site.check()
        .warning("is dated 2026-12-17, after today (2026-11-26): it is not published")
        .at(
            &file,
            common::line_of(&site.read(&file), "- date: 2026-12-17"),
            3,
        );
    site.run(&["build"]).exits(0);
    let page = text(&page(&site, "town-centre/recommendations/1/index.html"));
    assert!(page.contains("Overdue since June 2026"), "{page}");
    assert!(!page.contains("switched on"), "{page}");
    let overdue = text(&self::page(&site, "overdue/index.html"));
    assert!(overdue.contains("Brighter street lighting"), "{overdue}");
    for f in [
        "public/updates.xml",
        "public/data/town-centre.json",
        "public/data/recommendations.json",
    ] {
        assert!(!site.read(f).contains("switched on"), "{f}");
        assert!(!site.read(f).contains("2026-12-17"), "{f}");
    }
    // On its day it is published, and counted.
    build_on(&site, "2026-12-17");
    let page = text(&self::page(
        &site,
        "town-centre/recommendations/1/index.html",
    ));
    assert!(page.contains("switched on"), "{page}");
    assert!(!page.contains("Overdue since"), "{page}");
}

/// Pages say dates, not "as of today" counts, so a rebuild a day later with no content change
/// alters only the pages that state the date they are as of.
#[test]
fn a_rebuild_one_day_later_changes_only_the_pages_that_state_their_date() {
    let site = Site::example();
    site.run(&["build", "--output", "day1"]).exits(0);
    let next_day = std::process::Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .arg("--root")
        .arg(site.path())
        .args(["--today", "2026-11-27", "build", "--output", "day2"])
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert!(next_day.status.success(), "{next_day:?}");
    let day1 = common::tree(&site.path().join("day1"));
    let day2 = common::tree(&site.path().join("day2"));
    assert_eq!(
        day1.keys().collect::<Vec<_>>(),
        day2.keys().collect::<Vec<_>>()
    );
    let changed: Vec<&String> = day1
        .iter()
        .filter(|(path, bytes)| day2.get(*path) != Some(bytes))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(
        changed,
        [
            "data/index.json",
            "index.html",
            &format!("{EXAMPLE_REVIEW}/index.html"),
            &format!("{EXAMPLE_REVIEW}/report/index.html"),
            // The report's editable document states its "position as of" date too.
            &format!("{EXAMPLE_REVIEW}/report/{EXAMPLE_REVIEW}-action-plan.docx"),
        ],
        "of {} files",
        day1.len()
    );
}

/// Every file under `dir` with its inode: a file the build left alone keeps its inode.
#[cfg(unix)]
fn inodes(dir: &std::path::Path) -> BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    common::tree(dir)
        .into_keys()
        .map(|rel| {
            let ino = std::fs::metadata(dir.join(&rel)).unwrap().ino();
            (rel, ino)
        })
        .collect()
}

/// Builds the site into `public/` as of `today`; returns what the build said.
fn build_on(site: &Site, today: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .arg("--root")
        .arg(site.path())
        .args(["--today", today, "build"])
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// The daily rebuild a host runs: with no change to the content, a day later only the pages
/// that state the date they are as of change; the day a target date passes, the pages that
/// show the new flag change too. Either way the build writes only those files (the others
/// keep their inode, so a sync tool or a CDN sees only them) and the output is complete.
#[cfg(unix)]
#[test]
fn a_daily_rebuild_rewrites_only_the_files_whose_facts_changed() {
    let site = Site::fixture("minimal");
    let rec = format!("{MINIMAL_RECS}/01-street-lighting.md");
    site.edit(&rec, "due: 2027-03", "due: 2026-11");
    let public = site.path().join("public");
    // What a build as of `today` rewrote (or made) and removed, and what it said.
    let step = |today: &str| -> (Vec<String>, Vec<String>, String) {
        let before = inodes(&public);
        let said = build_on(&site, today);
        let after = inodes(&public);
        let rewritten = after
            .iter()
            .filter(|(path, ino)| before.get(*path) != Some(ino))
            .map(|(path, _)| path.clone())
            .collect();
        let removed = before
            .keys()
            .filter(|path| !after.contains_key(*path))
            .cloned()
            .collect();
        (rewritten, removed, said)
    };
    build_on(&site, "2026-11-29");
    let total = inodes(&public).len();

    // The next day, nothing new to say but the date the summaries are as of.
    let (rewritten, removed, said) = step("2026-11-30");
    assert_eq!(removed, Vec::<String>::new());
    let as_of = [
        "data/index.json",
        "index.html",
        "town-centre/index.html",
        "town-centre/report/index.html",
        "town-centre/report/town-centre-action-plan.docx",
    ];
    assert_eq!(rewritten, as_of, "of {total} files");
    assert!(
        // (The output's marker file is not counted.)
        said.contains(&format!(
            "{} files written, {} unchanged",
            as_of.len(),
            total - as_of.len() - 1
        )),
        "{said}"
    );
    assert!(!page(&site, "town-centre/recommendations/1/index.html").contains("Overdue"));

    // The day after the target month, recommendation 1 is overdue: its page, the lists and
    // counts that show it, its data and its search facets change; nothing else does.
    let (rewritten, removed, _) = step("2026-12-01");
    // The search facets (each recommendation's flags) and the card shard holding its result
    // card (which says its flags) are named by their content hash; the other shards are not
    // touched.
    assert_eq!(removed.len(), 2, "{removed:?}");
    assert!(removed[0].starts_with("search/c-"), "{removed:?}");
    assert!(removed[1].starts_with("search/f-"), "{removed:?}");
    let new_card_shard = rewritten
        .iter()
        .find(|p| p.starts_with("search/c-"))
        .expect("the card shard of recommendation 1 is written again")
        .clone();
    assert!(page(&site, "town-centre/recommendations/1/index.html")
        .contains("Overdue since November 2026"));
    assert!(page(&site, "search/all/index.html")
        .contains("<strong class=\"flag flag--overdue\">Overdue since November 2026</strong>"));
    let flagged: Vec<&str> = rewritten
        .iter()
        .map(String::as_str)
        .filter(|p| !as_of.contains(p))
        .collect();
    assert_eq!(
        flagged,
        [
            // Every list names the others with their counts ("Overdue (1)").
            "awaiting-response/index.html",
            "closed/index.html",
            "data/recommendations.csv",
            "data/recommendations.json",
            "data/town-centre.csv",
            "data/town-centre.json",
            "no-decision/index.html",
            "no-target-date/index.html",
            "overdue/index.html",
            // Its people's pages and the page of everyone, with their counts.
            "people/cabinet-member-for-housing-and-health/index.html",
            "people/head-of-environment-and-public-realm/index.html",
            "people/index.html",
            // The list of every recommendation (search without JavaScript) says its flags.
            "search/all/index.html",
            &new_card_shard,
            &new_facets_file(&rewritten),
            "search/manifest.json",
            "stale/index.html",
            "status/in-progress/index.html",
            "town-centre/awaiting-response/index.html",
            "town-centre/no-decision/index.html",
            "town-centre/no-target-date/index.html",
            "town-centre/overdue/index.html",
            "town-centre/recommendations/1/index.html",
            "town-centre/report/town-centre-action-plan.csv",
            "town-centre/stale/index.html",
            "town-centre/status/in-progress/index.html",
            "town-centre/themes/public-realm/index.html",
            "withdrawn/index.html",
        ],
        "of {total} files"
    );
    // Recommendation 2, whose facts did not change, was not touched, nor were the feeds.
    for kept in [
        "town-centre/recommendations/2/index.html",
        "updates.xml",
        "town-centre/updates.xml",
    ] {
        assert!(!rewritten.iter().any(|r| r == kept), "{kept}");
    }
}

/// The new search facets file among the files a build wrote (its name is its content's hash).
fn new_facets_file(rewritten: &[String]) -> String {
    let facets: Vec<&String> = rewritten
        .iter()
        .filter(|r| r.starts_with("search/f-"))
        .collect();
    assert_eq!(facets.len(), 1, "{rewritten:?}");
    facets[0].clone()
}

/// A review with no date can flag nothing as awaiting a response, nor stale for want of any
/// update: `check` says so where the date belongs, so the gap is not silent.
#[test]
fn a_review_without_a_date_is_warned_about_where_the_date_belongs() {
    let site = Site::fixture("minimal");
    let file = "content/town-centre/_review.md";
    site.edit(file, "date: 2026-09\n", "date:\n");
    site.check()
        .warning("the review has no `date`: no recommendation of it can be flagged as awaiting")
        .at(file, 4, 1)
        .helps("date: 2023-04");
    site.edit(file, "date:\n", "");
    site.check()
        .warning("the review has no `date`")
        .at(file, 2, 1);
    site.run(&["build"]).exits(0);
}
