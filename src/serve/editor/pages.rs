//! Each form of the editor: what it shows, and what its save runs. The saves call the
//! authoring commands with the form's values as their flags, so a form refuses what the
//! command line refuses, with the same messages (the flags named by the form's labels).

use super::forms::{self, Control, Form, Input};
use super::targets::{self, Rec, Review, Targets};
use super::{Editor, Flash};
use crate::authoring::{edit, entry, newrec, scaffold, update, Outcome as Done};
use crate::diagnostics::Diagnostics;
use crate::model::fields::Kind as FieldKind;
use std::collections::BTreeMap;
use std::time::Duration;

/// Which form, for which page.
pub enum Kind {
    Update(Rec),
    Edit(Rec),
    NewRecommendation(Review),
    NewReview,
}

impl Kind {
    /// The form `action` names for the page `page`, if that page exists in the model.
    pub fn find(action: &str, page: &str, t: &Targets) -> Option<Kind> {
        match action {
            "update" => t.recs.get(page).cloned().map(Kind::Update),
            "edit" => t.recs.get(page).cloned().map(Kind::Edit),
            "new-recommendation" => t.reviews.get(page).cloned().map(Kind::NewRecommendation),
            "new-review" if page.is_empty() => Some(Kind::NewReview),
            _ => None,
        }
    }

    /// The page whose look the form is drawn in.
    pub fn page_shown<'a>(&self, page: &'a str) -> &'a str {
        page
    }
}

pub struct Context<'a> {
    pub editor: &'a Editor,
    pub targets: &'a Targets,
    pub base: &'a str,
    /// The page address under the base path.
    pub page: &'a str,
}

pub enum Outcome {
    Form {
        status: u16,
        title: String,
        html: String,
    },
    Saved {
        flash: Flash,
        page: String,
    },
}

/// The empty form (or, for an edit, the form holding the file's values).
pub fn form(cx: &Context, kind: &Kind) -> Outcome {
    let values = current(cx, kind);
    let fingerprint = values.as_ref().map(|(fp, _)| fp.clone());
    let values: BTreeMap<String, String> = values.map(|(_, v)| v).unwrap_or_default();
    draw(
        cx,
        kind,
        &values,
        fingerprint.as_deref(),
        Diagnostics::new(),
        200,
    )
}

/// The file's fingerprint and its values, for the forms about one recommendation.
fn current(cx: &Context, kind: &Kind) -> Option<(String, BTreeMap<String, String>)> {
    let (Kind::Update(rec) | Kind::Edit(rec)) = kind else {
        return None;
    };
    let bytes = std::fs::read(cx.editor.root.join(&rec.file)).ok()?;
    let fp = crate::authoring::rewrite::fingerprint(&bytes);
    let text = String::from_utf8_lossy(&bytes);
    let mut values: BTreeMap<String, String> = match kind {
        Kind::Edit(_) => edit::current(&text).into_iter().collect(),
        _ => BTreeMap::new(),
    };
    if let Kind::Update(_) = kind {
        values.insert("date".into(), cx.editor.today.to_string());
    }
    Some((fp, values))
}

/// The form's fields, with `values` and the errors of a refused save.
fn draw(
    cx: &Context,
    kind: &Kind,
    values: &BTreeMap<String, String>,
    fingerprint: Option<&str>,
    errors: Diagnostics,
    status: u16,
) -> Outcome {
    let t = cx.targets;
    let back = format!("{}{}", cx.base, cx.page);
    let (heading, caption, intro, back_label, submit, mut inputs) = match kind {
        Kind::Update(rec) => (
            "Add a progress update".to_string(),
            format!("Recommendation {}: {}", rec.number, rec.title),
            "The update is added to the end of the record with its date. A new status, decision or revised target date is recorded with it, so the page keeps its history.".to_string(),
            format!("Back to recommendation {}", rec.number),
            "Save update",
            update_inputs(t, rec),
        ),
        Kind::Edit(rec) => (
            "Edit this recommendation".to_string(),
            format!("Recommendation {}: {}", rec.number, rec.title),
            "Only the fields you change are written. The status, decision and target date change with a progress update, so the record keeps its history.".to_string(),
            format!("Back to recommendation {}", rec.number),
            "Save changes",
            rec_inputs(t, review_of(t, &rec.review).as_ref(), false),
        ),
        Kind::NewRecommendation(review) => (
            "Add a recommendation".to_string(),
            review.title.clone(),
            "Copy the committee's words exactly. Anything not known yet can be added later: the words and people with \"Edit this recommendation\", the decision and a target date with \"Add a progress update\".".to_string(),
            format!("Back to {}", review.title),
            "Add recommendation",
            rec_inputs(t, Some(review), true),
        ),
        Kind::NewReview => (
            "Add a review".to_string(),
            "A scrutiny review and its recommendations".to_string(),
            "The review gets its own page; add its recommendations there.".to_string(),
            "Back to the home page".to_string(),
            "Add review",
            review_inputs(),
        ),
    };
    for i in &mut inputs {
        if let Some(v) = values.get(&i.name) {
            i.value = v.clone();
        }
    }
    let general = place_errors(&errors, &mut inputs, kind);
    let has_errors = !general.is_empty() || inputs.iter().any(|i| i.error.is_some());
    let title = format!(
        "{}{heading}: {caption}",
        if has_errors { "Error: " } else { "" }
    );
    let html = forms::render(&Form {
        heading: &heading,
        caption: &caption,
        intro: &intro,
        back: &back,
        back_label: &back_label,
        token: &cx.editor.token,
        fingerprint,
        inputs,
        general,
        submit,
    });
    Outcome::Form {
        status,
        title,
        html,
    }
}

