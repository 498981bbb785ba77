//! HTTP for the preview: files from the current [`Snapshot`](super::Snapshot), never from
//! anywhere else. A request path is decoded and checked segment by segment (no `..`, no NUL,
//! valid UTF-8) before it is looked up among the output paths, so nothing outside the site can
//! be named. GET and HEAD, `ETag`/`Last-Modified` with 304, single byte ranges, the site's
//! `404.html`, `/foo` → `/foo/` redirects, and the live-reload script in HTML responses.

use std::sync::Arc;
use std::time::SystemTime;

use anyhow::Result;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use super::{Shared, live};

/// How long a client may take to send a request's headers: a client that opens connections
/// and sends nothing (or a byte a minute) is disconnected instead of holding them forever.
pub const HEADER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

pub fn serve(listener: std::net::TcpListener, shared: Arc<Shared>) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let app = Router::new().fallback(handle).with_state(shared);
        // Ctrl-C stops at once: open tabs keep their event streams open, and a graceful
        // shutdown would wait for them forever.
        tokio::select! {
            () = accept(listener, app) => {}
            _ = tokio::signal::ctrl_c() => eprintln!("Stopped."),
        }
        Ok::<(), anyhow::Error>(())
    })
}

/// Serves each connection with HTTP/1.1 on a task of its own, with [`HEADER_TIMEOUT`]
/// (`axum::serve` sets no timeout). A failed accept (too many open files) waits a moment.
async fn accept(listener: tokio::net::TcpListener, app: Router) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn handle(State(shared): State<Arc<Shared>>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = status(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD are answered\n");
        r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    if !host_allowed(&shared, &headers) {
        return status(StatusCode::MISDIRECTED_REQUEST, "this preview answers only to its own address\n");
    }
    let path = uri.path();
    if path == live::EVENTS_PATH {
        return live::events(shared).into_response();
    }
    if path == live::SCRIPT_PATH {
        return file_response(
            &method,
            &headers,
            live::SCRIPT.as_bytes().to_vec(),
            "text/javascript; charset=utf-8",
            None,
        );
    }
    let Some(rel) = decode_path(path) else {
        return status(StatusCode::BAD_REQUEST, "this address is not a path of the site\n");
    };
    let snapshot = shared.snapshot();
    let outputs = &snapshot.outputs;
    let file = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.clone() };
    // The search index lives apart (it is made after the pages): looked at only for its files.
    let search =
        if outputs.contains(&file) { None } else { Some(shared.search.read().map(|s| s.clone()).unwrap_or_default()) };
    let found = match &search {
        None => Some(outputs),
        Some(index) => Some(&**index).filter(|i| i.contains(&file)),
    };
    let Some(from) = found else {
        if outputs.contains(&format!("{file}/index.html")) {
            let query = uri.query().map_or(String::new(), |q| format!("?{q}"));
            let mut r = status(StatusCode::MOVED_PERMANENTLY, "");
            if let Ok(v) = HeaderValue::from_str(&format!("{}/{query}", uri.path())) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            return r;
        }
        let page = outputs
            .get("404.html")
            .map_or_else(|| b"Not found\n".to_vec(), |b| live::inject(b, &shared.instance, snapshot.version));
        let mut r = file_response(&method, &HeaderMap::new(), page, "text/html; charset=utf-8", None);
        *r.status_mut() = StatusCode::NOT_FOUND;
        return r;
    };
    let mime = mime_of(&file);
    let (bytes, modified) = match (from.get(&file), from.source_of(&file)) {
        (Some(b), _) => (b.to_vec(), snapshot.built),
        // Made of files inside the site when it was read; a file since replaced by a link that
        // leaves the site is not served.
        (None, Some(src)) if crate::source::resolves_inside(&shared.root, src).is_err() => {
            return status(StatusCode::NOT_FOUND, "this file is gone\n");
        }
        (None, Some(src)) => match tokio::fs::read(src).await {
            Ok(b) => {
                let modified = tokio::fs::metadata(src).await.and_then(|m| m.modified()).unwrap_or(snapshot.built);
                (b, modified)
            }
            Err(_) => return status(StatusCode::NOT_FOUND, "this file is gone\n"),
        },
        (None, None) => return status(StatusCode::NOT_FOUND, "not found\n"),
    };
    let bytes =
        if mime.starts_with("text/html") { live::inject(&bytes, &shared.instance, snapshot.version) } else { bytes };
    file_response(&method, &headers, bytes, mime, Some(modified))
}

