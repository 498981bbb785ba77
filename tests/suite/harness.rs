//! `SiteTest`: copies a fixture into a temporary folder, runs `carnet` on it, reads outputs.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::cargo::CommandCargoExt;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Copies the repository's demo site (content, configuration, theme) to `root`.
pub fn copy_demo(root: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "themes"] {
        copy_dir(&repo.join(dir), &root.join(dir));
    }
    std::fs::copy(repo.join("carnet.yaml"), root.join("carnet.yaml")).unwrap();
}

pub struct SiteTest {
    _tmp: tempfile::TempDir,
    pub root: PathBuf,
}

/// What one run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stderr: String,
}

impl SiteTest {
    /// A copy of `tests/fixtures/<name>/`.
    pub fn fixture(name: &str) -> SiteTest {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_dir(&fixtures().join(name), &root);
        SiteTest { _tmp: tmp, root }
    }

    /// An empty site with a minimal `carnet.yaml`.
    pub fn empty() -> SiteTest {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("carnet.yaml"), "title: Test\nbase_url: https://example.org/\n").unwrap();
        SiteTest { _tmp: tmp, root }
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    pub fn out(&self) -> PathBuf {
        self.root.join("public")
    }

    /// Runs `carnet <args>` in the site's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = self.output(args);
        Run { code: output.status.code().unwrap_or(-1), stderr: String::from_utf8_lossy(&output.stderr).into_owned() }
    }

    /// Runs `carnet <args>` in the site and returns what it printed on standard output.
    pub fn run_stdout(&self, args: &[&str]) -> String {
        String::from_utf8(self.output(args).stdout).unwrap()
    }

    fn output(&self, args: &[&str]) -> Output {
        std::process::Command::cargo_bin("carnet")
            .unwrap()
            .args(args)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    }

    /// `carnet build --today 2026-11-27 <args>`, which must succeed.
    pub fn build(&self, args: &[&str]) -> &Self {
        let mut all = vec!["build", "--today", "2026-11-27"];
        all.extend(args);
        let run = self.run(&all);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        self
    }

    /// The text of an output file (`sessions/session-11/index.html`).
    pub fn page(&self, rel: &str) -> String {
        let p = self.out().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{} is not in the output: {e}", p.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }
}

/// The `<main>` element of a page.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.find("</main>").expect("a </main>");
    &html[start..end]
}

/// Every file under `dir`, relative, sorted.
pub fn list_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, base, out);
            } else {
                out.push(p.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The `.public.carnet-*` folders beside the output, once the background removal is done (it
/// is given ten seconds).
pub fn leftovers(root: &Path) -> Vec<String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let found: Vec<String> = std::fs::read_dir(root)
            .unwrap()
            .filter_map(|e| e.unwrap().file_name().into_string().ok())
            .filter(|n| n.starts_with(".public.carnet-"))
            .collect();
        if found.is_empty() || std::time::Instant::now() > deadline {
            return found;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Every HTML page of `out`, by its address (`/projets/x/`).
pub fn html_pages(out: &Path) -> Vec<(String, String)> {
    list_files(out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| {
            let address = format!("/{}", f.trim_end_matches("index.html"));
            (address, std::fs::read_to_string(out.join(&f)).unwrap())
        })
        .collect()
}

/// The values of `attr="…"` in `html`.
pub fn attribute_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// The links of the built site at `out` (every `href`, `src` and `srcset` of every page, the
/// `<head>` included) that lead to no file of the output: `page: link` for each. Links to other
/// sites, e-mail, calendars and in-page anchors are not followed; `base_path` is the site's.
pub fn missing_targets(out: &Path, base_path: &str) -> Vec<String> {
    let mut missing = Vec::new();
    for (address, html) in html_pages(out) {
        let srcsets = attribute_values(&html, "srcset").into_iter().flat_map(|s| s.split(',').map(|c| c.trim()));
        let candidates = attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
            .chain(srcsets.filter_map(|c| c.split_whitespace().next()));
        for link in candidates {
            let here = format!("{base_path}{}", address.trim_start_matches('/'));
            if let Some(file) = local_file(link, &here, base_path)
                && !out.join(&file).is_file()
            {
                missing.push(format!("{address}: {link}"));
            }
        }
    }
    missing.sort();
    missing.dedup();
    missing
}

/// The output file a link of the page at `address` leads to, for a link inside the site.
fn local_file(link: &str, address: &str, base_path: &str) -> Option<String> {
    let link = link.replace("&amp;", "&");
    let path = link.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() || path.contains(':') || path.starts_with("//") {
        return None;
    }
    let absolute = if path.starts_with('/') { path.to_string() } else { format!("{address}{path}") };
    let inside = absolute.strip_prefix(base_path).unwrap_or_else(|| panic!("{address}: {link} is outside {base_path}"));
    let decoded = percent_encoding::percent_decode_str(inside).decode_utf8().unwrap().into_owned();
    Some(if decoded.is_empty() || decoded.ends_with('/') { format!("{decoded}index.html") } else { decoded })
}
