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

/// How long a free-text field may be, in characters. Each field that
/// stores what a person typed has one; the README lists them.
pub mod limits {
    /// A request's description (诉求内容), a result, a note or reply, a
    /// visit note, a handover note.
    pub const TEXT: usize = 2000;
    /// A reason (wait, cancel, reopen, escalate, return, void).
    pub const REASON: usize = 500;
    /// An original taken into custody, a material.
    pub const ITEM: usize = 100;
    /// A person's name.
    pub const NAME: usize = 50;
}

/// Why typed free text was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FreeTextError {
    Empty,
    /// Longer than the field allows: (limit, length), in characters.
    TooLong {
        limit: usize,
        len: usize,
    },
    /// A control character (BEL, ESC, …) at a 1-based character position.
    Control {
        at: usize,
        code: u32,
    },
}

/// Free text as typed — a description, a note, a reason — checked, never
/// rewritten: full-width punctuation (，：（）) and digits stay as they are.
/// Only the surrounding white space is trimmed and line ends are written
/// as `\n`. Control characters are refused (a tab always passes; a line
/// break where `multi_line`), so nothing typed can later drive the
/// terminal that shows it.
pub fn free_text(input: &str, limit: usize, multi_line: bool) -> Result<String, FreeTextError> {
    let t = input.trim();
    let t = if t.contains('\r') {
        t.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        t.to_string()
    };
    if t.is_empty() {
        return Err(FreeTextError::Empty);
    }
    for (i, c) in t.chars().enumerate() {
        let allowed = c == '\t' || (multi_line && c == '\n');
        if is_control(c) && !allowed {
            return Err(FreeTextError::Control {
                at: i + 1,
                code: c as u32,
            });
        }
    }
    let len = t.chars().count();
    if len > limit {
        return Err(FreeTextError::TooLong { limit, len });
    }
    Ok(t)
}

/// C0 and C1 control characters and DEL, and the bidirectional overrides
/// that make text read otherwise than it is stored.
pub fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text safe to put on a terminal, a printout or an export cell: each
/// control character is shown as its escape (`\u{1b}`), so a stored ESC
/// sequence is displayed, not obeyed. Line breaks and tabs pass where
/// `keep_lines`; otherwise they show as a space.
pub fn printable(s: &str, keep_lines: bool) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' | '\t' if keep_lines => out.push(c),
            '\n' | '\t' | '\r' => out.push(' '),
            c if is_control(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
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

/// The first number written in `s`, in figures or in Chinese numerals
/// up to 99 (一, 十, 十一, 二十三).
pub fn number_in(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let chars: Vec<char> = s.chars().collect();
    let start = chars
        .iter()
        .position(|c| c.is_ascii_digit() || digit(*c).is_some() || *c == '十')?;
    if chars[start].is_ascii_digit() {
        let n: String = chars[start..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        return n.parse().ok();
    }
    let run: Vec<char> = chars[start..]
        .iter()
        .copied()
        .take_while(|c| digit(*c).is_some() || *c == '十')
        .collect();
    match run.iter().position(|c| *c == '十') {
        None => run
            .iter()
            .try_fold(0u32, |acc, c| Some(acc * 10 + digit(*c)?)),
        Some(i) => {
            let tens = if i == 0 { 1 } else { digit(run[i - 1])? };
            let ones = run.get(i + 1).and_then(|c| digit(*c)).unwrap_or(0);
            Some(tens * 10 + ones)
        }
    }
}

/// The order of grid names such as 第一网格, 第二网格, 第十网格: by the
/// number written in them (names without one last), then by the name.
pub fn name_order(s: &str) -> (u32, &str) {
    (number_in(s).unwrap_or(u32::MAX), s)
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
    fn free_text_keeps_chinese_punctuation_and_full_width_as_typed() {
        let typed = "  路灯不亮，已报：（3号楼）１２３Ａ\u{3000}";
        assert_eq!(
            free_text(typed, limits::TEXT, false).unwrap(),
            "路灯不亮，已报：（3号楼）１２３Ａ"
        );
    }

    #[test]
    fn free_text_refuses_control_characters_and_over_long_text() {
        assert_eq!(
            free_text("响铃\u{7}了", 100, false),
            Err(FreeTextError::Control { at: 3, code: 7 })
        );
        assert_eq!(
            free_text("a\u{1b}[2J", 100, true),
            Err(FreeTextError::Control { at: 2, code: 0x1b })
        );
        assert_eq!(
            free_text("一行\n两行", 100, false),
            Err(FreeTextError::Control { at: 3, code: 10 })
        );
        assert_eq!(free_text("一行\r\n两行", 100, true).unwrap(), "一行\n两行");
        assert_eq!(free_text("a\tb", 100, false).unwrap(), "a\tb");
        assert_eq!(
            free_text(" \u{3000} ", 100, false),
            Err(FreeTextError::Empty)
        );
        let long = "字".repeat(101);
        assert_eq!(
            free_text(&long, 100, false),
            Err(FreeTextError::TooLong {
                limit: 100,
                len: 101
            })
        );
        assert!(free_text(&"字".repeat(100), 100, false).is_ok());
    }

    #[test]
    fn printable_escapes_what_would_drive_a_terminal() {
        assert_eq!(printable("ok，好", false), "ok，好");
        assert_eq!(printable("a\u{1b}[2Jb\u{7}", false), "a\\u{1b}[2Jb\\u{7}");
        assert_eq!(printable("a\nb", false), "a b");
        assert_eq!(printable("a\nb", true), "a\nb");
        assert_eq!(printable("\u{202e}abc", false), "\\u{202e}abc");
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
