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

/// Deserialises `yaml`, which starts at line `first_line` of its file. A leading byte order
/// mark is ignored. Errors are located in the file and worded for contributors.
pub fn parse_yaml<T: DeserializeOwned>(yaml: &str, first_line: usize) -> Result<T, YamlError> {
    let yaml = yaml.strip_prefix('\u{feff}').unwrap_or(yaml);
    // YAML also breaks lines at a lone CR, NEL, LS and PS; carnet's positions count `\n` only.
    // Read as spaces, they keep every line and column where carnet sees them.
    let spaced: String;
    let yaml = if yaml.contains(['\r', '\u{85}', '\u{2028}', '\u{2029}']) {
        let mut chars = yaml.chars().peekable();
        let mut out = String::with_capacity(yaml.len());
        while let Some(c) = chars.next() {
            match c {
                '\r' if chars.peek() == Some(&'\n') => out.push(c),
                '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push(' '),
                c => out.push(c),
            }
        }
        spaced = out;
        spaced.as_str()
    } else {
        yaml
    };
    let at = |line: usize, col: usize, len: usize, message: String, help: &str| YamlError {
        pos: Pos::new(line + first_line - 1, col),
        len: len.max(1),
        message,
        help: Some(help.to_string()).filter(|h| !h.is_empty()),
    };
    if let Some((line, col, value)) = tagged_value(yaml) {
        // `title: !important` parses, as a YAML type tag and an empty value: say so.
        return Err(at(
            line,
            col,
            value.chars().count(),
            "a value cannot start with `!`".into(),
            "YAML reads `!` as a type tag: put the value in quotes, for example `\"!important\"`",
        ));
    }
    serde_yaml::from_str(yaml).map_err(|e| {
        let raw = e.to_string();
        let loc = e.location().map(|l| (l.line(), l.column()));
        let (problem, context) = split_message(&raw, loc);
        let (line, col) = loc.unwrap_or((1, 1));
        let explained = explain(&Problem { text: problem, context, line, col }, yaml);
        let Explained { line, col, len, message, help } = explained;
        at(line, col, len, message, help.as_deref().unwrap_or(""))
    })
}

/// A YAML error as the YAML crate gives it: the problem, where (in the YAML block, 1-based),
/// and the context libyaml adds ("while parsing a flow sequence") with its own position.
struct Problem<'a> {
    text: &'a str,
    context: Context<'a>,
    line: usize,
    col: usize,
}

/// The context libyaml gives, and its position (line, column).
type Context<'a> = Option<(&'a str, Option<(usize, usize)>)>;

/// What a contributor reads: where (in the YAML block), how much to underline, and why.
struct Explained {
    line: usize,
    col: usize,
    len: usize,
    message: String,
    help: Option<String>,
}

/// `problem at line L column C, context at line L column C` → the problem and the context.
fn split_message(raw: &str, loc: Option<(usize, usize)>) -> (&str, Context<'_>) {
    let (problem, rest) = match loc.map(|(l, c)| format!(" at line {l} column {c}")) {
        Some(suffix) => match raw.find(&suffix) {
            Some(i) => (&raw[..i], &raw[i + suffix.len()..]),
            None => (raw, ""),
        },
        None => match raw.find(" at position ") {
            Some(i) => (&raw[..i], raw[i..].split_once(", ").map_or("", |(_, c)| c)),
            None => (raw, ""),
        },
    };
    let context = rest.strip_prefix(", ").unwrap_or(rest);
    if context.is_empty() {
        return (problem, None);
    }
    let (text, at) = match context.rsplit_once(" at line ") {
        Some((text, lc)) => {
            let mut parts = lc.split(" column ");
            let l = parts.next().and_then(|s| s.trim().parse().ok());
            let c = parts.next().and_then(|s| s.trim().parse().ok());
            (text, l.zip(c))
        }
        None => (context, None),
    };
    (problem, Some((text, at)))
}

/// The 1-based line `n` of `yaml`, without its line end.
fn line_of(yaml: &str, n: usize) -> &str {
    yaml.lines().nth(n.saturating_sub(1)).unwrap_or("").trim_end_matches('\r')
}

