use super::values::check_base_url;
use super::*;
use crate::diagnostics::{Level, Lint};

fn errors(text: &str) -> Vec<String> {
    parse(text, Path::new("carnet.yaml")).unwrap_err().iter().map(|d| d.to_string()).collect()
}

#[test]
fn defaults() {
    let c = Config::for_tests();
    assert_eq!(c.language, Lang::Fr);
    assert_eq!(c.time_zone_name, "Europe/Paris");
    assert_eq!(c.theme, "carnet");
    assert_eq!(c.output, PathBuf::from("public"));
    assert_eq!(c.base_url, "https://example.org/");
    assert_eq!(c.paths.search, "recherche");
}

#[test]
fn base_url_keeps_its_path() {
    assert_eq!(check_base_url("https://x.org/lab"), Ok(("https://x.org/lab/".into(), "/lab/".into())));
    assert!(check_base_url("x.org").is_err());
    assert!(check_base_url("https:///a").is_err());
}

#[test]
fn unknown_keys_and_bad_values_are_located() {
    let e = errors("title: T\nbase_url: https://x.org/\nlanguag: fr\n");
    assert!(e[0].starts_with("error: unknown key `languag`\n --> carnet.yaml:3:1"), "{}", e[0]);
    assert!(e[0].contains("did you mean `language`?"));
    let e = errors("title: T\nbase_url: lab.example.org\n");
    assert!(e[0].contains("`base_url` must start with `https://` or `http://`"), "{}", e[0]);
    assert!(e[0].contains("carnet.yaml:2:11"), "{}", e[0]);
    let e = errors("title: T\nbase_url: https://x.org/\ntime_zone: Europe/Pariss\n");
    assert!(e[0].contains("unknown time zone `Europe/Pariss`"));
    let e = errors("title: T\nbase_url: https://x.org/\npaths: {agenda: a, tags: ../../etc}\n");
    assert!(e[0].contains(" --> carnet.yaml:3:26\n"), "{}", e[0]);
    assert!(e[0].contains("^^^^^^^^^\n"), "{}", e[0]);
    let e = errors("base_url: https://x.org/\n");
    assert!(
        e[0].starts_with("error: the site has no `title`\n --> carnet.yaml\n"),
        "a missing key is not located: {}",
        e[0]
    );
}

#[test]
fn lint_levels_are_read_and_checked() {
    let c = parse(
        "title: T\nbase_url: https://x.org/\nlints: {event-without-place: allow, broken-anchor: error}\n",
        Path::new("carnet.yaml"),
    )
    .unwrap();
    assert_eq!(c.lints.level(Lint::EventWithoutPlace), Level::Allow);
    assert_eq!(c.lints.level(Lint::BrokenAnchor), Level::Deny);
    assert_eq!(c.lints.level(Lint::BrokenLink), Level::Deny);
    let e = errors("title: T\nbase_url: https://x.org/\nlints:\n  broken-anchors: allow\n");
    assert!(e[0].starts_with("error: unknown lint `broken-anchors`\n --> carnet.yaml:4:19"), "{}", e[0]);
    assert!(e[0].contains("did you mean `broken-anchor`?"), "{}", e[0]);
    let e = errors("title: T\nbase_url: https://x.org/\nlints: {broken-link: never}\n");
    assert!(e[0].contains("`never` is not a lint level"), "{}", e[0]);
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let c = parse("\u{feff}title: T\nbase_url: https://x.org/\n", Path::new("carnet.yaml")).unwrap();
    assert_eq!(c.title, "T");
}

/// Found by the `config` fuzz target: a file of lone CRs (old Mac line breaks) is read line by
/// line as an editor shows it, so the error points at the third line, and shows it.
#[test]
fn lone_carriage_returns_are_line_breaks() {
    let e = errors("\r\r-");
    assert!(e[0].contains("not a list\n --> carnet.yaml:3:1\n"), "{}", e[0]);
    assert!(e[0].contains("3 | -\n"), "{}", e[0]);
}
