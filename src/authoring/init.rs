//! `scrutiny init DIR`: a new site with every option explained, one review, one theme and one
//! recommendation, ready to `build` (the default theme is built into the binary).

use super::emit::{self, RecSpec, ReviewSpec, Style, ThemeSpec};
use super::{atomic, io_error, one, Outcome, Report};
use crate::diagnostics::{Diagnostic, Position};
use crate::model::{Decision, PartialDate, Status};
use jiff::civil::Date;
use std::path::{Path, PathBuf};

const SITE_YAML: &str = r##"# Site configuration for scrutiny (content format version 1; see docs/content-format.md).
# Lines starting with "#" are comments. Remove the "# " in front of an option to use it.

# The site's name, shown in the header, page titles and feeds.
title: Scrutiny recommendations
# The council (or other body) publishing the site.
# organisation: Example Borough Council
# The public address the site is served from, ending in "/"; used in feeds, the sitemap and
# canonical links, so set it before publishing. A path such as https://example.org/scrutiny/ is fine.
# base_url: https://example.org/scrutiny/
# The language of the content (a BCP 47 tag), set on every page for screen readers.
language: en-GB
# The theme in themes/ that renders the pages; "default" is built in.
theme: default
# One sentence describing the site, for the home page and feeds.
# description: How the council is acting on the recommendations of its scrutiny committees.
# Days after a review's date before a recommendation with no decision is flagged "awaiting response".
# awaiting_response_days: 28
# Days without an update before an agreed, unfinished recommendation is flagged "stale".
# stale_days: 180
# Labels, colours and done-ness of statuses, and labels of decisions. Name only what changes;
# colours are backgrounds for white text, so keep a contrast ratio of at least 4.5:1.
# vocabulary:
#   statuses:
#     in-progress: { label: "Under way", colour: "#1d70b8", done: false }
#   decisions:
#     accepted: { label: "Agreed" }
"##;

const GITIGNORE: &str = "# The built site: `scrutiny build` recreates it.\npublic/\n# A build's work folders beside it (removed by the build; a killed build leaves them for the next).\n.public.staging-*/\n.public.old-*/\n";

const REVIEW: &str = "example-review";
const THEME: &str = "communications";

/// The files of a new site, relative to its folder.
fn files(today: Date) -> Vec<(PathBuf, String)> {
    let review_dir = Path::new("content").join(REVIEW);
    let month = PartialDate::parse(&format!("{:04}-{:02}", today.year(), today.month())).ok();
    let due = PartialDate::parse(&format!(
        "{:04}-{:02}",
        today.year().saturating_add(1).min(9999),
        today.month()
    ))
    .ok();
    let review = emit::review(&ReviewSpec {
        title: "Example review".into(),
        committee: Some("Overview and Scrutiny Committee".into()),
        date: month,
        reported_to: Some("Cabinet".into()),
        summary: Some("An example review: replace it with your committee's first plan.".into()),
        introduction: "This is the review's introduction, in Markdown. Edit `_review.md` to describe the review, \
or create a new one with `scrutiny new review \"Title\"`."
            .into(),
    });
    let theme = emit::theme(&ThemeSpec {
        title: "Communications".into(),
        outcome: Some("Residents hear about the work done in their name.".into()),
        order: Some(1),
        description:
            "A theme groups recommendations under an intended outcome. Themes are optional.".into(),
    });
    let rec = emit::recommendation(
        &RecSpec {
            number: "1".into(),
            title: "Publish the action plan".into(),
            recommendation: "To publish the action plan and its progress online.".into(),
            theme: Some(THEME.into()),
            cabinet_members: vec!["Cabinet Member for Communities".into()],
            lead_officers: vec!["Communications Manager".into()],
            financial_impact: Some("None".into()),
            decision: Decision::Accepted,
            status: Status::InProgress,
            due,
            timetable: None,
            updates: Vec::new(),
            response: "The officer response goes here, in Markdown. Record progress with\n\
`scrutiny update example-review/1 --note \"What happened\" --status completed`."
                .into(),
        },
        Style::Scaffold,
    );
    vec![
        (PathBuf::from("site.yaml"), SITE_YAML.to_string()),
        (PathBuf::from(".gitignore"), GITIGNORE.to_string()),
        (review_dir.join("_review.md"), review),
        (review_dir.join("themes").join(format!("{THEME}.md")), theme),
        (
            review_dir
                .join("recommendations")
                .join("01-publish-the-action-plan.md"),
            rec,
        ),
    ]
}

pub fn run(dir: &Path, today: Date) -> Outcome {
    if dir.exists() {
        let non_empty = match std::fs::read_dir(dir) {
            Ok(mut entries) => entries.next().is_some(),
            Err(_) => true,
        };
        if non_empty || !dir.is_dir() {
            return Err(one(Diagnostic::error(dir, Position::default(), "refusing to create a site here: the folder is not empty")
                .with_hint("choose a new folder name (it will be created), or an empty folder; nothing was written")));
        }
    }
    let files = files(today);
    let abs: Vec<(PathBuf, String)> = files
        .iter()
        .map(|(p, t)| (dir.join(p), t.clone()))
        .collect();
    atomic::create_all(&abs).map_err(|(p, e)| one(io_error(&p, "create the file", &e)))?;
    let written = files.into_iter().map(|(p, _)| dir.join(p)).collect();
    let shown = dir.display();
    Ok(Report {
        written,
        notes: vec![format!(
            "Created a site in {shown}. Next:\n  cd {shown}\n  scrutiny build      # the site is in public/\n  scrutiny serve      # preview while you edit"
        )],
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_non_empty_folder_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "keep me").unwrap();
        assert!(run(dir.path(), Date::constant(2024, 5, 1)).is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_new_site_has_no_errors() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        run(&site, Date::constant(2024, 5, 1)).unwrap();
        let mut cache = crate::load::Cache::default();
        let (loaded, mut diags) = crate::load::load(&site, &mut cache);
        let opts = crate::validate::Options {
            today: Date::constant(2024, 5, 1),
            include_drafts: false,
            warnings: true,
        };
        let (s, more) = crate::validate::validate(&loaded, &opts);
        diags.extend(more);
        assert!(!diags.has_errors(), "{}", diags.render(false));
        assert_eq!(s.reviews[0].recommendations.len(), 1);
        assert_eq!(s.config.title, "Scrutiny recommendations");
    }
}
