//! Dates and durations in words, in the site's language: the one place that knows how French
//! and English write them ("26 et 27 mars 2018", "du 30 avril au 2 mai 2018", "1 h 30").

use jiff::civil::{Date, Weekday};

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
    fn durations() {
        assert_eq!(format_duration(90), "1 h 30");
        assert_eq!(format_duration(45), "45 min");
        assert_eq!(format_duration(120), "2 h");
        assert_eq!(format_duration(65), "1 h 05");
    }
}
