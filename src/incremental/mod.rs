//! Rebuilding after changes: a [`Preview`] keeps the sources and the last good [`State`], and
//! each [`ChangeSet`] redoes only what it touches. The outputs are always those a full build of
//! the same files gives (the equivalence is tested edit by edit in `tests/suite/rebuild.rs`).
//!
//! - A body-only edit (front matter unchanged, same headings and links) re-renders that body
//!   and the jobs that read it (its page, feeds, lists showing it), nothing else.
//! - A template or i18n change reloads the theme and re-renders every job, without re-parsing.
//! - A static file edit rebuilds nothing: the file is served from disk.
//! - Anything else (front matter, new or removed files, `carnet.yaml`) assembles the site
//!   again from the sources in memory, reusing every body whose text did not change.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::Instant;

use crate::bodies::{self, BodyCache};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{DocId, Selection};
use crate::output::Outputs;
use crate::project::{Failure, Overrides, Project, Sources, State};
use crate::render::plan::Job;
use crate::source::{self, SourceFile};

mod changes;
pub use changes::{Change, ChangeSet, classify};

/// How a change set was rebuilt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuild {
    /// Nothing to rebuild (the files are as they were, or only copied files changed).
    Nothing,
    /// Some bodies and the jobs reading them.
    Bodies,
    /// Every job rendered again, nothing parsed.
    Render,
    /// The site assembled again from the sources in memory.
    Site,
    /// The configuration read again, the project opened again.
    Project,
}

/// What a rebuild changed.
#[derive(Debug)]
pub struct Update {
    /// Output paths whose content changed, appeared or disappeared, sorted.
    pub changed: Vec<String>,
    pub warnings: Vec<Diagnostic>,
    pub rebuild: Rebuild,
}

const INDEXED: &[u8] = b"data-pagefind-body";

/// Whether changes to these output paths call for a new search index: the index holds the
/// content pages only (`data-pagefind-body`), so a change to the agenda or a list does not,
/// while a changed, new or removed page does. A preview left open past midnight thus indexes
/// again only when the new day changed a page.
pub fn changes_index(outputs: &Outputs, changed: &[String]) -> bool {
    changed.iter().any(|path| {
        path.ends_with(".html") && outputs.get(path).is_none_or(|b| b.windows(INDEXED.len()).any(|w| w == INDEXED))
    })
}

/// A site kept in memory for a preview.
pub struct Preview {
    project: Project,
    overrides: Overrides,
    selection: Selection,
    /// The Markdown files of `content/`, by path relative to it.
    pages: BTreeMap<String, String>,
    /// Markdown files that could not be read, by path.
    unreadable: BTreeMap<String, Diagnostic>,
    sources: Sources,
    cache: BodyCache,
    /// The last good build.
    state: State,
    /// For each page, the jobs that read its body.
    readers: HashMap<DocId, Vec<usize>>,
    /// The last rebuild failed: the state may be ahead of the files, the next one starts over.
    dirty: bool,
}

