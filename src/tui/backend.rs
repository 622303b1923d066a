//! The terminal backend: crossterm, with one change. After a wide (CJK)
//! character the cursor already stands two cells on; the stock backend
//! repositions it before the next cell anyway, costing ~8 bytes per Chinese
//! character. Here the real cursor column is tracked, so a row of Chinese
//! text is sent as one run — what matters over a slow SSH link. It also
//! keeps a shadow of the screen, so a short gap of unchanged cells on the
//! same row is re-printed (a byte or so each) rather than jumped over with
//! a cursor move (7–8 bytes).

use ratatui::backend::{Backend, ClearType, IntoCrossterm, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::cursor::{Hide, MoveTo, Show};
use ratatui::crossterm::style::{
    Attribute, Color as CtColor, Colors, Print, SetAttribute, SetBackgroundColor, SetColors,
    SetForegroundColor,
};
use ratatui::crossterm::terminal::{self, Clear};
use ratatui::crossterm::{execute, queue};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::collections::HashMap;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

pub struct Thin<W: Write> {
    w: W,
    /// What each cell shows, where known.
    shadow: HashMap<(u16, u16), Cell>,
    /// After a clear, cells not in the shadow are blank.
    blank_known: bool,
}

/// The longest gap re-printed instead of moving the cursor.
const MAX_GAP: u16 = 4;

impl<W: Write> Thin<W> {
    pub fn new(w: W) -> Self {
        Thin {
            w,
            shadow: HashMap::new(),
            blank_known: false,
        }
    }

    /// The cells from `from` up to `to` on row `y` as they are on screen,
    /// if they are all known, single-width and in the given style.
    fn gap(&self, y: u16, from: u16, to: u16, fg: Color, bg: Color, m: Modifier) -> Option<String> {
        if to <= from || to - from > MAX_GAP {
            return None;
        }
        let mut s = String::new();
        for x in from..to {
            match self.shadow.get(&(x, y)) {
                Some(c)
                    if c.fg == fg && c.bg == bg && c.modifier == m && c.symbol().width() == 1 =>
                {
                    s.push_str(c.symbol())
                }
                None if self.blank_known
                    && fg == Color::Reset
                    && bg == Color::Reset
                    && m.is_empty() =>
                {
                    s.push(' ')
                }
                _ => return None,
            }
        }
        Some(s)
    }
}

impl<W: Write> Write for Thin<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.w.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

const ATTRS: [(Modifier, Attribute); 9] = [
    (Modifier::BOLD, Attribute::Bold),
    (Modifier::DIM, Attribute::Dim),
    (Modifier::ITALIC, Attribute::Italic),
    (Modifier::UNDERLINED, Attribute::Underlined),
    (Modifier::SLOW_BLINK, Attribute::SlowBlink),
    (Modifier::RAPID_BLINK, Attribute::RapidBlink),
    (Modifier::REVERSED, Attribute::Reverse),
    (Modifier::HIDDEN, Attribute::Hidden),
    (Modifier::CROSSED_OUT, Attribute::CrossedOut),
];

impl<W: Write> Backend for Thin<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let (mut fg, mut bg, mut modifier) = (Color::Reset, Color::Reset, Modifier::empty());
        // Where the terminal's cursor is after the last symbol printed.
        let mut at: Option<Position> = None;
        for (x, y, cell) in content {
            if at != Some(Position { x, y }) {
                let fill = match at {
                    Some(p) if p.y == y => self.gap(y, p.x, x, fg, bg, modifier),
                    _ => None,
                };
                match fill {
                    Some(text) => queue!(self.w, Print(text))?,
                    None => queue!(self.w, MoveTo(x, y))?,
                }
            }
            if cell.modifier != modifier {
                // Reset clears colours too: they are sent again below.
                queue!(self.w, SetAttribute(Attribute::Reset))?;
                for (m, a) in ATTRS {
                    if cell.modifier.contains(m) {
                        queue!(self.w, SetAttribute(a))?;
                    }
                }
                modifier = cell.modifier;
                fg = Color::Reset;
                bg = Color::Reset;
                if cell.fg != Color::Reset || cell.bg != Color::Reset {
                    queue!(
                        self.w,
                        SetColors(Colors::new(
                            cell.fg.into_crossterm(),
                            cell.bg.into_crossterm()
                        ))
                    )?;
                    fg = cell.fg;
                    bg = cell.bg;
                }
            }
            if cell.fg != fg || cell.bg != bg {
                queue!(
                    self.w,
                    SetColors(Colors::new(
                        cell.fg.into_crossterm(),
                        cell.bg.into_crossterm()
                    ))
                )?;
                fg = cell.fg;
                bg = cell.bg;
            }
            let sym = cell.symbol();
            queue!(self.w, Print(sym))?;
            let width = sym.width().max(1) as u16;
            self.shadow.insert((x, y), cell.clone());
            // The cells a wide character covers are not to be re-printed.
            for k in 1..width {
                let mut hidden = Cell::default();
                hidden.set_symbol("");
                self.shadow.insert((x + k, y), hidden);
            }
            at = Some(Position {
                x: x.saturating_add(width),
                y,
            });
        }
        queue!(
            self.w,
            SetForegroundColor(CtColor::Reset),
            SetBackgroundColor(CtColor::Reset),
            SetAttribute(Attribute::Reset)
        )
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        execute!(self.w, Hide)
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        execute!(self.w, Show)
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        ratatui::crossterm::cursor::position()
            .map(|(x, y)| Position { x, y })
            .map_err(io::Error::other)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let Position { x, y } = position.into();
        execute!(self.w, MoveTo(x, y))
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        use ratatui::crossterm::terminal::ClearType as Ct;
        // Only a full clear leaves a screen whose every cell is known.
        self.shadow.clear();
        self.blank_known = matches!(clear_type, ClearType::All);
        execute!(
            self.w,
            Clear(match clear_type {
                ClearType::All => Ct::All,
                ClearType::AfterCursor => Ct::FromCursorDown,
                ClearType::BeforeCursor => Ct::FromCursorUp,
                ClearType::CurrentLine => Ct::CurrentLine,
                ClearType::UntilNewLine => Ct::UntilNewLine,
            })
        )
    }

    fn size(&self) -> io::Result<Size> {
        let (width, height) = terminal::size()?;
        Ok(Size { width, height })
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let s = terminal::window_size()?;
        Ok(WindowSize {
            columns_rows: Size {
                width: s.columns,
                height: s.rows,
            },
            pixels: Size {
                width: s.width,
                height: s.height,
            },
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;

    fn frame(text: &str) -> Buffer {
        let mut b = Buffer::empty(Rect::new(0, 0, 20, 2));
        b.set_string(0, 0, text, ratatui::style::Style::new());
        b
    }

    #[test]
    fn a_run_of_chinese_is_one_move_and_the_text() {
        let (a, b) = (frame(""), frame("张三丰ab"));
        let mut out = Thin::new(Vec::new());
        out.draw(a.diff(&b).into_iter()).unwrap();
        let s = String::from_utf8(out.w).unwrap();
        assert_eq!(s.matches("\u{1b}[1;1H").count(), 1, "{s:?}");
        assert_eq!(s.matches('H').count(), 1, "one cursor move only: {s:?}");
        assert!(s.contains("张三丰ab"), "{s:?}");
    }

    #[test]
    fn a_short_gap_is_reprinted_a_long_one_jumped() {
        let mut out = Thin::new(Vec::new());
        out.clear_region(ClearType::All).unwrap();
        let a = frame("");
        let b = frame("ab  cd");
        out.draw(a.diff(&b).into_iter()).unwrap();
        // Change the a and the d: the gap "b  c" is re-printed, no move.
        let c = frame("xb  cy");
        out.w.clear();
        out.draw(b.diff(&c).into_iter()).unwrap();
        let s = String::from_utf8(out.w.clone()).unwrap();
        assert!(s.contains("xb  cy"), "{s:?}");
        assert_eq!(s.matches('H').count(), 1, "{s:?}");
        // A long gap is a cursor move.
        let d = frame("zb  cyyyyyyy");
        let e = frame("qb  cyyyyyyq");
        out.draw(a.diff(&d).into_iter()).unwrap();
        out.w.clear();
        out.draw(d.diff(&e).into_iter()).unwrap();
        let s = String::from_utf8(out.w.clone()).unwrap();
        assert_eq!(s.matches('H').count(), 2, "{s:?}");
    }

    #[test]
    fn a_gap_still_moves_the_cursor() {
        let mut a = frame("");
        a.set_string(10, 1, "x", ratatui::style::Style::new());
        let b = frame("张");
        let mut out = Thin::new(Vec::new());
        out.draw(a.diff(&b).into_iter()).unwrap();
        let s = String::from_utf8(out.w).unwrap();
        assert!(s.contains("\u{1b}[2;11H"), "{s:?}");
    }
}
