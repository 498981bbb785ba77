//! Dates and durations in words, in the site's language: the one place that knows how French
//! and English write them ("26 et 27 mars 2018", "du 30 avril au 2 mai 2018", "1 h 30").

use jiff::civil::{Date, Weekday};

use crate::model::when::When;

use crate::config::Lang;

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month(lang: Lang, d: Date) -> &'static str {
    let i = (d.month() - 1) as usize;
    match lang {
        Lang::Fr => MONTHS_FR[i],
        Lang::En => MONTHS_EN[i],
    }
}

pub fn weekday(lang: Lang, d: Date) -> &'static str {
    let fr = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
    let en = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    let i = match d.weekday() {
        Weekday::Monday => 0,
        Weekday::Tuesday => 1,
        Weekday::Wednesday => 2,
        Weekday::Thursday => 3,
        Weekday::Friday => 4,
        Weekday::Saturday => 5,
        Weekday::Sunday => 6,
    };
    match lang {
        Lang::Fr => fr[i],
        Lang::En => en[i],
    }
}

/// The day of the month: "1er" in French.
fn day(lang: Lang, d: Date) -> String {
    match (lang, d.day()) {
        (Lang::Fr, 1) => "1er".to_string(),
        (_, n) => n.to_string(),
    }
}

/// "26 mars 2018" / "26 March 2018".
pub fn format_date(lang: Lang, d: Date) -> String {
    format!("{} {} {}", day(lang, d), month(lang, d), d.year())
}

/// "jeudi 14 juin 2018" / "Thursday 14 June 2018".
pub fn format_date_long(lang: Lang, d: Date) -> String {
    format!("{} {}", weekday(lang, d), format_date(lang, d))
}

/// A span of days: "26 et 27 mars 2018", "du 30 avril au 2 mai 2018", "jeudi 14 juin 2018";
/// in English "26–27 March 2018", "30 April – 2 May 2018", "Thursday 14 June 2018".
pub fn format_range(lang: Lang, start: Date, end: Option<Date>) -> String {
    let end = match end {
        Some(e) if e > start => e,
        _ => return format_date_long(lang, start),
    };
    let consecutive = start.tomorrow().ok() == Some(end);
    let same_month = start.year() == end.year() && start.month() == end.month();
    let same_year = start.year() == end.year();
    match lang {
        Lang::Fr if same_month && consecutive => {
            format!("{} et {}", day(lang, start), format_date(lang, end))
        }
        Lang::Fr if same_month => format!("du {} au {}", day(lang, start), format_date(lang, end)),
        Lang::Fr if same_year => {
            format!("du {} {} au {}", day(lang, start), month(lang, start), format_date(lang, end))
        }
        Lang::Fr => format!("du {} au {}", format_date(lang, start), format_date(lang, end)),
        Lang::En if same_month => format!("{}–{}", start.day(), format_date(lang, end)),
        Lang::En if same_year => format!("{} {} – {}", start.day(), month(lang, start), format_date(lang, end)),
        Lang::En => format!("{} – {}", format_date(lang, start), format_date(lang, end)),
    }
}

/// Days of an event with their weekdays: "jeudi 14 et vendredi 15 juin 2018", "du lundi
/// 30 avril au mercredi 2 mai 2018", "jeudi 14 juin 2018"; in English "Thursday 14 and Friday
/// 15 June 2018", "Monday 30 April – Wednesday 2 May 2018".
pub fn format_days_long(lang: Lang, start: Date, end: Option<Date>) -> String {
    let end = match end {
        Some(e) if e > start => e,
        _ => return format_date_long(lang, start),
    };
    let consecutive = start.tomorrow().ok() == Some(end);
    let same_month = start.year() == end.year() && start.month() == end.month();
    let same_year = start.year() == end.year();
    let head = |with_month: bool, with_year: bool| {
        let mut s = format!("{} {}", weekday(lang, start), day(lang, start));
        if with_month {
            s = format!("{s} {}", month(lang, start));
        }
        if with_year {
            s = format!("{s} {}", start.year());
        }
        s
    };
    let (sep_two, from, to) = match lang {
        Lang::Fr => (" et ", "du ", " au "),
        Lang::En => (" and ", "", " – "),
    };
    if consecutive && same_month {
        return format!("{}{sep_two}{}", head(false, false), format_date_long(lang, end));
    }
    format!("{from}{}{to}{}", head(!same_month, !same_year), format_date_long(lang, end))
}

/// A time of day: "9 h 30", "17 h" in French; "9:30", "17:00" in English.
pub fn format_time(lang: Lang, t: jiff::civil::Time) -> String {
    match (lang, t.minute()) {
        (Lang::Fr, 0) => format!("{} h", t.hour()),
        (Lang::Fr, m) => format!("{} h {m:02}", t.hour()),
        (Lang::En, m) => format!("{}:{m:02}", t.hour()),
    }
}

