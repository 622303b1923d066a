//! Reports (统计): problems collected and handled for a period and an area.

use crate::i18n::Lang;
use crate::store::grid::Node;
use crate::store::views::Report;
use crate::tui::action::Act;
use crate::tui::ctx::Ctx;
use crate::tui::modal::PromptFor;
use crate::tui::msg::{Effect, Period, Screen, t};
use crate::tui::widgets::{Look, Scroll, inner_rows};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, Default)]
pub struct ReportsState {
    pub report: Option<Box<Report>>,
    pub period: Period,
    /// The area reported on; none is the whole district.
    pub node: Option<Node>,
    pub scroll: Scroll,
}

impl ReportsState {
    pub fn load(&self) -> Vec<Effect> {
        vec![Effect::LoadReport {
            period: self.period,
            node: self.node.as_ref().map(|n| n.id),
        }]
    }

    pub fn action(&mut self, cx: &mut Ctx, a: Act) -> Vec<Effect> {
        match a {
            Act::Period => {
                self.period = self.period.next();
                self.load()
            }
            Act::Filter => {
                cx.prompt(
                    "统计范围：社区、片区或街道名（空=全区）",
                    "area of the report: community, area or subdistrict (empty = district)",
                    PromptFor::ReportNode,
                );
                Vec::new()
            }
            Act::Reload => self.load(),
            a if self
                .scroll
                .key(a, self.text(cx.lang).lines().count(), inner_rows(cx.body.1)) =>
            {
                Vec::new()
            }
            Act::Back => {
                cx.goto = Some(Screen::Today);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The area typed in the prompt.
    pub fn answered(&mut self, text: String) -> Vec<Effect> {
        if text.is_empty() {
            self.node = None;
            return self.load();
        }
        vec![Effect::FindNode(text)]
    }

    /// The area found for the name typed.
    pub fn node_found(&mut self, cx: &mut Ctx, n: Option<Node>) -> Vec<Effect> {
        match n {
            Some(n) => {
                self.node = Some(n);
                self.load()
            }
            None => {
                cx.error(t(
                    cx.lang,
                    "找不到这个社区/片区",
                    "no such community or area",
                ));
                Vec::new()
            }
        }
    }

    fn text(&self, l: Lang) -> String {
        match &self.report {
            Some(r) => crate::printout::report_text(r, l),
            None => t(l, "载入中…", "loading…"),
        }
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
                .block(lk.th.block(t(l, "统计", "Reports"), true)),
            area,
        );
    }
}
