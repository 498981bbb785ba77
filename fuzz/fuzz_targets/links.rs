//! Link resolution, the way a page's Markdown reaches it: any destination written in a page of a
//! small site resolves to a page of the site, a file of `content/`, a broken link, or stays as
//! written, never to an address outside the site; and the anchors of forges and of raw HTML
//! never panic.
#![no_main]

use std::collections::HashSet;
use std::sync::OnceLock;

use carnet::anchors::{Aliases, attributes, forge_forms};
use carnet::config::Config;
use carnet::links::SiteLinks;
use carnet::markdown::{LinkResolver, Resolved};
use carnet::model::{Selection, Site, build};
use carnet::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fn site() -> &'static (Site, Config) {
    static SITE: OnceLock<(Site, Config)> = OnceLock::new();
    SITE.get_or_init(|| {
        let config = Config::for_tests();
        let page = |rel: &str, extra: &str| SourceFile {
            rel_path: rel.into(),
            text: format!("---\ntitle: T\n{extra}---\n## Réseau beta.gouv.fr\n"),
        };
        let sources = vec![
            page("_index.md", ""),
            page("valeurs/_index.md", ""),
            page("valeurs/autonomie.md", ""),
            page("notes/a.md", ""),
            page("notes/brouillon.md", "draft: true\n"),
            page("nom avec espaces é.md", ""),
        ];
        let assets = ["notes/photo d'été.png".to_string(), "doc.pdf".to_string()];
        let today = jiff::civil::date(2026, 11, 27);
        let (site, _) = build(&config, sources, assets, Selection { drafts: false, future: false, today });
        (site, config)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (site, config) = site();
    for from in ["notes/a.md", "valeurs/autonomie.md", "_index.md"] {
        let links = SiteLinks { site, config, from_rel: from };
        match links.resolve(text) {
            Resolved::Page { target, url, .. } => {
                assert!(target < site.pages.len());
                assert!(url.starts_with(&config.base_path) && !url.contains(".."), "{url}");
            }
            Resolved::Asset(url) => assert!(url.starts_with(&config.base_path) && !url.contains("/../"), "{url}"),
            Resolved::Broken(_, message, _) => assert!(!message.is_empty()),
            Resolved::Keep => {}
        }
    }
    let ids: HashSet<String> = ["reseau-beta-gouv-fr".to_string()].into();
    let mut aliases = Aliases::default();
    aliases.add(text, "reseau-beta-gouv-fr");
    let _ = aliases.resolve(&ids, text);
    let _ = forge_forms(text);
    for attr in attributes(text) {
        assert_eq!(&text[attr.offset..attr.offset + attr.value.len()], attr.value);
    }
});
