//! Lists of a site, at the scale of a real knowledge base: which pages are "latest" (by the day
//! they were published, never by an event still to come), which feeds exist and are linked, what
//! the sitemap holds, which pages relate, what the search index reads.

use crate::harness::{SiteTest, main_of, missing_targets};

/// A site whose dates tempt a generator to lie: an event next year without a publication date,
/// an event announced this month for next year, a page whose `updated` has a typo in the
/// future, and sections with and without dated pages.
fn dated_site() -> SiteTest {
    let site = SiteTest::empty();
    site.write("content/evenements/_index.md", "---\ntitle: Événements\n---\n")
        .write(
            "content/evenements/forum.md",
            "---\ntitle: Grand forum 2027\nkind: event\nstart: 2027-05-01\nlocation: Toulouse\n---\n",
        )
        .write(
            "content/evenements/annonce.md",
            "---\ntitle: Rencontre annoncée\nkind: event\ndate: 2026-11-20\nstart: 2027-03-01\nlocation: Albi\n---\n",
        )
        .write(
            "content/evenements/passe.md",
            "---\ntitle: Atelier passé\nkind: event\nstart: 2026-10-10\nlocation: Albi\n---\n",
        )
        .write("content/notes/_index.md", "---\ntitle: Notes\n---\n")
        .write("content/notes/a.md", "---\ntitle: Note A\ndate: 2026-11-01\nupdated: 2062-11-02\n---\nTexte.\n")
        .write("content/valeurs/_index.md", "---\ntitle: Valeurs\n---\n")
        .write("content/valeurs/autonomie.md", "---\ntitle: Autonomie\nkind: value\n---\nTexte.\n");
    site.build(&["--no-search"]);
    site
}

#[test]
fn latest_pages_and_feeds_use_publication_dates_never_later_than_the_build() {
    let site = dated_site();
    let home = main_of(&site.page("index.html")).to_string();
    let recent = &home[home.find("id=\"recent-title\"").unwrap()..];
    let recent = &recent[..recent.find("</section>").unwrap()];
    assert!(!recent.contains("Grand forum 2027"), "an event to come is not a publication: {recent}");
    let order: Vec<usize> =
        ["Rencontre annoncée", "Note A", "Atelier passé"].iter().map(|t| recent.find(t).unwrap()).collect();
    assert!(order.is_sorted(), "newest publication first: {recent}");
    assert!(home.contains("Grand forum 2027"), "it is among the next events");

    let atom = site.page("atom.xml");
    assert!(!atom.contains("Grand forum 2027"));
    let feed = roxmltree::Document::parse(&atom).unwrap();
    for node in feed.descendants().filter(|n| n.has_tag_name("updated") || n.has_tag_name("published")) {
        let day = &node.text().unwrap()[..10];
        assert!(day <= "2026-11-27", "{} {day} is after the build", node.tag_name().name());
    }
    assert!(atom.contains("<updated>2026-11-27T00:00:00+01:00</updated>\n  <author>"), "the typo is capped: {atom}");

    for ics in ["agenda/evenements-forum.ics", "agenda/evenements-annonce.ics", "agenda.ics"] {
        for stamp in site.page(ics).lines().filter_map(|l| l.strip_prefix("DTSTAMP:")) {
            assert!(&stamp[..8] <= "20261127", "{ics}: DTSTAMP {stamp} is after the build");
        }
    }
}

#[test]
fn a_page_links_to_a_feed_only_when_the_feed_is_written() {
    let site = dated_site();
    assert!(site.exists("evenements/atom.xml") && site.exists("notes/atom.xml"));
    assert!(!site.exists("valeurs/atom.xml"), "no dated page, no feed");
    assert!(!site.page("valeurs/index.html").contains("valeurs/atom.xml"));
    assert!(site.page("notes/index.html").contains("href=\"/notes/atom.xml\""));
    assert_eq!(missing_targets(&site.out(), "/"), Vec::<String>::new());
}

#[test]
fn the_sitemap_lists_every_page_a_reader_can_land_on_and_nothing_else() {
    let site = SiteTest::empty();
    site.write("carnet.yaml", "title: T\nbase_url: https://example.org/lab/\npaginate: 2\n");
    for i in 0..5 {
        site.write(
            &format!("content/notes/n{i}.md"),
            &format!("---\ntitle: Note {i}\ndate: 2026-0{}-01\ntags: [frugalité]\n---\n", i + 1),
        );
    }
    site.write("content/notes/_index.md", "---\ntitle: Notes\n---\n")
        .write("content/a.md", "---\ntitle: A\naliases: [/ancien/]\nupdated: 2026-10-01\n---\n")
        .write("content/rdv.md", "---\ntitle: Rendez-vous\nkind: event\nstart: 2026-10-10\nlocation: Albi\n---\n");
    site.build(&["--no-search"]);
    let sitemap = site.page("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
    for wanted in [
        "",
        "a/",
        "notes/",
        "notes/n0/",
        "tags/",
        "tags/frugalite/",
        "agenda/",
        "agenda/2026/",
        "agenda/2026/10/",
        "rdv/",
    ] {
        assert!(locs.contains(&format!("https://example.org/lab/{wanted}").as_str()), "{wanted} in {locs:?}");
    }
    for unwanted in ["ancien/", "notes/page/2/", "tags/frugalite/page/2/", "recherche/"] {
        assert!(!locs.contains(&format!("https://example.org/lab/{unwanted}").as_str()), "{unwanted} in {locs:?}");
    }
    assert!(sitemap.contains("<loc>https://example.org/lab/a/</loc>\n    <lastmod>2026-10-01</lastmod>"));
    assert!(locs.iter().all(|l| !l.contains("404") && !l.ends_with(".xml") && !l.ends_with(".ics")));
    // Each URL is a written page.
    for loc in &locs {
        let rel = loc.strip_prefix("https://example.org/lab/").unwrap();
        assert!(site.exists(&format!("{rel}index.html")), "{loc} is not written");
    }
}

/// The search index of the demo, read back: what readers see in result excerpts is the pages'
/// text, never the interface around it (heading anchor labels, calendar and edit links, lists of
/// related pages, badges, quiz buttons).
#[test]
fn search_excerpts_hold_no_interface_text() {
    use std::io::Read;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let root = env!("CARGO_MANIFEST_DIR");
    crate::demo::build_demo(&out);
    let strings: std::collections::HashMap<String, String> =
        serde_yaml::from_str(&std::fs::read_to_string(format!("{root}/themes/carnet/i18n/fr.yaml")).unwrap()).unwrap();
    let ui: Vec<&str> = [
        "anchor_label",
        "add_to_calendar",
        "edit_page",
        "related",
        "backlinks",
        "previous_session",
        "next_session",
        "show_answer",
        "draft",
    ]
    .iter()
    .map(|k| strings[*k].as_str())
    .collect();
    let mut fragments = 0;
    for entry in std::fs::read_dir(out.join("pagefind/fragment")).unwrap() {
        let mut text = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(entry.unwrap().path()).unwrap())
            .read_to_string(&mut text)
            .unwrap();
        let json: serde_json::Value = serde_json::from_str(text.strip_prefix("pagefind_dcd").unwrap()).unwrap();
        let content = json["content"].as_str().unwrap();
        for label in &ui {
            assert!(!content.contains(label), "{}: `{label}` in {content}", json["url"]);
        }
        fragments += 1;
    }
    assert!(fragments > 20, "{fragments} pages in the index");
}
