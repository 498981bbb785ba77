//! Live reload: the script the server adds to HTML responses (never to a build's output), and
//! the server-sent events it listens to.
//!
//! Events: `hello` on connection (the server's instance and version: after a restart, or when
//! the site changed between serving the page and the tab's connection, the tab reloads),
//! `reload` with the changed output paths (a tab reloads when its page or a file it may use
//! changed; a stylesheet-only change swaps the stylesheets in place), `failure` with the
//! diagnostics for the overlay, `ok` when a rebuild succeeds again.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::BroadcastStream;

use super::Shared;

/// Where the script and the events are served.
pub const SCRIPT_PATH: &str = "/__carnet/live.js";
pub const EVENTS_PATH: &str = "/__carnet/events";

/// The client script.
pub const SCRIPT: &str = include_str!("live.js");

/// More changed paths than this reload every tab.
const MAX_PATHS: usize = 500;

#[derive(Debug, Clone)]
pub enum Message {
    Reload { version: u64, changed: Vec<String> },
    Failure(String),
}

fn event(name: &str, data: &serde_json::Value) -> Event {
    Event::default().event(name).data(data.to_string())
}

fn to_event(message: Message) -> Event {
    match message {
        Message::Reload { version, changed } => {
            let all = changed.len() > MAX_PATHS;
            let paths = if all { Vec::new() } else { changed };
            event("reload", &serde_json::json!({"version": version, "all": all, "paths": paths}))
        }
        Message::Failure(text) => event("failure", &serde_json::json!({"text": text})),
    }
}

/// The event stream of one tab: who we are, the current failure if any, then every change.
pub fn events(shared: Arc<Shared>) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let receiver = shared.events.subscribe();
    let snapshot = shared.snapshot();
    let mut first =
        vec![event("hello", &serde_json::json!({"instance": shared.instance, "version": snapshot.version}))];
    first.push(match &snapshot.failure {
        Some(text) => to_event(Message::Failure(text.clone())),
        None => event("ok", &serde_json::json!({})),
    });
    let first = tokio_stream::iter(first.into_iter().map(|e| Ok(e.retry(Duration::from_millis(500)))));
    let rest = BroadcastStream::new(receiver).map(|m| {
        Ok(match m {
            Ok(message) => to_event(message),
            // This tab fell behind a burst of changes: it reloads.
            Err(_) => event("reload", &serde_json::json!({"version": 0, "all": true, "paths": []})),
        })
    });
    Sse::new(first.chain(rest)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// Adds the live-reload script to an HTML page, before `</body>` (or at the end), with the
/// version of the site the page comes from: a save made while the page loads, before its tab
/// listens, is noticed when it connects.
pub fn inject(html: &[u8], instance: &str, version: u64) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{SCRIPT_PATH}\" data-instance=\"{instance}\" data-version=\"{version}\" defer></script>\n"
    );
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let page = b"<html><body><p>x</p></body></html>\n";
        let out = String::from_utf8(inject(page, "abc", 7)).unwrap();
        assert_eq!(
            out,
            "<html><body><p>x</p><script src=\"/__carnet/live.js\" data-instance=\"abc\" data-version=\"7\" defer></script>\n</body></html>\n"
        );
        let bare = String::from_utf8(inject(b"<p>x</p>", "abc", 7)).unwrap();
        assert!(bare.starts_with("<p>x</p><script"), "{bare}");
    }
}
