//! `carnet.yaml`: [`RawConfig`] mirrors the file (unknown keys are errors), [`Config`] holds
//! only validated values. One function, [`resolve`], names every field.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Level, Lint, LintLevels, Pos};
use crate::frontmatter::parse_yaml;

pub const CONFIG_FILE: &str = "carnet.yaml";

/// The longest an event may last by default, in days: ten years. A project phase of four
/// years is an event; one from year 1 to 9999 is a typo.
pub const LONGEST_EVENT_DAYS: i64 = 3653;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    time_zone: Option<String>,
    theme: Option<String>,
    output: Option<String>,
    paginate: Option<usize>,
    feed_limit: Option<usize>,
    edit_url: Option<String>,
    menu: Option<Vec<RawMenuItem>>,
    paths: Option<RawPaths>,
    markdown: Option<RawMarkdown>,
    lints: Option<std::collections::BTreeMap<String, String>>,
    agenda: Option<RawAgenda>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAgenda {
    longest_event_days: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMenuItem {
    title: String,
    url: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPaths {
    tags: Option<String>,
    agenda: Option<String>,
    search: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    safe: Option<bool>,
}

/// The language of the site's interface strings and dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MenuItem {
    pub title: String,
    pub url: String,
}

/// Where generated pages live (URL path segments, without slashes).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GeneratedPaths {
    pub tags: String,
    pub agenda: String,
    pub search: String,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute, always ending with `/`.
    pub base_url: String,
    /// The path part of `base_url` (`/` or `/lab/`): every internal URL starts with it.
    pub base_path: String,
    pub language: Lang,
    pub time_zone_name: String,
    pub time_zone: jiff::tz::TimeZone,
    pub theme: String,
    /// The output folder, relative to the site root unless absolute.
    pub output: PathBuf,
    pub paginate: usize,
    pub feed_limit: usize,
    pub edit_url: Option<String>,
    pub menu: Vec<MenuItem>,
    pub paths: GeneratedPaths,
    pub markdown_safe: bool,
    /// The level of each lint (`lints:`), before the command line's `--allow`/`--deny`.
    pub lints: LintLevels,
    /// `agenda: {longest_event_days}`: longer events and sessions are the lint `long-event`.
    pub longest_event_days: i64,
}

