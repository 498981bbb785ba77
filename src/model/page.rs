//! Typing one parsed file into a [`Page`]: the common keys, the kind, the kind's own keys.

use std::path::PathBuf;

use jiff::civil::Date;

use super::filectx::FileCtx;
use super::kinds::{KIND_NAMES, Kind, KindData, type_kind};
use super::when::{When, date_prefix};
use crate::frontmatter::{RawFront, Split};

/// The longest URL segment made from what a contributor writes (a file name, a `slug`, a tag,
/// a programme, an alias), in bytes: each becomes a folder of the output, and file systems
/// (ext4, APFS, NTFS…) refuse names over 255 bytes. The only limit on names carnet imposes.
pub const MAX_SEGMENT: usize = 255;

/// Why [`MAX_SEGMENT`] stands, for messages.
pub const SEGMENT_LIMIT: &str = "file systems (ext4, APFS, NTFS) refuse file and folder names over 255 bytes";

/// Index of a page in [`Site::pages`](super::Site::pages).
pub type DocId = usize;

/// One content file (a page, or a section's `_index.md`), typed and placed.
#[derive(Debug, Clone)]
pub struct Page {
    /// Relative to `content/` (`sessions/2018-03-26-session-11.md`).
    pub rel_path: String,
    /// As shown in messages (`content/sessions/…`).
    pub shown: PathBuf,
    pub text: String,
    pub yaml_start: usize,
    pub yaml_end: usize,
    pub body_offset: usize,
    pub is_section: bool,
    pub title: String,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    pub draft: bool,
    /// Shown only because future pages were asked for (`--future`, or a preview).
    pub scheduled: bool,
    pub publish_date: Option<Date>,
    pub expiry_date: Option<Date>,
    pub weight: Option<i64>,
    /// A section's own page size.
    pub paginate: Option<usize>,
    /// Order given by a numeric file prefix inside a course (`01-`).
    pub prefix_order: Option<u32>,
    pub slug: String,
    /// Output path relative to the site root, ending with `/` (`sessions/session-11/`); empty
    /// for the home page.
    pub path: String,
    pub aliases: Vec<String>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub kind: Kind,
    pub data: KindData,
    pub template: Option<String>,
    pub lang: Option<String>,
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub parent: Option<DocId>,
    /// For sections: their pages and sub-sections, in display order.
    pub pages: Vec<DocId>,
    pub subsections: Vec<DocId>,
    /// Resolved references (values of a session, prerequisites of a tutorial).
    pub refs: Vec<DocId>,
}

impl Page {
    pub fn split(&self) -> Split<'_> {
        Split {
            yaml: &self.text[self.yaml_start..self.yaml_end],
            yaml_line: 2,
            body: &self.text[self.body_offset..],
            body_offset: self.body_offset,
        }
    }

    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// The date used to sort and to show: `date`, or the start of a session or event.
    pub fn sort_date(&self) -> Option<Date> {
        self.date.or(match &self.data {
            KindData::Session { start, .. } | KindData::Event { start, .. } => Some(start.date()),
            _ => None,
        })
    }
}

/// What typing a file needs to know about where it sits.
pub struct Placement {
    pub is_section: bool,
    /// The kind the file's own front matter gives.
    pub own_kind: Option<String>,
    /// The kind a cascade gives (for pages only); an unknown one is reported at the section.
    pub cascaded_kind: Option<String>,
    /// The parent section's kind, when known.
    pub parent_kind: Option<Kind>,
    pub stem: String,
}

