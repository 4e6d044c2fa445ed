//! `scrutiny build` end to end: the example site's pages and data, atomic output, drafts,
//! escaping of hostile content and reproducible output.

mod common;
// Shared with the fuzz targets and tests/hostile.rs.
#[path = "../fuzz/common/html_scan.rs"]
mod html_scan;

use common::{collapse, example_root, run, tree, Site, MINIMAL_RECS};
use std::collections::BTreeMap;
use std::path::Path;

const REVIEW: &str = "safety-in-the-town-centre";

/// Build the site at `root` into `out`, asserting success.
fn build(root: &Path, out: &Path) -> common::Run {
    let r = run(root, &["build", "--output", out.to_str().unwrap()]);
    r.exits(0);
    r
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("scrutiny-out-")
        .tempdir()
        .unwrap()
}

/// `number` → the committee's words (the `recommendation:` key) of every example recommendation.
fn example_recommendations() -> BTreeMap<String, String> {
    let dir = example_root()
        .join("content")
        .join(REVIEW)
        .join("recommendations");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let front = text
            .split("\n---")
            .next()
            .unwrap()
            .trim_start_matches("---");
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(front).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let number = match &yaml["number"] {
            serde_yaml::Value::Number(n) => n.to_string(),
            serde_yaml::Value::String(s) => s.clone(),
            other => panic!("{}: number {other:?}", path.display()),
        };
        let words = yaml["recommendation"]
            .as_str()
            .unwrap_or_else(|| panic!("{}: no recommendation", path.display()));
        out.insert(number, words.to_string());
    }
    out
}

/// The text a reader sees: tags removed, references decoded, whitespace collapsed.
fn visible_text(html: &str) -> String {
    collapse(&html_scan::decode_entities(&common::strip_tags(html)))
}

/// The first `n` characters of the first line of `s`, whitespace collapsed.
fn opening(s: &str, n: usize) -> String {
    let first = s.trim().lines().next().unwrap_or("");
    collapse(&first.chars().take(n).collect::<String>())
}

// ---------------------------------------------------------------------------------------------
// The example site

