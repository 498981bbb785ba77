//! Property tests: whatever a contributor writes, the front matter splitter, the Markdown
//! pipeline, slugs, the whole model and the `.ics` writer never panic, and the `.ics` folding
//! and escaping invariants hold. `PROPTEST_CASES=5000 cargo test --test suite props::` runs
//! them longer (the fuzz targets of `fuzz/` go further); a failing input found either way is
//! kept below as a regression test.

use carnet::config::Config;
use carnet::frontmatter::{RawFront, parse_yaml, split};
use carnet::highlight::Highlighter;
use carnet::markdown::{LinkResolver, MdOptions, Resolved, render};
use carnet::model::{Selection, build, slugify};
use carnet::source::SourceFile;
use proptest::prelude::*;

/// `PROPTEST_CASES` when set (a long local run), else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(default)
}

/// One highlighter for every case: loading syntect's syntaxes is the slow part.
fn highlighter() -> &'static Highlighter {
    static HL: std::sync::OnceLock<Highlighter> = std::sync::OnceLock::new();
    HL.get_or_init(Highlighter::new)
}

struct AnyLinks;
impl LinkResolver for AnyLinks {
    fn resolve(&self, dest: &str) -> Resolved {
        match dest.len() % 4 {
            0 => Resolved::Keep,
            1 => Resolved::Asset(format!("/{dest}")),
            2 => Resolved::Page { target: 0, url: "/x/".into(), anchor: Some(dest.into()) },
            _ => Resolved::Broken(carnet::diagnostics::Lint::BrokenLink, dest.into(), None),
        }
    }
}

/// Text made of the characters that matter to Markdown, YAML and iCalendar.
fn tricky() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("---\n".to_string()),
            Just("title: ".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("# ".to_string()),
            Just("```".to_string()),
            Just("[a](b.md#c)".to_string()),
            Just("<script>".to_string()),
            Just("{{ x }}".to_string()),
            Just("\t".to_string()),
            Just("\u{feff}".to_string()),
            Just("é".to_string()),
            Just("🎉".to_string()),
            Just(";,\\".to_string()),
            "[ -~]{0,12}",
            "\\PC{0,6}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(300), .. ProptestConfig::default() })]

    #[test]
    fn the_front_matter_splitter_and_yaml_never_panic(text in tricky()) {
        if let Ok(s) = split(&text) {
            prop_assert!(text.ends_with(s.body));
            let _ = parse_yaml::<RawFront>(s.yaml, s.yaml_line);
        }
    }

    #[test]
    fn markdown_never_panics_and_ids_are_unique(body in tricky()) {
        let opts = MdOptions { safe: body.len() % 2 == 0, french: true, anchor_label: "lien", anchor_fixes: None };
        let r = render(&body, &opts, &AnyLinks, highlighter());
        let mut ids: Vec<&String> = r.ids.iter().collect();
        ids.sort();
        ids.dedup();
        prop_assert_eq!(ids.len(), r.ids.len());
        for p in &r.problems {
            prop_assert!(p.offset <= body.len());
        }
    }

    #[test]
    fn slugs_are_lower_case_ascii_words(s in "\\PC{0,40}") {
        let slug = slugify(&s);
        prop_assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{}", slug);
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
    }

    #[test]
    fn the_model_never_panics_on_any_file(text in tricky(), name in "[a-z0-9éè _-]{1,12}") {
        let config = Config::for_tests();
        let sources = vec![
            SourceFile { rel_path: format!("{name}.md"), text: text.clone() },
            SourceFile { rel_path: format!("s/{name}/_index.md"), text },
        ];
        let today = jiff::civil::date(2026, 11, 27);
        let _ = build(&config, sources, Vec::<String>::new(), Selection { drafts: false, future: false, today });
    }
}

/// Undoes RFC 5545 folding and TEXT escaping.
fn unfold(ics: &str) -> String {
    ics.replace("\r\n ", "")
}

fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(300), .. ProptestConfig::default() })]

    #[test]
    fn ics_lines_fold_at_75_octets_and_escape_losslessly(summary in "[\\PC\n;,\\\\]{1,200}") {
        use carnet::ics::{Calendar, IcsEvent, write};
        use carnet::model::kinds::Status;
        use carnet::model::when::When;
        let tz = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
        let event = IcsEvent {
            uid: "x@example.org".into(),
            summary: summary.clone(),
            description: None,
            location: None,
            url: None,
            start: When::Day(jiff::civil::date(2018, 3, 26)),
            end: None,
            status: Status::Scheduled,
            sequence: 0,
            stamp: jiff::Timestamp::UNIX_EPOCH,
        };
        let text = write(&Calendar { name: "c", tz_name: "Europe/Paris", tz: &tz, events: &[event] });
        prop_assert!(text.ends_with("\r\n"));
        for line in text.split("\r\n") {
            prop_assert!(line.len() <= 75, "{} octets: {:?}", line.len(), line);
        }
        let unfolded = unfold(&text);
        let got = unfolded.lines().find_map(|l| l.strip_prefix("SUMMARY:")).unwrap_or_default();
        let expected: String = summary.replace("\r\n", "\n").chars().filter(|c| *c == '\n' || !c.is_control()).collect();
        prop_assert_eq!(unescape(got), expected);
    }
}

