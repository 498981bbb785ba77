//! A site on disk and what lives as long as it: config, theme, templates, highlighter.
//! [`Project::build`] runs the whole pipeline and returns the outputs as data (`check`, tests);
//! [`Project::build_into`] writes the pages into a staging folder as they are rendered and
//! [`Build::write`] puts the site in place (`carnet build`); the preview keeps a [`State`].
//! `render.rs`: rendering the jobs, into memory or into the staging folder.

use std::path::{Path, PathBuf};
use std::time::Instant;

mod render;

use crate::bodies::BodyCache;
use crate::config::{self, Config};
use crate::diagnostics::{Diagnostic, Level, Report, ReportOptions};
use crate::highlight::Highlighter;
use crate::index::Indexes;
use crate::markdown::RenderedBody;
use crate::model::{self, DocId, Selection, Site};
use crate::output::{Outputs, Staging};
use crate::render::plan::{Job, plan};
use crate::render::templates::Templates;
use crate::source::{Asset, SourceFile};
use crate::theme::{self, ThemeFiles};
use crate::{bodies, source};

/// Why a build did not produce a site.
#[derive(Debug)]
pub enum Failure {
    /// Mistakes in the site's files, every one found (exit code 1).
    Content(Vec<Diagnostic>),
    /// The machine failed us: a folder is missing, a write failed (exit code 2).
    Operational(anyhow::Error),
}

impl Failure {
    /// The failure as the terminal shows it: the problems grouped as `options` says, then a
    /// closing line saying `what` did not happen (`the site was not built`) and counting them.
    pub fn render(&self, what: &str, options: &ReportOptions) -> String {
        match self {
            Failure::Content(diags) => {
                let report = Report::new(diags.iter().cloned(), options);
                format!("{}{}", report.text, report.failure_line(what, options.color))
            }
            Failure::Operational(e) => format!("error: {e:#}\n"),
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Operational(e)
    }
}

/// Settings given on the command line that win over `carnet.yaml`.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub base_url: Option<String>,
    pub output: Option<PathBuf>,
    /// `--allow`, `--warn`, `--deny`: lint levels over those of `carnet.yaml`, in order (lint
    /// names or `warnings`, checked by the command line).
    pub lints: Vec<(String, Level)>,
}

pub struct Project {
    pub root: PathBuf,
    pub config: Config,
    theme: ThemeFiles,
    templates: Templates,
    highlighter: Highlighter,
    collation: crate::collate::Collation,
    /// Whether builds write the search index (`carnet build --no-search` and `check` skip it).
    pub search: bool,
    /// When set, external links are requested with this timeout (`carnet check --external`).
    pub external: Option<std::time::Duration>,
    /// Told the name of each stage as it starts (`carnet build --progress`).
    pub on_stage: Option<Box<dyn Fn(&'static str) + Send + Sync>>,
}

/// A successful build: the files, the warnings, and how long each stage took.
pub struct Build {
    pub outputs: Outputs,
    /// Where [`Project::build_into`] already wrote the pages.
    staging: Option<Staging>,
    pub warnings: Vec<Diagnostic>,
    pub page_count: usize,
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

impl Build {
    /// Writes the files not written yet and puts the new site in place at `dest`, atomically.
    pub fn write(self, dest: &Path) -> anyhow::Result<()> {
        match self.staging {
            Some(staging) => staging.finish(&self.outputs),
            None => self.outputs.write_atomic(dest),
        }
    }
}

impl Project {
    pub fn open(root: &Path, overrides: &Overrides) -> Result<Project, Failure> {
        let config_path = root.join(config::CONFIG_FILE);
        if !config_path.exists() {
            return Err(Failure::Operational(anyhow::anyhow!(
                "there is no {} in {}: is this a carnet site? (`--root DIR` names the site's folder)",
                config::CONFIG_FILE,
                root.display()
            )));
        }
        let text = crate::source::read_text(&config_path, Path::new(config::CONFIG_FILE))
            .map_err(|d| Failure::Content(vec![d]))?;
        let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
        let mut with_overrides = text.clone();
        if let Some(url) = &overrides.base_url {
            // The command line wins: replace the key, keeping the file's other lines and positions.
            with_overrides = text.lines().filter(|l| !l.starts_with("base_url:")).collect::<Vec<_>>().join("\n");
            with_overrides.push_str(&format!("\nbase_url: \"{}\"\n", url.replace('"', "")));
        }
        let mut config = config::parse(&with_overrides, Path::new(config::CONFIG_FILE)).map_err(Failure::Content)?;
        if let Some(out) = &overrides.output {
            config.output = out.clone();
        }
        for (name, level) in &overrides.lints {
            config.lints.set_named(name, *level);
        }
        let theme = theme::load(root, &config.theme).map_err(Failure::Content)?;
        let templates = Templates::load(&theme, &config).map_err(Failure::Content)?;
        let collation = crate::collate::Collation::new(config.language);
        Ok(Project {
            root: root.to_path_buf(),
            config,
            theme,
            templates,
            highlighter: Highlighter::new(),
            collation,
            search: true,
            external: None,
            on_stage: None,
        })
    }

