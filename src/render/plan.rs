//! The output plan: every file the site will contain, as data, before anything is rendered.

use crate::config::Config;
use crate::index::Indexes;
use crate::model::{DocId, Kind, Site};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// A content page.
    Page(DocId),
    /// One page (from 1) of a section's list.
    Section {
        id: DocId,
        page: usize,
        of: usize,
    },
    /// The agenda, `/agenda/`.
    Agenda,
    /// One page (from 1) of the events starting in a year.
    AgendaYear {
        year: i16,
        page: usize,
        of: usize,
    },
    /// The agenda of one month with events.
    AgendaMonth {
        year: i16,
        month: i8,
    },
    /// `/agenda.ics` (`None`) or one event's `.ics`.
    Ics(Option<usize>),
    /// The search page, which also lists every page by section.
    Search,
    /// The tag index, `/tags/`.
    TagIndex,
    /// One page (from 1) of a tag's pages.
    Tag {
        tag: usize,
        page: usize,
        of: usize,
    },
    /// An Atom feed.
    Feed(super::feeds::Feed),
    /// The sessions of one programme, when a section holds several programmes.
    Programme {
        section: DocId,
        name: String,
    },
    /// A redirect from an old path to a page.
    Alias {
        from: String,
        to: DocId,
    },
    NotFound,
    /// The default accessibility statement, when the content has none at its path.
    Accessibility,
    /// `sitemap.xml`: the URLs, or with more than [`SITEMAP_LIMIT`] the index of the parts.
    Sitemap,
    /// Part `n` (from 1) of the sitemap of a very large site, `sitemap-n.xml`.
    SitemapPart(usize),
    Robots,
    /// The code highlighting stylesheet for the light or dark colour scheme.
    HighlightCss {
        dark: bool,
    },
}

/// Where the accessibility statement lives (`accessibilite/` or `accessibility/`).
pub fn accessibility_path(config: &Config) -> &'static str {
    match config.language {
        crate::config::Lang::Fr => "accessibilite/",
        crate::config::Lang::En => "accessibility/",
    }
}

/// A section's list pages: its sub-sections, then its pages, `paginate` items a page (a section
/// of 700 projects is paginated as one of 700 pages is).
pub fn section_page_count(site: &Site, config: &Config, id: DocId) -> usize {
    let p = site.page(id);
    page_count(p.subsections.len() + p.pages.len(), p.paginate.unwrap_or(config.paginate))
}

/// How many list pages `items` make, `size` a page: always at least one.
pub fn page_count(items: usize, size: usize) -> usize {
    items.div_ceil(size.max(1)).max(1)
}

/// The path of page `n` (from 1) of a section list.
pub fn section_page_path(section_path: &str, n: usize) -> String {
    if n <= 1 { section_path.to_string() } else { format!("{section_path}page/{n}/") }
}

