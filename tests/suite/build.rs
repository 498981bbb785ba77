//! The `basic` fixture: URLs, publication rules, aliases, generated files, the base layout.

use crate::harness::{SiteTest, list_files, main_of};

#[test]
fn urls_are_pretty_dated_and_accent_free() {
    let site = SiteTest::fixture("basic");
    site.build(&[]);
    for page in [
        "index.html",
        "a-propos/index.html",
        "notes/index.html",
        "notes/premiere-note/index.html",
        "notes/ete-a-toulouse/index.html",
        "notes/court/index.html",
        "dossier/sans-index/index.html",
    ] {
        assert!(site.exists(page), "{page} is missing: {:?}", list_files(&site.out()));
    }
    let note = site.page("notes/premiere-note/index.html");
    assert!(note.contains("<time datetime=\"2018-03-26\">26 mars 2018</time>"), "the file name gives the date");
}

#[test]
fn drafts_future_and_expired_pages_follow_the_flags() {
    let site = SiteTest::fixture("basic");
    site.build(&[]);
    for hidden in [
        "notes/brouillon/index.html",
        "notes/futur/index.html",
        "notes/plus-tard/index.html",
        "notes/perimee/index.html",
    ] {
        assert!(!site.exists(hidden), "{hidden} should not be published");
    }
    assert!(!site.page("sitemap.xml").contains("brouillon"));
    site.build(&["--drafts"]);
    assert!(site.exists("notes/brouillon/index.html"));
    assert!(site.page("notes/brouillon/index.html").contains("Brouillon"), "drafts are marked");
    assert!(!site.exists("notes/futur/index.html"));
    site.build(&["--future"]);
    assert!(site.exists("notes/futur/index.html") && site.exists("notes/plus-tard/index.html"));
    assert!(!site.exists("notes/perimee/index.html"), "expired pages stay out");
}

#[test]
fn aliases_redirect_to_the_page() {
    let site = SiteTest::fixture("basic");
    site.build(&[]);
    for alias in ["ancienne-adresse/index.html", "vieux/fichier.html"] {
        let html = site.page(alias);
        assert!(
            html.contains("<meta http-equiv=\"refresh\" content=\"0; url=https://example.org/notes/deplacee/\">"),
            "{html}"
        );
        assert!(html.contains("<link rel=\"canonical\" href=\"https://example.org/notes/deplacee/\">"));
    }
}

#[test]
fn front_matter_reaches_the_page() {
    let site = SiteTest::fixture("basic");
    site.build(&[]);
    let html = site.page("a-propos/index.html");
    assert!(html.contains("<meta name=\"description\" content=\"Qui nous sommes\">"));
    assert!(html.contains("<meta property=\"og:title\" content=\"À propos\">"));
    assert!(
        html.contains("<meta property=\"og:image\" content=\"https://example.org/equipe.svg\">"),
        "the image is relative to the page's file"
    );
    assert!(html.contains("<link rel=\"canonical\" href=\"https://example.org/a-propos/\">"));
    assert!(html.contains("Par Camille, Sacha"));
    assert!(html.contains("Mis à jour le <time datetime=\"2018-04-02\">2 avril 2018</time>"));
    assert!(html.contains("<li><a href=\"/tags/equipe/\" rel=\"tag\">équipe</a></li>"), "tags link to their page");
    assert!(site.exists("equipe.svg"), "files of content/ are published");
    assert!(site.page("notes/english/index.html").contains("<html lang=\"en\">"));
}

#[test]
fn sections_list_their_pages_in_order_and_paginate() {
    let site = SiteTest::fixture("basic");
    site.build(&[]);
    let list = site.page("notes/index.html");
    let main = main_of(&list);
    let first = main.find("En tête").unwrap();
    let second = main.find("Été à Toulouse").unwrap();
    assert!(first < second, "weight first, then newest first");
    assert!(main.contains("rel=\"next\""), "paginate: 2 gives several list pages");
    let page3 = site.page("notes/page/3/index.html");
    assert!(page3.contains("rel=\"prev\"") && page3.contains("aria-current=\"page\">Page 3</a>"));
}

