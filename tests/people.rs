//! People: who gets a page under `/people/<slug>/`, when two names are one person, what the
//! people page says about recommendations nobody owns, and how much output one recommendation's
//! people make.

mod common;

use common::{Severity, Site};
use std::path::Path;

const SITE_YAML: &str =
    "title: People test\norganisation: Test Borough Council\nbase_url: https://example.org/\n";
const REVIEW: &str = "---\ntitle: Plan\ncommittee: Overview and Scrutiny Committee\ndate: 2026-09\nreported_to: Cabinet\n---\nThe plan.\n";
const RECS: &str = "content/plan/recommendations";

/// A YAML double-quoted string.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn yaml_list(names: &[&str]) -> String {
    if names.is_empty() {
        return " []\n".into();
    }
    let mut out = String::from("\n");
    for n in names {
        out.push_str(&format!("  - {}\n", quoted(n)));
    }
    out
}

/// A recommendation file naming these people.
fn rec(number: u32, cabinet: &[&str], leads: &[&str]) -> String {
    format!(
        "---\nnumber: {number}\ntitle: Recommendation number {number}\nrecommendation: Do thing {number}.\ncabinet_members:{}lead_officers:{}decision: accepted\nstatus: in-progress\ndue: 2027-03\n---\nAgreed.\n",
        yaml_list(cabinet),
        yaml_list(leads)
    )
}

/// A site with one review, `plan`, holding `recs` as (file name, text).
fn site_of(recs: &[(String, String)]) -> Site {
    let site = Site::from_files(SITE_YAML, &[("content/plan/_review.md", REVIEW)]);
    for (name, text) in recs {
        site.write(&format!("{RECS}/{name}"), text);
    }
    site
}

/// Recommendation `i + 1` names lead officer `names[i]`, in a file per recommendation.
fn one_lead_each(names: &[&str]) -> Vec<(String, String)> {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let number = i as u32 + 1;
            (format!("{number:02}.md"), rec(number, &[], &[n]))
        })
        .collect()
}

fn build(site: &Site) {
    site.run(&["build"]).exits(0);
}

/// The links on the people index: (address, name), in page order.
fn people_index(site: &Site) -> Vec<(String, String)> {
    let html = site.read("public/people/index.html");
    let mut out = Vec::new();
    let mut rest = html.as_str();
    while let Some(i) = rest.find("<a href=\"/people/") {
        rest = &rest[i + "<a href=\"".len()..];
        let href_end = rest.find('"').unwrap();
        let href = rest[..href_end].to_string();
        let text_start = rest.find('>').unwrap() + 1;
        let text_end = rest.find("</a>").unwrap();
        let name = rest[text_start..text_end].to_string();
        if href != "/people/" {
            out.push((href, name));
        }
        rest = &rest[text_end..];
    }
    out
}

fn person_page(site: &Site, href: &str) -> String {
    site.read(&format!("public{href}index.html"))
}

/// Total bytes of the regular files under `dir`.
fn bytes_under(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().unwrap().len())
        .sum()
}

// ---------------------------------------------------------------------------------------------
// Who is one person

#[test]
fn names_in_any_script_get_a_page_of_their_own() {
    let site = site_of(&one_lead_each(&["Ηλίας Παπαδόπουλος", "王小明"]));
    build(&site);
    assert!(!site.path().join("public/people/untitled").exists());
    let people = people_index(&site);
    assert_eq!(
        people,
        [
            (
                "/people/elias-papadopoulos/".to_string(),
                "Ηλίας Παπαδόπουλος".to_string()
            ),
            ("/people/wang-xiao-ming/".to_string(), "王小明".to_string()),
        ]
    );
    let greek = person_page(&site, "/people/elias-papadopoulos/");
    assert!(greek.contains("<h1>Ηλίας Παπαδόπουλος</h1>"), "{greek}");
    assert!(greek.contains("/plan/recommendations/1/"));
    assert!(!greek.contains("王小明") && !greek.contains("/plan/recommendations/2/"));
    let chinese = person_page(&site, "/people/wang-xiao-ming/");
    assert!(chinese.contains("<h1>王小明</h1>"), "{chinese}");
    assert!(chinese.contains("/plan/recommendations/2/"));
    assert!(!chinese.contains("Ηλίας") && !chinese.contains("/plan/recommendations/1/"));
}