impl Preview {
    /// Opens the site at `root` and builds it (no search index: the server makes it apart).
    /// `selection` is chosen once the configuration is read (today is in the site's time zone).
    pub fn open(
        root: &Path,
        overrides: Overrides,
        selection: impl FnOnce(&Config) -> Selection,
    ) -> Result<Preview, Failure> {
        let mut project = Project::open(root, &overrides)?;
        project.search = false;
        let selection = selection(&project.config);
        let mut preview = Preview {
            project,
            overrides,
            selection,
            pages: BTreeMap::new(),
            unreadable: BTreeMap::new(),
            sources: Sources::default(),
            cache: BodyCache::keeping(),
            state: empty_state(selection),
            readers: HashMap::new(),
            dirty: true,
        };
        preview.read_everything();
        preview.assemble()?;
        preview.dirty = false;
        Ok(preview)
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn outputs(&self) -> &Outputs {
        &self.state.outputs
    }

    /// The date the preview takes as today.
    pub fn today(&self) -> jiff::civil::Date {
        self.selection.today
    }

    /// A new day (a preview left running past midnight): events move from "upcoming" to
    /// "past" and pages whose publication date has come lose their badge, as in a build made
    /// today. The site is assembled again from memory.
    pub fn set_today(&mut self, today: jiff::civil::Date) -> Result<Update, Failure> {
        let before = self.state.outputs.clone();
        self.selection.today = today;
        let result = self.assemble();
        self.dirty = result.is_err();
        result?;
        Ok(self.update(&before, Vec::new(), Rebuild::Site))
    }

    /// Applies a set of changes. On failure the last good outputs stay, and the next change
    /// rebuilds the site whole.
    pub fn apply(&mut self, changes: &ChangeSet) -> Result<Update, Failure> {
        let result = self.apply_inner(changes);
        self.dirty = result.is_err();
        result
    }

    fn apply_inner(&mut self, changes: &ChangeSet) -> Result<Update, Failure> {
        let before = self.state.outputs.clone();
        if changes.config {
            self.project = Project::open(&self.project.root.clone(), &self.overrides)?;
            self.project.search = false;
            self.cache = BodyCache::keeping();
            self.read_everything();
            self.assemble()?;
            return Ok(self.update(&before, Vec::new(), Rebuild::Project));
        }
        let label = self.project.anchor_label();
        if changes.templates {
            self.project.reload_theme()?;
        } else if changes.theme_statics {
            self.project.reload_theme_statics(&mut self.state)?;
        }
        let (edited, copied, structure) = self.reread(changes);
        if structure || changes.rescan {
            self.read_everything();
        }
        let structural = structure || changes.rescan || self.dirty || edited.iter().any(|r| !self.is_known(r));
        let relabelled = label != self.project.anchor_label();
        let rebuild = if structural || relabelled || !self.rebuild_bodies(&edited)? {
            self.assemble()?;
            Rebuild::Site
        } else if changes.templates {
            self.project.render(&mut self.state)?;
            self.index_readers();
            Rebuild::Render
        } else if !edited.is_empty() {
            Rebuild::Bodies
        } else {
            Rebuild::Nothing
        };

        Ok(self.update(&before, copied, rebuild))
    }

    fn update(&mut self, before: &Outputs, copied: Vec<String>, rebuild: Rebuild) -> Update {
        let mut changed = before.diff(&self.state.outputs);
        changed.extend(copied.into_iter().filter(|p| self.state.outputs.source_of(p).is_some()));
        changed.sort_unstable();
        changed.dedup();
        Update { changed, warnings: self.state.all_warnings(), rebuild }
    }

    /// Reads the changed files again. Returns the Markdown files whose text changed (or that
    /// appeared or disappeared), the copied files that changed, and whether files appeared or
    /// disappeared elsewhere (the file lists must be read again).
    fn reread(&mut self, changes: &ChangeSet) -> (Vec<String>, Vec<String>, bool) {
        let root = self.project.root.clone();
        let canonical = source::canonical_root(&root);
        let (mut edited, mut copied, mut structure) = (Vec::new(), Vec::new(), false);
        for rel in &changes.content {
            let path = root.join("content").join(rel);
            // A file that now leads outside the site: the whole walk reports it, and reads nothing.
            if source::resolves_inside(&canonical, &path).is_err() {
                structure = true;
                continue;
            }
            let meta = std::fs::metadata(&path).ok();
            if meta.as_ref().is_some_and(std::fs::Metadata::is_dir) {
                structure = true;
                continue;
            }
            if !rel.ends_with(".md") {
                let known = self.sources.assets.iter().any(|a| &a.rel_path == rel);
                // A folder moved away gives one event, for the folder.
                let under = format!("{rel}/");
                let held = self.pages.keys().any(|k| k.starts_with(&under))
                    || self.sources.assets.iter().any(|a| a.rel_path.starts_with(&under));
                structure |= known != meta.is_some() || held;
                copied.push(rel.clone());
                continue;
            }
            let new = meta.map(|_| source::read_page(&path, rel, Path::new("content")));
            let was_unreadable = self.unreadable.remove(rel).is_some();
            match new {
                None => {
                    if self.pages.remove(rel).is_some() || was_unreadable {
                        edited.push(rel.clone());
                    }
                }
                Some(Ok(page)) => {
                    if self.pages.get(rel) != Some(&page.text) || was_unreadable {
                        self.pages.insert(rel.clone(), page.text);
                        edited.push(rel.clone());
                    }
                }
                Some(Err(d)) => {
                    self.pages.remove(rel);
                    self.unreadable.insert(rel.clone(), d);
                    edited.push(rel.clone());
                }
            }
        }
        for rel in &changes.statics {
            let path = root.join("static").join(rel);
            structure |= source::resolves_inside(&canonical, &path).is_err();
            let exists = path.is_file();
            let known = self.sources.statics.iter().any(|a| &a.rel_path == rel);
            let held = self.sources.statics.iter().any(|a| a.rel_path.starts_with(&format!("{rel}/")));
            structure |= known != exists || path.is_dir() || held;
            copied.push(rel.clone());
        }
        (edited, copied, structure)
    }

    fn is_known(&self, rel: &str) -> bool {
        self.state.site.by_rel.contains_key(rel) && self.pages.contains_key(rel)
    }

    /// The fast path: only the bodies of `edited` changed. Returns `false` when the edits
    /// touch more than bodies (front matter, headings, links, code styles) or a page the
    /// site does not show, so that the caller assembles the site again.
    fn rebuild_bodies(&mut self, edited: &[String]) -> Result<bool, Failure> {
        let mut ids = Vec::new();
        for rel in edited {
            let (Some(&id), Some(text)) = (self.state.site.by_rel.get(rel), self.pages.get(rel)) else {
                return Ok(false);
            };
            let page = &self.state.site.pages[id];
            let head = page.body_offset;
            if text.get(..head) != page.text.get(..head) {
                return Ok(false);
            }
            ids.push((id, text.as_str()));
        }
        if ids.is_empty() {
            return Ok(true);
        }
        let label = self.project.anchor_label();
        let (config, hl) = (&self.project.config, self.project.highlighter());
        for &(id, text) in &ids {
            self.state.site.pages[id].text = text.to_string();
            let body = bodies::render_body(&self.state.site, config, &label, hl, id, None);
            let old = &self.state.bodies[id];
            if body.ids != old.ids
                || body.aliases != old.aliases
                || body.links_to != old.links_to
                || body.styles != old.styles
            {
                return Ok(false);
            }
            self.state.bodies[id] = body;
        }
        let (diags, mut fixes) = bodies::check_bodies(&self.state.site, &self.state.bodies);
        // The other pages' anchors did not change (their targets' ids did not): only the
        // edited bodies may need their forge anchors written again.
        fixes.retain(|id, _| ids.iter().any(|(edited, _)| edited == id));
        bodies::apply_fixes(&self.state.site, config, &label, hl, &mut self.state.bodies, &fixes);
        let diags = config.lints.apply(diags);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(Failure::Content(self.state.warnings.iter().cloned().chain(diags).collect()));
        }
        self.state.body_warnings = diags;
        let mut jobs: Vec<usize> =
            ids.iter().flat_map(|(id, _)| self.readers.get(id).into_iter().flatten().copied()).collect();
        jobs.sort_unstable();
        jobs.dedup();
        let list: Vec<&Job> = jobs.iter().map(|&j| &self.state.jobs[j]).collect();
        let results = self.project.render_jobs(&self.state, &list);
        let mut outputs = self.state.outputs.clone();
        let mut errors = Vec::new();
        for result in results {
            match result {
                Ok(r) => outputs.insert(r.path, r.bytes),
                Err(d) => errors.push(d),
            }
        }
        if !errors.is_empty() {
            return Err(Failure::Content(errors));
        }
        self.state.outputs = outputs;
        Ok(true)
    }