#[test]
fn the_base_layout_is_accessible_from_the_start() {
    let site = SiteTest::fixture("basic");
    site.build(&[]);
    for file in list_files(&site.out())
        .iter()
        .filter(|f| f.ends_with(".html") && !f.starts_with("ancienne") && !f.starts_with("vieux"))
    {
        let html = site.page(file);
        assert!(html.starts_with("<!DOCTYPE html>"), "{file}");
        assert!(html.contains("<html lang=\""), "{file}: lang");
        assert_eq!(html.matches("<h1").count(), 1, "{file}: exactly one h1");
        assert!(html.contains("<a class=\"skip-link\" href=\"#contenu\">Aller au contenu</a>"), "{file}: skip link");
        assert!(html.contains("<main id=\"contenu\""), "{file}: main landmark");
        assert!(html.contains("<nav class=\"site-nav\" aria-label=\"Navigation principale\">"), "{file}: labelled nav");
        assert!(html.contains("<footer"), "{file}: footer");
        assert!(html.contains("href=\"/accessibilite/\""), "{file}: accessibility statement link");
        // Readable without JavaScript: every page has the theme toggle's and the menu's scripts
        // (a few bytes inline before the first paint, the rest deferred); only the search page
        // loads more.
        let inline_theme = html.find("<script>(function(r){").expect("the theme choice applied before painting");
        let rest = format!("{}{}", &html[..inline_theme], &html[inline_theme..].split_once("</script>").unwrap().1);
        let rest = rest.replacen("<script src=\"/js/theme.js\" defer></script>", "", 1);
        let rest = rest.replacen("<script src=\"/js/nav.js\" defer></script>", "", 1);
        if file != "recherche/index.html" {
            assert!(!rest.contains("<script"), "{file}: readable without JavaScript");
        } else {
            assert!(html.contains("<script src=\"/js/search.js\" defer"), "{file}");
            assert!(html.contains("id=\"all-pages-title\""), "{file}: every section listed without JavaScript");
        }
    }
    assert!(site.page("accessibilite/index.html").contains("RGAA"), "a default statement is generated");
    assert!(site.page("index.html").contains("<a href=\"/agenda/\">Agenda</a>"), "menu from carnet.yaml");
}

#[test]
fn sitemap_robots_and_404() {
    let site = SiteTest::fixture("basic");
    site.build(&[]);
    let sitemap = site.page("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/notes/ete-a-toulouse/</loc>\n    <lastmod>2018-07-01</lastmod>")
    );
    assert!(
        sitemap.contains("<loc>https://example.org/a-propos/</loc>\n    <lastmod>2018-04-02</lastmod>"),
        "updated wins"
    );
    assert_eq!(site.page("robots.txt"), "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n");
    assert!(site.page("404.html").contains("<h1>Page introuvable</h1>"));
    assert!(
        site.exists("css/carnet.css")
            && site.exists("css/highlight-light.css")
            && site.exists("css/highlight-dark.css")
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = SiteTest::fixture("basic");
    site.build(&["--output", "a"]);
    site.build(&["--output", "b"]);
    let (a, b) = (site.root.join("a"), site.root.join("b"));
    let files = list_files(&a);
    assert_eq!(files, list_files(&b));
    for f in files {
        assert_eq!(std::fs::read(a.join(&f)).unwrap(), std::fs::read(b.join(&f)).unwrap(), "{f} differs");
    }
}

#[test]
fn base_url_with_a_path_prefixes_every_link() {
    let site = SiteTest::fixture("basic");
    site.build(&["--base-url", "https://example.org/lab"]);
    let html = site.page("notes/index.html");
    assert!(html.contains("href=\"/lab/notes/ete-a-toulouse/\""), "{}", main_of(&html));
    assert!(html.contains("href=\"/lab/agenda/\""), "menu paths follow the base path");
    assert!(html.contains("href=\"/lab/css/carnet.css\""));
    assert!(html.contains("<link rel=\"canonical\" href=\"https://example.org/lab/notes/\">"));
}

