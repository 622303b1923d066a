//! Decisions (议事): matters by stage with overdue publications marked,
//! one key to record the selected matter's next step (its fields asked one
//! prompt at a time), the month's meetings with the communities lacking a
//! joint meeting, and the leader's week with a key to confirm it.

use crate::i18n::Lang;
use crate::store::matter::{self, Matter, Stage, Step, StepInput};
use crate::tui::action::Act;
use crate::tui::ctx::Ctx;
use crate::tui::modal::{DecisionAsk, PromptFor};
use crate::tui::msg::{DecisionOp, DecisionsData, Effect, Screen, move_sel, t};
use crate::tui::widgets::{Look, Scroll, row, window};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Part {
    #[default]
    Matters,
    Meetings,
    Week,
}

#[derive(Debug, Clone, Default)]
pub struct DecisionsState {
    pub data: Option<Box<DecisionsData>>,
    pub part: Part,
    pub sel: usize,
    /// The step being recorded, field by field.
    pub draft: Option<(i64, Step, StepInput)>,
    /// Where the meetings and the week parts are scrolled to.
    pub scroll: Scroll,
    /// Lines and rows of the part last drawn, for the list keys.
    shown: std::cell::Cell<(usize, usize)>,
}

fn parse_u32(s: &str) -> Option<u32> {
    crate::domain::text::normalize(s).trim().parse().ok()
}

impl DecisionsState {
    pub fn load(&self) -> Vec<Effect> {
        vec![Effect::LoadDecisions]
    }

    pub fn loaded(&mut self, d: DecisionsData) {
        self.sel = self.sel.min(d.matters.len().saturating_sub(1));
        self.data = Some(Box::new(d));
    }

