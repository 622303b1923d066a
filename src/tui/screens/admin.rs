//! Admin (设置), for supervisors: staff (add, role, hall, disable),
//! categories (time limit, materials, department, in use), holidays and the
//! grid (add an area or a building, rename with a reason). Each change is
//! one store call with the operator as actor, the same the command line
//! makes; a refused change offers back what was typed.

use crate::domain::calendar::{DayKind, parse_date};
use crate::domain::lifecycle::Role;
use crate::i18n::{self, Lang};
use crate::store::grid::NodeLevel;
use crate::store::grid_import::parse_building_cell;
use crate::tui::action::Act;
use crate::tui::ctx::Ctx;
use crate::tui::field::TextField;
use crate::tui::modal::{AdminAsk, AdminPick, ConfirmFor, Modal, PickFor, PromptFor};
use crate::tui::msg::{AdminData, AdminDone, AdminOp, Effect, Screen, move_sel, t};
use crate::tui::widgets::{Look, fit, inner_rows, pad, part_tabs, row, window};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// The four parts of the screen, switched by Tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Part {
    #[default]
    Staff,
    Categories,
    Holidays,
    Grid,
}

impl Part {
    pub const ALL: [Part; 4] = [Part::Staff, Part::Categories, Part::Holidays, Part::Grid];