/// Types the common keys and the kind of a file whose front matter (merged with its
/// cascades) is `raw`.
pub fn type_page(raw: &RawFront, place: &Placement, ctx: &mut FileCtx<'_>) -> Option<TypedFront> {
    let title = match raw.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        Some(_) => {
            ctx.error(
                "title",
                None,
                "the title is empty".into(),
                Some("write the page's title after `title:`, for example `title: \"Session 11\"`".into()),
            );
            String::new()
        }
        None => {
            ctx.error(
                "---",
                None,
                "this page has no title".into(),
                Some("add a line `title: \"…\"` to the front matter".into()),
            );
            String::new()
        }
    };
    let kind = resolve_kind(place, ctx);
    let prefixed = date_prefix(&place.stem);
    let date = ctx.when("date", raw.date.as_deref()).map(When::date).or(prefixed.map(|p| p.0));
    let fallback = date.map(When::Day);
    let data = type_kind(kind, raw, ctx, fallback);
    if let Some(image) = &raw.image
        && let Err(help) = crate::urls::check(image, crate::urls::Allowed::File)
    {
        ctx.error("image", Some(image), format!("`{image}` cannot be an image"), Some(help));
    }
    if raw.image.is_some() && raw.image_alt.is_none() {
        ctx.lint(
            crate::diagnostics::Lint::ImageWithoutAlt,
            "image",
            None,
            "the image has no `image_alt` text".into(),
            Some(
                "describe the image for readers who cannot see it: `image_alt: \"…\"` (\"\" if it is decorative)"
                    .into(),
            ),
        );
    }
    for tag in raw.tags.iter().flatten() {
        if tag.split('/').all(|part| crate::model::slugify(part).is_empty()) {
            ctx.error(
                "tags",
                Some(tag).filter(|t| !t.trim().is_empty()).map(String::as_str),
                format!("the tag `{tag}` has no letter or digit to make its address"),
                Some("each tag has a page whose address is made from its letters and digits: write a word".into()),
            );
            continue;
        }
        if tag.split('/').any(|part| crate::model::slugify(part).len() > MAX_SEGMENT) {
            ctx.error(
                "tags",
                Some(tag),
                "this tag is too long to make an address".into(),
                Some(format!("each tag has a folder of the site made from its name, and {SEGMENT_LIMIT}")),
            );
        }
    }
    if let Some(lang) = &raw.lang
        && (lang.is_empty() || !lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    {
        ctx.error(
            "lang",
            Some(lang),
            format!("`{lang}` is not a language code"),
            Some("for example `fr` or `en`".into()),
        );
    }
    let typed = TypedFront {
        title,
        date,
        updated: ctx.when("updated", raw.updated.as_deref()).map(When::date),
        publish_date: ctx.when("publish_date", raw.publish_date.as_deref()).map(When::date),
        expiry_date: ctx.when("expiry_date", raw.expiry_date.as_deref()).map(When::date),
        kind,
        data,
    };
    Some(typed)
}

pub struct TypedFront {
    pub title: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub publish_date: Option<Date>,
    pub expiry_date: Option<Date>,
    pub kind: Kind,
    pub data: KindData,
}

fn resolve_kind(place: &Placement, ctx: &mut FileCtx<'_>) -> Kind {
    let implicit = match (place.is_section, place.parent_kind) {
        (true, Some(Kind::Course)) => Kind::Module,
        (false, Some(Kind::Module)) => Kind::Lesson,
        _ => Kind::Page,
    };
    let own = place.own_kind.clone().map(|k| (k, false));
    let cascaded = place.cascaded_kind.clone().map(|k| (k, true));
    let written = if place.is_section { own } else { own.or(cascaded) };
    let Some((name, from_cascade)) = written else {
        if !place.is_section && place.parent_kind == Some(Kind::Course) {
            ctx.error(
                "---",
                None,
                "this page is directly in a course, outside any module".into(),
                Some("move it into a module's folder (a sub-folder of the course); write `kind: page` if it is not a lesson".into()),
            );
            // Typed as the lesson it means to be, so its keys give no follow-on errors.
            return Kind::Lesson;
        }
        return implicit;
    };
    let Some(kind) = Kind::parse(&name) else {
        // An unknown kind given by a cascade is reported once, at the section.
        if !from_cascade {
            ctx.error(
                "kind",
                Some(&name),
                format!("this page has an unknown kind `{name}`"),
                Some(unknown_kind_help(&name)),
            );
        }
        return implicit;
    };
    if place.is_section && !matches!(kind, Kind::Page | Kind::Course | Kind::Module) {
        ctx.error(
            "kind",
            Some(&name),
            format!("a section cannot be of kind `{name}`"),
            Some(format!("a section is a course, a module or a plain list; to make its pages {name}s write `cascade: {{kind: {name}}}`")),
        );
        return Kind::Page;
    }
    if kind == Kind::Module && place.is_section && place.parent_kind != Some(Kind::Course) {
        ctx.error(
            "kind",
            Some(&name),
            "a module must be a folder inside a course".into(),
            Some("move this folder under the course's folder (the one whose `_index.md` says `kind: course`)".into()),
        );
    }
    if kind == Kind::Module && !place.is_section {
        ctx.error(
            "kind",
            Some(&name),
            "a module is a folder: this file cannot be one".into(),
            Some("make a folder for the module, with this text in its `_index.md`".into()),
        );
    }
    if kind == Kind::Lesson && place.parent_kind != Some(Kind::Module) {
        ctx.error(
            "kind",
            Some(&name),
            "a lesson must be inside a module of a course".into(),
            Some("move this file into a module's folder (a sub-folder of the course)".into()),
        );
    }
    kind
}

/// `did you mean …?` for an unknown kind, or the list of kinds.
pub fn unknown_kind_help(name: &str) -> String {
    crate::diagnostics::did_you_mean(name, KIND_NAMES)
        .map_or_else(|| format!("the kinds are {}", KIND_NAMES.join(", ")), |s| format!("did you mean `{s}`?"))
}
