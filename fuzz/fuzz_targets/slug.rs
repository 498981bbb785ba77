//! Slugs: lower-case ASCII words joined by single dashes, stable when slugged again.
#![no_main]

use carnet::model::{slugify, slugify_heading};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for slug in [slugify(text), slugify_heading(text)] {
        assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{slug:?}");
        assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"), "{slug:?}");
        assert_eq!(slugify(&slug), slug);
    }
});
