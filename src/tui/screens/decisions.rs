//! Decisions (议事): matters by stage with overdue publications marked,
//! one key to record the selected matter's next step (its fields asked one
//! prompt at a time), the month's meetings with the communities lacking a
//! joint meeting, and the leader's week with a key to confirm it. Meetings
//! are recorded and issues settled at them, a stopped matter starts a new
//! round, and supervisors edit the kinds of matters, field by field, with
//! the command line's store calls.

use crate::i18n::Lang;
use crate::store::matter::{self, Matter, Stage, Step, StepInput};
use crate::store::meeting::MeetingKind;
use crate::tui::action::Act;
use crate::tui::ctx::Ctx;
use crate::tui::field::TextField;
use crate::tui::modal::{DecisionAsk, Modal, PromptFor};
use crate::tui::msg::{DecisionOp, DecisionsData, Effect, Screen, move_sel, t};
use crate::tui::widgets::{Look, Scroll, inner_rows, row, window};
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
    /// The kinds of matters: supervisors rename them or take them out of
    /// use.
    Kinds,
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
    /// A meeting, an issue settled or a new round being typed, field by
    /// field; kept when sent, to be offered back if it is refused.
    pub form: Option<Form>,
    /// The kind selected on the Kinds part.
    pub kind_sel: usize,
    /// A matter opened with Enter: its steps in full, and its latest
    /// notice (公示) to print.
    pub matter: Option<MatterView>,
}

/// One matter in full on the screen.
#[derive(Debug, Clone, Default)]
pub struct MatterView {
    pub id: i64,
    pub text: String,
    pub notice: Option<String>,
    pub scroll: Scroll,
}

/// What the Decisions screen asks field by field besides a step.
#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    Meeting {
        /// 1 or 2, or the kind's name, as typed.
        kind: String,
        community: String,
        day: String,
        topic: String,
        attendees: String,
    },
    Issue {
        /// The meeting's number, as typed.
        meeting: String,
        issue: String,
        decision: String,
        ticket: String,
    },
    Round {
        matter: i64,
        reason: String,
    },
    Kind {
        code: String,
        zh: String,
        en: String,
    },
}

impl Form {
    /// What was typed for a field, offered again when it is asked.
    fn typed(&self, ask: DecisionAsk) -> &str {
        match (self, ask) {
            (Form::Meeting { kind, .. }, DecisionAsk::MeetingKind) => kind,
            (Form::Meeting { community, .. }, DecisionAsk::MeetingCommunity) => community,
            (Form::Meeting { day, .. }, DecisionAsk::MeetingDate) => day,
            (Form::Meeting { topic, .. }, DecisionAsk::MeetingTopic) => topic,
            (Form::Meeting { attendees, .. }, DecisionAsk::MeetingAttendees) => attendees,
            (Form::Issue { meeting, .. }, DecisionAsk::MeetingNumber) => meeting,
            (Form::Issue { issue, .. }, DecisionAsk::Issue) => issue,
            (Form::Issue { decision, .. }, DecisionAsk::IssueDecision) => decision,
            (Form::Issue { ticket, .. }, DecisionAsk::IssueRequest) => ticket,
            (Form::Round { reason, .. }, DecisionAsk::RoundReason) => reason,
            (Form::Kind { zh, .. }, DecisionAsk::KindZh) => zh,
            (Form::Kind { en, .. }, DecisionAsk::KindEn) => en,
            _ => "",
        }
    }

    fn first(&self) -> DecisionAsk {
        match self {
            Form::Meeting { .. } => DecisionAsk::MeetingKind,
            Form::Issue { .. } => DecisionAsk::MeetingNumber,
            Form::Round { .. } => DecisionAsk::RoundReason,
            Form::Kind { .. } => DecisionAsk::KindZh,
        }
    }
}

fn parse_u32(s: &str) -> Option<u32> {
    crate::domain::text::normalize(s)
        .trim()
        .trim_start_matches('#')
        .parse()
        .ok()
}

/// A meeting's kind as typed: 1 or 2, or its code or name.
fn meeting_kind(s: &str) -> Option<MeetingKind> {
    match crate::domain::text::normalize(s).trim() {
        "1" => Some(MeetingKind::Consultation),
        "2" => Some(MeetingKind::Joint),
        "joint meeting" => Some(MeetingKind::Joint),
        t => MeetingKind::parse(t),
    }
}

impl DecisionsState {
    pub fn load(&self) -> Vec<Effect> {
        vec![Effect::LoadDecisions]
    }

