//! The values of `carnet.yaml` that need more than a type: addresses (the one URL policy of
//! `urls`), the generated pages' paths, lint levels, menu entries. Each problem is located at
//! the value it is about.

use std::collections::BTreeMap;
use std::path::Path;

use super::{GeneratedPaths, MenuItem, RawMenuItem, RawPaths};
use crate::diagnostics::{Diagnostic, Level, Lint, LintLevels, Pos};
use crate::urls::{Allowed, check};

/// The errors found in `carnet.yaml`.
pub(super) struct Errors<'a> {
    pub text: &'a str,
    pub path: &'a Path,
    pub found: Vec<Diagnostic>,
}

impl Errors<'_> {
    /// An error located at the value of `key` when it is written, else in the file as a whole.
    pub fn at(&mut self, key: &str, msg: String, help: &str) {
        let d = match key_pos(self.text, key) {
            Some((pos, len)) => Diagnostic::error(msg).at(self.path, self.text, pos).underline(len),
            None => Diagnostic::error(msg).in_file(self.path),
        };
        self.found.push(d.help(help));
    }
}

/// Where the value of `key` is written: at the start of a line, or nested (`paths: {tags: x}`,
/// `  tags: x`). `None` when the key is not written.
pub(crate) fn key_pos(text: &str, key: &str) -> Option<(Pos, usize)> {
    let value_at = |i: usize, line: &str, after: usize| {
        let rest = &line[after..];
        let value = rest.trim_start();
        let value = value.split([',', '}']).next().unwrap_or(value).trim_end();
        let start = after + (rest.len() - rest.trim_start().len());
        (Pos::new(i + 1, line[..start].chars().count() + 1), value.chars().count().max(1))
    };
    for (i, line) in text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix(key)
            && rest.trim_start().starts_with(':')
        {
            let colon = key.len() + (rest.len() - rest.trim_start().len()) + 1;
            return Some(value_at(i, line, colon));
        }
    }
    for (i, line) in text.lines().enumerate() {
        for sep in [" ", "{", ","] {
            let needle = format!("{sep}{key}:");
            if let Some(at) = line.find(&needle) {
                return Some(value_at(i, line, at + needle.len()));
            }
        }
    }
    None
}

/// `base_url`, with a trailing slash, and its path (`/` or `/lab/`).
pub(super) fn base_url(url: Option<&str>, errors: &mut Errors<'_>) -> (String, String) {
    match url.map(check_base_url) {
        Some(Ok(v)) => v,
        Some(Err(why)) => {
            let help = "write the full address, for example `https://lab.example.org/`";
            errors.at("base_url", format!("`base_url` {why}"), help);
            Default::default()
        }
        None => {
            let help = "add a line `base_url: \"https://lab.example.org/\"`";
            errors.at("base_url", "the site has no `base_url`".into(), help);
            Default::default()
        }
    }
}

pub(super) fn edit_url(url: Option<&str>, errors: &mut Errors<'_>) {
    if let Some(url) = url
        && let Err(why) = check(url, Allowed::Absolute)
    {
        errors.at(
            "edit_url",
            format!("`edit_url` is not a web address: {why}"),
            "the address of the page that edits a file on your forge, with `{path}` where the file's path goes",
        );
    }
}

/// The generated pages' folders: names without `..`, each its own.
pub(super) fn paths(raw: RawPaths, errors: &mut Errors<'_>) -> GeneratedPaths {
    let mut segment = |key: &str, v: Option<String>, default: &str| {
        let v = v.unwrap_or_else(|| default.to_string());
        let s = v.trim_matches('/').to_string();
        if s.is_empty() || s.contains("..") || s.contains('\\') {
            errors.at(key, format!("`paths.{key}` must be a folder name, not `{v}`"), "for example `tags`");
        }
        s
    };
    let paths = GeneratedPaths {
        tags: segment("tags", raw.tags, "tags"),
        agenda: segment("agenda", raw.agenda, "agenda"),
        search: segment("search", raw.search, "recherche"),
    };
    for (a, b) in [("tags", "agenda"), ("tags", "search"), ("agenda", "search")] {
        let (pa, pb) = (paths.get(a), paths.get(b));
        if pa == pb {
            let msg = format!("`paths.{a}` and `paths.{b}` are both `{pa}`");
            errors.at(b, msg, "each generated page needs an address of its own");
        }
    }
    paths
}

/// `lints:`: each name a lint (or `warnings`), each level `allow`, `warn` or `deny`.
pub(super) fn lint_levels(raw: BTreeMap<String, String>, errors: &mut Errors<'_>) -> LintLevels {
    let mut levels = LintLevels::default();
    for (name, level) in raw {
        let Some(level) = Level::parse(&level) else {
            let msg = format!("`{level}` is not a lint level");
            errors.at(&name, msg, "a lint is `allow` (not reported), `warn` (reported) or `deny` (stops the build)");
            continue;
        };
        if !levels.set_named(&name, level) {
            let (msg, help) = Lint::unknown(&name);
            errors.at(&name, msg, &help);
        }
    }
    levels
}

/// The menu entries, each address checked (located at its value) and, for a path of the
/// site, under the site's base path.
pub(super) fn menu(raw: Vec<RawMenuItem>, base_path: &str, errors: &mut Errors<'_>) -> Vec<MenuItem> {
    let (text, path) = (errors.text, errors.path);
    for item in &raw {
        if let Err(why) = check(&item.url, Allowed::Link) {
            let d = Diagnostic::error(format!("the menu entry `{}` has no web address: {why}", item.title));
            errors.found.push(match text.find(item.url.as_str()).filter(|_| !item.url.is_empty()) {
                Some(at) => d.at(path, text, Pos::of_offset(text, at)).underline(item.url.chars().count()),
                None => d.in_file(path),
            });
        }
    }
    raw.into_iter()
        .map(|RawMenuItem { title, url }| {
            // Site paths follow the site when it lives under a sub-path.
            let url = match url.strip_prefix('/') {
                Some(rest) if !rest.starts_with('/') => format!("{base_path}{rest}"),
                _ => url,
            };
            MenuItem { title, url }
        })
        .collect()
}

/// Checks an absolute http(s) URL; returns it with a trailing slash, and its path.
pub(super) fn check_base_url(url: &str) -> Result<(String, String), &'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("must start with `https://` or `http://`")?;
    crate::urls::check(url, crate::urls::Allowed::Absolute)
        .map_err(|_| "is not a valid address: check the host and the port")?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() || host.contains(char::is_whitespace) || url.contains(['?', '#']) {
        return Err("is not a valid address");
    }
    let path = path.trim_end_matches('/');
    let base_path = if path.is_empty() { "/".to_string() } else { format!("/{path}/") };
    let scheme_len = url.len() - rest.len();
    Ok((format!("{}{host}{base_path}", &url[..scheme_len]), base_path))
}

impl GeneratedPaths {
    fn get(&self, key: &str) -> &str {
        match key {
            "tags" => &self.tags,
            "agenda" => &self.agenda,
            _ => &self.search,
        }
    }
}
