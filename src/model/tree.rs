//! Placing parsed files: the section tree, cascades, slugs and URLs, publication, duplicate
//! URLs, and cross references.

use std::collections::HashMap;
use std::path::PathBuf;

use super::cascade::{forbidden_keys, merge};
use super::filectx::FileCtx;
use super::kinds::{Kind, KindData};
use super::page::{Page, Placement, type_page};
use super::{Parsed, Selection, Site};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::frontmatter::{RawFront, Split};

/// What the pages below a section inherit from it.
struct SectionInfo {
    path: String,
    kind: Kind,
    /// Cascades from the nearest section up to the root.
    cascades: Vec<RawFront>,
    unpublished: Option<&'static str>,
}

fn parent_dir(dir: &str) -> Option<&str> {
    if dir.is_empty() { None } else { Some(dir.rfind('/').map_or("", |i| &dir[..i])) }
}

fn last_segment(dir: &str) -> &str {
    dir.rsplit('/').next().unwrap_or(dir)
}

/// The folder a file describes: its own folder for `_index.md`, else the folder it is in.
fn dir_of(rel: &str) -> (&str, bool) {
    match rel.strip_suffix("_index.md") {
        Some(d) => (d.trim_end_matches('/'), true),
        None => (rel.rfind('/').map_or("", |i| &rel[..i]), false),
    }
}

/// A URL segment: accents folded, lower-case ASCII.
pub fn slugify(s: &str) -> String {
    slug::slugify(s)
}

/// `01-intro` → (`intro`, 1).
fn strip_order_prefix(stem: &str) -> (&str, Option<u32>) {
    let digits = stem.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && stem[digits..].starts_with('-') && stem.len() > digits + 1 {
        return (&stem[digits + 1..], stem[..digits].parse().ok());
    }
    (stem, None)
}

struct Tree {
    sections: HashMap<String, SectionInfo>,
    longest_event_days: i64,
}

impl Tree {
    /// The nearest section at `dir` or above it.
    fn nearest(&self, mut dir: &str) -> Option<(&str, &SectionInfo)> {
        loop {
            if let Some((k, s)) = self.sections.get_key_value(dir) {
                return Some((k.as_str(), s));
            }
            dir = parent_dir(dir)?;
        }
    }

    /// The URL path of a folder, using section slugs where a folder is a section.
    fn dir_path(&self, dir: &str) -> String {
        if let Some(s) = self.sections.get(dir) {
            return s.path.clone();
        }
        let Some(parent) = parent_dir(dir) else {
            return String::new();
        };
        let in_course = self.nearest(parent).is_some_and(|(_, s)| matches!(s.kind, Kind::Course | Kind::Module));
        let seg = last_segment(dir);
        let seg = if in_course { strip_order_prefix(seg).0 } else { seg };
        format!("{}{}/", self.dir_path(parent), slugify(seg))
    }
}

/// Places every parsed file into `site` (which already knows its broken files) and resolves
/// cross references; returns, for broken files that pages name, a note saying which.
pub(super) fn assemble(
    config: &Config,
    mut parsed: Vec<Parsed>,
    sel: Selection,
    site: &mut Site,
    diags: &mut Vec<Diagnostic>,
) -> HashMap<String, String> {
    if !parsed.iter().any(|p| p.src.rel_path == "_index.md") {
        let title = config.title.replace('"', "\\\"");
        let text = format!("---\ntitle: \"{title}\"\n---\n");
        let raw = RawFront { title: Some(config.title.clone()), ..Default::default() };
        let (yaml_start, yaml_end, body_offset) = (4, text.len() - 4, text.len());
        parsed.push(Parsed {
            src: crate::source::SourceFile { rel_path: "_index.md".into(), text },
            raw,
            yaml_start,
            yaml_end,
            body_offset,
        });
    }
    // Sections first, parents before children, so that each file finds what it inherits.
    parsed.sort_by_cached_key(|p| {
        let (dir, is_section) = dir_of(&p.src.rel_path);
        (!is_section, dir.matches('/').count() + usize::from(!dir.is_empty()), p.src.rel_path.clone())
    });
    let mut tree = Tree { sections: HashMap::new(), longest_event_days: config.longest_event_days };
    let mut pages = Vec::new();
    let mut unpublished = HashMap::new();
    for p in parsed {
        if let Some(page) = place(&mut tree, p, sel, diags, &mut unpublished) {
            pages.push(page);
        }
    }
    pages.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    site.pages = pages;
    site.unpublished = unpublished;
    link_tree(site, &crate::collate::Collation::new(config.language));
    check_urls(site, diags);
    super::refs::resolve(site, diags)
}

