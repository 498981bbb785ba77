//! `carnet serve`: the preview. The site is built into memory ([`Preview`]), served over HTTP
//! (`http.rs`), rebuilt on every save (`watch.rs` gathers one save's events into one
//! [`ChangeSet`](crate::incremental::ChangeSet)), and open tabs are told what changed over server-sent events (`live.rs`),
//! with an overlay showing the diagnostics of a failed rebuild. Nothing is written to disk.
//!
//! Threads: the HTTP server runs on a small tokio runtime; one thread owns the [`Preview`] and
//! rebuilds; a search index is made on another thread after a quiet moment. They share the
//! current [`Snapshot`] behind a lock that is held only to swap or clone an `Arc`.

mod http;
mod live;
mod problems;
mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime};

use crate::diagnostics::{Level, Report, ReportOptions};
use crate::incremental::{Preview, Rebuild};
use crate::model::Selection;
use crate::output::Outputs;
use crate::project::{Failure, Overrides, today};

/// What `carnet serve` was asked.
pub struct Options {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    pub search: bool,
    pub color: bool,
    /// `--allow`, `--warn`, `--deny`.
    pub lints: Vec<(String, Level)>,
}

/// The site being served: the last good outputs and the state of the last rebuild.
pub struct Snapshot {
    pub outputs: Outputs,
    /// When these outputs were made (their `Last-Modified`).
    pub built: SystemTime,
    /// The diagnostics of the last rebuild when it failed (the overlay), as the terminal shows them.
    pub failure: Option<String>,
    pub version: u64,
}

/// What the server's tasks share.
pub struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    /// The search index, made apart from rebuilds (`pagefind/…` files).
    search: RwLock<Arc<Outputs>>,
    events: tokio::sync::broadcast::Sender<live::Message>,
    /// Tells open tabs that the server restarted (they reload).
    instance: String,
    /// The site's canonical root: a file copied from the sources is served only if it still
    /// resolves inside it when it is read.
    root: PathBuf,
    /// The `Host` values answered (`None`: any, when `--bind` opened the preview to others).
    hosts: Option<Vec<String>>,
}

impl Shared {
    fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    fn publish(&self, snapshot: Snapshot) {
        *self.snapshot.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(snapshot);
    }
}

