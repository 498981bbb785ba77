//! Dates as contributors write them: `2018-03-26`, `2018-03-26T09:30`, `2018-03-26 09:30:00`,
//! `2018-03-26T09:30:00+02:00`.

use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;

/// A date, or a date and time (in the site's time zone unless it carries an offset).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum When {
    Day(Date),
    At(DateTime, Option<Offset>),
}

impl When {
    pub fn date(self) -> Date {
        match self {
            When::Day(d) => d,
            When::At(dt, _) => dt.date(),
        }
    }

    /// The local date and time, midnight for a day: what to sort events by.
    pub fn local(self) -> DateTime {
        match self {
            When::Day(d) => d.to_datetime(jiff::civil::Time::midnight()),
            When::At(dt, _) => dt,
        }
    }

    /// The ISO 8601 form: `2018-03-26` or `2018-03-26T09:30:00` (with `+02:00` if given).
    pub fn iso(self) -> String {
        match self {
            When::Day(d) => d.to_string(),
            When::At(dt, None) => dt.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
            When::At(dt, Some(o)) => {
                format!("{}{}", dt.strftime("%Y-%m-%dT%H:%M:%S"), offset_text(o))
            }
        }
    }
}

fn offset_text(o: Offset) -> String {
    let secs = o.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    format!("{sign}{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
}

/// Parses a date as written in front matter; the error says what is wrong in words.
pub fn parse_when(text: &str) -> Result<When, String> {
    let t = text.trim();
    let (date_part, time_part) = match t.find(['T', ' ']) {
        Some(i) => (&t[..i], Some(t[i + 1..].trim())),
        None => (t, None),
    };
    let date = parse_date(date_part)?;
    let Some(time) = time_part else {
        return Ok(When::Day(date));
    };
    if let Some((clock, zone)) = time.split_once(' ')
        && zone.trim().chars().next().is_some_and(char::is_alphabetic)
    {
        return Err(format!(
            "`{}` cannot follow the time: write an offset such as `{date_part}T{clock}+02:00`, or the time alone for the site's time zone",
            zone.trim()
        ));
    }
    let (clock, offset) = split_offset(time)?;
    let parts: Vec<&str> = clock.split(':').collect();
    let num = |s: &str| s.parse::<i8>().map_err(|_| format!("`{text}` is not a valid time of day"));
    let (h, m, s) = match parts.as_slice() {
        [h, m] => (num(h)?, num(m)?, 0),
        [h, m, s] => (num(h)?, num(m)?, num(s.split('.').next().unwrap_or("0"))?),
        _ => return Err(format!("`{text}` is not a valid time: write it as HH:MM")),
    };
    let time = jiff::civil::Time::new(h, m, s, 0).map_err(|_| format!("`{clock}` is not a real time of day"))?;
    Ok(When::At(date.to_datetime(time), offset))
}

fn split_offset(time: &str) -> Result<(&str, Option<Offset>), String> {
    if let Some(clock) = time.strip_suffix('Z') {
        return Ok((clock, Some(Offset::UTC)));
    }
    let Some(i) = time.rfind(['+', '-']) else {
        return Ok((time, None));
    };
    let (clock, off) = time.split_at(i);
    let sign: i32 = if off.starts_with('-') { -1 } else { 1 };
    let digits: String = off[1..].chars().filter(|c| *c != ':').collect();
    let bad = || format!("`{off}` is not a valid time-zone offset: write it as +02:00");
    if digits.len() != 4 {
        return Err(bad());
    }
    let h: i32 = digits[..2].parse().map_err(|_| bad())?;
    let m: i32 = digits[2..].parse().map_err(|_| bad())?;
    // Real offsets go from -12:00 to +14:00.
    if m >= 60 || sign * h < -12 || sign * h > 14 || (h == 14 && m > 0) {
        return Err(format!("`{off}` is not a real time-zone offset: offsets go from -12:00 to +14:00"));
    }
    let offset = Offset::from_seconds(sign * (h * 3600 + m * 60)).map_err(|_| bad())?;
    Ok((clock, Some(offset)))
}

/// Parses `YYYY-MM-DD`, rejecting dates that do not exist (31 February).
pub fn parse_date(text: &str) -> Result<Date, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let shape_ok = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
    if !shape_ok {
        return Err(format!("`{text}` is not a date: write it as YYYY-MM-DD, for example 2018-03-26"));
    }
    let y: i16 = parts[0].parse().map_err(|_| format!("`{text}` has an invalid year"))?;
    let m: i8 = parts[1].parse().unwrap_or(0);
    let d: i8 = parts[2].parse().unwrap_or(0);
    Date::new(y, m, d).map_err(|_| format!("`{text}` is not a real date: that day does not exist"))
}

/// A leading `YYYY-MM-DD-` in a file name: the date and the rest of the name.
pub fn date_prefix(stem: &str) -> Option<(Date, &str)> {
    if stem.len() < 11 || !stem.is_char_boundary(10) || stem.as_bytes()[10] != b'-' {
        return None;
    }
    let date = parse_date(&stem[..10]).ok()?;
    Some((date, &stem[11..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn parses_the_forms_contributors_write() {
        assert_eq!(parse_when("2018-03-26"), Ok(When::Day(date(2018, 3, 26))));
        assert_eq!(parse_when("2018-03-26T09:30").unwrap().iso(), "2018-03-26T09:30:00");
        assert_eq!(parse_when("2018-03-26 09:30:00").unwrap().iso(), "2018-03-26T09:30:00");
        assert_eq!(parse_when("2018-03-26T09:30:00+02:00").unwrap().iso(), "2018-03-26T09:30:00+02:00");
        assert_eq!(parse_when("2018-03-26T07:30:00Z").unwrap().iso(), "2018-03-26T07:30:00+00:00");
    }

    #[test]
    fn rejects_impossible_dates_in_words() {
        assert_eq!(parse_when("2018-02-31").unwrap_err(), "`2018-02-31` is not a real date: that day does not exist");
        assert!(parse_when("26/03/2018").unwrap_err().contains("write it as YYYY-MM-DD"));
        assert!(parse_when("2018-03-26T25:00").unwrap_err().contains("not a real time of day"));
        assert!(parse_when("2018-03-26T09:30+25:00").unwrap_err().contains("offsets go from -12:00 to +14:00"));
        assert!(parse_when("2018-03-26T09:30+02:75").unwrap_err().contains("not a real time-zone offset"));
        assert!(parse_when("2018-03-26T09:30-12:00").is_ok() && parse_when("2018-03-26T09:30+14:00").is_ok());
        assert_eq!(
            parse_when("2018-03-26T09:30 Europe/Paris").unwrap_err(),
            "`Europe/Paris` cannot follow the time: write an offset such as `2018-03-26T09:30+02:00`, or the time alone for the site's time zone"
        );
    }

    #[test]
    fn file_name_date_prefix() {
        assert_eq!(date_prefix("2018-03-26-session-11"), Some((date(2018, 3, 26), "session-11")));
        assert_eq!(date_prefix("session-11"), None);
        assert_eq!(date_prefix("2018-13-01-x"), None);
    }
}
