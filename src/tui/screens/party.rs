//! Party members and volunteers (党员志愿): the members the operator may
//! see (the store keeps each community's members to its staff and the
//! supervisors; phones masked), the activities, the volunteer teams and the
//! micro-wishes no one has claimed yet, oldest first. A member registers
//! at the counter in a few prompts, through the store call the command
//! line makes; a refused registration offers back what was typed.

use crate::i18n::Lang;
use crate::store::claim::Claimant;
use crate::tui::action::Act;
use crate::tui::ctx::Ctx;
use crate::tui::field::TextField;
use crate::tui::modal::{Modal, PartyAsk, PartyPick, PickFor, PromptFor};
use crate::tui::msg::{Effect, NewMemberAsk, PartyData, PartyOp, Screen, move_sel, t};
use crate::tui::widgets::{Look, fit, inner_rows, input, pad, part_tabs, popup, row, window};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// The four parts of the screen, switched by Tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Part {
    #[default]
    Members,
    Activities,
    Teams,
    Wishes,
    /// Wishes claimed and not yet closed: delivery, thanks, withdrawal.
    Claimed,
    /// Units and their projects (民生实事): claimed, done, overdue.
    Units,
}

impl Part {
    pub const ALL: [Part; 6] = [
        Part::Members,
        Part::Activities,
        Part::Teams,
        Part::Wishes,
        Part::Claimed,
        Part::Units,
    ];

    fn index(self) -> usize {
        Part::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    pub fn label(self, l: Lang) -> String {
        match self {
            Part::Members => t(l, "党员", "Members"),
            Part::Activities => t(l, "活动", "Activities"),
            Part::Teams => t(l, "服务队", "Teams"),
            Part::Wishes => t(l, "待认领心愿", "Wishes"),
            Part::Claimed => t(l, "已认领心愿", "Claimed wishes"),
            Part::Units => t(l, "单位项目", "Units"),
        }
    }
}

/// Which members the list shows by their activity this year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Activeness {
    #[default]
    All,
    Active,
    Inactive,
}

impl Activeness {
    fn next(self) -> Activeness {
        match self {
            Activeness::All => Activeness::Active,
            Activeness::Active => Activeness::Inactive,
            Activeness::Inactive => Activeness::All,
        }
    }
    fn label(self, l: Lang) -> String {
        match self {
            Activeness::All => t(l, "全部", "all"),
            Activeness::Active => t(l, "今年参加过活动", "active this year"),
            Activeness::Inactive => t(l, "今年未参加活动", "inactive this year"),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct PartyState {
    pub part: Part,
    pub data: PartyData,
    /// The selected row of each part.
    pub sel: [usize; 6],
    pub active: Activeness,
    /// Part of a community's or workplace's name; empty: all.
    pub filter: String,
    /// The member being registered, as typed so far.
    typed: NewMemberAsk,
    /// A registration was sent and not yet answered.
    pending: bool,
    /// Attendance being taken for an activity.
    pub attend: Option<Attendance>,
    /// A team's families shown: the team's name, (household, address,
    /// tags), the selected one.
    pub families: Option<Families>,
    /// A member's points ledger shown over the list.
    pub ledger: Option<Ledger>,
    /// A member's feedback letter shown over the list: the printout's
    /// name, its text, the first line shown.
    pub letter: Option<(String, String, usize)>,
    /// A prompt answered into a change sent to the store: offered back,
    /// with what was typed, if the store refuses it.
    retry: Option<Modal>,
    /// What is being recorded by a run of prompts, and the answers so far.
    rec: Option<(Recording, Vec<String>)>,
    /// The team whose families are shown.
    families_team: i64,
    /// A unit's projects shown over the list: the unit, the first shown.
    pub unit_projects: Option<(i64, usize)>,
    /// A new unit's name as typed, while its party organisation is asked.
    unit_name: String,
    /// The request being claimed from its detail (Requests screen).
    from_detail: Option<i64>,
}

/// What a run of prompts records, through the store call the command line
/// makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recording {
    Activity,
    Team,
    Help { team: i64, household: i64 },
    Pair { household: i64 },
    Visit { pair: i64 },
}

impl Recording {
    /// Each field: its prompt (zh, en) and whether it may be empty.
    fn fields(self) -> &'static [(&'static str, &'static str, bool)] {
        match self {
            Recording::Activity => &[
                ("活动日期", "date of the activity", false),
                ("社区", "community", false),
                (
                    "类别：志愿服务、主题党日、例会、微心愿、帮扶、意见征集",
                    "kind: volunteer, theme_day, meeting, micro_wish, help, opinion",
                    false,
                ),
                ("活动内容", "title", false),
                ("时长（小时）", "hours", false),
            ],
            Recording::Team => &[
                ("服务队名称", "team's name", false),
                ("社区", "community", false),
                ("队长姓名", "leader's name", false),
            ],
            // A team's first family: its address asked last.
            Recording::Help { household: 0, .. } => &[
                ("帮扶日期", "date of the help", false),
                (
                    "类别：生活帮扶、就业帮扶、助老、助学、医疗",
                    "kind: living, employment, elderly, study, medical",
                    false,
                ),
                ("时长（小时）", "hours", false),
                ("说明（可空）", "note (may be empty)", true),
                (
                    "找到的工作（就业帮扶，可空）",
                    "job found (employment; may be empty)",
                    true,
                ),
                (
                    "帮扶的住户地址（如 锦华家园 1-1-101）",
                    "the family's address (e.g. 锦华家园 1-1-101)",
                    false,
                ),
            ],
            Recording::Help { .. } => &[
                ("帮扶日期", "date of the help", false),
                (
                    "类别：生活帮扶、就业帮扶、助老、助学、医疗",
                    "kind: living, employment, elderly, study, medical",
                    false,
                ),
                ("时长（小时）", "hours", false),
                ("说明（可空）", "note (may be empty)", true),
                (
                    "找到的工作（就业帮扶，可空）",
                    "job found (employment; may be empty)",
                    true,
                ),
            ],
            Recording::Pair { .. } => &[
                ("金拐杖帮扶人姓名", "helper's name", false),
                ("结对日期", "paired since", false),
            ],
            Recording::Visit { .. } => &[
                ("走访日期", "date of the visit", false),
                ("走访情况（可空）", "what was found (may be empty)", true),
            ],
        }
    }
}

/// A member's points ledger: entries oldest first, the total, the first
/// entry shown.
#[derive(Debug, Clone)]
pub struct Ledger {
    pub member: i64,
    pub name: String,
    pub entries: Vec<crate::store::party::PointsEntry>,
    pub total: i64,
    pub top: usize,
}

/// A team's name, its families (household, address, tags), the selected.
pub type Families = (String, Vec<(i64, String, String)>, usize);

/// Attendance at the counter: the members of the activity's community,
/// narrowed by typing (name, pinyin, initials, workplace); Tab to the list,
/// Space ticks, Ctrl+S saves all at once.
#[derive(Debug, Clone)]
pub struct Attendance {
    pub activity: i64,
    pub title: String,
    pub community_id: i64,
    pub field: TextField,
    pub ticked: Vec<i64>,
    pub sel: usize,
    /// The list has the keys (else the filter field).
    pub on_list: bool,
    /// Esc pressed once with members ticked: a second one discards.
    discard: bool,
}

impl PartyState {
    pub fn load(&self) -> Vec<Effect> {
        vec![Effect::LoadParty]
    }

    /// The filter field of the attendance, when it has the keys.
    pub fn field(&mut self) -> Option<&mut TextField> {
        self.attend
            .as_mut()
            .filter(|a| !a.on_list)
            .map(|a| &mut a.field)
    }

    pub fn typing(&self) -> bool {
        self.attend.as_ref().is_some_and(|a| !a.on_list)
    }

    /// The members attendance may tick: in service, of the activity's
    /// community, matching the typed filter.
    pub fn attendees(&self) -> Vec<&crate::store::party::Member> {
        let Some(a) = &self.attend else {
            return Vec::new();
        };
        let q = a.field.text().trim().to_lowercase();
        self.data
            .members
            .iter()
            .map(|m| &m.member)
            .filter(|m| m.left_on.is_none() && m.community_id == a.community_id)
            .filter(|m| {
                q.is_empty()
                    || m.name.contains(&q)
                    || m.workplace.as_deref().is_some_and(|w| w.contains(&q))
                    || crate::domain::names::name_keys(&m.name)
                        .keys
                        .iter()
                        .any(|(k, _)| k.starts_with(&q))
            })
            .collect()
    }

