//! Four councils' plans, each a fixture site under `tests/fixtures/councils/` typed in as a
//! communications officer would:
//!
//! - `rag-tracker`: an Isle of Wight committee's tracker, references SC9 … SC21, rated
//!   Actioned / Pending / Not actioned with free-text outcomes, and no executive decisions;
//! - `action-plan`: an Isle of Wight action plan (No. | Recommendation | Priority |
//!   Responsibility | Agreed | Comments | Date) beside a Maidstone SCRAIP lettered a) to e);
//! - `closed-review`: a review the committee signed off with work unfinished, a withdrawn
//!   recommendation with an earlier address, and a Cabinet role renamed in a reshuffle;
//! - `york-tracker`: a City of York tracker (Reference | Origin | Date | Area | Recommendation |
//!   Exec Date | Lead Officer/EM | Action taken | Status) rated Green / Amber / Red / Paused.
//!
//! Each is checked (exit code, the warnings an editor reads and none that would be wrong),
//! built under a sub-path, and read as a resident reads it: pages, the committee report's
//! columns (page, CSV and Word), the open data, the search facets; then broken the way an
//! editor would break it.

mod common;

use common::{Run, Severity, Site};
use scrutiny::search::shard;

const TRACKER_REVIEW: &str = "corporate-scrutiny-2024-25";
const TRACKER_RECS: &str = "content/corporate-scrutiny-2024-25/recommendations";
const TOILETS: &str = "public-toilets";
const TOILETS_RECS: &str = "content/public-toilets/recommendations";
const TOWN: &str = "safety-in-the-town-centre";
const TOWN_RECS: &str = "content/safety-in-the-town-centre/recommendations";
const ALLOCATIONS: &str = "housing-allocations";
const ALLOCATIONS_RECS: &str = "content/housing-allocations/recommendations";
const TEMPORARY: &str = "temporary-accommodation";
const YORK: &str = "scrutiny-recommendations-2025-26";
const YORK_RECS: &str = "content/scrutiny-recommendations-2025-26/recommendations";

// ---------------------------------------------------------------------------------------------
// Reading what a build wrote.

/// The visible text of HTML (apostrophes are escaped both as `&#x27;` and as `&#39;`).
fn text(html: &str) -> String {
    common::page_text(&html.replace("&#39;", "'"))
}

fn fixture(shape: &str) -> Site {
    Site::fixture(&format!("councils/{shape}"))
}

fn built(shape: &str) -> Site {
    let site = fixture(shape);
    site.run(&["build"]).exits(0);
    site
}

/// A file of the output, as text.
fn out(site: &Site, rel: &str) -> String {
    site.read(&format!("public/{rel}"))
}

/// The visible text of the page at `rel` (a folder under public/, `""` for the home page).
fn page(site: &Site, rel: &str) -> String {
    text(&out(site, &format!("{rel}index.html")))
}

#[track_caller]
fn has(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected {needle:?} in:\n{haystack}"
    );
}

#[track_caller]
fn lacks(haystack: &str, needle: &str) {
    assert!(
        !haystack.contains(needle),
        "did not expect {needle:?} in:\n{haystack}"
    );
}

/// `first` appears, and before `second`.
#[track_caller]
fn before(haystack: &str, first: &str, second: &str) {
    let a = haystack.find(first);
    let b = haystack.find(second);
    assert!(
        matches!((a, b), (Some(a), Some(b)) if a < b),
        "expected {first:?} before {second:?} in:\n{haystack}"
    );
}

fn csv_rows(site: &Site, rel: &str) -> Vec<Vec<String>> {
    let bytes = std::fs::read(site.path().join("public").join(rel)).unwrap();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// One row of a CSV (after the header) by the value of its `column`, as (heading, value).
fn csv_row(rows: &[Vec<String>], column: &str, value: &str) -> Vec<(String, String)> {
    let header = &rows[0];
    let at = header
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("no column {column:?} in {header:?}"));
    let row = rows[1..]
        .iter()
        .find(|r| r[at] == value)
        .unwrap_or_else(|| panic!("no row with {column} = {value:?}"));
    header.iter().cloned().zip(row.iter().cloned()).collect()
}

fn cell<'a>(row: &'a [(String, String)], column: &str) -> &'a str {
    row.iter()
        .find(|(h, _)| h == column)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no column {column:?} in {row:?}"))
}

fn records(site: &Site, rel: &str) -> Vec<serde_json::Value> {
    serde_json::from_str(&out(site, rel)).unwrap()
}

fn record<'a>(
    records: &'a [serde_json::Value],
    review: &str,
    number: &str,
) -> &'a serde_json::Value {
    records
        .iter()
        .find(|r| r["review"] == review && r["number"] == number)
        .unwrap_or_else(|| panic!("no record {review} {number}"))
}

/// The column headings of the committee report's table, in order.
fn report_headings(site: &Site, review: &str) -> Vec<String> {
    let html = out(site, &format!("{review}/report/index.html"));
    let head = html
        .split("<thead>")
        .nth(1)
        .and_then(|h| h.split("</thead>").next())
        .expect("the report has a table head");
    head.split("<th")
        .skip(1)
        .map(|th| {
            let inner = &th[th.find('>').unwrap() + 1..th.find("</th>").unwrap()];
            text(inner)
        })
        .collect()
}

/// The texts of the first row (the headings) of the Word document's table.
fn docx_headings(site: &Site, rel: &str) -> Vec<String> {
    let file = std::fs::File::open(site.path().join("public").join(rel)).unwrap();
    let mut zip = zip::ZipArchive::new(file).expect("the report is a zip (docx)");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let row = xml
        .split("<w:tr>")
        .nth(1)
        .and_then(|r| r.split("</w:tr>").next())
        .expect("the document has a table");
    row.split("<w:tc>")
        .skip(1)
        .map(|tc| {
            tc.split("<w:t")
                .skip(1)
                .filter_map(|t| {
                    let t = &t[t.find('>')? + 1..];
                    Some(t[..t.find("</w:t>")?].to_string())
                })
                .collect::<String>()
                .replace("&amp;", "&")
        })
        .collect()
}

fn manifest(site: &Site) -> serde_json::Value {
    serde_json::from_str(&out(site, "search/manifest.json")).unwrap()
}

/// The search facets, from the file the manifest names.
fn facets(site: &Site) -> shard::Facets {
    let name = manifest(site)["facets"].as_str().unwrap().to_string();
    let bytes = std::fs::read(site.path().join(format!("public/search/f-{name}.bin"))).unwrap();
    shard::decode_facets(&bytes).expect("the facets file decodes")
}

/// (key, label) pairs as the facets file holds them.
fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, l)| (k.to_string(), l.to_string()))
        .collect()
}

/// The status index of each document (in site order, review by review).
fn status_of_docs(f: &shard::Facets) -> Vec<&str> {
    f.flags
        .iter()
        .map(|b| f.statuses[usize::from(b & 7)].0.as_str())
        .collect()
}

fn overdue_docs(f: &shard::Facets) -> Vec<bool> {
    f.flags.iter().map(|b| b & shard::OVERDUE != 0).collect()
}

