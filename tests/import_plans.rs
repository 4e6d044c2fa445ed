//! `scrutiny import` on real councils' plans, each from a CSV written as a spreadsheet exports
//! it (tests/fixtures/import/): the dry run's mapping, the files written, and that the imported
//! site passes `check` and builds.

mod common;

use common::{example_root, run, Run};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A new site made by `init`, with a base address so that it builds.
fn new_site() -> (TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    run(
        tmp.path(),
        &[
            "init",
            site.to_str().unwrap(),
            "--base-url",
            "https://example.org/scrutiny/",
        ],
    )
    .exits(0);
    (tmp, site)
}

fn fixture(name: &str) -> String {
    example_root()
        .join("tests/fixtures/import")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn import(site: &Path, csv: &str, review: &str, more: &[&str]) -> Run {
    let mut args = vec!["import", csv, "--review", review];
    args.extend_from_slice(more);
    run(site, &args)
}

/// The recommendation file of `review` whose name starts with `prefix`.
fn rec(site: &Path, review: &str, prefix: &str) -> String {
    let dir = site.join("content").join(review).join("recommendations");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix}… in {}", dir.display()));
    std::fs::read_to_string(file).unwrap()
}

/// `check` finds no errors (warnings are the plan's real gaps) and `build` succeeds.
#[track_caller]
fn checks_and_builds(site: &Path) {
    let check = run(site, &["check"]);
    assert!(check.errors().is_empty(), "{}", check.stderr);
    check.exits(0);
    run(site, &["build"]).exits(0);
    assert!(site.join("public/index.html").is_file());
}

#[track_caller]
fn has(text: &str, needle: &str) {
    assert!(text.contains(needle), "{needle:?} not in:\n{text}");
}

#[track_caller]
fn lacks(text: &str, needle: &str) {
    assert!(!text.contains(needle), "{needle:?} in:\n{text}");
}

#[test]
fn an_isle_of_wight_action_plan_dry_run_shows_the_mapping_and_what_it_could_not_map() {
    let (_tmp, site) = new_site();
    let r = import(
        &site,
        &fixture("iow-action-plan.csv"),
        "iow",
        &["--dry-run"],
    );
    r.exits(0);
    has(
        &r.stdout,
        "Columns of iow-action-plan.csv:\n  \
         No.             → number\n  \
         Recommendation  → recommendation\n  \
         Priority        → not mapped: kept in the response under \"### Priority\"\n  \
         Responsibility  → lead_officers\n  \
         Agreed          → decision\n  \
         Comments        → response (the file's body)\n  \
         Date            → timetable\n  \
         Column 8        → empty: nothing to import\n\
         Unmapped: Priority (map with --column KEY=HEADER, or leave out with --skip Priority)\n\
         Values not taken as they stand:\n  \
         line  column  value     what was done instead\n  \
         4     Date    On-going  also read as status `ongoing`; the timetable is kept as written\n  \
         7     Agreed  Noted     not understood: kept in the response under \"### Agreed\"; decision `not-recorded`\n",
    );
    has(&r.stdout, "nothing was written");
    assert!(!site.join("content/iow").exists());
    // Skipped, a column is neither imported nor reported.
    let r = import(
        &site,
        &fixture("iow-action-plan.csv"),
        "iow",
        &["--dry-run", "--skip", "priority"],
    );
    has(&r.stdout, "  Priority        → skipped (--skip)\n");
    lacks(&r.stdout, "Unmapped:");
}

