//! The terminal report of a run: problems grouped by lint (or, for the others, by the shape of
//! their message), the first few of each group in full, then one line with the count and the
//! command that lists them all, and a closing count by name. A migrated site with thousands of
//! the same warning reads in a screen, as rustc and clippy keep repeated lints short.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{Diagnostic, Diagnostics, Severity, plural};

/// How a report is shown.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub color: bool,
    /// How many problems of one group are shown in full (`None`: all of them).
    pub limit: Option<usize>,
    /// The command that lists every problem (`carnet check --root site`), named in the lines
    /// that stand for the problems not shown.
    pub check_command: String,
}

impl ReportOptions {
    /// Three problems of each kind in full, the rest counted.
    pub fn grouped(color: bool, check_command: impl Into<String>) -> ReportOptions {
        ReportOptions { color, limit: Some(3), check_command: check_command.into() }
    }

    /// [`grouped`](Self::grouped), naming `carnet check` for the site in `root`.
    pub fn for_site(root: &std::path::Path, color: bool) -> ReportOptions {
        let here = root.as_os_str().is_empty() || root == std::path::Path::new(".");
        let command = if here {
            "carnet check".to_string()
        } else {
            format!("carnet check --root {}", super::display_path(root))
        };
        ReportOptions::grouped(color, command)
    }
}

/// The problems of a run as the terminal shows them, with their counts.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every group, warnings then errors, each problem followed by a blank line.
    pub text: String,
    pub errors: usize,
    pub warnings: usize,
    /// `12 broken-link, 3 others`, for the errors and for the warnings.
    pub error_counts: String,
    pub warning_counts: String,
}

/// What groups problems: the lint, or the message with its quoted parts left out
/// (`unknown key `layout`` and `unknown key `permalink`` are one kind of problem).
fn group_key(d: &Diagnostic) -> (Severity, String) {
    let key = match d.lint {
        Some(lint) => lint.name().to_string(),
        None => {
            let mut shape = String::new();
            for (i, part) in d.message.split('`').enumerate() {
                shape.push_str(if i % 2 == 0 { part } else { "…" });
            }
            shape
        }
    };
    (d.severity, key)
}

impl Report {
    pub fn new(diags: impl IntoIterator<Item = Diagnostic>, opts: &ReportOptions) -> Report {
        let mut all = Diagnostics::default();
        all.extend(diags);
        let sorted = all.sorted();
        // Groups in the order of their first problem (file order), warnings first so that the
        // errors end next to the closing line.
        let mut order: Vec<(Severity, String)> = Vec::new();
        let mut groups: HashMap<(Severity, String), Vec<&Diagnostic>> = HashMap::new();
        for d in &sorted {
            let key = group_key(d);
            let members = groups.entry(key.clone()).or_default();
            if members.is_empty() {
                order.push(key);
            }
            members.push(d);
        }
        order.sort_by_key(|(severity, _)| std::cmp::Reverse(*severity));
        // When the run has errors, they come first in the reader's mind: warnings are only
        // counted, kind by kind (the next run, without the errors, shows them).
        let has_errors = sorted.iter().any(Diagnostic::is_error);
        let mut text = String::new();
        let mut counted_warnings = false;
        for key in &order {
            let members = &groups[key];
            let shown = match opts.limit {
                _ if has_errors && key.0 == Severity::Warning => 0,
                // Showing all but one would say "1 more" where the problem itself fits.
                Some(limit) if members.len() > limit + 1 => limit,
                _ => members.len(),
            };
            if counted_warnings && key.0 == Severity::Error {
                text.push('\n');
                counted_warnings = false;
            }
            for d in &members[..shown] {
                text.push_str(&d.render(opts.color));
                text.push('\n');
            }
            if shown < members.len() {
                text.push_str(&more_line(members[0], shown, members.len() - shown, opts));
                counted_warnings |= shown == 0;
            }
        }
        Report { text, ..Report::tally_sorted(&sorted) }
    }