fn review_of(t: &Targets, slug: &str) -> Option<Review> {
    t.reviews.values().find(|r| r.slug == slug).cloned()
}

fn update_inputs(t: &Targets, rec: &Rec) -> Vec<Input> {
    let mut statuses = vec![(
        String::new(),
        format!("No change (now: {})", rec.status_label),
    )];
    statuses.extend(t.statuses.iter().cloned());
    let mut v = vec![
        Input::new("note", "What has happened", "Say what was done or decided since the last update, as a resident would want to read it. A blank line starts a new paragraph.", Control::Area(6)),
        Input::new("date", "Date of the update", "The day it happened, for example 2024-06-30, or the month, 2024-06.", Control::Line),
        Input::new("status", "Status", "Change it only if this update changes it.", Control::Select(statuses)),
    ];
    if t.records_decisions {
        let mut decisions = vec![(
            String::new(),
            format!("No change (now: {})", rec.decision_label),
        )];
        decisions.extend(t.decisions.iter().cloned());
        v.push(Input::new("decision", t.label("decision"), "Change it when the executive has answered or changed its answer; the update records it.", Control::Select(decisions)));
    }
    v.extend([
        Input::new("due", "Revised target date (if the date moves)", "Leave empty unless the target date changes, for example 2025-03.", Control::Line),
        Input::new("reason", "Why the target date moved", "Needed with a revised target date; it is published with the update.", Control::Area(3)),
        Input::new("links", "Evidence links (optional)", "One per line: a title, an equals sign, the address. For example: Cabinet minutes, 12 October = https://example.gov.uk/minutes.pdf", Control::Area(3)),
    ]);
    v
}

fn rec_inputs(t: &Targets, review: Option<&Review>, new: bool) -> Vec<Input> {
    let mut v = vec![Input::new(
        "title",
        t.label("title"),
        "A short title that says what the recommendation is about.",
        Control::Line,
    )];
    if new {
        v.push(Input::new(
            "number",
            t.label("number"),
            "As the plan numbers it (3, 3.2, SC9). Leave empty for the next free number.",
            Control::Line,
        ));
    }
    v.push(Input::new(
        "recommendation",
        t.label("recommendation"),
        "The committee's exact words.",
        Control::Area(5),
    ));
    if let Some(r) = review.filter(|r| !r.themes.is_empty()) {
        let mut themes = vec![(String::new(), "No theme".to_string())];
        themes.extend(r.themes.iter().cloned());
        v.push(Input::new(
            "theme",
            t.label("theme"),
            "",
            Control::Select(themes),
        ));
    }
    for key in ["cabinet_members", "lead_officers"] {
        if t.shows(key) {
            v.push(Input::new(
                key,
                t.label(key),
                "One role or name per line, as the plan gives it.",
                Control::Area(3),
            ));
        }
    }
    if new && t.records_decisions {
        let mut d = vec![(String::new(), "Not given yet".to_string())];
        d.extend(t.decisions.iter().cloned());
        v.push(Input::new(
            "decision",
            t.label("decision"),
            "The executive's answer to the recommendation.",
            Control::Select(d),
        ));
    }
    v.push(Input::new(
        "response",
        t.label("response"),
        "What the executive said it will do. A blank line starts a new paragraph.",
        Control::Area(8),
    ));
    if new {
        v.push(Input::new(
            "due",
            t.label("due"),
            "When it should be done, for example 2025-03 or 2025-03-31.",
            Control::Line,
        ));
    }
    for key in ["timetable", "financial_impact"] {
        if t.shows(key) {
            v.push(Input::new(key, t.label(key), "", Control::Line));
        }
    }
    for f in t.declared.iter().filter(|f| targets::form_kind(f)) {
        let control = match f.kind {
            FieldKind::Choice(choices) => {
                let mut c = vec![(String::new(), "None".to_string())];
                c.extend(choices.iter().map(|c| (c.to_string(), c.to_string())));
                Control::Select(c)
            }
            _ => Control::Line,
        };
        let hint = match f.kind {
            FieldKind::Date => "For example 2025-03-31 or 2025-03.",
            FieldKind::Link => "An address starting with https://",
            FieldKind::Numeric => "A number.",
            _ => "",
        };
        v.push(Input::new(f.key, f.label, hint, control));
    }
    v
}

