//! Property tests: whatever a contributor writes, the front matter splitter, the Markdown
//! pipeline, slugs, the whole model and the `.ics` writer never panic, and the `.ics` folding
//! and escaping invariants hold.

use carnet::config::Config;
use carnet::frontmatter::{RawFront, parse_yaml, split};
use carnet::highlight::Highlighter;
use carnet::markdown::{LinkResolver, MdOptions, Resolved, render};
use carnet::model::{Selection, build, slugify};
use carnet::source::SourceFile;
use proptest::prelude::*;

struct AnyLinks;
impl LinkResolver for AnyLinks {
    fn resolve(&self, dest: &str) -> Resolved {
        match dest.len() % 4 {
            0 => Resolved::Keep,
            1 => Resolved::Asset(format!("/{dest}")),
            2 => Resolved::Page { target: 0, url: "/x/".into(), anchor: Some(dest.into()) },
            _ => Resolved::Broken(dest.into(), None),
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
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn the_front_matter_splitter_and_yaml_never_panic(text in tricky()) {
        if let Ok(s) = split(&text) {
            prop_assert!(text.ends_with(s.body));
            let _ = parse_yaml::<RawFront>(s.yaml, s.yaml_line);
        }
    }

    #[test]
    fn markdown_never_panics_and_ids_are_unique(body in tricky()) {
        let opts = MdOptions { safe: body.len() % 2 == 0, french: true, anchor_label: "lien" };
        let hl = Highlighter::new();
        let r = render(&body, &opts, &AnyLinks, &hl);
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
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

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