fn place(
    tree: &mut Tree,
    p: Parsed,
    sel: Selection,
    diags: &mut Vec<Diagnostic>,
    unpublished: &mut HashMap<String, &'static str>,
) -> Option<Page> {
    let rel = p.src.rel_path.clone();
    let (dir, is_section) = dir_of(&rel);
    let dir = dir.to_string();
    let parent_search = if is_section { parent_dir(&dir) } else { Some(dir.as_str()) };
    let parent = parent_search.and_then(|d| tree.nearest(d));
    let parent_kind = parent.map(|(_, s)| s.kind);
    let mut cascades: Vec<RawFront> = parent.map(|(_, s)| s.cascades.clone()).unwrap_or_default();
    let inherited_unpublished = parent.and_then(|(_, s)| s.unpublished);
    let shown = PathBuf::from("content").join(&rel);
    let text = p.src.text.as_str();
    let split = Split {
        yaml: &text[p.yaml_start..p.yaml_end],
        yaml_line: 2,
        body: &text[p.body_offset..],
        body_offset: p.body_offset,
    };
    let mut ctx = FileCtx::new(shown.clone(), text, split);
    ctx.longest_event_days = tree.longest_event_days;
    let mut raw = p.raw.clone();
    for c in &cascades {
        merge(&mut raw, c, is_section);
    }
    let stem = if is_section {
        last_segment(&dir).to_string()
    } else {
        rel.rsplit('/').next().unwrap_or(&rel).trim_end_matches(".md").to_string()
    };
    let place = Placement {
        is_section,
        own_kind: p.raw.kind.clone(),
        cascaded_kind: cascades.iter().find_map(|c| c.kind.clone()),
        parent_kind,
        stem: stem.clone(),
    };
    let typed = type_page(&raw, &place, &mut ctx)?;
    match p.raw.paginate {
        Some(_) if !is_section => ctx.error(
            "paginate",
            None,
            "`paginate` only works in a section's `_index.md`".into(),
            Some("it sets how many pages the section lists per page".into()),
        ),
        Some(0) => ctx.error("paginate", None, "`paginate` must be at least 1".into(), None),
        _ => {}
    }
    if let Some(c) = &p.raw.cascade {
        if !is_section {
            ctx.error("cascade", None, "`cascade` only works in a section's `_index.md`".into(), None);
        }
        for key in forbidden_keys(c) {
            ctx.error(
                "cascade",
                Some(key),
                format!("`{key}` cannot be cascaded: it names one page"),
                Some(format!("remove it from `cascade:`; each page writes its own `{key}`")),
            );
        }
        if let Some(k) = &c.kind
            && Kind::parse(k).is_none()
        {
            ctx.error(
                "cascade",
                Some(k),
                format!("the `cascade` gives an unknown kind `{k}`"),
                Some(super::page::unknown_kind_help(k)),
            );
        }
    }
    // Slug and URL path.
    let in_course = matches!(parent_kind, Some(Kind::Course | Kind::Module));
    let (base_stem, prefix_order) = {
        let s = super::when::date_prefix(&stem).map_or(stem.as_str(), |(_, rest)| rest);
        if in_course { strip_order_prefix(s) } else { (s, None) }
    };
    let slug = match &raw.slug {
        Some(s) if s.contains('/') || slugify(s).is_empty() => {
            ctx.error(
                "slug",
                Some(s),
                format!("`{s}` cannot be a slug"),
                Some("a slug is one word or several joined by dashes, without `/`".into()),
            );
            slugify(base_stem)
        }
        Some(s) => slugify(s),
        None => {
            let s = slugify(base_stem);
            if s.is_empty() { slugify(&stem) } else { s }
        }
    };
    let path = if is_section && dir.is_empty() {
        String::new()
    } else {
        let parent_path = tree.dir_path(if is_section { parent_dir(&dir).unwrap_or("") } else { &dir });
        format!("{parent_path}{slug}/")
    };
    if let Some(long) = path.split('/').find(|segment| segment.len() > super::page::MAX_SEGMENT) {
        let why = format!(
            "the address `{}…` is {} bytes long, and {}",
            long.char_indices().nth(40).map_or(long, |(i, _)| &long[..i]),
            long.len(),
            super::page::SEGMENT_LIMIT
        );
        match &raw.slug {
            Some(s) if slug.len() > super::page::MAX_SEGMENT => {
                let help = format!("{why}: shorten it");
                ctx.error("slug", Some(s), "this slug is too long to make an address".into(), Some(help));
            }
            _ => ctx.diagnostics.push(
                Diagnostic::error("the name of this file or of its folder is too long to make an address")
                    .in_file(&shown)
                    .help(format!("{why}: give the page a shorter `slug:`, or rename the file")),
            ),
        }
    }
    let aliases = raw.aliases.clone().unwrap_or_default().iter().filter_map(|a| normalise_alias(a, &mut ctx)).collect();
    diags.append(&mut ctx.diagnostics);
    let reason = inherited_unpublished.or_else(|| unpublished_reason(&typed, raw.draft.unwrap_or(false), sel));
    if is_section {
        if let Some(c) = &p.raw.cascade {
            cascades.insert(0, (**c).clone());
        }
        tree.sections
            .insert(dir.clone(), SectionInfo { path: path.clone(), kind: typed.kind, cascades, unpublished: reason });
    }
    if let Some(why) = reason {
        unpublished.insert(rel, why);
        return None;
    }
    let extra = raw.extra.clone().unwrap_or_default();
    let scheduled = unpublished_reason(&typed, false, Selection { future: false, ..sel }).is_some();
    Some(Page {
        rel_path: rel,
        shown,
        yaml_start: p.yaml_start,
        yaml_end: p.yaml_end,
        body_offset: p.body_offset,
        is_section,
        title: typed.title,
        description: raw.description.clone(),
        date: typed.date,
        updated: typed.updated,
        tags: raw.tags.clone().unwrap_or_default(),
        authors: raw.authors.clone().unwrap_or_default(),
        draft: raw.draft.unwrap_or(false),
        scheduled,
        publish_date: typed.publish_date,
        expiry_date: typed.expiry_date,
        weight: raw.weight,
        paginate: p.raw.paginate,
        prefix_order,
        slug,
        path,
        aliases,
        image: raw.image.clone(),
        image_alt: raw.image_alt.clone(),
        kind: typed.kind,
        data: typed.data,
        template: raw.template.clone(),
        lang: raw.lang.clone(),
        extra,
        parent: None,
        pages: Vec::new(),
        subsections: Vec::new(),
        refs: Vec::new(),
        text: p.src.text,
    })
}

