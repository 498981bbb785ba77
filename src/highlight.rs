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
        Highlighter { syntaxes: SyntaxSet::load_defaults_newlines() }
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
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, STYLE);
        for line in LinesWithEndings::from(code) {
            generator.parse_html_for_line_which_includes_newline(line).ok()?;
        }
        Some(generator.finalize())
    }
}

/// The code background of the default theme in light and dark mode (`--surface` in
/// `carnet.css`): every colour of the stylesheets is adjusted to read on it.
const LIGHT_BACKGROUND: (u8, u8, u8) = (0xf6, 0xf1, 0xe7);
const DARK_BACKGROUND: (u8, u8, u8) = (0x24, 0x20, 0x1b);
/// WCAG AA asks 4.5:1 for text; a little margin absorbs rounding.
const MIN_CONTRAST: f64 = 4.6;

/// The two stylesheets, `(light, dark)`, with every text colour at 4.5:1 or more against the
/// code background and the themes' own backgrounds removed.
pub fn stylesheets() -> (String, String) {
    let themes = ThemeSet::load_defaults();
    let css = |name: &str, bg| {
        let raw =
            themes.themes.get(name).and_then(|t| css_for_theme_with_class_style(t, STYLE).ok()).unwrap_or_default();
        readable(&raw, bg)
    };
    (css(LIGHT_THEME, LIGHT_BACKGROUND), css(DARK_THEME, DARK_BACKGROUND))
}

fn readable(css: &str, bg: (u8, u8, u8)) -> String {
    let mut out = String::with_capacity(css.len());
    for line in css.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("background-color:") {
            continue;
        }
        match trimmed.strip_prefix("color: #").and_then(|rest| parse_hex(rest.trim_end_matches(';'))) {
            Some(fg) => {
                let (r, g, b) = with_contrast(fg, bg);
                out.push_str(&format!(" color: #{r:02x}{g:02x}{b:02x};\n"));
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

fn parse_hex(hex: &str) -> Option<(u8, u8, u8)> {
    let hex = hex.get(..6)?;
    let n = u32::from_str_radix(hex, 16).ok()?;
    Some(((n >> 16) as u8, (n >> 8) as u8, n as u8))
}

fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `fg` moved towards black (on a light background) or white (on a dark one) until it reads.
fn with_contrast(fg: (u8, u8, u8), bg: (u8, u8, u8)) -> (u8, u8, u8) {
    let target: f64 = if luminance(bg) > 0.5 { 0.0 } else { 255.0 };
    let mut c = fg;
    for step in 1..=20 {
        if contrast(c, bg) >= MIN_CONTRAST {
            break;
        }
        let t = f64::from(step) / 20.0;
        let mix = |x: u8| (f64::from(x) + (target - f64::from(x)) * t).round() as u8;
        c = (mix(fg.0), mix(fg.1), mix(fg.2));
    }
    c
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
        assert!(!light.contains("background-color"));
    }

    #[test]
    fn every_colour_reads_on_the_code_background() {
        let (light, dark) = stylesheets();
        for (css, bg) in [(light, LIGHT_BACKGROUND), (dark, DARK_BACKGROUND)] {
            let colours: Vec<_> =
                css.lines().filter_map(|l| l.trim().strip_prefix("color: #").and_then(parse_hex)).collect();
            assert!(colours.len() > 10);
            for c in colours {
                assert!(contrast(c, bg) >= 4.5, "{c:?} on {bg:?}: {}", contrast(c, bg));
            }
        }
    }
}
