//! `init`, `new`, `update`, `edit` and `import`: dispatch to [`crate::authoring`], print what was
//! written, and turn refusals into exit code 1.

use crate::authoring::{edit, entry, import, init, newrec, scaffold, update, Outcome};
use crate::cli::{Command, NewKind, NewRecommendation};
use jiff::civil::Date;
use std::io::{IsTerminal as _, Write as _};
use std::path::Path;

pub fn run(root: &Path, today: Date, command: &Command) -> i32 {
    let outcome = match command {
        Command::Init {
            dir,
            organisation,
            base_url,
            contact_email,
        } => init(dir, organisation, base_url, contact_email, today),
        Command::New { kind } => new(root, kind),
        Command::Update {
            target,
            note,
            status,
            decision,
            due,
            reason,
            date,
            links,
            allow_date,
            dry_run,
        } => update::run(
            root,
            today,
            &entry::Args {
                target,
                note,
                status: status.as_deref(),
                decision: decision.as_deref(),
                due: due.as_deref(),
                reason: reason.as_deref(),
                date: date.as_deref(),
                links,
                allow_date: *allow_date,
                dry_run: *dry_run,
                expect: None,
            },
        ),
        Command::Edit {
            target,
            title,
            text,
            theme,
            cabinet_members,
            lead_officers,
            response,
            financial_impact,
            timetable,
            fields,
            clear,
            dry_run,
        } => edit(
            root,
            &edit::Args {
                target,
                title: title.as_deref(),
                text: text.as_deref(),
                theme: theme.as_deref(),
                cabinet_members,
                lead_officers,
                response: response.as_deref(),
                financial_impact: financial_impact.as_deref(),
                timetable: timetable.as_deref(),
                fields,
                clear,
                expect: None,
                dry_run: *dry_run,
            },
        ),
        Command::Import {
            csv,
            review,
            title,
            date,
            committee,
            reported_to,
            columns,
            skip,
            as_of,
            dry_run,
        } => import::run(
            root,
            today,
            &import::Args {
                csv,
                review,
                title: title.as_deref(),
                date: date.as_deref(),
                committee: committee.as_deref(),
                reported_to: reported_to.as_deref(),
                columns,
                skip,
                as_of: as_of.as_deref(),
                dry_run: *dry_run,
            },
        ),
        _ => {
            eprintln!("error: not an authoring command");
            return 2;
        }
    };
    let shown_root = matches!(command, Command::Init { .. })
        .then_some(Path::new(""))
        .unwrap_or(root);
    report(shown_root, outcome)
}

/// `edit`, with `--response -` read from standard input.
fn edit(root: &Path, args: &edit::Args) -> Outcome {
    if args.response == Some("-") {
        let stdin = entry::read_stdin()?;
        return edit::run(
            root,
            &edit::Args {
                response: Some(&stdin),
                ..*args
            },
        );
    }
    edit::run(root, args)
}

/// `init`: asks for what was not given only a person at a terminal (a script or a pipe gets no
/// questions).
fn init(
    dir: &Path,
    organisation: &Option<String>,
    base_url: &Option<String>,
    contact_email: &Option<String>,
    today: Date,
) -> Outcome {
    let mut answers = init::Answers {
        organisation: organisation.clone(),
        base_url: base_url.clone(),
        contact_email: contact_email.clone(),
    };
    if std::io::stdin().is_terminal() && init::is_free(dir) {
        let _ = init::ask(
            &mut answers,
            &mut std::io::stdin().lock(),
            &mut std::io::stderr(),
        );
    }
    init::run(dir, today, &answers)
}

/// `new review`, `new theme` and `new recommendation`.
fn new(root: &Path, kind: &NewKind) -> Outcome {
    match kind {
        NewKind::Review {
            title,
            slug,
            committee,
            date,
            reported_to,
        } => scaffold::review(
            root,
            &scaffold::ReviewArgs {
                title,
                slug: slug.as_deref(),
                committee: committee.as_deref(),
                date: date.as_deref(),
                reported_to: reported_to.as_deref(),
            },
        ),
        NewKind::Theme {
            review,
            title,
            outcome,
        } => scaffold::theme(root, review, title, outcome.as_deref()),
        NewKind::Recommendation(r) => newrec::run(root, &recommendation_args(r)),
    }
}

fn recommendation_args(r: &NewRecommendation) -> newrec::Args<'_> {
    newrec::Args {
        review: &r.review,
        title: &r.title,
        number: r.number.as_deref(),
        text: r.text.as_deref(),
        theme: r.theme.as_deref(),
        cabinet_members: &r.cabinet_members,
        lead_officers: &r.lead_officers,
        decision: r.decision.as_deref(),
        response: r.response.as_deref(),
        response_file: r.response_file.as_deref(),
        due: r.due.as_deref(),
        timetable: r.timetable.as_deref(),
        financial_impact: r.financial_impact.as_deref(),
        fields: &r.fields,
    }
}

/// Print the outcome: paths written (stdout), warnings and errors (stderr). Returns the exit code.
fn report(root: &Path, outcome: Outcome) -> i32 {
    let colour = crate::diagnostics::colour();
    match outcome {
        Ok(r) => {
            if !r.warnings.is_empty() {
                eprint!("{}", r.warnings.render(colour));
            }
            // A closed pipe (`| head`) is not an error worth a panic.
            let mut out = std::io::stdout().lock();
            let _ = write!(out, "{}", r.preview);
            for p in &r.written {
                let _ = writeln!(out, "{}", shown(root, p).display());
            }
            for n in &r.notes {
                let _ = writeln!(out, "{n}");
            }
            0
        }
        Err(diags) => {
            eprint!("{}", diags.render(colour));
            eprintln!("Nothing was written: {}.", diags.summary());
            1
        }
    }
}

/// A path as the user would type it from where they ran the command.
fn shown(root: &Path, rel: &Path) -> std::path::PathBuf {
    if root.as_os_str().is_empty() || root == Path::new(".") {
        rel.to_path_buf()
    } else {
        root.join(rel)
    }
}
