//! The full-text search index, built with the `pagefind` library from the rendered pages:
//! French (or English) stemming, accents folded, a chunked index the browser loads piece by
//! piece, on the static files alone. Only the elements marked `data-pagefind-body` (content
//! pages) are indexed. Runs once per build, after rendering.
//!
//! [`Cache`]: the index of the last build, kept in `.carnet-cache/search/` beside
//! `carnet.yaml`, is used again when the pages given to the indexer are the same (the same URLs
//! and HTML, the same carnet): a build where no page's text changed skips the slowest stage.

use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

/// The index files (`pagefind/…`, relative to the output) for the given `(url, html)` pages.
pub fn index(pages: Vec<(String, String)>) -> Result<Vec<(String, Vec<u8>)>> {
    let runtime = tokio::runtime::Builder::new_current_thread().build().context("cannot start the indexer")?;
    runtime.block_on(async move {
        let config = PagefindServiceConfig::builder().build();
        let mut index = PagefindIndex::new(Some(config)).context("cannot create the search index")?;
        // Parsed and stemmed in parallel (a method of carnet's patched Pagefind, vendor/pagefind).
        index.add_html_files(pages).await.context("cannot index the pages")?;
        let files = index.get_files().await.context("cannot build the search index")?;
        let mut out: Vec<(String, Vec<u8>)> = files
            .into_iter()
            .map(|f| (format!("pagefind/{}", f.filename.to_string_lossy().replace('\\', "/")), f.contents))
            .collect();
        out.sort();
        Ok(out)
    })
}

/// [`index`] on a thread of its own, looking every 50 ms for a reason to stop (`carnet build`
/// interrupted by Ctrl-C while the index is made, which takes half a minute on 10,000 pages):
/// the build then stops at once, and the indexer ends with the process.
pub fn index_until<E: Into<anyhow::Error>>(
    pages: Vec<(String, String)>,
    stop: impl Fn() -> Option<E>,
) -> Result<Vec<(String, Vec<u8>)>> {
    let (tx, rx) = channel();
    std::thread::Builder::new()
        .name("search-index".into())
        .spawn(move || {
            let _ = tx.send(index(pages));
        })
        .context("cannot start the indexer")?;
    loop {
        if let Some(reason) = stop() {
            return Err(reason.into());
        }
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(result) => return result,
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => bail!("the search indexer stopped unexpectedly"),
        }
    }
}

/// The index files of a build, as [`index`] gives them.
pub type IndexFiles = Vec<(String, Vec<u8>)>;

/// What the index is made from, as 32 hex digits: every page's URL and HTML, in order, and the
/// carnet that makes it (its version, commit, and the size and time of its executable, so
/// that a carnet rebuilt from changed code never takes an index made by another). SipHash-1-3
/// with fixed keys: the same from one build to the next.
pub fn fingerprint(pages: &[(String, String)]) -> String {
    let mut h = siphasher::sip128::SipHasher13::new();
    h.write(concat!(env!("CARGO_PKG_VERSION"), " ", env!("CARNET_COMMIT")).as_bytes());
    if let Some(meta) = std::env::current_exe().ok().and_then(|exe| std::fs::metadata(exe).ok()) {
        h.write_u64(meta.len());
        let modified = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        h.write_u128(modified.map_or(0, |d| d.as_nanos()));
    }
    for (url, html) in pages {
        for part in [url.as_bytes(), html.as_bytes()] {
            h.write_usize(part.len());
            h.write(part);
        }
    }
    format!("{:032x}", siphasher::sip128::Hasher128::finish128(&h).as_u128())
}

/// The hash of a cached file, as `manifest.txt` lists it.
pub fn file_hash(bytes: &[u8]) -> String {
    let mut h = siphasher::sip128::SipHasher13::new();
    h.write(bytes);
    format!("{:032x}", siphasher::sip128::Hasher128::finish128(&h).as_u128())
}

