//! carnet: a static site generator for the knowledge base of a public innovation lab.
//!
//! The pipeline, top to bottom (see `ARCHITECTURE.md`):
//! `config` → `source::scan` → `model::build` → `bodies::render_bodies` → `render::plan` →
//! `render::render_each` → `output::Staging` (pages written as they are rendered, then the
//! rest, then the folder swapped in). [`project::Project`] holds what lives across builds and
//! runs the pipeline.

#![allow(
    clippy::result_large_err,
    reason = "a Diagnostic is the error of content stages by design; failures are the rare path"
)]

pub mod anchors;
pub mod bodies;
pub mod cli;
pub mod collate;
pub mod config;
pub mod dates;
pub mod diagnostics;
pub mod external;
pub mod frontmatter;
pub mod highlight;
pub mod ics;
pub mod incremental;
pub mod index;
pub mod links;
pub mod markdown;
pub mod model;
pub mod output;
pub mod project;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod source;
pub mod theme;
pub mod urls;
