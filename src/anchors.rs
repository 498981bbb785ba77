//! Heading anchors as other tools write them. A contributor copies the anchor that the forge's
//! Markdown preview shows (GitHub, GitLab: `## Réseau beta.gouv.fr` → `#réseau-betagouvfr`),
//! or keeps the one of the site carnet replaced (Jekyll's kramdown: `#rseau-betagouvfr`, or
//! `#reseau-betagouvfr` with transliterated ids). Such a link resolves to the heading, and is
//! written with the heading's real id in the output. Also: the ids and links written in raw
//! HTML (`<a id="x">`, `<a href="#x">`), read by a small scanner of attributes.

use std::collections::{HashMap, HashSet};

/// The anchors a heading of this text gets from GitHub (and Hugo), GitLab, kramdown and
/// kramdown with transliterated ids, before duplicates are numbered.
pub fn forge_forms(text: &str) -> [String; 4] {
    let lower = text.to_lowercase();
    // GitHub (github-slugger): punctuation and symbols removed, every space a dash.
    let github: String = lower
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect();
    // GitLab: the same, then runs of dashes made one.
    let mut gitlab = String::with_capacity(github.len());
    for c in github.chars() {
        if !(c == '-' && gitlab.ends_with('-')) {
            gitlab.push(c);
        }
    }
    [github, gitlab, kramdown(text), kramdown(&deunicode::deunicode(text))]
}

/// kramdown's `basic_generate_id`: leading characters up to the first ASCII letter removed,
/// then everything but ASCII letters, digits, spaces and dashes; spaces become dashes.
fn kramdown(text: &str) -> String {
    let from_letter = text.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
    let id: String = from_letter
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-'))
        .map(|c| if c == ' ' { '-' } else { c.to_ascii_lowercase() })
        .collect();
    if id.is_empty() { "section".to_string() } else { id }
}

/// The other anchors of a page's headings, each leading to the heading's real id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aliases {
    /// Forge anchor → the heading's id.
    pub map: HashMap<String, String>,
    /// For each way of writing anchors, how often each one was given (duplicates get `-1`,
    /// `-2`… as forges number them).
    seen: [HashMap<String, usize>; 4],
}

impl Aliases {
    /// Notes the forge anchors of a heading of text `text` whose id is `id`.
    pub fn add(&mut self, text: &str, id: &str) {
        for (form, seen) in forge_forms(text).into_iter().zip(self.seen.iter_mut()) {
            let n = seen.entry(form.clone()).or_default();
            let numbered = if *n == 0 { form } else { format!("{form}-{n}") };
            *n += 1;
            if numbered != id {
                self.map.entry(numbered).or_insert_with(|| id.to_string());
            }
        }
    }

    /// The id that `anchor` (as written, percent-escapes allowed) stands for, when it is not one
    /// of `ids` itself but a forge's way of writing one.
    pub fn resolve(&self, ids: &HashSet<String>, anchor: &str) -> Option<String> {
        let decoded = percent_encoding::percent_decode_str(anchor).decode_utf8().ok()?;
        if ids.contains(decoded.as_ref()) {
            return Some(decoded.into_owned());
        }
        self.map.get(decoded.as_ref()).or_else(|| self.map.get(&decoded.to_lowercase())).cloned()
    }
}

/// An attribute written in raw HTML: its name (lower case), its value, and where the value
/// starts in the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr<'a> {
    pub name: String,
    pub value: &'a str,
    pub offset: usize,
}

