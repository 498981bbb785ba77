//! `carnet serve`, run as a user runs it: HTTP answers (types, 304, ranges, 404, redirects,
//! traversal attempts), one reload per save whatever the editor does, the error overlay's
//! events, and nothing written to `public/`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;

use crate::harness::{copy_demo, copy_dir};

/// A copy of the demo site served by `carnet serve` on a free port; stopped on drop.
pub struct Served {
    _tmp: tempfile::TempDir,
    pub root: PathBuf,
    pub addr: String,
    child: Child,
    pub stderr: Receiver<String>,
}

impl Served {
    pub fn demo() -> Served {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_demo(&root);
        Served::start(tmp, root, &[])
    }

    pub fn start(tmp: tempfile::TempDir, root: PathBuf, args: &[&str]) -> Served {
        let mut child = Command::cargo_bin("carnet")
            .unwrap()
            .arg("serve")
            .args(if args.contains(&"--port") { &[][..] } else { &["--port", "0"][..] })
            .args(if args.contains(&"--with-search") { &[][..] } else { &["--no-search"][..] })
            .args(args.iter().filter(|a| **a != "--with-search"))
            .current_dir(&root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, stderr) = channel();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("serve printed its address: {line:?}"))
            .to_string();
        Served { _tmp: tmp, root, addr, child, stderr }
    }

    /// Sends a raw request; returns the status, the headers (lower-case names) and the body.
    pub fn raw(&self, request: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        let split = bytes.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete response");
        let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
        let mut lines = head.lines();
        let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        (status, headers, bytes[split + 4..].to_vec())
    }

    pub fn get(&self, path: &str, extra: &str) -> (u16, Vec<(String, String)>, String) {
        self.request("GET", path, extra)
    }

    pub fn request(&self, method: &str, path: &str, extra: &str) -> (u16, Vec<(String, String)>, String) {
        let (s, h, b) =
            self.raw(&format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n{extra}\r\n", self.addr));
        (s, h, String::from_utf8_lossy(&b).into_owned())
    }

    /// Subscribes to the live-reload events.
    pub fn events(&self) -> Events {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        write!(stream, "GET /__carnet/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n", self.addr)
            .unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(d) = line.strip_prefix("data: ")
                    && tx.send((name.clone(), d.to_string())).is_err()
                {
                    return;
                }
            }
        });
        let events = Events(rx);
        events.wait_for("hello", Duration::from_secs(10));
        events
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Events(Receiver<(String, String)>);

impl Events {
    /// The next event called `name` (others are skipped), within `timeout`.
    pub fn wait_for(&self, name: &str, timeout: Duration) -> String {
        let end = Instant::now() + timeout;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.0.recv_timeout(left) {
                Ok((n, data)) if n == name => return data,
                Ok(_) => {}
                Err(_) => panic!("no `{name}` event within {timeout:?}"),
            }
        }
    }

    /// Every event of the next `wait`.
    pub fn during(&self, wait: Duration) -> Vec<(String, String)> {
        let end = Instant::now() + wait;
        let mut all = Vec::new();
        while let Ok(e) = self.0.recv_timeout(end.saturating_duration_since(Instant::now())) {
            all.push(e);
        }
        all
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
}