/// Whether the request's `Host` names the preview (see `allowed_hosts`): with its port, or
/// without it (then the address alone), in any case.
fn host_allowed(shared: &Shared, headers: &HeaderMap) -> bool {
    let Some(allowed) = &shared.hosts else { return true };
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else { return false };
    let host = host.trim().to_ascii_lowercase();
    allowed.iter().any(|a| *a == host || a.rsplit_once(':').is_some_and(|(name, _)| name == host))
}

/// A short plain-text answer.
fn status(code: StatusCode, text: &'static str) -> Response {
    let mut r = Response::new(Body::from(text));
    *r.status_mut() = code;
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    r
}

/// A file, honouring conditional and range requests.
fn file_response(
    method: &Method,
    headers: &HeaderMap,
    bytes: Vec<u8>,
    mime: &str,
    modified: Option<SystemTime>,
) -> Response {
    let etag = format!("\"{:016x}\"", fingerprint(&bytes));
    let last_modified = modified.map(httpdate::fmt_http_date);
    let not_modified = match headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        Some(list) => list.split(',').any(|t| {
            let t = t.trim();
            t == "*" || t.trim_start_matches("W/") == etag
        }),
        None => match (headers.get(header::IF_MODIFIED_SINCE).and_then(|v| v.to_str().ok()), modified) {
            (Some(since), Some(modified)) => httpdate::parse_http_date(since)
                .is_ok_and(|since| httpdate::HttpDate::from(modified) <= httpdate::HttpDate::from(since)),
            _ => false,
        },
    };
    let mut builder = Response::builder()
        .header(header::ETAG, &etag)
        .header(header::CACHE_CONTROL, "no-cache")
        .header(header::ACCEPT_RANGES, "bytes")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    if let Some(lm) = &last_modified {
        builder = builder.header(header::LAST_MODIFIED, lm);
    }
    if not_modified {
        return builder.status(StatusCode::NOT_MODIFIED).body(Body::empty()).unwrap_or_default();
    }
    builder = builder.header(header::CONTENT_TYPE, mime);
    let len = bytes.len() as u64;
    let if_range_ok = headers.get(header::IF_RANGE).and_then(|v| v.to_str().ok()).is_none_or(|v| v == etag);
    let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok()).filter(|_| if_range_ok);
    let (code, body) = match range.map(|r| parse_range(r, len)) {
        Some(Range::Satisfiable(start, end)) => {
            builder = builder.header(header::CONTENT_RANGE, format!("bytes {start}-{end}/{len}"));
            (StatusCode::PARTIAL_CONTENT, bytes[start as usize..=end as usize].to_vec())
        }
        Some(Range::Unsatisfiable) => {
            builder = builder.header(header::CONTENT_RANGE, format!("bytes */{len}"));
            (StatusCode::RANGE_NOT_SATISFIABLE, Vec::new())
        }
        Some(Range::Ignored) | None => (StatusCode::OK, bytes),
    };
    builder = builder.header(header::CONTENT_LENGTH, body.len());
    let body = if *method == Method::HEAD { Body::empty() } else { Body::from(body) };
    builder.status(code).body(body).unwrap_or_default()
}

