//! Incremental rebuilds (what `carnet serve` does on each save) give exactly the files a full
//! build of the same sources gives, edit after edit, on a copy of the demo site.

use std::path::{Path, PathBuf};

use carnet::incremental::{ChangeSet, Preview, Rebuild, classify};
use carnet::model::Selection;
use carnet::project::{Overrides, Project};

use crate::harness::copy_demo;

fn selection() -> Selection {
    Selection { drafts: true, future: true, today: jiff::civil::date(2026, 11, 27) }
}

/// A copy of the demo site (content, configuration, theme) and its preview.
struct Bench {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    preview: Preview,
}

impl Bench {
    fn new() -> Bench {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_demo(&root);
        let preview = Preview::open(&root, Overrides::default(), |_| selection()).unwrap_or_else(|_| panic!("opens"));
        Bench { _tmp: tmp, root, preview }
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap()
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} contains {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Applies the changes of the files `paths`, checks the outputs against a full build,
    /// and returns how it was rebuilt and what changed.
    fn apply(&mut self, paths: &[&str]) -> (Rebuild, Vec<String>) {
        let mut changes = ChangeSet::default();
        for p in paths {
            changes.add(classify(Path::new(p), "carnet", Path::new("public")).unwrap());
        }
        let update = match self.preview.apply(&changes) {
            Ok(u) => u,
            Err(_) => panic!("the rebuild after {paths:?} failed"),
        };
        self.assert_same_as_full_build(paths);
        (update.rebuild, update.changed)
    }

    fn assert_same_as_full_build(&self, what: &[&str]) {
        let mut project = Project::open(&self.root, &Overrides::default()).unwrap_or_else(|_| panic!("opens"));
        project.search = false;
        let full = project.build(selection()).unwrap_or_else(|_| panic!("builds")).outputs;
        let ours = self.preview.outputs();
        let differ: Vec<String> = full.diff(ours);
        assert!(differ.is_empty(), "after {what:?}, the incremental rebuild differs from a full build in {differ:?}");
    }
}

const SESSION: &str = "content/sessions/2018-03-26-session-11.md";
const VALUE: &str = "content/valeurs/frugalite.md";

#[test]
fn a_body_edit_re_renders_only_the_pages_that_show_it() {
    let mut b = Bench::new();
    b.replace(SESSION, "Un an après son lancement", "Un an tout juste après son lancement");
    let (how, changed) = b.apply(&[SESSION]);
    assert_eq!(how, Rebuild::Bodies);
    assert!(changed.contains(&"sessions/session-11/index.html".to_string()), "{changed:?}");
    assert!(carnet::incremental::changes_index(b.preview.outputs(), &changed), "a page's text is in the index");
    assert!(!changed.iter().any(|p| p.starts_with("valeurs/")), "value pages do not show the body: {changed:?}");
    assert!(
        b.preview
            .outputs()
            .get("sessions/session-11/index.html")
            .is_some_and(|h| { String::from_utf8_lossy(h).contains("Un an tout juste après son lancement") })
    );
    // The same text again changes nothing.
    let (how, changed) = b.apply(&[SESSION]);
    assert_eq!((how, changed.len()), (Rebuild::Nothing, 0));
}

#[test]
fn edits_that_change_more_than_a_body_are_rebuilt_whole_and_identically() {
    let mut b = Bench::new();
    // A title: lists, tags, feeds, links show it.
    b.replace(VALUE, "title: \"Frugalité\"", "title: \"Sobriété\"");
    assert_eq!(b.apply(&[VALUE]).0, Rebuild::Site);
    // A new heading (the page's anchors change).
    b.replace(SESSION, "## Les valeurs du réseau", "## Un anniversaire\n\nTexte.\n\n## Les valeurs du réseau");
    assert_eq!(b.apply(&[SESSION]).0, Rebuild::Site);
    // A new link (backlinks change).
    b.replace(VALUE, "La frugalité n'est pas", "Voir [la curiosité](curiosite.md). La frugalité n'est pas");
    assert_eq!(b.apply(&[VALUE]).0, Rebuild::Site);
    // A code block in a new language (the highlight stylesheets change).
    b.replace(SESSION, "## Les valeurs du réseau", "```python\nprint('un an')\n```\n\n## Les valeurs du réseau");
    b.apply(&[SESSION]);
    // A new page, in a new folder, then removed.
    b.write("content/valeurs/nouvelle/ecoute.md", "---\ntitle: Écoute\ntags: [valeurs]\n---\nÉcouter d'abord.\n");
    let (_, changed) = b.apply(&["content/valeurs/nouvelle"]);
    assert!(changed.iter().any(|p| p.contains("ecoute")), "{changed:?}");
    std::fs::remove_dir_all(b.root.join("content/valeurs/nouvelle")).unwrap();
    b.apply(&["content/valeurs/nouvelle/ecoute.md"]);
    // A folder moved out of the site gives a single event, for the folder.
    b.write("content/valeurs/nouvelle/ecoute.md", "---\ntitle: Écoute\n---\nÉcouter.\n");
    b.apply(&["content/valeurs/nouvelle"]);
    std::fs::rename(b.root.join("content/valeurs/nouvelle"), b.root.join("ailleurs")).unwrap();
    let (_, changed) = b.apply(&["content/valeurs/nouvelle"]);
    assert!(changed.iter().any(|p| p.contains("ecoute")), "{changed:?}");
    // Several files in one save.
    b.replace(SESSION, "Un an après", "Douze mois après");
    b.replace(VALUE, "n'est pas une contrainte", "n'est jamais une contrainte");
    b.apply(&[SESSION, VALUE]);
}

#[test]
fn templates_re_render_without_parsing_and_static_files_are_only_copied() {
    let mut b = Bench::new();
    let page = "themes/carnet/templates/page.html";
    let text = b.read(page);
    b.write(page, &format!("{text}{{# changed #}}\n"));
    assert_eq!(b.apply(&[page]).0, Rebuild::Render);
    // A site override of a template.
    b.write("templates/partials/page_footer.html", "<footer><p>Pied de page du lab</p></footer>\n");
    let (how, changed) = b.apply(&["templates/partials/page_footer.html"]);
    assert_eq!(how, Rebuild::Render);
    assert!(changed.len() > 20, "every page has the footer: {changed:?}");
    // The theme's stylesheet: nothing is rendered, the file changes.
    let css = "themes/carnet/static/css/carnet.css";
    let text = b.read(css);
    b.write(css, &format!("{text}\n.lab {{ color: #222; }}\n"));
    let (how, changed) = b.apply(&[css]);
    assert_eq!((how, changed), (Rebuild::Nothing, vec!["css/carnet.css".to_string()]));
    // The site's static files: a new one, then an edit of it.
    b.write("static/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    b.apply(&["static/img/logo.svg"]);
    b.write("static/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\"/>");
    let (how, changed) = b.apply(&["static/img/logo.svg"]);
    assert_eq!((how, changed), (Rebuild::Nothing, vec!["img/logo.svg".to_string()]));
    // The configuration.
    b.replace("carnet.yaml", "title:", "title: \"Le Lab\"\nold_title:");
    let broken = b.preview.apply(&ChangeSet { config: true, ..ChangeSet::default() });
    assert!(broken.is_err(), "an unknown key in carnet.yaml fails the rebuild");
    let text = b.read("carnet.yaml").replace("old_title:", "description_old:");
    let fixed = text.lines().filter(|l| !l.starts_with("description_old:")).collect::<Vec<_>>().join("\n");
    b.write("carnet.yaml", &format!("{fixed}\n"));
    assert_eq!(b.apply(&["carnet.yaml"]).0, Rebuild::Project);
}

#[test]
fn a_failed_rebuild_keeps_the_last_site_and_the_next_good_save_recovers() {
    let mut b = Bench::new();
    let good = b.preview.outputs().clone();
    let text = b.read(SESSION);
    b.write(SESSION, &text.replace("number: 11", "number: [onze"));
    let mut changes = ChangeSet::default();
    changes.add(classify(Path::new(SESSION), "carnet", Path::new("public")).unwrap());
    assert!(b.preview.apply(&changes).is_err());
    assert_eq!(b.preview.outputs(), &good, "the last good site is kept");
    // A broken link in a body (the fast path's own check).
    b.write(SESSION, &text.replace("Un an après", "Voir [ailleurs](nulle-part.md). Un an après"));
    assert!(b.preview.apply(&changes).is_err());
    assert_eq!(b.preview.outputs(), &good);
    b.write(SESSION, &text.replace("Un an après", "Onze sessions après"));
    b.apply(&[SESSION]);
    // A template with a syntax error, then fixed.
    let footer = "templates/partials/page_footer.html";
    b.write(footer, "<footer>{% if %}</footer>\n");
    let mut changes = ChangeSet::default();
    changes.add(classify(Path::new(footer), "carnet", Path::new("public")).unwrap());
    assert!(b.preview.apply(&changes).is_err());
    std::fs::remove_file(b.root.join(footer)).unwrap();
    b.apply(&[footer]);
}

/// `carnet build` writes pages to disk as it renders them (and the rest at the end): the files
/// on disk are exactly the in-memory build's, search index included.
#[test]
fn the_streamed_build_writes_exactly_the_in_memory_build() {
    let b = Bench::new();
    let project = Project::open(&b.root, &Overrides::default()).unwrap_or_else(|_| panic!("opens"));
    let memory = project.build(selection()).unwrap_or_else(|_| panic!("builds")).outputs;
    let dest = b.root.join("public");
    let streamed = project.build_into(selection(), &dest).unwrap_or_else(|_| panic!("builds"));
    streamed.write(&dest).unwrap();
    let on_disk = crate::harness::list_files(&dest);
    assert_eq!(on_disk, memory.paths(), "the same files");
    assert!(on_disk.iter().any(|p| p.starts_with("pagefind/")), "the search index is written too");
    for path in on_disk {
        let expected = match memory.get(&path) {
            Some(bytes) => bytes.to_vec(),
            None => std::fs::read(memory.source_of(&path).unwrap()).unwrap(),
        };
        assert!(std::fs::read(dest.join(&path)).unwrap() == expected, "{path} differs");
    }
}

/// A preview left running past midnight takes the new day: events move from "upcoming" to
/// "past", exactly as in a build made that day.
#[test]
fn a_new_day_rebuilds_the_preview_as_a_build_of_that_day() {
    let day = |d| Selection { drafts: true, future: true, today: jiff::civil::date(2018, 6, d) };
    let b = Bench::new();
    let mut preview = Preview::open(&b.root, Overrides::default(), |_| day(1)).unwrap_or_else(|_| panic!("opens"));
    let agenda = |p: &Preview| String::from_utf8_lossy(p.outputs().get("agenda/index.html").unwrap()).into_owned();
    let upcoming = |html: &str| html.split("id=\"past-title\"").next().unwrap_or_default().to_string();
    assert!(upcoming(&agenda(&preview)).contains("animer un atelier à distance"), "upcoming on June 1st");
    let update = preview.set_today(jiff::civil::date(2018, 6, 30)).unwrap_or_else(|_| panic!("rebuilds"));
    assert_eq!(preview.today(), jiff::civil::date(2018, 6, 30));
    assert!(update.changed.iter().any(|p| p == "agenda/index.html"), "{:?}", update.changed);
    assert!(!upcoming(&agenda(&preview)).contains("animer un atelier à distance"), "past on June 30th");
    assert!(
        !carnet::incremental::changes_index(preview.outputs(), &update.changed),
        "no page changed: {:?}",
        update.changed
    );
    let mut project = Project::open(&b.root, &Overrides::default()).unwrap_or_else(|_| panic!("opens"));
    project.search = false;
    let full = project.build(day(30)).unwrap_or_else(|_| panic!("builds")).outputs;
    assert!(full.diff(preview.outputs()).is_empty(), "{:?}", full.diff(preview.outputs()));
}
