//! Code highlighting behind a small interface, with syntect. Each piece of code gets one flat
//! class per colour: the class names its light and its dark style (`hl-a71d5d0-b48ead1`), so the
//! HTML stays small (no nested scope spans) and two generated stylesheets colour it, light and
//! dark, every colour raised to 4.5:1 against the theme's code background. No inline styles.
//! The syntax set and themes are loaded once per `Project`.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::sync::{Mutex, RwLock};

use syntect::highlighting::{FontStyle, Highlighter as ThemeHighlighter, Style, Theme, ThemeSet};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

const LIGHT_THEME: &str = "InspiredGitHub";
const DARK_THEME: &str = "base16-ocean.dark";
/// The code background of the default theme in light and dark mode (`--surface` in
/// `carnet.css`): every colour of the stylesheets is adjusted to read on it.
const LIGHT_BACKGROUND: Rgb = (0xf6, 0xf1, 0xe7);
const DARK_BACKGROUND: Rgb = (0x24, 0x20, 0x1b);
/// WCAG AA asks 4.5:1 for text; a little margin absorbs rounding.
const MIN_CONTRAST: f64 = 4.6;

type Rgb = (u8, u8, u8);

/// A colour and font style, already adjusted for contrast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Look {
    rgb: Rgb,
    /// Bit 0 bold, bit 1 italic, bit 2 underline.
    font: u8,
}

/// The look of a token in light mode and in dark mode: one class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TokenStyle {
    light: Look,
    dark: Look,
}

impl TokenStyle {
    fn class(&self) -> String {
        let (l, d) = (self.light, self.dark);
        format!(
            "hl-{:02x}{:02x}{:02x}{}-{:02x}{:02x}{:02x}{}",
            l.rgb.0, l.rgb.1, l.rgb.2, l.font, d.rgb.0, d.rgb.1, d.rgb.2, d.font
        )
    }
}

pub struct Highlighter {
    syntaxes: SyntaxSet,
    light: Theme,
    dark: Theme,
    /// Identical code blocks (same language, same text) are highlighted once.
    cache: Mutex<BlockCache>,
    /// The style of each scope stack met so far, shared by every block: matching a stack
    /// against both themes' selectors is costly, and the same stacks recur in every block of
    /// a language.
    looks: RwLock<HashMap<Vec<Scope>, TokenStyle>>,
}

/// The highlighted blocks met so far, within a budget of bytes: a preview left open for hours,
/// where every edit of a code block makes a new entry, must not grow without end. Past the
/// budget the cache starts again empty (the next blocks are highlighted again, the same).
#[derive(Default)]
struct BlockCache {
    blocks: HashMap<(String, String), Option<Highlighted>>,
    bytes: usize,
    budget: usize,
}

/// The default budget of the block cache: far more than the 5,500 blocks of the 10,000-page
/// benchmark corpus take (about 20 MB).
pub const CACHE_BUDGET: usize = 64 * 1024 * 1024;

impl BlockCache {
    fn insert(&mut self, key: (String, String), value: Option<Highlighted>) {
        let size = key.0.len() + key.1.len() + value.as_ref().map_or(0, |h| h.html.len());
        if self.bytes + size > self.budget {
            self.blocks.clear();
            self.bytes = 0;
        }
        self.bytes += size;
        self.blocks.insert(key, value);
    }
}

/// A highlighted code block: the inner HTML of its `<code>` and the styles it uses (the
/// stylesheets define exactly the styles of the site's blocks).
#[derive(Debug, Clone)]
pub struct Highlighted {
    pub html: String,
    pub styles: Vec<TokenStyle>,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

fn look(style: Style, background: Rgb) -> Look {
    let fg = (style.foreground.r, style.foreground.g, style.foreground.b);
    let fs = style.font_style;
    let font = u8::from(fs.contains(FontStyle::BOLD))
        | (u8::from(fs.contains(FontStyle::ITALIC)) << 1)
        | (u8::from(fs.contains(FontStyle::UNDERLINE)) << 2);
    Look { rgb: with_contrast(fg, background), font }
}

impl Highlighter {
    pub fn new() -> Self {
        let mut themes = ThemeSet::load_defaults().themes;
        Highlighter {
            syntaxes: SyntaxSet::load_defaults_newlines(),
            light: themes.remove(LIGHT_THEME).unwrap_or_default(),
            dark: themes.remove(DARK_THEME).unwrap_or_default(),
            cache: Mutex::new(BlockCache { budget: CACHE_BUDGET, ..BlockCache::default() }),
            looks: RwLock::new(HashMap::new()),
        }
    }

    /// A highlighter whose block cache holds at most about `budget` bytes.
    pub fn with_cache_budget(budget: usize) -> Self {
        let h = Self::new();
        if let Ok(mut c) = h.cache.lock() {
            c.budget = budget;
        }
        h
    }

