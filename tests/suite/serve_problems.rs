//! `carnet serve` in the terminal: the first build's problems are grouped as `carnet build`
//! shows them, and each save prints only what changed (problems that appeared, problems fixed),
//! never the whole list again.

use std::time::{Duration, Instant};

use crate::serve::Served;

/// The lines the server prints until one starts with `Change` or `error: the site was not`
/// (the end of one rebuild's report).
fn rebuild_report(s: &Served) -> Vec<String> {
    let end = Instant::now() + Duration::from_secs(15);
    let mut lines = Vec::new();
    while let Ok(line) = s.stderr.recv_timeout(end.saturating_duration_since(Instant::now())) {
        let done = line.starts_with("Change") || line.starts_with("error: the site was not");
        lines.push(line);
        if done {
            return lines;
        }
    }
    panic!("no end of rebuild within 15 s: {lines:?}");
}

#[test]
fn each_save_prints_the_problems_that_appeared_and_those_fixed_not_the_whole_list() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    std::fs::create_dir_all(root.join("content/phases")).unwrap();
    std::fs::write(root.join("carnet.yaml"), "title: Test\nbase_url: https://example.org/\n").unwrap();
    std::fs::write(root.join("content/phases/_index.md"), "---\ntitle: Phases\ncascade: {kind: event}\n---\n").unwrap();
    for i in 0..40 {
        let text = format!("---\ntitle: Phase {i}\nstart: 2019-03-{:02}\n---\nTexte.\n", i % 28 + 1);
        std::fs::write(root.join(format!("content/phases/phase-{i:02}.md")), text).unwrap();
    }
    let s = Served::start(tmp, root, &[]);
    let first: Vec<String> = {
        let end = Instant::now() + Duration::from_secs(15);
        let mut lines = Vec::new();
        while let Ok(line) = s.stderr.recv_timeout(end.saturating_duration_since(Instant::now())) {
            let done = line.starts_with("Built ");
            lines.push(line);
            if done {
                break;
            }
        }
        lines
    };
    let first = first.join("\n");
    assert_eq!(first.matches("warning[event-without-place]: this event has no place").count(), 3, "{first}");
    assert!(first.contains("warning[event-without-place]: 37 more like this, not shown"), "{first}");
    assert!(first.contains("warning: 40 warnings: 40 event-without-place"), "{first}");

    // A fix: one line says so, nothing else is repeated.
    s.write("content/phases/phase-07.md", "---\ntitle: Phase 7\nstart: 2019-03-08\nlocation: Toulouse\n---\nTexte.\n");
    let report = rebuild_report(&s).join("\n");
    assert!(
        report.starts_with("fixed[event-without-place]: content/phases/phase-07.md: this event has no place\nChange"),
        "{report}"
    );
    // A new mistake: shown in full, with the closing line; the warnings are not repeated.
    s.write("content/phases/phase-08.md", "---\ntitle: Phase 8\nstart: 2019-03-09\n---\nVoir [la suite](suite.md).\n");
    let report = rebuild_report(&s).join("\n");
    assert!(
        report.starts_with("error[broken-link]: the link `suite.md` points to a page that does not exist"),
        "{report}"
    );
    assert!(!report.contains("warning[event-without-place]: this event"), "{report}");
    assert!(
        report.ends_with(
            "error: the site was not rebuilt, the last good one is still served: 1 error: 1 broken-link; \
             39 warnings: 39 event-without-place"
        ),
        "{report}"
    );
    // Fixed again: one line.
    s.write("content/phases/phase-08.md", "---\ntitle: Phase 8\nstart: 2019-03-09\n---\nTexte.\n");
    let report = rebuild_report(&s).join("\n");
    assert!(report.starts_with("fixed[broken-link]: content/phases/phase-08.md: the link `suite.md`"), "{report}");
    assert_eq!(report.lines().count(), 2, "{report}");
}
