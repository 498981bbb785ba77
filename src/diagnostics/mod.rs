//! Content diagnostics: located, rustc-style messages that never abort a stage early.
//!
//! Every stage returns its value together with the diagnostics it found; the build decides
//! at the end whether any error-severity diagnostic stops it before the output is written.

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

mod lints;
mod report;
mod suggest;
pub use lints::{Level, Lint, LintLevels, WARNINGS};
pub use report::{Report, ReportOptions};
pub use suggest::did_you_mean;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file, 1-based line and column (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub fn new(line: usize, col: usize) -> Self {
        Pos { line, col }
    }

    /// The position of byte `offset` in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Pos {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        Pos { line, col }
    }
}

/// Where each line of a text starts: many byte offsets become positions without rescanning the
/// text for each (a page with thousands of broken links stays linear).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        LineIndex { starts: std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect() }
    }

    /// The position of byte `offset` in `text` (the text the index was made from), as
    /// [`Pos::of_offset`] gives it.
    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        Pos { line, col: text[start..offset].chars().count() + 1 }
    }

    /// The text of line `line` (1-based), without its line end, as [`Diagnostic::at`] shows it.
    pub fn line<'a>(&self, text: &'a str, line: usize) -> Option<&'a str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        if start >= text.len() {
            return None;
        }
        let end = self.starts.get(line).map_or(text.len(), |next| next - 1);
        Some(text[start..end].trim_end_matches('\r'))
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem found in the site's sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// The file, relative to the site root (for example `content/sessions/x.md`).
    pub path: Option<PathBuf>,
    pub pos: Option<Pos>,
    /// How many characters to underline from `pos` (at least one).
    pub len: usize,
    /// The text of the line at `pos`, shown as a snippet.
    pub snippet: Option<String>,
    pub help: Option<String>,
    /// More facts, shown after the help (`= note: 4 sessions name this value`).
    pub notes: Vec<String>,
    /// The lint it comes from, when it is a policy of the site rather than a file carnet
    /// cannot read: its level decides its severity (see [`LintLevels::apply`]).
    pub lint: Option<Lint>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            path: None,
            pos: None,
            len: 1,
            snippet: None,
            help: None,
            notes: Vec::new(),
            lint: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(message) }
    }

    /// Locates the diagnostic in `path`, whose full text is `text`, at `pos`.
    pub fn at(mut self, path: &Path, text: &str, pos: Pos) -> Self {
        self.path = Some(path.to_path_buf());
        self.pos = Some(pos);
        self.snippet = text.lines().nth(pos.line.saturating_sub(1)).map(|l| l.trim_end_matches('\r').to_string());
        self
    }

    /// As [`at`](Self::at), with the text's [`LineIndex`] to find the line quickly.
    pub fn at_indexed(mut self, path: &Path, text: &str, index: &LineIndex, pos: Pos) -> Self {
        self.path = Some(path.to_path_buf());
        self.pos = Some(pos);
        self.snippet = index.line(text, pos.line).map(str::to_string);
        self
    }

    /// Names the file without a position in it.
    pub fn in_file(mut self, path: &Path) -> Self {
        self.path = Some(path.to_path_buf());
        self
    }

    pub fn underline(mut self, len: usize) -> Self {
        self.len = len.max(1);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic as rustc does, with colour when `color` is set.
    pub fn render(&self, color: bool) -> String {
        let paint = |code: &str, s: &str| {
            if color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
        };
        let (label, code) = match self.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let mut out = String::new();
        let label = match self.lint {
            Some(lint) => format!("{label}[{lint}]"),
            None => label.to_string(),
        };
        let _ = writeln!(out, "{}{}", paint(code, &label), paint("1", &format!(": {}", self.message)));
        let line_no = self.pos.map(|p| p.line.to_string()).unwrap_or_default();
        let gutter = " ".repeat(line_no.len().max(1));
        if let Some(path) = &self.path {
            let loc = match self.pos {
                Some(p) => format!("{}:{}:{}", display_path(path), p.line, p.col),
                None => display_path(path),
            };
            let _ = writeln!(out, "{gutter}{} {loc}", paint("1;34", "-->"));
        }
        if let (Some(pos), Some(snippet)) = (self.pos, &self.snippet) {
            let bar = paint("1;34", "|");
            let _ = writeln!(out, "{gutter} {bar}");
            let (shown, col, room) = window(snippet, pos.col);
            let _ = writeln!(out, "{} {bar} {}", paint("1;34", &line_no), shown);
            let (pad, width) = caret_columns(&shown, col, self.len.min(room).max(1));
            let carets = "^".repeat(width.max(1));
            let _ = writeln!(out, "{gutter} {bar} {pad}{}", paint(code, &carets));
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "{gutter} = {}: {help}", paint("1", "help"));
        }
        for note in &self.notes {
            let _ = writeln!(out, "{gutter} = {}: {note}", paint("1", "note"));
        }
        out
    }
}

