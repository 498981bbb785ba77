//! Sessions grouped by programme: the groups shown on a section's list, and a page per
//! programme when a section holds sessions of several.

use std::collections::BTreeMap;

use serde::Serialize;

use super::view::{GeneratedPage, SummaryView, Views};
use super::{RenderInput, index_file};
use crate::diagnostics::Diagnostic;
use crate::index::programme_of;
use crate::model::{DocId, slugify};

#[derive(Serialize)]
pub struct ProgrammeGroup {
    pub name: String,
    /// The programme's own page, when the section has several programmes.
    pub url: Option<String>,
    pub sessions: Vec<SummaryView>,
}

/// Where the page of programme `name` of a section lives.
pub fn programme_path(section_path: &str, name: &str) -> String {
    let slug = slugify(name);
    format!("{section_path}programmes/{}/", if slug.is_empty() { "sans-programme" } else { &slug })
}

/// The sessions among `slice`, grouped by programme (the slice's order is kept).
pub fn groups(views: &Views<'_>, section: DocId, slice: &[DocId]) -> Vec<ProgrammeGroup> {
    let site = views.site;
    let several = views.indexes.section_programmes.get(&section).is_some_and(|p| p.len() > 1);
    let mut order: Vec<String> = Vec::new();
    let mut by_name: BTreeMap<String, Vec<SummaryView>> = BTreeMap::new();
    for &p in slice {
        let Some(name) = programme_of(site, p) else { continue };
        if !by_name.contains_key(name) {
            order.push(name.to_string());
        }
        by_name.entry(name.to_string()).or_default().push(views.summary(p));
    }
    let section_path = &site.page(section).path;
    order
        .into_iter()
        .map(|name| ProgrammeGroup {
            url: several.then(|| format!("{}{}", views.config.base_path, programme_path(section_path, &name))),
            sessions: by_name.remove(&name).unwrap_or_default(),
            name,
        })
        .collect()
}

pub fn render_programme(input: &RenderInput<'_>, section: DocId, name: &str) -> Result<(String, Vec<u8>), Diagnostic> {
    let views = Views { site: input.site, config: input.config, indexes: input.indexes };
    let path = programme_path(&input.site.page(section).path, name);
    let sessions: Vec<SummaryView> =
        input.indexes.programmes.get(name).into_iter().flatten().map(|&s| views.summary(s)).collect::<Vec<_>>();
    let sessions: Vec<SummaryView> = sessions
        .into_iter()
        .zip(input.indexes.programmes.get(name).into_iter().flatten())
        .filter(|(_, id)| input.site.page(**id).parent == Some(section))
        .map(|(s, _)| s)
        .collect();
    let mut ancestors = vec![];
    let mut cur = Some(section);
    while let Some(a) = cur {
        if a != input.site.root {
            ancestors.push(views.link(a));
        }
        cur = input.site.page(a).parent;
    }
    ancestors.reverse();
    let view = GeneratedPage::new(input.site, input.config, name, &path).under(ancestors);
    let mut ctx = input.base.clone();
    ctx.insert("page", &view);
    ctx.insert("sessions", &sessions);
    let html = input.templates.render("programme.html", &ctx, &format!("the page of the programme `{name}`"))?;
    Ok((index_file(&path), html.into_bytes()))
}
