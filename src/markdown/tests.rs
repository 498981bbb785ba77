use super::*;

struct NoLinks;
impl LinkResolver for NoLinks {
    fn resolve(&self, dest: &str) -> Resolved {
        match dest {
            "../valeurs/autonomie.md#sens" => {
                Resolved::Page { target: 3, url: "/valeurs/autonomie/".into(), anchor: Some("sens".into()) }
            }
            "absent.md" => Resolved::Broken(crate::diagnostics::Lint::BrokenLink, "no such page".into(), None),
            _ => Resolved::Keep,
        }
    }
}

fn render_with(body: &str, safe: bool) -> RenderedBody {
    let opts = MdOptions { safe, french: true, anchor_label: "lien vers cette section", anchor_fixes: None };
    render(body, &opts, &NoLinks, &Highlighter::new())
}

#[test]
fn headings_get_unique_french_safe_ids_and_anchor_links() {
    let r = render_with("## Le démarreur bienveillant\n\n## Le démarreur bienveillant\n", false);
    assert!(r.html.contains("<h2 id=\"le-demarreur-bienveillant\">Le démarreur bienveillant <a class=\"anchor\" href=\"#le-demarreur-bienveillant\" data-pagefind-ignore>"), "{}", r.html);
    assert!(r.html.contains("id=\"le-demarreur-bienveillant-1\""));
    assert!(r.html.contains("<span class=\"visually-hidden\">lien vers cette section</span>"));
}

#[test]
fn a_body_h1_is_shifted_so_the_title_stays_the_only_h1() {
    let r = render_with("# Partie\n\n## Sous-partie\n", false);
    assert!(r.html.contains("<h2 id=\"partie\">"));
    assert!(r.html.contains("<h3 id=\"sous-partie\">"));
    assert_eq!(r.toc.len(), 1);
    assert_eq!(r.toc[0].children[0].id, "sous-partie");
}

#[test]
fn extensions_are_on() {
    let r = render_with("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~non~~ oui[^1]\n\n- [x] fait\n\n[^1]: Une note.\n", false);
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains("<del>non</del>"));
    assert!(r.html.contains("type=\"checkbox\""));
    assert!(r.html.contains("Une note."));
}

#[test]
fn french_quotes_and_apostrophes() {
    let r = render_with("Il a dit \"bonjour\" et l'a fait.\n", false);
    assert!(r.html.contains("«\u{202f}bonjour\u{202f}»"), "{}", r.html);
    assert!(r.html.contains("l’a"));
}

#[test]
fn code_is_highlighted_into_classes() {
    let r = render_with("```sh\ncarnet build\n```\n", false);
    assert!(
        r.html.contains("<pre class=\"code\" tabindex=\"0\" data-lang=\"sh\"><code class=\"language-sh\">"),
        "{}",
        r.html
    );
    assert!(r.html.contains("hl-"));
    let r = render_with("```\n<b>x</b>\n```\n", false);
    assert!(r.html.contains("&lt;b&gt;x&lt;/b&gt;"));
}

#[test]
fn links_are_resolved_and_problems_located() {
    let body = "Voir [l'autonomie](../valeurs/autonomie.md#sens) et [rien](absent.md).\n";
    let r = render_with(body, false);
    assert!(r.html.contains("href=\"/valeurs/autonomie/#sens\""), "{}", r.html);
    assert_eq!(r.anchors[0].anchor, "sens");
    assert_eq!(r.problems.len(), 1);
    assert_eq!(&body[r.problems[0].offset..r.problems[0].offset + 6], "[rien]");
}

#[test]
fn safe_mode_escapes_raw_html_and_script_links() {
    let r = render_with("<script>alert(1)</script>\n\n[x](javascript:alert(1))\n", true);
    assert!(!r.html.contains("<script>"), "{}", r.html);
    assert!(r.html.contains("&lt;script&gt;"));
    assert!(r.html.contains("href=\"#\""));
    let r = render_with("<div class=\"note\">ok</div>\n", false);
    assert!(r.html.contains("<div class=\"note\">ok</div>"));
}

#[test]
fn template_syntax_in_content_is_text() {
    let r = render_with("Écrire {{ page.title }} et {% if %}.\n", false);
    assert!(r.html.contains("{{ page.title }}"));
}

#[test]
fn a_custom_heading_id_cannot_break_out_of_its_attribute() {
    for safe in [false, true] {
        let r = render_with("## Titre {#x\"onmouseover=alert(1)}\n\n## Autre {#a&b}\n", safe);
        assert!(!r.html.contains("\"onmouseover"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"x&quot;onmouseover=alert(1)\">"), "{}", r.html);
        assert!(r.html.contains("href=\"#a&amp;b\""), "{}", r.html);
        assert!(r.ids.contains("a&b"), "anchors are checked against the id as written");
    }
}

#[test]
fn safe_mode_neutralises_script_urls_however_they_are_written() {
    let body = "[a](JavaScript:alert(1)) [b](&#106;avascript:alert(1)) [c](<java\tscript:alert(1)>) \
                [d](<\u{1}javascript:alert(1)>) [e](vbscript:x) [f](data:text/html,x) ![g](javascript:x) \
                <javascript:alert(1)> [h](https://example.org/javascript:ok)\n";
    let r = render_with(body, true);
    assert_eq!(r.html.matches("href=\"#\"").count(), 7, "{}", r.html);
    assert!(r.html.contains("src=\"#\""), "{}", r.html);
    assert!(!r.html.to_ascii_lowercase().contains("script:alert(1)\""), "no script URL in an attribute: {}", r.html);
    assert!(r.html.contains("href=\"https://example.org/javascript:ok\""), "{}", r.html);
}

/// Found by building a page of 20,000 identical headings: finding each id started over from
/// `-1`, a minute and a half of work (in a debug build).
#[test]
fn repeated_headings_get_numbered_ids_in_linear_time() {
    let body = "## Exemple\n\n".repeat(20_000);
    let start = std::time::Instant::now();
    let r = render_with(&body, false);
    assert!(start.elapsed() < std::time::Duration::from_secs(20), "{:?}", start.elapsed());
    assert_eq!(r.ids.len(), 20_000);
    assert!(r.html.contains("<h2 id=\"exemple\">") && r.html.contains("<h2 id=\"exemple-19999\">"));
    let r = render_with("## a\n\n## a\n\n## a-2\n\n## a\n\n## a-1\n", false);
    let ids: Vec<&str> = r.toc.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["a", "a-1", "a-2", "a-3", "a-1-1"]);
}
