//! The calendar: every event of the site, from `event` pages, from session logs (their
//! `start`/`end` and place) and from a session's `next` meeting when no page already covers
//! that day and place. Sorted, split into upcoming and past, grouped by month. Pure.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::model::kinds::Status;
use crate::model::when::When;
use crate::model::{DocId, KindData, Site, slugify};

/// Where an event comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// An `event` page or a session log.
    Page,
    /// The `next` meeting announced by this session.
    NextOf,
}

#[derive(Debug, Clone)]
pub struct Event {
    /// The page that holds the event (for `NextOf`, the session announcing it).
    pub page: DocId,
    pub origin: Origin,
    pub title: String,
    pub start: When,
    /// Inclusive last day, or end time.
    pub end: Option<When>,
    pub location: Option<String>,
    pub online_url: Option<String>,
    pub registration_url: Option<String>,
    pub status: Status,
    /// Unique and stable: the file name of its `.ics` and the first part of its UID.
    pub key: String,
}

impl Event {
    pub fn first_day(&self) -> Date {
        self.start.date()
    }

    /// The last day the event covers.
    pub fn last_day(&self) -> Date {
        self.end.map_or(self.first_day(), |e| e.date()).max(self.first_day())
    }

    /// Longer than four weeks (a project phase, a season): a month grid lists it apart, as under
    /// way, instead of in its cells.
    pub fn is_long(&self) -> bool {
        self.first_day().checked_add(jiff::Span::new().days(LONG_DAYS)).is_ok_and(|d| self.last_day() >= d)
    }
}

/// An event lasting this many days or more is [long](Event::is_long).
pub const LONG_DAYS: i64 = 29;

#[derive(Debug, Default)]
pub struct Calendar {
    /// Every event, by start then key.
    pub events: Vec<Event>,
    /// Indexes into `events`: not yet over on `today`, soonest first.
    pub upcoming: Vec<usize>,
    /// Indexes into `events` that are over, the latest to start first.
    pub past: Vec<usize>,
    /// Year → indexes into `events` starting in it, by start; every year with a month page is
    /// there, with no event when events only end in it.
    pub years: BTreeMap<i16, Vec<usize>>,
    /// (year, month) → events overlapping that month, for each month in which an event starts or ends.
    pub months: BTreeMap<(i16, i8), Vec<usize>>,
    /// An event page or session → its event (not the meetings it announces).
    pub by_page: std::collections::HashMap<DocId, usize>,
}

fn place_key(location: &Option<String>) -> String {
    location.as_deref().map(slugify).unwrap_or_default()
}

/// The longest event key: its `.ics` file name must stay under the 255 bytes of a file name.
const MAX_KEY: usize = 240;

/// An event's key: the page's path with dashes for slashes (`evenements-atelier`), then
/// `suffix`. Pages deep in folders of long names would make a file name longer than file systems
/// allow: such a key is cut and ends with a hash of the whole, so that it stays unique and stable.
fn event_key(path: &str, suffix: &str) -> String {
    let key = path.trim_end_matches('/').replace('/', "-");
    let key = if key.is_empty() { format!("accueil{suffix}") } else { format!("{key}{suffix}") };
    if key.len() <= MAX_KEY {
        return key;
    }
    // FNV-1a: stable across builds, platforms and Rust versions, unlike the standard hasher.
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    let mut cut = MAX_KEY - 17;
    while !key.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}-{hash:016x}", &key[..cut])
}

pub fn derive(site: &Site, today: Date) -> Calendar {
    let mut events = Vec::new();
    for (id, p) in site.pages.iter().enumerate() {
        let key = event_key(&p.path, "");
        let event = |start: When, end: Option<When>, location: &Option<String>| Event {
            page: id,
            origin: Origin::Page,
            title: p.title.clone(),
            start,
            end,
            location: location.clone(),
            online_url: None,
            registration_url: None,
            status: Status::Scheduled,
            key: key.clone(),
        };
        match &p.data {
            KindData::Event { start, end, location, online_url, registration_url, status } => events.push(Event {
                online_url: online_url.clone(),
                registration_url: registration_url.clone(),
                status: *status,
                ..event(*start, *end, location)
            }),
            KindData::Session { start, end, location, .. } => events.push(event(*start, *end, location)),
            _ => {}
        }
    }
    // A session's next meeting, unless a page already covers that day at that place.
    let mut announced = Vec::new();
    for (id, p) in site.pages.iter().enumerate() {
        let KindData::Session { next: Some(next), .. } = &p.data else { continue };
        let covered = events.iter().any(|e| {
            e.first_day() <= next.date
                && next.date <= e.last_day()
                && (next.location.is_none()
                    || e.location.is_none()
                    || place_key(&e.location) == place_key(&next.location))
        });
        if covered {
            continue;
        }
        announced.push(Event {
            page: id,
            origin: Origin::NextOf,
            title: next.title.clone().unwrap_or_else(|| p.title.clone()),
            start: When::Day(next.date),
            end: None,
            location: next.location.clone(),
            online_url: None,
            registration_url: None,
            status: Status::Scheduled,
            key: event_key(&p.path, "-prochain-rendez-vous"),
        });
    }
    events.extend(announced);
    events.sort_by(|a, b| a.start.local().cmp(&b.start.local()).then_with(|| a.key.cmp(&b.key)));
    let mut cal = Calendar::default();
    for (i, e) in events.iter().enumerate() {
        if e.last_day() >= today {
            cal.upcoming.push(i);
        } else {
            cal.past.push(i);
        }
        cal.years.entry(e.first_day().year()).or_default().push(i);
        // A month has a page when an event starts or ends in it: the pages grow with the
        // events, not with their length (an event from year 1 to 9999 makes two).
        for day in [e.first_day(), e.last_day()] {
            cal.months.entry((day.year(), day.month())).or_default();
        }
    }
    // Each month page lists every event under way in it, those that started before included.
    for (i, e) in events.iter().enumerate() {
        let (first, last) = (e.first_day(), e.last_day());
        for (_, ids) in cal.months.range_mut((first.year(), first.month())..=(last.year(), last.month())) {
            ids.push(i);
        }
    }
    // Every year with a month page has a year page (events may only end in it).
    for &(year, _) in cal.months.keys() {
        cal.years.entry(year).or_default();
    }
    cal.past.reverse();
    cal.by_page =
        events.iter().enumerate().filter(|(_, e)| e.origin == Origin::Page).map(|(i, e)| (e.page, i)).collect();
    cal.events = events;
    cal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_keys_fit_a_file_name_and_stay_unique() {
        assert_eq!(event_key("evenements/atelier/", ""), "evenements-atelier");
        assert_eq!(event_key("", "-prochain-rendez-vous"), "accueil-prochain-rendez-vous");
        let deep = format!("projets/{}/{}/", "a".repeat(200), "phase-d-investigation");
        let (a, b) = (event_key(&deep, ""), event_key(&deep.replace("investigation", "construction"), ""));
        assert!(a.len() + ".ics".len() <= 255 && b.len() <= MAX_KEY, "{a}");
        assert_ne!(a, b);
        assert_eq!(a, event_key(&deep, ""), "stable");
        assert!(a.starts_with("projets-aaaa"), "{a}");
    }
}
