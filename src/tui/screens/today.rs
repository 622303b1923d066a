//! Today (今日): the clerk's open items, what is overdue, due today and
//! registered today. Enter opens a request.

use crate::domain::warning::Warning;
use crate::store::request::Request;
use crate::store::views::Today;
use crate::tui::action::Act;
use crate::tui::ctx::Ctx;
use crate::tui::msg::{Effect, Screen, TODAY_LIMIT, move_sel, t};
use crate::tui::widgets::{Cols, Look, fit, request_line, row, short};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, Default)]
pub struct TodayState {
    pub data: Option<Box<Today>>,
    /// Each listed request's warning, by the one rule (`Request::warning`).
    pub warnings: Vec<(i64, Warning)>,
    pub sel: usize,
}

impl TodayState {
    /// Every request listed, each once, in the order shown.
    fn rows(&self) -> Vec<&Request> {
        let mut v: Vec<&Request> = Vec::new();
        if let Some(td) = &self.data {
            for r in td
                .mine
                .iter()
                .chain(&td.overdue)
                .chain(&td.due_today)
                .chain(&td.registered_today)
            {
                if !v.iter().any(|x| x.id == r.id) {
                    v.push(r);
                }
            }
        }
        v
    }

    pub fn selected(&self) -> Option<i64> {
        self.rows().get(self.sel).map(|r| r.id)
    }

    pub fn action(&mut self, cx: &mut Ctx, a: Act) -> Vec<Effect> {
        let n = self.rows().len();
        match a {
            Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
                self.sel = move_sel(self.sel, n, a, 10);
                Vec::new()
            }
            Act::Select => match self.selected() {
                Some(id) => {
                    *cx.screen = Screen::Requests;
                    vec![Effect::LoadDetail(id)]
                }
                None => Vec::new(),
            },
            Act::Reload => vec![Effect::LoadToday],
            _ => Vec::new(),
        }
    }

    fn warning(&self, id: i64) -> Warning {
        self.warnings
            .iter()
            .find(|(x, _)| *x == id)
            .map(|(_, w)| *w)
            .unwrap_or(Warning::None)
    }

    /// Each list most urgent first: red, then yellow, then the rest, each
    /// in the store's order (by due time).
    pub fn loaded(&mut self, mut td: Box<Today>, warnings: Vec<(i64, Warning)>) {
        self.warnings = warnings;
        for list in [
            &mut td.mine,
            &mut td.overdue,
            &mut td.due_today,
            &mut td.registered_today,
        ] {
            list.sort_by_key(|r| std::cmp::Reverse(urgency(self.warning(r.id))));
        }
        self.data = Some(td);
        let n = self.rows().len();
        self.sel = self.sel.min(n.saturating_sub(1));
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, lk: &Look) {
        let l = lk.lang;
        let th = &lk.th;
        let w = area.width.saturating_sub(2) as usize;
        let mut lines: Vec<Line> = Vec::new();
        let Some(td) = &self.data else {
            f.render_widget(
                Paragraph::new(t(l, "载入中…", "loading…"))
                    .block(th.block(t(l, "今日", "Today"), true)),
                area,
            );
            return;
        };
        let shift = match &td.shift {
            Some(s) => format!(
                "{} {} {}",
                t(l, "当前班次：", "shift:"),
                s.staff,
                short(s.started_at)
            ),
            None => t(l, "当前无班次", "no shift open"),
        };
        lines.push(Line::styled(fit(&shift, w), th.dim()));
        let mut idx = 0;
        let mut seen: Vec<i64> = Vec::new();
        let sections = [
            (t(l, "我的待办", "my open items"), &td.mine),
            (t(l, "已超期", "overdue"), &td.overdue),
            (t(l, "今日到期", "due today"), &td.due_today),
            (t(l, "今日登记", "registered today"), &td.registered_today),
        ];
        let body_h = area.height.saturating_sub(3) as usize;
        // One set of columns for all the lists, so they line up.
        let cols = Cols::new(
            self.rows().into_iter(),
            l,
            lk.categories,
            w.saturating_sub(2),
        );
        for (title, list) in sections {
            lines.push(Line::styled(
                format!(
                    "{title} ({}{})",
                    list.len(),
                    if list.len() >= TODAY_LIMIT { "+" } else { "" }
                ),
                th.title(),
            ));
            let mut shown = 0;
            for r in list.iter() {
                if seen.contains(&r.id) {
                    continue;
                }
                seen.push(r.id);
                if shown < 4 || (idx >= self.sel.saturating_sub(2) && idx <= self.sel + 2) {
                    let warn = self.warning(r.id);
                    lines.push(row(
                        request_line(r, warn, l, lk.categories, &cols),
                        idx == self.sel,
                        th,
                        w,
                        th.warn(warn),
                    ));
                    shown += 1;
                }
                idx += 1;
            }
            if list.is_empty() {
                lines.push(Line::styled(format!("  {}", t(l, "无", "none")), th.dim()));
            }
        }
        lines.truncate(body_h.max(1) + 1);
        f.render_widget(
            Paragraph::new(lines).block(th.block(t(l, "今日", "Today"), true)),
            area,
        );
    }
}

/// Red before yellow before none.
pub fn urgency(w: Warning) -> u8 {
    if w.is_red() {
        2
    } else if w.is_yellow() {
        1
    } else {
        0
    }
}
