//! A site on disk and what lives as long as it: config, theme, templates, highlighter.
//! [`Project::build`] runs the whole pipeline and returns the outputs as data; writing them
//! is the caller's business (`build` writes them atomically, a preview would serve them).

use std::path::{Path, PathBuf};
use std::time::Instant;

use tera::Context;

use crate::config::{self, Config};
use crate::diagnostics::Diagnostic;
use crate::highlight::Highlighter;
use crate::model::{self, Selection};
use crate::output::Outputs;
use crate::render::plan::{accessibility_path, plan};
use crate::render::templates::Templates;
use crate::render::view::Views;
use crate::render::{RenderInput, render_all};
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
}

/// A successful build: the files, the warnings, and how long each stage took.
pub struct Build {
    pub outputs: Outputs,
    pub warnings: Vec<Diagnostic>,
    pub page_count: usize,
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

impl Project {
    pub fn open(root: &Path, overrides: &Overrides) -> Result<Project, Failure> {
        let config_path = root.join(config::CONFIG_FILE);
        let text = match std::fs::read_to_string(&config_path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Failure::Operational(anyhow::anyhow!(
                    "there is no {} in {}: is this a carnet site? (`--root DIR` names the site's folder)",
                    config::CONFIG_FILE,
                    root.display()
                )));
            }
            Err(e) => {
                return Err(Failure::Operational(
                    anyhow::Error::new(e).context(format!("cannot read {}", config_path.display())),
                ));
            }
        };
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
        })
    }

    /// The output folder, resolved against the site root.
    pub fn output_dir(&self) -> PathBuf {
        self.root.join(&self.config.output)
    }

    pub fn build(&self, selection: Selection) -> Result<Build, Failure> {
        let mut timings = Vec::new();
        let mut clock = Instant::now();
        let mut lap = |name: &'static str, timings: &mut Vec<_>| {
            timings.push((name, clock.elapsed()));
            clock = Instant::now();
        };
        let config = &self.config;
        let scan = source::scan(&self.root.join("content"), Path::new("content"));
        let mut diags = scan.diagnostics;
        let mut statics_diags = Vec::new();
        let site_static = source::scan_static(&self.root.join("static"), Path::new("static"), &mut statics_diags);
        diags.extend(statics_diags);
        lap("scan", &mut timings);
        let (site, model_diags) =
            model::build(config, scan.pages, scan.assets.iter().map(|a| a.rel_path.clone()), selection);
        diags.extend(model_diags);
        lap("model", &mut timings);
        let label = self.templates.strings.get("anchor_label").cloned().unwrap_or_default();
        let (bodies, body_diags) = bodies::render_bodies(&site, config, &label, &self.highlighter);
        diags.extend(body_diags);
        lap("markdown", &mut timings);
        if let Some(timeout) = self.external {
            diags.extend(crate::external::check(&site, &bodies, timeout));
            lap("external", &mut timings);
        }
        if diags.iter().any(Diagnostic::is_error) {
            return Err(Failure::Content(diags));
        }
        let (indexes, index_warnings) = {
            let links: Vec<&[usize]> = bodies.iter().map(|b| b.links_to.as_slice()).collect();
            crate::index::derive(&site, &self.collation, selection.today, &links)
        };
        diags.extend(index_warnings);
        lap("derive", &mut timings);
        let views = Views { site: &site, config, indexes: &indexes };
        let mut base = Context::new();
        base.insert("site", &views.site_view(format!("{}{}", config.base_path, accessibility_path(config))));
        base.insert("t", &self.templates.strings);
        let css = self.highlighter.stylesheets();
        let input = RenderInput {
            site: &site,
            config,
            indexes: &indexes,
            bodies: &bodies,
            templates: &self.templates,
            highlight_css: &css,
            base: &base,
        };
        let jobs = plan(&site, config, &indexes);
        let (mut outputs, render_diags) = render_all(&input, &jobs);
        diags.extend(render_diags);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(Failure::Content(diags));
        }
        lap("render", &mut timings);
        // The search index, from the rendered content pages.
        let pages: Vec<(String, String)> = if !self.search {
            Vec::new()
        } else {
            site.pages
                .iter()
                .enumerate()
                .filter(|(_, p)| !p.is_section)
                .filter_map(|(id, p)| {
                    let html = outputs.get(&format!("{}index.html", p.path))?;
                    Some((site.url(config, id), String::from_utf8_lossy(html).into_owned()))
                })
                .collect()
        };
        let index = if pages.is_empty() { Vec::new() } else { crate::search::index(pages)? };
        for (path, bytes) in index {
            outputs.insert(path, bytes);
        }
        lap("search", &mut timings);
        // Generated files win, then the site's static/ and content/ files, then the theme's.
        for asset in site_static.into_iter().chain(scan.assets) {
            if !outputs.insert_copy(asset.rel_path.clone(), asset.source) {
                diags.push(Diagnostic::warning(format!(
                    "`{}` is also a generated page: the generated one is kept",
                    asset.rel_path
                )));
            }
        }
        for (rel, file) in &self.theme.statics {
            if !outputs.contains(rel) {
                outputs.insert(rel.clone(), file.bytes.clone());
            }
        }
        Ok(Build { outputs, warnings: diags, page_count: site.pages.len(), timings })
    }
}

/// Today in the site's time zone.
pub fn today(config: &Config) -> jiff::civil::Date {
    jiff::ZonedDateTime::now().with_time_zone(config.time_zone.clone()).date()
}
