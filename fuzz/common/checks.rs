//! What each fuzz target checks, as plain functions: the libFuzzer targets in `fuzz_targets/`
//! call them, and `tests/fuzz_regressions.rs` (which includes this file with `#[path]`) runs
//! every saved crash and every seed through them in the normal test suite. Each panics when the
//! property does not hold.
#![allow(dead_code)]

#[path = "html_scan.rs"]
mod html_scan;

use scrutiny::load::document::{self, Document};
use scrutiny::load::frontmatter::{split, SplitError};
use scrutiny::load::source::{self, Source};
use scrutiny::load::{yaml, Loaded, ReviewFiles};
use scrutiny::model::PartialDate;
use scrutiny::serve::request::{self, ReadError, Request, Timed, MAX_HEAD};
use scrutiny::text::markdown::{to_html, to_text};
use scrutiny::validate::{validate, Options};
use std::io::{BufRead, Read};
use std::path::Path;
use std::time::{Duration, Instant};

/// The fuzz targets, by name (the `<target>` of `fuzz/seeds/<target>/` and of
/// `tests/fixtures/fuzz-regressions/<target>-<n>.bin`).
/// A check: panics when the property does not hold for the input.
pub type Check = fn(&[u8]);

pub const TARGETS: &[(&str, Check)] = &[
    ("frontmatter", frontmatter),
    ("yaml_loader", yaml_loader),
    ("partial_date", partial_date),
    ("markdown", markdown),
    ("request_head", request_head),
];

/// The front-matter splitter never panics, and its four slices always join back to the input
/// (the property `update` relies on to leave the bytes it does not touch alone).
pub fn frontmatter(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    match split(input) {
        Ok(s) => {
            assert_eq!(s.join(), input, "split then join must be the identity");
            assert!(s.front_line <= s.body_line, "{s:?}");
            let fence = s.open.trim_start_matches('\u{feff}').trim_end();
            assert_eq!(fence, "---", "the opening fence is `---`: {s:?}");
            assert!(
                s.body_line <= input.split_inclusive('\n').count() + 1,
                "{s:?}"
            );
        }
        Err(SplitError::Unclosed { lines }) => assert!(lines <= input.len()),
        Err(SplitError::Empty | SplitError::NoFrontMatter) => {}
    }
}

/// `PartialDate::parse` never panics; whatever it accepts prints back to itself, covers a
/// non-empty range of days, and reads as words.
pub fn partial_date(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(d) = PartialDate::parse(s) {
        let printed = d.to_string();
        assert_eq!(
            PartialDate::parse(&printed),
            Ok(d),
            "round trip of {s:?} via {printed:?}"
        );
        assert!(d.start() <= d.end(), "{s:?}: {} > {}", d.start(), d.end());
        assert!(!d.human().is_empty());
        assert_eq!(printed.trim(), printed);
    }
    // The same text as a plan's timetable, or a date typed as people write it: never panics,
    // and a date read from it is a date the content format accepts.
    let review = PartialDate::parse("2023-04").ok();
    for d in [
        scrutiny::model::timetable::implied_due(s, review).map(|i| i.due),
        scrutiny::model::timetable::implied_due(s, None).map(|i| i.due),
        scrutiny::model::date::as_written(s),
    ]
    .into_iter()
    .flatten()
    {
        assert_eq!(
            PartialDate::parse(&d.to_string()),
            Ok(d),
            "{s:?} read as {d}"
        );
    }
}

/// Whatever Markdown an author (or an attacker) writes, the HTML has no `<script>`, no script
/// URL in a link and no event-handler attribute, and the plain-text form never panics.
pub fn markdown(data: &[u8]) {
    let Ok(md) = std::str::from_utf8(data) else {
        return;
    };
    let html = to_html(md);
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "<script in the HTML of {md:?}:\n{html}"
    );
    let problems = html_scan::problems(&html, html_scan::Mode::Fragment);
    assert!(
        problems.is_empty(),
        "unsafe HTML from {md:?}:\n{}\n{html}",
        problems.join("\n")
    );
    let text = to_text(md);
    assert!(!text.contains('\n'), "to_text gives one line");
}

