use crate::pipeline;
use jiff::civil::Date;
use std::path::Path;

pub fn run(root: &Path, today: Date, strict: bool) -> i32 {
    let (site, diags) = pipeline::check(root, today);
    eprint!("{}", diags.render(crate::diagnostics::colour()));
    let recs: usize = site.reviews.iter().map(|r| r.recommendations.len()).sum();
    // A file with no number, or another file's, is not in the site: count what was read, and
    // say how many of those the errors leave out.
    let files = crate::load::recommendation_files(root).max(recs);
    let left_out = match files - recs {
        0 => String::new(),
        n => format!(" ({n} left out of the site by an error above)"),
    };
    eprintln!(
        "Checked {files} {} in {} {}{left_out}: {}",
        crate::diagnostics::plural(files, "recommendation"),
        site.reviews.len(),
        crate::diagnostics::plural(site.reviews.len(), "review"),
        diags.summary()
    );
    if diags.has_errors() || (strict && !diags.is_empty()) {
        1
    } else {
        0
    }
}
