//! End-to-end tests of the authoring commands (`init`, `new`, `update`, `import`), running the
//! binary on temporary sites.

use scrutiny::load::{self, Cache};
use scrutiny::model::fields::{FieldValue, Kind, Scaffold};
use scrutiny::model::{Decision, Recommendation, Site, Status};
use scrutiny::validate::{self, Options};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const TODAY: &str = "2024-06-01";

fn scrutiny(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .arg("--today")
        .arg(TODAY)
        .args(args)
        .output()
        .expect("run scrutiny")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[track_caller]
fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        stdout(o),
        stderr(o)
    );
}

#[track_caller]
fn refused(o: &Output) {
    assert_eq!(
        o.status.code(),
        Some(1),
        "stdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
}

/// A new site (made by `init`) in a temporary folder.
fn new_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    ok(&scrutiny(
        tmp.path(),
        &["init", "site", "--base-url", "https://example.org/"],
    ));
    let site = tmp.path().join("site");
    (tmp, site)
}

/// Every file under `dir` with its bytes, to show that a refused command wrote nothing.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = walk(dir)
        .into_iter()
        .map(|p| (p.clone(), fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn load_site(root: &Path) -> Site {
    let (loaded, mut diags) = load::load(root, &mut Cache::none());
    let today = jiff::civil::Date::constant(2024, 6, 1);
    let (site, more) = validate::validate(
        &loaded,
        &Options {
            today,
            include_drafts: true,
            warnings: true,
        },
    );
    diags.extend(more);
    assert!(!diags.has_errors(), "{}", diags.render(false));
    site
}

fn recs<'a>(site: &'a Site, review: &str) -> Vec<&'a Recommendation> {
    let r = site
        .reviews
        .iter()
        .find(|r| r.slug.as_str() == review)
        .unwrap_or_else(|| panic!("review {review} missing"));
    r.recommendations.iter().collect()
}

/// `new` must equal `old` with exactly `inserted` added at one place.
#[track_caller]
fn assert_only_inserted(old: &str, new: &str, inserted: &str) {
    let prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let max_suffix = old.len().min(new.len()) - prefix;
    let suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    let removed = &old[prefix..old.len() - suffix];
    let added = &new[prefix..new.len() - suffix];
    assert_eq!(removed, "", "bytes of the original were changed:\n{new}");
    // The insertion point is ambiguous when the entry starts like the text after it; compare
    // the insertion as a rotation-insensitive whole instead.
    assert_eq!(
        added.len(),
        inserted.len(),
        "inserted:\n{added}\nexpected:\n{inserted}"
    );
    assert!(
        new.contains(inserted),
        "expected insertion not found:\n{inserted}\nin:\n{new}"
    );
    assert_eq!(new.replacen(inserted, "", 1), old);
}

// ---------------------------------------------------------------- init and new

#[test]
fn init_makes_a_site_that_builds() {
    let (_tmp, site) = new_site();
    for f in [
        "site.yaml",
        "content/example-review/_review.md",
        "content/example-review/themes/communications.md",
    ] {
        assert!(site.join(f).is_file(), "{f}");
    }
    let yaml = fs::read_to_string(site.join("site.yaml")).unwrap();
    for option in [
        "title:",
        "organisation:",
        "base_url:",
        "language:",
        "theme:",
        "description:",
        "awaiting_response_days:",
        "stale_days:",
        "vocabulary:",
    ] {
        assert!(yaml.contains(option), "site.yaml lacks {option}");
    }
    ok(&scrutiny(&site, &["build"]));
    assert!(site.join("public/index.html").is_file());
    let check = scrutiny(&site, &["check"]);
    ok(&check);
    assert!(stderr(&check).contains("0 errors"), "{}", stderr(&check));
}

#[test]
fn init_refuses_a_non_empty_folder_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("existing");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("notes.txt"), "keep").unwrap();
    let before = snapshot(tmp.path());
    let o = scrutiny(tmp.path(), &["init", "existing"]);
    refused(&o);
    assert!(stderr(&o).contains("not empty"), "{}", stderr(&o));
    assert_eq!(snapshot(tmp.path()), before);
    // An empty folder is fine.
    fs::create_dir(tmp.path().join("empty")).unwrap();
    ok(&scrutiny(tmp.path(), &["init", "empty"]));
}