    /// The output folder, resolved against the site root.
    pub fn output_dir(&self) -> PathBuf {
        self.root.join(&self.config.output)
    }

    /// Reloads the theme and templates after a change to them (a preview's template edit).
    pub fn reload_theme(&mut self) -> Result<(), Failure> {
        let theme = theme::load(&self.root, &self.config.theme).map_err(Failure::Content)?;
        let templates = Templates::load(&theme, &self.config).map_err(Failure::Content)?;
        self.theme = theme;
        self.templates = templates;
        Ok(())
    }

    /// Reloads the theme's static files only (a preview's CSS edit): the outputs that came
    /// from the theme take the new files; nothing is rendered.
    pub fn reload_theme_statics(&mut self, state: &mut State) -> Result<(), Failure> {
        let theme = theme::load(&self.root, &self.config.theme).map_err(Failure::Content)?;
        let from_theme = |rel: &str, outputs: &Outputs, old: &ThemeFiles| match old.statics.get(rel) {
            Some(file) => outputs.get(rel) == Some(file.bytes.as_slice()),
            None => !outputs.contains(rel),
        };
        for rel in self.theme.statics.keys() {
            if !theme.statics.contains_key(rel) && from_theme(rel, &state.outputs, &self.theme) {
                state.outputs.remove(rel);
            }
        }
        for (rel, file) in &theme.statics {
            if from_theme(rel, &state.outputs, &self.theme) {
                state.outputs.insert(rel.clone(), file.bytes.clone());
            }
        }
        self.theme.statics = theme.statics;
        Ok(())
    }

    pub fn highlighter(&self) -> &Highlighter {
        &self.highlighter
    }

    /// Reads every source of the site: the only IO of a build before the write.
    pub fn read_sources(&self) -> Sources {
        let root = source::canonical_root(&self.root);
        let scan = source::scan(&root, &self.root.join("content"), Path::new("content"));
        let mut diagnostics = scan.diagnostics;
        let statics = source::scan_static(&root, &self.root.join("static"), Path::new("static"), &mut diagnostics);
        Sources { pages: scan.pages, assets: scan.assets, statics, diagnostics }
    }

    /// The whole pipeline: read, assemble, index for search. Nothing is written.
    pub fn build(&self, selection: Selection) -> Result<Build, Failure> {
        self.build_with(selection, None)
    }

    /// The whole pipeline, writing pages into a staging folder for `dest` as they are rendered
    /// (the site is never held whole in memory); [`Build::write`] finishes the job.
    pub fn build_into(&self, selection: Selection, dest: &Path) -> Result<Build, Failure> {
        self.build_with(selection, Some(dest))
    }

    /// Tells `on_stage` that `name` starts.
    fn stage(&self, name: &'static str) {
        if let Some(tell) = &self.on_stage {
            tell(name);
        }
    }

    fn build_with(&self, selection: Selection, dest: Option<&Path>) -> Result<Build, Failure> {
        let clock = Instant::now();
        self.stage("scan");
        let sources = self.read_sources();
        let read = clock.elapsed();
        let (mut state, staging) = self.assemble_with(sources, selection, &mut BodyCache::default(), dest)?;
        state.timings.insert(0, ("scan", read));
        let clock = Instant::now();
        if self.search {
            self.stage("search");
            let pages = self.search_pages(&state);
            // The last build's index, when the pages are the same (`.carnet-cache/search/`).
            let cache = crate::search::Cache::of_site(&self.root);
            let key = crate::search::fingerprint(&pages);
            let index = match cache.load(&key) {
                Some(index) => index,
                None => {
                    let index = match &staging {
                        Some(staging) => match crate::search::index_until(pages, || staging.interrupted()) {
                            Ok(index) => index,
                            Err(e) => return Err(abandon(state, e)),
                        },
                        None => crate::search::index(pages)?,
                    };
                    cache.store(&key, &index);
                    index
                }
            };
            for (path, bytes) in index {
                state.outputs.insert(path, bytes);
            }
        }
        state.timings.push(("search", clock.elapsed()));
        let page_count = state.site.pages.len();
        let warnings = state.all_warnings();
        Ok(Build { outputs: state.outputs, staging, warnings, page_count, timings: state.timings })
    }

    /// Stages 2 to 7 on sources already read: model, bodies (reused from `cache` when their
    /// text and the site's addresses are unchanged), indexes, rendering, statics.
    pub fn assemble(&self, sources: Sources, selection: Selection, cache: &mut BodyCache) -> Result<State, Failure> {
        self.assemble_with(sources, selection, cache, None).map(|(state, _)| state)
    }

