//! `scrutiny import plan.csv --review SLUG`: a SCRAIP spreadsheet exported as CSV → one review
//! folder with a file per row (and a theme file per new theme). All or nothing: every row is
//! read and the result validated with the real pipeline before a single file is written.

use super::columns;
use super::csvread::{self, Table};
use super::emit::{self, RecSpec, ReviewSpec, Style, ThemeSpec, Value};
use super::rows::{self, RowData};
use super::{arg_error, atomic, existing, io_error, one, require_site, Outcome, Report};
use super::{dryrun, plan};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::load::document;
use crate::load::source::Source;
use crate::load::{self, Cache, ReviewFiles};
use crate::model::Slug;
use crate::validate::{self, Options};
use jiff::civil::Date;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The arguments of `scrutiny import`.
#[derive(Debug, Clone, Copy)]
pub struct Args<'a> {
    pub csv: &'a Path,
    pub review: &'a str,
    pub title: Option<&'a str>,
    /// `--date`, `--committee`, `--reported-to`: the new review's, as `new review` takes them.
    pub date: Option<&'a str>,
    pub committee: Option<&'a str>,
    pub reported_to: Option<&'a str>,
    pub columns: &'a [String],
    /// `--skip COLUMN`: columns left out, and not reported as unmapped.
    pub skip: &'a [String],
    /// `--as-of DATE`: when the plan's progress column was written.
    pub as_of: Option<&'a str>,
    pub dry_run: bool,
}

/// Where the import reads from and writes to.
struct Target<'a> {
    root: &'a Path,
    /// `content/<review>`
    review_dir: &'a Path,
    csv: &'a Path,
    config: &'a crate::model::Config,
}

/// A file to create, relative to the site root.
struct Planned {
    rel: PathBuf,
    text: String,
    kind: &'static str,
}

pub fn run(root: &Path, today: Date, args: &Args) -> Outcome {
    require_site(root)?;
    let slug = review_slug(args)?;
    let review_date = args
        .date
        .map(|d| super::given::date_arg("--date", d))
        .transpose()
        .map_err(one)?;
    let bytes =
        std::fs::read(args.csv).map_err(|e| one(io_error(args.csv, "read the CSV file", &e)))?;
    let table = csvread::read(args.csv, &bytes)?;
    let config = super::site_config(root);
    let declared: Vec<&'static crate::model::fields::Field> = config.fields.declared().collect();
    let headings = site_headings(&config);
    let site: Vec<(&str, &[&str])> = headings
        .iter()
        .map(|(k, names)| (*k, names.as_slice()))
        .collect();
    let opts = columns::Options {
        overrides: args.columns,
        skip: args.skip,
        site: &site,
        declared: &declared,
    };
    let fields = columns::map(&table.headers, &table.blank, &opts)?;
    plan::needs_recommendations(args.csv, &table, &fields)?;
    let as_of = plan::as_of(args.as_of, today, &table, &fields)?;
    let lines = crate::diagnostics::Lines::new(&table.text);
    let cx = rows::Context {
        file: args.csv,
        lines: &lines,
        headers: &table.headers,
        fields: &fields,
        export: columns::is_export(&table.headers),
        as_of,
        vocab: &config.vocabulary,
    };
    let mut diags = Diagnostics::new();
    let data: Vec<RowData> = table.rows.iter().map(|r| rows::read(&cx, r)).collect();
    let data = select_review(data, &slug, args.csv, &table)?;
    let mapping = args
        .dry_run
        .then(|| dryrun::mapping(args.csv, &table, &fields, &data, as_of));
    let review_dir = Path::new("content").join(slug.as_str());
    let mut planned = Vec::new();
    let mut notes: Vec<String> = dryrun::unmapped_note(&table, &fields)
        .filter(|_| !args.dry_run)
        .into_iter()
        .collect();
    let (theme_of, theme_files) = themes(root, &review_dir, &data);
    if !root.join(&review_dir).join("_review.md").exists() {
        planned.push(review_file(args, review_date, &data, &slug, &review_dir));
    } else {
        let unused: Vec<&str> = [
            ("--title", args.title),
            ("--date", args.date),
            ("--committee", args.committee),
            ("--reported-to", args.reported_to),
        ]
        .iter()
        .filter(|(_, given)| given.is_some())
        .map(|(flag, _)| *flag)
        .collect();
        if !unused.is_empty() {
            notes.push(format!(
                "The review {} exists already; {} {} not used (edit its _review.md).",
                review_dir.display(),
                unused.join(", "),
                if unused.len() == 1 { "was" } else { "were" }
            ));
        }
    }
    planned.extend(theme_files);
    let at = Target {
        root,
        review_dir: &review_dir,
        csv: args.csv,
        config: &config,
    };
    let recs = recommendations(&at, data, &theme_of, &mut diags);
    planned.extend(recs);
    if diags.has_errors() {
        return Err(diags);
    }
    let mut errors = refuse_existing(root, &planned);
    errors.extend(validate_planned(root, today, slug.as_str(), &planned));
    if errors.has_errors() {
        errors.sort();
        return Err(errors);
    }
    let mut report = write_or_show(root, args, planned, diags, notes)?;
    if let Some(m) = mapping {
        report.preview = m + &report.preview;
    }
    Ok(report)
}

