//! `carnet new` and `carnet init`: files for contributors to start from. This module writes
//! into `content/` (never over an existing file); the pipeline never calls it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::frontmatter::{RawFront, parse_yaml, split};
use crate::model::kinds::{KIND_NAMES, Kind};
use crate::model::slugify;

/// The archetype of `kind`: the site's `archetypes/`, else the theme's.
fn archetype(root: &Path, theme: &str, kind: Kind) -> Result<String> {
    let name = format!("{}.md", kind.name());
    for dir in [root.join("archetypes"), root.join("themes").join(theme).join("archetypes")] {
        let path = dir.join(&name);
        if path.is_file() {
            if let Err(target) = crate::source::resolves_inside(&crate::source::canonical_root(root), &path) {
                bail!(
                    "{} is a symbolic link to `{}`, outside the site: carnet does not read it",
                    path.display(),
                    target.display()
                );
            }
            return std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()));
        }
    }
    crate::theme::embedded_files()
        .find(|(p, _)| *p == format!("archetypes/{name}"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .with_context(|| format!("the theme has no archetype for `{}`", kind.name()))
}

/// A section of `content/`: its folder (relative to `content/`, empty for the root), its own
/// kind and the kind it cascades to its pages.
struct SectionInfo {
    dir: String,
    kind: Option<String>,
    cascaded: Option<String>,
}

fn sections(root: &Path, content: &Path) -> Vec<SectionInfo> {
    let mut diags = Vec::new();
    let root = crate::source::canonical_root(root);
    let mut out: Vec<SectionInfo> = crate::source::walk_files(&root, content, Path::new("content"), &mut diags)
        .into_iter()
        .filter(|(rel, _)| rel == "_index.md" || rel.ends_with("/_index.md"))
        .filter_map(|(rel, path)| {
            let text = std::fs::read_to_string(path).ok()?;
            let raw: RawFront = split(&text).ok().and_then(|s| parse_yaml(s.yaml, s.yaml_line).ok())?;
            Some(SectionInfo {
                dir: rel.trim_end_matches("_index.md").trim_end_matches('/').to_string(),
                kind: raw.kind,
                cascaded: raw.cascade.and_then(|c| c.kind),
            })
        })
        .collect();
    out.sort_by(|a, b| a.dir.cmp(&b.dir));
    out
}

/// The next numeric prefix in `dir` (`03` when `01-…` and `02-…` exist).
fn next_prefix(dir: &Path) -> String {
    let used = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().to_str().and_then(|n| n.split('-').next()?.parse::<u32>().ok()))
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    format!("{:02}", used + 1)
}

/// What `carnet new` needs.
pub struct NewPage<'a> {
    pub root: &'a Path,
    pub theme: &'a str,
    pub kind: &'a str,
    pub title: &'a str,
    pub today: jiff::civil::Date,
    /// A folder of `content/` to put the file in, instead of the kind's usual section.
    pub section: Option<&'a str>,
}

