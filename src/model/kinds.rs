//! The kinds of page and their own front-matter keys, typed and validated.
//!
//! References to other pages (a session's `values`, a tutorial's `prerequisites`) are kept as
//! written here and resolved to [`DocId`](super::DocId)s once every page is known.

use serde::Serialize;

use super::filectx::FileCtx;
use super::when::{When, parse_when};
use crate::diagnostics::Lint;
use crate::frontmatter::{RawAnswer, RawDuration, RawFront, locate_in_item};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Page,
    Session,
    Value,
    Tutorial,
    Course,
    Module,
    Lesson,
    Event,
}

pub const KIND_NAMES: [&str; 8] = ["page", "session", "value", "tutorial", "course", "module", "lesson", "event"];

impl Kind {
    pub fn parse(name: &str) -> Option<Kind> {
        Some(match name {
            "page" => Kind::Page,
            "session" => Kind::Session,
            "value" => Kind::Value,
            "tutorial" => Kind::Tutorial,
            "course" => Kind::Course,
            "module" => Kind::Module,
            "lesson" => Kind::Lesson,
            "event" => Kind::Event,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        KIND_NAMES[self as usize]
    }

    /// The keys of this kind beyond the common ones.
    pub fn own_keys(self) -> &'static [&'static str] {
        match self {
            Kind::Page => &[],
            Kind::Session => &["programme", "number", "start", "end", "location", "participants", "values", "next"],
            Kind::Value => &["order", "summary"],
            Kind::Tutorial => &["level", "duration", "prerequisites"],
            Kind::Course => &["audience", "outcomes"],
            Kind::Module => &["duration", "objectives"],
            Kind::Lesson => &["duration", "objectives", "quiz", "resources"],
            Kind::Event => &["start", "end", "location", "online_url", "registration_url", "status"],
        }
    }
}

/// The kind-specific keys present in `raw`.
fn present_keys(raw: &RawFront) -> Vec<&'static str> {
    let keys: [(&str, bool); 21] = [
        ("programme", raw.programme.is_some()),
        ("number", raw.number.is_some()),
        ("start", raw.start.is_some()),
        ("end", raw.end.is_some()),
        ("location", raw.location.is_some()),
        ("participants", raw.participants.is_some()),
        ("values", raw.values.is_some()),
        ("next", raw.next.is_some()),
        ("order", raw.order.is_some()),
        ("summary", raw.summary.is_some()),
        ("level", raw.level.is_some()),
        ("duration", raw.duration.is_some()),
        ("prerequisites", raw.prerequisites.is_some()),
        ("audience", raw.audience.is_some()),
        ("outcomes", raw.outcomes.is_some()),
        ("objectives", raw.objectives.is_some()),
        ("quiz", raw.quiz.is_some()),
        ("resources", raw.resources.is_some()),
        ("online_url", raw.online_url.is_some()),
        ("registration_url", raw.registration_url.is_some()),
        ("status", raw.status.is_some()),
    ];
    keys.iter().filter(|(_, p)| *p).map(|(k, _)| *k).collect()
}

