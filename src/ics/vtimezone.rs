//! The `VTIMEZONE` of a calendar: the observances of a time zone for the years of its events,
//! derived from jiff's data only (see [`observances`]).

use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp, ToSpan};

/// A STANDARD or DAYLIGHT sub-component of the VTIMEZONE.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Observance {
    pub(super) dst: bool,
    /// Local time, in the `from` offset.
    pub(super) start: DateTime,
    pub(super) from: Offset,
    pub(super) to: Offset,
    pub(super) name: String,
    pub(super) rrule: Option<String>,
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
pub(super) fn observances(tz: &TimeZone, lo: i16, hi: i16) -> Vec<Observance> {
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
