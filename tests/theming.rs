//! Themes and overrides end to end (docs/theming.md): a named theme that brings one file and
//! takes the rest from the default theme, templates that replace one block of the base
//! template, and a site's own static files over the theme's.

mod common;

use common::{example_root, Site};

/// The default theme's file `rel` (under `themes/default/`).
fn default_file(rel: &str) -> Vec<u8> {
    std::fs::read(example_root().join("themes/default").join(rel)).unwrap()
}

/// The built file `rel` under `public/`.
fn built(site: &Site, rel: &str) -> Vec<u8> {
    std::fs::read(site.path().join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn page(site: &Site, rel: &str) -> String {
    String::from_utf8(built(site, rel)).unwrap()
}

/// The minimal fixture with `theme: NAME` in its site.yaml.
fn with_theme(name: &str) -> Site {
    let site = Site::fixture("minimal");
    site.write(
        "site.yaml",
        format!("{}\ntheme: {name}\n", site.read("site.yaml")),
    );
    site
}

/// The home page of the minimal fixture built with the default theme and nothing else.
fn default_home() -> String {
    let site = Site::fixture("minimal");
    site.run(&["build"]).exits(0);
    page(&site, "index.html")
}

const REC_PAGE: &str = "town-centre/recommendations/1/index.html";

#[test]
fn a_named_theme_with_only_a_stylesheet_takes_everything_else_from_the_default_theme() {
    let site = with_theme("plain");
    let css = "/* plain */ body { font-family: serif; }\n";
    site.write("themes/plain/static/site.css", css);
    site.run(&["build"]).exits(0);
    assert_eq!(built(&site, "static/site.css"), css.as_bytes());
    assert_eq!(
        built(&site, "static/site.js"),
        default_file("static/site.js")
    );
    let home = page(&site, "index.html");
    assert!(home.contains("Skip to main content"), "default templates");
    assert!(home.contains("static/site.css?v="), "{home}");
    let default = default_home();
    assert_ne!(home, default, "the stylesheet's address changes with it");
    let link = |html: &str| {
        html.lines()
            .find(|l| l.contains("static/site.css"))
            .unwrap()
            .to_string()
    };
    assert_eq!(
        home.replace(&link(&home), ""),
        default.replace(&link(&default), ""),
        "only the stylesheet's address differs"
    );
}

#[test]
fn a_named_theme_with_only_a_review_template_uses_it_for_the_review_page() {
    let site = with_theme("civic");
    site.write(
        "themes/civic/templates/review.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Civic: {{ review.title }}</h1>{% endblock content %}",
    );
    site.run(&["build"]).exits(0);
    let review = page(&site, "town-centre/index.html");
    assert!(review.contains("<h1>Civic: "), "{review}");
    assert!(review.contains("Skip to main content"), "default base.html");
    let rec = page(&site, REC_PAGE);
    assert!(!rec.contains("Civic: ") && rec.contains("class=\"timeline"));
    assert_eq!(
        built(&site, "static/site.css"),
        default_file("static/site.css")
    );
}

#[test]
fn a_site_template_replaces_one_block_of_the_base_template() {
    let site = Site::fixture("minimal");
    site.write(
        "templates/base.html",
        "{% extends \"theme/base.html\" %}\
         {% block search %}{% endblock search %}\
         {% block footer %}{{ super() }}\n<p class=\"town-hall\">Run by the town hall.</p>{% endblock footer %}",
    );
    site.run(&["build"]).exits(0);
    let home = page(&site, "index.html");
    // The default page with its search box taken out and a line added after the footer:
    // everything else is the theme's, byte for byte.
    let default = default_home();
    let form_start = default.find("\n<form class=\"header__search\"").unwrap();
    let form_end = default[form_start..].find("</form>").unwrap() + form_start + "</form>".len();
    let expected = format!("{}{}", &default[..form_start], &default[form_end..]).replace(
        "</footer>",
        "</footer>\n<p class=\"town-hall\">Run by the town hall.</p>",
    );
    assert_eq!(home, expected);
    let rec = page(&site, REC_PAGE);
    assert!(rec.contains("Run by the town hall.") && !rec.contains("id=\"header-q\""));
}

#[test]
fn a_page_template_can_replace_a_block_on_its_own_pages() {
    let site = Site::fixture("minimal");
    site.write(
        "templates/review.html",
        "{% extends \"theme/review.html\" %}{% block nav %}<nav class=\"nav\" aria-label=\"Main\"><p>Review navigation</p></nav>{% endblock nav %}",
    );
    site.run(&["build"]).exits(0);
    let review = page(&site, "town-centre/index.html");
    assert!(review.contains("<p>Review navigation</p>"), "{review}");
    assert!(
        review.contains("class=\"panel"),
        "the review page's own content stays"
    );
    let home = page(&site, "index.html");
    assert!(!home.contains("Review navigation") && home.contains("nav__list"));
}

#[test]
fn a_named_theme_can_extend_the_default_template_it_replaces() {
    let site = with_theme("civic");
    site.write(
        "themes/civic/templates/base.html",
        "{% extends \"default/base.html\" %}{% block header %}<header class=\"civic\">Civic</header>{% endblock header %}",
    );
    // The site on top of the theme on top of the default theme.
    site.write(
        "templates/base.html",
        "{% extends \"theme/base.html\" %}{% block footer %}<footer>Site footer</footer>{% endblock footer %}",
    );
    site.run(&["build"]).exits(0);
    for rel in ["index.html", REC_PAGE] {
        let html = page(&site, rel);
        assert!(
            html.contains("<header class=\"civic\">Civic</header>"),
            "{rel}"
        );
        assert!(html.contains("<footer>Site footer</footer>"), "{rel}");
        assert!(html.contains("<main id=\"main\""), "{rel}");
        assert!(
            !html.contains("nav__list"),
            "{rel}: the header went with its block"
        );
    }
}

#[test]
fn site_static_files_replace_the_theme_assets_of_the_same_path() {
    let site = with_theme("plain");
    site.write("themes/plain/static/site.css", "/* the theme's */\n");
    site.write("static/site.css", "/* the site's */\n");
    site.write(
        "static/images/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.run(&["build"]).exits(0);
    assert_eq!(built(&site, "static/site.css"), b"/* the site's */\n");
    assert_eq!(
        built(&site, "static/images/logo.svg"),
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
    );
    assert_eq!(
        built(&site, "static/search.js"),
        default_file("static/search.js")
    );
}

#[test]
fn the_generated_tag_colours_are_published_even_when_a_site_brings_a_file_of_that_name() {
    let site = Site::fixture("minimal");
    site.write("static/vocabulary.css", ".tag--overdue{background:pink}\n");
    site.run(&["build"]).exits(0);
    let css = String::from_utf8(built(&site, "static/vocabulary.css")).unwrap();
    assert!(
        css.starts_with("/* Generated from the status and decision vocabulary. */"),
        "{css}"
    );
    assert!(!css.contains("pink"), "{css}");
}

#[test]
fn a_theme_that_is_not_there_is_an_error_in_site_yaml() {
    let site = with_theme("missing");
    let r = site.check();
    r.exits(1);
    let line = site.read("site.yaml").lines().count();
    r.error("theme `missing` not found")
        .at("site.yaml", line, 8)
        .shows("theme: missing")
        .helps("create themes/missing/");
    assert_eq!(r.diagnostics().len(), 1, "{}", r.stderr);
    // `build` stops at the same line.
    let b = site.run(&["build"]);
    b.exits(1);
    b.error("theme `missing` not found")
        .at("site.yaml", line, 8);
}

#[test]
fn a_template_folder_with_a_reserved_name_is_refused() {
    let site = Site::fixture("minimal");
    site.write("templates/theme/base.html", "x");
    let r = site.run(&["build"]);
    r.exits(1);
    r.error("a template folder may not be called `theme/`");
    assert!(!site.path().join("public").exists());
}

#[cfg(unix)]
#[test]
fn a_site_static_file_linked_out_of_the_site_is_refused() {
    let site = Site::fixture("minimal");
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", site.path().join("static/passwd.txt")).unwrap();
    let r = site.run(&["build"]);
    r.exits(1);
    r.error("symbolic link points outside the site");
    assert!(!r.stderr.contains("root:"), "{}", r.stderr);
    assert!(!site.path().join("public").exists());

    let linked = Site::fixture("minimal");
    std::os::unix::fs::symlink("/etc", linked.path().join("static")).unwrap();
    let r = linked.run(&["build"]);
    r.exits(1);
    r.error("symbolic link points outside the site");
}

#[test]
fn the_output_may_not_be_the_sites_static_folder() {
    let site = Site::fixture("minimal");
    site.write("static/site.css", "/* mine */\n");
    let r = site.run(&["build", "--output", "static"]);
    r.exits(1);
    assert!(
        r.stderr.contains("inside the site's static/ folder"),
        "{}",
        r.stderr
    );
    assert_eq!(site.read("static/site.css"), "/* mine */\n");
}
