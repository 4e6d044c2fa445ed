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
    #[command(after_help = "Example:\n  scrutiny build --output public/\n\nA failed build prints the errors, exits 1 and leaves the previous output untouched.")]
    Build {
        /// Where to write the site.
        #[arg(long, short, default_value = "public")]
        output: PathBuf,
        /// Print the time spent in each phase.
        #[arg(long)]
        timings: bool,
    },
    /// Validate every file and report errors and accountability warnings, writing nothing.
    #[command(after_help = "Example:\n  scrutiny check --strict\n\nExit codes: 0 no errors (warnings allowed), 1 errors, or warnings with --strict.")]
    Check {
        /// Exit 1 when there are warnings, not only errors.
        #[arg(long)]
        strict: bool,
    },
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>().map_err(|e| format!("expected YYYY-MM-DD: {e}"))
}

/// `--today`, else `SOURCE_DATE_EPOCH` (seconds, UTC), else the system clock's local date.
pub fn resolve_today(flag: Option<Date>) -> Result<Date, String> {
    if let Some(d) = flag {
        return Ok(d);
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 = epoch
            .trim()
            .parse()
            .map_err(|_| format!("SOURCE_DATE_EPOCH must be a number of seconds, found `{epoch}`"))?;
        let ts = jiff::Timestamp::from_second(secs).map_err(|e| format!("SOURCE_DATE_EPOCH out of range: {e}"))?;
        return Ok(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date());
    }
    Ok(jiff::ZonedDateTime::now().date())
}