/// The numbers of the recommendations search finds for one word, as the browser would look it
/// up: the word's term in the term shards, its documents' result cards.
fn found(site: &Site, word: &str) -> Vec<String> {
    let m = manifest(site);
    let term = scrutiny::search::text::terms(word)
        .pop()
        .unwrap_or_else(|| panic!("{word:?} is not indexable"));
    let mut docs = Vec::new();
    for shard_entry in m["terms"].as_array().unwrap() {
        let hash = shard_entry[1].as_str().unwrap();
        let bytes = std::fs::read(site.path().join(format!("public/search/t-{hash}.bin"))).unwrap();
        for t in shard::decode_term_shard(&bytes).expect("a term shard decodes") {
            if t.text == term {
                docs.extend(t.postings.iter().map(|(id, _)| *id as usize));
            }
        }
    }
    let mut cards: Vec<serde_json::Value> = Vec::new();
    for i in 0..m["cards"]["count"].as_u64().unwrap() {
        let cards_hash = m["cards"]["hashes"][i as usize].as_str().unwrap();
        let c: Vec<serde_json::Value> =
            serde_json::from_str(&out(site, &format!("search/c-{cards_hash}-{i}.json"))).unwrap();
        cards.extend(c);
    }
    docs.iter()
        .map(|d| cards[*d][0].as_str().unwrap().to_string())
        .collect()
}

/// Every warning's message, for "these and no others".
fn warning_messages(run: &Run) -> Vec<String> {
    run.warnings().into_iter().map(|d| d.message).collect()
}

// ---------------------------------------------------------------------------------------------
// An Isle of Wight RAG tracker: no decisions, references SC9 … SC21.

#[test]
fn rag_tracker_checks_with_the_warnings_a_tracker_has_and_none_about_decisions() {
    let site = fixture("rag-tracker");
    let run = site.check();
    run.exits(0);
    assert!(run.errors().is_empty(), "{}", run.stderr);
    run.warning("recommendation SC10 is overdue: due March 2025")
        .at(&format!("{TRACKER_RECS}/sc10-planning-backlog.md"), 10, 1);
    run.warning("recommendation SC21 has no lead officer").at(
        &format!("{TRACKER_RECS}/sc21-harbour-board.md"),
        6,
        1,
    );
    run.warning("recommendation SC21 has had no update for over 180 days");
    assert_eq!(warning_messages(&run).len(), 3, "{}", run.stderr);
    // A tracker that records no decisions is never short of one, nor awaiting one, and an
    // outcome left blank is not an "officer response" gap.
    for wrong in ["decision", "awaiting", "response", "placeholder"] {
        assert!(
            !run.stderr.to_lowercase().contains(wrong),
            "no {wrong:?} finding:\n{}",
            run.stderr
        );
    }
    has(
        &run.stderr,
        "Checked 6 recommendations in 1 review: 0 errors, 3 warnings",
    );
}

#[test]
fn rag_tracker_pages_show_ratings_references_in_order_and_no_decision() {
    let site = built("rag-tracker");
    let review = page(&site, &format!("{TRACKER_REVIEW}/"));
    // References sort as the committee reads them: SC9 before SC10, then SC18 … SC21.
    let order = ["SC9 ", "SC10 ", "SC18 ", "SC19 ", "SC20 ", "SC21 "];
    for pair in order.windows(2) {
        before(&review, pair[0], pair[1]);
    }
    has(
        &review,
        "6 recommendations 2 actioned 3 pending 1 not actioned",
    );
    // The ratings' meanings are given beside their counts.
    has(
        &review,
        "Actioned The committee has had the outcome it asked for 2",
    );
    has(
        &review,
        "Not actioned No action yet, or not the outcome asked for 1",
    );
    // No decision anywhere a resident reads.
    lacks(&review, "Decision");
    let html = out(&site, &format!("{TRACKER_REVIEW}/index.html"));
    lacks(&html, "Recommendations by decision");
    assert!(!site.path().join("public/no-decision").exists());
    assert!(!site
        .path()
        .join(format!("public/{TRACKER_REVIEW}/no-decision"))
        .exists());

    let sc9 = page(&site, &format!("{TRACKER_REVIEW}/recommendations/sc9/"));
    has(
        &sc9,
        "Recommendation SC9: Flood advice leaflet for coastal households",
    );
    has(&sc9, "Status: Actioned");
    has(&sc9, "Minute number CSC/24/17");
    has(
        &sc9,
        "Source document https://www.iow.gov.uk/documents/csc-2024-06-11-minutes.pdf",
    );
    has(&sc9, "Actioned. 6,400 leaflets were delivered in October.");
    lacks(&sc9, "Decision");
    lacks(&sc9, "Gaps in this record");
    let sc9_html = out(
        &site,
        &format!("{TRACKER_REVIEW}/recommendations/sc9/index.html"),
    );
    has(
        &sc9_html,
        "<a href=\"https://www.iow.gov.uk/documents/csc-2024-06-11-minutes.pdf\">",
    );
    has(
        &sc9_html,
        "<strong class=\"tag tag--actioned\">Actioned</strong>",
    );
    has(
        &sc9_html,
        "href=\"/scrutiny/tracker/corporate-scrutiny-2024-25/recommendations/sc10/\"",
    );

    let sc10 = page(&site, &format!("{TRACKER_REVIEW}/recommendations/sc10/"));
    has(&sc10, "Status: Pending");
    has(&sc10, "Overdue since March 2025");
    let sc21 = page(&site, &format!("{TRACKER_REVIEW}/recommendations/sc21/"));
    has(&sc21, "Gaps in this record No lead officer is named.");
    lacks(&sc21, "Decision not recorded");
    has(&sc21, "No progress reported since June 2024");

    // The tag colours are the site's.
    let css = out(&site, "static/vocabulary.css");
    has(&css, ".tag--actioned{background:#00703c;color:#fff}");
    has(&css, ".tag--pending{background:#8a4b00;color:#fff}");
    has(&css, ".tag--not-actioned{background:#b3261e;color:#fff}");
    // Pre-built status pages for filtering without JavaScript, under the sub-path.
    let pending = page(&site, "status/pending/");
    has(&pending, "SC10");
    has(&pending, "SC19");
    has(&pending, "SC21");
    lacks(&pending, "SC18");
}

#[test]
fn rag_tracker_report_has_the_committees_columns_and_outcomes() {
    let site = built("rag-tracker");
    let headings = [
        "Ref",
        "Recommendation",
        "Cabinet Member",
        "Minute number",
        "Outcome",
        "RAG",
    ];
    assert_eq!(report_headings(&site, TRACKER_REVIEW), headings);
    let report = page(&site, &format!("{TRACKER_REVIEW}/report/"));
    has(&report, "Progress against the committee's recommendations");
    lacks(&report, "Decision");
    has(&report, "Overdue since March 2025 (1 year 7 months)");
    let file = format!("{TRACKER_REVIEW}/report/{TRACKER_REVIEW}-action-plan");
    let rows = csv_rows(&site, &format!("{file}.csv"));
    assert_eq!(rows[0], headings);
    let numbers: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(numbers, ["SC9", "SC10", "SC18", "SC19", "SC20", "SC21"]);
    let sc20 = csv_row(&rows, "Ref", "SC20");
    assert_eq!(cell(&sc20, "Minute number"), "CSC/25/06");
    has(cell(&sc20, "Outcome"), "To be renegotiated.");
    has(cell(&sc20, "RAG"), "Not actioned");
    has(cell(&csv_row(&rows, "Ref", "SC10"), "RAG"), "Overdue");
    assert_eq!(docx_headings(&site, &format!("{file}.docx")), headings);
}

