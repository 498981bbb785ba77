//! Stage 4, derive: what pages say about each other, computed once from the `Site`. Which
//! pages name a value, the sessions of a programme in order, their previous and next.
//! Pure: no IO, and the `Site` is only read.

pub mod calendar;
pub mod course;
pub mod latest;
mod related;
pub mod tags;

use std::collections::BTreeMap;

use crate::collate::Collation;
use crate::diagnostics::Diagnostic;
pub use tags::{Tag, Tags};

use crate::model::{DocId, Kind, KindData, Site, slugify};

#[derive(Debug, Default)]
pub struct Indexes {
    /// For each value page: the pages that name it in `values` or carry its slug as a tag,
    /// newest first. Empty for other pages.
    pub mentions: Vec<Vec<DocId>>,
    /// For each session: the previous and next session of the same programme.
    pub series: Vec<(Option<DocId>, Option<DocId>)>,
    /// Programme name → its sessions, newest first.
    pub programmes: BTreeMap<String, Vec<DocId>>,
    /// For each section holding sessions: their programmes, in the order of the section's list.
    pub section_programmes: std::collections::HashMap<DocId, Vec<String>>,
    pub tags: Tags,
    /// The day of the build: nothing is dated later in feeds and `.ics` stamps.
    pub today: jiff::civil::Date,
    /// For each page, the day it counts as published (see [`latest`]).
    pub published: Vec<Option<jiff::civil::Date>>,
    /// The published pages (not sections), newest first by publication date.
    pub latest: Vec<DocId>,
    /// For each page, the pages sharing the most tags with it.
    pub related: Vec<Vec<DocId>>,
    pub calendar: calendar::Calendar,
    pub courses: course::Courses,
    /// For each page, the pages whose text links to it, newest first.
    pub backlinks: Vec<Vec<DocId>>,
}

/// The programme a session belongs to ("" when it does not say).
pub fn programme_of(site: &Site, id: DocId) -> Option<&str> {
    match &site.page(id).data {
        KindData::Session { programme, .. } => Some(programme.as_deref().unwrap_or("")),
        _ => None,
    }
}

fn newest_first(site: &Site, ids: &mut [DocId]) {
    ids.sort_by(|&a, &b| {
        let (pa, pb) = (site.page(a), site.page(b));
        pb.sort_date().cmp(&pa.sort_date()).then_with(|| pa.rel_path.cmp(&pb.rel_path))
    });
}

/// Derives every index; spelling variants of tags come back as warnings.
/// `links[i]` lists the pages the text of page `i` links to.
pub fn derive(
    site: &Site,
    collation: &Collation,
    today: jiff::civil::Date,
    links: &[&[DocId]],
) -> (Indexes, Vec<Diagnostic>) {
    let n = site.pages.len();
    let mut idx = Indexes { mentions: vec![Vec::new(); n], series: vec![(None, None); n], ..Default::default() };
    let values: BTreeMap<&str, DocId> =
        (0..n).filter(|&i| site.page(i).kind == Kind::Value).map(|i| (site.page(i).slug.as_str(), i)).collect();
    for (id, page) in site.pages.iter().enumerate() {
        if page.kind == Kind::Session {
            for &v in &page.refs {
                idx.mentions[v].push(id);
            }
            let programme = programme_of(site, id).unwrap_or_default().to_string();
            idx.programmes.entry(programme).or_default().push(id);
        }
        for tag in &page.tags {
            if let Some(&v) = values.get(slugify(tag).as_str())
                && v != id
                && !idx.mentions[v].contains(&id)
            {
                idx.mentions[v].push(id);
            }
        }
    }
    for list in &mut idx.mentions {
        newest_first(site, list);
    }
    for sessions in idx.programmes.values_mut() {
        newest_first(site, sessions);
        // Newest first: the previous session is the next in the list.
        for (i, &id) in sessions.iter().enumerate() {
            let prev = sessions.get(i + 1).copied();
            let next = i.checked_sub(1).map(|j| sessions[j]);
            idx.series[id] = (prev, next);
        }
    }
    for (id, page) in site.pages.iter().enumerate().filter(|(_, p)| p.is_section) {
        let mut names: Vec<String> = Vec::new();
        for &p in &page.pages {
            if let Some(name) = programme_of(site, p)
                && !names.iter().any(|n| n == name)
            {
                names.push(name.to_string());
            }
        }
        if !names.is_empty() {
            idx.section_programmes.insert(id, names);
        }
    }
    let mut warnings = Vec::new();
    idx.tags = tags::derive(site, collation, &mut warnings);
    idx.related = related::derive(site, &idx.tags);
    idx.calendar = calendar::derive(site, today);
    (idx.published, idx.latest) = latest::derive(site, today);
    idx.today = today;
    idx.courses = course::derive(site);
    idx.backlinks = vec![Vec::new(); n];
    for (source, targets) in links.iter().enumerate() {
        for &t in targets.iter() {
            if t != source && t < n && !idx.backlinks[t].contains(&source) {
                idx.backlinks[t].push(source);
            }
        }
    }
    for list in &mut idx.backlinks {
        newest_first(site, list);
    }
    (idx, warnings)
}
