//! What a changed file means for the site: [`classify`] (a pure, table-tested function) and
//! the [`ChangeSet`] of one save.

use std::collections::BTreeSet;
use std::path::Path;

use crate::config::CONFIG_FILE;
use crate::source;

/// What a file change means for the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// `carnet.yaml`: everything again.
    Config,
    /// A template or translation file (of the theme, or a site override).
    Templates,
    /// A file of the theme's `static/`.
    ThemeStatic,
    /// A path under `content/` (relative to it): a page, an asset or a folder.
    Content(String),
    /// A path under `static/` (relative to it).
    Static(String),
}

/// Which part of the site a changed path belongs to, if any (`rel` is relative to the site
/// root). Editors' temporary files, hidden files and the output folder are not part of it.
pub fn classify(rel: &Path, theme: &str, output: &Path) -> Option<Change> {
    if rel.starts_with(output) || rel.components().any(|c| source::is_ignored(&c.as_os_str().to_string_lossy())) {
        return None;
    }
    let name = rel.file_name()?.to_str()?;
    if name == "4913" {
        // Vim's test of whether it may write in the folder.
        return None;
    }
    let text = rel.to_str()?.replace('\\', "/");
    if text == CONFIG_FILE {
        return Some(Change::Config);
    }
    if let Some(rest) = text.strip_prefix("content/") {
        return Some(Change::Content(rest.to_string()));
    }
    if let Some(rest) = text.strip_prefix("static/") {
        return Some(Change::Static(rest.to_string()));
    }
    if text.starts_with("templates/") {
        return Some(Change::Templates);
    }
    let rest = text.strip_prefix(&format!("themes/{theme}/"))?;
    if rest.starts_with("static/") {
        Some(Change::ThemeStatic)
    } else if rest.starts_with("archetypes/") {
        None
    } else {
        Some(Change::Templates)
    }
}

/// The changes of one save (or of a burst of saves), gathered.
#[derive(Debug, Default, Clone)]
pub struct ChangeSet {
    pub config: bool,
    pub templates: bool,
    pub theme_statics: bool,
    pub content: BTreeSet<String>,
    pub statics: BTreeSet<String>,
    /// Something happened that names no file (the watcher lost events): read everything.
    pub rescan: bool,
}

impl ChangeSet {
    pub fn add(&mut self, change: Change) {
        match change {
            Change::Config => self.config = true,
            Change::Templates => self.templates = true,
            Change::ThemeStatic => self.theme_statics = true,
            Change::Content(p) => {
                self.content.insert(p);
            }
            Change::Static(p) => {
                self.statics.insert(p);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        !self.config
            && !self.templates
            && !self.theme_statics
            && !self.rescan
            && self.content.is_empty()
            && self.statics.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_classified_by_where_they_happen() {
        let out = Path::new("public");
        let c = |p: &str| classify(Path::new(p), "carnet", out);
        assert_eq!(c("carnet.yaml"), Some(Change::Config));
        assert_eq!(c("content/sessions/s.md"), Some(Change::Content("sessions/s.md".into())));
        assert_eq!(c("content/img/a.png"), Some(Change::Content("img/a.png".into())));
        assert_eq!(c("static/css/x.css"), Some(Change::Static("css/x.css".into())));
        assert_eq!(c("templates/page.html"), Some(Change::Templates));
        assert_eq!(c("themes/carnet/i18n/fr.yaml"), Some(Change::Templates));
        assert_eq!(c("themes/carnet/static/css/carnet.css"), Some(Change::ThemeStatic));
        assert_eq!(c("themes/carnet/archetypes/session.md"), None);
        assert_eq!(c("themes/other/templates/page.html"), None);
        assert_eq!(c("public/index.html"), None);
        assert_eq!(c("content/.s.md.swp"), None);
        assert_eq!(c("content/s.md~"), None);
        assert_eq!(c("content/4913"), None);
        assert_eq!(c("content/.#s.md"), None);
        assert_eq!(c("content/#s.md#"), None);
        assert_eq!(c("README.md"), None);
        assert_eq!(c("src/main.rs"), None);
        assert_eq!(c("content/.git/HEAD"), None);
    }
}
