//! The tag pages: `/tags/` (every tag with its count, in dictionary order) and
//! `/tags/<slug>/` (its pages grouped by kind, newest first, paginated).

use serde::Serialize;

use super::view::{GeneratedPage, LinkView, SummaryView, Views};
use super::{Paginator, RenderInput, index_file};
use crate::diagnostics::Diagnostic;
use crate::model::{DocId, Kind};

/// Kinds in the order their groups appear on a tag page.
const KIND_ORDER: [Kind; 8] =
    [Kind::Session, Kind::Event, Kind::Tutorial, Kind::Course, Kind::Module, Kind::Lesson, Kind::Value, Kind::Page];

#[derive(Serialize)]
struct TagView {
    name: String,
    short_name: String,
    url: String,
    /// Set when the tag has dated pages, and so a feed.
    feed_url: Option<String>,
    count: usize,
    /// 1 to 5, for the visual weight; the count itself is always written.
    weight: usize,
    depth: usize,
    parent: Option<LinkView>,
    children: Vec<LinkView>,
}

#[derive(Serialize)]
struct KindGroup {
    kind: Kind,
    pages: Vec<SummaryView>,
}

pub fn tags_path(input: &RenderInput<'_>) -> String {
    format!("{}/", input.config.paths.tags)
}

pub fn tag_path(input: &RenderInput<'_>, tag: usize) -> String {
    format!("{}{}/", tags_path(input), input.indexes.tags.list[tag].slug)
}

/// The content section at the tags' path, whose title and text introduce `/tags/`.
pub fn intro_section(input: &RenderInput<'_>) -> Option<DocId> {
    let path = tags_path(input);
    input.site.pages.iter().position(|p| p.is_section && p.path == path)
}

fn tag_view(input: &RenderInput<'_>, t: usize, max: usize) -> TagView {
    let tags = &input.indexes.tags;
    let tag = &tags.list[t];
    let base = &input.config.base_path;
    let link =
        |i: usize| LinkView { title: tags.list[i].short_name.clone(), url: format!("{base}{}", tag_path(input, i)) };
    let count = tag.pages.len();
    TagView {
        name: tag.name.clone(),
        short_name: tag.short_name.clone(),
        url: format!("{base}{}", tag_path(input, t)),
        feed_url: super::feeds::tag_has_feed(input.site, input.indexes, t)
            .then(|| format!("{base}{}atom.xml", tag_path(input, t))),
        count,
        weight: 1 + (count * 4) / max.max(1),
        depth: tag.slug.matches('/').count(),
        parent: tag.parent.map(link),
        children: tag.children.iter().map(|&c| link(c)).collect(),
    }
}

pub fn render_index(input: &RenderInput<'_>) -> Result<(String, Vec<u8>), Diagnostic> {
    let tags = &input.indexes.tags;
    let max = tags.list.iter().map(|t| t.pages.len()).max().unwrap_or(1);
    let views: Vec<TagView> = (0..tags.list.len()).map(|t| tag_view(input, t, max)).collect();
    let intro = intro_section(input);
    let default_title = input.templates.strings.get("tags").map_or("Tags", String::as_str);
    let title = intro.map_or(default_title, |s| input.site.page(s).title.as_str());
    let content = intro.map_or("", |s| input.body(s).html.as_str());
    let path = tags_path(input);
    let mut ctx = input.base.clone();
    ctx.insert("page", &GeneratedPage::new(input.site, input.config, title, &path).with_content(content));
    ctx.insert("tags", &views);
    let html = input.templates.render("tags.html", &ctx, "the tag index")?;
    Ok((index_file(&path), html.into_bytes()))
}

pub fn render_tag(input: &RenderInput<'_>, t: usize, page: usize, of: usize) -> Result<(String, Vec<u8>), Diagnostic> {
    let views = Views { site: input.site, config: input.config, indexes: input.indexes };
    let tag = &input.indexes.tags.list[t];
    let size = input.config.paginate;
    let slice: Vec<DocId> = tag.pages.iter().skip((page - 1) * size).take(size).copied().collect();
    let groups: Vec<KindGroup> = KIND_ORDER
        .iter()
        .map(|&kind| KindGroup {
            kind,
            pages: slice.iter().filter(|&&p| input.site.page(p).kind == kind).map(|&p| views.summary(p)).collect(),
        })
        .filter(|g| !g.pages.is_empty())
        .collect();
    let path = tag_path(input, t);
    let paginator = Paginator::new(input.config, &path, page, of);
    let generated_page = GeneratedPage::new(input.site, input.config, &tag.name, &path).under([LinkView {
        title: input.templates.strings.get("tags").cloned().unwrap_or_default(),
        url: format!("{}{}", input.config.base_path, tags_path(input)),
    }]);
    let mut ctx = input.base.clone();
    ctx.insert("page", &generated_page);
    ctx.insert("tag", &tag_view(input, t, 1));
    ctx.insert("groups", &groups);
    ctx.insert("paginator", &paginator);
    let html = input.templates.render("tag.html", &ctx, &format!("the page of the tag `{}`", tag.name))?;
    Ok((index_file(&super::plan::section_page_path(&path, page)), html.into_bytes()))
}
