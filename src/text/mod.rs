//! Text every stage may use: Markdown to safe HTML and plain text, and escaping for HTML, XML
//! and JSON. A leaf module: it imports nothing from the rest of the crate.

pub mod escape;
pub mod markdown;
pub mod spreadsheet;
