//! `carnet.yaml`: [`RawConfig`] mirrors the file (unknown keys are errors), [`Config`] holds
//! only validated values. One function, [`resolve`], names every field.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, LintLevels};
use crate::frontmatter::parse_yaml;

mod values;
use values::Errors;
pub(crate) use values::key_pos;

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
pub(super) struct RawMenuItem {
    title: String,
    url: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPaths {
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
    let mut errors = Errors { text, path, found: Vec::new() };
    let title = title.unwrap_or_else(|| {
        errors.at("title", "the site has no `title`".into(), "add a line `title: \"Le nom du site\"`");
        String::new()
    });
    let (base_url, base_path) = values::base_url(base_url.as_deref(), &mut errors);
    let language = match language.as_deref().unwrap_or("fr") {
        "fr" => Lang::Fr,
        "en" => Lang::En,
        other => {
            errors.at("language", format!("unknown language `{other}`"), "carnet ships `fr` and `en`");
            Lang::Fr
        }
    };
    let time_zone_name = time_zone.unwrap_or_else(|| "Europe/Paris".to_string());
    let tz = jiff::tz::TimeZone::get(&time_zone_name).unwrap_or_else(|_| {
        let msg = format!("unknown time zone `{time_zone_name}`");
        errors.at("time_zone", msg, "use an IANA name such as `Europe/Paris`");
        jiff::tz::TimeZone::UTC
    });
    let paginate = paginate.unwrap_or(20);
    if paginate == 0 {
        let help = "the number of pages listed per list page, 20 by default";
        errors.at("paginate", "`paginate` must be at least 1".into(), help);
    }
    values::edit_url(edit_url.as_deref(), &mut errors);
    let paths = values::paths(paths.unwrap_or_default(), &mut errors);
    let lints = values::lint_levels(lints.unwrap_or_default(), &mut errors);
    let menu = values::menu(menu.unwrap_or_default(), &base_path, &mut errors);
    if !errors.found.is_empty() {
        return Err(errors.found);
    }
    Ok(Config {
        title,
        description: description.unwrap_or_default(),
        base_url,
        base_path,
        language,
        time_zone_name,
        time_zone: tz,
        theme: theme.unwrap_or_else(|| "carnet".to_string()),
        output: PathBuf::from(output.unwrap_or_else(|| "public".to_string())),
        paginate,
        feed_limit: feed_limit.unwrap_or(20),
        edit_url,
        menu,
        paths,
        markdown_safe: markdown.and_then(|m| m.safe).unwrap_or(false),
        lints,
        longest_event_days: agenda.and_then(|a| a.longest_event_days).map_or(LONGEST_EVENT_DAYS, i64::from),
    })
}

impl Config {
    /// A configuration for tests and for in-memory builds.
    pub fn for_tests() -> Config {
        parse("title: Test\nbase_url: https://example.org/\n", Path::new("carnet.yaml"))
            .unwrap_or_else(|_| unreachable!("the built-in test configuration is valid"))
    }
}

#[cfg(test)]
mod tests;
