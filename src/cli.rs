//! Command-line arguments (clap) and the `today` every derived date fact uses.

use clap::{Parser, Subcommand};
use jiff::civil::Date;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "scrutiny",
    version,
    about = "Publish council scrutiny recommendations, responses and progress as an accessible static website",
    after_help = "Examples:\n  scrutiny build                 build the site in this folder into public/\n  scrutiny check --strict        fail on accountability warnings too\n  scrutiny serve                 preview with live reload on http://127.0.0.1:1111/\n\nExit codes: 0 success (warnings allowed), 1 content errors (or warnings with --strict), 2 bad arguments."
)]
pub struct Cli {
    /// The site folder (holding site.yaml and content/).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    /// The date derived facts (overdue, stale, awaiting response) are measured against, YYYY-MM-DD.
    /// Defaults to SOURCE_DATE_EPOCH if set, else today's date.
    #[arg(long, global = true, value_parser = parse_date)]
    pub today: Option<Date>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder, atomically.
    #[command(
        after_help = "Example:\n  scrutiny build --output public/\n\nA failed build prints the errors, exits 1 and leaves the previous output untouched."
    )]
    Build {
        /// Where to write the site.
        #[arg(long, short, default_value = "public")]
        output: PathBuf,
        /// Print the time spent in each phase.
        #[arg(long)]
        timings: bool,
    },
    /// Preview the site with live reload; rebuilds on save and shows errors in the browser.
    #[command(
        after_help = "Examples:\n  scrutiny serve --port 8080\n  scrutiny serve --bind 0.0.0.0 --allow-host my-laptop.local   (preview from a phone)\n\nServes from memory on 127.0.0.1; drafts are shown with a banner. Ctrl-C stops it."
    )]
    Serve(ServeArgs),
    /// Create a new site in DIR with an example review, theme and recommendation.
    #[command(
        after_help = "Example:\n  scrutiny init my-council --organisation \"Example Borough Council\" \\\n      --base-url https://www.example.gov.uk/scrutiny/ --contact-email scrutiny@example.gov.uk\n  cd my-council && scrutiny build\n\nRun in a terminal, init asks for the options not given (Enter skips one).\n`build` needs the base URL: add it to site.yaml later if you skip it now."
    )]
    Init {
        /// The folder to create (must be empty or not exist).
        dir: PathBuf,
        /// The council or body publishing the site.
        #[arg(long)]
        organisation: Option<String>,
        /// The public address the site will be published at, e.g. https://www.example.gov.uk/scrutiny/
        #[arg(long)]
        base_url: Option<String>,
        /// Where residents can ask for help or report an accessibility problem.
        #[arg(long)]
        contact_email: Option<String>,
    },
    /// Scaffold a review, theme or recommendation file.
    #[command(
        after_help = "Examples:\n  scrutiny new review \"Safety in the Town Centre\" --committee \"Overview and Scrutiny Committee\" --date 2023-04\n  scrutiny new theme safety-in-the-town-centre \"Greater Communications\"\n  scrutiny new recommendation safety-in-the-town-centre \"Bystander training\" --theme member-engagement"
    )]
    New {
        #[command(subcommand)]
        kind: NewKind,
    },
    /// Append a dated progress update to a recommendation, leaving the rest of the file as it is.
    #[command(
        after_help = "Examples:\n  scrutiny update safety-in-the-town-centre/4 --note \"Published in the October edition.\" --status completed\n  scrutiny update safety-in-the-town-centre/6 --note - --due 2024-03 --reason \"Contact sheets are reissued in March\" < note.md"
    )]
    Update {
        /// `<review>/<number>`, e.g. safety-in-the-town-centre/4
        target: String,
        /// The update's text (Markdown); `-` reads it from standard input.
        #[arg(long, allow_hyphen_values = true)]
        note: String,
        /// The new status.
        #[arg(long)]
        status: Option<String>,
        /// The executive's decision, when it answers or changes its answer (sets `decision:`
        /// and says so in the update).
        #[arg(long)]
        decision: Option<String>,
        /// A revised target date (needs --reason).
        #[arg(long)]
        due: Option<String>,
        /// Why the target date moved.
        #[arg(long)]
        reason: Option<String>,
        /// The update's date (default: today); not before the review's date or after today
        /// unless --allow-date.
        #[arg(long)]
        date: Option<String>,
        /// Evidence link, `TITLE=URL` (https://, http://, mailto: or /…; spaces are written
        /// %20); repeatable.
        #[arg(long = "link", value_name = "TITLE=URL")]
        links: Vec<String>,
        /// Accept a --date before the review's date or after today.
        #[arg(long)]
        allow_date: bool,
        /// Print the update that would be appended, and the file; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Change fields of a recommendation (title, the committee's words, people, theme,
    /// response, financial impact, timetable, declared fields), no other byte of its file.
    /// A status, a decision or a revised target date is a dated update: use `scrutiny update`.
    #[command(
        after_help = "Examples:\n  scrutiny edit safety-in-the-town-centre/4 --lead-officer \"Communications Manager\" --lead-officer \"Head of Housing\"\n  scrutiny edit safety-in-the-town-centre/6 --response - < response.md\n  scrutiny edit safety-in-the-town-centre/9 --clear timetable --dry-run"
    )]
    Edit {
        /// `<review>/<number>`, e.g. safety-in-the-town-centre/4
        target: String,
        /// The short title.
        #[arg(long)]
        title: Option<String>,
        /// The committee's words (`recommendation`, Markdown).
        #[arg(long)]
        text: Option<String>,
        /// The theme (its folder name or title).
        #[arg(long)]
        theme: Option<String>,
        /// The cabinet members, replacing the list; repeatable.
        #[arg(long = "cabinet-member", value_name = "NAME")]
        cabinet_members: Vec<String>,
        /// The lead officers, replacing the list; repeatable.
        #[arg(long = "lead-officer", value_name = "NAME")]
        lead_officers: Vec<String>,
        /// The officer response (the file's body, Markdown); `-` reads it from standard input.
        #[arg(long, allow_hyphen_values = true)]
        response: Option<String>,
        /// The financial impact.
        #[arg(long)]
        financial_impact: Option<String>,
        /// The timetable as the plan words it.
        #[arg(long)]
        timetable: Option<String>,
        /// A field of this site, `KEY=VALUE`; repeatable.
        #[arg(long = "field", value_name = "KEY=VALUE")]
        fields: Vec<String>,
        /// Remove a field (an empty list, for people); repeatable.
        #[arg(long = "clear", value_name = "KEY")]
        clear: Vec<String>,
        /// Print the file as it would be; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Import a SCRAIP spreadsheet exported as CSV into a review folder.
    #[command(
        after_help = "Examples:\n  scrutiny import examples/safety-in-the-town-centre.csv --review safety-in-the-town-centre --title \"Safety in the Town Centre\" --dry-run\n  scrutiny import tracker.csv --review scrutiny-tracker --as-of 2025-06-30 --skip Priority\n\nA progress column (Outcome, Action taken, Progress, Update) becomes an update dated --as-of, or by the date in its heading (\"Progress (Jan 2025)\")."
    )]
    Import {
        /// The CSV file.
        csv: PathBuf,
        /// The review folder to create or fill.
        #[arg(long)]
        review: String,
        /// The review's title (when the folder is new).
        #[arg(long)]
        title: Option<String>,
        /// When the recommendations were issued (YYYY-MM-DD, YYYY-MM or YYYY), for a new
        /// review: what "awaiting a response" and "no progress reported" are measured from.
        #[arg(long)]
        date: Option<String>,
        /// The committee that made the recommendations (when the folder is new).
        #[arg(long)]
        committee: Option<String>,
        /// Who the recommendations went to, e.g. Cabinet (when the folder is new).
        #[arg(long)]
        reported_to: Option<String>,
        /// Map a field to a column header, `key=Header`; repeatable.
        #[arg(long = "column", value_name = "KEY=HEADER")]
        columns: Vec<String>,
        /// Leave a column out (and stop reporting it as unmapped); repeatable.
        #[arg(long = "skip", value_name = "COLUMN")]
        skip: Vec<String>,
        /// The date the plan's progress column was written (required when one is mapped, unless
        /// its heading gives one: "Progress (Jan 2025)"): its text becomes an update with this date.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Print the column mapping, the values not taken as they stand, and the files that
        /// would be written; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Validate every file and report errors and accountability warnings, writing nothing.
    #[command(
        after_help = "Example:\n  scrutiny check --strict\n\nExit codes: 0 no errors (warnings allowed), 1 errors, or warnings with --strict."
    )]
    Check {
        /// Exit 1 when there are warnings, not only errors.
        #[arg(long)]
        strict: bool,
    },
}

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Port to listen on. If the default is taken the next free port is used; an explicit port
    /// that is taken is an error.
    #[arg(long, short)]
    pub port: Option<u16>,
    /// Address to bind. Only loopback by default, so the preview is not exposed to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Show drafts (with a banner). On by default in the preview.
    #[arg(long, overrides_with = "no_drafts", default_value_t = true)]
    pub drafts: bool,
    /// Hide drafts, as the published site does.
    #[arg(long = "no-drafts")]
    pub no_drafts: bool,
    /// Poll the file system instead of native events (network and container file systems).
    #[arg(long)]
    pub poll: bool,
    /// Debounce window for bursts of file events, in milliseconds.
    #[arg(long, default_value_t = 10)]
    pub debounce_ms: u64,
    /// After an edit, send browsers showing another page to the page that changed.
    #[arg(long)]
    pub follow: bool,
    /// Also answer requests addressed to this host name (e.g. this computer's name, to preview
    /// from a phone with `--bind 0.0.0.0`); repeatable. Loopback names and addresses and the
    /// `--bind` address are always answered; any other `Host` gets 421, so a web page cannot
    /// read the preview by pointing its own name at this computer (DNS rebinding).
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_hosts: Vec<String>,
    /// Turn off the browser editor (the forms that add updates, recommendations and reviews).
    /// It is only ever offered to this computer (loopback), never over the network.
    #[arg(long)]
    pub read_only: bool,
}

