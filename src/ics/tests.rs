//! Tests of `ics.rs`. Every golden text below was written by hand from RFC 5545 (and the
//! tzdb rules of the zones named), not copied from the writer's output.

use jiff::civil::date;
use jiff::tz::TimeZone;

use super::*;

/// The lines, each ended by CRLF.
fn crlf<S: AsRef<str>>(lines: &[S]) -> String {
    lines.iter().map(|l| format!("{}\r\n", l.as_ref())).collect()
}

/// The logical lines of `text` (unfolded).
fn unfolded(text: &str) -> Vec<String> {
    text.replace("\r\n ", "").split_terminator("\r\n").map(str::to_string).collect()
}

/// The logical lines between `BEGIN:{name}` and `END:{name}` included.
fn block(text: &str, name: &str) -> Vec<String> {
    let lines = unfolded(text);
    let begin = lines.iter().position(|l| *l == format!("BEGIN:{name}")).expect("a BEGIN line");
    let end = lines.iter().position(|l| *l == format!("END:{name}")).expect("an END line");
    lines[begin..=end].to_vec()
}

fn stamp() -> Timestamp {
    "2018-03-01T12:00:00Z".parse().unwrap()
}

fn event(uid: &str, summary: &str, start: When, end: Option<When>) -> IcsEvent {
    IcsEvent {
        uid: uid.into(),
        summary: summary.into(),
        description: None,
        location: None,
        url: None,
        start,
        end,
        status: Status::Scheduled,
        sequence: 0,
        stamp: stamp(),
    }
}

fn at(y: i16, m: i8, d: i8, h: i8, min: i8) -> When {
    When::At(date(y, m, d).at(h, min, 0, 0), None)
}

fn day(y: i16, m: i8, d: i8) -> When {
    When::Day(date(y, m, d))
}

fn calendar(tz_name: &str, events: &[IcsEvent]) -> String {
    let tz = TimeZone::get(tz_name).unwrap();
    write(&Calendar { name: "Agenda du lab", tz_name, tz: &tz, events })
}

fn header(tz_name: &str) -> Vec<String> {
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//carnet//carnet//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Agenda du lab",
        &format!("X-WR-TIMEZONE:{tz_name}"),
    ]
    .map(String::from)
    .to_vec()
}

/// The DTSTART and DTEND lines of the only event of a Paris calendar.
fn times_of(e: IcsEvent) -> Vec<String> {
    let text = calendar("Europe/Paris", &[e]);
    block(&text, "VEVENT").into_iter().filter(|l| l.starts_with("DTSTART") || l.starts_with("DTEND")).collect()
}

