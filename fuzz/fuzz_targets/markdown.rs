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
            _ => Resolved::Broken(dest.into(), None),
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
    let opts = MdOptions { safe: flags & 1 == 1, french: flags & 2 == 2, anchor_label: "lien" };
    let r = render(body, &opts, &AnyLinks, highlighter());
    for p in &r.problems {
        assert!(p.offset <= body.len());
    }
    assert_eq!(r.html.matches("<a class=\"anchor\" href=\"#").count(), r.ids.len());
    if opts.safe {
        let lower = r.html.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "{}", r.html);
        assert!(!lower.contains("href=\"javascript:") && !lower.contains("src=\"javascript:"), "{}", r.html);
    }
});
