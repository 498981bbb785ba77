//! Reading the site's sources: the only module that reads `content/` and `static/`.
//!
//! Walks are sorted by file name so every machine sees the same order; a file that cannot be
//! read is reported and the walk goes on.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;

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

/// Files editors and systems leave around, never content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with('#')
}

/// Lists the files under `dir` (sorted), reporting walk errors as diagnostics. `shown` is
/// how `dir` is named in messages (relative to the site root).
pub fn walk_files(dir: &Path, shown: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return files;
    }
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        match entry {
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
                let what = if e.loop_ancestor().is_some() {
                    "a symbolic link loops back to one of its parent folders".to_string()
                } else {
                    format!(
                        "cannot read this entry: {}",
                        e.io_error().map_or("unknown error".into(), |io| io.to_string())
                    )
                };
                let mut d = Diagnostic::error(what);
                if let Some(p) = at {
                    d = d.in_file(&p);
                }
                diagnostics.push(d);
            }
        }
    }
    files
}

/// Reads every Markdown file of `content_dir` and lists its other files as assets.
pub fn scan(content_dir: &Path, shown: &Path) -> Scan {
    let mut scan = Scan::default();
    for (rel, path) in walk_files(content_dir, shown, &mut scan.diagnostics) {
        if !rel.ends_with(".md") {
            scan.assets.push(Asset { rel_path: rel, source: path });
            continue;
        }
        match read_page(&path, &rel, shown) {
            Ok(page) => scan.pages.push(page),
            Err(d) => scan.diagnostics.push(d),
        }
    }
    scan
}

/// Reads one Markdown file of `content/` (`rel` relative to it, `shown` names `content/`).
pub fn read_page(path: &Path, rel: &str, shown: &Path) -> Result<SourceFile, Diagnostic> {
    let shown_path = shown.join(rel);
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(format!("cannot read this file: {e}"))
            .in_file(&shown_path)
            .help("check the file's permissions")
    })?;
    String::from_utf8(bytes).map(|text| SourceFile { rel_path: rel.to_string(), text }).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let pos = crate::diagnostics::Pos::of_offset(&text, valid);
        Diagnostic::error("this file is not valid UTF-8 text")
            .at(&shown_path, &text, pos)
            .help("save the file with the UTF-8 encoding (most editors offer it in « Save as »)")
    })
}

/// Lists a `static/` folder's files as assets published at the root of the site.
pub fn scan_static(dir: &Path, shown: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<Asset> {
    walk_files(dir, shown, diagnostics).into_iter().map(|(rel_path, source)| Asset { rel_path, source }).collect()
}
