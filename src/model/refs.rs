//! Cross references between pages: a session's `values` name value pages, a tutorial's
//! `prerequisites` name content files. Both must exist and be published. A reference to a file
//! that could not be read (its own error is reported) is not reported again: the file's error
//! notes how many pages name it instead.

use std::collections::{BTreeMap, HashMap};

use super::filectx::FileCtx;
use super::kinds::{Kind, KindData};
use super::tree::{slugify, suggest};
use super::{DocId, Site};
use crate::diagnostics::{Diagnostic, Lint};

/// What names the broken files: how many sessions name each in `values`, how many tutorials
/// in `prerequisites`.
#[derive(Default)]
struct Named {
    by_values: BTreeMap<String, usize>,
    by_prerequisites: BTreeMap<String, usize>,
}

impl Named {
    /// The note for each broken file that pages name.
    fn notes(self) -> HashMap<String, String> {
        let mut notes: HashMap<String, String> = HashMap::new();
        let mut add = |rel: String, n: usize, what: &str| {
            let text =
                if n == 1 { format!("1 page names it in `{what}`") } else { format!("{n} pages name it in `{what}`") };
            let note = notes.entry(rel).or_default();
            note.push_str(if note.is_empty() { "" } else { "; " });
            note.push_str(&text);
        };
        for (rel, n) in self.by_values {
            add(rel, n, "values");
        }
        for (rel, n) in self.by_prerequisites {
            add(rel, n, "prerequisites");
        }
        for note in notes.values_mut() {
            note.push_str(": they are checked against it once it is fixed");
        }
        notes
    }
}

/// The broken file a value name most likely stands for: one whose name makes that slug
/// (`valeurs/autonomie.md` for `autonomie`), since its kind cannot be known.
fn broken_value<'a>(site: &'a Site, slug: &str) -> Option<&'a String> {
    let mut candidates: Vec<&String> = site
        .broken
        .iter()
        .filter(|rel| {
            let stem = rel.rsplit('/').next().unwrap_or(rel).trim_end_matches(".md");
            let stem = super::when::date_prefix(stem).map_or(stem, |(_, rest)| rest);
            slugify(stem) == slug
        })
        .collect();
    candidates.sort_unstable();
    candidates.first().copied()
}

pub(super) fn resolve(site: &mut Site, diags: &mut Vec<Diagnostic>) -> HashMap<String, String> {
    let values: HashMap<&str, DocId> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == Kind::Value)
        .map(|(i, p)| (p.slug.as_str(), i))
        .collect();
    let mut named = Named::default();
    let mut resolved: Vec<(DocId, Vec<DocId>)> = Vec::new();
    for (id, page) in site.pages.iter().enumerate() {
        let mut ctx = FileCtx::new(page.shown.clone(), &page.text, page.split());
        let mut refs = Vec::new();
        match &page.data {
            KindData::Session { values: written, .. } => {
                for v in written {
                    let slug = slugify(v);
                    if let Some(&target) = values.get(slug.as_str()) {
                        refs.push(target);
                    } else if let Some(rel) = broken_value(site, &slug) {
                        *named.by_values.entry(rel.clone()).or_default() += 1;
                    } else {
                        unknown_value(&mut ctx, v, &values);
                    }
                }
            }
            KindData::Tutorial { prerequisites, .. } => {
                for pre in prerequisites {
                    let key = pre.trim_start_matches('/').trim_start_matches("content/");
                    if let Some(&target) = site.by_rel.get(key) {
                        refs.push(target);
                    } else if site.broken.contains(key) {
                        *named.by_prerequisites.entry(key.to_string()).or_default() += 1;
                    } else {
                        missing_prerequisite(&mut ctx, pre, key, site);
                    }
                }
            }
            _ => {}
        }
        diags.append(&mut ctx.diagnostics);
        if !refs.is_empty() {
            resolved.push((id, refs));
        }
    }
    for (id, refs) in resolved {
        site.pages[id].refs = refs;
    }
    named.notes()
}

fn unknown_value(ctx: &mut FileCtx<'_>, v: &str, values: &HashMap<&str, DocId>) {
    let help = suggest(&slugify(v), values.keys().copied()).unwrap_or_else(|| {
        if values.is_empty() {
            "no page has `kind: value` yet: create one per value, e.g. `content/valeurs/autonomie.md`".into()
        } else {
            let mut names: Vec<&str> = values.keys().copied().collect();
            names.sort_unstable();
            format!("the values are {}", names.join(", "))
        }
    });
    ctx.lint(Lint::UnknownValue, "values", Some(v), format!("unknown value `{v}`"), Some(help));
}

fn missing_prerequisite(ctx: &mut FileCtx<'_>, pre: &str, key: &str, site: &Site) {
    if let Some(why) = site.unpublished.get(key) {
        let message = format!("the prerequisite `{pre}` is not published: it is {why}");
        ctx.lint(Lint::MissingPrerequisite, "prerequisites", Some(pre), message, None);
        return;
    }
    let help = suggest(key, site.by_rel.keys().map(String::as_str)).unwrap_or_else(|| {
        "write the path of a file relative to `content/`, e.g. `tutoriels/ecrire-en-markdown.md`".into()
    });
    let message = format!("the prerequisite `{pre}` does not exist");
    ctx.lint(Lint::MissingPrerequisite, "prerequisites", Some(pre), message, Some(help));
}