#[test]
fn an_isle_of_wight_action_plan_imports_agreed_and_month_dates() {
    let (_tmp, site) = new_site();
    let r = import(
        &site,
        &fixture("iow-action-plan.csv"),
        "iow",
        &["--skip", "Priority"],
    );
    r.exits(0);
    has(&r.stdout, "Imported 5 recommendations");
    let one = rec(&site, "iow", "01-");
    has(
        &one,
        "title: The Cabinet Member reviews the provision of public toilets\n",
    );
    has(&one, "lead_officers:\n  - Director of Community Services\n");
    has(&one, "decision: accepted\n");
    has(&one, "due: 2025-03\ntimetable: Mar-25\n");
    has(&one, "---\nAgreed. A review will report to the committee in March.\nOfficers will consult town and parish councils.\n");
    lacks(&one, "Priority");
    let two = rec(&site, "iow", "02-");
    has(
        &two,
        "decision: partially-accepted\nstatus: ongoing\ntimetable: On-going\n",
    );
    lacks(&two, "due:");
    let three = rec(&site, "iow", "03-");
    has(&three, "decision: not-accepted\n");
    lacks(&three, "timetable:");
    lacks(&three, "due:");
    let four = rec(&site, "iow", "04-");
    has(
        &four,
        "title: The Council publishes its response times for highways defects\n",
    );
    has(&four, "decision: accepted\n");
    has(&four, "due: 2025-03\ntimetable: March 2025\n");
    let five = rec(&site, "iow", "05-");
    has(&five, "decision: not-recorded\n");
    has(
        &five,
        "The committee may set one up itself.\n\n### Agreed\n\nNoted\n",
    );
    r.warning("the decision `Noted` in column `Agreed` is not understood");
    checks_and_builds(&site);
}

#[test]
fn an_isle_of_wight_tracker_numbers_from_its_blank_column_and_dates_its_outcomes() {
    let (_tmp, site) = new_site();
    let csv = fixture("iow-tracker.csv");
    let before = std::fs::read_dir(site.join("content")).unwrap().count();
    let r = import(&site, &csv, "tracker", &[]);
    r.exits(1);
    let e = r.error("the column `Outcome` holds progress");
    e.helps("add --as-of YYYY-MM-DD");
    e.helps("--skip \"Outcome\"");
    assert_eq!(
        std::fs::read_dir(site.join("content")).unwrap().count(),
        before
    );
    import(&site, &csv, "tracker", &["--as-of", "2026-12-01"])
        .exits(1)
        .error("--as-of 2026-12-01 is after today");

    let r = import(
        &site,
        &csv,
        "tracker",
        &["--as-of", "2025-06-30", "--dry-run"],
    );
    has(
        &r.stdout,
        "  Column 1        → number\n  Recommendation  → recommendation\n  Outcome         → an update dated 2025-06-30\n",
    );
    import(&site, &csv, "tracker", &["--as-of", "2025-06-30"]).exits(0);
    let sc18 = rec(&site, "tracker", "sc18-");
    has(&sc18, "number: SC18\n");
    has(
        &sc18,
        "title: The Cabinet Member for Highways writes to the PFI contractor…\n",
    );
    has(&sc18, "status: completed\nupdates:\n  - date: 2025-06-30\n    status: completed\n    note: |\n      Actioned.\n");
    let sc19 = rec(&site, "tracker", "sc19-");
    has(&sc19, "status: not-started\nupdates:\n  - date: 2025-06-30\n    status: not-started\n    note: |\n      Pending\n");
    let sc20 = rec(&site, "tracker", "sc20-");
    has(&sc20, "status: not-started\nupdates:\n  - date: 2025-06-30\n    note: |\n      To be renegotiated\n");
    let sc21 = rec(&site, "tracker", "sc21-");
    lacks(&sc21, "updates:");
    // The tracker's references are found whatever their case.
    run(
        &site,
        &[
            "update",
            "tracker/sc20",
            "--note",
            "Agreed with the contractor.",
            "--date",
            "2025-09-01",
        ],
    )
    .exits(0);
    has(&rec(&site, "tracker", "sc20-"), "  - date: 2025-09-01\n");
    checks_and_builds(&site);
}

