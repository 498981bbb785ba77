//! Hostile text in every field a contributor writes (a title, a tag, a place, a description,
//! a programme, participants, the next meeting) is only ever text: in HTML, in attributes, in
//! JSON-LD, in the Atom feeds, in the `.ics` files and in the search index. And with
//! `markdown: {safe: true}`, a page's raw HTML and script links are neutralised.

use crate::harness::{SiteTest, list_files, main_of};

const SCRIPT: &str = "</script><script>alert(1)</script>";
const QUOTE: &str = "\" onmouseover=\"alert(2)\" x='";
const TEMPLATE: &str = "{{ site.title }}{% if true %}oui{% endif %}";

/// Everything at once, with a Windows line break in the middle.
fn hostile() -> String {
    format!("{SCRIPT} {QUOTE} {TEMPLATE}\r\nfin")
}

/// A 10,000-character text with markup and quotes sprinkled in.
fn long() -> String {
    (0..100).map(|i| format!("<b>{i:03}</b>\"é'{}", "x".repeat(86))).collect()
}

/// A YAML double-quoted string holding `s` exactly.
fn yaml(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"").replace('\r', "\\r").replace('\n', "\\n"))
}

/// A tag: its name, its attributes as (name, value), and its text outside the values.
type Tag = (String, Vec<(String, String)>, String);

/// Every tag of `html` (its text holds no `<`: it is escaped).
fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let tag = &rest[start + 1..];
        let (mut attrs, mut names, mut quote, mut end) = (Vec::new(), String::new(), None, tag.len());
        for (i, c) in tag.char_indices() {
            match (c, quote) {
                ('"', None) => quote = Some(i + 1),
                ('"', Some(q)) => {
                    let name = names.trim_end_matches('=').rsplit(' ').next().unwrap_or("").to_ascii_lowercase();
                    attrs.push((name, tag[q..i].to_string()));
                    quote = None;
                }
                ('>', None) => {
                    end = i;
                    break;
                }
                (c, None) => names.push(c),
                _ => {}
            }
        }
        let name = tag[..end].split([' ', '/', '\n']).next().unwrap_or("").to_ascii_lowercase();
        out.push((name, attrs, names.to_ascii_lowercase()));
        rest = &tag[end..];
    }
    out
}

/// No element, attribute or URL the page did not mean: scripts are the theme's own (every
/// hostile text here calls `alert`), no event handler, no script URL.
fn assert_only_text(file: &str, html: &str) {
    for block in html.split("<script").skip(1) {
        let body = block.split("</script>").next().unwrap_or("");
        // JSON-LD holds the texts as JSON data, checked below.
        if !body.starts_with(" type=\"application/ld+json\">") {
            assert!(!body.contains("alert("), "{file}: a script element holds the page's text: {body}");
        }
    }
    for (name, attrs, names) in tags(html) {
        assert!(
            !names.contains("onmouseover") && !names.contains("onerror"),
            "{file}: an attribute broke out: <{name} {names}>"
        );
        for (attr, value) in attrs {
            assert!(!value.contains(['<', '>', '"']), "{file}: {attr}={value:?}");
            if attr == "href" || attr == "src" {
                assert!(
                    !value.to_ascii_lowercase().trim_start().starts_with("javascript:"),
                    "{file}: {attr}={value:?}"
                );
            }
        }
    }
    // JSON-LD is JSON, and no `<` can end its script element early.
    let mut rest = html;
    while let Some(i) = rest.find("<script type=\"application/ld+json\">") {
        let block = &rest[i + 35..];
        let end = block.find("</script>").unwrap();
        assert!(!block[..end].contains('<'), "{file}: JSON-LD holds a `<`");
        let _: serde_json::Value = serde_json::from_str(&block[..end]).unwrap_or_else(|e| panic!("{file}: {e}"));
        rest = &block[end..];
    }
}

/// The `.ics` TEXT value of `name` on each unfolded line, unescaped.
fn ics_values(ics: &str, name: &str) -> Vec<String> {
    let unfolded = ics.replace("\r\n ", "");
    let unescape = |t: &str| t.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\");
    unfolded
        .split("\r\n")
        .filter_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(':')))
        .map(unescape)
        .collect()
}

