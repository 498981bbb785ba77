//! One policy for every address a contributor or maintainer writes: menu entries, `edit_url`,
//! `base_url`, an event's `online_url` and `registration_url`, a lesson's resources, a page's
//! `image`, aliases. Schemes are read as a browser reads them (case, spaces, tabs and control
//! characters ignored), so `JaVa\tScRiPt:` is `javascript:`; only the schemes a reader can
//! follow safely pass.

/// What an address may be, where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    /// A link a reader follows: `https://`, `http://`, `mailto:`, `tel:`, or a path of the site
    /// (menu entries, resources, an event's addresses).
    Link,
    /// A file shown in the page: `https://`, `http://` or a path (`image`).
    File,
    /// An absolute `https://` or `http://` address with a host (`base_url`, `edit_url`).
    Absolute,
    /// A path of this site, without a scheme or a host (aliases).
    Path,
}

/// The scheme of `url` as a browser reads it, lower-cased (`None` for a path).
pub fn scheme(url: &str) -> Option<String> {
    let clean: String =
        url.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
    let (scheme, _) = clean.split_once(':')?;
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'));
    valid.then(|| scheme.to_string())
}

/// Whether `url` may be written where `allowed` says; the error says what to write instead.
pub fn check(url: &str, allowed: Allowed) -> Result<(), String> {
    if url.trim().is_empty() {
        return Err("the address is empty".into());
    }
    if url.chars().any(char::is_control) {
        return Err("the address holds a control character (a tab or a line break?)".into());
    }
    let scheme = scheme(url);
    let web = matches!(scheme.as_deref(), Some("http" | "https"));
    let ok = match allowed {
        Allowed::Link => scheme.is_none() || web || matches!(scheme.as_deref(), Some("mailto" | "tel")),
        Allowed::File => scheme.is_none() || web,
        Allowed::Absolute => {
            let written_host = url.trim().split_once("://").is_some_and(|(_, rest)| !rest.starts_with('/'));
            web && written_host
                && url::Url::parse(url.trim()).is_ok_and(|u| u.host_str().is_some_and(|h| !h.is_empty()))
        }
        Allowed::Path => scheme.is_none() && !url.trim_start().starts_with("//"),
    };
    if ok {
        return Ok(());
    }
    Err(match (allowed, scheme.as_deref()) {
        (Allowed::Absolute, Some("http" | "https")) => {
            "this is not a valid address: check the host and the port".into()
        }
        (Allowed::Absolute, _) => "write the full address, starting with `https://`".into(),
        (Allowed::Path, _) => "write a path of this site, such as `/ancienne-page/`".into(),
        (_, Some(s)) => format!(
            "`{s}:` addresses are not allowed: write an address starting with `https://`{}",
            match allowed {
                Allowed::Link => " (or `mailto:` for an e-mail)",
                _ => "",
            }
        ),
        (_, None) => "write an address starting with `https://`, or a path of the site".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        assert_eq!(scheme("JaVa\tScRiPt:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(scheme(" data:text/html,x").as_deref(), Some("data"));
        assert_eq!(scheme("/agenda/"), None);
        assert_eq!(scheme("notes/a:b.md"), None, "a colon after a slash is no scheme");
        assert_eq!(scheme("2019:bilan"), None, "a scheme starts with a letter");
    }

    #[test]
    fn one_policy_for_every_place() {
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:x",
            "java\nscript:x",
            "vbscript:x",
            "data:text/html,x",
            "file:///etc/passwd",
        ] {
            for allowed in [Allowed::Link, Allowed::File, Allowed::Absolute, Allowed::Path] {
                assert!(check(bad, allowed).is_err(), "{bad:?} in {allowed:?}");
            }
        }
        assert!(check("mailto:a@b.fr", Allowed::Link).is_ok());
        assert!(check("mailto:a@b.fr", Allowed::File).is_err());
        assert!(check("/agenda/", Allowed::Link).is_ok());
        assert!(check("https://x.org/a", Allowed::Absolute).is_ok());
        assert!(check("https://host:abc/", Allowed::Absolute).is_err(), "a port is a number");
        assert!(check("https:///a", Allowed::Absolute).is_err());
        assert!(check("/a/", Allowed::Absolute).is_err());
        assert!(check("//evil.example/", Allowed::Path).is_err());
        assert!(check("/2018/03/page.html", Allowed::Path).is_ok());
        assert!(check("", Allowed::Link).is_err());
    }
}