#[test]
fn a_city_of_york_tracker_keeps_its_references_and_reports_its_ratings() {
    let (_tmp, site) = new_site();
    let csv = fixture("york-tracker.csv");
    let r = import(&site, &csv, "york", &["--as-of", "2025-10-01", "--dry-run"]);
    lacks(&r.stdout, "Not mapped, kept in the responses");
    r.exits(0);
    has(&r.stdout, "  Reference        → number\n");
    has(&r.stdout, "  Date             → timetable\n");
    has(&r.stdout, "  Lead Officer/EM  → lead_officers\n");
    has(
        &r.stdout,
        "  Action taken     → an update dated 2025-10-01\n",
    );
    has(&r.stdout, "Unmapped: Origin, Area, Exec Date (map with --column KEY=HEADER, or leave out with --skip Origin --skip Area --skip \"Exec Date\")\n");
    has(&r.stdout, "  2     Status  Green   not understood: kept in the response under \"### Status\"; status `not-started`\n");
    has(&r.stdout, "  5     Status  Paused  not understood:");

    // The Date column is when the committee met, not a target: leave it out.
    let r = import(
        &site,
        &csv,
        "york",
        &[
            "--as-of",
            "2025-10-01",
            "--skip",
            "Date",
            "--column",
            "theme=Area",
        ],
    );
    r.exits(0);
    has(&r.stdout, "Not mapped, kept in the responses under their headings: Origin, Exec Date (leave a column out with --skip COLUMN)\n");
    let one = rec(&site, "york", "sr-25-26-01-");
    has(&one, "number: SR (25/26) 01\n");
    has(&one, "theme: transport\n");
    has(&one, "lead_officers:\n  - Director of Environment, Transport and Planning\n  - Executive Member for Transport\n");
    has(&one, "  - date: 2025-10-01\n    note: |\n      Survey of all shelters completed; repair programme agreed.\n");
    has(&one, "### Exec Date\n\n02/09/2025\n\n### Status\n\nGreen\n");
    lacks(&one, "due:");
    lacks(&one, "timetable:");
    let three = rec(&site, "york", "sr-25-26-03-");
    lacks(&three, "updates:");
    assert!(site
        .join("content/york/themes/adult-social-care.md")
        .is_file());
    run(
        &site,
        &[
            "update",
            "york/sr (25/26) 03",
            "--note",
            "Consultation opens in January.",
            "--date",
            "2025-11",
        ],
    )
    .exits(0);
    checks_and_builds(&site);
}

#[test]
fn a_maidstone_scraip_lettered_a_to_d_reads_decisions_from_its_responses() {
    let (_tmp, site) = new_site();
    let csv = fixture("maidstone-scraip.csv");
    let r = import(&site, &csv, "town-centre", &["--dry-run"]);
    r.exits(0);
    has(&r.stdout, "  2     Timetable           Completed                         also read as status `completed`; the timetable is kept as written\n");
    has(&r.stdout, "  2     Officer Response/s  Agreed. Meetings are held month…  no decision column is mapped, so the decision `accepted` is read from the opening words \"Agreed\"; the text stays in the response\n");
    has(&r.stdout, "  9     Officer Response/s  Not agreed: there is no budget…   no decision column is mapped, so the decision `not-accepted`");
    import(&site, &csv, "town-centre", &[]).exits(0);
    let a = rec(&site, "town-centre", "a-");
    has(&a, "number: a\n");
    has(
        &a,
        "decision: accepted\nstatus: completed\ntimetable: Completed\n",
    );
    has(&a, "---\nAgreed. Meetings are held monthly.\n");
    let c = rec(&site, "town-centre", "c-");
    has(&c, "number: c\n");
    has(&c, "decision: partially-accepted\n");
    let d = rec(&site, "town-centre", "d-");
    has(&d, "financial_impact: £40,000 a year, not budgeted\n");
    has(&d, "decision: not-accepted\n");
    checks_and_builds(&site);
}

#[test]
fn a_decision_column_wins_over_a_response_that_opens_with_agreed() {
    let (_tmp, site) = new_site();
    std::fs::write(
        site.join("plan.csv"),
        "Ref,Recommendation,Decision,Response\n(i),That it is done,Noted,Agreed. It will be done.\n(ii),That it is also done,\"Yes – subject to funding\",Funding is sought.\n",
    )
    .unwrap();
    let csv = site.join("plan.csv");
    let csv = csv.to_str().unwrap();
    let r = import(&site, csv, "plan", &["--dry-run"]);
    r.exits(0);
    lacks(&r.stdout, "no decision column");
    has(&r.stdout, "  3     Decision  Yes – subject to funding  decision `accepted` is read from the opening words \"Yes\"; the text stays in the response\n");
    import(&site, csv, "plan", &[]).exits(0);
    let i = rec(&site, "plan", "i-");
    has(&i, "number: i\n");
    has(&i, "decision: not-recorded\n");
    let ii = rec(&site, "plan", "ii-");
    has(&ii, "decision: accepted\n");
    has(&ii, "---\nYes – subject to funding\n\nFunding is sought.\n");
    checks_and_builds(&site);
}