    fn attend_action(&mut self, cx: &mut Ctx, a: Act) -> Vec<Effect> {
        let l = cx.lang;
        let n = self.attendees().len();
        let ids: Vec<i64> = self.attendees().iter().map(|m| m.id).collect();
        let Some(at) = self.attend.as_mut() else {
            return Vec::new();
        };
        if a != Act::Back {
            at.discard = false;
        }
        match a {
            Act::NextField | Act::PrevField => at.on_list = !at.on_list,
            Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
                at.on_list = true;
                at.sel = move_sel(at.sel.min(n.saturating_sub(1)), n, a, 10);
            }
            Act::Select if !at.on_list => at.on_list = true,
            Act::Toggle | Act::Select => {
                if let Some(id) = ids.get(at.sel.min(n.saturating_sub(1))) {
                    if let Some(k) = at.ticked.iter().position(|x| x == id) {
                        at.ticked.remove(k);
                    } else {
                        at.ticked.push(*id);
                    }
                }
            }
            Act::Save => {
                if at.ticked.is_empty() {
                    cx.error(t(
                        l,
                        "请先勾选参加的党员（Tab 到名单，空格勾选）",
                        "tick who came first (Tab to the list, Space ticks)",
                    ));
                } else {
                    return vec![Effect::Attend {
                        activity: at.activity,
                        members: at.ticked.clone(),
                    }];
                }
            }
            Act::Back if at.on_list => at.on_list = false,
            Act::Back if !at.ticked.is_empty() && !at.discard => {
                at.discard = true;
                cx.info(t(
                    l,
                    "已勾选的尚未保存：Ctrl+S 保存，再按 Esc 放弃",
                    "the ticks are not saved: Ctrl+S saves, Esc again discards",
                ));
            }
            Act::Back => self.attend = None,
            _ => {}
        }
        Vec::new()
    }

    /// A team's families read: shown over the list.
    pub fn families_loaded(&mut self, name: String, list: Vec<(i64, String, String)>) {
        if let Some(t) = self.data.teams.iter().find(|t| t.name == name) {
            self.families_team = t.id;
        }
        // Read again for the same team: the cursor stays where it was.
        let sel = match &self.families {
            Some((n, _, s)) if *n == name => (*s).min(list.len().saturating_sub(1)),
            _ => 0,
        };
        self.families = Some((name, list, sel));
    }

    /// Attendance saved: say how many, close, read again.
    pub fn attended(&mut self, cx: &mut Ctx, n: usize) -> Vec<Effect> {
        self.attend = None;
        cx.info(format!(
            "{} {n}",
            t(cx.lang, "已登记参加人数：", "Attendance recorded:")
        ));
        self.load()
    }

    pub fn loaded(&mut self, d: PartyData) {
        self.data = d;
        for p in Part::ALL {
            let n = self.len(p);
            self.sel[p.index()] = self.sel[p.index()].min(n.saturating_sub(1));
        }
    }

    /// The members shown: the filter on community or workplace, then the
    /// activeness (a member who left is neither active nor inactive).
    pub fn members(&self) -> Vec<&crate::store::party::MemberLine> {
        let f = self.filter.trim();
        self.data
            .members
            .iter()
            .filter(|m| {
                f.is_empty()
                    || m.member.community.contains(f)
                    || m.member.workplace.as_deref().is_some_and(|w| w.contains(f))
            })
            .filter(|m| match self.active {
                Activeness::All => true,
                Activeness::Active => m.member.left_on.is_none() && m.activities > 0,
                Activeness::Inactive => m.member.left_on.is_none() && m.activities == 0,
            })
            .collect()
    }

    fn len(&self, p: Part) -> usize {
        match p {
            Part::Members => self.members().len(),
            Part::Activities => self.data.activities.len(),
            Part::Teams => self.data.teams.len(),
            Part::Wishes => self.data.wishes.len(),
            Part::Claimed => self.data.claimed.len(),
            Part::Units => self.data.unit_lines.len(),
        }
    }

    fn selected(&self) -> usize {
        self.sel[self.part.index()]
    }

