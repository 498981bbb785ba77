//! The Markdown pipeline (links, headings, code blocks, safe mode): no panic, problems inside
//! the body, unique heading ids, and in safe mode no script element or script URL.
#![no_main]

use std::sync::OnceLock;

use carnet::highlight::Highlighter;
use carnet::markdown::{LinkResolver, MdOptions, Resolved, render};
use libfuzzer_sys::fuzz_target;

/// Every kind of resolution, chosen by the link itself.
struct AnyLinks;

impl LinkResolver for AnyLinks {
    fn resolve(&self, dest: &str) -> Resolved {
        match dest.len() % 4 {
            0 => Resolved::Keep,
            1 => Resolved::Asset(format!("/{dest}")),
            2 => Resolved::Page { target: 0, url: "/x/".into(), anchor: Some(dest.into()) },
            _ => Resolved::Broken(carnet::diagnostics::Lint::BrokenLink, dest.into(), None),
        }
    }
}

fn highlighter() -> &'static Highlighter {
    static HL: OnceLock<Highlighter> = OnceLock::new();
    HL.get_or_init(Highlighter::new)
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let Ok(body) = std::str::from_utf8(rest) else { return };
    let opts = MdOptions { safe: flags & 1 == 1, french: flags & 2 == 2, anchor_label: "lien", anchor_fixes: None };
    let r = render(body, &opts, &AnyLinks, highlighter());
    for p in &r.problems {
        assert!(p.offset <= body.len());
    }
    // Raw HTML ids count as anchors too: at most one heading per id.
    assert!(r.html.matches("<a class=\"anchor\" href=\"#").count() <= r.ids.len());
    assert_eq!(r.html.matches("<a class=\"anchor\" href=\"#").count(), entries(&r.toc));
    assert!(!r.html.contains('\u{FDD0}') || body.contains('\u{FDD0}'), "a level mark left in the HTML");
    if opts.safe {
        for (name, attrs) in tags(&r.html) {
            assert!(!name.eq_ignore_ascii_case("script"), "{}", r.html);
            for (attr, value) in attrs {
                let v = value.to_ascii_lowercase();
                assert!(!attr.starts_with("on"), "an event handler: {}", r.html);
                if attr == "href" || attr == "src" {
                    assert!(!v.trim_start().starts_with("javascript:"), "{}", r.html);
                }
            }
        }
    }
});

/// How many headings a table of contents holds.
fn entries(toc: &[carnet::markdown::TocEntry]) -> usize {
    toc.iter().map(|e| 1 + entries(&e.children)).sum()
}

/// Every tag of `html` (its text holds no `<`: it is escaped): its name and its attributes as
/// (name, value). Text that merely looks like an attribute (`src="…"` in a code block) is not
/// in a tag.
fn tags(html: &str) -> Vec<(&str, Vec<(String, &str)>)> {
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
                    attrs.push((name, &tag[q..i]));
                    names.clear();
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
        out.push((tag[..end].split([' ', '/', '\n']).next().unwrap_or(""), attrs));
        rest = &tag[end..];
    }
    out
}