#[test]
fn paris_summer_and_winter_events() {
    let summer = IcsEvent {
        description: Some("Apporter un ordinateur.".into()),
        location: Some("Salle 2, Paris".into()),
        url: Some("https://lab.example/agenda/atelier/?a=1,b;c".into()),
        ..event(
            "atelier-2018-04-19@lab.example",
            "Atelier design",
            at(2018, 4, 19, 9, 30),
            Some(at(2018, 4, 19, 12, 0)),
        )
    };
    let winter = IcsEvent {
        sequence: 2,
        stamp: "2018-11-20T08:15:30.75Z".parse().unwrap(),
        ..event("rencontre-2018-12-06@lab.example", "Rencontre", at(2018, 12, 6, 18, 0), None)
    };
    let tz = TimeZone::get("Europe/Paris").unwrap();
    let text =
        write(&Calendar { name: "Agenda du lab, Paris", tz_name: "Europe/Paris", tz: &tz, events: &[summer, winter] });
    // Europe/Paris since 1996: +01 (CET) to +02 (CEST) on the last Sunday of March at 01:00
    // UTC (02:00 local, in the offset before); back on the last Sunday of October at 01:00 UTC
    // (03:00 local, in CEST). In 1970 those Sundays are 29 March and 25 October.
    let expected = crlf(&[
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//carnet//carnet//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Agenda du lab\\, Paris",
        "X-WR-TIMEZONE:Europe/Paris",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Paris",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "UID:atelier-2018-04-19@lab.example",
        "DTSTAMP:20180301T120000Z",
        "SEQUENCE:0",
        "SUMMARY:Atelier design",
        "DTSTART;TZID=Europe/Paris:20180419T093000",
        "DTEND;TZID=Europe/Paris:20180419T120000",
        "STATUS:CONFIRMED",
        "LOCATION:Salle 2\\, Paris",
        "DESCRIPTION:Apporter un ordinateur.",
        "URL:https://lab.example/agenda/atelier/?a=1,b;c",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:rencontre-2018-12-06@lab.example",
        "DTSTAMP:20181120T081530Z",
        "SEQUENCE:2",
        "SUMMARY:Rencontre",
        "DTSTART;TZID=Europe/Paris:20181206T180000",
        "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]);
    assert_eq!(text, expected);
}

#[test]
fn multi_day_all_day_event() {
    let events = [
        event("seminaire@lab.example", "Séminaire", day(2018, 3, 26), Some(day(2018, 3, 27))),
        event("portes-ouvertes@lab.example", "Portes ouvertes", day(2018, 5, 14), None),
        event("reveillon@lab.example", "Réveillon", day(2018, 12, 31), None),
    ];
    let text = calendar("Europe/Paris", &events);
    // All-day only: no TZID, so no VTIMEZONE. DTEND is exclusive: the day after the last.
    let mut expected = header("Europe/Paris");
    for (uid, summary, start, end) in [
        ("seminaire@lab.example", "Séminaire", "20180326", "20180328"),
        ("portes-ouvertes@lab.example", "Portes ouvertes", "20180514", "20180515"),
        ("reveillon@lab.example", "Réveillon", "20181231", "20190101"),
    ] {
        expected.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:{uid}"),
            "DTSTAMP:20180301T120000Z".into(),
            "SEQUENCE:0".into(),
            format!("SUMMARY:{summary}"),
            format!("DTSTART;VALUE=DATE:{start}"),
            format!("DTEND;VALUE=DATE:{end}"),
            "STATUS:CONFIRMED".into(),
            "END:VEVENT".into(),
        ]);
    }
    expected.push("END:VCALENDAR".into());
    assert_eq!(text, crlf(&expected));
}

#[test]
fn escaped_and_folded_title() {
    let title = format!("Débat, suite; fin\nA\\B: {}", "é".repeat(100));
    let text = calendar("Europe/Paris", &[event("debat@lab.example", &title, day(2018, 3, 26), None)]);
    // Escaped: `Débat\, suite\; fin\nA\\B: ` then 100 `é` (2 octets each). `SUMMARY:` and the
    // escaped prefix make 8 + 28 = 36 octets; 19 `é` bring the first line to 74 (a 20th would
    // end at octet 76, so the cut comes before it). Each continuation holds a space and 37 `é`
    // (75 octets): 37, 37, then the last 7.
    let mut expected = header("Europe/Paris");
    expected.extend([
        "BEGIN:VEVENT".to_string(),
        "UID:debat@lab.example".into(),
        "DTSTAMP:20180301T120000Z".into(),
        "SEQUENCE:0".into(),
        format!("SUMMARY:Débat\\, suite\\; fin\\nA\\\\B: {}", "é".repeat(19)),
        format!(" {}", "é".repeat(37)),
        format!(" {}", "é".repeat(37)),
        format!(" {}", "é".repeat(7)),
        "DTSTART;VALUE=DATE:20180326".into(),
        "DTEND;VALUE=DATE:20180327".into(),
        "STATUS:CONFIRMED".into(),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ]);
    assert_eq!(text, crlf(&expected));

    // The same properties, checked on the octets.
    let bytes = text.as_bytes();
    let physical: Vec<&[u8]> = bytes.split(|b| *b == b'\n').filter(|l| !l.is_empty()).collect();
    for line in &physical {
        assert_eq!(line.last(), Some(&b'\r'), "every line ends with CRLF");
        let line = &line[..line.len() - 1];
        assert!(line.len() <= 75, "{} octets: {:?}", line.len(), String::from_utf8_lossy(line));
        assert!(std::str::from_utf8(line).is_ok(), "a line ends or starts inside a character");
        let content = line.strip_prefix(b" ").unwrap_or(line);
        assert!(content.first().is_none_or(|b| b & 0xC0 != 0x80), "a line starts inside a character");
    }
    assert_eq!(physical.iter().filter(|l| l.len() == 76).count(), 2, "two full continuation lines");
    let summary = unfolded(&text).into_iter().find(|l| l.starts_with("SUMMARY:")).unwrap();
    assert_eq!(summary, format!("SUMMARY:Débat\\, suite\\; fin\\nA\\\\B: {}", "é".repeat(100)));
}

