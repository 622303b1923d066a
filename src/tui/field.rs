//! A one-line text field measured by display width: a CJK character is two
//! cells. It knows where the real cursor goes, so an IME draws its
//! candidates there.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextField {
    chars: Vec<char>,
    /// Cursor position in characters, 0..=len.
    cursor: usize,
    /// Longest text accepted, in characters.
    pub max: usize,
    /// An old value offered for change, shown selected: the first
    /// character typed replaces it, a movement key starts editing it.
    pub selected: bool,
}

impl TextField {
    pub fn new(max: usize) -> Self {
        TextField {
            chars: Vec::new(),
            cursor: 0,
            max,
            selected: false,
        }
    }

    /// An old value to change: typing replaces it, arrows edit it.
    pub fn offered(text: &str, max: usize) -> Self {
        let mut f = TextField::with(text, max);
        f.selected = !f.chars.is_empty();
        f
    }

    pub fn with(text: &str, max: usize) -> Self {
        let mut f = TextField::new(max);
        f.set(text);
        f
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.iter().all(|c| c.is_whitespace())
    }

    pub fn set(&mut self, s: &str) {
        self.chars = s
            .chars()
            .filter(|c| !c.is_control())
            .take(self.max)
            .collect();
        self.cursor = self.chars.len();
    }

    /// A line break typed into this one-line field: a space, unless one is
    /// already there (at the start, or after a space).
    pub fn line_break(&mut self) {
        if self.cursor > 0 && !self.chars[self.cursor - 1].is_whitespace() {
            self.insert(' ');
        }
    }

    pub fn clear(&mut self) {
        self.selected = false;
        self.chars.clear();
        self.cursor = 0;
    }

    /// Types one character, as typed: full-width punctuation and digits
    /// (，：（）１２３) stay what they are — a description is stored as the
    /// clerk wrote it. Whatever parses a field (search, addresses, dates,
    /// numbers, rooms) normalises full-width characters itself.
    pub fn insert(&mut self, c: char) {
        if c.is_control() {
            return;
        }
        if std::mem::take(&mut self.selected) {
            self.clear();
        }
        if self.chars.len() >= self.max {
            return;
        }
        self.chars.insert(self.cursor, c);
        self.cursor += 1;
    }

    /// A paste: newlines and tabs become spaces, so a paste never submits.
    pub fn paste(&mut self, s: &str) {
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                // CR LF is one line break; a CR alone (old Mac, some
                // terminals) is one too.
                '\r' if chars.peek() == Some(&'\n') => {}
                '\r' | '\n' | '\t' => self.insert(' '),
                c => self.insert(c),
            }
        }
    }

    pub fn backspace(&mut self) {
        if std::mem::take(&mut self.selected) {
            self.clear();
            return;
        }
        if self.cursor > 0 {
            self.cursor -= 1;
            self.chars.remove(self.cursor);
        }
    }

    pub fn delete(&mut self) {
        if std::mem::take(&mut self.selected) {
            self.clear();
            return;
        }
        if self.cursor < self.chars.len() {
            self.chars.remove(self.cursor);
        }
    }

    pub fn left(&mut self) {
        self.selected = false;
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.selected = false;
        self.cursor = (self.cursor + 1).min(self.chars.len());
    }

    pub fn home(&mut self) {
        self.selected = false;
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.selected = false;
        self.cursor = self.chars.len();
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The visible slice for a box `width` cells wide, and the cursor's
    /// column inside it. The view scrolls so the cursor stays visible.
    pub fn view(&self, width: u16) -> (String, u16) {
        let width = width.max(1) as usize;
        let w = |c: &char| c.width().unwrap_or(0);
        // Start far enough right that the cursor (plus one cell) fits.
        let mut start = 0;
        let mut before: usize = self.chars[..self.cursor].iter().map(w).sum();
        while before + 1 > width && start < self.cursor {
            before -= w(&self.chars[start]);
            start += 1;
        }
        let mut shown = String::new();
        let mut used = 0;
        for c in &self.chars[start..] {
            let cw = w(c);
            if used + cw > width {
                break;
            }
            shown.push(*c);
            used += cw;
        }
        (shown, before as u16)
    }

    pub fn width(&self) -> usize {
        self.text().width()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_column_counts_cjk_as_two() {
        let mut f = TextField::new(50);
        for c in "张三ab".chars() {
            f.insert(c);
        }
        assert_eq!(f.view(20), ("张三ab".to_string(), 6));
        f.left();
        f.left();
        assert_eq!(f.view(20).1, 4);
    }

    #[test]
    fn full_width_is_kept_as_typed_and_paste_has_no_newlines() {
        let mut f = TextField::new(50);
        f.insert('３');
        f.paste("-2\n-501\r\n");
        assert_eq!(f.text(), "３-2 -501 ");
        let mut d = TextField::new(50);
        for c in "路灯不亮，已三天：（东侧）\u{3000}Ａ".chars() {
            d.insert(c);
        }
        assert_eq!(d.text(), "路灯不亮，已三天：（东侧）\u{3000}Ａ");
    }

    #[test]
    fn long_text_scrolls_to_keep_the_cursor_visible() {
        let mut f = TextField::new(100);
        f.set(&"张".repeat(30));
        let (shown, col) = f.view(10);
        assert!(shown.width() <= 10);
        assert!(col < 10);
        f.home();
        assert_eq!(f.view(10), ("张".repeat(5), 0));
    }

    #[test]
    fn limits_hold() {
        let mut f = TextField::new(3);
        f.paste("abcdef");
        assert_eq!(f.text(), "abc");
        f.backspace();
        f.backspace();
        f.backspace();
        f.backspace();
        assert_eq!(f.text(), "");
        f.delete();
        assert_eq!(f.cursor(), 0);
    }
}
