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

use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp, ToSpan};

use crate::model::kinds::Status;
use crate::model::when::When;

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

/// A STANDARD or DAYLIGHT sub-component of the VTIMEZONE.
#[derive(Debug, Clone, PartialEq)]
struct Observance {
    dst: bool,
    /// Local time, in the `from` offset.
    start: DateTime,
    from: Offset,
    to: Offset,
    name: String,
    rrule: Option<String>,
}

/// The observances describing `tz` for the local years `lo..=hi` (those of the events' times),
/// derived only from jiff's data and those years, never from the current date:
///
/// - no change of offset in those years: one observance from 1970 with the offset in force
///   (`STANDARD` unless jiff flags it as daylight time);
/// - the same two changes every year, at a month, weekday and local time that a yearly `RRULE`
///   expresses (`BYDAY=-1SU` last Sunday, `2SU` second Sunday, or `BYMONTHDAY=23,…,29;BYDAY=FR`
///   for "first Friday on or after the 23rd"): two observances from their first occurrence in
///   1970 (or `lo` if earlier). Up to 28 years around `lo..=hi` under the same rule are
///   compared too, so that "last Sunday" is told from "fourth Sunday", and a rule must be seen
///   in two years at least;
/// - otherwise (rules changed between the events, irregular changes): every change in those
///   years as its own observance, after one giving the offset in force on 1 January of `lo`.
fn observances(tz: &TimeZone, lo: i16, hi: i16) -> Vec<Observance> {
    let since = lo.min(1970);
    let jan_first = |y: i16| Date::new(y, 1, 1).unwrap_or(Date::ZERO).to_datetime(Time::midnight());
    let list = changes(tz, lo, hi);
    let Some(first) = list.first() else {
        let info = tz.to_offset_info(Offset::UTC.to_timestamp(jan_first(lo)).unwrap_or(Timestamp::UNIX_EPOCH));
        let (from, to, name) = (info.offset(), info.offset(), info.abbreviation().to_string());
        return vec![Observance { dst: info.dst().is_dst(), start: jan_first(since), from, to, name, rrule: None }];
    };
    if let Some(rule) = yearly_rule(tz, lo, hi, since) {
        return rule.into();
    }
    let before = tz.to_offset_info(earlier(first.ts, 1));
    let initial = Observance {
        dst: before.dst().is_dst(),
        start: jan_first(lo),
        from: first.from,
        to: first.from,
        name: before.abbreviation().to_string(),
        rrule: None,
    };
    let each = list.into_iter().map(|c| Observance {
        dst: c.dst,
        start: c.at,
        from: c.from,
        to: c.to,
        name: c.name,
        rrule: None,
    });
    std::iter::once(initial).chain(each).collect()
}

/// A change of offset as jiff gives it, with its local time in the offset before it.
#[derive(Debug, Clone)]
struct Change {
    ts: Timestamp,
    at: DateTime,
    from: Offset,
    to: Offset,
    name: String,
    dst: bool,
}

impl Change {
    /// What must be equal from one year to the next for a yearly rule.
    fn shape(&self) -> (i8, Weekday, Time, Offset, Offset, &str, bool) {
        (self.at.month(), self.at.weekday(), self.at.time(), self.from, self.to, &self.name, self.dst)
    }
}

/// The changes of offset whose local time falls in the years `first..=last`.
fn changes(tz: &TimeZone, first: i16, last: i16) -> Vec<Change> {
    let begin =
        Date::new(first, 1, 1).ok().and_then(|d| Offset::UTC.to_timestamp(d.to_datetime(Time::midnight())).ok());
    let Some(begin) = begin else {
        return Vec::new();
    };
    // Offsets stay within a day or so: two days earlier catches every change local to `first`.
    tz.following(earlier(begin, 48 * 3600))
        .map(|t| {
            let from = tz.to_offset(earlier(t.timestamp(), 1));
            let (ts, to, name, dst) = (t.timestamp(), t.offset(), t.abbreviation().to_string(), t.dst().is_dst());
            Change { ts, at: from.to_datetime(ts), from, to, name, dst }
        })
        .skip_while(|c| c.at.year() < first)
        .take_while(|c| c.at.year() <= last)
        .collect()
}

/// `secs` seconds before `ts` (saturating).
fn earlier(ts: Timestamp, secs: i64) -> Timestamp {
    ts.saturating_sub(SignedDuration::from_secs(secs)).unwrap_or(Timestamp::MIN)
}

/// Which day of the month a yearly change falls on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Day {
    /// The last such weekday of the month.
    Last,
    /// The first such weekday on or after this day (1, 8, 15, 22: the first to fourth).
    From(i8),
}

