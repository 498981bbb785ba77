//! The `.ics` writer: any events (all-day or timed, any offset, any year, any text), any zone.
//! Lines end with CRLF and fit in 75 octets, no bare CR or LF, and the texts unfold and
//! unescape to what was given (control characters aside).
#![no_main]

use arbitrary::Arbitrary;
use carnet::ics::{Calendar, IcsEvent, write};
use carnet::model::kinds::Status;
use carnet::model::when::When;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    zone: u8,
    events: Vec<Event>,
}

#[derive(Debug, Arbitrary)]
struct Event {
    summary: String,
    description: Option<String>,
    location: Option<String>,
    url: Option<String>,
    start: Moment,
    end: Option<Moment>,
    status: u8,
    sequence: u32,
    stamp: i32,
}

#[derive(Debug, Arbitrary)]
struct Moment {
    year: i16,
    month: u8,
    day: u8,
    time: Option<(u8, u8, Option<i8>)>,
}

impl Moment {
    fn when(&self) -> When {
        let date = jiff::civil::Date::new(
            self.year.clamp(-9999, 9999),
            (self.month % 12 + 1) as i8,
            (self.day % 28 + 1) as i8,
        )
        .unwrap();
        match self.time {
            None => When::Day(date),
            Some((h, m, off)) => When::At(
                date.to_datetime(jiff::civil::time((h % 24) as i8, (m % 60) as i8, 0, 0)),
                off.map(|o| jiff::tz::Offset::from_seconds(i32::from(o.clamp(-12, 14)) * 3600).unwrap()),
            ),
        }
    }
}

const ZONES: [&str; 6] =
    ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Tehran", "Pacific/Chatham", "UTC"];

fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            },
            (c, false) => out.push(c),
        }
    }
    out
}

fn clean(s: &str) -> String {
    s.replace("\r\n", "\n").chars().filter(|c| *c == '\n' || !c.is_control()).collect()
}

fuzz_target!(|input: Input| {
    let name = ZONES[usize::from(input.zone) % ZONES.len()];
    let tz = jiff::tz::TimeZone::get(name).unwrap();
    let events: Vec<IcsEvent> = input
        .events
        .iter()
        .take(8)
        .map(|e| IcsEvent {
            uid: "x@example.org".into(),
            summary: e.summary.clone(),
            description: e.description.clone(),
            location: e.location.clone(),
            url: e.url.clone(),
            start: e.start.when(),
            end: e.end.as_ref().map(Moment::when),
            status: [Status::Scheduled, Status::Cancelled, Status::Postponed][usize::from(e.status % 3)],
            sequence: e.sequence,
            stamp: jiff::Timestamp::from_second(i64::from(e.stamp)).unwrap(),
        })
        .collect();
    let text = write(&Calendar { name: "Agenda", tz_name: name, tz: &tz, events: &events });
    assert!(text.ends_with("\r\n"));
    assert!(!text.replace("\r\n", "").contains(['\r', '\n']), "no bare CR or LF");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let unfolded = text.replace("\r\n ", "");
    let summaries: Vec<&str> = unfolded.split("\r\n").filter_map(|l| l.strip_prefix("SUMMARY:")).collect();
    assert_eq!(summaries.len(), events.len());
    for (e, got) in events.iter().zip(summaries) {
        assert_eq!(unescape(got), clean(&e.summary));
    }
});
