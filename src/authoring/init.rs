//! `scrutiny init DIR`: a new site with every option explained, one review, one theme and one
//! recommendation, ready to `build` (the default theme is built into the binary).

use super::emit::{self, RecSpec, ReviewSpec, Style, ThemeSpec, Value};
use super::{arg_error, atomic, io_error, one, yamlout, Outcome, Report};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::model::{Decision, PartialDate, Status};
use jiff::civil::Date;
use std::path::{Path, PathBuf};

/// What `init` asks for (options or answers in a terminal); each may be left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    /// The council or body publishing the site.
    pub organisation: Option<String>,
    /// The public address, as typed.
    pub base_url: Option<String>,
    /// Where residents can ask for help.
    pub contact_email: Option<String>,
}

/// The commented `site.yaml` of a new site, with what was answered filled in and what was not
/// left as a commented example.
fn site_yaml(a: &Answers) -> String {
    let set = |key: &str, value: &Option<String>, example: &str| match value {
        Some(v) => format!("{key}: {}\n", yamlout::scalar(v)),
        None => format!("# {key}: {example}\n"),
    };
    let organisation = set("organisation", &a.organisation, "Example Borough Council");
    let base_url = set(
        "base_url",
        &a.base_url,
        "https://www.example.gov.uk/scrutiny/",
    );
    let contact = match &a.contact_email {
        Some(email) => format!(
            "contact:\n  email: {}\n  # phone: 01234 567890\n  # url: https://www.example.gov.uk/contact\n",
            yamlout::scalar(email)
        ),
        None => "# contact:\n#   email: democratic.services@example.gov.uk\n#   phone: 01234 567890\n#   url: https://www.example.gov.uk/contact\n".into(),
    };
    format!(
        r##"# Site configuration for scrutiny (content format version 1; see docs/content-format.md).
# Lines starting with "#" are comments. Remove the "# " in front of an option to use it.

# The site's name, shown in the header, page titles and feeds.
title: Scrutiny recommendations
# The council (or other body) publishing the site; pages and feeds name it as the publisher.
{organisation}# The public address the site is served from, ending in "/"; used in feeds, the sitemap and
# canonical links. `scrutiny build` needs it (`scrutiny serve` previews without it).
# A path such as https://www.example.gov.uk/scrutiny/ is fine.
{base_url}# The language of the content (a BCP 47 tag), set on every page for screen readers.
language: en-GB
# The theme in themes/ that renders the pages; "default" is built in.
theme: default
# One sentence describing the site, for the home page and feeds.
# description: How the council is acting on the recommendations of its scrutiny committees.
# How residents reach the publisher: the accessibility statement tells them to use it to ask
# for another format or report a problem (`scrutiny check` warns while there is none).
{contact}# The accessibility statement: status is fully-compliant (the default), partially-compliant
# or not-compliant with WCAG 2.2 AA; list what does not meet it under known_issues. Give the
# dates the statement was prepared and last reviewed (it says "not stated" otherwise).
# accessibility:
#   status: partially-compliant
#   prepared: 2024-05-01
#   reviewed: 2024-05-01
#   known_issues:
#     - Some evidence documents linked from updates are PDFs that are not accessible.
# The licence of the site's content and open data (the default is the Open Government Licence).
# licence:
#   name: Open Government Licence v3.0
#   url: https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/
# Days after a review's date before a recommendation with no decision is flagged "awaiting response".
# awaiting_response_days: 28
# Days without an update before an agreed, unfinished recommendation is flagged "stale".
# stale_days: 180
# Labels, colours and done-ness of statuses, and labels of decisions. Name only what changes;
# colours are backgrounds for white text, so keep a contrast ratio of at least 4.5:1.
# vocabulary:
#   statuses:
#     in-progress: {{ label: "Under way", colour: "#1d70b8", done: false }}
#   decisions:
#     accepted: {{ label: "Agreed" }}
"##
    )
}

