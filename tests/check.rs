//! `scrutiny check` end to end: every kind of broken input is reported with its file, line,
//! column, the offending line and a hint; accountability gaps are warnings; nothing panics.

mod common;

use common::{example_root, line_of, run, Severity, Site, MINIMAL_RECS};

const REC1: &str = "content/town-centre/recommendations/01-street-lighting.md";
const REC2: &str = "content/town-centre/recommendations/02-cctv-report.md";
const THEME: &str = "content/town-centre/themes/public-realm.md";

/// The `minimal` fixture: a valid site with one review, one theme and two recommendations.
fn minimal() -> Site {
    Site::fixture("minimal")
}

/// `REC1`'s named lead officer, as written in the fixture.
const REC1_LEAD: &str = "lead_officers:\n  - Head of Environment and Public Realm\n";

/// Byte-order mark plus Windows line endings, as Notepad and Word save files.
fn bom_crlf(text: &str) -> String {
    format!("\u{feff}{}", text.replace('\n', "\r\n"))
}

// ---------------------------------------------------------------------------------------------
// A clean site

#[test]
fn valid_site_passes_even_in_strict_mode() {
    let site = minimal();
    let r = site.run(&["check", "--strict"]);
    r.exits(0);
    assert!(r.diagnostics().is_empty(), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("Checked 2 recommendations in 1 review: 0 errors, 0 warnings"),
        "{}",
        r.stderr
    );
}

#[test]
fn check_writes_nothing() {
    let site = minimal();
    let before = common::tree(site.path());
    site.check().exits(0);
    assert_eq!(common::tree(site.path()), before);
    assert!(!site.path().join("public").exists());
}

// ---------------------------------------------------------------------------------------------
// Errors

#[test]
fn yaml_syntax_error_is_reported_at_its_line_in_the_file() {
    let site = minimal();
    // Line 15 of the file is line 14 of the front matter: the file's numbering must be used.
    site.edit(
        REC1,
        "timetable: By end of March 2027",
        "timetable: By end: March 2027",
    );
    let r = site.check();
    r.exits(1);
    r.error("invalid YAML")
        .at(REC1, 15, 18)
        .shows("timetable: By end: March 2027")
        .helps("must be quoted");
}

#[test]
fn yaml_syntax_error_in_a_bom_crlf_file_is_reported_at_its_line() {
    let site = minimal();
    let text = site.read(REC1).replace(
        "timetable: By end of March 2027",
        "timetable: By end: March 2027",
    );
    site.write(REC1, bom_crlf(&text));
    let r = site.check();
    r.exits(1);
    r.error("invalid YAML")
        .at(REC1, 15, 18)
        .shows("timetable: By end: March 2027")
        .helps("quoted");
}

#[test]
fn unclosed_bracket_is_a_yaml_error_in_the_file() {
    let site = minimal();
    site.edit(
        REC1,
        "lead_officers:\n  - Head of Environment and Public Realm",
        "lead_officers: [Head of Environment",
    );
    let r = site.check();
    r.exits(1);
    let d = r.error("invalid YAML");
    assert_eq!(d.file(), REC1);
    let line: usize = d.location.rsplit(':').nth(1).unwrap().parse().unwrap();
    assert!(
        (9..=21).contains(&line),
        "the error is inside the front matter (lines 2-21), not at {line}: {d:#?}"
    );
    d.helps("check the indentation and that every quote and bracket is closed");
}

#[test]
fn unknown_key_suggests_the_closest_name() {
    let site = minimal();
    site.edit(REC1, REC1_LEAD, "lead_oficers: []\n");
    let r = site.check();
    r.exits(1);
    r.error("unknown key `lead_oficers`")
        .at(REC1, 9, 1)
        .shows("lead_oficers: []")
        .helps("did you mean `lead_officers`?");
}

#[test]
fn unknown_key_far_from_any_name_lists_the_valid_keys() {
    let site = minimal();
    site.edit(REC1, "financial_impact:", "colour: blue\nfinancial_impact:");
    let r = site.check();
    r.exits(1);
    r.error("unknown key `colour`")
        .at(REC1, 11, 1)
        .shows("colour: blue")
        .helps("valid keys are");
}

#[test]
fn unknown_key_in_an_update_suggests_the_closest_name() {
    let site = minimal();
    site.edit(
        REC1,
        "    note: The survey is half done.",
        "    notes: The survey is half done.",
    );
    let r = site.check();
    r.exits(1);
    r.error("unknown key `notes`")
        .at(REC1, 21, 5)
        .shows("    notes: The survey is half done.")
        .helps("did you mean `note`?");
}