/// Creates the file and returns its path relative to the site root.
pub fn new_page(req: &NewPage<'_>) -> Result<PathBuf> {
    let Some(kind) = Kind::parse(req.kind) else {
        let hint = crate::diagnostics::did_you_mean(req.kind, KIND_NAMES)
            .map_or_else(|| format!("the kinds are {}", KIND_NAMES.join(", ")), |k| format!("did you mean `{k}`?"));
        bail!("unknown kind `{}`: {hint}", req.kind);
    };
    let slug = slugify(req.title);
    if slug.is_empty() {
        bail!("the title `{}` gives no file name: use letters or digits", req.title);
    }
    let content = req.root.join("content");
    let all = sections(req.root, &content);
    let date = req.today.to_string();
    let first_course = all.iter().find(|s| s.kind.as_deref() == Some("course"));
    let (rel, needs_kind) = match (kind, req.section) {
        (Kind::Course, _) => {
            (format!("{}{slug}/_index.md", req.section.map(|s| format!("{s}/")).unwrap_or_default()), false)
        }
        (Kind::Module, section) => {
            let course = section.map(str::to_string).or_else(|| first_course.map(|c| c.dir.clone()));
            let Some(course) = course else {
                bail!("there is no course yet: create one first with `carnet new course \"…\"`")
            };
            (format!("{course}/{}-{slug}/_index.md", next_prefix(&content.join(&course))), false)
        }
        (Kind::Lesson, section) => {
            let module = section.map(str::to_string).or_else(|| {
                let course = first_course?;
                all.iter().filter(|s| s.dir.starts_with(&format!("{}/", course.dir))).map(|s| s.dir.clone()).next_back()
            });
            let Some(module) = module else {
                bail!("there is no module yet: create one first with `carnet new module \"…\"`")
            };
            (format!("{module}/{}-{slug}.md", next_prefix(&content.join(&module))), false)
        }
        (_, Some(section)) => {
            let cascades = all.iter().any(|s| s.dir == section && s.cascaded.as_deref() == Some(kind.name()));
            (format!("{section}/{slug}.md"), !cascades && kind != Kind::Page)
        }
        (_, None) => match all.iter().find(|s| s.cascaded.as_deref() == Some(kind.name())) {
            Some(s) => (format!("{}/{slug}.md", s.dir), false),
            None => {
                let folder = match kind {
                    Kind::Session => "sessions/",
                    Kind::Value => "valeurs/",
                    Kind::Tutorial => "tutoriels/",
                    Kind::Event => "evenements/",
                    _ => "",
                };
                (format!("{folder}{slug}.md"), kind != Kind::Page)
            }
        },
    };
    let rel = match kind {
        Kind::Session | Kind::Event => {
            let (dir, file) = rel.rsplit_once('/').map_or(("", rel.as_str()), |(d, f)| (d, f));
            let file = format!("{date}-{file}");
            if dir.is_empty() { file } else { format!("{dir}/{file}") }
        }
        _ => rel,
    };
    let path = content.join(rel.trim_start_matches('/'));
    if path.exists() {
        bail!("content/{} already exists: edit it, or choose another title", rel.trim_start_matches('/'));
    }
    let quoted = format!("\"{}\"", req.title.replace('\\', "\\\\").replace('"', "\\\""));
    let mut text = archetype(req.root, req.theme, kind)?.replace("{{title}}", &quoted).replace("{{date}}", &date);
    if needs_kind {
        text = text.replacen(&format!("title: {quoted}\n"), &format!("title: {quoted}\nkind: {}\n", kind.name()), 1);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(Path::new("content").join(rel.trim_start_matches('/')))
}

/// The files of a new site: a home page and one page of each kind.
const STARTER: &[(&str, &str)] = &[
    (
        ".gitignore",
        "# What carnet builds, and the search index it keeps between builds: never committed.\npublic/\n.carnet-cache/\n",
    ),
    (
        "carnet.yaml",
        "# The site's configuration: see the README of carnet.\ntitle: \"Mon lab\"\ndescription: \"La base de connaissances de notre laboratoire d'innovation publique.\"\nbase_url: \"https://example.org/\"\nlanguage: fr\ntime_zone: Europe/Paris\nmenu:\n  - {title: \"Agenda\", url: \"/agenda/\"}\n  - {title: \"Mots-clés\", url: \"/tags/\"}\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: \"Mon lab\"\ndescription: \"Sessions, valeurs, tutoriels et parcours d'accueil.\"\n---\nBienvenue ! Cette page d'accueil est `content/_index.md` : modifiez-la, puis lancez `carnet build`.\n",
    ),
    (
        "content/a-propos.md",
        "---\ntitle: \"À propos\"\ndescription: \"Qui nous sommes.\"\n---\nPrésentez ici le laboratoire. Les autres pages se lient par leur fichier : voir [nos valeurs](valeurs/_index.md).\n",
    ),
    (
        "content/sessions/_index.md",
        "---\ntitle: \"Sessions\"\ndescription: \"Le journal de nos sessions de travail.\"\ncascade: {kind: session, programme: \"Notre programme\"}\n---\n",
    ),
    (
        "content/sessions/2026-01-12-session-1.md",
        "---\ntitle: \"Session 1 : le lancement\"\nnumber: 1\nend: 2026-01-13\nlocation: \"Toulouse\"\nvalues: [autonomie]\ntags: [lancement]\n---\n## Ce que nous avons fait\n\nNous avons fait connaissance et choisi nos premiers sujets.\n",
    ),
    ("content/valeurs/_index.md", "---\ntitle: \"Nos valeurs\"\ncascade: {kind: value}\n---\n"),
    (
        "content/valeurs/autonomie.md",
        "---\ntitle: \"Autonomie\"\norder: 1\nsummary: \"Chacun avance sans attendre qu'on l'y autorise.\"\n---\nCe que l'autonomie veut dire pour nous.\n",
    ),
    ("content/tutoriels/_index.md", "---\ntitle: \"Tutoriels\"\ncascade: {kind: tutorial}\n---\n"),
    (
        "content/tutoriels/publier-une-page.md",
        "---\ntitle: \"Publier une page\"\nlevel: débutant\nduration: 20\n---\n## Créer le fichier\n\n```sh\ncarnet new page \"Mon titre\"\n```\n\n## Construire le site\n\n```sh\ncarnet build\n```\n",
    ),
    (
        "content/parcours/_index.md",
        "---\ntitle: \"Parcours d'accueil\"\nkind: course\naudience: \"Les nouveaux membres\"\noutcomes: [\"Connaître le lab\"]\n---\n",
    ),
    (
        "content/parcours/01-decouvrir/_index.md",
        "---\ntitle: \"Découvrir le lab\"\nobjectives: [\"Situer le lab\"]\n---\n",
    ),
    (
        "content/parcours/01-decouvrir/01-le-lab-en-bref.md",
        "---\ntitle: \"Le lab en bref\"\nduration: 10\nobjectives: [\"Dire ce que fait le lab\"]\nquiz:\n  - question: \"Où sont publiées nos sessions ?\"\n    choices: [\"Dans le journal des sessions\", \"Nulle part\"]\n    answer: 1\n---\nLe lab réunit des agents volontaires autour de projets concrets.\n",
    ),
    ("content/evenements/_index.md", "---\ntitle: \"Évènements\"\ncascade: {kind: event}\n---\n"),
    (
        "content/evenements/2026-02-05-atelier.md",
        "---\ntitle: \"Atelier découverte\"\nstart: 2026-02-05T09:30\nend: 2026-02-05T12:00\nlocation: \"Montpellier\"\n---\nUne matinée pour découvrir nos méthodes.\n",
    ),
];

/// Creates a new site in `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.exists()
        && std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?.next().is_some()
    {
        bail!("{} is not empty: `carnet init` creates a site in a new or empty folder", dir.display());
    }
    let mut written = Vec::new();
    for (rel, text) in STARTER {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}