    fn index(self) -> usize {
        Part::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    pub fn label(self, l: Lang) -> String {
        match self {
            Part::Staff => t(l, "人员", "Staff"),
            Part::Categories => t(l, "事项类别", "Categories"),
            Part::Holidays => t(l, "节假日", "Holidays"),
            Part::Grid => t(l, "网格", "Grid"),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct AdminState {
    pub part: Part,
    pub data: AdminData,
    /// The selected row of each part.
    pub sel: [usize; 4],
    /// The grid node whose children are shown; none: the top.
    pub parent: Option<i64>,
    /// The node just left upwards, selected when its parent shows.
    came_from: Option<i64>,
    /// The answers typed in the change under way, offered back if the
    /// store refuses it.
    typed: Vec<(AdminAsk, String)>,
    /// The first prompt of the change under way: a refusal starts there.
    first: Option<AdminAsk>,
    role: Option<Role>,
    day: Option<(chrono::NaiveDate, DayKind)>,
}

impl AdminState {
    pub fn load(&self) -> Vec<Effect> {
        vec![Effect::LoadAdmin(self.parent)]
    }

    pub fn loaded(&mut self, d: AdminData) {
        self.data = d;
        if let Some(from) = self.came_from.take()
            && let Some(i) = self.data.nodes.iter().position(|n| n.id == from)
        {
            self.sel[Part::Grid.index()] = i;
        }
        for p in Part::ALL {
            let n = self.len(p);
            self.sel[p.index()] = self.sel[p.index()].min(n.saturating_sub(1));
        }
    }

    fn len(&self, p: Part) -> usize {
        match p {
            Part::Staff => self.data.staff.len(),
            Part::Categories => self.data.categories.len(),
            Part::Holidays => self.data.days.len(),
            Part::Grid => self.data.nodes.len(),
        }
    }

    fn selected(&self) -> usize {
        self.sel[self.part.index()]
    }

    /// The keys the footer shows for the part in front.
    pub fn footer(&self) -> &'static [Act] {
        match self.part {
            Part::Staff => &[
                Act::AdminAdd,
                Act::AdminRole,
                Act::AdminHall,
                Act::AdminDisable,
                Act::NextField,
                Act::Help,
            ],
            Part::Categories => &[
                Act::AdminLimit,
                Act::AdminMaterials,
                Act::AdminDepartment,
                Act::AdminInUse,
                Act::NextField,
                Act::Help,
            ],
            Part::Holidays => &[Act::AdminAdd, Act::NextField, Act::Help],
            Part::Grid => &[
                Act::Select,
                Act::AdminAdd,
                Act::AdminRole,
                Act::Back,
                Act::NextField,
                Act::Help,
            ],
        }
    }

    /// A prompt, filled with what was typed for it before, else `default`.
    fn prompt(&self, l: Lang, ask: AdminAsk, default: &str) -> Modal {
        let (zh, en) = match ask {
            AdminAsk::StaffLogin => (
                "新人员的登录名（系统账号）",
                "new staff member's login (OS account)",
            ),
            AdminAsk::StaffName => ("姓名", "name"),
            AdminAsk::Limit(_) => (
                "办理时限（工作日，0=即办）",
                "time limit (working days, 0 = same day)",
            ),
            AdminAsk::Materials(_) => ("所需材料（逗号分隔）", "materials (comma-separated)"),
            AdminAsk::Department(_) => ("承办部门（空=无）", "department (empty = none)"),
            AdminAsk::Date => ("日期（如 2027-01-01）", "date (e.g. 2027-01-01)"),
            AdminAsk::DayNote => ("说明（如 元旦）", "note (e.g. New Year)"),
            AdminAsk::AreaName(_) => ("新片区名称", "new area's name"),
            AdminAsk::Building(_) => ("新楼栋（如 3 或 3号楼）", "new building (e.g. 3 or 3号楼)"),
            AdminAsk::NewName(_) => ("新名称", "new name"),
            AdminAsk::RenameReason(_) => ("改名原因（记入日志）", "reason for the rename (logged)"),
        };
        // What was typed and refused comes back to be edited; an old value
        // is offered selected, so typing replaces it.
        let field = match self.typed.iter().find(|(a, _)| *a == ask) {
            Some((_, s)) => TextField::with(s, 200),
            None => TextField::offered(default, 200),
        };
        Modal::Prompt {
            title: t(l, zh, en),
            field,
            purpose: PromptFor::Admin(ask),
        }
    }

    /// Starts a change at its first prompt, forgetting earlier typing.
    fn start(&mut self, cx: &mut Ctx, ask: AdminAsk, default: &str) {
        self.typed.clear();
        self.first = Some(ask);
        *cx.modal = Some(self.prompt(cx.lang, ask, default));
    }

    fn keep(&mut self, ask: AdminAsk, text: &str) {
        self.typed.retain(|(a, _)| *a != ask);
        self.typed.push((ask, text.to_string()));
    }

    pub fn action(&mut self, cx: &mut Ctx, a: Act) -> Vec<Effect> {
        let l = cx.lang;
        let i = self.selected();
        match a {
            Act::NextField | Act::PrevField => {
                let k = self.part.index();
                let next = if a == Act::NextField { k + 1 } else { k + 3 };
                self.part = Part::ALL[next % 4];
                return Vec::new();
            }
            Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
                let page = inner_rows(cx.body.1.saturating_sub(1)).max(1);
                self.sel[self.part.index()] = move_sel(i, self.len(self.part), a, page);
                return Vec::new();
            }
            Act::Reload => return self.load(),
            _ => {}
        }
        match (self.part, a) {
            (Part::Staff, Act::AdminAdd) => {
                self.role = None;
                self.start(cx, AdminAsk::StaffLogin, "");
            }
            (Part::Staff, Act::AdminRole) => {
                if let Some((s, _, _)) = self.data.staff.get(i) {
                    let items = Role::ALL
                        .iter()
                        .enumerate()
                        .map(|(k, r)| (i18n::role(*r, l).to_string(), k as i64))
                        .collect();
                    *cx.modal = Some(Modal::Pick {
                        title: format!("{} {}", s.name, t(l, "的角色", "— role")),
                        items,
                        sel: Role::ALL.iter().position(|r| *r == s.role).unwrap_or(0),
                        purpose: PickFor::Admin(AdminPick::Role(s.id)),
                    });
                }
            }
            (Part::Staff, Act::AdminHall) => {
                if let Some((s, _, _)) = self.data.staff.get(i) {
                    let title = format!(
                        "{} {}",
                        s.name,
                        t(l, "的服务站（输入以筛选）", "— hall (type to filter)")
                    );
                    *cx.modal = Some(self.hall_picker(title, AdminPick::Hall(s.id)));
                }
            }
            (Part::Staff, Act::AdminDisable) => {
                if let Some((s, _, _)) = self.data.staff.get(i) {
                    let text = if s.active {
                        format!("{} {} ({})？", t(l, "停用", "Disable"), s.name, s.login)
                    } else {
                        format!("{} {} ({})？", t(l, "启用", "Enable"), s.name, s.login)
                    };
                    *cx.modal = Some(Modal::Confirm {
                        text,
                        purpose: ConfirmFor::StaffActive(s.id, !s.active),
                    });
                }
            }
            (Part::Categories, Act::AdminLimit) => {
                if let Some(c) = self.data.categories.get(i) {
                    let d = c.limit_days.to_string();
                    self.start(cx, AdminAsk::Limit(i), &d);
                }
            }
            (Part::Categories, Act::AdminMaterials) => {
                if let Some(c) = self.data.categories.get(i) {
                    let d = c.materials.join(l.pick("，", ", "));
                    self.start(cx, AdminAsk::Materials(i), &d);
                }
            }
            (Part::Categories, Act::AdminDepartment) => {
                if let Some(c) = self.data.categories.get(i) {
                    let d = c.department.clone().unwrap_or_default();
                    self.start(cx, AdminAsk::Department(i), &d);
                }
            }
            (Part::Categories, Act::AdminInUse) => {
                if let Some(c) = self.data.categories.get(i) {
                    let mut e = c.clone();
                    e.active = !e.active;
                    self.first = None;
                    return vec![Effect::Admin(AdminOp::Category(Box::new(e)))];
                }
            }
            (Part::Holidays, Act::AdminAdd) => {
                self.day = None;
                self.start(cx, AdminAsk::Date, "");
            }
            (Part::Grid, Act::Select) => {
                if let Some(n) = self.data.nodes.get(i)
                    && n.level != NodeLevel::Building
                {
                    self.parent = Some(n.id);
                    self.sel[Part::Grid.index()] = 0;
                    return self.load();
                }
            }
            (Part::Grid, Act::Back) if self.parent.is_some() => {
                self.came_from = self.parent;
                self.parent = self.data.path.last().and_then(|n| n.parent_id);
                return self.load();
            }
            (Part::Grid, Act::AdminAdd) => match self.data.nodes.get(i) {
                Some(n) if n.level == NodeLevel::Community => {
                    self.start(cx, AdminAsk::AreaName(n.id), "")
                }
                Some(n) if n.level == NodeLevel::Area => {
                    self.start(cx, AdminAsk::Building(n.id), "")
                }
                _ => cx.error(t(
                    l,
                    "请先选定社区（新增片区）或片区（新增楼栋）",
                    "select a community (to add an area) or an area (to add a building)",
                )),
            },
            (Part::Grid, Act::AdminRole) => {
                if let Some(n) = self.data.nodes.get(i) {
                    let name = n.name.clone();
                    self.start(cx, AdminAsk::NewName(n.id), &name);
                }
            }
            (_, Act::Back) => cx.goto = Some(Screen::Today),
            _ => {}
        }
        Vec::new()
    }

    fn hall_picker(&self, title: String, purpose: AdminPick) -> Modal {
        Modal::Filter {
            title,
            field: TextField::new(40),
            items: self.data.halls.clone(),
            sel: 0,
            purpose: PickFor::Admin(purpose),
            keys: Vec::new(),
        }
    }

    /// A prompt answered. A value this screen parses (a number, a date, a
    /// building) that does not parse keeps the prompt with the typing.
    pub fn answered(&mut self, cx: &mut Ctx, ask: AdminAsk, text: String) -> Vec<Effect> {
        let l = cx.lang;
        self.keep(ask, &text);
        let refuse = |cx: &mut Ctx, me: &Self, zh: String, en: String| {
            cx.error(l.pick(&zh, &en).to_string());
            *cx.modal = Some(me.prompt(l, ask, ""));
            Vec::new()
        };
        match ask {
            AdminAsk::StaffLogin => {
                *cx.modal = Some(self.prompt(l, AdminAsk::StaffName, ""));
                Vec::new()
            }
            AdminAsk::StaffName => {
                let items = Role::ALL
                    .iter()
                    .enumerate()
                    .map(|(k, r)| (i18n::role(*r, l).to_string(), k as i64))
                    .collect();
                *cx.modal = Some(Modal::Pick {
                    title: t(l, "角色", "role"),
                    items,
                    sel: self
                        .role
                        .and_then(|r| Role::ALL.iter().position(|x| *x == r))
                        .unwrap_or(0),
                    purpose: PickFor::Admin(AdminPick::NewRole),
                });
                Vec::new()
            }
            AdminAsk::Limit(i) => {
                let Some(c) = self.data.categories.get(i) else {
                    return Vec::new();
                };
                let typed = crate::domain::text::normalize(&text);
                match typed.trim().parse::<u32>() {
                    Ok(n) => {
                        let mut e = c.clone();
                        e.limit_days = n;
                        vec![Effect::Admin(AdminOp::Category(Box::new(e)))]
                    }
                    Err(_) => refuse(
                        cx,
                        self,
                        format!("办理时限须是工作日天数（整数），不是“{text}”"),
                        format!("the time limit is a whole number of working days, not \"{text}\""),
                    ),
                }
            }
            AdminAsk::Materials(i) => {
                let Some(c) = self.data.categories.get(i) else {
                    return Vec::new();
                };
                let mut e = c.clone();
                e.materials = text
                    .split([',', '，'])
                    .map(str::trim)
                    .filter(|m| !m.is_empty())
                    .map(str::to_string)
                    .collect();
                vec![Effect::Admin(AdminOp::Category(Box::new(e)))]
            }
            AdminAsk::Department(i) => {
                let Some(c) = self.data.categories.get(i) else {
                    return Vec::new();
                };
                let mut e = c.clone();
                e.department = (!text.is_empty()).then_some(text);
                vec![Effect::Admin(AdminOp::Category(Box::new(e)))]
            }
            AdminAsk::Date => match parse_date(&text) {
                Some(d) => {
                    let kind = self.day.map(|x| x.1).unwrap_or(DayKind::Holiday);
                    self.day = Some((d, kind));
                    *cx.modal = Some(Modal::Pick {
                        title: format!("{d}"),
                        items: vec![
                            (t(l, "放假（节假日）", "holiday"), 0),
                            (t(l, "上班（调休工作日）", "working day (make-up)"), 1),
                        ],
                        sel: usize::from(kind == DayKind::Workday),
                        purpose: PickFor::Admin(AdminPick::DayKind),
                    });
                    Vec::new()
                }
                None => refuse(
                    cx,
                    self,
                    format!("日期：看不懂“{text}”，请写成 2027-01-01"),
                    format!("date: \"{text}\" is not a date; write it as 2027-01-01"),
                ),
            },
            AdminAsk::DayNote => match self.day {
                Some((day, kind)) => vec![Effect::Admin(AdminOp::Day {
                    day,
                    kind,
                    note: text,
                })],
                None => Vec::new(),
            },
            AdminAsk::AreaName(parent) => vec![Effect::Admin(AdminOp::AddNode {
                parent,
                level: NodeLevel::Area,
                name: text,
                num: None,
            })],
            AdminAsk::Building(parent) => match parse_building_cell(&text, false) {
                Some(b) => vec![Effect::Admin(AdminOp::AddNode {
                    parent,
                    level: NodeLevel::Building,
                    name: b.name,
                    num: Some(b.num),
                })],
                None => refuse(
                    cx,
                    self,
                    format!("楼栋：看不懂“{text}”，请写楼号，如 3 或 3号楼"),
                    format!("building: \"{text}\" is not a building number (3 or 3号楼)"),
                ),
            },
            AdminAsk::NewName(node) => {
                *cx.modal = Some(self.prompt(l, AdminAsk::RenameReason(node), ""));
                Vec::new()
            }
            AdminAsk::RenameReason(node) => {
                let name = self
                    .typed
                    .iter()
                    .find(|(a, _)| *a == AdminAsk::NewName(node))
                    .map(|(_, s)| s.clone())
                    .unwrap_or_default();
                // The cursor stays on the renamed node, wherever its new
                // name sorts.
                self.came_from = Some(node);
                vec![Effect::Admin(AdminOp::RenameNode {
                    node,
                    name,
                    reason: text,
                })]
            }
        }
    }

    /// A pick list's choice.
    pub fn picked(&mut self, cx: &mut Ctx, p: AdminPick, v: i64) -> Vec<Effect> {
        let l = cx.lang;
        let role = usize::try_from(v)
            .ok()
            .and_then(|k| Role::ALL.get(k))
            .copied();
        match p {
            AdminPick::NewRole => {
                self.role = role;
                *cx.modal = Some(self.hall_picker(
                    t(l, "服务站（输入以筛选）", "hall (type to filter)"),
                    AdminPick::NewHall,
                ));
                Vec::new()
            }
            AdminPick::NewHall => {
                let get = |a: AdminAsk| {
                    self.typed
                        .iter()
                        .find(|(x, _)| *x == a)
                        .map(|(_, s)| s.clone())
                        .unwrap_or_default()
                };
                vec![Effect::Admin(AdminOp::AddStaff {
                    login: get(AdminAsk::StaffLogin),
                    name: get(AdminAsk::StaffName),
                    role: self.role.unwrap_or(Role::Counter),
                    hall: Some(v),
                })]
            }
            AdminPick::Role(id) => match role {
                Some(role) => {
                    self.first = None;
                    vec![Effect::Admin(AdminOp::StaffRole { id, role })]
                }
                None => Vec::new(),
            },
            AdminPick::Hall(id) => {
                self.first = None;
                vec![Effect::Admin(AdminOp::StaffHall { id, hall: v })]
            }
            AdminPick::DayKind => {
                if let Some((d, _)) = self.day {
                    let kind = if v == 1 {
                        DayKind::Workday
                    } else {
                        DayKind::Holiday
                    };
                    self.day = Some((d, kind));
                }
                *cx.modal = Some(self.prompt(l, AdminAsk::DayNote, ""));
                Vec::new()
            }
        }
    }

    /// The store refused the change: its message is on the status line;
    /// the change starts again at its first prompt, filled with what was
    /// typed. True when a prompt was offered back.
    pub fn refused(&mut self, cx: &mut Ctx) -> bool {
        match self.first {
            Some(ask) => {
                *cx.modal = Some(self.prompt(cx.lang, ask, ""));
                true
            }
            None => false,
        }
    }

    /// A change made: say it, forget the typing, read the lists again.
    pub fn done(&mut self, cx: &mut Ctx, d: AdminDone) -> Vec<Effect> {
        let l = cx.lang;
        self.typed.clear();
        self.first = None;
        cx.info(match d {
            AdminDone::StaffAdded(x) => format!("{} {x}", t(l, "已新增人员", "staff added:")),
            AdminDone::StaffChanged(x) => format!("{} {x}", t(l, "已修改人员", "staff changed:")),
            AdminDone::CategoryChanged(x) => {
                format!("{} {x}", t(l, "已修改类别", "category changed:"))
            }
            AdminDone::DaySet(x) => format!("{} {x}", t(l, "已设置日历", "calendar day set:")),
            AdminDone::NodeAdded(x) => format!("{} {x}", t(l, "已新增", "added:")),
            AdminDone::NodeRenamed(x) => format!("{} {x}", t(l, "已改名为", "renamed to")),
            AdminDone::StaffDisabled(x) => {
                format!("{} {x}", t(l, "已停用账号", "account disabled:"))
            }
            AdminDone::StaffEnabled(x) => {
                format!("{} {x}", t(l, "已重新启用账号", "account enabled again:"))
            }
        });
        let mut v = self.load();
        v.push(Effect::LoadStaff);
        v.push(Effect::LoadCategories);
        v
    }

    fn lines(&self, l: Lang, w: usize) -> (String, Vec<String>) {
        let d = &self.data;
        match self.part {
            Part::Staff => (
                t(
                    l,
                    "登录名       姓名       角色            服务站",
                    "login        name       role            hall",
                ),
                d.staff
                    .iter()
                    .map(|(s, hall, _)| {
                        let off = if s.active {
                            ""
                        } else {
                            l.pick("（已停用）", "(disabled)")
                        };
                        format!(
                            "{} {} {} {}{off}",
                            pad(&s.login, 12),
                            pad(&s.name, 10),
                            pad(i18n::role(s.role, l), 15),
                            hall.as_deref().unwrap_or("-"),
                        )
                    })
                    .collect(),
            ),
            Part::Categories => (
                t(
                    l,
                    "类别             时限   承办部门       材料",
                    "category         limit  department     materials",
                ),
                d.categories
                    .iter()
                    .map(|c| {
                        let off = if c.active {
                            ""
                        } else {
                            l.pick("（停用）", "(out of use) ")
                        };
                        format!(
                            "{} {} {} {off}{}",
                            pad(l.pick(&c.zh, &c.en), 16),
                            pad(&format!("{}{}", c.limit_days, l.pick("天", "d")), 6),
                            pad(c.department.as_deref().unwrap_or("-"), 14),
                            c.materials.join(l.pick("，", ", ")),
                        )
                    })
                    .collect(),
            ),
            Part::Holidays => (
                t(
                    l,
                    "日期         类型   说明",
                    "date         kind       note",
                ),
                d.days
                    .iter()
                    .map(|(day, kind, note)| {
                        let k = match kind {
                            DayKind::Holiday => t(l, "放假", "holiday"),
                            DayKind::Workday => t(l, "上班", "workday"),
                        };
                        format!("{day}  {} {note}", pad(&k, 8))
                    })
                    .collect(),
            ),
            Part::Grid => {
                let path: Vec<&str> = d.path.iter().map(|n| n.name.as_str()).collect();
                let head = if path.is_empty() {
                    t(l, "（顶层）", "(top)")
                } else {
                    path.join(" / ")
                };
                (
                    fit(&head, w),
                    d.nodes
                        .iter()
                        .map(|n| {
                            let level = match n.level {
                                NodeLevel::District => t(l, "区", "district"),
                                NodeLevel::Subdistrict => t(l, "街道", "subdistrict"),
                                NodeLevel::Community => t(l, "社区", "community"),
                                NodeLevel::Area => t(l, "片区", "area"),
                                NodeLevel::Building => t(l, "楼栋", "building"),
                            };
                            format!("{} {}", pad(&level, 12), n.name)
                        })
                        .collect(),
                )
            }
        }
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, lk: &Look) {
        let l = lk.lang;
        let th = &lk.th;
        let list = part_tabs(
            f,
            area,
            lk,
            Part::ALL.map(|p| (p.label(l).to_string(), p == self.part)),
        );
        let w = list.width.saturating_sub(2) as usize;
        let (head, rows) = self.lines(l, w);
        let h = inner_rows(list.height).saturating_sub(1);
        let sel = self.selected();
        let mut lines = vec![Line::styled(fit(&format!("  {head}"), w), th.title())];
        if rows.is_empty() {
            lines.push(Line::from(t(l, "  （无）", "  (none)")));
        }
        for i in window(sel, rows.len(), h) {
            lines.push(row(rows[i].clone(), i == sel, th, w, Style::new()));
        }
        f.render_widget(
            Paragraph::new(lines).block(th.block(
                format!("{} — {}", t(l, "设置", "Admin"), self.part.label(l)),
                true,
            )),
            list,
        );
    }
}

/// The order of the grid's nodes on this screen: by number — the node's
/// own (`3`), or the one in its name, in figures or in Chinese (第二片区,
/// 第十一居民小组) — then by name. 第一, 第二, 第三, not the code points'
/// 第一, 第三, 第二.
pub fn node_order(n: &crate::store::grid::Node) -> (u32, String) {
    let own = n.num.as_deref().and_then(|s| s.trim().parse::<u32>().ok());
    (
        own.or_else(|| number_in(&n.name)).unwrap_or(u32::MAX),
        n.name.clone(),
    )
}

/// The first number written in `s`, in figures or in Chinese numerals
/// up to 99 (一, 十, 十一, 二十三).
pub fn number_in(s: &str) -> Option<u32> {
    crate::domain::text::number_in(s)
}
