//! Front matter: split the `---` YAML block from the Markdown body, deserialise it into
//! [`RawFront`], and translate YAML error positions into lines of the `.md` file.
//!
//! Architecture invariant: this module and `config.rs` are the only ones that name the YAML
//! crate; everything else sees typed values and [`Pos`]itions in the file.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::diagnostics::Pos;

mod explain;
mod explain_data;
use explain::{Explained, Problem, explain, split_message, tagged_value, top_level_key};

mod locate;
pub use locate::{locate, locate_in_item};

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