/// The headings `site.yaml` adds to the built-in ones: its own synonyms (`import: headings:`),
/// then each declared field's label and headings, then the label and headings it gave a
/// built-in field (`fields: - { key: lead_officers, label: …, headings: […] }`).
fn site_headings(config: &crate::model::Config) -> Vec<(&str, Vec<&str>)> {
    let synonyms = config
        .import_headings
        .iter()
        .map(|(k, names)| (*k, names.iter().map(String::as_str).collect()));
    let declared = config
        .fields
        .declared()
        .map(|f| (f.key, f.headings().collect::<Vec<&str>>()));
    let changed = config.fields.iter().filter_map(|f| {
        let b = crate::model::fields::get(f.key)?;
        let mut names: Vec<&str> = Vec::new();
        if f.label != b.label && f.importable() {
            names.push(f.label);
        }
        names.extend(f.synonyms.iter().filter(|h| !b.synonyms.contains(h)));
        (!names.is_empty()).then_some((f.key, names))
    });
    synonyms.chain(declared).chain(changed).collect()
}

/// The review folder named by `--review`.
fn review_slug(args: &Args) -> Result<Slug, Diagnostics> {
    Slug::parse(args.review).ok_or_else(|| {
        one(arg_error(
            format!("`{}` is not a review folder name", args.review),
            format!(
                "use lower-case letters, digits and hyphens, e.g. --review {}",
                Slug::from_text(args.review)
            ),
        ))
    })
}

/// The review's `_review.md`, titled by `--title`, the plan's review column or the folder name.
fn review_file(
    args: &Args,
    date: Option<crate::model::PartialDate>,
    data: &[RowData],
    slug: &Slug,
    review_dir: &Path,
) -> Planned {
    let given = |t: Option<&str>| {
        t.map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };
    let title = args
        .title
        .map(str::to_string)
        .or_else(|| data.iter().find_map(|r| r.review_title.clone()))
        .unwrap_or_else(|| title_of_slug(slug));
    let text = emit::review(&ReviewSpec {
        title,
        committee: given(args.committee),
        date,
        reported_to: given(args.reported_to),
        summary: None,
        introduction: String::new(),
    });
    Planned {
        rel: review_dir.join("_review.md"),
        text,
        kind: "review",
    }
}

/// Write the planned files (all or none), or show them (`--dry-run`), with what was done.
fn write_or_show(
    root: &Path,
    args: &Args,
    planned: Vec<Planned>,
    warnings: Diagnostics,
    mut notes: Vec<String>,
) -> Outcome {
    let count = planned
        .iter()
        .filter(|p| p.kind == "recommendation")
        .count();
    let themes = planned.iter().filter(|p| p.kind == "theme").count();
    let mut report = Report {
        warnings,
        ..Default::default()
    };
    let summary = format!(
        "{count} {} and {themes} new {} from {}",
        crate::diagnostics::plural(count, "recommendation"),
        crate::diagnostics::plural(themes, "theme"),
        args.csv.display()
    );
    if args.dry_run {
        for p in &planned {
            report
                .preview
                .push_str(&format!("==> {} <==\n{}\n", p.rel.display(), p.text));
        }
        notes.push(format!(
            "Dry run: would import {summary}; nothing was written."
        ));
    } else {
        let abs: Vec<(PathBuf, String)> = planned
            .iter()
            .map(|p| (root.join(&p.rel), p.text.clone()))
            .collect();
        atomic::create_all(&abs).map_err(|(p, e)| one(io_error(&p, "create the file", &e)))?;
        report.written = planned.into_iter().map(|p| p.rel).collect();
        notes.push(format!(
            "Imported {summary}. Next: `scrutiny check` lists what the plan still lacks."
        ));
    }
    report.notes = notes;
    Ok(report)
}

