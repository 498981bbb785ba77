//! Rendering: the plan's jobs become output files through view models and Tera. No IO: the
//! templates were loaded before, the files are written after.

mod agenda;
mod course;
pub mod feeds;
mod generated;
mod jsonld;
mod month;
pub mod owners;
pub mod plan;
mod programmes;
pub mod tags;
pub mod templates;
pub mod view;
mod xml;

use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::frontmatter::locate;
use crate::index::programme_of;
use crate::markdown::{RenderedBody, escape_attr};
use crate::model::{DocId, Kind, Site};
use plan::{Job, accessibility_path, section_page_path, template_candidates};
use templates::Templates;
use view::{SummaryView, Views};

/// Everything rendering needs, borrowed.
pub struct RenderInput<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub indexes: &'a crate::index::Indexes,
    pub bodies: &'a [RenderedBody],
    pub templates: &'a Templates,
    /// The highlight stylesheets, `(light, dark)`.
    pub highlight_css: &'a (String, String),
    /// What every template sees (`site`, `t`), built once.
    pub base: &'a Context,
    /// Where the bodies read by one job are noted (set per job by [`render_jobs`]).
    pub reads: Option<&'a Mutex<Vec<DocId>>>,
}

impl<'a> RenderInput<'a> {
    /// The rendered body of a page, noting that the current job depends on it: a preview
    /// re-renders exactly the jobs that read a body whose text changed.
    pub fn body(&self, id: DocId) -> &'a RenderedBody {
        if let Some(reads) = self.reads {
            reads.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(id);
        }
        &self.bodies[id]
    }
}

/// One rendered job: its output path, its bytes and the bodies it read.
pub struct Rendered {
    pub path: String,
    pub bytes: Vec<u8>,
    pub reads: Vec<DocId>,
}

#[derive(Serialize)]
pub(super) struct Paginator {
    current: usize,
    total: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    /// The first, the last and the pages around the current one; `None` marks a gap.
    pages: Vec<Option<(usize, String)>>,
}

/// Page numbers shown in a pagination: 1, the last, and two on each side of the current one.
/// A long list thus links to a few pages, not to all of them (which would grow the site as
/// the square of its size).
fn page_window(current: usize, total: usize) -> Vec<Option<usize>> {
    let mut shown: Vec<usize> =
        [1, total].into_iter().chain(current.saturating_sub(2).max(1)..=(current + 2).min(total)).collect();
    shown.sort_unstable();
    shown.dedup();
    let mut out = Vec::with_capacity(shown.len() + 2);
    for (i, &n) in shown.iter().enumerate() {
        if i > 0 && n > shown[i - 1] + 1 {
            out.push(None);
        }
        out.push(Some(n));
    }
    out
}

impl Paginator {
    /// Page `current` of `total` of the list at `path`.
    pub(super) fn new(config: &Config, path: &str, current: usize, total: usize) -> Paginator {
        let url_of = |n: usize| format!("{}{}", config.base_path, section_page_path(path, n));
        Paginator {
            current,
            total,
            prev_url: (current > 1).then(|| url_of(current - 1)),
            next_url: (current < total).then(|| url_of(current + 1)),
            pages: page_window(current, total).into_iter().map(|n| n.map(|n| (n, url_of(n)))).collect(),
        }
    }
}

/// Renders the given jobs, noting for each the bodies it read (in parallel, in order).
pub fn render_jobs(input: &RenderInput<'_>, jobs: &[&Job]) -> Vec<Result<Rendered, Diagnostic>> {
    render_each(input, jobs, || None, |rendered| rendered)
}

/// Renders the given jobs in parallel and hands each result to `then` as soon as it is made
/// (`carnet build` writes it to disk there and drops the bytes); `then`'s results, in order.
/// Before each job, `skip` may give its result instead (a build stopped by Ctrl-C renders
/// nothing more).
pub fn render_each<T: Send>(
    input: &RenderInput<'_>,
    jobs: &[&Job],
    skip: impl Fn() -> Option<T> + Sync,
    then: impl Fn(Rendered) -> T + Sync,
) -> Vec<Result<T, Diagnostic>> {
    jobs.par_iter()
        .map(|job| {
            if let Some(result) = skip() {
                return Ok(result);
            }
            let log = Mutex::new(Vec::new());
            let traced = RenderInput { reads: Some(&log), ..*input };
            let (path, bytes) = render_job(&traced, job)?;
            debug_assert_eq!(path, output_path(input, job), "the owners check knows where {job:?} writes");
            let mut reads = log.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
            reads.sort_unstable();
            reads.dedup();
            Ok(then(Rendered { path, bytes, reads }))
        })
        .collect()
}

fn index_file(path: &str) -> String {
    format!("{path}index.html")
}

