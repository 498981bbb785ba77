//! Courses: each course's modules and lessons in order, each lesson's previous and next across
//! module boundaries, and the durations summed. Pure.

use std::collections::HashMap;

use crate::model::{DocId, Kind, KindData, Site};

#[derive(Debug, Clone, Default)]
pub struct Course {
    pub id: DocId,
    /// Modules in order, each with its lessons in order.
    pub modules: Vec<(DocId, Vec<DocId>)>,
    /// Every lesson, in reading order.
    pub lessons: Vec<DocId>,
}

#[derive(Debug, Default)]
pub struct Courses {
    pub list: Vec<Course>,
    /// A course, module or lesson → its course's index in `list`.
    pub course_of: HashMap<DocId, usize>,
}

/// A lesson's own duration.
pub fn lesson_minutes(site: &Site, id: DocId) -> Option<u32> {
    match site.page(id).data {
        KindData::Lesson { duration, .. } => duration,
        _ => None,
    }
}

/// A module's duration: the sum of its lessons' when every lesson gives one; else its own
/// `duration`; else the sum of the lessons that give one.
pub fn module_minutes(site: &Site, module: DocId, lessons: &[DocId]) -> Option<u32> {
    let given: Vec<u32> = lessons.iter().filter_map(|&l| lesson_minutes(site, l)).collect();
    if !lessons.is_empty() && given.len() == lessons.len() {
        return Some(given.iter().sum());
    }
    let own = match site.page(module).data {
        KindData::Module { duration, .. } => duration,
        _ => None,
    };
    own.or_else(|| (!given.is_empty()).then(|| given.iter().sum()))
}

impl Course {
    pub fn minutes(&self, site: &Site) -> Option<u32> {
        let parts: Vec<u32> = self.modules.iter().filter_map(|(m, ls)| module_minutes(site, *m, ls)).collect();
        (!parts.is_empty()).then(|| parts.iter().sum())
    }

    /// The lessons before and after `lesson` in reading order.
    pub fn neighbours(&self, lesson: DocId) -> (Option<DocId>, Option<DocId>) {
        let Some(i) = self.lessons.iter().position(|&l| l == lesson) else { return (None, None) };
        (i.checked_sub(1).map(|j| self.lessons[j]), self.lessons.get(i + 1).copied())
    }
}

pub fn derive(site: &Site) -> Courses {
    let mut courses = Courses::default();
    for (id, page) in site.pages.iter().enumerate() {
        if page.kind != Kind::Course || !page.is_section {
            continue;
        }
        let index = courses.list.len();
        let mut course = Course { id, ..Default::default() };
        courses.course_of.insert(id, index);
        for &m in page.subsections.iter().filter(|&&m| site.page(m).kind == Kind::Module) {
            let lessons: Vec<DocId> =
                site.page(m).pages.iter().copied().filter(|&l| site.page(l).kind == Kind::Lesson).collect();
            courses.course_of.insert(m, index);
            for &l in &lessons {
                courses.course_of.insert(l, index);
            }
            course.lessons.extend(&lessons);
            course.modules.push((m, lessons));
        }
        courses.list.push(course);
    }
    courses
}