/// `key: value` on a line (after indentation and list dashes): the key, and the value's
/// 1-based column and text.
fn key_value(line: &str) -> Option<(&str, usize, &str)> {
    let mut t = line.trim_start();
    while let Some(rest) = t.strip_prefix("- ") {
        t = rest.trim_start();
    }
    let (key, after) = t.split_once(": ")?;
    if !is_plain_key(key) {
        return None;
    }
    // `after` ends where the line ends: its start is the value's offset in the line.
    let start = line.len() - after.trim_start().len();
    Some((key, line[..start].chars().count() + 1, after.trim()))
}

/// A value that starts with a YAML type tag (`title: !important`, `- !x`): (line, column, value).
fn tagged_value(yaml: &str) -> Option<(usize, usize, &str)> {
    for (i, line) in yaml.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if let Some((_, col, value)) = key_value(line)
            && value.starts_with('!')
        {
            return Some((i + 1, col, value));
        }
        if let Some(item) = line.trim_start().strip_prefix("- ")
            && item.trim_start().starts_with('!')
        {
            let start = line.len() - item.trim_start().len();
            return Some((i + 1, line[..start].chars().count() + 1, item.trim()));
        }
    }
    None
}

fn rest_of_line(yaml: &str, line: usize, col: usize) -> usize {
    line_of(yaml, line).chars().skip(col.saturating_sub(1)).collect::<String>().trim_end().chars().count().max(1)
}

