use crate::pipeline;
use jiff::civil::Date;
use std::path::Path;

pub fn run(root: &Path, today: Date, strict: bool) -> i32 {
    let (site, diags) = pipeline::check(root, today);
    eprint!("{}", diags.render(crate::diagnostics::colour()));
    let recs: usize = site.reviews.iter().map(|r| r.recommendations.len()).sum();
    eprintln!(
        "Checked {recs} {} in {} {}: {}",
        crate::diagnostics::plural(recs, "recommendation"),
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
