//! The typed, immutable site: plain data, no I/O.

pub mod bidi;
pub mod date;
pub mod derive;
pub mod field;
pub mod fields;
pub mod flags;
pub mod gaps;
pub mod history;
pub mod people;
pub mod placeholder;
pub mod publishing;
pub mod site;
pub mod slug;
pub mod status;
pub mod timetable;
pub mod vocabulary;
pub mod words;

pub use date::PartialDate;
pub use publishing::{Accessibility, Compliance, Licence};
pub use site::*;
pub use slug::Slug;
pub use status::{Answer, Decision, Progress, Status};
pub use vocabulary::{Term, Vocabulary};