/// Rewrites a YAML error in a contributor's words, with a hint, at the most useful place.
fn explain(p: &Problem<'_>, yaml: &str) -> Explained {
    let line_text = line_of(yaml, p.line);
    let here = |message: String, help: Option<String>| Explained {
        line: p.line,
        col: p.col,
        len: rest_of_line(yaml, p.line, p.col),
        message,
        help,
    };
    let context = p.context.map(|(t, _)| t).unwrap_or("");
    let context_at = p.context.and_then(|(_, at)| at);
    let tab_help = || Some("YAML indents with spaces only: replace the tab with spaces".to_string());
    if line_text.starts_with('\t')
        || p.text.contains("tab character")
        || (p.text.contains("cannot start any token") && line_text.contains('\t'))
    {
        let line = if line_text.contains('\t') {
            p.line
        } else {
            (1..=p.line).rev().find(|&l| line_of(yaml, l).contains('\t')).unwrap_or(p.line)
        };
        let col = line_of(yaml, line).chars().position(|c| c == '\t').map_or(1, |i| i + 1);
        return Explained { line, col, len: 1, message: "a tab is used for indentation".into(), help: tab_help() };
    }
    if p.text.contains("end of stream") && (context.contains("quoted scalar") || unclosed_quote(yaml).is_some()) {
        let (line, col) = context_at
            .filter(|_| context.contains("quoted scalar"))
            .or_else(|| unclosed_quote(yaml))
            .unwrap_or((p.line, p.col));
        return Explained {
            line,
            col,
            len: 1,
            message: "a quoted text is not closed".into(),
            help: Some("add the closing quote at the end of the value".into()),
        };
    }
    if p.text.contains("unknown escape character") {
        let seq: String = line_text.chars().skip(p.col.saturating_sub(1)).take(2).collect();
        return Explained {
            line: p.line,
            col: p.col,
            len: seq.chars().count(),
            message: format!("`{seq}` is not allowed between double quotes"),
            help: Some(
                "between double quotes, `\\` starts a special character: write `\\\\` for a backslash, or put the text between single quotes"
                    .into(),
            ),
        };
    }
    if p.text.contains("mapping values are not allowed") {
        if let Some((key, col, value)) = key_value(line_text)
            && col < p.col
        {
            let quoted =
                if value.contains('"') { format!("'{}'", value.replace('\'', "''")) } else { format!("\"{value}\"") };
            return Explained {
                line: p.line,
                col,
                len: value.chars().count(),
                message: "this value contains `: `, which YAML reads as the start of another key".into(),
                help: Some(format!("put the value in quotes: `{key}: {quoted}`")),
            };
        }
        let indent = line_text.chars().take_while(|c| *c == ' ').count();
        let key = line_text.trim_start().split(':').next().unwrap_or("").trim();
        return Explained {
            line: p.line,
            col: indent + 1,
            len: key.chars().count(),
            message: "this line is indented, so YAML reads it as the rest of the value above".into(),
            help: Some(format!(
                "start `{key}:` at the beginning of the line, like the other keys; a value on several lines must be in quotes"
            )),
        };
    }
    if let Some(close) = p.text.strip_prefix("did not find expected ',' or ") {
        let (line, col) = context_at.unwrap_or((p.line, p.col));
        let (what, example) = if close.contains(']') {
            ("list", "[valeurs, réseau]")
        } else {
            ("map", "{date: 2018-04-02, title: \"…\"}")
        };
        let close = close.trim_matches('\'');
        return Explained {
            line,
            col,
            len: 1,
            message: format!("the {what} opened here is not closed with `{close}`"),
            help: Some(format!(
                "close it on the same line, as in `{example}`; put a value that contains `,`, `[`, `]`, `{{` or `}}` in quotes"
            )),
        };
    }
    if p.text.contains("did not find expected key") || p.text.contains("did not find expected '-' indicator") {
        if let Some((_, col, value)) = key_value(line_text)
            && let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'')
            && value[1..].contains(q)
        {
            let help = if q == '\'' {
                "between single quotes, an apostrophe is written twice (`'l''atelier'`); or put the value between double quotes"
            } else {
                "put the whole value between single quotes (`'\"B\" et C'`), or write `\\\"` for each quote inside"
            };
            return Explained {
                line: p.line,
                col,
                len: value.chars().count(),
                message: "the quotes end before the value does".into(),
                help: Some(help.into()),
            };
        }
        if line_text.trim_start().starts_with('-') {
            return Explained {
                line: p.line,
                col: line_text.chars().take_while(|c| *c == ' ').count() + 1,
                len: 1,
                message: "this list item is not aligned with the ones above".into(),
                help: Some("start every `- ` of a list at the same column".into()),
            };
        }
        if let Some(c @ (']' | '}')) = line_text.chars().nth(p.col.saturating_sub(1)) {
            return Explained {
                line: p.line,
                col: p.col,
                len: 1,
                message: format!("this `{c}` closes nothing"),
                help: Some("remove it, or put the value in quotes if it is part of the text".into()),
            };
        }
        return here(
            "this line does not continue the front matter correctly".into(),
            Some("check its indentation, and put a value that contains `: `, `#`, quotes or brackets in quotes".into()),
        );
    }
    if p.text.contains("could not find expected ':'") {
        let (line, col) = context_at.unwrap_or((p.line, p.col));
        return Explained {
            line,
            col,
            len: rest_of_line(yaml, line, col),
            message: "this line is not a `key: value` pair".into(),
            help: Some("write `key: value`, with a space after the colon".into()),
        };
    }
    if p.text.contains("block sequence entries are not allowed") {
        return here(
            "a list item `- ` cannot follow a key on the same line".into(),
            Some("write the list as `[a, b]`, or put each `- a` on its own line below the key, indented".into()),
        );
    }
    if p.text.contains("cannot start any token") || p.text == "unknown anchor" || p.text.contains("undefined tag") {
        let c = line_text.chars().nth(p.col.saturating_sub(1)).unwrap_or('?');
        let value = line_text.chars().skip(p.col.saturating_sub(1)).collect::<String>();
        let example = match key_value(line_text) {
            Some((key, _, v)) => format!("{key}: \"{}\"", v.replace('"', "\\\"")),
            None => format!("\"{}\"", value.trim().replace('"', "\\\"")),
        };
        // A backquote cannot be shown between backquotes.
        let (shown, example) =
            if c == '`' { ("a backquote".to_string(), example) } else { (format!("`{c}`"), format!("`{example}`")) };
        return here(
            format!("a value cannot start with {shown}"),
            Some(format!(
                "YAML gives {shown} a special meaning at the start of a value: put the value in quotes: {example}"
            )),
        );
    }
    if p.text.contains("recursion limit exceeded") {
        return here("lists or maps are nested too deeply here".into(), None);
    }
    if p.text.contains("repetition limit exceeded") {
        return here(
            "the YAML references (`&` and `*`) here expand to too much data".into(),
            Some("write the values out instead of referring to them".into()),
        );
    }
    if p.text.contains("more than one document") {
        let line = yaml.lines().position(|l| matches!(l.trim_end(), "---" | "...")).map_or(p.line, |i| i + 1);
        return Explained {
            line,
            col: 1,
            len: 3,
            message: "this line ends the YAML block early".into(),
            help: Some("remove it: `---` and `...` lines separate YAML documents".into()),
        };
    }
    explain_data(p, yaml)
}

