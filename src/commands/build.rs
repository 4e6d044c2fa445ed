use crate::diagnostics::plural;
use crate::pipeline::{Pipeline, Settings};
use crate::write::Staging;
use jiff::civil::Date;
use std::path::Path;
use std::time::Instant;

pub fn run(root: &Path, today: Date, output: &Path, timings: bool) -> i32 {
    let start = Instant::now();
    let dest = if output.is_absolute() {
        output.to_path_buf()
    } else {
        root.join(output)
    };
    if let Err(refused) = crate::write::check_destination(root, &dest) {
        eprintln!("error: {}", refused.problem);
        eprintln!("  = help: {}", refused.hint);
        eprintln!("Nothing was built and nothing was removed.");
        return 1;
    }
    // One build writes an output at a time: a second one waits for the first to finish.
    let waiting = || {
        eprintln!(
            "Waiting for another build of {} to finish…",
            output.display()
        )
    };
    let staging = match Staging::new(&dest, waiting) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: could not prepare {}: {e}", dest.display());
            return 1;
        }
    };
    // Files stream into the staging folder as they are rendered; a failure drops it.
    let built =
        match Pipeline::new().build_to(root, Settings::publish(today), &staging, &mut |_| {}) {
            Ok(b) => b,
            Err(errors) => {
                eprint!("{}", errors.render(crate::diagnostics::colour()));
                eprintln!(
                    "Build failed: {}. The previous output (if any) was left untouched. \
                     (`scrutiny check` shows the warnings too.)",
                    errors.error_summary()
                );
                return 1;
            }
        };
    let t = Instant::now();
    let retired = match staging.commit() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: could not replace {}: {e}", dest.display());
            eprintln!("The previous output (if any) was left untouched.");
            return 1;
        }
    };
    let write_time = t.elapsed();
    say_done(&built, timings, write_time, output, start, retired.changed);
    // The previous output was moved aside; deleting it is housekeeping after the build.
    retired.remove();
    // The site model is not needed any more; the process exits without waiting to free it.
    crate::render::free_later(built);
    0
}

/// Warnings (counted; `check` shows them), phase times when asked, and what was built.
fn say_done(
    built: &crate::pipeline::Built,
    timings: bool,
    write_time: std::time::Duration,
    output: &Path,
    start: Instant,
    changed: crate::write::Changed,
) {
    if built.warnings > 0 {
        eprintln!(
            "{} (run `scrutiny check` to see them)",
            warn_line(built.warnings)
        );
    }
    if timings {
        for (phase, d) in built
            .timings
            .iter()
            .chain(std::iter::once(&("swap into place", write_time)))
        {
            eprintln!("  {phase:<22} {:>8.1} ms", d.as_secs_f64() * 1000.0);
        }
    }
    let s = &built.site;
    let recs: usize = s.reviews.iter().map(|r| r.recommendations.len()).sum();
    let themes: usize = s.reviews.iter().map(|r| r.themes.len()).sum();
    println!(
        "Built {recs} {} in {} {}, {themes} {} → {} in {} ms; {}",
        plural(recs, "recommendation"),
        s.reviews.len(),
        plural(s.reviews.len(), "review"),
        plural(themes, "theme"),
        output.display(),
        start.elapsed().as_millis(),
        changed_line(changed)
    );
}

/// "14 files written, 13,938 unchanged": unchanged files are kept as they were (the same
/// file, with its modification time), so only the written ones need uploading.
fn changed_line(c: crate::write::Changed) -> String {
    format!(
        "{} {} written, {} unchanged",
        c.written,
        plural(c.written, "file"),
        c.kept
    )
}

fn warn_line(n: usize) -> String {
    format!("{n} accountability {}", plural(n, "warning"))
}
