//! Lints: every lint has a fixture (`tests/fixtures/lints/<name>/`) that fires it, checked at
//! each level from the command line (`expected-allow.txt`, `-warn`, `-deny`: what `carnet check`
//! prints) and from `carnet.yaml` (a build that stops or goes on), and a section of
//! `docs/lints.md` giving its default level. `CARNET_BLESS=1` rewrites the expected texts.

use std::path::Path;

use carnet::diagnostics::{Level, Lint};

use crate::harness::{SiteTest, fixtures, list_files};

/// A copy of the lint's fixture, with what a fixture folder cannot hold.
fn lint_site(lint: Lint) -> SiteTest {
    let site = SiteTest::fixture(&format!("lints/{}", lint.name()));
    for expected in ["allow", "warn", "deny"] {
        let _ = std::fs::remove_file(site.root.join(format!("expected-{expected}.txt")));
    }
    if lint == Lint::SpecialFile {
        let fifo = site.root.join("content/tube.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
        assert!(made.success());
    }
    site
}

fn check_args(lint: Lint, level: &str) -> Vec<String> {
    let mut args: Vec<String> = ["check", "--today", "2026-11-27"].map(String::from).into();
    if lint == Lint::BrokenExternalLink {
        args.extend(["--external", "--timeout", "2"].map(String::from));
    }
    args.extend([format!("--{level}"), lint.name().to_string()]);
    args
}

#[test]
fn every_lint_fires_at_each_level_from_the_command_line() {
    let bless = std::env::var_os("CARNET_BLESS").is_some();
    let mut failures = Vec::new();
    for &lint in Lint::ALL {
        let dir = fixtures().join("lints").join(lint.name());
        assert!(dir.is_dir(), "no fixture for the lint `{lint}` in {}", dir.display());
        for (level, code) in [("allow", 0), ("warn", 0), ("deny", 1)] {
            let site = lint_site(lint);
            let args = check_args(lint, level);
            let run = site.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
            let expected_path = dir.join(format!("expected-{level}.txt"));
            if bless {
                std::fs::write(&expected_path, &run.stderr).unwrap();
            }
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if run.code != code {
                failures.push(format!("{lint} at {level}: exit code {} instead of {code}\n{}", run.code, run.stderr));
            }
            if run.stderr != expected {
                failures.push(format!(
                    "{lint} at {level}: stderr differs\n--- expected\n{expected}--- got\n{}",
                    run.stderr
                ));
            }
            let named = run.stderr.contains(&format!("[{lint}]"));
            let prefix = match level {
                "allow" => None,
                "warn" => Some(format!("warning[{lint}]: ")),
                _ => Some(format!("error[{lint}]: ")),
            };
            match prefix {
                None if named => failures.push(format!("{lint} at allow is still reported\n{}", run.stderr)),
                Some(p) if !run.stderr.starts_with(&p) => {
                    failures.push(format!("{lint} at {level} does not start with `{p}`\n{}", run.stderr))
                }
                _ => {}
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_lint_level_set_in_carnet_yaml_decides_whether_the_build_stops() {
    for &lint in Lint::ALL {
        if lint == Lint::BrokenExternalLink {
            continue; // Only `check --external` requests other sites.
        }
        for (written, stops) in [("allow", false), ("warning", false), ("error", true), ("deny", true)] {
            let site = lint_site(lint);
            let config = std::fs::read_to_string(site.root.join("carnet.yaml")).unwrap();
            site.write("carnet.yaml", &format!("{config}lints:\n  {lint}: {written}\n"));
            site.write("public/index.html", "previous site");
            let run = site.run(&["build", "--today", "2026-11-27", "--no-search"]);
            assert_eq!(run.code, i32::from(stops), "{lint}: {written}\n{}", run.stderr);
            assert_eq!(
                run.stderr.contains(&format!("[{lint}]")),
                written != "allow",
                "{lint}: {written}\n{}",
                run.stderr
            );
            if stops {
                assert_eq!(site.page("index.html"), "previous site", "{lint}: the previous site stays");
                assert_eq!(list_files(&site.out()), ["index.html"]);
            } else {
                assert!(site.page("index.html").contains("<html"), "{lint}: {written}: the site is built");
            }
        }
    }
}

#[test]
fn deny_warnings_stops_the_build_on_any_warning_and_the_command_line_wins_over_the_file() {
    let site = lint_site(Lint::EventWithoutPlace);
    let config = std::fs::read_to_string(site.root.join("carnet.yaml")).unwrap();
    assert_eq!(site.run(&["check", "--deny", "warnings"]).code, 1);
    site.write("carnet.yaml", &format!("{config}lints: {{warnings: deny}}\n"));
    assert_eq!(site.run(&["check"]).code, 1);
    let run = site.run(&["check", "--allow", "event-without-place"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("event-without-place"), "{}", run.stderr);
}

#[test]
fn unknown_lint_names_are_errors_with_a_suggestion() {
    let site = lint_site(Lint::EventWithoutPlace);
    let run = site.run(&["check", "--deny", "event-without-places"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown lint `event-without-places`: did you mean `event-without-place`?"),
        "{}",
        run.stderr
    );
    let config = std::fs::read_to_string(site.root.join("carnet.yaml")).unwrap();
    site.write("carnet.yaml", &format!("{config}lints:\n  broken-anchors: allow\n  broken-link: jamais\n"));
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "error: unknown lint `broken-anchors`\n --> carnet.yaml:4:19\n  |\n4 |   broken-anchors: allow\n  \
             |                   ^^^^^\n  = help: did you mean `broken-anchor`?\n"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("error: `jamais` is not a lint level\n --> carnet.yaml:5:16\n"), "{}", run.stderr);
}

/// `docs/lints.md` names every lint with its default level, and nothing else.
#[test]
fn the_lint_reference_documents_every_lint_and_its_default_level() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/lints.md")).unwrap();
    for &lint in Lint::ALL {
        let heading = format!("\n## `{lint}`\n");
        let at = doc.find(&heading).unwrap_or_else(|| panic!("docs/lints.md has no section {heading:?}"));
        let section = &doc[at + heading.len()..];
        let section = &section[..section.find("\n## ").unwrap_or(section.len())];
        let level = match lint.default_level() {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
        };
        let words = section.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains(&format!("Default level: **{level}**")), "{lint}: {section}");
        assert!(section.contains("```"), "{lint} has an example: {section}");
    }
    let documented = doc.matches("\n## `").count();
    assert_eq!(documented, Lint::ALL.len(), "docs/lints.md documents a lint that does not exist");
}

#[test]
fn check_only_and_all_list_every_problem_that_the_report_counts() {
    let site = SiteTest::empty();
    site.write("content/phases/_index.md", "---\ntitle: Phases\ncascade: {kind: event}\n---\n");
    for i in 0..10 {
        site.write(
            &format!("content/phases/p{i}.md"),
            &format!("---\ntitle: P{i}\nstart: 2019-03-0{}\n---\n", i % 9 + 1),
        );
    }
    site.write("content/a.md", "---\ntitle: A\ntags: [Frugalité]\n---\n");
    site.write("content/b.md", "---\ntitle: B\ntags: [frugalité]\n---\n");
    site.write("content/c.md", "---\ntitle: C\ntags: [frugalité]\n---\n");
    let grouped = site.run(&["check"]);
    assert_eq!(grouped.code, 0);
    assert_eq!(grouped.stderr.matches("warning[event-without-place]: this event has no place").count(), 3);
    assert!(grouped.stderr.contains("warning[event-without-place]: 7 more like this, not shown: `carnet check --only event-without-place` lists them all"));
    let only = site.run(&["check", "--only", "event-without-place"]);
    assert_eq!(
        only.stderr.matches("warning[event-without-place]: this event has no place").count(),
        10,
        "{}",
        only.stderr
    );
    assert!(!only.stderr.contains("tag-spellings]: the tag"), "{}", only.stderr);
    assert!(only.stderr.contains("warning: 11 warnings: 10 event-without-place, 1 tag-spellings\n"), "{}", only.stderr);
    let all = site.run(&["check", "--all"]);
    assert_eq!(all.stderr.matches("warning[event-without-place]: this event has no place").count(), 10);
    assert!(all.stderr.contains("warning[tag-spellings]: the tag `Frugalité`"), "{}", all.stderr);
    let json: serde_json::Value = serde_json::from_str(&site.run_stdout(&["check", "--format", "json"])).unwrap();
    let lints: Vec<&str> = json["problems"].as_array().unwrap().iter().map(|p| p["lint"].as_str().unwrap()).collect();
    assert_eq!(lints.iter().filter(|l| **l == "event-without-place").count(), 10);
    assert_eq!(lints.len(), 11);
    let bad = site.run(&["check", "--only", "warnings"]);
    assert_eq!(bad.code, 2, "`--only` takes a lint: {}", bad.stderr);
}
