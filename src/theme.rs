//! The theme's files: from `themes/<name>/` in the site when it exists, else the default theme
//! embedded in the binary. Site `templates/` override theme templates of the same name.
//! This module reads the disk; what it returns is plain data.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));
}

/// A file of the theme.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// As shown in messages (`themes/carnet/templates/page.html`, or `templates/page.html` for a
    /// site override, or `(embedded carnet theme)/templates/page.html`).
    pub shown: PathBuf,
    pub bytes: Vec<u8>,
}

/// The theme's templates, translations and static files, with site overrides applied.
#[derive(Debug, Default)]
pub struct ThemeFiles {
    /// Template name (`page.html`, `partials/nav.html`) → file.
    pub templates: BTreeMap<String, ThemeFile>,
    /// `fr.yaml` → file.
    pub i18n: BTreeMap<String, ThemeFile>,
    /// Path under the theme's `static/` → bytes.
    pub statics: BTreeMap<String, ThemeFile>,
}

fn read_dir_files(root: &Path, dir: &Path, shown: &Path, errors: &mut Vec<Diagnostic>) -> BTreeMap<String, ThemeFile> {
    let mut out = BTreeMap::new();
    let mut diags = Vec::new();
    for (rel, path) in crate::source::walk_files(root, dir, shown, &mut diags) {
        match std::fs::read(&path) {
            Ok(bytes) => {
                out.insert(rel.clone(), ThemeFile { shown: shown.join(&rel), bytes });
            }
            Err(e) => diags.push(Diagnostic::error(format!("cannot read this file: {e}")).in_file(&shown.join(&rel))),
        }
    }
    errors.extend(diags);
    out
}

/// Loads the theme `name` for the site at `root`.
pub fn load(root: &Path, name: &str) -> Result<ThemeFiles, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let canonical = crate::source::canonical_root(root);
    let theme_dir = root.join("themes").join(name);
    let shown_theme = Path::new("themes").join(name);
    let mut files = ThemeFiles::default();
    if let Err(target) = crate::source::resolves_inside(&canonical, &theme_dir) {
        return Err(vec![crate::source::outside_link(&theme_dir, &shown_theme, &target)]);
    }
    if theme_dir.is_dir() {
        for (sub, map) in
            [("templates", &mut files.templates), ("i18n", &mut files.i18n), ("static", &mut files.statics)]
        {
            *map = read_dir_files(&canonical, &theme_dir.join(sub), &shown_theme.join(sub), &mut errors);
        }
    } else if name == "carnet" {
        let shown = Path::new("(embedded carnet theme)");
        for (path, bytes) in embedded::THEME_FILES {
            let Some((sub, rel)) = path.split_once('/') else {
                continue;
            };
            let file = ThemeFile { shown: shown.join(path), bytes: bytes.to_vec() };
            match sub {
                "templates" => files.templates.insert(rel.to_string(), file),
                "i18n" => files.i18n.insert(rel.to_string(), file),
                "static" => files.statics.insert(rel.to_string(), file),
                _ => None,
            };
        }
    } else {
        return Err(vec![missing_theme(root, name)]);
    }
    let overrides = read_dir_files(&canonical, &root.join("templates"), Path::new("templates"), &mut errors);
    files.templates.extend(overrides);
    if errors.is_empty() { Ok(files) } else { Err(errors) }
}

/// `theme: x` names no folder of `themes/`: located at the `theme:` line of `carnet.yaml`,
/// with the themes that do exist.
fn missing_theme(root: &Path, name: &str) -> Diagnostic {
    let shown = Path::new(crate::config::CONFIG_FILE);
    let mut d = Diagnostic::error(format!("the theme `{name}` does not exist"));
    let text = std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).unwrap_or_default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    d = match crate::config::key_pos(text, "theme") {
        Some((pos, len)) => d.at(shown, text, pos).underline(len),
        None => d.in_file(shown),
    };
    let mut themes: Vec<String> = std::fs::read_dir(root.join("themes"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    themes.sort();
    let suggestion = crate::diagnostics::did_you_mean(name, themes.iter().map(String::as_str))
        .or_else(|| crate::diagnostics::did_you_mean(name, ["carnet"]));
    d.help(match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None if themes.is_empty() => {
            format!("there is no folder `themes/{name}/`; remove `theme:` to use the default theme `carnet`")
        }
        None => format!(
            "there is no folder `themes/{name}/`; the themes here are {}, and the default theme is `carnet`",
            themes.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
        ),
    })
}

/// The embedded default theme, for `carnet init`.
pub fn embedded_files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    embedded::THEME_FILES.iter().copied()
}
