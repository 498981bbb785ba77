//! Markdown to HTML: the one place that builds the pulldown-cmark parser. Headings get ids
//! and anchor links, code blocks go to the highlighter, links go through a resolver, raw HTML
//! is escaped in safe mode. Everything is an adapter over the event stream.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::fmt::Write as _;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html};
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

/// Renders a page body. The events stream from the parser to the HTML writer, a heading or a
/// code block at a time: a 4 MB table costs its HTML, not millions of events held twice.
pub fn render(body: &str, opts: &MdOptions<'_>, links: &dyn LinkResolver, hl: &Highlighter) -> RenderedBody {
    let mut out = RenderedBody::default();
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    let mut stream = Stream {
        parser: Parser::new_ext(body, parser_options()).into_offset_iter(),
        opts,
        links,
        hl,
        out: &mut out,
        pending: VecDeque::new(),
        image: None,
        flat_toc: Vec::new(),
        next_id: HashMap::new(),
        has_h1: false,
    };
    html::push_html(&mut html_out, &mut stream);
    let (mut flat_toc, has_h1) = (std::mem::take(&mut stream.flat_toc), stream.has_h1);
    // The page's title is its only h1: a body that uses `#` is shifted one level down, which
    // is known only once the whole body is read.
    let shift = u8::from(has_h1);
    for entry in &mut flat_toc {
        entry.level = (entry.level + shift).min(6);
    }
    out.html = set_heading_levels(&html_out, shift);
    out.toc = nest_toc(flat_toc);
    out
}

/// Stands for the level of a heading tag until the levels are known (`<h\u{FDD0}2`): a
/// noncharacter, which no text of a page writes after `<h`.
const LEVEL_MARK: char = '\u{FDD0}';

/// Writes every marked heading tag with its level raised by `shift` (at most `h6`).
fn set_heading_levels(html: &str, shift: u8) -> String {
    let mut fixed = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(LEVEL_MARK) {
        fixed.push_str(&rest[..at]);
        let after = &rest[at + LEVEL_MARK.len_utf8()..];
        match after.as_bytes().first() {
            Some(d @ b'1'..=b'6') => {
                fixed.push(char::from(b'0' + (d - b'0' + shift).min(6)));
                rest = &after[1..];
            }
            _ => {
                fixed.push(LEVEL_MARK);
                rest = after;
            }
        }
    }
    fixed.push_str(rest);
    fixed
}

/// The parser's events, adapted one at a time for the HTML writer; a heading or a code block
/// is read whole and becomes one `Html` event.
struct Stream<'a, 'o> {
    parser: pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>,
    opts: &'o MdOptions<'o>,
    links: &'o dyn LinkResolver,
    hl: &'o Highlighter,
    out: &'o mut RenderedBody,
    /// Events made but not yet handed over (a table's wrapper).
    pending: VecDeque<Event<'a>>,
    /// An image being read: where it starts, its length, what it shows, whether it has text.
    image: Option<(usize, usize, String, bool)>,
    flat_toc: Vec<TocEntry>,
    next_id: HashMap<String, usize>,
    has_h1: bool,
}

impl<'a> Iterator for Stream<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(e) = self.pending.pop_front() {
            return Some(e);
        }
        let (event, range) = self.parser.next()?;
        Some(match event {
            Event::Start(Tag::Heading { level, id, classes, .. }) => self.heading(level, id, &classes),
            Event::Start(Tag::CodeBlock(kind)) => self.code(&kind),
            e => {
                self.adapt(e, range);
                self.pending.pop_front()?
            }
        })
    }
}

impl<'a> Stream<'a, '_> {
    /// The heading whose start was just read, as one HTML event with a marked level.
    fn heading(&mut self, level: HeadingLevel, id: Option<CowStr<'a>>, classes: &[CowStr<'a>]) -> Event<'a> {
        self.has_h1 |= level == HeadingLevel::H1;
        let mut inner = Vec::new();
        let mut text = String::new();
        for (e, range) in self.parser.by_ref() {
            if matches!(e, Event::End(TagEnd::Heading(_))) {
                break;
            }
            if let Event::Text(t) | Event::Code(t) = &e {
                text.push_str(t);
            }
            inner.push((e, range));
        }
        let wanted = id.as_ref().map_or_else(|| crate::model::slugify_heading(&text), |s| s.to_string());
        let id = unique_id(&wanted, &mut self.out.ids, &mut self.next_id);
        self.out.aliases.add(&text, &id);
        for (e, range) in inner {
            self.adapt(e, range);
        }
        let mut inner_html = String::new();
        html::push_html(&mut inner_html, self.pending.drain(..));
        let class =
            if classes.is_empty() { String::new() } else { format!(" class=\"{}\"", escape_attr(&classes.join(" "))) };
        // A custom id (`{#x}`) is written by the contributor: escaped like any attribute.
        let attr = escape_attr(&id);
        let lvl = level as u8;
        let heading = format!(
            "<h{LEVEL_MARK}{lvl} id=\"{attr}\"{class}>{inner_html} <a class=\"anchor\" href=\"#{attr}\" data-pagefind-ignore><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">{}</span></a></h{LEVEL_MARK}{lvl}>\n",
            escape_text(self.opts.anchor_label)
        );
        self.flat_toc.push(TocEntry { level: lvl, id, title: text.trim().to_string(), children: Vec::new() });
        Event::Html(heading.into())
    }

    /// The code block whose start was just read, highlighted, as one HTML event.
    fn code(&mut self, kind: &CodeBlockKind<'a>) -> Event<'a> {
        let mut code = String::new();
        for (e, _) in self.parser.by_ref() {
            match e {
                Event::End(TagEnd::CodeBlock) => break,
                Event::Text(t) => code.push_str(&t),
                _ => {}
            }
        }
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or("").to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        let mut block = String::new();
        code_block(&mut block, &mut self.out.styles, &code, &lang, self.hl);
        Event::Html(block.into())
    }

    /// Links, images, raw HTML, French quotes and tables: one event, adapted into `pending`.
    fn adapt(&mut self, event: Event<'a>, range: std::ops::Range<usize>) {
        let (opts, links) = (self.opts, self.links);
        self.note_image(&event, &range);
        let out = &mut *self.out;
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
                self.pending.push_back(Event::Html("<div class=\"table-wrap\" tabindex=\"0\">\n".into()));
                Event::Start(Tag::Table(align))
            }
            Event::End(TagEnd::Table) => {
                self.pending.push_back(Event::End(TagEnd::Table));
                Event::Html("</div>\n".into())
            }
            e => e,
        };
        self.pending.push_back(e);
    }

    /// Follows an image from its start to its end: one without text is a problem.
    fn note_image(&mut self, event: &Event<'a>, range: &std::ops::Range<usize>) {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.image = Some((range.start, range.len().min(80), dest_url.to_string(), false));
            }
            Event::Text(t) | Event::Code(t) if !t.trim().is_empty() => {
                if let Some(img) = self.image.as_mut() {
                    img.3 = true;
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((offset, len, dest, false)) = self.image.take() {
                    self.out.problems.push(BodyProblem {
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
