//! Markdown to HTML: the one place that builds the pulldown-cmark parser. Headings get ids
//! and anchor links, code blocks go to the highlighter, links go through a resolver, raw HTML
//! is escaped in safe mode. Everything is an adapter over the event stream.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

mod links;
use links::{raw_html, resolve_dest};

use crate::anchors::Aliases;
use crate::diagnostics::Lint;
use crate::highlight::{Highlighter, TokenStyle};

/// What a link in a page points at, once resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// External, absolute or otherwise left as written.
    Keep,
    /// Another page (or this one): its URL, and the anchor to check in it.
    Page { target: usize, url: String, anchor: Option<String> },
    /// A file of `content/`, at its published URL.
    Asset(String),
    /// A broken link: the lint it breaks, the message and a hint.
    Broken(Lint, String, Option<String>),
}

pub trait LinkResolver {
    fn resolve(&self, dest: &str) -> Resolved;
}

pub struct MdOptions<'a> {
    pub safe: bool,
    pub french: bool,
    /// Hidden text of heading anchor links ("lien vers cette section").
    pub anchor_label: &'a str,
    /// Anchors written as a forge writes them, with the real id to write instead, by target
    /// page ([`SELF`] for this page), once every page's headings are known.
    pub anchor_fixes: Option<&'a AnchorFixes>,
}

/// (target page or [`SELF`], anchor as written) → the heading's real id.
pub type AnchorFixes = HashMap<(usize, String), String>;

/// The target of a link to an anchor of the page itself.
pub const SELF: usize = usize::MAX;

impl MdOptions<'_> {
    fn anchor<'s>(&'s self, target: usize, written: &'s str) -> &'s str {
        let fixed = self.anchor_fixes.and_then(|f| f.get(&(target, written.to_string())));
        fixed.map_or(written, String::as_str)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// A link to check once every page's anchors are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorRef {
    pub target: usize,
    pub anchor: String,
    /// Byte range of the link in the body.
    pub offset: usize,
    pub len: usize,
}

/// A problem in the body, at a byte offset of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyProblem {
    pub offset: usize,
    pub len: usize,
    pub message: String,
    pub help: Option<String>,
    /// Every problem of a body is a policy of the site: its level decides what it does.
    pub lint: Lint,
}

#[derive(Debug, Clone, Default)]
pub struct RenderedBody {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub ids: HashSet<String>,
    pub anchors: Vec<AnchorRef>,
    /// Same-page anchors (`#x`, also in raw HTML), checked against `ids`.
    pub local_anchors: Vec<AnchorRef>,
    /// The anchors forges would give its headings, leading to their ids.
    pub aliases: Aliases,
    pub problems: Vec<BodyProblem>,
    /// Links to other sites (`http://`, `https://`), for `carnet check --external`.
    pub external: Vec<AnchorRef>,
    /// Pages this body links to (for their \"pages qui mènent ici\").
    pub links_to: Vec<usize>,
    /// The highlighting styles of its code blocks.
    pub styles: BTreeSet<TokenStyle>,
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders a page body.
pub fn render(body: &str, opts: &MdOptions<'_>, links: &dyn LinkResolver, hl: &Highlighter) -> RenderedBody {
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> =
        Parser::new_ext(body, parser_options()).into_offset_iter().collect();
    // The page's title is its only h1: a body that uses `#` is shifted one level down.
    let shift =
        events.iter().any(|(e, _)| matches!(e, Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }))) as u8;
    let mut out = RenderedBody::default();
    let mut final_events: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut i = 0;
    let mut flat_toc = Vec::new();
    let mut next_id = HashMap::new();
    while i < events.len() {
        match &events[i].0 {
            Event::Start(Tag::Heading { level, id, classes, .. }) => {
                let end = find_end(&events, i, |e| matches!(e, Event::End(TagEnd::Heading(_))));
                let inner = &events[i + 1..end];
                let text: String = inner.iter().filter_map(|(e, _)| plain_text(e)).collect();
                let wanted = id.as_ref().map_or_else(|| crate::model::slugify_heading(&text), |s| s.to_string());
                let id = unique_id(&wanted, &mut out.ids, &mut next_id);
                out.aliases.add(&text, &id);
                let lvl = (*level as u8 + shift).min(6);
                let inner_events = adapt(inner.iter().cloned(), opts, links, &mut out);
                let mut inner_html = String::new();
                html::push_html(&mut inner_html, inner_events.into_iter());
                let class = if classes.is_empty() {
                    String::new()
                } else {
                    format!(" class=\"{}\"", escape_attr(&classes.join(" ")))
                };
                // A custom id (`{#x}`) is written by the contributor: escaped like any attribute.
                let attr = escape_attr(&id);
                let heading = format!(
                    "<h{lvl} id=\"{attr}\"{class}>{inner_html} <a class=\"anchor\" href=\"#{attr}\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">{}</span></a></h{lvl}>\n",
                    escape_text(opts.anchor_label)
                );
                final_events.push(Event::Html(heading.into()));
                flat_toc.push(TocEntry { level: lvl, id, title: text.trim().to_string(), children: Vec::new() });
                i = end + 1;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let end = find_end(&events, i, |e| matches!(e, Event::End(TagEnd::CodeBlock)));
                let code: String = events[i + 1..end]
                    .iter()
                    .filter_map(|(e, _)| if let Event::Text(t) = e { Some(t.as_ref()) } else { None })
                    .collect();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let mut block = String::new();
                code_block(&mut block, &mut out.styles, &code, &lang, hl);
                final_events.push(Event::Html(block.into()));
                i = end + 1;
            }
            _ => {
                let end = next_block_start(&events, i + 1);
                final_events.extend(adapt(events[i..end].iter().cloned(), opts, links, &mut out));
                i = end;
            }
        }
    }
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html_out, final_events.into_iter());
    out.html = html_out;
    out.toc = nest_toc(flat_toc);
    out
}

