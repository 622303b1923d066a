//! Text normalisation applied to everything typed before it is validated.

/// Maps full-width ASCII (U+FF01–FF5E) to ASCII and the ideographic space to
/// a plain space, then trims. `１２３Ｘ` becomes `123X`.
pub fn normalize(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// True for characters of the CJK unified ideographs blocks.
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Levenshtein distance by characters, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if any is reasonably close.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 2).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_and_letters_become_ascii() {
        assert_eq!(normalize("１２３Ｘ"), "123X");
        assert_eq!(normalize("\u{3000}３－２－５０１ "), "3-2-501");
        assert_eq!(normalize("张三"), "张三");
    }

    #[test]
    fn han_detection() {
        assert!(is_han('张'));
        assert!(!is_han('z'));
        assert!(!is_han('，'));
    }

    #[test]
    fn closest_suggests_a_near_code() {
        assert_eq!(
            closest("erand", ["errand", "dispute", "repair"]),
            Some("errand")
        );
        assert_eq!(closest("zzzzzzzz", ["errand", "dispute"]), None);
    }
}
