//! The build's output as data ([`Outputs`]), and its atomic writing ([`Staging`]): everything
//! goes into a staging folder beside the destination, which then takes the destination's
//! place. A build that fails leaves the previous output untouched. `carnet build` writes pages
//! into the staging folder as they are rendered, so the whole site is never held in memory;
//! the preview keeps its outputs in memory and writes nothing.

mod interrupt;
mod staging;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Result;

pub use interrupt::{Interrupted, is_alive};
pub use staging::Staging;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outputs {
    /// Path relative to the output folder → content (shared: a preview's snapshots are cheap
    /// copies of each other).
    files: BTreeMap<String, Arc<Vec<u8>>>,
    /// Path relative to the output folder → file to copy.
    copies: BTreeMap<String, PathBuf>,
    /// Paths already written to a [`Staging`] folder, whose bytes are no longer held.
    written: BTreeSet<String>,
}

/// A relative path that stays inside the output folder.
pub fn is_safe_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains(':')
        && path.split('/').all(|s| !s.is_empty() && s != "." && s != "..")
}

impl Outputs {
    pub fn insert(&mut self, path: String, bytes: Vec<u8>) {
        self.files.insert(path, Arc::new(bytes));
    }

    /// Notes a file already written to the staging folder.
    pub fn insert_written(&mut self, path: String) {
        self.written.insert(path);
    }

    /// Removes a file, generated or copied.
    pub fn remove(&mut self, path: &str) {
        self.files.remove(path);
        self.copies.remove(path);
    }

    /// The file to copy to `path`, for copied files.
    pub fn source_of(&self, path: &str) -> Option<&Path> {
        self.copies.get(path).map(PathBuf::as_path)
    }

    /// The paths whose content differs between `self` and `other` (added, removed or changed).
    pub fn diff(&self, other: &Outputs) -> Vec<String> {
        let mut changed: Vec<String> = Vec::new();
        for (path, bytes) in &self.files {
            if other.files.get(path).is_none_or(|o| !Arc::ptr_eq(o, bytes) && o != bytes) {
                changed.push(path.clone());
            }
        }
        for (path, src) in &self.copies {
            if other.copies.get(path) != Some(src) {
                changed.push(path.clone());
            }
        }
        changed.extend(other.paths().into_iter().filter(|p| !self.contains(p)).map(str::to_string));
        changed.sort_unstable();
        changed.dedup();
        changed
    }

    /// Adds a file to copy unless something is already generated at that path.
    pub fn insert_copy(&mut self, path: String, source: PathBuf) -> bool {
        if self.files.contains_key(&path) || self.written.contains(&path) {
            return false;
        }
        self.copies.insert(path, source);
        true
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|b| b.as_slice())
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.copies.contains_key(path) || self.written.contains(path)
    }

    /// Every output path, sorted.
    pub fn paths(&self) -> Vec<&str> {
        let mut all: Vec<&str> =
            self.files.keys().chain(self.copies.keys()).chain(&self.written).map(String::as_str).collect();
        all.sort_unstable();
        all
    }

    pub fn len(&self) -> usize {
        self.files.len() + self.copies.len() + self.written.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes everything to `dest` atomically (see [`Staging`]).
    pub fn write_atomic(&self, dest: &Path) -> Result<()> {
        Staging::begin(dest)?.finish(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        assert!(is_safe_path("a/b/index.html"));
        for bad in ["", "/etc/passwd", "../x", "a/../../x", "a//b", "c:/x", "a\\b"] {
            assert!(!is_safe_path(bad), "{bad}");
        }
    }

    /// The number of entries of `dir` once the old output, removed in the background, is gone
    /// (waits up to ten seconds for it to fall to `expected`).
    fn entries_soon(dir: &std::path::Path, expected: usize) -> usize {
        let count = || std::fs::read_dir(dir).unwrap().count();
        for _ in 0..200 {
            if count() == expected {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        count()
    }

    #[test]
    fn writes_then_replaces_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let mut o = Outputs::default();
        o.insert("index.html".into(), b"one".to_vec());
        o.insert("a/b/index.html".into(), b"two".to_vec());
        o.write_atomic(&dest).unwrap();
        assert_eq!(std::fs::read(dest.join("a/b/index.html")).unwrap(), b"two");
        let mut o2 = Outputs::default();
        o2.insert("index.html".into(), b"three".to_vec());
        o2.write_atomic(&dest).unwrap();
        assert_eq!(std::fs::read(dest.join("index.html")).unwrap(), b"three");
        assert!(!dest.join("a").exists(), "stale files are gone");
        assert_eq!(entries_soon(tmp.path(), 1), 1, "no staging folder left behind");
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_linked_from_the_previous_output_not_rewritten() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let asset = tmp.path().join("logo.svg");
        std::fs::write(&asset, "<svg/>").unwrap();
        let build = |page: &[u8]| {
            let mut o = Outputs::default();
            o.insert("index.html".into(), b"same".to_vec());
            o.insert("a/index.html".into(), page.to_vec());
            o.insert_copy("img/logo.svg".into(), asset.clone());
            o.write_atomic(&dest).unwrap();
        };
        let inode = |rel: &str| std::fs::metadata(dest.join(rel)).unwrap().ino();
        build(b"first");
        let before = [inode("index.html"), inode("a/index.html"), inode("img/logo.svg")];
        build(b"second");
        assert_eq!(inode("index.html"), before[0], "an unchanged page is the same file");
        assert_eq!(inode("img/logo.svg"), before[2], "an unchanged copy is the same file");
        assert_ne!(inode("a/index.html"), before[1]);
        assert_eq!(std::fs::read(dest.join("a/index.html")).unwrap(), b"second");
        assert_eq!(std::fs::read(dest.join("index.html")).unwrap(), b"same");
        assert_eq!(entries_soon(tmp.path(), 2), 2, "public and logo.svg only: the old tree is gone");
        assert_eq!(std::fs::metadata(dest.join("index.html")).unwrap().nlink(), 1, "the old tree is gone");
    }

    #[test]
    fn refuses_to_replace_a_folder_that_is_not_a_site() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("notes.txt"), "précieux").unwrap();
        let mut o = Outputs::default();
        o.insert("index.html".into(), b"x".to_vec());
        let e = o.write_atomic(tmp.path()).unwrap_err().to_string();
        assert!(e.contains("does not look like a built site"), "{e}");
        assert!(tmp.path().join("notes.txt").exists());
    }
}
