//! The staging folder: a build's files go into a hidden folder beside the destination, as they
//! are rendered, and the folder takes the destination's place at the end. A build that fails
//! or is interrupted removes its staging folder and leaves the previous output untouched.
//!
//! A file whose bytes equal the previous output's file at the same path is hard-linked from it
//! rather than written again: it keeps its modification time (deploys that compare times, such
//! as rsync, skip it) and no new inode is made for it.

use std::collections::HashSet;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context as _, Result, bail};
use rayon::prelude::*;

use super::interrupt::{self, Interrupted};
use super::{Outputs, is_safe_path};

/// Threads that write the files left at the end (statics, copies, the search index).
const IO_THREADS: usize = 4;

pub struct Staging {
    /// The staging folder.
    dir: PathBuf,
    dest: PathBuf,
    /// Where the previous output waits while the new one is put in place.
    old: PathBuf,
    /// Where a folder of ours goes to be removed in the background.
    trash: PathBuf,
    guard: interrupt::Guard,
    /// The previous output, when there is one to link unchanged files from.
    previous: Option<PathBuf>,
    /// Folders already made inside `dir`, relative to it.
    folders: Mutex<HashSet<String>>,
    /// Set once the staging folder has become the destination.
    done: bool,
}

impl Staging {
    /// Makes an empty staging folder for `dest`, after removing the ones left by killed builds.
    /// Refuses a destination that holds something other than a site. From now until the end, a
    /// SIGINT, SIGTERM or SIGHUP (Ctrl-C) stops the writing with an [`Interrupted`] error.
    pub fn begin(dest: &Path) -> Result<Staging> {
        let parent = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = dest.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        clean_stale(parent, &name, dest);
        check_replaceable(dest)?;
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let dir = parent.join(format!(".{name}.carnet-staging-{}", std::process::id()));
        let old = parent.join(format!(".{name}.carnet-old-{}", std::process::id()));
        let trash = parent.join(format!(".{name}.carnet-trash-{}", std::process::id()));
        let guard = interrupt::Guard::new();
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let previous = dest.is_dir().then(|| dest.to_path_buf());
        Ok(Staging {
            dir,
            dest: dest.to_path_buf(),
            old,
            trash,
            guard,
            previous,
            folders: Mutex::default(),
            done: false,
        })
    }

    /// Writes one file, relative to the output folder (its folders are made as needed).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.prepare(rel)?;
        if self.link_unchanged(rel, &path, bytes.len() as u64, bytes) {
            return Ok(());
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {rel}"))
    }

    /// Copies `src` to `rel`.
    pub fn copy(&self, rel: &str, src: &Path) -> Result<()> {
        let path = self.prepare(rel)?;
        if self.previous.is_some()
            && let Ok(file) = std::fs::File::open(src)
            && let Ok(meta) = file.metadata()
            && self.link_unchanged(rel, &path, meta.len(), file)
        {
            return Ok(());
        }
        std::fs::copy(src, &path).map(|_| ()).with_context(|| format!("cannot copy {} to {rel}", src.display()))
    }

    /// Links `path` to the previous output's `rel` when that holds exactly the `len` bytes
    /// `new` reads. Any failure (no such file, different bytes, a file system without hard
    /// links) means the file is written instead.
    fn link_unchanged(&self, rel: &str, path: &Path, len: u64, new: impl Read) -> bool {
        let Some(previous) = &self.previous else { return false };
        let old = previous.join(rel);
        let same_size = std::fs::symlink_metadata(&old).is_ok_and(|m| m.is_file() && m.len() == len);
        same_size
            && std::fs::File::open(&old).is_ok_and(|old| same_bytes(old, new))
            && std::fs::hard_link(&old, path).is_ok()
    }

    /// The signal received since the staging folder was made, if any.
    pub fn interrupted(&self) -> Option<Interrupted> {
        self.guard.caught().map(|signal| Interrupted { signal })
    }

    /// Looks for a signal first, so that an interrupted build stops at once.
    fn prepare(&self, rel: &str) -> Result<PathBuf> {
        if let Some(stop) = self.interrupted() {
            return Err(stop.into());
        }
        if !is_safe_path(rel) {
            bail!("refusing to write `{rel}`: the path would leave the output folder");
        }
        if let Some((folder, _)) = rel.rsplit_once('/') {
            let known = self.folders.lock().is_ok_and(|f| f.contains(folder));
            if !known {
                let path = self.dir.join(folder);
                std::fs::create_dir_all(&path).with_context(|| format!("cannot create {}", path.display()))?;
                if let Ok(mut f) = self.folders.lock() {
                    f.insert(folder.to_string());
                }
            }
        }
        Ok(self.dir.join(rel))
    }