const DIR: &str = "content/town-centre";
const REVIEW: &str = "---\ntitle: Town Centre\ncommittee: Overview and Scrutiny Committee\ndate: 2026-09\nreported_to: Cabinet\n---\nThe review.\n";
const THEME: &str = "---\ntitle: Public Realm\norder: 1\n---\nStreet lighting.\n";
const REC: &str = "---\nnumber: 1\ntitle: Lighting\nrecommendation: Review the lighting.\ntheme: public-realm\n---\n";
const SITE: &str = "title: Fuzz\nbase_url: https://example.org/scrutiny/\n";

fn fixed(path: &str, text: &str, what: &str) -> Document {
    let src = Source {
        file: path.into(),
        text: text.to_string(),
    };
    document::parse(src, what).expect("the fixed files are valid")
}

fn config(path: &str, text: &str) -> Option<Document> {
    let front = yaml::parse(text, 1, Path::new(path), text).ok()?;
    let source = Source {
        file: path.into(),
        text: text.to_string(),
    };
    Some(Document {
        source,
        front,
        body: String::new(),
        body_line: 0,
    })
}

fn review_files(
    review: Document,
    themes: Vec<Document>,
    recommendations: Vec<Document>,
) -> ReviewFiles {
    // `.into()` whether the loader keeps documents by value or behind an `Arc`.
    ReviewFiles {
        dir: "town-centre".into(),
        review: Some(review.into()),
        themes: themes.into_iter().map(Into::into).collect(),
        recommendations: recommendations.into_iter().map(Into::into).collect(),
    }
}

fn check_site(loaded: &Loaded) {
    let opts = Options {
        today: jiff::civil::date(2026, 11, 26),
        include_drafts: true,
        warnings: true,
    };
    let (site, diags) = validate(loaded, &opts);
    let _ = diags.render(false);
    let _ = diags.summary();
    for (_, rec) in site.all_recs() {
        let slug = rec.slug.as_str();
        assert!(
            !slug.is_empty()
                && slug
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "the number {:?} gives the unsafe address segment {slug:?}",
            rec.number.text
        );
    }
}

/// The YAML-to-model loader as `scrutiny check` runs it on one file: bytes → UTF-8 source →
/// split and parse front matter into positioned nodes → validate a site in which the file is a
/// recommendation (and, separately, `site.yaml`, the review and a theme) → render the
/// diagnostics as the command line prints them. Nothing may panic, whatever the bytes.
pub fn yaml_loader(data: &[u8]) {
    let rec_path = format!("{DIR}/recommendations/01-fuzz.md");
    let review = || fixed(&format!("{DIR}/_review.md"), REVIEW, "review");
    let theme = || fixed(&format!("{DIR}/themes/public-realm.md"), THEME, "theme");
    let src = match source::decode(Path::new(&rec_path), data.to_vec()) {
        Ok(src) => src,
        Err(d) => {
            assert!(d.is_error());
            return;
        }
    };

    // The bytes as `site.yaml`.
    if let Some(cfg) = config("site.yaml", &src.text) {
        let other = fixed(&rec_path, REC, "recommendation");
        check_site(&Loaded {
            config: Some(cfg),
            reviews: vec![review_files(review(), vec![theme()], vec![other])],
        });
    }

    let parsed = match document::parse(src, "recommendation") {
        Ok(d) => d,
        Err(d) => {
            assert!(d.is_error());
            return;
        }
    };

    // The bytes as a recommendation beside a valid one (so duplicate numbers are met too).
    let valid = fixed(
        &format!("{DIR}/recommendations/00-valid.md"),
        REC,
        "recommendation",
    );
    check_site(&Loaded {
        config: config("site.yaml", SITE),
        reviews: vec![review_files(
            review(),
            vec![theme()],
            vec![valid, parsed.clone()],
        )],
    });

    // The same bytes as the review and as a theme.
    let mut as_review = parsed.clone();
    as_review.source.file = format!("{DIR}/_review.md").into();
    let mut as_theme = parsed;
    as_theme.source.file = format!("{DIR}/themes/fuzz.md").into();
    let other = fixed(&rec_path, REC, "recommendation");
    check_site(&Loaded {
        config: None,
        reviews: vec![review_files(as_review, vec![as_theme], vec![other])],
    });
}