#[test]
fn hostile_text_is_escaped_everywhere_it_appears() {
    let site = SiteTest::empty();
    let evil = r#"</script><script>alert(1)</script> \"q\" {{ x }}"#;
    site.write(
        "content/e.md",
        &format!(
            "---\ntitle: \"{evil}\"\ndescription: \"{evil}\"\ndate: 2018-04-19\ntags: [\"<b>gras</b>\"]\nkind: event\nstart: 2018-04-19\nlocation: \"{evil}\"\n---\nCorps.\n"
        ),
    );
    site.build(&[]);
    let html = site.page("e/index.html");
    assert!(!html.contains("<script>alert(1)"), "no script injected");
    assert!(
        html.contains("<h1>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; {{ x }}</h1>"),
        "escaped in text"
    );
    assert!(html.contains("<meta name=\"description\" content=\"&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; {{ x }}\">"), "and in attributes");
    assert!(!html.contains("<b>gras</b>"));
    assert!(html.contains("{{ x }}"), "template syntax is printed as text");
    let jsonld = &html[html.find("application/ld+json").unwrap()..];
    let jsonld = &jsonld[..jsonld.find("</script>").unwrap()];
    assert!(!jsonld[20..].contains('<'), "JSON-LD cannot close its script element");
    let feed = site.page("atom.xml");
    assert!(roxmltree::Document::parse(&feed).is_ok(), "the feed stays well-formed XML");
    assert!(!feed.contains("<script>"));
    let tags = site.page("tags/index.html");
    assert!(!tags.contains("<b>gras</b>") && tags.contains("&lt;b&gt;gras&lt;"));
    let ics = site.page("agenda.ics");
    assert!(ics.contains("SUMMARY:</script><script>alert(1)</script> \"q\" {{ x }}\r\n"), "{ics}");
    assert!(ics.contains("LOCATION:</script><script>alert(1)</script> \"q\" {{ x }}\r\n"), "{ics}");
}

#[test]
fn edit_links_point_at_each_source_file() {
    let site = SiteTest::fixture("basic");
    site.write(
        "carnet.yaml",
        "title: T\nbase_url: https://example.org/\nedit_url: \"https://forge.example.org/lab/site/edit/main/content/{path}\"\n",
    );
    site.build(&[]);
    assert!(site.page("a-propos/index.html").contains("<a href=\"https://forge.example.org/lab/site/edit/main/content/a-propos.md\">Proposer une modification de cette page</a>"));
    assert!(site.page("notes/index.html").contains("content/notes/_index.md\">Proposer une modification"));
}

