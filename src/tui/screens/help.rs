//! Help (帮助): the keys of the screen in front, from the keymap in force.

use crate::tui::action::Act;
use crate::tui::keymap::{Keymap, Section};
use crate::tui::msg::t;
use crate::tui::widgets::{Look, Scroll, inner_rows, pad, popup};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, Default)]
pub struct HelpState {
    pub open: bool,
    pub scroll: Scroll,
}

/// The help's place over the screen's body.
fn place(area: Rect) -> Rect {
    Rect {
        x: area.x + 4,
        y: area.y + 1,
        width: area.width.saturating_sub(8),
        height: area.height.saturating_sub(2),
    }
}

/// Rows of the two columns the help shows for `section`.
fn rows(keymap: &Keymap, section: Section) -> usize {
    keymap.help(section).len().div_ceil(2)
}

impl HelpState {
    /// The list keys scroll the help; true when the key was one of them.
    pub fn key(&mut self, a: Act, keymap: &Keymap, section: Section, body: (u16, u16)) -> bool {
        let view = inner_rows(place(Rect::new(0, 0, body.0, body.1)).height);
        self.scroll.key(a, rows(keymap, section), view)
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, lk: &Look) {
        let l = lk.lang;
        let pop = place(area);
        popup(f, pop);
        let w = pop.width.saturating_sub(2) as usize;
        let items = lk.keymap.help(lk.section);
        // Two columns when they fit.
        let col = w / 2;
        let rows = items.len().div_ceil(2);
        let mut lines = Vec::new();
        for i in 0..rows {
            let cell = |j: usize| {
                items
                    .get(j)
                    .map(|(a, keys)| {
                        pad(&format!("{} {}", pad(&keys.join(" "), 12), a.label(l)), col)
                    })
                    .unwrap_or_default()
            };
            lines.push(Line::from(format!("{}{}", cell(i), cell(i + rows))));
        }
        let view = inner_rows(pop.height);
        let top = self.scroll.offset(rows, view);
        // The keymap named only when it is not the default; where the list
        // is longer than the box, which rows show and how to see more.
        let mut title = t(l, "按键说明", "keys");
        if lk.keymap.name != "default" {
            title.push_str(&format!(" ({})", lk.keymap.name));
        }
        if rows > view {
            let first = top as usize + 1;
            let last = (top as usize + view).min(rows);
            title.push_str(&format!(" {first}-{last}/{rows}"));
            if last < rows {
                title.push_str(&t(l, " PgDn 更多", " PgDn for more"));
            }
        }
        f.render_widget(
            Paragraph::new(lines)
                .scroll((top, 0))
                .block(lk.th.block(title, true)),
            pop,
        );
    }
}
