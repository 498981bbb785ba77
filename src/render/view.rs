//! What templates see: serialise-only views built from the model. Dates arrive both as ISO
//! text and already written in words in the site's language.

use serde::Serialize;

pub use super::generated::GeneratedPage;

use super::course::{CourseOutline, LessonNav, course_of, lesson_nav, outline};
use crate::config::{Config, Lang, MenuItem};
use crate::dates::{format_date, format_duration, format_range};
use crate::index::course::module_minutes;
use crate::markdown::{RenderedBody, TocEntry};
use crate::model::kinds::{Question, Resource, Status};
use crate::model::{DocId, Kind, KindData, Page, Site};

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub language: &'static str,
    pub menu: Vec<MenuItem>,
    /// Top-level sections, for the main navigation.
    pub sections: Vec<LinkView>,
    pub accessibility_url: String,
    /// The search page.
    pub search_url: String,
    pub edit_url: Option<&'a str>,
}

#[derive(Serialize, Clone)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

/// A page as shown in a list.
#[derive(Serialize, Clone)]
pub struct SummaryView {
    pub title: String,
    pub url: String,
    pub kind: Kind,
    pub description: Option<String>,
    pub date: Option<String>,
    pub date_text: Option<String>,
    /// A session's or event's place.
    pub location: Option<String>,
    pub draft: bool,
    /// Dated or published in the future (shown by `--future` and the preview).
    pub future: bool,
}

/// Kind-specific data, already in words.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum KindView {
    Page,
    Session {
        programme: Option<String>,
        number: Option<u32>,
        start: String,
        end: Option<String>,
        dates_text: String,
        location: Option<String>,
        participants: Vec<String>,
        values: Vec<SummaryView>,
        next: Option<NextView>,
    },
    Value {
        order: i64,
        summary: Option<String>,
    },
    Tutorial {
        level: Option<String>,
        duration_text: Option<String>,
        prerequisites: Vec<SummaryView>,
        /// The level-2 headings of the body: the tutorial's steps.
        steps: Vec<LinkView>,
    },
    Course {
        audience: Option<String>,
        outcomes: Vec<String>,
        outline: Option<CourseOutline>,
    },
    Module {
        /// The sum of its lessons' durations, else its own `duration`.
        duration_text: Option<String>,
        objectives: Vec<String>,
        /// The key of this module in the course outline.
        key: String,
        outline: Option<CourseOutline>,
    },
    Lesson {
        duration_text: Option<String>,
        objectives: Vec<String>,
        quiz: Vec<Question>,
        resources: Vec<Resource>,
        nav: Option<LessonNav>,
    },
    Event {
        start: String,
        end: Option<String>,
        dates_text: String,
        location: Option<String>,
        online_url: Option<String>,
        registration_url: Option<String>,
        status: Status,
    },
}

#[derive(Serialize)]
pub struct NextView {
    pub date: String,
    pub date_text: String,
    pub title: Option<String>,
    pub location: Option<String>,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub url: String,
    pub permalink: String,
    pub kind: Kind,
    pub is_section: bool,
    pub is_home: bool,
    pub date: Option<String>,
    pub date_text: Option<String>,
    pub updated: Option<String>,
    pub updated_text: Option<String>,
    /// The page's tags, each with its page.
    pub tags: Vec<LinkView>,
    pub authors: &'a [String],
    pub draft: bool,
    pub future: bool,
    pub lang: &'a str,
    pub image: Option<String>,
    /// The image's absolute URL, for Open Graph.
    pub image_permalink: Option<String>,
    pub image_alt: Option<&'a str>,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    pub data: KindView,
    pub breadcrumbs: Vec<LinkView>,
    pub edit_url: Option<String>,
    /// For a value: the pages that name it, newest first.
    pub mentions: Vec<SummaryView>,
    /// For a session: the previous and next sessions of its programme.
    pub previous: Option<SummaryView>,
    pub next: Option<SummaryView>,
    /// Pages sharing the most tags with this one.
    pub related: Vec<SummaryView>,
    /// Pages whose text links to this one.
    pub backlinks: Vec<SummaryView>,
    /// For an event or a session: its `.ics` file, and its schema.org JSON-LD.
    pub ics_url: Option<String>,
    pub json_ld: Option<String>,
    /// For a section with published dated pages: its Atom feed (written only then).
    pub feed_url: Option<String>,
}

