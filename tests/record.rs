//! A true public record: a site never publishes broken or untrue default text. A site made by
//! `init` and built without edits names no empty organisation and has only absolute addresses
//! in its feeds and sitemap; the accessibility statement says what the regulations require;
//! feeds carry their evidence and a stable date; open data states its licence; counts read
//! in the singular when they are one; no page asks for a file that is not there.

mod common;

use common::preview::{free_port, Server};
use common::{line_of, run, tree, Site, MINIMAL_RECS, TODAY};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Text that an empty `organisation` (or a missing `base_url`) used to leave in pages.
const BROKEN: &[&str] = &[
    "Published by .",
    "made by ’s scrutiny committees",
    "<title>Scrutiny recommendations – </title>",
    "run by .",
    "contact .",
    // With one recommendation there is no "more than one list" to be in.
    "Of this recommendation (",
    "published by .",
    "What  scrutiny",
];

const REC2: &str = "content/town-centre/recommendations/02-cctv-report.md";

/// `scrutiny init <tmp>/site <flags>` (standard input is not a terminal: nothing is asked).
fn init(flags: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    let mut args = vec!["init", dir.to_str().unwrap()];
    args.extend_from_slice(flags);
    run(tmp.path(), &args).exits(0);
    (tmp, dir)
}

const FLAGS: &[&str] = &[
    "--organisation",
    "Test Borough Council",
    "--base-url",
    "https://www.example.gov.uk/scrutiny/",
    "--contact-email",
    "scrutiny@example.gov.uk",
];

/// Every output file as text, by path under `public/`.
fn output(root: &Path) -> BTreeMap<String, String> {
    tree(&root.join("public"))
        .into_iter()
        .map(|(p, b)| (p, String::from_utf8_lossy(&b).into_owned()))
        .collect()
}