#[test]
fn as_of_is_refused_without_a_progress_column_and_must_be_a_date() {
    let (_tmp, site) = new_site();
    let csv = fixture("iow-action-plan.csv");
    import(&site, &csv, "iow", &["--as-of", "2025-06-30"])
        .exits(1)
        .error("no column holds progress")
        .helps("--column progress=");
    import(
        &site,
        &fixture("iow-tracker.csv"),
        "t",
        &["--as-of", "30/06/2025"],
    )
    .exits(1)
    .error("invalid date for --as-of")
    .helps("--as-of 2025-06-30");
}

#[test]
fn a_built_in_field_relabelled_in_site_yaml_is_found_by_its_label_and_headings() {
    let (_tmp, site) = new_site();
    let yaml = site.join("site.yaml");
    let mut text = std::fs::read_to_string(&yaml).unwrap();
    text.push_str(
        "fields:\n  - { key: lead_officers, label: Accountable officer, headings: [Officer responsible] }\n  - { key: due, headings: [Deadline] }\n",
    );
    std::fs::write(&yaml, text).unwrap();
    let csv = site.join("plan.csv");
    std::fs::write(
        &csv,
        "Ref,Recommendation,Officer responsible,Deadline\n\
         1,That the shelters are repaired.,Head of Transport,March 2026\n",
    )
    .unwrap();
    let r = import(&site, csv.to_str().unwrap(), "plan", &["--dry-run"]);
    r.exits(0);
    has(&r.stdout, "  Officer responsible  → lead_officers\n");
    has(&r.stdout, "  Deadline             → due\n");
    lacks(&r.stdout, "Unmapped");
    // The label the site gave the field is a heading too.
    std::fs::write(
        &csv,
        "Ref,Recommendation,Accountable officer\n1,That the shelters are repaired.,Head of Transport\n",
    )
    .unwrap();
    let r = import(&site, csv.to_str().unwrap(), "plan", &["--dry-run"]);
    r.exits(0);
    has(&r.stdout, "  Accountable officer  → lead_officers\n");
}

/// A plan typed in from another council's own columns: the officer, the executive's prose
/// response, a yes/no/partially decision column and a deadline in words or as a date are each
/// read as what they are, with no `--column`.
#[test]
fn another_councils_columns_are_read_as_what_they_hold() {
    let (_tmp, site) = new_site();
    let csv = site.join("plan.csv");
    std::fs::write(
        &csv,
        "Ref,Recommendation,Portfolio Holder,Officer responsible,Executive response,Accepted?,Deadline\n\
         1,That the shelters are repaired.,Cabinet Member for Transport,Head of Transport,The shelters will be repaired in the spring.,Yes,31/03/2026\n\
         2,That the timetables are posted at every stop.,Cabinet Member for Transport,Head of Transport,Timetables will be posted where the stops allow.,Partially,Summer 2026\n",
    )
    .unwrap();
    let r = import(&site, csv.to_str().unwrap(), "plan", &["--dry-run"]);
    r.exits(0);
    has(
        &r.stdout,
        "  Ref                  → number\n  Recommendation       → recommendation\n  \
         Portfolio Holder     → cabinet_members\n  Officer responsible  → lead_officers\n  \
         Executive response   → response (the file's body)\n  Accepted?            → decision\n  \
         Deadline             → timetable\n",
    );
    lacks(&r.stdout, "Unmapped");
    import(&site, csv.to_str().unwrap(), "plan", &[]).exits(0);
    let recs = site.join("content/plan/recommendations");
    let files: Vec<String> = {
        let mut names: Vec<_> = std::fs::read_dir(&recs)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    };
    has(&files[0], "decision: accepted\n");
    has(&files[0], "due: 2026-03-31\n");
    has(&files[0], "  - Head of Transport\n");
    has(&files[0], "The shelters will be repaired in the spring.");
    has(&files[1], "decision: partially-accepted\n");
    has(&files[1], "timetable: Summer 2026\n");
}