    /// The keys the footer shows for the part in front.
    pub fn footer(&self) -> &'static [Act] {
        if self.attend.is_some() {
            return &[Act::Save, Act::Toggle, Act::NextField, Act::Back];
        }
        if self.families.is_some() {
            return &[
                Act::Select,
                Act::RecordHelp,
                Act::Pair,
                Act::Visit,
                Act::Back,
            ];
        }
        if self.letter.is_some() {
            return &[Act::Print, Act::Back];
        }
        if self.ledger.is_some() {
            return &[Act::AdminAdd, Act::Letter, Act::Back];
        }
        if self.unit_projects.is_some() {
            return &[Act::Select, Act::Back];
        }
        match self.part {
            Part::Members => &[
                Act::AdminAdd,
                Act::Points,
                Act::Letter,
                Act::Filter,
                Act::Active,
                Act::NextField,
            ],
            Part::Activities => &[Act::Select, Act::AdminAdd, Act::NextField, Act::Help],
            Part::Teams => &[
                Act::Select,
                Act::AdminAdd,
                Act::Join,
                Act::NextField,
                Act::Help,
            ],
            Part::Wishes => &[Act::Claim, Act::Select, Act::NextField, Act::Help],
            Part::Claimed => &[
                Act::Deliver,
                Act::Thanks,
                Act::Withdraw,
                Act::Select,
                Act::NextField,
            ],
            Part::Units => &[
                Act::Claim,
                Act::Select,
                Act::AdminAdd,
                Act::NextField,
                Act::Help,
            ],
        }
    }

    fn prompt(&self, l: Lang, ask: PartyAsk, text: &str) -> Modal {
        let (zh, en) = match ask {
            PartyAsk::Name => ("新党员姓名", "new member's name"),
            PartyAsk::Community => ("报到社区", "community reported to"),
            PartyAsk::Phone => ("电话（可空）", "phone (may be empty)"),
            PartyAsk::Workplace => ("工作单位（可空）", "workplace (may be empty)"),
            PartyAsk::Filter => (
                "按社区或工作单位筛选（空=全部）",
                "filter by community or workplace (empty = all)",
            ),
            PartyAsk::Withdraw(_) => ("撤回认领的原因", "why the claim is withdrawn"),
            PartyAsk::Delivered(_) => ("送达了什么（办结结果）", "what was delivered (the result)"),
            PartyAsk::Thanks(_) => ("居民的感谢", "the resident's thanks"),
            PartyAsk::CorrectPoints(_) => {
                ("更正积分（如 +2 或 -3）", "points to add (e.g. +2 or -3)")
            }
            PartyAsk::CorrectReason(_, _) => ("更正积分的原因", "why the points are corrected"),
            PartyAsk::LetterFrom(_) => ("反馈函起始日期", "letter from (date)"),
            PartyAsk::LetterTo(_, _) => ("反馈函截止日期", "letter to (date)"),
            PartyAsk::Promised(_, _) => (
                "承诺办结日期（如 2026-12-31）",
                "promised done by (e.g. 2026-12-31)",
            ),
            PartyAsk::UnitName => ("单位名称", "unit's name"),
            PartyAsk::UnitOrg => (
                "单位党组织（可空）",
                "its party organisation (may be empty)",
            ),
            PartyAsk::Field(i) | PartyAsk::OptField(i) => self
                .rec
                .as_ref()
                .and_then(|(r, _)| r.fields().get(i))
                .map(|(zh, en, _)| (*zh, *en))
                .unwrap_or(("", "")),
        };
        Modal::Prompt {
            title: t(l, zh, en),
            field: TextField::with(text, 200),
            purpose: PromptFor::Party(ask),
        }
    }

    pub fn action(&mut self, cx: &mut Ctx, a: Act) -> Vec<Effect> {
        if self.attend.is_some() {
            return self.attend_action(cx, a);
        }
        if let Some((_, list, sel)) = self.families.as_mut() {
            match a {
                Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
                    *sel = move_sel(*sel, list.len(), a, 10);
                }
                Act::Select => {
                    if let Some((id, _, _)) = list.get(*sel) {
                        let id = *id;
                        self.families = None;
                        *cx.screen = Screen::Lookup;
                        return vec![Effect::LoadHouseholdFile(id)];
                    }
                }
                Act::Back => self.families = None,
                // A team with no family yet: its first help asks where.
                Act::RecordHelp if list.is_empty() => {
                    let team = self.families_team;
                    return self.record(cx, Recording::Help { team, household: 0 });
                }
                Act::RecordHelp | Act::Pair | Act::Visit => {
                    let team = self.families_team;
                    let Some(household) = list.get(*sel).map(|x| x.0) else {
                        cx.error(t(
                            cx.lang,
                            "这个服务队还没有帮扶家庭：先按帮扶键记第一次帮扶",
                            "this team has helped no family yet: record a first help",
                        ));
                        return Vec::new();
                    };
                    let r = match a {
                        Act::RecordHelp => Recording::Help { team, household },
                        Act::Pair => Recording::Pair { household },
                        _ => match self.data.pairs.iter().find(|p| p.household_id == household) {
                            Some(p) => Recording::Visit { pair: p.id },
                            None => {
                                cx.error(t(
                                    cx.lang,
                                    "这户还没有金拐杖结对（先按结对键）",
                                    "this household has no 金拐杖 pair yet (pair it first)",
                                ));
                                return Vec::new();
                            }
                        },
                    };
                    return self.record(cx, r);
                }
                _ => {}
            }
            return Vec::new();
        }
        // A letter opened from a ledger is in front of it.
        if self.letter.is_some() {
            return self.letter_action(cx, a);
        }
        if self.ledger.is_some() {
            return self.ledger_action(cx, a);
        }
        if self.unit_projects.is_some() {
            return self.unit_projects_action(cx, a);
        }
        let l = cx.lang;
        let i = self.selected();
        let n = Part::ALL.len();
        match a {
            Act::NextField | Act::PrevField => {
                let k = self.part.index();
                let next = if a == Act::NextField {
                    k + 1
                } else {
                    k + n - 1
                };
                self.part = Part::ALL[next % n];
            }
            Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
                let page = inner_rows(cx.body.1.saturating_sub(1)).max(1);
                self.sel[self.part.index()] = move_sel(i, self.len(self.part), a, page);
            }
            Act::Reload => return self.load(),
            Act::AdminAdd if self.part == Part::Activities => {
                return self.record(cx, Recording::Activity);
            }
            Act::AdminAdd if self.part == Part::Teams => return self.record(cx, Recording::Team),
            Act::AdminAdd if self.part == Part::Units => {
                self.unit_name.clear();
                *cx.modal = Some(self.prompt(l, PartyAsk::UnitName, ""));
            }
            Act::Claim if self.part == Part::Units => {
                self.from_detail = None;
                *cx.modal = Some(self.project_pick(l));
            }
            Act::Select if self.part == Part::Units => {
                if let Some(u) = self.data.unit_lines.get(i) {
                    self.unit_projects = Some((u.unit.id, 0));
                }
            }
            Act::Join if self.part == Part::Teams => {
                if let Some(x) = self.data.teams.get(i) {
                    let members: Vec<&crate::store::party::Member> = self
                        .data
                        .members
                        .iter()
                        .map(|m| &m.member)
                        .filter(|m| m.left_on.is_none())
                        .collect();
                    *cx.modal = Some(Modal::Filter {
                        title: format!("{} {}", x.name, t(l, "加入的党员", "- member joining")),
                        field: TextField::new(40),
                        items: members
                            .iter()
                            .map(|m| {
                                (
                                    format!(
                                        "{} {} {}",
                                        pad(&m.name, 10),
                                        pad(&m.community, 14),
                                        m.workplace.as_deref().unwrap_or("-")
                                    ),
                                    m.id,
                                )
                            })
                            .collect(),
                        sel: 0,
                        purpose: PickFor::Party(PartyPick::Join(x.id)),
                        keys: members.iter().map(|m| name_keys(&m.name)).collect(),
                    });
                }
            }
            // A member is registered from the other parts: the counter's
            // errand.
            Act::AdminAdd => {
                self.typed = NewMemberAsk::default();
                *cx.modal = Some(self.prompt(l, PartyAsk::Name, ""));
            }
            Act::Filter if self.part == Part::Members => {
                *cx.modal = Some(self.prompt(l, PartyAsk::Filter, &self.filter));
            }
            Act::Active if self.part == Part::Members => {
                self.active = self.active.next();
                self.sel[Part::Members.index()] = 0;
            }
            Act::Select if self.part == Part::Activities => {
                if let Some(x) = self.data.activities.get(i) {
                    self.attend = Some(Attendance {
                        activity: x.id,
                        title: format!("{} {}", x.day, x.title),
                        community_id: x.community_id,
                        field: TextField::new(40),
                        ticked: Vec::new(),
                        sel: 0,
                        on_list: false,
                        discard: false,
                    });
                }
            }
            Act::Select if self.part == Part::Teams => {
                if let Some(x) = self.data.teams.get(i) {
                    return vec![Effect::LoadFamilies {
                        team: x.id,
                        name: x.name.clone(),
                    }];
                }
            }
            Act::Select if self.part == Part::Wishes => {
                if let Some((r, _)) = self.data.wishes.get(i) {
                    *cx.screen = Screen::Requests;
                    return vec![Effect::LoadDetail(r.id)];
                }
            }
            Act::Select if self.part == Part::Claimed => {
                if let Some((r, _)) = self.data.claimed.get(i) {
                    *cx.screen = Screen::Requests;
                    return vec![Effect::LoadDetail(r.id)];
                }
            }
            Act::Claim | Act::Withdraw | Act::Deliver | Act::Thanks => {
                self.from_detail = None;
                self.wish_key(cx, a, i);
            }
            Act::Points | Act::Letter if self.part == Part::Members => {
                let Some(m) = self.members().get(i).map(|m| m.member.clone()) else {
                    return Vec::new();
                };
                if a == Act::Points {
                    return vec![Effect::LoadLedger {
                        member: m.id,
                        name: m.name,
                    }];
                }
                *cx.modal = Some(self.letter_from(l, m.id));
            }
            Act::Back => cx.goto = Some(Screen::Today),
            _ => {}
        }
        Vec::new()
    }

    /// The wish under the cursor of the wishes' parts, with its claim.
    fn wish_at(
        &self,
        i: usize,
    ) -> Option<(
        &crate::store::request::Request,
        Option<&crate::store::claim::Claim>,
    )> {
        match self.part {
            Part::Wishes => self.data.wishes.get(i).map(|(r, _)| (r, None)),
            Part::Claimed => self.data.claimed.get(i).map(|(r, c)| (r, Some(c))),
            _ => None,
        }
    }

    /// Claim, withdraw, delivered, thanks on a wish: refused before any
    /// typing when the wish has no claim (or already has one).
    fn wish_key(&mut self, cx: &mut Ctx, a: Act, i: usize) {
        let l = cx.lang;
        let Some((r, claim)) = self.wish_at(i) else {
            cx.error(t(
                l,
                "请在“待认领心愿”或“已认领心愿”中选一个心愿（Tab 切换）",
                "choose a wish under Unclaimed or Claimed wishes (Tab switches)",
            ));
            return;
        };
        let id = r.id;
        match (a, claim) {
            (Act::Claim, None) => *cx.modal = Some(claim_kind_pick(l, r)),
            (Act::Claim, Some(c)) => cx.error(match l {
                Lang::Zh => format!("{} 已由 {} 认领；先撤回认领", r.ticket, c.by),
                Lang::En => format!("{} is claimed by {}: withdraw that first", r.ticket, c.by),
            }),
            (_, None) => cx.error(match l {
                Lang::Zh => format!("{} 还没有人认领", r.ticket),
                Lang::En => format!("{} has no claim yet", r.ticket),
            }),
            (Act::Withdraw | Act::Deliver, Some(_)) if !r.status.is_open() => cx.error(match l {
                Lang::Zh => format!("{} 已送达办结，不能再撤回或送达", r.ticket),
                Lang::En => format!("{} is delivered already", r.ticket),
            }),
            (Act::Withdraw, Some(_)) => {
                *cx.modal = Some(self.prompt(l, PartyAsk::Withdraw(id), ""));
            }
            (Act::Deliver, Some(_)) => {
                *cx.modal = Some(self.prompt(l, PartyAsk::Delivered(id), ""));
            }
            (_, Some(_)) => *cx.modal = Some(self.prompt(l, PartyAsk::Thanks(id), "")),
        }
    }

    /// A pick answered: who claims, then which of them.
    pub fn picked(&mut self, cx: &mut Ctx, p: PartyPick, v: i64) -> Vec<Effect> {
        let l = cx.lang;
        match p {
            PartyPick::ClaimKind(request) => {
                // The wish's community: its household's, as listed.
                let home = self
                    .data
                    .wishes
                    .iter()
                    .map(|(r, _)| r)
                    .chain(self.data.claimed.iter().map(|(r, _)| r))
                    .find(|r| r.id == request)
                    .and_then(|r| r.household.as_deref())
                    .and_then(|h| h.split(' ').next())
                    .map(str::to_string);
                let (items, keys, title): (Vec<(String, i64)>, Vec<String>, String) = match v {
                    0 => (
                        self.data
                            .members
                            .iter()
                            .map(|m| &m.member)
                            .filter(|m| m.left_on.is_none())
                            .map(|m| {
                                (
                                    format!(
                                        "{} {} {}",
                                        pad(&m.name, 10),
                                        pad(&m.community, 14),
                                        m.workplace.as_deref().unwrap_or("-")
                                    ),
                                    m.id,
                                )
                            })
                            .collect(),
                        self.data
                            .members
                            .iter()
                            .filter(|m| m.member.left_on.is_none())
                            .map(|m| name_keys(&m.member.name))
                            .collect(),
                        t(
                            l,
                            "认领的党员（输入姓名、拼音或首字母）",
                            "member claiming (name, pinyin, initials)",
                        ),
                    ),
                    1 => (
                        self.data
                            .teams
                            .iter()
                            .map(|x| (format!("{} {}", pad(&x.name, 20), x.community), x.id))
                            .collect(),
                        self.data.teams.iter().map(|x| name_keys(&x.name)).collect(),
                        t(
                            l,
                            "认领的服务队（输入名称、拼音或首字母）",
                            "team claiming (name, pinyin, initials)",
                        ),
                    ),
                    _ => (
                        self.data
                            .units
                            .iter()
                            .map(|u| (format!("{} {}", pad(&u.name, 20), u.party_org), u.id))
                            .collect(),
                        self.data.units.iter().map(|u| name_keys(&u.name)).collect(),
                        t(
                            l,
                            "认领的单位（输入名称、拼音或首字母）",
                            "unit claiming (name, pinyin, initials)",
                        ),
                    ),
                };
                // The wish's own community first: its members and teams
                // are the likely claimants (by their community, not by
                // the row's text, which may be cut).
                let near: Vec<bool> = match v {
                    0 => self
                        .data
                        .members
                        .iter()
                        .filter(|m| m.member.left_on.is_none())
                        .map(|m| home.as_deref() == Some(m.member.community.as_str()))
                        .collect(),
                    1 => self
                        .data
                        .teams
                        .iter()
                        .map(|x| home.as_deref() == Some(x.community.as_str()))
                        .collect(),
                    _ => Vec::new(),
                };
                let (items, keys) = if near.iter().any(|n| *n) {
                    let (mut first, rest): (Vec<_>, Vec<_>) =
                        items.into_iter().zip(keys).zip(near).partition(|(_, n)| *n);
                    first.extend(rest);
                    first.into_iter().map(|(x, _)| x).unzip()
                } else {
                    (items, keys)
                };
                *cx.modal = Some(Modal::Filter {
                    title,
                    field: TextField::new(40),
                    items,
                    sel: 0,
                    purpose: PickFor::Party(PartyPick::Claimant { request, kind: v }),
                    keys,
                });
                Vec::new()
            }
            PartyPick::Join(team) => {
                self.retry = None;
                vec![Effect::Party(PartyOp::Join { team, member: v })]
            }
            PartyPick::Project => {
                let ticket = self
                    .data
                    .open_projects
                    .iter()
                    .find(|r| r.id == v)
                    .map(|r| r.ticket.clone())
                    .unwrap_or_default();
                *cx.modal = Some(self.unit_pick(l, v, &ticket));
                Vec::new()
            }
            PartyPick::ProjectUnit(request) => {
                *cx.modal = Some(self.prompt(l, PartyAsk::Promised(request, v), ""));
                Vec::new()
            }
            PartyPick::Claimant { request, kind } => {
                let who = match kind {
                    0 => Claimant::Member(v),
                    1 => Claimant::Team(v),
                    _ => Claimant::Unit(v),
                };
                self.retry = None;
                vec![Effect::Party(PartyOp::Claim { request, who })]
            }
        }
    }

    /// A change made: say what and by whom, read the lists again (a claimed
    /// wish leaves the unclaimed list; a ledger shown is read again).
    pub fn done(&mut self, cx: &mut Ctx, said: String) -> Vec<Effect> {
        self.retry = None;
        self.rec = None;
        cx.info(said);
        let mut out = self.load();
        // Claimed from a request's detail: the detail read again.
        if let Some(id) = self.from_detail.take()
            && *cx.screen == Screen::Requests
        {
            out.push(Effect::LoadDetail(id));
        }
        if let Some(lg) = &self.ledger {
            out.push(Effect::LoadLedger {
                member: lg.member,
                name: lg.name.clone(),
            });
        }
        // A team's families open: read again (a first help adds one).
        if let Some((name, _, _)) = &self.families {
            out.push(Effect::LoadFamilies {
                team: self.families_team,
                name: name.clone(),
            });
        }
        out
    }

    pub fn ledger_loaded(
        &mut self,
        member: i64,
        name: String,
        entries: Vec<crate::store::party::PointsEntry>,
        total: i64,
    ) {
        // The newest entries in view first.
        let top = entries.len().saturating_sub(10);
        self.ledger = Some(Ledger {
            member,
            name,
            entries,
            total,
            top,
        });
    }

    pub fn letter_loaded(&mut self, name: String, text: String) {
        self.letter = Some((name, text, 0));
    }

    /// The open repair matters no unit has claimed, narrowed by typing the
    /// ticket, the address or words of the matter.
    fn project_pick(&self, l: Lang) -> Modal {
        let list = &self.data.open_projects;
        Modal::Filter {
            title: t(
                l,
                "单位认领的报修（输入编号、地址或内容）",
                "repair taken on (ticket, address or words)",
            ),
            field: TextField::new(40),
            items: list
                .iter()
                .map(|r| {
                    (
                        format!(
                            "{} {} {}",
                            r.ticket,
                            pad(r.household.as_deref().unwrap_or("-"), 20),
                            r.description
                        ),
                        r.id,
                    )
                })
                .collect(),
            sel: 0,
            purpose: PickFor::Party(PartyPick::Project),
            keys: list
                .iter()
                .map(|r| {
                    format!(
                        "{} {} {}",
                        r.ticket,
                        r.household.as_deref().unwrap_or(""),
                        r.description
                    )
                    .to_lowercase()
                })
                .collect(),
        }
    }

    /// The unit taking on a repair as its project, narrowed by typing its
    /// name, pinyin or initials.
    fn unit_pick(&self, l: Lang, request: i64, ticket: &str) -> Modal {
        Modal::Filter {
            title: format!(
                "{ticket} {}",
                t(
                    l,
                    "认领的单位（输入名称、拼音或首字母）",
                    "unit taking it on (name, pinyin, initials)",
                )
            ),
            field: TextField::new(40),
            items: self
                .data
                .units
                .iter()
                .map(|u| (format!("{} {}", pad(&u.name, 20), u.party_org), u.id))
                .collect(),
            sel: 0,
            purpose: PickFor::Party(PartyPick::ProjectUnit(request)),
            keys: self.data.units.iter().map(|u| name_keys(&u.name)).collect(),
        }
    }

    /// A request claimed from its detail, the party lists just read: a
    /// micro-wish opens the party screen's choice of claimant, a repair its
    /// choice of unit and promised date; anything else, or a request
    /// already claimed or no longer open, is refused before any typing.
    pub fn claim_request(
        &mut self,
        cx: &mut Ctx,
        r: &crate::store::request::Request,
    ) -> Vec<Effect> {
        let l = cx.lang;
        let claimed = self.data.claimed.iter().find(|(q, _)| q.id == r.id);
        let wish = r.category == crate::store::claim::WISH;
        let project = r.category == crate::store::claim::PROJECT;
        if !wish && !project {
            cx.error(match l {
                Lang::Zh => format!("{} 不是微心愿或报修，不能认领", r.ticket),
                Lang::En => format!(
                    "{} is neither a micro-wish nor a repair: it cannot be claimed",
                    r.ticket
                ),
            });
        } else if let Some((_, c)) = claimed {
            cx.error(match l {
                Lang::Zh => format!("{} 已由 {} 认领；先撤回认领", r.ticket, c.by),
                Lang::En => format!("{} is claimed by {}: withdraw that first", r.ticket, c.by),
            });
        } else if let Some((_, _, c)) = self.data.projects.iter().find(|p| p.1.id == r.id) {
            cx.error(match l {
                Lang::Zh => format!("{} 已由单位 {} 认领为民生实事", r.ticket, c.by),
                Lang::En => format!("{} is taken on by unit {} already", r.ticket, c.by),
            });
        } else if !r.status.is_open() {
            cx.error(match l {
                Lang::Zh => format!("{} 已办结，不能再认领", r.ticket),
                Lang::En => format!("{} is done already: it cannot be claimed", r.ticket),
            });
        } else {
            self.from_detail = Some(r.id);
            *cx.modal = Some(if wish {
                claim_kind_pick(l, r)
            } else {
                self.unit_pick(l, r.id, &r.ticket)
            });
        }
        Vec::new()
    }

    /// A change typed for a claim from a request's detail was sent: a
    /// refusal offers the prompt back with the typing.
    pub fn claiming(&self) -> bool {
        self.from_detail.is_some() && self.retry.is_some()
    }

    /// The projects of the unit shown: the request and its claim.
    pub fn shown_projects(
        &self,
    ) -> Vec<&(
        i64,
        crate::store::request::Request,
        crate::store::claim::Claim,
    )> {
        let Some((unit, _)) = self.unit_projects else {
            return Vec::new();
        };
        self.data.projects.iter().filter(|p| p.0 == unit).collect()
    }

    fn unit_projects_action(&mut self, cx: &mut Ctx, a: Act) -> Vec<Effect> {
        let n = self.shown_projects().len();
        let chosen = self
            .unit_projects
            .and_then(|(_, sel)| self.shown_projects().get(sel).map(|p| p.1.id));
        let Some((_, sel)) = self.unit_projects.as_mut() else {
            return Vec::new();
        };
        match a {
            Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
                *sel = move_sel(*sel, n, a, 10);
            }
            Act::Select => {
                if let Some(id) = chosen {
                    self.unit_projects = None;
                    *cx.screen = Screen::Requests;
                    return vec![Effect::LoadDetail(id)];
                }
            }
            Act::Back => self.unit_projects = None,
            _ => {}
        }
        Vec::new()
    }

    /// The letter's first prompt: from the first of this year.
    fn letter_from(&self, l: Lang, member: i64) -> Modal {
        use chrono::Datelike;
        let from = chrono::NaiveDate::from_ymd_opt(self.data.today.year(), 1, 1)
            .unwrap_or(self.data.today);
        self.prompt(l, PartyAsk::LetterFrom(member), &from.to_string())
    }

    fn ledger_action(&mut self, cx: &mut Ctx, a: Act) -> Vec<Effect> {
        let l = cx.lang;
        let page = inner_rows(cx.body.1.saturating_sub(3))
            .saturating_sub(1)
            .max(1);
        let Some(lg) = self.ledger.as_mut() else {
            return Vec::new();
        };
        let n = lg.entries.len();
        match a {
            Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
                lg.top = move_sel(lg.top, n, a, page);
            }
            Act::AdminAdd => {
                let m = lg.member;
                *cx.modal = Some(self.prompt(l, PartyAsk::CorrectPoints(m), ""));
            }
            Act::Letter => {
                let m = lg.member;
                *cx.modal = Some(self.letter_from(l, m));
            }
            Act::Back => self.ledger = None,
            _ => {}
        }
        Vec::new()
    }

    fn letter_action(&mut self, cx: &mut Ctx, a: Act) -> Vec<Effect> {
        let page = inner_rows(cx.body.1.saturating_sub(3)).max(1);
        let Some((name, text, top)) = self.letter.as_mut() else {
            return Vec::new();
        };
        let n = text.lines().count();
        match a {
            Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
                *top = move_sel(*top, n, a, page);
            }
            Act::Print => {
                return vec![Effect::Print {
                    name: name.clone(),
                    text: text.clone(),
                }];
            }
            Act::Back => self.letter = None,
            _ => {}
        }
        Vec::new()
    }

    /// A prompt answered: the next one, or the registration sent.
    pub fn answered(&mut self, cx: &mut Ctx, ask: PartyAsk, text: String) -> Vec<Effect> {
        let l = cx.lang;
        match ask {
            PartyAsk::Name => {
                self.typed.name = text;
                let c = if self.typed.community.is_empty() {
                    self.data.community.clone().unwrap_or_default()
                } else {
                    self.typed.community.clone()
                };
                *cx.modal = Some(self.prompt(l, PartyAsk::Community, &c));
            }
            PartyAsk::Community => {
                self.typed.community = text;
                *cx.modal = Some(self.prompt(l, PartyAsk::Phone, &self.typed.phone));
            }
            PartyAsk::Phone => {
                self.typed.phone = text;
                *cx.modal = Some(self.prompt(l, PartyAsk::Workplace, &self.typed.workplace));
            }
            PartyAsk::Workplace => {
                self.typed.workplace = text;
                self.pending = true;
                return vec![Effect::AddMember(self.typed.clone())];
            }
            PartyAsk::Filter => {
                self.filter = text.trim().to_string();
                self.sel[Part::Members.index()] = 0;
            }
            PartyAsk::Withdraw(request) => {
                return self.send(
                    l,
                    ask,
                    &text,
                    PartyOp::Withdraw {
                        request,
                        reason: text.clone(),
                    },
                );
            }
            PartyAsk::Delivered(request) => {
                return self.send(
                    l,
                    ask,
                    &text,
                    PartyOp::Deliver {
                        request,
                        result: text.clone(),
                    },
                );
            }
            PartyAsk::Thanks(request) => {
                return self.send(
                    l,
                    ask,
                    &text,
                    PartyOp::Thanks {
                        request,
                        text: text.clone(),
                    },
                );
            }
            PartyAsk::CorrectPoints(member) => {
                let n = crate::domain::text::normalize(&text);
                match n.trim().trim_start_matches('+').parse::<i64>() {
                    Ok(p) if p != 0 && p.abs() <= 1000 => {
                        *cx.modal = Some(self.prompt(l, PartyAsk::CorrectReason(member, p), ""));
                    }
                    _ => {
                        cx.error(match l {
                            Lang::Zh => format!(
                                "更正积分：“{text}”不是 -1000 到 1000 之间的非零整数，如 +2 或 -3"
                            ),
                            Lang::En => format!(
                                "points: \"{text}\" is not a whole number from -1000 to 1000 other than 0, e.g. +2 or -3"
                            ),
                        });
                        *cx.modal = Some(self.prompt(l, ask, &text));
                    }
                }
            }
            PartyAsk::CorrectReason(member, points) => {
                return self.send(
                    l,
                    ask,
                    &text,
                    PartyOp::CorrectPoints {
                        member,
                        points,
                        reason: text.clone(),
                    },
                );
            }
            PartyAsk::Field(i) | PartyAsk::OptField(i) => {
                return self.field_answered(cx, i, text);
            }
            PartyAsk::Promised(request, unit) => {
                let Some(promised) = crate::domain::calendar::parse_date(&text) else {
                    cx.error(match l {
                        Lang::Zh => format!("承诺办结日期“{text}”应为 YYYY-MM-DD，如 2026-12-31"),
                        Lang::En => format!(
                            "promised date \"{text}\": a date is YYYY-MM-DD, e.g. 2026-12-31"
                        ),
                    });
                    *cx.modal = Some(self.prompt(l, ask, &text));
                    return Vec::new();
                };
                return self.send(
                    l,
                    ask,
                    &text,
                    PartyOp::ClaimProject {
                        request,
                        unit,
                        promised,
                    },
                );
            }
            PartyAsk::UnitName => {
                self.unit_name = text;
                *cx.modal = Some(self.prompt(l, PartyAsk::UnitOrg, ""));
            }
            PartyAsk::UnitOrg => {
                // Refused: the name is asked again as typed.
                self.retry = Some(self.prompt(l, PartyAsk::UnitName, &self.unit_name));
                return vec![Effect::Party(PartyOp::AddUnit {
                    name: self.unit_name.clone(),
                    party_org: text,
                })];
            }
            PartyAsk::LetterFrom(member) | PartyAsk::LetterTo(member, _) => {
                let Some(day) = crate::domain::calendar::parse_date(&text) else {
                    cx.error(match l {
                        Lang::Zh => format!("反馈函日期“{text}”应为 YYYY-MM-DD，如 2026-11-27"),
                        Lang::En => {
                            format!("letter date \"{text}\": a date is YYYY-MM-DD, e.g. 2026-11-27")
                        }
                    });
                    *cx.modal = Some(self.prompt(l, ask, &text));
                    return Vec::new();
                };
                if let PartyAsk::LetterTo(_, from) = ask {
                    return vec![Effect::LoadLetter {
                        member,
                        from,
                        to: day,
                    }];
                }
                let to = self.data.today.to_string();
                *cx.modal = Some(self.prompt(l, PartyAsk::LetterTo(member, day), &to));
            }
        }
        Vec::new()
    }

    /// A run of prompts begins, each offered with its usual answer (today,
    /// the operator's community, the commonest kind).
    fn record(&mut self, cx: &mut Ctx, r: Recording) -> Vec<Effect> {
        let l = cx.lang;
        let today = self.data.today.to_string();
        let community = self.data.community.clone().unwrap_or_default();
        let answers: Vec<String> = match r {
            Recording::Activity => vec![
                today,
                community,
                t(l, "志愿服务", "volunteer"),
                String::new(),
                String::new(),
            ],
            Recording::Team => vec![String::new(), community, String::new()],
            Recording::Help { .. } => vec![
                today,
                t(l, "生活帮扶", "living"),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ],
            Recording::Pair { .. } => vec![String::new(), today],
            Recording::Visit { .. } => vec![today, String::new()],
        };
        self.rec = Some((r, answers));
        *cx.modal = Some(self.field_prompt(l, 0));
        Vec::new()
    }

    /// The prompt of the n-th field being recorded, with its answer so far.
    fn field_prompt(&self, l: Lang, i: usize) -> Modal {
        let Some((r, answers)) = &self.rec else {
            return self.prompt(l, PartyAsk::Field(i), "");
        };
        let opt = r.fields().get(i).is_some_and(|f| f.2);
        let ask = if opt {
            PartyAsk::OptField(i)
        } else {
            PartyAsk::Field(i)
        };
        self.prompt(l, ask, answers.get(i).map(String::as_str).unwrap_or(""))
    }

    /// A field answered: checked when the screen can (dates, hours, the
    /// kind of help), then the next field, or the whole sent to the store.
    fn field_answered(&mut self, cx: &mut Ctx, i: usize, text: String) -> Vec<Effect> {
        let l = cx.lang;
        let Some((r, answers)) = self.rec.as_mut() else {
            return Vec::new();
        };
        let r = *r;
        if answers.len() <= i {
            answers.resize(i + 1, String::new());
        }
        answers[i] = text.clone();
        let (zh, en, _) = r.fields()[i];
        let is_date = matches!(
            (r, i),
            (Recording::Activity, 0)
                | (Recording::Help { .. }, 0)
                | (Recording::Pair { .. }, 1)
                | (Recording::Visit { .. }, 0)
        );
        let is_hours = matches!(
            (r, i),
            (Recording::Activity, 4) | (Recording::Help { .. }, 2)
        );
        let bad = if is_date && crate::domain::calendar::parse_date(&text).is_none() {
            Some(match l {
                Lang::Zh => format!("{zh}“{text}”应为 YYYY-MM-DD，如 2026-11-27"),
                Lang::En => format!("{en} \"{text}\": a date is YYYY-MM-DD, e.g. 2026-11-27"),
            })
        } else if is_hours && hours(&text).is_none() {
            Some(match l {
                Lang::Zh => format!("{zh}“{text}”应为 0 到 24 之间的小时数，如 2 或 1.5"),
                Lang::En => {
                    format!("{en} \"{text}\": hours are a number from 0 to 24, e.g. 2 or 1.5")
                }
            })
        } else if matches!((r, i), (Recording::Help { .. }, 1))
            && crate::store::team::HelpKind::parse(&text).is_none()
        {
            Some(match l {
                Lang::Zh => {
                    format!("帮扶类别“{text}”：应为 生活帮扶、就业帮扶、助老、助学 或 医疗")
                }
                Lang::En => format!(
                    "kind of help \"{text}\": one of living, employment, elderly, study, medical"
                ),
            })
        } else {
            None
        };
        if let Some(msg) = bad {
            cx.error(msg);
            *cx.modal = Some(self.field_prompt(l, i));
            return Vec::new();
        }
        let mut next = i + 1;
        // The job found is asked for employment help only.
        if let Recording::Help { .. } = r
            && next == 4
            && crate::store::team::HelpKind::parse(&answers[1])
                != Some(crate::store::team::HelpKind::Employment)
        {
            answers[4].clear();
            next = 5;
        }
        if next < r.fields().len() {
            *cx.modal = Some(self.field_prompt(l, next));
            return Vec::new();
        }
        let a = answers.clone();
        let day = |k: usize| crate::domain::calendar::parse_date(&a[k]).unwrap_or(self.data.today);
        let op = match r {
            Recording::Activity => PartyOp::AddActivity {
                day: day(0),
                community: a[1].clone(),
                kind: a[2].clone(),
                title: a[3].clone(),
                hours: hours(&a[4]).unwrap_or(0.0),
            },
            Recording::Team => PartyOp::AddTeam {
                name: a[0].clone(),
                community: a[1].clone(),
                leader: a[2].clone(),
            },
            Recording::Help { team, household } => PartyOp::Help {
                team,
                household,
                address: a.get(5).cloned().unwrap_or_default(),
                day: day(0),
                kind: crate::store::team::HelpKind::parse(&a[1])
                    .unwrap_or(crate::store::team::HelpKind::Living),
                hours: hours(&a[2]).unwrap_or(0.0),
                note: a[3].clone(),
                job: Some(a[4].clone()).filter(|j| !j.trim().is_empty()),
            },
            Recording::Pair { household } => PartyOp::Pair {
                household,
                helper: a[0].clone(),
                since: day(1),
            },
            Recording::Visit { pair } => PartyOp::Visit {
                pair,
                day: day(0),
                note: a[1].clone(),
            },
        };
        // Refused: the prompts start again with what was typed.
        self.retry = Some(self.field_prompt(l, 0));
        vec![Effect::Party(op)]
    }

    /// A change typed in a prompt, to the store; the prompt is kept to be
    /// offered back with the typing if the store refuses.
    fn send(&mut self, l: Lang, ask: PartyAsk, text: &str, op: PartyOp) -> Vec<Effect> {
        self.retry = Some(self.prompt(l, ask, text));
        vec![Effect::Party(op)]
    }

    /// The member was registered: say so and read the lists again.
    pub fn added(&mut self, cx: &mut Ctx, name: String) -> Vec<Effect> {
        self.pending = false;
        self.typed = NewMemberAsk::default();
        cx.info(format!(
            "{} {name}",
            t(cx.lang, "已登记党员", "Member registered:")
        ));
        self.load()
    }

    /// The store refused the registration (its message is on the status
    /// line): the prompts start again with what was typed.
    pub fn refused(&mut self, cx: &mut Ctx) {
        if let Some(m) = self.retry.take() {
            *cx.modal = Some(m);
            return;
        }
        if std::mem::take(&mut self.pending) {
            *cx.modal = Some(self.prompt(cx.lang, PartyAsk::Name, &self.typed.name));
        }
    }

    fn lines(&self, l: Lang, w: usize) -> (String, Vec<String>) {
        let d = &self.data;
        match self.part {
            Part::Members => (
                t(
                    l,
                    "姓名       社区           工作单位         电话         活动",
                    "name       community      workplace        phone        acts",
                ),
                self.members()
                    .into_iter()
                    .map(|m| {
                        let left = if m.member.left_on.is_some() {
                            l.pick(" 已离开", " left")
                        } else {
                            ""
                        };
                        let text = format!(
                            "{} {} {} {} {}{left}",
                            pad(&m.member.name, 10),
                            pad(&m.member.community, 14),
                            pad(m.member.workplace.as_deref().unwrap_or("-"), 16),
                            pad(&m.member.masked_phone(), 12),
                            m.activities,
                        );
                        fit(&text, w)
                    })
                    .collect(),
            ),
            Part::Activities => {
                // Columns as wide as what they hold; the title takes what
                // the others leave.
                let kw = widest(d.activities.iter().map(|a| kind_label(&a.kind, l)), 4, 12);
                let cw = widest(d.activities.iter().map(|a| a.community.clone()), 4, 14);
                let tw = w.saturating_sub(10 + 1 + cw + 1 + kw + 1 + 1 + 5 + 1 + 4);
                (
                    format!(
                        "{} {} {} {} {} {}",
                        pad(l.pick("日期", "date"), 10),
                        pad(l.pick("社区", "community"), cw),
                        pad(l.pick("类别", "kind"), kw),
                        pad(l.pick("内容", "title"), tw),
                        pad(l.pick("时长", "hours"), 5),
                        l.pick("参加", "came"),
                    ),
                    d.activities
                        .iter()
                        .map(|a| {
                            let text = format!(
                                "{} {} {} {} {} {}",
                                a.day,
                                pad(&a.community, cw),
                                pad(&kind_label(&a.kind, l), kw),
                                pad(&a.title, tw),
                                pad(&format!("{:.1}", a.hours), 5),
                                a.attended
                            );
                            fit(&text, w)
                        })
                        .collect(),
                )
            }
            Part::Teams => {
                let nw = widest(d.teams.iter().map(|x| x.name.clone()), 4, 30);
                let cw = widest(d.teams.iter().map(|x| x.community.clone()), 4, 14);
                let lw = widest(d.teams.iter().map(|x| x.leader.clone()), 4, 10);
                (
                    format!(
                        "{} {} {} {} {}",
                        pad(l.pick("服务队", "team"), nw),
                        pad(l.pick("社区", "community"), cw),
                        pad(l.pick("队长", "leader"), lw),
                        pad(l.pick("队员", "crew"), 4),
                        l.pick("帮扶户", "families"),
                    ),
                    d.teams
                        .iter()
                        .map(|x| {
                            let text = format!(
                                "{} {} {} {} {}",
                                pad(&x.name, nw),
                                pad(&x.community, cw),
                                pad(&x.leader, lw),
                                pad(&x.members.to_string(), 4),
                                x.families
                            );
                            fit(&text, w)
                        })
                        .collect(),
                )
            }
            Part::Wishes => (
                t(
                    l,
                    "   受理编号      登记日期   户                   心愿",
                    "   ticket        registered household            wish",
                ),
                d.wishes
                    .iter()
                    .map(|(r, warn)| {
                        let mark = if warn.is_red() {
                            "!!"
                        } else if warn.is_yellow() {
                            "! "
                        } else {
                            "  "
                        };
                        let text = format!(
                            "{mark} {} {} {} {}",
                            r.ticket,
                            r.registered_at.date_naive(),
                            pad(r.household.as_deref().unwrap_or("-"), 20),
                            r.description
                        );
                        fit(&text, w)
                    })
                    .collect(),
            ),
            Part::Claimed => (
                t(
                    l,
                    "受理编号      状态       认领者               心愿",
                    "ticket        status     claimed by           wish",
                ),
                d.claimed
                    .iter()
                    .map(|(r, c)| {
                        let text = format!(
                            "{} {} {} {}",
                            r.ticket,
                            pad(crate::i18n::status(r.status, l), 10),
                            pad(&c.by, 20),
                            r.description
                        );
                        fit(&text, w)
                    })
                    .collect(),
            ),
            Part::Units => (
                format!(
                    "{} {} {} {} {}",
                    pad(l.pick("单位", "unit"), 20),
                    pad(l.pick("党组织", "party organisation"), 20),
                    pad(l.pick("认领", "claimed"), 7),
                    pad(l.pick("办结", "done"), 5),
                    l.pick("逾期", "overdue"),
                ),
                d.unit_lines
                    .iter()
                    .map(|u| {
                        let late = if u.overdue > 0 {
                            format!("{} {}", u.overdue, l.pick("逾期", "overdue"))
                        } else {
                            "0".to_string()
                        };
                        let text = format!(
                            "{} {} {} {} {late}",
                            pad(&u.unit.name, 20),
                            pad(&u.unit.party_org, 20),
                            pad(&u.claimed.to_string(), 7),
                            pad(&u.done.to_string(), 5),
                        );
                        fit(&text, w)
                    })
                    .collect(),
            ),
        }
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, lk: &Look) -> Option<(u16, u16)> {
        self.draw_lists(f, area, lk);
        if self.ledger.is_some() || self.letter.is_some() {
            self.draw_ledger_or_letter(f, area, lk);
            return None;
        }
        if self.unit_projects.is_some() {
            self.draw_unit_projects(f, area, lk);
            return None;
        }
        if let Some((name, list, sel)) = &self.families {
            let l = lk.lang;
            let th = &lk.th;
            let pop = Rect {
                x: area.x + 4,
                y: area.y + 2,
                width: area.width.saturating_sub(8),
                height: area.height.saturating_sub(3),
            };
            popup(f, pop);
            let w = pop.width.saturating_sub(2) as usize;
            let mut lines = Vec::new();
            if list.is_empty() {
                lines.push(Line::from(t(l, "  （无）", "  (none)")));
            }
            for i in window(*sel, list.len(), inner_rows(pop.height)) {
                let (_, address, tags) = &list[i];
                lines.push(row(
                    fit(&format!("{address}  {tags}"), w),
                    i == *sel,
                    th,
                    w,
                    Style::new(),
                ));
            }
            let title = format!("{name} {}", t(l, "帮扶的家庭", "- families helped"));
            f.render_widget(
                Paragraph::new(lines).block(th.block(fit(&title, w), true)),
                pop,
            );
        }
        self.attend.as_ref()?;
        self.draw_attendance(f, area, lk)
    }

    /// A unit's projects over the lists: ticket, promised date, status, the
    /// matter; one past its promised date and still open is red and says so.
    fn draw_unit_projects(&self, f: &mut Frame, area: Rect, lk: &Look) {
        let l = lk.lang;
        let th = &lk.th;
        let Some((unit, sel)) = self.unit_projects else {
            return;
        };
        let pop = Rect {
            x: area.x + 2,
            y: area.y + 2,
            width: area.width.saturating_sub(4),
            height: area.height.saturating_sub(3),
        };
        popup(f, pop);
        let w = pop.width.saturating_sub(2) as usize;
        let list = self.shown_projects();
        let head = format!(
            "  {} {} {} {}",
            pad(l.pick("受理编号", "ticket"), 13),
            pad(l.pick("承诺日期", "promised"), 10),
            pad(l.pick("状态", "status"), 10),
            l.pick("报修", "matter"),
        );
        let mut lines = vec![Line::styled(fit(&head, w), th.title())];
        if list.is_empty() {
            lines.push(Line::from(t(l, "  （无）", "  (none)")));
        }
        let today = self.data.today;
        for i in window(sel, list.len(), inner_rows(pop.height).saturating_sub(1)) {
            let (_, r, c) = list[i];
            let late = crate::store::claim::overdue(r, c, today);
            let mark = if late {
                l.pick("逾期 ", "OVERDUE ")
            } else {
                ""
            };
            let text = format!(
                "{} {} {} {mark}{}",
                r.ticket,
                pad(
                    &c.promised_date
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "-".to_string()),
                    10
                ),
                pad(crate::i18n::status(r.status, l), 10),
                r.description
            );
            let style = if late { th.red() } else { Style::new() };
            lines.push(row(fit(&text, w), i == sel, th, w, style));
        }
        let name = self
            .data
            .unit_lines
            .iter()
            .find(|u| u.unit.id == unit)
            .map(|u| u.unit.name.clone())
            .unwrap_or_default();
        let title = format!("{name} {}", t(l, "的民生实事", "- projects"));
        f.render_widget(
            Paragraph::new(lines).block(th.block(fit(&title, w), true)),
            pop,
        );
    }

    /// The attendance popup over the lists: the filter, then the members
    /// with `[x]` for those ticked.
    fn draw_attendance(&self, f: &mut Frame, area: Rect, lk: &Look) -> Option<(u16, u16)> {
        let at = self.attend.as_ref()?;
        let l = lk.lang;
        let th = &lk.th;
        let pop = Rect {
            x: area.x + 4,
            y: area.y + 2,
            width: area.width.saturating_sub(8),
            height: area.height.saturating_sub(3),
        };
        popup(f, pop);
        let w = pop.width.saturating_sub(2) as usize;
        let title = match l {
            Lang::Zh => format!("参加活动：{}（已勾选 {}）", at.title, at.ticked.len()),
            Lang::En => format!("Attendance: {} ({} ticked)", at.title, at.ticked.len()),
        };
        let field_area = Rect { height: 3, ..pop };
        let cursor = input(f, th, field_area, &fit(&title, w), &at.field, !at.on_list);
        let list = Rect {
            y: pop.y + 3,
            height: pop.height.saturating_sub(3),
            ..pop
        };
        let people = self.attendees();
        let h = inner_rows(list.height);
        let sel = at.sel.min(people.len().saturating_sub(1));
        let mut lines = Vec::new();
        if people.is_empty() {
            lines.push(Line::from(t(l, "  （无）", "  (none)")));
        }
        for i in window(sel, people.len(), h) {
            let m = people[i];
            let mark = if at.ticked.contains(&m.id) {
                "[x]"
            } else {
                "[ ]"
            };
            let text = format!(
                "{mark} {} {}",
                pad(&m.name, 10),
                m.workplace.as_deref().unwrap_or("-")
            );
            lines.push(row(
                fit(&text, w),
                at.on_list && i == sel,
                th,
                w,
                Style::new(),
            ));
        }
        f.render_widget(
            Paragraph::new(lines).block(th.block(
                t(l, "Tab 到名单，空格勾选", "Tab to the list, Space ticks"),
                at.on_list,
            )),
            list,
        );
        cursor
    }

    /// A member's ledger (entries, reasons, the total) or letter over the
    /// lists, scrolled by the cursor keys.
    fn draw_ledger_or_letter(&self, f: &mut Frame, area: Rect, lk: &Look) {
        let l = lk.lang;
        let th = &lk.th;
        // Over the list, below the tabs: the letter's 80 columns need
        // the whole width.
        let pop = Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(1),
            ..area
        };
        popup(f, pop);
        let w = pop.width.saturating_sub(2) as usize;
        let h = inner_rows(pop.height);
        let (title, lines): (String, Vec<Line>) = if let Some((_, text, top)) = &self.letter {
            let lines = text
                .lines()
                .skip(*top)
                .take(h)
                .map(|x| Line::from(fit(x, w)))
                .collect();
            (t(l, "双向反馈函", "Feedback letter"), lines)
        } else if let Some(lg) = &self.ledger {
            let mut lines = vec![Line::styled(
                fit(
                    &t(
                        l,
                        "编号   日期        积分  原因",
                        "no.    day         pts   reason",
                    ),
                    w,
                ),
                th.title(),
            )];
            if lg.entries.is_empty() {
                lines.push(Line::from(t(l, "  （无）", "  (none)")));
            }
            let top = lg.top.min(lg.entries.len().saturating_sub(1));
            for e in lg.entries.iter().skip(top).take(h.saturating_sub(1)) {
                let of = e
                    .correction_of
                    .map(|c| format!(" (-> {c})"))
                    .unwrap_or_default();
                let text = format!(
                    "{} {}  {}  {}{of}",
                    pad(&e.id.to_string(), 6),
                    e.day,
                    pad(&format!("{:+}", e.points), 4),
                    e.what()
                );
                lines.push(Line::from(fit(&text, w)));
            }
            let title = match l {
                Lang::Zh => format!(
                    "{} 的积分（合计 {}，共 {} 条）",
                    lg.name,
                    lg.total,
                    lg.entries.len()
                ),
                Lang::En => format!(
                    "{}'s points (total {}, {} entries)",
                    lg.name,
                    lg.total,
                    lg.entries.len()
                ),
            };
            (title, lines)
        } else {
            return;
        };
        f.render_widget(
            Paragraph::new(lines).block(th.block(fit(&title, w), true)),
            pop,
        );
    }

    fn draw_lists(&self, f: &mut Frame, area: Rect, lk: &Look) {
        let l = lk.lang;
        let th = &lk.th;
        let list = part_tabs(
            f,
            area,
            lk,
            Part::ALL.map(|p| (p.label(l).to_string(), p == self.part)),
        );
        let w = list.width.saturating_sub(2) as usize;
        let (head, rows) = self.lines(l, w.saturating_sub(2));
        let h = inner_rows(list.height).saturating_sub(1);
        let sel = self.selected();
        let mut lines = vec![Line::styled(fit(&format!("  {head}"), w), th.title())];
        if rows.is_empty() {
            lines.push(Line::from(t(l, "  （无）", "  (none)")));
        }
        for i in window(sel, rows.len(), h) {
            let style = match (self.part, self.data.wishes.get(i)) {
                (Part::Wishes, Some((_, warn))) => th.warn(*warn),
                (Part::Units, _) if self.data.unit_lines.get(i).is_some_and(|u| u.overdue > 0) => {
                    th.red()
                }
                _ => Style::new(),
            };
            lines.push(row(rows[i].clone(), i == sel, th, w, style));
        }
        let mut title = format!(
            "{} - {}",
            t(l, "党员志愿", "Party & volunteers"),
            self.part.label(l)
        );
        if self.part == Part::Members {
            title.push_str(l.pick("（", " ("));
            title.push_str(&self.active.label(l));
            if !self.filter.is_empty() {
                title.push_str(l.pick("，筛选：", ", filter: "));
                title.push_str(&self.filter);
            }
            title.push_str(l.pick("）", ")"));
        }
        f.render_widget(
            Paragraph::new(lines).block(th.block(fit(&title, w), true)),
            list,
        );
    }
}