/// Finds a port: the one asked, else the next free ones.
fn listen(bind: IpAddr, port: u16) -> std::io::Result<TcpListener> {
    let mut last = None;
    for p in (0..20).map(|i| port.saturating_add(i)) {
        match TcpListener::bind(SocketAddr::new(bind, p)) {
            Ok(l) => return Ok(l),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port != 0 => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free port")))
}

/// Runs the preview until Ctrl-C; returns the exit code.
pub fn run(options: Options) -> u8 {
    let listener = match listen(options.bind, options.port) {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "error: cannot listen on {}:{} or the next 19 ports: {e}\n  = help: choose another with --port",
                options.bind, options.port
            );
            return 2;
        }
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    if options.port != 0 && addr.port() != options.port {
        eprintln!("note: port {} is in use, serving on port {} instead", options.port, addr.port());
    }
    let host = if addr.ip().is_unspecified() { "127.0.0.1".to_string() } else { addr.ip().to_string() };
    let host = if host.contains(':') { format!("[{host}]") } else { host };
    let url = format!("http://{host}:{}/", addr.port());
    let overrides = Overrides { base_url: Some(url.clone()), output: None, lints: options.lints.clone() };
    let report = ReportOptions::for_site(&options.root, options.color);
    let clock = Instant::now();
    let preview = Preview::open(&options.root, overrides, |config| Selection {
        drafts: true,
        future: true,
        today: today(config),
    });
    let preview = match preview {
        Ok(p) => p,
        Err(f) => {
            // The first build must work: there is nothing to serve yet.
            eprint!("{}", f.render("the site was not built", &report));
            return match f {
                Failure::Content(_) => 1,
                Failure::Operational(_) => 2,
            };
        }
    };
    let first = preview.state().all_warnings();
    let log = problems::ProblemLog::new(&first);
    let shown = Report::new(first.iter().cloned(), &report);
    eprint!("{}{}", shown.text, shown.warnings_line(options.color));
    eprintln!(
        "Built {} pages in {:.0} ms, drafts and future pages included",
        preview.state().site.pages.len(),
        clock.elapsed().as_secs_f64() * 1000.0
    );
    if !addr.ip().is_loopback() {
        eprintln!("warning: the preview is reachable from other machines on {}", addr.ip());
    }
    let (events, _) = tokio::sync::broadcast::channel(64);
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(Snapshot {
            outputs: preview.outputs().clone(),
            built: SystemTime::now(),
            failure: None,
            version: 1,
        })),
        search: RwLock::new(Arc::new(Outputs::default())),
        events,
        instance: format!(
            "{:x}",
            SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_nanos()
        ),
        root: crate::source::canonical_root(&options.root),
        hosts: allowed_hosts(addr),
    });
    let watcher = match watch::Watcher::start(&preview) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch the site's files: {e:#}");
            return 2;
        }
    };
    let rebuilder = {
        let shared = shared.clone();
        let search = options.search;
        let mut log = Log { problems: log, report };
        std::thread::Builder::new()
            .name("carnet-rebuild".into())
            .spawn(move || rebuild_loop(preview, watcher, &shared, &mut log, search))
    };
    if let Err(e) = rebuilder {
        eprintln!("error: cannot start the rebuild thread: {e}");
        return 2;
    }
    println!("Serving the site at {url} (Ctrl-C stops)");
    if options.open {
        open_browser(&url);
    }
    match http::serve(listener, shared) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: the server stopped: {e:#}");
            2
        }
    }
}

/// The `Host` headers a preview answers: the address it is bound to, and `localhost`, with its
/// port. A page of another site that a DNS-rebinding attack points at 127.0.0.1 names its own
/// host, and gets nothing (drafts and error overlays hold unpublished text). Bound to every
/// interface (`--bind 0.0.0.0`), the preview is meant to be reached by any name: all are answered.
fn allowed_hosts(addr: SocketAddr) -> Option<Vec<String>> {
    if addr.ip().is_unspecified() {
        return None;
    }
    let port = addr.port();
    let ip = match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let mut hosts = vec![format!("{ip}:{port}"), format!("localhost:{port}")];
    if addr.ip().is_loopback() {
        hosts.extend([format!("127.0.0.1:{port}"), format!("[::1]:{port}")]);
    }
    Some(hosts)
}

/// What the rebuild thread prints: the changes of the site's problems since the last rebuild.
struct Log {
    problems: problems::ProblemLog,
    report: ReportOptions,
}

/// Owns the preview: waits for a save, rebuilds, publishes, tells the tabs; indexes for
/// search when the site has been quiet for a moment.
fn rebuild_loop(mut preview: Preview, mut watcher: watch::Watcher, shared: &Arc<Shared>, log: &mut Log, search: bool) {
    let indexing = Arc::new(AtomicBool::new(false));
    let mut index_due = search.then(Instant::now);
    loop {
        // Wake at least once a minute to notice a new day.
        let wait = index_due.map_or(DAY_CHECK, |due| due.saturating_duration_since(Instant::now()).min(DAY_CHECK));
        let next = watcher.next(wait);
        let day = today(&preview.project().config);
        if day != preview.today() {
            let what = format!("New day ({day}): rebuilt");
            let changed = rebuild(&mut preview, shared, log, &what, |p| p.set_today(day));
            // The index holds the content pages only: a new day that changed none of them (most
            // days, when only the agenda moves on) needs no new index.
            if search && crate::incremental::changes_index(preview.outputs(), &changed) {
                index_due = Some(Instant::now() + Duration::from_secs(2));
            }
        }
        let changes = match next {
            watch::Next::Changes(c) => c,
            watch::Next::Quiet => {
                if index_due.is_some_and(|due| due <= Instant::now()) {
                    index_due = None;
                    start_indexing(&preview, shared, &indexing);
                }
                continue;
            }
            watch::Next::Closed => return,
        };
        rebuild(&mut preview, shared, log, "Change", |p| p.apply(&changes));
        watcher.set_theme(&preview.project().config.theme);
        if search {
            index_due = Some(Instant::now() + Duration::from_secs(2));
        }
    }
}