#[test]
fn long_names_alike_at_the_start_are_different_people_whatever_the_file_order() {
    let start = "Assistant Director of Regeneration, Economic Development, Housing Delivery and Strategic Planning";
    let north = format!("{start} (North)");
    let south = format!("{start} (South)");
    let forward = site_of(&one_lead_each(&[&north, &south]));
    let backward = site_of(&one_lead_each(&[&south, &north]));
    build(&forward);
    build(&backward);
    let a = people_index(&forward);
    let b = people_index(&backward);
    assert_eq!(a.len(), 2, "{a:?}");
    assert_eq!(
        a, b,
        "the addresses do not depend on the order of the files"
    );
    let (n, s) = (&a[0], &a[1]);
    assert_eq!(n.1, north);
    assert_eq!(s.1, south);
    assert_ne!(n.0, s.0);
    assert_eq!(s.0, n.0.trim_end_matches('/').to_string() + "-2/");
    assert!(n.0.len() <= "/people//".len() + 80, "bounded: {}", n.0);
    assert!(person_page(&forward, &n.0).contains("(North)</h1>"));
    assert!(person_page(&forward, &s.0).contains("(South)</h1>"));
}

#[test]
fn spellings_differing_only_in_case_spaces_or_final_punctuation_are_one_person() {
    let recs = vec![
        ("01.md".to_string(), rec(1, &[], &["Head of Housing"])),
        ("02.md".to_string(), rec(2, &[], &["HEAD OF HOUSING!"])),
        ("03.md".to_string(), rec(3, &[" Head of Housing "], &[])),
        (
            "04.md".to_string(),
            rec(4, &[], &["Head of Regional Issues."]),
        ),
        (
            "05.md".to_string(),
            rec(5, &[], &["Head of Regional Issues"]),
        ),
    ];
    let site = site_of(&recs);

    // Never silently: `check` names both spellings and where each is written.
    let check = site.check();
    let shout = check.find(Severity::Warning, "\"HEAD OF HOUSING!\"");
    assert_eq!(shout.file(), format!("{RECS}/02.md"));
    assert!(shout.message.contains("\"Head of Housing\""), "{shout:#?}");
    shout
        .notes(&format!("\"Head of Housing\" in {RECS}/01.md"))
        .notes(&format!("\"HEAD OF HOUSING!\" in {RECS}/02.md"));
    // Surrounding spaces are gone once the file is read: that spelling is "Head of Housing".
    shout.notes(&format!(
        "\"Head of Housing\" in {RECS}/01.md, {RECS}/03.md"
    ));
    let dot = check.find(Severity::Warning, "\"Head of Regional Issues.\"");
    assert_eq!(dot.file(), format!("{RECS}/04.md"));
    dot.notes(&format!("\"Head of Regional Issues\" in {RECS}/05.md"));

    build(&site);
    // One page each, under the most frequent spelling (a tie goes to the one without
    // punctuation), with everything the person owns.
    assert_eq!(
        people_index(&site),
        [
            (
                "/people/head-of-housing/".to_string(),
                "Head of Housing".to_string()
            ),
            (
                "/people/head-of-regional-issues/".to_string(),
                "Head of Regional Issues".to_string()
            ),
        ]
    );
    let housing = person_page(&site, "/people/head-of-housing/");
    for n in 1..=3 {
        assert!(
            housing.contains(&format!("/plan/recommendations/{n}/")),
            "{n}"
        );
    }
    assert!(
        housing.contains("Cabinet member, Lead officer"),
        "both roles"
    );
    // The one spelling everywhere: pages, search names, open data.
    for (file, bytes) in common::tree(&site.path().join("public")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("HEAD OF HOUSING"),
            "{file} shows the other spelling"
        );
    }
    let rec2 = site.read("public/plan/recommendations/2/index.html");
    assert!(rec2.contains("<a href=\"/people/head-of-housing/\">Head of Housing</a>"));
    let csv = site.read("public/data/recommendations.csv");
    assert!(!csv.contains("Head of Regional Issues."), "{csv}");
}

