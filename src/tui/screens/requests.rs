//! Requests (办件): the queue with its views and filter, and one request's
//! detail with a key per step of its life.

use crate::domain::lifecycle::{Rating, Status};
use crate::domain::warning::Warning;
use crate::i18n::{self, Lang};
use crate::store::grid::Node;
use crate::store::request::Request;
use crate::store::views::{QueueFilter, View};
use crate::tui::action::Act;
use crate::tui::ctx::Ctx;
use crate::tui::modal::{ConfirmFor, Modal, PickFor, PromptFor};
use crate::tui::msg::{Detail, Effect, Op, QUEUE_PAGE, Screen, move_sel, t};
use crate::tui::screens::today::urgency;
use crate::tui::widgets::{Cols, Look, Scroll, fit, inner_rows, request_line, row, window};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Default)]
pub struct QueueState {
    pub filter: QueueFilter,
    pub filter_text: String,
    pub items: Vec<(Request, Warning)>,
    pub sel: usize,
    pub detail: Option<Box<Detail>>,
    pub scroll: Scroll,
    /// How many requests the view holds; more than `items` when cut.
    pub total: usize,
    /// Where the cursor goes once more rows are read.
    pub want: Option<usize>,
    /// The detail was opened from this household's file: Esc goes back.
    pub from_file: Option<i64>,
    /// Opened from another screen's list (a wish, a unit's project): Esc
    /// on the detail goes back there.
    pub back_to: Option<Screen>,
}

impl QueueState {
    /// The request the screen acts on: the open detail, or the selected row.
    fn current(&self) -> Option<&Request> {
        if let Some(d) = &self.detail {
            return Some(&d.request);
        }
        self.items.get(self.sel).map(|(r, _)| r)
    }

    /// Lines of the detail (with its timeline) as shown.
    fn detail_lines(&self, cx: &Ctx) -> usize {
        self.detail
            .as_ref()
            .map(|d| {
                crate::printout::detail_text(d, cx.lang, cx.body.0.saturating_sub(2) as usize)
                    .lines()
                    .count()
            })
            .unwrap_or(0)
    }

    /// What entering the screen (or a change made on it) loads.
    pub fn load(&self) -> Vec<Effect> {
        match &self.detail {
            Some(d) => vec![Effect::LoadDetail(d.request.id)],
            None => vec![Effect::LoadQueue(self.filter.clone())],
        }
    }

