//! The file being typed: its text and front matter, and the diagnostics found in it.

use std::path::PathBuf;

use super::when::{When, parse_when};
use crate::diagnostics::{Diagnostic, Lint, Pos};
use crate::frontmatter::{Split, locate};

pub struct FileCtx<'a> {
    /// The file as shown in messages (`content/…`).
    pub shown: PathBuf,
    pub text: &'a str,
    pub split: Split<'a>,
    pub diagnostics: Vec<Diagnostic>,
    /// The longest an event or a session may last, in days (`agenda.longest_event_days`).
    pub longest_event_days: i64,
}

impl<'a> FileCtx<'a> {
    pub fn new(shown: PathBuf, text: &'a str, split: Split<'a>) -> Self {
        FileCtx { shown, text, split, diagnostics: Vec::new(), longest_event_days: crate::config::LONGEST_EVENT_DAYS }
    }

    /// A diagnostic located at `key` (and at `needle` inside its value, when given).
    pub fn located(&self, key: &str, needle: Option<&str>, message: String, help: Option<String>) -> Diagnostic {
        let (pos, len) = locate(&self.split, key, needle);
        let mut d = Diagnostic::error(message).at(&self.shown, self.text, pos).underline(len);
        if let Some(h) = help {
            d = d.help(h);
        }
        d
    }

    pub fn error(&mut self, key: &str, needle: Option<&str>, message: String, help: Option<String>) {
        let d = self.located(key, needle, message, help);
        self.diagnostics.push(d);
    }

    /// A diagnostic of `lint` located at `key` (and `needle` in its value).
    pub fn lint(&mut self, lint: Lint, key: &str, needle: Option<&str>, message: String, help: Option<String>) {
        let d = self.located(key, needle, message, help).as_lint(lint);
        self.diagnostics.push(d);
    }

    pub fn error_at(&mut self, pos: Pos, len: usize, message: String, help: Option<String>) {
        let mut d = Diagnostic::error(message).at(&self.shown, self.text, pos).underline(len);
        if let Some(h) = help {
            d = d.help(h);
        }
        self.diagnostics.push(d);
    }

    /// Parses the date written under `key`, reporting it when it is not a real date.
    pub fn when(&mut self, key: &str, value: Option<&str>) -> Option<When> {
        let value = value?;
        match parse_when(value) {
            Ok(w) => Some(w),
            Err(e) => {
                self.error(key, Some(value), e, None);
                None
            }
        }
    }
}
