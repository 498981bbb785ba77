//! One invalid fixture per mistake (`tests/fixtures/invalid/<case>/`): the build must fail with
//! exit code 1, print exactly `expected.txt`, and leave the previous output untouched.
//! `CARNET_BLESS=1 cargo test` rewrites the expected texts after a deliberate change.

use crate::harness::{SiteTest, fixtures};

#[test]
fn every_invalid_fixture_gives_its_exact_diagnostic_and_keeps_the_previous_site() {
    let dir = fixtures().join("invalid");
    let mut cases: Vec<_> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    cases.sort();
    assert!(cases.len() >= 25, "the invalid fixtures are all there");
    let bless = std::env::var_os("CARNET_BLESS").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let site = SiteTest::fixture(&format!("invalid/{case}"));
        let _ = std::fs::remove_file(site.root.join("expected.txt"));
        site.write("public/index.html", "previous site");
        let run = site.run(&["build", "--today", "2026-11-27"]);
        let expected_path = dir.join(case).join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &run.stderr).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if run.code != 1 {
            failures.push(format!("{case}: exit code {} instead of 1\n{}", run.code, run.stderr));
        }
        if run.stderr != expected {
            failures.push(format!("{case}: stderr differs.\n--- expected\n{expected}--- got\n{}", run.stderr));
        }
        if site.page("index.html") != "previous site" {
            failures.push(format!("{case}: the previous output was touched"));
        }
        if crate::harness::list_files(&site.out()) != ["index.html"] {
            failures.push(format!("{case}: files were added to the output"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_mistake_of_a_run_is_reported_before_failing() {
    let text = std::fs::read_to_string(fixtures().join("invalid/several-mistakes/expected.txt")).unwrap();
    assert_eq!(text.matches("\nerror: ").count() + usize::from(text.starts_with("error: ")), 4, "{text}");
    assert!(text.ends_with("the site was not built, the previous output is untouched: 3 errors\n"), "{text}");
}

#[test]
fn unreadable_and_odd_files_never_crash() {
    let site = SiteTest::empty();
    site.write("content/vide.md", "");
    site.write("content/seulement.md", "---\n---\n");
    site.write("content/nom avec espaces é 🎉.md", "---\ntitle: Drôle de nom\n---\nTexte.\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("content/vide.md:1:1"), "{}", run.stderr);
    assert!(run.stderr.contains("error: the front matter is empty\n --> content/seulement.md:1:1"), "{}", run.stderr);
    assert!(!run.stderr.contains("nom avec espaces"), "{}", run.stderr);
    std::fs::remove_file(site.root.join("content/vide.md")).unwrap();
    std::fs::remove_file(site.root.join("content/seulement.md")).unwrap();
    site.build(&[]);
    assert!(
        site.exists("nom-avec-espaces-e/index.html")
            || crate::harness::list_files(&site.out()).iter().any(|f| f.starts_with("nom-avec-espaces"))
    );
}
