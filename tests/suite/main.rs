//! The integration suite: one binary, one module per feature. Each test builds a small
//! fixture site (`tests/fixtures/<case>/`) with the real `carnet` binary and checks what a
//! reader or a contributor would see.

mod harness;

mod agenda;
mod browser;
mod build;
mod cli;
mod course;
mod demo;
mod errors;
mod escaping;
mod interrupt;
mod kinds;
mod lints;
mod lists;
mod markdown;
mod migrated;
mod owners;
mod props;
mod rebuild;
mod scaffold;
mod security;
mod serve;
mod serve_problems;
mod tags;
mod theme;
