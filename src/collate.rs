//! Sorting words as a reader of the site's language expects: accents and case as in a
//! dictionary ("écoute" between "distance" and "frugalité"), numbers by value ("séance 2"
//! before "séance 10"). One shared collator, built once.

use std::cmp::Ordering;

use icu_collator::preferences::CollationNumericOrdering;
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};

use crate::config::Lang;

pub struct Collation {
    collator: Option<CollatorBorrowed<'static>>,
}

impl Collation {
    pub fn new(lang: Lang) -> Collation {
        let locale = match lang {
            Lang::Fr => icu_locale::locale!("fr"),
            Lang::En => icu_locale::locale!("en"),
        };
        let mut prefs = CollatorPreferences::from(&locale);
        prefs.numeric_ordering = Some(CollationNumericOrdering::True);
        Collation { collator: Collator::try_new(prefs, Default::default()).ok() }
    }

    /// Dictionary order; equal words in that order fall back to their bytes, so sorting is
    /// total and deterministic.
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        let primary = match &self.collator {
            Some(c) => c.compare(a, b),
            None => a.to_lowercase().cmp(&b.to_lowercase()),
        };
        primary.then_with(|| a.cmp(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(words: &[&str]) -> Vec<String> {
        let c = Collation::new(Lang::Fr);
        let mut v: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| c.compare(a, b));
        v
    }

    #[test]
    fn french_order_with_accents_case_and_numbers() {
        assert_eq!(sorted(&["frugalité", "écoute", "distance"]), ["distance", "écoute", "frugalité"]);
        assert_eq!(sorted(&["séance 10", "séance 2", "Séance 1"]), ["Séance 1", "séance 2", "séance 10"]);
        assert_eq!(sorted(&["Zèbre", "avenir", "Été", "ete"]), ["avenir", "ete", "Été", "Zèbre"]);
    }
}
