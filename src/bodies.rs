//! Stage 5: every page's Markdown to HTML (in parallel), then the check of every link's
//! anchor against the headings of the page it points to.

use rayon::prelude::*;

use crate::config::{Config, Lang};
use crate::diagnostics::{Diagnostic, Pos, did_you_mean};
use crate::highlight::Highlighter;
use crate::links::SiteLinks;
use crate::markdown::{AnchorRef, MdOptions, RenderedBody, render};
use crate::model::{Page, Site};

pub fn render_bodies(
    site: &Site,
    config: &Config,
    anchor_label: &str,
    hl: &Highlighter,
) -> (Vec<RenderedBody>, Vec<Diagnostic>) {
    let opts = MdOptions { safe: config.markdown_safe, french: config.language == Lang::Fr, anchor_label };
    let bodies: Vec<RenderedBody> = site
        .pages
        .par_iter()
        .map(|p| {
            let links = SiteLinks { site, config, from_rel: &p.rel_path };
            render(p.body(), &opts, &links, hl)
        })
        .collect();
    let mut diags = Vec::new();
    for (id, (page, body)) in site.pages.iter().zip(&bodies).enumerate() {
        for problem in &body.problems {
            let mut d = located(page, problem.offset, problem.len, problem.message.clone());
            if problem.warning {
                d.severity = crate::diagnostics::Severity::Warning;
            }
            if let Some(h) = &problem.help {
                d = d.help(h.clone());
            }
            diags.push(d);
        }
        let local = body.local_anchors.iter().map(|a| AnchorRef { target: id, ..a.clone() });
        for a in body.anchors.iter().cloned().chain(local) {
            let target = &bodies[a.target];
            if target.ids.contains(&a.anchor) {
                continue;
            }
            let target_page = site.page(a.target);
            let mut ids: Vec<&str> = target.ids.iter().map(String::as_str).collect();
            ids.sort_unstable();
            let help = match did_you_mean(&a.anchor, ids.iter().copied()) {
                Some(s) => format!("did you mean `#{s}`?"),
                None if ids.is_empty() => "that page has no headings".to_string(),
                None => {
                    format!("its headings are: {}", ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", "))
                }
            };
            let what = if a.target == id { "this page".to_string() } else { format!("`{}`", target_page.rel_path) };
            diags.push(
                located(page, a.offset, a.len, format!("{what} has no heading with the anchor `#{}`", a.anchor))
                    .help(help),
            );
        }
    }
    (bodies, diags)
}

fn located(page: &Page, offset: usize, len: usize, message: String) -> Diagnostic {
    let pos = Pos::of_offset(&page.text, page.body_offset + offset);
    let line_rest = page.text[page.body_offset + offset..].lines().next().map_or(1, |l| l.chars().count());
    Diagnostic::error(message).at(&page.shown, &page.text, pos).underline(len.min(line_rest))
}
