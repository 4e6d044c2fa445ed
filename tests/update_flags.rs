//! `scrutiny update`'s checks and previews: `--dry-run`, dates within the review's life
//! (`--allow-date`), links made safe, the date used when `--date` is left out, and numbers
//! found whatever their case.

mod common;

use common::{Site, MINIMAL_RECS, TODAY};

const FILE: &str = "content/town-centre/recommendations/01-street-lighting.md";

#[test]
fn dry_run_prints_the_entry_and_the_file_and_writes_nothing() {
    let site = Site::fixture("minimal");
    let before = site.read(FILE);
    let r = site.run(&[
        "update",
        "town-centre/1",
        "--note",
        "Costed options went to Cabinet.",
        "--status",
        "completed",
        "--date",
        "2026-11-20",
        "--dry-run",
    ]);
    r.exits(0);
    assert_eq!(
        r.stdout,
        format!(
            "==> {FILE} <==\nupdates:\n  - date: 2026-11-20\n    status: completed\n    note: |\n      Costed options went to Cabinet.\n\
             would add the update of 2026-11-20 with status `completed`\n\
             Dry run: nothing was written to {FILE}.\n"
        )
    );
    assert_eq!(site.read(FILE), before);
}

#[test]
fn without_date_it_says_which_date_it_used() {
    let site = Site::fixture("minimal");
    let r = site.run(&[
        "update",
        "town-centre/1",
        "--note",
        "Half the alleys are lit.",
    ]);
    r.exits(0);
    assert!(
        r.stdout
            .contains(&format!("dated {TODAY} (today); use --date to back-fill")),
        "{}",
        r.stdout
    );
    assert!(site.read(FILE).contains(&format!("  - date: {TODAY}\n")));
    let r = site.run(&[
        "update",
        "town-centre/1",
        "--note",
        "x",
        "--date",
        "2026-11-01",
    ]);
    r.exits(0);
    assert!(!r.stdout.contains("(today)"), "{}", r.stdout);
}

#[test]
fn a_date_before_the_review_or_after_today_needs_allow_date() {
    let site = Site::fixture("minimal");
    let before = site.read(FILE);
    site.run(&[
        "update",
        "town-centre/1",
        "--note",
        "x",
        "--date",
        "2026-08-31",
    ])
    .exits(1)
    .error("the update's date 2026-08-31 is before the review's date (2026-09)")
    .helps("add --allow-date");
    site.run(&[
        "update",
        "town-centre/1",
        "--note",
        "x",
        "--date",
        "2026-12",
    ])
    .exits(1)
    .error(&format!(
        "the update's date 2026-12 is after today ({TODAY})"
    ))
    .helps("--allow-date");
    assert_eq!(site.read(FILE), before);
    site.run(&[
        "update",
        "town-centre/1",
        "--note",
        "From the earlier review.",
        "--date",
        "2026-08-31",
        "--allow-date",
    ])
    .exits(0);
    assert!(site.read(FILE).contains("  - date: 2026-08-31\n"));
}

#[test]
fn link_spaces_are_encoded_and_other_addresses_refused() {
    let site = Site::fixture("minimal");
    site.run(&[
        "update",
        "town-centre/1",
        "--note",
        "Minutes published.",
        "--date",
        "2026-11-20",
        "--link",
        "Cabinet minutes=https://example.org/Cabinet minutes 12 Nov.pdf",
        "--link",
        "Data=/data/lighting survey.csv",
    ])
    .exits(0);
    let text = site.read(FILE);
    assert!(
        text.contains("        url: https://example.org/Cabinet%20minutes%2012%20Nov.pdf\n"),
        "{text}"
    );
    assert!(
        text.contains("        url: /data/lighting%20survey.csv\n"),
        "{text}"
    );
    let before = site.read(FILE);
    site.run(&[
        "update",
        "town-centre/1",
        "--note",
        "x",
        "--date",
        "2026-11-20",
        "--link",
        "Minutes=ftp://example.org/m.pdf",
    ])
    .exits(1)
    .error(
        "--link `Minutes=ftp://example.org/m.pdf`: `ftp://example.org/m.pdf` is not a web address",
    )
    .helps("https://, http://, mailto: or /");
    assert_eq!(site.read(FILE), before);
}

#[test]
fn a_number_is_found_whatever_its_case() {
    let site = Site::fixture("minimal");
    site.write(
        &format!("{MINIMAL_RECS}/sc19-verges.md"),
        "---\nnumber: SC19\ntitle: Verges\nrecommendation: That verges are cut.\nlead_officers: [Head of Highways]\ndecision: accepted\n---\nAgreed.\n",
    );
    site.run(&[
        "update",
        "town-centre/sc19",
        "--note",
        "Cut in May.",
        "--date",
        "2026-11-01",
    ])
    .exits(0);
    assert!(site
        .read(&format!("{MINIMAL_RECS}/sc19-verges.md"))
        .contains("updates:\n  - date: 2026-11-01\n"));
}