/// Markdown built from the pieces links, headings and code blocks are made of.
fn markdown_pieces() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just("## ".to_string()),
            Just("# ".to_string()),
            Just(" {#".to_string()),
            Just("}".to_string()),
            Just("\"".to_string()),
            Just("'".to_string()),
            Just("[".to_string()),
            Just("](".to_string()),
            Just(")".to_string()),
            Just("<".to_string()),
            Just(">".to_string()),
            Just("```".to_string()),
            Just("```rust\n".to_string()),
            Just("    ".to_string()),
            Just("javascript:".to_string()),
            Just("JaVaScRiPt:".to_string()),
            Just("&#106;".to_string()),
            Just("\t".to_string()),
            Just("<script>".to_string()),
            Just("</script>".to_string()),
            Just("<a href=\"javascript:x\">".to_string()),
            Just("onmouseover=alert(1)".to_string()),
            Just("[^1]".to_string()),
            Just("| a | b |\n|---|---|\n".to_string()),
            Just("- [x] ".to_string()),
            Just("b.md#c".to_string()),
            Just("é".to_string()),
            "[ -~]{0,8}",
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

/// A tag: its name, its attributes as (name, value), and its text outside the values (where
/// attribute names are).
type Tag<'a> = (&'a str, Vec<(String, &'a str)>, String);

/// Every tag of `html` (text holds no `<`: it is escaped).
fn tags(html: &str) -> Vec<Tag<'_>> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let tag = &rest[start + 1..];
        let (mut attrs, mut i, mut quote_start, mut names) = (Vec::new(), 0, None, String::new());
        let bytes = tag.as_bytes();
        while i < bytes.len() {
            match (bytes[i], quote_start) {
                (b'"', None) => quote_start = Some(i + 1),
                (b'"', Some(q)) => {
                    let attr = names.trim_end_matches('=').rsplit(' ').next().unwrap_or("").to_ascii_lowercase();
                    attrs.push((attr, &tag[q..i]));
                    quote_start = None;
                }
                (b'>', None) => break,
                (c, None) => names.push(char::from(c)),
                _ => {}
            }
            i += 1;
        }
        let name = tag[..i.min(tag.len())].split([' ', '>', '/']).next().unwrap_or("");
        out.push((name, attrs, names));
        rest = &tag[i.min(tag.len())..];
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(300), .. ProptestConfig::default() })]

    /// In safe mode nothing a page writes becomes a script: no element, no event handler in a
    /// tag carnet writes, no script URL.
    #[test]
    fn safe_markdown_never_lets_a_script_through(body in markdown_pieces()) {
        let opts = MdOptions { safe: true, french: false, anchor_label: "lien", anchor_fixes: None };
        let r = render(&body, &opts, &AnyLinks, highlighter());
        let lower = r.html.to_ascii_lowercase();
        prop_assert!(!lower.contains("<script"), "{}", r.html);
        prop_assert!(!lower.contains("<a href=\"javascript"), "{}", r.html);
        for (name, values, names) in tags(&r.html) {
            prop_assert!(!name.eq_ignore_ascii_case("script"), "{}", r.html);
            prop_assert!(!names.to_ascii_lowercase().contains("onmouseover"), "an attribute broke out in {}", r.html);
            for (attr, value) in values {
                let v = value.to_ascii_lowercase();
                prop_assert!(!v.contains('<') && !v.contains('>'), "{:?} in {}", value, r.html);
                if attr == "href" || attr == "src" {
                    prop_assert!(!v.trim_start().starts_with("javascript:"), "{:?} in {}", value, r.html);
                }
            }
        }
    }

    /// Headings always get an id that matches the anchor carnet links to, and the outline
    /// holds as many entries as the page has headings.
    #[test]
    fn every_heading_has_a_unique_id_and_an_anchor(body in markdown_pieces()) {
        let opts = MdOptions { safe: false, french: true, anchor_label: "lien", anchor_fixes: None };
        let r = render(&body, &opts, &AnyLinks, highlighter());
        let headings = r.html.matches("<a class=\"anchor\" href=\"#").count();
        prop_assert_eq!(headings, r.ids.len(), "{}", r.html);
        fn count(toc: &[carnet::markdown::TocEntry]) -> usize {
            toc.iter().map(|e| 1 + count(&e.children)).sum()
        }
        prop_assert_eq!(count(&r.toc), r.ids.len());
    }

    #[test]
    fn html_escaping_is_lossless_and_leaves_no_markup(s in "\\PC{0,60}|[<>&\"' ]{0,20}") {
        use carnet::markdown::{escape_attr, escape_text};
        let text = escape_text(&s);
        prop_assert!(!text.contains('<') && !text.contains('>'));
        let attr = escape_attr(&s);
        prop_assert!(!attr.contains('"') && !attr.contains('\'') && !attr.contains('<'));
        let back = attr.replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        prop_assert_eq!(back, s);
    }

    #[test]
    fn slugs_are_stable(s in "\\PC{0,40}") {
        let once = slugify(&s);
        prop_assert_eq!(slugify(&once), once.clone());
    }

    /// YAML problems are located inside the front matter they come from.
    #[test]
    fn yaml_errors_point_inside_the_front_matter(yaml in tricky(), first in 1usize..5) {
        if let Err(e) = parse_yaml::<RawFront>(&yaml, first) {
            let lines = yaml.lines().count().max(1);
            prop_assert!(e.pos.line >= first && e.pos.line <= first + lines, "{:?} for {:?}", e, yaml);
            prop_assert!(e.pos.col >= 1 && e.len >= 1 && !e.message.is_empty());
        }
    }

    /// A diagnostic renders whatever its position, on any text, in a bounded width.
    #[test]
    fn diagnostics_render_anywhere(text in tricky(), line in 0usize..50, col in 0usize..300, len in 0usize..500) {
        use carnet::diagnostics::{Diagnostic, Pos};
        let d = Diagnostic::error("x").at(std::path::Path::new("a.md"), &text, Pos::new(line, col)).underline(len);
        let out = d.render(false);
        prop_assert!(out.lines().all(|l| l.chars().count() <= 110), "{}", out);
    }
}

