//! "Did you mean": the closest of a list of codes and names to a text that
//! matched none, by edit distance over characters. Only error paths call it.

/// Edit distance (insertions, deletions, substitutions) between two texts,
/// by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (diag + usize::from(ca != cb)).min(up + 1).min(row[j] + 1);
            diag = up;
        }
    }
    row[b.len()]
}

/// The candidate closest to `text`, if one is close enough to be a likely
/// slip: at most a third of the longer text's characters differ (at least
/// one may). Ties go to the candidate nearest the text's length, then to the
/// first in character order, so that the answer does not depend on the order
/// of the candidates (which may come from a hash map).
pub(crate) fn closest<'a>(
    text: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let n = text.chars().count();
    let mut best: Option<((usize, usize, &str), &str)> = None;
    for c in candidates {
        let d = distance(text, c);
        let len = c.chars().count();
        let limit = (n.max(len) / 3).max(1);
        let rank = (d, n.abs_diff(len), c);
        if d <= limit && best.is_none_or(|(b, _)| rank < b) {
            best = Some((rank, c));
        }
    }
    best.map(|(_, c)| c)
}

/// `, did you mean "X"?` for the closest candidate, or nothing.
pub(crate) fn did_you_mean<'a>(
    text: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    closest(text, candidates).map_or_else(String::new, |c| format!("; did you mean {c:?}?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("fupin", "fuping"), 1);
        assert_eq!(distance("breakdwon", "breakdown"), 2);
        assert_eq!(distance("名校长工作室", "名校长工作室工程"), 2);
    }

    #[test]
    fn suggests_only_near_misses() {
        let list = ["fuping", "laiyuan", "名校长工作室工程"];
        assert_eq!(closest("fupin", list), Some("fuping"));
        assert_eq!(closest("名校长工作室", list), Some("名校长工作室工程"));
        assert_eq!(closest("beijing", list), None);
        // A tie does not depend on the candidates' order.
        let ties = ["贫困学生", "贫困村", "贫困户"];
        assert_eq!(closest("贫困学", ties), Some("贫困户"));
        assert_eq!(closest("贫困学", ties.into_iter().rev()), Some("贫困户"));
        assert_eq!(did_you_mean("laiyaun", list), "; did you mean \"laiyuan\"?");
        assert_eq!(did_you_mean("xyz", list), "");
    }
}
