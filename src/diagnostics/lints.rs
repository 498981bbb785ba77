//! Lints: the problems that are a policy of the site rather than a file carnet cannot read.
//! Each has a stable name and a default level chosen for a public site; `lints:` in
//! `carnet.yaml` and `--allow`/`--warn`/`--deny` on the command line change it, as rustc's
//! `#[allow]` and `-D` do. `docs/lints.md` documents every one (a test checks it).

use std::collections::BTreeMap;
use std::fmt;

use super::{Diagnostic, Severity, did_you_mean};

/// What happens when a lint fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported; the build goes on.
    Warn,
    /// Reported; the build stops (exit 1).
    Deny,
}

impl Level {
    /// The level a user writes: `allow`, `warn` (or `warning`), `deny` (or `error`).
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim().to_ascii_lowercase().as_str() {
            "allow" => Some(Level::Allow),
            "warn" | "warning" => Some(Level::Warn),
            "deny" | "error" => Some(Level::Deny),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }
}

macro_rules! lints {
    ($($variant:ident $name:literal $level:ident $summary:literal;)*) => {
        /// Every lint carnet knows.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Lint { $($variant),* }

        impl Lint {
            pub const ALL: &'static [Lint] = &[$(Lint::$variant),*];

            /// Its stable name, as written in `carnet.yaml`, on the command line and in messages.
            pub fn name(self) -> &'static str {
                match self { $(Lint::$variant => $name),* }
            }

            /// The level it has unless the site or the command line says otherwise.
            pub fn default_level(self) -> Level {
                match self { $(Lint::$variant => Level::$level),* }
            }

            /// What it reports, in one line.
            pub fn summary(self) -> &'static str {
                match self { $(Lint::$variant => $summary),* }
            }
        }
    };
}

lints! {
    BrokenLink "broken-link" Deny "a link or an image points to a page or a file that does not exist";
    LinkToUnpublished "link-to-unpublished" Deny "a link points to a draft, or to a page not yet or no longer published";
    BrokenAnchor "broken-anchor" Warn "a link's `#anchor` matches no heading or id of the page it points to";
    UnknownValue "unknown-value" Deny "a session's `values` names no value page";
    MissingPrerequisite "missing-prerequisite" Deny "a tutorial's `prerequisites` names a page that does not exist or is not published";
    ImageWithoutAlt "image-without-alt" Warn "an image has no text alternative";
    EventWithoutPlace "event-without-place" Warn "an event has neither `location` nor `online_url`";
    LongEvent "long-event" Deny "an event or a session lasts longer than `agenda.longest_event_days` (a typo in a year?)";
    TagSpellings "tag-spellings" Warn "one tag is written in several ways";
    SpecialFile "special-file" Warn "a named pipe, socket or device in `content/` or `static/` is left out";
    BrokenExternalLink "broken-external-link" Deny "`carnet check --external`: a link to another site fails";
}

impl Lint {
    pub fn from_name(name: &str) -> Option<Lint> {
        Lint::ALL.iter().copied().find(|l| l.name() == name)
    }

    /// `unknown lint `x``, with the closest name when there is one.
    pub fn unknown(name: &str) -> (String, String) {
        let names = Lint::ALL.iter().map(|l| l.name()).chain([WARNINGS]);
        let help = match did_you_mean(name, names) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the lints are {}", Lint::ALL.iter().map(|l| l.name()).collect::<Vec<_>>().join(", ")),
        };
        (format!("unknown lint `{name}`"), help)
    }
}

impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The level of each lint for one run: the defaults, then `carnet.yaml`, then the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LintLevels {
    set: BTreeMap<Lint, Level>,
    /// `warnings: deny` (`--deny warnings`): every lint that would warn stops the build, as
    /// rustc's `-D warnings` does in CI.
    deny_warnings: bool,
}

/// The name that stands for every lint at the `warn` level.
pub const WARNINGS: &str = "warnings";

impl LintLevels {
    pub fn level(&self, lint: Lint) -> Level {
        let level = self.set.get(&lint).copied().unwrap_or_else(|| lint.default_level());
        if level == Level::Warn && self.deny_warnings { Level::Deny } else { level }
    }

