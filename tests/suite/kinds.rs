//! The `kinds` fixture: each kind's own keys are typed and shown by the default templates.

use crate::harness::{SiteTest, main_of};

fn built() -> SiteTest {
    let site = SiteTest::fixture("kinds");
    site.build(&[]);
    site
}

#[test]
fn a_session_shows_its_dates_place_values_and_next_meeting() {
    let site = built();
    let html = site.page("sessions/session-11/index.html");
    let main = main_of(&html);
    assert!(main.contains("<p class=\"kind\">Session</p>"), "the kind comes from the section's cascade");
    assert!(main.contains("La Transfo, session 11"), "programme cascaded, number typed");
    assert!(main.contains("<time datetime=\"2018-03-26\">26 et 27 mars 2018</time>"));
    assert!(main.contains("<dd>Toulouse</dd>"));
    assert!(main.contains("Ambassadeurs, Équipe du lab"));
    assert!(main.contains("<a href=\"/valeurs/autonomie/\">Autonomie</a>"));
    assert!(main.contains("<a href=\"/valeurs/horizontalite/\">Horizontalité</a>"), "values match by slug");
    assert!(main.contains("Session 12, <time datetime=\"2018-05-14\">lundi 14 mai 2018</time>, Montpellier"));
    assert!(main.contains("href=\"/valeurs/autonomie/#sens\""));
}

#[test]
fn values_tutorials_and_events_show_their_keys() {
    let site = built();
    assert!(site.page("valeurs/autonomie/index.html").contains("Agir sans attendre la permission."));
    assert!(
        main_of(&site.page("valeurs/index.html")).contains("Pas de chef, des rôles."),
        "the summary describes the value in lists"
    );
    let tuto = site.page("tutoriels/publier/index.html");
    assert!(tuto.contains("<dd>intermédiaire</dd>"));
    assert!(tuto.contains("<dd>1 h 30</dd>"));
    assert!(tuto.contains("<a href=\"/tutoriels/base/\">Les bases</a>"), "prerequisites are linked");
    let event = site.page("evenements/journee/index.html");
    assert!(event.contains("<time datetime=\"2018-04-19T09:30:00\">jeudi 19 avril 2018</time>"));
    assert!(event.contains("<strong class=\"status status-cancelled\">Annulé</strong>"), "cancelled is said in words");
}

#[test]
fn a_course_orders_modules_and_lessons_by_prefix_and_strips_it() {
    let site = built();
    let course = main_of(&site.page("parcours/index.html")).to_string();
    assert!(course.contains("Les nouveaux ambassadeurs"));
    let (first, second) = (course.find("Découvrir").unwrap(), course.find("Agir").unwrap());
    assert!(first < second, "01- before 02-");
    let module = main_of(&site.page("parcours/decouvrir/index.html")).to_string();
    assert!(module.contains("<dd>45 min</dd>"));
    assert!(module.find("La Transfo en bref").unwrap() < module.find("Nos valeurs").unwrap());
    let lesson = site.page("parcours/decouvrir/la-transfo/index.html");
    assert!(lesson.contains("<p class=\"kind\">Leçon</p>"), "pages of a module are lessons");
    assert!(
        lesson.contains(
            "<details><summary data-pagefind-ignore>Voir la réponse<span class=\"visually-hidden\"> (question 1)</span></summary>"
        )
    );
    assert!(lesson.contains("Bonne réponse : Un an"));
    assert!(lesson.contains("Bonnes réponses : Autonomie ; Frugalité"));
    assert!(lesson.contains("<a href=\"https://www.laregion.fr/\">La Région</a>"));
}

#[test]
fn a_value_page_lists_exactly_the_pages_that_name_it_newest_first() {
    let site = built();
    let html = site.page("valeurs/autonomie/index.html");
    let mentions = &html[html.find("id=\"mentions-title\"").expect("a mentions section")..];
    let titles: Vec<&str> = mentions.split("<h3><a href=\"").skip(1).map(|s| s.split('"').next().unwrap()).collect();
    assert_eq!(
        titles,
        ["/sessions/atelier/", "/note/", "/sessions/session-11/", "/sessions/session-10/"],
        "sessions naming the value and pages tagged with it, newest first"
    );
    let html = site.page("valeurs/horizontalite/index.html");
    let mentions = &html[html.find("id=\"mentions-title\"").unwrap()..];
    assert!(mentions.contains("/sessions/session-12/") && mentions.contains("/sessions/session-11/"));
    assert!(!mentions.contains("/sessions/session-10/"));
}

#[test]
fn sessions_link_to_the_previous_and_next_of_their_programme() {
    let site = built();
    let html = site.page("sessions/session-11/index.html");
    assert!(html.contains(
        "<a href=\"/sessions/session-10/\" rel=\"prev\"><span class=\"label\">Session précédente</span> Session 10</a>"
    ));
    assert!(html.contains(
        "<a href=\"/sessions/session-12/\" rel=\"next\"><span class=\"label\">Session suivante</span> Session 12</a>"
    ));
    let first = site.page("sessions/session-10/index.html");
    assert!(!first.contains("rel=\"prev\"") && first.contains("rel=\"next\""));
    let other = site.page("sessions/atelier/index.html");
    assert!(!other.contains("class=\"series\""), "another programme is another series");
}

#[test]
fn the_sessions_list_groups_by_programme_with_a_page_per_programme() {
    let site = built();
    let main = main_of(&site.page("sessions/index.html")).to_string();
    assert!(main.contains("<a href=\"/sessions/programmes/la-transfo/\">La Transfo</a></h2>"), "{main}");
    assert!(main.contains("<a href=\"/sessions/programmes/transfo/\">Transfo +</a></h2>"));
    assert!(main.contains("Session · <time datetime=\"2018-03-26\">26 et 27 mars 2018</time> · Toulouse"));
    let programme = main_of(&site.page("sessions/programmes/la-transfo/index.html")).to_string();
    assert!(programme.contains("<h1>La Transfo</h1>"));
    assert!(programme.find("Session 12").unwrap() < programme.find("Session 10").unwrap(), "newest first");
    assert!(!programme.contains("Un atelier"));
}

#[test]
fn a_tutorial_outlines_its_steps_from_level_two_headings() {
    let site = built();
    let html = site.page("tutoriels/publier/index.html");
    assert!(html.contains(
        "<ol><li><a href=\"#cloner-le-depot\">Cloner le dépôt</a></li><li><a href=\"#ecrire-la-page\">Écrire la page</a></li><li><a href=\"#publier\">Publier</a></li></ol>"
    ));
    assert!(html.contains("<script src=\"/js/copy.js\" defer"), "pages with code get the copy script");
    assert!(!site.page("tutoriels/base/index.html").contains("copy.js"), "pages without code get no copy script");
    assert!(site.exists("js/copy.js"));
}

#[test]
fn the_charter_lists_values_in_their_order() {
    let site = built();
    let main = main_of(&site.page("valeurs/index.html")).to_string();
    assert!(main.find("Autonomie").unwrap() < main.find("Horizontalité").unwrap());
}