fn unpublished_reason(t: &super::page::TypedFront, draft: bool, sel: Selection) -> Option<&'static str> {
    if draft && !sel.drafts {
        return Some("a draft (build with `--drafts` to include it)");
    }
    let dated_kind = matches!(t.data, KindData::Session { .. } | KindData::Event { .. });
    if t.expiry_date.is_some_and(|d| d <= sel.today) {
        return Some("expired (its `expiry_date` has passed)");
    }
    if sel.future {
        return None;
    }
    if t.publish_date.is_some_and(|d| d > sel.today) {
        return Some("not published yet (`publish_date`; build with `--future` to include it)");
    }
    if !dated_kind && t.date.is_some_and(|d| d > sel.today) {
        return Some("dated in the future (build with `--future` to include it)");
    }
    None
}

/// An alias as an output path (`old/url/` or `old.html`), refusing anything that would
/// leave the output folder.
fn normalise_alias(alias: &str, ctx: &mut FileCtx<'_>) -> Option<String> {
    let a = alias.trim();
    // A path of the site that makes a file name on every system: no scheme or host, no `..`,
    // none of the characters Windows and macOS refuse in names, no query or fragment.
    let bad = crate::urls::check(a, crate::urls::Allowed::Path).is_err()
        || a.split('/').any(|s| s == ".." || s == ".")
        || a.chars().any(|c| c.is_control() || matches!(c, '?' | '#' | ':' | '\\' | '*' | '"' | '<' | '>' | '|'));
    let path = a.trim_start_matches('/');
    if path.split('/').any(|s| s.len() > super::page::MAX_SEGMENT) {
        ctx.error(
            "aliases",
            Some(alias),
            "this alias is too long to make an address".into(),
            Some(format!("each part of an alias is a folder of the site, and {}", super::page::SEGMENT_LIMIT)),
        );
        return None;
    }
    if bad || path.is_empty() {
        ctx.error(
            "aliases",
            Some(alias),
            format!("`{alias}` cannot be an alias"),
            Some(
                "an alias is an old path of this site, such as `/ancienne-page/`, without `:`, `*`, `?`, `#`, \
                 quotes, `<`, `>` or `|`"
                    .into(),
            ),
        );
        return None;
    }
    let last = path.rsplit('/').next().unwrap_or(path);
    Some(if path.ends_with('/') || !last.contains('.') {
        format!("{}/", path.trim_end_matches('/'))
    } else {
        path.to_string()
    })
}