/// Every `Day` that describes `date` (by its weekday) in its month.
fn days_for(date: Date) -> Vec<Day> {
    let (d, len) = (date.day(), date.days_in_month());
    let last = (d > len - 7).then_some(Day::Last);
    last.into_iter().chain(((d - 6).max(1)..=d.min(len - 6)).map(Day::From)).collect()
}

/// How many years around the events are compared: a whole cycle of weekdays and leap years.
const WIDEN: i16 = 28;

/// The two yearly observances when every year of `lo..=hi` has the same two changes.
fn yearly_rule(tz: &TimeZone, lo: i16, hi: i16, since: i16) -> Option<[Observance; 2]> {
    let year = |y: i16| -> Option<[(Change, Vec<Day>); 2]> {
        let [a, b] = <[Change; 2]>::try_from(changes(tz, y, y)).ok()?;
        let round_trip = a.from != a.to && a.to == b.from && b.to == a.from;
        round_trip.then(|| {
            [a, b].map(|c| {
                let days = days_for(c.at.date());
                (c, days)
            })
        })
    };
    // Narrows `rule` by the year `y`, unless it does not follow the same rule.
    let narrow = |rule: &mut [(Change, Vec<Day>); 2], y: i16| -> bool {
        let Some(other) = year(y) else { return false };
        let kept: Vec<Vec<Day>> = rule
            .iter()
            .zip(&other)
            .map(|((_, ours), (_, theirs))| ours.iter().copied().filter(|d| theirs.contains(d)).collect())
            .collect();
        let same = rule.iter().zip(&other).all(|((a, _), (b, _))| a.shape() == b.shape());
        if !same || kept.iter().any(Vec::is_empty) {
            return false;
        }
        for ((_, days), k) in rule.iter_mut().zip(kept) {
            *days = k;
        }
        true
    };
    let mut rule = year(hi)?;
    if !(lo..hi).all(|y| narrow(&mut rule, y)) {
        return None;
    }
    let mut years = hi - lo + 1;
    for y in hi.saturating_add(1)..=hi.saturating_add(WIDEN) {
        if !narrow(&mut rule, y) {
            break;
        }
        years += 1;
    }
    for y in (lo.saturating_sub(WIDEN)..lo).rev() {
        if !narrow(&mut rule, y) {
            break;
        }
        years += 1;
    }
    // A rule seen in one year only may be a coincidence of the calendar (Iran's fixed dates).
    if years < 2 {
        return None;
    }
    let [a, b] = rule.map(|(c, days)| {
        // Prefer "last", then "n-th", then "on or after".
        let day = days.into_iter().min_by_key(|d| match d {
            Day::Last => (0, 0),
            Day::From(k) if (k - 1) % 7 == 0 => (1, *k),
            Day::From(k) => (2, *k),
        });
        (c, day)
    });
    let observance = |(c, day): (Change, Option<Day>)| -> Option<Observance> {
        let day = day?;
        let (month, weekday) = (c.at.month(), c.at.weekday());
        let date = (since..since.saturating_add(WIDEN)).find_map(|y| occurrence(y, month, day, weekday))?;
        let rrule = Some(rrule(month, day, weekday));
        Some(Observance {
            dst: c.dst,
            start: date.to_datetime(c.at.time()),
            from: c.from,
            to: c.to,
            name: c.name,
            rrule,
        })
    };
    Some([observance(a)?, observance(b)?])
}

/// The date of a yearly change in `year`, if that month has it.
fn occurrence(year: i16, month: i8, day: Day, weekday: Weekday) -> Option<Date> {
    let first = Date::new(year, month, 1).ok()?;
    let from = match day {
        Day::Last => first.last_of_month().checked_sub(6.days()).ok()?,
        Day::From(k) => first.checked_add(i64::from(k - 1).days()).ok()?,
    };
    let date = from.checked_add(i64::from(from.weekday().until(weekday)).days()).ok()?;
    (date.month() == month).then_some(date)
}

fn rrule(month: i8, day: Day, weekday: Weekday) -> String {
    let wd = match weekday {
        Weekday::Monday => "MO",
        Weekday::Tuesday => "TU",
        Weekday::Wednesday => "WE",
        Weekday::Thursday => "TH",
        Weekday::Friday => "FR",
        Weekday::Saturday => "SA",
        Weekday::Sunday => "SU",
    };
    match day {
        Day::Last => format!("FREQ=YEARLY;BYMONTH={month};BYDAY=-1{wd}"),
        Day::From(k) if (k - 1) % 7 == 0 => format!("FREQ=YEARLY;BYMONTH={month};BYDAY={}{wd}", (k - 1) / 7 + 1),
        Day::From(k) => {
            let days: Vec<String> = (k..k + 7).map(|d| d.to_string()).collect();
            format!("FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={};BYDAY={wd}", days.join(","))
        }
    }
}

#[cfg(test)]
#[path = "ics_tests.rs"]
mod tests;