#[test]
fn new_recommendation_takes_the_next_free_number_and_prints_its_path() {
    let (_tmp, site) = new_site();
    // The number comes from front matter, not the file name.
    let recs = site.join("content/example-review/recommendations");
    fs::write(
        recs.join("02-odd-name.md"),
        "---\nnumber: 7\ntitle: T\nrecommendation: R\n---\n",
    )
    .unwrap();
    let o = scrutiny(
        &site,
        &[
            "new",
            "recommendation",
            "example-review",
            "Bystander training: for Members",
            "--theme",
            "communications",
        ],
    );
    ok(&o);
    let path = "content/example-review/recommendations/08-bystander-training-for-members.md";
    assert!(stdout(&o).lines().any(|l| l == path), "{}", stdout(&o));
    let text = fs::read_to_string(site.join(path)).unwrap();
    assert!(
        text.starts_with("---\nnumber: 8\ntitle: \"Bystander training: for Members\"\n"),
        "{text}"
    );
    for key in [
        "recommendation:",
        "theme: communications",
        "cabinet_members: []",
        "lead_officers: []",
        "financial_impact:",
        "decision: awaiting-response",
        "status: not-started",
        "due:",
        "timetable:",
        "updates: []",
        "draft: false",
    ] {
        assert!(text.contains(key), "{key} missing:\n{text}");
    }
    // Every key of the field table is written, in the table's order (but those used only
    // when they apply, such as `withdrawn`).
    let keys: Vec<&str> = text
        .lines()
        .skip(1)
        .take_while(|l| *l != "---")
        .filter(|l| !l.starts_with(' '))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    let table: Vec<&str> = scrutiny::model::fields::FIELDS
        .iter()
        .filter(|f| f.in_front_matter() && f.scaffold != Scaffold::Omit)
        .map(|f| f.key)
        .collect();
    assert_eq!(keys, table, "{text}");
    ok(&scrutiny(&site, &["build"]));
}

#[test]
fn new_refuses_to_overwrite() {
    let (_tmp, site) = new_site();
    ok(&scrutiny(
        &site,
        &[
            "new",
            "theme",
            "example-review",
            "Member Engagement",
            "--outcome",
            "Support",
        ],
    ));
    let theme = site.join("content/example-review/themes/member-engagement.md");
    let before = fs::read(&theme).unwrap();
    assert!(String::from_utf8_lossy(&before).contains("order: 2"));
    refused(&scrutiny(
        &site,
        &["new", "theme", "example-review", "Member engagement"],
    ));
    assert_eq!(fs::read(&theme).unwrap(), before);

    refused(&scrutiny(&site, &["new", "review", "Example review"]));

    // A file already using the name the next number would get.
    let taken = site.join("content/example-review/recommendations/02-street-lighting.md");
    fs::write(&taken, "mine").unwrap();
    let snap = snapshot(&site);
    let o = scrutiny(
        &site,
        &["new", "recommendation", "example-review", "Street lighting"],
    );
    refused(&o);
    assert!(
        stderr(&o).contains("refusing to overwrite"),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot(&site), snap);
}