/// A progress cell that is only a status's label is read as the status change, not repeated as
/// the update's note; a plan's own wording ("Actioned" above) is kept.
#[test]
fn a_progress_cell_that_is_only_a_status_is_not_repeated_as_its_note() {
    let (_tmp, site) = new_site();
    let csv = site.join("plan.csv");
    std::fs::write(
        &csv,
        "Ref,Recommendation,Progress\n\
         1,That the shelters are repaired.,Not proceeding\n\
         2,That the timetables are posted.,Posted at 40 of 52 stops.\n",
    )
    .unwrap();
    import(
        &site,
        csv.to_str().unwrap(),
        "plan",
        &["--as-of", "2025-06-30"],
    )
    .exits(0);
    let one = rec(&site, "plan", "01-");
    has(
        &one,
        "status: not-proceeding\nupdates:\n  - date: 2025-06-30\n    status: not-proceeding\n",
    );
    lacks(&one, "note:");
    let two = rec(&site, "plan", "02-");
    has(&two, "    note: |\n      Posted at 40 of 52 stops.\n");
    checks_and_builds(&site);
}

/// A county's flooding plan with headings that carry notes in brackets: "Accepted (Y/N)" is the
/// decision (Y, N, Partially), "Progress update (Jan 2025)" the progress, dated by its heading
/// when no --as-of is given; target dates written `30.6.24` and `Sept 2024`.
#[test]
fn headings_with_notes_in_brackets_are_read_and_a_dated_heading_dates_its_updates() {
    let (_tmp, site) = new_site();
    let csv = site.join("flood.csv");
    std::fs::write(
        &csv,
        "Ref,Recommendation,Accepted (Y/N),Cabinet Member,Responsible Officer,Target date,Progress update (Jan 2025),RAG\n\
         FL1,That a flood strategy is published.,Y,Cllr A. Patel,Head of Highways,31/03/2025,Consultation closed; 312 responses.,Amber\n\
         FL2,That flood wardens are recruited.,Partially,Cllr A. Patel,Emergency Planning Manager,Sept 2024,28 wardens in place.,Green\n\
         FL3,That gully schedules are published online.,Y,Cllr R. Jones,Head of Highways,30.6.24,,Red\n\
         FL4,That the Council lobbies for funding.,N,Leader of the Council,Chief Executive,-,,\n",
    )
    .unwrap();
    let r = import(&site, csv.to_str().unwrap(), "flooding", &["--dry-run"]);
    r.exits(0);
    has(&r.stdout, "  Accepted (Y/N)              → decision\n");
    has(
        &r.stdout,
        "  Progress update (Jan 2025)  → an update dated 2025-01\n",
    );
    has(&r.stdout, "Unmapped: RAG ");
    import(&site, csv.to_str().unwrap(), "flooding", &[]).exits(0);
    let one = rec(&site, "flooding", "fl1-");
    has(&one, "decision: accepted\n");
    has(&one, "due: 2025-03-31\n");
    has(
        &one,
        "updates:\n  - date: 2025-01\n    note: |\n      Consultation closed; 312 responses.\n",
    );
    has(&one, "### RAG\n\nAmber");
    let two = rec(&site, "flooding", "fl2-");
    has(&two, "decision: partially-accepted\n");
    has(&two, "due: 2024-09\n");
    let three = rec(&site, "flooding", "fl3-");
    has(&three, "due: 2024-06-30\n");
    lacks(&three, "updates:");
    let four = rec(&site, "flooding", "fl4-");
    has(&four, "decision: not-accepted\n");
    lacks(&four, "due:");
    // --as-of, when given, wins over the heading.
    let r = import(
        &site,
        csv.to_str().unwrap(),
        "flooding2",
        &["--dry-run", "--as-of", "2025-02-10"],
    );
    has(&r.stdout, "→ an update dated 2025-02-10\n");
    // A heading dated after today is refused as --as-of would be, and names the heading.
    std::fs::write(
        site.join("later.csv"),
        "Ref,Recommendation,Progress (Dec 2099)\nX1,That it is done.,Done soon.\n",
    )
    .unwrap();
    let r = import(
        &site,
        site.join("later.csv").to_str().unwrap(),
        "later",
        &[],
    );
    r.exits(1);
    has(
        &r.stderr,
        "the date in the heading `Progress (Dec 2099)`, 2099-12, is after today",
    );
    checks_and_builds(&site);
}