    /// The bytes the block cache holds now.
    pub fn cached_bytes(&self) -> usize {
        self.cache.lock().map_or(0, |c| c.bytes)
    }

    /// The inner HTML of a `<code>` element for `code` in language `lang`, or `None` when the
    /// language is unknown (the caller then escapes the code as plain text).
    pub fn highlight(&self, code: &str, lang: &str) -> Option<Highlighted> {
        let key = (lang.to_string(), code.to_string());
        if let Some(hit) = self.cache.lock().ok().and_then(|c| c.blocks.get(&key).cloned()) {
            return hit;
        }
        let html = self.highlight_uncached(code, lang);
        if let Ok(mut c) = self.cache.lock() {
            c.insert(key, html.clone());
        }
        html
    }

    fn highlight_uncached(&self, code: &str, lang: &str) -> Option<Highlighted> {
        let token = match lang {
            "shell" | "console" | "zsh" => "bash",
            "yml" => "yaml",
            other => other,
        };
        let syntax = self.syntaxes.find_syntax_by_token(token)?;
        let (hl_light, hl_dark) = (ThemeHighlighter::new(&self.light), ThemeHighlighter::new(&self.dark));
        let plain = TokenStyle {
            light: look(hl_light.get_default(), LIGHT_BACKGROUND),
            dark: look(hl_dark.get_default(), DARK_BACKGROUND),
        };
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut out = Output {
            html: String::with_capacity(code.len() * 2),
            current: None,
            text: String::new(),
            used: BTreeSet::new(),
        };
        // Stacks seen in this block, then the shared table, then the themes.
        let mut styles: HashMap<Vec<Scope>, TokenStyle> = HashMap::new();
        let mut learned: Vec<(Vec<Scope>, TokenStyle)> = Vec::new();
        let mut style_of = |scopes: &[Scope]| {
            let style = match styles.get(scopes) {
                Some(style) => *style,
                None => {
                    let shared = self.looks.read().ok().and_then(|looks| looks.get(scopes).copied());
                    let style = shared.unwrap_or_else(|| {
                        let style = TokenStyle {
                            light: look(hl_light.style_for_stack(scopes), LIGHT_BACKGROUND),
                            dark: look(hl_dark.style_for_stack(scopes), DARK_BACKGROUND),
                        };
                        learned.push((scopes.to_vec(), style));
                        style
                    });
                    styles.insert(scopes.to_vec(), style);
                    style
                }
            };
            (style != plain).then_some(style)
        };
        for line in LinesWithEndings::from(code) {
            let ops = state.parse_line(line, &self.syntaxes).ok()?;
            let mut pos = 0;
            for (at, op) in ops {
                if at > pos {
                    out.push(&line[pos..at], style_of(stack.as_slice()));
                    pos = at;
                }
                stack.apply(&op).ok()?;
            }
            if pos < line.len() {
                out.push(&line[pos..], style_of(stack.as_slice()));
            }
        }
        out.flush();
        if !learned.is_empty()
            && let Ok(mut looks) = self.looks.write()
        {
            looks.extend(learned);
        }
        out.used.insert(plain);
        Some(Highlighted { html: out.html, styles: out.used.into_iter().collect() })
    }

    /// The two stylesheets, `(light, dark)`, for the styles `used` by the site's code blocks.
    pub fn stylesheets(&self, used: &BTreeSet<TokenStyle>) -> (String, String) {
        let plain_light = look(ThemeHighlighter::new(&self.light).get_default(), LIGHT_BACKGROUND);
        let plain_dark = look(ThemeHighlighter::new(&self.dark).get_default(), DARK_BACKGROUND);
        let sheet = |pick: fn(&TokenStyle) -> Look, plain: Look| {
            let mut css = String::from("/* Code colours, generated by carnet from syntect themes. */\n");
            let _ =
                writeln!(css, "pre.code code {{ color: #{:02x}{:02x}{:02x}; }}", plain.rgb.0, plain.rgb.1, plain.rgb.2);
            for s in used {
                let l = pick(s);
                let _ = write!(css, ".{} {{ color: #{:02x}{:02x}{:02x};", s.class(), l.rgb.0, l.rgb.1, l.rgb.2);
                css.push_str(if l.font & 1 != 0 { " font-weight: bold;" } else { "" });
                css.push_str(if l.font & 2 != 0 { " font-style: italic;" } else { "" });
                css.push_str(if l.font & 4 != 0 { " text-decoration: underline;" } else { "" });
                css.push_str(" }\n");
            }
            css
        };
        (sheet(|s| s.light, plain_light), sheet(|s| s.dark, plain_dark))
    }
}

/// Highlighted HTML being written: runs of text with the same style share one span.
struct Output {
    html: String,
    current: Option<TokenStyle>,
    text: String,
    used: BTreeSet<TokenStyle>,
}

impl Output {
    fn push(&mut self, text: &str, style: Option<TokenStyle>) {
        if style != self.current && !text.trim().is_empty() {
            self.flush();
            self.current = style;
        }
        self.text.push_str(text);
    }