/// Check what was given and put it in the form `site.yaml` keeps (a `base_url` ends in `/`).
fn checked(a: &Answers) -> Result<Answers, Diagnostics> {
    let mut out = Answers {
        organisation: a
            .organisation
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(str::to_string),
        ..Answers::default()
    };
    if let Some(url) = a
        .base_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        out.base_url = Some(base_url(url).map_err(|m| {
            one(arg_error(
                format!("--base-url: {m}"),
                "give the full address the site will be published at, e.g. \
                 --base-url https://www.example.gov.uk/scrutiny/ (nothing was written)",
            ))
        })?);
    }
    if let Some(email) = a
        .contact_email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        if !is_email(email) {
            return Err(one(arg_error(
                format!("--contact-email: `{email}` is not an email address"),
                "give an address such as --contact-email scrutiny@example.gov.uk (nothing was written)",
            )));
        }
        out.contact_email = Some(email.to_string());
    }
    Ok(out)
}

/// A full `http(s)://` address, normalised as `site.yaml` reads it.
fn base_url(url: &str) -> Result<String, String> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!(
            "`{url}` is not a full address: it must start with https:// or http://"
        ));
    }
    crate::validate::config::normalise_base_url(url).map(|(full, _)| full)
}

fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((user, host)) => {
            !user.is_empty()
                && host.contains('.')
                && !host.starts_with('.')
                && !host.ends_with('.')
                && !s
                    .contains(|c: char| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
                && !host.contains('@')
        }
        None => false,
    }
}

/// Ask on `output` for every answer not given, reading each from `input` (a terminal): Enter
/// leaves it out, and an address that is not one is asked for again.
pub fn ask(
    a: &mut Answers,
    input: &mut impl std::io::BufRead,
    output: &mut impl std::io::Write,
) -> std::io::Result<()> {
    type Check = fn(&str) -> Result<String, String>;
    let questions: [(&str, Check); 3] = [
        (
            "The council or body publishing the site (e.g. Example Borough Council)",
            |s| Ok(s.to_string()),
        ),
        (
            "The address the site will be published at (e.g. https://www.example.gov.uk/scrutiny/)",
            base_url,
        ),
        (
            "An email address residents can use to ask for help or report a problem",
            |s| {
                if is_email(s) {
                    Ok(s.to_string())
                } else {
                    Err(format!("`{s}` is not an email address"))
                }
            },
        ),
    ];
    let slots = [&mut a.organisation, &mut a.base_url, &mut a.contact_email];
    writeln!(
        output,
        "Press Enter to skip a question; you can edit site.yaml later."
    )?;
    for ((question, check), slot) in questions.into_iter().zip(slots) {
        while slot.is_none() {
            write!(output, "{question}: ")?;
            output.flush()?;
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                writeln!(output)?;
                return Ok(());
            }
            let answer = line.trim();
            if answer.is_empty() {
                break;
            }
            match check(answer) {
                Ok(v) => *slot = Some(v),
                Err(problem) => {
                    writeln!(output, "  {problem}; try again, or press Enter to skip.")?
                }
            }
        }
    }
    Ok(())
}

const GITIGNORE: &str = "# The built site: `scrutiny build` recreates it.\npublic/\n# A build's work folders and lock file beside it (removed by the build; a killed build leaves them for the next).\n.public.staging-*/\n.public.old-*/\n.public.lock\n";

const REVIEW: &str = "example-review";
const THEME: &str = "communications";