#[derive(Subcommand, Debug)]
pub enum NewKind {
    /// A review folder with its _review.md.
    Review {
        /// The review's title; its folder name is derived from it unless --slug is given.
        title: String,
        /// The review's folder name (lower-case letters, digits and hyphens).
        #[arg(long)]
        slug: Option<String>,
        /// The committee that made the recommendations.
        #[arg(long)]
        committee: Option<String>,
        /// When the recommendations were issued (YYYY-MM-DD, YYYY-MM or YYYY).
        #[arg(long)]
        date: Option<String>,
        /// Who the recommendations went to, e.g. Cabinet.
        #[arg(long)]
        reported_to: Option<String>,
    },
    /// A theme of a review.
    Theme {
        /// The review folder name.
        review: String,
        /// The theme's title; its file name is derived from it.
        title: String,
        #[arg(long)]
        outcome: Option<String>,
    },
    /// A recommendation, every field given as a flag (or filled in afterwards).
    #[command(
        after_help = "Examples:\n  scrutiny new recommendation town-centre \"Bystander training\" --number 2b \\\n      --text \"That bystander training is offered to all licensed premises.\" \\\n      --lead-officer \"Community Protection Manager\" --decision accepted --due 2025-03 \\\n      --response \"Agreed. Training starts in January.\" --field status=in-progress\n\nWithout --number the next free whole number is used. Values are checked as `scrutiny check` checks them."
    )]
    Recommendation(Box<NewRecommendation>),
}

