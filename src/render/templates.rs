//! Tera templates and translations, loaded once from the theme's files; template errors
//! become located diagnostics in the template file.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use tera::{Context, Tera};

use crate::config::{Config, Lang};
use crate::diagnostics::{Diagnostic, Pos};
use crate::frontmatter::parse_yaml;
use crate::theme::ThemeFiles;

pub struct Templates {
    tera: Tera,
    /// Template name → file as shown, to locate errors.
    shown: HashMap<String, (PathBuf, String)>,
    /// Interface strings of the site's language.
    pub strings: BTreeMap<String, String>,
    lang: &'static str,
}

impl Templates {
    pub fn load(files: &ThemeFiles, config: &Config) -> Result<Templates, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut sources = Vec::new();
        let mut shown = HashMap::new();
        for (name, file) in &files.templates {
            if !name.ends_with(".html") && !name.ends_with(".xml") {
                continue;
            }
            match String::from_utf8(file.bytes.clone()) {
                Ok(text) => {
                    shown.insert(name.clone(), (file.shown.clone(), text.clone()));
                    sources.push((name.clone(), text));
                }
                Err(_) => errors.push(Diagnostic::error("this template is not valid UTF-8 text").in_file(&file.shown)),
            }
        }
        let strings = load_strings(files, config.language, &mut errors);
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
            errors.push(template_error(&e, &shown, None, config.language.code()));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Templates { tera, shown, strings, lang: config.language.code() })
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Sets what every template sees (`site`, `t`).
    pub fn set_globals(&mut self, site: &impl serde::Serialize) {
        let globals = self.tera.global_context();
        globals.insert("site", site);
        globals.insert("t", &self.strings);
    }

    /// Renders `name`; `job` says what was being rendered, for the message.
    pub fn render(&self, name: &str, context: &Context, job: &str) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| template_error(&e, &self.shown, Some(job), self.lang))
    }
}

fn load_strings(files: &ThemeFiles, lang: Lang, errors: &mut Vec<Diagnostic>) -> BTreeMap<String, String> {
    let name = format!("{}.yaml", lang.code());
    let Some(file) = files.i18n.get(&name) else {
        errors.push(
            Diagnostic::error(format!("the theme has no translation file `i18n/{name}`"))
                .help("add it to the theme, or choose another `language` in carnet.yaml"),
        );
        return BTreeMap::new();
    };
    let text = String::from_utf8_lossy(&file.bytes);
    match parse_yaml::<BTreeMap<String, String>>(&text, 1) {
        Ok(map) => map,
        Err(e) => {
            errors.push(Diagnostic::error(e.message).at(&file.shown, &text, e.pos).underline(e.len));
            BTreeMap::new()
        }
    }
}

