//! The build's output as data ([`Outputs`]), and its atomic writing: everything goes into a
//! staging folder beside the destination, which then takes the destination's place. A build
//! that fails leaves the previous output untouched.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, Result, bail};
use rayon::prelude::*;

/// Threads that write files.
const IO_THREADS: usize = 8;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outputs {
    /// Path relative to the output folder → content (shared: a preview's snapshots are cheap
    /// copies of each other).
    files: BTreeMap<String, Arc<Vec<u8>>>,
    /// Path relative to the output folder → file to copy.
    copies: BTreeMap<String, PathBuf>,
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
        if self.files.contains_key(&path) {
            return false;
        }
        self.copies.insert(path, source);
        true
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|b| b.as_slice())
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.copies.contains_key(path)
    }

    /// Every output path, sorted.
    pub fn paths(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self.files.keys().chain(self.copies.keys()).map(String::as_str).collect();
        all.sort_unstable();
        all
    }

    pub fn len(&self) -> usize {
        self.files.len() + self.copies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes everything to `dest` atomically.
    pub fn write_atomic(&self, dest: &Path) -> Result<()> {
        if let Some(bad) = self.paths().into_iter().find(|p| !is_safe_path(p)) {
            bail!("refusing to write `{bad}`: the path would leave the output folder");
        }
        check_replaceable(dest)?;
        let parent = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = dest.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let staging = parent.join(format!(".{name}.carnet-staging-{}", std::process::id()));
        let old = parent.join(format!(".{name}.carnet-old-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&staging);
        if let Err(e) = self.write_into(&staging) {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
        if dest.exists() {
            std::fs::rename(dest, &old)
                .with_context(|| format!("cannot move the previous {} aside", dest.display()))?;
            if let Err(e) = std::fs::rename(&staging, dest) {
                let _ = std::fs::rename(&old, dest);
                let _ = std::fs::remove_dir_all(&staging);
                return Err(e).with_context(|| format!("cannot put the new site in place at {}", dest.display()));
            }
            let _ = std::fs::remove_dir_all(&old);
        } else {
            std::fs::rename(&staging, dest)
                .with_context(|| format!("cannot put the new site in place at {}", dest.display()))?;
        }
        Ok(())
    }

    fn write_into(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        // Every folder once, parents before children: one mkdir each, level by level.
        let mut folders: Vec<&Path> = Vec::new();
        for p in self.paths() {
            let mut parent = Path::new(p).parent();
            while let Some(d) = parent.filter(|d| !d.as_os_str().is_empty()) {
                folders.push(d);
                parent = d.parent();
            }
        }
        folders.sort_by_key(|d| (d.components().count(), *d));
        folders.dedup();
        let mut levels: Vec<Vec<&Path>> = Vec::new();
        for d in folders {
            let depth = d.components().count();
            if levels.len() < depth {
                levels.resize(depth, Vec::new());
            }
            levels[depth - 1].push(d);
        }
        // Writing waits on the disk, not the CPU: more threads than cores keep it busy.
        let pool =
            rayon::ThreadPoolBuilder::new().num_threads(IO_THREADS).build().context("cannot start writer threads")?;
        pool.install(|| {
            for level in &levels {
                level.par_iter().try_for_each(|f| {
                    let path = dir.join(f);
                    match std::fs::create_dir(&path) {
                        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
                            Err(e).with_context(|| format!("cannot create {}", path.display()))
                        }
                        _ => Ok(()),
                    }
                })?;
            }
            self.files.par_iter().try_for_each(|(p, bytes)| {
                std::fs::write(dir.join(p), bytes.as_slice()).with_context(|| format!("cannot write {p}"))
            })?;
            self.copies.par_iter().try_for_each(|(p, src)| {
                std::fs::copy(src, dir.join(p))
                    .map(|_| ())
                    .with_context(|| format!("cannot copy {} to {p}", src.display()))
            })
        })
    }
}

/// The destination is replaced whole: refuse when it holds something other than a site.
fn check_replaceable(dest: &Path) -> Result<()> {
    let mut entries = match std::fs::read_dir(dest) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
            bail!("{} exists and is not a folder", dest.display())
        }
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", dest.display())),
    };
    let empty = entries.next().is_none();
    if empty || dest.join("index.html").exists() || dest.join("sitemap.xml").exists() {
        return Ok(());
    }
    bail!(
        "refusing to replace {}: it is not empty and does not look like a built site (no index.html); \
         remove it or choose another folder with --output",
        dest.display()
    )
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
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folder left behind");
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