#[derive(Debug, Clone)]
pub struct Next {
    pub date: jiff::civil::Date,
    pub title: Option<String>,
    pub location: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub question: String,
    pub choices: Vec<String>,
    /// Right choices, counting from 1.
    pub answers: Vec<usize>,
    pub explanation: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Resource {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Scheduled,
    Cancelled,
    Postponed,
}

/// What each kind adds to a page, typed.
#[derive(Debug, Clone)]
pub enum KindData {
    Page,
    Session {
        programme: Option<String>,
        number: Option<u32>,
        start: When,
        end: Option<When>,
        location: Option<String>,
        participants: Vec<String>,
        /// Value slugs as written; resolved against the value pages later.
        values: Vec<String>,
        next: Option<Next>,
    },
    Value {
        order: i64,
        summary: Option<String>,
    },
    Tutorial {
        level: Option<String>,
        duration: Option<u32>,
        /// Content paths as written; resolved later.
        prerequisites: Vec<String>,
    },
    Course {
        audience: Option<String>,
        outcomes: Vec<String>,
    },
    Module {
        duration: Option<u32>,
        objectives: Vec<String>,
    },
    Lesson {
        duration: Option<u32>,
        objectives: Vec<String>,
        quiz: Vec<Question>,
        resources: Vec<Resource>,
    },
    Event {
        start: When,
        end: Option<When>,
        location: Option<String>,
        online_url: Option<String>,
        registration_url: Option<String>,
        status: Status,
    },
}

pub const LEVELS: [&str; 3] = ["débutant", "intermédiaire", "avancé"];

/// Parses `1 h 30`, `1h30`, `90 min`, `45` into minutes.
pub fn parse_duration(d: &RawDuration) -> Result<u32, String> {
    let text = match d {
        RawDuration::Minutes(m) => return Ok(*m),
        RawDuration::Text(t) => t,
    };
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    let bad = || format!("`{text}` is not a duration: write minutes (90) or hours and minutes (\"1 h 30\")");
    let compact = compact.trim_end_matches("minutes").trim_end_matches("min");
    match compact.split_once('h') {
        Some((h, m)) => {
            let h: u32 = h.parse().map_err(|_| bad())?;
            let m: u32 = if m.is_empty() { 0 } else { m.parse().map_err(|_| bad())? };
            if m >= 60 {
                return Err(bad());
            }
            Ok(h * 60 + m)
        }
        None => compact.parse().map_err(|_| bad()),
    }
}

/// Types the kind-specific keys of `raw` for `kind`, reporting keys of another kind.
pub fn type_kind(kind: Kind, raw: &RawFront, ctx: &mut FileCtx<'_>, fallback_date: Option<When>) -> KindData {
    for key in present_keys(raw) {
        if !kind.own_keys().contains(&key) {
            let owners: Vec<&str> = KIND_NAMES
                .iter()
                .filter(|k| Kind::parse(k).is_some_and(|k| k.own_keys().contains(&key)))
                .copied()
                .collect();
            ctx.error(
                key,
                None,
                format!("`{key}` is not a key of the kind `{}`", kind.name()),
                Some(format!("`{key}` belongs to the kinds {}; put free-form data under `extra:`", owners.join(", "))),
            );
        }
    }
    let duration = |ctx: &mut FileCtx<'_>| {
        raw.duration.as_ref().and_then(|d| {
            let written = match d {
                RawDuration::Text(t) => Some(t.as_str()),
                RawDuration::Minutes(_) => None,
            };
            parse_duration(d).map_err(|e| ctx.error("duration", written, e, None)).ok()
        })
    };
    match kind {
        Kind::Page => KindData::Page,
        Kind::Session => {
            let start = ctx.when("start", raw.start.as_deref());
            let end = ctx.when("end", raw.end.as_deref());
            if let (Some(s), Some(e)) = (start.or(fallback_date), end) {
                check_order("session", s, e, ctx);
            }
            session(raw, ctx, start.or(fallback_date), end)
        }
        Kind::Value => KindData::Value { order: raw.order.unwrap_or(i64::MAX), summary: raw.summary.clone() },
        Kind::Tutorial => KindData::Tutorial {
            level: raw.level.as_ref().and_then(|l| {
                if LEVELS.contains(&l.as_str()) {
                    return Some(l.clone());
                }
                let help = match crate::diagnostics::did_you_mean(l, LEVELS) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the levels are {}", LEVELS.join(", ")),
                };
                ctx.error("level", Some(l), format!("unknown level `{l}`"), Some(help));
                None
            }),
            duration: duration(ctx),
            prerequisites: raw.prerequisites.clone().unwrap_or_default(),
        },
        Kind::Course => {
            KindData::Course { audience: raw.audience.clone(), outcomes: raw.outcomes.clone().unwrap_or_default() }
        }
        Kind::Module => {
            KindData::Module { duration: duration(ctx), objectives: raw.objectives.clone().unwrap_or_default() }
        }
        Kind::Lesson => KindData::Lesson {
            duration: duration(ctx),
            objectives: raw.objectives.clone().unwrap_or_default(),
            quiz: type_quiz(raw, ctx),
            resources: raw
                .resources
                .iter()
                .flatten()
                .filter(|r| web_address(ctx, "resources", &r.url))
                .map(|r| Resource { title: r.title.clone(), url: r.url.clone() })
                .collect(),
        },
        Kind::Event => type_event(raw, ctx),
    }
}