/// `scrutiny new recommendation`'s arguments.
#[derive(clap::Args, Debug)]
pub struct NewRecommendation {
    /// The review folder name.
    pub review: String,
    /// A short title; the file name is derived from it.
    pub title: String,
    /// The plan's own number or label, kept as written (5, 3.2, 2b, SC18); unique within the
    /// review whatever its case. Default: the next free whole number.
    #[arg(long)]
    pub number: Option<String>,
    /// The committee's exact words (Markdown).
    #[arg(long, allow_hyphen_values = true)]
    pub text: Option<String>,
    /// The theme's slug or title.
    #[arg(long)]
    pub theme: Option<String>,
    /// A responsible cabinet member; repeatable.
    #[arg(long = "cabinet-member", value_name = "NAME")]
    pub cabinet_members: Vec<String>,
    /// A lead officer; repeatable.
    #[arg(long = "lead-officer", value_name = "NAME")]
    pub lead_officers: Vec<String>,
    /// The executive's decision, e.g. accepted, partially-accepted, not-accepted.
    #[arg(long)]
    pub decision: Option<String>,
    /// The officer response (Markdown), the file's body.
    #[arg(long, allow_hyphen_values = true, conflicts_with = "response_file")]
    pub response: Option<String>,
    /// A file holding the officer response (Markdown).
    #[arg(long, value_name = "FILE")]
    pub response_file: Option<PathBuf>,
    /// The target date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long)]
    pub due: Option<String>,
    /// The timetable in the plan's own words, e.g. "By end of June".
    #[arg(long)]
    pub timetable: Option<String>,
    /// The financial impact as the plan states it.
    #[arg(long)]
    pub financial_impact: Option<String>,
    /// Any other field of the format, KEY=VALUE (e.g. status=in-progress); repeatable.
    #[arg(long = "field", value_name = "KEY=VALUE")]
    pub fields: Vec<String>,
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>()
        .map_err(|e| format!("expected YYYY-MM-DD: {e}"))
}

/// `--today`, else `SOURCE_DATE_EPOCH` (seconds, UTC), else the system clock's local date.
pub fn resolve_today(flag: Option<Date>) -> Result<Date, String> {
    if let Some(d) = flag {
        return Ok(d);
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 = epoch.trim().parse().map_err(|_| {
            format!("SOURCE_DATE_EPOCH must be a number of seconds, found `{epoch}`")
        })?;
        let ts = jiff::Timestamp::from_second(secs)
            .map_err(|e| format!("SOURCE_DATE_EPOCH out of range: {e}"))?;
        return Ok(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date());
    }
    Ok(jiff::ZonedDateTime::now().date())
}