// ---------------------------------------------------------------------------------------------
// Recommendations nobody owns

#[test]
fn people_page_lists_the_recommendations_with_no_one_named() {
    let site = site_of(&[
        (
            "01.md".to_string(),
            rec(1, &["Cabinet Member for Housing"], &["Head of Housing"]),
        ),
        ("02.md".to_string(), rec(2, &[], &[])),
        ("03.md".to_string(), rec(3, &[], &[])),
    ]);
    build(&site);
    let html = site.read("public/people/index.html");
    let group = html
        .find("No one named")
        .map(|i| &html[i..])
        .unwrap_or_else(|| panic!("no group for recommendations with no one named:\n{html}"));
    assert!(group.contains("/plan/recommendations/2/"), "{group}");
    assert!(group.contains("/plan/recommendations/3/"), "{group}");
    assert!(!group.contains("/plan/recommendations/1/"), "{group}");
}

// ---------------------------------------------------------------------------------------------
// Output size

/// A site with one recommendation naming `n` lead officers: (input bytes, output bytes).
fn sizes_with_officers(n: usize) -> (u64, u64) {
    let names: Vec<String> = (0..n)
        .map(|i| format!("Neighbourhood Services Officer {i:05}"))
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let site = site_of(&[(
        "01.md".to_string(),
        rec(1, &["Cabinet Member for Housing"], &names),
    )]);
    build(&site);
    let page = person_page(&site, "/people/neighbourhood-services-officer-00007/");
    // A person's page lists what they own, not who else owns it (the recommendation's page
    // names everyone): co-owners are neither named nor counted there.
    assert!(page.contains("/plan/recommendations/1/"));
    assert!(!page.contains("Neighbourhood Services Officer 00008"));
    assert!(!page.contains("others"), "co-owners are not counted");
    let own = site.read("public/plan/recommendations/1/index.html");
    assert!(
        own.contains(&format!(">{}</a>", names[n - 1])),
        "its own page names everyone"
    );
    let input = bytes_under(&site.path().join("content")) + SITE_YAML.len() as u64;
    (input, bytes_under(&site.path().join("public")))
}

#[test]
fn output_grows_in_step_with_the_people_on_one_recommendation() {
    let (in_2k, out_2k) = sizes_with_officers(2_000);
    let (in_4k, out_4k) = sizes_with_officers(4_000);
    eprintln!("2,000 officers: {in_2k} bytes in, {out_2k} out; 4,000: {in_4k} in, {out_4k} out");
    // Every person has a page of their own (about 6 kB of header, summary and footer), so
    // the output is a fixed multiple of the input, not a multiple of its square.
    assert!(out_2k < 250 * in_2k, "{out_2k} bytes from {in_2k}");
    let growth = out_4k as f64 / out_2k as f64;
    assert!(
        growth < 2.3,
        "twice the people made {growth:.2} times the output"
    );
}

// ---------------------------------------------------------------------------------------------
// The preview