#[test]
fn unknown_key_in_a_theme_suggests_the_closest_name() {
    let site = minimal();
    site.edit(THEME, "outcome:", "outcom:");
    let r = site.check();
    r.exits(1);
    r.error("unknown key `outcom`")
        .at(THEME, 3, 1)
        .helps("did you mean `outcome`?");
}

#[test]
fn unknown_key_in_site_yaml_suggests_the_closest_name() {
    let site = minimal();
    site.edit("site.yaml", "title: Minimal", "titel: Minimal");
    let r = site.check();
    r.exits(1);
    r.error("unknown key `titel`")
        .at("site.yaml", 2, 1)
        .shows("titel: Minimal scrutiny site")
        .helps("did you mean `title`?");
}

#[test]
fn mapping_where_a_list_of_names_belongs_is_a_type_error() {
    let site = minimal();
    site.edit(REC1, REC1_LEAD, "lead_officers: {a: 1}\n");
    let r = site.check();
    r.exits(1);
    r.error("`lead_officers` must be a list of names, found a mapping of keys")
        .at(REC1, 9, 16)
        .shows("lead_officers: {a: 1}")
        .helps("lead_officers: [Name One, Name Two]");
}

#[test]
fn draft_must_be_true_or_false() {
    let site = minimal();
    site.edit(REC1, "due: 2027-03", "draft: maybe\ndue: 2027-03");
    let r = site.check();
    r.exits(1);
    r.error("`draft` must be true or false, found text")
        .at(REC1, 14, 8)
        .shows("draft: maybe")
        .helps("draft: true");
}

#[test]
fn impossible_date_is_an_error() {
    let site = minimal();
    site.edit(REC1, "due: 2027-03", "due: 2023-02-30");
    let r = site.check();
    r.exits(1);
    let d = r.error("invalid date for `due`");
    d.at(REC1, 14, 6)
        .shows("due: 2023-02-30")
        .helps("YYYY-MM-DD, YYYY-MM or YYYY");
    assert!(d.message.contains("February 2023 has no day 30"), "{d:#?}");
}

#[test]
fn a_date_written_as_people_write_it_gets_its_form_suggested() {
    let site = minimal();
    for (written, meant) in [
        ("31/03/2027", "due: 2027-03-31"),
        ("March 2027", "due: 2027-03"),
    ] {
        site.edit(REC1, "due: 2027-03\n", &format!("due: {written}\n"));
        let r = site.check();
        r.exits(1);
        r.error("invalid date for `due`")
            .at(REC1, 14, 6)
            .helps(&format!("did you mean `{meant}`?"));
        site.edit(REC1, &format!("due: {written}\n"), "due: 2027-03\n");
    }
}

#[test]
fn month_written_with_one_digit_is_an_error() {
    let site = minimal();
    site.edit(REC1, "due: 2027-03", "due: 2027-3");
    let r = site.check();
    r.exits(1);
    r.error("invalid date for `due`")
        .at(REC1, 14, 6)
        .shows("due: 2027-3")
        .helps("YYYY-MM");
}

#[test]
fn unknown_status_suggests_the_closest_status() {
    let site = minimal();
    site.edit(REC1, "status: in-progress", "status: in-progres");
    let r = site.check();
    r.exits(1);
    r.error("unknown status `in-progres`")
        .at(REC1, 13, 9)
        .shows("status: in-progres")
        .helps("did you mean `in-progress`?")
        .helps("valid statuses are");
}

/// After an invalid value is reported, the warnings must not be about the default the checker
/// fell back to: "`status: not-started` contradicts …" names a value the file does not contain.
#[test]
fn invalid_value_is_not_followed_by_warnings_about_its_default() {
    let site = minimal();
    site.edit(REC1, "status: in-progress", "status: in-progres");
    site.edit(REC1, "decision: accepted", "decision: acepted");
    let r = site.check();
    r.exits(1);
    assert!(!r.has(Severity::Warning, "not-started"), "{}", r.stderr);
    assert!(
        !r.has(Severity::Warning, "awaiting a response"),
        "{}",
        r.stderr
    );
}