/// A Tera error as a diagnostic located in the template file when Tera gives a position.
fn template_error(
    e: &tera::Error,
    shown: &HashMap<String, (PathBuf, String)>,
    job: Option<&str>,
    i18n_lang: &str,
) -> Diagnostic {
    use tera::ErrorKind;
    let (message, at) = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => (
            r.message().to_string(),
            Some((r.filename().to_string(), r.span().start_line, r.span().start_col, r.span().range.len())),
        ),
        ErrorKind::CircularInclude { tpl, include_chain } => (
            format!("the template includes itself in a loop: {}", include_chain.join(" → ")),
            Some((tpl.clone(), 0, 0, 1)),
        ),
        ErrorKind::CircularExtend { tpl, inheritance_chain } => (
            format!("the template extends itself in a loop: {}", inheritance_chain.join(" → ")),
            Some((tpl.clone(), 0, 0, 1)),
        ),
        ErrorKind::MissingParent { current, parent } => {
            (format!("`{current}` extends `{parent}`, which does not exist"), Some((current.clone(), 0, 0, 1)))
        }
        other => {
            let text = other.to_string();
            let at = text.split_once("--> ").and_then(|(_, rest)| parse_location(rest.lines().next().unwrap_or("")));
            (text, at)
        }
    };
    // Tera may report several problems in one text: keep the first, say how many follow.
    let mut lines = message.lines();
    let first = lines.next().unwrap_or_default().trim_start_matches("error: ").trim_end_matches('.');
    let more = lines.filter(|l| l.starts_with("error: ")).count();
    let mut d = Diagnostic::error(format!("template error: {first}"));
    let mut source_before = "";
    if let Some((name, line, col, len)) = &at
        && let Some((path, text)) = shown.get(name)
    {
        d = if *line > 0 {
            d.at(path, text, Pos::new(*line, col + 1)).underline((*len).min(60))
        } else {
            d.in_file(path)
        };
        if let ErrorKind::RenderingError(r) = e.kind() {
            source_before = text.get(..r.span().range.start).unwrap_or_default();
        }
    }
    if let Some((field, available)) = undefined_field(first) {
        // `t.x`: a key missing from the translation file, the usual mistake of a theme author.
        if source_before.ends_with("t.") {
            d.message = format!("the translation key `{field}` is missing");
            return d.help(format!("add `{field}: \"…\"` to the theme's `i18n/{i18n_lang}.yaml`"));
        }
        d.message = format!("template error: `{field}` is not defined here");
        let help = match crate::diagnostics::did_you_mean(field, available.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("what is defined here: {}", available.join(", ")),
        };
        d = d.help(match job {
            Some(job) => format!("{help} (while rendering {job})"),
            None => help,
        });
    } else if first.contains("recursion depth for components") {
        d.message = "template error: a component calls itself without end".into();
        let help = "a component that calls itself needs a condition that stops it";
        d = d.help(match job {
            Some(job) => format!("{help} (while rendering {job})"),
            None => help.to_string(),
        });
    } else if first == "Unexpected end of input" {
        d.message = "template error: the template ends before a tag is closed".into();
        d = d.help("a `{% if %}`, `{% for %}`, `{% block %}` or `{% filter %}` has no matching `{% end… %}`");
    } else if let Some(job) = job {
        d = d.help(format!("while rendering {job}"));
    } else if first.contains("is not defined in any parent template") {
        d = d.help(format!(
            "a template overridden in `templates/` must keep the blocks of the one it replaces{}",
            if more > 0 { "; other templates of the theme have the same problem" } else { "" }
        ));
    }
    d
}

/// `Field `x` is not defined. Available fields: a, b` → (`x`, [a, b]).
fn undefined_field(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message.strip_prefix("Field `")?;
    let (field, rest) = rest.split_once('`')?;
    let available = rest.split_once("Available fields: ").map_or_else(Vec::new, |(_, list)| list.split(", ").collect());
    Some((field, available))
}

/// `name:line:col` as Tera writes it in a report.
fn parse_location(s: &str) -> Option<(String, usize, usize, usize)> {
    let mut parts = s.trim().rsplitn(3, ':');
    let col: usize = parts.next()?.parse().ok()?;
    let line: usize = parts.next()?.parse().ok()?;
    Some((parts.next()?.to_string(), line, col.saturating_sub(1), 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::ThemeFile;

    fn files(templates: &[(&str, &str)]) -> ThemeFiles {
        let mut f = ThemeFiles::default();
        for (n, t) in templates {
            f.templates.insert(
                n.to_string(),
                ThemeFile { shown: PathBuf::from("templates").join(n), bytes: t.as_bytes().to_vec() },
            );
        }
        f.i18n.insert("fr.yaml".into(), ThemeFile { shown: "i18n/fr.yaml".into(), bytes: b"home: Accueil\n".to_vec() });
        f
    }

    #[test]
    fn syntax_errors_name_the_template_line_and_column() {
        let e =
            Templates::load(&files(&[("page.html", "<p>\n{{ page.title }\n")]), &Config::for_tests()).err().unwrap();
        let text = e[0].to_string();
        assert!(text.starts_with("error: template error: "), "{text}");
        assert!(text.contains("--> templates/page.html:2:"), "{text}");
    }

    #[test]
    fn unknown_variables_fail_the_render_with_the_job() {
        let t =
            Templates::load(&files(&[("page.html", "<p>{{ page.titel }}</p>")]), &Config::for_tests()).ok().unwrap();
        let mut ctx = Context::new();
        ctx.insert("page", &BTreeMap::from([("title", "x")]));
        let d = t.render("page.html", &ctx, "`content/a.md` with `page.html`").unwrap_err().to_string();
        assert!(d.contains("--> templates/page.html:1:"), "{d}");
        assert!(d.contains("while rendering `content/a.md` with `page.html`"), "{d}");
    }
}
