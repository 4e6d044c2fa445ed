//! The YAML-to-model loader, as `scrutiny check` runs it on one file: bytes → UTF-8 source →
//! split and parse front matter into positioned nodes → validate a site in which the file is a
//! recommendation (and, separately, the review and `site.yaml`) → render the diagnostics the
//! way the command line prints them. Nothing may panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scrutiny::load::document::{self, Document};
use scrutiny::load::source::{self, Source};
use scrutiny::load::{yaml, Loaded, ReviewFiles};
use scrutiny::validate::{validate, Options};
use std::path::Path;

const REVIEW: &str = "---\ntitle: Town Centre\ncommittee: Overview and Scrutiny Committee\ndate: 2026-09\nreported_to: Cabinet\n---\nThe review.\n";
const THEME: &str = "---\ntitle: Public Realm\norder: 1\n---\nStreet lighting.\n";
const REC: &str = "---\nnumber: 1\ntitle: Lighting\nrecommendation: Review the lighting.\ntheme: public-realm\n---\n";
const SITE: &str = "title: Fuzz\nbase_url: https://example.org/scrutiny/\n";

fn doc(path: &str, text: &str, what: &str) -> Document {
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

fn check(loaded: &Loaded) {
    let opts = Options {
        today: jiff::civil::date(2026, 11, 26),
        include_drafts: true,
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

fuzz_target!(|data: &[u8]| {
    let dir = "content/town-centre";
    let rec_path = format!("{dir}/recommendations/01-fuzz.md");
    let src = match source::decode(Path::new(&rec_path), data.to_vec()) {
        Ok(src) => src,
        Err(d) => {
            assert!(d.is_error());
            return;
        }
    };

    // The bytes as `site.yaml`.
    if let Some(cfg) = config("site.yaml", &src.text) {
        let loaded = Loaded {
            config: Some(cfg),
            reviews: vec![ReviewFiles {
                dir: "town-centre".into(),
                review: Some(doc(&format!("{dir}/_review.md"), REVIEW, "review")),
                themes: vec![doc(
                    &format!("{dir}/themes/public-realm.md"),
                    THEME,
                    "theme",
                )],
                recommendations: vec![doc(&rec_path, REC, "recommendation")],
            }],
        };
        check(&loaded);
    }

    let parsed = match document::parse(src, "recommendation") {
        Ok(d) => d,
        Err(d) => {
            assert!(d.is_error());
            return;
        }
    };

    // The bytes as a recommendation beside a valid one (so duplicate numbers are met too).
    let loaded = Loaded {
        config: config("site.yaml", SITE),
        reviews: vec![ReviewFiles {
            dir: "town-centre".into(),
            review: Some(doc(&format!("{dir}/_review.md"), REVIEW, "review")),
            themes: vec![doc(
                &format!("{dir}/themes/public-realm.md"),
                THEME,
                "theme",
            )],
            recommendations: vec![
                doc(
                    &format!("{dir}/recommendations/00-valid.md"),
                    REC,
                    "recommendation",
                ),
                parsed.clone(),
            ],
        }],
    };
    check(&loaded);

    // The same bytes as the review and as a theme.
    let mut as_review = parsed.clone();
    as_review.source.file = format!("{dir}/_review.md").into();
    let mut as_theme = parsed;
    as_theme.source.file = format!("{dir}/themes/fuzz.md").into();
    let loaded = Loaded {
        config: None,
        reviews: vec![ReviewFiles {
            dir: "town-centre".into(),
            review: Some(as_review),
            themes: vec![as_theme],
            recommendations: vec![doc(&rec_path, REC, "recommendation")],
        }],
    };
    check(&loaded);
});
