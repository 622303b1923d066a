//! Help (帮助): the keys of the screen in front, from the keymap in force.

use crate::tui::msg::t;
use crate::tui::widgets::{Look, pad, popup};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, Default)]
pub struct HelpState {
    pub open: bool,
}

impl HelpState {
    pub fn draw(&self, f: &mut Frame, area: Rect, lk: &Look) {
        let l = lk.lang;
        let pop = Rect {
            x: area.x + 4,
            y: area.y + 1,
            width: area.width.saturating_sub(8),
            height: area.height.saturating_sub(2),
        };
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
        f.render_widget(
            Paragraph::new(lines).block(lk.th.block(
                format!("{} — {}", t(l, "按键", "keys"), lk.keymap.name),
                true,
            )),
            pop,
        );
    }
}
