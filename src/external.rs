//! `carnet check --external`: every link to another site is requested (HEAD, then GET when a
//! server refuses HEAD), with a timeout and a limited number of requests at once. A link that
//! answers with an error or not at all is reported where it is written.

use std::collections::BTreeMap;
use std::time::Duration;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Lint, Pos};
use crate::markdown::RenderedBody;
use crate::model::Site;

/// How many requests run at once.
pub const CONCURRENCY: usize = 8;

/// Why a URL is broken, or `None` when it answers.
fn probe(agent: &ureq::Agent, url: &str) -> Option<String> {
    let answer = |r: Result<ureq::Response, ureq::Error>| match r {
        Ok(_) => None,
        Err(ureq::Error::Status(code, _)) => Some(format!("the server answers {code}")),
        Err(ureq::Error::Transport(t)) => Some(format!("no answer: {t}")),
    };
    match answer(agent.head(url).call()) {
        // Some servers refuse HEAD but serve GET.
        Some(_) => answer(agent.get(url).call()),
        None => None,
    }
}

/// Checks every external link of the site; each broken one is an error at its place.
pub fn check(site: &Site, bodies: &[RenderedBody], timeout: Duration) -> Vec<Diagnostic> {
    let mut places: BTreeMap<&str, Vec<(usize, usize, usize)>> = BTreeMap::new();
    for (id, body) in bodies.iter().enumerate() {
        for link in &body.external {
            places.entry(link.anchor.as_str()).or_default().push((id, link.offset, link.len));
        }
    }
    let agent = ureq::AgentBuilder::new().timeout(timeout).redirects(5).user_agent("carnet-check").build();
    let urls: Vec<&str> = places.keys().copied().collect();
    let Ok(pool) = rayon::ThreadPoolBuilder::new().num_threads(CONCURRENCY).build() else {
        return vec![Diagnostic::error("cannot start the link checker's threads")];
    };
    let broken: Vec<(&str, String)> =
        pool.install(|| urls.par_iter().filter_map(|&u| probe(&agent, u).map(|why| (u, why))).collect());
    let mut diags = Vec::new();
    for (url, why) in broken {
        for &(id, offset, len) in &places[url] {
            let page = site.page(id);
            let pos = Pos::of_offset(&page.text, page.body_offset + offset);
            diags.push(
                Diagnostic::lint(Lint::BrokenExternalLink, format!("the external link `{url}` is broken: {why}"))
                    .at(&page.shown, &page.text, pos)
                    .underline(len)
                    .help("fix the address, or remove the link if the page is gone"),
            );
        }
    }
    diags
}
