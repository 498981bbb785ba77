//! The links of a body: Markdown links and images through the site's resolver (and the
//! anchors they name, checked once every page is rendered), links and ids in raw HTML, and
//! script URLs refused in safe mode.

use pulldown_cmark::CowStr;

use super::{AnchorRef, BodyProblem, LinkResolver, MdOptions, RenderedBody, Resolved, SELF, escape_attr};

pub(super) fn resolve_dest<'a>(
    dest: CowStr<'a>,
    range: &std::ops::Range<usize>,
    opts: &MdOptions<'_>,
    links: &dyn LinkResolver,
    out: &mut RenderedBody,
) -> CowStr<'a> {
    let len = range.len().min(80);
    if let Some(anchor) = dest.strip_prefix('#') {
        if !anchor.is_empty() && !anchor.starts_with("fn") {
            out.local_anchors.push(AnchorRef { target: SELF, anchor: anchor.to_string(), offset: range.start, len });
            let fixed = opts.anchor(SELF, anchor);
            if fixed != anchor {
                return format!("#{fixed}").into();
            }
        }
        return dest;
    }
    if opts.safe && is_script_url(&dest) {
        return "#".into();
    }
    match links.resolve(&dest) {
        Resolved::Keep => {
            let lower = dest.to_ascii_lowercase();
            if lower.starts_with("http://") || lower.starts_with("https://") {
                out.external.push(AnchorRef { target: usize::MAX, anchor: dest.to_string(), offset: range.start, len });
            }
            dest
        }
        Resolved::Asset(url) => url.into(),
        Resolved::Page { target, url, anchor } => {
            out.links_to.push(target);
            if let Some(a) = &anchor {
                out.anchors.push(AnchorRef { target, anchor: a.clone(), offset: range.start, len });
            }
            match anchor {
                Some(a) => format!("{url}#{}", opts.anchor(target, &a)).into(),
                None => url.into(),
            }
        }
        Resolved::Broken(lint, message, help) => {
            out.problems.push(BodyProblem { offset: range.start, len, message, help, lint });
            dest
        }
    }
}

/// Raw HTML: its `id` and `name` attributes are anchors of the page, its links to anchors of
/// the page (`href="#x"`) are checked, and written with the real id when a forge's was used.
/// Links to other pages in raw HTML are left as written: carnet does not rewrite HTML.
pub(super) fn raw_html<'a>(html: CowStr<'a>, at: usize, opts: &MdOptions<'_>, out: &mut RenderedBody) -> CowStr<'a> {
    if !html.contains('=') {
        return html;
    }
    let mut fixes = Vec::new();
    for attr in crate::anchors::attributes(&html) {
        match (attr.name.as_str(), attr.value.strip_prefix('#')) {
            ("id" | "name", _) if !attr.value.is_empty() => {
                out.ids.insert(attr.value.to_string());
            }
            ("href", Some(anchor)) if !anchor.is_empty() => {
                let len = attr.value.chars().count();
                out.local_anchors.push(AnchorRef {
                    target: SELF,
                    anchor: anchor.to_string(),
                    offset: at + attr.offset,
                    len,
                });
                let fixed = opts.anchor(SELF, anchor);
                if fixed != anchor {
                    fixes.push((attr.offset + 1..attr.offset + attr.value.len(), fixed.to_string()));
                }
            }
            _ => {}
        }
    }
    if fixes.is_empty() {
        return html;
    }
    let mut fixed = html.to_string();
    for (range, id) in fixes.into_iter().rev() {
        fixed.replace_range(range, &escape_attr(&id));
    }
    fixed.into()
}

/// Whether a browser would run `dest` as a script (or open it as a document from nowhere):
/// `javascript:`, `vbscript:` and `data:` URLs, whatever their case, and with the spaces, tabs,
/// line breaks and control characters that browsers strip from URLs.
fn is_script_url(dest: &str) -> bool {
    let clean: String =
        dest.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
    let scheme = clean.split_once(':').map(|(s, _)| s);
    matches!(scheme, Some("javascript" | "vbscript" | "data"))
}
