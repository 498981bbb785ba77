//! What an attacker or a careless contributor can try with files: symbolic links that leave
//! the site (to the CI's secrets, to another project), hidden files, and the preview answering
//! a page of another site (DNS rebinding) or a client that never finishes its request.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use crate::harness::{SiteTest, list_files};
use crate::serve::Served;

/// A site whose parent folder holds a secret, as the CI's checkout or home folder would.
fn site_beside_a_secret() -> SiteTest {
    let site = SiteTest::empty();
    let parent = site.root.parent().unwrap();
    std::fs::write(parent.join("secret.env"), "TOKEN=s3cr3t\n").unwrap();
    std::fs::create_dir_all(parent.join("ailleurs")).unwrap();
    std::fs::write(parent.join("ailleurs/page.md"), "---\ntitle: Ailleurs\n---\nTOKEN=s3cr3t\n").unwrap();
    site.write("content/a.md", "---\ntitle: A\n---\nTexte.\n");
    site
}

fn link(target: &Path, at: &Path) {
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, at).unwrap();
}

/// Every file of the output, and whether one of them holds the secret.
fn leaks(out: &Path) -> Vec<String> {
    list_files(out)
        .into_iter()
        .filter(|f| std::fs::read(out.join(f)).is_ok_and(|b| b.windows(6).any(|w| w == b"s3cr3t")))
        .collect()
}

#[test]
fn links_that_leave_the_site_are_located_errors_and_nothing_of_them_is_published() {
    let cases: [(&str, &str, &str); 6] = [
        ("static/env", "../../secret.env", "static/env"),
        ("static/proc-environ", "/proc/self/environ", "static/proc-environ"),
        ("content/dehors.md", "../../ailleurs/page.md", "content/dehors.md"),
        ("content/autre-projet", "../../ailleurs", "content/autre-projet"),
        ("templates/page.html", "../../secret.env", "templates/page.html"),
        ("themes/carnet", "../../ailleurs", "themes/carnet"),
    ];
    for (at, target, shown) in cases {
        let site = site_beside_a_secret();
        link(Path::new(target), &site.root.join(at));
        if at.starts_with("themes/") {
            site.write("carnet.yaml", "title: Test\nbase_url: https://example.org/\ntheme: carnet\n");
        }
        site.write("public/index.html", "previous site");
        for command in ["build", "check"] {
            let run = site.run(&[command, "--no-search"][..if command == "build" { 2 } else { 1 }]);
            assert_eq!(run.code, 1, "{at} with {command}: {}", run.stderr);
            let expected = format!("error: this symbolic link points outside the site: it is not read\n --> {shown}\n");
            assert!(run.stderr.starts_with(&expected), "{at} with {command}:\n{}", run.stderr);
            assert!(run.stderr.contains(&format!("it leads to `{target}`")), "{}", run.stderr);
        }
        assert_eq!(site.page("index.html"), "previous site");
        assert!(leaks(&site.out()).is_empty());
    }
}