fn review_inputs() -> Vec<Input> {
    vec![
        Input::new(
            "title",
            "Title of the review",
            "As the committee's report names it.",
            Control::Line,
        ),
        Input::new(
            "committee",
            "Committee",
            "For example Overview and Scrutiny Committee.",
            Control::Line,
        ),
        Input::new(
            "date",
            "Date of the recommendations",
            "When the committee made them, for example 2023-04 or 2023-04-18.",
            Control::Line,
        ),
        Input::new(
            "reported_to",
            "Reported to",
            "Who answers the recommendations, for example Cabinet.",
            Control::Line,
        ),
        Input::new(
            "slug",
            "Web address of the review (optional)",
            "Lower-case letters, digits and hyphens. Left empty, it is made from the title.",
            Control::Line,
        ),
    ]
}

/// The command-line flag each form field stands for, so a refusal names the form's field.
fn flags(kind: &Kind) -> Vec<(&'static str, &'static str)> {
    match kind {
        Kind::Update(_) => vec![
            ("--date", "date"),
            ("--status", "status"),
            ("--decision", "decision"),
            ("--due", "due"),
            ("--reason", "reason"),
            ("--link", "links"),
            ("--note", "note"),
            ("the note", "note"),
        ],
        Kind::NewReview => vec![
            ("--date", "date"),
            ("--slug", "slug"),
            ("--committee", "committee"),
            ("--reported-to", "reported_to"),
            ("the title", "title"),
        ],
        Kind::Edit(_) | Kind::NewRecommendation(_) => vec![
            ("--title", "title"),
            ("TITLE", "title"),
            ("the title", "title"),
            ("--number", "number"),
            ("--text", "recommendation"),
            ("--theme", "theme"),
            ("theme `", "theme"),
            ("--cabinet-member", "cabinet_members"),
            ("--lead-officer", "lead_officers"),
            ("--decision", "decision"),
            ("--response", "response"),
            ("--due", "due"),
            ("--timetable", "timetable"),
            ("--financial-impact", "financial_impact"),
        ],
    }
}

/// Put each error beside its field (the flags in its words replaced by the fields' labels);
/// return those that belong to no field.
fn place_errors(errors: &Diagnostics, inputs: &mut [Input], kind: &Kind) -> Vec<String> {
    let mut general = Vec::new();
    let mut names = flags(kind);
    let declared: Vec<(String, String)> = inputs
        .iter()
        .map(|i| (format!("--field {}", i.name), i.name.clone()))
        .collect();
    let keys: Vec<(String, String)> = inputs
        .iter()
        .map(|i| (format!("`{}`", i.name), i.name.clone()))
        .collect();
    names.sort_by_key(|(f, _)| std::cmp::Reverse(f.len()));
    for d in errors.iter().filter(|d| d.is_error()) {
        let label_of = |name: &str| {
            inputs
                .iter()
                .find(|i| i.name == name)
                .map(|i| i.label.clone())
        };
        let mut text = capitalised(&d.message);
        // A hint that shows a command line ("add --reason \"…\"") would not help in a form.
        if let Some(h) = d.hint.as_ref().filter(|h| !h.contains("--")) {
            text.push_str(". ");
            text.push_str(&capitalised(h));
        }
        let field = declared
            .iter()
            .chain(&keys)
            .map(|(f, n)| (f.as_str(), n.as_str()))
            .chain(names.iter().copied())
            .find(|(flag, _)| d.message.contains(flag))
            .map(|(_, n)| n.to_string());
        // Flags become labels: "--due" → "Revised target date".
        for (flag, name) in declared
            .iter()
            .map(|(f, n)| (f.as_str(), n.as_str()))
            .chain(names.iter().copied())
        {
            if flag.starts_with("--") || flag == "TITLE" {
                if let Some(l) = label_of(name) {
                    text = text.replace(flag, &format!("“{l}”"));
                }
            }
        }
        let shown = if d.file.as_os_str() == "command line" {
            text
        } else {
            format!("{}:{}: {text}", d.file.display(), d.position.line)
        };
        match field.and_then(|n| inputs.iter_mut().find(|i| i.name == n)) {
            Some(i) if i.error.is_none() => i.error = Some(shown),
            Some(i) => {
                if let Some(e) = &mut i.error {
                    e.push(' ');
                    e.push_str(&shown);
                }
            }
            None => general.push(shown),
        }
    }
    general
}

