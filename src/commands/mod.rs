//! One function per verb, returning the process exit code.

pub mod author;
pub mod build;
pub mod check;
pub mod serve;