/// The preview server's request-head reader, fed the bytes as a connection: the first byte says
/// in what size of pieces the rest arrives (1 to 256 bytes), as a socket hands them out. Reading
/// requests until one fails, as the server does: nothing panics; no request takes more than
/// `MAX_HEAD` bytes from the connection; each request read is exactly the bytes it took, parsed
/// again; methods and header names are tokens and no target, name or value holds a CR, LF or
/// other control character; and the same requests are read whatever the size of the pieces.
pub fn request_head(data: &[u8]) {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let pieces = read_requests(bytes, usize::from(first) + 1);
    let whole = read_requests(bytes, bytes.len().max(1));
    assert_eq!(
        pieces.iter().take_while(|r| r.is_ok()).collect::<Vec<_>>(),
        whole.iter().take_while(|r| r.is_ok()).collect::<Vec<_>>(),
        "pieces of {} bytes read other requests than the whole input",
        usize::from(first) + 1
    );
}

/// A connection holding `data`, handed out `piece` bytes at a time.
struct Connection<'a> {
    data: &'a [u8],
    taken: usize,
    piece: usize,
}

impl Read for Connection<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.fill_buf()?.len().min(out.len());
        out[..n].copy_from_slice(&self.data[self.taken..self.taken + n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Connection<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        let end = self.data.len().min(self.taken + self.piece);
        Ok(&self.data[self.taken..end])
    }

    fn consume(&mut self, n: usize) {
        let available = self.data.len().min(self.taken + self.piece) - self.taken;
        assert!(
            n <= available,
            "consumed {n} bytes of {available} handed out"
        );
        self.taken += n;
    }
}

impl Timed for Connection<'_> {
    fn set_timeout(&mut self, _: Duration) {}
}

fn read_requests(data: &[u8], piece: usize) -> Vec<Result<Request, ReadError>> {
    let mut conn = Connection {
        data,
        taken: 0,
        piece,
    };
    let deadline = Instant::now() + Duration::from_secs(3600);
    let mut out = Vec::new();
    loop {
        let start = conn.taken;
        let got = request::read(&mut conn, deadline);
        let taken = conn.taken - start;
        assert!(
            taken <= MAX_HEAD,
            "{taken} bytes taken for one request head"
        );
        match got {
            Ok(req) => {
                check_request(&req);
                let head = &data[start..conn.taken];
                assert_eq!(
                    request::parse(head).as_ref(),
                    Ok(&req),
                    "the {taken} bytes taken, parsed again"
                );
                out.push(Ok(req));
            }
            Err(ReadError::Gone) => {
                assert_eq!(conn.taken, data.len(), "gone before the end of the input");
                return out;
            }
            Err(e) => {
                if e == ReadError::TooLarge {
                    assert_eq!(taken, MAX_HEAD, "too large after {taken} bytes");
                }
                out.push(Err(e));
                return out;
            }
        }
    }
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn check_request(req: &Request) {
    assert!(is_token(&req.method), "method {:?}", req.method);
    assert!(
        !req.target.is_empty() && req.target.bytes().all(|b| b.is_ascii_graphic()),
        "target {:?}",
        req.target
    );
    for (name, value) in &req.headers {
        assert!(is_token(name), "header name {name:?}");
        assert!(
            !value.bytes().any(|b| b.is_ascii_control() && b != b'\t'),
            "control character in the value of {name}: {value:?}"
        );
        assert_eq!(
            value.trim_matches([' ', '\t']),
            value,
            "untrimmed value of {name}"
        );
    }
    let hosts = req
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("host"))
        .count();
    assert!(hosts <= 1, "{hosts} Host headers");
    let _ = (req.has_body(), req.keep_alive());
}
