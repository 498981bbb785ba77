//! `carnet init` and `carnet new`: a new site builds at once; each kind's archetype lands in
//! its section and builds; nothing is overwritten.

use crate::harness::SiteTest;

#[test]
fn init_then_build_works_at_once() {
    let site = SiteTest::empty();
    let dir = site.root.join("nouveau");
    let run = site.run(&["init", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!dir.join("themes").exists(), "the default theme comes from the binary");
    let ignored = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignored.contains("\npublic/\n") && ignored.contains("\n.carnet-cache/\n"), "{ignored}");
    let build = site.run(&["build", "--root", dir.to_str().unwrap(), "--today", "2026-11-27"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    for page in [
        "index.html",
        "sessions/session-1/index.html",
        "valeurs/autonomie/index.html",
        "parcours/decouvrir/le-lab-en-bref/index.html",
        "agenda/index.html",
    ] {
        assert!(dir.join("public").join(page).exists(), "{page}");
    }
    let again = site.run(&["init", dir.to_str().unwrap()]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("is not empty"), "{}", again.stderr);
}

#[test]
fn new_creates_each_kind_from_its_archetype_and_the_site_still_builds() {
    let site = SiteTest::empty();
    let dir = site.root.join("s");
    assert_eq!(site.run(&["init", dir.to_str().unwrap()]).code, 0);
    let root = dir.to_str().unwrap();
    let mut created = Vec::new();
    for kind in ["page", "session", "value", "tutorial", "event", "module", "lesson"] {
        let run = site.run(&["new", kind, &format!("Essai « {kind} » \"cité\""), "--root", root]);
        assert_eq!(run.code, 0, "{kind}: {}", run.stderr);
        created.push(run.stderr.trim().trim_start_matches("Created ").to_string());
    }
    assert!(
        created[1].starts_with("content/sessions/") && created[1].ends_with("-essai-session-cite.md"),
        "{created:?}"
    );
    assert!(created[5].starts_with("content/parcours/02-essai-module-cite/"), "{created:?}");
    assert!(created[6].starts_with("content/parcours/02-essai-module-cite/01-"), "{created:?}");
    let session = std::fs::read_to_string(dir.join(&created[1])).unwrap();
    assert!(session.contains("title: \"Essai « session » \\\"cité\\\"\""), "{session}");
    assert!(session.contains("# values: [autonomie, horizontalite]"), "every key is listed with a comment");
    let build = site.run(&["build", "--root", root, "--today", "2026-11-27"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
}

#[test]
fn new_refuses_to_overwrite_and_explains_mistakes() {
    let site = SiteTest::empty();
    site.write("content/deja-la.md", "---\ntitle: Déjà là\n---\n");
    let run = site.run(&["new", "page", "Déjà là"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("content/deja-la.md already exists"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(site.root.join("content/deja-la.md")).unwrap(), "---\ntitle: Déjà là\n---\n");
    let run = site.run(&["new", "sesion", "X"]);
    assert!(run.stderr.contains("unknown kind `sesion`: did you mean `session`?"), "{}", run.stderr);
    let run = site.run(&["new", "lesson", "X"]);
    assert!(run.stderr.contains("there is no module yet"), "{}", run.stderr);
    // Without a sessions section, the file says its kind itself.
    let run = site.run(&["new", "session", "Première"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = run.stderr.trim().trim_start_matches("Created ").to_string();
    assert!(std::fs::read_to_string(site.root.join(path)).unwrap().contains("kind: session\n"));
    assert_eq!(site.run(&["build", "--today", "2026-11-27"]).code, 0);
}
