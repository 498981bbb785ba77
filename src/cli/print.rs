//! What the command line prints about problems: the grouped report on the terminal (or every
//! problem, or one lint's, with `check --all` / `--only`), and the JSON document of
//! `check --format json`, which always holds every problem.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, Lint, Report, ReportOptions, display_path};
use crate::project::Failure;

pub struct Printer {
    options: ReportOptions,
    /// `check --only`: the lints shown (every other problem is counted, not shown).
    only: Vec<Lint>,
}

impl Printer {
    /// A few problems of each kind in full, then counted; the line that stands for the others
    /// names `carnet check` for this site.
    pub fn grouped(root: &Path, color: bool) -> Printer {
        Printer { options: ReportOptions::for_site(root, color), only: Vec::new() }
    }

    /// Every problem in full, or only those of `only` when it names lints.
    pub fn every_one(mut self, only: Vec<Lint>) -> Printer {
        self.options.limit = None;
        self.only = only;
        self
    }

    fn shown(&self, diags: &[Diagnostic]) -> Vec<Diagnostic> {
        diags
            .iter()
            .filter(|d| self.only.is_empty() || d.lint.is_some_and(|l| self.only.contains(&l)))
            .cloned()
            .collect()
    }

    /// The report of a run that failed, with its closing line (counting every problem, shown
    /// or not).
    pub fn failure(&self, failure: &Failure, what: &str) -> String {
        let Failure::Content(diags) = failure else {
            return failure.render(what, &self.options);
        };
        let shown = Report::new(self.shown(diags), &self.options);
        format!("{}{}", shown.text, Report::tally(diags).failure_line(what, self.options.color))
    }

    /// The warnings of a run that succeeded, and the line that counts them.
    pub fn warnings(&self, warnings: Vec<Diagnostic>) -> String {
        let shown = Report::new(self.shown(&warnings), &self.options);
        format!("{}{}", shown.text, Report::tally(&warnings).warnings_line(self.options.color))
    }
}

/// The problems as one JSON document on standard output: counts, then every problem with its
/// place, lint and notes.
pub fn print_json(diags: Vec<Diagnostic>) -> (usize, usize) {
    let mut all = Diagnostics::default();
    all.extend(diags);
    let (errors, warnings) = (all.error_count(), all.warning_count());
    let items: Vec<serde_json::Value> = all
        .sorted()
        .into_iter()
        .map(|d| {
            serde_json::json!({
                "severity": if d.is_error() { "error" } else { "warning" },
                "lint": d.lint.map(Lint::name),
                "message": d.message,
                "file": d.path.as_deref().map(display_path),
                "line": d.pos.map(|p| p.line),
                "column": d.pos.map(|p| p.col),
                "help": d.help,
                "notes": d.notes,
            })
        })
        .collect();
    println!("{}", serde_json::json!({"errors": errors, "warnings": warnings, "problems": items}));
    (errors, warnings)
}