/// Errors about the data rather than the syntax: unknown, missing, repeated keys, wrong types.
fn explain_data(p: &Problem<'_>, yaml: &str) -> Explained {
    let here = |message: String, help: Option<String>| Explained {
        line: p.line,
        col: p.col,
        len: rest_of_line(yaml, p.line, p.col),
        message,
        help,
    };
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

fn is_plain_key(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// `tags[1]`, `quiz[0].answer`, `next`: a serde path.
fn is_path(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '[' | ']' | '.'))
        && s.chars().next().is_some_and(char::is_alphanumeric)
}

/// A serde path in words: `tags` → `` `tags` ``, `tags[1]` → `item 2 of `tags``,
/// `quiz[0].answer` → `` `answer` of item 1 of `quiz` ``.
fn describe(path: &str) -> String {
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
fn found_in_words(found: &str) -> String {
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

fn expected_in_words(expected: &str) -> &str {
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

/// Where `key:` is written, at `from_line` or after it (else anywhere): (line, column).
fn key_at(yaml: &str, key: &str, from_line: usize) -> Option<(usize, usize)> {
    let find = |(i, line): (usize, &str)| {
        let t = line.trim_start().trim_start_matches("- ").trim_start();
        let rest = t.strip_prefix(key)?;
        (rest.starts_with(':')).then(|| (i + 1, line.len() - t.len() + 1))
    };
    let lines: Vec<(usize, &str)> = yaml.lines().enumerate().collect();
    lines
        .iter()
        .skip(from_line.saturating_sub(1))
        .copied()
        .find_map(find)
        .or_else(|| lines.iter().copied().find_map(find))
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

/// Old Mac line breaks (a CR alone) as `\n`, so that a file's lines are the same for YAML,
/// Markdown and messages. CRLF stays; the length in bytes does not change.
pub fn normalise_line_breaks(text: String) -> String {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone) {
        return text;
    }
    let out: Vec<u8> = bytes.iter().enumerate().map(|(i, &b)| if lone(i) { b'\n' } else { b }).collect();
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
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
        assert_eq!(e.message, "`tags` must be a list, not \"x\"");
        let e = parse_yaml::<RawFront>("title: a\ntitle: b\n", 2).unwrap_err();
        assert_eq!((e.pos, e.message.as_str()), (Pos::new(3, 1), "the key `title` is given twice"));
    }

    /// (front matter, expected position, message) for the usual YAML mistakes.
    #[test]
    fn contributor_mistakes_are_explained_where_they_are() {
        let cases: &[(&str, (usize, usize), &str)] = &[
            ("title: Session: 11\n", (2, 8), "this value contains `: `, which YAML reads as the start of another key"),
            (
                "title: A\n  description: B\n",
                (3, 3),
                "this line is indented, so YAML reads it as the rest of the value above",
            ),
            ("title: A\ntags: [a, b\n", (3, 7), "the list opened here is not closed with `]`"),
            ("title: A\nnext: {date: 2018-01-01\n", (3, 7), "the map opened here is not closed with `}`"),
            ("title: A\ntags: [a, b]]\n", (3, 13), "this `]` closes nothing"),
            ("title: 'l'atelier'\n", (2, 8), "the quotes end before the value does"),
            ("title: \"C:\\dossier\"\n", (2, 11), "`\\d` is not allowed between double quotes"),
            ("title: @lab\n", (2, 8), "a value cannot start with `@`"),
            ("title: *x\n", (2, 8), "a value cannot start with `*`"),
            ("title: !important\n", (2, 8), "a value cannot start with `!`"),
            ("title: `x`\n", (2, 8), "a value cannot start with a backquote"),
            ("title: A\ntags: - a\n", (3, 7), "a list item `- ` cannot follow a key on the same line"),
            ("title: A\ntags:\n  - a\n - b\n", (5, 2), "this list item is not aligned with the ones above"),
            ("title: A\ndescription\n", (3, 1), "this line is not a `key: value` pair"),
            ("- a\n- b\n", (2, 1), "the front matter must be made of `key: value` lines, not a list"),
            ("title:A\n", (2, 1), "the front matter must be made of `key: value` lines, not \"title:A\""),
            ("title: [a, b]\n", (2, 8), "`title` must be a text, not a list"),
            ("title: A\ntags: [a, [b]]\n", (3, 11), "item 2 of `tags` must be a text, not a list"),
            ("title: A\nnumber: -3\n", (3, 9), "`number` must be a whole number (0 or more), not -3"),
            (
                "title: A\nduration: [1]\n",
                (3, 11),
                "`duration` must be a number of minutes (`90`) or hours and minutes (`\"1 h 30\"`)",
            ),
            ("title: A\nnext: {date: 2018-02-01, lieu: x}\n", (3, 26), "unknown key `lieu` in `next`"),
            (
                "title: A\nquiz:\n  - questoin: Q\n    choices: [a]\n    answer: 1\n",
                (4, 5),
                "unknown key `questoin` in item 1 of `quiz`",
            ),
            (
                "title: A\nquiz:\n  - question: Q\n    choices: [a]\n    answer: x\n",
                (6, 13),
                "`answer` in item 1 of `quiz` must be the number of the right choice (`2`) or a list of them (`[1, 3]`)",
            ),
            ("title: A\n...\nx: 1\n", (3, 1), "this line ends the YAML block early"),
            ("\u{feff}titel: A\n", (2, 1), "unknown key `titel`"),
        ];
        for (yaml, (line, col), message) in cases {
            let e = parse_yaml::<RawFront>(yaml, 2).expect_err(yaml);
            assert_eq!((e.pos, e.message.as_str()), (Pos::new(*line, *col), *message), "{yaml:?}");
        }
    }

    /// Found by the `front_matter` fuzz target: YAML counts a lone CR as a line break, so
    /// positions fell past the front matter.
    #[test]
    fn lone_carriage_returns_do_not_shift_positions() {
        let yaml = "\r\r\r\r\r\r~\n@---\n(\r~\n";
        let e = parse_yaml::<RawFront>(yaml, 2).unwrap_err();
        assert!(e.pos.line >= 2 && e.pos.line <= 2 + yaml.lines().count(), "{e:?}");
        let e = parse_yaml::<RawFront>("title: A\u{2028}titel: B\n", 2).unwrap_err();
        assert_eq!(e.pos.line, 2, "{e:?}");
        assert_eq!(normalise_line_breaks("---\rtitle: A\r\n---\r".into()), "---\ntitle: A\r\n---\n");
        let s = normalise_line_breaks("---\rtitle: A\r---\rTexte\r".into());
        assert_eq!(split(&s).map(|s| s.body), Ok("Texte\n"));
    }

    #[test]
    fn a_very_deep_or_repetitive_front_matter_is_refused_without_crashing() {
        let deep = format!("title: A\nextra: {{x: {}{}}}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(parse_yaml::<RawFront>(&deep, 2).unwrap_err().message, "lists or maps are nested too deeply here");
        let mut laughs = String::from("title: A\nextra:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
            let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
            laughs.push_str(&format!("  {name}: &{name} [{}]\n", vec![format!("*{prev}"); 10].join(", ")));
        }
        let e = parse_yaml::<RawFront>(&laughs, 2).unwrap_err();
        assert!(e.message.contains("expand to too much data"), "{}", e.message);
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