/// How often the rebuild thread looks at the date.
const DAY_CHECK: Duration = Duration::from_secs(60);

/// Runs one rebuild of the preview, publishes the result and tells the open tabs. `what`
/// starts the line printed for it.
fn rebuild(
    preview: &mut Preview,
    shared: &Shared,
    log: &mut Log,
    what: &str,
    run: impl FnOnce(&mut Preview) -> Result<crate::incremental::Update, Failure>,
) -> Vec<String> {
    let clock = Instant::now();
    let previous = shared.snapshot();
    match run(preview) {
        Ok(update) => {
            eprint!("{}", log.problems.update(&update.warnings, &log.report));
            let recovered = previous.failure.is_some();
            if update.changed.is_empty() && !recovered {
                return Vec::new();
            }
            let version = previous.version + 1;
            shared.publish(Snapshot {
                outputs: preview.outputs().clone(),
                built: SystemTime::now(),
                failure: None,
                version,
            });
            let how = match update.rebuild {
                Rebuild::Nothing => ": copied",
                Rebuild::Bodies => ": rebuilt the pages showing it",
                Rebuild::Render => ": rendered again",
                Rebuild::Site => ": rebuilt",
                Rebuild::Project => ": rebuilt from the configuration",
            };
            let how = if what == "Change" { how } else { "" };
            eprintln!(
                "{what}{how} in {:.1} ms, {} file{} changed",
                clock.elapsed().as_secs_f64() * 1000.0,
                update.changed.len(),
                if update.changed.len() == 1 { "" } else { "s" }
            );
            let _ = shared.events.send(live::Message::Reload { version, changed: update.changed.clone() });
            update.changed
        }
        Err(failure) => {
            let what = "the site was not rebuilt, the last good one is still served";
            let text = failure.render(what, &ReportOptions { color: false, ..log.report.clone() });
            match &failure {
                Failure::Content(diags) => {
                    let changes = log.problems.update(diags, &log.report);
                    eprint!("{changes}{}", Report::tally(diags).failure_line(what, log.report.color));
                }
                Failure::Operational(_) => eprint!("{}", failure.render(what, &log.report)),
            }
            shared.publish(Snapshot {
                outputs: previous.outputs.clone(),
                built: previous.built,
                failure: Some(text.clone()),
                version: previous.version,
            });
            let _ = shared.events.send(live::Message::Failure(text));
            Vec::new()
        }
    }
}

/// Indexes the current pages for search on a thread of its own; one at a time.
fn start_indexing(preview: &Preview, shared: &Arc<Shared>, busy: &Arc<AtomicBool>) {
    if busy.swap(true, Ordering::SeqCst) {
        return;
    }
    let pages = preview.project().search_pages(preview.state());
    let shared = shared.clone();
    let busy = busy.clone();
    let spawned = std::thread::Builder::new().name("carnet-search".into()).spawn(move || {
        match crate::search::index(pages) {
            Ok(files) => {
                let mut outputs = Outputs::default();
                for (path, bytes) in files {
                    outputs.insert(path, bytes);
                }
                *shared.search.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(outputs);
            }
            Err(e) => eprintln!("warning: the search index was not made: {e:#}"),
        }
        busy.store(false, Ordering::SeqCst);
    });
    if spawned.is_err() {
        eprintln!("warning: the search index was not made: cannot start a thread");
    }
}

/// Opens `url` in the default browser, saying so when it cannot.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd").args(["/C", "start", "", url]).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = command {
        eprintln!("note: cannot open a browser ({e}); open {url} yourself");
    }
}