/// The files of a new site, relative to its folder.
fn files(today: Date, answers: &Answers) -> Vec<(PathBuf, String)> {
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
    let text = |s: &str| Value::Text(s.into());
    let mut rec = RecSpec::default()
        .with("number", text("1"))
        .with("title", text("Publish the action plan"))
        .with(
            "recommendation",
            text("To publish the action plan and its progress online."),
        )
        .with("theme", text(THEME))
        .with(
            "cabinet_members",
            Value::Names(vec!["Cabinet Member for Communities".into()]),
        )
        .with(
            "lead_officers",
            Value::Names(vec!["Communications Manager".into()]),
        )
        .with("financial_impact", text("None"))
        .with("decision", Value::Decision(Decision::ACCEPTED))
        .with("status", Value::Status(Status::IN_PROGRESS))
        .with(
            "response",
            text(
                "The officer response goes here, in Markdown. Record progress with\n\
`scrutiny update example-review/1 --note \"What happened\" --status completed`.",
            ),
        );
    if let Some(due) = due {
        rec.set("due", Value::Date(due));
    }
    let rec = emit::recommendation(&rec, Style::Scaffold, &crate::model::Config::default());
    vec![
        (PathBuf::from("site.yaml"), site_yaml(answers)),
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

/// Whether a site may be created in `dir`: it does not exist, or is an empty folder.
pub fn is_free(dir: &Path) -> bool {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(_) => !dir.exists(),
    }
}

pub fn run(dir: &Path, today: Date, answers: &Answers) -> Outcome {
    if !is_free(dir) {
        return Err(one(Diagnostic::error(dir, Position::default(), "refusing to create a site here: the folder is not empty")
            .with_hint("choose a new folder name (it will be created), or an empty folder; nothing was written")));
    }
    let answers = checked(answers)?;
    let files = files(today, &answers);
    let abs: Vec<(PathBuf, String)> = files
        .iter()
        .map(|(p, t)| (dir.join(p), t.clone()))
        .collect();
    atomic::create_all(&abs).map_err(|(p, e)| one(io_error(&p, "create the file", &e)))?;
    let written = files.into_iter().map(|(p, _)| dir.join(p)).collect();
    let shown = dir.display();
    let mut notes = vec![format!(
        "Created a site in {shown}. Next:\n  cd {shown}\n  scrutiny serve      # preview while you edit\n  scrutiny build      # the site is in public/"
    )];
    if answers.base_url.is_none() {
        notes.push("Before `scrutiny build`, set `base_url` in site.yaml to the address the site will be published at.".into());
    }
    Ok(Report {
        written,
        notes,
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
        assert!(run(dir.path(), Date::constant(2024, 5, 1), &Answers::default()).is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn ask_fills_what_is_missing_skips_on_enter_and_asks_again_for_a_bad_address() {
        let mut a = Answers {
            organisation: Some("Given Council".into()),
            ..Answers::default()
        };
        let mut input = "example.org\nhttps://example.org/scrutiny\n\n".as_bytes();
        let mut shown = Vec::new();
        ask(&mut a, &mut input, &mut shown).unwrap();
        let shown = String::from_utf8(shown).unwrap();
        assert_eq!(a.organisation.as_deref(), Some("Given Council"));
        assert_eq!(a.base_url.as_deref(), Some("https://example.org/scrutiny/"));
        assert_eq!(a.contact_email, None, "Enter skips");
        assert!(!shown.contains("publishing the site"), "{shown}");
        assert!(shown.contains("not a full address"), "{shown}");
    }

    #[test]
    fn answers_reach_site_yaml_quoted_where_yaml_needs_it() {
        let a = checked(&Answers {
            organisation: Some("Bath & North East Somerset: Council".into()),
            base_url: Some("https://example.org".into()),
            contact_email: Some("a@example.org".into()),
        })
        .unwrap();
        let yaml = site_yaml(&a);
        assert!(yaml.contains("organisation: \"Bath & North East Somerset: Council\"\n"));
        assert!(yaml.contains("\nbase_url: https://example.org/\n"));
        assert!(yaml.contains("\ncontact:\n  email: a@example.org\n"));
    }

    #[test]
    fn a_new_site_has_no_errors() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        run(&site, Date::constant(2024, 5, 1), &Answers::default()).unwrap();
        let mut cache = crate::load::Cache::none();
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
