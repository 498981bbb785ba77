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
    assert!(
        main.contains("<p class=\"kind\">Session</p>"),
        "the kind comes from the section's cascade"
    );
    assert!(
        main.contains("La Transfo, session 11"),
        "programme cascaded, number typed"
    );
    assert!(main.contains("<time datetime=\"2018-03-26\">26 et 27 mars 2018</time>"));
    assert!(main.contains("<dd>Toulouse</dd>"));
    assert!(main.contains("Ambassadeurs, Équipe du lab"));
    assert!(main.contains("<a href=\"/valeurs/autonomie/\">Autonomie</a>"));
    assert!(
        main.contains("<a href=\"/valeurs/horizontalite/\">Horizontalité</a>"),
        "values match by slug"
    );
    assert!(main.contains(
        "Session 12, <time datetime=\"2018-05-14\">lundi 14 mai 2018</time>, Montpellier"
    ));
    assert!(main.contains("href=\"/valeurs/autonomie/#sens\""));
}

#[test]
fn values_tutorials_and_events_show_their_keys() {
    let site = built();
    assert!(
        site.page("valeurs/autonomie/index.html")
            .contains("Agir sans attendre la permission.")
    );
    assert!(
        main_of(&site.page("valeurs/index.html")).contains("Pas de chef, des rôles."),
        "the summary describes the value in lists"
    );
    let tuto = site.page("tutoriels/publier/index.html");
    assert!(tuto.contains("<dd>intermédiaire</dd>"));
    assert!(tuto.contains("<dd>1 h 30</dd>"));
    assert!(
        tuto.contains("<a href=\"/tutoriels/base/\">Les bases</a>"),
        "prerequisites are linked"
    );
    let event = site.page("evenements/journee/index.html");
    assert!(event.contains("<time datetime=\"2018-04-19T09:30:00\">jeudi 19 avril 2018</time>"));
    assert!(
        event.contains("<strong class=\"status status-cancelled\">Annulé</strong>"),
        "cancelled is said in words"
    );
}

#[test]
fn a_course_orders_modules_and_lessons_by_prefix_and_strips_it() {
    let site = built();
    let course = main_of(&site.page("parcours/index.html")).to_string();
    assert!(course.contains("Les nouveaux ambassadeurs"));
    let (first, second) = (
        course.find("Découvrir").unwrap(),
        course.find("Agir").unwrap(),
    );
    assert!(first < second, "01- before 02-");
    let module = main_of(&site.page("parcours/decouvrir/index.html")).to_string();
    assert!(module.contains("<dd>45 min</dd>"));
    assert!(module.find("La Transfo en bref").unwrap() < module.find("Nos valeurs").unwrap());
    let lesson = site.page("parcours/decouvrir/la-transfo/index.html");
    assert!(
        lesson.contains("<p class=\"kind\">Leçon</p>"),
        "pages of a module are lessons"
    );
    assert!(lesson.contains("<details><summary>Voir la réponse</summary>"));
    assert!(lesson.contains("Bonne réponse : Un an"));
    assert!(lesson.contains("Bonnes réponses : Autonomie ; Frugalité"));
    assert!(lesson.contains("<a href=\"https://www.laregion.fr/\">La Région</a>"));
}
