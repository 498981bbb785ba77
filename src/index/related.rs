//! Related pages: for each page, up to [`RELATED`] pages sharing the most tags with it, then
//! the newest. Each tag offers at most [`PER_TAG`] candidates (its newest pages), so the work
//! stays linear in the number of pages even when one tag is on every page.

use std::collections::HashMap;

use super::tags::Tags;
use crate::model::{DocId, Site};

pub const RELATED: usize = 5;
pub const PER_TAG: usize = 100;

pub fn derive(site: &Site, tags: &Tags) -> Vec<Vec<DocId>> {
    (0..site.pages.len())
        .map(|id| {
            if site.page(id).is_section {
                return Vec::new();
            }
            let mut shared: HashMap<DocId, usize> = HashMap::new();
            for &t in &tags.of_page[id] {
                for &other in tags.list[t].pages.iter().filter(|&&o| o != id && !site.page(o).is_section).take(PER_TAG)
                {
                    *shared.entry(other).or_default() += 1;
                }
            }
            let mut ranked: Vec<(DocId, usize)> = shared.into_iter().collect();
            ranked.sort_by(|&(a, na), &(b, nb)| {
                let (pa, pb) = (site.page(a), site.page(b));
                nb.cmp(&na)
                    .then_with(|| pb.sort_date().cmp(&pa.sort_date()))
                    .then_with(|| pa.rel_path.cmp(&pb.rel_path))
            });
            ranked.into_iter().take(RELATED).map(|(d, _)| d).collect()
        })
        .collect()
}