    /// [`Project::assemble`], writing the rendered pages into a staging folder for `dest` when
    /// there is one (made only once the content is known to be sound).
    fn assemble_with(
        &self,
        sources: Sources,
        selection: Selection,
        cache: &mut BodyCache,
        dest: Option<&Path>,
    ) -> Result<(State, Option<Staging>), Failure> {
        let mut timings = Vec::new();
        let mut clock = Instant::now();
        let mut lap = |name: &'static str, timings: &mut Vec<_>| {
            timings.push((name, clock.elapsed()));
            clock = Instant::now();
        };
        let config = &self.config;
        let Sources { pages, assets, statics, diagnostics: mut diags } = sources;
        self.stage("model");
        let (site, model_diags) = model::build(config, pages, assets.iter().map(|a| a.rel_path.clone()), selection);
        diags.extend(model_diags);
        lap("model", &mut timings);
        self.stage("markdown");
        let (bodies, body_diags) = bodies::render_bodies(&site, config, &self.anchor_label(), &self.highlighter, cache);
        let body_warnings = config.lints.apply(body_diags);
        lap("markdown", &mut timings);
        if let Some(timeout) = self.external {
            diags.extend(crate::external::check(&site, &bodies, timeout));
            lap("external", &mut timings);
        }
        // The indexes are derived even when the files have errors, so that one run reports
        // every problem: a tag's spellings are known only once every page is read.
        self.stage("derive");
        let (indexes, index_warnings) = {
            let links: Vec<&[usize]> = bodies.iter().map(|b| b.links_to.as_slice()).collect();
            crate::index::derive(&site, &self.collation, selection.today, &links)
        };
        diags.extend(index_warnings);
        let mut diags = config.lints.apply(diags);
        if diags.iter().chain(&body_warnings).any(Diagnostic::is_error) {
            diags.extend(body_warnings);
            return Err(Failure::Content(diags));
        }
        lap("derive", &mut timings);
        let jobs = plan(&site, config, &indexes);
        let mut state = State {
            site,
            bodies,
            indexes,
            jobs,
            reads: Vec::new(),
            outputs: Outputs::default(),
            copies: assets.into_iter().chain(statics).collect(),
            warnings: diags,
            body_warnings,
            selection,
            timings: Vec::new(),
        };
        let owners = self.check_owners(&state);
        if !owners.is_empty() {
            return Err(Failure::Content(state.warnings.into_iter().chain(owners).collect()));
        }
        let staging = dest.map(Staging::begin).transpose()?;
        self.stage("render");
        if let Err(f) = self.render_into(&mut state, staging.as_ref()) {
            return Err(match f {
                Failure::Operational(e) => abandon(state, e),
                content => content,
            });
        }
        lap("render", &mut timings);
        state.timings = timings;
        Ok((state, staging))
    }
}

/// What [`Project::read_sources`] found.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    pub pages: Vec<SourceFile>,
    /// Files of `content/` other than Markdown.
    pub assets: Vec<Asset>,
    /// Files of the site's `static/`.
    pub statics: Vec<Asset>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A built site with everything it was made from, kept by a preview to rebuild only what a
/// change touches.
pub struct State {
    pub site: Site,
    pub bodies: Vec<RenderedBody>,
    pub indexes: Indexes,
    pub jobs: Vec<Job>,
    /// For each job, the pages whose body it read.
    pub reads: Vec<Vec<DocId>>,
    pub outputs: Outputs,
    /// The files copied as they are (content assets, then the site's static/).
    pub copies: Vec<Asset>,
    /// The warnings of every stage but the Markdown one, whose warnings are `body_warnings`
    /// (the preview's body fast path makes those again alone).
    pub warnings: Vec<Diagnostic>,
    pub body_warnings: Vec<Diagnostic>,
    pub selection: Selection,
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// The failure of a build stopped by a signal, whose state is left unfreed: the process is
/// about to exit, and freeing hundreds of megabytes of pages, one allocation at a time, took a
/// fifth of a second at 10,000 pages, between Ctrl-C and the prompt. Any other failure frees it.
fn abandon(state: State, e: anyhow::Error) -> Failure {
    if e.downcast_ref::<crate::output::Interrupted>().is_some() {
        std::mem::forget(state);
    }
    Failure::Operational(e)
}

impl State {
    /// Every warning of the build, in no particular order.
    pub fn all_warnings(&self) -> Vec<Diagnostic> {
        self.warnings.iter().chain(&self.body_warnings).cloned().collect()
    }
}

/// Today in the site's time zone.
pub fn today(config: &Config) -> jiff::civil::Date {
    jiff::ZonedDateTime::now().with_time_zone(config.time_zone.clone()).date()
}