fn capitalised(s: &str) -> String {
    super::capitalised(s)
}

/// Run the save a form asks for.
pub fn save(cx: &Context, kind: &Kind, fields: &BTreeMap<String, String>) -> Outcome {
    let root = &cx.editor.root;
    let get = |k: &str| {
        fields
            .get(k)
            .map(|v| v.replace("\r\n", "\n"))
            .filter(|v| !v.trim().is_empty())
    };
    let lines = |k: &str| -> Vec<String> {
        get(k)
            .map(|v| {
                v.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let fingerprint = fields.get("fingerprint").cloned();
    let (done, what): (Done, String) = match kind {
        Kind::Update(rec) => {
            let note = get("note").unwrap_or_default();
            let (date, status, decision, due, reason) = (
                get("date"),
                get("status"),
                get("decision"),
                get("due"),
                get("reason"),
            );
            let links: Vec<String> = lines("links")
                .iter()
                .map(|l| match l.split_once('=') {
                    Some((t, u)) => format!("{}={}", t.trim(), u.trim()),
                    None => l.clone(),
                })
                .collect();
            let target = format!("{}/{}", rec.review, rec.number);
            let done = update::run(
                root,
                cx.editor.today,
                &entry::Args {
                    target: &target,
                    note: &note,
                    status: status.as_deref(),
                    decision: decision.as_deref(),
                    due: due.as_deref(),
                    reason: reason.as_deref(),
                    date: date.as_deref(),
                    links: &links,
                    allow_date: false,
                    dry_run: false,
                    expect: Some(fingerprint.as_deref().unwrap_or("")),
                },
            );
            (done, format!("{} {}", rec.review, rec.number))
        }
        Kind::Edit(rec) => {
            let Some((_, now)) = current(cx, kind) else {
                return failed(
                    cx,
                    kind,
                    fields,
                    fingerprint.as_deref(),
                    "the recommendation's file could not be read",
                );
            };
            let changed = |k: &str| {
                let was = now
                    .get(k)
                    .map(|v| v.trim_end().to_string())
                    .unwrap_or_default();
                let is = fields
                    .get(k)
                    .map(|v| v.replace("\r\n", "\n").trim_end().to_string());
                is.filter(|v| *v != was)
            };
            let inputs = rec_inputs(
                cx.targets,
                review_of(cx.targets, &rec.review).as_ref(),
                false,
            );
            let mut set: BTreeMap<&str, String> = BTreeMap::new();
            let mut clear = Vec::new();
            for i in &inputs {
                if let Some(v) = changed(&i.name) {
                    if v.trim().is_empty() {
                        clear.push(i.name.clone());
                    } else {
                        set.insert(i.name.as_str(), v);
                    }
                }
            }
            if set.is_empty() && clear.is_empty() {
                return Outcome::Saved {
                    flash: Flash {
                        file: rec.file.clone(),
                        summary: "nothing was changed, so nothing was written".into(),
                        commit: None,
                    },
                    page: cx.page.to_string(),
                };
            }
            let people = |k: &str| -> Vec<String> {
                set.get(k)
                    .map(|v| {
                        v.lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let (cabinet, lead) = (people("cabinet_members"), people("lead_officers"));
            let declared: Vec<String> = cx
                .targets
                .declared
                .iter()
                .filter_map(|f| set.get(f.key).map(|v| format!("{}={v}", f.key)))
                .collect();
            let target = format!("{}/{}", rec.review, rec.number);
            let text = |k: &str| set.get(k).map(String::as_str);
            let done = edit::run(
                root,
                &edit::Args {
                    target: &target,
                    title: text("title"),
                    text: text("recommendation"),
                    theme: text("theme"),
                    cabinet_members: &cabinet,
                    lead_officers: &lead,
                    response: text("response"),
                    financial_impact: text("financial_impact"),
                    timetable: text("timetable"),
                    fields: &declared,
                    clear: &clear,
                    expect: Some(fingerprint.as_deref().unwrap_or("")),
                    dry_run: false,
                },
            );
            (done, format!("{} {}", rec.review, rec.number))
        }
        Kind::NewRecommendation(review) => {
            let (cabinet, lead) = (lines("cabinet_members"), lines("lead_officers"));
            let declared: Vec<String> = cx
                .targets
                .declared
                .iter()
                .filter_map(|f| get(f.key).map(|v| format!("{}={v}", f.key)))
                .collect();
            let title = get("title").unwrap_or_default();
            let done = newrec::run(
                root,
                &newrec::Args {
                    review: &review.slug,
                    title: &title,
                    number: get("number").as_deref(),
                    text: get("recommendation").as_deref(),
                    theme: get("theme").as_deref(),
                    cabinet_members: &cabinet,
                    lead_officers: &lead,
                    decision: get("decision").as_deref(),
                    response: get("response").as_deref(),
                    response_file: None,
                    due: get("due").as_deref(),
                    timetable: get("timetable").as_deref(),
                    financial_impact: get("financial_impact").as_deref(),
                    fields: &declared,
                },
            );
            (done, format!("{}: new recommendation", review.slug))
        }
        Kind::NewReview => {
            let title = get("title").unwrap_or_default();
            let done = scaffold::review(
                root,
                &scaffold::ReviewArgs {
                    title: &title,
                    slug: get("slug").as_deref(),
                    committee: get("committee").as_deref(),
                    date: get("date").as_deref(),
                    reported_to: get("reported_to").as_deref(),
                },
            );
            (done, "New review".to_string())
        }
    };
    match done {
        Ok(report) => {
            let Some(file) = report.written.first().cloned() else {
                return failed(
                    cx,
                    kind,
                    fields,
                    fingerprint.as_deref(),
                    "nothing was written",
                );
            };
            let paths = report.written.iter().map(|p| root.join(p)).collect();
            let ticket = cx.editor.saves.request(paths);
            cx.editor.saves.wait(ticket, Duration::from_secs(20));
            let page = landing(cx, kind, &file);
            let summary = report
                .notes
                .first()
                .cloned()
                .unwrap_or_else(|| "saved".into())
                .replace('`', "");
            Outcome::Saved {
                flash: Flash {
                    commit: cx.editor.git.then(|| format!("{what}: {summary}")),
                    file,
                    summary,
                },
                page,
            }
        }
        Err(errors) => {
            let conflict = errors
                .iter()
                .any(|d| d.message.contains("changed after the form was opened"));
            let mut values: BTreeMap<String, String> = fields
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "token" | "fingerprint"))
                .map(|(k, v)| (k.clone(), v.replace("\r\n", "\n")))
                .collect();
            values.remove("token");
            draw(
                cx,
                kind,
                &values,
                fingerprint.as_deref(),
                errors,
                if conflict { 409 } else { 400 },
            )
        }
    }
}

/// The form again with one error of its own.
fn failed(
    cx: &Context,
    kind: &Kind,
    fields: &BTreeMap<String, String>,
    fingerprint: Option<&str>,
    why: &str,
) -> Outcome {
    let mut ds = Diagnostics::new();
    ds.push(crate::authoring::arg_error(
        why,
        "try again; if it keeps happening, run the same change with the command line",
    ));
    draw(cx, kind, fields, fingerprint, ds, 500)
}

/// The page that shows a save: the recommendation, or the new recommendation or review.
fn landing(cx: &Context, kind: &Kind, file: &std::path::Path) -> String {
    let t = cx.editor.targets();
    match kind {
        Kind::Update(_) | Kind::Edit(_) => cx.page.to_string(),
        Kind::NewRecommendation(_) => t
            .recs
            .iter()
            .find(|(_, r)| r.file == file)
            .map_or_else(|| cx.page.to_string(), |(k, _)| k.clone()),
        Kind::NewReview => t
            .reviews
            .iter()
            .find(|(_, r)| r.file.parent() == file.parent())
            .map_or_else(String::new, |(k, _)| k.clone()),
    }
}
