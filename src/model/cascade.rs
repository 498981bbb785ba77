//! `cascade:` in a section's `_index.md`: defaults for every page below it; a page's own
//! keys win, and the nearest section's cascade wins over farther ones.

use crate::frontmatter::RawFront;

/// Keys that name one page and so cannot be given to many.
pub const NOT_CASCADED: [&str; 5] = ["title", "slug", "aliases", "date", "cascade"];

/// The keys of `cascade` that may not be cascaded.
pub fn forbidden_keys(cascade: &RawFront) -> Vec<&'static str> {
    let present = [
        cascade.title.is_some(),
        cascade.slug.is_some(),
        cascade.aliases.is_some(),
        cascade.date.is_some(),
        cascade.cascade.is_some(),
    ];
    NOT_CASCADED.iter().zip(present).filter(|(_, p)| *p).map(|(k, _)| *k).collect()
}

macro_rules! fill {
    ($target:ident, $defaults:ident, $($field:ident),* $(,)?) => {
        $(if $target.$field.is_none() {
            $target.$field = $defaults.$field.clone();
        })*
    };
}

/// Fills the keys `target` does not give from `defaults`. A section below takes only the keys
/// that make sense for a list (`authors`, `draft`, `lang`, `extra`); pages take every key.
pub fn merge(target: &mut RawFront, defaults: &RawFront, is_section: bool) {
    fill!(target, defaults, authors, draft, lang);
    if let Some(extra) = &defaults.extra {
        let mine = target.extra.get_or_insert_with(Default::default);
        for (k, v) in extra {
            mine.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    if is_section {
        return;
    }
    fill!(
        target,
        defaults,
        kind,
        description,
        updated,
        tags,
        publish_date,
        expiry_date,
        image,
        image_alt,
        template,
        programme,
        number,
        start,
        end,
        location,
        participants,
        values,
        next,
        order,
        summary,
        level,
        duration,
        prerequisites,
        audience,
        outcomes,
        objectives,
        quiz,
        resources,
        online_url,
        registration_url,
        status,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_keys_win_and_kind_goes_to_pages_only() {
        let defaults = RawFront {
            kind: Some("session".into()),
            location: Some("Toulouse".into()),
            tags: Some(vec!["transfo".into()]),
            ..Default::default()
        };
        let mut page = RawFront { location: Some("Montpellier".into()), ..Default::default() };
        merge(&mut page, &defaults, false);
        assert_eq!(page.kind.as_deref(), Some("session"));
        assert_eq!(page.location.as_deref(), Some("Montpellier"));
        assert_eq!(page.tags, Some(vec!["transfo".to_string()]));
        let mut section = RawFront::default();
        merge(&mut section, &defaults, true);
        assert_eq!(section.kind, None);
    }
}