#[test]
fn unknown_status_in_an_update_is_located_in_the_update() {
    let site = minimal();
    site.edit(REC1, "    status: in-progress", "    status: complete");
    let r = site.check();
    r.exits(1);
    r.error("unknown status `complete`")
        .at(REC1, 18, 13)
        .shows("    status: complete")
        .helps("did you mean `completed`?");
}

/// A word plans use for a status or decision is suggested by what it means, as `update
/// --status done` already did: `done` is nowhere near `completed` by spelling.
#[test]
fn a_status_or_decision_as_plans_word_it_suggests_what_it_means() {
    let site = minimal();
    site.edit(REC1, "status: in-progress", "status: Done");
    site.edit(REC1, "decision: accepted", "decision: Agreed");
    let r = site.check();
    r.exits(1);
    r.error("unknown status `Done`")
        .at(REC1, 13, 9)
        .helps("did you mean `completed`?");
    r.error("unknown decision `Agreed`")
        .at(REC1, 12, 11)
        .helps("did you mean `accepted`?");
}

#[test]
fn unknown_decision_suggests_the_closest_decision() {
    let site = minimal();
    site.edit(REC1, "decision: accepted", "decision: acepted");
    let r = site.check();
    r.exits(1);
    r.error("unknown decision `acepted`")
        .at(REC1, 12, 11)
        .shows("decision: acepted")
        .helps("did you mean `accepted`?")
        .helps("valid decisions are");
}

#[test]
fn unknown_theme_suggests_the_closest_theme() {
    let site = minimal();
    site.edit(REC1, "theme: public-realm", "theme: publc-realm");
    let r = site.check();
    r.exits(1);
    r.error("theme `publc-realm` not found")
        .at(REC1, 6, 8)
        .shows("theme: publc-realm")
        .helps("did you mean `public-realm`?");
}

#[test]
fn theme_in_a_review_without_themes_is_an_error() {
    let site = minimal();
    site.remove("content/town-centre/themes");
    let r = site.check();
    r.exits(1);
    for file in [REC1, REC2] {
        r.find_in(
            file,
            Severity::Error,
            "theme `public-realm` not found: this review has no themes",
        )
        .at(file, 6, 8)
        .shows("theme: public-realm")
        .helps("create content/town-centre/themes/public-realm.md, or remove the `theme` line");
    }
}

#[test]
fn duplicate_number_names_both_files() {
    let site = minimal();
    site.edit(REC2, "number: 2", "number: 1");
    let r = site.check();
    r.exits(1);
    let d = r.error("duplicate number `1`");
    d.shows("number: 1").helps("renumber one of the two files");
    let (this, other) = if d.file() == REC2 {
        (REC2, REC1)
    } else {
        (REC1, REC2)
    };
    d.at(this, 2, 1).notes(&format!("{other}:2:1"));
    // Both files were read: the count says so, and that one is not in the site.
    assert!(
        r.stderr.contains(
            "Checked 2 recommendations in 1 review (1 left out of the site by an error above): 1 error, 0 warnings"
        ),
        "{}",
        r.stderr
    );
    // `build` shows errors only, so it does not count warnings it did not show.
    site.edit(
        REC1,
        "lead_officers:\n  - Head of Environment and Public Realm\n",
        "",
    );
    assert!(site.check().stderr.contains("1 error, 1 warning"));
    let b = site.run(&["build"]);
    b.exits(1);
    assert!(
        b.stderr.contains("Build failed: 1 error. The previous output (if any) was left untouched. (`scrutiny check` shows the warnings too.)"),
        "{}",
        b.stderr
    );
}

#[test]
fn missing_title_is_an_error() {
    let site = minimal();
    site.edit(REC1, "title: Brighter street lighting\n", "");
    let r = site.check();
    r.exits(1);
    r.error("missing required key `title`")
        .at(REC1, 2, 1)
        .shows("number: 1")
        .helps("add a line `title: ");
}

#[test]
fn missing_number_is_an_error() {
    let site = minimal();
    site.edit(REC1, "number: 1\n", "");
    let r = site.check();
    r.exits(1);
    r.error("missing required key `number`")
        .at(REC1, 2, 1)
        .helps("add a line `number: ");
}

#[test]
fn missing_closing_fence_is_reported() {
    let site = minimal();
    site.edit(
        REC1,
        "    note: The survey is half done.\n---\n",
        "    note: The survey is half done.\n",
    );
    let r = site.check();
    r.exits(1);
    r.error("the front matter opened here is never closed")
        .at(REC1, 1, 1)
        .shows("---")
        .helps("add a line `---`");
}