/// The preview's rebuild after an edit must give what a fresh build gives, though the edit
/// changes pages of recommendations that did not change: the name shown for a person, and the
/// people page's group of recommendations that name no one.
#[test]
fn preview_rebuilds_show_a_new_spelling_and_a_new_unnamed_recommendation_everywhere() {
    use scrutiny::pipeline::{Pipeline, Settings};
    let settings = || Settings::preview(jiff::civil::date(2026, 11, 26));
    let build = |p: &mut Pipeline, root: &Path| {
        p.build(root, settings())
            .map_err(|e| e.render(false))
            .unwrap()
            .output
            .files
    };
    let site = site_of(&[
        ("01.md".to_string(), rec(1, &[], &["Head of Housing"])),
        ("02.md".to_string(), rec(2, &[], &["Head of Housing"])),
        ("03.md".to_string(), rec(3, &[], &["HEAD OF HOUSING"])),
        ("04.md".to_string(), rec(4, &[], &["Head of Housing"])),
    ]);
    let root = site.path();
    let mut preview = Pipeline::new();
    build(&mut preview, root);
    let same_as_fresh = |preview: &mut Pipeline| {
        let rebuilt = build(preview, root);
        let fresh = build(&mut Pipeline::new(), root);
        assert_eq!(
            rebuilt.keys().collect::<Vec<_>>(),
            fresh.keys().collect::<Vec<_>>()
        );
        for (file, bytes) in &fresh {
            assert!(rebuilt[file] == *bytes, "{file} differs from a fresh build");
        }
        fresh
    };
    // Three of four now write it in capitals: that is the name shown, on 1's page too.
    site.edit(
        &format!("{RECS}/02.md"),
        "Head of Housing",
        "HEAD OF HOUSING",
    );
    site.edit(
        &format!("{RECS}/04.md"),
        "Head of Housing",
        "HEAD OF HOUSING",
    );
    let fresh = same_as_fresh(&mut preview);
    let page1 = String::from_utf8_lossy(&fresh["plan/recommendations/1/index.html"]).into_owned();
    assert!(page1.contains(">HEAD OF HOUSING</a>"), "{page1}");
    // 4 now names no one; the same people remain.
    site.edit(
        &format!("{RECS}/04.md"),
        "\n  - \"HEAD OF HOUSING\"\n",
        " []\n",
    );
    let fresh = same_as_fresh(&mut preview);
    let people = String::from_utf8_lossy(&fresh["people/index.html"]).into_owned();
    assert!(people.contains("/plan/recommendations/4/"), "{people}");
    // A new recommendation naming no one changes no one's page, but the people page.
    site.write(&format!("{RECS}/05.md"), rec(5, &[], &[]));
    let fresh = same_as_fresh(&mut preview);
    let people = String::from_utf8_lossy(&fresh["people/index.html"]).into_owned();
    assert!(people.contains("/plan/recommendations/5/"), "{people}");
}

// ---------------------------------------------------------------------------------------------
// Importing a long plan

/// Reading a plan was quadratic in its rows (each row's line was counted from the start of the
/// file, and each number and file name checked against every one before it): 16,000 rows took
/// 12 s and 32,000 took 52 s. It is linear now; what must not change is where each problem is
/// reported.
#[test]
fn importing_a_long_plan_reports_each_row_at_its_line() {
    const ROWS: usize = 5_000;
    let site = Site::from_files(SITE_YAML, &[]);
    let mut csv = String::from("Number,Recommendation,Lead Officer,Status\r\n");
    for i in 1..=ROWS {
        let text = if i % 10 == 0 {
            format!("\"Do thing {i},\r\nin two lines.\"")
        } else {
            format!("Do thing {i}")
        };
        csv.push_str(&format!(
            "{i},{text},Head of Housing {},maybe {i}\r\n",
            i % 7
        ));
    }
    let plan = site.path().join("plan.csv");
    let plan_arg = plan.to_str().unwrap();
    let import = || site.run(&["import", plan_arg, "--review", "plan", "--dry-run"]);
    // The line of row `i` (every tenth row takes two lines).
    let line_of = |i: usize| 1 + i + (i - 1) / 10;

    // A number used twice: reported at the second row, naming the first.
    site.write(
        "plan.csv",
        format!("{csv}17,Used twice,Head of Housing,in-progress\r\n"),
    );
    let run = import();
    run.exits(1);
    run.find(
        Severity::Error,
        &format!(
            "recommendation number `17` is already used by the row on line {}",
            line_of(17)
        ),
    )
    .at(plan_arg, line_of(ROWS + 1), 1);

    // A status that is not understood, on every row: each warning at its row, showing it.
    site.write("plan.csv", &csv);
    let run = import();
    run.exits(0);
    let warnings = run.warnings();
    assert_eq!(
        warnings.len(),
        ROWS,
        "{}",
        run.stderr.lines().next().unwrap_or("")
    );
    for (i, w) in (1..=ROWS).zip(&warnings) {
        assert!(w.message.contains(&format!("`maybe {i}`")), "{w:#?}");
        // The row's first line.
        let first = match i % 10 {
            0 => format!("{i},\"Do thing {i},"),
            _ => format!("{i},Do thing {i},Head of Housing {},maybe {i}", i % 7),
        };
        w.at(plan_arg, line_of(i), 1).shows(&first);
    }
}
