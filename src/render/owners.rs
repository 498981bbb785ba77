//! Every output path has exactly one owner: a page, a list page, an alias, a generated page, a
//! file of `content/` or `static/`, a file of the theme, or the search index. All are
//! registered before anything is rendered or written; two owners for one path (or a file
//! where another needs a folder) is an error naming both. The one precedence: a file of the
//! site (its `static/` or `content/`) replaces the theme's file at that path. (A content section
//! at the address of a generated page introduces it instead of being a page: see `plan`.)

use std::collections::BTreeMap;
use std::path::Path;

use super::plan::Job;
use super::{RenderInput, output_path};
use crate::diagnostics::{Diagnostic, display_path};
use crate::frontmatter::locate;
use crate::source::Asset;
use crate::theme::ThemeFile;

/// The folder of the search index, whatever the build does with search.
pub const SEARCH_DIR: &str = "pagefind";

#[derive(Clone, Copy)]
enum Owner<'a> {
    Job(&'a Job),
    Copy(&'a Asset),
    Theme(&'a ThemeFile),
    Search,
}

struct Registry<'a> {
    owners: BTreeMap<String, Owner<'a>>,
    /// The path, its first owner, the second, and whether the second needs it as a folder.
    clashes: Vec<(String, Owner<'a>, Owner<'a>, bool)>,
}

impl<'a> Registry<'a> {
    fn claim(&mut self, path: String, owner: Owner<'a>) {
        match self.owners.get(&path) {
            Some(&first) => self.clashes.push((path, first, owner, false)),
            None => {
                self.owners.insert(path, owner);
            }
        }
    }
}

/// Checks the owners of every path the jobs, the copied files and the theme's static files
/// would write. `root` is the site's folder (to name copied files as contributors see them).
pub fn check(
    input: &RenderInput<'_>,
    jobs: &[Job],
    copies: &[Asset],
    theme_statics: &BTreeMap<String, ThemeFile>,
    root: &Path,
) -> Vec<Diagnostic> {
    let mut reg = Registry { owners: BTreeMap::new(), clashes: Vec::new() };
    reg.owners.insert(SEARCH_DIR.to_string(), Owner::Search);
    for job in jobs {
        reg.claim(output_path(input, job), Owner::Job(job));
    }
    for asset in copies {
        reg.claim(asset.rel_path.clone(), Owner::Copy(asset));
    }
    for (path, file) in theme_statics {
        // The site's own file replaces the theme's.
        if !matches!(reg.owners.get(path), Some(Owner::Copy(_))) {
            reg.claim(path.clone(), Owner::Theme(file));
        }
    }
    let Registry { owners, mut clashes } = reg;
    // A path under another path that is a file: the one would need a folder the other is
    // (reported once for each such file).
    let mut files_in_the_way = std::collections::BTreeSet::new();
    for (path, &owner) in &owners {
        let mut at = 0;
        while let Some(slash) = path[at..].find('/').map(|i| i + at) {
            if let Some(&file) = owners.get(&path[..slash]) {
                if files_in_the_way.insert(&path[..slash]) {
                    clashes.push((path[..slash].to_string(), file, owner, true));
                }
                break;
            }
            at = slash + 1;
        }
    }
    clashes.into_iter().map(|(path, a, b, folder)| clash(input, root, &path, [a, b], folder)).collect()
}

fn clash(input: &RenderInput<'_>, root: &Path, path: &str, both: [Owner<'_>; 2], folder: bool) -> Diagnostic {
    let [first, second] = both.map(|o| describe(input, root, o));
    let message = match both {
        [Owner::Search, _] => format!("{second} would be written in `{SEARCH_DIR}/`, the folder of the search index"),
        _ if folder => format!("{first} is written at `{path}`, where {second} needs a folder"),
        _ => format!("{first} and {second} would both be written at `{path}`"),
    };
    // Located where a contributor wrote what takes the address: an alias first, then a file,
    // a page, a tag; the configuration when neither was written by hand.
    // On a tie, the second: what came to take an address already taken.
    let mut written: Vec<Owner<'_>> = both.into_iter().rev().filter(|o| rank(*o).is_some()).collect();
    written.sort_by_key(|o| rank(*o));
    let located = written.iter().find_map(|&o| locate_owner(input, root, o).map(|d| (d, o)));
    let (d, help) = match located {
        Some((located, owner)) => (Diagnostic { message, ..located }, how_to_fix(owner)),
        None => (
            Diagnostic::error(message).in_file(Path::new(crate::config::CONFIG_FILE)),
            "change `paths:` in carnet.yaml, or rename what takes the address",
        ),
    };
    d.help(format!("every address of the site has one owner: {help}"))
}

/// Which owner a clash is shown at, first: what a contributor wrote for this address.
fn rank(owner: Owner<'_>) -> Option<u8> {
    match owner {
        Owner::Job(Job::Alias { .. }) => Some(0),
        Owner::Copy(_) => Some(1),
        Owner::Job(Job::Page(_) | Job::Section { .. }) => Some(2),
        Owner::Job(Job::Tag { .. }) => Some(3),
        _ => None,
    }
}

