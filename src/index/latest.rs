//! Publication dates, and the site's pages newest first by them: what "latest" lists, feeds and
//! their `<updated>` use. A page's publication date is its `date`; a session or an event without
//! one counts as published on its start, once that day has come. An event announced for next
//! year is not a publication of next year: it joins the latest pages when its day comes, or on
//! the `date` its author gives it (the day it was announced). Pure.

use jiff::civil::Date;

use crate::model::{DocId, KindData, Page, Site};

/// The day `page` counts as published, as seen on `today`; `None` for a page without a date,
/// or whose date is still to come.
pub fn publication(page: &Page, today: Date) -> Option<Date> {
    let start = match &page.data {
        KindData::Session { start, .. } | KindData::Event { start, .. } => Some(start.date()),
        _ => None,
    };
    page.date.or(start).filter(|&d| d <= today)
}

/// The day a page last changed, for feeds: `updated`, else its publication, never after `today`.
pub fn last_change(page: &Page, published: Option<Date>, today: Date) -> Option<Date> {
    page.updated.filter(|&u| Some(u) >= published).or(published).map(|d| d.min(today))
}

/// Each page's publication date, and the published pages (not sections), newest first.
pub fn derive(site: &Site, today: Date) -> (Vec<Option<Date>>, Vec<DocId>) {
    let published: Vec<Option<Date>> = site.pages.iter().map(|p| publication(p, today)).collect();
    let mut latest: Vec<DocId> =
        (0..site.pages.len()).filter(|&i| !site.page(i).is_section && published[i].is_some()).collect();
    latest.sort_by(|&a, &b| {
        published[b].cmp(&published[a]).then_with(|| site.page(a).rel_path.cmp(&site.page(b).rel_path))
    });
    (published, latest)
}
