//! Tags: matched by slug (`Frugalité`, `frugalité`, `frugalite` are one tag, shown with its most
//! frequent spelling), hierarchical (`méthodes/prototypage` is a child of `méthodes`, whose page
//! includes its children's pages), in the site language's dictionary order. Built in one pass
//! over the pages' tags.

use std::collections::{BTreeMap, HashMap};

use crate::collate::Collation;
use crate::diagnostics::{Diagnostic, Lint};
use crate::frontmatter::locate;
use crate::model::{DocId, Site, slugify};

#[derive(Debug, Clone)]
pub struct Tag {
    /// `methodes/prototypage`: slugified segments.
    pub slug: String,
    /// The most frequent spelling (`Méthodes/Prototypage`).
    pub name: String,
    /// The last segment of the name (`Prototypage`).
    pub short_name: String,
    /// Pages carrying the tag or one of its descendants, newest first.
    pub pages: Vec<DocId>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
}

#[derive(Debug, Default)]
pub struct Tags {
    /// In dictionary order of their names.
    pub list: Vec<Tag>,
    pub by_slug: HashMap<String, usize>,
    /// For each page, its tags (indexes in `list`), in the page's order.
    pub of_page: Vec<Vec<usize>>,
}

/// The slug of a tag as written: each `/`-separated segment slugified.
pub fn tag_slug(tag: &str) -> String {
    tag.split('/').map(slugify).filter(|s| !s.is_empty()).collect::<Vec<_>>().join("/")
}

struct Building {
    spellings: BTreeMap<String, usize>,
    first_use: BTreeMap<String, DocId>,
    pages: Vec<DocId>,
}

pub fn derive(site: &Site, collation: &Collation, warnings: &mut Vec<Diagnostic>) -> Tags {
    let mut building: BTreeMap<String, Building> = BTreeMap::new();
    let mut page_slugs: Vec<Vec<String>> = vec![Vec::new(); site.pages.len()];
    for (id, page) in site.pages.iter().enumerate() {
        for written in &page.tags {
            let slug = tag_slug(written);
            if slug.is_empty() || page_slugs[id].contains(&slug) {
                continue;
            }
            page_slugs[id].push(slug.clone());
            // The tag and each of its ancestors (`a/b/c` → `a`, `a/b`, `a/b/c`).
            let segments: Vec<&str> = written.split('/').filter(|s| !slugify(s).is_empty()).collect();
            for depth in 1..=segments.len() {
                let spelled = segments[..depth].iter().map(|s| s.trim()).collect::<Vec<_>>().join("/");
                let b = building.entry(tag_slug(&spelled)).or_insert_with(|| Building {
                    spellings: BTreeMap::new(),
                    first_use: BTreeMap::new(),
                    pages: Vec::new(),
                });
                if depth == segments.len() || !b.spellings.contains_key(&spelled) {
                    *b.spellings.entry(spelled.clone()).or_default() += usize::from(depth == segments.len());
                }
                b.first_use.entry(spelled).or_insert(id);
                if b.pages.last() != Some(&id) {
                    b.pages.push(id);
                }
            }
        }
    }
    let mut list: Vec<Tag> = Vec::with_capacity(building.len());
    for (slug, b) in building {
        // Most frequent spelling; ties go to the one that sorts first, so the choice is stable.
        let name = b
            .spellings
            .iter()
            .max_by(|(sa, ca), (sb, cb)| ca.cmp(cb).then_with(|| collation.compare(sb, sa)))
            .map(|(s, _)| s.clone())
            .unwrap_or_else(|| slug.clone());
        spelling_warnings(site, &name, &b, warnings);
        let mut pages = b.pages;
        sort_newest_first(site, &mut pages);
        let short_name = name.rsplit('/').next().unwrap_or(&name).to_string();
        list.push(Tag { slug, name, short_name, pages, parent: None, children: Vec::new() });
    }
    list.sort_by(|a, b| collation.compare(&a.name, &b.name));
    let by_slug: HashMap<String, usize> = list.iter().enumerate().map(|(i, t)| (t.slug.clone(), i)).collect();
    for i in 0..list.len() {
        if let Some((parent, _)) = list[i].slug.rsplit_once('/')
            && let Some(&p) = by_slug.get(parent)
        {
            list[i].parent = Some(p);
            list[p].children.push(i);
        }
    }
    let of_page =
        page_slugs.iter().map(|slugs| slugs.iter().filter_map(|s| by_slug.get(s).copied()).collect()).collect();
    Tags { list, by_slug, of_page }
}

fn sort_newest_first(site: &Site, ids: &mut [DocId]) {
    ids.sort_by(|&a, &b| {
        let (pa, pb) = (site.page(a), site.page(b));
        pb.sort_date().cmp(&pa.sort_date()).then_with(|| pa.rel_path.cmp(&pb.rel_path))
    });
}

/// One warning per spelling that differs from the chosen one, at its first use.
fn spelling_warnings(site: &Site, chosen: &str, b: &Building, warnings: &mut Vec<Diagnostic>) {
    for (spelling, count) in &b.spellings {
        if spelling == chosen || *count == 0 {
            continue;
        }
        let Some(&id) = b.first_use.get(spelling) else { continue };
        let page = site.page(id);
        let (pos, len) = locate(&page.split(), "tags", Some(spelling));
        warnings.push(
            Diagnostic::lint(Lint::TagSpellings, format!("the tag `{spelling}` is also written `{chosen}`"))
                .at(&page.shown, &page.text, pos)
                .underline(len)
                .help(format!("both are the same tag, shown as `{chosen}`; write it the same way everywhere")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_slugs_fold_accents_and_keep_hierarchy() {
        assert_eq!(tag_slug("Frugalité"), "frugalite");
        assert_eq!(tag_slug("Méthodes / Prototypage"), "methodes/prototypage");
        assert_eq!(tag_slug("!!"), "");
    }
}
