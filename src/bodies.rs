//! Stage 5: every page's Markdown to HTML (in parallel), then the check of every link's
//! anchor against the headings of the page it points to.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use crate::config::{Config, Lang};
use crate::diagnostics::{Diagnostic, LineIndex, Lint, did_you_mean};
use crate::highlight::Highlighter;
use crate::links::SiteLinks;
use crate::markdown::{AnchorFixes, AnchorRef, MdOptions, RenderedBody, SELF, render};
use crate::model::{DocId, Page, Site};

/// Bodies rendered by an earlier build, reused when nothing they depend on changed: their
/// text, and the addresses of the site (links resolve against them).
#[derive(Default)]
pub struct BodyCache {
    /// Whether rendered bodies are kept (a one-off build keeps none).
    keep: bool,
    /// The fingerprint of the addresses and options the bodies were rendered with.
    context: u64,
    bodies: HashMap<String, (String, RenderedBody)>,
}

impl BodyCache {
    /// A cache that keeps the bodies of each build for the next one.
    pub fn keeping() -> BodyCache {
        BodyCache { keep: true, ..BodyCache::default() }
    }
}

/// What every body's HTML depends on besides its own text: options, and every address a link
/// can resolve to (pages, unpublished pages, assets). Not the pages' titles: a body never
/// shows another page's title, so a title edit keeps every other body.
fn context_fingerprint(site: &Site, config: &Config, anchor_label: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    (config.markdown_safe, config.language == Lang::Fr, &config.base_path, anchor_label).hash(&mut h);
    for p in &site.pages {
        (&p.rel_path, &p.path).hash(&mut h);
    }
    let mut unpublished: Vec<_> = site.unpublished.iter().collect();
    unpublished.sort_unstable();
    unpublished.hash(&mut h);
    site.assets.hash(&mut h);
    h.finish()
}

/// Renders one page's body, writing the anchors of `fixes` with their real ids.
pub fn render_body(
    site: &Site,
    config: &Config,
    anchor_label: &str,
    hl: &Highlighter,
    id: DocId,
    fixes: Option<&AnchorFixes>,
) -> RenderedBody {
    let opts = MdOptions {
        safe: config.markdown_safe,
        french: config.language == Lang::Fr,
        anchor_label,
        anchor_fixes: fixes,
    };
    let p = site.page(id);
    let links = SiteLinks { site, config, from_rel: &p.rel_path };
    render(p.body(), &opts, &links, hl)
}

/// Renders again, with the real ids, the bodies whose links use anchors as a forge writes them
/// (found by [`check_bodies`]). A handful of pages on most sites.
pub fn apply_fixes(
    site: &Site,
    config: &Config,
    anchor_label: &str,
    hl: &Highlighter,
    bodies: &mut [RenderedBody],
    fixes: &HashMap<DocId, AnchorFixes>,
) {
    let fixed: Vec<(DocId, RenderedBody)> =
        fixes.par_iter().map(|(&id, f)| (id, render_body(site, config, anchor_label, hl, id, Some(f)))).collect();
    for (id, body) in fixed {
        bodies[id] = body;
    }
}

pub fn render_bodies(
    site: &Site,
    config: &Config,
    anchor_label: &str,
    hl: &Highlighter,
    cache: &mut BodyCache,
) -> (Vec<RenderedBody>, Vec<Diagnostic>) {
    let context = context_fingerprint(site, config, anchor_label);
    if context != cache.context {
        cache.bodies.clear();
        cache.context = context;
    }
    let bodies: Vec<RenderedBody> = (0..site.pages.len())
        .into_par_iter()
        .map(|id| {
            let p = site.page(id);
            match cache.bodies.get(&p.rel_path) {
                Some((text, body)) if text == p.body() => body.clone(),
                _ => render_body(site, config, anchor_label, hl, id, None),
            }
        })
        .collect();
    if cache.keep {
        cache.bodies = site
            .pages
            .iter()
            .zip(&bodies)
            .map(|(p, b)| (p.rel_path.clone(), (p.body().to_string(), b.clone())))
            .collect();
    }
    let mut bodies = bodies;
    let (diags, fixes) = check_bodies(site, &bodies);
    apply_fixes(site, config, anchor_label, hl, &mut bodies, &fixes);
    (bodies, diags)
}

/// The problems of every body, and every link's anchor checked against the headings (and
/// raw HTML ids) of the page it points to. An anchor written as a forge writes it is no
/// problem: it is returned among the fixes, by linking page, to render it with the real id.
pub fn check_bodies(site: &Site, bodies: &[RenderedBody]) -> (Vec<Diagnostic>, HashMap<DocId, AnchorFixes>) {
    let mut diags = Vec::new();
    let mut fixes: HashMap<DocId, AnchorFixes> = HashMap::new();
    for (id, (page, body)) in site.pages.iter().zip(bodies).enumerate() {
        // Made once a page has something to report: positions without rescanning the text.
        let mut index = None;
        for problem in &body.problems {
            let index = index.get_or_insert_with(|| LineIndex::new(&page.text));
            let mut d = located(page, index, problem.offset, problem.len, problem.lint, problem.message.clone());
            if let Some(h) = &problem.help {
                d = d.help(h.clone());
            }
            diags.push(d);
        }
        let others = body.anchors.iter().map(|a| (a.clone(), a.target));
        let local = body.local_anchors.iter().map(|a| (AnchorRef { target: id, ..a.clone() }, SELF));
        for (a, key) in others.chain(local) {
            let target = &bodies[a.target];
            if target.ids.contains(&a.anchor) {
                continue;
            }
            if let Some(real) = target.aliases.resolve(&target.ids, &a.anchor) {
                fixes.entry(id).or_default().insert((key, a.anchor.clone()), real);
                continue;
            }
            let index = index.get_or_insert_with(|| LineIndex::new(&page.text));
            diags.push(broken_anchor(site, id, &a, target, index));
        }
    }
    (diags, fixes)
}

fn broken_anchor(site: &Site, from: DocId, a: &AnchorRef, target: &RenderedBody, index: &LineIndex) -> Diagnostic {
    let mut ids: Vec<&str> = target.ids.iter().map(String::as_str).collect();
    ids.sort_unstable();
    let help = match did_you_mean(&a.anchor, ids.iter().copied()) {
        Some(s) => format!("did you mean `#{s}`?"),
        None if ids.is_empty() => "that page has no headings".to_string(),
        None if ids.len() > 12 => format!(
            "its headings are: {}, and {} more",
            ids[..10].iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", "),
            ids.len() - 10
        ),
        None => format!("its headings are: {}", ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ")),
    };
    let what = if a.target == from { "this page".to_string() } else { format!("`{}`", site.page(a.target).rel_path) };
    let message = format!("{what} has no heading with the anchor `#{}`", a.anchor);
    located(site.page(from), index, a.offset, a.len, Lint::BrokenAnchor, message).help(help)
}

fn located(page: &Page, index: &LineIndex, offset: usize, len: usize, lint: Lint, message: String) -> Diagnostic {
    let pos = index.pos(&page.text, page.body_offset + offset);
    let line_rest = page.text[page.body_offset + offset..].lines().next().map_or(1, |l| l.chars().count());
    Diagnostic::lint(lint, message).at_indexed(&page.shown, &page.text, index, pos).underline(len.min(line_rest))
}
