//! YAML data errors in a contributor's words: unknown, missing or repeated keys, wrong types,
//! with serde's paths (`quiz[0].answer`) said as a person would.

use super::explain::{Explained, Problem, key_at, key_value, line_of, nth_key_line, rest_of_line};

/// Errors about the data rather than the syntax: unknown, missing, repeated keys, wrong types.
pub(super) fn explain_data(p: &Problem<'_>, yaml: &str) -> Explained {
    let here = |message: String, help: Option<String>| p.here(yaml, message, help);
    // Messages about a nested value start with its path: `quiz[0]: unknown field ...`.
    let (path, message) = match p.text.split_once(": ") {
        Some((path, rest)) if is_path(path) => (Some(path), rest),
        _ => (None, p.text),
    };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> = rest
            .split_once("expected ")
            .map(|(_, e)| e.trim_start_matches("one of ").split(", ").map(|s| s.trim_matches('`')).collect())
            .unwrap_or_default();
        let help = crate::diagnostics::did_you_mean(field, expected.iter().copied())
            .map(|s| format!("did you mean `{s}`?"))
            .unwrap_or_else(|| match path {
                None if expected.contains(&"extra") => "free-form data for templates goes under `extra:`".to_string(),
                _ if expected.is_empty() => String::new(),
                _ => format!(
                    "the keys here are {}",
                    expected.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                ),
            });
        let message = match path {
            None => format!("unknown key `{field}`"),
            Some(path) => format!("unknown key `{field}` in {}", describe(path)),
        };
        let (line, col) = key_at(yaml, field, p.line).unwrap_or((p.line, p.col));
        return Explained {
            line,
            col,
            len: field.chars().count(),
            message,
            help: Some(help).filter(|h| !h.is_empty()),
        };
    }
    if let Some(field) = message.strip_prefix("duplicate field `") {
        let field = field.trim_end_matches('`');
        // The YAML crate points duplicates at the mapping start: point at the second key.
        let (line, col) = match path {
            None => nth_key_line(yaml, field, 2).map_or((p.line, p.col), |l| (l, 1)),
            Some(_) => (p.line, p.col),
        };
        return Explained {
            line,
            col,
            len: field.chars().count(),
            message: format!("the key `{field}` is given twice"),
            help: Some("keep only one of them".into()),
        };
    }
    if let Some(field) = message.strip_prefix("missing field `") {
        let field = field.trim_end_matches('`');
        let message = match path {
            None => format!("the key `{field}` is missing"),
            Some(path) => format!("{} has no `{field}`", describe(path)),
        };
        return here(message, None);
    }
    if let Some(kind) = message.strip_prefix("data did not match any variant of untagged enum ") {
        let (key, wanted) = match kind {
            "RawDuration" => ("duration", "a number of minutes (`90`) or hours and minutes (`\"1 h 30\"`)"),
            "RawAnswer" => ("answer", "the number of the right choice (`2`) or a list of them (`[1, 3]`)"),
            other => (other, "another kind of value"),
        };
        let (line, col) = key_at(yaml, key, p.line)
            .and_then(|(l, _)| key_value(line_of(yaml, l)).map(|(_, c, _)| (l, c)))
            .unwrap_or((p.line, p.col));
        let what = match path {
            Some(path) => format!("`{key}` in {}", describe(path)),
            None => format!("`{key}`"),
        };
        return Explained {
            line,
            col,
            len: rest_of_line(yaml, line, col),
            message: format!("{what} must be {wanted}"),
            help: None,
        };
    }
    let typed = message.strip_prefix("invalid type: ").or_else(|| message.strip_prefix("invalid value: "));
    if let Some(rest) = typed {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "another type"));
        let found = found_in_words(found);
        if path.is_none() && expected.starts_with("struct ") || expected == "a map" && path.is_none() {
            let whole = match expected {
                "struct RawFront" => "the front matter",
                "struct RawConfig" => "`carnet.yaml`",
                _ => "this file",
            };
            let help = if line_of(yaml, p.line).contains(':') && !line_of(yaml, p.line).contains(": ") {
                "put a space after the colon: `title: A`"
            } else {
                "write one `key: value` per line, for example `title: \"Le titre\"`"
            };
            return here(format!("{whole} must be made of `key: value` lines, not {found}"), Some(help.into()));
        }
        let expected = expected_in_words(expected);
        let what = path.map_or_else(|| "this value".to_string(), describe);
        let help = match path {
            Some(field) if expected == "a list" && is_plain_key(field) => {
                Some(format!("write it as a list: `{field}: [\"…\"]`"))
            }
            _ => None,
        };
        return here(format!("{what} must be {expected}, not {found}"), help);
    }
    here(p.text.to_string(), None)
}

pub(super) fn is_plain_key(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// `tags[1]`, `quiz[0].answer`, `next`: a serde path.
pub(super) fn is_path(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '[' | ']' | '.'))
        && s.chars().next().is_some_and(char::is_alphanumeric)
}

/// A serde path in words: `tags` → `` `tags` ``, `tags[1]` → `item 2 of `tags``,
/// `quiz[0].answer` → `` `answer` of item 1 of `quiz` ``.
pub(super) fn describe(path: &str) -> String {
    let mut parts = path.rsplit('.');
    let last = parts.next().unwrap_or(path);
    let outer: Vec<&str> = parts.collect();
    let one = |seg: &str| match seg.split_once('[') {
        Some((name, idx)) => {
            let n: usize = idx.trim_end_matches(']').parse().unwrap_or(0);
            format!("item {} of `{name}`", n + 1)
        }
        None => format!("`{seg}`"),
    };
    let mut out = one(last);
    for seg in outer {
        out = format!("{out} in {}", one(seg));
    }
    out
}

/// `string "x"` → `"x"`, ``integer `5` `` → `5`, `sequence` → `a list`.
pub(super) fn found_in_words(found: &str) -> String {
    let inner = |s: &str| s.split('`').nth(1).unwrap_or(s).to_string();
    if let Some(s) = found.strip_prefix("string ") {
        return s.to_string();
    }
    if found.starts_with("integer ") || found.starts_with("floating point ") || found.starts_with("boolean ") {
        return inner(found);
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a map".into(),
        "unit value" => "an empty value".into(),
        other => other.to_string(),
    }
}

pub(super) fn expected_in_words(expected: &str) -> &str {
    match expected {
        "a sequence" => "a list",
        "a string" => "a text",
        "a boolean" => "true or false",
        "u8" | "u16" | "u32" | "u64" | "usize" | "u128" => "a whole number (0 or more)",
        "i8" | "i16" | "i32" | "i64" | "isize" | "i128" => "a whole number",
        "f32" | "f64" => "a number",
        "struct RawNext" => "a map with `date`, `title` and `location`",
        "struct RawQuestion" => "a question with `question`, `choices` and `answer`",
        "struct RawResource" | "struct RawMenuItem" => "a map with `title` and `url`",
        "struct RawPaths" => "a map such as `{tags: tags, agenda: agenda}`",
        "struct RawMarkdown" => "a map such as `{safe: true}`",
        "struct RawFront" => "a map of keys, such as `{kind: session}`",
        e => e,
    }
}