#[test]
fn file_without_front_matter_is_reported() {
    let site = minimal();
    site.write(REC1, "number: 1\ntitle: A title\n");
    let r = site.check();
    r.exits(1);
    r.error("does not start with front matter")
        .at(REC1, 1, 1)
        .shows("number: 1")
        .helps("the first line must be `---`");
}

#[test]
fn empty_file_is_reported() {
    let site = minimal();
    site.write(REC1, "");
    let r = site.check();
    r.exits(1);
    r.error("the recommendation file is empty")
        .at(REC1, 1, 1)
        .helps("start the file with `---`");
}

#[test]
fn file_of_only_whitespace_is_reported_as_empty() {
    let site = minimal();
    site.write(REC1, "\u{feff}\r\n  \n");
    let r = site.check();
    r.exits(1);
    r.error("file is empty").at(REC1, 1, 1);
}

#[test]
fn bytes_that_are_not_utf8_are_located() {
    let site = minimal();
    site.write(
        REC1,
        b"---\nnumber: 1\ntitle: Caf\xe9 lighting\nrecommendation: Light it.\n---\n".as_slice(),
    );
    let r = site.check();
    r.exits(1);
    let d = r.error("not valid UTF-8");
    d.at(REC1, 3, 11).helps("save the file as UTF-8");
    assert!(d.message.contains("0xe9"), "{d:#?}");
}

#[test]
fn bom_and_crlf_file_is_valid() {
    let site = minimal();
    site.write(REC1, bom_crlf(&site.read(REC1)));
    site.write(THEME, bom_crlf(&site.read(THEME)));
    site.write("site.yaml", bom_crlf(&site.read("site.yaml")));
    let r = site.run(&["check", "--strict"]);
    r.exits(0);
    assert!(r.diagnostics().is_empty(), "{}", r.stderr);
}

#[test]
fn bom_and_crlf_file_errors_show_the_line_without_its_carriage_return() {
    let site = minimal();
    site.write(
        REC1,
        bom_crlf(
            &site
                .read(REC1)
                .replacen("status: in-progress", "status: in-progres", 1),
        ),
    );
    let r = site.check();
    r.exits(1);
    r.error("unknown status `in-progres`")
        .at(REC1, 13, 9)
        .shows("status: in-progres");
}

#[test]
fn every_broken_file_of_a_run_is_reported() {
    let site = minimal();
    site.edit(
        REC1,
        "timetable: By end of March 2027",
        "timetable: By end: March 2027",
    );
    site.edit(REC2, "lead_officers:", "lead_oficers:");
    site.edit(THEME, "order: 1", "order: first");
    let r = site.check();
    r.exits(1);
    r.error("invalid YAML").at(REC1, 15, 18);
    r.error("unknown key `lead_oficers`")
        .at(REC2, 8, 1)
        .helps("did you mean `lead_officers`?");
    r.error("`order` must be a whole number").at(THEME, 4, 8);
    assert_eq!(r.errors().len(), 3, "{}", r.stderr);
    assert!(r.stderr.contains("3 errors"), "{}", r.stderr);
}

#[test]
fn every_problem_in_one_file_is_reported() {
    let site = minimal();
    site.edit(REC1, "decision: accepted", "decision: acepted");
    site.edit(REC1, "status: in-progress", "status: in-progres");
    site.edit(REC1, "due: 2027-03", "due: 2027-13");
    let r = site.check();
    r.exits(1);
    r.error("unknown decision").at(REC1, 12, 11);
    r.error("unknown status").at(REC1, 13, 9);
    r.error("invalid date").at(REC1, 14, 6).helps("YYYY");
}

#[test]
fn review_without_its_file_is_reported() {
    let site = minimal();
    site.remove("content/town-centre/_review.md");
    let r = site.check();
    r.exits(1);
    let d = r.error("has no _review.md");
    assert_eq!(d.location, "content/town-centre/_review.md");
    d.helps("title");
}

#[test]
fn unsafe_evidence_link_is_an_error() {
    let site = minimal();
    site.edit(
        REC2,
        "url: https://example.org/minutes-2026-10-20.pdf",
        "url: javascript:alert(1)",
    );
    let r = site.check();
    r.exits(1);
    r.error("link `javascript:alert(1)` is not a web address")
        .at(REC2, 19, 14)
        .helps("https://");
}

