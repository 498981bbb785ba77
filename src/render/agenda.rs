//! The agenda: `/agenda/` (upcoming, then past by year), a page per month with events
//! (`/agenda/2018/03/`, an accessible month grid and the list), `/agenda.ics` and one `.ics`
//! per event (written by `ics.rs`).

use jiff::civil::Date;
use serde::Serialize;

use super::view::{GeneratedPage, LinkView};
use super::{RenderInput, index_file};
use crate::dates::{format_when, weekday};
use crate::diagnostics::Diagnostic;
use crate::ics::{self, IcsEvent};
use crate::index::calendar::{Event, Origin};
use crate::model::kinds::Status;

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

pub fn month_path(input: &RenderInput<'_>, year: i16, month: i8) -> String {
    format!("{}{year:04}/{month:02}/", agenda_path(input))
}

pub fn ics_path(input: &RenderInput<'_>, e: &Event) -> String {
    format!("{}{}.ics", agenda_path(input), e.key)
}

pub fn all_ics_path(input: &RenderInput<'_>) -> String {
    format!("{}.ics", input.config.paths.agenda)
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

fn month_label(input: &RenderInput<'_>, year: i16, month: i8) -> String {
    let d = Date::new(year, month, 1).unwrap_or(Date::ZERO);
    let text = crate::dates::format_date(input.config.language, d);
    text.split_once(' ').map_or(text.clone(), |(_, rest)| rest.to_string())
}

fn month_link(input: &RenderInput<'_>, (year, month): (i16, i8)) -> LinkView {
    LinkView {
        title: month_label(input, year, month),
        url: format!("{}{}", input.config.base_path, month_path(input, year, month)),
    }
}

/// The content section at the agenda's path, whose title and text introduce it.
pub fn intro_section(input: &RenderInput<'_>) -> Option<usize> {
    let path = agenda_path(input);
    input.site.pages.iter().position(|p| p.is_section && p.path == path)
}

#[derive(Serialize)]
struct YearView {
    year: i16,
    events: Vec<EventView>,
}

pub fn render_agenda(input: &RenderInput<'_>) -> Result<(String, Vec<u8>), Diagnostic> {
    let cal = &input.indexes.calendar;
    let view = |&i: &usize| event_view(input, &cal.events[i]);
    let upcoming: Vec<EventView> = cal.upcoming.iter().map(view).collect();
    let past: Vec<YearView> =
        cal.past.iter().map(|(y, ids)| YearView { year: *y, events: ids.iter().map(view).collect() }).collect();
    let months: Vec<LinkView> = cal.months.keys().rev().map(|&k| month_link(input, k)).collect();
    let intro = intro_section(input);
    let default_title = input.templates.strings.get("agenda").cloned().unwrap_or_else(|| "Agenda".into());
    let title = intro.map_or(default_title, |s| input.site.page(s).title.clone());
    let content = intro.map_or_else(String::new, |s| input.body(s).html.clone());
    let path = agenda_path(input);
    let host_and_path = input.config.base_url.split_once("://").map_or("", |(_, rest)| rest);
    let mut ctx = input.base.clone();
    ctx.insert("page", &GeneratedPage::new(input.site, input.config, title, &path).with_content(&content));
    ctx.insert("upcoming", &upcoming);
    ctx.insert("past", &past);
    ctx.insert("months", &months);
    ctx.insert("ics_url", &format!("{}{}", input.config.base_path, all_ics_path(input)));
    ctx.insert("webcal_url", &format!("webcal://{host_and_path}{}", all_ics_path(input)));
    let html = input.templates.render("agenda.html", &ctx, "the agenda")?;
    Ok((index_file(&path), html.into_bytes()))
}

#[derive(Serialize)]
struct DayCell {
    /// Day of the month, or 0 for the cells of the previous and next months.
    day: i8,
    date: String,
    label: String,
    events: Vec<LinkView>,
}

/// The weeks of a month, Monday first; cells outside the month have `day: 0`.
pub fn month_weeks(year: i16, month: i8) -> Vec<Vec<Option<Date>>> {
    let Ok(first) = Date::new(year, month, 1) else { return Vec::new() };
    let lead = first.weekday().to_monday_zero_offset() as usize;
    let mut cells: Vec<Option<Date>> = vec![None; lead];
    cells.extend((1..=first.days_in_month()).filter_map(|d| Date::new(year, month, d).ok()).map(Some));
    while !cells.len().is_multiple_of(7) {
        cells.push(None);
    }
    cells.chunks(7).map(<[Option<Date>]>::to_vec).collect()
}

pub fn render_month(input: &RenderInput<'_>, year: i16, month: i8) -> Result<(String, Vec<u8>), Diagnostic> {
    let cal = &input.indexes.calendar;
    let lang = input.config.language;
    let ids = cal.months.get(&(year, month)).cloned().unwrap_or_default();
    let events: Vec<EventView> = ids.iter().map(|&i| event_view(input, &cal.events[i])).collect();
    let weeks: Vec<Vec<DayCell>> = month_weeks(year, month)
        .into_iter()
        .map(|week| {
            week.into_iter()
                .map(|d| match d {
                    None => DayCell { day: 0, date: String::new(), label: String::new(), events: Vec::new() },
                    Some(d) => DayCell {
                        day: d.day(),
                        date: d.to_string(),
                        label: crate::dates::format_date_long(lang, d),
                        events: ids
                            .iter()
                            .filter(|&&i| cal.events[i].first_day() <= d && d <= cal.events[i].last_day())
                            .map(|&i| LinkView {
                                title: cal.events[i].title.clone(),
                                url: format!("#ev-{}", cal.events[i].key),
                            })
                            .collect(),
                    },
                })
                .collect()
        })
        .collect();
    let monday = Date::new(2018, 1, 1).unwrap_or(Date::ZERO);
    let weekdays: Vec<(String, String)> = (0..7)
        .filter_map(|i| monday.checked_add(jiff::Span::new().days(i)).ok())
        .map(|d| {
            let full = weekday(lang, d).to_string();
            let short: String = full.chars().take(3).collect();
            (full, short)
        })
        .collect();
    let keys: Vec<(i16, i8)> = cal.months.keys().copied().collect();
    let here = keys.iter().position(|&k| k == (year, month));
    let prev = here.and_then(|i| i.checked_sub(1)).map(|i| month_link(input, keys[i]));
    let next = here.and_then(|i| keys.get(i + 1)).map(|&k| month_link(input, k));
    let label = month_label(input, year, month);
    let path = month_path(input, year, month);
    let agenda_title = input.templates.strings.get("agenda").cloned().unwrap_or_else(|| "Agenda".into());
    let crumbs =
        vec![LinkView { title: agenda_title, url: format!("{}{}", input.config.base_path, agenda_path(input)) }];
    let mut ctx = input.base.clone();
    ctx.insert("page", &GeneratedPage::new(input.site, input.config, label.clone(), &path).under(crumbs));
    ctx.insert("month_label", &label);
    ctx.insert("weekdays", &weekdays);
    ctx.insert("weeks", &weeks);
    ctx.insert("events", &events);
    ctx.insert("prev_month", &prev);
    ctx.insert("next_month", &next);
    let html = input.templates.render("agenda_month.html", &ctx, &format!("the agenda of {label}"))?;
    Ok((index_file(&path), html.into_bytes()))
}

/// An event as iCalendar sees it. The stamp and the sequence come from the page's dates, so
/// they change only when the page does.
fn ics_event(input: &RenderInput<'_>, e: &Event) -> IcsEvent {
    let page = input.site.page(e.page);
    let host = input.config.base_url.split("://").nth(1).and_then(|r| r.split('/').next()).unwrap_or("carnet");
    let reference = page.date.unwrap_or(e.first_day());
    let changed = page.updated.unwrap_or(reference);
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
