//! "Did you mean …?": the closest known word to a mistyped one, by edit distance.

/// The closest candidate to `word`, if one is close enough to be a likely typo (a third of the
/// letters at most; ties go to the first in alphabetical order).
///
/// Linear in the candidates: a candidate whose length alone rules it out costs nothing, and the
/// distance stops being computed once it passes the best found so far (a site of 10,000 pages
/// with thousands of broken links gets its suggestions in seconds).
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_l: Vec<char> = word.to_lowercase().chars().collect();
    let word_len = word.chars().count();
    let mut rows = Rows::default();
    let mut lower: Vec<char> = Vec::new();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let limit = (c.chars().count().max(word_len) / 3).max(1);
        let bound = best.map_or(limit, |(d, _)| d.min(limit));
        lower.clear();
        if c.is_ascii() {
            lower.extend(c.chars().map(|ch| ch.to_ascii_lowercase()));
        } else {
            lower.extend(c.to_lowercase().chars());
        }
        // Each letter of difference in length is one edit at least.
        if lower.len().abs_diff(word_l.len()) > bound {
            continue;
        }
        if let Some(d) = distance_within(&word_l, &lower, bound, &mut rows)
            && best.is_none_or(|b| (d, c) < b)
        {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The rows of the distance table, kept from one candidate to the next.
#[derive(Default)]
struct Rows {
    before: Vec<usize>,
    previous: Vec<usize>,
    current: Vec<usize>,
}

/// The edit distance from `a` to `b`, where swapping two neighbouring letters counts as one
/// edit (`titel`), if it is at most `bound`. Only the cells within `bound` of the diagonal are
/// computed: the others are past the bound anyway.
fn distance_within(a: &[char], b: &[char], bound: usize, rows: &mut Rows) -> Option<usize> {
    let far = bound + 1;
    let Rows { before, previous, current } = rows;
    previous.clear();
    previous.extend((0..=b.len()).map(|j| if j <= bound { j } else { far }));
    before.clear();
    before.resize(b.len() + 1, far);
    for i in 1..=a.len() {
        current.clear();
        current.resize(b.len() + 1, far);
        current[0] = if i <= bound { i } else { far };
        let (lo, hi) = (i.saturating_sub(bound).max(1), (i + bound).min(b.len()));
        let mut low = current[0];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (previous[j] + 1).min(current[j - 1] + 1).min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(before[j - 2] + 1);
            }
            current[j] = v.min(far);
            low = low.min(current[j]);
        }
        // Every later cell comes from this row or the one before (a swap): past the bound in
        // both, the distance is past it too.
        let low_before = previous.iter().min().copied().unwrap_or(far);
        if low > bound && low_before > bound {
            return None;
        }
        std::mem::swap(before, previous);
        std::mem::swap(previous, current);
    }
    Some(previous[b.len()]).filter(|d| *d <= bound)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain definition, to check the bounded one against.
    fn reference(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        d[a.len()][b.len()]
    }

    #[test]
    fn the_bounded_distance_agrees_with_the_definition() {
        let words =
            ["", "a", "titel", "title", "autonomie", "autonomy", "horizontalité", "ab", "ba", "abc", "cab", "été"];
        let mut rows = Rows::default();
        for a in words {
            for b in words {
                let exact = reference(a, b);
                let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                for bound in 0..8 {
                    let got = distance_within(&ac, &bc, bound, &mut rows);
                    assert_eq!(got, (exact <= bound).then_some(exact), "{a:?} {b:?} within {bound}");
                }
            }
        }
    }

    #[test]
    fn suggestions_stay_fast_over_many_candidates() {
        let candidates: Vec<String> = (0..10_000).map(|i| format!("notes/note-{i:05}.md")).collect();
        let start = std::time::Instant::now();
        for i in 0..50 {
            let word = format!("notes/note-{i:05}.mdx");
            assert_eq!(did_you_mean(&word, candidates.iter().map(String::as_str)), Some(candidates[i].as_str()));
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(30), "{:?}", start.elapsed());
    }

    #[test]
    fn suggests_close_words_only() {
        let c = ["autonomie", "horizontalite", "frugalite"];
        assert_eq!(did_you_mean("autonomy", c), Some("autonomie"));
        assert_eq!(did_you_mean("frugalité", c), Some("frugalite"));
        assert_eq!(did_you_mean("banane", c), None);
    }
}