#[test]
fn the_preview_answers_like_a_real_web_server() {
    let s = Served::demo();
    let (code, h, body) = s.get("/", "");
    assert_eq!(code, 200);
    assert_eq!(header(&h, "content-type"), "text/html; charset=utf-8");
    assert!(body.contains("<script src=\"/__carnet/live.js\""), "the live-reload script is added");
    assert_eq!(
        s.get("/agenda.ics", "").1.iter().find(|(k, _)| k == "content-type").unwrap().1,
        "text/calendar; charset=utf-8"
    );
    assert_eq!(header(&s.get("/css/carnet.css", "").1, "content-type"), "text/css; charset=utf-8");
    assert_eq!(header(&s.get("/atom.xml", "").1, "content-type"), "application/atom+xml");
    // Conditional requests.
    let etag = header(&h, "etag").to_string();
    let (code, _, body) = s.get("/", &format!("If-None-Match: {etag}\r\n"));
    assert_eq!((code, body.as_str()), (304, ""));
    let lm = header(&h, "last-modified").to_string();
    assert_eq!(s.get("/css/carnet.css", &format!("If-Modified-Since: {lm}\r\n")).0, 304);
    // HEAD: the headers of GET, no body.
    let (code, hh, body) = s.request("HEAD", "/", "");
    assert_eq!((code, body.as_str()), (200, ""));
    assert_eq!(header(&hh, "content-length"), header(&h, "content-length"));
    // A range.
    let (code, h, body) = s.get("/agenda.ics", "Range: bytes=0-14\r\n");
    assert_eq!((code, body.as_str()), (206, "BEGIN:VCALENDAR"));
    assert!(header(&h, "content-range").starts_with("bytes 0-14/"));
    assert_eq!(s.get("/agenda.ics", "Range: bytes=999999-\r\n").0, 416);
    // A folder without its slash, a missing page.
    let (code, h, _) = s.get("/sessions?x=1", "");
    assert_eq!((code, header(&h, "location")), (301, "/sessions/?x=1"));
    let (code, _, body) = s.get("/pas-de-page-ici/", "");
    assert_eq!(code, 404);
    assert!(body.contains("<h1") && body.contains("live.js"), "the site's own 404 page: {body}");
    assert_eq!(s.request("POST", "/", "").0, 405);
    // Nothing outside the site, nor its sources.
    for path in [
        "/../carnet.yaml",
        "/%2e%2e/carnet.yaml",
        "/%2e%2e%2fcarnet.yaml",
        "/sessions/../../carnet.yaml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/carnet.yaml",
        "/content/_index.md",
        "/%00",
        "/index.html%00.md",
        "/%ff%fe",
        "/..%5ccarnet.yaml",
    ] {
        let (code, _, body) = s.get(path, "");
        assert!((400..500).contains(&code), "{path}: {code}");
        assert!(!body.contains("base_url"), "{path} exposed the configuration");
    }
    assert!(!s.root.join("public").exists(), "serve never writes the output folder");
}

#[test]
fn drafts_and_future_pages_are_previewed_and_marked() {
    let s = Served::demo();
    s.write("content/valeurs/ecoute.md", "---\ntitle: Écoute\ndraft: true\n---\nÉcouter d'abord.\n");
    s.write("content/valeurs/patience.md", "---\ntitle: Patience\npublish_date: 2999-01-01\n---\nPlus tard.\n");
    let events = s.events();
    s.write("content/valeurs/_index.md", &(s.read("content/valeurs/_index.md") + "\n"));
    events.wait_for("reload", Duration::from_secs(10));
    let (code, _, body) = s.get("/valeurs/ecoute/", "");
    assert_eq!(code, 200);
    assert!(body.contains("class=\"badge\" data-pagefind-ignore>Brouillon"), "{body}");
    let (code, _, body) = s.get("/valeurs/patience/", "");
    assert_eq!(code, 200);
    assert!(body.contains("class=\"badge\" data-pagefind-ignore>Publication à venir"), "{body}");
}

const PAGE: &str = "content/valeurs/frugalite.md";

/// Saves the page with `save`, then expects exactly one reload, naming the page, and the new
/// text served.
fn one_reload_per_save(s: &Served, events: &Events, what: &str, save: impl FnOnce(&Path, &str)) {
    let original = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(PAGE)).unwrap();
    let text = original.replace("La frugalité n'est pas", &format!("{what} : la frugalité n'est pas"));
    assert_ne!(text, original);
    save(&s.root.join(PAGE), &text);
    let first = events.wait_for("reload", Duration::from_secs(10));
    assert!(first.contains("valeurs/frugalite/index.html"), "{what}: {first}");
    let more: Vec<_> = events.during(Duration::from_millis(800)).into_iter().filter(|(n, _)| n == "reload").collect();
    assert!(more.is_empty(), "{what}: one save gave more than one reload: {more:?}");
    assert!(s.get("/valeurs/frugalite/", "").2.contains(what), "{what}: the new text is served");
}

