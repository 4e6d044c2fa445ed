//! scrutiny: a static site generator for council scrutiny recommendation action plans.
//!
//! The pipeline: [`load`] → [`validate`] → [`model`] → [`render`] → [`write`].

pub mod diagnostics;
pub mod load;
pub mod model;
pub mod validate;
pub mod render;
pub mod write;
pub mod pipeline;
pub mod cli;
pub mod commands;
pub mod serve;
pub mod search;
pub mod authoring;