/// Sets parents and fills each section's pages and sub-sections, in display order.
fn link_tree(site: &mut Site, collation: &crate::collate::Collation) {
    site.by_rel = site.pages.iter().enumerate().map(|(i, p)| (p.rel_path.clone(), i)).collect();
    let mut sections: HashMap<String, usize> = HashMap::new();
    for (i, p) in site.pages.iter().enumerate() {
        if p.is_section {
            sections.insert(dir_of(&p.rel_path).0.to_string(), i);
        }
    }
    site.root = sections.get("").copied().unwrap_or(0);
    for i in 0..site.pages.len() {
        let (dir, is_section) = dir_of(&site.pages[i].rel_path);
        let mut search = if is_section { parent_dir(dir) } else { Some(dir) };
        let mut parent = None;
        while let Some(d) = search {
            if let Some(&s) = sections.get(d) {
                parent = Some(s);
                break;
            }
            search = parent_dir(d);
        }
        site.pages[i].parent = parent;
        if let Some(s) = parent {
            if is_section {
                site.pages[s].subsections.push(i);
            } else {
                site.pages[s].pages.push(i);
            }
        }
    }
    for s in 0..site.pages.len() {
        let mut pages = std::mem::take(&mut site.pages[s].pages);
        let mut subs = std::mem::take(&mut site.pages[s].subsections);
        let in_order = |&a: &usize, &b: &usize| {
            let (ka, kb) = (order_key(&site.pages[a]), order_key(&site.pages[b]));
            (ka.0, ka.1)
                .cmp(&(kb.0, kb.1))
                .then_with(|| collation.compare(&site.pages[a].title, &site.pages[b].title))
                .then_with(|| ka.2.cmp(kb.2))
        };
        pages.sort_by(in_order);
        subs.sort_by(in_order);
        site.pages[s].pages = pages;
        site.pages[s].subsections = subs;
    }
}

/// Weight (or course prefix) first, then newest first, then title (in dictionary order of the
/// site's language: "Écrire" before "Publier") and file.
fn order_key(p: &Page) -> (i64, std::cmp::Reverse<Option<jiff::civil::Date>>, &str) {
    let value_order = match p.data {
        KindData::Value { order, .. } => Some(order),
        _ => None,
    };
    let order = p.weight.or(p.prefix_order.map(i64::from)).or(value_order).unwrap_or(i64::MAX);
    (order, std::cmp::Reverse(p.sort_date()), p.rel_path.as_str())
}

/// Two pages, or a page and an alias, that want the same URL.
fn check_urls(site: &Site, diags: &mut Vec<Diagnostic>) {
    let mut owners: HashMap<&str, &Page> = HashMap::new();
    for p in &site.pages {
        if let Some(first) = owners.insert(p.path.as_str(), p) {
            diags.push(
                Diagnostic::error(format!("two pages want the URL `/{}`", p.path))
                    .in_file(&p.shown)
                    .help(format!("`{}` has it too: give one of them another `slug`", first.shown.display())),
            );
        }
    }
    for p in &site.pages {
        for a in &p.aliases {
            let key = a.as_str();
            if let Some(other) = owners.get(key) {
                let ctx = FileCtx::new(p.shown.clone(), &p.text, p.split());
                let what = if std::ptr::eq(*other, p) {
                    "this page itself".to_string()
                } else {
                    format!("`{}`", other.shown.display())
                };
                // The alias as written: with or without its slashes.
                let bare = a.trim_end_matches('/');
                let written = [format!("/{bare}/"), format!("/{bare}"), format!("{bare}/"), bare.to_string()]
                    .into_iter()
                    .find(|w| ctx.split.yaml.contains(w.as_str()))
                    .unwrap_or_else(|| bare.to_string());
                diags.push(ctx.located(
                    "aliases",
                    Some(&written),
                    format!("the alias `/{a}` is already the URL of {what}"),
                    Some("remove the alias or change it".into()),
                ));
            } else {
                owners.insert(key, p);
            }
        }
    }
}

/// A did-you-mean over the given candidates, as a help text.
pub(super) fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(word, candidates).map(|s| format!("did you mean `{s}`?"))
}