/// The search index of the last build, on disk. Safe to delete at any time; a damaged entry
/// (a file missing or changed) is not used. Only one index is kept.
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache of the site at `root`: `root/.carnet-cache/search/`.
    pub fn of_site(root: &Path) -> Cache {
        Cache { dir: root.join(".carnet-cache").join("search") }
    }

    /// The index made from pages with this fingerprint, when the cache holds it intact.
    pub fn load(&self, fingerprint: &str) -> Option<IndexFiles> {
        let manifest = std::fs::read_to_string(self.dir.join("manifest.txt")).ok()?;
        let mut lines = manifest.lines();
        if lines.next()? != fingerprint {
            return None;
        }
        let mut files = Vec::new();
        for line in lines {
            let (hash, path) = line.split_once(' ')?;
            // A path that would leave the cache is refused before anything is read.
            if !crate::output::is_safe_path(path) {
                return None;
            }
            let bytes = std::fs::read(self.dir.join("files").join(path)).ok()?;
            if file_hash(&bytes) != hash {
                return None;
            }
            files.push((path.to_string(), bytes));
        }
        Some(files)
    }

    /// Keeps `files` as the index made from pages with this fingerprint, replacing what the
    /// cache held. Best effort: a cache that cannot be written only makes the next build slower.
    pub fn store(&self, fingerprint: &str, files: &IndexFiles) {
        let fresh = self.dir.with_extension(format!("new-{}", std::process::id()));
        // What an interrupted build left (`search.new-<pid>` of a process that is gone) goes
        // first; another build storing at the same time keeps its own.
        if let Some(parent) = self.dir.parent()
            && let Ok(entries) = std::fs::read_dir(parent)
        {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let pid = name.strip_prefix("search.new-").and_then(|p| p.parse::<u32>().ok());
                if pid.is_some_and(|p| !crate::output::is_alive(p)) {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let written = (|| -> std::io::Result<()> {
            let mut manifest = format!("{fingerprint}\n");
            for (path, bytes) in files {
                let file = fresh.join("files").join(path);
                std::fs::create_dir_all(file.parent().unwrap_or(&fresh))?;
                std::fs::write(&file, bytes)?;
                manifest.push_str(&format!("{} {path}\n", file_hash(bytes)));
            }
            std::fs::write(fresh.join("manifest.txt"), manifest)?;
            let _ = std::fs::remove_dir_all(&self.dir);
            std::fs::rename(&fresh, &self.dir)
        })();
        if written.is_err() {
            let _ = std::fs::remove_dir_all(&fresh);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(text: &str) -> Vec<(String, String)> {
        vec![("/a/".into(), format!("<html lang=\"fr\"><body><main data-pagefind-body>{text}</main></body></html>"))]
    }

    #[test]
    fn the_fingerprint_follows_every_url_and_byte() {
        let a = fingerprint(&pages("Frugalité"));
        assert_eq!(a, fingerprint(&pages("Frugalité")), "stable");
        assert_ne!(a, fingerprint(&pages("Frugalite")));
        let mut moved = pages("Frugalité");
        moved[0].0 = "/b/".into();
        assert_ne!(a, fingerprint(&moved));
        // Lengths are hashed too: moving a byte from the URL to the HTML is another input.
        let (x, y) = (vec![("/ab".into(), "c".into())], vec![("/a".into(), "bc".into())]);
        assert_ne!(fingerprint(&x), fingerprint(&y));
    }

    #[test]
    fn the_cache_gives_back_only_an_intact_index_of_the_same_pages() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::of_site(tmp.path());
        let files: IndexFiles = vec![
            ("pagefind/pagefind.js".into(), b"js".to_vec()),
            ("pagefind/fragment/x.pf_fragment".into(), vec![0, 1, 2]),
        ];
        assert!(cache.load("f1").is_none(), "empty");
        cache.store("f1", &files);
        assert_eq!(cache.load("f1"), Some(files.clone()));
        assert!(cache.load("f2").is_none(), "other pages");
        std::fs::write(tmp.path().join(".carnet-cache/search/files/pagefind/pagefind.js"), "changed").unwrap();
        assert!(cache.load("f1").is_none(), "a damaged file is not used");
        let manifest = tmp.path().join(".carnet-cache/search/manifest.txt");
        std::fs::write(&manifest, format!("f1\n{} ../../../outside.txt\n", file_hash(b"x"))).unwrap();
        std::fs::write(tmp.path().join("outside.txt"), "x").unwrap();
        assert!(cache.load("f1").is_none(), "nothing is read outside the cache");
        // A process id that is not running: `true` ran and ended.
        let mut gone = std::process::Command::new("true").spawn().unwrap();
        let dead = gone.id();
        gone.wait().unwrap();
        let left = tmp.path().join(format!(".carnet-cache/search.new-{dead}"));
        std::fs::create_dir_all(&left).unwrap();
        cache.store("f2", &files);
        assert_eq!(cache.load("f2"), Some(files));
        assert!(!left.exists(), "what an interrupted store left is cleaned");
    }
}
