//! The `markdown` fixture: extensions, headings, code, links and assets, safe mode.

use crate::harness::{SiteTest, main_of};

#[test]
fn markdown_features_render() {
    let site = SiteTest::fixture("markdown");
    site.build(&[]);
    let html = site.page("guide/tout/index.html");
    let main = main_of(&html);
    assert!(main.contains("<table>"));
    assert!(main.contains("<del>barré</del>"));
    assert!(main.contains("type=\"checkbox\""));
    assert!(main.contains("Le texte de la note."));
    assert!(main.contains("<h2 id=\"un-tableau\">"));
    assert!(main.contains("<h2 id=\"un-tableau-1\">"), "ids are unique per page");
    assert!(main.contains("<h2 id=\"liens\">"), "explicit ids are kept");
    assert!(main.contains("<nav class=\"toc\""), "the table of contents is shown");
    assert!(main.contains("<pre class=\"code\" tabindex=\"0\" data-lang=\"sh\"><code class=\"language-sh\">"));
    assert!(main.contains("<span class=\"hl-"), "code is highlighted with classes");
    assert!(!main.contains("style=\""), "no inline styles");
    assert!(main.contains("<div class=\"encadre\">Du HTML brut.</div>"), "raw HTML is allowed by default");
    assert!(main.contains("Du {{ texte }} qui ressemble"), "template syntax in content is text");
}

#[test]
fn links_to_md_files_and_assets_become_urls() {
    let site = SiteTest::fixture("markdown");
    site.build(&[]);
    let main = main_of(&site.page("guide/tout/index.html")).to_string();
    assert!(main.contains("href=\"/guide/autre/\""));
    assert!(main.contains("href=\"/guide/autre/#deuxieme-partie\""));
    assert!(main.contains("href=\"#un-tableau\""));
    assert!(main.contains("href=\"/guide/\""));
    assert!(main.contains("src=\"/guide/photo%20du%20lab.png\""));
    assert!(main.contains("href=\"https://example.com/\""));
    assert!(site.exists("guide/photo du lab.png"));
}

#[test]
fn safe_mode_escapes_raw_html() {
    let site = SiteTest::fixture("markdown");
    site.write("carnet.yaml", "title: Markdown\nbase_url: https://example.org/\nmarkdown: {safe: true}\n");
    site.write(
        "content/guide/script.md",
        "---\ntitle: Risque\n---\n<script>alert(1)</script>\n\n[clic](javascript:alert(1))\n",
    );
    site.build(&[]);
    let main = main_of(&site.page("guide/script/index.html")).to_string();
    assert!(!main.contains("<script>"));
    assert!(main.contains("&lt;script&gt;"));
    assert!(main.contains("href=\"#\""));
    assert!(!main_of(&site.page("guide/tout/index.html")).contains("<div class=\"encadre\">"));
}

#[test]
fn pages_list_the_pages_that_link_to_them() {
    let site = SiteTest::fixture("markdown");
    site.build(&[]);
    let html = site.page("guide/autre/index.html");
    let back = &html[html.find("id=\"backlinks-title\"").expect("a backlinks section")..];
    assert!(back.contains("<a href=\"/guide/tout/\">Tout le Markdown</a>"));
    assert!(
        !site.page("guide/tout/index.html").contains("id=\"backlinks-title\""),
        "a page's links to itself do not count"
    );
}

#[test]
fn an_image_without_alternative_text_is_a_located_warning() {
    let site = SiteTest::fixture("markdown");
    site.write("content/guide/sans-alt.md", "---\ntitle: Sans alt\n---\nTexte.\n\n![](photo%20du%20lab.png)\n");
    let run = site.run(&["build", "--today", "2026-11-27"]);
    assert_eq!(run.code, 0, "a warning does not stop the build: {}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning[image-without-alt]: this image has no text alternative\n --> content/guide/sans-alt.md:6:1"
        ),
        "{}",
        run.stderr
    );
}

