//! YAML syntax errors in a contributor's words: where the YAML crate says a problem is, what
//! libyaml's context adds, and a message with a hint at the most useful place.

use super::explain_data::{explain_data, is_plain_key};

/// A YAML error as the YAML crate gives it: the problem, where (in the YAML block, 1-based),
/// and the context libyaml adds ("while parsing a flow sequence") with its own position.
pub(super) struct Problem<'a> {
    pub(super) text: &'a str,
    pub(super) context: Context<'a>,
    pub(super) line: usize,
    pub(super) col: usize,
}

impl Problem<'_> {
    /// An explanation at the problem's own place, underlining the rest of its line.
    pub(super) fn here(&self, yaml: &str, message: String, help: Option<String>) -> Explained {
        Explained { line: self.line, col: self.col, len: rest_of_line(yaml, self.line, self.col), message, help }
    }
}

/// The context libyaml gives, and its position (line, column).
pub(super) type Context<'a> = Option<(&'a str, Option<(usize, usize)>)>;

/// What a contributor reads: where (in the YAML block), how much to underline, and why.
pub(super) struct Explained {
    pub(super) line: usize,
    pub(super) col: usize,
    pub(super) len: usize,
    pub(super) message: String,
    pub(super) help: Option<String>,
}

/// `problem at line L column C, context at line L column C` → the problem and the context.
pub(super) fn split_message(raw: &str, loc: Option<(usize, usize)>) -> (&str, Context<'_>) {
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
pub(super) fn line_of(yaml: &str, n: usize) -> &str {
    yaml.lines().nth(n.saturating_sub(1)).unwrap_or("").trim_end_matches('\r')
}

/// `key: value` on a line (after indentation and list dashes): the key, and the value's
/// 1-based column and text.
pub(super) fn key_value(line: &str) -> Option<(&str, usize, &str)> {
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
pub(super) fn tagged_value(yaml: &str) -> Option<(usize, usize, &str)> {
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

pub(super) fn rest_of_line(yaml: &str, line: usize, col: usize) -> usize {
    line_of(yaml, line).chars().skip(col.saturating_sub(1)).collect::<String>().trim_end().chars().count().max(1)
}

/// Rewrites a YAML error in a contributor's words, with a hint, at the most useful place.
pub(super) fn explain(p: &Problem<'_>, yaml: &str) -> Explained {
    let line_text = line_of(yaml, p.line);
    let here = |message: String, help: Option<String>| p.here(yaml, message, help);
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

/// Where `key:` is written, at `from_line` or after it (else anywhere): (line, column).
pub(super) fn key_at(yaml: &str, key: &str, from_line: usize) -> Option<(usize, usize)> {
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
pub(super) fn unclosed_quote(yaml: &str) -> Option<(usize, usize)> {
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

pub(super) fn nth_key_line(yaml: &str, key: &str, n: usize) -> Option<usize> {
    yaml.lines().enumerate().filter(|(_, l)| top_level_key(l) == Some(key)).nth(n - 1).map(|(i, _)| i + 1)
}

pub(super) fn top_level_key(line: &str) -> Option<&str> {
    let (key, _) = line.split_once(':')?;
    let ok = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    ok.then_some(key)
}