/// The views share the site, the config and the language.
pub struct Views<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub indexes: &'a crate::index::Indexes,
}

impl<'a> Views<'a> {
    fn lang(&self) -> Lang {
        self.config.language
    }

    pub fn site_view(&self, accessibility_url: String) -> SiteView<'a> {
        let c = self.config;
        let root = self.site.page(self.site.root);
        SiteView {
            title: &c.title,
            description: &c.description,
            base_url: &c.base_url,
            base_path: &c.base_path,
            language: c.language.code(),
            menu: c.menu.clone(),
            sections: root.subsections.iter().map(|&s| self.link(s)).collect(),
            accessibility_url,
            search_url: format!("{}{}/", c.base_path, c.paths.search),
            edit_url: c.edit_url.as_deref(),
        }
    }

    /// The tags of a page, with the URL of each tag's page.
    pub fn tag_links(&self, id: DocId) -> Vec<LinkView> {
        let tags = &self.indexes.tags;
        let of_page = tags.of_page.get(id).map_or(&[][..], Vec::as_slice);
        of_page
            .iter()
            .map(|&t| LinkView {
                title: tags.list[t].name.clone(),
                url: format!("{}{}/{}/", self.config.base_path, self.config.paths.tags, tags.list[t].slug),
            })
            .collect()
    }

    pub fn link(&self, id: DocId) -> LinkView {
        LinkView { title: self.site.page(id).title.clone(), url: self.site.url(self.config, id) }
    }

    pub fn summary(&self, id: DocId) -> SummaryView {
        let p = self.site.page(id);
        let date = p.sort_date();
        SummaryView {
            title: p.title.clone(),
            url: self.site.url(self.config, id),
            kind: p.kind,
            description: p.description.clone().or_else(|| value_summary(p)),
            date: date.map(|d| d.to_string()),
            date_text: Some(self.dates_text(p)).filter(|s| !s.is_empty()),
            location: match &p.data {
                KindData::Session { location, .. } | KindData::Event { location, .. } => location.clone(),
                _ => None,
            },
            draft: p.draft,
            future: p.scheduled,
        }
    }

    /// The dates of a page in words: a session's or event's span, else its date.
    fn dates_text(&self, p: &Page) -> String {
        match &p.data {
            KindData::Session { start, end, .. } | KindData::Event { start, end, .. } => {
                format_range(self.lang(), start.date(), end.map(|e| e.date()))
            }
            _ => p.date.map(|d| format_date(self.lang(), d)).unwrap_or_default(),
        }
    }

    pub fn page(&self, id: DocId, body: &'a RenderedBody) -> PageView<'a> {
        let event = self.indexes.calendar.by_page.get(&id).map(|&i| &self.indexes.calendar.events[i]);
        let p = self.site.page(id);
        let c = self.config;
        let mut breadcrumbs = Vec::new();
        let mut cur = p.parent;
        while let Some(a) = cur {
            breadcrumbs.push(self.link(a));
            cur = self.site.page(a).parent;
        }
        breadcrumbs.reverse();
        PageView {
            title: &p.title,
            description: p.description.as_deref(),
            url: self.site.url(c, id),
            permalink: format!("{}{}", c.base_url, p.path),
            kind: p.kind,
            is_section: p.is_section,
            is_home: id == self.site.root,
            date: p.date.map(|d| d.to_string()),
            date_text: p.date.map(|d| format_date(self.lang(), d)),
            updated: p.updated.map(|d| d.to_string()),
            updated_text: p.updated.map(|d| format_date(self.lang(), d)),
            tags: self.tag_links(id),
            authors: &p.authors,
            draft: p.draft,
            future: p.scheduled,
            lang: p.lang.as_deref().unwrap_or(c.language.code()),
            image: p.image.as_ref().map(|i| self.image_url(p, i).0),
            image_permalink: p.image.as_ref().map(|i| self.image_url(p, i).1),
            image_alt: p.image_alt.as_deref(),
            content: &body.html,
            toc: &body.toc,
            extra: &p.extra,
            data: self.kind_view(id, p, body),
            breadcrumbs,
            edit_url: c.edit_url.as_ref().map(|u| u.replace("{path}", &p.rel_path)),
            mentions: self.indexes.mentions.get(id).into_iter().flatten().map(|&m| self.summary(m)).collect(),
            previous: self.indexes.series.get(id).and_then(|s| s.0).map(|s| self.summary(s)),
            next: self.indexes.series.get(id).and_then(|s| s.1).map(|s| self.summary(s)),
            related: self.indexes.related.get(id).into_iter().flatten().map(|&r| self.summary(r)).collect(),
            backlinks: self.indexes.backlinks.get(id).into_iter().flatten().map(|&b| self.summary(b)).collect(),
            ics_url: event.map(|e| format!("{}{}/{}.ics", c.base_path, c.paths.agenda, e.key)),
            json_ld: event
                .map(|e| super::jsonld::event(e, p, c))
                .or_else(|| course_of(self, id).map(|course| super::course::json_ld(self, course, id))),
            feed_url: (p.is_section
                && id != self.site.root
                && super::feeds::section_has_feed(self.site, self.indexes, id))
            .then(|| format!("{}atom.xml", self.site.url(c, id))),
        }
    }

    /// An image's published URL and its absolute URL: a path relative to the page's file, a
    /// path from the site's root (`/img/x.png`, under the base path like every site path), or
    /// an address on another site, kept as written.
    fn image_url(&self, p: &Page, image: &str) -> (String, String) {
        if image.contains("://") {
            return (image.to_string(), image.to_string());
        }
        let rel = match image.strip_prefix('/') {
            Some(from_root) => from_root.to_string(),
            None => crate::links::join(&p.rel_path, image).unwrap_or_else(|| image.to_string()),
        };
        (format!("{}{rel}", self.config.base_path), format!("{}{rel}", self.config.base_url))
    }

    fn kind_view(&self, id: DocId, p: &Page, body: &RenderedBody) -> KindView {
        let lang = self.lang();
        let dur = |d: &Option<u32>| d.map(format_duration);
        match &p.data {
            KindData::Page => KindView::Page,
            KindData::Session { programme, number, start, end, location, participants, next, .. } => {
                KindView::Session {
                    programme: programme.clone(),
                    number: *number,
                    start: start.iso(),
                    end: end.map(|e| e.iso()),
                    dates_text: self.dates_text(p),
                    location: location.clone(),
                    participants: participants.clone(),
                    values: p.refs.iter().map(|&v| self.summary(v)).collect(),
                    next: next.as_ref().map(|n| NextView {
                        date: n.date.to_string(),
                        date_text: format_range(lang, n.date, None),
                        title: n.title.clone(),
                        location: n.location.clone(),
                    }),
                }
            }
            KindData::Value { order, summary } => KindView::Value { order: *order, summary: summary.clone() },
            KindData::Tutorial { level, duration, .. } => KindView::Tutorial {
                level: level.clone(),
                duration_text: dur(duration),
                prerequisites: p.refs.iter().map(|&r| self.summary(r)).collect(),
                steps: body
                    .toc
                    .iter()
                    .filter(|h| h.level == 2)
                    .map(|h| LinkView { title: h.title.clone(), url: format!("#{}", h.id) })
                    .collect(),
            },
            KindData::Course { audience, outcomes } => KindView::Course {
                audience: audience.clone(),
                outcomes: outcomes.clone(),
                outline: course_of(self, id).map(|c| outline(self, c, None)),
            },
            KindData::Module { duration, objectives } => {
                let course = course_of(self, id);
                let lessons = course.and_then(|c| c.modules.iter().find(|(m, _)| *m == id)).map(|(_, l)| l.as_slice());
                KindView::Module {
                    duration_text: lessons
                        .and_then(|l| module_minutes(self.site, id, l))
                        .or(*duration)
                        .map(format_duration),
                    objectives: objectives.clone(),
                    key: p.path.clone(),
                    outline: course.map(|c| outline(self, c, Some(id))),
                }
            }
            KindData::Lesson { duration, objectives, quiz, resources } => KindView::Lesson {
                duration_text: dur(duration),
                objectives: objectives.clone(),
                quiz: quiz.clone(),
                resources: resources.clone(),
                nav: course_of(self, id).map(|c| lesson_nav(self, c, id)),
            },
            KindData::Event { start, end, location, online_url, registration_url, status } => KindView::Event {
                start: start.iso(),
                end: end.map(|e| e.iso()),
                dates_text: self.dates_text(p),
                location: location.clone(),
                online_url: online_url.clone(),
                registration_url: registration_url.clone(),
                status: *status,
            },
        }
    }
}

fn value_summary(p: &Page) -> Option<String> {
    match &p.data {
        KindData::Value { summary, .. } => summary.clone(),
        _ => None,
    }
}