#[test]
fn hostile_and_huge_texts_stay_text_in_every_output() {
    let site = SiteTest::empty();
    let (evil, long) = (hostile(), long());
    site.write(
        "content/sessions/_index.md",
        &format!("---\ntitle: Sessions\ncascade: {{kind: session, programme: {}}}\n---\n", yaml(&evil)),
    );
    site.write(
        "content/sessions/2018-03-26-s.md",
        &format!(
            "---\ntitle: {e}\ndescription: {e}\nlocation: {e}\nparticipants: [{e}, {l}]\ntags: [{e}, {q}, {t}]\n\
             next: {{date: 2018-04-09, title: {e}, location: {e}}}\n---\nDu code : `{SCRIPT}`.\n",
            e = yaml(&evil),
            l = yaml(&long),
            q = yaml(QUOTE),
            t = yaml(TEMPLATE),
        ),
    );
    site.write(
        "content/e.md",
        &format!(
            "---\ntitle: {l}\ndescription: {l}\nkind: event\nstart: 2018-04-19T09:30\nend: 2018-04-19T12:00\n\
             location: {l}\ntags: [{e}]\n---\nCorps.\n",
            e = yaml(&evil),
            l = yaml(&long),
        ),
    );
    site.build(&[]);
    let files = list_files(&site.out());
    for file in files.iter().filter(|f| f.ends_with(".html")) {
        let html = site.page(file);
        assert_only_text(file, &html);
        assert!(!html.contains("{{ site.title }}Test"), "{file}: template code is never evaluated");
    }
    // In the page itself: the text, escaped, where a reader sees it; template code as typed.
    let page = site.page("sessions/s/index.html");
    assert!(page.contains("<h1>&lt;&#x2F;script&gt;") || page.contains("<h1>&lt;/script&gt;"), "{}", main_of(&page));
    assert!(page.contains("{{ site.title }}{% if true %}oui{% endif %}"));
    let event = site.page("e/index.html");
    assert!(event.contains("&lt;b&gt;099&lt;"), "the 10,000 characters are all there");
    // Feeds stay well-formed XML and give the titles back as they were written.
    for file in files.iter().filter(|f| f.ends_with(".xml")) {
        let xml = site.page(file);
        roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    let feed = site.page("atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let titles: Vec<String> =
        doc.descendants().filter(|n| n.has_tag_name("title")).filter_map(|n| n.text().map(str::to_string)).collect();
    assert!(titles.contains(&evil.replace("\r\n", "\n")), "the hostile title as written");
    assert!(titles.contains(&long), "the long title whole");
    // Calendars: folded at 75 octets, and every text unescapes to what was written.
    for file in files.iter().filter(|f| f.ends_with(".ics")) {
        let ics = site.page(file);
        assert!(ics.split("\r\n").all(|l| l.len() <= 75), "{file}");
        assert!(!ics.replace("\r\n", "").contains(['\r', '\n']), "{file}: no bare line break");
    }
    let agenda = site.page("agenda.ics");
    let summaries = ics_values(&agenda, "SUMMARY");
    assert!(summaries.contains(&evil.replace("\r\n", "\n")), "the hostile summary as written");
    assert!(summaries.contains(&long));
    assert!(ics_values(&agenda, "LOCATION").contains(&long));
    // The search index keeps titles as plain text (the search page shows them as text).
    if let Some(titles) = search_titles(&site) {
        // Pagefind folds line breaks into spaces.
        assert!(
            titles.contains(&evil.replace("\r\n", " ")),
            "{:?}",
            titles.iter().map(|t| &t[..t.len().min(80)]).collect::<Vec<_>>()
        );
        assert!(titles.contains(&long), "the long title whole");
    }
}

/// The titles stored in the Pagefind fragments, read back with Python's gzip (skipped when
/// Python is missing).
fn search_titles(site: &SiteTest) -> Option<Vec<String>> {
    let script = "import gzip, glob, json, sys\n\
                  for f in sorted(glob.glob(sys.argv[1] + '/pagefind/fragment/*.pf_fragment')):\n\
                  \x20   d = gzip.decompress(open(f, 'rb').read())\n\
                  \x20   print(json.dumps(json.loads(d[len(b'pagefind_dcd'):])['meta'].get('title', '')))\n";
    let out = std::process::Command::new("python3").arg("-c").arg(script).arg(site.out()).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    Some(text.lines().map(|l| serde_json::from_str::<String>(l).unwrap()).collect())
}

#[test]
fn safe_mode_neutralises_raw_html_and_script_links() {
    let site = SiteTest::empty();
    site.write("carnet.yaml", "title: Test\nbase_url: https://example.org/\nmarkdown: {safe: true}\n");
    site.write(
        "content/a.md",
        "---\ntitle: A\n---\n\
         <script>alert(1)</script>\n\n\
         <img src=x onerror=\"alert(2)\">\n\n\
         <a href=\"javascript:alert(3)\">lien brut</a>\n\n\
         ## Titre {#x\"onmouseover=alert(4)}\n\n\
         [a](javascript:alert(5)) [b](JAVASCRIPT:alert(6)) [c](&#106;avascript:alert(7)) \
         [d](<java\tscript:alert(8)>) [e](data:text/html,<script>alert(9)</script>) <javascript:alert(10)> \
         ![f](javascript:alert(11))\n",
    );
    site.build(&["--no-search"]);
    let html = site.page("a/index.html");
    assert_only_text("a/index.html", &html);
    let main = main_of(&html);
    assert!(main.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "raw HTML is shown as text: {main}");
    assert!(main.contains("&lt;img src=x onerror=\"alert(2)\"&gt;"), "{main}");
    assert_eq!(main.matches("href=\"#\"").count(), 6, "{main}");
    assert!(main.contains("<img src=\"#\" alt=\"f\""), "{main}");
    assert!(main.contains("id=\"x&quot;onmouseover=alert(4)\""), "{main}");
}

#[test]
fn front_matter_links_must_be_web_addresses() {
    let site = SiteTest::empty();
    site.write(
        "content/e.md",
        "---\ntitle: E\nkind: event\nstart: 2018-05-14\nonline_url: \"javascript:alert(1)\"\nregistration_url: \" JaVaScRiPt:alert(2)\"\n---\n",
    );
    site.write("public/index.html", "previous site");
    let run = site.run(&["build", "--today", "2026-11-27", "--no-search"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr.matches("is not a web address").count(), 2, "{}", run.stderr);
    assert_eq!(site.page("index.html"), "previous site");
    site.write(
        "content/e.md",
        "---\ntitle: E\nkind: event\nstart: 2018-05-14\nonline_url: \"https://visio.example.org/lab\"\nregistration_url: \"/inscription/\"\n---\n",
    );
    site.build(&["--no-search"]);
    assert!(site.page("e/index.html").contains("href=\"https://visio.example.org/lab\""));
}
