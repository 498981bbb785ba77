//! Front matter: split the `---` YAML block from the Markdown body, deserialise it into
//! [`RawFront`], and translate YAML error positions into lines of the `.md` file.
//!
//! Architecture invariant: this module and `config.rs` are the only ones that name the YAML
//! crate; everything else sees typed values and [`Pos`]itions in the file.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::diagnostics::Pos;

/// A YAML problem, located in the file that holds the YAML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Pos,
    /// How many characters to underline from `pos`.
    pub len: usize,
    pub message: String,
    pub help: Option<String>,
}

/// Deserialises `yaml`, which starts at line `first_line` of its file.
pub fn parse_yaml<T: DeserializeOwned>(yaml: &str, first_line: usize) -> Result<T, YamlError> {
    serde_yaml::from_str(yaml).map_err(|e| {
        let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        let raw = e.to_string();
        let message = match raw.find(" at line ") {
            Some(i) => raw[..i].to_string(),
            None => raw,
        };
        let mut pos = Pos::new(line + first_line - 1, col);
        if let Some(key) = message.strip_prefix("duplicate field `").and_then(|m| m.strip_suffix('`')) {
            // The YAML crate points duplicates at the mapping start: point at the second key.
            if let Some(p) = nth_key_line(yaml, key, 2) {
                pos = Pos::new(p + first_line - 1, 1);
            }
        }
        let line_text = yaml.lines().nth(pos.line.saturating_sub(first_line)).unwrap_or("");
        if line_text.starts_with('\t') || (message.contains("cannot start any token") && line_text.contains('\t')) {
            return YamlError {
                pos: Pos::new(pos.line, 1),
                len: 1,
                message: "a tab is used for indentation".into(),
                help: Some("YAML indents with spaces only: replace the tab with spaces".into()),
            };
        }
        if (message.contains("end of stream") || message.contains("quoted scalar"))
            && let Some((line, col)) = unclosed_quote(yaml)
        {
            return YamlError {
                pos: Pos::new(line + first_line - 1, col),
                len: 1,
                message: "a quoted text is not closed".into(),
                help: Some("add the closing quote at the end of the value".into()),
            };
        }
        let (message, help) = humanise(&message, yaml);
        let len = match message.split('`').nth(1) {
            Some(key) if message.starts_with("unknown key") || message.starts_with("the key") => key.chars().count(),
            _ => {
                line_text.chars().skip(pos.col.saturating_sub(1)).collect::<String>().trim_end().chars().count().max(1)
            }
        };
        YamlError { pos, len, message, help }
    })
}

/// The first value that opens a quote it does not close on its line: (line, column), 1-based.
fn unclosed_quote(yaml: &str) -> Option<(usize, usize)> {
    for (i, line) in yaml.lines().enumerate() {
        let Some((_, value)) = line.split_once(": ") else {
            continue;
        };
        let v = value.trim();
        let Some(q) = v.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let closed = v.len() > 1 && v[1..].contains(q);
        if !closed {
            let col = line.chars().count() - value.trim_start().chars().count() + 1;
            return Some((i + 1, col));
        }
    }
    None
}

fn nth_key_line(yaml: &str, key: &str, n: usize) -> Option<usize> {
    yaml.lines().enumerate().filter(|(_, l)| top_level_key(l) == Some(key)).nth(n - 1).map(|(i, _)| i + 1)
}

fn top_level_key(line: &str) -> Option<&str> {
    let (key, _) = line.split_once(':')?;
    let ok = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    ok.then_some(key)
}

