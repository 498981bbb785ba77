//! iCalendar feeds (RFC 5545): a site's events as one `VCALENDAR` text.
//!
//! Pure and deterministic: the caller gives the events in the order to write, the site's time
//! zone and each event's `DTSTAMP`; the same input gives the same bytes whatever the current
//! date. Every content line ends with CRLF and is folded at 75 octets without splitting a
//! UTF-8 character.
//!
//! Choices the RFC leaves to the writer:
//! - **End shapes.** An all-day start makes an all-day event: its `end` counts by its date (a
//!   timed end gives its day), inclusive, so `DTEND` is the day after; an end before the start
//!   gives one day. A timed start makes a timed event: a timed end is written in its own form;
//!   an all-day end means "until the end of that day", midnight of the next day in the start's
//!   form; an end not strictly after the start is left out (no `DTEND`: the event is an instant).
//! - **Statuses.** scheduled → `CONFIRMED`, cancelled → `CANCELLED`, postponed → `TENTATIVE`
//!   (the event will happen, at a date not yet fixed; VEVENT has no closer status).
//! - **Time zone.** A time without offset is written with `TZID`, and the calendar then holds
//!   a `VTIMEZONE` derived from jiff's data for the years of those times (see `observances`
//!   below). A time with an offset is converted to UTC.
//! - **Text.** TEXT values escape `\`, `;`, `,` and write newlines (LF or CRLF) as `\n`; other
//!   control characters, tabs and lone CRs included, are removed. `URL` is a URI: only its
//!   control characters are removed. `SEQUENCE` is capped at 2^31 − 1 (an iCalendar INTEGER).
//! - A calendar without events is written with no component at all (RFC 5545 asks for one):
//!   the caller decides whether to publish it.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};

use crate::model::kinds::Status;

mod vtimezone;
use crate::model::when::When;
use vtimezone::observances;

/// One event of the calendar, prepared by the caller.
#[derive(Debug, Clone)]
pub struct IcsEvent {
    /// Stable across builds; the caller builds it (for example from the page's URL).
    pub uid: String,
    pub summary: String,
    pub description: Option<String>,
    pub location: Option<String>,
    /// Written as a URI, not escaped as text.
    pub url: Option<String>,
    pub start: When,
    /// For all-day events: the last day, inclusive (the writer makes DTEND exclusive: +1 day).
    /// For timed events: the end time. None: an all-day event lasts one day; a timed event has
    /// no DTEND. An end of the other shape is described in the module documentation.
    pub end: Option<When>,
    pub status: Status,
    /// Incremented by the caller when the event changes in a way subscribers should see.
    pub sequence: u32,
    /// Deterministic DTSTAMP chosen by the caller (never "now").
    pub stamp: Timestamp,
}

/// A whole calendar: its name, the site's time zone and its events.
#[derive(Debug, Clone, Copy)]
pub struct Calendar<'a> {
    /// `X-WR-CALNAME`.
    pub name: &'a str,
    /// The IANA name of `tz`, e.g. `Europe/Paris`: `X-WR-TIMEZONE` and the `TZID`.
    pub tz_name: &'a str,
    /// The zone of times written without an offset.
    pub tz: &'a TimeZone,
    /// Written in this order (the caller sorts).
    pub events: &'a [IcsEvent],
}

/// The whole VCALENDAR text.
pub fn write(cal: &Calendar<'_>) -> String {
    let times: Vec<(Stamp, Option<Stamp>)> = cal.events.iter().map(|e| event_times(e, cal.tz)).collect();
    let local_years = times.iter().flat_map(|(start, end)| [Some(*start), *end]).filter_map(|s| match s {
        Some(Stamp::Local(dt)) => Some(dt.year()),
        _ => None,
    });
    let years = local_years
        .fold(None, |span: Option<(i16, i16)>, y| Some(span.map_or((y, y), |(lo, hi)| (lo.min(y), hi.max(y)))));

    let mut out = Out::default();
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line("PRODID:-//carnet//carnet//FR");
    out.line("CALSCALE:GREGORIAN");
    out.line("METHOD:PUBLISH");
    out.prop("X-WR-CALNAME", &text(cal.name));
    out.prop("X-WR-TIMEZONE", &text(cal.tz_name));
    if let Some((lo, hi)) = years {
        out.line("BEGIN:VTIMEZONE");
        out.prop("TZID", &text(cal.tz_name));
        for o in observances(cal.tz, lo, hi) {
            let kind = if o.dst { "DAYLIGHT" } else { "STANDARD" };
            out.line(&format!("BEGIN:{kind}"));
            out.prop("TZOFFSETFROM", &offset(o.from));
            out.prop("TZOFFSETTO", &offset(o.to));
            out.prop("TZNAME", &text(&o.name));
            out.prop("DTSTART", &local(o.start));
            if let Some(rule) = &o.rrule {
                out.prop("RRULE", rule);
            }
            out.line(&format!("END:{kind}"));
        }
        out.line("END:VTIMEZONE");
    }
    for (e, (start, end)) in cal.events.iter().zip(&times) {
        out.line("BEGIN:VEVENT");
        out.prop("UID", &text(&e.uid));
        out.prop("DTSTAMP", &utc(e.stamp));
        out.prop("SEQUENCE", &e.sequence.min(MAX_INTEGER).to_string());
        out.prop("SUMMARY", &text(&e.summary));
        out.line(&start.prop("DTSTART", cal.tz_name));
        if let Some(end) = end {
            out.line(&end.prop("DTEND", cal.tz_name));
        }
        let status = match e.status {
            Status::Scheduled => "CONFIRMED",
            Status::Cancelled => "CANCELLED",
            Status::Postponed => "TENTATIVE",
        };
        out.prop("STATUS", status);
        if let Some(location) = &e.location {
            out.prop("LOCATION", &text(location));
        }
        if let Some(description) = &e.description {
            out.prop("DESCRIPTION", &text(description));
        }
        if let Some(url) = &e.url {
            out.prop("URL", &uri(url));
        }
        out.line("END:VEVENT");
    }
    out.line("END:VCALENDAR");
    out.0
}