fn how_to_fix(owner: Owner<'_>) -> &'static str {
    match owner {
        Owner::Job(Job::Alias { .. }) => "remove this alias, or give it another address",
        Owner::Job(Job::Page(_) | Job::Section { .. }) => "give the page another `slug:`, or rename its file",
        Owner::Job(Job::Tag { .. }) => "write the tag another way",
        _ => "rename or move the file",
    }
}

/// The owner in words: `the page `content/a.md``, `an alias of …`, `the agenda`.
fn describe(input: &RenderInput<'_>, root: &Path, owner: Owner<'_>) -> String {
    let site = input.site;
    let file = |id: usize| format!("`{}`", display_path(&site.page(id).shown));
    match owner {
        Owner::Search => "the search index".into(),
        Owner::Theme(f) => format!("the theme's file `{}`", display_path(&f.shown)),
        Owner::Copy(asset) => format!("the file `{}`", shown_copy(root, asset)),
        Owner::Job(job) => match job {
            Job::Page(id) => format!("the page {}", file(*id)),
            Job::Section { id, page: 1, .. } => format!("the page {}", file(*id)),
            Job::Section { id, page, .. } => format!("page {page} of the list of {}", file(*id)),
            Job::Alias { to, .. } => format!("an alias of {}", file(*to)),
            Job::Agenda => "the agenda".into(),
            Job::AgendaYear { year, page: 1, .. } => format!("the agenda of {year:04}"),
            Job::AgendaYear { year, page, .. } => format!("page {page} of the agenda of {year:04}"),
            Job::AgendaMonth { year, month } => format!("the agenda of {year:04}-{month:02}"),
            Job::Ics(None) => "the calendar of every event".into(),
            Job::Ics(Some(i)) => format!("the calendar file of {}", file(input.indexes.calendar.events[*i].page)),
            Job::Search => "the search page".into(),
            Job::TagIndex => "the tag index".into(),
            Job::Tag { tag, page, .. } => {
                let name = &input.indexes.tags.list[*tag].name;
                if *page == 1 {
                    format!("the page of the tag `{name}`")
                } else {
                    format!("page {page} of the tag `{name}`")
                }
            }
            Job::Feed(_) => format!("the Atom feed `{}`", output_path(input, job)),
            Job::Programme { name, .. } => format!("the page of the programme `{name}`"),
            Job::NotFound => "the 404 page".into(),
            Job::Accessibility => "the default accessibility statement".into(),
            Job::Sitemap => "the sitemap".into(),
            Job::SitemapPart(n) => format!("part {n} of the sitemap"),
            Job::Robots => "robots.txt".into(),
            Job::HighlightCss { .. } => "the code colours stylesheet".into(),
        },
    }
}

/// `static/x.pdf` or `content/x.pdf`: the copied file as the site's folder holds it.
fn shown_copy(root: &Path, asset: &Asset) -> String {
    asset.source.strip_prefix(root).map_or_else(|_| asset.rel_path.clone(), display_path)
}

/// Where a contributor wrote what makes `owner` take its address, as a diagnostic to fill.
fn locate_owner(input: &RenderInput<'_>, root: &Path, owner: Owner<'_>) -> Option<Diagnostic> {
    let site = input.site;
    match owner {
        Owner::Job(Job::Alias { from, to }) => {
            let p = site.page(*to);
            let (pos, len) = locate(&p.split(), "aliases", Some(from.trim_end_matches('/')));
            Some(Diagnostic::error("").at(&p.shown, &p.text, pos).underline(len))
        }
        Owner::Job(Job::Page(id) | Job::Section { id, .. }) => {
            Some(Diagnostic::error("").in_file(&site.page(*id).shown))
        }
        Owner::Job(Job::Tag { tag, .. }) => {
            let tag = &input.indexes.tags.list[*tag];
            let written = tag.pages.iter().map(|&p| site.page(p)).find_map(|p| {
                let spelling = p.tags.iter().find(|t| crate::index::tags::tag_slug(t) == tag.slug)?;
                Some((p, spelling.clone()))
            });
            written.map(|(p, spelling)| {
                let (pos, len) = locate(&p.split(), "tags", Some(&spelling));
                Diagnostic::error("").at(&p.shown, &p.text, pos).underline(len)
            })
        }
        Owner::Copy(asset) => Some(Diagnostic::error("").in_file(Path::new(&shown_copy(root, asset)))),
        _ => None,
    }
}

/// A content section at the address of a generated page (`paths.tags`, `paths.agenda`,
/// `paths.search`) introduces it: its title and text, never pages of its own, which would be
/// listed nowhere.
pub fn generated_sections(input: &RenderInput<'_>) -> Vec<Diagnostic> {
    let (site, paths) = (input.site, &input.config.paths);
    let generated = [("tags", &paths.tags), ("agenda", &paths.agenda), ("search", &paths.search)];
    let mut diags = Vec::new();
    for p in site.pages.iter().filter(|p| p.is_section) {
        let Some((key, _)) = generated.iter().find(|(_, path)| p.path == format!("{path}/")) else { continue };
        let held = p.pages.len() + p.subsections.len();
        if held > 0 {
            diags.push(
                Diagnostic::error(format!(
                    "this section is at the address of a generated page (`paths.{key}` in carnet.yaml): its {} would be listed nowhere",
                    crate::diagnostics::plural(held, "page")
                ))
                .in_file(&p.shown)
                .help(format!(
                    "a section there only introduces the generated page with its title and text: move the pages \
                     to another folder, or set `paths: {{{key}: …}}` to another address"
                )),
            );
        }
    }
    diags
}