/// A build where no page changed takes the last search index from `.carnet-cache/search/`
/// and writes the same site; a changed page makes a new index that finds its new words; the
/// cache may be deleted at any time.
#[test]
fn a_second_build_reuses_the_search_index_and_writes_the_same_site() {
    use std::io::Read;
    let site = SiteTest::fixture("basic");
    site.build(&[]);
    let manifest = site.root.join(".carnet-cache/search/manifest.txt");
    let first = std::fs::read_to_string(&manifest).expect("the index is kept");
    let before: Vec<(String, Vec<u8>)> =
        list_files(&site.out()).into_iter().map(|f| (f.clone(), std::fs::read(site.out().join(&f)).unwrap())).collect();
    site.build(&[]);
    let after: Vec<(String, Vec<u8>)> =
        list_files(&site.out()).into_iter().map(|f| (f.clone(), std::fs::read(site.out().join(&f)).unwrap())).collect();
    assert!(before == after, "the same site");
    assert_eq!(std::fs::read_to_string(&manifest).unwrap(), first);
    // The index really comes from the cache: a cached file changed with its hash is what the
    // next build publishes.
    let entry = site.root.join(".carnet-cache/search/files/pagefind/pagefind-entry.json");
    let old_hash = carnet::search::file_hash(&std::fs::read(&entry).unwrap());
    std::fs::write(&entry, "{\"marked\": true}").unwrap();
    std::fs::write(&manifest, first.replace(&old_hash, &carnet::search::file_hash(b"{\"marked\": true}"))).unwrap();
    site.build(&[]);
    assert_eq!(site.page("pagefind/pagefind-entry.json"), "{\"marked\": true}");

    let page = site.root.join("content/a-propos.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\nUn mot nouveau : xylographie.\n")).unwrap();
    site.build(&[]);
    assert_ne!(std::fs::read_to_string(&manifest).unwrap(), first, "another index");
    let found = list_files(&site.out().join("pagefind/fragment")).iter().any(|f| {
        let mut text = String::new();
        let file = std::fs::File::open(site.out().join("pagefind/fragment").join(f)).unwrap();
        flate2::read::GzDecoder::new(file).read_to_string(&mut text).unwrap();
        text.contains("xylographie")
    });
    assert!(found, "the new index has the new word");

    std::fs::remove_dir_all(site.root.join(".carnet-cache")).unwrap();
    site.build(&[]);
    assert!(manifest.exists(), "made again");
}

/// Open Graph images are absolute URLs, once: a site under a sub-path gets its base path once
/// for an image next to the page and for one from the site's root, and an image on another
/// site is kept as written.
#[test]
fn open_graph_images_are_absolute_once_under_a_sub_path() {
    let site = SiteTest::empty();
    site.write("carnet.yaml", "title: T\nbase_url: https://example.org/lab/\n")
        .write("content/notes/a.md", "---\ntitle: A\nimage: photo.png\nimage_alt: Une photo\n---\n")
        .write("content/notes/photo.png", "png")
        .write("content/b.md", "---\ntitle: B\nimage: /img/logo.svg\nimage_alt: Le logo\n---\n")
        .write("content/c.md", "---\ntitle: C\nimage: https://images.example.net/x.jpg\nimage_alt: Ailleurs\n---\n");
    site.build(&["--no-search"]);
    let og = |page: &str| {
        let html = site.page(page);
        let at = html.find("<meta property=\"og:image\" content=\"").unwrap() + 35;
        html[at..at + html[at..].find('"').unwrap()].to_string()
    };
    assert_eq!(og("notes/a/index.html"), "https://example.org/lab/notes/photo.png");
    assert_eq!(og("b/index.html"), "https://example.org/lab/img/logo.svg");
    assert_eq!(og("c/index.html"), "https://images.example.net/x.jpg");
}

/// A section lists undated pages in the dictionary order of the site's language, as the tag
/// index does: accents and case do not send "Écrire" after "Publier".
#[test]
fn section_lists_sort_titles_as_a_dictionary_does() {
    let site = SiteTest::empty();
    site.write("content/tutoriels/_index.md", "---\ntitle: Tutoriels\n---\n");
    for (file, title) in [
        ("p", "Publier une page"),
        ("e", "Écrire un journal"),
        ("a", "apprendre à animer"),
        ("z", "Zoé et les ateliers"),
        ("s10", "Séance 10"),
        ("s2", "Séance 2"),
    ] {
        site.write(&format!("content/tutoriels/{file}.md"), &format!("---\ntitle: {title}\n---\n"));
    }
    site.build(&["--no-search"]);
    let html = site.page("tutoriels/index.html");
    let at = |t: &str| html.find(&format!(">{t}</a>")).unwrap_or_else(|| panic!("{t} listed"));
    let order =
        ["apprendre à animer", "Écrire un journal", "Publier une page", "Séance 2", "Séance 10", "Zoé et les ateliers"];
    let positions: Vec<usize> = order.iter().map(|t| at(t)).collect();
    assert!(positions.is_sorted(), "{order:?} at {positions:?}");
}
