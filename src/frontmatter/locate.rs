//! Where a key or a value is written in a front matter, for the diagnostics of later stages
//! (the YAML crate gives positions only for its own errors). Line-based: front matter is short.

use super::{Split, top_level_key};
use crate::diagnostics::Pos;

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

/// Where `sub_key` is written in the item of the list `key` whose text holds `item` (a quiz's
/// `answer` below its `question`), and `needle` in its value when given (a whole number or
/// word, not part of one). Falls back to where [`locate`] puts `item`.
pub fn locate_in_item(split: &Split<'_>, key: &str, item: &str, sub_key: &str, needle: Option<&str>) -> (Pos, usize) {
    let found = locate(split, key, Some(item));
    let first = found.0.line.saturating_sub(split.yaml_line);
    let lines: Vec<&str> = split.yaml.lines().collect();
    let Some(item_line) = lines.get(first) else { return found };
    let indent = |l: &str| l.len() - l.trim_start().len();
    let item_indent = indent(item_line);
    let label = format!("{sub_key}:");
    for (i, line) in lines.iter().enumerate().skip(first) {
        let starts_item = line.trim_start().starts_with("- ") && indent(line) <= item_indent;
        if i > first && (starts_item || top_level_key(line).is_some()) {
            break;
        }
        let Some(at) = line.find(&label) else { continue };
        let value_at = at + label.len();
        let line_no = split.yaml_line + i;
        if let Some((col, len)) = needle.and_then(|n| find_word(&line[value_at..], n)) {
            return (Pos::new(line_no, line[..value_at].chars().count() + col), len);
        }
        return (Pos::new(line_no, line[..at].chars().count() + 1), sub_key.chars().count());
    }
    found
}

/// Where `word` is written in `hay` as a whole (`3` in `[1, 3]`, not in `13`): column from 1,
/// and length, in characters.
fn find_word(hay: &str, word: &str) -> Option<(usize, usize)> {
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut from = 0;
    while let Some(i) = hay[from..].find(word).map(|p| p + from) {
        let before = hay[..i].chars().next_back();
        let after = hay[i + word.len()..].chars().next();
        if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
            return Some((hay[..i].chars().count() + 1, word.chars().count()));
        }
        from = i + word.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::split;

    #[test]
    fn an_item_key_is_found_below_its_question() {
        let text = "---\ntitle: T\nquiz:\n  - question: \"Q1\"\n    choices:\n      - A\n      - B\n    answer: 1\n  - question: \"Q2\"\n    choices: [A, B]\n    answer: [1, 13]\n---\n";
        let s = split(text).unwrap();
        assert_eq!(locate_in_item(&s, "quiz", "Q2", "answer", Some("13")), (Pos::new(11, 17), 2));
        assert_eq!(locate_in_item(&s, "quiz", "Q1", "answer", Some("1")), (Pos::new(8, 13), 1));
        // No `answer` in the item: the item itself; a value not found: the key.
        let text = "---\nquiz:\n  - {question: \"Q\", choices: [A], answer: 3}\n---\n";
        let s = split(text).unwrap();
        assert_eq!(locate_in_item(&s, "quiz", "Q", "answer", Some("3")), (Pos::new(3, 43), 1));
        assert_eq!(locate_in_item(&s, "quiz", "Q", "answer", Some("9")), (Pos::new(3, 35), 6));
        assert_eq!(locate_in_item(&s, "quiz", "Q", "explanation", None).0, Pos::new(3, 17));
    }
}