    pub fn set(&mut self, lint: Lint, level: Level) {
        self.set.insert(lint, level);
    }

    /// Sets the level of `name`, a lint or `warnings`; `false` when it names neither.
    pub fn set_named(&mut self, name: &str, level: Level) -> bool {
        if name == WARNINGS {
            // Only `deny` means something for the group: the others are each lint's default.
            self.deny_warnings = level == Level::Deny;
            return true;
        }
        match Lint::from_name(name) {
            Some(lint) => {
                self.set(lint, level);
                true
            }
            None => false,
        }
    }

    /// Gives each lint diagnostic the severity of its level, and drops the allowed ones.
    pub fn apply(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diags
            .into_iter()
            .filter_map(|mut d| {
                let Some(lint) = d.lint else { return Some(d) };
                d.severity = match self.level(lint) {
                    Level::Allow => return None,
                    Level::Warn => Severity::Warning,
                    Level::Deny => Severity::Error,
                };
                Some(d)
            })
            .collect()
    }
}

impl Diagnostic {
    /// A diagnostic of `lint`, at the lint's default level until [`LintLevels::apply`] runs.
    pub fn lint(lint: Lint, message: impl Into<String>) -> Self {
        Diagnostic::error(message).as_lint(lint)
    }

    /// Makes this diagnostic one of `lint`, at the lint's default level.
    pub fn as_lint(mut self, lint: Lint) -> Self {
        self.severity = match lint.default_level() {
            Level::Deny => Severity::Error,
            _ => Severity::Warning,
        };
        self.lint = Some(lint);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_round_trip() {
        let mut names: Vec<&str> = Lint::ALL.iter().map(|l| l.name()).collect();
        for (lint, name) in Lint::ALL.iter().zip(&names) {
            assert_eq!(Lint::from_name(name), Some(*lint));
            assert!(name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{name}");
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Lint::ALL.len());
    }

    #[test]
    fn levels_are_written_as_rustc_does_or_as_severities() {
        assert_eq!(Level::parse("allow"), Some(Level::Allow));
        assert_eq!(Level::parse("Warning"), Some(Level::Warn));
        assert_eq!(Level::parse("error"), Some(Level::Deny));
        assert_eq!(Level::parse("deny"), Some(Level::Deny));
        assert_eq!(Level::parse("forbid"), None);
    }

    #[test]
    fn apply_sets_severity_and_drops_allowed() {
        let mut levels = LintLevels::default();
        levels.set(Lint::EventWithoutPlace, Level::Allow);
        levels.set(Lint::BrokenAnchor, Level::Deny);
        levels.set(Lint::BrokenLink, Level::Warn);
        let diags = vec![
            Diagnostic::lint(Lint::EventWithoutPlace, "a"),
            Diagnostic::lint(Lint::BrokenAnchor, "b"),
            Diagnostic::lint(Lint::BrokenLink, "c"),
            Diagnostic::lint(Lint::TagSpellings, "d"),
            Diagnostic::error("e"),
        ];
        let out: Vec<(String, Severity)> = levels.apply(diags).into_iter().map(|d| (d.message, d.severity)).collect();
        assert_eq!(
            out,
            [
                ("b".into(), Severity::Error),
                ("c".into(), Severity::Warning),
                ("d".into(), Severity::Warning),
                ("e".into(), Severity::Error)
            ]
        );
    }

    #[test]
    fn deny_warnings_makes_every_warning_lint_an_error() {
        let mut levels = LintLevels::default();
        assert!(levels.set_named("warnings", Level::Deny));
        assert!(levels.set_named("event-without-place", Level::Allow));
        assert!(!levels.set_named("nothing", Level::Deny));
        assert_eq!(levels.level(Lint::BrokenAnchor), Level::Deny);
        assert_eq!(levels.level(Lint::EventWithoutPlace), Level::Allow);
        assert_eq!(levels.level(Lint::BrokenLink), Level::Deny);
    }

    #[test]
    fn unknown_names_suggest_the_closest() {
        assert_eq!(Lint::unknown("broken-anchors").1, "did you mean `broken-anchor`?");
        assert!(Lint::unknown("zzz").1.starts_with("the lints are broken-link, "));
    }
}
