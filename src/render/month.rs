//! The page of one month of the agenda (`/agenda/2018/03/`): a grid of the month where every
//! event up to four weeks long appears once per week row, on its first day in that row, saying
//! when it continues, then the list of those events, then the long events under way (project
//! phases, seasons) listed apart with their dates. A month page exists where an event starts or
//! ends (see `index::calendar`), so their number grows with the events, not with their length.

use jiff::civil::Date;
use serde::Serialize;

use super::agenda::{EventView, agenda_path, agenda_title, event_view, month_label, month_link, month_path, year_link};
use super::view::{GeneratedPage, LinkView};
use super::{RenderInput, index_file};
use crate::dates::{format_date_long, format_range, weekday};
use crate::diagnostics::Diagnostic;
use crate::index::calendar::Event;

/// An event in a cell of the grid.
#[derive(Serialize)]
struct CellEvent {
    title: String,
    url: String,
    /// It began in an earlier week row (or month).
    continued: bool,
    /// Its last day, in words, when it goes on past this cell.
    until: Option<String>,
}

#[derive(Serialize)]
struct DayCell {
    /// Day of the month, or 0 for the cells of the previous and next months.
    day: i8,
    date: String,
    label: String,
    events: Vec<CellEvent>,
}

/// A long event under way in the month.
#[derive(Serialize)]
struct Ongoing {
    title: String,
    url: String,
    dates_text: String,
    status: crate::model::kinds::Status,
}

/// The weeks of a month, Monday first; cells outside the month are `None`.
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

/// One week row: each event under way in it sits in the cell of its first day in the row.
fn week_row(input: &RenderInput<'_>, week: &[Option<Date>], events: &[&Event]) -> Vec<DayCell> {
    let lang = input.config.language;
    let days: Vec<Date> = week.iter().flatten().copied().collect();
    let (Some(&first), Some(&last)) = (days.first(), days.last()) else { return Vec::new() };
    week.iter()
        .map(|d| {
            let Some(d) = *d else {
                return DayCell { day: 0, date: String::new(), label: String::new(), events: Vec::new() };
            };
            let here = events
                .iter()
                .filter(|e| e.first_day().max(first) == d && e.last_day() >= first)
                .map(|e| CellEvent {
                    title: e.title.clone(),
                    url: format!("#ev-{}", e.key),
                    continued: e.first_day() < d,
                    until: (e.last_day() > d).then(|| {
                        let words = format_date_long(lang, e.last_day());
                        if e.last_day() > last { words } else { weekday(lang, e.last_day()).to_string() }
                    }),
                })
                .collect();
            DayCell { day: d.day(), date: d.to_string(), label: format_date_long(lang, d), events: here }
        })
        .collect()
}

fn weekdays(input: &RenderInput<'_>) -> Vec<(String, String)> {
    let monday = Date::constant(2018, 1, 1);
    (0..7)
        .filter_map(|i| monday.checked_add(jiff::Span::new().days(i)).ok())
        .map(|d| {
            let full = weekday(input.config.language, d).to_string();
            let short: String = full.chars().take(3).collect();
            (full, short)
        })
        .collect()
}

pub fn render_month(input: &RenderInput<'_>, year: i16, month: i8) -> Result<(String, Vec<u8>), Diagnostic> {
    let cal = &input.indexes.calendar;
    let lang = input.config.language;
    let ids = cal.months.get(&(year, month)).map_or(&[][..], Vec::as_slice);
    let (long, short): (Vec<&Event>, Vec<&Event>) = ids.iter().map(|&i| &cal.events[i]).partition(|e| e.is_long());
    let ongoing: Vec<Ongoing> = long
        .iter()
        .map(|e| Ongoing {
            title: e.title.clone(),
            url: format!("{}{}", input.config.base_path, input.site.page(e.page).path),
            dates_text: format_range(lang, e.first_day(), Some(e.last_day())),
            status: e.status,
        })
        .collect();
    let events: Vec<EventView> = short.iter().map(|e| event_view(input, e)).collect();
    let weeks: Vec<Vec<DayCell>> = month_weeks(year, month).iter().map(|w| week_row(input, w, &short)).collect();
    let keys: Vec<(i16, i8)> = cal.months.keys().copied().collect();
    let here = keys.iter().position(|&k| k == (year, month));
    let prev = here.and_then(|i| i.checked_sub(1)).map(|i| month_link(input, keys[i]));
    let next = here.and_then(|i| keys.get(i + 1)).map(|&k| month_link(input, k));
    let label = month_label(input, year, month);
    let path = month_path(input, year, month);
    let base = &input.config.base_path;
    let crumbs =
        [LinkView { title: agenda_title(input), url: format!("{base}{}", agenda_path(input)) }, year_link(input, year)];
    let mut ctx = input.base.clone();
    ctx.insert("page", &GeneratedPage::new(input.site, input.config, label.clone(), &path).under(crumbs));
    ctx.insert("month_label", &label);
    ctx.insert("weekdays", &weekdays(input));
    ctx.insert("weeks", &weeks);
    ctx.insert("ongoing", &ongoing);
    ctx.insert("events", &events);
    ctx.insert("prev_month", &prev);
    ctx.insert("next_month", &next);
    let html = input.templates.render("agenda_month.html", &ctx, &format!("the agenda of {label}"))?;
    Ok((index_file(&path), html.into_bytes()))
}