    /// The counts of `diags` (each problem once), without their text.
    pub fn tally(diags: &[Diagnostic]) -> Report {
        let mut all = Diagnostics::default();
        all.extend(diags.iter().cloned());
        Report::tally_sorted(&all.sorted())
    }

    fn tally_sorted(diags: &[Diagnostic]) -> Report {
        let count = |severity: Severity| counts(diags.iter().filter(|d| d.severity == severity));
        Report {
            text: String::new(),
            errors: diags.iter().filter(|d| d.is_error()).count(),
            warnings: diags.iter().filter(|d| !d.is_error()).count(),
            error_counts: count(Severity::Error),
            warning_counts: count(Severity::Warning),
        }
    }

    /// The closing line of a failed run: `error: {what}: 20 errors (12 broken-link, 8
    /// broken-anchor) and 2263 warnings (…)`.
    pub fn failure_line(&self, what: &str, color: bool) -> String {
        let mut line = with_counts(plural(self.errors, "error"), &self.error_counts);
        if self.warnings > 0 {
            let _ = write!(line, "; {}", with_counts(plural(self.warnings, "warning"), &self.warning_counts));
        }
        format!("{}: {what}: {line}\n", paint(color, "1;31", "error"))
    }

    /// The line that counts the warnings of a run that succeeded (empty without warnings).
    pub fn warnings_line(&self, color: bool) -> String {
        if self.warnings == 0 {
            return String::new();
        }
        let line = with_counts(plural(self.warnings, "warning"), &self.warning_counts);
        format!("{}: {line}\n", paint(color, "1;33", "warning"))
    }
}

/// `3 errors: 1 broken-link, 2 others`, or `3 errors` when none is a lint.
fn with_counts(total: String, counts: &str) -> String {
    if counts.is_empty() { total } else { format!("{total}: {counts}") }
}

fn paint(color: bool, code: &str, s: &str) -> String {
    if color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
}

/// The line standing for `hidden` problems like `first`, after `shown` of them in full.
fn more_line(first: &Diagnostic, shown: usize, hidden: usize, opts: &ReportOptions) -> String {
    let (label, code) = match first.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
    };
    let (label, command, what) = match first.lint {
        Some(lint) => (format!("{label}[{lint}]"), format!("{} --only {lint}", opts.check_command), lint.summary()),
        None => (label.to_string(), format!("{} --all", opts.check_command), ""),
    };
    let label = paint(opts.color, code, &label);
    if shown == 0 && first.lint.is_some() {
        let times = if hidden == 1 { "once".to_string() } else { format!("{hidden} times") };
        return format!("{label}: {times}: {what} (`{command}` lists them)\n");
    }
    let like = if first.lint.is_some() { String::new() } else { format!(" (“{}”)", group_key(first).1) };
    let more = if shown == 0 { "" } else { " more" };
    format!("{label}: {hidden}{more} like this{like}, not shown: `{command}` lists them all\n\n")
}

