//! Atom feeds (RFC 4287), written in code: the site's `atom.xml` (whole pages), one per
//! section and one per tag (summaries and links), for sections and tags with published dated
//! pages. Ids are the pages' permanent URLs, so they stay the same from build to build; dates are
//! the pages' publication and `updated` dates (never an event's start still to come, never later
//! than the build day).

use std::fmt::Write as _;

use jiff::civil::Date;

use super::RenderInput;
use crate::index::Indexes;
use crate::index::latest::last_change;
use crate::model::{DocId, Site};

/// Which feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feed {
    Site,
    Section(DocId),
    Tag(usize),
}

/// Text for XML: the characters XML 1.0 forbids are dropped, the rest escaped as for HTML.
pub fn escape_xml(s: &str) -> String {
    let allowed: String = s.chars().filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r')).collect();
    crate::markdown::escape_attr(&allowed)
}

/// The first `max` characters of the text of some HTML, cut at a word, with an ellipsis.
pub fn excerpt(html: &str, max: usize) -> String {
    let mut text = String::with_capacity(max * 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if in_tag => {}
            c => text.push(c),
        }
        if text.len() > max * 4 {
            break;
        }
    }
    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let words: Vec<&str> = decoded.split_whitespace().collect();
    let mut out = String::new();
    for w in words {
        if out.chars().count() + w.chars().count() + 1 > max {
            return format!("{out}…");
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Midnight of `date` in the site's time zone, as RFC 3339.
pub fn rfc3339(date: Date, tz: &jiff::tz::TimeZone) -> String {
    match date.to_zoned_datetime(tz.clone()) {
        Ok(z) => z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        Err(_) => format!("{date}T00:00:00Z"),
    }
}

/// The published pages a feed lists (see [`crate::index::latest`]), newest first.
pub fn feed_pages(input: &RenderInput<'_>, feed: Feed) -> Vec<DocId> {
    let (site, latest) = (input.site, &input.indexes.latest);
    let limit = input.config.feed_limit;
    match feed {
        Feed::Site => latest.iter().copied().take(limit).collect(),
        Feed::Section(s) => latest.iter().copied().filter(|&p| site.page(p).parent == Some(s)).take(limit).collect(),
        Feed::Tag(t) => {
            let of_page = &input.indexes.tags.of_page;
            latest.iter().copied().filter(|&p| of_page[p].contains(&t)).take(limit).collect()
        }
    }
}

/// Whether a section has a feed: when one of its own pages is published with a date.
pub fn section_has_feed(site: &Site, indexes: &Indexes, section: DocId) -> bool {
    site.page(section).pages.iter().any(|&p| !site.page(p).is_section && indexes.published[p].is_some())
}

/// Whether a tag has a feed: when one of its pages is published with a date.
pub fn tag_has_feed(site: &Site, indexes: &Indexes, tag: usize) -> bool {
    indexes.tags.list[tag].pages.iter().any(|&p| !site.page(p).is_section && indexes.published[p].is_some())
}

/// The feed's path in the output, and the path of the page it follows.
pub fn feed_paths(site: &Site, input: &RenderInput<'_>, feed: Feed) -> (String, String) {
    let page = match feed {
        Feed::Site => String::new(),
        Feed::Section(s) => site.page(s).path.clone(),
        Feed::Tag(t) => format!("{}/{}/", input.config.paths.tags, input.indexes.tags.list[t].slug),
    };
    (format!("{page}atom.xml"), page)
}

pub fn write(input: &RenderInput<'_>, feed: Feed) -> (String, Vec<u8>) {
    let (site, config) = (input.site, input.config);
    let (path, page_path) = feed_paths(site, input, feed);
    let title = match feed {
        Feed::Site => config.title.clone(),
        Feed::Section(s) => format!("{} · {}", site.page(s).title, config.title),
        Feed::Tag(t) => format!("{} · {}", input.indexes.tags.list[t].name, config.title),
    };
    let pages = feed_pages(input, feed);
    let (published, today) = (&input.indexes.published, input.indexes.today);
    let date_of = |id: DocId| last_change(site.page(id), published[id], today);
    let updated = pages.iter().filter_map(|&id| date_of(id)).max().unwrap_or(Date::constant(1970, 1, 1));
    let tz = &config.time_zone;
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n",
        config.language.code(),
        escape_xml(&title)
    );
    if !config.description.is_empty() && feed == Feed::Site {
        let _ = writeln!(out, "  <subtitle>{}</subtitle>", escape_xml(&config.description));
    }
    let self_url = format!("{}{path}", config.base_url);
    let page_url = format!("{}{page_path}", config.base_url);
    let _ = write!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <id>{}</id>\n  <updated>{}</updated>\n  <author><name>{}</name></author>\n  <generator>carnet</generator>\n",
        escape_xml(&self_url),
        escape_xml(&page_url),
        escape_xml(&self_url),
        rfc3339(updated, tz),
        escape_xml(&config.title)
    );
    for id in pages {
        let p = site.page(id);
        let url = format!("{}{}", config.base_url, p.path);
        let _ = write!(
            out,
            "  <entry>\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <id>{}</id>\n",
            escape_xml(&p.title),
            escape_xml(&url),
            escape_xml(&url)
        );
        if let Some(d) = published[id] {
            let _ = writeln!(out, "    <published>{}</published>", rfc3339(d, tz));
        }
        let _ = writeln!(out, "    <updated>{}</updated>", rfc3339(date_of(id).unwrap_or(updated), tz));
        for a in &p.authors {
            let _ = writeln!(out, "    <author><name>{}</name></author>", escape_xml(a));
        }
        for &t in &input.indexes.tags.of_page[id] {
            let tag = &input.indexes.tags.list[t];
            let _ =
                writeln!(out, "    <category term=\"{}\" label=\"{}\"/>", escape_xml(&tag.slug), escape_xml(&tag.name));
        }
        let summary = p.description.clone().unwrap_or_else(|| excerpt(&input.body(id).html, 300));
        if !summary.is_empty() {
            let _ = writeln!(out, "    <summary>{}</summary>", escape_xml(&summary));
        }
        // The site's feed carries whole pages; section and tag feeds, which repeat them, carry
        // their summaries and links (a tenth of the size on a large site).
        if feed == Feed::Site {
            let _ = writeln!(
                out,
                "    <content type=\"html\" xml:base=\"{}\">{}</content>",
                escape_xml(&url),
                escape_xml(&input.body(id).html)
            );
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    (path, out.into_bytes())
}
