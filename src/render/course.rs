//! What course pages show: the outline (modules, lessons, durations), a lesson's place in
//! its course (previous, next across modules), and the course's JSON-LD.

use serde::Serialize;
use serde_json::json;

use super::view::{LinkView, Views};
use crate::dates::format_duration;
use crate::index::course::{Course, lesson_minutes, module_minutes};
use crate::model::DocId;

#[derive(Serialize)]
pub struct LessonOutline {
    pub title: String,
    pub url: String,
    /// The key progress is stored under (the lesson's path).
    pub key: String,
    pub duration_text: Option<String>,
}

#[derive(Serialize)]
pub struct ModuleOutline {
    pub title: String,
    pub url: String,
    pub key: String,
    pub duration_text: Option<String>,
    pub lessons: Vec<LessonOutline>,
}

#[derive(Serialize)]
pub struct CourseOutline {
    pub title: String,
    pub url: String,
    /// The key the browser keeps this course's progress under.
    pub key: String,
    pub duration_text: Option<String>,
    pub lesson_count: usize,
    pub first_lesson: Option<LinkView>,
    pub modules: Vec<ModuleOutline>,
}

#[derive(Serialize)]
pub struct LessonNav {
    pub course: LinkView,
    pub course_key: String,
    pub key: String,
    pub position: usize,
    pub count: usize,
    pub prev: Option<LinkView>,
    pub next: Option<LinkView>,
}

fn lesson_outline(views: &Views<'_>, l: DocId) -> LessonOutline {
    let link = views.link(l);
    LessonOutline {
        title: link.title,
        url: link.url,
        key: views.site.page(l).path.clone(),
        duration_text: lesson_minutes(views.site, l).map(format_duration),
    }
}

/// The course containing `id` (the course itself, a module or a lesson).
pub fn course_of<'a>(views: &Views<'a>, id: DocId) -> Option<&'a Course> {
    let i = *views.indexes.courses.course_of.get(&id)?;
    views.indexes.courses.list.get(i)
}

/// The course's outline; with `only`, just that module (what a module page shows).
pub fn outline(views: &Views<'_>, course: &Course, only: Option<DocId>) -> CourseOutline {
    let site = views.site;
    let link = views.link(course.id);
    CourseOutline {
        title: link.title,
        url: link.url,
        key: site.page(course.id).path.clone(),
        duration_text: course.minutes(site).map(format_duration),
        lesson_count: course.lessons.len(),
        first_lesson: course.lessons.first().map(|&l| views.link(l)),
        modules: course
            .modules
            .iter()
            .filter(|(m, _)| only.is_none_or(|o| o == *m))
            .map(|(m, lessons)| {
                let link = views.link(*m);
                ModuleOutline {
                    title: link.title,
                    url: link.url,
                    key: site.page(*m).path.clone(),
                    duration_text: module_minutes(site, *m, lessons).map(format_duration),
                    lessons: lessons.iter().map(|&l| lesson_outline(views, l)).collect(),
                }
            })
            .collect(),
    }
}

pub fn lesson_nav(views: &Views<'_>, course: &Course, lesson: DocId) -> LessonNav {
    let (prev, next) = course.neighbours(lesson);
    LessonNav {
        course: views.link(course.id),
        course_key: views.site.page(course.id).path.clone(),
        key: views.site.page(lesson).path.clone(),
        position: course.lessons.iter().position(|&l| l == lesson).map_or(0, |i| i + 1),
        count: course.lessons.len(),
        prev: prev.map(|p| views.link(p)),
        next: next.map(|n| views.link(n)),
    }
}

/// schema.org `Course` for a course page, `LearningResource` for a module or lesson.
pub fn json_ld(views: &Views<'_>, course: &Course, id: DocId) -> String {
    let site = views.site;
    let config = views.config;
    let page = site.page(id);
    let url = format!("{}{}", config.base_url, page.path);
    let provider = json!({"@type": "Organization", "name": config.title, "url": config.base_url});
    let mut v = if id == course.id {
        json!({
            "@context": "https://schema.org",
            "@type": "Course",
            "name": page.title,
            "url": url,
            "inLanguage": config.language.code(),
            "provider": provider,
            "isAccessibleForFree": true,
            "hasPart": course.lessons.iter().map(|&l| json!({
                "@type": "LearningResource",
                "name": site.page(l).title,
                "url": format!("{}{}", config.base_url, site.page(l).path),
            })).collect::<Vec<_>>(),
        })
    } else {
        json!({
            "@context": "https://schema.org",
            "@type": "LearningResource",
            "name": page.title,
            "url": url,
            "inLanguage": config.language.code(),
            "learningResourceType": if page.is_section { "module" } else { "lesson" },
            "isPartOf": {"@type": "Course", "name": site.page(course.id).title, "url": format!("{}{}", config.base_url, site.page(course.id).path)},
        })
    };
    if let Some(d) = &page.description {
        v["description"] = json!(d);
    }
    let minutes = if id == course.id {
        course.minutes(site)
    } else if page.is_section {
        course.modules.iter().find(|(m, _)| *m == id).and_then(|(m, ls)| module_minutes(site, *m, ls))
    } else {
        lesson_minutes(site, id)
    };
    if let Some(m) = minutes {
        v["timeRequired"] = json!(format!("PT{}H{}M", m / 60, m % 60));
    }
    super::jsonld::script_safe(&v)
}
