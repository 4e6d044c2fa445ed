//! One function per verb, returning the process exit code.

pub mod author;
pub mod build;
pub mod check;
pub mod serve;

use std::io::IsTerminal;

/// Colour only when stderr is a terminal and NO_COLOR is not set.
pub fn colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