pub fn plan(site: &Site, config: &Config, indexes: &Indexes) -> Vec<Job> {
    use super::feeds::Feed;
    let mut jobs = Vec::with_capacity(site.pages.len() + 8);
    let tags_path = format!("{}/", config.paths.tags);
    let agenda_path = format!("{}/", config.paths.agenda);
    for (id, p) in site.pages.iter().enumerate() {
        if p.is_section
            && (p.path == tags_path || p.path == agenda_path || p.path == format!("{}/", config.paths.search))
        {
            // A content section at the tags' path introduces the generated tag index.
            jobs.extend(p.aliases.iter().map(|a| Job::Alias { from: a.clone(), to: id }));
            continue;
        }
        if p.is_section && id != site.root && super::feeds::section_has_feed(site, indexes, id) {
            jobs.push(Job::Feed(Feed::Section(id)));
        }
        if p.is_section {
            let of = section_page_count(site, config, id);
            jobs.extend((1..=of).map(|page| Job::Section { id, page, of }));
            if let Some(programmes) = indexes.section_programmes.get(&id).filter(|p| p.len() > 1) {
                jobs.extend(programmes.iter().map(|name| Job::Programme { section: id, name: name.clone() }));
            }
        } else {
            jobs.push(Job::Page(id));
        }
        jobs.extend(p.aliases.iter().map(|a| Job::Alias { from: a.clone(), to: id }));
    }
    if !site.pages.iter().any(|p| p.path == accessibility_path(config)) {
        jobs.push(Job::Accessibility);
    }
    jobs.push(Job::Agenda);
    for (&year, ids) in &indexes.calendar.years {
        let of = super::agenda::year_page_count(ids.len());
        jobs.extend((1..=of).map(|page| Job::AgendaYear { year, page, of }));
    }
    jobs.extend(indexes.calendar.months.keys().map(|&(year, month)| Job::AgendaMonth { year, month }));
    jobs.push(Job::Ics(None));
    jobs.extend((0..indexes.calendar.events.len()).map(|i| Job::Ics(Some(i))));
    jobs.push(Job::Search);
    jobs.push(Job::TagIndex);
    for (tag, t) in indexes.tags.list.iter().enumerate() {
        let of = page_count(t.pages.len(), config.paginate);
        jobs.extend((1..=of).map(|page| Job::Tag { tag, page, of }));
        if super::feeds::tag_has_feed(site, indexes, tag) {
            jobs.push(Job::Feed(Feed::Tag(tag)));
        }
    }
    let parts = sitemap_parts(jobs.iter().filter(|j| in_sitemap(j)).count());
    jobs.extend((1..=parts).filter(|_| parts > 1).map(Job::SitemapPart));
    jobs.extend([
        Job::Feed(Feed::Site),
        Job::NotFound,
        Job::Sitemap,
        Job::Robots,
        Job::HighlightCss { dark: false },
        Job::HighlightCss { dark: true },
    ]);
    jobs
}

/// The most URLs a sitemap file may hold (the sitemaps protocol's limit).
pub const SITEMAP_LIMIT: usize = 50_000;

/// How many sitemap files `urls` URLs need.
pub fn sitemap_parts(urls: usize) -> usize {
    urls.div_ceil(SITEMAP_LIMIT).max(1)
}

/// Whether the page a job writes belongs in the sitemap: every page a reader can land on, the
/// first page of each list (the next ones are reached from it); not aliases, feeds, calendar
/// files, the search page (a tool, without content of its own) nor the 404 page.
pub fn in_sitemap(job: &Job) -> bool {
    match job {
        Job::Page(_) | Job::Programme { .. } | Job::Agenda | Job::AgendaMonth { .. } | Job::TagIndex => true,
        Job::Accessibility => true,
        Job::Section { page, .. } | Job::Tag { page, .. } | Job::AgendaYear { page, .. } => *page == 1,
        _ => false,
    }
}

/// The template of a page: its `template`, else its kind's, else the generic one.
pub fn template_candidates(site: &Site, id: DocId) -> Vec<String> {
    let p = site.page(id);
    let mut names = Vec::new();
    if let Some(t) = &p.template {
        names.push(t.clone());
        return names;
    }
    if id == site.root {
        names.push("index.html".into());
    }
    let kind = p.kind.name();
    match (p.is_section, p.kind) {
        (true, Kind::Page) => names.push("section.html".into()),
        (true, _) => names.extend([format!("{kind}.html"), "section.html".into()]),
        (false, _) => names.extend([format!("{kind}.html"), "page.html".into()]),
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sitemap_holds_at_most_fifty_thousand_urls_a_file() {
        assert_eq!(sitemap_parts(0), 1);
        assert_eq!(sitemap_parts(SITEMAP_LIMIT), 1);
        assert_eq!(sitemap_parts(SITEMAP_LIMIT + 1), 2);
        assert_eq!(sitemap_parts(120_000), 3);
    }

    #[test]
    fn only_pages_a_reader_lands_on_are_in_the_sitemap() {
        assert!(in_sitemap(&Job::Section { id: 0, page: 1, of: 3 }));
        assert!(!in_sitemap(&Job::Section { id: 0, page: 2, of: 3 }));
        assert!(in_sitemap(&Job::AgendaMonth { year: 2018, month: 3 }));
        assert!(!in_sitemap(&Job::Alias { from: "old/".into(), to: 0 }));
        assert!(!in_sitemap(&Job::Search) && !in_sitemap(&Job::NotFound) && !in_sitemap(&Job::Ics(None)));
    }
}