#[test]
fn hostile_and_malformed_files_never_crash() {
    let long = format!(
        "---\nnumber: 1\ntitle: {}\nrecommendation: y\n---\n{}\n",
        "x".repeat(200_000),
        "y ".repeat(100_000)
    );
    let deep = format!(
        "---\nnumber: 1\ntitle: {}{}\n---\n",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    let mut laughs = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        laughs.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    laughs.push_str("---\n");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("front matter is a list", b"---\n- a\n- b\n---\n".to_vec()),
        ("front matter is a scalar", b"---\njust text\n---\n".to_vec()),
        ("empty front matter", b"---\n---\nBody\n".to_vec()),
        ("only a fence", b"---".to_vec()),
        ("only a BOM", "\u{feff}".as_bytes().to_vec()),
        ("number is a list", b"---\nnumber: [1, 2]\ntitle: x\nrecommendation: y\n---\n".to_vec()),
        ("number is huge", b"---\nnumber: 99999999999999999999999999\ntitle: x\nrecommendation: y\n---\n".to_vec()),
        ("number is empty text", b"---\nnumber: \"\"\ntitle: x\nrecommendation: y\n---\n".to_vec()),
        ("number is odd text", b"---\nnumber: \"-1.a..3/../x\"\ntitle: x\nrecommendation: y\n---\n".to_vec()),
        ("updates is a number", b"---\nnumber: 1\ntitle: x\nrecommendation: y\nupdates: 5\n---\n".to_vec()),
        ("updates of odd items", b"---\nnumber: 1\ntitle: x\nrecommendation: y\nupdates: [1, two, {date: nope}, [], ~]\n---\n".to_vec()),
        ("update without a date", b"---\nnumber: 1\ntitle: x\nrecommendation: y\nupdates:\n  - note: hi\n---\n".to_vec()),
        ("links is text", b"---\nnumber: 1\ntitle: x\nrecommendation: y\nupdates:\n  - date: 2026-01-01\n    links: x\n---\n".to_vec()),
        ("link without url", b"---\nnumber: 1\ntitle: x\nrecommendation: y\nupdates:\n  - date: 2026-01-01\n    links:\n      - title: t\n---\n".to_vec()),
        ("year out of range", b"---\nnumber: 1\ntitle: x\nrecommendation: y\ndue: 99999-01-01\n---\n".to_vec()),
        ("year zero", b"---\nnumber: 1\ntitle: x\nrecommendation: y\ndue: 0000\n---\n".to_vec()),
        ("date is a mapping", b"---\nnumber: 1\ntitle: x\nrecommendation: y\ndue: {y: 2024}\n---\n".to_vec()),
        ("tab indentation", b"---\nnumber: 1\ntitle: x\nrecommendation: y\nlead_officers:\n\t- A\n---\n".to_vec()),
        ("NUL bytes", b"---\nnumber: 1\ntitle: a\0b\nrecommendation: y\n---\nbody \0\n".to_vec()),
        ("carriage returns only", b"---\rnumber: 1\rtitle: x\rrecommendation: y\r---\r".to_vec()),
        ("complex key", b"---\n? [a, b]\n: c\nnumber: 1\ntitle: x\nrecommendation: y\n---\n".to_vec()),
        ("binary tag", b"---\nnumber: !!binary aGVsbG8=\ntitle: x\nrecommendation: y\n---\n".to_vec()),
        ("duplicate key", b"---\nnumber: 1\nnumber: 2\ntitle: x\nrecommendation: y\n---\n".to_vec()),
        ("unterminated quote", b"---\nnumber: 1\ntitle: \"x\nrecommendation: y\n---\n".to_vec()),
        ("multi-byte characters before an error", "---\nnumber: 1\ntitle: Café – “quoted”: x\nrecommendation: y\n---\n".as_bytes().to_vec()),
        ("invalid UTF-8 at the start", b"\xff\xfe---\n".to_vec()),
        ("very long lines", long.into_bytes()),
        ("deep nesting", deep.into_bytes()),
        ("billion laughs", laughs.into_bytes()),
    ];
    for (name, bytes) in cases {
        let site = minimal();
        site.write(REC1, &bytes);
        let check = site.check(); // asserts there was no panic
        assert!(
            check.code == 0 || check.code == 1,
            "{name}: check exited {}\n{}",
            check.code,
            check.stderr
        );
        if check.code == 1 {
            assert!(
                check
                    .errors()
                    .iter()
                    .any(|d| d.file() == REC1 && d.location.len() > REC1.len()),
                "{name}: exit 1 without an error located in {REC1}:\n{}",
                check.stderr
            );
        }
        let build = site.run(&["build", "--output", "out"]); // asserts there was no panic
        if check.code == 1 {
            build.exits(1);
            assert!(
                !site.path().join("out").exists(),
                "{name}: a failed build wrote output"
            );
        } else {
            assert!(
                build.code == 0 || build.code == 1,
                "{name}: build exited {}\n{}",
                build.code,
                build.stderr
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Accountability warnings

#[test]
fn no_lead_officer_is_a_warning() {
    let site = minimal();
    site.edit(REC1, REC1_LEAD, "lead_officers: []\n");
    let r = site.check();
    r.exits(0);
    r.warning("recommendation 1 has no lead officer")
        .at(REC1, 9, 1)
        .shows("lead_officers: []")
        .helps("name who is responsible");
    assert!(r.errors().is_empty(), "{}", r.stderr);
}

#[test]
fn strict_mode_fails_on_warnings() {
    let site = minimal();
    site.edit(REC1, REC1_LEAD, "lead_officers: []\n");
    site.check().exits(0);
    let r = site.run(&["check", "--strict"]);
    r.exits(1);
    r.warning("has no lead officer").at(REC1, 9, 1);
}

#[test]
fn asterisk_placeholder_response_is_a_warning() {
    let site = minimal();
    site.edit(
        REC1,
        "The lighting contractor will survey every alley and car park and report back with costed options.",
        "\\*\\*\\*\\* We are discussing this with the team \\*\\*\\*",
    );
    let r = site.check();
    r.exits(0);
    r.warning("the officer response of recommendation 1 is placeholder text (`****`)")
        .at(REC1, 23, 1)
        .shows("\\*\\*\\*\\* We are discussing this with the team \\*\\*\\*")
        .helps("replace the template text");
}

#[test]
fn template_phrase_is_a_warning() {
    let site = minimal();
    site.edit(
        REC1,
        "financial_impact: Met from existing budgets.",
        "financial_impact: Explanation provided as applicable",
    );
    let r = site.check();
    r.exits(0);
    r.warning("the financial impact of recommendation 1 is placeholder text (`explanation provided as applicable`)")
        .at(REC1, 11, 19)
        .shows("financial_impact: Explanation provided as applicable")
        .helps("replace the template text");
}

#[test]
fn accepted_without_a_target_date_is_a_warning() {
    let site = minimal();
    site.edit(REC1, "due: 2027-03\n", "");
    // A timetable that names a date is a target date too: only one that does not counts as none.
    assert!(!site.check().has(Severity::Warning, "no target date"));
    site.edit(REC1, "By end of March 2027", "As soon as resources allow");
    let r = site.check();
    r.exits(0);
    r.warning("recommendation 1 is accepted but has no target date")
        .at(REC1, 12, 1)
        .shows("decision: accepted")
        .helps("the timetable \"As soon as resources allow\"");
}

#[test]
fn not_accepted_without_a_reason_is_a_warning() {
    let site = minimal();
    site.edit(REC1, "decision: accepted", "decision: not-accepted");
    site.edit(REC1, "The lighting contractor will survey every alley and car park and report back with costed options.\n", "");
    let r = site.check();
    r.exits(0);
    r.warning("recommendation 1 is not accepted but no reason is given")
        .at(REC1, 12, 1)
        .shows("decision: not-accepted")
        .helps("reason");
}

#[test]
fn not_accepted_with_a_reason_is_not_flagged() {
    let site = minimal();
    site.edit(REC1, "decision: accepted", "decision: not-accepted");
    let r = site.check();
    assert!(
        !r.has(Severity::Warning, "no reason is given"),
        "{}",
        r.stderr
    );
}

#[test]
fn status_key_contradicting_the_newest_update_is_a_warning() {
    let site = minimal();
    // The key claims completion; the newest update with a status says the work is in progress.
    site.edit(REC1, "status: in-progress\ndue", "status: completed\ndue");
    let r = site.check();
    r.exits(0);
    r.warning("`status: completed` contradicts the newest update (2026-10-05: in-progress)")
        .at(REC1, 13, 1)
        .shows("status: completed")
        .helps("set `status: in-progress`");
}

/// docs/content-format.md: `status` is "where the work stands when the plan was written … Later
/// changes go in `updates`", and its own example pairs `status: in-progress` with an update to
/// `completed` — what `scrutiny update --status completed` produces. That is not a contradiction.
#[test]
fn status_key_in_step_with_the_newest_update_is_not_flagged() {
    // The `status` key says where the work stands now; `scrutiny update --status` changes it
    // together with the new entry, so a file edited that way is consistent.
    let site = minimal();
    site.edit(
        REC1,
        "    note: The survey is half done.\n",
        "    note: The survey is half done.\n  - date: 2026-11-20\n    status: completed\n    note: New lighting installed.\n",
    );
    let text = site.read(REC1);
    let status_line = text
        .lines()
        .find(|l| l.starts_with("status:"))
        .unwrap()
        .to_string();
    site.edit(REC1, &format!("{status_line}\n"), "status: completed\n");
    let r = site.check();
    assert!(!r.has(Severity::Warning, "contradicts"), "{}", r.stderr);
}

#[test]
fn revised_target_date_without_a_reason_is_a_warning() {
    let site = minimal();
    site.edit(
        REC1,
        "    note: The survey is half done.\n",
        "    note: The survey is half done.\n  - date: 2026-11-20\n    due: 2027-06\n",
    );
    let r = site.check();
    r.exits(0);
    r.warning("the target date of recommendation 1 was revised on 2026-11-20 without a reason")
        .at(REC1, 22, 3)
        .shows("  - date: 2026-11-20")
        .helps("say why the date moved");
}

#[test]
fn revised_target_date_with_a_reason_is_not_flagged() {
    let site = minimal();
    site.edit(
        REC1,
        "    note: The survey is half done.\n",
        "    note: The survey is half done.\n  - date: 2026-11-20\n    due: 2027-06\n    note: The contractor went into administration.\n",
    );
    let r = site.run(&["check", "--strict"]);
    r.exits(0);
}

#[test]
fn overdue_is_a_warning() {
    let site = minimal();
    site.edit(REC1, "due: 2027-03", "due: 2026-06");
    let r = site.check();
    r.exits(0);
    // June 2026 ends on 30 June; 26 November is 149 days later.
    r.warning("recommendation 1 is overdue: due June 2026, 149 days ago, status in-progress")
        .at(REC1, 13, 1)
        .shows("status: in-progress")
        .helps("revised `due`");
}

#[test]
fn partial_target_date_is_not_overdue_until_its_month_is_over() {
    let site = minimal();
    site.edit(REC1, "due: 2027-03", "due: 2026-11");
    let r = site.run(&["check", "--strict"]);
    r.exits(0);
}

#[test]
fn completed_work_is_never_overdue() {
    let site = minimal();
    site.edit(REC2, "due: 2026-12-15", "due: 2025-01");
    let r = site.run(&["check", "--strict"]);
    r.exits(0);
}

#[test]
fn awaiting_a_response_past_the_deadline_is_a_warning() {
    let site = minimal();
    // The review is dated September 2026: the 28 days ran out on 28 October.
    site.edit(REC1, "decision: accepted", "decision: awaiting-response");
    let r = site.check();
    r.exits(0);
    r.warning(
        "recommendation 1 is still awaiting a response (28 days allowed from September 2026)",
    )
    .at(REC1, 12, 1)
    .helps("decision:");
    // A missing decision is not recorded, which is not the same claim as "not answered".
    site.edit(REC1, "decision: awaiting-response\n", "");
    let r = site.check();
    assert!(
        !r.has(Severity::Warning, "still awaiting a response"),
        "{}",
        r.stderr
    );
    r.warning("recommendation 1 does not record the executive's decision");
}

#[test]
fn awaiting_a_response_within_the_deadline_is_not_flagged() {
    let site = minimal();
    site.edit(
        "content/town-centre/_review.md",
        "date: 2026-09",
        "date: 2026-11-10",
    );
    site.edit(REC1, "decision: accepted", "decision: awaiting-response");
    let r = site.check();
    r.exits(0);
    assert!(
        !r.has(Severity::Warning, "still awaiting a response"),
        "{}",
        r.stderr
    );
}

#[test]
fn stale_is_a_warning() {
    let site = minimal();
    site.edit(REC1, "date: 2026-10-05", "date: 2026-03-05");
    site.edit(REC1, "date: 2026-11-02", "date: 2026-05-02");
    let r = site.check();
    r.exits(0);
    r.warning("recommendation 1 has had no update for over 180 days")
        .at(REC1, 13, 1)
        .shows("status: in-progress")
        .helps("scrutiny update");
}

#[test]
fn stale_days_can_be_changed_in_site_yaml() {
    let site = minimal();
    site.write(
        "site.yaml",
        format!("{}stale_days: 20\n", site.read("site.yaml")),
    );
    let r = site.check();
    r.exits(0);
    // The newest update of recommendation 1 is 2 November: 24 days before today.
    r.warning("recommendation 1 has had no update for over 20 days")
        .at(REC1, 13, 1);
}

#[test]
fn drafts_are_checked_but_not_warned_about() {
    let site = minimal();
    site.write(
        &format!("{MINIMAL_RECS}/03-draft.md"),
        "---\nnumber: 3\ntitle: Not yet agreed\nrecommendation: Something.\nlead_officers: []\ndraft: true\n---\n",
    );
    site.run(&["check", "--strict"]).exits(0);
    site.edit(
        &format!("{MINIMAL_RECS}/03-draft.md"),
        "lead_officers: []",
        "lead_oficers: []",
    );
    let r = site.check();
    r.exits(1);
    r.error("unknown key `lead_oficers`")
        .at(&format!("{MINIMAL_RECS}/03-draft.md"), 5, 1);
}

// ---------------------------------------------------------------------------------------------
// The example site: the real Safety in the Town Centre plan, gaps included

const EXAMPLE_RECS: &str = "content/safety-in-the-town-centre/recommendations";

/// The example recommendation file whose name starts with `prefix` ("06-") and its text.
fn example_rec(prefix: &str) -> (String, String) {
    let dir = example_root().join(EXAMPLE_RECS);
    let name = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with(prefix) && n.ends_with(".md"))
        .unwrap_or_else(|| panic!("no recommendation file {prefix}*.md"));
    let text = std::fs::read_to_string(dir.join(&name)).unwrap();
    (format!("{EXAMPLE_RECS}/{name}"), text)
}

fn check_example() -> common::Run {
    run(&example_root(), &["check"])
}

#[test]
fn example_site_checks_without_errors() {
    let r = check_example();
    r.exits(0);
    assert!(r.errors().is_empty(), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("Checked 15 recommendations in 1 review: 0 errors"),
        "{}",
        r.stderr
    );
    assert!(
        !r.warnings().is_empty(),
        "the example shows the plan's real gaps"
    );
    for w in r.warnings() {
        assert!(
            w.location.contains(".md:") || w.location.contains(".yaml:"),
            "every warning has file:line: {w:#?}"
        );
    }
}

#[test]
fn example_site_warns_that_6_7_and_15_have_no_lead_officer() {
    let r = check_example();
    for (n, prefix) in [(6, "06-"), (7, "07-"), (15, "15-")] {
        let (file, text) = example_rec(prefix);
        r.find_in(
            &file,
            Severity::Warning,
            &format!("recommendation {n} has no lead officer"),
        )
        .at(&file, line_of(&text, "lead_officers:"), 1)
        .shows("lead_officers: []");
    }
    let named = r
        .warnings()
        .into_iter()
        .filter(|w| w.message.contains("has no lead officer"))
        .count();
    assert_eq!(
        named, 3,
        "only 6, 7 and 15 lack a lead officer:\n{}",
        r.stderr
    );
}

#[test]
fn example_site_warns_about_the_placeholder_in_13() {
    let r = check_example();
    let (file, text) = example_rec("13-");
    let line = line_of(&text, "\\*\\*\\*\\*");
    r.find_in(
        &file,
        Severity::Warning,
        "the officer response of recommendation 13 is placeholder text (`****`)",
    )
    .at(&file, line, 1)
    .shows(text.lines().nth(line - 1).unwrap());
}

#[test]
fn example_site_warns_about_the_template_phrase_in_2() {
    let r = check_example();
    let (file, text) = example_rec("02-");
    let line = line_of(&text, "Explanation provided as applicable");
    let column = text
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("Explanation")
        .unwrap()
        + 1;
    r.find_in(
        &file,
        Severity::Warning,
        "recommendation 2 is placeholder text (`explanation provided as applicable`)",
    )
    .at(&file, line, column)
    .shows("financial_impact: Explanation provided as applicable");
}

#[test]
fn example_site_fails_strict_mode_because_of_its_gaps() {
    run(&example_root(), &["check", "--strict"]).exits(1);
}