/// "safety-in-the-town-centre" → "Safety in the town centre".
fn title_of_slug(slug: &Slug) -> String {
    let words = slug.as_str().replace('-', " ");
    let mut c = words.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// With a `Review` column naming several reviews, keep the rows of this one.
fn select_review(
    data: Vec<RowData>,
    slug: &Slug,
    file: &Path,
    table: &Table,
) -> Result<Vec<RowData>, Diagnostics> {
    let mut names: Vec<String> = data.iter().filter_map(|r| r.review.clone()).collect();
    names.sort();
    names.dedup();
    if names.iter().any(|n| n == slug.as_str()) {
        return Ok(data
            .into_iter()
            .filter(|r| r.review.as_deref().is_none_or(|n| n == slug.as_str()))
            .collect());
    }
    if names.len() > 1 {
        return Err(one(Diagnostic::error(
            file,
            Position::new(1, 1),
            format!("the CSV holds {} reviews and none is `{slug}`", names.len()),
        )
        .with_source(&table.text)
        .with_hint(format!(
            "import one of them with --review: {}",
            existing::list(&names)
        ))));
    }
    Ok(data)
}

/// Each theme named in the CSV → its slug, creating theme files for those the review lacks.
fn themes(
    root: &Path,
    review_dir: &Path,
    data: &[RowData],
) -> (HashMap<String, String>, Vec<Planned>) {
    let found = existing::themes(root, review_dir);
    let mut order = found.iter().filter_map(|t| t.order).max().unwrap_or(0);
    let mut map = HashMap::new();
    let mut files = Vec::new();
    // Each theme's outcome (the first row that gives one), and the slugs given so far.
    let mut outcomes: HashMap<&str, &str> = HashMap::new();
    for r in data {
        if let (Some(name), Some(outcome)) = (r.text("theme"), &r.theme_outcome) {
            outcomes.entry(name).or_insert(outcome);
        }
    }
    let mut given: HashSet<String> = HashSet::new();
    for r in data {
        let Some(name) = r.text("theme") else {
            continue;
        };
        if map.contains_key(name) {
            continue;
        }
        let wanted = Slug::from_text(name);
        let known = found.iter().find(|t| {
            t.slug == *name
                || t.slug == wanted.as_str()
                || t.title
                    .as_deref()
                    .is_some_and(|x| x.trim().eq_ignore_ascii_case(name))
        });
        let slug = match known {
            Some(t) => t.slug.clone(),
            None if given.contains(wanted.as_str()) => wanted.to_string(),
            None => {
                order += 1;
                let outcome = outcomes.get(name).map(|o| o.to_string());
                let text = emit::theme(&ThemeSpec {
                    title: name.to_string(),
                    outcome,
                    order: Some(order),
                    description: String::new(),
                });
                files.push(Planned {
                    rel: review_dir.join("themes").join(format!("{wanted}.md")),
                    text,
                    kind: "theme",
                });
                wanted.to_string()
            }
        };
        given.insert(slug.clone());
        map.insert(name.to_string(), slug);
    }
    (map, files)
}

/// Settle numbers (from the CSV, else row order after the numbers in use) and write each row.
fn recommendations(
    at: &Target,
    data: Vec<RowData>,
    theme_of: &HashMap<String, String>,
    diags: &mut Diagnostics,
) -> Vec<Planned> {
    let review_dir = at.review_dir;
    let existing_recs = existing::recommendations(at.root, review_dir);
    // Numbers and file names in use, looked up (searching lists of them row by row made
    // importing quadratic).
    let mut taken: HashMap<existing::NumberKey, String> = HashMap::new();
    for r in &existing_recs {
        if let Some(n) = &r.number {
            taken
                .entry(existing::number_key(n))
                .or_insert_with(|| r.file.display().to_string());
        }
    }
    let mut next = existing::next_number(
        existing_recs.iter().filter_map(|r| r.number.clone()).chain(
            data.iter()
                .filter_map(|r| r.text("number").map(str::to_string)),
        ),
    );
    let mut names: HashSet<String> = existing_recs
        .iter()
        .filter_map(|r| r.file.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    let mut out = Vec::new();
    for mut r in data {
        r.diagnostics.drain(..).for_each(|d| diags.push(d));
        let Some(recommendation) = r.text("recommendation").filter(|t| !t.trim().is_empty()) else {
            continue;
        };
        let number = r.text("number").map(str::to_string).unwrap_or_else(|| {
            let n = next.to_string();
            next += 1;
            n
        });
        let key = existing::number_key(&number);
        if let Some(other) = taken.get(&key) {
            diags.push(
                Diagnostic::error(
                    at.csv,
                    Position::new(r.line, 1),
                    format!("recommendation number `{number}` is already used by {other}"),
                )
                .with_hint("give every row its own number, or import into a new review"),
            );
            continue;
        }
        taken.insert(key, format!("the row on line {}", r.line));
        let title = r.text("title").map(str::to_string).unwrap_or_else(|| {
            let t = super::cells::title_from(recommendation);
            if t.is_empty() {
                format!("Recommendation {number}")
            } else {
                t
            }
        });
        let name = unique_name(
            &mut names,
            existing::recommendation_file_name(&number, &title),
        );
        let theme = r.text("theme").and_then(|t| theme_of.get(t).cloned());
        let spec = values_to_write(r.values, number, title, theme, &at.config.vocabulary);
        let text = emit::recommendation(&spec, Style::Known, at.config);
        out.push(Planned {
            rel: review_dir.join("recommendations").join(name),
            text,
            kind: "recommendation",
        });
    }
    out
}

/// `name`, or `name-2.md`, `name-3.md` … when that is taken already.
fn unique_name(names: &mut HashSet<String>, name: String) -> String {
    let mut unique = name.clone();
    let mut k = 2;
    while names.contains(&unique) {
        unique = name.trim_end_matches(".md").to_string() + &format!("-{k}.md");
        k += 1;
    }
    names.insert(unique.clone());
    unique
}

/// A row's values as the file will say them: its number, title and theme as decided, and the
/// decision and status always written, so the file says what it was given.
fn values_to_write(
    mut spec: RecSpec,
    number: String,
    title: String,
    theme: Option<String>,
    vocab: &crate::model::Vocabulary,
) -> RecSpec {
    spec.set("number", Value::Text(number));
    spec.set("title", Value::Text(title));
    match theme {
        Some(slug) => spec.set("theme", Value::Text(slug)),
        None => {
            spec.remove("theme");
        }
    }
    if spec.get("decision").is_none() && vocab.records_decisions {
        spec.set("decision", Value::Decision(rows::DECISION));
    }
    if spec.get("decision").is_some() && !vocab.records_decisions {
        spec.remove("decision");
    }
    if let (None, Some(s)) = (spec.get("status"), vocab.default_status()) {
        spec.set("status", Value::Status(s));
    }
    spec
}

/// Never overwrite: every planned file must be new.
fn refuse_existing(root: &Path, planned: &[Planned]) -> Diagnostics {
    let mut errors = Diagnostics::new();
    for p in planned {
        if root.join(&p.rel).exists() {
            errors.push(Diagnostic::error(&p.rel, Position::default(), format!("refusing to overwrite {}", p.rel.display()))
                .with_hint("nothing was written; import into a new review (--review another-name), or move the existing file away"));
        }
    }
    errors
}

/// Validate the planned files together with the site as it is, as `check` would after the
/// import. Returns the errors in the planned files.
fn validate_planned(root: &Path, today: Date, review: &str, planned: &[Planned]) -> Diagnostics {
    let mut errors = Diagnostics::new();
    let mut cache = Cache::none();
    let (mut loaded, _) = load::load(root, &mut cache);
    let index = match loaded.reviews.iter().position(|r| r.dir == review) {
        Some(i) => i,
        None => {
            loaded.reviews.push(ReviewFiles {
                dir: review.to_string(),
                ..Default::default()
            });
            loaded.reviews.len() - 1
        }
    };
    for p in planned {
        match document::parse(
            Source {
                file: p.rel.clone(),
                text: p.text.clone(),
            },
            p.kind,
        ) {
            Ok(doc) => {
                let files = &mut loaded.reviews[index];
                match p.kind {
                    "review" => files.review = Some(doc.into()),
                    "theme" => files.themes.push(doc.into()),
                    _ => files.recommendations.push(doc.into()),
                }
            }
            Err(d) => errors.push(d),
        }
    }
    let (_, diags) = validate::validate(
        &loaded,
        &Options {
            today,
            include_drafts: true,
            warnings: true,
        },
    );
    let planned_files: HashSet<&Path> = planned.iter().map(|p| p.rel.as_path()).collect();
    for d in diags
        .iter()
        .filter(|d| d.is_error() && planned_files.contains(d.file.as_path()))
    {
        errors.push(d.clone());
    }
    errors
}