/// The `id`, `name` and `href` attributes of the tags in `html` (quoted or not). A scanner
/// rather than an HTML parser: raw HTML in Markdown comes in fragments (`<div id="x">` in one
/// event, `</div>` in another) that a parser would complete or refuse.
pub fn attributes(html: &str) -> Vec<Attr<'_>> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|p| p + i) {
        let end = html[lt..].find('>').map_or(html.len(), |p| p + lt);
        let mut j = lt + 1;
        // The tag's name, then its attributes.
        while j < end && !bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        while j < end {
            while j < end && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            let name_start = j;
            while j < end && !matches!(bytes[j], b'=' | b'/') && !bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let name = html[name_start..j].to_ascii_lowercase();
            while j < end && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= end || bytes[j] != b'=' {
                if j == name_start {
                    j += 1;
                }
                continue;
            }
            j += 1;
            while j < end && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let (start, stop) = match bytes.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let close = html[j + 1..].find(q as char).map_or(html.len(), |p| p + j + 1);
                    (j + 1, close)
                }
                _ => {
                    let stop = html[j..end].find(|c: char| c.is_ascii_whitespace()).map_or(end, |p| p + j);
                    (j, stop)
                }
            };
            if matches!(name.as_str(), "id" | "name" | "href") {
                out.push(Attr { name, value: &html[start..stop.min(html.len())], offset: start });
            }
            j = stop + 1;
        }
        i = end.max(lt + 1).min(html.len());
        if i >= html.len() {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forges_write_anchors_their_own_way() {
        let [github, gitlab, kramdown, ascii] = forge_forms("Réseau beta.gouv.fr");
        assert_eq!(github, "réseau-betagouvfr");
        assert_eq!(gitlab, "réseau-betagouvfr");
        assert_eq!(kramdown, "rseau-betagouvfr");
        assert_eq!(ascii, "reseau-betagouvfr");
        let [github, gitlab, kramdown, _] = forge_forms("L'équipe -- et « les autres » (2019)");
        assert_eq!(github, "léquipe----et--les-autres--2019");
        assert_eq!(gitlab, "léquipe-et-les-autres-2019");
        assert_eq!(kramdown, "lquipe----et--les-autres--2019");
        assert_eq!(forge_forms("2019 : bilan")[2], "bilan", "kramdown drops what comes before a letter");
        assert_eq!(forge_forms("🎉")[2], "section");
    }

    #[test]
    fn aliases_resolve_forge_anchors_and_percent_escapes_to_the_real_id() {
        let mut aliases = Aliases::default();
        let ids: HashSet<String> = ["reseau-beta-gouv-fr".to_string(), "reseau-beta-gouv-fr-1".to_string()].into();
        aliases.add("Réseau beta.gouv.fr", "reseau-beta-gouv-fr");
        aliases.add("Réseau beta.gouv.fr", "reseau-beta-gouv-fr-1");
        let r = |a: &str| aliases.resolve(&ids, a);
        assert_eq!(r("réseau-betagouvfr").as_deref(), Some("reseau-beta-gouv-fr"));
        assert_eq!(r("r%C3%A9seau-betagouvfr").as_deref(), Some("reseau-beta-gouv-fr"));
        assert_eq!(r("réseau-betagouvfr-1").as_deref(), Some("reseau-beta-gouv-fr-1"), "duplicates are numbered");
        assert_eq!(r("rseau-betagouvfr").as_deref(), Some("reseau-beta-gouv-fr"));
        assert_eq!(r("reseau-betagouvfr").as_deref(), Some("reseau-beta-gouv-fr"));
        assert_eq!(r("R%C3%89SEAU-BETAGOUVFR").as_deref(), Some("reseau-beta-gouv-fr"));
        assert_eq!(r("reseau-beta-gouv-fr").as_deref(), Some("reseau-beta-gouv-fr"));
        assert_eq!(r("autre-chose"), None);
    }

    #[test]
    fn attributes_of_raw_html() {
        let html = r##"<div class="x" id="contact"><a href="#léquipe" name=haut>x</a><img src='a.png' ID='Y'/>"##;
        let attrs: Vec<(String, &str)> = attributes(html).into_iter().map(|a| (a.name, a.value)).collect();
        assert_eq!(
            attrs,
            [("id".into(), "contact"), ("href".into(), "#léquipe"), ("name".into(), "haut"), ("id".into(), "Y")]
        );
        let a = &attributes(html)[1];
        assert_eq!(&html[a.offset..a.offset + a.value.len()], "#léquipe");
        for odd in ["<", "<a", "<a href", "<a href=", "<a href=\"", "a > b < c", "<a =x>", "<<>>"] {
            attributes(odd);
        }
    }
}
