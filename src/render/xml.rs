//! `sitemap.xml` and `robots.txt`, written in code: exact, and escaped once.

use std::fmt::Write as _;

use super::feeds::escape_xml;
use crate::config::Config;
use crate::model::Site;

/// Every published page, with its last modification date when it has one.
pub fn sitemap(site: &Site, config: &Config) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut pages: Vec<_> = site.pages.iter().collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    for p in pages {
        let _ = write!(out, "  <url>\n    <loc>{}</loc>\n", escape_xml(&format!("{}{}", config.base_url, p.path)));
        if let Some(d) = p.updated.or(p.date) {
            let _ = writeln!(out, "    <lastmod>{d}</lastmod>");
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(config: &Config) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", config.base_url)
}
