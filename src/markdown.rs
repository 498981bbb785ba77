//! Markdown to HTML: the one place that builds the pulldown-cmark parser. Headings get ids
//! and anchor links, code blocks go to the highlighter, links go through a resolver, raw HTML
//! is escaped in safe mode. Everything is an adapter over the event stream.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

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
    /// A broken link: the message and a hint.
    Broken(String, Option<String>),
}

pub trait LinkResolver {
    fn resolve(&self, dest: &str) -> Resolved;
}

pub struct MdOptions<'a> {
    pub safe: bool,
    pub french: bool,
    /// Hidden text of heading anchor links ("lien vers cette section").
    pub anchor_label: &'a str,
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
    /// A warning does not stop the build (an image without alternative text).
    pub warning: bool,
}

#[derive(Debug, Clone, Default)]
pub struct RenderedBody {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub ids: HashSet<String>,
    pub anchors: Vec<AnchorRef>,
    /// Same-page anchors (`#x`), checked against `ids`.
    pub local_anchors: Vec<AnchorRef>,
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
    // An image being read: where it starts, and whether it has alternative text.
    let mut image: Option<(usize, usize, bool)> = None;
    for (event, range) in events {
        match &event {
            Event::Start(Tag::Image { .. }) => image = Some((range.start, range.len().min(80), false)),
            Event::Text(t) | Event::Code(t) if !t.trim().is_empty() => {
                if let Some(img) = image.as_mut() {
                    img.2 = true;
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((offset, len, false)) = image.take() {
                    out.problems.push(BodyProblem {
                        offset,
                        len,
                        message: "this image has no text alternative".into(),
                        help: Some("describe it between the brackets: `![Ce que montre l'image](photo.jpg)`".into()),
                        warning: true,
                    });
                }
            }
            _ => {}
        }
        let e = match event {
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = resolve_dest(dest_url, &range, opts, links, out);
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = resolve_dest(dest_url, &range, opts, links, out);
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
            Event::Html(h) | Event::InlineHtml(h) if opts.safe => Event::Text(h),
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

fn resolve_dest<'a>(
    dest: CowStr<'a>,
    range: &std::ops::Range<usize>,
    opts: &MdOptions<'_>,
    links: &dyn LinkResolver,
    out: &mut RenderedBody,
) -> CowStr<'a> {
    let len = range.len().min(80);
    if let Some(anchor) = dest.strip_prefix('#') {
        if !anchor.is_empty() && !anchor.starts_with("fn") {
            out.local_anchors.push(AnchorRef {
                target: usize::MAX,
                anchor: anchor.to_string(),
                offset: range.start,
                len,
            });
        }
        return dest;
    }
    if opts.safe && is_script_url(&dest) {
        return "#".into();
    }
    match links.resolve(&dest) {
        Resolved::Keep => {
            let lower = dest.to_ascii_lowercase();
            if lower.starts_with("http://") || lower.starts_with("https://") {
                out.external.push(AnchorRef { target: usize::MAX, anchor: dest.to_string(), offset: range.start, len });
            }
            dest
        }
        Resolved::Asset(url) => url.into(),
        Resolved::Page { target, url, anchor } => {
            out.links_to.push(target);
            if let Some(a) = &anchor {
                out.anchors.push(AnchorRef { target, anchor: a.clone(), offset: range.start, len });
            }
            match anchor {
                Some(a) => format!("{url}#{a}").into(),
                None => url.into(),
            }
        }
        Resolved::Broken(message, help) => {
            out.problems.push(BodyProblem { offset: range.start, len, message, help, warning: false });
            dest
        }
    }
}

/// Whether a browser would run `dest` as a script (or open it as a document from nowhere):
/// `javascript:`, `vbscript:` and `data:` URLs, whatever their case, and with the spaces, tabs,
/// line breaks and control characters that browsers strip from URLs.
fn is_script_url(dest: &str) -> bool {
    let clean: String =
        dest.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
    let scheme = clean.split_once(':').map(|(s, _)| s);
    matches!(scheme, Some("javascript" | "vbscript" | "data"))
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
#[path = "markdown_tests.rs"]
mod tests;