/// Index of the first heading or code block start at or after `from`.
fn next_block_start(events: &[(Event<'_>, std::ops::Range<usize>)], from: usize) -> usize {
    (from..events.len())
        .find(|&j| matches!(events[j].0, Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_))))
        .unwrap_or(events.len())
}

fn find_end(
    events: &[(Event<'_>, std::ops::Range<usize>)],
    start: usize,
    is_end: impl Fn(&Event<'_>) -> bool,
) -> usize {
    (start + 1..events.len()).find(|&j| is_end(&events[j].0)).unwrap_or(events.len() - 1)
}

fn plain_text<'a>(e: &'a Event<'_>) -> Option<&'a str> {
    match e {
        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
        _ => None,
    }
}

/// `wanted`, or the first `wanted-N` still free. `next` remembers where to look from for each
/// base: a page repeating one heading thousands of times stays linear.
fn unique_id(wanted: &str, ids: &mut HashSet<String>, next: &mut HashMap<String, usize>) -> String {
    let base = if wanted.is_empty() { "section" } else { wanted };
    if ids.insert(base.to_string()) {
        return base.to_string();
    }
    let n = next.entry(base.to_string()).or_insert(1);
    loop {
        let id = format!("{base}-{n}");
        *n += 1;
        if ids.insert(id.clone()) {
            return id;
        }
    }
}

/// Links, raw HTML and French quotes, on a run of inline or block events.
fn adapt<'a>(
    events: impl Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
    opts: &MdOptions<'_>,
    links: &dyn LinkResolver,
    out: &mut RenderedBody,
) -> Vec<Event<'a>> {
    let mut adapted = Vec::new();
    // An image being read: where it starts, its length, what it shows, whether it has text.
    let mut image: Option<(usize, usize, String, bool)> = None;
    for (event, range) in events {
        match &event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((range.start, range.len().min(80), dest_url.to_string(), false));
            }
            Event::Text(t) | Event::Code(t) if !t.trim().is_empty() => {
                if let Some(img) = image.as_mut() {
                    img.3 = true;
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((offset, len, dest, false)) = image.take() {
                    out.problems.push(BodyProblem {
                        offset,
                        len,
                        message: "this image has no text alternative".into(),
                        help: Some(format!("describe it between the brackets: `![Ce que montre l'image]({dest})`")),
                        lint: Lint::ImageWithoutAlt,
                    });
                }
            }
            _ => {}
        }
        let e = match event {
            // `<prenom.nom@example.org>`: an e-mail address, written as a `mailto:` link.
            e @ Event::Start(Tag::Link { link_type: LinkType::Email, .. }) => e,
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = resolve_dest(dest_url, &range, opts, links, out);
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = resolve_dest(dest_url, &range, opts, links, out);
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
            Event::Html(h) | Event::InlineHtml(h) if opts.safe => Event::Text(h),
            Event::Html(h) => Event::Html(raw_html(h, range.start, opts, out)),
            Event::InlineHtml(h) => Event::InlineHtml(raw_html(h, range.start, opts, out)),
            Event::Text(t) if opts.french && t.contains(['“', '”']) => {
                Event::Text(t.replace('“', "«\u{202f}").replace('”', "\u{202f}»").into())
            }
            // A wide table scrolls inside its own box, which keyboard users can reach.
            Event::Start(Tag::Table(align)) => {
                adapted.push(Event::Html("<div class=\"table-wrap\" tabindex=\"0\">\n".into()));
                Event::Start(Tag::Table(align))
            }
            Event::End(TagEnd::Table) => {
                adapted.push(Event::End(TagEnd::Table));
                Event::Html("</div>\n".into())
            }
            e => e,
        };
        adapted.push(e);
    }
    adapted
}

fn code_block(out: &mut String, styles: &mut BTreeSet<TokenStyle>, code: &str, lang: &str, hl: &Highlighter) {
    let lang_attr = if lang.is_empty() { String::new() } else { format!(" data-lang=\"{}\"", escape_attr(lang)) };
    let class = if lang.is_empty() { String::new() } else { format!(" class=\"language-{}\"", escape_attr(lang)) };
    let inner = if lang.is_empty() { None } else { hl.highlight(code, lang) };
    let inner = match inner {
        Some(h) => {
            styles.extend(h.styles);
            h.html
        }
        None => escape_text(code),
    };
    let _ = writeln!(out, "<pre class=\"code\" tabindex=\"0\"{lang_attr}><code{class}>{inner}</code></pre>");
}

fn nest_toc(flat: Vec<TocEntry>) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for entry in flat {
        insert_toc(&mut root, entry);
    }
    root
}

fn insert_toc(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => insert_toc(&mut last.children, entry),
        _ => list.push(entry),
    }
}

pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

pub fn escape_attr(s: &str) -> String {
    escape_text(s).replace('"', "&quot;").replace('\'', "&#39;")
}

#[cfg(test)]
mod tests;
