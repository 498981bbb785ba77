//! Themes: site overrides, static files, the embedded default theme, English.

use crate::harness::{SiteTest, main_of};

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let site = SiteTest::empty();
    site.write("content/a.md", "---\ntitle: A\n---\nCorps.\n");
    site.write("content/s.md", "---\ntitle: S\nkind: session\nstart: 2018-03-26\n---\nCorps.\n");
    site.write("templates/session.html", "<!DOCTYPE html>\n<html lang=\"fr\"><title>{{ page.title }}</title><p>Session spéciale {{ page.data.dates_text }}</p></html>\n");
    site.write("static/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site.write("static/css/carnet.css", "/* la feuille du site */");
    site.build(&[]);
    assert!(
        site.page("s/index.html").contains("Session spéciale lundi 26 mars 2018"),
        "a kind template is used when it exists"
    );
    assert!(site.page("a/index.html").contains("<p>Corps.</p>"), "other pages keep the theme");
    assert_eq!(site.page("img/logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    assert_eq!(site.page("css/carnet.css"), "/* la feuille du site */", "site static wins over the theme's");
}

#[test]
fn a_site_without_themes_uses_the_embedded_theme() {
    let site = SiteTest::empty();
    site.write("content/a.md", "---\ntitle: A\n---\nCorps.\n");
    site.build(&[]);
    assert!(site.page("a/index.html").contains("<a class=\"skip-link\""));
    assert!(site.exists("css/carnet.css"));
}

#[test]
fn english_sites_get_english_labels_and_dates() {
    let site = SiteTest::empty();
    site.write("carnet.yaml", "title: Lab\nbase_url: https://example.org/\nlanguage: en\n");
    site.write(
        "content/s.md",
        "---\ntitle: Session 11\nkind: session\nstart: 2018-03-26\nend: 2018-03-27\n---\nBody \"quoted\".\n",
    );
    site.build(&[]);
    let html = site.page("s/index.html");
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("26–27 March 2018"));
    assert!(html.contains("Skip to content"));
    assert!(main_of(&html).contains("“quoted”"), "English keeps English quotes");
    assert!(site.exists("accessibility/index.html"));
}

#[test]
fn a_content_page_at_a_generated_path_replaces_the_default() {
    let site = SiteTest::empty();
    site.write("content/accessibilite.md", "---\ntitle: Notre déclaration\n---\nAudit prévu en 2027.\n");
    site.build(&[]);
    assert!(site.page("accessibilite/index.html").contains("Audit prévu en 2027."));
}

#[test]
fn the_french_and_english_translations_have_the_same_keys() {
    let keys = |lang: &str| {
        let text =
            std::fs::read_to_string(format!("{}/themes/carnet/i18n/{lang}.yaml", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let mut keys: Vec<String> = text
            .lines()
            .filter(|l| !l.starts_with('#') && l.contains(':'))
            .map(|l| l.split(':').next().unwrap().to_string())
            .collect();
        keys.sort();
        keys
    };
    assert_eq!(keys("fr"), keys("en"));
}

#[test]
fn english_sessions_and_values_read_in_english() {
    let site = SiteTest::fixture("kinds");
    site.write("carnet.yaml", "title: Lab\nbase_url: https://example.org/\nlanguage: en\n");
    site.build(&[]);
    let html = site.page("sessions/session-11/index.html");
    assert!(html.contains("26–27 March 2018"));
    assert!(html.contains("<span class=\"label\">Previous session</span>"));
    assert!(html.contains("Session 12, <time datetime=\"2018-05-14\">Monday 14 May 2018</time>"));
    assert!(site.page("valeurs/autonomie/index.html").contains("This value in our work"));
}