/// `12 broken-link, 5 broken-anchor, 3 others`: the problems by lint, most frequent first,
/// then those that are not lints.
fn counts<'a>(diags: impl Iterator<Item = &'a Diagnostic>) -> String {
    let mut by_lint: HashMap<&'static str, usize> = HashMap::new();
    let mut others = 0;
    for d in diags {
        match d.lint {
            Some(lint) => *by_lint.entry(lint.name()).or_default() += 1,
            None => others += 1,
        }
    }
    let mut named: Vec<(&str, usize)> = by_lint.into_iter().collect();
    named.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut parts: Vec<String> = named.into_iter().map(|(name, n)| format!("{n} {name}")).collect();
    if parts.is_empty() {
        return String::new();
    }
    if others > 0 {
        parts.push(if others == 1 { "1 other".into() } else { format!("{others} others") });
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Lint, Pos};
    use std::path::Path;

    fn at(d: Diagnostic, file: &str, line: usize) -> Diagnostic {
        d.at(Path::new(file), "a\nb\nc\nd\ne\n", Pos::new(line, 1))
    }

    #[test]
    fn a_lint_that_fires_often_is_shown_three_times_then_counted() {
        let diags: Vec<Diagnostic> = (0..2000)
            .map(|i| {
                at(Diagnostic::lint(Lint::EventWithoutPlace, "this event has no place"), &format!("p{i:04}.md"), 1)
            })
            .collect();
        let report = Report::new(diags, &ReportOptions::grouped(false, "carnet check"));
        let text = &report.text;
        assert_eq!(text.matches("warning[event-without-place]: this event has no place").count(), 3, "{text}");
        assert!(
            text.ends_with("warning[event-without-place]: 1997 more like this, not shown: `carnet check --only event-without-place` lists them all\n\n"),
            "{text}"
        );
        assert_eq!(report.warnings_line(false), "warning: 2000 warnings: 2000 event-without-place\n");
    }

    #[test]
    fn with_errors_the_warnings_are_only_counted_kind_by_kind() {
        let mut diags: Vec<Diagnostic> = (0..2000)
            .map(|i| {
                at(Diagnostic::lint(Lint::EventWithoutPlace, "this event has no place"), &format!("p{i:04}.md"), 1)
            })
            .collect();
        diags.push(at(Diagnostic::lint(Lint::TagSpellings, "the tag `a` is also written `A`"), "t.md", 1));
        diags.push(at(Diagnostic::lint(Lint::BrokenLink, "the link `x.md` points nowhere"), "a.md", 2));
        diags.push(at(Diagnostic::error("unknown key `layout`"), "b.md", 2));
        diags.push(at(Diagnostic::error("unknown key `permalink`"), "c.md", 2));
        let report = Report::new(diags, &ReportOptions::grouped(false, "carnet check"));
        let text = &report.text;
        assert!(
            text.starts_with(
                "warning[event-without-place]: 2000 times: an event has neither `location` nor `online_url` \
                 (`carnet check --only event-without-place` lists them)\n\
                 warning[tag-spellings]: once: one tag is written in several ways (`carnet check --only tag-spellings` lists them)\n\
                 \nerror[broken-link]: the link `x.md` points nowhere\n"
            ),
            "{text}"
        );
        assert!(text.contains("unknown key `layout`") && text.contains("unknown key `permalink`"), "{text}");
        assert!(text.lines().count() < 30, "{text}");
        assert_eq!((report.errors, report.warnings), (3, 2001));
        assert_eq!(report.error_counts, "1 broken-link, 2 others");
        assert_eq!(
            report.failure_line("the site was not built", false),
            "error: the site was not built: 3 errors: 1 broken-link, 2 others; 2001 warnings: 2000 event-without-place, 1 tag-spellings\n"
        );
    }

    #[test]
    fn problems_that_are_not_lints_group_by_the_shape_of_their_message() {
        let diags: Vec<Diagnostic> =
            (0..10).map(|i| at(Diagnostic::error(format!("unknown key `k{i}`")), &format!("f{i}.md"), 1)).collect();
        let text = Report::new(diags, &ReportOptions::grouped(false, "carnet check --root site")).text;
        assert!(
            text.contains(
                "error: 7 more like this (“unknown key …”), not shown: `carnet check --root site --all` lists them all"
            ),
            "{text}"
        );
    }

    #[test]
    fn four_of_a_kind_are_all_shown_and_no_limit_shows_everything() {
        let diags = || (0..4).map(|i| at(Diagnostic::lint(Lint::TagSpellings, "t"), &format!("f{i}.md"), 1));
        let text = Report::new(diags(), &ReportOptions::grouped(false, "carnet check")).text;
        assert_eq!(text.matches("warning[tag-spellings]: t\n").count(), 4, "{text}");
        let all = ReportOptions { limit: None, ..ReportOptions::grouped(false, "c") };
        let many = (0..50).map(|i| at(Diagnostic::lint(Lint::TagSpellings, "t"), &format!("f{i:02}.md"), 1));
        assert_eq!(Report::new(many, &all).text.matches("warning[tag-spellings]: t\n").count(), 50);
    }
}
