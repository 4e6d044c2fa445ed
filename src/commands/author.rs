//! `init`, `new`, `update` and `import`.

use crate::cli::Command;
use jiff::civil::Date;
use std::path::Path;

pub fn run(_root: &Path, _today: Date, _command: &Command) -> i32 {
    eprintln!("error: this command is not available yet");
    2
}