    /// Reads every source again (the lists of files, and every file).
    fn read_everything(&mut self) {
        let mut sources = self.project.read_sources();
        self.pages = std::mem::take(&mut sources.pages).into_iter().map(|p| (p.rel_path, p.text)).collect();
        self.unreadable.clear();
        self.sources = sources;
    }

    /// Assembles the whole site from the sources in memory.
    fn assemble(&mut self) -> Result<(), Failure> {
        let clock = Instant::now();
        let mut sources = self.sources.clone();
        sources.pages =
            self.pages.iter().map(|(rel, text)| SourceFile { rel_path: rel.clone(), text: text.clone() }).collect();
        sources.diagnostics.extend(self.unreadable.values().cloned());
        let mut state = self.project.assemble(sources, self.selection, &mut self.cache)?;
        state.timings.push(("assemble", clock.elapsed()));
        self.state = state;
        self.index_readers();
        Ok(())
    }

    fn index_readers(&mut self) {
        self.readers.clear();
        for (job, reads) in self.state.reads.iter().enumerate() {
            for &id in reads {
                self.readers.entry(id).or_default().push(job);
            }
        }
    }
}

fn empty_state(selection: Selection) -> State {
    State {
        site: Default::default(),
        bodies: Vec::new(),
        indexes: Default::default(),
        jobs: Vec::new(),
        reads: Vec::new(),
        outputs: Outputs::default(),
        copies: Vec::new(),
        warnings: Vec::new(),
        body_warnings: Vec::new(),
        selection,
        timings: Vec::new(),
    }
}