#[test]
fn every_editor_save_pattern_gives_exactly_one_reload() {
    let s = Served::demo();
    let events = s.events();
    one_reload_per_save(&s, &events, "En place", |p, t| std::fs::write(p, t).unwrap());
    one_reload_per_save(&s, &events, "Par renommage", |p, t| {
        let tmp = p.with_file_name(".goutputstream-X1Y2");
        std::fs::write(&tmp, t).unwrap();
        std::fs::rename(&tmp, p).unwrap();
    });
    one_reload_per_save(&s, &events, "Comme JetBrains", |p, t| {
        let tmp = p.with_file_name("frugalite.md___jb_tmp___");
        std::fs::write(&tmp, t).unwrap();
        std::fs::rename(p, p.with_file_name("frugalite.md___jb_old___")).unwrap();
        std::fs::rename(&tmp, p).unwrap();
        std::fs::remove_file(p.with_file_name("frugalite.md___jb_old___")).unwrap();
    });
    one_reload_per_save(&s, &events, "Comme vim", |p, t| {
        let probe = p.with_file_name("4913");
        std::fs::write(&probe, "").unwrap();
        std::fs::remove_file(&probe).unwrap();
        let backup = p.with_file_name("frugalite.md~");
        std::fs::rename(p, &backup).unwrap();
        std::fs::write(p, t).unwrap();
        std::fs::remove_file(&backup).unwrap();
    });
    one_reload_per_save(&s, &events, "En plusieurs fois", |p, t| {
        std::fs::write(p, "").unwrap();
        let mut f = std::fs::OpenOptions::new().append(true).open(p).unwrap();
        for chunk in t.as_bytes().chunks(512) {
            f.write_all(chunk).unwrap();
            f.flush().unwrap();
        }
        drop(f);
        let now = std::time::SystemTime::now();
        std::fs::File::options().write(true).open(p).unwrap().set_modified(now).unwrap();
    });
    one_reload_per_save(&s, &events, "En rafale", |p, t| {
        for i in 0..5 {
            std::fs::write(p, format!("{t}\n{}", "\n".repeat(i))).unwrap();
        }
        std::fs::write(p, t).unwrap();
    });
    // A page in a new folder.
    s.write("content/valeurs/plus/ecoute.md", "---\ntitle: Écoute\n---\nÉcouter d'abord.\n");
    let first = events.wait_for("reload", Duration::from_secs(10));
    assert!(first.contains("valeurs/plus/ecoute/index.html"), "{first}");
    assert!(events.during(Duration::from_millis(800)).iter().all(|(n, _)| n != "reload"));
    assert_eq!(s.get("/valeurs/plus/ecoute/", "").0, 200);
}