fn session(raw: &RawFront, ctx: &mut FileCtx<'_>, start: Option<When>, end: Option<When>) -> KindData {
    if let Some(p) = &raw.programme
        && crate::model::slugify(p).len() > super::page::MAX_SEGMENT
    {
        ctx.error(
            "programme",
            Some(p),
            "this programme name is too long to make an address".into(),
            Some(format!(
                "a programme may get a folder of the site made from its name, and {}",
                super::page::SEGMENT_LIMIT
            )),
        );
    }
    KindData::Session {
        programme: raw.programme.clone(),
        number: raw.number,
        start: start.unwrap_or_else(|| {
            ctx.error(
                if raw.kind.is_some() { "kind" } else { "---" },
                None,
                "a session needs a `start` date (or a `date`)".into(),
                Some("add `start: 2018-03-26`".into()),
            );
            When::Day(jiff::civil::Date::ZERO)
        }),
        end,
        location: raw.location.clone(),
        participants: raw.participants.clone().unwrap_or_default(),
        values: raw.values.clone().unwrap_or_default(),
        next: raw.next.as_ref().and_then(|n| {
            let date = parse_when(&n.date).map_err(|e| ctx.error("next", Some(&n.date), e, None)).ok()?;
            Some(Next { date: date.date(), title: n.title.clone(), location: n.location.clone() })
        }),
    }
}

/// Whether `end` comes before `start`: by instant when both have a time (and both or neither an
/// offset), else by day.
pub fn ends_before(start: When, end: When) -> bool {
    match (start, end) {
        (When::At(s, so), When::At(e, eo)) => match (so, eo) {
            (None, None) => e < s,
            (Some(so), Some(eo)) => match (so.to_timestamp(s), eo.to_timestamp(e)) {
                (Ok(s), Ok(e)) => e < s,
                _ => e.date() < s.date(),
            },
            _ => e.date() < s.date(),
        },
        (s, e) => e.date() < s.date(),
    }
}

/// A date as a contributor writes it: `2018-04-19`, `2018-04-19 09:30`, `2018-04-19 09:30 +02:00`.
fn shown(w: When) -> String {
    match w {
        When::Day(d) => d.to_string(),
        When::At(dt, offset) => {
            let at = dt.strftime("%Y-%m-%d %H:%M").to_string();
            match offset {
                Some(o) => format!("{at} {}", &When::At(dt, Some(o)).iso()[19..]),
                None => at,
            }
        }
    }
}

/// Reports an `end` before the `start` of an event or a session, or one so far after it that
/// it is most likely a typo (`1018` for `2018`): such an event would fill the agenda.
fn check_order(what: &str, start: When, end: When, ctx: &mut FileCtx<'_>) {
    let days = end.date().since(start.date()).map_or(0, |s| i64::from(s.get_days()));
    if days > ctx.longest_event_days {
        let (max, written) = (ctx.longest_event_days, ctx.split.yaml.lines().find_map(|l| l.strip_prefix("end:")));
        ctx.lint(
            Lint::LongEvent,
            "end",
            written.map(str::trim).map(|w| w.trim_matches(['"', '\''])),
            format!("the {what} lasts {days} days, from {} to {}", shown(start), shown(end)),
            Some(format!(
                "check the years of `start` and `end`; an {what} may last {max} days at most \
                 (`agenda: {{longest_event_days: …}}` in carnet.yaml)"
            )),
        );
    }
    if ends_before(start, end) {
        ctx.error(
            "end",
            None,
            format!("the {what} ends ({}) before it starts ({})", shown(end), shown(start)),
            Some("check the dates: `end` is the last day (or the time) the {what} lasts until".replace("{what}", what)),
        );
    }
}