#[test]
fn new_with_an_unknown_review_suggests_the_closest() {
    let (_tmp, site) = new_site();
    let o = scrutiny(&site, &["new", "recommendation", "example-reveiw", "X"]);
    refused(&o);
    assert!(
        stderr(&o).contains("did you mean `example-review`?"),
        "{}",
        stderr(&o)
    );
    let o = scrutiny(
        &site,
        &[
            "new",
            "recommendation",
            "example-review",
            "X",
            "--theme",
            "comunications",
        ],
    );
    refused(&o);
    assert!(
        stderr(&o).contains("did you mean `communications`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn init_new_update_build_end_to_end() {
    let (_tmp, site) = new_site();
    ok(&scrutiny(
        &site,
        &[
            "new",
            "review",
            "Safety in the Town Centre",
            "--committee",
            "Overview and Scrutiny Committee",
            "--date",
            "2023-04",
        ],
    ));
    ok(&scrutiny(
        &site,
        &[
            "new",
            "theme",
            "safety-in-the-town-centre",
            "Greater Communications",
        ],
    ));
    let o = scrutiny(
        &site,
        &[
            "new",
            "recommendation",
            "safety-in-the-town-centre",
            "Borough Insight",
            "--theme",
            "greater-communications",
        ],
    );
    ok(&o);
    assert!(stdout(&o)
        .contains("content/safety-in-the-town-centre/recommendations/01-borough-insight.md"));
    let o = scrutiny(
        &site,
        &[
            "update",
            "safety-in-the-town-centre/1",
            "--note",
            "Published in the October edition.",
            "--status",
            "completed",
            "--date",
            "2023-10-20",
            "--link",
            "Borough Insight=https://example.org/bi.pdf",
        ],
    );
    ok(&o);
    ok(&scrutiny(&site, &["build"]));
    let s = load_site(&site);
    let r = recs(&s, "safety-in-the-town-centre")[0];
    assert_eq!(r.current_status().key(), "completed");
    assert_eq!(r.updates[0].links[0].url, "https://example.org/bi.pdf");
    let page = site.join("public/safety-in-the-town-centre/recommendations/1/index.html");
    let html = fs::read_to_string(&page).unwrap();
    assert!(html.contains("Published in the October edition."));
}

// ---------------------------------------------------------------- update

/// A recommendation written the way people really write them.
const UNUSUAL: &str = "---
# Recommendation 3 — kept by hand; do not reorder.
number: '3'
title: \"Safety: the \\\"review\\\"\"   # quoted, with escapes
recommendation: >-
  To circulate the
  information.
cabinet_members: [Cabinet Member for Housing and Health]
lead_officers:
- Communications Manager
status:   \"ongoing\"   # as agreed in April
updates:
- date: 2023-09-01
  note: |
    First: a note with a colon.

    And a paragraph.
  # a comment inside the list
- {date: 2023-10, note: flow style entry}
# trailing comment
decision: accepted
---
The response.

---

A horizontal rule above, and `---` in code.
---
";

fn setup_unusual(site: &Path, text: &str, name: &str) -> PathBuf {
    let f = site
        .join("content/example-review/recommendations")
        .join(name);
    fs::write(&f, text).unwrap();
    f
}

#[test]
fn update_changes_only_the_inserted_entry_and_the_status_value() {
    let (_tmp, site) = new_site();
    let f = setup_unusual(&site, UNUSUAL, "03-unusual.md");
    let o = scrutiny(
        &site,
        &[
            "update",
            "example-review/3",
            "--note",
            "Circulated: see #minutes\n\n---\nDone.",
            "--status",
            "completed",
            "--date",
            "2024-06-01",
        ],
    );
    ok(&o);
    assert!(stdout(&o).contains("content/example-review/recommendations/03-unusual.md"));
    let new = fs::read_to_string(&f).unwrap();
    let entry = "- date: 2024-06-01\n  status: completed\n  note: |\n    Circulated: see #minutes\n\n    ---\n    Done.\n";
    let old = UNUSUAL.replace("status:   \"ongoing\"", "status:   \"completed\"");
    assert_only_inserted(&old, &new, entry);
    assert!(
        new.contains("- {date: 2023-10, note: flow style entry}\n- date: 2024-06-01"),
        "{new}"
    );
    let s = load_site(&site);
    let r = recs(&s, "example-review")
        .into_iter()
        .find(|r| r.number.text == "3")
        .unwrap();
    assert_eq!(r.updates.len(), 3);
    assert_eq!(
        r.updates[0].note.0,
        "Circulated: see #minutes\n\n---\nDone.\n"
    );
    // No contradiction between the status key and the newest update.
    let check = scrutiny(&site, &["check"]);
    assert!(
        !stderr(&check).contains("contradicts"),
        "{}",
        stderr(&check)
    );
}

#[test]
fn update_keeps_crlf_line_endings_and_the_bom() {
    let (_tmp, site) = new_site();
    let crlf = format!("\u{feff}{}", UNUSUAL.replace('\n', "\r\n"));
    let f = setup_unusual(&site, &crlf, "03-crlf.md");
    ok(&scrutiny(
        &site,
        &[
            "update",
            "example-review/3",
            "--note",
            "Line one\nline two",
            "--date",
            "2024-06-01",
            "--link",
            "Minutes=https://example.org/m?a=1&b=2",
        ],
    ));
    let new = fs::read_to_string(&f).unwrap();
    let entry = "- date: 2024-06-01\r\n  note: |\r\n    Line one\r\n    line two\r\n  links:\r\n    - title: Minutes\r\n      url: https://example.org/m?a=1&b=2\r\n";
    assert_only_inserted(&crlf, &new, entry);
    assert!(new.starts_with('\u{feff}'));
    assert_eq!(
        new.matches('\n').count(),
        new.matches("\r\n").count(),
        "a bare LF crept in"
    );
}

#[test]
fn update_replaces_an_empty_list_and_adds_a_missing_key() {
    let (_tmp, site) = new_site();
    let empty = "---\nnumber: 4\ntitle: T\nrecommendation: R\nupdates: []  # none yet\nstatus: in-progress\n---\nBody\n";
    let f = setup_unusual(&site, empty, "04.md");
    ok(&scrutiny(
        &site,
        &[
            "update",
            "example-review/4",
            "--note",
            "N",
            "--date",
            "2024-06",
        ],
    ));
    assert_eq!(
        fs::read_to_string(&f).unwrap(),
        "---\nnumber: 4\ntitle: T\nrecommendation: R\nupdates: # none yet\n  - date: 2024-06\n    note: |\n      N\nstatus: in-progress\n---\nBody\n"
    );
    let missing = "---\nnumber: 5\ntitle: T\nrecommendation: R\n---\n";
    let f = setup_unusual(&site, missing, "05.md");
    ok(&scrutiny(
        &site,
        &[
            "update",
            "example-review/5",
            "--note",
            "N",
            "--date",
            "2024",
        ],
    ));
    assert_eq!(fs::read_to_string(&f).unwrap(), "---\nnumber: 5\ntitle: T\nrecommendation: R\nupdates:\n  - date: 2024\n    note: |\n      N\n---\n");
}

#[test]
fn update_with_a_revised_date_records_the_reason_in_the_note() {
    let (_tmp, site) = new_site();
    let o = scrutiny(
        &site,
        &[
            "update",
            "example-review/1",
            "--note",
            "Printing slipped.",
            "--due",
            "2025-09",
            "--reason",
            "the printing contract was re-tendered",
        ],
    );
    ok(&o);
    let text = fs::read_to_string(
        site.join("content/example-review/recommendations/01-publish-the-action-plan.md"),
    )
    .unwrap();
    assert!(text.contains("  - date: 2024-06-01\n    due: 2025-09\n    note: |\n      Printing slipped.\n\n      Target date revised: the printing contract was re-tendered\n"), "{text}");
    let s = load_site(&site);
    assert_eq!(
        recs(&s, "example-review")[0]
            .facts
            .due
            .map(|d| d.to_string())
            .as_deref(),
        Some("2025-09")
    );
    assert!(!stderr(&scrutiny(&site, &["check"])).contains("without a reason"));
}

#[test]
fn update_reads_the_note_from_stdin() {
    let (_tmp, site) = new_site();
    let mut child = Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .current_dir(&site)
        .args([
            "--today",
            TODAY,
            "update",
            "example-review/1",
            "--note",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let note = "  indented: first line\r\n\r\n- a list\n- with \"quotes\" and 'apostrophes' # not a comment\n\t tab\n";
    child
        .stdin
        .take()
        .unwrap()
        .write_all(note.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    ok(&o);
    let s = load_site(&site);
    let r = recs(&s, "example-review")[0];
    assert_eq!(r.updates[0].note.0, "  indented: first line\n\n- a list\n- with \"quotes\" and 'apostrophes' # not a comment\n\t tab\n");
}

#[test]
fn update_finds_the_recommendation_by_its_number_not_its_file_name() {
    let (_tmp, site) = new_site();
    let f = setup_unusual(
        &site,
        "---\nnumber: \"3.2\"\ntitle: T\nrecommendation: R\n---\n",
        "01-misleading.md",
    );
    ok(&scrutiny(
        &site,
        &["update", "example-review/3.2", "--note", "N"],
    ));
    assert!(fs::read_to_string(&f)
        .unwrap()
        .contains("updates:\n  - date: 2024-06-01\n"));
}

#[test]
fn update_finds_a_reference_whatever_its_case() {
    let (_tmp, site) = new_site();
    let f = setup_unusual(
        &site,
        "---\nnumber: SC19\ntitle: T\nrecommendation: R\n---\n",
        "sc19.md",
    );
    ok(&scrutiny(
        &site,
        &["update", "example-review/sc19", "--note", "N"],
    ));
    assert!(fs::read_to_string(&f)
        .unwrap()
        .contains("updates:\n  - date: 2024-06-01\n"));
}

#[test]
fn refused_updates_leave_the_file_identical() {
    let (_tmp, site) = new_site();
    setup_unusual(&site, UNUSUAL, "03-unusual.md");
    setup_unusual(&site, "---\nnumber: 6\ntitle: T\nrecommendation: R\nupdates: [{date: 2024-01-01, note: x}]\n---\n", "06-flow.md");
    setup_unusual(
        &site,
        "---\nnumber: 7\ntitle: T\nrecommendation: R\nlead_oficers: []\n---\n",
        "07-bad-key.md",
    );
    setup_unusual(
        &site,
        "---\nnumber: 8\ntitle: [unclosed\n---\n",
        "08-bad-yaml.md",
    );
    let before = snapshot(&site);
    let cases: &[(&[&str], &str)] = &[
        (
            &["example-review/3", "--note", "x", "--status", "done"],
            "valid statuses are",
        ),
        (
            &["example-review/3", "--note", "x", "--status", "complete"],
            "did you mean --status completed?",
        ),
        (
            &["example-review/3", "--note", "x", "--date", "2024-02-30"],
            "February 2024 has no day 30",
        ),
        (
            &[
                "example-review/3",
                "--note",
                "x",
                "--due",
                "2024-13",
                "--reason",
                "r",
            ],
            "month 13 does not exist",
        ),
        (
            &["example-review/3", "--note", "x", "--due", "2024-12"],
            "needs --reason",
        ),
        (&["example-review/3", "--note", "  "], "the note is empty"),
        (
            &[
                "example-review/3",
                "--note",
                "x",
                "--link",
                "javascript:alert(1)",
            ],
            "TITLE=URL",
        ),
        (
            &[
                "example-review/3",
                "--note",
                "x",
                "--link",
                "x=javascript:alert(1)",
            ],
            "not a web address",
        ),
        (
            &["example-review/99", "--note", "x"],
            "numbered `1`, `3`, `6` and `7`",
        ),
        (
            &["example-reveiw/3", "--note", "x"],
            "did you mean `example-review`?",
        ),
        (
            &["example-review", "--note", "x"],
            "does not name a recommendation",
        ),
        (&["example-review/6", "--note", "x"], "written on one line"),
        (
            &["example-review/7", "--note", "x"],
            "did you mean `lead_officers`?",
        ),
    ];
    for (args, expected) in cases {
        let mut full = vec!["update"];
        full.extend_from_slice(args);
        let o = scrutiny(&site, &full);
        refused(&o);
        assert!(
            stderr(&o).contains(expected),
            "{args:?}: expected `{expected}` in\n{}",
            stderr(&o)
        );
        assert_eq!(snapshot(&site), before, "{args:?} changed a file");
    }
}

#[test]
fn concurrent_updates_are_all_kept() {
    let (_tmp, site) = new_site();
    let f = site.join("content/example-review/recommendations/01-publish-the-action-plan.md");
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let site = site.clone();
            std::thread::spawn(move || {
                scrutiny(
                    &site,
                    &[
                        "update",
                        "example-review/1",
                        "--note",
                        &format!("Parallel note {i}"),
                    ],
                )
            })
        })
        .collect();
    for h in handles {
        ok(&h.join().unwrap());
    }
    let text = fs::read_to_string(&f).unwrap();
    for i in 0..8 {
        assert_eq!(
            text.matches(&format!("Parallel note {i}\n")).count(),
            1,
            "note {i} lost:\n{text}"
        );
    }
    assert_eq!(
        recs(&load_site(&site), "example-review")[0].updates.len(),
        8
    );
    let leftovers: Vec<PathBuf> = walk(f.parent().unwrap())
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

// ---------------------------------------------------------------- import

fn example_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fields a plan carries, for comparing two recommendations.
#[derive(Debug, PartialEq)]
struct PlanFields {
    number: String,
    recommendation: String,
    cabinet_members: Vec<String>,
    lead_officers: Vec<String>,
    decision: String,
    status: String,
    due: Option<String>,
    timetable: Option<String>,
    response: String,
    theme: Option<String>,
    financial_impact: Option<String>,
}

fn plan_fields(r: &Recommendation) -> PlanFields {
    PlanFields {
        number: r.number.text.clone(),
        recommendation: r.recommendation.0.trim().to_string(),
        cabinet_members: r.cabinet_members.clone(),
        lead_officers: r.lead_officers.clone(),
        decision: r.decision.key().to_string(),
        status: r.status.key().to_string(),
        due: r.due.map(|d| d.to_string()),
        timetable: r.timetable.clone(),
        response: r.response.0.trim().to_string(),
        theme: r.theme.as_ref().map(|t| t.to_string()),
        financial_impact: r.financial_impact.clone(),
    }
}

#[test]
fn importing_the_example_csv_gives_the_example_recommendations() {
    let (_tmp, site) = new_site();
    let csv = example_root().join("examples/safety-in-the-town-centre.csv");
    let o = scrutiny(
        &site,
        &[
            "import",
            csv.to_str().unwrap(),
            "--review",
            "safety-in-the-town-centre",
            "--title",
            "Safety in the Town Centre",
        ],
    );
    ok(&o);
    assert!(
        stdout(&o).contains("Imported 15 recommendations and 3 new themes"),
        "{}",
        stdout(&o)
    );
    let imported = load_site(&site);
    let original = load_site(&example_root());
    let (a, b) = (
        recs(&original, "safety-in-the-town-centre"),
        recs(&imported, "safety-in-the-town-centre"),
    );
    assert_eq!(a.len(), 15);
    assert_eq!(b.len(), 15);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(
            plan_fields(x),
            plan_fields(y),
            "recommendation {}",
            x.number.text
        );
    }
}

#[test]
fn an_imported_review_builds_before_its_date_is_filled_in() {
    // `import` cannot know the review's date; the content format makes it optional.
    let (_tmp, site) = new_site();
    let csv = example_root().join("examples/safety-in-the-town-centre.csv");
    ok(&scrutiny(
        &site,
        &["import", csv.to_str().unwrap(), "--review", "town-centre"],
    ));
    ok(&scrutiny(&site, &["build"]));
}

#[test]
fn an_isle_of_wight_action_plan_imports_from_its_own_columns() {
    // The plan's own headers: No. | Recommendation | Priority | Responsibility | Agreed |
    // Comments | Date, with Agreed as Yes / No / In part and Date as a month, "-" or On-going.
    let (_tmp, site) = new_site();
    let csv = site.join("iow.csv");
    fs::write(
        &csv,
        "No.,Recommendation,Priority,Responsibility,Agreed,Comments,Date\r\n\
         1,\"That the Council reviews its CCTV provision, with the police\",1,Director of Community Services,Yes,Agreed. A review will report in March.,Mar-25\r\n\
         2,That ward members are briefed quarterly,2,Community Safety Manager,In part,Briefings will be twice yearly.,On-going\r\n\
         3,That the youth forum is consulted,3,Head of Youth Services,No,Not agreed at this time,-\r\n",
    )
    .unwrap();
    ok(&scrutiny(
        &site,
        &[
            "import",
            csv.to_str().unwrap(),
            "--review",
            "community-safety",
        ],
    ));
    let recs = site.join("content/community-safety/recommendations");
    let file = |prefix: &str| {
        let entry = fs::read_dir(&recs)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .unwrap_or_else(|| panic!("no file {prefix}…"));
        fs::read_to_string(entry).unwrap()
    };
    let two = file("02-");
    assert!(
        two.contains("lead_officers:\n  - Community Safety Manager\n"),
        "{two}"
    );
    assert!(two.contains("decision: partially-accepted\n"), "{two}");
    assert!(two.contains("timetable: On-going\n"), "{two}");
    assert!(
        two.contains("---\nBriefings will be twice yearly."),
        "{two}"
    );
    assert!(
        two.contains("title: Ward members are briefed quarterly\n"),
        "{two}"
    );
    assert!(file("01-").contains("decision: accepted\n"));
    assert!(file("03-").contains("decision: not-accepted\n"));
    ok(&scrutiny(&site, &["build"]));
}

#[test]
fn exported_csv_imports_back_losslessly() {
    // The example site with some updates, so the export has them too.
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    fs::create_dir(&a).unwrap();
    fs::copy(example_root().join("site.yaml"), a.join("site.yaml")).unwrap();
    copy_dir(&example_root().join("content"), &a.join("content"));
    ok(&scrutiny(
        &a,
        &[
            "update",
            "safety-in-the-town-centre/4",
            "--note",
            "Published: page 7.",
            "--status",
            "completed",
            "--date",
            "2023-10-20",
            "--link",
            "Borough Insight=https://example.org/bi.pdf",
        ],
    ));
    ok(&scrutiny(
        &a,
        &[
            "update",
            "safety-in-the-town-centre/6",
            "--note",
            "Sheets slipped.",
            "--due",
            "2024-03",
            "--reason",
            "new Sergeants",
            "--date",
            "2023-08",
        ],
    ));
    let public = tmp.path().join("public");
    ok(&scrutiny(
        &a,
        &["build", "--output", public.to_str().unwrap()],
    ));
    let csv = public.join("data/recommendations.csv");
    assert!(csv.is_file());

    ok(&scrutiny(tmp.path(), &["init", "b"]));
    let b = tmp.path().join("b");
    // The per-review export holds every field: it imports back to the same plan, under its
    // own name and under another.
    let per_review = public.join("data/safety-in-the-town-centre.csv");
    for review in ["safety-in-the-town-centre", "copy"] {
        ok(&scrutiny(
            &b,
            &["import", per_review.to_str().unwrap(), "--review", review],
        ));
    }
    // The site-wide file holds every field but the long texts (the officer response and the
    // updates, which the review's file has): the rest imports back the same, and the address
    // of the review's file in its last column is not taken for a response.
    ok(&scrutiny(
        &b,
        &["import", csv.to_str().unwrap(), "--review", "summary"],
    ));
    let (sa, sb) = (load_site(&a), load_site(&b));
    let ra = recs(&sa, "safety-in-the-town-centre");
    for review in ["safety-in-the-town-centre", "copy"] {
        assert_same_recommendations(&ra, &recs(&sb, review));
    }
    let summary = recs(&sb, "summary");
    assert_eq!(ra.len(), summary.len());
    for (x, y) in ra.iter().zip(&summary) {
        let (mut px, mut py) = (plan_fields(x), plan_fields(y));
        assert!(!py.response.contains("data/"), "{}", py.response);
        (px.response, py.response) = (String::new(), String::new());
        assert_eq!(px, py, "recommendation {}", x.number.text);
        assert_eq!(x.title, y.title);
        assert!(y.updates.is_empty());
    }
    let review_b = sb
        .reviews
        .iter()
        .find(|r| r.slug.as_str() == "safety-in-the-town-centre")
        .unwrap();
    let themes: Vec<&str> = review_b.themes.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        themes,
        [
            "Greater Communications",
            "Member Engagement",
            "Future Actions"
        ]
    );
}

/// Everything a plan and its updates say, compared recommendation by recommendation.
#[track_caller]
fn assert_same_recommendations(ra: &[&Recommendation], rb: &[&Recommendation]) {
    assert_eq!(ra.len(), rb.len());
    for (x, y) in ra.iter().zip(rb) {
        assert_eq!(
            plan_fields(x),
            plan_fields(y),
            "recommendation {}",
            x.number.text
        );
        assert_eq!(x.title, y.title);
        assert_eq!(x.updates.len(), y.updates.len());
        for (u, v) in x.updates.iter().zip(&y.updates) {
            assert_eq!(
                (u.date, u.status, u.due, u.note.0.trim(), &u.links),
                (v.date, v.status, v.due, v.note.0.trim(), &v.links)
            );
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn import_maps_council_headers_and_keeps_what_it_cannot_map() {
    let (_tmp, site) = new_site();
    let csv = site.join("plan.csv");
    fs::write(
        &csv,
        "Recommendation & Intended Outcomes,Relevant Cabinet Member,Officer Response/s,Timetable,Lead Officer/s,Notes,Owner\n\
         \"To act: now, \"\"quickly\"\".\",\"Cabinet Member for Housing and Health/Communities, Leisure and Arts\",Agreed.,By end of June 2024,Community and Strategic Partnerships Manager and Head of Housing and Regulatory Services,Raised in May,Jo\n\
         Second one,\"X; Y\",,Throughout June,,,\n",
    )
    .unwrap();
    let o = scrutiny(
        &site,
        &[
            "import",
            "plan.csv",
            "--review",
            "plan",
            "--column",
            "title=owner",
        ],
    );
    ok(&o);
    let s = load_site(&site);
    let r = recs(&s, "plan");
    assert_eq!(r[0].number.text, "1");
    assert_eq!(r[0].title, "Jo");
    assert_eq!(r[0].recommendation.0, "To act: now, \"quickly\".\n");
    assert_eq!(
        r[0].cabinet_members,
        [
            "Cabinet Member for Housing and Health",
            "Cabinet Member for Communities, Leisure and Arts"
        ]
    );
    assert_eq!(
        r[0].lead_officers,
        [
            "Community and Strategic Partnerships Manager",
            "Head of Housing and Regulatory Services"
        ]
    );
    assert_eq!(r[0].due.map(|d| d.to_string()).as_deref(), Some("2024-06"));
    assert_eq!(r[0].timetable.as_deref(), Some("By end of June 2024"));
    assert_eq!(r[0].response.0, "Agreed.\n\n### Notes\n\nRaised in May\n");
    // No column holds the decision, so the response's opening "Agreed." gives it.
    assert_eq!(r[0].decision.key(), "accepted");
    assert_eq!(r[1].decision.key(), "not-recorded");
    assert_eq!(r[1].number.text, "2");
    assert_eq!(r[1].title, "Second one");
    assert_eq!(r[1].cabinet_members, ["X", "Y"]);
    assert_eq!(r[1].due, None);
}

/// Whether a recommendation's field holds what a cell said.
type Holds = Box<dyn Fn(FieldValue) -> bool>;

/// A cell for a field of `kind`, and how to tell that a recommendation holds what it says.
fn cell_for(kind: Kind, key: &str) -> (String, Holds) {
    let text = format!("Words for {key}");
    match kind {
        Kind::Number => ("7".into(), Box::new(|v| v == FieldValue::Text("7"))),
        Kind::Text => (
            text.clone(),
            Box::new(move |v| v == FieldValue::Text(&text)),
        ),
        Kind::Markdown | Kind::Body => (
            text.clone(),
            Box::new(move |v| matches!(v, FieldValue::Text(t) if t.trim() == text)),
        ),
        Kind::Theme => (
            "Public Realm".into(),
            Box::new(|v| matches!(v, FieldValue::Theme(s) if s.as_str() == "public-realm")),
        ),
        Kind::People => (
            "Head of Housing".into(),
            Box::new(|v| v == FieldValue::Names(&["Head of Housing".to_string()])),
        ),
        Kind::Date => (
            "2024-05".into(),
            Box::new(|v| matches!(v, FieldValue::Date(d) if d.to_string() == "2024-05")),
        ),
        Kind::Decision => (
            "Partially accepted".into(),
            Box::new(|v| v == FieldValue::Decision(Decision::PARTIALLY_ACCEPTED)),
        ),
        Kind::Status => (
            "Completed".into(),
            Box::new(|v| v == FieldValue::Status(Status::COMPLETED)),
        ),
        Kind::Updates => (
            r#"[{"date":"2024-01-02","note":"Done"}]"#.into(),
            Box::new(|v| matches!(v, FieldValue::Updates(u) if u.len() == 1)),
        ),
        Kind::Flag => ("yes".into(), Box::new(|v| v == FieldValue::Flag(true))),
        Kind::Aliases | Kind::Numeric | Kind::Link | Kind::Choice(_) => {
            panic!("`{key}`: no built-in importable field is of this kind")
        }
    }
}

#[test]
fn import_recognises_every_heading_the_field_table_lists() {
    use scrutiny::model::fields::FIELDS;
    let (_tmp, site) = new_site();
    let importable: Vec<_> = FIELDS.iter().filter(|f| f.importable()).collect();
    let rounds = importable
        .iter()
        .map(|f| f.headings().count())
        .max()
        .unwrap();
    // Round k names each field's column by its k-th heading (the column's own header first,
    // then each synonym, as councils write them), one review per round.
    for k in 0..rounds {
        let mut headers = Vec::new();
        let mut cells = Vec::new();
        let mut checks = Vec::new();
        for f in &importable {
            let names: Vec<&str> = f.headings().collect();
            let (cell, holds) = cell_for(f.kind, f.key);
            headers.push(names[k % names.len()].to_string());
            cells.push(cell);
            checks.push((f, names[k % names.len()], holds));
        }
        // The URL and current status columns make it scrutiny's export, the one kind of CSV
        // whose Updates column is a list of updates (elsewhere an "Updates" column is progress).
        headers.extend(["URL".to_string(), "Current status".to_string()]);
        cells.extend([
            "https://example.org/x/".to_string(),
            "Completed".to_string(),
        ]);
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&headers).unwrap();
        w.write_record(&cells).unwrap();
        fs::write(site.join("plan.csv"), w.into_inner().unwrap()).unwrap();
        let review = format!("round-{k}");
        ok(&scrutiny(
            &site,
            &["import", "plan.csv", "--review", &review],
        ));
        let s = load_site(&site);
        let r = recs(&s, &review);
        assert_eq!(r.len(), 1);
        for (f, heading, holds) in &checks {
            assert!(
                holds(f.value(r[0])),
                "column `{heading}` did not fill `{}`: {:?}",
                f.key,
                f.value(r[0])
            );
        }
    }
}

#[test]
fn import_dry_run_writes_nothing() {
    let (_tmp, site) = new_site();
    let csv = example_root().join("examples/safety-in-the-town-centre.csv");
    let before = snapshot(&site);
    let o = scrutiny(
        &site,
        &[
            "import",
            csv.to_str().unwrap(),
            "--review",
            "town-centre",
            "--dry-run",
        ],
    );
    ok(&o);
    assert!(stdout(&o).contains("==> content/town-centre/recommendations/10-facilitate-a-member-representative-engaging-with.md <=="), "{}", stdout(&o));
    assert!(stdout(&o).contains("nothing was written"));
    assert_eq!(snapshot(&site), before);
}

#[test]
fn import_reports_ragged_rows_and_encoding_problems_at_their_line() {
    let (_tmp, site) = new_site();
    fs::write(
        site.join("ragged.csv"),
        "Number,Recommendation,Response\n1,\"Two\nlines\",ok\n2,missing a cell\n3,a,b,c\n",
    )
    .unwrap();
    let before = snapshot(&site);
    let o = scrutiny(&site, &["import", "ragged.csv", "--review", "plan"]);
    refused(&o);
    let err = stderr(&o);
    assert!(
        err.contains("ragged.csv:4:1") && err.contains("this row has 2 cells but the header has 3"),
        "{err}"
    );
    assert!(
        err.contains("ragged.csv:5:1") && err.contains("this row has 4 cells"),
        "{err}"
    );
    assert_eq!(snapshot(&site), before);

    fs::write(
        site.join("latin1.csv"),
        b"Number,Recommendation\n1,caf\xe9 culture\n",
    )
    .unwrap();
    let before = snapshot(&site);
    let o = scrutiny(&site, &["import", "latin1.csv", "--review", "plan"]);
    refused(&o);
    assert!(
        stderr(&o).contains("latin1.csv:2:6") && stderr(&o).contains("CSV UTF-8"),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot(&site), before);
}

#[test]
fn import_refuses_to_overwrite_and_unmapped_files_are_explained() {
    let (_tmp, site) = new_site();
    fs::write(site.join("plan.csv"), "Number,Recommendation\n1,First\n").unwrap();
    ok(&scrutiny(
        &site,
        &["import", "plan.csv", "--review", "plan"],
    ));
    let before = snapshot(&site);
    let o = scrutiny(&site, &["import", "plan.csv", "--review", "plan"]);
    refused(&o);
    assert!(stderr(&o).contains("already used"), "{}", stderr(&o));
    assert_eq!(snapshot(&site), before);

    fs::write(site.join("nocol.csv"), "Number,Words\n1,First\n").unwrap();
    let o = scrutiny(&site, &["import", "nocol.csv", "--review", "other"]);
    refused(&o);
    assert!(
        stderr(&o).contains("--column recommendation="),
        "{}",
        stderr(&o)
    );
    let o = scrutiny(
        &site,
        &[
            "import",
            "nocol.csv",
            "--review",
            "other",
            "--column",
            "recommendation=words",
        ],
    );
    ok(&o);
}