#[test]
fn rag_tracker_data_carries_the_declared_columns() {
    let site = built("rag-tracker");
    for rel in [
        "data/recommendations.csv".to_string(),
        format!("data/{TRACKER_REVIEW}.csv"),
    ] {
        let rows = csv_rows(&site, &rel);
        let header = &rows[0];
        for column in [
            "Minute number",
            "Source document",
            "Status",
            "Current status",
        ] {
            assert!(
                header.iter().any(|h| h == column),
                "{rel}: {column} in {header:?}"
            );
        }
        let sc9 = csv_row(&rows, "Number", "SC9");
        assert_eq!(cell(&sc9, "Minute number"), "CSC/24/17");
        assert_eq!(
            cell(&sc9, "Source document"),
            "https://www.iow.gov.uk/documents/csc-2024-06-11-minutes.pdf"
        );
        assert_eq!(cell(&sc9, "Current status"), "actioned");
        assert_eq!(
            cell(&sc9, "URL"),
            "https://www.iow.gov.uk/scrutiny/tracker/corporate-scrutiny-2024-25/recommendations/sc9/"
        );
    }
    let recs = records(&site, "data/recommendations.json");
    let numbers: Vec<&str> = recs.iter().map(|r| r["number"].as_str().unwrap()).collect();
    assert_eq!(numbers, ["SC9", "SC10", "SC18", "SC19", "SC20", "SC21"]);
    let sc20 = record(&recs, TRACKER_REVIEW, "SC20");
    assert_eq!(sc20["minute_number"], "CSC/25/06");
    assert_eq!(sc20["current_status"], "not-actioned");
    assert_eq!(sc20["current_status_label"], "Not actioned");
    assert_eq!(sc20["overdue"], false);
    assert_eq!(record(&recs, TRACKER_REVIEW, "SC10")["overdue"], true);
    assert_eq!(
        record(&recs, TRACKER_REVIEW, "SC19")["source_document"],
        serde_json::Value::Null
    );
}

#[test]
fn rag_tracker_search_has_the_ratings_in_order_and_no_decision_filter() {
    let site = built("rag-tracker");
    let f = facets(&site);
    assert_eq!(
        f.statuses,
        pairs(&[
            ("actioned", "Actioned"),
            ("pending", "Pending"),
            ("not-actioned", "Not actioned")
        ])
    );
    // Nothing a resident could filter by: at most the "not recorded" every record has.
    assert!(
        f.decisions.iter().all(|(k, _)| k == "not-recorded"),
        "{:?}",
        f.decisions
    );
    assert_eq!(
        status_of_docs(&f),
        [
            "actioned",
            "pending",
            "actioned",
            "pending",
            "not-actioned",
            "pending"
        ]
    );
    assert_eq!(overdue_docs(&f), [false, true, false, false, false, false]);
    let search = out(&site, "search/index.html");
    has(&search, "name=\"status\" value=\"not-actioned\"");
    lacks(&search, "name=\"decision\"");
    lacks(&search, "name=\"awaiting\"");
    // The site's own fields are searchable: a minute number finds its recommendation.
    assert_eq!(
        found(&site, "CSC"),
        ["SC9", "SC10", "SC18", "SC19", "SC20", "SC21"]
    );
    assert_eq!(found(&site, "renegotiated"), ["SC20"]);
}

#[test]
fn rag_tracker_refuses_a_decision_and_a_missing_rating() {
    let site = fixture("rag-tracker");
    let sc19 = format!("{TRACKER_RECS}/sc19-road-indicators.md");
    site.edit(
        &sc19,
        "status: pending\n",
        "decision: accepted\nstatus: pending\n",
    );
    let sc21 = format!("{TRACKER_RECS}/sc21-harbour-board.md");
    site.edit(&sc21, "status: pending\n", "");
    let run = site.check();
    run.exits(1);
    run.error("this site records no decisions")
        .at(&sc19, 10, 1)
        .shows("decision: accepted")
        .helps("remove the `decision` line");
    run.error("missing required key `status`")
        .at(&sc21, 2, 1)
        .helps("`actioned`, `pending` or `not-actioned`");
    assert_eq!(run.errors().len(), 2, "{}", run.stderr);
    site.run(&["build"]).exits(1);
    assert!(!site.path().join("public").exists());
}

/// The home page of a tracker that records no decisions does not promise them.
#[test]
fn rag_tracker_home_page_does_not_promise_decisions() {
    let site = built("rag-tracker");
    let home = page(&site, "");
    has(
        &home,
        "6 recommendations 2 actioned 3 pending 1 not actioned",
    );
    lacks(&home, "decision");
}

/// A tracker without decisions has nothing awaiting one, and its data has no decision column.
#[test]
fn rag_tracker_has_no_awaiting_lists_and_no_decision_data_column() {
    let site = built("rag-tracker");
    let home = page(&site, "");
    lacks(&home, "awaiting");
    assert!(!site.path().join("public/awaiting-response").exists());
    let review = page(&site, &format!("{TRACKER_REVIEW}/"));
    lacks(&review, "Awaiting response");
    for rel in [
        "data/recommendations.csv".to_string(),
        format!("data/{TRACKER_REVIEW}.csv"),
    ] {
        let rows = csv_rows(&site, &rel);
        assert!(
            !rows[0].iter().any(|h| h == "Decision"),
            "{rel}: {:?}",
            rows[0]
        );
    }
}

