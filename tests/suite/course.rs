//! The `course` fixture: order by prefix and weight, previous/next across modules, durations
//! summed, the outline, JSON-LD; the course's scripts are checked in a browser (browser.rs).

use crate::harness::{SiteTest, main_of};

fn built() -> SiteTest {
    let site = SiteTest::fixture("course");
    site.build(&[]);
    site
}

#[test]
fn the_outline_orders_modules_and_lessons_and_sums_durations() {
    let site = built();
    let main = main_of(&site.page("parcours/index.html")).to_string();
    let order: Vec<usize> = ["Le lab", "Les valeurs", "Publier", "Prototyper"]
        .iter()
        .map(|t| main.find(&format!(">{t}</a>")).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "prefixes order, weight overrides: {order:?}");
    assert!(
        main.contains("<h3><a href=\"/parcours/decouvrir/\">Découvrir</a> <span class=\"meta\">· 35 min</span></h3>"),
        "15 + 20"
    );
    assert!(
        main.contains("<h3><a href=\"/parcours/agir/\">Agir</a> <span class=\"meta\">· 45 min</span></h3>"),
        "a lesson without duration: the module's own"
    );
    assert!(main.contains("<dt>Durée totale</dt><dd>1 h 20 (4 leçons)</dd>"));
    assert!(main.contains(
        "<a class=\"button\" href=\"/parcours/decouvrir/le-lab/\" data-resume=\"parcours/\">Commencer le parcours</a>"
    ));
    assert!(
        main.contains("data-course-outline=\"parcours/\"")
            && main.contains("data-lesson=\"parcours/decouvrir/les-valeurs/\"")
    );
}

#[test]
fn lessons_link_previous_and_next_across_modules() {
    let site = built();
    let last_of_first = site.page("parcours/decouvrir/les-valeurs/index.html");
    assert!(last_of_first.contains(
        "<a href=\"/parcours/agir/publier/\" rel=\"next\"><span class=\"label\">Leçon suivante</span> Publier</a>"
    ));
    assert!(last_of_first.contains("<a href=\"/parcours/decouvrir/le-lab/\" rel=\"prev\">"));
    assert!(last_of_first.contains("Leçon 2 sur 4"));
    let crumbs = &last_of_first[last_of_first.find("class=\"breadcrumbs\"").unwrap()..];
    let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
    assert!(crumbs.contains(">Parcours nouvel ambassadeur</a></li><li><a href=\"/parcours/decouvrir/\">Découvrir</a></li><li><span aria-current=\"page\">Les valeurs</span>"));
    let last = site.page("parcours/agir/prototyper/index.html");
    assert!(!last.contains("rel=\"next\""));
    assert!(last.contains("<span class=\"label\">Revenir au parcours</span>"));
    assert!(last.contains("data-course-key=\"parcours/\" data-lesson-key=\"parcours/agir/prototyper/\""));
}

#[test]
fn the_quiz_reads_without_javascript() {
    let site = built();
    let html = site.page("parcours/decouvrir/les-valeurs/index.html");
    assert!(html.contains("<li class=\"question-item\" data-answers=\"1,3\">"));
    assert!(html.contains(
        "<summary data-pagefind-ignore>Voir la réponse<span class=\"visually-hidden\"> (question 2)</span></summary>"
    ));
    assert!(html.contains("Bonne réponse : Cinq"));
    assert!(html.contains("<p class=\"explanation\">Autonomie, horizontalité, frugalité, curiosité, congruence.</p>"));
    assert!(html.contains("<script src=\"/js/course.js\" defer"));
}

#[test]
fn course_and_lessons_carry_schema_org_json_ld() {
    let site = built();
    let json = |path: &str| -> serde_json::Value {
        let html = site.page(path);
        let s = html.find("application/ld+json\">").unwrap() + 21;
        serde_json::from_str(&html[s..s + html[s..].find("</script>").unwrap()]).unwrap()
    };
    let course = json("parcours/index.html");
    assert_eq!(course["@type"], "Course");
    assert_eq!(course["timeRequired"], "PT1H20M");
    assert_eq!(course["hasPart"].as_array().unwrap().len(), 4);
    let lesson = json("parcours/decouvrir/le-lab/index.html");
    assert_eq!(lesson["@type"], "LearningResource");
    assert_eq!(lesson["isPartOf"]["url"], "https://example.org/parcours/");
    assert_eq!(lesson["timeRequired"], "PT0H15M");
}