/// Parses and validates the text of `carnet.yaml`. Problems are located in `path`.
pub fn parse(text: &str, path: &Path) -> Result<Config, Vec<Diagnostic>> {
    // Some editors start UTF-8 files with a byte order mark: it is not part of the text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = &crate::frontmatter::normalise_line_breaks(text.to_string());
    let raw: RawConfig = parse_yaml(text, 1).map_err(|e| {
        let mut d = Diagnostic::error(e.message).at(path, text, e.pos).underline(e.len);
        if let Some(h) = e.help {
            d = d.help(h);
        }
        vec![d]
    })?;
    resolve(raw, text, path)
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

fn resolve(raw: RawConfig, text: &str, path: &Path) -> Result<Config, Vec<Diagnostic>> {
    let RawConfig {
        title,
        description,
        base_url,
        language,
        time_zone,
        theme,
        output,
        paginate,
        feed_limit,
        edit_url,
        menu,
        paths,
        markdown,
        lints,
        agenda,
    } = raw;
    let mut errors = Vec::new();
    // Located at the key's value when it is written, else in the file as a whole.
    let mut err = |key: &str, msg: String, help: &str| {
        let d = match key_pos(text, key) {
            Some((pos, len)) => Diagnostic::error(msg).at(path, text, pos).underline(len),
            None => Diagnostic::error(msg).in_file(path),
        };
        errors.push(d.help(help));
    };
    let title = title.unwrap_or_else(|| {
        err("title", "the site has no `title`".into(), "add a line `title: \"Le nom du site\"`");
        String::new()
    });
    let (base_url, base_path) = match base_url.as_deref().map(check_base_url) {
        Some(Ok(v)) => v,
        Some(Err(why)) => {
            err(
                "base_url",
                format!("`base_url` {why}"),
                "write the full address, for example `https://lab.example.org/`",
            );
            Default::default()
        }
        None => {
            err("base_url", "the site has no `base_url`".into(), "add a line `base_url: \"https://lab.example.org/\"`");
            Default::default()
        }
    };
    let language = match language.as_deref().unwrap_or("fr") {
        "fr" => Lang::Fr,
        "en" => Lang::En,
        other => {
            err("language", format!("unknown language `{other}`"), "carnet ships `fr` and `en`");
            Lang::Fr
        }
    };
    let time_zone_name = time_zone.unwrap_or_else(|| "Europe/Paris".to_string());
    let tz = match jiff::tz::TimeZone::get(&time_zone_name) {
        Ok(tz) => tz,
        Err(_) => {
            err(
                "time_zone",
                format!("unknown time zone `{time_zone_name}`"),
                "use an IANA name such as `Europe/Paris`",
            );
            jiff::tz::TimeZone::UTC
        }
    };
    let paginate = paginate.unwrap_or(20);
    if paginate == 0 {
        err(
            "paginate",
            "`paginate` must be at least 1".into(),
            "the number of pages listed per list page, 20 by default",
        );
    }
    if let Some(url) = &edit_url
        && let Err(why) = crate::urls::check(url, crate::urls::Allowed::Absolute)
    {
        err(
            "edit_url",
            format!("`edit_url` is not a web address: {why}"),
            "the address of the page that edits a file on your forge, with `{path}` where the file's path goes",
        );
    }

    let paths = paths.unwrap_or_default();
    let mut segment = |key: &str, v: Option<String>, default: &str| {
        let v = v.unwrap_or_else(|| default.to_string());
        let s = v.trim_matches('/').to_string();
        if s.is_empty() || s.contains("..") || s.contains('\\') {
            err(key, format!("`paths.{key}` must be a folder name, not `{v}`"), "for example `tags`");
        }
        s
    };
    let paths = GeneratedPaths {
        tags: segment("tags", paths.tags, "tags"),
        agenda: segment("agenda", paths.agenda, "agenda"),
        search: segment("search", paths.search, "recherche"),
    };
    for (a, b) in [("tags", "agenda"), ("tags", "search"), ("agenda", "search")] {
        let (pa, pb) = (paths.get(a), paths.get(b));
        if pa == pb {
            err(
                b,
                format!("`paths.{a}` and `paths.{b}` are both `{pa}`"),
                "each generated page needs an address of its own",
            );
        }
    }
    let mut levels = LintLevels::default();
    for (name, level) in lints.unwrap_or_default() {
        let Some(level) = Level::parse(&level) else {
            let msg = format!("`{level}` is not a lint level");
            err(&name, msg, "a lint is `allow` (not reported), `warn` (reported) or `deny` (stops the build)");
            continue;
        };
        if !levels.set_named(&name, level) {
            let (msg, help) = Lint::unknown(&name);
            err(&name, msg, &help);
        }
    }
    errors.extend(check_menu(menu.iter().flatten(), text, path));
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Config {
        title,
        description: description.unwrap_or_default(),
        base_url,
        base_path: base_path.clone(),
        language,
        time_zone_name,
        time_zone: tz,
        theme: theme.unwrap_or_else(|| "carnet".to_string()),
        output: PathBuf::from(output.unwrap_or_else(|| "public".to_string())),
        paginate,
        feed_limit: feed_limit.unwrap_or(20),
        edit_url,
        menu: menu
            .unwrap_or_default()
            .into_iter()
            .map(|RawMenuItem { title, url }| {
                // Site paths follow the site when it lives under a sub-path.
                let url = match url.strip_prefix('/') {
                    Some(rest) if !rest.starts_with('/') => format!("{base_path}{rest}"),
                    _ => url,
                };
                MenuItem { title, url }
            })
            .collect(),
        paths,
        markdown_safe: markdown.and_then(|m| m.safe).unwrap_or(false),
        lints: levels,
        longest_event_days: agenda.and_then(|a| a.longest_event_days).map_or(LONGEST_EVENT_DAYS, i64::from),
    })
}