    /// The lists read again: the cursor stays on the matter it was on,
    /// wherever its new stage put it, so the next key acts on it.
    pub fn loaded(&mut self, d: DecisionsData) {
        let was = self.selected().map(|m| m.id);
        self.sel = was
            .and_then(|id| d.matters.iter().position(|(m, _)| m.id == id))
            .unwrap_or(self.sel)
            .min(d.matters.len().saturating_sub(1));
        self.data = Some(Box::new(d));
    }

    /// A matter's text read: shown over the list.
    pub fn shown(&mut self, id: i64, text: String, notice: Option<String>) {
        self.matter = Some(MatterView {
            id,
            text,
            notice,
            scroll: Scroll::default(),
        });
    }

    pub fn footer(&self) -> &'static [Act] {
        if self.matter.is_some() {
            return &[Act::Print, Act::Back, Act::Help];
        }
        match self.part {
            Part::Matters => &[Act::RecordStep, Act::NewRound, Act::View, Act::Help],
            Part::Meetings => &[Act::AdminAdd, Act::Settle, Act::View, Act::Help],
            Part::Week => &[Act::ConfirmWeek, Act::View, Act::Help],
            Part::Kinds => &[Act::Select, Act::KindInUse, Act::View, Act::Help],
        }
    }

    fn selected(&self) -> Option<&Matter> {
        self.data.as_ref()?.matters.get(self.sel).map(|(m, _)| m)
    }

    pub fn action(&mut self, cx: &mut Ctx, a: Act) -> Vec<Effect> {
        if let Some(mv) = self.matter.as_mut() {
            let rows = inner_rows(cx.body.1);
            match a {
                Act::Back => self.matter = None,
                // The notice once published, else the matter as shown.
                Act::Print => {
                    let (name, text) = match &mv.notice {
                        Some(n) => (format!("matter-{}-notice", mv.id), n.clone()),
                        None => (format!("matter-{}", mv.id), mv.text.clone()),
                    };
                    return vec![Effect::Print { name, text }];
                }
                a => {
                    mv.scroll.key(a, mv.text.lines().count(), rows);
                }
            }
            return Vec::new();
        }
        if a == Act::Select
            && self.part == Part::Matters
            && let Some(m) = self.selected()
        {
            return vec![Effect::LoadMatter(m.id)];
        }
        let n = self.data.as_ref().map_or(0, |d| d.matters.len());
        // A form whose prompt was closed is dropped when something else is
        // begun, so a refusal of that offers back its own typing.
        if matches!(
            a,
            Act::RecordStep
                | Act::ConfirmWeek
                | Act::KindInUse
                | Act::AdminAdd
                | Act::Settle
                | Act::NewRound
                | Act::Select
        ) {
            self.form = None;
            self.draft = None;
        }
        match a {
            Act::View => {
                self.part = match self.part {
                    Part::Matters => Part::Meetings,
                    Part::Meetings => Part::Week,
                    Part::Week => Part::Kinds,
                    Part::Kinds => Part::Matters,
                };
                self.scroll = Scroll::default();
                Vec::new()
            }
            Act::Reload => self.load(),
            Act::RecordStep if self.part == Part::Matters => {
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
                        "本事项表决未通过已中止；如需再议请先开始新一轮（重办键）",
                        "this matter stopped at a failed vote; start a new round first (the reopen key)",
                    )),
                    Stage::Done => cx.info(t(cx.lang, "六个步骤均已完成", "all six steps are recorded")),
                }
                Vec::new()
            }
            Act::NewRound if self.part == Part::Matters => {
                let Some(m) = self.selected() else {
                    return Vec::new();
                };
                if matches!(m.stage(), Stage::Stopped(..)) {
                    let form = Form::Round {
                        matter: m.id,
                        reason: String::new(),
                    };
                    self.ask_form(cx, &form, DecisionAsk::RoundReason);
                    self.form = Some(form);
                } else {
                    cx.error(t(
                        cx.lang,
                        "只有表决未通过而中止的事项才能开始新一轮",
                        "only a matter stopped at a failed vote starts a new round",
                    ));
                }
                Vec::new()
            }
            Act::AdminAdd if self.part == Part::Meetings => {
                let form = Form::Meeting {
                    kind: String::new(),
                    community: String::new(),
                    day: String::new(),
                    topic: String::new(),
                    attendees: String::new(),
                };
                self.ask_form(cx, &form, DecisionAsk::MeetingKind);
                self.form = Some(form);
                Vec::new()
            }
            Act::Settle if self.part == Part::Meetings => {
                // The month's latest meeting is offered.
                let last = self
                    .data
                    .as_ref()
                    .and_then(|d| d.meetings.iter().max_by_key(|m| (m.day, m.id)))
                    .map(|m| m.id.to_string())
                    .unwrap_or_default();
                let form = Form::Issue {
                    meeting: last,
                    issue: String::new(),
                    decision: String::new(),
                    ticket: String::new(),
                };
                self.ask_form(cx, &form, DecisionAsk::MeetingNumber);
                self.form = Some(form);
                Vec::new()
            }
            Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom
                if self.part == Part::Kinds =>
            {
                let n = self.data.as_ref().map_or(0, |d| d.kinds.len());
                self.kind_sel = move_sel(self.kind_sel, n, a, cx.body.1.saturating_sub(4) as usize);
                Vec::new()
            }
            Act::Select if self.part == Part::Kinds => {
                let Some(k) = self.data.as_ref().and_then(|d| d.kinds.get(self.kind_sel)) else {
                    return Vec::new();
                };
                let form = Form::Kind {
                    code: k.code.clone(),
                    zh: k.zh.clone(),
                    en: k.en.clone(),
                };
                self.ask_form(cx, &form, DecisionAsk::KindZh);
                self.form = Some(form);
                Vec::new()
            }
            Act::KindInUse if self.part == Part::Kinds => {
                match self.data.as_ref().and_then(|d| d.kinds.get(self.kind_sel)) {
                    Some(k) => vec![Effect::Decision(DecisionOp::EditKind {
                        code: k.code.clone(),
                        zh: None,
                        en: None,
                        active: Some(!k.active),
                    })],
                    None => Vec::new(),
                }
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
            // A meeting's, an issue's or a new round's: `ask_form`.
            _ => return,
        };
        let zh = format!("{}：{zh}", step.zh());
        let en = format!("{}: {en}", step.en());
        cx.prompt(&zh, &en, PromptFor::Decision(ask));
    }

    /// Asks a field of a meeting, an issue or a new round, offering what
    /// was typed for it before.
    fn ask_form(&self, cx: &mut Ctx, form: &Form, ask: DecisionAsk) {
        let (zh, en) = match ask {
            DecisionAsk::MeetingKind => (
                "类别：1 协商议事会，2 联席会议",
                "kind: 1 consultation, 2 joint meeting",
            ),
            DecisionAsk::MeetingCommunity => ("社区（名称）", "community (its name)"),
            DecisionAsk::MeetingNumber => (
                "在哪次会议上议定：会议编号（列表中 # 后的数）",
                "settled at which meeting: its number (after # in the list)",
            ),
            DecisionAsk::MeetingDate => (
                "会议日期（如 2026-11-05，空=今天）",
                "date held (e.g. 2026-11-05, empty = today)",
            ),
            DecisionAsk::MeetingTopic => ("会议名称", "title of the meeting"),
            DecisionAsk::MeetingAttendees => (
                "参会：单位、物业公司、业委会、居民代表（可空）",
                "attendees: units, property company, owners, representatives (may be empty)",
            ),
            DecisionAsk::Issue => ("议定的问题", "the issue settled"),
            DecisionAsk::IssueDecision => ("会议决定", "what the meeting decided"),
            DecisionAsk::IssueRequest => (
                "办结的诉求编号（可空，如 20261127-0001）",
                "request it settles, ticket (may be empty, e.g. 20261127-0001)",
            ),
            DecisionAsk::RoundReason => ("再议的理由", "why it is taken up again"),
            DecisionAsk::KindZh => ("中文名", "Chinese name"),
            DecisionAsk::KindEn => ("英文名", "English name"),
            _ => return,
        };
        let head = match form {
            Form::Meeting { .. } => t(cx.lang, "记会议", "meeting held"),
            Form::Issue { .. } => t(cx.lang, "议定事项", "issue settled"),
            Form::Kind { zh, en, .. } => match cx.lang {
                Lang::Zh => format!("事项类别“{zh}”"),
                Lang::En => format!("kind \"{en}\""),
            },
            Form::Round { matter, .. } => match cx.lang {
                crate::i18n::Lang::Zh => format!("事项 {matter} 新一轮"),
                crate::i18n::Lang::En => format!("matter {matter}, new round"),
            },
        };
        let title = format!("{head}{}{}", t(cx.lang, "：", ": "), t(cx.lang, zh, en));
        // A kind's names are offered selected: typing replaces the old
        // name, the arrows edit it.
        let field = match form {
            Form::Kind { .. } => TextField::offered(form.typed(ask), 200),
            _ => TextField::with(form.typed(ask), 200),
        };
        *cx.modal = Some(Modal::Prompt {
            title,
            field,
            purpose: PromptFor::Decision(ask),
        });
    }

    /// A field of a meeting, an issue or a new round typed: the next is
    /// asked, or the change is sent (and the form kept until it is done).
    fn form_answered(&mut self, cx: &mut Ctx, ask: DecisionAsk, text: String) -> Vec<Effect> {
        let Some(mut form) = self.form.take() else {
            return Vec::new();
        };
        let l = cx.lang;
        // A field that cannot be read is named and asked again, with what
        // was typed.
        let again = |me: &mut Self, cx: &mut Ctx, form: Form, zh: &str, en: &str| {
            cx.error(t(l, zh, en));
            me.ask_form(cx, &form, ask);
            me.form = Some(form);
            Vec::new()
        };
        let next = match (&mut form, ask) {
            (Form::Meeting { kind, .. }, DecisionAsk::MeetingKind) => {
                *kind = text;
                if meeting_kind(kind).is_none() {
                    return again(
                        self,
                        cx,
                        form,
                        "会议类别：请写 1（协商议事会）或 2（联席会议）",
                        "kind of meeting: type 1 (consultation) or 2 (joint meeting)",
                    );
                }
                Some(DecisionAsk::MeetingCommunity)
            }
            (Form::Issue { meeting, .. }, DecisionAsk::MeetingNumber) => {
                *meeting = text;
                if parse_u32(meeting).is_none() {
                    return again(
                        self,
                        cx,
                        form,
                        "会议编号应为数字（列表中 # 后的数）",
                        "the meeting's number is a number (after # in the list)",
                    );
                }
                Some(DecisionAsk::Issue)
            }
            (Form::Meeting { community, .. }, DecisionAsk::MeetingCommunity) => {
                *community = text;
                Some(DecisionAsk::MeetingDate)
            }
            (Form::Meeting { day, .. }, DecisionAsk::MeetingDate) => {
                *day = text;
                if !day.trim().is_empty() && crate::domain::calendar::parse_date(day).is_none() {
                    return again(
                        self,
                        cx,
                        form,
                        "会议日期：请写成 2026-11-05",
                        "date held: write it as 2026-11-05",
                    );
                }
                Some(DecisionAsk::MeetingTopic)
            }
            (Form::Meeting { topic, .. }, DecisionAsk::MeetingTopic) => {
                *topic = text;
                Some(DecisionAsk::MeetingAttendees)
            }
            (Form::Meeting { attendees, .. }, DecisionAsk::MeetingAttendees) => {
                *attendees = text;
                None
            }
            (Form::Issue { issue, .. }, DecisionAsk::Issue) => {
                *issue = text;
                Some(DecisionAsk::IssueDecision)
            }
            (Form::Issue { decision, .. }, DecisionAsk::IssueDecision) => {
                *decision = text;
                Some(DecisionAsk::IssueRequest)
            }
            (Form::Issue { ticket, .. }, DecisionAsk::IssueRequest) => {
                *ticket = text;
                None
            }
            (Form::Round { reason, .. }, DecisionAsk::RoundReason) => {
                *reason = text;
                None
            }
            (Form::Kind { zh, .. }, DecisionAsk::KindZh) => {
                *zh = text;
                Some(DecisionAsk::KindEn)
            }
            (Form::Kind { en, .. }, DecisionAsk::KindEn) => {
                *en = text;
                None
            }
            _ => return Vec::new(),
        };
        if let Some(ask) = next {
            self.ask_form(cx, &form, ask);
            self.form = Some(form);
            return Vec::new();
        }
        let op = match &form {
            Form::Meeting {
                kind,
                community,
                day,
                topic,
                attendees,
            } => DecisionOp::AddMeeting {
                community: community.clone(),
                kind: meeting_kind(kind).unwrap_or(MeetingKind::Consultation),
                day: crate::domain::calendar::parse_date(day),
                topic: topic.clone(),
                attendees: attendees.clone(),
            },
            Form::Issue {
                meeting,
                issue,
                decision,
                ticket,
            } => DecisionOp::Settle {
                meeting: parse_u32(meeting).map_or(0, i64::from),
                issue: issue.clone(),
                decision: decision.clone(),
                ticket: (!ticket.trim().is_empty()).then(|| ticket.trim().to_string()),
            },
            Form::Round { matter, reason } => DecisionOp::NewRound {
                matter: *matter,
                reason: reason.clone(),
            },
            Form::Kind { code, zh, en } => DecisionOp::EditKind {
                code: code.clone(),
                zh: Some(zh.clone()),
                en: Some(en.clone()),
                active: None,
            },
        };
        self.form = Some(form);
        vec![Effect::Decision(op)]
    }

    /// A meeting, issue or new round refused: it is asked again from its
    /// first field, with what was typed. False when none was being sent.
    pub fn refused(&mut self, cx: &mut Ctx) -> bool {
        match self.form.clone() {
            Some(form) => {
                self.ask_form(cx, &form, form.first());
                true
            }
            None => false,
        }
    }

    /// A change made: the form is done with.
    pub fn done(&mut self) {
        self.form = None;
    }

    /// One field of the step typed; the next is asked, or the step recorded.
    pub fn answered(&mut self, cx: &mut Ctx, ask: DecisionAsk, text: String) -> Vec<Effect> {
        use DecisionAsk as A;
        if !matches!(
            ask,
            A::Date | A::Attendance | A::Votes | A::Minutes | A::Place | A::Days
        ) {
            return self.form_answered(cx, ask, text);
        }
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
            _ => return Vec::new(),
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
        if let Some(mv) = &self.matter {
            let h = inner_rows(area.height);
            let lines: Vec<Line> = mv
                .text
                .lines()
                .flat_map(|s| matter::wrap(s, w))
                .skip(mv.scroll.offset(mv.text.lines().count(), h) as usize)
                .take(h)
                .map(Line::from)
                .collect();
            let title = match (l, mv.notice.is_some()) {
                (Lang::Zh, true) => format!("事项 {}（打印键打印公示）", mv.id),
                (Lang::Zh, false) => format!("事项 {}", mv.id),
                (Lang::En, true) => format!("matter {} (print: the notice)", mv.id),
                (Lang::En, false) => format!("matter {}", mv.id),
            };
            f.render_widget(Paragraph::new(lines).block(th.block(title, true)), area);
            return;
        }
        let title = match self.part {
            Part::Matters => t(l, "议事 · 事项", "Decisions · matters"),
            Part::Meetings => t(l, "议事 · 会议", "Decisions · meetings"),
            Part::Week => t(l, "议事 · 楼栋长周报", "Decisions · leaders' week"),
            Part::Kinds => t(l, "议事 · 事项类别", "Decisions · kinds of matters"),
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
                let kind_w = crate::cli::decisions::kind_width(
                    d.matters.iter().map(|(m, o)| (m, *o)),
                    l,
                    w.saturating_sub(2),
                );
                // Short kind labels in force: a legend line says what the
                // selected matter's stands for.
                let short = d
                    .matters
                    .iter()
                    .any(|(m, _)| crate::cli::decisions::kind_legend(m, l, kind_w).is_some());
                if short {
                    let legend = self
                        .selected()
                        .map(|m| {
                            crate::cli::decisions::kind_legend(m, l, kind_w)
                                .unwrap_or_else(|| m.kind_name(l).to_string())
                        })
                        .unwrap_or_default();
                    lines.push(Line::styled(
                        crate::printout::fit(&format!("{}{legend}", t(l, "类别：", "kind: ")), w),
                        th.dim(),
                    ));
                }
                let rows = h.saturating_sub(lines.len());
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
                        "#{} {} {} {} {}",
                        m.id,
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
            // Drawn below, with its own selection.
            Part::Kinds => {}
        }
        if self.part == Part::Kinds {
            use crate::printout::{fit, pad};
            use unicode_width::UnicodeWidthStr;
            lines.push(Line::styled(
                fit(
                    t(
                        l,
                        "站长可改名（回车）或停用/恢复；已用的事项保留原类别",
                        "supervisors rename (Enter) or take out of use; matters keep their kind",
                    )
                    .as_str(),
                    w,
                ),
                th.dim(),
            ));
            // The name in the language in force first, the other beside
            // it: a supervisor renames both.
            let first = |k: &crate::store::matter::MatterKind| -> (String, String) {
                match l {
                    Lang::Zh => (k.zh.clone(), k.en.clone()),
                    Lang::En => (k.en.clone(), k.zh.clone()),
                }
            };
            let fw = d
                .kinds
                .iter()
                .map(|k| first(k).0.width())
                .max()
                .unwrap_or(0)
                .min(w / 2);
            let rows = h.saturating_sub(1);
            for i in window(self.kind_sel, d.kinds.len(), rows) {
                let k = &d.kinds[i];
                let state = if k.active {
                    ""
                } else {
                    l.pick(" 已停用", " OUT OF USE")
                };
                let (a, b) = first(k);
                let text = fit(
                    &format!("{}  {b}", pad(&a, fw)),
                    w.saturating_sub(2 + state.width()),
                ) + state;
                let style = if k.active { Style::new() } else { th.dim() };
                lines.push(row(text, i == self.kind_sel, th, w, style));
            }
            lines.truncate(h);
            f.render_widget(Paragraph::new(lines).block(th.block(title, true)), area);
            return;
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
