//! Handover (交接班): the shift's summary, ending it with a note, accepting
//! the one before, printing.

use crate::store::views::{Handover, Shift};
use crate::tui::action::Act;
use crate::tui::ctx::Ctx;
use crate::tui::modal::PromptFor;
use crate::tui::msg::{Effect, Op, Screen, t};
use crate::tui::widgets::Look;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, Default)]
pub struct HandoverState {
    pub handover: Option<Box<Handover>>,
    pub to_accept: Option<Shift>,
    pub scroll: u16,
}

impl HandoverState {
    pub fn action(&mut self, cx: &mut Ctx, a: Act) -> Vec<Effect> {
        match a {
            Act::EndShift => {
                cx.prompt(
                    "交班说明（留给接班人）",
                    "handover note for the next shift",
                    PromptFor::EndShift,
                );
                Vec::new()
            }
            Act::Accept => match &self.to_accept {
                Some(s) => vec![Effect::Apply(Op::Accept { shift: s.id })],
                None => {
                    cx.info(t(
                        cx.lang,
                        "没有待接的班",
                        "no handover waiting to be accepted",
                    ));
                    Vec::new()
                }
            },
            Act::Print => match &self.handover {
                Some(h) => vec![Effect::Print {
                    name: format!("handover-{}", h.shift.id),
                    text: crate::printout::handover_text(h, cx.lang),
                }],
                None => Vec::new(),
            },
            Act::Up => {
                self.scroll = self.scroll.saturating_sub(1);
                Vec::new()
            }
            Act::Down => {
                self.scroll = self.scroll.saturating_add(1);
                Vec::new()
            }
            Act::Reload => vec![Effect::LoadHandover],
            Act::Back => {
                cx.goto = Some(Screen::Today);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    pub fn loaded(&mut self, h: Option<Box<Handover>>, acc: Option<Shift>) {
        self.handover = h;
        self.to_accept = acc;
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, lk: &Look) {
        let l = lk.lang;
        let mut text = match &self.handover {
            Some(h) => crate::printout::handover_text(h, l),
            None => t(l, "还没有班次。", "No shift yet."),
        };
        if let Some(s) = &self.to_accept {
            text = format!(
                "{} {} {}\n\n{text}",
                t(l, "待接班：", "to accept:"),
                s.staff,
                crate::domain::text::printable(&s.note, true)
            );
        }
        f.render_widget(
            Paragraph::new(text)
                .scroll((self.scroll, 0))
                .block(lk.th.block(t(l, "交接班", "Handover"), true)),
            area,
        );
    }
}
