//! Watching the site's files: `content/`, `static/`, `templates/`, `themes/` (recursively) and
//! the site's folder itself (for `carnet.yaml` and those folders appearing). Never the output
//! folder. The events of one save — editors write in place, write a temporary file and rename
//! it, move the old file to a backup, touch it several times — arrive within milliseconds:
//! they are gathered until the files have been quiet for [`QUIET`], and make one [`ChangeSet`].

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use notify::{EventKind, RecursiveMode, Watcher as _};

use crate::incremental::{Change, ChangeSet, Preview, classify};

/// How long the files must be still before a rebuild starts.
const QUIET: Duration = Duration::from_millis(30);
/// The longest a burst of events may delay a rebuild.
const MAX_GATHER: Duration = Duration::from_millis(500);
/// The folders watched recursively.
const FOLDERS: [&str; 4] = ["content", "static", "templates", "themes"];

pub struct Watcher {
    inner: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    theme: String,
    output: PathBuf,
}

/// What the watcher saw.
pub enum Next {
    /// One save's changes.
    Changes(ChangeSet),
    /// Nothing happened for the time asked.
    Quiet,
    /// The watcher is gone.
    Closed,
}

impl Watcher {
    pub fn start(preview: &Preview) -> Result<Watcher> {
        let project = preview.project();
        let root = std::fs::canonicalize(&project.root)
            .with_context(|| format!("cannot find the folder {}", project.root.display()))?;
        let (tx, events) = channel();
        let mut inner = notify::recommended_watcher(move |e| {
            let _ = tx.send(e);
        })
        .context("cannot start watching files")?;
        inner.watch(&root, RecursiveMode::NonRecursive).with_context(|| format!("cannot watch {}", root.display()))?;
        for folder in FOLDERS {
            let dir = root.join(folder);
            if dir.is_dir() {
                inner
                    .watch(&dir, RecursiveMode::Recursive)
                    .with_context(|| format!("cannot watch {}", dir.display()))?;
            }
        }
        let output = project.output_dir();
        let output = output.strip_prefix(&project.root).map(Path::to_path_buf).unwrap_or(output);
        Ok(Watcher { inner, events, root, theme: project.config.theme.clone(), output })
    }

    /// The theme whose files count (it may change with `carnet.yaml`).
    pub fn set_theme(&mut self, theme: &str) {
        theme.clone_into(&mut self.theme);
    }

    /// Waits up to `wait` for a save, then gathers its events.
    pub fn next(&mut self, wait: Duration) -> Next {
        let deadline = Instant::now() + wait;
        loop {
            let first = match self.events.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(e) => e,
                Err(RecvTimeoutError::Timeout) => return Next::Quiet,
                Err(RecvTimeoutError::Disconnected) => return Next::Closed,
            };
            let mut changes = ChangeSet::default();
            self.add(first, &mut changes);
            let started = Instant::now();
            while started.elapsed() < MAX_GATHER {
                match self.events.recv_timeout(QUIET) {
                    Ok(e) => self.add(e, &mut changes),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return Next::Closed,
                }
            }
            if !changes.is_empty() {
                return Next::Changes(changes);
            }
        }
    }

    fn add(&mut self, event: notify::Result<notify::Event>, changes: &mut ChangeSet) {
        let event = match event {
            Ok(e) => e,
            Err(_) => {
                changes.rescan = true;
                return;
            }
        };
        if event.need_rescan() {
            changes.rescan = true;
        }
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        for path in &event.paths {
            let Ok(rel) = path.strip_prefix(&self.root) else { continue };
            // A watched folder that appears (or comes back) is watched from now on, and read.
            if let Some(folder) = FOLDERS.iter().find(|f| rel == Path::new(f)) {
                if path.is_dir() {
                    let _ = self.inner.watch(path, RecursiveMode::Recursive);
                }
                match *folder {
                    "content" | "static" => changes.rescan = true,
                    _ => changes.add(Change::Templates),
                }
                continue;
            }
            if let Some(change) = classify(rel, &self.theme, &self.output) {
                changes.add(change);
            }
        }
    }
}
