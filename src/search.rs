//! The full-text search index, built with the `pagefind` library from the rendered pages:
//! French (or English) stemming, accents folded, a chunked index the browser loads piece by
//! piece, on the static files alone. Only the elements marked `data-pagefind-body` (content
//! pages) are indexed. Runs once per build, after rendering.

use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

/// The index files (`pagefind/…`, relative to the output) for the given `(url, html)` pages.
pub fn index(pages: Vec<(String, String)>) -> Result<Vec<(String, Vec<u8>)>> {
    let runtime = tokio::runtime::Builder::new_current_thread().build().context("cannot start the indexer")?;
    runtime.block_on(async move {
        let config = PagefindServiceConfig::builder().build();
        let mut index = PagefindIndex::new(Some(config)).context("cannot create the search index")?;
        // Parsed and stemmed in parallel (a method of carnet's patched Pagefind, vendor/pagefind).
        index.add_html_files(pages).await.context("cannot index the pages")?;
        let files = index.get_files().await.context("cannot build the search index")?;
        let mut out: Vec<(String, Vec<u8>)> = files
            .into_iter()
            .map(|f| (format!("pagefind/{}", f.filename.to_string_lossy().replace('\\', "/")), f.contents))
            .collect();
        out.sort();
        Ok(out)
    })
}

/// [`index`] on a thread of its own, looking every 50 ms for a reason to stop (`carnet build`
/// interrupted by Ctrl-C while the index is made, which takes half a minute on 10,000 pages):
/// the build then stops at once, and the indexer ends with the process.
pub fn index_until<E: Into<anyhow::Error>>(
    pages: Vec<(String, String)>,
    stop: impl Fn() -> Option<E>,
) -> Result<Vec<(String, Vec<u8>)>> {
    let (tx, rx) = channel();
    std::thread::Builder::new()
        .name("search-index".into())
        .spawn(move || {
            let _ = tx.send(index(pages));
        })
        .context("cannot start the indexer")?;
    loop {
        if let Some(reason) = stop() {
            return Err(reason.into());
        }
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(result) => return result,
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => bail!("the search indexer stopped unexpectedly"),
        }
    }
}
