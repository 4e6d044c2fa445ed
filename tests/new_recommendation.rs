//! `scrutiny new recommendation` and `new review` with every field given as a flag: the file
//! written, the errors naming the flag with the fix, and that the file passes `check`.

mod common;

use common::{run, Run};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A site made by `init`, with a review `town-centre` dated 2023-04.
fn site() -> (TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    run(
        tmp.path(),
        &[
            "init",
            site.to_str().unwrap(),
            "--base-url",
            "https://example.org/",
        ],
    )
    .exits(0);
    run(
        &site,
        &[
            "new",
            "review",
            "Safety in the Town Centre",
            "--slug",
            "town-centre",
            "--committee",
            "Overview and Scrutiny Committee",
            "--date",
            "2023-04",
            "--reported-to",
            "Cabinet",
        ],
    )
    .exits(0);
    (tmp, site)
}

fn new_rec(site: &Path, more: &[&str]) -> Run {
    let mut args = vec!["new", "recommendation", "town-centre"];
    args.extend_from_slice(more);
    run(site, &args)
}

fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn files(site: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(site.join("content/town-centre/recommendations"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

#[test]
fn new_review_takes_its_slug_committee_date_and_reported_to() {
    let (_tmp, site) = site();
    assert_eq!(
        read(&site, "content/town-centre/_review.md"),
        "---\ntitle: Safety in the Town Centre\ncommittee: Overview and Scrutiny Committee\ndate: 2023-04\nreported_to: Cabinet\nsummary:            # one sentence for lists, feeds and search results\n---\n"
    );
    run(&site, &["new", "review", "Other", "--slug", "Not A Slug"])
        .exits(1)
        .error("`Not A Slug` is not a review folder name for --slug")
        .helps("--slug not-a-slug");
    run(&site, &["new", "review", "Other", "--date", "April 2023"])
        .exits(1)
        .error("invalid date for --date")
        .helps("did you mean --date 2023-04?");
}

#[test]
fn every_field_is_a_flag_and_the_file_passes_check() {
    let (_tmp, site) = site();
    run(&site, &["new", "theme", "town-centre", "Member Engagement"]).exits(0);
    std::fs::write(
        site.join("response.md"),
        "Agreed.\n\nTraining starts in **January**.\n",
    )
    .unwrap();
    let r = new_rec(
        &site,
        &[
            "Bystander training",
            "--number",
            "2b",
            "--text",
            "That bystander training is offered to all licensed premises.",
            "--theme",
            "Member Engagement",
            "--cabinet-member",
            "Cabinet Member for Communities, Leisure and Arts",
            "--lead-officer",
            "Community Protection Manager",
            "--lead-officer",
            "Head of Housing",
            "--decision",
            "accepted",
            "--response-file",
            site.join("response.md").to_str().unwrap(),
            "--due",
            "2025-03",
            "--timetable",
            "By end of March",
            "--financial-impact",
            "None",
            "--field",
            "status=in-progress",
        ],
    );
    r.exits(0);
    assert!(
        r.stdout
            .contains("content/town-centre/recommendations/2b-bystander-training.md"),
        "{}",
        r.stdout
    );
    assert_eq!(
        read(&site, "content/town-centre/recommendations/2b-bystander-training.md"),
        "---\nnumber: 2b\ntitle: Bystander training\nrecommendation: |\n  That bystander training is offered to all licensed premises.\ntheme: member-engagement\ncabinet_members:\n  - Cabinet Member for Communities, Leisure and Arts\nlead_officers:\n  - Community Protection Manager\n  - Head of Housing\nfinancial_impact: None\ndecision: accepted\nstatus: in-progress\ndue: 2025-03\ntimetable: By end of March\nupdates: []\ndraft: false\n---\nAgreed.\n\nTraining starts in **January**.\n"
    );
    let check = run(&site, &["check"]);
    assert!(check.errors().is_empty(), "{}", check.stderr);
    // Without --number, the next free whole number.
    new_rec(&site, &["Second", "--response", "Noted."]).exits(0);
    assert_eq!(files(&site), ["03-second.md", "2b-bystander-training.md"]);
}

#[test]
fn a_number_is_unique_in_the_review_whatever_its_case() {
    let (_tmp, site) = site();
    new_rec(&site, &["Verge cutting", "--number", "SC18"]).exits(0);
    let r = new_rec(&site, &["Again", "--number", "sc18"]);
    r.exits(1)
        .error("recommendation number `sc18` is already used by content/town-centre/recommendations/sc18-verge-cutting.md (number `SC18`)")
        .helps("give another --number");
    new_rec(&site, &["Lettered", "--number", "a"]).exits(0);
    assert_eq!(files(&site), ["a-lettered.md", "sc18-verge-cutting.md"]);
}

#[test]
fn bad_values_name_their_flag_and_the_fix_and_write_nothing() {
    let (_tmp, site) = site();
    let r = new_rec(
        &site,
        &[
            "X",
            "--decision",
            "agreed",
            "--due",
            "March 2025",
            "--field",
            "statsu=completed",
            "--field",
            "status=done",
            "--field",
            "lead_officers=Jo",
            "--lead-officer",
            "Ann",
            "--theme",
            "nowhere",
        ],
    );
    r.exits(1);
    r.error("unknown decision `agreed` for --decision")
        .helps("did you mean --decision accepted?");
    r.error("invalid date for --due")
        .helps("did you mean --due 2025-03?");
    r.error("--field: unknown key `statsu`")
        .helps("did you mean `status`?");
    r.error("unknown status `done` for --field status")
        .helps("did you mean --field status=completed?");
    r.error("`lead_officers` is given twice, by --lead-officer and --field lead_officers");
    assert!(files(&site).is_empty());
    new_rec(&site, &["X", "--theme", "nowhere"])
        .exits(1)
        .error("theme `nowhere` not found");
    new_rec(&site, &["X", "--field", "updates=x"])
        .exits(1)
        .error("--field cannot give updates")
        .helps("scrutiny update");
    new_rec(&site, &["X", "--response-file", "no-such-file.md"])
        .exits(1)
        .error("cannot read --response-file `no-such-file.md`");
    assert!(files(&site).is_empty());
}
