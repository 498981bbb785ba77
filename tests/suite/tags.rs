//! The `tags` fixture: tag index in French order, slug merging, hierarchy, pagination
//! boundaries, Atom feeds, related pages.

use crate::harness::{SiteTest, list_files, main_of};

fn built() -> SiteTest {
    let site = SiteTest::fixture("tags");
    site.build(&[]);
    site
}

/// The link texts of `<a href="/tags/…">` in `html`, in order.
fn tag_names(html: &str) -> Vec<String> {
    html.split("<a href=\"/tags/")
        .skip(1)
        .map(|s| s.split_once('>').unwrap().1.split('<').next().unwrap().to_string())
        .collect()
}

#[test]
fn the_tag_index_is_in_french_order_with_counts_as_text() {
    let site = built();
    let main = main_of(&site.page("tags/index.html")).to_string();
    let names = tag_names(&main);
    assert_eq!(
        names,
        [
            "distance",
            "écoute",
            "frugalité",
            "Méthodes",
            "méthodes/enquête",
            "Méthodes/Prototypage",
            "séance 2",
            "séance 10"
        ],
        "accents and case as in a dictionary, numbers by value"
    );
    assert!(main.contains("<a href=\"/tags/frugalite/\">frugalité</a> <span class=\"count\">4 pages</span>"));
    assert!(main.contains("<a href=\"/tags/distance/\">distance</a> <span class=\"count\">1 page</span>"));
}

#[test]
fn spellings_of_one_tag_are_merged_and_checked() {
    let site = built();
    assert!(site.exists("tags/frugalite/index.html"));
    let run = site.run(&["check", "--today", "2026-11-27"]);
    assert_eq!(run.code, 0, "spelling variants are warnings: {}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning[tag-spellings]: the tag `Frugalité` is also written `frugalité`\n --> content/notes/a.md:4:8"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(
        "warning[tag-spellings]: the tag `frugalite` is also written `frugalité`\n --> content/notes/c.md:4:8"
    ));
}

#[test]
fn a_parent_tag_includes_its_childrens_pages() {
    let site = built();
    let parent =
        main_of(&site.page("tags/methodes/index.html")).to_string() + &site.page("tags/methodes/page/2/index.html");
    for note in ["Note C", "Note D", "Note E"] {
        assert!(parent.contains(note), "{note} is under méthodes");
    }
    assert!(parent.contains("<a href=\"/tags/methodes/prototypage/\">Prototypage</a>"));
    let child = main_of(&site.page("tags/methodes/prototypage/index.html")).to_string();
    assert!(child.contains("Note C") && !child.contains("Note D"));
    assert!(child.contains("<dt>Mot-clé parent</dt><dd><a href=\"/tags/methodes/\">Méthodes</a></dd>"));
}

#[test]
fn tag_pages_group_by_kind_newest_first_and_paginate() {
    let site = built();
    let first = main_of(&site.page("tags/frugalite/index.html")).to_string();
    assert!(first.contains("<h2 id=\"group-page\">Pages</h2>"));
    assert!(first.find("Note D").unwrap() < first.find("Note C").unwrap(), "newest first");
    assert!(!first.contains("Note A"), "paginate: 2");
    let second = site.page("tags/frugalite/page/2/index.html");
    assert!(second.contains("Note B") && second.contains("Note A"));
    assert!(second.contains("<link rel=\"prev\" href=\"/tags/frugalite/\">"));
}

#[test]
fn pagination_boundaries() {
    let site = built();
    let pages_of = |section: &str| {
        list_files(&site.out()).iter().filter(|f| f.starts_with(&format!("{section}/page/"))).count() + 1
    };
    assert_eq!(pages_of("vide"), 1, "no page: one list page");
    assert_eq!(pages_of("un"), 1, "one page");
    assert_eq!(pages_of("trois"), 1, "exactly one page size");
    assert_eq!(pages_of("quatre"), 2, "one more");
    assert!(!site.page("trois/index.html").contains("class=\"pagination\""));
    let first = site.page("quatre/index.html");
    assert!(first.contains("<link rel=\"next\" href=\"/quatre/page/2/\">"));
    assert!(first.contains("<nav class=\"pagination\" aria-label=\"Pagination\">"));
    assert!(
        site.page("quatre/page/2/index.html").contains("<a href=\"/quatre/page/2/\" aria-current=\"page\">Page 2</a>")
    );
}

fn child<'a>(n: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.children().find(|c| c.has_tag_name(name)).map(|c| c.text().unwrap_or(""))
}

#[test]
fn feeds_are_valid_atom_with_stable_ids_and_absolute_links() {
    let site = built();
    for feed in ["atom.xml", "notes/atom.xml", "tags/frugalite/atom.xml"] {
        let text = site.page(feed);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{feed}: {e}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
        assert_eq!(child(root, "id"), Some(format!("https://example.org/{feed}").as_str()));
        assert!(child(root, "updated").unwrap().starts_with("2018-05-01T00:00:00+02:00") || feed.contains("frugalite"));
        let entries: Vec<_> = root.children().filter(|c| c.has_tag_name("entry")).collect();
        assert!(!entries.is_empty() && entries.len() <= 3, "{feed}: feed_limit 3");
        for e in entries {
            let id = child(e, "id").unwrap();
            assert!(id.starts_with("https://example.org/notes/"), "{id}");
            let link = e.children().find(|c| c.has_tag_name("link")).unwrap().attribute("href").unwrap();
            assert_eq!(link, id, "the id is the page's permanent URL");
            let updated = child(e, "updated").unwrap();
            assert!(jiff::Timestamp::strptime("%Y-%m-%dT%H:%M:%S%:z", updated).is_ok(), "{updated} is RFC 3339");
        }
    }
    let site_feed = site.page("atom.xml");
    assert!(site_feed.contains("<summary>Une note &lt;importante&gt; &amp; décrite</summary>"));
    assert!(site_feed.contains("<author><name>Camille</name></author>"));
    assert!(
        site.page("notes/index.html").contains(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Notes\" href=\"/notes/atom.xml\">"
        )
    );
}

#[test]
fn related_pages_share_the_most_tags() {
    let site = built();
    let html = site.page("notes/b/index.html");
    let related = &html[html.find("id=\"related-title\"").expect("a related section")..];
    let c = related.find("Note C").expect("C shares écoute and frugalité with B");
    let d = related.find("Note D").expect("D shares frugalité");
    assert!(c < d, "two shared tags rank before one");
    assert!(!related.contains("Note E"), "E shares nothing with B");
}
