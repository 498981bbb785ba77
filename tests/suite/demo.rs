//! The lab's own `content/`, built with the real theme: it must always build, and read right.

use std::path::Path;

use crate::harness::{list_files, main_of};
use assert_cmd::cargo::CommandCargoExt;

/// Builds the demo site (search index included) into `out`.
pub fn build_demo(out: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = std::process::Command::cargo_bin("carnet")
        .unwrap()
        .args(["build", "--today", "2026-11-27", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_demo_site_builds_and_reads_like_a_lab_site() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_demo(&out);
    let session = read(&out, "sessions/session-11/index.html");
    let main = main_of(&session);
    assert!(main.contains("26 et 27 mars 2018"));
    assert!(main.contains("Toulouse"));
    for value in ["autonomie", "horizontalite", "frugalite", "curiosite", "congruence"] {
        assert!(main.contains(&format!("href=\"/valeurs/{value}/\"")), "session 11 names {value}");
        assert!(out.join(format!("valeurs/{value}/index.html")).exists());
    }
    assert!(main.contains("<time datetime=\"2018-05-14\">lundi 14 mai 2018</time>"), "next meeting");
    let sessions = main_of(&read(&out, "sessions/index.html")).to_string();
    assert!(sessions.find("Session 13").unwrap() < sessions.find("Session 11").unwrap(), "newest first");
    let tuto = read(&out, "tutoriels/publier-une-page/index.html");
    assert!(tuto.contains("data-lang=\"sh\"") && tuto.contains("hl-"), "shell code is highlighted");
    assert!(read(&out, "parcours/index.html").contains("Parcours nouvel ambassadeur"));
    assert!(read(&out, "accessibilite/index.html").contains("Défenseur des droits"));
    for file in list_files(&out).iter().filter(|f| f.ends_with(".html")) {
        let html = read(&out, file);
        assert_eq!(html.matches("<h1").count(), 1, "{file}: one h1");
        assert!(html.contains("<html lang=\"fr\">"), "{file}");
    }
}

#[test]
fn the_demo_site_is_byte_identical_across_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build_demo(&a);
    build_demo(&b);
    let files = list_files(&a);
    assert_eq!(files, list_files(&b));
    for f in &files {
        assert_eq!(std::fs::read(a.join(f)).unwrap(), std::fs::read(b.join(f)).unwrap(), "{f} differs between builds");
    }
}

#[test]
fn the_demo_has_a_believable_knowledge_base() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_demo(&out);
    let files = list_files(&out);
    let count = |prefix: &str| files.iter().filter(|f| f.starts_with(prefix) && f.matches('/').count() == 2).count();
    assert!(count("sessions/session-") >= 6, "at least 6 session logs");
    assert!(count("tutoriels/") >= 3, "at least 3 tutorials");
    for value in ["autonomie", "horizontalite", "frugalite", "curiosite", "congruence"] {
        let html = read(&out, &format!("valeurs/{value}/index.html"));
        let mentions = &html[html.find("id=\"mentions-title\"").unwrap()..];
        assert!(mentions.matches("href=\"/sessions/session-").count() >= 2, "{value} is named by sessions");
    }
    let charter = main_of(&read(&out, "valeurs/index.html")).to_string();
    let order: Vec<usize> = ["Autonomie", "Horizontalité", "Frugalité", "Curiosité", "Congruence"]
        .iter()
        .map(|v| charter.find(v).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "the charter follows `order`");
}

#[test]
fn the_demo_course_is_a_real_onboarding_path() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_demo(&out);
    let course = read(&out, "parcours/index.html");
    let outline = &course[course.find("data-course-outline").expect("an outline")..];
    assert!(outline.matches("data-module=").count() >= 4, "at least 4 modules");
    let lessons: Vec<&str> = outline.split("data-lesson=\"").skip(1).map(|s| s.split('"').next().unwrap()).collect();
    assert!(lessons.len() >= 10, "at least 10 lessons");
    let with_quiz = lessons.iter().filter(|l| read(&out, &format!("{l}index.html")).contains("class=\"quiz\"")).count();
    assert!(with_quiz * 2 >= lessons.len(), "quizzes in at least half of the lessons");
}

#[test]
fn the_home_page_shows_the_next_events_the_values_and_the_course() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = std::process::Command::cargo_bin("carnet")
        .unwrap()
        .args(["build", "--today", "2018-05-20", "--root"])
        .arg(root)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let home = read(&out, "index.html");
    let main = main_of(&home);
    let next = &main[main.find("Prochains rendez-vous").expect("next events")..];
    let (first, second) =
        (next.find("prototyper avec trois fois rien").unwrap(), next.find("animer un atelier").unwrap());
    assert!(first < second, "soonest first");
    assert!(next.contains("jeudi 31 mai 2018, de 9 h 30 à 16 h 30"), "{next}");
    assert!(!next[..next.find("Nos valeurs").unwrap()].contains("enquête de terrain"), "past events are not next");
    let values = &main[main.find("Nos valeurs").unwrap()..main.find("Se former").expect("the course")];
    let order: Vec<usize> = ["Autonomie", "Horizontalité", "Frugalité", "Curiosité", "Congruence"]
        .iter()
        .map(|v| values.find(v).unwrap_or_else(|| panic!("{v} on the home page")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "the charter's order: {order:?}");
    assert!(main.contains("href=\"/parcours/\""));
}

/// Every `href`, `src` and `srcset` of every demo page, `<head>` included (feeds, icons,
/// stylesheets, scripts, pagination), leads to a file the build wrote.
#[test]
fn every_link_of_every_demo_page_leads_to_a_written_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_demo(&out);
    assert_eq!(crate::harness::missing_targets(&out, "/"), Vec::<String>::new());
}
