//! A knowledge base migrated from Jekyll, as a new user brings it: a small instance of
//! `bench/gen_migrated.py` (member pages without text and with names of up to 200 characters,
//! projects with years-long phases, e-mail autolinks, anchors copied from a forge's preview,
//! raw HTML, Liquid leftovers, tags spelt several ways). It builds on day one with a short
//! report; with mistakes added, `check` lists each where the generator put it.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::harness::{SiteTest, attribute_values, html_pages, list_files};

/// Generates the corpus into a new site folder; `python3` is needed (the suite fails without).
fn migrated(pages: usize, errors: bool) -> (SiteTest, serde_json::Value) {
    let site = SiteTest::empty();
    std::fs::remove_dir_all(&site.root).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/gen_migrated.py");
    let mut cmd = std::process::Command::new("python3");
    cmd.arg(&script).args(["--pages", &pages.to_string(), "--seed", "7", "--out"]).arg(&site.root);
    if errors {
        cmd.arg("--errors");
    }
    let out = cmd.output().expect("python3 runs the corpus generator");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let manifest = std::fs::read_to_string(site.root.join("manifest.json")).unwrap();
    (site, serde_json::from_str(&manifest).unwrap())
}

fn count(manifest: &serde_json::Value, key: &str) -> u64 {
    manifest["warnings_expected"][key].as_u64().unwrap()
}

#[test]
fn a_migrated_site_builds_on_day_one_with_a_short_grouped_report() {
    let (site, manifest) = migrated(400, false);
    let run = site.run(&["build", "--today", "2026-11-27"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.stderr.lines().count();
    assert!(lines < 80, "{lines} lines:\n{}", run.stderr);
    let last = run.stderr.lines().rev().find(|l| l.starts_with("warning: ")).unwrap();
    assert!(last.starts_with(&format!("warning: {} warnings: ", total_warnings(&manifest))), "{last}");
    for (key, lint) in [
        ("events_without_place", "event-without-place"),
        ("images_without_alt", "image-without-alt"),
        ("tag_spelling_warnings", "tag-spellings"),
    ] {
        assert!(last.contains(&format!(" {} {lint}", count(&manifest, key))), "{lint} in {last}");
    }
    assert_eq!(run.stderr.matches("warning[event-without-place]: this event has no place\n").count(), 3);
    assert!(run.stderr.contains("more like this, not shown: `carnet check --only event-without-place` lists them all"));
    assert!(site.exists("pagefind/pagefind.js"), "the default build has its search index");

    // The names of up to 200 characters are pages.
    let longest = list_files(&site.out().join("membres")).into_iter().map(|f| f.split('/').next().unwrap().len()).max();
    assert!(longest.unwrap() > 150, "{longest:?}");
    // E-mail autolinks are links to write an e-mail.
    let autolinks = manifest["valid_markdown_from_forges"]["email_autolinks"].as_u64().unwrap();
    let mailto: usize = html_pages(&site.out()).iter().map(|(_, html)| html.matches("href=\"mailto:").count()).sum();
    assert!(mailto as u64 >= autolinks && autolinks > 0, "{mailto} mailto links for {autolinks} autolinks");
    // Every anchor written as the forge writes it leads to a heading of the published page.
    let broken = broken_anchors(&site.out());
    assert!(
        broken.is_empty(),
        "{} links to anchors that do not exist: {:?}",
        broken.len(),
        &broken[..broken.len().min(10)]
    );
}

#[test]
fn a_migrated_site_with_mistakes_gets_each_reported_where_it_is_in_one_pass() {
    let (site, manifest) = migrated(300, true);
    let run = site.run(&["check", "--today", "2026-11-27"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.lines().count() < 100, "{}", run.stderr);
    // Warnings are counted even though there are errors (one pass), kind by kind.
    assert!(run.stderr.contains("warning[event-without-place]: "), "{}", run.stderr);
    let events = format!("{} event-without-place", count(&manifest, "events_without_place"));
    assert!(run.stderr.lines().last().unwrap().contains(&events), "{}", run.stderr);
    let json = site.run_stdout(&["check", "--today", "2026-11-27", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len() as u64, report["errors"].as_u64().unwrap() + report["warnings"].as_u64().unwrap());
    assert!(report["warnings"].as_u64().unwrap() >= total_warnings(&manifest));
    for mistake in manifest["errors"].as_array().unwrap() {
        let (file, line) = (mistake["file"].as_str().unwrap(), mistake["line"].as_u64());
        let found = problems.iter().any(|p| p["file"].as_str() == Some(file) && p["line"].as_u64() == line);
        assert!(found, "no problem reported at {file}:{line:?} ({})\n{}", mistake["what"], run.stderr);
        assert!(run.stderr.contains(file) || mistake["kind"] == "missing-anchor", "{file} not in\n{}", run.stderr);
    }
    // The page with broken YAML is reported once; the pages that link to it are not.
    let broken = manifest["errors"].as_array().unwrap().iter().find(|e| e["kind"] == "broken-yaml").unwrap();
    let stem = broken["file"].as_str().unwrap().rsplit('/').next().unwrap();
    let mentions = problems.iter().filter(|p| p["message"].as_str().unwrap().contains(stem)).count();
    assert_eq!(mentions, 0, "links to the broken page are not reported again");
}

fn total_warnings(manifest: &serde_json::Value) -> u64 {
    ["events_without_place", "images_without_alt", "tag_spelling_warnings"].iter().map(|k| count(manifest, k)).sum()
}

/// Links of the site to an anchor (`#x`, `/page/#x`) that the page they lead to does not have.
fn broken_anchors(out: &Path) -> Vec<String> {
    let pages = html_pages(out);
    let ids: HashMap<&str, HashSet<&str>> = pages
        .iter()
        .map(|(address, html)| (address.as_str(), attribute_values(html, "id").into_iter().collect()))
        .collect();
    let mut broken = Vec::new();
    for (address, html) in &pages {
        for href in attribute_values(html, "href") {
            let Some((path, anchor)) = href.split_once('#') else { continue };
            if anchor.is_empty() || path.contains("://") || path.starts_with("mailto:") {
                continue;
            }
            let target = if path.is_empty() { address.as_str() } else { path };
            match ids.get(target) {
                Some(found) if found.contains(anchor) => {}
                Some(_) => broken.push(format!("{address}: {href}")),
                None => {} // A file that is not a page (a feed, an .ics): no anchors to check.
            }
        }
    }
    broken
}