/// Every menu entry's address follows the one URL policy (`urls`), located at its value.
fn check_menu<'a>(menu: impl Iterator<Item = &'a RawMenuItem>, text: &str, path: &Path) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for item in menu {
        if let Err(why) = crate::urls::check(&item.url, crate::urls::Allowed::Link) {
            let d = Diagnostic::error(format!("the menu entry `{}` has no web address: {why}", item.title));
            errors.push(match text.find(item.url.as_str()).filter(|_| !item.url.is_empty()) {
                Some(at) => d.at(path, text, Pos::of_offset(text, at)).underline(item.url.chars().count()),
                None => d.in_file(path),
            });
        }
    }
    errors
}

/// Checks an absolute http(s) URL; returns it with a trailing slash, and its path.
fn check_base_url(url: &str) -> Result<(String, String), &'static str> {
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

impl Config {
    /// A configuration for tests and for in-memory builds.
    pub fn for_tests() -> Config {
        parse("title: Test\nbase_url: https://example.org/\n", Path::new("carnet.yaml"))
            .unwrap_or_else(|_| unreachable!("the built-in test configuration is valid"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        parse(text, Path::new("carnet.yaml")).unwrap_err().iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn defaults() {
        let c = Config::for_tests();
        assert_eq!(c.language, Lang::Fr);
        assert_eq!(c.time_zone_name, "Europe/Paris");
        assert_eq!(c.theme, "carnet");
        assert_eq!(c.output, PathBuf::from("public"));
        assert_eq!(c.base_url, "https://example.org/");
        assert_eq!(c.paths.search, "recherche");
    }

    #[test]
    fn base_url_keeps_its_path() {
        assert_eq!(check_base_url("https://x.org/lab"), Ok(("https://x.org/lab/".into(), "/lab/".into())));
        assert!(check_base_url("x.org").is_err());
        assert!(check_base_url("https:///a").is_err());
    }

    #[test]
    fn unknown_keys_and_bad_values_are_located() {
        let e = errors("title: T\nbase_url: https://x.org/\nlanguag: fr\n");
        assert!(e[0].starts_with("error: unknown key `languag`\n --> carnet.yaml:3:1"), "{}", e[0]);
        assert!(e[0].contains("did you mean `language`?"));
        let e = errors("title: T\nbase_url: lab.example.org\n");
        assert!(e[0].contains("`base_url` must start with `https://` or `http://`"), "{}", e[0]);
        assert!(e[0].contains("carnet.yaml:2:11"), "{}", e[0]);
        let e = errors("title: T\nbase_url: https://x.org/\ntime_zone: Europe/Pariss\n");
        assert!(e[0].contains("unknown time zone `Europe/Pariss`"));
        let e = errors("title: T\nbase_url: https://x.org/\npaths: {agenda: a, tags: ../../etc}\n");
        assert!(e[0].contains(" --> carnet.yaml:3:26\n"), "{}", e[0]);
        assert!(e[0].contains("^^^^^^^^^\n"), "{}", e[0]);
        let e = errors("base_url: https://x.org/\n");
        assert!(
            e[0].starts_with("error: the site has no `title`\n --> carnet.yaml\n"),
            "a missing key is not located: {}",
            e[0]
        );
    }

    #[test]
    fn lint_levels_are_read_and_checked() {
        let c = parse(
            "title: T\nbase_url: https://x.org/\nlints: {event-without-place: allow, broken-anchor: error}\n",
            Path::new("carnet.yaml"),
        )
        .unwrap();
        assert_eq!(c.lints.level(Lint::EventWithoutPlace), Level::Allow);
        assert_eq!(c.lints.level(Lint::BrokenAnchor), Level::Deny);
        assert_eq!(c.lints.level(Lint::BrokenLink), Level::Deny);
        let e = errors("title: T\nbase_url: https://x.org/\nlints:\n  broken-anchors: allow\n");
        assert!(e[0].starts_with("error: unknown lint `broken-anchors`\n --> carnet.yaml:4:19"), "{}", e[0]);
        assert!(e[0].contains("did you mean `broken-anchor`?"), "{}", e[0]);
        let e = errors("title: T\nbase_url: https://x.org/\nlints: {broken-link: never}\n");
        assert!(e[0].contains("`never` is not a lint level"), "{}", e[0]);
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let c = parse("\u{feff}title: T\nbase_url: https://x.org/\n", Path::new("carnet.yaml")).unwrap();
        assert_eq!(c.title, "T");
    }
}
