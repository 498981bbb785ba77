//! The content model: parsed files become a [`Site`] of typed, placed pages with URLs, and
//! cross references checked. No IO happens here.

mod cascade;
mod filectx;
pub mod kinds;
mod page;
mod refs;
mod tree;
pub mod when;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use jiff::civil::Date;
use rayon::prelude::*;

pub use kinds::{Kind, KindData};
pub use page::{DocId, Page};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Pos};
use crate::frontmatter::{RawFront, SplitError, parse_yaml, split};
use crate::source::SourceFile;

/// Which pages a build publishes.
#[derive(Debug, Clone, Copy)]
pub struct Selection {
    pub drafts: bool,
    pub future: bool,
    pub today: Date,
}

/// Every published page of the site, typed, with its place in the section tree.
#[derive(Debug, Default)]
pub struct Site {
    /// Sorted by `rel_path`; a [`DocId`] indexes it.
    pub pages: Vec<Page>,
    pub root: DocId,
    /// Content path (`sessions/x.md`) → page.
    pub by_rel: HashMap<String, DocId>,
    /// Content paths of files that could not be read as pages (their own error is reported;
    /// links to them are not reported again).
    pub broken: HashSet<String>,
    /// Content paths of unpublished pages (drafts, future, expired), with why.
    pub unpublished: HashMap<String, &'static str>,
    /// Non-Markdown files of `content/`, relative to it.
    pub assets: BTreeSet<String>,
}

impl Site {
    pub fn page(&self, id: DocId) -> &Page {
        &self.pages[id]
    }

    /// The URL of a page, with the site's base path (`/lab/sessions/session-11/`).
    pub fn url(&self, config: &Config, id: DocId) -> String {
        format!("{}{}", config.base_path, self.pages[id].path)
    }
}

/// A file whose front matter parsed.
pub(crate) struct Parsed {
    pub src: SourceFile,
    pub raw: RawFront,
    pub yaml_start: usize,
    pub yaml_end: usize,
    pub body_offset: usize,
}

/// Builds the site model from the Markdown files of `content/`.
pub fn build(
    config: &Config,
    sources: Vec<SourceFile>,
    assets: impl IntoIterator<Item = String>,
    selection: Selection,
) -> (Site, Vec<Diagnostic>) {
    let all: Vec<String> = sources.iter().map(|s| s.rel_path.clone()).collect();
    let results: Vec<Result<Parsed, Diagnostic>> = sources.into_par_iter().map(parse_file).collect();
    let mut diagnostics = Vec::new();
    let mut parsed = Vec::new();
    let mut broken_dirs = Vec::new();
    for r in results {
        match r {
            Ok(p) => parsed.push(p),
            Err(d) => {
                if let Some(dir) = d.path.as_ref().and_then(|p| section_dir_of_index(p)) {
                    broken_dirs.push(dir);
                }
                diagnostics.push(d);
            }
        }
    }
    // Pages below a section whose `_index.md` is broken would only report follow-on errors
    // (their kind comes from its `cascade`): they wait until it is fixed, and its error says so.
    let mut held: HashMap<String, usize> = HashMap::new();
    parsed.retain(|p| match broken_dirs.iter().find(|d| p.src.rel_path.starts_with(d.as_str())) {
        Some(dir) => {
            *held.entry(format!("{dir}_index.md")).or_default() += 1;
            false
        }
        None => true,
    });
    let kept: HashSet<&str> = parsed.iter().map(|p| p.src.rel_path.as_str()).collect();
    let broken: HashSet<String> = all.into_iter().filter(|r| !kept.contains(r.as_str())).collect();
    let mut site = Site { broken, ..Site::default() };
    let named = tree::assemble(config, parsed, selection, &mut site, &mut diagnostics);
    site.assets = assets.into_iter().collect();
    for d in &mut diagnostics {
        let Some(rel) =
            d.path.as_ref().and_then(|p| p.strip_prefix("content").ok()).map(crate::diagnostics::display_path)
        else {
            continue;
        };
        if let Some(&n) = held.get(&rel) {
            d.notes.push(format!(
                "{} below it {} not checked until it is fixed",
                plural_pages(n),
                if n == 1 { "is" } else { "are" }
            ));
        }
        if let Some(names) = named.get(&rel) {
            d.notes.push(names.clone());
        }
    }
    (site, diagnostics)
}

fn plural_pages(n: usize) -> String {
    crate::diagnostics::plural(n, "page")
}

fn section_dir_of_index(shown: &Path) -> Option<String> {
    let s = crate::diagnostics::display_path(shown);
    let rel = s.strip_prefix("content/")?;
    rel.strip_suffix("_index.md").map(str::to_string)
}

fn parse_file(src: SourceFile) -> Result<Parsed, Diagnostic> {
    let shown = Path::new("content").join(&src.rel_path);
    let text = src.text.as_str();
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(Diagnostic::error("this file is empty").in_file(&shown).help(
            "delete it, or start it with a front matter such as:\n     ---\n     title: \"Le titre de la page\"\n     ---",
        ));
    }
    let s = match split(text) {
        Ok(s) => s,
        Err(e) => {
            let (msg, help) = match e {
                SplitError::Missing => (
                    "this file has no front matter",
                    "start the file with a block such as:\n     ---\n     title: \"Le titre de la page\"\n     ---",
                ),
                SplitError::Unclosed => ("the front matter is not closed", "add a line `---` after the last key"),
                SplitError::Toml => {
                    ("TOML front matter (`+++`) is not supported", "write the front matter in YAML between `---` lines")
                }
            };
            return Err(Diagnostic::error(msg).at(&shown, text, Pos::new(1, 1)).underline(3).help(help));
        }
    };
    if s.yaml.trim().is_empty() {
        return Err(Diagnostic::error("the front matter is empty")
            .at(&shown, text, Pos::new(1, 1))
            .underline(3)
            .help("add at least a line `title: \"…\"`"));
    }
    let raw: RawFront = parse_yaml(s.yaml, s.yaml_line).map_err(|e| {
        let mut d = Diagnostic::error(e.message).at(&shown, text, e.pos).underline(e.len);
        if let Some(h) = e.help {
            d = d.help(h);
        }
        d
    })?;
    let yaml_start = s.yaml.as_ptr() as usize - text.as_ptr() as usize;
    let yaml_end = yaml_start + s.yaml.len();
    let body_offset = s.body_offset;
    Ok(Parsed { src, raw, yaml_start, yaml_end, body_offset })
}

pub use tree::slugify;

/// The id of a heading: its text as a slug (`Le démarreur bienveillant` →
/// `le-demarreur-bienveillant`).
pub fn slugify_heading(text: &str) -> String {
    tree::slugify(text)
}
