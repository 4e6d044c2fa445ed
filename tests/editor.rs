//! The preview's browser editor, end to end over HTTP: each form saves exactly what the
//! command line writes for the same input; bad input, cross-site posts, a missing token, a
//! wrong host and a file changed after the form was opened write nothing; `--read-only`
//! turns the editor off.

mod common;

use common::preview::{free_port, request, send_raw, Response, Server};
use common::{run, Site, TODAY};

const REC: &str =
    "content/safety-in-the-town-centre/recommendations/03-communications-plan-to-members.md";
const REC_PAGE: &str = "safety-in-the-town-centre/recommendations/3/";

fn serve(site: &Site, extra: &[&str]) -> Server {
    let port = free_port().to_string();
    let mut args = vec!["--port", port.as_str()];
    args.extend_from_slice(extra);
    Server::start(site.path(), &args)
}

/// The form at `<base>__scrutiny/edit/<action>/<page>`: its hidden token and fingerprint.
fn open_form(s: &Server, action: &str, page: &str) -> (String, Option<String>, String) {
    let r = s.get(&s.page(&format!("__scrutiny/edit/{action}/{page}")));
    assert_eq!(r.status, 200, "{}", r.text());
    let html = r.text();
    let hidden = |name: &str| {
        let key = format!("name=\"{name}\" value=\"");
        html.find(&key).map(|i| {
            let rest = &html[i + key.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
    };
    (
        hidden("token").expect("a token"),
        hidden("fingerprint"),
        html,
    )
}

/// POST a form body to the form's own address, as a page of the preview sends it.
fn post(
    s: &Server,
    action: &str,
    page: &str,
    fields: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> Response {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let path = s.page(&format!("__scrutiny/edit/{action}/{page}"));
    let mut req = format!(
        "POST {path} HTTP/1.1\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
        body.len()
    );
    let has = |n: &str| headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(n));
    if !has("Host") {
        req.push_str(&format!("Host: 127.0.0.1:{}\r\n", s.port));
    }
    if !has("Origin") && !has("No-Origin") {
        req.push_str(&format!("Origin: http://127.0.0.1:{}\r\n", s.port));
    }
    for (k, v) in headers.iter().filter(|(k, _)| *k != "No-Origin") {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(&body);
    send_raw(s.port, req.as_bytes()).unwrap_or_else(|e| panic!("POST {path}: {e}"))
}

fn with_token<'a>(
    token: &'a str,
    fp: &'a Option<String>,
    fields: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![("token", token)];
    if let Some(fp) = fp {
        all.push(("fingerprint", fp.as_str()));
    }
    all.extend_from_slice(fields);
    all
}

/// After a save: 303 to the page, which then shows the banner naming the file.
fn assert_saved(s: &Server, r: &Response, page: &str, file: &str) {
    assert_eq!(r.status, 303, "{}", r.text());
    let to = r.header("Location").expect("a Location");
    assert!(
        to.starts_with(&s.page(page)) && to.contains("?saved="),
        "{to}"
    );
    let shown = s.get(to).text();
    assert!(shown.contains("<h2>Saved</h2>"), "no banner on {to}");
    assert!(
        shown.contains(&format!("<code>{file}</code>")),
        "the banner names {file}"
    );
}

#[test]
fn the_update_form_writes_what_scrutiny_update_writes() {
    let (web, cli) = (Site::example(), Site::example());
    let s = serve(&web, &[]);
    let (token, fp, html) = open_form(&s, "update", REC_PAGE);
    assert!(html.contains("<label for=\"f-note\">"), "labelled fields");
    assert!(
        html.contains(&format!("value=\"{TODAY}\"")),
        "dated today by default"
    );
    let note = "Circulated to all Members on 20 November.\r\n\r\nA second paragraph.";
    let r = post(
        &s,
        "update",
        REC_PAGE,
        &with_token(
            &token,
            &fp,
            &[
                ("note", note),
                ("date", "2026-11-20"),
                ("status", "in-progress"),
                ("decision", "partially-accepted"),
                ("due", "2027-03"),
                ("reason", "The plan is being rewritten"),
                (
                    "links",
                    "Members' bulletin = https://example.org/bulletin.pdf\r\n",
                ),
            ],
        ),
        &[],
    );
    assert_saved(&s, &r, REC_PAGE, REC);
    run(
        cli.path(),
        &[
            "update",
            "safety-in-the-town-centre/3",
            "--note",
            "Circulated to all Members on 20 November.\n\nA second paragraph.",
            "--date",
            "2026-11-20",
            "--status",
            "in-progress",
            "--decision",
            "partially-accepted",
            "--due",
            "2027-03",
            "--reason",
            "The plan is being rewritten",
            "--link",
            "Members' bulletin=https://example.org/bulletin.pdf",
        ],
    )
    .exits(0);
    assert_eq!(
        web.read(REC),
        cli.read(REC),
        "the same bytes as the command line"
    );
    let written = web.read(REC);
    assert!(
        written.contains("\ndecision: partially-accepted\n")
            && written.contains("Decision: Partially accepted."),
        "the decision is set and the update says so:\n{written}"
    );
    assert!(
        s.get(&s.page(REC_PAGE))
            .text()
            .contains("Circulated to all Members on 20 November."),
        "the page shows the update"
    );
}

#[test]
fn the_edit_form_writes_what_scrutiny_edit_writes() {
    let (web, cli) = (Site::example(), Site::example());
    let s = serve(&web, &[]);
    let (token, fp, html) = open_form(&s, "edit", REC_PAGE);
    assert!(
        html.contains("Circulate the Communications Plan to Members"),
        "the form holds the file's values"
    );
    // The browser sends every field; only the changed ones are written.
    let value_of = |name: &str| -> String {
        let key = format!("name=\"{name}\"");
        let i = html.find(&key).unwrap();
        let tag_end = i + html[i..].find('>').unwrap();
        let raw = if html[..i].ends_with("<textarea id=\"f-".to_string().as_str())
            || html[i..tag_end].contains("rows=")
        {
            let close = html[tag_end..].find("</textarea>").unwrap();
            html[tag_end + 1..tag_end + close].to_string()
        } else {
            let v = html[i..tag_end].split("value=\"").nth(1).unwrap_or("");
            v[..v.find('"').unwrap_or(0)].to_string()
        };
        raw.replace("&apos;", "'")
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    };
    let recommendation = value_of("recommendation");
    let response = value_of("response");
    let cabinet = value_of("cabinet_members");
    let r = post(
        &s,
        "edit",
        REC_PAGE,
        &with_token(
            &token,
            &fp,
            &[
                ("title", "Circulate the Communications Plan"),
                ("recommendation", &recommendation),
                ("theme", "greater-communications"),
                ("cabinet_members", &cabinet),
                (
                    "lead_officers",
                    "Communications Manager\r\nHead of Housing and Community Services",
                ),
                ("response", &response),
                ("timetable", ""),
                ("financial_impact", ""),
            ],
        ),
        &[],
    );
    assert_saved(&s, &r, REC_PAGE, REC);
    run(
        cli.path(),
        &[
            "edit",
            "safety-in-the-town-centre/3",
            "--title",
            "Circulate the Communications Plan",
            "--lead-officer",
            "Communications Manager",
            "--lead-officer",
            "Head of Housing and Community Services",
        ],
    )
    .exits(0);
    assert_eq!(web.read(REC), cli.read(REC));
}

#[test]
fn the_new_recommendation_and_new_review_forms_write_what_new_writes() {
    let (web, cli) = (Site::example(), Site::example());
    let s = serve(&web, &[]);
    let (token, _, _) = open_form(&s, "new-recommendation", "safety-in-the-town-centre/");
    let r = post(
        &s,
        "new-recommendation",
        "safety-in-the-town-centre/",
        &with_token(
            &token,
            &None,
            &[
                ("title", "Lighting survey"),
                ("number", "16"),
                (
                    "recommendation",
                    "That the council surveys street lighting in the town centre.",
                ),
                ("theme", ""),
                ("lead_officers", "Head of Regeneration"),
                ("cabinet_members", ""),
                ("decision", "accepted"),
                ("response", "Agreed; the survey is planned for spring."),
                ("due", "2027-04"),
                ("timetable", ""),
                ("financial_impact", "Within existing budgets"),
            ],
        ),
        &[],
    );
    let file = "content/safety-in-the-town-centre/recommendations/16-lighting-survey.md";
    assert_saved(
        &s,
        &r,
        "safety-in-the-town-centre/recommendations/16/",
        file,
    );
    run(
        cli.path(),
        &[
            "new",
            "recommendation",
            "safety-in-the-town-centre",
            "Lighting survey",
            "--number",
            "16",
            "--text",
            "That the council surveys street lighting in the town centre.",
            "--lead-officer",
            "Head of Regeneration",
            "--decision",
            "accepted",
            "--response",
            "Agreed; the survey is planned for spring.",
            "--due",
            "2027-04",
            "--financial-impact",
            "Within existing budgets",
        ],
    )
    .exits(0);
    assert_eq!(web.read(file), cli.read(file));

    let (token, _, _) = open_form(&s, "new-review", "");
    let r = post(
        &s,
        "new-review",
        "",
        &with_token(
            &token,
            &None,
            &[
                ("title", "Parking enforcement"),
                ("committee", "Overview and Scrutiny Committee"),
                ("date", "2026-10"),
                ("reported_to", "Cabinet"),
                ("slug", ""),
            ],
        ),
        &[],
    );
    let review = "content/parking-enforcement/_review.md";
    assert_saved(&s, &r, "parking-enforcement/", review);
    run(
        cli.path(),
        &[
            "new",
            "review",
            "Parking enforcement",
            "--committee",
            "Overview and Scrutiny Committee",
            "--date",
            "2026-10",
            "--reported-to",
            "Cabinet",
        ],
    )
    .exits(0);
    assert_eq!(web.read(review), cli.read(review));
}

#[test]
fn bad_input_shows_the_error_summary_and_writes_nothing() {
    let site = Site::example();
    let before = site.read(REC);
    let s = serve(&site, &[]);
    let (token, fp, _) = open_form(&s, "update", REC_PAGE);
    let r = post(
        &s,
        "update",
        REC_PAGE,
        &with_token(
            &token,
            &fp,
            &[
                ("note", "   "),
                ("date", "2026-11-20"),
                ("status", "finished"),
                ("due", "2027-13"),
                ("reason", ""),
            ],
        ),
        &[],
    );
    assert_eq!(r.status, 400);
    let html = r.text();
    assert!(
        html.contains("<title>Error: Add a progress update"),
        "the title says there is an error"
    );
    assert!(html.contains("There is a problem"));
    for field in ["note", "status", "due"] {
        assert!(
            html.contains(&format!("<a href=\"#f-{field}\">")),
            "the summary links to {field}"
        );
        assert!(
            html.contains(&format!("id=\"f-{field}-error\"")),
            "the message is beside {field}"
        );
    }
    assert!(
        html.contains("Unknown status `finished`"),
        "the command line's message:\n{html}"
    );
    assert!(
        !html.contains("--due"),
        "flags are named by the form's labels"
    );
    assert!(html.contains("value=\"2027-13\""), "what was typed is kept");
    assert_eq!(site.read(REC), before, "the file is byte-identical");
}

#[test]
fn cross_site_posts_a_missing_token_and_a_wrong_host_are_refused() {
    let site = Site::example();
    let before = site.read(REC);
    let s = serve(&site, &[]);
    let (token, fp, _) = open_form(&s, "update", REC_PAGE);
    let fields = with_token(&token, &fp, &[("note", "Should not be written.")]);
    let cross = post(
        &s,
        "update",
        REC_PAGE,
        &fields,
        &[("Origin", "http://attacker.example")],
    );
    assert_eq!(cross.status, 403, "{}", cross.text());
    let no_origin = post(&s, "update", REC_PAGE, &fields, &[("No-Origin", "")]);
    assert_eq!(no_origin.status, 403, "{}", no_origin.text());
    let no_token: Vec<(&str, &str)> = fields
        .iter()
        .copied()
        .filter(|(k, _)| *k != "token")
        .collect();
    let r = post(&s, "update", REC_PAGE, &no_token, &[]);
    assert_eq!(r.status, 403);
    assert!(r.text().contains("token is missing"));
    let rebound = post(
        &s,
        "update",
        REC_PAGE,
        &fields,
        &[
            ("Host", &format!("rebind.attacker.example:{}", s.port)),
            (
                "Origin",
                &format!("http://rebind.attacker.example:{}", s.port),
            ),
        ],
    );
    assert_eq!(
        rebound.status, 421,
        "a host name that is not this computer's"
    );
    assert_eq!(site.read(REC), before, "nothing was written");
}

#[test]
fn a_file_changed_after_the_form_was_opened_is_not_overwritten() {
    let site = Site::example();
    let s = serve(&site, &[]);
    let (token, fp, _) = open_form(&s, "update", REC_PAGE);
    site.edit(
        REC,
        "title: Circulate the Communications Plan to Members",
        "title: Circulated plan",
    );
    let edited = site.read(REC);
    let r = post(
        &s,
        "update",
        REC_PAGE,
        &with_token(&token, &fp, &[("note", "Mine.")]),
        &[],
    );
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.text().contains("changed after the form was opened"));
    assert!(r.text().contains("Mine."), "what was typed is kept");
    assert_eq!(site.read(REC), edited, "the other edit stands");
}

#[test]
fn read_only_turns_the_editor_off() {
    let site = Site::example();
    let s = serve(&site, &["--read-only"]);
    assert!(!s.get(&s.page(REC_PAGE)).text().contains("scrutiny-editbar"));
    let r = request(
        s.port,
        "GET",
        &s.page(&format!("__scrutiny/edit/update/{REC_PAGE}")),
        &[],
    )
    .unwrap();
    assert_eq!(r.status, 404);
    assert!(r.text().contains("--read-only"));
    let on = serve(&Site::example(), &[]);
    let page = on.get(&on.page(REC_PAGE)).text();
    assert!(page.contains("Add a progress update") && page.contains("Edit this recommendation"));
    assert!(on.get(&on.page("")).text().contains("Add a review"));
    assert!(on
        .get(&on.page("safety-in-the-town-centre/"))
        .text()
        .contains("Add a recommendation"));
}

#[test]
fn the_built_site_has_no_editor() {
    let site = Site::example();
    run(site.path(), &["build"]).exits(0);
    for page in [
        "index.html",
        "safety-in-the-town-centre/recommendations/3/index.html",
    ] {
        let html = site.read(&format!("public/{page}"));
        assert!(
            !html.contains("__scrutiny") && !html.contains("Add a progress update"),
            "{page}"
        );
    }
}
