//! Resolving the links a page's Markdown writes: relative paths to `.md` files become the
//! target's URL, files of `content/` their published URL; anything else is left as written.

use crate::config::Config;
use crate::diagnostics::Lint;
use crate::markdown::{LinkResolver, Resolved};
use crate::model::Site;

pub struct SiteLinks<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    /// The linking file, relative to `content/`.
    pub from_rel: &'a str,
}

fn has_scheme(dest: &str) -> bool {
    let Some((scheme, _)) = dest.split_once(':') else {
        return false;
    };
    !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
}

/// Joins `rel` to the folder of `from`, refusing to climb above `content/`.
pub fn join(from: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// `mon%20fichier.pdf` → `mon fichier.pdf`; a path whose escapes are not UTF-8 stays as written.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8().map_or_else(|_| s.to_string(), |d| d.into_owned())
}

fn encode_path(p: &str) -> String {
    p.replace('%', "%25").replace(' ', "%20").replace('#', "%23").replace('?', "%3F")
}

impl LinkResolver for SiteLinks<'_> {
    fn resolve(&self, dest: &str) -> Resolved {
        if has_scheme(dest) || dest.starts_with("//") || dest.is_empty() {
            return Resolved::Keep;
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a.to_string()).filter(|a| !a.is_empty())),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let decoded = percent_decode(path);
        let joined = if let Some(abs) = decoded.strip_prefix('/') {
            if !abs.ends_with(".md") {
                return Resolved::Keep;
            }
            Some(abs.trim_start_matches("content/").to_string())
        } else {
            join(self.from_rel, &decoded)
        };
        let Some(target) = joined else {
            return Resolved::Broken(
                Lint::BrokenLink,
                format!("the link `{dest}` points outside `content/`"),
                Some("a link to a page or a file is a path relative to this file, and stays inside `content/`".into()),
            );
        };
        if target.ends_with(".md") {
            if let Some(&id) = self.site.by_rel.get(&target) {
                return Resolved::Page { target: id, url: self.site.url(self.config, id), anchor };
            }
            if self.site.broken.contains(&target) {
                return Resolved::Keep;
            }
            if let Some(why) = self.site.unpublished.get(&target) {
                return Resolved::Broken(
                    Lint::LinkToUnpublished,
                    format!("the link `{dest}` points to a page that is {why}"),
                    None,
                );
            }
            let help = self
                .closest_page(&target)
                .map(|s| format!("did you mean `{}`?", relative_to(self.from_rel, s)))
                .or_else(|| Some("links to pages are paths to their `.md` file, relative to this file".into()));
            return Resolved::Broken(
                Lint::BrokenLink,
                format!("the link `{dest}` points to a page that does not exist"),
                help,
            );
        }
        if self.site.assets.contains(&target) {
            return Resolved::Asset(format!("{}{}", self.config.base_path, encode_path(&target)));
        }
        let last = target.rsplit('/').next().unwrap_or("");
        if last.contains('.') {
            return Resolved::Broken(
                Lint::BrokenLink,
                format!("the link `{dest}` points to a file that does not exist"),
                Some(missing_file_help(path)),
            );
        }
        Resolved::Keep
    }
}

/// What a link to a missing file most likely meant: an e-mail address or another site written
/// without its scheme, else a file to add.
fn missing_file_help(path: &str) -> String {
    if !path.contains('/') && path.contains('@') {
        return format!("an e-mail address is written `<{path}>` or `[…](mailto:{path})`");
    }
    if path.starts_with("www.") {
        return format!("a link to another site starts with `https://`: `https://{path}`");
    }
    "put the file in `content/`, next to the page, or fix the path".into()
}

impl SiteLinks<'_> {
    /// The page a broken link most likely meant: one of that name in another folder (a page
    /// or a folder was moved), else a close name in the same folder (a typo). Linear in the
    /// pages, so that thousands of links broken by a renamed folder are reported quickly.
    fn closest_page(&self, target: &str) -> Option<&str> {
        let (dir, name) = target.rsplit_once('/').unwrap_or(("", target));
        let elsewhere = format!("/{name}");
        let pages = || self.site.by_rel.keys().map(String::as_str).filter(|k| *k != self.from_rel);
        let moved: Vec<&str> = pages().filter(|k| *k == name || k.ends_with(&elsewhere)).collect();
        if let [only] = moved.as_slice() {
            return Some(only);
        }
        if let Some(close) = crate::diagnostics::did_you_mean(target, moved.iter().copied()) {
            return Some(close);
        }
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        let siblings = pages().filter(|k| k.strip_prefix(prefix.as_str()).is_some_and(|rest| !rest.contains('/')));
        crate::diagnostics::did_you_mean(target, siblings)
    }
}

/// `to` written relative to the folder of `from` (both relative to `content/`).
pub fn relative_to(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect::<Vec<_>>()[..from.matches('/').count()].to_vec();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut parts = vec![".."; from_dir.len() - common];
    parts.extend(&to_parts[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_relative_paths() {
        assert_eq!(join("valeurs/autonomie.md", "../sessions/s.md").as_deref(), Some("sessions/s.md"));
        assert_eq!(join("a.md", "b.md").as_deref(), Some("b.md"));
        assert_eq!(join("a.md", "../b.md"), None);
    }

    #[test]
    fn suggestions_are_relative_to_the_linking_file() {
        assert_eq!(relative_to("valeurs/autonomie.md", "sessions/s.md"), "../sessions/s.md");
        assert_eq!(relative_to("a.md", "b/c.md"), "b/c.md");
    }

    #[test]
    fn broken_links_suggest_a_moved_page_or_a_close_name() {
        use crate::model::{Selection, build};
        use crate::source::SourceFile;
        let page = |rel: &str| SourceFile { rel_path: rel.into(), text: "---\ntitle: T\n---\n".into() };
        let sources = vec![page("notes/a.md"), page("valeurs/autonomie.md"), page("archives/2018/bilan.md")];
        let config = Config::for_tests();
        let today = jiff::civil::date(2026, 11, 27);
        let (site, _) =
            build(&config, sources, Vec::<String>::new(), Selection { drafts: false, future: false, today });
        let links = SiteLinks { site: &site, config: &config, from_rel: "notes/a.md" };
        assert_eq!(links.closest_page("valeurs/autonomy.md"), Some("valeurs/autonomie.md"), "a typo");
        assert_eq!(links.closest_page("bilan.md"), Some("archives/2018/bilan.md"), "a moved page");
        assert_eq!(links.closest_page("rien/du-tout.md"), None);
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("mon%20fichier.pdf"), "mon fichier.pdf");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("r%C3%A9seau"), "réseau");
        assert_eq!(percent_decode("bad%FF"), "bad%FF");
    }

    #[test]
    fn a_missing_file_that_looks_like_an_address_says_how_to_write_one() {
        assert!(missing_file_help("prenom.nom@example.org").contains("`<prenom.nom@example.org>`"));
        assert!(missing_file_help("www.example.org").contains("`https://www.example.org`"));
        assert!(missing_file_help("docs/guide.pdf").starts_with("put the file"));
    }
}
