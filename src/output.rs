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

    /// Writes everything to `dest` atomically. A SIGINT, SIGTERM or SIGHUP received meanwhile
    /// (Ctrl-C) stops the writing: the staging folder is removed, the previous output stays, and
    /// the error is an [`Interrupted`] (a signal after the new site is in place is ignored: the
    /// build is done).
    pub fn write_atomic(&self, dest: &Path) -> Result<()> {
        if let Some(bad) = self.paths().into_iter().find(|p| !is_safe_path(p)) {
            bail!("refusing to write `{bad}`: the path would leave the output folder");
        }
        let parent = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = dest.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        clean_stale(parent, &name, dest);
        check_replaceable(dest)?;
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let staging = parent.join(format!(".{name}.carnet-staging-{}", std::process::id()));
        let old = parent.join(format!(".{name}.carnet-old-{}", std::process::id()));
        let guard = interrupt::Guard::new();
        let _ = std::fs::remove_dir_all(&staging);
        let written = self.write_into(&staging, &guard);
        if let Some(signal) = guard.caught() {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(Interrupted { signal }.into());
        }
        if let Err(e) = written {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
        // From here on a signal only sets a flag: the two renames always both happen.
        if dest.exists() {
            std::fs::rename(dest, &old)
                .with_context(|| format!("cannot move the previous {} aside", dest.display()))?;
            if let Err(e) = std::fs::rename(&staging, dest) {
                let _ = std::fs::rename(&old, dest);
                let _ = std::fs::remove_dir_all(&staging);
                return Err(e).with_context(|| format!("cannot put the new site in place at {}", dest.display()));
            }
            let _ = std::fs::remove_dir_all(&old);
        } else if let Err(e) = std::fs::rename(&staging, dest) {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e).with_context(|| format!("cannot put the new site in place at {}", dest.display()));
        }
        Ok(())
    }

    fn write_into(&self, dir: &Path, guard: &interrupt::Guard) -> Result<()> {
        // Each write first looks for a signal, so that an interrupted build stops at once.
        let stop = || -> Result<()> {
            match guard.caught() {
                Some(signal) => Err(Interrupted { signal }.into()),
                None => Ok(()),
            }
        };
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
                stop()?;
                std::fs::write(dir.join(p), bytes.as_slice()).with_context(|| format!("cannot write {p}"))
            })?;
            self.copies.par_iter().try_for_each(|(p, src)| {
                stop()?;
                std::fs::copy(src, dir.join(p))
                    .map(|_| ())
                    .with_context(|| format!("cannot copy {} to {p}", src.display()))
            })
        })
    }
}

/// The writing was stopped by a signal; nothing was left behind and the previous output is
/// in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrupted {
    pub signal: i32,
}

impl Interrupted {
    /// The exit code a shell expects from a process stopped by this signal (130 for Ctrl-C).
    pub fn exit_code(self) -> u8 {
        u8::try_from(128 + self.signal).unwrap_or(130)
    }
}

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self.signal {
            1 => "SIGHUP",
            2 => "SIGINT",
            15 => "SIGTERM",
            _ => "a signal",
        };
        write!(f, "stopped by {name} while writing the site: the previous output is untouched")
    }
}

impl std::error::Error for Interrupted {}

/// Staging and old folders left by a build that was killed (SIGKILL, a power cut): removed once
/// their process is gone. An old folder whose destination is missing (killed between the two
/// renames) is put back first.
fn clean_stale(parent: &Path, name: &str, dest: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.carnet-old-"), format!(".{name}.carnet-staging-")];
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

/// Catching SIGINT, SIGTERM and SIGHUP while the output is written, so that the staging
/// folder can be removed. Only signals still at their default action are caught (a process
/// that handles them itself, such as a preview server, keeps its handlers), and only while a
/// [`Guard`](interrupt::Guard) lives; the rest of the time a signal ends the process at once,
/// which leaves nothing behind since nothing is written before `write_atomic`.
#[cfg(unix)]
mod interrupt {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicI32, Ordering};

    const SIGNALS: [i32; 3] = [1, 2, 15]; // SIGHUP, SIGINT, SIGTERM: the same on every unix.
    const SIG_DFL: usize = 0;
    const ESRCH: i32 = 3;

    /// The last signal caught (0: none).
    static CAUGHT: AtomicI32 = AtomicI32::new(0);
    /// How many guards live, and the signals they installed a handler for.
    static INSTALLED: Mutex<(usize, Vec<i32>)> = Mutex::new((0, Vec::new()));

    unsafe extern "C" {
        fn signal(signum: i32, handler: usize) -> usize;
        fn sigaction(signum: i32, act: *const u8, oldact: *mut u8) -> i32;
        fn kill(pid: i32, sig: i32) -> i32;
    }

    /// Only stores the signal: the one thing a handler may safely do.
    extern "C" fn on_signal(sig: i32) {
        CAUGHT.store(sig, Ordering::SeqCst);
    }

    /// The handler in place for `sig`, without changing it. `struct sigaction` starts with the
    /// handler on every unix and is far smaller than the buffer.
    fn current(sig: i32) -> Option<usize> {
        let mut buf = [0usize; 64];
        // SAFETY: a null `act` only reads the action, into a buffer larger than the struct.
        let r = unsafe { sigaction(sig, std::ptr::null(), buf.as_mut_ptr().cast()) };
        (r == 0).then_some(buf[0])
    }

    /// Whether a process with this id exists.
    pub fn is_alive(pid: u32) -> bool {
        let Ok(pid) = i32::try_from(pid) else { return false };
        // SAFETY: signal 0 only checks that the process exists.
        let r = unsafe { kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(ESRCH)
    }

    pub struct Guard;

    impl Guard {
        pub fn new() -> Guard {
            let mut installed = INSTALLED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if installed.0 == 0 {
                CAUGHT.store(0, Ordering::SeqCst);
                for sig in SIGNALS {
                    if current(sig) == Some(SIG_DFL) {
                        let handler = on_signal as extern "C" fn(i32);
                        // SAFETY: the handler only stores into an atomic.
                        unsafe { signal(sig, handler as usize) };
                        installed.1.push(sig);
                    }
                }
            }
            installed.0 += 1;
            Guard
        }

        /// The signal received since the guard was made, if any.
        pub fn caught(&self) -> Option<i32> {
            match CAUGHT.load(Ordering::SeqCst) {
                0 => None,
                s => Some(s),
            }
        }
    }

    impl Drop for Guard {
        fn drop(&mut self) {
            let mut installed = INSTALLED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            installed.0 -= 1;
            if installed.0 == 0 {
                for sig in std::mem::take(&mut installed.1) {
                    // SAFETY: back to the default action, which was in place before.
                    unsafe { signal(sig, SIG_DFL) };
                }
            }
        }
    }
}

/// Elsewhere the output is written without catching signals.
#[cfg(not(unix))]
mod interrupt {
    pub fn is_alive(_pid: u32) -> bool {
        true
    }

    pub struct Guard;

    impl Guard {
        pub fn new() -> Guard {
            Guard
        }

        pub fn caught(&self) -> Option<i32> {
            None
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
