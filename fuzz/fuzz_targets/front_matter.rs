//! The front matter splitter, the YAML parser with its contributor messages, and the model
//! built from the file: no panic, the body is the end of the file, errors are located inside
//! the front matter.
#![no_main]

use carnet::config::Config;
use carnet::frontmatter::{RawFront, parse_yaml, split};
use carnet::model::{Selection, build};
use carnet::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(s) = split(text) {
        assert!(text.ends_with(s.body));
        assert_eq!(&text[s.body_offset..], s.body);
        if let Err(e) = parse_yaml::<RawFront>(s.yaml, s.yaml_line) {
            let lines = s.yaml.lines().count().max(1);
            assert!(e.pos.line >= s.yaml_line && e.pos.line <= s.yaml_line + lines, "{e:?}");
            assert!(e.pos.col >= 1 && !e.message.is_empty());
        }
    }
    // The whole model, as a page and as a section's `_index.md`.
    let config = Config::for_tests();
    let sources = vec![
        SourceFile { rel_path: "a.md".into(), text: text.to_string() },
        SourceFile { rel_path: "s/_index.md".into(), text: text.to_string() },
    ];
    let today = jiff::civil::date(2026, 11, 27);
    let (_site, diagnostics) =
        build(&config, sources, Vec::<String>::new(), Selection { drafts: false, future: false, today });
    for d in diagnostics {
        let _ = d.render(false);
    }
});
