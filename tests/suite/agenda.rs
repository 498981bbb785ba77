//! The `agenda` fixture: events from event pages, sessions and their next meetings; the agenda
//! and month pages; iCalendar files read back by an independent parser; JSON-LD.

use std::process::Command;

use crate::harness::{SiteTest, list_files, main_of};

fn built() -> SiteTest {
    let site = SiteTest::fixture("agenda");
    site.build(&[]);
    site
}

/// The events of `.ics` files as the Python `icalendar` library reads them.
fn read_back(site: &SiteTest, files: &[&str]) -> Vec<serde_json::Value> {
    let python = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ical/.venv/bin/python");
    assert!(
        std::path::Path::new(python).exists(),
        "the iCalendar parser is missing ({python}): run `scripts/test.sh`, which installs it"
    );
    let out = Command::new(python)
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ical/read_ics.py"))
        .args(files.iter().map(|f| site.out().join(f)))
        .output()
        .expect("python runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_event_reads_back_equal_in_an_independent_parser() {
    let site = built();
    let events = read_back(&site, &["agenda.ics"]);
    let got: Vec<(String, String, String, String)> = events
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or("").to_string();
            (s("uid"), s("start"), s("end"), s("status"))
        })
        .collect();
    let want = [
        ("evenements-hiver@example.org", "2018-01-18T14:00:00+01:00", "2018-01-18T16:00:00+01:00", "CONFIRMED"),
        ("sessions-s11@example.org", "2018-03-26", "2018-03-28", "CONFIRMED"),
        ("evenements-bizarre@example.org", "2018-04-05", "2018-04-06", "CONFIRMED"),
        ("evenements-annule@example.org", "2018-04-19", "2018-04-20", "CANCELLED"),
        ("evenements-pont@example.org", "2018-04-30", "2018-05-03", "CONFIRMED"),
        ("sessions-s12@example.org", "2018-05-14", "2018-05-16", "CONFIRMED"),
        ("evenements-ete@example.org", "2018-06-07T09:30:00+02:00", "2018-06-07T17:00:00+02:00", "CONFIRMED"),
        ("sessions-s12-prochain-rendez-vous@example.org", "2018-06-14", "2018-06-15", "CONFIRMED"),
        ("evenements-futur@example.org", "2030-01-10", "2030-01-11", "CONFIRMED"),
    ];
    let want: Vec<(String, String, String, String)> =
        want.iter().map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string())).collect();
    assert_eq!(got, want, "winter and summer times, exclusive all-day ends, no duplicate for a covered next meeting");
    let odd = events.iter().find(|e| e["uid"] == "evenements-bizarre@example.org").unwrap();
    assert_eq!(odd["summary"], format!("Bilan; suite, fin \\ </script><script>alert(1)</script> {}", "é".repeat(100)));
    assert_eq!(odd["location"], "Salle 2, étage 3; aile B");
    let one = read_back(&site, &["agenda/evenements-ete.ics"]);
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["url"], "https://example.org/evenements/ete/");
    assert_eq!(one[0]["zones"], serde_json::json!(["Europe/Paris"]));
}

#[test]
fn ics_files_are_crlf_and_folded_at_75_octets() {
    let site = built();
    for f in list_files(&site.out()).iter().filter(|f| f.ends_with(".ics")) {
        let bytes = std::fs::read(site.out().join(f)).unwrap();
        let text = String::from_utf8(bytes).expect("UTF-8, never split inside a character");
        assert!(text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\n'), "{f}: CRLF only");
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{f}: {line:?} is {} octets", line.len());
        }
    }
}

#[test]
fn the_agenda_lists_what_is_to_come_then_the_latest_past_events_and_the_years() {
    let site = built();
    let main = main_of(&site.page("agenda/index.html")).to_string();
    let upcoming = &main[main.find("id=\"upcoming-title\"").unwrap()..main.find("id=\"past-title\"").unwrap()];
    assert!(upcoming.contains("Rencontre future") && !upcoming.contains("Session 11"), "relative to --today");
    let browse = main.find("id=\"browse-title\"").unwrap();
    assert!(browse < main.find("id=\"upcoming-title\"").unwrap(), "the years come before the lists");
    assert!(main.contains("<a href=\"/agenda/2018/\">2018</a> <span class=\"count\">(8)</span>"), "{main}");
    assert!(main.contains("<a href=\"/agenda/2030/\">2030</a>"));
    assert!(main.contains("<strong class=\"status status-cancelled\">Annulé</strong>"));
    assert!(main.contains("href=\"webcal://example.org/agenda.ics\""));

    let year = main_of(&site.page("agenda/2018/index.html")).to_string();
    assert!(year.contains("<h1>2018</h1>") && year.contains("8 évènements"), "{year}");
    assert!(year.contains("jeudi 7 juin 2018, de 9 h 30 à 17 h"));
    assert!(year.contains("du lundi 30 avril au mercredi 2 mai 2018"));
    assert!(year.contains("lundi 26 et mardi 27 mars 2018"));
    assert!(year.contains("href=\"/agenda/evenements-ete.ics\""));
    assert!(year.contains("<h2 id=\"month-1\"><a href=\"/agenda/2018/01/\">Janvier 2018</a></h2>"), "{year}");
    assert!(year.contains("id=\"ev-sessions-s12\""));
    assert!(!year.contains("ev-sessions-s11-prochain"), "the next meeting of session 11 is session 12 itself");
    assert!(year.contains(">Session 13</a>"), "a next meeting without a page is an event too");
    assert!(year.contains("rel=\"next\"><span class=\"label\">Année suivante</span> 2030</a>"));
    let june = main_of(&site.page("agenda/2018/06/index.html")).to_string();
    assert!(june.contains("Annoncé dans « <a href=\"/sessions/s12/\">Session 12</a> »"));
}