/// `check`'s advice on an overdue rating names the site's own done status.
#[test]
fn rag_tracker_overdue_help_names_the_sites_done_status() {
    let run = fixture("rag-tracker").check();
    let d = run.warning("recommendation SC10 is overdue");
    d.helps("actioned");
    assert!(
        !d.help.as_deref().unwrap_or("").contains("completed"),
        "{d:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// An Isle of Wight action plan with priorities, beside a Maidstone SCRAIP lettered a) to e).

#[test]
fn action_plan_checks_with_its_own_decisions() {
    let site = fixture("action-plan");
    let run = site.check();
    run.exits(0);
    assert!(run.errors().is_empty(), "{}", run.stderr);
    run.warning("recommendation 1 is overdue: due March 2025")
        .at(&format!("{TOILETS_RECS}/01-toilet-provision.md"), 12, 1);
    run.warning("recommendation 4 has had no update for over 180 days");
    run.warning("recommendation e) is still awaiting a response")
        .at(&format!("{TOWN_RECS}/e-night-bus.md"), 10, 1)
        .shows("decision: to-be-decided");
    assert_eq!(warning_messages(&run).len(), 3, "{}", run.stderr);
    // Not agreed with a reason, and noted: nothing to report; no default decision is expected.
    for wrong in [
        "recommendation 3 ",
        "recommendation 5 ",
        "recommendation d) ",
        "not recorded",
    ] {
        lacks(&run.stderr, wrong);
    }
}

#[test]
fn action_plan_pages_show_priorities_decisions_and_lettered_numbers() {
    let site = built("action-plan");
    let rec1 = page(&site, &format!("{TOILETS}/recommendations/1/"));
    has(&rec1, "Status: Under way");
    has(&rec1, "Overdue since March 2025");
    has(&rec1, "Decision Agreed");
    has(&rec1, "Priority High");
    has(&rec1, "Minute number PSCNR/24/31");
    has(&rec1, "Timetable in the plan: “Mar-25”");
    has(
        &rec1,
        "Source document https://democracy.iow.gov.uk/documents/cabinet-2024-12-12-decision.pdf",
    );
    let rec4 = page(&site, &format!("{TOILETS}/recommendations/4/"));
    has(&rec4, "Decision Agreed in principle");
    let rec5 = page(&site, &format!("{TOILETS}/recommendations/5/"));
    has(&rec5, "Decision Noted");

    // Lettered numbers are kept as written, in order, at addresses made from them.
    let town = page(&site, &format!("{TOWN}/"));
    for pair in ["a) ", "b) ", "c) ", "d) ", "e) "].windows(2) {
        before(&town, pair[0], pair[1]);
    }
    has(
        &town,
        "a) Regular meetings with the Police Press Office Completed Agreed",
    );
    has(
        &town,
        "e) A late-night bus from the town centre Not started To be decided",
    );
    // The site's decisions, in its order, with the one it did not name last.
    has(
        &town,
        "Recommendations by decision Decision Recommendations Agreed 2 Agreed in part 1 \
         Agreed in principle 0 Noted 0 Not agreed 1 To be decided 1 Decision not recorded 0",
    );
    let c = page(&site, &format!("{TOWN}/recommendations/c/"));
    has(
        &c,
        "Recommendation c): Asking the police to publicise their engagement plans",
    );
    has(&c, "Decision Agreed in part");
    let e = page(&site, &format!("{TOWN}/recommendations/e/"));
    has(&e, "Awaiting a decision, due by");

    // A choice field has a list page per choice, under the sub-path.
    let high = page(&site, "lists/priority/high/");
    has(&high, "2 recommendations with priority High");
    has(&high, "Review of public toilet provision");
    has(&high, "Publishing highways defect response times");
    lacks(&high, "Quarterly community safety briefings");
    let high_html = out(&site, "lists/priority/high/index.html");
    has(&high_html, "href=\"/action-plans/lists/priority/medium/\"");
    has(
        &page(&site, "lists/priority/low/"),
        "2 recommendations with priority Low",
    );
}

#[test]
fn action_plan_report_columns_are_the_isle_of_wight_plans() {
    let site = built("action-plan");
    let headings = [
        "No.",
        "Recommendation",
        "Priority",
        "Responsibility",
        "Agreed",
        "Comments",
        "Date",
    ];
    for review in [TOILETS, TOWN] {
        assert_eq!(report_headings(&site, review), headings, "{review}");
        let file = format!("{review}/report/{review}-action-plan");
        assert_eq!(
            csv_rows(&site, &format!("{file}.csv"))[0],
            headings,
            "{review}"
        );
        assert_eq!(
            docx_headings(&site, &format!("{file}.docx")),
            headings,
            "{review}"
        );
    }
    let report = page(&site, &format!("{TOILETS}/report/"));
    has(&report, "Action plan");
    has(&report, "Recommendation 3 Not proceeding That the youth forum is consulted on the budget. Low Head of Youth Services Not agreed");
    let rows = csv_rows(
        &site,
        &format!("{TOILETS}/report/{TOILETS}-action-plan.csv"),
    );
    let two = &rows[2];
    assert!(two[0].starts_with("2\n"), "{two:?}");
    assert_eq!(
        &two[2..5],
        ["Medium", "Community Safety Manager", "Agreed in part"]
    );
    assert_eq!(two[6], "“On-going”");
    // The status has no column here: it and the flags open the number's cell.
    has(&rows[1][0], "Status: Under way");
    has(&rows[1][0], "Overdue");
    let town = csv_rows(&site, &format!("{TOWN}/report/{TOWN}-action-plan.csv"));
    let numbers: Vec<&str> = town[1..]
        .iter()
        .map(|r| r[0].lines().next().unwrap())
        .collect();
    assert_eq!(numbers, ["a)", "b)", "c)", "d)", "e)"]);
    assert_eq!(town[4][4], "Not agreed");
    assert_eq!(town[5][2], "", "the SCRAIP gives no priority");
}

#[test]
fn action_plan_data_has_priority_minute_and_source_columns() {
    let site = built("action-plan");
    for rel in [
        "data/recommendations.csv".to_string(),
        format!("data/{TOILETS}.csv"),
        format!("data/{TOWN}.csv"),
    ] {
        let header = &csv_rows(&site, &rel)[0];
        for column in ["Priority", "Minute number", "Source document", "Decision"] {
            assert!(
                header.iter().any(|h| h == column),
                "{rel}: {column} in {header:?}"
            );
        }
    }
    let rows = csv_rows(&site, &format!("data/{TOILETS}.csv"));
    let two = csv_row(&rows, "Number", "2");
    assert_eq!(cell(&two, "Priority"), "Medium");
    assert_eq!(cell(&two, "Decision"), "agreed-in-part");
    let recs = records(&site, "data/recommendations.json");
    let one = record(&recs, TOILETS, "1");
    assert_eq!(one["priority"], "High");
    assert_eq!(one["minute_number"], "PSCNR/24/31");
    assert_eq!(one["decision"], "agreed");
    assert_eq!(one["timetable"], "Mar-25");
    let c = record(&recs, TOWN, "c)");
    assert_eq!(c["decision"], "agreed-in-part");
    assert_eq!(
        c["url"],
        "https://democracy.iow.gov.uk/action-plans/safety-in-the-town-centre/recommendations/c/"
    );
    assert_eq!(c["priority"], serde_json::Value::Null);
    assert_eq!(record(&recs, TOWN, "e)")["awaiting_response"], true);
}

#[test]
fn action_plan_search_offers_the_sites_decisions_in_its_order() {
    let site = built("action-plan");
    let f = facets(&site);
    assert_eq!(
        f.statuses,
        pairs(&[
            ("not-started", "Not started"),
            ("in-progress", "Under way"),
            ("ongoing", "Ongoing"),
            ("completed", "Completed"),
            ("not-proceeding", "Not proceeding")
        ])
    );
    assert_eq!(
        f.decisions,
        pairs(&[
            ("agreed", "Agreed"),
            ("agreed-in-part", "Agreed in part"),
            ("agreed-in-principle", "Agreed in principle"),
            ("noted", "Noted"),
            ("not-agreed", "Not agreed"),
            ("to-be-decided", "To be decided"),
            ("not-recorded", "Decision not recorded")
        ])
    );
    let decision_of = |i: usize| f.decisions[usize::from((f.flags[i] >> 3) & 7)].0.as_str();
    // Documents: the toilets review (1 … 5), then the town centre (a … e).
    let decisions: Vec<&str> = (0..10).map(decision_of).collect();
    assert_eq!(
        decisions,
        [
            "agreed",
            "agreed-in-part",
            "not-agreed",
            "agreed-in-principle",
            "noted",
            "agreed",
            "agreed",
            "agreed-in-part",
            "not-agreed",
            "to-be-decided"
        ]
    );
    assert_eq!(f.review_starts, [0, 5]);
    assert_ne!(f.flags[9] & shard::AWAITING, 0, "e) is awaiting a response");
    let search = out(&site, "search/index.html");
    before(
        &search,
        "name=\"decision\" value=\"agreed\"",
        "name=\"decision\" value=\"to-be-decided\"",
    );
    has(&search, "Agreed in principle");
    // The priority and the minute number are found by search.
    assert_eq!(found(&site, "Medium"), ["2"]);
    assert_eq!(found(&site, "PSCNR"), ["1"]);
}

#[test]
fn action_plan_refuses_a_misspelt_decision_a_pale_colour_and_an_unknown_priority() {
    let site = fixture("action-plan");
    site.edit(
        "site.yaml",
        "in-progress: { label: Under way }",
        "in-progress: { label: Under way, colour: \"#ffbf47\" }",
    );
    let rec1 = format!("{TOILETS_RECS}/01-toilet-provision.md");
    site.edit(&rec1, "decision: agreed\n", "decision: agred\n");
    site.edit(&rec1, "priority: High", "priority: Urgent");
    let rec2 = format!("{TOILETS_RECS}/02-ward-briefings.md");
    site.edit(&rec2, "decision: agreed-in-part", "decision: accepted");
    let run = site.check();
    run.exits(1);
    let colour =
        run.error("white text on `#ffbf47` (the “Under way” tag) has a contrast of 1.64:1");
    has(&colour.message, "4.5:1");
    assert!(colour.location.starts_with("site.yaml:12:"), "{colour:#?}");
    run.error("unknown decision `agred`")
        .at(&rec1, 11, 11)
        .helps("did you mean `agreed`?");
    run.error("`Urgent` is not one of the choices for `priority`")
        .at(&rec1, 15, 11)
        .helps("`High`, `Medium` or `Low`");
    // The default set's word is not this site's.
    run.error("unknown decision `accepted`")
        .at(&rec2, 10, 11)
        .helps("`agreed`, `agreed-in-part`, `agreed-in-principle`, `noted`, `not-agreed` or `to-be-decided`");
    assert_eq!(run.errors().len(), 4, "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// A closed review, a withdrawn recommendation with an earlier address, a renamed role.

#[test]
fn closed_review_checks_without_lateness_for_work_the_committee_signed_off() {
    let site = fixture("closed-review");
    let run = site.check();
    run.exits(0);
    assert!(run.errors().is_empty(), "{}", run.stderr);
    // Only the current review's late work is reported.
    run.warning("recommendation 1 is overdue: due September 2026");
    assert_eq!(warning_messages(&run).len(), 1, "{}", run.stderr);
    let allocations: Vec<_> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.file().starts_with("content/housing-allocations"))
        .collect();
    assert!(allocations.is_empty(), "{allocations:#?}");
    // A closing reason needs its date.
    site.edit(
        &format!("content/{ALLOCATIONS}/_review.md"),
        "closed: 2025-03-12\n",
        "",
    );
    let run = site.check();
    run.exits(1);
    run.error("`closed_reason` without a `closed` date").at(
        &format!("content/{ALLOCATIONS}/_review.md"),
        7,
        1,
    );
}

#[test]
fn a_site_whose_reviews_are_all_closed_has_no_empty_current_reviews_heading() {
    let site = fixture("closed-review");
    site.edit(
        &format!("content/{TEMPORARY}/_review.md"),
        "reported_to: Cabinet\n",
        "reported_to: Cabinet\nclosed: 2026-10-01\nclosed_reason: \"signed off by the committee\"\n",
    );
    site.run(&["build"]).exits(0);
    let home = page(&site, "");
    assert!(!home.contains("Current reviews"), "{home}");
    before(&home, "Closed reviews", "Housing allocations");
    has(&home, "Temporary accommodation");
}

#[test]
fn closed_review_is_apart_on_the_home_page_and_flagged_on_its_pages() {
    let site = built("closed-review");
    let home = page(&site, "");
    before(&home, "Current reviews", "Temporary accommodation");
    before(&home, "Temporary accommodation", "Closed reviews");
    before(&home, "Closed reviews", "Housing allocations");
    has(&home, "closed 12 March 2025 (signed off by the committee)");
    has(&home, "1 overdue 2 closed without completion 1 withdrawn");
    let home_html = out(&site, "index.html");
    has(&home_html, "<a href=\"/scrutiny/closed/\">");
    has(&home_html, "<a href=\"/scrutiny/withdrawn/\">");

    let review = page(&site, &format!("{ALLOCATIONS}/"));
    has(&review, "This review was closed on 12 March 2025");
    has(&review, "signed off by the committee");
    has(
        &review,
        "Source documents Minutes of the meeting of 12 March 2025",
    );
    has(
        &out(&site, &format!("{ALLOCATIONS}/index.html")),
        "<a href=\"https://meetings.maidstone.gov.uk/documents/chep-2025-03-12-minutes.pdf\">",
    );
    has(&review, "0 overdue 2 closed without completion 1 withdrawn");

    // Unfinished: shown as left, flagged, never late or awaiting.
    let two = page(&site, &format!("{ALLOCATIONS}/recommendations/2/"));
    has(
        &two,
        "Status: In progress Closed without completion on 12 March 2025",
    );
    lacks(&two, "Overdue");
    lacks(&two, "No progress reported since");
    let four = page(&site, &format!("{ALLOCATIONS}/recommendations/4/"));
    has(&four, "Closed without completion on 12 March 2025");
    lacks(&four, "Awaiting a decision");
    // Done before the close: no flag.
    let one = page(&site, &format!("{ALLOCATIONS}/recommendations/1/"));
    has(&one, "Status: Completed");
    lacks(&one, "Closed without completion");
    // Withdrawn: the page stays, with the date and the reason.
    let three = page(&site, &format!("{ALLOCATIONS}/recommendations/3/"));
    has(&three, "withdrawn on 1 October 2024");
    has(&three, "superseded by the Housing Strategy 2025–2030");
    lacks(&three, "Closed without completion");
    lacks(&three, "Overdue");

    for list in ["closed/".to_string(), format!("{ALLOCATIONS}/closed/")] {
        let p = page(&site, &list);
        has(&p, "2 recommendations closed without completion");
        has(&p, "Publishing waiting times by property size");
        has(&p, "An online portal for applicants");
        lacks(&p, "Plain-English banding letters");
        lacks(&p, "A choice-based lettings pilot");
    }
    let withdrawn = page(&site, "withdrawn/");
    has(&withdrawn, "1 recommendation withdrawn");
    has(&withdrawn, "A choice-based lettings pilot");
    // An open review has no list of stopped work: none is made, and none is linked.
    for list in ["closed", "withdrawn"] {
        let file = format!("public/{TEMPORARY}/{list}/index.html");
        assert!(!site.path().join(&file).exists(), "{file}");
        lacks(
            &out(&site, &format!("{TEMPORARY}/index.html")),
            &format!("/{TEMPORARY}/{list}/"),
        );
    }
    let overdue = page(&site, "overdue/");
    has(
        &overdue,
        "No families in bed and breakfast beyond six weeks",
    );
    lacks(&overdue, "Publishing waiting times by property size");
}

#[test]
fn an_earlier_address_sends_readers_on() {
    let site = built("closed-review");
    let html = out(&site, "housing/allocations/3/index.html");
    has(
        &html,
        "<meta http-equiv=\"refresh\" content=\"0; url=/scrutiny/housing-allocations/recommendations/3/\">",
    );
    has(
        &html,
        "<a href=\"/scrutiny/housing-allocations/recommendations/3/\">Recommendation 3: A choice-based lettings pilot</a>",
    );
    has(&html, "<meta name=\"robots\" content=\"noindex\">");
    has(
        &html,
        "<link rel=\"canonical\" href=\"https://www.maidstone.gov.uk/scrutiny/housing-allocations/recommendations/3/\">",
    );
    lacks(&out(&site, "sitemap.xml"), "housing/allocations");
}

#[test]
fn a_renamed_role_is_followed_from_the_old_name_to_the_new() {
    let site = built("closed-review");
    let old = page(&site, "people/cabinet-member-for-housing-and-health/");
    has(&old, "This role is now called Cabinet Member for Housing");
    has(&old, "4 recommendations");
    has(
        &out(
            &site,
            "people/cabinet-member-for-housing-and-health/index.html",
        ),
        "href=\"/scrutiny/people/cabinet-member-for-housing/\"",
    );
    let new = page(&site, "people/cabinet-member-for-housing/");
    has(
        &new,
        "This role was called Cabinet Member for Housing and Health before",
    );
    has(&new, "6 recommendations");
    for title in [
        "Plain-English banding letters",
        "Publishing waiting times by property size",
        "No families in bed and breakfast beyond six weeks",
        "School transport for families placed out of the borough",
    ] {
        has(&new, title);
    }
    // The record keeps the name it was written with.
    has(
        &page(&site, &format!("{ALLOCATIONS}/recommendations/1/")),
        "Cabinet member Cabinet Member for Housing and Health",
    );
}

#[test]
fn closed_review_report_and_data_say_what_was_left_unfinished() {
    let site = built("closed-review");
    let headings = [
        "Recommendation & intended outcome",
        "Cabinet Member",
        "Financial impact",
        "Officer response",
        "Lead officer",
        "Status",
    ];
    assert_eq!(report_headings(&site, ALLOCATIONS), headings);
    let file = format!("{ALLOCATIONS}/report/{ALLOCATIONS}-action-plan");
    let rows = csv_rows(&site, &format!("{file}.csv"));
    assert_eq!(rows[0], headings);
    assert_eq!(docx_headings(&site, &format!("{file}.docx")), headings);
    has(&rows[2][5], "Closed without completion");
    lacks(&rows[2][5], "Overdue");
    has(&rows[3][5], "Withdrawn");
    has(&rows[4][5], "Closed without completion");
    lacks(&rows[1][5], "Closed without completion");
    let report = page(&site, &format!("{ALLOCATIONS}/report/"));
    has(
        &report,
        "Of these: 2 closed without completion, 1 withdrawn.",
    );
    has(&report, "Closed without completion on 12 March 2025");
    has(&report, "Withdrawn on 1 October 2024");

    let data = csv_rows(&site, "data/recommendations.csv");
    let two = csv_row(
        &data,
        "URL",
        "https://www.maidstone.gov.uk/scrutiny/housing-allocations/recommendations/2/",
    );
    assert_eq!(cell(&two, "Closed without completion"), "yes");
    assert_eq!(cell(&two, "Overdue"), "no");
    let three = csv_row(&data, "Withdrawn", "2024-10-01");
    assert_eq!(
        cell(&three, "Withdrawn reason"),
        "superseded by the Housing Strategy 2025–2030"
    );
    assert_eq!(cell(&three, "Closed without completion"), "no");
    let recs = records(&site, "data/recommendations.json");
    let two = record(&recs, ALLOCATIONS, "2");
    assert_eq!(two["review_closed"], "2025-03-12");
    assert_eq!(two["closed_without_completion"], true);
    assert_eq!(two["overdue"], false);
    assert_eq!(two["done"], false);
    let four = record(&recs, ALLOCATIONS, "4");
    assert_eq!(four["awaiting_response"], false);
    assert_eq!(four["closed_without_completion"], true);
    let three = record(&recs, ALLOCATIONS, "3");
    assert_eq!(
        three["aliases"],
        serde_json::json!(["housing/allocations/3"])
    );
    assert_eq!(
        three["withdrawn_reason"],
        "superseded by the Housing Strategy 2025–2030"
    );
    assert_eq!(record(&recs, TEMPORARY, "1")["overdue"], true);

    let f = facets(&site);
    assert_eq!(
        f.decisions,
        pairs(&[
            ("accepted", "Accepted"),
            ("partially-accepted", "Partially accepted"),
            ("not-accepted", "Not accepted"),
            ("awaiting-response", "Awaiting response"),
            ("not-recorded", "Decision not recorded")
        ])
    );
    // Housing allocations 1 … 4, then temporary accommodation 1, 2: only the last review's
    // first recommendation is overdue, and nothing is awaiting.
    assert_eq!(overdue_docs(&f), [false, false, false, false, true, false]);
    assert!(f.flags.iter().all(|b| b & shard::AWAITING == 0));
}

#[test]
fn an_earlier_address_that_is_already_a_page_is_refused() {
    let site = fixture("closed-review");
    let three = format!("{ALLOCATIONS_RECS}/03-choice-based-lettings.md");
    site.edit(
        &three,
        "  - housing/allocations/3\n",
        "  - housing/allocations/3\n  - temporary-accommodation/recommendations/1\n  - people/cabinet-member-for-housing\n",
    );
    let run = site.check();
    run.exits(1);
    let d = run.find_in(
        &three,
        Severity::Error,
        "the earlier address `temporary-accommodation/recommendations/1/` is already recommendation 1 of Temporary accommodation",
    );
    d.helps("remove it from `aliases`");
    run.find_in(
        &three,
        Severity::Error,
        "the earlier address `people/cabinet-member-for-housing/` is already one of the site's own pages",
    );
    assert_eq!(run.errors().len(), 2, "{}", run.stderr);
    site.run(&["build"]).exits(1);
}

/// An alias error points at the alias, as every other error points at its line.
#[test]
fn an_earlier_address_error_points_at_the_alias() {
    let site = fixture("closed-review");
    let three = format!("{ALLOCATIONS_RECS}/03-choice-based-lettings.md");
    site.edit(
        &three,
        "  - housing/allocations/3\n",
        "  - housing/allocations/3\n  - temporary-accommodation/recommendations/1\n",
    );
    let run = site.check();
    run.error("the earlier address `temporary-accommodation/recommendations/1/`")
        .at(&three, 17, 5)
        .shows("  - temporary-accommodation/recommendations/1");
}

/// An alias may not take a review's own report or list page: the build would replace the page
/// with a redirect.
#[test]
fn an_earlier_address_may_not_take_a_reviews_report_or_lists() {
    let site = fixture("closed-review");
    let three = format!("{ALLOCATIONS_RECS}/03-choice-based-lettings.md");
    site.edit(
        &three,
        "  - housing/allocations/3\n",
        "  - housing/allocations/3\n  - housing-allocations/report\n  - temporary-accommodation/overdue\n",
    );
    let run = site.check();
    run.exits(1);
    run.error("the earlier address `housing-allocations/report/`");
    run.error("the earlier address `temporary-accommodation/overdue/`");
}

/// The open data keeps the date a recommendation was withdrawn, as the CSV does.
#[test]
fn the_json_record_keeps_the_withdrawn_date() {
    let site = built("closed-review");
    let recs = records(&site, "data/recommendations.json");
    let three = record(&recs, ALLOCATIONS, "3");
    assert_eq!(three["withdrawn"], "2024-10-01", "{three:#}");
}

// ---------------------------------------------------------------------------------------------
// A City of York reference tracker: Green / Amber / Red / Paused.

#[test]
fn york_tracker_checks_and_never_calls_paused_work_late() {
    let site = fixture("york-tracker");
    let run = site.check();
    run.exits(0);
    assert!(run.errors().is_empty(), "{}", run.stderr);
    run.warning("recommendation SR (25/26) 03 is overdue: due January 2026")
        .at(&format!("{YORK_RECS}/sr-25-26-03.md"), 8, 1)
        .shows("status: red");
    assert_eq!(warning_messages(&run).len(), 1, "{}", run.stderr);
    // Paused past its target date, never updated: neither overdue nor stale.
    lacks(&run.stderr, "SR (25/26) 04");
    lacks(&run.stderr, "decision");
}

#[test]
fn york_tracker_pages_show_ratings_their_meanings_and_the_trackers_columns() {
    let site = built("york-tracker");
    let review = page(&site, &format!("{YORK}/"));
    has(&review, "5 recommendations 1 green 2 amber 1 red 1 paused");
    has(
        &review,
        "Green Achieved, monitoring no longer required 1 Amber Acceptable progress 2 \
         Red Insufficient progress 1 Paused 1 Total 5",
    );
    for pair in [
        "SR (25/26) 01 ",
        "SR (25/26) 02 ",
        "SR (25/26) 03 ",
        "SR (25/26) 04 ",
        "SR (25/26) 10 ",
    ]
    .windows(2)
    {
        before(&review, pair[0], pair[1]);
    }
    lacks(&review, "Decision");
    has(&review, "SR (25/26) 03 Consulting on the council tax support scheme Red Chief Finance Officer January 2026 Overdue since January 2026");
    has(&review, "SR (25/26) 04 Refreshing school travel plans Paused Head of School Services March 2026 SR (25/26) 10");

    let one = page(&site, &format!("{YORK}/recommendations/sr-25-26-01/"));
    has(
        &one,
        "Recommendation SR (25/26) 01: Bus shelter maintenance and step-free access",
    );
    has(&one, "Status: Green");
    has(&one, "Origin Economy and Place Scrutiny Committee");
    has(&one, "Date 14 July 2025");
    has(&one, "Area Transport");
    has(&one, "Exec Date 2 September 2025");
    has(
        &one,
        "Survey of all shelters completed; repair programme agreed.",
    );
    lacks(&one, "Decision");
    let four = page(&site, &format!("{YORK}/recommendations/sr-25-26-04/"));
    has(&four, "Status: Paused");
    lacks(&four, "Overdue");
    lacks(&four, "No progress reported since");
    has(
        &out(
            &site,
            &format!("{YORK}/recommendations/sr-25-26-04/index.html"),
        ),
        "<strong class=\"tag tag--paused\">Paused</strong>",
    );
    let css = out(&site, "static/vocabulary.css");
    has(&css, ".tag--green{background:#00703c;color:#fff}");
    has(&css, ".tag--amber{background:#8a4b00;color:#fff}");
    has(&css, ".tag--red{background:#b3261e;color:#fff}");
    has(&css, ".tag--paused{");

    // An area is a filter that works without JavaScript.
    let transport = page(&site, "lists/area/transport/");
    has(&transport, "2 recommendations with area Transport");
    has(&transport, "Bus shelter maintenance and step-free access");
    has(&transport, "Publishing taxi licensing enforcement figures");
    has(
        &page(&site, "lists/area/adult-social-care/"),
        "Carers' assessments within 28 days",
    );
    let paused = page(&site, &format!("{YORK}/status/paused/"));
    has(&paused, "Refreshing school travel plans");
    lacks(&paused, "Carers' assessments");
    let overdue = page(&site, "overdue/");
    has(&overdue, "Consulting on the council tax support scheme");
    lacks(&overdue, "Refreshing school travel plans");
    lacks(&page(&site, "stale/"), "Refreshing school travel plans");
}

#[test]
fn york_tracker_report_is_the_trackers_nine_columns() {
    let site = built("york-tracker");
    let headings = [
        "Reference",
        "Origin",
        "Date",
        "Area",
        "Recommendation",
        "Exec Date",
        "Lead Officer/EM",
        "Action taken",
        "Status",
    ];
    assert_eq!(report_headings(&site, YORK), headings);
    let file = format!("{YORK}/report/{YORK}-action-plan");
    let rows = csv_rows(&site, &format!("{file}.csv"));
    assert_eq!(rows[0], headings);
    assert_eq!(docx_headings(&site, &format!("{file}.docx")), headings);
    assert_eq!(
        rows[1][..7],
        [
            "SR (25/26) 01",
            "Economy and Place Scrutiny Committee",
            "14 July 2025",
            "Transport",
            "That the Executive Member for Transport reviews bus shelter maintenance, including step-free access.",
            "2 September 2025",
            "Director of Environment, Transport and Planning",
        ]
    );
    has(&rows[1][8], "Green");
    has(&rows[3][8], "Red");
    has(&rows[3][8], "Overdue");
    has(&rows[4][8], "Paused");
    lacks(&rows[4][8], "Overdue");
    let report = page(&site, &format!("{YORK}/report/"));
    has(&report, "Tracker of scrutiny recommendations");
    has(&report, "Overdue since January 2026 (9 months)");
}

#[test]
fn york_tracker_data_and_search_carry_its_fields_and_ratings() {
    let site = built("york-tracker");
    let rows = csv_rows(&site, "data/recommendations.csv");
    for column in [
        "Origin",
        "Date",
        "Area",
        "Exec Date",
        "Lead Officer",
        "Status",
    ] {
        assert!(
            rows[0].iter().any(|h| h == column),
            "{column} in {:?}",
            rows[0]
        );
    }
    let two = csv_row(&rows, "Number", "SR (25/26) 02");
    assert_eq!(
        cell(&two, "Origin"),
        "Health and Adult Social Care Policy and Scrutiny Committee"
    );
    assert_eq!(cell(&two, "Date"), "2025-07-21");
    assert_eq!(cell(&two, "Area"), "Adult social care");
    assert_eq!(cell(&two, "Exec Date"), "2025-09-02");
    assert_eq!(cell(&two, "Current status"), "amber");
    // The review's file has every column; the site-wide file all but the long texts, then
    // the address of the review's file.
    let review_header = &csv_rows(&site, &format!("data/{YORK}.csv"))[0];
    let mut site_wide: Vec<_> = review_header
        .iter()
        .filter(|h| *h != "Response" && *h != "Updates")
        .cloned()
        .collect();
    site_wide.push("Review data".into());
    assert_eq!(rows[0], site_wide, "the CSV files have the site's columns");
    assert!(review_header.iter().any(|h| h == "Response"));
    let recs = records(&site, &format!("data/{YORK}.json"));
    let four = record(&recs, YORK, "SR (25/26) 04");
    assert_eq!(four["area"], "Education");
    assert_eq!(four["meeting_date"], "2025-09-15");
    assert_eq!(four["exec_date"], serde_json::Value::Null);
    assert_eq!(four["current_status"], "paused");
    assert_eq!(four["paused"], true);
    assert_eq!(four["overdue"], false);
    assert_eq!(four["stale"], false);
    assert_eq!(
        four["url"],
        "https://www.york.gov.uk/scrutiny-tracker/scrutiny-recommendations-2025-26/recommendations/sr-25-26-04/"
    );

    let f = facets(&site);
    assert_eq!(
        f.statuses,
        pairs(&[
            ("green", "Green"),
            ("amber", "Amber"),
            ("red", "Red"),
            ("paused", "Paused")
        ])
    );
    assert!(
        f.decisions.iter().all(|(k, _)| k == "not-recorded"),
        "{:?}",
        f.decisions
    );
    assert_eq!(
        status_of_docs(&f),
        ["green", "amber", "red", "paused", "amber"]
    );
    assert_eq!(overdue_docs(&f), [false, false, true, false, false]);
    let search = out(&site, "search/index.html");
    before(
        &search,
        "name=\"status\" value=\"green\"",
        "name=\"status\" value=\"paused\"",
    );
    lacks(&search, "name=\"decision\"");
    // The origin committee and the area are searchable.
    assert_eq!(found(&site, "Economy"), ["SR (25/26) 01", "SR (25/26) 10"]);
    assert_eq!(found(&site, "Education"), ["SR (25/26) 04"]);
}

#[test]
fn york_tracker_refuses_a_misspelt_rating_a_missing_one_and_a_pale_colour() {
    let site = fixture("york-tracker");
    let two = format!("{YORK_RECS}/sr-25-26-02.md");
    site.edit(&two, "status: amber\n", "status: ambr\n");
    let four = format!("{YORK_RECS}/sr-25-26-04.md");
    site.edit(&four, "status: paused\n", "");
    let run = site.check();
    run.exits(1);
    run.error("unknown status `ambr`")
        .at(&two, 10, 9)
        .shows("status: ambr")
        .helps("did you mean `amber`?");
    run.error("missing required key `status`")
        .at(&four, 2, 1)
        .helps("`green`, `amber`, `red` or `paused`");
    assert_eq!(run.errors().len(), 2, "{}", run.stderr);

    let site = fixture("york-tracker");
    site.edit("site.yaml", "colour: \"#8a4b00\"", "colour: \"#ffbf47\"");
    let run = site.check();
    run.exits(1);
    let d = run.error("white text on `#ffbf47` (the “Amber” tag)");
    has(&d.message, "below the 4.5:1");
    assert_eq!(d.file(), "site.yaml");
    assert!(d.location.starts_with("site.yaml:13:"), "{d:#?}");
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
    site.run(&["build"]).exits(1);
}

/// A tracker that calls its lead officers "Lead Officer/EM" and has no Cabinet Member column
/// relabels and hides the built-in fields.
#[test]
fn york_tracker_relabels_and_hides_built_in_fields() {
    let site = fixture("york-tracker");
    site.edit(
        "site.yaml",
        "fields:\n",
        "fields:\n  - { key: lead_officers, label: Lead Officer/EM }\n  \
         - { key: cabinet_members, shown: hidden }\n  - { key: financial_impact, shown: hidden }\n",
    );
    let run = site.check();
    run.exits(0);
    assert!(run.errors().is_empty(), "{}", run.stderr);
    site.run(&["build"]).exits(0);
    let four = page(&site, &format!("{YORK}/recommendations/sr-25-26-04/"));
    has(&four, "Lead Officer/EM Head of School Services");
    lacks(&four, "Cabinet member");
    lacks(&four, "Financial impact");
    // The label the site gave is used as given, for one officer as for several: the lists'
    // column and each card's cell say it too, never the built-in "Lead officer".
    let dashboard = out(&site, &format!("{YORK}/index.html"));
    has(&dashboard, "<th scope=\"col\">Lead Officer/EM</th>");
    has(&dashboard, "data-label=\"Lead Officer/EM\"");
    lacks(&dashboard, "Lead officer");
    let header = &csv_rows(&site, "data/recommendations.csv")[0];
    assert!(!header.iter().any(|h| h == "Cabinet Member"), "{header:?}");
    assert!(
        !header.iter().any(|h| h == "Financial impact"),
        "{header:?}"
    );
}

/// A cell of the report's spreadsheet does not open with blank lines when the plan gives no
/// action taken yet but an update exists.
#[test]
fn york_tracker_report_cells_do_not_open_with_blank_lines() {
    let site = built("york-tracker");
    let rows = csv_rows(&site, &format!("{YORK}/report/{YORK}-action-plan.csv"));
    let three = &rows[3];
    assert_eq!(three[0], "SR (25/26) 03");
    assert!(
        three[7].starts_with("Latest update, 24 September 2026"),
        "{:?}",
        three[7]
    );
}

/// A declared field whose key is wrong is one error, not one more per key of its line.
#[test]
fn york_tracker_a_bad_field_key_is_one_error() {
    let site = fixture("york-tracker");
    site.edit(
        "site.yaml",
        "fields:\n",
        "fields:\n  - { key: Bad Key, label: Something, type: text }\n",
    );
    let run = site.check();
    run.exits(1);
    run.error("`Bad Key` is not a field key")
        .at("site.yaml", 18, 5);
    assert!(!run.has(Severity::Error, "unknown key"), "{}", run.stderr);
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
}

#[test]
fn a_review_with_no_date_or_committee_marks_each_as_a_gap() {
    let site = fixture("york-tracker");
    let review = format!("content/{YORK}/_review.md");
    site.edit(&review, "committee: Scrutiny committees\n", "");
    site.edit(&review, "date: 2025-07\n", "");
    site.run(&["build"]).exits(0);
    for rel in [
        format!("{YORK}/index.html"),
        format!("{YORK}/report/index.html"),
    ] {
        let html = out(&site, &rel);
        for term in ["Committee", "Recommendations issued"] {
            has(
                &html,
                &format!("<dt>{term}</dt><dd><span class=\"gap\">Not stated</span></dd>"),
            );
        }
    }
}
