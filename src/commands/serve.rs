//! `serve`: the preview server.

use crate::cli::ServeArgs;
use jiff::civil::Date;
use std::path::Path;

pub fn run(root: &Path, today: Date, args: &ServeArgs) -> i32 {
    crate::serve::run(root, today, args)
}
