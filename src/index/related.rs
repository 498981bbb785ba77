//! Related pages: for each page, up to [`RELATED`] pages sharing the most tags with it, then
//! the newest. Each tag offers at most [`PER_TAG`] candidates (its newest pages), so the work
//! stays linear in the number of pages even when one tag is on every page.

use std::cmp::Ordering;

use rayon::prelude::*;

use super::tags::Tags;
use crate::model::{DocId, Site};

pub const RELATED: usize = 5;
pub const PER_TAG: usize = 100;

pub fn derive(site: &Site, tags: &Tags) -> Vec<Vec<DocId>> {
    (0..site.pages.len())
        .into_par_iter()
        .map(|id| {
            if site.page(id).is_section {
                return Vec::new();
            }
            // At most (tags of the page × PER_TAG) candidates: a sorted vector beats a map here.
            let mut candidates: Vec<DocId> = tags.of_page[id]
                .iter()
                .flat_map(|&t| {
                    tags.list[t].pages.iter().filter(|&&o| o != id && !site.page(o).is_section).take(PER_TAG)
                })
                .copied()
                .collect();
            candidates.sort_unstable();
            let mut ranked: Vec<(DocId, usize)> = Vec::new();
            for c in candidates {
                match ranked.last_mut() {
                    Some((last, n)) if *last == c => *n += 1,
                    _ => ranked.push((c, 1)),
                }
            }
            let better = |&(a, na): &(DocId, usize), &(b, nb): &(DocId, usize)| -> Ordering {
                let (pa, pb) = (site.page(a), site.page(b));
                nb.cmp(&na)
                    .then_with(|| pb.sort_date().cmp(&pa.sort_date()))
                    .then_with(|| pa.rel_path.cmp(&pb.rel_path))
            };
            if ranked.len() > RELATED {
                ranked.select_nth_unstable_by(RELATED - 1, better);
                ranked.truncate(RELATED);
            }
            ranked.sort_by(better);
            ranked.into_iter().map(|(d, _)| d).collect()
        })
        .collect()
}