/// Rewrites the YAML crate's messages in a contributor's words and adds a hint.
fn humanise(message: &str, yaml: &str) -> (String, Option<String>) {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or_default().to_string();
        let expected: Vec<&str> = rest
            .split_once("expected ")
            .map(|(_, e)| e.split(", ").map(|s| s.trim_start_matches("one of ").trim_matches('`')).collect())
            .unwrap_or_default();
        let help = crate::diagnostics::did_you_mean(&field, expected.iter().copied())
            .map(|s| format!("did you mean `{s}`?"))
            .unwrap_or_else(|| "free-form data for templates goes under `extra:`".to_string());
        return (format!("unknown key `{field}`"), Some(help));
    }
    if message.contains("tab character") {
        return (
            "a tab is used for indentation".to_string(),
            Some("YAML indents with spaces only: replace the tab with spaces".to_string()),
        );
    }
    if message.contains("while scanning a quoted scalar") {
        return (
            "a quoted text is not closed".to_string(),
            Some("add the closing quote at the end of the value".to_string()),
        );
    }
    if let Some(field) = message.strip_prefix("duplicate field `") {
        let field = field.trim_end_matches('`');
        return (format!("the key `{field}` is given twice"), Some("keep only one of them".to_string()));
    }
    if let Some(field) = message.strip_prefix("missing field `") {
        let field = field.trim_end_matches('`');
        return (format!("the key `{field}` is missing"), None);
    }
    if let Some((field, rest)) = message.split_once(": invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "another type"));
        let expected = match expected {
            "a sequence" => "a list",
            "a string" => "a text",
            "a boolean" => "true or false",
            "u32" | "u16" | "u64" | "i64" | "i32" | "usize" => "a whole number",
            e => e,
        };
        let found = found.replace("sequence", "a list").replace("map", "a map");
        let help = (expected == "a list").then(|| format!("write it as a list: `{field}: [\"…\"]`"));
        return (format!("`{field}` must be {expected}, not {found}"), help);
    }
    let _ = yaml;
    (message.to_string(), None)
}

/// The front matter block and the body of a Markdown file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the file where `yaml` starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    Missing,
    Unclosed,
    Toml,
}

/// Splits `text` into its `---` front matter and its body. A leading BOM and CRLF line ends
/// are accepted.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let first_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    let first = rest[..first_end].trim_end();
    if first == "+++" {
        return Err(SplitError::Toml);
    }
    if first != "---" {
        return Err(SplitError::Missing);
    }
    let yaml_start = start + first_end;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            let body_offset = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed)
}

/// Where `key` (a top-level key of the front matter) is written, and within its value, where
/// `needle` is written. Falls back to the key, then to the start of the front matter.
pub fn locate(split: &Split<'_>, key: &str, needle: Option<&str>) -> (Pos, usize) {
    let mut in_key = false;
    let mut key_pos = None;
    for (i, line) in split.yaml.lines().enumerate() {
        let line_no = split.yaml_line + i;
        match top_level_key(line) {
            Some(k) if k == key => {
                in_key = true;
                key_pos = Some(Pos::new(line_no, 1));
                let after = &line[k.len() + 1..];
                if let Some(found) = find_needle(after, needle) {
                    return (Pos::new(line_no, line[..k.len() + 1].chars().count() + found.0), found.1);
                }
                if needle.is_none() {
                    return (Pos::new(line_no, 1), key.chars().count());
                }
            }
            Some(_) if !line.starts_with(' ') => in_key = false,
            _ if in_key => {
                if let Some((col, len)) = find_needle(line, needle) {
                    return (Pos::new(line_no, col), len);
                }
            }
            _ => {}
        }
    }
    match key_pos {
        Some(p) => (p, key.chars().count()),
        None => (Pos::new(split.yaml_line.saturating_sub(1).max(1), 1), 3),
    }
}

fn find_needle(hay: &str, needle: Option<&str>) -> Option<(usize, usize)> {
    let needle = needle?;
    if needle.is_empty() {
        return None;
    }
    let i = hay.find(needle)?;
    Some((hay[..i].chars().count() + 1, needle.chars().count()))
}

/// A duration: minutes, or a text such as `1 h 30`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum RawDuration {
    Minutes(u32),
    Text(String),
}

