//! The typed, immutable site: plain data, no I/O.

pub mod date;
pub mod derive;
pub mod people;
pub mod placeholder;
pub mod site;
pub mod slug;
pub mod status;
pub mod vocabulary;

pub use date::PartialDate;
pub use site::*;
pub use slug::Slug;
pub use status::{Decision, Status};
pub use vocabulary::{Term, Vocabulary};