/// Where `job` writes, known before it is rendered (the owners of every output path are
/// checked from this, before anything is written).
pub fn output_path(input: &RenderInput<'_>, job: &Job) -> String {
    let (site, config) = (input.site, input.config);
    match job {
        Job::Page(id) => index_file(&site.page(*id).path),
        Job::Section { id, page, .. } => index_file(&section_page_path(&site.page(*id).path, *page)),
        Job::Alias { from, .. } => {
            if from.ends_with('/') {
                index_file(from)
            } else {
                from.clone()
            }
        }
        Job::Agenda => index_file(&agenda::agenda_path(input)),
        Job::AgendaYear { year, page, .. } => index_file(&section_page_path(&agenda::year_path(input, *year), *page)),
        Job::AgendaMonth { year, month } => index_file(&agenda::month_path(input, *year, *month)),
        Job::Ics(None) => agenda::all_ics_path(input),
        Job::Ics(Some(i)) => agenda::ics_path(input, &input.indexes.calendar.events[*i]),
        Job::Search => index_file(&format!("{}/", config.paths.search)),
        Job::TagIndex => index_file(&tags::tags_path(input)),
        Job::Tag { tag, page, .. } => index_file(&section_page_path(&tags::tag_path(input, *tag), *page)),
        Job::Feed(feed) => feeds::feed_paths(site, input, *feed).0,
        Job::Programme { section, name } => index_file(&programmes::programme_path(&site.page(*section).path, name)),
        Job::NotFound => "404.html".into(),
        Job::Accessibility => index_file(accessibility_path(config)),
        Job::Sitemap => "sitemap.xml".into(),
        Job::SitemapPart(n) => format!("sitemap-{n}.xml"),
        Job::Robots => "robots.txt".into(),
        Job::HighlightCss { dark } => format!("css/highlight-{}.css", if *dark { "dark" } else { "light" }),
    }
}

fn render_job(input: &RenderInput<'_>, job: &Job) -> Result<(String, Vec<u8>), Diagnostic> {
    let (site, config) = (input.site, input.config);
    let views = Views { site, config, indexes: input.indexes };
    match job {
        Job::Page(id) => {
            let mut ctx = input.base.clone();
            ctx.insert("page", &views.page(*id, input.body(*id)));
            let html = render_page_template(input, *id, &ctx)?;
            Ok((index_file(&site.page(*id).path), html.into_bytes()))
        }
        Job::Section { id, page, of } => {
            let section = site.page(*id);
            let size = section.paginate.unwrap_or(config.paginate);
            // Sub-sections first, then pages, `size` items a list page.
            let items = section.subsections.iter().chain(&section.pages).skip((page - 1) * size).take(size);
            let (subsections, slice): (Vec<DocId>, Vec<DocId>) = items.partition(|&&p| site.page(p).is_section);
            let programmes = programmes::groups(&views, *id, &slice);
            let pages: Vec<SummaryView> =
                slice.iter().filter(|&&p| programme_of(site, p).is_none()).map(|&p| views.summary(p)).collect();
            let subsections: Vec<SummaryView> = subsections.iter().map(|&s| views.summary(s)).collect();
            let paginator = Paginator::new(config, &section.path, *page, *of);
            let mut ctx = input.base.clone();
            ctx.insert("page", &views.page(*id, input.body(*id)));
            ctx.insert("pages", &pages);
            ctx.insert("programmes", &programmes);
            ctx.insert("subsections", &subsections);
            ctx.insert("paginator", &paginator);
            if *id == site.root {
                home(input, &views, &mut ctx);
            }
            let html = render_page_template(input, *id, &ctx)?;
            Ok((index_file(&section_page_path(&section.path, *page)), html.into_bytes()))
        }
        Job::Alias { from, to } => {
            let url = escape_attr(&format!("{}{}", config.base_url, site.page(*to).path));
            let title = escape_attr(&site.page(*to).title);
            let lang = config.language.code();
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{url}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p><a href=\"{url}\">{title}</a></p>\n</body>\n</html>\n"
            );
            let path = if from.ends_with('/') { index_file(from) } else { from.clone() };
            Ok((path, html.into_bytes()))
        }
        Job::Agenda => agenda::render_agenda(input),
        Job::AgendaYear { year, page, of } => agenda::render_year(input, *year, *page, *of),
        Job::AgendaMonth { year, month } => month::render_month(input, *year, *month),
        Job::Ics(event) => Ok(agenda::render_ics(input, *event)),
        Job::Search => render_search(input),
        Job::TagIndex => tags::render_index(input),
        Job::Tag { tag, page, of } => tags::render_tag(input, *tag, *page, *of),
        Job::Feed(feed) => Ok(feeds::write(input, *feed)),
        Job::Programme { section, name } => programmes::render_programme(input, *section, name),
        Job::NotFound => simple(input, "404.html", "404.html", "not_found_title", ""),
        Job::Accessibility => {
            let path = accessibility_path(config);
            simple(input, "accessibility.html", &index_file(path), "accessibility_title", path)
        }
        Job::Sitemap => Ok(xml::sitemap(input, None)),
        Job::SitemapPart(n) => Ok(xml::sitemap(input, Some(*n))),
        Job::Robots => Ok(("robots.txt".into(), xml::robots(config).into_bytes())),
        Job::HighlightCss { dark } => {
            let (name, css) = if *dark { ("dark", &input.highlight_css.1) } else { ("light", &input.highlight_css.0) };
            Ok((format!("css/highlight-{name}.css"), css.clone().into_bytes()))
        }
    }
}