#[test]
fn example_site_builds_a_page_for_every_recommendation_with_its_words() {
    let out = temp_dir();
    let r = build(&example_root(), out.path());
    assert!(
        r.stdout
            .contains("Built 15 recommendations in 1 review, 3 themes → "),
        "summary line: {}",
        r.stdout
    );
    assert!(
        r.stdout.contains(" ms; ") && r.stdout.trim_end().ends_with(" unchanged"),
        "summary gives the time, then how many files were written and kept: {}",
        r.stdout
    );
    let recs = example_recommendations();
    assert_eq!(recs.len(), 15, "the example has 15 recommendations");
    for (number, words) in &recs {
        let page = out
            .path()
            .join(REVIEW)
            .join("recommendations")
            .join(number)
            .join("index.html");
        let html =
            std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        let expected = opening(words, 60);
        assert!(expected.len() > 20, "recommendation {number} has words");
        assert!(
            visible_text(&html).contains(&expected),
            "the page of recommendation {number} shows {expected:?}"
        );
    }
    let pages = std::fs::read_dir(out.path().join(REVIEW).join("recommendations"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("index.html").is_file())
        .count();
    assert_eq!(pages, 15, "one page per recommendation");
}

#[test]
fn example_site_publishes_open_data_feeds_and_a_sitemap() {
    let out = temp_dir();
    build(&example_root(), out.path());
    let recs = example_recommendations();

    let json = std::fs::read(out.path().join("data/recommendations.json")).unwrap();
    let data: serde_json::Value =
        serde_json::from_slice(&json).expect("data/recommendations.json is JSON");
    let records = data.as_array().expect("a list of records");
    assert_eq!(records.len(), 15);
    for record in records {
        let number = record["number"].as_str().expect("number");
        let words = &recs[number];
        assert_eq!(
            record["recommendation"].as_str().map(str::trim),
            Some(words.trim()),
            "recommendation {number}"
        );
        let url = record["url"].as_str().expect("url");
        assert!(
            url.ends_with(&format!("/{REVIEW}/recommendations/{number}/")),
            "{url}"
        );
        assert!(
            record["current_status"].is_string(),
            "derived status in {record}"
        );
    }

    let csv_bytes = std::fs::read(out.path().join("data/recommendations.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv_bytes.as_slice());
    let headers = reader.headers().expect("CSV headers").clone();
    let number_col = headers
        .iter()
        .position(|h| h == "Number")
        .expect("a Number column");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("CSV row")).collect();
    assert_eq!(rows.len(), 15, "one CSV row per recommendation");
    let mut numbers: Vec<&str> = rows.iter().map(|r| &r[number_col]).collect();
    numbers.sort_by_key(|n| n.parse::<u32>().unwrap_or(0));
    assert_eq!(numbers, (1..=15).map(|n| n.to_string()).collect::<Vec<_>>());

    let feed = std::fs::read_to_string(out.path().join("updates.xml")).expect("updates.xml");
    assert!(
        feed.starts_with("<?xml") && feed.contains("<feed"),
        "an Atom feed"
    );
    let sitemap = std::fs::read_to_string(out.path().join("sitemap.xml")).expect("sitemap.xml");
    assert!(sitemap.contains("<urlset"), "a sitemap");
    for number in recs.keys() {
        let loc =
            format!("<loc>https://example.org/scrutiny/{REVIEW}/recommendations/{number}/</loc>");
        assert!(sitemap.contains(&loc), "sitemap lists {loc}");
    }
    assert!(out.path().join("404.html").is_file());
    assert!(out.path().join("index.html").is_file());
}

#[test]
fn build_writes_public_in_the_site_by_default() {
    let site = Site::fixture("minimal");
    let r = site.run(&["build"]);
    r.exits(0);
    assert!(
        r.stdout
            .contains("Built 2 recommendations in 1 review, 1 theme → public in "),
        "{}",
        r.stdout
    );
    assert!(site
        .path()
        .join("public/town-centre/recommendations/1/index.html")
        .is_file());
    assert!(site
        .path()
        .join("public/town-centre/recommendations/2/index.html")
        .is_file());
}

#[test]
fn build_is_reproducible() {
    let (a, b) = (temp_dir(), temp_dir());
    build(&example_root(), a.path());
    build(&example_root(), b.path());
    let (ta, tb) = (tree(a.path()), tree(b.path()));
    assert_eq!(
        ta.keys().collect::<Vec<_>>(),
        tb.keys().collect::<Vec<_>>(),
        "same files"
    );
    for (path, bytes) in &ta {
        assert!(bytes == &tb[path], "{path} differs between two builds");
    }
}

// ---------------------------------------------------------------------------------------------
// Atomic output

#[test]
fn failed_build_leaves_the_previous_output_untouched() {
    let site = Site::example();
    build(site.path(), &site.path().join("public"));
    let before = tree(&site.path().join("public"));
    assert!(before.len() > 15);

    let rec = format!("content/{REVIEW}/recommendations/04-borough-insight-magazine.md");
    site.edit(&rec, "status: in-progress", "status: in-progres");
    let r = site.run(&["build"]);
    r.exits(1);
    assert!(!r.stdout.contains("Built"), "no success line: {}", r.stdout);
    r.error("unknown status `in-progres`")
        .helps("did you mean `in-progress`?");
    assert!(r.stderr.contains("left untouched"), "{}", r.stderr);

    assert_eq!(
        tree(&site.path().join("public")),
        before,
        "public/ is byte-for-byte what the last good build wrote"
    );
    let leftovers: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.contains(".old"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn failed_first_build_creates_no_output() {
    let site = Site::fixture("minimal");
    site.edit(
        &format!("{MINIMAL_RECS}/01-street-lighting.md"),
        "theme: public-realm",
        "theme: publc-realm",
    );
    let r = site.run(&["build"]);
    r.exits(1);
    r.error("theme `publc-realm` not found")
        .helps("did you mean `public-realm`?");
    assert!(!site.path().join("public").exists());
}

#[test]
fn successful_build_replaces_the_previous_output() {
    let site = Site::fixture("minimal");
    site.run(&["build"]).exits(0);
    site.write("public/stale-file.html", "left over from an older build");
    site.edit(
        &format!("{MINIMAL_RECS}/02-cctv-report.md"),
        "title: A report on CCTV coverage",
        "title: A report on camera coverage",
    );
    site.run(&["build"]).exits(0);
    assert!(
        !site.path().join("public/stale-file.html").exists(),
        "the output is replaced, not merged"
    );
    let page = site.read("public/town-centre/recommendations/2/index.html");
    assert!(page.contains("A report on camera coverage"));
}

// ---------------------------------------------------------------------------------------------
// Drafts

#[test]
fn drafts_are_left_out_of_the_build() {
    let site = Site::fixture("minimal");
    site.write(
        &format!("{MINIMAL_RECS}/03-draft.md"),
        "---\nnumber: 3\ntitle: Confidential draft wording\nrecommendation: Words not yet agreed by the committee.\n\
         lead_officers: [Draft Officer Person]\ndecision: accepted\ndue: 2027-01\ndraft: true\n---\nA response nobody may see yet.\n",
    );
    let r = site.run(&["build"]);
    r.exits(0);
    assert!(r.stdout.contains("Built 2 recommendations"), "{}", r.stdout);
    let out = site.path().join("public");
    assert!(out
        .join("town-centre/recommendations/1/index.html")
        .is_file());
    assert!(
        !out.join("town-centre/recommendations/3").exists(),
        "no page for the draft"
    );
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/recommendations.json")).unwrap())
            .unwrap();
    let numbers: Vec<&str> = data
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["1", "2"]);
    for (path, bytes) in tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for secret in [
            "Confidential draft wording",
            "Words not yet agreed",
            "A response nobody may see",
            "Draft Officer Person",
            "draft-officer-person",
        ] {
            assert!(
                !text.contains(secret),
                "{path} leaks the draft ({secret:?})"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile content

const SCRIPT: &str = "<script>alert(1)</script>";

fn hostile_site() -> Site {
    let site = Site::fixture("minimal");
    site.write(
        &format!("{MINIMAL_RECS}/03-hostile.md"),
        format!(
            r#"---
number: 3
title: "{SCRIPT} title <img src=x onerror=alert(1)>"
recommendation: |
  {SCRIPT} recommendation <img src=x onerror=alert(1)>
  [click](javascript:alert(1)) <a href="javascript:alert(1)">a</a>
theme: public-realm
cabinet_members:
  - "{SCRIPT} Member"
lead_officers:
  - "<img src=x onerror=alert(1)> Officer"
  - "\"><svg onload=alert(1)> Officer"
financial_impact: "{SCRIPT}"
decision: accepted
status: in-progress
due: 2027-01
timetable: "{SCRIPT} <b onmouseover=alert(1)>"
updates:
  - date: 2026-11-01
    note: |
      Progress {SCRIPT} [x](javascript:alert(1)) <a href="javascript:alert(1)">a</a>

      <iframe src="javascript:alert(1)"></iframe>
    links:
      - title: "{SCRIPT}"
        url: "https://example.org/?q=\"><script>alert(1)</script>"
---
{SCRIPT}

[x](javascript:alert(1))

[y](JaVaScRiPt:alert(1)) [z](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

<img src=x onerror=alert(1)>

<a href="javascript:alert(1)" onmouseover="alert(1)">a</a>

[ref link][ref]

<javascript:alert(1)>

Text with an inline <script>alert(1)</script> and <style>body{{display:none}}</style>.

<!-- comment --><![CDATA[ <script>alert(1)</script> ]]>

[ref]: javascript:alert(1)
"#
        ),
    );
    site.edit(
        "content/town-centre/_review.md",
        "title: Town Centre",
        &format!("title: \"Town Centre {SCRIPT}\""),
    );
    site.edit(
        "content/town-centre/themes/public-realm.md",
        "title: Public Realm",
        &format!("title: \"Public Realm {SCRIPT}\""),
    );
    site.edit(
        "site.yaml",
        "title: Minimal scrutiny site",
        &format!("title: \"Minimal {SCRIPT}\""),
    );
    site
}

/// Every problem in a page: event-handler attributes, script URLs, inline scripts (the scanner
/// the fuzz targets and the hostile corpus use too).
fn tag_problems(path: &str, html: &str) -> Vec<String> {
    html_scan::problems(html, html_scan::Mode::Page)
        .into_iter()
        .map(|p| format!("{path}: {p}"))
        .collect()
}

#[test]
fn hostile_content_is_never_output_as_markup() {
    let site = hostile_site();
    let r = site.run(&["build"]);
    // `check` may object to some of it (e.g. the evidence link); what matters is that nothing
    // hostile is published. If the build refuses, nothing is published at all.
    if r.code != 0 {
        r.exits(1);
        assert!(!site.path().join("public").exists());
        panic!(
            "the hostile site is valid content and should build:\n{}",
            r.stderr
        );
    }
    let out = site.path().join("public");
    let page =
        std::fs::read_to_string(out.join("town-centre/recommendations/3/index.html")).unwrap();
    assert!(
        visible_text(&page).contains("title"),
        "the hostile recommendation is published, escaped"
    );
    let mut problems = Vec::new();
    let mut scanned = 0;
    for (path, bytes) in tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        if path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".svg") {
            scanned += 1;
            if text.contains(SCRIPT) || text.to_ascii_lowercase().contains("<script>alert") {
                problems.push(format!("{path}: contains an unescaped <script>alert"));
            }
            problems.extend(tag_problems(&path, &text));
        }
        if path.ends_with(".xml") {
            // Atom `type="html"` elements carry HTML escaped once: what a feed reader renders
            // must be safe too.
            for rendered in html_scan::feed_html(&text) {
                if rendered.to_ascii_lowercase().contains("<script>alert") {
                    problems.push(format!("{path}: a feed entry renders <script>alert"));
                }
                let as_rendered = html_scan::problems(&rendered, html_scan::Mode::Fragment);
                problems.extend(
                    as_rendered
                        .into_iter()
                        .map(|p| format!("{path} (as a feed reader renders it): {p}")),
                );
            }
        }
        if path.ends_with(".json") {
            serde_json::from_slice::<serde_json::Value>(&bytes)
                .unwrap_or_else(|e| panic!("{path} is not JSON: {e}"));
        }
    }
    assert!(scanned > 10, "the build wrote pages and feeds");
    assert!(
        problems.is_empty(),
        "hostile content got through:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_markup_scan_finds_what_it_looks_for() {
    let bad = r#"<p><a href=" JavaScript:alert(1)">x</a><img src=x onerror=alert(1)><script>alert(1)</script><a href='&#106;avascript:x'>e</a><a href="data:text/html,x">d</a></p>"#;
    let problems = tag_problems("x.html", bad);
    assert_eq!(problems.len(), 5, "{problems:#?}");
    let good = r#"<p title="a onerror=b">&lt;script&gt;alert(1)&lt;/script&gt; <a href="https://x/?javascript:">ok</a><script src="/s.js" defer></script><!-- <script>x</script> --></p>"#;
    assert!(
        tag_problems("x.html", good).is_empty(),
        "{:#?}",
        tag_problems("x.html", good)
    );
    let feed = r#"<title>&lt;b&gt;</title><content type="html">&lt;img onerror=x&gt;</content>"#;
    assert_eq!(html_scan::feed_html(feed), ["<img onerror=x>"]);
}

/// JSON files are also fetched by scripts (search, other sites); a raw `<script>` in them is one
/// `innerHTML` or one inlined `<script type="application/json">` away from running.
#[test]
fn hostile_content_is_escaped_in_json_files() {
    let site = hostile_site();
    site.run(&["build"]).exits(0);
    let mut found = Vec::new();
    for (path, bytes) in tree(&site.path().join("public")) {
        if path.ends_with(".json")
            && String::from_utf8_lossy(&bytes)
                .to_ascii_lowercase()
                .contains("<script>alert")
        {
            found.push(path);
        }
    }
    assert!(found.is_empty(), "raw <script>alert in {found:?}");
}

#[test]
fn hostile_output_stays_inside_the_output_folder() {
    let site = hostile_site();
    site.run(&["build"]).exits(0);
    let outside: Vec<String> = tree(site.path())
        .into_keys()
        .filter(|p| !p.starts_with("public/") && !p.starts_with("content/") && p != "site.yaml")
        .collect();
    assert!(
        outside.is_empty(),
        "files written outside public/: {outside:?}"
    );
}

#[test]
fn odd_recommendation_numbers_stay_inside_the_output_folder() {
    let site = Site::fixture("minimal");
    site.edit(
        &format!("{MINIMAL_RECS}/02-cctv-report.md"),
        "number: 2",
        "number: \"../../../escape\"",
    );
    let r = site.run(&["build"]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let outside: Vec<String> = tree(site.path())
        .into_keys()
        .filter(|p| !p.starts_with("public/") && !p.starts_with("content/") && p != "site.yaml")
        .collect();
    assert!(
        outside.is_empty(),
        "files written outside public/: {outside:?}"
    );
    assert!(!site.path().parent().unwrap().join("escape").exists());
}

#[test]
fn bom_and_crlf_content_builds() {
    let site = Site::fixture("minimal");
    let rec = format!("{MINIMAL_RECS}/01-street-lighting.md");
    let text = site.read(&rec);
    site.write(&rec, format!("\u{feff}{}", text.replace('\n', "\r\n")));
    site.run(&["build"]).exits(0);
    let page = site.read("public/town-centre/recommendations/1/index.html");
    assert!(visible_text(&page).contains("That the Council review the street lighting"));
    assert!(!page.contains('\u{feff}'), "no byte-order mark in the page");
}

#[test]
fn a_site_template_overrides_the_theme_file_by_file() {
    let site = Site::fixture("minimal");
    site.write(
        "templates/recommendation.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Custom: {{ rec.title }}</h1>{% endblock content %}",
    );
    site.run(&["build"]).exits(0);
    let public = site.path().join("public");
    let rec =
        std::fs::read_to_string(public.join("town-centre/recommendations/1/index.html")).unwrap();
    assert!(
        rec.contains("<h1>Custom: "),
        "the site's template is used: {rec}"
    );
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(
        home.contains("skip"),
        "other pages still use the theme's templates"
    );
}

#[test]
fn a_template_can_show_every_field_without_knowing_its_name() {
    let site = Site::fixture("minimal");
    site.write(
        "templates/recommendation.html",
        "{% extends \"base.html\" %}{% block content %}<dl>\
         {% for f in site.fields %}<dt>{{ f.label }}</dt><dd data-key=\"{{ f.key }}\">{{ rec.fields[f.key] }}</dd>{% endfor %}\
         </dl>{% endblock content %}",
    );
    site.run(&["build"]).exits(0);
    let page = site.read("public/town-centre/recommendations/1/index.html");
    for (key, label, shown) in [
        ("number", "Number", "1"),
        ("title", "Title", "Brighter street lighting"),
        (
            "recommendation",
            "Recommendation",
            "<p>That the Council review the street lighting",
        ),
        ("theme", "Theme", "Public Realm"),
        (
            "cabinet_members",
            "Cabinet members",
            "Cabinet Member for Housing and Health",
        ),
        (
            "financial_impact",
            "Financial impact",
            "Met from existing budgets.",
        ),
        ("decision", "Decision", "Accepted"),
        ("due", "Target date", "March 2027"),
        ("timetable", "Timetable", "By end of March 2027"),
        (
            "response",
            "Officer response",
            "<p>The lighting contractor will survey",
        ),
    ] {
        let dd = format!("<dt>{label}</dt><dd data-key=\"{key}\">{shown}");
        assert!(page.contains(&dd), "{dd} missing from\n{page}");
    }
    // Every field the pages show is listed, in the field table's order; what steers the build
    // (`draft`) and the update timeline are not.
    let keys: Vec<&str> = page
        .split("data-key=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let expected: Vec<&str> = scrutiny::model::fields::FIELDS
        .iter()
        .filter(|f| f.shown.on_pages() && f.key != "updates")
        .map(|f| f.key)
        .collect();
    assert_eq!(keys, expected);
    assert!(!keys.contains(&"draft"));
}

#[test]
fn a_template_error_names_the_template_file_and_line() {
    let site = Site::fixture("minimal");
    site.write("templates/theme.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ theme.title | nosuchfilter }}\n{% endblock content %}");
    let r = site.run(&["build"]);
    r.exits(1);
    assert!(
        r.stderr.contains("templates/theme.html:3:18"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("Unknown filter `nosuchfilter`"),
        "{}",
        r.stderr
    );
    assert!(!site.path().join("public").exists(), "nothing written");
}

#[test]
fn updates_appear_on_the_updates_page_the_home_page_and_the_recommendation() {
    let site = Site::fixture("minimal");
    site.run(&["build"]).exits(0);
    let public = site.path().join("public");
    for page in [
        "updates/index.html",
        "index.html",
        "town-centre/recommendations/1/index.html",
    ] {
        let html = std::fs::read_to_string(public.join(page)).unwrap();
        assert!(
            html.contains("The survey is half done."),
            "{page} shows the update's note"
        );
    }
    let updates = std::fs::read_to_string(public.join("updates/index.html")).unwrap();
    assert!(
        updates.contains("town-centre/recommendations/1/"),
        "the update links its recommendation"
    );
    let feed = std::fs::read_to_string(public.join("updates.xml")).unwrap();
    assert!(
        feed.contains("The survey is half done."),
        "the feed carries the note"
    );
}

/// The main navigation marks the page a resident is on, and the section a deeper page lies
/// under, on a site published under a sub-path (the example's `base_url` ends `/scrutiny/`).
#[test]
fn main_navigation_marks_the_current_page_and_section() {
    let out = temp_dir();
    build(&example_root(), out.path());
    let nav = |page: &str| -> String {
        let html = std::fs::read_to_string(out.path().join(page)).unwrap();
        let start = html.find("<nav class=\"nav\"").expect("main navigation");
        let end = start + html[start..].find("</nav>").unwrap();
        html[start..end].to_string()
    };
    let home = nav("index.html");
    assert!(
        home.contains(r#"<a href="/scrutiny/" aria-current="page">Home</a>"#),
        "{home}"
    );
    assert!(!home.contains("is-section"), "{home}");
    let people = nav("people/index.html");
    assert!(people.contains(r#"<a href="/scrutiny/people/" aria-current="page">People</a>"#));
    assert!(!people.contains("is-section"), "{people}");
    let person = nav("people/communications-manager/index.html");
    assert!(
        person.contains(r#"<a href="/scrutiny/people/" class="is-section">People</a>"#),
        "{person}"
    );
    assert!(!person.contains("aria-current"), "{person}");
    let rec = nav(&format!("{REVIEW}/recommendations/1/index.html"));
    assert!(
        !rec.contains("is-section") && !rec.contains("aria-current"),
        "{rec}"
    );
}

/// `build` counts warnings without keeping them (showing them is `check`'s job): the count
/// it prints must be the number `check` shows, including warnings that are not about one
/// recommendation (a stray file outside any review).
#[test]
fn build_counts_the_warnings_check_shows() {
    let site = Site::example();
    std::fs::write(
        site.path().join("content").join("stray.md"),
        "---\ntitle: x\n---\n",
    )
    .unwrap();
    let out = temp_dir();
    let built = build(site.path(), &out.path().join("public"));
    let checked = run(site.path(), &["check"]);
    checked.exits(0);
    let shown = checked.warnings().len();
    assert!(
        shown > 1,
        "the example site has warnings:\n{}",
        checked.stderr
    );
    assert!(checked.has(common::Severity::Warning, "not part of any review"));
    assert!(
        built
            .stderr
            .contains(&format!("{shown} accountability warnings")),
        "check shows {shown} warnings; build said:\n{}",
        built.stderr
    );
}

#[test]
fn references_sort_as_a_plan_reads_them_on_the_review_page_and_in_the_data() {
    let site = Site::fixture("minimal");
    let dir = "content/town-centre/recommendations";
    site.remove(&format!("{dir}/01-street-lighting.md"));
    site.remove(&format!("{dir}/02-cctv-report.md"));
    for number in ["SC10", "SC9", "2b", "10", "2"] {
        site.write(
            &format!("{dir}/{}.md", number.to_lowercase()),
            format!(
                "---\nnumber: {number}\ntitle: Recommendation {number}\nrecommendation: Do {number}.\ndecision: accepted\nstatus: not-started\n---\nAgreed.\n"
            ),
        );
    }
    site.run(&["build"]).exits(0);
    let csv = std::fs::read_to_string(site.path().join("public/data/recommendations.csv")).unwrap();
    let order: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(order, ["2", "2b", "10", "SC9", "SC10"]);
    let page = std::fs::read_to_string(site.path().join("public/town-centre/index.html")).unwrap();
    let at = |n: &str| {
        page.find(&format!("Recommendation {n}<"))
            .unwrap_or_else(|| panic!("{n}"))
    };
    assert!(
        at("2") < at("2b") && at("2b") < at("10") && at("10") < at("SC9") && at("SC9") < at("SC10")
    );
}
