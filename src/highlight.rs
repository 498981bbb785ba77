//! Code highlighting behind a small interface: class-based HTML (no inline styles) and the
//! light and dark stylesheets that colour it. The syntax set is loaded once per build.

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
const LIGHT_THEME: &str = "InspiredGitHub";
const DARK_THEME: &str = "base16-ocean.dark";

pub struct Highlighter {
    syntaxes: SyntaxSet,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    pub fn new() -> Self {
        Highlighter {
            syntaxes: SyntaxSet::load_defaults_newlines(),
        }
    }

    /// The inner HTML of a `<code>` element for `code` in language `lang`, or `None` when the
    /// language is unknown (the caller then escapes the code as plain text).
    pub fn highlight(&self, code: &str, lang: &str) -> Option<String> {
        let token = match lang {
            "shell" | "console" | "zsh" => "bash",
            "yml" => "yaml",
            other => other,
        };
        let syntax = self.syntaxes.find_syntax_by_token(token)?;
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .ok()?;
        }
        Some(generator.finalize())
    }
}

/// The two stylesheets, `(light, dark)`.
pub fn stylesheets() -> (String, String) {
    let themes = ThemeSet::load_defaults();
    let css = |name: &str| {
        themes
            .themes
            .get(name)
            .and_then(|t| css_for_theme_with_class_style(t, STYLE).ok())
            .unwrap_or_default()
    };
    (css(LIGHT_THEME), css(DARK_THEME))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_with_classes_not_styles() {
        let h = Highlighter::new();
        let html = h.highlight("echo \"bonjour\"\n", "sh").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
        assert!(h.highlight("x", "no-such-language").is_none());
        let (light, dark) = stylesheets();
        assert!(light.contains(".hl-") && dark.contains(".hl-"));
        assert_ne!(light, dark);
    }
}
