//! Handover (交接班): the shift's summary, ending it with a note, accepting
//! the one before, printing.

use crate::i18n::Lang;
use crate::store::views::{Handover, Shift};
use crate::tui::action::Act;
use crate::tui::ctx::Ctx;
use crate::tui::modal::PromptFor;
use crate::tui::msg::{Effect, Op, Screen, t};
use crate::tui::widgets::{Look, Scroll, inner_rows};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, Default)]
pub struct HandoverState {
    pub handover: Option<Box<Handover>>,
    pub to_accept: Option<Shift>,
    pub scroll: Scroll,
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
                // The shift shown is ended and waits, and it is not one to
                // accept here: it is the clerk's own.
                None if self.handover.as_ref().is_some_and(|h| {
                    h.shift.ended_at.is_some() && h.shift.accepted_by.is_none()
                }) =>
                {
                    cx.info(t(
                        cx.lang,
                        "这是您交出的班，由接班人用自己的账号登录后接班",
                        "this is the shift you handed over: the next clerk accepts it on their own login",
                    ));
                    Vec::new()
                }
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
            a if self
                .scroll
                .key(a, self.text(cx.lang).lines().count(), inner_rows(cx.body.1)) =>
            {
                // At the end of a cut record, more rows are read (End: all).
                let len = self.text(cx.lang).lines().count();
                let at_end = self.scroll.top >= len.saturating_sub(inner_rows(cx.body.1));
                match &self.handover {
                    Some(h) if at_end && matches!(a, Act::Down | Act::PageDown | Act::Bottom) => {
                        let read = h.overdue.len().max(h.due_24h.len()).max(h.custody.len());
                        let most = h
                            .overdue_total
                            .max(h.due_24h_total)
                            .max(h.custody_total)
                            .max((h.registered_total + 3) / 4)
                            .max((h.resolved_total + 3) / 4);
                        let most = usize::try_from(most).unwrap_or(0);
                        let cut = most > read
                            || h.registered.len()
                                < usize::try_from(h.registered_total).unwrap_or(0)
                            || h.resolved.len() < usize::try_from(h.resolved_total).unwrap_or(0);
                        if !cut {
                            return Vec::new();
                        }
                        if a == Act::Bottom {
                            self.scroll.top = usize::MAX;
                            vec![Effect::LoadHandoverUpTo(most)]
                        } else {
                            vec![Effect::LoadHandoverUpTo(read + 200)]
                        }
                    }
                    _ => Vec::new(),
                }
            }
            Act::Reload => {
                let read = self
                    .handover
                    .as_ref()
                    .map(|h| h.overdue.len().max(h.due_24h.len()).max(h.custody.len()))
                    .unwrap_or(0);
                vec![Effect::LoadHandoverUpTo(read)]
            }
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

    /// What the screen shows: the shift to accept, then the handover.
    fn text(&self, l: Lang) -> String {
        let mut text = match &self.handover {
            Some(h) => crate::printout::handover_text_all(h, l),
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
        text
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, lk: &Look) {
        let l = lk.lang;
        let text = self.text(l);
        let top = self
            .scroll
            .offset(text.lines().count(), inner_rows(area.height));
        f.render_widget(
            Paragraph::new(text)
                .scroll((top, 0))
                .block(lk.th.block(t(l, "交接班", "Handover"), true)),
            area,
        );
    }
}