fn fingerprint(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

#[derive(Debug, PartialEq, Eq)]
enum Range {
    /// First and last byte, inclusive.
    Satisfiable(u64, u64),
    Unsatisfiable,
    /// Several ranges, or a header we do not understand: the whole file is sent.
    Ignored,
}

fn parse_range(header: &str, len: u64) -> Range {
    let Some(spec) = header.trim().strip_prefix("bytes=") else { return Range::Ignored };
    if spec.contains(',') {
        return Range::Ignored;
    }
    let Some((a, b)) = spec.trim().split_once('-') else { return Range::Ignored };
    let (start, end) = match (a.trim(), b.trim()) {
        ("", "") => return Range::Ignored,
        ("", n) => match n.parse::<u64>() {
            Ok(0) => return Range::Unsatisfiable,
            Ok(n) => (len.saturating_sub(n), len.saturating_sub(1)),
            Err(_) => return Range::Ignored,
        },
        (s, e) => {
            let Ok(s) = s.parse::<u64>() else { return Range::Ignored };
            if s >= len {
                return Range::Unsatisfiable;
            }
            let e = if e.is_empty() { Ok(len.saturating_sub(1)) } else { e.parse::<u64>() };
            let Ok(e) = e else { return Range::Ignored };
            if e < s {
                return Range::Ignored;
            }
            (s, e.min(len.saturating_sub(1)))
        }
    };
    if len == 0 || start >= len { Range::Unsatisfiable } else { Range::Satisfiable(start, end) }
}

/// The output path a request path names (`/a/b%20c/` → `a/b c/`), or `None` when it is not a
/// clean path inside the site: `..` or `.` segments, backslashes, NUL, invalid UTF-8.
fn decode_path(path: &str) -> Option<String> {
    let raw = path.strip_prefix('/')?;
    let mut bytes = Vec::with_capacity(raw.len());
    let mut it = raw.bytes();
    while let Some(b) = it.next() {
        if b == b'%' {
            let hex = [it.next()?, it.next()?];
            let hex = std::str::from_utf8(&hex).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
        } else {
            bytes.push(b);
        }
    }
    let text = String::from_utf8(bytes).ok()?;
    let segments: Vec<&str> = text.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        let empty_ok = i == last;
        if (s.is_empty() && !empty_ok) || *s == "." || *s == ".." || s.contains(['\\', '\0', ':']) {
            return None;
        }
    }
    Some(text)
}

/// The media type of an output file, by its extension.
fn mime_of(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if path.ends_with("atom.xml") => "application/atom+xml",
        "xml" => "application/xml",
        "ics" => "text/calendar; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_are_decoded_and_kept_inside_the_site() {
        assert_eq!(decode_path("/").as_deref(), Some(""));
        assert_eq!(decode_path("/sessions/").as_deref(), Some("sessions/"));
        assert_eq!(decode_path("/a%20b/caf%C3%A9.png").as_deref(), Some("a b/café.png"));
        for bad in [
            "/../carnet.yaml",
            "/%2e%2e/carnet.yaml",
            "/a/%2E%2E/%2e%2e/x",
            "/a/./b",
            "/a//b",
            "/%00",
            "/a%5c..%5cb",
            "/%ff",
            "/%2",
            "/%zz",
            "relative",
            "/C:/x",
        ] {
            assert_eq!(decode_path(bad), None, "{bad}");
        }
        assert_eq!(decode_path("/%2e%2e%2fcarnet.yaml"), None);
    }

    #[test]
    fn ranges_follow_rfc_9110() {
        assert_eq!(parse_range("bytes=0-9", 100), Range::Satisfiable(0, 9));
        assert_eq!(parse_range("bytes=90-", 100), Range::Satisfiable(90, 99));
        assert_eq!(parse_range("bytes=-10", 100), Range::Satisfiable(90, 99));
        assert_eq!(parse_range("bytes=50-500", 100), Range::Satisfiable(50, 99));
        assert_eq!(parse_range("bytes=100-", 100), Range::Unsatisfiable);
        assert_eq!(parse_range("bytes=-0", 100), Range::Unsatisfiable);
        assert_eq!(parse_range("bytes=0-1,5-6", 100), Range::Ignored);
        assert_eq!(parse_range("items=0-1", 100), Range::Ignored);
        assert_eq!(parse_range("bytes=9-1", 100), Range::Ignored);
    }

    #[test]
    fn calendars_and_pages_get_their_media_types() {
        assert_eq!(mime_of("agenda.ics"), "text/calendar; charset=utf-8");
        assert_eq!(mime_of("index.html"), "text/html; charset=utf-8");
        assert_eq!(mime_of("css/carnet.css"), "text/css; charset=utf-8");
        assert_eq!(mime_of("atom.xml"), "application/atom+xml");
        assert_eq!(mime_of("sitemap.xml"), "application/xml");
        assert_eq!(mime_of("pagefind/pagefind.js"), "text/javascript; charset=utf-8");
        assert_eq!(mime_of("pagefind/fragment/x.pf_fragment"), "application/octet-stream");
    }
}
