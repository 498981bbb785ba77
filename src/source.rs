//! Reading the site's sources: the only module that reads `content/` and `static/`.
//!
//! Walks are sorted by file name so every machine sees the same order; a file that cannot be
//! read is reported and the walk goes on.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

/// Threads that read files.
const READ_THREADS: usize = 8;

use crate::diagnostics::{Diagnostic, Lint};

/// A Markdown file of `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Relative to `content/`, with `/` separators (`sessions/2018-03-26-session-11.md`).
    pub rel_path: String,
    pub text: String,
}

/// A file copied as it is into the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Relative to the output folder, with `/` separators.
    pub rel_path: String,
    pub source: PathBuf,
}

/// What a scan of `content/` found.
#[derive(Debug, Default)]
pub struct Scan {
    pub pages: Vec<SourceFile>,
    /// Non-Markdown files of `content/` (images, PDFs), published at the same relative path.
    pub assets: Vec<Asset>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Files editors and systems leave around, never content: hidden files (`.git`, `.DS_Store`,
/// `.env`) but `.well-known`, editors' backups and swap files (`x~`, `.x.swp`, `#x#`, `x.bak`,
/// `x.orig`, `x.tmp`), and the files Windows leaves in folders.
pub fn is_ignored(name: &str) -> bool {
    (name.starts_with('.') && name != WELL_KNOWN)
        || name.ends_with('~')
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".orig"].iter().any(|ext| name.ends_with(ext))
        || name.starts_with('#')
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// The one hidden folder a site publishes (RFC 8615: `security.txt`, domain verifications).
pub const WELL_KNOWN: &str = ".well-known";

/// The site root as the system resolves it: files must resolve inside it to be read.
pub fn canonical_root(root: &Path) -> PathBuf {
    std::fs::canonicalize(root).unwrap_or_else(|_| std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()))
}

/// Whether `path` resolves (through every symbolic link) inside `root` (canonical). A path that
/// does not resolve is not outside: reading it reports why.
pub fn resolves_inside(root: &Path, path: &Path) -> Result<(), PathBuf> {
    match std::fs::canonicalize(path) {
        Ok(real) if !real.starts_with(root) => Err(real),
        _ => Ok(()),
    }
}

/// A symbolic link whose target leaves the site: never read, never published.
pub fn outside_link(link: &Path, shown: &Path, target: &Path) -> Diagnostic {
    let written = std::fs::read_link(link).unwrap_or_else(|_| target.to_path_buf());
    Diagnostic::error("this symbolic link points outside the site: it is not read").in_file(shown).help(format!(
        "it leads to `{}`; carnet publishes only files inside the site's folder: copy the file in, \
             or remove the link",
        written.display()
    ))
}

/// Lists the files under `dir` (sorted), reporting walk errors as diagnostics. `shown` is
/// how `dir` is named in messages (relative to the site root). Symbolic links are followed
/// while they stay inside `root` (the site's canonical root); one that leaves it is an error and
/// is not followed.
pub fn walk_files(root: &Path, dir: &Path, shown: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return files;
    }
    let mut outside = Vec::new();
    let walker = WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| {
        if e.depth() > 0 && is_ignored(&e.file_name().to_string_lossy()) {
            return false;
        }
        // The folder itself is checked whole (it may sit in a linked folder), then each link.
        if let (true, Err(target)) = (e.depth() == 0 || e.path_is_symlink(), resolves_inside(root, e.path())) {
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
            outside.push(outside_link(e.path(), &shown.join(rel), &target));
            return false;
        }
        true
    });
    for entry in walker {
        match entry {
            Ok(e) if !e.file_type().is_file() && !e.file_type().is_dir() => {
                // A named pipe would block the build forever; a device or a socket is no content.
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                diagnostics.push(
                    Diagnostic::lint(Lint::SpecialFile, "this is not a regular file: it is left out of the site")
                        .in_file(&shown.join(rel))
                        .help("remove it; only files and folders are published"),
                );
            }
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                match rel.to_str() {
                    Some(s) => files.push((s.replace('\\', "/"), e.path().to_path_buf())),
                    None => diagnostics.push(
                        Diagnostic::error("a file name is not valid UTF-8")
                            .in_file(&shown.join(rel))
                            .help("rename the file with letters, digits and dashes"),
                    ),
                }
            }
            Ok(_) => {}
            Err(e) => {
                let at = e.path().map(|p| shown.join(p.strip_prefix(dir).unwrap_or(p)));
                let mut d = walk_error(&e);
                if let Some(p) = at {
                    d = d.in_file(&p);
                }
                diagnostics.push(d);
            }
        }
    }
    diagnostics.extend(outside);
    files
}