    fn flush(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let escaped = crate::markdown::escape_text(&self.text);
        match self.current {
            Some(style) => {
                let _ = write!(self.html, "<span class=\"{}\">{escaped}</span>", style.class());
                self.used.insert(style);
            }
            None => self.html.push_str(&escaped),
        }
        self.text.clear();
    }
}

fn luminance((r, g, b): Rgb) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `fg` moved towards black (on a light background) or white (on a dark one) until it reads.
fn with_contrast(fg: Rgb, bg: Rgb) -> Rgb {
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

    fn parse_hex(hex: &str) -> Option<Rgb> {
        let n = u32::from_str_radix(hex.get(..6)?, 16).ok()?;
        Some(((n >> 16) as u8, (n >> 8) as u8, n as u8))
    }

    #[test]
    fn the_block_cache_stays_within_its_budget_and_changes_nothing() {
        let bounded = Highlighter::with_cache_budget(20_000);
        let unbounded = Highlighter::new();
        for i in 0..300 {
            let code = format!("fn main() {{ let x{i} = {i}; println!(\"{{}}\", x{i}); }}\n");
            let a = bounded.highlight(&code, "rust").unwrap();
            assert_eq!(a.html, unbounded.highlight(&code, "rust").unwrap().html);
            assert!(bounded.cached_bytes() <= 20_000, "{} bytes", bounded.cached_bytes());
        }
        assert!(unbounded.cached_bytes() > 20_000, "the blocks would have taken more");
        let again = bounded.highlight("fn main() { let x1 = 1; println!(\"{}\", x1); }\n", "rust").unwrap();
        assert_eq!(
            again.html,
            unbounded.highlight("fn main() { let x1 = 1; println!(\"{}\", x1); }\n", "rust").unwrap().html
        );
    }

    #[test]
    fn highlights_with_flat_classes_not_styles() {
        let h = Highlighter::new();
        let Highlighted { html, styles } = h.highlight("fn main() { let x = \"bonjour\"; }\n", "rust").unwrap();
        assert!(html.contains("<span class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
        assert!(!html.contains("<span class=\"hl-source"), "no scope classes: {html}");
        assert!(!html.contains("<span><span"), "no nesting: {html}");
        assert_eq!(html.matches("<span").count(), html.matches("</span>").count());
        assert!(h.highlight("x", "no-such-language").is_none());
        let (light, dark) = h.stylesheets(&styles.into_iter().collect());
        for class in html.split("class=\"").skip(1).map(|s| s.split('"').next().unwrap()) {
            assert!(
                light.contains(&format!(".{class} {{")) && dark.contains(&format!(".{class} {{")),
                "{class} is styled"
            );
        }
    }

    #[test]
    fn the_shared_style_table_changes_no_output() {
        let (code_a, code_b) = ("fn a() -> u8 { 1 } // un\n", "struct B { x: Vec<String> } // deux\n");
        let warm = Highlighter::new();
        warm.highlight(code_a, "rust").unwrap();
        let after_a = warm.highlight(code_b, "rust").unwrap();
        assert!(!warm.looks.read().unwrap().is_empty(), "stacks are shared between blocks");
        let cold = Highlighter::new().highlight(code_b, "rust").unwrap();
        assert_eq!(after_a.html, cold.html);
        assert_eq!(after_a.styles, cold.styles);
    }

    #[test]
    fn every_colour_reads_on_the_code_background() {
        let h = Highlighter::new();
        let mut used = BTreeSet::new();
        for (code, lang) in [
            ("# c\nx = 'a' if b else 1.5 # note\n", "python"),
            ("key: \"v\" # c\n", "yaml"),
            ("echo $HOME # c\n", "sh"),
        ] {
            used.extend(h.highlight(code, lang).unwrap().styles);
        }
        let (light, dark) = h.stylesheets(&used);
        for (css, bg) in [(light, LIGHT_BACKGROUND), (dark, DARK_BACKGROUND)] {
            let colours: Vec<Rgb> = css.split("color: #").skip(1).filter_map(parse_hex).collect();
            assert!(colours.len() > 5, "{css}");
            for c in colours {
                assert!(contrast(c, bg) >= 4.5, "{c:?} on {bg:?}: {}", contrast(c, bg));
            }
        }
    }
}