#[test]
fn cancelled_and_postponed_events() {
    let events = [
        IcsEvent { status: Status::Cancelled, sequence: 1, ..event("a@lab.example", "Annulé", day(2018, 6, 1), None) },
        IcsEvent { status: Status::Postponed, ..event("b@lab.example", "Reporté", day(2018, 6, 2), None) },
    ];
    let mut expected = header("Europe/Paris");
    expected.extend(
        [
            "BEGIN:VEVENT",
            "UID:a@lab.example",
            "DTSTAMP:20180301T120000Z",
            "SEQUENCE:1",
            "SUMMARY:Annulé",
            "DTSTART;VALUE=DATE:20180601",
            "DTEND;VALUE=DATE:20180602",
            "STATUS:CANCELLED",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:b@lab.example",
            "DTSTAMP:20180301T120000Z",
            "SEQUENCE:0",
            "SUMMARY:Reporté",
            "DTSTART;VALUE=DATE:20180602",
            "DTEND;VALUE=DATE:20180603",
            "STATUS:TENTATIVE",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
        .map(String::from),
    );
    assert_eq!(calendar("Europe/Paris", &events), crlf(&expected));
}

#[test]
fn explicit_offsets_are_written_in_utc() {
    let plus2 = jiff::tz::offset(2);
    let minus_0330 = Offset::from_seconds(-(3 * 3600 + 30 * 60)).unwrap();
    let events = [
        event(
            "visio@lab.example",
            "Visio",
            When::At(date(2018, 4, 19).at(9, 30, 0, 0), Some(plus2)),
            Some(When::At(date(2018, 4, 19).at(11, 0, 0, 0), Some(plus2))),
        ),
        // 22:00 at -03:30 is 01:30 UTC the next day.
        event("nuit@lab.example", "Nuit", When::At(date(2018, 12, 31).at(22, 0, 0, 0), Some(minus_0330)), None),
    ];
    // No time without an offset: no VTIMEZONE.
    let mut expected = header("Europe/Paris");
    expected.extend(
        [
            "BEGIN:VEVENT",
            "UID:visio@lab.example",
            "DTSTAMP:20180301T120000Z",
            "SEQUENCE:0",
            "SUMMARY:Visio",
            "DTSTART:20180419T073000Z",
            "DTEND:20180419T090000Z",
            "STATUS:CONFIRMED",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:nuit@lab.example",
            "DTSTAMP:20180301T120000Z",
            "SEQUENCE:0",
            "SUMMARY:Nuit",
            "DTSTART:20190101T013000Z",
            "STATUS:CONFIRMED",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
        .map(String::from),
    );
    assert_eq!(calendar("Europe/Paris", &events), crlf(&expected));
}

#[test]
fn utc_zone_calendar() {
    let events = [event("a@lab.example", "Atelier", at(2018, 4, 19, 9, 30), Some(at(2018, 4, 19, 11, 0)))];
    let text = write(&Calendar { name: "Agenda du lab", tz_name: "UTC", tz: &TimeZone::UTC, events: &events });
    let mut expected = header("UTC");
    expected.extend(
        [
            "BEGIN:VTIMEZONE",
            "TZID:UTC",
            "BEGIN:STANDARD",
            "TZOFFSETFROM:+0000",
            "TZOFFSETTO:+0000",
            "TZNAME:UTC",
            "DTSTART:19700101T000000",
            "END:STANDARD",
            "END:VTIMEZONE",
            "BEGIN:VEVENT",
            "UID:a@lab.example",
            "DTSTAMP:20180301T120000Z",
            "SEQUENCE:0",
            "SUMMARY:Atelier",
            "DTSTART;TZID=UTC:20180419T093000",
            "DTEND;TZID=UTC:20180419T110000",
            "STATUS:CONFIRMED",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
        .map(String::from),
    );
    assert_eq!(text, crlf(&expected));
    // The tzdb's own `UTC` gives the same text.
    assert_eq!(calendar("UTC", &events), text);
}

#[test]
fn zone_without_daylight_saving_has_one_standard() {
    let text = calendar("Asia/Tokyo", &[event("a@lab.example", "A", at(2018, 4, 19, 9, 30), None)]);
    let expected = [
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Tokyo",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0900",
        "TZOFFSETTO:+0900",
        "TZNAME:JST",
        "DTSTART:19700101T000000",
        "END:STANDARD",
        "END:VTIMEZONE",
    ];
    assert_eq!(block(&text, "VTIMEZONE"), expected);
}

#[test]
fn southern_hemisphere_and_nth_sunday_rules() {
    // Australia/Sydney: AEDT (+11) ends on the first Sunday of April at 03:00 local, starts on the
    // first Sunday of October at 02:00 local. 1970: 5 April and 4 October.
    let text = calendar("Australia/Sydney", &[event("a@lab.example", "A", at(2018, 7, 1, 9, 0), None)]);
    let expected = [
        "BEGIN:VTIMEZONE",
        "TZID:Australia/Sydney",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+1100",
        "TZOFFSETTO:+1000",
        "TZNAME:AEST",
        "DTSTART:19700405T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+1000",
        "TZOFFSETTO:+1100",
        "TZNAME:AEDT",
        "DTSTART:19701004T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
    ];
    assert_eq!(block(&text, "VTIMEZONE"), expected);

    // America/New_York since 2007: second Sunday of March, first Sunday of November, 02:00
    // local. 1970: 8 March and 1 November.
    let text = calendar("America/New_York", &[event("a@lab.example", "A", at(2018, 7, 1, 9, 0), None)]);
    let expected = [
        "BEGIN:VTIMEZONE",
        "TZID:America/New_York",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:-0500",
        "TZOFFSETTO:-0400",
        "TZNAME:EDT",
        "DTSTART:19700308T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:-0400",
        "TZOFFSETTO:-0500",
        "TZNAME:EST",
        "DTSTART:19701101T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ];
    assert_eq!(block(&text, "VTIMEZONE"), expected);
}

#[test]
fn weekday_on_or_after_rule() {
    // Asia/Jerusalem since 2013: IDT from the Friday on or after 23 March (the Friday before the
    // last Sunday), 02:00; IST from the last Sunday of October, 02:00. 1970: 27 March (23 March
    // 1970 was a Monday) and 25 October.
    let text = calendar("Asia/Jerusalem", &[event("a@lab.example", "A", at(2018, 7, 1, 9, 0), None)]);
    let expected = [
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Jerusalem",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0300",
        "TZNAME:IDT",
        "DTSTART:19700327T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=23,24,25,26,27,28,29;BYDAY=FR",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0300",
        "TZOFFSETTO:+0200",
        "TZNAME:IST",
        "DTSTART:19701025T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ];
    assert_eq!(block(&text, "VTIMEZONE"), expected);
}

#[test]
fn rule_change_between_events_lists_each_change() {
    // America/Sao_Paulo kept daylight saving until February 2019 (changes at 00:00 local).
    let events = [
        event("a@lab.example", "A", at(2018, 6, 1, 10, 0), None),
        event("b@lab.example", "B", at(2020, 6, 1, 10, 0), None),
    ];
    let expected = [
        "BEGIN:VTIMEZONE",
        "TZID:America/Sao_Paulo",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:-0200",
        "TZOFFSETTO:-0200",
        "TZNAME:-02",
        "DTSTART:20180101T000000",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:-0200",
        "TZOFFSETTO:-0300",
        "TZNAME:-03",
        "DTSTART:20180218T000000",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:-0300",
        "TZOFFSETTO:-0200",
        "TZNAME:-02",
        "DTSTART:20181104T000000",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:-0200",
        "TZOFFSETTO:-0300",
        "TZNAME:-03",
        "DTSTART:20190217T000000",
        "END:STANDARD",
        "END:VTIMEZONE",
    ];
    assert_eq!(block(&calendar("America/Sao_Paulo", &events), "VTIMEZONE"), expected);

    // Events only after the abolition: the offset then in force.
    let later = [event("b@lab.example", "B", at(2020, 6, 1, 10, 0), None)];
    let expected = [
        "BEGIN:VTIMEZONE",
        "TZID:America/Sao_Paulo",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:-0300",
        "TZOFFSETTO:-0300",
        "TZNAME:-03",
        "DTSTART:19700101T000000",
        "END:STANDARD",
        "END:VTIMEZONE",
    ];
    assert_eq!(block(&calendar("America/Sao_Paulo", &later), "VTIMEZONE"), expected);

    // Europe/Paris ended summer time in September until 1995, in October since 1996.
    let events = [
        event("a@lab.example", "A", at(1995, 6, 1, 10, 0), None),
        event("b@lab.example", "B", at(2018, 6, 1, 10, 0), None),
    ];
    let vtimezone = block(&calendar("Europe/Paris", &events), "VTIMEZONE");
    assert!(!vtimezone.iter().any(|l| l.starts_with("RRULE")));
    // One spring change a year (1995 to 2018), one autumn change a year plus the initial CET.
    assert_eq!(vtimezone.iter().filter(|l| *l == "BEGIN:DAYLIGHT").count(), 24);
    assert_eq!(vtimezone.iter().filter(|l| *l == "BEGIN:STANDARD").count(), 25);
    assert_eq!(
        vtimezone[2..8],
        [
            "BEGIN:STANDARD",
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:+0100",
            "TZNAME:CET",
            "DTSTART:19950101T000000",
            "END:STANDARD"
        ]
    );
    assert!(vtimezone.iter().any(|l| l == "DTSTART:19950924T030000"), "last Sunday of September 1995");
    assert!(vtimezone.iter().any(|l| l == "DTSTART:19961027T030000"), "last Sunday of October 1996");
}

#[test]
fn rule_seen_in_one_year_only_lists_each_change() {
    // Asia/Tehran in 2020 changed on fixed dates (21 March and 21 September, 00:00 local): the
    // weekdays differ in 2019 and 2021, so no yearly rule is confirmed; the changes are listed.
    let text = calendar("Asia/Tehran", &[event("a@lab.example", "A", at(2020, 6, 1, 10, 0), None)]);
    let expected = [
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Tehran",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0330",
        "TZOFFSETTO:+0330",
        "TZNAME:+0330",
        "DTSTART:20200101T000000",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0330",
        "TZOFFSETTO:+0430",
        "TZNAME:+0430",
        "DTSTART:20200321T000000",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0430",
        "TZOFFSETTO:+0330",
        "TZNAME:+0330",
        "DTSTART:20200921T000000",
        "END:STANDARD",
        "END:VTIMEZONE",
    ];
    assert_eq!(block(&text, "VTIMEZONE"), expected);
}

#[test]
fn end_shapes() {
    // An all-day start with a timed end: all-day, through the end's date.
    assert_eq!(
        times_of(event("a", "A", day(2018, 3, 26), Some(at(2018, 3, 27, 18, 0)))),
        ["DTSTART;VALUE=DATE:20180326", "DTEND;VALUE=DATE:20180328"]
    );
    // An all-day end before the start: one day.
    assert_eq!(
        times_of(event("a", "A", day(2018, 3, 26), Some(day(2018, 3, 20)))),
        ["DTSTART;VALUE=DATE:20180326", "DTEND;VALUE=DATE:20180327"]
    );
    // A timed start with an all-day end: until the end of that day, in the start's form.
    assert_eq!(
        times_of(event("a", "A", at(2018, 4, 19, 9, 30), Some(day(2018, 4, 20)))),
        ["DTSTART;TZID=Europe/Paris:20180419T093000", "DTEND;TZID=Europe/Paris:20180421T000000"]
    );
    let plus2 = Some(jiff::tz::offset(2));
    assert_eq!(
        times_of(event("a", "A", When::At(date(2018, 4, 19).at(9, 30, 0, 0), plus2), Some(day(2018, 4, 20)))),
        ["DTSTART:20180419T073000Z", "DTEND:20180420T220000Z"]
    );
    // A timed end at or before the start: no DTEND. Compared as instants: 09:30 in Paris in
    // April is 07:30 UTC; 07:00+02:00 (05:00 UTC) is before it, 11:00+02:00 (09:00 UTC) after.
    assert_eq!(
        times_of(event("a", "A", at(2018, 4, 19, 9, 30), Some(at(2018, 4, 19, 9, 30)))),
        ["DTSTART;TZID=Europe/Paris:20180419T093000"]
    );
    assert_eq!(
        times_of(event("a", "A", at(2018, 4, 19, 9, 30), Some(at(2018, 4, 18, 10, 0)))),
        ["DTSTART;TZID=Europe/Paris:20180419T093000"]
    );
    let end = When::At(date(2018, 4, 19).at(7, 0, 0, 0), plus2);
    assert_eq!(
        times_of(event("a", "A", at(2018, 4, 19, 9, 30), Some(end))),
        ["DTSTART;TZID=Europe/Paris:20180419T093000"]
    );
    let end = When::At(date(2018, 4, 19).at(11, 0, 0, 0), plus2);
    assert_eq!(
        times_of(event("a", "A", at(2018, 4, 19, 9, 30), Some(end))),
        ["DTSTART;TZID=Europe/Paris:20180419T093000", "DTEND:20180419T090000Z"]
    );
    // A start with an offset and an end without one: the end uses TZID, so a VTIMEZONE is written.
    let e = event("a", "A", When::At(date(2018, 4, 19).at(9, 30, 0, 0), plus2), Some(at(2018, 4, 19, 12, 0)));
    let text = calendar("Europe/Paris", &[e]);
    assert!(text.contains("\r\nDTSTART:20180419T073000Z\r\nDTEND;TZID=Europe/Paris:20180419T120000\r\n"));
    assert_eq!(block(&text, "VTIMEZONE")[1], "TZID:Europe/Paris");
}

#[test]
fn text_escaping() {
    assert_eq!(text("a\\b;c,d\ne\r\nf\rg\th\u{7}i\u{7f}j:k\"l"), "a\\\\b\\;c\\,d\\ne\\nfghij:k\"l");
    assert_eq!(text("déjà vu — ok"), "déjà vu — ok");
    assert_eq!(uri("https://x.example/a,b;c\\d\n"), "https://x.example/a,b;c\\d");
    assert_eq!(param("Europe/Paris"), "Europe/Paris");
    assert_eq!(param("a:b\"c"), "\"a:bc\"");
}

#[test]
fn folding_boundaries() {
    let fold = |line: &str| {
        let mut out = String::new();
        push_folded(&mut out, line);
        out
    };
    let x = |n: usize| "X".repeat(n);
    assert_eq!(fold(&x(75)), format!("{}\r\n", x(75)));
    assert_eq!(fold(&x(76)), format!("{}\r\n X\r\n", x(75)));
    assert_eq!(fold(&x(150)), format!("{}\r\n {}\r\n X\r\n", x(75), x(74)));
    // A 3-octet character on octets 75 to 77, a 4-octet one on 74 to 77: moved to the next line.
    assert_eq!(fold(&format!("{}€", x(74))), format!("{}\r\n €\r\n", x(74)));
    assert_eq!(fold(&format!("{}😀", x(73))), format!("{}\r\n 😀\r\n", x(73)));
    assert_eq!(fold(""), "\r\n");
}

#[test]
fn formats() {
    assert_eq!(offset(Offset::UTC), "+0000");
    assert_eq!(offset(Offset::from_seconds(-(3 * 3600 + 30 * 60)).unwrap()), "-0330");
    assert_eq!(offset(Offset::from_seconds(9 * 60 + 21).unwrap()), "+000921");
    assert_eq!(utc("2018-03-01T12:00:00.999Z".parse().unwrap()), "20180301T120000Z");
    assert_eq!(local(date(987, 1, 2).at(3, 4, 5, 0)), "09870102T030405");
    let e = IcsEvent { sequence: u32::MAX, ..event("a", "A", day(2018, 3, 26), None) };
    assert!(calendar("Europe/Paris", &[e]).contains("\r\nSEQUENCE:2147483647\r\n"), "an INTEGER is signed 32-bit");
}

#[test]
fn same_input_same_bytes() {
    let events = [
        event("a@lab.example", "A", at(2018, 4, 19, 9, 30), None),
        event("b@lab.example", "B", day(2018, 3, 26), None),
    ];
    let first = calendar("Europe/Paris", &events);
    assert_eq!(first, calendar("Europe/Paris", &events));
    // Written in the order given, and every line ends with CRLF.
    assert!(first.find("UID:a@").unwrap() < first.find("UID:b@").unwrap());
    assert!(first.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(first.matches('\n').count(), first.matches("\r\n").count());
    // No events: the header alone.
    assert_eq!(calendar("Europe/Paris", &[]), crlf(&[header("Europe/Paris"), vec!["END:VCALENDAR".into()]].concat()));
}
