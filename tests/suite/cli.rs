//! The command line: exit codes, messages, and the output folder's safety.

use crate::harness::SiteTest;

#[test]
fn help_works_for_every_command() {
    let site = SiteTest::empty();
    for args in [&["--help"][..], &["build", "--help"], &["check", "--help"]] {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("carnet"))
            .args(args)
            .current_dir(&site.root)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage"), "{args:?}");
    }
}

#[test]
fn usage_mistakes_exit_2() {
    let site = SiteTest::empty();
    assert_eq!(site.run(&["bulid"]).code, 2);
    assert_eq!(site.run(&["build", "--today", "2018-02-31"]).code, 2);
}

#[test]
fn a_folder_without_carnet_yaml_exits_2_with_a_hint() {
    let site = SiteTest::empty();
    std::fs::remove_file(site.root.join("carnet.yaml")).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("there is no carnet.yaml in"), "{}", run.stderr);
    assert!(run.stderr.contains("is this a carnet site?"));
}

#[test]
fn success_says_what_was_built() {
    let site = SiteTest::empty();
    site.write("content/a.md", "---\ntitle: A\n---\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.starts_with("Built 2 pages ("), "{}", run.stderr);
    assert!(site.exists("a/index.html"));
}

#[test]
fn the_output_folder_never_replaces_the_sources() {
    let site = SiteTest::empty();
    site.write("content/a.md", "---\ntitle: A\n---\n");
    for bad in [".", "content/public", ".."] {
        let run = site.run(&["build", "--output", bad]);
        assert_eq!(run.code, 2, "--output {bad}: {}", run.stderr);
    }
    assert!(site.root.join("content/a.md").exists());
    site.write("notes/perso.txt", "à garder");
    let run = site.run(&["build", "--output", "notes"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("does not look like a built site"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(site.root.join("notes/perso.txt")).unwrap(), "à garder");
}

#[test]
fn check_reports_without_writing() {
    let site = SiteTest::empty();
    site.write("content/a.md", "---\ntitle: A\n---\n[x](b.md)\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error[broken-link]: the link `b.md` points to a page that does not exist\n --> content/a.md:4:1"
        ),
        "{}",
        run.stderr
    );
    assert!(!site.out().exists());
    site.write("content/b.md", "---\ntitle: B\n---\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.out().exists());
}

#[test]
fn a_build_that_fails_keeps_the_previous_site() {
    let site = SiteTest::empty();
    site.write("content/a.md", "---\ntitle: A\n---\n");
    site.build(&[]);
    let before = site.page("a/index.html");
    site.write("content/a.md", "---\ntitle: A\ndate: demain\n---\n");
    assert_eq!(site.run(&["build"]).code, 1);
    assert_eq!(site.page("a/index.html"), before);
}

#[test]
fn check_speaks_json_for_ci_tools() {
    let site = SiteTest::empty();
    site.write("content/a.md", "---\ntitle: A\n---\n[x](b.md)\n");
    site.write("content/e.md", "---\ntitle: E\nkind: event\nstart: 2018-04-19\n---\n");
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("carnet"))
        .args(["check", "--format", "json"])
        .current_dir(&site.root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(v["errors"], 1);
    assert_eq!(v["warnings"], 1, "the event without a place");
    let problems = v["problems"].as_array().unwrap();
    assert_eq!(problems[0]["file"], "content/a.md");
    assert_eq!(problems[0]["line"], 4);
    assert_eq!(problems[0]["column"], 1);
    assert_eq!(problems[1]["severity"], "warning");
    assert_eq!(problems[1]["message"], "this event has no place");
}

#[test]
fn the_search_index_is_written_unless_asked_not_to() {
    let site = SiteTest::empty();
    site.write("content/a.md", "---\ntitle: A\n---\nLa frugalité.\n");
    site.build(&[]);
    assert!(site.exists("pagefind/pagefind.js") && site.exists("pagefind/pagefind-entry.json"));
    site.build(&["--no-search"]);
    assert!(!site.exists("pagefind"));
}

/// A tiny HTTP server on 127.0.0.1 for the external link check: `/ok` answers 200, `/gone`
/// 404, `/nohead` refuses HEAD but serves GET, `/slow` answers after 3 s.
fn local_server() -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(50) {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut buf = [0u8; 2048];
                let n = stream.read(&mut buf).unwrap_or(0);
                let request = String::from_utf8_lossy(&buf[..n]).to_string();
                let status = match request.split_whitespace().take(2).collect::<Vec<_>>()[..] {
                    [_, "/ok"] => "200 OK",
                    ["HEAD", "/nohead"] => "405 Method Not Allowed",
                    ["GET", "/nohead"] => "200 OK",
                    [_, "/slow"] => {
                        std::thread::sleep(std::time::Duration::from_secs(3));
                        "200 OK"
                    }
                    _ => "404 Not Found",
                };
                let _ = write!(stream, "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            });
        }
    });
    port
}

#[test]
fn check_external_reports_broken_links_where_they_are_written() {
    let port = local_server();
    let site = SiteTest::empty();
    site.write(
        "content/a.md",
        &format!(
            "---\ntitle: A\n---\n[bon](http://127.0.0.1:{port}/ok) [parti](http://127.0.0.1:{port}/gone)\n\n[sans HEAD](http://127.0.0.1:{port}/nohead) [lent](http://127.0.0.1:{port}/slow)\n"
        ),
    );
    let run = site.run(&["check", "--external", "--timeout", "1"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("error[broken-external-link]: the external link `http://127.0.0.1:{port}/gone` is broken: the server answers 404\n --> content/a.md:4:")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(&format!("`http://127.0.0.1:{port}/slow` is broken: no answer")), "{}", run.stderr);
    assert!(!run.stderr.contains("/ok`") && !run.stderr.contains("/nohead`"), "{}", run.stderr);
    assert_eq!(site.run(&["check"]).code, 0, "without --external nothing is requested");
}

/// `--timeout` only means something with `--external`: alone, it is a usage error.
#[test]
fn a_timeout_without_external_links_is_refused() {
    let site = SiteTest::empty();
    let run = site.run(&["check", "--timeout", "5"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--external"), "{}", run.stderr);
}

/// `carnet --version` names the commit it was built from (when built from a Git checkout, as
/// here), so a bug report says exactly which carnet made a site.
#[test]
fn the_version_names_the_commit() {
    let site = SiteTest::empty();
    let version = site.run_stdout(&["--version"]);
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    assert!(version.starts_with(&format!("carnet {} (", env!("CARGO_PKG_VERSION"))), "{version}");
    match head {
        Some(hash) => assert!(version.contains(&hash), "{version} names {hash}"),
        None => assert!(version.contains("(unknown commit)"), "{version}"),
    }
}