/// A quiz answer: one choice number or several.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum RawAnswer {
    One(i64),
    Many(Vec<i64>),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNext {
    pub date: String,
    pub title: Option<String>,
    pub location: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub question: String,
    pub choices: Vec<String>,
    pub answer: RawAnswer,
    pub explanation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResource {
    pub title: String,
    pub url: String,
}

/// Every key a page's front matter may hold, exactly as written. Which kind may use which
/// key is decided in `model::kinds`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFront {
    // Common keys.
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub tags: Option<Vec<String>>,
    pub authors: Option<Vec<String>>,
    pub draft: Option<bool>,
    pub publish_date: Option<String>,
    pub expiry_date: Option<String>,
    pub weight: Option<i64>,
    /// In a section's `_index.md`: pages per list page, instead of `paginate` in carnet.yaml.
    pub paginate: Option<usize>,
    pub slug: Option<String>,
    pub aliases: Option<Vec<String>>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub kind: Option<String>,
    pub template: Option<String>,
    pub lang: Option<String>,
    pub cascade: Option<Box<RawFront>>,
    pub extra: Option<serde_json::Map<String, serde_json::Value>>,
    // session
    pub programme: Option<String>,
    pub number: Option<u32>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub location: Option<String>,
    pub participants: Option<Vec<String>>,
    pub values: Option<Vec<String>>,
    pub next: Option<RawNext>,
    // value
    pub order: Option<i64>,
    pub summary: Option<String>,
    // tutorial
    pub level: Option<String>,
    pub duration: Option<RawDuration>,
    pub prerequisites: Option<Vec<String>>,
    // course, module, lesson
    pub audience: Option<String>,
    pub outcomes: Option<Vec<String>>,
    pub objectives: Option<Vec<String>>,
    pub quiz: Option<Vec<RawQuestion>>,
    pub resources: Option<Vec<RawResource>>,
    // event
    pub online_url: Option<String>,
    pub registration_url: Option<String>,
    pub status: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_keeps_offsets() {
        let text = "---\ntitle: a\n---\n# Body\n";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.body, "# Body\n");
        assert_eq!(&text[s.body_offset..], "# Body\n");
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let text = "\u{feff}---\r\ntitle: a\r\n---\r\nbody";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, "title: a\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn reports_missing_unclosed_and_toml() {
        assert_eq!(split("# no front matter"), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: a\n"), Err(SplitError::Unclosed));
        assert_eq!(split("+++\ntitle = 'a'\n+++\n"), Err(SplitError::Toml));
        assert_eq!(split(""), Err(SplitError::Missing));
    }

    #[test]
    fn yaml_errors_point_at_file_lines() {
        let e = parse_yaml::<RawFront>("title: a\ntitel: b\n", 2).unwrap_err();
        assert_eq!(e.pos, Pos::new(3, 1));
        assert_eq!(e.message, "unknown key `titel`");
        assert_eq!(e.help.as_deref(), Some("did you mean `title`?"));
        let e = parse_yaml::<RawFront>("title: a\ntags: x\n", 2).unwrap_err();
        assert_eq!(e.message, "`tags` must be a list, not string \"x\"");
        let e = parse_yaml::<RawFront>("title: a\ntitle: b\n", 2).unwrap_err();
        assert_eq!((e.pos, e.message.as_str()), (Pos::new(3, 1), "the key `title` is given twice"));
    }

    #[test]
    fn locates_keys_and_values() {
        let text = "---\ntitle: a\nvalues:\n  - autonomie\n  - autonomy\n---\n";
        let s = split(text).unwrap();
        assert_eq!(locate(&s, "values", Some("autonomy")), (Pos::new(5, 5), 8));
        assert_eq!(locate(&s, "title", None), (Pos::new(2, 1), 5));
        let text = "---\ntitle: a\nvalues: [autonomie, autonomy]\n---\n";
        let s = split(text).unwrap();
        assert_eq!(locate(&s, "values", Some("autonomy")), (Pos::new(3, 21), 8));
    }
}