/// A tracker with no decision column, a "Lead" column and an "Update" column of text: the
/// update column is progress (dated --as-of), not scrutiny's exported list of updates.
#[test]
fn a_tracker_with_an_update_column_and_no_decision_column_imports() {
    let (_tmp, site) = new_site();
    let csv = site.join("taxis.csv");
    std::fs::write(
        &csv,
        "No.,Recommendation,Lead,Update\n\
         1,Review the taxi licensing policy.,Licensing Manager,Policy review started in May.\n\
         2,Publish the annual enforcement report.,Licensing Manager,Completed.\n",
    )
    .unwrap();
    let r = import(&site, csv.to_str().unwrap(), "taxis", &[]);
    r.exits(1);
    has(&r.stderr, "the column `Update` holds progress");
    let r = import(
        &site,
        csv.to_str().unwrap(),
        "taxis",
        &["--as-of", "2025-06-30", "--dry-run"],
    );
    has(&r.stdout, "  Lead            → lead_officers\n");
    has(
        &r.stdout,
        "  Update          → an update dated 2025-06-30\n",
    );
    import(
        &site,
        csv.to_str().unwrap(),
        "taxis",
        &["--as-of", "2025-06-30"],
    )
    .exits(0);
    let one = rec(&site, "taxis", "01-");
    has(&one, "lead_officers:\n  - Licensing Manager\n");
    has(
        &one,
        "updates:\n  - date: 2025-06-30\n    note: |\n      Policy review started in May.\n",
    );
    let two = rec(&site, "taxis", "02-");
    has(&two, "status: completed\n");
    checks_and_builds(&site);
}

/// `import --date --committee --reported-to` fill a new review's `_review.md` as `new review`
/// does, so a recommendation never updated is flagged from the start; for a review that exists
/// they are not used, and the import says so.
#[test]
fn a_new_reviews_date_committee_and_recipient_are_given_on_the_command_line() {
    let (_tmp, site) = new_site();
    let csv = site.join("plan.csv");
    std::fs::write(
        &csv,
        "Ref,Recommendation,Decision,Target date\n\
         1,That gully schedules are published online.,Agreed,2024-06\n",
    )
    .unwrap();
    let more = [
        "--date",
        "2024-03-12",
        "--committee",
        "Environment Scrutiny Committee",
        "--reported-to",
        "Cabinet",
    ];
    import(&site, csv.to_str().unwrap(), "flooding", &more).exits(0);
    let review = std::fs::read_to_string(site.join("content/flooding/_review.md")).unwrap();
    has(
        &review,
        "committee: Environment Scrutiny Committee\ndate: 2024-03-12\nreported_to: Cabinet\n",
    );
    let check = run(&site, &["check"]);
    has(
        &check.stderr,
        "recommendation 1 has had no update for over 180 days (never updated since the review)",
    );
    lacks(&check.stderr, "the review has no `date`");
    std::fs::write(&csv, "Ref,Recommendation\n2,That wardens are recruited.\n").unwrap();
    let r = import(
        &site,
        csv.to_str().unwrap(),
        "flooding",
        &["--date", "2025-01"],
    );
    r.exits(0);
    has(
        &r.stdout,
        "The review content/flooding exists already; --date was not used (edit its _review.md).",
    );
    let r = import(
        &site,
        csv.to_str().unwrap(),
        "other",
        &["--date", "March 2024"],
    );
    r.exits(1);
    has(&r.stderr, "--date");
}
