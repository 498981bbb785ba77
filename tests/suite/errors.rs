//! One invalid fixture per mistake (`tests/fixtures/invalid/<case>/`): the build must fail with
//! exit code 1, print exactly `expected.txt`, and leave the previous output untouched.
//! `CARNET_BLESS=1 cargo test --test suite errors::` rewrites the expected texts after a
//! deliberate change.
//!
//! What a fixture folder cannot hold is generated here, in a temporary site: a 50 MB page,
//! 10,000 files in one folder, symbolic links that loop or point to nothing, a file carnet may
//! not read, a named pipe, a file name that is not UTF-8; and a build killed outright, whose
//! leftovers the next build removes (signals in each stage: `interrupt.rs`).

use std::path::Path;
use std::time::{Duration, Instant};

use crate::harness::{Run, SiteTest, fixtures, leftovers, list_files};

#[test]
fn every_invalid_fixture_gives_its_exact_diagnostic_and_keeps_the_previous_site() {
    let dir = fixtures().join("invalid");
    let mut cases: Vec<_> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    cases.sort();
    assert!(cases.len() >= 60, "the invalid fixtures are all there");
    let bless = std::env::var_os("CARNET_BLESS").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let site = SiteTest::fixture(&format!("invalid/{case}"));
        let _ = std::fs::remove_file(site.root.join("expected.txt"));
        site.write("public/index.html", "previous site");
        let run = site.run(&["build", "--today", "2026-11-27"]);
        let expected_path = dir.join(case).join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &run.stderr).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if run.code != 1 {
            failures.push(format!("{case}: exit code {} instead of 1\n{}", run.code, run.stderr));
        }
        if run.stderr != expected {
            failures.push(format!("{case}: stderr differs.\n--- expected\n{expected}--- got\n{}", run.stderr));
        }
        if site.page("index.html") != "previous site" {
            failures.push(format!("{case}: the previous output was touched"));
        }
        if list_files(&site.out()) != ["index.html"] {
            failures.push(format!("{case}: files were added to the output"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_mistake_of_a_run_is_reported_before_failing() {
    let text = std::fs::read_to_string(fixtures().join("invalid/several-mistakes/expected.txt")).unwrap();
    assert_eq!(text.lines().filter(|l| l.starts_with("error")).count(), 4, "{text}");
    assert!(
        text.ends_with("the site was not built, the previous output is untouched: 3 errors: 1 broken-link, 2 others\n"),
        "{text}"
    );
}

/// Builds over a previous site; the build must fail (exit code 1) and leave it as it was.
fn fails_keeping_the_previous_site(site: &SiteTest) -> Run {
    site.write("public/index.html", "previous site");
    let run = site.run(&["build", "--today", "2026-11-27", "--no-search"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(site.page("index.html"), "previous site", "the previous output is untouched");
    assert_eq!(list_files(&site.out()), ["index.html"], "nothing was added to the output");
    assert_eq!(leftovers(&site.root), Vec::<String>::new(), "no temporary folder is left");
    run
}

/// `carnet build` writes pages as it renders them: a page that fails to render after hundreds
/// were written must still leave the previous site as it was, with no half-written folder.
#[test]
fn a_page_failing_after_others_were_written_leaves_nothing_behind() {
    let site = SiteTest::empty();
    for i in 0..600 {
        site.write(&format!("content/notes/note-{i:03}.md"), &format!("---\ntitle: Note {i}\n---\nTexte {i}.\n"));
    }
    site.write(
        "templates/page.html",
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<title>{{ page.title }}</title>\n\
         {% if page.title == \"Note 599\" %}<h1>{{ page.titre }}</h1>{% endif %}\n</html>\n",
    );
    let run = fails_keeping_the_previous_site(&site);
    assert!(
        run.stderr.contains("error: template error: `titre` is not defined here\n --> templates/page.html:4:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("while rendering `content/notes/note-599.md`"), "{}", run.stderr);
}

#[test]
fn empty_and_odd_files_never_crash() {
    let site = SiteTest::empty();
    site.write("content/vide.md", "");
    site.write("content/seulement.md", "---\n---\n");
    site.write("content/nom avec espaces é 🎉.md", "---\ntitle: Drôle de nom\n---\nTexte.\n");
    let run = fails_keeping_the_previous_site(&site);
    assert!(run.stderr.contains("error: this file is empty\n --> content/vide.md\n"), "{}", run.stderr);
    assert!(run.stderr.contains("error: the front matter is empty\n --> content/seulement.md:1:1"), "{}", run.stderr);
    assert!(!run.stderr.contains("nom avec espaces"), "{}", run.stderr);
}

#[test]
fn file_names_with_spaces_accents_and_emoji_build_and_link() {
    let site = SiteTest::empty();
    site.write(
        "content/nom avec espaces é 🎉.md",
        "---\ntitle: Drôle de nom\n---\nVoir ![le groupe](<photo d'été 🎉.png>) et [l'autre](<Été à Toulouse.md#la-fete>).\n",
    );
    site.write("content/Été à Toulouse.md", "---\ntitle: Été à Toulouse\n---\n## La fête\n");
    site.write("content/photo d'été 🎉.png", "png");
    site.build(&["--no-search"]);
    let html = site.page("nom-avec-espaces-e-tada/index.html");
    assert!(html.contains("<h1>Drôle de nom</h1>"), "{html}");
    assert!(html.contains("href=\"/ete-a-toulouse/#la-fete\""), "{html}");
    assert!(
        html.contains("src=\"/photo%20d&#x27;%C3%A9t%C3%A9%20%F0%9F%8E%89.png\"")
            || html.contains("src=\"/photo%20d'%C3%A9t%C3%A9%20%F0%9F%8E%89.png\""),
        "{html}"
    );
    assert_eq!(std::fs::read_to_string(site.out().join("photo d'été 🎉.png")).unwrap(), "png");
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_is_reported() {
    use std::os::unix::ffi::OsStrExt;
    let site = SiteTest::empty();
    site.write("content/a.md", "---\ntitle: A\n---\n");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(site.root.join("content").join(name), "---\ntitle: Café\n---\n").unwrap();
    let run = fails_keeping_the_previous_site(&site);
    assert_eq!(
        run.stderr,
        "error: a file name is not valid UTF-8\n --> content/caf\u{fffd}.md\n  = help: rename the file with letters, digits and dashes\n\n\
         error: the site was not built, the previous output is untouched: 1 error\n"
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_reported_where_it_is() {
    let site = SiteTest::empty();
    site.write("content/notes/a.md", "---\ntitle: A\n---\n");
    std::os::unix::fs::symlink("..", site.root.join("content/notes/boucle")).unwrap();
    let run = fails_keeping_the_previous_site(&site);
    assert_eq!(
        run.stderr,
        "error: a symbolic link loops back to one of its parent folders\n --> content/notes/boucle\n  \
         = help: it points to `..`: remove the link\n\n\
         error: the site was not built, the previous output is untouched: 1 error\n"
    );
}

/// Root reads every file whatever its permissions: an unreadable file is a symbolic link to
/// nothing, and, when `setpriv` can drop to `nobody`, a real `chmod 000` file and folder.
#[cfg(unix)]
#[test]
fn a_file_carnet_cannot_read_is_reported_where_it_is() {
    let site = SiteTest::empty();
    site.write("content/a.md", "---\ntitle: A\n---\n");
    std::os::unix::fs::symlink("ailleurs/b.md", site.root.join("content/b.md")).unwrap();
    let run = fails_keeping_the_previous_site(&site);
    assert_eq!(
        run.stderr,
        "error: this symbolic link points to nothing\n --> content/b.md\n  \
         = help: `ailleurs/b.md` does not exist: remove the link or make it point to an existing file\n\n\
         error: the site was not built, the previous output is untouched: 1 error\n"
    );
    std::fs::remove_file(site.root.join("content/b.md")).unwrap();
    permission_denied(&site);
}

#[cfg(unix)]
fn permission_denied(site: &SiteTest) {
    use std::os::unix::fs::PermissionsExt;
    let chmod = |p: &Path, mode: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    site.write("content/secret.md", "---\ntitle: Secret\n---\n");
    site.write("content/prive/c.md", "---\ntitle: C\n---\n");
    site.write("public/index.html", "previous site");
    let root = is_root();
    let mut command = if root {
        let Ok(setpriv) = which("setpriv") else {
            eprintln!("note: running as root without setpriv: the chmod 000 case is not checked");
            return;
        };
        // `nobody` must reach the site and run carnet: open the folders, copy the binary.
        let binary = site.root.join("carnet-bin");
        std::fs::copy(assert_cmd::cargo::cargo_bin("carnet"), &binary).unwrap();
        chmod(site.root.parent().unwrap(), 0o755);
        for entry in walkdir(&site.root) {
            chmod(&entry, if entry.is_dir() { 0o777 } else { 0o755 });
        }
        let mut c = std::process::Command::new(setpriv);
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&binary);
        c
    } else {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("carnet"))
    };
    chmod(&site.root.join("content/secret.md"), 0o000);
    chmod(&site.root.join("content/prive"), 0o000);
    let out = command
        .args(["build", "--today", "2026-11-27", "--no-search"])
        .current_dir(&site.root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    chmod(&site.root.join("content/prive"), 0o755);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr,
        "error: carnet is not allowed to read this folder\n --> content/prive\n  \
         = help: give the user who runs carnet the right to read it (`chmod a+rx`)\n\n\
         error: carnet is not allowed to read this file\n --> content/secret.md\n  \
         = help: give the user who runs carnet the right to read it (`chmod a+r`)\n\n\
         error: the site was not built, the previous output is untouched: 2 errors\n"
    );
    assert_eq!(site.page("index.html"), "previous site");
}

#[cfg(unix)]
fn is_root() -> bool {
    std::process::Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

#[cfg(unix)]
fn which(program: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|d| d.join(program)).find(|p| p.is_file()))
        .ok_or(())
}

#[cfg(unix)]
fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() && !p.is_symlink() {
            out.extend(walkdir(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Reading a named pipe would wait forever: it is left out with a warning, and a folder named
/// like a page is a folder.
#[cfg(unix)]
#[test]
fn a_named_pipe_does_not_block_the_build() {
    let site = SiteTest::empty();
    site.write("content/a.md", "---\ntitle: A\n---\n");
    site.write("content/dossier.md/b.md", "---\ntitle: B\n---\n");
    let made = std::process::Command::new("mkfifo").arg(site.root.join("content/tube.md")).status().unwrap();
    assert!(made.success());
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("carnet"))
        .args(["build", "--today", "2026-11-27", "--no-search"])
        .current_dir(&site.root)
        .env("NO_COLOR", "1")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the build is blocked on the named pipe");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.starts_with(
            "warning[special-file]: this is not a regular file: it is left out of the site\n --> content/tube.md\n  \
             = help: remove it; only files and folders are published\n"
        ),
        "{stderr}"
    );
    assert!(site.exists("dossier-md/b/index.html"), "{:?}", list_files(&site.out()));
}

/// A 50 MB page (headings, links, lists, code, tables) builds, whole, in a bounded time.
#[test]
fn a_50_mb_markdown_file_builds() {
    let site = SiteTest::empty();
    let mut text = String::from("---\ntitle: Le grand journal\n---\n");
    let mut n = 0;
    while text.len() < 50 * 1024 * 1024 {
        n += 1;
        text.push_str(&format!(
            "## Partie {n}\n\nUn paragraphe avec du *texte*, un [lien](https://example.org/{n}), `du code` et une note.\n\n\
             - une liste\n- de deux éléments\n\n| a | b |\n|---|---|\n| {n} | x |\n\n"
        ));
        if n % 10 == 0 {
            text.push_str("```rust\nfn main() { println!(\"bonjour\"); }\n```\n\n");
        }
    }
    site.write("content/journal.md", &text);
    let start = Instant::now();
    site.build(&["--no-search"]);
    let took = start.elapsed();
    let html = site.page("journal/index.html");
    assert!(html.len() > 50 * 1024 * 1024, "the whole page is written: {} bytes", html.len());
    assert!(html.contains(&format!("<h2 id=\"partie-{n}\">Partie {n} ")), "down to the last heading");
    assert!(took < Duration::from_secs(300), "a 50 MB page took {took:?}");
}

/// 10,000 pages in one folder: every page, a paginated list, in a bounded time. Then the
/// folder is renamed: the 10,000 links of a summary break, each reported with the moved page
/// as suggestion, quickly, and the built site stays.
#[test]
fn ten_thousand_files_in_one_folder_build() {
    let site = SiteTest::empty();
    site.write("content/notes/_index.md", "---\ntitle: Notes\n---\n");
    let mut summary = String::from("---\ntitle: Sommaire\n---\n");
    for i in 0..10_000 {
        site.write(
            &format!("content/notes/note-{i:05}.md"),
            &format!("---\ntitle: Note {i}\ndate: 2018-03-26\ntags: [t{}]\n---\nTexte de la note {i}.\n", i % 50),
        );
        summary.push_str(&format!("- [Note {i}](notes/note-{i:05}.md)\n"));
    }
    site.write("content/sommaire.md", &summary);
    let start = Instant::now();
    site.build(&["--no-search"]);
    let took = start.elapsed();
    let pages = std::fs::read_dir(site.out().join("notes"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with("note-"))
        .count();
    assert_eq!(pages, 10_000);
    assert!(site.page("notes/note-09999/index.html").contains("<h1>Note 9999</h1>"));
    assert!(site.exists("notes/page/500/index.html") && !site.exists("notes/page/501/index.html"), "20 per list page");
    assert!(site.page("sommaire/index.html").contains("href=\"/notes/note-09999/\""));
    assert!(took < Duration::from_secs(300), "10,000 pages took {took:?}");

    std::fs::rename(site.root.join("content/notes"), site.root.join("content/carnets")).unwrap();
    let start = Instant::now();
    let run = site.run(&["build", "--today", "2026-11-27", "--no-search"]);
    let took = start.elapsed();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.ends_with("the previous output is untouched: 10000 errors: 10000 broken-link\n"),
        "{}",
        &run.stderr[run.stderr.len() - 200..]
    );
    // The first three in full, then one line for the others: a screen, not 80,000 lines.
    assert!(
        run.stderr.contains(
            "error[broken-link]: the link `notes/note-00002.md` points to a page that does not exist\n --> content/sommaire.md:6:3\n"
        ),
        "{}",
        &run.stderr[..600]
    );
    assert!(run.stderr.contains("= help: did you mean `carnets/note-00002.md`?\n"));
    assert!(run.stderr.contains(
        "error[broken-link]: 9997 more like this, not shown: `carnet check --only broken-link` lists them all\n"
    ));
    assert!(run.stderr.lines().count() < 40, "{}", run.stderr);
    assert!(site.page("sommaire/index.html").contains("href=\"/notes/note-09999/\""), "the built site stays");
    assert!(took < Duration::from_secs(300), "10,000 broken links took {took:?}");
}

/// A build killed outright (SIGKILL, a power cut) cannot clean up: the next build removes what
/// it left, and puts the previous site back if it was killed between its two renames.
#[cfg(unix)]
#[test]
fn what_a_killed_build_left_is_cleaned_by_the_next_one() {
    let site = SiteTest::empty();
    site.write("content/a.md", "---\ntitle: A\n---\n");
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    site.write(&format!(".public.carnet-staging-{dead}/index.html"), "half a site");
    site.write(&format!(".public.carnet-old-{dead}/index.html"), "the previous site");
    site.build(&["--no-search"]);
    assert!(site.page("a/index.html").contains("<h1>A</h1>"));
    assert_eq!(leftovers(&site.root), Vec::<String>::new());
}

/// File and folder names build up to what file systems allow (255 bytes); what carnet adds to
/// them (an event's `.ics`) stays within it.
#[test]
fn names_up_to_255_bytes_build_and_their_event_files_fit() {
    let site = SiteTest::empty();
    let folder = format!("projet-{}long", "tres-long-".repeat(24)); // 251 bytes
    let event = format!("2019-03-01-{}", "phase-".repeat(40)); // 251 bytes with `.md`
    site.write(&format!("content/{folder}/_index.md"), "---\ntitle: Projet\ncascade: {kind: event}\n---\n");
    site.write(
        &format!("content/{folder}/{event}.md"),
        "---\ntitle: Phase\nstart: 2019-03-01\nend: 2021-06-30\nlocation: Paris\n---\n",
    );
    site.build(&["--no-search"]);
    let slug = event.trim_start_matches("2019-03-01-").trim_end_matches('-');
    assert!(site.exists(&format!("{folder}/{slug}/index.html")));
    let ics: Vec<String> = list_files(&site.out().join("agenda")).into_iter().filter(|f| f.ends_with(".ics")).collect();
    assert_eq!(ics.len(), 1, "{ics:?}");
    assert!(ics[0].len() <= 255 && ics[0].starts_with("projet-tres-long-"), "{}", ics[0]);
    let page = site.page(&format!("{folder}/{slug}/index.html"));
    assert!(page.contains(&format!("/agenda/{}", ics[0])), "the page links to its .ics file");
}