/// The autolink examples of the CommonMark specification (0.31.2, section 6.5), in a page:
/// each is a link to elsewhere or text, exactly as the specification renders it, and none is
/// taken for a file of the site.
#[test]
fn commonmark_autolinks_are_links_never_file_paths() {
    let examples = [
        ("<http://foo.bar.baz>", "<a href=\"http://foo.bar.baz\">http://foo.bar.baz</a>"),
        (
            "<https://foo.bar.baz/test?q=hello&id=22&boolean>",
            "<a href=\"https://foo.bar.baz/test?q=hello&amp;id=22&amp;boolean\">https://foo.bar.baz/test?q=hello&amp;id=22&amp;boolean</a>",
        ),
        ("<irc://foo.bar:2233/baz>", "<a href=\"irc://foo.bar:2233/baz\">irc://foo.bar:2233/baz</a>"),
        ("<MAILTO:FOO@BAR.BAZ>", "<a href=\"MAILTO:FOO@BAR.BAZ\">MAILTO:FOO@BAR.BAZ</a>"),
        ("<a+b+c:d>", "<a href=\"a+b+c:d\">a+b+c:d</a>"),
        ("<made-up-scheme://foo,bar>", "<a href=\"made-up-scheme://foo,bar\">made-up-scheme://foo,bar</a>"),
        ("<https://../>", "<a href=\"https://../\">https://../</a>"),
        ("<localhost:5001/foo>", "<a href=\"localhost:5001/foo\">localhost:5001/foo</a>"),
        ("<https://foo.bar/baz bim>", "&lt;https://foo.bar/baz bim&gt;"),
        ("<https://example.com/\\[\\>", "<a href=\"https://example.com/%5C%5B%5C\">https://example.com/\\[\\</a>"),
        ("<foo@bar.example.com>", "<a href=\"mailto:foo@bar.example.com\">foo@bar.example.com</a>"),
        (
            "<foo+special@Bar.baz-bar0.com>",
            "<a href=\"mailto:foo+special@Bar.baz-bar0.com\">foo+special@Bar.baz-bar0.com</a>",
        ),
        ("<foo\\+@bar.example.com>", "&lt;foo+@bar.example.com&gt;"),
        ("<>", "&lt;&gt;"),
        ("< https://foo.bar >", "&lt; https://foo.bar &gt;"),
        ("<m:abc>", "&lt;m:abc&gt;"),
        ("<foo.bar.baz>", "&lt;foo.bar.baz&gt;"),
        ("https://example.com", "https://example.com"),
        ("foo@bar.example.com", "foo@bar.example.com"),
        ("<prénom.nom@beta.gouv.fr>", "&lt;prénom.nom@beta.gouv.fr&gt;"),
        ("<prenom.nom@beta.gouv.fr>", "<a href=\"mailto:prenom.nom@beta.gouv.fr\">prenom.nom@beta.gouv.fr</a>"),
    ];
    let site = SiteTest::empty();
    let body: String = examples.iter().map(|(md, _)| format!("{md}\n\n")).collect();
    site.write("content/liens.md", &format!("---\ntitle: Liens\n---\n{body}"));
    let run = site.run(&["build", "--today", "2026-11-27", "--deny", "warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let html = site.page("liens/index.html");
    for (md, expected) in examples {
        assert!(html.contains(&format!("<p>{expected}</p>")), "{md} should give {expected}");
    }
}

/// Anchors copied from a forge's preview or kept from Jekyll lead to the heading, and the
/// published links use the heading's real id; raw HTML ids are anchors too.
#[test]
fn forge_and_jekyll_anchors_resolve_and_are_written_with_the_real_id() {
    let site = SiteTest::empty();
    site.write(
        "content/projet.md",
        "---\ntitle: Projet\n---\n## Réseau beta.gouv.fr\n\n## L'équipe d'accompagnement\n\n<a id=\"contact\"></a>Contact.\n",
    );
    site.write(
        "content/a.md",
        "---\ntitle: A\n---\n## Phase d'investigation\n\n\
         [1](projet.md#réseau-betagouvfr) [2](projet.md#r%C3%A9seau-betagouvfr) [3](projet.md#rseau-betagouvfr) \
         [4](projet.md#léquipe-daccompagnement) [5](projet.md#contact) [6](#phase-dinvestigation)\n\n\
         <a href=\"#phase-dinvestigation\">7</a>\n",
    );
    let run = site.run(&["build", "--today", "2026-11-27", "--deny", "broken-anchor"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.page("a/index.html");
    for (n, href) in [
        (1, "/projet/#reseau-beta-gouv-fr"),
        (2, "/projet/#reseau-beta-gouv-fr"),
        (3, "/projet/#reseau-beta-gouv-fr"),
        (4, "/projet/#l-equipe-d-accompagnement"),
        (5, "/projet/#contact"),
        (6, "#phase-d-investigation"),
        (7, "#phase-d-investigation"),
    ] {
        assert!(html.contains(&format!("<a href=\"{href}\">{n}</a>")), "link {n} should go to {href}");
    }
    let target = site.page("projet/index.html");
    assert!(target.contains("id=\"reseau-beta-gouv-fr\"") && target.contains("id=\"l-equipe-d-accompagnement\""));
}
