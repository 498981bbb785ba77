//! `carnet.yaml`: any text gives a configuration or located errors, never a panic; a
//! configuration that parses holds only checked values.
#![no_main]

use std::path::Path;

use carnet::config::parse;
use carnet::urls::{Allowed, check};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match parse(text, Path::new("carnet.yaml")) {
        Ok(c) => {
            assert!(c.base_url.ends_with('/') && c.base_path.starts_with('/') && c.base_path.ends_with('/'));
            assert!(check(&c.base_url, Allowed::Absolute).is_ok(), "{}", c.base_url);
            for p in [&c.paths.tags, &c.paths.agenda, &c.paths.search] {
                assert!(!p.is_empty() && !p.contains("..") && !p.starts_with('/'), "{p}");
            }
            assert!(c.paths.tags != c.paths.agenda && c.paths.agenda != c.paths.search && c.paths.tags != c.paths.search);
            for item in &c.menu {
                assert!(check(&item.url, Allowed::Link).is_ok(), "{}", item.url);
            }
            if let Some(e) = &c.edit_url {
                assert!(check(e, Allowed::Absolute).is_ok(), "{e}");
            }
            assert!(c.paginate >= 1);
        }
        Err(diags) => {
            // carnet reads a lone CR (old Mac files) as a line break, as editors show it.
            let lines = carnet::frontmatter::normalise_line_breaks(text.to_string()).lines().count();
            assert!(!diags.is_empty());
            for d in diags {
                assert!(d.is_error() && !d.message.is_empty());
                if let Some(pos) = d.pos {
                    assert!(pos.line >= 1 && pos.line <= lines.max(1) + 1, "{d}");
                }
                let _ = d.render(false);
            }
        }
    }
});