#[derive(Serialize)]
struct SectionList {
    title: String,
    url: String,
    /// Pages in the section and in its sub-sections.
    count: usize,
}

/// The pages under a section, its sub-sections' included.
fn pages_under(site: &Site, id: DocId) -> usize {
    let s = site.page(id);
    s.pages.len() + s.subsections.iter().map(|&c| pages_under(site, c)).sum::<usize>()
}

/// The search page: the search form, and for readers without JavaScript the site's sections
/// (the whole list of pages would weigh megabytes on a large site; each section lists its own).
fn render_search(input: &RenderInput<'_>) -> Result<(String, Vec<u8>), Diagnostic> {
    let (site, config) = (input.site, input.config);
    let sections: Vec<SectionList> = site
        .page(site.root)
        .subsections
        .iter()
        .map(|&s| SectionList {
            title: site.page(s).title.clone(),
            url: site.url(config, s),
            count: pages_under(site, s),
        })
        .collect();
    let path = format!("{}/", config.paths.search);
    let intro = site.pages.iter().position(|p| p.is_section && p.path == path);
    let title = intro.map_or_else(
        || input.templates.strings.get("search").cloned().unwrap_or_default(),
        |s| site.page(s).title.clone(),
    );
    let content = intro.map_or("", |s| input.body(s).html.as_str());
    let mut ctx = input.base.clone();
    ctx.insert("page", &view::GeneratedPage::new(site, config, title, &path).with_content(content));
    ctx.insert("sections", &sections);
    ctx.insert("tags_path", &tags::tags_path(input));
    let html = input.templates.render("search.html", &ctx, "the search page")?;
    Ok((index_file(&path), html.into_bytes()))
}

/// What the home page shows besides its section list: the newest pages, the next events, the
/// values (in the charter's order) and the courses.
fn home(input: &RenderInput<'_>, views: &Views<'_>, ctx: &mut Context) {
    let site = input.site;
    ctx.insert("recent", &recent(views));
    let calendar = &input.indexes.calendar;
    let upcoming: Vec<agenda::EventView> =
        calendar.upcoming.iter().take(3).map(|&i| agenda::event_view(input, &calendar.events[i])).collect();
    ctx.insert("upcoming", &upcoming);
    ctx.insert("agenda_url", &format!("{}{}", input.config.base_path, agenda::agenda_path(input)));
    let in_order = || site.pages.iter().filter(|p| p.is_section).flat_map(|s| s.pages.iter().chain(&s.subsections));
    let of_kind = |kind: Kind| -> Vec<SummaryView> {
        in_order().filter(|&&p| site.page(p).kind == kind).map(|&p| views.summary(p)).collect()
    };
    ctx.insert("values", &of_kind(Kind::Value));
    ctx.insert("courses", &of_kind(Kind::Course));
}

/// The newest published pages of the whole site, for the home page.
fn recent(views: &Views<'_>) -> Vec<SummaryView> {
    views.indexes.latest.iter().take(5).map(|&i| views.summary(i)).collect()
}

fn render_page_template(input: &RenderInput<'_>, id: DocId, ctx: &Context) -> Result<String, Diagnostic> {
    let page = input.site.page(id);
    let candidates = template_candidates(input.site, id);
    let Some(name) = candidates.iter().find(|n| input.templates.has(n)) else {
        let wanted = &candidates[0];
        let d = if page.template.is_some() {
            let (pos, len) = locate(&page.split(), "template", Some(wanted));
            Diagnostic::error(format!("the template `{wanted}` does not exist"))
                .at(&page.shown, &page.text, pos)
                .underline(len)
                .help("put it in the site's `templates/` folder, or remove `template:` to use the default")
        } else {
            Diagnostic::error(format!("the theme has none of the templates {}", candidates.join(", ")))
                .in_file(&page.shown)
        };
        return Err(d);
    };
    let job = format!("`{}` with `{name}`", crate::diagnostics::display_path(&page.shown));
    input.templates.render(name, ctx, &job)
}

fn simple(
    input: &RenderInput<'_>,
    template: &str,
    out: &str,
    title_key: &str,
    path: &str,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let config = input.config;
    let title = input.templates.strings.get(title_key).map_or(title_key, String::as_str);
    let mut view = view::GeneratedPage::new(input.site, config, title, path);
    view.is_section = false;
    let mut ctx = input.base.clone();
    ctx.insert("page", &view);
    let html = input.templates.render(template, &ctx, &format!("the generated page `{out}`"))?;
    Ok((out.to_string(), html.into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn pagination_shows_a_window_with_gaps() {
        assert_eq!(page_window(1, 1), [Some(1)]);
        assert_eq!(page_window(1, 3), [Some(1), Some(2), Some(3)]);
        assert_eq!(
            page_window(10, 1500),
            [Some(1), None, Some(8), Some(9), Some(10), Some(11), Some(12), None, Some(1500)]
        );
        assert_eq!(page_window(1500, 1500), [Some(1), None, Some(1498), Some(1499), Some(1500)]);
    }
}