/// Any event: all-day or timed, with or without offset, any text, any zone, any year.
fn ics_event() -> impl Strategy<Value = carnet::ics::IcsEvent> {
    use carnet::model::kinds::Status;
    use carnet::model::when::When;
    let text = "[\\PC\n\r\t;,\\\\:\"]{0,120}";
    let when = (
        -9999i16..=9999,
        1i8..=12,
        1i8..=28,
        proptest::option::of((0i8..24, 0i8..60, proptest::option::of(-12i32..=14))),
    )
        .prop_map(|(y, m, d, time)| {
            let date = jiff::civil::date(y, m, d);
            match time {
                None => When::Day(date),
                Some((h, min, off)) => When::At(
                    date.to_datetime(jiff::civil::time(h, min, 0, 0)),
                    off.map(|o| jiff::tz::Offset::from_seconds(o * 3600).unwrap()),
                ),
            }
        });
    (
        text,
        proptest::option::of(text),
        proptest::option::of(text),
        proptest::option::of(text),
        when.clone(),
        proptest::option::of(when),
        0u8..3,
        any::<u32>(),
        any::<i32>(),
    )
        .prop_map(|(summary, description, location, url, start, end, status, sequence, stamp)| {
            carnet::ics::IcsEvent {
                uid: format!("{}@example.org", summary.len()),
                summary,
                description,
                location,
                url,
                start,
                end,
                status: [Status::Scheduled, Status::Cancelled, Status::Postponed][status as usize],
                sequence,
                stamp: jiff::Timestamp::from_second(i64::from(stamp)).unwrap(),
            }
        })
}

/// The TEXT value a property's unfolded line holds, unescaped.
fn property<'a>(unfolded: &'a str, name: &str) -> Vec<&'a str> {
    unfolded.split("\r\n").filter_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(':'))).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(200), .. ProptestConfig::default() })]

    #[test]
    fn any_calendar_folds_escapes_and_round_trips(events in proptest::collection::vec(ics_event(), 1..4), zone in 0usize..5) {
        use carnet::ics::{Calendar, write};
        let zones = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Tehran", "UTC"];
        let tz = jiff::tz::TimeZone::get(zones[zone]).unwrap();
        let text = write(&Calendar { name: "Agenda; du lab, \\ test", tz_name: zones[zone], tz: &tz, events: &events });
        prop_assert!(text.ends_with("\r\n"));
        prop_assert!(!text.replace("\r\n", "").contains(['\r', '\n']), "no bare CR or LF");
        for line in text.split("\r\n") {
            prop_assert!(line.len() <= 75, "{} octets: {:?}", line.len(), line);
        }
        let unfolded = unfold(&text);
        prop_assert_eq!(unfolded.matches("BEGIN:VEVENT").count(), events.len());
        let clean = |s: &str| -> String { s.replace("\r\n", "\n").chars().filter(|c| *c == '\n' || !c.is_control()).collect() };
        let summaries = property(&unfolded, "SUMMARY");
        let locations = property(&unfolded, "LOCATION");
        let descriptions = property(&unfolded, "DESCRIPTION");
        for (e, got) in events.iter().zip(&summaries) {
            prop_assert_eq!(unescape(got), clean(&e.summary));
        }
        let want: Vec<String> = events.iter().filter_map(|e| e.location.as_deref()).map(clean).collect();
        prop_assert_eq!(locations.iter().map(|l| unescape(l)).collect::<Vec<_>>(), want);
        let want: Vec<String> = events.iter().filter_map(|e| e.description.as_deref()).map(clean).collect();
        prop_assert_eq!(descriptions.iter().map(|l| unescape(l)).collect::<Vec<_>>(), want);
    }
}
