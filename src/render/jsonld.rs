//! schema.org `Event` JSON-LD for event and session pages. Serialised with serde_json, then
//! `<`, `>` and `&` are written as `\u003c`… so that no title can close the script element.

use serde_json::{Value, json};

use crate::config::Config;
use crate::index::calendar::Event;
use crate::model::Page;
use crate::model::kinds::Status;
use crate::model::when::When;

/// ISO 8601 with the offset: a time without one is in the site's time zone.
fn iso_with_offset(w: When, config: &Config) -> String {
    match w {
        When::At(dt, None) => match dt.to_zoned_datetime(config.time_zone.clone()) {
            Ok(z) => z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            Err(_) => w.iso(),
        },
        other => other.iso(),
    }
}

/// Text safe inside `<script type="application/ld+json">`.
pub fn script_safe(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

pub fn event(e: &Event, page: &Page, config: &Config) -> String {
    let status = match e.status {
        Status::Scheduled => "https://schema.org/EventScheduled",
        Status::Cancelled => "https://schema.org/EventCancelled",
        Status::Postponed => "https://schema.org/EventPostponed",
    };
    let place = e.location.as_ref().map(|l| json!({"@type": "Place", "name": l, "address": l}));
    let virtual_place = e.online_url.as_ref().map(|u| json!({"@type": "VirtualLocation", "url": u}));
    let mode = match (&place, &virtual_place) {
        (Some(_), Some(_)) => "https://schema.org/MixedEventAttendanceMode",
        (None, Some(_)) => "https://schema.org/OnlineEventAttendanceMode",
        _ => "https://schema.org/OfflineEventAttendanceMode",
    };
    let location: Vec<Value> = place.into_iter().chain(virtual_place).collect();
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": e.title,
        "startDate": iso_with_offset(e.start, config),
        "eventStatus": status,
        "eventAttendanceMode": mode,
        "url": format!("{}{}", config.base_url, page.path),
    });
    if let Some(end) = e.end {
        v["endDate"] = Value::String(iso_with_offset(end, config));
    }
    match location.len() {
        0 => {}
        1 => v["location"] = location[0].clone(),
        _ => v["location"] = Value::Array(location),
    }
    if let Some(d) = &page.description {
        v["description"] = Value::String(d.clone());
    }
    script_safe(&v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_title_can_close_the_script() {
        let v = json!({"name": "</script><script>alert(1)</script> & co"});
        let s = script_safe(&v);
        assert!(!s.contains('<') && !s.contains('>'));
        assert_eq!(serde_json::from_str::<Value>(&s).unwrap(), v, "still the same JSON");
    }
}
