//! The demo site in a real browser and a real validator: axe-core (WCAG 2.1 A and AA) in
//! Debian's Chromium in light mode, dark mode and at 390 px, and the W3C Nu Html Checker on
//! every page. `scripts/test.sh` installs what these need; without it they fail, saying so.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

fn browser_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/browser"))
}

fn built_demo(tmp: &Path) -> std::path::PathBuf {
    let out = tmp.join("public");
    let run = Command::cargo_bin("carnet")
        .unwrap()
        .args(["build", "--today", "2026-11-27", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    out
}

/// Runs `node tests/browser/<script> <args>`; the script's output must end with `<name>: ok`.
fn run_node(script: &str, args: &[&std::ffi::OsStr], name: &str) {
    let run = Command::new("node").arg(browser_dir().join(script)).args(args).output().expect("node runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success() && stdout.contains(&format!("{name}: ok")),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

fn require(path: &Path, what: &str) {
    assert!(path.exists(), "{what} is missing ({}): run `scripts/test.sh`, which installs it", path.display());
}

#[test]
fn every_demo_page_passes_axe_in_light_dark_and_mobile() {
    require(&browser_dir().join("node_modules/@axe-core/playwright"), "the browser test packages");
    require(Path::new(&std::env::var("CARNET_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())), "Chromium");
    let tmp = tempfile::tempdir().unwrap();
    let out = built_demo(tmp.path());
    let run = Command::new("node").arg(browser_dir().join("a11y.mjs")).arg(&out).output().expect("node runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&run.stderr));
    assert!(stdout.contains(", 0 violations"), "{stdout}");
}

#[test]
fn every_demo_page_is_valid_html() {
    let jar = browser_dir().join("node_modules/vnu-jar/build/dist/vnu.jar");
    require(&jar, "the Nu Html Checker");
    let tmp = tempfile::tempdir().unwrap();
    let out = built_demo(tmp.path());
    let run = Command::new("java")
        .args(["-jar"])
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu", "--skip-non-html"])
        .arg(&out)
        .output()
        .expect("java runs");
    let report = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success() && report.trim().is_empty(), "{report}");
}

#[test]
fn the_copy_button_works_from_the_keyboard_and_is_absent_without_javascript() {
    require(&browser_dir().join("node_modules/playwright-core"), "the browser test packages");
    let tmp = tempfile::tempdir().unwrap();
    let out = built_demo(tmp.path());
    run_node("copy.mjs", &[out.as_os_str(), "/tutoriels/publier-une-page/".as_ref()], "copy");
}

#[test]
fn a_learner_marks_lessons_done_keeps_progress_and_answers_a_quiz() {
    require(&browser_dir().join("node_modules/@axe-core/playwright"), "the browser test packages");
    let site = crate::harness::SiteTest::fixture("course");
    site.build(&[]);
    run_node("course.mjs", &[site.out().as_os_str(), "/parcours/".as_ref()], "course");
}

#[test]
fn search_stems_french_folds_accents_and_works_without_javascript() {
    require(&browser_dir().join("node_modules/playwright-core"), "the browser test packages");
    let tmp = tempfile::tempdir().unwrap();
    let out = built_demo(tmp.path());
    run_node("search.mjs", &[out.as_os_str(), "/recherche/".as_ref()], "search");
}

#[test]
fn the_theme_toggle_works_from_the_keyboard_is_remembered_and_absent_without_javascript() {
    require(&browser_dir().join("node_modules/@axe-core/playwright"), "the browser test packages");
    let tmp = tempfile::tempdir().unwrap();
    let out = built_demo(tmp.path());
    let pages = [
        "/tutoriels/publier-une-page/",
        "/",
        "/sessions/session-11/",
        "/parcours/decouvrir-le-lab/nos-valeurs/",
        "/parcours/",
        "/agenda/",
        "/valeurs/autonomie/",
        "/recherche/",
    ];
    let mut args: Vec<&std::ffi::OsStr> = vec![out.as_os_str()];
    args.extend(pages.iter().map(|p| std::ffi::OsStr::new(*p)));
    run_node("theme.mjs", &args, "theme");
}

/// The weight budget: the whole theme's CSS (with the generated code colours) stays
/// under 30 KB uncompressed, and what every page loads besides it stays small.
#[test]
fn the_theme_css_stays_under_30_kb() {
    let tmp = tempfile::tempdir().unwrap();
    let out = built_demo(tmp.path());
    let size = |dir: &str| -> u64 {
        std::fs::read_dir(out.join(dir)).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).sum()
    };
    let css = size("css");
    assert!(css < 30_000, "the theme's CSS weighs {css} bytes");
    let theme_js = std::fs::metadata(out.join("js/theme.js")).unwrap().len();
    assert!(theme_js < 3_000, "js/theme.js weighs {theme_js} bytes");
}

#[test]
fn every_demo_page_reflows_at_320_px_with_wcag_text_spacing() {
    require(&browser_dir().join("node_modules/playwright-core"), "the browser test packages");
    let tmp = tempfile::tempdir().unwrap();
    let out = built_demo(tmp.path());
    run_node("reflow.mjs", &[out.as_os_str()], "reflow");
}

/// Twelve sections with the names a lab gives them: the header stays tidy at 1280 px and folds
/// behind an accessible menu button at 390 px (`nav.mjs`).
#[test]
fn a_header_with_twelve_sections_stays_tidy_and_folds_on_a_phone() {
    require(&browser_dir().join("node_modules/@axe-core/playwright"), "the browser test packages");
    let site = crate::harness::SiteTest::empty();
    let sections = [
        "Nos valeurs",
        "Parcours nouvel ambassadeur",
        "Sessions de travail",
        "Tutoriels",
        "Évènements",
        "Projets accompagnés",
        "Ressources",
        "Équipe",
        "Actualités",
        "Partenaires",
        "Publications",
        "Contribuer",
    ];
    for (i, title) in sections.iter().enumerate() {
        site.write(&format!("content/s{i:02}/_index.md"), &format!("---\ntitle: {title}\nweight: {i}\n---\n"));
        site.write(&format!("content/s{i:02}/page.md"), "---\ntitle: Une page\n---\nTexte.\n");
    }
    site.build(&["--no-search"]);
    let count = sections.len().to_string();
    run_node("nav.mjs", &[site.out().as_os_str(), count.as_ref()], "nav");
}

/// The pages of a 3,000-page migrated site that grow with it (the agenda, the busiest month
/// with its grid, a year, a paginated section, a tag, the search page) pass axe in light, dark
/// and at 390 px.
#[test]
fn the_agenda_and_lists_of_a_large_site_pass_axe() {
    require(&browser_dir().join("node_modules/@axe-core/playwright"), "the browser test packages");
    let (site, _) = crate::migrated::migrated(3000, false);
    site.build(&["--no-search"]);
    let months = crate::harness::list_files(&site.out().join("agenda"));
    let busiest = months
        .iter()
        .filter(|f| f.matches('/').count() == 2)
        .max_by_key(|f| std::fs::read_to_string(site.out().join("agenda").join(f)).unwrap().matches("<li").count())
        .unwrap();
    let busiest = format!("/agenda/{}", busiest.trim_end_matches("index.html"));
    let year = format!("{}/", &busiest[..13]);
    let pages = ["/agenda/", busiest.as_str(), year.as_str(), "/projets/", "/projets/page/2/", "/tags/", "/recherche/"];
    let out = site.out();
    let mut args: Vec<&std::ffi::OsStr> = vec![out.as_os_str()];
    args.extend(pages.iter().map(|p| std::ffi::OsStr::new(*p)));
    let run = Command::new("node").arg(browser_dir().join("a11y.mjs")).args(&args).output().expect("node runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success() && stdout.contains(", 0 violations"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// French queries against the demo's index, through Pagefind's own JavaScript in Chromium,
/// find the same pages in the same order, with the same sub-results by heading, as recorded in
/// `tests/fixtures/search/queries.json` from an index built by the unpatched Pagefind crate
/// (carnet's copy in `vendor/pagefind` parses pages in parallel and compresses faster).
#[test]
fn french_queries_find_what_the_unpatched_index_found() {
    require(&browser_dir().join("node_modules/playwright-core"), "the browser test packages");
    let tmp = tempfile::tempdir().unwrap();
    let out = built_demo(tmp.path());
    let golden = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/search/queries.json");
    let expected: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(golden).unwrap()).unwrap();
    let queries: Vec<String> = expected.as_object().unwrap().keys().cloned().collect();
    let mut args: Vec<&std::ffi::OsStr> = vec![out.as_os_str()];
    args.extend(queries.iter().map(std::ffi::OsStr::new));
    let run = Command::new("node").arg(browser_dir().join("queries.mjs")).args(&args).output().expect("node runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let found: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    for q in &queries {
        assert_eq!(found[q], expected[q], "results of `{q}`");
    }
}
