//! Rendering a project's jobs: into memory (the preview, `carnet check`) or, for `carnet build`,
//! into a staging folder as each page is made; then the static files.

use std::collections::{BTreeSet, HashSet};

use tera::Context;

use super::{Failure, Project, State};
use crate::diagnostics::Diagnostic;
use crate::model::{DocId, Site};
use crate::output::{Outputs, Staging};
use crate::render::plan::{Job, accessibility_path};
use crate::render::view::Views;
use crate::render::{RenderInput, Rendered, render_each};

impl Project {
    /// The rendered content pages, `(url, html)`, that the search index is made from.
    pub fn search_pages(&self, state: &State) -> Vec<(String, String)> {
        let (site, outputs) = (&state.site, &state.outputs);
        searched(site)
            .filter_map(|(id, path)| {
                let html = outputs.get(&path)?;
                Some((site.url(&self.config, id), String::from_utf8_lossy(html).into_owned()))
            })
            .collect()
    }

    /// The label of heading anchors, part of every body's HTML.
    pub fn anchor_label(&self) -> String {
        self.templates.strings.get("anchor_label").cloned().unwrap_or_default()
    }

    /// The owner of every path the build would write, checked before anything is rendered.
    pub(super) fn check_owners(&self, state: &State) -> Vec<Diagnostic> {
        let no_css = (String::new(), String::new());
        let base = Context::new();
        let input = RenderInput {
            site: &state.site,
            config: &self.config,
            indexes: &state.indexes,
            bodies: &state.bodies,
            templates: &self.templates,
            highlight_css: &no_css,
            base: &base,
            reads: None,
        };
        let mut diags = crate::render::owners::generated_sections(&input);
        diags.extend(crate::render::owners::check(&input, &state.jobs, &state.copies, &self.theme.statics, &self.root));
        diags
    }

    /// Renders every job of `state` again (after a template change, or the first time), then
    /// adds the static files.
    pub fn render(&self, state: &mut State) -> Result<(), Failure> {
        self.render_into(state, None)
    }

    /// [`Project::render`], writing each page to `staging` as soon as it is rendered, unless
    /// the search index still needs its text.
    pub(super) fn render_into(&self, state: &mut State, staging: Option<&Staging>) -> Result<(), Failure> {
        let keep: HashSet<String> = match staging {
            Some(_) if self.search => searched(&state.site).map(|(_, path)| path).collect(),
            _ => HashSet::new(),
        };
        let jobs: Vec<&Job> = state.jobs.iter().collect();
        let stopped = || staging.and_then(Staging::interrupted).map(|i| Err(i.into()));
        let results = self.render_each(state, &jobs, stopped, |mut r| match staging {
            Some(staging) if !keep.contains(&r.path) => staging.write(&r.path, &r.bytes).map(|()| {
                r.bytes = Vec::new();
                (r, true)
            }),
            _ => Ok((r, false)),
        });
        let mut outputs = Outputs::default();
        let mut reads = Vec::with_capacity(jobs.len());
        let (mut diags, mut failed) = (Vec::new(), None);
        for r in results {
            match r {
                Ok(Ok((r, written))) => {
                    reads.push(r.reads);
                    if written {
                        outputs.insert_written(r.path);
                    } else {
                        outputs.insert(r.path, r.bytes);
                    }
                }
                Ok(Err(e)) => failed = failed.or(Some(e)),
                Err(d) => diags.push(d),
            }
        }
        if !diags.is_empty() {
            return Err(Failure::Content(diags));
        }
        if let Some(e) = failed {
            return Err(Failure::Operational(e));
        }
        state.reads = reads;
        state.outputs = outputs;
        self.add_statics(state);
        Ok(())
    }

    /// Renders some jobs of `state`, noting the bodies each reads.
    pub fn render_jobs(&self, state: &State, jobs: &[&Job]) -> Vec<Result<Rendered, Diagnostic>> {
        self.render_each(state, jobs, || None, |rendered| rendered)
    }

    fn render_each<T: Send>(
        &self,
        state: &State,
        jobs: &[&Job],
        skip: impl Fn() -> Option<T> + Sync,
        then: impl Fn(Rendered) -> T + Sync,
    ) -> Vec<Result<T, Diagnostic>> {
        let config = &self.config;
        let views = Views { site: &state.site, config, indexes: &state.indexes };
        let mut base = Context::new();
        base.insert("site", &views.site_view(format!("{}{}", config.base_path, accessibility_path(config))));
        base.insert("t", &self.templates.strings);
        let used: BTreeSet<_> = state.bodies.iter().flat_map(|b| b.styles.iter().copied()).collect();
        let css = self.highlighter.stylesheets(&used);
        let input = RenderInput {
            site: &state.site,
            config,
            indexes: &state.indexes,
            bodies: &state.bodies,
            templates: &self.templates,
            highlight_css: &css,
            base: &base,
            reads: None,
        };
        render_each(&input, jobs, skip, then)
    }

    /// The site's static/ and content/ files, then the theme's where the site has none (the
    /// owners check made sure no other file takes their paths).
    pub fn add_statics(&self, state: &mut State) {
        for asset in &state.copies {
            state.outputs.insert_copy(asset.rel_path.clone(), asset.source.clone());
        }
        for (rel, file) in &self.theme.statics {
            if !state.outputs.contains(rel) {
                state.outputs.insert(rel.clone(), file.bytes.clone());
            }
        }
    }
}

/// The pages the search index is made from, with their output paths: every content page.
fn searched(site: &Site) -> impl Iterator<Item = (DocId, String)> + '_ {
    site.pages.iter().enumerate().filter(|(_, p)| !p.is_section).map(|(id, p)| (id, format!("{}index.html", p.path)))
}
