//! Cross references between pages: a session's `values` name value pages, a tutorial's
//! `prerequisites` name content files. Both must exist and be published.

use std::collections::HashMap;

use super::filectx::FileCtx;
use super::kinds::{Kind, KindData};
use super::tree::{slugify, suggest};
use super::{DocId, Site};
use crate::diagnostics::Diagnostic;

pub(super) fn resolve(site: &mut Site, diags: &mut Vec<Diagnostic>) {
    let values: HashMap<&str, DocId> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == Kind::Value)
        .map(|(i, p)| (p.slug.as_str(), i))
        .collect();
    let mut resolved: Vec<(DocId, Vec<DocId>)> = Vec::new();
    for (id, page) in site.pages.iter().enumerate() {
        let mut ctx = FileCtx::new(page.shown.clone(), &page.text, page.split());
        let mut refs = Vec::new();
        match &page.data {
            KindData::Session { values: written, .. } => {
                for v in written {
                    match values.get(slugify(v).as_str()) {
                        Some(&target) => refs.push(target),
                        None => {
                            let help = suggest(&slugify(v), values.keys().copied()).unwrap_or_else(|| {
                                if values.is_empty() {
                                    "no page has `kind: value` yet: create one per value, e.g. `content/valeurs/autonomie.md`".into()
                                } else {
                                    let mut names: Vec<&str> = values.keys().copied().collect();
                                    names.sort_unstable();
                                    format!("the values are {}", names.join(", "))
                                }
                            });
                            ctx.error("values", Some(v), format!("unknown value `{v}`"), Some(help));
                        }
                    }
                }
            }
            KindData::Tutorial { prerequisites, .. } => {
                for pre in prerequisites {
                    let key = pre.trim_start_matches('/').trim_start_matches("content/");
                    match site.by_rel.get(key) {
                        Some(&target) => refs.push(target),
                        None if site.unpublished.contains_key(key) => ctx.error(
                            "prerequisites",
                            Some(pre),
                            format!("the prerequisite `{pre}` is not published: it is {}", site.unpublished[key]),
                            None,
                        ),
                        None => {
                            let help = suggest(key, site.by_rel.keys().map(String::as_str))
                                .unwrap_or_else(|| "write the path of a file relative to `content/`, e.g. `tutoriels/ecrire-en-markdown.md`".into());
                            ctx.error(
                                "prerequisites",
                                Some(pre),
                                format!("the prerequisite `{pre}` does not exist"),
                                Some(help),
                            );
                        }
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
}
