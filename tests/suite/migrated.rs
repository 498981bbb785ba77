//! A knowledge base migrated from Jekyll, as a new user brings it: a small instance of
//! `bench/gen_migrated.py` (member pages without text and with names of up to 200 characters,
//! projects with years-long phases, e-mail autolinks, anchors copied from a forge's preview,
//! raw HTML, Liquid leftovers, tags spelt several ways). It builds on day one with a short
//! report; with mistakes added, `check` lists each where the generator put it.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::harness::{SiteTest, attribute_values, html_pages, list_files};

/// Generates the corpus into a new site folder; `python3` is needed (the suite fails without).
pub fn migrated(pages: usize, errors: bool) -> (SiteTest, serde_json::Value) {
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

/// "Pages liées" on a migrated site: a news article's related pages share its subjects, the
/// first as many as any page of the site does (they used to be the five newest members sharing
/// one tag, whatever older pages shared more), ranked by what they share, with the articles of
/// the same section before members sharing no more; and they differ from one article to the next.
#[test]
fn related_pages_of_a_news_article_share_the_most_subjects() {
    let (site, _) = migrated(1500, false);
    site.build(&["--no-search"]);
    let pages: HashMap<String, String> = html_pages(&site.out()).into_iter().collect();
    let tags_of = |html: &str| -> HashSet<String> {
        html.split("rel=\"tag\">").skip(1).map(|rest| rest[..rest.find('<').unwrap()].to_string()).collect()
    };
    let tagged: Vec<(&String, HashSet<String>)> =
        pages.iter().map(|(a, html)| (a, tags_of(html))).filter(|(_, t)| !t.is_empty()).collect();
    let related_of = |html: &str| -> Vec<String> {
        let Some(at) = html.find("id=\"related-title\"") else { return Vec::new() };
        let section = &html[at..at + html[at..].find("</section>").unwrap()];
        attribute_values(section, "href").into_iter().map(str::to_string).collect()
    };
    let (mut lists, mut articles) = (HashSet::new(), 0);
    for (address, html) in pages.iter().filter(|(a, _)| a.starts_with("/actualites/") && a.len() > 13) {
        let related = related_of(html);
        let own = tags_of(html);
        if own.is_empty() {
            continue;
        }
        articles += 1;
        let best =
            tagged.iter().filter(|(a, _)| a != &address).map(|(_, t)| own.intersection(t).count()).max().unwrap();
        let shared: Vec<usize> = related.iter().map(|r| own.intersection(&tags_of(&pages[r])).count()).collect();
        assert!(shared.iter().all(|&n| n > 0), "{address}: a related page shares no tag: {related:?}");
        assert_eq!(shared.first(), Some(&best), "{address}: the first shares the most tags: {related:?} {shared:?}");
        assert!(shared.is_sorted_by(|a, b| a >= b), "{address}: ranked by what they share: {shared:?}");
        // Members (ten for each article) do not crowd out the articles that share as much.
        let last = *shared.last().unwrap_or(&0);
        let peer = |a: &&String| a.starts_with("/actualites/") && a.len() > 13 && *a != address;
        if tagged.iter().filter(|(a, _)| peer(a)).any(|(_, t)| own.intersection(t).count() >= last) {
            assert!(related.iter().any(|r| r.starts_with("/actualites/")), "{address}: no article among {related:?}");
        }
        lists.insert(related);
    }
    assert!(articles > 40, "{articles} articles with tags");
    assert!(lists.len() * 10 >= articles * 9, "{} different lists for {articles} articles", lists.len());
}

/// Page weight at the scale of a real knowledge base (7,000 pages, 2,240 dated project phases
/// lasting months or years): no generated page is over 150 KB of HTML (the agenda and the
/// busiest months well under 100 KB), lists are paginated, and no page links to a file that
/// was not written (feeds included).
#[test]
fn no_page_of_a_large_migrated_site_is_heavy_and_every_link_leads_somewhere() {
    let (site, manifest) = migrated(7000, false);
    site.build(&["--no-search"]);
    assert_eq!(manifest["events"], 2240);
    let out = site.out();
    let mut heaviest = (0, String::new());
    for file in list_files(&out).into_iter().filter(|f| f.ends_with(".html")) {
        let size = std::fs::metadata(out.join(&file)).unwrap().len();
        assert!(size <= 150_000, "{file} weighs {size} bytes");
        heaviest = heaviest.max((size, file));
    }
    let agenda = std::fs::metadata(out.join("agenda/index.html")).unwrap().len();
    assert!(agenda < 100_000, "the agenda weighs {agenda} bytes");
    let mut busiest = (0, String::new());
    for file in list_files(&out.join("agenda")).into_iter().filter(|f| f.matches('/').count() == 2) {
        let html = std::fs::read_to_string(out.join("agenda").join(&file)).unwrap();
        let events = html.matches("href=\"/projets/").count();
        assert!(html.len() < 100_000, "agenda/{file}: {} bytes for {events} events", html.len());
        busiest = busiest.max((events, file));
    }
    assert!(busiest.0 >= 100, "the busiest month, {}, has {} events: not a busy month", busiest.1, busiest.0);
    assert!(
        site.exists("membres/page/2/index.html") && site.exists("projets/page/2/index.html"),
        "big sections are paginated"
    );
    // The projects' raw HTML keeps Jekyll's `{{ site.baseurl }}` in image addresses, as the
    // migrated site did: carnet leaves raw HTML as written, so those are the content's own.
    let missing: Vec<String> =
        crate::harness::missing_targets(&out, "/").into_iter().filter(|m| !m.contains("{{ site.baseurl }}")).collect();
    assert_eq!(missing, Vec::<String>::new());
    eprintln!(
        "heaviest page: {} ({} bytes); busiest month: {} ({} events)",
        heaviest.1, heaviest.0, busiest.1, busiest.0
    );
}