#[test]
fn a_cancelled_event_says_so_without_striking_its_badge() {
    let site = built();
    let page = main_of(&site.page("evenements/annule/index.html")).to_string();
    assert!(page.contains("Mettre à jour mon agenda (évènement annulé)"), "{page}");
    assert!(!page.contains("Ajouter à mon agenda"));
    let year = main_of(&site.page("agenda/2018/index.html")).to_string();
    let item = &year[year.find("id=\"ev-evenements-annule\"").unwrap()..];
    let item = &item[..item.find("</li>").unwrap()];
    assert!(item.contains("class=\"cancelled\""), "{item}");
    assert!(item.contains("Mettre à jour mon agenda (évènement annulé)"));
    let css = site.page("css/carnet.css");
    assert!(css.contains(".cancelled h3 > a") && !css.contains(".status-cancelled { text-decoration"));
    assert!(site.page("agenda/evenements-annule.ics").contains("STATUS:CANCELLED"));
}

#[test]
fn a_month_grid_starts_on_monday_and_shows_an_event_once_a_week() {
    let site = built();
    // April 2018 begins on a Sunday: six empty cells, then the 1st.
    let april = main_of(&site.page("agenda/2018/04/index.html")).to_string();
    assert!(april.contains("<caption id=\"grid-caption\">Calendrier du mois : avril 2018</caption>"), "{april}");
    assert!(april.contains("<th scope=\"col\"><abbr title=\"lundi\">lun</abbr></th>"));
    let first_row = &april[april.find("<tbody>").unwrap()..];
    let first_row = &first_row[..first_row.find("</tr>").unwrap()];
    assert_eq!(first_row.matches("<td class=\"outside\"></td>").count(), 6);
    assert!(first_row.contains("dimanche 1er avril 2018"));
    assert!(april.contains("<span class=\"visually-hidden\">lundi 30 avril 2018</span><span aria-hidden=\"true\">30</span></span><ul><li><a href=\"#ev-evenements-pont\">Trois jours</a> <span class=\"until\"><span aria-hidden=\"true\">→ </span>jusqu&#39;au mercredi 2 mai 2018</span>"), "{april}");
    let may = main_of(&site.page("agenda/2018/05/index.html")).to_string();
    assert_eq!(may.matches("href=\"#ev-evenements-pont\"").count(), 1, "once in the week of 1 and 2 May");
    assert!(may.contains("<a href=\"#ev-evenements-pont\"><span class=\"continued\">suite : </span>Trois jours</a> <span class=\"until\"><span aria-hidden=\"true\">→ </span>jusqu&#39;au mercredi</span>"), "{may}");
    assert!(may.contains("rel=\"prev\"><span class=\"label\">Mois précédent</span> avril 2018</a>"));
    assert!(site.exists("agenda/2030/01/index.html"));
    assert!(!site.exists("agenda/2018/02/index.html"), "only months where an event starts or ends");
}

#[test]
fn event_pages_carry_safe_schema_org_json_ld() {
    let site = built();
    let html = site.page("evenements/bizarre/index.html");
    let start = html.find("<script type=\"application/ld+json\">").unwrap();
    let json = &html[start + 35..start + html[start..].find("</script>").unwrap()];
    assert!(!json.contains('<'), "no `<` can close the script element");
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(v["@type"], "Event");
    assert!(v["name"].as_str().unwrap().contains("</script>"));
    let summer: serde_json::Value = {
        let html = site.page("evenements/ete/index.html");
        let s = html.find("application/ld+json\">").unwrap() + 21;
        serde_json::from_str(&html[s..s + html[s..].find("</script>").unwrap()]).unwrap()
    };
    assert_eq!(summer["startDate"], "2018-06-07T09:30:00+02:00");
    assert_eq!(summer["location"]["@type"], "Place");
    let winter = site.page("evenements/hiver/index.html");
    assert!(winter.contains("\"startDate\":\"2018-01-18T14:00:00+01:00\""));
    assert!(winter.contains("\"@type\":\"VirtualLocation\""));
    assert!(winter.contains("OnlineEventAttendanceMode"));
    assert!(site.page("evenements/annule/index.html").contains("EventCancelled"));
}