/// The value of every `attr="…"` in `text`.
fn attr_values<'a>(text: &'a str, attr: &str) -> Vec<&'a str> {
    let open = format!("{attr}=\"");
    text.match_indices(&open)
        .filter_map(|(i, _)| {
            let rest = &text[i + open.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// The text of every `<tag>…</tag>` in `text`.
fn elements<'a>(text: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    text.match_indices(&open)
        .filter_map(|(i, _)| {
            let rest = &text[i + open.len()..];
            rest.find(&close).map(|end| &rest[..end])
        })
        .collect()
}

fn is_absolute(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// Run the binary on `root` measured against `today` (not the shared [`TODAY`]).
fn run_on(root: &Path, today: &str, args: &[&str]) -> common::Run {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .arg("--root")
        .arg(root)
        .arg("--today")
        .arg(today)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

// ---------------------------------------------------------------- 1. defaults

#[test]
fn a_new_site_without_an_address_is_refused_by_build_at_its_base_url_line() {
    let (_tmp, site) = init(&[]);
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    let line = line_of(&yaml, "# base_url:");
    let build = run(&site, &["build"]);
    build.exits(1);
    build
        .error("`base_url` is not set")
        .at("site.yaml", line, 1)
        .helps("base_url: https://www.example.gov.uk/scrutiny/");
    assert!(!site.join("public").exists(), "nothing was published");
    // `check` says the same, as an error.
    let check = run(&site, &["check"]);
    check.exits(1);
    check
        .error("`base_url` is not set")
        .at("site.yaml", line, 1);
    // Nor does a key with no value.
    std::fs::write(
        site.join("site.yaml"),
        yaml.replace(
            "# base_url: https://www.example.gov.uk/scrutiny/",
            "base_url:",
        ),
    )
    .unwrap();
    run(&site, &["build"])
        .error("`base_url` is not set")
        .at("site.yaml", line, 1);
    // A path is not an address either.
    std::fs::write(
        site.join("site.yaml"),
        yaml.replace(
            "# base_url: https://www.example.gov.uk/scrutiny/",
            "base_url: /scrutiny/",
        ),
    )
    .unwrap();
    run(&site, &["build"])
        .error("must be the site's full public address")
        .at("site.yaml", line, 1);
}

#[test]
fn the_preview_works_without_an_address() {
    let (_tmp, site) = init(&[]);
    let port = free_port().to_string();
    let s = Server::start(&site, &["--port", &port]);
    assert_eq!(s.base, "/", "the preview serves from /");
    let home = s.get("/");
    assert_eq!(home.status, 200, "{}", s.stderr());
    assert!(home.text().contains("Example review"), "{}", home.text());
}

#[test]
fn a_new_site_made_with_its_details_publishes_no_broken_text_and_only_absolute_addresses() {
    let (_tmp, site) = init(FLAGS);
    run(&site, &["build"]).exits(0);
    run(&site, &["check", "--strict"]).exits(0);
    let files = output(&site);
    for (path, text) in &files {
        for phrase in BROKEN {
            assert!(!text.contains(phrase), "{path} says {phrase:?}");
        }
    }
    let feeds: Vec<&String> = files
        .keys()
        .filter(|p| p.ends_with("updates.xml"))
        .collect();
    assert!(
        feeds.len() >= 3,
        "the site, review and theme feeds: {feeds:?}"
    );
    assert!(files.contains_key("updates.xml") && files.contains_key("example-review/updates.xml"));
    for path in feeds
        .into_iter()
        .chain(files.keys().filter(|p| *p == "sitemap.xml"))
    {
        let text = &files[path];
        let mut urls: Vec<&str> = elements(text, "id");
        urls.extend(elements(text, "loc"));
        urls.extend(attr_values(text, "href"));
        assert!(!urls.is_empty(), "{path} has addresses");
        for url in urls {
            assert!(is_absolute(url), "{path}: relative address {url:?}");
        }
    }
    let home = &files["index.html"];
    assert!(home.contains("<title>Scrutiny recommendations – Test Borough Council</title>"));
    assert!(home.contains("Published by Test Borough Council."));
    assert!(home.contains("<p class=\"figures__of\">Of this recommendation:</p>"));
}

#[test]
fn a_site_without_an_organisation_reads_neutrally() {
    let (_tmp, site) = init(&["--base-url", "https://www.example.gov.uk/"]);
    run(&site, &["build"]).exits(0);
    let files = output(&site);
    for (path, text) in &files {
        // The home page's own sentence is the home template's (see the report on this change).
        for phrase in BROKEN.iter().filter(|p| !p.starts_with("made by")) {
            assert!(!text.contains(phrase), "{path} says {phrase:?}");
        }
    }
    assert!(files["index.html"].contains("<title>Scrutiny recommendations</title>"));
    assert!(files["index.html"].contains(
        "content=\"What scrutiny committees recommended, what was agreed, who is responsible"
    ));
    let statement = &files["accessibility/index.html"];
    assert!(statement.contains("This website is run by the team named in the contact details"));
    // The feed names the site when there is no organisation.
    assert!(files["updates.xml"].contains("<author><name>Scrutiny recommendations</name></author>"));
}

#[test]
fn init_refuses_an_address_that_is_not_one_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    for (flag, value) in [
        ("--base-url", "www.example.gov.uk"),
        ("--base-url", "https://example.org/#top"),
        ("--contact-email", "not an address"),
    ] {
        let r = run(tmp.path(), &["init", dir.to_str().unwrap(), flag, value]);
        r.exits(1);
        assert!(r.stderr.contains(flag), "{}", r.stderr);
        assert!(!dir.exists(), "{flag} {value}: nothing written");
    }
}

// ---------------------------------------------------------------- 2. accessibility statement

#[test]
fn the_accessibility_statement_states_compliance_dates_contact_and_enforcement() {
    let site = Site::fixture("minimal");
    site.run(&["build"]).exits(0);
    let page = site.read("public/accessibility/index.html");
    for text in [
        "This website is fully compliant with the",
        "version 2.2</a> AA standard.",
        "The date this statement was prepared has not been stated.",
        "The date it was last reviewed has not been stated.",
        "mailto:scrutiny@example.org",
        "Equality and Human Rights Commission (EHRC)",
        "Equality Commission for Northern Ireland",
        "Equality Advisory and Support Service (EASS)",
    ] {
        assert!(page.contains(text), "the statement lacks {text:?}");
    }
    assert!(!page.contains("Non-accessible content"), "no known issues");

    site.write(
        "site.yaml",
        format!(
            "{}accessibility:\n  status: partially-compliant\n  prepared: 2026-01-15\n  reviewed: 2026-10-01\n  known_issues:\n    - Some PDF minutes linked as evidence are scanned images.\n",
            site.read("site.yaml")
        ),
    );
    site.run(&["build"]).exits(0);
    let page = site.read("public/accessibility/index.html");
    for text in [
        "This website is partially compliant with the",
        "due to the non-compliances listed below.",
        "This statement was prepared on <time datetime=\"2026-01-15\">15 January 2026</time>.",
        "It was last reviewed on <time datetime=\"2026-10-01\">1 October 2026</time>.",
        "<li>Some PDF minutes linked as evidence are scanned images.</li>",
        "Non-accessible content",
    ] {
        assert!(page.contains(text), "the statement lacks {text:?}");
    }
}

#[test]
fn accessibility_settings_are_checked_at_their_line() {
    let site = Site::fixture("minimal");
    let yaml = format!(
        "{}accessibility:\n  status: partly-compliant\n  reviewd: 2026-10-01\n",
        site.read("site.yaml")
    );
    site.write("site.yaml", &yaml);
    let r = site.check();
    r.exits(1);
    r.error("unknown accessibility status `partly-compliant`")
        .at("site.yaml", line_of(&yaml, "status:"), 3)
        .helps("did you mean `partially-compliant`?");
    r.error("unknown key `reviewd`")
        .at("site.yaml", line_of(&yaml, "reviewd:"), 3)
        .helps("`reviewed`");
}

#[test]
fn check_warns_in_site_yaml_when_residents_have_no_way_to_report_a_problem() {
    let site = Site::fixture("minimal");
    site.edit("site.yaml", "contact:\n  email: scrutiny@example.org\n", "");
    let r = site.check();
    r.exits(0);
    r.warning("no contact email, phone or web address")
        .at("site.yaml", 1, 1)
        .helps("contact:");
    site.run(&["check", "--strict"]).exits(1);
    // An address alone is not a way to report a problem quickly; a phone number is.
    site.write(
        "site.yaml",
        format!("{}contact:\n  address: Town Hall\n", site.read("site.yaml")),
    );
    let yaml = site.read("site.yaml");
    site.check()
        .warning("no contact email, phone or web address")
        .at("site.yaml", line_of(&yaml, "contact:"), 1);
    site.edit(
        "site.yaml",
        "  address: Town Hall\n",
        "  phone: 01234 567890\n",
    );
    site.run(&["check", "--strict"]).exits(0);
}

// ---------------------------------------------------------------- 3. feeds

#[test]
fn feed_entries_carry_their_evidence_links() {
    let site = Site::fixture("minimal");
    site.edit(
        REC2,
        "        url: https://example.org/minutes-2026-10-20.pdf\n",
        "        url: https://example.org/minutes-2026-10-20.pdf\n      - title: Cabinet decision & notes\n        url: /decisions/42\n",
    );
    site.run(&["build"]).exits(0);
    for feed in ["public/updates.xml", "public/town-centre/updates.xml"] {
        let xml = site.read(feed);
        let entry = xml
            .split("<entry>")
            .find(|e| e.contains("Reported to the committee"))
            .unwrap_or_else(|| panic!("{feed} has the entry:\n{xml}"));
        assert!(entry.contains(
            "<link rel=\"related\" href=\"https://example.org/minutes-2026-10-20.pdf\" title=\"Minutes of 20 October 2026\"/>"
        ), "{entry}");
        // A root-relative address is on the site's host.
        assert!(entry.contains(
            "<link rel=\"related\" href=\"https://example.org/decisions/42\" title=\"Cabinet decision &amp; notes\"/>"
        ), "{entry}");
        // Listed in the content a feed reader shows (escaped once more inside the XML).
        assert!(entry.contains(
            "&lt;li&gt;&lt;a href=&quot;https://example.org/minutes-2026-10-20.pdf&quot;&gt;Minutes of 20 October 2026&lt;/a&gt;&lt;/li&gt;"
        ), "{entry}");
    }
}

#[test]
fn feeds_are_dated_by_their_content_not_the_build_and_rebuild_byte_for_byte() {
    let site = Site::fixture("minimal");
    // A theme with no recommendations: an empty feed.
    site.write(
        "content/town-centre/themes/quiet.md",
        "---\ntitle: Quiet\noutcome: Nothing yet.\n---\nNo recommendations yet.\n",
    );
    let feeds = |today: &str| -> BTreeMap<String, Vec<u8>> {
        run_on(site.path(), today, &["build"]).exits(0);
        tree(&site.path().join("public"))
            .into_iter()
            .filter(|(p, _)| p.ends_with(".xml"))
            .collect()
    };
    let first = feeds(TODAY);
    let later = feeds("2027-02-01");
    assert_eq!(first, later, "a rebuild on another day changes no feed");
    let updated = |path: &str| -> String {
        let xml = String::from_utf8(first[path].clone()).unwrap();
        elements(&xml, "updated")[0].to_string()
    };
    // The newest update is rec 1's of 2 November 2026.
    assert_eq!(updated("updates.xml"), "2026-11-02T00:00:00Z");
    assert_eq!(updated("town-centre/updates.xml"), "2026-11-02T00:00:00Z");
    assert_eq!(
        updated("town-centre/themes/quiet/updates.xml"),
        "2026-11-02T00:00:00Z",
        "an empty feed takes the newest date the site knows"
    );
}

#[test]
fn updates_feed_links_lead_to_a_page_that_explains_feeds() {
    let site = Site::fixture("minimal");
    site.run(&["build"]).exits(0);
    let files = output(site.path());
    for page in ["index.html", "town-centre/index.html", "updates/index.html"] {
        let html = &files[page];
        let footer = &html[html.find("<footer").expect("a footer")..];
        assert!(
            footer.contains("<a href=\"/scrutiny/feeds/\">Updates feed</a>"),
            "{page}: {footer}"
        );
    }
    assert!(
        files["index.html"].contains("href=\"/scrutiny/feeds/\">Updates feed"),
        "the home page's link"
    );
    let page = &files["feeds/index.html"];
    for text in [
        "What a feed is",
        "How to follow a feed",
        "href=\"https://example.org/scrutiny/updates.xml\"",
        "href=\"https://example.org/scrutiny/town-centre/updates.xml\"",
        "href=\"https://example.org/scrutiny/town-centre/themes/public-realm/updates.xml\"",
        "The 3 newest updates",
        "Recommendation 1: Brighter street lighting",
        "<time datetime=\"2026-11-02\">2 November 2026</time>",
    ] {
        assert!(page.contains(text), "the feeds page lacks {text:?}");
    }
    // Browsers show the XML as code: the page is plain HTML, no stylesheet is attached to feeds.
    assert!(!files["updates.xml"].contains("xml-stylesheet"));
    assert!(files["sitemap.xml"].contains("<loc>https://example.org/scrutiny/feeds/</loc>"));
}

// ---------------------------------------------------------------- 4. open data

#[test]
fn open_data_states_its_licence_on_every_page_and_in_the_data_index() {
    let site = Site::fixture("minimal");
    site.run(&["build"]).exits(0);
    let files = output(site.path());
    let ogl = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/";
    let pages: Vec<&String> = files.keys().filter(|p| p.ends_with(".html")).collect();
    assert!(pages.len() > 10);
    for page in pages {
        assert!(
            files[page].contains(&format!(
                "<a rel=\"license\" href=\"{ogl}\">Open Government Licence v3.0</a>"
            )),
            "{page} states no licence"
        );
    }
    let index: serde_json::Value = serde_json::from_str(&files["data/index.json"]).unwrap();
    assert_eq!(index["licence"]["name"], "Open Government Licence v3.0");
    assert_eq!(index["licence"]["url"], ogl);
    assert_eq!(index["generated"], TODAY);
    let review = &index["reviews"][0];
    assert_eq!(review["title"], "Town Centre");
    assert_eq!(review["committee"], "Overview and Scrutiny Committee");
    assert_eq!(review["date"], "2026-09");
    assert_eq!(review["reported_to"], "Cabinet");
    assert_eq!(
        review["json"],
        "https://example.org/scrutiny/data/town-centre.json"
    );
    // The data files stay lists of records; each record carries its review's details.
    for file in ["data/recommendations.json", "data/town-centre.json"] {
        let data: serde_json::Value = serde_json::from_str(&files[file]).unwrap();
        let records = data.as_array().expect("a list of records");
        assert_eq!(records.len(), 2);
        for r in records {
            assert_eq!(r["review_title"], "Town Centre");
            assert_eq!(r["committee"], "Overview and Scrutiny Committee");
            assert_eq!(r["review_date"], "2026-09");
            assert_eq!(r["reported_to"], "Cabinet");
        }
    }

    // Another licence.
    site.write(
        "site.yaml",
        format!(
            "{}licence:\n  name: Creative Commons Attribution 4.0\n  url: https://creativecommons.org/licenses/by/4.0/\n",
            site.read("site.yaml")
        ),
    );
    site.run(&["build"]).exits(0);
    assert!(site.read("public/index.html").contains(
        "<a rel=\"license\" href=\"https://creativecommons.org/licenses/by/4.0/\">Creative Commons Attribution 4.0</a>"
    ));
    let index: serde_json::Value =
        serde_json::from_str(&site.read("public/data/index.json")).unwrap();
    assert_eq!(index["licence"]["name"], "Creative Commons Attribution 4.0");
}

/// A CSV file's header line.
fn header_of(reader: &mut csv::Reader<&[u8]>) -> Vec<String> {
    let header = reader.headers().unwrap();
    header.iter().map(str::to_string).collect()
}

#[test]
fn open_data_has_a_column_and_a_key_for_every_published_field_of_the_field_table() {
    use scrutiny::model::fields::{csv_columns, CsvColumn, Place, DERIVED, FIELDS};
    let site = Site::fixture("minimal");
    site.run(&["build"]).exits(0);
    // The review's file has every field; the site-wide file is checked at the end.
    let csv = site.read("public/data/town-centre.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = header_of(&mut reader);
    let at = |h: &str| {
        let found: Vec<usize> = (0..header.len()).filter(|i| header[*i] == h).collect();
        assert_eq!(found.len(), 1, "column `{h}` once in {header:?}");
        found[0]
    };
    // The header is the tables': the fields' columns and the derived ones, nothing else.
    let from_tables: Vec<&str> = csv_columns().iter().map(CsvColumn::header).collect();
    assert_eq!(header, from_tables);
    // Each field's column is there once, in the table's order but where the table places a
    // column before another's (the order a committee reads a plan).
    let mut previous = None;
    for f in FIELDS
        .iter()
        .filter(|f| f.column.is_some() && !f.is_history())
    {
        let column = f.column.unwrap();
        let i = at(column.header);
        match column.before {
            Some(key) => {
                let anchor = FIELDS.iter().find(|g| g.key == key).unwrap();
                assert!(i < at(anchor.column.unwrap().header), "{}", f.key);
            }
            None => {
                assert!(previous < Some(i), "`{}` out of the table's order", f.key);
                previous = Some(i);
            }
        }
    }
    // The derived columns: the review first, the facts after the plan, the address last.
    let last_plan = previous.unwrap();
    for d in DERIVED {
        let i = at(d.header);
        match d.place {
            Place::First => assert!(i < at("Number"), "{}", d.header),
            Place::Facts => assert!(i > last_plan && i < at("Updates"), "{}", d.header),
            Place::Last => assert_eq!(i, header.len() - 1, "{}", d.header),
        }
    }
    // The values are under their columns.
    let row = reader.records().next().unwrap().unwrap();
    let cell = |h: &str| row.get(at(h)).unwrap().to_string();
    assert_eq!(cell("Title"), "Brighter street lighting");
    assert_eq!(cell("Financial impact"), "Met from existing budgets.");
    assert_eq!(cell("Lead Officer"), "Head of Environment and Public Realm");
    assert_eq!(cell("Theme"), "Public Realm");
    assert!(cell("Response").starts_with("The lighting contractor"));

    // The site-wide CSV has the same columns but the long texts (the response, the updates),
    // and then the address of the review's file, which has them.
    let site_wide = site.read("public/data/recommendations.csv");
    let mut site_reader = csv::Reader::from_reader(site_wide.as_bytes());
    let site_header = header_of(&mut site_reader);
    let mut expected: Vec<String> = header
        .iter()
        .filter(|h| !["Response", "Updates"].contains(&h.as_str()))
        .cloned()
        .collect();
    expected.push("Review data".into());
    assert_eq!(site_header, expected);
    let site_row = site_reader.records().next().unwrap().unwrap();
    assert_eq!(&site_row[1], "1");
    assert_eq!(
        site_row.get(site_header.len() - 1),
        Some("https://example.org/scrutiny/data/town-centre.json")
    );

    // The JSON records hold every published field's key in the table's order; `draft` steers
    // the build and is not published.
    let json = site.read("public/data/town-centre.json");
    let mut previous = 0;
    for f in FIELDS {
        let key = format!("\"{}\":", f.key);
        match (f.shown.published(), json.find(&key)) {
            (true, Some(i)) => {
                assert!(i > previous, "`{}` out of the table's order", f.key);
                previous = i;
            }
            (true, None) => panic!("no `{}` in the JSON", f.key),
            (false, found) => assert_eq!(found, None, "`{}` is not published", f.key),
        }
    }
    // The site-wide records: the same but the long texts, with the count of updates and the
    // address of the record in full.
    let records: serde_json::Value =
        serde_json::from_str(&site.read("public/data/recommendations.json")).unwrap();
    let full: serde_json::Value = serde_json::from_str(&json).unwrap();
    let (short, long) = (&records[0], &full[0]);
    assert_eq!(short["number"], long["number"]);
    for key in ["response", "updates"] {
        assert!(long.get(key).is_some(), "{key}");
        assert!(
            short.get(key).is_none(),
            "{key} is in the review's file only"
        );
    }
    let in_both = |k: &String| short.get(k) == long.get(k);
    let keys = long.as_object().unwrap().keys();
    let differ: Vec<&String> = keys.filter(|k| !in_both(k)).collect();
    assert_eq!(differ, ["response", "updates"]);
    assert_eq!(
        short["update_count"],
        long["updates"].as_array().unwrap().len()
    );
    assert_eq!(
        short["review_data"],
        "https://example.org/scrutiny/data/town-centre.json"
    );
}

// ---------------------------------------------------------------- 5. singular and plural

#[test]
fn one_update_reads_in_the_singular_on_the_feeds_page() {
    let site = Site::fixture("minimal");
    site.remove(&format!("{MINIMAL_RECS}/01-street-lighting.md"));
    site.run(&["build"]).exits(0);
    let page = site.read("public/feeds/index.html");
    assert!(page.contains("The newest update in"), "{page}");
    assert!(!page.contains("1 newest updates"), "{page}");
}

// ---------------------------------------------------------------- 6. favicon

#[test]
fn every_page_links_a_favicon_that_is_published() {
    let site = Site::fixture("minimal");
    site.run(&["build"]).exits(0);
    let files = output(site.path());
    for (path, html) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let link = html
            .lines()
            .find(|l| l.starts_with("<link rel=\"icon\""))
            .unwrap_or_else(|| panic!("{path} has no favicon"));
        assert!(link.contains("type=\"image/svg+xml\""), "{link}");
        let href = attr_values(link, "href")[0];
        let file = href
            .strip_prefix("/scrutiny/")
            .and_then(|f| f.split('?').next())
            .unwrap();
        assert!(
            files.contains_key(file),
            "{path} links {href}, not published"
        );
        assert!(files[file].starts_with("<svg"), "{file}");
    }
}