/// What goes before the carets under `shown` for the `len` characters from column `col`, and
/// how many carets: both measured in terminal cells, so that they stand under accented letters
/// (one cell), CJK and emoji (two) and combining marks (none) as the terminal draws the line.
fn caret_columns(shown: &str, col: usize, len: usize) -> (String, usize) {
    use unicode_width::UnicodeWidthChar;
    let mut pad = String::new();
    let mut chars = shown.chars();
    for c in chars.by_ref().take(col.saturating_sub(1)) {
        match c {
            '\t' => pad.push('\t'),
            c => pad.extend(std::iter::repeat_n(' ', c.width().unwrap_or(0))),
        }
    }
    let width = chars.take(len).map(|c| if c == '\t' { 1 } else { c.width().unwrap_or(0) }).sum();
    (pad, width)
}

/// The widest snippet shown, in characters: a longer line is cut around the column.
const SNIPPET_WIDTH: usize = 100;

/// The part of `line` to show for a diagnostic at column `col`: the text (with `…` where it
/// was cut), the column in it, and how many characters can be underlined from there.
fn window(line: &str, col: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let at = col.saturating_sub(1).min(chars.len());
    if chars.len() <= SNIPPET_WIDTH {
        return (line.to_string(), col, chars.len().saturating_sub(at).max(1));
    }
    let start = at.saturating_sub(SNIPPET_WIDTH / 3).min(chars.len() - SNIPPET_WIDTH);
    let end = start + SNIPPET_WIDTH;
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    let col = at - start + 1 + usize::from(start > 0);
    (shown, col, end.saturating_sub(at).max(1))
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Paths are shown with forward slashes on every platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The diagnostics of a whole run, in a deterministic order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorted by file, then position, then message, so output does not depend on threads.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| (&a.path, a.pos, a.severity, &a.message).cmp(&(&b.path, b.pos, b.severity, &b.message)));
        self.0.dedup();
        self.0
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// `1 page`, `3 pages`: a count with its noun (English: the terminal speaks English).
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_to_line_and_column_counts_characters() {
        let text = "ab\nété x\n";
        assert_eq!(Pos::of_offset(text, 0), Pos::new(1, 1));
        assert_eq!(Pos::of_offset(text, 3), Pos::new(2, 1));
        // "été " is 6 bytes; the x is the 5th character.
        assert_eq!(Pos::of_offset(text, 9), Pos::new(2, 5));
    }

    #[test]
    fn renders_like_rustc() {
        let text = "---\ntitle: x\nvalues: [autonomy]\n---\n";
        let d = Diagnostic::error("unknown value `autonomy`")
            .at(Path::new("content/s.md"), text, Pos::new(3, 10))
            .underline(8)
            .help("did you mean `autonomie`?");
        assert_eq!(
            d.render(false),
            "error: unknown value `autonomy`\n --> content/s.md:3:10\n  |\n3 | values: [autonomy]\n  |          ^^^^^^^^\n  = help: did you mean `autonomie`?\n"
        );
    }

    #[test]
    fn a_line_index_gives_the_same_positions_and_lines() {
        for text in ["ab\nété x\n", "", "\n\n", "a\r\nb\r\n", "sans fin", "x\ny"] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                let pos = Pos::of_offset(text, offset);
                assert_eq!(index.pos(text, offset), pos, "{text:?} at {offset}");
                let a = Diagnostic::error("m").at(Path::new("a"), text, pos);
                let b = Diagnostic::error("m").at_indexed(Path::new("a"), text, &index, pos);
                assert_eq!(a, b, "{text:?} at {offset}");
            }
        }
    }

    #[test]
    fn carets_stand_under_wide_and_combining_characters_as_a_terminal_draws_them() {
        // 日本 take two cells each; the é of "équipe" is written e + U+0301 (no cell of its own).
        let text = "tags: [日本, e\u{301}quipe, x]\n";
        let d = Diagnostic::error("m").at(Path::new("a.md"), text, Pos::new(1, 12)).underline(7);
        let out = d.render(false);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[4], format!("  | {}^^^^^^", " ".repeat(13)), "{out}");
        let d = Diagnostic::error("m").at(Path::new("a.md"), text, Pos::new(1, 8)).underline(2);
        assert_eq!(d.render(false).lines().nth(4), Some(format!("  | {}^^^^", " ".repeat(7)).as_str()));
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("title: {}", "x".repeat(10_000));
        let text = format!("---\n{line}\n---\n");
        let d = Diagnostic::error("too long").at(Path::new("a.md"), &text, Pos::new(2, 5000)).underline(9_000);
        let out = d.render(false);
        assert!(out.lines().all(|l| l.chars().count() < 120), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[3].starts_with("2 | …") && lines[3].ends_with('…'), "{out}");
        let caret = lines[4].find('^').unwrap();
        assert_eq!(caret - "  | ".len(), 1 + SNIPPET_WIDTH / 3, "{out}");
        // Short lines are shown whole, and the underline stops at the end of the line.
        let d = Diagnostic::error("x").at(Path::new("a.md"), "abc\n", Pos::new(1, 2)).underline(50);
        assert!(d.render(false).contains("1 | abc\n  |  ^^\n"), "{}", d.render(false));
    }
}
