//! The agenda: `/agenda/` (what is under way, what comes next, the latest past events, the
//! years), a page per year (`/agenda/2018/`, its events month by month, paginated), a page per
//! month (`month.rs`), `/agenda.ics` and one `.ics` per event. Every page stays small whatever
//! the number of events: the agenda lists at most [`UPCOMING`] events to come and [`RECENT`]
//! past ones, a year page [`YEAR_PAGE`] events a page.

use jiff::civil::Date;
use serde::Serialize;

use super::view::{GeneratedPage, LinkView};
use super::{Paginator, RenderInput, index_file};
use crate::dates::format_when;
use crate::diagnostics::Diagnostic;
use crate::ics::{self, IcsEvent};
use crate::index::calendar::{Event, Origin};
use crate::model::kinds::Status;
use crate::render::plan::{page_count, section_page_path};

/// Events to come listed on `/agenda/`; the others are on the year pages.
pub const UPCOMING: usize = 40;
/// Past events listed on `/agenda/`, the latest first.
pub const RECENT: usize = 10;
/// Events a page of a year.
pub const YEAR_PAGE: usize = 120;

#[derive(Serialize)]
pub struct EventView {
    pub id: String,
    pub title: String,
    pub url: String,
    pub when_text: String,
    pub start: String,
    pub first_day: String,
    pub location: Option<String>,
    pub online_url: Option<String>,
    pub registration_url: Option<String>,
    pub status: Status,
    pub ics_url: String,
    /// Set for a meeting announced by a session (`next`), with the session's title.
    pub announced_by: Option<String>,
}

pub fn agenda_path(input: &RenderInput<'_>) -> String {
    format!("{}/", input.config.paths.agenda)
}

pub fn year_path(input: &RenderInput<'_>, year: i16) -> String {
    format!("{}{year:04}/", agenda_path(input))
}

pub fn month_path(input: &RenderInput<'_>, year: i16, month: i8) -> String {
    format!("{}{year:04}/{month:02}/", agenda_path(input))
}

pub fn ics_path(input: &RenderInput<'_>, e: &Event) -> String {
    format!("{}{}.ics", agenda_path(input), e.key)
}

pub fn all_ics_path(input: &RenderInput<'_>) -> String {
    format!("{}.ics", input.config.paths.agenda)
}

/// How many pages the events starting in `year` make.
pub fn year_page_count(events: usize) -> usize {
    page_count(events, YEAR_PAGE)
}

pub fn event_view(input: &RenderInput<'_>, e: &Event) -> EventView {
    let base = &input.config.base_path;
    let page = input.site.page(e.page);
    EventView {
        id: format!("ev-{}", e.key),
        title: e.title.clone(),
        url: format!("{base}{}", page.path),
        when_text: format_when(input.config.language, e.start, e.end),
        start: e.start.iso(),
        first_day: e.first_day().to_string(),
        location: e.location.clone(),
        online_url: e.online_url.clone(),
        registration_url: e.registration_url.clone(),
        status: e.status,
        ics_url: format!("{base}{}", ics_path(input, e)),
        announced_by: (e.origin == Origin::NextOf).then(|| page.title.clone()),
    }
}

/// "avril 2018" / "April 2018".
pub fn month_label(input: &RenderInput<'_>, year: i16, month: i8) -> String {
    let d = Date::new(year, month, 1).unwrap_or(Date::ZERO);
    let text = crate::dates::format_date(input.config.language, d);
    text.split_once(' ').map_or(text.clone(), |(_, rest)| rest.to_string())
}

pub fn month_link(input: &RenderInput<'_>, (year, month): (i16, i8)) -> LinkView {
    LinkView {
        title: month_label(input, year, month),
        url: format!("{}{}", input.config.base_path, month_path(input, year, month)),
    }
}

pub fn year_link(input: &RenderInput<'_>, year: i16) -> LinkView {
    LinkView { title: year.to_string(), url: format!("{}{}", input.config.base_path, year_path(input, year)) }
}

/// The months of `year` that have a page, as links.
fn months_of(input: &RenderInput<'_>, year: i16) -> Vec<LinkView> {
    let months = &input.indexes.calendar.months;
    months.range((year, 1)..=(year, 12)).map(|(&k, _)| month_link(input, k)).collect()
}

/// The content section at the agenda's path, whose title and text introduce it.
pub fn intro_section(input: &RenderInput<'_>) -> Option<usize> {
    let path = agenda_path(input);
    input.site.pages.iter().position(|p| p.is_section && p.path == path)
}

pub fn agenda_title(input: &RenderInput<'_>) -> String {
    let default_title = input.templates.strings.get("agenda").cloned().unwrap_or_else(|| "Agenda".into());
    intro_section(input).map_or(default_title, |s| input.site.page(s).title.clone())
}

#[derive(Serialize)]
struct YearLink {
    year: i16,
    url: String,
    count: usize,
}

