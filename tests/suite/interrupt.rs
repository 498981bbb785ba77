//! Ctrl-C and SIGTERM in every stage of `carnet build` (`--progress` names each stage as it
//! starts): the build ends at once, with the shell's code for the signal once its staging
//! folder exists (before, the signal's default action ends it, and nothing is on disk yet),
//! the previous site stays as it was, and nothing is left beside it (a half-written folder is
//! moved aside at once and removed in the background).

use std::io::{BufRead, BufReader};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use crate::harness::{SiteTest, leftovers, list_files};

/// A site big enough for each stage to last a moment in a debug build.
fn big_site() -> SiteTest {
    let site = SiteTest::empty();
    let body = "Un paragraphe de texte assez long pour donner du poids à la page. ".repeat(30);
    for i in 0..3_000 {
        site.write(
            &format!("content/s{}/page-{i:04}.md", i % 30),
            &format!("---\ntitle: Page {i}\ntags: [t{}]\n---\n## Partie\n\n{body}\n", i % 100),
        );
    }
    site
}

/// Sends `signal` when the build announces `stage`; checks what it leaves and returns how long
/// it took to end.
fn interrupt_at(site: &SiteTest, stage: &str, signal: &str) -> Duration {
    site.write("public/index.html", "previous site");
    site.write("public/ancienne/index.html", "previous page");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("carnet"))
        .args(["build", "--today", "2026-11-27", "--progress"])
        .current_dir(&site.root)
        .env("NO_COLOR", "1")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = channel();
    let err = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let wanted = format!("{stage}…");
    let mut said = Vec::new();
    loop {
        let line = rx.recv_timeout(Duration::from_secs(240)).unwrap_or_else(|_| panic!("no {wanted}: {said:?}"));
        let found = line == wanted;
        said.push(line);
        if found {
            break;
        }
    }
    let sent = Instant::now();
    let kill = std::process::Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    let took = sent.elapsed();
    let rest: Vec<String> = rx.try_iter().collect();
    let before_staging = ["scan", "model", "markdown", "derive"].contains(&stage);
    match status.code() {
        // The default action ended it: only before anything was written.
        None => assert!(before_staging, "{stage} {signal}: killed outright while writing: {rest:?}"),
        Some(code) => {
            assert_eq!(code, if signal == "-INT" { 130 } else { 143 }, "{stage} {signal}: {rest:?}");
            let told = rest.iter().any(|l| l.contains("while writing the site: the previous output is untouched"));
            assert!(told, "{stage} {signal}: {rest:?}");
        }
    }
    assert_eq!(site.page("index.html"), "previous site", "{stage} {signal}");
    assert_eq!(list_files(&site.out()), ["ancienne/index.html", "index.html"], "{stage} {signal}");
    assert_eq!(leftovers(&site.root), Vec::<String>::new(), "{stage} {signal}: nothing is left beside the site");
    took
}

#[cfg(unix)]
#[test]
fn a_signal_in_any_stage_ends_the_build_at_once_and_leaves_the_previous_site() {
    let site = big_site();
    let mut took = Vec::new();
    for (i, stage) in ["scan", "model", "markdown", "derive", "render", "search", "write"].iter().enumerate() {
        let signal = if i % 2 == 0 { "-INT" } else { "-TERM" };
        took.push((stage, interrupt_at(&site, stage, signal)));
    }
    // Measured with a release build by `bench/interrupt.py` (under half a second at 10,000
    // pages); here a debug build on a loaded machine, so the bound is loose.
    for (stage, t) in took {
        assert!(t < Duration::from_secs(3), "{stage}: the build ended {t:?} after the signal");
    }
}