#[test]
fn links_inside_the_site_keep_working() {
    let site = SiteTest::empty();
    site.write("partage/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site.write("partage/commun.md", "---\ntitle: Commun\n---\nTexte partagé.\n");
    link(Path::new("../../partage/logo.svg"), &site.root.join("static/img/logo.svg"));
    link(Path::new("../partage/commun.md"), &site.root.join("content/commun.md"));
    site.build(&["--no-search"]);
    assert!(site.page("img/logo.svg").starts_with("<svg"));
    assert!(site.page("commun/index.html").contains("Texte partagé."));
}

#[test]
fn hidden_files_are_never_published_but_well_known_is() {
    let site = SiteTest::empty();
    site.write("content/a.md", "---\ntitle: A\n---\n");
    for f in [
        "static/.well-known/security.txt",
        "static/.git/config",
        "static/.DS_Store",
        "static/.env",
        "static/css/site.css~",
        "static/css/.site.css.swp",
        "static/css/#site.css#",
        "static/notes.bak",
        "static/img/Thumbs.db",
        "content/.obsidian/workspace.json",
        "content/.a.md.swp",
    ] {
        site.write(f, "x");
    }
    site.build(&["--no-search"]);
    let files = list_files(&site.out());
    assert!(files.contains(&".well-known/security.txt".to_string()), "{files:?}");
    for hidden in [".git/config", ".DS_Store", ".env", "css/site.css~", "notes.bak", "img/Thumbs.db", ".obsidian"] {
        assert!(
            !files.iter().any(|f| f.starts_with(hidden) || f.contains(".swp") || f.contains('#')),
            "{hidden}: {files:?}"
        );
    }
}

fn raw(addr: &str, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    stream.write_all(request).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn the_preview_answers_only_its_own_host_sends_no_cors_and_never_a_file_outside() {
    let s = Served::demo();
    let port = s.addr.rsplit(':').next().unwrap();
    for host in [s.addr.clone(), format!("localhost:{port}"), "localhost".into(), format!("LOCALHOST:{port}")] {
        let answer = raw(&s.addr, format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes());
        assert!(answer.starts_with("HTTP/1.1 200"), "{host}: {}", &answer[..60.min(answer.len())]);
        assert!(!answer.to_ascii_lowercase().contains("access-control-allow"), "no CORS header");
    }
    for host in ["evil.example:80", &format!("evil.example:{port}"), "127.0.0.2", ""] {
        let answer = raw(&s.addr, format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes());
        assert!(answer.starts_with("HTTP/1.1 421"), "{host:?}: {}", &answer[..60.min(answer.len())]);
        assert!(!answer.contains("Lab"), "nothing of the site");
        let events = raw(
            &s.addr,
            format!("GET /__carnet/events HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        assert!(events.starts_with("HTTP/1.1 421"), "{host:?}: {events}");
    }
    // A file of the site replaced, while the preview runs, by a link to a secret.
    let secret = s.root.parent().unwrap().join("secret.env");
    std::fs::write(&secret, "TOKEN=s3cr3t\n").unwrap();
    let logo = s.root.join("themes/carnet/static/img/logo.svg");
    std::fs::create_dir_all(s.root.join("static/img")).unwrap();
    std::fs::copy(&logo, s.root.join("static/img/logo.svg")).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    std::fs::remove_file(s.root.join("static/img/logo.svg")).unwrap();
    std::os::unix::fs::symlink(&secret, s.root.join("static/img/logo.svg")).unwrap();
    for _ in 0..20 {
        let (_, _, body) = s.get("/img/logo.svg", "");
        assert!(!body.contains("s3cr3t"), "the secret was served");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let s = Served::demo();
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\nHost: ").unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let start = std::time::Instant::now();
    let mut answer = Vec::new();
    let read = stream.read_to_end(&mut answer);
    assert!(read.is_ok(), "the server closed the connection: {read:?}");
    assert!(start.elapsed() < Duration::from_secs(25), "closed after {:?}", start.elapsed());
    assert!(start.elapsed() >= Duration::from_secs(5), "not before the timeout: {:?}", start.elapsed());
}

/// The number of generated pages grows with the content, not with a typo: an event from year 1
/// to year 9999 is a located error, and allowed it makes two month pages, not 120,000.
#[test]
fn an_event_of_ten_thousand_years_is_refused_at_its_line_and_costs_nothing_when_allowed() {
    let site = SiteTest::fixture("lints/long-event");
    site.write("content/evenements/atelier.md", "---\ntitle: Atelier\nstart: 2019-03-01\nlocation: Albi\n---\n");
    let run = site.run(&["build", "--no-search"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("--> content/evenements/exposition.md:4:6"), "{}", run.stderr);
    site.build(&["--no-search", "--allow", "long-event"]);
    let months: Vec<String> = list_files(&site.out().join("agenda"))
        .into_iter()
        .filter(|f| f.ends_with("/index.html") && f.matches('/').count() == 2)
        .collect();
    assert_eq!(months, ["0001/01/index.html", "2019/03/index.html", "9999/12/index.html"]);
    assert!(site.page("agenda/2019/03/index.html").contains("Exposition permanente"), "an event under way is listed");
    // A phase of four years is an event like any other.
    let site = SiteTest::empty();
    site.write(
        "content/p.md",
        "---\ntitle: Phase\nkind: event\nstart: 2019-03-01\nend: 2023-02-28\nlocation: Paris\n---\n",
    );
    site.build(&["--no-search", "--deny", "warnings"]);
}