    /// Writes the files of `outputs` not written yet, then puts the new site in place of the
    /// previous one (two renames, which a signal no longer interrupts).
    pub fn finish(mut self, outputs: &Outputs) -> Result<()> {
        // Many small files: more threads than cores keep the disk busy.
        let pool =
            rayon::ThreadPoolBuilder::new().num_threads(IO_THREADS).build().context("cannot start writer threads")?;
        pool.install(|| {
            outputs.files.par_iter().try_for_each(|(p, bytes)| self.write(p, bytes))?;
            outputs.copies.par_iter().try_for_each(|(p, src)| self.copy(p, src))
        })?;
        if let Some(stop) = self.interrupted() {
            return Err(stop.into());
        }
        let (dir, dest, old) = (&self.dir, &self.dest, &self.old);
        if dest.exists() {
            std::fs::rename(dest, old).with_context(|| format!("cannot move the previous {} aside", dest.display()))?;
            if let Err(e) = std::fs::rename(dir, dest) {
                let _ = std::fs::rename(old, dest);
                return Err(e).with_context(|| format!("cannot put the new site in place at {}", dest.display()));
            }
            self.done = true;
            // The previous site is removed in the background: tens of thousands of files take
            // seconds to unlink, and the new site is in place already.
            remove_soon(old, &self.trash);
        } else {
            std::fs::rename(dir, dest)
                .with_context(|| format!("cannot put the new site in place at {}", dest.display()))?;
            self.done = true;
        }
        Ok(())
    }
}

impl Drop for Staging {
    /// A build that did not finish leaves nothing behind.
    fn drop(&mut self) {
        if self.done {
            return;
        }
        if self.interrupted().is_some() {
            // Ctrl-C: the half-written site leaves its place at once, and is removed behind.
            remove_soon(&self.dir, &self.trash);
        } else {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Moves `dir` to `trash` (one rename, at once) and removes it there with `rm -rf` in a process
/// of its own, which goes on after carnet has exited; removes it here when that cannot be. A
/// trash folder left by a process that was killed is removed by the next build.
fn remove_soon(dir: &Path, trash: &Path) {
    let _ = std::fs::remove_dir_all(trash);
    if std::fs::rename(dir, trash).is_err() {
        let _ = std::fs::remove_dir_all(dir);
        return;
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        use std::process::{Command, Stdio};
        let spawned = Command::new("rm")
            .arg("-rf")
            .arg("--")
            .arg(trash)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group: a second Ctrl-C in the terminal does not stop it.
            .process_group(0)
            .spawn();
        if let Ok(mut child) = spawned {
            // Reaped by a thread, so that a long `serve` leaves no zombie; if carnet ends first,
            // `rm` goes on alone.
            std::thread::spawn(move || child.wait());
            return;
        }
    }
    let _ = std::fs::remove_dir_all(trash);
}

/// Whether two readers give the same bytes, compared a block at a time (a large copied file is
/// never held whole in memory).
fn same_bytes(mut a: impl Read, mut b: impl Read) -> bool {
    let (mut x, mut y) = (vec![0u8; 64 * 1024], vec![0u8; 64 * 1024]);
    loop {
        let (Ok(n), Ok(m)) = (fill(&mut a, &mut x), fill(&mut b, &mut y)) else { return false };
        if x[..n] != y[..m] {
            return false;
        }
        if n == 0 {
            return true;
        }
    }
}

/// Reads until `buf` is full or the reader ends; how many bytes were read.
fn fill(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Staging and old folders left by a build that was killed (SIGKILL, a power cut): removed once
/// their process is gone. An old folder whose destination is missing (killed between the two
/// renames) is put back first.
fn clean_stale(parent: &Path, name: &str, dest: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes =
        [format!(".{name}.carnet-old-"), format!(".{name}.carnet-staging-"), format!(".{name}.carnet-trash-")];
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        for (i, prefix) in prefixes.iter().enumerate() {
            let Some(pid) = file_name.strip_prefix(prefix.as_str()).and_then(|p| p.parse::<u32>().ok()) else {
                continue;
            };
            if pid == std::process::id() || interrupt::is_alive(pid) {
                continue;
            }
            let path = entry.path();
            if i == 0 && !dest.exists() && std::fs::rename(&path, dest).is_ok() {
                continue;
            }
            let _ = std::fs::remove_dir_all(&path);
        }
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

    /// Gives at most 1,000 bytes per read, as a pipe or a slow disk may.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(self.0.len()).min(1000);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn contents_are_compared_across_blocks_and_short_reads() {
        let a: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        assert!(same_bytes(&a[..], Trickle(&a)));
        let mut last = a.clone();
        *last.last_mut().unwrap() ^= 1;
        assert!(!same_bytes(&a[..], Trickle(&last)), "a difference in the last block");
        assert!(!same_bytes(&a[..], Trickle(&a[..a.len() - 1])), "one byte shorter");
        assert!(same_bytes(&b""[..], Trickle(b"")));
    }
}