    pub fn action(&mut self, cx: &mut Ctx, a: Act) -> Vec<Effect> {
        // Movement and opening.
        if self.detail.is_none() {
            match a {
                Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
                    let n = self.items.len();
                    // Past the last row read: read on, and go there.
                    let want = match a {
                        Act::Down => self.sel + 1,
                        Act::PageDown => self.sel + 10,
                        Act::Bottom => usize::MAX,
                        _ => 0,
                    };
                    self.sel = move_sel(self.sel, n, a, 10);
                    if self.total > n && want >= n {
                        let upto = if a == Act::Bottom {
                            self.total
                        } else {
                            n + QUEUE_PAGE
                        };
                        self.want = Some(want);
                        return vec![Effect::LoadQueueUpTo(self.filter.clone(), upto)];
                    }
                    return Vec::new();
                }
                Act::Select => {
                    return self
                        .current()
                        .map(|r| vec![Effect::LoadDetail(r.id)])
                        .unwrap_or_default();
                }
                Act::View => {
                    self.filter.view = self.filter.view.next();
                    self.sel = 0;
                    return vec![Effect::LoadQueue(self.filter.clone())];
                }
                Act::Filter => {
                    cx.prompt(
                        "筛选：类别、层级、社区/片区名或承办人（空=清除）",
                        "filter: category, level, community/area or staff name (empty clears)",
                        PromptFor::QueueFilter,
                    );
                    return Vec::new();
                }
                Act::Reload => return vec![Effect::LoadQueue(self.filter.clone())],
                Act::Back => {
                    cx.goto = Some(Screen::Today);
                    return Vec::new();
                }
                _ => {}
            }
        } else {
            match a {
                Act::Back => {
                    self.detail = None;
                    self.scroll = Scroll::default();
                    if let Some(h) = self.from_file.take() {
                        // Back to the household file, read again.
                        *cx.screen = Screen::Lookup;
                        return vec![Effect::LoadHouseholdFile(h)];
                    }
                    if let Some(s) = self.back_to.take() {
                        cx.goto = Some(s);
                        return Vec::new();
                    }
                    return vec![Effect::LoadQueue(self.filter.clone())];
                }
                a if self
                    .scroll
                    .key(a, self.detail_lines(cx), inner_rows(cx.body.1)) =>
                {
                    return Vec::new();
                }
                Act::Reload => {
                    return self
                        .current()
                        .map(|r| vec![Effect::LoadDetail(r.id)])
                        .unwrap_or_default();
                }
                _ => {}
            }
        }
        let Some(r) = self.current().cloned() else {
            return Vec::new();
        };
        self.request_action(cx, a, &r)
    }

    /// A key for a step in the request's life.
    fn request_action(&mut self, cx: &mut Ctx, a: Act, r: &Request) -> Vec<Effect> {
        let l = cx.lang;
        let (id, v) = (r.id, r.version);
        // Refuse before asking for a reason: nobody types one in vain.
        if let Some(e) = refusal(a, r, l) {
            cx.error(e);
            return Vec::new();
        }
        let ask = |cx: &mut Ctx, zh: &str, en: &str, act: Act| {
            cx.prompt(zh, en, PromptFor::Op(act, id, v));
            Vec::new()
        };
        match a {
            // A micro-wish or a repair claimed from the detail: the party
            // screen's choice of claimant, over the detail.
            Act::Claim if self.detail.is_some() => vec![Effect::ClaimFrom(id)],
            Act::Assign => vec![Effect::LoadAssignees { id, version: v }],
            Act::Note => ask(cx, "内部备注", "internal note", Act::Note),
            Act::Reply => ask(cx, "答复居民的内容", "reply to the resident", Act::Reply),
            Act::Step => {
                if r.status == Status::Assigned {
                    vec![Effect::Apply(Op::Start { id, version: v })]
                } else {
                    ask(
                        cx,
                        "办理步骤（如：材料已送区民政局）",
                        "handling step (e.g. papers taken to the department)",
                        Act::Step,
                    )
                }
            }
            Act::Wait => {
                if r.status == Status::Waiting {
                    vec![Effect::Apply(Op::Resume { id, version: v })]
                } else {
                    ask(
                        cx,
                        "挂起原因（等待居民或部门；时限暂停）",
                        "why it waits (resident or department; the clock stops)",
                        Act::Wait,
                    )
                }
            }
            Act::Escalate => ask(cx, "上报原因", "why escalate", Act::Escalate),
            Act::Return => ask(cx, "回退原因", "why return it down", Act::Return),
            Act::Resolve => ask(cx, "办理结果", "the result", Act::Resolve),
            Act::Reopen => ask(cx, "重办原因", "why reopen", Act::Reopen),
            Act::Cancel => ask(cx, "撤销原因", "why cancel", Act::Cancel),
            Act::CustodyIn => ask(
                cx,
                "收到的原件（如：户口本）",
                "original received (e.g. household register)",
                Act::CustodyIn,
            ),
            Act::FollowUp => {
                let mut items: Vec<(String, i64)> = Rating::ALL
                    .iter()
                    .map(|r| (l.pick(r.zh(), r.en()).to_string(), i64::from(r.score())))
                    .collect();
                items.push((t(l, "未解决，重新办理", "not settled: reopen"), 0));
                *cx.modal = Some(Modal::Pick {
                    title: t(l, "回访结果", "follow-up result"),
                    items,
                    sel: 0,
                    purpose: PickFor::Rating(id, v),
                });
                Vec::new()
            }
            Act::CustodyOut => {
                let held: Vec<(String, i64)> = self
                    .detail
                    .as_ref()
                    .map(|d| {
                        d.custody
                            .iter()
                            .filter(|c| c.returned_at.is_none())
                            .map(|c| {
                                (
                                    format!(
                                        "{} ({})",
                                        c.item,
                                        c.holder.clone().unwrap_or_default()
                                    ),
                                    c.id,
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                if held.is_empty() {
                    cx.info(t(l, "没有代管中的材料", "no originals held"));
                    return Vec::new();
                }
                *cx.modal = Some(Modal::Pick {
                    title: t(l, "交还哪一件", "hand back which"),
                    items: held,
                    sel: 0,
                    purpose: PickFor::CustodyOut(id),
                });
                Vec::new()
            }
            Act::Print => {
                let text = self
                    .detail
                    .as_ref()
                    .map(|d| crate::printout::detail_text(d, l, 80))
                    .unwrap_or_default();
                vec![Effect::Print {
                    name: format!("{}-detail", r.ticket),
                    text,
                }]
            }
            _ => Vec::new(),
        }
    }

    /// Whom to assign to: staff of the request's community first, the
    /// list narrowed by typing a name, pinyin, initials or login.
    /// The title names the community whose staff come first and, for a
    /// request already assigned, who has it now (改派).
    pub fn assignees(
        &mut self,
        cx: &mut Ctx,
        id: i64,
        v: i64,
        near: &[i64],
        community: Option<&str>,
    ) {
        let (mut first, rest): (Vec<_>, Vec<_>) =
            cx.staff.iter().partition(|s| near.contains(&s.id));
        let n = first.len();
        first.extend(rest);
        let now = self
            .current()
            .filter(|r| r.id == id)
            .and_then(|r| r.assignee.clone());
        let head = match (&now, cx.lang) {
            (Some(a), Lang::Zh) => format!("改派（现由 {a} 承办）"),
            (Some(a), Lang::En) => format!("reassign (now with {a})"),
            (None, Lang::Zh) => "派遣给".to_string(),
            (None, Lang::En) => "assign to".to_string(),
        };
        let first_note = match (community, cx.lang) {
            (Some(c), _) if n > 0 => match cx.lang {
                Lang::Zh => format!("{c}的 {n} 人在前；"),
                Lang::En => format!("{c}'s {n} first; "),
            },
            _ => String::new(),
        };
        let title = match cx.lang {
            Lang::Zh => format!("{head}：{first_note}输入筛选"),
            Lang::En => format!("{head}: {first_note}type to narrow"),
        };
        *cx.modal = Some(crate::tui::modal::staff_filter(
            title,
            &first,
            cx.lang,
            PickFor::Assign(id, v),
        ));
    }

    /// A reason or text typed for a step.
    pub fn op_answered(
        &mut self,
        cx: &mut Ctx,
        act: Act,
        id: i64,
        v: i64,
        text: String,
    ) -> Vec<Effect> {
        // After a reload the record has a newer version than the prompt saw.
        let v = self
            .detail
            .as_ref()
            .filter(|d| d.request.id == id)
            .map(|d| d.request.version)
            .unwrap_or(v);
        let op = match act {
            Act::Note => Op::Note { id, text },
            Act::Reply => Op::Reply { id, text },
            Act::Step => Op::Step { id, text },
            Act::Wait => Op::Wait {
                id,
                reason: text,
                version: v,
            },
            Act::Escalate => Op::Escalate {
                id,
                reason: text,
                version: v,
            },
            Act::Return => Op::Return {
                id,
                reason: text,
                version: v,
            },
            Act::Resolve => Op::Resolve {
                id,
                result: text,
                version: v,
            },
            Act::Reopen => Op::Reopen {
                id,
                reason: text,
                version: v,
            },
            Act::CustodyIn => Op::CustodyIn { id, item: text },
            Act::Cancel => {
                *cx.modal = Some(Modal::Confirm {
                    text: t(cx.lang, "确定撤销该办件？", "Cancel this request?"),
                    purpose: ConfirmFor::Cancel(id, v, text),
                });
                return Vec::new();
            }
            _ => return Vec::new(),
        };
        vec![Effect::Apply(op)]
    }

    /// A choice from one of this screen's pick lists.
    pub fn picked(&mut self, cx: &mut Ctx, purpose: PickFor, value: i64) -> Vec<Effect> {
        match purpose {
            PickFor::Assign(id, v) => {
                let now = self.current().filter(|r| r.id == id).cloned();
                match now.as_ref().and_then(|r| r.assignee_id.map(|a| (a, r))) {
                    // Already theirs: nothing to change.
                    Some((a, r)) if a == value => {
                        let who = r.assignee.clone().unwrap_or_default();
                        cx.error(match cx.lang {
                            Lang::Zh => format!("已由 {who} 承办，未改派"),
                            Lang::En => format!("already with {who}; not reassigned"),
                        });
                        Vec::new()
                    }
                    // Taken from someone: the reason first.
                    Some((_, r)) => {
                        let who = r.assignee.clone().unwrap_or_default();
                        let to = cx
                            .staff
                            .iter()
                            .find(|s| s.id == value)
                            .map(|s| s.name.clone())
                            .unwrap_or_default();
                        let (zh, en) = (
                            format!("改派原因（由 {who} 改派给 {to}）"),
                            format!("why move it from {who} to {to}"),
                        );
                        cx.prompt(&zh, &en, PromptFor::Reassign(id, v, value));
                        Vec::new()
                    }
                    None => vec![Effect::Apply(Op::Assign {
                        id,
                        to: value,
                        version: v,
                        reason: None,
                    })],
                }
            }
            PickFor::CustodyOut(rid) => vec![Effect::Apply(Op::CustodyOut {
                custody_id: value,
                request_id: rid,
            })],
            PickFor::Rating(id, v) => {
                match Rating::ALL.iter().find(|r| i64::from(r.score()) == value) {
                    Some(r) => vec![Effect::Apply(Op::Rate {
                        id,
                        rating: *r,
                        version: v,
                    })],
                    None => {
                        cx.prompt(
                            "未解决的原因",
                            "why it is not settled",
                            PromptFor::ResolveFailed(id, v),
                        );
                        Vec::new()
                    }
                }
            }
            PickFor::OpenRequest(household) => vec![Effect::OpenRequestFrom {
                id: value,
                household,
            }],
            PickFor::Operator | PickFor::Admin(_) => Vec::new(),
            PickFor::Party(_) => Vec::new(),
        }
    }

    /// The filter typed: categories, levels and staff by name; the rest is
    /// an area, looked up.
    pub fn filter_answered(&mut self, cx: &mut Ctx, text: String) -> Vec<Effect> {
        self.filter_text = text.clone();
        let mut f = QueueFilter {
            view: self.filter.view,
            ..Default::default()
        };
        let mut node_words = Vec::new();
        for w in text.split_whitespace() {
            if let Some(c) = cx
                .categories
                .iter()
                .find(|c| c.code == w || c.name_zh == w || c.name_en.eq_ignore_ascii_case(w))
            {
                f.category = Some(c.code.clone());
            } else if let Some(lv) = crate::domain::lifecycle::Level::parse(w) {
                f.level = Some(lv);
            } else if let Some(s) = cx.staff.iter().find(|s| s.name == w || s.login == w) {
                f.assignee = Some(s.id);
            } else {
                node_words.push(w.to_string());
            }
        }
        self.filter = f;
        self.sel = 0;
        if node_words.is_empty() {
            vec![Effect::LoadQueue(self.filter.clone())]
        } else {
            vec![Effect::FindNode(node_words.join(""))]
        }
    }

    /// The area of the filter, found (or not).
    pub fn node_found(&mut self, cx: &mut Ctx, n: Option<Node>) -> Vec<Effect> {
        match n {
            Some(n) => {
                self.filter.node = Some(n.id);
                vec![Effect::LoadQueue(self.filter.clone())]
            }
            None => {
                cx.error(t(
                    cx.lang,
                    "筛选：找不到这个社区/片区",
                    "filter: no such community or area",
                ));
                Vec::new()
            }
        }
    }

    /// The queue, most urgent first: red, then yellow, then the rest, each
    /// in the store's order.
    pub fn queue_loaded(&mut self, mut items: Vec<(Request, Warning)>, total: usize) {
        items.sort_by_key(|(_, w)| std::cmp::Reverse(urgency(*w)));
        self.items = items;
        self.total = total.max(self.items.len());
        if let Some(w) = self.want.take() {
            self.sel = w;
        }
        self.sel = self.sel.min(self.items.len().saturating_sub(1));
    }

    pub fn detail_loaded(&mut self, cx: &mut Ctx, d: Box<Detail>) {
        // Opened afresh (from the queue or a search): Esc goes to the queue.
        if self.detail.as_ref().map(|x| x.request.id) != Some(d.request.id) {
            self.from_file = None;
        }
        self.detail = Some(d);
        *cx.screen = Screen::Requests;
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, lk: &Look) {
        let l = lk.lang;
        let th = &lk.th;
        if let Some(d) = &self.detail {
            let text = crate::printout::detail_text(d, l, area.width.saturating_sub(2) as usize);
            let top = self
                .scroll
                .offset(text.lines().count(), inner_rows(area.height));
            let p = Paragraph::new(text).scroll((top, 0)).block(th.block(
                format!("{} {}", t(l, "办件", "request"), d.request.ticket),
                true,
            ));
            f.render_widget(p, area);
            return;
        }
        let view = match self.filter.view {
            View::Open => t(l, "在办", "open"),
            View::Mine => t(l, "我的", "mine"),
            View::Red => t(l, "红色预警", "red"),
            View::Yellow => t(l, "黄色预警", "yellow"),
            View::Waiting => t(l, "挂起", "waiting"),
            View::Resolved => t(l, "已办结待回访", "resolved"),
            View::Closed => t(l, "已结案/撤销", "closed"),
            View::All => t(l, "全部", "all"),
        };
        let mut title = format!(
            "{} · {view} {}",
            t(l, "办件", "requests"),
            crate::printout::counted(l, self.items.len(), self.total)
        );
        if !self.filter_text.is_empty() {
            title.push_str(&format!(" · {}", self.filter_text));
        }
        let w = area.width.saturating_sub(2) as usize;
        let h = area.height.saturating_sub(2) as usize;
        let shown = window(self.sel, self.items.len(), h);
        // The assignee follows the row, as far as it fits.
        let cols = Cols::new(
            self.items[shown.clone()].iter().map(|(r, _)| r),
            l,
            lk.categories,
            w.saturating_sub(2),
        );
        let lines: Vec<Line> = shown
            .map(|i| {
                let (r, warn) = &self.items[i];
                let mut s = request_line(r, *warn, l, lk.categories, &cols);
                // The assignee in what is left of the row: the due time
                // before it is never cut.
                let left = w.saturating_sub(2 + s.width());
                if let Some(a) = &r.assignee
                    && left > 2
                {
                    s.push_str(&format!(" {}", fit(a, left - 1)));
                }
                row(s, i == self.sel, th, w, th.warn(*warn))
            })
            .collect();
        f.render_widget(
            Paragraph::new(lines).block(th.block(fit(&title, w), true)),
            area,
        );
    }
}

/// Why the lifecycle refuses this key for this request, if it does.
fn refusal(a: Act, r: &Request, l: Lang) -> Option<String> {
    use crate::domain::lifecycle::{self, check_move};
    use crate::store::Error;
    let said = |e: Error| i18n::error(&e, l);
    let to = |to: Status| {
        check_move(r.status, to)
            .err()
            .map(|e| said(Error::Transition(e)))
    };
    match a {
        // A step is recorded on an open request (starting an assigned one).
        Act::Step if !r.status.is_open() => Some(i18n::step_refused(r.status, l)),
        Act::Wait if r.status != Status::Waiting => to(Status::Waiting),
        Act::Resolve => to(Status::Resolved),
        Act::FollowUp => to(Status::Closed),
        Act::Reopen => to(Status::InProgress),
        Act::Cancel => to(Status::Cancelled),
        // The reason is not known yet: only the ladder's own limits count.
        Act::Escalate => lifecycle::escalate(r.status, r.level, "-")
            .err()
            .map(|e| said(Error::Ladder(e))),
        Act::Return => lifecycle::return_down(r.status, r.level, "-")
            .err()
            .map(|e| said(Error::Ladder(e))),
        _ => None,
    }
}
