//! Every output path has one owner, with the documented precedences: a site's own file over
//! the theme's, a content section introducing the generated page at its address, a content
//! accessibility statement over the default one. (Clashes are in `tests/fixtures/invalid/`:
//! `alias-on-*`, `page-at-tags-address`, `static-*`, `tag-on-a-pagination-page`…)

use crate::harness::SiteTest;

#[test]
fn the_sites_own_files_and_sections_take_precedence_where_documented() {
    let site = SiteTest::empty();
    site.write("static/css/carnet.css", "body { color: #123456; }\n");
    site.write("static/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>Lab</title></svg>");
    for (dir, title) in
        [("tags", "Nos mots-clés"), ("agenda", "Nos rendez-vous"), ("recherche", "Chercher dans le lab")]
    {
        site.write(&format!("content/{dir}/_index.md"), &format!("---\ntitle: {title}\n---\nIntroduction de {dir}.\n"));
    }
    site.write("content/accessibilite.md", "---\ntitle: Accessibilité du lab\n---\nNotre déclaration.\n");
    site.write("content/a.md", "---\ntitle: A\ntags: [frugalité]\n---\n");
    site.build(&["--no-search"]);
    assert_eq!(site.page("css/carnet.css"), "body { color: #123456; }\n");
    assert!(site.page("img/logo.svg").contains("<title>Lab</title>"));
    for (dir, title) in
        [("tags", "Nos mots-clés"), ("agenda", "Nos rendez-vous"), ("recherche", "Chercher dans le lab")]
    {
        let page = site.page(&format!("{dir}/index.html"));
        assert!(page.contains(title) && page.contains(&format!("Introduction de {dir}.")), "{dir}");
    }
    assert!(site.page("tags/index.html").contains("frugalité"), "the generated index is still there");
    assert!(site.page("accessibilite/index.html").contains("Notre déclaration."));
}

#[test]
fn check_reports_clashes_too() {
    let site = SiteTest::empty();
    site.write("content/a.md", "---\ntitle: A\naliases: [/sitemap.xml]\n---\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("would both be written at `sitemap.xml`"), "{}", run.stderr);
}