#[test]
fn a_broken_template_shows_the_overlay_and_keeps_the_last_site() {
    let s = Served::demo();
    let events = s.events();
    let footer = "templates/partials/page_footer.html";
    s.write(footer, "<footer>\n{% if %}\n</footer>\n");
    let failure = events.wait_for("failure", Duration::from_secs(10));
    assert!(failure.contains("templates/partials/page_footer.html:2:"), "located: {failure}");
    assert!(failure.contains("the last good one is still served"), "{failure}");
    let (code, _, body) = s.get("/valeurs/frugalite/", "");
    assert_eq!(code, 200, "the last good site is still served");
    assert!(body.contains("Frugalité"));
    // A tab opened now gets the failure at once.
    let late = s.events();
    late.wait_for("failure", Duration::from_secs(5));
    s.write(footer, "<footer><p>Pied de page</p></footer>\n");
    let reload = events.wait_for("reload", Duration::from_secs(10));
    assert!(reload.contains("valeurs/frugalite/index.html"), "{reload}");
    assert!(s.get("/valeurs/frugalite/", "").2.contains("Pied de page"));
    // A broken configuration does not stop the server either.
    let config = s.read("carnet.yaml");
    s.write("carnet.yaml", &format!("{config}\nthème: sombre\n"));
    let failure = events.wait_for("failure", Duration::from_secs(10));
    assert!(failure.contains("carnet.yaml:"), "{failure}");
    assert_eq!(s.get("/", "").0, 200);
    s.write("carnet.yaml", &config);
    events.wait_for("reload", Duration::from_secs(10));
}

#[test]
fn a_css_edit_only_sends_the_stylesheet() {
    let s = Served::demo();
    let events = s.events();
    let css = "themes/carnet/static/css/carnet.css";
    s.write(css, &format!("{}\n.essai {{ color: #123456; }}\n", s.read(css)));
    let reload = events.wait_for("reload", Duration::from_secs(10));
    assert!(reload.contains("\"paths\":[\"css/carnet.css\"]"), "{reload}");
    assert!(s.get("/css/carnet.css", "").2.contains("#123456"));
}

#[test]
fn a_taken_port_is_reported_and_the_next_one_used() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&crate::harness::fixtures().join("basic"), &root);
    let s = Served::start(tmp, root, &["--port", &port.to_string()]);
    assert_ne!(s.addr, format!("127.0.0.1:{port}"));
    let said: Vec<String> = s.stderr.try_iter().chain(s.stderr.recv_timeout(Duration::from_secs(5))).collect();
    assert!(said.iter().any(|l| l.contains(&format!("port {port} is in use"))), "{said:?}");
    assert_eq!(s.get("/", "").0, 200);
}

#[test]
fn in_a_browser_saves_show_up_css_swaps_in_place_and_errors_overlay_the_page() {
    let browser = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        browser.join("node_modules/playwright-core").exists(),
        "the browser test packages are missing: run `scripts/test.sh`, which installs them"
    );
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_demo(&root);
    let run = Command::new("node")
        .arg(browser.join("live.mjs"))
        .arg(assert_cmd::cargo::cargo_bin("carnet"))
        .arg(&root)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success() && stdout.contains("live: ok"), "{stdout}\n{}", String::from_utf8_lossy(&run.stderr));
}

#[test]
fn ctrl_c_stops_the_server_at_once_even_with_open_tabs() {
    let mut s = Served::demo();
    let _tab = s.events();
    let pid = s.child.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < Duration::from_secs(5), "the server still runs 5 s after Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    assert!(!s.root.join("public").exists());
}

#[test]
fn the_server_holds_under_load_and_refuses_odd_paths() {
    // A short run of `bench/serve_stress.py` (30 s and 200 connections when run by hand).
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/serve_stress.py");
    let run = Command::new("python3")
        .arg(script)
        .args(["--duration", "4", "--readers", "40", "--listeners", "40", "--carnet"])
        .arg(assert_cmd::cargo::cargo_bin("carnet"))
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success() && stdout.contains("stress: ok"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn the_preview_makes_its_search_index_in_the_background() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&crate::harness::fixtures().join("basic"), &root);
    let s = Served::start(tmp, root, &["--with-search"]);
    assert_eq!(s.get("/", "").0, 200, "pages are served before the index exists");
    let start = Instant::now();
    loop {
        let (code, h, _) = s.get("/pagefind/pagefind.js", "");
        if code == 200 {
            assert_eq!(header(&h, "content-type"), "text/javascript; charset=utf-8");
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "no search index after 60 s");
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(s.get("/pagefind/pagefind-entry.json", "").0, 200);
}
