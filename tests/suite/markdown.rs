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
        run.stderr.contains("warning: this image has no text alternative\n --> content/guide/sans-alt.md:6:1"),
        "{}",
        run.stderr
    );
}
