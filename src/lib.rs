// Diagnostics are rich values (file, position, source line, hint) returned on the rare error
// path, so their size in `Result` does not matter.
#![allow(clippy::result_large_err)]

//! scrutiny: a static site generator for council scrutiny recommendation action plans.
//!
//! The pipeline: [`load`] → [`validate`] → [`model`] (with the change record from
//! [`history`]) → [`render`] → [`write`].

pub mod authoring;
pub mod cli;
pub mod commands;
pub mod diagnostics;
pub mod history;
pub mod load;
pub mod lock;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod search;
pub mod serve;
pub mod text;
pub mod urls;
pub mod validate;
pub mod write;