    pub fn footer(&self) -> &'static [Act] {
        match self.part {
            Part::Matters => &[Act::Step, Act::View, Act::Help],
            Part::Meetings => &[Act::View, Act::Help],
            Part::Week => &[Act::ConfirmWeek, Act::View, Act::Help],
        }
    }

    fn selected(&self) -> Option<&Matter> {
        self.data.as_ref()?.matters.get(self.sel).map(|(m, _)| m)
    }

    pub fn action(&mut self, cx: &mut Ctx, a: Act) -> Vec<Effect> {
        let n = self.data.as_ref().map_or(0, |d| d.matters.len());
        match a {
            Act::View => {
                self.part = match self.part {
                    Part::Matters => Part::Meetings,
                    Part::Meetings => Part::Week,
                    Part::Week => Part::Matters,
                };
                self.scroll = Scroll::default();
                Vec::new()
            }
            Act::Reload => self.load(),
            Act::Step if self.part == Part::Matters => {
                let Some(m) = self.selected() else {
                    return Vec::new();
                };
                match m.stage() {
                    Stage::Next(s) => {
                        self.draft = Some((m.id, s, StepInput::default()));
                        self.ask(cx, DecisionAsk::Date);
                    }
                    Stage::Stopped(..) => cx.error(t(
                        cx.lang,
                        "本事项表决未通过已中止；如需再议请先开始新一轮（griddesk matter restart）",
                        "this matter stopped at a failed vote; start a new round first (griddesk matter restart)",
                    )),
                    Stage::Done => cx.info(t(cx.lang, "六个步骤均已完成", "all six steps are recorded")),
                }
                Vec::new()
            }
            Act::ConfirmWeek if self.part == Part::Week => {
                match self.data.as_ref().and_then(|d| d.own_week) {
                    Some(leader) => vec![Effect::Decision(DecisionOp::ConfirmWeek { leader })],
                    None => {
                        cx.error(t(
                            cx.lang,
                            "您不是楼栋长，没有自己的周报可确认",
                            "you lead no building: there is no week of yours to confirm",
                        ));
                        Vec::new()
                    }
                }
            }
            Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom
                if self.part == Part::Matters =>
            {
                self.sel = move_sel(self.sel, n, a, cx.body.1.saturating_sub(4) as usize);
                Vec::new()
            }
            Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
                let (len, view) = self.shown.get();
                self.scroll.key(a, len, view);
                Vec::new()
            }
            Act::Back => {
                cx.goto = Some(Screen::Today);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn ask(&self, cx: &mut Ctx, ask: DecisionAsk) {
        let Some((_, step, _)) = &self.draft else {
            return;
        };
        let (zh, en) = match ask {
            DecisionAsk::Date => (
                "日期（如 2026-11-20，空=今天）",
                "date (e.g. 2026-11-20, empty = today)",
            ),
            DecisionAsk::Attendance => (
                "出席：实到/应到（如 31/40）",
                "attendance: present/expected (e.g. 31/40)",
            ),
            DecisionAsk::Votes => (
                "表决：同意/反对/弃权（如 25/4/2）",
                "votes: for/against/abstain (e.g. 25/4/2)",
            ),
            DecisionAsk::Minutes if *step == Step::Decide => ("决议内容", "the decision"),
            DecisionAsk::Minutes if *step == Step::PostOutcome => ("实施结果", "the outcome"),
            DecisionAsk::Minutes => (
                "会议纪要摘要（可空）",
                "summary of the minutes (may be empty)",
            ),
            DecisionAsk::Place => ("公示地点", "where it is posted"),
            DecisionAsk::Days => ("公示天数（至少 7 天）", "days posted (7 or more)"),
        };
        let zh = format!("{}：{zh}", step.zh());
        let en = format!("{}: {en}", step.en());
        cx.prompt(&zh, &en, PromptFor::Decision(ask));
    }

    /// One field of the step typed; the next is asked, or the step recorded.
    pub fn answered(&mut self, cx: &mut Ctx, ask: DecisionAsk, text: String) -> Vec<Effect> {
        let l = cx.lang;
        let Some((id, step, mut input)) = self.draft.take() else {
            return Vec::new();
        };
        let bad = |cx: &mut Ctx, zh: &str, en: &str| {
            cx.error(format!("{}{}", t(l, zh, en), text));
        };
        let next = match ask {
            DecisionAsk::Date => {
                if !text.trim().is_empty() {
                    match crate::domain::calendar::parse_date(&text) {
                        Some(d) => input.day = Some(d),
                        None => {
                            bad(cx, "日期无效：", "not a date: ");
                            return Vec::new();
                        }
                    }
                }
                if step.deliberates() {
                    Some(DecisionAsk::Attendance)
                } else {
                    Some(DecisionAsk::Place)
                }
            }
            DecisionAsk::Attendance => {
                let v: Vec<Option<u32>> = text.split(['/', '／']).map(parse_u32).collect();
                match v[..] {
                    [Some(p), Some(e)] => {
                        input.present = Some(p);
                        input.expected = Some(e);
                    }
                    _ => {
                        bad(
                            cx,
                            "出席人数应写作 实到/应到：",
                            "attendance is present/expected: ",
                        );
                        return Vec::new();
                    }
                }
                Some(if step.votes() {
                    DecisionAsk::Votes
                } else {
                    DecisionAsk::Minutes
                })
            }
            DecisionAsk::Votes => {
                match crate::cli::decisions::parse_votes(&text.replace('／', "/")) {
                    Some(v) => input.votes = Some(v),
                    None => {
                        bad(
                            cx,
                            "表决应写作 同意/反对/弃权：",
                            "votes are for/against/abstain: ",
                        );
                        return Vec::new();
                    }
                }
                Some(DecisionAsk::Minutes)
            }
            DecisionAsk::Place => {
                input.posted_where = text;
                Some(DecisionAsk::Days)
            }
            DecisionAsk::Days => {
                match parse_u32(&text) {
                    Some(d) => input.posted_days = Some(d),
                    None => {
                        bad(cx, "公示天数应为数字：", "days posted is a number: ");
                        return Vec::new();
                    }
                }
                (step == Step::PostOutcome).then_some(DecisionAsk::Minutes)
            }
            DecisionAsk::Minutes => {
                input.minutes = text;
                None
            }
        };
        match next {
            Some(ask) => {
                self.draft = Some((id, step, input));
                self.ask(cx, ask);
                Vec::new()
            }
            None => vec![Effect::Decision(DecisionOp::Step {
                matter: id,
                step,
                input: Box::new(input),
            })],
        }
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, lk: &Look) {
        let l = lk.lang;
        let th = &lk.th;
        let w = area.width.saturating_sub(2) as usize;
        let title = match self.part {
            Part::Matters => t(l, "议事 · 事项", "Decisions · matters"),
            Part::Meetings => t(l, "议事 · 会议", "Decisions · meetings"),
            Part::Week => t(l, "议事 · 楼栋长周报", "Decisions · leaders' week"),
        };
        let Some(d) = &self.data else {
            f.render_widget(
                Paragraph::new(t(l, "载入中…", "loading…")).block(th.block(title, true)),
                area,
            );
            return;
        };
        let h = area.height.saturating_sub(2) as usize;
        let mut lines: Vec<Line> = Vec::new();
        match self.part {
            Part::Matters => {
                let late = d.matters.iter().filter(|(_, o)| *o).count();
                lines.push(Line::styled(
                    crate::printout::fit(
                        &match l {
                            Lang::Zh => format!("共 {} 件，公开逾期 {late} 件", d.matters.len()),
                            Lang::En => {
                                format!("{} matters, {late} publications overdue", d.matters.len())
                            }
                        },
                        w,
                    ),
                    th.dim(),
                ));
                let rows = h.saturating_sub(1);
                let kind_w = crate::cli::decisions::kind_width(
                    d.matters.iter().map(|(m, o)| (m, *o)),
                    l,
                    w.saturating_sub(2),
                );
                for i in window(self.sel, d.matters.len(), rows) {
                    let (m, overdue) = &d.matters[i];
                    // Two columns go to the selection marker.
                    let text = crate::cli::decisions::list_line(
                        m,
                        *overdue,
                        l,
                        kind_w,
                        w.saturating_sub(2),
                    );
                    let style = if *overdue { th.red() } else { Style::new() };
                    lines.push(row(text, i == self.sel, th, w, style));
                }
            }
            Part::Meetings => {
                lines.push(Line::styled(d.month.clone(), th.dim()));
                if !d.without_joint.is_empty() {
                    let s = format!(
                        "{}{}",
                        t(l, "本月未开联席会议：", "no joint meeting this month: "),
                        d.without_joint.join(l.pick("、", ", "))
                    );
                    for part in matter::wrap(&s, w) {
                        lines.push(Line::styled(part, th.red()));
                    }
                }
                use crate::printout::pad;
                use unicode_width::UnicodeWidthStr;
                let kind_of = |m: &crate::store::meeting::Meeting| {
                    crate::store::meeting::MeetingKind::parse(&m.kind)
                        .map(|k| k.name(l))
                        .unwrap_or("")
                };
                // Columns as wide as their widest entry, by display width.
                let cw = d.meetings.iter().map(|m| m.community.width()).max();
                let kw = d.meetings.iter().map(|m| kind_of(m).width()).max();
                for m in &d.meetings {
                    let s = format!(
                        "{} {} {} {}",
                        m.day.format("%m-%d"),
                        pad(&m.community, cw.unwrap_or(0).min(16)),
                        pad(kind_of(m), kw.unwrap_or(0).min(20)),
                        m.topic
                    );
                    lines.push(Line::from(crate::printout::fit(&s, w)));
                    for (issue, decision, _) in &m.issues {
                        lines.push(Line::from(crate::printout::fit(
                            &format!("    {issue} → {decision}"),
                            w,
                        )));
                    }
                }
            }
            Part::Week => {
                let wk = crate::store::week::Week::parse(&d.week)
                    .unwrap_or_else(|| crate::store::week::Week::of(lk.now.date_naive()));
                for s in crate::store::week::text(&d.week_lines, wk, l).lines() {
                    let style = if s.ends_with("未确认") || s.ends_with("NOT YET") {
                        th.red()
                    } else {
                        Style::new()
                    };
                    lines.push(Line::styled(crate::printout::fit(s, w), style));
                }
            }
        }
        if self.part != Part::Matters {
            self.shown.set((lines.len(), h));
            let top = self.scroll.offset(lines.len(), h) as usize;
            lines.drain(..top.min(lines.len()));
        }
        lines.truncate(h);
        f.render_widget(Paragraph::new(lines).block(th.block(title, true)), area);
    }
}