/// The largest iCalendar INTEGER (a signed 32-bit number).
const MAX_INTEGER: u32 = 2_147_483_647;

/// The text being written, one folded content line at a time.
#[derive(Default)]
struct Out(String);

impl Out {
    fn line(&mut self, line: &str) {
        push_folded(&mut self.0, line);
    }

    fn prop(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{value}"));
    }
}

/// Appends `line` and its CRLF, folded so that no physical line passes 75 octets (the leading
/// space of a continuation counts), cutting only between UTF-8 characters.
fn push_folded(out: &mut String, line: &str) {
    let mut rest = line;
    let mut room = 75;
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        room = 74;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// A TEXT value: `\`, `;`, `,` escaped, newlines (LF or CRLF) as `\n`, other control
/// characters (a lone CR, tabs) removed.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            // The CR of a CRLF goes with the rest: its LF is written as `\n`.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value: not escaped, but without control characters, which would break the line.
fn uri(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}

/// A parameter value, quoted when it holds `:`, `;` or `,`.
fn param(s: &str) -> String {
    let clean: String = s.chars().filter(|c| !c.is_control() && *c != '"').collect();
    if clean.contains([':', ';', ',']) { format!("\"{clean}\"") } else { clean }
}

fn ymd(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year().clamp(0, 9999), d.month(), d.day())
}

fn local(dt: DateTime) -> String {
    format!("{}T{:02}{:02}{:02}", ymd(dt.date()), dt.hour(), dt.minute(), dt.second())
}

fn utc(ts: Timestamp) -> String {
    format!("{}Z", local(Offset::UTC.to_datetime(ts)))
}

/// `+0100`, `-0330`, `+000921` (seconds only when there are some); zero is `+0000`.
fn offset(o: Offset) -> String {
    let secs = o.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.unsigned_abs();
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if s == 0 { format!("{sign}{h:02}{m:02}") } else { format!("{sign}{h:02}{m:02}{s:02}") }
}

/// A DTSTART or DTEND value.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stamp {
    Date(Date),
    /// A wall-clock time in the calendar's zone, written with `TZID`.
    Local(DateTime),
    Utc(Timestamp),
}

impl Stamp {
    fn prop(self, name: &str, tz_name: &str) -> String {
        match self {
            Stamp::Date(d) => format!("{name};VALUE=DATE:{}", ymd(d)),
            Stamp::Local(dt) => format!("{name};TZID={}:{}", param(tz_name), local(dt)),
            Stamp::Utc(ts) => format!("{name}:{}", utc(ts)),
        }
    }

    fn instant(self, tz: &TimeZone) -> Option<Timestamp> {
        match self {
            Stamp::Date(_) => None,
            Stamp::Local(dt) => tz.to_timestamp(dt).ok(),
            Stamp::Utc(ts) => Some(ts),
        }
    }
}

/// DTSTART and DTEND of an event, following the choices in the module documentation.
fn event_times(e: &IcsEvent, tz: &TimeZone) -> (Stamp, Option<Stamp>) {
    let next_day = |d: Date| d.tomorrow().unwrap_or(d);
    match e.start {
        When::Day(day) => {
            let last = e.end.map_or(day, |end| end.date().max(day));
            (Stamp::Date(day), Some(Stamp::Date(next_day(last))))
        }
        When::At(dt, off) => {
            let start = timed(dt, off);
            let end = e.end.map(|end| match end {
                When::At(end, end_off) => timed(end, end_off),
                When::Day(day) => timed(next_day(day).to_datetime(Time::midnight()), off),
            });
            let after = |end: &Stamp| matches!((start.instant(tz), end.instant(tz)), (Some(s), Some(e)) if e > s);
            (start, end.filter(after))
        }
    }
}

fn timed(dt: DateTime, off: Option<Offset>) -> Stamp {
    match off {
        None => Stamp::Local(dt),
        // Out of range only at the ends of year 0 and year 9999: clamped.
        Some(o) => {
            Stamp::Utc(o.to_timestamp(dt).unwrap_or(if dt.year() < 5000 { Timestamp::MIN } else { Timestamp::MAX }))
        }
    }
}

#[cfg(test)]
mod tests;
