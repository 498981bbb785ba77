//! `sitemap.xml` and `robots.txt`, written in code: exact, and escaped once. The sitemap lists
//! every page a reader can land on (see [`in_sitemap`]), with the day a content page last
//! changed; past [`SITEMAP_LIMIT`] URLs it becomes an index of `sitemap-1.xml`, `sitemap-2.xml`…

use std::fmt::Write as _;

use super::RenderInput;
use super::feeds::escape_xml;
use super::plan::{Job, SITEMAP_LIMIT, in_sitemap, plan, sitemap_parts};
use crate::config::Config;
use crate::index::latest::last_change;

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const NS: &str = "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"";

/// The sitemap's URLs, sorted, each with its last change when it has one.
fn entries(input: &RenderInput<'_>) -> Vec<(String, Option<jiff::civil::Date>)> {
    let (site, config, indexes) = (input.site, input.config, input.indexes);
    let mut urls: Vec<(String, Option<jiff::civil::Date>)> = plan(site, config, indexes)
        .iter()
        .filter(|job| in_sitemap(job))
        .map(|job| {
            let path = super::output_path(input, job);
            let path = path.strip_suffix("index.html").unwrap_or(&path).to_string();
            let changed = match job {
                Job::Page(id) | Job::Section { id, .. } => {
                    last_change(site.page(*id), indexes.published[*id], indexes.today)
                }
                _ => None,
            };
            (format!("{}{path}", config.base_url), changed)
        })
        .collect();
    urls.sort();
    urls
}

/// `sitemap.xml` (`part: None`) or one of its parts.
pub fn sitemap(input: &RenderInput<'_>, part: Option<usize>) -> (String, Vec<u8>) {
    let urls = entries(input);
    let parts = sitemap_parts(urls.len());
    let mut out = String::from(HEAD);
    let path = match part {
        None if parts > 1 => {
            let _ = writeln!(out, "<sitemapindex {NS}>");
            for n in 1..=parts {
                let loc = format!("{}sitemap-{n}.xml", input.config.base_url);
                let _ = writeln!(out, "  <sitemap>\n    <loc>{}</loc>\n  </sitemap>", escape_xml(&loc));
            }
            out.push_str("</sitemapindex>\n");
            return ("sitemap.xml".into(), out.into_bytes());
        }
        None => "sitemap.xml".to_string(),
        Some(n) => format!("sitemap-{n}.xml"),
    };
    let skip = part.map_or(0, |n| (n - 1) * SITEMAP_LIMIT);
    let _ = writeln!(out, "<urlset {NS}>");
    for (loc, changed) in urls.iter().skip(skip).take(SITEMAP_LIMIT) {
        let _ = write!(out, "  <url>\n    <loc>{}</loc>\n", escape_xml(loc));
        if let Some(d) = changed {
            let _ = writeln!(out, "    <lastmod>{d}</lastmod>");
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    (path, out.into_bytes())
}

pub fn robots(config: &Config) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", config.base_url)
}