/// When an event happens, in words: its days, and its hours when it has some
/// ("jeudi 19 avril 2018, de 9 h 30 à 17 h").
pub fn format_when(lang: Lang, start: When, end: Option<When>) -> String {
    let (at, from, to) = match lang {
        Lang::Fr => (" à ", "de ", " à "),
        Lang::En => (" at ", "from ", " to "),
    };
    match (start, end) {
        (When::Day(s), e) => format_days_long(lang, s, e.map(When::date)),
        (When::At(s, _), Some(When::At(e, _))) if s.date() == e.date() => format!(
            "{}, {from}{}{to}{}",
            format_date_long(lang, s.date()),
            format_time(lang, s.time()),
            format_time(lang, e.time())
        ),
        (When::At(s, _), Some(When::At(e, _))) => {
            let between = match lang {
                Lang::Fr => (" du ", " au "),
                Lang::En => ("", " – "),
            };
            format!(
                "{}{}{at}{}{}{}{at}{}",
                between.0.trim_start(),
                format_date_long(lang, s.date()),
                format_time(lang, s.time()),
                between.1,
                format_date_long(lang, e.date()),
                format_time(lang, e.time())
            )
        }
        (When::At(s, _), Some(When::Day(e))) => format_days_long(lang, s.date(), Some(e)),
        (When::At(s, _), None) => format!("{}{at}{}", format_date_long(lang, s.date()), format_time(lang, s.time())),
    }
}

/// "1 h 30", "45 min", "2 h" (the same in both languages).
pub fn format_duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn french_ranges() {
        let fr = Lang::Fr;
        assert_eq!(format_range(fr, date(2018, 3, 26), Some(date(2018, 3, 27))), "26 et 27 mars 2018");
        assert_eq!(format_range(fr, date(2018, 4, 30), Some(date(2018, 5, 2))), "du 30 avril au 2 mai 2018");
        assert_eq!(format_range(fr, date(2018, 6, 14), None), "jeudi 14 juin 2018");
        assert_eq!(format_range(fr, date(2018, 5, 1), Some(date(2018, 5, 3))), "du 1er au 3 mai 2018");
        assert_eq!(
            format_range(fr, date(2018, 12, 31), Some(date(2019, 1, 2))),
            "du 31 décembre 2018 au 2 janvier 2019"
        );
        assert_eq!(format_date(fr, date(2018, 5, 1)), "1er mai 2018");
    }

    #[test]
    fn english_ranges() {
        let en = Lang::En;
        assert_eq!(format_range(en, date(2018, 3, 26), Some(date(2018, 3, 27))), "26–27 March 2018");
        assert_eq!(format_range(en, date(2018, 4, 30), Some(date(2018, 5, 2))), "30 April – 2 May 2018");
        assert_eq!(format_range(en, date(2018, 6, 14), None), "Thursday 14 June 2018");
    }

    #[test]
    fn event_days_with_weekdays() {
        let fr = Lang::Fr;
        assert_eq!(
            format_days_long(fr, date(2018, 6, 14), Some(date(2018, 6, 15))),
            "jeudi 14 et vendredi 15 juin 2018"
        );
        assert_eq!(
            format_days_long(fr, date(2018, 4, 30), Some(date(2018, 5, 2))),
            "du lundi 30 avril au mercredi 2 mai 2018"
        );
        assert_eq!(
            format_days_long(fr, date(2018, 12, 31), Some(date(2019, 1, 2))),
            "du lundi 31 décembre 2018 au mercredi 2 janvier 2019"
        );
        assert_eq!(format_days_long(fr, date(2018, 6, 14), None), "jeudi 14 juin 2018");
        assert_eq!(
            format_days_long(Lang::En, date(2018, 6, 14), Some(date(2018, 6, 15))),
            "Thursday 14 and Friday 15 June 2018"
        );
    }

    #[test]
    fn event_hours() {
        let at = |h, m| When::At(date(2018, 4, 19).at(h, m, 0, 0), None);
        assert_eq!(format_when(Lang::Fr, at(9, 30), Some(at(17, 0))), "jeudi 19 avril 2018, de 9 h 30 à 17 h");
        assert_eq!(format_when(Lang::Fr, at(9, 5), None), "jeudi 19 avril 2018 à 9 h 05");
        assert_eq!(format_when(Lang::En, at(9, 30), Some(at(17, 0))), "Thursday 19 April 2018, from 9:30 to 17:00");
        let next_day = When::At(date(2018, 4, 20).at(12, 0, 0, 0), None);
        assert_eq!(
            format_when(Lang::Fr, at(9, 30), Some(next_day)),
            "du jeudi 19 avril 2018 à 9 h 30 au vendredi 20 avril 2018 à 12 h"
        );
    }

    #[test]
    fn durations() {
        assert_eq!(format_duration(90), "1 h 30");
        assert_eq!(format_duration(45), "45 min");
        assert_eq!(format_duration(120), "2 h");
        assert_eq!(format_duration(65), "1 h 05");
    }
}
