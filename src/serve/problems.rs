//! What the preview prints about problems after a rebuild: only what changed since the last
//! one (the problems that appeared, in full and grouped, and those fixed, in one line each),
//! not the whole list again on every save.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::diagnostics::{Diagnostic, Report, ReportOptions, Severity, display_path};

/// A problem as the preview tells it apart: its place in the text is left out, so that a line
/// added above a problem does not make it look fixed and new again.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    severity: Severity,
    lint: Option<&'static str>,
    path: Option<String>,
    message: String,
    snippet: Option<String>,
}

impl Key {
    fn of(d: &Diagnostic) -> Key {
        Key {
            severity: d.severity,
            lint: d.lint.map(|l| l.name()),
            path: d.path.as_deref().map(display_path),
            message: d.message.clone(),
            snippet: d.snippet.clone(),
        }
    }
}

/// The problems of the last rebuild, counted (one problem may be reported twice on a page).
#[derive(Debug, Default)]
pub struct ProblemLog {
    last: HashMap<Key, usize>,
    /// The last problems themselves, to name those that get fixed.
    last_shown: Vec<Diagnostic>,
}

/// How many fixed problems are named one by one.
const FIXED_SHOWN: usize = 5;

impl ProblemLog {
    /// Starts from the problems of the first build (printed in full by the caller).
    pub fn new(first: &[Diagnostic]) -> ProblemLog {
        let mut log = ProblemLog::default();
        log.remember(first);
        log
    }

    fn remember(&mut self, current: &[Diagnostic]) {
        self.last.clear();
        for d in current {
            *self.last.entry(Key::of(d)).or_default() += 1;
        }
        self.last_shown = current.to_vec();
    }

    /// The text telling what changed from the last problems to `current`: the new ones as a
    /// grouped report, then the fixed ones. Empty when nothing changed.
    pub fn update(&mut self, current: &[Diagnostic], options: &ReportOptions) -> String {
        let mut left = self.last.clone();
        let mut new = Vec::new();
        for d in current {
            match left.get_mut(&Key::of(d)) {
                Some(n) if *n > 0 => *n -= 1,
                _ => new.push(d.clone()),
            }
        }
        let mut fixed = Vec::new();
        for d in &self.last_shown {
            if let Some(n) = left.get_mut(&Key::of(d))
                && *n > 0
            {
                *n -= 1;
                fixed.push(d);
            }
        }
        let mut text = Report::new(new, options).text;
        for d in fixed.iter().take(FIXED_SHOWN) {
            let place = d.path.as_deref().map(display_path).unwrap_or_default();
            let what = match d.lint {
                Some(lint) => format!("[{lint}]"),
                None => String::new(),
            };
            let _ = writeln!(text, "fixed{what}: {place}: {}", d.message);
        }
        if fixed.len() > FIXED_SHOWN {
            let _ = writeln!(text, "fixed: {} more problems", fixed.len() - FIXED_SHOWN);
        }
        self.remember(current);
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Lint, Pos};
    use std::path::Path;

    fn warn(file: &str, line: usize, text: &str) -> Diagnostic {
        Diagnostic::lint(Lint::EventWithoutPlace, "this event has no place").at(
            Path::new(file),
            text,
            Pos::new(line, 1),
        )
    }

    #[test]
    fn only_new_and_fixed_problems_are_printed() {
        let options = ReportOptions::grouped(false, "carnet check");
        let many: Vec<Diagnostic> = (0..500).map(|i| warn(&format!("e{i:03}.md"), 2, "---\nstart: x\n")).collect();
        let mut log = ProblemLog::new(&many);
        assert_eq!(log.update(&many, &options), "", "a save that changes no problem prints nothing");
        // The same problem, two lines lower: not new.
        let mut moved = many.clone();
        moved[0] = warn("e000.md", 4, "---\n\n\nstart: x\n");
        assert_eq!(log.update(&moved, &options), "");
        let mut next = moved[1..].to_vec();
        next.push(Diagnostic::lint(Lint::BrokenLink, "the link `x.md` points to a page that does not exist"));
        let text = log.update(&next, &options);
        assert!(text.starts_with("error[broken-link]: the link `x.md`"), "{text}");
        assert!(text.ends_with("fixed[event-without-place]: e000.md: this event has no place\n"), "{text}");
        assert_eq!(text.matches("event-without-place").count(), 1, "{text}");
    }

    #[test]
    fn many_fixed_problems_are_counted() {
        let options = ReportOptions::grouped(false, "carnet check");
        let many: Vec<Diagnostic> = (0..50).map(|i| warn(&format!("e{i:02}.md"), 2, "---\nstart: x\n")).collect();
        let mut log = ProblemLog::new(&many);
        let text = log.update(&[], &options);
        assert_eq!(text.lines().count(), FIXED_SHOWN + 1, "{text}");
        assert!(text.ends_with("fixed: 45 more problems\n"), "{text}");
    }
}