fn type_quiz(raw: &RawFront, ctx: &mut FileCtx<'_>) -> Vec<Question> {
    let mut out = Vec::new();
    for q in raw.quiz.iter().flatten() {
        let answers: Vec<i64> = match &q.answer {
            RawAnswer::One(a) => vec![*a],
            RawAnswer::Many(a) => a.clone(),
        };
        let n = q.choices.len();
        if let Some(bad) = answers.iter().find(|a| **a < 1 || **a as usize > n) {
            let (pos, len) = locate_in_item(&ctx.split, "quiz", &q.question, "answer", Some(&bad.to_string()));
            let message = format!("the answer {bad} of the question “{}” points past its {n} choices", q.question);
            ctx.error_at(pos, len, message, Some("`answer` counts the choices from 1".into()));
            continue;
        }
        out.push(Question {
            question: q.question.clone(),
            choices: q.choices.clone(),
            answers: answers.iter().map(|a| *a as usize).collect(),
            explanation: q.explanation.clone(),
        });
    }
    out
}

/// Whether `url` (written under `key`) is a web address a reader may follow: `https://`,
/// `http://`, `mailto:`, `tel:` or a path of the site. Anything else (`javascript:`, `data:`)
/// is reported.
fn web_address(ctx: &mut FileCtx<'_>, key: &str, url: &str) -> bool {
    match crate::urls::check(url, crate::urls::Allowed::Link) {
        Ok(()) => true,
        Err(help) => {
            ctx.error(key, Some(url), format!("`{url}` is not a web address"), Some(help));
            false
        }
    }
}

fn type_event(raw: &RawFront, ctx: &mut FileCtx<'_>) -> KindData {
    for (key, url) in [("online_url", &raw.online_url), ("registration_url", &raw.registration_url)] {
        if let Some(url) = url {
            web_address(ctx, key, url);
        }
    }
    let start = ctx.when("start", raw.start.as_deref());
    let end = ctx.when("end", raw.end.as_deref());
    if raw.start.is_none() {
        ctx.error(
            if raw.kind.is_some() { "kind" } else { "---" },
            None,
            "an event needs a `start`".into(),
            Some("add `start: 2018-05-14` or `start: 2018-05-14T09:30`".into()),
        );
    }
    if let (Some(s), Some(e)) = (start, end) {
        check_order("event", s, e, ctx);
    }
    let status = match raw.status.as_deref() {
        None | Some("scheduled") => Status::Scheduled,
        Some("cancelled") => Status::Cancelled,
        Some("postponed") => Status::Postponed,
        Some(other) => {
            let names = ["scheduled", "cancelled", "postponed"];
            let help = crate::diagnostics::did_you_mean(other, names).map_or_else(
                || "the statuses are scheduled, cancelled, postponed".to_string(),
                |s| format!("did you mean `{s}`?"),
            );
            ctx.error("status", Some(other), format!("unknown status `{other}`"), Some(help));
            Status::Scheduled
        }
    };
    if raw.location.is_none() && raw.online_url.is_none() {
        ctx.lint(
            Lint::EventWithoutPlace,
            "start",
            None,
            "this event has no place".into(),
            Some("add `location: \"…\"`, or `online_url:` for an event online".into()),
        );
    }
    KindData::Event {
        start: start.unwrap_or(When::Day(jiff::civil::Date::ZERO)),
        end,
        location: raw.location.clone(),
        online_url: raw.online_url.clone(),
        registration_url: raw.registration_url.clone(),
        status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let t = |s: &str| parse_duration(&RawDuration::Text(s.into()));
        assert_eq!(t("1 h 30"), Ok(90));
        assert_eq!(t("1h30"), Ok(90));
        assert_eq!(t("2 h"), Ok(120));
        assert_eq!(t("45 min"), Ok(45));
        assert_eq!(parse_duration(&RawDuration::Minutes(20)), Ok(20));
        assert!(t("une heure").is_err());
        assert!(t("1 h 75").is_err());
    }
}