/// Who claims a wish: a member, a team or a unit; the party screen's
/// claim key and the request detail's open the same choice.
fn claim_kind_pick(l: Lang, r: &crate::store::request::Request) -> Modal {
    Modal::Pick {
        title: format!("{} {}", r.ticket, t(l, "由谁认领？", "claimed by?")),
        items: vec![
            (t(l, "党员", "a party member"), 0),
            (t(l, "志愿服务队", "a volunteer team"), 1),
            (t(l, "单位", "a unit"), 2),
        ],
        sel: 0,
        purpose: PickFor::Party(PartyPick::ClaimKind(r.id)),
    }
}

/// Hours as typed (full-width digits too): a number from 0 to 24.
fn hours(s: &str) -> Option<f64> {
    let n = crate::domain::text::normalize(s);
    n.trim()
        .parse::<f64>()
        .ok()
        .filter(|h| h.is_finite() && (0.0..=24.0).contains(h))
}

/// The words a name is found by in a picker: the whole name (the label
/// may cut it), pinyin, initials, its keys.
fn name_keys(name: &str) -> String {
    let k = crate::domain::names::name_keys(name);
    let mut words: Vec<String> = vec![name.to_lowercase(), k.pinyin, k.initials];
    words.extend(k.keys.into_iter().map(|(w, _)| w));
    words.join(" ")
}

/// An activity's kind in the language in force.
fn kind_label(code: &str, l: Lang) -> String {
    let (zh, en) = match code {
        "volunteer" => ("志愿服务", "volunteer"),
        "theme_day" => ("主题党日", "theme day"),
        "meeting" => ("例会", "meeting"),
        "micro_wish" => ("微心愿", "wish"),
        "help" => ("帮扶", "help"),
        "opinion" => ("意见征集", "opinions"),
        other => (other, other),
    };
    t(l, zh, en)
}

/// A column as wide as the widest of `texts` (by display width), between
/// `min` and `max` cells.
fn widest(texts: impl Iterator<Item = String>, min: usize, max: usize) -> usize {
    use unicode_width::UnicodeWidthStr;
    texts.map(|s| s.width()).max().unwrap_or(0).clamp(min, max)
}