pub fn render_agenda(input: &RenderInput<'_>) -> Result<(String, Vec<u8>), Diagnostic> {
    let cal = &input.indexes.calendar;
    let today = input.indexes.today;
    let view = |&i: &usize| event_view(input, &cal.events[i]);
    let (ongoing, coming): (Vec<usize>, Vec<usize>) =
        cal.upcoming.iter().partition(|&&i| cal.events[i].first_day() < today);
    // Past the first UPCOMING, the next events are on the page of the year where they start.
    let more = coming.get(UPCOMING).map(|&i| year_link(input, cal.events[i].first_day().year()));
    let years: Vec<YearLink> = cal
        .years
        .iter()
        .rev()
        .map(|(&year, ids)| YearLink { year, url: year_link(input, year).url, count: ids.len() })
        .collect();
    let intro = intro_section(input);
    let content = intro.map_or_else(String::new, |s| input.body(s).html.clone());
    let path = agenda_path(input);
    let host_and_path = input.config.base_url.split_once("://").map_or("", |(_, rest)| rest);
    let mut ctx = input.base.clone();
    let page = GeneratedPage::new(input.site, input.config, agenda_title(input), &path).with_content(&content);
    ctx.insert("page", &page);
    ctx.insert("ongoing", &ongoing.iter().take(UPCOMING).map(view).collect::<Vec<_>>());
    ctx.insert("upcoming", &coming.iter().take(UPCOMING).map(view).collect::<Vec<_>>());
    ctx.insert("more_upcoming", &more);
    ctx.insert("recent_past", &cal.past.iter().take(RECENT).map(view).collect::<Vec<_>>());
    ctx.insert("years", &years);
    ctx.insert("this_year", &year_link(input, today.year()));
    ctx.insert("months", &months_of(input, today.year()));
    ctx.insert("ics_url", &format!("{}{}", input.config.base_path, all_ics_path(input)));
    ctx.insert("webcal_url", &format!("webcal://{host_and_path}{}", all_ics_path(input)));
    let html = input.templates.render("agenda.html", &ctx, "the agenda")?;
    Ok((index_file(&path), html.into_bytes()))
}

#[derive(Serialize)]
struct MonthGroup {
    title: String,
    url: String,
    events: Vec<EventView>,
}

/// Page `page` of `of` of the events starting in `year`, grouped by month.
pub fn render_year(
    input: &RenderInput<'_>,
    year: i16,
    page: usize,
    of: usize,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let cal = &input.indexes.calendar;
    let ids = cal.years.get(&year).map_or(&[][..], Vec::as_slice);
    let mut groups: Vec<MonthGroup> = Vec::new();
    for &i in ids.iter().skip((page - 1) * YEAR_PAGE).take(YEAR_PAGE) {
        let e = &cal.events[i];
        let link = month_link(input, (year, e.first_day().month()));
        match groups.last_mut() {
            Some(g) if g.url == link.url => g.events.push(event_view(input, e)),
            _ => groups.push(MonthGroup { title: link.title, url: link.url, events: vec![event_view(input, e)] }),
        }
    }
    let years: Vec<i16> = cal.years.keys().copied().collect();
    let here = years.iter().position(|&y| y == year);
    let prev = here.and_then(|i| i.checked_sub(1)).map(|i| year_link(input, years[i]));
    let next = here.and_then(|i| years.get(i + 1)).map(|&y| year_link(input, y));
    let path = year_path(input, year);
    let crumbs =
        [LinkView { title: agenda_title(input), url: format!("{}{}", input.config.base_path, agenda_path(input)) }];
    let mut ctx = input.base.clone();
    ctx.insert("page", &GeneratedPage::new(input.site, input.config, year.to_string(), &path).under(crumbs));
    ctx.insert("year", &year);
    ctx.insert("count", &ids.len());
    ctx.insert("months", &months_of(input, year));
    ctx.insert("groups", &groups);
    ctx.insert("prev_year", &prev);
    ctx.insert("next_year", &next);
    ctx.insert("paginator", &Paginator::new(input.config, &path, page, of));
    let html = input.templates.render("agenda_year.html", &ctx, &format!("the agenda of {year}"))?;
    Ok((index_file(&section_page_path(&path, page)), html.into_bytes()))
}

/// An event as iCalendar sees it. The stamp and the sequence come from the page's dates, so
/// they change only when the page does.
fn ics_event(input: &RenderInput<'_>, e: &Event) -> IcsEvent {
    let page = input.site.page(e.page);
    let host = input.config.base_url.split("://").nth(1).and_then(|r| r.split('/').next()).unwrap_or("carnet");
    let today = input.indexes.today;
    // A stamp is when the description was made: never after the build (an event's start in the
    // future is not), nor after a page's `date` or `updated` that lie ahead.
    let reference = page.date.unwrap_or(e.first_day()).min(today);
    let changed = page.updated.unwrap_or(reference).min(today);
    let sequence = u32::try_from((changed - reference).get_days().max(0)).unwrap_or(0);
    let stamp = changed
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    IcsEvent {
        uid: format!("{}@{host}", e.key),
        summary: e.title.clone(),
        description: page.description.clone(),
        location: e.location.clone().or_else(|| e.online_url.clone()),
        url: Some(format!("{}{}", input.config.base_url, page.path)),
        start: e.start,
        end: e.end,
        status: e.status,
        sequence,
        stamp,
    }
}

pub fn render_ics(input: &RenderInput<'_>, event: Option<usize>) -> (String, Vec<u8>) {
    let cal = &input.indexes.calendar;
    let (path, events): (String, Vec<IcsEvent>) = match event {
        Some(i) => (ics_path(input, &cal.events[i]), vec![ics_event(input, &cal.events[i])]),
        None => (all_ics_path(input), cal.events.iter().map(|e| ics_event(input, e)).collect()),
    };
    let text = ics::write(&ics::Calendar {
        name: &input.config.title,
        tz_name: &input.config.time_zone_name,
        tz: &input.config.time_zone,
        events: &events,
    });
    (path, text.into_bytes())
}
