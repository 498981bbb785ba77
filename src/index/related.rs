//! Related pages: for each page, up to [`RELATED`] pages that share a tag with it, ranked by
//! what the shared tags say and where the pages sit:
//!
//! - each shared tag weighs by its rarity (`ln(1 + N / pages with the tag)`): sharing a tag of
//!   twelve pages says more than sharing one of three thousand;
//! - a page of the same section gets [`SAME_SECTION`] more (less than any shared tag weighs on a
//!   site where tags mean something, so a rarer shared tag wins over the section);
//! - two dated pages get up to [`NEARBY`] more the closer their dates (half at six months).
//!
//! Each tag offers the [`WINDOW`] pages nearest in date to the page (its list is newest first),
//! so the work stays linear in the number of pages even when one tag is on every page.

use std::cmp::Ordering;

use rayon::prelude::*;

use super::tags::Tags;
use crate::model::{DocId, Site};

pub const RELATED: usize = 5;
/// Candidates a tag offers: the pages around the page in the tag's list.
pub const WINDOW: usize = 200;
/// What sharing a section adds to a candidate's score.
pub const SAME_SECTION: f64 = 0.5;
/// The most that nearby dates add to a candidate's score.
pub const NEARBY: f64 = 0.5;

pub fn derive(site: &Site, tags: &Tags) -> Vec<Vec<DocId>> {
    let tagged = (0..site.pages.len()).filter(|&i| !site.page(i).is_section && !tags.of_page[i].is_empty()).count();
    let weight: Vec<f64> = tags
        .list
        .iter()
        .map(|t| {
            let df = t.pages.iter().filter(|&&p| !site.page(p).is_section).count().max(1);
            (1.0 + tagged as f64 / df as f64).ln()
        })
        .collect();
    // Where each page sits in the list of each of its tags.
    let mut position: Vec<Vec<(usize, usize)>> = vec![Vec::new(); site.pages.len()];
    for (t, tag) in tags.list.iter().enumerate() {
        for (i, &p) in tag.pages.iter().enumerate() {
            position[p].push((t, i));
        }
    }
    (0..site.pages.len())
        .into_par_iter()
        .map(|id| if site.page(id).is_section { Vec::new() } else { ranked(site, tags, &weight, &position[id], id) })
        .collect()
}

/// The related pages of `id`, best first.
fn ranked(site: &Site, tags: &Tags, weight: &[f64], position: &[(usize, usize)], id: DocId) -> Vec<DocId> {
    let own = &tags.of_page[id];
    let mut candidates: Vec<(DocId, f64)> = Vec::new();
    for &(t, at) in position.iter().filter(|(t, _)| own.contains(t)) {
        let list = &tags.list[t].pages;
        let from = at.saturating_sub(WINDOW / 2);
        let window = &list[from..(from + WINDOW + 1).min(list.len())];
        candidates.extend(window.iter().filter(|&&o| o != id && !site.page(o).is_section).map(|&o| (o, weight[t])));
    }
    candidates.sort_unstable_by_key(|c| c.0);
    let mut scored: Vec<(DocId, f64)> = Vec::new();
    for (c, w) in candidates {
        match scored.last_mut() {
            Some((last, total)) if *last == c => *total += w,
            _ => scored.push((c, w)),
        }
    }
    let page = site.page(id);
    for (c, score) in &mut scored {
        let other = site.page(*c);
        if other.parent == page.parent {
            *score += SAME_SECTION;
        }
        if let (Some(a), Some(b)) = (page.sort_date(), other.sort_date())
            && let Ok(span) = a.until(b)
        {
            let days = f64::from(span.get_days().abs());
            *score += NEARBY / (1.0 + days / 182.0);
        }
    }
    let better = |&(a, sa): &(DocId, f64), &(b, sb): &(DocId, f64)| -> Ordering {
        sb.total_cmp(&sa).then_with(|| site.page(a).rel_path.cmp(&site.page(b).rel_path))
    };
    if scored.len() > RELATED {
        scored.select_nth_unstable_by(RELATED - 1, better);
        scored.truncate(RELATED);
    }
    scored.sort_by(better);
    scored.into_iter().map(|(d, _)| d).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collate::Collation;
    use crate::config::Config;
    use crate::model::{Selection, build};
    use crate::source::SourceFile;

    fn site(pages: &[(&str, &str)]) -> (Site, Tags) {
        let config = Config::for_tests();
        let sources = pages
            .iter()
            .map(|(rel, front)| SourceFile {
                rel_path: rel.to_string(),
                text: format!("---\ntitle: {rel}\n{front}---\n"),
            })
            .collect();
        let today = jiff::civil::date(2026, 11, 27);
        let (site, _) = build(&config, sources, Vec::new(), Selection { drafts: false, future: false, today });
        let tags = crate::index::tags::derive(&site, &Collation::new(crate::config::Lang::Fr), &mut Vec::new());
        (site, tags)
    }

    fn related_titles(site: &Site, tags: &Tags, rel: &str) -> Vec<String> {
        let id = site.by_rel[rel];
        derive(site, tags)[id].iter().map(|&r| site.page(r).rel_path.clone()).collect()
    }

    #[test]
    fn a_rare_shared_tag_outweighs_a_common_one_and_the_section() {
        let mut pages = vec![
            ("notes/_index.md", ""),
            ("ailleurs/_index.md", ""),
            ("autres/_index.md", ""),
            ("notes/a.md", "date: 2024-01-01\ntags: [rare, commun]\n"),
            ("notes/b.md", "date: 2024-01-02\ntags: [commun]\n"),
            ("ailleurs/c.md", "date: 2019-01-01\ntags: [rare]\n"),
        ];
        let others: Vec<(String, String)> = (0..20)
            .map(|i| (format!("autres/p{i:02}.md"), format!("date: 2020-01-{:02}\ntags: [commun]\n", i + 1)))
            .collect();
        pages.extend(others.iter().map(|(r, f)| (r.as_str(), f.as_str())));
        let (site, tags) = site(&pages);
        let related = related_titles(&site, &tags, "notes/a.md");
        assert_eq!(related[0], "ailleurs/c.md", "{related:?}");
        assert_eq!(related[1], "notes/b.md", "then the same section, a day apart: {related:?}");
        assert_eq!(related.len(), RELATED);
    }

    #[test]
    fn among_equal_tags_the_same_section_and_nearby_dates_come_first() {
        let (site, tags) = site(&[
            ("actualites/_index.md", ""),
            ("membres/_index.md", ""),
            ("actualites/a.md", "date: 2020-06-01\ntags: [data]\n"),
            ("actualites/proche.md", "date: 2020-05-01\ntags: [data]\n"),
            ("actualites/loin.md", "date: 2014-05-01\ntags: [data]\n"),
            ("membres/aaron.md", "date: 2020-06-01\ntags: [data]\n"),
            ("membres/zoe.md", "tags: [data]\n"),
            ("membres/sans.md", "date: 2020-06-01\n"),
        ]);
        let related = related_titles(&site, &tags, "actualites/a.md");
        // The same section a month apart, the same section years apart (the section weighs as much
        // as the same day), another section the same day, then an undated page of another section.
        assert_eq!(related, ["actualites/proche.md", "actualites/loin.md", "membres/aaron.md", "membres/zoe.md"]);
    }
}