/// Why an entry of a walk could not be read, in a contributor's words.
fn walk_error(e: &walkdir::Error) -> Diagnostic {
    let link = e.path().and_then(|p| std::fs::read_link(p).ok());
    if let Some(ancestor) = e.loop_ancestor() {
        let target = link.map_or_else(|| ancestor.display().to_string(), |l| l.display().to_string());
        return Diagnostic::error("a symbolic link loops back to one of its parent folders")
            .help(format!("it points to `{target}`: remove the link"));
    }
    let kind = e.io_error().map(std::io::Error::kind);
    if let (Some(target), Some(std::io::ErrorKind::NotFound)) = (&link, kind) {
        return Diagnostic::error("this symbolic link points to nothing").help(format!(
            "`{}` does not exist: remove the link or make it point to an existing file",
            target.display()
        ));
    }
    if kind == Some(std::io::ErrorKind::PermissionDenied) {
        return Diagnostic::error("carnet is not allowed to read this folder")
            .help("give the user who runs carnet the right to read it (`chmod a+rx`)");
    }
    Diagnostic::error(format!(
        "cannot read this: {}",
        e.io_error().map_or_else(|| "unknown error".to_string(), ToString::to_string)
    ))
}

/// Why a file could not be read, in a contributor's words.
fn read_error(e: &std::io::Error) -> Diagnostic {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => Diagnostic::error("carnet is not allowed to read this file")
            .help("give the user who runs carnet the right to read it (`chmod a+r`)"),
        _ => Diagnostic::error(format!("cannot read this file: {e}")).help("check that the file can be opened"),
    }
}

/// Reads every Markdown file of `content_dir` and lists its other files as assets (`root`: the
/// site's canonical root, which nothing read may leave).
pub fn scan(root: &Path, content_dir: &Path, shown: &Path) -> Scan {
    let mut scan = Scan::default();
    let (pages, assets): (Vec<_>, Vec<_>) = walk_files(root, content_dir, shown, &mut scan.diagnostics)
        .into_iter()
        .partition(|(rel, _)| rel.ends_with(".md"));
    scan.assets = assets.into_iter().map(|(rel_path, source)| Asset { rel_path, source }).collect();
    // Reading in parallel: on a cold disk each read waits on the device, not on the CPU.
    let read: Vec<Result<SourceFile, Diagnostic>> = rayon::ThreadPoolBuilder::new()
        .num_threads(READ_THREADS)
        .build()
        .map(|pool| pool.install(|| pages.par_iter().map(|(rel, path)| read_page(path, rel, shown)).collect()))
        .unwrap_or_else(|_| pages.iter().map(|(rel, path)| read_page(path, rel, shown)).collect());
    for r in read {
        match r {
            Ok(page) => scan.pages.push(page),
            Err(d) => scan.diagnostics.push(d),
        }
    }
    scan
}

/// Reads one Markdown file of `content/` (`rel` relative to it, `shown` names `content/`).
pub fn read_page(path: &Path, rel: &str, shown: &Path) -> Result<SourceFile, Diagnostic> {
    read_text(path, &shown.join(rel)).map(|text| SourceFile { rel_path: rel.to_string(), text })
}

/// Reads a text file a contributor edits (a page, `carnet.yaml`): a file that cannot be read or
/// is not UTF-8 is a diagnostic located in `shown`, the path as messages name it.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| read_error(&e).in_file(shown))?;
    String::from_utf8(bytes).map(crate::frontmatter::normalise_line_breaks).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let pos = crate::diagnostics::Pos::of_offset(&text, valid);
        Diagnostic::error("this file is not valid UTF-8 text").at(shown, &text, pos).help(
            "save the file with the UTF-8 encoding (most editors offer it in « Save as »); \
             the marked character was saved in another encoding, such as Latin-1 or Windows-1252",
        )
    })
}

/// Lists a `static/` folder's files as assets published at the root of the site.
pub fn scan_static(root: &Path, dir: &Path, shown: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<Asset> {
    walk_files(root, dir, shown, diagnostics).into_iter().map(|(rel_path, source)| Asset { rel_path, source }).collect()
}
