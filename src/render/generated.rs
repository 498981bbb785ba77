//! The view of a page carnet generates (agenda, tags, a programme, the 404…).

use serde::Serialize;

use super::view::LinkView;
use crate::config::Config;
use crate::model::Site;

/// A page carnet generates (agenda, tags, a programme, the 404…): what `base.html` needs of
/// `page`, with the home page as the first breadcrumb.
#[derive(Serialize)]
pub struct GeneratedPage {
    pub title: String,
    pub description: Option<String>,
    pub url: String,
    pub permalink: String,
    pub lang: &'static str,
    pub is_home: bool,
    pub is_section: bool,
    pub draft: bool,
    pub future: bool,
    pub image: Option<String>,
    pub image_permalink: Option<String>,
    pub image_alt: Option<String>,
    pub content: String,
    pub breadcrumbs: Vec<LinkView>,
}

impl GeneratedPage {
    /// The page at `path` (relative to the site root), titled `title`.
    pub fn new(site: &Site, config: &Config, title: impl Into<String>, path: &str) -> GeneratedPage {
        GeneratedPage {
            title: title.into(),
            description: None,
            url: format!("{}{path}", config.base_path),
            permalink: format!("{}{path}", config.base_url),
            lang: config.language.code(),
            is_home: false,
            is_section: true,
            draft: false,
            future: false,
            image: None,
            image_permalink: None,
            image_alt: None,
            content: String::new(),
            breadcrumbs: vec![LinkView { title: site.page(site.root).title.clone(), url: config.base_path.clone() }],
        }
    }

    pub fn with_content(mut self, html: &str) -> Self {
        self.content = html.to_string();
        self
    }

    /// Adds breadcrumbs after the home page.
    pub fn under(mut self, crumbs: impl IntoIterator<Item = LinkView>) -> Self {
        self.breadcrumbs.extend(crumbs);
        self
    }
}
